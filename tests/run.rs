//! `tongji run`: the period folder, metrics.csv and the workbook, checked against answers worked
//! out by hand from small fixtures, and against the report's figures on the shipped sample.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use calamine::{open_workbook, Data, Reader, Xlsx};
use rust_xlsxwriter::Workbook;
mod common;
use common::TempDir;

fn tongji(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tongji")).args(args).current_dir(env!("CARGO_MANIFEST_DIR")).output().unwrap()
}

fn sheet(dir: &Path, file: &str, name: &str, rows: &[Vec<&str>]) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(name).unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if let Ok(n) = v.parse::<f64>() {
                ws.write_number(r as u32, c as u16, n).unwrap();
            } else if !v.is_empty() {
                ws.write_string(r as u32, c as u16, *v).unwrap();
            }
        }
    }
    wb.save(dir.join(file)).unwrap();
}

/// A metrics.csv row by column name.
type Row = BTreeMap<String, String>;
/// metrics.csv rows by (window, specialty, metric).
type Metrics = BTreeMap<(String, String, String), Row>;

/// metrics.csv: its header and its rows.
fn metrics(folder: &Path) -> (String, Metrics) {
    let bytes = std::fs::read(folder.join("metrics.csv")).unwrap();
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "UTF-8 with BOM");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap().to_string();
    let cols: Vec<&str> = header.split(',').collect();
    let mut out = BTreeMap::new();
    for line in lines {
        let fields: Vec<&str> = line.split(',').collect();
        assert_eq!(fields.len(), cols.len(), "{line}");
        let row: Row = cols.iter().zip(&fields).map(|(c, f)| (c.to_string(), f.to_string())).collect();
        let key = (row["window"].clone(), row["specialty"].clone(), row["metric"].clone());
        assert!(out.insert(key, row).is_none(), "duplicate row {line}");
    }
    (header, out)
}

fn get<'a>(m: &'a Metrics, w: &str, s: &str, metric: &str) -> &'a BTreeMap<String, String> {
    m.get(&(w.to_string(), s.to_string(), metric.to_string())).unwrap_or_else(|| panic!("no row {w} {s} {metric}"))
}

/// A small bureau: answers worked out by hand in the comments.
fn fixture(dir: &Path) {
    sheet(
        dir,
        "贸易台账.xlsx",
        "培训",
        &[
            vec!["日期", "批次", "人次"],
            vec!["2022-02-10", "1", "20"], // 2022 Q1
            vec!["2022-08-10", "1", "40"], // 2022 Q3 (Jul–Aug)
            vec!["2022-09-10", "1", "10"], // 2022 Sep
            vec!["2023-01-05", "3", "30"],
            vec!["2023-04-05", "1", "25"], // Q2
            vec!["2023-05-05", "1", "5"],  // Q2
            vec!["2023-07-05", "1", "10"], // Q3
            vec!["2023-08-05", "1", "15"], // Aug (previous month)
            vec!["2023-09-05", "1", "20"], // Sep
            vec!["2023-09-25", "", "30"],  // Sep, empty 批次 = 1
            vec!["2023-10-05", "1", "99"], // after the period: never counted
        ],
    );
    sheet(
        dir,
        "能源核查.xlsx",
        "能源核查",
        &[vec!["核查日期", "企业名称"], vec!["2023-09-01", "甲"], vec!["2023-09-02", "甲"], vec!["2023-03-02", "乙"]],
    );
    sheet(
        dir,
        "名录库核查.xlsx",
        "名录库核查",
        &[
            vec!["核查日期", "单位名称", "统一社会信用代码"],
            vec!["2023-02-01", "甲公司", "91330100AAAAAAAAA1"],
            vec!["2023-05-01", "甲公司（复查）", "91330100AAAAAAAAA1"],
            vec!["2023-09-01", "乙公司", "91330100BBBBBBBBB2"],
            vec!["2023-09-03", "丙公司", ""],
            vec!["2023-09-04", "丙公司", ""],
        ],
    );
    // A unit name that looks like a formula must stay text everywhere.
    sheet(dir, "劳动工资核查.xlsx", "核查", &[vec!["核查日期", "企业名称"], vec!["2023-09-09", "=1+1"]]);
    sheet(
        dir,
        "投资项目核查.xlsx",
        "投资核查",
        &[vec!["月份", "核查项目数"], vec!["2023年7月", "30"], vec!["2023年8月", "0"], vec!["2023年9月", "12"]],
    );
    sheet(
        dir,
        "执法检查台账.xlsx",
        "执法检查",
        &[
            vec!["检查日期", "检查对象", "检查方式", "联合部门"],
            vec!["2022-05-01", "A", "双随机", "县消防救援大队"],
            vec!["2022-06-01", "B", "双随机", ""],
            vec!["2023-03-01", "C", "双随机", "消防"],
            vec!["2023-09-01", "D", "双随机", "县消防救援大队"],
            vec!["2023-09-02", "E", "专项检查", ""],
        ],
    );
    sheet(
        dir,
        "2023年目标任务.xlsx",
        "目标",
        &[
            vec!["专业", "指标", "年度目标"],
            vec!["贸易", "培训批次", "12"],  // 9 批次 of 12: 75% = 序时进度 → on_track
            vec!["贸易", "培训人次", "100"], // 135 ≥ 100 → done
            vec!["能源", "核查", "5"],       // 3 of 5 = 60% < 75% → behind
            vec!["名录库", "核查", "3"],     // 3 家 = target → done
            vec!["粮食", "培训人次", "50"],  // no records: a row with value 0, behind
        ],
    );
}

#[test]
fn figures_for_every_window_with_targets_and_comparisons() {
    let input = TempDir::new().unwrap();
    let output = TempDir::new().unwrap();
    fixture(input.path());
    let o = tongji(&[
        "run",
        "-i",
        input.path().to_str().unwrap(),
        "-o",
        output.path().to_str().unwrap(),
        "--period",
        "2023-09",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let folder = output.path().join("2023-09");
    let (header, m) = metrics(&folder);
    assert_eq!(header, tongji::render::csv::HEADER);
    assert!(header.starts_with("period,window,specialty,metric,unit,value,target,completion,time_progress,status,prior_value,yoy,previous_value,pop,"), "columns are only added at the end");

    // 贸易 training batches: month 2 (Sep), quarter 4 (Jul–Sep), ytd 9; 2022: Sep 1, Q3 2, Jan–Sep 3.
    let r = get(&m, "month", "贸易", "training_batches");
    assert_eq!((r["value"].as_str(), r["prior_value"].as_str(), r["yoy"].as_str()), ("2", "1", "1"));
    assert_eq!((r["previous_value"].as_str(), r["pop"].as_str()), ("1", "1"), "Aug 1 → Sep 2");
    assert_eq!((r["target"].as_str(), r["status"].as_str(), r["time_progress"].as_str()), ("", "", ""));
    let r = get(&m, "quarter", "贸易", "training_batches");
    assert_eq!((r["value"].as_str(), r["prior_value"].as_str(), r["previous_value"].as_str()), ("4", "2", "2"));
    let r = get(&m, "ytd", "贸易", "training_batches");
    assert_eq!((r["value"].as_str(), r["prior_value"].as_str(), r["yoy"].as_str()), ("9", "3", "2"));
    assert_eq!((r["target"].as_str(), r["completion"].as_str(), r["time_progress"].as_str()), ("12", "0.75", "0.75"));
    assert_eq!(r["status"], "on_track", "completion exactly the time progress is on track");
    assert_eq!((r["previous_value"].as_str(), r["pop"].as_str()), ("", ""), "no 环比 for year-to-date");
    let r = get(&m, "ytd", "贸易", "training_attendees");
    assert_eq!((r["value"].as_str(), r["prior_value"].as_str(), r["status"].as_str()), ("135", "70", "done"));
    let r = get(&m, "month", "贸易", "training_attendees");
    assert_eq!((r["value"].as_str(), r["unit"].as_str()), ("50", "人次"));
    // 合计 equals the only specialty with training; 粮食 has a target and no records.
    assert_eq!(get(&m, "ytd", "合计", "training_attendees")["value"], "135");
    let r = get(&m, "ytd", "粮食", "training_attendees");
    assert_eq!(
        (r["value"].as_str(), r["target"].as_str(), r["status"].as_str(), r["prior_value"].as_str()),
        ("0", "50", "behind", "")
    );

    // 能源: 家次 (3), behind its target 5; no 2022 records → prior empty, yoy empty.
    let r = get(&m, "ytd", "能源", "verification");
    assert_eq!(
        (r["value"].as_str(), r["unit"].as_str(), r["status"].as_str(), r["completion"].as_str()),
        ("3", "家次", "behind", "0.6")
    );
    assert_eq!((r["prior_value"].as_str(), r["yoy"].as_str()), ("", ""));
    // 名录库: 家 = distinct units: 甲 (twice), 乙, 丙 (no code, by name) = 3; month: 乙, 丙 = 2.
    let r = get(&m, "ytd", "名录库", "verification");
    assert_eq!((r["value"].as_str(), r["unit"].as_str(), r["status"].as_str()), ("3", "家", "done"));
    assert_eq!(get(&m, "month", "名录库", "verification")["value"], "2");
    // 投资: 个, from the monthly count table; Aug 0 → Sep's 环比 has a zero base: empty.
    let r = get(&m, "month", "投资", "verification");
    assert_eq!(
        (r["value"].as_str(), r["unit"].as_str(), r["previous_value"].as_str(), r["pop"].as_str()),
        ("12", "个", "0", "")
    );
    assert_eq!(get(&m, "ytd", "投资", "verification")["value"], "42");
    // 执法: 3 in 2023 (2 joint with 消防, written two ways); 2022 Jan–Sep: 2, 1 joint.
    let r = get(&m, "ytd", "执法", "enforcement");
    assert_eq!((r["value"].as_str(), r["prior_value"].as_str(), r["yoy"].as_str()), ("3", "2", "0.5"));
    let r = get(&m, "ytd", "执法", "enforcement_joint");
    assert_eq!((r["value"].as_str(), r["prior_value"].as_str(), r["yoy"].as_str()), ("2", "1", "1"));
    assert!(!m.keys().any(|(_, s, metric)| s == "合计" && metric == "verification"), "no 合计 across 家次, 家 and 个");

    // The workbook, read back.
    let path = folder.join("统计汇总_2023年9月.xlsx");
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(
        wb.sheet_names(),
        ["总览", "培训", "核查", "执法检查", "工作活动", "月度趋势", "数据质量", "明细", "图表"]
    );
    let training = wb.worksheet_range("培训").unwrap();
    let total_row = training.rows().find(|r| r.first() == Some(&Data::String("合计".into()))).expect("合计 row");
    assert_eq!(total_row[6], Data::Float(135.0), "累计人次 of 合计");
    let checks = wb.worksheet_range("核查").unwrap();
    let row = checks.rows().find(|r| r.first() == Some(&Data::String("名录库".into()))).unwrap();
    assert_eq!((row[1].clone(), row[4].clone()), (Data::String("家".into()), Data::Float(3.0)));
    let enf = wb.worksheet_range("执法检查").unwrap();
    let partner =
        enf.rows().find(|r| r.first() == Some(&Data::String("消防".into()))).expect("消防 in the partner breakdown");
    assert_eq!((partner[1].clone(), partner[2].clone()), (Data::Float(2.0), Data::Float(1.0)));
    let details = wb.worksheet_range("明细").unwrap();
    assert_eq!(details.height() - 3, 11 + 3 + 5 + 1 + 3 + 5, "every record in 明细");
    assert!(details.rows().any(|r| r.get(6) == Some(&Data::String("=1+1".into()))), "formula-like text kept as text");
    let formulas = wb.worksheet_formula("明细").unwrap();
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()), "no formulas in 明细");
    // Three native charts (the zip's directory names its parts in plain bytes).
    let bytes = std::fs::read(&path).unwrap();
    for part in ["xl/charts/chart1.xml", "xl/charts/chart2.xml", "xl/charts/chart3.xml"] {
        assert!(bytes.windows(part.len()).any(|w| w == part.as_bytes()), "{part}");
    }
    for f in ["training", "verification", "enforcement", "targets"] {
        assert!(folder.join("records").join(format!("{f}.parquet")).metadata().unwrap().len() > 100);
    }
}

#[test]
fn rerun_replaces_the_period_folder_whole_and_leaves_no_temporary_folders() {
    let input = TempDir::new().unwrap();
    let output = TempDir::new().unwrap();
    fixture(input.path());
    let args = [
        "run",
        "-i",
        input.path().to_str().unwrap(),
        "-o",
        output.path().to_str().unwrap(),
        "-p",
        "2023-09",
        "--quiet",
    ];
    let o = tongji(&args);
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stdout.is_empty(), "--quiet prints nothing on success");
    let folder = output.path().join("2023-09");
    std::fs::write(folder.join("stale.txt"), "from an earlier run").unwrap();
    assert_eq!(tongji(&args).status.code(), Some(0));
    assert!(!folder.join("stale.txt").exists(), "re-running a period replaces its folder whole");
    assert!(folder.join("metrics.csv").exists());
    let mut entries: Vec<String> = std::fs::read_dir(output.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    entries.sort();
    assert_eq!(entries, [".tongji.lock", "2023-09"], "the period folder and the (released) lock file");
}

#[test]
fn exit_codes() {
    let input = TempDir::new().unwrap();
    let output = TempDir::new().unwrap();
    let (i, o) = (input.path().to_str().unwrap(), output.path().to_str().unwrap());
    // Nothing usable: 1 with a message, with or without --period, and nothing written.
    let r = tongji(&["run", "-i", i, "-o", o]);
    assert_eq!(r.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&r.stderr).contains("没有读到任何"));
    let r = tongji(&["run", "-i", i, "-o", o, "--period", "2023-09"]);
    assert_eq!(r.status.code(), Some(1), "{}", String::from_utf8_lossy(&r.stdout));
    assert!(String::from_utf8_lossy(&r.stderr).contains("没有读到任何"));
    assert!(!output.path().join("2023-09").exists(), "no report of zeros");
    // A bad period: 1.
    fixture(input.path());
    let r = tongji(&["run", "-i", i, "-o", o, "--period", "2023-13"]);
    assert_eq!(r.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&r.stderr).contains("2023-13"));
    // A rejected row: 0 normally, 3 with --strict, outputs written either way.
    sheet(input.path(), "坏行.xlsx", "贸易培训", &[vec!["日期", "人次"], vec!["2023年13月1日", "5"]]);
    assert_eq!(tongji(&["run", "-i", i, "-o", o, "-q"]).status.code(), Some(0));
    let r = tongji(&["run", "-i", i, "-o", o, "-q", "--strict"]);
    assert_eq!(r.status.code(), Some(3));
    assert!(output.path().join("2023-10").join("metrics.csv").exists(), "latest month with a record: October");
}

#[test]
fn sample_run_gives_the_reports_figures() {
    let output = TempDir::new().unwrap();
    let o = tongji(&["run", "-o", output.path().to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("统计月份：2023年9月（未指定 --period，取记录中最晚的月份）"), "{stdout}");
    assert!(stdout.contains("1－3季度：各专业培训50批次、1323人次"), "{stdout}");
    let folder: PathBuf = output.path().join("2023-09");
    let (_, m) = metrics(&folder);
    let ytd = |s: &str, metric: &str| get(&m, "ytd", s, metric)["value"].clone();
    assert_eq!((ytd("合计", "training_batches"), ytd("合计", "training_attendees")), ("50".into(), "1323".into()));
    for (s, v, unit) in [
        ("能源", "18", "家次"),
        ("服务业", "18", "家次"),
        ("贸易", "25", "家次"),
        ("房地产", "7", "家次"),
        ("劳动工资", "19", "家次"),
        ("名录库", "20", "家"),
        ("工业生产者价格", "1", "家次"),
        ("投资", "261", "个"),
        ("规上工业", "24", "家次"),
    ] {
        let r = get(&m, "ytd", s, "verification");
        assert_eq!((r["value"].as_str(), r["unit"].as_str()), (v, unit), "{s}");
    }
    assert_eq!((ytd("执法", "enforcement"), ytd("执法", "enforcement_joint")), ("31".into(), "8".into()));
    // 同比 for 规上工业 training: 331 人次 against 298 in 2022 1－9月.
    let r = get(&m, "ytd", "规上工业", "training_attendees");
    assert_eq!((r["prior_value"].as_str(), r["yoy"].as_str()), ("298", "0.110738"));
    // The 合计's 同比 on the comparable scope: 2022's ledgers cover 4 specialties, 2023's 11. Over
    // those 4: 25 批次 against 22 (+13.6 %), 781 人次 against 669 (+16.7 %), not +127.3 % / +97.8 %;
    // the plain totals stay as they are.
    let left_out = "农业、粮食、低收入、住户调查、能源、劳动工资、名录库";
    for (metric, plain, prior, comparable, yoy) in
        [("training_batches", "50", "22", "25", "0.136364"), ("training_attendees", "1323", "669", "781", "0.167414")]
    {
        let r = get(&m, "ytd", "合计", metric);
        assert_eq!((r["value"].as_str(), r["prior_value"].as_str()), (plain, prior), "{metric}");
        assert_eq!((r["comparable_value"].as_str(), r["comparable_prior"].as_str()), (comparable, prior), "{metric}");
        assert_eq!((r["yoy"].as_str(), r["left_out"].as_str()), (yoy, left_out), "{metric}");
    }
    // A specialty's own row has no comparable scope.
    assert_eq!(get(&m, "ytd", "规上工业", "training_batches")["left_out"], "");
    // The workbook labels it beside the 合计 rows of 总览 and 培训.
    let mut wb: Xlsx<_> = open_workbook(folder.join("统计汇总_2023年9月.xlsx")).unwrap();
    let overview = wb.worksheet_range("总览").unwrap();
    let note = overview.rows().find(|r| r[0] == Data::String("培训人次（合计）".into())).map(|r| r[7].to_string());
    assert_eq!(
        note.as_deref(),
        Some("同比为可比口径：去年也有台账的专业今年781、去年669人次；不含去年没有台账的农业、粮食、低收入、住户调查、能源、劳动工资、名录库")
    );
    // One vocabulary for where a target stands, the text's: 88.9 % against 75 % is 超序时进度 in
    // the workbook as in the report (it was 符合序时进度 there), 75.0 % is 与序时进度持平.
    let standing = |specialty: &str, metric: &str| {
        overview
            .rows()
            .find(|r| r[0] == Data::String(specialty.into()) && r[1].to_string().starts_with(metric))
            .map(|r| r[6].to_string())
    };
    assert_eq!(standing("房地产与投资", "培训批次").as_deref(), Some("超序时进度"));
    assert_eq!(standing("规上工业", "培训批次").as_deref(), Some("与序时进度持平"));
    assert_eq!(standing("服务业", "核查").as_deref(), Some("已完成全年目标"));
    assert_eq!(standing("粮食", "培训批次").as_deref(), Some("滞后序时进度"));
    assert!(
        stdout.contains("年度目标13项：已完成全年目标2项，超序时进度8项，与序时进度持平1项，滞后序时进度2项"),
        "{stdout}"
    );
    // 月度趋势 compares like with like: both years summed to September, last year's whole year
    // apart; 名录库 (家) shows its distinct year-to-date count, not a sum of months.
    let trend = wb.worksheet_range("月度趋势").unwrap();
    let cells = |specialty: &str, metric: &str, year: &str| {
        trend
            .rows()
            .find(|r| {
                r[0] == Data::String(specialty.into())
                    && r[1] == Data::String(metric.into())
                    && r[3] == Data::String(year.into())
            })
            .map(|r| (r[16].to_string(), r[17].to_string()))
    };
    assert_eq!(trend.rows().nth(2).map(|r| r[16].to_string()).as_deref(), Some("1－3季度合计"));
    assert_eq!(cells("规上工业", "培训批次", "2022年"), Some(("6".into(), "8".into())));
    assert_eq!(cells("规上工业", "培训批次", "2023年"), Some(("6".into(), "".into())));
    assert_eq!(cells("名录库", "核查", "2023年"), Some(("20".into(), "".into())));
    // The chart's lines are the sheet's 合计 rows.
    let line = |name: &str, metric: &str, year: &str| {
        trend
            .rows()
            .find(|r| {
                r[0] == Data::String(name.into())
                    && r[1] == Data::String(metric.into())
                    && r[3] == Data::String(year.into())
            })
            .map(|r| (r[16].to_string(), r[17].to_string()))
    };
    assert_eq!(line("合计", "培训人次", "2023年"), Some(("1323".into(), "".into())));
    // Like with like month by month: 服务业, kept by quarter in 2022, is in no month, so in neither
    // year's comparable line (781 − 17 and 669 − 20 of metrics.csv's comparable scope).
    assert_eq!(line("可比口径合计", "培训人次", "2023年"), Some(("764".into(), "".into())));
    assert_eq!(line("可比口径合计", "培训人次", "2022年"), Some(("649".into(), "882".into())));
    assert_eq!(line("可比口径合计", "核查", "2023年"), Some(("67".into(), "".into())));
    // Every sheet prints with its title in the page header and 第 &P 页 共 &N 页 in the footer;
    // a sheet is shrunk to one page wide only when it stays readable (总览, 核查, 数据质量), the wide ones
    // (培训, 明细) print at full size with the first column repeated. Headers of six characters
    // keep their column wide enough for one line ("去年同期批次": not "去年同期批/次").
    let sheet_xml = |n: usize| {
        let mut zip =
            zip::ZipArchive::new(std::fs::File::open(folder.join("统计汇总_2023年9月.xlsx")).unwrap()).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(&format!("xl/worksheets/sheet{n}.xml")).unwrap(), &mut xml)
            .unwrap();
        xml
    };
    for (n, name) in wb.sheet_names().iter().enumerate() {
        let xml = sheet_xml(n + 1);
        assert!(xml.contains("<oddFooter>&amp;C第 &amp;P 页 共 &amp;N 页</oddFooter>"), "{name}: no page footer");
        assert!(xml.contains("<oddHeader>&amp;C"), "{name}: no page header");
        let fits = xml.contains(r#"<pageSetUpPr fitToPage="1"/>"#);
        let expected = name != "明细";
        assert_eq!(fits, expected, "{name}: shrunk to one page wide");
    }
    assert!(sheet_xml(1).contains("<oddHeader>&amp;C统计业务工作汇总（2023年1－3季度）</oddHeader>"));
    // 图表: a page break above the second and the third chart, so none is split.
    let charts = sheet_xml(wb.sheet_names().iter().position(|n| n == "图表").unwrap() + 1);
    assert!(charts.contains(r#"<brk id="25" max="16383" man="1"/>"#) && charts.contains(r#"<brk id="48""#), "{charts}");
    // Its native charts: every value label names its unit a space after the number (the 核查
    // bars each their own: 家次, 个, 家), and no completion label sits on the 序时进度 line.
    let chart_xml = |n: usize| {
        let mut zip =
            zip::ZipArchive::new(std::fs::File::open(folder.join("统计汇总_2023年9月.xlsx")).unwrap()).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(&format!("xl/charts/chart{n}.xml")).unwrap(), &mut xml).unwrap();
        xml
    };
    let fmt = |unit: &str| format!(r##"<c:numFmt formatCode="#,##0&quot; {unit}&quot;" sourceLinked="0"/>"##);
    assert_eq!(chart_xml(1).matches(&fmt("人次")).count(), 11, "培训: one 人次 label a specialty");
    let checks = chart_xml(2);
    assert_eq!(
        (checks.matches(&fmt("家次")).count(), checks.matches(&fmt("个")).count(), checks.matches(&fmt("家")).count()),
        (7, 1, 1)
    );
    assert!(!checks.contains("单位见核查表"), "the units are on the bars, not referred to in the title");
    let targets = chart_xml(3);
    assert!(targets.contains(r#"<c:max val="1.4"/>"#) && targets.contains(r#"<c:min val="0"/>"#), "a fixed axis");
    // 序时进度 75 %: 88.9 % and above are labelled inside their bar's top; 75.0 % and 62.5 % at
    // their foot; the others (just over the line, or well under it) above their top.
    assert_eq!(
        (
            targets.matches(r#"<c:dLblPos val="inEnd"/>"#).count(),
            targets.matches(r#"<c:dLblPos val="inBase"/>"#).count()
        ),
        (5, 2),
        "{targets}"
    );
    // Headers of two words are written on two lines between the words ("去年同期" / "批次"), never
    // broken inside one, and the column is as wide as the wider word.
    let head: Vec<String> =
        wb.worksheet_range("培训").unwrap().rows().nth(2).unwrap().iter().map(|c| c.to_string()).collect();
    assert_eq!((head[7].as_str(), head[12].as_str()), ("去年同期\n批次", "批次\n完成率"));
    assert!(sheet_xml(2).contains(r#"<col min="8" max="9" width="10.7"#), "去年同期 on one line");
    // 数据质量: the messages below the ledger span its count columns, wrapped, so they widen no
    // column of the ledger: 表头行 (E) is as wide as its header, not as its longest message.
    let quality_xml = sheet_xml(wb.sheet_names().iter().position(|n| n == "数据质量").unwrap() + 1);
    assert!(quality_xml.contains(r#"<col min="5" max="6" width="8.7"#), "表头行 sized to its content: {quality_xml}");
    let merged = quality_xml.split(r#"<mergeCell ref="E"#).nth(2).expect("messages merged across E:N");
    let row: u32 = merged[..merged.find(':').unwrap()].parse().unwrap();
    assert!(merged.starts_with(&format!("{row}:N{row}\"")), "one row, E to N: {merged:.40}");
    assert!(
        quality_xml.contains(&format!(r#"<row r="{row}" spans="1:14" ht="30""#)),
        "a long message wraps on a taller row ({row})"
    );
    let training = wb.worksheet_range("培训").unwrap();
    let below = training.rows().skip_while(|r| r[0] != Data::String("合计".into())).nth(1).unwrap();
    assert!(
        below[0]
            .to_string()
            .starts_with("注：合计同比按可比口径计算（今年25批次781人次，去年22批次669人次；不含去年没有台账的农业、"),
        "the 合计's note right under the table: {:?}",
        below[0]
    );
    // The office's meeting ledger: the seed's 1－3季度 counts per category, in 次, apart from the
    // trainings (its 参会人数 is no 人次, its 办公室 folder no 综合 training).
    for (category, n) in [
        ("党组会议", "13"),
        ("党风廉政专题例会", "3"),
        ("全局党风廉政专题会议", "2"),
        ("专题听取党风廉政建设汇报", "3"),
        ("听取意识形态工作汇报", "2"),
        ("警示教育大会", "1"),
    ] {
        let r = get(&m, "ytd", category, "activity");
        assert_eq!((r["value"].as_str(), r["unit"].as_str()), (n, "次"), "{category}");
    }
    assert_eq!(get(&m, "quarter", "党组会议", "activity")["value"], "4", "三季度: 7月4日, 7月25日, 8月8日, 9月5日");
    assert_eq!(get(&m, "month", "党风廉政专题例会", "activity")["value"], "1");
    assert!(!m.keys().any(|(_, s, _)| s == "综合"), "no 综合 trainings from the meeting ledger");
    let activity = wb.worksheet_range("工作活动").unwrap();
    let first = activity.rows().nth(3).unwrap();
    assert_eq!((first[0].to_string(), first[3].to_string()), ("党组会议".to_string(), "13".to_string()));
    // Targets at 75%: 规上工业 培训批次 6 of 8 sits exactly on 序时进度.
    assert_eq!(get(&m, "ytd", "规上工业", "training_batches")["status"], "on_track");
    assert_eq!(get(&m, "ytd", "服务业", "verification")["status"], "done");
    assert_eq!(get(&m, "ytd", "房地产", "verification")["status"], "behind");
    assert_eq!(get(&m, "ytd", "名录库", "verification")["completion"], "0.8");
    // Only 4 specialties kept 2022 logs: the 合计's 同比 is flagged, not silently compared.
    let mut wb: Xlsx<_> = open_workbook(folder.join("统计汇总_2023年9月.xlsx")).unwrap();
    let quality = wb.worksheet_range("数据质量").unwrap();
    let flagged = quality.rows().any(|r| {
        r.iter().any(|c| matches!(c, Data::String(s) if s.contains("合计的同比仅供参考") && s.contains("农业")))
    });
    assert!(flagged, "partial prior-year 合计 is flagged");
    // Two things to say: the partial 同比 base, and the copy, which the console names.
    // The count agrees with 读取情况.txt (the reading's one) and says the figures' own apart.
    assert!(stdout.contains("提示2条（读取时1条、汇总时1条，详见“数据质量”工作表）"), "{stdout}");
    assert!(
        stdout.contains("重复放入的文件1个，只读取一次：\n  规上工业2023年台账 - 副本.xlsx：与“规上工业2023年台账.xlsx”内容完全相同"),
        "{stdout}"
    );
    let copy_named = quality.rows().any(|r| {
        r.iter().any(|c| matches!(c, Data::String(s) if s.contains("重复放入的副本")))
            && r.iter().any(|c| matches!(c, Data::String(s) if s == "规上工业2023年台账 - 副本.xlsx"))
    });
    assert!(copy_named, "数据质量 names the copy");
    let said = std::fs::read_to_string(folder.join("读取情况.txt")).unwrap();
    assert!(said.contains("重复放入的文件（1），只读取一次：\n  规上工业2023年台账 - 副本.xlsx：与“规上工业2023年台账.xlsx”内容完全相同"), "{said}");
    // An inspection with several partners counts under each: the 执法检查 sheet says the partner
    // rows may add up to more than the joint total.
    let enforcement = wb.worksheet_range("执法检查").unwrap();
    let noted = enforcement
        .rows()
        .any(|r| r.iter().any(|c| matches!(c, Data::String(s) if s.contains("各部门家次相加可能大于联合检查家次"))));
    assert!(noted, "the partner breakdown carries its note");
}

#[test]
fn a_date_typed_years_ahead_is_flagged_and_does_not_choose_the_period() {
    let input = TempDir::new().unwrap();
    let output = TempDir::new().unwrap();
    sheet(
        input.path(),
        "贸易台账.xlsx",
        "培训",
        &[vec!["日期", "人次"], vec!["2023-08-01", "10"], vec!["2033-09-01", "5"], vec!["2023-09-02", "7"]],
    );
    let (i, o) = (input.path().to_str().unwrap(), output.path().to_str().unwrap());
    let r = tongji(&["run", "-i", i, "-o", o]);
    let stdout = String::from_utf8_lossy(&r.stdout);
    assert_eq!(r.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("统计月份：2023年9月"), "the typo does not pick 2033-09: {stdout}");
    let check = tongji(&["check", "-i", i]);
    let text = String::from_utf8_lossy(&check.stdout);
    assert!(text.contains("贸易台账.xlsx [培训] 第3行: 1条记录的日期晚于今天"), "{text}");
    assert!(text.contains("2033-09-01"), "{text}");
}

#[test]
fn records_beyond_the_detail_limit_are_not_listed_but_kept_in_parquet() {
    let input = TempDir::new().unwrap();
    let output = TempDir::new().unwrap();
    fixture(input.path());
    std::fs::write(input.path().join("tongji.toml"), "detail_limit = 27\n").unwrap();
    let out = output.path().to_str().unwrap();
    let o = tongji(&["run", "-i", input.path().to_str().unwrap(), "-o", out, "-p", "2023-09", "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let folder = output.path().join("2023-09");
    let mut wb: Xlsx<_> = open_workbook(folder.join("统计汇总_2023年9月.xlsx")).unwrap();
    let details = wb.worksheet_range("明细").unwrap();
    assert_eq!(details.height(), 3, "title, note and header only");
    let note = details.get_value((1, 0)).unwrap().to_string();
    assert!(note.starts_with("共28条记录，多于明细上限27条"), "{note}");
    assert!(note.contains("records/"), "{note}");
    // The figures do not depend on the list.
    let (_, m) = metrics(&folder);
    assert_eq!(get(&m, "ytd", "合计", "training_attendees")["value"], "135");

    // At the limit, every record is listed.
    std::fs::write(input.path().join("tongji.toml"), "detail_limit = 28\n").unwrap();
    let o = tongji(&["run", "-i", input.path().to_str().unwrap(), "-o", out, "-p", "2023-09", "-q"]);
    assert_eq!(o.status.code(), Some(0));
    let mut wb: Xlsx<_> = open_workbook(folder.join("统计汇总_2023年9月.xlsx")).unwrap();
    assert_eq!(wb.worksheet_range("明细").unwrap().height() - 3, 28);

    // Above what a sheet can hold is a settings error.
    std::fs::write(input.path().join("tongji.toml"), "detail_limit = 2000000\n").unwrap();
    let o = tongji(&["run", "-i", input.path().to_str().unwrap(), "-o", out, "-q"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("detail_limit 最大为1048573"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn no_progress_bar_or_timings_when_stderr_is_not_a_terminal() {
    let input = TempDir::new().unwrap();
    let output = TempDir::new().unwrap();
    fixture(input.path());
    let o = tongji(&["run", "-i", input.path().to_str().unwrap(), "-o", output.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    assert!(!o.stdout.is_empty(), "the summary is printed");
    assert!(o.stderr.is_empty(), "stderr: {}", String::from_utf8_lossy(&o.stderr));
}

/// The console names what the clerk must act on: each file and sheet that could not be read,
/// the first ten rejected rows with their cells, and how many more are in 读取情况.txt; the
/// counts of rows, sheets and files are apart, and a month without records is said.
#[test]
fn the_console_names_what_could_not_be_read() {
    let input = TempDir::new().unwrap();
    let output = TempDir::new().unwrap();
    let (i, o) = (input.path().to_str().unwrap(), output.path().to_str().unwrap());
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/broken/broken.xlsx"),
        input.path().join("broken.xlsx"),
    )
    .unwrap();
    let mut rows = vec![vec!["日期", "人次"], vec!["2023-08-01", "5"]];
    for _ in 0..12 {
        rows.push(vec!["2023年13月1日", "5"]);
    }
    sheet(input.path(), "贸易培训.xlsx", "贸易培训", &rows);
    sheet(input.path(), "能源核查.xlsx", "能源核查", &[vec!["企业", "说明"], vec!["甲", "乙"]]);
    // The same visit logged in two files: kept, and counted as 疑似重复 in the 读取 line.
    let visit = vec![vec!["核查日期", "企业名称", "家次"], vec!["2023-08-10", "某某公司", "1"]];
    sheet(input.path(), "服务业核查.xlsx", "服务业核查", &visit);
    let mut more = visit.clone();
    more.push(vec!["2023-08-11", "另一公司", "1"]);
    sheet(input.path(), "服务业核查（汇总）.xlsx", "服务业核查", &more);
    let r = tongji(&["run", "-i", i, "-o", o, "--period", "2023-09"]);
    let out = String::from_utf8_lossy(&r.stdout);
    assert_eq!(r.status.code(), Some(0), "{out}");
    assert!(out.contains("拒收14行（其中整张表未读取1张）、无法读取的文件1个"), "{out}");
    assert!(out.contains("疑似重复记录1条"), "{out}");
    let said = std::fs::read_to_string(output.path().join("2023-09/读取情况.txt")).unwrap();
    assert!(said.contains("疑似重复：与 服务业核查.xlsx [服务业核查] 第2行的记录相同"), "{said}");
    assert!(out.contains("注意：2023年9月没有任何记录"), "{out}");
    assert!(out.contains("未能读取的文件和工作表：\n  broken.xlsx: xlsx文件已损坏或不完整"), "{out}");
    assert!(out.contains("  能源核查.xlsx [能源核查]: 未找到表头"), "{out}");
    assert!(out.contains("拒收的行：\n  贸易培训.xlsx [贸易培训] A3: 无法识别的日期“2023年13月1日”"), "{out}");
    assert!(out.contains("  贸易培训.xlsx [贸易培训] A12:"), "{out}");
    assert!(!out.contains("A13:"), "ten rows listed: {out}");
    assert!(out.contains("  ……另有2条，见读取情况.txt"), "{out}");
    let check = tongji(&["check", "-i", i]);
    let said = String::from_utf8_lossy(&check.stdout);
    assert!(said.contains("结论：拒收14行（其中整张表未读取1张）、无法读取的文件1个"), "{said}");
}
