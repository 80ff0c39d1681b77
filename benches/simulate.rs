//! `savings simulate`'s hot path (issue 12): one iteration of each bundled
//! model as a simulation runs it (in f64 on the prepared plan where the
//! kind can, or the model read from its template through the exact
//! engine), one iteration through the exact engine as `run --set` runs it,
//! and a whole simulation of the autism
//! invest-to-save model with the peer's three distributions.
//!
//! `cargo bench --bench simulate`; `SAVINGS_BENCH_ITERATIONS=N` sets the
//! simulation's iterations (default 2,000).

use criterion::{criterion_group, criterion_main, Criterion};
use savings::uncertainty::{self, simulate};
use savings::{kinds, run};
use std::hint::black_box;
use std::path::{Path, PathBuf};

fn bench(c: &mut Criterion) {
    let n: usize = std::env::var("SAVINGS_BENCH_ITERATIONS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2_000);
    let files = run::default_models(Path::new("models")).expect("models");
    let inputs = run::load(&files, &PathBuf::from("fixtures/bromley_2012.xlsx")).expect("inputs");
    // As a simulation runs them: the workbook's reductions remembered.
    let memo = kinds::memo::Memo::default();
    let sources = kinds::Sources {
        baseline: &inputs.baseline,
        unit_costs: &inputs.unit_costs,
        prices: None,
        memo: Some(&memo),
    };
    let mut g = c.benchmark_group("simulate");
    g.sample_size(10);
    for m in &inputs.models {
        let u = uncertainty::resolve(m, &Default::default())
            .expect("resolve")
            .expect("every seed model has an [uncertainty] table");
        let sample = simulate::samples(&uncertainty::Uncertainty {
            iterations: 1,
            ..u.clone()
        });
        let sets = simulate::iteration_sets(&u.parameters, &sample[0]);
        // As a simulation runs it: in f64 on the prepared plan where the
        // kind can, otherwise the model read from its template and run
        // through the exact engine.
        let prepared = kinds::prepare_with(m, &sources).expect("prepares");
        match simulate::Fast::new(&prepared, &u.parameters, &sample[0]) {
            Some(fast) => {
                g.bench_function(format!("{}: one iteration in f64", m.stem()), |b| {
                    b.iter(|| fast.run(black_box(&sample[0])).expect("iteration"))
                });
            }
            None => {
                let template = simulate::template(m, &sets).expect("a template");
                let parsed = template.parse().expect("parses");
                g.bench_function(format!("{}: one exact iteration", m.stem()), |b| {
                    b.iter(|| {
                        simulate::evaluate_from(Some(&parsed), black_box(m), &sources, &sets)
                            .expect("iteration")
                    })
                });
            }
        }
        g.bench_function(format!("{}: one run --set", m.stem()), |b| {
            b.iter(|| simulate::evaluate(black_box(m), &sources, &sets).expect("iteration"))
        });
    }
    let sen = inputs
        .models
        .iter()
        .find(|m| m.stem() == "autism_invest_to_save")
        .expect("the autism model");
    let u = uncertainty::Uncertainty {
        iterations: n,
        ..uncertainty::resolve(sen, &Default::default())
            .expect("resolve")
            .expect("table")
    };
    g.bench_function(format!("{n} iterations of autism_invest_to_save"), |b| {
        b.iter(|| simulate::simulate(black_box(sen), &sources, &u, &|| {}).expect("simulate"))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
