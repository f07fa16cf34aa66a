//! The panic guard: a reader library's assertion on a malformed file (found by fuzzing) fails that
//! file only, with a message naming where it happened, and is kept off stderr.

use super::Reason;

/// Runs `read`; a panic inside it becomes [`Reason::Panicked`], naming the library's source line.
/// Such a panic is not printed on stderr (see [`quiet_while_reading`]): it is a finding about the
/// file, reported with the file.
pub(crate) fn guarded<T>(read: impl FnOnce() -> T) -> Result<T, Reason> {
    quiet_while_reading();
    let was = READING.with(|r| r.replace(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(read));
    READING.with(|r| r.set(was));
    result.map_err(|cause| {
        let message = cause
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| cause.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let place = PANIC_PLACE.with(|p| p.take());
        Reason::Panicked { message, place }
    })
}

thread_local! {
    /// Whether this thread is inside [`guarded`].
    static READING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// Where the last panic inside [`guarded`] on this thread happened (source file:line).
    static PANIC_PLACE: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Installs (once per process) a panic hook that keeps panics inside [`guarded`] off stderr
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
