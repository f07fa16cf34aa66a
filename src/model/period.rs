//! Reporting periods: the as-of month, its windows (month, quarter-to-date, year-to-date), the
//! same window last year (同比) and the previous one (环比), and how a bureau writes them.

use std::fmt;

use chrono::{Datelike, NaiveDate};

/// The as-of month: figures are "as of the end of" it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    pub year: i32,
    /// 1–12.
    pub month: u32,
}

impl Period {
    pub fn new(year: i32, month: u32) -> Option<Period> {
        ((1..=12).contains(&month) && (1900..=2200).contains(&year)).then_some(Period { year, month })
    }

    /// Parses "2023-09" (also "2023-9", "202309", "2023年9月").
    pub fn parse(s: &str) -> Option<Period> {
        let t = s.trim().trim_end_matches('月');
        let (y, m) = if let Some((y, m)) = t.split_once(['-', '/', '.', '年']) {
            (y, m)
        } else if t.len() == 6 && t.chars().all(|c| c.is_ascii_digit()) {
            t.split_at(4)
        } else {
            return None;
        };
        Period::new(y.parse().ok()?, m.parse().ok()?)
    }

    pub fn of(date: NaiveDate) -> Period {
        Period { year: date.year(), month: date.month() }
    }

    /// The folder name and CSV value: "2023-09".
    pub fn code(&self) -> String {
        format!("{}-{:02}", self.year, self.month)
    }

    /// 序时进度: the share of the year elapsed at the end of the month.
    pub fn time_progress(&self) -> f64 {
        self.month as f64 / 12.0
    }

    /// The quarter (1–4) the month falls in.
    pub fn quarter(&self) -> u32 {
        (self.month - 1) / 3 + 1
    }

    /// The months of a window, as (year, first month, last month).
    pub fn span(&self, window: Window) -> Span {
        let first = match window {
            Window::Month => self.month,
            Window::Quarter => (self.quarter() - 1) * 3 + 1,
            Window::Ytd => 1,
        };
        Span { year: self.year, first, last: self.month }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}年{}月", self.year, self.month)
    }
}

/// A window of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Window {
    /// The as-of month.
    Month,
    /// Quarter-to-date: from the first month of the quarter to the as-of month.
    Quarter,
    /// Year-to-date: January to the as-of month (1－N月).
    Ytd,
}

impl Window {
    pub const ALL: [Window; 3] = [Window::Month, Window::Quarter, Window::Ytd];

    /// The code in metrics.csv.
    pub fn code(self) -> &'static str {
        match self {
            Window::Month => "month",
            Window::Quarter => "quarter",
            Window::Ytd => "ytd",
        }
    }
}

/// A run of whole months within one year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Span {
    pub year: i32,
    pub first: u32,
    pub last: u32,
}

impl Span {
    pub fn start(&self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.first, 1).expect("valid month")
    }

    /// The last day of the span.
    pub fn end(&self) -> NaiveDate {
        let (y, m) = if self.last == 12 { (self.year + 1, 1) } else { (self.year, self.last + 1) };
        NaiveDate::from_ymd_opt(y, m, 1).expect("valid month").pred_opt().expect("not the first day ever")
    }

    /// The same months a year earlier (同比).
    pub fn prior_year(&self) -> Span {
        Span { year: self.year - 1, ..*self }
    }

    /// The same span shifted back by its own length in whole months for a month, or by a quarter
    /// for a quarter-to-date span (环比); None for year-to-date.
    pub fn previous(&self, window: Window) -> Option<Span> {
        let shift = match window {
            Window::Month => 1,
            Window::Quarter => 3,
            Window::Ytd => return None,
        };
        let first = self.year * 12 + self.first as i32 - 1 - shift;
        let last = self.year * 12 + self.last as i32 - 1 - shift;
        Some(Span {
            year: first.div_euclid(12),
            first: (first.rem_euclid(12) + 1) as u32,
            last: (last.rem_euclid(12) + 1) as u32,
        })
    }

    /// Whether the span is whole quarters (一季度, 7－9月, 1－3季度): a record kept by quarter
    /// counts in it when its quarter is among them; a span that ends or begins inside a quarter
    /// (a month, 7－8月, 1－8月) has no place for one.
    pub fn whole_quarters(&self) -> bool {
        self.first % 3 == 1 && self.last.is_multiple_of(3)
    }

    /// The months of the span that lie in a quarter it does not cover whole (7－8月 of 1－8月),
    /// where figures kept by quarter are missing; None when the span is whole quarters.
    pub fn short_of_quarters(&self) -> Option<Span> {
        if self.whole_quarters() {
            return None;
        }
        let first = if self.last.is_multiple_of(3) { self.first } else { (self.last - 1) / 3 * 3 + 1 };
        Some(Span { first: first.max(self.first), ..*self })
    }

    pub fn contains(&self, d: NaiveDate) -> bool {
        self.start() <= d && d <= self.end()
    }

    /// How a bureau writes the span: "9月", "7－9月", "1－3季度", "1季度", "1－8月", and the whole
    /// year as the year's ("全年", never "1－4季度").
    pub fn label(&self) -> String {
        if self.first == 1 && self.last == 12 {
            return "全年".into();
        }
        if self.first == self.last {
            return format!("{}月", self.last);
        }
        if self.first == 1 && self.last.is_multiple_of(3) {
            let q = self.last / 3;
            return if q == 1 { "1季度".into() } else { format!("1－{q}季度") };
        }
        format!("{}－{}月", self.first, self.last)
    }
}

/// The Chinese numeral of a quarter ("三季度").
pub fn quarter_name(q: u32) -> &'static str {
    ["一季度", "二季度", "三季度", "四季度"][(q.clamp(1, 4) - 1) as usize]
}

/// How a window of a period is named in the workbook: "2023年9月", "2023年三季度",
/// "2023年1－3季度" (and "2023年三季度（7－8月）" for a quarter not yet complete).
pub fn window_label(period: Period, window: Window) -> String {
    let span = period.span(window);
    match window {
        Window::Month => format!("{}年{}月", period.year, period.month),
        Window::Quarter if period.month.is_multiple_of(3) => {
            format!("{}年{}", period.year, quarter_name(period.quarter()))
        }
        Window::Quarter => format!("{}年{}（{}）", period.year, quarter_name(period.quarter()), span.label()),
        Window::Ytd => format!("{}年{}", period.year, span.label()),
    }
}

/// Today's date by the system clock (UTC).
pub fn today() -> chrono::NaiveDate {
    let days =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() / 86_400).unwrap_or(0);
    chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date") + chrono::Duration::days(days as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(y: i32, m: u32) -> Period {
        Period::new(y, m).unwrap()
    }

    #[test]
    fn parse_periods() {
        assert_eq!(Period::parse("2023-09"), Some(p(2023, 9)));
        assert_eq!(Period::parse("2023-9"), Some(p(2023, 9)));
        assert_eq!(Period::parse("202309"), Some(p(2023, 9)));
        assert_eq!(Period::parse("2023年9月"), Some(p(2023, 9)));
        assert_eq!(Period::parse("2023-13"), None);
        assert_eq!(Period::parse("2023"), None);
        assert_eq!(p(2023, 9).code(), "2023-09");
    }

    #[test]
    fn windows_and_labels_for_every_month() {
        let ytd: Vec<String> = (1..=12).map(|m| p(2023, m).span(Window::Ytd).label()).collect();
        assert_eq!(
            ytd,
            [
                "1月",
                "1－2月",
                "1季度",
                "1－4月",
                "1－5月",
                "1－2季度",
                "1－7月",
                "1－8月",
                "1－3季度",
                "1－10月",
                "1－11月",
                "全年"
            ]
        );
        assert_eq!(p(2023, 8).span(Window::Quarter), Span { year: 2023, first: 7, last: 8 });
        assert_eq!(p(2023, 9).span(Window::Quarter).label(), "7－9月");
        assert_eq!(window_label(p(2023, 9), Window::Quarter), "2023年三季度");
        assert_eq!(window_label(p(2023, 8), Window::Quarter), "2023年三季度（7－8月）");
        assert_eq!(window_label(p(2023, 9), Window::Ytd), "2023年1－3季度");
        assert_eq!(window_label(p(2023, 9), Window::Month), "2023年9月");
    }

    #[test]
    fn month_and_quarter_wording_for_every_month() {
        let months: Vec<String> = (1..=12).map(|m| p(2023, m).span(Window::Month).label()).collect();
        assert_eq!(months, ["1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月"]);
        let quarters: Vec<String> = (1..=12).map(|m| window_label(p(2023, m), Window::Quarter)).collect();
        assert_eq!(
            quarters,
            [
                "2023年一季度（1月）",
                "2023年一季度（1－2月）",
                "2023年一季度",
                "2023年二季度（4月）",
                "2023年二季度（4－5月）",
                "2023年二季度",
                "2023年三季度（7月）",
                "2023年三季度（7－8月）",
                "2023年三季度",
                "2023年四季度（10月）",
                "2023年四季度（10－11月）",
                "2023年四季度",
            ]
        );
    }

    #[test]
    fn spans_have_whole_months() {
        let s = p(2024, 2).span(Window::Month);
        assert_eq!(s.start().to_string(), "2024-02-01");
        assert_eq!(s.end().to_string(), "2024-02-29");
        assert_eq!(p(2023, 12).span(Window::Ytd).end().to_string(), "2023-12-31");
    }

    #[test]
    fn prior_year_and_previous_period() {
        let s = p(2023, 9).span(Window::Quarter);
        assert_eq!(s.prior_year(), Span { year: 2022, first: 7, last: 9 });
        assert_eq!(s.previous(Window::Quarter), Some(Span { year: 2023, first: 4, last: 6 }));
        // Quarter-to-date in February: compared with October–November of the year before.
        let q = p(2023, 2).span(Window::Quarter);
        assert_eq!(q.previous(Window::Quarter), Some(Span { year: 2022, first: 10, last: 11 }));
        let jan = p(2023, 1).span(Window::Month);
        assert_eq!(jan.previous(Window::Month), Some(Span { year: 2022, first: 12, last: 12 }));
        assert_eq!(p(2023, 9).span(Window::Ytd).previous(Window::Ytd), None);
    }
}
