//! The savings profile: stacked bars of savings and costs by financial
//! year, the cumulative net cashable line over them and the payback year.

use super::axis::Axis;
use super::canvas::{Canvas, Key, BODY, MARGIN};
use super::colour::{POSITION_LINE, TEXT};
use super::input::{finite, label, stack_extent, stack_segments, visible_classes};
use super::{Chart, Res, SavingsProfile};
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

pub(super) struct ProfileChart<'a>(pub(super) &'a SavingsProfile);

impl Chart for ProfileChart<'_> {
    fn size(&self) -> (u32, u32) {
        (800, 450)
    }

    fn draw<DB: DrawingBackend>(&self, c: &Canvas<DB>) -> Res {
        let p = self.0;
        let (w, h) = (800.0, 450.0);
        let n = p.years.len();
        let years: Vec<String> = p.years.iter().map(|y| label(y)).collect();
        let all: Vec<_> = p.benefits.iter().chain(&p.costs).cloned().collect();
        let (series, colours) = visible_classes(&all);
        let line_col = POSITION_LINE;
        let cumulative: Vec<Option<f64>> = p.cumulative.iter().map(|v| finite(*v)).collect();
        let has_line = cumulative.iter().any(Option::is_some);

        let mut y = c.header(&p.text, w)?;
        let mut items: Vec<(String, Key)> = series
            .iter()
            .zip(&colours)
            .map(|((name, _), col)| (name.clone(), Key::Bar(*col)))
            .collect();
        if has_line {
            items.push((
                "Cumulative net cashable position".into(),
                Key::Line(line_col),
            ));
        }
        y += c.legend(&items, MARGIN, y, w - 2.0 * MARGIN)?;
        let payback_idx = p
            .payback_year
            .as_ref()
            .and_then(|py| p.years.iter().position(|y| y == py));
        let band = if payback_idx.is_some() && has_line {
            20.0
        } else {
            0.0
        };
        let plot_top = y + 10.0 + band;
        let foot = c.footer(&p.text.source, w, h)?;
        let plot_bottom = foot - 30.0;

        let extent = stack_extent(&series, n);
        let mut min = extent.iter().map(|e| e.0).fold(0.0, f64::min);
        let mut max = extent.iter().map(|e| e.1).fold(0.0, f64::max);
        for v in cumulative.iter().flatten() {
            min = min.min(*v);
            max = max.max(*v);
        }
        let axis = Axis::new(min, max, min.abs().max(max.abs()), 6);
        let plot_left = MARGIN + c.tick_width(&axis) + 8.0;
        let plot_right = w - MARGIN;
        let ymap = axis.map(plot_bottom, plot_top);
        c.y_grid(&axis, ymap, plot_left, plot_right)?;

        let slot = (plot_right - plot_left) / n as f64;
        let bar_w = (slot * 0.62).min(56.0);
        let xs: Vec<f64> = (0..n)
            .map(|i| plot_left + slot * (i as f64 + 0.5))
            .collect();
        for (i, &x) in xs.iter().enumerate() {
            for ((a, b), col) in stack_segments(&series, i).into_iter().zip(&colours) {
                let (pa, pb) = ymap.segment(a, b);
                c.rect(x - bar_w / 2.0, pa, x + bar_w / 2.0, pb, *col)?;
            }
        }
        let zero = ymap.at(0.0);
        c.line(&[(plot_left, zero), (plot_right, zero)], TEXT, 1.0)?;

        if has_line {
            // the line joins consecutive points; a missing value breaks it
            let mut run: Vec<(f64, f64)> = Vec::new();
            for (i, v) in cumulative.iter().enumerate() {
                match v {
                    Some(v) => run.push((xs[i], ymap.at(*v))),
                    None => {
                        c.line(&run, line_col, 2.0)?;
                        run.clear();
                    }
                }
            }
            c.line(&run, line_col, 2.0)?;
            for (i, v) in cumulative.iter().enumerate() {
                if let Some(v) = v {
                    c.marker(xs[i], ymap.at(*v), 3.5, line_col)?;
                }
            }
            if let Some(i) = payback_idx {
                let x = xs[i];
                let py = cumulative.get(i).copied().flatten().unwrap_or(0.0);
                let top = plot_top - band + 4.0;
                c.dashed((x, top + 4.0), (x, ymap.at(py) - 6.0), line_col, 1.0)?;
                let text = format!("Pays back in {}", years[i]);
                let tw = c.width(&text, BODY, true);
                let anchor = if x + 4.0 + tw <= plot_right {
                    (x + 4.0, HPos::Left)
                } else {
                    (x - 4.0, HPos::Right)
                };
                c.text(&text, anchor.0, top + 9.0, BODY, true, line_col, anchor.1)?;
            }
        }
        c.x_labels(&years, &xs, slot, plot_bottom + 18.0)?;
        Ok(())
    }
}
