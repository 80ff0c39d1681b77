//! Uncertainty (SPEC 9.2–9.4): the `[uncertainty]` table of a model
//! ([`spec`]), its distributions and sampling ([`sampling`]), running the
//! iterations through the engine ([`simulate`]) and sensitivity
//! ([`sensitivity`]: tornado and switching values).
//!
//! A parameter's path is the one `--set` takes (SPEC 9.1), and every
//! iteration is a `--set` of each uncertain parameter to its sampled value:
//! one mechanism, so that a sampled value is read and checked exactly as a
//! value in the file would be, and every kind's formulas are written once.

pub mod sampling;
pub mod sensitivity;
pub mod simulate;
pub mod spec;

use crate::error::Problem;
use crate::kinds::key_problem;
use crate::model::params::{self, Set, SetValue};
use crate::model::Model;
use chrono::{Months, NaiveDate};
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use rust_decimal::{Decimal, RoundingStrategy};
use sampling::{Correlation, Distribution, Method};

/// Iterations when neither the file nor `--iterations` says.
pub const DEFAULT_ITERATIONS: usize = 10_000;
/// FYs of the MTFS period when the file does not say.
pub const DEFAULT_MTFS_YEARS: u32 = 4;

/// A model's uncertainty, checked against the model: every path names one
/// of its parameters, with the parameter's base value.
#[derive(Clone, Debug, PartialEq)]
pub struct Uncertainty {
    pub iterations: usize,
    pub seed: u64,
    pub method: Method,
    pub mtfs_years: u32,
    pub target: Option<Decimal>,
    pub parameters: Vec<Uncertain>,
    pub correlations: Vec<Correlation>,
    /// Base values outside their distribution's range, and the like.
    pub warnings: Vec<String>,
}

/// One uncertain parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct Uncertain {
    /// As the file writes it.
    pub path: String,
    pub parts: Vec<String>,
    pub distribution: Distribution,
    pub base: Base,
    /// A whole-number parameter (months, years, NCY): samples are rounded.
    pub whole: bool,
    pub line: usize,
}

/// A parameter's own value: the base case.
#[derive(Clone, Debug, PartialEq)]
pub enum Base {
    Number(Decimal),
    /// A date parameter: its distribution is in months of delay.
    Date(NaiveDate),
    /// A default described in words (the Green Book discount schedule).
    Described(String),
}

impl Base {
    pub fn text(&self) -> String {
        match self {
            Base::Number(d) => d.normalize().to_string(),
            Base::Date(d) => d.to_string(),
            Base::Described(s) => s.clone(),
        }
    }
}

/// Command-line settings that win over the file's.
#[derive(Clone, Copy, Debug, Default)]
pub struct Overrides {
    pub iterations: Option<usize>,
    pub seed: Option<u64>,
    pub target: Option<Decimal>,
}

/// The keys whose values are whole numbers.
fn is_whole(parts: &[String]) -> bool {
    let last = parts.last().map(String::as_str).unwrap_or("");
    matches!(last, "empty_rates_relief_months" | "months" | "years") || parts[0] == "ncy"
}

/// Checks a model's `[uncertainty]` table against the model; `None` when
/// it has none.
pub fn resolve(model: &Model, cli: &Overrides) -> Result<Option<Uncertainty>, Vec<Problem>> {
    let Some(spec) = &model.uncertainty else {
        return Ok(None);
    };
    let file = &model.file;
    let (file_sets, _) = params::split_baseline(&model.sets);
    let text = match params::apply(&model.text, &file_sets) {
        Ok((t, _)) => t,
        Err(e) => return Err(e.into_iter().map(|m| Problem::file(file, m)).collect()),
    };
    let set_in_file = params::parameters(&text);
    let defaults = params::defaults(model);
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    let mut parameters = Vec::new();
    let problem = |line: usize, path: &str, message: String| {
        key_problem(file, line, &format!("uncertainty.{path}"), message)
    };
    for e in &spec.parameters {
        let base = if e.parts[0] == "baseline" {
            if e.parts.len() != 2 {
                problems.push(problem(
                    e.line,
                    &e.path,
                    "a baseline scale factor is baseline.<category>, e.g. \"baseline.energy\""
                        .into(),
                ));
                continue;
            }
            let scale = model
                .baseline_scales
                .iter()
                .find(|s| s.category == crate::workbook::normalise(&e.parts[1]));
            Some(Base::Number(scale.map_or(Decimal::ONE, |s| s.factor)))
        } else {
            let same = |p: &str| params::parse_path(p).is_ok_and(|q| q == e.parts);
            set_in_file
                .iter()
                .find(|p| same(&p.path))
                .map(|p| base_of(&p.value))
                .or_else(|| {
                    defaults
                        .iter()
                        .find(|(k, _)| same(k))
                        .map(|(_, v)| base_of(v))
                })
        };
        let Some(base) = base else {
            let known: Vec<String> = set_in_file
                .iter()
                .map(|p| p.path.clone())
                .chain(defaults.iter().map(|(k, _)| k.clone()))
                .collect();
            let candidates: Vec<(&str, &str)> =
                known.iter().map(|k| (k.as_str(), k.as_str())).collect();
            let near = crate::suggest::nearest(&e.path, &candidates, 3);
            problems.push(problem(
                e.line,
                &e.path,
                format!(
                    "names no parameter of this model{}; `savings params {}` lists them",
                    crate::suggest::did_you_mean(&near),
                    file.display()
                ),
            ));
            continue;
        };
        let (lo, hi) = e.distribution.support();
        match &base {
            Base::Number(b) => {
                let b = b.to_f64().unwrap_or(0.0);
                if b < lo || b > hi {
                    warnings.push(format!(
                        "uncertainty.{}: the model's own value {} is outside its distribution's \
                         range {} to {}; the base case uses the model's value",
                        e.path,
                        base.text(),
                        lo,
                        hi
                    ));
                }
            }
            Base::Date(_) if lo > 0.0 || hi < 0.0 => warnings.push(format!(
                "uncertainty.{}: the distribution's delays ({lo} to {hi} months) leave out the \
                 model's own date; the base case uses the model's date",
                e.path
            )),
            _ => {}
        }
        parameters.push(Uncertain {
            path: e.path.clone(),
            parts: e.parts.clone(),
            distribution: e.distribution.clone(),
            whole: is_whole(&e.parts),
            base,
            line: e.line,
        });
    }
    let mut correlations = Vec::new();
    for pair in &spec.correlations {
        let index = |name: &str| {
            let parts = params::parse_path(name).ok()?;
            parameters.iter().position(|p| p.parts == parts)
        };
        match (index(&pair.between[0]), index(&pair.between[1])) {
            (Some(a), Some(b)) => correlations.push(Correlation {
                a,
                b,
                rho: pair.rho,
            }),
            (a, _) => {
                let missing = if a.is_none() {
                    &pair.between[0]
                } else {
                    &pair.between[1]
                };
                let names: Vec<&str> = parameters.iter().map(|p| p.path.as_str()).collect();
                problems.push(key_problem(
                    file,
                    pair.line,
                    "uncertainty.correlation.between",
                    format!(
                        "{missing} has no distribution in [uncertainty]; a correlation is \
                         between two uncertain parameters: {}",
                        if names.is_empty() {
                            "there are none".to_string()
                        } else {
                            names.join(", ")
                        }
                    ),
                ));
            }
        }
    }
    if problems.is_empty() {
        let names: Vec<String> = parameters.iter().map(|p| p.path.clone()).collect();
        if let Err(e) = sampling::check_correlations(&names, &correlations) {
            let line = spec.correlations.first().map_or(spec.line, |p| p.line);
            problems.push(key_problem(file, line, "uncertainty.correlation", e));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Some(Uncertainty {
        iterations: cli
            .iterations
            .or(spec.iterations)
            .unwrap_or(DEFAULT_ITERATIONS),
        seed: cli.seed.or(spec.seed).unwrap_or(1),
        method: spec.method.unwrap_or(Method::Lhs),
        mtfs_years: spec
            .mtfs_years
            .unwrap_or(DEFAULT_MTFS_YEARS)
            .min(model.horizon.years),
        target: cli.target.or(spec.target),
        parameters,
        correlations,
        warnings,
    }))
}

/// A parameter's value as written (`0.8`, `3.5%`, `2015-04-01`, or a
/// default described in words).
fn base_of(text: &str) -> Base {
    let t = text.trim().trim_matches('"');
    if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        return Base::Date(d);
    }
    if let Some(p) = t.strip_suffix('%') {
        if let Ok(d) = Decimal::from_str_exact(p.trim()) {
            return Base::Number(d / Decimal::ONE_HUNDRED);
        }
    }
    let first = t.split_whitespace().next().unwrap_or("").replace('_', "");
    match Decimal::from_str_exact(&first) {
        Ok(d) if first.len() == t.replace('_', "").len() => Base::Number(d),
        _ => Base::Described(t.to_string()),
    }
}

/// A sampled value as the exact decimal the engine reads: rounded to 6
/// significant figures (a whole number, or months of delay, rounded half
/// away from zero).
pub fn exact(x: f64, whole: bool) -> Decimal {
    if whole {
        return Decimal::from_f64(x.round()).unwrap_or_default();
    }
    six_figures_quickly(x).unwrap_or_else(|| six_figures(x))
}

/// [`exact`] of a number that is not whole, through `Decimal`: the value
/// `Decimal::from_f64` gives, rounded to 6 significant figures, half away
/// from zero.
fn six_figures(x: f64) -> Decimal {
    let d = Decimal::from_f64(x).unwrap_or_default();
    d.round_sf_with_strategy(6, RoundingStrategy::MidpointAwayFromZero)
        .unwrap_or(d)
        .normalize()
}

/// [`six_figures`] in `f64` arithmetic, which is many times faster (a
/// simulation rounds every draw): `x × 10^k` for the `k` that puts six
/// digits before the point, rounded to a whole number. `None` (and
/// [`six_figures`] decides) wherever `f64` could round otherwise: a value
/// within a millionth of a half, outside 10^−9 to 10^12, or whose scaled
/// value is not six digits long.
fn six_figures_quickly(x: f64) -> Option<Decimal> {
    let a = x.abs();
    if !(1e-9..1e12).contains(&a) {
        return None;
    }
    let k = 5 - a.log10().floor() as i32;
    let y = a * 10f64.powi(k);
    if !(99_999.5..999_999.5).contains(&y) || ((y - y.floor()) - 0.5).abs() < 1e-6 {
        return None;
    }
    let m = y.round() as i64;
    let scaled = if k >= 0 {
        Decimal::new(m, k as u32)
    } else {
        Decimal::from(m) * Decimal::from(10i64.pow((-k) as u32))
    };
    let d = if x < 0.0 { -scaled } else { scaled };
    Some(d.normalize())
}

impl Uncertain {
    /// The `--set` that puts this parameter at a sampled value.
    pub fn set_at(&self, x: f64) -> Set {
        let toml = self.value_at(x).toml();
        Set {
            arg: format!("{}={}", self.path, toml.trim_matches('"')),
            path: self.parts.clone(),
            toml,
        }
    }

    /// The value a sample gives the parameter: a number to 6 significant
    /// figures ([`exact`]), or the date that many whole months later.
    pub fn value_at(&self, x: f64) -> SetValue {
        match &self.base {
            Base::Date(d) => {
                let months = x.round() as i64;
                let date = if months >= 0 {
                    d.checked_add_months(Months::new(months as u32))
                } else {
                    d.checked_sub_months(Months::new(months.unsigned_abs() as u32))
                };
                SetValue::Date(date.unwrap_or(*d))
            }
            _ => SetValue::Number(exact(x, self.whole)),
        }
    }

    /// The value a sample gives, in words (`0.65`, `2016-04-01`).
    pub fn value_text(&self, x: f64) -> String {
        self.set_at(x).toml.trim_matches('"').to_string()
    }
}

/// A model's uncertainty results: the table it was run with, the
/// simulation and the sensitivity.
#[derive(Clone, Debug, PartialEq)]
pub struct Results {
    pub uncertainty: Uncertainty,
    pub simulation: simulate::Simulation,
    pub sensitivity: Vec<sensitivity::Row>,
}

/// Runs the model with each uncertain parameter alone at each end of its
/// distribution's range: a range the parameter cannot take (a take-up past
/// 1, a delay past the horizon's dates the model allows) is an error that
/// names the `[uncertainty]` entry, before any iteration runs.
pub fn check_ranges(
    model: &Model,
    sources: &crate::kinds::Sources,
    u: &Uncertainty,
) -> crate::error::Result<()> {
    let mut problems = Vec::new();
    for p in &u.parameters {
        let (lo, hi) = p.distribution.support();
        for end in [lo, hi] {
            let set = p.set_at(end);
            if let Err(e) = simulate::evaluate(model, sources, std::slice::from_ref(&set)) {
                let why = match e {
                    crate::error::Error::Input(found) => found
                        .into_iter()
                        .map(|f| f.message)
                        .collect::<Vec<_>>()
                        .join("; "),
                    other => return Err(other),
                };
                problems.push(key_problem(
                    &model.file,
                    p.line,
                    &format!("uncertainty.{}", p.path),
                    format!(
                        "the distribution reaches {}, which the parameter cannot take: {why}; \
                         narrow the range",
                        set.toml.trim_matches('"')
                    ),
                ));
                break;
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(crate::error::Error::Input(problems))
    }
}

/// Runs `work` on a pool of threads with room on their stacks for reading
/// and preparing a model (as the main thread has); the pool has one thread
/// per core unless `RAYON_NUM_THREADS` says otherwise.
pub fn on_threads<T: Send>(work: impl FnOnce() -> T + Send) -> T {
    match rayon::ThreadPoolBuilder::new().stack_size(16 << 20).build() {
        Ok(pool) => pool.install(work),
        Err(_) => work(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn six_figures_quickly_are_six_figures_through_decimal() {
        // Draws of every size a model meets, and values on the edges: a
        // power of ten, a half in the sixth figure, a value just under one.
        let mut x = 0.000_123_456_789_f64;
        let mut checked = 0;
        while x < 5e11 {
            for v in [x, -x, x * 1.000_000_7, x * 0.999_999_3] {
                if let Some(quick) = six_figures_quickly(v) {
                    assert_eq!(quick.to_string(), six_figures(v).to_string(), "{v}");
                    checked += 1;
                }
            }
            x *= 1.000_37;
        }
        assert!(checked > 100_000, "{checked}");
        for v in [
            1.0,
            10.0,
            0.1,
            123_456.5,
            1.234_565,
            0.999_999_9,
            2_500_000.0,
            0.06,
        ] {
            assert_eq!(
                exact(v, false).to_string(),
                six_figures(v).to_string(),
                "{v}"
            );
        }
    }

    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    fn uncertain(base: Base, whole: bool) -> Uncertain {
        Uncertain {
            path: "vacate.EXH.dispose_on".into(),
            parts: vec!["vacate".into(), "EXH".into(), "dispose_on".into()],
            distribution: Distribution::Uniform {
                min: 0.0,
                max: 24.0,
            },
            base,
            whole,
            line: 1,
        }
    }

    #[test]
    fn a_sample_enters_the_engine_at_six_significant_figures() {
        assert_eq!(exact(0.845_227_8, false), d("0.845228"));
        assert_eq!(exact(2_914_589.7, false), d("2914590"));
        assert_eq!(exact(-0.030_000_000_1, false), d("-0.03"));
        // Whole numbers: half away from zero.
        assert_eq!(exact(2.5, true), d("3"));
        assert_eq!(exact(-2.5, true), d("-3"));
    }

    #[test]
    fn a_date_moves_by_whole_months_of_delay() {
        let base = NaiveDate::from_ymd_opt(2014, 4, 1).unwrap();
        let p = uncertain(Base::Date(base), false);
        assert_eq!(p.set_at(11.5).toml, "\"2015-04-01\"");
        assert_eq!(p.set_at(11.4).toml, "\"2015-03-01\"");
        assert_eq!(p.set_at(-1.5).toml, "\"2014-02-01\"");
        assert_eq!(p.set_at(0.0).arg, "vacate.EXH.dispose_on=2014-04-01");
        // The end of a month stays inside the month it lands in.
        let end = NaiveDate::from_ymd_opt(2013, 1, 31).unwrap();
        assert_eq!(
            uncertain(Base::Date(end), false).set_at(1.0).toml,
            "\"2013-02-28\""
        );
    }

    #[test]
    fn a_base_value_is_read_as_written() {
        assert_eq!(base_of("0.8"), Base::Number(d("0.8")));
        assert_eq!(base_of("3_000_000"), Base::Number(d("3000000")));
        assert_eq!(base_of("3.5%"), Base::Number(d("0.035")));
        assert_eq!(
            base_of("2012-10-01"),
            Base::Date(NaiveDate::from_ymd_opt(2012, 10, 1).unwrap())
        );
        assert_eq!(
            base_of("0.025 (inflation.default)"),
            Base::Described("0.025 (inflation.default)".into())
        );
    }

    #[test]
    fn stats_are_the_exact_mean_and_nearest_rank_percentiles() {
        // 1..=10: mean 5.5; P5 = x(1), P10 = x(1), P25 = x(3), P50 = x(5),
        // P75 = x(8), P90 = x(9), P95 = x(10).
        let mut v: Vec<Decimal> = (1..=10).rev().map(Decimal::from).collect();
        let s = simulate::Stats::of(&mut v);
        assert_eq!(s.mean, d("5.5"));
        assert_eq!(
            s.percentiles.map(|x| x.to_string()),
            ["1", "1", "3", "5", "8", "9", "10"].map(String::from)
        );
    }
}
