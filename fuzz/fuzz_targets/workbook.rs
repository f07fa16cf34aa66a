//! A whole workbook of any bytes (xlsx, xls, ods, picked by the leading bytes as for real files):
//! never a panic, a hang or unbounded memory; every sheet's ledger balances.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tongji::config::Config;
use tongji::ingest::{read_bytes, FileName};

fuzz_target!(|data: &[u8]| {
    // tongji catches a reader's panic and fails that file only (read_bytes); libfuzzer-sys's hook
    // would abort on it before the catch. A panic that escapes still aborts at the boundary.
    std::panic::set_hook(Box::new(|_| {}));
    let mut config = Config::default();
    config.limits.max_unpacked_mb = 64;
    config.limits.max_cells = 200_000;
    let name = FileName { file: "2023年核查.xlsx", stem: "2023年核查", dirs: "", ext: "xlsx" };
    let out = read_bytes(data, &name, &config);
    for ledger in &out.ledger {
        assert!(ledger.balances(), "{ledger:?}");
    }
});
