//! The report paragraphs (工作情况_YYYY年M月.md): the sample's text against a reviewed snapshot,
//! a user's template, and a broken template failing only its own output.

use std::path::PathBuf;
use std::process::{Command, Output};

mod common;
use common::{copy_tree, TempDir};

fn tongji(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tongji")).args(args).current_dir(env!("CARGO_MANIFEST_DIR")).output().unwrap()
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn sample_paragraphs_match_the_reviewed_snapshot() {
    let output = TempDir::new().unwrap();
    let r = tongji(&["run", "-o", output.path().to_str().unwrap(), "-q"]);
    assert_eq!(r.status.code(), Some(0));
    let text = std::fs::read_to_string(output.path().join("2023-09/工作情况_2023年9月.md")).unwrap();
    let snapshot = std::fs::read_to_string(root().join("tests/snapshots/sample_工作情况_2023年9月.md")).unwrap();
    assert_eq!(text, snapshot, "the paragraphs changed: review them and update the snapshot");
    // The office's meeting ledger gives the seed's first paragraph: categories in the catalogue's
    // order, 、 between, 和 before the last.
    assert!(
        text.contains("#### 会议和活动\n\n1－3季度组织召开党组会议13次、党风廉政专题例会3次、全局党风廉政专题会议2次、专题听取党风廉政建设汇报3次、听取意识形态工作汇报2次和警示教育大会1次。"),
        "{text}"
    );
    // The figures in the text are the report's.
    assert!(text.contains("各专业组织开展业务培训50批次，培训人数达1323人次（其中规上工业线培训6批次331人次、"));
    assert!(text.contains("名录库专业实地核查20家和工业生产者价格核查1家次"));
    // 线 only where the bureau writes it (the catalogue's label): the seed's "低收入培训4批次53人次".
    // 服务业's one training names itself in its 内容: the report says what it was.
    assert!(text.contains("贸易线培训2批次112人次、规上服务业财务指标填报培训1批次17人次"), "{text}");
    assert!(text.contains("低收入培训4批次53人次、住户调查培训3批次75人次"), "{text}");
    assert!(!text.contains("低收入线"), "{text}");
    assert!(text.contains("投资项目核查261个"));
    // Every joint inspection with 消防 was a 双随机 one in 住宿餐饮业 (检查方式, 备注): said so.
    assert!(text.contains("并开展统计执法检查31家次（包括与消防部门联合的住宿餐饮业双随机检查8家次）"), "{text}");
    // 序时进度 first, then the targets grouped by where they stand, in the one vocabulary.
    assert!(text.contains("#### 年度目标完成情况\n\n序时进度为75.0%。已完成全年目标的有劳动工资培训人次（104.0%）和服务业核查（120.0%）；超序时进度的有房地产与投资培训批次（88.9%，超13.9个百分点）、"), "{text}");
    assert!(text.contains("；与序时进度持平的有规上工业培训批次（75.0%）；"), "{text}");
    assert!(
        text.contains(
            "；滞后序时进度的有粮食培训批次（62.5%，滞后12.5个百分点）和房地产核查（58.3%，滞后16.7个百分点）。"
        ),
        "{text}"
    );
    // Only 4 of 11 specialties kept 2022 logs: the 合计's 同比 is on those 4 (781 against 669
    // 人次, +16.7 %, not 1323 against 669, +97.8 %), and says which it leaves out.
    assert!(
        text.contains(
            "按可比口径（不含去年没有台账的农业、粮食、低收入、住户调查、能源、劳动工资和名录库）培训人次同比增长16.7%"
        ),
        "{text}"
    );
    assert!(!text.contains("97.8"), "{text}");
    // No sum of 家次, 家 and 个, and none of them dropped.
    assert!(
        text.contains(
            "9月，各专业培训7批次、191人次，核查10家次、投资项目28个、名录库专业实地核查2家，执法检查3家次。"
        ),
        "{text}"
    );
    assert!(
        text.contains("三季度，各专业培训18批次、471人次，核查36家次、投资项目95个、名录库专业实地核查7家，"),
        "{text}"
    );
    assert!(!text.contains("inf") && !text.contains("NaN"));
}

fn sample_with_template(template: &str) -> TempDir {
    let dir = TempDir::new().unwrap();
    copy_tree(&root().join("input"), &dir.path().join("input"));
    std::fs::create_dir_all(dir.path().join("input/templates")).unwrap();
    std::fs::write(dir.path().join("input/templates/工作情况.md.j2"), template).unwrap();
    dir
}

#[test]
fn a_users_template_is_used_and_listed_as_a_template() {
    let dir = sample_with_template("{{ unit_name }}：{{ ytd }}培训{{ training.batches }}批次，核查{% for v in verification %}{{ sep(loop.index0, loop.length) }}{{ v.specialty }}{% endfor %}。\n");
    let input = dir.path().join("input");
    let out = dir.path().join("out");
    let r = tongji(&["run", "-i", input.to_str().unwrap(), "-o", out.to_str().unwrap(), "-q"]);
    assert_eq!(r.status.code(), Some(0), "{}", String::from_utf8_lossy(&r.stderr));
    let text = std::fs::read_to_string(out.join("2023-09/工作情况_2023年9月.md")).unwrap();
    assert!(text.starts_with("县统计局：1－3季度培训50批次，核查规上工业、贸易、"), "{text}");
    assert!(text.contains("名录库和工业生产者价格。"), "{text}");
    let check = String::from_utf8_lossy(&tongji(&["check", "-i", input.to_str().unwrap()]).stdout).to_string();
    assert!(check.contains("templates/工作情况.md.j2：报告模板"), "{check}");
}

#[test]
fn a_broken_template_fails_its_output_only_and_names_file_and_line() {
    let dir = sample_with_template("第一行\n{% if training.batches %}\n没有结束的判断\n");
    let input = dir.path().join("input");
    let out = dir.path().join("out");
    let r = tongji(&["run", "-i", input.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(r.status.code(), Some(0), "the other outputs are still written");
    let folder = out.join("2023-09");
    assert!(!folder.join("工作情况_2023年9月.md").exists());
    assert!(folder.join("metrics.csv").exists() && folder.join("统计汇总_2023年9月.xlsx").exists());
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(folder.join("统计汇总_2023年9月.xlsx")).unwrap();
    let quality = calamine::Reader::worksheet_range(&mut wb, "数据质量").unwrap();
    let msg = quality
        .rows()
        .flat_map(|r| r.iter())
        .find_map(|c| match c {
            calamine::Data::String(s) if s.contains("工作情况.md.j2") => Some(s.clone()),
            _ => None,
        })
        .expect("the template error is in 数据质量");
    assert!(msg.contains("行有误") && msg.contains("未生成"), "{msg}");
    let strict = tongji(&["run", "-i", input.to_str().unwrap(), "-o", out.to_str().unwrap(), "-q", "--strict"]);
    assert_eq!(strict.status.code(), Some(3), "a failed output counts as a rejection under --strict");
}

#[test]
fn word_draft_holds_the_title_paragraphs_table_and_charts() {
    let output = TempDir::new().unwrap();
    let r = tongji(&["run", "-o", output.path().to_str().unwrap(), "-q"]);
    assert_eq!(r.status.code(), Some(0));
    let file = std::fs::File::open(output.path().join("2023-09/工作情况_2023年9月.docx")).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut read = |name: &str| {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut s).unwrap();
        s
    };
    let doc = read("word/document.xml");
    // The title is too wide for one line at 二号: broken where the phrase breaks, not before 况.
    assert!(
        doc.contains(r#"县统计局2023年1－3季度</w:t><w:br/><w:t xml:space="preserve">统计业务工作情况"#),
        "the title"
    );
    // The appendix's columns sized for their content (核查 holds "112家次、261个、20家").
    assert!(doc.contains(r#"<w:gridCol w:w="1768"/><w:gridCol w:w="1061"/><w:gridCol w:w="1061"/><w:gridCol w:w="2918"/><w:gridCol w:w="2034"/>"#), "table grid");
    assert!(doc.contains("各专业组织开展业务培训50批次，培训人数达1323人次"), "the paragraphs");
    assert!(doc.contains("投资项目核查261个"));
    assert!(
        doc.contains("附表 各专业培训、核查和执法检查情况（累计）") && doc.contains("<w:tbl>"),
        "the summary table"
    );
    assert!(doc.contains(">261个<") && doc.contains(">1323<"), "table cells");
    // Headings numbered as a bureau numbers them, in their own style (黑体 三号, kept with the
    // paragraph after them).
    assert!(doc.contains(r#"<w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t xml:space="preserve">一、1－3季度</w:t>"#));
    assert!(doc.contains(r#"<w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t xml:space="preserve">二、9月及三季度</w:t>"#));
    // Second-level headings （一）（二）（三） in 楷体, under 一、.
    for h in ["（一）会议和活动", "（二）业务培训", "（三）数据核查和执法检查", "（四）年度目标完成情况"]
    {
        assert!(
            doc.contains(&format!(r#"<w:pStyle w:val="Heading2"/></w:pPr><w:r><w:t xml:space="preserve">{h}</w:t>"#)),
            "{h}"
        );
    }
    assert!(!doc.contains("年度目标完成情况：序时进度"), "the heading is not repeated in the paragraph");
    // The appendix has 执法检查 and a 合计 row with every column that adds up filled; 家次, 个 and
    // 家 side by side, never added together. Cells are centred vertically.
    let cells = |first: &str| -> Vec<String> {
        let from = doc.find(&format!(r#"<w:t xml:space="preserve">{first}</w:t>"#)).unwrap();
        let row = &doc[from..from + doc[from..].find("</w:tr>").unwrap()];
        row.split(r#"<w:t xml:space="preserve">"#).skip(1).map(|c| c[..c.find('<').unwrap()].to_string()).collect()
    };
    assert_eq!(cells("合计"), ["合计", "50", "1323", "112家次、261个、20家", "31"]);
    assert_eq!(cells("执法"), ["执法", "", "", "", "31"]);
    assert!(doc.contains(r#"<w:vAlign w:val="center"/>"#));
    // Each chart is kept on the page of its caption.
    assert_eq!(doc.matches("<w:keepNext/>").count(), 5, "every picture keeps with its caption");
    for (i, name) in ["各专业培训情况", "各专业核查情况", "目标完成情况", "月度趋势", "执法检查情况"].iter().enumerate()
    {
        assert!(doc.contains(&format!("图{} {name}", i + 1)), "caption {name}");
        assert!(doc.contains(&format!("r:embed=\"rIdImg{}\"", i + 1)));
    }
    let rels = read("word/_rels/document.xml.rels");
    assert_eq!(rels.matches("relationships/image").count(), 5);
    let styles = read("word/styles.xml");
    assert!(
        styles.contains("w:eastAsia=\"仿宋\"") && styles.contains("w:eastAsia=\"宋体\""),
        "Chinese body and title fonts"
    );
    let types = read("[Content_Types].xml");
    assert!(types.contains("Extension=\"png\""));
    // Page numbers in the footer, "— 1 —" style, centred, as a PAGE field.
    assert!(doc.contains(r#"<w:footerReference w:type="default" r:id="rIdFooter"/>"#));
    assert!(rels.contains(r#"Target="footer1.xml""#) && types.contains("/word/footer1.xml"));
    let footer = read("word/footer1.xml");
    assert!(footer.contains("<w:instrText xml:space=\"preserve\"> PAGE </w:instrText>") && footer.contains("— "));
    // The table's caption keeps with its table, headings with their paragraph.
    assert!(styles.contains(
        r#"w:styleId="TableCaption"><w:name w:val="Table Caption"/><w:basedOn w:val="Caption"/><w:pPr><w:keepNext/>"#
    ));
    assert!(styles.contains(
        r#"w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/>"#
    ));
    assert!(styles.contains(
        r#"w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:rFonts w:ascii="楷体" w:hAnsi="楷体" w:eastAsia="楷体"/><w:sz w:val="32"/>"#
    ), "楷体 三号");
    for i in 1..=5 {
        assert!(zip.by_name(&format!("word/media/image{i}.png")).unwrap().size() > 1000);
    }
}

/// Every "N家次", "N家", "N个", "N批次", "N人次" in a text, with its unit; decimals and "个百分点"
/// are not counts.
fn counts_in(text: &str) -> Vec<(i64, &'static str)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        let decimal = (start > 0 && chars[start - 1] == '.') || chars.get(i) == Some(&'.');
        let rest: String = chars[i..chars.len().min(i + 4)].iter().collect();
        let unit = ["家次", "批次", "人次", "家", "个", "次"].into_iter().find(|u| rest.starts_with(u));
        if let (Some(unit), false) = (unit, decimal || rest.starts_with("个百分点")) {
            let n: String = chars[start..i].iter().collect();
            out.push((n.parse().unwrap(), unit));
        }
    }
    out
}

#[test]
fn no_report_figure_adds_different_units() {
    for period in ["2023-09", "2023-06", "2023-08"] {
        let output = TempDir::new().unwrap();
        let r = tongji(&["run", "-o", output.path().to_str().unwrap(), "-q", "--period", period]);
        assert_eq!(r.status.code(), Some(0), "{period}");
        let folder = output.path().join(period);
        let (y, m) = period.split_once('-').unwrap();
        let name = format!("{y}年{}月", m.trim_start_matches('0'));
        let text = std::fs::read_to_string(folder.join(format!("工作情况_{name}.md"))).unwrap();
        // What a figure may be: a metrics.csv value in its own unit, or the sum of one metric's
        // values in one unit over the specialties of one window (核查10家次: the 家次 ones only).
        let mut allowed: std::collections::BTreeSet<(i64, String)> = Default::default();
        let mut sums: std::collections::BTreeMap<(String, String, String), i64> = Default::default();
        let mut csv = csv::Reader::from_path(folder.join("metrics.csv")).unwrap();
        let header = csv.headers().unwrap().clone();
        let at = |n: &str| header.iter().position(|h| h.trim_start_matches('\u{feff}') == n).unwrap();
        let (window, specialty, metric, unit, value) =
            (at("window"), at("specialty"), at("metric"), at("unit"), at("value"));
        for row in csv.records() {
            let row = row.unwrap();
            let v: i64 = row[value].parse().unwrap();
            allowed.insert((v, row[unit].to_string()));
            if &row[specialty] != "合计" {
                *sums.entry((row[window].into(), row[metric].into(), row[unit].into())).or_default() += v;
            }
        }
        allowed.extend(sums.into_iter().map(|((_, _, u), v)| (v, u)));
        // Joint inspections by department are in the workbook's 执法检查 sheet.
        let mut wb: calamine::Xlsx<_> = calamine::open_workbook(folder.join(format!("统计汇总_{name}.xlsx"))).unwrap();
        let enforcement = calamine::Reader::worksheet_range(&mut wb, "执法检查").unwrap();
        for c in enforcement.used_cells() {
            if let calamine::Data::Float(f) = c.2 {
                allowed.insert((*f as i64, "家次".into()));
            }
            if let calamine::Data::Int(n) = c.2 {
                allowed.insert((*n, "家次".into()));
            }
        }
        let found = counts_in(&text);
        assert!(found.len() > 30, "{period}: the scan finds the report's figures ({})", found.len());
        for (n, unit) in found {
            assert!(allowed.contains(&(n, unit.to_string())), "{period}: {n}{unit} is no figure of that unit\n{text}");
        }
    }
}

#[test]
fn the_unit_scan_reads_counts_not_decimals_or_points() {
    assert_eq!(
        counts_in("核查10家次、投资项目28个、名录库2家，培训3批次75人次（88.9%，超13.9个百分点），党组会议13次"),
        [(10, "家次"), (28, "个"), (2, "家"), (3, "批次"), (75, "人次"), (13, "次")]
    );
}
