//! Layouts: a sheet of cells interpreted into records. [`classify`] decides once what a sheet is
//! (the only place that does); each layout then reads its rows — [`log`] one row per training,
//! check, inspection, activity or target (with [`sign_in`], [`activity`] and [`targets`] for the
//! rows of those sheets), [`by_month`] a table by month cell by cell — and every row of the
//! sheet lands in its ledger. [`header`] finds header rows and maps their columns to fields.

mod activity;
mod by_month;
mod classify;
pub mod header;
mod log;
mod side_by_side;
mod sign_in;
mod tally;
mod targets;

use self::classify::{classify, Classified, Layout, Refusal};
use self::header::{Field, HEADER_SEARCH_ROWS};
use crate::model::{
    column_name, Finding, FindingKind, Ingested, Kind, Location, RawSheet, Severity, SheetLedger, SheetStatus,
};
use crate::normalize::catalogue::Catalogue;

pub use self::activity::without_ordinal;
pub use self::targets::metric_from_text;

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
    /// The names of the workbook's sheets (none for a CSV file): a table whose rows are named
    /// after the others (城关镇, 东山乡) sums them, and its row names are no specialties.
    pub sheets: &'a [String],
    pub catalogue: &'a Catalogue,
    /// The categories of activities (会议台账): see [`crate::config::Config::activities`].
    pub activities: &'a Catalogue,
}

/// Reads one sheet: its records, its ledger entry (one per table side by side) and its findings.
pub fn read_sheet(sheet: &RawSheet, ctx: &SheetContext) -> Ingested {
    let tables = match side_by_side::tables(sheet, ctx) {
        side_by_side::Across::One => return read_table(sheet, ctx, false),
        side_by_side::Across::Alike(blocks, kind) => {
            return refused(sheet, ctx, Refusal::AlikeSideBySide { blocks, kind }, Vec::new())
        }
        side_by_side::Across::Tables(tables) => tables,
    };
    let mut out = Ingested::default();
    for (columns, table) in tables {
        let mut got = read_table(&table, ctx, true);
        drop(table);
        for l in &mut got.ledger {
            l.columns = Some(columns);
        }
        out.append(got);
    }
    out
}

/// Reads one table: a whole sheet, or (`beside`) one of the tables side by side on it.
fn read_table(sheet: &RawSheet, ctx: &SheetContext, beside: bool) -> Ingested {
    let Classified { layout, name_kind, findings } = classify(sheet, ctx, beside);
    match layout {
        Layout::Rows(header) => log::read(sheet, ctx, name_kind, header, findings),
        Layout::ByMonth(shape) => by_month::read(sheet, ctx, shape),
        Layout::Refused(refusal) => refused(sheet, ctx, refusal, findings),
        Layout::Empty => passed_over(sheet, ctx, SheetStatus::Empty),
        Layout::Unrecognized => passed_over(sheet, ctx, SheetStatus::Unrecognized),
        Layout::List => passed_over(sheet, ctx, SheetStatus::PassedOver(LIST)),
    }
}

fn ledger(sheet: &RawSheet, ctx: &SheetContext, status: SheetStatus) -> SheetLedger {
    let mut l =
        SheetLedger::new(ctx.file.to_string(), ctx.has_sheets.then(|| sheet.name.clone()), sheet.used_rows(), status);
    l.visibility = sheet.visibility;
    l
}

/// What a dropdown's source or lookup list is called in the ledger.
const LIST: &str = "下拉选项列表";

/// An empty sheet, one that is nothing of a bureau's (its rows counted as unrecognized), or a
/// dropdown's list (its rows notes).
fn passed_over(sheet: &RawSheet, ctx: &SheetContext, status: SheetStatus) -> Ingested {
    let mut ledger = ledger(sheet, ctx, status);
    let non_blank = sheet.rows.len() as u32;
    match ledger.status {
        SheetStatus::Unrecognized => {
            ledger.blank = ledger.rows_total - non_blank;
            ledger.unrecognized = non_blank;
        }
        SheetStatus::PassedOver(_) => {
            ledger.blank = ledger.rows_total - non_blank;
            ledger.notes = non_blank;
        }
        _ => {}
    }
    Ingested { ledger: vec![ledger], ..Ingested::default() }
}

/// A sheet refused whole: every row below its header (or every row, without one) rejected, with
/// one finding that says why and what to do.
fn refused(sheet: &RawSheet, ctx: &SheetContext, refusal: Refusal, mut findings: Vec<Finding>) -> Ingested {
    let mut ledger = ledger(sheet, ctx, SheetStatus::Read);
    let message = match refusal {
        Refusal::NoHeader { kind } | Refusal::MeetingOrTraining { kind } => {
            let non_blank = sheet.rows.len() as u32;
            ledger.blank = ledger.rows_total - non_blank;
            ledger.kind = Some(kind);
            ledger.status = SheetStatus::NoHeader;
            ledger.rejected = non_blank;
            if matches!(refusal, Refusal::MeetingOrTraining { .. }) {
                format!(
                    "表名或文件名是会议（活动）台账，表头也说到会议，但只有培训台账的列（如参会人数、姓名、签名），没有“类别”或“会议名称”列，无法确定是会议还是培训，整张表{non_blank}行未读取；会议台账请加“类别”或“会议名称”列，培训签到表请在表名或文件名中写明“培训”"
                )
            } else {
                format!(
                    "未找到表头：前{HEADER_SEARCH_ROWS}行中没有{}，整张表{non_blank}行未读取",
                    header_requirement(kind)
                )
            }
        }
        Refusal::AlikeSideBySide { blocks, kind } => {
            let non_blank = sheet.rows.len() as u32;
            ledger.blank = ledger.rows_total - non_blank;
            ledger.kind = kind;
            ledger.rejected = non_blank;
            let cols: Vec<String> =
                blocks.iter().map(|(a, b)| format!("{}:{}列", column_name(*a), column_name(*b))).collect();
            format!(
                "本表左右并排有{}张同类的表（{}），可能是几本台账，也可能是一张表被空列隔开，或台账和它的按月小计：无法确定哪些数该计入，整张表{non_blank}行未读取；几本台账请分放几张工作表，一张表请删去中间的空列，小计请移到别处",
                blocks.len(),
                cols.join("、")
            )
        }
        Refusal::SplitCount { header, field, parts } => {
            let non_blank = refused_below(&mut ledger, sheet, &header);
            let heading = sheet.get_filled(header.first_row, parts[0].0).map(|v| v.display()).unwrap_or_default();
            let cols: Vec<String> = parts.iter().map(|(c, t)| format!("{}列“{t}”", column_name(*c))).collect();
            format!(
                "“{heading}”分在{}中，没有合计的一列：只读其中一列会少算，把几列相加又不知是否就是全部，整张表{non_blank}行未读取；请在其下加一列“合计”（或只保留一列{}）",
                cols.join("、"),
                count_label(field)
            )
        }
        Refusal::TwoColumns { header, field, columns } => {
            let name = |c: u32| {
                let text = sheet.get_filled(header.first_row, c).or_else(|| sheet.get_filled(header.last_row, c));
                format!("{}列“{}”", column_name(c), text.map(|v| v.display()).unwrap_or_default())
            };
            let label = count_label(field);
            let non_blank = refused_below(&mut ledger, sheet, &header);
            format!(
                "{}和{}都像{label}列，无法确定以哪一列为准，整张表{non_blank}行未读取；请只保留一列{label}，或把另一列改名（如“其中：…”“计划…”）",
                name(columns.0),
                name(columns.1)
            )
        }
    };
    findings.push(Finding {
        kind: FindingKind::SheetRefused,
        severity: Severity::Rejected,
        location: Location {
            file: ctx.file.to_string(),
            sheet: ctx.has_sheets.then(|| sheet.name.clone()),
            cell: None,
        },
        message,
    });
    Ingested { ledger: vec![ledger], findings, ..Ingested::default() }
}

/// A count column as a message names it.
fn count_label(field: Field) -> &'static str {
    match field {
        Field::Batches => "批次",
        Field::Attendees => "人次",
        _ => "数量",
    }
}

/// The ledger of a sheet refused under its header: every non-blank row below it rejected.
fn refused_below(ledger: &mut SheetLedger, sheet: &RawSheet, header: &header::Header) -> u32 {
    let non_blank = sheet.rows.iter().filter(|r| r.index > header.last_row).count() as u32;
    ledger.kind = Some(header.kind);
    ledger.header_row = Some(header.last_row + 1);
    ledger.header_rows = header.last_row + 1;
    ledger.rejected = non_blank;
    ledger.blank = ledger.rows_total - ledger.header_rows - non_blank;
    non_blank
}

/// What a header of each kind needs, as a refusal says it.
fn header_requirement(kind: Kind) -> &'static str {
    match kind {
        Kind::Targets => "同时含“专业”“指标”“年度目标”列的行",
        Kind::Activity => "含“日期”列及“类别”或“会议名称”“活动名称”列的行",
        _ => "含“日期”列及至少另一个已知列的行",
    }
}
