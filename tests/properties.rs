//! Invariants that hold for any input, checked on generated ones: a
//! model's lines sum to the projection's class columns, the financial years
//! sum to the horizon totals (on unrounded values), savings never exceed
//! the baseline, and the flows' months sum to the yearly totals.

use chrono::NaiveDate;
use proptest::prelude::*;
use savings::baseline::{Site, SiteCategory};
use savings::calendar::{FinancialYear, Horizon};
use savings::flows::Class;
use savings::kinds::building_vacation::{self, Holding, Params, Vacate};
use savings::kinds::{self, Context, Plan, Prepared, Scenario};
use savings::model::{AppraisalSettings, Kind, Model, OneOffCost};
use savings::money::Decimal;
use savings::prices::Inflation;
use std::path::Path;

fn pennies(p: i64) -> Decimal {
    Decimal::new(p, 2)
}

fn date(months_from_2010: u32, day: u32) -> NaiveDate {
    let y = 2010 + (months_from_2010 / 12) as i32;
    let m = 1 + months_from_2010 % 12;
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[derive(Debug, Clone)]
struct Input {
    sites: Vec<(bool, [i64; 9])>,
    vacate: Vec<(u32, u32, Option<u32>, Option<i64>)>,
    holding: [Option<u32>; 9],
    relief: u32,
    start: i32,
    years: u32,
    rates: [u32; 3],
    one_off: Option<(i64, u32, u32)>,
}

fn input() -> impl Strategy<Value = Input> {
    (
        prop::collection::vec(
            (any::<bool>(), prop::array::uniform9(0i64..50_000_000)),
            1..8,
        ),
        prop::collection::vec(
            (
                0u32..60,
                1u32..29,
                prop::option::of(0u32..48),
                prop::option::of(0i64..500_000_000),
            ),
            1..6,
        ),
        prop::array::uniform9(prop::option::of(0u32..=100)),
        0u32..12,
        2010i32..2016,
        1u32..15,
        [0u32..80, 0u32..80, 0u32..80],
        prop::option::of((0i64..100_000_000, 0u32..80, 1u32..30)),
    )
        .prop_map(
            |(sites, vacate, holding, relief, start, years, rates, one_off)| Input {
                vacate: vacate.into_iter().take(sites.len()).collect(),
                sites,
                holding,
                relief,
                start,
                years,
                rates,
                one_off,
            },
        )
}

fn prepared(i: &Input) -> Prepared {
    let sites: Vec<Site> = i
        .sites
        .iter()
        .enumerate()
        .map(|(n, (listed, costs))| Site {
            id: format!("S{n}"),
            name: format!("Site {n}"),
            listed: *listed,
            floor_area_m2: None,
            costs: costs.map(pennies),
            row: n as u32 + 2,
        })
        .collect();
    let vacate = i
        .vacate
        .iter()
        .enumerate()
        .map(|(n, (on, day, dispose_after, receipt))| {
            let on_date = date(*on, *day);
            let dispose_on = dispose_after.map(|a| date(on + a, 1));
            Vacate {
                site: format!("S{n}"),
                on: on_date,
                dispose_on,
                capital_receipt: dispose_on.and(receipt.map(pennies)),
                line: 1,
            }
        })
        .collect();
    let mut holding = Holding {
        empty_rates_relief_months: i.relief,
        ..Holding::default()
    };
    for (k, h) in i.holding.iter().enumerate() {
        holding.fractions[k] = h.map(|p| Decimal::new(p as i64, 2));
    }
    let params = Params {
        vacate,
        holding,
        receiving: vec![],
    };
    let mut inflation = Inflation {
        default: Decimal::new(i.rates[0] as i64, 3),
        ..Default::default()
    };
    inflation
        .rates
        .insert("energy".into(), Decimal::new(i.rates[1] as i64, 3));
    inflation
        .rates
        .insert("business_rates".into(), Decimal::new(i.rates[2] as i64, 3));
    let model = Model {
        file: "generated.toml".into(),
        sha256: String::new(),
        name: "generated".into(),
        kind: Kind::of::<building_vacation::BuildingVacation>(),
        description: None,
        price_base: Some(FinancialYear(2011)),
        horizon: Horizon {
            start: FinancialYear(i.start),
            years: i.years,
        },
        inflation,
        appraisal: AppraisalSettings {
            optimism_bias: Decimal::new(15, 2),
            ..Default::default()
        },
        one_off_costs: i
            .one_off
            .map(|(amount, at, months)| OneOffCost {
                label: "Moves".into(),
                amount: pennies(amount),
                date: date(at, 1),
                months,
            })
            .into_iter()
            .collect(),
        scenario: Scenario::new::<building_vacation::BuildingVacation>(params.clone()),
        keys: vec![],
        warnings: Vec::new(),
        ignore_columns: Vec::new(),
        baseline_scales: Vec::new(),
        uncertainty: None,
        text: std::sync::Arc::from(""),
        sets: Vec::new(),
    };
    let plan = building_vacation::prepare(&params, &sites, Path::new("generated.toml")).unwrap();
    let context = Context::new(&model, FinancialYear(2011)).unwrap();
    Prepared {
        model,
        authority: "Generated".into(),
        context,
        plan: Plan::new::<building_vacation::BuildingVacation>(plan),
        warnings: vec![],
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn lines_sum_to_classes_and_years_to_totals(i in input()) {
        let p = prepared(&i);
        let (flows, _) = kinds::project(&p);
        let totals = flows.aggregate().unwrap();
        let a = savings::appraisal::appraise(
            &totals.years,
            &p.context.horizon,
            FinancialYear(2011),
            p.context.inflation.gdp_deflator(),
            &p.model.appraisal,
        );
        // The engine's own reconciliation, which a run treats as an error.
        savings::run::reconcile(&totals, &a).unwrap();
        // And independently: every month of every flow, summed by year and
        // class, gives the projection's columns (to far below a penny).
        let mut by_year = vec![[Decimal::ZERO; 6]; i.years as usize];
        for (m, _line, class, amount) in flows.iter() {
            by_year[m / 12][class as usize] += amount;
        }
        let tolerance = Decimal::new(1, 10);
        for (y, row) in a.rows.iter().enumerate() {
            for c in Class::ALL {
                let diff = (by_year[y][c as usize] - row.class(c)).abs();
                prop_assert!(diff < tolerance, "{} {:?}: {} vs {}", row.year, c, by_year[y][c as usize], row.class(c));
            }
        }
        let sum: Decimal = a.rows.iter().map(|r| r.net_cashable).sum();
        prop_assert_eq!(sum, a.net_cashable);
        prop_assert_eq!(a.rows.last().unwrap().cumulative_net_cashable, a.net_cashable);
    }

    #[test]
    fn savings_never_exceed_the_vacated_sites_costs(i in input()) {
        // With every holding fraction in 0..1, a year's cashable saving
        // is at most the inflated annual cost of the sites vacated.
        let p = prepared(&i);
        let (flows, _) = kinds::project(&p);
        let totals = flows.aggregate().unwrap();
        for (y, row) in totals.years.iter().enumerate() {
            let year = FinancialYear(i.start + y as i32);
            let mut ceiling = Decimal::ZERO;
            for (n, _) in i.vacate.iter().enumerate() {
                for c in SiteCategory::ALL {
                    let cost = pennies(i.sites[n].1[*c as usize]);
                    ceiling += cost * p.context.series(c.name()).at(year);
                }
            }
            let saved = row[Class::Cashable as usize];
            prop_assert!(saved >= Decimal::ZERO);
            prop_assert!(saved <= ceiling + Decimal::new(1, 10), "{year}: {saved} > {ceiling}");
        }
    }
}

// ---- Every other kind: the same reconciliation on generated inputs -------

mod other_kinds {
    use super::*;
    use savings::baseline::{
        Baseline, LibraryCategory, LibraryLine, Meta, Placement, ProviderType,
    };
    use savings::kinds::{libraries_trust, sen_invest_to_save, shared_service};

    fn model(kind: Kind, scenario: Scenario, start: i32, years: u32, rate: u32) -> Model {
        let mut inflation = Inflation {
            default: Decimal::new(rate as i64, 3),
            ..Default::default()
        };
        inflation
            .rates
            .insert("placements".into(), Decimal::new(rate as i64 + 5, 3));
        Model {
            file: "generated.toml".into(),
            sha256: String::new(),
            name: "generated".into(),
            kind,
            description: None,
            price_base: None,
            horizon: Horizon {
                start: FinancialYear(start),
                years,
            },
            inflation,
            appraisal: AppraisalSettings {
                optimism_bias: Decimal::new(24, 2),
                ..Default::default()
            },
            one_off_costs: vec![],
            scenario,
            keys: vec![],
            warnings: Vec::new(),
            ignore_columns: Vec::new(),
            baseline_scales: Vec::new(),
            uncertainty: None,
            text: std::sync::Arc::from(""),
            sets: Vec::new(),
        }
    }

    fn baseline(libraries: Vec<LibraryLine>, placements: Vec<Placement>) -> Baseline {
        Baseline {
            file: "generated.xlsx".into(),
            sha256: String::new(),
            meta: Some(Meta {
                authority: "Bromley".into(),
                price_base: FinancialYear(2011),
                units: None,
            }),
            sites: None,
            libraries: Some(libraries),
            placements: Some(placements),
            services: None,
            transactions: None,
            actuals: None,
            warnings: vec![],
            sheet_names: Vec::new(),
        }
    }

    /// The reconciliation a run enforces, plus an independent sum of every
    /// month of every flow.
    fn reconciles(m: &Model, b: &Baseline) -> Result<(), TestCaseError> {
        let p = kinds::prepare(m, b).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let (flows, _) = kinds::project(&p);
        let run = savings::run::compute(p, b).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut by_year = vec![[Decimal::ZERO; 6]; m.horizon.years as usize];
        for (month, _line, class, amount) in flows.iter() {
            by_year[month / 12][class as usize] += amount;
        }
        for (y, row) in run.appraisal.rows.iter().enumerate() {
            for c in Class::ALL {
                let diff = (by_year[y][c as usize] - row.class(c)).abs();
                prop_assert!(diff < Decimal::new(1, 10), "{} {:?}", row.year, c);
            }
        }
        let total: Decimal = run.appraisal.rows.iter().map(|r| r.net_total).sum();
        prop_assert_eq!(total, run.appraisal.net_total);
        Ok(())
    }

    fn library_lines(amounts: &[[i64; 8]]) -> Vec<LibraryLine> {
        let names = ["Bromley", "Bexley", "Croydon"];
        let mut out = Vec::new();
        for (a, row) in amounts.iter().enumerate() {
            for c in LibraryCategory::ALL {
                out.push(LibraryLine {
                    authority: names[a].into(),
                    library: "Central".into(),
                    category: *c,
                    amount: pennies(row[*c as usize]),
                    fte: None,
                    row: 2,
                });
            }
        }
        out
    }

    fn date_of(months: u32) -> NaiveDate {
        date(months, 1 + months % 28)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        #[test]
        fn shared_service(
            amounts in prop::collection::vec(prop::array::uniform8(0i64..90_000_000), 2..=3),
            reductions in prop::collection::vec((0usize..7, 0u32..=100), 1..5),
            ramp in prop::collection::vec(0u32..=100, 1..4),
            live in 0u32..60,
            perspective in 0usize..4,
            fixed in prop::option::of(0u32..=100),
            start in 2010i32..2015,
            years in 1u32..12,
            rate in 0u32..60,
        ) {
            let n = amounts.len();
            let partners: Vec<String> = ["Bromley", "Bexley", "Croydon"][..n].iter().map(|s| s.to_string()).collect();
            let perspective = if perspective >= n { "all".to_string() } else { partners[perspective].clone() };
            let mut reduced: Vec<(LibraryCategory, Decimal)> = Vec::new();
            for (c, r) in reductions {
                let cat = LibraryCategory::ALL[c];
                if !reduced.iter().any(|(k, _)| *k == cat) {
                    reduced.push((cat, Decimal::new(r as i64, 2)));
                }
            }
            let cost_share = match fixed {
                Some(f) if n == 2 => shared_service::CostShare::Fixed(vec![
                    (partners[0].clone(), Decimal::new(f as i64, 2)),
                    (partners[1].clone(), Decimal::ONE - Decimal::new(f as i64, 2)),
                ]),
                _ => shared_service::CostShare::ProRata,
            };
            let params = shared_service::Params {
                partners,
                perspective,
                live_on: date_of(live),
                cost_share,
                ramp: ramp.iter().map(|r| Decimal::new(*r as i64, 2)).collect(),
                service: None,
                reductions: reduced.into_iter().map(|(c, r)| (c.name().to_string(), r, 1)).collect(),
                lines: [1, 1, 1],
                service_line: 1,
            };
            let m = model(Kind::of::<shared_service::SharedService>(), Scenario::new::<shared_service::SharedService>(params), start, years, rate);
            reconciles(&m, &baseline(library_lines(&amounts), vec![]))?;
        }

        #[test]
        fn libraries_trust(
            amounts in prop::array::uniform8(0i64..90_000_000),
            reliefs in (0u32..=100, 0u32..=100),
            shares in prop::array::uniform4(0u32..=100),
            changes in prop::array::uniform3(0u32..40),
            client in 0i64..20_000_000,
            transfer in 0u32..72,
            start in 2010i32..2015,
            years in 1u32..20,
            rate in 0u32..60,
        ) {
            let d = |p: u32| Decimal::new(p as i64, 2);
            let mandatory = d(reliefs.0);
            let discretionary = d(reliefs.1.min(100 - reliefs.0));
            let params = libraries_trust::Params {
                authority: "bromley ".into(),
                transfer_on: date_of(transfer),
                mandatory_rates_relief: mandatory,
                discretionary_rates_relief: discretionary,
                discretionary_relief_council_share: d(shares[0]),
                staff_cost_change: d(changes[0]) - d(20),
                trust_support_ratio: d(shares[1]),
                stranded_overheads: d(shares[2]),
                income_uplift: d(changes[1]),
                management_fee_efficiency: d(changes[2]) / Decimal::TEN,
                client_side_annual: pennies(client),
                authority_line: 1,
            };
            let m = model(Kind::of::<libraries_trust::LibrariesTrust>(), Scenario::new::<libraries_trust::LibrariesTrust>(params), start, years, rate);
            reconciles(&m, &baseline(library_lines(&[amounts]), vec![]))?;
        }

        #[test]
        fn sen_invest_to_save(
            rows in prop::collection::vec((0usize..3, -1i32..=14, 0usize..6, 1i64..10_000_000, 0i64..1_500_000), 1..60),
            capacity in prop::collection::vec(0u32..80, 1..5),
            take_up in 0u32..=100,
            growth in 0u32..20,
            opens in 0u32..60,
            capital in prop::option::of((0i64..500_000_000, 0u32..60, prop::option::of((0u32..80, 1u32..30)))),
            start in 2010i32..2015,
            years in 1u32..20,
            rate in 0u32..60,
        ) {
            let needs = ["ASD", "asd ", "SLCN"];
            let placements: Vec<Placement> = rows
                .iter()
                .enumerate()
                .map(|(i, (need, ncy, provider, fee, transport))| Placement {
                    id: format!("P{i}"),
                    need: needs[*need].into(),
                    ncy: *ncy,
                    provider_type: ProviderType::ALL[*provider],
                    annual_fee: pennies(*fee),
                    annual_transport: pennies(*transport),
                    row: i as u32 + 2,
                })
                .collect();
            // Eligible: every ASD row of any year and provider, so that
            // the cohort is never empty when an ASD row exists.
            prop_assume!(rows.iter().any(|r| r.0 < 2));
            let (capital, capital_date, financing) = match capital {
                Some((k, at, fin)) => (
                    pennies(k),
                    Some(date_of(at)),
                    fin.map(|(r, y)| sen_invest_to_save::Financing { rate: Decimal::new(r as i64, 3), years: y }),
                ),
                None => (Decimal::ZERO, None, None),
            };
            let params = sen_invest_to_save::Params {
                need: vec!["asd".into()],
                ncy: (-1, 14),
                provider_types: ProviderType::ALL.to_vec(),
                opens_on: date_of(opens),
                capacity: capacity.iter().map(|c| Decimal::from(*c)).collect(),
                take_up: Decimal::new(take_up as i64, 2),
                demand_growth: Decimal::new(growth as i64, 2) - Decimal::new(5, 2),
                cost_per_place: Decimal::from(24_000),
                transport_per_place: Decimal::from(2_500),
                fixed_annual: Decimal::from(180_000),
                capital,
                capital_date,
                financing,
                need_line: 1,
            };
            let m = model(Kind::of::<sen_invest_to_save::SenInvestToSave>(), Scenario::new::<sen_invest_to_save::SenInvestToSave>(params), start, years, rate);
            reconciles(&m, &baseline(vec![], placements))?;
        }

        #[test]
        fn sen_split_is_cashable_up_to_the_budget_and_avoidance_beyond(
            n0 in 1u32..200, c0 in 1i64..10_000_000, month in 0u32..120,
            capacity in 0u32..100, take_up in 0u32..=100, growth in 0u32..30,
        ) {
            let plan = sen_invest_to_save::Plan {
                params: sen_invest_to_save::Params {
                    need: vec!["ASD".into()],
                    ncy: (7, 11),
                    provider_types: vec![ProviderType::Independent],
                    opens_on: NaiveDate::from_ymd_opt(2013, 9, 1).unwrap(),
                    capacity: vec![Decimal::from(capacity)],
                    take_up: Decimal::new(take_up as i64, 2),
                    demand_growth: Decimal::new(growth as i64, 2) - Decimal::new(10, 2),
                    cost_per_place: Decimal::from(24_000),
                    transport_per_place: Decimal::from(2_500),
                    fixed_annual: Decimal::from(180_000),
                    capital: Decimal::ZERO,
                    capital_date: None,
                    financing: None,
                    need_line: 1,
                },
                n0: Decimal::from(n0),
                c0: pennies(c0),
                opens: savings::calendar::Month::new(2013, 9),
                by_provider: vec![],
            };
            let m = savings::calendar::Month::new(2012, 4).plus(month as i32);
            let f = sen_invest_to_save::month_figures(&plan, m, Decimal::ONE, 2011);
            let saving = f.do_nothing - f.scenario;
            prop_assert_eq!(f.cashable + f.cost_avoidance, saving);
            if saving >= Decimal::ZERO {
                prop_assert!(f.cashable >= Decimal::ZERO && f.cashable <= saving);
                prop_assert!(f.cashable <= (f.budget - f.scenario).max(Decimal::ZERO));
            } else {
                prop_assert_eq!(f.cashable, saving);
            }
            prop_assert!(f.diverted <= Decimal::from(capacity));
            prop_assert!(f.diverted <= plan.params.take_up * f.demand);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(32))]

        /// A service shared by three or four partners: every perspective's
        /// run reconciles, the partners' shares add up to 1, and the
        /// partners' savings add up to the partnership's ("all"), line by
        /// line and year by year.
        #[test]
        fn shared_service_over_a_service_adds_up_across_partners(
            amounts in prop::collection::vec(prop::collection::vec(0i64..90_000_000, 4), 3..=4),
            reductions in prop::collection::vec((0usize..4, 0u32..=100), 1..4),
            ramp in prop::collection::vec(0u32..=100, 1..3),
            live in 0u32..40,
            fixed in any::<bool>(),
            years in 1u32..8,
            rate in 0u32..60,
        ) {
            use savings::baseline::ServiceLine;
            let cats = ["management", "enforcement_officers", "back_office", "income"];
            let names = ["Bromley", "Bexley", "Croydon", "Lewisham"];
            let n = amounts.len();
            let partners: Vec<String> = names[..n].iter().map(|s| s.to_string()).collect();
            let mut lines = Vec::new();
            for (a, row) in amounts.iter().enumerate() {
                for (c, amount) in row.iter().enumerate() {
                    lines.push(ServiceLine {
                        authority: names[a].into(),
                        service: "Parking".into(),
                        category: cats[c].into(),
                        amount: pennies(*amount),
                        fte: None,
                        row: 2,
                    });
                }
            }
            let mut reduced: Vec<(String, Decimal, usize)> = Vec::new();
            for (c, r) in reductions {
                // income (index 3) is never reduced.
                let cat = cats[c % 3].to_string();
                if !reduced.iter().any(|(k, _, _)| *k == cat) {
                    reduced.push((cat, Decimal::new(r as i64, 2), 1));
                }
            }
            let cost_share = if fixed {
                let each = Decimal::ONE / Decimal::from(n as i64);
                let mut shares: Vec<(String, Decimal)> =
                    partners.iter().map(|p| (p.clone(), each)).collect();
                // The last takes what is left, so the table sums to 1.
                let rest = Decimal::ONE - each * Decimal::from(n as i64 - 1);
                if let Some(last) = shares.last_mut() {
                    last.1 = rest;
                }
                shared_service::CostShare::Fixed(shares)
            } else {
                shared_service::CostShare::ProRata
            };
            let mut b = baseline(vec![], vec![]);
            b.services = Some(lines);
            let run_for = |perspective: &str| -> Result<(Model, Vec<Decimal>), TestCaseError> {
                let params = shared_service::Params {
                    partners: partners.clone(),
                    perspective: perspective.to_string(),
                    live_on: date_of(live),
                    cost_share: cost_share.clone(),
                    ramp: ramp.iter().map(|r| Decimal::new(*r as i64, 2)).collect(),
                    service: Some("parking".into()),
                    reductions: reduced.clone(),
                    lines: [1, 1, 1],
                    service_line: 1,
                };
                let mut m = model(
                    Kind::of::<shared_service::SharedService>(),
                    Scenario::new::<shared_service::SharedService>(params),
                    2012,
                    years,
                    rate,
                );
                // Open inflation keys: only the service's categories.
                m.inflation.rates.clear();
                m.inflation.rates.insert("back_office".into(), Decimal::new(rate as i64 + 3, 3));
                reconciles(&m, &b)?;
                let p = kinds::prepare(&m, &b).map_err(|e| TestCaseError::fail(e.to_string()))?;
                let plan = p.plan.get::<shared_service::SharedService>().unwrap();
                let total: Decimal = plan.partner_shares.iter().map(|(_, s)| *s).sum();
                let any_cost = plan.reductions.iter().any(|(_, _, c)| !c.is_zero());
                if any_cost || fixed {
                    prop_assert!((total - Decimal::ONE).abs() < Decimal::new(1, 20), "{total}");
                }
                let (flows, _) = kinds::project(&p);
                let mut by_year = vec![Decimal::ZERO; years as usize];
                for (month, _line, _class, amount) in flows.iter() {
                    by_year[month / 12] += amount;
                }
                Ok((m, by_year))
            };
            let (_, all) = run_for("all")?;
            let mut sum = vec![Decimal::ZERO; years as usize];
            for partner in &partners {
                let (_, mine) = run_for(partner)?;
                for (s, x) in sum.iter_mut().zip(mine) {
                    *s += x;
                }
            }
            for (y, (s, a)) in sum.iter().zip(&all).enumerate() {
                prop_assert!((*s - *a).abs() < Decimal::new(1, 8), "year {y}: {s} vs {a}");
            }
        }
    }
}
