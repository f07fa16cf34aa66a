//! Hidden sheets (issue 21, point 3): a dropdown's list, visible or hidden, is named as such and
//! passed over, never refused (so `tongji check` does not send a clerk to mend a sheet she cannot
//! see); a hidden sheet that is a real ledger is read, and the console and 读取情况 say a hidden
//! sheet was read, with its records.

use std::path::Path;
use std::process::Command;

mod common;
use common::book::{ledger, read, rejects, write_rows, C, C::*};
use common::TempDir;
use rust_xlsxwriter::Workbook;
use tongji::model::{SheetStatus, Visibility};

const LOG: &[&[C]] = &[
    &[T("日期"), T("专业"), T("批次"), T("人次")],
    &[T("2023-03-01"), T("贸易"), N(1.0), N(20.0)],
    &[T("2023-04-02"), T("贸易"), N(1.0), N(15.0)],
];

const LISTS: &[&[C]] = &[
    &[T("专业"), T("核查方式")],
    &[T("规上工业"), T("实地核查")],
    &[T("贸易"), T("电话核查")],
    &[T("服务业"), T("书面核查")],
    &[T("能源")],
];

fn workbook(dir: &Path) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("培训").unwrap();
    write_rows(ws, LOG);
    let ws = wb.add_worksheet().set_name("下拉选项").unwrap();
    write_rows(ws, LISTS);
    ws.set_hidden(true);
    let ws = wb.add_worksheet().set_name("去年培训").unwrap();
    write_rows(ws, &[&[T("日期"), T("专业"), T("批次"), T("人次")], &[T("2022-05-06"), T("贸易"), N(1.0), N(9.0)]]);
    ws.set_hidden(true);
    let ws = wb.add_worksheet().set_name("代码").unwrap();
    write_rows(ws, &[&[T("部门")], &[T("县消防救援大队")], &[T("县市场监管局")], &[T("县税务局")]]);
    ws.set_very_hidden(true);
    wb.save(dir.join("贸易培训台账.xlsx")).unwrap();
}

#[test]
fn lists_are_passed_over_and_hidden_ledgers_read_and_named() {
    let dir = TempDir::new().unwrap();
    workbook(dir.path());
    let ing = read(dir.path());
    // Named by the file as a training log, the list would have been refused for want of a header.
    assert!(rejects(&ing).is_empty(), "{:?}", rejects(&ing));
    let list = ledger(&ing, "下拉选项");
    assert_eq!(
        (list.status.clone(), list.visibility, list.notes),
        (SheetStatus::PassedOver("下拉选项列表"), Visibility::Hidden, 5)
    );
    assert_eq!(list.kind_label(), "下拉选项列表（隐藏）");
    assert_eq!(ledger(&ing, "代码").status, SheetStatus::PassedOver("下拉选项列表"));
    assert_eq!(ledger(&ing, "代码").visibility, Visibility::VeryHidden);
    let old = ledger(&ing, "去年培训");
    assert_eq!((old.records, old.visibility), (1, Visibility::Hidden));
    assert_eq!(old.kind_label(), "培训（隐藏）");
    assert_eq!(ing.training.iter().map(|r| r.attendees).sum::<i64>(), 44);

    let out = Command::new(env!("CARGO_BIN_EXE_tongji"))
        .args(["run", "--input", ".", "--output", "../out", "--period", "2023-04"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let console = String::from_utf8(out.stdout).unwrap();
    assert!(console.contains("读取了隐藏的工作表1张"), "{console}");
    assert!(console.contains("贸易培训台账.xlsx [去年培训]（隐藏）：1条记录"), "{console}");
    let check = Command::new(env!("CARGO_BIN_EXE_tongji"))
        .args(["check", "--input", "."])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(0), "a list is no reason to fail a check");
    let text = String::from_utf8(check.stdout).unwrap();
    assert!(text.contains("下拉选项列表（隐藏）") && text.contains("读取了隐藏的工作表1张"), "{text}");
}

/// A short column of names that is no list (a roster, a table of contents) stays what it was.
#[test]
fn names_that_are_no_list_are_not_taken_for_one() {
    let dir = TempDir::new().unwrap();
    let mut wb = Workbook::new();
    write_rows(wb.add_worksheet().set_name("名单").unwrap(), &[&[T("姓名")], &[T("张三")], &[T("李四")], &[T("王五")]]);
    // Short texts without a digit, few of them names a list would hold: no list either.
    write_rows(
        wb.add_worksheet().set_name("说明").unwrap(),
        &[&[T("目录")], &[T("培训情况")], &[T("核查情况")], &[T("贸易")]],
    );
    wb.save(dir.path().join("资料.xlsx")).unwrap();
    let ing = read(dir.path());
    assert_eq!(ledger(&ing, "名单").status, SheetStatus::Unrecognized);
    assert_eq!(ledger(&ing, "说明").status, SheetStatus::Unrecognized);
}
