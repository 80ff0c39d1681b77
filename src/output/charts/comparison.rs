//! Options compared for members, in two panels one above the other: the
//! cumulative net cashable position of each option by financial year
//! (top, with a key of full option names beside it), and what each
//! option's NPV is made of — its present value by class, in the classes'
//! own colours, with the NPV marked — in the ranked order (bottom).
//!
//! Labels never sit on the lines: the option names are in a key beside
//! the plot, wrapped onto two lines rather than cut, and written in the
//! text colour (the line colour is in the key's swatch), so every label
//! keeps a 4.5:1 contrast.

use super::axis::{money, Axis, Lin};
use super::canvas::{Canvas, Key, BODY, MARGIN};
use super::colour::{class_colour, class_words, series_colours, BACKGROUND, GRID, SECONDARY, TEXT};
use super::input::{clean, finite, label, stack_segments};
use super::{Chart, Comparison, Res};
use crate::flows::Class;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

const W: f64 = 800.0;
/// Width of the key of option names beside the top panel.
const KEY_W: f64 = 250.0;
/// Height of one option's row of bars.
const ROW: f64 = 40.0;
const LINE: f64 = BODY + 3.0;

pub(super) struct ComparisonChart<'a>(pub(super) &'a Comparison);

impl ComparisonChart<'_> {
    fn lines_height(&self) -> f64 {
        (36.0 * self.0.cumulative.len() as f64).max(240.0)
    }

    fn height(&self) -> f64 {
        let k = self.0.options.len() as f64;
        // header, top panel with its heading and year labels, bottom panel
        // with heading, key, rows and value axis, footer
        110.0 + 30.0 + self.lines_height() + 36.0 + 30.0 + 28.0 + ROW * k.max(1.0) + 30.0 + 44.0
    }
}

/// How many options the lines panel draws in colours of their own.
pub(super) const COLOURED_LINES: usize = 6;

/// The options past [`COLOURED_LINES`]: a grey with 3:1 contrast against
/// the background, as every mark has.
pub(super) const OTHER_LINE: RGBColor = RGBColor(0x94, 0x94, 0x94);

impl Chart for ComparisonChart<'_> {
    fn size(&self) -> (u32, u32) {
        (W as u32, self.height().ceil() as u32)
    }

    fn draw<DB: DrawingBackend>(&self, c: &Canvas<DB>) -> Res {
        let cmp = self.0;
        let h = self.height().ceil();
        let y = c.header(&cmp.text, W)?;
        let foot = c.footer(&cmp.text.source, W, h)?;
        // The first options in rank order in colours of their own; the rest
        // in one grey (each is named in the ranked bars below): more lines
        // than the palette has colours could not be told apart.
        let n = cmp.cumulative.len();
        let mut colours = series_colours(n.min(COLOURED_LINES));
        colours.resize(n, OTHER_LINE);
        let head_y = y + 20.0;
        c.text(
            "Cumulative net cashable position, £ cash",
            MARGIN,
            head_y,
            BODY + 1.0,
            true,
            TEXT,
            HPos::Left,
        )?;
        let top = head_y + 14.0;
        let bottom = top + self.lines_height();
        self.lines_panel(c, &colours, top, bottom)?;
        let head2 = bottom + 36.0 + 22.0;
        c.text(
            &format!(
                "Present value by class and NPV, £, real terms, ranked by {}",
                clean(&cmp.ranked_by)
            ),
            MARGIN,
            head2,
            BODY + 1.0,
            true,
            TEXT,
            HPos::Left,
        )?;
        self.bars_panel(c, head2 + 8.0, foot - 8.0)
    }
}

impl ComparisonChart<'_> {
    /// The cumulative lines over `top..bottom`, the key of names beside them.
    fn lines_panel<DB: DrawingBackend>(
        &self,
        c: &Canvas<DB>,
        colours: &[RGBColor],
        top: f64,
        bottom: f64,
    ) -> Res {
        let cmp = self.0;
        let n = cmp.years.len();
        let lines: Vec<(String, RGBColor, Vec<Option<f64>>)> = cmp
            .cumulative
            .iter()
            .zip(colours)
            .map(|((name, v), col)| (clean(name), *col, v.iter().map(|x| finite(*x)).collect()))
            .collect();
        let key_x = W - MARGIN - KEY_W;
        // the key: one entry per coloured option, a line swatch and the
        // full name; one for the options in grey
        let mut ky = top + 4.0;
        let others = lines.len().saturating_sub(COLOURED_LINES);
        let mut key: Vec<(String, RGBColor)> = lines
            .iter()
            .take(COLOURED_LINES)
            .map(|(name, col, _)| (name.clone(), *col))
            .collect();
        if others > 0 {
            key.push((
                format!(
                    "The other {others} options, in grey (ranked {}–{} below)",
                    COLOURED_LINES + 1,
                    lines.len()
                ),
                OTHER_LINE,
            ));
        }
        for (name, col) in &key {
            let wrapped = c.wrap(name, BODY, false, KEY_W - 30.0, 2);
            c.line(&[(key_x, ky + 6.0), (key_x + 22.0, ky + 6.0)], *col, 3.0)?;
            for (k, l) in wrapped.iter().enumerate() {
                c.text(
                    l,
                    key_x + 28.0,
                    ky + 11.0 + LINE * k as f64,
                    BODY,
                    false,
                    TEXT,
                    HPos::Left,
                )?;
            }
            ky += LINE * wrapped.len() as f64 + 5.0;
        }
        if n == 0 || lines.iter().all(|l| l.2.iter().all(Option::is_none)) {
            return c.text(
                "No yearly values to show",
                MARGIN,
                top + 30.0,
                BODY,
                false,
                SECONDARY,
                HPos::Left,
            );
        }
        let (mut min, mut max) = (0.0f64, 0.0f64);
        for v in lines.iter().flat_map(|l| l.2.iter().flatten()) {
            min = min.min(*v);
            max = max.max(*v);
        }
        let axis = Axis::new(min, max, min.abs().max(max.abs()), 6);
        let left = MARGIN + c.tick_width(&axis) + 8.0;
        let right = key_x - 16.0;
        let ymap = axis.map(bottom, top + 6.0);
        c.y_grid(&axis, ymap, left, right)?;
        let zero = ymap.at(0.0);
        c.line(&[(left, zero), (right, zero)], TEXT, 1.0)?;
        let slot = (right - left) / n as f64;
        let xs: Vec<f64> = (0..n).map(|i| left + slot * (i as f64 + 0.5)).collect();
        // The grey lines first, under the coloured ones.
        for (_, col, v) in lines
            .iter()
            .skip(COLOURED_LINES)
            .chain(lines.iter().take(COLOURED_LINES))
        {
            let mut run: Vec<(f64, f64)> = Vec::new();
            for (i, p) in v.iter().enumerate() {
                match p {
                    Some(p) => run.push((xs[i], ymap.at(*p))),
                    None => {
                        c.line(&run, *col, 2.0)?;
                        run.clear();
                    }
                }
            }
            c.line(&run, *col, 2.0)?;
            for (i, p) in v.iter().enumerate() {
                if let Some(p) = p {
                    c.marker(xs[i], ymap.at(*p), 2.5, *col)?;
                }
            }
        }
        c.x_labels(
            &cmp.years.iter().map(|y| label(y)).collect::<Vec<_>>(),
            &xs,
            slot,
            bottom + 20.0,
        )
    }

    /// Ranked rows of present value by class, the NPV marked, over
    /// `top..bottom`.
    fn bars_panel<DB: DrawingBackend>(&self, c: &Canvas<DB>, top: f64, bottom: f64) -> Res {
        let opts = &self.0.options;
        if opts.is_empty() {
            return c.text(
                "No options to show",
                MARGIN,
                top + 30.0,
                BODY,
                false,
                SECONDARY,
                HPos::Left,
            );
        }
        // the key of the classes that appear
        let present: Vec<Class> = Class::ALL
            .iter()
            .copied()
            .filter(|k| {
                opts.iter().any(|o| {
                    o.pv.iter()
                        .any(|(c, v)| c == k && finite(*v).is_some_and(|v| v != 0.0))
                })
            })
            .collect();
        let mut items: Vec<(String, Key)> = present
            .iter()
            .map(|k| (class_words(*k).to_string(), Key::Bar(class_colour(*k))))
            .collect();
        items.push(("NPV".into(), Key::Tick(TEXT)));
        let key_h = c.legend(&items, MARGIN, top, W - 2.0 * MARGIN)?;
        let rows_top = top + key_h + 6.0;
        let axis_y = bottom - 4.0;
        let row = ((axis_y - 18.0 - rows_top) / opts.len() as f64).min(ROW);
        let series: Vec<Vec<(String, Vec<f64>)>> = opts
            .iter()
            .map(|o| {
                Class::ALL
                    .iter()
                    .map(|k| {
                        let v =
                            o.pv.iter()
                                .filter(|(c, _)| c == k)
                                .map(|(_, v)| finite(*v).unwrap_or(0.0))
                                .sum::<f64>();
                        (k.name().to_string(), vec![v])
                    })
                    .collect()
            })
            .collect();
        let (mut min, mut max) = (0.0f64, 0.0f64);
        for (s, o) in series.iter().zip(opts) {
            for (a, b) in stack_segments(s, 0) {
                min = min.min(a).min(b);
                max = max.max(a).max(b);
            }
            if let Some(v) = finite(o.npv) {
                min = min.min(v);
                max = max.max(v);
            }
        }
        let axis = Axis::new(min, max, min.abs().max(max.abs()), 5);
        let name_w = 230.0;
        let npv_texts: Vec<String> = opts
            .iter()
            .map(|o| format!("NPV {}", money(o.npv)))
            .collect();
        let text_w = npv_texts
            .iter()
            .map(|t| c.width(t, BODY, true))
            .fold(0.0, f64::max);
        let left = MARGIN + name_w + 12.0;
        let right = W - MARGIN - text_w - 10.0;
        let xmap: Lin = axis.map(left, right);
        for v in axis.ticks() {
            let x = xmap.at(v);
            if v != 0.0 {
                c.line(&[(x, rows_top), (x, axis_y - 14.0)], GRID, 1.0)?;
            }
            c.text(
                &axis.label(v),
                x,
                axis_y,
                BODY,
                false,
                SECONDARY,
                HPos::Center,
            )?;
        }
        let thick = (row * 0.55).min(22.0);
        for (i, (o, s)) in opts.iter().zip(&series).enumerate() {
            let yc = rows_top + row * (i as f64 + 0.5);
            let name = c.wrap(&clean(&o.name), BODY, false, name_w, 2);
            let y0 = yc + 4.5 - LINE / 2.0 * (name.len() as f64 - 1.0);
            for (j, l) in name.iter().enumerate() {
                c.text(
                    l,
                    MARGIN + name_w,
                    y0 + LINE * j as f64,
                    BODY,
                    false,
                    TEXT,
                    HPos::Right,
                )?;
            }
            let mut reach = xmap.at(0.0);
            for ((a, b), k) in stack_segments(s, 0).into_iter().zip(Class::ALL) {
                let (pa, pb) = xmap.segment(a, b);
                c.rect(pa, yc - thick / 2.0, pb, yc + thick / 2.0, class_colour(k))?;
                reach = reach.max(pa).max(pb);
            }
            if let Some(v) = finite(o.npv) {
                let x = xmap.at(v);
                let (t0, t1) = (yc - thick / 2.0 - 4.0, yc + thick / 2.0 + 4.0);
                c.line(&[(x, t0), (x, t1)], BACKGROUND, 5.0)?;
                c.line(&[(x, t0), (x, t1)], TEXT, 2.5)?;
                reach = reach.max(x);
            }
            c.text(
                &npv_texts[i],
                reach + 8.0,
                yc + 4.5,
                BODY,
                true,
                TEXT,
                HPos::Left,
            )?;
        }
        let zx = xmap.at(0.0);
        c.line(
            &[(zx, rows_top), (zx, rows_top + row * opts.len() as f64)],
            TEXT,
            1.0,
        )
    }
}
