//! The layouts and habits of real section ledgers beyond one row per event: "none" written in
//! the partner column, copies dropped in twice, sign-in sheets, footers of several cells, month
//! blocks pasted one under another, 合计 on top, 其中 columns, WPS files, chart and macro sheets.
//! Each is a small workbook read back through `ingest` (and the figures where they matter), with
//! the exact counts and the ledger equation.

use std::path::Path;

mod common;
use common::book::{book, ledger, read, rejects, warnings, C, C::*};
use common::TempDir;
use tongji::config::Config;
use tongji::model::period::{Period, Window};
use tongji::model::Ingested;
use tongji::model::{FileStatus, Metric, SheetStatus};

fn figures(dir: &Path, ing: &Ingested) -> tongji::model::Figures {
    let config = Config::load(dir).unwrap();
    tongji::pipeline::figures(ing, &config, Period::new(2023, 9).unwrap()).unwrap()
}

fn ytd(fig: &tongji::model::Figures, specialty: &str, metric: Metric) -> i64 {
    fig.rows
        .iter()
        .find(|r| r.window == Window::Ytd && r.specialty == specialty && r.metric == metric)
        .map(|r| r.value)
        .unwrap_or_else(|| panic!("no {specialty} {metric:?}"))
}

#[test]
fn none_in_the_partner_column_is_not_a_joint_inspection() {
    let dir = TempDir::new().unwrap();
    let none_words = ["无", "否", "/", "—", "－", "-", "没有", "无联合", "不涉及", "空", "N/A", "0"];
    let mut rows: Vec<Vec<C>> = vec![vec![T("检查日期"), T("单位名称"), T("检查方式"), T("联合部门"), T("备注")]];
    for (i, w) in none_words.iter().enumerate() {
        rows.push(vec![T("2023-03-01"), T(["甲", "乙", "丙", "丁"][i % 4]), T("/"), T(w), T("无")]);
    }
    rows.push(vec![T("2023-04-01"), T("某宾馆"), T("双随机"), T("县消防救援大队"), T("")]);
    rows.push(vec![T("2023-04-02"), T("某饭店"), T("双随机"), T("县消防救援大队、县市场监管局"), T("")]);
    rows.push(vec![T("2023-04-03"), T("某超市"), T("双随机"), T("税务；消防"), T("")]);
    let rows: Vec<&[C]> = rows.iter().map(|r| r.as_slice()).collect();
    book(dir.path(), "2023年统计执法检查台账.xlsx", &[("执法检查", &rows)]);
    let ing = read(dir.path());
    assert!(ing.findings.is_empty(), "{:#?}", ing.findings);
    assert_eq!(ledger(&ing, "执法检查").records, 15);
    let partners: Vec<Option<&str>> = ing.enforcement.iter().map(|r| r.partner.as_deref()).collect();
    assert_eq!(&partners[..12], &[None; 12], "every none-word reads as no partner");
    assert!(ing.enforcement[..12].iter().all(|r| r.category.is_none() && r.remarks.is_none()), "/ and 无 are empty");

    let fig = figures(dir.path(), &ing);
    assert_eq!(ytd(&fig, "执法", Metric::Enforcement), 15);
    assert_eq!(ytd(&fig, "执法", Metric::EnforcementJoint), 3, "three joint inspections, each once");
    let by: Vec<(&str, i64)> = fig.enforcement_by_partner.iter().map(|b| (b.name.as_str(), b.value)).collect();
    assert_eq!(by, vec![("消防", 3), ("市场监管", 1), ("税务", 1)], "each partner of a joint inspection");
    let category: Vec<(&str, i64)> = fig.enforcement_by_category.iter().map(|b| (b.name.as_str(), b.value)).collect();
    assert_eq!(category, vec![("未注明", 12), ("双随机", 3)]);
}

#[test]
fn a_copy_dropped_in_twice_is_read_once_and_named() {
    let dir = TempDir::new().unwrap();
    let rows: &[&[C]] = &[
        &[T("核查日期"), T("企业名称"), T("统一社会信用代码"), T("家次")],
        &[T("2023-03-05"), T("某某能源有限公司"), T("91330100MA2AAAAA1X"), N(1.0)],
        &[T("2023-03-06"), T("另一公司"), T(""), N(1.0)],
    ];
    book(dir.path(), "能源台账.xlsx", &[("能源核查", rows)]);
    std::fs::copy(dir.path().join("能源台账.xlsx"), dir.path().join("能源台账 - 副本.xlsx")).unwrap();
    std::fs::copy(dir.path().join("能源台账.xlsx"), dir.path().join("能源台账(1).xlsx")).unwrap();
    std::fs::create_dir(dir.path().join("能源")).unwrap();
    std::fs::copy(dir.path().join("能源台账.xlsx"), dir.path().join("能源/能源台账.xlsx")).unwrap();
    // Another file holding one of the same visits, written by another clerk.
    book(
        dir.path(),
        "能源核查（科室汇总）.xlsx",
        &[(
            "能源核查",
            &[
                &[T("日期"), T("单位名称"), T("统一社会信用代码"), T("数量")],
                &[T("2023年3月5日"), T("某某能源公司"), T("91330100MA2AAAAA1X"), N(1.0)],
                &[T("2023-03-07"), T("第三家"), T(""), N(1.0)],
            ],
        )],
    );
    let ing = read(dir.path());
    assert_eq!(ing.verification.len(), 4, "the copies are not counted: 2 + 2 records");
    let copies = ing.copies();
    assert_eq!(
        copies,
        vec![
            ("能源台账 - 副本.xlsx", "能源/能源台账.xlsx"),
            ("能源台账(1).xlsx", "能源/能源台账.xlsx"),
            ("能源台账.xlsx", "能源/能源台账.xlsx")
        ],
        "the original is the first in path order not named as a copy"
    );
    let w = warnings(&ing);
    assert_eq!(w.iter().filter(|m| m.contains("内容完全相同")).count(), 3, "{w:#?}");
    let suspected: Vec<&String> = w.iter().filter(|m| m.contains("疑似重复")).collect();
    assert_eq!(suspected.len(), 1, "{w:#?}");
    assert!(
        suspected[0].starts_with(
            "能源核查（科室汇总）.xlsx [能源核查] 第2行: 疑似重复：与 能源/能源台账.xlsx [能源核查] 第2行"
        ),
        "{}",
        suspected[0]
    );
    assert_eq!(tongji::model::count_suspected(&ing.findings), 1);
}

#[test]
fn sign_in_sheet_counts_rows_as_attendees_and_sessions_as_batches() {
    let dir = TempDir::new().unwrap();
    book(
        dir.path(),
        "规上工业培训签到表.xlsx",
        &[(
            "签到表",
            &[
                &[T("2023年规上工业统计培训签到表")],
                &[T("序号"), T("培训日期"), T("培训内容"), T("姓名"), T("工作单位"), T("联系电话"), T("签名")],
                &[N(1.0), T("2023-03-05"), T("年报布置"), T("张三"), T("甲公司"), T("139"), T("张三")],
                &[N(2.0), T("2023-03-05"), T("年报布置"), T("李四"), T("乙公司"), T("138"), T("")],
                &[N(3.0), T("2023-03-05"), T("年报布置"), T("张 三"), T("甲公司"), T(""), T("")],
                &[N(4.0), T("2023-03-05"), T("统计法"), T("王五"), T("丙公司"), T(""), T("")],
                &[N(5.0), T("2023-04-10"), T("年报布置"), T("张三"), T("甲公司"), T(""), T("")],
                &[N(6.0)],
                &[T("填表人：赵六"), T(""), T("填表日期：2023年4月12日")],
            ],
        )],
    );
    let ing = read(dir.path());
    assert!(rejects(&ing).is_empty(), "{:#?}", rejects(&ing));
    let l = ledger(&ing, "签到表");
    assert_eq!((l.records, l.notes, l.blank, l.rejected), (5, 1, 1, 0));
    let batches: i64 = ing.training.iter().map(|r| r.batches).sum();
    let attendees: i64 = ing.training.iter().map(|r| r.attendees).sum();
    assert_eq!((batches, attendees), (3, 4), "3 sessions; 张三 twice in one session counts once");
    assert!(ing.training.iter().all(|r| &*r.specialty.name == "规上工业"));
    let w = warnings(&ing);
    assert_eq!(w.len(), 1, "{w:#?}");
    assert!(w[0].contains("D5") && w[0].contains("张 三") && w[0].contains("第3行"), "{}", w[0]);
}

#[test]
fn footers_of_several_cells_and_notes_under_a_fill_in_explanation() {
    let dir = TempDir::new().unwrap();
    book(
        dir.path(),
        "贸易台账.xlsx",
        &[(
            "贸易培训",
            &[
                &[T("日期"), T("培训内容"), T("批次"), T("人次")],
                &[T("2023-02-01"), T("定报"), N(1.0), N(30.0)],
                &[T("2023-03-01"), T("年报"), N(1.0), N(40.0)],
                &[T("填表人：张三"), T(""), T("填表日期：2023年10月8日")],
                &[T("审核人"), T("李四"), T("联系电话"), T("0571-1234567")],
                &[T("单位负责人：王五"), T("报出日期：2023-10-09")],
                &[T("填表说明：")],
                &[T("1."), T("人次按实际签到统计")],
                &[T("2."), T("批次为培训场次"), N(3.0)],
                &[T("注：本表由贸易科填报")],
            ],
        )],
    );
    let ing = read(dir.path());
    assert!(ing.findings.is_empty(), "{:#?}", ing.findings);
    let l = ledger(&ing, "贸易培训");
    assert_eq!((l.records, l.notes, l.rejected), (2, 7, 0));
    assert_eq!(ing.training.iter().map(|r| r.attendees).sum::<i64>(), 70);
}

#[test]
fn month_blocks_pasted_under_each_other_and_a_second_table() {
    let dir = TempDir::new().unwrap();
    book(
        dir.path(),
        "服务业核查2023.xlsx",
        &[(
            "核查",
            &[
                &[T("7月份核查情况")],
                &[T("核查日期"), T("企业名称"), T("家次")],
                &[T("2023-07-03"), T("甲"), N(1.0)],
                &[T("2023-07-09"), T("乙"), N(1.0)],
                &[],
                &[T("8月份核查情况")],
                &[T("核查日期"), T("企业名称"), T("家次")],
                &[T("2023-08-01"), T("丙"), N(2.0)],
                &[T("9月份")],
                &[T("核查日期"), T("企业名称"), T("家次")],
                &[T("2023-09-20"), T("丁"), N(1.0)],
                &[T("小计"), T(""), N(1.0)],
                &[],
                &[T("2023年服务业统计培训")],
                &[T("培训日期"), T("培训内容"), T("人次")],
                &[T("2023-09-01"), T("年报"), N(25.0)],
                &[T("合计"), T(""), N(25.0)],
            ],
        )],
    );
    let ing = read(dir.path());
    assert!(ing.findings.is_empty(), "{:#?}", ing.findings);
    let l = ledger(&ing, "核查");
    assert_eq!(
        (l.header_row, l.records, l.repeated_headers, l.notes, l.totals, l.blank, l.rejected),
        (Some(2), 5, 3, 3, 2, 2, 0)
    );
    assert_eq!(ing.verification.iter().map(|r| r.count).sum::<i64>(), 5);
    assert_eq!(ing.training.len(), 1);
    assert_eq!((ing.training[0].attendees, ing.training[0].source.row), (25, 16));
    assert_eq!(&*ing.training[0].specialty.name, "服务业");
}

#[test]
fn totals_on_top_total_the_rows_below() {
    let dir = TempDir::new().unwrap();
    book(
        dir.path(),
        "能源台账.xlsx",
        &[
            (
                "能源培训",
                &[
                    &[T("日期"), T("批次"), T("人次")],
                    &[T("合计"), N(2.0), N(50.0)],
                    &[T("2023-02-01"), N(1.0), N(20.0)],
                    &[T("2023-03-01"), N(1.0), N(30.0)],
                ],
            ),
            (
                "能源核查",
                &[
                    &[T("日期"), T("企业名称"), T("家次")],
                    &[T("合 计"), T(""), N(5.0)],
                    &[T("2023-02-01"), T("甲"), N(1.0)],
                    &[T("2023-03-01"), T("乙"), N(1.0)],
                ],
            ),
        ],
    );
    let ing = read(dir.path());
    assert!(rejects(&ing).is_empty());
    let w = warnings(&ing);
    assert_eq!(w.len(), 1, "only the wrong one: {w:#?}");
    assert!(w[0].contains("[能源核查] C2") && w[0].contains("数量合计为5，明细之和为2"), "{}", w[0]);
    assert_eq!(ledger(&ing, "能源培训").totals, 1);
}

#[test]
fn sub_count_columns_are_parts_never_the_count() {
    let dir = TempDir::new().unwrap();
    book(
        dir.path(),
        "农业培训台账.xlsx",
        &[
            (
                "农业培训",
                &[
                    &[T("培训日期"), T("参训人数"), T("其中：女性人数"), T("其中企业统计人员")],
                    &[T("2023-02-01"), N(30.0), N(12.0), N(20.0)],
                    &[T("2023-03-01"), N(10.0), N(15.0), T("")],
                ],
            ),
            ("粮食培训", &[&[T("培训日期"), T("其中：女性人数")], &[T("2023-02-01"), N(12.0)]]),
        ],
    );
    let ing = read(dir.path());
    let attendees: Vec<i64> = ing.training.iter().map(|r| r.attendees).collect();
    assert_eq!(attendees, vec![30, 10], "the main column, not a 其中 column");
    let w = warnings(&ing);
    assert_eq!(w.len(), 1, "{w:#?}");
    assert!(w[0].contains("[农业培训] C3") && w[0].contains("大于人次10"), "{}", w[0]);
    // A sheet whose only count column is a 其中 column is not read as 人次.
    let r = rejects(&ing);
    assert_eq!(r.len(), 1, "{r:#?}");
    assert!(r[0].contains("[粮食培训]") && r[0].contains("其中数"), "{}", r[0]);
}

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sheets").join(name)
}

fn read_copies(files: &[&str]) -> Ingested {
    let dir = TempDir::new().unwrap();
    for f in files {
        std::fs::copy(fixture(f), dir.path().join(f)).unwrap();
    }
    read(dir.path())
}

fn statuses(ing: &Ingested, file: &str) -> Vec<(String, String)> {
    ing.ledger
        .iter()
        .filter(|l| l.file == file)
        .map(|l| (l.sheet.clone().unwrap_or_default(), l.kind_label()))
        .collect()
}

#[test]
fn chart_macro_and_dialog_sheets_are_listed_and_passed_over() {
    let ing = read_copies(&[
        "chartsheet.xlsb",
        "macrosheet.xlsm",
        "sheettypes.xlsm",
        "sheettypes.xlsb",
        "chartsheet.xls",
        "sheettypes.xls",
    ]);
    assert!(rejects(&ing).is_empty(), "{:#?}", rejects(&ing));
    assert!(ing.files.iter().all(|f| matches!(f.status, FileStatus::Read { .. })), "{:#?}", ing.files);
    let s = |v: &[(&str, &str)]| v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect::<Vec<_>>();
    assert_eq!(
        statuses(&ing, "chartsheet.xlsb"),
        s(&[("Sheet1", "未识别"), ("Sheet2", "空表"), ("Chart1", "图表页"), ("Sheet3", "空表")])
    );
    assert_eq!(
        statuses(&ing, "macrosheet.xlsm"),
        s(&[("Sheet A", "未识别"), ("Sheet B", "未识别"), ("Macro Sheet", "宏表")])
    );
    assert_eq!(
        statuses(&ing, "sheettypes.xlsm"),
        s(&[("Sheet1", "空表"), ("Chart1", "图表页"), ("Macro1", "宏表或对话框表"), ("Dialog1", "宏表或对话框表")])
    );
    assert_eq!(
        statuses(&ing, "sheettypes.xlsb"),
        s(&[("Sheet1", "空表"), ("Chart1", "图表页"), ("Macro1", "宏表或对话框表"), ("Dialog1", "宏表或对话框表")])
    );
    assert_eq!(statuses(&ing, "chartsheet.xls"), s(&[("Data", "未识别"), ("Chart1", "图表页")]));
    let xls = statuses(&ing, "sheettypes.xls");
    assert_eq!(xls[1], ("Chart1".to_string(), "图表页".to_string()), "{xls:?}");
    assert_eq!(xls[2], ("Macro1".to_string(), "宏表".to_string()), "{xls:?}");
    for l in &ing.ledger {
        if let SheetStatus::PassedOver(_) = l.status {
            assert_eq!((l.rows_total, l.records), (0, 0));
        }
    }
}

#[test]
fn wps_files_are_read_by_their_content() {
    let dir = TempDir::new().unwrap();
    std::fs::copy(fixture("wps_write.et"), dir.path().join("wps_write.et")).unwrap();
    std::fs::copy(fixture("wps_write.et"), dir.path().join("wps_write - 副本.et")).unwrap();
    std::fs::copy(fixture("wps_fn.et"), dir.path().join("模板.ett")).unwrap();
    std::fs::write(dir.path().join("工作总结.wps"), b"\xD0\xCF\x11\xE0not a table").unwrap();
    std::fs::write(dir.path().join("汇报.dps"), b"\xD0\xCF\x11\xE0not a table").unwrap();
    let ing = read(dir.path());
    let status = |f: &str| ing.files.iter().find(|x| x.file == f).map(|x| x.status.clone()).unwrap();
    assert_eq!(status("wps_write.et"), FileStatus::Read { format: "WPS表格（.et，xls格式）".into() });
    assert_eq!(status("模板.ett"), FileStatus::Read { format: "WPS表格（.ett，xls格式）".into() });
    assert_eq!(status("wps_write - 副本.et"), FileStatus::Duplicate { of: "wps_write.et".into() });
    match status("工作总结.wps") {
        FileStatus::Skipped { reason } => assert!(reason.starts_with("WPS文字文档"), "{reason}"),
        other => panic!("{other:?}"),
    }
    match status("汇报.dps") {
        FileStatus::Skipped { reason } => assert!(reason.starts_with("WPS演示文稿"), "{reason}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(statuses(&ing, "wps_write.et"), vec![("Sheet1".to_string(), "未识别".to_string())]);
}

/// A sheet with merged regions: (first_row, first_col, last_row, last_col, text), 0-based.
fn book_with_merges(dir: &Path, file: &str, sheet: &str, rows: &[&[C]], merges: &[(u32, u16, u32, u16, &str)]) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(sheet).unwrap();
    common::book::write_rows(ws, rows);
    for (r1, c1, r2, c2, text) in merges {
        ws.merge_range(*r1, *c1, *r2, *c2, text, &rust_xlsxwriter::Format::new()).unwrap();
    }
    wb.save(dir.join(file)).unwrap();
}

#[test]
fn months_across_with_batches_and_attendees_under_each_merged_month() {
    let dir = TempDir::new().unwrap();
    let e = T("");
    book_with_merges(
        dir.path(),
        "各专业培训月报.xlsx",
        "培训",
        &[
            &[T("2023年各专业业务培训情况表")],
            &[],
            &[e, T("批次"), T("人次"), T("批次"), T("人次"), T("批次"), T("人次"), T("批次"), T("人次")],
            &[T("规上工业"), N(1.0), N(30.0), e, e, N(2.0), N(50.0), N(3.0), N(80.0)],
            &[T("贸易"), e, e, N(1.0), T("20人次"), T("—"), e, N(1.0), N(25.0)],
            &[T("合计"), N(1.0), N(30.0), N(1.0), N(20.0), N(2.0), N(50.0), N(4.0), N(105.0)],
            &[T("填表人：张三"), e, e, T("填表日期：2023年4月8日")],
        ],
        &[(1, 0, 2, 0, "专业"), (1, 1, 1, 2, "1月"), (1, 3, 1, 4, "2月"), (1, 5, 1, 6, "3月"), (1, 7, 1, 8, "合计")],
    );
    let ing = read(dir.path());
    assert!(rejects(&ing).is_empty(), "{:#?}", rejects(&ing));
    let l = ledger(&ing, "培训");
    assert_eq!((l.header_row, l.records, l.totals, l.notes, l.blank), (Some(3), 2, 1, 1, 0));
    assert_eq!(l.kind_label(), "培训（按月汇总）");
    let got: Vec<(String, String, i64, i64, String)> = ing
        .training
        .iter()
        .map(|r| (r.specialty.name.to_string(), r.date.date.to_string(), r.batches, r.attendees, r.source.place()))
        .collect();
    let want = [
        ("规上工业", "2023-01-01", 1, 30, "B4"),
        ("规上工业", "2023-03-01", 2, 50, "F4"),
        ("贸易", "2023-02-01", 1, 20, "D5"),
    ];
    let want: Vec<(String, String, i64, i64, String)> =
        want.iter().map(|(s, d, b, a, c)| (s.to_string(), d.to_string(), *b, *a, c.to_string())).collect();
    assert_eq!(got, want);
    assert!(ing.training.iter().all(|r| r.date.month_only));
    let w = warnings(&ing);
    assert_eq!(w.len(), 1, "only the 贸易 合计 that disagrees: {w:#?}");
    assert!(w[0].contains("[培训] I5") && w[0].contains("“合计”列为25，各月之和为20"), "{}", w[0]);
}

#[test]
fn months_across_one_value_a_month_with_a_quarter_column() {
    let dir = TempDir::new().unwrap();
    book(
        dir.path(),
        "核查月报.xlsx",
        &[
            (
                "核查",
                &[
                    &[T("2023年各专业核查情况（单位：家次）")],
                    &[T("专业"), T("1月"), T("2月"), T("3月"), T("一季度"), T("4月"), T("累计")],
                    &[T("能源"), N(2.0), N(1.0), N(0.0), N(3.0), N(5.0), N(8.0)],
                    &[T("服务业"), N(1.0), T(""), N(1.0), N(3.0), T(""), N(2.0)],
                ],
            ),
            (
                "季度核查",
                &[
                    &[T("2023年核查情况（单位：家次）")],
                    &[T("专业"), T("一季度"), T("二季度")],
                    &[T("能源"), N(3.0), N(4.0)],
                ],
            ),
        ],
    );
    let ing = read(dir.path());
    let got: Vec<(String, String, i64)> = ing
        .verification
        .iter()
        .filter(|r| &*r.source.sheet == "核查")
        .map(|r| (r.specialty.name.to_string(), r.date.date.format("%m").to_string(), r.count))
        .collect();
    let want: Vec<(String, String, i64)> =
        [("能源", "01", 2), ("能源", "02", 1), ("能源", "04", 5), ("服务业", "01", 1), ("服务业", "03", 1)]
            .iter()
            .map(|(s, m, n)| (s.to_string(), m.to_string(), *n))
            .collect();
    assert_eq!(got, want, "zeros and empty cells are no records; 一季度 and 累计 are never counted");
    let w = warnings(&ing);
    assert_eq!(w.len(), 1, "{w:#?}");
    assert!(w[0].contains("[核查] E4") && w[0].contains("“一季度”列为3，各月之和为2"), "{}", w[0]);
    // A table kept by quarter (no month at all) is read, each quarter a record of its own that no
    // month holds (tests/quarters.rs).
    assert!(rejects(&ing).is_empty(), "{:#?}", rejects(&ing));
    let quarters: Vec<(String, bool, i64)> = ing
        .verification
        .iter()
        .filter(|r| &*r.source.sheet == "季度核查")
        .map(|r| (r.date.date.to_string(), r.date.quarter_only, r.count))
        .collect();
    assert_eq!(quarters, [("2023-01-01".to_string(), true, 3), ("2023-04-01".to_string(), true, 4)]);
    assert_eq!(ledger(&ing, "季度核查").records, 1);
}

#[test]
fn months_down_specialties_across() {
    let dir = TempDir::new().unwrap();
    book(
        dir.path(),
        "2023年核查情况.xlsx",
        &[(
            "核查（家次）",
            &[
                &[T("月份"), T("规上工业"), T("贸易"), T("合计")],
                &[T("1月"), N(3.0), N(2.0), N(5.0)],
                &[T("2月"), N(1.0), T(""), N(2.0)],
                &[T("3月"), T(""), N(4.0), N(4.0)],
                &[T("合计"), N(4.0), N(6.0), N(11.0)],
            ],
        )],
    );
    let ing = read(dir.path());
    assert!(rejects(&ing).is_empty(), "{:#?}", ing.findings);
    let w = warnings(&ing);
    assert_eq!(w.len(), 1, "{w:#?}");
    assert!(w[0].contains("D3") && w[0].contains("“合计”列为2，各专业之和为1"), "{}", w[0]);
    let got: Vec<(String, u32, i64, String)> = ing
        .verification
        .iter()
        .map(|r| (r.specialty.name.to_string(), chrono::Datelike::month(&r.date.date), r.count, r.source.place()))
        .collect();
    let want: Vec<(String, u32, i64, String)> =
        [("规上工业", 1, 3, "B2"), ("贸易", 1, 2, "C2"), ("规上工业", 2, 1, "B3"), ("贸易", 3, 4, "C4")]
            .iter()
            .map(|(s, m, n, c)| (s.to_string(), *m, *n, c.to_string()))
            .collect();
    assert_eq!(got, want);
    let l = ledger(&ing, "核查（家次）");
    assert_eq!((l.records, l.totals), (3, 1));
}

#[test]
fn months_across_with_indicator_rows_of_one_specialty() {
    let dir = TempDir::new().unwrap();
    book(
        dir.path(),
        "2023年月度统计.xlsx",
        &[(
            "规上工业",
            &[
                &[T("指标"), T("1月"), T("2月"), T("3月")],
                &[T("培训批次"), N(1.0), N(0.0), N(2.0)],
                &[T("培训人次"), N(30.0), N(0.0), N(45.0)],
                &[T("核查家次"), N(2.0), N(3.0), N(1.0)],
                &[T("其中：实地核查"), N(1.0), N(4.0), N(1.0)],
            ],
        )],
    );
    let ing = read(dir.path());
    assert!(rejects(&ing).is_empty(), "{:#?}", rejects(&ing));
    let batches: i64 = ing.training.iter().map(|r| r.batches).sum();
    let attendees: i64 = ing.training.iter().map(|r| r.attendees).sum();
    assert_eq!((batches, attendees), (3, 75));
    assert_eq!(ing.verification.iter().map(|r| r.count).sum::<i64>(), 6, "the 其中 row is not added");
    assert!(ing.training.iter().chain([]).all(|r| &*r.specialty.name == "规上工业"));
    let w = warnings(&ing);
    // 批次 and 人次 come in rows of their own: the table gives both, so nothing is one-sided.
    assert_eq!(w.len(), 1, "only the 其中 row over its whole: {w:#?}");
    assert!(w.iter().any(|m| m.contains("C5") && m.contains("其中数")), "{w:#?}");
    let l = ledger(&ing, "规上工业");
    assert_eq!((l.records, l.totals, l.rejected), (3, 1, 0));
}

/// Found by running tongji over other readers' public test suites: sheets that only look like a
/// sign-in sheet or a table by month are passed over, not read into figures.
#[test]
fn look_alikes_of_sign_in_sheets_and_month_tables_are_not_read() {
    let dir = TempDir::new().unwrap();
    // A payroll (员工姓名, 入职日期) and an order list (客户姓名, 安装日期), named as a section's.
    book(
        dir.path(),
        "工业工资表.xlsx",
        &[
            ("1月", &[&[T("员工姓名"), T("入职日期"), T("本月应付工资")], &[T("张三"), T("2020-08-27"), N(5334.0)]]),
            ("橱柜", &[&[T("客户姓名"), T("刘某"), T("安装日期")], &[T("序号"), T("名称"), T("数量")]]),
        ],
    );
    // A training calendar of weekly dates (three of them the 1st), named 培训人次.
    let week = |d: u32| CnDate(f64::from(45017 + d)); // 2023-04-01 + d days
    book(
        dir.path(),
        "工业培训人次.xlsx",
        &[(
            "日程",
            &[
                &[T("项目"), week(0), week(7), week(14), week(21), week(30), week(61), week(91)],
                &[T("训练"), N(1.0), N(2.0), N(1.0), N(3.0), N(1.0), N(2.0), N(1.0)],
            ],
        )],
    );
    // A survey with questions Q1 … Q14 and nothing that names a kind or a unit.
    book(
        dir.path(),
        "survey.xlsx",
        &[(
            "Analysis",
            &[
                &[T("No."), T("Q1"), T("Q2"), T("Q3"), T("Q4"), T("Q5"), T("Q6")],
                &[N(1.0), N(3.0), N(4.0), N(2.0), N(5.0), N(1.0), N(2.0)],
            ],
        )],
    );
    let ing = read(dir.path());
    assert_eq!((ing.training.len(), ing.verification.len()), (0, 0), "{:#?}", ing.ledger);
    // The calendar is named as a training log, so it is refused by name (no header) rather
    // than passed over: a clerk who named it so is told why it was not read.
    let r = rejects(&ing);
    assert_eq!(r.len(), 1, "{r:#?}");
    assert!(r[0].starts_with("工业培训人次.xlsx [日程]: 未找到表头"), "{}", r[0]);
    for l in &ing.ledger {
        assert!(l.layout.is_none(), "{l:#?}");
    }
}

/// Found by an adversarial review: logs that the new readers took for something else.
#[test]
fn logs_that_look_like_other_layouts_stay_logs() {
    let dir = TempDir::new().unwrap();
    // A check log with month sub-columns under a merged heading: not a table by month, and
    // 从业人员期末人数 is no 人次.
    book_with_merges(
        dir.path(),
        "2023年能源数据核查台账.xlsx",
        "核查",
        &[
            &[T("核查日期"), T("单位名称"), T(""), T(""), T("")],
            &[T(""), T(""), T("1月"), T("2月"), T("3月")],
            &[T("2023-04-10"), T("甲化工有限公司"), N(120.0), N(118.0), N(121.0)],
            &[T("2023-04-12"), T("乙纺织有限公司"), N(80.0), N(82.0), N(79.0)],
        ],
        &[(0, 2, 0, 4, "从业人员期末人数")],
    );
    // A training log whose date is merged over two sessions: the second row's first text is a
    // topic that begins with a footer word.
    book_with_merges(
        dir.path(),
        "名录库培训台账.xlsx",
        "培训",
        &[
            &[T("培训日期"), T("培训内容"), T("批次"), T("人次")],
            &[T(""), T("名录库维护培训"), N(1.0), N(67.0)],
            &[T(""), T("单位负责人统计法培训"), N(1.0), N(70.0)],
            &[T("填表人：张三")],
        ],
        &[(1, 0, 2, 0, "2023-05-10")],
    );
    let ing = read(dir.path());
    assert!(rejects(&ing).is_empty(), "{:#?}", rejects(&ing));
    assert_eq!(ing.verification.len(), 2);
    assert_eq!(ledger(&ing, "核查").header_row, Some(2), "the months are the header's second row");
    assert_eq!(ing.training.iter().map(|r| r.attendees).sum::<i64>(), 137);
    assert_eq!(ledger(&ing, "培训").notes, 1);
}

#[test]
fn tables_by_month_with_years_units_and_carried_labels() {
    let dir = TempDir::new().unwrap();
    // Two years' runs of months under a year band; 人次 only (one warning says so).
    book_with_merges(
        dir.path(),
        "培训人次月报.xlsx",
        "培训",
        &[
            &[T("各专业培训人次（单位：人次）")],
            &[T("专业")],
            &[T(""), T("1月"), T("2月"), T("3月"), T("1月"), T("2月"), T("3月")],
            &[T("规上工业"), N(20.0), N(30.0), N(0.0), N(15.0), N(21.0), N(0.0)],
        ],
        &[(1, 1, 1, 3, "2023年"), (1, 4, 1, 6, "2022年")],
    );
    // 专业 | 指标 with the 专业 cell left empty on the 人次 row, and a bare 合计 over rows of
    // both units (not checkable, so not flagged).
    book(
        dir.path(),
        "2023年培训月报.xlsx",
        &[(
            "月报",
            &[
                &[T("专业"), T("指标"), T("1月"), T("2月"), T("3月")],
                &[T("规上工业"), T("培训批次"), N(1.0), T(""), N(2.0)],
                &[T(""), T("培训人次"), N(40.0), T(""), N(80.0)],
                &[T("贸易"), T("培训批次"), T(""), N(2.0), T("")],
                &[T(""), T("培训人次"), T(""), N(60.0), T("")],
                &[T("合计"), T(""), N(41.0), N(62.0), N(82.0)],
            ],
        )],
    );
    let ing = read(dir.path());
    assert!(rejects(&ing).is_empty(), "{:#?}", rejects(&ing));
    let by = |file: &str, sp: &str, year: i32| -> (i64, i64) {
        ing.training
            .iter()
            .filter(|r| {
                &*r.source.file == file && &*r.specialty.name == sp && chrono::Datelike::year(&r.date.date) == year
            })
            .fold((0, 0), |a, r| (a.0 + r.batches, a.1 + r.attendees))
    };
    assert_eq!(by("培训人次月报.xlsx", "规上工业", 2023), (0, 50));
    assert_eq!(by("培训人次月报.xlsx", "规上工业", 2022), (0, 36), "the 2022 run is 2022's");
    assert_eq!(by("2023年培训月报.xlsx", "规上工业", 2023), (3, 120));
    assert_eq!(by("2023年培训月报.xlsx", "贸易", 2023), (2, 60), "the empty 专业 cell carries 贸易 down");
    let w = warnings(&ing);
    assert_eq!(w.len(), 2, "{w:#?}");
    assert!(w.iter().any(|m| m.contains("[培训]") && m.contains("只有人次、没有批次")), "{w:#?}");
    assert!(w.iter().any(|m| m.contains("[培训] E4") && m.contains("与标题、表名或文件名中的2023年不同")), "{w:#?}");
}

#[test]
fn sessions_partners_and_totals_read_as_a_clerk_means_them() {
    let dir = TempDir::new().unwrap();
    // A sign-in sheet with 企业名称 (not the topic) and 场次 (上午/下午: two sessions).
    book(
        dir.path(),
        "贸易培训签到表.xlsx",
        &[(
            "签到",
            &[
                &[T("培训日期"), T("场次"), T("姓名"), T("企业名称"), T("签名")],
                &[T("2023-03-01"), T("上午"), T("张三"), T("甲公司"), T("")],
                &[T("2023-03-01"), T("上午"), T("李四"), T("乙公司"), T("")],
                &[T("2023-03-01"), T("下午"), T("张三"), T("甲公司"), T("")],
            ],
        )],
    );
    // 合计 on top, then 小计 rows closing each group.
    book(
        dir.path(),
        "规上工业培训台账.xlsx",
        &[(
            "培训",
            &[
                &[T("培训日期"), T("批次"), T("人次")],
                &[T("合计"), N(3.0), N(90.0)],
                &[T("2023-02-01"), N(1.0), N(20.0)],
                &[T("2023-02-15"), N(1.0), N(30.0)],
                &[T("小计"), N(2.0), N(50.0)],
                &[T("2023-03-01"), N(1.0), N(40.0)],
                &[T("小计"), N(1.0), N(40.0)],
                &[T("其中：企业统计人员"), N(1.0), N(30.0)],
            ],
        )],
    );
    // Partners whose names hold 和, and a 全年目标 column beside the months.
    book(
        dir.path(),
        "2023年统计执法检查台账.xlsx",
        &[(
            "执法",
            &[
                &[T("检查日期"), T("检查对象"), T("联合部门")],
                &[T("2023-04-01"), T("甲"), T("县住房和城乡建设局")],
                &[T("2023-04-02"), T("乙"), T("县人力资源和社会保障局")],
                &[T("2023-04-03"), T("丙"), T("和平街道")],
                &[T("2023-04-04"), T("丁"), T("县消防救援大队和县市场监督管理局")],
            ],
        )],
    );
    book(
        dir.path(),
        "2023年核查月报.xlsx",
        &[(
            "核查（家次）",
            &[&[T("专业"), T("1月"), T("2月"), T("3月"), T("全年目标")], &[T("能源"), N(2.0), N(1.0), N(2.0), N(20.0)]],
        )],
    );
    let ing = read(dir.path());
    assert!(rejects(&ing).is_empty(), "{:#?}", rejects(&ing));
    assert!(warnings(&ing).is_empty(), "{:#?}", warnings(&ing));
    let sign_in: Vec<(i64, i64)> = ing
        .training
        .iter()
        .filter(|r| &*r.source.file == "贸易培训签到表.xlsx")
        .map(|r| (r.batches, r.attendees))
        .collect();
    assert_eq!(sign_in, vec![(1, 1), (0, 1), (1, 1)], "上午 and 下午 are two sessions; 张三 came to both");
    let l = ledger(&ing, "培训");
    assert_eq!((l.records, l.totals), (3, 4), "合计, two 小计 and the 其中 row");
    assert_eq!(ing.verification.iter().map(|r| r.count).sum::<i64>(), 5, "全年目标 is not a month");
    let fig = figures(dir.path(), &ing);
    let by: Vec<(&str, i64)> = fig.enforcement_by_partner.iter().map(|b| (b.name.as_str(), b.value)).collect();
    assert_eq!(by, vec![("人社", 1), ("住建", 1), ("和平街道", 1), ("市场监管", 1), ("消防", 1)]);
}

/// Found by the second review round: planned figures, 其中 rows under merged labels, footer
/// words that begin real records, merged 场次, partners that say "alone", and check logs whose
/// columns name a specialty's figures.
#[test]
fn second_review_round() {
    let dir = TempDir::new().unwrap();
    // 计划参训人数 | 实际参训人数: the actual one counts; 计划核查家次 | 实际核查家次 likewise.
    book(
        dir.path(),
        "2023年规上工业培训台账.xlsx",
        &[
            (
                "培训",
                &[
                    &[T("培训主题"), T("培训日期"), T("批次"), T("计划参训人数"), T("实际参训人数")],
                    // A topic in the first column that begins with a footer word is a record.
                    &[T("单位负责人统计法培训"), CnDate(44936.0), N(1.0), N(60.0), N(56.0)],
                    &[T("联网直报"), CnDate(44993.0), N(1.0), N(50.0), N(48.0)],
                    &[T("填表人：张三"), T(""), T("填表日期："), CnDate(45085.0)],
                ],
            ),
            (
                "核查",
                &[
                    &[T("核查日期"), T("计划核查家次"), T("实际核查家次")],
                    &[CnDate(45026.0), N(5.0), N(3.0)],
                    &[CnDate(45054.0), N(5.0), N(4.0)],
                ],
            ),
            // Two 人次 columns that tie: refused, not guessed.
            (
                "培训二",
                &[&[T("培训日期"), T("参训人数（上午）"), T("参训人数（下午）")], &[CnDate(44936.0), N(30.0), N(25.0)]],
            ),
        ],
    );
    // 规上工业 merged over its rows, one of them a 其中 row: never added.
    book_with_merges(
        dir.path(),
        "2023年培训月报.xlsx",
        "月报",
        &[
            &[T("专业"), T("指标"), T("1月"), T("2月"), T("3月")],
            &[T(""), T("培训批次"), N(1.0), N(0.0), N(1.0)],
            &[T(""), T("培训人次"), N(50.0), N(0.0), N(40.0)],
            &[T(""), T("其中：线上培训人次"), N(20.0), N(0.0), N(10.0)],
        ],
        &[(1, 0, 3, 0, "规上工业")],
    );
    // 上午 and 下午 merged down the 场次 column: two sessions.
    book_with_merges(
        dir.path(),
        "名录库培训签到表.xlsx",
        "签到",
        &[
            &[T("日期"), T("场次"), T("姓名"), T("工作单位"), T("签名")],
            &[T(""), T(""), T("张三"), T("甲公司")],
            &[T(""), T(""), T("李四"), T("乙公司")],
            &[T(""), T(""), T("张三"), T("甲公司")],
            &[T(""), T(""), T("赵六"), T("丁公司")],
        ],
        &[(1, 0, 4, 0, "2023-05-10"), (1, 1, 2, 1, "上午"), (3, 1, 4, 1, "下午")],
    );
    // Partners that say the bureau went alone.
    book(
        dir.path(),
        "2023年统计执法检查台账.xlsx",
        &[(
            "执法检查",
            &[
                &[T("检查日期"), T("检查对象"), T("联合部门")],
                &[CnDate(45027.0), T("甲公司"), T("单独检查")],
                &[CnDate(45028.0), T("乙公司"), T("本局")],
                &[CnDate(45029.0), T("丙公司"), T("县统计局")],
                &[CnDate(45030.0), T("丁公司"), T("独立开展")],
                &[CnDate(45031.0), T("戊公司"), T("县市场监督管理局")],
            ],
        )],
    );
    // A check log with month dates and columns naming figures (工业总产值, 综合能源消费量).
    book(
        dir.path(),
        "2023年规上工业数据核查台账（20家）.xlsx",
        &[(
            "数据核查",
            &[
                &[T("核查月份"), T("单位名称"), T("工业总产值（万元）"), T("综合能源消费量（吨标准煤）")],
                &[CnDate(45017.0), T("甲机械有限公司"), N(12000.0), N(300.0)],
                &[CnDate(45047.0), T("乙电子有限公司"), N(8000.0), N(120.0)],
                &[CnDate(45078.0), T("丙化工有限公司"), N(15000.0), N(900.0)],
            ],
        )],
    );
    let ing = read(dir.path());
    let of = |file: &str| -> (i64, i64) {
        ing.training
            .iter()
            .filter(|r| &*r.source.file == file)
            .fold((0, 0), |a, r| (a.0 + r.batches, a.1 + r.attendees))
    };
    assert_eq!(of("2023年规上工业培训台账.xlsx"), (2, 104), "实际, not 计划; the footer-word topic is a record");
    assert_eq!(ledger(&ing, "培训").notes, 1, "the footer with a fill-in date is a note");
    let checks: Vec<(&str, i64)> = ing.verification.iter().map(|r| (&*r.source.file, r.count)).collect();
    assert_eq!(
        checks,
        vec![
            ("2023年规上工业培训台账.xlsx", 3),
            ("2023年规上工业培训台账.xlsx", 4),
            ("2023年规上工业数据核查台账（20家）.xlsx", 1),
            ("2023年规上工业数据核查台账（20家）.xlsx", 1),
            ("2023年规上工业数据核查台账（20家）.xlsx", 1)
        ]
    );
    let r = rejects(&ing);
    assert_eq!(r.len(), 1, "{r:#?}");
    assert!(r[0].contains("[培训二]") && r[0].contains("都像人次列"), "{}", r[0]);
    assert_eq!(of("2023年培训月报.xlsx"), (2, 90), "the 其中 row is not added");
    assert_eq!(of("名录库培训签到表.xlsx"), (2, 4), "上午 and 下午: two sessions, 张三 in both");
    let fig = figures(dir.path(), &ing);
    assert_eq!(ytd(&fig, "执法", Metric::EnforcementJoint), 1, "only 市场监管 was a partner");
}

#[test]
fn a_monthly_roll_up_of_a_log_dropped_in_beside_it_is_suspected() {
    let dir = TempDir::new().unwrap();
    book(
        dir.path(),
        "2023年规上工业培训台账.xlsx",
        &[(
            "培训",
            &[
                &[T("培训日期"), T("批次"), T("人次")],
                &[T("2023-03-08"), N(1.0), N(25.0)],
                &[T("2023-03-20"), N(1.0), N(15.0)],
            ],
        )],
    );
    book(
        dir.path(),
        "2023年全局培训月报.xlsx",
        &[("培训", &[&[T("专业"), T("1月"), T("2月"), T("3月")], &[T("规上工业培训人次"), T(""), T(""), N(40.0)]])],
    );
    let ing = read(dir.path());
    let w = warnings(&ing);
    assert!(
        w.iter().any(|m| m.starts_with(
            "2023年全局培训月报.xlsx [培训] D2: 疑似重复：规上工业培训2023年3月的40人次与 2023年规上工业培训台账.xlsx"
        )),
        "{w:#?}"
    );
    assert_eq!(tongji::model::count_suspected(&ing.findings), 1);
}

#[test]
fn a_check_log_in_the_enforcement_folder_stays_a_check_log() {
    let dir = TempDir::new().unwrap();
    std::fs::create_dir(dir.path().join("执法")).unwrap();
    book(
        &dir.path().join("执法"),
        "2023年能源核查台账.xlsx",
        &[("Sheet1", &[&[T("核查日期"), T("企业名称"), T("家次")], &[T("2023-04-01"), T("甲"), N(1.0)]])],
    );
    book(
        &dir.path().join("执法"),
        "执法检查和法治培训台账.xlsx",
        &[("Sheet1", &[&[T("检查日期"), T("检查对象")], &[T("2023-04-02"), T("乙")]])],
    );
    let ing = read(dir.path());
    assert_eq!((ing.verification.len(), ing.enforcement.len()), (1, 1), "{:#?}", ing.ledger);
    assert_eq!(&*ing.verification[0].specialty.name, "能源");
}

/// A sheet protected with a password and a workbook saved "read-only recommended" (the
/// fileSharing part a password to modify also writes) are not encrypted: read as any other,
/// with nothing said.
#[test]
fn protected_sheets_and_write_protected_workbooks_are_read() {
    let dir = TempDir::new().unwrap();
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.read_only_recommended();
    let ws = wb.add_worksheet();
    ws.set_name("执法检查").unwrap();
    let rows: &[&[C]] = &[
        &[T("检查日期"), T("单位名称"), T("检查方式")],
        &[T("2023-03-01"), T("某宾馆"), T("双随机")],
        &[T("2023-03-02"), T("某饭店"), T("双随机")],
    ];
    common::book::write_rows(ws, rows);
    ws.protect_with_password("统计局");
    wb.save(dir.path().join("2023年执法检查台账.xlsx")).unwrap();
    let ing = read(dir.path());
    assert!(ing.findings.is_empty(), "{:#?}", ing.findings);
    assert_eq!(ledger(&ing, "执法检查").records, 2);
}

/// Months down: a row whose label is no month ("3月15日", a day) is refused with its reason, its
/// figures never dropped in silence; the month rows around it are read.
#[test]
fn months_down_a_row_naming_no_month_is_refused_not_dropped() {
    let rows: [&[C]; 6] = [
        &[T("2023年培训人次")],
        &[T("月份"), T("规上工业"), T("贸易")],
        &[T("1月"), N(10.0), N(5.0)],
        &[T("2月"), N(11.0), N(6.0)],
        &[T("3月15日"), N(12.0), N(7.0)],
        &[T("4月"), N(13.0), N(8.0)],
    ];
    let dir = TempDir::new().unwrap();
    book(dir.path(), "培训月报.xlsx", &[("Sheet1", &rows)]);
    let ing = read(dir.path());
    assert_eq!(rejects(&ing), ["培训月报.xlsx [Sheet1] A5: “3月15日”不是月份（1月……12月），这一行的数不知属于哪个月"]);
    assert_eq!(ing.training.iter().map(|r| r.attendees).sum::<i64>(), 53);
    let l = &ing.ledger[0];
    assert_eq!((l.records, l.rejected), (3, 1));
}

/// Months down: a year's line, a span with its year, 上年同期 and 月均 lines are totals — never
/// counted, never refused (a day such as 3月15日 still is).
#[test]
fn months_down_derived_lines_are_totals() {
    let rows: [&[C]; 10] = [
        &[T("2023年培训人次")],
        &[T("月份"), T("规上工业"), T("贸易")],
        &[T("1月"), N(10.0), N(5.0)],
        &[T("2月"), N(11.0), N(6.0)],
        &[T("3月"), N(12.0), N(7.0)],
        &[T("2023年1-3月"), N(33.0), N(18.0)],
        &[T("上年同期"), N(30.0), N(15.0)],
        &[T("月均"), N(11.0), N(6.0)],
        &[T("同比增长（%）"), N(10.0), N(20.0)],
        // A footer with a telephone number under a value column is a footer.
        &[T("填表人：张三"), T("联系电话："), N(13812345678.0)],
    ];
    let dir = TempDir::new().unwrap();
    book(dir.path(), "培训月报.xlsx", &[("Sheet1", &rows)]);
    let ing = read(dir.path());
    assert!(rejects(&ing).is_empty(), "{:?}", rejects(&ing));
    assert_eq!(ing.training.iter().map(|r| r.attendees).sum::<i64>(), 51);
    let l = &ing.ledger[0];
    assert_eq!((l.records, l.totals, l.notes), (3, 4, 1), "{l:?}");
}
