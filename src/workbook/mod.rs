//! Reading a council's baseline workbook (SPEC section 6).
//!
//! One mechanism for every sheet: find the sheet by normalised name, find
//! its header row, match columns by normalised name, then convert each row
//! into a typed, checked value ([`crate::baseline`]). Every bad cell is
//! reported with its A1 address, all of them together; a workbook with any
//! problem yields no baseline at all.

mod sheets;
mod table;

pub use sheets::{layout, ReadOptions};
pub use table::{a1, column_letters, header_key, normalise, Layout};

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
    read_baseline_with(path, &ReadOptions::default())
}

/// [`read_baseline`], leaving out the columns `options` names.
pub fn read_baseline_with(path: &Path, options: &ReadOptions) -> Result<Baseline> {
    crate::input_file::check_regular(path, "the baseline workbook").map_err(Error::input)?;
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
    if let Some(what) = not_a_workbook(&bytes) {
        return Err(Error::input(Problem::file(path, what)));
    }
    let mut book = open_workbook_auto(path).map_err(|e| {
        Error::input(Problem::file(
            path,
            format!(
                "cannot be read as a workbook ({e}); open it in Excel or \
                 LibreOffice and save it again as .xlsx"
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
        sheet_names: book.sheet_names(),
    };

    let names = baseline.sheet_names.clone();
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
        sheets::read_sheet(
            sheet,
            path,
            name,
            &range,
            options,
            &mut baseline,
            &mut problems,
        );
    }

    if problems.is_empty() {
        Ok(baseline)
    } else {
        Err(Error::Input(problems))
    }
}

/// What a file that is not a workbook is, in words a person can act on,
/// judged from its first bytes: Excel and OpenDocument files are zip
/// archives (`PK`) or, for `.xls`, an OLE compound file. `None` when it may
/// be a workbook.
fn not_a_workbook(bytes: &[u8]) -> Option<String> {
    const ZIP: &[u8] = b"PK\x03\x04";
    const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    if bytes.starts_with(ZIP) || bytes.starts_with(OLE) {
        return None;
    }
    let head = &bytes[..bytes.len().min(4096)];
    let text = String::from_utf8_lossy(head);
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    let lower = trimmed.to_lowercase();
    let looks = if bytes.starts_with(b"%PDF") {
        "a PDF document"
    } else if lower.starts_with("<!doctype html") || lower.starts_with("<html") {
        "an HTML page (some systems export \"Excel\" files this way)"
    } else if lower.starts_with("<?xml") {
        "an XML file (perhaps Excel's 2003 XML format)"
    } else if head
        .iter()
        .all(|&b| b >= 0x20 || matches!(b, b'\t' | b'\n' | b'\r'))
        && std::str::from_utf8(head).is_ok()
    {
        if trimmed
            .lines()
            .next()
            .is_some_and(|l| l.contains(',') || l.contains(';'))
        {
            "CSV text"
        } else if trimmed.lines().next().is_some_and(|l| l.contains('\t')) {
            "tab-separated text"
        } else {
            "plain text"
        }
    } else {
        "neither an Excel nor an OpenDocument file"
    };
    Some(format!(
        "is not an Excel workbook (it looks like {looks}); open it in Excel or \
         LibreOffice and save it as an Excel workbook (.xlsx)"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_renamed_as_a_workbook_is_named_for_what_it_is() {
        let csv = not_a_workbook(b"Site ID,Site,Energy\nOTH,Old Town Hall,1200\n").unwrap();
        assert!(csv.contains("looks like CSV text"), "{csv}");
        assert!(
            csv.contains("save it as an Excel workbook (.xlsx)"),
            "{csv}"
        );
        let html = not_a_workbook(b"<html><table></table></html>").unwrap();
        assert!(html.contains("HTML page"), "{html}");
        assert!(not_a_workbook(b"PK\x03\x04rest").is_none());
        assert!(not_a_workbook(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0]).is_none());
        let binary = not_a_workbook(&[0, 1, 2, 3, 255]).unwrap();
        assert!(binary.contains("neither an Excel"), "{binary}");
    }
}
