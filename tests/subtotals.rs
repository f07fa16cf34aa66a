//! Subtotals by group (issue 21, point 5): a "3月合计", "一季度小计" or "城关镇小计" row totals the
//! rows of its group — since the last total of its level or a wider one — not the whole sheet, so
//! a right one gives no "与明细不符" warning and a wrong one is said with its own group's sum;
//! nested levels (月, 季度, then 合计) are each checked at their level, and none is ever counted.

mod common;
use common::book::{book, ledger, read, rejects, warnings, C, C::*};
use common::TempDir;

fn log(rows: &[&[C]]) -> tongji::model::Ingested {
    let dir = TempDir::new().unwrap();
    let mut all: Vec<&[C]> = vec![&[T("2023年贸易业培训台账")], &[T("日期"), T("培训内容"), T("批次"), T("人次")]];
    all.extend_from_slice(rows);
    book(dir.path(), "贸易培训.xlsx", &[("培训", &all)]);
    read(dir.path())
}

#[test]
fn month_quarter_and_grand_totals_each_check_their_own_rows() {
    let ing = log(&[
        &[T("1月5日"), T("月报"), N(1.0), N(10.0)],
        &[T("1月20日"), T("统计法"), N(1.0), N(5.0)],
        &[T("1月合计"), T(""), N(2.0), N(15.0)],
        &[T("2月8日"), T("年报"), N(1.0), N(7.0)],
        &[T("2月合计"), T(""), N(1.0), N(7.0)],
        &[T("3月3日"), T("普查"), N(2.0), N(20.0)],
        &[T("3月合计"), T(""), N(2.0), N(20.0)],
        &[T("一季度小计"), T(""), N(5.0), N(42.0)],
        &[T("4月9日"), T("月报"), N(1.0), N(6.0)],
        &[T("4月合计"), T(""), N(1.0), N(6.0)],
        &[T("合计"), T(""), N(6.0), N(48.0)],
    ]);
    assert!(rejects(&ing).is_empty(), "{:?}", rejects(&ing));
    assert!(warnings(&ing).is_empty(), "no false 与明细不符: {:?}", warnings(&ing));
    let l = ledger(&ing, "培训");
    assert_eq!((l.records, l.totals), (5, 6));
    assert_eq!(ing.training.iter().map(|r| r.attendees).sum::<i64>(), 48, "no total is counted");
}

#[test]
fn a_wrong_group_total_is_said_against_its_own_group() {
    let ing = log(&[
        &[T("3月3日"), T("普查"), N(1.0), N(20.0)],
        &[T("3月9日"), T("普查"), N(1.0), N(10.0)],
        &[T("城关镇小计"), T(""), N(2.0), N(30.0)],
        &[T("3月12日"), T("月报"), N(1.0), N(8.0)],
        &[T("东山乡小计"), T(""), N(1.0), N(9.0)],
        &[T("2023年3月合计"), T(""), N(3.0), N(38.0)],
    ]);
    let w = warnings(&ing);
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].contains("D7") && w[0].contains("人次合计为9，明细之和为8"), "{w:?}");
}

#[test]
fn plain_totals_keep_their_meaning() {
    // 小计 since the last totals row, 合计 over the table, 本月合计 a plain total.
    let ing = log(&[
        &[T("3月3日"), T("普查"), N(1.0), N(20.0)],
        &[T("小计"), T(""), N(1.0), N(20.0)],
        &[T("3月9日"), T("普查"), N(1.0), N(10.0)],
        &[T("小计"), T(""), N(1.0), N(10.0)],
        &[T("本月合计"), T(""), N(2.0), N(30.0)],
    ]);
    assert!(warnings(&ing).is_empty(), "{:?}", warnings(&ing));
}

/// Running totals (N月累计) and totals over a span or the whole (1-3月合计, 上半年合计 after its
/// months, 全县合计) are no single group's: no false warning, and a wrong one still said.
#[test]
fn running_and_whole_totals_are_checked_as_before() {
    let ing = log(&[
        &[T("1月5日"), T("月报"), N(1.0), N(10.0)],
        &[T("1月合计"), T(""), N(1.0), N(10.0)],
        &[T("1月累计"), T(""), N(1.0), N(10.0)],
        &[T("2月8日"), T("年报"), N(1.0), N(7.0)],
        &[T("2月合计"), T(""), N(1.0), N(7.0)],
        &[T("2月累计"), T(""), N(2.0), N(17.0)],
        &[T("1-2月合计"), T(""), N(2.0), N(17.0)],
        &[T("全县合计"), T(""), N(2.0), N(18.0)],
    ]);
    let w = warnings(&ing);
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].contains("全县合计") && w[0].contains("人次合计为18，明细之和为17"), "{w:?}");
}

/// A table by month with units grouped under their 乡镇, a 小计 under each group and a 合计 at the
/// end: each 小计 is checked against its own group's rows, the 合计 against all, none counted, and
/// no false "与明细不符".
#[test]
fn group_subtotals_of_a_table_by_month_are_checked_at_their_level() {
    let table = |subtotal_jan: f64| -> Vec<Vec<C<'static>>> {
        vec![
            vec![T("2023年贸易业核查情况（单位：家次）")],
            vec![T("单位"), T("1月"), T("2月"), T("3月")],
            vec![T("甲商贸有限公司"), N(1.0), N(1.0), T("")],
            vec![T("乙超市"), T(""), N(1.0), N(2.0)],
            vec![T("城关镇小计"), N(subtotal_jan), N(2.0), N(2.0)],
            vec![T("丙商行"), N(3.0), T(""), N(1.0)],
            vec![T("东山乡小计"), N(3.0), T(""), N(1.0)],
            vec![T("合计"), N(4.0), N(2.0), N(3.0)],
        ]
    };
    let wrong = table(2.0);
    let wrong: Vec<&[C]> = wrong.iter().map(|r| r.as_slice()).collect();
    let dir = TempDir::new().unwrap();
    book(dir.path(), "贸易业核查分单位.xlsx", &[("Sheet1", &wrong)]);
    let w = warnings(&read(dir.path()));
    assert_eq!(w.len(), 1, "one wrong subtotal, one warning: {w:?}");
    assert!(w[0].contains("B5"), "{w:?}");
    let rows: [&[C]; 8] = [
        &[T("2023年贸易业核查情况（单位：家次）")],
        &[T("单位"), T("1月"), T("2月"), T("3月")],
        &[T("甲商贸有限公司"), N(1.0), N(1.0), T("")],
        &[T("乙超市"), T(""), N(1.0), N(2.0)],
        &[T("城关镇小计"), N(1.0), N(2.0), N(2.0)],
        &[T("丙商行"), N(3.0), T(""), N(1.0)],
        &[T("东山乡小计"), N(3.0), T(""), N(1.0)],
        &[T("合计"), N(4.0), N(2.0), N(3.0)],
    ];
    let dir = TempDir::new().unwrap();
    book(dir.path(), "贸易业核查分单位.xlsx", &[("Sheet1", &rows)]);
    let ing = read(dir.path());
    assert!(rejects(&ing).is_empty(), "{:?}", rejects(&ing));
    assert!(warnings(&ing).is_empty(), "{:?}", warnings(&ing));
    assert_eq!(ing.verification.iter().map(|r| r.count).sum::<i64>(), 9);
    assert!(ing.verification.iter().all(|r| &*r.specialty.name == "贸易"), "units are no specialties");
    let l = &ing.ledger[0];
    assert_eq!((l.records, l.totals), (3, 3));
}
