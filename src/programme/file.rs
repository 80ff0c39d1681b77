//! The programme file (`programme.toml`): the programme's name, the date
//! of the report, the savings the budget assumes each financial year (the
//! MTFS target) and the workstreams, each a model file with an owner and
//! a status. Read like a model file: every key with its line, every
//! problem collected.

use crate::calendar::FinancialYear;
use crate::error::{Error, Problem, Result};
use crate::model::reader::{self, Source, Table, Value};
use crate::money::Decimal;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// Where a workstream stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    Proposed,
    Approved,
    InDelivery,
    Delivered,
    /// Listed, not counted.
    Dropped,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Proposed,
        Status::Approved,
        Status::InDelivery,
        Status::Delivered,
        Status::Dropped,
    ];

    /// As the programme file writes it.
    pub fn name(self) -> &'static str {
        match self {
            Status::Proposed => "proposed",
            Status::Approved => "approved",
            Status::InDelivery => "in_delivery",
            Status::Delivered => "delivered",
            Status::Dropped => "dropped",
        }
    }

    /// As a report says it.
    pub fn words(self) -> &'static str {
        match self {
            Status::Proposed => "proposed",
            Status::Approved => "approved",
            Status::InDelivery => "in delivery",
            Status::Delivered => "delivered",
            Status::Dropped => "dropped (not counted)",
        }
    }

    pub fn parse(text: &str) -> Option<Status> {
        let key = text.trim().to_ascii_lowercase().replace([' ', '-'], "_");
        Status::ALL.into_iter().find(|s| s.name() == key)
    }

    /// Whether the workstream's savings count towards the programme.
    pub fn counts(self) -> bool {
        self != Status::Dropped
    }
}

/// A `[[workstream]]` entry.
#[derive(Clone, Debug, PartialEq)]
pub struct Workstream {
    pub name: String,
    /// The model file, relative to the programme file's folder already
    /// resolved; `None` only for a dropped workstream that names none.
    pub model: Option<PathBuf>,
    pub owner: Option<String>,
    pub status: Status,
    /// The line of the entry's `name` (0 for a workstream made from a
    /// model file named on the command line).
    pub line: usize,
}

/// A programme: from a programme file, or from model files named on the
/// command line (no target, no actuals).
#[derive(Clone, Debug, PartialEq)]
pub struct ProgrammeFile {
    /// The programme file; `None` when the models were named instead.
    pub file: Option<PathBuf>,
    pub name: String,
    pub authority: Option<String>,
    /// The baseline workbook the file names (resolved).
    pub baseline: Option<PathBuf>,
    /// A workbook with the Actuals sheet, when not the baseline.
    pub actuals: Option<PathBuf>,
    /// The date of the report: the FYs before the one holding it are
    /// past.
    pub as_of: Option<NaiveDate>,
    /// Cashable savings the budget assumes, by FY (the MTFS period), in
    /// FY order.
    pub target: Vec<(FinancialYear, Decimal)>,
    pub workstreams: Vec<Workstream>,
    /// Rank correlations between workstreams' uncertain parameters.
    pub correlations: Vec<CrossCorrelation>,
}

/// `[[correlation]]`: `between = ["WORKSTREAM:PATH", "WORKSTREAM:PATH"]`.
#[derive(Clone, Debug, PartialEq)]
pub struct CrossCorrelation {
    /// `WORKSTREAM:PATH`, twice, as written (a workstream's name and a
    /// path may both hold a colon: the split is made where the name is a
    /// workstream's).
    pub between: [String; 2],
    pub rho: f64,
    pub line: usize,
}

/// Reads and checks a programme file.
pub fn read(path: &Path) -> Result<ProgrammeFile> {
    let bytes = crate::input_file::read_capped(
        path,
        crate::input_file::MODEL_FILE_LIMIT,
        "the programme file",
    )
    .map_err(Error::input)?;
    from_bytes(path, &bytes)
}

/// [`read`] from the file's content; `path` names it in messages and
/// anchors the relative paths it gives.
pub fn from_bytes(path: &Path, bytes: &[u8]) -> Result<ProgrammeFile> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| Error::input(Problem::file(path, "is not UTF-8 text; save it as UTF-8")))?;
    let src = Source::new(path, text);
    let programme = reader::parse(&src, text).and_then(|root| {
        let mut t = Table::new(&src, root.get_ref(), 0..0, String::new());
        read_root(&mut t, path)
    });
    match programme {
        Some(p) if !src.has_problems() => Ok(p),
        _ => {
            let mut problems = src.into_problems();
            if problems.is_empty() {
                problems.push(Problem::file(path, "could not be read"));
            }
            Err(Error::Input(problems))
        }
    }
}

/// A path the programme file gives, relative to the file's folder.
fn beside(file: &Path, given: &str) -> PathBuf {
    let p = PathBuf::from(given);
    if p.is_absolute() {
        return p;
    }
    match file.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.join(p),
        _ => p,
    }
}

fn read_root(t: &mut Table, file: &Path) -> Option<ProgrammeFile> {
    let name = t.required("name").and_then(|v| v.string());
    let authority = t.get("authority").and_then(|v| v.string());
    let baseline = t
        .get("baseline")
        .and_then(|v| v.string())
        .map(|s| beside(file, &s));
    let actuals = t
        .get("actuals")
        .and_then(|v| v.string())
        .map(|s| beside(file, &s));
    let as_of = t.required("as_of").and_then(|v| v.date());
    let target = match t.get("target") {
        None => Some(Vec::new()),
        Some(v) => v.table().and_then(|mut table| read_target(&mut table)),
    };
    let workstreams = t
        .required("workstream")
        .and_then(|v| read_workstreams(&v, file));
    let correlations = match t.get("correlation") {
        None => Some(Vec::new()),
        Some(v) => read_correlations(&v),
    };
    t.finish();
    Some(ProgrammeFile {
        file: Some(file.to_path_buf()),
        name: name?,
        authority,
        baseline,
        actuals,
        as_of: Some(as_of?),
        target: target?,
        workstreams: workstreams?,
        correlations: correlations?,
    })
}

/// `[[correlation]]`: a rank correlation between two workstreams'
/// uncertain parameters, for `savings programme --simulate`.
fn read_correlations(v: &crate::model::reader::Value) -> Option<Vec<CrossCorrelation>> {
    let mut out = Vec::new();
    let mut ok = true;
    for item in v.list()? {
        let Some(mut t) = item.table() else {
            ok = false;
            continue;
        };
        let line = item.line();
        let between = t.required("between").and_then(|b| {
            let names: Option<Vec<String>> = b.list()?.iter().map(|n| n.plain_string()).collect();
            let names = names?;
            let parsed = names.iter().all(|n| n.contains(':'));
            match names.as_slice() {
                [a, b2] if parsed => Some([a.trim().to_string(), b2.trim().to_string()]),
                _ => {
                    b.problem(
                        "must name two parameters as \"WORKSTREAM:PATH\", e.g. between = \
                         [\"Libraries Trust:income_uplift\", \"Library Shared Service with \
                         Bexley:ramp.1\"]",
                    );
                    None
                }
            }
        });
        let rho = t
            .required("rho")
            .and_then(|r| crate::uncertainty::spec::rho(&r));
        t.finish();
        match (between, rho) {
            (Some(between), Some(rho)) => out.push(CrossCorrelation { between, rho, line }),
            _ => ok = false,
        }
    }
    ok.then_some(out)
}

/// `[target]`: `"2012/13" = 1_500_000`, …; sorted by FY.
fn read_target(t: &mut Table) -> Option<Vec<(FinancialYear, Decimal)>> {
    let mut out = Vec::new();
    let mut ok = true;
    for (key, v) in t.keys() {
        t.mark_used(&key);
        let year = match FinancialYear::parse(&key) {
            Ok(y) => Some(y),
            Err(e) => {
                v.problem(format!(
                    "each key of [target] is a financial year such as \"2012/13\" (in quotes), \
                     found \"{key}\": {e}"
                ));
                None
            }
        };
        match (year, v.money()) {
            (Some(y), Some(amount)) => out.push((y, amount)),
            _ => ok = false,
        }
    }
    if !ok {
        return None;
    }
    out.sort_by_key(|(y, _)| y.0);
    Some(out)
}

fn read_workstreams(v: &Value, file: &Path) -> Option<Vec<Workstream>> {
    let items = v.list()?;
    if items.is_empty() {
        v.problem("needs at least one [[workstream]] entry");
        return None;
    }
    let mut out = Vec::new();
    let mut ok = true;
    for item in &items {
        let Some(mut t) = item.table() else {
            ok = false;
            continue;
        };
        match read_workstream(&mut t, file) {
            Some(w) => {
                if let Some(first) = out.iter().find(|o: &&Workstream| {
                    o.name.trim().to_lowercase() == w.name.trim().to_lowercase()
                }) {
                    if let Some(n) = t.get("name") {
                        n.problem(format!(
                            "two workstreams are called \"{}\" (the first at line {}); give \
                             each workstream a name of its own",
                            w.name, first.line
                        ));
                    }
                    ok = false;
                }
                out.push(w);
            }
            None => ok = false,
        }
    }
    ok.then_some(out)
}

fn read_workstream(t: &mut Table, file: &Path) -> Option<Workstream> {
    let name_value = t.required("name");
    let line = name_value.as_ref().map(|v| v.line()).unwrap_or(0);
    let name = name_value.and_then(|v| {
        let s = v.string()?;
        if s.trim().is_empty() {
            v.problem("must not be blank: name the workstream as the committee knows it");
            return None;
        }
        Some(s.trim().to_string())
    });
    let status = t.required("status").and_then(|v| {
        let s = v.string()?;
        let status = Status::parse(&s);
        if status.is_none() {
            v.problem(format!(
                "unknown status \"{s}\"; expected one of: {}",
                Status::ALL.map(|s| s.name()).join(", ")
            ));
        }
        status
    });
    // A dropped workstream may leave its model out: it is not run.
    let model = match (t.get("model"), status) {
        (Some(v), _) => v.string().map(|s| Some(beside(file, &s))),
        (None, Some(Status::Dropped)) => Some(None),
        (None, _) => t.required("model").and(None),
    };
    let owner = t.get("owner").and_then(|v| v.string());
    t.finish();
    Some(Workstream {
        name: name?,
        model: model?,
        owner,
        status: status?,
        line,
    })
}

/// The quick question: the models named are the workstreams, each
/// proposed, with no target, no date and no actuals. A workstream is
/// named after its model (its file name where two models share a name).
pub fn from_models(models: &[(PathBuf, String)]) -> ProgrammeFile {
    let mut workstreams: Vec<Workstream> = Vec::new();
    for (path, name) in models {
        let clash = models.iter().filter(|(_, n)| n == name).count() > 1;
        let name = if clash {
            format!("{name} ({})", crate::model::stem_of(path))
        } else {
            name.clone()
        };
        workstreams.push(Workstream {
            name,
            model: Some(path.clone()),
            owner: None,
            status: Status::Proposed,
            line: 0,
        });
    }
    ProgrammeFile {
        file: None,
        name: "Options taken together".into(),
        authority: None,
        baseline: None,
        actuals: None,
        as_of: None,
        target: Vec::new(),
        workstreams,
        correlations: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> std::result::Result<ProgrammeFile, Vec<String>> {
        from_bytes(Path::new("dir/p.toml"), text.as_bytes()).map_err(|e| match e {
            Error::Input(p) => p.iter().map(|p| p.to_string()).collect(),
            other => vec![other.to_string()],
        })
    }

    const HEAD: &str = "name = \"P\"\nas_of = \"2012-12-31\"\n";

    #[test]
    fn models_are_found_beside_the_programme_file_and_a_dropped_one_needs_none() {
        let p = read(&format!(
            "{HEAD}[target]\n\"2013/14\" = 2\n\"2012/13\" = 1\n\
             [[workstream]]\nname = \"A\"\nmodel = \"m/a.toml\"\nstatus = \"In delivery\"\n\
             [[workstream]]\nname = \"B\"\nstatus = \"dropped\"\n"
        ))
        .unwrap();
        assert_eq!(p.workstreams[0].model, Some(PathBuf::from("dir/m/a.toml")));
        assert_eq!(p.workstreams[0].status, Status::InDelivery);
        assert_eq!(p.workstreams[1].model, None);
        // The target is in year order whatever the file's order.
        assert_eq!(p.target[0].0, FinancialYear(2012));
    }

    #[test]
    fn a_target_key_that_is_not_a_year_and_a_missing_model_are_named() {
        let e = read(&format!(
            "{HEAD}[target]\n\"FY13\" = 1\n[[workstream]]\nname = \"A\"\nstatus = \"approved\"\n"
        ))
        .unwrap_err();
        assert!(
            e.iter().any(|m| m.starts_with(
                "dir/p.toml:4: target.FY13: each key of [target] is a financial year"
            )),
            "{e:?}"
        );
        assert!(
            e.iter()
                .any(|m| m.contains("workstream[1].model: is required")),
            "{e:?}"
        );
    }
}
