//! Targets sheets (目标任务表): one row per specialty and 指标 with its 年度目标.

use super::header::Field;
use super::log::Reader;
use super::tally::RowError;
use crate::model::{cell_name, RawRow, SpecialtyName, TargetMetric, TargetRecord};
use crate::normalize::text::{fold, key};

impl Reader<'_> {
    pub(super) fn read_target(&mut self, row: &RawRow) -> Result<(), Vec<RowError>> {
        let mut errors = Vec::new();
        let metric = match self.value(row, Field::Metric) {
            Some((col, v)) => {
                let m = metric_from_text(&v.display());
                if m.is_none() {
                    errors.push(RowError::at(
                        cell_name(row.index, col),
                        format!("未知指标“{}”（应为培训批次、培训人次、核查、执法检查、次数之一）", v.display()),
                    ));
                }
                m
            }
            None => {
                let col = self.header.column(Field::Metric).unwrap_or(0);
                errors.push(RowError::at(cell_name(row.index, col), "缺少指标".into()));
                None
            }
        };
        // A targets sheet names the specialty on every row; the sheet's name is no fallback. A
        // target of 次数 names an activity category (理论中心组学习), matched to that catalogue.
        let specialty = match self.value(row, Field::Specialty) {
            Some((col, v)) if metric == Some(TargetMetric::Activity) && !fold(&v.display()).is_empty() => {
                let written = fold(&v.display());
                match self.ctx.activities.find(&written) {
                    Some(name) => Some(SpecialtyName { name: name.into(), known: true }),
                    None => {
                        errors.push(RowError::at(
                            cell_name(row.index, col),
                            format!(
                                "“次数”目标的专业一栏应为活动类别（如理论中心组学习），“{written}”不在活动目录中（可在 tongji.toml 的 [[activity]] 中添加）"
                            ),
                        ));
                        None
                    }
                }
            }
            Some((_, v)) if !fold(&v.display()).is_empty() => self.specialty(row),
            _ => {
                self.missing_specialty_target(row, &mut errors);
                None
            }
        };
        let target = self.count(row, Field::Target, "年度目标", &mut errors);
        if target == Some(None) {
            let col = self.header.column(Field::Target).unwrap_or(0);
            errors.push(RowError::at(cell_name(row.index, col), "缺少年度目标".into()));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let (Some(specialty), Some(metric), Some(Some(target))) = (specialty, metric, target) else {
            unreachable!("every missing value pushed an error")
        };
        let record = TargetRecord {
            year: self.context_year,
            specialty,
            metric,
            target,
            source: self.tally.provenance(row.index, None),
        };
        self.tally.out.targets.push(record);
        Ok(())
    }

    pub(super) fn missing_specialty_target(&self, row: &RawRow, errors: &mut Vec<RowError>) {
        let col = self.header.column(Field::Specialty).unwrap_or(0);
        errors.push(RowError::at(cell_name(row.index, col), "缺少专业".into()));
    }
}

/// The target metric a 指标 text names.
pub fn metric_from_text(text: &str) -> Option<TargetMetric> {
    let k = key(text);
    if k.contains("人次") || k.contains("人数") {
        Some(TargetMetric::TrainingAttendees)
    } else if k.contains("批次") || k.contains("期数") || k.contains("场次") || k.contains("培训") {
        Some(TargetMetric::TrainingBatches) // 培训次数 (执法培训次数 too): sessions
    } else if k.contains("执法") {
        Some(TargetMetric::Enforcement)
    } else if k.contains("核查") {
        Some(TargetMetric::Verification)
    } else if ["检查", "调查", "走访", "抽查", "督查", "巡查"].iter().any(|w| k.contains(w)) {
        None // 检查次数: which kind is not guessed
    } else if ["次数", "活动", "会议", "学习"].iter().any(|w| k.contains(w)) || k == "次" {
        Some(TargetMetric::Activity)
    } else {
        None
    }
}
