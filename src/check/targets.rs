//! Check: the year-to-date figures against the annual targets — 完成率 against 序时进度.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::period::{Period, Window};
use crate::model::{Finding, FindingKind, Kind, Location, Metric, MetricRow, Severity, Status, TargetRecord};

/// The targets that apply to a year: those of that year, or with no year given (a year-specific
/// one wins). Duplicates and unknown specialties are reported.
pub struct Targets {
    pub by_key: BTreeMap<(String, Metric), i64>,
    pub findings: Vec<Finding>,
}

impl Targets {
    pub fn for_year(records: &[TargetRecord], year: i32) -> Targets {
        let mut by_key: BTreeMap<(String, Metric), (i64, bool)> = BTreeMap::new();
        let mut findings = Vec::new();
        let location = |r: &TargetRecord| Location {
            file: r.source.file.to_string(),
            sheet: Some(r.source.sheet.to_string()),
            cell: Some(r.source.row.to_string()),
        };
        for r in records.iter().filter(|r| r.year.is_none_or(|y| y == year)) {
            if !r.specialty.known && r.metric != crate::model::TargetMetric::Activity {
                findings.push(Finding {
                    kind: FindingKind::UnknownTargetSpecialty,
                    severity: Severity::Warning,
                    location: location(r),
                    message: format!("目标表中的专业“{}”不在专业目录中，其目标只能对照同名记录", r.specialty.name),
                });
            }
            let key = (r.specialty.name.to_string(), Metric::of_target(r.metric));
            let specific = r.year.is_some();
            match by_key.get(&key) {
                Some(&(_, had_specific)) if had_specific == specific || had_specific => {
                    if had_specific == specific {
                        findings.push(Finding {
                            kind: FindingKind::DuplicateTarget,
                            severity: Severity::Warning,
                            location: location(r),
                            message: format!("{}的{}目标重复，采用先读到的一条", r.specialty.name, r.metric.label()),
                        });
                    }
                }
                _ => {
                    by_key.insert(key, (r.target, specific));
                }
            }
        }
        Targets { by_key: by_key.into_iter().map(|(k, (v, _))| (k, v)).collect(), findings }
    }

    /// Specialties with a target, by the kind of record the target counts.
    pub fn specialties_by_kind(&self) -> BTreeMap<Kind, BTreeSet<String>> {
        let mut out: BTreeMap<Kind, BTreeSet<String>> = BTreeMap::new();
        for (s, m) in self.by_key.keys() {
            out.entry(m.kind()).or_default().insert(s.clone());
        }
        out
    }
}

/// The status of a value against a target at the end of month `month`: done when the value
/// reaches the target, on track when completion ≥ month/12 (compared exactly, in integers).
pub fn status(value: i64, target: i64, month: u32) -> Status {
    if value >= target {
        Status::Done
    } else if value as i128 * 12 >= target as i128 * month as i128 {
        Status::OnTrack
    } else {
        Status::Behind
    }
}

/// Fills target, completion, time progress and status on the year-to-date rows.
pub(crate) fn apply(rows: &mut [MetricRow], targets: &Targets, period: Period) {
    for r in rows.iter_mut().filter(|r| r.window == Window::Ytd) {
        r.time_progress = Some(period.time_progress());
        match targets.by_key.get(&(r.specialty.clone(), r.metric)) {
            Some(&t) => {
                r.target = Some(t);
                r.completion = (t != 0).then(|| r.value as f64 / t as f64);
                r.status = Some(status(r.value, t, period.month));
            }
            None => r.status = Some(Status::NoTarget),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Provenance, SpecialtyName, TargetMetric};

    fn target(year: Option<i32>, specialty: &str, known: bool, metric: TargetMetric, value: i64) -> TargetRecord {
        TargetRecord {
            year,
            specialty: SpecialtyName { name: specialty.into(), known },
            metric,
            target: value,
            source: Provenance { file: "目标.xlsx".into(), sheet: "目标".into(), row: 2, col: None },
        }
    }

    #[test]
    fn targets_of_a_year_with_duplicates_and_unknown_specialties_reported() {
        let records = [
            target(None, "贸易", true, TargetMetric::Verification, 10),
            target(Some(2023), "贸易", true, TargetMetric::Verification, 30),
            target(Some(2022), "能源", true, TargetMetric::Verification, 99),
            target(Some(2023), "能源", true, TargetMetric::Verification, 20),
            target(Some(2023), "能源", true, TargetMetric::Verification, 21),
            target(Some(2023), "科技统计", false, TargetMetric::TrainingAttendees, 5),
        ];
        let t = Targets::for_year(&records, 2023);
        assert_eq!(t.by_key.get(&("贸易".into(), Metric::Verification)), Some(&30), "a year-specific target wins");
        assert_eq!(t.by_key.get(&("能源".into(), Metric::Verification)), Some(&20), "the first of duplicates");
        assert_eq!(t.by_key.get(&("科技统计".into(), Metric::TrainingAttendees)), Some(&5));
        let messages: Vec<&str> = t.findings.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(messages[0].contains("能源") && messages[0].contains("重复"));
        assert!(messages[1].contains("科技统计") && messages[1].contains("不在专业目录中"));
        let kinds = t.specialties_by_kind();
        assert!(kinds[&Kind::Training].contains("科技统计"));
    }

    #[test]
    fn status_at_the_boundaries() {
        // exactly the target → done; completion exactly the time progress → on track
        assert_eq!(status(8, 8, 9), Status::Done);
        assert_eq!(status(6, 8, 9), Status::OnTrack);
        assert_eq!(status(5, 8, 9), Status::Behind);
        assert_eq!(status(0, 0, 1), Status::Done);
        assert_eq!(status(1, 12, 1), Status::OnTrack);
        assert_eq!(status(0, 12, 1), Status::Behind);
    }
}
