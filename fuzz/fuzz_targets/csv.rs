//! A whole CSV file of any bytes: decoding, delimiter detection, header and rows; every sheet's
//! ledger balances.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tongji::config::Config;
use tongji::ingest::{read_bytes, FileName};

fuzz_target!(|data: &[u8]| {
    let config = Config::default();
    let name = FileName { file: "2023年培训.csv", stem: "2023年培训", dirs: "", ext: "csv" };
    let out = read_bytes(data, &name, &config);
    for ledger in &out.ledger {
        assert!(ledger.balances(), "{ledger:?}");
    }
});
