//! The fuzz harness: inputs as bytes in, the class of outcome out.
//!
//! [`run_bytes`] takes a model file's bytes and a workbook's bytes, writes
//! them to a fresh folder and runs them through the library entry points
//! the `savings` command uses (`run::load`, `run::prepare`,
//! `run::compute`, and `run::run` for a full run with its outputs). It
//! returns the exit status the command would give (0, 1 or 2) and checks
//! that an input error (2) wrote nothing. A panic is not caught: the
//! property test that calls it fails and proptest shrinks the input.
//!
//! The model-TOML side mutates the bundled models' text; the workbook-XML
//! side can mutate the bytes of a workbook and call the same function.
#![allow(dead_code)]

use savings::{run, Error};
use std::path::{Path, PathBuf};

/// What a run of some input bytes came to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0: figures computed (and, for a full run, written).
    Ok,
    /// Exit 1: a failure outside the inputs.
    Failed,
    /// Exit 2: the inputs were refused, nothing written.
    Refused,
}

impl Outcome {
    pub fn exit_code(self) -> u8 {
        match self {
            Outcome::Ok => 0,
            Outcome::Failed => 1,
            Outcome::Refused => 2,
        }
    }
}

fn outcome_of<T>(r: &Result<T, Error>) -> Outcome {
    match r {
        Ok(_) => Outcome::Ok,
        Err(e) if e.exit_code() == 2 => Outcome::Refused,
        Err(_) => Outcome::Failed,
    }
}

/// Every file under `dir` (none when it does not exist).
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out
}

/// Runs a model's bytes against a workbook's bytes. `full` also renders and
/// writes every output (slow: charts and the xlsx); otherwise the run stops
/// once every figure is computed and checked, which is where every input
/// error is found. Returns the outcome and, for a refusal, the message.
pub fn run_bytes(model: &[u8], workbook: &[u8], full: bool) -> (Outcome, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let model_path = dir.path().join("model.toml");
    let book_path = dir.path().join("baseline.xlsx");
    std::fs::write(&model_path, model).expect("write model");
    std::fs::write(&book_path, workbook).expect("write workbook");
    let out = dir.path().join("out");
    let models = [model_path];
    let result: Result<(), Error> = if full {
        run::run(&models, &book_path, &out).map(|_| ())
    } else {
        run::load(&models, &book_path)
            .and_then(|inputs| {
                let ready = run::prepare(&inputs)?;
                for p in ready {
                    run::compute(p, &inputs.baseline)?;
                }
                Ok(())
            })
            .map(|_| ())
    };
    let outcome = outcome_of(&result);
    if outcome != Outcome::Ok {
        let written = files_under(&out);
        assert!(
            written.is_empty(),
            "a failed run wrote {written:?}: {:?}",
            result.as_ref().err()
        );
    }
    let message = result.err().map(|e| e.to_string()).unwrap_or_default();
    (outcome, message)
}
