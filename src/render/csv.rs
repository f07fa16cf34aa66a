//! metrics.csv: the stable machine-readable export (UTF-8 with BOM, a fixed header).

use std::path::Path;

use super::{write_file, Output, Report};
use crate::error::Error;
use crate::model::Figures;

/// The header, exactly; columns are only ever added at the end.
/// comparable_value … left_out say, for a 合计 row, the comparable scope (可比口径) its yoy and pop
/// are computed on: the sums over the specialties with records in both years, and the ones left
/// out (joined by 、); empty for other rows.
/// quarterly_left_out names the specialties that report by quarter and whose quarter figures the
/// row's value (and its prior and previous values) leaves out because the window ends inside a
/// quarter — the row's own specialty, or for a 合计 each such one (joined by 、); empty when the
/// value is whole. A column, not a note row: every row stays one figure a program can filter on.
pub const HEADER: &str = "period,window,specialty,metric,unit,value,target,completion,time_progress,status,prior_value,yoy,previous_value,pop,comparable_value,comparable_prior,comparable_previous,left_out,quarterly_left_out";

/// A fraction as a plain decimal with at most six places ("0.75", "-0.110738"); empty for None.
pub(crate) fn fraction(v: Option<f64>) -> String {
    match v {
        Some(f) if f.is_finite() => {
            let s = format!("{f:.6}");
            let s = s.trim_end_matches('0').trim_end_matches('.');
            if s == "-0" {
                "0".into()
            } else {
                s.to_string()
            }
        }
        _ => String::new(),
    }
}

fn int(v: Option<i64>) -> String {
    v.map(|n| n.to_string()).unwrap_or_default()
}

/// A text field as CSV: quoted when needed, and neutralised when it starts like a formula
/// (= + - @ tab CR), as OWASP recommends, so that a spreadsheet never evaluates it.
pub fn text(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_string() };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// The file's bytes.
pub fn render(figures: &Figures) -> Vec<u8> {
    let mut out = String::from("\u{FEFF}");
    out.push_str(HEADER);
    out.push_str("\r\n");
    let period = figures.period.code();
    for r in &figures.rows {
        let fields = [
            period.clone(),
            r.window.code().to_string(),
            text(&r.specialty),
            r.metric.code().to_string(),
            r.unit.label().to_string(),
            r.value.to_string(),
            int(r.target),
            fraction(r.completion),
            fraction(r.time_progress),
            r.status.map(|s| s.code().to_string()).unwrap_or_default(),
            int(r.prior_value),
            fraction(r.yoy),
            int(r.previous_value),
            fraction(r.pop),
            int(r.comparable.as_ref().map(|c| c.value)),
            int(r.comparable.as_ref().and_then(|c| c.prior)),
            int(r.comparable.as_ref().and_then(|c| c.previous)),
            text(&r.comparable.as_ref().map(|c| c.left_out.join("、")).unwrap_or_default()),
            text(&r.quarterly_left_out.join("、")),
        ];
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

/// metrics.csv.
pub struct MetricsCsv;

impl Output for MetricsCsv {
    fn name(&self) -> &'static str {
        "metrics.csv"
    }

    fn write(&self, report: &Report, dir: &Path) -> Result<Vec<String>, Error> {
        write_file(dir, "metrics.csv".into(), &render(report.figures))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fractions() {
        assert_eq!(fraction(Some(0.75)), "0.75");
        assert_eq!(fraction(Some(1.0)), "1");
        assert_eq!(fraction(Some(-0.1107382550)), "-0.110738");
        assert_eq!(fraction(Some(-0.0000001)), "0");
        assert_eq!(fraction(Some(f64::INFINITY)), "");
        assert_eq!(fraction(None), "");
    }

    #[test]
    fn formula_like_text_is_neutralised() {
        assert_eq!(text("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(text("@cmd"), "'@cmd");
        assert_eq!(text("贸易"), "贸易");
        assert_eq!(text("a,b"), "\"a,b\"");
        assert_eq!(text("-1+1,\"x\""), "\"'-1+1,\"\"x\"\"\"");
    }
}
