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
