//! Scenario tests written in the council's terms: each
//! `tests/scenarios/NAME.toml` is a model run on the bundled fixture, and
//! `NAME.expect.toml` lists figures worked by hand that its outputs must
//! show ("absent" where no row may appear). A finance officer can add one
//! without writing Rust.

mod common;
use common::*;
use std::collections::BTreeMap;
use std::path::Path;

fn csv(path: &Path) -> Vec<BTreeMap<String, String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    lines
        .map(|l| {
            // The fixtures' labels hold no commas, so a plain split will do.
            header
                .iter()
                .zip(l.split(','))
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

#[test]
fn scenarios_show_the_figures_worked_by_hand() {
    let dir = repo().join("tests/scenarios");
    let out = tempfile::tempdir().unwrap();
    let mut checked = 0;
    let mut models: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.to_string_lossy().ends_with(".toml") && !p.to_string_lossy().ends_with(".expect.toml")
        })
        .collect();
    models.sort();
    assert!(models.len() >= 3);
    for model in models {
        let stem = model.file_stem().unwrap().to_string_lossy().into_owned();
        savings()
            .arg("run")
            .arg(&model)
            .arg("--out")
            .arg(out.path())
            .assert()
            .success();
        let expect: toml::Table = toml::from_str(
            &std::fs::read_to_string(dir.join(format!("{stem}.expect.toml"))).unwrap(),
        )
        .unwrap();
        for e in expect["expect"].as_array().unwrap() {
            let get = |k: &str| e.get(k).and_then(|v| v.as_str()).unwrap_or("");
            let rows = csv(&out.path().join(&stem).join(get("file")));
            let found: Vec<&BTreeMap<String, String>> = rows
                .iter()
                .filter(|r| r["financial_year"] == get("financial_year"))
                .filter(|r| get("line").is_empty() || r["line"] == get("line"))
                .filter(|r| get("class").is_empty() || r["class"] == get("class"))
                .collect();
            let column = if get("column").is_empty() {
                "amount"
            } else {
                get("column")
            };
            let want = get("amount");
            if want == "absent" {
                assert!(found.is_empty(), "{stem}: {}: found {found:?}", get("what"));
            } else {
                assert_eq!(found.len(), 1, "{stem}: {}: rows {found:?}", get("what"));
                assert_eq!(found[0][column], want, "{stem}: {}", get("what"));
            }
            checked += 1;
        }
    }
    assert!(checked >= 10, "only {checked} figures checked");
}
