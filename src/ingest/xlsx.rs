//! Excel 2007+ workbooks (.xlsx, .xlsm, .xlsb), read cell by cell with calamine's streaming
//! reader: a stray formatted cell at XFD1048576 costs nothing.

use std::io::Cursor;

use calamine::{Reader, Xlsb, Xlsx};

use super::cell::RawSheet;
use super::{convert_data_ref, merges_from, Format, Workbook};

pub struct XlsxFormat;

impl Format for XlsxFormat {
    fn name(&self) -> &'static str {
        "xlsx"
    }

    fn read(&self, bytes: &[u8]) -> Result<Workbook, String> {
        let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| super::describe_xlsx_error(&e))?;
        let names = wb.sheet_names();
        let mut sheets = Vec::with_capacity(names.len());
        for name in names {
            sheets.push(read_sheet(&mut wb, &name).map_err(|reason| (name.clone(), reason)));
        }
        Ok(Workbook { format: self.name().to_string(), sheets, warnings: Vec::new() })
    }
}

fn read_sheet(wb: &mut Xlsx<Cursor<&[u8]>>, name: &str) -> Result<RawSheet, String> {
    let mut cells = Vec::new();
    {
        let mut reader = wb.worksheet_cells_reader(name).map_err(|e| super::describe_xlsx_error(&e))?;
        while let Some(cell) = reader.next_cell().map_err(|e| super::describe_xlsx_error(&e))? {
            let (r, c) = cell.get_position();
            let v = convert_data_ref(cell.get_value());
            if !v.is_empty() {
                cells.push((r, c, v));
            }
        }
    }
    let merges = wb.merge_cells_by_sheet_name(name).map(|m| merges_from(&m)).unwrap_or_default();
    Ok(RawSheet::from_cells(name.to_string(), cells, merges))
}

pub struct XlsbFormat;

impl Format for XlsbFormat {
    fn name(&self) -> &'static str {
        "xlsb"
    }

    fn read(&self, bytes: &[u8]) -> Result<Workbook, String> {
        let mut wb: Xlsb<_> = Xlsb::new(Cursor::new(bytes)).map_err(|e| format!("无法打开xlsb工作簿：{e}"))?;
        let names = wb.sheet_names();
        let mut sheets = Vec::with_capacity(names.len());
        for name in names {
            let mut read = || -> Result<RawSheet, String> {
                let mut cells = Vec::new();
                let mut reader = wb.worksheet_cells_reader(&name).map_err(|e| format!("无法读取工作表：{e}"))?;
                while let Some(cell) = reader.next_cell().map_err(|e| format!("无法读取工作表：{e}"))? {
                    let (r, c) = cell.get_position();
                    let v = convert_data_ref(cell.get_value());
                    if !v.is_empty() {
                        cells.push((r, c, v));
                    }
                }
                Ok(RawSheet::from_cells(name.clone(), cells, Vec::new()))
            };
            sheets.push(read().map_err(|reason| (name.clone(), reason)));
        }
        Ok(Workbook { format: self.name().to_string(), sheets, warnings: Vec::new() })
    }
}
