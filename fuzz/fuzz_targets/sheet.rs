//! A sheet of any cells (lines split at newlines, cells at tabs; a cell that parses as a number
//! is a number): header detection and row reading must account for every row.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tongji::normalize::catalogue::Catalogue;
use tongji::model::{CellValue, RawSheet};
use tongji::ingest::layout::{read_sheet, SheetContext};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut cells = Vec::new();
    for (r, line) in text.split('\n').take(200).enumerate() {
        for (c, cell) in line.split('\t').take(40).enumerate() {
            let v = match cell.parse::<f64>() {
                Ok(n) => CellValue::Number(n),
                Err(_) => CellValue::from_text(cell),
            };
            cells.push((r as u32, c as u32, v));
        }
    }
    let sheet = RawSheet::from_cells("2023年培训".into(), cells, Vec::new());
    let catalogue = Catalogue::builtin();
    let ctx = SheetContext { file: "f.xlsx", file_stem: "f", dirs: "", has_sheets: true, catalogue: &catalogue };
    let out = read_sheet(&sheet, &ctx);
    for ledger in &out.ledger {
        assert!(ledger.balances(), "{ledger:?}");
    }
});
