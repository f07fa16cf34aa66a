//! Peak memory of one input file, with the default limits: the binary runs as a child on each
//! file that once took too much (a shared-string table that inflates to hundreds of MB, one that
//! claims four billion entries, cells far apart in an .xls, a sheet of millions of cells) and on
//! the largest ledger the defaults admit, and the child's peak resident memory (wait4's rusage)
//! must stay under 1 GB. A bound, not a timing.
#![cfg(target_os = "linux")]

mod common;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use common::TempDir;

/// Under 1 GB, the bound the defaults are sized for (docs/reliability.md).
const BOUND_KB: i64 = 1_000_000;

/// Runs `tongji ARGS` on `input`, returning its exit code, its console output and its peak
/// resident memory in KB.
#[allow(clippy::zombie_processes)] // reaped by wait4 below, which std's Child cannot do
fn peak(args: &[&str], input: &Path) -> (i32, String, i64) {
    let out = input.with_extension("out.txt");
    let child = Command::new(env!("CARGO_BIN_EXE_tongji"))
        .args(args)
        .arg("--input")
        .arg(input)
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: a zeroed rusage is a valid value for wait4 to fill.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child, which std's Child has not waited for.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid, "wait4 failed");
    let code = if libc::WIFEXITED(status) { libc::WEXITSTATUS(status) } else { -libc::WTERMSIG(status) };
    (code, std::fs::read_to_string(&out).unwrap(), usage.ru_maxrss)
}

/// An xlsx of one sheet whose one cell shows shared string 0, with `sst` as its shared-string
/// part (the prefix, then `item` `times` times, then the end), deflated in the package.
fn xlsx_with_strings(path: &Path, sst_head: &str, item: &[u8], times: usize) {
    let mut z = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .large_file(true);
    let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let parts = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#.to_string(),
        ),
        (
            "_rels/.rels",
            format!(
                r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
            ),
        ),
        (
            "xl/workbook.xml",
            format!(
                r#"<?xml version="1.0"?><workbook xmlns="{main}" xmlns:r="{rel}"><sheets><sheet name="核查台账" sheetId="1" r:id="rId1"/></sheets></workbook>"#
            ),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            format!(
                r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#
            ),
        ),
        (
            "xl/worksheets/sheet1.xml",
            format!(
                r#"<?xml version="1.0"?><worksheet xmlns="{main}"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>"#
            ),
        ),
    ];
    for (name, body) in parts {
        z.start_file(name, opts).unwrap();
        z.write_all(body.as_bytes()).unwrap();
    }
    z.start_file("xl/sharedStrings.xml", opts).unwrap();
    z.write_all(sst_head.replace("MAIN", main).as_bytes()).unwrap();
    let chunk = item.repeat((1 << 20) / item.len().min(1 << 20) + 1);
    let per_chunk = chunk.len() / item.len();
    let mut left = times;
    while left > 0 {
        let n = left.min(per_chunk);
        z.write_all(&chunk[..n * item.len()]).unwrap();
        left -= n;
    }
    z.write_all(b"</sst>").unwrap();
    z.finish().unwrap();
}

/// A 核查 ledger as CSV: `rows` rows of 10 columns, three specialties, January to September.
fn ledger_csv(path: &Path, rows: usize) {
    let mut w = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(w, "序号,核查日期,专业,单位名称,统一社会信用代码,核查内容,核查方式,核查人员,核查家次,备注").unwrap();
    let specialties = ["规上工业", "贸易", "服务业"];
    for i in 0..rows {
        writeln!(
            w,
            "{},2023-{:02}-{:02},{},某某县第{}号有限公司,91330000MA{:08},统计数据质量核查,实地核查,张三、李四,1,按时报送",
            i + 1,
            1 + i % 9,
            1 + i % 28,
            specialties[i % 3],
            i % 50_000,
            i
        )
        .unwrap();
    }
}

#[test]
fn one_file_stays_under_1_gb_with_the_default_limits() {
    let dir = TempDir::new().unwrap();
    let external = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/external");
    let mut failures = Vec::new();
    let mut case = |name: &str, make: &dyn Fn(&Path), args: &[&str], said: &str| {
        let input = dir.path().join(name.replace('.', "_"));
        std::fs::create_dir_all(&input).unwrap();
        make(&input.join(name));
        let (code, out, kb) = peak(args, &input);
        eprintln!("{name} {args:?}: exit {code}, peak {} MB", kb / 1024);
        if kb >= BOUND_KB {
            failures.push(format!("{name} ({args:?}): peak {kb} KB"));
        }
        if !out.contains(said) {
            failures.push(format!("{name} ({args:?}): exit {code}, no “{said}” in:\n{out}"));
        }
        std::fs::remove_dir_all(&input).unwrap();
    };
    // Shared strings inflating to 200 MB (2 KB strings): refused by the part's declared size,
    // before inflating. Before: each MB of the table cost about a MB, 2 GiB took 6.3 GB.
    let long = format!("<si><t>{}</t></si>", "统".repeat(700));
    case(
        "共享字符串200MB.xlsx",
        &|p| xlsx_with_strings(p, r#"<?xml version="1.0"?><sst xmlns="MAIN">"#, long.as_bytes(), 100_000),
        &["check"],
        "共享字符串表（xl/sharedStrings.xml）解压后约",
    );
    // Six million one-letter strings in 100 MB: under the size limit, refused by their count
    // (they would take about 340 MB before a single cell is read).
    case(
        "共享字符串六百万条.xlsx",
        &|p| xlsx_with_strings(p, r#"<?xml version="1.0"?><sst xmlns="MAIN">"#, b"<si><t>a</t></si>", 6_000_000),
        &["check"],
        "共享字符串表有6000000条，超过上限5000000个",
    );
    // A table claiming four billion entries: calamine reserved room for them and the process
    // aborted (signal 6), taking every other file with it.
    case(
        "声明四十亿条.xlsx",
        &|p| {
            xlsx_with_strings(
                p,
                r#"<?xml version="1.0"?><sst xmlns="MAIN" count="1" uniqueCount="4000000000">"#,
                b"<si><t>a</t></si>",
                1,
            )
        },
        &["check"],
        "共享字符串表声明有4000000000条",
    );
    // POI's 51535.xls (42 KB, cells far apart: 65,536 × 256) took 1.06 GB; SharedFormulaTest.xls
    // 366 MB. Both are now refused by their area before calamine builds it.
    for file in ["51535.xls", "SharedFormulaTest.xls"] {
        case(
            file,
            &|p| {
                std::fs::copy(external.join(file), p).unwrap();
            },
            &["check"],
            "单元格区域合计约",
        );
    }
    // A sheet of 5.5 million cells: refused by the workbook's cell count while it is read.
    case("五百五十万格.csv", &|p| ledger_csv(p, 550_000), &["check"], "工作簿的非空单元格超过5000000个");
    // The largest ledger the defaults admit (480,000 rows × 10 columns) is read and written.
    let big = |p: &Path| ledger_csv(p, 480_000);
    case("四十八万行核查台账.csv", &big, &["check"], "核查480000条");
    let out = dir.path().join("output");
    let out_arg = out.to_str().unwrap();
    case("四十八万行核查台账.csv", &big, &["run", "-q", "--output", out_arg], "");
    assert!(out.join("2023-09/metrics.csv").is_file(), "run wrote no metrics.csv");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
