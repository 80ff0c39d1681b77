//! The charts of a simulation, built from its exact figures: the fan chart
//! (`fan`), the S-curve of NPV (`s_curve`), the S-curve of the MTFS
//! period's cashable savings against the target (`s_curve_target`, when
//! the table sets one) and the tornado (`tornado`). Titles state the
//! message and the alt text gives the probabilities, both from the exact
//! `Decimal` figures; only the chart coordinates are `f64`.

use super::charts::{self, ChartText, Fan, SCurve, Tornado, TornadoRow};
use super::figures::Figure;
use crate::compare::percent;
use crate::error::{Error, Result};
use crate::money::{round_pennies, short, Decimal};
use crate::results::ModelRun;
use crate::uncertainty::simulate::Simulation;
use crate::uncertainty::Results;
use rust_decimal::prelude::ToPrimitive;

/// The stems of the charts a simulation adds, in the order the report
/// shows them.
pub const STEMS: [&str; 4] = ["fan", "s_curve", "s_curve_target", "tornado"];

/// The most points an S-curve draws: every one an iteration's exact value
/// at its rank.
pub const S_CURVE_POINTS: usize = 500;

/// The percentiles the fan chart draws, in order: its outer band, inner
/// band, median, inner band, outer band.
pub const FAN_PERCENTILES: [u32; 5] = [10, 25, 50, 75, 90];

/// The percentile the fan chart's title and the report's sentence quote:
/// P25, so "a 75% chance of at least" that figure (at least 75% of the
/// iterations are at or above it, by the nearest rank).
pub const QUOTED_PERCENTILE: u32 = 25;

fn f(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(f64::NAN)
}

fn chart_error(e: charts::ChartError) -> Error {
    Error::Internal(format!("chart: {e}"))
}

fn source(run: &ModelRun, sim: &Simulation) -> String {
    format!(
        "Source: {}; {}; {} iterations, seed {}",
        run.baseline_file.display(),
        run.prepared.model.file.display(),
        group_count(sim.iterations),
        sim.seed
    )
}

/// `10000` → `10,000`.
pub fn group_count(n: usize) -> String {
    crate::money::group(&n.to_string())
}

/// `d` rounded down to the precision [`short`] shows it with, so that
/// "at least £2.0m" is true of £2,049,000 and never said of £1,960,000.
pub fn short_at_least(d: Decimal) -> String {
    let step = if d.abs() >= Decimal::from(1_000_000) {
        Decimal::from(100_000)
    } else if d.abs() >= Decimal::from(1_000) {
        Decimal::from(1_000)
    } else {
        Decimal::ONE
    };
    short((d / step).floor() * step)
}

/// The last FY of the MTFS period: its index in the horizon and label.
pub fn mtfs_end(sim: &Simulation) -> Option<(usize, String)> {
    let i = sim.mtfs_years.max(1).min(sim.years.len()).checked_sub(1)?;
    Some((i, sim.years.get(i)?.to_string()))
}

/// "a 75% chance of net cashable savings of at least £2.0m by 2015/16"
/// (or "a 75% chance that the net cashable position is no worse than
/// −£1.2m by 2015/16" when that figure is below zero).
pub fn chance_words(sim: &Simulation) -> Option<String> {
    let (i, fy) = mtfs_end(sim)?;
    let p = sim.by_year.get(i)?[2].p(QUOTED_PERCENTILE);
    let chance = 100 - QUOTED_PERCENTILE;
    Some(if p > Decimal::ZERO {
        format!(
            "a {chance}% chance of net cashable savings of at least {} by {fy}",
            short_at_least(p)
        )
    } else {
        format!(
            "a {chance}% chance that the cumulative net cashable position is no worse than {} by {fy}",
            short_at_least(p)
        )
    })
}

/// "a" or "an" before a percentage as it is read aloud: "an 83%", "an
/// 8%", "an 11%", "a 75%".
pub fn a_or_an(percent: &str) -> &'static str {
    let digits: String = percent.chars().take_while(|c| c.is_ascii_digit()).collect();
    let an = digits.starts_with('8') || digits == "11" || digits == "18";
    if an {
        "an"
    } else {
        "a"
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// An NPV percentile of the simulation.
pub fn npv_p(sim: &Simulation, q: u32) -> Decimal {
    sim.measures
        .iter()
        .find(|(n, _)| *n == "npv")
        .map(|(_, s)| s.p(q))
        .unwrap_or_default()
}

/// Every chart of a simulation, with its stem.
pub fn charts(run: &ModelRun, r: &Results) -> Result<Vec<(&'static str, Figure)>> {
    let mut out = vec![
        ("fan", fan_chart(run, r)?),
        ("s_curve", npv_s_curve(run, r)?),
    ];
    if let Some(c) = target_s_curve(run, r)? {
        out.push(("s_curve_target", c));
    }
    if !r.sensitivity.is_empty() {
        out.push(("tornado", tornado_chart(run, r)?));
    }
    Ok(out)
}

/// The fan chart's five lines, from `by_year`'s cumulative net cashable,
/// as exact decimals: P10, P25, P50, P75, P90 per FY.
pub fn fan_values(sim: &Simulation) -> [Vec<Decimal>; 5] {
    FAN_PERCENTILES.map(|q| sim.by_year.iter().map(|s| s[2].p(q)).collect())
}

pub fn fan_chart(run: &ModelRun, r: &Results) -> Result<Figure> {
    let sim = &r.simulation;
    let name = &run.prepared.model.name;
    let title = match chance_words(sim) {
        Some(w) => format!("{name}: {w}"),
        None => format!("{name}: simulated net cashable position"),
    };
    let values = fan_values(sim);
    let mark = mtfs_end(sim).and_then(|(i, _)| {
        let p = sim.by_year.get(i)?[2].p(QUOTED_PERCENTILE);
        Some((
            i,
            f(p),
            format!(
                "{}% chance of {} {}",
                100 - QUOTED_PERCENTILE,
                if p > Decimal::ZERO {
                    "at least"
                } else {
                    "no worse than"
                },
                short_at_least(p)
            ),
        ))
    });
    let first = sim.years.first().map(|y| y.to_string()).unwrap_or_default();
    let last = sim.years.last().map(|y| y.to_string()).unwrap_or_default();
    let mut alt = format!(
        "Fan chart of the cumulative net cashable position by financial year, {first} to {last}, \
         over {} simulated iterations: a band from P10 to P90, a darker band from P25 to P75, \
         the median (P50) as a line and the model's own values as a dashed line.",
        group_count(sim.iterations)
    );
    if let Some(w) = chance_words(sim) {
        alt.push_str(&format!(" There is {w}."));
    }
    if let (Some(y), Some(d)) = (sim.by_year.last(), sim.base_cumulative.last()) {
        alt.push_str(&format!(
            " By {last} the median is {}, P10 {} and P90 {}; the model's own values give {}.",
            short(y[2].p(50)),
            short(y[2].p(10)),
            short(y[2].p(90)),
            short(*d)
        ));
    }
    let fan = Fan {
        text: ChartText {
            title: title.clone(),
            subtitle: format!(
                "Cumulative net cashable position, £ cash, simulated; MTFS period {}",
                sim.mtfs_period()
            ),
            source: source(run, sim),
        },
        years: sim.years.iter().map(|y| y.to_string()).collect(),
        bands: values.map(|v| v.into_iter().map(f).collect()),
        deterministic: sim.base_cumulative.iter().map(|d| f(*d)).collect(),
        dashed_label: None,
        mark,
        alt,
    };
    let rendered = charts::fan(&fan).map_err(chart_error)?;
    Ok((title, rendered))
}

/// At most `max` points of the S-curve of sorted values: each an exact
/// order statistic, `(rank, value)` with rank from 1 to n; the first and
/// last always kept.
pub fn s_curve_points(sorted: &[Decimal], max: usize) -> Vec<(usize, Decimal)> {
    let n = sorted.len();
    if n == 0 {
        return Vec::new();
    }
    let m = n.min(max.max(2));
    if m == n {
        return sorted
            .iter()
            .enumerate()
            .map(|(i, v)| (i + 1, *v))
            .collect();
    }
    let mut out: Vec<(usize, Decimal)> = (0..m)
        .map(|k| {
            // evenly spaced ranks, in whole numbers
            let i = (k * (n - 1) + (m - 1) / 2) / (m - 1);
            (i + 1, sorted[i])
        })
        .collect();
    out.dedup_by_key(|p| p.0);
    out
}

fn curve(sorted: &[Decimal]) -> Vec<(f64, f64)> {
    let n = sorted.len().max(1) as f64;
    s_curve_points(sorted, S_CURVE_POINTS)
        .into_iter()
        .map(|(rank, v)| (f(v), rank as f64 / n))
        .collect()
}

pub fn npv_s_curve(run: &ModelRun, r: &Results) -> Result<Figure> {
    let sim = &r.simulation;
    let name = &run.prepared.model.name;
    let p = percent(sim.p_npv_positive);
    let title = format!(
        "{name}: {} {p} chance that the NPV is positive",
        a_or_an(&p)
    );
    let alt = format!(
        "S-curve of the net present value over {} simulated iterations: the share of iterations \
         with an NPV at or below each value, with a line at £0. P(NPV > 0) = {p}. P10 {}, median \
         {}, P90 {}.",
        group_count(sim.iterations),
        short(npv_p(sim, 10)),
        short(npv_p(sim, 50)),
        short(npv_p(sim, 90)),
    );
    let s = SCurve {
        text: ChartText {
            title: title.clone(),
            subtitle: "Share of iterations with an NPV at or below each value; NPV in £, real \
                       terms, Green Book discounting"
                .into(),
            source: source(run, sim),
        },
        points: curve(&sim.npv_sorted),
        threshold: 0.0,
        threshold_label: format!("P(NPV > 0) = {p}"),
        axis_label: "Net present value, £, real terms".into(),
        alt,
    };
    let rendered = charts::s_curve(&s).map_err(chart_error)?;
    Ok((title, rendered))
}

/// The S-curve of the MTFS period's cashable savings with the target
/// marked; `None` without a target.
pub fn target_s_curve(run: &ModelRun, r: &Results) -> Result<Option<Figure>> {
    let sim = &r.simulation;
    let (Some(target), Some(p_met)) = (sim.target, sim.p_target_met) else {
        return Ok(None);
    };
    let name = &run.prepared.model.name;
    let p = percent(p_met);
    let period = sim.mtfs_period();
    let title = format!(
        "{name}: {} {p} chance of meeting the target of {} cashable savings in {period}",
        a_or_an(&p),
        short(target)
    );
    let cashable = sim
        .measures
        .iter()
        .find(|(n, _)| *n == "cashable_mtfs")
        .map(|(_, s)| *s);
    let mut alt = format!(
        "S-curve of the cashable savings of the MTFS period {period} over {} simulated \
         iterations: the share of iterations at or below each value, with a line at the target \
         of {}. P(target met) = {p}.",
        group_count(sim.iterations),
        short(target)
    );
    if let Some(s) = cashable {
        alt.push_str(&format!(
            " P10 {}, median {}, P90 {}.",
            short(s.p(10)),
            short(s.p(50)),
            short(s.p(90))
        ));
    }
    let s = SCurve {
        text: ChartText {
            title: title.clone(),
            subtitle: format!(
                "Share of iterations with cashable savings in {period} at or below each value, £ cash"
            ),
            source: source(run, sim),
        },
        points: curve(&sim.cashable_mtfs_sorted),
        threshold: f(target),
        threshold_label: format!("Target {}: P(target met) = {p}", short(target)),
        axis_label: format!("Cashable savings in {period}, £ cash"),
        alt,
    };
    let rendered = charts::s_curve(&s).map_err(chart_error)?;
    Ok(Some((title, rendered)))
}

pub fn tornado_chart(run: &ModelRun, r: &Results) -> Result<Figure> {
    let sim = &r.simulation;
    let name = &run.prepared.model.name;
    let base = run.appraisal.npv;
    let title = match r.sensitivity.first() {
        Some(top) => format!(
            "{name}: the NPV depends most on {} (a swing of {})",
            top.parameter,
            short(top.npv_swing)
        ),
        None => format!("{name}: no uncertain parameters"),
    };
    let order: Vec<String> = r
        .sensitivity
        .iter()
        .map(|row| {
            format!(
                "{} ({} to {})",
                row.parameter,
                short(row.npv_at_p10.min(row.npv_at_p90)),
                short(row.npv_at_p10.max(row.npv_at_p90))
            )
        })
        .collect();
    let alt = format!(
        "Tornado chart of the NPV with each uncertain parameter alone at its P10 and at its P90, \
         every other parameter at its base value; base case NPV {}. Largest swing first: {}.",
        short(base),
        order.join("; ")
    );
    let t = Tornado {
        what: "Parameter".into(),
        text: ChartText {
            title: title.clone(),
            subtitle: "NPV with one parameter at its P10 or P90 and the others at their base \
                       values, £, real terms"
                .into(),
            source: source(run, sim),
        },
        rows: r
            .sensitivity
            .iter()
            .map(|row| TornadoRow {
                name: row.parameter.clone(),
                at_p10: f(row.npv_at_p10),
                p10_label: tornado_label(
                    &row.p10_value,
                    round_pennies(row.npv_at_p10) == round_pennies(base),
                ),
                at_p90: f(row.npv_at_p90),
                p90_label: tornado_label(
                    &row.p90_value,
                    round_pennies(row.npv_at_p90) == round_pennies(base),
                ),
            })
            .collect(),
        base: f(base),
        alt,
    };
    let rendered = charts::tornado(&t).map_err(chart_error)?;
    Ok((title, rendered))
}

/// A tornado bar's label: the parameter's value, and "no change" where the
/// NPV there is the base case's to the penny (a bar of no width, which a reader would
/// otherwise take for one left out: a unit already full at a higher
/// take-up).
fn tornado_label(value: &str, as_base: bool) -> String {
    match as_base {
        true => format!("{} (no change)", value_label(value)),
        false => value_label(value),
    }
}

/// A parameter's value for a label: large numbers with thousands
/// separators (`2,085,410`), others as written.
pub fn value_label(v: &str) -> String {
    match v.parse::<Decimal>() {
        Ok(d) if d.abs() >= Decimal::from(10_000) => crate::money::group(v),
        _ => v.to_string(),
    }
}

/// The sentence a member reads first: "There is a 75% chance of net
/// cashable savings of at least £2.0m by 2015/16, and an 83% chance that
/// the NPV is positive; P10–P90 of NPV £1.2m to £9.8m."
pub fn sentence(r: &Results) -> String {
    let sim = &r.simulation;
    let chance = chance_words(sim)
        .map(|w| format!("There is {w}, and"))
        .unwrap_or_else(|| "There is".into());
    let p = percent(sim.p_npv_positive);
    let mut s = format!(
        "{chance} {} {p} chance that the NPV is positive; P10–P90 of NPV {} to {}.",
        a_or_an(&p),
        short(npv_p(sim, 10)),
        short(npv_p(sim, 90))
    );
    if let (Some(t), Some(p)) = (sim.target, sim.p_target_met) {
        s.push_str(&format!(
            " The chance of meeting the target of {} cashable savings in {} is {}.",
            short(t),
            sim.mtfs_period(),
            percent(p)
        ));
    }
    capitalise(&s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(n: i64) -> Decimal {
        Decimal::from(n)
    }

    #[test]
    fn at_least_rounds_down_to_what_is_shown() {
        assert_eq!(short_at_least(d(1_960_000)), "£1.9m");
        assert_eq!(short_at_least(d(2_049_000)), "£2.0m");
        assert_eq!(short_at_least(d(350_999)), "£350k");
        assert_eq!(short_at_least(d(-1_250_000)), "−£1.3m");
        assert_eq!(short_at_least(d(12)), "£12");
    }

    #[test]
    fn articles_before_percentages() {
        for (p, a) in [
            ("83%", "an"),
            ("8%", "an"),
            ("11%", "an"),
            ("18%", "an"),
            ("75%", "a"),
            ("1%", "a"),
            ("100%", "a"),
        ] {
            assert_eq!(a_or_an(p), a, "{p}");
        }
    }

    #[test]
    fn s_curve_points_are_order_statistics() {
        let sorted: Vec<Decimal> = (0..10_007).map(|i| d(i * 3 - 5000)).collect();
        let pts = s_curve_points(&sorted, S_CURVE_POINTS);
        assert!(pts.len() <= S_CURVE_POINTS && pts.len() > 450);
        assert_eq!(pts.first(), Some(&(1, sorted[0])));
        assert_eq!(pts.last(), Some(&(10_007, sorted[10_006])));
        for (rank, v) in &pts {
            assert_eq!(sorted[rank - 1], *v);
        }
        assert!(pts.windows(2).all(|w| w[0].0 < w[1].0));
        let few: Vec<Decimal> = (0..7).map(d).collect();
        assert_eq!(s_curve_points(&few, 500).len(), 7);
        assert!(s_curve_points(&[], 500).is_empty());
    }
}
