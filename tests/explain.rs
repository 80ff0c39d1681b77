//! A trace behind every figure (issue 9, item 11): `savings explain` and
//! `run --trace` show how each figure of `lines.csv` was made, and the
//! trace adds up to it to the penny.

mod common;
use common::*;
use savings::money::{round_pennies, Decimal};
use std::collections::HashMap;
use std::str::FromStr;

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap_or_else(|_| panic!("not a decimal: {s}"))
}

#[test]
fn the_trace_of_every_line_of_every_bundled_model_sums_to_lines_csv() {
    let dir = tempfile::tempdir().unwrap();
    let traced = dir.path().join("traced");
    let plain = dir.path().join("plain");
    for (out, trace) in [(&traced, true), (&plain, false)] {
        let mut cmd = savings();
        cmd.arg("run").arg("--out").arg(out);
        if trace {
            cmd.arg("--trace");
        }
        let result = cmd.output().unwrap();
        assert!(
            result.status.success(),
            "{}",
            String::from_utf8_lossy(&result.stderr)
        );
    }
    let mut models = 0;
    let mut checked = 0;
    for entry in std::fs::read_dir(&traced).unwrap().flatten() {
        let model = entry.path();
        let name = entry.file_name();
        if !model.is_dir() {
            continue; // the output folder's lock file
        }
        // Tracing changes no figure.
        for f in ["projection.csv", "lines.csv", "summary.json"] {
            assert_eq!(
                std::fs::read(model.join(f)).unwrap(),
                std::fs::read(plain.join(&name).join(f)).unwrap(),
                "{name:?}/{f}"
            );
        }
        assert!(!plain.join(&name).join("trace.json").exists());
        let trace: serde_json::Value =
            serde_json::from_slice(&std::fs::read(model.join("trace.json")).unwrap()).unwrap();
        // (year, line, class) → (amount, sum of the terms)
        let mut traced_lines: HashMap<(String, String, String), (Decimal, Decimal)> =
            HashMap::new();
        for l in trace["lines"].as_array().unwrap() {
            let key = (
                l["financial_year"].as_str().unwrap().to_string(),
                l["line"].as_str().unwrap().to_string(),
                l["class"].as_str().unwrap().to_string(),
            );
            let terms = l["terms"].as_array().unwrap();
            assert!(!terms.is_empty(), "{key:?}");
            for t in terms {
                assert!(!t["source"].as_str().unwrap().is_empty());
                assert!(!t["formula"].as_str().unwrap().is_empty());
            }
            let sum: Decimal = terms
                .iter()
                .map(|t| dec(t["amount"].as_str().unwrap()))
                .sum();
            traced_lines.insert(key, (dec(l["amount"].as_str().unwrap()), sum));
        }
        let lines = std::fs::read_to_string(model.join("lines.csv")).unwrap();
        let mut rows = 0;
        for row in lines.lines().skip(1) {
            let cells: Vec<String> = split_csv(row);
            let key = (cells[0].clone(), cells[1].clone(), cells[2].clone());
            let want = dec(&cells[3]);
            let (amount, sum) = traced_lines
                .get(&key)
                .unwrap_or_else(|| panic!("{name:?}: {key:?} is in lines.csv but not traced"));
            assert_eq!(*amount, want, "{name:?} {key:?}");
            assert_eq!(
                round_pennies(*sum),
                want,
                "{name:?} {key:?}: the terms sum to {sum}"
            );
            rows += 1;
        }
        assert!(rows > 0, "{name:?}");
        checked += rows;
        models += 1;
    }
    assert!(models >= 8, "{models}");
    assert!(checked > 100, "{checked}");
}

/// Splits a CSV row whose text cells may be quoted.
fn split_csv(row: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = row.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => cells.push(std::mem::take(&mut cell)),
            c => cell.push(c),
        }
    }
    cells.push(cell);
    cells
}

#[test]
fn explain_shows_each_site_month_formula_and_the_reconciled_total() {
    let result = savings()
        .args([
            "explain",
            "models/building_vacation.toml",
            "--year",
            "2014/15",
            "--line",
            "energy",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&result.stdout);
    assert!(result.status.success(), "{stdout}");
    // Old Town Hall: energy £75,832 a year at 2011/12 prices; energy
    // inflation 6%, so the 2014/15 index is 1.06³ = 1.191016; vacant with a
    // holding share of 0.10, so 0.9 is saved: 75,832 × 1.191016 × 0.9 ÷ 12
    // = £6,773.7843984 a month, £81,285.4127808 over the twelve months.
    for want in [
        "OTH (Old Town Hall), Sites row 2",
        "Apr 2014–Mar 2015 (12 months): annual cost × energy index × saved share ÷ 12 \
         (vacant, holding share 0.1 goes on)",
        "with annual cost £75,832.00; energy index 2014/15 1.191016; saved share 0.9",
        "= £6,773.78 a month (≈6773.784398), £81,285.41 in all",
        "EXH (Exchequer House), Sites row 3",
        "(disposed of: every cost stops)",
        "total £224,546.26 — lines.csv shows £224,546.26 for energy, cashable, 2014/15: they agree",
    ] {
        assert!(stdout.contains(want), "expected {want:?} in:\n{stdout}");
    }
    let lines =
        std::fs::read_to_string(repo().join("tests/golden/building_vacation/lines.csv")).unwrap();
    assert!(
        lines.contains("2014/15,energy,cashable,224546.26"),
        "the golden lines.csv holds the same figure"
    );
}

/// `savings explain models/libraries_trust.toml --year YEAR --line LINE`
/// and more arguments: exit status and stderr.
fn explain_trust(year: &str, line: &str, more: &[&str]) -> (Option<i32>, String) {
    let result = savings()
        .args([
            "explain",
            "models/libraries_trust.toml",
            "--year",
            year,
            "--line",
            line,
        ])
        .args(more)
        .output()
        .unwrap();
    (
        result.status.code(),
        String::from_utf8_lossy(&result.stderr).into_owned(),
    )
}

#[test]
fn explain_names_what_there_is_when_the_line_or_year_is_wrong() {
    let (code, stderr) = explain_trust("2014/15", "income uplft", &[]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("has no line \"income uplft\"; did you mean income uplift?"),
        "{stderr}"
    );
    let (code, stderr) = explain_trust("2040/41", "income uplift", &[]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("--year 2040/41 is outside the model's horizon"),
        "{stderr}"
    );
    let (code, stderr) = explain_trust("2014/15", "income uplift", &["--class", "savings"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("--class \"savings\" is not a class"),
        "{stderr}"
    );
}
