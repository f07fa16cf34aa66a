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
    tongji::pipeline::figures(&ingested, &config, tongji::period::Period::new(2023, 9).unwrap()).unwrap()
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
    let charts = tongji::render::charts::render(&figures, &tongji::render::text::Fonts::embedded()).unwrap();
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("t.png");
    std::fs::write(&path, &charts.charts[0].png).unwrap();
    let (w, h, rgb) = decode(&path);
    // The 人次 bars are the dark blue ones in the left 60% of the picture.
    let blue = |x: u32, y: u32| {
        let i = ((y * w + x) * 3) as usize;
        (rgb[i], rgb[i + 1], rgb[i + 2]) == (0x1F, 0x4E, 0x79)
    };
    let mut bars: Vec<(u32, u32)> = Vec::new(); // (first x, last x) per bar, top down
    let mut in_bar = false;
    for y in 0..h {
        let xs: Vec<u32> = (0..w * 6 / 10).filter(|&x| blue(x, y)).collect();
        match (xs.is_empty(), in_bar) {
            (false, false) => {
                bars.push((xs[0], *xs.last().unwrap()));
                in_bar = true;
            }
            (true, true) => in_bar = false,
            _ => {}
        }
    }
    let mut want: Vec<i64> = figures
        .rows
        .iter()
        .filter(|r| r.window == tongji::period::Window::Ytd && r.metric == tongji::model::Metric::TrainingAttendees)
        .filter(|r| r.specialty != tongji::model::TOTAL)
        .map(|r| r.value)
        .collect();
    want.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(bars.len(), want.len(), "one bar per specialty: {bars:?}");
    let origin = bars.iter().map(|b| b.0).min().unwrap();
    let scale = (bars[0].1 - origin + 1) as f64 / want[0] as f64;
    for (bar, v) in bars.iter().zip(&want) {
        let drawn = (bar.1 - origin + 1) as f64;
        assert!((drawn - *v as f64 * scale).abs() <= 2.0, "bar for {v} is {drawn} px, expected {}", *v as f64 * scale);
    }
}
