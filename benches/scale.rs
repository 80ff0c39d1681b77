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

use calamine::{open_workbook_auto, Reader};
use criterion::{criterion_group, criterion_main, Criterion};
use savings::{run, synthetic};
use std::hint::black_box;
use std::path::Path;

fn bare_read(book: &Path) -> usize {
    let mut wb = open_workbook_auto(book).expect("open");
    let mut cells = 0;
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).expect("sheet");
        cells += range.get_size().0 * range.get_size().1;
    }
    cells
}

fn scale(c: &mut Criterion, sites: usize, placements: usize) {
    let dir = tempfile::tempdir().expect("temp dir");
    let book = dir.path().join("estate.xlsx");
    synthetic::write_large_estate(&book, sites, placements, 7).expect("write estate");
    let vacation = dir.path().join("vacation.toml");
    std::fs::write(&vacation, synthetic::vacation_model(sites, sites / 10)).expect("model");
    let sen = dir.path().join("sen.toml");
    std::fs::write(&sen, synthetic::PAN_LONDON_SEN_MODEL).expect("model");
    let models = vec![vacation, sen];
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
    scale(c, 10_000, 100_000);
    if std::env::var_os("SAVINGS_BENCH_LARGE").is_some() {
        scale(c, 50_000, 500_000);
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
