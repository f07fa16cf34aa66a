//! tongji (统计汇总): reads a county statistics bureau's specialty logs — trainings, verifications,
//! inspections, meetings, targets — as the clerks typed them, and accounts for every row.
//!
//! The stages, each a module that never imports from one after it: [`ingest`] (read bytes into
//! sheets of cells, then interpret each sheet's layout into records) → [`check`] the records →
//! [`aggregate`] (figures per window and specialty) → [`check`] the figures against the targets →
//! [`render`] (the outputs). Below them all, [`model`] holds the types they share and
//! [`normalize`] what written values mean; [`error`] is the one error type. [`pipeline`] is the
//! only place that knows the order (docs/architecture.md draws it).

pub mod aggregate;
pub mod check;
pub mod cli;
pub mod config;
pub mod error;
pub mod ingest;
pub mod lock;
pub mod model;
pub mod normalize;
pub mod pipeline;
pub mod progress;
pub mod render;
