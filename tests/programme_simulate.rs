//! `savings programme --simulate` (issue 13, item 5): every workstream's
//! uncertainty together, with correlations between workstreams; the
//! chance of meeting each year's target; RAG from the chance of
//! delivering the plan where nothing is reported.

mod common;
use common::*;
use std::path::{Path, PathBuf};

fn ok(o: &std::process::Output) -> String {
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(o.status.success(), "stderr:\n{stderr}");
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn csv(path: &Path) -> Vec<Vec<String>> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}

#[test]
fn the_bundled_programme_simulates_with_probabilities_and_ratings() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let stdout = ok(&savings()
        .args(["programme", "--simulate", "--iterations", "200", "--out"])
        .arg(&out)
        .output()
        .unwrap());
    assert!(stdout.contains("P(target met)"), "{stdout}");
    let d = out.join("programme");
    for f in [
        "programme_simulation.csv",
        "programme_fan.svg",
        "programme_fan.png",
        "programme_tornado.svg",
    ] {
        assert!(d.join(f).exists(), "{f}");
    }
    let rows = csv(&d.join("programme_simulation.csv"));
    assert_eq!(rows[0][0], "financial_year");
    assert_eq!(rows.len(), 5, "four target years");
    let col = |name: &str| rows[0].iter().position(|c| c == name).unwrap();
    for r in &rows[1..] {
        let p: f64 = r[col("p_target_met")].parse().unwrap();
        assert!((0.0..=1.0).contains(&p), "{r:?}");
        let (p10, p50, p90): (f64, f64, f64) = (
            r[col("p10")].parse().unwrap(),
            r[col("p50")].parse().unwrap(),
            r[col("p90")].parse().unwrap(),
        );
        assert!(p10 <= p50 && p50 <= p90, "{r:?}");
    }
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["simulation"]["iterations"], 200);
    assert!(summary["simulation"]["p_every_target_met"].is_string());
    // Future years with nothing reported are rated from the chance.
    let programme = std::fs::read_to_string(d.join("programme.csv")).unwrap();
    assert!(programme.contains(",simulation,"), "{programme}");
    let report = std::fs::read_to_string(d.join("report.md")).unwrap();
    assert!(report.contains("## Uncertainty"), "{report}");
    assert!(report.contains("chance of meeting"), "{report}");
}

/// A copy of a bundled model with its [uncertainty] table replaced.
fn model_with(dir: &Path, name: &str, table: &str) -> PathBuf {
    let text = std::fs::read_to_string(repo().join("models").join(name)).unwrap();
    let at = text.find("\n[uncertainty]").unwrap();
    let p = dir.join(name);
    std::fs::write(&p, format!("{}\n{table}", &text[..at])).unwrap();
    p
}

fn programme(dir: &Path, extra: &str) -> PathBuf {
    // The fixture's Actuals are the bundled programme's: these workstreams
    // have none reported yet.
    write_book(
        &dir.join("actuals.xlsx"),
        &[(
            "Actuals",
            vec![vec![
                S("Workstream"),
                S("Financial year"),
                S("Achieved (£)"),
            ]],
        )],
    );
    let p = dir.join("programme.toml");
    std::fs::write(
        &p,
        format!(
            "name = \"Two options\"\nas_of = \"2012-12-31\"\nbaseline = \"{}\"\nactuals = \"actuals.xlsx\"\n\
             [target]\n\"2012/13\" = 100_000\n\"2013/14\" = 300_000\n\
             [[workstream]]\nname = \"Autism unit: secondary\"\nmodel = \"autism_invest_to_save.toml\"\nstatus = \"approved\"\n\
             [[workstream]]\nname = \"Tell Us Once\"\nmodel = \"tell_us_once.toml\"\nstatus = \"in_delivery\"\n{extra}",
            repo().join("fixtures/bromley_2012.xlsx").display()
        ),
    )
    .unwrap();
    p
}

#[test]
fn degenerate_distributions_give_the_planned_total_in_every_year() {
    let dir = tempfile::tempdir().unwrap();
    model_with(
        dir.path(),
        "autism_invest_to_save.toml",
        "[uncertainty]\ntake_up = { discrete = [[0.8, 1]] }\n",
    );
    model_with(
        dir.path(),
        "tell_us_once.toml",
        "[uncertainty]\ncashable_share = { discrete = [[0.5, 1]] }\n",
    );
    let file = programme(dir.path(), "");
    let out = dir.path().join("out");
    ok(&savings()
        .arg("programme")
        .arg(&file)
        .args(["--simulate", "--iterations", "20", "--out"])
        .arg(&out)
        .output()
        .unwrap());
    let rows = csv(&out.join("programme/programme_simulation.csv"));
    let col = |name: &str| rows[0].iter().position(|c| c == name).unwrap();
    for r in &rows[1..] {
        let planned: f64 = r[col("planned_net_of_overlaps")].parse().unwrap();
        for q in ["mean", "p5", "p10", "p50", "p90", "p95"] {
            let v: f64 = r[col(q)].parse().unwrap();
            assert!(
                (v - planned).abs() <= 0.01,
                "{} {q}: {v} against {planned}",
                r[0]
            );
        }
        // The chance of meeting the target is all or nothing.
        let target: f64 = r[col("target")].parse().unwrap_or(f64::NAN);
        if target.is_finite() {
            let expect = if planned >= target {
                "1.0000"
            } else {
                "0.0000"
            };
            assert_eq!(r[col("p_target_met")], expect, "{r:?}");
        }
    }
}

#[test]
fn correlations_between_workstreams_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    model_with(
        dir.path(),
        "autism_invest_to_save.toml",
        "[uncertainty]\ntake_up = { uniform = [0.6, 0.9] }\n",
    );
    model_with(
        dir.path(),
        "tell_us_once.toml",
        "[uncertainty]\ncashable_share = { uniform = [0.3, 0.7] }\n",
    );
    let refused = |extra: &str, expected: &[&str]| {
        let file = programme(dir.path(), extra);
        let out = dir.path().join("refused");
        let o = savings()
            .arg("programme")
            .arg(&file)
            .args(["--simulate", "--iterations", "20", "--out"])
            .arg(&out)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{stderr}");
        for e in expected {
            assert!(stderr.contains(e), "expected {e:?} in\n{stderr}");
        }
        assert!(!out.exists());
    };
    refused(
        "[[correlation]]\nbetween = [\"Autism: take_up\", \"Tell Us Once:cashable_share\"]\nrho = 0.5\n",
        &["programme.toml:", "correlation.between", "workstreams are"],
    );
    refused(
        "[[correlation]]\nbetween = [\"Autism unit: secondary:demand_growth\", \"Tell Us Once:cashable_share\"]\nrho = 0.5\n",
        &["no uncertain parameter demand_growth", "take_up"],
    );
    refused(
        "[[correlation]]\nbetween = [\"Autism unit: secondary:take_up\", \"Tell Us Once:cashable_share\"]\nrho = 2\n",
        &["rho", "from -1 to 1"],
    );
    // A workstream name with a colon, and a good pair: runs.
    let file = programme(
        dir.path(),
        "[[correlation]]\nbetween = [\"Autism unit: secondary:take_up\", \"Tell Us Once:cashable_share\"]\nrho = 0.5\n",
    );
    ok(&savings()
        .arg("programme")
        .arg(&file)
        .args(["--simulate", "--iterations", "20", "--out"])
        .arg(dir.path().join("good"))
        .output()
        .unwrap());
}

#[test]
fn iterations_without_simulate_are_refused() {
    let o = savings()
        .args(["programme", "--iterations", "20"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
}
