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

/// An OpenDocument table hidden by its style (`table:display="false"`, what LibreOffice and WPS
/// write for 隐藏工作表): read, and said to be hidden, as in xlsx and xls.
fn ods(dir: &Path) {
    use std::io::Write;
    let cell = |c: &C| {
        match c {
        T(s) => format!("<table:table-cell office:value-type=\"string\"><text:p>{s}</text:p></table:table-cell>"),
        N(n) => format!("<table:table-cell office:value-type=\"float\" office:value=\"{n}\"><text:p>{n}</text:p></table:table-cell>"),
        _ => "<table:table-cell/>".to_string(),
    }
    };
    let table = |name: &str, style: &str, rows: &[&[C]]| {
        let rows: String = rows
            .iter()
            .map(|r| format!("<table:table-row>{}</table:table-row>", r.iter().map(cell).collect::<String>()))
            .collect();
        format!("<table:table table:name=\"{name}\" table:style-name=\"{style}\">{rows}</table:table>")
    };
    let content = format!(
        concat!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" ",
            "xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" ",
            "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" ",
            "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" office:version=\"1.2\">",
            "<office:automatic-styles>",
            "<style:style style:name=\"ta1\" style:family=\"table\"><style:table-properties table:display=\"true\"/></style:style>",
            "<style:style style:name=\"ta2\" style:family=\"table\"><style:table-properties table:display=\"false\"/></style:style>",
            "</office:automatic-styles><office:body><office:spreadsheet>{}{}{}</office:spreadsheet></office:body>",
            "</office:document-content>"
        ),
        table("培训", "ta1", LOG),
        table("下拉选项", "ta2", LISTS),
        table("去年培训", "ta2", &[&[T("日期"), T("专业"), T("批次"), T("人次")], &[T("2022-05-06"), T("贸易"), N(1.0), N(9.0)]]),
    );
    let manifest = concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
        "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">",
        "<manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>",
        "<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>",
        "</manifest:manifest>"
    );
    let file = std::fs::File::create(dir.join("贸易培训台账.ods")).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet").unwrap();
    zip.start_file("META-INF/manifest.xml", stored).unwrap();
    zip.write_all(manifest.as_bytes()).unwrap();
    zip.start_file("content.xml", stored).unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    zip.finish().unwrap();
}

#[test]
fn hidden_tables_of_an_ods_file_are_read_and_named() {
    let dir = TempDir::new().unwrap();
    ods(dir.path());
    let ing = read(dir.path());
    assert!(rejects(&ing).is_empty(), "{:?}", rejects(&ing));
    assert_eq!(ledger(&ing, "培训").visibility, Visibility::Visible);
    let list = ledger(&ing, "下拉选项");
    assert_eq!(
        (list.status.clone(), list.kind_label()),
        (SheetStatus::PassedOver("下拉选项列表"), "下拉选项列表（隐藏）".to_string())
    );
    let old = ledger(&ing, "去年培训");
    assert_eq!((old.records, old.kind_label()), (1, "培训（隐藏）".to_string()));
    assert_eq!(ing.training.iter().map(|r| r.attendees).sum::<i64>(), 44);
}
