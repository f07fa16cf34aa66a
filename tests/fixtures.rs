//! The committed fixtures (xls, ods, GB18030 / semicolon / tab CSV, impostor extensions, broken
//! files) read exactly as `tests/fixtures/fixtures_expected.json` says.

use std::path::Path;

use serde_json::Value;
use tongji::config::Config;
use tongji::model::Ingested;
use tongji::model::{FileStatus, Kind, Severity, SheetStatus};

fn root() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn read(dir: &str) -> Ingested {
    tongji::pipeline::read(&root().join(dir), &Config::default()).unwrap()
}

fn expected() -> Vec<Value> {
    let text = std::fs::read_to_string(root().join("fixtures_expected.json")).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    v["fixtures"].as_array().unwrap().clone()
}

fn kind(s: &str) -> Kind {
    match s {
        "training" => Kind::Training,
        "verification" => Kind::Verification,
        "enforcement" => Kind::Enforcement,
        "targets" => Kind::Targets,
        k => panic!("unknown kind {k}"),
    }
}

#[test]
fn every_readable_fixture_reads_as_documented() {
    let dirs = ["formats", "rules"];
    let all: Vec<(String, Ingested)> = dirs.iter().map(|d| (d.to_string(), read(d))).collect();
    let mut checked = 0;
    for fx in expected() {
        let path = fx["path"].as_str().unwrap();
        let (dir, file) = path.split_once('/').unwrap();
        let Some((_, ing)) = all.iter().find(|(d, _)| d == dir) else {
            continue;
        };
        let is_csv = fx["sheets"].as_array().unwrap().len() == 1
            && ing.ledger.iter().any(|l| l.file == file && l.sheet.is_none());
        for s in fx["sheets"].as_array().unwrap() {
            let name = s["name"].as_str().unwrap();
            let ctx = format!("{path} [{name}]");
            let l = ing
                .ledger
                .iter()
                .find(|l| l.file == file && (is_csv || l.sheet.as_deref() == Some(name)))
                .unwrap_or_else(|| panic!("no ledger for {ctx}"));
            assert!(l.balances(), "{ctx}: {l:#?}");
            if s["kind"].is_null() {
                assert_eq!(l.status, SheetStatus::Unrecognized, "{ctx}");
                assert_eq!(l.records, 0);
                continue;
            }
            checked += 1;
            assert_eq!(l.kind, Some(kind(s["kind"].as_str().unwrap())), "{ctx}");
            assert_eq!(l.header_row, Some(s["header_row"].as_u64().unwrap() as u32), "{ctx}");
            assert_eq!(l.records as u64, s["records"].as_u64().unwrap(), "{ctx}");
            assert_eq!(l.totals as usize, s["totals_rows"].as_array().unwrap().len(), "{ctx}");
            assert_eq!(l.notes as usize, s["note_rows"].as_array().unwrap().len(), "{ctx}");
            assert_eq!(l.blank as usize, s["blank_rows"].as_array().unwrap().len(), "{ctx}");
            let rejects = s["rejects"].as_array().unwrap();
            assert_eq!(l.rejected as usize, rejects.len(), "{ctx}");
            for rej in rejects {
                let cell = rej["cell"].as_str().unwrap();
                let value = rej["value"].as_str().unwrap();
                let p = ing
                    .findings
                    .iter()
                    .find(|p| {
                        p.severity == Severity::Rejected
                            && p.location.file == file
                            && p.location.cell.as_deref() == Some(cell)
                    })
                    .unwrap_or_else(|| panic!("{ctx}: no reject at {cell}: {:#?}", ing.findings));
                assert!(p.message.contains(value), "{ctx}: {p}");
            }
            // Sums of the records read from this sheet.
            let sheet_name = if is_csv {
                Path::new(file).file_stem().unwrap().to_string_lossy().into_owned()
            } else {
                name.to_string()
            };
            let of_sheet = |f: &str, sh: &str| f == file && sh == sheet_name;
            let sums = &s["sums"];
            if let Some(b) = sums["batches"].as_i64() {
                let t: Vec<_> = ing.training.iter().filter(|r| of_sheet(&r.source.file, &r.source.sheet)).collect();
                assert_eq!(t.iter().map(|r| r.batches).sum::<i64>(), b, "{ctx}");
                assert_eq!(t.iter().map(|r| r.attendees).sum::<i64>(), sums["attendees"].as_i64().unwrap(), "{ctx}");
                let dates: Vec<String> = t.iter().map(|r| r.date.date.to_string()).collect();
                assert_eq!(serde_json::to_value(&dates).unwrap(), s["dates"], "{ctx}");
            }
            if let Some(c) = sums["count"].as_i64() {
                let v: Vec<_> = ing
                    .verification
                    .iter()
                    .chain(&ing.enforcement)
                    .filter(|r| of_sheet(&r.source.file, &r.source.sheet))
                    .collect();
                assert_eq!(v.iter().map(|r| r.count).sum::<i64>(), c, "{ctx}");
                let dates: Vec<String> = v.iter().map(|r| r.date.date.to_string()).collect();
                if !s["dates"].is_null() {
                    assert_eq!(serde_json::to_value(&dates).unwrap(), s["dates"], "{ctx}");
                }
            }
            if let Some(by) = s["by_specialty"].as_object() {
                for sp in by.keys() {
                    let found = ing
                        .training
                        .iter()
                        .map(|r| (&r.source, &r.specialty))
                        .chain(ing.verification.iter().chain(&ing.enforcement).map(|r| (&r.source, &r.specialty)));
                    assert!(
                        found
                            .into_iter()
                            .any(|(src, spec)| of_sheet(&src.file, &src.sheet) && *spec.name == **sp && spec.known),
                        "{ctx}: {sp}"
                    );
                }
            }
        }
    }
    assert!(checked >= 8, "only {checked} fixture sheets checked");
}

#[test]
fn formats_are_picked_by_leading_bytes_not_names() {
    let ing = read("formats");
    let format = |f: &str| match &ing.files.iter().find(|r| r.file == f).unwrap().status {
        FileStatus::Read { format } => format.clone(),
        s => panic!("{f}: {s:?}"),
    };
    assert_eq!(format("legacy.xls"), "xls");
    assert_eq!(format("mixed.ods"), "ods");
    assert!(format("really_xlsx.xls").starts_with("xlsx"), "{}", format("really_xlsx.xls"));
    assert!(format("really_csv.xls").starts_with("GB18030 CSV"), "{}", format("really_csv.xls"));
    assert!(format("gb18030.csv").starts_with("GB18030 CSV"));
    assert!(format("utf8bom_semicolon.csv").contains("分号"));
    assert!(format("tab_separated.csv").contains("制表符"));
}

#[test]
fn joint_enforcement_partner_is_kept() {
    let ing = read("formats");
    let joint = ing.enforcement.iter().filter(|r| r.partner.as_deref().is_some_and(|p| p.contains("消防"))).count();
    assert_eq!(joint, 2);
    assert!(ing.enforcement.iter().all(|r| &*r.specialty.name == "执法"));
}

#[test]
fn broken_files_are_named_and_the_rest_goes_on() {
    let ing = read("broken");
    let status = |f: &str| ing.files.iter().find(|r| r.file == f).map(|r| r.status.clone()).unwrap();
    assert!(matches!(status("~$lockfile.xlsx"), FileStatus::Skipped { .. }));
    match status("broken.xlsx") {
        FileStatus::Failed { reason } => assert!(reason.contains("损坏"), "{reason}"),
        s => panic!("{s:?}"),
    }
    match status("html_export.xls") {
        FileStatus::Failed { reason } => assert!(reason.contains("HTML"), "{reason}"),
        s => panic!("{s:?}"),
    }
    match status("password.xlsx") {
        FileStatus::Failed { reason } => assert!(reason.contains("密码"), "{reason}"),
        s => panic!("{s:?}"),
    }
    assert!(ing.has_rejections());
    let named: Vec<&str> = ing.findings.iter().map(|p| p.location.file.as_str()).collect();
    assert!(named.contains(&"broken.xlsx") && named.contains(&"html_export.xls") && named.contains(&"password.xlsx"));
    assert!(!named.contains(&"~$lockfile.xlsx"), "a lock file is not a problem");
}

#[test]
fn totals_mismatch_is_a_warning_at_its_cell() {
    let ing = read("rules");
    assert!(!ing.has_rejections());
    let w: Vec<_> = ing.findings.iter().filter(|p| p.severity == Severity::Warning).collect();
    assert_eq!(w.len(), 1, "{w:#?}");
    assert_eq!(w[0].location.cell.as_deref(), Some("E6"));
    assert!(w[0].message.contains("95") && w[0].message.contains("90"), "{}", w[0]);
}
