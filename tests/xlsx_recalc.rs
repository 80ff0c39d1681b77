//! results.xlsx recalculated by LibreOffice: every formula cell gives the
//! figure of projection.csv or summary.json to the penny, so the workbook
//! an officer audits (and edits) agrees with the engine.
//!
//! Needs `soffice` (Debian's libreoffice-calc-nogui); skipped with a
//! message where it is missing, except under CI=true, where .ci/run
//! installs it.

mod common;
use calamine::{open_workbook, Data, Reader, Xlsx};
use common::*;
use rust_decimal::{Decimal, RoundingStrategy};
use std::path::{Path, PathBuf};
use std::str::FromStr;

fn soffice() -> Option<PathBuf> {
    let found = [
        "/usr/bin/soffice",
        "/usr/bin/libreoffice",
        "/usr/local/bin/soffice",
    ]
    .into_iter()
    .map(PathBuf::from)
    .find(|p| p.exists());
    if found.is_none() {
        assert!(
            std::env::var("CI").map_or(true, |v| v != "true"),
            "soffice is missing: .ci/run installs Debian's libreoffice-calc-nogui package"
        );
        eprintln!("skipped: no soffice here (apt-get install libreoffice-calc-nogui)");
    }
    found
}

/// Opens each workbook in LibreOffice and saves it again as .xlsx into
/// `out`, recalculating every formula on load. A private profile (so a
/// LibreOffice already running does not take the job) is told to always
/// recalculate Excel files, whatever the file's cached values say.
fn recalculate(soffice: &Path, books: &[PathBuf], work: &Path) -> PathBuf {
    let profile = work.join("profile");
    std::fs::create_dir_all(profile.join("user")).unwrap();
    std::fs::write(
        profile.join("user/registrymodifications.xcu"),
        r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"#,
    )
    .unwrap();
    let out = work.join("recalculated");
    let status = std::process::Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "xlsx",
            "--outdir",
        ])
        .arg(&out)
        .args(books)
        .output()
        .unwrap();
    assert!(status.status.success(), "soffice: {status:?}");
    for b in books {
        let name = b.file_name().unwrap();
        assert!(
            out.join(name).exists(),
            "soffice wrote no {name:?}: {status:?}"
        );
    }
    out
}

fn cell_number(sheet: &calamine::Range<Data>, r: u32, c: u32) -> f64 {
    match sheet.get_value((r, c)) {
        Some(Data::Float(f)) => *f,
        Some(Data::Int(i)) => *i as f64,
        other => panic!("R{r}C{c}: {other:?} is not a number"),
    }
}

/// A spreadsheet double as a decimal, rounded half to even to pennies.
fn pennies(f: f64) -> Decimal {
    Decimal::from_str(&format!("{f}"))
        .unwrap_or_else(|_| Decimal::from_f64_retain(f).unwrap())
        .round_dp_with_strategy(2, RoundingStrategy::MidpointNearestEven)
        .normalize()
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap().normalize()
}

#[test]
fn libreoffice_really_recalculates_on_load() {
    let Some(soffice) = soffice() else { return };
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("wrong.xlsx");
    // Cached results that are deliberately wrong.
    write_book(
        &book,
        &[(
            "S",
            vec![vec![
                N(2.0),
                N(3.0),
                F("=A1*B1", "99"),
                F("=SUM(A1:C1)", "-1"),
            ]],
        )],
    );
    let out = recalculate(&soffice, std::slice::from_ref(&book), dir.path());
    let mut wb: Xlsx<_> = open_workbook(out.join("wrong.xlsx")).unwrap();
    let s = wb.worksheet_range("S").unwrap();
    assert_eq!(cell_number(&s, 0, 2), 6.0);
    assert_eq!(cell_number(&s, 0, 3), 11.0);
}

/// The summary.json figure that a Summary row or a Projection total is.
fn summary_figure(summary: &serde_json::Value, key: &str) -> Decimal {
    let v = match key {
        "npv" => &summary["npv"],
        k => &summary["totals"][k],
    };
    dec(v
        .as_str()
        .unwrap_or_else(|| panic!("summary.json has no {key}")))
}

fn snake(words: &str) -> String {
    match words {
        "NPV" => "npv".into(),
        w => w.to_lowercase().replace(['-', ' '], "_"),
    }
}

#[test]
fn every_formula_recalculates_to_the_engine_figures() {
    let Some(soffice) = soffice() else { return };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    // The bundled models, and one that leaves capital receipts out of the
    // net total.
    let model = std::fs::read_to_string(repo().join("models/building_vacation.toml")).unwrap();
    let no_receipts = dir.path().join("no_receipts.toml");
    std::fs::write(
        &no_receipts,
        model.replace(
            "include_capital_receipts = true",
            "include_capital_receipts = false",
        ),
    )
    .unwrap();
    savings()
        .args(["run", "models"])
        .arg(&no_receipts)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let mut models: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|m| out.join(m).join("results.xlsx").exists())
        .collect();
    models.sort();
    // Every bundled model, and the one without receipts.
    let bundled = std::fs::read_dir(repo().join("models"))
        .unwrap()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "toml"))
        .count();
    assert_eq!(models.len(), bundled + 1, "{models:?}");
    let inputs = dir.path().join("in");
    std::fs::create_dir_all(&inputs).unwrap();
    let books: Vec<PathBuf> = models
        .iter()
        .map(|m| {
            let b = inputs.join(format!("{m}.xlsx"));
            std::fs::copy(out.join(m).join("results.xlsx"), &b).unwrap();
            b
        })
        .collect();
    let recalculated = recalculate(&soffice, &books, dir.path());

    for m in &models {
        let csv: Vec<Vec<String>> = std::fs::read_to_string(out.join(m).join("projection.csv"))
            .unwrap()
            .lines()
            .map(|l| l.split(',').map(str::to_string).collect())
            .collect();
        let summary: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.join(m).join("summary.json")).unwrap())
                .unwrap();
        let mut wb: Xlsx<_> = open_workbook(recalculated.join(format!("{m}.xlsx"))).unwrap();
        let mut checked = 0;
        for name in wb.sheet_names() {
            let formulas = wb.worksheet_formula(&name).unwrap();
            let values = wb.worksheet_range(&name).unwrap();
            for (r, c, f) in formulas.used_cells() {
                if f.is_empty() {
                    continue;
                }
                let (r, c) = (
                    r as u32 + formulas.start().unwrap().0,
                    c as u32 + formulas.start().unwrap().1,
                );
                let got = cell_number(&values, r, c);
                let place = format!("{m}: {name}!R{}C{} ={f}", r + 1, c + 1);
                let header = csv[0][c as usize].as_str();
                let want = match name.as_str() {
                    "Projection" if (r as usize) < csv.len() => dec(&csv[r as usize][c as usize]),
                    "Projection" if r as usize == csv.len() => match header {
                        "present_value" => summary_figure(&summary, "npv"),
                        "real_net_total" => {
                            // Not in summary.json: the sum of the CSV's
                            // figures, within half a penny a year.
                            let sum: Decimal =
                                csv[1..].iter().map(|row| dec(&row[c as usize])).sum();
                            let slack = Decimal::new(5, 3) * Decimal::from(csv.len());
                            assert!(
                                (pennies(got) - sum).abs() <= slack,
                                "{place}: {got} vs {sum}"
                            );
                            checked += 1;
                            continue;
                        }
                        key => summary_figure(&summary, key),
                    },
                    "Summary" => {
                        let item = match values.get_value((r, 0)) {
                            Some(Data::String(s)) => s.clone(),
                            other => panic!("{place}: item {other:?}"),
                        };
                        summary_figure(&summary, &snake(&item))
                    }
                    _ => panic!("{place}: a formula this test does not know"),
                };
                assert_eq!(pennies(got), want, "{place}: recalculated {got}");
                checked += 1;
            }
        }
        // Per year: net cashable, cumulative, net total, present value;
        // ten totals; nine Summary figures.
        let years = csv.len() - 1;
        assert_eq!(checked, 4 * years + 10 + 9, "{m}: formula cells checked");
    }
}
