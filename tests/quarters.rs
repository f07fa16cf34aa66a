//! Tables kept by quarter (issue 21, point 6): a table of 一季度 … 四季度 columns (or rows) and no
//! month is read, each quarter cell a record of its whole quarter. It counts in the quarter and
//! in a year to date that ends at a quarter's end, never in a month nor in a quarter or year to
//! date that ends inside a quarter — and every output that gives such a figure names the
//! specialties left out of it, never a silent partial sum. 上半年 / 前三季度 / 全年 / 合计 lines
//! are totals: checked against the quarters, never counted. Payroll lists, calendars and
//! questionnaires with quarter-like headers are not read as such tables.

use std::path::Path;
use std::process::{Command, Output};

use calamine::{open_workbook, Data, Reader, Xlsx};
use rust_xlsxwriter::{Format, Workbook};
use tongji::config::Config;
use tongji::model::period::{Period, Window};
use tongji::model::{Figures, Ingested, Metric, SheetLedger, TOTAL};

mod common;
use common::book::{book, ledger, read, rejects, warnings, write_rows, C, C::*};
use common::TempDir;

/// A one-sheet workbook with merged cells (first row, first column, last row, last column, text).
fn book_with_merges(dir: &Path, file: &str, sheet: &str, rows: &[&[C]], merges: &[(u32, u16, u32, u16, &str)]) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(sheet).unwrap();
    write_rows(ws, rows);
    for (r1, c1, r2, c2, text) in merges {
        ws.merge_range(*r1, *c1, *r2, *c2, text, &Format::new()).unwrap();
    }
    wb.save(dir.join(file)).unwrap();
}

/// The quarters across, 批次 | 人次 under each merged quarter (and under 上半年 and 全年).
const QUARTER_HEADS: [(u32, u16, u32, u16, &str); 5] = [
    (1, 1, 1, 2, "一季度"),
    (1, 3, 1, 4, "二季度"),
    (1, 5, 1, 6, "三季度"),
    (1, 7, 1, 8, "上半年"),
    (1, 9, 1, 10, "全年"),
];

/// A county's ledgers, worked out by hand in the tests:
/// - 贸易 and 服务业 train and report by quarter only (2023: 贸易 1/20, 2/30, 1/15 批次/人次 in
///   the first three quarters; 服务业 1/12 and 2/40 in the first and third; 2022: 贸易 1/10, 1/10,
///   2/20, 1/5), their tables' 上半年, 全年 and 合计 lines all right;
/// - 规上工业 keeps a log by day: 2023-02-10 1/10, 07-05 1/30, 08-05 1/25, 09-12 1/5; 2022-08-01 1/8;
/// - 能源 and 服务业 checks by quarter, quarters down (2023: 能源 3, 4, 5 家次; 服务业 2, 1, 0), with
///   上半年 and 前三季度 rows.
fn county(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    let e = T("");
    book_with_merges(
        dir,
        "2023年各专业培训季报.xlsx",
        "培训",
        &[
            &[T("2023年各专业业务培训情况（按季度）")],
            &[T("专业")],
            &[
                e,
                T("批次"),
                T("人次"),
                T("批次"),
                T("人次"),
                T("批次"),
                T("人次"),
                T("批次"),
                T("人次"),
                T("批次"),
                T("人次"),
            ],
            &[T("贸易"), N(1.0), N(20.0), N(2.0), N(30.0), N(1.0), N(15.0), N(3.0), N(50.0), N(4.0), N(65.0)],
            &[T("服务业"), N(1.0), N(12.0), e, e, N(2.0), N(40.0), N(1.0), N(12.0), N(3.0), N(52.0)],
            &[T("合计"), N(2.0), N(32.0), N(2.0), N(30.0), N(3.0), N(55.0), N(4.0), N(62.0), N(7.0), N(117.0)],
        ],
        &QUARTER_HEADS,
    );
    book_with_merges(
        dir,
        "2022年贸易业培训季报.xlsx",
        "培训",
        &[
            &[T("2022年贸易业培训情况")],
            &[T("专业"), T("一季度"), e, T("二季度"), e, T("三季度"), e, T("四季度"), e],
            &[e, T("批次"), T("人次"), T("批次"), T("人次"), T("批次"), T("人次"), T("批次"), T("人次")],
            &[T("贸易"), N(1.0), N(10.0), N(1.0), N(10.0), N(2.0), N(20.0), N(1.0), N(5.0)],
        ],
        &[(1, 1, 1, 2, "一季度"), (1, 3, 1, 4, "二季度"), (1, 5, 1, 6, "三季度"), (1, 7, 1, 8, "四季度")],
    );
    book(
        dir,
        "规上工业培训台账.xlsx",
        &[(
            "培训",
            &[
                &[T("日期"), T("专业"), T("培训内容"), T("批次"), T("人次")],
                &[T("2022-08-01"), T("规上工业"), T("年报"), N(1.0), N(8.0)],
                &[T("2023-02-10"), T("规上工业"), T("年报"), N(1.0), N(10.0)],
                &[T("2023-07-05"), T("规上工业"), T("月报"), N(1.0), N(30.0)],
                &[T("2023-08-05"), T("规上工业"), T("统计法"), N(1.0), N(25.0)],
                &[T("2023-09-12"), T("规上工业"), T("月报"), N(1.0), N(5.0)],
            ],
        )],
    );
    book(
        dir,
        "2023年核查季报.xlsx",
        &[(
            "核查",
            &[
                &[T("2023年各专业数据核查情况（单位：家次）")],
                &[T("季度"), T("能源"), T("服务业"), T("合计")],
                &[T("一季度"), N(3.0), N(2.0), N(5.0)],
                &[T("二季度"), N(4.0), N(1.0), N(5.0)],
                &[T("上半年"), N(7.0), N(3.0), N(10.0)],
                &[T("三季度"), N(5.0), N(0.0), N(5.0)],
                &[T("前三季度"), N(12.0), N(3.0), N(15.0)],
            ],
        )],
    );
}

fn figures(dir: &Path, ing: &Ingested, month: u32) -> Figures {
    tongji::pipeline::figures(ing, &Config::load(dir).unwrap(), Period::new(2023, month).unwrap()).unwrap()
}

/// (value, prior value, previous value, specialties left out) of a figure.
fn at(fig: &Figures, w: Window, m: Metric, s: &str) -> (i64, Option<i64>, Option<i64>, Vec<String>) {
    let r = fig.get(w, m, s).unwrap_or_else(|| panic!("no {w:?} {m:?} {s}"));
    (r.value, r.prior_value, r.previous_value, r.quarterly_left_out.clone())
}

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// (records, totals, notes, blank, rejected, unrecognized) of a sheet's ledger.
fn columns(l: &SheetLedger) -> (u32, u32, u32, u32, u32, u32) {
    (l.records, l.totals, l.notes, l.blank, l.rejected, l.unrecognized)
}

#[test]
fn quarter_tables_are_read_whole_and_their_totals_never_counted() {
    let dir = TempDir::new().unwrap();
    county(dir.path());
    let ing = read(dir.path());
    assert!(rejects(&ing).is_empty(), "{:#?}", rejects(&ing));
    assert!(warnings(&ing).is_empty(), "right totals give no warning: {:#?}", warnings(&ing));
    let quarters: Vec<(&str, String, i64, i64)> = ing
        .training
        .iter()
        .filter(|r| r.date.quarter_only)
        .map(|r| (&*r.specialty.name, r.date.date.to_string(), r.batches, r.attendees))
        .collect();
    let want = [
        ("贸易", "2023-01-01", 1, 20),
        ("贸易", "2023-04-01", 2, 30),
        ("贸易", "2023-07-01", 1, 15),
        ("服务业", "2023-01-01", 1, 12),
        ("服务业", "2023-07-01", 2, 40),
        ("贸易", "2022-01-01", 1, 10),
        ("贸易", "2022-04-01", 1, 10),
        ("贸易", "2022-07-01", 2, 20),
        ("贸易", "2022-10-01", 1, 5),
    ];
    let want: Vec<(&str, String, i64, i64)> = want.iter().map(|(s, d, b, a)| (*s, d.to_string(), *b, *a)).collect();
    let mut got = quarters.clone();
    got.sort();
    let mut sorted = want.clone();
    sorted.sort();
    assert_eq!(got, sorted, "one record a quarter cell; 上半年, 全年 and 合计 never counted");
    assert!(ing.training.iter().filter(|r| r.date.quarter_only).all(|r| !r.date.month_only));
    let sources: Vec<String> = ing
        .training
        .iter()
        .filter(|r| &*r.source.file == "2023年各专业培训季报.xlsx")
        .map(|r| r.source.place())
        .collect();
    assert_eq!(sources, ["B4", "D4", "F4", "B5", "F5"], "each record names its cell");
    let checks: Vec<(&str, String, i64)> =
        ing.verification.iter().map(|r| (&*r.specialty.name, r.date.date.to_string(), r.count)).collect();
    assert_eq!(
        checks,
        [
            ("能源", "2023-01-01".to_string(), 3),
            ("服务业", "2023-01-01".to_string(), 2),
            ("能源", "2023-04-01".to_string(), 4),
            ("服务业", "2023-04-01".to_string(), 1),
            ("能源", "2023-07-01".to_string(), 5),
        ]
    );
    assert!(ing.verification.iter().all(|r| r.date.quarter_only));
    // The ledger equation holds for every sheet (common::book::read), with these columns:
    // (records, totals, notes, blank, rejected, unrecognized).
    let by_file = |file: &str| ing.ledger.iter().find(|l| l.file == file).unwrap();
    assert_eq!(columns(by_file("2023年各专业培训季报.xlsx")), (2, 1, 0, 0, 0, 0));
    assert_eq!(columns(by_file("2022年贸易业培训季报.xlsx")), (1, 0, 0, 0, 0, 0));
    assert_eq!(columns(by_file("2023年核查季报.xlsx")), (3, 2, 0, 0, 0, 0));
    assert_eq!(by_file("2023年各专业培训季报.xlsx").kind_label(), "培训（按季度汇总）");
    assert_eq!(by_file("2023年核查季报.xlsx").kind_label(), "核查（按季度汇总）");
}

#[test]
fn a_quarter_counts_only_in_spans_that_cover_it_whole() {
    let dir = TempDir::new().unwrap();
    county(dir.path());
    let ing = read(dir.path());
    let (b, a) = (Metric::TrainingBatches, Metric::TrainingAttendees);
    let both = names(&["贸易", "服务业"]);
    let none: Vec<String> = Vec::new();

    // August, inside the third quarter: the month, the quarter so far (7－8月) and 1－8月 hold no
    // third-quarter record; 1－8月 holds the first two quarters whole.
    let aug = figures(dir.path(), &ing, 8);
    assert_eq!(at(&aug, Window::Month, b, TOTAL), (1, Some(1), Some(1), both.clone()));
    assert_eq!(at(&aug, Window::Month, a, TOTAL), (25, Some(8), Some(30), both.clone()));
    assert_eq!(at(&aug, Window::Month, a, "贸易"), (0, Some(0), Some(0), names(&["贸易"])));
    assert_eq!(at(&aug, Window::Month, a, "规上工业"), (25, Some(8), Some(30), none.clone()));
    assert_eq!(at(&aug, Window::Quarter, a, TOTAL), (55, Some(8), Some(0), both.clone()));
    assert_eq!(at(&aug, Window::Ytd, b, TOTAL), (7, Some(3), None, both.clone()));
    assert_eq!(at(&aug, Window::Ytd, a, TOTAL), (127, Some(28), None, both.clone()));
    assert_eq!(at(&aug, Window::Ytd, a, "贸易"), (50, Some(20), None, names(&["贸易"])));
    assert_eq!(at(&aug, Window::Ytd, a, "服务业"), (12, None, None, names(&["服务业"])));
    assert_eq!(at(&aug, Window::Ytd, Metric::Verification, "能源"), (7, None, None, names(&["能源"])));
    assert_eq!(at(&aug, Window::Month, Metric::Verification, "服务业"), (0, None, Some(0), names(&["服务业"])));
    assert_eq!(aug.left_out_by_quarter(Window::Ytd, &[Metric::Verification]), names(&["服务业", "能源"]));

    // September, a quarter's end: the quarter (7－9月) and 1－3季度 hold every quarter whole; the
    // month still holds none.
    let sep = figures(dir.path(), &ing, 9);
    assert_eq!(at(&sep, Window::Month, a, TOTAL), (5, Some(0), Some(25), both.clone()));
    assert_eq!(at(&sep, Window::Quarter, b, TOTAL), (6, Some(3), Some(2), none.clone()));
    assert_eq!(at(&sep, Window::Quarter, a, TOTAL), (115, Some(28), Some(30), none.clone()));
    assert_eq!(at(&sep, Window::Quarter, a, "服务业"), (40, None, Some(0), none.clone()));
    assert_eq!(at(&sep, Window::Ytd, b, TOTAL), (11, Some(5), None, none.clone()));
    assert_eq!(at(&sep, Window::Ytd, a, TOTAL), (187, Some(48), None, none.clone()));
    assert_eq!(at(&sep, Window::Ytd, a, "贸易"), (65, Some(40), None, none.clone()));
    assert_eq!(at(&sep, Window::Ytd, Metric::Verification, "能源"), (12, None, None, none.clone()));
    assert_eq!(at(&sep, Window::Quarter, Metric::Verification, "服务业"), (0, None, Some(1), none.clone()));
    assert_eq!(sep.quarterly_note_of(&[b], Window::Ytd), None);
    assert_eq!(sep.quarterly_note_of(&[b], Window::Month).as_deref(), Some("贸易、服务业仅按季度填报，未计入9月数"));

    // February, before the first quarter ends: nothing kept by quarter is in any window yet.
    let feb = figures(dir.path(), &ing, 2);
    assert_eq!(at(&feb, Window::Ytd, a, TOTAL), (10, Some(0), None, both.clone()));
    assert_eq!(at(&feb, Window::Quarter, a, TOTAL), (10, Some(0), Some(0), both.clone()));
    assert_eq!(feb.quarterly_note_of(&[b], Window::Ytd).as_deref(), Some("贸易、服务业仅按季度填报，未计入1－2月数"));

    // June: the second quarter whole, and 1－2季度.
    let jun = figures(dir.path(), &ing, 6);
    assert_eq!(at(&jun, Window::Quarter, a, TOTAL), (30, Some(10), Some(42), none.clone()));
    assert_eq!(at(&jun, Window::Ytd, a, TOTAL), (72, Some(20), None, none.clone()));

    // No month holds a quarter: the monthly lines leave out the specialties that report only by
    // quarter, and say so.
    assert!(aug.monthly.iter().all(|s| s.specialty != "贸易" && s.specialty != "服务业" && s.specialty != "能源"));
    assert_eq!(aug.in_no_month(&[tongji::model::Kind::Training]).as_deref(), Some("贸易、服务业仅按季度填报，不分月"));
}

fn tongji(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tongji")).args(args).current_dir(cwd).output().unwrap()
}

/// A metrics.csv row's fields by column name.
fn metrics_row(csv: &str, window: &str, specialty: &str, metric: &str) -> std::collections::BTreeMap<String, String> {
    let mut lines = csv.trim_start_matches('\u{FEFF}').lines();
    let head: Vec<&str> = lines.next().unwrap().split(',').collect();
    for line in lines {
        let f: Vec<&str> = line.split(',').collect();
        assert_eq!(f.len(), head.len(), "{line}");
        if f[1] == window && f[2] == specialty && f[3] == metric {
            return head.iter().zip(f).map(|(h, v)| (h.to_string(), v.to_string())).collect();
        }
    }
    panic!("no row {window} {specialty} {metric}")
}

/// Every string cell of a workbook's sheet.
fn sheet_texts(path: &Path, sheet: &str) -> Vec<String> {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let range = book.worksheet_range(sheet).unwrap();
    range
        .rows()
        .flat_map(|r| r.iter())
        .filter_map(|c| if let Data::String(s) = c { Some(s.clone()) } else { None })
        .collect()
}

#[test]
fn every_output_names_the_specialties_a_figure_leaves_out() {
    let dir = TempDir::new().unwrap();
    county(&dir.path().join("input"));
    let run = tongji(&["run", "--input", "input", "--output", "out", "--period", "2023-08"], dir.path());
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let console = String::from_utf8(run.stdout).unwrap();
    assert!(
        console.contains("1－8月：各专业培训7批次、127人次（贸易、服务业仅按季度填报，未计入7－8月数）\n"),
        "{console}"
    );
    assert!(
        console.contains("1－8月：核查 服务业3家次、能源7家次（服务业、能源仅按季度填报，未计入7－8月数）\n"),
        "{console}"
    );
    let folder = dir.path().join("out/2023-08");

    // metrics.csv: a column names what each row's figure leaves out.
    let csv = std::fs::read_to_string(folder.join("metrics.csv")).unwrap();
    assert!(csv.lines().next().unwrap().ends_with(",left_out,quarterly_left_out"));
    let row = |w, s, m| metrics_row(&csv, w, s, m);
    let total = row("month", "合计", "training_attendees");
    assert_eq!((total["value"].as_str(), total["quarterly_left_out"].as_str()), ("25", "贸易、服务业"));
    let total = row("ytd", "合计", "training_attendees");
    assert_eq!((total["value"].as_str(), total["quarterly_left_out"].as_str()), ("127", "贸易、服务业"));
    assert_eq!(row("ytd", "贸易", "training_batches")["quarterly_left_out"], "贸易");
    assert_eq!(row("ytd", "规上工业", "training_batches")["quarterly_left_out"], "");
    assert_eq!(row("quarter", "能源", "verification")["quarterly_left_out"], "能源");

    // 读取情况.txt: each quarter table's row of the ledger, its equation balanced (读取行 = 记录 +
    // 合计行 + 说明行 + 重复表头 + 空行 + 拒收 + 未识别).
    let said = std::fs::read_to_string(folder.join("读取情况.txt")).unwrap();
    assert!(said.contains(tongji::model::LEDGER_EQUATION), "{said}");
    let ledger_row = |file: &str| -> Vec<String> {
        let line = said.lines().find(|l| l.starts_with(file)).unwrap_or_else(|| panic!("no row for {file}: {said}"));
        line.split_whitespace().map(str::to_string).collect()
    };
    assert_eq!(
        ledger_row("2023年各专业培训季报.xlsx"),
        [
            "2023年各专业培训季报.xlsx",
            "培训",
            "培训（按季度汇总）",
            "多个",
            "3",
            "3",
            "2",
            "1",
            "0",
            "0",
            "0",
            "0",
            "0"
        ]
    );
    assert_eq!(
        ledger_row("2023年核查季报.xlsx"),
        ["2023年核查季报.xlsx", "核查", "核查（按季度汇总）", "多个", "2", "5", "3", "2", "0", "0", "0", "0", "0"]
    );

    // The report: each figure with its note.
    let text = std::fs::read_to_string(folder.join("工作情况_2023年8月.md")).unwrap();
    for said in [
        "1－8月各专业组织开展业务培训7批次，培训人数达127人次（其中规上工业线培训3批次65人次、贸易线培训3批次50人次和服务业培训1批次12人次），按可比口径（不含去年没有台账的服务业）培训人次同比增长310.7%。贸易、服务业仅按季度填报，未计入7－8月数。",
        "1－8月我局开展服务业核查3家次和能源核查7家次。服务业、能源仅按季度填报，未计入7－8月数。",
        "8月，各专业培训1批次、25人次（贸易、服务业仅按季度填报，未计入8月数），核查0家次（服务业、能源仅按季度填报，未计入8月数），执法检查0家次。",
        "三季度（7－8月），各专业培训2批次、55人次（贸易、服务业仅按季度填报，未计入7－8月数），核查0家次（服务业、能源仅按季度填报，未计入7－8月数），执法检查0家次。",
    ] {
        assert!(text.contains(said), "{said}\n---\n{text}");
    }
    assert!(!text.contains("注："), "the default template places every note: {text}");

    // The Word draft carries the paragraphs, and a note under its year-to-date table.
    let docx = std::fs::read(folder.join("工作情况_2023年8月.docx")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut doc = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut doc).unwrap();
    assert!(doc.contains("未计入8月数"), "the paragraphs");
    assert!(doc.contains("注：贸易、服务业、能源仅按季度填报，未计入7－8月数。"), "under the table");

    // The workbook: a note under each table whose figures leave something out.
    let book = folder.join("统计汇总_2023年8月.xlsx");
    let training = sheet_texts(&book, "培训");
    assert!(
        training.contains(&"注：贸易、服务业仅按季度填报，未计入本月数、本季数和累计中7－8月的数。".to_string()),
        "{training:?}"
    );
    let checks = sheet_texts(&book, "核查");
    assert!(
        checks.contains(&"注：服务业、能源仅按季度填报，未计入本月数、本季数和累计中7－8月的数。".to_string()),
        "{checks:?}"
    );
    let overview = sheet_texts(&book, "总览");
    assert!(
        overview.contains(&"注：贸易、服务业、能源仅按季度填报，未计入本月数、本季数和累计中7－8月的数。".to_string()),
        "{overview:?}"
    );
    let trend = sheet_texts(&book, "月度趋势");
    assert!(
        trend[1]
            .ends_with("贸易、服务业、能源仅按季度填报，不分月，不在各月及其合计中（整季的数计入各表的本季、累计）。"),
        "{}",
        trend[1]
    );
    let details = sheet_texts(&book, "明细");
    assert_eq!(details.iter().filter(|t| *t == "仅季度").count(), 14, "every quarter's record says so");

    // At a quarter's end the quarter and the year to date are whole: only the month says it.
    let run = tongji(&["run", "--input", "input", "--output", "out", "--period", "2023-09"], dir.path());
    let console = String::from_utf8(run.stdout).unwrap();
    assert!(console.contains("1－3季度：各专业培训11批次、187人次\n"), "{console}");
    assert!(!console.contains("仅按季度填报"), "{console}");
    let folder = dir.path().join("out/2023-09");
    let csv = std::fs::read_to_string(folder.join("metrics.csv")).unwrap();
    assert_eq!(metrics_row(&csv, "ytd", "合计", "training_attendees")["quarterly_left_out"], "");
    assert_eq!(metrics_row(&csv, "quarter", "合计", "training_attendees")["quarterly_left_out"], "");
    assert_eq!(metrics_row(&csv, "month", "合计", "training_attendees")["quarterly_left_out"], "贸易、服务业");
    let text = std::fs::read_to_string(folder.join("工作情况_2023年9月.md")).unwrap();
    assert!(text.contains("9月，各专业培训1批次、5人次（贸易、服务业仅按季度填报，未计入9月数），"), "{text}");
    assert!(text.contains("三季度，各专业培训6批次、115人次，核查5家次，执法检查0家次。"), "{text}");
    assert!(text.contains("1－3季度各专业组织开展业务培训11批次，培训人数达187人次"), "{text}");
    assert!(!text.contains("未计入7－9月数") && !text.contains("1－3季度数"), "{text}");
}

/// A user's template from before the notes existed still never gives a silent partial sum: the
/// notes it does not place end the report.
#[test]
fn a_template_without_the_notes_gets_them_at_the_end() {
    let dir = TempDir::new().unwrap();
    let input = dir.path().join("input");
    county(&input);
    std::fs::create_dir_all(input.join("templates")).unwrap();
    std::fs::write(
        input.join("templates/工作情况.md.j2"),
        "{{ month_label }}，各专业培训{{ month.batches }}批次、{{ month.attendees }}人次。\n",
    )
    .unwrap();
    let run = tongji(&["run", "--input", "input", "--output", "out", "--period", "2023-08", "-q"], dir.path());
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let text = std::fs::read_to_string(dir.path().join("out/2023-08/工作情况_2023年8月.md")).unwrap();
    assert_eq!(
        text,
        "8月，各专业培训1批次、25人次。\n\n注：贸易、服务业仅按季度填报，未计入8月数。\n注：服务业、能源仅按季度填报，未计入8月数。\n\
         注：贸易、服务业仅按季度填报，未计入7－8月数。\n注：服务业、能源仅按季度填报，未计入7－8月数。\n"
    );
}

#[test]
fn the_period_chosen_is_the_last_quarters_end() {
    let dir = TempDir::new().unwrap();
    county(&dir.path().join("input"));
    let run = tongji(&["run", "--input", "input", "--output", "out", "-q"], dir.path());
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    assert!(dir.path().join("out/2023-09").is_dir(), "三季度 reaches September; the latest day record is 09-12");
    let dir = TempDir::new().unwrap();
    let input = dir.path().join("input");
    std::fs::create_dir_all(&input).unwrap();
    book(
        &input,
        "2023年能源核查季报.xlsx",
        &[("核查", &[&[T("单位：家次")], &[T("专业"), T("一季度"), T("二季度")], &[T("能源"), N(3.0), N(4.0)]])],
    );
    let run = tongji(&["run", "--input", "input", "--output", "out", "-q"], dir.path());
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    assert!(dir.path().join("out/2023-06").is_dir(), "二季度 ends in June, not April");
}

#[test]
fn totals_of_a_quarter_table_are_checked_against_its_quarters() {
    let dir = TempDir::new().unwrap();
    let e = T("");
    book_with_merges(
        dir.path(),
        "2023年培训季报.xlsx",
        "培训",
        &[
            &[T("2023年各专业业务培训情况")],
            &[T("专业")],
            &[
                e,
                T("批次"),
                T("人次"),
                T("批次"),
                T("人次"),
                T("批次"),
                T("人次"),
                T("批次"),
                T("人次"),
                T("批次"),
                T("人次"),
            ],
            &[T("贸易"), N(1.0), N(20.0), N(2.0), N(30.0), N(1.0), N(15.0), N(3.0), N(55.0), N(4.0), N(65.0)],
            &[T("服务业"), N(1.0), N(12.0), e, e, N(2.0), N(40.0), N(1.0), N(12.0), N(3.0), N(50.0)],
        ],
        &QUARTER_HEADS,
    );
    book(
        dir.path(),
        "2023年核查季报.xlsx",
        &[(
            "核查",
            &[
                &[T("2023年数据核查情况（单位：家次）")],
                &[T("季度"), T("能源"), T("服务业")],
                &[T("一季度"), N(3.0), N(2.0)],
                &[T("二季度"), N(4.0), N(1.0)],
                &[T("上半年"), N(7.0), N(4.0)],
                &[T("全年"), N(8.0), N(3.0)],
            ],
        )],
    );
    let ing = read(dir.path());
    assert!(rejects(&ing).is_empty(), "{:#?}", rejects(&ing));
    let w = warnings(&ing);
    assert_eq!(
        w,
        [
            "2023年培训季报.xlsx [培训] I4: “上半年”列为55，各季度之和为50（以各季度为准）",
            "2023年培训季报.xlsx [培训] K5: “全年”列为50，各季度之和为52（以各季度为准）",
            "2023年核查季报.xlsx [核查] C5: “上半年”行与明细不符：C5为4，各季度之和为3（以各季度为准）",
            "2023年核查季报.xlsx [核查] B6: “全年”行与明细不符：B6为8，明细之和为7（以明细为准）",
        ]
    );
    // The totals are never counted: the quarters are.
    assert_eq!(
        ing.training.iter().map(|r| (r.batches, r.attendees)).fold((0, 0), |s, r| (s.0 + r.0, s.1 + r.1)),
        (7, 117)
    );
    assert_eq!(ing.verification.iter().map(|r| r.count).sum::<i64>(), 10);
    assert_eq!(columns(ledger(&ing, "培训")), (2, 0, 0, 0, 0, 0));
    assert_eq!(columns(ledger(&ing, "核查")), (2, 2, 0, 0, 0, 0));
}

/// What a clerk writes for a quarter, and layouts of it, all read with nothing rejected: 第一季度,
/// 1季度, Q1, 1-3月; one value a quarter with the unit in the title; a year band over two years'
/// quarters; 指标 rows under a 专业; quarters down with 批次 and 人次 across; an 执法 table.
#[test]
fn ordinary_quarter_tables_are_read_with_nothing_rejected() {
    let dir = TempDir::new().unwrap();
    let e = T("");
    book(
        dir.path(),
        "2023年能源核查季报.xlsx",
        &[(
            "能源",
            &[
                &[T("2023年能源数据核查情况（单位：家次）")],
                &[T("专业"), T("第一季度"), T("2季度"), T("Q3"), T("10-12月"), T("合计")],
                &[T("能源"), N(10.0), N(0.0), N(12.0), e, N(22.0)],
            ],
        )],
    );
    book_with_merges(
        dir.path(),
        "投资项目核查季报.xlsx",
        "核查",
        &[
            &[T("投资项目核查情况（单位：个）")],
            &[],
            &[T("专业"), T("一季度"), T("二季度"), T("一季度"), T("二季度")],
            &[T("投资"), N(20.0), N(30.0), N(25.0), N(28.0)],
        ],
        &[(1, 1, 1, 2, "2022年"), (1, 3, 1, 4, "2023年")],
    );
    book(
        dir.path(),
        "2023年农业培训季报.xlsx",
        &[(
            "培训",
            &[
                &[T("专业"), T("指标"), T("一季度"), T("二季度"), T("上半年")],
                &[T("农业"), T("培训批次"), N(1.0), N(1.0), N(2.0)],
                &[e, T("培训人次"), N(15.0), N(20.0), N(35.0)],
            ],
        )],
    );
    book(
        dir.path(),
        "2023年住户调查培训季报.xlsx",
        &[(
            "住户调查",
            &[
                &[T("季度"), T("培训批次"), T("培训人次")],
                &[T("一季度"), N(1.0), N(30.0)],
                &[T("二季度"), N(2.0), N(25.0)],
                &[T("填表人：王五")],
            ],
        )],
    );
    book(
        dir.path(),
        "2023年统计执法检查季报.xlsx",
        &[(
            "执法",
            &[
                &[T("项目"), T("一季度"), T("二季度"), T("三季度"), T("前三季度")],
                &[T("执法检查（家次）"), N(3.0), N(2.0), N(4.0), N(9.0)],
            ],
        )],
    );
    let ing = read(dir.path());
    assert!(rejects(&ing).is_empty(), "{:#?}", rejects(&ing));
    let enforcement: Vec<(&str, String, i64, bool)> = ing
        .enforcement
        .iter()
        .map(|r| (&*r.specialty.name, r.date.date.to_string(), r.count, r.date.quarter_only))
        .collect();
    assert_eq!(
        enforcement,
        [
            ("执法", "2023-01-01".to_string(), 3, true),
            ("执法", "2023-04-01".to_string(), 2, true),
            ("执法", "2023-07-01".to_string(), 4, true)
        ]
    );
    // As for months under a year band: the first band's year is taken for the sheet's, and the
    // other band's records are counted in their own year with a warning.
    assert_eq!(
        warnings(&ing),
        ["投资项目核查季报.xlsx [核查] D4: 2条记录的季度写明的年份与标题、表名或文件名中的2022年不同，按季度写明的年份计入，请核对"]
    );
    // By specialty and quarter (a 指标 row's 批次 and the next row's 人次 are records of their own).
    let mut by: std::collections::BTreeMap<(String, String), (i64, i64)> = Default::default();
    let all = ing
        .training
        .iter()
        .map(|r| (r.specialty.name.to_string(), r.date.date.to_string(), r.batches, r.attendees))
        .chain(ing.verification.iter().map(|r| (r.specialty.name.to_string(), r.date.date.to_string(), 0, r.count)));
    for (s, d, b, a) in all {
        let e = by.entry((s, d)).or_default();
        (e.0, e.1) = (e.0 + b, e.1 + a);
    }
    let got: Vec<(String, String, i64, i64)> = by.into_iter().map(|((s, d), (b, a))| (s, d, b, a)).collect();
    let want: Vec<(String, String, i64, i64)> = [
        ("住户调查", "2023-01-01", 1, 30),
        ("住户调查", "2023-04-01", 2, 25),
        ("农业", "2023-01-01", 1, 15),
        ("农业", "2023-04-01", 1, 20),
        ("投资", "2022-01-01", 0, 20),
        ("投资", "2022-04-01", 0, 30),
        ("投资", "2023-01-01", 0, 25),
        ("投资", "2023-04-01", 0, 28),
        ("能源", "2023-01-01", 0, 10),
        ("能源", "2023-07-01", 0, 12),
    ]
    .iter()
    .map(|(s, d, b, a)| (s.to_string(), d.to_string(), *b, *a))
    .collect();
    assert_eq!(got, want);
    assert!(ing.training.iter().all(|r| r.date.quarter_only) && ing.verification.iter().all(|r| r.date.quarter_only));
    assert_eq!(columns(ledger(&ing, "能源")), (1, 0, 0, 0, 0, 0));
    assert_eq!(columns(ledger(&ing, "核查")), (1, 0, 0, 0, 0, 0));
    assert_eq!(columns(ledger(&ing, "培训")), (2, 0, 0, 0, 0, 0));
    assert_eq!(columns(ledger(&ing, "住户调查")), (2, 0, 1, 0, 0, 0));
    assert_eq!(columns(ledger(&ing, "执法")), (1, 0, 0, 0, 0, 0));
}

/// What cannot be split into quarters (or months) is refused whole, in one message naming each
/// line once — no longer "一季度、一季度、二季度、二季度" for a merged heading over 批次 | 人次.
#[test]
fn what_cannot_be_split_is_refused_once_naming_each_line_once() {
    let dir = TempDir::new().unwrap();
    let e = T("");
    book_with_merges(
        dir.path(),
        "2023年培训半年报.xlsx",
        "半年",
        &[
            &[T("2023年各专业培训情况")],
            &[T("专业")],
            &[e, T("批次"), T("人次"), T("批次"), T("人次")],
            &[T("贸易"), N(1.0), N(10.0), N(2.0), N(20.0)],
            &[T("服务业"), N(1.0), N(5.0), N(1.0), N(6.0)],
        ],
        &[(1, 1, 1, 2, "上半年"), (1, 3, 1, 4, "下半年")],
    );
    book(
        dir.path(),
        "2023年培训累计.xlsx",
        &[(
            "累计",
            &[
                &[T("2023年培训情况（单位：人次）")],
                &[T("专业"), T("1-3月"), T("1-6月"), T("1-9月")],
                &[T("贸易"), N(10.0), N(20.0), N(30.0)],
            ],
        )],
    );
    book(
        dir.path(),
        "培训季报.xlsx",
        &[(
            "无年份",
            &[&[T("培训情况（单位：人次）")], &[T("专业"), T("一季度"), T("二季度")], &[T("贸易"), N(1.0), N(2.0)]],
        )],
    );
    let ing = read(dir.path());
    assert!(ing.training.is_empty(), "{:?}", ing.training);
    assert_eq!(
        rejects(&ing),
        [
            "2023年培训半年报.xlsx [半年]: 本表按季度或半年填写（上半年、下半年），不能得出各月的数字，整张表2行未读取；请按月份（1月、2月……）或按季度（一季度、二季度……）填写后再放入",
            "2023年培训累计.xlsx [累计]: 本表按季度填写，但“1-6月、1-9月”所含的季度不全，不能得出各季度的数字，整张表1行未读取；请按季度（一季度、二季度……）逐季填写，或按月份填写后再放入",
            "培训季报.xlsx [无年份]: 季度没有年份，标题、表名和文件名中也找不到年份，整张表1行未读取；请在标题、表名或文件名中写明年份（如“2023年”）",
        ]
    );
    assert_eq!(columns(ledger(&ing, "半年")), (0, 0, 0, 0, 2, 0));
    assert_eq!(columns(ledger(&ing, "累计")), (0, 0, 0, 0, 1, 0));
}

/// Quarter-like headers outside a bureau's tables: a payroll's 一季度 … 四季度 bonus columns over
/// 姓名, a training survey's Q1 … Q8 questions, a calendar by quarter, a sales sheet with Q1 … Q4.
/// None gives a record, and none is taken for a table kept by quarter.
#[test]
fn payrolls_questionnaires_and_calendars_are_not_quarter_tables() {
    let dir = TempDir::new().unwrap();
    let e = T("");
    book(
        dir.path(),
        "2023年绩效奖金发放表.xlsx",
        &[(
            "奖金",
            &[
                &[T("2023年各季度绩效奖金（单位：元）")],
                &[T("姓名"), T("一季度"), T("二季度"), T("三季度"), T("四季度"), T("合计")],
                &[T("张三"), N(1000.0), N(1200.0), N(1100.0), N(900.0), N(4200.0)],
                &[T("李四"), N(800.0), N(800.0), N(900.0), N(950.0), N(3450.0)],
            ],
        )],
    );
    book(
        dir.path(),
        "2023年培训满意度调查问卷.xlsx",
        &[(
            "问卷",
            &[
                &[T("序号"), T("单位"), T("Q1"), T("Q2"), T("Q3"), T("Q4"), T("Q5"), T("Q6"), T("Q7"), T("Q8")],
                &[N(1.0), T("城关镇"), N(5.0), N(4.0), N(5.0), N(3.0), N(4.0), N(5.0), N(5.0), N(4.0)],
                &[N(2.0), T("东山乡"), N(4.0), N(4.0), N(3.0), N(5.0), N(5.0), N(4.0), N(3.0), N(5.0)],
            ],
        )],
    );
    book(
        dir.path(),
        "2023年工作日历.xlsx",
        &[(
            "日历",
            &[
                &[T("2023年工作日历")],
                &[e, T("一季度"), T("二季度"), T("三季度"), T("四季度")],
                &[T("第1周"), T("1月2日"), T("4月3日"), T("7月3日"), T("10月9日")],
                &[T("第2周"), T("1月9日"), T("4月10日"), T("7月10日"), T("10月16日")],
            ],
        )],
    );
    book(
        dir.path(),
        "sales 2023.xlsx",
        &[(
            "Sheet1",
            &[
                &[T("Region"), T("Q1"), T("Q2"), T("Q3"), T("Q4"), T("Total")],
                &[T("North"), N(120.0), N(130.0), N(90.0), N(160.0), N(500.0)],
                &[T("South"), N(80.0), N(75.0), N(95.0), N(110.0), N(360.0)],
            ],
        )],
    );
    let ing = read(dir.path());
    assert!(
        ing.training.is_empty() && ing.verification.is_empty() && ing.enforcement.is_empty(),
        "{:?} {:?}",
        ing.training,
        ing.verification
    );
    for l in &ing.ledger {
        assert!(!l.kind_label().contains("按季度"), "{} read as a quarter table: {l:#?}", l.file);
    }
}

/// A section's log and the quarterly roll-up of it, both dropped in: both are counted, and the
/// quarter figure is listed as 疑似重复 with both places.
#[test]
fn a_quarter_that_repeats_another_files_records_is_a_suspected_duplicate() {
    let dir = TempDir::new().unwrap();
    book(
        dir.path(),
        "能源核查台账.xlsx",
        &[(
            "核查",
            &[
                &[T("核查日期"), T("专业"), T("单位名称")],
                &[T("2023-01-10"), T("能源"), T("甲公司")],
                &[T("2023-02-10"), T("能源"), T("乙公司")],
                &[T("2023-03-10"), T("能源"), T("丙公司")],
            ],
        )],
    );
    book(
        dir.path(),
        "2023年核查季报.xlsx",
        &[("季报", &[&[T("单位：家次")], &[T("专业"), T("一季度"), T("二季度")], &[T("能源"), N(3.0), N(1.0)]])],
    );
    let ing = read(dir.path());
    assert!(rejects(&ing).is_empty(), "{:#?}", rejects(&ing));
    assert_eq!(
        warnings(&ing),
        ["2023年核查季报.xlsx [季报] B3: 疑似重复：能源核查2023年一季度的数量3与 能源核查台账.xlsx 中该季度逐条记录之和相同（可能是同一批数字的汇总），两者都已计入，请核对"]
    );
    assert_eq!(ing.verification.len(), 5, "both are counted; a person decides");
}

/// Quarters down: a row that names no quarter (a date, a month) or a quarter met before (two
/// years stacked without their year) is refused with its reason — its figures are neither dropped
/// in silence nor added twice.
#[test]
fn a_quarters_down_row_naming_no_quarter_or_a_quarter_twice_is_refused() {
    let dir = TempDir::new().unwrap();
    book(
        dir.path(),
        "2023年核查季报.xlsx",
        &[(
            "核查",
            &[
                &[T("2023年数据核查情况（单位：家次）")],
                &[T("季度"), T("能源"), T("服务业")],
                &[T("一季度"), N(3.0), N(2.0)],
                &[T("2023年5月10日"), N(1.0), T("")],
                &[T("二季度"), N(4.0), N(1.0)],
                &[T("一季度"), N(6.0), N(2.0)],
            ],
        )],
    );
    let ing = read(dir.path());
    assert_eq!(
        rejects(&ing),
        [
            "2023年核查季报.xlsx [核查] A4: “2023年5月10日”不是季度（一季度……四季度），这一行的数不知属于哪个季度",
            "2023年核查季报.xlsx [核查] A6: 一季度出现两次（可能是不同年份的数字），无法确定各属哪一年",
        ]
    );
    assert_eq!(ing.verification.iter().map(|r| r.count).sum::<i64>(), 10, "一季度 3+2 and 二季度 4+1");
    assert_eq!(columns(ledger(&ing, "核查")), (2, 0, 0, 0, 2, 0));
}

/// A specialty kept by quarter last year only (服务业 2022 in a quarter table, by day in 2023):
/// this year's month figure leaves nothing of it out and says nothing of it where it states values
/// only; where it compares with last year's month, it says the comparison lacks last year's
/// quarters.
#[test]
fn quarters_of_last_year_only_are_named_where_the_comparison_is() {
    let dir = TempDir::new().unwrap();
    let input = dir.path().join("input");
    std::fs::create_dir_all(&input).unwrap();
    book_with_merges(
        &input,
        "2022年服务业培训情况.xlsx",
        "分季度",
        &[
            &[T("2022年服务业统计业务培训情况（按季度）")],
            &[T("专业")],
            &[T(""), T("批次"), T("人次"), T("批次"), T("人次"), T("批次"), T("人次")],
            &[T("服务业"), N(1.0), N(10.0), T(""), T(""), N(1.0), N(12.0)],
        ],
        &QUARTER_HEADS[..3],
    );
    book(
        &input,
        "2023年服务业培训台账.xlsx",
        &[(
            "培训",
            &[&[T("日期"), T("培训内容"), T("批次"), T("人次")], &[T("2023-09-05"), T("统计法"), N(1.0), N(20.0)]],
        )],
    );
    let out = dir.path().join("out");
    let r = tongji(
        &["run", "-i", input.to_str().unwrap(), "-o", out.to_str().unwrap(), "--period", "2023-09", "-q"],
        dir.path(),
    );
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let report = std::fs::read_to_string(out.join("2023-09/工作情况_2023年9月.md")).unwrap();
    assert!(report.contains("9月，各专业培训1批次、20人次，"), "{report}");
    assert!(!report.contains("上年按季度填报"), "no comparison of the month is stated: {report}");
    // The workbook's tables compare the year to date only (whole quarters at September): nothing
    // to say under them.
    let book_path = out.join("2023-09/统计汇总_2023年9月.xlsx");
    let texts = sheet_texts(&book_path, "培训");
    assert!(!texts.iter().any(|t| t.contains("按季度填报")), "{texts:?}");
    // metrics.csv's month row compares with last September, which lacks 服务业's quarters: named.
    let csv = std::fs::read_to_string(out.join("2023-09/metrics.csv")).unwrap();
    let row = metrics_row(&csv, "month", "服务业", "training_attendees");
    assert_eq!((row["value"].as_str(), row["quarterly_left_out"].as_str()), ("20", "服务业"), "{row:?}");
    let fig = {
        let ing = tongji::pipeline::read(&input, &Config::load(&input).unwrap()).unwrap();
        figures(&input, &ing, 9)
    };
    assert_eq!(
        fig.quarterly_note_of(&[Metric::TrainingAttendees], Window::Month).as_deref(),
        Some("服务业上年按季度填报，同比不含其上年9月数")
    );
    assert_eq!(fig.quarterly_value_note_of(&[Metric::TrainingAttendees], Window::Month), None);
}
