//! Excel 97–2003 workbooks (.xls, BIFF8), read whole with calamine: an .xls sheet is at most
//! 65,536 × 256 cells. The OLE2 container around the workbook stream is read by `ole`, not by
//! calamine (see there why), and the records inside are surveyed by `biff` before calamine
//! builds them.

use std::io::Cursor;

use calamine::{Reader, Xls, XlsError};

use super::calamine::{merges_from, read_ranges};
use super::crypt::{self, Outcome};
use super::{biff, ole, Format, Reason, Workbook};

/// Said of a workbook Excel encrypted with its default password, which tongji undid.
const DEFAULT_PASSWORD_READ: &str =
    "工作簿以 Excel 的默认密码加密（设了修改密码或保护了工作簿时 Excel 会这样保存），tongji 已按默认密码解密读取";
use crate::config::Limits;

pub struct XlsFormat;

impl Format for XlsFormat {
    fn name(&self) -> &'static str {
        "xls"
    }

    fn read(&self, bytes: &[u8], limits: &Limits) -> Result<Workbook, Reason> {
        let mut stream = ole::workbook_stream(bytes).map_err(|why| Reason::broken("xls", why))?;
        let mut warnings = Vec::new();
        match crypt::open_with_default_password(&mut stream) {
            None => {}
            Some(Outcome::Decrypted) => warnings.push(DEFAULT_PASSWORD_READ.to_string()),
            Some(Outcome::Password) => return Err(Reason::LegacyEncrypted { checked: true }),
            Some(Outcome::DefaultXor) => return Err(Reason::DefaultXor),
            Some(Outcome::Unchecked) => return Err(Reason::LegacyEncrypted { checked: false }),
        }
        // calamine builds every sheet whole when it opens the file: what it would build is
        // checked against the limits first.
        biff::survey(&mut stream)?.check(limits, "各表的单元格区域合计")?;
        let mut wb: Xls<_> = Xls::new(Cursor::new(ole::container(&stream))).map_err(|e| match e {
            XlsError::Password => Reason::Password,
            XlsError::Io(_) | XlsError::EoStream(_) | XlsError::Len { .. } | XlsError::ContinueRecordTooShort => {
                Reason::damaged("xls", e)
            }
            other => code_page(&other).map(Reason::CodePage).unwrap_or_else(|| Reason::unparsed("xls", other)),
        })?;
        let sheets = read_ranges(&mut wb, |wb, name| {
            wb.merge_cells_by_sheet_name(name).map(|m| merges_from(&m)).unwrap_or_default()
        });
        Ok(Workbook { format: self.name().to_string(), sheets, warnings })
    }
}

/// The code page calamine does not know, from its message ("Cfb error: Codepage 272D not
/// found": its error type is private, so its words are all there is).
fn code_page(e: &XlsError) -> Option<u16> {
    let said = e.to_string();
    let hex = said.split("Codepage ").nth(1)?.split(' ').next()?;
    said.ends_with("not found").then(|| u16::from_str_radix(hex, 16).ok()).flatten()
}
