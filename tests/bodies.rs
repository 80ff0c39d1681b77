//! Who bears each flow (`bodies.csv`, `summary.json` `bodies`,
//! `[appraisal] perspective`): the authority's rows are the projection,
//! every body together is the public-sector projection, and the libraries
//! trust's rates relief shows as what it is, a cost to the business-rates
//! pool.

mod common;
use common::*;
use std::collections::BTreeMap;
use std::path::Path;

type ByYearClass = BTreeMap<(String, String), String>;

/// `bodies.csv` as (FY, body, class) → amount text.
fn bodies(dir: &Path) -> Vec<(String, String, String, String)> {
    let text = std::fs::read_to_string(dir.join("bodies.csv")).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("financial_year,body,class,amount"),
        "{text}"
    );
    lines
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            assert_eq!(f.len(), 4, "{l}");
            (f[0].into(), f[1].into(), f[2].into(), f[3].into())
        })
        .collect()
}

/// `projection.csv`'s class columns as (FY, class) → amount, zeros left
/// out.
fn projection(dir: &Path) -> ByYearClass {
    let text = std::fs::read_to_string(dir.join("projection.csv")).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let mut out = BTreeMap::new();
    for l in lines {
        let f: Vec<&str> = l.split(',').collect();
        for (i, class) in header.iter().enumerate().skip(1).take(6) {
            if f[i] != "0.00" {
                out.insert((f[0].to_string(), class.to_string()), f[i].to_string());
            }
        }
    }
    out
}

/// Pennies of an amount with two places.
fn pence(s: &str) -> i64 {
    let neg = s.starts_with('-');
    let digits: String = s.chars().filter(|c| c.is_ascii_digit()).collect();
    let v: i64 = digits.parse().unwrap();
    if neg {
        -v
    } else {
        v
    }
}

fn run(model: &Path, out: &Path) {
    let r = savings()
        .args(["run"])
        .arg(model)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
}

#[test]
fn the_authoritys_rows_are_the_projection_and_the_pool_pays_the_relief() {
    let dir = tempfile::tempdir().unwrap();
    let model = repo().join("models/libraries_trust_discretionary.toml");
    run(&model, dir.path());
    let out = dir.path().join("libraries_trust_discretionary");
    let rows = bodies(&out);
    let authority: ByYearClass = rows
        .iter()
        .filter(|r| r.1 == "Bromley")
        .map(|r| ((r.0.clone(), r.2.clone()), r.3.clone()))
        .collect();
    assert_eq!(authority, projection(&out));
    // Ordered by FY, then the authority before the other bodies.
    let order: Vec<(String, bool)> = rows
        .iter()
        .map(|r| (r.0.clone(), r.1 != "Bromley"))
        .collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted);

    // The pool pays what the council no longer does: the mandatory relief
    // and the part of the discretionary relief the council does not fund,
    // i.e. minus the two relief lines of lines.csv, year by year.
    let lines = std::fs::read_to_string(out.join("lines.csv")).unwrap();
    let mut relief: BTreeMap<String, i64> = BTreeMap::new();
    for l in lines.lines().skip(1) {
        let f: Vec<&str> = l.split(',').collect();
        if f[1] == "mandatory rates relief" || f[1] == "discretionary rates relief (net)" {
            *relief.entry(f[0].to_string()).or_default() += pence(f[3]);
        }
    }
    let pool: BTreeMap<String, i64> = rows
        .iter()
        .filter(|r| r.1 == "business rates pool")
        .map(|r| {
            assert_eq!(r.2, "cashable");
            (r.0.clone(), pence(&r.3))
        })
        .collect();
    assert!(!pool.is_empty());
    for (fy, p) in &pool {
        // Each side is rounded on its own: at most a penny apart.
        assert!(
            (p + relief[fy]).abs() <= 1,
            "{fy}: pool {p}, relief {}",
            relief[fy]
        );
    }
}

#[test]
fn the_public_sector_perspective_counts_every_body() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(repo().join("models/libraries_trust.toml")).unwrap();
    let text = if text.contains("[appraisal]") {
        text.replace(
            "[appraisal]",
            "[appraisal]\nperspective = \"public_sector\"",
        )
    } else {
        format!("{text}\n[appraisal]\nperspective = \"public_sector\"\n")
    };
    let model = dir.path().join("trust_public_sector.toml");
    std::fs::write(&model, text).unwrap();
    run(&model, &dir.path().join("out"));
    let out = dir.path().join("out/trust_public_sector");
    let mut by: BTreeMap<(String, String), i64> = BTreeMap::new();
    for r in bodies(&out) {
        *by.entry((r.0, r.2)).or_default() += pence(&r.3);
    }
    let projection = projection(&out);
    for (key, amount) in &projection {
        let sum = by.get(key).copied().unwrap_or_default();
        assert!(
            (sum - pence(amount)).abs() <= 1,
            "{key:?}: {sum} vs {amount}"
        );
    }
    // The pool's cost is in the projection: the trust saves the public
    // purse far less than it saves the council.
    let summary = std::fs::read_to_string(out.join("summary.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&summary).unwrap();
    let cashable: f64 = v["totals"]["cashable"].as_str().unwrap().parse().unwrap();
    let bromley: f64 = v["bodies"][0]["cashable"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let pool: f64 = v["bodies"][1]["cashable"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(v["bodies"][1]["body"], "business rates pool");
    assert!(
        pool < 0.0 && (cashable - (bromley + pool)).abs() < 0.011,
        "{summary}"
    );
}

#[test]
fn an_unknown_perspective_is_an_error_that_names_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(repo().join("models/libraries_trust.toml")).unwrap();
    let model = dir.path().join("m.toml");
    assert!(text.contains("[appraisal]"));
    std::fs::write(
        &model,
        text.replace("[appraisal]", "[appraisal]\nperspective = \"council\""),
    )
    .unwrap();
    let out = dir.path().join("out");
    let r = savings()
        .arg("run")
        .arg(&model)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(2));
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(
        err.contains("perspective") && err.contains("public_sector"),
        "{err}"
    );
    assert!(!out.exists());
}

#[test]
fn explain_says_whose_line_it_is_when_the_projection_does_not_count_it() {
    let out = savings()
        .args([
            "explain",
            "models/libraries_trust.toml",
            "--year",
            "2013/14",
            "--line",
            "rates relief funded by the pool",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("borne by business rates pool, not by Bromley")
            && text.contains("public_sector"),
        "{text}"
    );
}

/// `comparison.csv` as name → npv text.
fn npvs(dir: &Path) -> BTreeMap<String, f64> {
    let text = std::fs::read_to_string(dir.join("comparison/comparison.csv")).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let npv = header.iter().position(|h| *h == "npv").unwrap();
    let file = header.iter().position(|h| *h == "model").unwrap();
    lines
        .map(|l| {
            let f = split_csv(l);
            (f[file].clone(), f[npv].parse().unwrap())
        })
        .collect()
}

/// The fields of a CSV line, quotes honoured.
fn split_csv(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    for ch in line.chars() {
        match ch {
            '"' => quoted = !quoted,
            ',' if !quoted => fields.push(String::new()),
            _ => fields.last_mut().unwrap().push(ch),
        }
    }
    fields
}

#[test]
fn the_comparison_can_rank_from_the_public_sectors_side() {
    let dir = tempfile::tempdir().unwrap();
    let compare = |out: &Path, extra: &[&str]| {
        let r = savings()
            .args([
                "compare",
                "models/libraries_trust.toml",
                "models/building_vacation.toml",
            ])
            .args(extra)
            .arg("--out")
            .arg(out)
            .output()
            .unwrap();
        assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    };
    let own = dir.path().join("own");
    let public = dir.path().join("public");
    compare(&own, &[]);
    compare(&public, &["--perspective", "public_sector"]);
    let (own, public) = (npvs(&own), npvs(&public));
    let trust = |m: &BTreeMap<String, f64>| {
        *m.iter()
            .find(|(k, _)| k.contains("libraries_trust"))
            .unwrap()
            .1
    };
    let buildings = |m: &BTreeMap<String, f64>| {
        *m.iter()
            .find(|(k, _)| k.contains("building_vacation"))
            .unwrap()
            .1
    };
    // The pool's cost counts against the trust; vacating buildings has no
    // other body, so its NPV is the same either way.
    assert!(
        trust(&public) < trust(&own) - 1_000_000.0,
        "{own:?} {public:?}"
    );
    assert_eq!(buildings(&public), buildings(&own));
    let report = std::fs::read_to_string(dir.path().join("public/comparison/report.md")).unwrap();
    assert!(report.contains("public sector as a whole"), "{report}");
}

#[test]
fn a_shared_services_partners_bear_their_shares_and_together_make_the_whole() {
    let dir = tempfile::tempdir().unwrap();
    let text =
        std::fs::read_to_string(repo().join("models/regulatory_services_shared.toml")).unwrap();
    assert!(text.contains("perspective = \"Bromley\""), "{text}");
    let all = dir.path().join("all.toml");
    std::fs::write(
        &all,
        text.replace("perspective = \"Bromley\"", "perspective = \"all\""),
    )
    .unwrap();
    let out = dir.path().join("out");
    run(&repo().join("models/regulatory_services_shared.toml"), &out);
    run(&all, &out);
    let rows = bodies(&out.join("regulatory_services_shared"));
    let names: std::collections::BTreeSet<&str> = rows.iter().map(|r| r.1.as_str()).collect();
    assert_eq!(
        names,
        ["Bexley", "Bromley", "Croydon"].into_iter().collect(),
        "{rows:?}"
    );
    // Bromley's view: its cashable is the projection; Bexley's and
    // Croydon's shares are theirs. Together, year by year, they are the
    // saving seen by all three (the one-off costs are Bromley's alone).
    let mut together: BTreeMap<String, i64> = BTreeMap::new();
    for r in rows.iter().filter(|r| r.2 == "cashable") {
        *together.entry(r.0.clone()).or_default() += pence(&r.3);
    }
    let whole = projection(&out.join("all"));
    let all_rows = bodies(&out.join("all"));
    // Seen by all three, the partnership bears the one-off costs and each
    // partner its share of the saving.
    assert!(
        all_rows
            .iter()
            .all(|r| r.1 != "all" || r.2 == "one_off_cost"),
        "{all_rows:?}"
    );
    for (fy, sum) in &together {
        let want = pence(&whole[&(fy.clone(), "cashable".to_string())]);
        assert!((sum - want).abs() <= 2, "{fy}: {sum} vs {want}");
    }
}

#[test]
fn tell_us_once_names_the_benefit_to_dwp_as_dwps_worked_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    run(&repo().join("models/tell_us_once.toml"), dir.path());
    let rows = bodies(&dir.path().join("tell_us_once"));
    let dwp: BTreeMap<String, (String, String)> = rows
        .iter()
        .filter(|r| r.1 == "DWP")
        .map(|r| (r.0.clone(), (r.2.clone(), r.3.clone())))
        .collect();
    // Live 1 October 2011. Moved a year in the first twelve months:
    // 0.4 × 3,100 face to face + 0.3 × 4,650 telephone + 0.5 × 2,300 post
    // = 3,785; £6.00 each at 2011/12 prices. 2011/12 has six such months:
    // 3,785 × 6 × 6 / 12 = 11,355.00.
    assert_eq!(dwp["2011/12"], ("non_cashable".into(), "11355.00".into()));
    // 2012/13: six months at 3,785 and six at 0.6 × 3,100 + 0.5 × 4,650 +
    // 0.7 × 2,300 = 5,795, at the unit-cost index 1.025:
    // (3,785 + 5,795) / 2 × 6 × 1.025 = 29,458.50.
    assert_eq!(dwp["2012/13"], ("non_cashable".into(), "29458.50".into()));
    // DWP's benefit is not Bromley's: the projection has none of it.
    let own = projection(&dir.path().join("tell_us_once"));
    assert_eq!(
        own[&("2011/12".to_string(), "non_cashable".to_string())],
        "7117.61"
    );
}

/// The independent reference (`tools/reference.py`) gives the same
/// bodies.csv, projection.csv and lines.csv as the engine for the trusts,
/// from the authority's side and the public sector's.
#[test]
fn the_python_reference_agrees_on_who_bears_each_flow() {
    if !reference_can_run() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let text =
        std::fs::read_to_string(repo().join("models/libraries_trust_discretionary.toml")).unwrap();
    let public = dir.path().join("trust_public_sector.toml");
    std::fs::write(
        &public,
        text.replace(
            "[appraisal]",
            "[appraisal]\nperspective = \"public_sector\"",
        ),
    )
    .unwrap();
    let models = [
        repo().join("models/libraries_trust.toml"),
        repo().join("models/libraries_trust_discretionary.toml"),
        public,
    ];
    let (engine, reference) = (dir.path().join("engine"), dir.path().join("reference"));
    for model in &models {
        let ran = std::process::Command::new("python3")
            .arg(repo().join("tools/reference.py"))
            .arg("--exact")
            .arg(model)
            .arg("--baseline")
            .arg(repo().join("fixtures/bromley_2012.xlsx"))
            .arg("--out")
            .arg(&reference)
            .output()
            .unwrap();
        assert!(
            ran.status.success(),
            "{}",
            String::from_utf8_lossy(&ran.stderr)
        );
        run(model, &engine);
        let stem = model.file_stem().unwrap();
        for file in ["bodies.csv", "projection.csv", "lines.csv"] {
            let want = std::fs::read_to_string(reference.join(stem).join(file)).unwrap();
            let got = std::fs::read_to_string(engine.join(stem).join(file)).unwrap();
            assert_eq!(got, want, "{} {file}", model.display());
        }
    }
}
