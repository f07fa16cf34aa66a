//! Ingest: find the input files ([`discover`]), read each one's bytes into sheets of cells
//! ([`read`]), interpret every sheet's layout into records, a ledger and findings ([`layout`]),
//! and settle the tables that sum others ([`summaries`]). One bad file never stops the others.

mod discover;
pub mod layout;
pub mod read;
mod summaries;

use std::path::Path;

use rayon::prelude::*;

use self::discover::{discover, mark_copies, relative, Found};
use self::layout::{read_sheet, SheetContext};
use self::read::{Limit, Reason, SheetRead};
use crate::config::Config;
use crate::error::Error;
use crate::model::{join, FileStatus, Finding, FindingKind, Ingested, Location, Severity, SheetLedger, SheetStatus};

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

/// Reads every input file under `dir`, telling `progress` as files are read. The checks on the
/// records (dates in the future, suspected duplicates) are the pipeline's next step
/// (`pipeline::read`), not part of reading.
pub(crate) fn ingest_with(dir: &Path, config: &Config, progress: &dyn Progress) -> Result<Ingested, Error> {
    if !dir.is_dir() {
        return Err(Error::NoInputFolder(dir.into()));
    }
    let found = mark_copies(discover(dir));
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
            findings: r.findings,
            ..Default::default()
        });
    }
    summaries::settle(&mut out);
    Ok(out)
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

/// Reads one file's bytes (what [`ingest_with`] does for each file; also the fuzzing entry point).
/// A panic while reading (a reader library's assertion on a malformed file, found by fuzzing)
/// fails this file only, with a message naming where it happened; the other files are read.
pub fn read_bytes(bytes: &[u8], name: &FileName, config: &Config) -> Ingested {
    read::guard::guarded(|| read_and_interpret(bytes, name, config))
        .unwrap_or_else(|reason| Ingested::failed(name.file.to_string(), reason))
}

/// The file's sheets of cells ([`read::open`]), each interpreted by [`layout::read_sheet`].
fn read_and_interpret(bytes: &[u8], name: &FileName, config: &Config) -> Ingested {
    let file = name.file.to_string();
    let opened = match read::open(bytes, name.ext, &config.limits) {
        Ok(o) => o,
        Err(reason) => return Ingested::failed(file, reason),
    };
    let mut out = Ingested::for_file(file.clone(), FileStatus::Read { format: opened.label });
    for w in opened.workbook.warnings {
        out.findings.push(Finding {
            kind: FindingKind::FileNote,
            severity: Severity::Warning,
            location: Location { file: file.clone(), sheet: None, cell: None },
            message: w,
        });
    }
    let sheets: Vec<String> = opened
        .workbook
        .sheets
        .iter()
        .map(|s| match s {
            SheetRead::Read(raw) => raw.name.clone(),
            SheetRead::PassedOver(name, _) | SheetRead::Unreadable(name, _) => name.clone(),
        })
        .collect();
    let ctx = SheetContext {
        file: &file,
        file_stem: name.stem,
        dirs: name.dirs,
        has_sheets: opened.has_sheets,
        sheets: if opened.has_sheets { &sheets } else { &[] },
        catalogue: &config.catalogue,
        activities: &config.activities,
    };
    for sheet in opened.workbook.sheets {
        let (name, status) = match sheet {
            SheetRead::Read(raw) => {
                let got = read_sheet(&raw, &ctx);
                drop(raw); // the cells go before the records are joined
                out.append(got);
                continue;
            }
            SheetRead::PassedOver(name, what) => (name, SheetStatus::PassedOver(what)),
            SheetRead::Unreadable(name, reason) => {
                out.findings.push(Finding {
                    kind: FindingKind::SheetUnreadable,
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
