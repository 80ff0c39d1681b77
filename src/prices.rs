//! Prices: inflation indices and real terms (SPEC section 3).
//!
//! Baseline amounts are annual amounts at the prices of the price-base
//! financial year `P`. An amount with inflation key `k` is worth
//! `I_k(y) = (1 + r_k)^(y − P)` times as much in FY `y`; its monthly amount
//! in month `m` is `(A × I_k(FY(m))) / 12`, multiplied first, divided last.

use crate::calendar::{FinancialYear, Horizon};
use crate::money::{powi, Decimal};
use crate::number::Number;
use std::collections::BTreeMap;

/// The model's `[inflation]` table.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Inflation {
    /// The rate of any key not named (default 0).
    pub default: Decimal,
    /// `gdp_deflator`, for real terms; `default` when absent.
    pub gdp_deflator: Option<Decimal>,
    /// Per-key rates (`energy`, `business_rates`, `placements`, …).
    pub rates: BTreeMap<String, Decimal>,
}

impl Inflation {
    /// The rate of an inflation key.
    pub fn rate(&self, key: &str) -> Decimal {
        self.rates.get(key).copied().unwrap_or(self.default)
    }

    /// The rate used to take amounts to real terms.
    pub fn gdp_deflator(&self) -> Decimal {
        self.gdp_deflator.unwrap_or(self.default)
    }
}

/// Indices above this are refused: a billion-fold rise in prices is not a
/// scenario, and the bound keeps every amount inside exact range.
pub const INDEX_LIMIT: Decimal = Decimal::from_parts(1_000_000_000, 0, 0, false, 0);

/// `(1 + rate)^(y − P)`, or `None` when it is past [`INDEX_LIMIT`] (or
/// below its reciprocal).
pub fn index(rate: Decimal, year: FinancialYear, price_base: FinancialYear) -> Option<Decimal> {
    in_range(powi(Decimal::ONE + rate, year.since(price_base))?)
}

/// The reciprocal of [`INDEX_LIMIT`]: 0.000000001.
const INDEX_FLOOR: Decimal = Decimal::from_parts(1, 0, 0, false, 9);

/// `Some(i)` when the index is within [`INDEX_LIMIT`] and its reciprocal.
fn in_range(i: Decimal) -> Option<Decimal> {
    (i <= INDEX_LIMIT && i >= INDEX_FLOOR).then_some(i)
}

/// [`index`] for every FY of a horizon, each the very `Decimal` [`index`]
/// gives: `(1 + rate)^n` is [`powi`]'s product from 1 in turn, so the
/// powers are made once each, each from the one before (`n` products for
/// `n` years rather than `n²/2`; a simulation varying an inflation rate
/// makes a series per iteration).
fn indices(rate: Decimal, horizon: &Horizon, price_base: FinancialYear) -> Option<Vec<Decimal>> {
    let base = Decimal::ONE + rate;
    let exponents = || horizon.financial_years().map(|y| y.since(price_base));
    let highest = exponents().map(i32::unsigned_abs).max().unwrap_or(0);
    // powers[k] = base^k, as powi multiplies it.
    let mut powers = Vec::with_capacity(highest as usize + 1);
    let mut acc = Decimal::ONE;
    powers.push(acc);
    for _ in 0..highest {
        acc = acc.checked_mul(base)?;
        powers.push(acc);
    }
    exponents()
        .map(|n| {
            let p = powers[n.unsigned_abs() as usize];
            in_range(if n < 0 {
                Decimal::ONE.checked_div(p)?
            } else {
                p
            })
        })
        .collect()
}

/// The indices of one inflation key for every FY of a horizon.
#[derive(Clone, Debug, PartialEq)]
pub struct IndexSeries {
    start: FinancialYear,
    values: Vec<Decimal>,
    /// The same indices in `f64`, for a simulation's iterations (made
    /// once here rather than once per iteration).
    floats: Vec<f64>,
}

impl IndexSeries {
    /// `None` when an index is out of range (see [`index`]).
    pub fn new(rate: Decimal, horizon: &Horizon, price_base: FinancialYear) -> Option<IndexSeries> {
        let values = indices(rate, horizon, price_base)?;
        let floats = values.iter().map(|v| f64::of(*v)).collect();
        Some(IndexSeries {
            start: horizon.start,
            values,
            floats,
        })
    }

    /// [`IndexSeries::at`] in either number type: the exact index, or its
    /// `f64` made when the series was.
    pub fn at_in<N: Number>(&self, y: FinancialYear) -> N {
        let i = y.since(self.start).max(0) as usize;
        N::index(self.values.get(i).copied(), self.floats.get(i).copied())
    }

    /// The index in FY `y` of the horizon.
    pub fn at(&self, y: FinancialYear) -> Decimal {
        let i = y.since(self.start);
        self.values
            .get(i.max(0) as usize)
            .copied()
            .unwrap_or(Decimal::ONE)
    }

    /// The indices in order, one per FY of the horizon.
    pub fn values(&self) -> &[Decimal] {
        &self.values
    }

    /// The monthly amount in FY `y` of an annual amount at price-base
    /// prices: `(annual × I(y)) / 12`.
    pub fn monthly(&self, annual: Decimal, y: FinancialYear) -> Decimal {
        annual * self.at(y) / Decimal::from(12)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn index_compounds_from_the_price_base() {
        let p = FinancialYear(2011);
        // 2.5% a year: 2011/12 = 1, 2012/13 = 1.025, 2013/14 = 1.050625.
        assert_eq!(index(d("0.025"), FinancialYear(2011), p), Some(d("1")));
        assert_eq!(
            index(d("0.025"), FinancialYear(2013), p),
            Some(d("1.050625"))
        );
        // Before the price base the power is negative: 1 / 1.025.
        let back = index(d("0.025"), FinancialYear(2010), p).unwrap();
        assert_eq!(back.round_dp(12), d("0.975609756098"));
    }

    #[test]
    fn monthly_amount_multiplies_first_divides_last() {
        let h = Horizon {
            start: FinancialYear(2012),
            years: 2,
        };
        let s = IndexSeries::new(d("0.06"), &h, FinancialYear(2011)).unwrap();
        // 95,000 of energy at 2011/12 prices, 6% a year: in 2012/13
        // 95,000 × 1.06 / 12 = 8,391.666…
        let m = s.monthly(d("95000"), FinancialYear(2012));
        assert_eq!(m.round_dp(6), d("8391.666667"));
        // 2013/14: 95,000 × 1.1236 / 12 = 8,895.1666…
        assert_eq!(
            s.monthly(d("95000"), FinancialYear(2013)).round_dp(4),
            d("8895.1667")
        );
    }

    #[test]
    fn a_series_holds_each_years_index_to_the_last_digit() {
        // Made power by power, each index is still the very Decimal
        // `index` makes for its year, before and after the price base.
        for (rate, start, years) in [
            ("0.025", 2012, 10),
            ("0.0737", 2008, 12),
            ("-0.031", 2015, 8),
            ("0", 2011, 3),
        ] {
            let h = Horizon {
                start: FinancialYear(start),
                years,
            };
            let p = FinancialYear(2011);
            let s = IndexSeries::new(d(rate), &h, p).unwrap();
            for (y, v) in h.financial_years().zip(s.values()) {
                let one = index(d(rate), y, p).unwrap();
                assert_eq!(v.serialize(), one.serialize(), "{rate} {y}");
            }
        }
    }

    #[test]
    fn runaway_indices_are_refused() {
        let h = Horizon {
            start: FinancialYear(2012),
            years: 60,
        };
        assert!(IndexSeries::new(d("1000"), &h, FinancialYear(2011)).is_none());
        // 30% a year for 60 years is 1.3^60 ≈ 6.9 million: allowed.
        assert!(IndexSeries::new(d("0.3"), &h, FinancialYear(2011)).is_some());
    }

    #[test]
    fn unnamed_keys_use_the_default_rate() {
        let mut inf = Inflation {
            default: d("0.025"),
            ..Default::default()
        };
        inf.rates.insert("energy".into(), d("0.06"));
        assert_eq!(inf.rate("energy"), d("0.06"));
        assert_eq!(inf.rate("water"), d("0.025"));
        assert_eq!(inf.gdp_deflator(), d("0.025"));
    }
}
