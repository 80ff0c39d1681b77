//! The `[uncertainty]` table of a model file, as written: the settings,
//! each uncertain parameter's distribution and the rank correlations.
//! Whether each path names a parameter of the model, and whether each
//! distribution stays inside its parameter's range, is checked once the
//! whole model is read ([`super::resolve`]).

use super::sampling::{Distribution, Method};
use crate::model::params::parse_path;
use crate::model::reader::{Table, Value};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

/// The most iterations a run may ask for: percentiles keep every
/// iteration's figures (a few hundred bytes each).
pub const MAX_ITERATIONS: i64 = 10_000_000;

/// `[uncertainty]` as the file writes it.
#[derive(Clone, Debug, PartialEq)]
pub struct Spec {
    pub iterations: Option<usize>,
    pub seed: Option<u64>,
    pub method: Option<Method>,
    /// The first N FYs of the horizon (default 4).
    pub mtfs_years: Option<u32>,
    /// Cashable savings the MTFS period must reach.
    pub target: Option<Decimal>,
    pub parameters: Vec<Entry>,
    pub correlations: Vec<Pair>,
    /// The table's line, for messages about it as a whole.
    pub line: usize,
}

/// One uncertain parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// The path as the file writes it (`take_up`, `vacate.OTH.dispose_on`).
    pub path: String,
    pub parts: Vec<String>,
    pub distribution: Distribution,
    pub line: usize,
}

/// `[[uncertainty.correlation]]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Pair {
    pub between: [String; 2],
    pub rho: f64,
    pub line: usize,
}

const SETTINGS: [&str; 6] = [
    "iterations",
    "seed",
    "method",
    "mtfs_years",
    "target",
    "correlation",
];

/// Reads `[uncertainty]`; problems are recorded against their lines.
pub fn read(t: &mut Table) -> Option<Spec> {
    let line = t.keys().first().map(|(_, v)| v.line()).unwrap_or(0);
    let iterations = t.get("iterations").map(|v| {
        v.plain_integer(1, MAX_ITERATIONS)
            .map(|n| n as usize)
            .ok_or(())
    });
    let seed = t
        .get("seed")
        .map(|v| v.plain_integer(0, i64::MAX).map(|n| n as u64).ok_or(()));
    let method = t.get("method").map(|v| {
        let s = v.plain_string().ok_or(())?;
        match s.trim().to_ascii_lowercase().as_str() {
            "lhs" => Ok(Method::Lhs),
            "mc" => Ok(Method::Mc),
            _ => {
                v.problem(format!(
                    "must be \"lhs\" (Latin hypercube, the default) or \"mc\" (plain Monte \
                     Carlo), found \"{s}\""
                ));
                Err(())
            }
        }
    });
    let mtfs_years = t
        .get("mtfs_years")
        .map(|v| v.plain_integer(1, 60).map(|n| n as u32).ok_or(()));
    let target = t.get("target").map(|v| {
        let d = v.plain_number().ok_or(())?;
        if d < Decimal::ZERO || d > crate::money::MONEY_LIMIT {
            v.problem(format!(
                "must be an amount from 0 to £1 trillion (the cashable savings the MTFS \
                 period must reach), found {d}"
            ));
            return Err(());
        }
        Ok(d)
    });
    let correlations = match t.get("correlation") {
        None => Ok(Vec::new()),
        Some(v) => read_pairs(&v),
    };
    let mut parameters = Vec::new();
    let mut ok = true;
    for (key, v) in t.keys() {
        if SETTINGS.contains(&key.as_str()) {
            continue;
        }
        t.mark_used(&key);
        ok &= read_entries(&[], &key, &v, &mut parameters);
    }
    t.finish();
    let spec = Spec {
        iterations: iterations.transpose().ok()?,
        seed: seed.transpose().ok()?,
        method: method.transpose().ok()?,
        mtfs_years: mtfs_years.transpose().ok()?,
        target: target.transpose().ok()?,
        parameters,
        correlations: correlations.ok()?,
        line,
    };
    ok.then_some(spec)
}

fn read_pairs(v: &Value) -> Result<Vec<Pair>, ()> {
    let items = v.list().ok_or(())?;
    let mut pairs = Vec::new();
    let mut ok = true;
    for item in items {
        let Some(mut t) = item.table() else {
            ok = false;
            continue;
        };
        let line = item.line();
        let between = t.required("between").and_then(|b| {
            let names = b.list()?;
            let names: Option<Vec<String>> = names.iter().map(|n| n.plain_string()).collect();
            match names?.as_slice() {
                [a, b2] => Some([a.trim().to_string(), b2.trim().to_string()]),
                other => {
                    b.problem(format!(
                        "must name two parameters, e.g. between = [\"take_up\", \
                         \"demand_growth\"], found {}",
                        other.len()
                    ));
                    None
                }
            }
        });
        let rho = t.required("rho").and_then(|r| rho(&r));
        t.finish();
        match (between, rho) {
            (Some(between), Some(rho)) => pairs.push(Pair { between, rho, line }),
            _ => ok = false,
        }
    }
    if ok {
        Ok(pairs)
    } else {
        Err(())
    }
}

/// A correlation's `rho`: from −1 to 1.
pub fn rho(r: &Value) -> Option<f64> {
    let d = r.plain_number()?;
    if d < -Decimal::ONE || d > Decimal::ONE {
        r.problem(format!("a rank correlation is from -1 to 1, found {d}"));
        return None;
    }
    d.to_f64()
}

/// A number of a distribution, as `f64` (distributions are sampled in
/// binary floating point; see [`super::sampling`]).
fn number(v: &Value) -> Option<f64> {
    v.plain_number()?.to_f64()
}

fn numbers(v: &Value, count: usize, shape: &str) -> Option<Vec<f64>> {
    let items = v.list()?;
    if items.len() != count {
        v.problem(format!(
            "must be {shape} ({count} numbers), found {} number{}",
            items.len(),
            if items.len() == 1 { "" } else { "s" }
        ));
        return None;
    }
    items.iter().map(number).collect()
}

const SHAPES: &str = "triangular = [min, mode, max], pert = [min, mode, max], uniform = \
                      [min, max], normal = [mean, sd] (with optional min and max) or discrete \
                      = [[value, probability], …]";

/// Whether a key names a distribution.
fn is_shape(key: &str) -> bool {
    matches!(
        key,
        "triangular" | "pert" | "uniform" | "normal" | "discrete"
    )
}

/// Reads the entry at `key`, or, where TOML has made the path's dots into
/// tables (`one_off_costs."Decant and moves".amount = { … }` unquoted),
/// the entries inside it.
fn read_entries(prefix: &[String], key: &str, v: &Value, out: &mut Vec<Entry>) -> bool {
    let mut parts = prefix.to_vec();
    match parse_path(key) {
        Ok(p) if prefix.is_empty() => parts = p,
        Ok(_) => parts.push(key.to_string()),
        Err(e) => {
            v.problem(e);
            return false;
        }
    }
    if let Some(t) = v.is_table().then(|| v.table()).flatten() {
        let keys = t.keys();
        let nested = !keys.is_empty() && keys.iter().all(|(k, x)| !is_shape(k) && x.is_table());
        if nested
            && !keys
                .iter()
                .any(|(k, _)| matches!(k.as_str(), "min" | "max"))
        {
            let mut ok = true;
            for (k, x) in keys {
                ok &= read_entries(&parts, &k, &x, out);
            }
            return ok;
        }
    }
    match read_entry(parts, v) {
        Some(e) => {
            out.push(e);
            true
        }
        None => false,
    }
}

fn read_entry(parts: Vec<String>, v: &Value) -> Option<Entry> {
    let key = crate::model::params::path_text(&parts);
    let key = key.as_str();
    let line = v.line();
    let mut t = v.table()?;
    let shapes: Vec<(String, Value)> = t.keys().into_iter().filter(|(k, _)| is_shape(k)).collect();
    let (shape, value) = match shapes.as_slice() {
        [one] => (one.0.clone(), &one.1),
        [] => {
            v.problem(format!("needs a distribution: {SHAPES}"));
            return None;
        }
        _ => {
            v.problem(format!(
                "gives {} distributions; give one of {SHAPES}",
                shapes.len()
            ));
            return None;
        }
    };
    t.mark_used(&shape);
    let distribution = match shape.as_str() {
        "triangular" | "pert" => {
            let x = numbers(value, 3, "[min, mode, max]")?;
            let (min, mode, max) = (x[0], x[1], x[2]);
            if shape == "pert" {
                Distribution::Pert { min, mode, max }
            } else {
                Distribution::Triangular { min, mode, max }
            }
        }
        "uniform" => {
            let x = numbers(value, 2, "[min, max]")?;
            Distribution::Uniform {
                min: x[0],
                max: x[1],
            }
        }
        "normal" => {
            let x = numbers(value, 2, "[mean, sd]")?;
            let (mean, sd) = (x[0], x[1]);
            let min = t
                .get("min")
                .map(|m| number(&m).ok_or(()))
                .transpose()
                .ok()?;
            let max = t
                .get("max")
                .map(|m| number(&m).ok_or(()))
                .transpose()
                .ok()?;
            Distribution::Normal {
                mean,
                sd,
                min: min.unwrap_or(mean - 4.0 * sd),
                max: max.unwrap_or(mean + 4.0 * sd),
            }
        }
        _ => {
            let items = value.list()?;
            let mut values = Vec::new();
            for item in &items {
                let pair = numbers(item, 2, "[value, probability]")?;
                values.push((pair[0], pair[1]));
            }
            if values.is_empty() {
                value.problem("must list at least one [value, probability]");
                return None;
            }
            Distribution::Discrete { values }
        }
    };
    t.finish();
    if let Err(e) = distribution.check() {
        v.problem(e);
        return None;
    }
    Some(Entry {
        path: key.to_string(),
        parts,
        distribution,
        line,
    })
}
