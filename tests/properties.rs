//! Properties over random input (proptest): every sheet's ledger balances; the months of a year
//! add up to its 1－12月; month ≤ quarter ≤ year-to-date for every additive metric; a distinct
//! count (家) never exceeds its rows; the order of files and rows changes no figure; subtotals at
//! every month and quarter boundary change no figure and add no warning.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;
use proptest::prelude::*;
use tongji::config::Config;
use tongji::ingest::layout::{read_sheet, SheetContext};
use tongji::model::period::{Period, Window};
use tongji::model::Ingested;
use tongji::model::{CellValue, RawSheet};
use tongji::model::{CheckRecord, Metric, Provenance, RecordDate, SpecialtyName, TrainingRecord, Unit};
use tongji::normalize::catalogue::Catalogue;
use tongji::pipeline::figures;

/// A cell as clerks fill them: dates in several spellings, counts (some as text), totals and
/// note words, specialty names, garbage.
fn cell() -> impl Strategy<Value = CellValue> {
    let text = |s: &'static str| Just(CellValue::Text(s.to_string()));
    prop_oneof![
        3 => (1u32..=12, 1u32..=28).prop_map(|(m, d)| CellValue::Text(format!("2023年{m}月{d}日"))),
        2 => (1u32..=12, 1u32..=28).prop_map(|(m, d)| CellValue::Text(format!("2023-{m:02}-{d:02}"))),
        1 => (44927u32..45291).prop_map(|n| CellValue::Number(f64::from(n))),
        4 => (0i64..200).prop_map(|n| CellValue::Number(n as f64)),
        1 => (0i64..200).prop_map(|n| CellValue::Text(format!("{n}人次"))),
        1 => (-5i64..0).prop_map(|n| CellValue::Number(n as f64)),
        1 => text("合计"),
        1 => text("小计"),
        1 => text("填表人：张三"),
        1 => text("规上工业"),
        1 => text("能源"),
        1 => text("某某公司"),
        1 => text("8月份"),
        1 => text("填表说明："),
        1 => text("其中：女"),
        1 => text("无"),
        1 => text("—"),
        1 => text("一季度"),
        1 => text("张三"),
        1 => (44927u32..45291).prop_map(|n| CellValue::DateTime(
            tongji::normalize::values::serial_to_date(i64::from(n)).unwrap().and_hms_opt(0, 0, 0).unwrap()
        )),
        1 => "[a-z=+@ ]{0,6}".prop_map(|s| CellValue::from_text(&s)),
        2 => Just(CellValue::Empty),
    ]
}

/// A sheet: optional title, a header that may or may not be recognisable, random rows.
fn sheet() -> impl Strategy<Value = RawSheet> {
    let headers = prop_oneof![
        Just(vec!["日期", "专业", "培训内容", "批次", "人次"]),
        Just(vec!["序号", "核查日期", "单位名称", "统一社会信用代码", "家次"]),
        Just(vec!["检查日期", "被检查单位", "联合部门", "检查方式"]),
        Just(vec!["甲", "乙", "丙"]),
        Just(vec!["专业", "1月", "2月", "3月", "一季度", "合计"]),
        Just(vec!["月份", "规上工业", "贸易", "合计"]),
        Just(vec!["序号", "培训日期", "培训内容", "姓名", "签名"]),
        Just(vec!["日期", "人次", "其中：女性"]),
    ];
    (any::<bool>(), headers, prop::collection::vec(prop::collection::vec(cell(), 0..6), 0..40)).prop_map(
        |(title, header, rows)| {
            let mut cells = Vec::new();
            let top = u32::from(title);
            if title {
                cells.push((0, 0, CellValue::Text("2023年统计台账".into())));
            }
            for (c, h) in header.iter().enumerate() {
                cells.push((top, c as u32, CellValue::Text(h.to_string())));
            }
            for (r, row) in rows.into_iter().enumerate() {
                for (c, v) in row.into_iter().enumerate() {
                    cells.push((top + 1 + r as u32, c as u32, v));
                }
            }
            RawSheet::from_cells("2023年培训".into(), cells, Vec::new())
        },
    )
}

fn source(file: &str, row: u32) -> Provenance {
    Provenance { file: Arc::from(file), sheet: Arc::from("Sheet1"), row, col: None }
}

fn specialty(name: &str) -> SpecialtyName {
    SpecialtyName { name: Arc::from(name), known: true }
}

/// Random records of 2022 and 2023 in a few specialties, with units for 名录库 (counted in 家).
fn records() -> impl Strategy<Value = Ingested> {
    let day = (2022i32..=2023, 1u32..=12, 1u32..=28)
        .prop_map(|(y, m, d)| RecordDate::day(NaiveDate::from_ymd_opt(y, m, d).unwrap()));
    let spec = prop_oneof![Just("规上工业"), Just("贸易"), Just("能源")];
    let training = (day.clone(), spec.clone(), 1i64..4, 0i64..80).prop_map(|(date, s, b, a)| TrainingRecord {
        date,
        specialty: specialty(s),
        batches: b,
        attendees: a,
        topic: None,
        remarks: None,
        source: source("t.xlsx", 1),
    });
    let unit_spec = prop_oneof![Just("名录库"), Just("贸易")];
    let check = (day, unit_spec, 0u8..6, 1i64..3).prop_map(|(date, s, unit, count)| CheckRecord {
        date,
        specialty: specialty(s),
        unit: Some(format!("单位{unit}")),
        unit_id: None,
        category: None,
        partner: None,
        count,
        remarks: None,
        source: source("c.xlsx", 1),
    });
    (prop::collection::vec(training, 0..60), prop::collection::vec(check, 0..60)).prop_map(|(t, c)| Ingested {
        training: t,
        verification: c,
        ..Ingested::default()
    })
}

/// (window, specialty, metric) → value for the period.
fn values(ing: &Ingested, period: Period) -> BTreeMap<(Window, String, Metric), i64> {
    let config = Config::default();
    figures(ing, &config, period)
        .expect("figures")
        .rows
        .into_iter()
        .map(|r| ((r.window, r.specialty, r.metric), r.value))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn every_sheet_ledger_balances(sheet in sheet()) {
        let catalogue = Catalogue::builtin();
        let activities = tongji::normalize::catalogue::builtin_activities();
        let ctx = SheetContext { file: "f.xlsx", file_stem: "f", dirs: "", has_sheets: true, sheets: &[], catalogue: &catalogue, activities: &activities };
        let out = read_sheet(&sheet, &ctx);
        for ledger in &out.ledger {
            prop_assert!(ledger.balances(), "{:?}", ledger);
            let accounted = ledger.records + ledger.totals + ledger.notes + ledger.repeated_headers + ledger.blank + ledger.rejected + ledger.unrecognized;
            prop_assert_eq!(accounted, ledger.rows_total - ledger.header_rows, "rows below the header");
        }
        let records = out.training.len() + out.verification.len() + out.enforcement.len() + out.targets.len();
        let by_month = out.ledger.iter().any(|l| matches!(l.layout, Some("按月汇总" | "按季度汇总")));
        if by_month {
            // A table by month (or quarter) gives a record a month (quarter) cell: a row of it gives
            // none (all zero) or several.
            prop_assert!(out.ledger.iter().all(|l| l.records > 0 || records == 0));
        } else {
            prop_assert_eq!(records as u32, out.ledger.iter().map(|l| l.records).sum::<u32>());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    #[test]
    fn months_add_up_and_windows_nest(ing in records()) {
        let december = values(&ing, Period { year: 2023, month: 12 });
        let mut by_month: BTreeMap<(String, Metric), i64> = BTreeMap::new();
        for month in 1..=12 {
            let v = values(&ing, Period { year: 2023, month });
            for ((window, spec, metric), value) in &v {
                let additive = !(spec == "名录库" && *metric == Metric::Verification);
                if *window == Window::Month && additive {
                    *by_month.entry((spec.clone(), *metric)).or_default() += value;
                }
                let q = v.get(&(Window::Quarter, spec.clone(), *metric));
                let y = v.get(&(Window::Ytd, spec.clone(), *metric));
                if let (Window::Month, Some(q), Some(y)) = (window, q, y) {
                    prop_assert!(value <= q && q <= y, "{spec} {metric:?} {month}: {value} ≤ {q} ≤ {y}");
                }
            }
        }
        for ((spec, metric), sum) in by_month {
            let ytd = december.get(&(Window::Ytd, spec.clone(), metric)).copied().unwrap_or(0);
            prop_assert_eq!(sum, ytd, "{} {:?}: the months add up to 1－12月", spec, metric);
        }
        // 家: distinct units never exceed the rows (visits) they come from.
        let rows_2023 = ing.verification.iter().filter(|r| r.date.date.format("%Y").to_string() == "2023" && &*r.specialty.name == "名录库").count() as i64;
        if let Some(units) = december.get(&(Window::Ytd, "名录库".into(), Metric::Verification)) {
            prop_assert!(*units <= rows_2023 && *units <= 6, "{} units of {} rows", units, rows_2023);
        }
    }

    #[test]
    fn the_order_of_files_and_rows_changes_no_figure(ing in records(), seed in any::<u64>()) {
        let period = Period { year: 2023, month: 9 };
        let before = values(&ing, period);
        let mut shuffled = ing;
        // A deterministic shuffle from the seed (Fisher-Yates with a xorshift).
        let mut state = seed | 1;
        let mut next = move |n: usize| { state ^= state << 13; state ^= state >> 7; state ^= state << 17; (state % n as u64) as usize };
        for i in (1..shuffled.training.len()).rev() { let j = next(i + 1); shuffled.training.swap(i, j); }
        for i in (1..shuffled.verification.len()).rev() { let j = next(i + 1); shuffled.verification.swap(i, j); }
        prop_assert_eq!(values(&shuffled, period), before);
    }
}

#[test]
fn the_units_of_the_catalogue_are_what_the_properties_assume() {
    let c = Catalogue::builtin();
    assert_eq!(c.verification_unit("名录库"), Unit::Units);
    assert_eq!(c.verification_unit("贸易"), Unit::UnitVisits);
}

/// Training rows of 2023 as (month, day, attendees), in month order.
fn month_rows() -> impl Strategy<Value = Vec<(u32, u32, i64)>> {
    prop::collection::vec((1u32..=6, 1u32..=28, 1i64..60), 1..30).prop_map(|mut v| {
        v.sort_by_key(|(m, d, _)| (*m, *d));
        v
    })
}

/// A training log of `rows`, its title and header on rows 1–2; with `totals`, a "N月合计" under
/// each month, a "一季度小计"/"二季度小计" under each quarter and a "合计" at the end, each with its
/// right sums (issue 21, point 5).
fn month_log(rows: &[(u32, u32, i64)], totals: bool, wrong: Option<usize>, at: (u32, u32)) -> RawSheet {
    let mut cells: Vec<(u32, u32, CellValue)> = Vec::new();
    let text = |s: &str| CellValue::Text(s.to_string());
    cells.push((0, 0, text("2023年规上工业培训台账")));
    for (c, h) in ["日期", "培训内容", "批次", "人次"].iter().enumerate() {
        cells.push((1, c as u32, text(h)));
    }
    let mut r = 2;
    let push_total = |cells: &mut Vec<(u32, u32, CellValue)>, r: &mut u32, label: String, b: i64, a: i64| {
        cells.push((*r, 0, CellValue::Text(label)));
        cells.push((*r, 2, CellValue::Number(b as f64)));
        cells.push((*r, 3, CellValue::Number(a as f64)));
        *r += 1;
    };
    let (mut month, mut quarter, mut all) = ((0i64, 0i64), (0i64, 0i64), (0i64, 0i64));
    let mut totals_written = 0;
    for (i, (m, d, a)) in rows.iter().enumerate() {
        cells.push((r, 0, CellValue::Text(format!("{m}月{d}日"))));
        cells.push((r, 1, text("统计法")));
        cells.push((r, 2, CellValue::Number(1.0)));
        cells.push((r, 3, CellValue::Number(*a as f64)));
        r += 1;
        for acc in [&mut month, &mut quarter, &mut all] {
            acc.0 += 1;
            acc.1 += a;
        }
        let next = rows.get(i + 1).map(|(m, ..)| *m);
        if totals && next != Some(*m) {
            let off = if wrong == Some(totals_written) { 1 } else { 0 };
            push_total(&mut cells, &mut r, format!("{m}月合计"), month.0, month.1 + off);
            totals_written += 1;
            month = (0, 0);
            if next.is_none_or(|n| (n - 1) / 3 != (m - 1) / 3) {
                let q = ["一", "二"][((m - 1) / 3) as usize];
                push_total(&mut cells, &mut r, format!("{q}季度小计"), quarter.0, quarter.1);
                quarter = (0, 0);
            }
        }
    }
    if totals {
        push_total(&mut cells, &mut r, "合计".into(), all.0, all.1);
    }
    let moved = cells.into_iter().map(|(r, c, v)| (r + at.0, c + at.1, v)).collect();
    RawSheet::from_cells("培训".into(), moved, Vec::new())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    /// Subtotals at every month and quarter boundary and a grand total change no record, add no
    /// warning and balance the ledger; one subtotal made wrong gives exactly one warning.
    #[test]
    fn subtotals_at_group_boundaries_change_no_figure(rows in month_rows(), wrong in any::<prop::sample::Index>(), at in (0u32..6, 0u32..6)) {
        let catalogue = Catalogue::builtin();
        let activities = tongji::normalize::catalogue::builtin_activities();
        let ctx = SheetContext { file: "f.xlsx", file_stem: "f", dirs: "", has_sheets: true, sheets: &[], catalogue: &catalogue, activities: &activities };
        let plain = read_sheet(&month_log(&rows, false, None, (0, 0)), &ctx);
        let with = read_sheet(&month_log(&rows, true, None, at), &ctx);
        let figures = |ing: &Ingested| ing.training.iter().map(|r| (r.date.date, r.attendees, r.batches)).collect::<Vec<_>>();
        prop_assert_eq!(figures(&plain), figures(&with));
        prop_assert!(with.findings.is_empty(), "{:?}", with.findings);
        prop_assert!(with.ledger.iter().all(|l| l.balances()));
        let months = rows.iter().map(|(m, ..)| *m).collect::<std::collections::BTreeSet<_>>().len();
        let bad = read_sheet(&month_log(&rows, true, Some(wrong.index(months)), at), &ctx);
        prop_assert_eq!(figures(&plain), figures(&bad));
        prop_assert_eq!(bad.findings.len(), 1, "{:?}", bad.findings);
    }
}

/// One table to place on a sheet: a training log (date, specialty, 批次, 人次) or a verification
/// log (date, specialty, unit, 家次), with its rows as (month, day, count), and whether a title
/// stands above its header.
#[derive(Debug, Clone)]
struct Placed {
    training: bool,
    titled: bool,
    rows: Vec<(u32, u32, i64)>,
    /// Rows down from the top, and empty columns left of it (after the table before it).
    down: u32,
    gap: u32,
}

fn placed() -> impl Strategy<Value = Placed> {
    (any::<bool>(), any::<bool>(), prop::collection::vec((1u32..=12, 1u32..=28, 1i64..50), 1..12), 0u32..8, 1u32..4)
        .prop_map(|(training, titled, rows, down, gap)| Placed { training, titled, rows, down, gap })
}

/// The tables placed left to right, each at its own depth, and a note to the right of the last
/// one when `note`.
fn tables_sheet(tables: &[Placed], lead: u32, note: bool) -> RawSheet {
    let text = |s: &str| CellValue::Text(s.to_string());
    let mut cells: Vec<(u32, u32, CellValue)> = Vec::new();
    let mut col = lead;
    for t in tables {
        col += t.gap;
        let mut r = t.down;
        if t.titled {
            cells.push((r, col, text(if t.training { "2023年培训情况" } else { "2023年核查情况" })));
            r += 1;
        }
        let header: [&str; 4] = if t.training {
            ["日期", "专业", "批次", "人次"]
        } else {
            ["日期", "专业", "企业名称", "家次"]
        };
        for (i, h) in header.iter().enumerate() {
            cells.push((r, col + i as u32, text(h)));
        }
        for (i, (m, d, n)) in t.rows.iter().enumerate() {
            let r = r + 1 + i as u32;
            cells.push((r, col, text(&format!("2023年{m}月{d}日"))));
            cells.push((r, col + 1, text("贸易")));
            if t.training {
                cells.push((r, col + 2, CellValue::Number(1.0)));
            } else {
                cells.push((r, col + 2, text(&format!("第{i}号商贸公司"))));
            }
            cells.push((r, col + 3, CellValue::Number(*n as f64)));
        }
        col += 4;
    }
    if note {
        cells.push((1, col + 2, text("备注：各表分开填写")));
    }
    RawSheet::from_cells("Sheet1".into(), cells, Vec::new())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Tables placed side by side at random depths and offsets, titled or not, with a note to the
    /// right: every row of every table is read as a record of its kind, nothing is rejected and
    /// every table's ledger balances (issue 21, point 1: no count disappears without a line).
    #[test]
    fn tables_at_random_offsets_are_each_read_whole(
        tables in prop::collection::vec(placed(), 1..4),
        lead in 0u32..4,
        note in any::<bool>(),
    ) {
        let catalogue = Catalogue::builtin();
        let activities = tongji::normalize::catalogue::builtin_activities();
        let ctx = SheetContext { file: "f.xlsx", file_stem: "f", dirs: "", has_sheets: true, sheets: &[], catalogue: &catalogue, activities: &activities };
        let out = read_sheet(&tables_sheet(&tables, lead, note), &ctx);
        let rejected: Vec<_> = out.findings.iter().filter(|f| f.severity == tongji::model::Severity::Rejected).collect();
        prop_assert!(out.ledger.iter().all(|l| l.balances()), "{:?}", out.ledger);
        // Two tables of one kind side by side are not parted (a log and its tally look alike):
        // read whole, the sheet is refused with its reason or its first table read — never a
        // count taken twice, never one lost without a line.
        let one_kind_twice = tables.iter().filter(|t| t.training).count() > 1 || tables.iter().filter(|t| !t.training).count() > 1;
        if one_kind_twice {
            let read: i64 = out.training.iter().map(|r| r.attendees).chain(out.verification.iter().map(|r| r.count)).sum();
            let given: i64 = tables.iter().flat_map(|t| t.rows.iter().map(|r| r.2)).sum();
            prop_assert!(read <= given, "counted twice: {} > {}", read, given);
            prop_assert!(read == given || !rejected.is_empty() || out.ledger.iter().any(|l| l.rejected > 0),
                "{} of {} read and nothing refused: {:?}", read, given, out.ledger);
            return Ok(());
        }
        prop_assert!(rejected.is_empty(), "{:?}", rejected);
        let want = |training: bool| {
            let mut v: Vec<i64> = tables.iter().filter(|t| t.training == training).flat_map(|t| t.rows.iter().map(|r| r.2)).collect();
            v.sort();
            v
        };
        let mut training: Vec<i64> = out.training.iter().map(|r| r.attendees).collect();
        let mut checks: Vec<i64> = out.verification.iter().map(|r| r.count).collect();
        training.sort();
        checks.sort();
        prop_assert_eq!(training, want(true));
        prop_assert_eq!(checks, want(false));
        prop_assert_eq!(out.ledger.iter().map(|l| l.records).sum::<u32>() as usize, out.training.len() + out.verification.len());
    }
}

/// Random trainings of 2022 and 2023: days of 规上工业 and 贸易, and quarters of 贸易 and 服务业 (a table
/// kept by quarter).
fn with_quarters() -> impl Strategy<Value = Ingested> {
    let day = (2022i32..=2023, 1u32..=12, 1u32..=28, prop_oneof![Just("规上工业"), Just("贸易")])
        .prop_map(|(y, m, d, s)| (RecordDate::day(NaiveDate::from_ymd_opt(y, m, d).unwrap()), s));
    let quarter = (2022i32..=2023, 1u32..=4, prop_oneof![Just("贸易"), Just("服务业")])
        .prop_map(|(y, q, s)| (RecordDate::quarter(NaiveDate::from_ymd_opt(y, q * 3 - 2, 1).unwrap()), s));
    let training = |(date, s): (RecordDate, &str), a: i64| TrainingRecord {
        date,
        specialty: specialty(s),
        batches: 1,
        attendees: a,
        topic: None,
        remarks: None,
        source: source("t.xlsx", 1),
    };
    (prop::collection::vec((day, 1i64..50), 0..40), prop::collection::vec((quarter, 1i64..50), 0..12)).prop_map(
        move |(days, quarters)| Ingested {
            training: days.into_iter().chain(quarters).map(|(d, a)| training(d, a)).collect(),
            ..Ingested::default()
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// A quarter's record counts in a window exactly when the window covers its whole quarter (the
    /// 同比 window alike), and every window that leaves one out names its specialty.
    #[test]
    fn quarters_count_only_in_whole_spans_and_are_named_where_left_out(ing in with_quarters()) {
        let config = Config::default();
        for month in 1..=12 {
            let p = Period { year: 2023, month };
            let fig = figures(&ing, &config, p).expect("figures");
            for window in Window::ALL {
                let span = p.span(window);
                let counted = |year: i32, s: &str| -> i64 {
                    ing.training
                        .iter()
                        .filter(|r| &*r.specialty.name == s)
                        .filter(|r| {
                            let (first, last) = (r.date.date, r.date.last_month());
                            let y = chrono::Datelike::year(&first);
                            let (m0, m1) = (chrono::Datelike::month(&first), chrono::Datelike::month(&last));
                            y == year && span.first <= m0 && m1 <= span.last
                        })
                        .map(|r| r.attendees)
                        .sum()
                };
                let by_quarter = |s: &str| ing.training.iter().any(|r| &*r.specialty.name == s && r.date.quarter_only);
                for r in fig.of(window, Metric::TrainingAttendees).filter(|r| r.specialty != tongji::model::TOTAL) {
                    prop_assert_eq!(r.value, counted(2023, &r.specialty), "{:?} {} {}", window, r.specialty, month);
                    if let Some(prior) = r.prior_value {
                        prop_assert_eq!(prior, counted(2022, &r.specialty), "同比 {:?} {} {}", window, r.specialty, month);
                    }
                    let left_out = !span.whole_quarters() && by_quarter(&r.specialty);
                    prop_assert_eq!(r.quarterly_left_out.is_empty(), !left_out, "{:?} {} {}", window, r.specialty, month);
                }
                if let Some(total) = fig.get(window, Metric::TrainingAttendees, tongji::model::TOTAL) {
                    let named: Vec<String> = fig
                        .of(window, Metric::TrainingAttendees)
                        .filter(|r| r.specialty != tongji::model::TOTAL && !r.quarterly_left_out.is_empty())
                        .map(|r| r.specialty.clone())
                        .collect();
                    prop_assert_eq!(&total.quarterly_left_out, &named);
                }
            }
        }
    }
}
