//! The types every stage shares, one file per topic: the sheet of cells every reader produces,
//! records as read and where they came from, everything read from the input folder, the reading
//! ledger, findings, figures and periods. Nothing here reads a file or draws a page.

mod cells;
mod figures;
mod findings;
mod ingested;
mod ledger;
pub mod period;
mod records;

pub use cells::*;
pub use figures::*;
pub use findings::*;
pub use ingested::*;
pub use ledger::*;
pub use records::*;
