//! Ingest: find the input files, pick a reader by their leading bytes, and turn every sheet into
//! records, a ledger and a list of problems. One bad file never stops the others.

mod biff;
pub mod cell;
mod crypt;
pub mod csv;
pub mod duplicates;
pub mod header;
pub mod ods;
mod ole;
pub mod reason;
pub mod sheet;
pub mod tables;
pub mod text;
pub mod values;
mod wide;
pub mod xls;
pub mod xlsx;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use calamine::{CellErrorType, Data, DataRef, Dimensions, Range};
use rayon::prelude::*;

use self::cell::{CellValue, Merge, RawSheet, Rows};
pub use self::reason::{Limit, Reason};
use self::sheet::{read_sheet, SheetContext};
use crate::config::{Config, Limits};
use crate::model::{
    ActivityRecord, CheckRecord, FileReport, FileStatus, Location, Problem, Severity, SheetLedger, SheetStatus,
    TargetRecord, TrainingRecord,
};

/// What became of one sheet of a workbook.
pub enum SheetRead {
    Read(RawSheet),
    /// The sheet's name and why it could not be read.
    Unreadable(String, Reason),
    /// A sheet that is not a worksheet (chart, macro, dialog): its name and what it is.
    PassedOver(String, &'static str),
}

impl SheetRead {
    /// A sheet read, or the reason it could not be.
    pub fn from_result(name: &str, r: Result<RawSheet, Reason>) -> SheetRead {
        match r {
            Ok(s) => SheetRead::Read(s),
            Err(reason) => SheetRead::Unreadable(name.to_string(), reason),
        }
    }
}

/// What a sheet that is not a worksheet is called in the ledger; None for a worksheet.
pub(crate) fn not_a_worksheet(typ: calamine::SheetType) -> Option<&'static str> {
    match typ {
        calamine::SheetType::WorkSheet => None,
        calamine::SheetType::ChartSheet => Some("图表页"),
        calamine::SheetType::MacroSheet => Some("宏表"),
        calamine::SheetType::DialogSheet => Some("对话框表"),
        calamine::SheetType::Vba => Some("VBA模块"),
    }
}

/// What a reader got out of one file.
pub struct Workbook {
    /// The format as the ledger names it ("xlsx", "GB18030 CSV（逗号分隔）").
    pub format: String,
    pub sheets: Vec<SheetRead>,
    /// Things worth saying about the whole file (undecodable bytes).
    pub warnings: Vec<String>,
}

/// One reader per file format.
pub trait Format: Sync {
    fn name(&self) -> &'static str;
    /// Reads every sheet from the file's bytes; Err is why the file could not be opened at all.
    /// Streaming readers (xlsx, xlsb) refuse a sheet once the file is over the limits; readers
    /// that build whole files (xls, ods) refuse the file before building it.
    fn read(&self, bytes: &[u8], limits: &Limits) -> Result<Workbook, Reason>;
}

/// File extensions read as inputs (compared in lower case).
/// .et and .ett are WPS 表格 workbooks and templates: xls (or xlsx) content under WPS's name, read
/// by their bytes like the rest.
pub const EXTENSIONS: [&str; 8] = ["xlsx", "xlsm", "xlsb", "xls", "ods", "csv", "et", "ett"];

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

/// Everything read from the input folder.
#[derive(Debug, Default)]
pub struct Ingested {
    pub training: Vec<TrainingRecord>,
    pub verification: Vec<CheckRecord>,
    pub enforcement: Vec<CheckRecord>,
    pub targets: Vec<TargetRecord>,
    /// Meetings and other counted activities (会议台账, 工作台账).
    pub activity: Vec<ActivityRecord>,
    /// One entry per sheet (CSV file) read, in file order.
    pub ledger: Vec<SheetLedger>,
    /// One entry per file found under the input folder.
    pub files: Vec<FileReport>,
    pub problems: Vec<Problem>,
}

impl Ingested {
    /// True when some row, sheet or file could not be used.
    pub fn has_rejections(&self) -> bool {
        self.problems.iter().any(|p| p.severity == Severity::Rejected)
    }

    /// The inputs that were byte-identical copies: (the copy, the file read instead).
    pub fn copies(&self) -> Vec<(&str, &str)> {
        self.files
            .iter()
            .filter_map(|f| match &f.status {
                FileStatus::Duplicate { of } => Some((f.file.as_str(), of.as_str())),
                _ => None,
            })
            .collect()
    }

    /// Adds what another sheet or file gave, after what is here. The first records are moved,
    /// not copied: a sheet of a million records is held once, not twice.
    fn append(&mut self, other: Ingested) {
        join(&mut self.training, other.training, 0);
        join(&mut self.verification, other.verification, 0);
        join(&mut self.enforcement, other.enforcement, 0);
        join(&mut self.targets, other.targets, 0);
        join(&mut self.activity, other.activity, 0);
        join(&mut self.ledger, other.ledger, 0);
        join(&mut self.files, other.files, 0);
        join(&mut self.problems, other.problems, 0);
    }

    fn for_file(file: String, status: FileStatus) -> Ingested {
        Ingested { files: vec![FileReport { file, status }], ..Ingested::default() }
    }

    fn skipped(file: String, reason: String) -> Ingested {
        Ingested::for_file(file, FileStatus::Skipped { reason })
    }

    fn copy(file: String, of: String) -> Ingested {
        let problem = Problem {
            severity: Severity::Warning,
            location: Location { file: file.clone(), sheet: None, cell: None },
            message: format!("与“{of}”内容完全相同，是重复放入的副本：只读取“{of}”，记录不重复计入（可删除此副本）"),
        };
        let mut o = Ingested::for_file(file, FileStatus::Duplicate { of });
        o.problems.push(problem);
        o
    }

    fn failed(file: String, reason: impl std::fmt::Display) -> Ingested {
        let reason = reason.to_string();
        let problem = Problem {
            severity: Severity::Rejected,
            location: Location { file: file.clone(), sheet: None, cell: None },
            message: reason.clone(),
        };
        let mut o = Ingested::for_file(file, FileStatus::Failed { reason });
        o.problems.push(problem);
        o
    }
}

/// Told how reading goes, from the reading threads (a progress bar).
pub trait Progress: Sync {
    /// How many files were found.
    fn found(&self, files: usize);
    /// One more file was read (or passed over).
    fn read(&self);
}

/// No progress to show.
pub struct Silent;

impl Progress for Silent {
    fn found(&self, _: usize) {}
    fn read(&self) {}
}

/// Reads every input file under `dir`.
pub fn ingest(dir: &Path, config: &Config) -> Result<Ingested, String> {
    ingest_with(dir, config, &Silent)
}

/// [`ingest`], telling `progress` as files are read.
pub fn ingest_with(dir: &Path, config: &Config, progress: &dyn Progress) -> Result<Ingested, String> {
    if !dir.is_dir() {
        return Err(format!("输入文件夹 {} 不存在或不是文件夹", dir.display()));
    }
    let found = duplicates::mark_copies(discover(dir));
    progress.found(found.len());
    let results: Vec<Ingested> = found
        .into_par_iter()
        .map(|f| {
            let out = match f {
                Found::Input(path) => read_file(dir, &path, config),
                Found::Skipped(path, reason) => Ingested::skipped(relative(dir, &path), reason),
                Found::Failed(path, reason) => Ingested::failed(relative(dir, &path), reason),
                Found::Copy(path, of) => Ingested::copy(relative(dir, &path), relative(dir, &of)),
            };
            progress.read();
            out
        })
        .collect();
    // The first file's records are moved and grown once to the exact total: growing by doubling,
    // or copying into a new vector, would hold up to twice the records.
    let total = |pick: fn(&Ingested) -> usize| results.iter().map(pick).sum::<usize>();
    let (training, verification, enforcement) =
        (total(|r| r.training.len()), total(|r| r.verification.len()), total(|r| r.enforcement.len()));
    let mut out = Ingested::default();
    for r in results {
        join(&mut out.training, r.training, training);
        join(&mut out.verification, r.verification, verification);
        join(&mut out.enforcement, r.enforcement, enforcement);
        out.append(Ingested {
            targets: r.targets,
            activity: r.activity,
            ledger: r.ledger,
            files: r.files,
            problems: r.problems,
            ..Default::default()
        });
    }
    out.problems.extend(future_dates(&out, today()));
    out.problems.extend(duplicates::suspected_records(&out));
    out.problems.extend(duplicates::suspected_roll_ups(&out));
    Ok(out)
}

/// Appends `other` to `into`, moving it when `into` is empty; `total` (when larger) is the
/// length `into` will reach, reserved exactly when `other` is moved in.
fn join<T>(into: &mut Vec<T>, other: Vec<T>, total: usize) {
    if into.is_empty() {
        *into = other;
        into.reserve_exact(total.saturating_sub(into.len()));
    } else {
        into.extend(other);
    }
}

/// Today's date by the system clock (UTC).
pub fn today() -> chrono::NaiveDate {
    let days =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() / 86_400).unwrap_or(0);
    chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date") + chrono::Duration::days(days as i64)
}

/// One warning per sheet holding records dated after `today` (a typed 2033 for 2023): they are
/// counted, but a person should look.
fn future_dates(ing: &Ingested, today: chrono::NaiveDate) -> Vec<Problem> {
    let mut by_sheet: std::collections::BTreeMap<(String, String), (u32, u32, chrono::NaiveDate)> =
        std::collections::BTreeMap::new();
    let dated = ing
        .training
        .iter()
        .map(|r| (&r.source, r.date.date))
        .chain(ing.verification.iter().chain(&ing.enforcement).map(|r| (&r.source, r.date.date)))
        .chain(ing.activity.iter().map(|r| (&r.source, r.date.date)));
    for (src, date) in dated.filter(|(_, d)| *d > today) {
        let e = by_sheet.entry((src.file.to_string(), src.sheet.to_string())).or_insert((0, src.row, date));
        e.0 += 1;
        if src.row < e.1 {
            (e.1, e.2) = (src.row, date);
        }
    }
    by_sheet
        .into_iter()
        .map(|((file, sheet), (n, row, date))| Problem {
            severity: Severity::Warning,
            location: Location { file, sheet: Some(sheet), cell: Some(format!("第{row}行")) },
            message: format!("{n}条记录的日期晚于今天（{today}），如第{row}行的{date}，请核对是否写错年份"),
        })
        .collect()
}

enum Found {
    Input(PathBuf),
    Skipped(PathBuf, String),
    Failed(PathBuf, Reason),
    /// Byte for byte the same as the second path, which is read instead.
    Copy(PathBuf, PathBuf),
}

/// The path relative to the input folder, with '/' separators, as messages show it.
fn relative(dir: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(dir).unwrap_or(path);
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// Every file under `dir`, recursively, in name order; folders reached twice (symlink loops)
/// are visited once.
fn discover(dir: &Path) -> Vec<Found> {
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

fn read_file(dir: &Path, path: &Path, config: &Config) -> Ingested {
    let file = relative(dir, path);
    // Input files are only ever opened for reading.
    let limits = &config.limits;
    if let Ok(meta) = std::fs::metadata(path) {
        let mb = meta.len().div_ceil(1 << 20);
        if mb > limits.max_file_mb {
            return Ingested::failed(file, Limit::FileSize { mb, limit: limits.max_file_mb });
        }
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => return Ingested::failed(file, Reason::io("无法读取文件", &e)),
    };
    let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let dirs = path.parent().map(|p| relative(dir, p)).unwrap_or_default();
    read_bytes(&bytes, &FileName { file: &file, stem: &stem, dirs: &dirs, ext: &ext }, config)
}

/// How a file is named: its path relative to the input folder, its name without extension, the
/// folders above it and its extension in lower case.
pub struct FileName<'a> {
    pub file: &'a str,
    pub stem: &'a str,
    pub dirs: &'a str,
    pub ext: &'a str,
}

/// Reads one file's bytes (what [`ingest`] does for each file; also the fuzzing entry point).
/// A panic while reading (a reader library's assertion on a malformed file, found by fuzzing)
/// fails this file only, with a message naming where it happened; the other files are read.
/// Such a panic is not printed on stderr (see [`quiet_while_reading`]): it is a finding about
/// the file, reported with the file.
pub fn read_bytes(bytes: &[u8], name: &FileName, config: &Config) -> Ingested {
    quiet_while_reading();
    let was = READING.with(|r| r.replace(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read_bytes_unguarded(bytes, name, config)));
    READING.with(|r| r.set(was));
    match result {
        Ok(out) => out,
        Err(cause) => {
            let what = cause
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| cause.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            let place = PANIC_PLACE.with(|p| p.take());
            Ingested::failed(name.file.to_string(), Reason::Panicked { message: what, place })
        }
    }
}

thread_local! {
    /// Whether this thread is inside [`read_bytes`].
    static READING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// Where the last panic inside [`read_bytes`] on this thread happened (source file:line).
    static PANIC_PLACE: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Installs (once per process) a panic hook that keeps panics inside [`read_bytes`] off stderr
/// and notes where they happened for its message; every other panic goes to the hook that was
/// there before, unchanged.
fn quiet_while_reading() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if READING.with(|r| r.get()) {
                let place = info.location().map(|l| format!("{}:{}", short_source(l.file()), l.line()));
                PANIC_PLACE.with(|p| *p.borrow_mut() = place);
            } else {
                previous(info);
            }
        }));
    });
}

/// A source path without the machine's folders: from the crate's folder on
/// (calamine-0.38.0/src/xlsb/mod.rs), else its last three parts.
fn short_source(path: &str) -> String {
    let parts: Vec<&str> = path.split(['/', '\\']).collect();
    // A crate folder is its name, a dash, and a version: calamine-0.38.0.
    let is_crate = |p: &str| {
        p.rsplit_once('-')
            .is_some_and(|(_, v)| v.split('.').count() >= 3 && v.starts_with(|c: char| c.is_ascii_digit()))
    };
    let from = parts.iter().copied().rposition(is_crate).unwrap_or(parts.len().saturating_sub(3));
    parts[from..].join("/")
}

fn read_bytes_unguarded(bytes: &[u8], name: &FileName, config: &Config) -> Ingested {
    let (file, ext, limits) = (name.file.to_string(), name.ext, &config.limits);
    let format = match sniff(bytes, ext) {
        Ok(f) => f,
        Err(reason) => return Ingested::failed(file, reason),
    };
    if let Err(reason) = check_unpacked(bytes, limits) {
        return Ingested::failed(file, reason);
    }
    let workbook = match format.read(bytes, limits) {
        Ok(w) => w,
        // A file named .et that is not xls or xlsx inside may be WPS's own older format: said
        // first, with what reading its bytes as they look found after it.
        Err(reason) if ext == "et" || ext == "ett" => {
            let said = format!("这个WPS表格文件可能是旧版WPS的专有格式，tongji 无法读取；请用WPS打开后另存为.xlsx（按其内容读取时：{reason}）");
            return Ingested::failed(file, said);
        }
        Err(reason) => return Ingested::failed(file, reason),
    };
    let mut label = workbook.format.clone();
    if ext == "et" || ext == "ett" {
        label = format!("WPS表格（.{ext}，{label}格式）");
    } else if format.name() != ext && !(ext == "xlsm" && format.name() == "xlsx") {
        label = format!("{label}（扩展名为.{ext}）");
    }
    let mut out = Ingested::for_file(file.clone(), FileStatus::Read { format: label });
    for w in workbook.warnings {
        out.problems.push(Problem {
            severity: Severity::Warning,
            location: Location { file: file.clone(), sheet: None, cell: None },
            message: w,
        });
    }
    let ctx = SheetContext {
        file: &file,
        file_stem: name.stem,
        dirs: name.dirs,
        has_sheets: format.name() != "csv",
        catalogue: &config.catalogue,
        activities: &config.activities,
    };
    for sheet in workbook.sheets {
        let (name, status) = match sheet {
            SheetRead::Read(raw) => {
                let got = read_sheet(&raw, &ctx);
                drop(raw); // the cells go before the records are joined
                out.append(got);
                continue;
            }
            SheetRead::PassedOver(name, what) => (name, SheetStatus::PassedOver(what)),
            SheetRead::Unreadable(name, reason) => {
                out.problems.push(Problem {
                    severity: Severity::Rejected,
                    location: Location { file: file.clone(), sheet: Some(name.clone()), cell: None },
                    message: reason.to_string(),
                });
                (name, SheetStatus::Unreadable)
            }
        };
        out.ledger.push(SheetLedger::new(file.clone(), Some(name), 0, status));
    }
    out
}

const OLE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// A zip package (xlsx, xlsb, ods) whose parts say they unpack to more than the limit is a zip
/// bomb or no log: refused before anything is inflated. (A part that inflates past its declared
/// size is an error in the zip crate itself.)
fn check_unpacked(bytes: &[u8], limits: &Limits) -> Result<(), Reason> {
    if !bytes.starts_with(b"PK\x03\x04") {
        return Ok(());
    }
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else { return Ok(()) };
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        if let Ok(part) = zip.by_index_raw(i) {
            total = total.saturating_add(part.size());
        }
    }
    let mb = total.div_ceil(1 << 20);
    if mb > limits.max_unpacked_mb {
        return Err(Reason::Over(Limit::Unpacked { mb, limit: limits.max_unpacked_mb }));
    }
    Ok(())
}

/// Whether `bytes` of cell text are over `[limits] max_text_mb`.
fn over_text(bytes: u64, limits: &Limits) -> bool {
    bytes > limits.max_text_mb << 20
}

/// The reason for a workbook whose cells hold more text than the limit.
pub(crate) fn too_much_text(limits: &Limits) -> Reason {
    Reason::Over(Limit::Text { limit: limits.max_text_mb })
}

/// What calamine would hold for a file it builds whole when opening it (xls, ods), estimated
/// before it does: a failed allocation there aborts the process.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Survey {
    /// Cells of the ranges built (and of the rows as read, for ods).
    pub cells: u64,
    /// Bytes of text those cells would hold, at most (UTF-8).
    pub text: u64,
}

impl Survey {
    /// Refuses the file when it would cost more than the limits; `cells` names, in Chinese, what
    /// was counted.
    pub(crate) fn check(&self, limits: &Limits, cells: &'static str) -> Result<(), Reason> {
        if self.cells > limits.max_cells {
            return Err(Reason::Over(Limit::Area { what: cells, cells: self.cells, limit: limits.max_cells }));
        }
        if over_text(self.text, limits) {
            return Err(too_much_text(limits));
        }
        Ok(())
    }
}

/// A workbook's cells and text counted against the limits while its cells are read: every sheet
/// of a file is held until the file is read, so the limits are the file's, not a sheet's.
pub(crate) struct Budget<'a> {
    limits: &'a Limits,
    cells: u64,
    text: u64,
    /// Entries of the shared-string table, held by the reader like cells.
    strings: u64,
}

impl<'a> Budget<'a> {
    pub(crate) fn new(limits: &'a Limits) -> Self {
        Budget { limits, cells: 0, text: 0, strings: 0 }
    }

    /// A budget that starts with the workbook's shared-string table (its entries and text).
    pub(crate) fn with_strings(limits: &'a Limits, strings: &SharedStrings) -> Self {
        Budget { limits, cells: strings.entries, text: 0, strings: strings.entries }
    }

    /// Takes one more non-empty cell.
    pub(crate) fn take(&mut self, value: &CellValue) -> Result<(), Reason> {
        self.cells += 1;
        if self.cells > self.limits.max_cells {
            return Err(Reason::Over(Limit::Cells { strings: self.strings, limit: self.limits.max_cells }));
        }
        if let CellValue::Text(s) | CellValue::Error(s) = value {
            self.text += s.len() as u64;
            if over_text(self.text, self.limits) {
                return Err(too_much_text(self.limits));
            }
        }
        Ok(())
    }
}

/// A package's shared-string table as surveyed before the reader builds it.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct SharedStrings {
    pub entries: u64,
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(haystack, needle).is_some()
}

/// Picks the reader from the file's leading bytes, not its name: an .xls that is really an
/// xlsx, a CSV or a web page is common when other systems "export to Excel".
pub fn sniff(bytes: &[u8], ext: &str) -> Result<&'static dyn Format, Reason> {
    if bytes.is_empty() {
        return Err(Reason::Empty);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        let head = &bytes[..bytes.len().min(200)];
        if contains(head, b"mimetype") && contains(head, b"opendocument.spreadsheet") {
            return Ok(&ods::OdsFormat);
        }
        if contains(head, b"opendocument") {
            return Err(Reason::NotATable("OpenDocument文档（可能是文字文档）"));
        }
        // The zip's central directory, at its end, names every part.
        let directory = &bytes[bytes.len().saturating_sub(64 * 1024)..];
        let whole = directory.len() == bytes.len();
        let workbook_parts =
            [&b"xl/"[..], b"xl\\", b"[Content_Types].xml", b"workbook.xml", b"workbook.bin", b"content.xml"];
        if whole && !workbook_parts.iter().any(|p| contains(directory, p)) {
            // The whole file was searched and names no workbook part (whatever its name says).
            return Err(Reason::ZipWithoutWorkbook);
        }
        if ext == "xlsb" || contains(directory, b"xl/workbook.bin") {
            return Ok(&xlsx::XlsbFormat);
        }
        if contains(directory, b"word/document.xml") {
            return Err(Reason::NotATable("Word文档"));
        }
        if contains(directory, b"ppt/presentation.xml") {
            return Err(Reason::NotATable("PowerPoint演示文稿"));
        }
        // Any OOXML package (parts under xl/ or xl\, or anywhere its [Content_Types].xml and
        // relationships point) is tried as xlsx.
        if contains(directory, b"xl/")
            || contains(directory, b"xl\\")
            || contains(directory, b"[Content_Types].xml")
            || contains(directory, b"workbook.xml")
        {
            return Ok(&xlsx::XlsxFormat);
        }
        // An OpenDocument spreadsheet whose mimetype is not its first part (some writers): its
        // parts say what it is.
        if contains(directory, b"content.xml") && contains(directory, b"META-INF/manifest.xml") {
            return Ok(&ods::OdsFormat);
        }
        if whole {
            return Err(Reason::ZipWithoutWorkbook);
        }
        return Ok(&xlsx::XlsxFormat);
    }
    if bytes.starts_with(&OLE) {
        let encrypted: Vec<u8> = "EncryptedPackage".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        if contains(bytes, &encrypted) {
            return Err(Reason::Password);
        }
        return Ok(&xls::XlsFormat);
    }
    // Excel 2.x–4.0 (and some Excel 5 exports) write the BIFF records bare, with no OLE2
    // container: a BOF record first (0x0009, 0x0209, 0x0409, 0x0809) with a short length.
    if bytes.len() >= 8 && bytes[0] == 0x09 && matches!(bytes[1], 0x00 | 0x02 | 0x04 | 0x08) {
        let len = u16::from_le_bytes([bytes[2], bytes[3]]);
        if (4..=20).contains(&len) {
            return Err(Reason::Biff5OrOlder);
        }
    }
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace() && *b != 0xEF && *b != 0xBB && *b != 0xBF);
    let head: Vec<u8> = bytes[start.unwrap_or(0)..].iter().take(2048).map(|b| b.to_ascii_lowercase()).collect();
    if head.starts_with(b"<") {
        if contains(&head, b"urn:schemas-microsoft-com:office:spreadsheet") {
            return Err(Reason::ExcelXml2003);
        }
        if contains(&head, b"<html") || contains(&head, b"<table") || contains(&head, b"<!doctype") {
            return Err(Reason::Html);
        }
    }
    let probe = &bytes[..bytes.len().min(4096)];
    let has_bom = encoding_rs::Encoding::for_bom(bytes).is_some();
    if has_bom || !probe.contains(&0) || csv::utf16_without_bom(bytes).is_some() {
        return Ok(&csv::CsvFormat);
    }
    Err(Reason::Unrecognized)
}

/// Converts calamine's streamed cell value.
pub(crate) fn convert_data_ref(v: &DataRef<'_>) -> CellValue {
    match v {
        DataRef::Int(i) => CellValue::Number(*i as f64),
        DataRef::Float(f) => CellValue::Number(*f),
        DataRef::String(s) => CellValue::from_text(s),
        DataRef::SharedString(s) => CellValue::from_text(s),
        DataRef::Bool(b) => CellValue::Bool(*b),
        DataRef::DateTime(dt) if dt.is_datetime() => {
            dt.as_datetime().map(CellValue::DateTime).unwrap_or(CellValue::Number(dt.as_f64()))
        }
        DataRef::DateTime(dt) => CellValue::Number(dt.as_f64()),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => CellValue::from_text(s),
        DataRef::Error(e) => CellValue::Error(error_text(e)),
        DataRef::Empty => CellValue::Empty,
    }
}

/// Converts calamine's cell value from a whole-sheet range.
pub(crate) fn convert_data(v: &Data) -> CellValue {
    match v {
        Data::Int(i) => CellValue::Number(*i as f64),
        Data::Float(f) => CellValue::Number(*f),
        Data::String(s) => CellValue::from_text(s),
        Data::Bool(b) => CellValue::Bool(*b),
        Data::DateTime(dt) if dt.is_datetime() => {
            dt.as_datetime().map(CellValue::DateTime).unwrap_or(CellValue::Number(dt.as_f64()))
        }
        Data::DateTime(dt) => CellValue::Number(dt.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => CellValue::from_text(s),
        Data::Error(e) => CellValue::Error(error_text(e)),
        Data::Empty => CellValue::Empty,
    }
}

fn error_text(e: &CellErrorType) -> String {
    format!("{e}")
}

/// Reads every sheet of a workbook that calamine reads whole (xls, ods); `merges` gives a
/// sheet's merged regions where the format has them. The limits were checked by the file's
/// [`Survey`] before calamine opened it: it bounds every cell and byte of text read here.
pub(crate) fn read_ranges<R, RS>(wb: &mut R, merges: impl Fn(&R, &str) -> Vec<Merge>) -> Vec<SheetRead>
where
    R: calamine::Reader<RS>,
    RS: std::io::Read + std::io::Seek,
    R::Error: std::fmt::Display,
{
    let metadata: Vec<(String, calamine::SheetType)> =
        wb.sheets_metadata().iter().map(|s| (s.name.clone(), s.typ)).collect();
    let mut sheets = Vec::with_capacity(metadata.len());
    for (name, typ) in metadata {
        if let Some(what) = not_a_worksheet(typ) {
            sheets.push(SheetRead::PassedOver(name, what));
            continue;
        }
        let sheet = match wb.worksheet_range(&name) {
            Ok(range) => SheetRead::Read(cells_from_range(&range).into_sheet(name.clone(), merges(wb, &name))),
            Err(e) => SheetRead::Unreadable(name, Reason::Sheet { library: e.to_string() }),
        };
        sheets.push(sheet);
    }
    sheets
}

/// The non-empty cells of a range, with absolute positions.
pub(crate) fn cells_from_range(range: &Range<Data>) -> Rows {
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let mut rows = Rows::default();
    for (r, c, v) in range.used_cells() {
        rows.push(r0 + r as u32, c0 + c as u32, convert_data(v));
    }
    rows
}

pub(crate) fn merges_from(dims: &[Dimensions]) -> Vec<Merge> {
    dims.iter()
        .map(|d| Merge { first_row: d.start.0, first_col: d.start.1, last_row: d.end.0, last_col: d.end.1 })
        .collect()
}
