//! `channel_shift`: transactions move from dear channels to a cheaper one
//! (SPEC section 7.5) — customer access, e-payments, and Tell Us Once,
//! live in Bromley since October 2011.
//!
//! A service's yearly transactions by channel come from the `Transactions`
//! sheet. From going live, a share of each channel's volume moves to the
//! channel `to`, stepping up every 12 months; each moved transaction saves
//! the difference of the two channels' unit costs. A unit cost comes from
//! the sheet, else the model's `[unit_costs]`, else the unit-cost library
//! (rebased to the model's price base with its GDP deflator).

use super::{key_problem, BaselineChart, BaselineRow, Context, Sources};
use crate::baseline::{text_key, Channel, Sheet, Transaction};
use crate::calendar::{FinancialYear, Month};
use crate::error::{Error, Problem, Result};
use crate::flows::{Class, Flows, Sink, Why, YearTotals};
use crate::model::params::SetValue;
use crate::model::reader::{Table, Value};
use crate::money::Decimal;
use crate::number::Number;
use crate::unit_costs::Entry;
use chrono::NaiveDate;
use std::path::Path;

/// The inflation key of every unit cost and per-transaction benefit.
pub const INFLATION_KEY: &str = "unit_costs";

/// The `channel_shift` kind.
pub struct ChannelShift;

impl super::ModelKind for ChannelShift {
    type Params = Params;
    type Plan = Plan;
    const NAME: &'static str = "channel_shift";
    const NEEDS_META: bool = false;
    const TEMPLATE: &'static str = include_str!("../scaffold/models/channel_shift.toml");

    fn read(t: &mut Table) -> Option<Params> {
        read(t)
    }

    fn sheet(_: &Params) -> Sheet {
        Sheet::Transactions
    }

    fn sheet_purpose(_: &Params) -> &'static str {
        "for the service's transactions by channel"
    }

    fn prepare(params: &Params, sources: &Sources, model_file: &Path) -> Result<Plan> {
        let rows = sources.baseline.transactions.as_deref().unwrap_or_default();
        prepare(params, rows, sources.unit_costs, sources.prices, model_file).map_err(Error::Input)
    }

    fn warnings(plan: &Plan, ctx: &Context) -> Vec<String> {
        let mut out = Vec::new();
        for cost in plan.unit_costs() {
            if let CostFrom::Library { entry: e, .. } = &cost.from {
                if let Some(w) = e.stale_warning(ctx.price_base) {
                    if !out.contains(&w) {
                        out.push(w);
                    }
                }
            }
        }
        out
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
        vec![
            ("volume_growth".into(), "0".into()),
            ("cashable_share".into(), "1".into()),
        ]
    }

    fn baseline_figures(plan: &Plan) -> Vec<(String, String, String)> {
        baseline_figures(plan)
    }

    fn baseline_chart(plan: &Plan) -> BaselineChart {
        let costed: Vec<&(Channel, Decimal, Decimal)> = plan
            .channel_costs
            .iter()
            .filter(|(_, v, _)| !v.is_zero())
            .collect();
        BaselineChart {
            title: format!("{}: what each channel costs a year", plan.service),
            what: "Transactions a year × unit cost, by channel".into(),
            categories: costed
                .iter()
                .map(|(c, _, _)| super::label(c.name()))
                .collect(),
            series: vec![(
                "Cost of the transactions".to_string(),
                costed.iter().map(|(_, v, u)| *v * *u).collect(),
            )],
            additive: true,
        }
    }

    fn check_range(p: &Plan, ctx: &Context) -> std::result::Result<(), String> {
        use super::range::{fits, growth_max, index_max, mul};
        let beyond = super::range::beyond();
        let i = index_max(ctx, INFLATION_KEY);
        let (lo, hi) = (
            ctx.horizon.start.since(ctx.price_base),
            ctx.horizon.last_year().since(ctx.price_base),
        );
        let growth = growth_max(p.volume_growth, lo, hi);
        let u_to = p.to_cost.cost;
        for c in &p.channels {
            let u = c.unit_cost.cost;
            let bound = growth
                .and_then(|g| mul(c.annual_volume, g))
                .and_then(|v| mul(v, (u - u_to).abs()))
                .and_then(|x| mul(x, i));
            if !fits(bound) {
                return Err(format!(
                    "shift.{}: the {} volume, at volume_growth and inflation.{INFLATION_KEY} \
                     over the horizon, saves {beyond}; check the rates and the Transactions sheet",
                    c.channel.name(),
                    c.channel.name()
                ));
            }
        }
        let volume = p
            .channels
            .iter()
            .try_fold(Decimal::ZERO, |acc, c| acc.checked_add(c.annual_volume));
        for ob in &p.other_bodies {
            let bound = growth
                .and_then(|g| mul(volume?, g))
                .and_then(|v| mul(v, ob.per_transaction))
                .and_then(|x| mul(x, i));
            if !fits(bound) {
                return Err(format!(
                    "other_bodies \"{}\": per_transaction on every transaction moved, at \
                     volume_growth and inflation.{INFLATION_KEY} over the horizon, comes to {beyond}",
                    ob.body
                ));
            }
        }
        Ok(())
    }

    fn baseline_rows(plan: &Plan) -> Vec<BaselineRow> {
        plan.channels
            .iter()
            .map(|c| BaselineRow {
                sheet: Sheet::Transactions,
                key: plan.service.clone(),
                category: Some(c.channel.name().to_string()),
            })
            .collect()
    }
}

/// A benefit to another public body per transaction moved: a
/// `non_cashable` flow of that body (SPEC 7.7).
#[derive(Clone, Debug, PartialEq)]
pub struct OtherBody {
    pub body: String,
    /// £ per transaction moved at the price base, key `unit_costs`.
    pub per_transaction: Decimal,
    /// The model-file line of the entry's `body`.
    pub line: usize,
}

/// The kind's parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct Params {
    pub service: String,
    pub live_on: NaiveDate,
    pub to: Channel,
    pub volume_growth: Decimal,
    pub cashable_share: Decimal,
    /// Per channel moved: the share moved in each 12 months from going
    /// live (the last carries on), and the line of its key.
    pub shift: Vec<(Channel, Vec<Decimal>, usize)>,
    /// `[unit_costs]`: £ per transaction at the price base, with lines.
    pub unit_costs: Vec<(Channel, Decimal, usize)>,
    pub other_bodies: Vec<OtherBody>,
    /// Model-file lines of `service` and `to`.
    pub lines: [usize; 2],
}

/// A channel key of a model table, or a problem listing the channels.
fn channel_key(key: &str, v: &Value) -> Option<Channel> {
    let c = Channel::parse(key);
    if c.is_none() {
        v.problem(format!(
            "is not a channel; expected one of: {}",
            Channel::list()
        ));
    }
    c
}

pub fn read(t: &mut Table) -> Option<Params> {
    let service_v = t.required("service");
    let service = service_v.as_ref().and_then(|v| v.string());
    let live_on = t.required("live_on").and_then(|v| v.event_date());
    let to_v = t.required("to");
    let to = to_v.as_ref().and_then(|v| {
        let s = v.string()?;
        let c = Channel::parse(&crate::workbook::normalise(&s));
        if c.is_none() {
            v.problem(format!(
                "\"{s}\" is not a channel; expected one of: {}",
                Channel::list()
            ));
        }
        c
    });
    let volume_growth = match t.get("volume_growth") {
        None => Some(Decimal::ZERO),
        Some(v) => v.rate(),
    };
    let cashable_share = match t.get("cashable_share") {
        None => Some(Decimal::ONE),
        Some(v) => v.share(),
    };
    let shift = t.required("shift").and_then(|v| {
        let table = v.table()?;
        let mut out = Vec::new();
        let mut ok = true;
        for (key, value) in table.keys() {
            let Some(c) = channel_key(&key, &value) else {
                ok = false;
                continue;
            };
            if Some(c) == to {
                value.problem(format!(
                    "is the channel transactions move to (to = \"{}\"); shift the other \
                     channels, not {}",
                    c.name(),
                    c.name()
                ));
                ok = false;
                continue;
            }
            match value.number_list(|x| x.share()) {
                Some(s) if s.is_empty() => {
                    value.problem("needs at least one share, e.g. [0.3, 0.5]");
                    ok = false;
                }
                Some(s) => out.push((c, s, value.line())),
                None => ok = false,
            }
        }
        if out.is_empty() && ok {
            v.problem("needs at least one channel, e.g. face_to_face = [0.3, 0.5]");
            ok = false;
        }
        ok.then_some(out)
    });
    let unit_costs = match t.get("unit_costs") {
        None => Some(Vec::new()),
        Some(v) => v.table().and_then(|table| {
            let mut out = Vec::new();
            let mut ok = true;
            for (key, value) in table.keys() {
                match (channel_key(&key, &value), value.money()) {
                    (Some(c), Some(u)) => out.push((c, u, value.line())),
                    _ => ok = false,
                }
            }
            ok.then_some(out)
        }),
    };
    let other_bodies = match t.get("other_bodies") {
        None => Some(Vec::new()),
        Some(v) => v.list().and_then(|items| {
            items
                .iter()
                .map(|item| item.table().and_then(|mut b| read_other_body(&mut b)))
                .collect::<Vec<_>>()
                .into_iter()
                .collect::<Option<Vec<_>>>()
        }),
    };
    let line = |v: &Option<Value>| v.as_ref().map(|v| v.line()).unwrap_or(1);
    let lines = [line(&service_v), line(&to_v)];
    Some(Params {
        service: service?,
        live_on: live_on?,
        to: to?,
        volume_growth: volume_growth?,
        cashable_share: cashable_share?,
        shift: shift?,
        unit_costs: unit_costs?,
        other_bodies: other_bodies?,
        lines,
    })
}

fn read_other_body(t: &mut Table) -> Option<OtherBody> {
    let body_v = t.required("body");
    let line = body_v.as_ref().map(|v| v.line()).unwrap_or(0);
    let body = body_v.and_then(|v| {
        let s = v.string()?;
        if s.trim().is_empty() {
            v.problem("must name the body, e.g. \"DWP\"");
            return None;
        }
        Some(s.trim().to_string())
    });
    let per_transaction = t.required("per_transaction").and_then(|v| v.money());
    t.finish();
    Some(OtherBody {
        body: body?,
        per_transaction: per_transaction?,
        line,
    })
}

/// Where a unit cost came from.
#[derive(Clone, Debug, PartialEq)]
pub enum CostFrom {
    /// The Transactions sheet's `unit_cost`, on this row.
    Sheet(u32),
    /// The model's `[unit_costs]`, on this line.
    Model(usize),
    /// The unit-cost library's entry, rebased to the model's price base
    /// `to` with the model's GDP deflator.
    Library {
        entry: Box<Entry>,
        to: FinancialYear,
        gdp_deflator: Decimal,
    },
}

/// A channel's unit cost: £ per transaction at the model's price base.
#[derive(Clone, Debug, PartialEq)]
pub struct UnitCost {
    pub cost: Decimal,
    pub from: CostFrom,
}

impl UnitCost {
    /// Where the cost came from, for the assumptions log.
    fn source(&self, model_file: &Path) -> String {
        match &self.from {
            CostFrom::Sheet(row) => format!("Transactions sheet, row {row}"),
            CostFrom::Model(line) => {
                format!("model file {}:{line}", model_file.display())
            }
            CostFrom::Library {
                entry,
                to,
                gdp_deflator,
            } => format!(
                "unit-cost library: {}; rebased from {} to {to} prices with \
                 inflation.gdp_deflator {gdp_deflator}: × (1 + {gdp_deflator})^{}",
                entry.citation(),
                entry.price_base,
                to.since(entry.price_base)
            ),
        }
    }

    /// The cost for the assumptions log, as a number like every amount
    /// there (its `exact_value` column must read as one): at least pence
    /// (8.00, 0.085), a rebased one to 10 places (the run uses it at full
    /// precision).
    fn value(&self) -> String {
        let mut cost = self.cost.round_dp(10).normalize();
        cost.rescale(cost.scale().max(2));
        cost.to_string()
    }
}

/// A channel whose transactions move.
#[derive(Clone, Debug, PartialEq)]
pub struct Moved {
    pub channel: Channel,
    /// Transactions a year at the price base.
    pub annual_volume: Decimal,
    pub shift: Vec<Decimal>,
    pub unit_cost: UnitCost,
    /// The sheet row of the service and channel.
    pub row: u32,
}

/// The parameters resolved against the Transactions sheet and the library.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// The service as the sheet first spells it.
    pub service: String,
    pub live: Month,
    pub to: Channel,
    pub to_cost: UnitCost,
    pub channels: Vec<Moved>,
    pub volume_growth: Decimal,
    pub cashable_share: Decimal,
    /// The other public bodies that gain per transaction moved.
    pub other_bodies: Vec<OtherBody>,
    /// Every row of the service: channel, transactions a year, and the
    /// unit cost the plan would use (0 where none is known), for the
    /// baseline chart.
    pub channel_costs: Vec<(Channel, Decimal, Decimal)>,
    /// The model file, to cite its lines.
    pub model_file: std::path::PathBuf,
}

impl Plan {
    /// The unit costs the plan uses: each moved channel's, then `to`'s.
    pub fn unit_costs(&self) -> impl Iterator<Item = &UnitCost> {
        self.channels
            .iter()
            .map(|c| &c.unit_cost)
            .chain(std::iter::once(&self.to_cost))
    }
}

/// The services of the sheet, each once, as first spelt.
fn services(rows: &[Transaction]) -> Vec<&str> {
    let mut seen = std::collections::HashSet::new();
    rows.iter()
        .filter(|r| seen.insert(text_key(&r.service)))
        .map(|r| r.service.as_str())
        .collect()
}

/// `prices`: the model's price base and GDP deflator, to rebase a library
/// entry (`None` when no price base is known: the run stops for that).
pub fn prepare(
    p: &Params,
    rows: &[Transaction],
    library: &crate::unit_costs::Library,
    prices: Option<(FinancialYear, Decimal)>,
    model_file: &Path,
) -> Result<Plan, Vec<Problem>> {
    let [service_line, to_line] = p.lines;
    let wanted = text_key(&p.service);
    let mine: Vec<Transaction> = rows
        .iter()
        .filter(|r| text_key(&r.service) == wanted)
        .cloned()
        .collect();
    if mine.is_empty() {
        let all = services(rows);
        let named: Vec<(&str, &str)> = all.iter().map(|s| (*s, *s)).collect();
        let near = crate::suggest::nearest(&p.service, &named, 3);
        return Err(vec![key_problem(
            model_file,
            service_line,
            "service",
            format!(
                "\"{}\" has no rows in the Transactions sheet{} (services there: {})",
                p.service,
                crate::suggest::did_you_mean(&near),
                if all.is_empty() {
                    "none".to_string()
                } else {
                    all.join(", ")
                }
            ),
        )]);
    }
    let mut problems = Vec::new();
    let row_of = |c: Channel| mine.iter().find(|r| r.channel == c);
    let find = |c: Channel| -> Option<Result<UnitCost, Problem>> {
        if let Some(u) = row_of(c).and_then(|r| r.unit_cost.map(|u| (u, r.row))) {
            return Some(Ok(UnitCost {
                cost: u.0,
                from: CostFrom::Sheet(u.1),
            }));
        }
        if let Some((_, u, l)) = p.unit_costs.iter().find(|(k, _, _)| *k == c) {
            return Some(Ok(UnitCost {
                cost: *u,
                from: CostFrom::Model(*l),
            }));
        }
        let e = library.get(&format!("transaction.{}", c.name()))?;
        // No price base: the run stops for that and says so; rebase to
        // the entry's own.
        let (to, g) = prices.unwrap_or((e.price_base, Decimal::ZERO));
        Some(match e.rebase(to, g) {
            Some(cost) => Ok(UnitCost {
                cost,
                from: CostFrom::Library {
                    entry: Box::new(e.clone()),
                    to,
                    gdp_deflator: g,
                },
            }),
            None => Err(Problem::file(
                model_file,
                format!(
                    "inflation.gdp_deflator: the unit-cost library's {} cannot be carried \
                     from {} to {to} prices at a rate of {g}; check the rate",
                    e.item, e.price_base
                ),
            )),
        })
    };
    let cost_of = |c: Channel, problems: &mut Vec<Problem>, line: usize, key: &str| {
        match find(c) {
            Some(Ok(u)) => return Some(u),
            Some(Err(e)) => {
                problems.push(e);
                return None;
            }
            None => {}
        }
        problems.push(key_problem(
            model_file,
            line,
            key,
            format!(
                "channel {} has no unit cost: none in the Transactions sheet's unit_cost for \
                 \"{}\", none in the model's [unit_costs], and no transaction.{} in the \
                 unit-cost library; add one (e.g. unit_costs.{} = 4.50)",
                c.name(),
                p.service,
                c.name(),
                c.name()
            ),
        ));
        None
    };
    let mut channels = Vec::new();
    for (c, shift, line) in &p.shift {
        let key = format!("shift.{}", c.name());
        let Some(row) = row_of(*c) else {
            problems.push(key_problem(
                model_file,
                *line,
                &key,
                format!(
                    "\"{}\" has no {} row in the Transactions sheet (its channels there: {})",
                    p.service,
                    c.name(),
                    mine.iter()
                        .map(|r| r.channel.name())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
            continue;
        };
        if let Some(unit_cost) = cost_of(*c, &mut problems, *line, &key) {
            channels.push(Moved {
                channel: *c,
                annual_volume: row.annual_volume,
                shift: shift.clone(),
                unit_cost,
                row: row.row,
            });
        }
    }
    let to_cost = cost_of(p.to, &mut problems, to_line, "to");
    let channel_costs = mine
        .iter()
        .map(|r| {
            let u = match find(r.channel) {
                Some(Ok(u)) => u.cost,
                _ => Decimal::ZERO,
            };
            (r.channel, r.annual_volume, u)
        })
        .collect();
    match to_cost {
        Some(to_cost) if problems.is_empty() => Ok(Plan {
            service: mine[0].service.clone(),
            live: Month::effective(p.live_on),
            to: p.to,
            to_cost,
            channels,
            volume_growth: p.volume_growth,
            cashable_share: p.cashable_share,
            other_bodies: p.other_bodies.clone(),
            channel_costs,
            model_file: model_file.to_path_buf(),
        }),
        _ => Err(problems),
    }
}

/// The figures the plan took from the sheet and library: each channel's
/// volume and the unit cost used, with where each came from.
pub fn baseline_figures(plan: &Plan) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for c in &plan.channels {
        out.push((
            format!(
                "{} transactions a year ({})",
                c.channel.name(),
                plan.service
            ),
            c.annual_volume.normalize().to_string(),
            format!("Transactions sheet, row {}", c.row),
        ));
        out.push((
            format!("unit cost {}", c.channel.name()),
            c.unit_cost.value(),
            c.unit_cost.source(&plan.model_file),
        ));
    }
    out.push((
        format!("unit cost {} (to)", plan.to.name()),
        plan.to_cost.value(),
        plan.to_cost.source(&plan.model_file),
    ));
    out
}

/// The shift share for the whole 12-month periods since going live; the
/// last value carries on.
pub fn shift_at(shift: &[Decimal], live: Month, m: Month) -> Decimal {
    shift
        .get(shift_year(shift, live, m))
        .copied()
        .unwrap_or_default()
}

/// The index in `shift` of month `m`'s share (see [`shift_at`]).
fn shift_year(shift: &[Decimal], live: Month, m: Month) -> usize {
    let k = (m.since(live) / 12).max(0) as usize;
    k.min(shift.len().saturating_sub(1))
}

/// From `M(live_on)`, per channel `c`: `saving = shift × annual_volume ×
/// (1 + volume_growth)^(FY − P) × (u_c − u_to) × I / 12`, multiplied
/// first and divided last; `cashable_share` of a saving ≥ 0 is cashable
/// and the rest non-cashable, a negative saving all cashable.
pub fn project(plan: &Plan, ctx: &Context, flows: &mut Flows) {
    project_in(plan, ctx, flows)
}

/// Sets the parameter at `path` to `value` on the plan, as reading the
/// model with that `--set` and preparing would (see
/// [`super::ModelKind::vary`]): the go-live date, the cashable share, the
/// volume growth, a year of a channel's shift and another body's gain per
/// transaction. `None` for any other parameter (a unit cost decides which
/// source the plan takes, and is read again).
pub fn vary(plan: &mut Plan, path: &[String], value: SetValue) -> Option<()> {
    let path: Vec<&str> = path.iter().map(String::as_str).collect();
    match (path.as_slice(), value) {
        (["live_on"], SetValue::Date(d)) => plan.live = Month::effective(d),
        (["cashable_share"], SetValue::Number(d)) => plan.cashable_share = d,
        (["volume_growth"], SetValue::Number(d)) => plan.volume_growth = d,
        (["shift", channel, n], SetValue::Number(d)) => {
            let i = n.parse::<usize>().ok()?.checked_sub(1)?;
            let moved = plan
                .channels
                .iter_mut()
                .find(|c| c.channel.name() == *channel)?;
            *moved.shift.get_mut(i)? = d;
        }
        (["other_bodies", body, "per_transaction"], SetValue::Number(d)) => {
            plan.other_bodies
                .iter_mut()
                .find(|b| b.body.trim() == body.trim())?
                .per_transaction = d
        }
        _ => return None,
    }
    Some(())
}

/// [`project`] into either sink, in its number type.
fn project_in<S: Sink>(plan: &Plan, ctx: &Context, flows: &mut S) {
    let twelve = S::N::of_int(12);
    let index = ctx.series(INFLATION_KEY);
    let u_to = plan.to_cost.cost;
    let growth_base = S::N::ONE + S::N::of(plan.volume_growth);
    let cashable_share = S::N::of(plan.cashable_share);
    for c in &plan.channels {
        let u = c.unit_cost.cost;
        let diff = S::N::of(u) - S::N::of(u_to);
        let volume = S::N::of(c.annual_volume);
        let line = flows.line(&format!("{} to {}", c.channel.name(), plan.to.name()));
        let cashable = flows.slot(line, Class::Cashable);
        let mut non_cashable = None;
        // A month's amounts depend on its year of the shift and its FY
        // only, so most months repeat the month before: those reuse its
        // figures, the very values working them out again gives.
        type Key = (usize, FinancialYear);
        type Monthly<N> = (N, N, N, Option<N>);
        let mut last: Option<(Key, Monthly<S::N>)> = None;
        for m in ctx.horizon.months().filter(|m| *m >= plan.live) {
            let fy = m.financial_year();
            let key = (shift_year(&c.shift, plan.live, m), fy);
            // (shift, growth, cashable a month, non-cashable a month)
            let (share, growth, cash_month, non_cash_month) = match last {
                Some((k, monthly)) if k == key => monthly,
                _ => {
                    let share = S::N::of(shift_at(&c.shift, plan.live, m));
                    let i = index.at_in::<S::N>(fy);
                    let growth = growth_base
                        .powi(fy.since(ctx.price_base))
                        .unwrap_or(S::N::ZERO);
                    let annual = share * volume * growth * diff * i;
                    let monthly = if annual < S::N::ZERO || cashable_share == S::N::ONE {
                        (share, growth, annual / twelve, None)
                    } else {
                        let cash = annual * cashable_share;
                        (share, growth, cash / twelve, Some((annual - cash) / twelve))
                    };
                    last = Some((key, monthly));
                    monthly
                }
            };
            let why = |part: &str| {
                let part = part.to_string();
                move || {
                    Why::new(
                        format!(
                            "shift.{}: {} on the Transactions sheet, row {}",
                            c.channel.name(),
                            plan.service,
                            c.row
                        ),
                        format!(
                            "{part}shift × annual_volume × (1 + volume_growth)^(FY − P) × \
                             (u_{} − u_{}) × unit_costs index ÷ 12",
                            c.channel.name(),
                            plan.to.name()
                        ),
                    )
                    .input("shift", share.decimal())
                    .input("annual_volume", c.annual_volume)
                    .input("volume growth factor", growth.decimal())
                    .money(format!("u_{}", c.channel.name()), u)
                    .money(format!("u_{}", plan.to.name()), u_to)
                    .input(format!("unit_costs index {fy}"), index.at(fy))
                    .input("cashable_share", plan.cashable_share)
                }
            };
            match non_cash_month {
                None => flows.add_why(cashable, m, cash_month, why("")),
                Some(rest) => {
                    flows.add_why(cashable, m, cash_month, why("cashable_share × "));
                    let slot =
                        *non_cashable.get_or_insert_with(|| flows.slot(line, Class::NonCashable));
                    flows.add_why(slot, m, rest, why("(1 − cashable_share) × "));
                }
            }
        }
    }
    // SPEC 7.7: the benefit to other public bodies of each transaction
    // moved, as theirs, not the authority's.
    for ob in &plan.other_bodies {
        let body = flows.body(&ob.body);
        let line = flows.line(&format!("{}: transactions moved", ob.body));
        let slot = flows.body_slot(line, Class::NonCashable, body);
        let per_transaction = S::N::of(ob.per_transaction);
        for m in ctx.horizon.months().filter(|m| *m >= plan.live) {
            let fy = m.financial_year();
            let growth = growth_base
                .powi(fy.since(ctx.price_base))
                .unwrap_or(S::N::ZERO);
            let moved = plan.channels.iter().fold(S::N::ZERO, |acc, c| {
                acc + S::N::of(shift_at(&c.shift, plan.live, m))
                    * S::N::of(c.annual_volume)
                    * growth
            });
            let i = index.at_in::<S::N>(fy);
            flows.add_why(slot, m, moved * per_transaction * i / twelve, || {
                Why::new(
                    format!(
                        "other_bodies \"{}\" (model line {}): {} transactions moved",
                        ob.body, ob.line, plan.service
                    ),
                    "Σ shift × annual_volume × (1 + volume_growth)^(FY − P) × per_transaction \
                     × unit_costs index ÷ 12",
                )
                .input("transactions moved a year", moved.decimal())
                .money("per_transaction", ob.per_transaction)
                .input(format!("unit_costs index {fy}"), i.decimal())
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

    #[test]
    fn shift_steps_every_twelve_months_from_going_live() {
        let live = Month::new(2011, 10);
        let s = [d("0.3"), d("0.5")];
        assert_eq!(shift_at(&s, live, Month::new(2012, 9)), d("0.3"));
        assert_eq!(shift_at(&s, live, Month::new(2012, 10)), d("0.5"));
        assert_eq!(shift_at(&s, live, Month::new(2030, 1)), d("0.5"));
    }

    fn row(service: &str, c: Channel, volume: &str, cost: Option<&str>, r: u32) -> Transaction {
        Transaction {
            service: service.into(),
            channel: c,
            annual_volume: d(volume),
            unit_cost: cost.map(d),
            row: r,
        }
    }

    fn params() -> Params {
        Params {
            service: " parking permits ".into(),
            live_on: NaiveDate::from_ymd_opt(2012, 4, 1).unwrap(),
            to: Channel::Online,
            volume_growth: Decimal::ZERO,
            cashable_share: Decimal::ONE,
            shift: vec![(Channel::FaceToFace, vec![d("0.5")], 7)],
            unit_costs: vec![(Channel::Online, d("0.20"), 9)],
            other_bodies: Vec::new(),
            lines: [3, 5],
        }
    }

    const PRICES: Option<(FinancialYear, Decimal)> =
        Some((FinancialYear(2011), Decimal::from_parts(5, 0, 0, false, 2)));

    #[test]
    fn unit_cost_comes_from_the_sheet_then_the_model_then_the_library() {
        let lib = crate::unit_costs::Library::bundled().unwrap();
        let rows = [
            row("Parking permits", Channel::FaceToFace, "1000", None, 2),
            row("Parking permits", Channel::Online, "10", Some("0.15"), 3),
        ];
        let plan = prepare(&params(), &rows, &lib, PRICES, Path::new("m.toml")).unwrap();
        assert_eq!(plan.to_cost.from, CostFrom::Sheet(3));
        assert_eq!(plan.to_cost.cost, d("0.15"));
        // The library's £10.53 at 2013/14 prices, carried back two years
        // at 5%: 10.53 / 1.1025.
        assert!(matches!(
            plan.channels[0].unit_cost.from,
            CostFrom::Library { .. }
        ));
        assert_eq!(
            plan.channels[0].unit_cost.cost.round_dp(10),
            (d("10.53") / d("1.1025")).round_dp(10)
        );
        let rows = [row("Parking permits", Channel::FaceToFace, "1000", None, 2)];
        let plan = prepare(&params(), &rows, &lib, PRICES, Path::new("m.toml")).unwrap();
        assert_eq!(plan.to_cost.from, CostFrom::Model(9));
    }

    #[test]
    fn a_channel_with_no_unit_cost_anywhere_is_named() {
        let lib = crate::unit_costs::Library::default();
        let rows = [row("Parking permits", Channel::FaceToFace, "1000", None, 2)];
        let e = prepare(&params(), &rows, &lib, PRICES, Path::new("m.toml")).unwrap_err();
        assert!(
            e[0].to_string()
                .contains("m.toml:7: shift.face_to_face: channel face_to_face has no unit cost"),
            "{e:?}"
        );
    }
}
