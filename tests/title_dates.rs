//! A date only in the title (issue 21, point 4): a sign-in sheet or a one-session log with no date
//! column, titled "2023年3月15日住户调查业务培训签到表" (or with a 时间：line above its header), dates
//! every row by its title; a 填报日期 above the header is no session's; a month alone dates nothing
//! (such a sheet sums other rows); a dated title over a list that no name calls a log (a payroll),
//! or that names another kind (a 核查 roster), reads nothing; and a log named so with no date
//! anywhere is still refused whole.

mod common;
use common::book::{book, ledger, read, rejects, C::*};
use common::TempDir;
use tongji::model::{Kind, SheetStatus};

#[test]
fn a_sign_in_sheet_dated_in_its_title() {
    let dir = TempDir::new().unwrap();
    book(
        dir.path(),
        "签到表.xlsx",
        &[(
            "Sheet1",
            &[
                &[T("2023年3月15日住户调查业务培训签到表")],
                &[T("序号"), T("姓名"), T("单位"), T("签名")],
                &[N(1.0), T("张三"), T("城关镇"), T("张三")],
                &[N(2.0), T("李四"), T("东山乡"), T("李四")],
                &[N(3.0), T("王五"), T("西河乡"), T("王五")],
            ],
        )],
    );
    let ing = read(dir.path());
    assert!(rejects(&ing).is_empty(), "{:?}", rejects(&ing));
    let l = ledger(&ing, "Sheet1");
    assert_eq!((l.kind, l.layout, l.records), (Some(Kind::Training), Some("签到表"), 3));
    let batches: i64 = ing.training.iter().map(|r| r.batches).sum();
    let attendees: i64 = ing.training.iter().map(|r| r.attendees).sum();
    assert_eq!((batches, attendees), (1, 3));
    assert!(ing.training.iter().all(|r| r.date.date.to_string() == "2023-03-15" && !r.date.month_only));
    assert!(ing.training.iter().all(|r| r.specialty.name.as_ref() == "住户调查"));
}

#[test]
fn a_log_under_a_time_line_but_not_under_a_month_only_title() {
    let dir = TempDir::new().unwrap();
    book(
        dir.path(),
        "培训.xlsx",
        &[
            (
                "统计法培训",
                &[
                    &[T("统计法培训")],
                    &[T("时间：2023.5.10"), T(""), T("地点：三楼会议室")],
                    &[T("专业"), T("培训内容"), T("人次")],
                    &[T("贸易"), T("统计法"), N(20.0)],
                    &[T("能源"), T("统计法"), N(11.0)],
                ],
            ),
            (
                "三月",
                &[&[T("2023年3月各专业培训情况")], &[T("专业"), T("批次"), T("人次")], &[T("农业"), N(2.0), N(40.0)]],
            ),
        ],
    );
    let ing = read(dir.path());
    let dated: Vec<(String, bool, i64)> =
        ing.training.iter().map(|r| (r.date.date.to_string(), r.date.month_only, r.attendees)).collect();
    assert_eq!(dated, [("2023-05-10".to_string(), false, 20), ("2023-05-10".to_string(), false, 11)]);
    // "2023年3月各专业培训情况" sums a month's trainings: read as March's records it would count
    // them beside the log they come from. Refused as before, never dated by its month.
    let r = rejects(&ing);
    assert_eq!(r.len(), 1, "{r:?}");
    assert!(r[0].contains("[三月]") && r[0].contains("未找到表头"), "{r:?}");
}

#[test]
fn a_dated_title_over_a_list_no_name_calls_a_log_reads_nothing() {
    let dir = TempDir::new().unwrap();
    book(
        dir.path(),
        "工资.xlsx",
        &[(
            "Sheet1",
            &[
                &[T("2023年3月15日工资发放签字表")],
                &[T("序号"), T("姓名"), T("部门"), T("签名")],
                &[N(1.0), T("张三"), T("办公室"), T("张三")],
            ],
        )],
    );
    let ing = read(dir.path());
    assert!(ing.training.is_empty() && ing.verification.is_empty(), "{:?}", ing.training);
    assert_eq!(ledger(&ing, "Sheet1").status, SheetStatus::Unrecognized);
}

#[test]
fn a_log_named_so_with_no_date_anywhere_is_still_refused() {
    let dir = TempDir::new().unwrap();
    book(
        dir.path(),
        "能源核查.xlsx",
        &[(
            "核查",
            &[&[T("能源核查情况")], &[T("单位名称"), T("核查方式"), T("家次")], &[T("某公司"), T("实地"), N(1.0)]],
        )],
    );
    let ing = read(dir.path());
    let l = ledger(&ing, "核查");
    assert_eq!((l.status.clone(), l.rejected), (SheetStatus::NoHeader, 3));
    assert!(rejects(&ing)[0].contains("未找到表头"), "{:?}", rejects(&ing));
}

#[test]
fn a_fill_in_date_is_no_session_and_a_check_roster_no_training() {
    let dir = TempDir::new().unwrap();
    book(
        dir.path(),
        "名单.xlsx",
        &[
            (
                "签到",
                &[
                    &[T("住户调查业务培训签到表")],
                    &[T("填报日期：2023年4月8日")],
                    &[T("序号"), T("姓名"), T("签名")],
                    &[N(1.0), T("张三"), T("张三")],
                ],
            ),
            (
                "人员",
                &[
                    &[T("2023年3月15日入户核查人员名单")],
                    &[T("序号"), T("姓名"), T("单位"), T("电话")],
                    &[N(1.0), T("李四"), T("城关镇"), T("123")],
                ],
            ),
        ],
    );
    let ing = read(dir.path());
    // The only date above the sign-in sheet's header is when it was filled in: no session day.
    assert!(ing.training.is_empty(), "{:?}", ing.training);
    assert!(ing.verification.is_empty(), "{:?}", ing.verification);
    assert_eq!(ledger(&ing, "签到").records, 0);
    assert_eq!(ledger(&ing, "人员").records, 0);
}
