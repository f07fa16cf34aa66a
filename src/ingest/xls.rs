//! Excel 97–2003 workbooks (.xls, BIFF8), read whole with calamine: an .xls sheet is at most
//! 65,536 × 256 cells. The OLE2 container around the workbook stream is read by `ole`, not by
//! calamine (see there why), and the records inside are surveyed by `biff` before calamine
//! builds them.

use std::io::Cursor;

use calamine::{Reader, Xls, XlsError};

use super::{biff, merges_from, ole, read_ranges, Format, Workbook};
use crate::config::Limits;

pub struct XlsFormat;

impl Format for XlsFormat {
    fn name(&self) -> &'static str {
        "xls"
    }

    fn read(&self, bytes: &[u8], limits: &Limits) -> Result<Workbook, String> {
        let mut stream = ole::workbook_stream(bytes)
            .map_err(|why| format!("xls文件内部结构损坏（{why}），无法读取；请在Excel中打开后另存"))?;
        // calamine builds every sheet whole when it opens the file: what it would build is
        // checked against the limits first.
        biff::survey(&mut stream)?.check(limits, "各表的单元格区域合计")?;
        let mut wb: Xls<_> = Xls::new(Cursor::new(ole::container(&stream))).map_err(|e| match e {
            XlsError::Password => "工作簿设有打开密码，无法读取；请取消密码后另存".to_string(),
            other => format!("无法打开xls工作簿（文件可能已损坏）：{other}"),
        })?;
        let sheets = read_ranges(&mut wb, |wb, name| {
            wb.merge_cells_by_sheet_name(name).map(|m| merges_from(&m)).unwrap_or_default()
        });
        Ok(Workbook { format: self.name().to_string(), sheets, warnings: Vec::new() })
    }
}
