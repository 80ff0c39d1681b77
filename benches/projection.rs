//! The projection of a large estate: 10,000 sites in the workbook, 1,000 of
//! them vacated, over 25 years (issue 2), and the reading of that workbook.
//!
//! `cargo bench --bench projection`

use criterion::{criterion_group, criterion_main, Criterion};
use savings::{kinds, model, run, synthetic, workbook};
use std::fmt::Write;
use std::hint::black_box;

const SITES: usize = 10_000;
const VACATED: usize = 1_000;

/// A model vacating every tenth site, on dates spread over two years, a
/// third of them disposed of with a receipt.
fn large_model() -> String {
    let mut m = String::from(
        "name = \"Large estate\"\nkind = \"building_vacation\"\n\
         [horizon]\nstart = \"2012/13\"\nyears = 25\n\
         [inflation]\ndefault = 0.025\nenergy = 0.06\n\
         [appraisal]\noptimism_bias = 0.1\n\
         [[one_off_costs]]\nlabel = \"Moves\"\namount = 5_000_000\ndate = \"2012-06-01\"\nmonths = 12\n",
    );
    for i in 0..VACATED {
        let id = i * (SITES / VACATED) + 1;
        let month = 1 + i % 12;
        let year = 2012 + (i % 2);
        let _ = write!(
            m,
            "[[vacate]]\nsite = \"S{id:05}\"\non = \"{year}-{month:02}-15\"\n"
        );
        if i % 3 == 0 {
            let _ = write!(
                m,
                "dispose_on = \"{}-{month:02}-01\"\ncapital_receipt = 250_000\n",
                year + 2
            );
        }
    }
    m
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let book = dir.path().join("estate.xlsx");
    synthetic::write_large_estate(&book, SITES, 100, 7).expect("write estate");
    let model_file = dir.path().join("large.toml");
    std::fs::write(&model_file, large_model()).expect("write model");

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
