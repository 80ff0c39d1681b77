//! A run from inputs to output files: read and check every input first,
//! then compute every model, then write — so bad input writes nothing.

use crate::appraisal::{try_appraise, Appraisal};
use crate::baseline::{Baseline, Sheet};
use crate::error::{Error, Problem, Result};
use crate::flows::{Class, Totals};
use crate::kinds::{self, Prepared};
use crate::model::{self, Model};
use crate::money::Decimal;
use crate::output;
use crate::results::ModelRun;
use crate::unit_costs::Library;
use crate::workbook;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// What a run read: the baseline, each model and the unit-cost library,
/// checked.
#[derive(Debug)]
pub struct Inputs {
    pub baseline: Baseline,
    pub models: Vec<Model>,
    pub unit_costs: Library,
}

/// How a run reads its inputs: the bounds on the workbook, and a user's
/// unit-cost file on top of the bundled library.
#[derive(Clone, Debug, Default)]
pub struct Reading {
    pub limits: workbook::guard::Limits,
    pub unit_costs: Option<PathBuf>,
    /// `--set PATH=VALUE` overrides, applied to every model.
    pub sets: Vec<model::params::Set>,
}

/// Reads the baseline and every model file, collecting the problems of
/// all of them before failing.
pub fn load(model_files: &[PathBuf], baseline: &Path) -> Result<Inputs> {
    load_with(model_files, baseline, &Reading::default())
}

/// [`load`] with bounds on the workbook other than the defaults, or a
/// user's unit-cost file.
pub fn load_with(model_files: &[PathBuf], baseline: &Path, reading: &Reading) -> Result<Inputs> {
    load_meanwhile(
        model_files,
        baseline,
        reading,
        |_: &Baseline, _: &[Model], _: &Library| (),
    )
    .map(|(inputs, _)| inputs)
}

/// [`load_with`], putting a core to work while a large Placements sheet
/// is read (see [`workbook::read_baseline_meanwhile`]): when the model
/// files and every other sheet are read without a problem, `meanwhile` is
/// called with the workbook as read so far, the models and the unit-cost
/// library, and what it gives is returned beside the inputs.
pub fn load_meanwhile<T>(
    model_files: &[PathBuf],
    baseline: &Path,
    reading: &Reading,
    meanwhile: impl FnOnce(&Baseline, &[Model], &Library) -> T,
) -> Result<(Inputs, Option<T>)> {
    let limits = reading.limits;
    let mut problems = Vec::new();
    let unit_costs = match Library::open(reading.unit_costs.as_deref()) {
        Ok(l) => Some(l),
        Err(Error::Input(mut p)) => {
            problems.append(&mut p);
            None
        }
        Err(e) => return Err(e),
    };
    let mut models = Vec::new();
    for f in model_files {
        // The file's name makes its output folder: checked whatever the
        // file holds.
        if let Some(why) = model::output_folder_problem(&model::stem_of(f)) {
            problems.push(Problem::file(f, why));
        }
        match model::load_with(f, &reading.sets) {
            Ok(m) => models.push(m),
            Err(Error::Input(mut p)) => problems.append(&mut p),
            Err(e) => return Err(e),
        }
    }
    // A model's [uncertainty] table is checked against the model on every
    // run, so that a mistyped path is found before anyone simulates.
    for m in &models {
        if let Err(mut p) = crate::uncertainty::resolve(m, &Default::default()) {
            problems.append(&mut p);
        }
    }
    let mut by_stem: HashMap<String, &Model> = HashMap::new();
    for m in &models {
        if let Some(first) = by_stem.insert(m.stem(), m) {
            problems.push(Problem::file(
                &m.file,
                format!(
                    "has the same file name as {}; their outputs would share a folder — rename one",
                    first.file.display()
                ),
            ));
        }
    }
    // The columns any model says to leave out are left out of the
    // workbook, which every model shares.
    let options = workbook::ReadOptions {
        ignore_columns: models
            .iter()
            .flat_map(|m| m.ignore_columns.iter().cloned())
            .collect(),
        limits,
    };
    let (read, given) =
        workbook::read_baseline_meanwhile(baseline, &options, |so_far| match &unit_costs {
            Some(unit_costs) if problems.is_empty() => Some(meanwhile(so_far, &models, unit_costs)),
            _ => None,
        });
    let baseline = match read {
        Ok(b) => Some(b),
        Err(Error::Input(mut p)) => {
            // The workbook's problems first, then the models'.
            p.append(&mut problems);
            problems = p;
            None
        }
        Err(e) => return Err(e),
    };
    match (baseline, unit_costs) {
        (Some(baseline), Some(unit_costs)) if problems.is_empty() => Ok((
            Inputs {
                baseline,
                models,
                unit_costs,
            },
            given.flatten(),
        )),
        _ => Err(Error::Input(problems)),
    }
}

/// Every model resolved against the baseline, ready to run.
pub fn prepare(inputs: &Inputs) -> Result<Vec<Prepared>> {
    let sources = kinds::Sources {
        baseline: &inputs.baseline,
        unit_costs: &inputs.unit_costs,
        prices: None,
        memo: None,
    };
    let models: Vec<&Model> = inputs.models.iter().collect();
    gather_prepared(prepare_each(&models, &sources))
}

/// Each model resolved against `sources`, the models side by side (each a
/// function of its own file and the workbook), in the models' order.
fn prepare_each(models: &[&Model], sources: &kinds::Sources) -> Vec<Result<Prepared>> {
    crate::uncertainty::on_threads(|| {
        use rayon::prelude::*;
        models
            .par_iter()
            .map(|m| kinds::prepare_with(m, sources))
            .collect()
    })
}

/// The models prepared, or every model's problems in the models' order.
fn gather_prepared<T>(prepared: Vec<Result<T>>) -> Result<Vec<T>> {
    let mut problems = Vec::new();
    let mut ready = Vec::new();
    for p in prepared {
        match p {
            Ok(p) => ready.push(p),
            Err(Error::Input(mut p)) => problems.append(&mut p),
            Err(e) => return Err(e),
        }
    }
    if problems.is_empty() {
        Ok(ready)
    } else {
        Err(Error::Input(problems))
    }
}

/// Projects and appraises one prepared model, and checks that its tables
/// reconcile.
pub fn compute(p: Prepared, baseline: &Baseline) -> Result<ModelRun> {
    let (flows, cut_warnings) = kinds::project(&p);
    let file = &p.model.file;
    flows
        .check_range(kinds::range::EXACT_LIMIT)
        .map_err(|what| {
            Error::input(Problem::file(
                file,
                format!(
                    "{what} ({}); check the amounts and rates",
                    kinds::range::EXACT_LIMIT_TEXT
                ),
            ))
        })?;
    let totals = flows.aggregate()?;
    let appraisal = try_appraise(
        &totals.years,
        &p.context.horizon,
        p.price_base(),
        p.context.inflation.gdp_deflator(),
        &p.model.appraisal,
    )
    .ok_or_else(|| {
        Error::input(Problem::file(
            file,
            "taking the amounts to real terms and discounting them goes beyond the engine's \
             exact range; check inflation.gdp_deflator and appraisal.discount_rate",
        ))
    })?;
    reconcile(&totals, &appraisal)?;
    let mut warnings = p.warnings.clone();
    warnings.extend(cut_warnings);
    let assumptions = kinds::assumptions(&p, baseline);
    Ok(ModelRun {
        assumptions,
        prepared: p,
        totals,
        appraisal,
        warnings,
        baseline_file: baseline.file.clone(),
        baseline_sha256: baseline.sha256.clone(),
        uncertainty: None,
    })
}

/// The lines of each FY and class sum to the projection's class column,
/// and the FYs to the horizon totals (on unrounded values). A report that
/// does not reconcile is an error, not a warning.
pub fn reconcile(totals: &Totals, a: &Appraisal) -> Result<()> {
    let mut from_lines: HashMap<(i32, Class), Decimal> = HashMap::new();
    for l in &totals.lines {
        *from_lines.entry((l.year.0, l.class)).or_default() += l.amount;
    }
    let mut sums = [Decimal::ZERO; 6];
    for row in &a.rows {
        for c in Class::ALL {
            let lines = from_lines
                .get(&(row.year.0, c))
                .copied()
                .unwrap_or_default();
            if lines != row.class(c) {
                return Err(Error::Internal(format!(
                    "{} {}: the lines sum to {lines} but the projection shows {}",
                    row.year,
                    c.name(),
                    row.class(c)
                )));
            }
            sums[c as usize] += row.class(c);
        }
    }
    if sums != a.totals {
        return Err(Error::Internal(
            "the financial years do not sum to the horizon totals".into(),
        ));
    }
    Ok(())
}

/// One model, read, prepared and projected with why each amount was
/// added (for `savings explain`).
pub fn trace(model_file: &Path, baseline: &Path) -> Result<(Prepared, crate::flows::Flows)> {
    let inputs = load(&[model_file.to_path_buf()], baseline)?;
    let mut ready = prepare(&inputs)?;
    let p = ready
        .pop()
        .ok_or_else(|| Error::Internal("no model was prepared".into()))?;
    let (flows, _) = kinds::project_traced(&p);
    Ok((p, flows))
}

/// What a run did.
#[derive(Debug)]
pub struct Outcome {
    pub runs: Vec<ModelRun>,
    pub written: Vec<PathBuf>,
}

/// Runs models against a baseline and writes their outputs under `out`.
pub fn run(model_files: &[PathBuf], baseline: &Path, out: &Path) -> Result<Outcome> {
    run_with(model_files, baseline, out, &RunOptions::default())
}

/// What a run writes beyond its usual files, and how it reads its
/// inputs.
#[derive(Clone, Debug, Default)]
pub struct RunOptions {
    /// Write `trace.json` for each model: every amount with why it was
    /// added.
    pub trace: bool,
    pub reading: Reading,
}

/// [`run`] with options.
pub fn run_with(
    model_files: &[PathBuf],
    baseline: &Path,
    out: &Path,
    options: &RunOptions,
) -> Result<Outcome> {
    if options.trace {
        let inputs = load_with(model_files, baseline, &options.reading)?;
        let ready = prepare(&inputs)?;
        let mut traces = Vec::new();
        for p in &ready {
            let (flows, _) = kinds::project_traced(p);
            traces.push((
                out.join(p.model.stem()).join("trace.json"),
                output::explain::trace_json(p, &flows)?,
            ));
        }
        let (runs, mut files) = compute_and_render(ready, &inputs.baseline, out)?;
        files.extend(traces);
        let written = output::write_all(out, files, model_files, baseline)?;
        return Ok(Outcome { runs, written });
    }
    // The models that do not read the Placements sheet are prepared,
    // computed and rendered from the other sheets while a large Placements
    // sheet is still being read on another core; the rest once it is read.
    // What is written, and any error, is what the models one after
    // another give.
    let (inputs, early) = load_meanwhile(
        model_files,
        baseline,
        &options.reading,
        |so_far, models, unit_costs| {
            let sources = kinds::Sources {
                baseline: so_far,
                unit_costs,
                prices: None,
                memo: None,
            };
            let (early, models): (Vec<usize>, Vec<&Model>) = models
                .iter()
                .enumerate()
                .filter(|(_, m)| m.scenario.sheet() != Sheet::Placements)
                .unzip();
            let prepared = prepare_each(&models, &sources);
            let steps: Vec<Result<Step>> = if prepared.iter().all(|p| p.is_ok()) {
                let ready = prepared.into_iter().flatten().collect();
                compute_and_render_each(ready, so_far, out)
                    .into_iter()
                    .map(|done| Ok(Step::Done(Box::new(done))))
                    .collect()
            } else {
                prepared
                    .into_iter()
                    .map(|p| p.map(|p| Step::Ready(Box::new(p))))
                    .collect()
            };
            early.into_iter().zip(steps).collect::<Vec<_>>()
        },
    )?;
    let early = early.unwrap_or_default();
    let sources = kinds::Sources {
        baseline: &inputs.baseline,
        unit_costs: &inputs.unit_costs,
        prices: None,
        memo: None,
    };
    let (late, models): (Vec<usize>, Vec<&Model>) = inputs
        .models
        .iter()
        .enumerate()
        .filter(|(i, _)| !early.iter().any(|(e, _)| e == i))
        .unzip();
    let prepared = prepare_each(&models, &sources)
        .into_iter()
        .map(|p| p.map(|p| Step::Ready(Box::new(p))));
    let mut steps: Vec<(usize, Result<Step>)> = early
        .into_iter()
        .chain(late.into_iter().zip(prepared))
        .collect();
    steps.sort_by_key(|(i, _)| *i);
    let steps = gather_prepared(steps.into_iter().map(|(_, s)| s).collect())?;
    let mut slots: Vec<Option<Done>> = Vec::new();
    let mut ready = Vec::new();
    for step in steps {
        match step {
            Step::Done(done) => slots.push(Some(*done)),
            Step::Ready(p) => {
                ready.push(*p);
                slots.push(None);
            }
        }
    }
    let mut computed = compute_and_render_each(ready, &inputs.baseline, out).into_iter();
    let done = slots
        .into_iter()
        .map(|slot| {
            slot.or_else(|| computed.next()).unwrap_or_else(|| {
                (
                    Err(Error::Internal("a model was not computed".into())),
                    None,
                )
            })
        })
        .collect();
    let (runs, files) = gather_done(done)?;
    let written = output::write_all(out, files, model_files, baseline)?;
    Ok(Outcome { runs, written })
}

/// A model in a run: prepared, or already computed and rendered.
enum Step {
    Ready(Box<Prepared>),
    Done(Box<Done>),
}

/// A model computed, and rendered when that succeeded.
type Done = (Result<ModelRun>, Option<Result<output::Files>>);

/// Computes and renders every model, the models spread over the
/// machine's cores, each rendered as soon as it is computed (so one
/// model's projection runs beside another's drawing). The runs and files
/// keep the models' order, and the error is the one a model-by-model run
/// gives: the first model's that fails to compute, else the first that
/// fails to render.
pub fn compute_and_render(
    ready: Vec<Prepared>,
    baseline: &Baseline,
    out: &Path,
) -> Result<(Vec<ModelRun>, output::Files)> {
    gather_done(compute_and_render_each(ready, baseline, out))
}

/// [`compute_and_render`], each model's outcome on its own, in the
/// models' order.
fn compute_and_render_each(ready: Vec<Prepared>, baseline: &Baseline, out: &Path) -> Vec<Done> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(ready.len().max(1));
    let chunk = ready.len().div_ceil(threads).max(1);
    let mut parts: Vec<Vec<Prepared>> = Vec::new();
    let mut ready = ready.into_iter().peekable();
    while ready.peek().is_some() {
        parts.push(ready.by_ref().take(chunk).collect());
    }
    let done: Vec<Vec<Done>> = std::thread::scope(|s| {
        let handles: Vec<_> = parts
            .into_iter()
            .map(|part| {
                s.spawn(move || -> Vec<Done> {
                    part.into_iter()
                        .map(|p| {
                            let run = compute(p, baseline);
                            let files = run.as_ref().ok().map(|r| output::render(r, out));
                            (run, files)
                        })
                        .collect()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    vec![(
                        Err(Error::Internal("computing a model failed".into())),
                        None,
                    )]
                })
            })
            .collect()
    });
    done.into_iter().flatten().collect()
}

/// The runs and files of models computed and rendered, in the models'
/// order, or the first model's error in computing, else in rendering.
fn gather_done(done: Vec<Done>) -> Result<(Vec<ModelRun>, output::Files)> {
    let mut runs = Vec::new();
    let mut rendered = Vec::new();
    for (run, files) in done {
        runs.push(run?);
        rendered.extend(files);
    }
    let mut files = Vec::new();
    for part in rendered {
        files.extend(part?);
    }
    Ok((runs, files))
}

/// Renders every run's files, the runs spread over the machine's cores
/// (drawing charts is most of a run's time). The files keep the runs'
/// order.
pub fn render_all(runs: &[ModelRun], out: &Path) -> Result<output::Files> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(runs.len().max(1));
    let chunk = runs.len().div_ceil(threads).max(1);
    let rendered: Vec<Result<output::Files>> = std::thread::scope(|s| {
        let handles: Vec<_> = runs
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    let mut files = Vec::new();
                    for r in part {
                        files.extend(output::render(r, out)?);
                    }
                    Ok(files)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(Error::Internal("rendering failed".into())))
            })
            .collect()
    });
    let mut files = Vec::new();
    for part in rendered {
        files.extend(part?);
    }
    Ok(files)
}

/// `models/*.toml` in name order: the models a run uses by default.
pub fn default_models(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        Error::input(Problem::file(
            dir,
            format!("cannot list the model folder ({e}); name model files on the command line"),
        ))
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(Error::input(Problem::file(
            dir,
            "holds no .toml model files; name model files on the command line",
        )));
    }
    Ok(files)
}

/// Runs every model and compares them like for like (see
/// [`crate::compare`]): one MTFS period of calendar financial years for
/// every option, ranked by the measure asked for, highest first (ties by
/// name).
pub fn compare(
    model_files: &[PathBuf],
    baseline: &Path,
    settings: crate::compare::Settings,
) -> Result<crate::compare::Comparison> {
    compare_with(model_files, baseline, settings, &Reading::default())
}

/// [`compare`] with bounds on the workbook or a user's unit-cost file.
pub fn compare_with(
    model_files: &[PathBuf],
    baseline: &Path,
    settings: crate::compare::Settings,
    reading: &Reading,
) -> Result<crate::compare::Comparison> {
    let mut inputs = load_with(model_files, baseline, reading)?;
    if let Some(p) = settings.perspective {
        for m in &mut inputs.models {
            m.appraisal.public_sector = p == crate::compare::Perspective::PublicSector;
        }
    }
    let mut runs = Vec::new();
    for p in prepare(&inputs)? {
        runs.push(compute(p, &inputs.baseline)?);
    }
    Ok(crate::compare::compare(runs, settings))
}

/// [`compare_with`], and each option with an `[uncertainty]` table
/// simulated as `savings simulate` would (SPEC 9.3), for its NPV's P10 and
/// P90 (no tornado: the comparison does not show it). The simulation
/// reads each model as its file has it, so a `--perspective` other than
/// the file's would give NPVs from two perspectives: refused.
pub fn compare_simulated(
    model_files: &[PathBuf],
    baseline: &Path,
    settings: crate::compare::Settings,
    options: &SimulateOptions,
) -> Result<crate::compare::Comparison> {
    let inputs = load_with(model_files, baseline, &options.reading)?;
    let mut problems = Vec::new();
    for m in &inputs.models {
        if let Some(p) = settings.perspective {
            let public = p == crate::compare::Perspective::PublicSector;
            if m.appraisal.public_sector != public && m.uncertainty.is_some() {
                problems.push(crate::error::Problem::file(
                    &m.file,
                    format!(
                        "--simulate runs each model from the perspective its file gives, \
                         which is not --perspective {}; run the comparison without \
                         --perspective, or set [appraisal] perspective in the file",
                        if public { "public_sector" } else { "authority" }
                    ),
                ));
            }
        }
    }
    let (plans, ready) = uncertain_and_prepared(&inputs, &options.overrides, problems)?;
    let sources = kinds::Sources {
        baseline: &inputs.baseline,
        unit_costs: &inputs.unit_costs,
        prices: None,
        memo: None,
    };
    let mut runs = Vec::new();
    for (p, u) in ready.into_iter().zip(plans) {
        let mut run = compute(p, &inputs.baseline)?;
        if let Some(u) = u {
            let simulation =
                crate::uncertainty::simulate::simulate(&run.prepared.model, &sources, &u, &|| {})?;
            run.warnings.extend(u.warnings.iter().cloned());
            run.uncertainty = Some(Box::new(crate::uncertainty::Results {
                uncertainty: u,
                simulation,
                sensitivity: Vec::new(),
            }));
        }
        runs.push(run);
    }
    let mut cmp = crate::compare::compare(runs, settings);
    cmp.simulated = true;
    Ok(cmp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn models_computed_and_rendered_side_by_side_give_the_files_of_one_by_one() {
        let models: Vec<PathBuf> = [
            "models/building_vacation.toml",
            "models/autism_invest_to_save.toml",
            "models/libraries_trust.toml",
        ]
        .iter()
        .map(PathBuf::from)
        .collect();
        let inputs = load(&models, Path::new("fixtures/bromley_2012.xlsx")).unwrap();
        let out = Path::new("out");
        let one_by_one: Vec<ModelRun> = prepare(&inputs)
            .unwrap()
            .into_iter()
            .map(|p| compute(p, &inputs.baseline).unwrap())
            .collect();
        let expected = render_all(&one_by_one, out).unwrap();
        let (runs, files) =
            compute_and_render(prepare(&inputs).unwrap(), &inputs.baseline, out).unwrap();
        let names = |runs: &[ModelRun]| -> Vec<String> {
            runs.iter().map(|r| r.prepared.model.stem()).collect()
        };
        assert_eq!(names(&runs), names(&one_by_one));
        assert_eq!(files.len(), expected.len());
        for ((path, bytes), (want_path, want)) in files.iter().zip(&expected) {
            assert_eq!(path, want_path);
            assert!(bytes == want, "{} differs", path.display());
        }
    }

    fn bundled(names: &[&str]) -> Vec<PathBuf> {
        names
            .iter()
            .map(|n| PathBuf::from(format!("models/{n}.toml")))
            .collect()
    }

    /// Every file under `dir`, by its path within it.
    fn files_under(dir: &Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
        let mut files = std::collections::BTreeMap::new();
        let mut folders = vec![dir.to_path_buf()];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(&folder).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    folders.push(path);
                } else {
                    let bytes = std::fs::read(&path).unwrap();
                    files.insert(path.strip_prefix(dir).unwrap().to_path_buf(), bytes);
                }
            }
        }
        files
    }

    #[test]
    fn models_started_while_the_placements_are_read_write_what_a_run_in_turn_writes() {
        let book = Path::new("fixtures/bromley_2012.xlsx");
        let models = bundled(&[
            "autism_invest_to_save",
            "building_vacation",
            "libraries_trust",
            "autism_invest_to_save_financed",
        ]);
        // The fixture's Placements sheet is read on a second core, and
        // the other models are started meanwhile from the other sheets.
        let (_, seen) = load_meanwhile(&models, book, &Reading::default(), |so_far, m, _| {
            (
                so_far.sites.is_some(),
                so_far.libraries.is_some(),
                so_far.placements.is_none(),
                m.len(),
            )
        })
        .unwrap();
        assert_eq!(seen, Some((true, true, true, 4)));
        let dir = tempfile::tempdir().unwrap();
        let (early, in_turn) = (dir.path().join("early"), dir.path().join("in_turn"));
        run(&models, book, &early).unwrap();
        // A traced run reads the workbook whole before it starts a model.
        let traced = RunOptions {
            trace: true,
            ..RunOptions::default()
        };
        run_with(&models, book, &in_turn, &traced).unwrap();
        let mut want = files_under(&in_turn);
        want.retain(|p, _| !p.ends_with("trace.json"));
        let got = files_under(&early);
        assert_eq!(
            got.keys().collect::<Vec<_>>(),
            want.keys().collect::<Vec<_>>()
        );
        assert!(got.len() > 40, "{} files", got.len());
        for (path, bytes) in &got {
            assert!(bytes == &want[path], "{} differs", path.display());
        }
    }

    #[test]
    fn problems_of_models_started_early_and_late_come_in_the_models_order() {
        let dir = tempfile::tempdir().unwrap();
        let bad = |name: &str, from: &str, to: &str| {
            let text = std::fs::read_to_string(format!("models/{name}.toml")).unwrap();
            assert!(text.contains(from), "{name}: {from}");
            let path = dir.path().join(format!("{name}.toml"));
            std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
            path
        };
        let models = vec![
            bad(
                "autism_invest_to_save",
                r#"need = ["ASD"]"#,
                r#"need = ["Nothing"]"#,
            ),
            bad(
                "building_vacation",
                r#"site = "OTH""#,
                r#"site = "Nowhere""#,
            ),
            bad(
                "autism_invest_to_save_financed",
                r#"need = ["ASD"]"#,
                r#"need = ["Nothing"]"#,
            ),
        ];
        let out = dir.path().join("out");
        let Err(Error::Input(problems)) =
            run(&models, Path::new("fixtures/bromley_2012.xlsx"), &out)
        else {
            panic!("the models cannot be prepared");
        };
        let files: Vec<String> = problems
            .iter()
            .map(|p| format!("{p}"))
            .map(|p| {
                [
                    "autism_invest_to_save_financed",
                    "autism_invest_to_save",
                    "building_vacation",
                ]
                .into_iter()
                .find(|m| p.contains(&format!("{m}.toml")))
                .unwrap_or("?")
                .to_string()
            })
            .collect();
        assert_eq!(
            files,
            [
                "autism_invest_to_save",
                "building_vacation",
                "autism_invest_to_save_financed"
            ],
            "{problems:?}"
        );
        assert!(!out.exists(), "nothing is written");
    }
}

/// Every model's `[uncertainty]` with the command line's settings, and
/// the models prepared; then each range's ends run through the engine, so
/// that a range a parameter cannot take is bad input found before any
/// iteration. `problems` found earlier are reported with these.
fn uncertain_and_prepared(
    inputs: &Inputs,
    overrides: &crate::uncertainty::Overrides,
    mut problems: Vec<Problem>,
) -> Result<(Vec<Option<crate::uncertainty::Uncertainty>>, Vec<Prepared>)> {
    let mut plans = Vec::new();
    for m in &inputs.models {
        match crate::uncertainty::resolve(m, overrides) {
            Ok(u) => plans.push(u),
            Err(mut p) => problems.append(&mut p),
        }
    }
    if !problems.is_empty() {
        return Err(Error::Input(problems));
    }
    let ready = prepare(inputs)?;
    // Each table's ranges run through the exact engine at their ends, the
    // models side by side; the first model's failure in their order is the
    // one reported.
    let memo = kinds::memo::Memo::default();
    let sources = kinds::Sources {
        baseline: &inputs.baseline,
        unit_costs: &inputs.unit_costs,
        prices: None,
        memo: Some(&memo),
    };
    let checked: Vec<Result<()>> = crate::uncertainty::on_threads(|| {
        use rayon::prelude::*;
        inputs
            .models
            .par_iter()
            .zip(&plans)
            .map(|(m, u)| match u {
                Some(u) => crate::uncertainty::check_ranges(m, &sources, u),
                None => Ok(()),
            })
            .collect()
    });
    checked.into_iter().collect::<Result<()>>()?;
    Ok((plans, ready))
}

/// What `savings simulate` is asked for beyond a run's inputs.
#[derive(Clone, Debug, Default)]
pub struct SimulateOptions {
    pub reading: Reading,
    pub overrides: crate::uncertainty::Overrides,
}

/// What a simulation did.
#[derive(Debug)]
pub struct Simulated {
    pub runs: Vec<ModelRun>,
    pub written: Vec<PathBuf>,
    /// Models with no `[uncertainty]` table (run deterministically only).
    pub without: Vec<PathBuf>,
}

/// Runs every model, then simulates those with an `[uncertainty]` table
/// (SPEC 9.3) and works out their sensitivity (SPEC 9.4); writes each
/// model's usual files and the simulation's. `progress` is told the
/// iterations to come, then called once per finished iteration.
pub fn simulate_with(
    model_files: &[PathBuf],
    baseline: &Path,
    out: &Path,
    options: &SimulateOptions,
    progress: &Progress,
) -> Result<Simulated> {
    let inputs = load_with(model_files, baseline, &options.reading)?;
    let (plans, ready) = uncertain_and_prepared(&inputs, &options.overrides, Vec::new())?;
    // The workbook's reductions a plan needs, remembered across every
    // model's runs (the tornado's and switching values' too).
    let memo = kinds::memo::Memo::default();
    let sources = kinds::Sources {
        baseline: &inputs.baseline,
        unit_costs: &inputs.unit_costs,
        prices: None,
        memo: Some(&memo),
    };
    (progress.start)(plans.iter().flatten().map(|u| u.iterations as u64).sum());
    // The models side by side (each also runs its iterations on every
    // core), so that one's work on a single core overlaps another's; each
    // is a function of its own inputs, and the results keep the models'
    // order, the first failure in that order being the one reported.
    let one = |(p, u): (Prepared, Option<crate::uncertainty::Uncertainty>)| -> Result<ModelRun> {
        let mut run = compute(p, &inputs.baseline)?;
        if let Some(u) = u {
            let model = &run.prepared.model;
            let simulation =
                crate::uncertainty::simulate::simulate(model, &sources, &u, &progress.tick)?;
            let sensitivity = crate::uncertainty::sensitivity::sensitivity(model, &sources, &u)?;
            run.warnings.extend(u.warnings.iter().cloned());
            run.uncertainty = Some(Box::new(crate::uncertainty::Results {
                uncertainty: u,
                simulation,
                sensitivity,
            }));
        }
        Ok(run)
    };
    let done: Vec<Result<ModelRun>> = crate::uncertainty::on_threads(|| {
        use rayon::prelude::*;
        ready
            .into_par_iter()
            .zip(plans.into_par_iter())
            .map(one)
            .collect()
    });
    let runs = done.into_iter().collect::<Result<Vec<_>>>()?;
    let without = runs
        .iter()
        .filter(|r| r.uncertainty.is_none())
        .map(|r| r.prepared.model.file.clone())
        .collect();
    (progress.finish)();
    let files = render_all(&runs, out)?;
    let written = output::write_all(out, files, model_files, baseline)?;
    Ok(Simulated {
        runs,
        written,
        without,
    })
}

/// Callbacks for a progress bar.
pub struct Progress {
    pub start: Box<dyn Fn(u64) + Sync>,
    pub tick: Box<dyn Fn() + Sync>,
    pub finish: Box<dyn Fn() + Sync>,
}

impl Progress {
    /// No progress shown.
    pub fn none() -> Progress {
        Progress {
            start: Box::new(|_| {}),
            tick: Box::new(|| {}),
            finish: Box::new(|| {}),
        }
    }
}
