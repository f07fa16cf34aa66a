//! The command line (clap only): what the user typed, nothing more.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// 统计汇总：读取各专业台账（培训、核查、执法检查、目标任务），逐行核对并汇总。
#[derive(Debug, Parser)]
#[command(name = "tongji", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 检查输入文件：逐表列出读取台账、拒收的行和提示；有拒收时退出码为1
    Check {
        /// 输入文件夹（默认 input）
        #[arg(long, short, default_value = "input")]
        input: PathBuf,
    },
}

impl Cli {
    /// The command to run; plain `tongji` checks `input/`.
    pub fn command(self) -> Command {
        self.command.unwrap_or(Command::Check {
            input: PathBuf::from("input"),
        })
    }
}
