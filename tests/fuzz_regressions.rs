//! Inputs the fuzzers found (and the seeds they grew from), kept as regression tests: each file
//! under tests/fixtures/fuzz/ is fed to the same code as its fuzz target (fuzz/fuzz_targets/):
//! no panic, and every sheet's ledger balances.

use std::path::Path;

use tongji::config::Config;
use tongji::ingest::{read_bytes, FileName};

fn files(dir: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz").join(dir);
    let Ok(entries) = std::fs::read_dir(&dir) else { return Vec::new() };
    let mut out: Vec<(String, Vec<u8>)> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
        .collect();
    out.sort();
    out
}

fn read_as(bytes: &[u8], ext: &str, config: &Config) {
    let name = FileName { file: "f", stem: "2023年核查", dirs: "", ext };
    let out = read_bytes(bytes, &name, config);
    for ledger in &out.ledger {
        assert!(ledger.balances(), "{ledger:?}");
    }
}

#[test]
fn workbook_inputs() {
    let mut config = Config::default();
    config.limits.max_unpacked_mb = 64;
    config.limits.max_cells = 200_000;
    let inputs = files("workbook");
    assert!(inputs.len() >= 3, "the seeds are there");
    for (name, bytes) in inputs {
        eprintln!("{name}");
        read_as(&bytes, "xlsx", &config);
    }
}

#[test]
fn csv_inputs() {
    let inputs = files("csv");
    assert!(inputs.len() >= 2, "the seeds are there");
    for (name, bytes) in inputs {
        eprintln!("{name}");
        read_as(&bytes, "csv", &Config::default());
    }
}

/// legacy.xls with one record rewritten by `patch(bytes, offset of the record's data)`.
fn patched_legacy(header: &[u8; 4], patch: impl Fn(&mut Vec<u8>, usize)) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats/legacy.xls");
    let mut bytes = std::fs::read(path).unwrap();
    let at = bytes.windows(4).position(|w| w == header).expect("the record is there") + 4;
    patch(&mut bytes, at);
    bytes
}

fn findings(bytes: &[u8], ext: &str, config: &Config) -> (usize, String) {
    let name = FileName { file: "f", stem: "2021年培训", dirs: "", ext };
    let out = read_bytes(bytes, &name, config);
    let said = out.findings.iter().map(|p| p.message.clone()).collect::<Vec<_>>().join("\n");
    (out.training.len(), said)
}

#[test]
fn an_xls_dimensions_record_claiming_a_huge_sheet_is_only_a_hint() {
    // Found by fuzzing: calamine reserves rows × columns from this record up front, and a
    // failed allocation aborts the whole run. The record is now set to one cell first.
    let config = Config::default();
    let (plain, _) = findings(&patched_legacy(b"\x00\x02\x0e\x00", |_, _| {}), "xls", &config);
    assert!(plain > 0);
    let huge =
        patched_legacy(b"\x00\x02\x0e\x00", |b, at| b[at + 4..at + 8].copy_from_slice(&0x0FFF_FFFFu32.to_le_bytes()));
    let (records, said) = findings(&huge, "xls", &config);
    assert_eq!((records, said.as_str()), (plain, ""), "read exactly as without the claim");
}

#[test]
fn an_xls_with_cells_far_apart_is_refused_before_calamine_builds_its_range() {
    // One NUMBER/RK/LABELSST cell moved to the last row and column: the dense range between it
    // and A1 is 65,536 × 256 cells.
    let mut config = Config::default();
    config.limits.max_cells = 1_000_000;
    let far = patched_legacy(b"\xfd\x00\x0a\x00", |b, at| {
        b[at..at + 2].copy_from_slice(&65535u16.to_le_bytes());
        b[at + 2..at + 4].copy_from_slice(&255u16.to_le_bytes());
    });
    let (records, said) = findings(&far, "xls", &config);
    assert_eq!(records, 0);
    // 65,535 rows (the first cell is on row 2) × 256 columns.
    assert!(said.contains("max_cells") && said.contains("16776960"), "{said}");
    // Under the default limit (20,000,000) the largest legal .xls sheet is read.
    config.limits.max_cells = 20_000_000;
    let (records, said) = findings(&far, "xls", &config);
    assert!(records > 0 && !said.contains("max_cells"), "{said}");
}

#[test]
fn one_shared_string_in_many_cells_counts_as_many_copies() {
    // 2,000 cells share one string of 3,000 CJK characters (9 KB of UTF-8): 18 MB of text from
    // a file of a few KB.
    let long = "统".repeat(3000);
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "2021年培训台账").unwrap();
    for row in 1..=2000 {
        sheet.write_string(row, 0, &long).unwrap();
    }
    let bytes = book.save_to_buffer().unwrap();
    assert!(bytes.len() < 100_000, "{}", bytes.len());
    let mut config = Config::default();
    config.limits.max_text_mb = 8;
    let (_, said) = findings(&bytes, "xlsx", &config);
    assert!(said.contains("max_text_mb"), "{said}");
    config.limits.max_text_mb = 64;
    assert!(!findings(&bytes, "xlsx", &config).1.contains("max_text_mb"));

    // The same in an .xls: the survey adds the shared string once per LABELSST cell.
    let label = patched_legacy(b"\xfd\x00\x0a\x00", |_, _| {});
    config.limits.max_text_mb = 0;
    assert!(findings(&label, "xls", &config).1.contains("max_text_mb"));
}
