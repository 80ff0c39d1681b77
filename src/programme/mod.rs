//! The programme view (`savings programme`): the workstreams a council
//! has chosen, each a model file, added up by financial year against the
//! savings the budget assumes (the MTFS target), with what each
//! workstream's owner reports as achieved and forecast, a RAG rating, and
//! double counting between workstreams flagged.
//!
//! Planned cashable is each workstream's `cashable` of the year as its
//! own `projection.csv` gives it (rounded to the penny), so the programme
//! total of a year is the sum of those figures to the penny. A year
//! outside a workstream's horizon counts £0 for it.
//!
//! RAG: as the owner reports it in the Actuals sheet; where the sheet
//! gives none, from achieved-or-forecast (the forecast when there is one,
//! else the achieved) against planned: green at 95% of planned or more,
//! amber from 75%, red below.

pub mod actuals;
pub mod file;
pub mod overlap;
pub mod simulate;

pub use file::{ProgrammeFile, Status, Workstream};

use crate::baseline::{Baseline, Rag};
use crate::calendar::{FinancialYear, Month};
use crate::error::{Error, Problem, Result};
use crate::flows::Class;
use crate::kinds::{self, Sources};
use crate::money::{round_pennies, Decimal};
use crate::results::ModelRun;
use crate::run::Reading;
use crate::unit_costs::Library;
use crate::{model, workbook};
use actuals::Deliveries;
use overlap::Overlap;
use std::path::{Path, PathBuf};

/// Green from this share of planned.
pub const GREEN_FROM: Decimal = Decimal::from_parts(95, 0, 0, false, 2);
/// Amber from this share of planned; red below.
pub const AMBER_FROM: Decimal = Decimal::from_parts(75, 0, 0, false, 2);

/// The rating of achieved-or-forecast `expected` against `planned`.
pub fn rate(planned: Decimal, expected: Decimal) -> Rag {
    if expected >= planned * GREEN_FROM {
        Rag::Green
    } else if expected >= planned * AMBER_FROM {
        Rag::Amber
    } else {
        Rag::Red
    }
}

/// Who gave a rating.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RagSource {
    /// The Actuals sheet's `rag` column.
    Owner,
    /// The 95% / 75% rule.
    Rule,
    /// The chance of delivering the plan in `savings programme
    /// --simulate`, for a year with nothing reported.
    Simulation,
}

impl RagSource {
    pub fn name(self) -> &'static str {
        match self {
            RagSource::Owner => "owner",
            RagSource::Rule => "rule",
            RagSource::Simulation => "simulation",
        }
    }
}

/// A workstream's figures for one of the programme's years.
#[derive(Clone, Debug, PartialEq)]
pub struct WorkstreamYear {
    /// Cashable of the year as its `projection.csv` gives it.
    pub planned: Decimal,
    /// One-off costs of the year, as a positive amount to find.
    pub investment: Decimal,
    pub achieved: Option<Decimal>,
    pub forecast: Option<Decimal>,
    /// The forecast when there is one, else the achieved.
    pub expected: Option<Decimal>,
    /// Expected − planned.
    pub variance: Option<Decimal>,
    pub rag: Option<(Rag, RagSource)>,
    /// Planned − expected where expected falls short, else 0.
    pub at_risk: Decimal,
}

/// A workstream with its run (none when dropped) and its years.
#[derive(Clone, Debug)]
pub struct WorkstreamResult {
    pub def: Workstream,
    pub run: Option<ModelRun>,
    /// One per programme year; empty when dropped.
    pub years: Vec<WorkstreamYear>,
}

impl WorkstreamResult {
    pub fn counts(&self) -> bool {
        self.def.status.counts() && self.run.is_some()
    }
}

/// The programme's figures for one year.
#[derive(Clone, Debug, PartialEq)]
pub struct YearTotal {
    pub year: FinancialYear,
    pub planned: Decimal,
    /// Amount at stake in double counting (every pair's).
    pub overlaps: Decimal,
    pub planned_net: Decimal,
    pub target: Option<Decimal>,
    /// Target − planned net of overlaps (positive: short of the target).
    pub gap: Option<Decimal>,
    /// Sum of what the workstreams report achieved (none reported: None).
    pub achieved: Option<Decimal>,
    pub expected: Option<Decimal>,
    pub at_risk: Decimal,
    pub investment: Decimal,
    pub cumulative_planned: Decimal,
    pub cumulative_planned_net: Decimal,
    pub cumulative_target: Option<Decimal>,
    pub cumulative_achieved: Option<Decimal>,
}

/// When a year falls against the programme's date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    Past,
    Current,
    Future,
}

/// A programme computed: every figure the outputs show.
#[derive(Clone, Debug)]
pub struct Programme {
    pub def: ProgrammeFile,
    /// The FY holding `as_of`.
    pub current: Option<FinancialYear>,
    pub years: Vec<FinancialYear>,
    pub workstreams: Vec<WorkstreamResult>,
    pub totals: Vec<YearTotal>,
    pub overlaps: Vec<Overlap>,
    pub warnings: Vec<String>,
    pub baseline_file: PathBuf,
    pub baseline_sha256: String,
    /// The workbook the actuals came from, when any were read.
    pub actuals_file: Option<PathBuf>,
    /// `--simulate`: the programme's uncertainty.
    pub simulation: Option<simulate::ProgrammeSimulation>,
}

impl Programme {
    pub fn has_target(&self) -> bool {
        !self.def.target.is_empty()
    }

    pub fn has_actuals(&self) -> bool {
        self.actuals_file.is_some()
    }

    pub fn counted(&self) -> impl Iterator<Item = &WorkstreamResult> + '_ {
        self.workstreams.iter().filter(|w| w.counts())
    }

    pub fn when(&self, year: FinancialYear) -> When {
        match self.current {
            Some(c) if year.0 < c.0 => When::Past,
            Some(c) if year.0 == c.0 => When::Current,
            _ => When::Future,
        }
    }

    /// The first year whose planned savings (net of overlaps) fall short
    /// of its target.
    pub fn first_gap(&self) -> Option<FinancialYear> {
        self.totals
            .iter()
            .find(|t| t.gap.is_some_and(|g| g > Decimal::ZERO))
            .map(|t| t.year)
    }

    pub fn total_target(&self) -> Decimal {
        self.def.target.iter().map(|(_, a)| *a).sum()
    }

    pub fn total_planned(&self) -> Decimal {
        self.totals.iter().map(|t| t.planned).sum()
    }

    pub fn total_planned_net(&self) -> Decimal {
        self.totals.iter().map(|t| t.planned_net).sum()
    }

    /// Target of the years up to the current one, and what was achieved
    /// in them.
    pub fn to_date(&self) -> (Decimal, Decimal) {
        let mut target = Decimal::ZERO;
        let mut achieved = Decimal::ZERO;
        for t in &self.totals {
            if self.when(t.year) != When::Future {
                target += t.target.unwrap_or_default();
                achieved += t.achieved.unwrap_or_default();
            }
        }
        (target, achieved)
    }

    /// The latest ratings: each counted workstream's rating of the
    /// current year (or the latest year it has one).
    pub fn latest_rag(&self, w: &WorkstreamResult) -> Option<(FinancialYear, Rag, RagSource)> {
        self.years
            .iter()
            .zip(&w.years)
            .filter(|(y, _)| self.when(**y) != When::Future)
            .filter_map(|(y, wy)| wy.rag.map(|(r, s)| (*y, r, s)))
            .next_back()
    }
}

/// What to run.
#[derive(Clone, Debug)]
pub enum Input {
    /// A programme file.
    File(PathBuf),
    /// Model files: the models are the workstreams, no target.
    Models(Vec<PathBuf>),
}

/// A programme run's request.
#[derive(Clone, Debug)]
pub struct Request {
    pub input: Input,
    /// `--baseline`: wins over the programme file's.
    pub baseline: Option<PathBuf>,
    /// The workbook when neither names one.
    pub default_baseline: PathBuf,
    pub reading: Reading,
    /// `--simulate`, with the command line's iterations and seed.
    pub simulate: Option<crate::uncertainty::Overrides>,
}

/// `workstream "NAME": message`, at the problem's own place.
fn prefixed(name: &str, problems: Vec<Problem>) -> Vec<Problem> {
    problems
        .into_iter()
        .map(|p| Problem::new(p.place, format!("workstream \"{name}\": {}", p.message)))
        .collect()
}

fn input_problems(e: Error) -> std::result::Result<Vec<Problem>, Error> {
    match e {
        Error::Input(p) => Ok(p),
        other => Err(other),
    }
}

/// Reads, runs and adds up a programme. Every input problem is
/// collected; nothing is written.
pub fn compute(req: &Request) -> Result<Programme> {
    let mut problems: Vec<Problem> = Vec::new();
    // The programme file, or the models standing for it.
    let (def, models) = match &req.input {
        Input::File(path) => {
            let def = file::read(path)?;
            let mut models = Vec::new();
            for w in &def.workstreams {
                match (&w.model, w.status.counts()) {
                    (Some(m), true) => match model::load_with(m, &req.reading.sets) {
                        Ok(m) => models.push(Some(m)),
                        Err(e) => {
                            problems.extend(prefixed(&w.name, input_problems(e)?));
                            models.push(None);
                        }
                    },
                    _ => models.push(None),
                }
            }
            (def, models)
        }
        Input::Models(files) => {
            let mut loaded = Vec::new();
            for f in files {
                match model::load_with(f, &req.reading.sets) {
                    Ok(m) => loaded.push(m),
                    Err(e) => problems.extend(input_problems(e)?),
                }
            }
            if !problems.is_empty() {
                return Err(Error::Input(problems));
            }
            let named: Vec<(PathBuf, String)> = loaded
                .iter()
                .map(|m| (m.file.clone(), m.name.clone()))
                .collect();
            (
                file::from_models(&named),
                loaded.into_iter().map(Some).collect(),
            )
        }
    };
    let unit_costs = match Library::open(req.reading.unit_costs.as_deref()) {
        Ok(l) => Some(l),
        Err(e) => {
            problems.extend(input_problems(e)?);
            None
        }
    };
    let baseline_path = req
        .baseline
        .clone()
        .or_else(|| def.baseline.clone())
        .unwrap_or_else(|| req.default_baseline.clone());
    let options = workbook::ReadOptions {
        ignore_columns: models
            .iter()
            .flatten()
            .flat_map(|m| m.ignore_columns.iter().cloned())
            .collect(),
        limits: req.reading.limits,
    };
    let baseline = match workbook::read_baseline_with(&baseline_path, &options) {
        Ok(b) => Some(b),
        Err(e) => {
            let mut p = input_problems(e)?;
            p.append(&mut problems);
            problems = p;
            None
        }
    };
    // The actuals: from their own workbook, or the baseline's sheet.
    let current = def.as_of.map(|d| Month::of(d).financial_year());
    let actuals_source: Option<(PathBuf, Option<Baseline>)> = match (&def.actuals, &baseline) {
        (Some(path), _) => {
            match workbook::read_baseline_with(path, &workbook::ReadOptions::default()) {
                Ok(b) if b.actuals.is_some() => Some((path.clone(), Some(b))),
                Ok(b) => {
                    problems.push(Problem::file(
                        path,
                        format!(
                            "has no Actuals sheet, which the programme file's actuals key names \
                             it for (sheets there: {})",
                            b.sheet_names.join(", ")
                        ),
                    ));
                    None
                }
                Err(e) => {
                    problems.extend(input_problems(e)?);
                    None
                }
            }
        }
        (None, Some(b)) if def.file.is_some() && b.actuals.is_some() => {
            Some((b.file.clone(), None))
        }
        _ => None,
    };
    let (Some(baseline), Some(unit_costs)) = (baseline, unit_costs) else {
        return Err(Error::Input(problems));
    };
    let deliveries: Option<(PathBuf, Deliveries)> = match &actuals_source {
        Some((path, book)) => {
            let rows = book
                .as_ref()
                .and_then(|b| b.actuals.as_deref())
                .or(baseline.actuals.as_deref())
                .unwrap_or(&[]);
            match actuals::match_rows(path, rows, &def.workstreams, current) {
                Ok(d) => Some((path.clone(), d)),
                Err(mut p) => {
                    problems.append(&mut p);
                    None
                }
            }
        }
        None => None,
    };
    if !problems.is_empty() {
        return Err(Error::Input(problems));
    }
    // Each counted workstream prepared and run, spread over the cores.
    let sources = Sources {
        baseline: &baseline,
        unit_costs: &unit_costs,
        prices: None,
        memo: None,
    };
    let runs = prepare_and_compute(&models, &sources, &def.workstreams)?;
    let mut programme = build(def, current, runs, deliveries, &baseline);
    if let Some(o) = &req.simulate {
        programme.simulation = Some(simulate::run(&programme, &models, &sources, o)?);
        simulate::rate_from_chance(&mut programme);
    }
    Ok(programme)
}

/// Prepares, projects and appraises every counted workstream's model,
/// the workstreams dealt round the machine's cores in turn (so that a
/// run of heavy models shares them), and gives the runs in order. Every
/// workstream's input problems are collected, prefixed by its name; any
/// other failure (the first in order) is the error.
fn prepare_and_compute(
    models: &[Option<model::Model>],
    sources: &Sources,
    workstreams: &[Workstream],
) -> Result<Vec<Option<ModelRun>>> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(models.len().max(1));
    let one = |m: &model::Model| -> Result<ModelRun> {
        let p = kinds::prepare_with(m, sources)?;
        crate::run::compute(p, sources.baseline)
    };
    let mut done: Vec<(usize, Option<Result<ModelRun>>)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let one = &one;
                s.spawn(move || {
                    models
                        .iter()
                        .enumerate()
                        .skip(t)
                        .step_by(threads)
                        .map(|(i, m)| (i, m.as_ref().map(one)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join().unwrap_or_else(|_| {
                    vec![(
                        0,
                        Some(Err(Error::Internal("running a workstream failed".into()))),
                    )]
                })
            })
            .collect()
    });
    done.sort_by_key(|(i, _)| *i);
    let mut problems = Vec::new();
    let mut runs = Vec::new();
    for ((_, r), w) in done.into_iter().zip(workstreams) {
        match r {
            None => runs.push(None),
            Some(Ok(run)) => runs.push(Some(run)),
            Some(Err(Error::Input(p))) => {
                problems.extend(prefixed(&w.name, p));
                runs.push(None);
            }
            Some(Err(e)) => return Err(e),
        }
    }
    if problems.is_empty() {
        Ok(runs)
    } else {
        Err(Error::Input(problems))
    }
}

/// The programme's years: the target's, else every year some counted
/// workstream's horizon covers.
fn programme_years(def: &ProgrammeFile, runs: &[Option<ModelRun>]) -> Vec<FinancialYear> {
    if !def.target.is_empty() {
        return def.target.iter().map(|(y, _)| *y).collect();
    }
    let horizons = runs.iter().flatten().map(|r| &r.prepared.model.horizon);
    let first = horizons.clone().map(|h| h.start.0).min();
    let last = horizons.map(|h| h.last_year().0).max();
    match (first, last) {
        (Some(a), Some(b)) => (a..=b).map(FinancialYear).collect(),
        _ => Vec::new(),
    }
}

fn build(
    def: ProgrammeFile,
    current: Option<FinancialYear>,
    runs: Vec<Option<ModelRun>>,
    deliveries: Option<(PathBuf, Deliveries)>,
    baseline: &Baseline,
) -> Programme {
    let years = programme_years(&def, &runs);
    let mut warnings = Vec::new();
    for (y, _) in &def.target {
        let covered = runs.iter().flatten().any(|r| {
            let h = &r.prepared.model.horizon;
            h.start.0 <= y.0 && y.0 <= h.last_year().0
        });
        if !covered {
            warnings.push(format!(
                "the target year {y} is outside every workstream's horizon: no workstream plans \
                 savings for it, so it counts £0 planned"
            ));
        }
    }
    let when = |y: FinancialYear| match current {
        Some(c) if y.0 < c.0 => When::Past,
        Some(c) if y.0 == c.0 => When::Current,
        _ => When::Future,
    };
    let mut workstreams = Vec::new();
    for (i, (w, run)) in def.workstreams.iter().zip(runs).enumerate() {
        if let Some(r) = &run {
            for warning in &r.warnings {
                warnings.push(format!("workstream \"{}\": {warning}", w.name));
            }
        }
        let ys: Vec<WorkstreamYear> = match &run {
            None => Vec::new(),
            Some(r) => years
                .iter()
                .map(|y| {
                    let row = r.appraisal.rows.iter().find(|row| row.year == *y);
                    let planned = row
                        .map(|row| round_pennies(row.class(Class::Cashable)))
                        .unwrap_or(Decimal::ZERO);
                    let investment = row
                        .map(|row| round_pennies(-row.class(Class::OneOffCost)))
                        .unwrap_or(Decimal::ZERO);
                    let d = deliveries.as_ref().and_then(|(_, d)| d.get(&(i, y.0)));
                    if d.is_none()
                        && deliveries.is_some()
                        && when(*y) != When::Future
                        && !planned.is_zero()
                    {
                        warnings.push(format!(
                            "no actuals for workstream \"{}\" in {y}, which planned {}; its \
                             RAG is left blank",
                            w.name,
                            crate::money::pounds_text(planned)
                        ));
                    }
                    let achieved = d.map(|d| d.achieved);
                    let forecast = d.and_then(|d| d.forecast);
                    let expected = forecast.or(achieved);
                    let rag = match d.and_then(|d| d.rag) {
                        Some(r) => Some((r, RagSource::Owner)),
                        None => expected.map(|e| (rate(planned, e), RagSource::Rule)),
                    };
                    WorkstreamYear {
                        planned,
                        investment,
                        achieved,
                        forecast,
                        expected,
                        variance: expected.map(|e| e - planned),
                        rag,
                        at_risk: expected
                            .map(|e| (planned - e).max(Decimal::ZERO))
                            .unwrap_or_default(),
                    }
                })
                .collect(),
        };
        workstreams.push(WorkstreamResult {
            def: w.clone(),
            run,
            years: ys,
        });
    }
    if let Some((file, d)) = &deliveries {
        let mut outside: Vec<(usize, i32)> = d
            .keys()
            .filter(|(_, y)| !years.iter().any(|p| p.0 == *y))
            .copied()
            .collect();
        outside.sort();
        for (i, y) in outside {
            warnings.push(format!(
                "{}: the Actuals for workstream \"{}\" in {} are outside the programme's \
                 years ({}) and are not shown",
                file.display(),
                def.workstreams[i].name,
                FinancialYear(y),
                period(&years)
            ));
        }
    }
    // Double counting between counted workstreams.
    let planned_of: Vec<Vec<Decimal>> = workstreams
        .iter()
        .map(|w| w.years.iter().map(|y| y.planned).collect())
        .collect();
    let claims: Vec<overlap::Claim> = workstreams
        .iter()
        .zip(&planned_of)
        .filter(|(w, _)| w.counts())
        .filter_map(|(w, p)| {
            w.run.as_ref().map(|r| overlap::Claim {
                name: &w.def.name,
                rows: r.prepared.plan.baseline_row_amounts(),
                planned: p,
            })
        })
        .collect();
    let overlaps = overlap::find(&claims);
    for o in &overlaps {
        warnings.push(format!(
            "double counting: \"{}\" and \"{}\" both draw savings from {}; {} over {} is \
             counted twice and is taken off the total net of overlaps",
            o.first,
            o.second,
            o.rows.join("; "),
            crate::money::pounds_text(o.total()),
            period(&years)
        ));
    }
    // The totals by year.
    let mut totals: Vec<YearTotal> = Vec::new();
    let target_of = |y: FinancialYear| def.target.iter().find(|(t, _)| *t == y).map(|(_, a)| *a);
    let (mut cp, mut cn) = (Decimal::ZERO, Decimal::ZERO);
    let mut ct: Option<Decimal> = None;
    let mut ca: Option<Decimal> = None;
    for (k, y) in years.iter().enumerate() {
        let counted: Vec<&WorkstreamYear> = workstreams
            .iter()
            .filter(|w| w.counts())
            .filter_map(|w| w.years.get(k))
            .collect();
        let planned: Decimal = counted.iter().map(|c| c.planned).sum();
        let overlaps_y: Decimal = overlaps.iter().map(|o| o.at_stake[k]).sum();
        let planned_net = planned - overlaps_y;
        let sum_known = |f: fn(&WorkstreamYear) -> Option<Decimal>| -> Option<Decimal> {
            let known: Vec<Decimal> = counted.iter().filter_map(|c| f(c)).collect();
            (!known.is_empty()).then(|| known.iter().copied().sum())
        };
        let achieved = sum_known(|c| c.achieved);
        let expected = sum_known(|c| c.expected);
        let target = target_of(*y);
        cp += planned;
        cn += planned_net;
        if let Some(t) = target {
            ct = Some(ct.unwrap_or_default() + t);
        }
        if let Some(a) = achieved {
            ca = Some(ca.unwrap_or_default() + a);
        }
        totals.push(YearTotal {
            year: *y,
            planned,
            overlaps: overlaps_y,
            planned_net,
            target,
            gap: target.map(|t| t - planned_net),
            achieved,
            expected,
            at_risk: counted.iter().map(|c| c.at_risk).sum(),
            investment: counted.iter().map(|c| c.investment).sum(),
            cumulative_planned: cp,
            cumulative_planned_net: cn,
            cumulative_target: ct,
            cumulative_achieved: if when(*y) == When::Future { None } else { ca },
        });
    }
    Programme {
        def,
        current,
        years,
        workstreams,
        totals,
        overlaps,
        warnings,
        baseline_file: baseline.file.clone(),
        baseline_sha256: baseline.sha256.clone(),
        actuals_file: deliveries.map(|(p, _)| p),
        simulation: None,
    }
}

/// "2012/13 to 2015/16".
pub fn period(years: &[FinancialYear]) -> String {
    match (years.first(), years.last()) {
        (Some(a), Some(b)) if a != b => format!("{a} to {b}"),
        (Some(a), _) => a.to_string(),
        _ => "no years".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn rag_thresholds_at_their_edges() {
        let planned = d("1000.00");
        assert_eq!(rate(planned, d("950.00")), Rag::Green);
        assert_eq!(rate(planned, d("949.99")), Rag::Amber);
        assert_eq!(rate(planned, d("750.00")), Rag::Amber);
        assert_eq!(rate(planned, d("749.99")), Rag::Red);
        assert_eq!(rate(Decimal::ZERO, Decimal::ZERO), Rag::Green);
    }
}

/// What a programme run did.
#[derive(Debug)]
pub struct Outcome {
    pub programme: Programme,
    pub written: Vec<PathBuf>,
}

/// Computes a programme and writes its files to `OUT/programme/`, all
/// of them or none.
pub fn run(req: &Request, out: &Path) -> Result<Outcome> {
    let programme = compute(req)?;
    let files = crate::output::programme::render_programme(&programme, out)?;
    // No output may overwrite an input: the programme file, the models,
    // the actuals workbook or the baseline.
    let mut inputs: Vec<PathBuf> = programme.def.file.iter().cloned().collect();
    inputs.extend(
        programme
            .def
            .workstreams
            .iter()
            .filter_map(|w| w.model.clone()),
    );
    inputs.extend(programme.actuals_file.iter().cloned());
    let written = crate::output::write_all(out, files, &inputs, &programme.baseline_file)?;
    Ok(Outcome { programme, written })
}

/// Whether a TOML file is a programme file (it has `[[workstream]]`
/// entries) rather than a model; a file that cannot be read is taken as
/// a model, whose reading then says what is wrong.
pub fn is_programme_file(path: &Path) -> bool {
    let Ok(bytes) =
        crate::input_file::read_capped(path, crate::input_file::MODEL_FILE_LIMIT, "the file")
    else {
        return false;
    };
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return false;
    };
    match toml::de::DeTable::parse(text) {
        Ok(t) => t.get_ref().iter().any(|(k, _)| k.get_ref() == "workstream"),
        // A file that is not valid TOML: a programme file if it says so.
        Err(_) => text
            .lines()
            .any(|l| l.trim_start().starts_with("[[workstream]]")),
    }
}
