//! The one place that knows the order: settings → ingest (read, interpret) → check the records →
//! aggregate → check the figures → render.

use std::path::{Path, PathBuf};

use crate::aggregate::tables::Tables;
use crate::aggregate::Context;
use crate::check::targets::{apply, Targets};
use crate::config::Config;
use crate::error::Error;
use crate::ingest::ingest_with;
use crate::model::period::Period;
use crate::model::{Figures, Finding, FindingKind, Ingested, Location, RecordDate, Severity};
use crate::render::text::Fonts;
use crate::render::{self, Report};

use rayon::prelude::*;

/// Reads the settings and every input file under `input`. Err only when nothing can be done
/// (no such folder, broken settings); findings with single files are in the result.
pub fn check(input: &Path) -> Result<(Config, Ingested), Error> {
    check_with(input, &crate::ingest::Silent)
}

fn check_with(input: &Path, progress: &dyn crate::ingest::Progress) -> Result<(Config, Ingested), Error> {
    let config = Config::load(input)?;
    let ingested = read_with(input, &config, progress)?;
    Ok((config, ingested))
}

/// Reads every input file under `input` with these settings, then checks the records (dates in
/// the future, suspected duplicates): what `tongji check` reports.
pub fn read(input: &Path, config: &Config) -> Result<Ingested, Error> {
    read_with(input, config, &crate::ingest::Silent)
}

fn read_with(input: &Path, config: &Config, progress: &dyn crate::ingest::Progress) -> Result<Ingested, Error> {
    let mut ingested = ingest_with(input, config, progress)?;
    crate::check::records(&mut ingested, crate::model::period::today());
    Ok(ingested)
}

/// What `tongji run` was asked to do.
pub struct RunOptions {
    pub input: PathBuf,
    pub output: PathBuf,
    /// None: the latest month in which any record falls.
    pub period: Option<Period>,
    /// A font for the charts, before the embedded one (overrides `font` in tongji.toml).
    pub font: Option<PathBuf>,
    /// Show a progress bar on stderr when the run takes over a second and stderr is a terminal.
    pub progress: bool,
}

/// What a run produced.
pub struct RunOutcome {
    pub period: Period,
    /// True when the period was not given and was taken from the records.
    pub period_chosen: bool,
    /// The period folder the outputs are in.
    pub folder: PathBuf,
    /// The files written, relative to `folder`.
    pub files: Vec<String>,
    pub figures: Figures,
    pub ingested: Ingested,
    /// The settings the run used (its catalogues name what the console suggests adding).
    pub config: Config,
}

impl RunOutcome {
    /// True when a row, sheet, file or output could not be made (what --strict turns into exit 3).
    pub fn has_rejections(&self) -> bool {
        self.ingested.has_rejections() || self.figures.findings.iter().any(|p| p.severity == Severity::Rejected)
    }

    pub fn warnings(&self) -> usize {
        self.ingested.findings.iter().chain(&self.figures.findings).filter(|p| p.severity == Severity::Warning).count()
    }
}

/// The latest month in which any training, verification or enforcement record falls (activity
/// records when there are no others), passing
/// over records dated after `today` (a typed 2033 must not choose the period) unless there are
/// no others.
pub fn latest_period(ing: &Ingested, today: chrono::NaiveDate) -> Option<Period> {
    let mut dates: Vec<RecordDate> = ing
        .training
        .iter()
        .map(|r| r.date)
        .chain(ing.verification.iter().chain(&ing.enforcement).map(|r| r.date))
        .collect();
    // An office's meeting ledger does not move the month of the sections' figures; it chooses
    // one only when it is all there is.
    if dates.is_empty() {
        dates.extend(ing.activity.iter().map(|r| r.date));
    }
    // A quarter's record gives its quarter's last month (一季度: March), when its quarter has
    // begun by today.
    let past = dates.iter().filter(|d| d.date <= today).map(RecordDate::last_month).max();
    past.or_else(|| dates.iter().map(RecordDate::last_month).max()).map(Period::of)
}

/// A period asked for that has not come yet, or in whose year to date no record falls, is
/// refused: its figures would all be zeros, and its 同比 read as falls of 100 %.
fn refuse_empty_period(ing: &Ingested, period: Period) -> Result<(), Error> {
    let today = crate::model::period::today();
    if period > Period::of(today) {
        return Err(Error::FuturePeriod {
            period: period.to_string(),
            today: today.format("%Y年%-m月%-d日").to_string(),
        });
    }
    let dates = ing
        .training
        .iter()
        .map(|r| r.date.date)
        .chain(ing.verification.iter().chain(&ing.enforcement).map(|r| r.date.date))
        .chain(ing.activity.iter().map(|r| r.date.date));
    let span = period.span(crate::model::period::Window::Ytd);
    let (mut first, mut last, mut any) = (None::<chrono::NaiveDate>, None::<chrono::NaiveDate>, false);
    for d in dates {
        any |= span.contains(d);
        first = Some(first.map_or(d, |f| f.min(d)));
        last = Some(last.map_or(d, |l| l.max(d)));
    }
    match (any, first, last) {
        (false, Some(first), Some(last)) => Err(Error::EmptyPeriod {
            period: format!("{}年{}", span.year, span.label()),
            first: first.format("%Y年%-m月").to_string(),
            last: last.format("%Y年%-m月").to_string(),
        }),
        _ => Ok(()),
    }
}

/// Computes the figures of a period from what was read.
pub fn figures(ing: &Ingested, config: &Config, period: Period) -> Result<Figures, Error> {
    figures_from(&tables(ing)?, ing, config, period)
}

fn tables(ing: &Ingested) -> Result<Tables, Error> {
    ing.tables().map_err(Error::Tables)
}

/// The figures from record tables already built (the run also writes them as Parquet): the
/// targets read, the figures summed (aggregate), then checked against the targets and for a
/// comparable 合计 (check).
fn figures_from(tables: &Tables, ing: &Ingested, config: &Config, period: Period) -> Result<Figures, Error> {
    let targets = Targets::for_year(&ing.targets, period.year);
    let ctx = Context {
        period,
        catalogue: &config.catalogue,
        activities: &config.activities,
        departments: &config.departments,
        targeted: targets.specialties_by_kind(),
    };
    let mut figures = crate::aggregate::figures(tables, ing, &ctx).map_err(Error::Aggregate)?;
    apply(&mut figures.rows, &targets, period);
    figures.findings = targets.findings;
    figures.findings.extend(crate::check::scope::partial_prior_total(&figures.rows));
    Ok(figures)
}

/// The main job: read, compute, and write the period folder. Err when nothing usable could be
/// read or the outputs could not be written.
pub fn run(opts: &RunOptions) -> Result<RunOutcome, Error> {
    let bar = crate::progress::Bar::new(opts.progress);
    let result = run_with(opts, &bar);
    bar.finish();
    result
}

fn run_with(opts: &RunOptions, bar: &crate::progress::Bar) -> Result<RunOutcome, Error> {
    let mut clock = Stopwatch::from_env();
    let (config, ingested) = check_with(&opts.input, bar)?;
    clock.lap("读取");
    bar.phase("汇总");
    // A report of zeros from a folder that gave no record at all would look like a quiet month:
    // refused, with or without --period.
    if ingested.training.is_empty()
        && ingested.verification.is_empty()
        && ingested.enforcement.is_empty()
        && ingested.activity.is_empty()
    {
        return Err(Error::NothingRead(opts.input.display().to_string()));
    }
    let latest = latest_period(&ingested, crate::model::period::today());
    let (period, period_chosen) = match (opts.period, latest) {
        (Some(p), _) => (p, false),
        (None, Some(p)) => (p, true),
        // latest_period finds a month whenever there are records, as there are here.
        (None, None) => return Err(Error::NoPeriod),
    };
    refuse_empty_period(&ingested, period)?;
    let fonts = match opts.font.as_ref().or(config.font.as_ref()) {
        Some(path) => Fonts::with_user_font(path)?,
        None => Fonts::embedded(),
    };
    let tables = tables(&ingested)?;
    clock.lap("记录表");
    clock.note(|| {
        let frames = [&tables.training, &tables.verification, &tables.enforcement, &tables.targets, &tables.activity];
        let rows: usize = frames.iter().map(|f| f.height()).sum();
        let bytes: usize = frames.iter().map(|f| f.estimated_size()).sum();
        format!("记录 {rows} 条，记录表 {:.1} MB", bytes as f64 / 1_048_576.0)
    });
    let mut figures = figures_from(&tables, &ingested, &config, period)?;
    clock.lap("汇总");
    bar.phase("绘图");
    let charts = render::charts::render(&figures, &fonts)?;
    clock.lap("图表");
    bar.phase("写出");
    if !charts.missing.is_empty() {
        let chars: String = charts.missing.iter().collect();
        figures.findings.push(Finding {
            kind: FindingKind::MissingGlyphs,
            severity: Severity::Warning,
            location: Location { file: "图表".into(), sheet: None, cell: None },
            message: format!(
                "图表中的这些字在字体中没有，未能画出：{chars}（可用 --font 或 tongji.toml 的 font 指定含这些字的字体）"
            ),
        });
    }
    // The report text: a broken user template fails this output only, with a message.
    let paragraphs = render::report::template_source(&opts.input).and_then(|(source, name)| {
        render::report::render(&figures, &config.catalogue, &config.unit_name, &source, &name)
    });
    if let Err(message) = &paragraphs {
        figures.findings.push(Finding {
            kind: FindingKind::OutputNotMade,
            severity: Severity::Rejected,
            location: Location { file: "templates".into(), sheet: None, cell: None },
            message: format!("{message}；未生成 {}", render::report::file_name(period)),
        });
    }
    let report = Report {
        figures: &figures,
        ingested: &ingested,
        tables: &tables,
        input: &opts.input,
        unit_name: &config.unit_name,
        detail_limit: config.detail_limit,
        charts: &charts,
        paragraphs: paragraphs.as_deref().ok(),
    };

    let folder = opts.output.join(period.code());
    let _lock = crate::lock::OutputLock::acquire(&opts.output)?;
    let files = write_atomically(&folder, |tmp| {
        // Each output on its own thread where there are cores: the workbook, the slowest, is
        // built while the others are written.
        let written: Vec<Result<Vec<String>, Error>> = render::OUTPUTS
            .par_iter()
            .map(|output| clock.timed(output.name(), || output.write(&report, tmp)))
            .collect();
        let mut files = Vec::new();
        for w in written {
            files.extend(w?);
        }
        Ok(files)
    })?;
    clock.lap("写出");
    clock.finish();
    Ok(RunOutcome { period, period_chosen, folder, files, figures, ingested, config })
}

/// Phase timings on stderr when TONGJI_TIMINGS is set, for profiling (docs/performance.md).
struct Stopwatch {
    start: std::time::Instant,
    last: std::time::Instant,
    on: bool,
}

impl Stopwatch {
    fn from_env() -> Stopwatch {
        let now = std::time::Instant::now();
        Stopwatch { start: now, last: now, on: std::env::var_os("TONGJI_TIMINGS").is_some() }
    }

    fn lap(&mut self, phase: &str) {
        let now = std::time::Instant::now();
        if self.on {
            eprintln!("[用时] {phase}：{:.3} 秒", (now - self.last).as_secs_f64());
        }
        self.last = now;
    }

    /// A fact worth a line beside the timings (how many records, how much memory).
    fn note(&self, text: impl FnOnce() -> String) {
        if self.on {
            eprintln!("[用时]   {}", text());
        }
    }

    /// Runs `f`, saying how long it took (for work done in parallel, where laps cannot tell).
    fn timed<T>(&self, phase: &str, f: impl FnOnce() -> T) -> T {
        let start = std::time::Instant::now();
        let out = f();
        if self.on {
            eprintln!("[用时]   其中{phase}：{:.3} 秒", start.elapsed().as_secs_f64());
        }
        out
    }

    fn finish(&self) {
        if self.on {
            eprintln!("[用时] 合计：{:.3} 秒", self.start.elapsed().as_secs_f64());
        }
    }
}

/// Writes into a temporary folder beside `folder`, then swaps it into place, so that an
/// interrupted run never leaves a half-written period folder and a re-run replaces it whole.
/// The caller holds the output folder's lock.
fn write_atomically<T>(folder: &Path, fill: impl FnOnce(&Path) -> Result<T, Error>) -> Result<T, Error> {
    let tmp = crate::lock::temporary(folder, "tmp");
    let _ = std::fs::remove_dir_all(&tmp);
    if let Err(source) = std::fs::create_dir_all(&tmp) {
        return Err(Error::TemporaryFolder { path: tmp, source });
    }
    let result = fill(&tmp).and_then(|v| crate::lock::swap_into_place(&tmp, folder).map(|()| v));
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    result
}
