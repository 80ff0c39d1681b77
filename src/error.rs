//! Errors and warnings that point at the place a user can fix.
//!
//! Bad input is never a panic: every problem found in a workbook or a model
//! file becomes a [`Problem`] naming the file and the sheet and A1 cell (or
//! the model file's line and key), what was expected and what was found.
//! Problems are collected, not thrown at the first one, so a workbook with
//! thirty faults gets thirty messages in one run.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where in the inputs a problem or warning sits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    /// A whole file (not a workbook, cannot be read, …).
    File { file: PathBuf },
    /// A sheet of a workbook (missing sheet, missing column).
    Sheet { file: PathBuf, sheet: String },
    /// A cell, by the sheet's own A1 address.
    Cell {
        file: PathBuf,
        sheet: String,
        cell: String,
    },
    /// A key of a model file, by line.
    Key {
        file: PathBuf,
        line: usize,
        key: String,
    },
    /// A value a `--set PATH=VALUE` argument gave a model file.
    Set {
        file: PathBuf,
        arg: String,
        key: String,
    },
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::File { file } => write!(f, "{}", file.display()),
            Place::Sheet { file, sheet } => {
                write!(f, "{}: sheet {sheet}", file.display())
            }
            Place::Cell { file, sheet, cell } => {
                write!(f, "{}: {sheet}!{cell}", file.display())
            }
            Place::Set { file, arg, key } => {
                write!(f, "{}: --set {arg} ({key})", file.display())
            }
            Place::Key { file, line, key } => {
                write!(f, "{}:{line}: {key}", file.display())
            }
        }
    }
}

/// One thing wrong with the inputs, and how to put it right.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub place: Place,
    pub message: String,
}

impl Problem {
    pub fn new(place: Place, message: impl Into<String>) -> Problem {
        Problem {
            place,
            message: message.into(),
        }
    }

    pub fn file(file: &Path, message: impl Into<String>) -> Problem {
        Problem::new(
            Place::File {
                file: file.to_path_buf(),
            },
            message,
        )
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place, self.message)
    }
}

/// A warning is shaped like a problem but does not stop the run; it is
/// printed and kept in `summary.json`.
pub type Warning = Problem;

/// How many problems are reported at most (SPEC section 6: up to 50).
pub const MAX_PROBLEMS: usize = 50;

/// Problems collected up to a bound, the rest only counted, so that a file
/// with a hundred thousand faults costs neither quadratic time nor memory:
/// the message of a problem past the bound is never built. One fewer than
/// [`MAX_PROBLEMS`] are kept, so that with the line saying how many more
/// there were they all fit in what is printed.
#[derive(Debug, Default)]
pub struct Problems {
    list: Vec<Problem>,
    more: usize,
}

impl Problems {
    pub fn new() -> Problems {
        Problems::default()
    }

    /// How many problems are kept.
    pub const KEPT: usize = MAX_PROBLEMS - 1;

    /// Adds a problem, built only while fewer than [`Problems::KEPT`] are
    /// kept.
    pub fn push(&mut self, problem: impl FnOnce() -> Problem) {
        if self.list.len() < Problems::KEPT {
            self.list.push(problem());
        } else {
            self.more += 1;
        }
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// How many problems were found, kept or not.
    pub fn count(&self) -> usize {
        self.list.len() + self.more
    }

    /// The problems kept, sorted by `key`, then one saying how many more
    /// there were (placed at `file`).
    pub fn into_vec_sorted_by<K: Ord>(
        mut self,
        file: &Path,
        key: impl FnMut(&Problem) -> K,
    ) -> Vec<Problem> {
        self.list.sort_by_key(key);
        self.into_vec(file)
    }

    /// The problems kept, in the order found, and how many more there were.
    pub fn into_parts(self) -> (Vec<Problem>, usize) {
        (self.list, self.more)
    }

    /// The problems kept, in the order found, then one saying how many more
    /// there were.
    pub fn into_vec(mut self, file: &Path) -> Vec<Problem> {
        if self.more > 0 {
            self.list
                .push(Problem::file(file, more_problems(self.more)));
        }
        self.list
    }
}

/// `… and 3 more problems` for problems found but not listed.
pub fn more_problems(n: usize) -> String {
    let s = if n == 1 { "" } else { "s" };
    format!("… and {n} more problem{s} in this file, not listed; fix these first")
}

/// The engine's error.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The inputs are wrong; every problem found is listed. Exit status 2.
    #[error("{}", list_problems(.0))]
    Input(Vec<Problem>),
    /// Reading or writing a file failed for a reason outside the inputs'
    /// content (permissions, disk full). Exit status 1.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Anything else that went wrong inside the engine. Exit status 1.
    #[error("{0}")]
    Internal(String),
}

impl Error {
    /// One input problem.
    pub fn input(problem: Problem) -> Error {
        Error::Input(vec![problem])
    }

    pub fn io(path: &Path, source: std::io::Error) -> Error {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    /// The process exit status this error calls for: 2 for bad input,
    /// 1 for anything else.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Input(_) => 2,
            _ => 1,
        }
    }
}

impl From<polars::prelude::PolarsError> for Error {
    fn from(e: polars::prelude::PolarsError) -> Error {
        Error::Internal(format!("table operation failed: {e}"))
    }
}

fn list_problems(problems: &[Problem]) -> String {
    let mut out = String::new();
    for (i, p) in problems.iter().take(MAX_PROBLEMS).enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&p.to_string());
    }
    if problems.len() > MAX_PROBLEMS {
        out.push_str(&format!(
            "\n… and {} more problems not shown",
            problems.len() - MAX_PROBLEMS
        ));
    }
    out
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_name_file_sheet_and_cell() {
        let p = Problem::new(
            Place::Cell {
                file: "baseline.xlsx".into(),
                sheet: "Sites".into(),
                cell: "D7".into(),
            },
            "energy must be a number ≥ 0, found text \"n/a\"",
        );
        assert_eq!(
            p.to_string(),
            "baseline.xlsx: Sites!D7: energy must be a number ≥ 0, found text \"n/a\""
        );
    }

    #[test]
    fn problems_name_model_file_line_and_key() {
        let p = Problem::new(
            Place::Key {
                file: "models/x.toml".into(),
                line: 12,
                key: "holding.energy".into(),
            },
            "must be ≥ 0, found -0.1",
        );
        assert_eq!(
            p.to_string(),
            "models/x.toml:12: holding.energy: must be ≥ 0, found -0.1"
        );
    }

    #[test]
    fn at_most_fifty_problems_are_listed() {
        let many: Vec<Problem> = (0..60)
            .map(|i| Problem::file(Path::new("b.xlsx"), format!("p{i}")))
            .collect();
        let text = Error::Input(many).to_string();
        assert_eq!(text.lines().count(), 51);
        assert!(text.ends_with("… and 10 more problems not shown"));
    }

    #[test]
    fn problems_past_the_bound_are_counted_not_built() {
        let mut p = Problems::new();
        let mut built = 0;
        for i in 0..100_001 {
            p.push(|| {
                built += 1;
                Problem::file(Path::new("m.toml"), format!("p{i}"))
            });
        }
        assert_eq!(built, MAX_PROBLEMS - 1);
        assert_eq!(p.count(), 100_001);
        let v = p.into_vec(Path::new("m.toml"));
        assert_eq!(v.len(), MAX_PROBLEMS);
        assert!(
            v[MAX_PROBLEMS - 1].message.contains("99952 more problems"),
            "{}",
            v[MAX_PROBLEMS - 1]
        );
        // All of it is printed: no "not shown" line.
        assert!(!Error::Input(v).to_string().contains("not shown"));
    }
}
