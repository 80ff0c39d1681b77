//! `savings simulate` (issue 12): bad `[uncertainty]` tables are refused
//! with the file, line and key and nothing written; a degenerate
//! distribution reproduces the deterministic run; a linear parameter's P50
//! is the engine's figure at its median; the tornado and switching values
//! agree with the exact engine; the files do not depend on the number of
//! threads.

mod common;
use common::*;
use std::path::{Path, PathBuf};

const FIXTURE: &str = "fixtures/bromley_2012.xlsx";

/// The autism model with its `[uncertainty]` table replaced by `table`.
fn autism_with(table: &str) -> String {
    let text = std::fs::read_to_string(repo().join("models/autism_invest_to_save.toml")).unwrap();
    let at = text
        .find("\n[uncertainty]")
        .expect("the seed model has a table");
    format!("{}\n{table}", &text[..at])
}

/// Writes `text` as `dir/name.toml`.
fn write_model(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(format!("{name}.toml"));
    std::fs::write(&p, text).unwrap();
    p
}

fn simulate(model: &Path, out: &Path, args: &[&str]) -> std::process::Output {
    let mut c = savings();
    c.arg("simulate")
        .arg(model)
        .arg("--baseline")
        .arg(FIXTURE)
        .arg("--out")
        .arg(out);
    c.args(args);
    c.output().unwrap()
}

fn ok(o: &std::process::Output) {
    assert!(
        o.status.success(),
        "stderr:\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// A bad table: exit 2, every expected text on stderr, nothing written.
fn refused(table: &str, args: &[&str], expected: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let model = write_model(dir.path(), "bad", &autism_with(table));
    let out = dir.path().join("out");
    let o = simulate(&model, &out, args);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{table}\nstderr:\n{stderr}");
    for e in expected {
        assert!(
            stderr.contains(e),
            "expected {e:?} for\n{table}\nstderr:\n{stderr}"
        );
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!out.exists(), "a refused run wrote {}", out.display());
}

#[test]
fn bad_distributions_are_refused_naming_the_file_line_and_key() {
    let line = |n: usize| format!("bad.toml:{n}: uncertainty.take_up");
    // The table starts on line 56 of the model (55 lines before it).
    let first = autism_with("").lines().count() + 2;
    refused(
        "[uncertainty]\ntake_up = { triangular = [0.9, 0.8, 0.6] }\n",
        &["--iterations", "10"],
        &[&line(first), "min"],
    );
    refused(
        "[uncertainty]\ntake_up = { triangular = [0.6, 0.95, 0.9] }\n",
        &["--iterations", "10"],
        &[&line(first), "mode"],
    );
    refused(
        "[uncertainty]\ncapital = { normal = [3_000_000, -1] }\n",
        &["--iterations", "10"],
        &["uncertainty.capital", "sd"],
    );
    refused(
        "[uncertainty]\nopens_on = { discrete = [[0, 0.5], [12, 0.3]] }\n",
        &["--iterations", "10"],
        &["uncertainty.opens_on", "0.8"],
    );
    refused(
        "[uncertainty]\ntake_up = { uniform = [0.6] }\n",
        &[],
        &["uncertainty.take_up", "[min, max]"],
    );
    refused(
        "[uncertainty]\ntake_up = { beta = [1, 2] }\n",
        &[],
        &["uncertainty.take_up", "triangular"],
    );
}

#[test]
fn a_path_that_names_no_parameter_lists_the_near_ones() {
    refused(
        "[uncertainty]\ntake_upp = { uniform = [0.6, 0.9] }\n",
        &["--iterations", "10"],
        &["uncertainty.take_upp", "names no parameter", "take_up"],
    );
}

#[test]
fn a_range_the_parameter_cannot_take_is_refused_before_any_iteration() {
    refused(
        "[uncertainty]\ntake_up = { uniform = [0.5, 1.2] }\n",
        &["--iterations", "10"],
        &["uncertainty.take_up", "1.2", "cannot take"],
    );
}

#[test]
fn bad_correlations_are_refused() {
    let two = "[uncertainty]\ntake_up = { uniform = [0.6, 0.9] }\n\
               demand_growth = { uniform = [0.02, 0.1] }\n";
    refused(
        &format!(
            "{two}[[uncertainty.correlation]]\nbetween = [\"take_up\", \"take_up\"]\nrho = 0.5\n"
        ),
        &["--iterations", "10"],
        &["uncertainty.correlation", "itself"],
    );
    refused(
        &format!("{two}[[uncertainty.correlation]]\nbetween = [\"take_up\", \"demand_growth\"]\nrho = 1.5\n"),
        &["--iterations", "10"],
        &["rho", "1.5"],
    );
    refused(
        &format!(
            "{two}[[uncertainty.correlation]]\nbetween = [\"take_up\", \"capital\"]\nrho = 0.5\n"
        ),
        &["--iterations", "10"],
        &["capital has no distribution"],
    );
    refused(
        "[uncertainty]\ntake_up = { uniform = [0.6, 0.9] }\n\
         demand_growth = { uniform = [0.02, 0.1] }\n\
         capital = { uniform = [2_000_000, 4_000_000] }\n\
         [[uncertainty.correlation]]\nbetween = [\"take_up\", \"demand_growth\"]\nrho = 0.9\n\
         [[uncertainty.correlation]]\nbetween = [\"demand_growth\", \"capital\"]\nrho = 0.9\n\
         [[uncertainty.correlation]]\nbetween = [\"take_up\", \"capital\"]\nrho = -0.9\n",
        &["--iterations", "10"],
        &["uncertainty.correlation", "take_up", "capital"],
    );
}

#[test]
fn zero_iterations_and_bad_overrides_are_refused() {
    let table = "[uncertainty]\ntake_up = { uniform = [0.6, 0.9] }\n";
    refused(
        "[uncertainty]\niterations = 0\ntake_up = { uniform = [0.6, 0.9] }\n",
        &[],
        &["uncertainty.iterations", "found 0"],
    );
    refused(table, &["--iterations", "0"], &["--iterations"]);
    refused(table, &["--set", "take_up=lots"], &["--set take_up=lots"]);
    refused(
        table,
        &["--set", "demand_growth=1.5"],
        &["demand_growth", "1.5"],
    );
    refused(table, &["--target", "a lot"], &["--target"]);
}

/// The rows of a CSV file, split at commas (the simulation's files have no
/// quoted commas).
fn csv(path: &Path) -> Vec<Vec<String>> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}

fn money(s: &str) -> f64 {
    s.parse().unwrap()
}

fn summary_npv(dir: &Path) -> f64 {
    let s = std::fs::read_to_string(dir.join("summary.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&s).unwrap();
    money(v["npv"].as_str().unwrap())
}

#[test]
fn degenerate_distributions_reproduce_the_deterministic_run_in_every_year() {
    let dir = tempfile::tempdir().unwrap();
    let model = write_model(
        dir.path(),
        "degenerate",
        &autism_with(
            "[uncertainty]\ntake_up = { discrete = [[0.8, 1]] }\n\
             demand_growth = { discrete = [[0.06, 1]] }\n\
             capital = { discrete = [[3_000_000, 1]] }\n",
        ),
    );
    let out = dir.path().join("out");
    ok(&simulate(&model, &out, &["--iterations", "50"]));
    let d = out.join("degenerate");
    let projection = csv(&d.join("projection.csv"));
    let simulation = csv(&d.join("simulation.csv"));
    let column = |name: &str| projection[0].iter().position(|c| c == name).unwrap();
    let mut checked = 0;
    for row in &projection[1..] {
        for measure in ["cashable", "net_cashable", "cumulative_net_cashable"] {
            let exact = money(&row[column(measure)]);
            let sim = simulation
                .iter()
                .find(|r| r[0] == row[0] && r[1] == measure)
                .unwrap_or_else(|| panic!("{} {measure} missing", row[0]));
            for value in &sim[2..] {
                assert!(
                    (money(value) - exact).abs() <= 0.01,
                    "{} {measure}: {value} against {exact}",
                    row[0]
                );
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 36, "12 years, three measures");
    let distribution = csv(&d.join("distribution.csv"));
    let npv = &distribution.iter().find(|r| r[0] == "npv").unwrap()[1..];
    for v in npv {
        assert!((money(v) - summary_npv(&d)).abs() <= 0.01, "{v}");
    }
}

#[test]
fn a_linear_parameter_has_its_p50_at_the_engine_figure_of_its_median() {
    // The capital enters the NPV linearly: −capital × 1.24 in 2012/13
    // (discount factor 1). Uniform on [2m, 4m]: median 3m, the model's own
    // value; so P50 of NPV must be the deterministic NPV, within the NPV
    // change of one stratum of 1,000 (2m / 1,000 × 1.24 = £2,480).
    let dir = tempfile::tempdir().unwrap();
    let model = write_model(
        dir.path(),
        "linear",
        &autism_with("[uncertainty]\ncapital = { uniform = [2_000_000, 4_000_000] }\n"),
    );
    let out = dir.path().join("out");
    ok(&simulate(&model, &out, &["--iterations", "1000"]));
    let d = out.join("linear");
    let distribution = csv(&d.join("distribution.csv"));
    let header = &distribution[0];
    let npv = distribution.iter().find(|r| r[0] == "npv").unwrap();
    let p = |name: &str| money(&npv[header.iter().position(|c| c == name).unwrap()]);
    let exact = summary_npv(&d);
    assert!(
        (p("p50") - exact).abs() <= 2_480.0,
        "P50 {} against {exact}",
        p("p50")
    );
    // P10 and P90 of the NPV are the engine's at capital 2.2m and 3.8m,
    // ±£1m × 1.24 apart... within a stratum's width too.
    assert!(
        (p("p10") - (exact - 0.8e6 * 1.24)).abs() <= 2_480.0,
        "{}",
        p("p10")
    );
    assert!(
        (p("p90") - (exact + 0.8e6 * 1.24)).abs() <= 2_480.0,
        "{}",
        p("p90")
    );
}

#[test]
fn the_tornado_and_switching_values_agree_with_the_exact_engine() {
    let dir = tempfile::tempdir().unwrap();
    // Capital moves the NPV by £2m × 1.24 × 0.8 across P10–P90; take-up
    // in a narrow band by much less: capital comes first.
    let model = write_model(
        dir.path(),
        "tornado",
        &autism_with(
            "[uncertainty]\ntake_up = { uniform = [0.79, 0.81] }\n\
             capital = { uniform = [1_000_000, 21_000_000] }\n",
        ),
    );
    let out = dir.path().join("out");
    ok(&simulate(&model, &out, &["--iterations", "20"]));
    let d = out.join("tornado");
    let rows = csv(&d.join("sensitivity.csv"));
    assert_eq!(rows[0].join(","), "parameter,base,p10_value,p90_value,npv_at_p10,npv_at_p90,npv_swing,mtfs_net_cashable_at_p10,mtfs_net_cashable_at_p90,switching_value_npv,switching_value_mtfs");
    assert_eq!(rows[1][0], "capital");
    assert_eq!(rows[2][0], "take_up");
    // Uniform [1m, 21m]: P10 = 1m + 0.1 × 20m = 3m, P90 = 19m.
    assert_eq!(
        (rows[1][2].as_str(), rows[1][3].as_str()),
        ("3000000", "19000000")
    );
    // The NPV at P10 is the engine's with capital = 3m: the model's own.
    assert_eq!(money(&rows[1][4]), summary_npv(&d));
    // The switching value, run through the engine, gives an NPV within £1
    // of zero.
    let switching = &rows[1][9];
    assert_ne!(switching, "none");
    let run_out = dir.path().join("run");
    let o = savings()
        .arg("run")
        .arg(&model)
        .arg("--out")
        .arg(&run_out)
        .arg("--set")
        .arg(format!("capital={switching}"))
        .output()
        .unwrap();
    ok(&o);
    let npv = summary_npv(&run_out.join("tornado"));
    assert!(
        npv.abs() < 1.0,
        "NPV at the switching value {switching}: {npv}"
    );
    // Take-up keeps the NPV positive over its narrow band.
    assert_eq!(rows[2][9], "none");
}

#[test]
fn the_files_are_the_same_whatever_the_number_of_threads() {
    let dir = tempfile::tempdir().unwrap();
    let model = repo().join("models/autism_invest_to_save.toml");
    let mut outs = Vec::new();
    for threads in ["1", "2"] {
        let out = dir.path().join(format!("t{threads}"));
        let o = savings()
            .env("RAYON_NUM_THREADS", threads)
            .arg("simulate")
            .arg(&model)
            .arg("--iterations")
            .arg("300")
            .arg("--seed")
            .arg("7")
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        ok(&o);
        outs.push(out.join("autism_invest_to_save"));
    }
    for f in [
        "simulation.csv",
        "distribution.csv",
        "sensitivity.csv",
        "summary.json",
    ] {
        let a = std::fs::read(outs[0].join(f)).unwrap();
        let b = std::fs::read(outs[1].join(f)).unwrap();
        assert!(a == b, "{f} differs between 1 and 2 threads");
    }
    // A different seed gives different draws.
    let other = dir.path().join("seed8");
    ok(&savings()
        .arg("simulate")
        .arg(&model)
        .arg("--iterations")
        .arg("300")
        .arg("--seed")
        .arg("8")
        .arg("--out")
        .arg(&other)
        .output()
        .unwrap());
    assert_ne!(
        std::fs::read(outs[0].join("simulation.csv")).unwrap(),
        std::fs::read(other.join("autism_invest_to_save/simulation.csv")).unwrap()
    );
}

#[test]
fn validate_says_what_a_simulation_will_vary() {
    let o = savings()
        .args(["validate", "models/autism_invest_to_save.toml"])
        .output()
        .unwrap();
    ok(&o);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.contains(
            "uncertain (2000 iterations for savings simulate): take_up, demand_growth, capital"
        ),
        "{stdout}"
    );
}
