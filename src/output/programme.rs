//! The files of `savings programme`, in `OUT/programme/`:
//! `programme.csv` (per year, each workstream's planned, achieved,
//! forecast, variance and RAG, then the programme's total, target, gap
//! and cumulative figures), `summary.json`, the two charts, the report
//! (`report.html`, `report.md`) and `programme.xlsx` for the committee.
//!
//! Writers never compute: every figure is the [`Programme`]'s, already
//! rounded to the penny where it is money.

use super::charts::{self, ChartText, ProgrammeDelivery, ProgrammePlan};
use super::figures::{chart_files, report_chart, Figure};
use super::report::Report;
use super::table::{Cell, Table};
use super::tables::neutralise;
use super::{report_files, Files};
use crate::baseline::Rag;
use crate::error::{Error, Result};
use crate::money::{pennies, pounds_text, round_places, short, Decimal};
use crate::programme::{period, Programme, RagSource, When, AMBER_FROM, GREEN_FROM};
use rust_decimal::prelude::ToPrimitive;
use serde_json::{json, Value};
use std::path::Path;

/// The columns of `programme.csv`, in order.
pub const CSV_COLUMNS: [&str; 21] = [
    "financial_year",
    "level",
    "workstream",
    "status",
    "year_is",
    "planned",
    "achieved",
    "forecast",
    "variance",
    "rag",
    "rag_source",
    "at_risk",
    "investment",
    "overlaps",
    "planned_net_of_overlaps",
    "target",
    "gap",
    "cumulative_planned",
    "cumulative_planned_net_of_overlaps",
    "cumulative_target",
    "cumulative_achieved",
];

/// The columns of text (names), which are neutralised.
const TEXT_COLUMNS: usize = 5;

fn f(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(f64::NAN)
}

fn opt(d: Option<Decimal>) -> String {
    d.map(pennies).unwrap_or_default()
}

fn when_word(w: When) -> &'static str {
    match w {
        When::Past => "past",
        When::Current => "current",
        When::Future => "future",
    }
}

/// A CSV field: quoted when it holds a comma, quote or line end; text a
/// spreadsheet would run as a formula gets a leading `'` (the first
/// [`TEXT_COLUMNS`] columns only: amounts are written as they are).
fn field(i: usize, text: &str) -> String {
    let t = if i < TEXT_COLUMNS {
        neutralise(text)
    } else {
        text.to_string()
    };
    if t.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", t.replace('"', "\"\""))
    } else {
        t
    }
}

/// `programme.csv`.
pub fn programme_csv(p: &Programme) -> Vec<u8> {
    let mut out = CSV_COLUMNS.join(",");
    out.push('\n');
    for (k, t) in p.totals.iter().enumerate() {
        let year = t.year.to_string();
        let when = when_word(p.when(t.year));
        for w in p.counted() {
            let Some(y) = w.years.get(k) else { continue };
            let cells = [
                year.clone(),
                "workstream".into(),
                w.def.name.clone(),
                w.def.status.name().into(),
                when.into(),
                pennies(y.planned),
                opt(y.achieved),
                opt(y.forecast),
                opt(y.variance),
                y.rag.map(|(r, _)| r.name().to_string()).unwrap_or_default(),
                y.rag.map(|(_, s)| s.name().to_string()).unwrap_or_default(),
                pennies(y.at_risk),
                pennies(y.investment),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ];
            out.push_str(
                &cells
                    .iter()
                    .enumerate()
                    .map(|(i, c)| field(i, c))
                    .collect::<Vec<_>>()
                    .join(","),
            );
            out.push('\n');
        }
        let cells = [
            year,
            "programme".into(),
            "Programme total".into(),
            String::new(),
            when.into(),
            pennies(t.planned),
            opt(t.achieved),
            opt(t.expected),
            opt(t.expected.map(|e| e - t.planned)),
            String::new(),
            String::new(),
            pennies(t.at_risk),
            pennies(t.investment),
            pennies(t.overlaps),
            pennies(t.planned_net),
            opt(t.target),
            opt(t.gap),
            pennies(t.cumulative_planned),
            pennies(t.cumulative_planned_net),
            opt(t.cumulative_target),
            opt(t.cumulative_achieved),
        ];
        out.push_str(
            &cells
                .iter()
                .enumerate()
                .map(|(i, c)| field(i, c))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push('\n');
    }
    out.into_bytes()
}

/// A share as a fraction with 4 places, `None` when the whole is zero.
fn share(part: Decimal, whole: Decimal) -> Option<Decimal> {
    (!whole.is_zero()).then(|| round_places(part / whole, 4))
}

fn rag_counts(p: &Programme) -> (usize, usize, usize, usize) {
    let (mut g, mut a, mut r, mut none) = (0, 0, 0, 0);
    for w in p.counted() {
        match p.latest_rag(w) {
            Some((_, Rag::Green, _)) => g += 1,
            Some((_, Rag::Amber, _)) => a += 1,
            Some((_, Rag::Red, _)) => r += 1,
            None => none += 1,
        }
    }
    (g, a, r, none)
}

/// `summary.json`: amounts as strings with 2 places, shares with 4.
pub fn summary_json(p: &Programme) -> Result<Vec<u8>> {
    let (target_to_date, achieved_to_date) = p.to_date();
    let (g, a, r, none) = rag_counts(p);
    let s = |d: Option<Decimal>| d.map(|d| d.to_string());
    let years: Vec<Value> = p
        .totals
        .iter()
        .map(|t| {
            json!({
                "financial_year": t.year.to_string(),
                "year_is": when_word(p.when(t.year)),
                "target": s(t.target.map(round_places_2)),
                "planned": pennies(t.planned),
                "overlaps": pennies(t.overlaps),
                "planned_net_of_overlaps": pennies(t.planned_net),
                "gap": s(t.gap.map(round_places_2)),
                "achieved": s(t.achieved.map(round_places_2)),
                "achieved_or_forecast": s(t.expected.map(round_places_2)),
                "at_risk": pennies(t.at_risk),
                "investment": pennies(t.investment),
            })
        })
        .collect();
    let workstreams: Vec<Value> = p
        .workstreams
        .iter()
        .map(|w| {
            let run = w.run.as_ref();
            let latest = p.latest_rag(w);
            json!({
                "name": w.def.name,
                "owner": w.def.owner,
                "status": w.def.status.name(),
                "counted": w.counts(),
                "model": w.def.model.as_ref().map(|m| m.display().to_string()),
                "kind": run.map(|r| r.prepared.model.kind.name()),
                "horizon": run.map(|r| r.prepared.model.horizon.to_string()),
                "planned_in_period": pennies(w.years.iter().map(|y| y.planned).sum()),
                "npv": run.map(|r| pennies(r.appraisal.npv)),
                "payback_year": run.and_then(|r| r.appraisal.payback_year.map(|y| y.to_string())),
                "rag": latest.map(|(_, r, _)| r.name()),
                "rag_year": latest.map(|(y, _, _)| y.to_string()),
                "rag_source": latest.map(|(_, _, s)| s.name()),
            })
        })
        .collect();
    let overlaps: Vec<Value> = p
        .overlaps
        .iter()
        .map(|o| {
            json!({
                "workstreams": [o.first, o.second],
                "rows": o.rows,
                "at_stake": p.years.iter().zip(&o.at_stake).map(|(y, a)| json!({"financial_year": y.to_string(), "amount": pennies(*a)})).collect::<Vec<_>>(),
                "total": pennies(o.total()),
            })
        })
        .collect();
    let target = p.total_target();
    let has_target = p.has_target();
    let summary = json!({
        "name": p.def.name,
        "authority": p.def.authority,
        "as_of": p.def.as_of.map(|d| d.to_string()),
        "current_year": p.current.map(|y| y.to_string()),
        "years": p.years.iter().map(|y| y.to_string()).collect::<Vec<_>>(),
        "totals": {
            "target": has_target.then(|| pennies(target)),
            "planned": pennies(p.total_planned()),
            "overlaps": pennies(p.totals.iter().map(|t| t.overlaps).sum()),
            "planned_net_of_overlaps": pennies(p.total_planned_net()),
            "gap": has_target.then(|| pennies(target - p.total_planned_net())),
            "target_to_date": (has_target && p.current.is_some()).then(|| pennies(target_to_date)),
            "achieved_to_date": p.has_actuals().then(|| pennies(achieved_to_date)),
            "at_risk": pennies(p.totals.iter().map(|t| t.at_risk).sum()),
            "investment": pennies(p.totals.iter().map(|t| t.investment).sum()),
        },
        "share_of_target_planned": if has_target { s(share(p.total_planned(), target)) } else { None },
        "share_of_target_planned_net_of_overlaps": if has_target { s(share(p.total_planned_net(), target)) } else { None },
        "share_of_target_achieved_to_date": if has_target && p.has_actuals() { s(share(achieved_to_date, target_to_date)) } else { None },
        "first_year_with_gap": p.first_gap().map(|y| y.to_string()),
        "rag": {"green": g, "amber": a, "red": r, "not_rated": none},
        "rag_rule": rag_rule(),
        "by_year": years,
        "workstreams": workstreams,
        "overlaps": overlaps,
        "warnings": p.warnings,
        "inputs": {
            "programme": p.def.file.as_ref().map(|f| f.display().to_string()),
            "baseline": p.baseline_file.display().to_string(),
            "baseline_sha256": p.baseline_sha256,
            "actuals": p.actuals_file.as_ref().map(|f| f.display().to_string()),
        },
        "engine_version": env!("CARGO_PKG_VERSION"),
    });
    let mut summary = summary;
    if let Some(sim) = &p.simulation {
        summary["simulation"] = super::programme_simulation::json(sim);
    }
    let mut bytes = serde_json::to_vec_pretty(&summary)
        .map_err(|e| Error::Internal(format!("summary.json: {e}")))?;
    bytes.push(b'\n');
    Ok(bytes)
}

fn round_places_2(d: Decimal) -> Decimal {
    round_places(d, 2)
}

/// How a rating is given, in words.
pub fn rag_rule() -> String {
    format!(
        "RAG as the workstream's owner reports it in the Actuals sheet; where the sheet gives \
         none, from achieved-or-forecast (the forecast where given, else the achieved) against \
         planned: green at {}% of planned or more, amber from {}%, red below",
        (GREEN_FROM * Decimal::ONE_HUNDRED).normalize(),
        (AMBER_FROM * Decimal::ONE_HUNDRED).normalize()
    )
}

fn source(p: &Programme) -> String {
    let mut s = format!("Source: {}", p.baseline_file.display());
    if let Some(f) = &p.def.file {
        s.push_str(&format!("; {}", f.display()));
    } else {
        let models: Vec<String> = p
            .workstreams
            .iter()
            .filter_map(|w| w.def.model.as_ref())
            .map(|m| m.display().to_string())
            .collect();
        match models.as_slice() {
            [] => {}
            [one] => s.push_str(&format!("; {one}")),
            [first, rest @ ..] => s.push_str(&format!(
                "; {first} and {} other model file{}",
                rest.len(),
                if rest.len() == 1 { "" } else { "s" }
            )),
        }
    }
    if let Some(a) = &p.actuals_file {
        if a != &p.baseline_file {
            s.push_str(&format!("; actuals {}", a.display()));
        }
    }
    s
}

/// The plan chart's data: each counted workstream's planned cashable a
/// year, the target and the gaps, as the CSV gives them.
pub fn plan_chart_data(p: &Programme) -> ProgrammePlan {
    let title = plan_title(p);
    ProgrammePlan {
        text: ChartText {
            title,
            subtitle: if p.has_target() {
                "Planned cashable savings by financial year, stacked by workstream, £ cash; \
                 the gap is the target less planned net of double counting"
                    .into()
            } else {
                "Planned cashable savings by financial year, stacked by workstream, £ cash; \
                 no target was given"
                    .into()
            },
            source: source(p),
        },
        years: p.years.iter().map(|y| y.to_string()).collect(),
        series: p
            .counted()
            .map(|w| {
                (
                    w.def.name.clone(),
                    w.years.iter().map(|y| f(y.planned)).collect(),
                )
            })
            .collect(),
        target: p.totals.iter().map(|t| t.target.map(f)).collect(),
        gaps: p.totals.iter().map(|t| t.gap.map(f)).collect(),
        net: p.totals.iter().map(|t| f(t.planned_net)).collect(),
    }
}

fn plan_title(p: &Programme) -> String {
    if !p.has_target() {
        return format!(
            "{}: {} cashable planned over {}",
            p.def.name,
            short(p.total_planned()),
            period(&p.years)
        );
    }
    let short_years: Vec<String> = p
        .totals
        .iter()
        .filter(|t| t.gap.is_some_and(|g| g > Decimal::ZERO))
        .map(|t| t.year.to_string())
        .collect();
    match short_years.as_slice() {
        [] => format!(
            "Planned savings meet the target in every year, {}",
            period(&p.years)
        ),
        all if all.len() == p.years.len() && all.len() > 1 => format!(
            "Planned savings fall short of the target in every year, {}",
            period(&p.years)
        ),
        [one] => format!("Planned savings fall short of the target in {one} only"),
        many => format!(
            "Planned savings fall short of the target in {} of {} years, from {}",
            many.len(),
            p.years.len(),
            many[0]
        ),
    }
}

/// The delivery chart's data.
pub fn delivery_chart_data(p: &Programme) -> ProgrammeDelivery {
    let (target_to_date, achieved_to_date) = p.to_date();
    let title = if p.has_actuals() && !target_to_date.is_zero() {
        format!(
            "{} achieved of the {} target to date",
            short(achieved_to_date),
            short(target_to_date)
        )
    } else if p.has_actuals() {
        format!("{} achieved to date", short(achieved_to_date))
    } else {
        "No savings reported as achieved yet".to_string()
    };
    ProgrammeDelivery {
        text: ChartText {
            title,
            subtitle: "Planned, achieved and achieved-or-forecast cashable savings by financial year, £ cash".into(),
            source: source(p),
        },
        years: p.years.iter().map(|y| y.to_string()).collect(),
        planned: p.totals.iter().map(|t| f(t.planned)).collect(),
        achieved: p.totals.iter().map(|t| t.achieved.map(f)).collect(),
        expected: p.totals.iter().map(|t| t.expected.map(f)).collect(),
        future: p.totals.iter().map(|t| p.when(t.year) == When::Future).collect(),
    }
}

fn chart_error(e: charts::ChartError) -> Error {
    Error::Internal(format!("chart: {e}"))
}

/// The programme's files, rendered, with the paths they go to.
pub fn render_programme(p: &Programme, out: &Path) -> Result<Files> {
    let dir = out.join("programme");
    let plan = plan_chart_data(p);
    let plan_fig: Figure = (
        plan.text.title.clone(),
        charts::programme_plan(&plan).map_err(chart_error)?,
    );
    // Planned against achieved only where something was reported.
    let delivery_fig: Option<Figure> = if p.has_actuals() {
        let delivery = delivery_chart_data(p);
        Some((
            delivery.text.title.clone(),
            charts::programme_delivery(&delivery).map_err(chart_error)?,
        ))
    } else {
        None
    };
    let mut charts = vec![report_chart("plan", &plan_fig)];
    charts.extend(delivery_fig.as_ref().map(|f| report_chart("delivery", f)));
    let tables = super::programme_tables::tables(p);
    // --simulate: the fan chart against the target and the tornado over
    // workstreams, in a section of their own.
    let mut simulation_figures: Vec<(&str, Figure)> = Vec::new();
    if let Some(sim) = &p.simulation {
        use super::programme_simulation as ps;
        simulation_figures.push(("programme_fan", ps::fan(p, sim, source(p))?));
        if let Some(t) = ps::tornado(p, sim, source(p))? {
            simulation_figures.push(("programme_tornado", t));
        }
    }
    let simulation_section = p.simulation.as_ref().map(|sim| {
        let figs: Vec<(&str, &Figure)> = simulation_figures.iter().map(|(s, f)| (*s, f)).collect();
        super::programme_simulation::section(p, sim, &figs)
    });
    let report = Report {
        title: if p.has_target() {
            format!("{}: savings against the target", p.def.name)
        } else {
            format!("{}: savings by financial year", p.def.name)
        },
        subtitle: subtitle(p),
        headline: super::programme_tables::headline(p),
        tables: tables.clone(),
        charts,
        assumptions: None,
        warnings: p.warnings.clone(),
        source_note: format!(
            "Inputs: {}. Each workstream's planned savings are its model's cashable savings by \
             financial year, as savings run writes them to its projection.csv.",
            source(p).trim_start_matches("Source: ")
        ),
        whole_pounds: true,
        sections: simulation_section.into_iter().collect(),
    };
    let xlsx = super::programme_tables::workbook(&tables)
        .map_err(|e| Error::Internal(format!("programme.xlsx: {e}")))?;
    let mut files = vec![
        (dir.join("programme.csv"), programme_csv(p)),
        (dir.join("summary.json"), summary_json(p)?),
        (dir.join("programme.xlsx"), xlsx),
    ];
    files.extend(chart_files(&dir, "plan", &plan_fig.1));
    if let Some(sim) = &p.simulation {
        files.push((
            dir.join("programme_simulation.csv"),
            super::programme_simulation::csv(p, sim),
        ));
        for (stem, fig) in &simulation_figures {
            files.extend(chart_files(&dir, stem, &fig.1));
        }
    }
    if let Some(f) = &delivery_fig {
        files.extend(chart_files(&dir, "delivery", &f.1));
    }
    let mut reports = report_files(&dir, &report);
    for (path, bytes) in &mut reports {
        if path.extension().is_some_and(|e| e == "html") {
            *bytes = rag_colours(&String::from_utf8_lossy(bytes)).into_bytes();
        }
    }
    files.extend(reports);
    Ok(files)
}

/// The RAG cells of the report shaded in their colour, the word still
/// written in them (colour is never the only cue), dark text on a light
/// tint so that it keeps its contrast.
fn rag_colours(html: &str) -> String {
    const CSS: &str = "td.rag-red { background: #F4C7C3; }\n\
                       td.rag-amber { background: #FFE3A3; }\n\
                       td.rag-green { background: #CDE8CF; }\n\
                       td.rag-red, td.rag-amber, td.rag-green { \
                       -webkit-print-color-adjust: exact; print-color-adjust: exact; }\n";
    let mut out = html.replacen("</style>", &format!("{CSS}</style>"), 1);
    for (word, class) in [("RED", "red"), ("AMBER", "amber"), ("GREEN", "green")] {
        for who in ["rule", "owner", "simulation"] {
            out = out.replace(
                &format!("<td>{word} ({who})</td>"),
                &format!("<td class=\"rag-{class}\">{word} ({who})</td>"),
            );
        }
    }
    out
}

fn subtitle(p: &Programme) -> String {
    let mut s = format!("{} ", super::programme_tables::in_short(p));
    if let Some(a) = &p.def.authority {
        s.push_str(&format!("{a}. "));
    }
    if p.has_target() {
        s.push_str(&format!(
            "MTFS period {} (the target's years). ",
            period(&p.years)
        ));
    } else if p.def.file.is_none() {
        s.push_str(&format!(
            "The models named, taken together, over {}; no target. ",
            period(&p.years)
        ));
    } else {
        s.push_str(&format!(
            "Over {}, the workstreams' horizons; the programme file gives no target. ",
            period(&p.years)
        ));
    }
    if let (Some(d), Some(c)) = (p.def.as_of, p.current) {
        s.push_str(&format!(
            "Position at {} ({c} is the current year). ",
            d.format("%-d %B %Y")
        ));
    }
    if p.has_actuals() {
        s.push_str(&format!("{}.", rag_rule()));
    }
    s.trim_end().to_string()
}

/// A rating in words, with who gave it: "amber (owner)".
pub fn rag_words(r: Option<(Rag, RagSource)>) -> String {
    match r {
        Some((r, RagSource::Owner)) => format!("{} (owner)", r.name().to_uppercase()),
        Some((r, RagSource::Rule)) => format!("{} (rule)", r.name().to_uppercase()),
        Some((r, RagSource::Simulation)) => {
            format!("{} (simulation)", r.name().to_uppercase())
        }
        None => "not rated".into(),
    }
}

/// A money cell, or empty.
pub fn money_cell(d: Option<Decimal>) -> Cell {
    d.map(Cell::Money).unwrap_or(Cell::Empty)
}

/// The text of a table cell.
pub fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

/// Whole pounds for the headline.
pub fn whole(d: Decimal) -> String {
    pounds_text(d)
}

/// A table's rows for tests.
pub fn table_named<'a>(tables: &'a [Table], name: &str) -> Option<&'a Table> {
    tables.iter().find(|t| t.name.starts_with(name))
}
