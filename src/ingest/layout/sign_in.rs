//! Sign-in sheets (签到表): one row per attendee. Each session (date, specialty, topic) counts one
//! 批次, and each name signed in it one 人次; a name signed twice for one session counts once.

use super::header::Field;
use super::log::Reader;
use super::tally::RowError;
use crate::model::{cell_name, FindingKind, RawRow, Severity};
use crate::normalize::text::key;
use crate::normalize::values::means_nothing;

impl Reader<'_> {
    /// A sign-in sheet's row is one attendee: 1 人次, and 1 批次 on the first row of each session
    /// (date + specialty + topic). A name already signed in for the same session counts once.
    pub(super) fn read_sign_in(&mut self, row: &RawRow) -> Result<(), Vec<RowError>> {
        let mut errors = Vec::new();
        let (date, specialty) = self.date_and_specialty(row, &mut errors);
        let person_col = self.header.column(Field::Person).unwrap_or(0);
        let person = self.text(row, Field::Person).filter(|p| !means_nothing(p));
        if person.is_none() {
            errors.push(RowError::at(cell_name(row.index, person_col), "签到表的姓名为空".into()));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let (Some(date), Some(specialty), Some(person)) = (date, specialty, person) else {
            unreachable!("every missing value pushed an error")
        };
        // The topic is a 培训内容 / 主题 / 课程 column: a 工作单位, 单位名称 or 企业名称 column is
        // where the attendee works, not what the session was.
        let topic = self
            .header
            .column(Field::Topic)
            .filter(|c| {
                self.header_keys.get(c).is_some_and(|ks| {
                    ks.iter()
                        .any(|k| k == "名称" || ["内容", "主题", "培训", "课程", "会议"].iter().any(|w| k.contains(w)))
                })
            })
            .and_then(|_| self.text(row, Field::Topic));
        // A 场次 column (上午, 下午, 第二期) tells sessions of one day and topic apart.
        let part = self
            .header
            .column(Field::Batches)
            .and_then(|c| self.sheet.get_filled(row.index, c))
            .map(|v| key(&v.display()))
            .unwrap_or_default();
        let session =
            (date.date, specialty.name.to_string(), topic.as_deref().map(key).unwrap_or_default() + "|" + &part);
        let names = self.sessions.entry(session).or_default();
        let batches = i64::from(names.is_empty());
        let name_key = key(&person);
        let attendees = match names.get(&name_key) {
            Some(first) => {
                let message = format!(
                    "“{person}”在同一场培训（{}{}）中已签到（第{first}行），只计一次",
                    date.date,
                    topic.as_deref().map(|t| format!("，{t}")).unwrap_or_default()
                );
                let cell = Some(cell_name(row.index, person_col));
                self.tally.finding(FindingKind::SignedTwice, Severity::Warning, cell, message);
                0
            }
            None => {
                names.insert(name_key, row.index + 1);
                1
            }
        };
        self.push_training(row, date, specialty, (batches, attendees), topic);
        Ok(())
    }
}
