//! Reading cell values as the clerks type them: dates in their many spellings, counts with units.

use chrono::{Datelike, NaiveDate};

use super::text::{fold, fold_cow};
use crate::model::CellValue;

/// A record's date: a day, or only a month when the log was kept by month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateValue {
    Day(NaiveDate),
    Month { year: i32, month: u32 },
}

impl DateValue {
    /// The day the record counts on: the first of the month for month-only dates.
    pub fn first_day(&self) -> NaiveDate {
        match *self {
            DateValue::Day(d) => d,
            DateValue::Month { year, month } => NaiveDate::from_ymd_opt(year, month, 1).expect("validated month"),
        }
    }

    pub fn year(&self) -> i32 {
        self.first_day().year()
    }

    pub fn is_month_only(&self) -> bool {
        matches!(self, DateValue::Month { .. })
    }
}

/// Why a date cell could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    /// Nothing recognisable as a date.
    Unrecognized,
    /// "9月20日" with no year anywhere in the sheet's title, name or file name.
    NoYear,
}

/// Words a clerk writes in a label cell (联合部门, 检查方式, 备注, 类型) to say "none": the cell is
/// read as empty. Compared on the [`key`](super::text::key) of the text, so "无（单独检查）" is
/// 无 and "Ｎ／Ａ" is n/a.
const NOTHING_WORDS: [&str; 22] = [
    "无",
    "否",
    "没有",
    "无联合",
    "不涉及",
    "空",
    "n/a",
    "na",
    "none",
    "nil",
    "0",
    "暂无",
    "未联合",
    "非联合",
    "无联合部门",
    "无配合部门",
    "不联合",
    "未涉及",
    "无此项",
    "無",
    "null",
    "×",
];

/// True when a label cell says nothing but "none": a word of [`NOTHING_WORDS`], or only
/// dashes, slashes and dots ("/", "—", "－", "--", "……"). Read on every check record's label
/// cells, so it looks at the text's key character by character and allocates nothing.
pub fn means_nothing(text: &str) -> bool {
    const LONGEST: usize = 6; // no word of NOTHING_WORDS has more characters
    let is_dash =
        |c: char| matches!(c, '-' | '/' | '\\' | '—' | '－' | '–' | '─' | '一' | '.' | '。' | '…' | '、' | '_');
    let mut head = ['\0'; LONGEST];
    let mut len = 0;
    let mut dashes_only = true;
    for c in super::text::key_chars(text) {
        dashes_only &= is_dash(c);
        if len < LONGEST {
            head[len] = c;
            len += 1;
        } else if !dashes_only {
            return false;
        }
    }
    // 一 alone is a dash typed with the IME; so is any run of dashes.
    if len == 0 || dashes_only {
        return true;
    }
    NOTHING_WORDS.iter().any(|w| w.chars().eq(head[..len].iter().copied()))
}

/// The years a log can plausibly be about.
const YEARS: std::ops::RangeInclusive<i32> = 1990..=2100;
/// Excel serial numbers of 1990-01-01 and 2100-12-31.
const SERIALS: std::ops::RangeInclusive<f64> = 32874.0..=73415.0;

/// Reads a date cell. `context_year` is the year found in the sheet's title rows, sheet name or
/// file name, used for year-less dates. `month_column` says the column is a 月份 column, where a
/// bare 1–12 means that month.
pub fn parse_date(v: &CellValue, context_year: Option<i32>, month_column: bool) -> Result<DateValue, DateError> {
    match v {
        CellValue::DateTime(dt) => {
            let d = dt.date();
            if YEARS.contains(&d.year()) {
                Ok(DateValue::Day(d))
            } else {
                Err(DateError::Unrecognized)
            }
        }
        CellValue::Number(n) => parse_number_date(*n, context_year, month_column),
        CellValue::Text(s) => parse_text_date(s, context_year, month_column),
        _ => Err(DateError::Unrecognized),
    }
}

fn parse_number_date(n: f64, context_year: Option<i32>, month_column: bool) -> Result<DateValue, DateError> {
    if n.fract() != 0.0 {
        // A date-time serial: the day is the integer part.
        if SERIALS.contains(&n) {
            return serial_to_date(n.floor() as i64).map(DateValue::Day).ok_or(DateError::Unrecognized);
        }
        return Err(DateError::Unrecognized);
    }
    let i = n as i64;
    match i {
        1..=12 if month_column => month_in(context_year, i as u32),
        19_900_101..=21_001_231 => ymd(i / 10_000, (i / 100 % 100) as u32, (i % 100) as u32),
        199_001..=210_012 => ym(i / 100, (i % 100) as u32),
        _ if SERIALS.contains(&n) => serial_to_date(i).map(DateValue::Day).ok_or(DateError::Unrecognized),
        _ => Err(DateError::Unrecognized),
    }
}

/// Excel's 1900 date system (serial 1 = 1900-01-01, with its phantom 1900-02-29).
pub fn serial_to_date(serial: i64) -> Option<NaiveDate> {
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    epoch.checked_add_signed(chrono::Duration::days(serial))
}

fn ymd(y: i64, m: u32, d: u32) -> Result<DateValue, DateError> {
    let y = i32::try_from(y).map_err(|_| DateError::Unrecognized)?;
    if !YEARS.contains(&y) {
        return Err(DateError::Unrecognized);
    }
    NaiveDate::from_ymd_opt(y, m, d).map(DateValue::Day).ok_or(DateError::Unrecognized)
}

fn ym(y: i64, m: u32) -> Result<DateValue, DateError> {
    let y = i32::try_from(y).map_err(|_| DateError::Unrecognized)?;
    if YEARS.contains(&y) && (1..=12).contains(&m) {
        Ok(DateValue::Month { year: y, month: m })
    } else {
        Err(DateError::Unrecognized)
    }
}

fn month_in(context_year: Option<i32>, m: u32) -> Result<DateValue, DateError> {
    let y = context_year.ok_or(DateError::NoYear)?;
    ym(y as i64, m)
}

/// Digit runs and the separator after each; a date has at most three.
type Tokens<'a> = ([(&'a str, Option<char>); 3], usize);

/// Splits "2023年9月20日" into its digit runs and the separators after each:
/// [(2023, '年'), (9, '月'), (20, '日')]. Returns None when anything else is in the text, or
/// more than three runs (no date has more).
fn tokens(s: &str) -> Option<Tokens<'_>> {
    let mut out = [("", None); 3];
    let mut n = 0;
    let mut rest = s;
    while !rest.is_empty() {
        let digits = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
        if digits == 0 {
            return None;
        }
        let (num, tail) = rest.split_at(digits);
        let mut chars = tail.chars();
        let sep = chars.next();
        if let Some(c) = sep {
            if !matches!(c, '-' | '/' | '.' | '年' | '月' | '日' | '号') {
                return None;
            }
        }
        rest = chars.as_str();
        // "9月份": the 份 after 月 is part of the separator.
        if sep == Some('月') && rest.starts_with('份') {
            rest = &rest['份'.len_utf8()..];
        }
        *out.get_mut(n)? = (num, sep);
        n += 1;
    }
    Some((out, n))
}

/// The first date written inside a longer text — a title such as "2023年3月15日住户调查业务培训签到表"
/// or a line "时间：2023.3.15": a day (2023年3月15日, 2023-03-15, 2023.3.15, 2023/3/15), else a
/// month (2023年3月). A range gives its first day. None when the text holds no date with its year.
pub fn date_in_text(text: &str) -> Option<DateValue> {
    let folded = fold_cow(text);
    let chars: Vec<char> = folded.chars().collect();
    let mut month: Option<DateValue> = None;
    for start in 0..chars.len() {
        // A year of four digits, not part of a longer number.
        if start > 0 && chars[start - 1].is_ascii_digit() {
            continue;
        }
        let digits = |from: usize, most: usize| -> (usize, usize) {
            let n = chars[from.min(chars.len())..].iter().take(most).take_while(|c| c.is_ascii_digit()).count();
            let value = chars[from..from + n].iter().collect::<String>().parse().unwrap_or(0);
            (value, n)
        };
        let (year, n) = digits(start, 5);
        if n != 4 || !YEARS.contains(&(year as i32)) {
            continue;
        }
        let Some(&sep) = chars.get(start + 4) else { continue };
        if !matches!(sep, '年' | '-' | '.' | '/') {
            continue;
        }
        let (m, mn) = digits(start + 5, 3);
        if !(1..=2).contains(&mn) || !(1..=12).contains(&m) {
            continue;
        }
        let after_month = start + 5 + mn;
        let month_sep = chars.get(after_month).copied();
        let day_sep_ok = match sep {
            '年' => month_sep == Some('月'),
            other => month_sep == Some(other),
        };
        if day_sep_ok {
            let (d, dn) = digits(after_month + 1, 3);
            let closed = sep != '年' || matches!(chars.get(after_month + 1 + dn), Some('日' | '号'));
            if (1..=2).contains(&dn) && closed {
                // A day that cannot be (2023年2月30日) is no date, not its month.
                return NaiveDate::from_ymd_opt(year as i32, m as u32, d as u32).map(DateValue::Day);
            }
        }
        if sep == '年' && month_sep == Some('月') && month.is_none() {
            month = ym(year as i64, m as u32).ok();
        }
    }
    month
}

/// Cuts a date range ("2023年9月20日-22日", "2023.9.20至9.22", "9月5日-6日") to its start: a
/// session of several days is one session, in the month it starts.
fn range_start(s: &str) -> &str {
    let mut end = s.find(['至', '到', '~', '～', '—', '–', '、', '，', ',']).unwrap_or(s.len());
    // A '-' separates a range only where the date itself is not written with '-' (2023-09-20):
    // where it is written with 年, 月, 日, '.' or '/'.
    if s.contains(['年', '月', '日', '号', '.', '/']) {
        if let Some(i) = s.find('-') {
            end = end.min(i);
        }
    }
    &s[..end]
}

fn parse_text_date(raw: &str, context_year: Option<i32>, month_column: bool) -> Result<DateValue, DateError> {
    let folded = fold_cow(raw);
    // Drop a time of day ("2023-09-20 08:30", "2023-09-20T00:00:00", "2023年9月20日 上午").
    let date_part = folded.split([' ', 'T', '\t']).next().unwrap_or("");
    let whole = date_part.trim();
    let s = range_start(whole);
    let d = parse_one_date(s, context_year, month_column)?;
    // A span of months ("1月-3月", "2023年1月至3月") is no month: refused, never its first month.
    if s.len() < whole.len() && d.is_month_only() {
        return Err(DateError::Unrecognized);
    }
    Ok(d)
}

/// One date as text (no range): see [`parse_text_date`].
fn parse_one_date(s: &str, context_year: Option<i32>, month_column: bool) -> Result<DateValue, DateError> {
    let (toks, count) = tokens(s).ok_or(DateError::Unrecognized)?;
    let num = |t: &str| t.parse::<i64>().map_err(|_| DateError::Unrecognized);
    let seps = toks.map(|(_, s)| s);
    let lens = toks.map(|(t, _)| t.len());
    match count {
        1 => {
            let (t, sep) = toks[0];
            let n = num(t)?;
            match (t.len(), sep) {
                (8, None) => ymd(n / 10_000, (n / 100 % 100) as u32, (n % 100) as u32),
                (6, None) => ym(n / 100, (n % 100) as u32),
                (1 | 2, Some('月')) => month_in(context_year, n as u32),
                (1 | 2, None) if month_column => month_in(context_year, n as u32),
                (4, Some('年')) => Err(DateError::Unrecognized),
                _ => Err(DateError::Unrecognized),
            }
        }
        2 => {
            let (a, b) = (num(toks[0].0)?, num(toks[1].0)?);
            match (lens[0], seps[0], seps[1]) {
                // 2023-09, 2023/9, 2023.09, 2023年9月
                (4, Some('-' | '/' | '.'), None) | (4, Some('年'), Some('月') | None) => ym(a, b as u32),
                // 9月20日 (year from the title or the names)
                (1 | 2, Some('月'), Some('日' | '号') | None) => {
                    let y = context_year.ok_or(DateError::NoYear)?;
                    ymd(y as i64, a as u32, b as u32)
                }
                _ => Err(DateError::Unrecognized),
            }
        }
        3 => {
            if lens[0] != 4 {
                return Err(DateError::Unrecognized);
            }
            let ok_seps = match (seps[0], seps[1], seps[2]) {
                (Some('年'), Some('月'), Some('日' | '号') | None) => true,
                (Some(x), Some(y), None) => x == y && matches!(x, '-' | '/' | '.'),
                _ => false,
            };
            if !ok_seps {
                return Err(DateError::Unrecognized);
            }
            ymd(num(toks[0].0)?, num(toks[1].0)? as u32, num(toks[2].0)? as u32)
        }
        _ => Err(DateError::Unrecognized),
    }
}

/// Why a count cell could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CountError {
    Negative,
    Fraction,
    NotANumber,
}

/// Units a clerk may type after a count ("56人次", "3批").
const UNITS: [&str; 11] = ["人次", "批次", "家次", "人", "批", "家", "个", "次", "期", "场", "项"];

/// Reads a count: a numeric cell, or text with optional full-width digits, thousands separators
/// and a trailing unit. Empty → Ok(None).
pub fn parse_count(v: &CellValue) -> Result<Option<i64>, CountError> {
    match v {
        CellValue::Empty => Ok(None),
        CellValue::Number(n) => number_to_count(*n).map(Some),
        CellValue::Text(s) => parse_count_text(s).map(Some),
        _ => Err(CountError::NotANumber),
    }
}

fn number_to_count(n: f64) -> Result<i64, CountError> {
    if !n.is_finite() {
        return Err(CountError::NotANumber);
    }
    if n < 0.0 {
        return Err(CountError::Negative);
    }
    let r = n.round();
    // Tolerate float noise from formulas (3.0000000000004), never a real fraction.
    if (n - r).abs() > 1e-9 {
        return Err(CountError::Fraction);
    }
    if r > 1e15 {
        return Err(CountError::NotANumber);
    }
    Ok(r as i64)
}

fn parse_count_text(raw: &str) -> Result<i64, CountError> {
    let folded = fold(raw);
    let mut s = folded.as_str();
    for u in UNITS {
        if let Some(stripped) = s.strip_suffix(u) {
            s = stripped.trim_end();
            break;
        }
    }
    let cleaned: String = s.chars().filter(|c| *c != ',' && *c != '，').collect();
    if cleaned.is_empty() {
        return Err(CountError::NotANumber);
    }
    let (negative, digits) = match cleaned.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, cleaned.as_str()),
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit() || c == '.') || digits.matches('.').count() > 1 {
        return Err(CountError::NotANumber);
    }
    // Thousands separators must group by three ("1,200"), or a typo like "1,2" is not a number.
    if s.contains(',') {
        let groups: Vec<&str> = s.trim_start_matches('-').split('.').next().unwrap_or("").split(',').collect();
        if groups.iter().skip(1).any(|g| g.len() != 3) || groups[0].is_empty() || groups[0].len() > 3 {
            return Err(CountError::NotANumber);
        }
    }
    let n: f64 = digits.parse().map_err(|_| CountError::NotANumber)?;
    if negative && n != 0.0 {
        return Err(CountError::Negative);
    }
    number_to_count(n)
}

/// The first plausible four-digit year in a text ("2023年劳动工资统计培训情况" → 2023).
pub fn find_year(s: &str) -> Option<i32> {
    let folded = fold(s);
    let b = folded.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            // "2023", or the year of a date written as digits only ("202309", "20230920").
            if matches!(i - start, 4 | 6 | 8) {
                if let Ok(y) = folded[start..start + 4].parse::<i32>() {
                    if YEARS.contains(&y) {
                        return Some(y);
                    }
                }
            }
        } else {
            i += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> CellValue {
        CellValue::Text(s.to_string())
    }
    fn day(y: i32, m: u32, d: u32) -> Result<DateValue, DateError> {
        Ok(DateValue::Day(NaiveDate::from_ymd_opt(y, m, d).unwrap()))
    }
    fn month(y: i32, m: u32) -> Result<DateValue, DateError> {
        Ok(DateValue::Month { year: y, month: m })
    }

    #[test]
    fn words_that_mean_nothing() {
        for w in [
            "无",
            "否",
            "/",
            "—",
            "－",
            "-",
            "没有",
            "无联合",
            "不涉及",
            "空",
            "N/A",
            "0",
            "Ｎ／Ａ",
            "——",
            "--",
            "无（单独检查）",
            " / ",
            "一",
        ] {
            assert!(means_nothing(w), "{w}");
        }
        for w in ["消防", "县消防救援大队", "市场监管局", "无锡市统计局", "1", "一般检查", "否决"]
        {
            assert!(!means_nothing(w), "{w}");
        }
    }

    #[test]
    fn dates_typed_five_ways_and_more() {
        for s in [
            "2023-09-20",
            "2023/9/20",
            "2023.09.20",
            "2023年9月20日",
            "20230920",
            "２０２３年９月２０日",
            "2023-09-20 08:30:00",
            "2023-09-20T00:00:00",
            "2023年9月20号",
            " 2023.9.20 ",
            "2023年9月20日-22日",
            "2023.9.20至9.22",
            "2023年9月20日 上午",
        ] {
            assert_eq!(parse_date(&t(s), None, false), day(2023, 9, 20), "{s}");
        }
    }

    #[test]
    fn month_only_dates() {
        for s in ["2023-09", "2023年9月", "2023.09", "2023/9", "202309", "2023年9月份"] {
            assert_eq!(parse_date(&t(s), None, false), month(2023, 9), "{s}");
        }
    }

    #[test]
    fn dates_inside_titles() {
        let d = |s: &str| date_in_text(s);
        assert_eq!(d("2023年3月15日住户调查业务培训签到表"), day(2023, 3, 15).ok());
        assert_eq!(d("时间：2023.3.15 地点：三楼会议室"), day(2023, 3, 15).ok());
        assert_eq!(d("培训日期：2023-03-15至16日"), day(2023, 3, 15).ok());
        assert_eq!(d("2023年3月贸易业培训情况"), month(2023, 3).ok());
        assert_eq!(d("２０２３年３月１５号 统计法培训"), day(2023, 3, 15).ok());
        // No year, an impossible day, a code or a year alone: no date.
        for s in ["3月15日培训签到表", "2023年2月30日", "编号120230315", "2023年度培训台账", "2023年13月"]
        {
            assert_eq!(d(s), None, "{s}");
        }
    }

    /// Multi-day sessions as the field guide shows them, the year from the title when the cell has
    /// none: counted once, on their first day.
    #[test]
    fn ranges_without_a_year_start_on_their_first_day() {
        for s in ["9月5日-6日", "9月5日至6日", "9月5日—6日", "9月5日~9月6日", "9月5-6日", "9月5日到7日", "9月5号-6号"]
        {
            assert_eq!(parse_date(&t(s), Some(2023), false), day(2023, 9, 5), "{s}");
            assert_eq!(parse_date(&t(s), None, false), Err(DateError::NoYear), "{s}");
        }
        for s in ["2023.9.5-9.6", "2023年9月5日-6日", "2023年9月5日至9月6日"] {
            assert_eq!(parse_date(&t(s), None, false), day(2023, 9, 5), "{s}");
        }
        // A range across months counts in the month it starts.
        assert_eq!(parse_date(&t("3月30日-4月2日"), Some(2023), false), day(2023, 3, 30));
        // A span of months is no month, and no session: refused.
        for s in ["1月-3月", "2023年1月至3月", "2023.1-2023.3"] {
            assert_eq!(parse_date(&t(s), Some(2023), false), Err(DateError::Unrecognized), "{s}");
        }
        // '-' inside a date written with '-' is no range.
        assert_eq!(parse_date(&t("2023-09-05"), None, false), day(2023, 9, 5));
    }

    #[test]
    fn year_less_dates_need_a_context_year() {
        assert_eq!(parse_date(&t("9月20日"), Some(2023), false), day(2023, 9, 20));
        assert_eq!(parse_date(&t("9月"), Some(2022), false), month(2022, 9));
        assert_eq!(parse_date(&t("9月份"), Some(2022), false), month(2022, 9));
        assert_eq!(parse_date(&t("9月20日"), None, false), Err(DateError::NoYear));
        assert_eq!(parse_date(&CellValue::Number(9.0), Some(2023), true), month(2023, 9));
        // a bare 9 in a 日期 column is not a date
        assert_eq!(parse_date(&CellValue::Number(9.0), Some(2023), false), Err(DateError::Unrecognized));
    }

    #[test]
    fn numbers_in_date_columns() {
        // zh-CN Excel's 年月日 formats come through as plain serial numbers.
        assert_eq!(parse_date(&CellValue::Number(45189.0), None, false), day(2023, 9, 20));
        assert_eq!(parse_date(&CellValue::Number(45189.5), None, false), day(2023, 9, 20));
        assert_eq!(parse_date(&CellValue::Number(20230920.0), None, false), day(2023, 9, 20));
        assert_eq!(parse_date(&CellValue::Number(202309.0), None, false), month(2023, 9));
        assert_eq!(parse_date(&CellValue::Number(56.0), None, false), Err(DateError::Unrecognized));
        assert_eq!(parse_date(&CellValue::Number(-1.0), None, false), Err(DateError::Unrecognized));
    }

    #[test]
    fn impossible_dates_are_rejected() {
        for s in [
            "2023年13月1日",
            "2023-02-30",
            "2023-9",
            "23.9.20",
            "2023-09/20",
            "九月二十日",
            "2023年",
            "明天",
            "20231301",
            "1899-01-01",
            "2023.9.20.1",
            "9/20",
        ] {
            let r = parse_date(&t(s), Some(2023), false);
            // "2023-9" is a legitimate month; everything else must fail
            if s == "2023-9" {
                assert_eq!(r, month(2023, 9));
            } else {
                assert_eq!(r, Err(DateError::Unrecognized), "{s}");
            }
        }
    }

    #[test]
    fn counts_typed_as_text() {
        assert_eq!(parse_count(&t("56人次")), Ok(Some(56)));
        assert_eq!(parse_count(&t("３")), Ok(Some(3)));
        assert_eq!(parse_count(&t("1,200")), Ok(Some(1200)));
        assert_eq!(parse_count(&t("２批次")), Ok(Some(2)));
        assert_eq!(parse_count(&t("18 家次")), Ok(Some(18)));
        assert_eq!(parse_count(&t("3.0")), Ok(Some(3)));
        assert_eq!(parse_count(&CellValue::Number(331.0)), Ok(Some(331)));
        assert_eq!(parse_count(&CellValue::Number(3.0000000000004)), Ok(Some(3)));
        assert_eq!(parse_count(&CellValue::Empty), Ok(None));
    }

    #[test]
    fn bad_counts() {
        assert_eq!(parse_count(&t("-2")), Err(CountError::Negative));
        assert_eq!(parse_count(&CellValue::Number(-1.0)), Err(CountError::Negative));
        assert_eq!(parse_count(&t("2.5")), Err(CountError::Fraction));
        assert_eq!(parse_count(&CellValue::Number(0.5)), Err(CountError::Fraction));
        assert_eq!(parse_count(&t("1,2")), Err(CountError::NotANumber));
        assert_eq!(parse_count(&t("约30人")), Err(CountError::NotANumber));
        assert_eq!(parse_count(&t("—")), Err(CountError::NotANumber));
        assert_eq!(parse_count(&t("人次")), Err(CountError::NotANumber));
        assert_eq!(parse_count(&CellValue::Bool(true)), Err(CountError::NotANumber));
        assert_eq!(parse_count(&CellValue::Error("#REF!".into())), Err(CountError::NotANumber));
    }

    #[test]
    fn years_in_titles_and_names() {
        assert_eq!(find_year("2023年劳动工资统计培训情况"), Some(2023));
        assert_eq!(find_year("贸易台账（２０２２）.xlsx"), Some(2022));
        assert_eq!(find_year("台账20230920.xlsx"), Some(2023));
        assert_eq!(find_year("第12345号"), None);
        assert_eq!(find_year("培训"), None);
    }
}
