//! Regenerates the checked-in baseline fixtures from `savings::synthetic`.
//!
//! Run with `cargo run --example make_fixtures` from the repository root. It
//! writes `fixtures/bromley_2012.xlsx` (creating `fixtures/` if missing): an
//! invented Bromley baseline at 2011/12 prices with the `Meta`, `Sites`,
//! `Libraries`, `Placements`, `Services` and `Transactions` sheets of SPEC section 6, and an
//! `Actuals` sheet for the bundled `programme.toml`. The output is the
//! same file on every run, so a diff after regenerating means the generator
//! changed. Every figure in it is invented.

use std::error::Error;
use std::fs;
use std::path::Path;

fn main() -> Result<(), Box<dyn Error>> {
    let dir = Path::new("fixtures");
    fs::create_dir_all(dir)?;
    let path = dir.join("bromley_2012.xlsx");
    savings::synthetic::write_bromley_2012(&path)?;
    let bytes = fs::metadata(&path)?.len();
    println!(
        "wrote {} ({bytes} bytes): sheets Meta, Sites (17 sites), Libraries \
         (Bromley and Bexley, table at B2), Placements (80 pupils), Services (Regulatory \
         Services and Parking for Bromley, Bexley and Croydon), Transactions (3 services), Actuals \
         (6 rows for programme.toml); invented figures",
        path.display()
    );
    Ok(())
}
