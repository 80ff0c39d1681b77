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
