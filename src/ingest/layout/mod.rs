//! Layouts: a sheet of cells interpreted into records. Which layout a sheet has is decided in
//! one place; each layout reads its rows; every row of the sheet lands in its ledger.

mod by_month;
pub mod header;
mod log;

pub use self::log::{metric_from_text, read_sheet, without_ordinal, SheetContext};
