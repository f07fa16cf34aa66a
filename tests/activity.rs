//! Activity logs (issue 15): a bureau office's 会议台账 / 工作台账, recognized by its names or its
//! columns and never counted as another kind; categories from the 类别 column or folded from the
//! meeting's name by the activity catalogue; counts per window with 同比, targets, and the
//! report paragraph. Each fixture is a small workbook read back through `ingest` as real input
//! is, with every ledger checked to balance.

use std::path::Path;

mod common;
use common::book::{book, ledger, read, rejects, warnings, C, C::*};
use common::TempDir;
use tongji::config::Config;
use tongji::model::period::{Period, Window};
use tongji::model::Ingested;
use tongji::model::{Kind, Metric};

fn figures(dir: &Path, ing: &Ingested, month: u32) -> tongji::model::Figures {
    let config = Config::load(dir).unwrap();
    tongji::pipeline::figures(ing, &config, Period::new(2023, month).unwrap()).unwrap()
}

fn value(fig: &tongji::model::Figures, window: Window, category: &str) -> Option<i64> {
    fig.rows
        .iter()
        .find(|r| r.window == window && r.metric == Metric::Activity && r.specialty == category)
        .map(|r| r.value)
}

/// The case: an office's meeting ledger (会议时间 | 类别 | 会议名称 | 主持人 | 参会人数).
fn meetings<'a>() -> Vec<Vec<C<'a>>> {
    let mut rows: Vec<Vec<C>> = vec![vec![T("会议时间"), T("类别"), T("会议名称"), T("主持人"), T("参会人数")]];
    for (i, (date, category, name)) in [
        ("2023-01-09", "党组会议", "第1次党组会议"),
        ("2023-02-21", "", "局党组（扩大）会议"),
        ("2023-03-28", "廉政例会", "一季度党风廉政专题例会"),
        ("2023-05-16", "", "警示教育大会"),
        ("2023-07-04", "", "2023年第1次局务会议"),
        ("2023-08-08", "", "局务会议（第二次）"),
        ("2023-09-05", "党组会议", "第9次党组会议"),
    ]
    .into_iter()
    .enumerate()
    {
        rows.push(vec![T(date), T(category), T(name), T("张三"), N(9.0 + i as f64)]);
    }
    rows
}

fn slices<'a>(rows: &'a [Vec<C<'a>>]) -> Vec<&'a [C<'a>]> {
    rows.iter().map(|r| r.as_slice()).collect()
}

#[test]
fn a_meeting_ledger_is_read_as_activities_not_trainings() {
    // No activity word in the file's or sheet's name, and 办公室 (an alias of 综合) in the file
    // name: the columns decide, and 参会人数 is no 人次.
    let dir = TempDir::new().unwrap();
    let rows = meetings();
    book(dir.path(), "办公室2023年台账.xlsx", &[("Sheet1", &slices(&rows))]);
    let ing = read(dir.path());
    assert!(ing.training.is_empty(), "no meeting becomes a training: {:?}", ing.training.first());
    assert_eq!(ing.activity.len(), 7);
    let l = ledger(&ing, "Sheet1");
    assert_eq!((l.kind, l.records, l.rejected), (Some(Kind::Activity), 7, 0));
    assert_eq!(ing.activity[0].participants, Some(9), "参会人数 kept as the meeting's participants");
    let categories: Vec<(&str, bool)> = ing.activity.iter().map(|a| (&*a.category.name, a.category.known)).collect();
    assert_eq!(
        categories,
        [
            ("党组会议", true),
            ("党组会议", true),         // from the name: 局党组（扩大）会议
            ("党风廉政专题例会", true), // 类别 "廉政例会", an alias
            ("警示教育大会", true),
            ("局务会议", false), // not in the catalogue: as written, without 2023年 and 第1次
            ("局务会议", false),
            ("党组会议", true),
        ]
    );
    // One warning for the sheet names the unknown category once.
    let w = warnings(&ing);
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].contains("Sheet1] C6") && w[0].contains("活动类别“局务会议”不在活动目录中"), "{w:?}");

    let fig = figures(dir.path(), &ing, 9);
    assert_eq!(value(&fig, Window::Ytd, "党组会议"), Some(3));
    assert_eq!(value(&fig, Window::Ytd, "局务会议"), Some(2));
    assert_eq!(value(&fig, Window::Quarter, "党组会议"), Some(1));
    assert_eq!(value(&fig, Window::Month, "党组会议"), Some(1));
    assert!(!fig.rows.iter().any(|r| r.specialty == "综合"), "no 综合 training");
    // The catalogue's order, then the unknown ones.
    let order: Vec<&str> = fig
        .rows
        .iter()
        .filter(|r| r.window == Window::Ytd && r.metric == Metric::Activity)
        .map(|r| r.specialty.as_str())
        .collect();
    assert_eq!(order, ["党组会议", "党风廉政专题例会", "警示教育大会", "局务会议"]);
}

#[test]
fn names_say_activity_but_a_training_log_stays_a_training_log() {
    // 工作台账 and 学习 are activity words, but a header with 参训人数 and 批次 is a training's.
    let dir = TempDir::new().unwrap();
    book(
        dir.path(),
        "规上工业工作台账.xlsx",
        &[(
            "学习培训",
            &[
                &[T("日期"), T("培训主题"), T("批次"), T("参训人数")],
                &[T("2023-03-01"), T("年报布置"), N(1.0), N(30.0)],
            ],
        )],
    );
    book(
        dir.path(),
        "贸易党建学习.xlsx",
        &[("Sheet1", &[&[T("日期"), T("主题"), T("参训人次")], &[T("2023-04-01"), T("统计法"), N(20.0)]])],
    );
    let ing = read(dir.path());
    assert!(rejects(&ing).is_empty(), "{:?}", rejects(&ing));
    // The name said 活动, the header a training: read as the header says, and said.
    assert!(
        warnings(&ing).iter().any(|w| w.contains("名称显示为活动表，但表头是培训表的样式")),
        "{:?}",
        warnings(&ing)
    );
    assert_eq!(ing.training.len(), 2, "{:#?}", ing.ledger);
    assert!(ing.activity.is_empty());
}

#[test]
fn a_check_log_with_a_type_column_is_no_activity_log() {
    // 日期 | 检查类型 | 家次 and 日期 | 类别 | 企业名称: checks, though 类型 and 类别 are activity columns.
    let dir = TempDir::new().unwrap();
    book(
        dir.path(),
        "能源台账.xlsx",
        &[
            ("A", &[&[T("核查日期"), T("核查类型"), T("家次")], &[T("2023-03-01"), T("实地"), N(2.0)]]),
            ("B", &[&[T("日期"), T("类别"), T("企业名称")], &[T("2023-03-01"), T("实地"), T("某公司")]]),
        ],
    );
    let ing = read(dir.path());
    assert!(ing.activity.is_empty(), "{:#?}", ing.activity);
    assert_eq!(ing.verification.len(), 2);
}

#[test]
fn counts_totals_rejects_and_year_less_dates() {
    // A 工作台账 with 次数 (an 廉政短信提醒 row sends 3 at once), merged dates down two rows, dates
    // without a year under a title that gives it, a 合计 row that disagrees, a row with neither
    // 类别 nor name, a bad date, and a footer.
    let dir = TempDir::new().unwrap();
    let rows: Vec<&[C]> = vec![
        &[T("2023年办公室工作台账")],
        &[T("序号"), T("日期"), T("事项"), T("次数"), T("地点"), T("备注")],
        &[N(1.0), T("1月20日"), T("节前廉政短信提醒"), N(3.0), T(""), T("春节")],
        &[N(2.0), T("4月3日"), T("理论中心组学习"), T(""), T("三楼会议室"), T("")],
        &[N(3.0), T(""), T("主题党日活动"), N(1.0), T("红色教育基地"), T("")],
        &[N(4.0), T("2023.6.31"), T("党课"), N(1.0), T(""), T("")],
        &[N(5.0), T("2023-07-01"), T(""), N(1.0), T(""), T("")],
        &[T("合计"), T(""), T(""), N(9.0)],
        &[T("填表人：王五")],
    ];
    // 日期 B4:B5 merged.
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("工作台账").unwrap();
    common::book::write_rows(ws, &rows);
    ws.merge_range(3, 1, 4, 1, "4月3日", &rust_xlsxwriter::Format::new()).unwrap();
    wb.save(dir.path().join("2023年办公室工作台账.xlsx")).unwrap();

    let ing = read(dir.path());
    let l = ledger(&ing, "工作台账");
    assert_eq!((l.kind, l.records, l.totals, l.notes, l.rejected), (Some(Kind::Activity), 3, 1, 1, 2), "{l:#?}");
    let got: Vec<(String, &str, i64)> =
        ing.activity.iter().map(|a| (a.date.date.to_string(), &*a.category.name, a.count)).collect();
    assert_eq!(
        got,
        [
            ("2023-01-20".into(), "廉政短信提醒", 3),
            ("2023-04-03".into(), "理论中心组学习", 1), // 次数 empty: 1
            ("2023-04-03".into(), "主题党日", 1),       // the merged date
        ]
    );
    assert_eq!(ing.activity[1].place.as_deref(), Some("三楼会议室"));
    assert_eq!(
        rejects(&ing),
        [
            "2023年办公室工作台账.xlsx [工作台账] B6: 无法识别的日期“2023.6.31”",
            "2023年办公室工作台账.xlsx [工作台账] C7: 缺少类别和会议（活动）名称，无法确定是哪一类活动"
        ]
    );
    let w = warnings(&ing);
    assert!(w.iter().any(|w| w.contains("D8") && w.contains("次数合计为9，明细之和为5")), "{w:?}");
}

#[test]
fn same_window_last_year_targets_and_the_report_paragraph() {
    let dir = TempDir::new().unwrap();
    let y22: Vec<&[C]> = vec![
        &[T("会议时间"), T("会议名称")],
        &[T("2022-02-10"), T("第1次党组会议")],
        &[T("2022-05-10"), T("第2次党组会议")],
        &[T("2022-11-10"), T("第3次党组会议")],
    ];
    book(dir.path(), "2022年会议台账.xlsx", &[("会议", &y22)]);
    let y23: Vec<&[C]> = vec![
        &[T("会议时间"), T("会议名称")],
        &[T("2023-01-10"), T("第1次党组会议")],
        &[T("2023-03-10"), T("第2次党组会议")],
        &[T("2023-06-10"), T("第3次党组会议")],
        &[T("2023-06-20"), T("理论学习中心组集中学习")],
        &[T("2023-06-28"), T("节前廉政提醒")],
    ];
    book(dir.path(), "2023年会议台账.xlsx", &[("会议", &y23)]);
    book(
        dir.path(),
        "2023年目标任务.xlsx",
        &[(
            "目标",
            &[
                &[T("专业"), T("指标"), T("年度目标")],
                &[T("理论中心组学习"), T("次数"), N(4.0)],
                &[T("党组会议"), T("次数"), N(12.0)],
            ],
        )],
    );
    let ing = read(dir.path());
    assert!(rejects(&ing).is_empty(), "{:?}", rejects(&ing));
    let fig = figures(dir.path(), &ing, 6);
    let ytd = |c: &str| {
        fig.rows.iter().find(|r| r.window == Window::Ytd && r.metric == Metric::Activity && r.specialty == c).unwrap()
    };
    // 1－6月: 3 against last year's 2 (the November one is outside the window).
    assert_eq!((ytd("党组会议").value, ytd("党组会议").prior_value), (3, Some(2)));
    assert!((ytd("党组会议").yoy.unwrap() - 0.5).abs() < 1e-9);
    // Targets by category: 1 of 4 at 50 % time progress is behind, 3 of 12 too.
    assert_eq!((ytd("理论中心组学习").target, ytd("理论中心组学习").completion), (Some(4), Some(0.25)));
    assert_eq!(ytd("党组会议").target, Some(12));

    let config = Config::load(dir.path()).unwrap();
    let source = tongji::render::report::template_source(dir.path()).unwrap();
    let text = tongji::render::report::render(&fig, &config.catalogue, "县统计局", &source.0, &source.1).unwrap();
    // Convened ones 组织召开, the others 开展, each list joined with 、 and 和.
    assert!(text.contains("1－2季度组织召开党组会议3次；开展廉政短信提醒1次和理论中心组学习1次。"), "{text}");
    assert!(text.contains("滞后序时进度的有党组会议（25.0%，滞后25.0个百分点）和理论中心组学习（25.0%，"), "{text}");
}

#[test]
fn no_activity_records_no_paragraph() {
    let dir = TempDir::new().unwrap();
    book(dir.path(), "贸易培训.xlsx", &[("培训", &[&[T("日期"), T("人次")], &[T("2023-03-01"), N(20.0)]])]);
    let ing = read(dir.path());
    let fig = figures(dir.path(), &ing, 3);
    let config = Config::load(dir.path()).unwrap();
    let source = tongji::render::report::template_source(dir.path()).unwrap();
    let text = tongji::render::report::render(&fig, &config.catalogue, "县统计局", &source.0, &source.1).unwrap();
    assert!(!text.contains("会议和活动") && !text.contains("组织召开"), "{text}");
}

#[test]
fn the_activity_catalogue_is_configurable() {
    let dir = TempDir::new().unwrap();
    std::fs::write(
        dir.path().join("tongji.toml"),
        "[[activity]]\nname = \"局务会议\"\naliases = [\"局务会\"]\n[[activity]]\nname = \"党组会议\"\naliases = [\"党组中心组会\"]\n",
    )
    .unwrap();
    let rows = meetings();
    book(dir.path(), "会议台账.xlsx", &[("会议", &slices(&rows))]);
    let ing = read(dir.path());
    assert!(warnings(&ing).is_empty(), "局务会议 is in the catalogue now: {:?}", warnings(&ing));
    assert_eq!(ing.activity.iter().filter(|a| &*a.category.name == "局务会议" && a.category.known).count(), 2);
}

#[test]
fn look_alikes_are_not_activities() {
    // Names say nothing here; each header has a date and a 类别 (or a 会议名称) but is another
    // kind's, or no ledger at all.
    let dir = TempDir::new().unwrap();
    book(
        dir.path(),
        "台账.xlsx",
        &[
            // A check log without a unit column: 专业 and 数量 say so; its 类别 are no meetings.
            (
                "A",
                &[&[T("日期"), T("专业"), T("类别"), T("数量")], &[T("2023-03-01"), T("贸易"), T("实地核查"), N(2.0)]],
            ),
            // An expense or leave list: not a ledger of ours at all.
            (
                "B",
                &[
                    &[T("日期"), T("类别"), T("金额"), T("经手人")],
                    &[T("2023-03-01"), T("差旅费"), N(300.0), T("王五")],
                ],
            ),
            ("C", &[&[T("日期"), T("姓名"), T("类别"), T("天数")], &[T("2023-03-01"), T("王五"), T("事假"), N(3.0)]]),
            // A bare 事项 of expenses.
            (
                "E",
                &[
                    &[T("日期"), T("报销事项"), T("金额"), T("经手人")],
                    &[T("2023-03-01"), T("差旅费"), N(300.0), T("王五")],
                ],
            ),
            // A training announced as a meeting, with its 专业 and 参会人数.
            (
                "D",
                &[
                    &[T("日期"), T("会议名称"), T("专业"), T("参会人数")],
                    &[T("2023-03-01"), T("年报布置会"), T("能源"), N(40.0)],
                ],
            ),
        ],
    );
    book(
        dir.path(),
        "统计业务学习.xlsx",
        &[(
            "Sheet1",
            &[&[T("日期"), T("专业"), T("主题"), T("参加人数")], &[T("2023-04-01"), T("贸易"), T("统计法"), N(20.0)]],
        )],
    );
    let ing = read(dir.path());
    assert!(ing.activity.is_empty(), "{:#?}", ing.activity);
    assert_eq!(ing.verification.len(), 1, "A is a check log");
    assert_eq!(ing.training.len(), 2, "D and 统计业务学习 are trainings");
    for sheet in ["B", "C", "E"] {
        assert_eq!(ledger(&ing, sheet).status, tongji::model::SheetStatus::Unrecognized, "{sheet}");
    }
    // A bare 类别 whose cells are categories of the catalogue is an activity log, names or none.
    let dir = TempDir::new().unwrap();
    book(
        dir.path(),
        "登记表.xlsx",
        &[(
            "Sheet1",
            &[
                &[T("日期"), T("类别"), T("主持人")],
                &[T("2023-04-01"), T("党组会议"), T("张三")],
                &[T("2023-05-01"), T("警示教育大会"), T("张三")],
            ],
        )],
    );
    let ing = read(dir.path());
    assert_eq!(ing.activity.len(), 2);
}

#[test]
fn a_meeting_sign_in_sheet_or_a_ledger_without_names_is_refused_not_guessed() {
    let dir = TempDir::new().unwrap();
    // Named as meetings, but only a training's columns: which it is cannot be told.
    book(
        dir.path(),
        "会议签到表.xlsx",
        &[(
            "签到",
            &[
                &[T("日期"), T("会议名称"), T("姓名"), T("签名")],
                &[T("2023-04-01"), T("党组会议"), T("张三"), T("")],
                &[T("2023-04-01"), T("党组会议"), T("李四"), T("")],
            ],
        )],
    );
    let ing = read(dir.path());
    assert!(ing.activity.is_empty() && ing.training.is_empty());
    let r = rejects(&ing);
    assert_eq!(r.len(), 1, "{r:?}");
    assert!(r[0].contains("无法确定是会议还是培训，整张表3行未读取"), "{r:?}");
    // 会议内容 names what the meeting was; 应参会人数 is planned, 实际参会人数 the participants.
    let dir = TempDir::new().unwrap();
    book(
        dir.path(),
        "2023年会议台账.xlsx",
        &[(
            "会议",
            &[
                &[T("会议时间"), T("会议内容"), T("主持人"), T("应参会人数"), T("实际参会人数")],
                &[T("2023-04-01"), T("第2次党组会议"), T("张三"), N(10.0), N(9.0)],
            ],
        )],
    );
    let ing = read(dir.path());
    assert!(ing.training.is_empty() && rejects(&ing).is_empty(), "{:?}", rejects(&ing));
    assert_eq!((&*ing.activity[0].category.name, ing.activity[0].participants), ("党组会议", Some(9)));
}

#[test]
fn a_generic_kind_gives_way_to_the_name_and_targets_name_a_category() {
    let dir = TempDir::new().unwrap();
    book(
        dir.path(),
        "会议台账.xlsx",
        &[(
            "会议",
            &[
                &[T("日期"), T("类别"), T("会议名称")],
                &[T("2023-04-01"), T("会议"), T("第3次党组会议")],
                &[T("2023-04-08"), T("会议"), T("局务会")],
            ],
        )],
    );
    book(
        dir.path(),
        "2023年目标任务.xlsx",
        &[(
            "目标",
            &[
                &[T("专业"), T("指标"), T("年度目标")],
                &[T("规上工业"), T("培训次数"), N(8.0)],
                &[T("办公室"), T("党组会议"), N(12.0)],
                &[T("能源"), T("检查次数"), N(30.0)],
            ],
        )],
    );
    let ing = read(dir.path());
    let categories: Vec<&str> = ing.activity.iter().map(|a| &*a.category.name).collect();
    assert_eq!(categories, ["党组会议", "会议"], "the catalogue on the name before a generic 类别 as written");
    let t: Vec<(&str, &str)> = ing.targets.iter().map(|t| (&*t.specialty.name, t.metric.label())).collect();
    assert_eq!(t, [("规上工业", "培训批次")], "培训次数 are sessions; the others are refused");
    assert_eq!(
        tongji::ingest::layout::metric_from_text("执法培训次数"),
        Some(tongji::model::TargetMetric::TrainingBatches)
    );
    assert_eq!(tongji::ingest::layout::metric_from_text("督查次数"), None);
    let r = rejects(&ing);
    assert!(r.iter().any(|m| m.contains("A3") && m.contains("“办公室”不在活动目录中")), "{r:?}");
    assert!(r.iter().any(|m| m.contains("B4") && m.contains("未知指标“检查次数”")), "{r:?}");
}

#[test]
fn many_categories_outside_the_catalogue_are_one_item_in_the_report() {
    // A free-text 工作事项 column: each 事项 its own category, all counted, the report not a list of them.
    let dir = TempDir::new().unwrap();
    let items = ["走访慰问困难党员", "整理档案", "更新宣传栏", "参加县里会议", "机关卫生检查评比"];
    let mut rows: Vec<Vec<C>> = vec![vec![T("日期"), T("工作事项")]];
    rows.push(vec![T("2023-03-01"), T("第2次党组会议")]);
    for (i, item) in items.iter().enumerate() {
        rows.push(vec![T(["2023-03-02", "2023-03-03", "2023-03-04", "2023-03-05", "2023-03-06"][i]), T(item)]);
    }
    book(dir.path(), "办公室工作台账.xlsx", &[("台账", &slices(&rows))]);
    let ing = read(dir.path());
    assert_eq!(ing.activity.len(), 6);
    let fig = figures(dir.path(), &ing, 3);
    assert_eq!(value(&fig, Window::Ytd, "整理档案"), Some(1), "each kept and counted");
    let config = Config::load(dir.path()).unwrap();
    let source = tongji::render::report::template_source(dir.path()).unwrap();
    let text = tongji::render::report::render(&fig, &config.catalogue, "县统计局", &source.0, &source.1).unwrap();
    assert!(text.contains("1季度组织召开党组会议1次；开展其他活动5项5次。"), "{text}");
}

#[test]
fn a_meetings_own_columns_are_not_another_kinds() {
    // 参会人员 (who attended), 承办科室 and 主持人签名 are a meeting ledger's columns, not a sign-in
    // sheet's or a specialty's.
    let dir = TempDir::new().unwrap();
    book(
        dir.path(),
        "会议台账.xlsx",
        &[(
            "会议",
            &[
                &[T("会议时间"), T("会议名称"), T("承办科室"), T("主持人签名"), T("参会人员"), T("会议内容")],
                &[T("2023-04-01"), T("第2次党组会议"), T("办公室"), T(""), T("张三、李四"), T("传达文件")],
            ],
        )],
    );
    let ing = read(dir.path());
    assert!(rejects(&ing).is_empty(), "{:?}", rejects(&ing));
    assert_eq!(ing.activity.len(), 1);
    assert_eq!(ing.activity[0].content.as_deref(), Some("传达文件"), "会议内容 is the content beside a 会议名称");
}

#[test]
fn a_training_under_an_activity_name_is_read_and_a_meeting_sign_in_refused() {
    let dir = TempDir::new().unwrap();
    // The sheet's name (业务学习) wins over the file's (培训), but 专业 and 培训内容 say training.
    book(
        dir.path(),
        "2023年统计培训台账.xlsx",
        &[(
            "业务学习",
            &[
                &[T("日期"), T("专业"), T("培训内容"), T("参会人数"), T("主持人")],
                &[T("2023-04-01"), T("贸易"), T("统计法"), N(30.0), T("张三")],
            ],
        )],
    );
    // A meeting's sign-in sheet with no word of meetings in its header: refused, not 2 人次.
    book(
        dir.path(),
        "党组会议签到表.xlsx",
        &[(
            "Sheet1",
            &[
                &[T("序号"), T("姓名"), T("单位"), T("签到时间")],
                &[N(1.0), T("张三"), T("办公室"), T("2023-04-01")],
                &[N(2.0), T("李四"), T("办公室"), T("2023-04-01")],
            ],
        )],
    );
    let ing = read(dir.path());
    assert_eq!(ing.training.len(), 1, "{:?}", rejects(&ing));
    assert_eq!(ing.training[0].attendees, 30);
    let r = rejects(&ing);
    assert_eq!(r.len(), 1, "{r:?}");
    assert!(r[0].starts_with("党组会议签到表.xlsx [Sheet1]") && r[0].contains("无法确定是会议还是培训"), "{r:?}");
}

#[test]
fn a_table_by_month_under_an_activity_name_is_still_one() {
    let dir = TempDir::new().unwrap();
    book(
        dir.path(),
        "2023年培训月报.xlsx",
        &[(
            "业务学习",
            &[
                &[T("专业"), T("指标"), T("1月"), T("2月"), T("3月")],
                &[T("规上工业"), T("培训批次"), N(1.0), T(""), N(2.0)],
                &[T(""), T("培训人次"), N(40.0), T(""), N(80.0)],
            ],
        )],
    );
    let ing = read(dir.path());
    assert!(rejects(&ing).is_empty(), "{:?}", rejects(&ing));
    assert_eq!(ing.training.iter().map(|t| t.attendees).sum::<i64>(), 120);
    assert_eq!(ledger(&ing, "业务学习").layout, Some("按月汇总"));
}
