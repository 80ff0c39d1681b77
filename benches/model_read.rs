//! Model files with large arrays (issue 10): reading a model of 16,000
//! `[[vacate]]` entries and 16,000 `[[one_off_costs]]`, and preparing and
//! computing it against a generated 16,000-site estate. Each step should be
//! linear in the number of entries; the 4,000-entry model is there to show
//! the ratio (about 4× less, not 16×).
//!
//! `cargo bench --bench model_read`

use criterion::{criterion_group, criterion_main, Criterion};
use savings::{kinds, model, run, synthetic, workbook};
use std::hint::black_box;
use std::path::Path;

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let book = dir.path().join("estate.xlsx");
    synthetic::write_large_estate(&book, 16_000, 100, 7).expect("estate");
    let baseline = workbook::read_baseline(&book).expect("baseline");

    let mut g = c.benchmark_group("large model arrays");
    g.sample_size(10);
    for n in [4_000usize, 16_000] {
        let text = synthetic::large_vacate_model(n, true);
        let file = Path::new("large.toml");
        g.bench_function(
            format!("read a model of {n} vacate + {n} one-off entries"),
            |b| b.iter(|| model::from_bytes(file, black_box(text.as_bytes())).expect("model")),
        );
        let m = model::from_bytes(file, text.as_bytes()).expect("model");
        g.bench_function(
            format!("prepare {n} vacate entries against 16,000 sites"),
            |b| b.iter(|| kinds::prepare(black_box(&m), &baseline).expect("prepare")),
        );
        let p = kinds::prepare(&m, &baseline).expect("prepare");
        g.bench_function(
            format!("project, aggregate and appraise {n} + {n} entries"),
            |b| b.iter(|| run::compute(black_box(p.clone()), &baseline).expect("compute")),
        );
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
