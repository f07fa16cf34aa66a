//! The console summary at the end of `tongji run`: period, headline figures, problems, files.

use std::fmt::Write;
use std::path::Path;

use crate::ingest::Ingested;
use crate::model::{Figures, Metric, Severity, Status, TOTAL};
use crate::period::Window;

/// What the summary says about where the outputs went.
pub struct Written<'a> {
    pub folder: &'a Path,
    pub files: &'a [String],
    /// True when the period was taken from the records rather than given.
    pub period_chosen: bool,
}

pub fn render(figures: &Figures, ingested: &Ingested, written: &Written) -> String {
    let p = figures.period;
    let mut out = String::new();
    let how = if written.period_chosen { "（未指定 --period，取记录中最晚的月份）" } else { "" };
    let _ = writeln!(out, "统计月份：{p}{how}");
    let ytd = p.span(Window::Ytd).label();
    let value = |m: Metric, s: &str| {
        figures.rows.iter().find(|r| r.window == Window::Ytd && r.metric == m && r.specialty == s).map(|r| r.value)
    };
    if let (Some(b), Some(a)) = (value(Metric::TrainingBatches, TOTAL), value(Metric::TrainingAttendees, TOTAL)) {
        let _ = writeln!(out, "{ytd}：各专业培训{b}批次、{a}人次");
    }
    let checks: Vec<String> = figures
        .rows
        .iter()
        .filter(|r| r.window == Window::Ytd && r.metric == Metric::Verification)
        .map(|r| format!("{}{}{}", r.specialty, r.value, r.unit.label()))
        .collect();
    if !checks.is_empty() {
        let _ = writeln!(out, "{ytd}：核查 {}", checks.join("、"));
    }
    let enf: i64 = figures
        .rows
        .iter()
        .filter(|r| r.window == Window::Ytd && r.metric == Metric::Enforcement)
        .map(|r| r.value)
        .sum();
    let joint: i64 = figures
        .rows
        .iter()
        .filter(|r| r.window == Window::Ytd && r.metric == Metric::EnforcementJoint)
        .map(|r| r.value)
        .sum();
    if figures.rows.iter().any(|r| r.metric == Metric::Enforcement) {
        let _ = writeln!(out, "{ytd}：执法检查{enf}家次（其中联合检查{joint}家次）");
    }
    let with_target: Vec<_> = figures.rows.iter().filter(|r| r.window == Window::Ytd && r.target.is_some()).collect();
    if !with_target.is_empty() {
        let n = |s: Status| with_target.iter().filter(|r| r.status == Some(s)).count();
        let _ = writeln!(
            out,
            "年度目标{}项：已完成{}项，符合序时进度{}项，滞后{}项（序时进度{:.1}%）",
            with_target.len(),
            n(Status::Done),
            n(Status::OnTrack),
            n(Status::Behind),
            p.time_progress() * 100.0
        );
    }
    let rejected: u32 = ingested.ledger.iter().map(|l| l.rejected).sum();
    let failed = ingested.files.iter().filter(|f| matches!(f.status, crate::model::FileStatus::Failed { .. })).count();
    let warnings =
        ingested.problems.iter().chain(&figures.problems).filter(|p| p.severity == Severity::Warning).count();
    let suspected = crate::ingest::duplicates::count_suspected(&ingested.problems);
    let suspected_text = if suspected > 0 { format!("，疑似重复记录{suspected}条") } else { String::new() };
    let _ = writeln!(
        out,
        "读取：{}个文件、{}张表；拒收{rejected}行，无法读取的文件{failed}个，提示{warnings}条{suspected_text}{}",
        ingested.files.len(),
        ingested.ledger.len(),
        if rejected > 0 || failed > 0 || warnings > 0 { "（详见“数据质量”工作表）" } else { "" }
    );
    let copies = super::check::copies(ingested);
    if !copies.is_empty() {
        let _ = writeln!(out, "重复放入的文件{}个，只读取一次：", copies.len());
        for c in copies {
            let _ = writeln!(out, "{c}");
        }
    }
    for p in figures.problems.iter().filter(|p| p.severity == Severity::Rejected) {
        let _ = writeln!(out, "未能生成：{}", p.message);
    }
    let _ = writeln!(out, "输出：{}/", written.folder.display());
    for f in written.files {
        let _ = writeln!(out, "  {f}");
    }
    out
}
