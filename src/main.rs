//! The `tongji` binary: parse the command line, run, and turn the outcome into an exit code
//! (0 all read, 1 some rows or files rejected, 2 nothing could be done).

use std::process::ExitCode;

use clap::Parser;
use tongji::cli::{Cli, Command};

fn main() -> ExitCode {
    match Cli::parse().command() {
        Command::Check { input } => match tongji::pipeline::check(&input) {
            Ok((_, ingested)) => {
                print!(
                    "{}",
                    tongji::render::check::render(&input.display().to_string(), &ingested)
                );
                if ingested.has_rejections() {
                    ExitCode::from(1)
                } else {
                    ExitCode::SUCCESS
                }
            }
            Err(message) => {
                eprintln!("错误：{message}");
                ExitCode::from(2)
            }
        },
    }
}
