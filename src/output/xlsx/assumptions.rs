//! The Assumptions sheet: each value stored as what it is — a number, a
//! percentage, a date — so a reviewer can filter, sort and
//! refer to it; anything else stays text as written.

use super::{Sheet, XCell};
use crate::kinds::Assumption;
use crate::output::table::Cell;
use rust_decimal::Decimal;
use std::str::FromStr;

/// Key names (the last part of a parameter's path, without an index) of
/// the rates and shares of the model files (SPEC section 3): shown as
/// percentages.
const RATES: [&str; 15] = [
    "discount_rate",
    "demand_growth",
    "rate",
    "staff_cost_change",
    "income_uplift",
    "management_fee_efficiency",
    "optimism_bias",
    "take_up",
    "reductions",
    "ramp",
    "cost_share",
    "share",
    "stranded_overheads",
    "trust_support_ratio",
    "discretionary_relief_council_share",
];

/// Whether `parameter` (a model-file key path such as `inflation.energy`
/// or `ramp[2]`) is a rate or share.
fn is_rate(parameter: &str) -> bool {
    if parameter.contains(' ') {
        return false; // a workbook figure ("OTH energy a year")
    }
    let path: String = parameter.split('[').next().unwrap_or(parameter).to_string();
    let last = path.rsplit('.').next().unwrap_or(&path);
    if path.starts_with("inflation.") {
        return true;
    }
    if path.starts_with("holding.") {
        return !last.ends_with("months");
    }
    RATES.contains(&last) || last.ends_with("_relief") || last.ends_with("_share")
}

/// A decimal as written: `2_400_000`, `2,400,000`, `-0.03`.
fn number(text: &str) -> Option<(Decimal, u32)> {
    let plain: String = text.chars().filter(|c| *c != '_' && *c != ',').collect();
    if plain.is_empty()
        || !plain
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+'))
    {
        return None;
    }
    let d = Decimal::from_str(plain.trim_start_matches('+')).ok()?;
    Some((d, d.scale()))
}

/// The cell for an assumption's value.
pub fn value_cell(parameter: &str, value: &str) -> XCell {
    let text = value.trim();
    let unquoted = text
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .unwrap_or(text)
        .trim();
    if let Some(p) = unquoted.strip_suffix('%') {
        if let Some((d, _)) = number(p.trim()) {
            return XCell::Percent(d / Decimal::ONE_HUNDRED);
        }
    }
    if let Some((d, places)) = number(unquoted) {
        return if is_rate(parameter) {
            XCell::Percent(d)
        } else {
            XCell::Table(Cell::Number(d, places))
        };
    }
    if unquoted.len() == 10 {
        // Excel holds dates from 1900 (9999 at the latest); text that
        // looks like an earlier date (a label "0000-01-01") stays text.
        if let Ok(date) = chrono::NaiveDate::parse_from_str(unquoted, "%Y-%m-%d") {
            if (1900..=9999).contains(&chrono::Datelike::year(&date)) {
                return XCell::Date(date);
            }
        }
    }
    XCell::Table(Cell::Text(value.to_string()))
}

/// The Assumptions sheet: parameter, value, source.
pub fn assumptions_sheet(rows: &[Assumption]) -> Sheet {
    let mut sheet = Sheet::new("Assumptions", &["parameter", "value", "source"]);
    for a in rows {
        sheet.rows.push(vec![
            XCell::Table(Cell::Text(a.parameter.clone())),
            value_cell(&a.parameter, &a.value),
            XCell::Table(Cell::Text(a.source.clone())),
        ]);
    }
    sheet.notes = vec![(
        1,
        "Rates and shares are shown as percentages (0.025 is 2.5%), amounts with their written decimals, dates as dates; other values as written in the model file or workbook.".into(),
    )];
    sheet
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn values_are_stored_as_what_they_are() {
        assert_eq!(
            value_cell("inflation.energy", "0.06"),
            XCell::Percent(d("0.06"))
        );
        assert_eq!(
            value_cell("appraisal.discount_rate", "\"3.5%\""),
            XCell::Percent(d("0.035"))
        );
        assert_eq!(
            value_cell("holding.security", "1.0"),
            XCell::Percent(d("1.0"))
        );
        assert_eq!(value_cell("ramp[2]", "0.5"), XCell::Percent(d("0.5")));
        assert_eq!(
            value_cell("holding.empty_rates_relief_months", "3"),
            XCell::Table(Cell::Number(d("3"), 0))
        );
        assert_eq!(
            value_cell("one_off_costs[1].amount", "2_400_000"),
            XCell::Table(Cell::Number(d("2400000"), 0))
        );
        assert_eq!(
            value_cell("one_off_costs[1].amount", "2,400,000"),
            XCell::Table(Cell::Number(d("2400000"), 0))
        );
        assert_eq!(
            value_cell("OTH energy a year", "75832.00"),
            XCell::Table(Cell::Number(d("75832.00"), 2))
        );
        assert_eq!(
            value_cell("vacate[1].on", "\"2012-06-01\""),
            XCell::Date(chrono::NaiveDate::from_ymd_opt(2012, 6, 1).unwrap())
        );
        for text in [
            "Green Book schedule: 3.5% for years 0 to 30, then 3.0%",
            "\"OTH\"",
            "2011/12",
            "[1.0]",
            "true",
            "-",
            "yes",
        ] {
            assert_eq!(
                value_cell("x", text),
                XCell::Table(Cell::Text(text.into())),
                "{text}"
            );
        }
    }
}
