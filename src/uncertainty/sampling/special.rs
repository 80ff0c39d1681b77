//! The special functions the distributions need: the standard normal's
//! distribution function and its inverse, and the regularized incomplete
//! beta function and its inverse (for Beta-PERT). Written out here rather
//! than taken from a statistics crate so that every digit is ours to test.

/// Φ(x), the standard normal distribution function, from the
/// complementary error function (accurate in both tails).
pub(super) fn norm_cdf(x: f64) -> f64 {
    0.5 * libm::erfc(-x / std::f64::consts::SQRT_2)
}

/// φ(x), the standard normal density (0 at ±∞).
pub(super) fn norm_pdf(x: f64) -> f64 {
    if x.is_infinite() {
        return 0.0;
    }
    (-0.5 * x * x).exp() / (2.0 * std::f64::consts::PI).sqrt()
}

fn poly(c: &[f64; 8], x: f64) -> f64 {
    c.iter().rev().fold(0.0, |acc, &k| acc * x + k)
}

/// Φ⁻¹(p), the standard normal quantile: Wichura's algorithm AS 241
/// (PPND16, Applied Statistics 37(3), 1988), about 1 part in 10¹⁶.
/// −∞ at p ≤ 0, +∞ at p ≥ 1. The coefficients are as published (more
/// digits than an f64 holds), so that they can be checked against the paper.
#[allow(clippy::excessive_precision)]
pub(super) fn norm_inv(p: f64) -> f64 {
    const A: [f64; 8] = [
        3.387_132_872_796_366_608,
        1.331_416_678_917_843_774_5e2,
        1.971_590_950_306_551_442_7e3,
        1.373_169_376_550_946_112_5e4,
        4.592_195_393_154_987_145_7e4,
        6.726_577_092_700_870_085_3e4,
        3.343_057_558_358_812_810_5e4,
        2.509_080_928_730_122_672_7e3,
    ];
    const B: [f64; 8] = [
        1.0,
        4.231_333_070_160_091_125_2e1,
        6.871_870_074_920_579_083e2,
        5.394_196_021_424_751_107_7e3,
        2.121_379_430_158_659_586_7e4,
        3.930_789_580_009_271_061e4,
        2.872_908_573_572_194_267_4e4,
        5.226_495_278_852_854_561e3,
    ];
    const C: [f64; 8] = [
        1.423_437_110_749_683_577_34,
        4.630_337_846_156_545_295_9,
        5.769_497_221_460_691_405_5,
        3.647_848_324_763_204_605_04,
        1.270_458_252_452_368_382_58,
        2.417_807_251_774_506_117_7e-1,
        2.272_384_498_926_918_458_33e-2,
        7.745_450_142_783_414_076_4e-4,
    ];
    const D: [f64; 8] = [
        1.0,
        2.053_191_626_637_758_821_87,
        1.676_384_830_183_803_849_4,
        6.897_673_349_851_000_045_5e-1,
        1.481_039_764_274_800_745_9e-1,
        1.519_866_656_361_645_719_66e-2,
        5.475_938_084_995_344_946e-4,
        1.050_750_071_644_416_843_24e-9,
    ];
    const E: [f64; 8] = [
        6.657_904_643_501_103_777_2,
        5.463_784_911_164_114_369_9,
        1.784_826_539_917_291_335_8,
        2.965_605_718_285_048_912_3e-1,
        2.653_218_952_657_612_309_3e-2,
        1.242_660_947_388_078_438_6e-3,
        2.711_555_568_743_487_578_15e-5,
        2.010_334_399_292_288_132_65e-7,
    ];
    const F: [f64; 8] = [
        1.0,
        5.998_322_065_558_879_376_9e-1,
        1.369_298_809_227_358_053_1e-1,
        1.487_536_129_085_061_485_25e-2,
        7.868_691_311_456_132_591e-4,
        1.846_318_317_510_054_681_8e-5,
        1.421_511_758_316_445_888_7e-7,
        2.044_263_103_389_939_785_64e-15,
    ];
    if p.is_nan() {
        return f64::NAN;
    }
    if p <= 0.0 {
        return f64::NEG_INFINITY;
    }
    if p >= 1.0 {
        return f64::INFINITY;
    }
    let q = p - 0.5;
    if q.abs() <= 0.425 {
        let r = 0.180_625 - q * q;
        return q * poly(&A, r) / poly(&B, r);
    }
    let r = if q < 0.0 { p } else { 1.0 - p };
    let r = (-r.ln()).sqrt();
    let z = if r <= 5.0 {
        let r = r - 1.6;
        poly(&C, r) / poly(&D, r)
    } else {
        let r = r - 5.0;
        poly(&E, r) / poly(&F, r)
    };
    if q < 0.0 {
        -z
    } else {
        z
    }
}

/// A beta distribution with shape parameters `a`, `b` (both ≥ 1 for
/// Beta-PERT), with ln B(a, b) worked out once.
#[derive(Clone, Copy, Debug)]
pub(super) struct Beta {
    pub a: f64,
    pub b: f64,
    ln_beta: f64,
}

impl Beta {
    pub fn new(a: f64, b: f64) -> Beta {
        let ln_beta = libm::lgamma(a) + libm::lgamma(b) - libm::lgamma(a + b);
        Beta { a, b, ln_beta }
    }

    /// x^(a−1) (1−x)^(b−1) / B(a, b) on [0, 1].
    pub fn pdf(&self, x: f64) -> f64 {
        if !(0.0..=1.0).contains(&x) {
            return 0.0;
        }
        let la = if self.a == 1.0 {
            0.0
        } else {
            (self.a - 1.0) * x.ln()
        };
        let lb = if self.b == 1.0 {
            0.0
        } else {
            (self.b - 1.0) * (1.0 - x).ln()
        };
        (la + lb - self.ln_beta).exp()
    }

    /// The regularized incomplete beta function I_x(a, b), by its
    /// continued fraction (modified Lentz), on whichever side of the mean
    /// it converges fast.
    pub fn cdf(&self, x: f64) -> f64 {
        if x <= 0.0 {
            return 0.0;
        }
        if x >= 1.0 {
            return 1.0;
        }
        let (a, b) = (self.a, self.b);
        let front = (a * x.ln() + b * (1.0 - x).ln() - self.ln_beta).exp();
        if x < (a + 1.0) / (a + b + 2.0) {
            front * continued_fraction(a, b, x) / a
        } else {
            1.0 - front * continued_fraction(b, a, 1.0 - x) / b
        }
    }

    /// The x in [0, 1] with I_x(a, b) = u, by Newton's method kept inside
    /// a bracket (a bisection step whenever Newton would leave it), to
    /// about 1e-15.
    pub fn inv(&self, u: f64) -> f64 {
        if u <= 0.0 {
            return 0.0;
        }
        if u >= 1.0 {
            return 1.0;
        }
        let mean = self.a / (self.a + self.b);
        self.inv_from(u, 0.0, 1.0, mean)
    }

    /// As `inv`, given a bracket `[lo, hi]` holding the answer and a first
    /// guess inside it.
    pub fn inv_from(&self, u: f64, mut lo: f64, mut hi: f64, guess: f64) -> f64 {
        let mut x = guess.max(lo).min(hi);
        for _ in 0..200 {
            let f = self.cdf(x) - u;
            if f == 0.0 {
                return x;
            }
            if f < 0.0 {
                lo = x;
            } else {
                hi = x;
            }
            let d = self.pdf(x);
            let newton = x - f / d;
            let (next, is_newton) = if d > 0.0 && newton.is_finite() && newton > lo && newton < hi {
                (newton, true)
            } else {
                (0.5 * (lo + hi), false)
            };
            let moved = (next - x).abs();
            x = next;
            // Newton converges quadratically: after a step under 1e-12 the
            // error left is of the order of its square.
            if moved < 1e-15 || hi - lo < 1e-15 || (is_newton && moved < 1e-12) {
                break;
            }
        }
        x
    }
}

/// The continued fraction for I_x(a, b) (Numerical Recipes, 3rd ed., 6.4),
/// evaluated by the modified Lentz method.
fn continued_fraction(a: f64, b: f64, x: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 - qab * x / qap;
    if d.abs() < TINY {
        d = TINY;
    }
    d = 1.0 / d;
    let mut h = d;
    for m in 1..=300 {
        let m = m as f64;
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        if d.abs() < TINY {
            d = TINY;
        }
        c = 1.0 + aa / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        if d.abs() < TINY {
            d = TINY;
        }
        c = 1.0 + aa / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        let del = d * c;
        h *= del;
        if (del - 1.0).abs() < f64::EPSILON {
            break;
        }
    }
    h
}
