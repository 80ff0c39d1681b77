//! Output files (SPEC section 8): `projection.csv`, `lines.csv` and
//! `summary.json` per model, and the table printed on the terminal.
//!
//! Writers never compute: they render the tables and figures a
//! [`crate::run::ModelRun`] already holds, rounding each amount half to
//! even as it is written. Every file goes to a temporary name first and is
//! renamed into place, so a failed run leaves no half-written file.

pub mod table;
pub mod tables;

use crate::error::{Error, Result};
use crate::flows::Class;
use crate::money::{pennies, pounds, round_places};
use crate::run::ModelRun;
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};

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
    warnings: Vec<String>,
    inputs: InputsJson,
    engine_version: String,
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
        warnings: run.warnings.clone(),
        inputs: InputsJson {
            model: m.file.display().to_string(),
            model_sha256: m.sha256.clone(),
            baseline: run.baseline_file.display().to_string(),
            baseline_sha256: run.baseline_sha256.clone(),
        },
        engine_version: env!("CARGO_PKG_VERSION").to_string(),
    };
    let mut bytes = serde_json::to_vec_pretty(&summary)
        .map_err(|e| Error::Internal(format!("summary.json: {e}")))?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// The files of one model run, rendered, with the paths they go to.
pub fn render(run: &ModelRun, out: &Path) -> Result<Vec<(PathBuf, Vec<u8>)>> {
    let dir = out.join(run.prepared.model.stem());
    let mut projection = tables::projection(&run.appraisal)?;
    let mut lines = tables::lines(&run.totals)?;
    Ok(vec![
        (dir.join("projection.csv"), tables::to_csv(&mut projection)?),
        (dir.join("lines.csv"), tables::to_csv(&mut lines)?),
        (dir.join("summary.json"), summary_json(run)?),
    ])
}

/// The short table printed after a run: per model, cashable savings over
/// the horizon, net cashable, NPV and payback.
pub fn terminal_table(runs: &[ModelRun]) -> String {
    let header = [
        "Model",
        "Cashable savings",
        "Net cashable",
        "NPV",
        "Payback",
    ];
    let rows: Vec<[String; 5]> = runs
        .iter()
        .map(|r| {
            let a = &r.appraisal;
            let h = r.prepared.model.horizon;
            [
                r.prepared.model.name.clone(),
                pounds(a.total(Class::Cashable)),
                pounds(a.net_cashable),
                pounds(a.npv),
                match (a.payback_years, a.payback_year) {
                    (Some(0), _) => "from the start".to_string(),
                    (Some(n), Some(y)) => format!("{y} ({n} yrs)"),
                    _ => format!("not by {}", h.last_year()),
                },
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for r in &rows {
        for (i, cell) in r.iter().enumerate() {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    let line = |cells: &[String]| {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            let pad = widths[i] - c.chars().count();
            if i == 0 {
                s.push_str(c);
                s.push_str(&" ".repeat(pad));
            } else {
                s.push_str("  ");
                s.push_str(&" ".repeat(pad));
                s.push_str(c);
            }
        }
        s.trim_end().to_string()
    };
    let mut out = String::new();
    out.push_str(&line(&header.map(String::from)));
    out.push('\n');
    let total: usize = widths.iter().sum::<usize>() + 2 * (widths.len() - 1);
    out.push_str(&"─".repeat(total));
    out.push('\n');
    for r in &rows {
        out.push_str(&line(r));
        out.push('\n');
    }
    out
}
