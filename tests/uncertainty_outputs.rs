//! The charts, report sections and workbook sheets of a simulation
//! (`savings simulate`), and `savings compare --simulate`: what each chart
//! draws is what the CSV files hold, the alt text gives the
//! probabilities, the report and workbook gain their Uncertainty parts
//! only when the model was simulated, and the comparison's NPV P10 and
//! P90 are those of the model's own simulation.

mod common;
use calamine::{open_workbook, Data, Reader, Xlsx};
use common::*;
use savings::money::Decimal;
use savings::output::uncertainty_figures::{fan_values, FAN_PERCENTILES};
use std::path::{Path, PathBuf};
use std::str::FromStr;

const MODEL: &str = "models/building_vacation.toml";
const STEM: &str = "building_vacation";
const ITERATIONS: &str = "200";

fn simulate(model: &str, out: &Path) {
    let r = savings()
        .args(["simulate", model, "--iterations", ITERATIONS, "--out"])
        .arg(out)
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
}

fn read(out: &Path, file: &str) -> String {
    std::fs::read_to_string(out.join(STEM).join(file)).unwrap()
}

/// The fields of a CSV line, quotes taken off (no line breaks inside).
fn fields(line: &str) -> Vec<String> {
    let (mut out, mut cur, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    out.push(cur);
    out
}

/// `(header, rows)` of a CSV.
fn csv(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut lines = text.lines();
    let head = fields(lines.next().unwrap());
    (head, lines.map(fields).collect())
}

fn col(head: &[String], name: &str) -> usize {
    head.iter().position(|h| h == name).unwrap()
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

#[test]
fn simulated_charts_report_and_workbook_show_the_csv_figures() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sim");
    simulate(MODEL, &out);
    for stem in ["fan", "s_curve", "s_curve_target", "tornado"] {
        for ext in ["svg", "png", "alt.txt"] {
            let p = out.join(STEM).join(format!("{stem}.{ext}"));
            assert!(p.exists(), "{} missing", p.display());
        }
    }
    let summary: serde_json::Value = serde_json::from_str(&read(&out, "summary.json")).unwrap();
    let u = &summary["uncertainty"];
    let pct = |key: &str| -> String {
        let p = dec(u[key].as_str().unwrap()) * Decimal::ONE_HUNDRED;
        format!("{}%", savings::money::round_places(p, 0))
    };

    // The alt text gives the probabilities of summary.json.
    let s_alt = read(&out, "s_curve.alt.txt");
    assert!(
        s_alt.contains(&format!("P(NPV > 0) = {}", pct("p_npv_positive"))),
        "{s_alt}"
    );
    let t_alt = read(&out, "s_curve_target.alt.txt");
    assert!(
        t_alt.contains(&format!("P(target met) = {}", pct("p_target_met"))),
        "{t_alt}"
    );
    let svg = read(&out, "s_curve.svg");
    assert!(svg.contains(&format!("P(NPV &gt; 0) = {}", pct("p_npv_positive"))));
    assert!(read(&out, "fan.alt.txt").contains("75% chance"));

    // The tornado's bars are in the order of sensitivity.csv.
    let (head, rows) = csv(&read(&out, "sensitivity.csv"));
    let names: Vec<String> = rows
        .iter()
        .map(|r| r[col(&head, "parameter")].clone())
        .collect();
    assert!(names.len() >= 2);
    let tornado = read(&out, "tornado.svg");
    // the rows are drawn after the key
    let tornado = &tornado[tornado.find("Base case").unwrap()..];
    let at: Vec<usize> = names
        .iter()
        .map(|n| {
            let prefix: String = n.chars().take(14).collect();
            let prefix = prefix.replace('"', "&quot;");
            tornado
                .find(&prefix)
                .unwrap_or_else(|| panic!("{n} not in the tornado"))
        })
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "order {names:?}");
    let tornado_alt = read(&out, "tornado.alt.txt");
    assert!(tornado_alt.contains(&format!("Largest swing first: {}", names[0])));
    // An end whose NPV is the base case's to the penny (a bar of no width:
    // Exchequer House sold on time, at its delay's P10) is labelled "no
    // change", and no other end is.
    let base = summary["npv"].as_str().unwrap();
    let as_base: Vec<String> = rows
        .iter()
        .flat_map(|r| {
            [("npv_at_p10", "p10_value"), ("npv_at_p90", "p90_value")]
                .into_iter()
                .filter(|(npv, _)| r[col(&head, npv)] == base)
                .map(|(_, value)| r[col(&head, value)].clone())
        })
        .collect();
    assert!(as_base.contains(&"2014-04-01".to_string()), "{as_base:?}");
    for value in &as_base {
        assert!(tornado.contains(&format!("{value} (no change)")), "{value}");
    }
    assert_eq!(tornado.matches("(no change)").count(), as_base.len());

    // The report's Uncertainty section, with the three charts and tables.
    let md = read(&out, "report.md");
    assert!(md.contains("## Uncertainty"));
    assert!(md.contains("chance that the NPV is positive"));
    assert!(md.contains(&format!(
        "P10–P90 of NPV {} to {}",
        savings::money::short(dec(u["npv_p10"].as_str().unwrap())),
        savings::money::short(dec(u["npv_p90"].as_str().unwrap()))
    )));
    for stem in ["fan", "s_curve", "s_curve_target", "tornado"] {
        assert!(md.contains(&format!("({stem}.svg)")), "{stem}");
    }
    assert!(md.contains("## Uncertain parameters"));
    assert!(md.contains("## Sensitivity"));
    let html = read(&out, "report.html");
    assert!(html.contains("<h2 id=\"uncertainty\">Uncertainty</h2>"));
    // The uncertainty charts are in its section, not the first one.
    let charts = html.find("id=\"charts\"").unwrap();
    let section = html.find("id=\"uncertainty\"").unwrap();
    let fan_title = html.find("a 75% chance").unwrap();
    assert!(charts < section && section < fan_title);

    // results.xlsx: the Uncertainty sheet holds simulation.csv's and
    // distribution.csv's figures, the Sensitivity sheet sensitivity.csv's.
    let (shead, srows) = csv(&read(&out, "simulation.csv"));
    let (dhead, drows) = csv(&read(&out, "distribution.csv"));
    let mut book: Xlsx<_> = open_workbook(out.join(STEM).join("results.xlsx")).unwrap();
    let sheet = book.worksheet_range("Uncertainty").unwrap();
    assert_eq!(sheet.height(), 1 + srows.len() + drows.len());
    let number = |r: usize, c: usize| match sheet.get((r, c)) {
        Some(Data::Float(f)) => *f,
        other => panic!("row {r} col {c}: {other:?}"),
    };
    for (i, row) in srows.iter().chain(&drows).enumerate() {
        let first = if i < srows.len() { 2 } else { 1 };
        for (k, v) in row[first..].iter().enumerate() {
            let expected: f64 = v.parse().unwrap();
            let got = number(i + 1, 2 + k);
            assert!((got - expected).abs() < 1e-6, "row {i}: {row:?}: {got}");
        }
    }
    assert_eq!(dhead[0], "measure");
    assert_eq!(shead[0], "financial_year");
    let sens = book.worksheet_range("Sensitivity").unwrap();
    assert_eq!(sens.height(), 1 + rows.len());
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(
            sens.get((i + 1, 0)),
            Some(&Data::String(row[0].clone())),
            "parameter"
        );
        let swing = col(&head, "npv_swing");
        let expected: f64 = row[swing].parse().unwrap();
        match sens.get((i + 1, swing)) {
            Some(Data::Float(f)) => assert!((f - expected).abs() < 1e-6, "{f} {expected}"),
            other => panic!("swing {other:?}"),
        }
    }

    // A plain run of the same model has none of it.
    let plain = dir.path().join("plain");
    let r = savings()
        .args(["run", MODEL, "--out"])
        .arg(&plain)
        .output()
        .unwrap();
    assert!(r.status.success());
    assert!(!read(&plain, "report.md").contains("Uncertainty"));
    assert!(!read(&plain, "report.html").contains("id=\"uncertainty\""));
    assert!(!plain.join(STEM).join("fan.svg").exists());
    let mut book: Xlsx<_> = open_workbook(plain.join(STEM).join("results.xlsx")).unwrap();
    assert!(book.worksheet_range("Uncertainty").is_err());
}

/// The fan chart draws `simulation.csv`'s P10, P25, P50, P75 and P90 of
/// the cumulative net cashable position, FY by FY.
#[test]
fn the_fan_chart_draws_the_percentiles_of_simulation_csv() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sim");
    let done = savings::run::simulate_with(
        &[repo().join(MODEL)],
        &repo().join("fixtures/bromley_2012.xlsx"),
        &out,
        &savings::run::SimulateOptions {
            reading: Default::default(),
            overrides: savings::uncertainty::Overrides {
                iterations: Some(200),
                ..Default::default()
            },
        },
        &savings::run::Progress::none(),
    )
    .unwrap();
    let sim = &done.runs[0].uncertainty.as_ref().unwrap().simulation;
    let drawn = fan_values(sim);
    let (head, rows) =
        csv(&std::fs::read_to_string(out.join(STEM).join("simulation.csv")).unwrap());
    let cumulative: Vec<&Vec<String>> = rows
        .iter()
        .filter(|r| r[1] == "cumulative_net_cashable")
        .collect();
    assert_eq!(cumulative.len(), sim.years.len());
    for (k, q) in FAN_PERCENTILES.iter().enumerate() {
        let c = col(&head, &format!("p{q}"));
        for (y, row) in cumulative.iter().enumerate() {
            assert_eq!(
                savings::money::round_places(drawn[k][y], 2),
                dec(&row[c]),
                "P{q} of {}",
                row[0]
            );
        }
    }
}

fn model_without_uncertainty(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(repo().join("models/libraries_trust.toml")).unwrap();
    let cut = text.find("[uncertainty]").unwrap();
    let p = dir.join("libraries_trust_plain.toml");
    std::fs::write(
        &p,
        text[..cut].replacen("name = \"", "name = \"Without uncertainty: ", 1),
    )
    .unwrap();
    p
}

#[test]
fn compare_simulate_gives_each_options_npv_p10_and_p90() {
    let dir = tempfile::tempdir().unwrap();
    let plain_model = model_without_uncertainty(dir.path());
    let out = dir.path().join("cmp");
    let r = savings()
        .args([
            "compare",
            MODEL,
            "--simulate",
            "--iterations",
            ITERATIONS,
            "--out",
        ])
        .arg(&out)
        .arg(&plain_model)
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let text = std::fs::read_to_string(out.join("comparison/comparison.csv")).unwrap();
    let (head, rows) = csv(&text);
    let (p10, p90, model) = (
        col(&head, "npv_p10"),
        col(&head, "npv_p90"),
        col(&head, "model"),
    );
    assert_eq!(col(&head, "npv") + 1, p10);
    let sim = dir.path().join("sim");
    simulate(MODEL, &sim);
    let summary: serde_json::Value = serde_json::from_str(&read(&sim, "summary.json")).unwrap();
    let mut seen = 0;
    for row in &rows {
        if row[model].ends_with("building_vacation.toml") {
            assert_eq!(
                row[p10],
                summary["uncertainty"]["npv_p10"].as_str().unwrap()
            );
            assert_eq!(
                row[p90],
                summary["uncertainty"]["npv_p90"].as_str().unwrap()
            );
            seen += 1;
        } else {
            assert_eq!((row[p10].as_str(), row[p90].as_str()), ("", ""), "{row:?}");
            seen += 1;
        }
    }
    assert_eq!(seen, 2);
    let md = std::fs::read_to_string(out.join("comparison/report.md")).unwrap();
    assert!(md.contains("NPV P10 (simulated)"));

    // Without --simulate: no such columns.
    let out2 = dir.path().join("cmp2");
    let r = savings()
        .args(["compare", MODEL, "--out"])
        .arg(&out2)
        .output()
        .unwrap();
    assert!(r.status.success());
    let text = std::fs::read_to_string(out2.join("comparison/comparison.csv")).unwrap();
    assert!(!text.contains("npv_p10"));
    // The simulation reads each model as its file has it: another
    // perspective is refused, and nothing is written.
    let refused = dir.path().join("cmp4");
    let r = savings()
        .args(["compare", MODEL, "--simulate", "--iterations", "10"])
        .args(["--perspective", "public_sector", "--out"])
        .arg(&refused)
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(2));
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(err.contains("--perspective public_sector"), "{err}");
    assert!(!refused.exists());
    // --iterations needs --simulate.
    let r = savings()
        .args(["compare", MODEL, "--iterations", "10", "--out"])
        .arg(dir.path().join("cmp3"))
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(2));
}
