//! OpenDocument spreadsheets (.ods, as saved by WPS and LibreOffice), read with calamine.
//! calamine does not report an .ods file's merged regions: a merged cell counts in its first row.

use std::io::Cursor;

use calamine::{Ods, OdsError, Reader};

use super::{read_ranges, Format, Workbook};
use crate::config::Limits;

pub struct OdsFormat;

impl Format for OdsFormat {
    fn name(&self) -> &'static str {
        "ods"
    }

    fn read(&self, bytes: &[u8], limits: &Limits) -> Result<Workbook, String> {
        let mut wb: Ods<_> = Ods::new(Cursor::new(bytes)).map_err(|e| match e {
            OdsError::Password => "工作簿设有打开密码，无法读取；请取消密码后另存".to_string(),
            other => format!("无法打开ods工作簿（文件可能已损坏）：{other}"),
        })?;
        let sheets = read_ranges(&mut wb, limits, |_, _| Vec::new());
        Ok(Workbook { format: self.name().to_string(), sheets, warnings: Vec::new() })
    }
}
