//! `building_vacation`: vacating council buildings (SPEC section 7.1).
//!
//! Once a site is vacated its running costs stop, except for the share of
//! each category that goes on while it stands empty (the *holding* cost):
//! some energy and water, full security and insurance, a quarter of
//! repairs, and business rates under the empty-rates rule (no rates for the
//! first `empty_rates_relief_months`, then full rates; none at all for a
//! listed building). Once the site is disposed of every cost stops, and a
//! sale brings a capital receipt. Staff move somewhere, and the receiving
//! site's extra running costs are a cashable cost.

use super::{cut_warning, key_problem, BaselineChart, BaselineRow, Context, Sources};
use crate::baseline::{Sheet, Site, SiteCategory};
use crate::calendar::Month;
use crate::error::{Error, Problem, Problems, Result};
use crate::flows::{Class, Flows, Sink, Why, YearTotals};
use crate::model::params::SetValue;
use crate::model::reader::Table;
use crate::money::Decimal;
use crate::number::Number;
use chrono::NaiveDate;
use std::collections::HashMap;
use std::path::Path;

/// The baseline chart draws at most this many sites, the costliest; the
/// others share one bar.
pub const CHART_SITES: usize = 25;

/// The `building_vacation` kind.
pub struct BuildingVacation;

impl super::ModelKind for BuildingVacation {
    type Params = Params;
    type Plan = Plan;
    const NAME: &'static str = "building_vacation";
    const NEEDS_META: bool = true;
    const TEMPLATE: &'static str = include_str!("../scaffold/models/building_vacation.toml");

    fn read(t: &mut Table) -> Option<Params> {
        read(t)
    }

    fn sheet(_: &Params) -> Sheet {
        Sheet::Sites
    }

    fn sheet_purpose(_: &Params) -> &'static str {
        "for the sites' running costs"
    }

    fn prepare(params: &Params, sources: &Sources, model_file: &Path) -> Result<Plan> {
        let baseline = sources.baseline;
        prepare(
            params,
            baseline.sites.as_deref().unwrap_or_default(),
            model_file,
        )
        .map_err(Error::Input)
    }

    fn project(plan: &Plan, ctx: &Context, flows: &mut Flows, warnings: &mut Vec<String>) {
        project(plan, ctx, flows, warnings)
    }

    fn vary(plan: &mut Plan, path: &[String], value: SetValue) -> bool {
        vary(plan, path, value).is_some()
    }

    fn project_f64(plan: &Plan, ctx: &Context, totals: &mut YearTotals<f64>) -> bool {
        project_weighted(plan, ctx, totals);
        true
    }

    fn defaults() -> Vec<(String, String)> {
        defaults()
    }

    fn baseline_figures(plan: &Plan) -> Vec<(String, String, String)> {
        baseline_figures(plan)
    }

    fn baseline_chart(plan: &Plan) -> BaselineChart {
        let total: Decimal = plan.sites.iter().flat_map(|s| s.costs.iter()).sum();
        let n = plan.sites.len();
        BaselineChart {
            title: format!(
                "The {n} buildings vacated cost {} a year to run",
                crate::money::short(total)
            ),
            what: if n > CHART_SITES + 1 {
                format!(
                    "Running costs of the {CHART_SITES} costliest vacated sites by category, \
                     and of the other {} together",
                    n - CHART_SITES
                )
            } else {
                "Running costs of each vacated site by category".into()
            },
            categories: plan.sites.iter().map(|s| s.name.clone()).collect(),
            series: SiteCategory::ALL
                .iter()
                .map(|c| {
                    (
                        super::label(c.name()),
                        plan.sites.iter().map(|s| s.costs[*c as usize]).collect(),
                    )
                })
                .collect(),
            additive: true,
        }
        .largest(CHART_SITES, |k| format!("{k} other sites"))
    }

    fn check_range(p: &Plan, ctx: &Context) -> std::result::Result<(), String> {
        use super::range::{fits, index_max, mul, sum};
        let beyond = super::range::beyond();
        for c in SiteCategory::ALL {
            // Saved share 1 − h, h from 0 to 3: at most 2 either way.
            let share = match p.holding.fraction(*c) {
                Some(h) => (Decimal::ONE - h).abs().max(Decimal::ONE),
                None => Decimal::ONE,
            };
            let i = index_max(ctx, c.name());
            let bound = sum(p
                .sites
                .iter()
                .map(|s| mul(s.costs[*c as usize], i).and_then(|x| mul(x, share))));
            if !fits(bound) {
                return Err(format!(
                    "the vacated sites' {} costs, at inflation.{} over the horizon, \
                     come to {beyond}; check the rate and the Sites sheet's amounts",
                    c.name(),
                    c.name()
                ));
            }
        }
        let receipts = sum(p
            .sites
            .iter()
            .map(|s| Some(s.capital_receipt.unwrap_or_default())));
        if !fits(receipts) {
            return Err(format!(
                "the vacate entries' capital_receipt amounts come to {beyond}"
            ));
        }
        let i = index_max(ctx, "default");
        let receiving = sum(p.receiving.iter().map(|r| mul(r.annual, i)));
        if !fits(receiving) {
            return Err(format!(
                "the receiving costs, at inflation.default over the horizon, come to {beyond}"
            ));
        }
        Ok(())
    }

    fn baseline_rows(plan: &Plan) -> Vec<BaselineRow> {
        let mut rows = Vec::new();
        for s in &plan.sites {
            for c in SiteCategory::ALL {
                if !s.costs[*c as usize].is_zero() {
                    rows.push(BaselineRow {
                        sheet: Sheet::Sites,
                        key: s.id.clone(),
                        category: Some(c.name().to_string()),
                    });
                }
            }
        }
        rows
    }

    /// Each vacated site's running cost of each category.
    fn baseline_row_amounts(plan: &Plan) -> Vec<(BaselineRow, Decimal)> {
        let mut rows = Vec::new();
        for s in &plan.sites {
            for c in SiteCategory::ALL {
                let amount = s.costs[*c as usize];
                if !amount.is_zero() {
                    rows.push((
                        BaselineRow {
                            sheet: Sheet::Sites,
                            key: s.id.clone(),
                            category: Some(c.name().to_string()),
                        },
                        amount,
                    ));
                }
            }
        }
        rows
    }
}

/// A `[[vacate]]` entry.
#[derive(Clone, Debug, PartialEq)]
pub struct Vacate {
    /// A `site_id`, or a site's name.
    pub site: String,
    pub on: NaiveDate,
    pub dispose_on: Option<NaiveDate>,
    /// Cash, received at `M(dispose_on)`.
    pub capital_receipt: Option<Decimal>,
    /// The model-file line of `site`, for messages.
    pub line: usize,
}

/// The `[holding]` table: the fraction of each category's cost that goes
/// on while a site stands vacant.
#[derive(Clone, Debug, PartialEq)]
pub struct Holding {
    /// Per category, in [`SiteCategory::ALL`] order; `None` = default.
    pub fractions: [Option<Decimal>; 9],
    pub empty_rates_relief_months: u32,
}

impl Default for Holding {
    fn default() -> Self {
        Holding {
            fractions: [None; 9],
            empty_rates_relief_months: 3,
        }
    }
}

impl Holding {
    /// The default holding fraction of a category; `None` for business
    /// rates, which follow the empty-rates rule.
    pub fn default_fraction(c: SiteCategory) -> Option<Decimal> {
        use SiteCategory::*;
        let tenths = |n: i64| Some(Decimal::new(n, 2));
        match c {
            BusinessRates => None,
            Energy | Water => tenths(10),
            Cleaning | FacilitiesManagement | Other => tenths(0),
            Security | Insurance => tenths(100),
            RepairsMaintenance => tenths(25),
        }
    }

    /// The fraction that applies to a category: the model's, else the
    /// default. `None` means the empty-rates rule.
    pub fn fraction(&self, c: SiteCategory) -> Option<Decimal> {
        self.fractions[c as usize].or(Holding::default_fraction(c))
    }
}

/// A `[[receiving]]` entry: extra running cost where the staff go.
#[derive(Clone, Debug, PartialEq)]
pub struct Receiving {
    pub label: String,
    /// Price-base annual amount, inflation key `default`.
    pub annual: Decimal,
    pub from: NaiveDate,
}

/// The kind's parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct Params {
    pub vacate: Vec<Vacate>,
    pub holding: Holding,
    pub receiving: Vec<Receiving>,
}

/// Reads `[[vacate]]`, `[holding]` and `[[receiving]]`.
pub fn read(t: &mut Table) -> Option<Params> {
    let vacate = t.required("vacate").and_then(|v| {
        let items = v.list()?;
        if items.is_empty() {
            v.problem("needs at least one [[vacate]] entry");
            return None;
        }
        let read: Vec<Option<Vacate>> = items
            .iter()
            .map(|item| item.table().and_then(|mut e| read_vacate(&mut e)))
            .collect();
        read.into_iter().collect::<Option<Vec<_>>>()
    });
    let holding = match t.get("holding") {
        None => Some(Holding::default()),
        Some(v) => v.table().and_then(|mut h| read_holding(&mut h)),
    };
    let receiving = match t.get("receiving") {
        None => Some(Vec::new()),
        Some(v) => v.list().and_then(|items| {
            items
                .iter()
                .map(|item| item.table().and_then(|mut r| read_receiving(&mut r)))
                .collect::<Vec<_>>()
                .into_iter()
                .collect::<Option<Vec<_>>>()
        }),
    };
    Some(Params {
        vacate: vacate?,
        holding: holding?,
        receiving: receiving?,
    })
}

fn read_vacate(t: &mut Table) -> Option<Vacate> {
    let site = t.required("site");
    let line = site.as_ref().map(|v| v.line()).unwrap_or(0);
    let site = site.and_then(|v| v.string());
    let on = t.required("on").and_then(|v| v.event_date());
    let dispose = t.get("dispose_on");
    let dispose_on = dispose.as_ref().and_then(|v| v.date());
    if let (Some(on), Some(d), Some(v)) = (on, dispose_on, &dispose) {
        if d < on {
            v.problem(format!("{d} is before the site is vacated on {on}"));
        }
    }
    let receipt = t.get("capital_receipt");
    let capital_receipt = receipt.as_ref().and_then(|v| v.money());
    if let Some(v) = &receipt {
        if dispose.is_none() {
            v.problem("needs dispose_on: the date the site is sold");
        }
    }
    t.finish();
    Some(Vacate {
        site: site?,
        on: on?,
        dispose_on: match dispose {
            Some(_) => Some(dispose_on?),
            None => None,
        },
        capital_receipt: match receipt {
            Some(_) => Some(capital_receipt?),
            None => None,
        },
        line,
    })
}

fn read_holding(t: &mut Table) -> Option<Holding> {
    let mut h = Holding::default();
    let mut ok = true;
    for c in SiteCategory::ALL {
        if let Some(v) = t.get(c.name()) {
            // SPEC section 3: 0 to 3, since an empty building can cost
            // more to guard than when in use; above 1 is unusual.
            match v.share_up_to(Decimal::from(3)) {
                Some(f) => {
                    if f > Decimal::ONE {
                        v.warning(format!(
                            "{f} means the empty building costs more than in use; \
                             check that it is meant (holding shares are fractions: 0.10 is 10%)"
                        ));
                    }
                    h.fractions[*c as usize] = Some(f)
                }
                None => ok = false,
            }
        }
    }
    if let Some(v) = t.get("empty_rates_relief_months") {
        match v.integer(0, 720) {
            Some(n) => h.empty_rates_relief_months = n as u32,
            None => ok = false,
        }
    }
    t.finish();
    ok.then_some(h)
}

fn read_receiving(t: &mut Table) -> Option<Receiving> {
    let label = t.required("label").and_then(|v| v.string());
    let annual = t.required("annual").and_then(|v| v.money());
    let from = t.required("from").and_then(|v| v.event_date());
    t.finish();
    Some(Receiving {
        label: label?,
        annual: annual?,
        from: from?,
    })
}

/// A vacated site with its costs and dates resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct VacatedSite {
    pub id: String,
    pub name: String,
    pub listed: bool,
    /// Annual costs at price-base prices, [`SiteCategory::ALL`] order.
    pub costs: [Decimal; 9],
    pub vacated: Month,
    pub disposed: Option<Month>,
    pub dispose_on: Option<NaiveDate>,
    pub capital_receipt: Option<Decimal>,
    /// The Sites row it came from.
    pub row: u32,
}

/// The parameters resolved against the Sites sheet.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    pub sites: Vec<VacatedSite>,
    pub holding: Holding,
    pub receiving: Vec<Receiving>,
}

/// Matches each `[[vacate]]` site: first as a `site_id` (trimmed, with
/// case), then as a name (trimmed, ignoring case). No match, a name shared
/// by several sites, and a site vacated twice are errors.
pub fn prepare(params: &Params, sites: &[Site], model_file: &Path) -> Result<Plan, Vec<Problem>> {
    let mut problems = Problems::new();
    // Each site by id and by name (trimmed, ignoring case), so that every
    // [[vacate]] entry is one lookup and a model of thousands stays linear.
    let mut by_id: HashMap<&str, usize> = HashMap::new();
    let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, s) in sites.iter().enumerate() {
        by_id.entry(s.id.as_str()).or_insert(i);
        by_name
            .entry(s.name.trim().to_ascii_lowercase())
            .or_default()
            .push(i);
    }
    let mut chosen: Vec<(usize, &Vacate)> = Vec::new();
    let mut line_of_site: HashMap<usize, usize> = HashMap::new();
    for (n, v) in params.vacate.iter().enumerate() {
        let key = || format!("vacate[{}].site", n + 1);
        let wanted = v.site.trim();
        let found = if let Some(&i) = by_id.get(wanted) {
            Some(i)
        } else {
            let none = Vec::new();
            let by_name = by_name.get(&wanted.to_ascii_lowercase()).unwrap_or(&none);
            match by_name.as_slice() {
                [i] => Some(*i),
                [] => {
                    problems.push(|| {
                        let shown: Vec<String> = sites
                            .iter()
                            .map(|s| format!("{} ({})", s.id, s.name))
                            .collect();
                        let candidates: Vec<(&str, &str)> = sites
                            .iter()
                            .zip(&shown)
                            .flat_map(|(s, shown)| {
                                [
                                    (s.id.as_str(), shown.as_str()),
                                    (s.name.as_str(), shown.as_str()),
                                ]
                            })
                            .collect();
                        let near = crate::suggest::nearest(wanted, &candidates, 3);
                        key_problem(
                            model_file,
                            v.line,
                            &key(),
                            format!(
                                "no site has the id or name \"{wanted}\" in the Sites sheet{}; \
                                 use a site_id from the workbook",
                                crate::suggest::did_you_mean(&near)
                            ),
                        )
                    });
                    None
                }
                many => {
                    problems.push(|| {
                        let ids: Vec<&str> = many.iter().map(|&i| sites[i].id.as_str()).collect();
                        key_problem(
                            model_file,
                            v.line,
                            &key(),
                            format!(
                                "\"{wanted}\" is the name of {} sites (ids {}); use the site_id",
                                many.len(),
                                ids.join(", ")
                            ),
                        )
                    });
                    None
                }
            }
        };
        if let Some(i) = found {
            if let Some(first_line) = line_of_site.get(&i) {
                problems.push(|| {
                    key_problem(
                        model_file,
                        v.line,
                        &key(),
                        format!(
                            "site {} ({}) is already vacated at line {first_line}; list each site once",
                            sites[i].id, sites[i].name
                        ),
                    )
                });
            } else {
                line_of_site.insert(i, v.line);
                chosen.push((i, v));
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems.into_vec(model_file));
    }
    Ok(Plan {
        sites: chosen
            .into_iter()
            .map(|(i, v)| VacatedSite {
                id: sites[i].id.clone(),
                name: sites[i].name.clone(),
                listed: sites[i].listed,
                costs: sites[i].costs,
                vacated: Month::effective(v.on),
                disposed: v.dispose_on.map(Month::effective),
                dispose_on: v.dispose_on,
                capital_receipt: v.capital_receipt,
                row: sites[i].row,
            })
            .collect(),
        holding: params.holding.clone(),
        receiving: params.receiving.clone(),
    })
}

/// Why a site saves what it saves of a category in a month (SPEC 7.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Saved {
    /// Before `M(on)`: nothing.
    NotYetVacated,
    /// Vacant, with a holding share `h` of the cost going on.
    Holding(Decimal),
    /// Business rates in month `month` (1-based) of the `of` months of
    /// empty-property relief: none payable.
    EmptyRatesRelief { month: i32, of: u32 },
    /// Business rates on a listed building: none payable while empty.
    ListedNoEmptyRates,
    /// Business rates after the relief months: payable in full.
    EmptyRatesPayable,
    /// From `M(dispose_on)`: all of it.
    Disposed,
}

impl Saved {
    /// The share of the cost saved, `1 − h`.
    pub fn share(self) -> Decimal {
        match self {
            Saved::NotYetVacated | Saved::EmptyRatesPayable => Decimal::ZERO,
            Saved::Holding(h) => Decimal::ONE - h,
            Saved::EmptyRatesRelief { .. } | Saved::ListedNoEmptyRates | Saved::Disposed => {
                Decimal::ONE
            }
        }
    }

    /// In words, for `savings explain`.
    pub fn describe(self) -> String {
        match self {
            Saved::NotYetVacated => "not yet vacated".into(),
            Saved::Holding(h) => format!("vacant, holding share {} goes on", h.normalize()),
            Saved::EmptyRatesRelief { month, of } => {
                format!("vacant, empty-rates relief month {month} of {of}: no rates")
            }
            Saved::ListedNoEmptyRates => "vacant and listed: no empty rates".into(),
            Saved::EmptyRatesPayable => "vacant, relief over: full empty rates".into(),
            Saved::Disposed => "disposed of: every cost stops".into(),
        }
    }
}

/// What one site saves of a category's monthly baseline cost `b` in month
/// `m` (SPEC 7.1):
///
/// - before `M(on)`: nothing;
/// - from `M(on)` until `M(dispose_on)`: `1 − h`, `h` the holding fraction
///   that month (for business rates by default the empty-rates rule: `h = 0`
///   in the first `R` months from `M(on)` and for a listed site, else
///   `h = 1`);
/// - from `M(dispose_on)`: all of it.
pub fn saved(site: &VacatedSite, c: SiteCategory, holding: &Holding, m: Month) -> Saved {
    saved_at(site, holding.fraction(c), holding, m)
}

/// [`saved`], the category's holding fraction already looked up
/// ([`Holding::fraction`]), for the projection's inner loop.
fn saved_at(site: &VacatedSite, fraction: Option<Decimal>, holding: &Holding, m: Month) -> Saved {
    if m < site.vacated {
        return Saved::NotYetVacated;
    }
    if site.disposed.is_some_and(|d| m >= d) {
        return Saved::Disposed;
    }
    match fraction {
        Some(h) => Saved::Holding(h),
        None if site.listed => Saved::ListedNoEmptyRates,
        None => {
            let since = m.since(site.vacated);
            if since < holding.empty_rates_relief_months as i32 {
                Saved::EmptyRatesRelief {
                    month: since + 1,
                    of: holding.empty_rates_relief_months,
                }
            } else {
                Saved::EmptyRatesPayable
            }
        }
    }
}

/// The share of a category's monthly cost that one site saves in month
/// `m`: [`saved`]'s share.
pub fn saved_share(site: &VacatedSite, c: SiteCategory, holding: &Holding, m: Month) -> Decimal {
    saved(site, c, holding, m).share()
}

/// The first month after `m` whose [`saved_at`] may differ from `m`'s: the
/// month the site is vacated, the next month of empty-rates relief, the
/// month it is disposed of; far in the future when nothing changes again.
/// [`saved_at`] is the same for every month from `m` up to it.
fn saved_until(
    site: &VacatedSite,
    fraction: Option<Decimal>,
    holding: &Holding,
    m: Month,
) -> Month {
    let never = m.plus(i32::MAX / 2);
    let disposed = site.disposed.filter(|d| *d > m).unwrap_or(never);
    if m < site.vacated {
        return site.vacated;
    }
    if site.disposed.is_some_and(|d| m >= d) {
        return never;
    }
    match fraction {
        None if !site.listed
            && m.since(site.vacated) < holding.empty_rates_relief_months as i32 =>
        {
            m.plus(1).min(disposed)
        }
        _ => disposed,
    }
}

/// A run of months in which a site saves the same share of a category's
/// cost for the same reason ([`saved_at`]), from `from` up to `until`.
struct Run<N> {
    from: Month,
    until: Month,
    why: Saved,
    share: Decimal,
    /// `share` in the projection's number type, converted once.
    share_in: N,
}

/// Appends to `runs` the runs of months from `first` up to `end` in which
/// the site saves a share of a category's cost (the months that save
/// nothing are left out), in order; `fraction` is the category's holding
/// fraction ([`Holding::fraction`]).
fn runs_of<N: Number>(
    site: &VacatedSite,
    fraction: Option<Decimal>,
    holding: &Holding,
    first: Month,
    end: Month,
    runs: &mut Vec<Run<N>>,
) {
    let mut m = first;
    // The last share converted (a site's runs mostly save the same share).
    let mut converted: Option<(Decimal, N)> = None;
    while m < end {
        let why = saved_at(site, fraction, holding, m);
        let until = saved_until(site, fraction, holding, m).clamp(m.plus(1), end);
        let share = why.share();
        if !share.is_zero() {
            let share_in = match converted {
                Some((d, n)) if d == share && d.scale() == share.scale() => n,
                _ => N::of(share),
            };
            converted = Some((share, share_in));
            runs.push(Run {
                from: m,
                until,
                why,
                share,
                share_in,
            });
        }
        m = until;
    }
}

/// Values the kind uses when the model file leaves them out.
pub fn defaults() -> Vec<(String, String)> {
    let mut d: Vec<(String, String)> = SiteCategory::ALL
        .iter()
        .map(|c| {
            let v = match Holding::default_fraction(*c) {
                Some(f) => f.normalize().to_string(),
                None => "empty-rates rule".to_string(),
            };
            (format!("holding.{}", c.name()), v)
        })
        .collect();
    d.push((
        "holding.empty_rates_relief_months".into(),
        Holding::default().empty_rates_relief_months.to_string(),
    ));
    d
}

/// The baseline figures the plan took from the workbook: each vacated
/// site's listing and annual costs, and when its savings start.
pub fn baseline_figures(plan: &Plan) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for v in &plan.sites {
        let at = format!("Sites row {}", v.row);
        out.push((
            format!("{} ({}) listed", v.id, v.name),
            if v.listed { "yes" } else { "no" }.into(),
            at.clone(),
        ));
        for c in SiteCategory::ALL {
            let cost = v.costs[*c as usize];
            if !cost.is_zero() {
                out.push((
                    format!("{} {} a year", v.id, c.name()),
                    crate::money::pennies(cost),
                    at.clone(),
                ));
            }
        }
        out.push((
            format!("{} vacant from", v.id),
            v.vacated.to_string(),
            "effective-date rule".into(),
        ));
    }
    out
}

/// Emits the kind's cashable savings, receiving costs and capital
/// receipts.
pub fn project(plan: &Plan, ctx: &Context, flows: &mut Flows, warnings: &mut Vec<String>) {
    project_in(plan, ctx, flows, warnings)
}

/// Sets the parameter at `path` to `value` on the plan, as reading the
/// model with that `--set` and preparing would (see
/// [`super::ModelKind::vary`]): a vacated site's dates and capital
/// receipt, the site named as `[[vacate]]` names it (its id, or its name
/// in any case). `None` for any other parameter.
pub fn vary(plan: &mut Plan, path: &[String], value: SetValue) -> Option<()> {
    let [first, named, key] = path else {
        return None;
    };
    if first != "vacate" {
        return None;
    }
    // Found as [`prepare`] finds a [[vacate]] entry's site: by id, or by
    // name trimmed and ignoring (ASCII) case.
    let named = named.trim();
    let site = plan
        .sites
        .iter_mut()
        .find(|s| s.id.trim() == named || s.name.trim().eq_ignore_ascii_case(named))?;
    match (key.as_str(), value) {
        ("capital_receipt", SetValue::Number(d)) if site.capital_receipt.is_some() => {
            site.capital_receipt = Some(d)
        }
        ("dispose_on", SetValue::Date(d)) if site.dispose_on.is_some() => {
            site.dispose_on = Some(d);
            site.disposed = Some(Month::effective(d));
        }
        ("on", SetValue::Date(d)) => site.vacated = Month::effective(d),
        _ => return None,
    }
    Some(())
}

/// Each category's line and cashable slot, in [`SiteCategory::ALL`] order.
fn category_slots<S: Sink>(flows: &mut S) -> Vec<crate::flows::Slot> {
    SiteCategory::ALL
        .iter()
        .map(|c| {
            let line = flows.line(c.name());
            flows.slot(line, Class::Cashable)
        })
        .collect()
}

/// Each category's holding fraction ([`Holding::fraction`]), in
/// [`SiteCategory::ALL`] order.
fn holding_fractions(holding: &Holding) -> Vec<Option<Decimal>> {
    SiteCategory::ALL
        .iter()
        .map(|c| holding.fraction(*c))
        .collect()
}

/// [`project`] into either sink, in its number type.
fn project_in<S: Sink>(plan: &Plan, ctx: &Context, flows: &mut S, warnings: &mut Vec<String>) {
    let h = ctx.horizon;
    let slots = category_slots(flows);
    let twelve = S::N::of_int(12);
    // Each category's index series, looked up once rather than per site.
    let series: Vec<_> = SiteCategory::ALL
        .iter()
        .map(|c| ctx.series(c.name()))
        .collect();
    let fractions = holding_fractions(&plan.holding);
    // Each category's index in each FY, in the sink's number type, made
    // once rather than per site.
    let indices: Vec<Vec<S::N>> = series
        .iter()
        .map(|s| h.financial_years().map(|y| s.at_in::<S::N>(y)).collect())
        .collect();
    // Each category's runs of months for the site in hand (reused from
    // site to site): `spans[c]` the range of `runs` that is category c's.
    let mut runs: Vec<Run<S::N>> = Vec::new();
    let mut spans = [(0, 0); 9];
    let (first, end) = (h.first_month(), h.first_month().plus(12 * h.years as i32));
    for site in &plan.sites {
        let costs = site.costs.map(S::N::of);
        // Why a month saves what it does changes a few times over the
        // horizon at most (vacated, each month of relief, disposed): the
        // reasons are found once per site and category, as runs of months,
        // and each year takes the runs that meet it.
        runs.clear();
        for c in SiteCategory::ALL {
            let from = runs.len();
            if !site.costs[*c as usize].is_zero() {
                runs_of(
                    site,
                    fractions[*c as usize],
                    &plan.holding,
                    first,
                    end,
                    &mut runs,
                );
            }
            spans[*c as usize] = (from, runs.len());
        }
        let mut next = spans.map(|(from, _)| from);
        for (y, year) in h.financial_years().enumerate() {
            let april = year.first_month();
            let march_end = april.plus(12);
            if april.plus(11) < site.vacated {
                continue;
            }
            for c in SiteCategory::ALL {
                let cost = site.costs[*c as usize];
                if cost.is_zero() {
                    continue;
                }
                // The saving b × (1 − h), b = cost × I_c(y) / 12, taken as
                // (cost × I_c(y) × (1 − h)) / 12: multiply first, divide last.
                let index = series[*c as usize].at(year);
                let inflated = costs[*c as usize] * indices[*c as usize][y];
                let (_, span_end) = spans[*c as usize];
                let cursor = &mut next[*c as usize];
                while *cursor < span_end && runs[*cursor].until <= april {
                    *cursor += 1;
                }
                for run in runs[*cursor..span_end]
                    .iter()
                    .take_while(|r| r.from < march_end)
                {
                    // The months of the run in this year save the same:
                    // added as one run (month by month in a run's flows, at
                    // once in a simulation's year totals).
                    let m = run.from.max(april);
                    let months = run.until.min(march_end).since(m) as u32;
                    let amount = inflated * run.share_in / twelve;
                    let (why, share) = (run.why, run.share);
                    flows.add_months(slots[*c as usize], m, months, amount, || {
                        Why::new(
                            format!("{} ({}), Sites row {}", site.id, site.name, site.row),
                            format!(
                                "annual cost × {} index × saved share ÷ 12 ({})",
                                c.name(),
                                why.describe()
                            ),
                        )
                        .money("annual cost", cost)
                        .input(format!("{} index {year}", c.name()), index)
                        .input("saved share", share)
                    });
                }
            }
        }
        capital_receipt_in(site, h, flows, warnings);
    }
    receiving_in(plan, ctx, flows);
}

/// [`project_in`] for a simulation's iterations, in `f64`: the same
/// savings, added up in another order. Each category's saved months are
/// weighted over the sites first, `Σ cost × saved share × months` per FY
/// (from each site's runs of months, [`runs_of`]), and each FY's sum is
/// then multiplied by the category's index and divided by 12 once, rather
/// than once per site and run. The totals differ from [`project_in`]'s in
/// the last bits of an `f64` only, far below the half penny an iteration
/// is rounded to.
fn project_weighted(plan: &Plan, ctx: &Context, totals: &mut YearTotals<f64>) {
    let h = ctx.horizon;
    let years = h.years as usize;
    let slots = category_slots(totals);
    let fractions = holding_fractions(&plan.holding);
    // Per category (`years` at a time) and FY: Σ cost × share × months.
    let mut weighted = vec![0.0_f64; SiteCategory::ALL.len() * years];
    let mut runs: Vec<Run<f64>> = Vec::new();
    let (first, end) = (h.first_month(), h.first_month().plus(12 * h.years as i32));
    let mut warnings = Vec::new();
    for site in &plan.sites {
        for c in SiteCategory::ALL {
            let cost = site.costs[*c as usize];
            if cost.is_zero() {
                continue;
            }
            let cost = f64::of(cost);
            runs.clear();
            runs_of(
                site,
                fractions[*c as usize],
                &plan.holding,
                first,
                end,
                &mut runs,
            );
            let row = &mut weighted[*c as usize * years..][..years];
            for run in &runs {
                let per_month = cost * run.share_in;
                // The run's months in each FY it meets.
                let mut m = run.from;
                while m < run.until {
                    let k = m.since(first) as usize / 12;
                    let until = first.plus(12 * (k as i32 + 1)).min(run.until);
                    row[k] += per_month * f64::from(until.since(m));
                    m = until;
                }
            }
        }
        capital_receipt_in(site, h, totals, &mut warnings);
    }
    for c in SiteCategory::ALL {
        let series = ctx.series(c.name());
        let row = &weighted[*c as usize * years..][..years];
        for (year, w) in h.financial_years().zip(row) {
            if *w != 0.0 {
                // Σ (cost × share × months) × I_c(y) / 12
                let amount = *w * series.at_in::<f64>(year) / 12.0;
                totals.add_why(slots[*c as usize], year.first_month(), amount, || {
                    Why::new("", "")
                });
            }
        }
    }
    receiving_in(plan, ctx, totals);
}

/// A site's capital receipt, in the month of disposal (a warning when
/// that is past the horizon).
fn capital_receipt_in<S: Sink>(
    site: &VacatedSite,
    h: crate::calendar::Horizon,
    flows: &mut S,
    warnings: &mut Vec<String>,
) {
    if let (Some(receipt), Some(month), Some(date)) =
        (site.capital_receipt, site.disposed, site.dispose_on)
    {
        let line = flows.line(&format!("capital receipt: {}", site.name));
        if h.contains(month) {
            flows.push_why(month, line, Class::CapitalReceipt, S::N::of(receipt), || {
                Why::new(
                    format!("vacate {} ({})", site.id, site.name),
                    format!("capital_receipt, received in the month of disposal (dispose_on {date})"),
                )
                .money("capital_receipt", receipt)
            });
        } else {
            warnings.push(cut_warning(
                &format!("capital receipt for {} on {date}", site.name),
                1,
                1,
                &h,
            ));
        }
    }
}

/// The cost of taking on the services in the buildings that receive them.
fn receiving_in<S: Sink>(plan: &Plan, ctx: &Context, flows: &mut S) {
    let h = ctx.horizon;
    let twelve = S::N::of_int(12);
    for r in &plan.receiving {
        let line = flows.line(&r.label);
        let slot = flows.slot(line, Class::Cashable);
        let from = Month::effective(r.from);
        let index = ctx.series("default");
        let annual = S::N::of(r.annual);
        // Each FY's months from `from` at that FY's amount, as one run.
        for year in h.financial_years() {
            let first = year.first_month().max(from);
            let end = year.first_month().plus(12);
            if first >= end {
                continue;
            }
            // −annual × I_default / 12
            let i = index.at(year);
            let cost = -annual * index.at_in::<S::N>(year) / twelve;
            flows.add_months(slot, first, end.since(first) as u32, cost, || {
                Why::new(
                    format!("receiving \"{}\"", r.label),
                    "−annual × default index ÷ 12",
                )
                .money("annual", r.annual)
                .input(format!("default index {year}"), i)
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn site(listed: bool, on: Month, disposed: Option<Month>) -> VacatedSite {
        VacatedSite {
            id: "OTH".into(),
            name: "Old Town Hall".into(),
            listed,
            costs: [Decimal::ZERO; 9],
            vacated: on,
            disposed,
            dispose_on: None,
            capital_receipt: None,
            row: 2,
        }
    }

    #[test]
    fn saved_until_is_where_the_reason_a_month_saves_may_change() {
        let june = Month::new(2012, 6);
        let zero_relief = Holding {
            empty_rates_relief_months: 0,
            ..Holding::default()
        };
        let holdings = [Holding::default(), zero_relief];
        for listed in [false, true] {
            for disposed in [
                None,
                Some(june),
                Some(june.plus(2)),
                Some(Month::new(2014, 4)),
            ] {
                let s = site(listed, june, disposed);
                for holding in &holdings {
                    for c in SiteCategory::ALL {
                        let fraction = holding.fraction(*c);
                        let mut m = Month::new(2011, 4);
                        while m < Month::new(2016, 4) {
                            let why = saved_at(&s, fraction, holding, m);
                            let until = saved_until(&s, fraction, holding, m);
                            assert!(until > m);
                            let mut n = m;
                            while n < until && n < Month::new(2017, 4) {
                                assert_eq!(saved_at(&s, fraction, holding, n), why, "{m} {n}");
                                n = n.plus(1);
                            }
                            m = m.plus(1);
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn default_holding_fractions() {
        let h = Holding::default();
        assert_eq!(h.fraction(SiteCategory::Energy), Some(d("0.10")));
        assert_eq!(h.fraction(SiteCategory::Security), Some(d("1")));
        assert_eq!(
            h.fraction(SiteCategory::RepairsMaintenance),
            Some(d("0.25"))
        );
        assert_eq!(h.fraction(SiteCategory::Cleaning), Some(d("0")));
        assert_eq!(h.fraction(SiteCategory::BusinessRates), None);
        assert_eq!(h.empty_rates_relief_months, 3);
    }

    #[test]
    fn energy_saves_ninety_percent_while_vacant_and_all_once_disposed() {
        let june = Month::new(2012, 6);
        let s = site(false, june, Some(Month::new(2014, 4)));
        let h = Holding::default();
        let e = SiteCategory::Energy;
        // Before vacation: nothing. Vacant: 1 − 0.10. Disposed: all.
        assert_eq!(saved_share(&s, e, &h, Month::new(2012, 5)), d("0"));
        assert_eq!(saved_share(&s, e, &h, june), d("0.90"));
        assert_eq!(saved_share(&s, e, &h, Month::new(2014, 3)), d("0.90"));
        assert_eq!(saved_share(&s, e, &h, Month::new(2014, 4)), d("1"));
        // Security goes on in full while vacant: no saving until disposal.
        let sec = SiteCategory::Security;
        assert_eq!(saved_share(&s, sec, &h, june), d("0"));
        assert_eq!(saved_share(&s, sec, &h, Month::new(2014, 4)), d("1"));
    }

    #[test]
    fn empty_rates_relief_for_three_months_then_full_rates() {
        let june = Month::new(2012, 6);
        let s = site(false, june, None);
        let h = Holding::default();
        let r = SiteCategory::BusinessRates;
        // June, July, August: no rates paid, the whole bill saved.
        for m in 0..3 {
            assert_eq!(saved_share(&s, r, &h, june.plus(m)), d("1"));
        }
        // From September the empty building pays full rates: no saving.
        assert_eq!(saved_share(&s, r, &h, june.plus(3)), d("0"));
    }

    #[test]
    fn listed_buildings_pay_no_empty_rates() {
        let june = Month::new(2012, 6);
        let s = site(true, june, None);
        let h = Holding::default();
        assert_eq!(
            saved_share(&s, SiteCategory::BusinessRates, &h, june.plus(40)),
            d("1")
        );
    }

    #[test]
    fn a_numeric_rates_holding_replaces_the_rule_even_for_listed_sites() {
        let june = Month::new(2012, 6);
        let s = site(true, june, None);
        let mut h = Holding::default();
        h.fractions[SiteCategory::BusinessRates as usize] = Some(d("0.5"));
        assert_eq!(
            saved_share(&s, SiteCategory::BusinessRates, &h, june),
            d("0.5")
        );
    }

    #[test]
    fn the_baseline_chart_draws_the_costliest_sites_and_the_others_as_one_bar() {
        use crate::kinds::ModelKind;
        let plan = |n: usize| Plan {
            sites: (0..n)
                .map(|i| {
                    let mut s = site(false, Month::new(2012, 6), None);
                    s.name = format!("Site {i}");
                    // Site 7 costs most; the rest rise with i.
                    s.costs[0] = Decimal::from(if i == 7 { 10_000 } else { 100 + i as i64 });
                    s.costs[1] = Decimal::ONE;
                    s
                })
                .collect(),
            holding: Holding::default(),
            receiving: Vec::new(),
        };
        let big = BuildingVacation::baseline_chart(&plan(30));
        assert_eq!(big.categories.len(), CHART_SITES + 1);
        assert_eq!(big.categories[0], "Site 7");
        assert_eq!(big.categories[1], "Site 29");
        assert_eq!(big.categories[CHART_SITES], "5 other sites");
        // Sites 0 to 5 but 7's place taken: 0, 1, 2, 3, 4 are the others.
        let others = (100 + 101 + 102 + 103 + 104) + 5;
        let bar =
            |c: &BaselineChart, i: usize| -> Decimal { c.series.iter().map(|s| s.1[i]).sum() };
        assert_eq!(bar(&big, CHART_SITES), Decimal::from(others));
        let all: Decimal = (0..=CHART_SITES).map(|i| bar(&big, i)).sum();
        let expected: Decimal = plan(30).sites.iter().flat_map(|s| s.costs).sum();
        assert_eq!(all, expected);
        assert!(big.title.starts_with("The 30 buildings vacated cost"));
        assert!(big.what.contains("25 costliest") && big.what.contains("other 5"));
        // Up to one more than the limit, every site has its own bar, in
        // the model's order.
        let small = BuildingVacation::baseline_chart(&plan(CHART_SITES + 1));
        assert_eq!(small.categories.len(), CHART_SITES + 1);
        assert_eq!(small.categories[0], "Site 0");
        assert_eq!(small.what, "Running costs of each vacated site by category");
    }

    #[test]
    fn holding_above_one_is_a_cost() {
        // security = 1.5: a vacant site needs more guarding than an
        // occupied one; the "saving" is −0.5 × b.
        let s = site(false, Month::new(2012, 6), None);
        let mut h = Holding::default();
        h.fractions[SiteCategory::Security as usize] = Some(d("1.5"));
        let share = saved_share(&s, SiteCategory::Security, &h, Month::new(2012, 6));
        assert_eq!(share, d("-0.5"));
    }
}
