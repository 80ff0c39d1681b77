//! The charts of a run and of a comparison: what each shows, its title,
//! subtitle and source note, built from the run's figures and drawn by
//! [`super::charts`].
//!
//! Chart coordinates are `f64`: this is where money leaves `Decimal`, for
//! drawing only. Every figure a reader can copy (CSV, Excel, report
//! tables, alt text headline) comes from the exact values.

use super::charts::{
    self, class_words, BaselineBars, ChartText, Comparison, OptionPv, Rendered, SavingsProfile,
};
use super::report::ReportChart;
use crate::error::{Error, Result};
use crate::flows::Class;
use crate::money::{short, Decimal};
use crate::results::ModelRun;
use rust_decimal::prelude::ToPrimitive;
use std::path::Path;

/// A chart's title and its drawing.
pub type Figure = (String, Rendered);

fn f(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(f64::NAN)
}

fn chart_error(e: charts::ChartError) -> Error {
    Error::Internal(format!("chart: {e}"))
}

fn source(run: &ModelRun) -> String {
    format!(
        "Source: {}; {}",
        run.baseline_file.display(),
        run.prepared.model.file.display()
    )
}

/// Stacked bars of the savings by class and financial year, costs below
/// zero, with the cumulative net cashable position as a line.
pub fn savings_chart(run: &ModelRun) -> Result<Figure> {
    let a = &run.appraisal;
    let m = &run.prepared.model;
    let series = |c: Class| a.rows.iter().map(|r| f(r.class(c))).collect::<Vec<_>>();
    let last = m.horizon.last_year();
    let title = match a.payback_year {
        Some(y) if a.payback_years != Some(0) => format!("{}: pays back in {y}", m.name),
        Some(_) => format!("{}: net cashable savings from the first year", m.name),
        None => format!(
            "{}: net cashable position {} by {last}",
            m.name,
            short(a.net_cashable)
        ),
    };
    let profile = SavingsProfile {
        text: ChartText {
            title: title.clone(),
            subtitle: format!(
                "Savings (+) and costs (−) by financial year, £ cash; baseline at {} prices",
                run.prepared.price_base()
            ),
            source: source(run),
        },
        years: a.rows.iter().map(|r| r.year.to_string()).collect(),
        benefits: [
            Class::Cashable,
            Class::NonCashable,
            Class::CostAvoidance,
            Class::CapitalReceipt,
        ]
        .into_iter()
        .map(|c| (c, class_words(c).to_string(), series(c)))
        .collect(),
        costs: [Class::OneOffCost, Class::FinancingCost]
            .into_iter()
            .map(|c| (c, class_words(c).to_string(), series(c)))
            .collect(),
        cumulative: a
            .rows
            .iter()
            .map(|r| f(r.cumulative_net_cashable))
            .collect(),
        payback_year: a
            .payback_year
            .filter(|_| a.payback_years != Some(0))
            .map(|y| y.to_string()),
    };
    let rendered = charts::savings_profile(&profile).map_err(chart_error)?;
    Ok((title, rendered))
}

/// What each kind's baseline chart shows.
pub fn baseline_chart(run: &ModelRun) -> Result<Figure> {
    let p = &run.prepared;
    let price_base = p.price_base();
    let text = |title: String, what: &str| ChartText {
        title,
        subtitle: format!("{what}, £ a year at {price_base} prices"),
        source: source(run),
    };
    let chart = p.plan.baseline_chart();
    let bars = BaselineBars {
        text: text(chart.title, &chart.what),
        categories: chart.categories,
        series: chart
            .series
            .into_iter()
            .map(|(name, values)| (name, values.into_iter().map(f).collect()))
            .collect(),
        horizontal: true,
        additive: chart.additive,
        alt: None,
        colours: Vec::new(),
    };
    let title = bars.text.title.clone();
    let rendered = charts::baseline_bars(&bars).map_err(chart_error)?;
    Ok((title, rendered))
}

/// Who gains and who pays: each body's totals over the horizon by class,
/// gains right of zero and costs left (SPEC 7.7). Drawn when a flow falls
/// on a body other than the authority.
pub fn bodies_chart(run: &ModelRun) -> Result<Option<Figure>> {
    let bodies = &run.totals.bodies;
    if bodies.len() < 2 {
        return Ok(None);
    }
    let name = |b: &crate::flows::BodyTotals| {
        b.body
            .clone()
            .unwrap_or_else(|| run.prepared.authority.clone())
    };
    let total = |b: &crate::flows::BodyTotals, c: Class| -> Decimal {
        b.years.iter().map(|y| y[c as usize]).sum()
    };
    let net =
        |b: &crate::flows::BodyTotals| -> Decimal { Class::ALL.iter().map(|c| total(b, *c)).sum() };
    let words: Vec<String> = bodies
        .iter()
        .map(|b| {
            let n = net(b);
            if n < Decimal::ZERO {
                format!("{} pays {}", name(b), short(-n))
            } else {
                format!("{} gains {}", name(b), short(n))
            }
        })
        .collect();
    let title = format!("Who gains, who pays: {}", words.join("; "));
    let counted = if run.prepared.model.appraisal.public_sector {
        "the appraisal counts every body"
    } else {
        "the appraisal counts the authority only"
    };
    let classes: Vec<Class> = Class::ALL
        .into_iter()
        .filter(|c| bodies.iter().any(|b| !total(b, *c).is_zero()))
        .collect();
    let bars = BaselineBars {
        text: ChartText {
            title: title.clone(),
            subtitle: format!(
                "Each body's savings (+) and costs (−) over the horizon by class, £ cash; {counted}"
            ),
            source: source(run),
        },
        categories: bodies.iter().map(name).collect(),
        series: classes
            .iter()
            .map(|c| {
                (
                    class_words(*c).to_string(),
                    bodies.iter().map(|b| f(total(b, *c))).collect(),
                )
            })
            .collect(),
        horizontal: true,
        additive: true,
        alt: Some(format!(
            "Horizontal bar chart of who gains and who pays over the horizon, by class: {}. {}.",
            words.join("; "),
            counted.replace("the appraisal", "The appraisal")
        )),
        // The classes in the colours of the savings chart.
        colours: classes
            .iter()
            .map(|c| (class_words(*c).to_string(), charts::class_colour(*c)))
            .collect(),
    };
    let rendered = charts::baseline_bars(&bars).map_err(chart_error)?;
    Ok(Some((title, rendered)))
}

/// The cumulative net cashable position of every option, and what each
/// one's NPV is made of, in the ranked order.
pub fn comparison_chart(cmp: &crate::compare::Comparison) -> Result<Figure> {
    let rows = &cmp.rows;
    let years = cmp.financial_years();
    let cumulative = rows
        .iter()
        .map(|r| {
            let values = years
                .iter()
                .map(|y| {
                    r.run
                        .appraisal
                        .rows
                        .iter()
                        .find(|row| row.year == *y)
                        .map(|row| f(row.cumulative_net_cashable))
                        .unwrap_or(f64::NAN)
                })
                .collect();
            (r.name().to_string(), values)
        })
        .collect();
    let by = cmp.rank_by;
    let title = match rows.first() {
        Some(best) => {
            let mut t = format!(
                "{} ranks first by {}, {}",
                best.name(),
                by.short(),
                short(best.measure(by))
            );
            if !best.flags.is_empty() {
                let avoidance = best
                    .avoidance_share
                    .is_some_and(|s| s > crate::compare::AVOIDANCE_FLAG_SHARE);
                let words = match (avoidance, best.run.appraisal.payback_year.is_none()) {
                    (true, true) => "; its NPV is mostly cost avoidance and it never pays back",
                    (true, false) => "; its NPV is mostly cost avoidance",
                    (false, true) => "; it never pays back",
                    _ => "",
                };
                t.push_str(words);
            }
            t
        }
        None => "No options to compare".into(),
    };
    let c = Comparison {
        text: ChartText {
            title: title.clone(),
            subtitle: "Top: cumulative net cashable position, £ cash. Bottom: present value by class, £, real terms, Green Book discounting".into(),
            source: format!(
                "Source: {}",
                rows.iter()
                    .map(|r| r.run.prepared.model.file.display().to_string())
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        },
        years: years.iter().map(|y| y.to_string()).collect(),
        cumulative,
        options: rows
            .iter()
            .map(|r| OptionPv {
                name: r.name().to_string(),
                pv: Class::ALL
                    .iter()
                    .filter(|c| {
                        **c != Class::CapitalReceipt
                            || r.run.prepared.model.appraisal.include_capital_receipts
                    })
                    .map(|c| (*c, f(r.run.appraisal.pv_total(*c))))
                    .collect(),
                npv: f(r.run.appraisal.npv),
            })
            .collect(),
        ranked_by: by.short().to_string(),
    };
    let rendered = charts::comparison(&c).map_err(chart_error)?;
    Ok((title, rendered))
}

/// The chart as it goes into a report.
pub fn report_chart(stem: &str, (title, r): &Figure) -> ReportChart {
    ReportChart {
        title: title.clone(),
        file_stem: stem.to_string(),
        svg: r.svg.clone(),
        alt: r.alt.clone(),
    }
}

/// `STEM.svg`, `STEM.png` and `STEM.alt.txt` in `dir`.
pub fn chart_files(dir: &Path, stem: &str, r: &Rendered) -> super::Files {
    let mut alt = r.alt.clone();
    alt.push('\n');
    vec![
        (dir.join(format!("{stem}.svg")), r.svg.clone().into_bytes()),
        (dir.join(format!("{stem}.png")), r.png.clone()),
        (dir.join(format!("{stem}.alt.txt")), alt.into_bytes()),
    ]
}
