//! Normalizing: what every stage agrees a written value means — text folded to a key (full-width
//! and spacing aside) and its display width, dates and counts as clerks type them, the words that
//! mean "nothing", and partner departments.

pub mod catalogue;
pub mod departments;
pub mod text;
pub mod values;
