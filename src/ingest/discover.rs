//! Discovery: the folder walk (in name order, symlink loops visited once, pipes and devices
//! passed over), the skip rules that name what a file is (lock file, Word document, template),
//! and byte-identical copies dropped in beside their original (read once, named).
//!
//! The walk is tongji's own rather than the walkdir crate's: walkdir, following links, reports a
//! loop back to an ancestor as an error and walks a folder reached through two different links
//! twice, where tongji passes over any folder it has seen (a shared folder linked into two
//! sections' folders is read once, not reported as copies of itself), and it would still need
//! the checks here for pipes and devices named like workbooks, which would block a read.

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::read::Reason;

/// File extensions read as inputs (compared in lower case).
/// .et and .ett are WPS 表格 workbooks and templates: xls (or xlsx) content under WPS's name, read
/// by their bytes like the rest.
const EXTENSIONS: [&str; 8] = ["xlsx", "xlsm", "xlsb", "xls", "ods", "csv", "et", "ett"];

/// Documents that are not tables, named by what they are so a clerk knows why they were passed
/// over.
const DOCUMENTS: [(&str, &str); 9] = [
    ("wps", "WPS文字文档"),
    ("wpt", "WPS文字模板"),
    ("dps", "WPS演示文稿"),
    ("dpt", "WPS演示模板"),
    ("doc", "Word文档"),
    ("docx", "Word文档"),
    ("ppt", "PowerPoint演示文稿"),
    ("pptx", "PowerPoint演示文稿"),
    ("pdf", "PDF文档"),
];

pub(super) enum Found {
    Input(PathBuf),
    Skipped(PathBuf, String),
    Failed(PathBuf, Reason),
    /// Byte for byte the same as the second path, which is read instead.
    Copy(PathBuf, PathBuf),
}

/// The path relative to the input folder, with '/' separators, as messages show it.
pub(super) fn relative(dir: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(dir).unwrap_or(path);
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// Every file under `dir`, recursively, in name order; folders reached twice (symlink loops)
/// are visited once.
pub(super) fn discover(dir: &Path) -> Vec<Found> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    walk(dir, &mut seen, &mut out);
    out
}

fn walk(dir: &Path, seen: &mut HashSet<PathBuf>, out: &mut Vec<Found>) {
    if let Ok(canonical) = dir.canonicalize() {
        if !seen.insert(canonical) {
            return;
        }
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            out.push(Found::Failed(dir.to_path_buf(), Reason::io("无法读取文件夹", &e)));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if path.is_dir() {
            if !name.starts_with('.') {
                walk(&path, seen, out);
            }
            continue;
        }
        let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
        // A pipe or device named like a workbook would block a read forever.
        match std::fs::metadata(&path) {
            Err(e) => {
                out.push(Found::Failed(path, Reason::io("无法读取文件", &e)));
                continue;
            }
            Ok(meta) if !meta.is_file() => {
                out.push(Found::Skipped(path, "不是普通文件（管道、设备等），已跳过".into()));
                continue;
            }
            Ok(_) => {}
        }
        if name.starts_with("~$") {
            out.push(Found::Skipped(path, "Excel临时锁定文件（文件正被打开时生成），已跳过".into()));
        } else if name.starts_with('.') {
            out.push(Found::Skipped(path, "隐藏文件，已跳过".into()));
        } else if name == crate::config::CONFIG_FILE {
            out.push(Found::Skipped(path, "配置文件".into()));
        } else if ext == "j2" {
            out.push(Found::Skipped(path, "报告模板".into()));
        } else if let Some((_, what)) = DOCUMENTS.iter().find(|(e, _)| *e == ext) {
            out.push(Found::Skipped(path, format!("{what}，不是表格，已跳过（表格请另存为.xlsx或.et）")));
        } else if !EXTENSIONS.contains(&ext.as_str()) {
            out.push(Found::Skipped(path, "不是表格文件，已跳过".into()));
        } else {
            out.push(Found::Input(path));
        }
    }
}

/// Marks every input that is byte for byte the same as another as a copy of it. Of a set of
/// identical files the one read is the first, in path order, whose name does not look like a
/// copy ("… - 副本", "…(1)", "Copy of …"); only files of equal size are read to compare.
pub(super) fn mark_copies(found: Vec<Found>) -> Vec<Found> {
    let sizes: Vec<Option<u64>> = found
        .iter()
        .map(|f| match f {
            Found::Input(p) => std::fs::metadata(p).ok().map(|m| m.len()),
            _ => None,
        })
        .collect();
    let mut by_size: HashMap<u64, Vec<usize>> = HashMap::new();
    for (i, s) in sizes.iter().enumerate() {
        if let Some(s) = s.filter(|s| *s > 0) {
            by_size.entry(s).or_default().push(i);
        }
    }
    let candidates: Vec<usize> = by_size.into_values().filter(|v| v.len() > 1).flatten().collect();
    if candidates.is_empty() {
        return found;
    }
    let path_of = |i: usize| match &found[i] {
        Found::Input(p) => p.clone(),
        _ => unreachable!("only inputs have sizes"),
    };
    let hashes: Vec<(usize, Option<u64>)> =
        candidates.par_iter().map(|&i| (i, std::fs::read(path_of(i)).ok().map(|b| content_hash(&b)))).collect();
    let mut by_content: HashMap<(u64, u64), Vec<usize>> = HashMap::new();
    for (i, h) in hashes {
        if let (Some(h), Some(size)) = (h, sizes[i]) {
            by_content.entry((size, h)).or_default().push(i);
        }
    }
    let mut copy_of: HashMap<usize, PathBuf> = HashMap::new();
    for mut group in by_content.into_values().filter(|g| g.len() > 1) {
        group.sort_unstable();
        let original = group.iter().copied().find(|&i| !looks_like_copy(&path_of(i))).unwrap_or(group[0]);
        let Ok(original_bytes) = std::fs::read(path_of(original)) else { continue };
        for &i in group.iter().filter(|&&i| i != original) {
            // Equal hashes are confirmed byte for byte: a copy is never guessed.
            if std::fs::read(path_of(i)).is_ok_and(|b| b == original_bytes) {
                copy_of.insert(i, path_of(original));
            }
        }
    }
    found
        .into_iter()
        .enumerate()
        .map(|(i, f)| match (copy_of.remove(&i), f) {
            (Some(of), Found::Input(p)) => Found::Copy(p, of),
            (_, f) => f,
        })
        .collect()
}

fn content_hash(bytes: &[u8]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

/// A name as Windows, WPS or a mail client gives a copy: "能源台账 - 副本", "能源台账(1)",
/// "能源台账（2）", "Copy of 能源台账", "能源台账 - Copy".
fn looks_like_copy(path: &Path) -> bool {
    let stem = path.file_stem().map(|s| s.to_string_lossy().to_lowercase()).unwrap_or_default();
    let stem = stem.trim();
    if stem.contains("副本") || stem.contains("copy") || stem.contains("拷贝") || stem.contains("复制") {
        return true;
    }
    for (open, close) in [('(', ')'), ('（', '）')] {
        if let Some(inner) = stem.strip_suffix(close).and_then(|s| s.rsplit_once(open)).map(|(_, n)| n) {
            if !inner.is_empty() && inner.chars().all(|c| c.is_ascii_digit()) {
                return true;
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_names() {
        for n in
            ["能源台账 - 副本.xlsx", "能源台账(1).xlsx", "能源台账（2）.xlsx", "Copy of 台账.xlsx", "台账 - Copy.xls"]
        {
            assert!(looks_like_copy(Path::new(n)), "{n}");
        }
        for n in ["能源台账.xlsx", "2023年(全年).xlsx", "台账1.xlsx"] {
            assert!(!looks_like_copy(Path::new(n)), "{n}");
        }
    }
}
