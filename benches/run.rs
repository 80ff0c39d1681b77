//! The whole `savings run` on the bundled fixture and the eight seed
//! models, charts, workbook and reports included (issue 4), split into
//! computing the figures and rendering the outputs, so that it shows
//! whether the charts dominate.
//!
//! `cargo bench --bench run`

use criterion::{criterion_group, criterion_main, Criterion};
use savings::{output, run};
use std::hint::black_box;
use std::path::{Path, PathBuf};

fn bench(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let models = run::default_models(&root.join("models")).expect("models");
    let baseline = root.join("fixtures/bromley_2012.xlsx");
    let dir = tempfile::tempdir().expect("temp dir");
    let out: PathBuf = dir.path().join("out");

    let mut g = c.benchmark_group("savings run");
    g.sample_size(10);
    g.bench_function("full run, 8 models, all outputs written", |b| {
        b.iter(|| run::run(black_box(&models), &baseline, &out).expect("run"))
    });
    let inputs = run::load(&models, &baseline).expect("inputs");
    let prepared = run::prepare(&inputs).expect("prepare");
    g.bench_function("compute only: 8 projections and appraisals", |b| {
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
    g.bench_function(
        "render only: CSV, JSON, charts, xlsx, reports for 8 models",
        |b| {
            b.iter(|| {
                for r in &runs {
                    output::render(black_box(r), &out).expect("render");
                }
            })
        },
    );
    g.bench_function(
        "charts only: savings and baseline charts for 8 models",
        |b| {
            b.iter(|| {
                for r in &runs {
                    output::figures::savings_chart(black_box(r)).expect("chart");
                    output::figures::baseline_chart(black_box(r)).expect("chart");
                }
            })
        },
    );
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
