//! Scenario model kinds: from a model's parameters and the baseline to
//! monthly flows.
//!
//! Each kind has its own module holding all of its formulas, in three
//! steps that keep re-runs cheap (Monte Carlo, tornado and switching values
//! will re-run [`project`] with changed parameters):
//!
//! 1. `read` — the kind's keys of the model file, checked;
//! 2. `prepare` — the parameters resolved against the baseline once (the
//!    sites matched, the rows selected), giving a plan;
//! 3. `project` — the plan's monthly flows over the horizon; pure, no I/O.

pub mod building_vacation;
pub mod channel_shift;
pub mod kind;
pub mod libraries_trust;
pub mod memo;
pub mod range;
pub mod sen_invest_to_save;
pub mod shared_service;

pub use kind::{BaselineChart, BaselineRow, Kind, ModelKind, Plan, Scenario, Sources, KINDS};

use crate::baseline::{Baseline, Sheet};
use crate::calendar::{FinancialYear, Horizon, Month};
use crate::error::{Error, Place, Problem, Result};
use crate::flows::{Class, Flows, Why};
use crate::model::Model;
use crate::money::Decimal;
use crate::prices::{IndexSeries, Inflation};
use std::collections::HashMap;

/// Prices and time for one model run: the horizon, the price base and an
/// index series for every inflation key.
#[derive(Clone, Debug)]
pub struct Context {
    pub horizon: Horizon,
    pub price_base: FinancialYear,
    pub inflation: Inflation,
    pub optimism_bias: Decimal,
    series: HashMap<String, IndexSeries>,
    default: IndexSeries,
}

impl Context {
    /// Builds the index series of every key the model names, and the
    /// default. An index out of range is an input problem.
    pub fn new(model: &Model, price_base: FinancialYear) -> Result<Context, Problem> {
        let h = model.horizon;
        let build = |key: &str, rate: Decimal| {
            IndexSeries::new(rate, &h, price_base).ok_or_else(|| {
                Problem::file(
                    &model.file,
                    format!(
                        "inflation.{key}: a rate of {rate} moves prices more than a \
                         billion-fold (up or down) between {price_base} and {}; check the rate",
                        h.last_year()
                    ),
                )
            })
        };
        let default = build("default", model.inflation.default)?;
        // Real terms divide by (1 + g)^(y − P) and discounting by
        // (1 + d)^t: both must stay inside the same bounds as an index.
        build("gdp_deflator", model.inflation.gdp_deflator())?;
        if let Some(d) = model.appraisal.discount_rate {
            IndexSeries::new(d, &h, h.start).ok_or_else(|| {
                Problem::file(
                    &model.file,
                    format!(
                        "appraisal.discount_rate: a rate of {d} moves the discount factor \
                         more than a billion-fold (up or down) within the horizon; check the rate"
                    ),
                )
            })?;
        }
        let mut series = HashMap::new();
        for (key, rate) in &model.inflation.rates {
            series.insert(key.clone(), build(key, *rate)?);
        }
        Ok(Context {
            horizon: h,
            price_base,
            inflation: model.inflation.clone(),
            optimism_bias: model.appraisal.optimism_bias,
            series,
            default,
        })
    }

    /// The context with inflation key `key` at `rate`, as reading the model
    /// with `--set inflation.KEY=rate` would make it (for a simulation's
    /// iterations in `f64`); `None` for the GDP deflator (which the
    /// appraisal's factors depend on) or an index out of range.
    pub fn with_rate(&self, key: &str, rate: Decimal) -> Option<Context> {
        let mut ctx = self.clone();
        ctx.set_rate(key, rate)?;
        Some(ctx)
    }

    /// [`Context::with_rate`] on this context itself (a simulation's worker
    /// keeps one and sets the drawn rates on it at every iteration); `None`
    /// and the context unchanged for the GDP deflator or an index out of
    /// range.
    pub fn set_rate(&mut self, key: &str, rate: Decimal) -> Option<()> {
        if key == "gdp_deflator" {
            return None;
        }
        let series = IndexSeries::new(rate, &self.horizon, self.price_base)?;
        if key == "default" {
            self.inflation.default = rate;
            self.default = series;
        } else {
            self.inflation.rates.insert(key.to_string(), rate);
            self.series.insert(key.to_string(), series);
        }
        Some(())
    }

    /// The index series of an inflation key (the default's if unnamed).
    pub fn series(&self, key: &str) -> &IndexSeries {
        self.series.get(key).unwrap_or(&self.default)
    }

    /// `1 + optimism_bias`.
    pub fn bias_factor(&self) -> Decimal {
        Decimal::ONE + self.optimism_bias
    }
}

/// A model ready to run: its plan, prices and the figures that head its
/// summary.
#[derive(Clone, Debug)]
pub struct Prepared {
    pub model: Model,
    pub authority: String,
    pub context: Context,
    pub plan: Plan,
    /// Warnings found while preparing (workbook columns ignored, …).
    pub warnings: Vec<String>,
}

impl Prepared {
    pub fn price_base(&self) -> FinancialYear {
        self.context.price_base
    }
}

/// The sheets a workbook has, with the nearest to a missing one.
fn sheets_there(missing: Sheet, names: &[String]) -> String {
    if names.is_empty() {
        return String::new();
    }
    let candidates: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), n.as_str())).collect();
    let near = crate::suggest::nearest(missing.name(), &candidates, 2);
    let mut out = String::new();
    if let [one, ..] = near.as_slice() {
        out.push_str(&format!(
            "; if \"{one}\" is that sheet, rename it \"{}\"",
            missing.title()
        ));
    }
    out.push_str(&format!(
        " (the workbook's sheets: {})",
        names
            .iter()
            .map(|n| format!("\"{n}\""))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    out
}

/// Resolves a model against the baseline with the bundled unit-cost
/// library: see [`prepare_with`].
pub fn prepare(model: &Model, baseline: &Baseline) -> Result<Prepared> {
    let unit_costs = crate::unit_costs::Library::bundled()?;
    prepare_with(
        model,
        &Sources {
            baseline,
            unit_costs: &unit_costs,
            prices: None,
            memo: None,
        },
    )
}

/// Resolves a model against its sources: the kind's sheet is there, the
/// price base known, the kind's plan made and its amounts inside the
/// engine's exact range.
pub fn prepare_with(model: &Model, sources: &Sources) -> Result<Prepared> {
    if !model.baseline_scales.is_empty() {
        // `--set baseline.<category>=…`: this model sees a scaled copy.
        let scaled = sources
            .baseline
            .scaled(&model.baseline_scales)
            .map_err(|e| Error::input(Problem::file(&model.file, e)))?;
        let mut model = model.clone();
        let scales = std::mem::take(&mut model.baseline_scales);
        let mut p = prepare_with(
            &model,
            &Sources {
                baseline: &scaled,
                // The reductions remembered are of the unscaled baseline.
                memo: None,
                ..*sources
            },
        )?;
        p.model.baseline_scales = scales;
        return Ok(p);
    }
    let baseline = sources.baseline;
    let mut problems = Vec::new();
    let scenario = &model.scenario;
    let sheet = scenario.sheet();
    let missing_sheet = |sheet: Sheet, why: &str| {
        Problem::file(
            &baseline.file,
            format!(
                "has no {} sheet, which {} ({}) needs {why}{}",
                sheet.title(),
                model.file.display(),
                model.kind.name(),
                sheets_there(sheet, &baseline.sheet_names)
            ),
        )
    };
    let meta = baseline.meta.as_ref();
    if meta.is_none() && (model.kind.needs_meta() || model.price_base.is_none()) {
        problems.push(missing_sheet(
            Sheet::Meta,
            "for the authority and price base",
        ));
    }
    let price_base = model.price_base.or(meta.map(|m| m.price_base));
    let authority = match scenario.authority() {
        Some(a) => a.trim().to_string(),
        None => meta.map(|m| m.authority.clone()).unwrap_or_default(),
    };
    let plan = if !baseline.has(sheet) {
        problems.push(missing_sheet(sheet, scenario.sheet_purpose()));
        None
    } else {
        let sources = Sources {
            prices: price_base.map(|p| (p, model.inflation.gdp_deflator())),
            ..*sources
        };
        match scenario.prepare(&sources, &model.file) {
            Ok(p) => Some(p),
            Err(Error::Input(mut e)) => {
                problems.append(&mut e);
                None
            }
            Err(e) => return Err(e),
        }
    };
    let context = match price_base.map(|p| Context::new(model, p)) {
        Some(Ok(c)) => Some(c),
        Some(Err(p)) => {
            problems.push(p);
            None
        }
        None => None,
    };
    if let Some(plan) = &plan {
        problems.extend(unused_inflation_keys(model, plan));
    }
    match (plan, context) {
        (Some(plan), Some(context)) if problems.is_empty() => {
            range::check(model, &plan, &context).map_err(Error::input)?;
            let warnings = baseline
                .warnings
                .iter()
                .filter(|(s, _)| *s == sheet || *s == Sheet::Meta)
                .map(|(_, w)| w.to_string())
                .chain(model.warnings.iter().map(|w| w.to_string()))
                .chain(plan.warnings(&context))
                .collect();
            Ok(Prepared {
                model: model.clone(),
                authority,
                context,
                plan,
                warnings,
            })
        }
        _ => Err(Error::Input(problems)),
    }
}

/// For a plan whose `[inflation]` keys are open (a shared service's
/// free-text categories): each key it does not use is an error at its
/// line, since a mistyped category would otherwise go on at the default
/// rate without anyone seeing it.
fn unused_inflation_keys(model: &Model, plan: &Plan) -> Vec<Problem> {
    let Some(used) = plan.inflation_keys() else {
        return Vec::new();
    };
    let mut keys: Vec<&String> = model.inflation.rates.keys().collect();
    keys.sort();
    keys.into_iter()
        .filter(|k| !used.contains(k))
        .map(|k| {
            let path = format!("inflation.{k}");
            let line = model
                .keys
                .iter()
                .find(|r| r.key == path)
                .map(|r| r.line)
                .unwrap_or(1);
            key_problem(
                &model.file,
                line,
                &path,
                format!(
                    "is not a category of the shared service's rows, so this rate would \
                     not be used; the inflation key of a category is its name: {}, or \
                     default",
                    used.join(", ")
                ),
            )
        })
        .collect()
}

/// The Libraries sheet's costs by authority and category, for the kinds
/// that read it.
pub fn library_costs(baseline: &Baseline) -> Result<crate::baseline::LibraryCosts> {
    crate::baseline::LibraryCosts::from_lines(baseline.libraries.as_deref().unwrap_or_default())
        .map_err(|e| Error::input(Problem::file(&baseline.file, format!("Libraries: {e}"))))
}

/// The monthly flows of a prepared model, with any warnings (amounts cut
/// at the horizon).
pub fn project(p: &Prepared) -> (Flows, Vec<String>) {
    project_into(
        p,
        Flows::new(p.context.horizon).public_sector(p.model.appraisal.public_sector),
    )
}

/// [`project`] into flows that keep why each amount was added (for
/// `savings explain` and `trace.json`); the amounts are the same.
pub fn project_traced(p: &Prepared) -> (Flows, Vec<String>) {
    project_into(
        p,
        Flows::traced(p.context.horizon).public_sector(p.model.appraisal.public_sector),
    )
}

fn project_into(p: &Prepared, mut flows: Flows) -> (Flows, Vec<String>) {
    let mut warnings = Vec::new();
    p.plan.project(&p.context, &mut flows, &mut warnings);
    one_off_costs(&p.model, &p.context, &mut flows, &mut warnings);
    (flows, warnings)
}

/// `[[one_off_costs]]`: `−amount × (1 + optimism_bias) / months` in each
/// of `months` months from `M(date)`; months outside the horizon are left
/// out with a warning.
pub fn one_off_costs(model: &Model, ctx: &Context, flows: &mut Flows, warnings: &mut Vec<String>) {
    one_off_costs_in(&model.one_off_costs, ctx, flows, warnings)
}

/// [`one_off_costs`] of `costs`, into either sink, in its number type.
pub fn one_off_costs_in<S: crate::flows::Sink>(
    costs: &[crate::model::OneOffCost],
    ctx: &Context,
    flows: &mut S,
    warnings: &mut Vec<String>,
) {
    use crate::number::Number;
    for cost in costs {
        let per_month = -(S::N::of(cost.amount) * S::N::of(ctx.bias_factor()))
            / S::N::of(Decimal::from(cost.months));
        let line = flows.line(&cost.label);
        let slot = flows.slot(line, Class::OneOffCost);
        let first = Month::effective(cost.date);
        let why = || {
            Why::new(
                format!("one_off_costs \"{}\", from {}", cost.label, cost.date),
                "−amount × (1 + optimism_bias) ÷ months",
            )
            .money("amount", cost.amount)
            .input("optimism_bias", ctx.optimism_bias)
            .input("months", Decimal::from(cost.months))
        };
        if let Some((outside, months)) = spread(
            flows,
            slot,
            first,
            cost.months,
            per_month,
            &ctx.horizon,
            why,
        ) {
            warnings.push(cut_warning(
                &format!("one-off cost \"{}\" dated {}", cost.label, cost.date),
                outside,
                months,
                &ctx.horizon,
            ));
        }
    }
}

/// Adds `amount` in each of `months` months from `first`; the months
/// outside the horizon are left out, and `Some((outside, months))` says
/// how many, for the warning.
pub fn spread<S: crate::flows::Sink>(
    flows: &mut S,
    slot: crate::flows::Slot,
    first: Month,
    months: u32,
    amount: S::N,
    horizon: &Horizon,
    why: impl Fn() -> Why,
) -> Option<(u32, u32)> {
    // The months inside the horizon are one run: from the later of `first`
    // and the horizon's first month to the earlier of their ends.
    let end = first.plus(months as i32);
    let from = first.max(horizon.first_month());
    let to = end.min(horizon.end_month());
    let inside = if to > from { to.since(from) as u32 } else { 0 };
    if inside > 0 {
        flows.add_months(slot, from, inside, amount, why);
    }
    let outside = months - inside;
    (outside > 0).then_some((outside, months))
}

/// The warning for an amount cut at the horizon: all of it, or `outside`
/// of its `months` months.
pub fn cut_warning(what: &str, outside: u32, months: u32, h: &Horizon) -> String {
    if outside == months && months == 1 {
        format!("{what} falls outside the horizon, {h}, and is left out")
    } else if outside == months {
        format!("{what}: all {months} months fall outside the horizon, {h}, and are left out")
    } else {
        format!(
            "{what}: {outside} of its {months} months fall outside the horizon, {h}, and are left out"
        )
    }
}

/// A category or provider type as a chart labels it: `business_rates` →
/// `Business rates`.
pub fn label(name: &str) -> String {
    match name {
        "repairs_maintenance" => return "Repairs and maintenance".into(),
        "non_maintained" => return "Non-maintained".into(),
        "ict" => return "ICT".into(),
        _ => {}
    }
    let spaced = name.replace('_', " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    }
}

/// A problem at a key of a model file, by line.
pub fn key_problem(
    model_file: &std::path::Path,
    line: usize,
    key: &str,
    message: String,
) -> Problem {
    Problem::new(
        Place::Key {
            file: model_file.to_path_buf(),
            line,
            key: key.to_string(),
        },
        message,
    )
}

/// One line of the assumptions log: a parameter the run used, its value
/// and where it came from (the model file and line, the workbook, or a
/// default).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assumption {
    pub parameter: String,
    pub value: String,
    pub source: String,
}

/// The defaults every model has, as (key, value) for the assumptions log
/// and `savings params`.
pub fn common_defaults(m: &Model) -> Vec<(String, String)> {
    vec![
        ("inflation.default".into(), "0".into()),
        (
            "inflation.gdp_deflator".into(),
            format!("{} (inflation.default)", m.inflation.default),
        ),
        (
            "appraisal.discount_rate".into(),
            "Green Book schedule: 3.5% for years 0 to 30, then 3.0%".into(),
        ),
        ("appraisal.optimism_bias".into(), "0".into()),
        ("appraisal.include_capital_receipts".into(), "true".into()),
        ("appraisal.perspective".into(), "authority".into()),
    ]
}

/// Every parameter a prepared model uses, for audit (the Aqua Book's
/// assumptions log): the workbook's authority and price base, each value
/// the model file gave, each default applied, and the baseline figures
/// the plan took from the workbook.
pub fn assumptions(p: &Prepared, baseline: &Baseline) -> Vec<Assumption> {
    let m = &p.model;
    let book = baseline.file.display().to_string();
    let file = m.file.display().to_string();
    let mut out = Vec::new();
    let mut push = |parameter: String, value: String, source: String| {
        out.push(Assumption {
            parameter,
            value,
            source,
        })
    };
    if m.price_base.is_none() {
        push(
            "price_base".into(),
            p.price_base().to_string(),
            format!("{book}: Meta sheet"),
        );
    }
    if let Some(meta) = &baseline.meta {
        push(
            "authority (workbook)".into(),
            meta.authority.clone(),
            format!("{book}: Meta sheet"),
        );
    }
    for s in &m.baseline_scales {
        push(
            format!(
                "baseline.{} (scale factor on the workbook's amounts)",
                s.category
            ),
            s.factor.normalize().to_string(),
            format!("command line: --set {}", s.arg),
        );
    }
    for k in &m.keys {
        let source = match &k.set {
            Some(arg) => format!("command line: --set {arg}"),
            None => format!("{file}:{}", k.line),
        };
        push(k.key.clone(), k.text.clone(), source);
    }
    // Each key given and every key path it is under (`vacate[2].on` is
    // under `vacate[2]` and `vacate`): one set, so that checking the
    // defaults stays linear in the number of keys.
    let mut under: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for k in &m.keys {
        under.insert(k.key.as_str());
        for (i, b) in k.key.bytes().enumerate() {
            if b == b'.' || b == b'[' {
                under.insert(&k.key[..i]);
            }
        }
    }
    let given = |key: &str| under.contains(key);
    let mut defaults = common_defaults(m);
    for (i, _) in m.one_off_costs.iter().enumerate() {
        defaults.push((format!("one_off_costs[{}].months", i + 1), "1".into()));
    }
    let (kind_defaults, figures) = (p.plan.defaults(), p.plan.baseline_figures());
    defaults.extend(kind_defaults);
    for (key, value) in defaults {
        if !given(&key) {
            push(key, value, "default".into());
        }
    }
    for (parameter, value, source) in figures {
        // Figures from the workbook are cited with its name; the others
        // say where they are from themselves.
        let elsewhere = [
            "effective-date",
            "perspective",
            "model file",
            "unit-cost library",
        ];
        let source = if elsewhere.iter().any(|e| source.starts_with(e)) {
            source
        } else {
            format!("{book}: {source}")
        };
        push(parameter, value, source);
    }
    out
}
