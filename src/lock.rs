//! The output folder: one run writes into it at a time (an OS file lock, released by the kernel
//! even when a run is killed), period folders are replaced whole by an atomic swap, and what an
//! interrupted run left behind is tidied by the next one.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

use crate::error::Error;

/// The lock file's name in the output folder. It stays there between runs: only the OS lock on
/// it says whether a run is active, so a killed run never leaves a stale lock.
const LOCK_FILE: &str = ".tongji.lock";

/// Held while a run writes into an output folder; released when dropped or when the process
/// ends in any way.
pub(crate) struct OutputLock {
    _file: File,
}

impl OutputLock {
    /// Takes the output folder's lock, or says which run holds it. Then tidies what interrupted
    /// runs left (nobody else can be writing now).
    pub(crate) fn acquire(output: &Path) -> Result<OutputLock, Error> {
        std::fs::create_dir_all(output).map_err(|source| Error::OutputFolder { path: output.into(), source })?;
        let path = output.join(LOCK_FILE);
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|source| Error::LockFile { path: path.clone(), source })?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut holder = String::new();
                let _ = file.read_to_string(&mut holder);
                let holder = holder.trim();
                let who = if holder.is_empty() { String::new() } else { format!("（{holder}）") };
                return Err(Error::Busy { output: output.into(), who });
            }
            Err(TryLockError::Error(source)) => return Err(Error::Lock { path, source }),
        }
        // Who holds it, for the message another run would give.
        let _ = file.set_len(0);
        let _ = file.rewind();
        let _ = write!(file, "进程 {}", std::process::id());
        tidy(output);
        Ok(OutputLock { _file: file })
    }
}

/// Removes the temporary folders of interrupted runs (`.2023-09.tmp-123`), and puts back a
/// previous period folder that an interrupted two-step swap left renamed (`.2023-09.old-123`).
fn tidy(output: &Path) {
    let Ok(entries) = std::fs::read_dir(output) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some((period, kind)) = leftover(&name) else { continue };
        let path = entry.path();
        let folder = output.join(period);
        if kind == "old" && !folder.exists() && std::fs::rename(&path, &folder).is_ok() {
            continue;
        }
        let _ = std::fs::remove_dir_all(&path);
    }
}

/// ".2023-09.tmp-123" → ("2023-09", "tmp").
fn leftover(name: &str) -> Option<(&str, &str)> {
    let rest = name.strip_prefix('.')?;
    let (period, tail) = rest.rsplit_once('.')?;
    let (kind, pid) = tail.split_once('-')?;
    (matches!(kind, "tmp" | "old") && !period.is_empty() && pid.chars().all(|c| c.is_ascii_digit()))
        .then_some((period, kind))
}

/// The temporary folder a run fills before the swap.
pub(crate) fn temporary(folder: &Path, label: &str) -> PathBuf {
    let name = folder.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    folder.with_file_name(format!(".{name}.{label}-{}", std::process::id()))
}

/// Puts the filled folder `tmp` in the place of `folder`. On Linux an existing folder is
/// exchanged with it in one atomic step (renameat2 RENAME_EXCHANGE): at every moment the
/// period folder is either the whole previous one or the whole new one. Elsewhere (or on file
/// systems without exchange) it is two renames, and a run killed between them leaves the
/// previous folder as `.NAME.old-PID`, which the next run puts back.
pub(crate) fn swap_into_place(tmp: &Path, folder: &Path) -> Result<(), Error> {
    if folder.exists() {
        if exchange(tmp, folder) {
            // `tmp` now holds the previous folder.
            let _ = std::fs::remove_dir_all(tmp);
            return Ok(());
        }
        let old = temporary(folder, "old");
        std::fs::rename(folder, &old).map_err(|source| Error::Replace { path: folder.into(), source })?;
        if let Err(e) = std::fs::rename(tmp, folder) {
            let _ = std::fs::rename(&old, folder);
            return Err(Error::write(folder, e));
        }
        let _ = std::fs::remove_dir_all(&old);
        return Ok(());
    }
    std::fs::rename(tmp, folder).map_err(|e| Error::write(folder, e))
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> bool {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let (Ok(a), Ok(b)) = (CString::new(a.as_os_str().as_bytes()), CString::new(b.as_os_str().as_bytes())) else {
        return false;
    };
    // SAFETY: both paths are valid NUL-terminated strings that outlive the call; renameat2 only
    // reads them.
    let rc = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    rc == 0
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leftovers_are_recognised_by_name() {
        assert_eq!(leftover(".2023-09.tmp-123"), Some(("2023-09", "tmp")));
        assert_eq!(leftover(".2023-09.old-9"), Some(("2023-09", "old")));
        assert_eq!(leftover(".tongji.lock"), None);
        assert_eq!(leftover("2023-09"), None);
        assert_eq!(leftover(".2023-09.tmp-x1"), None);
    }
}
