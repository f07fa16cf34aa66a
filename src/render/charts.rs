//! The report's charts as PNG: sized to stay legible at half a page width, Chinese text from
//! the embedded font on any machine, colours that survive grayscale printing.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::chart_backend::TextBackend;
use super::text::Fonts;
use crate::model::{Figures, Metric, MetricRow, TOTAL};
use crate::period::{window_label, Window};

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

type Area<'a, 'b> = DrawingArea<TextBackend<'a>, Shift>;

fn err<E: std::fmt::Debug>(e: E) -> String {
    format!("无法绘制图表：{e:?}")
}

/// Encodes an RGB buffer as PNG.
pub fn encode_png(pixels: &[u8], (w, h): (u32, u32)) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        let mut writer = enc.write_header().map_err(err)?;
        writer.write_image_data(pixels).map_err(err)?;
    }
    Ok(out)
}

/// Draws one chart on a white canvas and encodes it.
fn draw(
    fonts: &Fonts,
    missing: &mut BTreeSet<char>,
    f: impl FnOnce(&Area) -> Result<(), String>,
) -> Result<Vec<u8>, String> {
    let mut pixels = vec![255u8; (SIZE.0 * SIZE.1 * 3) as usize];
    let record = Rc::new(RefCell::new(BTreeSet::new()));
    {
        let backend = TextBackend::new(&mut pixels, SIZE, fonts, record.clone());
        let root = backend.into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        f(&root)?;
        root.present().map_err(err)?;
    }
    missing.extend(record.borrow().iter().copied());
    encode_png(&pixels, SIZE)
}

/// A text style of `size` pixels anchored as given (the family is a placeholder: the backend
/// draws every character with render/text.rs).
fn text(size: f64, h: HPos, v: VPos) -> TextStyle<'static> {
    TextStyle::from(("sans-serif", size).into_font()).pos(Pos::new(h, v))
}

/// Title at the top, source line at the bottom; returns the area between them.
fn frame<'a, 'b>(root: &Area<'a, 'b>, title: &str, source: &str) -> Result<Area<'a, 'b>, String> {
    let (w, h) = root.dim_in_pixel();
    root.draw(&Text::new(
        title,
        (w as i32 / 2, 24),
        text(TITLE, HPos::Center, VPos::Top),
    ))
    .map_err(err)?;
    root.draw(&Text::new(
        source,
        (40, h as i32 - 24),
        text(SMALL, HPos::Left, VPos::Bottom).color(&RGBColor(0x40, 0x40, 0x40)),
    ))
    .map_err(err)?;
    Ok(root.margin(TITLE as u32 + 60, SMALL as u32 + 50, 30, 50))
}

/// "数据来源：各专业台账；统计截至2023年9月".
fn source_line(figures: &Figures) -> String {
    format!(
        "数据来源：各专业台账；统计截至{}年{}月",
        figures.period.year, figures.period.month
    )
}

fn ytd(rows: &[MetricRow], metric: Metric) -> Vec<&MetricRow> {
    rows.iter()
        .filter(|r| r.window == Window::Ytd && r.metric == metric && r.specialty != TOTAL)
        .collect()
}

/// Horizontal bars with the names on the left and the values at the bar ends; `names` top down.
fn bar_panel(
    area: &Area,
    caption: &str,
    names: &[String],
    values: &[i64],
    color: RGBColor,
    show_names: bool,
    unit: &str,
) -> Result<(), String> {
    let n = names.len().max(1);
    let max = values.iter().copied().max().unwrap_or(0).max(1) as f64;
    let name_width = if show_names {
        names
            .iter()
            .map(|s| {
                area.estimate_text_size(s, &text(LABEL, HPos::Left, VPos::Top))
                    .map(|(w, _)| w)
                    .unwrap_or(0)
            })
            .max()
            .unwrap_or(0)
            + 24
    } else {
        10
    };
    let mut chart = ChartBuilder::on(area)
        .caption(caption, ("sans-serif", LABEL + 4.0))
        .margin_right(20)
        .x_label_area_size((SMALL * 2.0) as u32 + 50)
        .y_label_area_size(name_width)
        .build_cartesian_2d(0f64..max * 1.18, 0f64..n as f64)
        .map_err(err)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(0)
        .x_labels(5)
        .x_label_formatter(&|v| format!("{}", v.round() as i64))
        .x_label_style(("sans-serif", SMALL))
        .x_desc(unit)
        .axis_desc_style(("sans-serif", SMALL))
        .light_line_style(WHITE)
        .bold_line_style(GRID)
        .draw()
        .map_err(err)?;
    for (i, (name, v)) in names.iter().zip(values).enumerate() {
        let top = n as f64 - i as f64;
        chart
            .draw_series(std::iter::once(Rectangle::new(
                [(0.0, top - 0.18), (*v as f64, top - 0.82)],
                color.filled(),
            )))
            .map_err(err)?;
        let (bx, by) = chart.backend_coord(&(*v as f64, top - 0.5));
        area.draw(&Text::new(
            v.to_string(),
            (
                bx + 10 - area.get_base_pixel().0,
                by - area.get_base_pixel().1,
            ),
            text(SMALL, HPos::Left, VPos::Center),
        ))
        .map_err(err)?;
        if show_names {
            let (lx, ly) = chart.backend_coord(&(0.0, top - 0.5));
            area.draw(&Text::new(
                name.clone(),
                (
                    lx - 12 - area.get_base_pixel().0,
                    ly - area.get_base_pixel().1,
                ),
                text(LABEL, HPos::Right, VPos::Center),
            ))
            .map_err(err)?;
        }
    }
    Ok(())
}

/// 1. 各专业培训情况: year-to-date 人次 and 批次 per specialty, two panels, sorted by 人次.
fn training(root: &Area, figures: &Figures) -> Result<(), String> {
    let title = format!(
        "{}各专业培训情况",
        window_label(figures.period, Window::Ytd)
    );
    let body = frame(root, &title, &source_line(figures))?;
    let attendees = ytd(&figures.rows, Metric::TrainingAttendees);
    let batches = ytd(&figures.rows, Metric::TrainingBatches);
    let mut rows: Vec<(String, i64, i64)> = attendees
        .iter()
        .map(|a| {
            let b = batches
                .iter()
                .find(|b| b.specialty == a.specialty)
                .map_or(0, |b| b.value);
            (a.specialty.clone(), a.value, b)
        })
        .collect();
    rows.sort_by_key(|(_, a, _)| std::cmp::Reverse(*a));
    let names: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
    let (w, _) = body.dim_in_pixel();
    let (left, right) = body.split_horizontally(w * 60 / 100);
    bar_panel(
        &left,
        "培训人次",
        &names,
        &rows.iter().map(|r| r.1).collect::<Vec<_>>(),
        BLUE,
        true,
        "人次",
    )?;
    bar_panel(
        &right,
        "培训批次",
        &names,
        &rows.iter().map(|r| r.2).collect::<Vec<_>>(),
        ORANGE,
        false,
        "批次",
    )?;
    Ok(())
}

/// Draws every chart of the period.
pub fn render(figures: &Figures, fonts: &Fonts) -> Result<Charts, String> {
    let mut missing = BTreeSet::new();
    let charts = vec![Chart {
        file_name: "各专业培训情况.png".into(),
        png: draw(fonts, &mut missing, |root| training(root, figures))?,
    }];
    Ok(Charts { charts, missing })
}
