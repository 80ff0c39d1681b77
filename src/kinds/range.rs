//! The engine's exact range, checked once at prepare time.
//!
//! Every amount is an exact `Decimal` (28 significant digits), and sums go
//! through polars at 14 decimal places. Both stay exact while any yearly
//! amount is at most [`EXACT_LIMIT`], £100 trillion. Inputs inside their
//! documented ranges (money up to £1 trillion, rates between −100% and
//! 100% a year, 60 years) can still compound past that: a management fee
//! efficiency of −0.99 grows the trust's fee 1.99-fold a year. So before a
//! model is projected, each kind bounds the largest yearly amount it can
//! produce from its plan and the largest index of each inflation key, with
//! checked arithmetic; a bound past the limit is an input error that names
//! the key to check. The projection's hot loops then need no checks.

use super::{Context, Plan};
use crate::error::Problem;
use crate::model::Model;
use crate::money::{powi, Decimal};

/// The largest yearly amount of a line, and of a class in a year, the
/// engine keeps exact: £100 trillion.
pub const EXACT_LIMIT: Decimal = Decimal::from_parts(276_447_232, 23_283, 0, false, 0);

/// `£100 trillion`, for messages.
pub const EXACT_LIMIT_TEXT: &str = "£100 trillion (£100,000,000,000,000) a year";

/// `a × b`, `None` on overflow.
pub fn mul(a: Decimal, b: Decimal) -> Option<Decimal> {
    a.checked_mul(b)
}

/// `Σ`, `None` on overflow.
pub fn sum(items: impl IntoIterator<Item = Option<Decimal>>) -> Option<Decimal> {
    items
        .into_iter()
        .try_fold(Decimal::ZERO, |acc, x| acc.checked_add(x?))
}

/// Whether a bound is inside the exact range.
pub fn fits(bound: Option<Decimal>) -> bool {
    bound.is_some_and(|b| b <= EXACT_LIMIT)
}

/// The largest index of an inflation key over the horizon.
pub fn index_max(ctx: &Context, key: &str) -> Decimal {
    ctx.series(key)
        .values()
        .iter()
        .copied()
        .max()
        .unwrap_or(Decimal::ONE)
}

/// `(1 + rate)^n` at both ends of `lo..=hi` whole years: the largest
/// growth factor over that span (the power is monotone in `n`). `None` on
/// overflow.
pub fn growth_max(rate: Decimal, lo: i32, hi: i32) -> Option<Decimal> {
    let base = Decimal::ONE + rate;
    Some(powi(base, lo)?.max(powi(base, hi)?))
}

/// `beyond the engine's exact range of £100 trillion …`, for messages.
pub fn beyond() -> String {
    format!("beyond the engine's exact range of {EXACT_LIMIT_TEXT}")
}

/// Checks that the model's largest yearly amounts stay inside
/// [`EXACT_LIMIT`]; the problem names the key to check.
pub fn check(model: &Model, plan: &Plan, ctx: &Context) -> Result<(), Problem> {
    let problem = |message: String| Problem::file(&model.file, message);
    plan.check_range(ctx).map_err(problem)?;
    let beyond = beyond();
    let bias = ctx.bias_factor();
    let one_off = sum(model.one_off_costs.iter().map(|c| mul(c.amount, bias)));
    if !fits(one_off) {
        return Err(problem(format!(
            "the one_off_costs, with optimism_bias, sum to {beyond}"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_is_a_hundred_trillion() {
        assert_eq!(EXACT_LIMIT, Decimal::from(100_000_000_000_000i64));
    }

    #[test]
    fn growth_is_bounded_at_either_end() {
        let r = Decimal::new(99, 2);
        // 1.99^60 ≈ 8.6e17; 0.01^-60 overflows.
        assert!(growth_max(r, 0, 60).is_some_and(|g| g > Decimal::from(10i64.pow(17))));
        assert_eq!(growth_max(-r, -60, 0), None);
        assert_eq!(growth_max(-r, 0, 60), Some(Decimal::ONE));
    }
}
