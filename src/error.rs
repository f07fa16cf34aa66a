//! The one error type: everything that stops a command (a folder that is not there, settings
//! that cannot be read, nothing to report, an output that cannot be written). Each variant's
//! Display is the message the clerk reads; `main.rs` chooses the exit code. What goes wrong
//! with one input file is never an error: it is a finding about that file, and the rest are read.
//! (This type lives in its own file, not in the pipeline, because the stages below the pipeline
//! return it too, and a module never imports from the stage above it.)

use std::path::PathBuf;

/// Why a command stopped.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("输入文件夹 {} 不存在或不是文件夹", .0.display())]
    NoInputFolder(PathBuf),
    #[error("无法读取配置文件 {}：{source}", .path.display())]
    ConfigUnreadable { path: PathBuf, source: std::io::Error },
    #[error("配置文件 {} 有误：{source}", .path.display())]
    ConfigInvalid { path: PathBuf, source: ConfigError },
    /// A report of zeros from a folder that gave no record at all would look like a quiet month.
    #[error("在 {0} 中没有读到任何培训、核查、执法检查或会议和活动记录，未写出汇总（运行 tongji check --input {0} 查看原因）")]
    NothingRead(String),
    #[error("无法确定统计月份；请用 --period 指定（如 --period 2023-09）")]
    NoPeriod,
    /// A period asked for that has not come yet: its figures would all be missing, and read as
    /// falls.
    #[error("统计月份{period}还没有到（今天是{today}），未写出汇总；请检查 --period 是否写对")]
    FuturePeriod { period: String, today: String },
    /// A period asked for in whose year to date no record falls (2024-03 on 2023's ledgers): a
    /// report of zeros would read as a year of nothing done.
    #[error("{period}没有任何记录（所读台账的日期在{first}至{last}之间），未写出汇总；请检查 --period 是否写对，或放入该期的台账")]
    EmptyPeriod { period: String, first: String, last: String },
    #[error("无法读取字体文件 {}：{source}", .path.display())]
    FontUnreadable { path: PathBuf, source: std::io::Error },
    #[error("字体文件 {} 无法识别（应为 .ttf 或 .otf；.ttc 字体集请先取出其中一种字体）", .path.display())]
    FontInvalid { path: PathBuf },
    #[error("无法建立记录表：{0}")]
    Tables(polars::error::PolarsError),
    #[error("汇总计算失败：{0}")]
    Aggregate(polars::error::PolarsError),
    /// Another run holds the output folder's lock; `who` names it ("（进程 123）") when it said.
    #[error("另一个 tongji 正在向输出文件夹 {} 写入结果{who}；为免两次运行互相覆盖，本次不写出。请等它结束后再运行。", .output.display())]
    Busy { output: PathBuf, who: String },
    #[error("无法创建输出文件夹 {}：{source}", .path.display())]
    OutputFolder { path: PathBuf, source: std::io::Error },
    #[error("无法建立锁文件 {}：{source}", .path.display())]
    LockFile { path: PathBuf, source: std::io::Error },
    #[error("无法锁定 {}：{source}", .path.display())]
    Lock { path: PathBuf, source: std::io::Error },
    #[error("无法创建临时文件夹 {}：{source}", .path.display())]
    TemporaryFolder { path: PathBuf, source: std::io::Error },
    #[error("无法创建 {}：{source}", .path.display())]
    CreateFolder { path: PathBuf, source: std::io::Error },
    #[error("无法替换 {}：{source}", .path.display())]
    Replace { path: PathBuf, source: std::io::Error },
    #[error("无法写入 {}：{source}", .path.display())]
    Write { path: PathBuf, source: Box<dyn std::error::Error + Send + Sync> },
    /// The workbook writer's words (its crate stays in render).
    #[error("无法生成汇总工作簿：{0}")]
    Workbook(String),
    #[error("无法生成Word文档：{0}")]
    Docx(String),
    #[error("无法绘制图表：{0}")]
    Chart(String),
    #[error("无法读取模板 {}：{source}", .path.display())]
    TemplateUnreadable { path: PathBuf, source: std::io::Error },
    /// A report template that does not render: its name, and the line where it can say one.
    #[error("模板 {name} {}有误：{reason}", .line.map(|l| format!("第{l}行")).unwrap_or_default())]
    Template { name: String, line: Option<usize>, reason: String },
}

impl Error {
    /// A file that could not be written, whatever said so.
    pub fn write(path: impl Into<PathBuf>, source: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Error {
        Error::Write { path: path.into(), source: source.into() }
    }
}

/// What is wrong with a `tongji.toml`, as the clerk reads it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// Not TOML, or a key or value tongji does not know (the toml crate's words).
    #[error("{0}")]
    Toml(String),
    /// A `[[specialty]]` or `[[activity]]` without a name.
    #[error("[[{0}]] 的 name 不能为空")]
    NoName(&'static str),
    #[error("专业“{name}”的 unit 应为“家次”“家”或“个”，而不是“{unit}”")]
    Unit { name: String, unit: String },
    /// An alias another activity category already has would be passed over in silence.
    #[error("[[activity]] “{name}”的名称或别名“{alias}”已是活动类别“{other}”的名称或别名")]
    AliasTaken { name: String, alias: String, other: String },
    #[error("detail_limit 最大为{max}（Excel每个工作表最多1048576行），而不是{given}")]
    DetailLimit { given: usize, max: usize },
}
