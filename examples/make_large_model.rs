//! Writes a large estate and a model with thousands of `[[vacate]]` and
//! `[[one_off_costs]]` entries, for timing `savings run` at scale.
//!
//! `cargo run --release --example make_large_model -- 16000 /tmp/large`
//! writes `/tmp/large/estate.xlsx` (16,000 sites) and
//! `/tmp/large/vacate_16000.toml` (16,000 vacate entries and as many
//! one-off costs); then
//! `time target/release/savings run /tmp/large/vacate_16000.toml --baseline /tmp/large/estate.xlsx --out /tmp/large/out`.

use std::error::Error;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().as_deref().unwrap_or("16000").parse()?;
    let dir = PathBuf::from(args.next().unwrap_or_else(|| "large".into()));
    std::fs::create_dir_all(&dir)?;
    let book = dir.join("estate.xlsx");
    savings::synthetic::write_large_estate(&book, n, 100, 7)?;
    let model = dir.join(format!("vacate_{n}.toml"));
    std::fs::write(&model, savings::synthetic::large_vacate_model(n, true))?;
    println!("wrote {} and {}", book.display(), model.display());
    Ok(())
}
