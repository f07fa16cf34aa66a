//! Render: from the figures to the files a bureau attaches, one file per output. Every output
//! implements [`Output`]: it owns its file names and writes its files into the period folder,
//! and the pipeline writes them all in one loop ([`OUTPUTS`]). The console summary
//! ([`summary`]) and the text of `tongji check` ([`reading`]) are rendered here too.

pub mod chart_backend;
pub mod charts;
pub mod csv;
pub mod docx;
pub mod parquet;
pub mod reading;
pub mod report;
pub mod summary;
pub mod text;
pub mod workbook;

use std::path::Path;

use crate::aggregate::tables::Tables;
use crate::error::Error;
use crate::model::{Figures, Ingested};

/// What every output is made from: the period's figures, what was read to get them, and what was
/// made from the figures before the files are written (the charts, the report's paragraphs).
pub struct Report<'a> {
    pub figures: &'a Figures,
    pub ingested: &'a Ingested,
    /// The record tables (written as Parquet).
    pub tables: &'a Tables,
    /// The input folder as the reading ledger names it.
    pub input: &'a Path,
    /// The bureau's name for titles (tongji.toml `unit_name`).
    pub unit_name: &'a str,
    /// The most records the workbook's 明细 sheet lists (tongji.toml `detail_limit`).
    pub detail_limit: usize,
    pub charts: &'a charts::Charts,
    /// The report's paragraphs; None when the template could not be rendered (a finding says why,
    /// and the outputs made from them are left out).
    pub paragraphs: Option<&'a str>,
}

/// One output of a run.
pub trait Output: Sync {
    /// What the output is, for the timings (TONGJI_TIMINGS).
    fn name(&self) -> &'static str;
    /// Writes the output's files into `dir` (the period folder being filled); returns their
    /// paths relative to `dir`, in the order written.
    fn write(&self, report: &Report, dir: &Path) -> Result<Vec<String>, Error>;
}

/// Every output of `tongji run`, in the order its files are listed. The workbook is first: it is
/// the slowest, and the pipeline writes the outputs in parallel.
pub const OUTPUTS: [&dyn Output; 7] = [
    &workbook::SummaryWorkbook,
    &csv::MetricsCsv,
    &report::ReportText,
    &docx::WordDraft,
    &reading::ReadingLedger,
    &charts::ChartFiles,
    &parquet::RecordFiles,
];

/// Writes `bytes` as `dir/name`, returning `name` as the list of files written.
pub(crate) fn write_file(dir: &Path, name: String, bytes: &[u8]) -> Result<Vec<String>, Error> {
    let path = dir.join(&name);
    std::fs::write(&path, bytes).map_err(|e| Error::write(path, e))?;
    Ok(vec![name])
}
