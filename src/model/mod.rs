//! Model files: one scenario per TOML file (SPEC section 7).
//!
//! This module reads the keys every kind shares (`name`, `kind`,
//! `[horizon]`, `[inflation]`, `[appraisal]`, `[[one_off_costs]]`); each
//! kind's own keys are read by its module in [`crate::kinds`]. Every
//! problem is reported with the file, line and key.

pub mod reader;

use crate::baseline::{LibraryCategory, Sheet, SiteCategory};
use crate::calendar::{FinancialYear, Horizon};
use crate::error::{Error, Problem, Result};
use crate::kinds::{self, Scenario};
use crate::money::Decimal;
use crate::prices::Inflation;
use chrono::NaiveDate;
use reader::{Source, Table};
use std::path::{Path, PathBuf};

/// The kinds of scenario model.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    BuildingVacation,
    SharedService,
    LibrariesTrust,
    SenInvestToSave,
}

impl Kind {
    pub const ALL: [Kind; 4] = [
        Kind::BuildingVacation,
        Kind::SharedService,
        Kind::LibrariesTrust,
        Kind::SenInvestToSave,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::BuildingVacation => "building_vacation",
            Kind::SharedService => "shared_service",
            Kind::LibrariesTrust => "libraries_trust",
            Kind::SenInvestToSave => "sen_invest_to_save",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == s)
    }

    /// The baseline sheet the kind reads.
    pub fn sheet(self) -> Sheet {
        match self {
            Kind::BuildingVacation => Sheet::Sites,
            Kind::SharedService | Kind::LibrariesTrust => Sheet::Libraries,
            Kind::SenInvestToSave => Sheet::Placements,
        }
    }

    /// Whether the kind needs the workbook's Meta sheet whatever the model
    /// says (for the authority).
    pub fn needs_meta(self) -> bool {
        matches!(self, Kind::BuildingVacation | Kind::SenInvestToSave)
    }
}

/// The `[appraisal]` table.
#[derive(Clone, Debug, PartialEq)]
pub struct AppraisalSettings {
    /// A constant discount rate; `None` for the Green Book schedule.
    pub discount_rate: Option<Decimal>,
    pub optimism_bias: Decimal,
    pub include_capital_receipts: bool,
}

impl Default for AppraisalSettings {
    fn default() -> Self {
        AppraisalSettings {
            discount_rate: None,
            optimism_bias: Decimal::ZERO,
            include_capital_receipts: true,
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
}

impl Model {
    /// The output folder's name: the file name without `.toml`.
    pub fn stem(&self) -> String {
        self.file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "model".into())
    }
}

/// Keys allowed in `[inflation]`: every cost category, `placements`,
/// `default` and `gdp_deflator`.
pub fn inflation_keys() -> Vec<&'static str> {
    let mut keys: Vec<&str> = vec!["default", "gdp_deflator", "placements"];
    keys.extend(SiteCategory::ALL.iter().map(|c| c.name()));
    keys.extend(LibraryCategory::ALL.iter().map(|c| c.name()));
    keys.sort();
    keys.dedup();
    keys
}

/// Reads and checks a model file.
pub fn load(path: &Path) -> Result<Model> {
    let bytes = std::fs::read(path).map_err(|e| {
        Error::input(Problem::file(
            path,
            format!("cannot read the model file: {e}"),
        ))
    })?;
    from_bytes(path, &bytes)
}

/// Reads and checks a model file's content; `path` names it in messages
/// and gives the output folder's name. This is [`load`] without the file
/// system, for tests and fuzzing.
pub fn from_bytes(path: &Path, bytes: &[u8]) -> Result<Model> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| Error::input(Problem::file(path, "is not UTF-8 text; save it as UTF-8")))?;
    let src = Source::new(path, text);
    let model = reader::parse(&src, text).and_then(|root| {
        let mut t = Table::new(&src, root.get_ref(), 0..0, String::new());
        read_model(&mut t, path, crate::workbook::sha256_hex(bytes))
    });
    match model {
        Some(mut m) if !src.has_problems() => {
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

fn read_model(t: &mut Table, file: &Path, sha256: String) -> Option<Model> {
    let name = t.required("name").and_then(|v| v.string());
    let kind = t.required("kind").and_then(|v| {
        let s = v.string()?;
        let k = Kind::parse(&s);
        if k.is_none() {
            v.problem(format!(
                "unknown kind \"{s}\"; expected one of: {}",
                Kind::ALL.map(|k| k.name()).join(", ")
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
    let inflation = t
        .get("inflation")
        .and_then(|v| v.table())
        .map(read_inflation)
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
    let kind = kind?;
    let scenario = kinds::read_scenario(kind, t);
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

fn read_inflation(mut t: Table) -> Option<Inflation> {
    let allowed = inflation_keys();
    let mut inflation = Inflation::default();
    let mut ok = true;
    for (key, v) in t.keys() {
        if !allowed.contains(&key.as_str()) {
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
