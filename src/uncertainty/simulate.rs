//! Running a model's iterations (SPEC 9.3) and keeping what the
//! percentiles need: cashable and net cashable per FY, and the NPV. Where
//! the model's kind can, an iteration sets its sampled values on the
//! prepared plan and runs the kind's own formulas in `f64` ([`Fast`]);
//! otherwise it reads the model with its sampled values as `--set`
//! overrides (from the file parsed once, see [`crate::model::template`]),
//! prepares and projects it in exact decimals ([`evaluate_from`]).
//!
//! Samples are drawn up front, in one thread, from the seed; iterations
//! run in parallel but each is a function of its own samples only and
//! their results are kept in iteration order, so the files are the same
//! whatever the number of threads.

use super::sampling::{self, percentile, Method};
use super::{Uncertain, Uncertainty};
use crate::appraisal::try_appraise_npv;
use crate::calendar::FinancialYear;
use crate::error::{Error, Problem, Result};
use crate::flows::YearTotals;
use crate::kinds::{self, Sources};
use crate::model::params::{Set, SetValue};
use crate::model::template::{Parsed, Template};
use crate::model::Model;
use crate::number::Number as _;
use rayon::prelude::*;
use rust_decimal::Decimal;

/// What one run of the engine gives the simulation.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// Per FY of the horizon.
    pub cashable: Vec<Decimal>,
    pub net_cashable: Vec<Decimal>,
    pub npv: Decimal,
    pub payback: bool,
}

impl Outcome {
    /// The first `years` FYs' cashable savings.
    pub fn cashable_in(&self, years: usize) -> Decimal {
        sum_of(&self.cashable[..years.min(self.cashable.len())])
    }

    pub fn net_cashable_in(&self, years: usize) -> Decimal {
        sum_of(&self.net_cashable[..years.min(self.net_cashable.len())])
    }
}

/// The overrides of one run: the model's own `--set`s, less those of the
/// parameters this run sets, then this run's.
fn with_sets(model: &Model, sets: &[Set]) -> Vec<Set> {
    let mut all: Vec<Set> = model
        .sets
        .iter()
        .filter(|s| !sets.iter().any(|o| o.path == s.path))
        .cloned()
        .collect();
    all.extend_from_slice(sets);
    all
}

/// Runs the model with `sets` applied through the exact engine.
pub fn evaluate(model: &Model, sources: &Sources, sets: &[Set]) -> Result<Outcome> {
    let m =
        crate::model::from_bytes_with(&model.file, model.text.as_bytes(), &with_sets(model, sets))?;
    outcome(model, &m, sources, sets)
}

/// The template of a model's runs, each setting the parameters `first`
/// sets (see [`crate::model::template`]); `None` when the text path must
/// read them.
pub fn template(model: &Model, first: &[Set]) -> Option<Template> {
    Template::new(&model.file, model.text.as_bytes(), &with_sets(model, first))
}

/// [`evaluate`] for one of a simulation's runs: the model read from its
/// template's parsed text with this run's values, which is the model the
/// text gives (or from the text, where the template cannot give it).
pub fn evaluate_from(
    parsed: Option<&Parsed>,
    model: &Model,
    sources: &Sources,
    sets: &[Set],
) -> Result<Outcome> {
    match parsed.and_then(|p| p.read(&with_sets(model, sets))) {
        Some(m) => outcome(model, &m, sources, sets),
        None => evaluate(model, sources, sets),
    }
}

/// A simulation's iterations in `f64`, for a kind that can run them so
/// (SPEC 9.3 allows a simulation to sample and compute in floating point):
/// each iteration sets its sampled values on the prepared plan
/// ([`crate::kinds::ModelKind::vary`], the plan reading the model with those
/// `--set`s would make), projects it with the kind's own formulas over
/// `f64` ([`crate::kinds::ModelKind::project_f64`]) and appraises it with
/// the appraisal's own year formula ([`crate::appraisal::year`]).
///
/// Where `f64` enters: the plan's amounts and rates, the indices and the
/// deflators and discount factors, each converted from its exact decimal
/// once per iteration (or per simulation). Where it leaves: each year's
/// cashable and net cashable and the NPV, rounded to whole pence (half
/// away from zero) and kept as integers ([`Outcomes`]) for the
/// percentiles, which are taken exactly on them and written as `Decimal`.
/// Sensitivity (the tornado and switching values) always runs the exact
/// engine.
pub struct Fast<'p> {
    prepared: &'p kinds::Prepared,
    parameters: &'p [Uncertain],
    /// Per year: deflator and discount factor.
    factors: Vec<(f64, f64)>,
}

impl<'p> Fast<'p> {
    /// `None` when the kind cannot set one of the parameters on a plan (at
    /// the values of `first`, a sample), or has no `f64` projection: then
    /// each iteration reads the model file and runs the exact engine.
    pub fn new(
        prepared: &'p kinds::Prepared,
        parameters: &'p [Uncertain],
        first: &[f64],
    ) -> Option<Fast<'p>> {
        let model = &prepared.model;
        let factors = crate::appraisal::year_factors(
            &prepared.context.horizon,
            prepared.context.horizon.years as usize,
            prepared.price_base(),
            prepared.context.inflation.gdp_deflator(),
            model.appraisal.discount_rate,
        )
        .into_iter()
        .map(|(d, f)| (f64::of(d), f64::of(f)))
        .collect();
        let fast = Fast {
            prepared,
            parameters,
            factors,
        };
        fast.run(first)?;
        Some(fast)
    }

    /// One iteration, at a sample (one value per parameter); `None` when an
    /// amount is not finite (past any range a prepared model can reach).
    pub fn run(&self, sample: &[f64]) -> Option<Outcome> {
        self.one_outcome(|row| self.run_in(&mut Scratch::default(), sample, row))
    }

    /// [`Fast::run`] with a worker's [`Scratch`], kept from one iteration
    /// to the next, into the iteration's `row`.
    pub fn run_in(
        &self,
        scratch: &mut Scratch<'p>,
        sample: &[f64],
        row: &mut Row<i64>,
    ) -> Option<()> {
        // The values the plan takes first, then those of the model's
        // one-off costs and prices, in the worker's own buffer.
        let mut values = std::mem::take(&mut scratch.values);
        values.clear();
        let drawn = |of_model: bool| {
            self.parameters
                .iter()
                .zip(sample)
                .filter(move |(p, _)| is_of_model(&p.parts) == of_model)
                .map(|(p, x)| (p.parts.as_slice(), p.value_at(*x)))
        };
        values.extend(drawn(false));
        let of_plan = values.len();
        values.extend(drawn(true));
        let done = self.iterate(scratch, &values[..of_plan], &values[of_plan..], row);
        scratch.values = values;
        done
    }

    /// One iteration with each parameter at its value.
    pub fn run_with(&self, values: &[(&[String], SetValue)]) -> Option<Outcome> {
        self.one_outcome(|row| self.run_with_in(&mut Scratch::default(), values, row))
    }

    fn run_with_in(
        &self,
        scratch: &mut Scratch,
        values: &[(&[String], SetValue)],
        row: &mut Row<i64>,
    ) -> Option<()> {
        let (of_model, of_plan): (Vec<_>, Vec<_>) =
            values.iter().partition(|(path, _)| is_of_model(path));
        self.iterate(scratch, &of_plan, &of_model, row)
    }

    /// The outcome of one iteration that `fill` writes into its row.
    fn one_outcome(&self, fill: impl FnOnce(&mut Row<i64>) -> Option<()>) -> Option<Outcome> {
        let mut one = Outcomes::new(1, self.factors.len());
        fill(&mut one.row(0))?;
        Some(one.outcome(0))
    }

    /// One iteration into `row`: `of_plan` the values set on the plan,
    /// `of_model` those of the model's one-off costs and inflation rates.
    fn iterate(
        &self,
        scratch: &mut Scratch,
        of_plan: &[(&[String], SetValue)],
        of_model: &[(&[String], SetValue)],
        row: &mut Row<i64>,
    ) -> Option<()> {
        use crate::appraisal::{year, Payback};
        // The worker's own copy of the plan, with this iteration's values
        // set on it: each `vary` overwrites what the last iteration set
        // there (the same parameters every time), so the copy is made
        // once, and again only after a value the kind could not set.
        let plan = match &mut scratch.plan {
            Some(plan) => plan,
            none => none.insert(self.prepared.plan.varied(&[])?),
        };
        if !plan.vary(of_plan) {
            scratch.plan = None;
            return None;
        }
        let plan = &*plan;
        // The prices as prepared, or the worker's own copy with this
        // iteration's rates set on it (the same keys every iteration, each
        // rate overwriting the last).
        let mut ctx = &self.prepared.context;
        let mut costs = Vec::new();
        for &(path, value) in of_model {
            match (path, value) {
                ([_, key], SetValue::Number(rate)) if path[0] == "inflation" => {
                    let own = scratch
                        .context
                        .get_or_insert_with(|| self.prepared.context.clone());
                    own.set_rate(key, rate)?;
                    ctx = own;
                }
                _ if path[0] == "one_off_costs" => costs.push((path, value)),
                _ => return None,
            }
        }
        let public_sector = self.prepared.model.appraisal.public_sector;
        let totals = match &mut scratch.totals {
            Some(totals) => {
                totals.reset(public_sector);
                totals
            }
            none => none.insert(YearTotals::new(ctx.horizon).public_sector(public_sector)),
        };
        if !plan.project_f64(ctx, totals) {
            return None;
        }
        let mut one_off = std::borrow::Cow::Borrowed(self.prepared.model.one_off_costs.as_slice());
        for (path, value) in costs {
            crate::model::vary_one_off(one_off.to_mut(), path, value)?;
        }
        kinds::one_off_costs_in(&one_off, ctx, totals, &mut Vec::new());
        let years = totals.years();
        let include_receipts = self.prepared.model.appraisal.include_capital_receipts;
        let (mut cumulative, mut npv) = (0.0_f64, 0.0_f64);
        let mut payback = Payback::default();
        let cells = row.cashable.iter_mut().zip(row.net_cashable.iter_mut());
        for (i, ((c, (deflator, df)), (cashable, net_cashable))) in
            years.iter().zip(&self.factors).zip(cells).enumerate()
        {
            let y = year(c, include_receipts, *deflator, *df)?;
            cumulative = cumulative.checked_add(y.net_cashable)?;
            npv = npv.checked_add(y.present_value)?;
            payback.see(i, cumulative);
            *cashable = pence(c[crate::flows::Class::Cashable as usize])?;
            *net_cashable = pence(y.net_cashable)?;
        }
        *row.npv = pence(npv)?;
        *row.payback = payback.years().is_some();
        Some(())
    }
}

/// What a worker keeps from one [`Fast`] iteration to the next, so as not
/// to allocate them again: its copy of the plan, its year totals and its
/// prices.
#[derive(Default)]
pub struct Scratch<'p> {
    /// This iteration's parameters and values.
    values: Vec<(&'p [String], SetValue)>,
    plan: Option<kinds::Plan>,
    totals: Option<YearTotals<f64>>,
    /// The prices with the drawn inflation rates, when rates are drawn.
    context: Option<kinds::Context>,
}

/// Whether a parameter is the model's (a one-off cost or an inflation
/// rate) rather than one its kind sets on the plan.
fn is_of_model(path: &[String]) -> bool {
    matches!(
        path.first().map(String::as_str),
        Some("one_off_costs" | "inflation")
    )
}

/// Each `--set`'s path and value, for [`Fast::run_with`]; `None` when one
/// is a percentage.
pub fn values_of(sets: &[Set]) -> Option<Vec<(&[String], SetValue)>> {
    sets.iter()
        .map(|s| Some((s.path.as_slice(), s.value()?)))
        .collect()
}

/// The bound on an amount of an `f64` iteration, in pence: £100 trillion,
/// a hundred times the engine's £1 trillion bound on any amount, and small
/// enough that a horizon's 60 years of them add up within an `i64`.
const PENCE_BOUND: f64 = 1e16;

/// An amount in `f64` as whole pence, rounded half away from zero; `None`
/// past [`PENCE_BOUND`] (or not finite).
fn pence(x: f64) -> Option<i64> {
    let p = (x * 100.0).round();
    (p.abs() < PENCE_BOUND).then_some(p as i64)
}

/// The outcome of `m`, the model read with `sets`.
fn outcome(model: &Model, m: &Model, sources: &Sources, sets: &[Set]) -> Result<Outcome> {
    outcome_of(model, &kinds::prepare_with(m, sources)?, sets)
}

/// The outcome of `p`, prepared from the model read with `sets`.
fn outcome_of(model: &Model, p: &kinds::Prepared, sets: &[Set]) -> Result<Outcome> {
    let (flows, _) = kinds::project(p);
    let years = flows
        .class_years_in_range(kinds::range::EXACT_LIMIT)
        .map_err(|_| beyond(model, sets))?;
    let a = try_appraise_npv(
        &years,
        &p.context.horizon,
        p.price_base(),
        p.context.inflation.gdp_deflator(),
        &p.model.appraisal,
    )
    .ok_or_else(|| beyond(model, sets))?;
    Ok(Outcome {
        cashable: a
            .rows
            .iter()
            .map(|r| r.class(crate::flows::Class::Cashable))
            .collect(),
        net_cashable: a.rows.iter().map(|r| r.net_cashable).collect(),
        npv: a.npv,
        payback: a.payback_years.is_some(),
    })
}

/// The error of a run with `sets` whose amounts go past the engine's
/// exact range.
fn beyond(model: &Model, sets: &[Set]) -> Error {
    Error::input(Problem::file(
        &model.file,
        format!(
            "with {}, the amounts go beyond the engine's exact range",
            sets.iter()
                .map(|s| s.arg.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    ))
}

/// Mean and percentiles of one measure.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Stats {
    pub mean: Decimal,
    /// P5, P10, P25, P50, P75, P90, P95.
    pub percentiles: [Decimal; 7],
}

/// The exact sum of `values`: when they share a scale, the sum of their
/// integer mantissas, which is the very `Decimal` adding them one by one
/// gives, without aligning scales at each addition.
fn sum_of(values: &[Decimal]) -> Decimal {
    let scale = values.first().map_or(0, |v| v.scale());
    if values.iter().all(|v| v.scale() == scale) {
        let mantissas = values
            .iter()
            .try_fold(0i128, |acc, v| acc.checked_add(v.mantissa()));
        if let Some(sum) = mantissas.and_then(|m| Decimal::try_from_i128_with_scale(m, scale).ok())
        {
            return sum;
        }
    }
    values.iter().sum()
}

/// An iteration's amount as a simulation keeps it: whole pence (`i64`)
/// where the iterations run in `f64`, each the `f64` amount rounded half
/// away from zero; the exact `Decimal` where they run the exact engine.
pub trait Amount: Copy + Ord + Default + Send + Sync {
    /// The exact sum (pence within [`PENCE_BOUND`], 60 years of them, fit
    /// an `i64`; decimals within the engine's range fit a `Decimal`).
    fn plus(self, other: Self) -> Self;
    fn decimal(self) -> Decimal;
    /// The exact mean of `values` (none: zero).
    fn mean(values: &[Self]) -> Decimal;
    /// An amount of the exact engine's; `None` past what `Self` holds.
    fn of_exact(x: Decimal) -> Option<Self>;
    /// Sorts `values` ascending.
    fn sort(values: &mut [Self]) {
        values.sort_unstable();
    }
}

impl Amount for i64 {
    fn plus(self, other: i64) -> i64 {
        self + other
    }

    fn decimal(self) -> Decimal {
        Decimal::new(self, 2)
    }

    fn mean(values: &[i64]) -> Decimal {
        let sum: i128 = values.iter().map(|p| *p as i128).sum();
        Decimal::try_from_i128_with_scale(sum, 2).unwrap_or_default()
            / Decimal::from(values.len().max(1))
    }

    fn of_exact(x: Decimal) -> Option<i64> {
        use rust_decimal::prelude::ToPrimitive as _;
        let p = x
            .checked_mul(Decimal::ONE_HUNDRED)?
            .round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
            .to_i64()?;
        ((p.unsigned_abs() as f64) < PENCE_BOUND).then_some(p)
    }
}

impl Amount for Decimal {
    fn plus(self, other: Decimal) -> Decimal {
        self + other
    }

    fn decimal(self) -> Decimal {
        self
    }

    fn mean(values: &[Decimal]) -> Decimal {
        sum_of(values) / Decimal::from(values.len().max(1))
    }

    fn of_exact(x: Decimal) -> Option<Decimal> {
        Some(x)
    }

    fn sort(values: &mut [Decimal]) {
        // Values of one scale sort by their integer mantissas: the same
        // order, without aligning scales at every comparison.
        match values.first().map(|v| v.scale()) {
            Some(scale) if values.iter().all(|v| v.scale() == scale) => {
                values.sort_unstable_by_key(|v| v.mantissa())
            }
            _ => values.sort_unstable(),
        }
    }
}

/// The values of ascending `ranks` in `values` (each the value a sort
/// would put there) into `found`: the middle rank selected first, then
/// the lower ranks among the values below it and the higher among those
/// above, so that each selection works on a part of the slice only.
fn select_ranks<T: Ord + Copy>(values: &mut [T], ranks: &[usize], found: &mut [T]) {
    let mid = ranks.len() / 2;
    let Some(&r) = ranks.get(mid) else {
        return;
    };
    let (below, x, above) = values.select_nth_unstable(r);
    // Ranks equal to the middle one (a small `n`) take its value.
    let lower = ranks.partition_point(|q| *q < r);
    let higher = ranks.partition_point(|q| *q <= r);
    found[lower..higher].fill(*x);
    select_ranks(below, &ranks[..lower], &mut found[..lower]);
    let shifted: Vec<usize> = ranks[higher..].iter().map(|q| q - r - 1).collect();
    select_ranks(above, &shifted, &mut found[higher..]);
}

/// The percentiles `simulation.csv` and `distribution.csv` give.
pub const PERCENTILES: [u32; 7] = [5, 10, 25, 50, 75, 90, 95];

impl Stats {
    /// Sorts `values` and takes the mean (exact) and percentiles.
    pub fn of<T: Amount>(values: &mut [T]) -> Stats {
        T::sort(values);
        Stats {
            mean: T::mean(values),
            percentiles: PERCENTILES
                .map(|q| percentile(values, q).map_or(Decimal::ZERO, T::decimal)),
        }
    }

    /// [`Stats::of`] without sorting `values` (left in some order): each
    /// percentile is found by selection, the value of the same rank a sort
    /// would give.
    pub fn of_unsorted<T: Amount>(values: &mut [T]) -> Stats {
        let n = values.len();
        let mean = T::mean(values);
        if n == 0 {
            return Stats::default();
        }
        let rank = |q: u32| (q as usize * n).div_ceil(100).clamp(1, n) - 1;
        let mut found = [T::default(); 7];
        select_ranks(values, &PERCENTILES.map(rank), &mut found);
        Stats {
            mean,
            percentiles: found.map(T::decimal),
        }
    }

    pub fn p(&self, q: u32) -> Decimal {
        PERCENTILES
            .iter()
            .position(|x| *x == q)
            .map(|i| self.percentiles[i])
            .unwrap_or_default()
    }
}

/// Every iteration's outcome, kept as the percentiles need it: its cashable
/// and net cashable per FY (iteration by iteration, `years` to each), its
/// NPV and whether it pays back within the horizon.
pub struct Outcomes<T> {
    years: usize,
    cashable: Vec<T>,
    net_cashable: Vec<T>,
    npv: Vec<T>,
    payback: Vec<bool>,
}

/// One iteration's place in [`Outcomes`].
pub struct Row<'a, T> {
    pub cashable: &'a mut [T],
    pub net_cashable: &'a mut [T],
    pub npv: &'a mut T,
    pub payback: &'a mut bool,
}

impl<T: Amount> Outcomes<T> {
    /// Room for `n` iterations of a horizon of `years` (at least one).
    pub fn new(n: usize, years: usize) -> Outcomes<T> {
        let years = years.max(1);
        Outcomes {
            years,
            cashable: vec![T::default(); n * years],
            net_cashable: vec![T::default(); n * years],
            npv: vec![T::default(); n],
            payback: vec![false; n],
        }
    }

    pub fn len(&self) -> usize {
        self.npv.len()
    }

    pub fn is_empty(&self) -> bool {
        self.npv.is_empty()
    }

    /// Iteration `i`'s row.
    pub fn row(&mut self, i: usize) -> Row<'_, T> {
        let cells = i * self.years..(i + 1) * self.years;
        Row {
            cashable: &mut self.cashable[cells.clone()],
            net_cashable: &mut self.net_cashable[cells],
            npv: &mut self.npv[i],
            payback: &mut self.payback[i],
        }
    }

    /// Every iteration's row, in order, to fill in parallel.
    fn rows(&mut self) -> impl IndexedParallelIterator<Item = Row<'_, T>> {
        self.cashable
            .par_chunks_mut(self.years)
            .zip(self.net_cashable.par_chunks_mut(self.years))
            .zip(self.npv.par_iter_mut())
            .zip(self.payback.par_iter_mut())
            .map(|(((cashable, net_cashable), npv), payback)| Row {
                cashable,
                net_cashable,
                npv,
                payback,
            })
    }

    /// Iteration `i`'s outcome, in decimals.
    pub fn outcome(&self, i: usize) -> Outcome {
        let cells = i * self.years..(i + 1) * self.years;
        Outcome {
            cashable: self.cashable[cells.clone()]
                .iter()
                .map(|x| x.decimal())
                .collect(),
            net_cashable: self.net_cashable[cells]
                .iter()
                .map(|x| x.decimal())
                .collect(),
            npv: self.npv[i].decimal(),
            payback: self.payback[i],
        }
    }
}

impl<T: Amount> Row<'_, T> {
    /// Sets the row to an outcome of the exact engine; `None` past what
    /// `T` holds.
    fn set(&mut self, o: &Outcome) -> Option<()> {
        for (to, from) in self.cashable.iter_mut().zip(&o.cashable) {
            *to = T::of_exact(*from)?;
        }
        for (to, from) in self.net_cashable.iter_mut().zip(&o.net_cashable) {
            *to = T::of_exact(*from)?;
        }
        *self.npv = T::of_exact(o.npv)?;
        *self.payback = o.payback;
        Some(())
    }
}

/// A model's simulation.
#[derive(Clone, Debug, PartialEq)]
pub struct Simulation {
    pub iterations: usize,
    pub seed: u64,
    pub method: Method,
    pub years: Vec<FinancialYear>,
    pub mtfs_years: usize,
    pub target: Option<Decimal>,
    /// Per FY: cashable, net cashable, cumulative net cashable.
    pub by_year: Vec<[Stats; 3]>,
    /// npv, cashable_mtfs, net_cashable_mtfs, cashable_total,
    /// net_cashable_total.
    pub measures: Vec<(&'static str, Stats)>,
    pub p_target_met: Option<Decimal>,
    pub p_payback_within_horizon: Decimal,
    pub p_npv_positive: Decimal,
    /// Every iteration's NPV and MTFS-period cashable, sorted (for the
    /// S-curves).
    pub npv_sorted: Vec<Decimal>,
    pub cashable_mtfs_sorted: Vec<Decimal>,
    /// The deterministic run's cumulative net cashable per FY.
    pub base_cumulative: Vec<Decimal>,
}

/// The measures of `distribution.csv`, in order.
pub const MEASURES: [&str; 5] = [
    "npv",
    "cashable_mtfs",
    "net_cashable_mtfs",
    "cashable_total",
    "net_cashable_total",
];

/// The samples of every iteration, `[i][k]`.
pub fn samples(u: &Uncertainty) -> Vec<Vec<f64>> {
    let distributions: Vec<_> = u
        .parameters
        .iter()
        .map(|p| p.distribution.clone())
        .collect();
    sampling::sample(
        &distributions,
        &u.correlations,
        u.iterations,
        u.method,
        u.seed,
    )
}

/// The sets of one iteration.
pub fn iteration_sets(parameters: &[Uncertain], sample: &[f64]) -> Vec<Set> {
    parameters
        .iter()
        .zip(sample)
        .map(|(p, x)| p.set_at(*x))
        .collect()
}

/// Runs every iteration; `tick` is called once per finished iteration (for
/// a progress bar).
pub fn simulate(
    model: &Model,
    sources: &Sources,
    u: &Uncertainty,
    tick: &(dyn Fn() + Sync),
) -> Result<Simulation> {
    let memo = kinds::memo::Memo::default();
    let sources = &Sources {
        memo: Some(&memo),
        ..*sources
    };
    // The model as read (with its own --sets), prepared once: the base
    // run's outcome and every f64 iteration's plan.
    let prepared = kinds::prepare_with(model, sources)?;
    let base = outcome_of(model, &prepared, &[])?;
    let samples = samples(u);
    let fast = samples
        .first()
        .and_then(|f| Fast::new(&prepared, &u.parameters, f));
    let template = match (&fast, samples.first()) {
        (None, Some(f)) => template(model, &iteration_sets(&u.parameters, f)),
        _ => None,
    };
    let parsed = template.as_ref().and_then(Template::parse);
    let (n, years) = (samples.len(), base.cashable.len());
    let parsed = parsed.as_ref();
    Ok(match &fast {
        Some(fast) => {
            let mut outcomes = Outcomes::<i64>::new(n, years);
            fill(
                &mut outcomes,
                &samples,
                tick,
                |scratch, sample, row| match fast.run_in(scratch, sample, row) {
                    Some(()) => Ok(()),
                    None => exact(parsed, model, sources, u, sample, row),
                },
            )?;
            summarise(model, u, &base, &outcomes)
        }
        None => {
            let mut outcomes = Outcomes::<Decimal>::new(n, years);
            fill(&mut outcomes, &samples, tick, |_, sample, row| {
                exact(parsed, model, sources, u, sample, row)
            })?;
            summarise(model, u, &base, &outcomes)
        }
    })
}

/// An iteration the `f64` path cannot run (or every one, without it): the
/// model read with its sampled values as `--set`s and run exactly.
fn exact<T: Amount>(
    parsed: Option<&Parsed>,
    model: &Model,
    sources: &Sources,
    u: &Uncertainty,
    sample: &[f64],
    row: &mut Row<T>,
) -> Result<()> {
    let sets = iteration_sets(&u.parameters, sample);
    let o = evaluate_from(parsed, model, sources, &sets)?;
    row.set(&o).ok_or_else(|| beyond(model, &sets))
}

/// Runs `one` for every sample into its row of `outcomes`, in parallel,
/// each worker keeping its [`Scratch`]; the first failure in iteration
/// order is the one reported (iterations after it may be left unrun).
fn fill<'p, T: Amount>(
    outcomes: &mut Outcomes<T>,
    samples: &[Vec<f64>],
    tick: &(dyn Fn() + Sync),
    one: impl Fn(&mut Scratch<'p>, &[f64], &mut Row<T>) -> Result<()> + Sync,
) -> Result<()> {
    let failed = super::on_threads(|| {
        outcomes
            .rows()
            .zip(samples.par_iter())
            .map_init(Scratch::default, |scratch, (mut row, sample)| {
                let done = one(scratch, sample, &mut row);
                tick();
                done.err()
            })
            .find_map_first(|failed| failed)
    });
    failed.map_or(Ok(()), Err)
}

/// `count` of `n` iterations as a share, to 4 places (a probability).
pub fn share(count: usize, n: usize) -> Decimal {
    (Decimal::from(count) / Decimal::from(n.max(1))).round_dp(4)
}

/// The statistics of the outcomes.
pub fn summarise<T: Amount>(
    model: &Model,
    u: &Uncertainty,
    base: &Outcome,
    outcomes: &Outcomes<T>,
) -> Simulation {
    let n = outcomes.len();
    let years = outcomes.years;
    let mtfs = (u.mtfs_years as usize).min(years);
    // One pass over the iterations: each year's values into a column of
    // their own (cashable, net cashable, and the cumulative net cashable
    // added year by year), and each iteration's totals for the measures.
    let mut columns = [(); 3].map(|_| vec![T::default(); n * years]);
    let mut totals = [(); 4].map(|_| Vec::with_capacity(n));
    let rows = outcomes
        .cashable
        .chunks_exact(years)
        .zip(outcomes.net_cashable.chunks_exact(years));
    for (i, (cashable, net)) in rows.enumerate() {
        // The sums so far, the net one being the cumulative net cashable;
        // as they stand at the end of the MTFS period.
        let (mut cashable_sum, mut net_sum) = (T::default(), T::default());
        let mut at_mtfs = (T::default(), T::default());
        for (y, (c, x)) in cashable.iter().zip(net).enumerate() {
            cashable_sum = cashable_sum.plus(*c);
            net_sum = net_sum.plus(*x);
            if y + 1 == mtfs {
                at_mtfs = (cashable_sum, net_sum);
            }
            let at = y * n + i;
            columns[0][at] = *c;
            columns[1][at] = *x;
            columns[2][at] = net_sum;
        }
        totals[0].push(at_mtfs.0);
        totals[1].push(at_mtfs.1);
        totals[2].push(cashable_sum);
        totals[3].push(net_sum);
    }
    let [cashable_mtfs, net_mtfs, cashable_total, net_total] = totals;
    let measures = [
        outcomes.npv.clone(),
        cashable_mtfs,
        net_mtfs,
        cashable_total,
        net_total,
    ];
    let [cashable, net, cumulative] = &mut columns;
    let (by_year, mut measured) = super::on_threads(|| {
        rayon::join(
            // Each year's three measures on their own, in parallel (each
            // a function of the outcomes alone, so the order of work does
            // not matter), each column's percentiles selected in place.
            || -> Vec<[Stats; 3]> {
                if n == 0 {
                    return vec![[Stats::default(); 3]; years];
                }
                cashable
                    .par_chunks_mut(n)
                    .zip(net.par_chunks_mut(n))
                    .zip(cumulative.par_chunks_mut(n))
                    .map(|((c, x), s)| {
                        [
                            Stats::of_unsorted(c),
                            Stats::of_unsorted(x),
                            Stats::of_unsorted(s),
                        ]
                    })
                    .collect()
            },
            // The five measures of `distribution.csv`: the NPV's and the
            // MTFS-period cashable's values are kept sorted (the S-curves
            // draw them); the others need only their statistics.
            || -> Vec<(Stats, Vec<Decimal>)> {
                measures
                    .into_par_iter()
                    .enumerate()
                    .map(|(k, mut v)| {
                        if k < 2 {
                            let s = Stats::of(&mut v);
                            (s, v.into_iter().map(T::decimal).collect())
                        } else {
                            (Stats::of_unsorted(&mut v), Vec::new())
                        }
                    })
                    .collect()
            },
        )
    });
    let (net_total, _) = measured.pop().unwrap_or_default();
    let (cashable_total, _) = measured.pop().unwrap_or_default();
    let (net_mtfs, _) = measured.pop().unwrap_or_default();
    let (cashable_mtfs, cashable_mtfs_sorted) = measured.pop().unwrap_or_default();
    let (npv, npv_sorted) = measured.pop().unwrap_or_default();
    let p_target_met = u
        .target
        .map(|t| share(cashable_mtfs_sorted.iter().filter(|x| **x >= t).count(), n));
    let mut running = Decimal::ZERO;
    let base_cumulative = base
        .net_cashable
        .iter()
        .map(|x| {
            running += x;
            running
        })
        .collect();
    Simulation {
        iterations: n,
        seed: u.seed,
        method: u.method,
        years: (0..years)
            .map(|i| model.horizon.start.plus(i as i32))
            .collect(),
        mtfs_years: mtfs,
        target: u.target,
        by_year,
        measures: vec![
            (MEASURES[0], npv),
            (MEASURES[1], cashable_mtfs),
            (MEASURES[2], net_mtfs),
            (MEASURES[3], cashable_total),
            (MEASURES[4], net_total),
        ],
        p_target_met,
        p_payback_within_horizon: share(outcomes.payback.iter().filter(|p| **p).count(), n),
        p_npv_positive: share(npv_sorted.iter().filter(|x| **x > Decimal::ZERO).count(), n),
        npv_sorted,
        cashable_mtfs_sorted,
        base_cumulative,
    }
}

impl Simulation {
    /// The MTFS period, `2012/13 to 2015/16`.
    pub fn mtfs_period(&self) -> String {
        match (
            self.years.first(),
            self.years.get(self.mtfs_years.max(1) - 1),
        ) {
            (Some(a), Some(b)) if a == b => a.to_string(),
            (Some(a), Some(b)) => format!("{a} to {b}"),
            _ => String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::params::parse_set;
    use std::path::Path;

    /// The kinds that run iterations in `f64`, and how many bundled models
    /// run so: every one of those kinds but the assisted council-tax
    /// e-payments, whose table varies a unit cost (which decides where the
    /// plan takes its costs from, so the model is read again).
    const FAST_KINDS: [&str; 5] = [
        "sen_invest_to_save",
        "shared_service",
        "channel_shift",
        "libraries_trust",
        "building_vacation",
    ];
    const FAST_MODELS: usize = 14;

    /// The bundled models whose kind runs iterations in `f64`, loaded with
    /// the fixture, and each one's sampled sets of `n` iterations.
    /// Each chosen model's index among the inputs and its iterations' sets.
    type Chosen = Vec<(usize, Vec<Vec<Set>>)>;

    fn fast_models(n: usize) -> (crate::run::Inputs, Chosen) {
        let files = crate::run::default_models(Path::new("models")).expect("models");
        let inputs = crate::run::load(&files, Path::new("fixtures/bromley_2012.xlsx"))
            .expect("the bundled inputs load");
        let mut chosen = Vec::new();
        for (i, m) in inputs.models.iter().enumerate() {
            let u = super::super::resolve(m, &Default::default())
                .expect("resolve")
                .expect("a table");
            let draws = samples(&Uncertainty {
                iterations: n,
                ..u.clone()
            });
            let sources = sources(&inputs);
            let prepared = kinds::prepare_with(m, &sources).expect("prepares");
            if Fast::new(&prepared, &u.parameters, &draws[0]).is_none() {
                continue;
            }
            assert!(FAST_KINDS.contains(&m.kind.name()), "{}", m.stem());
            let sets = draws
                .iter()
                .map(|s| iteration_sets(&u.parameters, s))
                .collect();
            chosen.push((i, sets));
        }
        assert_eq!(
            chosen.len(),
            FAST_MODELS,
            "the bundled models of those kinds"
        );
        (inputs, chosen)
    }

    fn sources(inputs: &crate::run::Inputs) -> Sources<'_> {
        Sources {
            baseline: &inputs.baseline,
            unit_costs: &inputs.unit_costs,
            prices: None,
            memo: None,
        }
    }

    #[test]
    fn a_varied_plan_is_the_plan_the_model_read_with_its_sets_makes() {
        let (inputs, chosen) = fast_models(6);
        let sources = sources(&inputs);
        let by_hand: Vec<Set> = [
            "cost_per_place=31000.5",
            "transport_per_place=1234",
            "fixed_annual=250000",
            "capacity.2=25",
            "capital_date=2013-02-01",
            "opens_on=2014-01-01",
            "take_up=0.65",
        ]
        .iter()
        .map(|a| parse_set(a).expect("a set"))
        .collect();
        for (i, runs) in chosen {
            let model = &inputs.models[i];
            let prepared = kinds::prepare_with(model, &sources).expect("prepares");
            // A worker's plan, set iteration after iteration with the same
            // parameters (`Plan::vary`), as the simulation keeps it.
            let mut worker = prepared.plan.varied(&[]).expect("a copy");
            let iterations = runs.len();
            let mut all = runs;
            if model.kind.name() == "sen_invest_to_save" {
                all.push(by_hand.clone());
            }
            for (n, sets) in all.into_iter().enumerate() {
                let values = values_of(&sets).expect("numbers and dates");
                let (of_model, of_plan): (Vec<_>, Vec<_>) = values
                    .iter()
                    .partition(|(path, _)| ["one_off_costs", "inflation"].contains(&&*path[0]));
                let (rates, costs): (Vec<_>, Vec<_>) = of_model
                    .into_iter()
                    .partition(|(path, _)| path[0] == "inflation");
                let varied = prepared.plan.varied(&of_plan).expect("the kind sets these");
                let mut one_off = model.one_off_costs.clone();
                for (path, value) in costs {
                    crate::model::vary_one_off(&mut one_off, path, value).expect("a cost");
                }
                let read = crate::model::from_bytes_with(
                    &model.file,
                    model.text.as_bytes(),
                    &with_sets(model, &sets),
                )
                .expect("reads");
                let slow = kinds::prepare_with(&read, &sources).expect("prepares");
                assert_eq!(one_off, read.one_off_costs);
                let mut ctx = prepared.context.clone();
                for (path, value) in &rates {
                    let SetValue::Number(rate) = value else {
                        panic!("a rate")
                    };
                    ctx = ctx.with_rate(&path[1], *rate).expect("in range");
                    assert_eq!(ctx.series(&path[1]), slow.context.series(&path[1]));
                }
                assert_eq!(ctx.inflation, slow.context.inflation);
                assert_eq!(
                    format!("{varied:?}"),
                    format!("{:?}", slow.plan),
                    "{} with {sets:?}",
                    model.stem()
                );
                if n < iterations {
                    assert!(worker.vary(&of_plan));
                    assert_eq!(
                        format!("{worker:?}"),
                        format!("{:?}", slow.plan),
                        "{} set in place with {sets:?}",
                        model.stem()
                    );
                }
            }
        }
    }

    #[test]
    fn an_f64_iteration_is_the_exact_engine_to_the_penny() {
        let (inputs, chosen) = fast_models(100);
        let sources = sources(&inputs);
        let penny = Decimal::new(1, 2);
        for (i, runs) in chosen {
            let model = &inputs.models[i];
            let prepared = kinds::prepare_with(model, &sources).expect("prepares");
            let fast = Fast::new(&prepared, &[], &[]).expect("runs in f64");
            for sets in &runs {
                let values = values_of(sets).expect("numbers and dates");
                let f = fast.run_with(&values).expect("in range");
                let exact = evaluate(model, &sources, sets).expect("runs");
                assert_eq!(f.payback, exact.payback);
                assert_eq!(f.cashable.len(), exact.cashable.len());
                let pairs = f
                    .cashable
                    .iter()
                    .zip(&exact.cashable)
                    .chain(f.net_cashable.iter().zip(&exact.net_cashable))
                    .chain([(&f.npv, &exact.npv)]);
                for (a, b) in pairs {
                    assert!(
                        (a - b).abs() < penny,
                        "{}: {a} against the exact {b}",
                        model.stem()
                    );
                }
            }
        }
    }

    #[test]
    fn a_worker_that_keeps_its_scratch_gives_each_iteration_as_a_fresh_one() {
        // The plan, totals and prices a worker keeps from one iteration to
        // the next (each draw overwriting the last) give what a fresh copy
        // gives, draw after draw, for every model run in f64 (the building
        // vacation's draws include an inflation rate and site dates).
        let (inputs, chosen) = fast_models(40);
        let sources = sources(&inputs);
        for (i, runs) in chosen {
            let model = &inputs.models[i];
            let prepared = kinds::prepare_with(model, &sources).expect("prepares");
            let fast = Fast::new(&prepared, &[], &[]).expect("runs in f64");
            let mut scratch = Scratch::default();
            for sets in &runs {
                let values = values_of(sets).expect("numbers and dates");
                let kept = fast.one_outcome(|row| fast.run_with_in(&mut scratch, &values, row));
                assert_eq!(kept, fast.run_with(&values), "{} {sets:?}", model.stem());
                assert!(kept.is_some());
            }
        }
    }

    #[test]
    fn one_off_costs_are_projected_and_varied_in_f64_as_the_exact_engine_does() {
        let (inputs, chosen) = fast_models(1);
        let sources = sources(&inputs);
        let autism = &inputs.models[chosen[0].0];
        // The autism model with a one-off cost (before its [uncertainty]).
        let text = autism.text.replacen(
            "[uncertainty]",
            "[[one_off_costs]]\nlabel = \"Design and planning\"\namount = 240_000\n\
             date = \"2012-11-15\"\nmonths = 7\n\n[uncertainty]",
            1,
        );
        let model = crate::model::from_bytes(&autism.file, text.as_bytes()).expect("reads");
        let prepared = kinds::prepare_with(&model, &sources).expect("prepares");
        let fast = Fast::new(&prepared, &[], &[]).expect("runs in f64");
        let penny = Decimal::new(1, 2);
        for args in [
            vec![],
            vec!["one_off_costs.\"Design and planning\".amount=310000"],
            vec![
                "take_up=0.7",
                "one_off_costs.\"Design and planning\".date=2013-06-01",
                "one_off_costs.\"Design and planning\".months=30",
            ],
        ] {
            let sets: Vec<Set> = args.iter().map(|a| parse_set(a).expect("a set")).collect();
            let values = values_of(&sets).expect("numbers and dates");
            let f = fast.run_with(&values).expect("in range");
            let exact = evaluate(&model, &sources, &sets).expect("runs");
            assert_ne!(
                exact.net_cashable,
                evaluate(autism, &sources, &sets).map_or(vec![], |o| o.net_cashable)
            );
            for (a, b) in f
                .net_cashable
                .iter()
                .zip(&exact.net_cashable)
                .chain([(&f.npv, &exact.npv)])
            {
                assert!((a - b).abs() < penny, "{args:?}: {a} against the exact {b}");
            }
        }
    }

    #[test]
    fn stats_of_pence_are_the_stats_of_decimals_added_and_sorted_one_by_one() {
        // Whole pence (an f64 simulation's), and decimals of one scale (the
        // integer path) and of mixed scales (the plain one).
        let pence: Vec<i64> = (0..1000i64).map(|i| (i * 7919) % 2003 - 1000).collect();
        let decimals: Vec<Decimal> = pence.iter().map(|p| Decimal::new(*p, 2)).collect();
        let mut as_decimals = decimals.clone();
        let mut p = pence.clone();
        assert_eq!(Stats::of(&mut p), Stats::of(&mut as_decimals));
        let mut p = pence.clone();
        assert_eq!(Stats::of_unsorted(&mut p), Stats::of(&mut as_decimals));
        let mut mixed = decimals.clone();
        mixed.push(Decimal::new(12345, 4));
        for values in [decimals, mixed] {
            let plain: Decimal = values.iter().sum();
            assert_eq!(sum_of(&values).serialize(), plain.serialize());
            let mut sorted = values.clone();
            sorted.sort_unstable();
            let mut v = values.clone();
            let stats = Stats::of(&mut v);
            assert_eq!(v, sorted);
            let mut unsorted = values.clone();
            assert_eq!(Stats::of_unsorted(&mut unsorted), stats);
            assert_eq!(stats.mean, plain / Decimal::from(values.len()));
            assert_eq!(stats.p(50), sorted[values.len().div_ceil(2) - 1]);
        }
    }

    #[test]
    fn every_row_is_its_own_iterations_and_the_first_failure_in_order_is_reported() {
        // 10,000 iterations on every core; iteration i writes i pence into
        // each year. Failing the 4,999th and every one from the 5,000th (met
        // at once by a worker that takes the second half, while the first
        // half's worker is still on its way), the one reported is the
        // 4,999th.
        let samples: Vec<Vec<f64>> = (0..10_000).map(|i| vec![i as f64]).collect();
        let mut outcomes = Outcomes::<i64>::new(samples.len(), 3);
        let fill_with = |outcomes: &mut Outcomes<i64>, failing: bool| {
            fill(outcomes, &samples, &|| {}, |_, sample, row| {
                let i = sample[0] as i64;
                if failing && i >= 4_999 {
                    return Err(Error::Internal(format!("iteration {i}")));
                }
                // Some work, so that the halves run side by side.
                (0..2_000).for_each(|k| {
                    std::hint::black_box(k);
                });
                row.cashable.fill(i);
                row.net_cashable.fill(-i);
                *row.npv = 2 * i;
                *row.payback = i % 2 == 0;
                Ok(())
            })
        };
        match fill_with(&mut outcomes, true) {
            Err(Error::Internal(found)) => assert_eq!(found, "iteration 4999"),
            other => panic!("expected the 4,999th iteration's failure, found {other:?}"),
        }
        fill_with(&mut outcomes, false).expect("no failure");
        for i in [0usize, 1, 4_999, 5_000, 9_999] {
            let o = outcomes.outcome(i);
            let pence = Decimal::new(i as i64, 2);
            assert_eq!(o.cashable, vec![pence; 3]);
            assert_eq!(o.net_cashable, vec![-pence; 3]);
            assert_eq!(o.npv, pence * Decimal::TWO);
            assert_eq!(o.payback, i % 2 == 0);
        }
    }

    #[test]
    fn a_simulation_of_pence_is_that_of_their_decimals_worked_by_hand() {
        // Four iterations of the autism model's horizon, cashable £100 ×
        // (i + 1) in year 0 only and net cashable £10.01 × (i + 1) every
        // year; the NPVs −£5, £7, £1.50, −£0.50; the second and third pay
        // back.
        let file = Path::new("models/autism_invest_to_save.toml");
        let text = std::fs::read(file).expect("the bundled model");
        let model = crate::model::from_bytes(file, &text).expect("reads");
        let u = super::super::resolve(&model, &Default::default())
            .expect("resolve")
            .expect("a table");
        let years = model.horizon.years as usize;
        let mut pence = Outcomes::<i64>::new(4, years);
        let mut decimals = Outcomes::<Decimal>::new(4, years);
        for (i, npv) in [-500, 700, 150, -50].into_iter().enumerate() {
            let k = i as i64 + 1;
            let row = pence.row(i);
            row.cashable[0] = 10_000 * k;
            row.net_cashable.fill(1_001 * k);
            *row.npv = npv;
            *row.payback = i == 1 || i == 2;
            let o = pence.outcome(i);
            decimals.row(i).set(&o).expect("in range");
        }
        let base = pence.outcome(0);
        let s = summarise(&model, &u, &base, &pence);
        assert_eq!(s, summarise(&model, &u, &base, &decimals));
        // Year 0's cashable: mean (100 + 200 + 300 + 400) / 4 = £250; with
        // 4 values P50 is the 2nd (£200), P95 the 4th.
        assert_eq!(s.by_year[0][0].mean, Decimal::new(250, 0));
        assert_eq!(s.by_year[0][0].p(50), Decimal::new(200, 0));
        assert_eq!(s.by_year[0][0].p(95), Decimal::new(400, 0));
        // The last year's cumulative net cashable: £10.01 × k × years.
        let last = &s.by_year[years - 1][2];
        let y = Decimal::from(years);
        assert_eq!(last.p(5), Decimal::new(1_001, 2) * y);
        assert_eq!(last.mean, Decimal::new(1_001, 2) * Decimal::new(25, 1) * y);
        // The horizon's cashable total is year 0's; the NPV sorted for the
        // S-curve; 2 of 4 pay back, 2 of 4 have an NPV above zero.
        assert_eq!(s.measures[3].1.mean, Decimal::new(250, 0));
        // The MTFS period's: year 0's cashable, and £10.01 × k a year of
        // net cashable for its years.
        let mtfs = Decimal::from(s.mtfs_years);
        assert_eq!(s.measures[1].1.mean, Decimal::new(250, 0));
        assert_eq!(
            s.measures[2].1.mean,
            Decimal::new(1_001, 2) * Decimal::new(25, 1) * mtfs
        );
        assert_eq!(s.measures[2].1.p(5), Decimal::new(1_001, 2) * mtfs);
        let sorted: Vec<Decimal> = [-500, -50, 150, 700].map(|p| Decimal::new(p, 2)).into();
        assert_eq!(s.npv_sorted, sorted);
        assert_eq!(s.measures[0].1.mean, Decimal::new(75, 2));
        assert_eq!(s.p_payback_within_horizon, Decimal::new(5, 1));
        assert_eq!(s.p_npv_positive, Decimal::new(5, 1));
    }

    #[test]
    fn percentiles_by_selection_are_those_of_the_sorted_values_at_any_count() {
        // Counts where several percentiles share a rank (1 value: all seven
        // are it; 3 values: P5, P10 and P25 are the first), with repeats.
        for n in [1usize, 2, 3, 7, 20, 101] {
            let values: Vec<Decimal> = (0..n)
                .map(|i| Decimal::new(((i * 7919) % 13) as i64 - 6, 2))
                .collect();
            let mut sorted = values.clone();
            let sorted_stats = Stats::of(&mut sorted);
            let mut unsorted = values.clone();
            assert_eq!(Stats::of_unsorted(&mut unsorted), sorted_stats, "n = {n}");
            // Nearest rank: P_q = x(⌈q·n/100⌉).
            for q in PERCENTILES {
                let k = (q as usize * n).div_ceil(100).max(1);
                assert_eq!(sorted_stats.p(q), sorted[k - 1], "n = {n}, P{q}");
            }
        }
    }

    #[test]
    fn a_parameter_the_kind_does_not_set_on_a_plan_leaves_the_exact_engine_to_run() {
        let (inputs, chosen) = fast_models(1);
        let sources = sources(&inputs);
        let model = &inputs.models[chosen[0].0];
        let prepared = kinds::prepare_with(model, &sources).expect("prepares");
        // The optimism bias is the appraisal's and the context's, not a
        // plan's or a model-level cost's: the model is read again.
        let bias = [parse_set("appraisal.optimism_bias=0.2").expect("a set")];
        let values = values_of(&bias).expect("a number");
        assert!(prepared.plan.varied(&values).is_none());
        let u = super::super::resolve(model, &Default::default())
            .expect("resolve")
            .expect("a table");
        let mut parameters = u.parameters.clone();
        parameters[0].parts = vec!["appraisal".into(), "optimism_bias".into()];
        let first = vec![0.2; parameters.len()];
        assert!(Fast::new(&prepared, &parameters, &first).is_none());
    }
}
