//! The Actuals sheet read against a programme: each row's workstream
//! must be one of the programme's, its year not after the current one,
//! and a workstream's year has at most one forecast and one rating. Rows
//! of one workstream and year add up (a reversal is a row of its own).

use super::file::Workstream;
use crate::baseline::{Actual, Rag};
use crate::calendar::FinancialYear;
use crate::error::{Place, Problem};
use crate::money::Decimal;
use std::collections::HashMap;
use std::path::Path;

/// What a workstream reports for one financial year.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Delivery {
    /// Cashable achieved, reversals taken off.
    pub achieved: Decimal,
    pub forecast: Option<Decimal>,
    pub rag: Option<Rag>,
}

/// Deliveries by (workstream index, FY).
pub type Deliveries = HashMap<(usize, i32), Delivery>;

fn at(file: &Path, a: &Actual, cell: &str, message: String) -> Problem {
    Problem::new(
        Place::Cell {
            file: file.to_path_buf(),
            sheet: a.sheet.clone(),
            cell: cell.to_string(),
        },
        message,
    )
}

/// Checks the rows against the programme's workstreams and the current
/// financial year (`None`: no date, every year allowed) and adds them
/// up. Every problem is collected.
pub fn match_rows(
    file: &Path,
    rows: &[Actual],
    workstreams: &[Workstream],
    current: Option<FinancialYear>,
) -> Result<Deliveries, Vec<Problem>> {
    let key = |s: &str| s.trim().to_lowercase();
    let by_name: HashMap<String, usize> = workstreams
        .iter()
        .enumerate()
        .map(|(i, w)| (key(&w.name), i))
        .collect();
    let mut problems = Vec::new();
    let mut out: Deliveries = HashMap::new();
    let mut first_forecast: HashMap<(usize, i32), String> = HashMap::new();
    let mut first_rag: HashMap<(usize, i32), String> = HashMap::new();
    for a in rows {
        let Some(&i) = by_name.get(&key(&a.workstream)) else {
            let names: Vec<&str> = workstreams.iter().map(|w| w.name.as_str()).collect();
            let pairs: Vec<(&str, &str)> = names.iter().map(|n| (*n, *n)).collect();
            let near = crate::suggest::nearest(&a.workstream, &pairs, 2);
            problems.push(at(
                file,
                a,
                &a.workstream_cell,
                format!(
                    "workstream \"{}\" is not a workstream of the programme{}; the workstreams \
                     are: {}",
                    a.workstream,
                    crate::suggest::did_you_mean(&near),
                    names.join("; ")
                ),
            ));
            continue;
        };
        if let Some(current) = current {
            if a.financial_year.0 > current.0 {
                problems.push(at(
                    file,
                    a,
                    &a.year_cell,
                    format!(
                        "{} is a future year: the programme's as_of date falls in {current}, so \
                         nothing can have been achieved in {} yet; put the owner's forecast for \
                         {current} in the forecast column of its row",
                        a.financial_year, a.financial_year
                    ),
                ));
                continue;
            }
        }
        let k = (i, a.financial_year.0);
        let d = out.entry(k).or_default();
        d.achieved += a.achieved;
        if let Some(f) = a.forecast {
            if let Some(first) = first_forecast.get(&k) {
                problems.push(at(
                    file,
                    a,
                    &a.year_cell,
                    format!(
                        "a second forecast for \"{}\" in {} (the first on the row of {first}); \
                         give one forecast for a workstream's year",
                        a.workstream, a.financial_year
                    ),
                ));
            } else {
                first_forecast.insert(k, a.year_cell.clone());
                d.forecast = Some(f);
            }
        }
        if let Some(r) = a.rag {
            if let Some(first) = first_rag.get(&k) {
                problems.push(at(
                    file,
                    a,
                    &a.year_cell,
                    format!(
                        "a second rag for \"{}\" in {} (the first on the row of {first}); give \
                         one rating for a workstream's year",
                        a.workstream, a.financial_year
                    ),
                ));
            } else {
                first_rag.insert(k, a.year_cell.clone());
                d.rag = Some(r);
            }
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}
