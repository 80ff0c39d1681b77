//! Distributions, Latin hypercube and Monte Carlo sampling, and the
//! Iman–Conover method for rank correlations. Samples are `f64`: a sampled
//! value becomes an exact decimal where it enters the engine (rounded to
//! the parameter's precision there), never money on its own.
//!
//! (Interface fixed; the implementation is being written.)

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
        Ok(())
    }

    /// The value at cumulative probability `u` (0 < u < 1).
    pub fn quantile(&self, u: f64) -> f64 {
        let _ = u;
        0.0
    }

    /// The smallest and largest values it can give.
    pub fn support(&self) -> (f64, f64) {
        (0.0, 0.0)
    }

    pub fn mean(&self) -> f64 {
        0.0
    }

    pub fn variance(&self) -> f64 {
        0.0
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
    let _ = (names, pairs);
    Ok(())
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
    let _ = (correlations, method, seed);
    vec![distributions.iter().map(|d| d.quantile(0.5)).collect(); n]
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
