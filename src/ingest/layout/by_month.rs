//! Summary tables with the months along one side: specialties (or 指标) down the rows and
//! 1月 … 12月 across — one value per month, or 批次 | 人次 (家次 | 家 | 个) under each merged
//! month — and the transpose, months down the rows and specialties across. Every non-empty month
//! cell becomes a month-only record that names its cell; 合计 / 累计 / 全年 lines and quarter
//! lines are cross-checked, never counted.
//!
//! A table kept by quarter — 一季度 … 四季度 (第一季度, 1季度, Q1, 1-3月) and no month — is read
//! the same way, each quarter cell a quarter-only record; its 上半年 / 前三季度 / 全年 / 合计 lines
//! are totals, cross-checked against the quarters, never counted. A table by half-year, or one
//! whose half-year or nine-month line lacks some of its quarters, is refused.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate};

use super::header::{figure_kind, table_by_month_kind, Field, Header, HEADER_SEARCH_ROWS};
use super::tally::{footer, RowError, Tally};
use super::SheetContext;
use crate::model::Ingested;
use crate::model::{cell_name, CellValue, RawRow, RawSheet};
use crate::model::{CheckRecord, FindingKind, Kind, RecordDate, Severity, SpecialtyName, TrainingRecord, Unit};
use crate::normalize::catalogue::is_place_or_unit;
use crate::normalize::text::{fold, key};
use crate::normalize::values::{find_year, means_nothing, parse_count, CountError};

/// What a header cell or a row label says.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Key {
    /// A month, with the year when the label gives one ("2023年1月").
    Month(Option<i32>, u32),
    /// A quarter, half-year or range of months ("一季度", "上半年", "1-3月"): months 1-based.
    Span(String, Vec<u32>),
    /// 合计, 总计, 累计, 全年, 小计.
    Total(String),
    /// Anything else: a specialty, an 指标, a unit.
    Label(String),
}

/// Words of a name or title that say a table sums others: with such a name, a table by month
/// whose figures other files give row by row is their summary (ingest/summaries.rs).
const SUMMARY_WORDS: [&str; 3] = ["汇总", "总表", "合计表"];

const CN_NUMBERS: [&str; 12] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"];

/// 1–12 from "1", "01", "一", "十二".
fn month_number(s: &str) -> Option<u32> {
    if !s.is_empty() && s.len() <= 2 && s.chars().all(|c| c.is_ascii_digit()) {
        return s.parse().ok().filter(|m| (1..=12).contains(m));
    }
    CN_NUMBERS.iter().position(|n| *n == s).map(|i| i as u32 + 1)
}

/// A month label: 1月, 01月, 1月份, 一月, 2023年1月, 2023.01, 2023-01, 2023/1.
fn month_label(text: &str) -> Option<(Option<i32>, u32)> {
    let k = key(text);
    let k = k.strip_suffix('份').unwrap_or(&k);
    if let Some(body) = k.strip_suffix('月') {
        if let Some((y, m)) = body.split_once('年') {
            let year: i32 = y.parse().ok().filter(|y| (1990..=2100).contains(y))?;
            return month_number(m).map(|m| (Some(year), m));
        }
        return month_number(body).map(|m| (None, m));
    }
    let (y, m) = k.split_once(['.', '-', '/'])?;
    let year: i32 = y.parse().ok().filter(|y: &i32| y.to_string().len() == 4 && (1990..=2100).contains(y))?;
    month_number(m).map(|m| (Some(year), m))
}

/// A quarter, half-year or span of months.
fn span_label(text: &str) -> Option<Vec<u32>> {
    let k = key(text);
    let k = k.strip_prefix('第').unwrap_or(&k);
    let quarter = |q: u32| (q * 3 - 2..=q * 3).collect::<Vec<u32>>();
    for (i, n) in ["一", "二", "三", "四"].iter().enumerate() {
        for form in [format!("{n}季度"), format!("{}季度", i + 1), format!("{n}季"), format!("q{}", i + 1)] {
            if k == form {
                return Some(quarter(i as u32 + 1));
            }
        }
    }
    match k {
        "上半年" => return Some((1..=6).collect()),
        "下半年" => return Some((7..=12).collect()),
        "前三季度" | "1-3季度" | "一至三季度" => return Some((1..=9).collect()),
        _ => {}
    }
    // "1-3月", "1—6月份", "1至9月", "1~3季度"
    let k = k.strip_suffix('份').unwrap_or(k);
    let (body, quarters) = match (k.strip_suffix('月'), k.strip_suffix("季度")) {
        (Some(b), _) => (b, false),
        (_, Some(b)) => (b, true),
        _ => return None,
    };
    let (a, b) = body.split_once(['-', '—', '–', '~', '～', '至', '到'])?;
    let a = month_number(a.trim_end_matches('月'))?;
    let b = month_number(b)?;
    if quarters {
        return (a <= b && b <= 4).then(|| (a * 3 - 2..=b * 3).collect());
    }
    (a < b).then(|| (a..=b).collect())
}

/// The quarter (1–4) a span is, when it is exactly one: 一季度, Q2, 7-9月.
fn quarter_of(months: &[u32]) -> Option<u32> {
    let q = (*months.first()? - 1) / 3 + 1;
    (months.len() == 3 && months[0] % 3 == 1 && months[2] == months[0] + 2).then_some(q)
}

/// A header text numbering items past the four quarters ("Q5", "q12", "第5题", "题6"): the row
/// heads a questionnaire's questions, not quarters ("存在问题" numbers nothing).
fn numbers_questions(text: &str) -> bool {
    let k = key(text);
    let number = |t: &str| {
        !t.is_empty()
            && (t.chars().all(|c| c.is_ascii_digit()) || t.chars().all(|c| "一二三四五六七八九十".contains(c)))
    };
    let question = k.strip_prefix('第').unwrap_or(&k).strip_suffix('题');
    k.strip_prefix('q').is_some_and(number) || question.is_some_and(number) || k.strip_prefix('题').is_some_and(number)
}

/// A header over people's names (姓名, 员工, 学员): its rows are people, not specialties.
fn names_people(text: &str) -> bool {
    let k = key(text);
    ["姓名", "名字", "员工", "职工", "学员", "学生"].iter().any(|w| k.contains(w))
}

fn classify(v: &CellValue) -> Option<Key> {
    match v {
        // A date cell heads a month only as the first of it at midnight ("2023年1月" typed as a date).
        CellValue::DateTime(d)
            if d.day() == 1 && d.time() == chrono::NaiveTime::MIN && (1990..=2100).contains(&d.year()) =>
        {
            Some(Key::Month(Some(d.year()), d.month()))
        }
        CellValue::Text(t) => {
            let k = key(t);
            if k.is_empty() {
                return None;
            }
            if let Some((y, m)) = month_label(t) {
                return Some(Key::Month(y, m));
            }
            if let Some(months) = span_label(t) {
                return Some(Key::Span(fold(t), months));
            }
            if is_total(&k) {
                return Some(Key::Total(fold(t)));
            }
            Some(Key::Label(fold(t)))
        }
        _ => None,
    }
}

/// A totals label's key: 合计, 总计, 累计, 全年, 小计, 总数 — but not 全年目标 or 累计计划, which
/// are targets.
fn is_total(k: &str) -> bool {
    let planned = ["目标", "计划", "任务"].iter().any(|w| k.contains(w));
    !planned && ["合计", "总计", "累计", "全年", "小计", "总数"].iter().any(|w| k.contains(w))
}

/// The units a text names, in the order found: "单位：家、人次" → 家, 人次.
fn units_in(text: &str) -> Vec<Unit> {
    // Brackets often hold the unit ("培训人数（人次）"), so they are kept here.
    let k: String = fold(text).chars().filter(|c| !c.is_whitespace()).collect();
    let lone = |w: char| {
        k.char_indices().any(|(i, c)| {
            c == w && {
                let after = k[i + c.len_utf8()..].chars().next();
                after.is_none_or(|a| matches!(a, ')' | '、' | ',' | '，' | ';' | '；' | '/'))
            }
        })
    };
    let mut out = Vec::new();
    let mut push = |u| {
        if !out.contains(&u) {
            out.push(u)
        }
    };
    for w in ["批次", "期数", "场次", "期次"] {
        if k.contains(w) {
            push(Unit::Batches);
        }
    }
    for w in ["人次", "人数"] {
        if k.contains(w) {
            push(Unit::PersonTimes);
        }
    }
    if k.contains("家次") {
        push(Unit::UnitVisits);
    }
    if lone('家') || k.contains("家数") {
        push(Unit::Units);
    }
    if lone('个') || k.contains("项目数") || k.contains("个数") {
        push(Unit::Items);
    }
    out
}

/// One value column: what its header says, the unit under it on a two-row header, and the year
/// merged above a quarter ("2023年" over 一季度 … 四季度).
#[derive(Debug, Clone)]
struct Column {
    key: Key,
    unit: Option<Unit>,
    year: Option<i32>,
}

/// The shape found: which row holds the header, and which way the months run.
pub(super) struct Shape {
    first_row: u32,
    last_row: u32,
    /// True when the months are the columns (specialties down the rows).
    months_across: bool,
    /// Value columns by 0-based column.
    columns: BTreeMap<u32, Column>,
    /// Columns left of the first value column: their texts label a row.
    label_columns: Vec<u32>,
    /// Months down, given as 1-12 under a 月份 header.
    numeric_months: bool,
    /// Kept by quarter: quarter lines and no month line. Its quarters are the records; its
    /// half-year, nine-month and 合计 lines are totals.
    by_quarter: bool,
    /// One of several tables side by side on its sheet: its kind is its own title's, not the
    /// sheet's name's (which names only one of them).
    beside: bool,
}

impl Shape {
    /// Whether the table labels its rows (or columns) itself: a run of month columns cut off
    /// from the labels to their left by an empty column is no table of its own.
    pub(super) fn labelled(&self) -> bool {
        !self.label_columns.is_empty()
    }

    /// The first row of the table's header: the rows above it are its title.
    pub(super) fn first_row(&self) -> u32 {
        self.first_row
    }

    /// Marks the table as one of several side by side on its sheet.
    pub(super) fn beside(mut self) -> Shape {
        self.beside = true;
        self
    }
}

/// The columns a header row covers: its own cells and the cells of merged regions over it.
fn header_cells(sheet: &RawSheet, row: u32) -> Vec<(u32, CellValue)> {
    let mut cols: Vec<u32> = sheet.row(row).map(|r| r.cells.iter().map(|(c, _)| *c).collect()).unwrap_or_default();
    for m in &sheet.merges {
        if m.first_row <= row && row <= m.last_row && m.last_col - m.first_col < 256 {
            cols.extend(m.first_col..=m.last_col);
        }
    }
    cols.sort_unstable();
    cols.dedup();
    cols.into_iter().filter_map(|c| sheet.get_filled(row, c).map(|v| (c, v.clone()))).collect()
}

fn find_shape(sheet: &RawSheet, ctx: &SheetContext, across: bool) -> Option<Shape> {
    for r in sheet.rows.iter().take_while(|r| r.index < HEADER_SEARCH_ROWS) {
        let cells = header_cells(sheet, r.index);
        // Date cells head months only when every date in the row is the first of a month: a row
        // of daily or weekly dates is a calendar, not months.
        let dates_are_months = cells.iter().all(|(_, v)| !matches!(v, CellValue::DateTime(_)) || classify(v).is_some());
        let keys: Vec<(u32, Key)> = cells
            .iter()
            .filter(|(_, v)| dates_are_months || !matches!(v, CellValue::DateTime(_)))
            .filter_map(|(c, v)| classify(v).map(|k| (*c, k)))
            .collect();
        let months: std::collections::BTreeSet<u32> =
            keys.iter().filter_map(|(_, k)| if let Key::Month(_, m) = k { Some(*m) } else { None }).collect();
        let spans = keys.iter().filter(|(_, k)| matches!(k, Key::Span(..))).count();
        if across && (months.len() >= 3 || (months.is_empty() && spans >= 2)) {
            let first_value =
                keys.iter().find(|(_, k)| matches!(k, Key::Month(..) | Key::Span(..))).map(|(c, _)| *c)?;
            // Q1 … Q4 followed by Q5 … or 第5题: a questionnaire's questions, not quarters; a
            // row of people (姓名 | 一季度 …): a payroll or a roster, not a bureau's table.
            if months.is_empty()
                && keys.iter().any(|(c, k)| match k {
                    Key::Label(t) if *c > first_value => numbers_questions(t),
                    Key::Label(t) => names_people(t),
                    _ => false,
                })
            {
                continue;
            }
            let columns: BTreeMap<u32, Column> = keys
                .iter()
                .filter(|(c, k)| *c >= first_value && !matches!(k, Key::Label(_)))
                .map(|(c, k)| (*c, Column { key: k.clone(), unit: None, year: None }))
                .collect();
            let mut columns = columns;
            // A year band above the months ("2023年" over 1月-9月, "2022年" over the next run), or
            // above the quarters of a table kept by quarter.
            if r.index > 0 {
                for (c, col) in columns.iter_mut() {
                    let year = || sheet.get_filled(r.index - 1, *c).and_then(year_label);
                    match col.key {
                        Key::Month(None, m) => {
                            if let Some(y) = year() {
                                col.key = Key::Month(Some(y), m);
                            }
                        }
                        Key::Span(..) if months.is_empty() => col.year = year(),
                        _ => {}
                    }
                }
            }
            let label_columns = label_columns_left_of(sheet, r.index, first_value);
            let by_quarter = months.is_empty() && columns.values().any(|c| c.quarter().is_some());
            return Some(with_sub_header(sheet, r.index, true, columns, label_columns, false, by_quarter));
        }
        if across {
            continue;
        }
        // Months down: specialties or 指标 across, a column of month labels below.
        let labels: Vec<(u32, &Key)> = keys
            .iter()
            .filter(|(_, k)| match k {
                // A specialty's own name ("规上工业", "贸易（人次）"), not a text that holds one
                // ("工业总产值", "综合能源消费量"), or a unit.
                Key::Label(t) => ctx.catalogue.is_name(t) || !units_in(t).is_empty(),
                Key::Total(_) => true,
                _ => false,
            })
            .map(|(c, k)| (*c, k))
            .collect();
        if labels.iter().filter(|(_, k)| matches!(k, Key::Label(_))).count() < 2 {
            continue;
        }
        let first_value = labels[0].0;
        // The month column: month labels, or 1-12 under a header that says 月 (月份); or, kept by
        // quarter, quarter labels and no month.
        let rows_keyed = |c: u32, numeric: bool, quarters: bool| {
            sheet
                .rows
                .iter()
                .skip_while(|x| x.index <= r.index)
                .take(400)
                .filter(|x| {
                    x.get(c).and_then(|v| month_of_row(v, numeric)).is_some_and(|k| match k {
                        Key::Month(..) => !quarters,
                        Key::Span(_, ms) => quarters && quarter_of(&ms).is_some(),
                        _ => false,
                    })
                })
                .count()
        };
        let headed_month =
            |c: u32| sheet.get(r.index, c).and_then(CellValue::as_text).is_some_and(|t| t.contains('月'));
        let Some((month_col, numeric, by_quarter)) = (0..first_value).rev().find_map(|c| {
            let numeric = headed_month(c);
            let months = rows_keyed(c, numeric, false);
            if months >= 3 {
                return Some((c, numeric, false));
            }
            (months == 0 && rows_keyed(c, false, true) >= 2).then_some((c, false, true))
        }) else {
            continue;
        };
        let columns: BTreeMap<u32, Column> =
            labels.iter().map(|(c, k)| (*c, Column { key: (*k).clone(), unit: None, year: None })).collect();
        return Some(with_sub_header(sheet, r.index, false, columns, vec![month_col], numeric, by_quarter));
    }
    None
}

/// A year heading ("2023年", "2023年度", "2023"), as over a run of months.
fn year_label(v: &CellValue) -> Option<i32> {
    let t = match v {
        CellValue::Text(t) => key(t),
        CellValue::Number(n) if n.fract() == 0.0 => format!("{n}"),
        _ => return None,
    };
    let digits = t.strip_suffix("年度").or_else(|| t.strip_suffix('年')).unwrap_or(&t);
    (digits.len() == 4).then(|| digits.parse().ok()).flatten().filter(|y| (1990..=2100).contains(y))
}

/// The key of a months-down row's month cell: a month label (or a quarter or total line), or
/// 1-12 when the column is headed 月份 (`numeric`).
fn month_of_row(v: &CellValue, numeric: bool) -> Option<Key> {
    match v {
        CellValue::Number(n) if numeric && n.fract() == 0.0 && (1.0..=12.0).contains(n) => {
            Some(Key::Month(None, *n as u32))
        }
        _ => classify(v).filter(|k| matches!(k, Key::Month(..) | Key::Span(..) | Key::Total(_))),
    }
}

/// The non-value columns left of the first value column that hold a text in the header row or
/// below it (序号 is passed over by the row reader).
fn label_columns_left_of(sheet: &RawSheet, header: u32, first_value: u32) -> Vec<u32> {
    let mut cols: Vec<u32> = sheet
        .rows
        .iter()
        .filter(|r| r.index >= header)
        .flat_map(|r| r.cells.iter().map(|(c, _)| *c))
        .filter(|c| *c < first_value)
        .collect();
    cols.sort_unstable();
    cols.dedup();
    cols
}

/// A unit row under the header (批次 | 人次 under each merged month) makes it a two-row header.
fn with_sub_header(
    sheet: &RawSheet,
    row: u32,
    months_across: bool,
    mut columns: BTreeMap<u32, Column>,
    label_columns: Vec<u32>,
    numeric_months: bool,
    by_quarter: bool,
) -> Shape {
    let below = sheet.row(row + 1);
    let units: Vec<(u32, Unit)> = below
        .map(|b| {
            b.cells
                .iter()
                .filter_map(|(c, v)| {
                    let t = v.as_text()?;
                    let u = units_in(t);
                    (u.len() == 1 && key(t).chars().count() <= 6).then(|| (*c, u[0]))
                })
                .collect()
        })
        .unwrap_or_default();
    let two_rows =
        !units.is_empty() && units.iter().all(|(c, _)| columns.contains_key(c) || is_covered(sheet, row, *c));
    if two_rows {
        for (c, u) in units {
            let (key, year) = match columns.get(&c) {
                Some(col) => (col.key.clone(), col.year),
                None => match sheet.get_filled(row, c).and_then(classify) {
                    Some(k) => (k, None),
                    None => continue,
                },
            };
            columns.insert(c, Column { key, unit: Some(u), year });
        }
    }
    Shape {
        first_row: row,
        last_row: if two_rows { row + 1 } else { row },
        months_across,
        columns,
        label_columns,
        numeric_months,
        by_quarter,
        beside: false,
    }
}

impl Column {
    /// The quarter (1–4) a quarter column stands for.
    fn quarter(&self) -> Option<u32> {
        match &self.key {
            Key::Span(_, ms) => quarter_of(ms),
            _ => None,
        }
    }
}

fn is_covered(sheet: &RawSheet, row: u32, col: u32) -> bool {
    sheet.get(row, col).is_none() && sheet.get_filled(row, col).is_some()
}

/// A totals line as written: its 0-based row, its label and its values by column.
type StatedTotal = (u32, String, Vec<(u32, i64)>);

/// A training month being gathered from its cells: 批次, 人次 and the first cell's column.
type TrainingCells = (Option<i64>, Option<i64>, u32);

/// One number read from a value cell.
struct Value {
    col: u32,
    n: i64,
}

/// The shape of a months-across table (specialties down, 1月 … 12月 across), when the sheet is
/// one. Tried before a log's header, which a "项目＼月份" corner cell could imitate. `log` is the
/// log header the sheet has, if any: when the months sit in it or right under it (months under
/// a merged "从业人员期末人数" heading of a check log) the sheet is that log.
pub(super) fn months_across(sheet: &RawSheet, ctx: &SheetContext, log: Option<&Header>) -> Option<Shape> {
    let shape = find_shape(sheet, ctx, true)?;
    if let Some(h) = log {
        let beside = h.first_row <= shape.first_row && shape.first_row <= h.last_row + 1;
        // The log's date column must hold dates below it: a "项目＼月份" corner cell looks like a
        // 月份 column, but heads specialty names.
        let dated =
            h.column(Field::Date).is_some_and(|c| !shape.columns.contains_key(&c) && holds_dates(sheet, c, h.last_row));
        if beside && dated {
            return None;
        }
    }
    of_a_log(sheet, ctx, shape)
}

/// The shape of a months-down table (months down the rows, specialties as column headers), when
/// the sheet is one. Tried only when no log header was found, or the header names specialties
/// across: a log's rows also hold dates and specialty names.
pub(super) fn months_down(sheet: &RawSheet, ctx: &SheetContext) -> Option<Shape> {
    of_a_log(sheet, ctx, find_shape(sheet, ctx, false)?)
}

/// The shape, when the table is one of a bureau's (see [`Wide::speaks_of_a_log`]).
fn of_a_log(sheet: &RawSheet, ctx: &SheetContext, shape: Shape) -> Option<Shape> {
    let w = Wide::new(sheet, ctx, shape);
    w.speaks_of_a_log().then_some(w.shape)
}

/// Reads a table by month of this shape: a record for every month figure of every specialty.
pub(super) fn read(sheet: &RawSheet, ctx: &SheetContext, shape: Shape) -> Ingested {
    let mut r = Wide::new(sheet, ctx, shape);
    r.read();
    r.finish()
}

/// Whether the first few cells under a header in a column are dates (or attempts at one).
fn holds_dates(sheet: &RawSheet, col: u32, header_last: u32) -> bool {
    let cells: Vec<&CellValue> =
        sheet.rows.iter().filter(|r| r.index > header_last).filter_map(|r| r.get(col)).take(5).collect();
    !cells.is_empty()
        && cells
            .iter()
            .filter(|v| {
                matches!(
                    crate::normalize::values::parse_date(v, None, true),
                    Ok(_) | Err(crate::normalize::values::DateError::NoYear)
                )
            })
            .count()
            * 2
            > cells.len()
}

struct Wide<'a> {
    sheet: &'a RawSheet,
    ctx: &'a SheetContext<'a>,
    shape: Shape,
    name_kind: Option<Kind>,
    /// The one unit the title, sheet name or file name gives, if exactly one.
    sheet_unit: Option<Unit>,
    year: Option<i32>,
    fallback: Option<String>,
    /// The sheet's books: its ledger, records, findings and unknown names.
    tally: Tally,
    /// Sums of the data rows by value column: whole table and since the last totals line.
    sums_all: HashMap<(u32, Option<Unit>), i64>,
    sums_section: HashMap<(u32, Option<Unit>), i64>,
    /// Quarters down: sums of the quarter rows by (value column, quarter), for a 上半年 or
    /// 前三季度 row under them.
    sums_by_quarter: HashMap<(u32, u32), i64>,
    /// Quarters down: the quarters whose rows were read.
    quarter_rows: Vec<u32>,
    rows_in_section: u32,
    /// The values of the last data row, by column, for 其中 rows under it.
    last_row_values: HashMap<u32, i64>,
    /// Per specialty, whether the table gives its 批次 and its 人次: one without the other is
    /// said once at the end.
    sides: BTreeMap<String, (bool, bool)>,
    /// Label cells carried down: a 专业 cell left empty on the row under it (规上工业 | 培训批次,
    /// then | 培训人次) names the same specialty.
    carried: HashMap<u32, String>,
    /// The unit each data row's label names (None: the columns or the title say it), for
    /// checking a 合计 line only against rows of its own unit.
    row_units: Vec<Option<Unit>>,
    /// Records whose month carries a year other than the sheet's: (count, first cell, year).
    off_year: (u32, Option<String>, i32),
    notes_to_end: bool,
    /// A 合计 line above every data row: (row, label, stated values by column).
    pending_total: Option<StatedTotal>,
}

impl<'a> Wide<'a> {
    fn new(sheet: &'a RawSheet, ctx: &'a SheetContext<'a>, shape: Shape) -> Wide<'a> {
        let sheet_name = if ctx.has_sheets { sheet.name.as_str() } else { "" };
        let title: String = sheet
            .rows
            .iter()
            .take_while(|r| r.index < shape.first_row)
            .flat_map(|r| r.cells.iter().filter_map(|(_, v)| v.as_text()))
            .collect::<Vec<_>>()
            .join(" ");
        let name_kind = table_by_month_kind(if shape.beside { "" } else { sheet_name }, &title, ctx);
        let sheet_unit = [title.as_str(), sheet_name, ctx.file_stem].iter().find_map(|t| {
            let u = units_in(t);
            match u.len() {
                0 => None,
                1 => Some(Some(u[0])),
                _ => Some(None), // several: each row or column must say which
            }
        });
        let year = find_year(&title)
            .or_else(|| find_year(sheet_name))
            .or_else(|| find_year(ctx.file_stem))
            .or_else(|| find_year(ctx.dirs));
        let fallback = [sheet_name, title.as_str(), ctx.file_stem, ctx.dirs]
            .iter()
            .find_map(|t| ctx.catalogue.find(t))
            .map(str::to_string)
            .or_else(|| (name_kind == Some(Kind::Enforcement)).then(|| "执法".to_string()));
        let mut tally = Tally::new(sheet, ctx, Vec::new());
        tally.ledger.header_row = Some(shape.last_row + 1);
        tally.ledger.header_rows = shape.last_row + 1;
        tally.ledger.kind = name_kind;
        tally.ledger.summary_named =
            [sheet_name, title.as_str(), ctx.file_stem].iter().any(|t| SUMMARY_WORDS.iter().any(|w| t.contains(w)));
        Wide {
            sheet,
            ctx,
            name_kind,
            sheet_unit: sheet_unit.flatten(),
            year,
            fallback,
            tally,
            sums_all: HashMap::new(),
            sums_section: HashMap::new(),
            sums_by_quarter: HashMap::new(),
            quarter_rows: Vec::new(),
            rows_in_section: 0,
            last_row_values: HashMap::new(),
            sides: BTreeMap::new(),
            carried: HashMap::new(),
            row_units: Vec::new(),
            off_year: (0, None, 0),
            notes_to_end: false,
            pending_total: None,
            shape,
        }
    }

    /// A table by month is one of a bureau's only when its names say a kind (培训, 核查, 执法)
    /// or it names a unit somewhere (title, sheet or file name, a unit row, a row or column
    /// label): a calendar, a price series or a survey with Q1 … Q14 is passed over, not read.
    fn speaks_of_a_log(&self) -> bool {
        if self.name_kind.is_some() || self.sheet_unit.is_some() {
            return true;
        }
        let title: String = self
            .sheet
            .rows
            .iter()
            .take_while(|r| r.index < self.shape.first_row)
            .flat_map(|r| r.cells.iter().filter_map(|(_, v)| v.as_text()))
            .collect();
        if !units_in(&title).is_empty() {
            return true;
        }
        let columns =
            self.shape.columns.values().any(|c| {
                c.unit.is_some() || matches!(&c.key, Key::Label(t) | Key::Total(t) if !units_in(t).is_empty())
            });
        columns || self.data_rows().any(|r| !units_in(&self.row_label(r)).is_empty())
    }

    /// The rows below the header.
    fn data_rows(&self) -> impl Iterator<Item = &'a RawRow> + 'a {
        let first = self.shape.last_row + 1;
        let sheet = self.sheet;
        sheet.rows[sheet.rows.partition_point(|r| r.index < first)..].iter()
    }

    /// The period keys of the table: its value columns (months across) or the keys of the rows'
    /// month cells (months down).
    fn period_keys(&self) -> Vec<Key> {
        if self.shape.months_across {
            self.shape.columns.values().map(|c| c.key.clone()).collect()
        } else {
            let col = self.shape.label_columns[0];
            self.data_rows()
                .filter_map(|r| r.get(col).and_then(|v| month_of_row(v, self.shape.numeric_months)))
                .collect()
        }
    }

    /// Refuses the whole table when a quarter or half-year line has no lines for its parts —
    /// months, or in a table kept by quarter, quarters: its figures cannot be split, and are
    /// never guessed. The lines wanting parts, each once ("上半年、前三季度").
    fn spans_without_parts(&self) -> Option<String> {
        let keys = self.period_keys();
        let quarters: std::collections::BTreeSet<u32> =
            keys.iter().filter_map(|k| if let Key::Span(_, ms) = k { quarter_of(ms) } else { None }).collect();
        let months: std::collections::BTreeSet<u32> = if self.shape.by_quarter {
            quarters.iter().flat_map(|q| q * 3 - 2..=q * 3).collect()
        } else {
            keys.iter().filter_map(|k| if let Key::Month(_, m) = k { Some(*m) } else { None }).collect()
        };
        let mut missing: Vec<String> = Vec::new();
        for k in &keys {
            if let Key::Span(label, ms) = k {
                // A merged heading over 批次 | 人次 heads two columns: its label is said once.
                if !ms.iter().all(|m| months.contains(m)) && !missing.contains(label) {
                    missing.push(label.clone());
                }
            }
        }
        (!missing.is_empty()).then(|| missing.join("、"))
    }

    fn read(&mut self) {
        let rows_below = self.tally.ledger.rows_read();
        let by_quarter = self.shape.by_quarter;
        let undated = if by_quarter {
            self.year.is_none()
                && (!self.shape.months_across
                    || self.shape.columns.values().any(|c| c.quarter().is_some() && c.year.is_none()))
        } else {
            self.year.is_none()
                && self.shape.months_across
                && !self.shape.columns.values().any(|c| matches!(c.key, Key::Month(Some(_), _)))
        };
        let refusal = if let Some(spans) = self.spans_without_parts() {
            Some(if by_quarter {
                (
                    format!("本表按季度填写，但“{spans}”所含的季度不全，不能得出各季度的数字"),
                    "请按季度（一季度、二季度……）逐季填写，或按月份填写后再放入",
                )
            } else {
                (
                    format!("本表按季度或半年填写（{spans}），不能得出各月的数字"),
                    "请按月份（1月、2月……）或按季度（一季度、二季度……）填写后再放入",
                )
            })
        } else if undated {
            let what = if by_quarter { "季度" } else { "月份" };
            Some((
                format!("{what}没有年份，标题、表名和文件名中也找不到年份"),
                "请在标题、表名或文件名中写明年份（如“2023年”）",
            ))
        } else {
            None
        };
        if let Some((why, what_to_do)) = refusal {
            // The whole table, in one message: never a guess at its months.
            let non_blank = self.data_rows().count() as u32;
            self.tally.ledger.rejected = non_blank;
            self.tally.ledger.blank = rows_below - non_blank;
            self.tally.finding(
                FindingKind::SheetRefused,
                Severity::Rejected,
                None,
                format!("{why}，整张表{non_blank}行未读取；{what_to_do}"),
            );
            return;
        }
        let mut expected = self.shape.last_row + 1;
        for row in self.data_rows() {
            self.tally.ledger.blank += row.index - expected;
            expected = row.index + 1;
            self.read_row(row);
        }
        self.tally.ledger.blank += self.tally.ledger.rows_total.saturating_sub(expected);
    }

    /// The label of a data row: the texts of its label columns (merged cells filled), joined.
    fn row_label(&self, row: &RawRow) -> String {
        self.label_parts(row).into_iter().map(|(_, t)| t).collect::<Vec<_>>().join(" ")
    }

    /// The texts of a row's label columns, by column (merged cells filled).
    fn label_parts(&self, row: &RawRow) -> Vec<(u32, String)> {
        self.shape
            .label_columns
            .iter()
            .filter_map(|c| match row.get(*c).or_else(|| self.sheet.get_filled(row.index, *c)) {
                Some(CellValue::Text(t)) => Some((*c, fold(t))),
                Some(CellValue::DateTime(d)) => Some((*c, format!("{}年{}月", d.year(), d.month()))),
                _ => None,
            })
            .collect()
    }

    /// A data row's label, an empty outer label column (专业) taking the value above it when an
    /// inner one (指标) is written: "规上工业 | 培训批次" then " | 培训人次".
    fn carried_label(&mut self, row: &RawRow) -> String {
        let parts = self.label_parts(row);
        let cols = &self.shape.label_columns;
        if cols.len() < 2 || parts.is_empty() {
            return parts.into_iter().map(|(_, t)| t).collect::<Vec<_>>().join(" ");
        }
        let innermost = *cols.last().expect("two or more");
        let mut out = Vec::new();
        for c in cols.iter().copied() {
            match parts.iter().find(|(pc, _)| *pc == c) {
                Some((_, t)) => {
                    if c != innermost {
                        self.carried.insert(c, t.clone());
                    }
                    out.push(t.clone());
                }
                None if c != innermost && parts.iter().any(|(pc, _)| *pc > c) => {
                    if let Some(t) = self.carried.get(&c) {
                        out.push(t.clone());
                    }
                }
                None => {}
            }
        }
        out.join(" ")
    }

    fn read_row(&mut self, row: &RawRow) {
        let first_text = row.cells.iter().find_map(|(_, v)| v.as_text()).unwrap_or("");
        if self.notes_to_end {
            self.tally.ledger.notes += 1;
            return;
        }
        // A footer has no figures in the month columns: a row labelled 单位负责人 (a 指标 such as
        // 单位负责人培训人次) with numbers is data.
        let has_figures =
            row.cells.iter().any(|(c, v)| self.shape.columns.contains_key(c) && matches!(parse_count(v), Ok(Some(_))));
        // Months (or quarters) down, every data row is a month's: a 填表人 line is a footer even
        // with a telephone number under a value column.
        if let Some(to_end) = footer(first_text).filter(|_| !has_figures || !self.shape.months_across) {
            self.tally.ledger.notes += 1;
            self.notes_to_end = to_end;
            return;
        }
        let label = self.carried_label(row);
        let values: Vec<(u32, &CellValue)> = row
            .cells
            .iter()
            .filter(|(c, v)| self.shape.columns.contains_key(c) && !v.as_text().is_some_and(means_nothing))
            .map(|(c, v)| (*c, v))
            .collect();
        if values.is_empty() {
            // A label with no figures, a title or a "单位：人次" line.
            if label.is_empty() {
                self.tally.ledger.blank += 1;
            } else {
                self.tally.ledger.notes += 1;
            }
            return;
        }
        let (parsed, errors) = parse_values(row, values);
        let row_key = if self.shape.months_across {
            Key::Label(label.clone())
        } else {
            // A month merged down over two rows (批次 | 人次 rows of one month) labels both.
            self.sheet
                .get_filled(row.index, self.shape.label_columns[0])
                .and_then(|v| month_of_row(v, self.shape.numeric_months).or_else(|| classify(v)))
                .unwrap_or(Key::Label(label.clone()))
        };
        let row_key = match row_key {
            Key::Label(t) if is_total(&key(&t)) => Key::Total(t),
            k => k,
        };
        // Any label cell of the row's own (not carried or merged down) beginning 其中 or # makes it a
        // part: "规上工业（merged） | 其中：线上培训人次".
        let is_part = self.shape.label_columns.iter().any(|c| {
            row.get(*c).and_then(CellValue::as_text).is_some_and(|t| {
                let k = key(t);
                k.starts_with("其中") || k.starts_with('#')
            })
        });
        if is_part {
            // 其中 rows are parts of the row above: never added in.
            self.tally.ledger.totals += 1;
            self.check_part(row, &label, &parsed);
            return;
        }
        match &row_key {
            Key::Total(t) => {
                let t = t.clone();
                self.tally.ledger.totals += 1;
                self.check_totals_row(row, &t, &parsed);
                return;
            }
            Key::Span(_, ms) if !(self.shape.by_quarter && quarter_of(ms).is_some()) => {
                // A quarter line between the months (its months are all in the table), or a
                // half-year line under its quarters: a check.
                self.tally.ledger.totals += 1;
                if self.shape.by_quarter {
                    let (label, ms) = (label.clone(), ms.clone());
                    self.check_span_row(row, &label, &ms, &parsed);
                }
                return;
            }
            _ => {}
        }
        // Months down: a row's figures belong to the month its label names; a row naming none (a
        // day, "3月15日"; nothing) is refused, its figures never dropped in silence.
        if !self.shape.by_quarter && !self.shape.months_across && !matches!(row_key, Key::Month(..)) {
            // A line of the year or of a span of it ("2023年", "2023年1-3月"), or one derived from
            // the months (上年同期, 同比增长%, 月均): no month's figures, never counted.
            let k = key(&label);
            let derived = ["年", "同期", "同比", "环比", "增长", "增减", "月均", "平均", "%", "％", "比重", "占比"];
            let a_day = matches!(
                crate::normalize::values::date_in_text(&label),
                Some(crate::normalize::values::DateValue::Day(_))
            );
            if !a_day && derived.iter().any(|w| k.contains(w)) {
                self.tally.ledger.totals += 1;
                return;
            }
            let cell = cell_name(row.index, self.shape.label_columns[0]);
            let why = if label.is_empty() {
                "这一行没有写明月份，其中的数不知属于哪个月".to_string()
            } else {
                format!("“{label}”不是月份（1月……12月），这一行的数不知属于哪个月")
            };
            self.reject(vec![RowError::at(cell, why)]);
            return;
        }
        // Quarters down: a row's figures belong to the quarter its label names, once; a row
        // naming none (a date, a month, nothing) or a quarter met before (two years stacked with
        // no year) is refused, its figures never dropped in silence or added twice.
        if self.shape.by_quarter && !self.shape.months_across {
            let quarter = match &row_key {
                Key::Span(_, ms) => quarter_of(ms),
                _ => None,
            };
            let cell = cell_name(row.index, self.shape.label_columns[0]);
            let why = match quarter {
                None if label.is_empty() => Some("这一行没有写明季度，其中的数不知属于哪个季度".to_string()),
                None => Some(format!("“{label}”不是季度（一季度……四季度），这一行的数不知属于哪个季度")),
                Some(q) if self.quarter_rows.contains(&q) => Some(format!(
                    "{}出现两次（可能是不同年份的数字），无法确定各属哪一年",
                    crate::model::period::quarter_name(q)
                )),
                Some(_) => None,
            };
            if let Some(why) = why {
                self.reject(vec![RowError::at(cell, why)]);
                return;
            }
        }
        if !errors.is_empty() {
            self.reject(errors);
            return;
        }
        match self.records_of_row(row, &row_key, &label, &parsed) {
            Ok(()) => {
                if let Key::Span(_, ms) = &row_key {
                    if let Some(q) = quarter_of(ms) {
                        self.quarter_rows.push(q);
                        for v in &parsed {
                            *self.sums_by_quarter.entry((v.col, q)).or_insert(0) += v.n;
                        }
                    }
                }
                self.counted(row, &label, &parsed)
            }
            Err(errors) => self.reject(errors),
        }
    }

    /// A 上半年 or 前三季度 row of a table kept by quarter, quarters down: each column against the
    /// sum of its quarters' rows above.
    fn check_span_row(&mut self, row: &RawRow, label: &str, months: &[u32], parsed: &[Value]) {
        let quarters: Vec<u32> = months.iter().filter(|m| *m % 3 == 0).map(|m| m / 3).collect();
        let mut diffs: Vec<(String, String)> = Vec::new();
        for v in parsed {
            let sum: i64 = quarters.iter().map(|q| self.sums_by_quarter.get(&(v.col, *q)).copied().unwrap_or(0)).sum();
            if sum != v.n {
                let cell = cell_name(row.index, v.col);
                diffs.push((cell.clone(), format!("{cell}为{}，各季度之和为{sum}", v.n)));
            }
        }
        if let Some((cell, _)) = diffs.first() {
            let text = diffs.iter().map(|(_, t)| t.as_str()).collect::<Vec<_>>().join("，");
            self.tally.finding(
                FindingKind::TotalsDisagree,
                Severity::Warning,
                Some(cell.clone()),
                format!("“{label}”行与明细不符：{text}（以各季度为准）"),
            );
        }
    }

    /// A data row whose records were taken: its figures added to the sums its totals are
    /// checked against, and its 合计 columns checked.
    fn counted(&mut self, row: &RawRow, label: &str, parsed: &[Value]) {
        self.tally.ledger.records += 1;
        self.rows_in_section += 1;
        self.last_row_values = parsed.iter().map(|v| (v.col, v.n)).collect();
        let unit = if self.shape.months_across { single(units_in(label)) } else { None };
        if !self.row_units.contains(&unit) {
            self.row_units.push(unit);
        }
        for v in parsed {
            *self.sums_all.entry((v.col, unit)).or_insert(0) += v.n;
            *self.sums_section.entry((v.col, unit)).or_insert(0) += v.n;
        }
        self.check_totals_columns(row, parsed);
    }

    fn reject(&mut self, errors: Vec<RowError>) {
        let cell = errors[0].cell.clone();
        // One reason once, with the cells it applies to: "D4、E4、F4：…".
        let mut reasons: Vec<(String, Vec<String>)> = Vec::new();
        for RowError { cell: c, message: m } in errors {
            match reasons.iter_mut().find(|(r, _)| *r == m) {
                Some((_, cells)) => cells.push(c),
                None => reasons.push((m, vec![c])),
            }
        }
        let message = reasons
            .into_iter()
            .map(|(m, cells)| if cells.len() > 1 { format!("{}：{m}", cells.join("、")) } else { m })
            .collect::<Vec<_>>()
            .join("；");
        self.tally.reject(cell, message);
    }

    /// The month, label and unit a value cell stands for.
    fn cell_meaning(&self, row_key: &Key, row_label: &str, col: u32) -> (Key, String, Option<Unit>) {
        let column = &self.shape.columns[&col];
        let (month_key, label) = if self.shape.months_across {
            (column.key.clone(), row_label.to_string())
        } else {
            let label = match &column.key {
                Key::Label(t) | Key::Total(t) | Key::Span(t, _) => t.clone(),
                Key::Month(..) => String::new(),
            };
            (row_key.clone(), label)
        };
        let unit = column
            .unit
            .or_else(|| single(units_in(&label)))
            .or_else(|| if self.shape.months_across { None } else { single(units_in(row_label)) })
            .or(self.sheet_unit);
        (month_key, label, unit)
    }

    fn records_of_row(
        &mut self,
        row: &RawRow,
        row_key: &Key,
        row_label: &str,
        parsed: &[Value],
    ) -> Result<(), Vec<RowError>> {
        // (month, specialty) → (批次, 人次, first cell) for training; checks are one record a cell.
        let mut training: BTreeMap<(u32, String), TrainingCells> = BTreeMap::new();
        let mut checks: Vec<(u32, String, Kind, i64, u32)> = Vec::new();
        let mut errors = Vec::new();
        let mut seen: Vec<(u32, String, Unit)> = Vec::new();
        for v in parsed {
            let column = &self.shape.columns[&v.col];
            let a_quarter = self.shape.by_quarter && column.quarter().is_some();
            if matches!(column.key, Key::Total(_)) || matches!(column.key, Key::Span(..)) && !a_quarter {
                continue; // 合计 and quarter columns are checks, handled with the row's totals
            }
            let (month_key, label, unit) = self.cell_meaning(row_key, row_label, v.col);
            let cell = cell_name(row.index, v.col);
            // The month, or a table kept by quarter's quarter as its first month.
            let (own_year, month) = match &month_key {
                Key::Month(y, m) => (*y, *m),
                Key::Span(_, ms) if self.shape.by_quarter => match quarter_of(ms) {
                    Some(q) => (if self.shape.months_across { column.year } else { None }, q * 3 - 2),
                    None => continue,
                },
                _ => continue,
            };
            let year = own_year.or(self.year);
            let Some(year) = year else {
                errors.push(RowError::at(cell, "月份没有年份，标题、表名和文件名中也找不到年份".into()));
                continue;
            };
            let Some(unit) = unit else {
                errors.push(RowError::at(
                    cell,
                    "无法确定这个数字的计量单位（批次、人次、家次、家或个）：请在表头或标题下写明，如“单位：人次”"
                        .into(),
                ));
                continue;
            };
            let kind = match self.kind_of(unit, &label) {
                Ok(k) => k,
                Err(why) => {
                    errors.push(RowError::at(cell, why.0));
                    continue;
                }
            };
            let Some(specialty) = self.specialty_of(&label, &cell) else {
                let what = if is_place_or_unit(&label) {
                    "是地名或单位名称，不是专业"
                } else {
                    "不是已知专业"
                };
                errors.push(RowError::at(
                    cell,
                    format!("无法确定专业：“{label}”{what}，表名、标题和文件名中也没有已知专业"),
                ));
                continue;
            };
            if let Err(why) = self.unit_fits(kind, unit, &specialty) {
                errors.push(RowError::at(cell, why.0));
                continue;
            }
            let date_key = year as u32 * 100 + month;
            // The same month twice in one row (two years' runs without a year over them) is
            // never added up: which year each is cannot be told.
            if seen.iter().any(|(k, s, u)| *k == date_key && *s == specialty && *u == unit) {
                let when = if self.shape.by_quarter {
                    crate::model::period::quarter_name((month - 1) / 3 + 1).to_string()
                } else {
                    format!("{month}月")
                };
                errors.push(RowError::at(
                    cell,
                    format!("同一行中{when}的{}出现两次（可能是不同年份的数字），无法确定各属哪一年", unit.label()),
                ));
                continue;
            }
            seen.push((date_key, specialty.clone(), unit));
            if let (Some(own), Some(sheet_year)) = (own_year, self.year) {
                if own != sheet_year && v.n != 0 {
                    self.off_year.0 += 1;
                    self.off_year.1.get_or_insert_with(|| cell.clone());
                    self.off_year.2 = sheet_year;
                }
            }
            if kind == Kind::Training {
                let e = training.entry((date_key, specialty)).or_insert((None, None, v.col));
                let slot = if unit == Unit::Batches { &mut e.0 } else { &mut e.1 };
                *slot = Some(slot.unwrap_or(0) + v.n);
            } else {
                checks.push((date_key, specialty, kind, v.n, v.col));
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        self.push_records(row, training, checks);
        Ok(())
    }

    /// The records of a row's figures, by (year·100 + month, specialty): a training's 批次 and
    /// 人次 together, each check figure on its own; months with nothing are no records.
    fn push_records(
        &mut self,
        row: &RawRow,
        training: BTreeMap<(u32, String), TrainingCells>,
        checks: Vec<(u32, String, Kind, i64, u32)>,
    ) {
        let by_quarter = self.shape.by_quarter;
        let date = |k: u32| {
            let first = NaiveDate::from_ymd_opt((k / 100) as i32, k % 100, 1).expect("month 1-12");
            if by_quarter {
                RecordDate::quarter(first)
            } else {
                RecordDate::month(first)
            }
        };
        for ((k, specialty), (batches, attendees, col)) in training {
            if batches.unwrap_or(0) == 0 && attendees.unwrap_or(0) == 0 {
                continue;
            }
            let side = self.sides.entry(specialty.clone()).or_insert((false, false));
            side.0 |= batches.is_some();
            side.1 |= attendees.is_some();
            let record = TrainingRecord {
                date: date(k),
                specialty: self.name(&specialty),
                batches: batches.unwrap_or(0),
                attendees: attendees.unwrap_or(0),
                topic: None,
                remarks: None,
                source: self.tally.provenance(row.index, Some(col)),
            };
            self.tally.out.training.push(record);
        }
        for (k, specialty, kind, n, col) in checks {
            if n == 0 {
                continue;
            }
            let record = CheckRecord {
                date: date(k),
                specialty: self.name(&specialty),
                unit: None,
                unit_id: None,
                category: None,
                partner: None,
                count: n,
                remarks: None,
                source: self.tally.provenance(row.index, Some(col)),
            };
            match kind {
                Kind::Enforcement => self.tally.out.enforcement.push(record),
                _ => self.tally.out.verification.push(record),
            }
        }
    }

    /// The kind of record a figure in `unit` under `label` is: a training's in 批次 or 人次, else a
    /// check, enforcement when the names or the label say 执法; Err when the sheet's names say
    /// another kind.
    fn kind_of(&self, unit: Unit, label: &str) -> Result<Kind, Unfit> {
        figure_kind(unit, self.name_kind, label).map_err(|named| {
            Unfit(format!("计量单位是{}，但表名或标题是{}表，无法确定是哪一类数字", unit.label(), named.label()))
        })
    }

    /// A month's 家 cannot be added over months (one unit may be checked in several), and a
    /// count in another unit than the specialty's is no figure of it.
    fn unit_fits(&self, kind: Kind, unit: Unit, specialty: &str) -> Result<(), Unfit> {
        if kind == Kind::Training {
            return Ok(());
        }
        let wanted = self.ctx.catalogue.verification_unit(specialty);
        let wanted = if kind == Kind::Enforcement { Unit::UnitVisits } else { wanted };
        if unit == Unit::Units || wanted == Unit::Units {
            return Err(Unfit(format!(
                "按月填写的“家”数不能跨月相加（同一家可能几个月都被核查），{specialty}的核查请提供逐条登记的台账"
            )));
        }
        if unit != wanted {
            return Err(Unfit(format!(
                "本表按{}填写，但{specialty}的核查按{}统计（见 tongji.toml），无法换算",
                unit.label(),
                wanted.label()
            )));
        }
        Ok(())
    }

    fn name(&self, specialty: &str) -> SpecialtyName {
        let known =
            self.ctx.catalogue.find(specialty) == Some(specialty) || self.fallback.as_deref() == Some(specialty);
        SpecialtyName {
            name: specialty.into(),
            known: known || !self.tally.unknown_specialties.contains_key(specialty),
        }
    }

    /// The specialty a row or column label names; a label that names only a unit or 指标
    /// ("培训人次") takes the sheet's; a label that names neither is kept as written, with a
    /// warning.
    fn specialty_of(&mut self, label: &str, cell: &str) -> Option<String> {
        // A specialty's whole name or alias ("规上工业", "贸易（人次）").
        if self.ctx.catalogue.is_name(label) {
            return self.ctx.catalogue.find(label).map(str::to_string);
        }
        // A row named after another sheet of the workbook (城关镇 over the sheet 城关镇, 工业园区
        // over the sheet 工业园区): the table sums that sheet, and is settled as a summary
        // (ingest/summaries.rs), never counted.
        if self.ctx.sheets.iter().any(|s| s == label && *s != self.sheet.name) {
            return Some(label.to_string());
        }
        // A place or a unit is never a specialty, even one whose name holds a specialty's word
        // (工业园区, 商贸城, 农业合作社): its figures are the sheet's specialty's, or the row is
        // refused.
        if is_place_or_unit(label) {
            return self.fallback.clone();
        }
        if let Some(found) = self.ctx.catalogue.find(label) {
            return Some(found.to_string());
        }
        let says_metric =
            !units_in(label).is_empty() || ["培训", "核查", "检查", "执法"].iter().any(|w| label.contains(w));
        if label.is_empty() || says_metric {
            return self.fallback.clone();
        }
        self.tally.unknown_specialties.entry(label.to_string()).or_insert_with(|| cell.to_string());
        Some(label.to_string())
    }

    /// 合计 / 小计 rows: each value column against the data rows above (all of them for 合计,
    /// since the last totals row for 小计).
    fn check_totals_row(&mut self, row: &RawRow, label: &str, parsed: &[Value]) {
        if self.tally.ledger.records == 0 {
            // 合计 on top: it totals the rows below, checked at the end.
            self.pending_total = Some((row.index, label.to_string(), parsed.iter().map(|v| (v.col, v.n)).collect()));
            return;
        }
        let sums = if key(label).contains("小计") { &self.sums_section } else { &self.sums_all };
        let stated: Vec<(u32, i64)> = parsed.iter().map(|v| (v.col, v.n)).collect();
        self.compare_totals(row.index, label, &stated, &sums.clone());
        self.sums_section.clear();
        self.rows_in_section = 0;
    }

    fn compare_totals(
        &mut self,
        row: u32,
        label: &str,
        stated: &[(u32, i64)],
        sums: &HashMap<(u32, Option<Unit>), i64>,
    ) {
        // The rows a 合计 line adds up: those of the unit its label names ("合计人次"), else all
        // rows when they share one unit; rows of 批次 and of 人次 mixed under a bare 合计 cannot
        // be added up, so nothing is checked.
        let unit = match single(units_in(label)) {
            Some(u) => Some(u),
            None if self.row_units.len() <= 1 => self.row_units.first().copied().flatten(),
            None => return,
        };
        let mut diffs = Vec::new();
        for (col, n) in stated {
            let sum = sums.get(&(*col, unit)).copied().unwrap_or(0);
            if sum != *n {
                diffs.push((cell_name(row, *col), *n, sum));
            }
        }
        if let Some((cell, ..)) = diffs.first().cloned() {
            let text = diffs.iter().map(|(c, s, m)| format!("{c}为{s}，明细之和为{m}")).collect::<Vec<_>>().join("，");
            self.tally.finding(
                FindingKind::TotalsDisagree,
                Severity::Warning,
                Some(cell),
                format!("“{label}”行与明细不符：{text}（以明细为准）"),
            );
        }
    }

    /// 合计 and quarter columns of a data row against its month cells of the same unit.
    fn check_totals_columns(&mut self, row: &RawRow, parsed: &[Value]) {
        let mut found = Vec::new();
        for v in parsed {
            let column = &self.shape.columns[&v.col];
            // Months across: 合计 sums the months, a quarter its months; months down: 合计 sums
            // the specialties of the month.
            // Kept by quarter: the quarters are the parts, 上半年 and 合计 their totals.
            let by_quarter = self.shape.by_quarter;
            let months: Option<Vec<u32>> = match &column.key {
                Key::Total(_) => None,
                Key::Span(..) if by_quarter && column.quarter().is_some() => continue,
                Key::Span(_, ms) if self.shape.months_across => Some(ms.clone()),
                _ => continue,
            };
            let within = |m: &u32| months.as_ref().is_none_or(|ms| ms.contains(m));
            let sum: i64 = parsed
                .iter()
                .filter(|w| {
                    let c = &self.shape.columns[&w.col];
                    c.unit == column.unit
                        && match &c.key {
                            Key::Month(_, m) => within(m),
                            Key::Span(_, qs) if by_quarter && c.quarter().is_some() => qs.iter().all(within),
                            Key::Label(_) => !self.shape.months_across,
                            _ => false,
                        }
                })
                .map(|w| w.n)
                .sum();
            if sum != v.n {
                let label = match &column.key {
                    Key::Total(t) | Key::Span(t, _) => t.clone(),
                    _ => String::new(),
                };
                let parts = match (self.shape.months_across, self.shape.by_quarter) {
                    (true, true) => "各季度",
                    (true, false) => "各月",
                    (false, _) => "各专业",
                };
                found.push((
                    cell_name(row.index, v.col),
                    format!("“{label}”列为{}，{parts}之和为{sum}（以{parts}为准）", v.n),
                ));
            }
        }
        for (cell, message) in found {
            self.tally.finding(FindingKind::TotalsDisagree, Severity::Warning, Some(cell), message);
        }
    }

    /// A 其中 row's values are parts of the row above: none may be larger.
    fn check_part(&mut self, row: &RawRow, label: &str, parsed: &[Value]) {
        let over: Vec<String> = parsed
            .iter()
            .filter(|v| self.last_row_values.get(&v.col).is_some_and(|whole| v.n > *whole))
            .map(|v| cell_name(row.index, v.col))
            .collect();
        if let Some(first) = over.first().cloned() {
            self.tally.finding(
                FindingKind::PartOverWhole,
                Severity::Warning,
                Some(first),
                format!("“{label}”是上一行的其中数，但{}大于上一行，请核对", over.join("、")),
            );
        }
    }

    fn finish(mut self) -> Ingested {
        if let Some((row, label, stated)) = self.pending_total.take() {
            let sums = self.sums_all.clone();
            self.compare_totals(row, &label, &stated, &sums);
        }
        self.tally.say_unknown_specialties();
        // (batches seen, attendees seen) of a specialty with only one of them: the unit it has, the
        // unit it lacks.
        for (want, has, lacks) in [((false, true), "人次", "批次"), ((true, false), "批次", "人次")] {
            let names: Vec<String> = self.sides.iter().filter(|(_, s)| **s == want).map(|(n, _)| n.clone()).collect();
            if !names.is_empty() {
                let names = names.join("、");
                self.tally.finding(
                    FindingKind::OneSideOnly,
                    Severity::Warning,
                    None,
                    format!("本表的{names}只有{has}、没有{lacks}：{lacks}按0计入，{lacks}合计不含本表的这些专业"),
                );
            }
        }
        if let (n @ 1.., Some(cell), year) = self.off_year.clone() {
            self.tally.finding(
                FindingKind::OffYear,
                Severity::Warning,
                Some(cell),
                if self.shape.by_quarter {
                    format!(
                        "{n}条记录的季度写明的年份与标题、表名或文件名中的{year}年不同，按季度写明的年份计入，请核对"
                    )
                } else {
                    format!(
                        "{n}条记录的月份写明的年份与标题、表名或文件名中的{year}年不同，按月份写明的年份计入，请核对"
                    )
                },
            );
        }
        if self.tally.ledger.kind.is_none() {
            self.tally.ledger.kind = if !self.tally.out.training.is_empty() {
                Some(Kind::Training)
            } else if !self.tally.out.enforcement.is_empty() {
                Some(Kind::Enforcement)
            } else if !self.tally.out.verification.is_empty() {
                Some(Kind::Verification)
            } else {
                None
            };
        }
        self.tally.ledger.layout = Some(if self.shape.by_quarter { "按季度汇总" } else { "按月汇总" });
        let fallback = self.fallback.take();
        self.tally.finish(fallback.as_deref())
    }
}

/// Why a figure cannot be a record of the kind or unit it would be (said at its cell).
struct Unfit(String);

/// A row's value cells read as counts, and the cells that are no count.
fn parse_values(row: &RawRow, values: Vec<(u32, &CellValue)>) -> (Vec<Value>, Vec<RowError>) {
    let mut parsed = Vec::new();
    let mut errors = Vec::new();
    for (col, v) in values {
        match parse_count(v) {
            Ok(Some(n)) => parsed.push(Value { col, n }),
            Ok(None) => {}
            Err(e) => {
                let why = match e {
                    CountError::Negative => "不能为负数",
                    CountError::Fraction => "不能为小数",
                    CountError::NotANumber => "不是数字",
                };
                errors.push(RowError::at(cell_name(row.index, col), format!("“{}”{why}", v.display())));
            }
        }
    }
    (parsed, errors)
}

fn single(units: Vec<Unit>) -> Option<Unit> {
    (units.len() == 1).then(|| units[0])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_labels() {
        for (t, want) in [
            ("1月", (None, 1)),
            ("01月", (None, 1)),
            ("1月份", (None, 1)),
            ("一月", (None, 1)),
            ("十二月", (None, 12)),
            ("十一月份", (None, 11)),
            ("2023年1月", (Some(2023), 1)),
            ("2023.01", (Some(2023), 1)),
            ("2023-1", (Some(2023), 1)),
            (" 3 月 ", (None, 3)),
        ] {
            assert_eq!(month_label(t), Some(want), "{t}");
        }
        for t in ["13月", "月", "2023年", "一季度", "1-3月", "2023.13", "上月"] {
            assert_eq!(month_label(t), None, "{t}");
        }
    }

    #[test]
    fn spans() {
        assert_eq!(span_label("一季度"), Some(vec![1, 2, 3]));
        assert_eq!(span_label("第四季度"), Some(vec![10, 11, 12]));
        assert_eq!(span_label("上半年"), Some((1..=6).collect()));
        assert_eq!(span_label("1-3月"), Some(vec![1, 2, 3]));
        assert_eq!(span_label("1—9月份"), Some((1..=9).collect()));
        assert_eq!(span_label("1－3季度"), Some((1..=9).collect()));
        assert_eq!(span_label("3月"), None);
    }

    #[test]
    fn quarters_questions_and_people() {
        assert_eq!(quarter_of(&span_label("Q3").unwrap()), Some(3));
        assert_eq!(quarter_of(&span_label("第一季度").unwrap()), Some(1));
        assert_eq!(quarter_of(&span_label("4季度").unwrap()), Some(4));
        assert_eq!(quarter_of(&span_label("10-12月").unwrap()), Some(4));
        assert_eq!(quarter_of(&span_label("上半年").unwrap()), None);
        assert_eq!(quarter_of(&span_label("2-4月").unwrap()), None);
        for t in ["Q5", "q12", "第5题", "第十题", "题6"] {
            assert!(numbers_questions(t), "{t}");
        }
        for t in ["存在问题", "备注", "Q", "全年"] {
            assert!(!numbers_questions(t), "{t}");
        }
        assert!(names_people("员工姓名") && !names_people("专业"));
    }

    #[test]
    fn units_named() {
        assert_eq!(units_in("单位：人次"), vec![Unit::PersonTimes]);
        assert_eq!(units_in("单位：家、人次"), vec![Unit::PersonTimes, Unit::Units]);
        assert_eq!(units_in("核查家次"), vec![Unit::UnitVisits]);
        assert_eq!(units_in("投资项目核查（个）"), vec![Unit::Items]);
        assert_eq!(units_in("培训人数（人次）"), vec![Unit::PersonTimes]);
        assert_eq!(units_in("住户调查家庭"), vec![]);
        assert_eq!(units_in("项目数"), vec![Unit::Items]);
        assert_eq!(units_in("规上工业"), vec![]);
    }
}
