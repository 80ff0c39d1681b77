//! Helpers shared by the integration tests: the repository root, the
//! binary, and small workbooks and model files written into a temporary
//! folder.
#![allow(dead_code)]

use assert_cmd::Command;
use rust_xlsxwriter::{Formula, Workbook};
use std::path::{Path, PathBuf};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The `savings` binary, run from the repository root.
pub fn savings() -> Command {
    let mut c = Command::cargo_bin("savings").expect("binary built");
    c.current_dir(repo());
    // Reports carry the run date: fixed, so reruns give identical bytes.
    c.env("SOURCE_DATE_EPOCH", "1700000000");
    c
}

/// A cell of a test workbook.
#[derive(Clone, Debug)]
pub enum Cell {
    S(&'static str),
    N(f64),
    /// A formula with the cached result a spreadsheet would save.
    F(&'static str, &'static str),
    Blank,
}

pub use Cell::*;

/// Writes a workbook of named sheets, each a grid of cells from A1.
pub fn write_book(path: &Path, sheets: &[(&str, Vec<Vec<Cell>>)]) {
    let mut wb = Workbook::new();
    for (name, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    S(s) => {
                        ws.write_string(r, c, *s).unwrap();
                    }
                    N(n) => {
                        ws.write_number(r, c, *n).unwrap();
                    }
                    F(f, result) => {
                        ws.write_formula(r, c, Formula::new(*f).set_result(*result))
                            .unwrap();
                    }
                    Blank => {}
                }
            }
        }
    }
    wb.save(path).unwrap();
}

/// A Meta sheet for Bromley at 2011/12 prices.
pub fn meta() -> (&'static str, Vec<Vec<Cell>>) {
    (
        "Meta",
        vec![
            vec![S("Key"), S("Value")],
            vec![S("authority"), S("Bromley")],
            vec![S("price_base"), S("2011/12")],
        ],
    )
}

/// The header of a Sites sheet with every cost category.
pub fn sites_header() -> Vec<Cell> {
    [
        "Site ID",
        "Site",
        "Listed",
        "Business rates (£)",
        "Energy (£)",
        "Water",
        "Cleaning",
        "Security",
        "Repairs maintenance",
        "Insurance",
        "Facilities management",
        "Other",
    ]
    .into_iter()
    .map(S)
    .collect()
}

/// A site row: id, name, listed, then nine costs.
pub fn site(
    id: &'static str,
    name: &'static str,
    listed: &'static str,
    costs: [f64; 9],
) -> Vec<Cell> {
    let mut row = vec![S(id), S(name), S(listed)];
    row.extend(costs.iter().map(|c| N(*c)));
    row
}

/// A small model vacating the given site on 1 June 2012.
pub fn vacate_model(site: &str) -> String {
    format!(
        r#"name = "Test vacation"
kind = "building_vacation"

[horizon]
start = "2012/13"
years = 3

[[vacate]]
site = "{site}"
on = "2012-06-01"
"#
    )
}

/// Every file under a folder, with its bytes, to check that a failed run
/// left it as it was.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(snapshot(&p));
            } else {
                out.push((p.clone(), std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}
