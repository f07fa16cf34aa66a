//! Suspected duplicates: records that appear in two different files, and a month figure of a
//! table by month that equals the day records of another file. Both are kept and listed as
//! 疑似重复 for a person to decide. (A file dropped in twice, byte for byte, is found earlier, by
//! discovery, and read once.)

use std::hash::Hasher;

use chrono::Datelike;
use rayon::prelude::*;

use crate::model::{Finding, FindingKind, Ingested, Kind, Location, Provenance, RecordDate, Severity, TrainingRecord};
use crate::normalize::text::key_chars;

/// What makes two records the same: kind, specialty, date, unit (code, else normalised name;
/// the topic for a training) and counts. The unit is kept as written and compared by its key.
struct RecordKey<'a> {
    kind: Kind,
    specialty: &'a str,
    date: RecordDate,
    unit: Option<&'a str>,
    counts: (i64, i64),
    source: &'a Provenance,
}

impl RecordKey<'_> {
    /// A fast hash of the key (the unit by its normalised characters): records whose hashes
    /// differ are different, so only records sharing a hash are compared field by field.
    fn hash(&self) -> u64 {
        let mut h = Fx::default();
        h.write_u8(self.kind as u8);
        h.write(self.specialty.as_bytes());
        h.write_u64(u64::from(self.date.date.num_days_from_ce() as u32) << 1 | u64::from(self.date.month_only));
        if self.date.quarter_only {
            h.write_u8(1);
        }
        if let Some(u) = self.unit {
            for c in key_chars(u) {
                h.write_u32(c as u32);
            }
        }
        h.write_u64(self.counts.0 as u64);
        h.write_u64(self.counts.1 as u64);
        h.finish()
    }

    fn same(&self, other: &RecordKey) -> bool {
        self.kind == other.kind
            && self.specialty == other.specialty
            && self.date == other.date
            && self.counts == other.counts
            && match (self.unit, other.unit) {
                (Some(a), Some(b)) => key_chars(a).eq(key_chars(b)),
                (None, None) => true,
                _ => false,
            }
    }

    fn describe(&self) -> String {
        let date = self.date.describe();
        let counts = match self.kind {
            Kind::Training => format!("{}批次{}人次", self.counts.0, self.counts.1),
            _ => format!("数量{}", self.counts.0),
        };
        let unit = self.unit.map(|u| format!("，{u}")).unwrap_or_default();
        format!("{}，{}，{date}{unit}，{counts}", self.kind.label(), self.specialty)
    }
}

/// The multiply-rotate hash of rustc (FxHash): fast for short keys, and only a first sieve here.
#[derive(Default)]
struct Fx(u64);

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut b = [0u8; 8];
            b[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }

    fn write_u8(&mut self, n: u8) {
        self.write_u64(u64::from(n));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// One 疑似重复 warning for each record that matches a record of another file, naming both.
/// Both are counted: two files may rightly hold the same visit; a person decides.
pub(crate) fn suspected_records(ing: &Ingested) -> Vec<Finding> {
    // Records by number: sign-in rows after a session's first (0 批次, 1 人次) say nothing on
    // their own and are left out; a month's 人次 from a table by month (0 批次) is compared. Only (hash, number) pairs are held, 16 bytes a record.
    let training: Vec<&TrainingRecord> =
        ing.training.iter().filter(|r| !(r.batches == 0 && r.attendees <= 1)).collect();
    let checks = ing.verification.len();
    let total = training.len() + checks + ing.enforcement.len();
    let key_of = |i: usize| -> RecordKey {
        if i < training.len() {
            let r = training[i];
            return RecordKey {
                kind: Kind::Training,
                specialty: &r.specialty.name,
                date: r.date,
                unit: r.topic.as_deref().filter(|t| !t.trim().is_empty()),
                counts: (r.batches, r.attendees),
                source: &r.source,
            };
        }
        let j = i - training.len();
        let (kind, r) = if j < checks {
            (Kind::Verification, &ing.verification[j])
        } else {
            (Kind::Enforcement, &ing.enforcement[j - checks])
        };
        RecordKey {
            kind,
            specialty: &r.specialty.name,
            date: r.date,
            unit: r.unit_id.as_deref().or(r.unit.as_deref()).filter(|u| !u.trim().is_empty()),
            counts: (r.count, 0),
            source: &r.source,
        }
    };
    // Sorted by (hash, number): records of equal key sit together, in input order.
    let mut order: Vec<(u64, usize)> = (0..total).into_par_iter().map(|i| (key_of(i).hash(), i)).collect();
    order.par_sort_unstable();
    let mut found: Vec<(usize, Finding)> = Vec::new();
    for run in order.chunk_by(|a, b| a.0 == b.0).filter(|run| run.len() > 1) {
        // The first record of each distinct key in the run, in input order.
        let mut firsts: Vec<RecordKey> = Vec::new();
        for &(_, i) in run {
            let k = key_of(i);
            match firsts.iter().find(|f| f.same(&k)) {
                Some(f) if f.source.file != k.source.file => {
                    let earlier = f.source;
                    found.push((
                        i,
                        Finding {
                            kind: FindingKind::SuspectedDuplicate,
                            severity: Severity::Warning,
                            location: Location {
                                file: k.source.file.to_string(),
                                sheet: Some(k.source.sheet.to_string()),
                                cell: Some(k.source.place()),
                            },
                            message: format!(
                                "{SUSPECTED}：与 {} [{}] {}的记录相同（{}），两条都已计入，请核对是否重复登记",
                                earlier.file,
                                earlier.sheet,
                                earlier.place(),
                                k.describe()
                            ),
                        },
                    ));
                }
                Some(_) => {}
                None => firsts.push(k),
            }
        }
    }
    found.sort_unstable_by_key(|(i, _)| *i);
    found.into_iter().map(|(_, p)| p).collect()
}

/// The period a roll-up states a figure for: a month of a table by month, or a quarter of a table
/// kept by quarter.
#[derive(Clone, Copy)]
enum Stated {
    Month,
    Quarter,
}

impl Stated {
    /// Whether a record is such a figure (a month cell, a quarter cell).
    fn is(self, d: &RecordDate, src: &Provenance) -> bool {
        match self {
            Stated::Month => d.month_only && src.col.is_some(),
            Stated::Quarter => d.quarter_only,
        }
    }

    /// Whether a record is a row it may roll up: a day's, or for a quarter a month's too.
    fn sums(self, d: &RecordDate) -> bool {
        match self {
            Stated::Month => !d.month_only && !d.quarter_only,
            Stated::Quarter => !d.quarter_only,
        }
    }

    /// The year and the period's first month a record falls in.
    fn key(self, d: &RecordDate) -> (i32, u32) {
        match self {
            Stated::Month => (d.date.year(), d.date.month()),
            Stated::Quarter => (d.date.year(), (d.date.month() - 1) / 3 * 3 + 1),
        }
    }

    /// "2023年3月的" and "该月", or "2023年一季度的" and "该季度".
    fn words(self, year: i32, first: u32) -> (String, &'static str) {
        match self {
            Stated::Month => (format!("{year}年{first}月"), "该月"),
            Stated::Quarter => {
                (format!("{year}年{}", crate::model::period::quarter_name((first - 1) / 3 + 1)), "该季度")
            }
        }
    }
}

/// One 疑似重复 warning for each month figure of a table by month that equals the sum of the day
/// records of the same kind, specialty and month in another file (a section's log and the
/// 综合科's monthly roll-up of it, both dropped in): both are counted; a person decides.
pub(crate) fn suspected_roll_ups(ing: &Ingested) -> Vec<Finding> {
    roll_ups(ing, Stated::Month)
}

/// The same for each quarter figure of a table kept by quarter, against the day and month
/// records of its quarter in another file.
pub(crate) fn suspected_quarter_roll_ups(ing: &Ingested) -> Vec<Finding> {
    roll_ups(ing, Stated::Quarter)
}

fn roll_ups(ing: &Ingested, stated: Stated) -> Vec<Finding> {
    use std::collections::BTreeMap;
    // (kind, specialty, year, the period's first month).
    type Period<'a> = (Kind, &'a str, i32, u32);
    // (kind, specialty, date, source, (批次, 人次 or 数量)) of every record.
    let all = ing
        .training
        .iter()
        .map(|r| (Kind::Training, &*r.specialty.name, &r.date, &r.source, (r.batches, r.attendees)))
        .chain(
            ing.verification.iter().map(|r| (Kind::Verification, &*r.specialty.name, &r.date, &r.source, (0, r.count))),
        )
        .chain(
            ing.enforcement.iter().map(|r| (Kind::Enforcement, &*r.specialty.name, &r.date, &r.source, (0, r.count))),
        );
    let key = |kind: Kind, specialty, d: &RecordDate| {
        let (y, m) = stated.key(d);
        (kind, specialty, y, m)
    };
    // Stated figures come only from tables by month or quarter: most inputs have none, and then
    // the rows are not gathered at all.
    let figures: Vec<(Period, &Provenance, (i64, i64))> = all
        .clone()
        .filter(|(_, _, d, src, _)| stated.is(d, src))
        .map(|(k, s, d, src, v)| (key(k, s, d), src, v))
        .collect();
    if figures.is_empty() {
        return Vec::new();
    }
    let wanted: std::collections::HashSet<Period> = figures.iter().map(|(p, ..)| *p).collect();
    let mut rows: BTreeMap<(Period, &str), (i64, i64)> = BTreeMap::new();
    for (k, s, d, src, v) in all.filter(|(_, _, d, ..)| stated.sums(d)) {
        let p = key(k, s, d);
        if wanted.contains(&p) {
            let e = rows.entry((p, &*src.file)).or_default();
            e.0 += v.0;
            e.1 += v.1;
        }
    }
    let mut out = Vec::new();
    for (p, src, (b, n)) in figures {
        let same = rows
            .range((p, "")..)
            .take_while(|((k, _), _)| *k == p)
            .find(|((_, file), (rb, rn))| *file != &*src.file && *rn == n && n > 0 && (b == 0 || *rb == b));
        if let Some(((_, file), _)) = same {
            let what = if p.0 == Kind::Training { format!("{n}人次") } else { format!("数量{n}") };
            let (when, that) = stated.words(p.2, p.3);
            out.push(Finding {
                kind: FindingKind::SuspectedRollUp,
                severity: Severity::Warning,
                location: Location { file: src.file.to_string(), sheet: Some(src.sheet.to_string()), cell: Some(src.place()) },
                message: format!(
                    "{SUSPECTED}：{}{}{when}的{what}与 {file} 中{that}逐条记录之和相同（可能是同一批数字的汇总），两者都已计入，请核对",
                    p.1,
                    p.0.label(),
                ),
            });
        }
    }
    out
}

/// The word every 疑似重复 warning begins with.
const SUSPECTED: &str = "疑似重复";
