//! A count split over columns under one merged heading (issue 21, point 7b): "参训人数" over
//! 男 | 女 was read as its first part, short in silence. With a 合计 part, that part is the count;
//! without one, the sheet is refused with its reason, never one part read as the whole.

use std::path::Path;

mod common;
use common::book::{ledger, read, rejects, write_rows, C::*};
use common::TempDir;
use rust_xlsxwriter::{Format, Workbook};

fn split_log(dir: &Path, parts: &[&str], rows: &[&[f64]]) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("培训").unwrap();
    write_rows(ws, &[&[T("2023年贸易业培训台账")], &[T("日期"), T("培训内容"), T("批次")]]);
    let last = 3 + parts.len() as u16 - 1;
    ws.merge_range(1, 3, 1, last, "参训人数", &Format::new()).unwrap();
    for (i, p) in parts.iter().enumerate() {
        ws.write_string(2, 3 + i as u16, *p).unwrap();
    }
    for (r, v) in rows.iter().enumerate() {
        let r = 3 + r as u32;
        ws.write_string(r, 0, "3月5日").unwrap();
        ws.write_string(r, 1, "统计法").unwrap();
        ws.write_number(r, 2, 1.0).unwrap();
        for (i, n) in v.iter().enumerate() {
            ws.write_number(r, 3 + i as u16, *n).unwrap();
        }
    }
    wb.save(dir.join("贸易培训.xlsx")).unwrap();
}

#[test]
fn parts_without_their_whole_refuse_the_sheet() {
    let dir = TempDir::new().unwrap();
    split_log(dir.path(), &["男", "女"], &[&[12.0, 8.0], &[5.0, 9.0]]);
    let ing = read(dir.path());
    assert!(ing.training.is_empty(), "no part is read as the whole: {:?}", ing.training);
    let r = rejects(&ing);
    assert_eq!(r.len(), 1, "{r:?}");
    assert!(r[0].contains("“参训人数”分在D列“男”、E列“女”中，没有合计的一列"), "{r:?}");
    assert_eq!(ledger(&ing, "培训").rejected, 2);
}

#[test]
fn a_part_that_says_the_whole_is_the_count() {
    let dir = TempDir::new().unwrap();
    split_log(dir.path(), &["男", "女", "合计"], &[&[12.0, 8.0, 20.0], &[5.0, 9.0, 14.0]]);
    let ing = read(dir.path());
    assert!(rejects(&ing).is_empty(), "{:?}", rejects(&ing));
    assert_eq!(ing.training.iter().map(|r| r.attendees).sum::<i64>(), 34);
}

/// A heading merged over fields of their own ("培训情况" over 批次 | 人次) is a two-row header, and a
/// 其中 part beside the whole is a part: neither is a split count.
#[test]
fn a_heading_over_fields_of_their_own_is_read_as_before() {
    let dir = TempDir::new().unwrap();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("培训").unwrap();
    write_rows(ws, &[&[T("2023年贸易业培训台账")], &[T("日期"), T("培训内容")]]);
    ws.merge_range(1, 2, 1, 3, "培训情况", &Format::new()).unwrap();
    ws.merge_range(1, 4, 1, 5, "参训人数", &Format::new()).unwrap();
    write_rows(ws, &[&[], &[], &[T(""), T(""), T("批次"), T("人次"), T("合计"), T("其中：女")]]);
    write_rows(ws, &[&[], &[], &[], &[T("3月5日"), T("统计法"), N(1.0), N(20.0), N(20.0), N(8.0)]]);
    wb.save(dir.path().join("贸易培训.xlsx")).unwrap();
    let ing = read(dir.path());
    assert!(rejects(&ing).is_empty(), "{:?}", rejects(&ing));
    assert_eq!(ing.training.iter().map(|r| (r.batches, r.attendees)).collect::<Vec<_>>(), [(1, 20)]);
}

/// A further table lower down a sheet with its count split over columns: its rows are refused
/// with the reason, the table above is read.
#[test]
fn a_further_table_with_a_split_count_is_refused_below_its_header() {
    let dir = TempDir::new().unwrap();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("培训").unwrap();
    write_rows(
        ws,
        &[
            &[T("日期"), T("专业"), T("培训内容"), T("批次"), T("人次")],
            &[T("2023-03-01"), T("能源"), T("统计法"), N(1.0), N(20.0)],
            &[],
            &[T("贸易业培训情况")],
            &[T("日期"), T("专业"), T("培训内容"), T("批次")],
        ],
    );
    ws.merge_range(4, 4, 4, 5, "参训人数", &Format::new()).unwrap();
    write_rows(
        ws,
        &[
            &[],
            &[],
            &[],
            &[],
            &[],
            &[T(""), T(""), T(""), T(""), T("男"), T("女")],
            &[T("2023-03-08"), T("贸易"), T("年报"), N(1.0), N(12.0), N(9.0)],
        ],
    );
    wb.save(dir.path().join("培训.xlsx")).unwrap();
    let ing = read(dir.path());
    assert_eq!(ing.training.iter().map(|r| r.attendees).collect::<Vec<_>>(), [20], "{:?}", ing.training);
    let r = rejects(&ing);
    assert_eq!(r.len(), 1, "{r:?}");
    assert!(r[0].contains("从第5行起的表：“参训人数”分在E列“男”、F列“女”中"), "{r:?}");
    assert!(ledger(&ing, "培训").rejected >= 1);
}
