//! The BIFF records of an .xls workbook stream, walked the way calamine 0.38 walks them, to know
//! what it will build before it builds it.
//!
//! calamine reads every sheet of an .xls whole when the workbook is opened, into dense ranges:
//! two cells far apart make a range of every cell between them, a DIMENSIONS record's claimed
//! size is reserved up front, and each cell that points into the shared-string table gets its own
//! copy of the string. A few KB of records can so ask for terabytes, and a failed allocation
//! aborts the process (found by fuzzing: a DIMENSIONS record of 2^28 rows). [`survey`] mirrors
//! calamine's record walk (from the start for the workbook globals, from each BoundSheet offset
//! for the sheets, the same CONTINUE merging and nested-substream skipping), sets every
//! DIMENSIONS record to one cell (it is only a capacity hint) and adds up the cell area and text
//! calamine would materialise, for the reader to check against the limits.

use super::limits::Survey;
use super::Reason;

struct Record<'a> {
    typ: u16,
    /// Offset of the record's data in the stream.
    at: usize,
    data: &'a [u8],
    cont: Vec<&'a [u8]>,
}

/// calamine's RecordIter: type and length, the data, then any CONTINUE (0x003C) records folded
/// into it. Ends where calamine would fail (a record running past the stream).
fn records(stream: &[u8], from: usize) -> impl Iterator<Item = Record<'_>> {
    let mut pos = from;
    std::iter::from_fn(move || {
        let head = stream.get(pos..pos + 4)?;
        let typ = u16::from_le_bytes([head[0], head[1]]);
        let len = u16::from_le_bytes([head[2], head[3]]) as usize;
        let data = stream.get(pos + 4..pos + 4 + len)?;
        let at = pos + 4;
        pos += 4 + len;
        let mut cont = Vec::new();
        while stream.len() > pos + 4 && u16_at(stream, pos) == 0x003C {
            let len = u16_at(stream, pos + 2) as usize;
            cont.push(stream.get(pos + 4..pos + 4 + len)?);
            pos += 4 + len;
        }
        Some(Record { typ, at, data, cont })
    })
}

fn u16_at(b: &[u8], at: usize) -> u16 {
    b.get(at..at + 2).map_or(0, |s| u16::from_le_bytes([s[0], s[1]]))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    b.get(at..at + 4).map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

/// Walks the stream as calamine will, rewriting DIMENSIONS records to one cell, and says how
/// many cells and how much text calamine would hold. An error when the sheets' offsets make
/// calamine walk the same records over and over (many BoundSheet records pointing into one run of
/// records): its time would grow with the square of the file. Legitimate sheets are disjoint, so
/// their walks add up to the stream once.
pub(crate) fn survey(stream: &mut [u8]) -> Result<Survey, Reason> {
    let mut sheets = Vec::new();
    let mut strings: Vec<u64> = Vec::new();
    // The longest defined name and sheet name: a formula's references spell them out.
    let (mut name_len, mut sheet_len) = (0usize, 0usize);
    for r in records(stream, 0) {
        match r.typ {
            0x0085 => {
                sheets.extend(u32_at(r.data, 0).map(|p| p as usize));
                sheet_len = sheet_len.max(r.data.get(6).copied().unwrap_or(0) as usize);
            }
            0x0018 => name_len = name_len.max(r.data.get(3).copied().unwrap_or(0) as usize),
            0x00FC => strings = string_sizes(&r),
            // FilePass: every record after it is encrypted (XOR or RC4), so counting them would
            // report noise as cells. Said as what it is, before anything else.
            0x002F => return Err(Reason::LegacyEncrypted { checked: false }),
            0x000A => break,
            _ => {}
        }
    }
    let mut out = Survey::default();
    let mut dimensions = Vec::new();
    // A record has at least 4 bytes; four times the most records the stream can hold leaves room
    // for sloppy writers (a sheet without its EOF record runs on into the next).
    let budget = stream.len() + 64;
    let mut walked = 0usize;
    for pos in sheets {
        let mut values = Area::default();
        let mut formulas = Area::default();
        let (mut seen_bof, mut depth) = (false, 0usize);
        let mut formula_at = (0, 0);
        for r in records(stream, pos) {
            walked += 1;
            if walked > budget {
                return Err(Reason::broken("xls", "多个工作表指向同一段记录"));
            }
            if depth > 0 {
                match r.typ {
                    0x0809 => depth += 1,
                    0x000A => depth -= 1,
                    _ => {}
                }
                continue;
            }
            let d = r.data;
            let cell = (u16_at(d, 0), u16_at(d, 2));
            match r.typ {
                0x0809 if seen_bof => depth += 1,
                0x0809 => seen_bof = true,
                0x0200 if matches!(d.len(), 10 | 14 | 16) => dimensions.push((r.at, d.len())),
                // Number, BoolErr, Rk
                0x0203 | 0x0205 | 0x027E if d.len() >= 4 => values.add(cell),
                // Label, RString: the text is in the record.
                0x0204 | 0x00D6 if d.len() >= 4 => {
                    values.add(cell);
                    out.text += 3 * d.len() as u64;
                }
                // LabelSst: a copy of a shared string.
                0x00FD if d.len() >= 10 => {
                    let i = u32_at(d, 6).unwrap_or(u32::MAX) as usize;
                    if let Some(size) = strings.get(i) {
                        values.add(cell);
                        out.text += size;
                    }
                }
                // String: a formula's text value, at the formula's cell.
                0x0207 => {
                    values.add(formula_at);
                    out.text += 3 * (d.len() + r.cont.iter().map(|c| c.len()).sum::<usize>()) as u64;
                }
                // MulRk: one row, a run of columns.
                0x00BD if d.len() >= 6 => {
                    let last = u16_at(d, d.len() - 2);
                    if last >= cell.1 {
                        values.add(cell);
                        values.add((cell.0, last));
                    }
                }
                0x0006 if d.len() >= 20 => {
                    formula_at = cell;
                    values.add(cell);
                    formulas.add(cell);
                    // The formula's text. A token of n bytes writes at most n characters,
                    // except references, which spell out a name or a sheet name (quoted, and
                    // twice for a range of sheets) from at least 3 bytes; 3 bytes of UTF-8 per
                    // character make the factor per byte that name's length.
                    let per_byte = name_len.max(2 * sheet_len + 8).max(32) as u64;
                    out.text += per_byte * (d.len() - 20) as u64;
                }
                0x000A => break,
                _ => {}
            }
        }
        out.cells = out.cells.saturating_add(values.cells()).saturating_add(formulas.cells());
    }
    for (at, len) in dimensions {
        stream[at..at + len].fill(0);
    }
    Ok(out)
}

/// The bounding box of a sheet's cells, as calamine's `Range::from_sparse` sizes it.
#[derive(Default)]
struct Area {
    rows: Option<(u16, u16)>,
    cols: Option<(u16, u16)>,
}

impl Area {
    fn add(&mut self, (row, col): (u16, u16)) {
        let widen = |span: Option<(u16, u16)>, v: u16| Some(span.map_or((v, v), |(a, b)| (a.min(v), b.max(v))));
        self.rows = widen(self.rows, row);
        self.cols = widen(self.cols, col);
    }

    fn cells(&self) -> u64 {
        match (self.rows, self.cols) {
            (Some((r0, r1)), Some((c0, c1))) => (u64::from(r1 - r0) + 1) * (u64::from(c1 - c0) + 1),
            _ => 0,
        }
    }
}

/// The UTF-8 size, at most, of each string in a shared-string table (SST), read the way calamine
/// reads them: count, flags, optional run and extension sizes, then the characters, which may
/// continue into the next CONTINUE record with a fresh flags byte. Stops where calamine would
/// fail.
fn string_sizes<'a>(r: &Record<'a>) -> Vec<u64> {
    let mut data: &'a [u8] = r.data.get(8..).unwrap_or_default();
    let mut cont = r.cont.iter().copied();
    let mut out = Vec::new();
    let mut next = |data: &mut &'a [u8]| cont.next().map(|c| *data = c).is_some();
    while !data.is_empty() || next(&mut data) {
        if data.is_empty() {
            out.push(0);
            continue;
        }
        if data.len() < 3 {
            break;
        }
        let chars = u16_at(data, 0) as usize;
        let flags = data[2];
        data = &data[3..];
        let mut wide = flags & 1 != 0;
        let mut skip = 0usize;
        if flags & 0x8 != 0 {
            let Some(runs) = data.get(..2) else { break };
            skip += 4 * u16::from_le_bytes([runs[0], runs[1]]) as usize;
            data = &data[2..];
        }
        if flags & 0x4 != 0 {
            let Some(ext) = u32_at(data, 0) else { break };
            skip = skip.saturating_add(ext as i32 as isize as usize);
            data = &data[4..];
        }
        let mut left = chars;
        let mut ok = true;
        while left > 0 {
            let width = if wide { 2 } else { 1 };
            let n = (data.len() / width).min(left);
            data = &data[n * width..];
            left -= n;
            if left > 0 {
                if !next(&mut data) || data.is_empty() {
                    ok = false;
                    break;
                }
                wide = data[0] & 1 != 0;
                data = &data[1..];
            }
        }
        // Each character, decoded, is at most 3 bytes of UTF-8; a narrow one read through a
        // legacy code page may decode its padding too: 6 is safe for both.
        out.push(6 * chars as u64);
        while ok && skip > 0 {
            if data.is_empty() && !next(&mut data) {
                ok = false;
                break;
            }
            let n = skip.min(data.len());
            data = &data[n..];
            skip -= n;
        }
        if !ok {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut out = typ.to_le_bytes().to_vec();
        out.extend_from_slice(&(data.len() as u16).to_le_bytes());
        out.extend_from_slice(data);
        out
    }

    fn number(row: u16, col: u16) -> Vec<u8> {
        let mut d = row.to_le_bytes().to_vec();
        d.extend_from_slice(&col.to_le_bytes());
        d.extend_from_slice(&[0; 10]);
        record(0x0203, &d)
    }

    /// Globals with one BoundSheet and an SST of the given strings (narrow), then the sheet.
    fn workbook(strings: &[&str], sheet: &[Vec<u8>]) -> Vec<u8> {
        workbook_with(strings, sheet, 1)
    }

    /// The same with `copies` BoundSheet records, all naming the one sheet.
    fn workbook_with(strings: &[&str], sheet: &[Vec<u8>], copies: usize) -> Vec<u8> {
        let mut sst = vec![0u8; 8];
        for s in strings {
            sst.extend_from_slice(&(s.len() as u16).to_le_bytes());
            sst.push(0);
            sst.extend_from_slice(s.as_bytes());
        }
        let bof = record(0x0809, &[0; 16]);
        let globals_len = bof.len() + copies * (4 + 6) + (4 + sst.len()) + 4;
        let mut boundsheet = (globals_len as u32).to_le_bytes().to_vec();
        boundsheet.extend_from_slice(&[0, 0]);
        let mut out = bof.clone();
        for _ in 0..copies {
            out.extend(record(0x0085, &boundsheet));
        }
        out.extend(record(0x00FC, &sst));
        out.extend(record(0x000A, &[]));
        assert_eq!(out.len(), globals_len);
        out.extend(bof);
        for r in sheet {
            out.extend_from_slice(r);
        }
        out.extend(record(0x000A, &[]));
        out
    }

    #[test]
    fn far_apart_cells_make_a_large_area() {
        let mut s = workbook(&[], &[number(0, 0), number(65535, 255)]);
        assert_eq!(survey(&mut s).unwrap().cells, 65536 * 256);
        let mut s = workbook(&[], &[number(3, 1), number(4, 2)]);
        assert_eq!(survey(&mut s).unwrap(), Survey { cells: 4, text: 0 });
    }

    #[test]
    fn many_sheets_over_the_same_records_are_caught() {
        let sheet: Vec<Vec<u8>> = (0..100).map(|r| number(r, 1)).collect();
        assert!(survey(&mut workbook_with(&[], &sheet, 1)).is_ok());
        // 2,000 BoundSheet records naming the same sheet: calamine would walk it 2,000 times.
        assert!(survey(&mut workbook_with(&[], &sheet, 2000)).unwrap_err().to_string().contains("同一段记录"));
    }

    #[test]
    fn shared_strings_are_counted_per_cell() {
        let long = "x".repeat(1000);
        let label = |row: u16, i: u32| {
            let mut d = row.to_le_bytes().to_vec();
            d.extend_from_slice(&[0, 0, 0, 0]);
            d.extend_from_slice(&i.to_le_bytes());
            record(0x00FD, &d)
        };
        let mut s = workbook(&["a", &long], &[label(0, 1), label(1, 1), label(2, 0), label(3, 9)]);
        let got = survey(&mut s).unwrap();
        assert_eq!(got.text, 6 * (1000 + 1000 + 1), "an index past the table makes no cell");
        assert_eq!(got.cells, 3);
    }

    #[test]
    fn dimensions_are_reduced_to_one_cell_and_nested_substreams_skipped() {
        let mut dims = vec![0u8; 14];
        dims[4..8].copy_from_slice(&0x0FFF_FFFFu32.to_le_bytes());
        dims[10..12].copy_from_slice(&255u16.to_le_bytes());
        let chart = [record(0x0809, &[0; 16]), number(60000, 200), record(0x000A, &[])].concat();
        let mut s = workbook(&[], &[record(0x0200, &dims), number(1, 1), chart]);
        assert_eq!(survey(&mut s).unwrap().cells, 1, "the chart's cell is not the sheet's");
        let at = s.windows(4).position(|w| w == [0x00, 0x02, 14, 0]).unwrap();
        assert!(s[at + 4..at + 18].iter().all(|b| *b == 0));
    }

    #[test]
    fn the_sample_workbook_is_surveyed_as_calamine_reads_it() {
        let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/input/贸易/2023年贸易统计台账.xls")).unwrap();
        let mut stream = super::super::ole::workbook_stream(&bytes).unwrap();
        let got = survey(&mut stream).unwrap();
        assert!(got.cells > 100 && got.cells < 10_000, "{got:?}");
        assert!(got.text > 1000, "{got:?}");
    }
}
