//! Checks: what looks at records and figures rather than cells — targets against the year's
//! progress, suspected duplicates across files, dates in the future, the comparable scope of a
//! 合计. Each returns findings and changes no record; [`targets::apply`] is the one that writes
//! into the figures: each year-to-date figure's target, completion, 序时进度 and status.

pub mod dates;
pub mod duplicates;
pub mod scope;
pub mod targets;

use crate::model::Ingested;

/// The checks on what was read, in the order their findings are listed: dates in the future,
/// then suspected duplicate records, then month and quarter figures that repeat another file's
/// records.
pub fn records(ing: &mut Ingested, today: chrono::NaiveDate) {
    let mut found = dates::future_dates(ing, today);
    found.extend(duplicates::suspected_records(ing));
    found.extend(duplicates::suspected_roll_ups(ing));
    found.extend(duplicates::suspected_quarter_roll_ups(ing));
    ing.findings.extend(found);
}
