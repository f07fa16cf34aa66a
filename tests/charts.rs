//! The PNG charts of `tongji run`: five files under 图表/, big enough to print, drawn with the
//! embedded Chinese font, and characters no font has reported rather than drawn as boxes.

use std::path::Path;
use std::process::{Command, Output};

use rust_xlsxwriter::Workbook;

mod common;
use common::TempDir;

fn tongji(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tongji")).args(args).current_dir(env!("CARGO_MANIFEST_DIR")).output().unwrap()
}

/// Decodes a PNG into (width, height, RGB bytes).
fn decode(path: &Path) -> (u32, u32, Vec<u8>) {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!(info.color_type, png::ColorType::Rgb, "{}", path.display());
    buf.truncate(info.buffer_size());
    (info.width, info.height, buf)
}

fn dark(rgb: &[u8], w: u32, x: u32, y: u32) -> bool {
    let i = ((y * w + x) * 3) as usize;
    (rgb[i] as u32 + rgb[i + 1] as u32 + rgb[i + 2] as u32) < 300
}

#[test]
fn sample_charts_are_written_big_white_and_titled() {
    let output = TempDir::new().unwrap();
    let o = tongji(&["run", "-o", output.path().to_str().unwrap(), "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let dir = output.path().join("2023-09").join("图表");
    let names = ["各专业培训情况", "各专业核查情况", "目标完成情况", "月度趋势", "执法检查情况"];
    for name in names {
        let (w, h, rgb) = decode(&dir.join(format!("{name}.png")));
        assert!(w >= 1600 && h >= 1000, "{name}: {w}×{h}");
        assert!(!dark(&rgb, w, 0, 0) && !dark(&rgb, w, w - 1, h - 1), "{name}: white background");
        // The title: dark pixels in the top band, centred.
        let title_ink = (0..110)
            .flat_map(|y| (w / 4..w * 3 / 4).map(move |x| (x, y)))
            .filter(|&(x, y)| dark(&rgb, w, x, y))
            .count();
        assert!(title_ink > 2000, "{name}: title ink {title_ink}");
        // The source line at the bottom left.
        let source_ink =
            (h - 70..h).flat_map(|y| (0..w / 3).map(move |x| (x, y))).filter(|&(x, y)| dark(&rgb, w, x, y)).count();
        assert!(source_ink > 500, "{name}: source line ink {source_ink}");
        let inked = rgb.chunks(3).filter(|p| p.iter().any(|c| *c < 250)).count();
        assert!(inked * 50 > (w * h) as usize, "{name}: a chart, not a blank page");
    }
    let entries = std::fs::read_dir(&dir).unwrap().count();
    assert_eq!(entries, names.len());
}

#[test]
fn characters_no_font_has_are_reported_and_a_users_font_comes_first() {
    let input = TempDir::new().unwrap();
    let output = TempDir::new().unwrap();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("培训").unwrap();
    for (r, row) in
        [["日期", "专业", "人次"], ["2023-03-01", "镕喆统计", "12"], ["2023-03-02", "贸易", "8"]].iter().enumerate()
    {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *v).unwrap();
        }
    }
    wb.save(input.path().join("台账.xlsx")).unwrap();
    let (i, o) = (input.path().to_str().unwrap(), output.path().to_str().unwrap());
    let r = tongji(&["run", "-i", i, "-o", o]);
    assert_eq!(r.status.code(), Some(0), "{}", String::from_utf8_lossy(&r.stderr));
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook(output.path().join("2023-03/统计汇总_2023年3月.xlsx")).unwrap();
    let quality = calamine::Reader::worksheet_range(&mut book, "数据质量").unwrap();
    let warned = quality.rows().any(|row| {
        row.iter().any(|c| matches!(c, calamine::Data::String(s) if s.contains("未能画出") && s.contains('镕') && s.contains('喆')))
    });
    assert!(warned, "the missing characters are named in 数据质量");

    // A user's font: used first, the embedded one fills in; a bad path stops with a message.
    let latin = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fonts/latin-only.otf");
    let r = tongji(&["run", "-i", i, "-o", o, "-q", "--font", latin.to_str().unwrap()]);
    assert_eq!(r.status.code(), Some(0), "{}", String::from_utf8_lossy(&r.stderr));
    let r = tongji(&["run", "-i", i, "-o", o, "--font", "/no/such/font.ttf"]);
    assert_eq!(r.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&r.stderr).contains("无法读取字体文件"));
}

/// The sample's figures, computed through the library.
fn sample_figures() -> tongji::model::Figures {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("input");
    let (config, ingested) = tongji::pipeline::check(&dir).unwrap();
    tongji::pipeline::figures(&ingested, &config, tongji::model::period::Period::new(2023, 9).unwrap()).unwrap()
}

#[test]
fn every_label_of_the_sample_has_a_glyph_in_the_embedded_font() {
    let charts = tongji::render::charts::render(&sample_figures(), &tongji::render::text::Fonts::embedded()).unwrap();
    assert_eq!(charts.charts.len(), 5);
    assert!(charts.missing.is_empty(), "missing glyphs: {:?}", charts.missing);
}

#[test]
fn training_bars_are_as_long_as_their_figures() {
    let figures = sample_figures();
    let mut want: Vec<f64> = figures
        .rows
        .iter()
        .filter(|r| {
            r.window == tongji::model::period::Window::Ytd && r.metric == tongji::model::Metric::TrainingAttendees
        })
        .filter(|r| r.specialty != tongji::model::TOTAL)
        .map(|r| r.value as f64)
        .collect();
    want.sort_unstable_by(|a, b| b.total_cmp(a));
    let (_dir, path) = png_of("各专业培训情况");
    // The 人次 bars are the dark blue ones in the left 60% of the picture.
    let bars = horizontal_bars(&path, &[(0x1F, 0x4E, 0x79)], 0.0, 0.6);
    assert_proportional(&bars, &want, "人次");
}

/// Horizontal bars of any of `colors` in the columns `x0..x1`, top down: (first x, last x).
fn horizontal_bars(path: &Path, colors: &[(u8, u8, u8)], x0: f64, x1: f64) -> Vec<(u32, u32)> {
    let (w, h, rgb) = decode(path);
    let hit = |x: u32, y: u32| {
        let i = ((y * w + x) * 3) as usize;
        colors.contains(&(rgb[i], rgb[i + 1], rgb[i + 2]))
    };
    let (a, b) = ((w as f64 * x0) as u32, (w as f64 * x1) as u32);
    let mut bars = Vec::new();
    let mut in_bar = false;
    for y in 0..h {
        let xs: Vec<u32> = (a..b).filter(|&x| hit(x, y)).collect();
        match (xs.is_empty(), in_bar) {
            (false, false) => {
                bars.push((xs[0], *xs.last().unwrap()));
                in_bar = true;
            }
            (true, true) => in_bar = false,
            _ => {}
        }
    }
    bars
}

/// Asserts bar lengths (from the common origin) are proportional to `values`, within 2 px.
fn assert_proportional(bars: &[(u32, u32)], values: &[f64], what: &str) {
    assert_eq!(bars.len(), values.len(), "{what}: {bars:?}");
    let origin = bars.iter().map(|b| b.0).min().unwrap();
    let (k, _) = values.iter().enumerate().fold((0, f64::MIN), |acc, (i, v)| if *v > acc.1 { (i, *v) } else { acc });
    let scale = (bars[k].1 - origin + 1) as f64 / values[k];
    for (bar, v) in bars.iter().zip(values) {
        let drawn = (bar.1 - origin + 1) as f64;
        assert!((drawn - v * scale).abs() <= 2.0, "{what}: bar for {v} is {drawn} px, expected {:.1}", v * scale);
    }
}

fn png_of(name: &str) -> (TempDir, std::path::PathBuf) {
    let figures = sample_figures();
    let charts = tongji::render::charts::render(&figures, &tongji::render::text::Fonts::embedded()).unwrap();
    let chart = charts.charts.iter().find(|c| c.file_name == format!("{name}.png")).unwrap();
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("c.png");
    std::fs::write(&path, &chart.png).unwrap();
    (dir, path)
}

#[test]
fn verification_bars_match_and_the_outlier_is_cut_not_the_others() {
    let (_dir, path) = png_of("各专业核查情况");
    let bars = horizontal_bars(&path, &[(0x1F, 0x4E, 0x79)], 0.0, 1.0);
    // Sorted: 投资 261个 first (cut), then 25, 24, 20, 19, 18, 18, 7, 1.
    let rest = [25.0, 24.0, 20.0, 19.0, 18.0, 18.0, 7.0, 1.0];
    assert_eq!(bars.len(), 9, "{bars:?}");
    assert_proportional(&bars[1..], &rest, "核查");
    let origin = bars.iter().map(|b| b.0).min().unwrap();
    let outlier = bars[0].1 - origin;
    let next = bars[1].1 - origin;
    assert!(outlier > next, "the cut outlier still reads as the longest");
    assert!((outlier as f64) < next as f64 * 261.0 / 25.0 / 2.0, "…but is not drawn to scale");
}

#[test]
fn target_bars_are_their_completion() {
    let figures = sample_figures();
    let want: Vec<f64> = figures
        .rows
        .iter()
        .filter(|r| r.window == tongji::model::period::Window::Ytd && r.completion.is_some())
        .map(|r| r.completion.unwrap())
        .collect();
    let (_dir, path) = png_of("目标完成情况");
    let colors = [(0x2E, 0x6B, 0x30), (0x4A, 0x7E, 0xBB), (0xF0, 0x8A, 0x80)];
    let bars = horizontal_bars(&path, &colors, 0.0, 1.0);
    assert_proportional(&bars, &want, "完成率");
}

#[test]
fn enforcement_columns_stack_the_joint_part() {
    let (_dir, path) = png_of("执法检查情况");
    let (w, h, rgb) = decode(&path);
    let px = |x: u32, y: u32| {
        let i = ((y * w + x) * 3) as usize;
        (rgb[i], rgb[i + 1], rgb[i + 2])
    };
    let (dark, light) = ((0x1F, 0x4E, 0x79), (0xA9, 0xC4, 0xE2));
    // Column heights of dark and light pixels, below the legend band (top 200 px).
    let mut columns: Vec<(u32, u32)> = Vec::new();
    let mut in_col = false;
    for x in 0..w {
        let d = (200..h).filter(|&y| px(x, y) == dark).count() as u32;
        let l = (200..h).filter(|&y| px(x, y) == light).count() as u32;
        match (d + l > 0, in_col) {
            (true, false) => {
                columns.push((d, l));
                in_col = true;
            }
            (true, true) => {
                let last = columns.last_mut().unwrap();
                *last = (last.0.max(d), last.1.max(l));
            }
            (false, _) => in_col = false,
        }
    }
    let figures = sample_figures();
    let sum = |m: tongji::model::Metric| -> Vec<f64> {
        (0..9)
            .map(|k| {
                figures.monthly.iter().filter(|s| s.metric == m).map(|s| s.this_year[k].unwrap_or(0)).sum::<i64>()
                    as f64
            })
            .collect()
    };
    let (all, joint) = (sum(tongji::model::Metric::Enforcement), sum(tongji::model::Metric::EnforcementJoint));
    assert_eq!(columns.len(), 9, "one column per month: {columns:?}");
    let scale = (columns[0].0 + columns[0].1) as f64 / all[0];
    for (k, (d, l)) in columns.iter().enumerate() {
        assert!(((d + l) as f64 - all[k] * scale).abs() <= 2.0, "month {}: {} px for {}", k + 1, d + l, all[k]);
        assert!((*d as f64 - joint[k] * scale).abs() <= 2.0, "month {}: joint {} px for {}", k + 1, d, joint[k]);
    }
}
