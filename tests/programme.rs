//! `savings programme`: the hand-worked two-workstream programme (figures
//! in tests/programme/two_workstreams.expect.toml), the programme total
//! against each workstream's own projection.csv, the charts against the
//! CSV, RAG at its edges, and every bad input refused with its place,
//! exit status 2 and nothing written.

mod common;
use common::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A CSV with quoted fields, as rows of column → value.
fn csv(path: &Path) -> Vec<BTreeMap<String, String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let parse = |line: &str| -> Vec<String> {
        let mut out = Vec::new();
        let mut cur = String::new();
        let mut quoted = false;
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, quoted) {
                ('"', true) if chars.peek() == Some(&'"') => {
                    cur.push('"');
                    chars.next();
                }
                ('"', _) => quoted = !quoted,
                (',', false) => out.push(std::mem::take(&mut cur)),
                (c, _) => cur.push(c),
            }
        }
        out.push(cur);
        out
    };
    let mut lines = text.lines();
    let header = parse(lines.next().unwrap());
    lines
        .map(|l| header.iter().cloned().zip(parse(l)).collect())
        .collect()
}

fn fixture() -> PathBuf {
    repo().join("fixtures/bromley_2012.xlsx")
}

/// The hand-worked programme copied into a folder with its actuals
/// workbook: the rows given, or the good ones.
fn hand_worked(dir: &Path, actuals: Option<Vec<Vec<Cell>>>) -> PathBuf {
    let src = repo().join("tests/programme");
    for f in [
        "two_workstreams.toml",
        "vacate_exh.toml",
        "vacate_jlh_exh.toml",
    ] {
        std::fs::copy(src.join(f), dir.join(f)).unwrap();
    }
    let header = vec![
        S("Workstream"),
        S("Financial year"),
        S("Achieved (£)"),
        S("Forecast (£)"),
        S("RAG"),
        S("Reversal"),
    ];
    let rows = actuals.unwrap_or_else(|| {
        vec![
            vec![S("A: Exchequer House"), S("2012/13"), N(182_115.59)],
            vec![
                S("A: Exchequer House"),
                S("2013/14"),
                N(40_000.0),
                N(123_063.47),
            ],
            vec![
                S("B: Joseph Lancaster Hall and Exchequer House"),
                S("2013/14"),
                N(20_000.0),
                N(183_874.92),
            ],
        ]
    });
    let mut grid = vec![header];
    grid.extend(rows);
    write_book(&dir.join("actuals.xlsx"), &[("Actuals", grid)]);
    dir.join("two_workstreams.toml")
}

fn run_programme(programme: &Path, out: &Path) {
    savings()
        .arg("programme")
        .arg(programme)
        .arg("--baseline")
        .arg(fixture())
        .arg("--out")
        .arg(out)
        .assert()
        .success();
}

#[test]
fn the_hand_worked_programme_shows_the_figures_worked_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let programme = hand_worked(dir.path(), None);
    let out = dir.path().join("out");
    run_programme(&programme, &out);
    let rows = csv(&out.join("programme/programme.csv"));
    let expect: toml::Table = toml::from_str(
        &std::fs::read_to_string(repo().join("tests/programme/two_workstreams.expect.toml"))
            .unwrap(),
    )
    .unwrap();
    let mut checked = 0;
    for e in expect["expect"].as_array().unwrap() {
        let get = |k: &str| e[k].as_str().unwrap();
        let found: Vec<_> = rows
            .iter()
            .filter(|r| r["financial_year"] == get("financial_year"))
            .filter(|r| r["workstream"] == get("workstream"))
            .collect();
        assert_eq!(found.len(), 1, "{}: rows {found:?}", get("what"));
        assert_eq!(found[0][get("column")], get("amount"), "{}", get("what"));
        checked += 1;
    }
    assert!(checked >= 20);
    // The overlap names the shared site in the summary and the report.
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("programme/summary.json")).unwrap())
            .unwrap();
    assert_eq!(summary["first_year_with_gap"], "2013/14");
    assert_eq!(summary["overlaps"][0]["total"], "146311.65");
    let rows_named = summary["overlaps"][0]["rows"][0].as_str().unwrap();
    assert!(rows_named.starts_with("Sites: EXH — "), "{rows_named}");
    let report = std::fs::read_to_string(out.join("programme/report.md")).unwrap();
    assert!(report.contains("AMBER (rule)") && report.contains("RED (rule)"));
    assert!(report.contains("green at 95% of planned or more, amber from 75%, red below"));
    // In the HTML the rating is shaded in its colour and still written.
    let html = std::fs::read_to_string(out.join("programme/report.html")).unwrap();
    assert!(html.contains("<td class=\"rag-amber\">AMBER (rule)</td>"));
    assert!(html.contains("<td class=\"rag-red\">RED (rule)</td>"));
    for f in [
        "programme.csv",
        "summary.json",
        "programme.xlsx",
        "plan.svg",
        "plan.png",
        "plan.alt.txt",
        "delivery.svg",
        "delivery.png",
        "delivery.alt.txt",
        "report.html",
        "report.md",
    ] {
        assert!(out.join("programme").join(f).is_file(), "{f}");
    }
}

/// Each counted workstream's `cashable` of a year, as `savings run`
/// writes it to its own projection.csv.
fn projection_cashable(models: &[PathBuf], out: &Path) -> BTreeMap<(String, String), String> {
    let mut cmd = savings();
    cmd.arg("run");
    for m in models {
        cmd.arg(m);
    }
    cmd.arg("--baseline").arg(fixture()).arg("--out").arg(out);
    cmd.assert().success();
    let mut by = BTreeMap::new();
    for m in models {
        let stem = m.file_stem().unwrap().to_string_lossy().into_owned();
        for r in csv(&out.join(&stem).join("projection.csv")) {
            by.insert(
                (stem.clone(), r["financial_year"].clone()),
                r["cashable"].clone(),
            );
        }
    }
    by
}

fn pennies(s: &str) -> i64 {
    let d: rust_decimal::Decimal = s.parse().unwrap();
    (d * rust_decimal::Decimal::ONE_HUNDRED).try_into().unwrap()
}

#[test]
fn the_programme_total_of_each_year_is_the_sum_of_the_workstreams_projection_cashable() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    // The bundled programme: the models its counted workstreams name.
    savings()
        .arg("programme")
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let text = std::fs::read_to_string(repo().join("programme.toml")).unwrap();
    let file: toml::Table = toml::from_str(&text).unwrap();
    let mut models = Vec::new();
    let mut names = BTreeMap::new();
    for w in file["workstream"].as_array().unwrap() {
        if w["status"].as_str() == Some("dropped") {
            continue;
        }
        let model = PathBuf::from(w["model"].as_str().unwrap());
        names.insert(
            w["name"].as_str().unwrap().to_string(),
            model.file_stem().unwrap().to_string_lossy().into_owned(),
        );
        models.push(model);
    }
    let cashable = projection_cashable(&models, &dir.path().join("runs"));
    let rows = csv(&out.join("programme/programme.csv"));
    let years: Vec<String> = file["target"].as_table().unwrap().keys().cloned().collect();
    assert_eq!(years.len(), 4);
    for y in &years {
        let mut sum = 0i64;
        for (name, stem) in &names {
            let row = rows
                .iter()
                .find(|r| &r["financial_year"] == y && &r["workstream"] == name)
                .unwrap_or_else(|| panic!("{name} {y}"));
            let own = cashable
                .get(&(stem.clone(), y.clone()))
                .map(String::as_str)
                .unwrap_or("0.00");
            assert_eq!(row["planned"], own, "{name} {y}");
            sum += pennies(own);
        }
        let total = rows
            .iter()
            .find(|r| &r["financial_year"] == y && r["level"] == "programme")
            .unwrap();
        assert_eq!(pennies(&total["planned"]), sum, "{y}");
    }
    // The dropped workstream is listed, not counted.
    assert!(!rows
        .iter()
        .any(|r| r["workstream"] == "Tell Us Once (births)"));
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("programme/summary.json")).unwrap())
            .unwrap();
    let dropped = summary["workstreams"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["name"] == "Tell Us Once (births)")
        .unwrap();
    assert_eq!(dropped["counted"], false);
    // The shared service and the trust draw on Bromley's library budget.
    assert!(summary["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w.as_str().unwrap().contains("double counting")));
}

#[test]
fn the_charts_show_the_figures_of_the_csv() {
    use savings::programme::{compute, Input, Request};
    let dir = tempfile::tempdir().unwrap();
    let programme = hand_worked(dir.path(), None);
    let out = dir.path().join("out");
    run_programme(&programme, &out);
    let p = compute(&Request {
        input: Input::File(programme),
        baseline: Some(fixture()),
        default_baseline: fixture(),
        reading: Default::default(),
        simulate: None,
    })
    .unwrap();
    let plan = savings::output::programme::plan_chart_data(&p);
    let delivery = savings::output::programme::delivery_chart_data(&p);
    let rows = csv(&out.join("programme/programme.csv"));
    let value = |y: &str, who: &str, col: &str| -> Option<f64> {
        let r = rows
            .iter()
            .find(|r| r["financial_year"] == y && r["workstream"] == who)
            .unwrap();
        (!r[col].is_empty()).then(|| r[col].parse().unwrap())
    };
    assert_eq!(plan.years, vec!["2012/13", "2013/14"]);
    for (i, y) in plan.years.iter().enumerate() {
        for (name, v) in &plan.series {
            assert_eq!(Some(v[i]), value(y, name, "planned"), "{name} {y}");
        }
        let t = "Programme total";
        assert_eq!(plan.target[i], value(y, t, "target"), "{y}");
        assert_eq!(plan.gaps[i], value(y, t, "gap"), "{y}");
        assert_eq!(Some(plan.net[i]), value(y, t, "planned_net_of_overlaps"));
        assert_eq!(Some(delivery.planned[i]), value(y, t, "planned"));
        assert_eq!(delivery.achieved[i], value(y, t, "achieved"));
        assert_eq!(delivery.expected[i], value(y, t, "forecast"));
    }
    // The alt text written beside the chart says the same, rounded.
    let alt = std::fs::read_to_string(out.join("programme/plan.alt.txt")).unwrap();
    assert!(alt.contains("2013/14: planned £409k (£263k net of double counting) against a target of £400k, a gap of £137k"), "{alt}");
}

#[test]
fn models_named_instead_of_a_programme_file_are_the_workstreams_with_no_target() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    savings()
        .arg("programme")
        .arg("tests/programme/vacate_exh.toml")
        .arg("tests/programme/vacate_jlh_exh.toml")
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let rows = csv(&out.join("programme/programme.csv"));
    let total = rows
        .iter()
        .find(|r| r["financial_year"] == "2013/14" && r["level"] == "programme")
        .unwrap();
    assert_eq!(total["planned"], "409251.19");
    assert_eq!(total["overlaps"], "146311.65");
    assert_eq!(total["target"], "");
    assert_eq!(total["rag"], "");
    // Nothing was reported, so there is no delivery chart.
    assert!(out.join("programme/plan.png").is_file());
    assert!(!out.join("programme/delivery.png").exists());
}

/// A programme that must fail: exit 2, every message given on stderr,
/// and nothing written.
fn fails(programme: &Path, messages: &[&str]) {
    let out = programme.parent().unwrap().join("out");
    let assert = savings()
        .arg("programme")
        .arg(programme)
        .arg("--baseline")
        .arg(fixture())
        .arg("--out")
        .arg(&out)
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    for m in messages {
        assert!(stderr.contains(m), "expected {m:?} in:\n{stderr}");
    }
    assert!(!out.exists(), "nothing is written");
}

/// The hand-worked programme with its text edited.
fn edited(dir: &Path, from: &str, to: &str) -> PathBuf {
    let p = hand_worked(dir, None);
    let text = std::fs::read_to_string(&p).unwrap();
    assert!(text.contains(from), "{from}");
    std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
    p
}

#[test]
fn two_workstreams_with_one_name() {
    let dir = tempfile::tempdir().unwrap();
    let p = edited(
        dir.path(),
        "B: Joseph Lancaster Hall and Exchequer House",
        "a: exchequer house",
    );
    fails(
        &p,
        &["two_workstreams.toml:19: workstream[2].name: two workstreams are called \"a: exchequer house\" (the first at line 13)"],
    );
}

#[test]
fn an_unknown_status() {
    let dir = tempfile::tempdir().unwrap();
    let p = edited(
        dir.path(),
        "status = \"approved\"",
        "status = \"signed off\"",
    );
    fails(
        &p,
        &["workstream[2].status: unknown status \"signed off\"; expected one of: proposed, approved, in_delivery, delivered, dropped"],
    );
}

#[test]
fn an_as_of_that_is_not_a_date() {
    let dir = tempfile::tempdir().unwrap();
    let p = edited(
        dir.path(),
        "as_of = \"2013-06-30\"",
        "as_of = \"end of June\"",
    );
    fails(
        &p,
        &["two_workstreams.toml:6: as_of: expected a date YYYY-MM-DD, found \"end of June\""],
    );
    let dir = tempfile::tempdir().unwrap();
    let p = edited(
        dir.path(),
        "as_of = \"2013-06-30\"",
        "as_of = \"2013-02-30\"",
    );
    fails(&p, &["two_workstreams.toml:6: as_of: "]);
}

#[test]
fn a_model_that_fails_gives_its_own_messages_prefixed_by_the_workstream() {
    let dir = tempfile::tempdir().unwrap();
    let p = hand_worked(dir.path(), None);
    let model = dir.path().join("vacate_exh.toml");
    let text = std::fs::read_to_string(&model).unwrap();
    std::fs::write(
        &model,
        text.replace("site = \"EXH\"", "site = \"Exchequer Hse\""),
    )
    .unwrap();
    fails(
        &p,
        &["vacate_exh.toml:11: vacate[1].site: workstream \"A: Exchequer House\": "],
    );
}

#[test]
fn a_model_file_that_is_missing_is_named_with_its_workstream() {
    let dir = tempfile::tempdir().unwrap();
    let p = edited(
        dir.path(),
        "model = \"vacate_exh.toml\"",
        "model = \"no_such.toml\"",
    );
    fails(
        &p,
        &["no_such.toml: workstream \"A: Exchequer House\": cannot read the model file"],
    );
}

#[test]
fn actuals_for_a_future_year() {
    let dir = tempfile::tempdir().unwrap();
    let p = hand_worked(
        dir.path(),
        Some(vec![vec![S("A: Exchequer House"), S("2014/15"), N(1000.0)]]),
    );
    fails(
        &p,
        &["actuals.xlsx: Actuals!B2: 2014/15 is a future year: the programme's as_of date falls in 2013/14"],
    );
}

#[test]
fn a_negative_achieved_that_is_not_a_reversal() {
    let dir = tempfile::tempdir().unwrap();
    let p = hand_worked(
        dir.path(),
        Some(vec![vec![S("A: Exchequer House"), S("2012/13"), N(-500.0)]]),
    );
    fails(
        &p,
        &["actuals.xlsx: Actuals!C2: achieved must be a number ≥ 0, found -500; a saving reported earlier and taken back is a row of its own with a negative achieved and reversal = yes"],
    );
}

#[test]
fn a_reversal_takes_the_saving_back() {
    let dir = tempfile::tempdir().unwrap();
    let p = hand_worked(
        dir.path(),
        Some(vec![
            vec![S("A: Exchequer House"), S("2012/13"), N(190_000.0)],
            vec![
                S("A: Exchequer House"),
                S("2012/13"),
                N(-10_000.0),
                Blank,
                Blank,
                S("yes"),
            ],
        ]),
    );
    let out = dir.path().join("out");
    run_programme(&p, &out);
    let rows = csv(&out.join("programme/programme.csv"));
    let a = rows
        .iter()
        .find(|r| r["financial_year"] == "2012/13" && r["workstream"] == "A: Exchequer House")
        .unwrap();
    assert_eq!(a["achieved"], "180000.00");
    // 180,000 is 93.9% of 191,700.62: amber.
    assert_eq!(a["rag"], "amber");
}

#[test]
fn actuals_for_a_workstream_the_programme_does_not_have() {
    let dir = tempfile::tempdir().unwrap();
    let p = hand_worked(
        dir.path(),
        Some(vec![vec![S("A: Exchequer Hse"), S("2012/13"), N(1000.0)]]),
    );
    fails(
        &p,
        &["actuals.xlsx: Actuals!A2: workstream \"A: Exchequer Hse\" is not a workstream of the programme; did you mean A: Exchequer House?; the workstreams are: A: Exchequer House; B: Joseph Lancaster Hall and Exchequer House"],
    );
}

#[test]
fn an_owner_rating_wins_and_a_bad_one_names_its_cell() {
    let dir = tempfile::tempdir().unwrap();
    let p = hand_worked(
        dir.path(),
        Some(vec![vec![
            S("A: Exchequer House"),
            S("2012/13"),
            N(100.0),
            Blank,
            S("purple"),
        ]]),
    );
    fails(
        &p,
        &["actuals.xlsx: Actuals!E2: rag must be one of red, amber, green, found text \"purple\""],
    );
    let dir = tempfile::tempdir().unwrap();
    let p = hand_worked(
        dir.path(),
        Some(vec![vec![
            S("A: Exchequer House"),
            S("2012/13"),
            N(100.0),
            Blank,
            S("Green"),
        ]]),
    );
    let out = dir.path().join("out");
    run_programme(&p, &out);
    let rows = csv(&out.join("programme/programme.csv"));
    let a = rows
        .iter()
        .find(|r| r["financial_year"] == "2012/13" && r["workstream"] == "A: Exchequer House")
        .unwrap();
    assert_eq!(
        (a["rag"].as_str(), a["rag_source"].as_str()),
        ("green", "owner")
    );
}

#[test]
fn a_target_year_outside_every_horizon_is_a_warning_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let p = edited(
        dir.path(),
        "\"2013/14\" = 400_000",
        "\"2013/14\" = 400_000\n\"2016/17\" = 10_000",
    );
    let out = dir.path().join("out");
    let assert = savings()
        .arg("programme")
        .arg(&p)
        .arg("--baseline")
        .arg(fixture())
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        stderr.contains("warning: the target year 2016/17 is outside every workstream's horizon"),
        "{stderr}"
    );
}

#[test]
fn the_bundled_programme_is_not_a_model_of_the_default_run() {
    let models = savings::run::default_models(&repo().join("models")).unwrap();
    assert!(models.iter().all(|m| !m.ends_with("programme.toml")));
    assert!(repo().join("programme.toml").is_file());
}

#[test]
fn baseline_on_the_command_line_wins_over_the_programme_files() {
    let dir = tempfile::tempdir().unwrap();
    let p = edited(
        dir.path(),
        "actuals = \"actuals.xlsx\"",
        "actuals = \"actuals.xlsx\"\nbaseline = \"nowhere.xlsx\"",
    );
    // Without --baseline, the file's workbook is read (and is missing).
    let out = dir.path().join("out");
    let assert = savings()
        .arg("programme")
        .arg(&p)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("nowhere.xlsx"), "{stderr}");
    assert!(!out.exists());
    run_programme(&p, &out);
    assert!(out.join("programme/programme.csv").is_file());
}

#[test]
fn programme_xlsx_holds_the_report_tables_with_the_rag_words_shaded() {
    use calamine::{open_workbook_auto, Reader};
    use std::io::Read;
    let dir = tempfile::tempdir().unwrap();
    let programme = hand_worked(dir.path(), None);
    let out = dir.path().join("out");
    run_programme(&programme, &out);
    let book = out.join("programme/programme.xlsx");
    let mut wb = open_workbook_auto(&book).unwrap();
    assert_eq!(
        wb.sheet_names(),
        vec![
            "By year",
            "RAG",
            "Planned by workstream",
            "Double counting",
            "Investment",
            "Payback and NPV"
        ]
    );
    let rag = wb.worksheet_range("RAG").unwrap();
    let words: Vec<String> = rag.rows().skip(1).map(|r| r[7].to_string()).collect();
    assert_eq!(words, vec!["AMBER (rule)", "RED (rule)"]);
    // The shading is a conditional format on the RAG column: colour and word.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&book).unwrap()).unwrap();
    let mut xml = String::new();
    zip.by_name("xl/worksheets/sheet2.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    for word in ["RED", "AMBER", "GREEN"] {
        assert!(xml.contains(&format!("text=\"{word}\"")), "{word}");
    }
}
