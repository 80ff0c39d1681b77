//! Running a model's iterations (SPEC 9.3): each iteration reads the model
//! with its sampled values as `--set` overrides (from the file parsed once,
//! see [`crate::model::template`]), prepares and projects it
//! with the engine's own formulas in exact decimals, and keeps what the
//! percentiles need: cashable and net cashable per FY, and the NPV.
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
use crate::kinds::{self, Sources};
use crate::model::params::Set;
use crate::model::template::{Parsed, Template};
use crate::model::Model;
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
        self.cashable.iter().take(years).sum()
    }

    pub fn net_cashable_in(&self, years: usize) -> Decimal {
        self.net_cashable.iter().take(years).sum()
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

/// The outcome of `m`, the model read with `sets`.
fn outcome(model: &Model, m: &Model, sources: &Sources, sets: &[Set]) -> Result<Outcome> {
    let p = kinds::prepare_with(m, sources)?;
    let (flows, _) = kinds::project(&p);
    let beyond = || {
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
    };
    let years = flows
        .class_years_in_range(kinds::range::EXACT_LIMIT)
        .map_err(|_| beyond())?;
    let a = try_appraise_npv(
        &years,
        &p.context.horizon,
        p.price_base(),
        p.context.inflation.gdp_deflator(),
        &p.model.appraisal,
    )
    .ok_or_else(beyond)?;
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

/// Mean and percentiles of one measure.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stats {
    pub mean: Decimal,
    /// P5, P10, P25, P50, P75, P90, P95.
    pub percentiles: [Decimal; 7],
}

/// The percentiles `simulation.csv` and `distribution.csv` give.
pub const PERCENTILES: [u32; 7] = [5, 10, 25, 50, 75, 90, 95];

impl Stats {
    /// Sorts `values` and takes the mean (exact) and percentiles.
    pub fn of(values: &mut [Decimal]) -> Stats {
        values.sort_unstable();
        let n = Decimal::from(values.len().max(1));
        let sum: Decimal = values.iter().sum();
        Stats {
            mean: sum / n,
            percentiles: PERCENTILES.map(|q| percentile(values, q).unwrap_or_default()),
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
    let base = evaluate(model, sources, &[])?;
    let samples = samples(u);
    let template = samples
        .first()
        .and_then(|s| template(model, &iteration_sets(&u.parameters, s)));
    let parsed = template.as_ref().and_then(Template::parse);
    let outcomes: Vec<Outcome> = super::on_threads(|| {
        samples
            .par_iter()
            .map(|s| {
                let sets = iteration_sets(&u.parameters, s);
                let o = evaluate_from(parsed.as_ref(), model, sources, &sets);
                tick();
                o
            })
            .collect::<Result<Vec<_>>>()
    })?;
    Ok(summarise(model, u, &base, &outcomes))
}

/// `count` of `n` iterations as a share, to 4 places (a probability).
pub fn share(count: usize, n: usize) -> Decimal {
    (Decimal::from(count) / Decimal::from(n.max(1))).round_dp(4)
}

/// The statistics of the outcomes.
pub fn summarise(
    model: &Model,
    u: &Uncertainty,
    base: &Outcome,
    outcomes: &[Outcome],
) -> Simulation {
    let n = outcomes.len();
    let years = base.cashable.len();
    let mtfs = (u.mtfs_years as usize).min(years);
    let mut by_year = Vec::with_capacity(years);
    let mut column = vec![Decimal::ZERO; n];
    let mut cumulative = vec![Decimal::ZERO; n];
    for y in 0..years {
        for (c, o) in column.iter_mut().zip(outcomes) {
            *c = o.cashable[y];
        }
        let cashable = Stats::of(&mut column);
        for (c, o) in column.iter_mut().zip(outcomes) {
            *c = o.net_cashable[y];
        }
        for (cum, o) in cumulative.iter_mut().zip(outcomes) {
            *cum += o.net_cashable[y];
        }
        let net = Stats::of(&mut column);
        column.copy_from_slice(&cumulative);
        let cum = Stats::of(&mut column);
        by_year.push([cashable, net, cum]);
    }
    let measure = |f: &dyn Fn(&Outcome) -> Decimal| -> (Stats, Vec<Decimal>) {
        let mut v: Vec<Decimal> = outcomes.iter().map(f).collect();
        let s = Stats::of(&mut v);
        (s, v)
    };
    let (npv, npv_sorted) = measure(&|o| o.npv);
    let (cashable_mtfs, cashable_mtfs_sorted) = measure(&|o| o.cashable_in(mtfs));
    let (net_mtfs, _) = measure(&|o| o.net_cashable_in(mtfs));
    let (cashable_total, _) = measure(&|o| o.cashable_in(years));
    let (net_total, _) = measure(&|o| o.net_cashable_in(years));
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
        p_payback_within_horizon: share(outcomes.iter().filter(|o| o.payback).count(), n),
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
