//! `libraries_trust`: a council's libraries move to a charitable trust
//! (SPEC section 7.3), the option Bromley's officers were investigating
//! after the shared service with Bexley went live.
//!
//! A charity gets mandatory relief on its business rates (80%) and may get
//! discretionary relief, of which the council funds a share. Staff move on
//! new terms; the trust runs its own, leaner back office while some
//! overheads stay stranded with the council; the trust grows income, and
//! the management fee falls year by year. The council keeps a client-side
//! team to manage the contract.

use super::{key_problem, BaselineChart, BaselineRow, Context, Sources};
use crate::baseline::{LibraryCategory, LibraryCosts, Sheet};
use crate::calendar::Month;
use crate::error::{Error, Problem, Result};
use crate::flows::{Class, Flows, Input, Sink, Why, YearTotals};
use crate::model::params::SetValue;
use crate::model::reader::Table;
use crate::money::{powi, Decimal};
use crate::number::Number;
use chrono::NaiveDate;
use std::path::Path;

/// The `libraries_trust` kind.
pub struct LibrariesTrust;

impl super::ModelKind for LibrariesTrust {
    type Params = Params;
    type Plan = Plan;
    const NAME: &'static str = "libraries_trust";
    const NEEDS_META: bool = false;
    const TEMPLATE: &'static str = include_str!("../scaffold/models/libraries_trust.toml");

    fn read(t: &mut Table) -> Option<Params> {
        read(t)
    }

    fn sheet(_: &Params) -> Sheet {
        Sheet::Libraries
    }

    fn sheet_purpose(_: &Params) -> &'static str {
        "for the library service's costs"
    }

    fn authority(params: &Params) -> Option<String> {
        Some(params.authority.clone())
    }

    fn prepare(params: &Params, sources: &Sources, model_file: &Path) -> Result<Plan> {
        let baseline = sources.baseline;
        let costs =
            sources.remember(|| "library costs".into(), || super::library_costs(baseline))?;
        prepare(params, &costs, model_file).map_err(Error::Input)
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
        let spending: Vec<LibraryCategory> = LibraryCategory::ALL
            .iter()
            .copied()
            .filter(|c| *c != LibraryCategory::Income)
            .collect();
        let gross: Decimal = spending.iter().map(|c| plan.costs[*c as usize]).sum();
        let income = plan.costs[LibraryCategory::Income as usize];
        BaselineChart {
            title: format!(
                "{}'s library service costs {} a year before income",
                plan.params.authority,
                crate::money::short(gross)
            ),
            what: format!(
                "Library service cost by category (income of {} a year not shown)",
                crate::money::short(income)
            ),
            categories: spending.iter().map(|c| super::label(c.name())).collect(),
            series: vec![(
                "Annual cost".into(),
                spending.iter().map(|c| plan.costs[*c as usize]).collect(),
            )],
            additive: true,
        }
    }

    fn check_range(p: &Plan, ctx: &Context) -> std::result::Result<(), String> {
        use super::range::{fits, index_max, mul, sum};
        let beyond = super::range::beyond();
        let params = &p.params;
        // |T| ≤ Σ cost × index × |trust factor|; every other line is at
        // most one category's cost at its index.
        let trust = sum(LibraryCategory::ALL.iter().map(|c| {
            let f = trust_factor(params, *c).abs();
            mul(p.costs[*c as usize], index_max(ctx, c.name())).and_then(|x| mul(x, f))
        }));
        let costs = sum(LibraryCategory::ALL
            .iter()
            .map(|c| mul(p.costs[*c as usize], index_max(ctx, c.name()))));
        if !fits(trust) || !fits(costs) {
            return Err(format!(
                "{}'s library costs, at their inflation rates over the horizon, come to \
                 {beyond}; check the rates and the Libraries sheet",
                params.authority
            ));
        }
        // The fee line is T × (1 − (1 − e)^k), k the whole years since
        // the transfer: for e < 0 the kept share (1 − e)^k grows.
        let last = ctx.horizon.end_month().plus(-1);
        let years = (last.since(p.transfer) / 12).max(0);
        let e = params.management_fee_efficiency;
        let kept = powi(Decimal::ONE - e, years);
        let fee = kept.and_then(|k| mul(trust?, (Decimal::ONE - k).abs()));
        if !fits(fee) {
            return Err(format!(
                "management_fee_efficiency: a rate of {e} over {years} years grows the \
                 trust's fee {beyond}; check the rate"
            ));
        }
        let client = mul(params.client_side_annual, index_max(ctx, "default"));
        if !fits(client) {
            return Err(format!(
                "client_side_annual, at inflation.default over the horizon, comes to {beyond}"
            ));
        }
        Ok(())
    }

    fn baseline_rows(plan: &Plan) -> Vec<BaselineRow> {
        LibraryCategory::ALL
            .iter()
            .filter(|c| !plan.costs[**c as usize].is_zero())
            .map(|c| BaselineRow {
                sheet: Sheet::Libraries,
                key: plan.params.authority.clone(),
                category: Some(c.name().to_string()),
            })
            .collect()
    }

    /// The authority's library cost of each category (income as the
    /// amount received).
    fn baseline_row_amounts(plan: &Plan) -> Vec<(BaselineRow, Decimal)> {
        LibraryCategory::ALL
            .iter()
            .filter(|c| !plan.costs[**c as usize].is_zero())
            .map(|c| {
                (
                    BaselineRow {
                        sheet: Sheet::Libraries,
                        key: plan.params.authority.clone(),
                        category: Some(c.name().to_string()),
                    },
                    plan.costs[*c as usize].abs(),
                )
            })
            .collect()
    }
}

/// The kind's parameters, defaults as SPEC 7.3 gives them.
#[derive(Clone, Debug, PartialEq)]
pub struct Params {
    pub authority: String,
    pub transfer_on: NaiveDate,
    pub mandatory_rates_relief: Decimal,
    pub discretionary_rates_relief: Decimal,
    pub discretionary_relief_council_share: Decimal,
    /// Change in the cost of frontline staff and management (−0.03 = 3%
    /// cheaper).
    pub staff_cost_change: Decimal,
    /// The trust's own back office, as a share of support services.
    pub trust_support_ratio: Decimal,
    /// Share of support services the council still bears.
    pub stranded_overheads: Decimal,
    pub income_uplift: Decimal,
    /// Yearly, compounding.
    pub management_fee_efficiency: Decimal,
    /// Price-base annual cost of the client-side team, key `default`.
    pub client_side_annual: Decimal,
    /// Model-file line of `authority`.
    pub authority_line: usize,
}

/// The default of a key in [`DEFAULTS`].
fn default(key: &str) -> Decimal {
    DEFAULTS
        .iter()
        .find(|(k, _)| *k == key)
        .and_then(|(_, v)| Decimal::from_str_exact(v).ok())
        .unwrap_or_default()
}

pub fn read(t: &mut Table) -> Option<Params> {
    let authority_v = t.required("authority");
    let authority_line = authority_v.as_ref().map(|v| v.line()).unwrap_or(1);
    let authority = authority_v.and_then(|v| v.string());
    let transfer_on = t.required("transfer_on").and_then(|v| v.event_date());
    let mut ok = true;
    let mut num =
        |key: &str, check: fn(&crate::model::reader::Value) -> Option<Decimal>| match t.get(key) {
            None => default(key),
            Some(v) => check(&v).unwrap_or_else(|| {
                ok = false;
                Decimal::ZERO
            }),
        };
    let mandatory = num("mandatory_rates_relief", |v| v.share());
    let discretionary = num("discretionary_rates_relief", |v| v.share());
    let council_share = num("discretionary_relief_council_share", |v| v.share());
    let staff = num("staff_cost_change", |v| v.rate());
    let support = num("trust_support_ratio", |v| v.share_up_to(Decimal::TWO));
    let stranded = num("stranded_overheads", |v| v.share());
    let uplift = num("income_uplift", |v| v.rate());
    let efficiency = num("management_fee_efficiency", |v| v.rate());
    let client = num("client_side_annual", |v| v.money());
    if ok && mandatory + discretionary > Decimal::ONE {
        if let Some(v) = t.get("discretionary_rates_relief") {
            v.problem(format!(
                "mandatory ({mandatory}) and discretionary ({discretionary}) rates relief sum to {}; together they can be at most 1",
                mandatory + discretionary
            ));
        }
        ok = false;
    }
    let p = Params {
        authority: authority?,
        transfer_on: transfer_on?,
        mandatory_rates_relief: mandatory,
        discretionary_rates_relief: discretionary,
        discretionary_relief_council_share: council_share,
        staff_cost_change: staff,
        trust_support_ratio: support,
        stranded_overheads: stranded,
        income_uplift: uplift,
        management_fee_efficiency: efficiency,
        client_side_annual: client,
        authority_line,
    };
    ok.then_some(p)
}

/// The parameters with the authority's price-base costs.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    pub params: Params,
    pub transfer: Month,
    /// Price-base annual cost per category, [`LibraryCategory::ALL`] order.
    pub costs: [Decimal; 8],
}

pub fn prepare(p: &Params, costs: &LibraryCosts, model_file: &Path) -> Result<Plan, Vec<Problem>> {
    match costs.get(&p.authority) {
        Some(c) => Ok(Plan {
            params: p.clone(),
            transfer: Month::effective(p.transfer_on),
            costs: *c,
        }),
        None => Err(vec![key_problem(
            model_file,
            p.authority_line,
            "authority",
            format!(
                "\"{}\" has no rows in the Libraries sheet{} (authorities there: {})",
                p.authority,
                crate::suggest::did_you_mean(&costs.nearest(&p.authority)),
                costs.authorities().join(", ")
            ),
        )]),
    }
}

/// The values the kind uses when the model file leaves them out (SPEC
/// 7.3): read by [`read`] and written to the assumptions log.
pub const DEFAULTS: [(&str, &str); 9] = [
    ("mandatory_rates_relief", "0.80"),
    ("discretionary_rates_relief", "0"),
    ("discretionary_relief_council_share", "1"),
    ("staff_cost_change", "0"),
    ("trust_support_ratio", "1"),
    ("stranded_overheads", "0"),
    ("income_uplift", "0"),
    ("management_fee_efficiency", "0"),
    ("client_side_annual", "0"),
];

/// [`DEFAULTS`], for the assumptions log.
pub fn defaults() -> Vec<(String, String)> {
    DEFAULTS
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// The baseline figures the plan took from the workbook.
pub fn baseline_figures(plan: &Plan) -> Vec<(String, String, String)> {
    LibraryCategory::ALL
        .iter()
        .map(|c| {
            (
                format!("{} {} a year", plan.params.authority, c.name()),
                crate::money::pennies(plan.costs[*c as usize]),
                "Libraries sheet, the authority's rows".to_string(),
            )
        })
        .collect()
}

/// The trust-side cost factor `f_c` of each category.
pub fn trust_factor(p: &Params, c: LibraryCategory) -> Decimal {
    trust_factor_in(&Rates::of(p), c)
}

/// The parameters' rates and the client-side cost in the number type a
/// projection runs in: `Decimal` for a run, `f64` for a simulation's
/// iterations.
#[derive(Clone, Copy, Debug)]
pub struct Rates<N> {
    pub mandatory_rates_relief: N,
    pub discretionary_rates_relief: N,
    pub discretionary_relief_council_share: N,
    pub staff_cost_change: N,
    pub trust_support_ratio: N,
    pub stranded_overheads: N,
    pub income_uplift: N,
    pub management_fee_efficiency: N,
    pub client_side_annual: N,
}

impl<N: Number> Rates<N> {
    pub fn of(p: &Params) -> Rates<N> {
        Rates {
            mandatory_rates_relief: N::of(p.mandatory_rates_relief),
            discretionary_rates_relief: N::of(p.discretionary_rates_relief),
            discretionary_relief_council_share: N::of(p.discretionary_relief_council_share),
            staff_cost_change: N::of(p.staff_cost_change),
            trust_support_ratio: N::of(p.trust_support_ratio),
            stranded_overheads: N::of(p.stranded_overheads),
            income_uplift: N::of(p.income_uplift),
            management_fee_efficiency: N::of(p.management_fee_efficiency),
            client_side_annual: N::of(p.client_side_annual),
        }
    }
}

/// [`trust_factor`] over either number type.
fn trust_factor_in<N: Number>(p: &Rates<N>, c: LibraryCategory) -> N {
    use LibraryCategory::*;
    match c {
        BusinessRates => N::ONE - p.mandatory_rates_relief - p.discretionary_rates_relief,
        FrontlineStaff | Management => N::ONE + p.staff_cost_change,
        SupportServices => p.trust_support_ratio,
        Income => -(N::ONE + p.income_uplift),
        Premises | Stock | Ict => N::ONE,
    }
}

/// The lines of SPEC 7.3 in one month, as annual amounts at that month's
/// prices (`a_c = cost_c × I_c`); the caller divides by 12. `k` is the
/// whole 12-month periods since the transfer.
pub fn annual_lines(
    p: &Params,
    a: &[Decimal; 8],
    k: i32,
    client_side: Decimal,
) -> [(&'static str, Decimal); 7] {
    annual_lines_in(&Rates::of(p), a, k, client_side)
}

/// [`annual_lines`] over either number type.
pub fn annual_lines_in<N: Number>(
    p: &Rates<N>,
    a: &[N; 8],
    k: i32,
    client_side: N,
) -> [(&'static str, N); 7] {
    use LibraryCategory::*;
    let at = |c: LibraryCategory| a[c as usize];
    // T = Σ_c a_c × f_c: what the trust spends, at this month's prices.
    let trust = LibraryCategory::ALL
        .iter()
        .fold(N::ZERO, |acc, c| acc + at(*c) * trust_factor_in(p, *c));
    let kept = (N::ONE - p.management_fee_efficiency)
        .powi(k)
        .unwrap_or(N::ONE);
    [
        (
            "mandatory rates relief",
            p.mandatory_rates_relief * at(BusinessRates),
        ),
        (
            "discretionary rates relief (net)",
            p.discretionary_rates_relief
                * (N::ONE - p.discretionary_relief_council_share)
                * at(BusinessRates),
        ),
        (
            "staff terms",
            -p.staff_cost_change * (at(FrontlineStaff) + at(Management)),
        ),
        (
            "support services",
            (N::ONE - p.stranded_overheads - p.trust_support_ratio) * at(SupportServices),
        ),
        ("income uplift", p.income_uplift * at(Income)),
        ("management fee efficiency", trust * (N::ONE - kept)),
        ("client-side team", -client_side),
    ]
}

/// The formula of line `n` of [`annual_lines`] in words, with its inputs,
/// for `savings explain`.
fn line_why(
    p: &Params,
    n: usize,
    a: &[Decimal; 8],
    k: i32,
    client: Decimal,
    y: crate::calendar::FinancialYear,
) -> Why {
    use LibraryCategory::*;
    let cost = |c: LibraryCategory| Input {
        name: format!("{} at {y} prices", c.name()),
        value: a[c as usize],
        money: true,
    };
    let rate = |name: &str, value: Decimal| Input {
        name: name.into(),
        value,
        money: false,
    };
    let source = format!("{}'s rows of the Libraries sheet", p.authority);
    let (formula, inputs): (&str, Vec<Input>) = match n {
        0 => (
            "mandatory_rates_relief × business rates ÷ 12",
            vec![
                rate("mandatory_rates_relief", p.mandatory_rates_relief),
                cost(BusinessRates),
            ],
        ),
        1 => (
            "discretionary_rates_relief × (1 − discretionary_relief_council_share) × business rates ÷ 12",
            vec![
                rate("discretionary_rates_relief", p.discretionary_rates_relief),
                rate("discretionary_relief_council_share", p.discretionary_relief_council_share,),
                cost(BusinessRates),
            ],
        ),
        2 => (
            "−staff_cost_change × (frontline staff + management) ÷ 12",
            vec![
                rate("staff_cost_change", p.staff_cost_change),
                cost(FrontlineStaff),
                cost(Management),
            ],
        ),
        3 => (
            "(1 − stranded_overheads − trust_support_ratio) × support services ÷ 12",
            vec![
                rate("stranded_overheads", p.stranded_overheads),
                rate("trust_support_ratio", p.trust_support_ratio),
                cost(SupportServices),
            ],
        ),
        4 => (
            "income_uplift × income ÷ 12",
            vec![rate("income_uplift", p.income_uplift), cost(Income)],
        ),
        5 => (
            "the trust's spending T × (1 − (1 − management_fee_efficiency)^k) ÷ 12, T = Σ cost × trust factor",
            LibraryCategory::ALL
                .iter()
                .map(|c| cost(*c))
                .chain([
                    rate("management_fee_efficiency", p.management_fee_efficiency,),
                    rate("k (whole years since transfer)", Decimal::from(k)),
                ])
                .collect(),
        ),
        _ => (
            "−client_side_annual × default index ÷ 12",
            vec![Input {
                name: format!("client-side team at {y} prices"),
                value: client,
                money: true,
            }],
        ),
    };
    let mut why = Why::new(source, formula);
    why.inputs = inputs;
    why
}

/// From `M(transfer_on)`: the seven cashable lines, each `(… × cost × I) /
/// 12`, multiplied first and divided last.
pub fn project(plan: &Plan, ctx: &Context, flows: &mut Flows) {
    project_in(plan, ctx, flows)
}

/// Sets the parameter at `path` to `value` on the plan, as reading the
/// model with that `--set` and preparing would (see
/// [`super::ModelKind::vary`]): the transfer date and every rate and
/// amount of SPEC 7.3. `None` for any other parameter.
pub fn vary(plan: &mut Plan, path: &[String], value: SetValue) -> Option<()> {
    let p = &mut plan.params;
    let [key] = path else {
        return None;
    };
    let field = match (key.as_str(), value) {
        ("transfer_on", SetValue::Date(d)) => {
            p.transfer_on = d;
            plan.transfer = Month::effective(d);
            return Some(());
        }
        (_, SetValue::Date(_)) => return None,
        ("mandatory_rates_relief", _) => &mut p.mandatory_rates_relief,
        ("discretionary_rates_relief", _) => &mut p.discretionary_rates_relief,
        ("discretionary_relief_council_share", _) => &mut p.discretionary_relief_council_share,
        ("staff_cost_change", _) => &mut p.staff_cost_change,
        ("trust_support_ratio", _) => &mut p.trust_support_ratio,
        ("stranded_overheads", _) => &mut p.stranded_overheads,
        ("income_uplift", _) => &mut p.income_uplift,
        ("management_fee_efficiency", _) => &mut p.management_fee_efficiency,
        ("client_side_annual", _) => &mut p.client_side_annual,
        _ => return None,
    };
    let SetValue::Number(d) = value else {
        return None;
    };
    *field = d;
    Some(())
}

/// [`project`] into either sink, in its number type.
fn project_in<S: Sink>(plan: &Plan, ctx: &Context, flows: &mut S) {
    let twelve = S::N::of_int(12);
    let rates = Rates::<S::N>::of(&plan.params);
    let names = annual_lines(&plan.params, &[Decimal::ZERO; 8], 0, Decimal::ZERO).map(|(n, _)| n);
    let slots: Vec<_> = names
        .iter()
        .map(|n| {
            let line = flows.line(n);
            flows.slot(line, Class::Cashable)
        })
        .collect();
    let default = ctx.series("default");
    // The costs, and each category's index in each FY, in the sink's
    // number type, made once rather than per month.
    let costs = plan.costs.map(S::N::of);
    let h = ctx.horizon;
    let indices: Vec<Vec<S::N>> = LibraryCategory::ALL
        .iter()
        .map(|c| {
            let series = ctx.series(c.name());
            h.financial_years()
                .map(|y| series.at_in::<S::N>(y))
                .collect()
        })
        .collect();
    // SPEC 7.7: the relief the council no longer pays is paid from
    // business rates.
    let pool = flows.body(POOL);
    let pool_line = flows.line(POOL_LINE);
    let pool_slot = flows.body_slot(pool_line, Class::Cashable, pool);
    let pool_share = rates.mandatory_rates_relief
        + rates.discretionary_rates_relief * (S::N::ONE - rates.discretionary_relief_council_share);
    // A month's amounts depend on its FY and the year of the trust it
    // falls in, so the months until the next April or the transfer's next
    // anniversary are one run: worked out once, added month by month.
    let end = h.end_month();
    let mut m = plan.transfer.max(h.first_month());
    while m < end {
        let y = m.financial_year();
        let k = m.since(plan.transfer) / 12;
        let until = y
            .first_month()
            .plus(12)
            .min(plan.transfer.plus(12 * (k + 1)))
            .min(end);
        let mut a = [S::N::ZERO; 8];
        let year = y.since(h.start) as usize;
        for c in LibraryCategory::ALL {
            a[*c as usize] = costs[*c as usize] * indices[*c as usize][year];
        }
        let client = rates.client_side_annual * default.at_in::<S::N>(y);
        let lines = annual_lines_in(&rates, &a, k, client);
        let business_rates = a[LibraryCategory::BusinessRates as usize];
        // Each line's monthly twelfth, then the pool's.
        let mut adds = [(pool_slot, S::N::ZERO); 8];
        for (n, (_, amount)) in lines.iter().enumerate() {
            adds[n] = (slots[n], *amount / twelve);
        }
        adds[7] = (pool_slot, -(pool_share * business_rates) / twelve);
        flows.add_run(m, until.since(m) as u32, &adds, |n| {
            if n < 7 {
                return line_why(
                    &plan.params,
                    n,
                    &a.map(|x| x.decimal()),
                    k,
                    client.decimal(),
                    y,
                );
            }
            Why::new(
                format!(
                    "{POOL}: {}'s libraries' business rates",
                    plan.params.authority
                ),
                "−(mandatory + discretionary × (1 − council_share)) × business_rates ÷ 12",
            )
            .input("mandatory", plan.params.mandatory_rates_relief)
            .input("discretionary", plan.params.discretionary_rates_relief)
            .input(
                "council_share",
                plan.params.discretionary_relief_council_share,
            )
            .money("business_rates", business_rates.decimal())
        });
        m = until;
    }
}

/// The body that funds charitable rates relief (SPEC 7.7).
pub const POOL: &str = "business rates pool";

/// The pool's line.
pub const POOL_LINE: &str = "rates relief funded by the pool";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_is_an_exact_number_and_is_what_read_uses() {
        for (key, text) in DEFAULTS {
            let v = Decimal::from_str_exact(text).unwrap();
            assert_eq!(default(key), v, "{key}");
        }
        assert_eq!(default("mandatory_rates_relief"), Decimal::new(8, 1));
        assert_eq!(default("trust_support_ratio"), Decimal::ONE);
    }
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn params() -> Params {
        Params {
            authority: "Bromley".into(),
            transfer_on: NaiveDate::from_ymd_opt(2013, 4, 1).unwrap(),
            mandatory_rates_relief: d("0.80"),
            discretionary_rates_relief: d("0.10"),
            discretionary_relief_council_share: d("0.25"),
            staff_cost_change: d("-0.03"),
            trust_support_ratio: d("0.6"),
            stranded_overheads: d("0.5"),
            income_uplift: d("0.05"),
            management_fee_efficiency: d("0.01"),
            client_side_annual: d("85000"),
            authority_line: 1,
        }
    }

    /// management, frontline_staff, premises, business_rates, stock, ict,
    /// support_services, income
    fn costs() -> [Decimal; 8] {
        [
            "500000", "2700000", "800000", "460000", "700000", "300000", "400000", "600000",
        ]
        .map(d)
    }

    #[test]
    fn each_line_worked_by_hand_in_the_first_year() {
        let l = annual_lines(&params(), &costs(), 0, d("85000"));
        // 0.8 × 460,000
        assert_eq!(l[0], ("mandatory rates relief", d("368000")));
        // 0.1 × (1 − 0.25) × 460,000: the council funds a quarter.
        assert_eq!(l[1], ("discretionary rates relief (net)", d("34500")));
        // 0.03 × (2,700,000 + 500,000)
        assert_eq!(l[2], ("staff terms", d("96000")));
        // (1 − 0.5 − 0.6) × 400,000: the stranded half plus the trust's
        // 60% cost more than the 400,000 saved.
        assert_eq!(l[3], ("support services", d("-40000")));
        // 0.05 × 600,000
        assert_eq!(l[4], ("income uplift", d("30000")));
        // k = 0: no efficiency yet.
        assert_eq!(l[5], ("management fee efficiency", d("0")));
        assert_eq!(l[6], ("client-side team", d("-85000")));
    }

    #[test]
    fn management_fee_efficiency_compounds_on_the_trust_side_cost() {
        // T = 500,000×0.97 + 2,700,000×0.97 + 800,000 + 460,000×0.1
        //   + 700,000 + 300,000 + 400,000×0.6 − 600,000×1.05
        //   = 485,000 + 2,619,000 + 800,000 + 46,000 + 700,000 + 300,000
        //     + 240,000 − 630,000 = 4,560,000
        let p = params();
        let l1 = annual_lines(&p, &costs(), 1, d("0"));
        assert_eq!(l1[5].1, d("45600")); // 4,560,000 × (1 − 0.99)
        let l2 = annual_lines(&p, &costs(), 2, d("0"));
        assert_eq!(l2[5].1, d("90744")); // 4,560,000 × (1 − 0.99²) = × 0.0199
    }

    #[test]
    fn the_lines_sum_to_the_cost_before_less_the_councils_cost_after() {
        // Before: gross less income. After (k = 0): the trust's cost T
        // (its fee) plus the council's stranded overheads, the council's
        // share of discretionary relief and the client side.
        let p = params();
        let c = costs();
        let l = annual_lines(&p, &c, 0, d("85000"));
        let sum: Decimal = l.iter().map(|(_, a)| *a).sum();
        let before: Decimal = c[..7].iter().copied().sum::<Decimal>() - c[7];
        let trust: Decimal = LibraryCategory::ALL
            .iter()
            .map(|k| c[*k as usize] * trust_factor(&p, *k))
            .sum();
        let council_relief = d("0.1") * d("0.25") * d("460000");
        let after = trust + d("0.5") * d("400000") + council_relief + d("85000");
        assert_eq!(sum, before - after);
    }
}
