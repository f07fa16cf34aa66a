//! The normalized records as Parquet (records/training.parquet, …) for DuckDB, Spark or a
//! city-level roll-up.

use std::path::Path;

use polars::prelude::DataFrame;
use polars_io::parquet::write::{ParquetCompression, ParquetWriter};

use crate::aggregate::tables::Tables;

/// The files written, by table name.
pub const FILES: [&str; 5] = ["training", "verification", "enforcement", "targets", "activity"];

/// Writes the record tables into `dir` (zstd-compressed).
pub fn write(tables: &Tables, dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("无法创建 {}：{e}", dir.display()))?;
    let frames: [&DataFrame; 5] =
        [&tables.training, &tables.verification, &tables.enforcement, &tables.targets, &tables.activity];
    for (name, df) in FILES.iter().zip(frames) {
        let path = dir.join(format!("{name}.parquet"));
        let file = std::fs::File::create(&path).map_err(|e| format!("无法写入 {}：{e}", path.display()))?;
        let mut df = df.clone();
        ParquetWriter::new(file)
            .with_compression(ParquetCompression::Zstd(None))
            .finish(&mut df)
            .map_err(|e| format!("无法写入 {}：{e}", path.display()))?;
    }
    Ok(())
}
