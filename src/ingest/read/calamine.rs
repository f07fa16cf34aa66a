//! calamine's cell values and ranges turned into the format-neutral sheet of cells.

use calamine::{CellErrorType, Data, DataRef, Dimensions, Range};

use super::{Reason, SheetRead};
use crate::model::{CellValue, Merge, Rows, Visibility};

/// calamine's sheet visibility as tongji's.
pub(crate) fn visibility(v: calamine::SheetVisible) -> Visibility {
    match v {
        calamine::SheetVisible::Visible => Visibility::Visible,
        calamine::SheetVisible::Hidden => Visibility::Hidden,
        calamine::SheetVisible::VeryHidden => Visibility::VeryHidden,
    }
}

/// What a sheet that is not a worksheet is called in the ledger; None for a worksheet.
pub(crate) fn not_a_worksheet(typ: calamine::SheetType) -> Option<&'static str> {
    match typ {
        calamine::SheetType::WorkSheet => None,
        calamine::SheetType::ChartSheet => Some("图表页"),
        calamine::SheetType::MacroSheet => Some("宏表"),
        calamine::SheetType::DialogSheet => Some("对话框表"),
        calamine::SheetType::Vba => Some("VBA模块"),
    }
}

/// Converts calamine's streamed cell value.
pub(crate) fn convert_data_ref(v: &DataRef<'_>) -> CellValue {
    match v {
        DataRef::Int(i) => CellValue::Number(*i as f64),
        DataRef::Float(f) => CellValue::Number(*f),
        DataRef::String(s) => CellValue::from_text(s),
        DataRef::SharedString(s) => CellValue::from_text(s),
        DataRef::Bool(b) => CellValue::Bool(*b),
        DataRef::DateTime(dt) if dt.is_datetime() => {
            dt.as_datetime().map(CellValue::DateTime).unwrap_or(CellValue::Number(dt.as_f64()))
        }
        DataRef::DateTime(dt) => CellValue::Number(dt.as_f64()),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => CellValue::from_text(s),
        DataRef::Error(e) => CellValue::Error(error_text(e)),
        DataRef::Empty => CellValue::Empty,
    }
}

/// Converts calamine's cell value from a whole-sheet range.
pub(crate) fn convert_data(v: &Data) -> CellValue {
    match v {
        Data::Int(i) => CellValue::Number(*i as f64),
        Data::Float(f) => CellValue::Number(*f),
        Data::String(s) => CellValue::from_text(s),
        Data::Bool(b) => CellValue::Bool(*b),
        Data::DateTime(dt) if dt.is_datetime() => {
            dt.as_datetime().map(CellValue::DateTime).unwrap_or(CellValue::Number(dt.as_f64()))
        }
        Data::DateTime(dt) => CellValue::Number(dt.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => CellValue::from_text(s),
        Data::Error(e) => CellValue::Error(error_text(e)),
        Data::Empty => CellValue::Empty,
    }
}

fn error_text(e: &CellErrorType) -> String {
    format!("{e}")
}

/// Reads every sheet of a workbook that calamine reads whole (xls, ods); `merges` gives a
/// sheet's merged regions where the format has them. The limits were checked by the file's
/// [`Survey`] before calamine opened it: it bounds every cell and byte of text read here.
pub(crate) fn read_ranges<R, RS>(wb: &mut R, merges: impl Fn(&R, &str) -> Vec<Merge>) -> Vec<SheetRead>
where
    R: calamine::Reader<RS>,
    RS: std::io::Read + std::io::Seek,
    R::Error: std::fmt::Display,
{
    let metadata: Vec<(String, calamine::SheetType, Visibility)> =
        wb.sheets_metadata().iter().map(|s| (s.name.clone(), s.typ, visibility(s.visible))).collect();
    let mut sheets = Vec::with_capacity(metadata.len());
    for (name, typ, visibility) in metadata {
        if let Some(what) = not_a_worksheet(typ) {
            sheets.push(SheetRead::PassedOver(name, what));
            continue;
        }
        let sheet = match wb.worksheet_range(&name) {
            Ok(range) => {
                let mut sheet = cells_from_range(&range).into_sheet(name.clone(), merges(wb, &name));
                sheet.visibility = visibility;
                SheetRead::Read(sheet)
            }
            Err(e) => SheetRead::Unreadable(name, Reason::Sheet { library: e.to_string() }),
        };
        sheets.push(sheet);
    }
    sheets
}

/// The non-empty cells of a range, with absolute positions.
pub(crate) fn cells_from_range(range: &Range<Data>) -> Rows {
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let mut rows = Rows::default();
    for (r, c, v) in range.used_cells() {
        rows.push(r0 + r as u32, c0 + c as u32, convert_data(v));
    }
    rows
}

pub(crate) fn merges_from(dims: &[Dimensions]) -> Vec<Merge> {
    dims.iter()
        .map(|d| Merge { first_row: d.start.0, first_col: d.start.1, last_row: d.end.0, last_col: d.end.1 })
        .collect()
}
