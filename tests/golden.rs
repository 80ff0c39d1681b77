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

    let golden = repo().join("tests/golden");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    for model in ["building_vacation"] {
        for f in FILES {
            let got = std::fs::read_to_string(out.join(model).join(f)).unwrap();
            let path = golden.join(model).join(f);
            if update {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, &got).unwrap();
                continue;
            }
            let want = std::fs::read_to_string(&path)
                .unwrap_or_else(|_| panic!("missing golden file {}", path.display()));
            assert_eq!(got, want, "{model}/{f} differs from {}", path.display());
        }
    }
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
