//! A plotters backend that draws shapes with plotters' bitmap backend and every piece of text
//! with render/text.rs: correct side bearings, per-character font fallback, rotated axis
//! titles, and a record of the characters no font has.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;

use plotters::prelude::*;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind, FontTransform};
use plotters_bitmap::BitMapBackendError;

use super::text::Fonts;

/// A bitmap backend whose text goes through [`Fonts`].
pub struct TextBackend<'a> {
    inner: BitMapBackend<'a>,
    fonts: &'a Fonts,
    /// Characters asked for that no font has, shared with whoever made the backend.
    missing: Rc<RefCell<BTreeSet<char>>>,
}

impl<'a> TextBackend<'a> {
    /// Draws into an RGB buffer of width × height pixels; characters no font has are added to
    /// `missing`.
    pub fn new(
        buffer: &'a mut [u8],
        size: (u32, u32),
        fonts: &'a Fonts,
        missing: Rc<RefCell<BTreeSet<char>>>,
    ) -> TextBackend<'a> {
        TextBackend { inner: BitMapBackend::with_buffer(buffer, size), fonts, missing }
    }
}

type Result<T> = std::result::Result<T, DrawingErrorKind<BitMapBackendError>>;

impl DrawingBackend for TextBackend<'_> {
    type ErrorType = BitMapBackendError;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<()> {
        self.inner.ensure_prepared()
    }

    fn present(&mut self) -> Result<()> {
        self.inner.present()
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result<()> {
        self.inner.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(&mut self, from: BackendCoord, to: BackendCoord, style: &S) -> Result<()> {
        self.inner.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(&mut self, a: BackendCoord, b: BackendCoord, style: &S, fill: bool) -> Result<()> {
        self.inner.draw_rect(a, b, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, path: I, style: &S) -> Result<()> {
        self.inner.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(&mut self, center: BackendCoord, radius: u32, style: &S, fill: bool) -> Result<()> {
        self.inner.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<()> {
        self.inner.fill_polygon(vert, style)
    }

    fn blit_bitmap(&mut self, pos: BackendCoord, size: (u32, u32), src: &[u8]) -> Result<()> {
        self.inner.blit_bitmap(pos, size, src)
    }

    fn estimate_text_size<T: BackendTextStyle>(&self, text: &str, style: &T) -> Result<(u32, u32)> {
        let (w, h) = self.fonts.measure(text, style.size() as f32);
        Ok(match style.transform() {
            FontTransform::Rotate90 | FontTransform::Rotate270 => (h, w),
            _ => (w, h),
        })
    }

    fn draw_text<T: BackendTextStyle>(&mut self, text: &str, style: &T, pos: BackendCoord) -> Result<()> {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        let px = style.size() as f32;
        let (w, h) = self.fonts.measure(text, px);
        let (w, h) = (w as i32, h as i32);
        // Offsets of the unrotated text box from the anchor.
        let dx = match style.anchor().h_pos {
            HPos::Left => 0,
            HPos::Right => -w,
            HPos::Center => -w / 2,
        };
        let dy = match style.anchor().v_pos {
            VPos::Top => 0,
            VPos::Center => -h / 2,
            VPos::Bottom => -h,
        };
        let trans = style.transform();
        let mut pixels: Vec<(i32, i32, f32)> = Vec::new();
        let missing = self.fonts.draw_with(text, px, 0.0, 0.0, |x, y, a| pixels.push((x as i32, y as i32, a)));
        self.missing.borrow_mut().extend(missing);
        let (width, height) = self.get_size();
        for (x, y, a) in pixels {
            let (tx, ty) = trans.transform(x + dx, y + dy);
            let (px, py) = (pos.0 + tx, pos.1 + ty);
            if px >= 0 && py >= 0 && (px as u32) < width && (py as u32) < height && a > 0.0 {
                self.inner.draw_pixel((px, py), BackendColor { alpha: color.alpha * a as f64, rgb: color.rgb })?;
            }
        }
        Ok(())
    }
}
