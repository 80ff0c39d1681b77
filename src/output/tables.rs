//! The result tables of a model run, built once as polars frames with the
//! amounts rounded for output (half to even); the CSV, and later the Excel
//! and HTML writers, render them.

use crate::appraisal::Appraisal;
use crate::flows::{Class, Totals};
use crate::money::{round_places, Decimal};
use polars::prelude::*;

/// A column of decimals rounded half to even to `places`.
pub fn rounded_column(name: &str, values: &[Decimal], places: u32) -> PolarsResult<Column> {
    let mantissas: Vec<i128> = values
        .iter()
        .map(|d| round_places(*d, places).mantissa())
        .collect();
    Ok(Int128Chunked::from_vec(name.into(), mantissas)
        .into_decimal(38, places as usize)?
        .into_series()
        .into())
}

/// Text a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab,
/// carriage return at the start) gets a leading `'` (SPEC section 8).
pub fn neutralise(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_string(),
    }
}

/// The columns of `projection.csv`, in order.
pub const PROJECTION_COLUMNS: [&str; 13] = [
    "financial_year",
    "cashable",
    "non_cashable",
    "cost_avoidance",
    "one_off_cost",
    "financing_cost",
    "capital_receipt",
    "net_cashable",
    "cumulative_net_cashable",
    "net_total",
    "real_net_total",
    "discount_factor",
    "present_value",
];

/// `projection.csv`: a row per financial year.
pub fn projection(a: &Appraisal) -> PolarsResult<DataFrame> {
    let years: Vec<String> = a.rows.iter().map(|r| r.year.to_string()).collect();
    let mut cols = vec![Column::new("financial_year".into(), years)];
    for c in Class::ALL {
        let v: Vec<Decimal> = a.rows.iter().map(|r| r.class(c)).collect();
        cols.push(rounded_column(c.name(), &v, 2)?);
    }
    let field = |f: fn(&crate::appraisal::YearRow) -> Decimal| -> Vec<Decimal> {
        a.rows.iter().map(f).collect()
    };
    cols.push(rounded_column(
        "net_cashable",
        &field(|r| r.net_cashable),
        2,
    )?);
    cols.push(rounded_column(
        "cumulative_net_cashable",
        &field(|r| r.cumulative_net_cashable),
        2,
    )?);
    cols.push(rounded_column("net_total", &field(|r| r.net_total), 2)?);
    cols.push(rounded_column(
        "real_net_total",
        &field(|r| r.real_net_total),
        2,
    )?);
    cols.push(rounded_column(
        "discount_factor",
        &field(|r| r.discount_factor),
        6,
    )?);
    cols.push(rounded_column(
        "present_value",
        &field(|r| r.present_value),
        2,
    )?);
    DataFrame::new_infer_height(cols)
}

/// `lines.csv`: a row per FY, line and class with a non-zero total.
pub fn lines(t: &Totals) -> PolarsResult<DataFrame> {
    let amounts: Vec<Decimal> = t.lines.iter().map(|l| l.amount).collect();
    DataFrame::new_infer_height(vec![
        Column::new(
            "financial_year".into(),
            t.lines
                .iter()
                .map(|l| l.year.to_string())
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "line".into(),
            t.lines
                .iter()
                .map(|l| neutralise(&l.label))
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "class".into(),
            t.lines.iter().map(|l| l.class.name()).collect::<Vec<_>>(),
        ),
        rounded_column("amount", &amounts, 2)?,
    ])
}

/// `bodies.csv` (SPEC 7.7): every body's non-zero total per financial
/// year and class, ordered by FY, body (the authority first, then byte
/// order) and class.
pub fn bodies(t: &Totals, authority: &str) -> PolarsResult<DataFrame> {
    let mut years = Vec::new();
    let mut bodies = Vec::new();
    let mut classes = Vec::new();
    let mut amounts = Vec::new();
    for y in 0..t.years.len() {
        for b in &t.bodies {
            for c in Class::ALL {
                let amount = b.years[y][c as usize];
                if amount.is_zero() {
                    continue;
                }
                years.push(t.start.plus(y as i32).to_string());
                bodies.push(neutralise(b.body.as_deref().unwrap_or(authority)));
                classes.push(c.name());
                amounts.push(amount);
            }
        }
    }
    DataFrame::new_infer_height(vec![
        Column::new("financial_year".into(), years),
        Column::new("body".into(), bodies),
        Column::new("class".into(), classes),
        rounded_column("amount", &amounts, 2)?,
    ])
}

/// The columns of `assumptions.csv`, in order.
pub const ASSUMPTION_COLUMNS: [&str; 4] = ["parameter", "value", "exact_value", "source"];

/// The assumptions log's text, made once for every file that shows it
/// (`assumptions.csv` and the reports): for each entry, its parameter, value
/// as a person writes it (`2,400,000`, `2.5%`), exact value for machines
/// (`2400000`, `0.025`) and source, each [`neutralise`]d.
pub fn assumption_text(rows: &[crate::kinds::Assumption]) -> Vec<[String; 4]> {
    use super::assumption_text::{as_written, exact};
    rows.iter()
        .map(|a| {
            [
                neutralise(&a.parameter),
                neutralise(&as_written(&a.parameter, &a.value)),
                neutralise(&exact(&a.value)),
                neutralise(&a.source),
            ]
        })
        .collect()
}

/// `assumptions.csv`: parameter, value as a person writes it (`2,400,000`,
/// `2.5%`), the exact value for machines (`2400000`, `0.025`), source.
pub fn assumptions(rows: &[crate::kinds::Assumption]) -> PolarsResult<DataFrame> {
    assumptions_frame(&assumption_text(rows))
}

/// The frame of `assumptions.csv` from the log's text.
pub fn assumptions_frame(text: &[[String; 4]]) -> PolarsResult<DataFrame> {
    DataFrame::new_infer_height(
        ASSUMPTION_COLUMNS
            .iter()
            .enumerate()
            .map(|(i, name)| {
                Column::new(
                    (*name).into(),
                    text.iter().map(|r| r[i].as_str()).collect::<Vec<_>>(),
                )
            })
            .collect(),
    )
}

/// The log as a report table (the same text as `assumptions.csv`), taking
/// the text rather than reading it back out of the frame.
pub fn assumptions_table(text: Vec<[String; 4]>) -> super::table::Table {
    use super::table::{Cell, Table};
    let mut table = Table::new("Assumptions", &ASSUMPTION_COLUMNS);
    table.rows = text
        .into_iter()
        .map(|r| r.into_iter().map(Cell::Text).collect())
        .collect();
    table
}

/// Renders a frame as CSV: UTF-8, no byte-order mark, `\n` endings, a
/// header row, quotes only where a field needs them.
pub fn to_csv(df: &mut DataFrame) -> PolarsResult<Vec<u8>> {
    let mut buf = Vec::new();
    CsvWriter::new(&mut buf)
        .include_header(true)
        .include_bom(false)
        .with_line_terminator("\n".into())
        .with_quote_style(QuoteStyle::Necessary)
        .finish(df)?;
    Ok(buf)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn formula_like_text_is_neutralised() {
        assert_eq!(neutralise("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(neutralise("-10"), "'-10");
        assert_eq!(neutralise("@cmd"), "'@cmd");
        assert_eq!(neutralise("\tx"), "'\tx");
        assert_eq!(neutralise("energy"), "energy");
    }

    #[test]
    fn csv_quotes_only_where_needed_and_rounds_half_even() {
        let mut df = DataFrame::new_infer_height(vec![
            Column::new(
                "line".into(),
                vec!["capital receipt: Depot, Baths Road", "say \"hi\"", "energy"],
            ),
            rounded_column(
                "amount",
                &[
                    Decimal::from_str("0.125").unwrap(),
                    Decimal::from_str("-0.004").unwrap(),
                    Decimal::from_str("1.015").unwrap(),
                ],
                2,
            )
            .unwrap(),
        ])
        .unwrap();
        let csv = String::from_utf8(to_csv(&mut df).unwrap()).unwrap();
        assert_eq!(
            csv,
            "line,amount\n\"capital receipt: Depot, Baths Road\",0.12\n\"say \"\"hi\"\"\",0.00\nenergy,1.02\n"
        );
    }
}
