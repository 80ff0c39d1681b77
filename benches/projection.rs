//! The projection of a large estate: 10,000 sites in the workbook, 1,000 of
//! them vacated, over 25 years (issue 2), and the reading of that workbook.
//!
//! `cargo bench --bench projection`

use criterion::{criterion_group, criterion_main, Criterion};
use savings::{kinds, model, run, synthetic, workbook};
use std::hint::black_box;

const SITES: usize = 10_000;
const VACATED: usize = 1_000;

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let book = dir.path().join("estate.xlsx");
    synthetic::write_large_estate(&book, SITES, 100, 7).expect("write estate");
    let model_file = dir.path().join("large.toml");
    std::fs::write(&model_file, synthetic::vacation_model(SITES, VACATED)).expect("write model");

    let mut g = c.benchmark_group("building_vacation");
    g.sample_size(10);
    g.bench_function("read 10,000-site workbook", |b| {
        b.iter(|| workbook::read_baseline(black_box(&book)).expect("baseline"))
    });

    let baseline = workbook::read_baseline(&book).expect("baseline");
    let m = model::load(&model_file).expect("model");
    let prepared = kinds::prepare(&m, &baseline).expect("prepare");
    g.bench_function("project 1,000 of 10,000 sites over 25 years", |b| {
        b.iter(|| run::compute(black_box(prepared.clone()), &baseline).expect("run"))
    });
    g.bench_function("flows only (no aggregation)", |b| {
        b.iter(|| kinds::project(black_box(&prepared)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
