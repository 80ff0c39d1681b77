//! `docs/methodology.md` describes every model kind the engine knows, and
//! no kind it does not, and its worked examples still give the figures it
//! quotes (issue 11, item 6).
//!
//! Under its heading `## 7. The model kinds`, each kind has a heading
//! `### \`name\`: …`. A heading that says `placeholder` holds the place of
//! a kind being added: it may name a kind the engine does not know yet,
//! but once the engine knows the kind its section must be written.

mod common;

use savings::model::Kind;
use std::collections::BTreeSet;
use std::path::Path;

const DOC: &str = include_str!("../docs/methodology.md");

/// A kind's section heading: its name, and whether it is a placeholder.
#[derive(Debug)]
struct KindHeading {
    name: String,
    placeholder: bool,
}

/// The `### \`name\`` headings of the section on model kinds.
fn kind_headings(doc: &str) -> Vec<KindHeading> {
    let mut in_kinds = false;
    let mut out = Vec::new();
    for line in doc.lines() {
        if let Some(title) = line.strip_prefix("## ") {
            in_kinds = title.to_lowercase().contains("model kinds");
            continue;
        }
        if !in_kinds {
            continue;
        }
        let Some(title) = line.strip_prefix("### ") else {
            continue;
        };
        let Some(rest) = title.trim().strip_prefix('`') else {
            continue;
        };
        if let Some((name, _)) = rest.split_once('`') {
            out.push(KindHeading {
                name: name.to_string(),
                placeholder: title.to_lowercase().contains("placeholder"),
            });
        }
    }
    out
}

#[test]
fn the_methodology_has_a_section_for_each_kind_the_engine_knows_and_no_other() {
    let headings = kind_headings(DOC);
    assert!(
        !headings.is_empty(),
        "docs/methodology.md has no \"## … model kinds\" section with \"### `kind`\" headings"
    );
    let known: BTreeSet<&str> = Kind::all().iter().map(|k| k.name()).collect();

    let mut seen = BTreeSet::new();
    for h in &headings {
        assert!(
            seen.insert(h.name.as_str()),
            "docs/methodology.md has two sections for the kind `{}`",
            h.name
        );
        if known.contains(h.name.as_str()) {
            assert!(
                !h.placeholder,
                "the engine knows the kind `{}` but docs/methodology.md only holds a \
                 placeholder for it: write its section (its formulas and a worked example)",
                h.name
            );
        } else {
            assert!(
                h.placeholder,
                "docs/methodology.md describes a kind `{}` that the engine does not know \
                 (it knows: {})",
                h.name,
                known.iter().copied().collect::<Vec<_>>().join(", ")
            );
        }
    }
    for name in &known {
        assert!(
            seen.contains(name),
            "docs/methodology.md has no section \"### `{name}`\" under \"## 7. The model kinds\""
        );
    }
}

#[test]
fn kind_headings_are_found_only_in_the_section_on_kinds() {
    let doc = "## 1. Time\n### `elsewhere`: not a kind\n\
               ## 7. The model kinds\n### `a`: one\ntext\n### `b`: placeholder\n\
               ## 8. Reading\n### `c`: not a kind either\n";
    let found: Vec<(String, bool)> = kind_headings(doc)
        .into_iter()
        .map(|h| (h.name, h.placeholder))
        .collect();
    assert_eq!(found, [("a".to_string(), false), ("b".to_string(), true)]);
}

/// The figures the worked examples quote, as the files of a run write them:
/// (model folder, file, text that must appear in it).
const QUOTED: &[(&str, &str, &str)] = &[
    // 5. Appraisal: the building vacation example's projection and measures.
    ("building_vacation", "projection.csv", "2013/14,33453.00,0.00,0.00,-66000.00,0.00,0.00,-32547.00,-32547.00,-32547.00,-31908.82,1.000000,-31908.82"),
    ("building_vacation", "projection.csv", "2014/15,31593.78,0.00,0.00,0.00,0.00,0.00,31593.78,-953.22,31593.78,30366.96,0.966184,29340.05"),
    ("building_vacation", "projection.csv", "2015/16,67260.31,0.00,0.00,0.00,0.00,400000.00,67260.31,66307.09,467260.31,440309.83,0.933511,411033.93"),
    ("building_vacation", "summary.json", "\"npv\": \"408465.16\""),
    ("building_vacation", "summary.json", "\"bcr\": \"7.3126\""),
    ("building_vacation", "summary.json", "\"payback_years\": 3,"),
    ("building_vacation", "summary.json", "\"payback_year\": \"2015/16\""),
    ("building_vacation", "summary.json", "\"full_year_effect\": \"63380.89\""),
    // 6 and 7.1: one-off cost and the vacated sites' lines.
    ("building_vacation", "lines.csv", "2013/14,Moves,one_off_cost,-66000.00"),
    ("building_vacation", "lines.csv", "2013/14,energy,cashable,14175.00"),
    ("building_vacation", "lines.csv", "2013/14,business_rates,cashable,18360.00"),
    ("building_vacation", "lines.csv", "2013/14,repairs_maintenance,cashable,2754.00"),
    ("building_vacation", "lines.csv", "2013/14,cleaning,cashable,2754.00"),
    ("building_vacation", "lines.csv", "2013/14,Town Hall extra running costs,cashable,-4590.00"),
    ("building_vacation", "lines.csv", "2015/16,security,cashable,6367.25"),
    ("building_vacation", "lines.csv", "2015/16,capital receipt: Annexe,capital_receipt,400000.00"),
    // 7.2 shared service.
    ("shared_service", "lines.csv", "2013/14,management,cashable,9180.00"),
    ("shared_service", "lines.csv", "2014/15,management,cashable,28090.80"),
    ("shared_service", "lines.csv", "2013/14,ict,cashable,306.00"),
    // 7.3 libraries trust.
    ("libraries_trust", "lines.csv", "2013/14,mandatory rates relief,cashable,28800.00"),
    ("libraries_trust", "lines.csv", "2013/14,discretionary rates relief (net),cashable,2700.00"),
    ("libraries_trust", "lines.csv", "2013/14,staff terms,cashable,10800.00"),
    ("libraries_trust", "lines.csv", "2013/14,support services,cashable,-4800.00"),
    ("libraries_trust", "lines.csv", "2013/14,income uplift,cashable,1500.00"),
    ("libraries_trust", "lines.csv", "2013/14,client-side team,cashable,-24000.00"),
    ("libraries_trust", "projection.csv", "2013/14,15000.00,"),
    ("libraries_trust", "lines.csv", "2014/15,management fee efficiency,cashable,4461.00"),
    ("libraries_trust", "bodies.csv", "2013/14,business rates pool,cashable,-31500.00"),
    ("libraries_trust", "lines.csv", "2015/16,management fee efficiency,cashable,8877.39"),
    // 7.4 SEN invest to save, paid up front and financed.
    ("sen_invest_to_save", "lines.csv", "2013/14,placements diverted,cashable,8750.00"),
    ("sen_invest_to_save", "lines.csv", "2013/14,placements diverted,cost_avoidance,14583.33"),
    ("sen_invest_to_save", "lines.csv", "2013/14,capital,one_off_cost,-100000.00"),
    ("sen_invest_to_save", "lines.csv", "2014/15,placements diverted,cashable,6308.33"),
    ("sen_invest_to_save", "lines.csv", "2014/15,placements diverted,cost_avoidance,41041.67"),
    ("sen_invest_to_save", "lines.csv", "2015/16,placements diverted,cashable,41.67"),
    ("sen_invest_to_save", "summary.json", "\"npv\": \"22138.21\""),
    ("sen_invest_to_save", "summary.json", "\"payback_years\": null"),
    ("sen_invest_to_save_financed", "lines.csv", "2013/14,capital financing,financing_cost,-10792.05"),
    ("sen_invest_to_save_financed", "lines.csv", "2014/15,capital financing,financing_cost,-12950.46"),
    ("sen_invest_to_save_financed", "summary.json", "86 of its 120 months fall outside the horizon"),
    // 7.5 channel shift.
    ("channel_shift", "lines.csv", "2013/14,face_to_face to online,cashable,7229.25"),
    ("channel_shift", "lines.csv", "2013/14,face_to_face to online,non_cashable,4819.50"),
    ("channel_shift", "lines.csv", "2013/14,telephone to online,cashable,4354.56"),
    ("channel_shift", "lines.csv", "2013/14,telephone to online,non_cashable,2903.04"),
    ("channel_shift", "lines.csv", "2014/15,face_to_face to online,cashable,23227.58"),
    ("channel_shift", "lines.csv", "2014/15,face_to_face to online,non_cashable,15485.05"),
    ("channel_shift", "lines.csv", "2014/15,telephone to online,cashable,9327.47"),
    ("channel_shift", "lines.csv", "2014/15,telephone to online,non_cashable,6218.31"),
    ("channel_shift", "assumptions.csv", "unit cost telephone,3.3235294118,"),
    ("channel_shift", "assumptions.csv", "rebased from 2013/14 to 2012/13 prices with inflation.gdp_deflator 0.02"),
    // 9. The assumptions log.
    ("sen_invest_to_save", "assumptions.csv", "take_up,50%,0.5,docs/examples/sen_invest_to_save.toml:12"),
    ("sen_invest_to_save", "assumptions.csv", "inflation.default,0%,0,default"),
    ("sen_invest_to_save", "assumptions.csv", "eligible placements N0,4,4,"),
    ("sen_invest_to_save", "assumptions.csv", "\"62,500.00\",62500.00,"),
];

#[test]
fn the_worked_examples_give_the_figures_the_methodology_quotes() {
    let out = tempfile::tempdir().unwrap();
    let examples = Path::new("docs/examples");
    let mut cmd = common::savings();
    cmd.arg("run");
    for model in [
        "building_vacation",
        "shared_service",
        "libraries_trust",
        "sen_invest_to_save",
        "sen_invest_to_save_financed",
        "channel_shift",
    ] {
        cmd.arg(examples.join(format!("{model}.toml")));
    }
    cmd.arg("--baseline")
        .arg(examples.join("example.xlsx"))
        .arg("--out")
        .arg(out.path())
        .assert()
        .success();
    for (model, file, text) in QUOTED {
        let path = out.path().join(model).join(file);
        let written = std::fs::read_to_string(&path).unwrap();
        assert!(
            written.contains(text),
            "docs/methodology.md quotes `{text}` from {model}/{file}, but the run wrote:\n{written}"
        );
    }
}

#[test]
fn the_shared_parking_example_gives_the_figures_the_methodology_quotes() {
    // 7, shared_service over the Services sheet: three partners, pro rata
    // and with a fixed table.
    let dir = tempfile::tempdir().unwrap();
    let repo = common::repo();
    let examples = repo.join("docs/examples/services");
    let model = examples.join("shared_service_parking.toml");
    let text = std::fs::read_to_string(&model).unwrap();
    assert!(text.contains("cost_share = \"pro_rata\"\n"));
    let fixed = dir.path().join("fixed.toml");
    std::fs::write(
        &fixed,
        text.replace(
            "cost_share = \"pro_rata\"\n",
            "cost_share = { Exampleshire = 0.5, Neighbourton = 0.3, Thirdford = 0.2 }\n",
        ),
    )
    .unwrap();
    let out = dir.path().join("out");
    common::savings()
        .arg("run")
        .arg(&model)
        .arg(&fixed)
        .arg("--baseline")
        .arg(examples.join("services.xlsx"))
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let lines = std::fs::read_to_string(out.join("shared_service_parking/lines.csv")).unwrap();
    for text in [
        "2013/14,management,cashable,6375.00",
        "2014/15,management,cashable,19507.50",
        "2013/14,back_office,cashable,2343.75",
        "2015/16,back_office,cashable,9375.00",
    ] {
        assert!(lines.contains(text), "expected {text} in:\n{lines}");
    }
    let assumptions =
        std::fs::read_to_string(out.join("shared_service_parking/assumptions.csv")).unwrap();
    assert!(
        assumptions.contains("share of the combined saving,31.25%,0.3125,"),
        "{assumptions}"
    );
    let fixed = std::fs::read_to_string(out.join("fixed/lines.csv")).unwrap();
    assert!(
        fixed.contains("2015/16,back_office,cashable,9000.00"),
        "{fixed}"
    );
}

#[test]
fn the_building_example_without_capital_receipts_gives_the_quoted_npv_and_bcr() {
    // Section 5: the same model with include_capital_receipts = false.
    let dir = tempfile::tempdir().unwrap();
    let repo = common::repo();
    let text = std::fs::read_to_string(repo.join("docs/examples/building_vacation.toml")).unwrap();
    assert!(text.contains("optimism_bias = 0.10\n"));
    let text = text.replace(
        "optimism_bias = 0.10\n",
        "optimism_bias = 0.10\ninclude_capital_receipts = false\n",
    );
    let model = dir.path().join("no_receipts.toml");
    std::fs::write(&model, text).unwrap();
    let out = dir.path().join("out");
    common::savings()
        .arg("run")
        .arg(&model)
        .arg("--baseline")
        .arg(repo.join("docs/examples/example.xlsx"))
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let summary = std::fs::read_to_string(out.join("no_receipts/summary.json")).unwrap();
    for text in [
        "\"npv\": \"56597.97\"",
        "\"bcr\": \"1.8747\"",
        "\"payback_years\": 3,",
    ] {
        assert!(summary.contains(text), "expected {text} in:\n{summary}");
    }
    let projection = std::fs::read_to_string(out.join("no_receipts/projection.csv")).unwrap();
    assert!(projection
        .contains("2015/16,67260.31,0.00,0.00,0.00,0.00,400000.00,67260.31,66307.09,67260.31,"));
}
