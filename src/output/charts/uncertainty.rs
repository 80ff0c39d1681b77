//! Charts of a simulation (`savings simulate`): the fan chart of the
//! cumulative net cashable position, the S-curve of a measure with a
//! threshold marked and its probability written on it, and the tornado of
//! NPV. Drawn with the same canvas, palette, header, source note and
//! formats as every other chart.
//!
//! The caller gives the figures as `f64` pounds (for drawing only) and
//! the alt text in words, made from the exact figures.

use super::axis::{Axis, Lin};
use super::canvas::{Canvas, Key, BODY, MARGIN, SMALL};
use super::colour::{class_colour, GRID, SECONDARY, TEXT};
use super::input::{clean, finite, label};
use super::{render, Chart, ChartError, ChartText, Class, Rendered, Res};
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

/// The median line and the bands around it: the cashable class's dark
/// blue, and that blue mixed with white for the bands (the inner band
/// darker). The bands are areas bounded by the median and the axes, not
/// marks read on their own.
fn median_colour() -> RGBColor {
    class_colour(Class::Cashable)
}

fn tint(c: RGBColor, white: f64) -> RGBColor {
    let mix = |v: u8| (v as f64 + (255.0 - v as f64) * white).round() as u8;
    RGBColor(mix(c.0), mix(c.1), mix(c.2))
}

/// The parameter at its P10 (orange) and at its P90 (dark blue).
const LOW: RGBColor = RGBColor(0xF4, 0x6A, 0x25);
const HIGH: RGBColor = RGBColor(0x12, 0x43, 0x6D);

/// A fan chart: the simulated cumulative net cashable position by
/// financial year, its P10–P90 and P25–P75 bands, the median and the
/// deterministic run.
pub struct Fan {
    pub text: ChartText,
    pub years: Vec<String>,
    /// P10, P25, P50, P75, P90 per year, each aligned to `years`.
    pub bands: [Vec<f64>; 5],
    /// The model's own values, run once (or, for a programme, its
    /// target), drawn dashed.
    pub deterministic: Vec<f64>,
    /// The dashed line's legend; `None`: "The model's own values
    /// (deterministic)".
    pub dashed_label: Option<String>,
    /// A year to mark (the MTFS period's end) and the words written there.
    pub mark: Option<(usize, f64, String)>,
    pub alt: String,
}

/// An S-curve: cumulative probability against a measure, with a
/// threshold (zero, or a target) marked.
pub struct SCurve {
    pub text: ChartText,
    /// Points of the curve: (value, cumulative probability 0..1), in
    /// order.
    pub points: Vec<(f64, f64)>,
    pub threshold: f64,
    /// Written beside the threshold line: "P(NPV > 0) = 83%".
    pub threshold_label: String,
    /// What the value axis shows: "NPV, £, real terms".
    pub axis_label: String,
    pub alt: String,
}

/// One parameter of a tornado.
pub struct TornadoRow {
    pub name: String,
    /// The measure with the parameter at its P10, and the value written
    /// at that bar's end ("0.65").
    pub at_p10: f64,
    pub p10_label: String,
    pub at_p90: f64,
    pub p90_label: String,
}

/// A tornado: each parameter alone at its P10 and P90, largest swing on
/// top, around the base case.
pub struct Tornado {
    pub text: ChartText,
    /// What a bar moves, for the legend: "Parameter", "Workstream".
    pub what: String,
    pub rows: Vec<TornadoRow>,
    pub base: f64,
    pub alt: String,
}

fn check_len(what: &str, n: usize, v: &[f64]) -> Res {
    if v.len() != n {
        return Err(ChartError(format!(
            "{what} has {} values for {n} years",
            v.len()
        )));
    }
    Ok(())
}

pub fn fan(f: &Fan) -> Result<Rendered, ChartError> {
    let n = f.years.len();
    if n == 0 {
        return Err(ChartError("fan chart: no financial years".into()));
    }
    for b in &f.bands {
        check_len("fan chart: a band", n, b)?;
    }
    check_len("fan chart: the deterministic line", n, &f.deterministic)?;
    render(&FanChart(f), &f.text.title, f.alt.clone())
}

pub fn s_curve(s: &SCurve) -> Result<Rendered, ChartError> {
    if s.points.is_empty() {
        return Err(ChartError("S-curve: no iterations".into()));
    }
    render(&SCurveChart(s), &s.text.title, s.alt.clone())
}

pub fn tornado(t: &Tornado) -> Result<Rendered, ChartError> {
    if t.rows.is_empty() {
        return Err(ChartError("tornado: no uncertain parameters".into()));
    }
    render(&TornadoChart(t), &t.text.title, t.alt.clone())
}

struct FanChart<'a>(&'a Fan);

const W: f64 = 800.0;
const H: f64 = 450.0;

fn extent(values: impl Iterator<Item = f64>) -> (f64, f64) {
    values
        .filter_map(finite)
        .fold((0.0, 0.0), |(lo, hi), v| (f64::min(lo, v), f64::max(hi, v)))
}

impl Chart for FanChart<'_> {
    fn size(&self) -> (u32, u32) {
        (W as u32, H as u32)
    }

    fn draw<DB: DrawingBackend>(&self, c: &Canvas<DB>) -> Res {
        let f = self.0;
        let n = f.years.len();
        let dark = median_colour();
        let (outer, inner) = (tint(dark, 0.78), tint(dark, 0.5));
        let mut y = c.header(&f.text, W)?;
        let items = vec![
            ("P10 to P90".to_string(), Key::Bar(outer)),
            ("P25 to P75".to_string(), Key::Bar(inner)),
            ("Median (P50)".to_string(), Key::Line(dark)),
            (
                f.dashed_label
                    .clone()
                    .unwrap_or_else(|| "The model's own values (deterministic)".to_string()),
                Key::Dashed(TEXT),
            ),
        ];
        y += c.legend(&items, MARGIN, y, W - 2.0 * MARGIN)?;
        let plot_top = y + 24.0;
        let foot = c.footer(&f.text.source, W, H)?;
        let plot_bottom = foot - 30.0;
        let (min, max) = extent(f.bands.iter().flatten().chain(&f.deterministic).copied());
        let axis = Axis::new(min, max, min.abs().max(max.abs()), 6);
        let plot_left = MARGIN + c.tick_width(&axis) + 8.0;
        let plot_right = W - MARGIN;
        let ymap = axis.map(plot_bottom, plot_top);
        c.y_grid(&axis, ymap, plot_left, plot_right)?;
        let slot = (plot_right - plot_left) / n as f64;
        let xs: Vec<f64> = (0..n)
            .map(|i| plot_left + slot * (i as f64 + 0.5))
            .collect();
        let at = |v: f64| ymap.at(finite(v).unwrap_or(0.0));
        let band = |lo: &[f64], hi: &[f64], colour: RGBColor| -> Res {
            if n == 1 {
                return c.rect(
                    xs[0] - slot * 0.3,
                    at(lo[0]),
                    xs[0] + slot * 0.3,
                    at(hi[0]),
                    colour,
                );
            }
            let mut pts: Vec<(f64, f64)> = xs.iter().zip(hi).map(|(x, v)| (*x, at(*v))).collect();
            pts.extend(xs.iter().zip(lo).rev().map(|(x, v)| (*x, at(*v))));
            c.polygon(&pts, colour)
        };
        band(&f.bands[0], &f.bands[4], outer)?;
        band(&f.bands[1], &f.bands[3], inner)?;
        let zero = ymap.at(0.0);
        c.line(&[(plot_left, zero), (plot_right, zero)], TEXT, 1.0)?;
        let median: Vec<(f64, f64)> = xs
            .iter()
            .zip(&f.bands[2])
            .map(|(x, v)| (*x, at(*v)))
            .collect();
        c.line(&median, dark, 2.5)?;
        for (x, y) in &median {
            c.marker(*x, *y, 3.0, dark)?;
        }
        for (i, w) in f.deterministic.windows(2).enumerate() {
            c.dashed((xs[i], at(w[0])), (xs[i + 1], at(w[1])), TEXT, 2.0)?;
        }
        if let Some((i, value, words)) = &f.mark {
            if let Some(&x) = xs.get(*i) {
                let py = at(*value);
                c.dashed((x, plot_top - 14.0), (x, plot_bottom), SECONDARY, 1.0)?;
                c.marker(x, py, 4.0, TEXT)?;
                let tw = c.width(words, BODY, true);
                let (tx, anchor) = if x + 6.0 + tw <= plot_right {
                    (x + 6.0, HPos::Left)
                } else {
                    (x - 6.0, HPos::Right)
                };
                c.text(words, tx, plot_top - 8.0, BODY, true, TEXT, anchor)?;
            }
        }
        let years: Vec<String> = f.years.iter().map(|y| label(y)).collect();
        c.x_labels(&years, &xs, slot, plot_bottom + 18.0)?;
        Ok(())
    }
}

struct SCurveChart<'a>(&'a SCurve);

impl Chart for SCurveChart<'_> {
    fn size(&self) -> (u32, u32) {
        (W as u32, H as u32)
    }

    fn draw<DB: DrawingBackend>(&self, c: &Canvas<DB>) -> Res {
        let s = self.0;
        let dark = median_colour();
        let y = c.header(&s.text, W)?;
        let plot_top = y + 30.0;
        let foot = c.footer(&s.text.source, W, H)?;
        let plot_bottom = foot - 46.0;
        // the values and the threshold, not from £0: a curve is not a bar
        let values: Vec<f64> = s
            .points
            .iter()
            .map(|p| p.0)
            .chain(std::iter::once(s.threshold))
            .filter_map(finite)
            .collect();
        let min = values.iter().copied().fold(f64::INFINITY, f64::min);
        let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let axis = Axis::spanning(min, max, 6);
        let plot_left = MARGIN + c.width("100%", BODY, false) + 10.0;
        let plot_right = W - MARGIN - 30.0;
        let xmap = axis.map(plot_left, plot_right);
        let ymap = Lin {
            d0: 0.0,
            d1: 1.0,
            p0: plot_bottom,
            p1: plot_top,
        };
        for k in 0..=4 {
            let p = k as f64 / 4.0;
            let py = ymap.at(p);
            c.line(&[(plot_left, py), (plot_right, py)], GRID, 1.0)?;
            c.text(
                &format!("{}%", k * 25),
                plot_left - 6.0,
                py + 4.0,
                BODY,
                false,
                SECONDARY,
                HPos::Right,
            )?;
        }
        for v in axis.ticks() {
            let x = xmap.at(v);
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
        c.text(
            &clean(&s.axis_label),
            (plot_left + plot_right) / 2.0,
            plot_bottom + 36.0,
            BODY,
            false,
            TEXT,
            HPos::Center,
        )?;
        c.line(
            &[(plot_left, plot_bottom), (plot_right, plot_bottom)],
            TEXT,
            1.0,
        )?;
        let pts: Vec<(f64, f64)> = s
            .points
            .iter()
            .filter_map(|(v, p)| Some((xmap.at(finite(*v)?), ymap.at(*p))))
            .collect();
        c.line(&pts, dark, 2.0)?;
        if let Some(&(x, y)) = pts.first() {
            if pts.len() == 1 {
                c.marker(x, y, 3.5, dark)?;
            }
        }
        let tx = xmap.at(finite(s.threshold).unwrap_or(0.0));
        c.dashed((tx, plot_top - 16.0), (tx, plot_bottom), TEXT, 1.5)?;
        let words = clean(&s.threshold_label);
        let tw = c.width(&words, BODY + 1.0, true);
        let (lx, anchor) = if tx + 6.0 + tw <= plot_right {
            (tx + 6.0, HPos::Left)
        } else {
            (tx - 6.0, HPos::Right)
        };
        c.text(&words, lx, plot_top - 6.0, BODY + 1.0, true, TEXT, anchor)?;
        Ok(())
    }
}

struct TornadoChart<'a>(&'a Tornado);

/// Height of one parameter's row.
const ROW: f64 = 44.0;

impl TornadoChart<'_> {
    fn height(&self) -> f64 {
        (200.0 + ROW * self.0.rows.len() as f64).clamp(H, 1800.0)
    }
}

impl Chart for TornadoChart<'_> {
    fn size(&self) -> (u32, u32) {
        (W as u32, self.height() as u32)
    }

    fn draw<DB: DrawingBackend>(&self, c: &Canvas<DB>) -> Res {
        let t = self.0;
        let h = self.height();
        let mut y = c.header(&t.text, W)?;
        let items = vec![
            (format!("{} at its P10", t.what), Key::Bar(LOW)),
            (format!("{} at its P90", t.what), Key::Bar(HIGH)),
            ("Base case".to_string(), Key::Dashed(TEXT)),
        ];
        y += c.legend(&items, MARGIN, y, W - 2.0 * MARGIN)?;
        let foot = c.footer(&t.text.source, W, h)?;
        let plot_top = y + 12.0;
        let plot_bottom = foot - 28.0;
        let values: Vec<f64> = t
            .rows
            .iter()
            .flat_map(|r| [r.at_p10, r.at_p90])
            .chain(std::iter::once(t.base))
            .filter_map(finite)
            .collect();
        let min = values.iter().copied().fold(f64::INFINITY, f64::min);
        let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let axis = Axis::spanning(min, max, 5);
        let names: Vec<String> = t.rows.iter().map(|r| label(&r.name)).collect();
        let label_w = names
            .iter()
            .map(|l| c.width(l, BODY, false))
            .fold(0.0, f64::max)
            .min(W * 0.3);
        let value_w = t
            .rows
            .iter()
            .flat_map(|r| [&r.p10_label, &r.p90_label])
            .map(|l| c.width(&clean(l), SMALL, false))
            .fold(0.0, f64::max);
        let plot_left = MARGIN + label_w + 14.0 + value_w;
        let plot_right = W - MARGIN - value_w - 8.0;
        let xmap = axis.map(plot_left, plot_right);
        for v in axis.ticks() {
            let x = xmap.at(v);
            c.line(&[(x, plot_top), (x, plot_bottom)], GRID, 1.0)?;
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
        if axis.lo < 0.0 && axis.hi > 0.0 {
            let zx = xmap.at(0.0);
            c.line(&[(zx, plot_top), (zx, plot_bottom)], TEXT, 1.0)?;
        }
        let row = (plot_bottom - plot_top) / t.rows.len() as f64;
        let thick = (row * 0.36).min(16.0);
        let base = finite(t.base).unwrap_or(0.0);
        let bx = xmap.at(base);
        for (i, r) in t.rows.iter().enumerate() {
            let yc = plot_top + row * (i as f64 + 0.5);
            c.text(
                &c.fit(&names[i], BODY, false, label_w),
                MARGIN + label_w,
                yc + 4.0,
                BODY,
                false,
                TEXT,
                HPos::Right,
            )?;
            for (k, (v, words, colour)) in [
                (r.at_p10, &r.p10_label, LOW),
                (r.at_p90, &r.p90_label, HIGH),
            ]
            .into_iter()
            .enumerate()
            {
                let v = finite(v).unwrap_or(base);
                let (top, bottom) = if k == 0 {
                    (yc - thick, yc)
                } else {
                    (yc, yc + thick)
                };
                let vx = xmap.at(v);
                c.rect(bx, top, vx, bottom, colour)?;
                let words = clean(words);
                let mid = (top + bottom) / 2.0 + 4.5;
                if v < base {
                    c.text(&words, vx - 4.0, mid, SMALL, false, TEXT, HPos::Right)?;
                } else {
                    c.text(&words, vx + 4.0, mid, SMALL, false, TEXT, HPos::Left)?;
                }
            }
        }
        c.dashed((bx, plot_top - 4.0), (bx, plot_bottom), TEXT, 1.5)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(title: &str) -> ChartText {
        ChartText {
            title: title.into(),
            subtitle: "£ cash".into(),
            source: "Source: test".into(),
        }
    }

    fn fan_of(years: usize, v: impl Fn(usize, usize) -> f64) -> Fan {
        Fan {
            text: text("A 75% chance of at least £2.0m by 2015/16"),
            years: (0..years)
                .map(|i| format!("{}/{:02}", 2011 + i, 12 + i))
                .collect(),
            bands: [0, 1, 2, 3, 4].map(|k| (0..years).map(|y| v(k, y)).collect()),
            deterministic: (0..years).map(|y| v(2, y)).collect(),
            dashed_label: None,
            mark: Some((
                years.saturating_sub(1),
                v(1, years.saturating_sub(1)),
                "75% chance".into(),
            )),
            alt: "Fan chart: a 75% chance of at least £2.0m".into(),
        }
    }

    #[test]
    fn a_fan_renders_its_bands_and_median() {
        let f = fan_of(10, |k, y| (y as f64 - 3.0) * 1e6 + (k as f64 - 2.0) * 2e5);
        let r = fan(&f).unwrap();
        assert!(r
            .svg
            .contains("<desc>Fan chart: a 75% chance of at least £2.0m</desc>"));
        assert!(r.svg.contains("P25 to P75") && r.svg.contains("Median (P50)"));
        // the bands are filled polygons
        assert!(r.svg.contains("<polygon"), "bands drawn");
        let img = image::load_from_memory(&r.png).unwrap();
        assert_eq!((img.width(), img.height()), (1600, 900));
    }

    /// Every iteration alike (a model whose distributions are all
    /// degenerate), one year, or values that are not numbers: drawn, not a
    /// panic.
    #[test]
    fn degenerate_and_odd_inputs_do_not_panic() {
        fan(&fan_of(10, |_, _| 5e5)).unwrap();
        fan(&fan_of(1, |k, _| k as f64 * 1e5)).unwrap();
        fan(&fan_of(3, |_, _| f64::NAN)).unwrap();
        assert!(fan(&fan_of(0, |_, _| 0.0)).is_err());
        let mut bad = fan_of(3, |_, _| 1.0);
        bad.bands[2].pop();
        assert!(fan(&bad).is_err());
        let s = |points: Vec<(f64, f64)>| SCurve {
            text: text("x"),
            points,
            threshold: 0.0,
            threshold_label: "P(NPV > 0) = 100%".into(),
            axis_label: "NPV".into(),
            alt: "S-curve".into(),
        };
        s_curve(&s(vec![(7e6, 1.0)])).unwrap();
        s_curve(&s(vec![(7e6, 0.5), (7e6, 1.0)])).unwrap();
        s_curve(&s(vec![(f64::NAN, 0.5), (f64::INFINITY, 1.0)])).unwrap();
        assert!(s_curve(&s(vec![])).is_err());
        let t = |rows: Vec<TornadoRow>| Tornado {
            what: "Parameter".into(),
            text: text("x"),
            rows,
            base: 6.3e6,
            alt: "Tornado".into(),
        };
        let row = |a: f64, b: f64| TornadoRow {
            name: "take_up".into(),
            at_p10: a,
            p10_label: "0.65".into(),
            at_p90: b,
            p90_label: "0.87".into(),
        };
        tornado(&t(vec![row(6.3e6, 6.3e6)])).unwrap();
        tornado(&t(vec![row(f64::NAN, -2e6), row(9e6, 1e6)])).unwrap();
        assert!(tornado(&t(vec![])).is_err());
    }

    #[test]
    fn tornado_bars_keep_their_order_and_labels() {
        let names = ["capital", "take_up", "demand_growth"];
        let t = Tornado {
            what: "Parameter".into(),
            text: text("The NPV depends most on capital"),
            rows: names
                .iter()
                .enumerate()
                .map(|(i, n)| TornadoRow {
                    name: n.to_string(),
                    at_p10: 7e6 - 1e6 / (i + 1) as f64,
                    p10_label: format!("low {i}"),
                    at_p90: 7e6 + 5e5 / (i + 1) as f64,
                    p90_label: format!("high {i}"),
                })
                .collect(),
            base: 7e6,
            alt: "Tornado".into(),
        };
        let r = tornado(&t).unwrap();
        let at: Vec<usize> = names.iter().map(|n| r.svg.rfind(n).unwrap()).collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]));
        for i in 0..3 {
            assert!(r.svg.contains(&format!("low {i}")) && r.svg.contains(&format!("high {i}")));
        }
        // its own colours: orange at P10, dark blue at P90
        assert!(r.svg.contains("#F46A25") && r.svg.contains("#12436D"));
    }
}
