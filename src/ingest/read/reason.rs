//! Why a file or a sheet could not be read: one wording per reason, in Chinese, said in this one
//! place. The format is named as what the bytes are (not what the extension says); a reader
//! library's own words, when they help, follow the Chinese reason in brackets, cut to one line.

use std::fmt;

/// A limit of `[limits]` in tongji.toml that a file went over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Limit {
    /// The file's size in MB.
    FileSize { mb: u64, limit: u64 },
    /// What the zip package's parts say they unpack to, in MB.
    Unpacked { mb: u64, limit: u64 },
    /// A part a reader holds whole (shared strings, styles…): what it is, its name, its size.
    Part { what: &'static str, name: String, mb: u64, limit: u64 },
    /// Entries of a shared-string table, as claimed (`claimed`) or counted.
    Strings { entries: u64, claimed: bool, limit: u64 },
    /// Non-empty cells of a workbook (including `strings` shared-string entries).
    Cells { strings: u64, limit: u64 },
    /// The cell area a reader would build whole (.xls, .ods): what was counted, how many.
    Area { what: &'static str, cells: u64, limit: u64 },
    /// Text in the workbook's cells.
    Text { limit: u64 },
}

/// Why a file (or one sheet) could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    Empty,
    /// A document of another kind ("Word文档").
    NotATable(&'static str),
    ZipWithoutWorkbook,
    ExcelXml2003,
    Html,
    Unrecognized,
    /// An open password: an encrypted xlsx/xlsb whose password verifier refused Excel's default
    /// password (or, unchecked, the reader says so).
    Password,
    /// An encrypted xlsx/xlsb whose encryption tongji cannot check against Excel's default
    /// password: rights management (IRM), extensible encryption, or a cipher other than AES.
    EncryptionUnchecked,
    /// A legacy .xls with a FilePass record that Excel's default password does not open
    /// (`checked`), or whose scheme (XOR obfuscation) tongji does not check.
    LegacyEncrypted {
        checked: bool,
    },
    /// A legacy .xls obfuscated (XOR) with Excel's default password: recognised, not undone.
    DefaultXor,
    /// Excel 2.x–4.0 / 5.0–95 (BIFF2–5) without the records calamine reads.
    Biff5OrOlder,
    /// A code page (text encoding) the reader does not know.
    CodePage(u16),
    /// The file is damaged (its container is broken or cut short): in what format, what tongji
    /// found (Chinese), what the library said.
    Damaged {
        format: &'static str,
        found: Option<String>,
        library: Option<String>,
    },
    /// The reader could not make sense of the content: the file may be damaged, or written in a
    /// way the reader does not support (valid .ods files from other writers do this); which,
    /// tongji cannot tell, and does not pretend to.
    Unparsed {
        format: &'static str,
        library: String,
    },
    /// A workbook holds a sheet of a type the reader does not know.
    UnknownSheetType {
        format: &'static str,
    },
    /// One sheet could not be read; the library's words.
    Sheet {
        library: String,
    },
    /// A CSV line that cannot be split into fields.
    CsvLine {
        line: usize,
        library: String,
    },
    /// A reader library panicked: its message and where (crate/file:line).
    Panicked {
        message: String,
        place: Option<String>,
    },
    /// A file over one of the limits.
    Over(Limit),
    /// A file named .et/.ett whose content could not be read: it may be WPS's own older format;
    /// what reading its bytes as they look found is said after it.
    OldWps(Box<Reason>),
    /// The file system refused (Chinese reason, then the system's words): see [`Reason::io`].
    Io(String),
}

/// What tongji found wrong inside a file's container or its encryption (a sector chain that
/// loops, an EncryptionInfo cut short), in Chinese: the damage a [`Reason::Damaged`] names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Damage(pub String);

impl From<String> for Damage {
    fn from(found: String) -> Damage {
        Damage(found)
    }
}

impl From<&str> for Damage {
    fn from(found: &str) -> Damage {
        Damage(found.to_string())
    }
}

impl From<Damage> for String {
    fn from(d: Damage) -> String {
        d.0
    }
}

impl fmt::Display for Damage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// How many characters of a library's message are kept: enough to name the problem.
const LIBRARY_WORDS: usize = 120;

/// A library's message, cut to its first line and to [`LIBRARY_WORDS`] characters.
fn library_words(said: &str) -> String {
    let line = said.lines().next().unwrap_or("").trim();
    let mut cut: String = line.chars().take(LIBRARY_WORDS).collect();
    if line.chars().count() > LIBRARY_WORDS {
        cut.push('…');
    }
    cut
}

impl Reason {
    /// A damaged file in `format`, with the library's words.
    pub fn damaged(format: &'static str, library: impl fmt::Display) -> Reason {
        Reason::Damaged { format, found: None, library: Some(library.to_string()) }
    }

    /// Why a file or folder could not be read (`what`: 无法读取文件), in Chinese for the common
    /// cases, with the system's own words after it.
    pub fn io(what: &str, e: &std::io::Error) -> Reason {
        use std::io::ErrorKind::*;
        let said = match e.kind() {
            PermissionDenied => "没有读取权限（请检查文件的权限或是否被其他程序独占）",
            NotFound => "文件不存在（可能是断开的快捷方式或链接，或在读取前被移走）",
            IsADirectory => "是文件夹",
            Interrupted | TimedOut | WouldBlock => "读取被中断",
            _ => "读取出错",
        };
        Reason::Io(format!("{what}：{said}；{e}"))
    }

    /// Content the reader could not parse, in `format`, with the library's words.
    pub fn unparsed(format: &'static str, library: impl fmt::Display) -> Reason {
        Reason::Unparsed { format, library: library.to_string() }
    }

    /// A damaged file in `format`, with what tongji found wrong (in Chinese).
    pub fn broken(format: &'static str, found: impl Into<String>) -> Reason {
        Reason::Damaged { format, found: Some(found.into()), library: None }
    }
}

const SAVE_AS: &str = "请在 Excel 或 WPS 中打开后另存为 .xlsx";

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::Empty => write!(f, "空文件（0字节）"),
            Reason::NotATable(what) => write!(f, "文件是{what}，不是表格"),
            Reason::ZipWithoutWorkbook => {
                write!(f, "文件是zip压缩包，但其中没有Excel或WPS工作簿（请解压后放入其中的表格文件）")
            }
            Reason::ExcelXml2003 => write!(f, "文件是Excel 2003 XML表格格式，tongji 无法读取；{SAVE_AS}"),
            Reason::Html => write!(f, "文件实际是网页（HTML）格式，不是Excel工作簿；请用Excel打开后另存为.xlsx"),
            Reason::Unrecognized => write!(f, "无法识别的文件格式：既不是Excel/WPS工作簿，也不是CSV文本"),
            Reason::Password => write!(f, "工作簿设有打开密码，tongji 无法读取；请在 Excel 中取消密码后另存为 .xlsx"),
            Reason::EncryptionUnchecked => write!(
                f,
                "工作簿已加密（加密方式 tongji 无法验证：可能设有打开密码，也可能受信息权限管理保护），tongji 无法读取；请在 Excel 中取消密码或权限限制后另存为 .xlsx"
            ),
            Reason::LegacyEncrypted { checked: true } => {
                write!(f, "工作簿已加密，设有打开密码，tongji 无法读取；请在 Excel 中取消密码后另存为 .xlsx")
            }
            Reason::LegacyEncrypted { checked: false } => write!(
                f,
                "工作簿已加密（方式不明：可能设有打开密码，也可能以 Excel 的默认密码加密作修改保护），tongji 无法读取；请在 Excel 中取消密码后另存为 .xlsx"
            ),
            Reason::DefaultXor => write!(
                f,
                "工作簿以 Excel 的默认密码按旧式 XOR 方式加密（设了修改密码或保护了工作簿），tongji 无法读取；请在 Excel 中取消修改密码和保护后另存为 .xlsx"
            ),
            Reason::Biff5OrOlder => write!(f, "文件是 Excel 95 或更早版本的格式（BIFF2–5），tongji 无法读取；{SAVE_AS}"),
            Reason::CodePage(cp) => write!(
                f,
                "工作簿使用了不支持的代码页{cp}（文字编码），tongji 无法读取其中的文字；{SAVE_AS}"
            ),
            Reason::Damaged { format, found, library } => {
                write!(f, "{format}文件已损坏或不完整，无法读取")?;
                match (found, library) {
                    (Some(found), _) => write!(f, "（{found}）")?,
                    (None, Some(said)) => write!(f, "（原始信息：{}）", library_words(said))?,
                    (None, None) => {}
                }
                write!(f, "；{SAVE_AS}")
            }
            Reason::Unparsed { format, library } => write!(
                f,
                "{format}工作簿的内容无法解析（文件可能已损坏，也可能用了读取库不支持的写法），无法读取（原始信息：{}）；{SAVE_AS}",
                library_words(library)
            ),
            Reason::UnknownSheetType { format } => {
                write!(f, "{format}工作簿中有无法识别类型的工作表，无法读取；{SAVE_AS}")
            }
            Reason::Sheet { library } => write!(f, "无法读取工作表（原始信息：{}）", library_words(library)),
            Reason::CsvLine { line, library } => {
                write!(f, "CSV第{line}行格式有误，无法读取（原始信息：{}）", library_words(library))
            }
            Reason::Panicked { message, place } => {
                write!(
                    f,
                    "读取库读这个文件时出错（文件可能已损坏，也可能是读取库的缺陷），未读取（原始信息：{}",
                    library_words(message)
                )?;
                if let Some(place) = place {
                    write!(f, "，位置 {place}")?;
                }
                write!(f, "）；{SAVE_AS}")
            }
            Reason::Over(limit) => limit.fmt(f),
            Reason::OldWps(found) => write!(
                f,
                "这个WPS表格文件可能是旧版WPS的专有格式，tongji 无法读取；请用WPS打开后另存为.xlsx（按其内容读取时：{found}）"
            ),
            Reason::Io(said) => f.write_str(said),
        }
    }
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let setting = |key: &str| format!("（tongji.toml 的 [limits] {key}）");
        match self {
            Limit::FileSize { mb, limit } => {
                write!(f, "文件大小约{mb}MB，超过上限{limit}MB{}，未读取", setting("max_file_mb"))
            }
            Limit::Unpacked { mb, limit } => write!(
                f,
                "工作簿解压后约{mb}MB，超过上限{limit}MB{}，可能是异常或恶意文件，未读取",
                setting("max_unpacked_mb")
            ),
            Limit::Part { what, name, mb, limit } => write!(
                f,
                "工作簿的{what}（{name}）解压后约{mb}MB，超过上限{limit}MB{}，可能是异常或恶意文件，未读取",
                setting("max_text_mb")
            ),
            Limit::Strings { entries, claimed, limit } => {
                let said = if *claimed { "声明有" } else { "有" };
                write!(
                    f,
                    "工作簿的共享字符串表{said}{entries}条，超过上限{limit}个{}，可能是异常或恶意文件，未读取",
                    setting("max_cells")
                )
            }
            Limit::Cells { strings, limit } => {
                let with = if *strings > 0 { format!("（含共享字符串表的{strings}条）") } else { String::new() };
                write!(f, "工作簿的非空单元格{with}超过{limit}个{}，未读取", setting("max_cells"))
            }
            Limit::Area { what, cells, limit } => write!(
                f,
                "工作簿{what}约{cells}个，超过上限{limit}个{}，未读取（有内容的单元格相距很远时区域也很大：删去远处误填的内容后另存，或调高上限）",
                setting("max_cells")
            ),
            Limit::Text { limit } => write!(
                f,
                "工作簿单元格中的文字超过{limit}MB{}，可能是异常或恶意文件，未读取",
                setting("max_text_mb")
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn library_words_follow_the_reason_cut_to_one_line() {
        let long =
            format!("Expecting 'table-cell', found 'Text(BytesText {{ content: \"{}\" }})'\nsecond", "x".repeat(300));
        let said = Reason::damaged("ods", &long).to_string();
        assert!(said.starts_with("ods文件已损坏或不完整，无法读取（原始信息：Expecting 'table-cell'"), "{said}");
        assert!(said.contains("…）；请在 Excel 或 WPS 中打开后另存为 .xlsx"), "{said}");
        assert!(!said.contains("second"), "{said}");
        // What tongji found is said in Chinese, without library words.
        let found = Reason::broken("xls", "扇区链首尾相接").to_string();
        assert_eq!(found, "xls文件已损坏或不完整，无法读取（扇区链首尾相接）；请在 Excel 或 WPS 中打开后另存为 .xlsx");
    }

    #[test]
    fn a_panic_has_one_wording_and_one_place_format() {
        let p = Reason::Panicked {
            message: "no entry found for key".into(),
            place: Some("calamine-0.38.0/src/xlsb/mod.rs:48".into()),
        };
        assert_eq!(
            p.to_string(),
            "读取库读这个文件时出错（文件可能已损坏，也可能是读取库的缺陷），未读取（原始信息：no entry found for key，位置 calamine-0.38.0/src/xlsb/mod.rs:48）；请在 Excel 或 WPS 中打开后另存为 .xlsx"
        );
    }
}
