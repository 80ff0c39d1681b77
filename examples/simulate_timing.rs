//! `savings simulate` as a whole process in a release build, for timing
//! against the numpy peer without building the binary's release profile:
//!
//! `cargo build --release --example simulate_timing`, then
//! `time target/release/examples/simulate_timing 100000 models/autism_invest_to_save.toml`
//! (the models and fixture as `savings simulate` would take them; the files
//! go to a temporary folder). `simulate_timing 10000 london` simulates the
//! pan-London autism model on the generated 100,000-placement workbook.
//! With `SAVINGS_TIMING_READ=1` it first times reading the workbook and
//! models alone.

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let iterations: usize = args.next().as_deref().unwrap_or("10000").parse()?;
    let mut models: Vec<PathBuf> = args.map(PathBuf::from).collect();
    let out = tempfile::tempdir()?;
    let mut baseline = PathBuf::from("fixtures/bromley_2012.xlsx");
    if models.first().is_some_and(|m| m.as_os_str() == "london") {
        baseline = out.path().join("london.xlsx");
        savings::synthetic::write_large_estate(&baseline, 10, 100_000, 11)?;
        let model = out.path().join("pan_london.toml");
        std::fs::write(
            &model,
            format!(
                "{}\n[uncertainty]\ntake_up = {{ triangular = [0.6, 0.8, 0.9] }}\n\
                 demand_growth = {{ pert = [0.02, 0.06, 0.10] }}\n\
                 capital = {{ normal = [120_000_000, 16_000_000] }}\n",
                savings::synthetic::PAN_LONDON_SEN_MODEL
            ),
        )?;
        models = vec![model];
    }
    if models.is_empty() {
        models = savings::run::default_models(std::path::Path::new("models"))?;
    }
    let options = savings::run::SimulateOptions {
        overrides: savings::uncertainty::Overrides {
            iterations: Some(iterations),
            ..Default::default()
        },
        ..Default::default()
    };
    if std::env::var_os("SAVINGS_TIMING_READ").is_some() {
        // The workbook and models read on their own, for the share of the
        // whole that reading is.
        let t = std::time::Instant::now();
        savings::run::load(&models, &baseline)?;
        println!("reading alone: {:.2} s", t.elapsed().as_secs_f64());
    }
    let started = std::time::Instant::now();
    let done = savings::run::simulate_with(
        &models,
        &baseline,
        &out.path().join("out"),
        &options,
        &savings::run::Progress::none(),
    )?;
    for r in &done.runs {
        if let Some(u) = &r.uncertainty {
            let npv = &u.simulation.measures[0].1;
            println!(
                "{}: NPV P10 {} P50 {} P90 {}",
                r.prepared.model.stem(),
                npv.p(10).round_dp(0),
                npv.p(50).round_dp(0),
                npv.p(90).round_dp(0)
            );
        }
    }
    println!(
        "{} files, {:.2} s inside the process",
        done.written.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
