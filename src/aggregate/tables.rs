//! The normalized record tables as polars DataFrames: typed columns (dates as Date, counts as
//! integers, specialty canonical) with provenance (file, sheet, row) on every record.

use polars::prelude::*;

use crate::model::Ingested;
use crate::model::{CheckRecord, Provenance, RecordDate, SpecialtyName};

/// The record tables.
pub struct Tables {
    pub training: DataFrame,
    pub verification: DataFrame,
    pub enforcement: DataFrame,
    pub targets: DataFrame,
    /// Activities, the category in the `specialty` column (so they sum as the others do).
    pub activity: DataFrame,
}

fn days(d: &RecordDate) -> i32 {
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date");
    (d.date - epoch).num_days() as i32
}

/// Text columns are built from borrowed strings: polars copies each once into its own buffers.
fn str_col(name: &str, values: Vec<Option<&str>>) -> Column {
    Column::new(name.into(), values)
}

fn provenance_cols<'a>(sources: impl Iterator<Item = &'a Provenance> + Clone) -> Vec<Column> {
    vec![
        Column::new("file".into(), sources.clone().map(|p| &*p.file).collect::<Vec<_>>()),
        Column::new("sheet".into(), sources.clone().map(|p| &*p.sheet).collect::<Vec<_>>()),
        Column::new("row".into(), sources.clone().map(|p| p.row).collect::<Vec<_>>()),
        Column::new("col".into(), sources.map(|p| p.col).collect::<Vec<_>>()),
    ]
}

fn date_cols<'a>(dates: impl Iterator<Item = &'a RecordDate> + Clone) -> Vec<Column> {
    vec![
        Series::new("date".into(), dates.clone().map(days).collect::<Vec<_>>()).into_date().into(),
        Column::new("month_only".into(), dates.map(|d| d.month_only).collect::<Vec<_>>()),
    ]
}

/// The column that says a record covers a whole quarter (a table kept by quarter): last, after
/// the provenance, so that the columns before it keep their places.
fn quarter_col<'a>(dates: impl Iterator<Item = &'a RecordDate>) -> Column {
    Column::new("quarter_only".into(), dates.map(|d| d.quarter_only).collect::<Vec<_>>())
}

fn specialty_cols<'a>(names: impl Iterator<Item = &'a SpecialtyName> + Clone) -> Vec<Column> {
    vec![
        Column::new("specialty".into(), names.clone().map(|s| &*s.name).collect::<Vec<_>>()),
        Column::new("specialty_known".into(), names.map(|s| s.known).collect::<Vec<_>>()),
    ]
}

/// What identifies a unit for the distinct count (家): its code, else its name, without white
/// space and in upper case; None for a row that names no unit (a count-only row).
pub(crate) fn unit_key(r: &CheckRecord) -> Option<String> {
    let clean = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
    r.unit_id
        .as_deref()
        .map(clean)
        .filter(|s| !s.is_empty())
        .or_else(|| r.unit.as_deref().map(clean).filter(|s| !s.is_empty()))
}

fn checks_frame(records: &[CheckRecord]) -> PolarsResult<DataFrame> {
    let mut cols = date_cols(records.iter().map(|r| &r.date));
    cols.extend(specialty_cols(records.iter().map(|r| &r.specialty)));
    cols.push(str_col("unit", records.iter().map(|r| r.unit.as_deref()).collect()));
    cols.push(str_col("unit_id", records.iter().map(|r| r.unit_id.as_deref()).collect()));
    cols.push(str_col("category", records.iter().map(|r| r.category.as_deref()).collect()));
    cols.push(str_col("partner", records.iter().map(|r| r.partner.as_deref()).collect()));
    cols.push(Column::new("unit_key".into(), records.iter().map(unit_key).collect::<Vec<_>>()));
    cols.push(Column::new("count".into(), records.iter().map(|r| r.count).collect::<Vec<_>>()));
    cols.push(str_col("remarks", records.iter().map(|r| r.remarks.as_deref()).collect()));
    cols.extend(provenance_cols(records.iter().map(|r| &r.source)));
    cols.push(quarter_col(records.iter().map(|r| &r.date)));
    DataFrame::new(records.len(), cols)
}

impl Ingested {
    /// Builds the record tables. Columns:
    /// - training: date, month_only, specialty, specialty_known, batches, attendees, topic,
    ///   remarks, file, sheet, row, col, quarter_only
    /// - verification, enforcement: date, month_only, specialty, specialty_known, unit, unit_id,
    ///   category, partner, unit_key (unit_id, else unit, normalised), count, remarks, file,
    ///   sheet, row, col, quarter_only
    /// - targets: year, specialty, specialty_known, metric (培训批次/培训人次/核查/执法检查/次数),
    ///   target, file, sheet, row, col
    /// - activity: date, month_only, specialty (the category), specialty_known, title, count,
    ///   participants, host, place, content, remarks, file, sheet, row, col, quarter_only
    ///
    /// `quarter_only` is true for a record of a table kept by quarter: `date` is its quarter's
    /// first day, and it counts only in a span covering the whole quarter (never in a month).
    pub fn tables(&self) -> PolarsResult<Tables> {
        let ((training, targets), (verification, enforcement)) = rayon::join(
            || (self.training_frame(), self.targets_frame()),
            || rayon::join(|| checks_frame(&self.verification), || checks_frame(&self.enforcement)),
        );
        Ok(Tables {
            training: training?,
            verification: verification?,
            enforcement: enforcement?,
            targets: targets?,
            activity: self.activity_frame()?,
        })
    }

    fn activity_frame(&self) -> PolarsResult<DataFrame> {
        let a = &self.activity;
        let mut cols = date_cols(a.iter().map(|r| &r.date));
        cols.extend(specialty_cols(a.iter().map(|r| &r.category)));
        cols.push(str_col("title", a.iter().map(|r| r.title.as_deref()).collect()));
        cols.push(Column::new("count".into(), a.iter().map(|r| r.count).collect::<Vec<_>>()));
        cols.push(Column::new("participants".into(), a.iter().map(|r| r.participants).collect::<Vec<_>>()));
        cols.push(str_col("host", a.iter().map(|r| r.host.as_deref()).collect()));
        cols.push(str_col("place", a.iter().map(|r| r.place.as_deref()).collect()));
        cols.push(str_col("content", a.iter().map(|r| r.content.as_deref()).collect()));
        cols.push(str_col("remarks", a.iter().map(|r| r.remarks.as_deref()).collect()));
        cols.extend(provenance_cols(a.iter().map(|r| &r.source)));
        cols.push(quarter_col(a.iter().map(|r| &r.date)));
        DataFrame::new(a.len(), cols)
    }

    fn training_frame(&self) -> PolarsResult<DataFrame> {
        let t = &self.training;
        let mut cols = date_cols(t.iter().map(|r| &r.date));
        cols.extend(specialty_cols(t.iter().map(|r| &r.specialty)));
        cols.push(Column::new("batches".into(), t.iter().map(|r| r.batches).collect::<Vec<_>>()));
        cols.push(Column::new("attendees".into(), t.iter().map(|r| r.attendees).collect::<Vec<_>>()));
        cols.push(str_col("topic", t.iter().map(|r| r.topic.as_deref()).collect()));
        cols.push(str_col("remarks", t.iter().map(|r| r.remarks.as_deref()).collect()));
        cols.extend(provenance_cols(t.iter().map(|r| &r.source)));
        cols.push(quarter_col(t.iter().map(|r| &r.date)));
        DataFrame::new(t.len(), cols)
    }

    fn targets_frame(&self) -> PolarsResult<DataFrame> {
        let g = &self.targets;
        let mut cols = vec![Column::new("year".into(), g.iter().map(|r| r.year).collect::<Vec<_>>())];
        cols.extend(specialty_cols(g.iter().map(|r| &r.specialty)));
        cols.push(Column::new("metric".into(), g.iter().map(|r| r.metric.label()).collect::<Vec<_>>()));
        cols.push(Column::new("target".into(), g.iter().map(|r| r.target).collect::<Vec<_>>()));
        cols.extend(provenance_cols(g.iter().map(|r| &r.source)));
        DataFrame::new(g.len(), cols)
    }
}
