//! Files from other readers' public test suites (tests/fixtures/external/, with their sources and
//! licences): each gets the message that says what it truly is.

mod common;
use common::TempDir;
use tongji::config::Config;
use tongji::ingest::ingest;
use tongji::model::FileStatus;

fn reason_for(file: &str) -> String {
    let dir = TempDir::new().unwrap();
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/external").join(file);
    std::fs::copy(&src, dir.path().join(file)).unwrap();
    let ing = ingest(dir.path(), &Config::load(dir.path()).unwrap()).unwrap();
    match &ing.files[0].status {
        FileStatus::Failed { reason } => reason.clone(),
        other => panic!("{file}: {other:?}"),
    }
}

#[test]
fn encrypted_legacy_workbooks_are_named_as_encrypted() {
    for file in ["xor-encryption-abc.xls", "rc4-password_2002_128_strong.xls"] {
        let reason = reason_for(file);
        assert!(reason.starts_with("工作簿已加密"), "{file}: {reason}");
        assert!(!reason.contains("上限"), "{file}: {reason}");
    }
}

#[test]
fn excel_4_and_earlier_are_named_as_such() {
    for file in ["biff2.xls", "biff3.xls"] {
        let reason = reason_for(file);
        assert!(reason.starts_with("文件是 Excel 95 或更早版本的格式"), "{file}: {reason}");
    }
}

/// A zip is named by its parts: an OpenDocument spreadsheet whose mimetype is not its first
/// part is an .ods (not "无法打开xlsx工作簿"), and a zip of other things says so.
#[test]
fn zips_are_named_by_their_parts() {
    use std::io::Write;
    let zip_of = |parts: &[(&str, &str)]| -> Vec<u8> {
        let mut buf = std::io::Cursor::new(Vec::new());
        let mut z = zip::ZipWriter::new(&mut buf);
        for (name, body) in parts {
            z.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
            z.write_all(body.as_bytes()).unwrap();
        }
        z.finish().unwrap();
        buf.into_inner()
    };
    let ods = zip_of(&[
        ("content.xml", "<x/>"),
        ("META-INF/manifest.xml", "<m/>"),
        ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
    ]);
    assert_eq!(tongji::ingest::sniff(&ods, "ods").map(|f| f.name()).ok(), Some("ods"));
    // Packages written with backslashes or outside xl/ are still tried as workbooks.
    for parts in [
        &[("[Content_Types].xml", "<Types/>"), ("xl\\workbook.xml", "<workbook/>")][..],
        &[("wtf/workbook.xml", "<workbook/>")][..],
    ] {
        assert_eq!(tongji::ingest::sniff(&zip_of(parts), "xlsx").map(|f| f.name()).ok(), Some("xlsx"), "{parts:?}");
    }
    let other = zip_of(&[("说明.txt", "台账见附件")]);
    let why = tongji::ingest::sniff(&other, "xlsx").map(|f| f.name()).unwrap_err();
    assert!(why.starts_with("文件是zip压缩包，但其中没有Excel或WPS工作簿"), "{why}");
}
