//! Header rows: finding them and mapping their columns to fields by the aliases clerks use, and the
//! words the classifier weighs — a kind named in a sheet, file or folder name (and, for a table by
//! month, the kind its names give and the kind of each of its figures), a header that speaks of
//! meetings or trainings, a sign-in sheet's 姓名 and 签名 columns.

use crate::model::{CellValue, RawSheet};
use crate::model::{Kind, Unit};
use crate::normalize::text::key;
use crate::normalize::values::DateValue;

/// A column a log can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Seq,
    Date,
    Specialty,
    Batches,
    Attendees,
    Topic,
    Remarks,
    Unit,
    UnitId,
    Category,
    Partner,
    Count,
    Metric,
    Target,
    /// An attendee's name on a sign-in sheet (签到表): one row per person.
    Person,
    /// An activity's name (会议名称, 活动名称, 事项).
    Title,
    /// Who chaired a meeting (主持人).
    Host,
    /// Where it was held (地点).
    Place,
    /// How many took part in a meeting (参会人数): recorded, never counted as 人次.
    Participants,
}

impl Field {
    /// Measures are never filled from a merged region: a merged 人次 cell counts once.
    pub fn is_measure(self) -> bool {
        matches!(self, Field::Batches | Field::Attendees | Field::Count | Field::Target | Field::Participants)
    }
}

const SEQ: &[&str] = &["序号", "编号", "no", "no."];
const DATE: &[&str] =
    &["日期", "培训日期", "培训时间", "核查日期", "核查时间", "检查日期", "检查时间", "时间", "月份", "date", "month"];
const SPECIALTY: &[&str] = &["专业", "条线", "专业线", "科室", "specialty"];
const BATCHES: &[&str] = &["批次", "培训批次", "期数", "场次"];
const ATTENDEES: &[&str] = &[
    "人次",
    "参训人次",
    "培训人次",
    "参训人数",
    "培训人数",
    "人数",
    "参加人数",
    "参会人数",
    "到会人数",
    "学员人数",
    "实到人数",
    "培训总人数",
    "受训人数",
    "参训人员数",
    "实际人数",
];

/// Words of a planned or expected figure (计划参训人数, 应到人数, 目标家次): never the count.
const PLANNED: [&str; 6] = ["计划", "预计", "应到", "应参", "目标", "任务"];
const TOPIC: &[&str] = &["培训内容", "培训主题", "内容", "主题", "名称"];
const REMARKS: &[&str] = &["备注"];
const UNIT: &[&str] = &["单位名称", "企业名称", "核查对象", "检查对象", "对象名称", "项目名称", "调查对象"];
const UNIT_ID: &[&str] = &["统一社会信用代码", "信用代码", "组织机构代码", "单位代码", "项目代码"];
const CATEGORY: &[&str] = &["核查类型", "核查方式", "检查方式", "检查类型", "类型", "类别"];
const PARTNER: &[&str] = &["联合部门", "联合单位", "配合部门"];
const COUNT: &[&str] = &["数量", "家次", "核查家次", "核查数", "项目数", "核查项目数", "个数"];
const PERSON: &[&str] = &["姓名", "参训人员", "学员", "学员姓名", "参会人员", "参训人员姓名", "培训人员"];
const METRIC: &[&str] = &["指标", "指标名称"];
const ACTIVITY_DATE: &[&str] =
    &["日期", "时间", "会议时间", "会议日期", "活动时间", "活动日期", "月份", "date", "month"];
/// The columns that make a sheet an activity log: its kind (类别) or its name (会议名称).
const ACTIVITY_CATEGORY: &[&str] = &["类别", "会议类别", "会议类型", "活动类别", "活动类型", "类型"];
const ACTIVITY_TITLE: &[&str] =
    &["会议名称", "活动名称", "会议主题", "活动主题", "会议议题", "议题", "事项", "工作事项", "名称", "主题"];
const ACTIVITY_CONTENT: &[&str] = &["内容", "会议内容", "活动内容", "主要内容", "学习内容"];
const ACTIVITY_COUNT: &[&str] = &["次数", "数量"];
const PARTICIPANTS: &[&str] = &["参会人数", "参加人数", "到会人数", "出席人数", "参会人员数", "实到人数", "人数"];
const HOST: &[&str] = &["主持人", "主持"];
const PLACE: &[&str] = &["地点", "会议地点", "活动地点"];
const TARGET: &[&str] = &["年度目标", "全年目标", "目标", "目标值", "年度任务"];

/// The fields a sheet of each kind can have, with their aliases.
fn fields_of(kind: Kind) -> &'static [(Field, &'static [&'static str])] {
    match kind {
        Kind::Training => &[
            (Field::Seq, SEQ),
            (Field::Date, DATE),
            (Field::Specialty, SPECIALTY),
            (Field::Batches, BATCHES),
            (Field::Attendees, ATTENDEES),
            (Field::Topic, TOPIC),
            (Field::Remarks, REMARKS),
            (Field::Person, PERSON),
        ],
        Kind::Verification | Kind::Enforcement => &[
            (Field::Seq, SEQ),
            (Field::Date, DATE),
            (Field::Specialty, SPECIALTY),
            (Field::Unit, UNIT),
            (Field::UnitId, UNIT_ID),
            (Field::Category, CATEGORY),
            (Field::Partner, PARTNER),
            (Field::Count, COUNT),
            (Field::Remarks, REMARKS),
        ],
        Kind::Targets => &[
            (Field::Seq, SEQ),
            (Field::Specialty, SPECIALTY),
            (Field::Metric, METRIC),
            (Field::Target, TARGET),
            (Field::Remarks, REMARKS),
        ],
        Kind::Activity => &[
            (Field::Seq, SEQ),
            (Field::Date, ACTIVITY_DATE),
            (Field::Category, ACTIVITY_CATEGORY),
            (Field::Title, ACTIVITY_TITLE),
            (Field::Topic, ACTIVITY_CONTENT),
            (Field::Count, ACTIVITY_COUNT),
            (Field::Participants, PARTICIPANTS),
            (Field::Host, HOST),
            (Field::Place, PLACE),
            (Field::Remarks, REMARKS),
        ],
    }
}

/// How well a header text names a field: exactly (after normalising) or by containing an alias.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Fit {
    Contains(usize),
    Exact,
}

/// A 其中 column ("其中：女性人数", "#企业统计人员"): a part of the main count, never the count.
fn is_sub_count(text: &str) -> bool {
    let k = key(text);
    k.starts_with("其中") || k.starts_with('#')
}

/// The field a header cell names for this kind of sheet, if any.
fn match_field(kind: Kind, text: &str) -> Option<(Field, Fit)> {
    let k = key(text);
    if k.is_empty() || is_sub_count(text) {
        return None;
    }
    let planned = PLANNED.iter().any(|w| k.contains(w));
    let mut best: Option<(Field, Fit)> = None;
    for (field, aliases) in fields_of(kind) {
        if planned && matches!(field, Field::Batches | Field::Attendees | Field::Count | Field::Participants) {
            continue;
        }
        for alias in *aliases {
            let a = key(alias);
            let fit = if k == a {
                Fit::Exact
            } else if *field == Field::Person
                || (matches!(field, Field::Attendees | Field::Participants) && a == "人数")
            {
                // 客户姓名, 员工姓名 are not attendees, nor is 从业人员期末人数 a count of them: a
                // name column, and a bare 人数, only by their own words.
                continue;
            } else if k.contains(&a) {
                Fit::Contains(a.chars().count())
            } else {
                continue;
            };
            if best.is_none_or(|(_, b)| fit > b) {
                best = Some((*field, fit));
            }
        }
    }
    best
}

/// A sheet's header: where it is and which column holds which field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub kind: Kind,
    /// 0-based index of the (first) header row: rows above it are titles.
    pub first_row: u32,
    /// 0-based index of the last header row (records start below it).
    pub last_row: u32,
    /// (field, 0-based column), one column per field.
    pub columns: Vec<(Field, u32)>,
    /// True when the column of the date field is headed 月份/month: a bare 1–12 is a month.
    pub month_column: bool,
    /// 其中 columns: (0-based column, the header's text), parts of the main count.
    pub sub_counts: Vec<(u32, String)>,
    /// A header cell says 签名 or 签到: the sheet is signed, as a sign-in sheet is.
    pub signed: bool,
    /// Read as a sign-in sheet (set by the sheet reader, which knows the names).
    pub sign_in: bool,
    /// Count columns that fit a field as well as the one chosen (see [`map_row_with_ties`]).
    pub ties: Vec<(Field, u32)>,
    /// The date of every row, for a header without a date column whose title gives one
    /// ("2023年3月15日住户调查业务培训签到表"); set by the classifier.
    pub title_date: Option<DateValue>,
    /// A count split over columns under one merged heading ("参训人数" over 男 | 女) with no column
    /// of the whole: the field, the heading's columns and their sub-headings. Read as one of its
    /// parts it would be short in silence; the classifier refuses the sheet with its reason.
    pub split: Option<(Field, Vec<(u32, String)>)>,
}

impl Header {
    pub fn column(&self, field: Field) -> Option<u32> {
        self.columns.iter().find(|(f, _)| *f == field).map(|(_, c)| *c)
    }

    pub fn field_at(&self, col: u32) -> Option<Field> {
        self.columns.iter().find(|(_, c)| *c == col).map(|(f, _)| *f)
    }

    /// A sign-in sheet: one row per attendee (a 姓名 column), no 人次 column. `named` says the
    /// sheet's, title's or file's names speak of 签到, 培训 or a roster; without that, a 签名 or
    /// 签到 column must say it (a payroll or order list has a 姓名 column too).
    pub fn is_sign_in(&self, named: bool) -> bool {
        self.kind == Kind::Training
            && self.column(Field::Person).is_some()
            && self.column(Field::Attendees).is_none()
            && (named || self.signed)
    }
}

/// A count heading merged across columns with sub-headings under it ("参训人数" over 男 | 女 |
/// 合计): its column becomes the one whose sub-heading says the whole (合计, 小计, 总计, 共计);
/// without one, the parts are returned (see [`Header::split`]).
fn split_count(
    sheet: &RawSheet,
    row: u32,
    kind: Kind,
    columns: &mut [(Field, u32)],
) -> Option<(Field, Vec<(u32, String)>)> {
    for (field, col) in columns.iter_mut() {
        if !field.is_measure() || *field == Field::Participants {
            continue;
        }
        let Some(m) =
            sheet.merges.iter().find(|m| m.first_row == row && m.first_col == *col && m.last_col > m.first_col)
        else {
            continue;
        };
        // The merged heading must itself be the count ("参训人数"); one over fields of their own
        // ("培训情况" over 批次 | 人次) is a two-row header, not a split count.
        let heading = sheet.get(row, m.first_col).and_then(CellValue::as_text);
        if heading.and_then(|t| match_field(kind, t)).map(|(f, _)| f) != Some(*field) {
            continue;
        }
        let parts: Vec<(u32, String)> = (m.first_col..=m.last_col)
            .filter_map(|c| sheet.get(m.last_row + 1, c).and_then(CellValue::as_text).map(|t| (c, t.to_string())))
            .filter(|(_, t)| !is_sub_count(t))
            .collect();
        // Parts that are fields of their own (批次, 人次) are no parts of one count.
        if parts.len() < 2 || parts.iter().any(|(_, t)| match_field(kind, t).is_some_and(|(f, _)| f != *field)) {
            continue;
        }
        let whole = parts.iter().find(|(_, t)| ["合计", "小计", "总计", "共计"].iter().any(|w| key(t).contains(w)));
        match whole {
            Some((c, _)) => *col = *c,
            None => return Some((*field, parts)),
        }
    }
    None
}

/// Header rows are looked for in the first this many rows.
pub(crate) const HEADER_SEARCH_ROWS: u32 = 20;

/// Maps a row's cells to fields: the best-fitting column for each field, leftmost on ties.
/// A header cell mapped to a field: the field, its column, how well it fits, the cell's key.
type Mapped = (Field, u32, Fit, String);

fn map_row(sheet: &RawSheet, row: u32, kind: Kind) -> Vec<Mapped> {
    map_row_with_ties(sheet, row, kind).0
}

/// [`map_row`], and the count columns that fit as well as the one chosen: two 人次 columns
/// ("参训人数（上午）", "参训人数（下午）") cannot be told apart, and neither is guessed.
fn map_row_with_ties(sheet: &RawSheet, row: u32, kind: Kind) -> (Vec<Mapped>, Vec<(Field, u32)>) {
    let mut found: Vec<Mapped> = Vec::new();
    let mut ties: Vec<(Field, u32)> = Vec::new();
    let Some(r) = sheet.row(row) else {
        return (found, ties);
    };
    let cols: Vec<u32> = r.cells.iter().map(|(c, _)| *c).collect();
    for col in cols {
        let Some(CellValue::Text(text)) = sheet.get(row, col) else {
            continue;
        };
        if let Some((field, fit)) = match_field(kind, text) {
            match found.iter_mut().find(|(f, ..)| *f == field) {
                Some(existing) if existing.2 < fit => {
                    ties.retain(|(f, _)| *f != field);
                    *existing = (field, col, fit, key(text));
                }
                // Two 参会人数-like columns are recorded, never summed: the first is kept, no tie.
                Some(existing) if existing.2 == fit && field.is_measure() && field != Field::Participants => {
                    ties.push((field, col))
                }
                Some(_) => {}
                None => found.push((field, col, fit, key(text))),
            }
        }
    }
    (found, ties)
}

/// `sub_counts`: the row's 其中 columns, which count as known columns here (a sheet whose only
/// count is a 其中 column is found, and its rows are refused for want of the main count).
fn is_header_for(kind: Kind, fields: &[(Field, u32, Fit, String)], sub_counts: usize, dated: bool) -> bool {
    let has = |f: Field| fields.iter().any(|(x, ..)| *x == f);
    let known = fields.iter().filter(|(f, ..)| *f != Field::Seq).count() + sub_counts;
    match kind {
        Kind::Targets => has(Field::Specialty) && has(Field::Metric) && has(Field::Target),
        // A date and what the activity was: its kind, its name, or a 会议内容.
        Kind::Activity => {
            let content_of_meetings = fields.iter().any(|(f, _, _, k)| *f == Field::Topic && k.contains("会议"));
            known >= 2 && has(Field::Date) && (has(Field::Category) || has(Field::Title) || content_of_meetings)
        }
        _ if dated => known >= 2 && has(Field::Date),
        // The date is in the title: the header is what is left, at least two columns, or the names
        // of a sign-in sheet (序号 | 姓名 | 签名 under a dated title).
        _ => (known >= 2 || has(Field::Person)) && !has(Field::Date),
    }
}

/// Finds the header of a sheet of the given kind: the first row within the first 20 with at least
/// two known columns, one of them the date (for targets: specialty, metric and target). A second
/// header row right below it (a merged "培训情况" over "批次 | 人次") adds its fields.
pub fn find_header(sheet: &RawSheet, kind: Kind) -> Option<Header> {
    sheet.rows.iter().take_while(|r| r.index < HEADER_SEARCH_ROWS).find_map(|r| header_at(sheet, r.index, kind))
}

/// The 其中 columns of the header rows `first..=last`.
fn sub_counts(sheet: &RawSheet, first: u32, last: u32) -> Vec<(u32, String)> {
    let mut out: Vec<(u32, String)> = Vec::new();
    for r in first..=last {
        for (c, v) in sheet.row(r).map(|r| r.cells.as_slice()).unwrap_or_default() {
            if let CellValue::Text(t) = v {
                if is_sub_count(t) && !out.iter().any(|(x, _)| x == c) {
                    out.push((*c, t.clone()));
                }
            }
        }
    }
    out.sort_by_key(|(c, _)| *c);
    out
}

/// The header of the given kind whose (first) row is `row`, if that row is one.
fn header_at(sheet: &RawSheet, row: u32, kind: Kind) -> Option<Header> {
    header_dated_or_not(sheet, row, kind, true)
}

/// The header of a log without a date column, its rows dated by its title (see
/// `classify::undated`): the first row of the first [`HEADER_SEARCH_ROWS`] that maps at least
/// two columns of `kind` and no date column.
pub(super) fn find_undated_header(sheet: &RawSheet, kind: Kind) -> Option<Header> {
    sheet
        .rows
        .iter()
        .take_while(|r| r.index < HEADER_SEARCH_ROWS)
        .find_map(|r| header_dated_or_not(sheet, r.index, kind, false))
}

fn header_dated_or_not(sheet: &RawSheet, row: u32, kind: Kind, dated: bool) -> Option<Header> {
    let r = sheet.row(row)?;
    let (mut fields, ties) = map_row_with_ties(sheet, r.index, kind);
    if !is_header_for(kind, &fields, sub_counts(sheet, r.index, r.index).len(), dated) {
        return None;
    }
    let mut last_row = r.index;
    let below = map_row(sheet, r.index + 1, kind);
    let adds_fields = below.iter().any(|(f, ..)| !fields.iter().any(|(x, ..)| x == f));
    let below_has_numbers = sheet
        .row(r.index + 1)
        .is_some_and(|row| row.cells.iter().any(|(_, v)| matches!(v, CellValue::Number(_) | CellValue::DateTime(_))));
    // Texts only under headings merged across columns ("1月 | 2月 | 3月" under a merged
    // "从业人员期末人数"): the header's second row, though it names no field.
    let sub_heading = sheet.row(r.index + 1).is_some_and(|row| {
        !row.cells.is_empty()
            && row.cells.iter().all(|(c, v)| {
                v.as_text().is_some()
                    && sheet.merges.iter().any(|m| {
                        m.first_row == r.index && m.last_col > m.first_col && (m.first_col..=m.last_col).contains(c)
                    })
            })
    });
    if sub_heading && !adds_fields {
        last_row = r.index + 1;
    }
    if adds_fields && !below_has_numbers {
        last_row = r.index + 1;
        for (f, col, fit, k) in below {
            // The lower row is the more specific one ("批次" under "培训情况").
            fields.retain(|(x, c, ..)| *x != f && *c != col);
            fields.push((f, col, fit, k));
        }
    }
    let month_column = fields.iter().any(|(f, _, _, k)| *f == Field::Date && (k.contains("月份") || k == "month"));
    let mut columns: Vec<(Field, u32)> = fields.into_iter().map(|(f, c, ..)| (f, c)).collect();
    let split = split_count(sheet, r.index, kind, &mut columns);
    columns.sort_by_key(|(_, c)| *c);
    // A tie stands only against the column chosen in the end (a lower header row may have
    // settled it).
    let ties: Vec<(Field, u32)> =
        ties.into_iter().filter(|(f, c)| columns.iter().any(|(cf, cc)| cf == f && cc != c)).collect();
    let sub_counts = sub_counts(sheet, r.index, last_row);
    let signed = (r.index..=last_row).any(|i| {
        sheet.row(i).is_some_and(|row| {
            row.cells
                .iter()
                .any(|(_, v)| v.as_text().is_some_and(|t| key(t).contains("签名") || key(t).contains("签到")))
        })
    });
    Some(Header {
        kind,
        first_row: r.index,
        last_row,
        columns,
        month_column,
        sub_counts,
        signed,
        sign_in: false,
        ties,
        title_date: None,
        split,
    })
}

/// Words of a name that say a log of activities: 会议台账, 党建活动, 学习记录, 工作台账.
const ACTIVITY_WORDS: [&str; 5] = ["会议", "活动", "学习", "工作台账", "党建"];

/// The kind a sheet or file name says, by keyword. 目标 wins over the others ("培训目标" is a
/// targets sheet), then 培训, 执法, 核查/检查, 任务 ("核查任务" is a log of checks, "党建工作任务"
/// targets), and the activity words last ("会议台账": a 培训会议 is a training, an 执法检查工作台账
/// enforcement).
pub(crate) fn kind_from_name(name: &str) -> Option<Kind> {
    let k = key(name);
    if k.contains("目标") {
        Some(Kind::Targets)
    } else if k.contains("培训") {
        Some(Kind::Training)
    } else if k.contains("执法") {
        Some(Kind::Enforcement)
    } else if k.contains("核查") || k.contains("检查") {
        Some(Kind::Verification)
    } else if k.contains("任务") {
        Some(Kind::Targets)
    } else if ACTIVITY_WORDS.iter().any(|w| k.contains(w)) {
        Some(Kind::Activity)
    } else {
        None
    }
}

/// The kind a header says when the names say nothing: a 人次-like column → training; a unit
/// column or a count column → verification; 指标 and 目标 → targets.
pub fn find_header_any(sheet: &RawSheet) -> Option<Header> {
    if let Some(h) = find_header(sheet, Kind::Targets) {
        return Some(h);
    }
    let training = find_header(sheet, Kind::Training).filter(says_training);
    let check = find_header(sheet, Kind::Verification).filter(says_check);
    match (training, check) {
        (Some(t), Some(c)) => Some(if t.last_row <= c.last_row { t } else { c }),
        (t, c) => t.or(c),
    }
}

/// A training header by its columns alone: a 人次 column, or a 姓名 column with a 签名 column
/// (a sign-in sheet).
fn says_training(h: &Header) -> bool {
    h.column(Field::Attendees).is_some() || h.is_sign_in(false)
}

/// An activity header by its columns alone, when the names say nothing: a date and a column of
/// what the activity was — a name or kind saying 会议 / 活动 / 事项 (会议名称, 活动名称, 会议类型), or
/// a bare 类别 / 类型 whose cells are mostly categories of the activity catalogue (a 类别 of
/// 实地核查, 事假 or 差旅费 is no meeting) — and no column of another kind ([`other_kind_columns`]).
pub(crate) fn says_activity(sheet: &RawSheet, h: &Header, is_category: &dyn Fn(&str) -> bool) -> bool {
    let text = |f: Field| {
        h.column(f).and_then(|c| (h.first_row..=h.last_row).find_map(|r| sheet.get(r, c)?.as_text().map(key)))
    };
    let of_activity = |k: &str| ["会议", "活动"].iter().any(|w| k.contains(w)) || k == "工作事项";
    let named = [Field::Category, Field::Title, Field::Topic].iter().any(|f| text(*f).is_some_and(|k| of_activity(&k)));
    // A bare 类别 / 类型 / 事项 / 名称: its cells must mostly be the catalogue's categories.
    let categories = || {
        let Some(c) = h.column(Field::Category).or(h.column(Field::Title)) else { return false };
        let cells: Vec<&str> = sheet
            .rows
            .iter()
            .filter(|r| r.index > h.last_row)
            .filter_map(|r| r.get(c).and_then(CellValue::as_text))
            .take(30)
            .collect();
        !cells.is_empty() && cells.iter().filter(|t| is_category(t)).count() * 2 >= cells.len()
    };
    (named || categories()) && !other_kind_columns(sheet, h)
}

/// Whether the header rows of an activity header hold a column only another kind has: 批次, an
/// 人次 of trainees (参会人数 is a meeting's participants, not 人次), a unit or unit code, a 专业 /
/// 条线 column, a 联合部门, an attendee's 姓名 or a 签名 (a sign-in sheet, one row a person), or a
/// header saying 核查, 检查, 家次 or 培训. Such a sheet is not read as activities, whatever its name
/// says: a meeting ledger is never counted as trainings, nor a training log as meetings.
pub(crate) fn other_kind_columns(sheet: &RawSheet, h: &Header) -> bool {
    let training = header_at(sheet, h.first_row, Kind::Training);
    // The text of a column the activity header leaves unmapped (参会人员, 主持人签名 are a meeting's).
    let unmapped = |c: u32| {
        (h.field_at(c).is_none())
            .then(|| (h.first_row..=h.last_row).find_map(|r| sheet.get(r, c)?.as_text().map(key)))
            .flatten()
    };
    let attendees_list = |k: &String| ["参会", "出席", "列席"].iter().any(|w| k.contains(w));
    let trainees = training.as_ref().is_some_and(|t| {
        t.column(Field::Batches).is_some()
            || t.column(Field::Attendees).is_some_and(|c| h.field_at(c) != Some(Field::Participants))
            || t.column(Field::Person).and_then(unmapped).is_some_and(|k| !attendees_list(&k))
            || t.column(Field::Specialty).and_then(unmapped).is_some_and(|k| !k.contains("科室"))
            || signed_unmapped(sheet, h)
    });
    let check = header_at(sheet, h.first_row, Kind::Verification);
    let units = check.is_some_and(|v| {
        v.column(Field::Unit).is_some() || v.column(Field::UnitId).is_some() || v.column(Field::Partner).is_some()
    });
    trainees || units || header_says(sheet, h, &["核查", "检查", "家次", "培训"])
}

/// A 签名 / 签到 column the activity header does not map (a sign-in sheet's, not 主持人签名).
fn signed_unmapped(sheet: &RawSheet, h: &Header) -> bool {
    (h.first_row..=h.last_row).any(|r| {
        sheet.row(r).is_some_and(|row| {
            row.cells.iter().any(|(c, v)| {
                h.field_at(*c).is_none()
                    && v.as_text().is_some_and(|t| key(t).contains("签名") || key(t).contains("签到"))
            })
        })
    })
}

/// Whether a text of the header's rows contains one of `words`.
pub(crate) fn header_says(sheet: &RawSheet, h: &Header, words: &[&str]) -> bool {
    (h.first_row..=h.last_row).any(|r| {
        sheet.row(r).is_some_and(|row| {
            row.cells.iter().any(|(_, v)| v.as_text().is_some_and(|t| words.iter().any(|w| key(t).contains(w))))
        })
    })
}

/// Whether a header's rows speak of meetings (会议, 主持, 参会, 议题): such a sheet is never read as
/// a training for want of an activity header.
pub(crate) fn speaks_of_meetings(sheet: &RawSheet, h: &Header) -> bool {
    header_says(sheet, h, &["会议", "主持", "参会", "议题"])
}

/// A check header by its columns alone: a unit, a unit code or a count column.
fn says_check(h: &Header) -> bool {
    h.column(Field::Unit).is_some() || h.column(Field::UnitId).is_some() || h.column(Field::Count).is_some()
}

/// The header of any kind whose first row is `row` (a second table further down a sheet),
/// judged by its columns alone as [`find_header_any`] does.
pub(crate) fn header_at_any(sheet: &RawSheet, row: u32) -> Option<Header> {
    header_at(sheet, row, Kind::Targets)
        .or_else(|| header_at(sheet, row, Kind::Training).filter(says_training))
        .or_else(|| header_at(sheet, row, Kind::Verification).filter(says_check))
}

/// The kind a table by month's names say: the sheet's, then its title's (a table by month has no
/// header to say it), then the file's and the folders'. Never targets, and never an activity log:
/// an activity word in a name ("业务学习", a folder 工作台账) says nothing of its figures.
pub(super) fn table_by_month_kind(sheet_name: &str, title: &str, ctx: &super::SheetContext) -> Option<Kind> {
    kind_from_name(sheet_name)
        .or_else(|| kind_from_name(title))
        .or_else(|| kind_from_name(ctx.file_stem))
        .or_else(|| kind_from_name(ctx.dirs))
        .filter(|k| !matches!(k, Kind::Targets | Kind::Activity))
}

/// The kind of one figure of a table by month: a training's in 批次 or 人次; else a check,
/// enforcement when the table's names say so or the figure's label says 执法. Err gives the kind
/// the names say when the figure cannot be one (人次 in a 核查 table).
pub(super) fn figure_kind(unit: Unit, named: Option<Kind>, label: &str) -> Result<Kind, Kind> {
    let kind = match unit {
        Unit::Batches | Unit::PersonTimes => Kind::Training,
        _ if named == Some(Kind::Enforcement) || key(label).contains("执法") => Kind::Enforcement,
        _ => Kind::Verification,
    };
    match named {
        Some(named) if !(named == kind || (named == Kind::Verification && kind == Kind::Enforcement)) => Err(named),
        _ => Ok(kind),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(rows: &[&[&str]]) -> RawSheet {
        let mut cells = Vec::new();
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                cells.push((r as u32, c as u32, CellValue::from_text(v)));
            }
        }
        RawSheet::from_cells("s".into(), cells, vec![])
    }

    #[test]
    fn header_aliases_ignore_spaces_width_and_brackets() {
        assert_eq!(match_field(Kind::Training, "人次（人）").map(|m| m.0), Some(Field::Attendees));
        assert_eq!(match_field(Kind::Training, "批 次").map(|m| m.0), Some(Field::Batches));
        assert_eq!(match_field(Kind::Training, "参训人数(人)").map(|m| m.0), Some(Field::Attendees));
        assert_eq!(match_field(Kind::Training, "培训　日期").map(|m| m.0), Some(Field::Date));
        assert_eq!(match_field(Kind::Verification, "企业统一社会信用代码").map(|m| m.0), Some(Field::UnitId));
        assert_eq!(match_field(Kind::Verification, "核查项目数（个）").map(|m| m.0), Some(Field::Count));
        assert_eq!(match_field(Kind::Verification, "联合单位").map(|m| m.0), Some(Field::Partner));
        assert_eq!(match_field(Kind::Verification, "单位名称").map(|m| m.0), Some(Field::Unit));
        assert_eq!(match_field(Kind::Training, "单位名称").map(|m| m.0), Some(Field::Topic));
        assert_eq!(match_field(Kind::Training, "联系电话"), None);
    }

    #[test]
    fn header_below_title_rows() {
        let s = sheet(&[
            &["2023年规上工业统计业务培训情况表"],
            &["单位：人次"],
            &["序号", "培训日期", "培训内容", "批次", "参训人数（人）", "备注"],
            &["1", "2023-01-05", "年报", "1", "56"],
        ]);
        let h = find_header(&s, Kind::Training).unwrap();
        assert_eq!(h.last_row, 2);
        assert_eq!(h.column(Field::Date), Some(1));
        assert_eq!(h.column(Field::Attendees), Some(4));
        assert_eq!(h.column(Field::Seq), Some(0));
        assert_eq!(find_header(&s, Kind::Targets), None);
    }

    #[test]
    fn title_containing_a_keyword_is_not_a_header() {
        // One matching cell is not enough.
        let s = sheet(&[&["培训日期"], &["日期", "人次"]]);
        assert_eq!(find_header(&s, Kind::Training).unwrap().last_row, 1);
    }

    #[test]
    fn two_row_header() {
        let s =
            sheet(&[&["日期", "专业", "培训情况", ""], &["", "", "批次", "人次"], &["2023-01-05", "贸易", "1", "30"]]);
        let h = find_header(&s, Kind::Training).unwrap();
        assert_eq!(h.last_row, 1);
        assert_eq!(h.column(Field::Batches), Some(2));
        assert_eq!(h.column(Field::Attendees), Some(3));
        assert_eq!(h.column(Field::Date), Some(0));
    }

    #[test]
    fn header_not_beyond_row_20() {
        let mut rows: Vec<&[&str]> = vec![&["x"]; 20];
        rows.push(&["日期", "人次"]);
        assert_eq!(find_header(&sheet(&rows), Kind::Training), None);
    }

    #[test]
    fn sub_count_columns_are_never_the_count() {
        assert_eq!(match_field(Kind::Training, "其中：女性人数"), None);
        assert_eq!(match_field(Kind::Training, "其中企业统计人员"), None);
        let s = sheet(&[&["日期", "参训人数", "其中：女性人数"], &["2023-01-05", "30", "12"]]);
        let h = find_header(&s, Kind::Training).unwrap();
        assert_eq!(h.column(Field::Attendees), Some(1));
        assert_eq!(h.sub_counts, vec![(2, "其中：女性人数".to_string())]);
        // The only 人数 column is a 其中 column: no 人次 column, so no training header by columns.
        let only = sheet(&[&["日期", "其中：女性人数"], &["2023-01-05", "12"]]);
        assert_eq!(find_header(&only, Kind::Training).unwrap().column(Field::Attendees), None);
        assert_eq!(find_header_any(&only), None);
    }

    #[test]
    fn sign_in_sheet_header() {
        let s = sheet(&[
            &["序号", "培训日期", "培训内容", "姓名", "工作单位", "联系电话", "签名"],
            &["1", "2023-01-05", "年报", "张三", "某公司", "139", ""],
        ]);
        let h = find_header_any(&s).unwrap();
        assert_eq!(h.kind, Kind::Training);
        assert!(h.is_sign_in(false), "signed: a 签名 column");
        assert_eq!(h.column(Field::Person), Some(3));
        let log = sheet(&[&["日期", "负责人姓名", "人次"], &["2023-01-05", "张三", "30"]]);
        assert!(!find_header_any(&log).unwrap().is_sign_in(true));
        // A payroll or an order list: 员工姓名 / 客户姓名 are not attendees, and nothing is signed.
        let payroll = sheet(&[&["员工姓名", "入职日期", "本月应付工资"], &["AAA", "2020-08-27", "5334"]]);
        assert_eq!(find_header_any(&payroll), None);
        let unsigned = sheet(&[&["日期", "姓名", "工作单位"], &["2023-01-05", "张三", "某公司"]]);
        assert_eq!(find_header_any(&unsigned), None, "a 姓名 list needs a 签名 column or a name saying 培训/签到");
    }

    #[test]
    fn kinds_from_names() {
        assert_eq!(kind_from_name("贸易培训"), Some(Kind::Training));
        assert_eq!(kind_from_name("执法检查台账"), Some(Kind::Enforcement));
        assert_eq!(kind_from_name("名录库实地核查"), Some(Kind::Verification));
        assert_eq!(kind_from_name("2023年目标任务"), Some(Kind::Targets));
        assert_eq!(kind_from_name("培训目标"), Some(Kind::Targets));
        assert_eq!(kind_from_name("2023年会议台账"), Some(Kind::Activity));
        assert_eq!(kind_from_name("党建活动"), Some(Kind::Activity));
        assert_eq!(kind_from_name("办公室工作台账"), Some(Kind::Activity));
        assert_eq!(kind_from_name("培训会议签到"), Some(Kind::Training), "培训 before 会议");
        assert_eq!(kind_from_name("执法检查工作台账"), Some(Kind::Enforcement));
        assert_eq!(kind_from_name("2023年各专业业务台账"), None, "a 业务台账 is no 工作台账");
        assert_eq!(kind_from_name("Sheet1"), None);
    }

    #[test]
    fn kind_from_header_alone() {
        let t = sheet(&[&["日期", "专业", "人次"], &["2023-01-01", "贸易", "3"]]);
        assert_eq!(find_header_any(&t).unwrap().kind, Kind::Training);
        let v = sheet(&[&["日期", "企业名称"], &["2023-01-01", "某公司"]]);
        assert_eq!(find_header_any(&v).unwrap().kind, Kind::Verification);
        let g = sheet(&[&["专业", "指标", "年度目标"], &["贸易", "核查", "30"]]);
        assert_eq!(find_header_any(&g).unwrap().kind, Kind::Targets);
        let n = sheet(&[&["姓名", "电话"], &["张三", "123"]]);
        assert_eq!(find_header_any(&n), None);
        // A meeting ledger: 参会人数 is its participants, not 人次; says_activity (with the
        // catalogue, in the sheet reader) takes it before the training header could.
        let m = sheet(&[
            &["会议时间", "类别", "会议名称", "主持人", "参会人数"],
            &["2023-01-09", "党组会议", "第1次党组会议", "张三", "9"],
        ]);
        let h = find_header(&m, Kind::Activity).unwrap();
        assert_eq!((h.column(Field::Participants), h.column(Field::Title)), (Some(4), Some(2)));
        assert!(says_activity(&m, &h, &|_| false), "会议名称 says it without the catalogue");
        let bare = sheet(&[&["日期", "类别", "主持人"], &["2023-01-09", "党组会议", "张三"]]);
        let h = find_header(&bare, Kind::Activity).unwrap();
        assert!(says_activity(&bare, &h, &|t| t == "党组会议") && !says_activity(&bare, &h, &|_| false));
        // A training with 参训人数 and 培训主题 stays a training; a bare 名称 or 主题 says no activity.
        let t = sheet(&[&["日期", "培训主题", "参训人数"], &["2023-01-09", "年报", "30"]]);
        assert_eq!(find_header_any(&t).unwrap().kind, Kind::Training);
        let t = sheet(&[&["日期", "名称", "参加人数"], &["2023-01-09", "年报", "30"]]);
        assert_eq!(find_header_any(&t).unwrap().kind, Kind::Training);
    }
}
