//! The autism invest-to-save model on a pan-London baseline of 100,000
//! placements (issue 3): reading the workbook, selecting and costing the
//! eligible cohort in polars, and the 25-year projection.
//!
//! `cargo bench --bench sen`

use criterion::{criterion_group, criterion_main, Criterion};
use savings::{kinds, model, run, synthetic, workbook};
use std::hint::black_box;

const MODEL: &str = r#"name = "Pan-London autism units"
kind = "sen_invest_to_save"
need = ["ASD"]
ncy = [7, 11]
provider_types = ["independent", "non_maintained"]
opens_on = "2013-09-01"
capacity = [400, 800, 1200, 1600]
take_up = 0.8
demand_growth = 0.06
cost_per_place = 24000
transport_per_place = 2500
fixed_annual = 7200000
capital = 120000000
capital_date = "2012-10-01"
[horizon]
start = "2012/13"
years = 25
[inflation]
placements = 0.03
[capital_financing]
rate = 0.045
years = 25
"#;

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let book = dir.path().join("london.xlsx");
    synthetic::write_large_estate(&book, 10, 100_000, 11).expect("write baseline");
    let model_file = dir.path().join("sen.toml");
    std::fs::write(&model_file, MODEL).expect("write model");

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
