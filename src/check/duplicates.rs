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

/// One 疑似重复 warning for each month figure of a table by month that equals the sum of the day
/// records of the same kind, specialty and month in another file (a section's log and the
/// 综合科's monthly roll-up of it, both dropped in): both are counted; a person decides.
pub(crate) fn suspected_roll_ups(ing: &Ingested) -> Vec<Finding> {
    use std::collections::BTreeMap;
    // (kind, specialty, year, month) → per file: (day sums (批次, 人次 or 数量), month cells).
    type Month<'a> = (Kind, &'a str, i32, u32);
    // Month figures come only from tables by month (records naming a cell): most inputs have
    // none, and then the day records are not gathered at all.
    let mut months: Vec<(Month, &Provenance, (i64, i64))> = Vec::new();
    for r in ing.training.iter().filter(|r| r.date.month_only && r.source.col.is_some()) {
        months.push((
            (Kind::Training, &*r.specialty.name, r.date.date.year(), r.date.date.month()),
            &r.source,
            (r.batches, r.attendees),
        ));
    }
    for (kind, list) in [(Kind::Verification, &ing.verification), (Kind::Enforcement, &ing.enforcement)] {
        for r in list.iter().filter(|r| r.date.month_only && r.source.col.is_some()) {
            months.push(((kind, &*r.specialty.name, r.date.date.year(), r.date.date.month()), &r.source, (0, r.count)));
        }
    }
    if months.is_empty() {
        return Vec::new();
    }
    let wanted: std::collections::HashSet<Month> = months.iter().map(|(m, ..)| *m).collect();
    let mut days: BTreeMap<(Month, &str), (i64, i64)> = BTreeMap::new();
    for r in ing.training.iter().filter(|r| !r.date.month_only && !r.date.quarter_only) {
        let m = (Kind::Training, &*r.specialty.name, r.date.date.year(), r.date.date.month());
        if wanted.contains(&m) {
            let e = days.entry((m, &*r.source.file)).or_default();
            e.0 += r.batches;
            e.1 += r.attendees;
        }
    }
    for (kind, list) in [(Kind::Verification, &ing.verification), (Kind::Enforcement, &ing.enforcement)] {
        for r in list.iter().filter(|r| !r.date.month_only && !r.date.quarter_only) {
            let m = (kind, &*r.specialty.name, r.date.date.year(), r.date.date.month());
            if wanted.contains(&m) {
                days.entry((m, &*r.source.file)).or_default().1 += r.count;
            }
        }
    }
    let mut out = Vec::new();
    for (m, src, (b, n)) in months {
        let same = days
            .range((m, "")..)
            .take_while(|((k, _), _)| *k == m)
            .find(|((_, file), (db, dn))| *file != &*src.file && *dn == n && n > 0 && (b == 0 || *db == b));
        if let Some(((_, file), _)) = same {
            let what = if m.0 == Kind::Training { format!("{n}人次") } else { format!("数量{n}") };
            out.push(Finding {
                kind: FindingKind::SuspectedRollUp,
                severity: Severity::Warning,
                location: Location { file: src.file.to_string(), sheet: Some(src.sheet.to_string()), cell: Some(src.place()) },
                message: format!(
                    "{SUSPECTED}：{}{}{}年{}月的{what}与 {file} 中该月逐条记录之和相同（可能是同一批数字的汇总），两者都已计入，请核对",
                    m.1,
                    m.0.label(),
                    m.2,
                    m.3
                ),
            });
        }
    }
    out
}

/// One 疑似重复 warning for each quarter figure of a table kept by quarter that equals the sum of
/// the day and month records of the same kind, specialty and quarter in another file (a section's
/// log and the quarterly roll-up of it, both dropped in): both are counted; a person decides.
pub(crate) fn suspected_quarter_roll_ups(ing: &Ingested) -> Vec<Finding> {
    use std::collections::BTreeMap;
    // (kind, specialty, year, the quarter's first month).
    type Quarter<'a> = (Kind, &'a str, i32, u32);
    let quarter_of = |d: &RecordDate| (d.date.year(), (d.date.month() - 1) / 3 * 3 + 1);
    let mut quarters: Vec<(Quarter, &Provenance, (i64, i64))> = Vec::new();
    for r in ing.training.iter().filter(|r| r.date.quarter_only) {
        let (y, q) = quarter_of(&r.date);
        quarters.push(((Kind::Training, &*r.specialty.name, y, q), &r.source, (r.batches, r.attendees)));
    }
    for (kind, list) in [(Kind::Verification, &ing.verification), (Kind::Enforcement, &ing.enforcement)] {
        for r in list.iter().filter(|r| r.date.quarter_only) {
            let (y, q) = quarter_of(&r.date);
            quarters.push(((kind, &*r.specialty.name, y, q), &r.source, (0, r.count)));
        }
    }
    if quarters.is_empty() {
        return Vec::new();
    }
    let wanted: std::collections::HashSet<Quarter> = quarters.iter().map(|(q, ..)| *q).collect();
    let mut parts: BTreeMap<(Quarter, &str), (i64, i64)> = BTreeMap::new();
    for r in ing.training.iter().filter(|r| !r.date.quarter_only) {
        let (y, q) = quarter_of(&r.date);
        let key = (Kind::Training, &*r.specialty.name, y, q);
        if wanted.contains(&key) {
            let e = parts.entry((key, &*r.source.file)).or_default();
            e.0 += r.batches;
            e.1 += r.attendees;
        }
    }
    for (kind, list) in [(Kind::Verification, &ing.verification), (Kind::Enforcement, &ing.enforcement)] {
        for r in list.iter().filter(|r| !r.date.quarter_only) {
            let (y, q) = quarter_of(&r.date);
            let key = (kind, &*r.specialty.name, y, q);
            if wanted.contains(&key) {
                parts.entry((key, &*r.source.file)).or_default().1 += r.count;
            }
        }
    }
    let mut out = Vec::new();
    for (q, src, (b, n)) in quarters {
        let same = parts
            .range((q, "")..)
            .take_while(|((k, _), _)| *k == q)
            .find(|((_, file), (pb, pn))| *file != &*src.file && *pn == n && n > 0 && (b == 0 || *pb == b));
        if let Some(((_, file), _)) = same {
            let what = if q.0 == Kind::Training { format!("{n}人次") } else { format!("数量{n}") };
            out.push(Finding {
                kind: FindingKind::SuspectedRollUp,
                severity: Severity::Warning,
                location: Location { file: src.file.to_string(), sheet: Some(src.sheet.to_string()), cell: Some(src.place()) },
                message: format!(
                    "{SUSPECTED}：{}{}{}年{}的{what}与 {file} 中该季度逐条记录之和相同（可能是同一批数字的汇总），两者都已计入，请核对",
                    q.1,
                    q.0.label(),
                    q.2,
                    crate::model::period::quarter_name((q.3 - 1) / 3 + 1)
                ),
            });
        }
    }
    out
}

/// The word every 疑似重复 warning begins with.
const SUSPECTED: &str = "疑似重复";
