//! Tables that sum others: a table by month that tabulates the logs kept on the other sheets of its
//! workbook (one log per 乡镇, per month or per section, and a 汇总 sheet over them), or a file
//! named as a summary (汇总) whose figures other files give row by row. Such a table is checked
//! against the rows it sums, cell by cell, as a 合计 row is, and never counted: read as a table of
//! its own it would count every check a second time, and its 乡镇 rows would become specialties.
//!
//! When a table by month is a summary, and why:
//! - its rows (or columns) are named after other sheets of its workbook (城关镇 over the sheet
//!   城关镇): it sums those sheets whatever it is called;
//! - or other sheets of its workbook give, row by row, figures of its kind for a specialty it
//!   states: one workbook does not keep the same checks twice, once by the row and once by the
//!   month;
//! - or its sheet name, title or file name says 汇总 (总表, 合计表) and other files give figures of
//!   its kind for a specialty it states: a section's log and the office's summary of it, both
//!   dropped in. (Without such a name, the two are both counted and a 疑似重复 says so:
//!   `check::duplicates::suspected_roll_ups`.)
//!
//! A table by month with nothing to check it against (no log of its kind and specialties anywhere
//! it could sum) is the only source of its figures, and is counted as before.
//!
//! Settled after every file is read (the details may be in another file), before the checks on
//! the records.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use chrono::Datelike;

use crate::model::{Finding, FindingKind, Ingested, Kind, Location, Provenance, RecordDate, Severity, SheetLedger};

/// What the ledger calls a table by month read as a summary of others.
const SUMMARY: &str = "汇总表，只核对";

/// A record as a summary is checked on it: kind, specialty, where, when and (批次, 人次 or 数量).
struct Figure<'a> {
    kind: Kind,
    specialty: &'a str,
    source: &'a Provenance,
    date: RecordDate,
    values: (i64, i64),
}

impl Figure<'_> {
    /// The year and the first and last months the figure covers: one month, or a quarter's three.
    fn months(&self) -> (i32, u32, u32) {
        (self.date.date.year(), self.date.date.month(), self.date.last_month().month())
    }
}

fn figures(ing: &Ingested) -> Vec<Figure<'_>> {
    let mut out = Vec::new();
    for r in &ing.training {
        out.push(Figure {
            kind: Kind::Training,
            specialty: &r.specialty.name,
            source: &r.source,
            date: r.date,
            values: (r.batches, r.attendees),
        });
    }
    for (kind, list) in [(Kind::Verification, &ing.verification), (Kind::Enforcement, &ing.enforcement)] {
        for r in list {
            out.push(Figure {
                kind,
                specialty: &r.specialty.name,
                source: &r.source,
                date: r.date,
                values: (0, r.count),
            });
        }
    }
    out
}

/// A table by month of the ledger, and the records it gave.
struct Table {
    ledger: usize,
    file: String,
    sheet: String,
}

impl Table {
    fn holds(&self, l: &SheetLedger, src: &Provenance) -> bool {
        src.col.is_some_and(|c| l.columns.is_none_or(|(first, last)| (first..=last).contains(&c)))
            && *src.file == *self.file
            && *src.sheet == *self.sheet
    }
}

/// Where a summary's details are.
enum Scope {
    /// The logs of its workbook: its other sheets, and a log beside it on its own sheet (a month
    /// tally kept to the right of the log it tallies). Only rows of logs are details, never the
    /// cells of a table by month.
    Workbook,
    /// The other files of the input.
    OtherFiles,
}

/// Settles every table by month that sums others: its records taken out of the counts, each of
/// its figures checked against the rows it sums, its ledger rows counted as totals.
pub(crate) fn settle(ing: &mut Ingested) {
    let tables: Vec<Table> = ing
        .ledger
        .iter()
        .enumerate()
        .filter(|(_, l)| matches!(l.layout, Some("按月汇总" | "按季度汇总")) && l.records > 0)
        .map(|(i, l)| Table {
            ledger: i,
            file: l.file.clone(),
            sheet: l.sheet.clone().unwrap_or_else(|| stem(&l.file)),
        })
        .collect();
    if tables.is_empty() {
        return;
    }
    let mut settled: Vec<(usize, Vec<Finding>, String, u32)> = Vec::new();
    let mut drop: HashSet<(String, String, u32, u32)> = HashSet::new();
    {
        let figs = figures(ing);
        // The rows of logs (a record that is a whole row), summed by file, sheet, kind, specialty
        // and month.
        type Group<'a> = (&'a str, &'a str, Kind, &'a str, (i32, u32));
        let mut details: BTreeMap<Group, (i64, i64)> = BTreeMap::new();
        for f in figs.iter().filter(|f| f.source.col.is_none()) {
            let (year, month, _) = f.months();
            let e = details.entry((&f.source.file, &f.source.sheet, f.kind, f.specialty, (year, month))).or_default();
            e.0 += f.values.0;
            e.1 += f.values.1;
        }
        let sheets_of = |file: &str| -> BTreeSet<&str> {
            ing.ledger.iter().filter(|l| l.file == file).filter_map(|l| l.sheet.as_deref()).collect()
        };
        for t in &tables {
            let l = &ing.ledger[t.ledger];
            let own: Vec<&Figure> = figs.iter().filter(|f| t.holds(l, f.source)).collect();
            let siblings: BTreeSet<&str> = sheets_of(&t.file).into_iter().filter(|s| *s != t.sheet).collect();
            // A figure named after another sheet of the workbook that logs rows of its kind (城关镇
            // over the sheet 城关镇): that sheet is what it sums. A sheet named after a specialty
            // that logs another kind (核查 on the sheet 贸易) is not what a training figure sums.
            let sheet_named = |f: &Figure| {
                siblings.contains(f.specialty)
                    && details.keys().any(|g| g.0 == t.file && g.1 == f.specialty && g.2 == f.kind)
            };
            let by_sheet = own.iter().any(|f| sheet_named(f));
            let in_scope = |scope: &Scope, g: &Group| match scope {
                Scope::Workbook => g.0 == t.file,
                Scope::OtherFiles => g.0 != t.file,
            };
            // The rows a figure sums in a scope: of its sheet or its specialty, kind and year.
            let of_figure = |scope: &Scope, f: &Figure, g: &Group| {
                in_scope(scope, g)
                    && g.2 == f.kind
                    && g.4 .0 == f.months().0
                    && if sheet_named(f) { g.1 == f.specialty } else { g.3 == f.specialty }
            };
            // Each figure against the rows of its group and months in a scope: (whether any row of
            // its group is there at all, the rows' sums, whether they differ).
            let compared = |scope: &Scope| -> Vec<(bool, (i64, i64), bool)> {
                own.iter()
                    .map(|f| {
                        let (_, first, last) = f.months();
                        let has = details.keys().any(|g| of_figure(scope, f, g));
                        let (b, n) = details
                            .iter()
                            .filter(|(g, _)| of_figure(scope, f, g) && (first..=last).contains(&g.4 .1))
                            .fold((0, 0), |acc, (_, v)| (acc.0 + v.0, acc.1 + v.1));
                        // A table may state 批次 or 人次 alone: what it states is checked.
                        let batches_differ = f.kind == Kind::Training && f.values.0 != 0 && f.values.0 != b;
                        let count_differs = (f.values.1 != 0 || f.values.0 == 0) && f.values.1 != n;
                        (has, (b, n), count_differs || batches_differ)
                    })
                    .collect()
            };
            // A table named after the workbook's sheets sums them; any other is a summary only
            // when at least half of its figures that have rows to be checked against equal them
            // (the rows of its workbook, or, named as a summary, of other files): a table that
            // shares a specialty with a log but not its figures is a source of its own, and counted.
            let agrees = |c: &[(bool, (i64, i64), bool)]| {
                let checked = c.iter().filter(|(has, ..)| *has).count();
                let equal = c.iter().filter(|(has, (_, n), differs)| *has && !differs && *n != 0).count();
                equal > 0 && equal * 2 >= checked
            };
            let in_workbook = compared(&Scope::Workbook);
            let (scope, compared) = if by_sheet || agrees(&in_workbook) {
                (Scope::Workbook, in_workbook)
            } else if l.summary_named && agrees(&compared(&Scope::OtherFiles)) {
                (Scope::OtherFiles, compared(&Scope::OtherFiles))
            } else {
                continue;
            };
            let mut findings = Vec::new();
            // A figure whose group has no row anywhere in the scope (a specialty no sheet logs) is
            // the only source of its number: counted, and said.
            let mut alone: BTreeSet<&str> = BTreeSet::new();
            let mut rows_dropped: BTreeMap<u32, bool> = BTreeMap::new();
            for (f, (has, (b, n), differs)) in own.iter().zip(compared) {
                if !has {
                    alone.insert(f.specialty);
                    rows_dropped.insert(f.source.row, false);
                    continue;
                }
                rows_dropped.entry(f.source.row).or_insert(true);
                let sheet_named = sheet_named(f);
                if differs {
                    let stated = say(f.kind, f.values);
                    let summed = say(f.kind, (b, n));
                    let whose = if sheet_named {
                        format!("工作表“{}”中", f.specialty)
                    } else {
                        match scope {
                            Scope::Workbook => format!("本工作簿中{}", f.specialty),
                            Scope::OtherFiles => format!("其他文件中{}", f.specialty),
                        }
                    };
                    findings.push(Finding {
                        kind: FindingKind::TotalsDisagree,
                        severity: Severity::Warning,
                        location: Location {
                            file: t.file.clone(),
                            sheet: l.sheet.clone(),
                            cell: Some(f.source.place()),
                        },
                        message: format!(
                            "汇总表与明细不符：{}{}{}为{stated}，{whose}{}逐条记录之和为{summed}（以明细为准）",
                            f.date.describe(),
                            if sheet_named { f.specialty } else { "" },
                            f.kind.label(),
                            if f.date.quarter_only { "该季度" } else { "该月" }
                        ),
                    });
                }
                drop.insert((t.file.clone(), t.sheet.clone(), f.source.row, f.source.col.unwrap_or(0)));
            }
            let what = if by_sheet {
                let named: BTreeSet<&str> = own.iter().filter(|f| sheet_named(f)).map(|f| f.specialty).collect();
                format!("本工作簿中{}各表", named.into_iter().map(|s| format!("“{s}”")).collect::<Vec<_>>().join("、"))
            } else {
                match scope {
                    Scope::Workbook => "本工作簿中".to_string(),
                    Scope::OtherFiles => "其他文件中".to_string(),
                }
            };
            let checked = own.len() - own.iter().filter(|f| alone.contains(f.specialty)).count();
            let disagree = findings.len();
            let verdict = if disagree == 0 {
                format!("{checked}个数字都与明细相符")
            } else {
                format!("{checked}个数字中{disagree}个与明细不符（见下）")
            };
            let alone_said = if alone.is_empty() {
                String::new()
            } else {
                format!(
                    "；{}没有逐条记录可核对，本表的数是唯一来源，照常计入",
                    alone.into_iter().collect::<Vec<_>>().join("、")
                )
            };
            let note =
                format!("本表是{what}逐条记录的汇总：只与明细核对，不再计入（否则重复计算）；{verdict}{alone_said}");
            let dropped_rows = rows_dropped.values().filter(|d| **d).count() as u32;
            settled.push((t.ledger, findings, note, dropped_rows));
        }
    }
    if settled.is_empty() {
        return;
    }
    let kept = |src: &Provenance| {
        src.col.is_none_or(|c| !drop.contains(&(src.file.to_string(), src.sheet.to_string(), src.row, c)))
    };
    ing.training.retain(|r| kept(&r.source));
    ing.verification.retain(|r| kept(&r.source));
    ing.enforcement.retain(|r| kept(&r.source));
    // What was said of a summary's own figures as if they counted (批次 without 人次) no longer
    // applies.
    let summaries: HashSet<(String, Option<String>)> =
        settled.iter().map(|(i, ..)| (ing.ledger[*i].file.clone(), ing.ledger[*i].sheet.clone())).collect();
    ing.findings.retain(|f| {
        f.kind != FindingKind::OneSideOnly || !summaries.contains(&(f.location.file.clone(), f.location.sheet.clone()))
    });
    let mut said = Vec::new();
    for (i, findings, note, dropped_rows) in settled {
        let l = &mut ing.ledger[i];
        // A row all of whose figures are checked and not counted is a totals row; a row with a
        // figure nothing else gives stays a record row.
        let dropped_rows = dropped_rows.min(l.records);
        l.totals += dropped_rows;
        l.records -= dropped_rows;
        if l.records == 0 {
            l.layout = Some(SUMMARY);
        }
        said.push(Finding {
            kind: FindingKind::SummaryOfOthers,
            severity: Severity::Warning,
            location: Location { file: l.file.clone(), sheet: l.sheet.clone(), cell: None },
            message: note,
        });
        said.extend(findings);
    }
    ing.findings.extend(said);
}

/// How a message says a figure: 批次 and 人次 for a training, the count for a check.
fn say(kind: Kind, (batches, n): (i64, i64)) -> String {
    match kind {
        Kind::Training if batches != 0 => format!("{batches}批次{n}人次"),
        Kind::Training => format!("{n}人次"),
        _ => format!("{n}"),
    }
}

/// A CSV file's name without its extension: its one "sheet".
fn stem(file: &str) -> String {
    let name = file.rsplit(['/', '\\']).next().unwrap_or(file);
    name.rsplit_once('.').map_or(name, |(s, _)| s).to_string()
}
