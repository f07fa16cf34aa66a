//! Normalizing: what every stage agrees a written value means — text folded to a key (full-width
//! and spacing aside) and its display width, dates and counts as clerks type them, the words that
//! mean "nothing", partner departments, and the catalogues of specialties and activities with the
//! names clerks write for them.

pub mod catalogue;
pub mod departments;
pub mod text;
pub mod values;
