//! Activity ledgers (会议台账, 工作台账): one row per meeting or other counted activity, its
//! category from 类别, else its name, folded by the activity catalogue; unknown categories kept as
//! written without their ordinal ("2023年第3次局务会议" → 局务会议).

use super::header::Field;
use super::log::{Reader, Sums};
use super::tally::RowError;
use crate::model::{cell_name, ActivityRecord, RawRow, SpecialtyName};
use crate::normalize::values::parse_count;

impl Reader<'_> {
    /// A row of a 会议台账 / 工作台账: one meeting or activity (次数 times, 1 when not written). Its
    /// category is its 类别 cell, else its name, folded to the activity catalogue; a category
    /// the catalogue lacks is kept as written (its ordinal "第3次" taken off) and named once a
    /// sheet, never dropped.
    pub(super) fn read_activity(&mut self, row: &RawRow) -> Result<(), Vec<RowError>> {
        let mut errors = Vec::new();
        let date = self.date(row, &mut errors);
        let count = self.count(row, Field::Count, "次数", &mut errors);
        let participants = match self.value(row, Field::Participants).map(|(_, v)| parse_count(v)) {
            Some(Ok(n)) => n,
            _ => None,
        };
        let title = self.text(row, Field::Title);
        let kind = self.text(row, Field::Category);
        // With neither 类别 nor 会议名称, a 会议内容 says what the meeting was.
        let content = self.text(row, Field::Topic).filter(|_| self.header.column(Field::Title).is_none());
        let cell = |f: Field| self.header.column(f).map(|c| cell_name(row.index, c));
        // The catalogue on the 类别 cell, then on the name (a 类别 of 会议 over 第3次党组会议 is a
        // 党组会议), and only then the 类别 as written, else the name as written.
        let known = [&kind, &title, &content]
            .into_iter()
            .flatten()
            .find_map(|t| self.ctx.activities.find(t))
            .map(|name| SpecialtyName { name: name.into(), known: true });
        let written = kind.clone().or_else(|| title.clone()).or_else(|| content.clone());
        let category = match (known, written) {
            (Some(k), _) => Some(k),
            (None, Some(w)) => {
                let at = cell(Field::Category).filter(|_| kind.is_some()).or(cell(Field::Title)).or(cell(Field::Topic));
                Some(self.activity_category(&w, at.unwrap_or_else(|| format!("第{}行", row.index + 1))))
            }
            (None, None) => {
                let at =
                    cell(Field::Category).or(cell(Field::Title)).unwrap_or_else(|| format!("第{}行", row.index + 1));
                errors.push(RowError::at(at, "缺少类别和会议（活动）名称，无法确定是哪一类活动".into()));
                None
            }
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        let (Some(date), Some(category), Some(count)) = (date, category, count) else {
            unreachable!("every missing value pushed an error")
        };
        let count = count.unwrap_or(1);
        self.add_sums(Sums { batches: 0, attendees: 0, count });
        let record = ActivityRecord {
            date,
            category,
            title,
            count,
            participants,
            host: self.text(row, Field::Host),
            place: self.text(row, Field::Place),
            content: self.text(row, Field::Topic),
            remarks: self.text(row, Field::Remarks),
            source: self.tally.provenance(row.index, None),
        };
        self.tally.out.activity.push(record);
        Ok(())
    }

    /// The category an activity's 类别 or name says: the catalogue's, else the text as written
    /// without its ordinal and year ("2023年第3次局务会议" → 局务会议), remembered to be named.
    pub(super) fn activity_category(&mut self, written: &str, cell: String) -> SpecialtyName {
        let plain = without_ordinal(written);
        // The catalogue once more on the name without its ordinal ("局党组2023年第5次会议" → 党组会议).
        if let Some(name) = self.ctx.activities.find(written).or_else(|| self.ctx.activities.find(&plain)) {
            return SpecialtyName { name: name.into(), known: true };
        }
        if !self.unknown_activities.iter().any(|(w, _)| *w == plain) {
            self.unknown_activities.push((plain.clone(), cell));
        }
        SpecialtyName { name: plain.as_str().into(), known: false }
    }
}

/// An activity's name without the parts that differ from one meeting to the next: a year, a
/// month and an ordinal ("2023年第3次局务会议" → 局务会议, "局务会议（第二次）" → 局务会议).
pub fn without_ordinal(text: &str) -> String {
    let numeral = |c: char| c.is_ascii_digit() || "一二三四五六七八九十百零〇两".contains(c);
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        // 第N次 / 第N期 / 第N场, NNNN年(度), N月(份), N日 / N号, N季度, 上(下)半年
        let start = i;
        let rest: String = chars[i..].iter().collect();
        if let Some(p) = ["上半年", "下半年"].iter().find(|p| rest.starts_with(**p)) {
            i += p.chars().count();
            continue;
        }
        let ordinal = chars[i] == '第';
        let mut j = if ordinal { i + 1 } else { i };
        while j < chars.len() && numeral(chars[j]) {
            j += 1;
        }
        let digits = j - if ordinal { i + 1 } else { i };
        if digits > 0 && j < chars.len() {
            let next = chars[j];
            let then = chars.get(j + 1).copied();
            let end = if ordinal && "次期场".contains(next) {
                Some(j + 1)
            } else if next == '季' && then == Some('度') {
                Some(j + 2) // 一季度, 第一季度
            } else if !ordinal && next == '年' && digits == 4 {
                Some(if then == Some('度') { j + 2 } else { j + 1 })
            } else if !ordinal && next == '月' {
                // N月, N月份, N月N日 / N月N号
                let mut e = if then == Some('份') { j + 2 } else { j + 1 };
                let day = (e..chars.len()).take_while(|&k| chars[k].is_ascii_digit()).count();
                if day > 0 && chars.get(e + day).is_some_and(|c| "日号".contains(*c)) {
                    e += day + 1;
                }
                Some(e)
            } else if !ordinal && "-－—~～至".contains(next) {
                // A range of months: 1-3月
                let m = (j + 1..chars.len()).take_while(|&k| numeral(chars[k])).count();
                (m > 0 && chars.get(j + 1 + m) == Some(&'月')).then_some(j + 2 + m)
            } else {
                None
            };
            if let Some(end) = end {
                i = end;
                continue;
            }
        }
        out.push(chars[start]);
        i = start + 1;
    }
    // Brackets left empty by the ordinal taken out of them.
    let out = out.replace("（）", "").replace("()", "");
    let trimmed = out.trim_matches(|c: char| c.is_whitespace() || "、，,.。-—".contains(c));
    if trimmed.is_empty() {
        text.trim().to_string()
    } else {
        trimmed.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::without_ordinal;

    #[test]
    fn an_activity_name_without_its_year_month_and_ordinal() {
        assert_eq!(without_ordinal("2023年第3次局务会议"), "局务会议");
        assert_eq!(without_ordinal("局务会议（第二次）"), "局务会议");
        assert_eq!(without_ordinal("第十二次局务会"), "局务会");
        assert_eq!(without_ordinal("9月机关读书会"), "机关读书会");
        assert_eq!(without_ordinal("12月份工作例会"), "工作例会");
        assert_eq!(without_ordinal("2023年度工作总结会"), "工作总结会");
        assert_eq!(without_ordinal("9月15日局务会"), "局务会");
        assert_eq!(without_ordinal("二季度机关读书会"), "机关读书会");
        assert_eq!(without_ordinal("上半年工作务虚会"), "工作务虚会");
        assert_eq!(without_ordinal("第一季度工作会议"), "工作会议");
        assert_eq!(without_ordinal("2023年第一季度经济形势分析会"), "经济形势分析会");
        assert_eq!(without_ordinal("1-3月工作例会"), "工作例会");
        assert_eq!(without_ordinal("一号文件学习"), "一号文件学习", "a 号 that is no date stays");
        assert_eq!(without_ordinal("百日攻坚动员会"), "百日攻坚动员会");
        assert_eq!(without_ordinal("周日读书会"), "周日读书会");
        assert_eq!(without_ordinal("二十大精神宣讲"), "二十大精神宣讲", "a number that is no ordinal stays");
        assert_eq!(without_ordinal("第3次"), "第3次", "nothing left: as written");
    }
}
