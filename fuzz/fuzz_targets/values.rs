//! Cell parsers on any text and any number: dates, counts, header keys, specialty matching.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tongji::normalize::catalogue::Catalogue;
use tongji::model::CellValue;
use tongji::normalize::text::{display_width, fold, key};
use tongji::normalize::values::{find_year, parse_count, parse_date};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let cell = CellValue::from_text(&text);
    let year = data.first().map(|b| 1990 + i32::from(*b));
    for month_column in [false, true] {
        if let Ok(d) = parse_date(&cell, year, month_column) {
            // A date that was read is a real day in the plausible years.
            assert!((1990..=2100).contains(&d.year()), "{text:?} -> {d:?}");
        }
    }
    if let Ok(Some(n)) = parse_count(&cell) {
        assert!(n >= 0, "{text:?} -> {n}");
    }
    if data.len() >= 8 {
        let n = f64::from_le_bytes(data[..8].try_into().unwrap());
        let _ = parse_date(&CellValue::Number(n), year, true);
        let _ = parse_count(&CellValue::Number(n));
    }
    let _ = find_year(&text);
    let _ = fold(&text);
    let _ = key(&text);
    let _ = display_width(&text);
    let _ = Catalogue::builtin().find(&text);
});
