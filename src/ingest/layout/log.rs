//! Logs: one row per event under a header — a training, a check or an inspection here, a
//! sign-in, an activity or a target in the files beside this one. The sheet's year and specialty,
//! then every row into a record, a totals row, a note, a blank or a reject, so that the sheet's
//! ledger balances; totals rows checked against the rows they total; a further table lower down
//! read under its own header.

use std::collections::HashMap;

use super::classify::{further_table, title_text};
use super::header::{Field, Header};
use super::tally::{footer, RowError, Tally};
use super::SheetContext;
use crate::model::{
    cell_name, CellValue, CheckRecord, Finding, FindingKind, Ingested, Kind, RawRow, RawSheet, RecordDate, Severity,
    SpecialtyName, TrainingRecord,
};
use crate::normalize::text::{fold, key, key_is};
use crate::normalize::values::{find_year, means_nothing, parse_count, parse_date, CountError, DateError, DateValue};

const TOTALS_WORDS: [&str; 4] = ["合计", "总计", "小计", "累计"];

/// Levels of groups a totals row can close, narrowest first: a named group (城关镇, 规上工业), a
/// month, a quarter, a half-year.
const GROUP_LEVELS: usize = 4;

/// The group a totals row closes, by the words before its totals word: a month ("3月合计",
/// "三月份小计"), a quarter ("一季度小计"), a half-year ("上半年合计"), or any other name ("城关镇
/// 小计"); None for a plain total ("合计", "小计", "本月合计", "人次合计"), which keeps its old
/// meaning (小计: since the last totals row; 合计: the table).
fn group_level(first_text: &str) -> Option<usize> {
    let k = key(first_text);
    // A running total (2月累计: January and February) is no group's: it keeps its old meaning.
    if k.contains("累计") {
        return None;
    }
    let at = TOTALS_WORDS.iter().filter_map(|w| k.find(w)).min()?;
    let prefix = k[..at].trim_end_matches(['：', ':']);
    const PLAIN: [&str; 12] =
        ["本月", "本年", "本季", "本期", "全年", "年度", "总", "共", "全部", "以上", "本表", "本页"];
    const MEASURES: [&str; 9] = ["培训", "核查", "检查", "执法", "人次", "批次", "家次", "次数", "数量"];
    if prefix.is_empty() || PLAIN.contains(&prefix) || MEASURES.iter().any(|m| prefix.contains(m)) {
        return None;
    }
    let numeral =
        |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(c));
    let month = prefix.strip_suffix("月份").or_else(|| prefix.strip_suffix('月'));
    // "2023年3月合计": the month after its year.
    if month.is_some_and(|m| numeral(m.rsplit('年').next().unwrap_or(m))) {
        return Some(1);
    }
    if prefix.contains("半年") {
        return Some(3);
    }
    // A span or the whole ("1-3月合计", "前三季度合计", "2023年合计", "全县合计") is a plain total.
    if prefix.contains(['全', '年', '至', '-', '前', '~']) {
        return None;
    }
    Some(if prefix.contains("季") { 2 } else { 0 })
}

pub(super) struct Reader<'a> {
    pub(super) sheet: &'a RawSheet,
    pub(super) ctx: &'a SheetContext<'a>,
    /// The kind the sheet's, file's or folders' names say.
    pub(super) name_kind: Option<Kind>,
    pub(super) header: Header,
    pub(super) context_year: Option<i32>,
    /// The specialty for rows whose 专业 cell is empty (or when there is no such column).
    pub(super) fallback_specialty: Option<SpecialtyName>,
    /// The sheet's books: its ledger, records, findings and unknown names.
    pub(super) tally: Tally,
    /// Activity categories that match nothing, kept as written: (category, first cell), in the
    /// order met.
    pub(super) unknown_activities: Vec<(String, String)>,
    /// The specialty column's texts already matched against the catalogue (a log repeats a
    /// handful of names over thousands of rows).
    pub(super) matched: HashMap<String, SpecialtyName>,
    /// Records whose year differs from the title's: (count, first cell).
    pub(super) off_year: (u32, Option<String>),
    /// Sums for the totals cross-check: whole sheet, and since the last totals row.
    pub(super) sums_sheet: Sums,
    pub(super) sums_section: Sums,
    /// Records since the last totals row (or the table's start).
    pub(super) section_records: u32,
    /// Sums and records since the last subtotal of each group level (see [`group_level`]): a
    /// "3月合计" totals its month, a "一季度小计" its quarter, a "城关镇小计" its group.
    pub(super) groups: [(Sums, u32); GROUP_LEVELS],
    /// A 合计 above every record of its table (合计 right under the header): it totals the rows
    /// below it, and is checked at the next 合计 or the table's end against the records since
    /// (the table's sums when it was met are kept to take off).
    pub(super) pending_total: Option<(RawRow, String, Sums)>,
    /// A 小计 above the records of its section: checked at the next totals row or block's end.
    pub(super) pending_subtotal: Option<(RawRow, String)>,
    /// Records since the table's header.
    pub(super) table_records: u32,
    /// The text of the last note row (a title above a further table names its kind or specialty).
    pub(super) last_note: Option<String>,
    /// The keys of the header's texts, by column: a row holding the same texts repeats it.
    pub(super) header_keys: HashMap<u32, Vec<String>>,
    /// Set below a 填表说明 / 说明： line: the rows under it are notes.
    pub(super) notes_to_end: bool,
    /// Set under a further table whose count is split over columns with no column of the whole
    /// (see `Refusal::SplitCount`): its rows are rejected, never one part read as the whole.
    pub(super) split_table: bool,
    /// The rows of a further table's header, up to this 0-based row, are passed over.
    pub(super) header_until: Option<u32>,
    /// Sign-in sheets: the sessions seen (date, specialty, topic) and the names in each, with
    /// the row each name first appeared on.
    pub(super) sessions: HashMap<(chrono::NaiveDate, String, String), HashMap<String, u32>>,
}

#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Sums {
    pub(super) batches: i64,
    pub(super) attendees: i64,
    pub(super) count: i64,
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

/// Reads the rows of a sheet under `header` (its kind and sign-in decided by
/// [`classify`](super::classify)): its records, its one ledger entry and its findings, after
/// `findings`, those found while classifying it.
pub(super) fn read(
    sheet: &RawSheet,
    ctx: &SheetContext,
    name_kind: Option<Kind>,
    header: Header,
    findings: Vec<Finding>,
) -> Ingested {
    let mut tally = Tally::new(sheet, ctx, findings);
    tally.ledger.kind = Some(header.kind);
    tally.ledger.layout = header.sign_in.then_some("签到表");
    tally.ledger.header_row = Some(header.last_row + 1);
    tally.ledger.header_rows = header.last_row + 1;

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
        header_keys: header_keys(sheet, &header),
        header,
        context_year,
        fallback_specialty,
        tally,
        unknown_activities: Vec::new(),
        matched: HashMap::new(),
        off_year: (0, None),
        sums_sheet: Sums::default(),
        sums_section: Sums::default(),
        groups: Default::default(),
        section_records: 0,
        pending_total: None,
        pending_subtotal: None,
        table_records: 0,
        last_note: None,
        notes_to_end: false,
        split_table: false,
        header_until: None,
        sessions: HashMap::new(),
    };
    reader.read_rows();
    reader.finish()
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

fn count_error_text(e: &CountError) -> &'static str {
    match e {
        CountError::Negative => "不能为负数",
        CountError::Fraction => "不能为小数",
        CountError::NotANumber => "不是数字",
    }
}

impl Reader<'_> {
    pub(super) fn read_rows(&mut self) {
        let first = self.header.last_row + 1;
        let total = self.tally.ledger.rows_total;
        let start = self.sheet.rows.partition_point(|r| r.index < first);
        let mut expected = first;
        for row in &self.sheet.rows[start..] {
            self.tally.ledger.blank += row.index - expected;
            expected = row.index + 1;
            if self.header_until.is_some_and(|last| row.index <= last) {
                self.tally.ledger.repeated_headers += 1;
                continue;
            }
            self.header_until = None;
            self.read_row(row);
        }
        self.tally.ledger.blank += total.saturating_sub(expected);
        self.resolve_pending_total();
    }

    /// A row holding the header's own texts in the header's columns (at least two): a month
    /// block pasted under another repeats the header above its rows.
    pub(super) fn is_repeated_header(&self, row: &RawRow) -> bool {
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
    pub(super) fn looks_like_record(&self, row: &RawRow) -> bool {
        let Some(col) = self.header.column(Field::Date) else { return false };
        row.cells.len() >= 2 && row.get(col).is_some_and(|v| looks_like_date(v, self.context_year))
    }

    /// A row that begins with a footer word is a record only when it reads as one: a date of its
    /// own (or merged down from above) in another column, and a count, a unit or an attendee's
    /// name in a column of its own. "单位负责人统计法培训 | 2023-05-10 | 1 | 70" is a training;
    /// "制表人：王五 | 填表日期： | 2023-09-28" is a footer, its date notwithstanding.
    pub(super) fn reads_as_record(&self, row: &RawRow, first_text: &str) -> bool {
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

    pub(super) fn read_row(&mut self, row: &RawRow) {
        if self.split_table {
            self.tally.ledger.rejected += 1;
            return;
        }
        if self.notes_to_end {
            if !self.looks_like_record(row) {
                self.tally.ledger.notes += 1;
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
            self.tally.ledger.blank += 1;
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
            self.tally.ledger.notes += 1;
            self.notes_to_end |= to_end;
            return;
        }
        // Every totals word ends in 计: the key is only built for the few texts that hold one.
        if first_text.contains('计') && TOTALS_WORDS.iter().any(|w| key(first_text).contains(w)) {
            self.tally.ledger.totals += 1;
            self.totals_row(row, first_text);
            return;
        }
        if self.is_repeated_header(row) {
            // A repeated header begins a block: a 小计 below it totals that block.
            self.tally.ledger.repeated_headers += 1;
            self.resolve_pending_subtotal();
            self.sums_section = Sums::default();
            self.section_records = 0;
            return;
        }
        if self.is_note(row) || self.is_title_with_unit(row) {
            self.tally.ledger.notes += 1;
            self.last_note = Some(first_text.to_string());
            return;
        }
        // "其中：…" under a row is a part of it, never added in.
        if key(first_text).starts_with("其中") {
            self.tally.ledger.totals += 1;
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
                self.tally.ledger.records += 1;
                self.section_records += 1;
                for g in &mut self.groups {
                    g.1 += 1;
                }
                self.table_records += 1;
                self.last_note = None;
                self.check_sub_counts(row);
            }
            Err(_) if self.starts_table(row) => {}
            Err(errors) => {
                let message = errors.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join("；");
                let cell = errors.into_iter().next().map(|e| e.cell).unwrap_or_default();
                self.tally.reject(cell, message);
            }
        }
    }

    /// A title with its unit line beside it ("2023年执法检查情况 | … | 单位：家次"): texts only, no
    /// date among them, one of them a 单位： line.
    pub(super) fn is_title_with_unit(&self, row: &RawRow) -> bool {
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
    pub(super) fn is_note(&self, row: &RawRow) -> bool {
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
    pub(super) fn totals_row(&mut self, row: &RawRow, first_text: &str) {
        let subtotal = key(first_text).contains("小计");
        self.resolve_pending_subtotal();
        let group = group_level(first_text).filter(|l| self.groups[*l].1 > 0);
        if let Some(level) = group {
            // A group's total, checked against the rows since the last total of its level or a
            // wider one. (One with no rows above it in its group keeps the plain meaning below.)
            let (sums, _) = self.groups[level];
            self.check_totals(row, first_text, sums);
            for g in &mut self.groups[..=level] {
                *g = (Sums::default(), 0);
            }
        } else if subtotal {
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
    pub(super) fn resolve_pending_subtotal(&mut self) {
        let Some((row, first_text)) = self.pending_subtotal.take() else { return };
        if self.section_records > 0 {
            self.check_totals(&row, &first_text, self.sums_section);
        }
    }

    /// A 合计 on top, against the records below it up to here (none below it: nothing to check).
    pub(super) fn resolve_pending_total(&mut self) {
        self.resolve_pending_subtotal();
        let Some((row, first_text, at)) = self.pending_total.take() else { return };
        let since = self.sums_sheet.minus(at);
        if self.table_records > 0 {
            self.check_totals(&row, &first_text, since);
        }
    }

    /// A row that begins a further table with another header, lower down the same sheet: its
    /// rows are read under that header from here on. The header rows count as repeated headers.
    pub(super) fn starts_table(&mut self, row: &RawRow) -> bool {
        // The title above the new table ("2023年统计执法检查情况", "贸易业培训情况") names its kind
        // and specialty.
        let title = self.last_note.clone().unwrap_or_default();
        let Some(header) = further_table(self.sheet, self.ctx, row.index, self.name_kind, &title) else {
            return false;
        };
        self.last_note = None;
        self.resolve_pending_total();
        if let Some((_, parts)) = &header.split {
            let heading = self.sheet.get_filled(header.first_row, parts[0].0).map(|v| v.display()).unwrap_or_default();
            let cols: Vec<String> =
                parts.iter().map(|(c, t)| format!("{}列“{t}”", crate::model::column_name(*c))).collect();
            let message = format!(
                "从第{}行起的表：“{heading}”分在{}中，没有合计的一列，只读其中一列会少算，这张表以下各行未读取；请在其下加一列“合计”",
                row.index + 1,
                cols.join("、")
            );
            let cell = Some(format!("第{}行", row.index + 1));
            self.tally.finding(FindingKind::SheetRefused, Severity::Rejected, cell, message);
            self.split_table = true;
        }
        if let Some(name) = self.ctx.catalogue.find(&title) {
            self.fallback_specialty = Some(SpecialtyName { name: name.into(), known: true });
        } else if header.kind == Kind::Enforcement
            && self.fallback_specialty.as_ref().is_none_or(|s| self.ctx.catalogue.find(&s.name).is_some())
        {
            self.fallback_specialty = Some(SpecialtyName { name: "执法".into(), known: true });
        }
        self.table_records = 0;
        self.tally.ledger.repeated_headers += 1;
        self.header_until = (header.last_row > row.index).then_some(header.last_row);
        self.header_keys = header_keys(self.sheet, &header);
        self.header = header;
        self.sums_sheet = Sums::default();
        self.sums_section = Sums::default();
        self.section_records = 0;
        self.groups = Default::default();
        self.notes_to_end = false;
        true
    }

    /// 其中 columns are parts of the main count: a part larger than its whole is flagged.
    pub(super) fn check_sub_counts(&mut self, row: &RawRow) {
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
            self.tally.finding(FindingKind::PartOverWhole, Severity::Warning, Some(cell), message);
        }
    }

    pub(super) fn check_totals(&mut self, row: &RawRow, first_text: &str, sums: Sums) {
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
            let message = format!("“{}”行与明细不符：{}（以明细为准）", fold(first_text), diffs.join("，"));
            self.tally.finding(FindingKind::TotalsDisagree, Severity::Warning, first_cell, message);
        }
    }

    /// The value under a field: the cell's own, or for a non-measure field, the merged region's.
    pub(super) fn value<'s>(&'s self, row: &'s RawRow, field: Field) -> Option<(u32, &'s CellValue)> {
        let col = self.header.column(field)?;
        let v = match row.get(col) {
            Some(v) => Some(v),
            None if field.is_measure() => None,
            None => self.sheet.get_filled(row.index, col),
        };
        v.map(|v| (col, v))
    }

    pub(super) fn text(&self, row: &RawRow, field: Field) -> Option<String> {
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

    pub(super) fn date(&mut self, row: &RawRow, errors: &mut Vec<RowError>) -> Option<RecordDate> {
        let Some((col, v)) = self.value(row, Field::Date) else {
            // No date column: the title's date, when it gives one, is every row's.
            if let (None, Some(d)) = (self.header.column(Field::Date), self.header.title_date) {
                return Some(RecordDate { month_only: d.is_month_only(), ..RecordDate::day(d.first_day()) });
            }
            let col = self.header.column(Field::Date).unwrap_or(0);
            errors.push(RowError::at(cell_name(row.index, col), "缺少日期".into()));
            return None;
        };
        let cell = || cell_name(row.index, col);
        match parse_date(v, self.context_year, self.header.month_column) {
            Ok(d) => {
                if self.context_year.is_some_and(|y| y != d.year()) {
                    self.off_year.0 += 1;
                    self.off_year.1.get_or_insert_with(cell);
                }
                Some(RecordDate { month_only: matches!(d, DateValue::Month { .. }), ..RecordDate::day(d.first_day()) })
            }
            Err(DateError::NoYear) => {
                errors.push(RowError::at(
                    cell(),
                    format!("日期“{}”没有年份，标题、表名和文件名中也找不到年份", v.display()),
                ));
                None
            }
            Err(DateError::Unrecognized) => {
                errors.push(RowError::at(cell(), format!("无法识别的日期“{}”", v.display())));
                None
            }
        }
    }

    pub(super) fn specialty(&mut self, row: &RawRow) -> Option<SpecialtyName> {
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
                        self.tally
                            .unknown_specialties
                            .entry(written.clone())
                            .or_insert_with(|| cell_name(row.index, col));
                        SpecialtyName { name: written.as_str().into(), known: false }
                    }
                };
                self.matched.insert(written, found.clone());
                return Some(found);
            }
        }
        self.fallback_specialty.clone()
    }

    pub(super) fn count(
        &self,
        row: &RawRow,
        field: Field,
        label: &str,
        errors: &mut Vec<RowError>,
    ) -> Option<Option<i64>> {
        let Some((col, v)) = self.value(row, field) else {
            return Some(None);
        };
        match parse_count(v) {
            Ok(n) => Some(n),
            Err(e) => {
                errors.push(RowError::at(
                    cell_name(row.index, col),
                    format!("{label}“{}”{}", v.display(), count_error_text(&e)),
                ));
                None
            }
        }
    }

    /// The date and specialty every log row needs, pushing an error for each that is missing.
    pub(super) fn date_and_specialty(
        &mut self,
        row: &RawRow,
        errors: &mut Vec<RowError>,
    ) -> (Option<RecordDate>, Option<SpecialtyName>) {
        let date = self.date(row, errors);
        let specialty = self.specialty(row);
        if specialty.is_none() {
            self.missing_specialty(row, errors);
        }
        (date, specialty)
    }

    pub(super) fn missing_specialty(&self, row: &RawRow, errors: &mut Vec<RowError>) {
        let col = self.header.column(Field::Specialty).unwrap_or(0);
        errors.push(RowError::at(
            cell_name(row.index, col),
            "无法确定专业：专业列为空，表名、标题和文件名中也没有已知专业".into(),
        ));
    }

    pub(super) fn read_training(&mut self, row: &RawRow) -> Result<(), Vec<RowError>> {
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
            errors.push(RowError::at(cell, hint));
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
    pub(super) fn push_training(
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
            source: self.tally.provenance(row.index, None),
        };
        self.tally.out.training.push(record);
    }

    pub(super) fn read_check(&mut self, row: &RawRow) -> Result<(), Vec<RowError>> {
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
                errors.push(RowError::at(cell, "缺少核查对象（单位名称或代码）和数量".into()));
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
            source: self.tally.provenance(row.index, None),
        };
        match self.header.kind {
            Kind::Enforcement => self.tally.out.enforcement.push(record),
            _ => self.tally.out.verification.push(record),
        }
        Ok(())
    }

    pub(super) fn add_sums(&mut self, s: Sums) {
        let groups = self.groups.iter_mut().map(|(sums, _)| sums);
        for sums in [&mut self.sums_sheet, &mut self.sums_section].into_iter().chain(groups) {
            sums.batches += s.batches;
            sums.attendees += s.attendees;
            sums.count += s.count;
        }
    }

    pub(super) fn finish(mut self) -> Ingested {
        self.tally.say_unknown_specialties();
        if let Some((_, cell)) = self.unknown_activities.first() {
            let names: Vec<String> = self.unknown_activities.iter().map(|(w, _)| format!("“{w}”")).collect();
            let message = format!(
                "活动类别{}不在活动目录中，按原样分别计数（可在 tongji.toml 的 [[activity]] 中把它们归入已有类别或添加新类别）",
                names.join("")
            );
            self.tally.finding(FindingKind::UnknownActivity, Severity::Warning, Some(cell.clone()), message);
        }
        if let (n @ 1.., Some(cell)) = self.off_year.clone() {
            let message =
                format!("{n}条记录的日期年份与标题或文件名中的{}年不同，请核对", self.context_year.unwrap_or_default());
            self.tally.finding(FindingKind::OffYear, Severity::Warning, Some(cell), message);
        }
        let fallback = self.fallback_specialty.as_ref().map(|s| s.name.clone());
        self.tally.finish(fallback.as_deref())
    }
}
