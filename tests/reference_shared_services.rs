//! The independent Python reference (`tools/reference.py`, written from the
//! contract alone) and the engine agree to the penny on every shared-service
//! model: the bundled ones, the hand-worked scenarios and the edge models in
//! `tests/reference/`. Skipped, with a note, where python3 or openpyxl is
//! missing.

mod common;
use common::*;
use std::path::{Path, PathBuf};
use std::process::Command as Std;

fn shared_service_models() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in ["models", "tests/scenarios", "tests/reference"] {
        for e in std::fs::read_dir(repo().join(dir)).unwrap().flatten() {
            let p = e.path();
            let name = p.to_string_lossy().into_owned();
            if !name.ends_with(".toml") || name.ends_with(".expect.toml") {
                continue;
            }
            let text = std::fs::read_to_string(&p).unwrap();
            if text.contains("kind = \"shared_service\"") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn read(dir: &Path, model: &Path, file: &str) -> String {
    let stem = model.file_stem().unwrap().to_string_lossy().into_owned();
    let p = dir.join(stem).join(file);
    std::fs::read_to_string(&p).unwrap_or_else(|_| panic!("{} was not written", p.display()))
}

#[test]
fn the_reference_agrees_to_the_penny_on_every_shared_service_model() {
    if !reference_can_run() {
        return;
    }
    let models = shared_service_models();
    assert!(models.len() >= 8, "{models:?}");
    let fixture = repo().join("fixtures/bromley_2012.xlsx");
    let dir = tempfile::tempdir().unwrap();
    let (engine, reference) = (dir.path().join("engine"), dir.path().join("reference"));
    let mut with_service = 0;
    for model in &models {
        let ran = Std::new("python3")
            .arg(repo().join("tools/reference.py"))
            .arg("--exact")
            .arg(model)
            .arg("--baseline")
            .arg(&fixture)
            .arg("--out")
            .arg(&reference)
            .output()
            .unwrap();
        assert!(
            ran.status.success(),
            "reference on {}: {}",
            model.display(),
            String::from_utf8_lossy(&ran.stderr)
        );
        savings()
            .arg("run")
            .arg(model)
            .arg("--baseline")
            .arg(&fixture)
            .arg("--out")
            .arg(&engine)
            .assert()
            .success();
        for file in ["projection.csv", "lines.csv", "bodies.csv"] {
            assert_eq!(
                read(&engine, model, file),
                read(&reference, model, file),
                "{} {file}",
                model.display()
            );
        }
        if std::fs::read_to_string(model)
            .unwrap()
            .contains("\nservice = ")
        {
            with_service += 1;
        }
    }
    assert!(
        with_service >= 6,
        "only {with_service} models over the Services sheet"
    );
}
