//! The bookkeeping every layout shares for one sheet: where its records come from, what was read
//! out of it, its ledger (every row counted once), its findings, and the specialty names that
//! matched nothing — kept the same way by a log and a table by month (each keeps its own sums for
//! its totals rows, which differ: a log's by field, a table's by column); and the footer words
//! (填表人, 说明：) both recognise.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::SheetContext;
use crate::model::{
    Finding, FindingKind, Ingested, Location, Provenance, RawSheet, Severity, SheetLedger, SheetStatus,
};
use crate::normalize::text::key;

/// Why a row cannot be used: the cell at fault and what is wrong with it.
pub(super) struct RowError {
    pub(super) cell: String,
    pub(super) message: String,
}

impl RowError {
    pub(super) fn at(cell: String, message: String) -> RowError {
        RowError { cell, message }
    }
}

/// One sheet's books.
pub(super) struct Tally {
    /// The file and sheet names every record of the sheet shares (for a CSV file the file's name
    /// stands for the sheet's): one allocation per sheet, not per record.
    source: (Arc<str>, Arc<str>),
    /// The file and sheet as findings name them (no sheet for a CSV file).
    file: String,
    sheet: Option<String>,
    /// The records and findings read so far.
    pub(super) out: Ingested,
    pub(super) ledger: SheetLedger,
    /// Specialties written in the rows that match nothing: value → first cell.
    pub(super) unknown_specialties: BTreeMap<String, String>,
}

impl Tally {
    /// The books of a sheet being read, opening with `findings` (those found while classifying it).
    pub(super) fn new(sheet: &RawSheet, ctx: &SheetContext, findings: Vec<Finding>) -> Tally {
        let label = ctx.has_sheets.then(|| sheet.name.clone());
        let mut ledger = SheetLedger::new(ctx.file.to_string(), label.clone(), sheet.used_rows(), SheetStatus::Read);
        ledger.visibility = sheet.visibility;
        Tally {
            source: (ctx.file.into(), if ctx.has_sheets { sheet.name.as_str().into() } else { ctx.file_stem.into() }),
            file: ctx.file.to_string(),
            ledger,
            sheet: label,
            out: Ingested { findings, ..Ingested::default() },
            unknown_specialties: BTreeMap::new(),
        }
    }

    pub(super) fn location(&self, cell: Option<String>) -> Location {
        Location { file: self.file.clone(), sheet: self.sheet.clone(), cell }
    }

    /// Where a record was read: a row (`col` None) or one cell of a table by month.
    pub(super) fn provenance(&self, row: u32, col: Option<u32>) -> Provenance {
        Provenance { file: self.source.0.clone(), sheet: self.source.1.clone(), row: row + 1, col }
    }

    pub(super) fn finding(&mut self, kind: FindingKind, severity: Severity, cell: Option<String>, message: String) {
        let location = self.location(cell);
        self.out.findings.push(Finding { kind, severity, location, message });
    }

    /// A row rejected: counted in the ledger, said at `cell`.
    pub(super) fn reject(&mut self, cell: String, message: String) {
        self.ledger.rejected += 1;
        self.finding(FindingKind::RowRejected, Severity::Rejected, Some(cell), message);
    }

    /// One warning for each specialty name that matched nothing, at its first cell.
    pub(super) fn say_unknown_specialties(&mut self) {
        for (written, cell) in std::mem::take(&mut self.unknown_specialties) {
            self.finding(FindingKind::UnknownSpecialty, Severity::Warning, Some(cell), unknown_specialty(&written));
        }
    }

    /// Closes the books: the ledger's 专业 (the one the records name, "多个" for several, else
    /// `fallback`), and the sheet's one ledger entry after its records.
    pub(super) fn finish(mut self, fallback: Option<&str>) -> Ingested {
        self.ledger.specialty = sheet_specialty(&self.out, fallback);
        self.out.ledger.push(self.ledger);
        self.out
    }
}

/// Words a footer row begins with (填表人：张三 | 填表日期：2023年10月8日): the whole row is a note,
/// whatever its other cells hold.
const FOOTER_WORDS: [&str; 22] = [
    "填表人",
    "制表人",
    "审核人",
    "复核人",
    "填报人",
    "负责人",
    "单位负责人",
    "统计负责人",
    "部门负责人",
    "分管领导",
    "联系电话",
    "联系人",
    "填表日期",
    "报出日期",
    "填报日期",
    "制表日期",
    "报送日期",
    "填报单位",
    "填表单位",
    "附注",
    "填表说明",
    "制表单位",
];

/// Whether a row's first text begins a footer; `Some(true)` when the rows below it are notes too
/// (填表说明, 说明：).
pub(super) fn footer(first_text: &str) -> Option<bool> {
    // Most rows begin with a date, a number or a name: the key is only built for the few that
    // begin as a footer word does.
    const FIRST: &str = "填制审复负单统部分联报附注说备";
    let first = first_text.trim_start().chars().next()?;
    if !FIRST.contains(first) {
        return None;
    }
    let k = key(first_text);
    if k.starts_with("填表说明") {
        return Some(true);
    }
    // 说明 and 注 begin so many words ("注册", "说明会") that only "说明：", "注：", "注1." count.
    let labelled = |word: &str| {
        k.strip_prefix(word).is_some_and(|rest| {
            rest.is_empty()
                || rest.starts_with([':', '：', '、', '.', '．'])
                || rest.starts_with(|c: char| c.is_ascii_digit())
        })
    };
    if labelled("说明") {
        return Some(true);
    }
    if labelled("注") || labelled("备注") {
        return Some(false);
    }
    FOOTER_WORDS.iter().any(|w| k.starts_with(w)).then_some(false)
}

/// The warning for a specialty that matches nothing in the catalogue.
fn unknown_specialty(written: &str) -> String {
    format!("专业“{written}”不在专业目录中，按原样保留（可在 tongji.toml 中为它添加别名）")
}

/// The ledger's 专业 of a sheet: the one its records name, "多个" for several, else `fallback`.
fn sheet_specialty(out: &Ingested, fallback: Option<&str>) -> String {
    let names: std::collections::BTreeSet<&str> = out
        .training
        .iter()
        .map(|r| &*r.specialty.name)
        .chain(out.verification.iter().chain(&out.enforcement).map(|r| &*r.specialty.name))
        .chain(out.targets.iter().map(|r| &*r.specialty.name))
        .chain(out.activity.iter().map(|r| &*r.category.name))
        .collect();
    match names.len() {
        0 => fallback.unwrap_or_default().to_string(),
        1 => names.iter().next().map(|s| s.to_string()).unwrap_or_default(),
        _ => "多个".into(),
    }
}
