//! Appraisal: from totals per financial year to net cashable position,
//! real terms, discounting, NPV, BCR, payback and full-year effect (SPEC
//! sections 3 and 5).
//!
//! Discounting follows HM Treasury's Green Book (2022), Annex A6 table 8:
//! 3.5% a year for years 0–30 and 3.0% for years 31–75, applied to real
//! terms annual totals, year 0 being the horizon's first financial year.

use crate::calendar::{FinancialYear, Horizon};
use crate::flows::{ByClass, Class};
use crate::model::AppraisalSettings;
use crate::money::{powi, Decimal};
use crate::number::Number;

/// The Green Book discount factor of year `t` (0 = first FY): `1/1.035^t`
/// up to year 30, then `DF(30)/1.03^(t − 30)`. With a constant rate `d`:
/// `1/(1 + d)^t`.
///
/// ```
/// use savings::appraisal::discount_factor;
/// let df = |t| savings::money::round_places(discount_factor(t, None), 6).to_string();
/// assert_eq!(df(0), "1.000000");
/// assert_eq!(df(1), "0.966184");
/// assert_eq!(df(30), "0.356278");
/// assert_eq!(df(31), "0.345901");
/// ```
pub fn discount_factor(t: i32, constant_rate: Option<Decimal>) -> Decimal {
    discount_factor_with(t, constant_rate, &|r, n| {
        powi(Decimal::ONE + r, n).unwrap_or(Decimal::MAX)
    })
}

/// The discount factors of years `0..n`: [`discount_factor`] of each,
/// with the powers of `1 + rate` made once (by `powers`, so each is
/// bit for bit the power [`powi`] makes).
pub fn discount_factors(n: usize, constant_rate: Option<Decimal>) -> Vec<Decimal> {
    let rates = match constant_rate {
        Some(d) => vec![d],
        None => vec![Decimal::new(35, 3), Decimal::new(3, 2)],
    };
    let tables: Vec<(Decimal, Vec<Option<Decimal>>)> = rates
        .into_iter()
        .map(|r| (r, powers(Decimal::ONE + r, n.max(31))))
        .collect();
    let pow = |r: Decimal, k: i32| {
        tables
            .iter()
            .find(|(rate, _)| *rate == r)
            .and_then(|(_, table)| power(table, k))
            .unwrap_or(Decimal::MAX)
    };
    (0..n)
        .map(|t| discount_factor_with(t as i32, constant_rate, &pow))
        .collect()
}

/// [`discount_factor`] with `pow(r, n)` giving `(1 + r)^n`.
fn discount_factor_with(
    t: i32,
    constant_rate: Option<Decimal>,
    pow: &dyn Fn(Decimal, i32) -> Decimal,
) -> Decimal {
    let one = Decimal::ONE;
    // A power that underflows to 0 (a rate near −100% over many years)
    // gives the largest factor rather than a division by zero; a prepared
    // model never gets there (its discount factors are bounded).
    let div = |a: Decimal, b: Decimal| a.checked_div(b).unwrap_or(Decimal::MAX);
    match constant_rate {
        Some(d) => div(one, pow(d, t)),
        None => {
            let r1 = Decimal::new(35, 3);
            let r2 = Decimal::new(3, 2);
            if t <= 30 {
                div(one, pow(r1, t))
            } else {
                div(div(one, pow(r1, 30)), pow(r2, t - 30))
            }
        }
    }
}

/// One financial year of the projection, unrounded.
#[derive(Clone, Debug, PartialEq)]
pub struct YearRow {
    pub year: FinancialYear,
    pub classes: ByClass,
    pub net_cashable: Decimal,
    pub cumulative_net_cashable: Decimal,
    pub net_total: Decimal,
    pub real_net_total: Decimal,
    pub discount_factor: Decimal,
    pub present_value: Decimal,
}

impl YearRow {
    pub fn class(&self, c: Class) -> Decimal {
        self.classes[c as usize]
    }
}

/// The appraisal of one model run, unrounded.
#[derive(Clone, Debug, PartialEq)]
pub struct Appraisal {
    pub rows: Vec<YearRow>,
    /// Horizon totals of each class (nominal).
    pub totals: ByClass,
    pub net_cashable: Decimal,
    pub net_total: Decimal,
    pub npv: Decimal,
    /// PV(benefits) / PV(costs); `None` when PV(costs) is 0.
    pub bcr: Option<Decimal>,
    pub payback_years: Option<u32>,
    pub payback_year: Option<FinancialYear>,
    /// Cashable savings of the final FY, in real terms.
    pub full_year_effect: Decimal,
    /// Present value of each class over the horizon (real terms,
    /// discounted), capital receipts whether or not the NPV includes them.
    pub pv_classes: ByClass,
    /// PV(benefits), the numerator of the BCR.
    pub pv_benefits: Decimal,
}

impl Appraisal {
    pub fn total(&self, c: Class) -> Decimal {
        self.totals[c as usize]
    }

    /// Present value of class `c` over the horizon.
    pub fn pv_total(&self, c: Class) -> Decimal {
        self.pv_classes[c as usize]
    }

    /// PV(benefits): cashable, non-cashable, cost avoidance and, when
    /// included, capital receipts.
    pub fn pv_benefits(&self) -> Decimal {
        self.pv_benefits
    }
}

/// Appraises the class totals of each FY of the horizon (`years[i]` is FY
/// `horizon.start + i`). For amounts from a prepared model, which are in
/// range; past `Decimal`'s range (amounts no model can produce) it gives an
/// appraisal with no rows rather than a panic. A run calls
/// [`try_appraise`], which says so.
pub fn appraise(
    years: &[ByClass],
    horizon: &Horizon,
    price_base: FinancialYear,
    gdp_deflator: Decimal,
    settings: &AppraisalSettings,
) -> Appraisal {
    try_appraise(years, horizon, price_base, gdp_deflator, settings).unwrap_or(Appraisal {
        rows: Vec::new(),
        totals: [Decimal::ZERO; 6],
        net_cashable: Decimal::ZERO,
        net_total: Decimal::ZERO,
        npv: Decimal::ZERO,
        bcr: None,
        payback_years: None,
        payback_year: None,
        full_year_effect: Decimal::ZERO,
        pv_classes: [Decimal::ZERO; 6],
        pv_benefits: Decimal::ZERO,
    })
}

/// [`appraise`] with checked arithmetic: `None` when taking the amounts to
/// real terms or discounting them goes past `Decimal`'s range (a deflator
/// or discount rate far below 0 over many years, on large amounts).
pub fn try_appraise(
    years: &[ByClass],
    horizon: &Horizon,
    price_base: FinancialYear,
    gdp_deflator: Decimal,
    settings: &AppraisalSettings,
) -> Option<Appraisal> {
    appraise_in(
        years,
        horizon,
        price_base,
        gdp_deflator,
        settings,
        Detail::Full,
    )
}

/// [`try_appraise`] for a simulation's iteration, which keeps only the
/// years' classes and net cashable, the NPV and the payback: the present
/// values of each class, of the benefits and of the costs are left at 0
/// and the BCR at `None`. The figures it does give are [`try_appraise`]'s,
/// worked out the same way.
pub fn try_appraise_npv(
    years: &[ByClass],
    horizon: &Horizon,
    price_base: FinancialYear,
    gdp_deflator: Decimal,
    settings: &AppraisalSettings,
) -> Option<Appraisal> {
    appraise_in(
        years,
        horizon,
        price_base,
        gdp_deflator,
        settings,
        Detail::Npv,
    )
}

#[derive(Clone, Copy, PartialEq)]
enum Detail {
    Full,
    Npv,
}

/// The powers `base^0, base^1, …, base^n` as [`powi`] makes each one: by
/// multiplying from 1 in turn, so that `powers[k]` is bit for bit
/// `powi(base, k)`. `None` past `Decimal`'s range, as [`powi`].
fn powers(base: Decimal, n: usize) -> Vec<Option<Decimal>> {
    let mut out = Vec::with_capacity(n + 1);
    let mut acc = Some(Decimal::ONE);
    out.push(acc);
    for _ in 0..n {
        acc = acc.and_then(|a| a.checked_mul(base));
        out.push(acc);
    }
    out
}

/// `base^k` for a whole `k` of either sign from [`powers`]: [`powi`]'s
/// value, `1 / base^−k` below 0.
fn power(powers: &[Option<Decimal>], k: i32) -> Option<Decimal> {
    let p = (*powers.get(k.unsigned_abs() as usize)?)?;
    if k < 0 {
        Decimal::ONE.checked_div(p)
    } else {
        Some(p)
    }
}

/// Each year's deflator `(1 + g)^(y − P)` (real terms divide by it) and
/// discount factor, for the `n` years from the horizon's start.
pub fn year_factors(
    horizon: &Horizon,
    n: usize,
    price_base: FinancialYear,
    gdp_deflator: Decimal,
    discount_rate: Option<Decimal>,
) -> Vec<(Decimal, Decimal)> {
    // The deflator's powers for every year's distance from the price base.
    let (first, last) = (
        horizon.start.since(price_base),
        horizon.start.plus(n as i32).since(price_base),
    );
    let deflators = powers(
        Decimal::ONE + gdp_deflator,
        first.unsigned_abs().max(last.unsigned_abs()) as usize,
    );
    discount_factors(n, discount_rate)
        .into_iter()
        .enumerate()
        .map(|(i, df)| {
            let y = horizon.start.plus(i as i32);
            let deflator = power(&deflators, y.since(price_base)).unwrap_or(Decimal::ONE);
            (deflator, df)
        })
        .collect()
}

/// One year of the appraisal (SPEC 5), over either number type (a run's
/// exact decimals, a simulation's `f64` iterations): from the year's class
/// totals `c`, its deflator and discount factor.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Year<N> {
    /// cashable + one-off costs + financing costs.
    pub net_cashable: N,
    /// Every class but receipts, plus receipts when the model counts them.
    pub net_total: N,
    pub real_net_total: N,
    pub present_value: N,
}

pub fn year<N: Number>(c: &[N; 6], include_receipts: bool, deflator: N, df: N) -> Option<Year<N>> {
    use Class::*;
    let add = |a: N, b: N| a.checked_add(b);
    let c = |k: Class| c[k as usize];
    let net_cashable = add(add(c(Cashable), c(OneOffCost))?, c(FinancingCost))?;
    let receipts = if include_receipts {
        c(CapitalReceipt)
    } else {
        N::ZERO
    };
    let net_total = [NonCashable, CostAvoidance, OneOffCost, FinancingCost]
        .into_iter()
        .try_fold(c(Cashable), |acc, k| add(acc, c(k)))
        .and_then(|x| add(x, receipts))?;
    // real(y) = nominal(y) / (1 + g)^(y − P)
    let real_net_total = net_total.checked_div(deflator)?;
    let present_value = real_net_total.checked_mul(df)?;
    Some(Year {
        net_cashable,
        net_total,
        real_net_total,
        present_value,
    })
}

/// The payback rule (SPEC 5), fed each year's cumulative net cashable in
/// turn: the year (from 1) in which it is back at or above zero after
/// being negative; 0 when it never was negative; `None` while it has not
/// come back.
#[derive(Clone, Copy, Debug, Default)]
pub struct Payback {
    was_negative: bool,
    year: Option<u32>,
}

impl Payback {
    /// Year `i` (from 0) ends with this cumulative net cashable.
    pub fn see<N: Number>(&mut self, i: usize, cumulative: N) {
        if cumulative < N::ZERO {
            self.was_negative = true;
        } else if self.was_negative && self.year.is_none() {
            self.year = Some(i as u32 + 1);
        }
    }

    pub fn years(&self) -> Option<u32> {
        if self.was_negative {
            self.year
        } else {
            Some(0)
        }
    }
}

fn appraise_in(
    years: &[ByClass],
    horizon: &Horizon,
    price_base: FinancialYear,
    gdp_deflator: Decimal,
    settings: &AppraisalSettings,
    detail: Detail,
) -> Option<Appraisal> {
    use Class::*;
    let full = detail == Detail::Full;
    let add = |a: Decimal, b: Decimal| a.checked_add(b);
    let include_receipts = settings.include_capital_receipts;
    let mut rows = Vec::with_capacity(years.len());
    let mut cumulative = Decimal::ZERO;
    let mut totals = [Decimal::ZERO; 6];
    let mut pv_classes = [Decimal::ZERO; 6];
    let (mut pv_benefits, mut pv_costs, mut npv) = (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
    let mut payback = Payback::default();
    let mut full_year_effect = Decimal::ZERO;

    let factors = year_factors(
        horizon,
        years.len(),
        price_base,
        gdp_deflator,
        settings.discount_rate,
    );
    for (i, (classes, (deflator, df))) in years.iter().zip(factors).enumerate() {
        let c = |k: Class| classes[k as usize];
        for k in Class::ALL {
            totals[k as usize] = add(totals[k as usize], c(k))?;
        }
        let y = year(classes, include_receipts, deflator, df)?;
        cumulative = add(cumulative, y.net_cashable)?;
        npv = add(npv, y.present_value)?;
        let real = |x: Decimal| x.checked_div(deflator);
        if full {
            let receipts = if include_receipts {
                c(CapitalReceipt)
            } else {
                Decimal::ZERO
            };
            let benefits = [NonCashable, CostAvoidance]
                .into_iter()
                .try_fold(c(Cashable), |acc, k| add(acc, c(k)))
                .and_then(|x| add(x, receipts))?;
            let costs = -add(c(OneOffCost), c(FinancingCost))?;
            pv_benefits = add(pv_benefits, real(benefits)?.checked_mul(df)?)?;
            pv_costs = add(pv_costs, real(costs)?.checked_mul(df)?)?;
            for k in Class::ALL {
                pv_classes[k as usize] = add(pv_classes[k as usize], real(c(k))?.checked_mul(df)?)?;
            }
            full_year_effect = real(c(Cashable))?;
        }
        payback.see(i, cumulative);
        rows.push(YearRow {
            year: horizon.start.plus(i as i32),
            classes: *classes,
            net_cashable: y.net_cashable,
            cumulative_net_cashable: cumulative,
            net_total: y.net_total,
            real_net_total: y.real_net_total,
            discount_factor: df,
            present_value: y.present_value,
        });
    }
    let payback_years = payback.years();
    let bcr = if pv_costs.is_zero() || !full {
        None
    } else {
        Some(pv_benefits.checked_div(pv_costs)?)
    };
    Some(Appraisal {
        net_cashable: add(
            add(totals[Cashable as usize], totals[OneOffCost as usize])?,
            totals[FinancingCost as usize],
        )?,
        net_total: rows
            .iter()
            .try_fold(Decimal::ZERO, |acc, r| add(acc, r.net_total))?,
        rows,
        totals,
        npv,
        bcr,
        payback_years,
        payback_year: payback_years.map(|p| horizon.start.plus(p.max(1) as i32 - 1)),
        full_year_effect,
        pv_classes,
        pv_benefits,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn year(cashable: &str, one_off: &str, receipt: &str) -> ByClass {
        let mut c = [Decimal::ZERO; 6];
        c[Class::Cashable as usize] = d(cashable);
        c[Class::OneOffCost as usize] = d(one_off);
        c[Class::CapitalReceipt as usize] = d(receipt);
        c
    }

    fn h(start: i32, years: u32) -> Horizon {
        Horizon {
            start: FinancialYear(start),
            years,
        }
    }

    #[test]
    fn green_book_schedule_steps_down_after_thirty_years() {
        // Table-driven, as rust_decimal's rounding tests are.
        let cases = [
            (0, "1.000000"),
            (1, "0.966184"),
            (2, "0.933511"),
            (30, "0.356278"),
            (31, "0.345901"),
            (59, "0.151185"),
            (75, "0.094214"),
        ];
        for (t, want) in cases {
            let got = crate::money::round_places(discount_factor(t, None), 6);
            assert_eq!(got.to_string(), want, "year {t}");
        }
        // A constant rate replaces the schedule: 1/1.05^2 = 0.907029…
        let c = discount_factor(2, Some(d("0.05")));
        assert_eq!(crate::money::round_places(c, 6).to_string(), "0.907029");
    }

    #[test]
    fn invest_then_save_pays_back_in_the_year_the_cumulative_turns() {
        // Year 1: −100 one-off + 40 cashable = −60; year 2: +40 → −20;
        // year 3: +40 → +20: payback in year 3 (2014/15).
        let years = [
            year("40", "-100", "0"),
            year("40", "0", "0"),
            year("40", "0", "0"),
        ];
        let a = appraise(
            &years,
            &h(2012, 3),
            FinancialYear(2012),
            d("0"),
            &AppraisalSettings::default(),
        );
        assert_eq!(a.payback_years, Some(3));
        assert_eq!(a.payback_year, Some(FinancialYear(2014)));
        assert_eq!(a.rows[1].cumulative_net_cashable, d("-20"));
        assert_eq!(a.net_cashable, d("20"));
    }

    #[test]
    fn never_negative_is_payback_zero_and_never_recovering_is_null() {
        let years = [year("10", "0", "0"), year("10", "0", "0")];
        let a = appraise(
            &years,
            &h(2012, 2),
            FinancialYear(2012),
            d("0"),
            &AppraisalSettings::default(),
        );
        assert_eq!(
            (a.payback_years, a.payback_year),
            (Some(0), Some(FinancialYear(2012)))
        );
        let years = [year("10", "-100", "0"), year("10", "0", "0")];
        let a = appraise(
            &years,
            &h(2012, 2),
            FinancialYear(2012),
            d("0"),
            &AppraisalSettings::default(),
        );
        assert_eq!((a.payback_years, a.payback_year), (None, None));
    }

    #[test]
    fn the_first_recovery_counts_even_if_it_dips_again() {
        let years = [
            year("10", "-20", "0"), // −10
            year("20", "0", "0"),   // +10: recovered in year 2
            year("0", "-30", "0"),  // −20
        ];
        let a = appraise(
            &years,
            &h(2012, 3),
            FinancialYear(2012),
            d("0"),
            &AppraisalSettings::default(),
        );
        assert_eq!(a.payback_years, Some(2));
    }

    #[test]
    fn npv_discounts_real_terms_totals() {
        // Price base 2011/12, deflator 2%, constant discount 3.5%.
        // 2012/13 (t = 0): 102 nominal → 102/1.02 = 100 real, DF 1 → 100.
        // 2013/14 (t = 1): 104.04 → 104.04/1.0404 = 100, DF 1/1.035.
        // NPV = 100 + 96.6183574879… = 196.6183574879…
        let years = [year("102", "0", "0"), year("104.04", "0", "0")];
        let settings = AppraisalSettings {
            discount_rate: Some(d("0.035")),
            ..Default::default()
        };
        let a = appraise(
            &years,
            &h(2012, 2),
            FinancialYear(2011),
            d("0.02"),
            &settings,
        );
        assert_eq!(a.rows[0].real_net_total, d("100"));
        assert_eq!(a.npv.round_dp(6), d("196.618357"));
        // No costs: BCR is null. Full-year effect: 100 real.
        assert_eq!(a.bcr, None);
        assert_eq!(a.full_year_effect, d("100"));
    }

    #[test]
    fn bcr_is_discounted_benefits_over_discounted_costs() {
        // t0: cost 100, benefit 30; t1: benefit 103.5 (PV 100).
        // BCR = (30 + 100) / 100 = 1.3.
        let years = [year("30", "-100", "0"), year("103.5", "0", "0")];
        let settings = AppraisalSettings {
            discount_rate: Some(d("0.035")),
            ..Default::default()
        };
        let a = appraise(&years, &h(2012, 2), FinancialYear(2012), d("0"), &settings);
        assert_eq!(a.bcr.map(|b| b.round_dp(10)), Some(d("1.3")));
    }

    #[test]
    fn capital_receipts_can_be_left_out_of_net_total() {
        let years = [year("10", "0", "500")];
        let mut settings = AppraisalSettings::default();
        let a = appraise(&years, &h(2012, 1), FinancialYear(2012), d("0"), &settings);
        assert_eq!(a.rows[0].net_total, d("510"));
        settings.include_capital_receipts = false;
        let a = appraise(&years, &h(2012, 1), FinancialYear(2012), d("0"), &settings);
        assert_eq!(a.rows[0].net_total, d("10"));
        // Receipts are never cashable.
        assert_eq!(a.rows[0].net_cashable, d("10"));
        assert_eq!(a.total(Class::CapitalReceipt), d("500"));
    }

    #[test]
    fn a_power_from_the_table_is_powi_bit_for_bit() {
        for base in ["1.025", "0.97", "1.035", "1.1234567"] {
            let table = powers(d(base), 40);
            for k in -40..=40 {
                let (a, b) = (power(&table, k), powi(d(base), k));
                assert_eq!(
                    a.map(|x| x.serialize()),
                    b.map(|x| x.serialize()),
                    "{base}^{k}"
                );
            }
        }
    }

    #[test]
    fn the_simulation_appraisal_gives_the_full_appraisal_npv_and_years() {
        // A price base two years after the horizon starts: deflators below
        // and above it, and a payback in the third year.
        let years = [
            year("0", "-1000", "0"),
            year("300", "0", "0"),
            year("800", "0", "250"),
            year("900", "-50", "0"),
        ];
        let settings = AppraisalSettings::default();
        let (h, p, g) = (h(2012, 4), FinancialYear(2014), d("0.027"));
        let full = try_appraise(&years, &h, p, g, &settings).expect("in range");
        let npv = try_appraise_npv(&years, &h, p, g, &settings).expect("in range");
        assert_eq!(npv.npv, full.npv);
        assert_eq!(npv.rows, full.rows);
        assert_eq!(npv.payback_years, Some(3));
        assert_eq!(npv.payback_years, full.payback_years);
        assert_eq!(npv.bcr, None);
        assert!(full.bcr.is_some());
    }

    #[test]
    fn discount_factors_are_each_years_discount_factor_bit_for_bit() {
        for rate in [None, Some(d("0.035")), Some(d("0.06")), Some(d("-0.02"))] {
            let dfs = discount_factors(76, rate);
            for (t, df) in dfs.iter().enumerate() {
                let one = discount_factor(t as i32, rate);
                assert_eq!(df.serialize(), one.serialize(), "{rate:?} year {t}");
            }
        }
    }
}
