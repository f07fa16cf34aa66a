//! Reading: bytes into sheets of cells. One reader per file format behind the [`Format`] trait,
//! chosen by the file's leading bytes ([`sniff`]), never by its name; the reasons a file or sheet
//! cannot be read ([`Reason`]), each with one wording; the limits that keep a hostile file from
//! taking the machine ([`limits`]); and the guard that turns a reader library's panic into a
//! reason ([`guard`]). Nothing here knows what a training log is.

mod biff;
mod calamine;
mod crypt;
pub mod csv;
pub mod guard;
pub mod limits;
pub mod ods;
mod ole;
pub mod reason;
pub mod xls;
pub mod xlsx;

use self::crypt::Package;
pub use self::reason::{Limit, Reason};
use crate::config::Limits;
use crate::model::RawSheet;

/// What became of one sheet of a workbook.
pub enum SheetRead {
    Read(RawSheet),
    /// The sheet's name and why it could not be read.
    Unreadable(String, Reason),
    /// A sheet that is not a worksheet (chart, macro, dialog): its name and what it is.
    PassedOver(String, &'static str),
}

impl SheetRead {
    /// A sheet read, or the reason it could not be.
    pub fn from_result(name: &str, r: Result<RawSheet, Reason>) -> SheetRead {
        match r {
            Ok(s) => SheetRead::Read(s),
            Err(reason) => SheetRead::Unreadable(name.to_string(), reason),
        }
    }
}

/// What a reader got out of one file.
pub struct Workbook {
    /// The format as the ledger names it ("xlsx", "GB18030 CSV（逗号分隔）").
    pub format: String,
    pub sheets: Vec<SheetRead>,
    /// Things worth saying about the whole file (undecodable bytes).
    pub warnings: Vec<String>,
}

/// One reader per file format.
pub trait Format: Sync {
    fn name(&self) -> &'static str;
    /// Reads every sheet from the file's bytes; Err is why the file could not be opened at all.
    /// Streaming readers (xlsx, xlsb) refuse a sheet once the file is over the limits; readers
    /// that build whole files (xls, ods) refuse the file before building it.
    fn read(&self, bytes: &[u8], limits: &Limits) -> Result<Workbook, Reason>;
}

/// A file read: its format as the ledger names it ("WPS表格（.et，xls格式）", "xlsx（扩展名为.xls）")
/// and its sheets.
pub struct Opened {
    pub label: String,
    /// False for a CSV file, whose only "sheet" is the file itself.
    pub has_sheets: bool,
    pub workbook: Workbook,
}

/// Reads a file's bytes into sheets of cells: the reader chosen by [`sniff`], the zip checked
/// against the limits before anything is inflated. `ext` is the file's extension in lower case.
pub fn open(bytes: &[u8], ext: &str, limits: &Limits) -> Result<Opened, Reason> {
    let format: &dyn Format = if bytes.starts_with(&OLE) && contains(bytes, &utf16("EncryptedPackage")) {
        match crypt::open_package_with_default_password(bytes) {
            // A package that Excel's default password opens is read as the zip it decrypts to,
            // through the same sniffing and limits as any zip (the outer file is OLE2, so the
            // zip-bomb check must see the inner one). The decrypted bytes begin as a zip does, so
            // they never come back here.
            Some(Package::Decrypted(zip)) => {
                // Read as its extension says for the label ("xlsx（扩展名为.xls）"), but a
                // decrypted package is never taken for WPS's own older format.
                let mut opened = open(&zip, ext, limits).map_err(|r| match r {
                    Reason::OldWps(found) => *found,
                    other => other,
                })?;
                opened.workbook.warnings.push(DEFAULT_PASSWORD_PACKAGE.to_string());
                return Ok(opened);
            }
            Some(Package::Password) => return Err(Reason::Password),
            Some(Package::Unchecked) => return Err(Reason::EncryptionUnchecked),
            Some(Package::Damaged(found)) => return Err(Reason::broken("xlsx", found)),
            // An .xls with an encrypted document embedded in it: its own workbook is read.
            None => &xls::XlsFormat,
        }
    } else {
        sniff(bytes, ext)?
    };
    limits::check_unpacked(bytes, limits)?;
    let workbook = match format.read(bytes, limits) {
        Ok(w) => w,
        // A file named .et that is not xls or xlsx inside may be WPS's own older format: said
        // first, with what reading its bytes as they look found after it.
        Err(reason) if ext == "et" || ext == "ett" => return Err(Reason::OldWps(Box::new(reason))),
        Err(reason) => return Err(reason),
    };
    let mut label = workbook.format.clone();
    if ext == "et" || ext == "ett" {
        label = format!("WPS表格（.{ext}，{label}格式）");
    } else if format.name() != ext && !(ext == "xlsm" && format.name() == "xlsx") {
        label = format!("{label}（扩展名为.{ext}）");
    }
    Ok(Opened { label, has_sheets: format.name() != "csv", workbook })
}

/// Said of an encrypted xlsx/xlsb that Excel's default password opened.
const DEFAULT_PASSWORD_PACKAGE: &str =
    "工作簿以 Excel 的默认密码加密（打开时不需要输入密码），tongji 已按默认密码解密读取";

/// A stream name as an OLE2 directory stores it (UTF-16LE).
fn utf16(name: &str) -> Vec<u8> {
    name.encode_utf16().flat_map(|u| u.to_le_bytes()).collect()
}

const OLE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(haystack, needle).is_some()
}

/// Picks the reader from the file's leading bytes, not its name: an .xls that is really an
/// xlsx, a CSV or a web page is common when other systems "export to Excel".
pub fn sniff(bytes: &[u8], ext: &str) -> Result<&'static dyn Format, Reason> {
    if bytes.is_empty() {
        return Err(Reason::Empty);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        let head = &bytes[..bytes.len().min(200)];
        if contains(head, b"mimetype") && contains(head, b"opendocument.spreadsheet") {
            return Ok(&ods::OdsFormat);
        }
        if contains(head, b"opendocument") {
            return Err(Reason::NotATable("OpenDocument文档（可能是文字文档）"));
        }
        // The zip's central directory, at its end, names every part.
        let directory = &bytes[bytes.len().saturating_sub(64 * 1024)..];
        let whole = directory.len() == bytes.len();
        let workbook_parts =
            [&b"xl/"[..], b"xl\\", b"[Content_Types].xml", b"workbook.xml", b"workbook.bin", b"content.xml"];
        if whole && !workbook_parts.iter().any(|p| contains(directory, p)) {
            // The whole file was searched and names no workbook part (whatever its name says).
            return Err(Reason::ZipWithoutWorkbook);
        }
        if ext == "xlsb" || contains(directory, b"xl/workbook.bin") {
            return Ok(&xlsx::XlsbFormat);
        }
        if contains(directory, b"word/document.xml") {
            return Err(Reason::NotATable("Word文档"));
        }
        if contains(directory, b"ppt/presentation.xml") {
            return Err(Reason::NotATable("PowerPoint演示文稿"));
        }
        // Any OOXML package (parts under xl/ or xl\, or anywhere its [Content_Types].xml and
        // relationships point) is tried as xlsx.
        if contains(directory, b"xl/")
            || contains(directory, b"xl\\")
            || contains(directory, b"[Content_Types].xml")
            || contains(directory, b"workbook.xml")
        {
            return Ok(&xlsx::XlsxFormat);
        }
        // An OpenDocument spreadsheet whose mimetype is not its first part (some writers): its
        // parts say what it is.
        if contains(directory, b"content.xml") && contains(directory, b"META-INF/manifest.xml") {
            return Ok(&ods::OdsFormat);
        }
        if whole {
            return Err(Reason::ZipWithoutWorkbook);
        }
        return Ok(&xlsx::XlsxFormat);
    }
    // An OLE2 file is an .xls to the reader; one that holds an encrypted xlsx/xlsb package is
    // opened (or refused, said why) by `open` before the reader is asked for.
    if bytes.starts_with(&OLE) {
        return Ok(&xls::XlsFormat);
    }
    // Excel 2.x–4.0 (and some Excel 5 exports) write the BIFF records bare, with no OLE2
    // container: a BOF record first (0x0009, 0x0209, 0x0409, 0x0809) with a short length.
    if bytes.len() >= 8 && bytes[0] == 0x09 && matches!(bytes[1], 0x00 | 0x02 | 0x04 | 0x08) {
        let len = u16::from_le_bytes([bytes[2], bytes[3]]);
        if (4..=20).contains(&len) {
            return Err(Reason::Biff5OrOlder);
        }
    }
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace() && *b != 0xEF && *b != 0xBB && *b != 0xBF);
    let head: Vec<u8> = bytes[start.unwrap_or(0)..].iter().take(2048).map(|b| b.to_ascii_lowercase()).collect();
    if head.starts_with(b"<") {
        if contains(&head, b"urn:schemas-microsoft-com:office:spreadsheet") {
            return Err(Reason::ExcelXml2003);
        }
        if contains(&head, b"<html") || contains(&head, b"<table") || contains(&head, b"<!doctype") {
            return Err(Reason::Html);
        }
    }
    let probe = &bytes[..bytes.len().min(4096)];
    let has_bom = encoding_rs::Encoding::for_bom(bytes).is_some();
    if has_bom || !probe.contains(&0) || csv::utf16_without_bom(bytes).is_some() {
        return Ok(&csv::CsvFormat);
    }
    Err(Reason::Unrecognized)
}
