//! Unit tests of the shared_service kind: shares, costs and messages.

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

fn costs() -> CategoryCosts {
    use crate::baseline::{LibraryCosts, LibraryLine};
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
    .map(|c| CategoryCosts::of_libraries(&c))
    .unwrap()
}

fn params(cost_share: CostShare, perspective: &str) -> Params {
    Params {
        partners: vec!["Bromley".into(), "Bexley".into()],
        perspective: perspective.into(),
        live_on: NaiveDate::from_ymd_opt(2012, 1, 1).unwrap(),
        cost_share,
        ramp: vec![Decimal::ONE],
        service: None,
        reductions: vec![
            ("management".into(), d("0.30"), 4),
            ("ict".into(), d("0.15"), 5),
        ],
        lines: [1, 2, 3],
        service_line: 1,
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
        ("management".to_string(), d("0.30"), d("1000000"))
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
fn three_partners_share_pro_rata_and_by_table() {
    use crate::baseline::ServiceLine;
    let line = |a: &str, c: &str, amount: &str| ServiceLine {
        authority: a.into(),
        service: "Regulatory Services".into(),
        category: c.into(),
        amount: d(amount),
        fte: None,
        row: 2,
    };
    let costs = CategoryCosts::of_service(
        &[
            line("Bromley", "management", "300000"),
            line("Bexley", "management", "200000"),
            line("Croydon", "management", "500000"),
            line("Croydon", "income", "90000"),
        ],
        "regulatory services",
    )
    .unwrap();
    let mut p = params(CostShare::ProRata, "Croydon");
    p.partners.push("Croydon".into());
    p.service = Some("regulatory services".into());
    p.reductions = vec![("management".into(), d("0.4"), 4)];
    let plan = prepare(&p, &costs, Path::new("m.toml")).unwrap();
    // Croydon spends 500,000 of the 1,000,000.
    assert_eq!(plan.share, d("0.5"));
    assert_eq!(plan.share_of("bexley"), d("0.2"));
    assert_eq!(plan.service.as_deref(), Some("Regulatory Services"));
    assert_eq!(
        plan.reductions,
        [("management".to_string(), d("0.4"), d("1000000"))]
    );
    let total: Decimal = plan.partner_shares.iter().map(|(_, s)| *s).sum();
    assert_eq!(total, Decimal::ONE);
    p.cost_share = CostShare::Fixed(vec![
        ("Bromley".into(), d("0.3")),
        ("Bexley".into(), d("0.3")),
        ("Croydon".into(), d("0.4")),
    ]);
    p.perspective = "all".into();
    let plan = prepare(&p, &costs, Path::new("m.toml")).unwrap();
    assert_eq!(plan.share, Decimal::ONE);
    assert_eq!(plan.share_of("Croydon"), d("0.4"));
    // Income is on the sheet, charted nowhere, never reduced.
    assert_eq!(plan.categories, ["management", "income"]);
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
