//! OpenDocument spreadsheets (.ods, as saved by WPS and LibreOffice), read with calamine, after
//! a survey of what calamine would build (see [`survey`]).
//! calamine does not report an .ods file's merged regions: a merged cell counts in its first row.

use std::io::{Cursor, Read};

use calamine::{Ods, OdsError, Reader};

use super::calamine::read_ranges;
use super::limits::Survey;
use super::{Format, Reason, Workbook};
use crate::config::Limits;

pub struct OdsFormat;

impl Format for OdsFormat {
    fn name(&self) -> &'static str {
        "ods"
    }

    fn read(&self, bytes: &[u8], limits: &Limits) -> Result<Workbook, Reason> {
        // calamine builds every table whole when it opens the file: what it would build is
        // checked against the limits first.
        if let Some(survey) = survey(bytes, limits.max_unpacked_mb << 20) {
            survey.check(limits, "展开重复行列后的单元格")?;
        }
        let with_mimetype = with_mimetype(bytes);
        let package = with_mimetype.as_deref().unwrap_or(bytes);
        let mut wb: Ods<_> = Ods::new(Cursor::new(package)).map_err(|e| match e {
            OdsError::Password => Reason::Password,
            OdsError::Zip(_) | OdsError::Io(_) => Reason::damaged("ods", e),
            other => Reason::unparsed("ods", other),
        })?;
        let sheets = read_ranges(&mut wb, |_, _| Vec::new());
        Ok(Workbook { format: self.name().to_string(), sheets, warnings: Vec::new() })
    }
}

/// An OpenDocument spreadsheet without its `mimetype` part (some writers leave it out; WPS and
/// LibreOffice open such files) is refused by calamine: this copies the package with the part
/// added first, the others copied still compressed. None when the part is there (or the bytes
/// are no zip).
fn with_mimetype(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    if zip.index_for_name("mimetype").is_some() {
        return None;
    }
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(bytes.len() + 256)));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    out.start_file("mimetype", stored).ok()?;
    std::io::Write::write_all(&mut out, b"application/vnd.oasis.opendocument.spreadsheet").ok()?;
    for i in 0..zip.len() {
        out.raw_copy_file(zip.by_index_raw(i).ok()?).ok()?;
    }
    Some(out.finish().ok()?.into_inner())
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

/// Reads content.xml the way calamine 0.38's ods reader does, without keeping anything, and says
/// how many cells and how much text calamine would hold: a repeated column or row is one
/// element in the file and thousands of cells in memory, and `<text:s text:c="N"/>` is N
/// spaces. None when content.xml cannot be read (calamine then says why). At most `cap` bytes
/// of content.xml are read.
pub(crate) fn survey(bytes: &[u8], cap: u64) -> Option<Survey> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut xml = Vec::new();
    zip.by_name("content.xml").ok()?.take(cap).read_to_end(&mut xml).ok()?;
    let mut out = Survey::default();
    let mut table: Option<Table> = None;
    let mut row: Option<Row> = None;
    let mut cell: Option<Cell> = None;
    let mut in_string = false;
    for tag in (Tags { xml: &xml, pos: 0 }) {
        match tag {
            Tag::Text(n) if in_string => cell.as_mut()?.text += n as u64,
            Tag::Text(_) => {}
            Tag::Open { name, attrs, empty } => match name {
                b"table" if table.is_none() && !empty => table = Some(Table::default()),
                b"table-row" if table.is_some() => {
                    let t = table.as_mut()?;
                    let repeats = attributes(attrs)
                        .find(|(k, _)| *k == b"number-rows-repeated")
                        .map_or(1, |(_, v)| number(v, MAX_ROWS))
                        .min(MAX_ROWS - t.total_rows.min(MAX_ROWS));
                    t.total_rows += repeats;
                    let r = Row { repeats, ..Row::default() };
                    if empty {
                        close_row(t, r, &mut out);
                    } else {
                        row = Some(r);
                    }
                }
                b"table-cell" | b"covered-table-cell" if row.is_some() => {
                    let mut c = Cell { repeats: 1, ..Cell::default() };
                    let mut string_type = false;
                    for (key, value) in attributes(attrs) {
                        match key {
                            b"number-columns-repeated" => c.repeats = number(value, MAX_COLUMNS),
                            b"value" | b"date-value" | b"time-value" | b"boolean-value" => c.value = true,
                            b"string-value" => {
                                c.value = true;
                                c.text += value.len() as u64;
                            }
                            b"value-type" => string_type |= value == b"string" || value == b"error",
                            b"formula" => {
                                c.formula = true;
                                c.text += value.len() as u64;
                            }
                            _ => {}
                        }
                    }
                    c.value |= string_type;
                    in_string = string_type && !empty;
                    if empty {
                        close_cell(row.as_mut()?, c);
                    } else {
                        cell = Some(c);
                    }
                }
                // Inside a cell: spaces, tabs, line breaks and paragraphs add characters.
                b"s" if in_string => {
                    let n = attributes(attrs).find(|(k, _)| *k == b"c").map_or(1, |(_, v)| number(v, u64::MAX / 4));
                    let c = cell.as_mut()?;
                    c.text = c.text.saturating_add(n);
                }
                b"tab" | b"line-break" | b"p" if in_string => cell.as_mut()?.text += 1,
                _ => {}
            },
            Tag::Close(name) => match name {
                b"table-cell" | b"covered-table-cell" => {
                    if let (Some(r), Some(c)) = (row.as_mut(), cell.take()) {
                        close_cell(r, c);
                    }
                    in_string = false;
                }
                b"table-row" => {
                    if let (Some(t), Some(r)) = (table.as_mut(), row.take()) {
                        close_row(t, r, &mut out);
                    }
                }
                b"table" => {
                    if let Some(t) = table.take() {
                        out.cells =
                            out.cells.saturating_add(t.area(|r| r.values)).saturating_add(t.area(|r| r.formulas));
                    }
                }
                _ => {}
            },
        }
    }
    Some(out)
}

/// A repeat count or a number of spaces. One that does not read as a plain number (calamine
/// would unescape it first) is taken as `ceiling`, so that nothing is under-counted.
fn number(value: &[u8], ceiling: u64) -> u64 {
    std::str::from_utf8(value).ok().and_then(|v| v.trim().parse().ok()).unwrap_or(ceiling)
}

fn close_row(table: &mut Table, row: Row, out: &mut Survey) {
    out.cells = out.cells.saturating_add(2 * row.cells); // values and formulas
                                                         // Once in the row as read, once per repeat in the range.
    out.text = out.text.saturating_add((row.repeats + 1).saturating_mul(row.text));
    table.rows.push(Used { repeats: row.repeats, values: row.values, formulas: row.formulas });
}

/// What the survey needs of XML: start and end tags by local name (the part after any prefix),
/// a start tag's raw attributes, and the length of the text between tags. Comments, CDATA
/// (counted as text), processing instructions and declarations are stepped over; a quoted
/// attribute value may hold '>'. Entities are not decoded: text is counted as written, which is
/// never shorter than decoded.
struct Tags<'a> {
    xml: &'a [u8],
    pos: usize,
}

enum Tag<'a> {
    Open { name: &'a [u8], attrs: &'a [u8], empty: bool },
    Close(&'a [u8]),
    Text(usize),
}

fn local(name: &[u8]) -> &[u8] {
    name.iter().rposition(|b| *b == b':').map_or(name, |i| &name[i + 1..])
}

impl<'a> Iterator for Tags<'a> {
    type Item = Tag<'a>;

    fn next(&mut self) -> Option<Tag<'a>> {
        let xml = self.xml;
        let rest = xml.get(self.pos..)?;
        if rest.is_empty() {
            return None;
        }
        let lt = memchr::memchr(b'<', rest).unwrap_or(rest.len());
        if lt > 0 {
            self.pos += lt;
            return Some(Tag::Text(lt));
        }
        let find = |from: usize, what: &[u8]| memchr::memmem::find(&xml[from..], what).map(|i| from + i);
        let start = self.pos;
        for (open, close) in [(&b"<!--"[..], &b"-->"[..]), (b"<?", b"?>")] {
            if rest.starts_with(open) {
                self.pos = find(start + open.len(), close).map_or(xml.len(), |i| i + close.len());
                return Some(Tag::Text(0));
            }
        }
        if rest.starts_with(b"<![CDATA[") {
            let end = find(start + 9, b"]]>").unwrap_or(xml.len());
            self.pos = (end + 3).min(xml.len());
            return Some(Tag::Text(end - start - 9));
        }
        let closing = rest.starts_with(b"</");
        let name_from = if closing { 2 } else { 1 };
        let name_end = rest[name_from..]
            .iter()
            .position(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/')
            .map_or(rest.len(), |i| name_from + i);
        // The tag ends at the first '>' outside quotes.
        let mut i = name_end;
        loop {
            let Some(at) = memchr::memchr3(b'>', b'"', b'\'', &rest[i..]) else {
                i = rest.len();
                break;
            };
            i += at;
            if rest[i] == b'>' {
                break;
            }
            match memchr::memchr(rest[i], &rest[i + 1..]) {
                Some(k) => i += k + 2,
                None => {
                    i = rest.len();
                    break;
                }
            }
        }
        self.pos = (start + i + 1).min(xml.len());
        if closing {
            return Some(Tag::Close(local(&rest[2..name_end])));
        }
        if rest.starts_with(b"<!") {
            return Some(Tag::Text(0));
        }
        let inside = &rest[name_end..i];
        let empty = inside.last() == Some(&b'/');
        Some(Tag::Open { name: local(&rest[1..name_end]), attrs: inside, empty })
    }
}

/// The (local name, raw value) pairs of a start tag's attributes.
fn attributes(raw: &[u8]) -> impl Iterator<Item = (&[u8], &[u8])> {
    let mut rest = raw;
    std::iter::from_fn(move || {
        let eq = memchr::memchr(b'=', rest)?;
        let key = rest[..eq].trim_ascii();
        let after = rest[eq + 1..].trim_ascii_start();
        let q = *after.first()?;
        if q != b'"' && q != b'\'' {
            return None;
        }
        let end = memchr::memchr(q, &after[1..])?;
        let value = &after[1..1 + end];
        rest = &after[end + 2..];
        Some((local(key), value))
    })
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
        assert_eq!(survey(&plain, u64::MAX).unwrap().cells, 2 * 2 + 2);
        // LibreOffice's trailing run of empty cells is not written out.
        let trailing = ods(&format!(
            r#"<table:table-row>{TEXT}<table:table-cell table:number-columns-repeated="1023"/></table:table-row>"#
        ));
        assert_eq!(survey(&trailing, u64::MAX).unwrap().cells, 2 + 1);
        // A text cell over every column of a million rows: 16,384 × 1,048,576 cells.
        let repeated =
            TEXT.replace("<table:table-cell ", r#"<table:table-cell table:number-columns-repeated="99999" "#);
        let bomb =
            ods(&format!(r#"<table:table-row table:number-rows-repeated="99999999">{repeated}</table:table-row>"#));
        let got = survey(&bomb, u64::MAX).unwrap();
        assert_eq!(got.cells, 2 * 16_384 + 16_384 * 1_048_576);
        assert!(got.text > 16_384 * 1_048_576 * 6);
        let err = OdsFormat.read(&bomb, &Limits::default()).err().unwrap().to_string();
        assert!(err.contains("max_cells"), "{err}");
    }

    #[test]
    fn counted_spaces_are_text() {
        let spaces = ods(
            r#"<table:table-row><table:table-cell office:value-type="string"><text:p>a<text:s text:c="4000000000"/></text:p></table:table-cell></table:table-row>"#,
        );
        assert!(survey(&spaces, u64::MAX).unwrap().text > 4_000_000_000);
        let err = OdsFormat.read(&spaces, &Limits::default()).err().unwrap().to_string();
        assert!(err.contains("max_text_mb"), "{err}");
    }

    #[test]
    fn real_files_are_small_and_still_read() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/formats/mixed.ods");
        let bytes = std::fs::read(path).unwrap();
        let got = survey(&bytes, u64::MAX).unwrap();
        assert!(got.cells > 10 && got.cells < 1_000, "{got:?}");
        assert!(OdsFormat.read(&bytes, &Limits::default()).is_ok());
        // An upper bound of what calamine builds.
        let mut wb: Ods<_> = Ods::new(Cursor::new(&bytes)).unwrap();
        let (mut cells, mut text) = (0u64, 0u64);
        for (_, range) in wb.worksheets() {
            cells += range.get_size().0 as u64 * range.get_size().1 as u64;
            text += range.used_cells().map(|(_, _, v)| v.to_string().len() as u64).sum::<u64>();
        }
        assert!(cells > 0 && cells <= got.cells, "{cells} > {got:?}");
        assert!(text > 0 && text <= got.text, "{text} > {got:?}");
    }

    #[test]
    fn tags_step_over_comments_cdata_and_quoted_brackets() {
        let xml = br#"<?xml version="1.0"?><!-- <table:table-row> --><a:b x="1>2" y='/'>tt<![CDATA[<c>]]></a:b><e/>"#;
        let tags: Vec<String> = (Tags { xml, pos: 0 })
            .map(|t| match t {
                Tag::Open { name, attrs, empty } => {
                    let pairs: Vec<String> = attributes(attrs)
                        .map(|(k, v)| format!("{}={}", String::from_utf8_lossy(k), String::from_utf8_lossy(v)))
                        .collect();
                    format!("<{}{}{}>", String::from_utf8_lossy(name), pairs.join(","), if empty { "/" } else { "" })
                }
                Tag::Close(name) => format!("</{}>", String::from_utf8_lossy(name)),
                Tag::Text(n) => n.to_string(),
            })
            .filter(|t| t != "0")
            .collect();
        assert_eq!(tags, ["<bx=1>2,y=/>", "2", "3", "</b>", "<e/>"]);
        // Cut short anywhere, it still ends.
        for end in 0..xml.len() {
            assert!((Tags { xml: &xml[..end], pos: 0 }).count() <= end);
        }
    }
}
