//! The command line (clap only): what the user typed, nothing more.

use std::path::PathBuf;

use clap::error::{ContextKind, ContextValue, Error, ErrorKind};
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
    /// Parses the command line. `--help` and `--version` print and exit 0; a mistake prints its
    /// reason in Chinese (clap's own messages are English) with the usage, and exits 2.
    pub fn parse_or_exit() -> Cli {
        match Cli::try_parse() {
            Ok(cli) => cli,
            Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => e.exit(),
            Err(e) => {
                eprintln!("错误：{}\n\n用法：tongji [run | check] [选项]\n详见 tongji --help", mistake(&e));
                std::process::exit(2)
            }
        }
    }

    /// The command to run; plain `tongji` is `tongji run` with the defaults.
    pub fn command(self) -> Command {
        self.command.unwrap_or(Command::Run(RunArgs::default()))
    }
}

/// What was wrong with the command line, in Chinese, from clap's error kind and context.
fn mistake(e: &Error) -> String {
    let get = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => Some(v.join("、")),
        _ => None,
    };
    let arg = get(ContextKind::InvalidArg).unwrap_or_default();
    let suggestion = get(ContextKind::SuggestedArg)
        .or_else(|| get(ContextKind::SuggestedSubcommand))
        .map(|s| format!("，是不是要写“{s}”？"))
        .unwrap_or_default();
    let misplaced = run_option(&arg);
    match e.kind() {
        ErrorKind::UnknownArgument if !arg.starts_with('-') => {
            format!("多余的参数“{arg}”（输入文件夹请写成 --input {arg}）")
        }
        // `tongji` alone runs `run`, so `tongji --period 2023-09` is a natural slip.
        ErrorKind::UnknownArgument if misplaced.is_some() => {
            let option = misplaced.unwrap_or(&arg);
            format!("选项“{option}”要写在命令 run 之后（tongji run {option} …）")
        }
        ErrorKind::UnknownArgument => format!("无法识别的选项“{arg}”{suggestion}"),
        ErrorKind::InvalidSubcommand => {
            let sub = get(ContextKind::InvalidSubcommand).unwrap_or_default();
            format!("无法识别的命令“{sub}”（可用的命令：run、check）{suggestion}")
        }
        ErrorKind::InvalidValue if get(ContextKind::InvalidValue).is_none_or(|v| v.is_empty()) => {
            format!("选项“{arg}”后面缺少值")
        }
        ErrorKind::InvalidValue => {
            format!("选项“{arg}”的值“{}”无效", get(ContextKind::InvalidValue).unwrap_or_default())
        }
        ErrorKind::ArgumentConflict if arg == get(ContextKind::PriorArg).unwrap_or_default() => {
            format!("选项“{arg}”只能写一次、给一个值")
        }
        // A flag given a value (--strict=yes): every option with a value takes exactly one.
        ErrorKind::TooManyValues => format!("选项“{arg}”不带值"),
        ErrorKind::ArgumentConflict => {
            format!("选项“{arg}”不能与“{}”同时使用", get(ContextKind::PriorArg).unwrap_or_default())
        }
        ErrorKind::MissingRequiredArgument => format!("缺少必需的选项“{arg}”"),
        ErrorKind::InvalidUtf8 => "命令行中有无法识别的字符（不是有效的 UTF-8）".to_string(),
        _ => {
            let said = e.to_string();
            let first = said.lines().next().unwrap_or("").trim_start_matches("error: ");
            format!("命令行有误（原始信息：{first}）")
        }
    }
}

/// The option `arg` names (as typed: "--period", "--period=2023-09") when it is one of `run`'s.
fn run_option(arg: &str) -> Option<&str> {
    let name = arg.split(['=', ' ']).next().unwrap_or(arg);
    let cmd = <Cli as clap::CommandFactory>::command();
    let run = cmd.find_subcommand("run")?;
    let found = run.get_arguments().any(|a| {
        a.get_long().is_some_and(|l| name == format!("--{l}")) || a.get_short().is_some_and(|s| name == format!("-{s}"))
    });
    found.then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn said(args: &[&str]) -> String {
        mistake(&Cli::try_parse_from(args).unwrap_err())
    }

    #[test]
    fn command_line_mistakes_are_said_in_chinese() {
        assert_eq!(said(&["tongji", "--bogus"]), "无法识别的选项“--bogus”");
        assert_eq!(said(&["tongji", "run", "--quite"]), "无法识别的选项“--quite”，是不是要写“--quiet”？");
        assert!(said(&["tongji", "frob"]).starts_with("无法识别的命令“frob”（可用的命令：run、check）"));
        assert_eq!(said(&["tongji", "run", "--period"]), "选项“--period <月份>”后面缺少值");
        assert_eq!(said(&["tongji", "check", "-i", "a", "-i", "b"]), "选项“--input <文件夹>”只能写一次、给一个值");
        assert_eq!(said(&["tongji", "check", "台账"]), "多余的参数“台账”（输入文件夹请写成 --input 台账）");
        assert_eq!(said(&["tongji", "run", "--strict=yes"]), "选项“--strict”不带值");
        assert_eq!(
            said(&["tongji", "--period", "2023-09"]),
            "选项“--period”要写在命令 run 之后（tongji run --period …）"
        );
    }
}
