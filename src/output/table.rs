//! A plain result table: the one table model that the Excel, HTML and
//! Markdown writers render (the CSV files render the same figures from
//! polars frames). Money stays `Decimal` here; each writer formats it.

use rust_decimal::Decimal;

/// A cell of a result table.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    /// Pounds, shown to the penny.
    Money(Decimal),
    /// A decimal shown to a fixed number of places (discount factor: 6,
    /// BCR: 4, a rate: as many as it has).
    Number(Decimal, u32),
    Integer(i64),
    Empty,
}

/// A titled table with named columns.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// Used as the sheet name in Excel and the heading in reports.
    pub name: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    pub fn new(name: &str, columns: &[&str]) -> Table {
        Table {
            name: name.to_string(),
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows: Vec::new(),
        }
    }
}

impl Table {
    /// A table from a polars frame of result figures: text columns become
    /// text, decimal columns money (2 places) or numbers (their scale),
    /// integers integers, nulls empty cells.
    pub fn from_frame(
        name: &str,
        df: &polars::prelude::DataFrame,
    ) -> polars::prelude::PolarsResult<Table> {
        use polars::prelude::*;
        let columns: Vec<String> = df
            .get_column_names()
            .iter()
            .map(|c| c.to_string())
            .collect();
        let mut rows = vec![Vec::with_capacity(columns.len()); df.height()];
        for column in df.columns() {
            for (i, row) in rows.iter_mut().enumerate() {
                let cell = match column.get(i)? {
                    AnyValue::Null => Cell::Empty,
                    AnyValue::String(s) => Cell::Text(s.to_string()),
                    AnyValue::StringOwned(s) => Cell::Text(s.to_string()),
                    AnyValue::Decimal(m, _, 2) => Cell::Money(Decimal::from_i128_with_scale(m, 2)),
                    AnyValue::Decimal(m, _, s) => {
                        Cell::Number(Decimal::from_i128_with_scale(m, s as u32), s as u32)
                    }
                    AnyValue::UInt32(v) => Cell::Integer(v as i64),
                    AnyValue::Int32(v) => Cell::Integer(v as i64),
                    AnyValue::Int64(v) => Cell::Integer(v),
                    AnyValue::UInt64(v) => Cell::Integer(v as i64),
                    other => Cell::Text(other.to_string()),
                };
                row.push(cell);
            }
        }
        Ok(Table {
            name: name.to_string(),
            columns,
            rows,
        })
    }
}
