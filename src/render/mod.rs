//! Render: functions from the figures to text, files or bytes. One file per output.

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

use crate::model::Figures;
use crate::model::Ingested;

/// What every output is made from: the figures of the period and what was read to get them.
pub struct Report<'a> {
    pub figures: &'a Figures,
    pub ingested: &'a Ingested,
    /// The most records the workbook's 明细 sheet lists (tongji.toml `detail_limit`).
    pub detail_limit: usize,
}
