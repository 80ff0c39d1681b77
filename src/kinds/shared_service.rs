//! `shared_service`: two or more councils run one service together (SPEC
//! sections 7.2 and 7.6), like the Library Shared Service that Bromley and
//! Bexley went live with on 1 January 2012, or the Regulatory Services and
//! Parking that Bromley, Bexley and Croydon planned to share.
//!
//! Sharing removes a fraction of the partners' combined cost in some
//! categories (one management team, one ICT contract), reaching its full
//! effect along a ramp. One partner's saving is its share of the combined
//! saving: pro rata to what it spent on those categories, or a fixed share.
//!
//! Without `service` the costs come from the Libraries sheet (its fixed
//! categories); with `service = "Parking"` from that service's rows of the
//! Services sheet (free-text categories). Both become one
//! [`CategoryCosts`] table, categories keyed by their normalised names, and
//! from there on there is one code path: the formulas are written once.

use super::{key_problem, BaselineChart, BaselineRow, Context, Sources};
use crate::baseline::{service_names, text_key, CategoryCosts, LibraryCategory, Sheet};
use crate::calendar::Month;
use crate::error::{Error, Problem, Problems, Result};
use crate::flows::{BodyId, Class, Flows, Sink, Why, YearTotals, AUTHORITY};
use crate::model::params::SetValue;
use crate::model::reader::Table;
use crate::money::Decimal;
use crate::number::Number;
use chrono::NaiveDate;
use std::collections::HashSet;
use std::path::Path;

/// The `shared_service` kind.
pub struct SharedService;

impl super::ModelKind for SharedService {
    type Params = Params;
    type Plan = Plan;
    const NAME: &'static str = "shared_service";
    const NEEDS_META: bool = false;
    const TEMPLATE: &'static str = include_str!("../scaffold/models/shared_service.toml");

    fn read(t: &mut Table) -> Option<Params> {
        read(t)
    }

    fn open_inflation_keys(root: &Table) -> bool {
        root.keys().iter().any(|(k, _)| k == "service")
    }

    fn sheet(params: &Params) -> Sheet {
        match params.service {
            None => Sheet::Libraries,
            Some(_) => Sheet::Services,
        }
    }

    fn sheet_purpose(params: &Params) -> &'static str {
        match params.service {
            None => "for the library service's costs",
            Some(_) => "for the shared service's costs",
        }
    }

    fn authority(params: &Params) -> Option<String> {
        Some(params.perspective.clone())
    }

    fn prepare(params: &Params, sources: &Sources, model_file: &Path) -> Result<Plan> {
        let baseline = sources.baseline;
        let costs = match &params.service {
            None => CategoryCosts::of_libraries(
                &sources.remember(|| "library costs".into(), || super::library_costs(baseline))?,
            ),
            Some(service) => {
                let lines = baseline.services.as_deref().unwrap_or_default();
                let costs = sources.remember(
                    || format!("service costs {service}"),
                    || {
                        CategoryCosts::of_service(lines, service).map_err(|e| {
                            Error::input(Problem::file(&baseline.file, format!("Services: {e}")))
                        })
                    },
                )?;
                if costs.authorities().is_empty() {
                    let names = service_names(lines);
                    let shown: Vec<(&str, &str)> =
                        names.iter().map(|n| (n.as_str(), n.as_str())).collect();
                    return Err(Error::Input(vec![key_problem(
                        model_file,
                        params.service_line,
                        "service",
                        format!(
                            "\"{service}\" has no rows in the Services sheet of {}{} (services there: {})",
                            baseline.file.display(),
                            crate::suggest::did_you_mean(&crate::suggest::nearest(
                                service, &shown, 3
                            )),
                            if names.is_empty() {
                                "none".to_string()
                            } else {
                                names.join(", ")
                            }
                        ),
                    )]));
                }
                costs
            }
        };
        prepare(params, &costs, model_file).map_err(Error::Input)
    }

    fn inflation_keys(plan: &Plan) -> Option<Vec<String>> {
        plan.service.as_ref().map(|_| plan.categories.clone())
    }

    fn project(plan: &Plan, ctx: &Context, flows: &mut Flows, _warnings: &mut Vec<String>) {
        project(plan, ctx, flows)
    }

    fn vary(plan: &mut Plan, path: &[String], value: SetValue) -> bool {
        vary(plan, path, value).is_some()
    }

    fn project_f64(plan: &Plan, ctx: &Context, totals: &mut YearTotals<f64>) -> bool {
        project_in(plan, ctx, totals);
        true
    }

    fn defaults() -> Vec<(String, String)> {
        defaults()
    }

    fn baseline_figures(plan: &Plan) -> Vec<(String, String, String)> {
        baseline_figures(plan)
    }

    fn baseline_chart(plan: &Plan) -> BaselineChart {
        let partners: Vec<&str> = plan.partner_costs.iter().map(|(n, _)| n.as_str()).collect();
        let (title, what) = match &plan.service {
            None => (
                format!("Library service costs of {}", and_list(&partners)),
                "Gross cost of each partner's library service by category".to_string(),
            ),
            Some(service) => (
                format!("{service} costs of {}", and_list(&partners)),
                format!("Gross cost of each partner's {service} by category"),
            ),
        };
        BaselineChart {
            title,
            what,
            categories: partners.iter().map(|n| n.to_string()).collect(),
            series: plan
                .categories
                .iter()
                .enumerate()
                .filter(|(_, c)| c.as_str() != "income")
                .map(|(i, c)| {
                    (
                        super::label(c),
                        plan.partner_costs.iter().map(|(_, k)| k[i]).collect(),
                    )
                })
                .collect(),
            additive: true,
        }
    }

    fn check_range(p: &Plan, ctx: &Context) -> std::result::Result<(), String> {
        use super::range::{fits, index_max, mul};
        let beyond = super::range::beyond();
        for (c, reduction, combined) in &p.reductions {
            let i = index_max(ctx, c);
            let bound = mul(p.share, *reduction)
                .and_then(|x| mul(x, *combined))
                .and_then(|x| mul(x, i));
            if !fits(bound) {
                return Err(format!(
                    "reductions.{c}: the partners' combined {c} cost, at inflation.{c} over \
                     the horizon, saves {beyond}; check the rate and the {}",
                    p.sheet_words()
                ));
            }
        }
        Ok(())
    }

    fn baseline_rows(plan: &Plan) -> Vec<BaselineRow> {
        let mut rows = Vec::new();
        for (partner, _) in &plan.partner_costs {
            for (c, _, _) in &plan.reductions {
                rows.push(BaselineRow {
                    sheet: plan.sheet(),
                    key: match &plan.service {
                        None => partner.clone(),
                        Some(service) => format!("{partner}, {service}"),
                    },
                    category: Some(c.clone()),
                });
            }
        }
        rows
    }

    /// The cost each partner whose saving the model shows (every partner
    /// for `all`) takes out of each reduced category: its cost there
    /// times the reduction.
    fn baseline_row_amounts(plan: &Plan) -> Vec<(BaselineRow, Decimal)> {
        let mut rows = Vec::new();
        for (partner, costs) in &plan.partner_costs {
            if plan
                .perspective
                .as_ref()
                .is_some_and(|p| crate::baseline::text_key(p) != crate::baseline::text_key(partner))
            {
                continue;
            }
            for (c, reduction, _) in &plan.reductions {
                let cost = plan
                    .categories
                    .iter()
                    .position(|k| k == c)
                    .and_then(|i| costs.get(i))
                    .copied()
                    .unwrap_or_default();
                let amount = (cost * reduction).abs();
                if amount.is_zero() {
                    continue;
                }
                rows.push((
                    BaselineRow {
                        sheet: plan.sheet(),
                        key: match &plan.service {
                            None => partner.clone(),
                            Some(service) => format!("{partner}, {service}"),
                        },
                        category: Some(c.clone()),
                    },
                    amount,
                ));
            }
        }
        rows
    }
}

/// `A`, `A and B`, `A, B and C`.
fn and_list(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// How the combined saving is shared.
#[derive(Clone, Debug, PartialEq)]
pub enum CostShare {
    /// In proportion to each partner's price-base cost of the reduced
    /// categories.
    ProRata,
    /// Fixed shares, partner → share, summing to 1.
    Fixed(Vec<(String, Decimal)>),
}

/// The kind's parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct Params {
    pub partners: Vec<String>,
    /// A partner, or `all`.
    pub perspective: String,
    pub live_on: NaiveDate,
    pub cost_share: CostShare,
    /// Share of the full saving reached in each 12-month period from
    /// going live; the last value carries on.
    pub ramp: Vec<Decimal>,
    /// The service of the Services sheet the partners share; `None`: the
    /// library service, from the Libraries sheet.
    pub service: Option<String>,
    /// Fraction of the partners' combined cost removed, per category (its
    /// normalised name), with the model-file line of its key.
    pub reductions: Vec<(String, Decimal, usize)>,
    /// Model-file lines of `partners`, `perspective` and `cost_share`.
    pub lines: [usize; 3],
    /// Model-file line of `service`.
    pub service_line: usize,
}

pub fn read(t: &mut Table) -> Option<Params> {
    let partners_v = t.required("partners");
    let partners = partners_v.as_ref().and_then(|v| {
        let names = v.string_list()?;
        if names.len() < 2 {
            v.problem("needs at least two partners");
            return None;
        }
        let mut seen: HashSet<String> = HashSet::new();
        for n in &names {
            if !seen.insert(text_key(n)) {
                v.problem(format!("names \"{n}\" twice; list each partner once"));
                return None;
            }
        }
        Some(names)
    });
    let perspective_v = t.required("perspective");
    let perspective = perspective_v.as_ref().and_then(|v| v.string());
    let live_on = t.required("live_on").and_then(|v| v.event_date());
    let share_v = t.required("cost_share");
    let cost_share = share_v.as_ref().and_then(|v| {
        if v.is_string() {
            let s = v.string()?;
            if s == "pro_rata" {
                return Some(CostShare::ProRata);
            }
            v.problem(format!(
                "must be \"pro_rata\" or a table of shares such as {{ Bromley = 0.55, Bexley = 0.45 }}, found \"{s}\""
            ));
            return None;
        }
        let table = v.table()?;
        let mut shares = Vec::new();
        let mut ok = true;
        for (key, value) in table.keys() {
            match value.share() {
                Some(s) => shares.push((key, s)),
                None => ok = false,
            }
        }
        ok.then_some(CostShare::Fixed(shares))
    });
    let ramp = match t.get("ramp") {
        None => Some(vec![Decimal::ONE]),
        Some(v) => v.number_list(|x| x.share()).and_then(|r| {
            if r.is_empty() {
                v.problem("needs at least one value, e.g. [0.5, 1.0]");
                None
            } else {
                Some(r)
            }
        }),
    };
    let service_v = t.get("service");
    let service = match &service_v {
        None => Some(None),
        Some(v) => v.string().and_then(|s| {
            let s = s.trim().to_string();
            if s.is_empty() {
                v.problem("must name a service of the Services sheet, such as \"Parking\"");
                None
            } else {
                Some(Some(s))
            }
        }),
    };
    let free_categories = service_v.is_some();
    let reductions = t.required("reductions").and_then(|v| {
        let mut table = v.table()?;
        let mut out = Vec::new();
        let mut ok = true;
        for (key, value) in table.keys() {
            // A library category is one of the fixed list; a service's are
            // free text, checked against the sheet when the model runs.
            let category = if free_categories {
                Some(crate::workbook::normalise(&key))
            } else {
                LibraryCategory::parse(&key).map(|c| c.name().to_string())
            };
            match category {
                Some(c) if c == "income" => {
                    value.problem("income cannot be reduced: sharing a service does not cut the money it receives");
                    ok = false;
                }
                Some(c) if out.iter().any(|(o, _, _)| *o == c) => {
                    // `"Back office"` and `back_office` are one category:
                    // reducing it twice would count its saving twice.
                    value.problem(format!(
                        "names the category {c} a second time; give each category once"
                    ));
                    ok = false;
                }
                Some(c) if !c.is_empty() => {
                    table.mark_used(&key);
                    match value.share() {
                        Some(r) => out.push((c, r, value.line())),
                        None => ok = false,
                    }
                }
                _ if free_categories => {
                    value.problem("must name a category of the service, such as management");
                    ok = false;
                }
                _ => {
                    value.problem(format!(
                        "is not a library category; expected one of: {}",
                        LibraryCategory::list()
                    ));
                    ok = false;
                }
            }
        }
        if out.is_empty() && ok {
            v.problem("needs at least one category, e.g. management = 0.30");
            ok = false;
        }
        ok.then_some(out)
    });
    let line = |v: &Option<crate::model::reader::Value>| v.as_ref().map(|v| v.line()).unwrap_or(1);
    let lines = [line(&partners_v), line(&perspective_v), line(&share_v)];
    Some(Params {
        partners: partners?,
        perspective: perspective?,
        live_on: live_on?,
        cost_share: cost_share?,
        ramp: ramp?,
        service: service?,
        reductions: reductions?,
        lines,
        service_line: line(&service_v),
    })
}

/// The parameters resolved against the Libraries sheet or a service's
/// rows of the Services sheet.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    pub live: Month,
    /// The perspective's share of the combined saving (1 for `all`).
    pub share: Decimal,
    /// The partner whose saving the model shows, as `partners` spells it;
    /// `None` for `all`.
    pub perspective: Option<String>,
    /// Each partner's share of the combined saving, as `partners` names
    /// them: pro rata or as the table says. They sum to 1.
    pub partner_shares: Vec<(String, Decimal)>,
    pub ramp: Vec<Decimal>,
    /// Category, reduction, the partners' combined price-base cost.
    pub reductions: Vec<(String, Decimal, Decimal)>,
    /// The service shared, as the Services sheet spells it; `None` for
    /// the library service.
    pub service: Option<String>,
    /// The sheet's categories (for a service, those its rows use).
    pub categories: Vec<String>,
    /// Each partner's price-base cost per category, in `categories`
    /// order, for the baseline chart.
    pub partner_costs: Vec<(String, Vec<Decimal>)>,
}

impl Plan {
    /// The sheet the costs came from.
    pub fn sheet(&self) -> Sheet {
        match self.service {
            None => Sheet::Libraries,
            Some(_) => Sheet::Services,
        }
    }

    /// `Libraries sheet`, `Services sheet's Parking rows`, for messages.
    fn sheet_words(&self) -> String {
        match &self.service {
            None => "Libraries sheet".to_string(),
            Some(s) => format!("Services sheet's {s} rows"),
        }
    }

    /// A partner's share of the combined saving (0 for a name that is not
    /// a partner): what that partner gains, whoever's perspective the
    /// model takes.
    pub fn share_of(&self, partner: &str) -> Decimal {
        self.partner_shares
            .iter()
            .find(|(n, _)| text_key(n) == text_key(partner))
            .map(|(_, s)| *s)
            .unwrap_or_default()
    }
}

/// What the costs are for messages: "in the Libraries sheet", "Parking
/// rows in the Services sheet".
fn rows_in(p: &Params) -> String {
    match &p.service {
        None => "rows in the Libraries sheet".to_string(),
        Some(s) => format!("{s} rows in the Services sheet"),
    }
}

pub fn prepare(p: &Params, costs: &CategoryCosts, model_file: &Path) -> Result<Plan, Vec<Problem>> {
    let mut problems = Problems::new();
    let [partners_line, perspective_line, share_line] = p.lines;
    let known = costs.authorities().join(", ");
    for partner in &p.partners {
        if costs.get(partner).is_none() {
            problems.push(|| {
                key_problem(
                    model_file,
                    partners_line,
                    "partners",
                    format!(
                        "\"{partner}\" has no {}{} (authorities there: {known})",
                        rows_in(p),
                        crate::suggest::did_you_mean(&costs.nearest(partner))
                    ),
                )
            });
        }
    }
    if let Some(service) = &p.service {
        // Categories are the service's own: each reduced one must be one.
        let listed: Vec<(&str, &str)> = costs
            .categories
            .iter()
            .filter(|c| c.as_str() != "income")
            .map(|c| (c.as_str(), c.as_str()))
            .collect();
        for (c, _, line) in &p.reductions {
            if !costs.categories.contains(c) {
                problems.push(|| {
                    key_problem(
                        model_file,
                        *line,
                        &format!("reductions.{c}"),
                        format!(
                            "\"{c}\" is not a category of {service} in the Services sheet \
                             (its categories: {}){}",
                            listed
                                .iter()
                                .map(|(n, _)| *n)
                                .collect::<Vec<_>>()
                                .join(", "),
                            crate::suggest::did_you_mean(&crate::suggest::nearest(c, &listed, 3))
                        ),
                    )
                });
            }
        }
    }
    let all = p.perspective.trim() == "all";
    let partner_keys: HashSet<String> = p.partners.iter().map(|q| text_key(q)).collect();
    let is_partner = |name: &str| partner_keys.contains(&text_key(name));
    if !all && !is_partner(&p.perspective) {
        problems.push(|| {
            key_problem(
                model_file,
                perspective_line,
                "perspective",
                format!(
                    "\"{}\" is not one of the partners ({}); name a partner or \"all\"",
                    p.perspective,
                    p.partners.join(", ")
                ),
            )
        });
    }
    if !problems.is_empty() {
        return Err(problems.into_vec(model_file));
    }
    let reduced_cost = |partner: &str| -> Decimal {
        p.reductions
            .iter()
            .map(|(cat, _, _)| costs.cost(partner, cat))
            .sum()
    };
    let partner_shares: Vec<(String, Decimal)> = match &p.cost_share {
        CostShare::ProRata => {
            let total: Decimal = p.partners.iter().map(|q| reduced_cost(q)).sum();
            p.partners
                .iter()
                .map(|q| {
                    let s = if total.is_zero() {
                        Decimal::ZERO
                    } else {
                        reduced_cost(q) / total
                    };
                    (q.trim().to_string(), s)
                })
                .collect()
        }
        CostShare::Fixed(shares) => {
            for (name, _) in shares {
                if !is_partner(name) {
                    problems.push(|| {
                        key_problem(
                            model_file,
                            share_line,
                            &format!("cost_share.{name}"),
                            format!(
                                "\"{name}\" is not one of the partners ({})",
                                p.partners.join(", ")
                            ),
                        )
                    });
                }
            }
            let named: HashSet<String> = shares.iter().map(|(n, _)| text_key(n)).collect();
            for partner in &p.partners {
                if !named.contains(&text_key(partner)) {
                    problems.push(|| {
                        key_problem(
                            model_file,
                            share_line,
                            "cost_share",
                            format!("has no share for \"{partner}\"; name every partner"),
                        )
                    });
                }
            }
            let sum: Decimal = shares.iter().map(|(_, s)| *s).sum();
            if (sum - Decimal::ONE).abs() > Decimal::new(1, 9) {
                problems.push(|| {
                    key_problem(
                        model_file,
                        share_line,
                        "cost_share",
                        format!("the shares sum to {sum}; they must sum to 1"),
                    )
                });
            }
            p.partners
                .iter()
                .map(|q| {
                    let s = shares
                        .iter()
                        .find(|(n, _)| text_key(n) == text_key(q))
                        .map(|(_, s)| *s)
                        .unwrap_or_default();
                    (q.trim().to_string(), s)
                })
                .collect()
        }
    };
    if !problems.is_empty() {
        return Err(problems.into_vec(model_file));
    }
    let share = if all {
        Decimal::ONE
    } else {
        partner_shares
            .iter()
            .find(|(n, _)| text_key(n) == text_key(&p.perspective))
            .map(|(_, s)| *s)
            .unwrap_or_default()
    };
    let reductions = p
        .reductions
        .iter()
        .map(|(cat, r, _)| {
            let combined: Decimal = p.partners.iter().map(|q| costs.cost(q, cat)).sum();
            (cat.clone(), *r, combined)
        })
        .collect();
    let partner_costs = p
        .partners
        .iter()
        .map(|q| {
            (
                q.trim().to_string(),
                costs.categories.iter().map(|c| costs.cost(q, c)).collect(),
            )
        })
        .collect();
    let perspective = (!all).then(|| {
        partner_shares
            .iter()
            .find(|(n, _)| text_key(n) == text_key(&p.perspective))
            .map(|(n, _)| n.clone())
            .unwrap_or_else(|| p.perspective.trim().to_string())
    });
    Ok(Plan {
        live: Month::effective(p.live_on),
        share,
        perspective,
        partner_shares,
        ramp: p.ramp.clone(),
        reductions,
        service: p.service.as_ref().map(|wanted| {
            // As the sheet spells it.
            costs
                .service
                .clone()
                .unwrap_or_else(|| wanted.trim().to_string())
        }),
        categories: costs.categories.clone(),
        partner_costs,
    })
}

/// Values the kind uses when the model file leaves them out.
pub fn defaults() -> Vec<(String, String)> {
    vec![("ramp".into(), "[1.0]".into())]
}

/// The baseline figures the plan took from the workbook.
pub fn baseline_figures(plan: &Plan) -> Vec<(String, String, String)> {
    let (rows, sheet) = match &plan.service {
        None => (
            "the partners' Libraries rows".to_string(),
            "Libraries sheet, the partners' rows".to_string(),
        ),
        Some(s) => (
            format!("the partners' {s} rows of the Services sheet"),
            format!("Services sheet, the partners' {s} rows"),
        ),
    };
    let mut out = vec![(
        "share of the combined saving".to_string(),
        plan.share.round_dp(6).normalize().to_string(),
        format!("perspective and cost_share, from {rows}"),
    )];
    for (c, _, combined) in &plan.reductions {
        out.push((
            format!("partners' combined {c} a year"),
            crate::money::pennies(*combined),
            sheet.clone(),
        ));
    }
    out
}

/// `ramp(m)`: the ramp value for the whole 12-month periods since going
/// live; the last value carries on.
pub fn ramp_at(ramp: &[Decimal], live: Month, m: Month) -> Decimal {
    ramp.get(ramp_year(ramp, live, m))
        .copied()
        .unwrap_or(Decimal::ONE)
}

/// The index in `ramp` of month `m`'s value (see [`ramp_at`]).
fn ramp_year(ramp: &[Decimal], live: Month, m: Month) -> usize {
    let k = (m.since(live) / 12).max(0) as usize;
    k.min(ramp.len().saturating_sub(1))
}

/// From `M(live_on)`, per reduced category `c`: `share × reductions_c ×
/// Σ_partners cost(c) × I_c / 12 × ramp(m)`, multiplied first and divided
/// last.
pub fn project(plan: &Plan, ctx: &Context, flows: &mut Flows) {
    project_in(plan, ctx, flows)
}

/// Sets the parameter at `path` to `value` on the plan, as reading the
/// model with that `--set` and preparing would (see
/// [`super::ModelKind::vary`]): a reduction, a year of the ramp, the date
/// the service goes live. `None` for any other parameter (the shares
/// decide who bears what, and are read again).
pub fn vary(plan: &mut Plan, path: &[String], value: SetValue) -> Option<()> {
    let path: Vec<&str> = path.iter().map(String::as_str).collect();
    match (path.as_slice(), value) {
        (["reductions", category], SetValue::Number(d)) => {
            plan.reductions
                .iter_mut()
                .find(|(c, _, _)| c == category)?
                .1 = d
        }
        (["ramp", n], SetValue::Number(d)) => {
            let i = n.parse::<usize>().ok()?.checked_sub(1)?;
            *plan.ramp.get_mut(i)? = d;
        }
        (["live_on"], SetValue::Date(d)) => plan.live = Month::effective(d),
        _ => return None,
    }
    Some(())
}

/// [`project`] into either sink, in its number type.
fn project_in<S: Sink>(plan: &Plan, ctx: &Context, flows: &mut S) {
    let twelve = S::N::of_int(12);
    let rows = match &plan.service {
        None => "the partners' rows of the Libraries sheet".to_string(),
        Some(s) => format!("the partners' {s} rows of the Services sheet"),
    };
    // Who bears each share (SPEC 7.7): the perspective's share is the
    // authority's, every other partner's share is that partner's; with
    // `all` the partnership is the authority and each partner's share is
    // its own body, all of them counted.
    let mut bodies: Vec<(BodyId, Decimal, Option<&str>)> = Vec::new();
    let ramp: Vec<S::N> = plan.ramp.iter().map(|r| S::N::of(*r)).collect();
    match &plan.perspective {
        Some(me) => {
            bodies.push((AUTHORITY, plan.share, None));
            for (partner, share) in &plan.partner_shares {
                if text_key(partner) != text_key(me) {
                    bodies.push((flows.body(partner), *share, Some(partner)));
                }
            }
        }
        None => {
            flows.count_every_body();
            for (partner, share) in &plan.partner_shares {
                bodies.push((flows.body(partner), *share, Some(partner)));
            }
        }
    }
    for (cat, reduction, combined) in &plan.reductions {
        let cat = cat.as_str();
        let line = flows.line(cat);
        let index = ctx.series(cat);
        for (body, share, partner) in &bodies {
            let slot = flows.body_slot(line, Class::Cashable, *body);
            // A month's amount depends on its ramp year and FY only, so the
            // months until the next April or the next year of the ramp are
            // one run: worked out once, added month by month.
            let (share, reduction, combined) =
                (S::N::of(*share), S::N::of(*reduction), S::N::of(*combined));
            let end = ctx.horizon.end_month();
            let mut m = plan.live.max(ctx.horizon.first_month());
            while m < end {
                let k = ramp_year(&plan.ramp, plan.live, m);
                let fy = m.financial_year();
                let since = m.since(plan.live).max(0);
                let until = fy
                    .first_month()
                    .plus(12)
                    .min(plan.live.plus(12 * (since / 12 + 1)))
                    .min(end);
                let i = index.at_in::<S::N>(fy);
                let ramp_n = ramp.get(k).copied().unwrap_or(S::N::ONE);
                let annual = share * reduction * combined * i * ramp_n;
                let monthly = annual / twelve;
                let (i, ramp) = (index.at(fy), ramp_at(&plan.ramp, plan.live, m));
                flows.add_months(slot, m, until.since(m) as u32, monthly, || {
                    let source = match partner {
                        None => format!("{cat}: {rows}"),
                        Some(p) => format!("{cat}: {rows}; {p}'s share"),
                    };
                    Why::new(
                        source,
                        format!(
                            "share × reduction × partners' combined cost × {cat} index × ramp ÷ 12"
                        ),
                    )
                    .input("share", share.decimal())
                    .input(format!("reductions.{cat}"), reduction.decimal())
                    .money("partners' combined cost", combined.decimal())
                    .input(format!("{cat} index {fy}"), i)
                    .input("ramp", ramp)
                });
                m = until;
            }
        }
    }
}

#[cfg(test)]
mod tests;
