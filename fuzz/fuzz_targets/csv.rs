//! A whole CSV file of any bytes: decoding, delimiter detection, header and rows; every sheet's
//! ledger balances.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tongji::config::Config;
use tongji::ingest::{read_bytes, FileName};

fuzz_target!(|data: &[u8]| {
    // tongji catches a reader's panic and fails that file only (read_bytes); libfuzzer-sys's hook
    // would abort on it before the catch. A panic that escapes still aborts at the boundary.
    std::panic::set_hook(Box::new(|_| {}));
    let config = Config::default();
    let name = FileName { file: "2023年培训.csv", stem: "2023年培训", dirs: "", ext: "csv" };
    let out = read_bytes(data, &name, &config);
    for ledger in &out.ledger {
        assert!(ledger.balances(), "{ledger:?}");
    }
});
