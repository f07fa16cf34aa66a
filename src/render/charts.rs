//! The report's charts as PNG: sized to stay legible at half a page width, Chinese text from
//! the embedded font on any machine, colours that survive grayscale printing.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;

use rayon::prelude::*;

use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use std::path::Path;

use super::chart_backend::TextBackend;
use super::text::Fonts;
use super::{write_file, Output, Report};
use crate::error::Error;
use crate::model::period::{window_label, Window};
use crate::model::{Figures, Kind, Metric, MetricRow, Status, Unit};

/// Canvas size: at half an A4 page width (about 10 cm) this is about 180 pixels per cm.
pub const SIZE: (u32, u32) = (1800, 1200);

/// Text sizes in pixels.
const TITLE: f64 = 58.0;
const LABEL: f64 = 38.0;
const SMALL: f64 = 30.0;

/// Dark blue and orange differ in lightness as well as hue, so they stay apart in grayscale.
const BLUE: RGBColor = RGBColor(0x1F, 0x4E, 0x79);
const ORANGE: RGBColor = RGBColor(0xC5, 0x5A, 0x11);
const GRID: RGBColor = RGBColor(0xD9, 0xD9, 0xD9);
/// The non-joint part of the enforcement columns.
const LIGHT_BLUE: RGBColor = RGBColor(0xA9, 0xC4, 0xE2);

/// One chart, ready to be written.
pub struct Chart {
    /// The file name, in Chinese as the bureau names it ("各专业培训情况.png").
    pub file_name: String,
    pub png: Vec<u8>,
}

/// The charts of a period and the characters that no font could draw in them.
pub struct Charts {
    pub charts: Vec<Chart>,
    pub missing: BTreeSet<char>,
}

type Area<'a> = DrawingArea<TextBackend<'a>, Shift>;
/// A chart over two f64 axes (horizontal bars, or months along x).
type Bars<'c, 'a> = ChartContext<'c, TextBackend<'a>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

fn err<E: std::fmt::Debug>(e: E) -> Error {
    Error::Chart(format!("{e:?}"))
}

/// Encodes an RGB buffer as PNG.
pub fn encode_png(pixels: &[u8], (w, h): (u32, u32)) -> Result<Vec<u8>, Error> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        // fdeflate: several times faster than the default on flat-colour charts, files ~1.5x.
        enc.set_compression(png::Compression::Fast);
        let mut writer = enc.write_header().map_err(err)?;
        writer.write_image_data(pixels).map_err(err)?;
    }
    Ok(out)
}

/// Draws one chart on a white canvas and encodes it; also returns the characters no font had.
fn draw(fonts: &Fonts, f: impl FnOnce(&Area) -> Result<(), Error>) -> Result<(Vec<u8>, BTreeSet<char>), Error> {
    let mut pixels = vec![255u8; (SIZE.0 * SIZE.1 * 3) as usize];
    let record = Rc::new(RefCell::new(BTreeSet::new()));
    {
        let backend = TextBackend::new(&mut pixels, SIZE, fonts, record.clone());
        let root = backend.into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        f(&root)?;
        root.present().map_err(err)?;
    }
    let missing = record.borrow().clone();
    Ok((encode_png(&pixels, SIZE)?, missing))
}

/// A text style of `size` pixels anchored as given (the family is a placeholder: the backend
/// draws every character with render/text.rs).
fn text(size: f64, h: HPos, v: VPos) -> TextStyle<'static> {
    TextStyle::from(("sans-serif", size).into_font()).pos(Pos::new(h, v))
}

/// Title at the top, source line at the bottom — and under it a line of its own for a note on
/// records kept by quarter, when the source ends in one after a newline; returns the area between
/// them.
fn frame<'a>(root: &Area<'a>, title: &str, source: &str) -> Result<Area<'a>, Error> {
    let (w, h) = root.dim_in_pixel();
    root.draw(&Text::new(title, (w as i32 / 2, 24), text(TITLE, HPos::Center, VPos::Top))).map_err(err)?;
    let lines: Vec<&str> = source.lines().collect();
    let step = SMALL as i32 + 12;
    for (i, line) in lines.iter().rev().enumerate() {
        root.draw(&Text::new(
            *line,
            (40, h as i32 - 24 - step * i as i32),
            text(SMALL, HPos::Left, VPos::Bottom).color(&RGBColor(0x40, 0x40, 0x40)),
        ))
        .map_err(err)?;
    }
    let extra = step as u32 * (lines.len().max(1) as u32 - 1);
    Ok(root.margin(TITLE as u32 + 60, SMALL as u32 + 50 + extra, 30, 50))
}

/// "数据来源：各专业台账；统计截至2023年9月".
fn source_line(figures: &Figures) -> String {
    format!("数据来源：各专业台账；统计截至{}年{}月", figures.period.year, figures.period.month)
}

/// `source` and, on a line of its own, a note on records kept by quarter (when there is one).
fn with_note(source: String, note: Option<String>) -> String {
    match note {
        Some(n) => format!("{source}\n注：{n}"),
        None => source,
    }
}

/// The source lines of a chart of year-to-date figures of `metrics`: what they leave out of the
/// records kept by quarter when the year to date ends inside a quarter.
fn ytd_source_line(figures: &Figures, metrics: &[Metric]) -> String {
    with_note(source_line(figures), figures.quarterly_note_of(metrics, Window::Ytd))
}

/// The note of a chart of monthly figures of `kinds`: records kept by quarter are in no month.
fn monthly_note(figures: &Figures, kinds: &[Kind]) -> Option<String> {
    figures.in_no_month(kinds).map(|n| format!("{n}，未画入"))
}

/// Converts a backend pixel to a position inside `area` (Text elements are area-relative).
fn local(area: &Area, (x, y): (i32, i32)) -> (i32, i32) {
    let (bx, by) = area.get_base_pixel();
    (x - bx, y - by)
}

/// The width the longest name needs at the label size, plus a gap.
fn names_width(area: &Area, names: &[String]) -> u32 {
    let style = text(LABEL, HPos::Left, VPos::Top);
    names.iter().map(|s| area.estimate_text_size(s, &style).map(|(w, _)| w).unwrap_or(0)).max().unwrap_or(0) + 24
}

/// Builds a horizontal-bar chart: `n` rows, x from 0 to `axis_max` with `ticks` ticks formatted by
/// `tick`, room on the left for the names (drawn by the caller), light vertical grid only.
fn bars_chart<'c, 'a>(
    mut builder: ChartBuilder<'c, '_, TextBackend<'a>>,
    n: usize,
    axis_max: f64,
    name_width: u32,
    ticks: usize,
    tick: &dyn Fn(&f64) -> String,
    desc: &str,
) -> Result<Bars<'c, 'a>, Error> {
    let mut chart = builder
        .margin_right(30)
        .x_label_area_size((SMALL * 2.0) as u32 + 50)
        .y_label_area_size(name_width)
        .build_cartesian_2d(0f64..axis_max, 0f64..n as f64)
        .map_err(err)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(0)
        .x_labels(ticks)
        .x_label_formatter(tick)
        .x_label_style(("sans-serif", SMALL))
        .x_desc(desc)
        .axis_desc_style(("sans-serif", SMALL))
        .light_line_style(WHITE)
        .bold_line_style(GRID)
        .draw()
        .map_err(err)?;
    Ok(chart)
}

/// Horizontal bars, names on the left, `labels` at the bar ends; `names` top down. With
/// `break_outliers`, a bar more than three times the next one is cut at the axis end with a
/// break mark, so that the others keep a readable length.
#[allow(clippy::too_many_arguments)]
fn bar_panel(
    area: &Area,
    caption: &str,
    names: &[String],
    values: &[i64],
    labels: &[String],
    colors: &[RGBColor],
    show_names: bool,
    unit: &str,
    break_outliers: bool,
) -> Result<(), Error> {
    let n = names.len().max(1);
    let mut sorted: Vec<i64> = values.to_vec();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    let max = sorted.first().copied().unwrap_or(0).max(1) as f64;
    let second = sorted.get(1).copied().unwrap_or(0) as f64;
    let axis_max = if break_outliers && second > 0.0 && max > 3.0 * second { second * 1.6 } else { max * 1.18 };
    let name_width = if show_names { names_width(area, names) } else { 10 };
    let mut builder = ChartBuilder::on(area);
    builder.caption(caption, ("sans-serif", LABEL + 4.0));
    let tick = |v: &f64| format!("{}", v.round() as i64);
    let mut chart = bars_chart(builder, n, axis_max, name_width, 5, &tick, unit)?;
    for (i, (name, v)) in names.iter().zip(values).enumerate() {
        let top = n as f64 - i as f64;
        let color = colors[i % colors.len()];
        let cut = *v as f64 > axis_max;
        let end = if cut { axis_max * 0.96 } else { *v as f64 };
        chart
            .draw_series(std::iter::once(Rectangle::new([(0.0, top - 0.18), (end, top - 0.82)], color.filled())))
            .map_err(err)?;
        if cut {
            // Two white slanted strokes across the bar: the axis is broken here.
            for dx in [0.80, 0.84] {
                let (x0, y0) = chart.backend_coord(&(axis_max * dx, top - 0.10));
                let (x1, y1) = chart.backend_coord(&(axis_max * dx, top - 0.90));
                area.draw(&PathElement::new(
                    vec![local(area, (x0 + 8, y0)), local(area, (x1 - 8, y1))],
                    WHITE.stroke_width(7),
                ))
                .map_err(err)?;
            }
        }
        let (bx, by) = chart.backend_coord(&(end, top - 0.5));
        let (lx, ly) = if cut { (bx - 12, by) } else { (bx + 10, by) };
        let anchor = if cut { HPos::Right } else { HPos::Left };
        let color_text = if cut { WHITE } else { BLACK };
        area.draw(&Text::new(
            labels[i].clone(),
            local(area, (lx, ly)),
            text(SMALL, anchor, VPos::Center).color(&color_text),
        ))
        .map_err(err)?;
        if show_names {
            let (nx, ny) = chart.backend_coord(&(0.0, top - 0.5));
            area.draw(&Text::new(name.clone(), local(area, (nx - 12, ny)), text(LABEL, HPos::Right, VPos::Center)))
                .map_err(err)?;
        }
    }
    Ok(())
}

/// Chart 1, 各专业培训情况: year-to-date 人次 and 批次 per specialty, two panels, sorted by 人次.
fn training(root: &Area, figures: &Figures) -> Result<(), Error> {
    let title = format!("{}各专业培训情况", window_label(figures.period, Window::Ytd));
    let body = frame(root, &title, &ytd_source_line(figures, &[Metric::TrainingBatches, Metric::TrainingAttendees]))?;
    let attendees: Vec<&MetricRow> = figures.by_specialty(Metric::TrainingAttendees).collect();
    let batches: Vec<&MetricRow> = figures.by_specialty(Metric::TrainingBatches).collect();
    let mut rows: Vec<(String, i64, i64)> = attendees
        .iter()
        .map(|a| {
            let b = batches.iter().find(|b| b.specialty == a.specialty).map_or(0, |b| b.value);
            (a.specialty.clone(), a.value, b)
        })
        .collect();
    rows.sort_by_key(|(_, a, _)| std::cmp::Reverse(*a));
    let names: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
    let (w, _) = body.dim_in_pixel();
    let (left, right) = body.split_horizontally(w * 60 / 100);
    let attendees: Vec<i64> = rows.iter().map(|r| r.1).collect();
    let batches: Vec<i64> = rows.iter().map(|r| r.2).collect();
    let label = |v: &[i64]| v.iter().map(|n| n.to_string()).collect::<Vec<_>>();
    bar_panel(&left, "培训人次", &names, &attendees, &label(&attendees), &[BLUE], true, "人次", false)?;
    bar_panel(&right, "培训批次", &names, &batches, &label(&batches), &[ORANGE], false, "批次", false)?;
    Ok(())
}

/// Chart 2, 各专业核查情况: year-to-date verification per specialty, each in its own unit; an
/// outlier (投资项目 261个) is cut with a break mark so the others stay readable.
fn verification(root: &Area, figures: &Figures) -> Result<(), Error> {
    let title = format!("{}各专业核查情况", window_label(figures.period, Window::Ytd));
    let body = frame(root, &title, &ytd_source_line(figures, &[Metric::Verification]))?;
    let mut rows: Vec<&MetricRow> = figures.by_specialty(Metric::Verification).collect();
    rows.sort_by_key(|r| std::cmp::Reverse(r.value));
    let names: Vec<String> = rows.iter().map(|r| r.specialty.clone()).collect();
    let values: Vec<i64> = rows.iter().map(|r| r.value).collect();
    let labels: Vec<String> = rows.iter().map(|r| format!("{}{}", r.value, r.unit.label())).collect();
    bar_panel(
        &body,
        "核查数量（家次、家、个）",
        &names,
        &values,
        &labels,
        &[BLUE],
        true,
        "数量（单位见各条标注）",
        true,
    )
}

/// Status colours: dark green, mid blue, light red — three lightness levels for grayscale.
fn status_color(s: Option<Status>) -> RGBColor {
    match s {
        Some(Status::Done) => RGBColor(0x2E, 0x6B, 0x30),
        Some(Status::Behind) => RGBColor(0xF0, 0x8A, 0x80),
        _ => RGBColor(0x4A, 0x7E, 0xBB),
    }
}

/// Chart 3, 目标完成情况: completion per (specialty, metric) with a target, against 序时进度 and 100%.
fn targets(root: &Area, figures: &Figures) -> Result<(), Error> {
    let p = figures.period;
    let title = format!("{}年度目标完成情况", window_label(p, Window::Ytd));
    let body = frame(root, &title, &with_note(source_line(figures), figures.targets_quarterly_note()))?;
    let rows: Vec<&MetricRow> = figures.targeted().filter(|r| r.completion.is_some()).collect();
    if rows.is_empty() {
        body.draw(&Text::new("没有读到年度目标", (40, 40), text(LABEL, HPos::Left, VPos::Top))).map_err(err)?;
        return Ok(());
    }
    let names: Vec<String> = rows.iter().map(|r| format!("{}·{}", r.specialty, r.metric.label())).collect();
    let pct: Vec<f64> = rows.iter().map(|r| r.completion.unwrap_or(0.0) * 100.0).collect();
    let n = rows.len();
    // Room right of the longest bar for its label ("120.0% 已完成全年目标": about a third of the
    // axis when it ends at 150 %).
    let axis_max = pct.iter().copied().fold(100.0, f64::max) * 1.25 + 20.0;
    let mut builder = ChartBuilder::on(&body);
    builder.margin_top(70);
    let tick = |v: &f64| format!("{}%", v.round() as i64);
    let mut chart = bars_chart(builder, n, axis_max, names_width(&body, &names), 6, &tick, "完成率")?;
    let progress = p.time_progress() * 100.0;
    for (x, label, dashed) in
        [(progress, format!("序时进度{progress:.0}%"), true), (100.0, "全年目标100%".to_string(), false)]
    {
        let line = vec![(x, 0.0), (x, n as f64)];
        if dashed {
            chart
                .draw_series(std::iter::once(DashedPathElement::new(line, 14, 10, BLACK.stroke_width(3))))
                .map_err(err)?;
        } else {
            chart.draw_series(std::iter::once(PathElement::new(line, BLACK.stroke_width(3)))).map_err(err)?;
        }
        let (tx, ty) = chart.backend_coord(&(x, n as f64));
        let anchor = if dashed { HPos::Right } else { HPos::Left };
        body.draw(&Text::new(label, local(&body, (tx, ty - 8)), text(SMALL, anchor, VPos::Bottom))).map_err(err)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let top = n as f64 - i as f64;
        chart
            .draw_series(std::iter::once(Rectangle::new(
                [(0.0, top - 0.2), (pct[i], top - 0.8)],
                status_color(r.status).filled(),
            )))
            .map_err(err)?;
        let (bx, by) = chart.backend_coord(&(pct[i], top - 0.5));
        let label = format!("{:.1}% {}", pct[i], r.standing().map(|s| s.label()).unwrap_or(""));
        // A white box behind the label keeps it readable where it crosses a reference line.
        let style = text(SMALL, HPos::Left, VPos::Center);
        let (tw, th) = body.estimate_text_size(&label, &style).map_err(err)?;
        let (lx, ly) = local(&body, (bx + 10, by));
        let (tw, th) = (tw as i32, th as i32);
        body.draw(&Rectangle::new([(lx - 2, ly - th / 2), (lx + tw + 2, ly + th / 2)], WHITE.filled())).map_err(err)?;
        body.draw(&Text::new(label, (lx, ly), style)).map_err(err)?;
        let (nx, ny) = chart.backend_coord(&(0.0, top - 0.5));
        body.draw(&Text::new(names[i].clone(), local(&body, (nx - 12, ny)), text(LABEL, HPos::Right, VPos::Center)))
            .map_err(err)?;
    }
    Ok(())
}

/// One panel of monthly lines: this year solid with dots, last year dashed with squares; when
/// last year lacks some specialties, this year on the comparable scope (the specialties of both
/// years) as a light solid line with small dots, so that like is compared with like.
fn trend_panel(
    area: &Area,
    caption: &str,
    unit: &str,
    this: &[Option<i64>; 12],
    last: &[Option<i64>; 12],
    comparable: Option<&[Option<i64>; 12]>,
    years: (i32, i32),
) -> Result<(), Error> {
    let max = this.iter().chain(last.iter()).flatten().copied().max().unwrap_or(0).max(1) as f64;
    // Room above the highest point for the legend's rows (a third row for the comparable line).
    let y_max = if comparable.is_some() { max * 1.35 } else { max * 1.2 };
    let mut builder = ChartBuilder::on(area);
    builder.caption(caption, ("sans-serif", LABEL + 4.0)).margin_top(10);
    let tick = |v: &f64| format!("{}", v.round() as i64);
    let mut chart = month_chart(builder, 12, y_max, &tick, "月份", unit)?;
    let points = |v: &[Option<i64>; 12]| -> Vec<(f64, f64)> {
        v.iter().enumerate().filter_map(|(m, x)| x.map(|x| (m as f64 + 1.0, x as f64))).collect()
    };
    let last_pts = points(last);
    if !last_pts.is_empty() {
        chart
            .draw_series(std::iter::once(DashedPathElement::new(last_pts.clone(), 16, 10, ORANGE.stroke_width(4))))
            .map_err(err)?;
        chart
            .draw_series(last_pts.iter().map(|&(x, y)| {
                let (cx, cy) = (x, y);
                EmptyElement::at((cx, cy)) + Rectangle::new([(-9, -9), (9, 9)], ORANGE.filled())
            }))
            .map_err(err)?;
    }
    if let Some(comparable) = comparable {
        let pts = points(comparable);
        chart.draw_series(std::iter::once(PathElement::new(pts.clone(), LIGHT_BLUE.stroke_width(5)))).map_err(err)?;
        chart.draw_series(pts.iter().map(|&p| Circle::new(p, 7, LIGHT_BLUE.filled()))).map_err(err)?;
    }
    let this_pts = points(this);
    chart.draw_series(std::iter::once(PathElement::new(this_pts.clone(), BLUE.stroke_width(6)))).map_err(err)?;
    chart.draw_series(this_pts.iter().map(|&p| Circle::new(p, 10, BLUE.filled()))).map_err(err)?;
    // Legend, top left inside the plot.
    let (lx, ly) = chart.backend_coord(&(0.8, y_max * 0.975));
    let (lx, ly) = local(area, (lx, ly));
    let mut legend = vec![(format!("{}年", years.0), BLUE, false)];
    if comparable.is_some() {
        legend.push((format!("{}年（可比口径）", years.0), LIGHT_BLUE, false));
    }
    legend.push((format!("{}年", years.1), ORANGE, true));
    for (k, (label, color, dashed)) in legend.iter().enumerate() {
        let y = ly + 10 + k as i32 * 48;
        if *dashed {
            area.draw(&DashedPathElement::new(vec![(lx, y), (lx + 70, y)], 16, 8, color.stroke_width(4)))
                .map_err(err)?;
        } else {
            area.draw(&PathElement::new(vec![(lx, y), (lx + 70, y)], color.stroke_width(6))).map_err(err)?;
        }
        area.draw(&Text::new(label.clone(), (lx + 84, y), text(SMALL, HPos::Left, VPos::Center))).map_err(err)?;
    }
    Ok(())
}

/// Builds a chart with months 1..=`months` along x (ticks formatted by `tick`) and values up to
/// `y_max` along y, horizontal grid only.
fn month_chart<'c, 'a>(
    mut builder: ChartBuilder<'c, '_, TextBackend<'a>>,
    months: usize,
    y_max: f64,
    tick: &dyn Fn(&f64) -> String,
    x_desc: &str,
    y_desc: &str,
) -> Result<Bars<'c, 'a>, Error> {
    let mut chart = builder
        .margin_left(20)
        .margin_right(20)
        .margin_bottom(20)
        .x_label_area_size((SMALL * 2.0) as u32 + 50)
        .y_label_area_size(110)
        .build_cartesian_2d(0.5f64..months as f64 + 0.5, 0f64..y_max)
        .map_err(err)?;
    let mut mesh = chart.configure_mesh();
    mesh.disable_x_mesh()
        .x_labels(months)
        .x_label_formatter(tick)
        .y_labels(5)
        .y_label_formatter(&|v| format!("{}", v.round() as i64))
        .x_label_style(("sans-serif", SMALL))
        .y_label_style(("sans-serif", SMALL))
        .y_desc(y_desc)
        .axis_desc_style(("sans-serif", SMALL))
        .light_line_style(WHITE)
        .bold_line_style(GRID);
    if !x_desc.is_empty() {
        mesh.x_desc(x_desc);
    }
    mesh.draw().map_err(err)?;
    Ok(chart)
}

/// Chart 4, 月度趋势: training 人次 and verification 家次 by month, this year against last year.
fn trend(root: &Area, figures: &Figures) -> Result<(), Error> {
    let p = figures.period;
    let title = format!("{}年与{}年分月培训和核查情况", p.year, p.year - 1);
    // Last year's line adds only the specialties that kept ledgers then: said under the chart,
    // short enough for its one line (which they are is in the workbook's 月度趋势 sheet, where
    // those specialties have no row for last year).
    let mut source = source_line(figures);
    let panels = [(Metric::TrainingAttendees, None), (Metric::Verification, Some(Unit::UnitVisits))];
    let missing: Vec<String> = ["培训", "核查"]
        .into_iter()
        .zip(panels)
        .map(|(what, (metric, unit))| (what, figures.without_last_year(metric, unit).len()))
        .filter(|(_, n)| *n > 0)
        .map(|(what, n)| format!("{what}{n}个"))
        .collect();
    if !missing.is_empty() {
        source.push_str(&format!(
            "；浅色线为{}年按{}年同口径（不含去年没有台账的{}专业）",
            p.year,
            p.year - 1,
            missing.join("、")
        ));
    }
    let body = frame(root, &title, &with_note(source, monthly_note(figures, &[Kind::Training, Kind::Verification])))?;
    let (w, _) = body.dim_in_pixel();
    let (left, right) = body.split_horizontally(w / 2);
    for ((area, caption, unit), (metric, by)) in
        [(&left, "培训人次", "人次"), (&right, "核查家次（按家次计的专业）", "家次")].into_iter().zip(panels)
    {
        let (t, l) = figures.monthly_total(metric, by, false);
        let partial = !figures.without_last_year(metric, by).is_empty();
        let comparable = partial.then(|| figures.monthly_total(metric, by, true).0);
        trend_panel(area, caption, unit, &t, &l, comparable.as_ref(), (p.year, p.year - 1))?;
    }
    Ok(())
}

/// Chart 5, 执法检查情况: enforcement by month, the joint part stacked and named by partner.
fn enforcement(root: &Area, figures: &Figures) -> Result<(), Error> {
    let p = figures.period;
    let title = format!("{}统计执法检查情况", window_label(p, Window::Ytd));
    let body = frame(root, &title, &with_note(source_line(figures), monthly_note(figures, &[Kind::Enforcement])))?;
    let (all, _) = figures.monthly_total(Metric::Enforcement, None, false);
    let (joint, _) = figures.monthly_total(Metric::EnforcementJoint, None, false);
    let months = p.month as usize;
    let max = all.iter().take(months).flatten().copied().max().unwrap_or(0).max(1) as f64;
    let mut builder = ChartBuilder::on(&body);
    builder.margin_top(90);
    let tick = |v: &f64| format!("{}月", v.round() as i64);
    let mut chart = month_chart(builder, months, max * 1.25, &tick, "", "家次")?;
    let light = LIGHT_BLUE;
    for m in 0..months {
        let x = m as f64 + 1.0;
        let total = all[m].unwrap_or(0) as f64;
        let j = joint[m].unwrap_or(0) as f64;
        chart
            .draw_series(std::iter::once(Rectangle::new([(x - 0.32, 0.0), (x + 0.32, j)], BLUE.filled())))
            .map_err(err)?;
        chart
            .draw_series(std::iter::once(Rectangle::new([(x - 0.32, j), (x + 0.32, total)], light.filled())))
            .map_err(err)?;
        let (tx, ty) = chart.backend_coord(&(x, total));
        body.draw(&Text::new(
            format!("{}", total as i64),
            local(&body, (tx, ty - 6)),
            text(SMALL, HPos::Center, VPos::Bottom),
        ))
        .map_err(err)?;
    }
    // Legend with the joint part named by partner.
    let partners: Vec<String> =
        figures.enforcement_by_partner.iter().map(|b| format!("{}{}家次", b.name, b.value)).collect();
    let joint_label = if partners.is_empty() {
        "联合检查".to_string()
    } else {
        format!("联合检查（{}）", partners.join("、"))
    };
    let (bw, _) = body.dim_in_pixel();
    let legend = [(joint_label, BLUE), ("其他检查".to_string(), light)];
    let mut x = 30;
    for (label, color) in legend {
        body.draw(&Rectangle::new([(x, 20), (x + 40, 56)], color.filled())).map_err(err)?;
        body.draw(&Text::new(label.clone(), (x + 52, 38), text(SMALL, HPos::Left, VPos::Center))).map_err(err)?;
        let (w, _) = body.estimate_text_size(&label, &text(SMALL, HPos::Left, VPos::Top)).map_err(err)?;
        x += 52 + w as i32 + 60;
        if x > bw as i32 {
            break;
        }
    }
    Ok(())
}

/// Draws every chart of the period (in parallel: each chart has its own canvas).
pub fn render(figures: &Figures, fonts: &Fonts) -> Result<Charts, Error> {
    type Painter = fn(&Area, &Figures) -> Result<(), Error>;
    let list: [(&str, Painter); 5] = [
        ("各专业培训情况", training),
        ("各专业核查情况", verification),
        ("目标完成情况", targets),
        ("月度趋势", trend),
        ("执法检查情况", enforcement),
    ];
    let drawn: Vec<(String, Vec<u8>, BTreeSet<char>)> = list
        .par_iter()
        .map(|(name, paint)| {
            draw(fonts, |root| paint(root, figures)).map(|(png, missing)| (format!("{name}.png"), png, missing))
        })
        .collect::<Result<_, Error>>()?;
    let mut missing = BTreeSet::new();
    let mut charts = Vec::new();
    for (file_name, png, m) in drawn {
        missing.extend(m);
        charts.push(Chart { file_name, png });
    }
    Ok(Charts { charts, missing })
}

/// The folder of the PNG charts inside the period folder.
pub const DIR: &str = "图表";

/// 图表/*.png: the charts drawn before the files are written.
pub struct ChartFiles;

impl Output for ChartFiles {
    fn name(&self) -> &'static str {
        "图表"
    }

    fn write(&self, report: &Report, dir: &Path) -> Result<Vec<String>, Error> {
        let chart_dir = dir.join(DIR);
        std::fs::create_dir_all(&chart_dir)
            .map_err(|source| Error::CreateFolder { path: chart_dir.clone(), source })?;
        let mut files = Vec::new();
        for c in &report.charts.charts {
            write_file(&chart_dir, c.file_name.clone(), &c.png)?;
            files.push(format!("{DIR}/{}", c.file_name));
        }
        Ok(files)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::MonthlySeries;

    /// Lightness as a grayscale printer sees it (ITU-R BT.601 luma).
    fn luma(c: RGBColor) -> f64 {
        0.299 * c.0 as f64 + 0.587 * c.1 as f64 + 0.114 * c.2 as f64
    }

    fn series(
        specialty: &str,
        metric: Metric,
        unit: Unit,
        this: [Option<i64>; 12],
        last: [Option<i64>; 12],
    ) -> MonthlySeries {
        let in_both = this.iter().flatten().any(|v| *v > 0) && last.iter().any(Option::is_some);
        MonthlySeries { specialty: specialty.into(), metric, unit, this_year: this, last_year: last, in_both }
    }

    #[test]
    fn monthly_lines_add_the_specialties_and_keep_missing_months_empty() {
        let mut this_a = [None; 12];
        let mut this_b = [None; 12];
        for m in 0..3 {
            this_a[m] = Some(m as i64 + 1);
            this_b[m] = Some(10);
        }
        let mut last_a = [None; 12];
        last_a.iter_mut().enumerate().for_each(|(m, v)| *v = Some(m as i64));
        let figures = Figures {
            period: crate::model::period::Period::new(2023, 3).unwrap(),
            empty_months: Vec::new(),
            quarterly: Vec::new(),
            rows: Vec::new(),
            monthly: vec![
                series("贸易", Metric::Verification, Unit::UnitVisits, this_a, last_a),
                series("能源", Metric::Verification, Unit::UnitVisits, this_b, [None; 12]),
                series("名录库", Metric::Verification, Unit::Units, this_b, [None; 12]),
            ],
            enforcement_by_partner: Vec::new(),
            enforcement_by_category: Vec::new(),
            training_topics: Default::default(),
            unlisted_activities: Default::default(),
            findings: Vec::new(),
        };
        let (this, last) = figures.monthly_total(Metric::Verification, Some(Unit::UnitVisits), false);
        assert_eq!(&this[..4], &[Some(11), Some(12), Some(13), None], "家 is not added to 家次");
        assert_eq!(last[11], Some(11), "last year: only the specialty that has it");
        let (all, _) = figures.monthly_total(Metric::Verification, None, false);
        assert_eq!(all[0], Some(21));
        // Last year's 家次 line holds 贸易 only: 能源 is named as missing from it (名录库 counts 家).
        assert_eq!(figures.without_last_year(Metric::Verification, Some(Unit::UnitVisits)), ["能源"]);
        // No ledger at all last year: nothing is left out of a line that is not drawn.
        let first_year = Figures {
            monthly: vec![series("能源", Metric::Verification, Unit::UnitVisits, this_b, [None; 12])],
            ..figures.clone()
        };
        assert!(first_year.without_last_year(Metric::Verification, Some(Unit::UnitVisits)).is_empty());
        // On the comparable scope this year's line holds 贸易 only, like last year's.
        let (comparable, last) = figures.monthly_total(Metric::Verification, Some(Unit::UnitVisits), true);
        assert_eq!(&comparable[..4], &[Some(1), Some(2), Some(3), None]);
        assert_eq!(last[11], Some(11));
    }

    #[test]
    fn colours_that_share_a_chart_differ_in_grayscale() {
        let pairs = [
            (BLUE, ORANGE),
            (BLUE, LIGHT_BLUE),
            (status_color(Some(Status::Done)), status_color(Some(Status::OnTrack))),
            (status_color(Some(Status::OnTrack)), status_color(Some(Status::Behind))),
            (status_color(Some(Status::Done)), status_color(Some(Status::Behind))),
        ];
        for (a, b) in pairs {
            assert!((luma(a) - luma(b)).abs() >= 30.0, "{a:?} and {b:?} print as nearly the same gray");
        }
    }
}
