//! Distributions, Latin hypercube and Monte Carlo sampling, and the
//! Iman–Conover method for rank correlations. Samples are `f64`: a sampled
//! value becomes an exact decimal where it enters the engine (rounded to
//! the parameter's precision there), never money on its own.
//!
//! Every distribution is drawn by its exact inverse distribution function
//! ([`Distribution::quantile`]) from a probability `u`: one `u` in each of
//! `n` equal strata (Latin hypercube) or `n` independent ones (Monte
//! Carlo). The generator is PCG-64 (`rand_pcg::Pcg64`) seeded once from
//! the run's seed, so the same arguments give the same samples on every
//! machine and whatever the number of threads.

mod correlate;
mod special;
#[cfg(test)]
mod tests;

use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64;
use special::{norm_cdf, norm_inv, norm_pdf, Beta};

/// A distribution of one uncertain parameter.
#[derive(Clone, Debug, PartialEq)]
pub enum Distribution {
    Triangular {
        min: f64,
        mode: f64,
        max: f64,
    },
    /// Beta-PERT: α = 1 + 4(mode − min)/(max − min), β = 1 + 4(max − mode)/(max − min).
    Pert {
        min: f64,
        mode: f64,
        max: f64,
    },
    Uniform {
        min: f64,
        max: f64,
    },
    /// Normal truncated to [min, max] (mean ± 4 sd when the file gives neither).
    Normal {
        mean: f64,
        sd: f64,
        min: f64,
        max: f64,
    },
    /// (value, probability), probabilities summing to 1 within 1e-9.
    Discrete {
        values: Vec<(f64, f64)>,
    },
}

impl Distribution {
    /// Checks the parameters: `min ≤ mode ≤ max`, `min < max`, `sd > 0`,
    /// probabilities in [0, 1] summing to 1; the message says what is wrong
    /// in a finance officer's words.
    pub fn check(&self) -> Result<(), String> {
        let finite = |what: &str, x: f64| {
            if x.is_finite() {
                Ok(())
            } else {
                Err(format!("the {what} must be a number, found {x}"))
            }
        };
        let range = |min: f64, max: f64| {
            finite("min", min)?;
            finite("max", max)?;
            if min < max {
                Ok(())
            } else if min == max {
                Err(format!(
                    "the min and the max are both {}: give a range, or leave the parameter out of \
                     [uncertainty] if it is certain",
                    fmt_num(min)
                ))
            } else {
                Err(format!(
                    "the min {} is above the max {}",
                    fmt_num(min),
                    fmt_num(max)
                ))
            }
        };
        match *self {
            Distribution::Triangular { min, mode, max } | Distribution::Pert { min, mode, max } => {
                finite("mode", mode)?;
                range(min, max)?;
                if mode < min {
                    Err(format!(
                        "the mode {} is below the min {}",
                        fmt_num(mode),
                        fmt_num(min)
                    ))
                } else if mode > max {
                    Err(format!(
                        "the mode {} is above the max {}",
                        fmt_num(mode),
                        fmt_num(max)
                    ))
                } else {
                    Ok(())
                }
            }
            Distribution::Uniform { min, max } => range(min, max),
            Distribution::Normal { mean, sd, min, max } => {
                finite("mean", mean)?;
                finite("sd", sd)?;
                if sd <= 0.0 {
                    return Err(format!("sd must be more than 0, found {}", fmt_num(sd)));
                }
                range(min, max)?;
                if normal_mass(mean, sd, min, max) < 1e-6 {
                    return Err(format!(
                        "the range {} to {} lies so far from the mean {} (sd {}) that almost \
                         none of the normal curve falls inside it: move the mean or widen the range",
                        fmt_num(min),
                        fmt_num(max),
                        fmt_num(mean),
                        fmt_num(sd)
                    ));
                }
                Ok(())
            }
            Distribution::Discrete { ref values } => {
                if values.is_empty() {
                    return Err("a discrete distribution needs at least one value".to_string());
                }
                for &(v, p) in values {
                    finite("value", v)?;
                    if !(0.0..=1.0).contains(&p) {
                        return Err(format!(
                            "the probability of {} must be between 0 and 1, found {}",
                            fmt_num(v),
                            fmt_num(p)
                        ));
                    }
                }
                let total: f64 = values.iter().map(|&(_, p)| p).sum();
                if (total - 1.0).abs() > 1e-9 {
                    return Err(format!(
                        "the probabilities add up to {}, not 1",
                        fmt_num(total)
                    ));
                }
                Ok(())
            }
        }
    }

    /// The value at cumulative probability `u` (0 < u < 1): the exact
    /// inverse of the distribution function. `u` at or beyond 0 or 1 gives
    /// the ends of the support. For a discrete distribution, the smallest
    /// value whose cumulative probability reaches `u`, the values taken
    /// from smallest to largest whatever order the file lists them in.
    pub fn quantile(&self, u: f64) -> f64 {
        Prepared::new(self).quantile(u)
    }

    /// The smallest and largest values it can give (for a discrete
    /// distribution, among the values with a probability above 0).
    pub fn support(&self) -> (f64, f64) {
        match *self {
            Distribution::Triangular { min, max, .. }
            | Distribution::Pert { min, max, .. }
            | Distribution::Uniform { min, max }
            | Distribution::Normal { min, max, .. } => (min, max),
            Distribution::Discrete { ref values } => values
                .iter()
                .filter(|&&(_, p)| p > 0.0)
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &(v, _)| {
                    (lo.min(v), hi.max(v))
                }),
        }
    }

    pub fn mean(&self) -> f64 {
        match *self {
            Distribution::Triangular { min, mode, max } => (min + mode + max) / 3.0,
            Distribution::Pert { min, mode, max } => (min + 4.0 * mode + max) / 6.0,
            Distribution::Uniform { min, max } => 0.5 * (min + max),
            Distribution::Normal { mean, sd, min, max } => {
                let (a, b) = ((min - mean) / sd, (max - mean) / sd);
                mean + sd * (norm_pdf(a) - norm_pdf(b)) / normal_mass(mean, sd, min, max)
            }
            Distribution::Discrete { ref values } => values.iter().map(|&(v, p)| v * p).sum(),
        }
    }

    pub fn variance(&self) -> f64 {
        match *self {
            Distribution::Triangular { min, mode, max } => {
                (min * min + mode * mode + max * max - min * mode - min * max - mode * max) / 18.0
            }
            Distribution::Pert { min, mode, max } => {
                // Beta(α, β) scaled to [min, max], with α + β = 6.
                let (alpha, beta) = pert_shape(min, mode, max);
                let s = alpha + beta;
                (max - min).powi(2) * alpha * beta / (s * s * (s + 1.0))
            }
            Distribution::Uniform { min, max } => (max - min).powi(2) / 12.0,
            Distribution::Normal { mean, sd, min, max } => {
                let (a, b) = ((min - mean) / sd, (max - mean) / sd);
                let z = normal_mass(mean, sd, min, max);
                let (pa, pb) = (norm_pdf(a), norm_pdf(b));
                let ta = if a.is_finite() { a * pa } else { 0.0 };
                let tb = if b.is_finite() { b * pb } else { 0.0 };
                let shift = (pa - pb) / z;
                sd * sd * (1.0 + (ta - tb) / z - shift * shift)
            }
            Distribution::Discrete { ref values } => {
                let mean = self.mean();
                values
                    .iter()
                    .map(|&(v, p)| p * (v - mean) * (v - mean))
                    .sum()
            }
        }
    }
}

/// Beta-PERT's shape parameters α = 1 + 4(mode − min)/(max − min),
/// β = 1 + 4(max − mode)/(max − min).
fn pert_shape(min: f64, mode: f64, max: f64) -> (f64, f64) {
    let w = max - min;
    (1.0 + 4.0 * (mode - min) / w, 1.0 + 4.0 * (max - mode) / w)
}

/// The probability a normal(mean, sd) falls in [min, max], worked from
/// whichever tail keeps its digits.
fn normal_mass(mean: f64, sd: f64, min: f64, max: f64) -> f64 {
    let (a, b) = ((min - mean) / sd, (max - mean) / sd);
    if a > 0.0 {
        norm_cdf(-a) - norm_cdf(-b)
    } else {
        norm_cdf(b) - norm_cdf(a)
    }
}

/// A number as a person would write it: up to 10 significant digits, no
/// trailing zeros (0.9, not 0.8999999999999999).
pub(crate) fn fmt_num(x: f64) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    let digits = 10 - (x.abs().log10().floor() as i32 + 1).clamp(-300, 10);
    let s = format!("{:.*}", digits.clamp(0, 17) as usize, x);
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    if s == "-0" {
        "0".to_string()
    } else {
        s
    }
}

/// A distribution with its constants worked out once, for drawing many
/// values.
enum Prepared {
    Triangular {
        min: f64,
        max: f64,
        split: f64,
        lo: f64,
        hi: f64,
    },
    Pert {
        min: f64,
        width: f64,
        beta: Beta,
    },
    Uniform {
        min: f64,
        width: f64,
    },
    /// Drawn as `mean + sign·sd·Φ⁻¹(base + step·u)`, from the tail that
    /// keeps its digits.
    Normal {
        mean: f64,
        sd: f64,
        sign: f64,
        base: f64,
        step: f64,
        min: f64,
        max: f64,
    },
    /// Values from smallest to largest with their cumulative probabilities.
    Discrete {
        values: Vec<(f64, f64)>,
    },
}

impl Prepared {
    fn new(d: &Distribution) -> Prepared {
        match *d {
            Distribution::Triangular { min, mode, max } => Prepared::Triangular {
                min,
                max,
                split: (mode - min) / (max - min),
                lo: (max - min) * (mode - min),
                hi: (max - min) * (max - mode),
            },
            Distribution::Pert { min, mode, max } => {
                let (a, b) = pert_shape(min, mode, max);
                Prepared::Pert {
                    min,
                    width: max - min,
                    beta: Beta::new(a, b),
                }
            }
            Distribution::Uniform { min, max } => Prepared::Uniform {
                min,
                width: max - min,
            },
            Distribution::Normal { mean, sd, min, max } => {
                let a = (min - mean) / sd;
                let z = normal_mass(mean, sd, min, max);
                if a > 0.0 {
                    // Above the mean: Φ(−x) runs from Φ(−a) down to Φ(−b).
                    Prepared::Normal {
                        mean,
                        sd,
                        sign: -1.0,
                        base: norm_cdf(-a),
                        step: -z,
                        min,
                        max,
                    }
                } else {
                    Prepared::Normal {
                        mean,
                        sd,
                        sign: 1.0,
                        base: norm_cdf(a),
                        step: z,
                        min,
                        max,
                    }
                }
            }
            Distribution::Discrete { ref values } => {
                let mut sorted = values.clone();
                sorted.sort_by(|x, y| x.0.total_cmp(&y.0));
                let mut cum = 0.0;
                let values = sorted
                    .into_iter()
                    .map(|(v, p)| {
                        cum += p;
                        (v, cum)
                    })
                    .collect();
                Prepared::Discrete { values }
            }
        }
    }

    fn quantile(&self, u: f64) -> f64 {
        let u = if u.is_nan() { 0.5 } else { u.clamp(0.0, 1.0) };
        match *self {
            Prepared::Triangular {
                min,
                max,
                split,
                lo,
                hi,
            } => {
                if u <= split {
                    min + (u * lo).sqrt()
                } else {
                    max - ((1.0 - u) * hi).sqrt()
                }
            }
            Prepared::Pert {
                min,
                width,
                ref beta,
            } => min + width * beta.inv(u),
            Prepared::Uniform { min, width } => min + u * width,
            Prepared::Normal {
                mean,
                sd,
                sign,
                base,
                step,
                min,
                max,
            } => {
                // max/min rather than clamp: no panic on an unchecked min > max.
                (mean + sign * sd * norm_inv(base + step * u))
                    .max(min)
                    .min(max)
            }
            Prepared::Discrete { ref values } => {
                let last = values.last().map_or(0.0, |&(v, _)| v);
                values
                    .iter()
                    .find(|&&(_, cum)| cum >= u && cum > 0.0)
                    .map_or(last, |&(v, _)| v)
            }
        }
    }

    /// `out[j] = quantile(us[j])` for ascending `us`. Beta-PERT has no
    /// closed form: each answer is stepped on from the previous one by the
    /// Taylor series of the inverse distribution function to fourth order
    /// (x' = 1/p, x'' = −g'/p², x''' = (2g'² − g'')/p³,
    /// x'''' = (7g'g'' − g''' − 6g'³)/p⁴, with g = ln p and p the density),
    /// used only while the fourth-order term is under 1e-14, so the error
    /// left (the fifth) is far below that. Where it is not (the
    /// tails), and at least every 32 steps so that no error can build up,
    /// the step is finished by safeguarded Newton on the incomplete beta
    /// function, as `quantile` does from scratch.
    fn quantiles_ascending(&self, us: &[f64], out: &mut Vec<f64>) {
        out.clear();
        let Prepared::Pert {
            min,
            width,
            ref beta,
        } = *self
        else {
            out.extend(us.iter().map(|&u| self.quantile(u)));
            return;
        };
        let (a1, b1) = (beta.a - 1.0, beta.b - 1.0);
        let (mut x0, mut u0) = (0.0, 0.0);
        let mut since_exact = usize::MAX;
        for &u in us {
            let u = if u.is_nan() { 0.5 } else { u.clamp(0.0, 1.0) };
            let x = if u <= u0 {
                x0
            } else if x0 <= 0.0 || x0 >= 1.0 {
                since_exact = 0;
                beta.inv(u)
            } else {
                let p = beta.pdf(x0);
                let g1 = a1 / x0 - b1 / (1.0 - x0);
                let g2 = -a1 / (x0 * x0) - b1 / ((1.0 - x0) * (1.0 - x0));
                let g3 =
                    2.0 * a1 / (x0 * x0 * x0) - 2.0 * b1 / ((1.0 - x0) * (1.0 - x0) * (1.0 - x0));
                let h = (u - u0) / p;
                let h2 = h * h;
                let t4 = h2 * h2 * (7.0 * g1 * g2 - g3 - 6.0 * g1 * g1 * g1) / 24.0;
                let guess = x0 + h - 0.5 * g1 * h2 + (2.0 * g1 * g1 - g2) * h2 * h / 6.0 + t4;
                // The fourth-order term bounds the error of the third: when
                // it is this small, the fifth, the error left, is negligible.
                let small = t4.abs() < 1e-14 && h.abs() < 1e-3 * x0.min(1.0 - x0);
                if small && since_exact < 32 && guess > x0 && guess < 1.0 {
                    since_exact += 1;
                    guess
                } else {
                    since_exact = 0;
                    let guess = if guess.is_finite() && guess > x0 && guess < 1.0 {
                        guess
                    } else {
                        0.5 * (x0 + 1.0)
                    };
                    beta.inv_from(u, x0, 1.0, guess)
                }
            };
            out.push(min + width * x);
            (x0, u0) = (x, u);
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// Latin hypercube: one draw in each of `n` equal-probability strata.
    Lhs,
    /// Plain Monte Carlo.
    Mc,
}

/// A rank correlation between parameters `a` and `b` (indices into the
/// distributions), `rho` in [−1, 1].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Correlation {
    pub a: usize,
    pub b: usize,
    pub rho: f64,
}

/// Checks the correlation matrix (1 on the diagonal, the pairs given, 0
/// elsewhere): no pair of a parameter with itself, |rho| ≤ 1, no pair given
/// twice, positive definite. `names` are the parameters' paths, for the
/// message.
pub fn check_correlations(names: &[String], pairs: &[Correlation]) -> Result<(), String> {
    correlate::check(names, pairs)
}

/// `n` samples of each distribution (`result[i][k]`: iteration `i`,
/// parameter `k`), drawn by `method` from `seed`, then reordered by the
/// Iman–Conover method to the requested rank correlations. The same
/// arguments give the same samples on every machine.
pub fn sample(
    distributions: &[Distribution],
    correlations: &[Correlation],
    n: usize,
    method: Method,
    seed: u64,
) -> Vec<Vec<f64>> {
    let columns = sample_columns(distributions, correlations, n, method, seed);
    (0..n)
        .map(|i| columns.iter().map(|col| col[i]).collect())
        .collect()
}

/// As [`sample`], by parameter: `result[k][i]` is parameter `k` at
/// iteration `i` (the same values, without a vector per iteration).
///
/// How the draws are made, in order, from one `Pcg64::seed_from_u64(seed)`:
/// for each parameter in turn, its `n` values in ascending order —
/// Latin hypercube: `quantile((j + v_j)/n)` for strata `j = 0..n` with each
/// `v_j` uniform in [0, 1); Monte Carlo: `quantile(u_(j))` for the order
/// statistics of `n` independent uniforms, made directly as normalised
/// sums of exponential spacings — then a random permutation (Fisher–Yates)
/// that puts them in iteration order. When any correlation is not 0 the
/// permutation is instead the Iman–Conover one, whose shuffles of the
/// scores come next from the same generator. The distributions are assumed
/// checked ([`Distribution::check`], [`check_correlations`]); pairs that
/// fail the checks are ignored rather than panicking.
pub fn sample_columns(
    distributions: &[Distribution],
    correlations: &[Correlation],
    n: usize,
    method: Method,
    seed: u64,
) -> Vec<Vec<f64>> {
    let m = distributions.len();
    let mut rng = Pcg64::seed_from_u64(seed);
    let mut us = Vec::with_capacity(n);
    let sorted: Vec<Vec<f64>> = distributions
        .iter()
        .map(|d| {
            ascending_uniforms(method, n, &mut rng, &mut us);
            let mut values = Vec::with_capacity(n);
            Prepared::new(d).quantiles_ascending(&us, &mut values);
            values
        })
        .collect();
    let wanted: Vec<Correlation> = correlations
        .iter()
        .copied()
        .filter(|c| c.a < m && c.b < m && c.a != c.b && c.rho != 0.0 && c.rho.abs() <= 1.0)
        .collect();
    if !wanted.is_empty() && n > m {
        if let Ok(p) = correlate::cholesky(&correlate::target_matrix(m, &wanted)) {
            if let Some(columns) = correlate::iman_conover(&sorted, &p, &mut rng) {
                return columns;
            }
        }
    }
    let mut order: Vec<u32> = (0..n as u32).collect();
    sorted
        .into_iter()
        .map(|values| {
            order.shuffle(&mut rng);
            order.iter().map(|&j| values[j as usize]).collect()
        })
        .collect()
}

/// `n` probabilities in ascending order, into `us`.
fn ascending_uniforms(method: Method, n: usize, rng: &mut Pcg64, us: &mut Vec<f64>) {
    us.clear();
    let scale = 1.0 / n as f64;
    match method {
        Method::Lhs => {
            us.extend((0..n).map(|j| (j as f64 + rng.random::<f64>()) * scale));
        }
        Method::Mc => {
            // The order statistics of n uniforms are S_j/S_(n+1), S the
            // running sums of n + 1 standard exponentials (Devroye 1986,
            // V.2): sorted draws without a sort.
            let mut total = 0.0;
            for _ in 0..n {
                total += -(1.0 - rng.random::<f64>()).ln();
                us.push(total);
            }
            total += -(1.0 - rng.random::<f64>()).ln();
            let scale = 1.0 / total;
            us.iter_mut().for_each(|s| *s *= scale);
        }
    }
}

/// The nearest-rank percentile of sorted values: `x(⌈q·n⌉)` with
/// `q = percent / 100`, in whole numbers (0.1 × 100,000 in binary floating
/// point is just over 10,000, whose ceiling would be one rank too far).
pub fn percentile<T: Copy>(sorted: &[T], percent: u32) -> Option<T> {
    if sorted.is_empty() {
        return None;
    }
    let n = sorted.len();
    let rank = (percent as usize * n).div_ceil(100).clamp(1, n);
    Some(sorted[rank - 1])
}
