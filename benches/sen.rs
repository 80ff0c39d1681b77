//! The autism invest-to-save model on a pan-London baseline of 100,000
//! placements (issue 3): reading the workbook, selecting and costing the
//! eligible cohort in polars, and the 25-year projection.
//!
//! `cargo bench --bench sen`

use criterion::{criterion_group, criterion_main, Criterion};
use savings::{kinds, model, run, synthetic, workbook};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let book = dir.path().join("london.xlsx");
    synthetic::write_large_estate(&book, 10, 100_000, 11).expect("write baseline");
    let model_file = dir.path().join("sen.toml");
    std::fs::write(&model_file, synthetic::PAN_LONDON_SEN_MODEL).expect("write model");

    let mut g = c.benchmark_group("sen_invest_to_save");
    g.sample_size(10);
    g.bench_function("read 100,000-placement workbook", |b| {
        b.iter(|| workbook::read_baseline(black_box(&book)).expect("baseline"))
    });
    let baseline = workbook::read_baseline(&book).expect("baseline");
    let m = model::load(&model_file).expect("model");
    g.bench_function("select and cost the eligible cohort of 100,000", |b| {
        b.iter(|| kinds::prepare(black_box(&m), &baseline).expect("prepare"))
    });
    let prepared = kinds::prepare(&m, &baseline).expect("prepare");
    g.bench_function("project and appraise 25 years", |b| {
        b.iter(|| run::compute(black_box(prepared.clone()), &baseline).expect("run"))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
