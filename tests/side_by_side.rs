//! Tables side by side on one sheet (issue 21, point 1): a training log in A:E and a verification
//! log in G:J were read as the training log alone — the checks on the same rows vanished with no
//! message, those further down were rejected for want of a date in column A. Each table is now
//! read as its own, with its own kind, its own ledger entry and the sheet's cell names.

use std::process::Command;

mod common;
use common::book::{read, rejects, warnings, write_rows, C, C::*};
use common::TempDir;
use rust_xlsxwriter::{Format, Workbook};
use tongji::model::Kind;

/// A training log in A:E and a verification log in G:J under one title merged over both; the
/// verification log runs two rows further down than the training log.
fn two_tables(dir: &std::path::Path, sheet: &str) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name(sheet).unwrap();
    ws.merge_range(0, 0, 0, 9, "2023年贸易业培训和核查情况", &Format::new()).unwrap();
    write_rows(
        ws,
        &[
            &[],
            &[
                T("日期"),
                T("专业"),
                T("培训内容"),
                T("批次"),
                T("人次"),
                T(""),
                T("日期"),
                T("专业"),
                T("企业名称"),
                T("家次"),
            ],
            &[
                T("2023-03-05"),
                T("贸易"),
                T("统计法"),
                N(1.0),
                N(20.0),
                T(""),
                T("2023-03-06"),
                T("贸易"),
                T("甲商贸公司"),
                N(1.0),
            ],
            &[
                T("2023-03-15"),
                T("贸易"),
                T("联网直报"),
                N(1.0),
                N(15.0),
                T(""),
                T("2023-03-16"),
                T("贸易"),
                T("乙超市"),
                N(1.0),
            ],
            &[T(""), T(""), T(""), T(""), T(""), T(""), T("2023-03-20"), T("贸易"), T("丙批发部"), N(2.0)],
            &[T(""), T(""), T(""), T(""), T(""), T(""), T("2023-03-28"), T("贸易"), T("丁公司"), N(1.0)],
        ],
    );
    wb.save(dir.join("贸易台账.xlsx")).unwrap();
}

#[test]
fn two_tables_side_by_side_are_each_read_whole() {
    let dir = TempDir::new().unwrap();
    two_tables(dir.path(), "Sheet1");
    let ing = read(dir.path());
    assert!(rejects(&ing).is_empty(), "{:?}", rejects(&ing));
    assert!(warnings(&ing).is_empty(), "{:?}", warnings(&ing));
    let training: Vec<(i64, i64)> = ing.training.iter().map(|r| (r.batches, r.attendees)).collect();
    assert_eq!(training, [(1, 20), (1, 15)]);
    let checks: Vec<(String, i64)> =
        ing.verification.iter().map(|r| (r.unit.clone().unwrap_or_default(), r.count)).collect();
    assert_eq!(
        checks,
        [("甲商贸公司".to_string(), 1), ("乙超市".into(), 1), ("丙批发部".into(), 2), ("丁公司".into(), 1)]
    );
    // The records keep the sheet's cell names: the verification log's rows are rows 3 to 6.
    assert_eq!(ing.verification.iter().map(|r| r.source.row).collect::<Vec<_>>(), [3, 4, 5, 6]);
    // One ledger entry per table, each naming its columns and balancing on its own.
    let entries: Vec<(String, Option<Kind>, u32, u32)> =
        ing.ledger.iter().map(|l| (l.sheet_label(), l.kind, l.records, l.blank)).collect();
    assert_eq!(
        entries,
        [
            ("Sheet1（A:E列）".to_string(), Some(Kind::Training), 2, 0),
            ("Sheet1（G:J列）".to_string(), Some(Kind::Verification), 4, 0),
        ]
    );
}

/// The sheet's name says one kind; the table beside is of another and is read as what its header
/// says, with no warning that the names and the header disagree (the sheet plainly holds both).
#[test]
fn a_table_beside_the_one_the_name_says_is_read_by_its_header() {
    let dir = TempDir::new().unwrap();
    two_tables(dir.path(), "培训台账");
    let ing = read(dir.path());
    assert!(rejects(&ing).is_empty(), "{:?}", rejects(&ing));
    assert!(warnings(&ing).is_empty(), "{:?}", warnings(&ing));
    assert_eq!((ing.training.len(), ing.verification.len()), (2, 4));
}

/// A note to the right of the one table is no table: the sheet is read whole, as before, and the
/// note's row below the table is a note.
#[test]
fn a_note_to_the_right_is_no_second_table() {
    let dir = TempDir::new().unwrap();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("培训").unwrap();
    write_rows(
        ws,
        &[
            &[T("2023年贸易业培训台账")],
            &[T("日期"), T("培训内容"), T("批次"), T("人次")],
            &[T("2023-03-05"), T("统计法"), N(1.0), N(20.0), T(""), T("备注：人次含线上")],
            &[T("2023-03-15"), T("联网直报"), N(1.0), N(15.0)],
            &[T(""), T(""), T(""), T(""), T(""), T("填表人：张三")],
        ],
    );
    wb.save(dir.path().join("贸易培训.xlsx")).unwrap();
    let ing = read(dir.path());
    assert!(rejects(&ing).is_empty(), "{:?}", rejects(&ing));
    assert_eq!(ing.ledger.len(), 1);
    let l = &ing.ledger[0];
    assert_eq!((l.columns, l.records, l.notes), (None, 2, 1), "{l:?}");
    assert_eq!(ing.training.iter().map(|r| r.attendees).sum::<i64>(), 35);
}

/// An empty column inside one table (a column deleted, or a spacer) does not part it: the right
/// part has no header of its own.
#[test]
fn an_empty_column_inside_a_table_does_not_part_it() {
    let dir = TempDir::new().unwrap();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("培训").unwrap();
    write_rows(
        ws,
        &[
            &[T("日期"), T("培训内容"), T(""), T("批次"), T("人次")],
            &[T("2023-03-05"), T("统计法"), T(""), N(1.0), N(20.0)],
            &[T("2023-03-15"), T("联网直报"), T(""), N(2.0), N(15.0)],
        ],
    );
    wb.save(dir.path().join("贸易培训.xlsx")).unwrap();
    let ing = read(dir.path());
    assert!(rejects(&ing).is_empty(), "{:?}", rejects(&ing));
    assert_eq!(ing.ledger.len(), 1);
    assert_eq!(ing.training.iter().map(|r| (r.batches, r.attendees)).collect::<Vec<_>>(), [(1, 20), (2, 15)]);
}

/// Three tables across, a note block between two of them, and a table by month among them.
#[test]
fn three_tables_across_with_a_note_between() {
    let dir = TempDir::new().unwrap();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("2023年").unwrap();
    write_rows(
        ws,
        &[
            &[
                T("培训"),
                T(""),
                T(""),
                T(""),
                T(""),
                T("说明"),
                T(""),
                T("核查"),
                T(""),
                T(""),
                T(""),
                T(""),
                T("执法检查"),
            ],
            &[
                T("日期"),
                T("专业"),
                T("批次"),
                T("人次"),
                T(""),
                T("各表分开填"),
                T(""),
                T("日期"),
                T("专业"),
                T("企业名称"),
                T("家次"),
                T(""),
                T("日期"),
                T("专业"),
                T("检查单位"),
                T("家次"),
            ],
            &[
                T("2023-05-05"),
                T("工业"),
                N(1.0),
                N(30.0),
                T(""),
                T(""),
                T(""),
                T("2023-05-06"),
                T("工业"),
                T("甲厂"),
                N(1.0),
                T(""),
                T("2023-05-07"),
                T("工业"),
                T("乙厂"),
                N(1.0),
            ],
            &[T(""), T(""), T(""), T(""), T(""), T(""), T(""), T("2023-05-09"), T("工业"), T("丙厂"), N(1.0)],
        ],
    );
    wb.save(dir.path().join("工业台账.xlsx")).unwrap();
    let ing = read(dir.path());
    assert!(rejects(&ing).is_empty(), "{:?}", rejects(&ing));
    assert_eq!((ing.training.len(), ing.verification.len(), ing.enforcement.len()), (1, 2, 1));
    let labels: Vec<String> = ing.ledger.iter().map(|l| l.sheet_label()).collect();
    assert_eq!(labels, ["2023年（A:F列）", "2023年（H:K列）", "2023年（M:P列）"]);
}

/// The reading report names each table by its columns.
#[test]
fn the_reading_report_names_each_table_by_its_columns() {
    let dir = TempDir::new().unwrap();
    let input = dir.path().join("input");
    std::fs::create_dir(&input).unwrap();
    two_tables(&input, "Sheet1");
    let out = dir.path().join("output");
    let run = Command::new(env!("CARGO_BIN_EXE_tongji"))
        .args(["run", "--input"])
        .arg(&input)
        .arg("--output")
        .arg(&out)
        .args(["--period", "2023-03"])
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let report = std::fs::read_to_string(out.join("2023-03").join("读取情况.txt")).unwrap();
    assert!(report.contains("Sheet1（A:E列）") && report.contains("Sheet1（G:J列）"), "{report}");
}

/// Tables of one kind side by side are refused with the columns of each, never parted nor read
/// whole: a log and its month tally (parted, the tally would count twice), two logs (read whole,
/// one would be lost), one log cut by a spacer column whose right part has a date of its own
/// (整改时间), two tables by month of which one is the other's 其中 or plan.
#[test]
fn tables_of_one_kind_side_by_side_are_refused_naming_each() {
    let cases: [(&str, &[&[C]]); 2] = [
        (
            "tally",
            &[
                &[T("日期"), T("专业"), T("批次"), T("人次"), T(""), T("月份"), T("培训批次"), T("培训人数")],
                &[T("2023-01-10"), T("贸易"), N(1.0), N(20.0), T(""), T("1月"), N(1.0), N(20.0)],
                &[T("2023-02-10"), T("贸易"), N(1.0), N(15.0), T(""), T("2月"), N(1.0), N(15.0)],
            ],
        ),
        (
            "spacer",
            &[
                &[T("序号"), T("核查日期"), T("专业"), T("企业名称"), T(""), T("核查方式"), T("家次"), T("整改时间")],
                &[N(1.0), T("2023-03-01"), T("规上工业"), T("甲厂"), T(""), T("实地核查"), N(1.0), T("2023-05-01")],
                &[N(2.0), T("2023-03-02"), T("规上工业"), T("乙厂"), T(""), T("实地核查"), N(1.0), T("2023-06-01")],
            ],
        ),
    ];
    for (name, rows) in cases {
        let dir = TempDir::new().unwrap();
        let mut wb = Workbook::new();
        write_rows(wb.add_worksheet().set_name("台账").unwrap(), rows);
        wb.save(dir.path().join("2023年贸易台账.xlsx")).unwrap();
        let ing = read(dir.path());
        assert!(ing.training.is_empty() && ing.verification.is_empty(), "{name}: nothing counted");
        let r = rejects(&ing);
        assert_eq!(r.len(), 1, "{name}: {r:?}");
        assert!(
            r[0].contains("本表左右并排有2张同类的表（A:D列") && r[0].contains("无法确定哪些数该计入"),
            "{name}: {r:?}"
        );
        assert_eq!(ing.ledger[0].rejected as usize, rows.len(), "{name}");
    }
}

/// Tables by month alone side by side are read whole, as one table by month: halves of a year
/// (1–6月 beside 7–12月, each with its labels) give every month; a 计划 table beside the actual
/// one gives each month twice in a row, and the row is refused, never counted twice.
#[test]
fn tables_by_month_side_by_side_are_read_as_one() {
    let halves: [&[C]; 3] = [
        &[T("2023年培训人次")],
        &[T("专业"), T("1月"), T("2月"), T("3月"), T(""), T("专业"), T("4月"), T("5月"), T("6月")],
        &[T("贸易"), N(10.0), N(20.0), N(30.0), T(""), T("贸易"), N(1.0), N(2.0), N(3.0)],
    ];
    let plan: [&[C]; 3] = [
        &[T("2023年培训人次"), T(""), T(""), T(""), T(""), T("2023年计划培训人次")],
        &[T("专业"), T("1月"), T("2月"), T("3月"), T(""), T("专业"), T("1月"), T("2月"), T("3月")],
        &[T("贸易"), N(10.0), N(20.0), N(30.0), T(""), T("贸易"), N(9.0), N(9.0), N(9.0)],
    ];
    let run = |rows: &[&[C]]| {
        let dir = TempDir::new().unwrap();
        let mut wb = Workbook::new();
        write_rows(wb.add_worksheet().set_name("台账").unwrap(), rows);
        wb.save(dir.path().join("2023年贸易台账.xlsx")).unwrap();
        read(dir.path())
    };
    let ing = run(&halves);
    assert!(rejects(&ing).is_empty(), "{:?}", rejects(&ing));
    assert_eq!(ing.training.iter().map(|r| r.attendees).sum::<i64>(), 66);
    let ing = run(&plan);
    assert!(ing.training.is_empty(), "{:?}", ing.training);
    let r = rejects(&ing);
    assert!(r.len() == 1 && r[0].contains("同一行中1月的人次出现两次"), "{r:?}");
}
