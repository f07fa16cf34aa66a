//! Reading one sheet: its kind, header, year and specialty, then every row into a record, a
//! totals row, a note, a blank or a reject — so that the sheet's ledger balances.

use std::collections::{BTreeMap, HashMap};

use super::cell::{cell_name, CellValue, RawRow, RawSheet};
use super::header::{find_header, find_header_any, kind_from_name, Field, Header};
use super::text::{fold, key};
use super::values::{find_year, parse_count, parse_date, CountError, DateError, DateValue};
use super::Ingested;
use crate::config::Catalogue;
use crate::model::{
    CheckRecord, Kind, Location, Problem, Provenance, RecordDate, Severity, SheetLedger, SheetStatus, SpecialtyName,
    TargetMetric, TargetRecord, TrainingRecord,
};

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
}

const TOTALS_WORDS: [&str; 4] = ["合计", "总计", "小计", "累计"];

struct Reader<'a> {
    sheet: &'a RawSheet,
    ctx: &'a SheetContext<'a>,
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
    /// The specialty column's texts already matched against the catalogue (a log repeats a
    /// handful of names over thousands of rows).
    matched: HashMap<String, SpecialtyName>,
    /// Records whose year differs from the title's: (count, first cell).
    off_year: (u32, Option<String>),
    /// Sums for the totals cross-check: whole sheet, and since the last totals row.
    sums_sheet: Sums,
    sums_section: Sums,
}

#[derive(Debug, Default, Clone, Copy)]
struct Sums {
    batches: i64,
    attendees: i64,
    count: i64,
}

/// Reads one sheet: its records, its one ledger entry and its problems.
pub fn read_sheet(sheet: &RawSheet, ctx: &SheetContext) -> Ingested {
    let sheet_label = ctx.has_sheets.then(|| sheet.name.clone());
    let mut ledger = SheetLedger {
        file: ctx.file.to_string(),
        sheet: sheet_label.clone(),
        kind: None,
        specialty: String::new(),
        header_row: None,
        rows_total: sheet.used_rows(),
        header_rows: 0,
        records: 0,
        totals: 0,
        notes: 0,
        blank: 0,
        rejected: 0,
        unrecognized: 0,
        status: SheetStatus::Read,
    };
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
    let header = match name_kind {
        Some(k) => find_header(sheet, k).or_else(|| {
            let h = find_header_any(sheet)?;
            out.problems.push(Problem {
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
        None => find_header_any(sheet),
    };
    let Some(mut header) = header else {
        let non_blank = sheet.rows.len() as u32;
        ledger.blank = ledger.rows_total - non_blank;
        match name_kind {
            Some(k) => {
                ledger.kind = Some(k);
                ledger.status = SheetStatus::NoHeader;
                ledger.rejected = non_blank;
                out.problems.push(Problem {
                    severity: Severity::Rejected,
                    location: location(None),
                    message: format!(
                        "未找到表头：前{}行中没有{}，整张表{}行未读取",
                        super::header::HEADER_SEARCH_ROWS,
                        header_requirement(k),
                        non_blank
                    ),
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
                if let Some(h) = find_header(sheet, title_kind) {
                    header = h;
                }
            }
        }
    }
    // Checks are enforcement when the names or the title say 执法.
    if header.kind == Kind::Verification
        && (name_kind == Some(Kind::Enforcement)
            || (name_kind.is_none() && kind_from_name(&title_text(sheet, header.first_row)) == Some(Kind::Enforcement)))
    {
        header.kind = Kind::Enforcement;
    }
    ledger.kind = Some(header.kind);
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
        header,
        context_year,
        fallback_specialty,
        source: (ctx.file.into(), if ctx.has_sheets { sheet.name.as_str().into() } else { ctx.file_stem.into() }),
        out,
        ledger,
        unknown_specialties: BTreeMap::new(),
        matched: HashMap::new(),
        off_year: (0, None),
        sums_sheet: Sums::default(),
        sums_section: Sums::default(),
    };
    reader.read_rows();
    reader.finish()
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
        Provenance { file: self.source.0.clone(), sheet: self.source.1.clone(), row: row + 1 }
    }

    fn read_rows(&mut self) {
        let first = self.header.last_row + 1;
        let total = self.ledger.rows_total;
        let start = self.sheet.rows.partition_point(|r| r.index < first);
        let mut expected = first;
        for row in &self.sheet.rows[start..] {
            self.ledger.blank += row.index - expected;
            expected = row.index + 1;
            self.read_row(row);
        }
        self.ledger.blank += total.saturating_sub(expected);
    }

    fn read_row(&mut self, row: &RawRow) {
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
        // Every totals word ends in 计: the key is only built for the few texts that hold one.
        if first_text.contains('计') && TOTALS_WORDS.iter().any(|w| key(first_text).contains(w)) {
            self.ledger.totals += 1;
            self.check_totals(row, first_text);
            return;
        }
        if self.is_note(row) {
            self.ledger.notes += 1;
            return;
        }
        let ok = match self.header.kind {
            Kind::Training => self.read_training(row),
            Kind::Verification | Kind::Enforcement => self.read_check(row),
            Kind::Targets => self.read_target(row),
        };
        match ok {
            Ok(()) => self.ledger.records += 1,
            Err(errors) => {
                self.ledger.rejected += 1;
                let (cell, _) = &errors[0];
                let message = errors.iter().map(|(_, m)| m.as_str()).collect::<Vec<_>>().join("；");
                let location = self.location(Some(cell.clone()));
                self.out.problems.push(Problem { severity: Severity::Rejected, location, message });
            }
        }
    }

    /// A single text cell that is not a date ("填表人：…  审核人：…"). A lone text in the unit or
    /// a count column (not the first column) is a record missing its date, not a note.
    fn is_note(&self, row: &RawRow) -> bool {
        let [(col, CellValue::Text(text))] = row.cells.as_slice() else {
            return false;
        };
        if parse_date(&CellValue::Text(text.clone()), self.context_year, false).is_ok() {
            return false;
        }
        let first_col = self.header.columns.iter().map(|(_, c)| *c).min().unwrap_or(0);
        match self.header.field_at(*col) {
            Some(f) if *col > first_col => !(f.is_measure() || f == Field::Unit || f == Field::UnitId),
            _ => true,
        }
    }

    fn check_totals(&mut self, row: &RawRow, first_text: &str) {
        let is_subtotal = key(first_text).contains("小计");
        let sums = if is_subtotal { self.sums_section } else { self.sums_sheet };
        let measures: [(Field, &str, i64); 3] = [
            (Field::Batches, "批次", sums.batches),
            (Field::Attendees, "人次", sums.attendees),
            (Field::Count, "数量", sums.count),
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
            self.out.problems.push(Problem {
                severity: Severity::Warning,
                location,
                message: format!("“{}”行与明细不符：{}（以明细为准）", fold(first_text), diffs.join("，")),
            });
        }
        self.sums_section = Sums::default();
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
        (!folded.is_empty()).then_some(folded)
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

    fn missing_specialty(&self, row: &RawRow, errors: &mut Vec<(String, String)>) {
        let col = self.header.column(Field::Specialty).unwrap_or(0);
        errors.push((cell_name(row.index, col), "无法确定专业：专业列为空，表名、标题和文件名中也没有已知专业".into()));
    }

    fn read_training(&mut self, row: &RawRow) -> Result<(), Vec<(String, String)>> {
        let mut errors = Vec::new();
        let date = self.date(row, &mut errors);
        let specialty = self.specialty(row);
        if specialty.is_none() {
            self.missing_specialty(row, &mut errors);
        }
        let batches = self.count(row, Field::Batches, "批次", &mut errors);
        let attendees = self.count(row, Field::Attendees, "人次", &mut errors);
        if attendees == Some(None) {
            let col = self.header.column(Field::Attendees);
            let cell = col.map(|c| cell_name(row.index, c)).unwrap_or_else(|| format!("第{}行", row.index + 1));
            errors.push((cell, "缺少人次".into()));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let (Some(date), Some(specialty), Some(batches), Some(Some(attendees))) = (date, specialty, batches, attendees)
        else {
            unreachable!("every missing value pushed an error")
        };
        let batches = batches.unwrap_or(1);
        self.add_sums(Sums { batches, attendees, count: 0 });
        let record = TrainingRecord {
            date,
            specialty,
            batches,
            attendees,
            topic: self.text(row, Field::Topic),
            remarks: self.text(row, Field::Remarks),
            source: self.provenance(row.index),
        };
        self.out.training.push(record);
        Ok(())
    }

    fn read_check(&mut self, row: &RawRow) -> Result<(), Vec<(String, String)>> {
        let mut errors = Vec::new();
        let date = self.date(row, &mut errors);
        let specialty = self.specialty(row);
        if specialty.is_none() {
            self.missing_specialty(row, &mut errors);
        }
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

    fn read_target(&mut self, row: &RawRow) -> Result<(), Vec<(String, String)>> {
        let mut errors = Vec::new();
        // A targets sheet names the specialty on every row; the sheet's name is no fallback.
        let specialty = match self.value(row, Field::Specialty) {
            Some((_, v)) if !fold(&v.display()).is_empty() => self.specialty(row),
            _ => {
                self.missing_specialty_target(row, &mut errors);
                None
            }
        };
        let metric = match self.value(row, Field::Metric) {
            Some((col, v)) => {
                let m = metric_from_text(&v.display());
                if m.is_none() {
                    errors.push((
                        cell_name(row.index, col),
                        format!("未知指标“{}”（应为培训批次、培训人次、核查、执法检查之一）", v.display()),
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
            self.out.problems.push(Problem {
                severity: Severity::Warning,
                location,
                message: format!("专业“{written}”不在专业目录中，按原样保留（可在 tongji.toml 中为它添加别名）"),
            });
        }
        if let (n @ 1.., Some(cell)) = self.off_year.clone() {
            let location = self.location(Some(cell));
            self.out.problems.push(Problem {
                severity: Severity::Warning,
                location,
                message: format!(
                    "{n}条记录的日期年份与标题或文件名中的{}年不同，请核对",
                    self.context_year.unwrap_or_default()
                ),
            });
        }
        let names: std::collections::BTreeSet<&str> = self
            .out
            .training
            .iter()
            .map(|r| &*r.specialty.name)
            .chain(self.out.verification.iter().chain(&self.out.enforcement).map(|r| &*r.specialty.name))
            .chain(self.out.targets.iter().map(|r| &*r.specialty.name))
            .collect();
        self.ledger.specialty = match names.len() {
            0 => self.fallback_specialty.as_ref().map(|s| s.name.to_string()).unwrap_or_default(),
            1 => names.iter().next().map(|s| s.to_string()).unwrap_or_default(),
            _ => "多个".into(),
        };
        self.out.ledger.push(self.ledger);
        self.out
    }
}

/// The target metric a 指标 text names.
pub fn metric_from_text(text: &str) -> Option<TargetMetric> {
    let k = key(text);
    if k.contains("人次") || k.contains("人数") {
        Some(TargetMetric::TrainingAttendees)
    } else if k.contains("批次") || k.contains("期数") || k.contains("场次") {
        Some(TargetMetric::TrainingBatches)
    } else if k.contains("执法") {
        Some(TargetMetric::Enforcement)
    } else if k.contains("核查") {
        Some(TargetMetric::Verification)
    } else {
        None
    }
}
