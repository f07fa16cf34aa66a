//! CSV files as Chinese Excel and other systems save them: UTF-8 with or without BOM, or
//! GB18030/GBK, detected without being told; comma, tab or semicolon separated.

use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE};

use super::{Format, Workbook};
use crate::config::Limits;
use crate::model::{CellValue, Rows};

pub struct CsvFormat;

/// Decodes bytes: a BOM decides; otherwise valid UTF-8 is UTF-8 and anything else GB18030.
/// Returns the text, the encoding's name and whether any bytes could not be decoded.
pub fn decode(bytes: &[u8]) -> (String, &'static str, bool) {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        let name = if enc == UTF_16LE || enc == UTF_16BE { "UTF-16" } else { "UTF-8" };
        return (text.into_owned(), name, had_errors);
    }
    if let Some(enc) = utf16_without_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(bytes);
        return (text.into_owned(), "UTF-16（无BOM）", had_errors);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_string(), "UTF-8", false),
        Err(_) => {
            let (text, had_errors) = GB18030.decode_without_bom_handling(bytes);
            (text.into_owned(), "GB18030", had_errors)
        }
    }
}

/// UTF-16 saved without a BOM (some systems' "Unicode text" export): in a text of commas,
/// digits and line ends, every second byte is zero — the odd ones for little-endian, the even
/// ones for big-endian — while the other half never is.
pub(crate) fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let probe = &bytes[..bytes.len().min(4096) & !1];
    let pairs = probe.len() / 2;
    if pairs < 4 {
        return None;
    }
    let zeros = |offset: usize| probe.iter().skip(offset).step_by(2).filter(|b| **b == 0).count();
    let (even, odd) = (zeros(0), zeros(1));
    let mostly = |n: usize| n * 10 >= pairs * 3; // 30 %: CJK characters have no zero byte
    let never = |n: usize| n * 100 <= pairs;
    if mostly(odd) && never(even) {
        Some(UTF_16LE)
    } else if mostly(even) && never(odd) {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// The separator used most consistently in the first lines: comma, tab or semicolon.
fn detect_delimiter(text: &str) -> u8 {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).take(50).collect();
    let mut best = (b',', 0usize, 0usize);
    for d in [b',', b'\t', b';'] {
        let ch = d as char;
        let lines_with = lines.iter().filter(|l| l.contains(ch)).count();
        let total: usize = lines.iter().map(|l| l.matches(ch).count()).sum();
        if (lines_with, total) > (best.1, best.2) {
            best = (d, lines_with, total);
        }
    }
    best.0
}

impl Format for CsvFormat {
    fn name(&self) -> &'static str {
        "csv"
    }

    fn read(&self, bytes: &[u8], limits: &Limits) -> Result<Workbook, super::Reason> {
        let (text, encoding, had_errors) = decode(bytes);
        let delimiter = detect_delimiter(&text);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(text.as_bytes());
        let mut cells = Rows::default();
        let mut budget = super::limits::Budget::new(limits);
        for (row, record) in reader.records().enumerate() {
            let record = record.map_err(|e| super::Reason::CsvLine { line: row + 1, library: e.to_string() })?;
            for (col, field) in record.iter().enumerate() {
                let v = CellValue::from_text(field);
                if !v.is_empty() {
                    budget.take(&v)?;
                    cells.push(row as u32, col as u32, v);
                }
            }
        }
        let mut warnings = Vec::new();
        if had_errors {
            warnings.push(format!("部分字节无法按{encoding}解码，已替换为“\u{FFFD}”；请确认文件编码"));
        }
        let sep = match delimiter {
            b'\t' => "制表符",
            b';' => "分号",
            _ => "逗号",
        };
        Ok(Workbook {
            format: format!("{encoding} CSV（{sep}分隔）"),
            sheets: vec![super::SheetRead::Read(cells.into_sheet(String::new(), Vec::new()))],
            warnings,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_without_a_bom() {
        let text = "日期,专业,人次\r\n2023-01-05,贸易,30\r\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        assert_eq!(decode(&le), (text.to_string(), "UTF-16（无BOM）", false));
        assert_eq!(decode(&be).0, text);
        assert_eq!(utf16_without_bom("日期,人次\n".as_bytes()), None);
        assert!(super::super::sniff(&le, "csv").is_ok());
    }

    #[test]
    fn encodings() {
        let (t, e, bad) = decode("\u{FEFF}日期,人次".as_bytes());
        assert_eq!((t.as_str(), e, bad), ("日期,人次", "UTF-8", false));
        let (gb, _, _) = GB18030.encode("贸易核查,镕");
        let (t, e, bad) = decode(&gb);
        assert_eq!((t.as_str(), e, bad), ("贸易核查,镕", "GB18030", false));
    }

    #[test]
    fn delimiters() {
        assert_eq!(detect_delimiter("标题\n日期\t人次\n2023-01-01\t3\n"), b'\t');
        assert_eq!(detect_delimiter("日期;人次;备注\n2023-01-01;3;a,b\n"), b';');
        assert_eq!(detect_delimiter("日期,人次\n"), b',');
        assert_eq!(detect_delimiter("只有一列\n"), b',');
    }
}
