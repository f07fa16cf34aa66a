//! The command line (clap only): what the user typed, nothing more.

use std::path::PathBuf;

use clap::{ArgAction, Args, Parser, Subcommand};

/// The help in one language: clap's own headings ("Usage:", "Options:") are replaced.
const TOP_HELP: &str = "{about-with-newline}\n用法：{usage}\n\n命令：\n{subcommands}\n\n选项：\n{options}\n";
const SUB_HELP: &str = "{about-with-newline}\n用法：{usage}\n\n选项：\n{options}\n";

/// 统计汇总：读取各专业台账（培训、核查、执法检查、目标任务），按专业和期别汇总，对照年度目标。
#[derive(Debug, Parser)]
#[command(
    name = "tongji",
    version,
    long_about = None,
    help_template = TOP_HELP,
    override_usage = "tongji [run | check] [选项]",
    disable_help_subcommand = true,
    disable_help_flag = true,
    disable_version_flag = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// 显示帮助
    #[arg(short, long, action = ArgAction::Help, global = true)]
    help: Option<bool>,
    /// 显示版本
    #[arg(short = 'V', long, action = ArgAction::Version)]
    version: Option<bool>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 汇总并输出（默认命令）：汇总工作簿、metrics.csv、图表（PNG）、报告段落（.md 和 Word 稿）、读取情况.txt、记录明细（Parquet）
    #[command(help_template = SUB_HELP, override_usage = "tongji run [选项]")]
    Run(RunArgs),
    /// 只检查输入文件：逐表列出读取台账、拒收的行和提示；有拒收时退出码为1
    #[command(help_template = SUB_HELP, override_usage = "tongji check [选项]")]
    Check {
        /// 输入文件夹（默认 input）
        #[arg(long, short, default_value = "input", value_name = "文件夹", hide_default_value = true)]
        input: PathBuf,
    },
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// 输入文件夹（默认 input）
    #[arg(long, short, default_value = "input", value_name = "文件夹", hide_default_value = true)]
    pub input: PathBuf,
    /// 输出文件夹（默认 output；结果写入其中的 YYYY-MM 子文件夹）
    #[arg(long, short, default_value = "output", value_name = "文件夹", hide_default_value = true)]
    pub output: PathBuf,
    /// 统计月份，如 2023-09（默认：记录中最晚的月份）
    #[arg(long, short, value_name = "月份")]
    pub period: Option<String>,
    /// 有拒收的行或文件时以退出码3结束（结果仍然写出）
    #[arg(long)]
    pub strict: bool,
    /// 只输出错误
    #[arg(long, short)]
    pub quiet: bool,
    /// 图表用的字体文件（.ttf/.otf），缺字时再用内置字体
    #[arg(long, value_name = "字体文件")]
    pub font: Option<PathBuf>,
}

impl Default for RunArgs {
    fn default() -> Self {
        RunArgs {
            input: "input".into(),
            output: "output".into(),
            period: None,
            strict: false,
            quiet: false,
            font: None,
        }
    }
}

impl Cli {
    /// The command to run; plain `tongji` is `tongji run` with the defaults.
    pub fn command(self) -> Command {
        self.command.unwrap_or(Command::Run(RunArgs::default()))
    }
}
