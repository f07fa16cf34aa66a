//! The `tongji` binary: messages in Chinese, exit codes 0/1/2, and input files left untouched.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;
use common::{copy_tree, TempDir};

fn tongji(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tongji")).args(args).current_dir(cwd).output().unwrap()
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

/// Every file under a folder with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(p.clone(), std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

#[test]
fn check_on_the_sample_exits_0_and_prints_the_ledger() {
    let before = snapshot(&root().join("input"));
    let o = tongji(&["check", "--input", "input"], &root());
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(out.contains("各工作表读取情况"), "{out}");
    assert!(out.contains("规上工业2023年台账.xlsx"), "{out}");
    assert!(out.contains("结论：全部读取，没有拒收的行。"), "{out}");
    assert!(out.contains("~$规上工业2023年台账.xlsx：Excel临时锁定文件"), "{out}");
    assert_eq!(snapshot(&root().join("input")), before, "input files must never be written");
}

#[test]
fn plain_tongji_runs_the_main_job_on_input_into_output() {
    let dir = TempDir::new().unwrap();
    copy_tree(&root().join("input"), &dir.path().join("input"));
    let o = tongji(&[], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let folder = dir.path().join("output").join("2023-09");
    for f in ["统计汇总_2023年9月.xlsx", "metrics.csv", "读取情况.txt", "records/training.parquet"] {
        assert!(folder.join(f).is_file(), "{f}");
    }
    assert!(stdout(&o).contains("输出：output/2023-09/"), "{}", stdout(&o));
}

#[test]
fn rejections_exit_1_and_are_listed_with_their_cells() {
    let o = tongji(&["check", "-i", "tests/fixtures/formats"], &root());
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("mixed.ods [核查] C8: 无法识别的日期“2023年13月1日”"), "{out}");
    assert!(out.contains("utf8bom_semicolon.csv G5: 数量“-2”不能为负数"), "{out}");
    assert!(out.contains("结论：拒收2行，汇总数字将不含这些内容"), "{out}");
}

#[test]
fn unreadable_files_exit_1_and_the_others_are_still_read() {
    let dir = TempDir::new().unwrap();
    for f in ["broken/broken.xlsx", "broken/html_export.xls", "formats/legacy.xls"] {
        let src = root().join("tests/fixtures").join(f);
        std::fs::copy(&src, dir.path().join(src.file_name().unwrap())).unwrap();
    }
    let o = tongji(&["check", "-i", dir.path().to_str().unwrap()], &root());
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("broken.xlsx: xlsx文件已损坏或不完整"), "{out}");
    assert!(out.contains("html_export.xls: 文件实际是网页（HTML）格式"), "{out}");
    assert!(out.contains("记录：培训4条"), "{out}");
}

#[test]
fn missing_input_or_broken_settings_exit_2() {
    let o = tongji(&["check", "-i", "no-such-folder"], &root());
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("不存在"));

    let dir = TempDir::new().unwrap();
    std::fs::write(dir.path().join("tongji.toml"), "builtin_catalogue = \"yes\"\n").unwrap();
    let o = tongji(&["check", "-i", dir.path().to_str().unwrap()], &root());
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("tongji.toml"));
}

/// `tongji --help` speaks Chinese throughout and names every output `run` writes.
#[test]
fn help_is_in_one_language_and_lists_the_outputs() {
    for args in [vec!["--help"], vec!["run", "--help"], vec!["check", "--help"]] {
        let o = tongji(&args, &root());
        let out = stdout(&o);
        assert_eq!(o.status.code(), Some(0), "{out}");
        for english in ["Usage", "Options", "Commands", "Print", "default:", "reads county"] {
            assert!(!out.contains(english), "{args:?} says {english}: {out}");
        }
        assert!(out.contains("用法：") && out.contains("选项："), "{out}");
    }
    let top = stdout(&tongji(&["--help"], &root()));
    assert!(top.starts_with("统计汇总："), "{top}");
    for output in ["汇总工作簿", "metrics.csv", "图表", "报告段落", "Word", "读取情况.txt", "Parquet"] {
        assert!(top.contains(output), "{output}: {top}");
    }
}

/// clap's own messages are English: each mistake is said in Chinese instead, with the usage,
/// and exits 2; --help and --version still print and exit 0.
#[test]
fn command_line_mistakes_are_said_in_chinese_and_exit_2() {
    let dir = TempDir::new().unwrap();
    for (args, said) in [
        (&["--bogus"][..], "错误：无法识别的选项“--bogus”"),
        (&["run", "--quite"][..], "是不是要写“--quiet”？"),
        (&["frob"][..], "错误：无法识别的命令“frob”"),
        (&["run", "--period"][..], "错误：选项“--period <月份>”后面缺少值"),
    ] {
        let out = tongji(args, dir.path());
        let err = String::from_utf8(out.stderr.clone()).unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(said) && err.contains("用法：tongji [run | check] [选项]"), "{args:?}: {err}");
        assert!(!err.contains("error:") && !err.contains("Usage"), "{args:?}: {err}");
    }
    let version = tongji(&["--version"], dir.path());
    assert!(version.status.success() && stdout(&version).starts_with("tongji "));
}
