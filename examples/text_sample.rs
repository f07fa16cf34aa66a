//! Renders one line of Chinese text with tongji's own text path (render/text.rs), the "after"
//! picture of docs/charts.md: `cargo run --release --example text_sample -- out.png`.

fn main() {
    let out = std::env::args().nth(1).unwrap_or_else(|| "/tmp/lsb-after.png".into());
    let (w, h) = (900u32, 140u32);
    let mut pixels = vec![255u8; (w * h * 3) as usize];
    let fonts = tongji::render::text::Fonts::embedded();
    let mut canvas = tongji::render::text::Canvas { pixels: &mut pixels, width: w, height: h };
    // 33 px em: the size plotters gives ("noto", 48), whose 48 is ab_glyph's ascent-to-descent height.
    fonts.draw(&mut canvas, "（2023年1－3季度）“规上工业”，贸易；1,323人次", 33.0, 20.0, 40.0, [0, 0, 0]);
    std::fs::write(&out, tongji::render::charts::encode_png(&pixels, (w, h)).unwrap()).unwrap();
}
