//! Reading a council's baseline workbook (SPEC section 6).
//!
//! One mechanism for every sheet: find the sheet by normalised name, find
//! its header row, match columns by normalised name, then convert each row
//! into a typed, checked value ([`crate::baseline`]). Every bad cell is
//! reported with its A1 address, all of them together; a workbook with any
//! problem yields no baseline at all.

mod sheets;
mod table;

pub use table::{a1, column_letters, normalise};

use crate::baseline::{Baseline, Sheet};
use crate::error::{Error, Problem, Result};
use calamine::{open_workbook_auto, Reader};
use sha2::{Digest, Sha256};
use std::path::Path;

/// The SHA-256 of a file's bytes, in hex, for `summary.json`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Reads and checks every sheet the workbook has.
///
/// Errors: [`Error::Input`] with every problem found (file not found, not
/// a workbook, bad cells, …).
pub fn read_baseline(path: &Path) -> Result<Baseline> {
    let bytes = std::fs::read(path).map_err(|e| {
        Error::input(Problem::file(
            path,
            format!("cannot read the baseline workbook: {e}"),
        ))
    })?;
    if bytes.is_empty() {
        return Err(Error::input(Problem::file(
            path,
            "the file is empty; expected an Excel or OpenDocument \
             workbook (.xlsx, .xlsm, .xls or .ods)",
        )));
    }
    let mut book = open_workbook_auto(path).map_err(|e| {
        Error::input(Problem::file(
            path,
            format!(
                "is not a workbook that can be read (.xlsx, .xlsm, .xls or \
                 .ods expected): {e}"
            ),
        ))
    })?;

    let mut problems = Vec::new();
    let mut baseline = Baseline {
        file: path.to_path_buf(),
        sha256: sha256_hex(&bytes),
        meta: None,
        sites: None,
        libraries: None,
        placements: None,
        warnings: Vec::new(),
    };

    let names = book.sheet_names();
    for sheet in Sheet::ALL {
        let matching: Vec<&String> = names
            .iter()
            .filter(|n| normalise(n) == sheet.name())
            .collect();
        let Some(name) = matching.first() else {
            continue;
        };
        if matching.len() > 1 {
            problems.push(Problem::file(
                path,
                format!(
                    "has {} sheets that read as {} ({}); keep one",
                    matching.len(),
                    sheet.title(),
                    matching
                        .iter()
                        .map(|s| format!("\"{s}\""))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
            continue;
        }
        let range = match book.worksheet_range(name) {
            Ok(r) => r,
            Err(e) => {
                problems.push(Problem::file(
                    path,
                    format!("sheet \"{name}\" cannot be read: {e}"),
                ));
                continue;
            }
        };
        sheets::read_sheet(sheet, path, name, &range, &mut baseline, &mut problems);
    }

    if problems.is_empty() {
        Ok(baseline)
    } else {
        Err(Error::Input(problems))
    }
}
