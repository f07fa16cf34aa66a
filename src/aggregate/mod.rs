//! Aggregate: the record tables summed per specialty and window with polars' lazy engine, and
//! compared with the same window last year (同比) and the previous one (环比).

pub mod tables;

use std::collections::{BTreeMap, BTreeSet};

use polars::prelude::*;

use self::tables::Tables;
use crate::model::period::{Period, Span, Window};
use crate::model::{
    Breakdown, Comparable, Figures, Ingested, Kind, Metric, MetricRow, MonthlySeries, Quarterly, Unit, TOTAL,
};
use crate::normalize::catalogue::Catalogue;
use crate::normalize::departments::Departments;

/// The sums of one specialty's records in one window.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Sums {
    pub batches: i64,
    pub attendees: i64,
    /// Sum of counts (家次 / 个).
    pub count: i64,
    /// Distinct units (by code, else name) plus the counts of rows that name no unit.
    pub units: i64,
    /// Sum of counts of records with a partner department.
    pub joint: i64,
}

/// Sums per specialty of one kind of record in a span.
type BySpecialty = BTreeMap<String, Sums>;

fn days(d: chrono::NaiveDate) -> i32 {
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date");
    (d - epoch).num_days() as i32
}

/// The records of a span, as a lazy frame. A record kept by quarter is in a span only when the
/// span covers its whole quarter (its first day from the span's start, its last month by the
/// span's last): a month, or a quarter or year to date that ends inside a quarter, leaves it out.
fn in_span(df: &DataFrame, span: Span) -> LazyFrame {
    let day = col("date").cast(DataType::Int32);
    let within = day.clone().gt_eq(lit(days(span.start()))).and(day.clone().lt_eq(lit(days(span.end()))));
    let quarters = df.column("quarter_only").ok().and_then(|c| c.bool().ok().map(|b| b.any())).unwrap_or(false);
    if !quarters {
        return df.clone().lazy().filter(within);
    }
    // The latest quarter start whose quarter ends by the span's last month.
    let whole = match span.last.checked_sub(2).filter(|first| *first >= span.first) {
        Some(first) => day.lt_eq(lit(days(Span { first, ..span }.start()))),
        None => lit(false),
    };
    df.clone().lazy().filter(within.and(col("quarter_only").not().or(whole)))
}

fn i64_at(df: &DataFrame, name: &str, i: usize) -> PolarsResult<i64> {
    Ok(df.column(name)?.as_materialized_series().i64()?.get(i).unwrap_or(0))
}

/// Sums per specialty of the records of `kind` in `span`.
fn window_sums(tables: &Tables, kind: Kind, span: Span) -> PolarsResult<BySpecialty> {
    let (df, aggs) = match kind {
        Kind::Training => {
            (&tables.training, vec![col("batches").sum().alias("batches"), col("attendees").sum().alias("attendees")])
        }
        Kind::Verification | Kind::Enforcement => {
            let keyed = col("unit_key").is_not_null();
            (
                if kind == Kind::Verification { &tables.verification } else { &tables.enforcement },
                vec![
                    col("count").sum().alias("count"),
                    col("unit_key").filter(keyed.clone()).n_unique().cast(DataType::Int64).alias("distinct"),
                    col("count").filter(keyed.not()).sum().alias("keyless"),
                    col("count").filter(col("partner").is_not_null()).sum().alias("joint"),
                ],
            )
        }
        // An activity's category stands in the specialty column.
        Kind::Activity => (&tables.activity, vec![col("count").sum().alias("count")]),
        Kind::Targets => return Ok(BySpecialty::new()),
    };
    let out = in_span(df, span).group_by([col("specialty")]).agg(aggs).collect()?;
    let names = out.column("specialty")?.as_materialized_series().str()?.clone();
    let mut map = BySpecialty::new();
    for i in 0..out.height() {
        let Some(name) = names.get(i) else { continue };
        let s = match kind {
            Kind::Training => Sums {
                batches: i64_at(&out, "batches", i)?,
                attendees: i64_at(&out, "attendees", i)?,
                ..Sums::default()
            },
            Kind::Activity => Sums { count: i64_at(&out, "count", i)?, ..Sums::default() },
            _ => Sums {
                count: i64_at(&out, "count", i)?,
                units: i64_at(&out, "distinct", i)? + i64_at(&out, "keyless", i)?,
                joint: i64_at(&out, "joint", i)?,
                ..Sums::default()
            },
        };
        map.insert(name.to_string(), s);
    }
    Ok(map)
}

/// A metric's value from a specialty's sums.
fn metric_value(s: Sums, metric: Metric, unit: Unit) -> i64 {
    match metric {
        Metric::TrainingBatches => s.batches,
        Metric::TrainingAttendees => s.attendees,
        Metric::Verification if unit == Unit::Units => s.units,
        Metric::Verification | Metric::Enforcement => s.count,
        Metric::EnforcementJoint => s.joint,
        Metric::Activity => s.count,
    }
}

/// The metrics of a kind of record.
fn metrics_of(kind: Kind) -> &'static [Metric] {
    match kind {
        Kind::Training => &[Metric::TrainingBatches, Metric::TrainingAttendees],
        Kind::Verification => &[Metric::Verification],
        Kind::Enforcement => &[Metric::Enforcement, Metric::EnforcementJoint],
        Kind::Activity => &[Metric::Activity],
        Kind::Targets => &[],
    }
}

/// The unit of a metric for a specialty.
fn unit_of(metric: Metric, specialty: &str, catalogue: &Catalogue) -> Unit {
    match metric {
        Metric::TrainingBatches => Unit::Batches,
        Metric::TrainingAttendees => Unit::PersonTimes,
        Metric::Verification => catalogue.verification_unit(specialty),
        Metric::Enforcement | Metric::EnforcementJoint => Unit::UnitVisits,
        Metric::Activity => Unit::Times,
    }
}

/// value / base − 1, or None when the base is 0 or missing.
pub(crate) fn rate(value: i64, base: Option<i64>) -> Option<f64> {
    match base {
        Some(b) if b != 0 => Some(value as f64 / b as f64 - 1.0),
        _ => None,
    }
}

/// Orders specialties as the catalogue lists them, names outside it after (by name), 合计 last.
fn specialty_order<'a>(catalogue: &'a Catalogue) -> impl Fn(&str) -> (usize, String) + 'a {
    move |name: &str| {
        if name == TOTAL {
            (usize::MAX, String::new())
        } else {
            (catalogue.position(name).unwrap_or(usize::MAX - 1), name.to_string())
        }
    }
}

/// What the aggregation needs besides the tables.
pub struct Context<'a> {
    pub period: Period,
    pub catalogue: &'a Catalogue,
    /// The activity categories: their order is the report's for activities.
    pub activities: &'a Catalogue,
    /// The partner departments the bureau works with (their short names in the breakdown).
    pub departments: &'a Departments,
    /// Specialties with a target, per kind (they get rows even without records).
    pub targeted: BTreeMap<Kind, BTreeSet<String>>,
}

/// The months of the period's year to date in which no record of any kind falls; a record kept
/// by quarter covers its three months.
fn empty_months(ing: &Ingested, period: Period) -> Vec<u32> {
    use chrono::Datelike;
    let mut kept = [false; 13];
    let mut mark = |d: &crate::model::RecordDate| {
        if d.date.year() == period.year {
            for m in d.date.month()..=d.last_month().month() {
                kept[m as usize] = true;
            }
        }
    };
    ing.training.iter().for_each(|r| mark(&r.date));
    ing.verification.iter().chain(&ing.enforcement).for_each(|r| mark(&r.date));
    ing.activity.iter().for_each(|r| mark(&r.date));
    (1..=period.month).filter(|m| !kept[*m as usize]).collect()
}

/// Everything the outputs show for a period, summed once: the figures of every (window,
/// specialty, metric) with their comparisons, the months, the enforcement breakdowns, the
/// trainings' common topics and the activity categories outside the catalogue. The targets are
/// not yet applied and there are no findings: both are the checks' (`check::targets`).
pub fn figures(tables: &Tables, ing: &Ingested, ctx: &Context) -> PolarsResult<Figures> {
    let period = ctx.period;
    let quarterly = quarterly(tables, period, ctx.catalogue)?;
    let rows = metric_rows(tables, ctx, &quarterly)?;
    Ok(Figures {
        period,
        empty_months: empty_months(ing, period),
        monthly: monthly(tables, ctx, &rows, &quarterly)?,
        quarterly,
        enforcement_by_partner: breakdown(tables, period, "partner", ctx.departments)?,
        enforcement_by_category: breakdown(tables, period, "category", ctx.departments)?,
        training_topics: training_topics(tables, period, ctx.catalogue)?,
        unlisted_activities: ing
            .activity
            .iter()
            .filter(|a| !a.category.known)
            .map(|a| a.category.name.to_string())
            .collect(),
        rows,
        findings: Vec::new(),
    })
}

/// The frame of a kind's records (None for targets).
fn frame(tables: &Tables, kind: Kind) -> Option<&DataFrame> {
    match kind {
        Kind::Training => Some(&tables.training),
        Kind::Verification => Some(&tables.verification),
        Kind::Enforcement => Some(&tables.enforcement),
        Kind::Activity => Some(&tables.activity),
        Kind::Targets => None,
    }
}

/// The specialties with records kept by quarter, per kind, in the period's year or the year
/// before (the years its figures compare): the figures of a span that ends inside a quarter
/// leave those records out. Nothing is queried when no record is kept by quarter.
fn quarterly(tables: &Tables, period: Period, catalogue: &Catalogue) -> PolarsResult<Vec<Quarterly>> {
    let mut out = Vec::new();
    for kind in [Kind::Training, Kind::Verification, Kind::Enforcement, Kind::Activity] {
        let Some(df) = frame(tables, kind) else { continue };
        let by_quarter = df.column("quarter_only")?.bool()?;
        if !by_quarter.any() {
            continue;
        }
        let years = Span { year: period.year - 1, first: 1, last: 12 }.start();
        let this_year = Span { year: period.year, first: 1, last: 12 }.start();
        let day = col("date").cast(DataType::Int32);
        let out_df = df
            .clone()
            .lazy()
            .filter(
                day.clone()
                    .gt_eq(lit(days(years)))
                    .and(day.lt_eq(lit(days(Span { year: period.year, first: 1, last: 12 }.end())))),
            )
            .group_by([col("specialty")])
            .agg([
                col("quarter_only").any(true).alias("quarters"),
                col("quarter_only").all(true).alias("only"),
                // A quarter record of this year: this year's figures leave it out too.
                col("quarter_only")
                    .and(col("date").cast(DataType::Int32).gt_eq(lit(days(this_year))))
                    .any(true)
                    .alias("this_year"),
            ])
            .filter(col("quarters"))
            .collect()?;
        let names = out_df.column("specialty")?.as_materialized_series().str()?.clone();
        let only = out_df.column("only")?.as_materialized_series().bool()?.clone();
        let now = out_df.column("this_year")?.as_materialized_series().bool()?.clone();
        for i in 0..out_df.height() {
            if let Some(name) = names.get(i) {
                out.push(Quarterly {
                    kind,
                    specialty: name.to_string(),
                    only: only.get(i).unwrap_or(false),
                    earlier_only: !now.get(i).unwrap_or(true),
                });
            }
        }
    }
    let order = specialty_order(catalogue);
    out.sort_by_key(|q| (q.kind, order(&q.specialty)));
    Ok(out)
}

/// The figures of every (window, specialty, metric), targets not yet applied; `quarterly` the
/// specialties with records kept by quarter, named on every figure that leaves them out.
pub(crate) fn metric_rows(tables: &Tables, ctx: &Context, quarterly: &[Quarterly]) -> PolarsResult<Vec<MetricRow>> {
    let p = ctx.period;
    let mut rows = Vec::new();
    for kind in [Kind::Training, Kind::Verification, Kind::Enforcement, Kind::Activity] {
        let by_quarter = |s: &str| quarterly.iter().any(|q| q.kind == kind && q.specialty == s);
        let this_year = window_sums(tables, kind, Span { year: p.year, first: 1, last: 12 })?;
        let last_year = window_sums(tables, kind, Span { year: p.year - 1, first: 1, last: 12 })?;
        let mut specialties: BTreeSet<String> = this_year.keys().chain(last_year.keys()).cloned().collect();
        if let Some(t) = ctx.targeted.get(&kind) {
            specialties.extend(t.iter().cloned());
        }
        let order = specialty_order(if kind == Kind::Activity { ctx.activities } else { ctx.catalogue });
        let mut specialties: Vec<String> = specialties.into_iter().collect();
        specialties.sort_by_key(|s| order(s));
        // A year "has" a specialty when it holds any record of this kind for it.
        let has = |year: i32, s: &str| {
            if year == p.year {
                true
            } else {
                last_year.contains_key(s)
            }
        };
        // The 合计's comparable scope: the specialties with records in both years.
        let in_both = |s: &str| this_year.contains_key(s) && last_year.contains_key(s);
        let left_out: Vec<String> = specialties.iter().filter(|s| !in_both(s)).cloned().collect();

        for window in Window::ALL {
            let span = p.span(window);
            // A span that ends (or begins) inside a quarter leaves the records kept by quarter
            // out; its 同比 and 环比 spans are shifted by whole quarters or are months, alike.
            let leaves_out = |s: &str| !span.whole_quarters() && by_quarter(s);
            let current = window_sums(tables, kind, span)?;
            let prior = window_sums(tables, kind, span.prior_year())?;
            let previous = match span.previous(window) {
                Some(prev) => Some((prev, window_sums(tables, kind, prev)?)),
                None => None,
            };
            // A previous window of this year compares every specialty; one of last year
            // (January's December, the first quarter's fourth) only those in both years.
            let previous_this_year = previous.as_ref().is_some_and(|(span, _)| span.year == p.year);
            for &metric in metrics_of(kind) {
                let mut total = (0i64, None::<i64>, None::<i64>);
                let mut both = Comparable { left_out: left_out.clone(), ..Comparable::default() };
                for s in &specialties {
                    let unit = unit_of(metric, s, ctx.catalogue);
                    let value = metric_value(current.get(s).copied().unwrap_or_default(), metric, unit);
                    let prior_value = has(p.year - 1, s)
                        .then(|| metric_value(prior.get(s).copied().unwrap_or_default(), metric, unit));
                    let previous_value = previous.as_ref().and_then(|(span, sums)| {
                        has(span.year, s).then(|| metric_value(sums.get(s).copied().unwrap_or_default(), metric, unit))
                    });
                    total.0 += value;
                    if let Some(v) = prior_value {
                        total.1 = Some(total.1.unwrap_or(0) + v);
                    }
                    if let Some(v) = previous_value {
                        total.2 = Some(total.2.unwrap_or(0) + v);
                    }
                    if in_both(s) || previous_this_year {
                        if let Some(v) = previous_value {
                            both.previous = Some(both.previous.unwrap_or(0) + v);
                        }
                    }
                    if in_both(s) {
                        both.value += value;
                        both.prior = Some(both.prior.unwrap_or(0) + prior_value.unwrap_or(0));
                    }
                    let mut r = row(window, s, metric, unit, value, prior_value, previous_value);
                    if leaves_out(s) {
                        r.quarterly_left_out.push(s.clone());
                    }
                    rows.push(r);
                }
                // 合计 over all specialties, for the training figures (units are the same).
                if kind == Kind::Training && !specialties.is_empty() {
                    let unit = unit_of(metric, TOTAL, ctx.catalogue);
                    let mut r = row(window, TOTAL, metric, unit, total.0, total.1, total.2);
                    r.yoy = rate(both.value, both.prior);
                    let base = if previous_this_year { total.0 } else { both.value };
                    r.pop = rate(base, both.previous);
                    r.comparable = Some(both);
                    r.quarterly_left_out = specialties.iter().filter(|s| leaves_out(s)).cloned().collect();
                    rows.push(r);
                }
            }
        }
    }
    let order = specialty_order(ctx.catalogue);
    let activity_order = specialty_order(ctx.activities);
    rows.sort_by_key(|r| {
        let at = if r.metric == Metric::Activity { activity_order(&r.specialty) } else { order(&r.specialty) };
        (r.window, r.metric, at)
    });
    Ok(rows)
}

fn row(
    window: Window,
    specialty: &str,
    metric: Metric,
    unit: Unit,
    value: i64,
    prior: Option<i64>,
    previous: Option<i64>,
) -> MetricRow {
    MetricRow {
        window,
        specialty: specialty.to_string(),
        metric,
        unit,
        value,
        target: None,
        completion: None,
        time_progress: None,
        status: None,
        prior_value: prior,
        yoy: rate(value, prior),
        previous_value: previous,
        pop: rate(value, previous),
        comparable: None,
        quarterly_left_out: Vec::new(),
    }
}

/// Month-by-month values of every metric per specialty, this year (to the as-of month) and last.
/// A specialty that reports only by quarter has no month and no line.
pub(crate) fn monthly(
    tables: &Tables,
    ctx: &Context,
    rows: &[MetricRow],
    quarterly: &[Quarterly],
) -> PolarsResult<Vec<MonthlySeries>> {
    let p = ctx.period;
    let mut out = Vec::new();
    for kind in [Kind::Training, Kind::Verification, Kind::Enforcement] {
        let this_full = window_sums(tables, kind, Span { year: p.year, first: 1, last: 12 })?;
        let last_full = window_sums(tables, kind, Span { year: p.year - 1, first: 1, last: 12 })?;
        let last_year_any = !last_full.is_empty();
        let mut this: Vec<BySpecialty> = Vec::new();
        let mut last: Vec<BySpecialty> = Vec::new();
        for m in 1..=12 {
            this.push(if m <= p.month {
                window_sums(tables, kind, Span { year: p.year, first: m, last: m })?
            } else {
                BySpecialty::new()
            });
            last.push(if last_year_any {
                window_sums(tables, kind, Span { year: p.year - 1, first: m, last: m })?
            } else {
                BySpecialty::new()
            });
        }
        for &metric in metrics_of(kind) {
            let only_by_quarter = |s: &str| quarterly.iter().any(|q| q.kind == kind && q.specialty == s && q.only);
            let specialties = rows.iter().filter(|r| {
                r.metric == metric && r.window == Window::Ytd && r.specialty != TOTAL && !only_by_quarter(&r.specialty)
            });
            for r in specialties {
                let value = |sums: &BySpecialty| {
                    metric_value(sums.get(&r.specialty).copied().unwrap_or_default(), metric, r.unit)
                };
                let mut series = MonthlySeries {
                    specialty: r.specialty.clone(),
                    metric,
                    unit: r.unit,
                    this_year: [None; 12],
                    last_year: [None; 12],
                    // Month by month, a specialty with records kept by quarter in either year
                    // compares nothing like with like (its quarters are in no month): it is in
                    // neither year's comparable line.
                    in_both: this_full.contains_key(&r.specialty)
                        && last_full.contains_key(&r.specialty)
                        && !quarterly.iter().any(|q| q.kind == kind && q.specialty == r.specialty),
                };
                for m in 0..12 {
                    if m < p.month as usize {
                        series.this_year[m] = Some(value(&this[m]));
                    }
                    if r.prior_value.is_some() {
                        series.last_year[m] = Some(value(&last[m]));
                    }
                }
                out.push(series);
            }
        }
    }
    Ok(out)
}

/// The departments one 联合部门 text names, each once ("县消防救援大队、县市场监管局" → 消防,
/// 市场监管); the text itself when it cannot be split.
fn partner_departments(text: &str, departments: &Departments) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in departments.split(text) {
        let d = departments.short(&part);
        if !out.contains(&d) {
            out.push(d);
        }
    }
    if out.is_empty() {
        out.push(departments.short(text));
    }
    out
}

/// Enforcement in a span counted by a text column (partner or category), with last year's.
pub(crate) fn breakdown(
    tables: &Tables,
    period: Period,
    by: &str,
    departments: &Departments,
) -> PolarsResult<Vec<Breakdown>> {
    let span = period.span(Window::Ytd);
    let count = |span: Span| -> PolarsResult<BTreeMap<String, i64>> {
        let mut lf = in_span(&tables.enforcement, span);
        if by == "partner" {
            lf = lf.filter(col("partner").is_not_null());
        }
        let out = lf.group_by([col(by)]).agg([col("count").sum().alias("n")]).collect()?;
        let names = out.column(by)?.as_materialized_series().str()?.clone();
        let mut map = BTreeMap::new();
        for i in 0..out.height() {
            let n = i64_at(&out, "n", i)?;
            let names: Vec<String> = match names.get(i) {
                // One joint inspection with several partners counts under each of them.
                Some(text) if by == "partner" => partner_departments(text, departments),
                Some(text) => vec![text.trim().to_string()],
                None => vec!["未注明".to_string()],
            };
            for name in names {
                *map.entry(name).or_insert(0) += n;
            }
        }
        Ok(map)
    };
    let this = count(span)?;
    let details = if by == "partner" { partner_details(tables, span, departments)? } else { BTreeMap::new() };
    let last_year_any =
        !window_sums(tables, Kind::Enforcement, Span { year: period.year - 1, first: 1, last: 12 })?.is_empty();
    let last = count(span.prior_year())?;
    let mut names: Vec<&String> = this.keys().chain(last.keys()).collect::<BTreeSet<_>>().into_iter().collect();
    names.sort_by_key(|n| std::cmp::Reverse(this.get(*n).copied().unwrap_or(0)));
    Ok(names
        .into_iter()
        .map(|n| Breakdown {
            name: n.clone(),
            value: this.get(n).copied().unwrap_or(0),
            prior_value: last_year_any.then(|| last.get(n).copied().unwrap_or(0)),
            detail: details.get(n).cloned().flatten(),
        })
        .collect())
}

/// The text columns of a frame, row by row (None for a null cell).
fn texts(df: &DataFrame, names: &[&str]) -> PolarsResult<Vec<Vec<Option<String>>>> {
    let cols = names
        .iter()
        .map(|n| Ok(df.column(n)?.as_materialized_series().str()?.clone()))
        .collect::<PolarsResult<Vec<_>>>()?;
    Ok((0..df.height()).map(|i| cols.iter().map(|c| c.get(i).map(|t| t.trim().to_string())).collect()).collect())
}

/// One value shared by every item, or None (also when one of them is empty).
fn shared<'a>(mut values: impl Iterator<Item = &'a Option<String>>) -> Option<&'a str> {
    let first = values.next()?.as_deref().filter(|t| !t.is_empty())?;
    values.all(|v| v.as_deref() == Some(first)).then_some(first)
}

/// An inspection's 检查方式 and 备注.
type MethodAndNote = (Option<String>, Option<String>);

/// What a group of inspections has in common, as a report says it: their shared 检查方式 as an
/// inspection ("双随机" → "双随机检查"), after the trade they were all made in when every 备注 names
/// the same one ("住宿餐饮业"). None when the 检查方式 differ or one is missing: a detail is only
/// said when it is true of every inspection counted.
fn inspection_detail(rows: &[MethodAndNote]) -> Option<String> {
    let method = shared(rows.iter().map(|(c, _)| c))?;
    // "联合检查" says nothing the sentence does not ("与消防部门联合的联合检查").
    if method.contains("联合") {
        return None;
    }
    let method = if method.ends_with('查') || method.ends_with("执法") {
        method.to_string() // 双随机抽查, 专项检查
    } else {
        format!("{method}检查")
    };
    let trade = shared(rows.iter().map(|(_, r)| r)).filter(|r| is_trade(r));
    Some(format!("{}{method}", trade.unwrap_or_default()))
}

/// A 备注 that names a trade (住宿餐饮业, 批发零售业, 制造业): ends in 业 and speaks of an industry,
/// not of a unit's state ("正常营业", "已停业") or another 业 word (企业, 专业, 作业).
fn is_trade(text: &str) -> bool {
    const INDUSTRY: [&str; 24] = [
        "住宿",
        "餐饮",
        "批发",
        "零售",
        "制造",
        "建筑",
        "房地产",
        "工业",
        "交通",
        "运输",
        "仓储",
        "邮政",
        "信息",
        "软件",
        "金融",
        "租赁",
        "商务",
        "科学",
        "技术",
        "服务",
        "文化",
        "娱乐",
        "采矿",
        "农林",
    ];
    const NOT: [&str; 8] = ["营业", "停业", "歇业", "开业", "企业", "就业", "作业", "专业"];
    text.ends_with('业')
        && text.chars().count() <= 10
        && !NOT.iter().any(|w| text.ends_with(w))
        && INDUSTRY.iter().any(|w| text.contains(w))
}

/// For each partner department, what its joint inspections of the span have in common.
fn partner_details(
    tables: &Tables,
    span: Span,
    departments: &Departments,
) -> PolarsResult<BTreeMap<String, Option<String>>> {
    let df = in_span(&tables.enforcement, span)
        .filter(col("partner").is_not_null())
        .select([col("partner"), col("category"), col("remarks")])
        .collect()?;
    let mut by_department: BTreeMap<String, Vec<MethodAndNote>> = BTreeMap::new();
    for row in texts(&df, &["partner", "category", "remarks"])? {
        for d in partner_departments(row[0].as_deref().unwrap_or_default(), departments) {
            by_department.entry(d).or_default().push((row[1].clone(), row[2].clone()));
        }
    }
    Ok(by_department.into_iter().map(|(d, rows)| (d, inspection_detail(&rows))).collect())
}

/// The specialties whose trainings of the year to date all share one 内容 that names the
/// specialty ("服务业统计年报培训" for 服务业): the report can say that instead of "服务业培训". A
/// topic that does not name the specialty, or trainings with different topics, give nothing.
pub(crate) fn training_topics(
    tables: &Tables,
    period: Period,
    catalogue: &Catalogue,
) -> PolarsResult<BTreeMap<String, String>> {
    let df = in_span(&tables.training, period.span(Window::Ytd)).select([col("specialty"), col("topic")]).collect()?;
    let mut by_specialty: BTreeMap<String, Vec<Option<String>>> = BTreeMap::new();
    for row in texts(&df, &["specialty", "topic"])? {
        by_specialty.entry(row[0].clone().unwrap_or_default()).or_default().push(row[1].clone());
    }
    Ok(by_specialty
        .into_iter()
        .filter_map(|(specialty, topics)| {
            let topic = shared(topics.iter())?;
            let label = catalogue.label(&specialty).trim_end_matches('线');
            let names_it = topic.contains(specialty.as_str()) || (!label.is_empty() && topic.contains(label));
            (names_it && topic.chars().count() <= 24).then(|| (specialty, topic.to_string()))
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(method: Option<&str>, remark: Option<&str>) -> MethodAndNote {
        (method.map(str::to_string), remark.map(str::to_string))
    }

    #[test]
    fn an_inspection_detail_is_said_only_when_every_inspection_shares_it() {
        let lodging = pair(Some("双随机"), Some("住宿餐饮业"));
        assert_eq!(inspection_detail(&[lodging.clone(), lodging.clone()]).as_deref(), Some("住宿餐饮业双随机检查"));
        // The trade differs or one is not written: only the method is shared.
        let other = pair(Some("双随机"), Some("批发零售业"));
        assert_eq!(inspection_detail(&[lodging.clone(), other]).as_deref(), Some("双随机检查"));
        assert_eq!(inspection_detail(&[lodging.clone(), pair(Some("双随机"), None)]).as_deref(), Some("双随机检查"));
        // A 备注 that is not a trade is not put in front of the method.
        let note = pair(Some("专项检查"), Some("数据已更正"));
        assert_eq!(inspection_detail(&[note.clone(), note]).as_deref(), Some("专项检查"));
        for state in ["正常营业", "已停业", "小微企业", "统计专业"] {
            let p = pair(Some("双随机"), Some(state));
            assert_eq!(inspection_detail(&[p.clone(), p]).as_deref(), Some("双随机检查"), "{state}");
        }
        let wholesale = pair(Some("双随机抽查"), Some("批发零售业"));
        assert_eq!(inspection_detail(&[wholesale.clone(), wholesale]).as_deref(), Some("批发零售业双随机抽查"));
        let joint = pair(Some("联合检查"), None);
        assert_eq!(inspection_detail(&[joint.clone(), joint]), None, "no 联合的联合检查");
        // Methods differ, or one is missing: nothing is said.
        assert_eq!(inspection_detail(&[lodging.clone(), pair(Some("专项检查"), Some("住宿餐饮业"))]), None);
        assert_eq!(inspection_detail(&[lodging, pair(None, Some("住宿餐饮业"))]), None);
        assert_eq!(inspection_detail(&[]), None);
    }
}
