//! Records as read: what one sheet holds (its kind), where each record came from, and the
//! training, check, activity and target records themselves.

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

/// A record's date and how precisely the log gave it: a day, a month, or a quarter (never both
/// flags; still 8 bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordDate {
    /// The day; the first of the month when only the month was given, the first of the quarter
    /// when only the quarter was.
    pub date: NaiveDate,
    /// True when the log gave only a month ("2023年9月").
    pub month_only: bool,
    /// True when the table gave only a quarter (一季度 … 四季度 of a table kept by quarter): the
    /// record covers the three months from `date` and counts only in a span that covers them all.
    pub quarter_only: bool,
}

impl RecordDate {
    /// A record of one day.
    pub fn day(date: NaiveDate) -> RecordDate {
        RecordDate { date, month_only: false, quarter_only: false }
    }

    /// A record of a whole month, `date` its first day.
    pub fn month(date: NaiveDate) -> RecordDate {
        RecordDate { date, month_only: true, quarter_only: false }
    }

    /// A record of a whole quarter, `date` its first day.
    pub fn quarter(date: NaiveDate) -> RecordDate {
        RecordDate { date, month_only: false, quarter_only: true }
    }

    /// The last month the record covers, as its first day: the quarter's third month for a
    /// quarter, else the record's own month.
    pub fn last_month(&self) -> NaiveDate {
        use chrono::Datelike;
        let first = self.date.with_day(1).expect("day 1 exists");
        if self.quarter_only {
            first.checked_add_months(chrono::Months::new(2)).unwrap_or(first)
        } else {
            first
        }
    }

    /// How the record's period is written: "2023-03-05", "2023年3月", "2023年一季度".
    pub fn describe(&self) -> String {
        use chrono::Datelike;
        if self.quarter_only {
            format!("{}年{}", self.date.year(), super::period::quarter_name((self.date.month() - 1) / 3 + 1))
        } else if self.month_only {
            self.date.format("%Y年%-m月").to_string()
        } else {
            self.date.to_string()
        }
    }
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
            Some(c) => super::cells::cell_name(self.row - 1, c),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quarter_date_stays_eight_bytes_and_says_its_quarter() {
        assert_eq!(std::mem::size_of::<RecordDate>(), 8, "no record grows for the quarter flag");
        let d = |m| NaiveDate::from_ymd_opt(2023, m, 1).unwrap();
        let q = RecordDate::quarter(d(7));
        assert_eq!(q.last_month(), d(9));
        assert_eq!(q.describe(), "2023年三季度");
        assert_eq!(RecordDate::month(d(7)).last_month(), d(7));
        assert_eq!(RecordDate::month(d(7)).describe(), "2023年7月");
        assert_eq!(RecordDate::day(d(7)).describe(), "2023-07-01");
    }
}
