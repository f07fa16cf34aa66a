//! Dates in the future: a typed 2033 for 2023 is counted where it falls, but a person should look.

use crate::model::{Finding, FindingKind, Ingested, Location, Severity};

/// One warning per sheet holding records dated after `today` (a typed 2033 for 2023): they are
/// counted, but a person should look.
pub(crate) fn future_dates(ing: &Ingested, today: chrono::NaiveDate) -> Vec<Finding> {
    let mut by_sheet: std::collections::BTreeMap<(String, String), (u32, u32, chrono::NaiveDate)> =
        std::collections::BTreeMap::new();
    let dated = ing
        .training
        .iter()
        .map(|r| (&r.source, r.date.date))
        .chain(ing.verification.iter().chain(&ing.enforcement).map(|r| (&r.source, r.date.date)))
        .chain(ing.activity.iter().map(|r| (&r.source, r.date.date)));
    for (src, date) in dated.filter(|(_, d)| *d > today) {
        let e = by_sheet.entry((src.file.to_string(), src.sheet.to_string())).or_insert((0, src.row, date));
        e.0 += 1;
        if src.row < e.1 {
            (e.1, e.2) = (src.row, date);
        }
    }
    by_sheet
        .into_iter()
        .map(|((file, sheet), (n, row, date))| Finding {
            kind: FindingKind::FutureDate,
            severity: Severity::Warning,
            location: Location { file, sheet: Some(sheet), cell: Some(format!("第{row}行")) },
            message: format!("{n}条记录的日期晚于今天（{today}），如第{row}行的{date}，请核对是否写错年份"),
        })
        .collect()
}
