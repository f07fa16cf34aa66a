//! Chinese text for the charts: glyphs drawn with ab_glyph at their true position (side bearings
//! included, which plotters 0.3.7 drops), from the user's font first and the embedded Noto Sans
//! SC subset after it, character by character. A character that no font has is collected and
//! reported, never drawn as a silent box.

use std::collections::BTreeSet;
use std::path::Path;

use ab_glyph::{Font, FontArc, GlyphId, PxScale, ScaleFont};

use crate::error::Error;

/// Noto Sans CJK SC, subset to GB2312 + ASCII + Latin-1 + CJK punctuation (scripts/make_font.sh,
/// OFL: assets/fonts/OFL.txt).
static EMBEDDED_FONT: &[u8] = include_bytes!("../../assets/fonts/NotoSansSC-GB2312.otf");

/// The fonts text is drawn with, in order of preference.
#[derive(Clone)]
pub struct Fonts {
    faces: Vec<FontArc>,
}

/// One glyph placed on a line.
#[derive(Debug, Clone, Copy)]
struct Placed {
    face: usize,
    id: GlyphId,
    /// Pen position (left of the glyph's advance box) relative to the line's start.
    x: f32,
}

impl Fonts {
    /// The embedded font alone.
    pub fn embedded() -> Fonts {
        Fonts { faces: vec![FontArc::try_from_slice(EMBEDDED_FONT).expect("the embedded font is valid")] }
    }

    /// The user's font first, the embedded one as fallback for the characters it lacks.
    pub fn with_user_font(path: &Path) -> Result<Fonts, Error> {
        let bytes = std::fs::read(path).map_err(|source| Error::FontUnreadable { path: path.into(), source })?;
        let user = FontArc::try_from_vec(bytes).map_err(|_| Error::FontInvalid { path: path.into() })?;
        let mut fonts = Fonts::embedded();
        fonts.faces.insert(0, user);
        Ok(fonts)
    }

    /// The ab_glyph scale at which face `i` has an em of `px` pixels (ab_glyph's PxScale is the
    /// ascent-to-descent height, which for CJK fonts is about 1.45 em).
    fn scale(&self, i: usize, px: f32) -> PxScale {
        let f = &self.faces[i];
        let em = f.units_per_em().unwrap_or(1000.0);
        PxScale::from(px * f.height_unscaled() / em)
    }

    /// The first font that has a glyph for `c`.
    fn face_for(&self, c: char) -> Option<(usize, GlyphId)> {
        self.faces.iter().enumerate().find_map(|(i, f)| {
            let id = f.glyph_id(c);
            (id.0 != 0).then_some((i, id))
        })
    }

    /// The characters of `text` that no font can draw (white space and controls aside).
    pub fn missing(&self, text: &str) -> BTreeSet<char> {
        text.chars().filter(|c| !c.is_whitespace() && !c.is_control() && self.face_for(*c).is_none()).collect()
    }

    /// The largest ascent at `px` (the baseline's distance below a line's top).
    fn ascent(&self, px: f32) -> f32 {
        (0..self.faces.len()).map(|i| self.faces[i].as_scaled(self.scale(i, px)).ascent()).fold(0.0, f32::max)
    }

    /// The line height at `px`.
    fn line_height(&self, px: f32) -> f32 {
        (0..self.faces.len())
            .map(|i| {
                let s = self.faces[i].as_scaled(self.scale(i, px));
                s.ascent() - s.descent()
            })
            .fold(0.0, f32::max)
    }

    fn layout(&self, text: &str, px: f32) -> (Vec<Placed>, f32) {
        let mut x = 0.0;
        let mut out = Vec::new();
        for c in text.chars() {
            match self.face_for(c) {
                Some((face, id)) => {
                    out.push(Placed { face, id, x });
                    x += self.faces[face].as_scaled(self.scale(face, px)).h_advance(id);
                }
                None if c == ' ' => x += px * 0.3,
                None => {}
            }
        }
        (out, x)
    }

    /// Width and height of a line of text at `px`.
    pub fn measure(&self, text: &str, px: f32) -> (u32, u32) {
        let (_, w) = self.layout(text, px);
        (w.ceil() as u32, self.line_height(px).ceil() as u32)
    }

    /// Draws a line of text with its top-left corner at (x, y), handing each covered pixel and
    /// its coverage (0–1) to `put`. Returns the characters that no font has (left out).
    pub fn draw_with(&self, text: &str, px: f32, x: f32, y: f32, mut put: impl FnMut(i64, i64, f32)) -> BTreeSet<char> {
        let (glyphs, _) = self.layout(text, px);
        let baseline = y + self.ascent(px);
        for g in glyphs {
            let font = &self.faces[g.face];
            let glyph = g.id.with_scale_and_position(self.scale(g.face, px), ab_glyph::point(x + g.x, baseline));
            if let Some(outlined) = font.outline_glyph(glyph) {
                // px_bounds starts at the glyph's own left side bearing: "（" is inked in the
                // right half of its box, "1" in the middle.
                let b = outlined.px_bounds();
                outlined.draw(|gx, gy, coverage| put(b.min.x as i64 + gx as i64, b.min.y as i64 + gy as i64, coverage));
            }
        }
        self.missing(text)
    }

    /// Draws a line of text with its top-left corner at (x, y) onto an RGB canvas.
    pub fn draw(&self, canvas: &mut Canvas, text: &str, px: f32, x: f32, y: f32, color: [u8; 3]) -> BTreeSet<char> {
        self.draw_with(text, px, x, y, |cx, cy, a| canvas.blend(cx, cy, color, a))
    }
}

/// An RGB pixel buffer, row by row (what plotters' bitmap backend draws into).
pub struct Canvas<'a> {
    pub pixels: &'a mut [u8],
    pub width: u32,
    pub height: u32,
}

impl Canvas<'_> {
    /// Blends `color` over the pixel at (x, y) by `alpha` (0–1); outside the canvas is ignored.
    fn blend(&mut self, x: i64, y: i64, color: [u8; 3], alpha: f32) {
        if x < 0 || y < 0 || x >= self.width as i64 || y >= self.height as i64 {
            return;
        }
        let a = alpha.clamp(0.0, 1.0);
        let i = (y as usize * self.width as usize + x as usize) * 3;
        for (k, c) in color.iter().enumerate() {
            let old = self.pixels[i + k] as f32;
            self.pixels[i + k] = (old + (*c as f32 - old) * a).round() as u8;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(fonts: &Fonts, text: &str, px: f32, w: u32, h: u32) -> (Vec<u8>, BTreeSet<char>) {
        let mut pixels = vec![255u8; (w * h * 3) as usize];
        let mut canvas = Canvas { pixels: &mut pixels, width: w, height: h };
        let missing = fonts.draw(&mut canvas, text, px, 0.0, 0.0, [0, 0, 0]);
        (pixels, missing)
    }

    /// The leftmost and rightmost columns holding ink.
    fn ink_columns(pixels: &[u8], w: u32, h: u32) -> Option<(u32, u32)> {
        let inked = |x: u32| (0..h).any(|y| pixels[((y * w + x) * 3) as usize] < 128);
        let left = (0..w).find(|x| inked(*x))?;
        let right = (0..w).rev().find(|x| inked(*x))?;
        Some((left, right))
    }

    #[test]
    fn embedded_font_covers_gb2312_and_reports_the_rest() {
        let f = Fonts::embedded();
        assert!(f.missing("县统计局2023年1－3季度各专业培训情况（人次）：“规上工业”、贸易").is_empty());
        assert_eq!(f.missing("浙江镕喆科技有限公司"), BTreeSet::from(['喆', '镕']));
    }

    #[test]
    fn full_width_punctuation_is_drawn_at_its_side_bearing() {
        // "（" has its ink in the right half of its em box (left side bearing 0.695 em in Noto
        // Sans CJK SC). plotters 0.3.7 drew it at the pen position, i.e. from column 0.
        let f = Fonts::embedded();
        let (pixels, _) = render(&f, "（", 100.0, 120, 120);
        let (left, right) = ink_columns(&pixels, 120, 120).expect("ink");
        assert!((66..=74).contains(&left), "ink starts at {left}, expected about 69");
        assert!(right < 100, "ink ends inside the em box: {right}");
        // "）" is the mirror image: ink in the left half.
        let (pixels, _) = render(&f, "）", 100.0, 120, 120);
        let (left, right) = ink_columns(&pixels, 120, 120).expect("ink");
        assert!(left < 20 && right < 40, "{left}..{right}");
    }

    #[test]
    fn a_line_advances_by_each_glyphs_width() {
        let f = Fonts::embedded();
        let (w, h) = f.measure("统计", 40.0);
        assert_eq!(w, 80, "two full-width characters at 40 px");
        assert!((55..=62).contains(&h), "{h}");
        let (narrow, _) = f.measure("11", 40.0);
        assert!(narrow < 50, "{narrow}");
    }

    #[test]
    fn user_font_first_then_the_embedded_one_per_character() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fonts/latin-only.otf");
        let f = Fonts::with_user_font(&dir).unwrap();
        assert_eq!(f.face_for('A').map(|(i, _)| i), Some(0));
        assert_eq!(f.face_for('统').map(|(i, _)| i), Some(1), "falls back to the embedded font");
        assert!(f.missing("A统").is_empty());
        let (_, missing) = render(&f, "A统镕", 20.0, 80, 30);
        assert_eq!(missing, BTreeSet::from(['镕']));
        let err = Fonts::with_user_font(Path::new("/no/such/font.ttf")).err().expect("an error").to_string();
        assert!(err.contains("无法读取字体文件"), "{err}");
    }

    #[test]
    fn missing_characters_leave_no_ink() {
        let f = Fonts::embedded();
        let (pixels, missing) = render(&f, "镕", 40.0, 60, 60);
        assert_eq!(missing, BTreeSet::from(['镕']));
        assert!(ink_columns(&pixels, 60, 60).is_none(), "no box drawn for a missing glyph");
    }
}
