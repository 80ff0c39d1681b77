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
        kind: Kind::BuildingVacation,
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
        scenario: Scenario::BuildingVacation(Box::new(params.clone())),
    };
    let plan = building_vacation::prepare(&params, &sites, Path::new("generated.toml")).unwrap();
    let context = Context::new(&model, FinancialYear(2011)).unwrap();
    Prepared {
        model,
        authority: "Generated".into(),
        context,
        plan: Plan::BuildingVacation(plan),
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
