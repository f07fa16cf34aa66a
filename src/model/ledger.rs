//! The reading ledger: what became of every sheet and every file, row by row.

use super::cells::{column_name, Visibility};
use super::records::Kind;

/// What became of one sheet: every row is counted in exactly one place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetLedger {
    pub file: String,
    /// The sheet name; for a CSV file, None.
    pub sheet: Option<String>,
    /// None when the sheet was not recognized as any kind.
    pub kind: Option<Kind>,
    /// The specialty (or "多个" when the rows name several, "" when none).
    pub specialty: String,
    /// The header row, 1-based (the last one when the header spans two rows).
    pub header_row: Option<u32>,
    /// Rows 1 to the last used row.
    pub rows_total: u32,
    /// Rows from 1 to the header (titles, "单位：人次", the header itself).
    pub header_rows: u32,
    pub records: u32,
    pub totals: u32,
    pub notes: u32,
    /// Rows below the header that repeat it (month blocks pasted one under another), and the
    /// header rows of a further table found lower down the same sheet.
    pub repeated_headers: u32,
    pub blank: u32,
    pub rejected: u32,
    /// Rows of a sheet that matched no kind (0 for every sheet that was read).
    pub unrecognized: u32,
    /// Why the sheet was not read as records, when it was not (unrecognized, no header).
    pub status: SheetStatus,
    /// A layout other than one row per event: 签到表, 按月汇总, 按季度汇总.
    pub layout: Option<&'static str>,
    /// Whether the workbook shows the sheet: a hidden one read is said so (an old copy left hidden
    /// must be noticed).
    pub visibility: Visibility,
    /// The columns (first, last; 0-based) of a table that shares its sheet with others side by
    /// side; None for a table that has its sheet to itself.
    pub columns: Option<(u32, u32)>,
    /// A table by month whose sheet name, title or file name says it sums others (汇总): when
    /// other files give its figures row by row, it is their summary, checked and not counted.
    pub summary_named: bool,
}

/// Whether a sheet was read as records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SheetStatus {
    Read,
    /// No cells at all.
    Empty,
    /// Its name and header match no kind: listed, not an error; its rows are counted as
    /// `unrecognized`.
    Unrecognized,
    /// Its name says a kind but no header row was found: its rows are rejected.
    NoHeader,
    /// The reader could not read the sheet at all (the problem list says why).
    Unreadable,
    /// Not a worksheet: a chart sheet, an Excel 4 macro sheet, a dialog sheet. Listed by what it
    /// is (图表页, 宏表, 对话框表) and passed over; it holds no rows of a log.
    PassedOver(&'static str),
}

/// The ledger's columns as the check report and the workbook show them.
pub const LEDGER_COLUMNS: [&str; 13] = [
    "文件",
    "工作表",
    "类型",
    "专业",
    "表头行",
    "读取行",
    "记录",
    "合计行",
    "说明行",
    "重复表头",
    "空行",
    "拒收",
    "未识别",
];

/// The ledger equation as the check report and the workbook print it.
pub const LEDGER_EQUATION: &str = "读取行 = 记录 + 合计行 + 说明行 + 重复表头 + 空行 + 拒收 + 未识别；表头行及以上不计";

impl SheetLedger {
    /// A sheet with no rows counted yet.
    pub fn new(file: String, sheet: Option<String>, rows_total: u32, status: SheetStatus) -> SheetLedger {
        SheetLedger {
            file,
            sheet,
            kind: None,
            specialty: String::new(),
            header_row: None,
            rows_total,
            header_rows: 0,
            records: 0,
            totals: 0,
            notes: 0,
            repeated_headers: 0,
            blank: 0,
            rejected: 0,
            unrecognized: 0,
            status,
            layout: None,
            visibility: Visibility::Visible,
            columns: None,
            summary_named: false,
        }
    }

    /// The 工作表 column: the sheet's name, with the columns of a table that shares it with
    /// others ("Sheet1（G:J列）"); "—" for a CSV file.
    pub fn sheet_label(&self) -> String {
        match (&self.sheet, self.columns) {
            (Some(s), Some((first, last))) => format!("{s}（{}:{}列）", column_name(first), column_name(last)),
            (Some(s), None) => s.clone(),
            (None, _) => "—".into(),
        }
    }

    /// The 类型 column: the kind, or what kept the sheet from being read.
    pub fn kind_label(&self) -> String {
        match (&self.status, self.kind) {
            (SheetStatus::Empty, _) => self.with_visibility("空表"),
            (SheetStatus::Unrecognized, _) => self.with_visibility("未识别"),
            (SheetStatus::Unreadable, _) => "无法读取".into(),
            (SheetStatus::PassedOver(what), _) => self.with_visibility(what),
            (SheetStatus::NoHeader, Some(k)) => match self.visibility.label() {
                Some(hidden) => format!("{}（无表头，{hidden}）", k.label()),
                None => format!("{}（无表头）", k.label()),
            },
            (_, Some(k)) => match (self.layout, self.visibility.label()) {
                (Some(layout), Some(hidden)) => format!("{}（{layout}，{hidden}）", k.label()),
                (Some(layout), None) => format!("{}（{layout}）", k.label()),
                (None, Some(hidden)) => format!("{}（{hidden}）", k.label()),
                (None, None) => k.label().into(),
            },
            (_, None) => String::new(),
        }
    }

    /// A label, with （隐藏） or （深度隐藏） after it for a sheet the workbook hides.
    fn with_visibility(&self, label: &str) -> String {
        match self.visibility.label() {
            Some(hidden) => format!("{label}（{hidden}）"),
            None => label.to_string(),
        }
    }

    /// 读取行, 记录, 合计行, 说明行, 重复表头, 空行, 拒收, 未识别 — the last eight ledger columns.
    pub fn counts(&self) -> [u32; 8] {
        [
            self.rows_read(),
            self.records,
            self.totals,
            self.notes,
            self.repeated_headers,
            self.blank,
            self.rejected,
            self.unrecognized,
        ]
    }

    /// Rows below the header: what the issue calls "rows read".
    pub fn rows_read(&self) -> u32 {
        self.rows_total - self.header_rows
    }

    /// The ledger equation: rows read = records + totals + notes + repeated headers + blank +
    /// rejected (+ unrecognized, which is 0 on every sheet that was read).
    pub fn balances(&self) -> bool {
        self.header_rows <= self.rows_total
            && self.rows_read()
                == self.records
                    + self.totals
                    + self.notes
                    + self.repeated_headers
                    + self.blank
                    + self.rejected
                    + self.unrecognized
    }
}

/// What became of one file found under the input folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileReport {
    pub file: String,
    pub status: FileStatus,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileStatus {
    /// Read; its sheets are in the ledger. The detail names the format ("xlsx", "GB18030 CSV").
    Read { format: String },
    /// Not an input by its name (lock file, hidden, other extension): listed, not an error.
    Skipped { reason: String },
    /// Could not be read at all: the reason in Chinese.
    Failed { reason: String },
    /// Byte for byte the same as another input file (a copy dropped in beside it, "… - 副本.xlsx"):
    /// not read, so its records are not counted twice. `of` is the file that was read.
    Duplicate { of: String },
}
