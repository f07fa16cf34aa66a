//! Limits: what a file may cost before it is refused (its size, the text and cells it unpacks
//! to), checked before a reader builds anything, so that a zip bomb or a sheet formatted down to
//! row 1,048,576 is a reason, not an aborted process.

use super::reason::Limit;
use super::Reason;
use crate::config::Limits;
use crate::model::CellValue;

/// A zip package (xlsx, xlsb, ods) whose parts say they unpack to more than the limit is a zip
/// bomb or no log: refused before anything is inflated. (A part that inflates past its declared
/// size is an error in the zip crate itself.)
pub(crate) fn check_unpacked(bytes: &[u8], limits: &Limits) -> Result<(), Reason> {
    if !bytes.starts_with(b"PK\x03\x04") {
        return Ok(());
    }
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else { return Ok(()) };
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        if let Ok(part) = zip.by_index_raw(i) {
            total = total.saturating_add(part.size());
        }
    }
    let mb = total.div_ceil(1 << 20);
    if mb > limits.max_unpacked_mb {
        return Err(Reason::Over(Limit::Unpacked { mb, limit: limits.max_unpacked_mb }));
    }
    Ok(())
}

/// Whether `bytes` of cell text are over `[limits] max_text_mb`.
fn over_text(bytes: u64, limits: &Limits) -> bool {
    bytes > limits.max_text_mb << 20
}

/// The reason for a workbook whose cells hold more text than the limit.
pub(crate) fn too_much_text(limits: &Limits) -> Reason {
    Reason::Over(Limit::Text { limit: limits.max_text_mb })
}

/// What calamine would hold for a file it builds whole when opening it (xls, ods), estimated
/// before it does: a failed allocation there aborts the process.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Survey {
    /// Cells of the ranges built (and of the rows as read, for ods).
    pub cells: u64,
    /// Bytes of text those cells would hold, at most (UTF-8).
    pub text: u64,
}

impl Survey {
    /// Refuses the file when it would cost more than the limits; `cells` names, in Chinese, what
    /// was counted.
    pub(crate) fn check(&self, limits: &Limits, cells: &'static str) -> Result<(), Reason> {
        if self.cells > limits.max_cells {
            return Err(Reason::Over(Limit::Area { what: cells, cells: self.cells, limit: limits.max_cells }));
        }
        if over_text(self.text, limits) {
            return Err(too_much_text(limits));
        }
        Ok(())
    }
}

/// A workbook's cells and text counted against the limits while its cells are read: every sheet
/// of a file is held until the file is read, so the limits are the file's, not a sheet's.
pub(crate) struct Budget<'a> {
    limits: &'a Limits,
    cells: u64,
    text: u64,
    /// Entries of the shared-string table, held by the reader like cells.
    strings: u64,
}

impl<'a> Budget<'a> {
    pub(crate) fn new(limits: &'a Limits) -> Self {
        Budget { limits, cells: 0, text: 0, strings: 0 }
    }

    /// A budget that starts with the workbook's shared-string table (its entries and text).
    pub(crate) fn with_strings(limits: &'a Limits, strings: &SharedStrings) -> Self {
        Budget { limits, cells: strings.entries, text: 0, strings: strings.entries }
    }

    /// Takes one more non-empty cell.
    pub(crate) fn take(&mut self, value: &CellValue) -> Result<(), Reason> {
        self.cells += 1;
        if self.cells > self.limits.max_cells {
            return Err(Reason::Over(Limit::Cells { strings: self.strings, limit: self.limits.max_cells }));
        }
        if let CellValue::Text(s) | CellValue::Error(s) = value {
            self.text += s.len() as u64;
            if over_text(self.text, self.limits) {
                return Err(too_much_text(self.limits));
            }
        }
        Ok(())
    }
}

/// A package's shared-string table as surveyed before the reader builds it.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct SharedStrings {
    pub entries: u64,
}
