//! The drawing canvas: everything is laid out in logical pixels and scaled
//! to the backend (1× for SVG, 2× for PNG), with text measured and placed
//! so that both formats look alike.

use super::axis::{Axis, Lin};
use super::colour::{BACKGROUND, GRID, SECONDARY, TEXT};
use super::font::{metrics, EM_PER_SCALE, FAMILY, SVG_SIZE_PER_EM};
use super::input::clean;
use super::{draw_err, ChartText, Res};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::FontStyle;

#[derive(Clone, Copy)]
pub(super) enum Key {
    Bar(RGBColor),
    Line(RGBColor),
    /// A short upright stroke, as marks a value across a bar.
    Tick(RGBColor),
    /// A dashed line, as a reference line is drawn.
    Dashed(RGBColor),
}

pub(super) struct Canvas<DB: DrawingBackend> {
    pub(super) area: DrawingArea<DB, Shift>,
    /// Device pixels per logical pixel.
    s: f64,
    svg: bool,
}

impl<DB: DrawingBackend> Canvas<DB> {
    pub(super) fn new(area: DrawingArea<DB, Shift>, s: f64, svg: bool) -> Self {
        Canvas { area, s, svg }
    }

    fn px(&self, v: f64) -> i32 {
        let d = (v * self.s).round();
        if d.is_finite() {
            d.clamp(-1.0e6, 1.0e6) as i32
        } else {
            0
        }
    }

    fn stroke(&self, w: f64) -> u32 {
        ((w * self.s).round() as u32).max(1)
    }

    fn font_style(bold: bool) -> FontStyle {
        if bold {
            FontStyle::Bold
        } else {
            FontStyle::Normal
        }
    }

    /// Width in logical pixels of `text` at em size `em`, measured at 2×
    /// whatever the backend, so that SVG and PNG share one layout.
    pub(super) fn width(&self, text: &str, em: f64, bold: bool) -> f64 {
        let font = FontDesc::new(
            FontFamily::Name(FAMILY),
            em * 2.0 / EM_PER_SCALE,
            Self::font_style(bold),
        );
        match self.area.estimate_text_size(text, &font.into()) {
            Ok((w, _)) => w as f64 / 2.0,
            Err(_) => text.chars().count() as f64 * em * 0.6,
        }
    }

    /// Draws `text` with its baseline at `baseline`, anchored at `x`.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn text(
        &self,
        text: &str,
        x: f64,
        baseline: f64,
        em: f64,
        bold: bool,
        colour: RGBColor,
        h: HPos,
    ) -> Res {
        if text.is_empty() {
            return Ok(());
        }
        // plotters puts the baseline 0.76em below a top-anchored SVG text
        // and half the pixel scale below a top-anchored bitmap text.
        let (size, top) = if self.svg {
            (em * SVG_SIZE_PER_EM * self.s, baseline - 0.76 * em)
        } else {
            (
                em / EM_PER_SCALE * self.s,
                baseline - 0.5 * em / EM_PER_SCALE,
            )
        };
        let font = FontDesc::new(FontFamily::Name(FAMILY), size, Self::font_style(bold));
        if self.svg {
            let style = font.color(&colour).pos(Pos::new(h, VPos::Top));
            return self
                .area
                .draw(&Text::new(
                    text.to_string(),
                    (self.px(x), self.px(top)),
                    style,
                ))
                .map_err(draw_err);
        }
        // plotters' bitmap text drops each glyph's left side bearing, which
        // spaces letters unevenly; draw glyph by glyph at the pen position
        // (measured by plotters, kerning included) plus the bearing.
        let measure: TextStyle = font.clone().into();
        let pen = |prefix: &str| -> i32 {
            if prefix.is_empty() {
                return 0;
            }
            self.area
                .estimate_text_size(prefix, &measure)
                .map(|(w, _)| w as i32)
                .unwrap_or(0)
        };
        let total = pen(text);
        let x0 = self.px(x)
            - match h {
                HPos::Left => 0,
                HPos::Center => total / 2,
                HPos::Right => total,
            };
        let y0 = self.px(top);
        let style = font.color(&colour).pos(Pos::new(HPos::Left, VPos::Top));
        let metrics = metrics(bold);
        let unit = size / metrics.height;
        let mut buf = [0u8; 4];
        for (i, ch) in text.char_indices() {
            if ch.is_whitespace() {
                continue;
            }
            let lsb = (metrics.lsb(ch) as f64 * unit).floor() as i32;
            let gx = x0 + pen(&text[..i]) + lsb;
            self.area
                .draw(&Text::new(
                    ch.encode_utf8(&mut buf).to_string(),
                    (gx, y0),
                    style.clone(),
                ))
                .map_err(draw_err)?;
        }
        Ok(())
    }

    pub(super) fn rect(&self, x0: f64, y0: f64, x1: f64, y1: f64, colour: RGBColor) -> Res {
        let (x0, x1) = (x0.min(x1), x0.max(x1));
        let (y0, y1) = (y0.min(y1), y0.max(y1));
        let (a, b) = ((self.px(x0), self.px(y0)), (self.px(x1), self.px(y1)));
        if a.0 == b.0 || a.1 == b.1 {
            return Ok(());
        }
        self.area
            .draw(&Rectangle::new([a, b], colour.filled()))
            .map_err(draw_err)
    }

    pub(super) fn line(&self, pts: &[(f64, f64)], colour: RGBColor, width: f64) -> Res {
        if pts.len() < 2 {
            return Ok(());
        }
        let pts: Vec<(i32, i32)> = pts.iter().map(|&(x, y)| (self.px(x), self.px(y))).collect();
        self.area
            .draw(&PathElement::new(
                pts,
                colour.stroke_width(self.stroke(width)),
            ))
            .map_err(draw_err)
    }

    /// A filled polygon through `pts` (closed back to the first).
    pub(super) fn polygon(&self, pts: &[(f64, f64)], colour: RGBColor) -> Res {
        if pts.len() < 3 {
            return Ok(());
        }
        let pts: Vec<(i32, i32)> = pts.iter().map(|&(x, y)| (self.px(x), self.px(y))).collect();
        self.area
            .draw(&Polygon::new(pts, colour.filled()))
            .map_err(draw_err)
    }

    pub(super) fn dashed(&self, a: (f64, f64), b: (f64, f64), colour: RGBColor, width: f64) -> Res {
        let len = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
        if len < 1.0 {
            return Ok(());
        }
        let (dash, gap) = (4.0, 3.0);
        let mut t = 0.0;
        while t < len {
            let t1 = (t + dash).min(len);
            let p = |t: f64| (a.0 + (b.0 - a.0) * t / len, a.1 + (b.1 - a.1) * t / len);
            self.line(&[p(t), p(t1)], colour, width)?;
            t += dash + gap;
        }
        Ok(())
    }

    pub(super) fn marker(&self, x: f64, y: f64, r: f64, colour: RGBColor) -> Res {
        let c = (self.px(x), self.px(y));
        let r_out = ((r + 1.0) * self.s).round() as i32;
        let r_in = (r * self.s).round() as i32;
        self.area
            .draw(&Circle::new(c, r_out, BACKGROUND.filled()))
            .map_err(draw_err)?;
        self.area
            .draw(&Circle::new(c, r_in, colour.filled()))
            .map_err(draw_err)
    }

    /// `text` cut with "…" to fit `max_w`.
    pub(super) fn fit(&self, text: &str, em: f64, bold: bool, max_w: f64) -> String {
        if self.width(text, em, bold) <= max_w {
            return text.to_string();
        }
        let chars: Vec<char> = text.chars().collect();
        let mut n = chars.len();
        while n > 0 {
            n -= 1;
            let t: String = chars[..n].iter().collect();
            let t = format!("{}…", t.trim_end());
            if self.width(&t, em, bold) <= max_w {
                return t;
            }
        }
        String::new()
    }

    /// `text` broken into at most `max_lines` lines of width `max_w`, the
    /// last one cut with "…" if need be.
    pub(super) fn wrap(
        &self,
        text: &str,
        em: f64,
        bold: bool,
        max_w: f64,
        max_lines: usize,
    ) -> Vec<String> {
        let mut lines: Vec<String> = Vec::new();
        let mut cur = String::new();
        let words: Vec<&str> = text.split_whitespace().collect();
        let mut i = 0;
        while i < words.len() {
            let trial = if cur.is_empty() {
                words[i].to_string()
            } else {
                format!("{cur} {}", words[i])
            };
            if self.width(&trial, em, bold) <= max_w || cur.is_empty() {
                cur = trial;
                i += 1;
            } else {
                lines.push(std::mem::take(&mut cur));
            }
            if lines.len() + 1 == max_lines.max(1) {
                // the rest goes on the last line
                let mut rest = cur.clone();
                for w in &words[i..] {
                    if !rest.is_empty() {
                        rest.push(' ');
                    }
                    rest.push_str(w);
                }
                lines.push(self.fit(&rest, em, bold, max_w));
                return lines;
            }
        }
        if !cur.is_empty() {
            lines.push(self.fit(&cur, em, bold, max_w));
        }
        lines
    }

    /// Title, subtitle; returns the y below them.
    pub(super) fn header(&self, t: &ChartText, w: f64) -> Res<f64> {
        let max_w = w - 2.0 * MARGIN;
        let mut y = MARGIN;
        for line in self.wrap(&clean(&t.title), TITLE, true, max_w, 2) {
            y += TITLE + 4.0;
            self.text(&line, MARGIN, y, TITLE, true, TEXT, HPos::Left)?;
        }
        y += 2.0;
        for line in self.wrap(&clean(&t.subtitle), SUBTITLE, false, max_w, 2) {
            y += SUBTITLE + 5.0;
            self.text(&line, MARGIN, y, SUBTITLE, false, SECONDARY, HPos::Left)?;
        }
        Ok(y + 6.0)
    }

    /// Source note at the bottom left; returns the y above it.
    pub(super) fn footer(&self, source: &str, w: f64, h: f64) -> Res<f64> {
        let lines = self.wrap(&clean(source), SMALL, false, w - 2.0 * MARGIN, 2);
        let step = SMALL + 3.0;
        let mut y = h - 10.0 - step * (lines.len().saturating_sub(1)) as f64;
        let top = y - step;
        for line in &lines {
            self.text(line, MARGIN, y, SMALL, false, SECONDARY, HPos::Left)?;
            y += step;
        }
        Ok(top)
    }

    /// A compact legend flowing left to right from (x0, y0) within `max_w`;
    /// returns its height.
    pub(super) fn legend(&self, items: &[(String, Key)], x0: f64, y0: f64, max_w: f64) -> Res<f64> {
        if items.is_empty() {
            return Ok(0.0);
        }
        let em = BODY;
        let row_h = BODY + 6.0;
        let (mut x, mut row) = (x0, 0usize);
        for (name, key) in items {
            let swatch = match key {
                Key::Bar(_) | Key::Tick(_) => 12.0,
                Key::Line(_) | Key::Dashed(_) => 22.0,
            };
            let name = self.fit(name, em, false, max_w - swatch - 6.0);
            let item_w = swatch + 5.0 + self.width(&name, em, false);
            if x > x0 && x + item_w > x0 + max_w {
                row += 1;
                x = x0;
            }
            let base = y0 + row as f64 * row_h + 13.0;
            match *key {
                Key::Bar(c) => self.rect(x, base - 10.0, x + 12.0, base + 1.0, c)?,
                Key::Tick(c) => {
                    self.line(&[(x + 6.0, base - 13.0), (x + 6.0, base + 3.0)], c, 2.5)?
                }
                Key::Line(c) => {
                    self.line(&[(x, base - 4.5), (x + 22.0, base - 4.5)], c, 2.0)?;
                    self.marker(x + 11.0, base - 4.5, 3.5, c)?;
                }
                Key::Dashed(c) => self.dashed((x, base - 4.5), (x + 22.0, base - 4.5), c, 2.0)?,
            }
            self.text(&name, x + swatch + 5.0, base, em, false, TEXT, HPos::Left)?;
            x += item_w + 16.0;
        }
        Ok((row + 1) as f64 * row_h)
    }

    /// Gridlines and tick labels of a vertical value axis over
    /// `x0..x1`; the tick labels are right-aligned at `x0 - 6`.
    pub(super) fn y_grid(&self, axis: &Axis, map: Lin, x0: f64, x1: f64) -> Res {
        for v in axis.ticks() {
            let y = map.at(v);
            if v != 0.0 {
                self.line(&[(x0, y), (x1, y)], GRID, 1.0)?;
            }
            self.text(
                &axis.label(v),
                x0 - 6.0,
                y + 4.0,
                BODY,
                false,
                SECONDARY,
                HPos::Right,
            )?;
        }
        Ok(())
    }

    /// Width of the widest tick label of `axis`.
    pub(super) fn tick_width(&self, axis: &Axis) -> f64 {
        axis.ticks()
            .map(|v| self.width(&axis.label(v), BODY, false))
            .fold(0.0, f64::max)
    }

    /// Category labels under slots of width `slot` centred at `xs`, wrapped to
    /// two lines, thinned when even that does not fit. Returns nothing.
    pub(super) fn x_labels(&self, labels: &[String], xs: &[f64], slot: f64, baseline: f64) -> Res {
        let widest = labels
            .iter()
            .map(|l| self.width(l, BODY, false))
            .fold(0.0, f64::max);
        let every = if widest + 8.0 <= slot {
            1
        } else {
            ((widest + 8.0) / slot.max(1.0)).ceil().max(1.0) as usize
        };
        for (i, (l, &x)) in labels.iter().zip(xs).enumerate() {
            if i % every != 0 {
                continue;
            }
            self.text(l, x, baseline, BODY, false, TEXT, HPos::Center)?;
        }
        Ok(())
    }
}

pub(super) const MARGIN: f64 = 16.0;

/// Text sizes in logical pixels. A chart 800 wide printed across an A4
/// page inside 18 mm margins (174 mm) shows 1 px as 0.22 mm, so 13 px is
/// 8 pt: no text is smaller. Wider charts scale their text to match.
pub(super) const BODY: f64 = 13.0;
pub(super) const SMALL: f64 = 13.0;
pub(super) const TITLE: f64 = 20.0;
pub(super) const SUBTITLE: f64 = 14.0;
