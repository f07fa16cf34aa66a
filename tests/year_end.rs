//! Every month end of the sample's year (issue 22, the year's end): the window names, the 序时进度
//! and the status words at each as-of month from 2023-01 to 2023-12 — and at December the year's
//! wording, "全年" and "未完成全年目标", never "1－4季度" or "滞后序时进度".

use std::path::Path;
use std::process::Command;

use tongji::config::Config;
use tongji::model::period::{Period, Window};
use tongji::model::Standing;

mod common;
use common::TempDir;

#[test]
fn every_month_end_names_its_windows_and_standings() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("input");
    let config = Config::load(&dir).unwrap();
    let ing = tongji::pipeline::read(&dir, &config).unwrap();
    let ytd = [
        "1月",
        "1－2月",
        "1季度",
        "1－4月",
        "1－5月",
        "1－2季度",
        "1－7月",
        "1－8月",
        "1－3季度",
        "1－10月",
        "1－11月",
        "全年",
    ];
    for m in 1..=12u32 {
        let period = Period::new(2023, m).unwrap();
        let fig = tongji::pipeline::figures(&ing, &config, period).unwrap();
        assert_eq!(period.span(Window::Ytd).label(), ytd[m as usize - 1]);
        let targeted: Vec<_> = fig.targeted().collect();
        assert!(!targeted.is_empty(), "{m}: the sample sets targets");
        for r in &targeted {
            let tp = r.time_progress.unwrap();
            assert!((tp - f64::from(m) / 12.0).abs() < 1e-9, "{m}: 序时进度 {tp}");
            let s = r.standing().unwrap();
            if m == 12 {
                assert!(matches!(s, Standing::Done | Standing::Unmet), "{m}: {} {:?}", r.specialty, s);
            } else {
                assert_ne!(s, Standing::Unmet, "{m}: {}", r.specialty);
            }
        }
    }
}

#[test]
fn the_years_end_report_speaks_of_the_year() {
    let out = TempDir::new().unwrap();
    let r = Command::new(env!("CARGO_BIN_EXE_tongji"))
        .args(["run", "-q", "--period", "2023-12", "-o"])
        .arg(out.path())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(0), "{}", String::from_utf8_lossy(&r.stderr));
    let text = std::fs::read_to_string(out.path().join("2023-12/工作情况_2023年12月.md")).unwrap();
    assert!(text.contains("全年"), "{text}");
    assert!(!text.contains("1－4季度"), "{text}");
    assert!(!text.contains("滞后序时进度"), "{text}");
    assert!(text.contains("未完成全年目标"), "{text}");
}

/// A period not yet come, or one in whose year to date no record falls (2024-03 on 2023's
/// ledgers), is refused with exit 1 and its reason — its report would be all zeros and falls.
#[test]
fn a_period_without_records_or_not_yet_come_is_refused() {
    for (period, said) in [
        ("2024-03", "2024年1季度没有任何记录（所读台账的日期在2022年1月至2023年9月之间），未写出汇总"),
        ("2099-01", "统计月份2099年1月还没有到"),
    ] {
        let out = TempDir::new().unwrap();
        let r = Command::new(env!("CARGO_BIN_EXE_tongji"))
            .args(["run", "-q", "--period", period, "-o"])
            .arg(out.path())
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .unwrap();
        assert_eq!(r.status.code(), Some(1), "{period}");
        let stderr = String::from_utf8_lossy(&r.stderr);
        assert!(stderr.contains(said), "{period}: {stderr}");
        assert!(!out.path().join(period).exists(), "{period}: nothing written");
    }
}

/// Months of the year to date without any record are said before any figure — on the console and
/// at the top of the report — and a month or quarter without any record is said to have none,
/// never given as "0批次、0人次".
#[test]
fn months_without_any_record_are_named_not_reported_as_zeros() {
    let out = TempDir::new().unwrap();
    let r = Command::new(env!("CARGO_BIN_EXE_tongji"))
        .args(["run", "--period", "2023-12", "-o"])
        .arg(out.path())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(0));
    let said =
        "10－12月没有任何记录（各台账只记到9月），其数都记为0，同比、环比据此计算；请放入这几个月的台账后重新运行";
    let console = String::from_utf8_lossy(&r.stdout);
    assert!(console.contains(&format!("！{said}")), "{console}");
    let text = std::fs::read_to_string(out.path().join("2023-12/工作情况_2023年12月.md")).unwrap();
    assert!(text.contains(&format!("注：{said}。")), "{text}");
    assert!(text.contains("12月没有任何记录。四季度没有任何记录。"), "{text}");
    assert!(!text.contains("0批次、0人次"), "{text}");
    // At September every month has records: nothing is said.
    let config = tongji::config::Config::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("input")).unwrap();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("input");
    let ing = tongji::pipeline::read(&dir, &config).unwrap();
    let fig = tongji::pipeline::figures(&ing, &config, Period::new(2023, 9).unwrap()).unwrap();
    assert_eq!(fig.empty_months_note(), None);
    let fig = tongji::pipeline::figures(&ing, &config, Period::new(2023, 11).unwrap()).unwrap();
    assert_eq!(fig.empty_months, [10, 11]);
    assert!(fig.window_empty(Window::Month) && fig.window_empty(Window::Quarter) && !fig.window_empty(Window::Ytd));
}

/// No sentence of the report begins with 并 (the checks and the inspections are one sentence).
#[test]
fn no_sentence_begins_with_bing() {
    let out = TempDir::new().unwrap();
    let r = Command::new(env!("CARGO_BIN_EXE_tongji"))
        .args(["run", "-q", "-o"])
        .arg(out.path())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(0));
    let text = std::fs::read_to_string(out.path().join("2023-09/工作情况_2023年9月.md")).unwrap();
    assert!(!text.contains("。并") && !text.lines().any(|l| l.starts_with('并')), "{text}");
    assert!(text.contains("工业生产者价格核查1家次，并开展统计执法检查31家次"), "{text}");
}
