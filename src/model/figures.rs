//! Figures: units, metrics, one row per (window, specialty, metric) with its comparisons, and
//! everything the outputs show for a period.

use std::collections::BTreeMap;

use super::findings::Finding;
use super::period::Window;
use super::records::{Kind, TargetMetric};

/// The unit a figure is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    /// 批次: training batches.
    Batches,
    /// 人次: attendees summed over sessions.
    PersonTimes,
    /// 家次: unit-visits (a unit checked twice counts twice).
    UnitVisits,
    /// 家: distinct units (by 统一社会信用代码, else the unit's name).
    Units,
    /// 个: items such as investment projects (sum of counts).
    Items,
    /// 次: times an activity was held.
    Times,
}

impl Unit {
    pub fn label(self) -> &'static str {
        match self {
            Unit::Batches => "批次",
            Unit::PersonTimes => "人次",
            Unit::UnitVisits => "家次",
            Unit::Units => "家",
            Unit::Items => "个",
            Unit::Times => "次",
        }
    }

    /// A verification unit as written in tongji.toml.
    pub fn parse_verification(s: &str) -> Option<Unit> {
        match s.trim() {
            "家次" => Some(Unit::UnitVisits),
            "家" => Some(Unit::Units),
            "个" => Some(Unit::Items),
            _ => None,
        }
    }
}

/// A figure reported per specialty and window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Metric {
    TrainingBatches,
    TrainingAttendees,
    Verification,
    Enforcement,
    /// Enforcement done jointly with another department (records with a 联合部门).
    EnforcementJoint,
    /// Times the activities of a category were held (the category in the specialty's place).
    Activity,
}

impl Metric {
    pub const ALL: [Metric; 6] = [
        Metric::TrainingBatches,
        Metric::TrainingAttendees,
        Metric::Verification,
        Metric::Enforcement,
        Metric::EnforcementJoint,
        Metric::Activity,
    ];

    /// The code in metrics.csv.
    pub fn code(self) -> &'static str {
        match self {
            Metric::TrainingBatches => "training_batches",
            Metric::TrainingAttendees => "training_attendees",
            Metric::Verification => "verification",
            Metric::Enforcement => "enforcement",
            Metric::EnforcementJoint => "enforcement_joint",
            Metric::Activity => "activity",
        }
    }

    /// The name in the workbook.
    pub fn label(self) -> &'static str {
        match self {
            Metric::TrainingBatches => "培训批次",
            Metric::TrainingAttendees => "培训人次",
            Metric::Verification => "核查",
            Metric::Enforcement => "执法检查",
            Metric::EnforcementJoint => "联合执法检查",
            Metric::Activity => "次数",
        }
    }

    /// The kind of record the metric counts.
    pub fn kind(self) -> Kind {
        match self {
            Metric::TrainingBatches | Metric::TrainingAttendees => Kind::Training,
            Metric::Verification => Kind::Verification,
            Metric::Enforcement | Metric::EnforcementJoint => Kind::Enforcement,
            Metric::Activity => Kind::Activity,
        }
    }

    /// The metric a target sets.
    pub fn of_target(t: TargetMetric) -> Metric {
        match t {
            TargetMetric::TrainingBatches => Metric::TrainingBatches,
            TargetMetric::TrainingAttendees => Metric::TrainingAttendees,
            TargetMetric::Verification => Metric::Verification,
            TargetMetric::Enforcement => Metric::Enforcement,
            TargetMetric::Activity => Metric::Activity,
        }
    }
}

/// Progress against an annual target, on year-to-date rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// value ≥ target.
    Done,
    /// completion ≥ 序时进度.
    OnTrack,
    /// completion < 序时进度.
    Behind,
    /// No target was set.
    NoTarget,
}

impl Status {
    /// The code in metrics.csv.
    pub fn code(self) -> &'static str {
        match self {
            Status::Done => "done",
            Status::OnTrack => "on_track",
            Status::Behind => "behind",
            Status::NoTarget => "no_target",
        }
    }
}

/// The name of the all-specialties row.
pub const TOTAL: &str = "合计";

/// One figure: a metric of a specialty (or 合计) in a window, with its comparisons.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricRow {
    pub window: Window,
    /// The canonical specialty, or [`TOTAL`].
    pub specialty: String,
    pub metric: Metric,
    pub unit: Unit,
    pub value: i64,
    /// The annual target (year-to-date rows only).
    pub target: Option<i64>,
    /// value / target (year-to-date rows with a non-zero target).
    pub completion: Option<f64>,
    /// 序时进度 = month / 12 (year-to-date rows only).
    pub time_progress: Option<f64>,
    /// Year-to-date rows only.
    pub status: Option<Status>,
    /// The same window last year; None when last year has no records of this specialty and kind.
    pub prior_value: Option<i64>,
    /// value / prior − 1; None when the base is 0 or missing.
    pub yoy: Option<f64>,
    /// The previous month or quarter span (None for year-to-date, or when it falls in a year
    /// without records of this specialty and kind).
    pub previous_value: Option<i64>,
    /// value / previous − 1; None when the base is 0 or missing. For a 合计 row both rates are
    /// on the comparable scope (see `comparable`).
    pub pop: Option<f64>,
    /// For a 合计 row, its 同比 and 环比 on a comparable scope (可比口径): only the specialties with
    /// records of this kind in both years. None for other rows.
    pub comparable: Option<Comparable>,
    /// The specialties whose records kept by quarter this figure leaves out, because its window
    /// ends inside a quarter (a month; 7－8月; 1－8月): the row's own specialty, or for a 合计 each
    /// such one; empty when nothing was left out. Its 同比 and 环比 leave out the same (their
    /// spans are shifted by whole quarters, or are months too).
    pub quarterly_left_out: Vec<String>,
}

/// A specialty with records kept by quarter (a table of 一季度 … 四季度), of one kind, in the
/// period's year or the year before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quarterly {
    pub kind: Kind,
    pub specialty: String,
    /// True when every record of the kind of the specialty in those years is kept by quarter
    /// (it reports only by quarter); false when it has records by day or month too.
    pub only: bool,
    /// True when the specialty's records kept by quarter are all of years before the period's:
    /// a figure of this year leaves nothing of it out, only its 同比 (or 环比 across the year)
    /// does.
    pub earlier_only: bool,
}

/// A 合计's figures over the specialties present in both years, and the specialties left out.
/// Adding this year's 11 specialties and comparing them with last year's 4 would overstate the
/// growth; the plain totals are kept in `value`, `prior_value` and `previous_value`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Comparable {
    /// This window's total over the comparable specialties.
    pub value: i64,
    /// Last year's same window over them.
    pub prior: Option<i64>,
    /// The previous window over them (when it falls in last year) or over all (this year).
    pub previous: Option<i64>,
    /// The specialties in the plain total but not in the comparable one, in catalogue order.
    pub left_out: Vec<String>,
}

/// Where a target stands, in the one vocabulary the workbook, the charts, the report and the
/// console all use (defined here and nowhere else).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Standing {
    /// value ≥ target.
    Done,
    /// Completion above 序时进度.
    Ahead,
    /// Completion equal to 序时进度 to the 0.1 个百分点 the text prints.
    Even,
    /// Completion below 序时进度 by at least the 0.1 个百分点 the text prints.
    Behind,
    /// At the year's end (序时进度 100 %), short of the target: the year is over, and the target
    /// was not met — no longer "behind" a schedule.
    Unmet,
}

impl Standing {
    pub const ALL: [Standing; 5] = [Standing::Done, Standing::Ahead, Standing::Even, Standing::Behind, Standing::Unmet];

    pub fn label(self) -> &'static str {
        match self {
            Standing::Done => "已完成全年目标",
            Standing::Ahead => "超序时进度",
            Standing::Even => "与序时进度持平",
            Standing::Behind => "滞后序时进度",
            Standing::Unmet => "未完成全年目标",
        }
    }
}

impl MetricRow {
    /// Where the row's target stands; None without a target.
    pub fn standing(&self) -> Option<Standing> {
        self.target?;
        let even = self.completion.zip(self.time_progress).is_some_and(|(c, tp)| (c - tp).abs() < 0.0005);
        match self.status? {
            Status::Done => Some(Standing::Done),
            // At the year's end a target short of done is not met, however close.
            Status::Behind | Status::OnTrack if self.time_progress.is_some_and(|tp| tp >= 1.0) => Some(Standing::Unmet),
            // Short by less than the 0.1 个百分点 the text prints: 持平, never "滞后0.0个百分点".
            _ if even => Some(Standing::Even),
            Status::Behind => Some(Standing::Behind),
            Status::OnTrack => Some(Standing::Ahead),
            Status::NoTarget => None,
        }
    }
}

/// A count in a breakdown (by partner department, by 检查方式).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Breakdown {
    pub name: String,
    pub value: i64,
    pub prior_value: Option<i64>,
    /// What every one of this year's inspections under the name has in common, as the report
    /// can say it ("住宿餐饮业双随机检查"), from their 检查方式 and 备注; None when they differ.
    pub detail: Option<String>,
}

/// A metric of a specialty month by month, this year and last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthlySeries {
    pub specialty: String,
    pub metric: Metric,
    pub unit: Unit,
    /// Months 1–12 of the period's year (None after the as-of month).
    pub this_year: [Option<i64>; 12],
    /// Months 1–12 of the year before (None when that year has no records of this kind).
    pub last_year: [Option<i64>; 12],
    /// The specialty has records of this kind in both years: it is in the 合计's comparable
    /// scope (可比口径), decided as metric_rows decides it.
    pub in_both: bool,
}

/// Everything the reports show for one period.
#[derive(Debug, Clone)]
pub struct Figures {
    pub period: super::period::Period,
    /// The months of the year to date (1 … the period's month) in which no record of any kind
    /// falls (a quarter's record covers its three months): their figures are zeros of ledgers
    /// not yet kept, not of work not done, and are said so wherever they are shown.
    pub empty_months: Vec<u32>,
    /// The specialties with records kept by quarter, by kind, then in catalogue order.
    pub quarterly: Vec<Quarterly>,
    /// Ordered by window, then catalogue order of specialty (合计 last), then metric.
    pub rows: Vec<MetricRow>,
    pub monthly: Vec<MonthlySeries>,
    /// Year-to-date enforcement by partner department (joint inspections only).
    pub enforcement_by_partner: Vec<Breakdown>,
    /// Year-to-date enforcement by 检查方式 (None written → "未注明").
    pub enforcement_by_category: Vec<Breakdown>,
    /// Year-to-date trainings of a specialty that all share one 内容 naming the specialty
    /// ("服务业统计年报培训"): the report can say it instead of "服务业培训".
    pub training_topics: BTreeMap<String, String>,
    /// Activity categories kept as written because the activity catalogue lacks them (a free-text
    /// 工作事项 column gives one a row): the report names a few, and sums many as 其他活动.
    pub unlisted_activities: std::collections::BTreeSet<String>,
    /// Problems found while checking figures against targets.
    pub findings: Vec<Finding>,
}

/// The questions every output asks of the figures, answered here once: the workbook, the report,
/// the Word draft, the charts and the console read the same rows, so they agree by construction.
impl Figures {
    /// What the outputs say of the months without any record ("10－12月没有任何记录（各台账只记到
    /// 9月）"); None when every month of the year to date has some.
    pub fn empty_months_note(&self) -> Option<String> {
        let months = &self.empty_months;
        let (first, last) = (*months.first()?, *months.last()?);
        let named = if months.len() as u32 == last - first + 1 && months.len() > 1 {
            format!("{first}－{last}月")
        } else {
            months.iter().map(|m| format!("{m}月")).collect::<Vec<_>>().join("、")
        };
        let kept_to = (1..first).rev().find(|m| !months.contains(m));
        let until = match (last == self.period.month, kept_to) {
            (true, Some(k)) => format!("（各台账只记到{k}月）"),
            _ => String::new(),
        };
        Some(format!("{named}没有任何记录{until}，其数都记为0，同比、环比据此计算；请放入这几个月的台账后重新运行"))
    }

    /// Whether the window's months all lie among the months without any record.
    pub fn window_empty(&self, window: Window) -> bool {
        let span = self.period.span(window);
        (span.first..=span.last).all(|m| self.empty_months.contains(&m))
    }

    /// The figure of a metric of a specialty (or [`TOTAL`]) in a window.
    pub fn get(&self, window: Window, metric: Metric, specialty: &str) -> Option<&MetricRow> {
        self.rows.iter().find(|r| r.window == window && r.metric == metric && r.specialty == specialty)
    }

    /// The figures of a metric in a window, in catalogue order (合计 last where there is one).
    pub fn of(&self, window: Window, metric: Metric) -> impl Iterator<Item = &MetricRow> {
        self.rows.iter().filter(move |r| r.window == window && r.metric == metric)
    }

    /// The year-to-date figures of a metric of every specialty, the 合计 left out.
    pub fn by_specialty(&self, metric: Metric) -> impl Iterator<Item = &MetricRow> {
        self.of(Window::Ytd, metric).filter(|r| r.specialty != TOTAL)
    }

    /// The specialties (and 合计, where the metric has one) with a figure of `metric`, in order.
    pub fn specialties(&self, metric: Metric) -> Vec<String> {
        self.of(Window::Ytd, metric).map(|r| r.specialty.clone()).collect()
    }

    /// Whether any figure of `metric` was made (any window, any specialty).
    pub fn has(&self, metric: Metric) -> bool {
        self.rows.iter().any(|r| r.metric == metric)
    }

    /// The specialties with a year-to-date figure of any of `metrics`, 合计 left out, in the order
    /// the figures first name them.
    pub fn specialties_in(&self, metrics: &[Metric]) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for r in self.rows.iter().filter(|r| r.window == Window::Ytd && r.specialty != TOTAL) {
            if metrics.contains(&r.metric) && !names.contains(&r.specialty) {
                names.push(r.specialty.clone());
            }
        }
        names
    }

    /// The verifications of a window in 家次 (0 when there are none): the figure a sentence can
    /// give as "核查N家次", the other units named beside it.
    pub fn checks_in_unit_visits(&self, window: Window) -> i64 {
        self.checks_by_unit(window).iter().find(|(u, _)| *u == Unit::UnitVisits).map_or(0, |(_, n)| *n)
    }

    /// The year-to-date figures with an annual target.
    pub fn targeted(&self) -> impl Iterator<Item = &MetricRow> {
        self.rows.iter().filter(|r| r.window == Window::Ytd && r.target.is_some())
    }

    /// A metric over every specialty in a window: its 合计 row where it has one (trainings), else
    /// the sum of the specialties (enforcement and joint enforcement, counted in 家次 alone).
    /// Never asked of verifications, whose 家次, 家 and 个 do not add: see [`Figures::checks_by_unit`].
    pub fn total(&self, window: Window, metric: Metric) -> i64 {
        debug_assert!(metric != Metric::Verification, "verifications are totalled by unit");
        match self.get(window, metric, TOTAL) {
            Some(r) => r.value,
            None => self.of(window, metric).map(|r| r.value).sum(),
        }
    }

    /// Verifications in a window summed within each unit, never across: 家次 first (0家次 when there
    /// is nothing at all), then 个 and 家 in the order the specialties bring them; units with
    /// nothing are left out.
    pub fn checks_by_unit(&self, window: Window) -> Vec<(Unit, i64)> {
        let mut by_unit: Vec<(Unit, i64)> = Vec::new();
        for r in self.of(window, Metric::Verification).filter(|r| r.value > 0) {
            match by_unit.iter_mut().find(|(u, _)| *u == r.unit) {
                Some((_, n)) => *n += r.value,
                None => by_unit.push((r.unit, r.value)),
            }
        }
        by_unit.sort_by_key(|(u, _)| *u != Unit::UnitVisits);
        if by_unit.is_empty() {
            by_unit.push((Unit::UnitVisits, 0));
        }
        by_unit
    }

    /// The sums over specialties of a metric's monthly series (this year, last year); with
    /// `comparable`, over the specialties with records in both years only (可比口径).
    pub fn monthly_total(
        &self,
        metric: Metric,
        unit: Option<Unit>,
        comparable: bool,
    ) -> ([Option<i64>; 12], [Option<i64>; 12]) {
        let mut this = [None; 12];
        let mut last = [None; 12];
        for s in self
            .monthly
            .iter()
            .filter(|s| s.metric == metric && unit.is_none_or(|u| s.unit == u))
            .filter(|s| !comparable || s.in_both)
        {
            for m in 0..12 {
                if let Some(v) = s.this_year[m] {
                    this[m] = Some(this[m].unwrap_or(0) + v);
                }
                if let Some(v) = s.last_year[m] {
                    last[m] = Some(last[m].unwrap_or(0) + v);
                }
            }
        }
        (this, last)
    }

    /// The specialties whose records kept by quarter the figures of `metrics` in `window` leave
    /// out (the window ends inside a quarter), in the rows' order; empty when none.
    pub fn left_out_by_quarter(&self, window: Window, metrics: &[Metric]) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for r in self.rows.iter().filter(|r| r.window == window && metrics.contains(&r.metric)) {
            for s in &r.quarterly_left_out {
                if !names.contains(s) {
                    names.push(s.clone());
                }
            }
        }
        names
    }

    /// The months of `window` in which records kept by quarter are missing (7－8月 of 1－8月, the
    /// month itself for the month), written as a bureau writes them; None when the window is
    /// whole quarters.
    pub fn months_short_of_quarters(&self, window: Window) -> Option<String> {
        self.period.span(window).short_of_quarters().map(|s| s.label())
    }

    /// What a figure leaving out records kept by quarter says, for the windows given, each with
    /// the words for what was not counted in it: "贸易、服务业仅按季度填报，未计入本月数" (a
    /// specialty with records by day or month too: "贸易按季度填报的数未计入本月数"). None when
    /// none of the windows leaves anything out.
    pub fn quarterly_note(&self, metrics: &[Metric], windows: &[(Window, String)]) -> Option<String> {
        self.quarterly_note_with(metrics, windows, &[])
    }

    /// As [`Figures::quarterly_note`], the windows of `values_only` stated with this year's values
    /// and no comparison: a specialty whose records kept by quarter are all of last year leaves
    /// nothing out of them, and is not named for them.
    fn quarterly_note_with(
        &self,
        metrics: &[Metric],
        windows: &[(Window, String)],
        values_only: &[Window],
    ) -> Option<String> {
        let kinds: Vec<Kind> = metrics.iter().map(|m| m.kind()).collect();
        let earlier_only = |n: &String| {
            self.quarterly.iter().filter(|q| kinds.contains(&q.kind) && q.specialty == *n).all(|q| q.earlier_only)
        };
        let mut names: Vec<String> = Vec::new();
        let mut what: Vec<&str> = Vec::new();
        for (window, words) in windows {
            let mut left_out = self.left_out_by_quarter(*window, metrics);
            if values_only.contains(window) {
                left_out.retain(|n| !earlier_only(n));
            }
            if left_out.is_empty() {
                continue;
            }
            what.push(words);
            for n in left_out {
                if !names.contains(&n) {
                    names.push(n);
                }
            }
        }
        let what = match what.as_slice() {
            [] => return None,
            [one] => one.to_string(),
            [rest @ .., last] => format!("{}和{last}", rest.join("、")),
        };
        Some(self.left_out_words(&names, metrics, &what))
    }

    /// "贸易仅按季度填报，未计入{what}", or "贸易按季度填报的数未计入{what}" when one of `names` has
    /// records of the kinds of `metrics` by day or month too.
    /// A specialty whose records kept by quarter are all of last year leaves out nothing of
    /// this year's figure, only of the one it is compared with: "服务业上年按季度填报，同比不含其
    /// 上年9月数".
    fn left_out_words(&self, names: &[String], metrics: &[Metric], what: &str) -> String {
        let kinds: Vec<Kind> = metrics.iter().map(|m| m.kind()).collect();
        let all = |n: &String, test: fn(&Quarterly) -> bool| {
            self.quarterly.iter().filter(|q| kinds.contains(&q.kind) && q.specialty == *n).all(test)
        };
        let (earlier, now): (Vec<&String>, Vec<&String>) = names.iter().partition(|n| all(n, |q| q.earlier_only));
        let join = |v: &[&String]| v.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("、");
        let mut said = Vec::new();
        if !now.is_empty() {
            if now.iter().all(|n| all(n, |q| q.only)) {
                said.push(format!("{}仅按季度填报，未计入{what}", join(&now)));
            } else {
                said.push(format!("{}按季度填报的数未计入{what}", join(&now)));
            }
        }
        if !earlier.is_empty() {
            said.push(format!("{}上年按季度填报，同比不含其上年{what}", join(&earlier)));
        }
        said.join("；")
    }

    /// Under the targets: the targeted year-to-date figures that leave out records kept by
    /// quarter, "贸易仅按季度填报，未计入7－8月数，其完成率按已计入的数计算"; None when none does.
    pub fn targets_quarterly_note(&self) -> Option<String> {
        let mut names: Vec<String> = Vec::new();
        let mut metrics: Vec<Metric> = Vec::new();
        for r in self.targeted().filter(|r| !r.quarterly_left_out.is_empty()) {
            metrics.push(r.metric);
            if !names.contains(&r.specialty) {
                names.push(r.specialty.clone());
            }
        }
        let months = self.months_short_of_quarters(Window::Ytd)?;
        (!names.is_empty()).then(|| {
            format!("{}，其完成率按已计入的数计算", self.left_out_words(&names, &metrics, &format!("{months}数")))
        })
    }

    /// The note of one window as a sentence says it: "贸易仅按季度填报，未计入7－8月数".
    pub fn quarterly_note_of(&self, metrics: &[Metric], window: Window) -> Option<String> {
        let months = self.months_short_of_quarters(window)?;
        self.quarterly_note(metrics, &[(window, format!("{months}数"))])
    }

    /// The note of one window for a sentence that states this year's values and no comparison
    /// (“9月，各专业培训7批次、191人次”): only the specialties whose quarters of this year it
    /// leaves out.
    pub fn quarterly_value_note_of(&self, metrics: &[Metric], window: Window) -> Option<String> {
        let months = self.months_short_of_quarters(window)?;
        self.quarterly_note_with(metrics, &[(window, format!("{months}数"))], &[window])
    }

    /// The note under a table of 本月, 本季 and 累计 columns: "贸易仅按季度填报，未计入本月数、本季数
    /// 和累计中7－8月的数".
    ///
    /// The tables compare only the year to date with last year (去年同期, 同比): their 本月 and 本季
    /// columns are values only.
    pub fn quarterly_table_note(&self, metrics: &[Metric]) -> Option<String> {
        let ytd = self.months_short_of_quarters(Window::Ytd).map(|m| format!("累计中{m}的数")).unwrap_or_default();
        self.quarterly_note_with(
            metrics,
            &[(Window::Month, "本月数".into()), (Window::Quarter, "本季数".into()), (Window::Ytd, ytd)],
            &[Window::Month, Window::Quarter],
        )
    }

    /// The specialties with records kept by quarter of `kinds`, which no month holds, as the
    /// monthly lines say it: "贸易仅按季度填报，不分月" (with records by day or month too:
    /// "贸易按季度填报的数不分月"); None when there are none.
    pub fn in_no_month(&self, kinds: &[Kind]) -> Option<String> {
        let mut names: Vec<&str> = Vec::new();
        let mut only = true;
        for q in self.quarterly.iter().filter(|q| kinds.contains(&q.kind)) {
            only &= q.only;
            if !names.contains(&q.specialty.as_str()) {
                names.push(&q.specialty);
            }
        }
        if names.is_empty() {
            return None;
        }
        Some(if only {
            format!("{}仅按季度填报，不分月", names.join("、"))
        } else {
            format!("{}按季度填报的数不分月", names.join("、"))
        })
    }

    /// The specialties in this year's monthly lines of `metric` that are not in the comparable
    /// scope (no records of the kind last year), when last year has any line at all.
    pub fn without_last_year(&self, metric: Metric, unit: Option<Unit>) -> Vec<String> {
        let series = || self.monthly.iter().filter(move |s| s.metric == metric && unit.is_none_or(|u| s.unit == u));
        if !series().any(|s| s.last_year.iter().any(Option::is_some)) {
            return Vec::new(); // no line for last year: nothing to compare, nothing left out of it
        }
        series()
            .filter(|s| !s.in_both && s.this_year.iter().flatten().any(|v| *v > 0))
            .map(|s| s.specialty.clone())
            .collect()
    }
}
