//! tongji (统计汇总): reads a county statistics bureau's specialty logs — trainings, verifications,
//! inspections, targets — as the clerks typed them, and accounts for every row.

pub mod aggregate;
pub mod cli;
pub mod config;
pub mod ingest;
pub mod lock;
pub mod model;
pub mod period;
pub mod pipeline;
pub mod progress;
pub mod render;
pub mod targets;
