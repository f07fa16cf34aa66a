//! Render: functions from the figures to text, files or bytes. One file per output.

pub mod check;
