//! Models with large arrays (issue 10): reading and preparing stay linear in
//! the number of entries, and a file with a hundred thousand mistakes lists
//! a bounded number of them.

use savings::baseline::{Baseline, Meta, Sheet, Site};
use savings::calendar::FinancialYear;
use savings::error::MAX_PROBLEMS;
use savings::money::Decimal;
use savings::{kinds, model, synthetic, Error};
use std::path::Path;
use std::time::{Duration, Instant};

/// A baseline of `n` sites `S00001`…, each costing £1,000 a year in every
/// category.
fn estate(n: usize) -> Baseline {
    let sites = (0..n)
        .map(|i| Site {
            id: format!("S{:05}", i + 1),
            name: format!("Site {}", i + 1),
            listed: false,
            floor_area_m2: None,
            costs: [Decimal::from(1000); 9],
            row: i as u32 + 2,
        })
        .collect();
    Baseline {
        file: "estate.xlsx".into(),
        sha256: String::new(),
        meta: Some(Meta {
            authority: "Synthetic".into(),
            price_base: FinancialYear(2011),
            units: None,
        }),
        sites: Some(sites),
        libraries: None,
        placements: None,
        services: None,
        transactions: None,
        actuals: None,
        warnings: Vec::new(),
        sheet_names: Sheet::ALL.iter().map(|s| s.title().to_string()).collect(),
    }
}

/// The quickest of three timings of reading and preparing an `n`-entry
/// model against an `n`-site estate.
fn read_and_prepare(n: usize) -> Duration {
    let text = synthetic::large_vacate_model(n, true);
    let baseline = estate(n);
    (0..3)
        .map(|_| {
            let t = Instant::now();
            let m = model::from_bytes(Path::new("large.toml"), text.as_bytes()).expect("model");
            kinds::prepare(&m, &baseline).expect("prepare");
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

#[test]
fn reading_and_preparing_are_linear_in_the_entries() {
    // 4,000 and 16,000 [[vacate]] and [[one_off_costs]] entries took 0.43
    // and 6.4 s (16×: quadratic). Linear is about 4×; allow 9×.
    let small = read_and_prepare(4_000);
    let large = read_and_prepare(16_000);
    let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-6);
    assert!(
        ratio < 9.0,
        "4,000 entries {small:?}, 16,000 entries {large:?}: {ratio:.1}× for 4× the entries"
    );
}

#[test]
fn a_hundred_thousand_mistakes_list_a_bounded_number() {
    // 100,001 one-off costs each with an amount written as text.
    let mut text = String::from(
        "name = \"x\"\nkind = \"building_vacation\"\n[horizon]\nstart = \"2012/13\"\nyears = 10\n\
         [[vacate]]\nsite = \"S00001\"\non = \"2013-01-01\"\n",
    );
    for i in 0..100_001 {
        text.push_str(&format!(
            "[[one_off_costs]]\nlabel = \"c{i}\"\namount = \"£5,000\"\ndate = \"2013-01-01\"\n"
        ));
    }
    let t = Instant::now();
    let Err(Error::Input(problems)) = model::from_bytes(Path::new("m.toml"), text.as_bytes())
    else {
        panic!("the model must be refused");
    };
    assert_eq!(problems.len(), MAX_PROBLEMS);
    assert!(problems[0]
        .to_string()
        .starts_with("m.toml:11: one_off_costs[1].amount"));
    let last = problems[MAX_PROBLEMS - 1].to_string();
    assert!(
        last.contains("… and 99952 more problems in this file, not listed"),
        "{last}"
    );
    let listed = Error::Input(problems).to_string();
    assert!(!listed.contains("not shown"), "all of it is printed");
    assert!(t.elapsed() < Duration::from_secs(30), "{:?}", t.elapsed());
}

#[test]
fn many_unknown_sites_list_a_bounded_number() {
    // Each unknown site's message searches every site for the nearest
    // name; past the bound it is not built.
    let mut text = String::from(
        "name = \"x\"\nkind = \"building_vacation\"\n[horizon]\nstart = \"2012/13\"\nyears = 10\n",
    );
    for i in 0..20_000 {
        text.push_str(&format!(
            "[[vacate]]\nsite = \"X{i}\"\non = \"2013-01-01\"\n"
        ));
    }
    let m = model::from_bytes(Path::new("m.toml"), text.as_bytes()).expect("model");
    let Err(Error::Input(problems)) = kinds::prepare(&m, &estate(2_000)) else {
        panic!("unknown sites must be refused");
    };
    assert_eq!(problems.len(), MAX_PROBLEMS);
    assert!(problems[0]
        .message
        .contains("no site has the id or name \"X0\""));
    assert!(problems[MAX_PROBLEMS - 1]
        .message
        .contains("19951 more problems"));
}

#[test]
fn a_site_vacated_twice_names_the_first_line() {
    let text = "name = \"x\"\nkind = \"building_vacation\"\n[horizon]\nstart = \"2012/13\"\n\
                years = 10\n[[vacate]]\nsite = \"S00002\"\non = \"2013-01-01\"\n\
                [[vacate]]\nsite = \"site 2\"\non = \"2013-01-01\"\n";
    let m = model::from_bytes(Path::new("m.toml"), text.as_bytes()).expect("model");
    let Err(Error::Input(problems)) = kinds::prepare(&m, &estate(3)) else {
        panic!("a site vacated twice must be refused");
    };
    assert_eq!(problems.len(), 1);
    assert_eq!(
        problems[0].to_string(),
        "m.toml:10: vacate[2].site: site S00002 (Site 2) is already vacated at line 7; list each site once"
    );
}
