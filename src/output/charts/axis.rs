//! Scales from data to pixels, value axes with their ticks, and money as
//! the axes, data labels and alt text write it (£k, £m).

use crate::money::{group, short, MINUS};

/// Maps data values to logical pixels.
#[derive(Clone, Copy)]
pub(super) struct Lin {
    pub(super) d0: f64,
    pub(super) d1: f64,
    pub(super) p0: f64,
    pub(super) p1: f64,
}

impl Lin {
    pub(super) fn at(&self, v: f64) -> f64 {
        let span = self.d1 - self.d0;
        if span == 0.0 {
            return self.p0;
        }
        self.p0 + (v - self.d0) / span * (self.p1 - self.p0)
    }

    /// Pixel ends of a stacked segment from `a` (nearer zero) to `b`, with a
    /// 1px white gap from the segment below unless it starts at zero.
    pub(super) fn segment(&self, a: f64, b: f64) -> (f64, f64) {
        let (pa, pb) = (self.at(a), self.at(b));
        if a != 0.0 && (pb - pa).abs() > 2.0 {
            (pa + (pb - pa).signum(), pb)
        } else {
            (pa, pb)
        }
    }
}

/// A value axis from `lo` to `hi` in steps of `step` (pounds), labelled in
/// £k or £m.
pub(super) struct Axis {
    pub(super) lo: f64,
    pub(super) hi: f64,
    step: f64,
    pub(super) millions: bool,
    decimals: usize,
}

impl Axis {
    /// The map from this axis's range onto pixels `from` (at `lo`) to `to`
    /// (at `hi`).
    pub(super) fn map(&self, from: f64, to: f64) -> Lin {
        Lin {
            d0: self.lo,
            d1: self.hi,
            p0: from,
            p1: to,
        }
    }

    /// An axis covering `min..max` and zero, labelled in £m when it reaches
    /// £1m either way (so never `£1,500k`), else £k. `max_abs` is kept for
    /// the callers' sake; the axis's own extent decides.
    pub(super) fn new(min: f64, max: f64, max_abs: f64, target: usize) -> Axis {
        let min = if min.is_finite() { min.min(0.0) } else { 0.0 };
        let max = if max.is_finite() { max.max(0.0) } else { 0.0 };
        let _ = max_abs;
        Axis::spanning(min, max, target)
    }

    /// An axis covering `min..max` only, not reaching to zero: for marks
    /// that do not start at zero (a tornado's bars start at the base case).
    pub(super) fn spanning(min: f64, max: f64, target: usize) -> Axis {
        let (min, max) = match (min.is_finite(), max.is_finite()) {
            (true, true) => (min, max),
            _ => (0.0, 0.0),
        };
        let (min, max) = if max - min > 0.0 {
            (min, max)
        } else if min == 0.0 {
            (0.0, 1000.0)
        } else {
            // one value: a range around it
            let pad = (min.abs() * 0.1).max(1000.0);
            (min - pad, max + pad)
        };
        let raw = (max - min) / target.max(1) as f64;
        let mag = 10f64.powf(raw.log10().floor());
        let norm = raw / mag;
        let mult = [1.0, 2.0, 5.0, 10.0]
            .into_iter()
            .find(|m| *m >= norm - 1e-9)
            .unwrap_or(10.0);
        let step = mult * mag;
        let lo = (min / step + 1e-9).floor() * step;
        let hi = (max / step - 1e-9).ceil() * step;
        let millions = hi.abs().max(lo.abs()) >= 1_000_000.0 - 1e-6;
        let unit = if millions { 1e6 } else { 1e3 };
        let su = step / unit;
        let mut decimals = if su >= 1.0 - 1e-9 {
            0
        } else {
            (-(su.log10()) - 1e-9).ceil().max(0.0) as usize
        };
        if millions {
            decimals = decimals.max(1);
        }
        Axis {
            lo,
            hi,
            step,
            millions,
            decimals: decimals.min(6),
        }
    }

    pub(super) fn ticks(&self) -> impl Iterator<Item = f64> + '_ {
        let n = ((self.hi - self.lo) / self.step).round().clamp(0.0, 50.0) as i64;
        let k0 = (self.lo / self.step).round() as i64;
        (0..=n).map(move |i| {
            let v = (k0 + i) as f64 * self.step;
            if v.abs() < self.step * 1e-9 {
                0.0
            } else {
                v
            }
        })
    }

    pub(super) fn label(&self, v: f64) -> String {
        if v == 0.0 {
            return "£0".into();
        }
        let (unit, suffix) = if self.millions {
            (1e6, "m")
        } else {
            (1e3, "k")
        };
        let sign = if v < 0.0 { MINUS } else { "" };
        let text = format!("{:.*}", self.decimals, v.abs() / unit);
        format!("{sign}£{}{suffix}", group(&text))
    }
}

/// Money for alt text and data labels: £1.2m, £350k, £950; "−" for
/// negatives — [`crate::money::short`], the one short format, on the
/// chart's `f64`.
pub(super) fn money(v: f64) -> String {
    use rust_decimal::prelude::FromPrimitive;
    match rust_decimal::Decimal::from_f64(v) {
        Some(d) if v.is_finite() => short(d),
        _ => "n/a".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_and_ticks() {
        assert_eq!(money(1_234_567.0), "£1.2m");
        assert_eq!(money(350_400.0), "£350k");
        assert_eq!(money(-499_999.0), "−£500k");
        assert_eq!(money(999_600.0), "£1.0m");
        assert_eq!(money(3_350_000.0), "£3.4m");
        assert_eq!(money(12.4), "£12");
        let a = Axis::new(-2_445_881.0, 3_467_355.0, 3_467_355.0, 6);
        assert!(a.millions);
        assert!(a.lo <= -2_445_881.0 && a.hi >= 3_467_355.0);
        assert!(a.ticks().any(|v| v == 0.0));
        assert_eq!(a.label(-2_000_000.0), "−£2.0m");
        let k = Axis::new(0.0, 1_500_000.0, 1_500_000.0, 6);
        assert!(k.millions, "never £1,500k");
        assert_eq!(k.label(1_500_000.0), "£1.5m");
        let small = Axis::new(-20_000.0, 400_000.0, 400_000.0, 6);
        assert!(!small.millions);
        assert_eq!(small.label(-20_000.0), "−£20k");
        assert_eq!(small.label(300_000.0), "£300k");
    }
}
