//! The bundled model on the bundled fixture, compared with golden outputs
//! checked by hand and by an independent reference implementation
//! (`tools/reference.py`). Set `UPDATE_GOLDEN=1` to rewrite them after a
//! deliberate change, and say why in the commit.

mod common;
use common::*;

const FILES: [&str; 3] = ["projection.csv", "lines.csv", "summary.json"];

#[test]
fn run_with_no_arguments_writes_every_model_and_matches_golden_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let result = savings()
        .arg("run")
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&result.stdout);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        result.status.success(),
        "stdout:\n{stdout}\nstderr:\n{stderr}"
    );
    assert!(stdout.contains("Vacate Old Town Hall"), "{stdout}");
    assert!(stdout.contains("£"), "{stdout}");

    let mut models: Vec<String> = std::fs::read_dir(repo().join("models"))
        .unwrap()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".toml").map(str::to_string)
        })
        .collect();
    models.sort();
    assert!(models.len() >= 8, "{models:?}");
    for model in &models {
        for f in FILES {
            check_golden(&out.join(model).join(f), &format!("{model}/{f}"));
        }
    }
}

/// Compares a file with `tests/golden/<name>`, or rewrites the golden
/// file when `UPDATE_GOLDEN` is set.
fn check_golden(got: &std::path::Path, name: &str) {
    let got = std::fs::read_to_string(got)
        .unwrap_or_else(|_| panic!("{} was not written", got.display()));
    let path = repo().join("tests/golden").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("missing golden file {}", path.display()));
    assert_eq!(got, want, "{name} differs from {}", path.display());
}

#[test]
fn compare_ranks_every_option_by_npv() {
    let dir = tempfile::tempdir().unwrap();
    let result = savings()
        .arg("compare")
        .arg("--out")
        .arg(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&result.stdout);
    assert!(
        result.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&result.stderr)
    );
    assert!(stdout.contains("Options ranked by NPV"), "{stdout}");
    let csv_path = dir.path().join("comparison/comparison.csv");
    check_golden(&csv_path, "comparison.csv");
    // Ranked: NPV never rises down the table.
    let csv = std::fs::read_to_string(&csv_path).unwrap();
    let rows: Vec<Vec<String>> = csv.lines().map(csv_fields).collect();
    let npv_col = rows[0].iter().position(|h| h == "npv").unwrap();
    let npvs: Vec<f64> = rows[1..]
        .iter()
        .map(|r| r[npv_col].parse().unwrap())
        .collect();
    assert_eq!(npvs.len(), 12);
    assert!(npvs.windows(2).all(|w| w[0] >= w[1]), "{npvs:?}");
    let col = |name: &str| rows[0].iter().position(|h| h == name).unwrap();
    // Cashable beside cost avoidance, one MTFS period named by its years.
    for name in [
        "cashable",
        "cost_avoidance",
        "cashable_mtfs",
        "flags",
        "horizon",
    ] {
        col(name);
    }
    assert!(rows[1..]
        .iter()
        .all(|r| r[col("mtfs_period")] == "2011/12–2014/15"));
    // The top option by NPV is mostly cost avoidance and never pays back:
    // the flags say so in words (issue 9, C6).
    let top = &rows[1][col("flags")];
    assert!(top.contains("NPV mostly cost avoidance"), "{top}");
    assert!(top.contains("never pays back"), "{top}");
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(stderr.contains("horizons differ"), "{stderr}");
    assert!(stdout.contains("2011/12–2014/15"), "{stdout}");
}

/// The fields of one CSV line (quotes as SPEC section 8 writes them).
fn csv_fields(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                out.last_mut().unwrap().push('"');
            }
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(String::new()),
            _ => out.last_mut().unwrap().push(c),
        }
    }
    out
}

/// `--rank-by` orders by the measure asked for, the report says which,
/// and `--mtfs-from` sets one MTFS period of calendar years for all.
#[test]
fn compare_ranks_by_the_measure_asked_for_over_one_mtfs_period() {
    let dir = tempfile::tempdir().unwrap();
    let result = savings()
        .args([
            "compare",
            "--rank-by",
            "net_cashable",
            "--mtfs-from",
            "2012/13",
            "--mtfs-years",
            "20",
            "--out",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let csv = std::fs::read_to_string(dir.path().join("comparison/comparison.csv")).unwrap();
    let rows: Vec<Vec<String>> = csv.lines().map(csv_fields).collect();
    let col = |name: &str| rows[0].iter().position(|h| h == name).unwrap();
    let net: Vec<f64> = rows[1..]
        .iter()
        .map(|r| r[col("net_cashable")].parse().unwrap())
        .collect();
    assert!(net.windows(2).all(|w| w[0] >= w[1]), "{net:?}");
    assert!(rows[1..]
        .iter()
        .all(|r| r[col("ranked_by")] == "net_cashable"));
    // 20 years named as they are, never "first 20 yrs"
    assert!(rows[1..]
        .iter()
        .all(|r| r[col("mtfs_period")] == "2012/13–2031/32"));
    // cashable in the period is the sum of the option's years in it
    let by_year =
        std::fs::read_to_string(dir.path().join("comparison/comparison_by_year.csv")).unwrap();
    let by: Vec<Vec<String>> = by_year.lines().map(csv_fields).collect();
    assert_eq!(
        by[0],
        [
            "financial_year",
            "in_mtfs_period",
            "rank",
            "name",
            "cashable"
        ]
    );
    for r in &rows[1..] {
        let sum: f64 = by[1..]
            .iter()
            .filter(|b| b[3] == r[col("name")] && b[1] == "yes" && !b[4].is_empty())
            .map(|b| b[4].parse::<f64>().unwrap())
            .sum();
        let want: f64 = r[col("cashable_mtfs")].parse().unwrap();
        assert!(
            (sum - want).abs() < 0.05,
            "{}: {sum} vs {want}",
            r[col("name")]
        );
    }
    let html = std::fs::read_to_string(dir.path().join("comparison/report.html")).unwrap();
    assert!(
        html.contains("ranked by net cashable savings over the horizon"),
        "report states the measure"
    );
    assert!(html.contains("MTFS period 2012/13–2031/32"));
    assert!(
        html.contains("not by 2023/24"),
        "payback in words, not blank"
    );
    assert!(!html.contains("Mtfs") && !html.contains("Cashable mtfs"));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(stderr.contains("outside the horizon of"), "{stderr}");
}

#[test]
fn a_second_run_gives_identical_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a");
    let b = dir.path().join("b");
    for out in [&a, &b] {
        savings()
            .arg("run")
            .arg("--out")
            .arg(out)
            .assert()
            .success();
    }
    let strip = |v: Vec<(std::path::PathBuf, Vec<u8>)>, root: &std::path::Path| {
        v.into_iter()
            .map(|(p, b)| (p.strip_prefix(root).unwrap().to_path_buf(), b))
            .collect::<Vec<_>>()
    };
    assert_eq!(strip(snapshot(&a), &a), strip(snapshot(&b), &b));
}

#[test]
fn help_teaches_with_examples() {
    let out = savings().arg("run").arg("--help").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("--baseline"), "{text}");
    assert!(text.contains("Examples"), "{text}");
    // Every file a run writes is named (issue 9, D10).
    for file in [
        "projection.csv",
        "lines.csv",
        "summary.json",
        "assumptions.csv",
        "results.xlsx",
        "savings.svg",
        "baseline.svg",
        "alt.txt",
        "report.html",
    ] {
        assert!(
            text.contains(file),
            "{file} missing from run --help:\n{text}"
        );
    }
    let out = savings().arg("compare").arg("--help").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    for option in ["--rank-by", "net_cashable", "cashable_mtfs", "--mtfs-from"] {
        assert!(text.contains(option), "{option}:\n{text}");
    }
}
