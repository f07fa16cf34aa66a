//! Tables side by side: a sheet whose columns fall into blocks parted by wholly empty columns, two
//! or more of which are tables of their own (a training log in A:E and a verification log in G:J),
//! is read as that many tables, each with its own kind, header, specialty and ledger entry.
//!
//! The rule, and why:
//! - A block is a run of columns that hold a cell somewhere in the sheet; an empty column parts
//!   two blocks. Merged regions do not join blocks: a title merged over both tables (A1:J1) is
//!   the left block's title, not a bridge (the clerk merged it for the print, not for the data).
//! - A block is a table when it is one on its own: a header of some kind (or a table by month,
//!   or a header refused with its reason) found in its own cells. Only when two or more blocks
//!   are tables is the sheet split; otherwise it is read whole, as before — a table with an empty
//!   column inside it (a deleted column, a spacer) is one block short of a header on one side.
//! - A block that is no table (a note to the right, the rest of a table broken by a blank column)
//!   goes with the table to its left (the first table when it is left of every table): its cells
//!   are read with that table's rows, where a cell outside every column of the header is a note.
//! - Each table keeps the sheet's cell names (G5 is G5), so every record, finding and ledger line
//!   points where the clerk looks; its ledger entry names its columns ("培训（G:J列）").

use super::classify::{classify, Layout, Refusal};
use super::SheetContext;
use crate::model::RawSheet;

/// The rows a block is tried as a table on: the header search's rows and a table by month's
/// months down (twelve months, quarter lines, a total) with room to spare.
const TRIAL_ROWS: u32 = 64;

/// At most this many blocks are tried: a sheet of more (a questionnaire with a blank column
/// between every answer) is no pair of ledgers, and is read whole.
const MOST_BLOCKS: usize = 32;

/// The tables of a sheet that holds several side by side, each with its columns (first, last);
/// None when it holds one (or none), to be read whole.
pub(super) fn tables(sheet: &RawSheet, ctx: &SheetContext) -> Option<Vec<((u32, u32), RawSheet)>> {
    let blocks = blocks(sheet);
    if blocks.len() < 2 || blocks.len() > MOST_BLOCKS {
        return None;
    }
    let is_table: Vec<bool> = blocks
        .iter()
        .map(|&(first, last)| {
            let trial = sheet.columns(first, last, Some(TRIAL_ROWS));
            matches!(
                classify(&trial, ctx, true).layout,
                Layout::Rows(_)
                    | Layout::ByMonth(_)
                    | Layout::Refused(Refusal::SplitCount { .. } | Refusal::TwoColumns { .. })
            )
        })
        .collect();
    if is_table.iter().filter(|t| **t).count() < 2 {
        return None;
    }
    // Each table with the blocks that are no table up to the next table (those left of the
    // first table go with it).
    let mut spans: Vec<(u32, u32)> = Vec::new();
    let mut leading: Option<u32> = None;
    for (&(first, last), &table) in blocks.iter().zip(&is_table) {
        if table {
            spans.push((leading.take().unwrap_or(first), last));
        } else if let Some(span) = spans.last_mut() {
            span.1 = last;
        } else {
            leading.get_or_insert(first);
        }
    }
    Some(spans.into_iter().map(|(first, last)| ((first, last), sheet.columns(first, last, None))).collect())
}

/// The runs of columns that hold a cell somewhere in the sheet, left to right.
fn blocks(sheet: &RawSheet) -> Vec<(u32, u32)> {
    let mut used: Vec<u64> = Vec::new();
    for row in &sheet.rows {
        for (c, _) in &row.cells {
            let (word, bit) = ((*c / 64) as usize, c % 64);
            if used.len() <= word {
                used.resize(word + 1, 0);
            }
            used[word] |= 1 << bit;
        }
    }
    let is_used = |c: u32| used.get((c / 64) as usize).is_some_and(|w| w & (1 << (c % 64)) != 0);
    let mut out: Vec<(u32, u32)> = Vec::new();
    for c in 0..(used.len() as u32 * 64) {
        if !is_used(c) {
            continue;
        }
        match out.last_mut() {
            Some(b) if b.1 + 1 == c => b.1 = c,
            _ => out.push((c, c)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CellValue;

    fn sheet(cells: &[(u32, u32, &str)]) -> RawSheet {
        RawSheet::from_cells(
            "s".into(),
            cells.iter().map(|(r, c, t)| (*r, *c, CellValue::from_text(t))).collect(),
            Vec::new(),
        )
    }

    #[test]
    fn blocks_are_runs_of_used_columns() {
        let s = sheet(&[(0, 0, "a"), (0, 1, "b"), (3, 3, "c"), (1, 4, "d"), (2, 70, "e")]);
        assert_eq!(blocks(&s), vec![(0, 1), (3, 4), (70, 70)]);
        assert!(blocks(&sheet(&[])).is_empty());
    }
}
