//! The one place that decides what a sheet is (the words and columns it weighs are header.rs's),
//! before any of its rows is read: a log (one row per
//! training, check, inspection or activity), a sign-in sheet, a targets sheet, a table by month
//! (months across or down), nothing of a bureau's, or a sheet that cannot be read with certainty
//! and is refused with its reason. Whether checks are enforcement (执法) and whether a 姓名 list is
//! a sign-in sheet are decided here too, for the sheet's first table and for any further table
//! lower down.
//!
//! The order of the questions, each a rule a real ledger taught:
//! 1. the kind the names say (sheet, then file, then folders); a header of that kind, else any
//!    header (with a warning), else a meeting list that reads only as a training's is refused;
//! 2. with no names, an activity ledger by its columns, else any header;
//! 3. a table by month (or kept by quarter: 一季度 … 四季度 and no month), months across — tried
//!    before the log's header, which a "项目＼月份" corner could imitate, unless the months sit in
//!    that header;
//! 4. a table above the one the names ask for is read first;
//! 5. specialties across a header make a table by month, months (or quarters) down;
//! 6. no header: a table by month, months down, else refused (names say a kind) or passed over;
//! 7. the title may say the kind the names do not; checks under 执法 names are enforcement;
//! 8. two columns for one count: refused, never guessed;
//! 9. a 姓名 list is a sign-in sheet when signed or named so.

use super::by_month::{self, Shape};
use super::header::{
    find_header, find_header_any, find_undated_header, header_at_any, header_says, kind_from_name, other_kind_columns,
    says_activity, speaks_of_meetings, Field, Header,
};
use super::SheetContext;
use crate::model::{Finding, FindingKind, Kind, Location, RawSheet, Severity};
use crate::normalize::text::key;
use crate::normalize::values::{date_in_text, DateValue};

/// What a sheet is.
pub(super) enum Layout {
    /// No cells at all.
    Empty,
    /// A table by month: read cell by cell by [`by_month`].
    ByMonth(Shape),
    /// Rows under this header, its kind and whether it is a sign-in sheet decided: a log, a
    /// sign-in sheet, an activity ledger or a targets sheet.
    Rows(Header),
    /// A sheet that cannot be read with certainty: refused whole, with its reason.
    Refused(Refusal),
    /// Nothing a bureau's log would be: listed, its rows counted as unrecognized, no error.
    Unrecognized,
    /// The source of a dropdown or a lookup (下拉选项): short columns of specialty names, check
    /// methods or departments, no dates, no counts. Passed over by name, its rows notes, never
    /// refused: the clerk may not even see it (most are hidden).
    List,
}

/// Why a sheet is refused whole.
pub(super) enum Refusal {
    /// The names say a kind, but no header of any kind was found.
    NoHeader { kind: Kind },
    /// A sheet named as meetings whose header reads only as a training's (a 会议签到表 of 姓名
    /// and 签名): not counted as trainings, nor each signature as a meeting.
    MeetingOrTraining { kind: Kind },
    /// A count split over columns under one merged heading with no column of the whole: read as
    /// one part it would be short, and which parts make the whole is not guessed.
    SplitCount { header: Header, field: Field, parts: Vec<(u32, String)> },
    /// Two columns that both read as the one count column (批次, 人次, 数量): which one counts is
    /// not guessed.
    TwoColumns { header: Header, field: Field, columns: (u32, u32) },
    /// Tables of one kind side by side (their columns; the first one's kind): two logs, one log
    /// cut by a spacer column, or a log and its tally — which of them count is not guessed.
    AlikeSideBySide { blocks: Vec<(u32, u32)>, kind: Option<Kind> },
}

/// A sheet's layout, the kind its names say, and what was found while deciding (a header that
/// contradicts the names), to be listed before the findings of its rows.
pub(super) struct Classified {
    pub layout: Layout,
    pub name_kind: Option<Kind>,
    pub findings: Vec<Finding>,
}

/// Decides what `sheet` is; `beside` when it is one of the tables side by side on a sheet, whose
/// kind is its own header's (or its own title's), not the sheet's names'.
pub(super) fn classify(sheet: &RawSheet, ctx: &SheetContext, beside: bool) -> Classified {
    let mut findings = Vec::new();
    if sheet.rows.is_empty() {
        return Classified { layout: Layout::Empty, name_kind: None, findings };
    }
    let name_kind = ctx
        .has_sheets
        .then(|| kind_from_name(&sheet.name))
        .flatten()
        .or_else(|| kind_from_name(ctx.file_stem))
        .or_else(|| kind_from_name(ctx.dirs));
    let done = |layout| Classified { layout, name_kind, findings: Vec::new() };
    // A table beside others is found by its own header: the sheet's names say what one of them
    // is, and a header of that kind found in another's columns (日期 | 专业 of a verification log
    // read as a training's) would be the wrong one.
    let (header, meeting_or_training) = match name_kind.filter(|_| !beside) {
        Some(k) => match named_header(sheet, k) {
            Some(h) => (Some(h), false),
            None => other_header(sheet, ctx, k, &mut findings),
        },
        None => (activity_by_columns(sheet, ctx).or_else(|| find_header_any(sheet)), false),
    };
    // Summary tables by month are read cell by cell (a targets sheet never is); a log whose
    // header has months under a merged heading (从业人员人数 over 1月 2月 3月) stays a log. (A
    // warning about the log's header said above does not apply to a table by month.)
    // Neither is an activity log (its categories are no specialties); an activity word in a name
    // alone ("业务学习", a folder 工作台账) does not keep a table by month from being read as one.
    if name_kind != Some(Kind::Targets) && header.as_ref().is_none_or(|h| h.kind != Kind::Activity) {
        if let Some(shape) = by_month::months_across(sheet, ctx, header.as_ref()) {
            return done(Layout::ByMonth(if beside { shape.beside() } else { shape }));
        }
    }
    // A table above the one the names ask for (a training table over the 执法 table of an
    // 执法 file) is read first; the lower one is found as a further table.
    let header = header.map(|h| {
        let above =
            sheet.rows.iter().take_while(|r| r.index < h.first_row).find_map(|r| {
                header_at_any(sheet, r.index).filter(|a| a.kind != Kind::Targets && h.kind != Kind::Targets)
            });
        above.unwrap_or(h)
    });
    // A header naming specialties across ("月份 | 规上工业 | 贸易 | 合计人次") is a table by
    // month, months down, though 月份 and 合计人次 make it look like a log's.
    if let Some(h) = &header {
        if names_specialties_across(sheet, ctx, h) >= 2 && name_kind != Some(Kind::Targets) && h.kind != Kind::Activity
        {
            if let Some(shape) = by_month::months_down(sheet, ctx) {
                return done(Layout::ByMonth(if beside { shape.beside() } else { shape }));
            }
        }
    }
    let header = match header {
        Some(h) => Some(h),
        None if meeting_or_training => None,
        None => {
            if name_kind != Some(Kind::Targets) {
                if let Some(shape) = by_month::months_down(sheet, ctx) {
                    return done(Layout::ByMonth(if beside { shape.beside() } else { shape }));
                }
            }
            undated(sheet, name_kind)
        }
    };
    let Some(mut header) = header else {
        if is_list(sheet, ctx) {
            return done(Layout::List);
        }
        return done(match name_kind {
            Some(kind) if meeting_or_training => Layout::Refused(Refusal::MeetingOrTraining { kind }),
            Some(kind) => Layout::Refused(Refusal::NoHeader { kind }),
            None => Layout::Unrecognized,
        });
    };
    let mut title = title_text(sheet, header.first_row);
    // When the names say nothing, a title row may ("2023年统计执法检查情况"): a header of that
    // kind wins over the one guessed from the columns alone (and has its own rows above it).
    if name_kind.is_none() || beside {
        if let Some(title_kind) = kind_from_name(&title) {
            if title_kind != header.kind {
                if let Some(h) = named_header(sheet, title_kind) {
                    header = h;
                    title = title_text(sheet, header.first_row);
                }
            }
        }
    }
    let names_say_enforcement =
        [sheet_name_of(sheet, ctx), ctx.file_stem, ctx.dirs].iter().any(|t| key(t).contains("执法"));
    if header.kind == Kind::Verification
        && checks_are_enforcement(Table::First, kind_from_name(&title), name_kind, names_say_enforcement)
    {
        header.kind = Kind::Enforcement;
    }
    if let Some((field, parts)) = header.split.clone() {
        return Classified {
            layout: Layout::Refused(Refusal::SplitCount { header, field, parts }),
            name_kind,
            findings,
        };
    }
    if let Some((field, other)) = header.ties.first().copied() {
        let chosen = header.column(field).unwrap_or(0);
        let columns = (chosen.min(other), chosen.max(other));
        return Classified {
            layout: Layout::Refused(Refusal::TwoColumns { header, field, columns }),
            name_kind,
            findings,
        };
    }
    // A 姓名 list is a sign-in sheet when it is signed or its names say so ("培训签到表",
    // "参训人员名单"); otherwise its 姓名 column is no count, and its rows lack 人次.
    let named_sign_in = [sheet_name_of(sheet, ctx), title.as_str(), ctx.file_stem, ctx.dirs]
        .iter()
        .any(|t| ["签到", "培训", "名单", "参训", "学员"].iter().any(|w| t.contains(w)));
    header.sign_in = header.is_sign_in(named_sign_in);
    Classified { layout: Layout::Rows(header), name_kind, findings }
}

/// The header of a sheet whose names say `kind` but that has no header of that kind: any header,
/// with a warning; or none, and true, when a meeting list reads only as a training's.
fn other_header(
    sheet: &RawSheet,
    ctx: &SheetContext,
    kind: Kind,
    findings: &mut Vec<Finding>,
) -> (Option<Header>, bool) {
    let Some(h) = find_header_any(sheet) else { return (None, false) };
    if kind == Kind::Activity && meeting_list_of_a_training(sheet, ctx, &h) {
        return (None, true);
    }
    findings.push(Finding {
        kind: FindingKind::KindByHeader,
        severity: Severity::Warning,
        location: location(sheet, ctx),
        message: format!(
            "名称显示为{}表，但表头是{}表的样式，按{}表读取",
            kind.label(),
            h.kind.label(),
            h.kind.label()
        ),
    });
    (Some(h), false)
}

/// A log with no date column whose title gives the date of all its rows (a sign-in sheet titled
/// "2023年3月15日住户调查业务培训签到表", a one-session log under "时间：2023.3.15"): the header
/// without a date, the session's day on it. Only when the names or the title say the kind of log
/// (培训, 核查, 执法) and the header is of that kind; a training needs its counts (批次, 人次) or a
/// signed or 签到 list of names; and the rows above the header give one day, and one only (a
/// 填报日期 or 截至 date is no session's). A month alone, or a title of a summary (汇总, 截至, 累计,
/// 合计), dates nothing: such a sheet sums other rows, and read as a session's it would count them
/// twice. Not for targets or activities.
fn undated(sheet: &RawSheet, name_kind: Option<Kind>) -> Option<Header> {
    let kinds: &[Kind] = match name_kind {
        Some(k @ (Kind::Training | Kind::Verification | Kind::Enforcement)) => &[k],
        Some(_) => return None,
        None => &[Kind::Training, Kind::Verification],
    };
    for kind in kinds {
        let Some(mut found) = find_undated_header(sheet, *kind) else { continue };
        let title = title_text(sheet, found.first_row);
        let Some(said) = name_kind.or_else(|| kind_from_name(&title)) else { continue };
        let fits = said == found.kind || (said == Kind::Enforcement && found.kind == Kind::Verification);
        if !fits {
            continue;
        }
        let counted = found.column(Field::Attendees).is_some() || found.column(Field::Batches).is_some();
        let signed_list = found.column(Field::Person).is_some() && (found.signed || title.contains("签到"));
        if found.kind == Kind::Training && !counted && !signed_list {
            continue;
        }
        if ["汇总", "截至", "截止", "累计", "合计"].iter().any(|w| title.contains(w)) {
            return None;
        }
        found.title_date = Some(session_day(sheet, found.first_row)?);
        return Some(found);
    }
    None
}

/// Labels of dates above a header that are not the session's: when the sheet was filled in,
/// printed or reported, or up to when it counts.
const NOT_THE_SESSION: [&str; 9] = ["填表", "填报", "制表", "打印", "报送", "报出", "截至", "截止", "统计时间"];

/// The one full day the rows above a header give (labelled dates passed over); None when they
/// give none, only a month, or two different days.
fn session_day(sheet: &RawSheet, header_first_row: u32) -> Option<DateValue> {
    let mut days = std::collections::BTreeSet::new();
    for row in sheet.rows.iter().take_while(|r| r.index < header_first_row) {
        for text in row.cells.iter().filter_map(|(_, v)| v.as_text()) {
            let k = key(text);
            if NOT_THE_SESSION.iter().any(|w| k.contains(w)) {
                continue;
            }
            if let Some(DateValue::Day(d)) = date_in_text(text) {
                days.insert(d);
            }
        }
    }
    match days.len() {
        1 => days.into_iter().next().map(DateValue::Day),
        _ => None,
    }
}

/// Words a dropdown list offers besides the catalogues' names: check methods, yes and no.
const LIST_WORDS: [&str; 16] = [
    "实地核查",
    "电话核查",
    "书面核查",
    "现场核查",
    "网上核查",
    "双随机",
    "双随机检查",
    "专项检查",
    "联合检查",
    "日常检查",
    "重点检查",
    "是",
    "否",
    "有",
    "无",
    "其他",
];

/// A dropdown's source or a lookup list: texts only (no date, no count), in at most ten short
/// columns of at most five hundred rows, and most of them (below each column's first cell, which
/// may title it) names the catalogues, the list words or the departments know.
fn is_list(sheet: &RawSheet, ctx: &SheetContext) -> bool {
    if sheet.rows.len() > 500 {
        return false;
    }
    let mut columns: Vec<u32> = Vec::new();
    let (mut known, mut texts) = (0usize, 0usize);
    for row in &sheet.rows {
        for (c, v) in &row.cells {
            let Some(t) = v.as_text() else { return false };
            if t.chars().count() > 16 || date_in_text(t).is_some() || t.chars().any(|c| c.is_ascii_digit()) {
                return false;
            }
            if !columns.contains(c) {
                columns.push(*c); // the column's first cell may be its title ("专业", "核查方式")
                continue;
            }
            texts += 1;
            let k = key(t);
            let listed = ctx.catalogue.find(&k).is_some()
                || ctx.activities.find(&k).is_some()
                || LIST_WORDS.contains(&k.as_str())
                || crate::normalize::departments::Departments::default().known(&k).is_some();
            known += usize::from(listed);
        }
    }
    columns.len() <= 10 && texts >= 2 && known * 4 >= texts * 3
}

/// A further table lower down a sheet already being read, its header beginning at `row`: its
/// kind decided by the title above it (`title`, the note row just above) and the sheet's names,
/// as for the first table; its 姓名 list a sign-in sheet only when signed.
pub(super) fn further_table(
    sheet: &RawSheet,
    ctx: &SheetContext,
    row: u32,
    name_kind: Option<Kind>,
    title: &str,
) -> Option<Header> {
    let mut header = header_at_any(sheet, row)?;
    let names_say_enforcement = [sheet.name.as_str(), ctx.file_stem].iter().any(|t| key(t).contains("执法"));
    if header.kind == Kind::Verification
        && checks_are_enforcement(Table::Further, kind_from_name(title), name_kind, names_say_enforcement)
    {
        header.kind = Kind::Enforcement;
    }
    header.sign_in = header.is_sign_in(false);
    Some(header)
}

/// Which table of a sheet a header heads.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Table {
    /// The first: its title is the rows above it, its names the sheet's, file's and folders'.
    First,
    /// One further down: its title is the note row right above it, the nearest word on it, so
    /// the sheet's names count only when that title says no kind.
    Further,
}

/// Whether checks are statistical law-enforcement inspections (执法检查) rather than data
/// verifications: when the title says 执法, or the names say the enforcement kind, or they
/// mention 执法 (even where they say 培训 first: "执法检查和法治培训台账") and do not say 核查.
fn checks_are_enforcement(
    table: Table,
    title_kind: Option<Kind>,
    name_kind: Option<Kind>,
    names_say_enforcement: bool,
) -> bool {
    let by_names = name_kind == Some(Kind::Enforcement)
        || (name_kind != Some(Kind::Verification) && names_say_enforcement && title_kind.is_none());
    match table {
        Table::First => title_kind == Some(Kind::Enforcement) || by_names,
        Table::Further => title_kind == Some(Kind::Enforcement) || (title_kind.is_none() && by_names),
    }
}

/// A sheet named as meetings whose header speaks of meetings (or is a sign-in sheet) but reads
/// only as a training's, and where nothing says 培训 or has a training's own columns.
fn meeting_list_of_a_training(sheet: &RawSheet, ctx: &SheetContext, h: &Header) -> bool {
    let training_said = h.column(Field::Batches).is_some()
        || h.column(Field::Specialty).is_some()
        || [sheet.name.as_str(), ctx.file_stem, ctx.dirs, title_text(sheet, h.first_row).as_str()]
            .iter()
            .any(|t| key(t).contains("培训"))
        || header_says(sheet, h, &["培训"]);
    let signed = h.column(Field::Person).is_some() || h.signed;
    h.kind == Kind::Training && !training_said && (speaks_of_meetings(sheet, h) || signed)
}

/// How many cells of the header's first row outside its known columns are specialties' names.
fn names_specialties_across(sheet: &RawSheet, ctx: &SheetContext, h: &Header) -> usize {
    sheet
        .row(h.first_row)
        .map(|r| {
            r.cells
                .iter()
                .filter(|(c, v)| h.field_at(*c).is_none() && v.as_text().is_some_and(|t| ctx.catalogue.is_name(t)))
                .count()
        })
        .unwrap_or(0)
}

/// An activity header found by its columns alone (the names say nothing), its 类别 cells judged
/// against the activity catalogue.
fn activity_by_columns(sheet: &RawSheet, ctx: &SheetContext) -> Option<Header> {
    let h = find_header(sheet, Kind::Activity)?;
    says_activity(sheet, &h, &|t| ctx.activities.find(t).is_some()).then_some(h)
}

/// The header of the kind the names say. An activity header also needs its columns to be an
/// activity's only: a training log in a file called 工作台账 is still a training log.
fn named_header(sheet: &RawSheet, kind: Kind) -> Option<Header> {
    let h = find_header(sheet, kind)?;
    (kind != Kind::Activity || !other_kind_columns(sheet, &h)).then_some(h)
}

/// The sheet's name as the reader uses it ("" for a CSV, whose file name stands in).
pub(super) fn sheet_name_of<'s>(sheet: &'s RawSheet, ctx: &SheetContext) -> &'s str {
    if ctx.has_sheets {
        &sheet.name
    } else {
        ""
    }
}

/// The text of the rows above the header: titles, "单位：人次", fill-in dates.
pub(super) fn title_text(sheet: &RawSheet, header_first_row: u32) -> String {
    sheet
        .rows
        .iter()
        .take_while(|r| r.index < header_first_row)
        .flat_map(|r| r.cells.iter().filter_map(|(_, v)| v.as_text()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Where a finding about the whole sheet is.
fn location(sheet: &RawSheet, ctx: &SheetContext) -> Location {
    Location { file: ctx.file.to_string(), sheet: ctx.has_sheets.then(|| sheet.name.clone()), cell: None }
}
