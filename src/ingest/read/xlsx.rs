//! Excel 2007+ workbooks (.xlsx, .xlsm, .xlsb), read cell by cell with calamine's streaming
//! reader: a stray formatted cell at XFD1048576 costs nothing. Merged regions are found by a
//! byte scan of each sheet's XML for its `<mergeCells>` list (calamine's own way parses the whole
//! sheet a second time, which doubled the cost of reading).

use std::collections::HashMap;
use std::io::{Cursor, Read};

use calamine::{Reader, Xlsb, Xlsx};
use quick_xml::events::Event;

use super::calamine::{convert_data_ref, merges_from, not_a_worksheet, visibility};
use super::limits::{Budget, SharedStrings};
use super::reason::{Limit, Reason};
use super::{Format, SheetRead, Workbook};
use crate::config::Limits;
use crate::model::{Merge, RawSheet, Rows, Visibility};

pub struct XlsxFormat;

impl Format for XlsxFormat {
    fn name(&self) -> &'static str {
        "xlsx"
    }

    fn read(&self, bytes: &[u8], limits: &Limits) -> Result<Workbook, Reason> {
        let strings = survey_package(bytes, limits)?;
        let rewritten: Vec<u8>;
        let (mut wb, macro_label): (Xlsx<_>, _) = match Xlsx::new(Cursor::new(bytes)) {
            Ok(wb) => (wb, "对话框表"),
            Err(calamine::XlsxError::Unrecognized { typ: "sheet:type", .. }) => {
                let (b, label) =
                    as_dialog_sheets(bytes, XLSX_RELS).ok_or(Reason::UnknownSheetType { format: "xlsx" })?;
                rewritten = b;
                (Xlsx::new(Cursor::new(rewritten.as_slice())).map_err(|e| xlsx_reason(&e))?, label)
            }
            Err(e) => return Err(xlsx_reason(&e)),
        };
        let metadata = sheet_types(wb.sheets_metadata(), macro_label);
        let mut merges = merged_regions(bytes);
        let mut sheets = Vec::with_capacity(metadata.len());
        let mut budget = Budget::with_strings(limits, &strings);
        for (name, passed_over, shown) in metadata {
            if let Some(what) = passed_over {
                sheets.push(SheetRead::PassedOver(name, what));
                continue;
            }
            let known = merges.as_mut().and_then(|m| m.remove(&name));
            let read = read_sheet(&mut wb, &name, known, &mut budget).map(|mut s| {
                s.visibility = shown;
                s
            });
            sheets.push(SheetRead::from_result(&name, read));
        }
        Ok(Workbook { format: self.name().to_string(), sheets, warnings: Vec::new() })
    }
}

/// Why calamine could not open an xlsx package.
fn xlsx_reason(e: &calamine::XlsxError) -> Reason {
    use calamine::XlsxError as E;
    match e {
        E::Password => Reason::Password,
        E::Zip(_) | E::Io(_) => Reason::damaged("xlsx", e),
        other => Reason::unparsed("xlsx", other),
    }
}

/// Why calamine could not open an xlsb package.
fn xlsb_reason(e: &calamine::XlsbError) -> Reason {
    use calamine::XlsbError as E;
    match e {
        E::Password => Reason::Password,
        E::Zip(_) | E::Io(_) => Reason::damaged("xlsb", e),
        other => Reason::unparsed("xlsb", other),
    }
}

const XLSX_RELS: &str = "xl/_rels/workbook.xml.rels";
const XLSB_RELS: &str = "xl/_rels/workbook.bin.rels";

/// Each sheet's name, and what it is when it is not a worksheet. `dialog` names calamine's
/// dialog sheets (see [`as_dialog_sheets`]: they may be macro sheets in disguise).
fn sheet_types(meta: &[calamine::Sheet], dialog: &'static str) -> Vec<(String, Option<&'static str>, Visibility)> {
    meta.iter()
        .map(|s| {
            let what = match s.typ {
                calamine::SheetType::DialogSheet => Some(dialog),
                t => not_a_worksheet(t),
            };
            (s.name.clone(), what, visibility(s.visible))
        })
        .collect()
}

/// calamine 0.38 refuses a whole workbook that holds an Excel 4 macro sheet ("Unrecognized
/// sheet type"), though its worksheets are ordinary. This copies the package with the macro
/// sheets' relationships retyped as dialog sheets, which calamine lists and tongji passes over;
/// the other parts are copied as they are, still compressed. Returns the package and what its
/// dialog sheets are: 宏表 when the workbook had no real dialog sheet, else both words.
fn as_dialog_sheets(bytes: &[u8], rels_path: &str) -> Option<(Vec<u8>, &'static str)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let rels = String::from_utf8(read_part(&mut zip, rels_path)?).ok()?;
    let macro_types = ["relationships/xlMacrosheet\"", "relationships/xlIntlMacrosheet\""];
    let dialog_type = "relationships/dialogsheet\"";
    let had_dialogs = rels.contains(dialog_type);
    let mut fixed = rels.clone();
    for t in macro_types {
        fixed = fixed.replace(t, dialog_type);
    }
    // xlsb: calamine tells a sheet's type by the folder its part is in.
    fixed = fixed.replace("Target=\"macrosheets/", "Target=\"dialogsheets/");
    fixed = fixed.replace("Target=\"/xl/macrosheets/", "Target=\"/xl/dialogsheets/");
    if fixed == rels {
        return None;
    }
    let rels_index = part_index(&zip, rels_path)?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(bytes.len() + 1024)));
    for i in 0..zip.len() {
        if i == rels_index {
            let name = zip.name_for_index(i)?.ok()?.to_string();
            let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
            out.start_file(name, opts).ok()?;
            std::io::Write::write_all(&mut out, fixed.as_bytes()).ok()?;
        } else {
            out.raw_copy_file(zip.by_index_raw(i).ok()?).ok()?;
        }
    }
    let package = out.finish().ok()?.into_inner();
    Some((package, if had_dialogs { "宏表或对话框表" } else { "宏表" }))
}

/// `merges`: the sheet's merged regions when the package scan found them; None asks calamine.
fn read_sheet(
    wb: &mut Xlsx<Cursor<&[u8]>>,
    name: &str,
    merges: Option<Vec<Merge>>,
    budget: &mut Budget<'_>,
) -> Result<RawSheet, Reason> {
    let mut cells = Rows::default();
    {
        let sheet_reason = |e: calamine::XlsxError| Reason::Sheet { library: e.to_string() };
        let mut reader = wb.worksheet_cells_reader(name).map_err(sheet_reason)?;
        while let Some(cell) = reader.next_cell().map_err(sheet_reason)? {
            let (r, c) = cell.get_position();
            let v = convert_data_ref(cell.get_value());
            if !v.is_empty() {
                budget.take(&v)?;
                cells.push(r, c, v);
            }
        }
    }
    let merges = match merges {
        Some(m) => m,
        None => wb.merge_cells_by_sheet_name(name).map(|m| merges_from(&m)).unwrap_or_default(),
    };
    Ok(cells.into_sheet(name.to_string(), merges))
}

/// The merged regions of every worksheet, by sheet name, read from the package directly: the
/// workbook part names the sheets and their relationship ids, the relationships give the parts,
/// and each part is inflated in chunks and searched for its `<mergeCells>` list, which Excel
/// writes after the cell data. None when the package does not have the usual shape; then
/// calamine is asked sheet by sheet.
pub(crate) fn merged_regions(bytes: &[u8]) -> Option<HashMap<String, Vec<Merge>>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let workbook = read_part(&mut zip, "xl/workbook.xml")?;
    let rels = read_part(&mut zip, "xl/_rels/workbook.xml.rels")?;
    let targets: HashMap<String, String> =
        attribute_pairs(&rels, "Relationship", "Id", "Target")?.into_iter().collect();
    let mut out = HashMap::new();
    for (name, id) in attribute_pairs(&workbook, "sheet", "name", "id")? {
        let target = targets.get(&id)?;
        let path = match target.strip_prefix('/') {
            Some(absolute) => absolute.to_string(),
            None => format!("xl/{}", target.trim_start_matches("./")),
        };
        out.insert(name, sheet_merges(&mut zip, &path)?);
    }
    Some(out)
}

/// What calamine would hold once it opened the package, surveyed from the zip directory and the
/// shared-string table before it does: calamine reads the shared strings, styles, workbook and
/// relationship parts whole when it opens a workbook (the sheets it streams), and reserves room
/// for as many shared strings as the table claims — a 1 KB file claiming four billion aborted
/// the process. Refuses a part over `max_text_mb` by its declared size without inflating it,
/// and a table of more entries than `max_cells` (claimed or counted); returns the entries,
/// which the reader charges to the workbook's cells.
pub(crate) fn survey_package(bytes: &[u8], limits: &Limits) -> Result<SharedStrings, Reason> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else { return Ok(SharedStrings::default()) };
    let text_limit = limits.max_text_mb << 20;
    // Every part named like a shared-string table is surveyed (calamine reads the one its
    // relationships point at; a decoy elsewhere must not stand in for it).
    let mut tables = Vec::new();
    for i in 0..zip.len() {
        let Ok(part) = zip.by_index_raw(i) else { continue };
        let Ok(name) = part.name() else { continue };
        let name = name.replace('\\', "/");
        let leaf = name.rsplit('/').next().unwrap_or("").to_ascii_lowercase();
        let what = match leaf.as_str() {
            "sharedstrings.xml" | "sharedstrings.bin" => {
                tables.push((i, leaf.ends_with(".bin")));
                "共享字符串表"
            }
            "workbook.xml" | "workbook.bin" => "工作簿结构部件",
            "styles.xml" | "styles.bin" => "样式表",
            _ if leaf.ends_with(".rels") => "关系部件",
            _ => continue,
        };
        if part.size() > text_limit {
            let mb = part.size().div_ceil(1 << 20);
            return Err(Reason::Over(Limit::Part { what, name, mb, limit: limits.max_text_mb }));
        }
    }
    let mut entries = 0;
    for (i, binary) in tables {
        let name = zip.name_for_index(i).and_then(Result::ok).map(|n| n.to_string()).unwrap_or_default();
        let Ok(part) = zip.by_index(i) else { continue };
        // A part that inflates past the limit (its declared size was a lie) is refused as such.
        let mut part = part.take(text_limit + 1);
        let (claimed, counted) = if binary { (0, count_xlsb_strings(&mut part)) } else { count_xml_strings(&mut part) };
        if part.limit() == 0 {
            let mb = (text_limit + 1).div_ceil(1 << 20);
            return Err(Reason::Over(Limit::Part { what: "共享字符串表", name, mb, limit: limits.max_text_mb }));
        }
        if claimed.max(counted) > limits.max_cells {
            let (entries, claimed) = (claimed.max(counted), claimed > counted);
            return Err(Reason::Over(Limit::Strings { entries, claimed, limit: limits.max_cells }));
        }
        entries = entries.max(counted);
    }
    Ok(SharedStrings { entries })
}

/// The entries an xlsx shared-string table claims (the `uniqueCount` of its `<sst>` element,
/// which calamine reserves room for) and holds. The claim is read with the XML parser calamine
/// uses, so that quotes, comments or a decoy before `<sst>` read as calamine reads them; the
/// entries after it are counted by a byte scan ([`count_entries`]: a full parse of the table
/// cost 4 % of a whole check). Malformed XML before `<sst>` ends the survey: calamine then says
/// what is wrong.
fn count_xml_strings(part: impl Read) -> (u64, u64) {
    let mut xml = quick_xml::Reader::from_reader(std::io::BufReader::new(part));
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "sst" => {
                let mut claimed = 0;
                if let Ok(Some(a)) = e.try_get_attribute("uniqueCount") {
                    let value = a.value.trim();
                    let digits = value.chars().take_while(char::is_ascii_digit).count();
                    // More digits than a u64 holds claim more than any limit.
                    claimed = value[..digits].parse::<u64>().unwrap_or(if digits > 0 { u64::MAX } else { 0 });
                }
                return (claimed, count_entries(xml.into_inner()));
            }
            Ok(Event::Eof) | Err(_) => return (0, 0),
            Ok(_) => {}
        }
    }
}

/// The `<si>` elements (with or without a namespace prefix; empty ones too, so the count errs
/// high) in the rest of a shared-string table, counted while inflating it in chunks.
fn count_entries(mut part: impl Read) -> u64 {
    const KEEP: usize = 64; // longer than any `<prefix:si ` start
    let mut counted = 0u64;
    let mut buf = vec![0u8; 1 << 16];
    let mut held = 0usize;
    loop {
        // A part that fails to inflate ends the count here; calamine then says what is wrong.
        let n = part.read(&mut buf[held..]).unwrap_or_default();
        let len = held + n;
        let end = if n == 0 { len } else { len.saturating_sub(KEEP) };
        let hay = &buf[..len];
        for at in memchr::memchr_iter(b'<', &hay[..end]) {
            let name = &hay[at + 1..len.min(at + KEEP)];
            let stop = name.iter().position(|b| matches!(b, b'>' | b'/' | b' ' | b'\t' | b'\r' | b'\n'));
            let Some(stop) = stop else { continue };
            let local = name[..stop].rsplit(|b| *b == b':').next().unwrap_or(b"");
            counted += u64::from(local == b"si");
        }
        if n == 0 {
            return counted;
        }
        buf.copy_within(end..len, 0);
        held = len - end;
    }
}

/// The BrtSSTItem records (type 0x13) of an xlsb shared-string table, walked record by record
/// (a type of one or two bytes, a size of up to four, seven bits a byte).
fn count_xlsb_strings(part: impl Read) -> u64 {
    fn byte(r: &mut impl Read) -> Option<u8> {
        let mut b = [0u8];
        r.read_exact(&mut b).ok().map(|_| b[0])
    }
    let mut r = std::io::BufReader::new(part);
    let mut counted = 0u64;
    loop {
        let Some(t0) = byte(&mut r) else { return counted };
        let typ = if t0 & 0x80 != 0 {
            let Some(t1) = byte(&mut r) else { return counted };
            u16::from(t0 & 0x7F) | (u16::from(t1 & 0x7F) << 7)
        } else {
            u16::from(t0)
        };
        let mut size = 0u64;
        for shift in 0..4 {
            let Some(b) = byte(&mut r) else { return counted };
            size |= u64::from(b & 0x7F) << (7 * shift);
            if b & 0x80 == 0 {
                break;
            }
        }
        counted += u64::from(typ == 0x13);
        if std::io::copy(&mut (&mut r).take(size), &mut std::io::sink()).ok() != Some(size) {
            return counted;
        }
    }
}

fn part_index(zip: &zip::ZipArchive<Cursor<&[u8]>>, path: &str) -> Option<usize> {
    zip.index_for_name(path).or_else(|| {
        // Some writers use other letter cases or backslashes in part names.
        let wanted = path.to_ascii_lowercase();
        (0..zip.len()).find(|&i| {
            zip.name_for_index(i)
                .and_then(Result::ok)
                .is_some_and(|n| n.replace('\\', "/").to_ascii_lowercase() == wanted)
        })
    })
}

fn read_part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, path: &str) -> Option<Vec<u8>> {
    let i = part_index(zip, path)?;
    let mut out = Vec::new();
    zip.by_index(i).ok()?.read_to_end(&mut out).ok()?;
    Some(out)
}

fn attr(e: &quick_xml::events::BytesStart, local: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|v| v.into_owned()))
}

/// The two attributes of every `element` in a small part, in document order: (name, r:id) of
/// each `<sheet>` in the workbook, (Id, Target) of each `<Relationship>`.
fn attribute_pairs(xml: &[u8], element: &str, first: &str, second: &str) -> Option<Vec<(String, String)>> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut out = Vec::new();
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf).ok()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == element => {
                out.push((attr(&e, first)?, attr(&e, second)?));
            }
            Event::Eof => return Some(out),
            _ => {}
        }
        buf.clear();
    }
}

/// Where a `<mergeCells` or `<prefix:mergeCells` start tag begins in `hay`. A '<' never stands
/// unescaped in XML text, so this can only be the tag.
fn merge_list_start(hay: &[u8]) -> Option<usize> {
    for at in memchr::memmem::find_iter(hay, b"mergeCells") {
        let before = &hay[..at];
        match before.last() {
            Some(b'<') => return Some(at - 1),
            Some(b':') => {
                let name_start = before[..before.len() - 1]
                    .iter()
                    .rposition(|b| !(b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-' || *b == b'.'))?;
                if before[name_start] == b'<' {
                    return Some(name_start);
                }
            }
            _ => {}
        }
    }
    None
}

/// The merged regions of one sheet part, inflated in chunks so that a million-row sheet never
/// sits in memory whole.
fn sheet_merges(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, path: &str) -> Option<Vec<Merge>> {
    const CHUNK: usize = 256 * 1024;
    const KEEP: usize = 64; // long enough for "<prefix:mergeCells" across a chunk boundary
    let i = part_index(zip, path)?;
    let mut part = zip.by_index(i).ok()?;
    let mut window: Vec<u8> = Vec::with_capacity(CHUNK + KEEP);
    let mut chunk = vec![0u8; CHUNK];
    let tail = loop {
        let n = part.read(&mut chunk).ok()?;
        if n == 0 {
            return Some(Vec::new()); // no merged regions
        }
        window.extend_from_slice(&chunk[..n]);
        if let Some(at) = merge_list_start(&window) {
            let mut tail = window.split_off(at);
            part.read_to_end(&mut tail).ok()?;
            break tail;
        }
        let keep_from = window.len().saturating_sub(KEEP);
        window.drain(..keep_from);
    };
    let mut reader = quick_xml::Reader::from_reader(tail.as_slice());
    reader.config_mut().check_end_names = false;
    let mut out = Vec::new();
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf).ok()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "mergeCell" => {
                if let Some(m) = attr(&e, "ref").as_deref().and_then(parse_range) {
                    out.push(m);
                }
            }
            Event::End(e) if e.local_name().as_ref() == "mergeCells" => return Some(out),
            Event::Eof => return Some(out),
            _ => {}
        }
        buf.clear();
    }
}

/// "A1" → (row 0, column 0), 0-based.
fn parse_cell(r: &str) -> Option<(u32, u32)> {
    let r = r.trim().trim_start_matches('$');
    let letters = r.bytes().take_while(u8::is_ascii_alphabetic).count();
    if letters == 0 || letters > 3 {
        return None;
    }
    let col = r[..letters].bytes().fold(0u32, |acc, b| acc * 26 + u32::from(b.to_ascii_uppercase() - b'A' + 1));
    let row: u32 = r[letters..].trim_start_matches('$').parse().ok()?;
    (row >= 1).then(|| (row - 1, col - 1))
}

/// "A1:C2" (or a single "B3") → the region.
fn parse_range(r: &str) -> Option<Merge> {
    let (a, b) = r.split_once(':').unwrap_or((r, r));
    let (r1, c1) = parse_cell(a)?;
    let (r2, c2) = parse_cell(b)?;
    Some(Merge { first_row: r1.min(r2), first_col: c1.min(c2), last_row: r1.max(r2), last_col: c1.max(c2) })
}

pub struct XlsbFormat;

impl Format for XlsbFormat {
    fn name(&self) -> &'static str {
        "xlsb"
    }

    fn read(&self, bytes: &[u8], limits: &Limits) -> Result<Workbook, Reason> {
        let strings = survey_package(bytes, limits)?;
        let rewritten: Vec<u8>;
        let (mut wb, macro_label): (Xlsb<_>, _) = match Xlsb::new(Cursor::new(bytes)) {
            Ok(wb) => (wb, "对话框表"),
            Err(calamine::XlsbError::Unrecognized { typ: "BoundSheet8:dt", .. }) => {
                let (b, label) =
                    as_dialog_sheets(bytes, XLSB_RELS).ok_or(Reason::UnknownSheetType { format: "xlsb" })?;
                rewritten = b;
                (Xlsb::new(Cursor::new(rewritten.as_slice())).map_err(|e| xlsb_reason(&e))?, label)
            }
            Err(e) => return Err(xlsb_reason(&e)),
        };
        let metadata = sheet_types(wb.sheets_metadata(), macro_label);
        let mut sheets = Vec::with_capacity(metadata.len());
        let mut budget = Budget::with_strings(limits, &strings);
        for (name, passed_over, shown) in metadata {
            if let Some(what) = passed_over {
                sheets.push(SheetRead::PassedOver(name, what));
                continue;
            }
            let mut read = || -> Result<RawSheet, Reason> {
                let mut cells = Rows::default();
                let sheet_reason = |e: calamine::XlsbError| Reason::Sheet { library: e.to_string() };
                let mut reader = wb.worksheet_cells_reader(&name).map_err(sheet_reason)?;
                while let Some(cell) = reader.next_cell().map_err(sheet_reason)? {
                    let (r, c) = cell.get_position();
                    let v = convert_data_ref(cell.get_value());
                    if !v.is_empty() {
                        budget.take(&v)?;
                        cells.push(r, c, v);
                    }
                }
                let mut sheet = cells.into_sheet(name.clone(), Vec::new());
                sheet.visibility = shown;
                Ok(sheet)
            };
            sheets.push(SheetRead::from_result(&name, read()));
        }
        Ok(Workbook { format: self.name().to_string(), sheets, warnings: Vec::new() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_references() {
        assert_eq!(parse_cell("A1"), Some((0, 0)));
        assert_eq!(parse_cell("$AB$12"), Some((11, 27)));
        assert_eq!(parse_cell("XFD1048576"), Some((1_048_575, 16_383)));
        assert_eq!(parse_cell("A0"), None);
        assert_eq!(parse_cell("12"), None);
        assert_eq!(parse_range("C2:A1"), Some(Merge { first_row: 0, first_col: 0, last_row: 1, last_col: 2 }));
        assert_eq!(parse_range("B3"), Some(Merge { first_row: 2, first_col: 1, last_row: 2, last_col: 1 }));
    }

    fn xlsx_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if path.is_dir() {
                // Fuzz inputs are malformed by design: this test compares well-formed packages.
                if name != "fuzz" {
                    xlsx_files(&path, out);
                }
            } else if name.ends_with(".xlsx") && !name.starts_with("~$") {
                out.push(path);
            }
        }
    }

    /// The package scan finds what calamine's own (slower) reading finds, on every xlsx of the
    /// shipped sample and the test fixtures (merged titles, group headers, dates, specialties).
    #[test]
    fn package_scan_agrees_with_calamine() {
        let mut files = Vec::new();
        for dir in ["input", "tests/fixtures"] {
            xlsx_files(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir), &mut files);
        }
        let mut seen = 0;
        for path in files {
            let bytes = std::fs::read(&path).unwrap();
            let Ok(mut wb) = Xlsx::new(Cursor::new(bytes.as_slice())) else { continue };
            let scanned = merged_regions(&bytes).expect("the usual package shape");
            for name in wb.sheet_names() {
                let theirs = merges_from(&wb.merge_cells_by_sheet_name(&name).unwrap());
                assert_eq!(scanned[&name], theirs, "{} / {name}", path.display());
                seen += theirs.len();
            }
        }
        assert!(seen >= 5, "the sample and fixtures have merged regions to compare ({seen})");
    }

    #[test]
    fn shared_strings_are_counted_with_prefixes_and_their_claim_read_as_calamine_does() {
        let mut xml = br#"<?xml version="1.0"?><x:sst xmlns:x="m" count="9" uniqueCount="70001">"#.to_vec();
        for _ in 0..70_000 {
            xml.extend_from_slice(b"<x:si><x:t>a</x:t></x:si>");
        }
        // <sis> and text that mentions si are not entries; <si attr> is, and so is <si/>, which
        // calamine skips: the count errs high, never low.
        xml.extend_from_slice(b"<sis/><si/><si count=\"1\"><t>si></t></si></x:sst>");
        assert_eq!(count_xml_strings(xml.as_slice()), (70_001, 70_002));
        assert_eq!(count_xml_strings(&b"<sst><si><t>b</t></si></sst>"[..]), (0, 1));
        // The claim is read from the <sst> element as calamine reads it: single quotes, a decoy
        // in a comment before it, and a number too large for u64 are all the real claim.
        let claim = |xml: &str| count_xml_strings(xml.as_bytes()).0;
        assert_eq!(claim("<sst uniqueCount='4294967295'><si/></sst>"), 4_294_967_295);
        assert_eq!(claim(r#"<!-- uniqueCount="0" --><sst uniqueCount="4000000000"></sst>"#), 4_000_000_000);
        assert_eq!(claim(r#"<sst uniqueCount="99999999999999999999999"></sst>"#), u64::MAX);
    }

    #[test]
    fn xlsb_shared_strings_are_counted_by_record() {
        // BrtBeginSst (0x9F: two type bytes, 0x9F 0x01), three BrtSSTItem (0x13), one with a
        // two-byte size (200 bytes), and BrtEndSst (0xA0 0x01).
        let mut bin = vec![0x9F, 0x01, 8, 0, 0, 0, 0, 3, 0, 0, 0];
        bin.extend_from_slice(&[0x13, 7, 0, 1, 0, 0, 0, b'a', 0]);
        bin.extend_from_slice(&[0x13, 0xC8, 0x01]);
        bin.extend(std::iter::repeat_n(0u8, 200));
        bin.extend_from_slice(&[0x13, 7, 0, 1, 0, 0, 0, b'b', 0]);
        bin.extend_from_slice(&[0xA0, 0x01, 0]);
        assert_eq!(count_xlsb_strings(bin.as_slice()), 3);
        // Cut short inside a record: what was whole is counted.
        assert_eq!(count_xlsb_strings(&bin[..20]), 1);
    }

    #[test]
    fn merge_list_is_found_only_as_a_tag() {
        assert_eq!(merge_list_start(b"<c><is><t>mergeCells</t></is></c><mergeCells count=\"1\">"), Some(33));
        assert_eq!(merge_list_start(b"<x:sheetData/><x:mergeCells>"), Some(14));
        assert_eq!(merge_list_start(b"<t>a:mergeCells</t>"), None);
        assert_eq!(merge_list_start(b"<t>&lt;mergeCells</t>"), None);
    }
}
