//! Date ranges without a year (issue 21, point 8): a training of several days written "9月5日-6日"
//! or "3月20日至21日" in a log whose title gives the year is one session, counted once in the
//! month it starts — not a row refused as an unrecognized date.

mod common;
use common::book::{book, ledger, read, rejects, C::*};
use common::TempDir;

#[test]
fn multi_day_sessions_take_the_year_from_the_title() {
    let dir = TempDir::new().unwrap();
    book(
        dir.path(),
        "住户调查培训.xlsx",
        &[(
            "培训",
            &[
                &[T("2023年住户调查业务培训台账")],
                &[T("日期"), T("培训内容"), T("批次"), T("人次")],
                &[T("9月5日-6日"), T("记账培训"), N(1.0), N(30.0)],
                &[T("3月20日至21日"), T("辅调员培训"), N(1.0), N(12.0)],
                &[T("3月30日-4月2日"), T("年报培训"), N(1.0), N(9.0)],
                &[T("2023.9.5-9.6"), T("复训"), N(1.0), N(4.0)],
            ],
        )],
    );
    let ing = read(dir.path());
    assert!(rejects(&ing).is_empty(), "{:?}", rejects(&ing));
    assert_eq!(ledger(&ing, "培训").records, 4);
    let dates: Vec<String> = ing.training.iter().map(|r| r.date.date.to_string()).collect();
    assert_eq!(dates, ["2023-09-05", "2023-03-20", "2023-03-30", "2023-09-05"]);
    assert!(ing.training.iter().all(|r| r.specialty.name.as_ref() == "住户调查" && r.batches == 1));
}

#[test]
fn a_range_without_any_year_is_still_refused_with_its_reason() {
    let dir = TempDir::new().unwrap();
    book(
        dir.path(),
        "住户调查培训.xlsx",
        &[(
            "培训",
            &[&[T("日期"), T("培训内容"), T("批次"), T("人次")], &[T("9月5日-6日"), T("记账培训"), N(1.0), N(30.0)]],
        )],
    );
    let ing = read(dir.path());
    let r = rejects(&ing);
    assert_eq!(r.len(), 1, "{r:?}");
    assert!(r[0].contains("A2") && r[0].contains("没有年份"), "{r:?}");
}
