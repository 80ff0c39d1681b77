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
use crate::baseline::{LibraryCategory, SiteCategory};
use crate::calendar::Month;
use crate::error::Problem;
use crate::model::Model;
use crate::money::{powi, Decimal};

/// The largest yearly amount of a line, and of a class in a year, the
/// engine keeps exact: £100 trillion.
pub const EXACT_LIMIT: Decimal = Decimal::from_parts(276_447_232, 23_283, 0, false, 0);

/// `£100 trillion`, for messages.
pub const EXACT_LIMIT_TEXT: &str = "£100 trillion (£100,000,000,000,000) a year";

/// `a × b`, `None` on overflow.
fn mul(a: Decimal, b: Decimal) -> Option<Decimal> {
    a.checked_mul(b)
}

/// `Σ`, `None` on overflow.
fn sum(items: impl IntoIterator<Item = Option<Decimal>>) -> Option<Decimal> {
    items
        .into_iter()
        .try_fold(Decimal::ZERO, |acc, x| acc.checked_add(x?))
}

/// Whether a bound is inside the exact range.
fn fits(bound: Option<Decimal>) -> bool {
    bound.is_some_and(|b| b <= EXACT_LIMIT)
}

/// The largest index of an inflation key over the horizon.
fn index_max(ctx: &Context, key: &str) -> Decimal {
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
fn growth_max(rate: Decimal, lo: i32, hi: i32) -> Option<Decimal> {
    let base = Decimal::ONE + rate;
    Some(powi(base, lo)?.max(powi(base, hi)?))
}

/// Checks that the model's largest yearly amounts stay inside
/// [`EXACT_LIMIT`]; the problem names the key to check.
pub fn check(model: &Model, plan: &Plan, ctx: &Context) -> Result<(), Problem> {
    let problem = |message: String| Problem::file(&model.file, message);
    let beyond = format!("beyond the engine's exact range of {EXACT_LIMIT_TEXT}");
    match plan {
        Plan::BuildingVacation(p) => {
            for c in SiteCategory::ALL {
                // Saved share 1 − h, h from 0 to 3: at most 2 either way.
                let share = match p.holding.fraction(*c) {
                    Some(h) => (Decimal::ONE - h).abs().max(Decimal::ONE),
                    None => Decimal::ONE,
                };
                let i = index_max(ctx, c.name());
                let bound = sum(p
                    .sites
                    .iter()
                    .map(|s| mul(s.costs[*c as usize], i).and_then(|x| mul(x, share))));
                if !fits(bound) {
                    return Err(problem(format!(
                        "the vacated sites' {} costs, at inflation.{} over the horizon, \
                         come to {beyond}; check the rate and the Sites sheet's amounts",
                        c.name(),
                        c.name()
                    )));
                }
            }
            let receipts = sum(p
                .sites
                .iter()
                .map(|s| Some(s.capital_receipt.unwrap_or_default())));
            if !fits(receipts) {
                return Err(problem(format!(
                    "the vacate entries' capital_receipt amounts come to {beyond}"
                )));
            }
            let i = index_max(ctx, "default");
            let receiving = sum(p.receiving.iter().map(|r| mul(r.annual, i)));
            if !fits(receiving) {
                return Err(problem(format!(
                    "the receiving costs, at inflation.default over the horizon, come to {beyond}"
                )));
            }
        }
        Plan::SharedService(p) => {
            for (c, reduction, combined) in &p.reductions {
                let i = index_max(ctx, c.name());
                let bound = mul(p.share, *reduction)
                    .and_then(|x| mul(x, *combined))
                    .and_then(|x| mul(x, i));
                if !fits(bound) {
                    return Err(problem(format!(
                        "reductions.{}: the partners' combined {} cost, at inflation.{} over \
                         the horizon, saves {beyond}; check the rate and the Libraries sheet",
                        c.name(),
                        c.name(),
                        c.name()
                    )));
                }
            }
        }
        Plan::LibrariesTrust(p) => {
            let params = &p.params;
            // |T| ≤ Σ cost × index × |trust factor|; every other line is at
            // most one category's cost at its index.
            let trust = sum(LibraryCategory::ALL.iter().map(|c| {
                let f = super::libraries_trust::trust_factor(params, *c).abs();
                mul(p.costs[*c as usize], index_max(ctx, c.name())).and_then(|x| mul(x, f))
            }));
            let costs = sum(LibraryCategory::ALL
                .iter()
                .map(|c| mul(p.costs[*c as usize], index_max(ctx, c.name()))));
            if !fits(trust) || !fits(costs) {
                return Err(problem(format!(
                    "{}'s library costs, at their inflation rates over the horizon, come to \
                     {beyond}; check the rates and the Libraries sheet",
                    params.authority
                )));
            }
            // The fee line is T × (1 − (1 − e)^k), k the whole years since
            // the transfer: for e < 0 the kept share (1 − e)^k grows.
            let last = ctx.horizon.end_month().plus(-1);
            let years = (last.since(p.transfer) / 12).max(0);
            let e = params.management_fee_efficiency;
            let kept = powi(Decimal::ONE - e, years);
            let fee = kept.and_then(|k| mul(trust?, (Decimal::ONE - k).abs()));
            if !fits(fee) {
                return Err(problem(format!(
                    "management_fee_efficiency: a rate of {e} over {years} years grows the \
                     trust's fee {beyond}; check the rate"
                )));
            }
            let client = mul(params.client_side_annual, index_max(ctx, "default"));
            if !fits(client) {
                return Err(problem(format!(
                    "client_side_annual, at inflation.default over the horizon, comes to {beyond}"
                )));
            }
        }
        Plan::SenInvestToSave(p) => {
            let params = &p.params;
            // Demand N0 × (1 + g)^a, a the academic years since the price
            // base's, for every month of the horizon.
            let pb = ctx.price_base.first_year();
            let a = |m: Month| m.academic_year().first_year() - pb;
            let (lo, hi) = (
                a(ctx.horizon.first_month()),
                a(ctx.horizon.end_month().plus(-1)),
            );
            let g = params.demand_growth;
            let i = index_max(ctx, "placements");
            let per_place = sum([
                Some(p.c0),
                Some(params.cost_per_place),
                Some(params.transport_per_place),
            ]);
            let bound = growth_max(g, lo, hi)
                .and_then(|growth| mul(p.n0, growth))
                .and_then(|demand| mul(demand, per_place?))
                .and_then(|x| mul(x, i))
                .and_then(|x| x.checked_add(mul(params.fixed_annual, i)?));
            if !fits(bound) {
                let years = hi.abs().max(lo.abs());
                return Err(problem(format!(
                    "demand_growth: a rate of {g} over {years} years grows the cost of the \
                     {} eligible placements {beyond}; check the rate",
                    p.n0
                )));
            }
            if let Some(f) = &params.financing {
                let k = mul(params.capital, ctx.bias_factor());
                let annuity =
                    k.and_then(|k| super::sen_invest_to_save::annuity(k, f.rate, f.years));
                if !fits(annuity.map(|a| a.abs())) {
                    return Err(problem(format!(
                        "capital_financing.rate: a rate of {} over {} years takes the \
                         repayments {beyond}; check the rate",
                        f.rate, f.years
                    )));
                }
            }
        }
    }
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
