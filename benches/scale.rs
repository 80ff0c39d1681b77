//! End to end at scale against the parsing floor (issue 10): on a generated
//! workbook of 10,000 sites and 100,000 placements, and on one five times
//! larger, the whole `savings run` of both generated models (1,000 sites
//! vacated; pan-London autism units), every output written, beside
//! calamine's bare read of the same file (every sheet into a `Range`). The
//! ratio of the two is the figure to watch: the goal is 1.5 or less at
//! both sizes, so that cost stays linear in size.
//!
//! `cargo bench --bench scale` (the larger size only with
//! `SAVINGS_BENCH_LARGE=1`: it takes a few minutes to generate).
//! `SAVINGS_BENCH_ROUNDS=7` times bare reads and whole runs alternated
//! instead, and prints the median ratio; `SAVINGS_BENCH_DIR=/tmp/scale`
//! keeps the generated workbooks there for the next time.

use calamine::{open_workbook_auto, Reader};
use criterion::{criterion_group, criterion_main, Criterion};
use savings::{run, synthetic};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn bare_read(book: &Path) -> usize {
    let mut wb = open_workbook_auto(book).expect("open");
    let mut cells = 0;
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).expect("sheet");
        cells += range.get_size().0 * range.get_size().1;
    }
    cells
}

/// The generated workbook and both models in `dir` (the workbook is
/// written only if it is not there yet, so that a kept folder is reused).
fn inputs(dir: &Path, sites: usize, placements: usize) -> (PathBuf, Vec<PathBuf>) {
    let book = dir.join(format!("estate_{sites}.xlsx"));
    if !book.exists() {
        synthetic::write_large_estate(&book, sites, placements, 7).expect("write estate");
    }
    let vacation = dir.join("vacation.toml");
    std::fs::write(&vacation, synthetic::vacation_model(sites, sites / 10)).expect("model");
    let sen = dir.join("sen.toml");
    std::fs::write(&sen, synthetic::PAN_LONDON_SEN_MODEL).expect("model");
    (book, vec![vacation, sen])
}

/// `SAVINGS_BENCH_ROUNDS=n`: instead of criterion, n rounds of one bare
/// read then one whole run, each timed, and the median of the rounds'
/// ratios — on a shared machine, a ratio of runs made side by side says
/// more than either time.
fn alternate(dir: &Path, sites: usize, placements: usize, rounds: usize) {
    let (book, models) = inputs(dir, sites, placements);
    let out = dir.join("out");
    let mut rows = Vec::new();
    let mut phases = Vec::new();
    for _ in 0..rounds {
        let t = Instant::now();
        black_box(bare_read(&book));
        let read = t.elapsed().as_secs_f64();
        let t = Instant::now();
        run::run(&models, &book, &out).expect("run");
        let whole = t.elapsed().as_secs_f64();
        rows.push((read, whole, whole / read));
        if std::env::var_os("SAVINGS_BENCH_PHASES").is_some() {
            phases.push(phased(&models, &book, &out));
        }
    }
    let median = |i: usize| {
        let mut v: Vec<f64> = rows.iter().map(|r| [r.0, r.1, r.2][i]).collect();
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    println!(
        "{sites} sites, {placements} placements, {rounds} rounds: bare read {:.3} s, \
         whole run {:.3} s, ratio {:.2} (medians)",
        median(0),
        median(1),
        median(2)
    );
    if !phases.is_empty() {
        let names = ["load", "prepare", "compute", "render", "write"];
        let medians: Vec<String> = (0..names.len())
            .map(|i| {
                let mut v: Vec<f64> = phases.iter().map(|p: &[f64; 5]| p[i]).collect();
                v.sort_by(f64::total_cmp);
                format!("{} {:.3} s", names[i], v[v.len() / 2])
            })
            .collect();
        println!("  phases (medians): {}", medians.join(", "));
    }
}

/// One run, phase by phase as `run::run` makes it: seconds for each.
fn phased(models: &[PathBuf], book: &Path, out: &Path) -> [f64; 5] {
    let t = Instant::now();
    let inputs = run::load(models, book).expect("load");
    let load = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let prepared = run::prepare(&inputs).expect("prepare");
    let prepare = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let runs: Vec<_> = prepared
        .into_iter()
        .map(|p| run::compute(p, &inputs.baseline).expect("compute"))
        .collect();
    let compute = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let files = run::render_all(&runs, out).expect("render");
    let render = t.elapsed().as_secs_f64();
    let t = Instant::now();
    savings::output::write_all(out, files, models, book).expect("write");
    let write = t.elapsed().as_secs_f64();
    [load, prepare, compute, render, write]
}

fn scale(c: &mut Criterion, sites: usize, placements: usize) {
    let dir = tempfile::tempdir().expect("temp dir");
    let (book, models) = inputs(dir.path(), sites, placements);
    let out = dir.path().join("out");

    let mut g = c.benchmark_group(format!("{sites} sites, {placements} placements"));
    g.sample_size(10);
    g.bench_function("calamine bare read (the floor)", |b| {
        b.iter(|| bare_read(black_box(&book)))
    });
    g.bench_function("savings run, 2 models, all outputs", |b| {
        b.iter(|| run::run(black_box(&models), &book, &out).expect("run"))
    });
    // Where the time goes, phase by phase.
    g.bench_function("phase: read and check the workbook", |b| {
        b.iter(|| savings::workbook::read_baseline(black_box(&book)).expect("read"))
    });
    g.bench_function("phase: read the model files", |b| {
        b.iter(|| {
            for m in &models {
                savings::model::load(black_box(m)).expect("model");
            }
        })
    });
    let inputs = run::load(&models, &book).expect("load");
    g.bench_function("phase: prepare against the baseline", |b| {
        b.iter(|| run::prepare(black_box(&inputs)).expect("prepare"))
    });
    let prepared = run::prepare(&inputs).expect("prepare");
    g.bench_function("phase: compute (project, aggregate, appraise)", |b| {
        b.iter(|| {
            for p in &prepared {
                run::compute(black_box(p.clone()), &inputs.baseline).expect("compute");
            }
        })
    });
    let runs: Vec<savings::results::ModelRun> = prepared
        .iter()
        .map(|p| run::compute(p.clone(), &inputs.baseline).expect("compute"))
        .collect();
    g.bench_function("phase: render every file in memory", |b| {
        b.iter(|| run::render_all(black_box(&runs), &out).expect("render"))
    });
    let files = run::render_all(&runs, &out).expect("render");
    g.bench_function("phase: write (stage, then move into place)", |b| {
        b.iter(|| {
            savings::output::write_all(&out, black_box(files.clone()), &models, &book)
                .expect("write")
        })
    });
    g.bench_function("savings validate (read and prepare)", |b| {
        b.iter(|| {
            let inputs = run::load(black_box(&models), &book).expect("load");
            run::prepare(&inputs).expect("prepare")
        })
    });
    g.finish();
}

fn bench(c: &mut Criterion) {
    if let Some(rounds) = std::env::var("SAVINGS_BENCH_ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
    {
        // SAVINGS_BENCH_DIR keeps the generated workbooks between runs.
        let kept = std::env::var_os("SAVINGS_BENCH_DIR").map(PathBuf::from);
        let temp = tempfile::tempdir().expect("temp dir");
        let dir = kept.as_deref().unwrap_or(temp.path());
        std::fs::create_dir_all(dir).expect("bench folder");
        alternate(dir, 10_000, 100_000, rounds);
        if std::env::var_os("SAVINGS_BENCH_LARGE").is_some() {
            alternate(dir, 50_000, 500_000, rounds);
        }
        return;
    }
    scale(c, 10_000, 100_000);
    if std::env::var_os("SAVINGS_BENCH_LARGE").is_some() {
        scale(c, 50_000, 500_000);
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
