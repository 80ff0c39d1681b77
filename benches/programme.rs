//! `savings programme` end to end at scale (issue 13): a programme of 50
//! workstreams — 45 building vacations of 100 sites each (every block
//! sharing ten sites with the next, so double counting is found) and 5
//! autism invest-to-save models — over the generated workbook of 10,000
//! sites and 100,000 placements: the workbook read, every model prepared
//! and run, double counting, the charts, report and workbook rendered
//! and every file written. The goal is under 2 s.
//!
//! `cargo bench --bench programme`; `SAVINGS_BENCH_DIR=/tmp/prog` keeps
//! the generated workbook there for the next time.

use criterion::{criterion_group, criterion_main, Criterion};
use savings::programme::{self, Input, Request};
use savings::synthetic;
use std::fmt::Write;
use std::hint::black_box;
use std::path::{Path, PathBuf};

const SITES: usize = 10_000;
const PLACEMENTS: usize = 100_000;

/// A building vacation of sites `first..first + count`.
fn vacation(k: usize, first: usize, count: usize) -> String {
    let mut m = format!(
        "name = \"Estate block {k}\"\nkind = \"building_vacation\"\n\
         [horizon]\nstart = \"2012/13\"\nyears = 10\n\
         [inflation]\ndefault = 0.025\n\
         [[one_off_costs]]\nlabel = \"Moves\"\namount = 250_000\ndate = \"2012-06-01\"\nmonths = 6\n"
    );
    for i in 0..count {
        let id = first + i;
        let month = 1 + (i + k) % 12;
        let _ = write!(
            m,
            "[[vacate]]\nsite = \"S{id:05}\"\non = \"2013-{month:02}-01\"\n"
        );
    }
    m
}

/// The workbook, the 50 model files and the programme file in `dir`.
fn inputs(dir: &Path) -> (PathBuf, PathBuf) {
    let book = dir.join(format!("estate_{SITES}.xlsx"));
    if !book.exists() {
        synthetic::write_large_estate(&book, SITES, PLACEMENTS, 7).expect("write estate");
    }
    let mut programme = String::from(
        "name = \"Pan-London programme\"\nas_of = \"2013-12-31\"\n\
         [target]\n\"2012/13\" = 5_000_000\n\"2013/14\" = 40_000_000\n\"2014/15\" = 80_000_000\n\
         \"2015/16\" = 90_000_000\n\"2016/17\" = 100_000_000\n",
    );
    for k in 0..50 {
        let file = format!("ws{k:02}.toml");
        let text = if k < 45 {
            vacation(k, 1 + k * 90, 100)
        } else {
            synthetic::PAN_LONDON_SEN_MODEL
                .replace("take_up = 0.8", &format!("take_up = 0.{}", 5 + (k - 45)))
        };
        std::fs::write(dir.join(&file), text).expect("model");
        let _ = write!(
            programme,
            "[[workstream]]\nname = \"Workstream {k}\"\nmodel = \"{file}\"\nstatus = \"approved\"\n"
        );
    }
    let p = dir.join("programme.toml");
    std::fs::write(&p, programme).expect("programme");
    (book, p)
}

fn bench(c: &mut Criterion) {
    let kept = std::env::var_os("SAVINGS_BENCH_DIR").map(PathBuf::from);
    let temp = tempfile::tempdir().expect("temp dir");
    let dir = kept.unwrap_or_else(|| temp.path().to_path_buf());
    std::fs::create_dir_all(&dir).expect("dir");
    let (book, file) = inputs(&dir);
    let out = dir.join("out");
    let req = Request {
        input: Input::File(file),
        baseline: Some(book),
        default_baseline: PathBuf::new(),
        reading: Default::default(),
        simulate: None,
    };
    let first = programme::run(&req, &out).expect("programme");
    assert_eq!(first.programme.counted().count(), 50);
    assert!(!first.programme.overlaps.is_empty());
    let mut g = c.benchmark_group("savings programme");
    g.sample_size(10);
    g.bench_function(
        "50 workstreams, 10,000 sites, 100,000 placements, end to end",
        |b| b.iter(|| programme::run(black_box(&req), &out).expect("programme")),
    );
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
