//! criterion benches for the hot inner pieces of ingest: cell value parsing, header detection,
//! specialty matching and one whole sheet read into records.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use tongji::ingest::layout::header::find_header_any;
use tongji::ingest::layout::{read_sheet, SheetContext};
use tongji::model::{CellValue, RawSheet};
use tongji::normalize::catalogue::Catalogue;
use tongji::normalize::values::{parse_count, parse_date};

/// Dates as clerks type them, one of each common spelling.
fn date_cells() -> Vec<CellValue> {
    let text = |s: &str| CellValue::Text(s.to_string());
    vec![
        CellValue::Number(45189.0),
        text("2023-09-20"),
        text("2023/9/20"),
        text("2023.09.20"),
        text("2023年9月20日"),
        text("20230920"),
        text("２０２３年９月２０日"),
        text("9月20日"),
        text("2023年9月"),
    ]
}

fn count_cells() -> Vec<CellValue> {
    let text = |s: &str| CellValue::Text(s.to_string());
    vec![CellValue::Number(56.0), text("56"), text("５６"), text("56人次"), text("1,234"), text(" 12 ")]
}

/// A training log of `rows` records under a title row and a header, with a 合计 row.
fn training_sheet(rows: u32) -> RawSheet {
    let text = |s: &str| CellValue::Text(s.to_string());
    let mut cells = vec![
        (0, 0, text("2023年规上工业统计培训台账")),
        (1, 0, text("序号")),
        (1, 1, text("培训日期")),
        (1, 2, text("培训内容")),
        (1, 3, text("培训方式")),
        (1, 4, text("批次")),
        (1, 5, text("人次")),
    ];
    let (mut batches, mut attendees) = (0, 0);
    for i in 0..rows {
        let r = i + 2;
        let (b, a) = (1 + i % 2, 10 + i % 40);
        batches += b;
        attendees += a;
        cells.push((r, 0, CellValue::Number(f64::from(i + 1))));
        cells.push((r, 1, text(&format!("2023年{}月{}日", 1 + i % 9, 1 + i % 28))));
        cells.push((r, 2, text("统计制度方法及联网直报平台操作培训")));
        cells.push((r, 3, text("线上")));
        cells.push((r, 4, CellValue::Number(f64::from(b))));
        cells.push((r, 5, if i % 3 == 0 { text(&format!("{a}人次")) } else { CellValue::Number(f64::from(a)) }));
    }
    let last = rows + 2;
    cells.push((last, 0, text("合计")));
    cells.push((last, 4, CellValue::Number(f64::from(batches))));
    cells.push((last, 5, CellValue::Number(f64::from(attendees))));
    RawSheet::from_cells("Sheet1".into(), cells, Vec::new())
}

fn values(c: &mut Criterion) {
    let dates = date_cells();
    let mut g = c.benchmark_group("values");
    g.throughput(Throughput::Elements(dates.len() as u64));
    g.bench_function("parse_date", |b| {
        b.iter(|| {
            for d in &dates {
                let _ = black_box(parse_date(black_box(d), Some(2023), false));
            }
        })
    });
    let counts = count_cells();
    g.throughput(Throughput::Elements(counts.len() as u64));
    g.bench_function("parse_count", |b| {
        b.iter(|| {
            for v in &counts {
                let _ = black_box(parse_count(black_box(v)));
            }
        })
    });
    let catalogue = Catalogue::builtin();
    let names = ["规上工业", "2023年贸易统计台账", "房地产开发投资", "县消防救援大队", "名录库核查2023", "其他"];
    g.throughput(Throughput::Elements(names.len() as u64));
    g.bench_function("catalogue_find", |b| {
        b.iter(|| {
            for n in names {
                black_box(catalogue.find(black_box(n)));
            }
        })
    });
    g.finish();
}

fn sheets(c: &mut Criterion) {
    let sheet = training_sheet(2000);
    let catalogue = Catalogue::builtin();
    let activities = tongji::normalize::catalogue::builtin_activities();
    let ctx = SheetContext {
        file: "规上工业/2023年规上工业台账.xlsx",
        file_stem: "2023年规上工业台账",
        dirs: "规上工业",
        has_sheets: true,
        sheets: &[],
        catalogue: &catalogue,
        activities: &activities,
    };
    let mut g = c.benchmark_group("sheet");
    g.bench_function("find_header", |b| b.iter(|| black_box(find_header_any(black_box(&sheet)))));
    g.throughput(Throughput::Elements(2000));
    g.bench_function("read_sheet_2000_rows", |b| {
        b.iter(|| {
            let out = read_sheet(black_box(&sheet), &ctx);
            assert_eq!(out.training.len(), 2000);
            out
        })
    });
    g.finish();
}

criterion_group!(benches, values, sheets);
criterion_main!(benches);
