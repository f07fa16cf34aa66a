//! The `tongji check` report: the ledger of every sheet, then every rejected row and warning.

use std::fmt::Write;
use std::path::Path;

use super::{write_file, Output, Report};
use crate::error::Error;

use crate::model::Ingested;
use crate::model::{FileStatus, Severity, SheetLedger, SheetStatus, LEDGER_COLUMNS, LEDGER_EQUATION};
use crate::normalize::text::display_width;

/// Pads a cell to a display width (CJK characters count two columns).
fn pad(s: &str, width: usize, right: bool) -> String {
    let fill = " ".repeat(width.saturating_sub(display_width(s)));
    if right {
        format!("{fill}{s}")
    } else {
        format!("{s}{fill}")
    }
}

/// A plain text table; numeric columns (by index) are right-aligned.
fn table(head: &[&str], rows: &[Vec<String>], numeric_from: usize) -> String {
    let mut widths: Vec<usize> = head.iter().map(|h| display_width(h)).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(display_width(c));
        }
    }
    let mut out = String::new();
    let line = |cells: Vec<String>| -> String {
        let parts: Vec<String> = cells.iter().enumerate().map(|(i, c)| pad(c, widths[i], i >= numeric_from)).collect();
        parts.join("  ").trim_end().to_string()
    };
    out.push_str(&line(head.iter().map(|s| s.to_string()).collect()));
    out.push('\n');
    let total: usize = widths.iter().sum::<usize>() + 2 * (widths.len() - 1);
    out.push_str(&"-".repeat(total));
    out.push('\n');
    for r in rows {
        out.push_str(&line(r.clone()));
        out.push('\n');
    }
    out
}

/// The hidden sheets read as logs, said because their records are counted though nobody sees
/// them (an old copy left hidden would count twice): a heading line, then one line a sheet.
pub fn hidden(ing: &Ingested) -> Vec<String> {
    let sheets = ing.hidden_logs();
    if sheets.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![format!(
        "读取了隐藏的工作表{}张，其中的记录已计入（如是旧的副本或草稿，请删除或移出后重新运行）：",
        sheets.len()
    )];
    for (l, how) in sheets {
        lines.push(format!("  {} [{}]（{how}）：{}条记录", l.file, l.sheet_label(), l.records));
    }
    lines
}

/// "  copy：与“original”内容完全相同" for every input that was a byte-identical copy.
pub fn copies(ing: &Ingested) -> Vec<String> {
    ing.copies().into_iter().map(|(copy, of)| format!("  {copy}：与“{of}”内容完全相同")).collect()
}

/// The whole report, as printed by `tongji check`.
pub fn render(input: &str, ing: &Ingested) -> String {
    let mut out = String::new();
    ledger_table(&mut out, input, ing);
    file_lists(&mut out, ing);
    findings(&mut out, ing);
    out
}

/// The files found, then the ledger of every sheet with its 合计 row, then the records by kind.
fn ledger_table(out: &mut String, input: &str, ing: &Ingested) {
    let read = ing.files.iter().filter(|f| matches!(f.status, FileStatus::Read { .. })).count();
    let skipped = ing
        .files
        .iter()
        .filter(|f| matches!(f.status, FileStatus::Skipped { .. } | FileStatus::Duplicate { .. }))
        .count();
    let failed = ing.files.iter().filter(|f| matches!(f.status, FileStatus::Failed { .. })).count();
    let _ = writeln!(
        out,
        "输入文件夹 {input}：共{}个文件，读取{read}个，跳过{skipped}个，无法读取{failed}个\n",
        ing.files.len()
    );

    let head = LEDGER_COLUMNS;
    let mut rows: Vec<Vec<String>> = ing
        .ledger
        .iter()
        .map(|l| {
            let mut cells = vec![
                l.file.clone(),
                l.sheet_label(),
                l.kind_label(),
                l.specialty.clone(),
                l.header_row.map(|h| h.to_string()).unwrap_or_default(),
            ];
            cells.extend(l.counts().iter().map(|n| n.to_string()));
            cells
        })
        .collect();
    let sum = |f: fn(&SheetLedger) -> u32| ing.ledger.iter().map(f).sum::<u32>().to_string();
    rows.push(vec![
        "合计".into(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        sum(|l| l.rows_read()),
        sum(|l| l.records),
        sum(|l| l.totals),
        sum(|l| l.notes),
        sum(|l| l.repeated_headers),
        sum(|l| l.blank),
        sum(|l| l.rejected),
        sum(|l| l.unrecognized),
    ]);
    let _ = writeln!(out, "各工作表读取情况（{LEDGER_EQUATION}）");
    out.push_str(&table(&head, &rows, 4));
    let unbalanced: Vec<&SheetLedger> = ing.ledger.iter().filter(|l| !l.balances()).collect();
    for l in &unbalanced {
        let _ = writeln!(out, "！台账不平：{} [{}]", l.file, l.sheet_label());
    }
    let _ = writeln!(
        out,
        "\n记录：培训{}条，核查{}条，执法检查{}条，会议和活动{}条，目标{}条",
        ing.training.len(),
        ing.verification.len(),
        ing.enforcement.len(),
        ing.activity.len(),
        ing.targets.len()
    );
}

/// The files read in a format other than xlsx, the files passed over, the copies, the suspected
/// duplicates and the sheets that are nothing of a bureau's.
fn file_lists(out: &mut String, ing: &Ingested) {
    let formats: Vec<String> = ing
        .files
        .iter()
        .filter_map(|f| match &f.status {
            FileStatus::Read { format } if format != "xlsx" => Some(format!("  {}：{format}", f.file)),
            _ => None,
        })
        .collect();
    if !formats.is_empty() {
        let _ = writeln!(out, "\n按格式读取的非xlsx文件：\n{}", formats.join("\n"));
    }
    let skipped: Vec<String> = ing
        .files
        .iter()
        .filter_map(|f| match &f.status {
            FileStatus::Skipped { reason } => Some(format!("  {}：{reason}", f.file)),
            _ => None,
        })
        .collect();
    if !skipped.is_empty() {
        let _ = writeln!(out, "\n跳过的文件（{}）：\n{}", skipped.len(), skipped.join("\n"));
    }
    let hidden = hidden(ing);
    if !hidden.is_empty() {
        let _ = writeln!(out);
        for line in hidden {
            let _ = writeln!(out, "{line}");
        }
    }
    let copies = copies(ing);
    if !copies.is_empty() {
        let _ = writeln!(out, "\n重复放入的文件（{}），只读取一次：\n{}", copies.len(), copies.join("\n"));
    }
    let suspected = crate::model::count_suspected(&ing.findings);
    if suspected > 0 {
        let _ = writeln!(out, "\n疑似重复的记录{suspected}条（不同文件中内容相同，均已计入，详见下面的提示）");
    }
    let unrecognized: Vec<String> = ing
        .ledger
        .iter()
        .filter(|l| l.status == SheetStatus::Unrecognized)
        .map(|l| format!("  {} [{}]：表名和表头都不像培训、核查、执法检查或目标表，未读取", l.file, l.sheet_label()))
        .collect();
    if !unrecognized.is_empty() {
        let _ = writeln!(out, "\n未识别的工作表（{}）：\n{}", unrecognized.len(), unrecognized.join("\n"));
    }
}

/// Every finding, the rejections first, then the conclusion.
fn findings(out: &mut String, ing: &Ingested) {
    for (severity, title) in [(Severity::Rejected, "未能读取（拒收）"), (Severity::Warning, "提示")] {
        let list: Vec<String> =
            ing.findings.iter().filter(|p| p.severity == severity).map(|p| format!("  {p}")).collect();
        if !list.is_empty() {
            let _ = writeln!(out, "\n{title}（{}）：\n{}", list.len(), list.join("\n"));
        }
    }
    if ing.has_rejections() {
        let account = super::summary::Rejections::of(ing);
        let _ = writeln!(out, "\n结论：{}，汇总数字将不含这些内容。请按上面的位置修改后重新运行。", account.phrase());
    } else {
        let _ = writeln!(out, "\n结论：全部读取，没有拒收的行。");
    }
}

/// 读取情况.txt: the same text as `tongji check`.
pub struct ReadingLedger;

/// The reading ledger's file in the period folder.
const FILE: &str = "读取情况.txt";

impl Output for ReadingLedger {
    fn name(&self) -> &'static str {
        "读取情况"
    }

    fn write(&self, report: &Report, dir: &Path) -> Result<Vec<String>, Error> {
        let text = render(&report.input.display().to_string(), report.ingested);
        write_file(dir, FILE.into(), text.as_bytes())
    }
}
