//! Reading one sheet: its kind, header, year and specialty, then every row into a record, a
//! totals row, a note, a blank or a reject — so that the sheet's ledger balances.

use std::collections::{BTreeMap, HashMap};

use super::header::{find_header, find_header_any, header_at_any, kind_from_name, Field, Header};
use crate::model::Ingested;
use crate::model::{cell_name, CellValue, RawRow, RawSheet};
use crate::model::{
    ActivityRecord, CheckRecord, Finding, FindingKind, Kind, Location, Provenance, RecordDate, Severity, SheetLedger,
    SheetStatus, SpecialtyName, TargetMetric, TargetRecord, TrainingRecord,
};
use crate::normalize::catalogue::Catalogue;
use crate::normalize::text::{fold, key, key_is};
use crate::normalize::values::{find_year, means_nothing, parse_count, parse_date, CountError, DateError, DateValue};

/// What the sheet reader knows about where a sheet comes from.
pub struct SheetContext<'a> {
    /// The file's path relative to the input folder.
    pub file: &'a str,
    /// The file's name without its extension.
    pub file_stem: &'a str,
    /// The folders between the input folder and the file ("2022年/贸易").
    pub dirs: &'a str,
    /// False for a CSV file, whose only "sheet" is the file itself.
    pub has_sheets: bool,
    pub catalogue: &'a Catalogue,
    /// The categories of activities (会议台账): see [`crate::config::Config::activities`].
    pub activities: &'a Catalogue,
}

const TOTALS_WORDS: [&str; 4] = ["合计", "总计", "小计", "累计"];

struct Reader<'a> {
    sheet: &'a RawSheet,
    ctx: &'a SheetContext<'a>,
    /// The kind the sheet's, file's or folders' names say.
    name_kind: Option<Kind>,
    header: Header,
    context_year: Option<i32>,
    /// The specialty for rows whose 专业 cell is empty (or when there is no such column).
    fallback_specialty: Option<SpecialtyName>,
    /// The file and sheet names every record of the sheet shares.
    source: (std::sync::Arc<str>, std::sync::Arc<str>),
    out: Ingested,
    ledger: SheetLedger,
    /// Specialties written in the rows that match nothing: value → first cell.
    unknown_specialties: BTreeMap<String, String>,
    /// Activity categories that match nothing, kept as written: (category, first cell), in the
    /// order met.
    unknown_activities: Vec<(String, String)>,
    /// The specialty column's texts already matched against the catalogue (a log repeats a
    /// handful of names over thousands of rows).
    matched: HashMap<String, SpecialtyName>,
    /// Records whose year differs from the title's: (count, first cell).
    off_year: (u32, Option<String>),
    /// Sums for the totals cross-check: whole sheet, and since the last totals row.
    sums_sheet: Sums,
    sums_section: Sums,
    /// Records since the last totals row (or the table's start).
    section_records: u32,
    /// A 合计 above every record of its table (合计 right under the header): it totals the rows
    /// below it, and is checked at the next 合计 or the table's end against the records since
    /// (the table's sums when it was met are kept to take off).
    pending_total: Option<(RawRow, String, Sums)>,
    /// A 小计 above the records of its section: checked at the next totals row or block's end.
    pending_subtotal: Option<(RawRow, String)>,
    /// Records since the table's header.
    table_records: u32,
    /// The text of the last note row (a title above a further table names its kind or specialty).
    last_note: Option<String>,
    /// The keys of the header's texts, by column: a row holding the same texts repeats it.
    header_keys: HashMap<u32, Vec<String>>,
    /// Set below a 填表说明 / 说明： line: the rows under it are notes.
    notes_to_end: bool,
    /// The rows of a further table's header, up to this 0-based row, are passed over.
    header_until: Option<u32>,
    /// Sign-in sheets: the sessions seen (date, specialty, topic) and the names in each, with
    /// the row each name first appeared on.
    sessions: HashMap<(chrono::NaiveDate, String, String), HashMap<String, u32>>,
}

#[derive(Debug, Default, Clone, Copy)]
struct Sums {
    batches: i64,
    attendees: i64,
    count: i64,
}

impl Sums {
    fn minus(self, earlier: Sums) -> Sums {
        Sums {
            batches: self.batches - earlier.batches,
            attendees: self.attendees - earlier.attendees,
            count: self.count - earlier.count,
        }
    }
}

/// Reads one sheet: its records, its one ledger entry and its findings.
pub fn read_sheet(sheet: &RawSheet, ctx: &SheetContext) -> Ingested {
    let sheet_label = ctx.has_sheets.then(|| sheet.name.clone());
    let mut ledger = SheetLedger::new(ctx.file.to_string(), sheet_label.clone(), sheet.used_rows(), SheetStatus::Read);
    let mut out = Ingested::default();
    let location = |cell: Option<String>| Location { file: ctx.file.to_string(), sheet: sheet_label.clone(), cell };

    if sheet.rows.is_empty() {
        ledger.status = SheetStatus::Empty;
        out.ledger.push(ledger);
        return out;
    }

    // The kind: from the sheet name, else the file name, else the folders; the header decides
    // when the names say nothing, or say a kind whose header is not there.
    let name_kind = ctx
        .has_sheets
        .then(|| kind_from_name(&sheet.name))
        .flatten()
        .or_else(|| kind_from_name(ctx.file_stem))
        .or_else(|| kind_from_name(ctx.dirs));
    let mut meeting_or_training = false;
    let header = match name_kind {
        Some(k) => named_header(sheet, k).or_else(|| {
            let h = find_header_any(sheet)?;
            // A sheet named as meetings whose header speaks of meetings but reads only as a
            // training's (a 会议签到表 of 姓名 and 签名, a 参会人数 without 类别 or 会议名称) is
            // refused: it is not counted as trainings, nor each signature as a meeting.
            // Not when the header or a name says 培训 or has a training's own columns: a training
            // log is read as one, with the warning below.
            let training_said = h.column(Field::Batches).is_some()
                || h.column(Field::Specialty).is_some()
                || [sheet.name.as_str(), ctx.file_stem, ctx.dirs, title_text(sheet, h.first_row).as_str()]
                    .iter()
                    .any(|t| key(t).contains("培训"))
                || super::header::header_says(sheet, &h, &["培训"]);
            let signed = h.column(Field::Person).is_some() || h.signed;
            if k == Kind::Activity
                && h.kind == Kind::Training
                && !training_said
                && (super::header::speaks_of_meetings(sheet, &h) || signed)
            {
                meeting_or_training = true;
                return None;
            }
            out.findings.push(Finding {
                kind: FindingKind::KindByHeader,
                severity: Severity::Warning,
                location: location(None),
                message: format!(
                    "名称显示为{}表，但表头是{}表的样式，按{}表读取",
                    k.label(),
                    h.kind.label(),
                    h.kind.label()
                ),
            });
            Some(h)
        }),
        None => activity_by_columns(sheet, ctx).or_else(|| find_header_any(sheet)),
    };
    // Summary tables by month are read cell by cell (a targets sheet never is); a log whose
    // header has months under a merged heading (从业人员人数 over 1月 2月 3月) stays a log. (A
    // warning about the log's header said above does not apply to a table by month.)
    // Neither is an activity log (its categories are no specialties); an activity word in a name
    // alone ("业务学习", a folder 工作台账) does not keep a table by month from being read as one.
    if name_kind != Some(Kind::Targets) && header.as_ref().is_none_or(|h| h.kind != Kind::Activity) {
        if let Some(out) = super::by_month::read_months_across(sheet, ctx, header.as_ref()) {
            return out;
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
        let specialties = sheet
            .row(h.first_row)
            .map(|r| {
                r.cells
                    .iter()
                    .filter(|(c, v)| h.field_at(*c).is_none() && v.as_text().is_some_and(|t| ctx.catalogue.is_name(t)))
                    .count()
            })
            .unwrap_or(0);
        if specialties >= 2 && name_kind != Some(Kind::Targets) && h.kind != Kind::Activity {
            if let Some(out) = super::by_month::read_months_down(sheet, ctx) {
                return out;
            }
        }
    }
    let Some(mut header) = header else {
        if name_kind != Some(Kind::Targets) {
            if let Some(out) = super::by_month::read_months_down(sheet, ctx) {
                return out;
            }
        }
        let non_blank = sheet.rows.len() as u32;
        ledger.blank = ledger.rows_total - non_blank;
        match name_kind {
            Some(k) => {
                ledger.kind = Some(k);
                ledger.status = SheetStatus::NoHeader;
                ledger.rejected = non_blank;
                let message = if meeting_or_training {
                    format!(
                        "表名或文件名是会议（活动）台账，表头也说到会议，但只有培训台账的列（如参会人数、姓名、签名），没有“类别”或“会议名称”列，无法确定是会议还是培训，整张表{non_blank}行未读取；会议台账请加“类别”或“会议名称”列，培训签到表请在表名或文件名中写明“培训”"
                    )
                } else {
                    format!(
                        "未找到表头：前{}行中没有{}，整张表{}行未读取",
                        super::header::HEADER_SEARCH_ROWS,
                        header_requirement(k),
                        non_blank
                    )
                };
                out.findings.push(Finding {
                    kind: FindingKind::SheetRefused,
                    severity: Severity::Rejected,
                    location: location(None),
                    message,
                });
            }
            None => {
                ledger.status = SheetStatus::Unrecognized;
                ledger.unrecognized = non_blank;
            }
        }
        out.ledger.push(ledger);
        return out;
    };
    // When the names say nothing, a title row may ("2023年统计执法检查情况"): a header of that
    // kind wins over the one guessed from the columns alone.
    if name_kind.is_none() {
        if let Some(title_kind) = kind_from_name(&title_text(sheet, header.first_row)) {
            if title_kind != header.kind {
                if let Some(h) = named_header(sheet, title_kind) {
                    header = h;
                }
            }
        }
    }
    // Checks are enforcement when the title says 执法, or the names do (even where they say
    // 培训 first: "执法检查和法治培训台账").
    let title_kind = kind_from_name(&title_text(sheet, header.first_row));
    let names_say_enforcement =
        [sheet_name_of(sheet, ctx), ctx.file_stem, ctx.dirs].iter().any(|t| key(t).contains("执法"));
    if header.kind == Kind::Verification
        && (title_kind == Some(Kind::Enforcement)
            || name_kind == Some(Kind::Enforcement)
            || (title_kind.is_none() && names_say_enforcement && name_kind != Some(Kind::Verification)))
    {
        header.kind = Kind::Enforcement;
    }
    // Two columns that both read as the 人次 (批次, 数量) column: which one counts is not guessed.
    if let Some((field, other)) = header.ties.first().copied() {
        let chosen = header.column(field).unwrap_or(0);
        let name = |c: u32| {
            let text = sheet.get_filled(header.first_row, c).or_else(|| sheet.get_filled(header.last_row, c));
            format!("{}列“{}”", crate::model::column_name(c), text.map(|v| v.display()).unwrap_or_default())
        };
        let label = match field {
            Field::Batches => "批次",
            Field::Attendees => "人次",
            _ => "数量",
        };
        let non_blank = sheet.rows.iter().filter(|r| r.index > header.last_row).count() as u32;
        ledger.kind = Some(header.kind);
        ledger.header_row = Some(header.last_row + 1);
        ledger.header_rows = header.last_row + 1;
        ledger.rejected = non_blank;
        ledger.blank = ledger.rows_total - ledger.header_rows - non_blank;
        out.findings.push(Finding {
            kind: FindingKind::SheetRefused,
            severity: Severity::Rejected,
            location: location(None),
            message: format!(
                "{}和{}都像{label}列，无法确定以哪一列为准，整张表{non_blank}行未读取；请只保留一列{label}，或把另一列改名（如“其中：…”“计划…”）",
                name(chosen.min(other)),
                name(chosen.max(other))
            ),
        });
        out.ledger.push(ledger);
        return out;
    }
    ledger.kind = Some(header.kind);
    // A 姓名 list is a sign-in sheet when it is signed or its names say so ("培训签到表",
    // "参训人员名单"); otherwise its 姓名 column is no count, and its rows lack 人次.
    let title_for_names = title_text(sheet, header.first_row);
    let named_sign_in = [sheet_name_of(sheet, ctx), title_for_names.as_str(), ctx.file_stem, ctx.dirs]
        .iter()
        .any(|t| ["签到", "培训", "名单", "参训", "学员"].iter().any(|w| t.contains(w)));
    header.sign_in = header.is_sign_in(named_sign_in);
    ledger.layout = header.sign_in.then_some("签到表");
    ledger.header_row = Some(header.last_row + 1);
    ledger.header_rows = header.last_row + 1;

    let title = title_text(sheet, header.first_row);
    let sheet_name = if ctx.has_sheets { sheet.name.as_str() } else { "" };
    let context_year = find_year(&title)
        .or_else(|| find_year(sheet_name))
        .or_else(|| find_year(ctx.file_stem))
        .or_else(|| find_year(ctx.dirs));
    let fallback_specialty = [sheet_name, &title, ctx.file_stem, ctx.dirs]
        .iter()
        .find_map(|t| ctx.catalogue.find(t))
        .map(|n| SpecialtyName { name: n.into(), known: true })
        .or_else(|| (header.kind == Kind::Enforcement).then(|| SpecialtyName { name: "执法".into(), known: true }));

    let mut reader = Reader {
        sheet,
        ctx,
        name_kind,
        header,
        context_year,
        fallback_specialty,
        source: (ctx.file.into(), if ctx.has_sheets { sheet.name.as_str().into() } else { ctx.file_stem.into() }),
        out,
        ledger,
        unknown_specialties: BTreeMap::new(),
        unknown_activities: Vec::new(),
        matched: HashMap::new(),
        off_year: (0, None),
        sums_sheet: Sums::default(),
        sums_section: Sums::default(),
        section_records: 0,
        pending_total: None,
        pending_subtotal: None,
        table_records: 0,
        last_note: None,
        header_keys: HashMap::new(),
        notes_to_end: false,
        header_until: None,
        sessions: HashMap::new(),
    };
    reader.header_keys = header_keys(sheet, &reader.header);
    reader.read_rows();
    reader.finish()
}

/// An activity header found by its columns alone (the names say nothing), its 类别 cells judged
/// against the activity catalogue.
fn activity_by_columns(sheet: &RawSheet, ctx: &SheetContext) -> Option<Header> {
    let h = find_header(sheet, Kind::Activity)?;
    super::header::says_activity(sheet, &h, &|t| ctx.activities.find(t).is_some()).then_some(h)
}

/// The header of the kind the names say. An activity header also needs its columns to be an
/// activity's only: a training log in a file called 工作台账 is still a training log.
fn named_header(sheet: &RawSheet, kind: Kind) -> Option<Header> {
    let h = find_header(sheet, kind)?;
    (kind != Kind::Activity || !super::header::other_kind_columns(sheet, &h)).then_some(h)
}

/// The keys of the texts in a header's rows, by column.
fn header_keys(sheet: &RawSheet, header: &Header) -> HashMap<u32, Vec<String>> {
    let mut out: HashMap<u32, Vec<String>> = HashMap::new();
    for r in header.first_row..=header.last_row {
        for (c, v) in sheet.row(r).map(|r| r.cells.as_slice()).unwrap_or_default() {
            if let CellValue::Text(t) = v {
                let k = key(t);
                if !k.is_empty() {
                    out.entry(*c).or_default().push(k);
                }
            }
        }
    }
    out
}

/// Words a footer row begins with (填表人：张三 | 填表日期：2023年10月8日): the whole row is a note,
/// whatever its other cells hold.
const FOOTER_WORDS: [&str; 22] = [
    "填表人",
    "制表人",
    "审核人",
    "复核人",
    "填报人",
    "负责人",
    "单位负责人",
    "统计负责人",
    "部门负责人",
    "分管领导",
    "联系电话",
    "联系人",
    "填表日期",
    "报出日期",
    "填报日期",
    "制表日期",
    "报送日期",
    "填报单位",
    "填表单位",
    "附注",
    "填表说明",
    "制表单位",
];

/// Whether a row's first text begins a footer; `Some(true)` when the rows below it are notes too
/// (填表说明, 说明：).
pub(super) fn footer(first_text: &str) -> Option<bool> {
    // Most rows begin with a date, a number or a name: the key is only built for the few that
    // begin as a footer word does.
    const FIRST: &str = "填制审复负单统部分联报附注说备";
    let first = first_text.trim_start().chars().next()?;
    if !FIRST.contains(first) {
        return None;
    }
    let k = key(first_text);
    if k.starts_with("填表说明") {
        return Some(true);
    }
    // 说明 and 注 begin so many words ("注册", "说明会") that only "说明：", "注：", "注1." count.
    let labelled = |word: &str| {
        k.strip_prefix(word).is_some_and(|rest| {
            rest.is_empty()
                || rest.starts_with([':', '：', '、', '.', '．'])
                || rest.starts_with(|c: char| c.is_ascii_digit())
        })
    };
    if labelled("说明") {
        return Some(true);
    }
    if labelled("注") || labelled("备注") {
        return Some(false);
    }
    FOOTER_WORDS.iter().any(|w| k.starts_with(w)).then_some(false)
}

/// A date cell or an attempt at one: a date, a serial or yyyymmdd number, or a text with digits
/// and 年, 月, 日, '-' or '/' ("2023年4月31日" is an attempt, "1." and "2、" are not).
fn looks_like_date(v: &CellValue, context_year: Option<i32>) -> bool {
    match v {
        CellValue::DateTime(_) => true,
        CellValue::Number(_) => parse_date(v, context_year, false).is_ok(),
        // Mostly a date: no more than one character besides digits and date marks, so a note
        // "培训日期按“2023年9月20日”格式填写" is no attempt at a date.
        CellValue::Text(t) => {
            let datey = |c: char| c.is_ascii_digit() || matches!(c, '年' | '月' | '日' | '号' | '-' | '/' | '.' | ' ');
            t.chars().any(|c| c.is_ascii_digit())
                && t.chars().any(|c| matches!(c, '年' | '月' | '日' | '-' | '/'))
                && t.chars().filter(|c| !datey(*c)).count() <= 1
        }
        _ => false,
    }
}

/// The sheet's name as the reader uses it ("" for a CSV, whose file name stands in).
fn sheet_name_of<'s>(sheet: &'s RawSheet, ctx: &SheetContext) -> &'s str {
    if ctx.has_sheets {
        &sheet.name
    } else {
        ""
    }
}

/// The text of the rows above the header: titles, "单位：人次", fill-in dates.
fn title_text(sheet: &RawSheet, header_first_row: u32) -> String {
    sheet
        .rows
        .iter()
        .take_while(|r| r.index < header_first_row)
        .flat_map(|r| r.cells.iter().filter_map(|(_, v)| v.as_text()))
        .collect::<Vec<_>>()
        .join(" ")
}

fn header_requirement(kind: Kind) -> &'static str {
    match kind {
        Kind::Targets => "同时含“专业”“指标”“年度目标”列的行",
        Kind::Activity => "含“日期”列及“类别”或“会议名称”“活动名称”列的行",
        _ => "含“日期”列及至少另一个已知列的行",
    }
}

fn count_error_text(e: &CountError) -> &'static str {
    match e {
        CountError::Negative => "不能为负数",
        CountError::Fraction => "不能为小数",
        CountError::NotANumber => "不是数字",
    }
}

impl Reader<'_> {
    fn location(&self, cell: Option<String>) -> Location {
        Location { file: self.ctx.file.to_string(), sheet: self.ctx.has_sheets.then(|| self.sheet.name.clone()), cell }
    }

    fn provenance(&self, row: u32) -> Provenance {
        Provenance { file: self.source.0.clone(), sheet: self.source.1.clone(), row: row + 1, col: None }
    }

    fn read_rows(&mut self) {
        let first = self.header.last_row + 1;
        let total = self.ledger.rows_total;
        let start = self.sheet.rows.partition_point(|r| r.index < first);
        let mut expected = first;
        for row in &self.sheet.rows[start..] {
            self.ledger.blank += row.index - expected;
            expected = row.index + 1;
            if self.header_until.is_some_and(|last| row.index <= last) {
                self.ledger.repeated_headers += 1;
                continue;
            }
            self.header_until = None;
            self.read_row(row);
        }
        self.ledger.blank += total.saturating_sub(expected);
        self.resolve_pending_total();
    }

    /// A row holding the header's own texts in the header's columns (at least two): a month
    /// block pasted under another repeats the header above its rows.
    fn is_repeated_header(&self, row: &RawRow) -> bool {
        if row.cells.len() < 2 {
            return false;
        }
        row.cells.iter().all(|(c, v)| match v {
            CellValue::Text(t) => self.header_keys.get(c).is_some_and(|keys| keys.iter().any(|k| key_is(t, k))),
            _ => false,
        })
    }

    /// Below 填表说明 every row is a note, unless its date cell holds a date, or an attempt at one
    /// ("2023年4月31日"), among other cells (a table that goes on under a one-line 说明): then
    /// the table is read again, and a bad date is rejected, not lost among the notes.
    fn looks_like_record(&self, row: &RawRow) -> bool {
        let Some(col) = self.header.column(Field::Date) else { return false };
        row.cells.len() >= 2 && row.get(col).is_some_and(|v| looks_like_date(v, self.context_year))
    }

    /// A row that begins with a footer word is a record only when it reads as one: a date of its
    /// own (or merged down from above) in another column, and a count, a unit or an attendee's
    /// name in a column of its own. "单位负责人统计法培训 | 2023-05-10 | 1 | 70" is a training;
    /// "制表人：王五 | 填表日期： | 2023-09-28" is a footer, its date notwithstanding.
    fn reads_as_record(&self, row: &RawRow, first_text: &str) -> bool {
        let text_col = row.cells.iter().find(|(_, v)| v.as_text() == Some(first_text)).map(|(c, _)| *c);
        let dated = self.value(row, Field::Date).is_some_and(|(c, v)| {
            Some(c) != text_col && parse_date(v, self.context_year, self.header.month_column).is_ok()
        });
        let counted = [Field::Attendees, Field::Batches, Field::Count].iter().any(|f| {
            self.header.column(*f).is_some_and(|c| {
                Some(c) != text_col && row.get(c).is_some_and(|v| matches!(parse_count(v), Ok(Some(_))))
            })
        });
        // A name that is itself a footer label ("填表日期：") names nothing.
        let named = [Field::Unit, Field::UnitId, Field::Person].iter().any(|f| {
            self.header.column(*f).is_some_and(|c| {
                Some(c) != text_col && row.get(c).is_some_and(|v| v.as_text().is_none_or(|t| footer(t).is_none()))
            })
        });
        dated && (counted || named)
    }

    fn read_row(&mut self, row: &RawRow) {
        if self.notes_to_end {
            if !self.looks_like_record(row) {
                self.ledger.notes += 1;
                return;
            }
            self.notes_to_end = false;
        }
        let seq = self.header.column(Field::Seq);
        // Blank: nothing, or only a 序号.
        if row.cells.iter().all(|(c, v)| Some(*c) == seq && matches!(v, CellValue::Number(_)))
            || row.cells.iter().all(|(c, v)| {
                Some(*c) == seq && v.as_text().is_some_and(|t| fold(t).chars().all(|c| c.is_ascii_digit() || c == '.'))
            })
        {
            self.ledger.blank += 1;
            return;
        }
        // The first non-empty cell, passing over a 序号 ("10 | 合计 | …").
        let first_text = row
            .cells
            .iter()
            .find(|(c, v)| !(Some(*c) == seq && matches!(v, CellValue::Number(_))))
            .and_then(|(_, v)| v.as_text())
            .unwrap_or("");
        if let Some(to_end) = footer(first_text).filter(|_| !self.reads_as_record(row, first_text)) {
            self.ledger.notes += 1;
            self.notes_to_end |= to_end;
            return;
        }
        // Every totals word ends in 计: the key is only built for the few texts that hold one.
        if first_text.contains('计') && TOTALS_WORDS.iter().any(|w| key(first_text).contains(w)) {
            self.ledger.totals += 1;
            self.totals_row(row, first_text);
            return;
        }
        if self.is_repeated_header(row) {
            // A repeated header begins a block: a 小计 below it totals that block.
            self.ledger.repeated_headers += 1;
            self.resolve_pending_subtotal();
            self.sums_section = Sums::default();
            self.section_records = 0;
            return;
        }
        if self.is_note(row) || self.is_title_with_unit(row) {
            self.ledger.notes += 1;
            self.last_note = Some(first_text.to_string());
            return;
        }
        // "其中：…" under a row is a part of it, never added in.
        if key(first_text).starts_with("其中") {
            self.ledger.totals += 1;
            return;
        }
        let ok = match self.header.kind {
            Kind::Training if self.header.sign_in => self.read_sign_in(row),
            Kind::Training => self.read_training(row),
            Kind::Verification | Kind::Enforcement => self.read_check(row),
            Kind::Targets => self.read_target(row),
            Kind::Activity => self.read_activity(row),
        };
        match ok {
            Ok(()) => {
                self.ledger.records += 1;
                self.section_records += 1;
                self.table_records += 1;
                self.last_note = None;
                self.check_sub_counts(row);
            }
            Err(_) if self.starts_table(row) => {}
            Err(errors) => {
                self.ledger.rejected += 1;
                let (cell, _) = &errors[0];
                let message = errors.iter().map(|(_, m)| m.as_str()).collect::<Vec<_>>().join("；");
                let location = self.location(Some(cell.clone()));
                self.out.findings.push(Finding {
                    kind: FindingKind::RowRejected,
                    severity: Severity::Rejected,
                    location,
                    message,
                });
            }
        }
    }

    /// A title with its unit line beside it ("2023年执法检查情况 | … | 单位：家次"): texts only, no
    /// date among them, one of them a 单位： line.
    fn is_title_with_unit(&self, row: &RawRow) -> bool {
        // The cheap test first: on most rows no cell begins 单位 or 计量单位.
        let unit_line = |t: &str| {
            let t = t.trim_start();
            (t.starts_with("单位") || t.starts_with("计量单位")) && {
                let k = key(t);
                k.starts_with("单位:") || k.starts_with("单位：") || k.starts_with("计量单位")
            }
        };
        row.cells.len() >= 2
            && row.cells.iter().any(|(_, v)| v.as_text().is_some_and(unit_line))
            && row.cells.iter().all(|(_, v)| v.as_text().is_some() && !looks_like_date(v, self.context_year))
    }

    /// A single text cell that is not a date ("填表人：…  审核人：…"). A lone text in the unit or
    /// a count column (not the first column) is a record missing its date, not a note.
    fn is_note(&self, row: &RawRow) -> bool {
        let [(col, CellValue::Text(text))] = row.cells.as_slice() else {
            return false;
        };
        // A lone month ("8月份", "2023年8月") titles a month block; a lone full date is a record
        // missing its other cells.
        if parse_date(&CellValue::Text(text.clone()), self.context_year, false).is_ok_and(|d| !d.is_month_only()) {
            return false;
        }
        let first_col = self.header.columns.iter().map(|(_, c)| *c).min().unwrap_or(0);
        if self.header.sign_in && self.header.field_at(*col) == Some(Field::Person) {
            return false; // an attendee under merged date and topic cells
        }
        match self.header.field_at(*col) {
            Some(f) if *col > first_col => {
                !(f.is_measure()
                    || f == Field::Unit
                    || f == Field::UnitId
                    || (f == Field::Person && self.header.sign_in))
            }
            _ => true,
        }
    }

    /// A totals row: 小计 is checked against the records above it in its section, 合计 against
    /// the table's. With no records above it (in its section for 小计, in the table for 合计) it
    /// totals the rows below it instead, and is checked when they end.
    fn totals_row(&mut self, row: &RawRow, first_text: &str) {
        let subtotal = key(first_text).contains("小计");
        self.resolve_pending_subtotal();
        if subtotal {
            if self.section_records == 0 {
                self.pending_subtotal = Some((row.clone(), first_text.to_string()));
            } else {
                self.check_totals(row, first_text, self.sums_section);
            }
        } else {
            self.resolve_pending_total();
            if self.table_records == 0 {
                self.pending_total = Some((row.clone(), first_text.to_string(), self.sums_sheet));
            } else {
                self.check_totals(row, first_text, self.sums_sheet);
            }
        }
        self.sums_section = Sums::default();
        self.section_records = 0;
    }

    /// A 小计 on top of its section, against the records below it up to here.
    fn resolve_pending_subtotal(&mut self) {
        let Some((row, first_text)) = self.pending_subtotal.take() else { return };
        if self.section_records > 0 {
            self.check_totals(&row, &first_text, self.sums_section);
        }
    }

    /// A 合计 on top, against the records below it up to here (none below it: nothing to check).
    fn resolve_pending_total(&mut self) {
        self.resolve_pending_subtotal();
        let Some((row, first_text, at)) = self.pending_total.take() else { return };
        let since = self.sums_sheet.minus(at);
        if self.table_records > 0 {
            self.check_totals(&row, &first_text, since);
        }
    }

    /// A row that begins a further table with another header, lower down the same sheet: its
    /// rows are read under that header from here on. The header rows count as repeated headers.
    fn starts_table(&mut self, row: &RawRow) -> bool {
        let Some(mut header) = header_at_any(self.sheet, row.index) else {
            return false;
        };
        self.resolve_pending_total();
        // The title above the new table ("2023年统计执法检查情况", "贸易业培训情况") names its kind
        // and specialty; else checks are enforcement when the sheet's names say 执法.
        let title = self.last_note.take().unwrap_or_default();
        let title_kind = kind_from_name(&title);
        if header.kind == Kind::Verification
            && (title_kind == Some(Kind::Enforcement)
                || (title_kind.is_none()
                    && (self.name_kind == Some(Kind::Enforcement)
                        || (self.name_kind != Some(Kind::Verification)
                            && [self.sheet.name.as_str(), self.ctx.file_stem]
                                .iter()
                                .any(|t| key(t).contains("执法"))))))
        {
            header.kind = Kind::Enforcement;
        }
        if let Some(name) = self.ctx.catalogue.find(&title) {
            self.fallback_specialty = Some(SpecialtyName { name: name.into(), known: true });
        } else if header.kind == Kind::Enforcement
            && self.fallback_specialty.as_ref().is_none_or(|s| self.ctx.catalogue.find(&s.name).is_some())
        {
            self.fallback_specialty = Some(SpecialtyName { name: "执法".into(), known: true });
        }
        self.table_records = 0;
        header.sign_in = header.is_sign_in(false);
        self.ledger.repeated_headers += 1;
        self.header_until = (header.last_row > row.index).then_some(header.last_row);
        self.header_keys = header_keys(self.sheet, &header);
        self.header = header;
        self.sums_sheet = Sums::default();
        self.sums_section = Sums::default();
        self.section_records = 0;
        self.notes_to_end = false;
        true
    }

    /// 其中 columns are parts of the main count: a part larger than its whole is flagged.
    fn check_sub_counts(&mut self, row: &RawRow) {
        // An activity's 其中 columns are parts of its 参会人数, which is not summed: nothing to check.
        if self.header.sub_counts.is_empty() || self.header.kind == Kind::Activity {
            return;
        }
        let mut found = Vec::new();
        for (col, text) in &self.header.sub_counts {
            let Some(Ok(Some(part))) = row.get(*col).map(parse_count) else { continue };
            let k = key(text);
            let (field, label) = match self.header.kind {
                Kind::Training if k.contains("批次") || k.contains("期数") || k.contains("场次") => {
                    (Field::Batches, "批次")
                }
                Kind::Training => (Field::Attendees, "人次"),
                _ => (Field::Count, "数量"),
            };
            let Some(main_col) = self.header.column(field) else { continue };
            let Some(Ok(Some(whole))) = row.get(main_col).map(parse_count) else { continue };
            if part > whole {
                found.push((
                    cell_name(row.index, *col),
                    format!("“{}”为{part}，大于{label}{whole}（其中数不应大于总数），请核对", fold(text)),
                ));
            }
        }
        for (cell, message) in found {
            let location = self.location(Some(cell));
            self.out.findings.push(Finding {
                kind: FindingKind::PartOverWhole,
                severity: Severity::Warning,
                location,
                message,
            });
        }
    }

    fn check_totals(&mut self, row: &RawRow, first_text: &str, sums: Sums) {
        let count_label = if self.header.kind == Kind::Activity { "次数" } else { "数量" };
        let measures: [(Field, &str, i64); 3] = [
            (Field::Batches, "批次", sums.batches),
            (Field::Attendees, "人次", sums.attendees),
            (Field::Count, count_label, sums.count),
        ];
        let mut diffs = Vec::new();
        let mut first_cell = None;
        for (field, label, sum) in measures {
            let Some(col) = self.header.column(field) else {
                continue;
            };
            let Some(v) = row.get(col) else { continue };
            if let Ok(Some(stated)) = parse_count(v) {
                if stated != sum {
                    first_cell.get_or_insert_with(|| cell_name(row.index, col));
                    diffs.push(format!("{label}合计为{stated}，明细之和为{sum}"));
                }
            }
        }
        if !diffs.is_empty() {
            let location = self.location(first_cell);
            self.out.findings.push(Finding {
                kind: FindingKind::TotalsDisagree,
                severity: Severity::Warning,
                location,
                message: format!("“{}”行与明细不符：{}（以明细为准）", fold(first_text), diffs.join("，")),
            });
        }
    }

    /// The value under a field: the cell's own, or for a non-measure field, the merged region's.
    fn value<'s>(&'s self, row: &'s RawRow, field: Field) -> Option<(u32, &'s CellValue)> {
        let col = self.header.column(field)?;
        let v = match row.get(col) {
            Some(v) => Some(v),
            None if field.is_measure() => None,
            None => self.sheet.get_filled(row.index, col),
        };
        v.map(|v| (col, v))
    }

    fn text(&self, row: &RawRow, field: Field) -> Option<String> {
        let folded = match self.value(row, field)?.1 {
            CellValue::Text(t) => fold(t),
            other => fold(&other.display()),
        };
        if folded.is_empty() {
            return None;
        }
        // 联合部门 "无", 检查方式 "/", 备注 "—": a filled cell that says "none" is empty; a
        // partner cell saying the bureau went alone (单独检查, 本局, 县统计局) names no partner.
        if matches!(field, Field::Partner | Field::Category | Field::Remarks) && means_nothing(&folded) {
            return None;
        }
        if field == Field::Partner && crate::normalize::departments::split_partners(&folded).is_empty() {
            return None;
        }
        Some(folded)
    }

    fn date(&mut self, row: &RawRow, errors: &mut Vec<(String, String)>) -> Option<RecordDate> {
        let Some((col, v)) = self.value(row, Field::Date) else {
            let col = self.header.column(Field::Date).unwrap_or(0);
            errors.push((cell_name(row.index, col), "缺少日期".into()));
            return None;
        };
        let cell = || cell_name(row.index, col);
        match parse_date(v, self.context_year, self.header.month_column) {
            Ok(d) => {
                if self.context_year.is_some_and(|y| y != d.year()) {
                    self.off_year.0 += 1;
                    self.off_year.1.get_or_insert_with(cell);
                }
                Some(RecordDate { date: d.first_day(), month_only: matches!(d, DateValue::Month { .. }) })
            }
            Err(DateError::NoYear) => {
                errors.push((cell(), format!("日期“{}”没有年份，标题、表名和文件名中也找不到年份", v.display())));
                None
            }
            Err(DateError::Unrecognized) => {
                errors.push((cell(), format!("无法识别的日期“{}”", v.display())));
                None
            }
        }
    }

    fn specialty(&mut self, row: &RawRow) -> Option<SpecialtyName> {
        if let Some((col, v)) = self.value(row, Field::Specialty) {
            let written = match v {
                CellValue::Text(t) => fold(t),
                other => fold(&other.display()),
            };
            if !written.is_empty() {
                if let Some(known) = self.matched.get(&written) {
                    return Some(known.clone());
                }
                let found = match self.ctx.catalogue.find(&written) {
                    Some(name) => SpecialtyName { name: name.into(), known: true },
                    None => {
                        self.unknown_specialties.entry(written.clone()).or_insert_with(|| cell_name(row.index, col));
                        SpecialtyName { name: written.as_str().into(), known: false }
                    }
                };
                self.matched.insert(written, found.clone());
                return Some(found);
            }
        }
        self.fallback_specialty.clone()
    }

    fn count(
        &self,
        row: &RawRow,
        field: Field,
        label: &str,
        errors: &mut Vec<(String, String)>,
    ) -> Option<Option<i64>> {
        let Some((col, v)) = self.value(row, field) else {
            return Some(None);
        };
        match parse_count(v) {
            Ok(n) => Some(n),
            Err(e) => {
                errors.push((cell_name(row.index, col), format!("{label}“{}”{}", v.display(), count_error_text(&e))));
                None
            }
        }
    }

    /// The date and specialty every log row needs, pushing an error for each that is missing.
    fn date_and_specialty(
        &mut self,
        row: &RawRow,
        errors: &mut Vec<(String, String)>,
    ) -> (Option<RecordDate>, Option<SpecialtyName>) {
        let date = self.date(row, errors);
        let specialty = self.specialty(row);
        if specialty.is_none() {
            self.missing_specialty(row, errors);
        }
        (date, specialty)
    }

    fn missing_specialty(&self, row: &RawRow, errors: &mut Vec<(String, String)>) {
        let col = self.header.column(Field::Specialty).unwrap_or(0);
        errors.push((cell_name(row.index, col), "无法确定专业：专业列为空，表名、标题和文件名中也没有已知专业".into()));
    }

    fn read_training(&mut self, row: &RawRow) -> Result<(), Vec<(String, String)>> {
        let mut errors = Vec::new();
        let (date, specialty) = self.date_and_specialty(row, &mut errors);
        let batches = self.count(row, Field::Batches, "批次", &mut errors);
        let attendees = self.count(row, Field::Attendees, "人次", &mut errors);
        if attendees == Some(None) {
            let col = self.header.column(Field::Attendees);
            let cell = col.map(|c| cell_name(row.index, c)).unwrap_or_else(|| format!("第{}行", row.index + 1));
            let hint = match self.header.sub_counts.first() {
                Some((_, t)) if self.header.column(Field::Attendees).is_none() => {
                    format!("缺少人次（“{}”是其中数，不能作为人次）", fold(t))
                }
                _ => "缺少人次".into(),
            };
            errors.push((cell, hint));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let (Some(date), Some(specialty), Some(batches), Some(Some(attendees))) = (date, specialty, batches, attendees)
        else {
            unreachable!("every missing value pushed an error")
        };
        let topic = self.text(row, Field::Topic);
        self.push_training(row, date, specialty, (batches.unwrap_or(1), attendees), topic);
        Ok(())
    }

    /// Adds a training record of `row` (its 批次 and 人次 in `counts`) to the sums and the output.
    fn push_training(
        &mut self,
        row: &RawRow,
        date: RecordDate,
        specialty: SpecialtyName,
        (batches, attendees): (i64, i64),
        topic: Option<String>,
    ) {
        self.add_sums(Sums { batches, attendees, count: 0 });
        let record = TrainingRecord {
            date,
            specialty,
            batches,
            attendees,
            topic,
            remarks: self.text(row, Field::Remarks),
            source: self.provenance(row.index),
        };
        self.out.training.push(record);
    }

    /// A sign-in sheet's row is one attendee: 1 人次, and 1 批次 on the first row of each session
    /// (date + specialty + topic). A name already signed in for the same session counts once.
    fn read_sign_in(&mut self, row: &RawRow) -> Result<(), Vec<(String, String)>> {
        let mut errors = Vec::new();
        let (date, specialty) = self.date_and_specialty(row, &mut errors);
        let person_col = self.header.column(Field::Person).unwrap_or(0);
        let person = self.text(row, Field::Person).filter(|p| !means_nothing(p));
        if person.is_none() {
            errors.push((cell_name(row.index, person_col), "签到表的姓名为空".into()));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let (Some(date), Some(specialty), Some(person)) = (date, specialty, person) else {
            unreachable!("every missing value pushed an error")
        };
        // The topic is a 培训内容 / 主题 / 课程 column: a 工作单位, 单位名称 or 企业名称 column is
        // where the attendee works, not what the session was.
        let topic = self
            .header
            .column(Field::Topic)
            .filter(|c| {
                self.header_keys.get(c).is_some_and(|ks| {
                    ks.iter()
                        .any(|k| k == "名称" || ["内容", "主题", "培训", "课程", "会议"].iter().any(|w| k.contains(w)))
                })
            })
            .and_then(|_| self.text(row, Field::Topic));
        // A 场次 column (上午, 下午, 第二期) tells sessions of one day and topic apart.
        let part = self
            .header
            .column(Field::Batches)
            .and_then(|c| self.sheet.get_filled(row.index, c))
            .map(|v| key(&v.display()))
            .unwrap_or_default();
        let session =
            (date.date, specialty.name.to_string(), topic.as_deref().map(key).unwrap_or_default() + "|" + &part);
        let names = self.sessions.entry(session).or_default();
        let batches = i64::from(names.is_empty());
        let name_key = key(&person);
        let attendees = match names.get(&name_key) {
            Some(first) => {
                let message = format!(
                    "“{person}”在同一场培训（{}{}）中已签到（第{first}行），只计一次",
                    date.date,
                    topic.as_deref().map(|t| format!("，{t}")).unwrap_or_default()
                );
                let location = self.location(Some(cell_name(row.index, person_col)));
                self.out.findings.push(Finding {
                    kind: FindingKind::SignedTwice,
                    severity: Severity::Warning,
                    location,
                    message,
                });
                0
            }
            None => {
                names.insert(name_key, row.index + 1);
                1
            }
        };
        self.push_training(row, date, specialty, (batches, attendees), topic);
        Ok(())
    }

    fn read_check(&mut self, row: &RawRow) -> Result<(), Vec<(String, String)>> {
        let mut errors = Vec::new();
        let (date, specialty) = self.date_and_specialty(row, &mut errors);
        let unit = self.text(row, Field::Unit);
        let unit_id = self.text(row, Field::UnitId);
        let count = self.count(row, Field::Count, "数量", &mut errors);
        let count = match count {
            Some(Some(n)) => Some(n),
            Some(None) if unit.is_some() || unit_id.is_some() => Some(1),
            Some(None) => {
                let col = self.header.column(Field::Count).or(self.header.column(Field::Unit));
                let cell = col.map(|c| cell_name(row.index, c)).unwrap_or_else(|| format!("第{}行", row.index + 1));
                errors.push((cell, "缺少核查对象（单位名称或代码）和数量".into()));
                None
            }
            None => None,
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        let (Some(date), Some(specialty), Some(count)) = (date, specialty, count) else {
            unreachable!("every missing value pushed an error")
        };
        self.add_sums(Sums { batches: 0, attendees: 0, count });
        let record = CheckRecord {
            date,
            specialty,
            unit,
            unit_id,
            category: self.text(row, Field::Category),
            partner: self.text(row, Field::Partner),
            count,
            remarks: self.text(row, Field::Remarks),
            source: self.provenance(row.index),
        };
        match self.header.kind {
            Kind::Enforcement => self.out.enforcement.push(record),
            _ => self.out.verification.push(record),
        }
        Ok(())
    }

    /// A row of a 会议台账 / 工作台账: one meeting or activity (次数 times, 1 when not written). Its
    /// category is its 类别 cell, else its name, folded to the activity catalogue; a category
    /// the catalogue lacks is kept as written (its ordinal "第3次" taken off) and named once a
    /// sheet, never dropped.
    fn read_activity(&mut self, row: &RawRow) -> Result<(), Vec<(String, String)>> {
        let mut errors = Vec::new();
        let date = self.date(row, &mut errors);
        let count = self.count(row, Field::Count, "次数", &mut errors);
        let participants = match self.value(row, Field::Participants).map(|(_, v)| parse_count(v)) {
            Some(Ok(n)) => n,
            _ => None,
        };
        let title = self.text(row, Field::Title);
        let kind = self.text(row, Field::Category);
        // With neither 类别 nor 会议名称, a 会议内容 says what the meeting was.
        let content = self.text(row, Field::Topic).filter(|_| self.header.column(Field::Title).is_none());
        let cell = |f: Field| self.header.column(f).map(|c| cell_name(row.index, c));
        // The catalogue on the 类别 cell, then on the name (a 类别 of 会议 over 第3次党组会议 is a
        // 党组会议), and only then the 类别 as written, else the name as written.
        let known = [&kind, &title, &content]
            .into_iter()
            .flatten()
            .find_map(|t| self.ctx.activities.find(t))
            .map(|name| SpecialtyName { name: name.into(), known: true });
        let written = kind.clone().or_else(|| title.clone()).or_else(|| content.clone());
        let category = match (known, written) {
            (Some(k), _) => Some(k),
            (None, Some(w)) => {
                let at = cell(Field::Category).filter(|_| kind.is_some()).or(cell(Field::Title)).or(cell(Field::Topic));
                Some(self.activity_category(&w, at.unwrap_or_else(|| format!("第{}行", row.index + 1))))
            }
            (None, None) => {
                let at =
                    cell(Field::Category).or(cell(Field::Title)).unwrap_or_else(|| format!("第{}行", row.index + 1));
                errors.push((at, "缺少类别和会议（活动）名称，无法确定是哪一类活动".into()));
                None
            }
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        let (Some(date), Some(category), Some(count)) = (date, category, count) else {
            unreachable!("every missing value pushed an error")
        };
        let count = count.unwrap_or(1);
        self.add_sums(Sums { batches: 0, attendees: 0, count });
        let record = ActivityRecord {
            date,
            category,
            title,
            count,
            participants,
            host: self.text(row, Field::Host),
            place: self.text(row, Field::Place),
            content: self.text(row, Field::Topic),
            remarks: self.text(row, Field::Remarks),
            source: self.provenance(row.index),
        };
        self.out.activity.push(record);
        Ok(())
    }

    /// The category an activity's 类别 or name says: the catalogue's, else the text as written
    /// without its ordinal and year ("2023年第3次局务会议" → 局务会议), remembered to be named.
    fn activity_category(&mut self, written: &str, cell: String) -> SpecialtyName {
        let plain = without_ordinal(written);
        // The catalogue once more on the name without its ordinal ("局党组2023年第5次会议" → 党组会议).
        if let Some(name) = self.ctx.activities.find(written).or_else(|| self.ctx.activities.find(&plain)) {
            return SpecialtyName { name: name.into(), known: true };
        }
        if !self.unknown_activities.iter().any(|(w, _)| *w == plain) {
            self.unknown_activities.push((plain.clone(), cell));
        }
        SpecialtyName { name: plain.as_str().into(), known: false }
    }

    fn read_target(&mut self, row: &RawRow) -> Result<(), Vec<(String, String)>> {
        let mut errors = Vec::new();
        let metric = match self.value(row, Field::Metric) {
            Some((col, v)) => {
                let m = metric_from_text(&v.display());
                if m.is_none() {
                    errors.push((
                        cell_name(row.index, col),
                        format!("未知指标“{}”（应为培训批次、培训人次、核查、执法检查、次数之一）", v.display()),
                    ));
                }
                m
            }
            None => {
                let col = self.header.column(Field::Metric).unwrap_or(0);
                errors.push((cell_name(row.index, col), "缺少指标".into()));
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
                        errors.push((
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
            errors.push((cell_name(row.index, col), "缺少年度目标".into()));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let (Some(specialty), Some(metric), Some(Some(target))) = (specialty, metric, target) else {
            unreachable!("every missing value pushed an error")
        };
        let record =
            TargetRecord { year: self.context_year, specialty, metric, target, source: self.provenance(row.index) };
        self.out.targets.push(record);
        Ok(())
    }

    fn missing_specialty_target(&self, row: &RawRow, errors: &mut Vec<(String, String)>) {
        let col = self.header.column(Field::Specialty).unwrap_or(0);
        errors.push((cell_name(row.index, col), "缺少专业".into()));
    }

    fn add_sums(&mut self, s: Sums) {
        for sums in [&mut self.sums_sheet, &mut self.sums_section] {
            sums.batches += s.batches;
            sums.attendees += s.attendees;
            sums.count += s.count;
        }
    }

    fn finish(mut self) -> Ingested {
        for (written, cell) in std::mem::take(&mut self.unknown_specialties) {
            let location = self.location(Some(cell));
            self.out.findings.push(Finding {
                kind: FindingKind::UnknownSpecialty,
                severity: Severity::Warning,
                location,
                message: unknown_specialty(&written),
            });
        }
        if let Some((_, cell)) = self.unknown_activities.first() {
            let names: Vec<String> = self.unknown_activities.iter().map(|(w, _)| format!("“{w}”")).collect();
            let location = self.location(Some(cell.clone()));
            self.out.findings.push(Finding {
                kind: FindingKind::UnknownActivity,
                severity: Severity::Warning,
                location,
                message: format!(
                    "活动类别{}不在活动目录中，按原样分别计数（可在 tongji.toml 的 [[activity]] 中把它们归入已有类别或添加新类别）",
                    names.join("")
                ),
            });
        }
        if let (n @ 1.., Some(cell)) = self.off_year.clone() {
            let location = self.location(Some(cell));
            self.out.findings.push(Finding {
                kind: FindingKind::OffYear,
                severity: Severity::Warning,
                location,
                message: format!(
                    "{n}条记录的日期年份与标题或文件名中的{}年不同，请核对",
                    self.context_year.unwrap_or_default()
                ),
            });
        }
        self.ledger.specialty = sheet_specialty(&self.out, self.fallback_specialty.as_ref().map(|s| &*s.name));
        self.out.ledger.push(self.ledger);
        self.out
    }
}

/// An activity's name without the parts that differ from one meeting to the next: a year, a
/// month and an ordinal ("2023年第3次局务会议" → 局务会议, "局务会议（第二次）" → 局务会议).
pub fn without_ordinal(text: &str) -> String {
    let numeral = |c: char| c.is_ascii_digit() || "一二三四五六七八九十百零〇两".contains(c);
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        // 第N次 / 第N期 / 第N场, NNNN年(度), N月(份), N日 / N号, N季度, 上(下)半年
        let start = i;
        let rest: String = chars[i..].iter().collect();
        if let Some(p) = ["上半年", "下半年"].iter().find(|p| rest.starts_with(**p)) {
            i += p.chars().count();
            continue;
        }
        let ordinal = chars[i] == '第';
        let mut j = if ordinal { i + 1 } else { i };
        while j < chars.len() && numeral(chars[j]) {
            j += 1;
        }
        let digits = j - if ordinal { i + 1 } else { i };
        if digits > 0 && j < chars.len() {
            let next = chars[j];
            let then = chars.get(j + 1).copied();
            let end = if ordinal && "次期场".contains(next) {
                Some(j + 1)
            } else if next == '季' && then == Some('度') {
                Some(j + 2) // 一季度, 第一季度
            } else if !ordinal && next == '年' && digits == 4 {
                Some(if then == Some('度') { j + 2 } else { j + 1 })
            } else if !ordinal && next == '月' {
                // N月, N月份, N月N日 / N月N号
                let mut e = if then == Some('份') { j + 2 } else { j + 1 };
                let day = (e..chars.len()).take_while(|&k| chars[k].is_ascii_digit()).count();
                if day > 0 && chars.get(e + day).is_some_and(|c| "日号".contains(*c)) {
                    e += day + 1;
                }
                Some(e)
            } else if !ordinal && "-－—~～至".contains(next) {
                // A range of months: 1-3月
                let m = (j + 1..chars.len()).take_while(|&k| numeral(chars[k])).count();
                (m > 0 && chars.get(j + 1 + m) == Some(&'月')).then_some(j + 2 + m)
            } else {
                None
            };
            if let Some(end) = end {
                i = end;
                continue;
            }
        }
        out.push(chars[start]);
        i = start + 1;
    }
    // Brackets left empty by the ordinal taken out of them.
    let out = out.replace("（）", "").replace("()", "");
    let trimmed = out.trim_matches(|c: char| c.is_whitespace() || "、，,.。-—".contains(c));
    if trimmed.is_empty() {
        text.trim().to_string()
    } else {
        trimmed.to_string()
    }
}

/// The warning for a specialty that matches nothing in the catalogue.
pub(super) fn unknown_specialty(written: &str) -> String {
    format!("专业“{written}”不在专业目录中，按原样保留（可在 tongji.toml 中为它添加别名）")
}

/// The ledger's 专业 of a sheet: the one its records name, "多个" for several, else `fallback`.
pub(super) fn sheet_specialty(out: &Ingested, fallback: Option<&str>) -> String {
    let names: std::collections::BTreeSet<&str> = out
        .training
        .iter()
        .map(|r| &*r.specialty.name)
        .chain(out.verification.iter().chain(&out.enforcement).map(|r| &*r.specialty.name))
        .chain(out.targets.iter().map(|r| &*r.specialty.name))
        .chain(out.activity.iter().map(|r| &*r.category.name))
        .collect();
    match names.len() {
        0 => fallback.unwrap_or_default().to_string(),
        1 => names.iter().next().map(|s| s.to_string()).unwrap_or_default(),
        _ => "多个".into(),
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

#[cfg(test)]
mod tests {
    use super::without_ordinal;

    #[test]
    fn an_activity_name_without_its_year_month_and_ordinal() {
        assert_eq!(without_ordinal("2023年第3次局务会议"), "局务会议");
        assert_eq!(without_ordinal("局务会议（第二次）"), "局务会议");
        assert_eq!(without_ordinal("第十二次局务会"), "局务会");
        assert_eq!(without_ordinal("9月机关读书会"), "机关读书会");
        assert_eq!(without_ordinal("12月份工作例会"), "工作例会");
        assert_eq!(without_ordinal("2023年度工作总结会"), "工作总结会");
        assert_eq!(without_ordinal("9月15日局务会"), "局务会");
        assert_eq!(without_ordinal("二季度机关读书会"), "机关读书会");
        assert_eq!(without_ordinal("上半年工作务虚会"), "工作务虚会");
        assert_eq!(without_ordinal("第一季度工作会议"), "工作会议");
        assert_eq!(without_ordinal("2023年第一季度经济形势分析会"), "经济形势分析会");
        assert_eq!(without_ordinal("1-3月工作例会"), "工作例会");
        assert_eq!(without_ordinal("一号文件学习"), "一号文件学习", "a 号 that is no date stays");
        assert_eq!(without_ordinal("百日攻坚动员会"), "百日攻坚动员会");
        assert_eq!(without_ordinal("周日读书会"), "周日读书会");
        assert_eq!(without_ordinal("二十大精神宣讲"), "二十大精神宣讲", "a number that is no ordinal stays");
        assert_eq!(without_ordinal("第3次"), "第3次", "nothing left: as written");
    }
}
