//! Findings: what the program could not use, or wants a person to look at, and where.

use std::fmt;

/// Where a record or a finding comes from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    /// The file's path relative to the input folder, with '/' separators.
    pub file: String,
    /// The sheet name; None for a CSV file or a finding about the whole file.
    pub sheet: Option<String>,
    /// Excel's cell name ("C14") or row ("14") for a finding about a row; None for the whole sheet.
    pub cell: Option<String>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(s) = &self.sheet {
            write!(f, " [{s}]")?;
        }
        if let Some(c) = &self.cell {
            write!(f, " {c}")?;
        }
        Ok(())
    }
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// A row, sheet or file could not be used: its figures are missing from the totals.
    Rejected,
    /// Read, but somebody should look (an unknown specialty, a 合计 row that disagrees).
    Warning,
}

/// What a finding is about: findings are counted and grouped by their kind, never by their words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FindingKind {
    /// A file that could not be read at all (the reason is the message).
    FileUnreadable,
    /// A byte-identical copy of another input: read once, under the other name.
    CopyOfFile,
    /// Something about a whole file that was read (bytes that are no text in its encoding).
    FileNote,
    /// A sheet the reader could not read (the reason is the message).
    SheetUnreadable,
    /// A sheet refused whole by its layout: no header, two columns for one count, a table by
    /// month whose months cannot be known, a meeting list that may be a training's.
    SheetRefused,
    /// The names say one kind of sheet and the header another; read by the header.
    KindByHeader,
    /// A row that could not be used: its cell and what is wrong with it.
    RowRejected,
    /// A 合计 or 小计 row that disagrees with the rows it totals (the rows are counted).
    TotalsDisagree,
    /// A table by month that sums the logs of other sheets or files: checked against them, not
    /// counted (ingest/summaries.rs).
    SummaryOfOthers,
    /// A part (其中) larger than its whole.
    PartOverWhole,
    /// A table by month gives a specialty's 批次 without its 人次, or the other way round.
    OneSideOnly,
    /// A name on a sign-in sheet signed twice for one session (counted once).
    SignedTwice,
    /// A specialty name that matches nothing in the catalogue, kept as written.
    UnknownSpecialty,
    /// Activity categories that match nothing in the activity catalogue, kept as written.
    UnknownActivity,
    /// Records whose year differs from the sheet's title or name.
    OffYear,
    /// Records dated after today.
    FutureDate,
    /// A record that appears in another file too (both counted).
    SuspectedDuplicate,
    /// A month figure that equals another file's records of that month (both counted).
    SuspectedRollUp,
    /// A target for a specialty outside the catalogue.
    UnknownTargetSpecialty,
    /// A target given twice (the first read is used).
    DuplicateTarget,
    /// A 合计 compared with last year that lacks specialties without last year's records.
    PartialPriorTotal,
    /// Characters the chart fonts lack.
    MissingGlyphs,
    /// An output that could not be made (a broken report template).
    OutputNotMade,
}

impl FindingKind {
    /// A 疑似重复: a person decides whether the same figures were entered twice.
    fn is_suspected_duplicate(self) -> bool {
        matches!(self, FindingKind::SuspectedDuplicate | FindingKind::SuspectedRollUp)
    }
}

/// One thing the program could not use, or wants a person to look at: its kind, how serious it
/// is, where, and what to say to the clerk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub kind: FindingKind,
    pub severity: Severity,
    pub location: Location,
    /// In Chinese, for the clerk: what is wrong and, where it helps, what to do.
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// How many findings are 疑似重复 warnings.
pub fn count_suspected(findings: &[Finding]) -> usize {
    findings.iter().filter(|f| f.kind.is_suspected_duplicate()).count()
}
