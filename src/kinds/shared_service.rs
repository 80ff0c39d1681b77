//! `shared_service`: two or more councils run one service together (SPEC
//! section 7.2), like the Library Shared Service that Bromley and Bexley
//! went live with on 1 January 2012.
//!
//! Sharing removes a fraction of the partners' combined cost in some
//! categories (one management team, one ICT contract), reaching its full
//! effect along a ramp. One partner's saving is its share of the combined
//! saving: pro rata to what it spent on those categories, or a fixed share.

use super::{key_problem, BaselineChart, BaselineRow, Context, Sources};
use crate::baseline::{text_key, LibraryCategory, LibraryCosts, Sheet};
use crate::calendar::Month;
use crate::error::{Error, Problem, Problems, Result};
use crate::flows::{Class, Flows, Why};
use crate::model::reader::Table;
use crate::money::Decimal;
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

    fn sheet(_: &Params) -> Sheet {
        Sheet::Libraries
    }

    fn sheet_purpose(_: &Params) -> &'static str {
        "for the library service's costs"
    }

    fn authority(params: &Params) -> Option<String> {
        Some(params.perspective.clone())
    }

    fn prepare(params: &Params, sources: &Sources, model_file: &Path) -> Result<Plan> {
        let baseline = sources.baseline;
        let costs = super::library_costs(baseline)?;
        prepare(params, &costs, model_file).map_err(Error::Input)
    }

    fn project(plan: &Plan, ctx: &Context, flows: &mut Flows, _warnings: &mut Vec<String>) {
        project(plan, ctx, flows)
    }

    fn defaults() -> Vec<(String, String)> {
        defaults()
    }

    fn baseline_figures(plan: &Plan) -> Vec<(String, String, String)> {
        baseline_figures(plan)
    }

    fn baseline_chart(plan: &Plan) -> BaselineChart {
        let cats: Vec<LibraryCategory> = LibraryCategory::ALL
            .iter()
            .copied()
            .filter(|c| *c != LibraryCategory::Income)
            .collect();
        BaselineChart {
            title: format!(
                "Library service costs of {}",
                plan.partner_costs
                    .iter()
                    .map(|(n, _)| n.as_str())
                    .collect::<Vec<_>>()
                    .join(" and ")
            ),
            what: "Gross cost of each partner's library service by category".into(),
            categories: plan.partner_costs.iter().map(|(n, _)| n.clone()).collect(),
            series: cats
                .iter()
                .map(|c| {
                    (
                        super::label(c.name()),
                        plan.partner_costs
                            .iter()
                            .map(|(_, k)| k[*c as usize])
                            .collect(),
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
            let i = index_max(ctx, c.name());
            let bound = mul(p.share, *reduction)
                .and_then(|x| mul(x, *combined))
                .and_then(|x| mul(x, i));
            if !fits(bound) {
                return Err(format!(
                    "reductions.{}: the partners' combined {} cost, at inflation.{} over \
                     the horizon, saves {beyond}; check the rate and the Libraries sheet",
                    c.name(),
                    c.name(),
                    c.name()
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
                    sheet: Sheet::Libraries,
                    key: partner.clone(),
                    category: Some(c.name().to_string()),
                });
            }
        }
        rows
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
    /// Fraction of the partners' combined cost removed, per category.
    pub reductions: Vec<(LibraryCategory, Decimal)>,
    /// Model-file lines of `partners`, `perspective` and `cost_share`.
    pub lines: [usize; 3],
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
    let reductions = t.required("reductions").and_then(|v| {
        let mut table = v.table()?;
        let mut out = Vec::new();
        let mut ok = true;
        for (key, value) in table.keys() {
            match LibraryCategory::parse(&key) {
                Some(LibraryCategory::Income) => {
                    value.problem("income cannot be reduced: sharing a service does not cut the money it receives");
                    ok = false;
                }
                Some(c) => {
                    table.mark_used(&key);
                    match value.share() {
                        Some(r) => out.push((c, r)),
                        None => ok = false,
                    }
                }
                None => {
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
        reductions: reductions?,
        lines,
    })
}

/// The parameters resolved against the Libraries sheet.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    pub live: Month,
    /// The perspective's share of the combined saving.
    pub share: Decimal,
    pub ramp: Vec<Decimal>,
    /// Category, reduction, the partners' combined price-base cost.
    pub reductions: Vec<(LibraryCategory, Decimal, Decimal)>,
    /// Each partner's price-base cost per category, for the baseline chart.
    pub partner_costs: Vec<(String, [Decimal; 8])>,
}

pub fn prepare(p: &Params, costs: &LibraryCosts, model_file: &Path) -> Result<Plan, Vec<Problem>> {
    let mut problems = Problems::new();
    let [partners_line, perspective_line, share_line] = p.lines;
    let known = costs.authorities().join(", ");
    for partner in &p.partners {
        if costs.get(partner).is_none() {
            problems.push(|| key_problem(
                model_file,
                partners_line,
                "partners",
                format!(
                    "\"{partner}\" has no rows in the Libraries sheet{} (authorities there: {known})",
                    crate::suggest::did_you_mean(&costs.nearest(partner))
                ),
            ));
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
        let c = costs.get(partner).copied().unwrap_or([Decimal::ZERO; 8]);
        p.reductions.iter().map(|(cat, _)| c[*cat as usize]).sum()
    };
    let share = if all {
        Decimal::ONE
    } else {
        match &p.cost_share {
            CostShare::ProRata => {
                let total: Decimal = p.partners.iter().map(|q| reduced_cost(q)).sum();
                if total.is_zero() {
                    Decimal::ZERO
                } else {
                    reduced_cost(&p.perspective) / total
                }
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
                shares
                    .iter()
                    .find(|(n, _)| text_key(n) == text_key(&p.perspective))
                    .map(|(_, s)| *s)
                    .unwrap_or_default()
            }
        }
    };
    if !problems.is_empty() {
        return Err(problems.into_vec(model_file));
    }
    let reductions = p
        .reductions
        .iter()
        .map(|(cat, r)| {
            let combined: Decimal = p
                .partners
                .iter()
                .map(|q| costs.get(q).map(|c| c[*cat as usize]).unwrap_or_default())
                .sum();
            (*cat, *r, combined)
        })
        .collect();
    let partner_costs = p
        .partners
        .iter()
        .map(|q| {
            (
                q.trim().to_string(),
                costs.get(q).copied().unwrap_or([Decimal::ZERO; 8]),
            )
        })
        .collect();
    Ok(Plan {
        live: Month::effective(p.live_on),
        share,
        ramp: p.ramp.clone(),
        reductions,
        partner_costs,
    })
}

/// Values the kind uses when the model file leaves them out.
pub fn defaults() -> Vec<(String, String)> {
    vec![("ramp".into(), "[1.0]".into())]
}

/// The baseline figures the plan took from the workbook.
pub fn baseline_figures(plan: &Plan) -> Vec<(String, String, String)> {
    let mut out = vec![(
        "share of the combined saving".to_string(),
        plan.share.round_dp(6).normalize().to_string(),
        "perspective and cost_share, from the partners' Libraries rows".to_string(),
    )];
    for (c, _, combined) in &plan.reductions {
        out.push((
            format!("partners' combined {} a year", c.name()),
            crate::money::pennies(*combined),
            "Libraries sheet, the partners' rows".to_string(),
        ));
    }
    out
}

/// `ramp(m)`: the ramp value for the whole 12-month periods since going
/// live; the last value carries on.
pub fn ramp_at(ramp: &[Decimal], live: Month, m: Month) -> Decimal {
    let k = (m.since(live) / 12).max(0) as usize;
    ramp.get(k.min(ramp.len().saturating_sub(1)))
        .copied()
        .unwrap_or(Decimal::ONE)
}

/// From `M(live_on)`, per reduced category `c`: `share × reductions_c ×
/// Σ_partners cost(c) × I_c / 12 × ramp(m)`, multiplied first and divided
/// last.
pub fn project(plan: &Plan, ctx: &Context, flows: &mut Flows) {
    let twelve = Decimal::from(12);
    for (cat, reduction, combined) in &plan.reductions {
        let line = flows.line(cat.name());
        let slot = flows.slot(line, Class::Cashable);
        let index = ctx.series(cat.name());
        for m in ctx.horizon.months().filter(|m| *m >= plan.live) {
            let ramp = ramp_at(&plan.ramp, plan.live, m);
            let i = index.at(m.financial_year());
            let annual = plan.share * reduction * combined * i * ramp;
            flows.add_why(slot, m, annual / twelve, || {
                Why::new(
                    format!("{}: the partners' rows of the Libraries sheet", cat.name()),
                    format!(
                        "share × reduction × partners' combined cost × {} index × ramp ÷ 12",
                        cat.name()
                    ),
                )
                .input("share", plan.share)
                .input(format!("reductions.{}", cat.name()), *reduction)
                .money("partners' combined cost", *combined)
                .input(format!("{} index {}", cat.name(), m.financial_year()), i)
                .input("ramp", ramp)
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
    fn ramp_steps_every_twelve_months_and_carries_on() {
        let live = Month::new(2012, 1);
        let ramp = [d("0.5"), d("1.0")];
        assert_eq!(ramp_at(&ramp, live, Month::new(2012, 1)), d("0.5"));
        assert_eq!(ramp_at(&ramp, live, Month::new(2012, 12)), d("0.5"));
        assert_eq!(ramp_at(&ramp, live, Month::new(2013, 1)), d("1.0"));
        assert_eq!(ramp_at(&ramp, live, Month::new(2020, 6)), d("1.0"));
    }

    fn costs() -> LibraryCosts {
        use crate::baseline::LibraryLine;
        let line = |a: &str, c: LibraryCategory, amount: &str| LibraryLine {
            authority: a.into(),
            library: "Central".into(),
            category: c,
            amount: d(amount),
            fte: None,
            row: 2,
        };
        LibraryCosts::from_lines(&[
            line("Bromley", LibraryCategory::Management, "600000"),
            line("Bromley", LibraryCategory::Ict, "300000"),
            line("Bexley", LibraryCategory::Management, "400000"),
            line("Bexley", LibraryCategory::Ict, "200000"),
            line("Bexley", LibraryCategory::Stock, "999"),
        ])
        .unwrap()
    }

    fn params(cost_share: CostShare, perspective: &str) -> Params {
        Params {
            partners: vec!["Bromley".into(), "Bexley".into()],
            perspective: perspective.into(),
            live_on: NaiveDate::from_ymd_opt(2012, 1, 1).unwrap(),
            cost_share,
            ramp: vec![Decimal::ONE],
            reductions: vec![
                (LibraryCategory::Management, d("0.30")),
                (LibraryCategory::Ict, d("0.15")),
            ],
            lines: [1, 2, 3],
        }
    }

    #[test]
    fn pro_rata_share_is_the_partners_cost_of_the_reduced_categories() {
        // Bromley spends 900,000 on management and ICT of the 1,500,000
        // both spend: a 0.6 share. Bexley's stock is not reduced.
        let plan = prepare(
            &params(CostShare::ProRata, " bromley "),
            &costs(),
            Path::new("m.toml"),
        )
        .unwrap();
        assert_eq!(plan.share, d("0.6"));
        // Combined management cost 1,000,000, reduced by 30%.
        assert_eq!(
            plan.reductions[0],
            (LibraryCategory::Management, d("0.30"), d("1000000"))
        );
        let all = prepare(
            &params(CostShare::ProRata, "all"),
            &costs(),
            Path::new("m.toml"),
        )
        .unwrap();
        assert_eq!(all.share, Decimal::ONE);
    }

    #[test]
    fn fixed_shares_must_name_every_partner_and_sum_to_one() {
        let ok = CostShare::Fixed(vec![
            ("Bromley".into(), d("0.55")),
            ("Bexley".into(), d("0.45")),
        ]);
        let plan = prepare(&params(ok, "Bexley"), &costs(), Path::new("m.toml")).unwrap();
        assert_eq!(plan.share, d("0.45"));
        let bad = CostShare::Fixed(vec![
            ("Bromley".into(), d("0.55")),
            ("Bexley".into(), d("0.5")),
        ]);
        let e = prepare(&params(bad, "Bexley"), &costs(), Path::new("m.toml")).unwrap_err();
        assert!(e[0].message.contains("sum to 1.05"), "{e:?}");
        let missing = CostShare::Fixed(vec![("Bromley".into(), d("1"))]);
        let e = prepare(&params(missing, "Bromley"), &costs(), Path::new("m.toml")).unwrap_err();
        assert!(e[0].message.contains("no share for \"Bexley\""), "{e:?}");
    }

    #[test]
    fn unknown_partner_and_perspective_are_errors() {
        let mut p = params(CostShare::ProRata, "Croydon");
        p.partners.push("Croydon".into());
        let e = prepare(&p, &costs(), Path::new("m.toml")).unwrap_err();
        assert!(
            e[0].to_string().contains("\"Croydon\" has no rows"),
            "{e:?}"
        );
        let p = params(CostShare::ProRata, "Lewisham");
        let e = prepare(&p, &costs(), Path::new("m.toml")).unwrap_err();
        assert!(
            e[0].to_string().contains("not one of the partners"),
            "{e:?}"
        );
    }
}
