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
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let npv_col = header.iter().position(|h| *h == "npv").unwrap();
    // Names are quoted when they hold commas: take NPV from the right.
    let from_right = header.len() - npv_col;
    let npvs: Vec<f64> = csv
        .lines()
        .skip(1)
        .map(|l| {
            let cells: Vec<&str> = l.split(',').collect();
            cells[cells.len() - from_right].parse().unwrap()
        })
        .collect();
    assert_eq!(npvs.len(), 8);
    assert!(npvs.windows(2).all(|w| w[0] >= w[1]), "{npvs:?}");
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
}
