//! What a model kind is, and the registry of kinds.
//!
//! A kind is one module under `src/kinds/` that implements [`ModelKind`]
//! for a unit struct, and one line in [`KINDS`]. The trait holds all a
//! kind is: its name and the sheet it reads, reading its keys of the model
//! file, preparing against the baseline, projecting monthly flows, its
//! defaults and baseline figures for the assumptions log, its baseline
//! chart, its bound on the engine's exact range and the baseline rows it
//! draws savings from. Everything else (the CLI, the outputs, the
//! comparison) reaches a kind through [`Kind`], [`Scenario`] and [`Plan`],
//! which carry a kind's own types behind the trait.

use super::Context;
use crate::baseline::{Baseline, Sheet};
use crate::error::Result;
use crate::flows::{Flows, YearTotals};
use crate::model::params::SetValue;
use crate::model::reader::Table;
use crate::money::Decimal;
use std::any::Any;
use std::fmt::Debug;
use std::marker::PhantomData;
use std::path::Path;
use std::sync::Arc;

/// A kind's baseline chart: one bar per category (a site, a partner, a
/// provider type), stacked by series, amounts a year at the price base.
#[derive(Clone, Debug, PartialEq)]
pub struct BaselineChart {
    /// The chart's title: its message.
    pub title: String,
    /// What the bars show; the chart adds "£ a year at P prices".
    pub what: String,
    pub categories: Vec<String>,
    /// Stacked within each bar: (label, one amount per category).
    pub series: Vec<(String, Vec<Decimal>)>,
    /// Whether the bars add up to a meaningful total (costs do, averages
    /// do not).
    pub additive: bool,
}

impl BaselineChart {
    /// The `n` largest bars by total, largest first (ties in their
    /// order), and every other bar added up into one last bar labelled
    /// `others(how many)`: a chart of a thousand sites cannot be read, nor
    /// drawn quickly. Unchanged when there are at most `n + 1` bars (a bar
    /// of one "other" says nothing a bar of its own would not).
    pub fn largest(mut self, n: usize, others: impl Fn(usize) -> String) -> BaselineChart {
        let count = self.categories.len();
        if count <= n + 1 {
            return self;
        }
        let total = |i: usize| -> Decimal { self.series.iter().map(|(_, v)| v[i]).sum() };
        let totals: Vec<Decimal> = (0..count).map(total).collect();
        let mut order: Vec<usize> = (0..count).collect();
        order.sort_by(|a, b| totals[*b].cmp(&totals[*a]));
        let (kept, rest) = order.split_at(n);
        let mut categories: Vec<String> = kept
            .iter()
            .map(|i| std::mem::take(&mut self.categories[*i]))
            .collect();
        categories.push(others(rest.len()));
        self.categories = categories;
        for (_, values) in &mut self.series {
            let mut bars: Vec<Decimal> = kept.iter().map(|i| values[*i]).collect();
            bars.push(rest.iter().map(|i| values[*i]).sum());
            *values = bars;
        }
        self
    }
}

/// A baseline row a plan draws savings from: the programme view uses
/// these to see two options drawing on the same budget.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct BaselineRow {
    pub sheet: Sheet,
    /// The row's key on its sheet: a site id, an authority and category,
    /// a placement id.
    pub key: String,
    /// The cost category, where the sheet has them.
    pub category: Option<String>,
}

/// Everything a model kind is. Implemented by a unit struct in the kind's
/// module; the engine reaches it through [`Kind`].
pub trait ModelKind: Send + Sync + 'static {
    /// The kind's parameters, as read from the model file.
    type Params: Clone + Debug + Send + Sync + 'static;
    /// The parameters resolved against the baseline, ready to project.
    type Plan: Clone + Debug + Send + Sync + 'static;

    /// `kind = "…"` in a model file.
    const NAME: &'static str;
    /// Whether the kind needs the workbook's Meta sheet whatever the model
    /// says (for the authority).
    const NEEDS_META: bool;
    /// The commented model file `savings new KIND` writes.
    const TEMPLATE: &'static str;

    /// Reads the kind's own keys from the model file's root table; the
    /// problems are recorded on the table.
    fn read(t: &mut Table) -> Option<Self::Params>;

    /// Whether the model's `[inflation]` takes keys of its own beyond the
    /// fixed list (a service's free-text categories), judged from the
    /// model file's root table before the kind's keys are read. Such keys
    /// are checked against [`ModelKind::inflation_keys`] when the model
    /// is prepared.
    fn open_inflation_keys(_root: &Table) -> bool {
        false
    }

    /// The baseline sheet a model of this kind reads.
    fn sheet(params: &Self::Params) -> Sheet;

    /// The sheet as a person would describe it, for the missing-sheet
    /// message: "for the sites' running costs".
    fn sheet_purpose(params: &Self::Params) -> &'static str;

    /// The authority whose figures these are, when the model names it
    /// (else the workbook's Meta sheet says).
    fn authority(_params: &Self::Params) -> Option<String> {
        None
    }

    /// Resolves the parameters against the baseline (its sheet is there)
    /// and the other sources a run reads (the unit-cost library).
    fn prepare(params: &Self::Params, sources: &Sources, model_file: &Path) -> Result<Self::Plan>;

    /// For a model whose `[inflation]` keys are open: the keys its plan
    /// uses (besides `default` and `gdp_deflator`); any other key is an
    /// error. `None`: the fixed list applies, checked when reading.
    fn inflation_keys(_plan: &Self::Plan) -> Option<Vec<String>> {
        None
    }

    /// Warnings about the plan that do not stop the run (a unit cost more
    /// than ten years older than the price base, …).
    fn warnings(_plan: &Self::Plan, _ctx: &Context) -> Vec<String> {
        Vec::new()
    }

    /// The plan's monthly flows over the horizon, with warnings for
    /// amounts cut at the horizon. Pure: no I/O.
    fn project(plan: &Self::Plan, ctx: &Context, flows: &mut Flows, warnings: &mut Vec<String>);

    /// For a simulation's iterations without reading the model file again
    /// (SPEC 9.3): sets the parameter at `path` (as `--set` names it) to
    /// `value` on the plan, as reading the model with that `--set` and
    /// preparing it would make the plan. `false` when the kind does not set
    /// that parameter this way; the simulation then reads the model file
    /// for each iteration.
    fn vary(_plan: &mut Self::Plan, _path: &[String], _value: SetValue) -> bool {
        false
    }

    /// The plan projected in `f64` by the kind's own formulas (written once
    /// over [`crate::number::Number`]) into `totals` (each FY's total per
    /// class). `false` when the kind has no such projection; the simulation
    /// then projects in exact decimals.
    fn project_f64(_plan: &Self::Plan, _ctx: &Context, _totals: &mut YearTotals<f64>) -> bool {
        false
    }

    /// The values the kind uses when the model file leaves them out, as
    /// (key, value) for the assumptions log.
    fn defaults() -> Vec<(String, String)>;

    /// The baseline figures the plan took from the workbook, as
    /// (parameter, value, where on the workbook).
    fn baseline_figures(plan: &Self::Plan) -> Vec<(String, String, String)>;

    /// What the baseline chart shows.
    fn baseline_chart(plan: &Self::Plan) -> BaselineChart;

    /// Checks that the plan's largest yearly amounts stay inside the
    /// engine's exact range (see [`super::range`]); the message names the
    /// key to check.
    fn check_range(plan: &Self::Plan, ctx: &Context) -> std::result::Result<(), String>;

    /// The baseline rows the plan draws savings from.
    fn baseline_rows(plan: &Self::Plan) -> Vec<BaselineRow>;

    /// The baseline rows the plan draws savings from, each with the
    /// amount a year it draws on there (its baseline amount, at the price
    /// base): the programme view attributes each financial year's
    /// cashable saving to the rows in proportion to these. A kind that
    /// cannot say gives every row the same weight (the default).
    fn baseline_row_amounts(plan: &Self::Plan) -> Vec<(BaselineRow, Decimal)> {
        Self::baseline_rows(plan)
            .into_iter()
            .map(|r| (r, Decimal::ONE))
            .collect()
    }
}

/// What a kind prepares against: the baseline workbook and the unit-cost
/// library.
#[derive(Clone, Copy, Debug)]
pub struct Sources<'a> {
    pub baseline: &'a Baseline,
    pub unit_costs: &'a crate::unit_costs::Library,
    /// The model's price base and GDP deflator, for a kind that carries a
    /// figure from another price base (a library unit cost) to the
    /// model's; [`super::prepare_with`] sets them (`None` before, or when
    /// no price base is known).
    pub prices: Option<(crate::calendar::FinancialYear, Decimal)>,
    /// Reductions of this baseline remembered across a simulation's runs
    /// (see [`super::memo`]); `None` for a single run.
    pub memo: Option<&'a super::memo::Memo>,
}

impl Sources<'_> {
    /// `make()`, or its remembered result when a simulation has made it
    /// before against this baseline. `key` names the reduction and every
    /// model key that selects its rows.
    pub fn remember<V: Clone + Send + Sync + 'static>(
        &self,
        key: impl FnOnce() -> String,
        make: impl FnOnce() -> Result<V>,
    ) -> Result<V> {
        match self.memo {
            Some(m) => m.get_or(key(), make),
            None => make(),
        }
    }
}

/// A registered kind, as the engine handles it: copied freely, compared
/// by name.
#[derive(Clone, Copy)]
pub struct Kind(&'static dyn AnyKind);

/// Every kind the engine knows, in the order `--help` lists them. A new
/// kind adds its line here.
pub static KINDS: &[Kind] = &[
    Kind::of::<super::building_vacation::BuildingVacation>(),
    Kind::of::<super::shared_service::SharedService>(),
    Kind::of::<super::libraries_trust::LibrariesTrust>(),
    Kind::of::<super::sen_invest_to_save::SenInvestToSave>(),
    Kind::of::<super::channel_shift::ChannelShift>(),
];

impl Kind {
    /// The handle of kind `K`.
    pub const fn of<K: ModelKind>() -> Kind {
        Kind(Registered::<K>::HANDLE)
    }

    /// Every kind the engine knows.
    pub fn all() -> &'static [Kind] {
        KINDS
    }

    /// The kind named `name` (`kind = "…"`).
    pub fn parse(name: &str) -> Option<Kind> {
        KINDS.iter().copied().find(|k| k.name() == name)
    }

    pub fn name(self) -> &'static str {
        self.0.name()
    }

    /// Whether the kind needs the workbook's Meta sheet whatever the model
    /// says.
    pub fn needs_meta(self) -> bool {
        self.0.needs_meta()
    }

    /// The commented model file `savings new KIND` writes.
    pub fn template(self) -> &'static str {
        self.0.template()
    }

    /// Reads the kind's keys from the model file.
    pub fn read(self, t: &mut Table) -> Option<Scenario> {
        self.0.read(t)
    }

    /// The values the kind uses when the model file leaves them out.
    pub fn defaults(self) -> Vec<(String, String)> {
        self.0.defaults()
    }

    /// Whether the model's `[inflation]` takes keys beyond the fixed list.
    pub fn open_inflation_keys(self, root: &Table) -> bool {
        self.0.open_inflation_keys(root)
    }
}

impl PartialEq for Kind {
    fn eq(&self, other: &Kind) -> bool {
        self.name() == other.name()
    }
}

impl Eq for Kind {}

impl Debug for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A kind's parameters behind the trait.
#[derive(Clone, Debug)]
pub struct Scenario(Arc<dyn AnyScenario>);

impl Scenario {
    /// Parameters of kind `K`.
    pub fn new<K: ModelKind>(params: K::Params) -> Scenario {
        Scenario(Arc::new(Params::<K>(params)))
    }

    /// The parameters, if they are of kind `K`.
    pub fn params<K: ModelKind>(&self) -> Option<&K::Params> {
        self.0.as_any().downcast_ref::<Params<K>>().map(|p| &p.0)
    }

    pub fn kind(&self) -> Kind {
        self.0.kind()
    }

    /// The baseline sheet the model reads.
    pub fn sheet(&self) -> Sheet {
        self.0.sheet()
    }

    /// "for the sites' running costs".
    pub fn sheet_purpose(&self) -> &'static str {
        self.0.sheet_purpose()
    }

    /// The authority the model names, if it names one.
    pub fn authority(&self) -> Option<String> {
        self.0.authority()
    }

    /// Resolves the parameters against the baseline and library.
    pub fn prepare(&self, sources: &Sources, model_file: &Path) -> Result<Plan> {
        self.0.prepare(sources, model_file)
    }
}

/// A kind's plan behind the trait.
#[derive(Clone, Debug)]
pub struct Plan(Arc<dyn AnyPlan>);

impl Plan {
    /// A plan of kind `K`.
    pub fn new<K: ModelKind>(plan: K::Plan) -> Plan {
        Plan(Arc::new(Planned::<K>(plan)))
    }

    /// The plan, if it is of kind `K`.
    pub fn get<K: ModelKind>(&self) -> Option<&K::Plan> {
        self.0.as_any().downcast_ref::<Planned<K>>().map(|p| &p.0)
    }

    pub fn project(&self, ctx: &Context, flows: &mut Flows, warnings: &mut Vec<String>) {
        self.0.project(ctx, flows, warnings)
    }

    /// The plan with each parameter (path and value) set on it by
    /// [`ModelKind::vary`]; `None` when the kind does not set one of them
    /// that way.
    pub fn varied(&self, values: &[(&[String], SetValue)]) -> Option<Plan> {
        self.0.varied(values)
    }

    /// Sets each parameter on this plan itself by [`ModelKind::vary`] (on
    /// a copy first, if the plan is shared): for a simulation's worker,
    /// which keeps a plan and sets the same parameters on it at every
    /// iteration, each value overwriting the last. False when the kind
    /// does not set one of them that way; the plan may then have some of
    /// them set.
    pub fn vary(&mut self, values: &[(&[String], SetValue)]) -> bool {
        if values.is_empty() {
            return true;
        }
        if Arc::get_mut(&mut self.0).is_none() {
            match self.0.varied(&[]) {
                Some(copy) => *self = copy,
                None => return false,
            }
        }
        Arc::get_mut(&mut self.0).is_some_and(|p| p.vary_in_place(values))
    }

    /// See [`ModelKind::project_f64`].
    pub fn project_f64(&self, ctx: &Context, totals: &mut YearTotals<f64>) -> bool {
        self.0.project_f64(ctx, totals)
    }

    pub fn defaults(&self) -> Vec<(String, String)> {
        self.0.defaults()
    }

    pub fn baseline_figures(&self) -> Vec<(String, String, String)> {
        self.0.baseline_figures()
    }

    pub fn baseline_chart(&self) -> BaselineChart {
        self.0.baseline_chart()
    }

    pub fn check_range(&self, ctx: &Context) -> std::result::Result<(), String> {
        self.0.check_range(ctx)
    }

    pub fn baseline_rows(&self) -> Vec<BaselineRow> {
        self.0.baseline_rows()
    }

    /// The rows with the amount a year the plan draws on each.
    pub fn baseline_row_amounts(&self) -> Vec<(BaselineRow, Decimal)> {
        self.0.baseline_row_amounts()
    }

    pub fn warnings(&self, ctx: &Context) -> Vec<String> {
        self.0.warnings(ctx)
    }

    /// The inflation keys the plan uses, when its keys are open.
    pub fn inflation_keys(&self) -> Option<Vec<String>> {
        self.0.inflation_keys()
    }
}

// The object-safe faces of the trait, implemented once for every kind.

trait AnyKind: Sync {
    fn name(&self) -> &'static str;
    fn needs_meta(&self) -> bool;
    fn template(&self) -> &'static str;
    fn read(&self, t: &mut Table) -> Option<Scenario>;
    fn open_inflation_keys(&self, root: &Table) -> bool;
    fn defaults(&self) -> Vec<(String, String)>;
}

struct Registered<K>(PhantomData<fn() -> K>);

impl<K: ModelKind> Registered<K> {
    const HANDLE: &'static dyn AnyKind = &Registered::<K>(PhantomData);
}

impl<K: ModelKind> AnyKind for Registered<K> {
    fn name(&self) -> &'static str {
        K::NAME
    }
    fn needs_meta(&self) -> bool {
        K::NEEDS_META
    }
    fn template(&self) -> &'static str {
        K::TEMPLATE
    }
    fn read(&self, t: &mut Table) -> Option<Scenario> {
        K::read(t).map(Scenario::new::<K>)
    }
    fn open_inflation_keys(&self, root: &Table) -> bool {
        K::open_inflation_keys(root)
    }
    fn defaults(&self) -> Vec<(String, String)> {
        K::defaults()
    }
}

trait AnyScenario: Debug + Send + Sync {
    fn as_any(&self) -> &dyn Any;
    fn kind(&self) -> Kind;
    fn sheet(&self) -> Sheet;
    fn sheet_purpose(&self) -> &'static str;
    fn authority(&self) -> Option<String>;
    fn prepare(&self, sources: &Sources, model_file: &Path) -> Result<Plan>;
}

struct Params<K: ModelKind>(K::Params);

impl<K: ModelKind> Debug for Params<K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl<K: ModelKind> AnyScenario for Params<K> {
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn kind(&self) -> Kind {
        Kind::of::<K>()
    }
    fn sheet(&self) -> Sheet {
        K::sheet(&self.0)
    }
    fn sheet_purpose(&self) -> &'static str {
        K::sheet_purpose(&self.0)
    }
    fn authority(&self) -> Option<String> {
        K::authority(&self.0)
    }
    fn prepare(&self, sources: &Sources, model_file: &Path) -> Result<Plan> {
        K::prepare(&self.0, sources, model_file).map(Plan::new::<K>)
    }
}

trait AnyPlan: Debug + Send + Sync {
    fn as_any(&self) -> &dyn Any;
    fn project(&self, ctx: &Context, flows: &mut Flows, warnings: &mut Vec<String>);
    fn varied(&self, values: &[(&[String], SetValue)]) -> Option<Plan>;
    fn vary_in_place(&mut self, values: &[(&[String], SetValue)]) -> bool;
    fn project_f64(&self, ctx: &Context, totals: &mut YearTotals<f64>) -> bool;
    fn defaults(&self) -> Vec<(String, String)>;
    fn baseline_figures(&self) -> Vec<(String, String, String)>;
    fn baseline_chart(&self) -> BaselineChart;
    fn check_range(&self, ctx: &Context) -> std::result::Result<(), String>;
    fn baseline_rows(&self) -> Vec<BaselineRow>;
    fn baseline_row_amounts(&self) -> Vec<(BaselineRow, Decimal)>;
    fn warnings(&self, ctx: &Context) -> Vec<String>;
    fn inflation_keys(&self) -> Option<Vec<String>>;
}

struct Planned<K: ModelKind>(K::Plan);

impl<K: ModelKind> Debug for Planned<K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl<K: ModelKind> AnyPlan for Planned<K> {
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn project(&self, ctx: &Context, flows: &mut Flows, warnings: &mut Vec<String>) {
        K::project(&self.0, ctx, flows, warnings)
    }
    fn varied(&self, values: &[(&[String], SetValue)]) -> Option<Plan> {
        let mut plan = self.0.clone();
        values
            .iter()
            .all(|(path, value)| K::vary(&mut plan, path, *value))
            .then(|| Plan::new::<K>(plan))
    }
    fn vary_in_place(&mut self, values: &[(&[String], SetValue)]) -> bool {
        values
            .iter()
            .all(|(path, value)| K::vary(&mut self.0, path, *value))
    }
    fn project_f64(&self, ctx: &Context, totals: &mut YearTotals<f64>) -> bool {
        K::project_f64(&self.0, ctx, totals)
    }
    fn defaults(&self) -> Vec<(String, String)> {
        K::defaults()
    }
    fn baseline_figures(&self) -> Vec<(String, String, String)> {
        K::baseline_figures(&self.0)
    }
    fn baseline_chart(&self) -> BaselineChart {
        K::baseline_chart(&self.0)
    }
    fn check_range(&self, ctx: &Context) -> std::result::Result<(), String> {
        K::check_range(&self.0, ctx)
    }
    fn baseline_rows(&self) -> Vec<BaselineRow> {
        K::baseline_rows(&self.0)
    }
    fn baseline_row_amounts(&self) -> Vec<(BaselineRow, Decimal)> {
        K::baseline_row_amounts(&self.0)
    }
    fn warnings(&self, ctx: &Context) -> Vec<String> {
        K::warnings(&self.0, ctx)
    }
    fn inflation_keys(&self) -> Option<Vec<String>> {
        K::inflation_keys(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_found_by_its_name_and_no_name_twice() {
        for k in KINDS {
            assert_eq!(Kind::parse(k.name()), Some(*k));
            assert_eq!(KINDS.iter().filter(|o| o.name() == k.name()).count(), 1);
        }
        assert_eq!(Kind::parse("building_vacations"), None);
    }
}
