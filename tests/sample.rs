//! The shipped sample `input/` reads completely, every ledger balances, and its 2023 1－9月
//! figures are the report's: 50 批次 / 1323 人次, 名录库 20家, 执法 31家次 with 8 joint with 消防.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use polars::prelude::{ChunkAgg, DataType};
use serde_json::Value;
use tongji::config::Config;
use tongji::model::Ingested;
use tongji::model::{FileStatus, Kind, SheetStatus};
use tongji::pipeline::read;

fn sample() -> Ingested {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("input");
    read(&dir, &Config::load(&dir).unwrap()).unwrap()
}

fn expected() -> Value {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sample_expected.json");
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

fn in_2023_q1_q3(d: NaiveDate) -> bool {
    d >= NaiveDate::from_ymd_opt(2023, 1, 1).unwrap() && d <= NaiveDate::from_ymd_opt(2023, 9, 30).unwrap()
}

#[test]
fn sample_reads_without_rejections_and_every_ledger_balances() {
    let ing = sample();
    assert!(!ing.has_rejections(), "{:#?}", ing.findings);
    // The one thing to say: the copy dropped in beside 规上工业's workbook.
    let said: Vec<String> = ing.findings.iter().map(|p| p.to_string()).collect();
    assert_eq!(
        said,
        vec![
            "规上工业2023年台账 - 副本.xlsx: 与“规上工业2023年台账.xlsx”内容完全相同，是重复放入的副本：\
             只读取“规上工业2023年台账.xlsx”，记录不重复计入（可删除此副本）"
        ]
    );
    assert!(!ing.ledger.is_empty());
    for l in &ing.ledger {
        assert!(l.balances(), "unbalanced ledger: {l:#?}");
        let status = match l.sheet.as_deref() {
            Some("核查项目图") => SheetStatus::PassedOver("图表页"),
            Some("下拉选项") => SheetStatus::PassedOver("下拉选项列表"),
            _ => SheetStatus::Read,
        };
        assert_eq!(l.status, status, "{l:#?}");
    }
}

#[test]
fn sample_sheets_match_the_generators_account() {
    let ing = sample();
    let exp = expected();
    let mut sheets_expected = 0;
    for file in exp["files"].as_array().unwrap() {
        let path = file["path"].as_str().unwrap();
        let is_csv = path.ends_with(".csv");
        for s in file["sheets"].as_array().unwrap() {
            sheets_expected += 1;
            // A table beside another on its sheet is named by its columns too ("规上工业（A:F列）").
            let name = s["label"].as_str().or(s["name"].as_str()).unwrap();
            let l = ing
                .ledger
                .iter()
                .find(|l| l.file == path && (is_csv || l.sheet_label() == name))
                .unwrap_or_else(|| panic!("no ledger for {path} [{name}]"));
            if s["kind"] == "chart" {
                assert_eq!((l.kind_label(), l.rows_total), (s["passed_over_as"].as_str().unwrap().to_string(), 0));
                continue;
            }
            if s["kind"] == "list" {
                let rows = s["rows"].as_u64().unwrap() as u32;
                assert_eq!(
                    (l.kind_label(), l.rows_total, l.notes),
                    (s["passed_over_as"].as_str().unwrap().to_string(), rows, rows)
                );
                continue;
            }
            let kind = match s["kind"].as_str().unwrap() {
                "training" => Kind::Training,
                "verification" => Kind::Verification,
                "enforcement" => Kind::Enforcement,
                "targets" => Kind::Targets,
                "activity" => Kind::Activity,
                k => panic!("unknown kind {k}"),
            };
            let ctx = format!("{path} [{name}]");
            assert_eq!(l.kind, Some(kind), "{ctx}");
            assert_eq!(l.header_row, Some(s["header_row"].as_u64().unwrap() as u32), "{ctx}");
            assert_eq!(l.records as u64, s["records"].as_u64().unwrap(), "{ctx}");
            assert_eq!(l.totals as usize, s["totals_rows"].as_array().unwrap().len(), "{ctx}");
            assert_eq!(l.notes as usize, s["note_rows"].as_array().unwrap().len(), "{ctx}");
            assert_eq!(l.blank as usize, s["blank_rows"].as_array().map_or(0, |a| a.len()), "{ctx}");
            assert_eq!(l.rejected, 0, "{ctx}");
            if let Some(sp) = s["specialty"].as_str() {
                assert_eq!(l.specialty, sp, "{ctx}");
            }
            // The meeting ledger's categories, as the generator counted them (the seed's).
            if let Some(by) = s["by_category_2023_01_09"].as_object() {
                for (category, n) in by {
                    let got = ing
                        .activity
                        .iter()
                        .filter(|a| &*a.source.file == path && &*a.category.name == category.as_str())
                        .map(|a| a.count)
                        .sum::<i64>();
                    assert_eq!(got, n.as_i64().unwrap(), "{ctx} {category}");
                }
            }
        }
    }
    assert_eq!(ing.ledger.len(), sheets_expected);
    let skipped: Vec<&str> =
        ing.files.iter().filter(|f| matches!(f.status, FileStatus::Skipped { .. })).map(|f| f.file.as_str()).collect();
    assert_eq!(skipped, vec!["~$规上工业2023年台账.xlsx", "说明.txt"]);
    let copies = ing.copies();
    let want: Vec<(&str, &str)> = exp["copies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["path"].as_str().unwrap(), c["of"].as_str().unwrap()))
        .collect();
    assert_eq!(copies, want);
}

#[test]
fn sample_has_each_layout_of_real_ledgers() {
    let ing = sample();
    let layout = |file: &str| ing.ledger.iter().find(|l| l.file == file).map(|l| l.kind_label()).unwrap();
    assert_eq!(layout("名录库/名录库更新培训签到表.xlsx"), "培训（签到表）");
    assert_eq!(layout("2023年农业监测培训月报.xlsx"), "培训（按月汇总）");
    assert_eq!(layout("2022年/2022年服务业培训情况.xlsx"), "培训（按季度汇总）");
    // Tables side by side, named by their columns; the hidden dropdown list passed over.
    let labels = |file: &str| {
        ing.ledger.iter().filter(|l| l.file == file).map(|l| (l.sheet_label(), l.kind_label())).collect::<Vec<_>>()
    };
    assert_eq!(
        labels("2022年/2022年规上工业统计台账.xlsx"),
        [("规上工业（A:F列）".to_string(), "培训".to_string()), ("规上工业（H:M列）".to_string(), "核查".to_string())]
    );
    assert_eq!(labels("2023年房地产核查台账.xlsx")[1], ("下拉选项".to_string(), "下拉选项列表（隐藏）".to_string()));
    // The sign-in sheet has no date column: its session's day is its title's.
    let signed: Vec<NaiveDate> = ing
        .training
        .iter()
        .filter(|r| &*r.source.file == "名录库/名录库更新培训签到表.xlsx")
        .map(|r| r.date.date)
        .collect();
    assert_eq!(signed.len(), 18, "one record a name");
    assert!(signed.iter().all(|d| *d == signed[0] && d.format("%m").to_string() == "08"), "{signed:?}");
    // The quarter table's records are quarter-only, one per quarter with trainings.
    assert!(ing
        .training
        .iter()
        .filter(|r| &*r.source.file == "2022年/2022年服务业培训情况.xlsx")
        .all(|r| r.date.quarter_only));
    let et = ing.files.iter().find(|f| f.file == "能源/2023年能源统计培训台账.et").unwrap();
    assert_eq!(et.status, FileStatus::Read { format: "WPS表格（.et，xls格式）".into() });
    // The months-across table's records name their cells: 农业 trained in 2月, 5月 and 8月.
    let cells: Vec<String> = ing
        .training
        .iter()
        .filter(|r| &*r.source.file == "2023年农业监测培训月报.xlsx")
        .map(|r| r.source.place())
        .collect();
    assert_eq!(cells, vec!["D4", "J4", "P4"]);
}

#[test]
fn sample_2023_q1_q3_figures_are_the_reports() {
    let ing = sample();
    let exp = &expected()["figures"]["2023-01..2023-09"];
    let mut training: BTreeMap<&str, (i64, i64)> = BTreeMap::new();
    for r in ing.training.iter().filter(|r| in_2023_q1_q3(r.date.date)) {
        let e = training.entry(&*r.specialty.name).or_default();
        e.0 += r.batches;
        e.1 += r.attendees;
    }
    for (sp, v) in exp["training"].as_object().unwrap() {
        let want = (v["batches"].as_i64().unwrap(), v["attendees"].as_i64().unwrap());
        assert_eq!(training.get(sp.as_str()), Some(&want), "training {sp}");
    }
    let total = training.values().fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    assert_eq!(total, (50, 1323));

    let mut counts: BTreeMap<&str, i64> = BTreeMap::new();
    for r in ing.verification.iter().filter(|r| in_2023_q1_q3(r.date.date)) {
        *counts.entry(&*r.specialty.name).or_default() += r.count;
    }
    let report = [
        ("能源", 18),
        ("服务业", 18),
        ("贸易", 25),
        ("房地产", 7),
        ("劳动工资", 19),
        ("工业生产者价格", 1),
        ("投资", 261),
        ("规上工业", 24),
        ("名录库", 23),
    ];
    for (sp, n) in report {
        assert_eq!(counts.get(sp), Some(&n), "verification {sp}");
    }
    let units: std::collections::BTreeSet<&str> = ing
        .verification
        .iter()
        .filter(|r| &*r.specialty.name == "名录库" && in_2023_q1_q3(r.date.date))
        .map(|r| r.unit_id.as_deref().unwrap())
        .collect();
    assert_eq!(units.len(), 20, "名录库专业实地核查20家");

    let enf: Vec<_> = ing.enforcement.iter().filter(|r| in_2023_q1_q3(r.date.date)).collect();
    assert_eq!(enf.iter().map(|r| r.count).sum::<i64>(), 31);
    let joint: i64 =
        enf.iter().filter(|r| r.partner.as_deref().is_some_and(|p| p.contains("消防"))).map(|r| r.count).sum();
    assert_eq!(joint, 8);
}

#[test]
fn sample_prior_year_is_read_too() {
    let ing = sample();
    let prior = &expected()["figures"]["2022-01..2022-12"];
    let y2022 = |d: NaiveDate| {
        d >= NaiveDate::from_ymd_opt(2022, 1, 1).unwrap() && d < NaiveDate::from_ymd_opt(2023, 1, 1).unwrap()
    };
    for (sp, v) in prior["training"].as_object().unwrap() {
        let (b, a) = ing
            .training
            .iter()
            .filter(|r| y2022(r.date.date) && *r.specialty.name == **sp)
            .fold((0, 0), |acc, r| (acc.0 + r.batches, acc.1 + r.attendees));
        assert_eq!((b, a), (v["batches"].as_i64().unwrap(), v["attendees"].as_i64().unwrap()), "2022 training {sp}");
    }
    for (sp, v) in prior["verification"].as_object().unwrap() {
        let c: i64 =
            ing.verification.iter().filter(|r| y2022(r.date.date) && *r.specialty.name == **sp).map(|r| r.count).sum();
        assert_eq!(c, v["count"].as_i64().unwrap(), "2022 verification {sp}");
    }
    let enf: Vec<_> = ing.enforcement.iter().filter(|r| y2022(r.date.date)).collect();
    assert_eq!(enf.iter().map(|r| r.count).sum::<i64>(), prior["enforcement"]["count"].as_i64().unwrap());
    let joint = enf.iter().filter(|r| r.partner.as_deref().is_some_and(|p| p.contains("消防"))).count() as i64;
    assert_eq!(joint, prior["enforcement"]["joint_with_消防"].as_i64().unwrap());
}

#[test]
fn sample_tables_are_typed_polars_frames_with_provenance() {
    let ing = sample();
    let t = ing.tables().unwrap();
    assert_eq!(t.training.height(), ing.training.len());
    assert_eq!(t.verification.height(), ing.verification.len());
    assert_eq!(t.enforcement.height(), ing.enforcement.len());
    assert_eq!(t.targets.height(), 13);
    assert_eq!(t.training.column("date").unwrap().dtype(), &DataType::Date);
    assert_eq!(t.training.column("attendees").unwrap().dtype(), &DataType::Int64);
    assert_eq!(t.verification.column("count").unwrap().dtype(), &DataType::Int64);
    assert_eq!(t.targets.column("target").unwrap().dtype(), &DataType::Int64);
    let attendees: i64 = t.training.column("attendees").unwrap().as_materialized_series().i64().unwrap().sum().unwrap();
    assert_eq!(attendees, ing.training.iter().map(|r| r.attendees).sum::<i64>());
    for col in ["file", "sheet", "row"] {
        assert_eq!(t.enforcement.column(col).unwrap().null_count(), 0, "{col}");
    }
    // Every record points back to a row below its sheet's header.
    for r in &ing.training {
        let l = ing
            .ledger
            .iter()
            .find(|l| *l.file == *r.source.file && l.sheet.as_deref().is_none_or(|s| s == &*r.source.sheet))
            .unwrap();
        assert!(r.source.row > l.header_row.unwrap() && r.source.row <= l.rows_total, "{r:?}");
    }
}
