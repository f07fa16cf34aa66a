//! Tables side by side: a sheet whose columns fall into blocks parted by wholly empty columns, two
//! or more of which are tables of their own (a training log in A:E and a verification log in G:J),
//! is read as that many tables, each with its own kind, header, specialty and ledger entry.
//!
//! The rule, and why:
//! - A block is a run of columns that hold a cell somewhere in the sheet; an empty column parts
//!   two blocks. Merged regions do not join blocks: a title merged over both tables (A1:J1) is
//!   the left block's title, not a bridge (the clerk merged it for the print, not for the data).
//! - A block is a table when it is one on its own: a header of some kind (or a table by month
//!   with its own row labels, or a header refused with its reason) found in its own cells.
//! - The sheet is split only when two or more blocks are tables, **each of a different kind that
//!   its own cells say** (a training log beside a verification log). Two tables of one kind side
//!   by side are as often a log and its month tally, a table and its 其中 / 计划 / 上年同期
//!   columns, or one log cut by a spacer column whose right part has a date of its own (整改时间)
//!   — as two logs. Read whole, as before, such a sheet is refused with its reason (two columns
//!   for one count) rather than counted twice; a run of months cut off from its labels is no
//!   table at all.
//! - A block that is no table (a note to the right, the rest of a table broken by a blank column)
//!   goes with the table to its left (the first table when it is left of every table): its cells
//!   are read with that table's rows, where a cell outside every column of the header is a note.
//! - Each table keeps the sheet's cell names (G5 is G5), so every record, finding and ledger line
//!   points where the clerk looks; its ledger entry names its columns ("培训（G:J列）").

use super::classify::{classify, title_text, Layout, Refusal};
use super::header::table_by_month_kind;
use super::SheetContext;
use crate::model::{Kind, RawSheet};

/// The rows a block is tried as a table on: the header search's rows and a table by month's
/// months down (twelve months, quarter lines, a total) with room to spare.
const TRIAL_ROWS: u32 = 64;

/// At most this many blocks are tried: a sheet of more (a questionnaire with a blank column
/// between every answer) is no pair of ledgers, and is read whole.
const MOST_BLOCKS: usize = 32;

/// What a sheet holds across.
pub(super) enum Across {
    /// One table (or none): read whole.
    One,
    /// Tables of different kinds side by side, each with its columns (first, last).
    Tables(Vec<((u32, u32), RawSheet)>),
    /// Tables of one kind (or of kinds their cells do not say) side by side, with their columns
    /// and the first one's kind: which of them count cannot be known, and the sheet is refused.
    Alike(Vec<(u32, u32)>, Option<Kind>),
}

/// What `sheet` holds across: one table, tables of different kinds, or tables alike.
pub(super) fn tables(sheet: &RawSheet, ctx: &SheetContext) -> Across {
    let blocks = blocks(sheet);
    if blocks.len() < 2 || blocks.len() > MOST_BLOCKS {
        return Across::One;
    }
    // Each block's kind when it is a table on its own (None: no table; Some(None): a table of
    // a kind its own cells do not say).
    let mut by_month = 0;
    let kinds: Vec<Option<Option<Kind>>> = blocks
        .iter()
        .map(|&(first, last)| {
            let trial = sheet.columns(first, last, Some(TRIAL_ROWS));
            match classify(&trial, ctx, true).layout {
                Layout::Rows(h)
                | Layout::Refused(Refusal::SplitCount { header: h, .. } | Refusal::TwoColumns { header: h, .. }) => {
                    Some(Some(h.kind))
                }
                Layout::ByMonth(shape) if shape.labelled() => {
                    by_month += 1;
                    Some(table_by_month_kind("", &title_text(&trial, shape.first_row()), ctx))
                }
                _ => None,
            }
        })
        .collect();
    let is_table: Vec<bool> = kinds.iter().map(Option::is_some).collect();
    let tables: Vec<Option<Kind>> = kinds.iter().flatten().copied().collect();
    if tables.len() < 2 {
        return Across::One;
    }
    // Only tables of different kinds, each saying its own, are parted: two of one kind side by
    // side are as often one table and its tally, its plan or last year's (其中、计划、上年同期),
    // or one log with a spacer column, as two logs. Read whole, one of them would be read and
    // the other lost in silence; parted, a tally would be counted twice. Refused, with the
    // columns of each.
    let mut seen: Vec<Kind> = Vec::new();
    for k in &tables {
        match k {
            Some(k) if !seen.contains(k) => seen.push(*k),
            // Tables by month alone (1–6月 beside 7–12月, each with its labels) are read whole as
            // one table by month, as before: its months in one row are one run, and a month given
            // twice in a row (a 计划 or 其中 table beside) refuses the row.
            _ if by_month == tables.len() => return Across::One,
            _ => {
                let alike = blocks.iter().zip(&is_table).filter(|(_, t)| **t).map(|(b, _)| *b).collect();
                return Across::Alike(alike, tables.iter().flatten().next().copied());
            }
        }
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
    Across::Tables(spans.into_iter().map(|(first, last)| ((first, last), sheet.columns(first, last, None))).collect())
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
