//! The format-neutral sheet of cells that every reader produces and every layout reads, and how
//! a cell is named (C14).

use std::collections::HashMap;

use chrono::NaiveDateTime;

/// One cell's value as the workbook stored it, before any interpretation.
#[derive(Debug, Clone, PartialEq)]
pub enum CellValue {
    Empty,
    Text(String),
    Number(f64),
    /// A cell the workbook marks as a date or date-time.
    DateTime(NaiveDateTime),
    Bool(bool),
    /// An error value such as `#REF!`, kept as text for the message.
    Error(String),
}

impl CellValue {
    /// Text cells that hold only white space count as empty.
    pub fn from_text(s: &str) -> CellValue {
        let t = s.trim_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}' || c == '\u{200B}');
        if t.is_empty() {
            CellValue::Empty
        } else {
            CellValue::Text(t.to_string())
        }
    }

    pub fn is_empty(&self) -> bool {
        matches!(self, CellValue::Empty)
    }

    pub fn as_text(&self) -> Option<&str> {
        match self {
            CellValue::Text(s) => Some(s),
            _ => None,
        }
    }

    /// How the value reads in a message: text as typed, numbers without a needless ".0".
    pub fn display(&self) -> String {
        match self {
            CellValue::Empty => String::new(),
            CellValue::Text(s) => s.clone(),
            CellValue::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            CellValue::Number(n) => format!("{n}"),
            CellValue::DateTime(d) => d.format("%Y-%m-%d").to_string(),
            CellValue::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            CellValue::Error(e) => e.clone(),
        }
    }
}

/// A rectangular merged region, 0-based and inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    pub first_row: u32,
    pub first_col: u32,
    pub last_row: u32,
    pub last_col: u32,
}

/// One non-empty row of a sheet: its 0-based index and its non-empty cells sorted by column.
#[derive(Debug, Clone, Default)]
pub struct RawRow {
    pub index: u32,
    pub cells: Vec<(u32, CellValue)>,
}

impl RawRow {
    pub fn get(&self, col: u32) -> Option<&CellValue> {
        self.cells.binary_search_by_key(&col, |(c, _)| *c).ok().map(|i| &self.cells[i].1)
    }
}

/// A sheet as read: only the rows that hold something, in order, plus its merged regions.
/// Holding only non-empty cells keeps a stray formatted cell at XFD1048576 harmless.
#[derive(Debug, Clone, Default)]
pub struct RawSheet {
    pub name: String,
    pub rows: Vec<RawRow>,
    pub merges: Vec<Merge>,
    /// Whether the workbook shows the sheet (formats that store it: xlsx, xlsb, xls, ods).
    pub visibility: Visibility,
    /// Covered cell → its region's top-left, for the regions (with a value) small enough to
    /// index cell by cell: a lookup costs the same with five merged cells or fifty thousand.
    merge_index: HashMap<(u32, u32), (u32, u32)>,
    /// Regions with a value too large to index cell by cell (A1:XFD1), searched in order.
    large_merges: Vec<Merge>,
}

/// Regions up to this many cells are indexed cell by cell.
const MERGE_INDEX_AREA: u64 = 4096;
/// At most this many cells are indexed in all (about 100 MB): a sheet of many small merged
/// regions must not take more memory than its cells. Regions past it are searched in order.
const MERGE_INDEX_CELLS: u64 = 1 << 22;

/// A sheet's non-empty cells gathered row by row as a reader gives them. Readers give cells in
/// order, so each goes straight into its row: no second copy of the sheet is ever held.
#[derive(Debug, Default)]
pub struct Rows {
    rows: Vec<RawRow>,
    /// A cell came before one already pushed: sorted once at the end.
    unsorted: bool,
    cells: usize,
    /// The most cells a finished row has had.
    widest: usize,
}

impl Rows {
    /// Adds a cell; an empty one is dropped. Of two cells at one position the first is kept.
    pub fn push(&mut self, r: u32, c: u32, v: CellValue) {
        if v.is_empty() {
            return;
        }
        match self.rows.last_mut() {
            Some(last) if last.index == r => {
                match last.cells.last() {
                    Some((lc, _)) if *lc == c => return,
                    Some((lc, _)) if *lc > c => self.unsorted = true,
                    _ => {}
                }
                last.cells.push((c, v));
            }
            last => {
                // Rows of a sheet are about as long as each other: room for as many cells as
                // the longest row so far, so rows seldom grow (growing by doubling leaves up to
                // half a row unused, and costs a copy each time).
                if let Some(last) = last {
                    self.unsorted |= last.index > r;
                    self.widest = self.widest.max(last.cells.len());
                }
                let mut cells = Vec::with_capacity(self.widest.max(1));
                cells.push((c, v));
                self.rows.push(RawRow { index: r, cells });
            }
        }
        self.cells += 1;
    }

    /// How many cells were kept.
    pub fn len(&self) -> usize {
        self.cells
    }

    pub fn is_empty(&self) -> bool {
        self.cells == 0
    }

    /// The sheet, with its merged regions.
    pub fn into_sheet(mut self, name: String, merges: Vec<Merge>) -> RawSheet {
        if self.unsorted {
            let mut cells: Vec<(u32, u32, CellValue)> = self
                .rows
                .into_iter()
                .flat_map(|row| row.cells.into_iter().map(move |(c, v)| (row.index, c, v)))
                .collect();
            // Stable: of two cells at one position the first given stays first, and is kept.
            cells.sort_by_key(|(r, c, _)| (*r, *c));
            (self.rows, self.unsorted, self.cells, self.widest) = (Vec::new(), false, 0, 0);
            for (r, c, v) in cells {
                self.push(r, c, v);
            }
        }
        RawSheet::with_rows(name, self.rows, merges)
    }
}

/// Whether a workbook shows a sheet. A hidden sheet may hold a dropdown's list, a lookup table or
/// an old copy of a ledger: read like any other, and said to be hidden.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Visibility {
    #[default]
    Visible,
    /// Hidden (Excel's 隐藏: 取消隐藏 shows it).
    Hidden,
    /// Very hidden: only a macro or the VBA editor shows it.
    VeryHidden,
}

impl Visibility {
    /// How the ledger says it: None for a visible sheet.
    pub fn label(self) -> Option<&'static str> {
        match self {
            Visibility::Visible => None,
            Visibility::Hidden => Some("隐藏"),
            Visibility::VeryHidden => Some("深度隐藏"),
        }
    }
}

impl RawSheet {
    /// Builds a sheet from cells in any order; empty values are dropped.
    pub fn from_cells(name: String, cells: Vec<(u32, u32, CellValue)>, merges: Vec<Merge>) -> RawSheet {
        let mut rows = Rows::default();
        for (r, c, v) in cells {
            rows.push(r, c, v);
        }
        rows.into_sheet(name, merges)
    }

    fn with_rows(name: String, rows: Vec<RawRow>, merges: Vec<Merge>) -> RawSheet {
        let mut sheet = RawSheet { name, rows, merges, ..RawSheet::default() };
        let mut index = HashMap::new();
        let mut large = Vec::new();
        for m in &sheet.merges {
            if sheet.get(m.first_row, m.first_col).is_none() {
                continue; // nothing to fill with
            }
            let area = (m.last_row.saturating_sub(m.first_row) as u64 + 1)
                * (m.last_col.saturating_sub(m.first_col) as u64 + 1);
            if area > MERGE_INDEX_AREA || index.len() as u64 + area > MERGE_INDEX_CELLS {
                large.push(*m);
                continue;
            }
            for r in m.first_row..=m.last_row {
                for c in m.first_col..=m.last_col {
                    index.entry((r, c)).or_insert((m.first_row, m.first_col));
                }
            }
        }
        sheet.merge_index = index;
        sheet.large_merges = large;
        sheet
    }

    pub fn row(&self, index: u32) -> Option<&RawRow> {
        self.rows.binary_search_by_key(&index, |r| r.index).ok().map(|i| &self.rows[i])
    }

    /// The cell's own value.
    pub fn get(&self, row: u32, col: u32) -> Option<&CellValue> {
        self.row(row).and_then(|r| r.get(col))
    }

    /// The cell's value, or, when it is covered by a merged region, the value of that region's
    /// top-left cell (what a reader of the printed sheet sees in it).
    pub fn get_filled(&self, row: u32, col: u32) -> Option<&CellValue> {
        if let Some(v) = self.get(row, col) {
            return Some(v);
        }
        if let Some(&(r, c)) = self.merge_index.get(&(row, col)) {
            return self.get(r, c);
        }
        self.large_merges
            .iter()
            .find(|m| m.first_row <= row && row <= m.last_row && m.first_col <= col && col <= m.last_col)
            .and_then(|m| self.get(m.first_row, m.first_col))
    }

    /// The sheet cut down to columns `first..=last` (the same indices: a cell keeps its name),
    /// and, with `rows`, to the rows above that index: its merged regions those whose top-left
    /// cell is in it. A table of a sheet that holds several side by side.
    pub fn columns(&self, first: u32, last: u32, rows: Option<u32>) -> RawSheet {
        let kept = self
            .rows
            .iter()
            .take_while(|r| rows.is_none_or(|n| r.index < n))
            .filter_map(|r| {
                let from = r.cells.partition_point(|(c, _)| *c < first);
                let to = r.cells.partition_point(|(c, _)| *c <= last);
                (from < to).then(|| RawRow { index: r.index, cells: r.cells[from..to].to_vec() })
            })
            .collect();
        let merges = self
            .merges
            .iter()
            .filter(|m| (first..=last).contains(&m.first_col) && rows.is_none_or(|n| m.first_row < n))
            .copied()
            .collect();
        let mut sheet = RawSheet::with_rows(self.name.clone(), kept, merges);
        sheet.visibility = self.visibility;
        sheet
    }

    /// 1 + the index of the last row holding something (0 for an empty sheet).
    pub fn used_rows(&self) -> u32 {
        self.rows.last().map(|r| r.index + 1).unwrap_or(0)
    }
}

/// Excel's column letters for a 0-based column index (0 → A, 26 → AA).
pub fn column_name(mut col: u32) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// Excel's name of a cell for 0-based indices ("C14").
pub fn cell_name(row: u32, col: u32) -> String {
    format!("{}{}", column_name(col), row + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(16383), "XFD");
        assert_eq!(cell_name(13, 2), "C14");
    }

    #[test]
    fn of_two_cells_at_one_place_the_first_is_kept_in_any_order() {
        let (a, b) = (CellValue::from_text("先"), CellValue::from_text("后"));
        for cells in [
            vec![(0, 0, a.clone()), (0, 0, b.clone()), (1, 0, b.clone())],
            vec![(1, 0, b.clone()), (0, 0, a.clone()), (0, 1, b.clone()), (0, 0, b.clone())],
        ] {
            let s = RawSheet::from_cells("s".into(), cells, vec![]);
            assert_eq!(s.get(0, 0), Some(&a));
            assert_eq!(s.get(1, 0), Some(&b));
            assert!(s.rows.windows(2).all(|w| w[0].index < w[1].index));
        }
        let mut rows = Rows::default();
        rows.push(0, 0, CellValue::Empty);
        rows.push(0, 1, a.clone());
        rows.push(0, 1, b.clone());
        assert_eq!(rows.len(), 1);
    }

    #[test]
    fn sheet_from_sparse_cells_and_merges() {
        let cells = vec![
            (5, 0, CellValue::from_text("a")),
            (1, 1, CellValue::Number(2.0)),
            (1, 0, CellValue::from_text("  ")),
            (1048575, 16383, CellValue::Empty),
        ];
        let merge = Merge { first_row: 5, first_col: 0, last_row: 7, last_col: 0 };
        let s = RawSheet::from_cells("s".into(), cells, vec![merge]);
        assert_eq!(s.rows.len(), 2);
        assert_eq!(s.used_rows(), 6);
        assert_eq!(s.get(7, 0), None);
        assert_eq!(s.get_filled(7, 0), Some(&CellValue::Text("a".into())));
        assert_eq!(s.get_filled(8, 0), None);
        // A region too large to index cell by cell still fills.
        let wide = Merge { first_row: 0, first_col: 0, last_row: 0, last_col: 16383 };
        let t = RawSheet::from_cells("t".into(), vec![(0, 0, CellValue::from_text("标题"))], vec![wide]);
        assert_eq!(t.get_filled(0, 9000), Some(&CellValue::Text("标题".into())));
        assert_eq!(t.get_filled(1, 9000), None);
    }
}
