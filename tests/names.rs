//! Names that split a figure (issue 21, point 2): a 专业 written "规上" beside "规上工业" is kept
//! apart and never guessed into it, but the console says so under the figures, with its records,
//! where it was met, and the lines of tongji.toml that fold it in; adding those very lines folds
//! it. The same for activity categories. Unambiguous variants the built-in catalogue knows
//! (农调 for 农业) need no line at all.

use std::path::Path;
use std::process::{Command, Output};

mod common;
use common::book::{book, C::*};
use common::TempDir;

fn tongji(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tongji")).args(args).current_dir(cwd).output().unwrap()
}

fn run(dir: &Path) -> (String, String) {
    let out = tongji(&["run", "--input", "input", "--output", "out", "--period", "2023-04"], dir);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let metrics = std::fs::read_to_string(dir.join("out/2023-04/metrics.csv")).unwrap();
    (String::from_utf8(out.stdout).unwrap(), metrics)
}

/// The year-to-date value of a metric of a specialty in metrics.csv.
fn ytd(metrics: &str, specialty: &str, metric: &str) -> Option<i64> {
    metrics.lines().find_map(|l| {
        let f: Vec<&str> = l.split(',').collect();
        (f.get(1) == Some(&"ytd") && f.get(2) == Some(&specialty) && f.get(3) == Some(&metric))
            .then(|| f[5].parse().unwrap())
    })
}

/// The lines of tongji.toml the console offers, as the clerk would copy them.
fn offered_toml(console: &str) -> String {
    console.lines().filter(|l| l.starts_with("      ")).map(|l| l.trim_start()).collect::<Vec<_>>().join("\n")
}

fn inputs(dir: &Path) {
    let input = dir.join("input");
    std::fs::create_dir_all(&input).unwrap();
    let h = [T("日期"), T("专业"), T("培训内容"), T("批次"), T("人次")];
    book(
        &input,
        "培训台账.xlsx",
        &[(
            "培训",
            &[
                &[T("2023年培训台账")],
                &h,
                &[T("2023-03-01"), T("规上工业"), T("统计法"), N(1.0), N(20.0)],
                &[T("2023-03-05"), T("规上"), T("月报"), N(1.0), N(15.0)],
                &[T("2023-04-02"), T("规上"), T("年报"), N(1.0), N(10.0)],
                &[T("2023-04-10"), T("农调"), T("抽样"), N(1.0), N(8.0)],
            ],
        )],
    );
    book(
        &input,
        "办公室会议台账.xlsx",
        &[(
            "会议台账",
            &[
                &[T("日期"), T("类别"), T("会议名称")],
                &[T("2023-03-02"), T("局务会议"), T("2023年第1次局务会议")],
                &[T("2023-04-06"), T("局务会议"), T("2023年第2次局务会议")],
                &[T("2023-04-08"), T("党组会议"), T("党组会")],
            ],
        )],
    );
}

#[test]
fn a_name_no_catalogue_knows_is_said_under_the_figures_with_the_line_that_folds_it() {
    let dir = TempDir::new().unwrap();
    inputs(dir.path());
    let (console, metrics) = run(dir.path());
    // Kept apart, never guessed: 规上工业 has its own 20, 规上 its 25.
    assert_eq!(ytd(&metrics, "规上工业", "training_attendees"), Some(20), "{metrics}");
    assert_eq!(ytd(&metrics, "规上", "training_attendees"), Some(25), "{metrics}");
    // 农调 is the built-in catalogue's: no line for it.
    assert_eq!(ytd(&metrics, "农业", "training_attendees"), Some(8), "{metrics}");
    assert!(!console.contains("农调"), "{console}");
    // Under the figures (after the target line or the last figure line, before 读取：).
    let said = console.find("专业“规上”：2条记录，如 培训台账.xlsx [培训] 第4行").expect(&console);
    assert!(said < console.find("读取：").unwrap(), "{console}");
    assert!(console.contains("若就是“规上工业”，在 tongji.toml 中加："), "{console}");
    // An activity category with no abbreviation in the catalogue: offered as a category of its own.
    assert!(console.contains("活动类别“局务会议”：2条记录，如 办公室会议台账.xlsx [会议台账] 第2行"), "{console}");
    let toml = offered_toml(&console);
    assert_eq!(
        toml, "[[specialty]]\nname = \"规上工业\"\naliases = [\"规上\"]\n[[activity]]\nname = \"局务会议\"",
        "{console}"
    );

    // The clerk copies the lines as offered: the figure is whole, and nothing is said any more.
    std::fs::write(dir.path().join("input/tongji.toml"), toml + "\n").unwrap();
    let (console, metrics) = run(dir.path());
    assert_eq!(ytd(&metrics, "规上工业", "training_attendees"), Some(45), "{metrics}");
    assert_eq!(ytd(&metrics, "规上", "training_attendees"), None, "{metrics}");
    assert!(!console.contains("不在"), "{console}");
}

#[test]
fn many_unknown_names_are_listed_ten_at_most() {
    let dir = TempDir::new().unwrap();
    let input = dir.path().join("input");
    std::fs::create_dir_all(&input).unwrap();
    let names: Vec<String> = (1..=12).map(|i| format!("科室{i}")).collect();
    let mut rows: Vec<Vec<common::book::C>> = vec![vec![T("日期"), T("专业"), T("批次"), T("人次")]];
    for n in &names {
        rows.push(vec![T("2023-04-01"), T(n), N(1.0), N(3.0)]);
    }
    let rows: Vec<&[common::book::C]> = rows.iter().map(|r| r.as_slice()).collect();
    book(&input, "培训.xlsx", &[("培训", &rows)]);
    let (console, _) = run(dir.path());
    assert!(console.contains("不在专业目录中的专业名称12个"), "{console}");
    assert!(console.contains("专业“科室10”") && !console.contains("专业“科室11”"), "{console}");
    assert!(console.contains("……另有2个，见读取情况.txt"), "{console}");
}

/// A partner department no list knows is written in the report as it is ("与县教育局部门联合"): the
/// console says so under the figures, with the tongji.toml lines that give it a short name, and
/// copying them gives the report its bureau wording.
#[test]
fn an_unknown_partner_department_is_said_with_its_short_name() {
    let dir = TempDir::new().unwrap();
    let input = dir.path().join("input");
    std::fs::create_dir_all(&input).unwrap();
    book(
        &input,
        "执法检查台账.xlsx",
        &[(
            "执法检查",
            &[
                &[T("2023年统计执法检查台账")],
                &[T("检查日期"), T("被检查单位"), T("检查方式"), T("联合部门"), T("家次")],
                &[T("2023-03-01"), T("甲公司"), T("双随机"), T("县教育局"), N(1.0)],
                &[T("2023-03-05"), T("乙公司"), T("双随机"), T("县教育局和县消防救援大队"), N(1.0)],
                &[T("2023-04-02"), T("丙公司"), T("双随机"), T("县消防救援大队"), N(1.0)],
            ],
        )],
    );
    let (console, _) = run(dir.path());
    assert!(console.contains("联合部门“县教育局”：2条记录，如 执法检查台账.xlsx [执法检查] 第3行"), "{console}");
    assert!(!console.contains("联合部门“县消防救援大队”"), "a department the list knows: {console}");
    let toml = offered_toml(&console);
    assert_eq!(toml, "[[department]]\nname = \"教育\"\naliases = [\"县教育局\"]", "{console}");
    let report = || std::fs::read_to_string(dir.path().join("out/2023-04/工作情况_2023年4月.md")).unwrap();
    assert!(report().contains("与县教育局"), "{}", report());
    std::fs::write(dir.path().join("input/tongji.toml"), toml + "\n").unwrap();
    let (console, _) = run(dir.path());
    assert!(!console.contains("不在部门名单"), "{console}");
    assert!(report().contains("与教育部门联合") && !report().contains("县教育局"), "{}", report());
    // "县教育局和县消防救援大队" is both departments once tongji.toml knows the first.
    assert!(report().contains("与教育部门联合的双随机检查2家次"), "{}", report());
    assert!(report().contains("与消防部门联合的双随机检查2家次"), "{}", report());
}
