//! The baseline: stacked bars, one per category, horizontal when the names
//! are long, each labelled with its total.

use super::axis::{money, Axis};
use super::canvas::{Canvas, Key, BODY, MARGIN};
use super::colour::{series_colours, GRID, SECONDARY, TEXT};
use super::input::{label, stack_extent, stack_segments, visible};
use super::{BaselineBars, Chart, Res};
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

pub(super) struct BaselineChart<'a>(pub(super) &'a BaselineBars);

impl BaselineChart<'_> {
    fn height(&self) -> u32 {
        let n = self.0.categories.len() as u32;
        if self.0.horizontal {
            (230 + 34 * n).clamp(450, 1800)
        } else {
            450
        }
    }
}

impl Chart for BaselineChart<'_> {
    fn size(&self) -> (u32, u32) {
        (800, self.height())
    }

    fn draw<DB: DrawingBackend>(&self, c: &Canvas<DB>) -> Res {
        let b = self.0;
        let (w, h) = (800.0, self.height() as f64);
        let n = b.categories.len();
        let cats: Vec<String> = b.categories.iter().map(|x| label(x)).collect();
        let series = visible(&b.series);
        let mut colours = series_colours(series.len());
        for ((name, _), colour) in series.iter().zip(colours.iter_mut()) {
            if let Some((_, fixed)) = b.colours.iter().find(|(n, _)| n == name) {
                *colour = *fixed;
            }
        }
        let mut y = c.header(&b.text, w)?;
        if series.len() > 1 {
            let items: Vec<(String, Key)> = series
                .iter()
                .zip(&colours)
                .map(|((name, _), col)| (name.clone(), Key::Bar(*col)))
                .collect();
            y += c.legend(&items, MARGIN, y, w - 2.0 * MARGIN)?;
        }
        let foot = c.footer(&b.text.source, w, h)?;
        let extent = stack_extent(&series, n);
        let totals: Vec<f64> = extent.iter().map(|e| e.0 + e.1).collect();
        let min = extent.iter().map(|e| e.0).fold(0.0, f64::min);
        let max = extent.iter().map(|e| e.1).fold(0.0, f64::max);
        let axis = Axis::new(min, max, min.abs().max(max.abs()), 6);
        let total_labels: Vec<String> = totals.iter().map(|t| money(*t)).collect();
        let draw_stack = |i: usize, rect: &dyn Fn(f64, f64, RGBColor) -> Res| -> Res {
            for ((a, bb), col) in stack_segments(&series, i).into_iter().zip(&colours) {
                rect(a, bb, *col)?;
            }
            Ok(())
        };

        if b.horizontal {
            let plot_top = y + 12.0;
            let plot_bottom = foot - 28.0;
            let label_w = cats
                .iter()
                .map(|l| c.width(l, BODY, false))
                .fold(0.0, f64::max)
                .min(w * 0.4);
            let total_w = total_labels
                .iter()
                .map(|l| c.width(l, BODY, false))
                .fold(0.0, f64::max);
            // room for the total of a bar left of zero
            let room_left = if min < 0.0 { total_w + 8.0 } else { 0.0 };
            let plot_left = MARGIN + label_w + 10.0 + room_left;
            let plot_right = w - MARGIN - total_w - 8.0;
            let xmap = axis.map(plot_left, plot_right);
            for v in axis.ticks() {
                let x = xmap.at(v);
                if v != 0.0 {
                    c.line(&[(x, plot_top), (x, plot_bottom)], GRID, 1.0)?;
                }
                c.text(
                    &axis.label(v),
                    x,
                    plot_bottom + 17.0,
                    BODY,
                    false,
                    SECONDARY,
                    HPos::Center,
                )?;
            }
            let row = (plot_bottom - plot_top) / n as f64;
            let thick = (row * 0.62).min(30.0);
            for i in 0..n {
                let yc = plot_top + row * (i as f64 + 0.5);
                draw_stack(i, &|a, bb, col| {
                    let (pa, pb) = xmap.segment(a, bb);
                    c.rect(pa, yc - thick / 2.0, pb, yc + thick / 2.0, col)
                })?;
                let name = c.fit(&cats[i], BODY, false, label_w);
                c.text(
                    &name,
                    MARGIN + label_w,
                    yc + 4.0,
                    BODY,
                    false,
                    TEXT,
                    HPos::Right,
                )?;
                if series.is_empty() {
                    continue;
                }
                let (lo, hi) = extent[i];
                if hi > 0.0 || lo == 0.0 {
                    c.text(
                        &total_labels[i],
                        xmap.at(hi) + 5.0,
                        yc + 4.0,
                        BODY,
                        false,
                        TEXT,
                        HPos::Left,
                    )?;
                } else {
                    c.text(
                        &total_labels[i],
                        xmap.at(lo) - 5.0,
                        yc + 4.0,
                        BODY,
                        false,
                        TEXT,
                        HPos::Right,
                    )?;
                }
            }
            let zx = xmap.at(0.0);
            c.line(&[(zx, plot_top), (zx, plot_bottom)], TEXT, 1.0)?;
        } else {
            let plot_top = y + 26.0;
            let plot_left = MARGIN + c.tick_width(&axis) + 8.0;
            let plot_right = w - MARGIN;
            let slot = (plot_right - plot_left) / n as f64;
            let lines: Vec<Vec<String>> = cats
                .iter()
                .map(|l| c.wrap(l, BODY, false, (slot - 6.0).max(20.0), 2))
                .collect();
            let two = lines.iter().any(|l| l.len() > 1);
            let plot_bottom = foot - if two { 44.0 } else { 30.0 };
            let ymap = axis.map(plot_bottom, plot_top);
            c.y_grid(&axis, ymap, plot_left, plot_right)?;
            let bar_w = (slot * 0.62).min(90.0);
            let show_totals = !series.is_empty()
                && total_labels
                    .iter()
                    .all(|l| c.width(l, BODY, false) <= slot - 4.0);
            for i in 0..n {
                let x = plot_left + slot * (i as f64 + 0.5);
                draw_stack(i, &|a, bb, col| {
                    let (pa, pb) = ymap.segment(a, bb);
                    c.rect(x - bar_w / 2.0, pa, x + bar_w / 2.0, pb, col)
                })?;
                if show_totals {
                    let (lo, hi) = extent[i];
                    if hi > 0.0 || lo == 0.0 {
                        c.text(
                            &total_labels[i],
                            x,
                            ymap.at(hi) - 5.0,
                            BODY,
                            false,
                            TEXT,
                            HPos::Center,
                        )?;
                    } else {
                        c.text(
                            &total_labels[i],
                            x,
                            ymap.at(lo) + 15.0,
                            BODY,
                            false,
                            TEXT,
                            HPos::Center,
                        )?;
                    }
                }
                for (k, line) in lines[i].iter().enumerate() {
                    c.text(
                        line,
                        x,
                        plot_bottom + 18.0 + 15.0 * k as f64,
                        BODY,
                        false,
                        TEXT,
                        HPos::Center,
                    )?;
                }
            }
            let zero = ymap.at(0.0);
            c.line(&[(plot_left, zero), (plot_right, zero)], TEXT, 1.0)?;
        }
        Ok(())
    }
}
