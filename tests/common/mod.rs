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
/// The run date the tests give the reports (14 November 2023), so that
/// reruns are byte-identical.
pub const SOURCE_DATE_EPOCH: &str = "1700000000";

pub fn savings() -> Command {
    let mut c = Command::cargo_bin("savings").expect("binary built");
    c.current_dir(repo());
    // Reports carry the run date: fixed, so reruns give identical bytes.
    c.env("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH);
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

/// A temporary folder with an output folder holding an earlier run's file,
/// to check that a failed run leaves it be.
pub struct Case {
    _dir: tempfile::TempDir,
    pub root: PathBuf,
}

impl Case {
    pub fn new() -> Case {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        // An output folder with a file in it: a failed run must leave it be.
        std::fs::create_dir_all(root.join("out/earlier")).unwrap();
        std::fs::write(root.join("out/earlier/summary.json"), "{}\n").unwrap();
        Case { _dir: dir, root }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.root.join(name)
    }

    pub fn book(&self, sheets: &[(&str, Vec<Vec<Cell>>)]) -> PathBuf {
        let p = self.path("baseline.xlsx");
        write_book(&p, sheets);
        p
    }

    pub fn model(&self, text: &str) -> PathBuf {
        let p = self.path("model.toml");
        std::fs::write(&p, text).unwrap();
        p
    }

    /// Runs `savings run` of one model into the folder `out` of the case.
    pub fn run(&self, model: &Path, baseline: &Path, out: &str) -> std::process::Output {
        savings()
            .arg("run")
            .arg(model)
            .arg("--baseline")
            .arg(baseline)
            .arg("--out")
            .arg(self.path(out))
            .output()
            .unwrap()
    }

    /// Runs `savings run`, expects exit 2 with every `expected` text on
    /// stderr and the output folder untouched; returns stderr.
    pub fn fails(&self, model: &Path, baseline: &Path, expected: &[&str]) -> String {
        let out = self.path("out");
        let before = snapshot(&out);
        let result = self.run(model, baseline, "out");
        let stderr = String::from_utf8_lossy(&result.stderr).into_owned();
        assert_eq!(result.status.code(), Some(2), "stderr:\n{stderr}");
        for e in expected {
            assert!(stderr.contains(e), "expected {e:?} in stderr:\n{stderr}");
        }
        assert!(stderr.contains("nothing was written"), "{stderr}");
        assert_eq!(snapshot(&out), before, "the output folder changed");
        assert!(!stderr.contains("panicked"), "{stderr}");
        stderr
    }
}

/// A valid site row: Old Town Hall, listed.
pub fn good_site() -> Vec<Cell> {
    site(
        "OTH",
        "Old Town Hall",
        "Yes",
        [100.0, 200.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0],
    )
}

/// A Libraries sheet for Bromley and Bexley.
pub fn libraries() -> (&'static str, Vec<Vec<Cell>>) {
    (
        "Libraries",
        vec![
            vec![S("Authority"), S("Library"), S("Category"), S("Amount")],
            vec![S("Bromley"), S("Central"), S("Management"), N(500000.0)],
            vec![S("Bromley"), S("Central"), S("Income"), N(60000.0)],
            vec![S("Bexley"), S("Central"), S("Management"), N(400000.0)],
        ],
    )
}

/// A Placements sheet with one eligible autism placement.
pub fn placements() -> (&'static str, Vec<Vec<Cell>>) {
    (
        "Placements",
        vec![
            vec![
                S("Placement ID"),
                S("Need"),
                S("NCY"),
                S("Provider type"),
                S("Annual fee"),
            ],
            vec![S("P1"), S("ASD"), N(8.0), S("Independent"), N(55000.0)],
            vec![S("P2"), S("SLCN"), N(3.0), S("Mainstream"), N(6000.0)],
        ],
    )
}

pub const SHARED: &str = r#"name = "Shared"
kind = "shared_service"
partners = ["Bromley", "Bexley"]
perspective = "Bromley"
live_on = "2012-01-01"
cost_share = "pro_rata"
[horizon]
start = "2011/12"
years = 3
[reductions]
management = 0.3
"#;

pub const TRUST: &str = r#"name = "Trust"
kind = "libraries_trust"
authority = "Bromley"
transfer_on = "2013-04-01"
[horizon]
start = "2012/13"
years = 3
"#;

pub const SEN: &str = r#"name = "Autism unit"
kind = "sen_invest_to_save"
need = ["ASD"]
ncy = [7, 11]
provider_types = ["independent"]
opens_on = "2013-09-01"
capacity = [10, 20]
take_up = 0.8
cost_per_place = 24000
capital = 3000000
capital_date = "2012-10-01"
[horizon]
start = "2012/13"
years = 5
[capital_financing]
rate = 0.045
years = 25
"#;

/// A Services sheet: Parking for Bromley and Bexley, Regulatory Services
/// for all three boroughs (Croydon has no Parking rows).
pub fn services() -> (&'static str, Vec<Vec<Cell>>) {
    let row =
        |a: &'static str, s: &'static str, c: &'static str, n: f64| vec![S(a), S(s), S(c), N(n)];
    (
        "Services",
        vec![
            vec![S("Authority"), S("Service"), S("Category"), S("Amount (£)")],
            row("Bromley", "Parking", "Management", 300000.0),
            row("Bromley", "Parking", "Enforcement officers", 900000.0),
            row("Bromley", "Parking", "Income", 4000000.0),
            row("Bexley", "Parking", "Management", 200000.0),
            row("Bexley", "Parking", "Enforcement Officers", 600000.0),
            row("Bromley", "Regulatory Services", "Management", 400000.0),
            row("Bexley", "Regulatory Services", "Management", 300000.0),
            row("Croydon", "Regulatory Services", "Management", 500000.0),
        ],
    )
}

/// A `shared_service` model over the Services sheet's Parking rows; line 4
/// is `service`, line 12 the first reduction.
pub const SHARED_PARKING: &str = r#"name = "Shared parking"
kind = "shared_service"
partners = ["Bromley", "Bexley"]
service = "Parking"
perspective = "Bromley"
live_on = "2012-01-01"
cost_share = "pro_rata"
[horizon]
start = "2011/12"
years = 3
[reductions]
management = 0.3
"#;

/// Whether the Python reference can run here (python3 with openpyxl).
/// Under `CI=true` it must: `.ci/run` installs openpyxl, and a check that
/// quietly skips there would prove nothing.
pub fn reference_can_run() -> bool {
    let ok = std::process::Command::new("python3")
        .args(["-c", "import openpyxl"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "python3 with openpyxl is needed for the reference check (.ci/run installs it)"
        );
        eprintln!("skipped: python3 with openpyxl is not installed");
    }
    ok
}
