//! Files from other readers' public test suites (tests/fixtures/external/, with their sources and
//! licences): each gets the message that says what it truly is.

mod common;
use common::TempDir;
use tongji::config::Config;
use tongji::model::FileStatus;
use tongji::pipeline::read;

fn reason_for(file: &str) -> String {
    let dir = TempDir::new().unwrap();
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/external").join(file);
    std::fs::copy(&src, dir.path().join(file)).unwrap();
    let ing = read(dir.path(), &Config::load(dir.path()).unwrap()).unwrap();
    match &ing.files[0].status {
        FileStatus::Failed { reason } => reason.clone(),
        other => panic!("{file}: {other:?}"),
    }
}

#[test]
fn encrypted_legacy_workbooks_are_named_as_encrypted() {
    for file in ["xor-encryption-abc.xls", "rc4-password_2002_128_strong.xls"] {
        let reason = reason_for(file);
        // XOR (its 16-bit verifier) and RC4 CryptoAPI are both checked against Excel's default
        // password: these have passwords of their own.
        assert!(reason.starts_with("工作簿已加密，设有打开密码"), "{file}: {reason}");
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
/// part is an .ods (not "xlsx文件已损坏"), and a zip of other things says so.
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
    assert_eq!(tongji::ingest::read::sniff(&ods, "ods").map(|f| f.name()).ok(), Some("ods"));
    // Packages written with backslashes or outside xl/ are still tried as workbooks.
    for parts in [
        &[("[Content_Types].xml", "<Types/>"), ("xl\\workbook.xml", "<workbook/>")][..],
        &[("wtf/workbook.xml", "<workbook/>")][..],
    ] {
        assert_eq!(
            tongji::ingest::read::sniff(&zip_of(parts), "xlsx").map(|f| f.name()).ok(),
            Some("xlsx"),
            "{parts:?}"
        );
    }
    let other = zip_of(&[("说明.txt", "台账见附件")]);
    let why = tongji::ingest::read::sniff(&other, "xlsx").map(|f| f.name()).unwrap_err();
    assert_eq!(why, tongji::ingest::read::Reason::ZipWithoutWorkbook);
    assert!(why.to_string().starts_with("文件是zip压缩包，但其中没有Excel或WPS工作簿"), "{why}");
}

#[test]
fn an_unknown_code_page_is_named_as_such() {
    let reason = reason_for("maccentraleurope.biff5.xls");
    assert!(reason.starts_with("工作簿使用了不支持的代码页10029（文字编码）"), "{reason}");
    assert!(!reason.contains("损坏"), "{reason}");
}

/// A valid .ods that calamine cannot parse (whitespace between cells) is not called damaged:
/// the reason says either may be true, the parser's words follow in brackets, cut to one line.
#[test]
fn content_the_reader_cannot_parse_is_not_called_damaged() {
    let reason = reason_for("issue.804.ods");
    assert!(reason.starts_with("ods工作簿的内容无法解析（文件可能已损坏，也可能用了读取库不支持的写法）"), "{reason}");
    assert!(reason.contains("（原始信息：Expecting 'table-cell'"), "{reason}");
    assert!(!reason.contains('\n') && reason.chars().count() < 250, "{reason}");
}

/// A reader's panic on a valid workbook (calamine on POI's Simple.xlsb): one wording, and the
/// place from the crate's folder on.
#[test]
fn a_reader_panic_has_one_wording_and_place() {
    let reason = reason_for("Simple.xlsb");
    assert!(
        reason.starts_with("读取库读这个文件时出错（文件可能已损坏，也可能是读取库的缺陷），未读取（原始信息："),
        "{reason}"
    );
    assert!(reason.contains("，位置 calamine-0.38.0/src/"), "{reason}");
}

/// An OpenDocument spreadsheet without its mimetype part (WPS and LibreOffice open it) is read.
#[test]
fn an_ods_without_its_mimetype_part_is_read() {
    let dir = TempDir::new().unwrap();
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/external/nomimetype.ods");
    std::fs::copy(&src, dir.path().join("nomimetype.ods")).unwrap();
    let ing = read(dir.path(), &Config::load(dir.path()).unwrap()).unwrap();
    assert!(matches!(&ing.files[0].status, FileStatus::Read { format } if format == "ods"), "{:?}", ing.files);
    assert!(!ing.ledger.is_empty(), "its sheet is in the ledger");
}

/// The first cells of each sheet of an .xls as tongji's reader gives them.
fn xls_cells(file: &str) -> Vec<Vec<String>> {
    use tongji::ingest::read::{Format, SheetRead};
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/external").join(file);
    let bytes = std::fs::read(path).unwrap();
    let book = tongji::ingest::read::xls::XlsFormat.read(&bytes, &tongji::config::Limits::default()).unwrap();
    assert!(book.warnings.iter().any(|w| w.contains("默认密码解密读取")), "{file}: {:?}", book.warnings);
    book.sheets
        .iter()
        .map(|s| match s {
            SheetRead::Read(raw) => {
                raw.rows.iter().take(3).flat_map(|r| r.cells.iter().map(|(_, v)| format!("{v:?}"))).collect()
            }
            _ => Vec::new(),
        })
        .collect()
}

/// Excel saves a workbook with only a password to modify (or a protected structure) encrypted
/// with its default password, and opens it without asking: tongji decrypts it (RC4, and RC4
/// CryptoAPI) and reads what other readers' tests say is there; a workbook with a password of
/// its own stays refused, said as such.
#[test]
fn workbooks_encrypted_with_the_default_password_are_read() {
    // PhpSpreadsheet's PasswordTest: A1 is "x".
    assert_eq!(xls_cells("pwtest.xls")[0].first().map(String::as_str), Some(r#"Text("x")"#));
    // ExcelDataReader's test: A1 "x", A2 1.4.
    let cells = &xls_cells("protectedsheet-xxx.xls")[0];
    assert_eq!(cells[..2], [r#"Text("x")"#.to_string(), "Number(1.4)".to_string()]);
    // RC4 CryptoAPI (PhpSpreadsheet does not decrypt it; its A1 is also "x").
    assert_eq!(xls_cells("pwtest3.xls"), [[r#"Text("x")"#.to_string()]]);
    // pwtest2.xls has the password "pwtest2".
    let reason = reason_for("pwtest2.xls");
    assert!(reason.starts_with("工作簿已加密，设有打开密码"), "{reason}");
}

/// The first cells of the first sheet of any file as tongji's reader opens it, and the notes it
/// gives the file.
fn opened_cells(path: &std::path::Path) -> (Vec<String>, Vec<String>) {
    use tongji::ingest::read::SheetRead;
    let bytes = std::fs::read(path).unwrap();
    let ext = path.extension().unwrap().to_string_lossy().to_lowercase();
    let opened = tongji::ingest::read::open(&bytes, &ext, &tongji::config::Limits::default())
        .unwrap_or_else(|r| panic!("{}: {r}", path.display()));
    let cells = match &opened.workbook.sheets[0] {
        SheetRead::Read(raw) => {
            raw.rows.iter().take(2).flat_map(|r| r.cells.iter().take(1).map(|(_, v)| format!("{v:?}"))).collect()
        }
        _ => Vec::new(),
    };
    (cells, opened.workbook.warnings)
}

/// An encrypted xlsx (ECMA-376 standard or agile encryption) that Excel's default password opens
/// is decrypted and read as the zip it holds, with a note; one with a password of its own is
/// refused as such, its verifier checked before anything is decrypted; one whose cipher cannot
/// be checked says so.
#[test]
fn packages_encrypted_with_the_default_password_are_read() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    // Made with msoffcrypto-tool (agile, AES-256/SHA-512) over a workbook of A1 "x", A2 1.4.
    let (cells, notes) = opened_cells(&root.join("encrypted/default_password_agile.xlsx"));
    assert_eq!(cells, [r#"Text("x")"#.to_string(), "Number(1.4)".to_string()]);
    assert!(notes.iter().any(|n| n.contains("已按默认密码解密读取")), "{notes:?}");
    // POI's standard-encryption files (3.2 and 4.2) with the default password.
    let (cells, notes) = opened_cells(&root.join("external/58616.xlsx"));
    assert_eq!(cells.first().map(String::as_str), Some(r#"Text("EPQ Manual Template v2.3.19 Daika")"#));
    assert!(notes.iter().any(|n| n.contains("默认密码")), "{notes:?}");
    let (cells, _) = opened_cells(&root.join("external/protect.xlsx"));
    assert!(cells.first().is_some_and(|c| c.starts_with("Text(")), "{cells:?}");
    // Passwords of their own, standard and agile, an xlsb inside one of them.
    for file in [
        "protected_passtika.xlsx",
        "protected_passtika.xlsb",
        "protected_sha512.xlsx",
        "60320-protected.xlsx",
        "standard_AES256_SHA1_ECB_pwd_password.xlsx",
        "agile_AES128_MD5_CBC_pwd_password.xlsx",
        "agile_AES192_SHA512_CBC_pwd_password.xlsx",
    ] {
        let reason = reason_for(file);
        assert!(reason.starts_with("工作簿设有打开密码"), "{file}: {reason}");
    }
    // RC2 and 3DES: the password cannot be checked, and nothing is guessed.
    for file in ["agile_RC2_SHA1_CBC_pwd_password.xlsx", "agile_DESede_SHA384_CBC_pwd_password.xlsx"] {
        let reason = reason_for(file);
        assert!(reason.starts_with("工作簿已加密（加密方式 tongji 无法验证"), "{file}: {reason}");
    }
}

/// A decrypted package is run through the limits like any zip: the outer file is OLE2, so a
/// zip bomb inside must not slip past the check that only looks at zips.
#[test]
fn a_decrypted_package_is_held_to_the_limits() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/external/58616.xlsx");
    let bytes = std::fs::read(path).unwrap();
    let tight = tongji::config::Limits { max_unpacked_mb: 0, ..tongji::config::Limits::default() };
    let why = tongji::ingest::read::open(&bytes, "xlsx", &tight).err().expect("refused").to_string();
    assert!(why.contains("解压后约") && why.contains("max_unpacked_mb"), "{why}");
}

/// A sheet's visibility is read from the workbook in .xls as in .xlsx (POI's TwoSheetsOneHidden):
/// the ledger says which sheet is hidden.
#[test]
fn hidden_sheets_are_named_in_xls_and_xlsx() {
    use tongji::model::Visibility;
    for file in ["TwoSheetsOneHidden.xls", "TwoSheetsOneHidden.xlsx"] {
        let dir = TempDir::new().unwrap();
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/external").join(file);
        std::fs::copy(&src, dir.path().join(file)).unwrap();
        let ing = read(dir.path(), &Config::load(dir.path()).unwrap()).unwrap();
        let seen: Vec<(String, Visibility, String)> =
            ing.ledger.iter().map(|l| (l.sheet.clone().unwrap_or_default(), l.visibility, l.kind_label())).collect();
        assert_eq!(
            seen,
            [
                ("Sheet1".to_string(), Visibility::Hidden, "未识别（隐藏）".to_string()),
                ("Sheet2".to_string(), Visibility::Visible, "未识别".to_string())
            ],
            "{file}"
        );
    }
}
