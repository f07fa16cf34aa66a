//! The summary workbook 统计汇总_YYYY年M月.xlsx: 总览, 培训, 核查, 执法检查, 工作活动, 月度趋势, 数据质量, 明细 —
//! laid out to be printed (A4 landscape, header rows repeated, one page wide only when that stays
//! at 70 % or more; each page headed by its title and numbered in the footer).

use rust_xlsxwriter::{
    Chart, ChartDataLabel, ChartDataLabelPosition, ChartFont, ChartType, Color, Format, FormatAlign, FormatBorder,
    Workbook, Worksheet, XlsxError,
};

use std::path::Path;

use super::{write_file, Output, Report};
use crate::error::Error;
use crate::model::period::{window_label, Window};
use crate::model::{
    Ingested, Kind, Metric, MetricRow, Severity, Standing, Unit, LEDGER_COLUMNS, LEDGER_EQUATION, TOTAL,
};
use crate::normalize::text::display_width;

/// The workbook's file name for a period.
pub fn file_name(period: crate::model::period::Period) -> String {
    format!("统计汇总_{}年{}月.xlsx", period.year, period.month)
}

const FONT: &str = "宋体";

/// The formats every sheet uses.
struct Formats {
    title: Format,
    note: Format,
    header: Format,
    text: Format,
    int: Format,
    pct: Format,
    total_text: Format,
    total_int: Format,
    total_pct: Format,
    done: Format,
    on_track: Format,
    behind: Format,
}

impl Formats {
    fn new() -> Formats {
        let base = Format::new().set_font_name(FONT).set_font_size(11);
        let cell = base.clone().set_border(FormatBorder::Thin);
        let status = |bg: u32, fg: u32| {
            cell.clone()
                .set_background_color(Color::RGB(bg))
                .set_font_color(Color::RGB(fg))
                .set_align(FormatAlign::Center)
        };
        Formats {
            title: base.clone().set_bold().set_font_size(14),
            note: base.clone().set_font_color(Color::RGB(0x595959)),
            header: cell
                .clone()
                .set_bold()
                .set_background_color(Color::RGB(0xD9E1F2))
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_text_wrap(),
            text: cell.clone(),
            int: cell.clone().set_num_format("#,##0"),
            pct: cell.clone().set_num_format("0.0%"),
            total_text: cell.clone().set_bold().set_background_color(Color::RGB(0xF2F2F2)),
            total_int: cell.clone().set_bold().set_background_color(Color::RGB(0xF2F2F2)).set_num_format("#,##0"),
            total_pct: cell.clone().set_bold().set_background_color(Color::RGB(0xF2F2F2)).set_num_format("0.0%"),
            done: status(0xC6EFCE, 0x006100),
            on_track: status(0xFFFFFF, 0x000000),
            behind: status(0xFFC7CE, 0x9C0006),
        }
    }
}

/// Every printed page's footer: 第 1 页 共 3 页.
const PAGE_FOOTER: &str = "&C第 &P 页 共 &N 页";
/// How wide (in column units, a CJK character two) a header widens its column before wrapping.
const HEADER_UNITS: usize = 12;
/// How wide a column of notes is (a long note wraps in it rather than widening it).
const NOTE_UNITS: usize = 30;
/// The printable width of an A4 landscape page at 100 %, in column units (about 257 mm of
/// 1.9 mm units at the default font).
const PAGE_UNITS: f64 = 135.0;
/// Below this, a sheet shrunk to one page wide is too small to read.
const MIN_PRINT_SCALE: f64 = 0.7;

/// The words a header is made of: a header of two of them ("去年同期批次", "批次完成率") is
/// written on two lines between them, so its column needs only the wider word, and it never
/// breaks inside one ("去年同期批/次").
const HEADER_WORDS: [&str; 17] = [
    "去年同期",
    "序时进度",
    "完成率",
    "本月",
    "本季",
    "累计",
    "年度",
    "全年",
    "上月",
    "上期",
    "批次",
    "人次",
    "同比",
    "环比",
    "目标",
    "状态",
    "说明",
];

/// A header as it is written: two known words on two lines, anything else as it is.
fn header_lines(name: &str) -> String {
    for w in HEADER_WORDS {
        if let Some(rest) = name.strip_prefix(w) {
            if HEADER_WORDS.contains(&rest) || rest.chars().count() >= 2 && display_width(rest) <= display_width(w) {
                return format!("{w}\n{rest}");
            }
        }
    }
    name.to_string()
}

/// A sheet being written: remembers how wide each column must be for its Chinese text.
struct Sheet<'a> {
    ws: &'a mut Worksheet,
    f: &'a Formats,
    widths: Vec<usize>,
    /// Texts written across several columns, wrapped: (row, first column, last column, width).
    /// They widen no column; their rows are made tall enough once the widths are known.
    spans: Vec<(u32, u16, u16, usize)>,
}

impl<'a> Sheet<'a> {
    fn new(wb: &'a mut Workbook, name: &str, f: &'a Formats) -> Result<Sheet<'a>, XlsxError> {
        let ws = wb.add_worksheet();
        ws.set_name(name)?;
        ws.set_landscape();
        ws.set_paper_size(9); // A4
        ws.set_print_center_horizontally(true);
        ws.set_footer(PAGE_FOOTER);
        Ok(Sheet { ws, f, widths: Vec::new(), spans: Vec::new() })
    }

    fn grow(&mut self, col: u16, width: usize) {
        let c = col as usize;
        if self.widths.len() <= c {
            self.widths.resize(c + 1, 0);
        }
        self.widths[c] = self.widths[c].max(width);
    }

    /// Text is always written as text: "=1+1" stays "=1+1", never a formula.
    fn text(&mut self, row: u32, col: u16, s: &str, f: &Format) -> Result<(), XlsxError> {
        self.grow(col, display_width(s));
        self.ws.write_string_with_format(row, col, s, f)?;
        Ok(())
    }

    /// A long text (a message, a note) across columns `first..=last` (or in the one column),
    /// wrapped: it does not widen a column another table of the sheet sizes to its own content.
    fn spanning(&mut self, row: u32, first: u16, last: u16, s: &str, f: &Format) -> Result<(), XlsxError> {
        let wrapped = f.clone().set_text_wrap().set_align(FormatAlign::Top);
        if first == last {
            self.ws.write_string_with_format(row, first, s, &wrapped)?;
        } else {
            self.ws.merge_range(row, first, row, last, s, &wrapped)?;
        }
        self.spans.push((row, first, last, display_width(s)));
        Ok(())
    }

    fn int(&mut self, row: u32, col: u16, v: Option<i64>, f: &Format) -> Result<(), XlsxError> {
        match v {
            Some(n) => {
                self.grow(col, n.to_string().len() + 1);
                self.ws.write_number_with_format(row, col, n as f64, f)?;
            }
            None => {
                self.ws.write_blank(row, col, f)?;
            }
        }
        Ok(())
    }

    /// A row of cells without formats of their own (they take their columns'), empty texts left
    /// out; `measure` lets the texts widen their columns.
    fn plain_row(
        &mut self,
        row: u32,
        texts: &[(u16, &str)],
        ints: &[(u16, i64)],
        measure: bool,
    ) -> Result<(), XlsxError> {
        for &(col, t) in texts {
            if t.is_empty() {
                continue;
            }
            if measure {
                self.grow(col, display_width(t));
            }
            self.ws.write_string(row, col, t)?;
        }
        for &(col, n) in ints {
            self.ws.write_number(row, col, n as f64)?;
        }
        Ok(())
    }

    fn pct(&mut self, row: u32, col: u16, v: Option<f64>, f: &Format) -> Result<(), XlsxError> {
        match v {
            Some(x) if x.is_finite() => {
                self.grow(col, 7);
                self.ws.write_number_with_format(row, col, x, f)?;
            }
            _ => {
                self.ws.write_blank(row, col, f)?;
            }
        }
        Ok(())
    }

    fn status(&mut self, row: u32, col: u16, s: Option<Standing>) -> Result<(), XlsxError> {
        let f = match s {
            Some(Standing::Done) => &self.f.done,
            Some(Standing::Behind | Standing::Unmet) => &self.f.behind,
            _ => &self.f.on_track,
        };
        let label = s.map(|s| s.label()).unwrap_or("");
        self.text(row, col, label, &f.clone())
    }

    /// The eleven figure columns from `col` on, as 核查 and 工作活动 show a row: 本月, 本季, 累计,
    /// 去年同期, 同比, 上期, 环比, 年度目标, 完成率, 序时进度, 状态.
    fn windows(
        &mut self,
        row: u32,
        col: u16,
        (month, quarter, ytd): (Option<&MetricRow>, Option<&MetricRow>, &MetricRow),
    ) -> Result<(), XlsxError> {
        let f = self.f;
        self.int(row, col, month.map(|r| r.value), &f.int)?;
        self.int(row, col + 1, quarter.map(|r| r.value), &f.int)?;
        self.int(row, col + 2, Some(ytd.value), &f.int)?;
        self.int(row, col + 3, ytd.prior_value, &f.int)?;
        self.pct(row, col + 4, ytd.yoy, &f.pct)?;
        self.int(row, col + 5, month.and_then(|r| r.previous_value), &f.int)?;
        self.pct(row, col + 6, month.and_then(|r| r.pop), &f.pct)?;
        self.int(row, col + 7, ytd.target, &f.int)?;
        self.pct(row, col + 8, ytd.completion, &f.pct)?;
        self.pct(row, col + 9, ytd.time_progress, &f.pct)?;
        self.status(row, col + 10, ytd.standing())
    }

    fn title(&mut self, row: u32, s: &str) -> Result<(), XlsxError> {
        // The title heads every printed page too (& is the header's escape character).
        self.ws.set_header(format!("&C{}", s.replace('&', "&&")));
        self.ws.write_string_with_format(row, 0, s, &self.f.title)?;
        self.ws.set_row_height(row, 22)?;
        Ok(())
    }

    fn note(&mut self, row: u32, s: &str) -> Result<(), XlsxError> {
        self.ws.write_string_with_format(row, 0, s, &self.f.note)?;
        Ok(())
    }

    /// A header row; headers wrap, so they widen a column only up to a point: six characters
    /// ("去年同期批次") stay on one line, longer ones wrap.
    fn header(&mut self, row: u32, names: &[&str]) -> Result<(), XlsxError> {
        for (i, n) in names.iter().enumerate() {
            let text = header_lines(n);
            let widest = text.lines().map(display_width).max().unwrap_or(0);
            self.grow(i as u16, widest.min(HEADER_UNITS));
            self.ws.write_string_with_format(row, i as u16, &text, &self.f.header)?;
        }
        self.ws.set_row_height(row, 44)?;
        Ok(())
    }

    /// Freezes and repeats the rows down to `header_row` and sets the column widths.
    fn finish(self, header_row: u32) -> Result<(), XlsxError> {
        self.ws.set_freeze_panes(header_row + 1, 0)?;
        self.ws.set_repeat_rows(0, header_row)?;
        self.widths().map(|_| ())
    }

    /// Sets the column widths, and how the sheet prints: shrunk to one page wide when that
    /// keeps it at 70 % or more, else at full size, the first column repeated on every page.
    /// Returns the worksheet for settings of its own.
    fn widths(self) -> Result<&'a mut Worksheet, XlsxError> {
        let mut total = 0.0;
        let mut set = Vec::with_capacity(self.widths.len());
        for (i, w) in self.widths.iter().enumerate() {
            // A CJK character is two units wide, a Latin one one unit.
            let width = ((*w + 2).clamp(6, 60)) as f64;
            total += width;
            set.push(width);
            self.ws.set_column_width(i as u16, width)?;
        }
        // A wrapped text's row holds as many lines as it takes at the width it spans (neither
        // Excel nor LibreOffice makes a merged cell's row taller by itself).
        for &(row, first, last, len) in &self.spans {
            let room: f64 = (first..=last).map(|c| set.get(c as usize).copied().unwrap_or(8.43)).sum::<f64>() - 1.0;
            let lines = (len as f64 / room.max(1.0)).ceil().max(1.0);
            if lines > 1.0 {
                self.ws.set_row_height(row, 15.0 * lines)?;
            }
        }
        if total * MIN_PRINT_SCALE <= PAGE_UNITS {
            self.ws.set_print_fit_to_pages(1, 0);
        } else {
            self.ws.set_print_scale(100);
            self.ws.set_repeat_columns(0, 0)?;
        }
        Ok(self.ws)
    }
}

/// The workbook's bytes.
pub fn render(report: &Report) -> Result<Vec<u8>, Error> {
    build(report).map_err(|e| Error::Workbook(e.to_string()))
}

/// The summary workbook, 统计汇总_2023年9月.xlsx.
pub struct SummaryWorkbook;

impl Output for SummaryWorkbook {
    fn name(&self) -> &'static str {
        "汇总工作簿"
    }

    fn write(&self, report: &Report, dir: &Path) -> Result<Vec<String>, Error> {
        write_file(dir, file_name(report.figures.period), &render(report)?)
    }
}

fn build(report: &Report) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    // Excel 365's own level: about a third faster to save than the default 6, ~5% larger.
    wb.set_zip_compression_level(3);
    let f = Formats::new();
    let target_rows = overview(&mut wb, &f, report)?;
    training(&mut wb, &f, report)?;
    verification(&mut wb, &f, report)?;
    enforcement(&mut wb, &f, report)?;
    activities(&mut wb, &f, report)?;
    trend(&mut wb, &f, report)?;
    quality(&mut wb, &f, report)?;
    details(&mut wb, &f, report)?;
    charts(&mut wb, &f, report, target_rows)?;
    wb.save_to_buffer()
}

fn period_note(report: &Report) -> String {
    let p = report.figures.period;
    format!(
        "本月：{}；本季：{}；累计：{}；序时进度 {:.1}%。数据来源：各专业台账；统计截至{}年{}月。",
        p.span(Window::Month).label(),
        window_label(p, Window::Quarter).trim_start_matches(&format!("{}年", p.year)),
        p.span(Window::Ytd).label(),
        p.time_progress() * 100.0,
        p.year,
        p.month
    )
}

/// Beside a 合计 whose 同比 leaves specialties out: what it compares and what it leaves out.
fn comparable_note(r: &MetricRow) -> Option<String> {
    let c = r.comparable.as_ref().filter(|c| !c.left_out.is_empty())?;
    let prior = c.prior.map_or("—".to_string(), |p| p.to_string());
    Some(format!(
        "同比为可比口径：去年也有台账的专业今年{}、去年{prior}{}；不含去年没有台账的{}",
        c.value,
        r.unit.label(),
        c.left_out.join("、")
    ))
}

/// The 培训 合计's note: both its 同比 are on the comparable scope, so both bases are said.
fn training_comparable_note(batches: Option<&MetricRow>, attendees: Option<&MetricRow>) -> Option<String> {
    let b = batches?.comparable.as_ref().filter(|c| !c.left_out.is_empty())?;
    let a = attendees?.comparable.as_ref()?;
    let prior = |c: &crate::model::Comparable| c.prior.map_or("—".to_string(), |p| p.to_string());
    Some(format!(
        "注：合计同比按可比口径计算（今年{}批次{}人次，去年{}批次{}人次；不含去年没有台账的{}）",
        b.value,
        a.value,
        prior(b),
        prior(a),
        b.left_out.join("、")
    ))
}

/// The overview; returns the rows of its targets table (for the native chart), if any.
fn overview(wb: &mut Workbook, f: &Formats, report: &Report) -> Result<Option<(u32, u32)>, XlsxError> {
    let fig = report.figures;
    let p = fig.period;
    let mut s = Sheet::new(wb, "总览", f)?;
    s.title(0, &format!("统计业务工作汇总（{}）", window_label(p, Window::Ytd)))?;
    s.note(1, &period_note(report))?;
    s.header(2, &["项目", "本月", "本季", "累计", "去年同期", "同比", "单位", "说明"])?;
    let mut row = 3;
    let mut line = |s: &mut Sheet, label: &str, metric: Metric, specialty: &str, unit: &str| -> Result<(), XlsxError> {
        let get = |w| fig.get(w, metric, specialty);
        let Some(ytd) = get(Window::Ytd) else {
            return Ok(());
        };
        s.text(row, 0, label, &f.text)?;
        s.int(row, 1, get(Window::Month).map(|r| r.value), &f.int)?;
        s.int(row, 2, get(Window::Quarter).map(|r| r.value), &f.int)?;
        s.int(row, 3, Some(ytd.value), &f.int)?;
        s.int(row, 4, ytd.prior_value, &f.int)?;
        s.pct(row, 5, ytd.yoy, &f.pct)?;
        s.text(row, 6, unit, &f.text)?;
        if let Some(note) = comparable_note(ytd) {
            s.grow(7, NOTE_UNITS);
            s.spanning(row, 7, 7, &note, &f.text)?;
        }
        row += 1;
        Ok(())
    };
    line(&mut s, "培训批次（合计）", Metric::TrainingBatches, TOTAL, "批次")?;
    line(&mut s, "培训人次（合计）", Metric::TrainingAttendees, TOTAL, "人次")?;
    for sp in fig.specialties(Metric::Verification) {
        let unit = fig.get(Window::Ytd, Metric::Verification, &sp).map(|r| r.unit.label()).unwrap_or("");
        line(&mut s, &format!("{sp}核查"), Metric::Verification, &sp, unit)?;
    }
    for sp in fig.specialties(Metric::Enforcement) {
        line(&mut s, &format!("执法检查（{sp}）"), Metric::Enforcement, &sp, "家次")?;
        line(&mut s, "　其中联合检查", Metric::EnforcementJoint, &sp, "家次")?;
    }
    // Figures that leave out records kept by quarter say so under the table, never in silence.
    if let Some(note) = fig.quarterly_table_note(&Metric::ALL) {
        s.spanning(row, 0, 7, &format!("注：{note}。"), &f.note)?;
        row += 1;
    }

    row += 1;
    s.text(row, 0, "年度目标完成情况", &f.title.clone().set_font_size(12))?;
    row += 1;
    let head = row;
    s.header(row, &["专业", "指标", "年度目标", "累计完成", "完成率", "序时进度", "状态"])?;
    row += 1;
    for r in fig.targeted() {
        s.text(row, 0, &r.specialty, &f.text)?;
        let metric = if r.metric == Metric::Activity {
            "次数".to_string() // not 次数（次）
        } else {
            format!("{}（{}）", r.metric.label(), r.unit.label())
        };
        s.text(row, 1, &metric, &f.text)?;
        s.int(row, 2, r.target, &f.int)?;
        s.int(row, 3, Some(r.value), &f.int)?;
        s.pct(row, 4, r.completion, &f.pct)?;
        s.pct(row, 5, r.time_progress, &f.pct)?;
        s.status(row, 6, r.standing())?;
        row += 1;
    }
    let target_rows = (row > head + 1).then_some((head + 1, row - 1));
    if target_rows.is_none() {
        s.note(row, "（没有读到目标任务表）")?;
        row += 1;
    }
    if let Some(note) = fig.targets_quarterly_note() {
        s.spanning(row, 0, 6, &format!("注：{note}。"), &f.note)?;
        row += 1;
    }

    row += 1;
    let ing = report.ingested;
    let rejected: u32 = ing.ledger.iter().map(|l| l.rejected).sum();
    let failed = ing.files.iter().filter(|f| matches!(f.status, crate::model::FileStatus::Failed { .. })).count();
    let warnings = ing.findings.iter().chain(&fig.findings).filter(|p| p.severity == Severity::Warning).count();
    let skipped = ing
        .files
        .iter()
        .filter(|f| {
            matches!(f.status, crate::model::FileStatus::Skipped { .. } | crate::model::FileStatus::Duplicate { .. })
        })
        .count();
    s.note(
        row,
        &format!(
            "读取文件{}个（另跳过{skipped}个）、工作表{}张、记录{}条；拒收{}行、无法读取的文件{}个、提示{}条，详见“数据质量”工作表。",
            ing.files.len() - failed - skipped,
            ing.ledger.len(),
            ing.training.len() + ing.verification.len() + ing.enforcement.len() + ing.targets.len(),
            rejected,
            failed,
            warnings
        ),
    )?;
    // The overview is one page: two tables, no repeated header.
    s.widths()?.set_print_fit_to_pages(1, 1);
    Ok(target_rows)
}

fn training(wb: &mut Workbook, f: &Formats, report: &Report) -> Result<(), XlsxError> {
    let fig = report.figures;
    let mut s = Sheet::new(wb, "培训", f)?;
    s.title(0, &format!("各专业培训情况（{}）", window_label(fig.period, Window::Ytd)))?;
    s.note(1, &period_note(report))?;
    s.header(
        2,
        &[
            "专业",
            "本月批次",
            "本月人次",
            "本季批次",
            "本季人次",
            "累计批次",
            "累计人次",
            "去年同期批次",
            "去年同期人次",
            "批次同比",
            "人次同比",
            "批次目标",
            "批次完成率",
            "批次状态",
            "人次目标",
            "人次完成率",
            "人次状态",
            "序时进度",
        ],
    )?;
    let mut notes: Vec<String> = Vec::new();
    let mut last_row = 2;
    for (row, sp) in (3..).zip(fig.specialties(Metric::TrainingBatches)) {
        last_row = row;
        let total = sp == TOTAL;
        let (ft, fi, fp) = if total { (&f.total_text, &f.total_int, &f.total_pct) } else { (&f.text, &f.int, &f.pct) };
        let b = |w| fig.get(w, Metric::TrainingBatches, &sp);
        let a = |w| fig.get(w, Metric::TrainingAttendees, &sp);
        s.text(row, 0, &sp, ft)?;
        let mut col = 1;
        for w in Window::ALL {
            s.int(row, col, b(w).map(|r| r.value), fi)?;
            s.int(row, col + 1, a(w).map(|r| r.value), fi)?;
            col += 2;
        }
        let (by, ay) = (b(Window::Ytd), a(Window::Ytd));
        s.int(row, 7, by.and_then(|r| r.prior_value), fi)?;
        s.int(row, 8, ay.and_then(|r| r.prior_value), fi)?;
        s.pct(row, 9, by.and_then(|r| r.yoy), fp)?;
        s.pct(row, 10, ay.and_then(|r| r.yoy), fp)?;
        s.int(row, 11, by.and_then(|r| r.target), fi)?;
        s.pct(row, 12, by.and_then(|r| r.completion), fp)?;
        s.status(row, 13, by.and_then(MetricRow::standing))?;
        s.int(row, 14, ay.and_then(|r| r.target), fi)?;
        s.pct(row, 15, ay.and_then(|r| r.completion), fp)?;
        s.status(row, 16, ay.and_then(MetricRow::standing))?;
        s.pct(row, 17, by.and_then(|r| r.time_progress), fp)?;
        notes.extend(training_comparable_note(by, ay));
    }
    notes.extend(
        fig.quarterly_table_note(&[Metric::TrainingBatches, Metric::TrainingAttendees]).map(|n| format!("注：{n}。")),
    );
    // The 合计's note under the table, across it: a column of its own would make the sheet too
    // wide to print on one page.
    for (row, note) in (last_row + 1..).zip(&notes) {
        s.spanning(row, 0, 17, note, &f.note)?;
    }
    s.finish(2)
}

fn verification(wb: &mut Workbook, f: &Formats, report: &Report) -> Result<(), XlsxError> {
    let fig = report.figures;
    let mut s = Sheet::new(wb, "核查", f)?;
    s.title(0, &format!("各专业核查情况（{}）", window_label(fig.period, Window::Ytd)))?;
    s.note(1, &format!("{}“家”为核查单位数（按统一社会信用代码去重），“个”为项目数。", period_note(report)))?;
    s.header(
        2,
        &[
            "专业",
            "单位",
            "本月",
            "本季",
            "累计",
            "去年同期",
            "同比",
            "上月",
            "环比",
            "年度目标",
            "完成率",
            "序时进度",
            "状态",
        ],
    )?;
    let mut row = 3;
    for sp in fig.specialties(Metric::Verification) {
        let get = |w| fig.get(w, Metric::Verification, &sp);
        let Some(ytd) = get(Window::Ytd) else {
            continue;
        };
        let month = get(Window::Month);
        s.text(row, 0, &sp, &f.text)?;
        s.text(row, 1, ytd.unit.label(), &f.text)?;
        s.windows(row, 2, (month, get(Window::Quarter), ytd))?;
        row += 1;
    }
    if let Some(note) = fig.quarterly_table_note(&[Metric::Verification]) {
        s.spanning(row, 0, 12, &format!("注：{note}。"), &f.note)?;
    }
    s.finish(2)
}

fn enforcement(wb: &mut Workbook, f: &Formats, report: &Report) -> Result<(), XlsxError> {
    let fig = report.figures;
    let mut s = Sheet::new(wb, "执法检查", f)?;
    s.title(0, &format!("统计执法检查情况（{}）", window_label(fig.period, Window::Ytd)))?;
    s.note(1, &period_note(report))?;
    s.header(2, &["专业", "项目", "本月", "本季", "累计", "去年同期", "同比", "年度目标", "完成率", "状态"])?;
    let mut row = 3;
    for sp in fig.specialties(Metric::Enforcement) {
        for (metric, label) in
            [(Metric::Enforcement, "执法检查（家次）"), (Metric::EnforcementJoint, "其中联合检查（家次）")]
        {
            let get = |w| fig.get(w, metric, &sp);
            let Some(ytd) = get(Window::Ytd) else {
                continue;
            };
            s.text(row, 0, &sp, &f.text)?;
            s.text(row, 1, label, &f.text)?;
            s.int(row, 2, get(Window::Month).map(|r| r.value), &f.int)?;
            s.int(row, 3, get(Window::Quarter).map(|r| r.value), &f.int)?;
            s.int(row, 4, Some(ytd.value), &f.int)?;
            s.int(row, 5, ytd.prior_value, &f.int)?;
            s.pct(row, 6, ytd.yoy, &f.pct)?;
            s.int(row, 7, ytd.target, &f.int)?;
            s.pct(row, 8, ytd.completion, &f.pct)?;
            s.status(row, 9, ytd.standing())?;
            row += 1;
        }
    }
    if let Some(note) = fig.quarterly_table_note(&[Metric::Enforcement, Metric::EnforcementJoint]) {
        s.spanning(row, 0, 9, &format!("注：{note}。"), &f.note)?;
        row += 1;
    }
    for (title, list) in
        [("按联合部门（累计）", &fig.enforcement_by_partner), ("按检查方式（累计）", &fig.enforcement_by_category)]
    {
        row += 1;
        s.text(row, 0, title, &f.title.clone().set_font_size(12))?;
        row += 1;
        for (i, h) in ["名称", "累计（家次）", "去年同期"].iter().enumerate() {
            s.text(row, i as u16, h, &f.header)?;
        }
        row += 1;
        for b in list.iter() {
            s.text(row, 0, &b.name, &f.text)?;
            s.int(row, 1, Some(b.value), &f.int)?;
            s.int(row, 2, b.prior_value, &f.int)?;
            row += 1;
        }
        if title.contains("联合部门") {
            let note =
                "注：一次联合检查可与几个部门一起开展，在每个部门下各计一次，各部门家次相加可能大于联合检查家次。";
            s.text(row, 0, note, &f.text)?;
            row += 1;
        }
    }
    s.finish(2)
}

fn trend(wb: &mut Workbook, f: &Formats, report: &Report) -> Result<(), XlsxError> {
    let fig = report.figures;
    let p = fig.period;
    let mut s = Sheet::new(wb, "月度趋势", f)?;
    s.title(0, &format!("分月情况（{}年与{}年）", p.year, p.year - 1))?;
    let through = p.span(Window::Ytd).label();
    let mut note = format!(
        "各专业各指标逐月数值；今年只列到统计月份，去年没有该类记录时留空。“{through}合计”两年都只加到{}月，同口径可比；\
         按“家”计的专业（如名录库）一个单位只计一次，各月家数相加不等于累计，这一栏写累计去重的家数，去年全年留空。\
         表末的合计行即月度趋势图的各条线（核查只加按家次计的专业）；去年缺某些专业的台账时，“可比口径合计”只加两年都有台账的专业（有按季度填报的数的专业不分月，也不加）。",
        p.month
    );
    if let Some(by_quarter) = fig.in_no_month(&[Kind::Training, Kind::Verification, Kind::Enforcement]) {
        note.push_str(&format!("{by_quarter}，不在各月及其合计中（整季的数计入各表的本季、累计）。"));
    }
    s.note(1, &note)?;
    let mut head: Vec<String> = vec!["专业".into(), "指标".into(), "单位".into(), "年份".into()];
    head.extend((1..=12).map(|m| format!("{m}月")));
    head.push(format!("{through}合计"));
    head.push("全年合计".into());
    let head_refs: Vec<&str> = head.iter().map(|s| s.as_str()).collect();
    s.header(2, &head_refs)?;
    let mut row = 3;
    for series in &fig.monthly {
        let ytd = fig.get(Window::Ytd, series.metric, &series.specialty);
        for (year, values) in [(p.year, &series.this_year), (p.year - 1, &series.last_year)] {
            if values.iter().all(|v| v.is_none()) {
                continue;
            }
            s.text(row, 0, &series.specialty, &f.text)?;
            s.text(row, 1, series.metric.label(), &f.text)?;
            s.text(row, 2, series.unit.label(), &f.text)?;
            s.text(row, 3, &format!("{year}年"), &f.text)?;
            for (m, v) in values.iter().enumerate() {
                s.int(row, 4 + m as u16, *v, &f.int)?;
            }
            let this_year = year == p.year;
            let (to_month, whole) = if series.unit == Unit::Units {
                // 家 is a distinct count: months do not add up; the year-to-date count is shown.
                (ytd.and_then(|r| if this_year { Some(r.value) } else { r.prior_value }), None)
            } else {
                let to_month: i64 = values.iter().take(p.month as usize).flatten().sum();
                (Some(to_month), (!this_year).then(|| values.iter().flatten().sum()))
            };
            s.int(row, 16, to_month, &f.total_int)?;
            s.int(row, 17, whole, &f.total_int)?;
            row += 1;
        }
    }
    // The lines of the 月度趋势 chart: every specialty added up, and, where last year lacks some,
    // the specialties of both years (可比口径), each year to its own months.
    for (metric, unit) in [(Metric::TrainingAttendees, None), (Metric::Verification, Some(Unit::UnitVisits))] {
        let partial = !fig.without_last_year(metric, unit).is_empty();
        let all = fig.monthly_total(metric, unit, false);
        let same = fig.monthly_total(metric, unit, true);
        let mut lines = vec![("合计", p.year, all.0), ("合计", p.year - 1, all.1)];
        if partial {
            lines.insert(1, ("可比口径合计", p.year, same.0));
            lines.push(("可比口径合计", p.year - 1, same.1));
        }
        for (name, year, values) in lines {
            if values.iter().all(Option::is_none) {
                continue;
            }
            s.text(row, 0, name, &f.total_text)?;
            s.text(row, 1, metric.label(), &f.total_text)?;
            s.text(row, 2, unit.map_or("人次", Unit::label), &f.total_text)?;
            s.text(row, 3, &format!("{year}年"), &f.total_text)?;
            for (m, v) in values.iter().enumerate() {
                s.int(row, 4 + m as u16, *v, &f.total_int)?;
            }
            s.int(row, 16, Some(values.iter().take(p.month as usize).flatten().sum()), &f.total_int)?;
            s.int(row, 17, (year != p.year).then(|| values.iter().flatten().sum()), &f.total_int)?;
            row += 1;
        }
    }
    s.finish(2)
}

fn quality(wb: &mut Workbook, f: &Formats, report: &Report) -> Result<(), XlsxError> {
    let ing = report.ingested;
    let mut s = Sheet::new(wb, "数据质量", f)?;
    s.title(0, "数据质量：每张表的读取台账，以及未能读取的行和提示")?;
    s.note(1, &format!("{LEDGER_EQUATION}。"))?;
    let mut head = LEDGER_COLUMNS.to_vec();
    head.push("平衡");
    s.header(2, &head)?;
    let mut row = 3;
    for l in &ing.ledger {
        let kind = l.kind_label();
        s.text(row, 0, &l.file, &f.text)?;
        s.text(row, 1, &l.sheet_label(), &f.text)?;
        s.text(row, 2, &kind, &f.text)?;
        s.text(row, 3, &l.specialty, &f.text)?;
        s.int(row, 4, l.header_row.map(i64::from), &f.int)?;
        let counts = l.counts();
        for (i, n) in counts.iter().enumerate() {
            s.int(row, 5 + i as u16, Some(*n as i64), &f.int)?;
        }
        s.text(row, 5 + counts.len() as u16, if l.balances() { "是" } else { "否" }, &f.text)?;
        row += 1;
    }
    row += 1;
    s.ws.write_string_with_format(row, 0, "未能读取的行、文件和提示", &f.title.clone().set_font_size(12))?;
    row += 1;
    // 文件 and 工作表 under the ledger's own, the message across the columns of the counts, so a
    // long message widens no column of the ledger (表头行 stays as wide as its numbers).
    let last = head.len() as u16 - 1;
    for (i, h) in ["文件", "工作表", "级别", "单元格"].iter().enumerate() {
        s.text(row, i as u16, h, &f.header)?;
    }
    s.ws.merge_range(row, 4, row, last, "说明", &f.header)?;
    row += 1;
    let mut findings: Vec<_> = ing.findings.iter().chain(&report.figures.findings).collect();
    findings.sort_by_key(|p| p.severity);
    for p in findings {
        let level = if p.severity == Severity::Rejected { "拒收" } else { "提示" };
        s.text(row, 0, &p.location.file, &f.text)?;
        s.text(row, 1, p.location.sheet.as_deref().unwrap_or(""), &f.text)?;
        s.text(row, 2, level, if p.severity == Severity::Rejected { &f.behind } else { &f.text })?;
        s.text(row, 3, p.location.cell.as_deref().unwrap_or(""), &f.text)?;
        s.spanning(row, 4, last, &p.message, &f.text)?;
        row += 1;
    }
    for file in &ing.files {
        if let crate::model::FileStatus::Skipped { reason } = &file.status {
            s.text(row, 0, &file.file, &f.text)?;
            s.text(row, 2, "跳过", &f.text)?;
            s.spanning(row, 4, last, reason, &f.text)?;
            row += 1;
        }
    }
    s.finish(2)
}

fn details(wb: &mut Workbook, f: &Formats, report: &Report) -> Result<(), XlsxError> {
    let ing = report.ingested;
    let mut s = Sheet::new(wb, "明细", f)?;
    s.title(0, "全部记录明细（可筛选）")?;
    let by_quarter = ing.training.iter().map(|r| &r.date).chain(ing.verification.iter().map(|r| &r.date));
    let by_quarter = by_quarter.chain(ing.enforcement.iter().map(|r| &r.date)).any(|d| d.quarter_only);
    s.note(
        1,
        if by_quarter {
            "每条记录注明来源文件、工作表和行号（按月、按季度汇总表的记录另注单元格）；“仅月份”表示台账只写到月，写“仅季度”的是按季度填报的记录，日期为该季度的第一天。"
        } else {
            "每条记录注明来源文件、工作表和行号（按月汇总表的记录另注单元格）；“仅月份”表示台账只写到月。"
        },
    )?;
    let head = [
        "类型",
        "日期",
        "仅月份",
        "专业",
        "批次",
        "人次",
        "单位名称",
        "统一社会信用代码",
        "类别/检查方式",
        "联合部门",
        "数量",
        "内容/备注",
        "文件",
        "工作表",
        "行",
        "单元格",
    ];
    s.header(2, &head)?;
    let total = ing.training.len() + ing.verification.len() + ing.enforcement.len() + ing.activity.len();
    if total > report.detail_limit {
        s.note(
            1,
            &format!(
                "共{total}条记录，多于明细上限{}条（tongji.toml 的 detail_limit），本表不逐条列出；\
                 全部记录及其来源文件、工作表和行号见输出文件夹 records/ 中的 Parquet 文件。",
                report.detail_limit
            ),
        )?;
        return s.finish(2);
    }
    // A plain list (no borders), formatted by column: a cell written without a format takes its
    // column's, which spares the per-cell format lookup on a sheet of a hundred thousand rows.
    let plain = Format::new().set_font_name(FONT).set_font_size(11);
    for c in 0..head.len() as u16 {
        s.ws.set_column_format(c, &plain)?;
    }
    let row = detail_rows(&mut s, ing)?;
    s.ws.autofilter(2, 0, row.max(3) - 1, head.len() as u16 - 1)?;
    s.finish(2)
}

/// The 仅月份 column of 明细: 是 for a month, 仅季度 for a quarter, empty for a day.
fn precision(d: &crate::model::RecordDate) -> &'static str {
    if d.quarter_only {
        "仅季度"
    } else if d.month_only {
        "是"
    } else {
        ""
    }
}

/// Every record on a row of 明细 from row 3 on; returns the row after the last.
fn detail_rows(s: &mut Sheet, ing: &Ingested) -> Result<u32, XlsxError> {
    // Widths from the first rows: enough to size the columns, without measuring every cell.
    const MEASURED: u32 = 2000;
    let mut row = 3;
    for r in &ing.training {
        let topic = match (r.topic.as_deref(), r.remarks.as_deref()) {
            (Some(t), Some(m)) => format!("{t}；{m}"),
            (t, m) => t.or(m).unwrap_or("").to_string(),
        };
        let cell = r.source.col.map(|_| r.source.place()).unwrap_or_default();
        let texts: [(u16, &str); 8] = [
            (0, "培训"),
            (1, &r.date.date.to_string()),
            (2, precision(&r.date)),
            (3, &r.specialty.name),
            (11, &topic),
            (12, &r.source.file),
            (13, &r.source.sheet),
            (15, &cell),
        ];
        s.plain_row(row, &texts, &[(4, r.batches), (5, r.attendees), (14, i64::from(r.source.row))], row < MEASURED)?;
        row += 1;
    }
    for (label, records) in [("核查", &ing.verification), ("执法检查", &ing.enforcement)] {
        for r in records.iter() {
            let cell = r.source.col.map(|_| r.source.place()).unwrap_or_default();
            let texts: [(u16, &str); 12] = [
                (0, label),
                (1, &r.date.date.to_string()),
                (2, precision(&r.date)),
                (3, &r.specialty.name),
                (6, r.unit.as_deref().unwrap_or("")),
                (7, r.unit_id.as_deref().unwrap_or("")),
                (8, r.category.as_deref().unwrap_or("")),
                (9, r.partner.as_deref().unwrap_or("")),
                (11, r.remarks.as_deref().unwrap_or("")),
                (12, &r.source.file),
                (13, &r.source.sheet),
                (15, &cell),
            ];
            s.plain_row(row, &texts, &[(10, r.count), (14, i64::from(r.source.row))], row < MEASURED)?;
            row += 1;
        }
    }
    for r in &ing.activity {
        let what = [r.title.as_deref(), r.content.as_deref(), r.remarks.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("；");
        let texts: [(u16, &str); 8] = [
            (0, "活动"),
            (1, &r.date.date.to_string()),
            (2, precision(&r.date)),
            (8, &r.category.name),
            (11, &what),
            (12, &r.source.file),
            (13, &r.source.sheet),
            (15, ""),
        ];
        s.plain_row(row, &texts, &[(10, r.count), (14, i64::from(r.source.row))], row < MEASURED)?;
        row += 1;
    }
    Ok(row)
}

/// 工作活动: the meetings and other counted work per category (会议台账, 工作台账), in the activity
/// catalogue's order: this month, quarter and year to date, last year's, 同比, the previous
/// period's and 环比, and the annual target where the targets sheet sets one.
fn activities(wb: &mut Workbook, f: &Formats, report: &Report) -> Result<(), XlsxError> {
    let fig = report.figures;
    let mut s = Sheet::new(wb, "工作活动", f)?;
    s.title(0, &format!("会议和工作活动情况（{}）", window_label(fig.period, Window::Ytd)))?;
    s.note(1, &format!("{}单位：次。类别取台账的“类别”列，没有时按会议（活动）名称归类。", period_note(report)))?;
    s.header(
        2,
        &["类别", "本月", "本季", "累计", "去年同期", "同比", "上期", "环比", "年度目标", "完成率", "序时进度", "状态"],
    )?;
    let mut row = 3;
    for category in fig.specialties(Metric::Activity) {
        let get = |w| fig.get(w, Metric::Activity, &category);
        let Some(ytd) = get(Window::Ytd) else { continue };
        let month = get(Window::Month);
        s.text(row, 0, &category, &f.text)?;
        s.windows(row, 1, (month, get(Window::Quarter), ytd))?;
        row += 1;
    }
    if row == 3 {
        s.note(row, "（没有读到会议、活动台账）")?;
    }
    s.finish(2)
}

/// A native chart's title in the embedded-font-free way Excel and WPS draw it.
fn chart_title(chart: &mut Chart, text: &str) {
    let mut font = ChartFont::new();
    font.set_name(FONT).set_size(14).set_bold();
    chart.title().set_name(text).set_font(&font);
}

/// A column series with its values labelled (one label a point, `labels`), combined with a line
/// series, both over the rows `first..=last` of `sheet`: categories from the columns `cats`,
/// each series (name, column). `secondary`: the line on the secondary axis.
fn columns_and_line(
    sheet: &str,
    (first, last): (u32, u32),
    cats: (u16, u16),
    (col_name, col): (&str, u16),
    (line_name, line_col): (&str, u16),
    secondary: bool,
    labels: &[ChartDataLabel],
) -> Chart {
    let mut chart = Chart::new(ChartType::Column);
    chart
        .add_series()
        .set_name(col_name)
        .set_categories((sheet, first, cats.0, last, cats.1))
        .set_values((sheet, first, col, last, col))
        .set_custom_data_labels(labels);
    let mut line = Chart::new(ChartType::Line);
    line.add_series()
        .set_name(line_name)
        .set_categories((sheet, first, cats.0, last, cats.1))
        .set_values((sheet, first, line_col, last, line_col))
        .set_secondary_axis(secondary);
    chart.combine(&line);
    chart
}

/// A value label that names its unit a space after the number ("24 家次"), live on the cell.
fn unit_label(unit: &str) -> ChartDataLabel {
    ChartDataLabel::new().show_value().set_num_format(format!("#,##0\" {unit}\"")).to_custom()
}

/// Where a completion's label goes so that it keeps off the 序时进度 line at `progress`: inside
/// the top of a bar well above the line, above the top of a bar a little above it or well below
/// it, and at the foot of a bar that ends at or just under it. `axis_max` is the value axis's end
/// (a label is about 6 % of it tall). In January (序时进度 8.3 %) a bar under the line has no room
/// at its foot either; its label stands at the foot, over the line.
fn completion_label_position(completion: f64, progress: f64, axis_max: f64) -> ChartDataLabelPosition {
    let tall = 0.06 * axis_max;
    if completion >= progress + 1.5 * tall {
        ChartDataLabelPosition::InsideEnd
    } else if completion > progress - 1.5 * tall && completion <= progress {
        ChartDataLabelPosition::InsideBase
    } else {
        ChartDataLabelPosition::OutsideEnd
    }
}

/// 图表: the first three PNG charts again as native Excel charts over the workbook's own cells,
/// so that a clerk can restyle them in Excel or WPS.
fn charts(wb: &mut Workbook, f: &Formats, report: &Report, target_rows: Option<(u32, u32)>) -> Result<(), XlsxError> {
    let fig = report.figures;
    let label = window_label(fig.period, Window::Ytd);
    let ws = wb.add_worksheet();
    ws.set_name("图表")?;
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_header(format!("&C{label}统计业务图表"));
    ws.set_footer(PAGE_FOOTER);
    ws.write_string_with_format(0, 0, "以下图表引用本工作簿各表的单元格，可在 Excel 或 WPS 中直接修改样式。", &f.note)?;
    if let Some(note) = fig.quarterly_note_of(&Metric::ALL, Window::Ytd) {
        ws.write_string_with_format(1, 0, format!("注：累计图中{note}。"), &f.note)?;
    }
    let mut axis_font = ChartFont::new();
    axis_font.set_name(FONT).set_size(10);

    // 各专业培训情况: 人次 as columns, 批次 as a line on the secondary axis (培训 sheet, 累计).
    let n = fig.specialties(Metric::TrainingBatches).into_iter().filter(|s| s != TOTAL).count() as u32;
    if n > 0 {
        let (first, last) = (3, 3 + n - 1);
        let labels = vec![unit_label("人次"); n as usize];
        let mut chart =
            columns_and_line("培训", (first, last), (0, 0), ("累计人次", 6), ("累计批次", 5), true, &labels);
        chart_title(&mut chart, &format!("{label}各专业培训情况"));
        chart.x_axis().set_font(&axis_font);
        chart.y_axis().set_name("人次").set_font(&axis_font);
        chart.y2_axis().set_name("批次").set_font(&axis_font);
        chart.set_width(900).set_height(420);
        ws.insert_chart(2, 0, &chart)?;
    }

    // 各专业核查情况: bars of 累计 (核查 sheet), each labelled with its value.
    // Each bar's label names its own unit (家次, 家 or 个), as the 核查 sheet's rows do.
    let units: Vec<ChartDataLabel> = fig
        .specialties(Metric::Verification)
        .iter()
        .filter_map(|sp| fig.get(Window::Ytd, Metric::Verification, sp))
        .map(|r| unit_label(r.unit.label()))
        .collect();
    let v = units.len() as u32;
    if v > 0 {
        let (first, last) = (3, 3 + v - 1);
        let mut chart = Chart::new(ChartType::Bar);
        chart
            .add_series()
            .set_name("累计核查")
            .set_categories(("核查", first, 0, last, 0))
            .set_values(("核查", first, 4, last, 4))
            .set_custom_data_labels(&units);
        chart_title(&mut chart, &format!("{label}各专业核查情况"));
        chart.x_axis().set_font(&axis_font);
        chart.y_axis().set_font(&axis_font).set_reverse();
        chart.legend().set_hidden();
        chart.set_width(900).set_height(420);
        ws.insert_chart(25, 0, &chart)?;
    }

    // 目标完成情况: completion as columns against 序时进度 as a line (总览 targets table).
    // The value axis is fixed (0 to the tenth at or above 20 points over the highest bar, at
    // least 120 %) so that each label can be placed off the 序时进度 line.
    if let Some((first, last)) = target_rows {
        let progress = fig.period.time_progress();
        let targeted: Vec<&MetricRow> = fig.targeted().collect();
        let top = targeted.iter().filter_map(|r| r.completion).fold(1.0_f64, f64::max);
        let axis_max = ((top + 0.2) * 10.0 - 1e-9).ceil() / 10.0;
        let labels: Vec<ChartDataLabel> = targeted
            .iter()
            .map(|r| {
                ChartDataLabel::new()
                    .show_value()
                    .set_num_format("0.0%")
                    .set_position(completion_label_position(r.completion.unwrap_or(0.0), progress, axis_max))
                    .to_custom()
            })
            .collect();
        let mut chart = columns_and_line("总览", (first, last), (0, 1), ("完成率", 4), ("序时进度", 5), false, &labels);
        chart_title(&mut chart, &format!("{label}年度目标完成情况"));
        chart.x_axis().set_font(&axis_font);
        chart.y_axis().set_name("完成率").set_font(&axis_font).set_num_format("0%").set_min(0).set_max(axis_max);
        chart.set_width(900).set_height(420);
        ws.insert_chart(48, 0, &chart)?;
    }
    // One chart a printed page: two would not fit on an A4 landscape page, and the second would
    // be split by the page break.
    ws.set_page_breaks(&[25, 48])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_word_headers_break_between_their_words_only() {
        assert_eq!(header_lines("去年同期批次"), "去年同期\n批次");
        assert_eq!(header_lines("批次完成率"), "批次\n完成率");
        assert_eq!(header_lines("本月人次"), "本月\n人次");
        // One word, or a word and a tail wider than it: as written.
        assert_eq!(header_lines("序时进度"), "序时进度");
        assert_eq!(header_lines("专业"), "专业");
        assert_eq!(header_lines("本月统计执法检查家次"), "本月统计执法检查家次");
        assert_eq!(header_lines("执法检查（家次）"), "执法检查（家次）");
    }

    #[test]
    fn a_completion_label_keeps_off_the_time_progress_line() {
        // The position as the chart XML writes it.
        let at = |c| completion_label_position(c, 0.75, 1.4).to_string();
        // Label about 0.084 tall: inside the bar's top from 0.876, above it just over the line
        // and up to 0.624, at its foot from there to the line.
        assert_eq!(
            [at(1.2), at(0.889), at(0.87), at(0.76), at(0.75), at(0.63), at(0.62), at(0.0)],
            ["inEnd", "inEnd", "outEnd", "outEnd", "inBase", "inBase", "outEnd", "outEnd"]
        );
    }
}
