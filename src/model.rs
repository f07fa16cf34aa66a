//! The record, ledger and problem types that flow from ingest to the reports.

use std::collections::BTreeMap;
use std::fmt;

use chrono::NaiveDate;

/// What one sheet (or CSV file) holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// Trainings held: 批次 and 人次.
    Training,
    /// Data verifications (核查): 家次, 家 or 个.
    Verification,
    /// Statistical law-enforcement inspections (执法检查): 家次.
    Enforcement,
    /// Annual targets: 专业 | 指标 | 年度目标.
    Targets,
    /// Meetings and other counted work (会议、学习、警示教育…): 次, by category.
    Activity,
}

impl Kind {
    pub const ALL: [Kind; 5] = [Kind::Training, Kind::Verification, Kind::Enforcement, Kind::Targets, Kind::Activity];

    /// The name a bureau uses.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Training => "培训",
            Kind::Verification => "核查",
            Kind::Enforcement => "执法检查",
            Kind::Targets => "目标",
            Kind::Activity => "活动",
        }
    }
}

/// Where a record or a problem comes from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    /// The file's path relative to the input folder, with '/' separators.
    pub file: String,
    /// The sheet name; None for a CSV file or a problem with the whole file.
    pub sheet: Option<String>,
    /// Excel's cell name ("C14") or row ("14") for a problem with a row; None for the whole sheet.
    pub cell: Option<String>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(s) = &self.sheet {
            write!(f, " [{s}]")?;
        }
        if let Some(c) = &self.cell {
            write!(f, " {c}")?;
        }
        Ok(())
    }
}

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// A row, sheet or file could not be used: its figures are missing from the totals.
    Rejected,
    /// Read, but somebody should look (an unknown specialty, a 合计 row that disagrees).
    Warning,
}

/// One thing the program could not use, or wants a person to look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub severity: Severity,
    pub location: Location,
    /// In Chinese, for the clerk: what is wrong and, where it helps, what to do.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// A record's date and how precisely the log gave it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordDate {
    /// The day; the first of the month when only the month was given.
    pub date: NaiveDate,
    /// True when the log gave only a month ("2023年9月").
    pub month_only: bool,
}

/// Where a record was read: file, sheet and Excel row number (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provenance {
    /// Shared by every record of the file: one allocation per file, not per record.
    pub file: std::sync::Arc<str>,
    /// The sheet name; for a CSV file, the file's name without extension. Shared per sheet.
    pub sheet: std::sync::Arc<str>,
    pub row: u32,
    /// The 0-based column, for a record read from one cell of a summary table (months across);
    /// None for a record that is a whole row of a log.
    pub col: Option<u32>,
}

impl Provenance {
    /// "C5" for a record from one cell, "第5行" for a record that is a row.
    pub fn place(&self) -> String {
        match self.col {
            Some(c) => crate::ingest::cell::cell_name(self.row - 1, c),
            None => format!("第{}行", self.row),
        }
    }
}

/// The specialty a record is counted under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecialtyName {
    /// The canonical catalogue name, or the text as written when nothing matched; shared by
    /// the records of a sheet (one allocation per name, not per record).
    pub name: std::sync::Arc<str>,
    /// False when the name matched nothing in the catalogue (kept as written, with a warning).
    pub known: bool,
}

/// One training session (or a row covering several batches).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrainingRecord {
    pub date: RecordDate,
    pub specialty: SpecialtyName,
    /// 批次; 1 when the cell was empty.
    pub batches: i64,
    /// 人次.
    pub attendees: i64,
    pub topic: Option<String>,
    pub remarks: Option<String>,
    pub source: Provenance,
}

/// One verification or enforcement entry: a unit visited, or a count of units/projects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckRecord {
    pub date: RecordDate,
    pub specialty: SpecialtyName,
    /// 单位名称 / 企业名称 / 项目名称.
    pub unit: Option<String>,
    /// 统一社会信用代码 or another unit code.
    pub unit_id: Option<String>,
    /// 核查类型 / 检查方式.
    pub category: Option<String>,
    /// The partner department of a joint inspection (联合部门), e.g. 消防.
    pub partner: Option<String>,
    /// 家次 / 个; 1 when the cell was empty.
    pub count: i64,
    pub remarks: Option<String>,
    pub source: Provenance,
}

/// One meeting or other counted activity (a row of a 会议台账 / 工作台账).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityRecord {
    pub date: RecordDate,
    /// The category (党组会议, 警示教育大会…): canonical from the activity catalogue, or as
    /// written (its ordinal "第3次" taken off) when nothing matched.
    pub category: SpecialtyName,
    /// 会议名称 / 活动名称 / 事项, as written.
    pub title: Option<String>,
    /// 次数; 1 when the cell was empty or there is no such column.
    pub count: i64,
    /// 参加人数 / 参会人数: recorded, never added to training 人次.
    pub participants: Option<i64>,
    pub host: Option<String>,
    pub place: Option<String>,
    /// 内容.
    pub content: Option<String>,
    pub remarks: Option<String>,
    pub source: Provenance,
}

/// The metrics a target can be set for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TargetMetric {
    TrainingBatches,
    TrainingAttendees,
    Verification,
    Enforcement,
    /// Times an activity of a category is held (理论中心组学习 12 次).
    Activity,
}

impl TargetMetric {
    pub const ALL: [TargetMetric; 5] = [
        TargetMetric::TrainingBatches,
        TargetMetric::TrainingAttendees,
        TargetMetric::Verification,
        TargetMetric::Enforcement,
        TargetMetric::Activity,
    ];

    /// The 指标 name in a targets sheet.
    pub fn label(self) -> &'static str {
        match self {
            TargetMetric::TrainingBatches => "培训批次",
            TargetMetric::TrainingAttendees => "培训人次",
            TargetMetric::Verification => "核查",
            TargetMetric::Enforcement => "执法检查",
            TargetMetric::Activity => "次数",
        }
    }
}

/// One annual target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetRecord {
    /// The year from the sheet's title, sheet name or file name, when one is given.
    pub year: Option<i32>,
    pub specialty: SpecialtyName,
    pub metric: TargetMetric,
    pub target: i64,
    pub source: Provenance,
}

/// What became of one sheet: every row is counted in exactly one place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetLedger {
    pub file: String,
    /// The sheet name; for a CSV file, None.
    pub sheet: Option<String>,
    /// None when the sheet was not recognized as any kind.
    pub kind: Option<Kind>,
    /// The specialty (or "多个" when the rows name several, "" when none).
    pub specialty: String,
    /// The header row, 1-based (the last one when the header spans two rows).
    pub header_row: Option<u32>,
    /// Rows 1 to the last used row.
    pub rows_total: u32,
    /// Rows from 1 to the header (titles, "单位：人次", the header itself).
    pub header_rows: u32,
    pub records: u32,
    pub totals: u32,
    pub notes: u32,
    /// Rows below the header that repeat it (month blocks pasted one under another), and the
    /// header rows of a further table found lower down the same sheet.
    pub repeated_headers: u32,
    pub blank: u32,
    pub rejected: u32,
    /// Rows of a sheet that matched no kind (0 for every sheet that was read).
    pub unrecognized: u32,
    /// Why the sheet was not read as records, when it was not (unrecognized, no header).
    pub status: SheetStatus,
    /// A layout other than one row per event: 签到表, 按月汇总.
    pub layout: Option<&'static str>,
}

/// Whether a sheet was read as records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SheetStatus {
    Read,
    /// No cells at all.
    Empty,
    /// Its name and header match no kind: listed, not an error; its rows are counted as
    /// `unrecognized`.
    Unrecognized,
    /// Its name says a kind but no header row was found: its rows are rejected.
    NoHeader,
    /// The reader could not read the sheet at all (the problem list says why).
    Unreadable,
    /// Not a worksheet: a chart sheet, an Excel 4 macro sheet, a dialog sheet. Listed by what it
    /// is (图表页, 宏表, 对话框表) and passed over; it holds no rows of a log.
    PassedOver(&'static str),
}

/// The ledger's columns as the check report and the workbook show them.
pub const LEDGER_COLUMNS: [&str; 13] = [
    "文件",
    "工作表",
    "类型",
    "专业",
    "表头行",
    "读取行",
    "记录",
    "合计行",
    "说明行",
    "重复表头",
    "空行",
    "拒收",
    "未识别",
];

/// The ledger equation as the check report and the workbook print it.
pub const LEDGER_EQUATION: &str = "读取行 = 记录 + 合计行 + 说明行 + 重复表头 + 空行 + 拒收 + 未识别；表头行及以上不计";

impl SheetLedger {
    /// A sheet with no rows counted yet.
    pub fn new(file: String, sheet: Option<String>, rows_total: u32, status: SheetStatus) -> SheetLedger {
        SheetLedger {
            file,
            sheet,
            kind: None,
            specialty: String::new(),
            header_row: None,
            rows_total,
            header_rows: 0,
            records: 0,
            totals: 0,
            notes: 0,
            repeated_headers: 0,
            blank: 0,
            rejected: 0,
            unrecognized: 0,
            status,
            layout: None,
        }
    }

    /// The 类型 column: the kind, or what kept the sheet from being read.
    pub fn kind_label(&self) -> String {
        match (&self.status, self.kind) {
            (SheetStatus::Empty, _) => "空表".into(),
            (SheetStatus::Unrecognized, _) => "未识别".into(),
            (SheetStatus::Unreadable, _) => "无法读取".into(),
            (SheetStatus::PassedOver(what), _) => (*what).into(),
            (SheetStatus::NoHeader, Some(k)) => format!("{}（无表头）", k.label()),
            (_, Some(k)) => match self.layout {
                Some(layout) => format!("{}（{layout}）", k.label()),
                None => k.label().into(),
            },
            (_, None) => String::new(),
        }
    }

    /// 读取行, 记录, 合计行, 说明行, 重复表头, 空行, 拒收, 未识别 — the last eight ledger columns.
    pub fn counts(&self) -> [u32; 8] {
        [
            self.rows_read(),
            self.records,
            self.totals,
            self.notes,
            self.repeated_headers,
            self.blank,
            self.rejected,
            self.unrecognized,
        ]
    }

    /// Rows below the header: what the issue calls "rows read".
    pub fn rows_read(&self) -> u32 {
        self.rows_total - self.header_rows
    }

    /// The ledger equation: rows read = records + totals + notes + repeated headers + blank +
    /// rejected (+ unrecognized, which is 0 on every sheet that was read).
    pub fn balances(&self) -> bool {
        self.header_rows <= self.rows_total
            && self.rows_read()
                == self.records
                    + self.totals
                    + self.notes
                    + self.repeated_headers
                    + self.blank
                    + self.rejected
                    + self.unrecognized
    }
}

/// What became of one file found under the input folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileReport {
    pub file: String,
    pub status: FileStatus,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileStatus {
    /// Read; its sheets are in the ledger. The detail names the format ("xlsx", "GB18030 CSV").
    Read { format: String },
    /// Not an input by its name (lock file, hidden, other extension): listed, not an error.
    Skipped { reason: String },
    /// Could not be read at all: the reason in Chinese.
    Failed { reason: String },
    /// Byte for byte the same as another input file (a copy dropped in beside it, "… - 副本.xlsx"):
    /// not read, so its records are not counted twice. `of` is the file that was read.
    Duplicate { of: String },
}

/// The unit a figure is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    /// 批次: training batches.
    Batches,
    /// 人次: attendees summed over sessions.
    PersonTimes,
    /// 家次: unit-visits (a unit checked twice counts twice).
    UnitVisits,
    /// 家: distinct units (by 统一社会信用代码, else the unit's name).
    Units,
    /// 个: items such as investment projects (sum of counts).
    Items,
    /// 次: times an activity was held.
    Times,
}

impl Unit {
    pub fn label(self) -> &'static str {
        match self {
            Unit::Batches => "批次",
            Unit::PersonTimes => "人次",
            Unit::UnitVisits => "家次",
            Unit::Units => "家",
            Unit::Items => "个",
            Unit::Times => "次",
        }
    }

    /// A verification unit as written in tongji.toml.
    pub fn parse_verification(s: &str) -> Option<Unit> {
        match s.trim() {
            "家次" => Some(Unit::UnitVisits),
            "家" => Some(Unit::Units),
            "个" => Some(Unit::Items),
            _ => None,
        }
    }
}

/// A figure reported per specialty and window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Metric {
    TrainingBatches,
    TrainingAttendees,
    Verification,
    Enforcement,
    /// Enforcement done jointly with another department (records with a 联合部门).
    EnforcementJoint,
    /// Times the activities of a category were held (the category in the specialty's place).
    Activity,
}

impl Metric {
    pub const ALL: [Metric; 6] = [
        Metric::TrainingBatches,
        Metric::TrainingAttendees,
        Metric::Verification,
        Metric::Enforcement,
        Metric::EnforcementJoint,
        Metric::Activity,
    ];

    /// The code in metrics.csv.
    pub fn code(self) -> &'static str {
        match self {
            Metric::TrainingBatches => "training_batches",
            Metric::TrainingAttendees => "training_attendees",
            Metric::Verification => "verification",
            Metric::Enforcement => "enforcement",
            Metric::EnforcementJoint => "enforcement_joint",
            Metric::Activity => "activity",
        }
    }

    /// The name in the workbook.
    pub fn label(self) -> &'static str {
        match self {
            Metric::TrainingBatches => "培训批次",
            Metric::TrainingAttendees => "培训人次",
            Metric::Verification => "核查",
            Metric::Enforcement => "执法检查",
            Metric::EnforcementJoint => "联合执法检查",
            Metric::Activity => "次数",
        }
    }

    /// The kind of record the metric counts.
    pub fn kind(self) -> Kind {
        match self {
            Metric::TrainingBatches | Metric::TrainingAttendees => Kind::Training,
            Metric::Verification => Kind::Verification,
            Metric::Enforcement | Metric::EnforcementJoint => Kind::Enforcement,
            Metric::Activity => Kind::Activity,
        }
    }

    /// The metric a target sets.
    pub fn of_target(t: TargetMetric) -> Metric {
        match t {
            TargetMetric::TrainingBatches => Metric::TrainingBatches,
            TargetMetric::TrainingAttendees => Metric::TrainingAttendees,
            TargetMetric::Verification => Metric::Verification,
            TargetMetric::Enforcement => Metric::Enforcement,
            TargetMetric::Activity => Metric::Activity,
        }
    }
}

/// Progress against an annual target, on year-to-date rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// value ≥ target.
    Done,
    /// completion ≥ 序时进度.
    OnTrack,
    /// completion < 序时进度.
    Behind,
    /// No target was set.
    NoTarget,
}

impl Status {
    /// The code in metrics.csv.
    pub fn code(self) -> &'static str {
        match self {
            Status::Done => "done",
            Status::OnTrack => "on_track",
            Status::Behind => "behind",
            Status::NoTarget => "no_target",
        }
    }
}

/// The name of the all-specialties row.
pub const TOTAL: &str = "合计";

/// One figure: a metric of a specialty (or 合计) in a window, with its comparisons.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricRow {
    pub window: crate::period::Window,
    /// The canonical specialty, or [`TOTAL`].
    pub specialty: String,
    pub metric: Metric,
    pub unit: Unit,
    pub value: i64,
    /// The annual target (year-to-date rows only).
    pub target: Option<i64>,
    /// value / target (year-to-date rows with a non-zero target).
    pub completion: Option<f64>,
    /// 序时进度 = month / 12 (year-to-date rows only).
    pub time_progress: Option<f64>,
    /// Year-to-date rows only.
    pub status: Option<Status>,
    /// The same window last year; None when last year has no records of this specialty and kind.
    pub prior_value: Option<i64>,
    /// value / prior − 1; None when the base is 0 or missing.
    pub yoy: Option<f64>,
    /// The previous month or quarter span (None for year-to-date, or when it falls in a year
    /// without records of this specialty and kind).
    pub previous_value: Option<i64>,
    /// value / previous − 1; None when the base is 0 or missing. For a 合计 row both rates are
    /// on the comparable scope (see `comparable`).
    pub pop: Option<f64>,
    /// For a 合计 row, its 同比 and 环比 on a comparable scope (可比口径): only the specialties with
    /// records of this kind in both years. None for other rows.
    pub comparable: Option<Comparable>,
}

/// A 合计's figures over the specialties present in both years, and the specialties left out.
/// Adding this year's 11 specialties and comparing them with last year's 4 would overstate the
/// growth; the plain totals are kept in `value`, `prior_value` and `previous_value`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Comparable {
    /// This window's total over the comparable specialties.
    pub value: i64,
    /// Last year's same window over them.
    pub prior: Option<i64>,
    /// The previous window over them (when it falls in last year) or over all (this year).
    pub previous: Option<i64>,
    /// The specialties in the plain total but not in the comparable one, in catalogue order.
    pub left_out: Vec<String>,
}

/// Where a target stands, in the one vocabulary the workbook, the charts, the report and the
/// console all use (defined here and nowhere else).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Standing {
    /// value ≥ target.
    Done,
    /// Completion above 序时进度.
    Ahead,
    /// Completion equal to 序时进度 to the 0.1 个百分点 the text prints.
    Even,
    /// Completion below 序时进度 by at least the 0.1 个百分点 the text prints.
    Behind,
}

impl Standing {
    pub const ALL: [Standing; 4] = [Standing::Done, Standing::Ahead, Standing::Even, Standing::Behind];

    pub fn label(self) -> &'static str {
        match self {
            Standing::Done => "已完成全年目标",
            Standing::Ahead => "超序时进度",
            Standing::Even => "与序时进度持平",
            Standing::Behind => "滞后序时进度",
        }
    }
}

impl MetricRow {
    /// Where the row's target stands; None without a target.
    pub fn standing(&self) -> Option<Standing> {
        self.target?;
        let even = self.completion.zip(self.time_progress).is_some_and(|(c, tp)| (c - tp).abs() < 0.0005);
        match self.status? {
            Status::Done => Some(Standing::Done),
            // Short by less than the 0.1 个百分点 the text prints: 持平, never "滞后0.0个百分点".
            _ if even => Some(Standing::Even),
            Status::Behind => Some(Standing::Behind),
            Status::OnTrack => Some(Standing::Ahead),
            Status::NoTarget => None,
        }
    }
}

/// A count in a breakdown (by partner department, by 检查方式).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Breakdown {
    pub name: String,
    pub value: i64,
    pub prior_value: Option<i64>,
    /// What every one of this year's inspections under the name has in common, as the report
    /// can say it ("住宿餐饮业双随机检查"), from their 检查方式 and 备注; None when they differ.
    pub detail: Option<String>,
}

/// A metric of a specialty month by month, this year and last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthlySeries {
    pub specialty: String,
    pub metric: Metric,
    pub unit: Unit,
    /// Months 1–12 of the period's year (None after the as-of month).
    pub this_year: [Option<i64>; 12],
    /// Months 1–12 of the year before (None when that year has no records of this kind).
    pub last_year: [Option<i64>; 12],
    /// The specialty has records of this kind in both years: it is in the 合计's comparable
    /// scope (可比口径), decided as metric_rows decides it.
    pub in_both: bool,
}

/// Everything the reports show for one period.
#[derive(Debug, Clone)]
pub struct Figures {
    pub period: crate::period::Period,
    /// Ordered by window, then catalogue order of specialty (合计 last), then metric.
    pub rows: Vec<MetricRow>,
    pub monthly: Vec<MonthlySeries>,
    /// Year-to-date enforcement by partner department (joint inspections only).
    pub enforcement_by_partner: Vec<Breakdown>,
    /// Year-to-date enforcement by 检查方式 (None written → "未注明").
    pub enforcement_by_category: Vec<Breakdown>,
    /// Year-to-date trainings of a specialty that all share one 内容 naming the specialty
    /// ("服务业统计年报培训"): the report can say it instead of "服务业培训".
    pub training_topics: BTreeMap<String, String>,
    /// Activity categories kept as written because the activity catalogue lacks them (a free-text
    /// 工作事项 column gives one a row): the report names a few, and sums many as 其他活动.
    pub unlisted_activities: std::collections::BTreeSet<String>,
    /// Problems found while checking figures against targets.
    pub problems: Vec<Problem>,
}
