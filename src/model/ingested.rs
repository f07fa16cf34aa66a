//! Everything read from the input folder: the records of each kind, the ledger of every sheet
//! and file, and the findings; what the reading stage hands to the rest.

use super::findings::{Finding, FindingKind, Location, Severity};
use super::ledger::{FileReport, FileStatus, SheetLedger};
use super::records::{ActivityRecord, CheckRecord, TargetRecord, TrainingRecord};

/// Everything read from the input folder.
#[derive(Debug, Default)]
pub struct Ingested {
    pub training: Vec<TrainingRecord>,
    pub verification: Vec<CheckRecord>,
    pub enforcement: Vec<CheckRecord>,
    pub targets: Vec<TargetRecord>,
    /// Meetings and other counted activities (会议台账, 工作台账).
    pub activity: Vec<ActivityRecord>,
    /// One entry per sheet (CSV file) read, in file order.
    pub ledger: Vec<SheetLedger>,
    /// One entry per file found under the input folder.
    pub files: Vec<FileReport>,
    pub findings: Vec<Finding>,
}

impl Ingested {
    /// True when some row, sheet or file could not be used.
    pub fn has_rejections(&self) -> bool {
        self.findings.iter().any(|p| p.severity == Severity::Rejected)
    }

    /// The hidden sheets read as logs (with records): an old copy left hidden is counted, and must
    /// be seen. Each with its label (隐藏, 深度隐藏).
    pub fn hidden_logs(&self) -> Vec<(&SheetLedger, &'static str)> {
        self.ledger.iter().filter(|l| l.records > 0).filter_map(|l| l.visibility.label().map(|h| (l, h))).collect()
    }

    /// The inputs that were byte-identical copies: (the copy, the file read instead).
    pub fn copies(&self) -> Vec<(&str, &str)> {
        self.files
            .iter()
            .filter_map(|f| match &f.status {
                FileStatus::Duplicate { of } => Some((f.file.as_str(), of.as_str())),
                _ => None,
            })
            .collect()
    }

    /// Adds what another sheet or file gave, after what is here. The first records are moved,
    /// not copied: a sheet of a million records is held once, not twice.
    pub(crate) fn append(&mut self, other: Ingested) {
        join(&mut self.training, other.training, 0);
        join(&mut self.verification, other.verification, 0);
        join(&mut self.enforcement, other.enforcement, 0);
        join(&mut self.targets, other.targets, 0);
        join(&mut self.activity, other.activity, 0);
        join(&mut self.ledger, other.ledger, 0);
        join(&mut self.files, other.files, 0);
        join(&mut self.findings, other.findings, 0);
    }

    pub(crate) fn for_file(file: String, status: FileStatus) -> Ingested {
        Ingested { files: vec![FileReport { file, status }], ..Ingested::default() }
    }

    pub(crate) fn skipped(file: String, reason: String) -> Ingested {
        Ingested::for_file(file, FileStatus::Skipped { reason })
    }

    pub(crate) fn copy(file: String, of: String) -> Ingested {
        let problem = Finding {
            kind: FindingKind::CopyOfFile,
            severity: Severity::Warning,
            location: Location { file: file.clone(), sheet: None, cell: None },
            message: format!("与“{of}”内容完全相同，是重复放入的副本：只读取“{of}”，记录不重复计入（可删除此副本）"),
        };
        let mut o = Ingested::for_file(file, FileStatus::Duplicate { of });
        o.findings.push(problem);
        o
    }

    pub(crate) fn failed(file: String, reason: impl std::fmt::Display) -> Ingested {
        let reason = reason.to_string();
        let problem = Finding {
            kind: FindingKind::FileUnreadable,
            severity: Severity::Rejected,
            location: Location { file: file.clone(), sheet: None, cell: None },
            message: reason.clone(),
        };
        let mut o = Ingested::for_file(file, FileStatus::Failed { reason });
        o.findings.push(problem);
        o
    }
}

/// Appends `other` to `into`, moving it when `into` is empty; `total` (when larger) is the
/// length `into` will reach, reserved exactly when `other` is moved in.
pub(crate) fn join<T>(into: &mut Vec<T>, other: Vec<T>, total: usize) {
    if into.is_empty() {
        *into = other;
        into.reserve_exact(total.saturating_sub(into.len()));
    } else {
        into.extend(other);
    }
}
