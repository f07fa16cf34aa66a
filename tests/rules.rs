//! Each ingest rule on a small xlsx written here with rust_xlsxwriter, read back through the
//! same path as real input: title rows, merged cells, text numbers, Chinese dates, totals and
//! note rows, rejects with their cell, unknown specialties, targets, settings.

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
mod common;
use common::book::{book, ledger, read, rejects, warnings, write_rows, C, C::*};
use common::TempDir;
use tongji::config::Config;
use tongji::model::{Kind, SheetStatus};

#[test]
fn title_rows_totals_note_and_text_numbers() {
    let dir = TempDir::new().unwrap();
    book(
        dir.path(),
        "规上工业台账.xlsx",
        &[(
            "培训",
            &[
                &[T("2023年规上工业统计业务培训情况表")],
                &[T("单位：人次")],
                &[T("序号"), T("培训日期"), T("培训内容"), T("批 次"), T("参训人数（人）")],
                &[N(1.0), T("2023年1月10日"), T("年报布置"), T(""), T("56人次")],
                &[N(2.0), T("2023.02.14"), T("定报"), T("２"), T("１２０")],
                &[N(3.0)],
                &[N(4.0), T("20230305"), T("统计法"), N(1.0), T("1,000")],
                &[T("合计"), T(""), T(""), N(4.0), N(1176.0)],
                &[T("填表人：张三    审核人：李四    填报日期：2023年10月8日")],
            ],
        )],
    );
    let ing = read(dir.path());
    assert!(ing.findings.is_empty(), "{:#?}", ing.findings);
    let l = ledger(&ing, "培训");
    assert_eq!(
        (l.kind, l.header_row, l.records, l.totals, l.notes, l.blank),
        (Some(Kind::Training), Some(3), 3, 1, 1, 1)
    );
    assert_eq!(l.specialty, "规上工业");
    let b: Vec<i64> = ing.training.iter().map(|r| r.batches).collect();
    let a: Vec<i64> = ing.training.iter().map(|r| r.attendees).collect();
    assert_eq!(b, vec![1, 2, 1], "empty 批次 counts 1");
    assert_eq!(a, vec![56, 120, 1000]);
    assert_eq!(ing.training[0].source.row, 4);
    assert_eq!(ing.training[0].topic.as_deref(), Some("年报布置"));
}

#[test]
fn totals_mismatch_and_subtotals() {
    let dir = TempDir::new().unwrap();
    book(
        dir.path(),
        "贸易.xlsx",
        &[(
            "核查",
            &[
                &[T("核查日期"), T("企业名称"), T("家次")],
                &[T("2023-01-05"), T("甲公司"), N(1.0)],
                &[T("2023-01-06"), T("乙公司"), N(2.0)],
                &[T("1月小计"), T(""), N(3.0)],
                &[T("2023-02-07"), T("丙公司"), T("")],
                &[T("2月小计"), T(""), N(1.0)],
                &[T("合计"), T(""), N(5.0)],
            ],
        )],
    );
    let ing = read(dir.path());
    assert!(rejects(&ing).is_empty());
    let w = warnings(&ing);
    assert_eq!(w.len(), 1, "{w:#?}");
    assert!(w[0].starts_with("贸易.xlsx [核查] C7: “合计”行与明细不符：数量合计为5，明细之和为4"), "{}", w[0]);
    assert_eq!(ledger(&ing, "核查").totals, 3);
    assert_eq!(ing.verification.iter().map(|r| r.count).sum::<i64>(), 4);
}

#[test]
fn rejected_rows_name_file_sheet_cell_and_reason() {
    let dir = TempDir::new().unwrap();
    book(
        dir.path(),
        "贸易.xlsx",
        &[
            (
                "培训",
                &[
                    &[T("日期"), T("专业"), T("批次"), T("人次")],
                    &[T("2023年13月1日"), T("贸易"), N(1.0), N(10.0)],
                    &[T("2023-03-01"), T("贸易"), N(-1.0), N(10.0)],
                    &[T("2023-03-02"), T("贸易"), N(1.0), T("2.5")],
                    &[T("2023-03-03"), T("贸易"), N(1.0), T("")],
                    &[T("9月20日"), T("贸易"), N(1.0), N(3.0)],
                    &[T("2023-03-04"), T("贸易"), T("约3批"), T("十人")],
                    &[T("2023-03-05"), T("贸易"), N(1.0), N(7.0)],
                ],
            ),
            (
                "核查",
                &[
                    &[T("日期"), T("企业名称"), T("家次")],
                    &[T("2023-03-01"), T(""), T("")],
                    &[T(""), T("某公司"), N(1.0)],
                ],
            ),
        ],
    );
    let ing = read(dir.path());
    let r = rejects(&ing);
    let want = [
        "贸易.xlsx [培训] A2: 无法识别的日期“2023年13月1日”",
        "贸易.xlsx [培训] C3: 批次“-1”不能为负数",
        "贸易.xlsx [培训] D4: 人次“2.5”不能为小数",
        "贸易.xlsx [培训] D5: 缺少人次",
        "贸易.xlsx [培训] A6: 日期“9月20日”没有年份，标题、表名和文件名中也找不到年份",
        "贸易.xlsx [培训] C7: 批次“约3批”不是数字；人次“十人”不是数字",
        "贸易.xlsx [核查] C2: 缺少核查对象（单位名称或代码）和数量",
        "贸易.xlsx [核查] A3: 缺少日期",
    ];
    assert_eq!(r, want);
    assert_eq!(ledger(&ing, "培训").rejected, 6);
    assert_eq!(ledger(&ing, "培训").records, 1);
    assert_eq!(ing.training[0].attendees, 7);
    assert!(ing.has_rejections());
}

#[test]
fn merged_cells_fill_labels_but_never_counts() {
    let dir = TempDir::new().unwrap();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("培训").unwrap();
    write_rows(
        ws,
        &[
            &[T("专业"), T("培训日期"), T("批次"), T("人次")],
            &[T(""), T(""), N(1.0), N(30.0)],
            &[T(""), T(""), N(1.0), N(20.0)],
            &[T(""), T("2023-05-06"), N(1.0), T("")],
            &[T(""), T(""), N(1.0), T("")],
        ],
    );
    let f = Format::new();
    ws.merge_range(1, 0, 4, 0, "房地产与投资", &f).unwrap();
    ws.merge_range(1, 1, 2, 1, "2023-04-01", &f).unwrap();
    ws.merge_range(3, 1, 4, 1, "2023-05-06", &f).unwrap();
    ws.merge_range(3, 3, 4, 3, "40", &f).unwrap();
    wb.save(dir.path().join("投资台账.xlsx")).unwrap();
    let ing = read(dir.path());
    let t = &ing.training;
    assert_eq!(t.len(), 3, "{:#?}", ing.findings);
    assert!(t.iter().all(|r| &*r.specialty.name == "房地产与投资"));
    assert_eq!(t[0].date.date, t[1].date.date, "the merged date fills both rows");
    assert_eq!(t.iter().map(|r| r.attendees).sum::<i64>(), 90, "a merged 人次 counts once");
    assert_eq!(rejects(&ing), vec!["投资台账.xlsx [培训] D5: 缺少人次"]);
}

#[test]
fn stray_formatted_cell_at_xfd1048576_costs_nothing() {
    let dir = TempDir::new().unwrap();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("能源核查").unwrap();
    write_rows(ws, &[&[T("核查日期"), T("企业名称")], &[T("2023-06-01"), T("甲公司")]]);
    ws.write_blank(1_048_575, 16_383, &Format::new().set_bold()).unwrap();
    wb.save(dir.path().join("能源.xlsx")).unwrap();
    let ing = read(dir.path());
    let l = ledger(&ing, "能源核查");
    assert_eq!((l.rows_total, l.records, l.blank), (2, 1, 0));
    assert_eq!(&*ing.verification[0].specialty.name, "能源");
}

#[test]
fn dates_as_excel_cells_zh_cn_serials_and_year_less_text() {
    let dir = TempDir::new().unwrap();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("培训").unwrap();
    write_rows(
        ws,
        &[
            &[T("2023年劳动工资统计培训情况")],
            &[T("时间"), T("人数")],
            &[CnDate(45189.0), N(10.0)],
            &[T("9月21日"), N(10.0)],
            &[T("2023年9月"), N(10.0)],
            &[N(20230923.0), N(10.0)],
        ],
    );
    let date_fmt = Format::new().set_num_format("yyyy-mm-dd");
    ws.write_datetime_with_format(6, 0, ExcelDateTime::from_ymd(2023, 9, 24).unwrap(), &date_fmt).unwrap();
    ws.write_number(6, 1, 10.0).unwrap();
    wb.save(dir.path().join("劳资.xlsx")).unwrap();
    let ing = read(dir.path());
    assert!(ing.findings.is_empty(), "{:#?}", ing.findings);
    let dates: Vec<String> = ing.training.iter().map(|r| r.date.date.to_string()).collect();
    assert_eq!(dates, ["2023-09-20", "2023-09-21", "2023-09-01", "2023-09-23", "2023-09-24"]);
    let month_only: Vec<bool> = ing.training.iter().map(|r| r.date.month_only).collect();
    assert_eq!(month_only, [false, false, true, false, false]);
    assert!(ing.training.iter().all(|r| &*r.specialty.name == "劳动工资"), "specialty from the title row");
}

#[test]
fn monthly_count_table_with_bare_months() {
    let dir = TempDir::new().unwrap();
    book(
        dir.path(),
        "2023年投资项目核查情况.xlsx",
        &[(
            "Sheet1",
            &[
                &[T("月份"), T("核查项目数（个）")],
                &[N(1.0), N(30.0)],
                &[T("2月"), N(25.0)],
                &[T("2023年3月"), T("28个")],
                &[T("合计"), N(83.0)],
            ],
        )],
    );
    let ing = read(dir.path());
    assert!(ing.findings.is_empty(), "{:#?}", ing.findings);
    let l = ledger(&ing, "Sheet1");
    assert_eq!(l.kind, Some(Kind::Verification), "kind from the file name");
    let months: Vec<String> = ing.verification.iter().map(|r| r.date.date.format("%Y-%m").to_string()).collect();
    assert_eq!(months, ["2023-01", "2023-02", "2023-03"]);
    assert!(ing.verification.iter().all(|r| &*r.specialty.name == "投资" && r.date.month_only));
    assert_eq!(ing.verification.iter().map(|r| r.count).sum::<i64>(), 83);
}

#[test]
fn two_row_header_and_kind_from_header_alone() {
    let dir = TempDir::new().unwrap();
    book(
        dir.path(),
        "台账.xlsx",
        &[(
            "Sheet1",
            &[
                &[T("日期"), T("专业"), T("培训情况"), T("")],
                &[T(""), T(""), T("批次"), T("人次")],
                &[T("2023-01-05"), T("城乡住户调查"), N(2.0), N(30.0)],
            ],
        )],
    );
    let ing = read(dir.path());
    let l = ledger(&ing, "Sheet1");
    assert_eq!((l.kind, l.header_row, l.records), (Some(Kind::Training), Some(2), 1));
    assert_eq!(ing.training[0].batches, 2);
    assert_eq!(&*ing.training[0].specialty.name, "住户调查");
}

#[test]
fn unknown_specialty_is_kept_with_a_warning_and_toml_can_name_it() {
    let dir = TempDir::new().unwrap();
    let rows: &[&[C]] = &[
        &[T("日期"), T("条线"), T("人次")],
        &[T("2023-01-05"), T("科技统计"), N(12.0)],
        &[T("2023-01-06"), T("工业生产者价格"), N(3.0)],
    ];
    book(dir.path(), "培训.xlsx", &[("Sheet1", rows)]);
    let ing = read(dir.path());
    assert!(!ing.has_rejections());
    assert_eq!(&*ing.training[0].specialty.name, "科技统计");
    assert!(!ing.training[0].specialty.known);
    assert_eq!(&*ing.training[1].specialty.name, "工业生产者价格");
    let w = warnings(&ing);
    assert_eq!(
        w,
        ["培训.xlsx [Sheet1] B2: 专业“科技统计”不在专业目录中，按原样保留（可在 tongji.toml 中为它添加别名）"]
    );

    std::fs::write(dir.path().join("tongji.toml"), "[[specialty]]\nname = \"科技\"\naliases = [\"科技统计\"]\n")
        .unwrap();
    let ing = read(dir.path());
    assert!(ing.findings.is_empty(), "{:#?}", ing.findings);
    assert_eq!(&*ing.training[0].specialty.name, "科技");
    assert!(ing.training[0].specialty.known);
}

#[test]
fn broken_settings_stop_the_run_with_the_file_named() {
    let dir = TempDir::new().unwrap();
    std::fs::write(dir.path().join("tongji.toml"), "[[specialty]]\nnam = \"x\"\n").unwrap();
    let err = Config::load(dir.path()).unwrap_err().to_string();
    assert!(err.contains("tongji.toml") && err.contains("有误"), "{err}");
}

#[test]
fn sheet_named_as_a_log_without_a_header_is_rejected_whole() {
    let dir = TempDir::new().unwrap();
    book(dir.path(), "贸易.xlsx", &[("培训", &[&[T("张三")], &[T("李四"), T("王五")]]), ("说明", &[&[T("本表说明")]])]);
    let ing = read(dir.path());
    let l = ledger(&ing, "培训");
    assert_eq!((l.status.clone(), l.rejected), (SheetStatus::NoHeader, 2));
    assert!(rejects(&ing)[0].starts_with("贸易.xlsx [培训]: 未找到表头"), "{:?}", rejects(&ing));
    let u = ledger(&ing, "说明");
    assert_eq!((u.status.clone(), u.unrecognized), (SheetStatus::Unrecognized, 1));
}

#[test]
fn targets_sheet() {
    let dir = TempDir::new().unwrap();
    book(
        dir.path(),
        "目标.xlsx",
        &[(
            "2023年目标任务",
            &[
                &[T("序号"), T("专业"), T("指标"), T("年度目标")],
                &[N(1.0), T("规上工业"), T("培训人次"), N(400.0)],
                &[N(2.0), T("投资项目"), T("核查"), T("300个")],
                &[N(3.0), T("执法"), T("执法检查"), N(40.0)],
                &[N(4.0), T("贸易"), T("满意度"), N(90.0)],
                &[N(5.0), T(""), T("核查"), N(9.0)],
                &[N(6.0), T("中心组学习"), T("次数"), N(12.0)],
            ],
        )],
    );
    let ing = read(dir.path());
    let t: Vec<(String, &str, i64, Option<i32>)> =
        ing.targets.iter().map(|t| (t.specialty.name.to_string(), t.metric.label(), t.target, t.year)).collect();
    assert_eq!(
        t,
        [
            ("规上工业".to_string(), "培训人次", 400, Some(2023)),
            ("投资".to_string(), "核查", 300, Some(2023)),
            ("执法".to_string(), "执法检查", 40, Some(2023)),
            // A target of 次数 names an activity category, folded to the activity catalogue.
            ("理论中心组学习".to_string(), "次数", 12, Some(2023)),
        ]
    );
    assert_eq!(
        rejects(&ing),
        [
            "目标.xlsx [2023年目标任务] C5: 未知指标“满意度”（应为培训批次、培训人次、核查、执法检查、次数之一）",
            "目标.xlsx [2023年目标任务] B6: 缺少专业"
        ]
    );
}

#[test]
fn files_are_discovered_recursively_and_lock_and_hidden_files_skipped() {
    let dir = TempDir::new().unwrap();
    let sub = dir.path().join("2022年").join("贸易");
    std::fs::create_dir_all(&sub).unwrap();
    book(&sub, "核查.XLSX", &[("Sheet1", &[&[T("日期"), T("企业名称")], &[T("3月1日"), T("甲")]])]);
    std::fs::write(dir.path().join("~$核查.xlsx"), [0u8; 165]).unwrap();
    std::fs::write(dir.path().join(".hidden.csv"), "日期,人次\n").unwrap();
    std::fs::write(dir.path().join("readme.docx"), "x").unwrap();
    std::fs::write(dir.path().join("empty.csv"), "").unwrap();
    let ing = read(dir.path());
    assert_eq!(ing.verification.len(), 1);
    let r = &ing.verification[0];
    assert_eq!(&*r.source.file, "2022年/贸易/核查.XLSX");
    assert_eq!(&*r.specialty.name, "贸易", "specialty from the folder");
    assert_eq!(r.date.date.to_string(), "2022-03-01", "year from the folder");
    let skipped = ing.files.iter().filter(|f| matches!(f.status, tongji::model::FileStatus::Skipped { .. })).count();
    assert_eq!(skipped, 3);
    assert_eq!(rejects(&ing), ["empty.csv: 空文件（0字节）"]);
}
