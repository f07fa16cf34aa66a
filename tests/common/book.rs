//! Workbooks written with rust_xlsxwriter for the rule tests, read back through `ingest` as real
//! input is, with every ledger checked to balance.
#![allow(dead_code)] // each test file uses a different part

use std::path::Path;

use rust_xlsxwriter::{Format, Workbook, Worksheet};
use tongji::config::Config;
use tongji::model::Ingested;
use tongji::model::{Severity, SheetLedger};

/// A cell to write: text, number, or a number shown with a zh-CN date format.
#[derive(Clone, Copy)]
pub enum C<'a> {
    T(&'a str),
    N(f64),
    CnDate(f64),
    _E,
}
use C::*;

pub fn write_rows(ws: &mut Worksheet, rows: &[&[C]]) {
    let cn_date = Format::new().set_num_format("yyyy\"年\"m\"月\"d\"日\"");
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match v {
                T(s) if !s.is_empty() => {
                    ws.write_string(r, c, *s).unwrap();
                }
                N(n) => {
                    ws.write_number(r, c, *n).unwrap();
                }
                CnDate(n) => {
                    ws.write_number_with_format(r, c, *n, &cn_date).unwrap();
                }
                _ => {}
            }
        }
    }
}

pub fn book(dir: &Path, file: &str, sheets: &[(&str, &[&[C]])]) {
    let mut wb = Workbook::new();
    for (name, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*name).unwrap();
        write_rows(ws, rows);
    }
    wb.save(dir.join(file)).unwrap();
}

pub fn read(dir: &Path) -> Ingested {
    let ing = tongji::pipeline::read(dir, &Config::load(dir).unwrap()).unwrap();
    for l in &ing.ledger {
        assert!(l.balances(), "unbalanced: {l:#?}");
    }
    ing
}

pub fn ledger<'a>(ing: &'a Ingested, sheet: &str) -> &'a SheetLedger {
    ing.ledger.iter().find(|l| l.sheet.as_deref() == Some(sheet)).unwrap_or_else(|| panic!("no sheet {sheet}"))
}

pub fn rejects(ing: &Ingested) -> Vec<String> {
    ing.findings.iter().filter(|p| p.severity == Severity::Rejected).map(|p| p.to_string()).collect()
}

pub fn warnings(ing: &Ingested) -> Vec<String> {
    ing.findings.iter().filter(|p| p.severity == Severity::Warning).map(|p| p.to_string()).collect()
}
