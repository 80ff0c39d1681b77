//! `savings programme --simulate` (issue 13, item 5): every counted
//! workstream's `[uncertainty]` sampled together, with the programme
//! file's correlations between workstreams, and the programme's total
//! cashable savings per FY against the target.
//!
//! One iteration runs every uncertain workstream through the exact engine
//! with its sampled values (as `savings simulate` does for one model); a
//! workstream without a table keeps its planned figures. The programme
//! total of an iteration is the sum of the workstreams' cashable savings,
//! each rounded to the penny as `projection.csv` gives it, less the
//! double counting the plan found (held at its planned amount).

use super::{Programme, Rag, RagSource};
use crate::calendar::FinancialYear;
use crate::error::{Error, Problem, Result};
use crate::kinds::{key_problem, Sources};
use crate::model::template::{Parsed, Template};
use crate::model::Model;
use crate::money::{round_places, Decimal};
use crate::uncertainty::sampling::{self, Correlation, Distribution, Method};
use crate::uncertainty::simulate::{evaluate_from, iteration_sets, share, template, Fast, Stats};
use crate::uncertainty::{self, Overrides, Uncertain};
use rayon::prelude::*;

/// The programme's simulation.
#[derive(Clone, Debug, PartialEq)]
pub struct ProgrammeSimulation {
    pub iterations: usize,
    pub seed: u64,
    pub years: Vec<FinancialYear>,
    /// The programme total net of double counting, per year.
    pub totals: Vec<Stats>,
    /// Per year, the share of iterations meeting that year's target.
    pub p_target_met: Vec<Option<Decimal>>,
    /// The share of iterations meeting every year's target.
    pub p_every_target_met: Option<Decimal>,
    /// Each uncertain workstream's total over the programme's years:
    /// P10, P50, P90 and its planned total, largest P10–P90 spread first.
    pub workstreams: Vec<WorkstreamSpread>,
    /// Per workstream and year, the share of iterations in which it
    /// delivers at least 95% of its planned savings (`None`: no
    /// uncertainty, or nothing planned).
    pub p_plan_met: Vec<Vec<Option<Decimal>>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct WorkstreamSpread {
    pub name: String,
    pub planned: Decimal,
    pub p10: Decimal,
    pub p50: Decimal,
    pub p90: Decimal,
}

/// RAG from the chance of delivering the plan, for a year with no actuals
/// or forecast: green when at least 80% of iterations deliver 95% of the
/// plan (the rule's green line), amber from 50%, red below.
pub fn rate_chance(p: Decimal) -> Rag {
    if p >= Decimal::new(8, 1) {
        Rag::Green
    } else if p >= Decimal::new(5, 1) {
        Rag::Amber
    } else {
        Rag::Red
    }
}

/// Runs the programme's simulation. `models[i]` is workstream `i`'s model
/// (`None` when it is not counted).
pub fn run(
    p: &Programme,
    models: &[Option<Model>],
    sources: &Sources,
    cli: &Overrides,
) -> Result<ProgrammeSimulation> {
    let file = p.def.file.clone().unwrap_or_default();
    // Each counted workstream's uncertainty, checked against its model.
    let mut problems = Vec::new();
    let mut tables: Vec<Option<uncertainty::Uncertainty>> = Vec::new();
    for (w, m) in p.def.workstreams.iter().zip(models) {
        let u = match m {
            Some(m) if w.status.counts() => match uncertainty::resolve(m, cli) {
                Ok(u) => u,
                Err(e) => {
                    problems.extend(e.into_iter().map(|x| {
                        Problem::new(x.place, format!("workstream \"{}\": {}", w.name, x.message))
                    }));
                    None
                }
            },
            _ => None,
        };
        tables.push(u);
    }
    // Every uncertain parameter of every workstream, one joint sample.
    let mut params: Vec<(usize, Uncertain)> = Vec::new();
    let mut correlations: Vec<Correlation> = Vec::new();
    for (w, u) in tables.iter().enumerate() {
        if let Some(u) = u {
            let offset = params.len();
            correlations.extend(u.correlations.iter().map(|c| Correlation {
                a: c.a + offset,
                b: c.b + offset,
                rho: c.rho,
            }));
            params.extend(u.parameters.iter().cloned().map(|x| (w, x)));
        }
    }
    for c in &p.def.correlations {
        let index = |text: &String| -> std::result::Result<usize, String> {
            // Split at the colon after which the name is a workstream's.
            let split = text.match_indices(':').find_map(|(i, _)| {
                let name = text[..i].trim();
                let w = p.def.workstreams.iter().position(|w| w.name == name)?;
                Some((w, name.to_string(), text[i + 1..].trim().to_string()))
            });
            let (w, name, path) = split.ok_or_else(|| {
                format!(
                    "\"{text}\" does not start with a workstream's name and a colon; the \
                     workstreams are: {}",
                    p.def
                        .workstreams
                        .iter()
                        .map(|w| w.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })?;
            let path = &path;
            let parts = crate::model::params::parse_path(path)?;
            params
                .iter()
                .position(|(i, x)| *i == w && x.parts == parts)
                .ok_or_else(|| {
                    format!(
                        "workstream \"{name}\" has no uncertain parameter {path}; its \
                         [uncertainty] table gives: {}",
                        params
                            .iter()
                            .filter(|(i, _)| *i == w)
                            .map(|(_, x)| x.path.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                })
        };
        match (index(&c.between[0]), index(&c.between[1])) {
            (Ok(a), Ok(b)) => correlations.push(Correlation { a, b, rho: c.rho }),
            (Err(e), _) | (_, Err(e)) => {
                problems.push(key_problem(&file, c.line, "correlation.between", e))
            }
        }
    }
    let names: Vec<String> = params
        .iter()
        .map(|(w, x)| format!("{}:{}", p.def.workstreams[*w].name, x.path))
        .collect();
    if problems.is_empty() {
        if let Err(e) = sampling::check_correlations(&names, &correlations) {
            let line = p.def.correlations.first().map_or(0, |c| c.line);
            problems.push(key_problem(&file, line, "correlation", e));
        }
    }
    if params.is_empty() && problems.is_empty() {
        problems.push(Problem::file(
            &file,
            "--simulate: no counted workstream's model has an [uncertainty] table, so there is \
             nothing to simulate",
        ));
    }
    if !problems.is_empty() {
        return Err(Error::Input(problems));
    }
    let iterations = cli
        .iterations
        .or_else(|| tables.iter().flatten().map(|u| u.iterations).max())
        .unwrap_or(uncertainty::DEFAULT_ITERATIONS);
    let seed = cli.seed.unwrap_or(1);
    let distributions: Vec<Distribution> =
        params.iter().map(|(_, x)| x.distribution.clone()).collect();
    let samples = sampling::sample(&distributions, &correlations, iterations, Method::Lhs, seed);

    let years = &p.years;
    let planned: Vec<Vec<Decimal>> = p
        .workstreams
        .iter()
        .map(|w| w.years.iter().map(|y| y.planned).collect())
        .collect();
    // One iteration: each workstream's cashable per programme year.
    let memo = crate::kinds::memo::Memo::default();
    let sources = &Sources {
        memo: Some(&memo),
        ..*sources
    };
    // Each uncertain workstream's parameters and prepared model, for its
    // iterations in f64 where its kind can run them so (see
    // `uncertainty::simulate::Fast`).
    let values_of = |w: usize, sample: &[f64]| -> Vec<f64> {
        params
            .iter()
            .zip(sample)
            .filter(|((i, _), _)| *i == w)
            .map(|(_, v)| *v)
            .collect()
    };
    let parameters: Vec<Vec<Uncertain>> = (0..tables.len())
        .map(|w| {
            params
                .iter()
                .filter(|(i, _)| *i == w)
                .map(|(_, x)| x.clone())
                .collect()
        })
        .collect();
    let sets_of = |w: usize, sample: &[f64]| iteration_sets(&parameters[w], &values_of(w, sample));
    let prepared: Vec<Option<crate::kinds::Prepared>> = (0..tables.len())
        .map(|w| match (&tables[w], &models[w]) {
            (Some(_), Some(model)) => crate::kinds::prepare_with(model, sources).ok(),
            _ => None,
        })
        .collect();
    let fast: Vec<Option<Fast>> = (0..tables.len())
        .map(|w| match (&prepared[w], samples.first()) {
            (Some(p), Some(first)) => Fast::new(p, &parameters[w], &values_of(w, first)),
            _ => None,
        })
        .collect();
    // The others' models parsed once for every iteration, for the exact
    // engine.
    let templates: Vec<Option<Template>> = (0..tables.len())
        .map(
            |w| match (&fast[w], &tables[w], &models[w], samples.first()) {
                (None, Some(_), Some(model), Some(first)) => template(model, &sets_of(w, first)),
                _ => None,
            },
        )
        .collect();
    let parsed: Vec<Option<Parsed>> = templates
        .iter()
        .map(|t| t.as_ref().and_then(Template::parse))
        .collect();
    let one = |sample: &Vec<f64>| -> Result<Vec<Vec<Decimal>>> {
        let mut out = planned.clone();
        for (w, u) in tables.iter().enumerate() {
            let (Some(_), Some(model)) = (u, &models[w]) else {
                continue;
            };
            let o = match fast[w].as_ref().and_then(|f| f.run(&values_of(w, sample))) {
                Some(o) => o,
                None => evaluate_from(parsed[w].as_ref(), model, sources, &sets_of(w, sample))?,
            };
            let start = model.horizon.start;
            for (k, y) in years.iter().enumerate() {
                let i = y.0 - start.0;
                out[w][k] = if i >= 0 && (i as usize) < o.cashable.len() {
                    round_places(o.cashable[i as usize], 2)
                } else {
                    Decimal::ZERO
                };
            }
        }
        Ok(out)
    };
    let outcomes: Vec<Vec<Vec<Decimal>>> =
        uncertainty::on_threads(|| samples.par_iter().map(one).collect::<Result<Vec<_>>>())?;

    let n = outcomes.len();
    let counted: Vec<usize> = p
        .workstreams
        .iter()
        .enumerate()
        .filter(|(_, w)| w.counts())
        .map(|(i, _)| i)
        .collect();
    let total = |o: &Vec<Vec<Decimal>>, k: usize| -> Decimal {
        counted.iter().map(|w| o[*w][k]).sum::<Decimal>() - p.totals[k].overlaps
    };
    let mut totals = Vec::new();
    let mut p_target_met = Vec::new();
    let mut every = vec![true; n];
    for (k, t) in p.totals.iter().enumerate() {
        let mut v: Vec<Decimal> = outcomes.iter().map(|o| total(o, k)).collect();
        p_target_met.push(t.target.map(|target| {
            let mut met = 0;
            for (i, x) in v.iter().enumerate() {
                if *x >= target {
                    met += 1;
                } else {
                    every[i] = false;
                }
            }
            share(met, n)
        }));
        totals.push(Stats::of(&mut v));
    }
    let has_target = p.totals.iter().any(|t| t.target.is_some());
    let p_every_target_met = has_target.then(|| share(every.iter().filter(|x| **x).count(), n));
    let mut workstreams = Vec::new();
    let mut p_plan_met = Vec::new();
    for (w, u) in tables.iter().enumerate() {
        if u.is_none() {
            p_plan_met.push(vec![None; years.len()]);
            continue;
        }
        let mut sums: Vec<Decimal> = outcomes.iter().map(|o| o[w].iter().sum()).collect();
        let s = Stats::of(&mut sums);
        workstreams.push(WorkstreamSpread {
            name: p.def.workstreams[w].name.clone(),
            planned: planned[w].iter().sum(),
            p10: s.p(10),
            p50: s.p(50),
            p90: s.p(90),
        });
        let threshold = Decimal::new(95, 2);
        p_plan_met.push(
            (0..years.len())
                .map(|k| {
                    let plan = planned[w][k];
                    (plan > Decimal::ZERO).then(|| {
                        share(
                            outcomes
                                .iter()
                                .filter(|o| o[w][k] >= plan * threshold)
                                .count(),
                            n,
                        )
                    })
                })
                .collect(),
        );
    }
    workstreams.sort_by(|a, b| {
        (b.p90 - b.p10)
            .cmp(&(a.p90 - a.p10))
            .then_with(|| a.name.cmp(&b.name))
    });
    Ok(ProgrammeSimulation {
        iterations: n,
        seed,
        years: years.clone(),
        totals,
        p_target_met,
        p_every_target_met,
        workstreams,
        p_plan_met,
    })
}

/// Rates each counted workstream's years that have no rating yet (no
/// actuals, forecast or owner's rating) from the chance of delivering
/// the plan.
pub fn rate_from_chance(p: &mut Programme) {
    let Some(sim) = p.simulation.clone() else {
        return;
    };
    for (w, chances) in p.workstreams.iter_mut().zip(&sim.p_plan_met) {
        if !w.def.status.counts() {
            continue;
        }
        for (y, chance) in w.years.iter_mut().zip(chances) {
            if y.rag.is_none() {
                if let Some(c) = chance {
                    y.rag = Some((rate_chance(*c), RagSource::Simulation));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chance_of_delivering_the_plan_rates_at_80_and_50_percent() {
        let d = |s: &str| Decimal::from_str_exact(s).unwrap();
        assert_eq!(rate_chance(d("0.8")), Rag::Green);
        assert_eq!(rate_chance(d("0.7999")), Rag::Amber);
        assert_eq!(rate_chance(d("0.5")), Rag::Amber);
        assert_eq!(rate_chance(d("0.4999")), Rag::Red);
    }
}
