//! The printed pages, where LibreOffice is installed: `scripts/look` converts the sample run's
//! workbook and Word draft to PDF, and the test checks that both convert and that the Word draft
//! is more than one page. Where LibreOffice is not installed (as on the machine this was written
//! on, and in CI) the test says so on stderr and checks nothing else.

mod common;
use std::process::Command;

use common::TempDir;

#[test]
fn the_outputs_convert_to_printed_pages_with_libreoffice() {
    let has_soffice = ["soffice", "libreoffice"].iter().any(|b| {
        Command::new("sh").arg("-c").arg(format!("command -v {b}")).output().is_ok_and(|o| o.status.success())
    });
    if !has_soffice {
        eprintln!("LibreOffice is not installed: the printed pages are not checked here (scripts/look).");
        return;
    }
    let out = TempDir::new().unwrap();
    let root = env!("CARGO_MANIFEST_DIR");
    let run = Command::new(env!("CARGO_BIN_EXE_tongji"))
        .args(["run", "-q", "-i", &format!("{root}/input"), "-o", out.path().to_str().unwrap()])
        .status()
        .unwrap();
    assert!(run.success());
    let folder = out.path().join("2023-09");
    let look = Command::new(format!("{root}/scripts/look")).arg(&folder).arg(out.path().join("look")).output().unwrap();
    assert!(look.status.success(), "{}", String::from_utf8_lossy(&look.stderr));
    for pdf in ["统计汇总_2023年9月.pdf", "工作情况_2023年9月.pdf"] {
        let bytes = std::fs::read(out.path().join("look").join(pdf)).unwrap();
        // Page objects: "/Type /Page" or "/Type/Page", not the "/Pages" tree.
        let pages = [&b"/Type /Page"[..], b"/Type/Page"]
            .iter()
            .map(|pat| bytes.windows(pat.len() + 1).filter(|w| w.starts_with(pat) && w[pat.len()] != b's').count())
            .sum::<usize>();
        assert!(pages >= 2, "{pdf}: {pages} pages");
    }
}
