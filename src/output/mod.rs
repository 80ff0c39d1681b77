//! Output files (SPEC section 8): `projection.csv`, `lines.csv` and
//! `summary.json` per model, and the table printed on the terminal.
//!
//! Writers never compute: they render the tables and figures a
//! [`crate::results::ModelRun`] already holds, rounding each amount half to
//! even as it is written. A run's files are staged and moved into place
//! together ([`stage`]), so a failed run leaves the previous outputs as
//! they were.

pub mod assumption_text;
pub mod charts;
pub mod comparison;
pub mod explain;
pub mod figures;
pub mod programme;
pub mod programme_simulation;
pub mod programme_tables;
pub mod report;
pub mod stage;
pub mod table;
pub mod tables;
pub mod uncertainty;
pub mod uncertainty_figures;
pub mod uncertainty_report;
pub mod xlsx;

use crate::error::{Error, Result};
use crate::flows::Class;
use crate::money::{pennies, pounds, pounds_text, round_places, Decimal};
use crate::results::ModelRun;
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};
use table::Table;

pub use comparison::{comparison_table, render_comparison};

/// Output files, rendered: each path with the bytes that go there.
pub type Files = Vec<(PathBuf, Vec<u8>)>;

/// Writes `bytes` to `path` through a temporary file in the same folder,
/// then renames it into place.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(Error::io(path, e));
    }
    Ok(())
}

/// Writes rendered files (every one inside `out`) as one step, staged and
/// moved into place under the folder's lock ([`stage::publish`]), after
/// checking that none of them is an input of the run (a model file or the
/// workbook). Returns the paths written.
pub fn write_all(
    out: &Path,
    files: Files,
    models: &[PathBuf],
    baseline: &Path,
) -> Result<Vec<PathBuf>> {
    let canon = |p: &Path| std::fs::canonicalize(p).ok();
    let inputs: Vec<PathBuf> = models
        .iter()
        .map(|m| m.as_path())
        .chain(std::iter::once(baseline))
        .filter_map(canon)
        .collect();
    let clashes: Vec<crate::error::Problem> = files
        .iter()
        .filter(|(p, _)| canon(p).is_some_and(|c| inputs.contains(&c)))
        .map(|(p, _)| {
            crate::error::Problem::file(
                p,
                "is an input of this run and would be overwritten; choose another --out folder",
            )
        })
        .collect();
    if !clashes.is_empty() {
        return Err(Error::Input(clashes));
    }
    let mut blocked: Vec<crate::error::Problem> = Vec::new();
    for (path, _) in &files {
        if let Some(p) = blocked_path(path) {
            if !blocked.contains(&p) {
                blocked.push(p);
            }
        }
    }
    if !blocked.is_empty() {
        return Err(Error::Input(blocked));
    }
    stage::publish(out, files)
}

/// Why a file cannot be written at `path`: a folder stands where the file
/// would go, or a file stands where a folder on its way would be. Bad
/// input (a wrong `--out`), so the run writes nothing.
fn blocked_path(path: &Path) -> Option<crate::error::Problem> {
    if path.is_dir() {
        return Some(crate::error::Problem::file(
            path,
            "is a folder, where the run would write a file; move or rename it, or choose another --out",
        ));
    }
    for dir in path.ancestors().skip(1) {
        if dir.as_os_str().is_empty() {
            break;
        }
        match std::fs::metadata(dir) {
            Ok(m) if m.is_dir() => break,
            Ok(_) => {
                return Some(crate::error::Problem::file(
                    dir,
                    "is a file, not a folder, so the outputs cannot be written into it; \
                     choose another --out folder, or move the file",
                ))
            }
            Err(_) => continue,
        }
    }
    None
}

#[derive(Serialize)]
struct HorizonJson {
    start: String,
    years: u32,
}

#[derive(Serialize)]
struct TotalsJson {
    cashable: String,
    non_cashable: String,
    cost_avoidance: String,
    one_off_cost: String,
    financing_cost: String,
    capital_receipt: String,
    net_cashable: String,
    net_total: String,
}

/// One body's totals over the horizon (SPEC 7.7).
#[derive(Serialize)]
struct BodyJson {
    body: String,
    cashable: String,
    non_cashable: String,
    cost_avoidance: String,
    one_off_cost: String,
    financing_cost: String,
    capital_receipt: String,
    net_total: String,
}

/// Every body's totals: its name, the six classes over the horizon and
/// their sum (capital receipts counted as the model's appraisal counts
/// them); the authority first.
fn body_totals(run: &ModelRun) -> Vec<(String, [Decimal; 6], Decimal)> {
    let include_receipts = run.prepared.model.appraisal.include_capital_receipts;
    run.totals
        .bodies
        .iter()
        .map(|b| {
            let mut totals = [Decimal::ZERO; 6];
            for y in &b.years {
                for c in Class::ALL {
                    totals[c as usize] += y[c as usize];
                }
            }
            let net_total: Decimal = Class::ALL
                .iter()
                .filter(|c| include_receipts || **c != Class::CapitalReceipt)
                .map(|c| totals[*c as usize])
                .sum();
            let name = b
                .body
                .clone()
                .unwrap_or_else(|| run.prepared.authority.clone());
            (name, totals, net_total)
        })
        .collect()
}

fn bodies_json(run: &ModelRun) -> Vec<BodyJson> {
    body_totals(run)
        .into_iter()
        .map(|(body, t, net_total)| {
            let p = |c: Class| pennies(t[c as usize]);
            BodyJson {
                body,
                cashable: p(Class::Cashable),
                non_cashable: p(Class::NonCashable),
                cost_avoidance: p(Class::CostAvoidance),
                one_off_cost: p(Class::OneOffCost),
                financing_cost: p(Class::FinancingCost),
                capital_receipt: p(Class::CapitalReceipt),
                net_total: pennies(net_total),
            }
        })
        .collect()
}

#[derive(Serialize)]
struct InputsJson {
    model: String,
    model_sha256: String,
    baseline: String,
    baseline_sha256: String,
}

#[derive(Serialize)]
struct SummaryJson {
    name: String,
    kind: String,
    authority: String,
    price_base: String,
    horizon: HorizonJson,
    totals: TotalsJson,
    npv: String,
    bcr: Option<String>,
    payback_years: Option<u32>,
    payback_year: Option<String>,
    full_year_effect: String,
    /// Who bears each flow: every body, the authority first.
    bodies: Vec<BodyJson>,
    warnings: Vec<String>,
    inputs: InputsJson,
    engine_version: String,
    /// The simulation's probabilities, when `savings simulate` ran.
    #[serde(skip_serializing_if = "Option::is_none")]
    uncertainty: Option<uncertainty::UncertaintyJson>,
}

/// `summary.json`: amounts as strings with 2 places, `bcr` with 4.
pub fn summary_json(run: &ModelRun) -> Result<Vec<u8>> {
    let m = &run.prepared.model;
    let a = &run.appraisal;
    let t = |c: Class| pennies(a.total(c));
    let summary = SummaryJson {
        name: m.name.clone(),
        kind: m.kind.name().to_string(),
        authority: run.prepared.authority.clone(),
        price_base: run.prepared.price_base().to_string(),
        horizon: HorizonJson {
            start: m.horizon.start.to_string(),
            years: m.horizon.years,
        },
        totals: TotalsJson {
            cashable: t(Class::Cashable),
            non_cashable: t(Class::NonCashable),
            cost_avoidance: t(Class::CostAvoidance),
            one_off_cost: t(Class::OneOffCost),
            financing_cost: t(Class::FinancingCost),
            capital_receipt: t(Class::CapitalReceipt),
            net_cashable: pennies(a.net_cashable),
            net_total: pennies(a.net_total),
        },
        npv: pennies(a.npv),
        bcr: a.bcr.map(|b| round_places(b, 4).to_string()),
        payback_years: a.payback_years,
        payback_year: a.payback_year.map(|y| y.to_string()),
        full_year_effect: pennies(a.full_year_effect),
        bodies: bodies_json(run),
        warnings: run.warnings.clone(),
        inputs: InputsJson {
            model: m.file.display().to_string(),
            model_sha256: m.sha256.clone(),
            baseline: run.baseline_file.display().to_string(),
            baseline_sha256: run.baseline_sha256.clone(),
        },
        engine_version: env!("CARGO_PKG_VERSION").to_string(),
        uncertainty: run.uncertainty.as_deref().map(uncertainty::summary),
    };
    let mut bytes = serde_json::to_vec_pretty(&summary)
        .map_err(|e| Error::Internal(format!("summary.json: {e}")))?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// The headline figures of a run, formatted for a report.
fn headline(run: &ModelRun) -> Vec<(String, String)> {
    let a = &run.appraisal;
    let m = &run.prepared.model;
    vec![
        (
            "Cashable savings over the horizon".into(),
            pounds_text(a.total(Class::Cashable)),
        ),
        (
            "Net cashable (after one-off and financing costs)".into(),
            pounds_text(a.net_cashable),
        ),
        (
            "Net present value (Green Book, real terms)".into(),
            pounds_text(a.npv),
        ),
        (
            "Benefit–cost ratio".into(),
            a.bcr
                .map(|b| round_places(b, 2).to_string())
                .unwrap_or_else(|| "no costs".into()),
        ),
        ("Payback".into(), payback_words(run)),
        (
            format!("Full-year effect in {} (real terms)", m.horizon.last_year()),
            pounds_text(a.full_year_effect),
        ),
    ]
}

/// The files of one model run, rendered, with the paths they go to.
pub fn render(run: &ModelRun, out: &Path) -> Result<Files> {
    let m = &run.prepared.model;
    let dir = out.join(m.stem());
    let mut projection = tables::projection(&run.appraisal)?;
    let mut lines = tables::lines(&run.totals)?;
    let mut bodies = tables::bodies(&run.totals, &run.prepared.authority)?;
    // The charts are drawn on a second core while the tables and
    // results.xlsx are made: drawing their text takes as long as the rest.
    let (charts, made) = std::thread::scope(|s| {
        let drawing = s.spawn(|| -> Result<Vec<_>> {
            let mut charts = vec![
                ("savings", figures::savings_chart(run)?),
                ("baseline", figures::baseline_chart(run)?),
            ];
            if let Some(bodies) = figures::bodies_chart(run)? {
                charts.push(("bodies", bodies));
            }
            if let Some(u) = &run.uncertainty {
                charts.extend(uncertainty_figures::charts(run, u)?);
            }
            Ok(charts)
        });
        let made = tables_and_workbook(run, &projection, &lines);
        let charts = drawing
            .join()
            .unwrap_or_else(|_| Err(Error::Internal("drawing the charts failed".into())));
        (charts, made)
    });
    let (mut assumptions, assumptions_table, projection_table, workbook) = made?;
    let charts = charts?;
    let savings_table = Table {
        name: "Savings by financial year (£, nominal)".into(),
        columns: projection_table.columns[..9].to_vec(),
        rows: projection_table
            .rows
            .iter()
            .map(|r| r[..9].to_vec())
            .collect(),
    };
    let mut report_tables = vec![savings_table];
    if run.totals.bodies.len() > 1 {
        report_tables.push(who_gains_table(run));
    }
    let report = report::Report {
        title: m.name.clone(),
        subtitle: format!(
            "{} — {} — {} prices — horizon {} ({} years){}",
            run.prepared.authority,
            m.kind.name(),
            run.prepared.price_base(),
            m.horizon,
            m.horizon.years,
            what_if(m)
        ),
        headline: headline(run),
        tables: report_tables,
        charts: charts
            .iter()
            .filter(|(stem, _)| !uncertainty_figures::STEMS.contains(stem))
            .map(|(stem, c)| figures::report_chart(stem, c))
            .collect(),
        assumptions: Some(assumptions_table),
        warnings: run.warnings.clone(),
        source_note: source_note(run),
        whole_pounds: false,
        sections: run
            .uncertainty
            .as_deref()
            .map(|u| {
                let shown = charts
                    .iter()
                    .filter(|(stem, _)| uncertainty_figures::STEMS.contains(stem))
                    .map(|(stem, c)| figures::report_chart(stem, c))
                    .collect();
                uncertainty_report::section(u, shown)
            })
            .into_iter()
            .collect(),
    };
    let mut files = vec![
        (dir.join("projection.csv"), tables::to_csv(&mut projection)?),
        (dir.join("lines.csv"), tables::to_csv(&mut lines)?),
        (dir.join("bodies.csv"), tables::to_csv(&mut bodies)?),
        (dir.join("summary.json"), summary_json(run)?),
        (
            dir.join("assumptions.csv"),
            tables::to_csv(&mut assumptions)?,
        ),
        (dir.join("results.xlsx"), workbook),
    ];
    for (stem, (_, rendered)) in &charts {
        files.extend(figures::chart_files(&dir, stem, rendered));
    }
    if let Some(u) = &run.uncertainty {
        files.extend(uncertainty::files(u, &dir)?);
    }
    files.extend(report_files(&dir, &report));
    Ok(files)
}

/// The `--set` overrides a run used, for the report's header: empty when
/// none.
fn what_if(m: &crate::model::Model) -> String {
    let sets: Vec<String> = m
        .baseline_scales
        .iter()
        .map(|s| &s.arg)
        .chain(m.keys.iter().filter_map(|k| k.set.as_ref()))
        .map(|a| format!("--set {a}"))
        .collect();
    if sets.is_empty() {
        String::new()
    } else {
        format!(" — what if, from the command line: {}", sets.join(", "))
    }
}

/// "Who gains, who pays": each body's totals over the horizon, when a
/// flow falls on a body other than the authority.
fn who_gains_table(run: &ModelRun) -> Table {
    let counted = if run.prepared.model.appraisal.public_sector {
        "the projection counts every body (perspective public_sector)"
    } else {
        "the projection counts the authority's flows only"
    };
    let mut t = Table::new(
        &format!("Who gains, who pays over the horizon (£, nominal; {counted})"),
        &[
            "Body",
            "Cashable",
            "Non-cashable",
            "Cost avoidance",
            "One-off costs",
            "Financing costs",
            "Capital receipts",
            "Net total",
        ],
    );
    for (body, totals, net_total) in body_totals(run) {
        let mut row = vec![table::Cell::Text(body)];
        row.extend(
            Class::ALL
                .iter()
                .map(|c| table::Cell::Money(totals[*c as usize])),
        );
        row.push(table::Cell::Money(net_total));
        t.rows.push(row);
    }
    t
}

/// What [`render`] makes besides the charts: the frame of `assumptions.csv`,
/// the Assumptions and Projection tables of the reports, and `results.xlsx`.
fn tables_and_workbook(
    run: &ModelRun,
    projection: &polars::prelude::DataFrame,
    lines: &polars::prelude::DataFrame,
) -> Result<(polars::prelude::DataFrame, Table, Table, Vec<u8>)> {
    let m = &run.prepared.model;
    // The log's text is made once, for assumptions.csv and the reports.
    let assumption_text = tables::assumption_text(&run.assumptions);
    let assumptions = tables::assumptions_frame(&assumption_text)?;
    let assumptions_table = tables::assumptions_table(assumption_text);
    let projection_table = Table::from_frame("Projection", projection)?;
    let lines_table = Table::from_frame("Lines", lines)?;
    let chart = xlsx::ProfileChart {
        title: format!("{}: savings by financial year", m.name),
        columns: Class::ALL.iter().map(|c| c.name().to_string()).collect(),
        line_column: Some("cumulative_net_cashable".into()),
    };
    let workbook = run_workbook(run, &lines_table, &chart)
        .map_err(|e| Error::Internal(format!("results.xlsx: {e}")))?;
    Ok((assumptions, assumptions_table, projection_table, workbook))
}

/// `results.xlsx`: the Summary (with the chart), the Projection with its
/// formulas, the Lines and the Assumptions.
fn run_workbook(
    run: &ModelRun,
    lines: &Table,
    chart: &xlsx::ProfileChart,
) -> std::result::Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let projection = xlsx::projection_sheet(
        &run.appraisal,
        run.prepared.model.appraisal.include_capital_receipts,
    );
    let mut sheets = vec![
        xlsx::summary_sheet(run, &projection)?,
        projection,
        xlsx::Sheet::from_table(lines),
        xlsx::assumptions_sheet(&run.assumptions),
    ];
    if let Some(u) = &run.uncertainty {
        sheets.extend(uncertainty_report::sheets(u));
    }
    xlsx::results_xlsx(&sheets, Some(("Projection", chart)), "Summary")
}

/// `report.html` and `report.md` in `dir`.
fn report_files(dir: &Path, report: &report::Report) -> Files {
    vec![
        (
            dir.join("report.html"),
            report::report_html(report).into_bytes(),
        ),
        (
            dir.join("report.md"),
            report::report_md(report).into_bytes(),
        ),
    ]
}

/// Where a run's figures came from, with the inputs' hashes.
fn source_note(run: &ModelRun) -> String {
    let m = &run.prepared.model;
    format!(
        "Inputs: {} (sha256 {}), {} (sha256 {}); savings engine {}. Figures in the workbook are as the inputs give them.",
        m.file.display(),
        &m.sha256[..12.min(m.sha256.len())],
        run.baseline_file.display(),
        &run.baseline_sha256[..12.min(run.baseline_sha256.len())],
        env!("CARGO_PKG_VERSION")
    )
}

use crate::compare::payback_words;

/// The short table printed after a run: per model, cashable savings over
/// the horizon, net cashable, NPV and payback.
pub fn terminal_table(runs: &[ModelRun]) -> String {
    let rows: Vec<Vec<String>> = runs
        .iter()
        .map(|r| {
            let a = &r.appraisal;
            vec![
                r.prepared.model.name.clone(),
                pounds(a.total(Class::Cashable)),
                pounds(a.net_cashable),
                pounds(a.npv),
                payback_words(r),
            ]
        })
        .collect();
    text_table(
        &[
            "Model",
            "Cashable savings",
            "Net cashable",
            "NPV",
            "Payback",
        ],
        &rows,
        1,
    )
}

/// A plain text table: the first `left` columns left-aligned, the rest
/// right-aligned, a rule under the header.
pub fn text_table(header: &[&str], rows: &[Vec<String>], left: usize) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for r in rows {
        for (i, cell) in r.iter().enumerate() {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    let line = |cells: &[String]| {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            let pad = " ".repeat(widths[i] - c.chars().count());
            if i > 0 {
                s.push_str("  ");
            }
            if i < left {
                s.push_str(c);
                s.push_str(&pad);
            } else {
                s.push_str(&pad);
                s.push_str(c);
            }
        }
        s.trim_end().to_string()
    };
    let mut out = line(&header.iter().map(|h| h.to_string()).collect::<Vec<_>>());
    out.push('\n');
    let total: usize = widths.iter().sum::<usize>() + 2 * (widths.len() - 1);
    out.push_str(&"─".repeat(total));
    out.push('\n');
    for r in rows {
        out.push_str(&line(r));
        out.push('\n');
    }
    out
}
