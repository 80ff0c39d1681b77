//! The programme's two charts: planned savings by financial year stacked
//! by workstream, with the target as a line and each year's gap labelled;
//! and planned against achieved and forecast by year.

use super::axis::{money, Axis};
use super::canvas::{Canvas, Key, BODY, MARGIN};
use super::colour::{series_colours, BACKGROUND, POSITION_LINE, SECONDARY, TEXT};
use super::input::{clean, finite, label, stack_extent, stack_segments, val};
use super::{Chart, ProgrammeDelivery, ProgrammePlan, Res};
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

const W: f64 = 800.0;
const H: f64 = 500.0;

pub(super) struct PlanChart<'a>(pub(super) &'a ProgrammePlan);

impl Chart for PlanChart<'_> {
    fn size(&self) -> (u32, u32) {
        (W as u32, H as u32)
    }

    fn draw<DB: DrawingBackend>(&self, c: &Canvas<DB>) -> Res {
        let p = self.0;
        let n = p.years.len();
        let years: Vec<String> = p.years.iter().map(|y| label(y)).collect();
        let series: Vec<(String, Vec<f64>)> = p
            .series
            .iter()
            .map(|(name, v)| (label(name), v.iter().map(|x| val(*x)).collect()))
            .collect();
        let colours = series_colours(series.len());
        let target: Vec<Option<f64>> = p.target.iter().map(|v| v.and_then(finite)).collect();
        let has_target = target.iter().any(Option::is_some);
        let mut y = c.header(&p.text, W)?;
        let mut items: Vec<(String, Key)> = series
            .iter()
            .zip(&colours)
            .filter(|((_, v), _)| v.iter().any(|x| *x != 0.0))
            .map(|((name, _), col)| (name.clone(), Key::Bar(*col)))
            .collect();
        if has_target {
            items.push(("Target (MTFS)".into(), Key::Line(POSITION_LINE)));
        }
        let has_net = (0..n).any(|i| {
            let top: f64 = series.iter().map(|(_, v)| v[i].max(0.0)).sum();
            p.net
                .get(i)
                .and_then(|v| finite(*v))
                .is_some_and(|v| v < top - 0.5)
        });
        if has_net {
            items.push((
                "Planned net of double counting (dashed)".into(),
                Key::Line(SECONDARY),
            ));
        }
        y += c.legend(&items, MARGIN, y, W - 2.0 * MARGIN)?;
        let plot_top = y + 30.0;
        let foot = c.footer(&p.text.source, W, H)?;
        let plot_bottom = foot - 30.0;
        let extent = stack_extent(&series, n);
        let mut min = extent.iter().map(|e| e.0).fold(0.0, f64::min);
        let mut max = extent.iter().map(|e| e.1).fold(0.0, f64::max);
        for v in target.iter().flatten() {
            min = min.min(*v);
            max = max.max(*v);
        }
        let axis = Axis::new(min, max, min.abs().max(max.abs()), 6);
        let left = MARGIN + c.tick_width(&axis) + 8.0;
        let right = W - MARGIN;
        let ymap = axis.map(plot_bottom, plot_top);
        c.y_grid(&axis, ymap, left, right)?;
        let slot = (right - left) / n.max(1) as f64;
        let bar_w = (slot * 0.55).min(64.0);
        let xs: Vec<f64> = (0..n).map(|i| left + slot * (i as f64 + 0.5)).collect();
        for (i, &x) in xs.iter().enumerate() {
            for ((a, b), col) in stack_segments(&series, i).into_iter().zip(&colours) {
                let (pa, pb) = ymap.segment(a, b);
                c.rect(x - bar_w / 2.0, pa, x + bar_w / 2.0, pb, *col)?;
            }
        }
        let zero = ymap.at(0.0);
        c.line(&[(left, zero), (right, zero)], TEXT, 1.0)?;
        // Planned net of double counting: a dashed line across the bar.
        for (i, &x) in xs.iter().enumerate() {
            let top = extent.get(i).map_or(0.0, |e| e.1);
            if let Some(v) = p.net.get(i).and_then(|v| finite(*v)) {
                if v < top - 0.5 {
                    let yy = ymap.at(v);
                    c.line(
                        &[(x - bar_w / 2.0 - 6.0, yy), (x + bar_w / 2.0 + 6.0, yy)],
                        BACKGROUND,
                        4.0,
                    )?;
                    c.dashed(
                        (x - bar_w / 2.0 - 6.0, yy),
                        (x + bar_w / 2.0 + 6.0, yy),
                        TEXT,
                        2.0,
                    )?;
                }
            }
        }
        // The target: a level line across each year's slot, with a marker,
        // so that a year without a target shows none.
        for (i, t) in target.iter().enumerate() {
            if let Some(t) = t {
                let yy = ymap.at(*t);
                let half = (slot * 0.42).min(bar_w / 2.0 + 14.0);
                c.line(&[(xs[i] - half, yy), (xs[i] + half, yy)], BACKGROUND, 5.0)?;
                c.line(
                    &[(xs[i] - half, yy), (xs[i] + half, yy)],
                    POSITION_LINE,
                    2.5,
                )?;
                c.marker(xs[i], yy, 3.5, POSITION_LINE)?;
            }
        }
        // Each year's gap (or surplus) against its target, above the
        // higher of the bar and the target.
        for (i, g) in p.gaps.iter().enumerate() {
            let Some(g) = g.and_then(finite) else {
                continue;
            };
            let top = extent
                .get(i)
                .map_or(0.0, |e| e.1)
                .max(target[i].unwrap_or(0.0));
            let text = if g > 0.0 {
                format!("gap {}", money(g))
            } else {
                "target met".to_string()
            };
            let colour = if g > 0.0 { TEXT } else { SECONDARY };
            c.text(
                &c.fit(&text, BODY, true, slot - 4.0),
                xs[i],
                ymap.at(top) - 10.0,
                BODY,
                g > 0.0,
                colour,
                HPos::Center,
            )?;
        }
        c.x_labels(&years, &xs, slot, plot_bottom + 18.0)
    }
}

pub(super) struct DeliveryChart<'a>(pub(super) &'a ProgrammeDelivery);

impl Chart for DeliveryChart<'_> {
    fn size(&self) -> (u32, u32) {
        (W as u32, 450)
    }

    fn draw<DB: DrawingBackend>(&self, c: &Canvas<DB>) -> Res {
        let p = self.0;
        let h = 450.0;
        let n = p.years.len();
        let years: Vec<String> = p.years.iter().map(|y| label(y)).collect();
        let colours = series_colours(3);
        let names = [
            "Planned",
            "Achieved",
            "Achieved or forecast (the forecast where given)",
        ];
        let bars: [Vec<Option<f64>>; 3] = [
            p.planned.iter().map(|v| finite(*v)).collect(),
            p.achieved.iter().map(|v| v.and_then(finite)).collect(),
            p.expected.iter().map(|v| v.and_then(finite)).collect(),
        ];
        let mut y = c.header(&p.text, W)?;
        let items: Vec<(String, Key)> = names
            .iter()
            .zip(&colours)
            .map(|(n, col)| (n.to_string(), Key::Bar(*col)))
            .collect();
        y += c.legend(&items, MARGIN, y, W - 2.0 * MARGIN)?;
        let plot_top = y + 26.0;
        let foot = c.footer(&p.text.source, W, h)?;
        let plot_bottom = foot - 30.0;
        let (mut min, mut max) = (0.0f64, 0.0f64);
        for v in bars.iter().flatten().flatten() {
            min = min.min(*v);
            max = max.max(*v);
        }
        let axis = Axis::new(min, max, min.abs().max(max.abs()), 6);
        let left = MARGIN + c.tick_width(&axis) + 8.0;
        let right = W - MARGIN;
        let ymap = axis.map(plot_bottom, plot_top);
        c.y_grid(&axis, ymap, left, right)?;
        let slot = (right - left) / n.max(1) as f64;
        let bar_w = (slot * 0.8 / 3.0).min(30.0);
        let xs: Vec<f64> = (0..n).map(|i| left + slot * (i as f64 + 0.5)).collect();
        for (i, &x) in xs.iter().enumerate() {
            for (k, (b, col)) in bars.iter().zip(&colours).enumerate() {
                let bx = x + (k as f64 - 1.0) * bar_w;
                match b.get(i).copied().flatten() {
                    Some(v) => {
                        let (pa, pb) = ymap.segment(0.0, v);
                        c.rect(bx - bar_w / 2.0 + 1.0, pa, bx + bar_w / 2.0 - 1.0, pb, *col)?;
                    }
                    None if k == 1 => {
                        let note = if p.future.get(i).copied().unwrap_or(false) {
                            "to come"
                        } else {
                            "no actuals"
                        };
                        c.text(
                            note,
                            x + bar_w / 2.0 + 4.0,
                            ymap.at(0.0) - 8.0,
                            BODY,
                            false,
                            SECONDARY,
                            HPos::Left,
                        )?;
                    }
                    None => {}
                }
            }
        }
        let zero = ymap.at(0.0);
        c.line(&[(left, zero), (right, zero)], TEXT, 1.0)?;
        c.x_labels(&years, &xs, slot, plot_bottom + 18.0)
    }
}

/// The alt text of the plan chart: each year's planned total against its
/// target.
pub(super) fn plan_alt(p: &ProgrammePlan) -> String {
    let mut out = format!(
        "Stacked bars of planned cashable savings by financial year for {} workstream{}",
        p.series.len(),
        if p.series.len() == 1 { "" } else { "s" }
    );
    if p.target.iter().any(Option::is_some) {
        out.push_str(", with the target as a line");
    }
    out.push_str(". ");
    let mut parts = Vec::new();
    for (i, y) in p.years.iter().enumerate() {
        let planned: f64 = p.series.iter().map(|(_, v)| val(v[i])).sum();
        let mut s = format!("{}: planned {}", clean(y), money(planned));
        if let Some(net) = p.net.get(i).and_then(|v| finite(*v)) {
            if net < planned - 0.5 {
                s.push_str(&format!(" ({} net of double counting)", money(net)));
            }
        }
        if let Some(t) = p.target.get(i).copied().flatten() {
            s.push_str(&format!(" against a target of {}", money(t)));
            match p.gaps.get(i).copied().flatten() {
                Some(g) if g > 0.0 => s.push_str(&format!(", a gap of {}", money(g))),
                Some(_) => s.push_str(", target met"),
                None => {}
            }
        }
        parts.push(s);
    }
    out.push_str(&parts.join("; "));
    out.push('.');
    out
}

/// The alt text of the delivery chart.
pub(super) fn delivery_alt(p: &ProgrammeDelivery) -> String {
    let mut parts = Vec::new();
    for (i, y) in p.years.iter().enumerate() {
        let mut s = format!("{}: planned {}", clean(y), money(p.planned[i]));
        match p.achieved.get(i).copied().flatten() {
            Some(a) => s.push_str(&format!(", achieved {}", money(a))),
            None if p.future.get(i).copied().unwrap_or(false) => s.push_str(", a year to come"),
            None => s.push_str(", no actuals"),
        }
        if let Some(e) = p.expected.get(i).copied().flatten() {
            s.push_str(&format!(", achieved or forecast {}", money(e)));
        }
        parts.push(s);
    }
    format!(
        "Bars of planned, achieved and achieved-or-forecast cashable savings by financial year. {}.",
        parts.join("; ")
    )
}
