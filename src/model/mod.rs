//! Model files: one scenario per TOML file (SPEC section 7).
//!
//! This module reads the keys every kind shares (`name`, `kind`,
//! `[horizon]`, `[inflation]`, `[appraisal]`, `[[one_off_costs]]`); each
//! kind's own keys are read by its module in [`crate::kinds`]. Every
//! problem is reported with the file, line and key.

pub mod params;
pub mod reader;
pub mod template;

use crate::baseline::{LibraryCategory, SiteCategory};
use crate::calendar::{FinancialYear, Horizon};
use crate::error::{Error, Problem, Result};
use crate::kinds::Scenario;
use crate::money::Decimal;
use crate::prices::Inflation;
use chrono::NaiveDate;
use reader::{Source, Table};
use std::path::{Path, PathBuf};

pub use crate::kinds::Kind;

/// The `[appraisal]` table.
#[derive(Clone, Debug, PartialEq)]
pub struct AppraisalSettings {
    /// A constant discount rate; `None` for the Green Book schedule.
    pub discount_rate: Option<Decimal>,
    pub optimism_bias: Decimal,
    pub include_capital_receipts: bool,
    /// `perspective = "public_sector"`: the projection and appraisal take
    /// every body's flows, not the authority's only (SPEC 7.7).
    pub public_sector: bool,
}

impl Default for AppraisalSettings {
    fn default() -> Self {
        AppraisalSettings {
            discount_rate: None,
            optimism_bias: Decimal::ZERO,
            include_capital_receipts: true,
            public_sector: false,
        }
    }
}

/// An implementation cost stated in cash.
#[derive(Clone, Debug, PartialEq)]
pub struct OneOffCost {
    pub label: String,
    pub amount: Decimal,
    pub date: NaiveDate,
    /// Spread evenly over this many months from `M(date)`.
    pub months: u32,
}

/// Sets the one-off cost parameter at `path`
/// (`one_off_costs.LABEL.amount`, `.date` or `.months`) to `value` in
/// `costs`, as reading the model with that `--set` would (the first entry
/// with that label, as `--set` finds it); `None` for any other path. For a
/// simulation's iterations (see [`crate::kinds::ModelKind::vary`]).
pub fn vary_one_off(
    costs: &mut [OneOffCost],
    path: &[String],
    value: params::SetValue,
) -> Option<()> {
    use params::SetValue::{Date, Number};
    let [first, label, key] = path else {
        return None;
    };
    if first != "one_off_costs" {
        return None;
    }
    let cost = costs.iter_mut().find(|c| c.label.trim() == label.trim())?;
    match (key.as_str(), value) {
        ("amount", Number(d)) => cost.amount = d,
        ("date", Date(d)) => cost.date = d,
        ("months", Number(d)) if d.fract().is_zero() => {
            cost.months = u32::try_from(d.mantissa() / 10i128.pow(d.scale())).ok()?
        }
        _ => return None,
    }
    Some(())
}

/// A model file, read and checked.
#[derive(Clone, Debug)]
pub struct Model {
    /// The path as the user gave it.
    pub file: PathBuf,
    pub sha256: String,
    pub name: String,
    pub kind: Kind,
    pub description: Option<String>,
    pub price_base: Option<FinancialYear>,
    pub horizon: Horizon,
    pub inflation: Inflation,
    pub appraisal: AppraisalSettings,
    pub one_off_costs: Vec<OneOffCost>,
    pub scenario: Scenario,
    /// Every value the file gave, with its line, for the assumptions log.
    pub keys: Vec<reader::KeyRead>,
    /// Values accepted but unusual (a rate above 25% a year, …).
    pub warnings: Vec<crate::error::Warning>,
    /// Workbook columns to leave out on purpose, as header keys
    /// (`ignore_columns = ["Capital budget (£)"]`).
    pub ignore_columns: Vec<String>,
    /// `--set baseline.<category>=FACTOR` scale factors, applied to the
    /// baseline before the model is prepared.
    pub baseline_scales: Vec<params::BaselineScale>,
    /// The `[uncertainty]` table, as written (checked against the model by
    /// [`crate::uncertainty::resolve`]).
    pub uncertainty: Option<crate::uncertainty::spec::Spec>,
    /// The file's text and the `--set` overrides it was read with: a
    /// simulation reads the model again with each iteration's values.
    pub text: std::sync::Arc<str>,
    pub sets: Vec<params::Set>,
}

impl Model {
    /// The output folder's name: the file name without `.toml`.
    pub fn stem(&self) -> String {
        stem_of(&self.file)
    }
}

/// The output folder's name for a model file: its name without `.toml`.
pub fn stem_of(file: &Path) -> String {
    file.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Why `stem` cannot name a model's output folder under `--out`, if it
/// cannot: the folder name must be a plain file name on every system a
/// council uses, so `.` and `..` (which would write into `--out` itself or
/// its parent), separators, control characters, names Windows reserves,
/// names ending in a dot or space (Windows drops them), the empty name and
/// the engine's own `.savings…` names are refused.
pub fn output_folder_problem(stem: &str) -> Option<String> {
    const RESERVED: [&str; 4] = ["CON", "PRN", "AUX", "NUL"];
    let shown = crate::terminal::clean(stem);
    if stem.is_empty() {
        return Some("has an empty name, which cannot name an output folder".into());
    }
    if stem == "." || stem == ".." {
        return Some(format!(
            "is named \"{stem}\" before .toml, which cannot name an output folder \
             (it would write outside its own folder in --out); rename the file"
        ));
    }
    if stem.contains(['/', '\\']) {
        return Some(format!(
            "has a path separator in \"{shown}\", which cannot name an output folder; rename the file"
        ));
    }
    if stem.chars().any(char::is_control) {
        return Some(format!(
            "has a control character in its name (\"{shown}\"), which cannot name an output folder; rename the file"
        ));
    }
    let device = stem
        .split('.')
        .next()
        .unwrap_or("")
        .trim_end()
        .to_ascii_uppercase();
    let numbered = (device.starts_with("COM") || device.starts_with("LPT"))
        && device.len() == 4
        && device[3..].chars().all(|c| c.is_ascii_digit() && c != '0')
        || ["COM¹", "COM²", "COM³", "LPT¹", "LPT²", "LPT³"].contains(&device.as_str());
    if RESERVED.contains(&device.as_str()) || numbered {
        return Some(format!(
            "is named \"{shown}\", a device name reserved on Windows, which cannot name an output folder; rename the file"
        ));
    }
    if stem.ends_with(['.', ' ']) {
        return Some(format!(
            "is named \"{shown}\", ending in a dot or space, which cannot name an output folder on Windows; rename the file"
        ));
    }
    if stem.starts_with(".savings") {
        return Some(format!(
            "is named \"{shown}\"; names starting .savings are the engine's own (its lock and staging folders); rename the file"
        ));
    }
    None
}

/// Keys allowed in `[inflation]`: every cost category, `placements`,
/// `default` and `gdp_deflator`.
pub fn inflation_keys() -> Vec<&'static str> {
    let mut keys: Vec<&str> = vec!["default", "gdp_deflator", "placements", "unit_costs"];
    keys.extend(SiteCategory::ALL.iter().map(|c| c.name()));
    keys.extend(LibraryCategory::ALL.iter().map(|c| c.name()));
    keys.sort();
    keys.dedup();
    keys
}

/// Reads and checks a model file.
pub fn load(path: &Path) -> Result<Model> {
    load_with(path, &[])
}

/// Reads and checks a model file with `--set` overrides applied.
pub fn load_with(path: &Path, sets: &[params::Set]) -> Result<Model> {
    let bytes =
        crate::input_file::read_capped(path, crate::input_file::MODEL_FILE_LIMIT, "the model file")
            .map_err(Error::input)?;
    from_bytes_with(path, &bytes, sets)
}

/// Reads and checks a model file's content; `path` names it in messages
/// and gives the output folder's name. This is [`load`] without the file
/// system, for tests and fuzzing.
pub fn from_bytes(path: &Path, bytes: &[u8]) -> Result<Model> {
    from_bytes_with(path, bytes, &[])
}

/// [`from_bytes`] with `--set` overrides applied to the text first (see
/// [`params`]); the model's sha256 is still the file's.
pub fn from_bytes_with(path: &Path, bytes: &[u8], sets: &[params::Set]) -> Result<Model> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| Error::input(Problem::file(path, "is not UTF-8 text; save it as UTF-8")))?;
    let all_sets = sets.to_vec();
    let (sets, scales) = params::split_baseline(sets);
    let mut baseline_scales = Vec::new();
    let mut errors = Vec::new();
    for s in scales {
        match s {
            Ok(s) => baseline_scales.push(s),
            Err(e) => errors.push(e),
        }
    }
    let applied = params::apply(text, &sets);
    if let Err(e) = &applied {
        errors.extend(e.iter().cloned());
    }
    let (text, edits) = match applied {
        Ok(a) if errors.is_empty() => a,
        _ => {
            return Err(Error::Input(
                errors.into_iter().map(|e| Problem::file(path, e)).collect(),
            ))
        }
    };
    let original: std::sync::Arc<str> =
        std::sync::Arc::from(std::str::from_utf8(bytes).unwrap_or_default());
    let text = text.as_str();
    let src = Source::with_edits(path, text, edits);
    let model = reader::parse(&src, text).and_then(|root| {
        let mut t = Table::new(&src, root.get_ref(), 0..0, String::new());
        read_model(&mut t, path, crate::workbook::sha256_hex(bytes))
    });
    match model {
        Some(mut m) if !src.has_problems() => {
            m.baseline_scales = baseline_scales;
            m.text = original;
            m.sets = all_sets;
            m.keys = src.take_keys_read();
            m.warnings = src.into_warnings();
            Ok(m)
        }
        _ => {
            let mut problems = src.into_problems();
            if problems.is_empty() {
                problems.push(Problem::file(path, "could not be read"));
            }
            Err(Error::Input(problems))
        }
    }
}

pub(crate) fn read_model(t: &mut Table, file: &Path, sha256: String) -> Option<Model> {
    let name = t.required("name").and_then(|v| v.string());
    let kind = t.required("kind").and_then(|v| {
        let s = v.string()?;
        let k = Kind::parse(&s);
        if k.is_none() {
            v.problem(format!(
                "unknown kind \"{s}\"; expected one of: {}",
                Kind::all()
                    .iter()
                    .map(|k| k.name())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        k
    });
    let description = t.get("description").and_then(|v| v.string());
    let ignore_columns = match t.get("ignore_columns") {
        None => Some(Vec::new()),
        Some(v) => v.string_list().map(|names| {
            names
                .iter()
                .map(|n| crate::workbook::header_key(n))
                .collect()
        }),
    };
    let price_base = t.get("price_base").and_then(|v| {
        let s = v.string()?;
        FinancialYear::parse(&s).map_err(|e| v.problem(e)).ok()
    });
    let horizon = read_horizon(t);
    if let Some(h) = horizon {
        t.source().set_horizon(h);
    }
    // A kind may take inflation keys of its own (a shared service's
    // categories); they are checked against its plan when it is prepared.
    let open = kind.is_some_and(|k| k.open_inflation_keys(t));
    let inflation = t
        .get("inflation")
        .and_then(|v| v.table())
        .map(|table| read_inflation(table, open))
        .unwrap_or(Some(Inflation::default()));
    let appraisal = t
        .get("appraisal")
        .and_then(|v| v.table())
        .map(read_appraisal)
        .unwrap_or(Some(AppraisalSettings::default()));
    let one_off_costs = match t.get("one_off_costs") {
        None => Some(Vec::new()),
        Some(v) => v.list().map(|items| {
            items
                .iter()
                .filter_map(|item| item.table().and_then(read_one_off))
                .collect::<Vec<_>>()
        }),
    };
    let uncertainty = t
        .get("uncertainty")
        .and_then(|v| v.table())
        .map(|mut u| crate::uncertainty::spec::read(&mut u));
    let kind = kind?;
    let scenario = kind.read(t);
    t.finish();
    Some(Model {
        file: file.to_path_buf(),
        sha256,
        name: name?,
        kind,
        description,
        price_base,
        horizon: horizon?,
        inflation: inflation?,
        appraisal: appraisal?,
        one_off_costs: one_off_costs?,
        scenario: scenario?,
        keys: Vec::new(),
        warnings: Vec::new(),
        ignore_columns: ignore_columns?,
        baseline_scales: Vec::new(),
        uncertainty: uncertainty.map(|u| u.ok_or(())).transpose().ok()?,
        text: std::sync::Arc::from(""),
        sets: Vec::new(),
    })
}

fn read_horizon(root: &mut Table) -> Option<Horizon> {
    let mut t = root.required("horizon")?.table()?;
    let start = t.required("start").and_then(|v| {
        let s = v.string()?;
        FinancialYear::parse(&s).map_err(|e| v.problem(e)).ok()
    });
    let years = t.required("years").and_then(|v| v.integer(1, 60));
    t.finish();
    Some(Horizon {
        start: start?,
        years: years? as u32,
    })
}

/// `[inflation]`; with `open`, any key is taken (the kind checks the
/// keys against its plan when it is prepared).
fn read_inflation(mut t: Table, open: bool) -> Option<Inflation> {
    let allowed = inflation_keys();
    let mut inflation = Inflation::default();
    let mut ok = true;
    for (key, v) in t.keys() {
        if !open && !allowed.contains(&key.as_str()) {
            continue; // reported as unknown by finish()
        }
        t.mark_used(&key);
        match (key.as_str(), v.rate()) {
            (_, None) => ok = false,
            ("default", Some(r)) => inflation.default = r,
            ("gdp_deflator", Some(r)) => inflation.gdp_deflator = Some(r),
            (k, Some(r)) => {
                inflation.rates.insert(k.to_string(), r);
            }
        }
    }
    for key in &allowed {
        t.mark_used(key);
    }
    t.finish();
    ok.then_some(inflation)
}

fn read_appraisal(mut t: Table) -> Option<AppraisalSettings> {
    let mut a = AppraisalSettings::default();
    let mut ok = true;
    if let Some(v) = t.get("discount_rate") {
        a.discount_rate = v.rate();
        ok &= a.discount_rate.is_some();
    }
    if let Some(v) = t.get("optimism_bias") {
        // HM Treasury's highest published upper bound is 200%.
        match v.share_up_to(Decimal::TWO) {
            Some(r) => a.optimism_bias = r,
            None => ok = false,
        }
    }
    if let Some(v) = t.get("perspective") {
        match v.string().as_deref() {
            Some("authority") => a.public_sector = false,
            Some("public_sector") => a.public_sector = true,
            Some(other) => {
                v.problem(format!(
                    "\"{other}\" is not a perspective; expected \"authority\" (the \
                     authority's own flows, the default) or \"public_sector\" (every \
                     body's flows)"
                ));
                ok = false;
            }
            None => ok = false,
        }
    }
    if let Some(v) = t.get("include_capital_receipts") {
        match v.boolean() {
            Some(b) => a.include_capital_receipts = b,
            None => ok = false,
        }
    }
    t.finish();
    ok.then_some(a)
}

fn read_one_off(mut t: Table) -> Option<OneOffCost> {
    let label = t.required("label").and_then(|v| v.string());
    let amount = t.required("amount").and_then(|v| v.money());
    let date = t.required("date").and_then(|v| v.date());
    let months = match t.get("months") {
        Some(v) => v.integer(1, 720).map(|m| m as u32),
        None => Some(1),
    };
    t.finish();
    Some(OneOffCost {
        label: label?,
        amount: amount?,
        date: date?,
        months: months?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_folder_names_must_be_plain_file_names() {
        for bad in [
            "",
            ".",
            "..",
            "a/b",
            "a\\b",
            "a\u{1b}b",
            "a\u{9b}",
            "CON",
            "con",
            "Nul.x",
            "AUX ",
            "com1",
            "LPT9",
            "a.",
            "a ",
            ".savings.lock",
            ".savings-staging-1-2",
        ] {
            assert!(output_folder_problem(bad).is_some(), "{bad:?}");
        }
        for good in [
            "building_vacation",
            "...a",
            ".hidden",
            "com0",
            "com10",
            "console",
            "Option 2 – trust",
            "nulls",
        ] {
            assert_eq!(output_folder_problem(good), None, "{good:?}");
        }
    }

    #[test]
    fn the_stem_is_the_file_name_without_toml() {
        assert_eq!(stem_of(Path::new("models/a.b.toml")), "a.b");
        assert_eq!(stem_of(Path::new("...toml")), "..");
        assert_eq!(stem_of(Path::new("..toml")), ".");
    }
}
