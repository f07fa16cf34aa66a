//! The comparable scope of a 合计: compared with last year it is only like with like when every
//! specialty kept its log last year too.

use crate::model::period::Window;
use crate::model::{Finding, FindingKind, Location, Metric, MetricRow, Severity, TOTAL};

/// A 合计 compared with last year is only like with like when every specialty kept its log last
/// year too: say which ones did not.
pub(crate) fn partial_prior_total(rows: &[MetricRow]) -> Option<Finding> {
    let ytd = |r: &&MetricRow| r.window == Window::Ytd && r.metric == Metric::TrainingAttendees;
    let total = rows.iter().filter(ytd).find(|r| r.specialty == TOTAL)?;
    total.prior_value?;
    let missing: Vec<&str> = rows
        .iter()
        .filter(ytd)
        .filter(|r| r.specialty != TOTAL && r.prior_value.is_none())
        .map(|r| r.specialty.as_str())
        .collect();
    if missing.is_empty() {
        return None;
    }
    Some(Finding {
        kind: FindingKind::PartialPriorTotal,
        severity: Severity::Warning,
        location: Location { file: "培训合计".into(), sheet: None, cell: None },
        message: format!(
            "上年同期合计只包含有上年培训记录的专业；{}没有上年记录，合计的同比仅供参考",
            missing.join("、")
        ),
    })
}
