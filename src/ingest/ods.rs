//! OpenDocument spreadsheets (.ods, as saved by WPS and LibreOffice), read with calamine, after
//! a survey of what calamine would build (see [`survey`]).
//! calamine does not report an .ods file's merged regions: a merged cell counts in its first row.

use std::io::Cursor;

use calamine::{Ods, OdsError, Reader};
use quick_xml::events::{BytesStart, Event};

use super::{read_ranges, too_much_text, Format, Workbook};
use crate::config::Limits;

pub struct OdsFormat;

impl Format for OdsFormat {
    fn name(&self) -> &'static str {
        "ods"
    }

    fn read(&self, bytes: &[u8], limits: &Limits) -> Result<Workbook, String> {
        // calamine builds every table whole when it opens the file: what it would build is
        // checked against the limits first.
        if let Some(survey) = survey(bytes) {
            if survey.cells > limits.max_cells {
                return Err(format!(
                    "工作簿展开重复行列后约{}个单元格，超过上限{}个（tongji.toml 的 [limits] max_cells），可能是异常文件，未读取",
                    survey.cells, limits.max_cells
                ));
            }
            if survey.text > limits.max_text_mb << 20 {
                return Err(too_much_text(limits));
            }
        }
        let mut wb: Ods<_> = Ods::new(Cursor::new(bytes)).map_err(|e| match e {
            OdsError::Password => "工作簿设有打开密码，无法读取；请取消密码后另存".to_string(),
            other => format!("无法打开ods工作簿（文件可能已损坏）：{other}"),
        })?;
        let sheets = read_ranges(&mut wb, limits, |_, _| Vec::new());
        Ok(Workbook { format: self.name().to_string(), sheets, warnings: Vec::new() })
    }
}

/// What calamine would build from an .ods file's content.xml.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Survey {
    /// Cells held: each table row as read (repeated columns written out), then the dense value
    /// and formula ranges of each table.
    pub cells: u64,
    /// Bytes of text those cells would hold, at most.
    pub text: u64,
}

/// calamine's caps: rows per table, columns per row.
const MAX_ROWS: u64 = 1_048_576;
const MAX_COLUMNS: u64 = 16_384;

/// One `table:table-row` as calamine reads it.
#[derive(Default)]
struct Row {
    repeats: u64,
    /// Cells written out for this row (a run of empty cells only when a cell follows it).
    cells: u64,
    pending_empty: u64,
    /// First and last written-out column holding a value, and one holding a formula.
    values: Span,
    formulas: Span,
    text: u64,
}

/// One `table:table-cell` as calamine reads it.
#[derive(Default)]
struct Cell {
    repeats: u64,
    value: bool,
    formula: bool,
    text: u64,
}

/// A row's repeats and the columns holding values and formulas, kept for its table's range.
type Span = Option<(u64, u64)>;

struct Used {
    repeats: u64,
    values: Span,
    formulas: Span,
}

/// The area calamine's `get_range` builds for one table: from the first to the last row with
/// something in it (repeats written out), from the first to the last such column.
#[derive(Default)]
struct Table {
    rows: Vec<Used>,
    total_rows: u64,
}

impl Table {
    fn area(&self, pick: impl Fn(&Used) -> Span) -> u64 {
        let used: Vec<usize> = (0..self.rows.len()).filter(|i| pick(&self.rows[*i]).is_some()).collect();
        let (Some(first), Some(last)) = (used.first(), used.last()) else { return 0 };
        let height: u64 = self.rows[*first..=*last].iter().map(|r| r.repeats).sum();
        let (lo, hi) = used
            .iter()
            .filter_map(|i| pick(&self.rows[*i]))
            .fold((u64::MAX, 0), |(lo, hi), (a, b)| (lo.min(a), hi.max(b)));
        height.saturating_mul(hi + 1 - lo)
    }
}

fn attr_u64(e: &BytesStart, local: &str) -> Option<u64> {
    e.attributes().flatten().find(|a| a.key.local_name().as_ref() == local).and_then(|a| a.value.trim().parse().ok())
}

/// Reads content.xml the way calamine 0.38's ods reader does, without keeping anything, and says
/// how many cells and how much text calamine would hold: a repeated column or row is one
/// element in the file and thousands of cells in memory, and `<text:s text:c="N"/>` is N
/// spaces. None when content.xml cannot be read (calamine then says why).
pub(crate) fn survey(bytes: &[u8]) -> Option<Survey> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let part = zip.by_name("content.xml").ok()?;
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(part));
    reader.config_mut().check_end_names = false;
    let mut buf = Vec::new();
    let mut out = Survey::default();
    let mut table: Option<Table> = None;
    let mut row: Option<Row> = None;
    let mut cell: Option<Cell> = None;
    let mut in_string = false;
    loop {
        let event = reader.read_event_into(&mut buf).ok()?;
        let (start, empty) = match &event {
            Event::Start(e) => (Some(e), false),
            Event::Empty(e) => (Some(e), true),
            _ => (None, false),
        };
        if let Some(e) = start {
            match e.local_name().as_ref() {
                "table" if table.is_none() => table = Some(Table::default()),
                "table-row" if table.is_some() => {
                    let t = table.as_mut()?;
                    let repeats =
                        attr_u64(e, "number-rows-repeated").unwrap_or(1).min(MAX_ROWS - t.total_rows.min(MAX_ROWS));
                    t.total_rows += repeats;
                    row = Some(Row { repeats, ..Row::default() });
                }
                "table-cell" | "covered-table-cell" if row.is_some() => {
                    let mut c =
                        Cell { repeats: attr_u64(e, "number-columns-repeated").unwrap_or(1), ..Cell::default() };
                    let mut string_type = false;
                    for a in e.attributes().flatten() {
                        match a.key.local_name().as_ref() {
                            "value" | "date-value" | "time-value" | "boolean-value" => c.value = true,
                            "string-value" => {
                                c.value = true;
                                c.text += a.value.len() as u64;
                            }
                            "value-type" => string_type |= a.value == "string" || a.value == "error",
                            "formula" => {
                                c.formula = true;
                                c.text += a.value.len() as u64;
                            }
                            _ => {}
                        }
                    }
                    in_string = string_type && !empty;
                    c.value |= string_type;
                    if empty {
                        close_cell(row.as_mut()?, c);
                    } else {
                        cell = Some(c);
                    }
                }
                // Inside a cell: spaces, tabs, line breaks and paragraphs add characters.
                "s" if in_string => {
                    let c = cell.as_mut()?;
                    c.text = c.text.saturating_add(attr_u64(e, "c").unwrap_or(1));
                }
                "tab" | "line-break" | "p" if in_string => cell.as_mut()?.text += 1,
                _ => {}
            }
            buf.clear();
            continue;
        }
        match event {
            Event::Text(t) if in_string => cell.as_mut()?.text += t.len() as u64,
            Event::CData(t) if in_string => cell.as_mut()?.text += t.len() as u64,
            Event::GeneralRef(_) if in_string => cell.as_mut()?.text += 4,
            Event::End(e) => match e.local_name().as_ref() {
                "table-cell" | "covered-table-cell" => {
                    if let (Some(r), Some(c)) = (row.as_mut(), cell.take()) {
                        close_cell(r, c);
                    }
                    in_string = false;
                }
                "table-row" => {
                    if let (Some(t), Some(r)) = (table.as_mut(), row.take()) {
                        out.cells = out.cells.saturating_add(2 * r.cells); // values and formulas
                                                                           // Once in the row as read, once per repeat in the range.
                        out.text = out.text.saturating_add((r.repeats + 1).saturating_mul(r.text));
                        t.rows.push(Used { repeats: r.repeats, values: r.values, formulas: r.formulas });
                    }
                }
                "table" => {
                    if let Some(t) = table.take() {
                        out.cells =
                            out.cells.saturating_add(t.area(|r| r.values)).saturating_add(t.area(|r| r.formulas));
                    }
                }
                _ => {}
            },
            Event::Eof => return Some(out),
            _ => {}
        }
        buf.clear();
    }
}

/// A cell's columns added to its row, as calamine adds them: a run of empty cells is written out
/// only when another cell follows it, and no row grows past 16,384 columns.
fn close_cell(row: &mut Row, cell: Cell) {
    let room = MAX_COLUMNS.saturating_sub(row.cells);
    row.cells += row.pending_empty.min(room);
    row.pending_empty = 0;
    let repeats = cell.repeats.min(MAX_COLUMNS.saturating_sub(row.cells));
    if !cell.value && !cell.formula {
        row.pending_empty = repeats;
        return;
    }
    let span = (row.cells, row.cells + repeats.max(1) - 1);
    let widen = |seen: Option<(u64, u64)>| Some(seen.map_or(span, |(a, b)| (a.min(span.0), b.max(span.1))));
    if repeats > 0 {
        if cell.value {
            row.values = widen(row.values);
        }
        if cell.formula {
            row.formulas = widen(row.formulas);
        }
    }
    row.cells += repeats;
    row.text = row.text.saturating_add(repeats.saturating_mul(cell.text));
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn ods(table: &str) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        zip.start_file("mimetype", stored).unwrap();
        zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet").unwrap();
        zip.start_file("content.xml", zip::write::SimpleFileOptions::default()).unwrap();
        let xml = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="表1">{table}</table:table></office:spreadsheet></office:body></office:document-content>"#
        );
        zip.write_all(xml.as_bytes()).unwrap();
        zip.finish().unwrap().into_inner()
    }

    const TEXT: &str = r#"<table:table-cell office:value-type="string"><text:p>培训</text:p></table:table-cell>"#;

    #[test]
    fn repeated_rows_and_columns_are_counted_written_out() {
        // Two cells, one row: the row as read (2 cells × values and formulas) and the range (2).
        let plain = ods(&format!("<table:table-row>{TEXT}{TEXT}</table:table-row>"));
        assert_eq!(survey(&plain).unwrap().cells, 2 * 2 + 2);
        // LibreOffice's trailing run of empty cells is not written out.
        let trailing = ods(&format!(
            r#"<table:table-row>{TEXT}<table:table-cell table:number-columns-repeated="1023"/></table:table-row>"#
        ));
        assert_eq!(survey(&trailing).unwrap().cells, 2 + 1);
        // A text cell over every column of a million rows: 16,384 × 1,048,576 cells.
        let repeated =
            TEXT.replace("<table:table-cell ", r#"<table:table-cell table:number-columns-repeated="99999" "#);
        let bomb =
            ods(&format!(r#"<table:table-row table:number-rows-repeated="99999999">{repeated}</table:table-row>"#));
        let got = survey(&bomb).unwrap();
        assert_eq!(got.cells, 2 * 16_384 + 16_384 * 1_048_576);
        assert!(got.text > 16_384 * 1_048_576 * 6);
        let err = OdsFormat.read(&bomb, &Limits::default()).err().unwrap();
        assert!(err.contains("max_cells"), "{err}");
    }

    #[test]
    fn counted_spaces_are_text() {
        let spaces = ods(
            r#"<table:table-row><table:table-cell office:value-type="string"><text:p>a<text:s text:c="4000000000"/></text:p></table:table-cell></table:table-row>"#,
        );
        assert!(survey(&spaces).unwrap().text > 4_000_000_000);
        let err = OdsFormat.read(&spaces, &Limits::default()).err().unwrap();
        assert!(err.contains("max_text_mb"), "{err}");
    }

    #[test]
    fn real_files_are_small_and_still_read() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/formats/mixed.ods");
        let bytes = std::fs::read(path).unwrap();
        let got = survey(&bytes).unwrap();
        assert!(got.cells > 10 && got.cells < 1_000, "{got:?}");
        assert!(OdsFormat.read(&bytes, &Limits::default()).is_ok());
    }
}
