//! Nothing lost, nothing overwritten: the broken corpus beside the sample, a second run while one
//! holds the output folder, runs killed (SIGKILL) at many moments, input files untouched.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

mod common;
use common::{copy_tree, TempDir};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_tongji"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

fn tongji(args: &[&str]) -> Output {
    bin().args(args).output().unwrap()
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run_args<'a>(input: &'a Path, output: &'a Path) -> Vec<&'a str> {
    vec!["run", "-i", input.to_str().unwrap(), "-o", output.to_str().unwrap(), "-p", "2023-09", "-q"]
}

/// Every regular file under `dir` with its bytes, in name order.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            // Not following links (a loop) nor opening pipes (a read would block).
            let kind = std::fs::symlink_metadata(&p).unwrap().file_type();
            if kind.is_dir() {
                stack.push(p);
            } else if kind.is_file() {
                let bytes = std::fs::read(&p).unwrap();
                out.push((p.strip_prefix(dir).unwrap().to_path_buf(), bytes));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn the_broken_corpus_beside_the_sample_is_named_file_by_file_and_changes_no_figure() {
    // The sample alone.
    let sample_out = TempDir::new().unwrap();
    let o = tongji(&run_args(&root().join("input"), sample_out.path()));
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let expected = std::fs::read_to_string(sample_out.path().join("2023-09/metrics.csv")).unwrap();

    // The sample plus every broken file, and what can only be made at run time.
    let input = TempDir::new().unwrap();
    copy_tree(&root().join("input"), input.path());
    copy_tree(&root().join("tests/fixtures/broken"), &input.path().join("坏文件"));
    let broken = input.path().join("坏文件");
    std::fs::create_dir_all(broken.join("文件夹.xlsx")).unwrap();
    #[cfg(target_os = "linux")]
    {
        std::os::unix::fs::symlink("..", broken.join("循环链接")).unwrap();
        std::os::unix::fs::symlink("不存在.xlsx", broken.join("断开的链接.xlsx")).unwrap();
        let fifo = std::ffi::CString::new(broken.join("管道.csv").to_str().unwrap()).unwrap();
        // A named pipe no one writes to: reading it would block forever.
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
    }
    // What fuzzing found: a file calamine panics on, and two .xls whose containers made it grow
    // memory without bound.
    for found in ["calamine-panic-59bcd057.xlsx", "xls-oom-a0b15fc8.xls", "xls-oom-2f7c3269.xls"] {
        std::fs::copy(root().join("tests/fixtures/fuzz/workbook").join(found), broken.join(found)).unwrap();
    }
    // The zip bomb is refused by a lowered limit (the default is 4096 MB).
    // The amplifiers likewise by lowered cell and text limits.
    let limits = "[limits]\nmax_unpacked_mb = 64\nmax_cells = 1000000\nmax_text_mb = 8\n";
    std::fs::write(input.path().join("tongji.toml"), limits).unwrap();
    let before = snapshot(input.path().join("坏文件").as_path());

    let output = TempDir::new().unwrap();
    let mut child =
        bin().args(run_args(input.path(), output.path())).stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap();
    // Nothing may hang: the run must end on its own well within a minute.
    let mut waited = Duration::ZERO;
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(waited < Duration::from_secs(60), "the run hangs");
        std::thread::sleep(Duration::from_millis(50));
        waited += Duration::from_millis(50);
    };
    assert_eq!(status.code(), Some(0));
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    // A reader's panic is reported with its file, not printed as a Rust panic.
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(output.path().join("2023-09/metrics.csv")).unwrap(),
        expected,
        "the sample's figures are unchanged"
    );
    let report = std::fs::read_to_string(output.path().join("2023-09/读取情况.txt")).unwrap();
    // (A folder named like a workbook is a folder: walked into, nothing to say.)
    for (file, why) in [
        ("broken.xlsx", "损坏"),
        ("html_export.xls", "HTML"),
        ("password.xlsx", "密码"),
        ("password.xls", "密码"),
        ("empty.xlsx", "空文件"),
        ("zip_bomb.xlsx", "max_unpacked_mb"),
        ("huge_area.xls", "max_cells"),
        ("shared_strings.xlsx", "max_text_mb"),
        ("管道.csv", "不是普通文件"),
        ("断开的链接.xlsx", "无法读取"),
        ("~$lockfile.xlsx", "锁定文件"),
        ("mixed_encoding.csv", ""),
        ("ragged.csv", ""),
        ("reader_panic.xls", "位置 calamine-"),
        ("calamine-panic-59bcd057.xlsx", "已损坏"),
        ("xls-oom-a0b15fc8.xls", "首尾相接"),
        ("xls-oom-2f7c3269.xls", "不存在的扇区"),
    ] {
        // The name as a whole: "password.xls" is not named by a line about "password.xlsx".
        let names =
            |l: &&str| l.match_indices(file).any(|(i, _)| !l[i + file.len()..].starts_with(char::is_alphanumeric));
        let line = report.lines().find(names).unwrap_or_else(|| panic!("{file} named:\n{report}"));
        let said: String = report.lines().filter(names).collect::<Vec<_>>().join("\n");
        assert!(said.contains(why), "{file}: {line}\n{said}");
    }
    // The readable odd ones: the ragged CSV's short row is rejected at its cell, its others read.
    assert!(report.contains("ragged.csv") && report.contains("缺少人次"), "{report}");
    // Input files are byte-identical after the run.
    assert_eq!(snapshot(input.path().join("坏文件").as_path()), before);
}

/// A file the run may not read (permissions). Root reads every file whatever its mode, so when
/// the tests run as root the run is made as the unprivileged user `nobody` instead, from a copy of
/// the binary it can reach; otherwise as the user running the tests.
#[cfg(target_os = "linux")]
#[test]
fn a_file_without_read_permission_is_named_and_the_rest_is_read() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;

    let sample_out = TempDir::new().unwrap();
    assert!(tongji(&run_args(&root().join("input"), sample_out.path())).status.success());
    let expected = std::fs::read_to_string(sample_out.path().join("2023-09/metrics.csv")).unwrap();

    let dir = TempDir::new().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let (input, output) = (dir.path().join("input"), dir.path().join("output"));
    copy_tree(&root().join("input"), &input);
    let locked = input.join("无权限");
    std::fs::create_dir_all(&locked).unwrap();
    std::fs::copy(root().join("tests/fixtures/formats/legacy.xls"), locked.join("台账.xls")).unwrap();
    std::fs::set_permissions(locked.join("台账.xls"), std::fs::Permissions::from_mode(0o000)).unwrap();
    std::fs::create_dir_all(&output).unwrap();
    std::fs::set_permissions(&output, std::fs::Permissions::from_mode(0o777)).unwrap();
    let before = snapshot(&input);

    // SAFETY: geteuid has no preconditions.
    let mut run = if unsafe { libc::geteuid() } == 0 {
        let copy = dir.path().join("tongji");
        std::fs::copy(env!("CARGO_BIN_EXE_tongji"), &copy).unwrap();
        std::fs::set_permissions(&copy, std::fs::Permissions::from_mode(0o755)).unwrap();
        let mut c = Command::new(copy);
        c.uid(65534).gid(65534);
        c
    } else {
        bin()
    };
    run.current_dir(dir.path()).args(run_args(&input, &output));
    // Another test thread forking while the copy was being written keeps it open for writing in
    // that child for a moment; exec then fails with "text file busy" until the child execs.
    let mut tries = 0;
    let o = loop {
        match run.output() {
            Err(e) if e.kind() == std::io::ErrorKind::ExecutableFileBusy && tries < 100 => {
                tries += 1;
                std::thread::sleep(Duration::from_millis(20));
            }
            other => break other.unwrap(),
        }
    };
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(std::fs::read_to_string(output.join("2023-09/metrics.csv")).unwrap(), expected);
    let report = std::fs::read_to_string(output.join("2023-09/读取情况.txt")).unwrap();
    let line = report.lines().find(|l| l.contains("无权限/台账.xls")).unwrap_or_else(|| panic!("named:\n{report}"));
    assert!(line.contains("没有读取权限"), "{line}");
    assert_eq!(snapshot(&input), before, "the inputs are unchanged");
}

#[test]
fn a_second_run_on_a_locked_output_folder_stops_with_a_message() {
    let output = TempDir::new().unwrap();
    let input = root().join("input");
    assert_eq!(tongji(&run_args(&input, output.path())).status.code(), Some(0));
    let lock = std::fs::OpenOptions::new().write(true).open(output.path().join(".tongji.lock")).unwrap();
    lock.lock().unwrap(); // as a running tongji holds it
    let before = snapshot(output.path());
    let o = tongji(&run_args(&input, output.path()));
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("另一个 tongji 正在向输出文件夹") && err.contains("本次不写出"), "{err}");
    assert_eq!(snapshot(output.path()), before, "nothing written while locked");
    lock.unlock().unwrap();
    drop(lock);
    assert_eq!(tongji(&run_args(&input, output.path())).status.code(), Some(0), "free again");
}

#[test]
fn a_run_killed_at_any_moment_leaves_a_whole_period_folder() {
    let input = TempDir::new().unwrap();
    copy_tree(&root().join("input"), input.path());
    let output = TempDir::new().unwrap();
    assert_eq!(tongji(&run_args(input.path(), output.path())).status.code(), Some(0));
    let folder = output.path().join("2023-09");
    let names = || -> Vec<PathBuf> { snapshot(&folder).into_iter().map(|(p, _)| p).collect() };
    let metrics = std::fs::read(folder.join("metrics.csv")).unwrap();
    let files = names();
    assert!(files.len() >= 14, "{files:?}");
    let inputs = snapshot(input.path());
    // Kill the run at many moments: before, during and after the writing.
    for delay_ms in [0u64, 2, 5, 10, 20, 40, 60, 90, 120, 160, 220, 300, 400, 600] {
        let mut child = bin().args(run_args(input.path(), output.path())).spawn().unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL on Unix
        let _ = child.wait();
        assert!(folder.is_dir(), "killed after {delay_ms} ms: the period folder is there");
        assert_eq!(std::fs::read(folder.join("metrics.csv")).unwrap(), metrics, "killed after {delay_ms} ms");
        assert_eq!(names(), files, "killed after {delay_ms} ms: every output is there");
    }
    // The next run is not blocked by a killed one, and tidies what the killed ones left.
    assert_eq!(tongji(&run_args(input.path(), output.path())).status.code(), Some(0));
    let mut entries: Vec<String> = std::fs::read_dir(output.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    entries.sort();
    assert_eq!(entries, [".tongji.lock", "2023-09"]);
    assert_eq!(snapshot(input.path()), inputs, "input files are byte-identical after every run");
}

#[test]
fn formula_like_text_is_text_in_every_output() {
    let input = TempDir::new().unwrap();
    let output = TempDir::new().unwrap();
    let names = ["=1+2", "+SUM(A1)", "-2+3", "@cmd"];
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("培训").unwrap();
    for (c, h) in ["日期", "专业", "培训内容", "批次", "人次"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (i, n) in names.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, "2023-09-0".to_string() + &(i + 1).to_string()).unwrap();
        ws.write_string(r, 1, *n).unwrap();
        ws.write_string(r, 2, "=HYPERLINK(\"http://example.invalid\")").unwrap();
        ws.write_number(r, 3, 1).unwrap();
        ws.write_number(r, 4, 10).unwrap();
    }
    wb.save(input.path().join("2023年培训台账.xlsx")).unwrap();
    let o = tongji(&run_args(input.path(), output.path()));
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let folder = output.path().join("2023-09");

    // metrics.csv: neutralised with a leading apostrophe (OWASP).
    let csv = std::fs::read_to_string(folder.join("metrics.csv")).unwrap();
    for n in names {
        assert!(csv.contains(&format!(",'{n},")), "{n} in metrics.csv:\n{csv}");
        assert!(!csv.contains(&format!(",{n},")), "{n} raw in metrics.csv");
    }
    // The workbook: the texts are there as text, and no sheet holds a formula.
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let mut book: Xlsx<_> = open_workbook(folder.join("统计汇总_2023年9月.xlsx")).unwrap();
    let training = book.worksheet_range("培训").unwrap();
    for n in names {
        assert!(training.used_cells().any(|(_, _, v)| v == &Data::String(n.into())), "{n} as text in 培训");
    }
    for sheet in book.sheet_names() {
        if let Ok(f) = book.worksheet_formula(&sheet) {
            assert!(f.used_cells().all(|(_, _, f)| f.is_empty()), "a formula in {sheet}");
        }
    }
    // The report text carries them as plain words.
    let md = std::fs::read_to_string(folder.join("工作情况_2023年9月.md")).unwrap();
    assert!(names.iter().all(|n| md.contains(n)), "{md}");
}
