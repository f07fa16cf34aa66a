//! Tables that sum others (issue 21, point 7a): a workbook with one log per 乡镇 (or per month) and
//! a 汇总 sheet over them had the 汇总 read as a table by month, its 乡镇 rows made specialties and
//! every check counted twice. The summary is now checked against the logs and never counted; a
//! place or a unit is never a specialty.

mod common;
use common::book::{book, read, rejects, warnings, C, C::*};
use common::TempDir;
use tongji::model::FindingKind;

/// A verification log of 贸易 for one 乡镇: (date, unit, 家次) rows.
fn town_log<'a>(rows: &'a [[C<'a>; 3]]) -> Vec<Vec<C<'a>>> {
    let mut out = vec![vec![T("日期"), T("专业"), T("企业名称"), T("家次")]];
    for [d, u, n] in rows {
        out.push(vec![*d, T("贸易"), *u, *n]);
    }
    out
}

fn slices<'a>(rows: &'a [Vec<C<'a>>]) -> Vec<&'a [C<'a>]> {
    rows.iter().map(|r| r.as_slice()).collect()
}

#[test]
fn a_summary_of_the_towns_sheets_is_checked_and_not_counted() {
    let dir = TempDir::new().unwrap();
    let a = town_log(&[
        [T("2023-01-05"), T("甲公司"), N(1.0)],
        [T("2023-02-06"), T("乙公司"), N(1.0)],
        [T("2023-03-07"), T("丙公司"), N(2.0)],
    ]);
    let b = town_log(&[[T("2023-01-09"), T("丁公司"), N(1.0)], [T("2023-03-10"), T("戊公司"), N(1.0)]]);
    let summary: Vec<Vec<C>> = vec![
        vec![T("2023年贸易业核查情况汇总（单位：家次）")],
        vec![T("乡镇"), T("1月"), T("2月"), T("3月"), T("合计")],
        vec![T("城关镇"), N(1.0), N(1.0), N(2.0), N(4.0)],
        // 东山乡's March says 2; its log has 1: one warning, the log counts.
        vec![T("东山乡"), N(1.0), T(""), N(2.0), N(3.0)],
        vec![T("合计"), N(2.0), N(1.0), N(4.0), N(7.0)],
    ];
    book(
        dir.path(),
        "2023年贸易核查台账.xlsx",
        &[("城关镇", &slices(&a)), ("东山乡", &slices(&b)), ("汇总", &slices(&summary))],
    );
    let ing = read(dir.path());
    assert!(rejects(&ing).is_empty(), "{:?}", rejects(&ing));
    // Counted once: the logs' five rows, all under 贸易; no 乡镇 became a specialty.
    assert_eq!(ing.verification.iter().map(|r| r.count).sum::<i64>(), 6);
    assert!(ing.verification.iter().all(|r| &*r.specialty.name == "贸易"), "{:?}", ing.verification);
    let l = ing.ledger.iter().find(|l| l.sheet.as_deref() == Some("汇总")).unwrap();
    assert_eq!((l.records, l.totals), (0, 3), "{l:?}");
    assert_eq!(l.kind_label(), "核查（汇总表，只核对）");
    let w = warnings(&ing);
    let said: Vec<&String> = w.iter().filter(|m| m.contains("汇总")).collect();
    assert_eq!(said.len(), 2, "{w:?}");
    assert!(
        said.iter().any(|m| m.contains(
            "本表是本工作簿中“东山乡”、“城关镇”各表逐条记录的汇总：只与明细核对，不再计入（否则重复计算）；5个数字中1个与明细不符"
        )),
        "{said:?}"
    );
    assert!(
        said.iter().any(|m| m.contains("D4")
            && m.contains("汇总表与明细不符：2023年3月东山乡核查为2，工作表“东山乡”中该月逐条记录之和为1")),
        "{said:?}"
    );
    assert!(!w.iter().any(|m| m.contains("不在目录")), "{w:?}");
}

/// A summary kept by quarter over the towns' sheets: each quarter cell checked against its three
/// months of the town's log, never counted.
#[test]
fn a_summary_by_quarter_of_the_towns_sheets_is_checked_over_the_quarters_months() {
    let dir = TempDir::new().unwrap();
    let a = town_log(&[
        [T("2023-01-05"), T("甲公司"), N(1.0)],
        [T("2023-03-07"), T("丙公司"), N(2.0)],
        [T("2023-05-07"), T("丁公司"), N(1.0)],
    ]);
    let b = town_log(&[[T("2023-02-09"), T("戊公司"), N(1.0)]]);
    let summary: Vec<Vec<C>> = vec![
        vec![T("2023年贸易业核查情况汇总（单位：家次）")],
        vec![T("乡镇"), T("一季度"), T("二季度"), T("上半年")],
        vec![T("城关镇"), N(3.0), N(1.0), N(4.0)],
        vec![T("东山乡"), N(2.0), T(""), N(2.0)],
    ];
    book(
        dir.path(),
        "2023年贸易核查台账.xlsx",
        &[("城关镇", &slices(&a)), ("东山乡", &slices(&b)), ("汇总", &slices(&summary))],
    );
    let ing = read(dir.path());
    assert!(rejects(&ing).is_empty(), "{:?}", rejects(&ing));
    assert_eq!(ing.verification.iter().map(|r| r.count).sum::<i64>(), 5);
    assert!(ing.verification.iter().all(|r| !r.date.quarter_only && &*r.specialty.name == "贸易"));
    let w = warnings(&ing);
    assert!(
        w.iter().any(|m| m.contains("B4")
            && m.contains("汇总表与明细不符：2023年一季度东山乡核查为2，工作表“东山乡”中该季度逐条记录之和为1")),
        "{w:?}"
    );
    let l = ing.ledger.iter().find(|l| l.sheet.as_deref() == Some("汇总")).unwrap();
    assert_eq!((l.records, l.totals), (0, 2), "{l:?}");
}

/// One log per month and a 汇总 by specialty: the summary's specialties are real ones, and it is
/// still not counted again.
#[test]
fn a_summary_of_the_months_sheets_is_not_counted_again() {
    let dir = TempDir::new().unwrap();
    let head = [T("日期"), T("专业"), T("培训内容"), T("批次"), T("人次")];
    let jan: [&[C]; 3] = [
        &head,
        &[T("2023-01-10"), T("贸易"), T("年报"), N(1.0), N(20.0)],
        &[T("2023-01-12"), T("工业"), T("年报"), N(1.0), N(30.0)],
    ];
    let feb: [&[C]; 2] = [&head, &[T("2023-02-10"), T("贸易"), T("统计法"), N(1.0), N(15.0)]];
    let summary: [&[C]; 4] = [
        &[T("2023年培训人次汇总")],
        &[T("专业"), T("1月"), T("2月"), T("3月"), T("合计")],
        &[T("贸易"), N(20.0), N(15.0), T(""), N(35.0)],
        &[T("工业"), N(30.0), T(""), T(""), N(30.0)],
    ];
    book(dir.path(), "2023年培训台账.xlsx", &[("1月", &jan), ("2月", &feb), ("全年汇总", &summary)]);
    let ing = read(dir.path());
    assert!(rejects(&ing).is_empty(), "{:?}", rejects(&ing));
    assert_eq!(ing.training.iter().map(|r| r.attendees).sum::<i64>(), 65);
    assert_eq!(ing.training.len(), 3);
    let kinds: Vec<FindingKind> = ing.findings.iter().map(|f| f.kind).collect();
    assert_eq!(kinds, [FindingKind::SummaryOfOthers], "{:?}", ing.findings);
    assert!(ing.findings[0].message.contains("3个数字都与明细相符"), "{}", ing.findings[0].message);
}

/// A file named as a summary, whose figures another file gives row by row: checked, not counted.
/// The same table in a file not named so is counted (a 疑似重复 says so, as before).
#[test]
fn a_file_named_as_a_summary_of_others_is_not_counted() {
    let log: [&[C]; 2] = [
        &[T("日期"), T("专业"), T("培训内容"), T("批次"), T("人次")],
        &[T("2023-03-10"), T("贸易"), T("统计法"), N(1.0), N(25.0)],
    ];
    let by_month: [&[C]; 3] =
        [&[T("2023年培训人次")], &[T("专业"), T("1月"), T("2月"), T("3月")], &[T("贸易"), T(""), T(""), N(25.0)]];
    let dir = TempDir::new().unwrap();
    book(dir.path(), "贸易培训台账.xlsx", &[("培训", &log)]);
    book(dir.path(), "2023年各专业培训汇总表.xlsx", &[("Sheet1", &by_month)]);
    let ing = read(dir.path());
    assert_eq!(ing.training.iter().map(|r| r.attendees).sum::<i64>(), 25);
    assert!(
        ing.findings.iter().any(|f| f.kind == FindingKind::SummaryOfOthers && f.message.contains("其他文件")),
        "{:?}",
        ing.findings
    );

    let dir = TempDir::new().unwrap();
    book(dir.path(), "贸易培训台账.xlsx", &[("培训", &log)]);
    book(dir.path(), "2023年各专业培训月报.xlsx", &[("Sheet1", &by_month)]);
    let ing = read(dir.path());
    assert_eq!(ing.training.iter().map(|r| r.attendees).sum::<i64>(), 50, "not named a summary: both counted");
    assert!(ing.findings.iter().any(|f| f.kind == FindingKind::SuspectedRollUp), "{:?}", ing.findings);
}

/// A table by month by 乡镇 that sums no other sheet: its figures are the specialty its names say;
/// with none said, its rows are refused, never counted under a 乡镇 as a specialty.
#[test]
fn a_place_is_never_a_specialty() {
    let rows: [&[C]; 4] = [
        &[T("2023年核查情况（单位：家次）")],
        &[T("乡镇"), T("1月"), T("2月"), T("3月")],
        &[T("城关镇"), N(2.0), N(1.0), T("")],
        &[T("经济开发区"), N(1.0), T(""), T("")],
    ];
    let dir = TempDir::new().unwrap();
    book(dir.path(), "贸易业分乡镇核查.xlsx", &[("Sheet1", &rows)]);
    let ing = read(dir.path());
    assert!(rejects(&ing).is_empty(), "{:?}", rejects(&ing));
    assert_eq!(ing.verification.iter().map(|r| r.count).sum::<i64>(), 4);
    assert!(ing.verification.iter().all(|r| &*r.specialty.name == "贸易"));

    let dir = TempDir::new().unwrap();
    book(dir.path(), "分乡镇核查.xlsx", &[("Sheet1", &rows)]);
    let ing = read(dir.path());
    assert!(ing.verification.is_empty(), "{:?}", ing.verification);
    let r = rejects(&ing);
    assert_eq!(r.len(), 2, "{r:?}");
    assert!(r[0].contains("“城关镇”是地名或单位名称，不是专业"), "{r:?}");
}

mod property {
    use super::common::book::read;
    use super::common::TempDir;
    use proptest::prelude::*;
    use rust_xlsxwriter::Workbook;

    const TOWNS: [&str; 3] = ["城关镇", "东山乡", "西河镇"];

    /// Per town, verification rows as (month, day, 家次).
    fn towns() -> impl Strategy<Value = Vec<Vec<(u32, u32, i64)>>> {
        prop::collection::vec(prop::collection::vec((1u32..=6, 1u32..=28, 1i64..4), 0..8), 2..=3)
    }

    /// One log per town and, with `summary`, a 汇总 sheet of town × month (either by town or by
    /// specialty, as `by_town` says) stating the right sums.
    fn workbook(dir: &std::path::Path, towns: &[Vec<(u32, u32, i64)>], summary: bool, by_town: bool) {
        let mut wb = Workbook::new();
        for (t, rows) in towns.iter().enumerate() {
            let ws = wb.add_worksheet().set_name(TOWNS[t]).unwrap();
            for (c, h) in ["日期", "专业", "企业名称", "家次"].iter().enumerate() {
                ws.write_string(0, c as u16, *h).unwrap();
            }
            for (i, (m, d, n)) in rows.iter().enumerate() {
                let r = i as u32 + 1;
                ws.write_string(r, 0, format!("2023年{m}月{d}日")).unwrap();
                ws.write_string(r, 1, "贸易").unwrap();
                ws.write_string(r, 2, format!("第{r}号商店")).unwrap();
                ws.write_number(r, 3, *n as f64).unwrap();
            }
        }
        if summary {
            let ws = wb.add_worksheet().set_name("汇总").unwrap();
            ws.write_string(0, 0, "2023年贸易业核查汇总（单位：家次）").unwrap();
            ws.write_string(1, 0, if by_town { "乡镇" } else { "专业" }).unwrap();
            for m in 1..=6u16 {
                ws.write_string(1, m, format!("{m}月")).unwrap();
            }
            let month_sum =
                |rows: &[(u32, u32, i64)], m: u32| rows.iter().filter(|r| r.0 == m).map(|r| r.2).sum::<i64>();
            if by_town {
                for (t, rows) in towns.iter().enumerate() {
                    ws.write_string(2 + t as u32, 0, TOWNS[t]).unwrap();
                    for m in 1..=6u32 {
                        let n = month_sum(rows, m);
                        if n > 0 {
                            ws.write_number(2 + t as u32, m as u16, n as f64).unwrap();
                        }
                    }
                }
            } else {
                ws.write_string(2, 0, "贸易").unwrap();
                for m in 1..=6u32 {
                    let n: i64 = towns.iter().map(|rows| month_sum(rows, m)).sum();
                    if n > 0 {
                        ws.write_number(2, m as u16, n as f64).unwrap();
                    }
                }
            }
        }
        wb.save(dir.join("2023年贸易核查台账.xlsx")).unwrap();
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        /// A 汇总 sheet of the others, by town or by specialty, moves no figure, rejects nothing and
        /// disagrees with nothing (issue 21, point 7a).
        #[test]
        fn a_summary_sheet_of_the_others_moves_no_figure(towns in towns(), by_town in any::<bool>()) {
            let figures = |summary: bool| {
                let dir = TempDir::new().unwrap();
                workbook(dir.path(), &towns, summary, by_town);
                let ing = read(dir.path());
                let mut v: Vec<(String, chrono::NaiveDate, i64)> = ing
                    .verification
                    .iter()
                    .map(|r| (r.specialty.name.to_string(), r.date.date, r.count))
                    .collect();
                v.sort();
                let disagree = ing.findings.iter().filter(|f| f.kind == tongji::model::FindingKind::TotalsDisagree).count();
                let rejected = ing.findings.iter().filter(|f| f.severity == tongji::model::Severity::Rejected).count();
                (v, disagree, rejected)
            };
            let (plain, _, _) = figures(false);
            let (with, disagree, rejected) = figures(true);
            prop_assert_eq!(plain, with);
            prop_assert_eq!((disagree, rejected), (0, 0));
        }
    }
}

/// Review cases. A sheet named after a specialty that logs checks is not what a training table by
/// month sums (its rows 规上工业, 贸易 are specialties); a table whose specialties are only partly
/// logged elsewhere is checked for those and counted for the rest; sheets named after places that
/// hold a specialty's word (工业园区, 商贸城) are what a 汇总 of them sums.
#[test]
fn what_a_summary_sums_is_decided_by_kind_and_by_group() {
    let checks: Vec<Vec<C>> =
        town_log(&[[T("2023-01-05"), T("甲公司"), N(1.0)], [T("2023-02-06"), T("乙公司"), N(2.0)]]);
    let training: [&[C]; 4] = [
        &[T("2023年培训人次")],
        &[T("专业"), T("1月"), T("2月"), T("3月")],
        &[T("规上工业"), N(20.0), N(10.0), T("")],
        &[T("贸易"), N(25.0), T(""), N(20.0)],
    ];
    let dir = TempDir::new().unwrap();
    book(
        dir.path(),
        "2023年台账.xlsx",
        &[("规上工业", &slices(&checks)), ("贸易", &slices(&checks)), ("培训月报", &training)],
    );
    let ing = read(dir.path());
    assert_eq!(ing.training.iter().map(|r| r.attendees).sum::<i64>(), 75, "check logs are no training's rows");
    assert!(!ing.findings.iter().any(|f| f.kind == FindingKind::SummaryOfOthers), "{:?}", ing.findings);

    // 规上工业 is logged in the workbook (and agrees); 贸易 is logged nowhere: its figures count.
    let log: [&[C]; 3] = [
        &[T("日期"), T("专业"), T("批次"), T("人次")],
        &[T("2023-01-10"), T("规上工业"), N(1.0), N(20.0)],
        &[T("2023-02-10"), T("规上工业"), N(1.0), N(10.0)],
    ];
    let dir = TempDir::new().unwrap();
    book(dir.path(), "2023年培训台账.xlsx", &[("规上工业培训", &log), ("全年汇总", &training)]);
    let ing = read(dir.path());
    let sum = |s: &str| ing.training.iter().filter(|r| &*r.specialty.name == s).map(|r| r.attendees).sum::<i64>();
    assert_eq!((sum("规上工业"), sum("贸易")), (30, 45), "{:?}", ing.training);
    let note = ing.findings.iter().find(|f| f.kind == FindingKind::SummaryOfOthers).expect("a summary of 规上工业");
    assert!(note.message.contains("贸易没有逐条记录可核对，本表的数是唯一来源，照常计入"), "{}", note.message);

    // Sheets named after places holding a specialty's word.
    let a = town_log(&[[T("2023-01-05"), T("甲公司"), N(1.0)]]);
    let b = town_log(&[[T("2023-01-09"), T("丁公司"), N(2.0)]]);
    let summary: [&[C]; 4] = [
        &[T("2023年贸易业核查情况（单位：家次）")],
        &[T("区域"), T("1月"), T("2月"), T("3月")],
        &[T("工业园区"), N(1.0), T(""), T("")],
        &[T("商贸城"), N(2.0), T(""), T("")],
    ];
    let dir = TempDir::new().unwrap();
    book(
        dir.path(),
        "2023年贸易核查台账.xlsx",
        &[("工业园区", &slices(&a)), ("商贸城", &slices(&b)), ("汇总", &summary)],
    );
    let ing = read(dir.path());
    assert_eq!(ing.verification.iter().map(|r| r.count).sum::<i64>(), 3);
    assert!(ing.verification.iter().all(|r| &*r.specialty.name == "贸易"), "{:?}", ing.verification);
    assert!(warnings(&ing).iter().all(|w| !w.contains("不符")), "{:?}", warnings(&ing));
}

/// 城镇 and 农村 (how 住户调查 breaks its figures down) are no places.
#[test]
fn town_and_country_are_no_places() {
    let rows: [&[C]; 4] = [
        &[T("2023年住户调查培训人次")],
        &[T("类别"), T("1月"), T("2月"), T("3月")],
        &[T("城镇"), N(5.0), T(""), T("")],
        &[T("农村"), N(7.0), T(""), T("")],
    ];
    let dir = TempDir::new().unwrap();
    book(dir.path(), "住户调查培训.xlsx", &[("Sheet1", &rows)]);
    let ing = read(dir.path());
    assert!(rejects(&ing).is_empty(), "{:?}", rejects(&ing));
    assert_eq!(ing.training.iter().map(|r| r.attendees).sum::<i64>(), 12);
}
