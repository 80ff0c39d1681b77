//! The files of a simulation (SPEC 9.3–9.4): `simulation.csv`,
//! `distribution.csv`, `sensitivity.csv` and the `uncertainty` part of
//! `summary.json`. Amounts to 2 places, half to even, as every other table.

use super::tables::{neutralise, rounded_column, to_csv};
use crate::error::Result;
use crate::money::{pennies, Decimal};
use crate::uncertainty::sampling::Method;
use crate::uncertainty::simulate::{Simulation, Stats, PERCENTILES};
use crate::uncertainty::{sensitivity, Results};
use polars::prelude::*;
use serde::Serialize;

fn stats_columns(first: Column, stats: &[Stats]) -> PolarsResult<DataFrame> {
    let mut cols = vec![first];
    let means: Vec<Decimal> = stats.iter().map(|s| s.mean).collect();
    cols.push(rounded_column("mean", &means, 2)?);
    for (i, q) in PERCENTILES.iter().enumerate() {
        let v: Vec<Decimal> = stats.iter().map(|s| s.percentiles[i]).collect();
        cols.push(rounded_column(&format!("p{q}"), &v, 2)?);
    }
    DataFrame::new_infer_height(cols)
}

/// The per-FY measures of `simulation.csv`, in order.
pub const YEAR_MEASURES: [&str; 3] = ["cashable", "net_cashable", "cumulative_net_cashable"];

/// `simulation.csv`: per FY and measure, the mean and percentiles.
pub fn simulation_csv(sim: &Simulation) -> Result<Vec<u8>> {
    let mut years = Vec::new();
    let mut measures = Vec::new();
    let mut stats = Vec::new();
    for (y, row) in sim.years.iter().zip(&sim.by_year) {
        for (m, s) in YEAR_MEASURES.iter().zip(row) {
            years.push(y.to_string());
            measures.push(*m);
            stats.push(*s);
        }
    }
    let mut df = stats_columns(Column::new("financial_year".into(), years), &stats)?;
    df.insert_column(1, Column::new("measure".into(), measures))?;
    Ok(to_csv(&mut df)?)
}

/// `distribution.csv`: per measure over the horizon or the MTFS period.
pub fn distribution_csv(sim: &Simulation) -> Result<Vec<u8>> {
    let names: Vec<&str> = sim.measures.iter().map(|(n, _)| *n).collect();
    let stats: Vec<Stats> = sim.measures.iter().map(|(_, s)| *s).collect();
    let mut df = stats_columns(Column::new("measure".into(), names), &stats)?;
    Ok(to_csv(&mut df)?)
}

/// The columns of `sensitivity.csv`, in order.
pub const SENSITIVITY_COLUMNS: [&str; 11] = [
    "parameter",
    "base",
    "p10_value",
    "p90_value",
    "npv_at_p10",
    "npv_at_p90",
    "npv_swing",
    "mtfs_net_cashable_at_p10",
    "mtfs_net_cashable_at_p90",
    "switching_value_npv",
    "switching_value_mtfs",
];

/// `sensitivity.csv`: the tornado, largest NPV swing first, and switching
/// values (`none` when the measure keeps one sign over the range).
pub fn sensitivity_csv(rows: &[sensitivity::Row]) -> Result<Vec<u8>> {
    let text = |f: fn(&sensitivity::Row) -> String| -> Column {
        Column::new("".into(), rows.iter().map(f).collect::<Vec<String>>())
    };
    let money = |name: &str, f: fn(&sensitivity::Row) -> Decimal| {
        rounded_column(name, &rows.iter().map(f).collect::<Vec<_>>(), 2)
    };
    let named = |c: Column, name: &str| c.with_name(name.into());
    let mut df = DataFrame::new_infer_height(vec![
        named(text(|r| neutralise(&r.parameter)), "parameter"),
        // A number stays a number (a spreadsheet reads -0.03 as one); only
        // words are made safe.
        named(
            text(|r| {
                if r.base.parse::<f64>().is_ok() {
                    r.base.clone()
                } else {
                    neutralise(&r.base)
                }
            }),
            "base",
        ),
        named(text(|r| r.p10_value.clone()), "p10_value"),
        named(text(|r| r.p90_value.clone()), "p90_value"),
        money("npv_at_p10", |r| r.npv_at_p10)?,
        money("npv_at_p90", |r| r.npv_at_p90)?,
        money("npv_swing", |r| r.npv_swing)?,
        money("mtfs_net_cashable_at_p10", |r| r.mtfs_net_cashable_at_p10)?,
        money("mtfs_net_cashable_at_p90", |r| r.mtfs_net_cashable_at_p90)?,
        named(
            text(|r| {
                r.switching_value_npv
                    .clone()
                    .unwrap_or_else(|| "none".into())
            }),
            "switching_value_npv",
        ),
        named(
            text(|r| {
                r.switching_value_mtfs
                    .clone()
                    .unwrap_or_else(|| "none".into())
            }),
            "switching_value_mtfs",
        ),
    ])?;
    Ok(to_csv(&mut df)?)
}

/// `summary.json`'s `uncertainty`.
#[derive(Serialize)]
pub struct UncertaintyJson {
    iterations: usize,
    seed: u64,
    method: &'static str,
    mtfs_period: String,
    target: Option<String>,
    p_target_met: Option<String>,
    p_payback_within_horizon: String,
    p_npv_positive: String,
    npv_p10: String,
    npv_p50: String,
    npv_p90: String,
}

/// A probability with 4 places.
pub fn probability(p: Decimal) -> String {
    let mut p = p.round_dp(4);
    p.rescale(4);
    p.to_string()
}

pub fn summary(r: &Results) -> UncertaintyJson {
    let sim = &r.simulation;
    let npv = sim
        .measures
        .iter()
        .find(|(n, _)| *n == "npv")
        .map(|(_, s)| *s);
    let p = |q: u32| npv.map(|s| pennies(s.p(q))).unwrap_or_default();
    UncertaintyJson {
        iterations: sim.iterations,
        seed: sim.seed,
        method: match sim.method {
            Method::Lhs => "lhs",
            Method::Mc => "mc",
        },
        mtfs_period: sim.mtfs_period(),
        target: sim.target.map(pennies),
        p_target_met: sim.p_target_met.map(probability),
        p_payback_within_horizon: probability(sim.p_payback_within_horizon),
        p_npv_positive: probability(sim.p_npv_positive),
        npv_p10: p(10),
        npv_p50: p(50),
        npv_p90: p(90),
    }
}

/// The files of a run's simulation, into its folder.
pub fn files(r: &Results, dir: &std::path::Path) -> Result<super::Files> {
    Ok(vec![
        (dir.join("simulation.csv"), simulation_csv(&r.simulation)?),
        (
            dir.join("distribution.csv"),
            distribution_csv(&r.simulation)?,
        ),
        (
            dir.join("sensitivity.csv"),
            sensitivity_csv(&r.sensitivity)?,
        ),
    ])
}
