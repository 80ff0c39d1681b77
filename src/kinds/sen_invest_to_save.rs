//! `sen_invest_to_save`: build provision in the borough so that children
//! with special educational needs need not be placed in costly independent
//! schools (SPEC section 7.4) — Bromley's autism-specific secondary
//! provision, meant to meet ten years of rising demand.
//!
//! Demand for the eligible placements grows year by year. The unit opens
//! with some places and fills year by year; families keep the right to
//! choose, so only a share take a place in the borough. Each diverted
//! placement costs the in-borough rate instead of the independent one, the
//! unit has fixed running costs, and the capital is paid up front or
//! borrowed. The saving is cashable as far as it brings spending below
//! today's budget, and cost avoidance beyond that (growth that never
//! happens).

use super::{cut_warning, key_problem, spread, BaselineChart, BaselineRow, Context, Sources};
use crate::baseline::{text_key, Baseline, Placement, ProviderType, Sheet};
use crate::calendar::Month;
use crate::error::{Error, Problem};
use crate::flows::{Class, Flows, Sink, Why, YearTotals};
use crate::model::params::SetValue;
use crate::model::reader::Table;
use crate::money::Decimal;
use crate::number::Number;
use crate::workbook::normalise;
use chrono::NaiveDate;
use polars::prelude::*;
use std::path::Path;

/// The `sen_invest_to_save` kind.
pub struct SenInvestToSave;

impl super::ModelKind for SenInvestToSave {
    type Params = Params;
    type Plan = Plan;
    const NAME: &'static str = "sen_invest_to_save";
    const NEEDS_META: bool = true;
    const TEMPLATE: &'static str = include_str!("../scaffold/models/sen_invest_to_save.toml");

    fn read(t: &mut Table) -> Option<Params> {
        read(t)
    }

    fn sheet(_: &Params) -> Sheet {
        Sheet::Placements
    }

    fn sheet_purpose(_: &Params) -> &'static str {
        "for the placements"
    }

    fn prepare(params: &Params, sources: &Sources, model_file: &Path) -> Result<Plan, Error> {
        prepare_remembered(params, sources, model_file)
    }

    fn project(plan: &Plan, ctx: &Context, flows: &mut Flows, warnings: &mut Vec<String>) {
        project(plan, ctx, flows, warnings)
    }

    fn vary(plan: &mut Plan, path: &[String], value: SetValue) -> bool {
        vary(plan, path, value).is_some()
    }

    fn project_f64(plan: &Plan, ctx: &Context, totals: &mut YearTotals<f64>) -> bool {
        project_in(plan, ctx, totals, &mut Vec::new());
        true
    }

    fn defaults() -> Vec<(String, String)> {
        defaults()
    }

    fn baseline_figures(plan: &Plan) -> Vec<(String, String, String)> {
        baseline_figures(plan)
    }

    fn baseline_chart(plan: &Plan) -> BaselineChart {
        let short = crate::money::short;
        let independent = plan
            .by_provider
            .iter()
            .find(|(t, _, _)| *t == ProviderType::Independent)
            .filter(|(_, n, _)| *n > 0)
            .map(|(_, n, c)| *c / Decimal::from(*n));
        BaselineChart {
            title: match independent {
                Some(avg) => format!(
                    "An independent placement costs {} a year on average",
                    short(avg)
                ),
                None => "Average cost of a placement by provider type".into(),
            },
            what: "Average annual fee and transport per placement by provider type \
                   (number of placements)"
                .into(),
            categories: plan
                .by_provider
                .iter()
                .map(|(t, n, _)| format!("{} ({n})", super::label(t.name())))
                .collect(),
            series: vec![(
                "Average cost".into(),
                plan.by_provider
                    .iter()
                    .map(|(_, n, c)| {
                        if *n == 0 {
                            Decimal::ZERO
                        } else {
                            *c / Decimal::from(*n)
                        }
                    })
                    .collect(),
            )],
            additive: false,
        }
    }

    fn check_range(p: &Plan, ctx: &Context) -> std::result::Result<(), String> {
        use super::range::{fits, growth_max, index_max, mul, sum};
        let beyond = super::range::beyond();
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
            return Err(format!(
                "demand_growth: a rate of {g} over {years} years grows the cost of the \
                 {} eligible placements {beyond}; check the rate",
                p.n0
            ));
        }
        if let Some(f) = &params.financing {
            let k = mul(params.capital, ctx.bias_factor());
            let annuity = k.and_then(|k| annuity(k, f.rate, f.years));
            if !fits(annuity.map(|a| a.abs())) {
                return Err(format!(
                    "capital_financing.rate: a rate of {} over {} years takes the \
                     repayments {beyond}; check the rate",
                    f.rate, f.years
                ));
            }
        }
        Ok(())
    }

    /// The placements budget the unit draws on: one row per need and
    /// provider type the model selects.
    fn baseline_rows(plan: &Plan) -> Vec<BaselineRow> {
        let mut rows = Vec::new();
        for need in &plan.params.need {
            for t in &plan.params.provider_types {
                rows.push(BaselineRow {
                    sheet: Sheet::Placements,
                    key: text_key(need),
                    category: Some(t.name().to_string()),
                });
            }
        }
        rows
    }
}

/// Borrowing for the capital instead of paying up front.
#[derive(Clone, Debug, PartialEq)]
pub struct Financing {
    pub rate: Decimal,
    pub years: u32,
}

/// The kind's parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct Params {
    pub need: Vec<String>,
    /// Inclusive range of national curriculum years.
    pub ncy: (i32, i32),
    pub provider_types: Vec<ProviderType>,
    pub opens_on: NaiveDate,
    /// Places in each academic year since opening; the last carries on.
    pub capacity: Vec<Decimal>,
    pub take_up: Decimal,
    pub demand_growth: Decimal,
    pub cost_per_place: Decimal,
    pub transport_per_place: Decimal,
    pub fixed_annual: Decimal,
    pub capital: Decimal,
    pub capital_date: Option<NaiveDate>,
    pub financing: Option<Financing>,
    /// Model-file line of `need`, for the no-eligible-rows error.
    pub need_line: usize,
}

/// The optional keys that default to 0, read by [`read`] and written to
/// the assumptions log.
pub const DEFAULTS: [&str; 4] = [
    "demand_growth",
    "transport_per_place",
    "fixed_annual",
    "capital",
];

pub fn read(t: &mut Table) -> Option<Params> {
    let need_v = t.required("need");
    let need_line = need_v.as_ref().map(|v| v.line()).unwrap_or(1);
    let need = need_v.and_then(|v| {
        let n = v.string_list()?;
        if n.is_empty() {
            v.problem("needs at least one need, e.g. [\"ASD\"]");
            return None;
        }
        Some(n)
    });
    let ncy = t.required("ncy").and_then(|v| {
        let items = v.list()?;
        if items.len() != 2 {
            v.problem(format!(
                "must be two year groups [from, to], found {} values",
                items.len()
            ));
            return None;
        }
        let from = items[0].integer(-1, 14)?;
        let to = items[1].integer(-1, 14)?;
        if from > to {
            v.problem(format!(
                "[{from}, {to}]: the first year group must not be after the second"
            ));
            return None;
        }
        Some((from as i32, to as i32))
    });
    let provider_types = t.required("provider_types").and_then(|v| {
        let names = v.string_list()?;
        let mut types = Vec::new();
        for n in &names {
            match ProviderType::parse(&normalise(n)) {
                Some(p) => types.push(p),
                None => {
                    v.problem(format!(
                        "\"{n}\" is not a provider type; expected one of: {}",
                        ProviderType::list()
                    ));
                    return None;
                }
            }
        }
        if types.is_empty() {
            v.problem("needs at least one provider type, e.g. [\"independent\"]");
            return None;
        }
        Some(types)
    });
    let opens_on = t.required("opens_on").and_then(|v| v.event_date());
    let capacity = t.required("capacity").and_then(|v| {
        let c = v.number_list(|x| x.non_negative())?;
        if c.is_empty() {
            v.problem("needs at least one value: the places in the first academic year, e.g. [10, 20, 30]");
            return None;
        }
        if c.iter().any(|x| *x > crate::money::MONEY_LIMIT) {
            v.problem("places must be at most 1000000000000");
            return None;
        }
        Some(c)
    });
    let take_up = t.required("take_up").and_then(|v| v.share());
    let opt = |t: &mut Table,
               key: &str,
               check: fn(&crate::model::reader::Value) -> Option<Decimal>|
     -> Option<Decimal> {
        match t.get(key) {
            None => Some(Decimal::ZERO),
            Some(v) => check(&v),
        }
    };
    let demand_growth = opt(t, "demand_growth", |v| v.rate());
    let cost_per_place = t.required("cost_per_place").and_then(|v| v.money());
    let transport_per_place = opt(t, "transport_per_place", |v| v.money());
    let fixed_annual = opt(t, "fixed_annual", |v| v.money());
    let capital_v = t.get("capital");
    let capital = match &capital_v {
        None => Some(Decimal::ZERO),
        Some(v) => v.money(),
    };
    let capital_date = match t.get("capital_date") {
        Some(v) => v.date().map(Some),
        None => {
            if capital.is_some_and(|c| c > Decimal::ZERO) {
                if let Some(v) = &capital_v {
                    v.problem("needs capital_date: when the capital is spent");
                }
                None
            } else {
                Some(None)
            }
        }
    };
    let financing = match t.get("capital_financing") {
        None => Some(None),
        Some(v) => v.table().and_then(|mut f| {
            let rate = f.required("rate").and_then(|r| r.rate());
            let years = f.required("years").and_then(|y| y.integer(1, 100));
            f.finish();
            Some(Some(Financing {
                rate: rate?,
                years: years? as u32,
            }))
        }),
    };
    Some(Params {
        need: need?,
        ncy: ncy?,
        provider_types: provider_types?,
        opens_on: opens_on?,
        capacity: capacity?,
        take_up: take_up?,
        demand_growth: demand_growth?,
        cost_per_place: cost_per_place?,
        transport_per_place: transport_per_place?,
        fixed_annual: fixed_annual?,
        capital: capital?,
        capital_date: capital_date?,
        financing: financing?,
        need_line,
    })
}

/// The eligible placements, counted and costed in polars: `N0` and the
/// average annual cost `c0 = (Σ fee + Σ transport) / N0`.
/// For each wanted need that no row of the sheet has: the nearest needs
/// that are there, and the list of needs on the sheet.
fn unknown_needs(wanted: &[String], rows: &[Placement]) -> String {
    let mut on_sheet: Vec<&str> = rows.iter().map(|r| r.need.trim()).collect();
    on_sheet.sort_by_key(|n| n.to_lowercase());
    on_sheet.dedup_by_key(|n| text_key(n));
    let candidates: Vec<(&str, &str)> = on_sheet.iter().map(|n| (*n, *n)).collect();
    let mut out = String::new();
    for need in wanted {
        if on_sheet.iter().any(|n| text_key(n) == text_key(need)) {
            continue;
        }
        let near = crate::suggest::nearest(need, &candidates, 3);
        out.push_str(&format!(
            ". No row has need \"{need}\"{} (needs there: {})",
            crate::suggest::did_you_mean(&near),
            on_sheet.join(", ")
        ));
    }
    out
}

pub fn eligible(p: &Params, rows: &[Placement]) -> PolarsResult<(Decimal, Decimal)> {
    eligible_in(p, rows, Baseline::placements_frame(rows)?)
}

/// [`eligible`] in a frame of `rows` already made.
fn eligible_in(
    p: &Params,
    rows: &[Placement],
    frame: DataFrame,
) -> PolarsResult<(Decimal, Decimal)> {
    let mut frame = frame;
    let keys: Vec<String> = rows.iter().map(|r| text_key(&r.need)).collect();
    frame.with_column(Column::new("need_key".into(), keys))?;
    let any_of = |column: &str, values: Vec<String>| {
        values
            .into_iter()
            .map(|v| col(column).eq(lit(v)))
            .reduce(|a, b| a.or(b))
            .unwrap_or(lit(false))
    };
    let needs = any_of("need_key", p.need.iter().map(|n| text_key(n)).collect());
    let types = any_of(
        "provider_type",
        p.provider_types
            .iter()
            .map(|t| t.name().to_string())
            .collect(),
    );
    let sums = frame
        .lazy()
        .filter(
            needs
                .and(types)
                .and(col("ncy").gt_eq(lit(p.ncy.0)))
                .and(col("ncy").lt_eq(lit(p.ncy.1))),
        )
        .select([
            len().alias("n"),
            col("annual_fee").sum().alias("fees"),
            col("annual_transport").sum().alias("transport"),
        ])
        .collect()?;
    let n = sums.column("n")?.get(0)?.extract::<u64>().unwrap_or(0);
    let fees = crate::baseline::money_value(sums.column("fees")?.get(0)?).unwrap_or_default();
    let transport =
        crate::baseline::money_value(sums.column("transport")?.get(0)?).unwrap_or_default();
    let n0 = Decimal::from(n);
    let c0 = if n == 0 {
        Decimal::ZERO
    } else {
        (fees + transport) / n0
    };
    Ok((n0, c0))
}

/// Placements by provider type: count and total annual cost, summed in
/// polars, in the order of [`ProviderType::ALL`] (types with none left out).
pub fn by_provider(rows: &[Placement]) -> PolarsResult<Vec<(ProviderType, u32, Decimal)>> {
    by_provider_in(Baseline::placements_frame(rows)?)
}

/// [`by_provider`] in a frame of the placements already made.
fn by_provider_in(frame: DataFrame) -> PolarsResult<Vec<(ProviderType, u32, Decimal)>> {
    let sums = frame
        .lazy()
        .group_by([col("provider_type")])
        .agg([
            len().alias("n"),
            (col("annual_fee") + col("annual_transport"))
                .sum()
                .alias("cost"),
        ])
        .collect()?;
    let types = sums.column("provider_type")?.str()?;
    let n = sums.column("n")?;
    let cost = sums.column("cost")?;
    let mut out = Vec::new();
    for i in 0..sums.height() {
        let Some(t) = types.get(i).and_then(ProviderType::parse) else {
            continue;
        };
        let count = n.get(i)?.extract::<u32>().unwrap_or(0);
        let total = crate::baseline::money_value(cost.get(i)?).unwrap_or_default();
        out.push((t, count, total));
    }
    out.sort_by_key(|(t, _, _)| *t);
    Ok(out)
}

/// The parameters with the eligible cohort.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    pub params: Params,
    pub n0: Decimal,
    pub c0: Decimal,
    pub opens: Month,
    /// Every placement on the sheet by provider type: count and total
    /// annual cost (fee and transport), for the baseline chart.
    pub by_provider: Vec<(ProviderType, u32, Decimal)>,
}

pub fn prepare(p: &Params, rows: &[Placement], model_file: &Path) -> Result<Plan, Error> {
    prepare_from(p, rows, model_file, cohort(p, rows)?)
}

/// The eligible cohort (N0 and c0) and every placement by provider type:
/// the polars reductions of the Placements sheet a plan needs.
type Cohort = (Decimal, Decimal, Vec<(ProviderType, u32, Decimal)>);

fn cohort(p: &Params, rows: &[Placement]) -> Result<Cohort, Error> {
    // One frame for both sums (a frame's clone shares its columns).
    let frame = Baseline::placements_frame(rows)?;
    let (n0, c0) = eligible_in(p, rows, frame.clone())?;
    Ok((n0, c0, by_provider_in(frame)?))
}

/// [`prepare`] with the cohort remembered across a simulation's runs: it
/// depends on the need, NCY and provider types only.
fn prepare_remembered(p: &Params, sources: &Sources, model_file: &Path) -> Result<Plan, Error> {
    let rows = sources.baseline.placements.as_deref().unwrap_or_default();
    let cohort = sources.remember(
        || format!("sen cohort {:?} {:?} {:?}", p.need, p.ncy, p.provider_types),
        || cohort(p, rows),
    )?;
    prepare_from(p, rows, model_file, cohort)
}

fn prepare_from(
    p: &Params,
    rows: &[Placement],
    model_file: &Path,
    (n0, c0, by_provider): Cohort,
) -> Result<Plan, Error> {
    if n0.is_zero() {
        let problem: Problem = key_problem(
            model_file,
            p.need_line,
            "need",
            format!(
                "no placement in the Placements sheet has need {:?}, NCY {} to {} and provider type {}; check the filters{}",
                p.need,
                p.ncy.0,
                p.ncy.1,
                p.provider_types.iter().map(|t| t.name()).collect::<Vec<_>>().join(" or "),
                unknown_needs(&p.need, rows)
            ),
        );
        return Err(Error::input(problem));
    }
    Ok(Plan {
        params: p.clone(),
        n0,
        c0,
        opens: Month::effective(p.opens_on),
        by_provider,
    })
}

/// Sets the parameter at `path` to `value` on the plan, as reading the
/// model with that `--set` and preparing would (see
/// [`super::ModelKind::vary`]): the amounts, rates and places, the opening
/// date and the capital's date and rate. `None` for any other parameter.
/// The simulation has run each range's ends through the reader and its
/// checks, and each of these parameters' checks is an interval, so a value
/// between the ends passes them too.
pub fn vary(plan: &mut Plan, path: &[String], value: SetValue) -> Option<()> {
    let number = || match value {
        SetValue::Number(d) => Some(d),
        SetValue::Date(_) => None,
    };
    let date = || match value {
        SetValue::Date(d) => Some(d),
        SetValue::Number(_) => None,
    };
    let p = &mut plan.params;
    let path: Vec<&str> = path.iter().map(String::as_str).collect();
    match path.as_slice() {
        ["take_up"] => p.take_up = number()?,
        ["demand_growth"] => p.demand_growth = number()?,
        ["cost_per_place"] => p.cost_per_place = number()?,
        ["transport_per_place"] => p.transport_per_place = number()?,
        ["fixed_annual"] => p.fixed_annual = number()?,
        ["capital"] => p.capital = number()?,
        ["capacity", n] => {
            let i = n.parse::<usize>().ok()?.checked_sub(1)?;
            *p.capacity.get_mut(i)? = number()?;
        }
        ["capital_financing", "rate"] => p.financing.as_mut()?.rate = number()?,
        ["opens_on"] => {
            p.opens_on = date()?;
            plan.opens = Month::effective(p.opens_on);
        }
        ["capital_date"] => p.capital_date = Some(date()?),
        _ => return None,
    }
    Some(())
}

/// Values the kind uses when the model file leaves them out (SPEC 7.4).
pub fn defaults() -> Vec<(String, String)> {
    DEFAULTS
        .iter()
        .map(|k| (k.to_string(), "0".to_string()))
        .collect()
}

/// The baseline figures the plan took from the workbook.
pub fn baseline_figures(plan: &Plan) -> Vec<(String, String, String)> {
    vec![
        (
            "eligible placements N0".into(),
            plan.n0.to_string(),
            "Placements sheet, rows matching need, ncy and provider_types".into(),
        ),
        (
            "average annual cost c0 (fee and transport)".into(),
            crate::money::pennies(plan.c0),
            "Placements sheet, the eligible rows".into(),
        ),
        (
            "unit open from".into(),
            plan.opens.to_string(),
            "effective-date rule".into(),
        ),
    ]
}

/// The plan's amounts and rates in the number type a projection runs in:
/// `Decimal` for a run, `f64` for a simulation's iterations (converted once
/// per iteration, see [`crate::number`]).
#[derive(Clone, Debug)]
pub struct Amounts<N> {
    pub n0: N,
    pub c0: N,
    pub take_up: N,
    pub demand_growth: N,
    pub cost_per_place: N,
    pub transport_per_place: N,
    pub fixed_annual: N,
    pub capacity: Vec<N>,
}

impl<N: Number> Amounts<N> {
    pub fn of(plan: &Plan) -> Amounts<N> {
        let p = &plan.params;
        Amounts {
            n0: N::of(plan.n0),
            c0: N::of(plan.c0),
            take_up: N::of(p.take_up),
            demand_growth: N::of(p.demand_growth),
            cost_per_place: N::of(p.cost_per_place),
            transport_per_place: N::of(p.transport_per_place),
            fixed_annual: N::of(p.fixed_annual),
            capacity: p.capacity.iter().map(|c| N::of(*c)).collect(),
        }
    }
}

/// One month's figures, annual amounts at that month's prices (the flows
/// are these divided by 12).
#[derive(Clone, Debug, PartialEq)]
pub struct MonthFigures<N = Decimal> {
    /// Demand `N(m)`.
    pub demand: N,
    /// Diverted places `D(m)`.
    pub diverted: N,
    pub do_nothing: N,
    pub scenario: N,
    pub budget: N,
    pub cashable: N,
    pub cost_avoidance: N,
}

/// SPEC 7.4 for month `m`: demand, diverted places, the do-nothing and
/// scenario costs and the split of the saving. `index` is
/// `I_placements(FY(m))`, `price_base_year` the first calendar year of `P`.
pub fn month_figures(plan: &Plan, m: Month, index: Decimal, price_base_year: i32) -> MonthFigures {
    month_figures_in(&Amounts::of(plan), plan.opens, m, index, price_base_year)
}

/// [`month_figures`] over either number type; `opens` is the unit's first
/// month.
pub fn month_figures_in<N: Number>(
    p: &Amounts<N>,
    opens: Month,
    m: Month,
    index: N,
    price_base_year: i32,
) -> MonthFigures<N> {
    let a = m.academic_year().first_year() - price_base_year;
    let demand = p.n0 * (N::ONE + p.demand_growth).powi(a).unwrap_or(N::ONE);
    let open = m >= opens;
    let diverted = if open {
        let j =
            (m.academic_year().first_year() - opens.academic_year().first_year()).max(0) as usize;
        let cap = p.capacity[j.min(p.capacity.len() - 1)];
        cap.min_of(p.take_up * demand)
    } else {
        N::ZERO
    };
    let ind = p.c0 * index;
    let inb = (p.cost_per_place + p.transport_per_place) * index;
    let fix = if open {
        p.fixed_annual * index
    } else {
        N::ZERO
    };
    let do_nothing = demand * ind;
    let scenario = (demand - diverted) * ind + diverted * inb + fix;
    let saving = do_nothing - scenario;
    let budget = p.n0 * ind;
    let (cashable, cost_avoidance) = if saving < N::ZERO {
        (saving, N::ZERO)
    } else {
        let c = (budget - scenario).max_of(N::ZERO).min_of(saving);
        (c, saving - c)
    };
    MonthFigures {
        demand,
        diverted,
        do_nothing,
        scenario,
        budget,
        cashable,
        cost_avoidance,
    }
}

/// The annuity that repays `k` over `years` at `rate`: `k × r / (1 − (1 +
/// r)^−n)`, or `k / n` at a rate of 0. `None` when it is past `Decimal`'s
/// range (a rate near −100% over many years); prepare refuses such a
/// model, naming the rate.
pub fn annuity<N: Number>(k: N, rate: N, years: u32) -> Option<N> {
    let n = N::of_int(years.max(1) as i64);
    if rate.is_zero() {
        return k.checked_div(n);
    }
    let discount = match (N::ONE + rate).powi(-(years as i32)) {
        Some(d) => d,
        // (1 + r)^n past Decimal's range for r > 0: (1 + r)^−n is 0 to
        // 28 places.
        None if rate > N::ZERO => N::ZERO,
        None => return None,
    };
    let denominator = N::ONE - discount;
    if denominator.is_zero() {
        // A rate too small for 28 digits to tell from 0.
        return k.checked_div(n);
    }
    k.checked_mul(rate)?.checked_div(denominator)
}

pub fn project(plan: &Plan, ctx: &Context, flows: &mut Flows, warnings: &mut Vec<String>) {
    project_in(plan, ctx, flows, warnings)
}

/// [`project`] into either sink, in its number type.
fn project_in<S: Sink>(plan: &Plan, ctx: &Context, flows: &mut S, warnings: &mut Vec<String>) {
    let amounts = Amounts::<S::N>::of(plan);
    let twelve = S::N::of_int(12);
    let line = flows.line("placements diverted");
    let cashable = flows.slot(line, Class::Cashable);
    let avoided = flows.slot(line, Class::CostAvoidance);
    let index = ctx.series("placements");
    let p_year = ctx.price_base.first_year();
    // A month's figures depend on its academic year, its FY and whether
    // the unit is open, so the months until the next September, April or
    // opening are one run: worked out once, added month by month.
    let mut m = ctx.horizon.first_month();
    let end = ctx.horizon.end_month();
    while m < end {
        let next_september = Month::new(m.academic_year().first_year() + 1, 9);
        let next_april = m.financial_year().first_month().plus(12);
        let mut until = next_september.min(next_april).min(end);
        if m < plan.opens {
            until = until.min(plan.opens);
        }
        let i = index.at_in::<S::N>(m.financial_year());
        let f = month_figures_in(&amounts, plan.opens, m, i, p_year);
        let (cashable_month, avoided_month) = (f.cashable / twelve, f.cost_avoidance / twelve);
        let why = |part: &str| {
            Why::new(
                format!(
                    "the {} eligible placements of the Placements sheet, average annual \
                     cost c0 {} (fee and transport)",
                    plan.n0,
                    crate::money::pounds_and_pence(plan.c0)
                ),
                format!(
                    "{part} ÷ 12: saving = do-nothing − scenario; cashable = min(saving, \
                     max(0, budget − scenario)), cost avoidance the rest (annual amounts \
                     at {} prices)",
                    m.financial_year()
                ),
            )
            .input("demand N(m)", f.demand.decimal())
            .input("diverted places D(m)", f.diverted.decimal())
            .money("do-nothing cost", f.do_nothing.decimal())
            .money("scenario cost", f.scenario.decimal())
            .money("budget N0 × c0 × index", f.budget.decimal())
            .input(
                format!("placements index {}", m.financial_year()),
                i.decimal(),
            )
        };
        flows.add_run(
            m,
            until.since(m) as u32,
            &[(cashable, cashable_month), (avoided, avoided_month)],
            |k| why(["cashable", "cost avoidance"][k]),
        );
        m = until;
    }
    let p = &plan.params;
    let Some(date) = p.capital_date else {
        return;
    };
    if p.capital.is_zero() {
        return;
    }
    let k = S::N::of(p.capital) * S::N::of(ctx.bias_factor());
    let first = Month::effective(date);
    match &p.financing {
        None => {
            let line = flows.line("capital");
            if ctx.horizon.contains(first) {
                flows.push_why(first, line, Class::OneOffCost, -k, || {
                    Why::new(
                        format!("capital, paid {date}"),
                        "−capital × (1 + optimism_bias)",
                    )
                    .money("capital", p.capital)
                    .input("optimism_bias", ctx.optimism_bias)
                });
            } else {
                warnings.push(cut_warning(
                    &format!("capital of {} on {date}", p.capital),
                    1,
                    1,
                    &ctx.horizon,
                ));
            }
        }
        Some(f) => {
            let line = flows.line("capital financing");
            let slot = flows.slot(line, Class::FinancingCost);
            // In range: prepare checked it (kinds::range).
            let monthly = -annuity(k, S::N::of(f.rate), f.years).unwrap_or(S::N::ZERO) / twelve;
            let months = 12 * f.years;
            let why = || {
                Why::new(
                    format!("capital financing from {date}"),
                    "−annuity(capital × (1 + optimism_bias), rate, years) ÷ 12; annuity = K × r ÷ (1 − (1 + r)^−n)",
                )
                .money("capital", p.capital)
                .input("optimism_bias", ctx.optimism_bias)
                .input("rate", f.rate)
                .input("years", Decimal::from(f.years))
            };
            if let Some((outside, months)) =
                spread(flows, slot, first, months, monthly, &ctx.horizon, why)
            {
                warnings.push(cut_warning(
                    &format!("capital financing from {date} over {} years", f.years),
                    outside,
                    months,
                    &ctx.horizon,
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn plan() -> Plan {
        Plan {
            params: Params {
                need: vec!["ASD".into()],
                ncy: (7, 11),
                provider_types: vec![ProviderType::Independent],
                opens_on: NaiveDate::from_ymd_opt(2013, 9, 1).unwrap(),
                capacity: vec![d("10"), d("20")],
                take_up: d("0.8"),
                demand_growth: d("0.06"),
                cost_per_place: d("24000"),
                transport_per_place: d("2500"),
                fixed_annual: d("180000"),
                capital: d("3000000"),
                capital_date: NaiveDate::from_ymd_opt(2012, 10, 1),
                financing: None,
                need_line: 1,
            },
            n0: d("40"),
            c0: d("60000"),
            opens: Month::new(2013, 9),
            by_provider: vec![],
        }
    }

    #[test]
    fn demand_grows_by_academic_year_from_the_baseline_cohort() {
        // Price base 2011/12: the sheet is the cohort of AY 2011/12.
        let p = plan();
        // August 2011 is in AY 2010/11: a = −1 → 40 / 1.06.
        let f = month_figures(&p, Month::new(2011, 8), Decimal::ONE, 2011);
        assert_eq!(f.demand.round_dp(6), d("37.735849"));
        // September 2012, AY 2012/13: a = 1 → 42.4.
        let f = month_figures(&p, Month::new(2012, 9), Decimal::ONE, 2011);
        assert_eq!(f.demand, d("42.40"));
        assert_eq!(f.diverted, d("0"));
        assert_eq!(f.cashable + f.cost_avoidance, d("0"));
    }

    #[test]
    fn first_year_of_the_unit_worked_by_hand() {
        // October 2013 (AY 2013/14, a = 2): demand 40 × 1.06² = 44.944;
        // capacity 10 ≤ 0.8 × 44.944, so D = 10. No inflation (I = 1).
        // do nothing = 44.944 × 60,000 = 2,696,640
        // scenario  = 34.944 × 60,000 + 10 × 26,500 + 180,000 = 2,541,640
        // saving    = 155,000; budget = 40 × 60,000 = 2,400,000
        // budget − scenario < 0: nothing cashable; all cost avoidance.
        let f = month_figures(&plan(), Month::new(2013, 10), Decimal::ONE, 2011);
        assert_eq!(f.demand, d("44.944"));
        assert_eq!(f.diverted, d("10"));
        assert_eq!(f.do_nothing, d("2696640"));
        assert_eq!(f.scenario, d("2541640"));
        assert_eq!(f.cashable, d("0"));
        assert_eq!(f.cost_avoidance, d("155000"));
    }

    #[test]
    fn saving_below_the_budget_is_cashable() {
        // No growth: demand stays 40; second AY of the unit, 20 places.
        // scenario = 20 × 60,000 + 20 × 26,500 + 180,000 = 1,910,000
        // saving = 2,400,000 − 1,910,000 = 490,000, all below the budget:
        // cashable = min(max(2,400,000 − 1,910,000, 0), 490,000).
        let mut p = plan();
        p.params.demand_growth = d("0");
        let f = month_figures(&p, Month::new(2014, 9), Decimal::ONE, 2011);
        assert_eq!(f.diverted, d("20"));
        assert_eq!(f.cashable, d("490000"));
        assert_eq!(f.cost_avoidance, d("0"));
    }

    #[test]
    fn a_loss_is_all_cashable() {
        // An empty unit: its fixed cost is a cashable loss.
        let mut p = plan();
        p.params.capacity = vec![d("0")];
        let f = month_figures(&p, Month::new(2013, 10), Decimal::ONE, 2011);
        assert_eq!(f.cashable, d("-180000"));
        assert_eq!(f.cost_avoidance, d("0"));
    }

    #[test]
    fn take_up_limits_the_places_filled() {
        let mut p = plan();
        p.params.capacity = vec![d("100")];
        p.params.demand_growth = d("0");
        let f = month_figures(&p, Month::new(2013, 10), Decimal::ONE, 2011);
        assert_eq!(f.diverted, d("32.0")); // 0.8 × 40
    }

    #[test]
    fn annuity_repays_capital_with_interest() {
        // 1,000 at 10% over 2 years: 1,000 × 0.1 / (1 − 1/1.21) = 576.19…
        let a = annuity(d("1000"), d("0.1"), 2).unwrap();
        assert_eq!(a.round_dp(6), d("576.190476"));
        // At 0%: 3,000,000 / 25 = 120,000 a year.
        assert_eq!(annuity(d("3000000"), d("0"), 25), Some(d("120000")));
        // 99% a year for 100 years: (1.99)^-100 is 0 to 28 places, and
        // the annuity is the interest, 0.99 × 1,000.
        assert_eq!(annuity(d("1000"), d("0.99"), 100), Some(d("990")));
        // −99% a year: (0.01)^-100 is past any range, refused.
        assert_eq!(annuity(d("1000"), d("-0.99"), 100), None);
    }
}
