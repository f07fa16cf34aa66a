//! The normalized records as Parquet (records/training.parquet, …) for DuckDB, Spark or a
//! city-level roll-up.

use std::path::Path;

use polars::prelude::DataFrame;
use polars_io::parquet::write::{ParquetCompression, ParquetWriter};

use super::{Output, Report};
use crate::aggregate::tables::Tables;
use crate::error::Error;

/// The files written, by table name.
const FILES: [&str; 5] = ["training", "verification", "enforcement", "targets", "activity"];

/// Writes the record tables into `dir` (zstd-compressed).
pub fn write(tables: &Tables, dir: &Path) -> Result<(), Error> {
    std::fs::create_dir_all(dir).map_err(|source| Error::CreateFolder { path: dir.into(), source })?;
    let frames: [&DataFrame; 5] =
        [&tables.training, &tables.verification, &tables.enforcement, &tables.targets, &tables.activity];
    for (name, df) in FILES.iter().zip(frames) {
        let path = dir.join(format!("{name}.parquet"));
        let file = match std::fs::File::create(&path) {
            Ok(f) => f,
            Err(e) => return Err(Error::write(path, e)),
        };
        let mut df = df.clone();
        ParquetWriter::new(file)
            .with_compression(ParquetCompression::Zstd(None))
            .finish(&mut df)
            .map_err(|e| Error::write(&path, e))?;
    }
    Ok(())
}

/// records/*.parquet.
pub struct RecordFiles;

impl Output for RecordFiles {
    fn name(&self) -> &'static str {
        "记录明细"
    }

    fn write(&self, report: &Report, dir: &Path) -> Result<Vec<String>, Error> {
        write(report.tables, &dir.join("records"))?;
        Ok(FILES.iter().map(|f| format!("records/{f}.parquet")).collect())
    }
}
