//! The `tongji` binary: parse the command line, run, and turn the outcome into an exit code.
//! run: 0 written, 1 nothing written (bad arguments, nothing usable, another run writing the
//! same folder, an output that could not be written), 3 with --strict when rows were rejected.
//! A command line that cannot be parsed: 2, said in Chinese (cli).
//! check: 0 all read, 1 some rows or files rejected, 2 nothing could be done.

use std::process::ExitCode;

use tongji::cli::{Cli, Command, RunArgs};
use tongji::error::Error;
use tongji::model::period::Period;
use tongji::pipeline::{self, RunOptions};
use tongji::render::summary::{self, Written};

fn main() -> ExitCode {
    match Cli::parse_or_exit().command() {
        Command::Check { input } => match pipeline::check(&input) {
            Ok((_, ingested)) => {
                print!("{}", tongji::render::reading::render(&input.display().to_string(), &ingested));
                let code = if ingested.has_rejections() { ExitCode::from(1) } else { ExitCode::SUCCESS };
                // Freeing a province's records one by one at exit costs time and gains nothing.
                std::mem::forget(ingested);
                code
            }
            Err(error) => fail(Stopped::Check, &error),
        },
        Command::Run(args) => run(args),
    }
}

fn run(args: RunArgs) -> ExitCode {
    let period = match args.period.as_deref().map(|p| (p, Period::parse(p))) {
        Some((text, None)) => {
            eprintln!("错误：无法识别的统计月份“{text}”，应写成 2023-09 这样的形式");
            return ExitCode::from(1);
        }
        Some((_, p)) => p,
        None => None,
    };
    let opts = RunOptions { input: args.input, output: args.output, period, font: args.font, progress: !args.quiet };
    match pipeline::run(&opts) {
        Ok(outcome) => {
            if !args.quiet {
                let written = Written {
                    folder: &outcome.folder,
                    files: &outcome.files,
                    period_chosen: outcome.period_chosen,
                    catalogue: &outcome.config.catalogue,
                    activities: &outcome.config.activities,
                    departments: &outcome.config.departments,
                };
                print!("{}", summary::render(&outcome.figures, &outcome.ingested, &written));
            }
            let code = if args.strict && outcome.has_rejections() {
                eprintln!("有拒收的行或文件（--strict），退出码为3；结果已写出。");
                ExitCode::from(3)
            } else {
                ExitCode::SUCCESS
            };
            // Freeing a province's records one by one at exit costs time and gains nothing.
            std::mem::forget(outcome);
            code
        }
        Err(error) => fail(Stopped::Run, &error),
    }
}

/// Which command stopped.
enum Stopped {
    Run,
    Check,
}

/// Says why a command stopped and gives its exit code: the one place that maps errors to codes.
/// `check` has 1 for "some rows were rejected", so a check that could not be done at all is 2;
/// a `run` that wrote nothing is 1, whatever stopped it.
fn fail(command: Stopped, error: &Error) -> ExitCode {
    eprintln!("错误：{error}");
    let code = match (command, error) {
        // Nothing could be read: no folder, or settings that cannot be read or are wrong.
        (Stopped::Check, Error::NoInputFolder(_) | Error::ConfigUnreadable { .. } | Error::ConfigInvalid { .. }) => 2,
        // Reading is all `check` does: no other error can stop it, but were one to, it is 2 too.
        (Stopped::Check, _) => 2,
        // Bad input or settings, nothing usable, no period, a font that cannot be read.
        (
            Stopped::Run,
            Error::NoInputFolder(_)
            | Error::ConfigUnreadable { .. }
            | Error::ConfigInvalid { .. }
            | Error::NothingRead(_)
            | Error::NoPeriod
            | Error::FuturePeriod { .. }
            | Error::EmptyPeriod { .. }
            | Error::FontUnreadable { .. }
            | Error::FontInvalid { .. },
        ) => 1,
        // Another run writes the same folder: nothing written, try again later.
        (Stopped::Run, Error::Busy { .. }) => 1,
        // The figures or an output could not be made or written.
        (Stopped::Run, _) => 1,
    };
    ExitCode::from(code)
}
