//! The report paragraphs (工作情况_YYYY年M月.md), written from the figures through a minijinja
//! template: the default is embedded, a user's edited copy in `input/templates/` wins.

use std::path::Path;

use minijinja::value::Serde;
use minijinja::{context, Environment, Value};
use serde::Serialize;

use super::{write_file, Output, Report};
use crate::error::Error;

use crate::model::period::{quarter_name, Window};
use crate::model::{Figures, Metric, Standing, Unit, TOTAL};
use crate::normalize::catalogue::Catalogue;

/// The template's file name, embedded and in `input/templates/`.
const TEMPLATE: &str = "工作情况.md.j2";
const DEFAULT_TEMPLATE: &str = include_str!("templates/工作情况.md.j2");

/// The output's file name for a period.
pub fn file_name(period: crate::model::period::Period) -> String {
    format!("工作情况_{}年{}月.md", period.year, period.month)
}

/// The separator before item `index` of `len` in Chinese prose: none, "、", or "和" before the last.
pub(crate) fn sep(index: usize, len: usize) -> &'static str {
    match index {
        0 => "",
        i if i + 1 == len => "和",
        _ => "、",
    }
}

/// A share as a percentage with one decimal ("80.0%").
pub(crate) fn percent(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

/// A difference of two shares in percentage points ("5.0个百分点").
pub(crate) fn points(diff: f64) -> String {
    format!("{:.1}个百分点", diff.abs() * 100.0)
}

/// A change against a base ("增长10.7%", "下降15.0%", "持平"); None without a usable base.
fn change(rate: Option<f64>) -> Option<String> {
    let r = rate.filter(|r| r.is_finite())?;
    Some(if r.abs() < 0.0005 {
        "持平".into()
    } else if r > 0.0 {
        format!("增长{}", percent(r))
    } else {
        format!("下降{}", percent(-r))
    })
}

#[derive(Serialize)]
struct TrainingItem {
    specialty: String,
    /// How the report names it before 培训 (the catalogue's label: 规上工业线, 低收入).
    label: String,
    /// The one 内容 every training of the specialty had, when it names the specialty
    /// ("服务业统计年报"): said instead of "服务业培训".
    topic: Option<String>,
    batches: i64,
    attendees: i64,
}

#[derive(Serialize)]
struct CheckItem {
    specialty: String,
    value: i64,
    unit: &'static str,
}

/// One category of activities in the year to date.
#[derive(Serialize)]
struct ActivityItem {
    category: String,
    value: i64,
}

/// At most this many categories outside the activity catalogue are named one by one in the report.
const MAX_UNLISTED: usize = 3;

/// Whether a category is something convened (会议, 例会, 大会, 生活会, a 汇报 heard), which the
/// report says 组织召开 of; the others (廉政短信提醒, 主题党日, 党课) are 开展.
fn convened(category: &str) -> bool {
    ["会议", "例会", "大会", "会", "汇报"].iter().any(|w| category.ends_with(w))
}

#[derive(Serialize)]
struct Joint {
    name: String,
    value: i64,
    /// What every joint inspection with the department was ("住宿餐饮业双随机检查"), when they
    /// were all alike.
    detail: Option<String>,
}

#[derive(Serialize, Clone)]
struct TargetItem {
    specialty: String,
    metric: &'static str,
    /// Specialty and metric as one phrase, without saying 执法 twice ("执法检查", "贸易核查").
    name: String,
    completion: String,
    /// |completion − time progress| in percentage points.
    gap: String,
    ahead: bool,
    /// Completion equals time progress (to the tenth of a point shown).
    even: bool,
    done: bool,
    /// The standing in words (已完成全年目标, 超序时进度, 与序时进度持平, 滞后序时进度).
    standing: &'static str,
}

/// The targets that stand alike: the standing's words, the word before a gap (超, 滞后; none
/// for 已完成全年目标 and 与序时进度持平) and the targets.
#[derive(Serialize)]
struct TargetGroup {
    label: &'static str,
    gap_word: &'static str,
    items: Vec<TargetItem>,
}

#[derive(Serialize, Default)]
struct Totals {
    batches: i64,
    attendees: i64,
    /// Verifications counted in 家次 (家 and 个 do not add to them).
    checks: i64,
    /// Every verification of the window, 家次 added up and the specialties counted in 家 or 个
    /// each named with its own unit ("10家次、投资项目28个、名录库2家"): never added together,
    /// never left out.
    checks_text: String,
    enforcement: i64,
    /// What the window's figures of each kind leave out of the records kept by quarter, in
    /// brackets ("（贸易仅按季度填报，未计入8月数）"); empty when nothing.
    training_note: String,
    checks_note: String,
    enforcement_note: String,
}

/// The metrics of each kind of figure the report gives, for its notes on records kept by quarter.
const TRAINING: [Metric; 2] = [Metric::TrainingBatches, Metric::TrainingAttendees];
const CHECKS: [Metric; 1] = [Metric::Verification];
const ENFORCEMENT: [Metric; 2] = [Metric::Enforcement, Metric::EnforcementJoint];

/// Every note the report must carry — on records kept by quarter, each window's, of each kind,
/// and the targets', and the months without any record. The month's and the quarter's sentences state values only (the year to date
/// has its 同比 too), so theirs are the notes of values.
fn required_notes(figures: &Figures) -> Vec<String> {
    let mut notes: Vec<String> = figures.targets_quarterly_note().into_iter().collect();
    // Months without any record: a user's template that does not say so gets it at the end.
    notes.extend(figures.empty_months_note());
    for window in Window::ALL {
        for metrics in [&TRAINING[..], &CHECKS, &ENFORCEMENT] {
            let note = match window {
                Window::Ytd => figures.quarterly_note_of(metrics, window),
                _ => figures.quarterly_value_note_of(metrics, window),
            };
            if let Some(n) = note {
                if !notes.contains(&n) {
                    notes.push(n);
                }
            }
        }
    }
    notes
}

/// Names joined as a bureau writes a list: 、 between, 和 before the last.
fn list(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{}和{last}", rest.join("、")),
    }
}

fn totals(figures: &Figures, window: Window) -> Totals {
    let total = |m: Metric| figures.total(window, m);
    let checks = figures.checks_in_unit_visits(window);
    let mut parts = vec![format!("{checks}家次")];
    for r in figures.of(window, Metric::Verification).filter(|r| r.unit != Unit::UnitVisits && r.value > 0) {
        parts.push(match r.unit {
            Unit::Items if r.specialty.ends_with("项目") => format!("{}{}个", r.specialty, r.value),
            Unit::Items => format!("{}项目{}个", r.specialty, r.value),
            // Counted in 家 (distinct units): named as the year-to-date sentence names it.
            Unit::Units => format!("{}专业实地核查{}家", r.specialty, r.value),
            _ => format!("{}{}{}", r.specialty, r.value, r.unit.label()),
        });
    }
    if checks == 0 && parts.len() > 1 {
        parts.remove(0);
    }
    let note = |metrics: &[Metric]| {
        figures.quarterly_value_note_of(metrics, window).map(|n| format!("（{n}）")).unwrap_or_default()
    };
    Totals {
        batches: total(Metric::TrainingBatches),
        attendees: total(Metric::TrainingAttendees),
        checks,
        checks_text: parts.join("、"),
        enforcement: figures.total(window, Metric::Enforcement),
        training_note: note(&TRAINING),
        checks_note: note(&CHECKS),
        enforcement_note: note(&ENFORCEMENT),
    }
}

/// Everything a template can use (documented in docs/report.md).
fn template_context(figures: &Figures, catalogue: &Catalogue, unit_name: &str) -> Value {
    let p = figures.period;
    let training_items: Vec<TrainingItem> = figures
        .of(Window::Ytd, Metric::TrainingAttendees)
        .filter(|r| r.specialty != TOTAL && r.value > 0)
        .map(|r| TrainingItem {
            specialty: r.specialty.clone(),
            label: catalogue.label(&r.specialty).to_string(),
            topic: figures.training_topics.get(&r.specialty).cloned(),
            batches: figures
                .of(Window::Ytd, Metric::TrainingBatches)
                .find(|b| b.specialty == r.specialty)
                .map_or(0, |b| b.value),
            attendees: r.value,
        })
        .collect();
    let ytd = totals(figures, Window::Ytd);
    // The 合计's 同比 is on the comparable scope (the specialties with records in both years);
    // the ones left out are named with it.
    let total_attendees = figures.of(Window::Ytd, Metric::TrainingAttendees).find(|r| r.specialty == TOTAL);
    let training_yoy = total_attendees.and_then(|r| change(r.yoy));
    let training_yoy_scope = total_attendees
        .and_then(|r| r.comparable.as_ref())
        .filter(|c| !c.left_out.is_empty())
        .map(|c| format!("按可比口径（不含去年没有台账的{}）", list(&c.left_out)))
        .unwrap_or_default();
    let verification: Vec<CheckItem> = figures
        .of(Window::Ytd, Metric::Verification)
        .filter(|r| r.value > 0)
        .map(|r| CheckItem { specialty: r.specialty.clone(), value: r.value, unit: r.unit.label() })
        .collect();
    let activity = activity_items(figures);
    let (meetings, others): (Vec<&ActivityItem>, Vec<&ActivityItem>) =
        activity.iter().partition(|a| convened(&a.category));
    let joint: Vec<Joint> = figures
        .enforcement_by_partner
        .iter()
        .filter(|b| b.value > 0) // a department seen only last year is no joint inspection this year
        .map(|b| Joint { name: b.name.clone(), value: b.value, detail: b.detail.clone() })
        .collect();
    let targets = target_items(figures);
    let target_groups = target_groups(&targets);
    let quarter_label = if p.month.is_multiple_of(3) {
        quarter_name(p.quarter()).to_string()
    } else {
        format!("{}（{}）", quarter_name(p.quarter()), p.span(Window::Quarter).label())
    };
    let ytd_note = |metrics: &[Metric]| figures.quarterly_note_of(metrics, Window::Ytd).unwrap_or_default();
    let targets_note = figures.targets_quarterly_note().unwrap_or_default();
    context! {
        unit_name => unit_name,
        year => p.year,
        month_number => p.month,
        ytd => p.span(Window::Ytd).label(),
        month_label => p.span(Window::Month).label(),
        quarter_label => quarter_label,
        time_progress => percent(p.time_progress()),
        training => context! {
            batches => ytd.batches,
            attendees => ytd.attendees,
            items => Value::from(Serde(&training_items)),
            yoy => training_yoy,
            yoy_scope => training_yoy_scope,
        },
        activity => context! {
            items => Value::from(Serde(&activity)),
            meetings => Value::from(Serde(&meetings)),
            others => Value::from(Serde(&others)),
        },
        verification => Value::from(Serde(&verification)),
        enforcement => context! { total => ytd.enforcement, joint => Value::from(Serde(&joint)) },
        targets => Value::from(Serde(&targets)),
        target_groups => Value::from(Serde(&target_groups)),
        ytd_notes => context! {
            training => ytd_note(&TRAINING),
            checks => ytd_note(&CHECKS),
            enforcement => ytd_note(&ENFORCEMENT),
            targets => targets_note,
        },
        month => Value::from(Serde(totals(figures, Window::Month))),
        quarter => Value::from(Serde(totals(figures, Window::Quarter))),
        empty_months_note => figures.empty_months_note().unwrap_or_default(),
        month_empty => figures.window_empty(Window::Month),
        quarter_empty => figures.window_empty(Window::Quarter),
    }
}

/// The year's activities in the activity catalogue's order (the rows are sorted so).
fn activity_items(figures: &Figures) -> Vec<ActivityItem> {
    let mut activity: Vec<ActivityItem> = figures
        .of(Window::Ytd, Metric::Activity)
        .filter(|r| r.value > 0)
        .map(|r| ActivityItem { category: r.specialty.clone(), value: r.value })
        .collect();
    // Categories the catalogue lacks are named when they are few; many (a free-text 工作事项
    // column) are one item, "其他活动N项M次", so the sentence stays a sentence. Every one of them
    // is in metrics.csv and the 工作活动 sheet.
    let unlisted = |a: &ActivityItem| figures.unlisted_activities.contains(&a.category);
    if activity.iter().filter(|a| unlisted(a)).count() > MAX_UNLISTED {
        let (n, times) = activity.iter().filter(|a| unlisted(a)).fold((0, 0), |(n, t), a| (n + 1, t + a.value));
        activity.retain(|a| !unlisted(a));
        activity.push(ActivityItem { category: format!("其他活动{n}项"), value: times });
    }
    activity
}

/// Every year-to-date figure with a target and where it stands.
fn target_items(figures: &Figures) -> Vec<TargetItem> {
    figures
        .rows
        .iter()
        .filter(|r| r.window == Window::Ytd)
        .filter_map(|r| {
            let (c, tp) = (r.completion?, r.time_progress?);
            let metric = r.metric.label();
            let name = if r.metric == Metric::Activity {
                r.specialty.clone() // 理论中心组学习（75.0%）: the category says what is counted
            } else if metric.starts_with(&r.specialty) {
                metric.to_string()
            } else {
                format!("{}{metric}", r.specialty)
            };
            Some(TargetItem {
                specialty: r.specialty.clone(),
                metric,
                name,
                even: r.standing() == Some(Standing::Even),
                completion: percent(c),
                gap: points(c - tp),
                ahead: r.standing() == Some(Standing::Ahead),
                done: r.standing() == Some(Standing::Done),
                standing: r.standing().map(Standing::label).unwrap_or_default(),
            })
        })
        .collect()
}

/// The targets grouped by where they stand, in the vocabulary's order, for a readable sentence
/// ("已完成全年目标的有……；超序时进度的有……").
fn target_groups(targets: &[TargetItem]) -> Vec<TargetGroup> {
    Standing::ALL
        .iter()
        .map(|s| TargetGroup {
            label: s.label(),
            gap_word: match s {
                Standing::Ahead => "超",
                Standing::Behind => "滞后",
                Standing::Unmet => "差",
                Standing::Done | Standing::Even => "",
            },
            items: targets.iter().filter(|t| t.standing == s.label()).cloned().collect(),
        })
        .filter(|g| !g.items.is_empty())
        .collect()
}

/// The template to use: the user's copy in `input/templates/` if there is one, else the default.
/// Returns the source and a name for messages.
pub fn template_source(input: &Path) -> Result<(String, String), Error> {
    let user = input.join("templates").join(TEMPLATE);
    if user.is_file() {
        let text = match std::fs::read_to_string(&user) {
            Ok(t) => t,
            Err(source) => return Err(Error::TemplateUnreadable { path: user, source }),
        };
        return Ok((text, user.display().to_string()));
    }
    Ok((DEFAULT_TEMPLATE.to_string(), format!("内置模板 {TEMPLATE}")))
}

/// Renders the paragraphs. Err names the template and the line of a template error.
pub fn render(
    figures: &Figures,
    catalogue: &Catalogue,
    unit_name: &str,
    source: &str,
    name: &str,
) -> Result<String, Error> {
    let mut env = Environment::new();
    env.add_function("sep", |index: usize, len: usize| sep(index, len).to_string());
    let describe =
        |e: minijinja::Error| Error::Template { name: name.to_string(), line: e.line(), reason: e.to_string() };
    env.add_template("report", source).map_err(describe)?;
    let text = env
        .get_template("report")
        .map_err(describe)?
        .render(template_context(figures, catalogue, unit_name))
        .map_err(describe)?;
    // Blank lines left by empty sections collapse to one.
    let mut out = String::new();
    for line in text.lines() {
        if line.trim().is_empty() && out.ends_with("\n\n") {
            continue;
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    // A figure that leaves out records kept by quarter is never left unsaid: a note the template
    // did not place (a user's copy from before such notes, a section left out) ends the text.
    let missing: Vec<String> = required_notes(figures).into_iter().filter(|n| !out.contains(n.as_str())).collect();
    if !missing.is_empty() {
        if !out.ends_with("\n\n") {
            out.push('\n');
        }
        for n in missing {
            out.push_str(&format!("注：{n}。\n"));
        }
    }
    Ok(out.trim_start().to_string())
}

/// The report's paragraphs, 工作情况_2023年9月.md (none when the template failed).
pub struct ReportText;

impl Output for ReportText {
    fn name(&self) -> &'static str {
        "报告段落"
    }

    fn write(&self, report: &Report, dir: &Path) -> Result<Vec<String>, Error> {
        let Some(text) = report.paragraphs else { return Ok(Vec::new()) };
        write_file(dir, file_name(report.figures.period), text.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joining_one_two_and_many() {
        // The templates join with sep(); the code with list(): the same prose.
        let s = |v: &[&str]| {
            let joined: String = v.iter().enumerate().map(|(i, x)| format!("{}{x}", sep(i, v.len()))).collect();
            assert_eq!(joined, list(&v.iter().map(|x| x.to_string()).collect::<Vec<_>>()));
            joined
        };
        assert_eq!(s(&[]), "");
        assert_eq!(s(&["能源核查18家次"]), "能源核查18家次");
        assert_eq!(s(&["甲", "乙"]), "甲和乙");
        assert_eq!(s(&["甲", "乙", "丙", "丁"]), "甲、乙、丙和丁");
    }

    #[test]
    fn rates_and_points() {
        assert_eq!(percent(0.8), "80.0%");
        assert_eq!(percent(0.8275), "82.8%");
        assert_eq!(points(0.05), "5.0个百分点");
        assert_eq!(points(-0.125), "12.5个百分点");
        assert_eq!(change(Some(0.1107)), Some("增长11.1%".into()));
        assert_eq!(change(Some(-0.15)), Some("下降15.0%".into()));
        assert_eq!(change(Some(0.0)), Some("持平".into()));
        assert_eq!(change(None), None, "a zero or missing base is left out, never printed as inf");
        assert_eq!(change(Some(f64::INFINITY)), None);
    }
}
