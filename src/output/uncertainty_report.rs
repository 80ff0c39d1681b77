//! The Uncertainty section of `report.html` and `report.md`, and the
//! Uncertainty and Sensitivity sheets of `results.xlsx`, when a model was
//! simulated: the sentence a member reads, the uncertain parameters, the
//! percentiles of the cumulative net cashable position by financial year,
//! the tornado with its switching values, and the charts.

use super::report::{ReportChart, Section};
use super::table::{Cell, Table};
use super::uncertainty::YEAR_MEASURES;
use super::uncertainty_figures::{sentence, value_label};
use super::xlsx::{Sheet, XCell};
use crate::money::Decimal;
use crate::uncertainty::sampling::Distribution;
use crate::uncertainty::simulate::PERCENTILES;
use crate::uncertainty::{exact, Base, Results, Uncertain};

/// A number of a distribution as the file would write it (6 significant
/// figures).
fn num(x: f64) -> String {
    value_label(&exact(x, false).to_string())
}

/// A parameter's distribution in words: "triangular: from 0.6, most
/// likely 0.8, to 0.9"; a date's in months of delay.
pub fn distribution_words(p: &Uncertain) -> String {
    let unit = if matches!(p.base, Base::Date(_)) {
        " months of delay"
    } else {
        ""
    };
    let text = match &p.distribution {
        Distribution::Triangular { min, mode, max } => format!(
            "triangular: from {}, most likely {}, to {}{unit}",
            num(*min),
            num(*mode),
            num(*max)
        ),
        Distribution::Pert { min, mode, max } => format!(
            "PERT: from {}, most likely {}, to {}{unit}",
            num(*min),
            num(*mode),
            num(*max)
        ),
        Distribution::Uniform { min, max } => format!(
            "uniform: any value from {} to {}{unit}, equally likely",
            num(*min),
            num(*max)
        ),
        Distribution::Normal { mean, sd, min, max } => format!(
            "normal: mean {}, standard deviation {}, kept within {} to {}{unit}",
            num(*mean),
            num(*sd),
            num(*min),
            num(*max)
        ),
        Distribution::Discrete { values } => format!(
            "one of {}{unit}",
            values
                .iter()
                .map(|(v, p)| format!(
                    "{} ({}%)",
                    num(*v),
                    exact(p * 100.0, false).round_dp(1).normalize()
                ))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    if p.whole && unit.is_empty() {
        format!("{text} (whole numbers)")
    } else {
        text
    }
}

/// The uncertain parameters: path, distribution in words, base value.
pub fn parameters_table(r: &Results) -> Table {
    let mut t = Table::new(
        "Uncertain parameters",
        &["Parameter", "Distribution", "Base value (the model's own)"],
    );
    for p in &r.uncertainty.parameters {
        t.rows.push(vec![
            Cell::Text(p.path.clone()),
            Cell::Text(distribution_words(p)),
            Cell::Text(value_label(&p.base.text())),
        ]);
    }
    t
}

/// The cumulative net cashable position by FY: P10, P50 and P90 of the
/// simulation beside the model's own values.
pub fn percentiles_table(r: &Results) -> Table {
    let sim = &r.simulation;
    let mut t = Table::new(
        &format!(
            "Cumulative net cashable position by financial year, simulated (£, cash; {} iterations)",
            super::uncertainty_figures::group_count(sim.iterations)
        ),
        &[
            "Financial year",
            "P10",
            "P50 (median)",
            "P90",
            "The model's own values",
        ],
    );
    for (i, (y, s)) in sim.years.iter().zip(&sim.by_year).enumerate() {
        let label = if i < sim.mtfs_years {
            format!("{y} (MTFS)")
        } else {
            y.to_string()
        };
        t.rows.push(vec![
            Cell::Text(label),
            Cell::Money(s[2].p(10)),
            Cell::Money(s[2].p(50)),
            Cell::Money(s[2].p(90)),
            sim.base_cumulative
                .get(i)
                .map(|d| Cell::Money(*d))
                .unwrap_or(Cell::Empty),
        ]);
    }
    t
}

fn switching(v: &Option<String>) -> Cell {
    Cell::Text(
        v.as_deref()
            .map(value_label)
            .unwrap_or_else(|| "none in range".into()),
    )
}

/// The tornado, largest swing first, with switching values.
pub fn tornado_table(r: &Results) -> Table {
    let mut t = Table::new(
        "Sensitivity: each parameter alone at its P10 and P90, and its switching values",
        &[
            "Parameter",
            "P10 value",
            "P90 value",
            "NPV at P10",
            "NPV at P90",
            "NPV swing",
            "MTFS net cashable at P10",
            "MTFS net cashable at P90",
            "NPV is zero at",
            "MTFS net cashable is zero at",
        ],
    );
    for row in &r.sensitivity {
        t.rows.push(vec![
            Cell::Text(row.parameter.clone()),
            Cell::Text(value_label(&row.p10_value)),
            Cell::Text(value_label(&row.p90_value)),
            Cell::Money(row.npv_at_p10),
            Cell::Money(row.npv_at_p90),
            Cell::Money(row.npv_swing),
            Cell::Money(row.mtfs_net_cashable_at_p10),
            Cell::Money(row.mtfs_net_cashable_at_p90),
            switching(&row.switching_value_npv),
            switching(&row.switching_value_mtfs),
        ]);
    }
    t
}

/// The report's Uncertainty section, with the simulation's charts.
pub fn section(r: &Results, charts: Vec<ReportChart>) -> Section {
    let sim = &r.simulation;
    let method = match sim.method {
        crate::uncertainty::sampling::Method::Lhs => "Latin hypercube sampling",
        crate::uncertainty::sampling::Method::Mc => "plain Monte Carlo sampling",
    };
    Section {
        id: "uncertainty".into(),
        heading: "Uncertainty".into(),
        paragraphs: vec![
            sentence(r),
            format!(
                "From {} iterations ({method}, seed {}): in each, every uncertain parameter below \
                 takes a value drawn from its distribution and the model is run through the same \
                 engine. Percentiles are nearest-rank: P10 is the value that 10% of iterations \
                 are at or below. The sensitivity table runs the model with one parameter at a \
                 time at its P10 and P90, the others at their own values (NPV in £, real terms; \
                 net cashable of the MTFS period {} in £, cash); a switching value is the value \
                 within the parameter's range at which the measure would be zero (\"none in \
                 range\": it keeps one sign).",
                super::uncertainty_figures::group_count(sim.iterations),
                sim.seed,
                sim.mtfs_period()
            ),
        ],
        charts,
        tables: vec![parameters_table(r), percentiles_table(r), tornado_table(r)],
    }
}

/// `results.xlsx`'s Uncertainty sheet (mean and percentiles of each
/// measure by FY, then of the measures over the MTFS period and the
/// horizon, as `simulation.csv` and `distribution.csv` have them) and its
/// Sensitivity sheet (as `sensitivity.csv`).
pub fn sheets(r: &Results) -> [Sheet; 2] {
    let sim = &r.simulation;
    let mut columns = vec!["period".to_string(), "measure".to_string(), "mean".into()];
    columns.extend(PERCENTILES.iter().map(|q| format!("P{q}")));
    let mut u = Sheet::new("Uncertainty", &[]);
    u.columns = columns;
    let stats_row = |period: String, measure: &str, s: &crate::uncertainty::simulate::Stats| {
        let mut row = vec![
            XCell::Table(Cell::Text(period)),
            XCell::Table(Cell::Text(measure.to_string())),
            XCell::Table(Cell::Money(s.mean)),
        ];
        row.extend(s.percentiles.iter().map(|p| XCell::Table(Cell::Money(*p))));
        row
    };
    for (y, stats) in sim.years.iter().zip(&sim.by_year) {
        for (m, s) in YEAR_MEASURES.iter().zip(stats) {
            u.rows.push(stats_row(y.to_string(), m, s));
        }
    }
    for (m, s) in &sim.measures {
        let period = if m.ends_with("_mtfs") {
            format!("MTFS period {}", sim.mtfs_period())
        } else {
            "horizon".to_string()
        };
        u.rows.push(stats_row(period, m, s));
    }
    u.notes.push((
        3,
        format!(
            "Nearest-rank percentiles of {} iterations (seed {}): P10 is the value 10% of \
             iterations are at or below. The figures are those of simulation.csv and \
             distribution.csv, to the penny.",
            sim.iterations, sim.seed
        ),
    ));
    // sensitivity.csv's columns, in words
    let mut s = Sheet::new(
        "Sensitivity",
        &[
            "Parameter",
            "Base",
            "P10 value",
            "P90 value",
            "NPV at P10",
            "NPV at P90",
            "NPV swing",
            "MTFS net cashable at P10",
            "MTFS net cashable at P90",
            "Switching value (NPV)",
            "Switching value (MTFS net cashable)",
        ],
    );
    let text = |t: &str| XCell::Table(Cell::Text(t.to_string()));
    let money = |d: Decimal| XCell::Table(Cell::Money(d));
    let none = |v: &Option<String>| text(v.as_deref().unwrap_or("none"));
    for row in &r.sensitivity {
        s.rows.push(vec![
            text(&row.parameter),
            text(&row.base),
            text(&row.p10_value),
            text(&row.p90_value),
            money(row.npv_at_p10),
            money(row.npv_at_p90),
            money(row.npv_swing),
            money(row.mtfs_net_cashable_at_p10),
            money(row.mtfs_net_cashable_at_p90),
            none(&row.switching_value_npv),
            none(&row.switching_value_mtfs),
        ]);
    }
    s.notes.push((
        9,
        "The parameter's value at which the NPV would be zero, found by running the model; \
         none: the NPV keeps one sign over the whole range."
            .into(),
    ));
    [u, s]
}
