//! Options compared for members: the cumulative net cashable line of each
//! option (left) beside their NPVs as ranked bars (right), one colour per
//! option in both panels.

use super::axis::{money, Axis, Lin};
use super::canvas::{Canvas, MARGIN};
use super::colour::{series_colours, BACKGROUND, DARK_GREY, SECONDARY, TEXT};
use super::input::{finite, label};
use super::{Chart, Comparison, Res};
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

pub(super) struct ComparisonChart<'a>(pub(super) &'a Comparison);

impl Chart for ComparisonChart<'_> {
    fn size(&self) -> (u32, u32) {
        (1000, 480)
    }

    fn draw<DB: DrawingBackend>(&self, c: &Canvas<DB>) -> Res {
        let cmp = self.0;
        let (w, h) = (1000.0, 480.0);
        let n = cmp.years.len();
        let y = c.header(&cmp.text, w)?;
        let foot = c.footer(&cmp.text.source, w, h)?;
        let split = MARGIN + (w - 2.0 * MARGIN) * 0.56;
        let head_y = y + 16.0;
        c.text(
            "Cumulative net cashable position",
            MARGIN,
            head_y,
            13.0,
            true,
            TEXT,
            HPos::Left,
        )?;
        c.text(
            "Net present value (NPV), ranked",
            split + 24.0,
            head_y,
            13.0,
            true,
            TEXT,
            HPos::Left,
        )?;
        let plot_top = head_y + 18.0;

        // one colour per option, the same in both panels
        let mut names: Vec<String> = Vec::new();
        for name in cmp
            .cumulative
            .iter()
            .map(|x| &x.0)
            .chain(cmp.npv.iter().map(|x| &x.0))
        {
            if !names.contains(name) {
                names.push(name.clone());
            }
        }
        let colours = series_colours(names.len());
        let colour_of = |name: &String| {
            names
                .iter()
                .position(|n| n == name)
                .map(|i| colours[i])
                .unwrap_or(DARK_GREY)
        };

        // left panel: cumulative lines, labelled at their ends
        let lines: Vec<(String, RGBColor, Vec<Option<f64>>)> = cmp
            .cumulative
            .iter()
            .map(|(name, v)| {
                (
                    label(name),
                    colour_of(name),
                    v.iter().map(|x| finite(*x)).collect(),
                )
            })
            .filter(|(_, _, v): &(String, RGBColor, Vec<Option<f64>>)| {
                v.iter().any(Option::is_some)
            })
            .collect();
        let plot_bottom = foot - 30.0;
        if n == 0 || lines.is_empty() {
            c.text(
                "No yearly values to show",
                MARGIN,
                plot_top + 30.0,
                12.0,
                false,
                SECONDARY,
                HPos::Left,
            )?;
        } else {
            let (mut min, mut max) = (0.0f64, 0.0f64);
            for v in lines.iter().flat_map(|l| l.2.iter().flatten()) {
                min = min.min(*v);
                max = max.max(*v);
            }
            let axis = Axis::new(min, max, min.abs().max(max.abs()), 6);
            let label_w = 150.0;
            let plot_left = MARGIN + c.tick_width(&axis) + 8.0;
            let plot_right = split - label_w - 8.0;
            let ymap = axis.map(plot_bottom, plot_top);
            c.y_grid(&axis, ymap, plot_left, plot_right)?;
            let zero = ymap.at(0.0);
            c.line(&[(plot_left, zero), (plot_right, zero)], TEXT, 1.0)?;
            let slot = (plot_right - plot_left) / n as f64;
            let xs: Vec<f64> = (0..n)
                .map(|i| plot_left + slot * (i as f64 + 0.5))
                .collect();
            let mut end_labels: Vec<(f64, f64, String, RGBColor, bool)> = Vec::new();
            let mut paths: Vec<Vec<(f64, f64)>> = Vec::new();
            for (name, col, v) in &lines {
                let mut run: Vec<(f64, f64)> = Vec::new();
                for (i, p) in v.iter().enumerate() {
                    match p {
                        Some(p) => run.push((xs[i], ymap.at(*p))),
                        None => {
                            c.line(&run, *col, 2.0)?;
                            paths.push(std::mem::take(&mut run));
                        }
                    }
                }
                c.line(&run, *col, 2.0)?;
                paths.push(run);
                for (i, p) in v.iter().enumerate() {
                    if let Some(p) = p {
                        c.marker(xs[i], ymap.at(*p), 3.0, *col)?;
                    }
                }
                if let Some(last) = v.iter().rposition(Option::is_some) {
                    let yv = ymap.at(v[last].unwrap_or(0.0));
                    end_labels.push((xs[last], yv, name.clone(), *col, last + 1 == n));
                }
            }
            // labels of lines that reach the last year sit in the gutter,
            // pushed apart so they do not overlap
            let mut gutter: Vec<(f64, Vec<String>, RGBColor, f64)> = end_labels
                .iter()
                .filter(|l| l.4)
                .map(|(x, y, name, col, _)| (*y, c.wrap(name, 12.0, true, label_w, 2), *col, *x))
                .collect();
            gutter.sort_by(|a, b| a.0.total_cmp(&b.0));
            let heights: Vec<f64> = gutter
                .iter()
                .map(|g| g.1.len() as f64 * 14.0 + 2.0)
                .collect();
            let mut tops: Vec<f64> = gutter
                .iter()
                .zip(&heights)
                .map(|(g, hh)| g.0 - hh / 2.0)
                .collect();
            for i in 1..tops.len() {
                tops[i] = tops[i].max(tops[i - 1] + heights[i - 1]);
            }
            if let (Some(last), Some(hl)) = (tops.last().copied(), heights.last()) {
                let over = last + hl - (plot_bottom + 10.0);
                if over > 0.0 {
                    for t in tops.iter_mut() {
                        *t -= over;
                    }
                    for i in (0..tops.len().saturating_sub(1)).rev() {
                        tops[i] = tops[i].min(tops[i + 1] - heights[i]);
                    }
                }
            }
            for ((g, top), hh) in gutter.iter().zip(&tops).zip(&heights) {
                let gx = plot_right + 8.0;
                let mid = top + hh / 2.0;
                if (mid - g.0).abs() > 3.0 {
                    // a leader from the line's last point to its label
                    c.line(&[(g.3 + 6.0, g.0), (gx - 3.0, mid)], g.2, 1.0)?;
                }
                for (k, line) in g.1.iter().enumerate() {
                    c.text(
                        line,
                        gx,
                        top + 12.0 + 14.0 * k as f64,
                        12.0,
                        true,
                        g.2,
                        HPos::Left,
                    )?;
                }
            }
            // labels of lines that end early sit by their last point, where
            // they cross the fewest points of the lines
            let samples: Vec<(f64, f64)> = paths
                .iter()
                .flat_map(|path| {
                    path.windows(2).flat_map(|wd| {
                        let (a, b) = (wd[0], wd[1]);
                        let len = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
                        let k = (len / 2.0).ceil().max(1.0) as usize;
                        (0..=k).map(move |j| {
                            let t = j as f64 / k as f64;
                            (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t)
                        })
                    })
                })
                .collect();
            let mut placed: Vec<(f64, f64, f64, f64)> = Vec::new();
            for (x, yv, name, col, _) in end_labels.iter().filter(|l| !l.4) {
                let text = c.fit(name, 12.0, true, 200.0);
                let tw = c.width(&text, 12.0, true);
                let candidates = [
                    (x + 8.0, yv + 4.0),
                    (x + 6.0, yv - 9.0),
                    (x + 6.0, yv + 17.0),
                    (x - tw / 2.0, yv - 10.0),
                    (x - tw / 2.0, yv + 21.0),
                    (x - 6.0 - tw, yv - 9.0),
                    (x - 6.0 - tw, yv + 17.0),
                    (x - 8.0 - tw, yv + 4.0),
                ];
                let score = |&(lx, base): &(f64, f64)| -> usize {
                    let r = (lx - 2.0, base - 12.0, lx + tw + 2.0, base + 4.0);
                    let outside =
                        r.0 < plot_left || r.2 > split || r.1 < plot_top - 6.0 || r.3 > plot_bottom;
                    let hits = samples
                        .iter()
                        .filter(|p| p.0 >= r.0 && p.0 <= r.2 && p.1 >= r.1 && p.1 <= r.3)
                        .count();
                    let clash = placed
                        .iter()
                        .filter(|q| q.0 < r.2 && r.0 < q.2 && q.1 < r.3 && r.1 < q.3)
                        .count();
                    hits + 1000 * clash + if outside { 100_000 } else { 0 }
                };
                let (best, best_score) = candidates
                    .iter()
                    .map(|cand| (*cand, score(cand)))
                    .fold(None::<((f64, f64), usize)>, |b, x| match b {
                        Some(b) if b.1 <= x.1 => Some(b),
                        _ => Some(x),
                    })
                    .unwrap_or(((x + 8.0, yv + 4.0), 0));
                let (lx, base) = best;
                if best_score > 0 {
                    c.rect(lx - 2.0, base - 12.0, lx + tw + 2.0, base + 4.0, BACKGROUND)?;
                }
                c.text(&text, lx, base, 12.0, true, *col, HPos::Left)?;
                placed.push((lx - 2.0, base - 12.0, lx + tw + 2.0, base + 4.0));
            }
            c.x_labels(
                &cmp.years.iter().map(|y| label(y)).collect::<Vec<_>>(),
                &xs,
                slot,
                plot_bottom + 18.0,
            )?;
        }

        // right panel: NPV bars, ranked as given
        let px0 = split + 24.0;
        let px1 = w - MARGIN;
        let k = cmp.npv.len();
        if k == 0 {
            c.text(
                "No NPV to show",
                px0,
                plot_top + 30.0,
                12.0,
                false,
                SECONDARY,
                HPos::Left,
            )?;
            return Ok(());
        }
        let name_w = cmp
            .npv
            .iter()
            .map(|(nm, _)| c.width(&label(nm), 12.0, false))
            .fold(0.0, f64::max)
            .min((px1 - px0) * 0.38);
        let values: Vec<Option<f64>> = cmp.npv.iter().map(|(_, v)| finite(*v)).collect();
        let texts: Vec<String> = values
            .iter()
            .map(|v| v.map(money).unwrap_or("n/a".into()))
            .collect();
        let vmin = values.iter().flatten().fold(0.0f64, |a, b| a.min(*b));
        let vmax = values.iter().flatten().fold(0.0f64, |a, b| a.max(*b));
        let tw = texts
            .iter()
            .map(|t| c.width(t, 12.0, false))
            .fold(0.0, f64::max)
            + 6.0;
        let bar_left = px0 + name_w + 10.0;
        let room_left = if vmin < 0.0 { tw } else { 0.0 };
        let room_right = if vmax > 0.0 || vmin >= 0.0 { tw } else { 0.0 };
        let span = if vmax - vmin > 0.0 { vmax - vmin } else { 1.0 };
        let avail = (px1 - bar_left - room_left - room_right).max(10.0);
        let xmap = Lin {
            d0: vmin,
            d1: vmin + span,
            p0: bar_left + room_left,
            p1: bar_left + room_left + avail,
        };
        let row = ((plot_bottom + 10.0 - plot_top) / k as f64).min(64.0);
        let thick = (row * 0.6).min(28.0);
        for (i, (name, _)) in cmp.npv.iter().enumerate() {
            let yc = plot_top + row * (i as f64 + 0.5);
            let lines = c.wrap(
                &label(name),
                12.0,
                false,
                name_w,
                if row >= 30.0 { 2 } else { 1 },
            );
            let y0 = yc + 4.0 - 7.0 * (lines.len() as f64 - 1.0);
            for (j, line) in lines.iter().enumerate() {
                c.text(
                    line,
                    bar_left - 10.0,
                    y0 + 14.0 * j as f64,
                    12.0,
                    false,
                    TEXT,
                    HPos::Right,
                )?;
            }
            match values[i] {
                Some(v) => {
                    let (x0, x1) = (xmap.at(0.0), xmap.at(v));
                    c.rect(x0, yc - thick / 2.0, x1, yc + thick / 2.0, colour_of(name))?;
                    if v >= 0.0 {
                        c.text(&texts[i], x1 + 5.0, yc + 4.0, 12.0, false, TEXT, HPos::Left)?;
                    } else {
                        c.text(
                            &texts[i],
                            x1 - 5.0,
                            yc + 4.0,
                            12.0,
                            false,
                            TEXT,
                            HPos::Right,
                        )?;
                    }
                }
                None => {
                    let (lx, anchor) = if room_right > 0.0 {
                        (xmap.at(0.0) + 5.0, HPos::Left)
                    } else {
                        (xmap.at(0.0) - 5.0, HPos::Right)
                    };
                    c.text(&texts[i], lx, yc + 4.0, 12.0, false, SECONDARY, anchor)?;
                }
            }
        }
        let zx = xmap.at(0.0);
        c.line(
            &[(zx, plot_top), (zx, plot_top + row * k as f64)],
            TEXT,
            1.0,
        )?;
        Ok(())
    }
}
