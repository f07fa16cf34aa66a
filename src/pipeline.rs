//! The one place that knows the order: settings → ingest → (aggregate → check → render).

use std::path::Path;

use crate::config::Config;
use crate::ingest::{ingest, Ingested};

/// Reads the settings and every input file under `input`. Err only when nothing can be done
/// (no such folder, broken settings); problems with single files are in the result.
pub fn check(input: &Path) -> Result<(Config, Ingested), String> {
    let config = Config::load(input)?;
    let ingested = ingest(input, &config)?;
    Ok((config, ingested))
}
