//! The Word draft 工作情况_YYYY年M月.docx: the title, the report paragraphs, the summary table and
//! the charts with captions, as a plain WordprocessingML package in 公文 form (仿宋 body, 宋体 title,
//! numbered 黑体 headings, "— 1 —" page numbers).

use std::io::Write;
use std::path::Path;

use zip::write::SimpleFileOptions;

use super::charts::Chart;
use super::{write_file, Output, Report};
use crate::error::Error;
use crate::model::period::Window;
use crate::model::{Figures, Metric, TOTAL};

/// The output's file name for a period.
pub fn file_name(period: crate::model::period::Period) -> String {
    format!("工作情况_{}年{}月.docx", period.year, period.month)
}

/// Escapes text for XML.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn paragraph(text: &str, style: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t xml:space="preserve">{}</w:t></w:r></w:p>"#,
        esc(text)
    )
}

/// The title in 二号 (22 pt): on one line when it fits the text width, else broken where the
/// phrase breaks (before "统计业务工作情况"), not wherever the line runs out ("…工作情 / 况").
fn title(first: &str, second: &str) -> String {
    // Width in points: a CJK character 22, a digit or Latin letter about half of it, and the
    // space Word and LibreOffice put between Chinese and a number (a quarter of a character).
    let width = |t: &str| {
        let chars: Vec<char> = t.chars().collect();
        let own: u64 = chars.iter().map(|c| if c.is_ascii() { 11 } else { 22 }).sum();
        let switches = chars.windows(2).filter(|w| w[0].is_ascii() != w[1].is_ascii()).count() as u64;
        own + switches * 6
    };
    // A twentieth to spare: the fonts a reader has differ in width.
    let room = (PAGE.0 - MARGINS.1 - MARGINS.3) / 20 * 95 / 100;
    let joined = format!("{first}{second}");
    let br = if width(&joined) > room { "<w:br/>" } else { "" };
    format!(
        r#"<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:t xml:space="preserve">{}</w:t>{br}<w:t xml:space="preserve">{}</w:t></w:r></w:p>"#,
        esc(first),
        esc(second)
    )
}

/// The numbers of a bureau's first-level headings: 一、二、三、…
fn chinese_number(n: usize) -> String {
    const DIGITS: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        1..=9 => DIGITS[n].to_string(),
        10 => "十".to_string(),
        11..=19 => format!("十{}", DIGITS[n - 10]),
        _ => format!("{}十{}", DIGITS[(n / 10).min(9)], DIGITS[n % 10]),
    }
}

/// A heading line ("### ", "#### ", "##### ") numbered as a bureau numbers them: 一、 (黑体),
/// （一） (楷体), 1． (仿宋, bold); each level counted afresh under the one above it. Returns the
/// text and its style; None for a line that is no heading.
fn heading(line: &str, numbers: &mut [usize; 3]) -> Option<(String, &'static str)> {
    let level = ["### ", "#### ", "##### "].iter().position(|p| line.starts_with(p))?;
    numbers[level] += 1;
    numbers[level + 1..].iter_mut().for_each(|n| *n = 0);
    let h = line[level + 4..].trim();
    Some(match level {
        0 => (format!("{}、{h}", chinese_number(numbers[0])), "Heading1"),
        1 => (format!("（{}）{h}", chinese_number(numbers[1])), "Heading2"),
        _ => (format!("{}．{h}", numbers[2]), "Heading3"),
    })
}

fn cell(text: &str, bold: bool, width: u64) -> String {
    let b = if bold { "<w:b/>" } else { "" };
    format!(
        r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="TableText"/></w:pPr><w:r><w:rPr>{b}</w:rPr><w:t xml:space="preserve">{}</w:t></w:r></w:p></w:tc>"#,
        esc(text)
    )
}

/// A bordered table across the text width, its columns sharing it by `shares` (percent, one a
/// column), its header row repeated on every page the table runs onto.
fn table(head: &[&str], shares: &[u64], rows: &[Vec<String>]) -> String {
    let border = r#"<w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/></w:tblBorders>"#;
    let mut x = format!(r#"<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/><w:jc w:val="center"/>{border}</w:tblPr>"#);
    let text_width = PAGE.0 - MARGINS.1 - MARGINS.3;
    let widths: Vec<u64> = shares.iter().map(|s| text_width * s / 100).collect();
    x.push_str("<w:tblGrid>");
    for w in &widths {
        x.push_str(&format!(r#"<w:gridCol w:w="{w}"/>"#));
    }
    x.push_str("</w:tblGrid>");
    x.push_str(r#"<w:tr><w:trPr><w:tblHeader/></w:trPr>"#);
    for (h, w) in head.iter().zip(&widths) {
        x.push_str(&cell(h, true, *w));
    }
    x.push_str("</w:tr>");
    for r in rows {
        x.push_str("<w:tr>");
        for (i, (c, w)) in r.iter().zip(&widths).enumerate() {
            x.push_str(&cell(c, i == 0 && c == TOTAL, *w));
        }
        x.push_str("</w:tr>");
    }
    x.push_str("</w:tbl>");
    x
}

/// The A4 page and its margins, in twentieths of a point (the section's w:pgSz and w:pgMar).
const PAGE: (u64, u64) = (11906, 16838);
const MARGINS: (u64, u64, u64, u64) = (2098, 1474, 1984, 1588); // top, right, bottom, left
/// The caption paragraph's height: one line at the body's exact 28 pt.
const CAPTION_TWIPS: u64 = 560;
const EMU_PER_TWIP: u64 = 635;

/// A picture's size in EMU: as wide as the text, unless two pictures and their captions would
/// then not fit on one page (a page holding one chart and half empty); then small enough that
/// they do, with an eighth to spare for the paragraphs' spacing (LibreOffice left the second
/// chart off a page with a twentieth to spare).
fn picture_size((w, h): (u32, u32)) -> (u64, u64) {
    let text_width = PAGE.0 - MARGINS.1 - MARGINS.3;
    let body_height = PAGE.1 - MARGINS.0 - MARGINS.2;
    let fit_height = (body_height / 2 - CAPTION_TWIPS) * 88 / 100;
    let (w, h) = (w.max(1) as u64, h.max(1) as u64);
    let width = text_width.min(fit_height * w / h);
    (width * EMU_PER_TWIP, width * h / w * EMU_PER_TWIP)
}

/// A picture paragraph: `rid` names the image part; two of them with captions fill a page.
fn picture(id: usize, rid: &str, name: &str, size: (u32, u32)) -> String {
    let (cx, cy) = picture_size(size);
    format!(
        r#"<w:p><w:pPr><w:keepNext/><w:spacing w:before="160" w:line="240" w:lineRule="auto"/><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr><w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="{id}" name="{name}"/><wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr><pic:cNvPr id="{id}" name="{name}"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"#,
        name = esc(name)
    )
}

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="仿宋" w:cs="Times New Roman"/><w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:line="560" w:lineRule="exact"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:pPr><w:ind w:firstLineChars="200" w:firstLine="640"/><w:jc w:val="both"/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:pPr><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/><w:spacing w:after="240"/></w:pPr><w:rPr><w:rFonts w:eastAsia="宋体"/><w:b/><w:sz w:val="44"/><w:szCs w:val="44"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:rFonts w:ascii="黑体" w:hAnsi="黑体" w:eastAsia="黑体"/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:rFonts w:ascii="楷体" w:hAnsi="楷体" w:eastAsia="楷体"/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="heading 3"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:outlineLvl w:val="2"/></w:pPr><w:rPr><w:b/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="TableCaption"><w:name w:val="Table Caption"/><w:basedOn w:val="Caption"/><w:pPr><w:keepNext/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/><w:pPr><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr><w:rPr><w:rFonts w:ascii="宋体" w:hAnsi="宋体" w:eastAsia="宋体"/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Caption"><w:name w:val="caption"/><w:basedOn w:val="Normal"/><w:pPr><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr><w:rPr><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="TableText"><w:name w:val="Table Text"/><w:basedOn w:val="Normal"/><w:pPr><w:ind w:firstLineChars="0" w:firstLine="0"/><w:spacing w:line="360" w:lineRule="auto"/><w:jc w:val="center"/></w:pPr><w:rPr><w:sz w:val="21"/><w:szCs w:val="21"/></w:rPr></w:style></w:styles>"#;

/// The page footer of an official document: the page number between dashes, centred ("— 1 —"),
/// 宋体 四号, as a PAGE field.
const FOOTER: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr><w:r><w:t xml:space="preserve">— </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>"#;

/// The draft's bytes: `paragraphs` is the rendered report text (its "##" line becomes the title,
/// "###", "####" and "#####" lines headings of three levels), then the summary table and the charts with captions 图1….
pub fn render(figures: &Figures, unit_name: &str, paragraphs: &str, charts: &[Chart]) -> Result<Vec<u8>, Error> {
    let p = figures.period;
    let mut body = String::new();
    body.push_str(&title(&format!("{unit_name}{}年{}", p.year, p.span(Window::Ytd).label()), "统计业务工作情况"));
    let mut numbers = [0usize; 3];
    for line in paragraphs.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if line.starts_with("## ") {
            continue; // the title above says it
        } else if let Some((text, style)) = heading(line, &mut numbers) {
            body.push_str(&paragraph(&text, style));
        } else {
            body.push_str(&paragraph(line, "Normal"));
        }
    }
    // The summary table: year-to-date, one row per specialty.
    body.push_str(&paragraph("附表 各专业培训、核查和执法检查情况（累计）", "TableCaption"));
    body.push_str(&summary_table(figures));
    if let Some(note) = figures.quarterly_note_of(&Metric::ALL, Window::Ytd) {
        body.push_str(&paragraph(&format!("注：{note}。"), "Caption"));
    }
    // The charts, each with its caption.
    let mut rels = String::new();
    for (i, c) in charts.iter().enumerate() {
        let rid = format!("rIdImg{}", i + 1);
        rels.push_str(&format!(
            r#"<Relationship Id="{rid}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image{}.png"/>"#,
            i + 1
        ));
        let title = c.file_name.trim_end_matches(".png");
        body.push_str(&picture(i + 1, &rid, title, super::charts::SIZE));
        body.push_str(&paragraph(&format!("图{} {title}", i + 1), "Caption"));
    }
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><w:body>{body}<w:sectPr><w:footerReference w:type="default" r:id="rIdFooter"/><w:pgSz w:w="{pw}" w:h="{ph}"/><w:pgMar w:top="{mt}" w:right="{mr}" w:bottom="{mb}" w:left="{ml}" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr></w:body></w:document>"#,
        pw = PAGE.0,
        ph = PAGE.1,
        mt = MARGINS.0,
        mr = MARGINS.1,
        mb = MARGINS.2,
        ml = MARGINS.3,
    );
    let content_types = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/></Types>"#;
    let root_rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
    let doc_rels = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rIdFooter" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>{rels}</Relationships>"#
    );

    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        let err = |e: &dyn std::fmt::Display| Error::Docx(e.to_string());
        let mut add = |name: &str, bytes: &[u8]| -> Result<(), Error> {
            zip.start_file(name, opts).map_err(|e| err(&e))?;
            zip.write_all(bytes).map_err(|e| err(&e))
        };
        add("[Content_Types].xml", content_types.as_bytes())?;
        add("_rels/.rels", root_rels.as_bytes())?;
        add("word/document.xml", document.as_bytes())?;
        add("word/styles.xml", STYLES.as_bytes())?;
        add("word/footer1.xml", FOOTER.as_bytes())?;
        add("word/_rels/document.xml.rels", doc_rels.as_bytes())?;
        for (i, c) in charts.iter().enumerate() {
            add(&format!("word/media/image{}.png", i + 1), &c.png)?;
        }
        zip.finish().map_err(|e| err(&e))?;
    }
    Ok(buf.into_inner())
}

/// The appendix table: year-to-date, one row per specialty, and the 合计.
fn summary_table(figures: &Figures) -> String {
    let value = |m: Metric, s: &str| figures.get(Window::Ytd, m, s);
    let names = figures.specialties_in(&[Metric::TrainingBatches, Metric::Verification, Metric::Enforcement]);
    let mut rows: Vec<Vec<String>> = names
        .iter()
        .map(|s| {
            let n = |m| value(m, s).map(|r| r.value.to_string()).unwrap_or_default();
            let check =
                value(Metric::Verification, s).map(|r| format!("{}{}", r.value, r.unit.label())).unwrap_or_default();
            vec![s.clone(), n(Metric::TrainingBatches), n(Metric::TrainingAttendees), check, n(Metric::Enforcement)]
        })
        .collect();
    // 合计: training and enforcement add up; verifications only within a unit (家次, 家, 个 side by
    // side, never added together).
    let sum = |m: Metric| figures.total(Window::Ytd, m).to_string();
    let checks: Vec<String> =
        figures.checks_by_unit(Window::Ytd).iter().map(|(u, n)| format!("{n}{}", u.label())).collect();
    rows.push(vec![
        TOTAL.to_string(),
        sum(Metric::TrainingBatches),
        sum(Metric::TrainingAttendees),
        checks.join("、"),
        sum(Metric::Enforcement),
    ]);
    // In 五号 (10.5 pt, as an appendix table is set) every cell of the sample fits one line:
    // 核查 holds the 合计's "112家次、261个、20家", 执法检查（家次） eight characters.
    let head = ["专业", "培训批次", "培训人次", "核查", "执法检查（家次）"];
    table(&head, &[20, 12, 12, 33, 23], &rows)
}

/// The Word draft, made from the report's paragraphs (none when the template failed).
pub struct WordDraft;

impl Output for WordDraft {
    fn name(&self) -> &'static str {
        "Word稿"
    }

    fn write(&self, report: &Report, dir: &Path) -> Result<Vec<String>, Error> {
        let Some(text) = report.paragraphs else { return Ok(Vec::new()) };
        let docx = render(report.figures, report.unit_name, text, &report.charts.charts)?;
        write_file(dir, file_name(report.figures.period), &docx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_too_wide_for_one_line_breaks_where_its_phrase_does() {
        assert!(title("县统计局2023年1－3季度", "统计业务工作情况").contains("季度</w:t><w:br/><w:t"));
        assert!(!title("县统计局2023年6月", "统计业务工作情况").contains("<w:br/>"));
        assert!(title("某某市某某县统计局2023年1－8月", "统计业务工作情况").contains("<w:br/>"));
    }

    #[test]
    fn two_charts_and_their_captions_fit_one_page() {
        let (cx, cy) = picture_size(crate::render::charts::SIZE);
        let body = (PAGE.1 - MARGINS.0 - MARGINS.2) * EMU_PER_TWIP;
        // With room to spare for the paragraphs' own spacing: LibreOffice needs more than 5 %.
        assert!(2 * (cy + CAPTION_TWIPS * EMU_PER_TWIP) <= body * 9 / 10, "{cy} EMU tall: two do not fit {body}");
        assert!(cx <= (PAGE.0 - MARGINS.1 - MARGINS.3) * EMU_PER_TWIP, "within the text width");
        assert!(cx >= 4_500_000, "not needlessly small: {cx}");
        assert!((cx * 2).abs_diff(cy * 3) <= 3 * EMU_PER_TWIP, "in proportion");
    }

    #[test]
    fn headings_are_numbered_per_level_and_counted_afresh_under_the_one_above() {
        let mut n = [0; 3];
        let mut h = |l: &str| heading(l, &mut n).map(|(t, s)| format!("{s} {t}"));
        assert_eq!(h("### 1－3季度").as_deref(), Some("Heading1 一、1－3季度"));
        assert_eq!(h("#### 业务培训").as_deref(), Some("Heading2 （一）业务培训"));
        assert_eq!(h("##### 规上工业").as_deref(), Some("Heading3 1．规上工业"));
        assert_eq!(h("##### 贸易").as_deref(), Some("Heading3 2．贸易"));
        assert_eq!(h("#### 数据核查").as_deref(), Some("Heading2 （二）数据核查"));
        assert_eq!(h("##### 能源").as_deref(), Some("Heading3 1．能源"));
        assert_eq!(h("### 9月及三季度").as_deref(), Some("Heading1 二、9月及三季度"));
        assert_eq!(h("#### 培训").as_deref(), Some("Heading2 （一）培训"));
        assert_eq!(h("各专业培训7批次"), None);
        assert_eq!(h("####### 七级"), None);
    }
}
