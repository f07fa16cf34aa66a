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
use tongji::ingest::Ingested;
use tongji::model::{FileStatus, Metric, SheetStatus};
use tongji::period::{Period, Window};

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
    assert!(ing.problems.is_empty(), "{:#?}", ing.problems);
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
    let copies: Vec<(&str, &str)> = ing
        .files
        .iter()
        .filter_map(|f| match &f.status {
            FileStatus::Duplicate { of } => Some((f.file.as_str(), of.as_str())),
            _ => None,
        })
        .collect();
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
    assert_eq!(tongji::ingest::duplicates::count_suspected(&ing.problems), 1);
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
    assert!(ing.problems.is_empty(), "{:#?}", ing.problems);
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
    assert!(ing.problems.is_empty(), "{:#?}", ing.problems);
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
