//! Scales from data to pixels, value axes with their ticks, and money as
//! the axes, data labels and alt text write it (£k, £m).

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

    /// An axis covering `min..max` and zero; `max_abs` (the largest
    /// magnitude in the data) chooses £m (≥ £2m) or £k.
    pub(super) fn new(min: f64, max: f64, max_abs: f64, target: usize) -> Axis {
        let min = if min.is_finite() { min.min(0.0) } else { 0.0 };
        let max = if max.is_finite() { max.max(0.0) } else { 0.0 };
        let (min, max) = if max - min <= 0.0 {
            (0.0, 1000.0)
        } else {
            (min, max)
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
        let millions = max_abs.is_finite() && max_abs >= 2_000_000.0;
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
        let sign = if v < 0.0 { "−" } else { "" };
        format!("{sign}£{}{suffix}", group(v.abs() / unit, self.decimals))
    }
}

/// `v` with `decimals` places and a comma between thousands.
fn group(v: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, v);
    let (int, frac) = match s.find('.') {
        Some(i) => (&s[..i], &s[i..]),
        None => (&s[..], ""),
    };
    let digits: Vec<char> = int.chars().collect();
    let mut out = String::new();
    for (i, c) in digits.iter().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(*c);
    }
    out.push_str(frac);
    out
}

/// Money for alt text and data labels: £1.2m, £350k, £950; "−" for
/// negatives.
pub(super) fn money(v: f64) -> String {
    if !v.is_finite() {
        return "n/a".into();
    }
    let a = v.abs();
    let body = if (a / 1e5).round() >= 10.0 {
        format!("£{}m", group((a / 1e5).round() / 10.0, 1))
    } else if a.round() >= 1000.0 || (a / 1e3).round() >= 1.0 {
        format!("£{}k", group((a / 1e3).round(), 0))
    } else {
        format!("£{}", group(a.round(), 0))
    };
    if v < 0.0 && body != "£0" {
        format!("−{body}")
    } else {
        body
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
        assert!(!k.millions);
        assert_eq!(k.label(1_500_000.0), "£1,500k");
    }
}
