//! The console summary at the end of `tongji run`: period, headline figures, findings, files.

use std::fmt::Write;
use std::path::Path;

use crate::model::period::Window;
use crate::model::Ingested;
use crate::model::{Figures, Metric, Provenance, Severity, SpecialtyName, Standing, TOTAL};
use crate::normalize::catalogue::Catalogue;
use crate::normalize::departments::Departments;
use crate::normalize::text::key;

/// What could not be used, counted apart: rows, whole sheets and files.
pub struct Rejections {
    pub rows: u32,
    pub sheets: usize,
    pub files: usize,
}

/// How many rejected rows the console lists before pointing to 读取情况.txt.
const LISTED_ROWS: usize = 10;

impl Rejections {
    pub fn of(ing: &Ingested) -> Rejections {
        let files = ing.files.iter().filter(|f| matches!(f.status, crate::model::FileStatus::Failed { .. })).count();
        let sheets = ing
            .findings
            .iter()
            .filter(|p| p.severity == Severity::Rejected && p.location.sheet.is_some() && p.location.cell.is_none())
            .count();
        let csv_sheets = ing
            .findings
            .iter()
            .filter(|p| {
                p.severity == Severity::Rejected
                    && p.location.sheet.is_none()
                    && p.location.cell.is_none()
                    && ing.ledger.iter().any(|l| l.file == p.location.file && l.sheet.is_none() && l.rejected > 0)
            })
            .count();
        let rows = ing.ledger.iter().map(|l| l.rejected).sum();
        Rejections { rows, sheets: sheets + csv_sheets, files }
    }

    pub fn any(&self) -> bool {
        self.rows > 0 || self.sheets > 0 || self.files > 0
    }

    /// "拒收12行（其中整张表未读取2张）、无法读取的文件1个", or "没有拒收".
    pub fn phrase(&self) -> String {
        let mut parts = Vec::new();
        if self.rows > 0 || self.sheets > 0 {
            let sheets = if self.sheets > 0 {
                format!("（其中整张表未读取{}张）", self.sheets)
            } else {
                String::new()
            };
            parts.push(format!("拒收{}行{sheets}", self.rows));
        }
        if self.files > 0 {
            parts.push(format!("无法读取的文件{}个", self.files));
        }
        if parts.is_empty() {
            "没有拒收".to_string()
        } else {
            parts.join("、")
        }
    }

    /// Each file that could not be read and each sheet refused whole, a line each, then the first
    /// rejected rows with their place and reason: what the clerk must act on, on the console.
    fn list(&self, ing: &Ingested, out: &mut String) {
        let whole: Vec<&crate::model::Finding> =
            ing.findings.iter().filter(|p| p.severity == Severity::Rejected && p.location.cell.is_none()).collect();
        if !whole.is_empty() {
            let _ = writeln!(out, "未能读取的文件和工作表：");
            for p in &whole {
                let _ = writeln!(out, "  {p}");
            }
        }
        let rows: Vec<&crate::model::Finding> =
            ing.findings.iter().filter(|p| p.severity == Severity::Rejected && p.location.cell.is_some()).collect();
        if !rows.is_empty() {
            let _ = writeln!(out, "拒收的行：");
            for p in rows.iter().take(LISTED_ROWS) {
                let _ = writeln!(out, "  {p}");
            }
            if rows.len() > LISTED_ROWS {
                let _ = writeln!(out, "  ……另有{}条，见读取情况.txt", rows.len() - LISTED_ROWS);
            }
        }
    }
}

/// What the summary says about where the outputs went.
pub struct Written<'a> {
    pub folder: &'a Path,
    pub files: &'a [String],
    /// True when the period was taken from the records rather than given.
    pub period_chosen: bool,
    /// The catalogues the run used, to suggest where an unknown name may belong.
    pub catalogue: &'a Catalogue,
    pub activities: &'a Catalogue,
    pub departments: &'a Departments,
}

pub fn render(figures: &Figures, ingested: &Ingested, written: &Written) -> String {
    let p = figures.period;
    let mut out = String::new();
    let how = if written.period_chosen { "（未指定 --period，取记录中最晚的月份）" } else { "" };
    let _ = writeln!(out, "统计月份：{p}{how}");
    // Months without any record: their zeros are ledgers not yet kept, said before any figure.
    if let Some(note) = figures.empty_months_note() {
        let _ = writeln!(out, "！{note}");
    }
    let ytd = p.span(Window::Ytd).label();
    // A year to date that ends inside a quarter leaves out the records kept by quarter: said on
    // the line of each figure that leaves them out.
    let note = |metrics: &[Metric]| {
        figures.quarterly_note_of(metrics, Window::Ytd).map(|n| format!("（{n}）")).unwrap_or_default()
    };
    let value = |m: Metric, s: &str| figures.get(Window::Ytd, m, s).map(|r| r.value);
    if let (Some(b), Some(a)) = (value(Metric::TrainingBatches, TOTAL), value(Metric::TrainingAttendees, TOTAL)) {
        let _ = writeln!(out, "{ytd}：各专业培训{b}批次、{a}人次{}", note(&[Metric::TrainingBatches]));
    }
    let checks: Vec<String> = figures
        .of(Window::Ytd, Metric::Verification)
        .map(|r| format!("{}{}{}", r.specialty, r.value, r.unit.label()))
        .collect();
    if !checks.is_empty() {
        let _ = writeln!(out, "{ytd}：核查 {}{}", checks.join("、"), note(&[Metric::Verification]));
    }
    let enf = figures.total(Window::Ytd, Metric::Enforcement);
    let joint = figures.total(Window::Ytd, Metric::EnforcementJoint);
    if figures.has(Metric::Enforcement) {
        let _ = writeln!(out, "{ytd}：执法检查{enf}家次（其中联合检查{joint}家次）{}", note(&[Metric::Enforcement]));
    }
    let activities: Vec<String> = figures
        .of(Window::Ytd, Metric::Activity)
        .filter(|r| r.value > 0)
        .map(|r| format!("{}{}次", r.specialty, r.value))
        .collect();
    if !activities.is_empty() {
        let _ = writeln!(out, "{ytd}：会议和活动 {}", activities.join("、"));
    }
    let with_target: Vec<_> = figures.targeted().collect();
    if !with_target.is_empty() {
        let counts: Vec<String> = Standing::ALL
            .iter()
            .map(|s| (s, with_target.iter().filter(|r| r.standing() == Some(*s)).count()))
            .filter(|(_, n)| *n > 0)
            .map(|(s, n)| format!("{}{n}项", s.label()))
            .collect();
        let by_quarter = figures.targets_quarterly_note().map(|n| format!("；{n}")).unwrap_or_default();
        let _ = writeln!(
            out,
            "年度目标{}项：{}（序时进度{:.1}%{by_quarter}）",
            with_target.len(),
            counts.join("，"),
            p.time_progress() * 100.0
        );
    }
    unknown_names(&mut out, ingested, written);
    // 读取情况.txt lists the warnings of reading; the figures' own (a 合计 compared over part of
    // last year) are in the workbook only: the count says both, so neither file seems to miss one.
    let of_reading = ingested.findings.iter().filter(|p| p.severity == Severity::Warning).count();
    let of_figures = figures.findings.iter().filter(|p| p.severity == Severity::Warning).count();
    let warnings = of_reading + of_figures;
    let suspected = crate::model::count_suspected(&ingested.findings);
    let suspected_text = if suspected > 0 { format!("，疑似重复记录{suspected}条") } else { String::new() };
    let account = Rejections::of(ingested);
    let _ = writeln!(
        out,
        "读取：{}个文件、{}张表；{}，提示{warnings}条{suspected_text}{}",
        ingested.files.len(),
        ingested.ledger.len(),
        account.phrase(),
        match (of_figures > 0, account.any() || warnings > 0) {
            (true, _) => format!("（读取时{of_reading}条、汇总时{of_figures}条，详见“数据质量”工作表）"),
            (false, true) => "（详见“数据质量”工作表）".to_string(),
            (false, false) => String::new(),
        }
    );
    let in_month = |d: chrono::NaiveDate| {
        use chrono::Datelike;
        d.year() == p.year && d.month() == p.month
    };
    // A quarter's record is in no month of its own (its quarter is said with the figures).
    let in_month = |d: &crate::model::RecordDate| !d.quarter_only && in_month(d.date);
    let month_has_records = ingested.training.iter().any(|r| in_month(&r.date))
        || ingested.verification.iter().chain(&ingested.enforcement).any(|r| in_month(&r.date));
    if !month_has_records {
        let _ = writeln!(out, "注意：{p}没有任何记录，本月的数字都是0（本季、累计照常汇总）");
    }
    for line in super::reading::hidden(ingested) {
        let _ = writeln!(out, "{line}");
    }
    let copies = super::reading::copies(ingested);
    if !copies.is_empty() {
        let _ = writeln!(out, "重复放入的文件{}个，只读取一次：", copies.len());
        for c in copies {
            let _ = writeln!(out, "{c}");
        }
    }
    account.list(ingested, &mut out);
    for p in figures.findings.iter().filter(|p| p.severity == Severity::Rejected) {
        let _ = writeln!(out, "未能生成：{}", p.message);
    }
    let _ = writeln!(out, "输出：{}/", written.folder.display());
    for f in written.files {
        let _ = writeln!(out, "  {f}");
    }
    out
}

/// The most unknown names of one kind listed on the console; the rest are in 读取情况.txt.
const LISTED_NAMES: usize = 10;

/// One name no catalogue knows: its records, where it was first met, in how many sheets.
struct Unknown {
    name: String,
    records: usize,
    first: String,
    sheets: Vec<(String, String)>,
}

/// The names kept as written because no catalogue knows them, gathered in the order met.
fn gather<'r>(names: impl Iterator<Item = (&'r SpecialtyName, &'r Provenance)>) -> Vec<Unknown> {
    let mut found: Vec<Unknown> = Vec::new();
    for (name, src) in names.filter(|(n, _)| !n.known) {
        let sheet = (src.file.to_string(), src.sheet.to_string());
        match found.iter_mut().find(|u| *u.name == *name.name) {
            Some(u) => {
                u.records += 1;
                if !u.sheets.contains(&sheet) {
                    u.sheets.push(sheet);
                }
            }
            None => found.push(Unknown {
                name: name.name.to_string(),
                records: 1,
                first: format!("{} [{}] {}", src.file, src.sheet, src.place()),
                sheets: vec![sheet],
            }),
        }
    }
    found
}

/// Each name that matched no catalogue is its own line in every output: a figure split between
/// "规上" and "规上工业" is short in silence unless someone sees it. Said under the figures, with
/// its records, where it was met, and the lines of tongji.toml that fold it into a name the
/// catalogue has (the nearest one, named for the clerk to confirm, never applied by itself).
fn unknown_names(out: &mut String, ingested: &Ingested, written: &Written) {
    let specialties = gather(
        ingested
            .training
            .iter()
            .map(|r| (&r.specialty, &r.source))
            .chain(ingested.verification.iter().chain(&ingested.enforcement).map(|r| (&r.specialty, &r.source))),
    );
    let activities = gather(ingested.activity.iter().map(|r| (&r.category, &r.source)));
    // Partner departments no list knows, one name a part of a 联合部门 cell.
    let parts: Vec<(SpecialtyName, &Provenance)> = ingested
        .enforcement
        .iter()
        .filter_map(|r| r.partner.as_deref().map(|p| (p, &r.source)))
        .flat_map(|(p, src)| written.departments.split(p).into_iter().map(move |part| (part, src)))
        .flat_map(|(part, src)| unknown_departments(written.departments, &part).into_iter().map(move |u| (u, src)))
        .map(|(part, src)| (SpecialtyName { name: part.as_str().into(), known: false }, src))
        .collect();
    let departments = gather(parts.iter().map(|(n, src)| (n, *src)));
    say_departments(out, &departments);
    for (found, what, table, catalogue) in [
        (specialties, "专业", "specialty", written.catalogue),
        (activities, "活动类别", "activity", written.activities),
    ] {
        if found.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "不在{}目录中的{what}名称{}个，按原样各自单列，未并入任何{what}（请核对；需要并入时在 tongji.toml 中加别名）：",
            if table == "specialty" { "专业" } else { "活动" },
            found.len()
        );
        for u in found.iter().take(LISTED_NAMES) {
            let more = if u.sheets.len() > 1 { format!("（共{}张表）", u.sheets.len()) } else { String::new() };
            let _ = writeln!(out, "  {what}“{}”：{}条记录，如 {}{more}", u.name, u.records, u.first);
            let candidates = nearest(catalogue, &u.name);
            match candidates.first() {
                Some(known) => {
                    if candidates.len() > 1 {
                        let all: Vec<String> = candidates.iter().map(|c| format!("“{c}”")).collect();
                        let _ = writeln!(out, "    可能是{}之一，请核对；", all.join(""));
                    }
                    let _ = writeln!(out, "    若就是“{known}”，在 tongji.toml 中加：");
                    let _ =
                        writeln!(out, "      [[{table}]]\n      name = \"{known}\"\n      aliases = [\"{}\"]", u.name);
                }
                None => {
                    let _ = writeln!(out, "    若是另一个{what}，在 tongji.toml 中加：");
                    let _ = writeln!(out, "      [[{table}]]\n      name = \"{}\"", u.name);
                }
            }
        }
        if found.len() > LISTED_NAMES {
            let _ = writeln!(out, "  ……另有{}个，见读取情况.txt", found.len() - LISTED_NAMES);
        }
    }
}

/// The departments a partner part names that no list knows: the part itself when it names none;
/// and in "县教育局和县消防救援大队", kept whole because 教育 is unknown (and counted under 消防 alone),
/// the pieces no list knows beside one that a list knows by itself.
fn unknown_departments(departments: &Departments, part: &str) -> Vec<String> {
    if departments.known(part).is_none() {
        return vec![part.to_string()];
    }
    let pieces: Vec<&str> = part.split(['和', '及', '与']).map(str::trim).filter(|p| !p.is_empty()).collect();
    let known_alone = pieces.iter().any(|p| departments.known(p).is_some());
    if pieces.len() < 2 || !known_alone {
        return Vec::new();
    }
    pieces.into_iter().filter(|p| departments.known(p).is_none()).map(str::to_string).collect()
}

/// Partner departments no list knows: kept as written in the report ("与县教育局联合"), and
/// said with the lines of tongji.toml that give them the short name a report uses.
fn say_departments(out: &mut String, found: &[Unknown]) {
    if found.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "不在部门名单中的联合部门{}个，报告中按原样写出（请核对；需要简称时在 tongji.toml 中加）：",
        found.len()
    );
    for u in found.iter().take(LISTED_NAMES) {
        let more = if u.sheets.len() > 1 { format!("（共{}张表）", u.sheets.len()) } else { String::new() };
        let _ = writeln!(out, "  联合部门“{}”：{}条记录，如 {}{more}", u.name, u.records, u.first);
        let _ = writeln!(out, "    若简称“{}”，在 tongji.toml 中加：", short_name(&u.name));
        let _ = writeln!(
            out,
            "      [[department]]\n      name = \"{}\"\n      aliases = [\"{}\"]",
            short_name(&u.name),
            u.name
        );
    }
    if found.len() > LISTED_NAMES {
        let _ = writeln!(out, "  ……另有{}个", found.len() - LISTED_NAMES);
    }
}

/// A department's name without the county before it and the kind of office after it ("县教育局"
/// → 教育, "县自然资源和规划局" → 自然资源和规划): a hint for the clerk, shown, never applied.
fn short_name(name: &str) -> String {
    let mut s = name.trim();
    for p in ["县", "市", "区", "镇", "乡", "街道"] {
        if let Some(rest) = s.strip_prefix(p).filter(|r| r.chars().count() >= 2) {
            s = rest;
            break;
        }
    }
    for t in ["委员会", "大队", "中心", "办公室", "管理局", "局", "委", "所", "站", "队", "办"] {
        if let Some(rest) = s.strip_suffix(t).filter(|r| r.chars().count() >= 2) {
            s = rest;
            break;
        }
    }
    s.to_string()
}

/// The catalogue names an unknown one may abbreviate: those whose name or an alias holds every
/// character of it in order ("规上" in 规上工业 and in 服务业's 规上服务业, "劳资" in 劳动工资), in
/// catalogue order; all are named, the lines offered for the first, for the clerk to confirm. A name that
/// merely shares characters ("局务会议", "全局党风廉政专题会议") is no abbreviation: none is offered.
/// A hint for the clerk, never applied by itself.
fn nearest<'c>(catalogue: &'c Catalogue, written: &str) -> Vec<&'c str> {
    let chars: Vec<char> = key(written).chars().collect();
    let in_order = |name: &str| {
        let mut it = name.chars();
        chars.iter().all(|c| it.any(|n| n == *c))
    };
    if chars.len() < 2 {
        return Vec::new();
    }
    catalogue
        .specialties()
        .iter()
        .filter(|s| std::iter::once(&s.name).chain(&s.aliases).any(|n| in_order(&key(n))))
        .map(|s| s.name.as_str())
        .collect()
}
