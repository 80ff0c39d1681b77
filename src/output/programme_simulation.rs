//! The files of `savings programme --simulate`: `programme_simulation.csv`,
//! the `simulation` part of `summary.json`, the fan chart of the programme
//! total against the target, the tornado over workstreams and the
//! report's section.

use super::charts::{self, ChartText, Fan, Tornado, TornadoRow};
use super::figures::{report_chart, Figure};
use super::report::Section;
use super::table::{Cell, Table};
use crate::compare::percent;
use crate::error::{Error, Result};
use crate::money::{pennies, short, Decimal};
use crate::programme::simulate::ProgrammeSimulation;
use crate::programme::{period, Programme};
use crate::uncertainty::simulate::PERCENTILES;
use rust_decimal::prelude::ToPrimitive;
use serde_json::{json, Value};

fn f(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

fn chart_error(e: charts::ChartError) -> Error {
    Error::Internal(format!("chart: {e}"))
}

/// `programme_simulation.csv`: per year, the target, the planned total
/// net of double counting, the simulated total's mean and percentiles and
/// the chance of meeting the target.
pub fn csv(p: &Programme, sim: &ProgrammeSimulation) -> Vec<u8> {
    let mut out = String::from("financial_year,target,planned_net_of_overlaps,mean");
    for q in PERCENTILES {
        out.push_str(&format!(",p{q}"));
    }
    out.push_str(",p_target_met\n");
    for (k, t) in p.totals.iter().enumerate() {
        let s = &sim.totals[k];
        out.push_str(&format!(
            "{},{},{},{}",
            t.year,
            t.target.map(pennies).unwrap_or_default(),
            pennies(t.planned_net),
            pennies(s.mean)
        ));
        for x in s.percentiles {
            out.push_str(&format!(",{}", pennies(x)));
        }
        out.push_str(&format!(
            ",{}\n",
            sim.p_target_met[k]
                .map(super::uncertainty::probability)
                .unwrap_or_default()
        ));
    }
    out.into_bytes()
}

/// `summary.json`'s `simulation`.
pub fn json(sim: &ProgrammeSimulation) -> Value {
    json!({
        "iterations": sim.iterations,
        "seed": sim.seed,
        "method": "lhs",
        "by_year": sim.years.iter().zip(&sim.totals).zip(&sim.p_target_met).map(|((y, s), pm)| json!({
            "financial_year": y.to_string(),
            "p10": pennies(s.p(10)),
            "p50": pennies(s.p(50)),
            "p90": pennies(s.p(90)),
            "p_target_met": pm.map(super::uncertainty::probability),
        })).collect::<Vec<_>>(),
        "p_every_target_met": sim.p_every_target_met.map(super::uncertainty::probability),
        "workstreams": sim.workstreams.iter().map(|w| json!({
            "name": w.name,
            "planned": pennies(w.planned),
            "p10": pennies(w.p10),
            "p50": pennies(w.p50),
            "p90": pennies(w.p90),
        })).collect::<Vec<_>>(),
        "rag_from_chance": "a year with nothing reported is rated from the share of iterations in \
            which the workstream delivers at least 95% of its plan: green from 80%, amber from 50%, \
            red below",
    })
}

/// The headline sentence: the chance of meeting each year's target.
pub fn sentence(p: &Programme, sim: &ProgrammeSimulation) -> String {
    let mut parts = Vec::new();
    for ((y, pm), t) in sim.years.iter().zip(&sim.p_target_met).zip(&p.totals) {
        if let (Some(pm), Some(target)) = (pm, t.target) {
            let pc = percent(*pm);
            parts.push(format!(
                "{} {pc} chance of meeting {y}'s target of {}",
                super::uncertainty_figures::a_or_an(&pc),
                short(target)
            ));
        }
    }
    let mut s = if parts.is_empty() {
        format!(
            "Over {} simulated iterations the programme's total ranges as the table shows \
             (no target is set).",
            sim.iterations
        )
    } else {
        format!(
            "Over {} simulated iterations, the programme has {}.",
            sim.iterations,
            parts.join(", ")
        )
    };
    if let Some(all) = sim.p_every_target_met {
        s.push_str(&format!(
            " The chance of meeting every year's target is {}.",
            percent(all)
        ));
    }
    if let Some(w) = sim.workstreams.first() {
        s.push_str(&format!(
            " The uncertainty that matters most is {}'s: its savings over {} range from {} \
             (P10) to {} (P90) against {} planned.",
            w.name,
            period(&sim.years),
            short(w.p10),
            short(w.p90),
            short(w.planned)
        ));
    }
    s
}

/// The fan chart of the programme total per year against the target.
pub fn fan(p: &Programme, sim: &ProgrammeSimulation, source: String) -> Result<Figure> {
    let has_target = p.totals.iter().any(|t| t.target.is_some());
    let title = match sim.p_every_target_met {
        Some(all) => format!(
            "{}: {} {} chance of meeting every year's target",
            p.def.name,
            super::uncertainty_figures::a_or_an(&percent(all)),
            percent(all)
        ),
        None => format!("{}: simulated savings by financial year", p.def.name),
    };
    let bands = [10, 25, 50, 75, 90].map(|q| sim.totals.iter().map(|s| f(s.p(q))).collect());
    let dashed: Vec<f64> = p
        .totals
        .iter()
        .map(|t| {
            f(if has_target {
                t.target.unwrap_or_default()
            } else {
                t.planned_net
            })
        })
        .collect();
    let mut alt = format!(
        "Fan chart of the programme's cashable savings net of double counting by financial \
         year, {}, over {} simulated iterations: a band from P10 to P90, a darker band from \
         P25 to P75 and the median as a line; the dashed line is the {}.",
        period(&sim.years),
        sim.iterations,
        if has_target { "target" } else { "plan" }
    );
    for ((y, s), pm) in sim.years.iter().zip(&sim.totals).zip(&sim.p_target_met) {
        alt.push_str(&format!(
            " {y}: median {}, P10 {}, P90 {}{}.",
            short(s.p(50)),
            short(s.p(10)),
            short(s.p(90)),
            pm.map(|x| format!(", {} chance of meeting the target", percent(x)))
                .unwrap_or_default()
        ));
    }
    let chart = Fan {
        text: ChartText {
            title: title.clone(),
            subtitle: "Cashable savings of each financial year, net of double counting, £ cash, \
                       simulated"
                .into(),
            source,
        },
        years: sim.years.iter().map(|y| y.to_string()).collect(),
        bands,
        deterministic: dashed,
        dashed_label: Some(if has_target {
            "The target".into()
        } else {
            "Planned (net of double counting)".into()
        }),
        mark: None,
        alt,
    };
    let rendered = charts::fan(&chart).map_err(chart_error)?;
    Ok((title, rendered))
}

/// The tornado over workstreams: the programme's total over its years
/// with one workstream at its own P10 or P90 and the others as planned.
pub fn tornado(p: &Programme, sim: &ProgrammeSimulation, source: String) -> Result<Option<Figure>> {
    let Some(first) = sim.workstreams.first() else {
        return Ok(None);
    };
    let base: Decimal = p.totals.iter().map(|t| t.planned_net).sum();
    let title = format!(
        "{}: {}'s uncertainty matters most (a swing of {})",
        p.def.name,
        first.name,
        short(first.p90 - first.p10)
    );
    let rows: Vec<TornadoRow> = sim
        .workstreams
        .iter()
        .map(|w| TornadoRow {
            name: w.name.clone(),
            at_p10: f(base - w.planned + w.p10),
            p10_label: short(w.p10),
            at_p90: f(base - w.planned + w.p90),
            p90_label: short(w.p90),
        })
        .collect();
    let mut alt = format!(
        "Tornado chart of the programme's cashable savings over {} with one workstream at its \
         own P10 and P90 and the others as planned; planned total {}. Largest swing first:",
        period(&sim.years),
        short(base)
    );
    for w in &sim.workstreams {
        alt.push_str(&format!(
            " {} ({} to {});",
            w.name,
            short(base - w.planned + w.p10),
            short(base - w.planned + w.p90)
        ));
    }
    let chart = Tornado {
        what: "Workstream".into(),
        text: ChartText {
            title: title.clone(),
            subtitle: format!(
                "Cashable savings over {}, net of double counting, £ cash; each workstream's \
                 P10 and P90 from the simulation",
                period(&sim.years)
            ),
            source,
        },
        rows,
        base: f(base),
        alt,
    };
    let rendered = charts::tornado(&chart).map_err(chart_error)?;
    Ok(Some((title, rendered)))
}

/// The report's section.
pub fn section(p: &Programme, sim: &ProgrammeSimulation, figures: &[(&str, &Figure)]) -> Section {
    let mut by_year = Table::new(
        "The programme total net of double counting, simulated",
        &[
            "Year",
            "Target",
            "Planned net",
            "P10",
            "P50",
            "P90",
            "Chance of meeting the target",
        ],
    );
    for ((t, s), pm) in p.totals.iter().zip(&sim.totals).zip(&sim.p_target_met) {
        by_year.rows.push(vec![
            Cell::Text(t.year.to_string()),
            t.target.map(Cell::Money).unwrap_or(Cell::Empty),
            Cell::Money(t.planned_net),
            Cell::Money(s.p(10)),
            Cell::Money(s.p(50)),
            Cell::Money(s.p(90)),
            Cell::Text(pm.map(percent).unwrap_or_else(|| "no target".into())),
        ]);
    }
    let mut spread = Table::new(
        "Which workstream's uncertainty matters most (savings over the programme's years)",
        &["Workstream", "Planned", "P10", "P50", "P90"],
    );
    for w in &sim.workstreams {
        spread.rows.push(vec![
            Cell::Text(w.name.clone()),
            Cell::Money(w.planned),
            Cell::Money(w.p10),
            Cell::Money(w.p50),
            Cell::Money(w.p90),
        ]);
    }
    Section {
        id: "uncertainty".into(),
        heading: "Uncertainty".into(),
        paragraphs: vec![
            sentence(p, sim),
            format!(
                "Every workstream's [uncertainty] table is sampled together ({} iterations, Latin \
                 hypercube, seed {}, with the programme file's correlations between workstreams); \
                 each iteration runs the uncertain workstreams through the same engine, and the \
                 others count as planned. The double counting found in the plan is taken off at \
                 its planned amount. A year with nothing reported is rated from the chance of \
                 delivering the plan: green when at least 80% of iterations deliver 95% of it, \
                 amber from 50%, red below (shown as \"(simulation)\").",
                sim.iterations, sim.seed
            ),
        ],
        charts: figures
            .iter()
            .map(|(stem, fig)| report_chart(stem, fig))
            .collect(),
        tables: vec![by_year, spread],
    }
}
