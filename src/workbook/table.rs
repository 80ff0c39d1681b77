//! A sheet as a table: its header row found, its columns matched by
//! normalised name, and typed reads of its cells that report, in the
//! sheet's own A1 addresses, what was expected and what was found.

use crate::error::{Place, Problem};
use crate::money::{self, Decimal, MONEY_LIMIT};
use calamine::{Data, Range};
use std::collections::HashMap;
use std::path::Path;

/// Normalises a sheet name, column header or category value (SPEC section
/// 6): drop a trailing parenthesised part, trim, lower-case, and turn each
/// run of spaces, hyphens and dots into one `_`.
///
/// ```
/// use savings::workbook::normalise;
/// assert_eq!(normalise("Annual fee (£)"), "annual_fee");
/// assert_eq!(normalise("Floor-area . m2"), "floor_area_m2");
/// assert_eq!(normalise("Placements (2011-12)"), "placements");
/// assert_eq!(normalise(" Frontline Staff "), "frontline_staff");
/// ```
pub fn normalise(text: &str) -> String {
    let mut t = text.trim_end();
    if t.ends_with(')') {
        if let Some(open) = t.rfind('(') {
            t = &t[..open];
        }
    }
    let t = t.trim().to_lowercase();
    let mut out = String::with_capacity(t.len());
    let mut in_run = false;
    for c in t.chars() {
        if matches!(c, ' ' | '-' | '.' | '\t' | '\u{a0}') {
            if !in_run {
                out.push('_');
            }
            in_run = true;
        } else {
            out.push(c);
            in_run = false;
        }
    }
    out
}

/// The column letters of a 0-based column index: 0 → `A`, 26 → `AA`.
pub fn column_letters(mut col: u32) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// The A1 address of a 0-based (row, column).
pub fn a1(row: u32, col: u32) -> String {
    format!("{}{}", column_letters(col), row + 1)
}

/// What a cell holds, in words, for messages.
pub fn describe(cell: &Data) -> String {
    match cell {
        Data::Empty => "a blank cell".into(),
        Data::String(s) if s.trim().is_empty() => "a blank cell".into(),
        Data::String(s) => format!("text \"{s}\""),
        Data::Int(i) => format!("{i}"),
        Data::Float(f) => match money::from_cell_f64(*f) {
            Some(d) => d.to_string(),
            None => format!("{f}"),
        },
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(d) => format!("the date {}", d.date()),
            None => format!("the date-time {dt}"),
        },
        Data::DateTimeIso(s) => format!("the date {s}"),
        Data::DurationIso(s) => format!("the duration {s}"),
        Data::Error(e) => format!("the error {e}"),
    }
}

fn is_blank(cell: &Data) -> bool {
    match cell {
        Data::Empty => true,
        Data::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// One sheet of the workbook, located and ready to read row by row.
pub struct Table<'a> {
    pub file: &'a Path,
    /// The sheet's name as the workbook spells it.
    pub sheet: String,
    range: &'a Range<Data>,
    /// Normalised header → absolute column.
    columns: HashMap<String, u32>,
    /// Absolute row of the header.
    pub header_row: u32,
    first_col: u32,
    last_col: u32,
    last_row: u32,
}

impl<'a> Table<'a> {
    /// Finds the header (the first non-blank row) of a sheet. `None` for
    /// a sheet with no cells at all.
    pub fn locate(
        file: &'a Path,
        sheet: &str,
        range: &'a Range<Data>,
        problems: &mut Vec<Problem>,
    ) -> Option<Table<'a>> {
        let (r0, c0) = range.start()?;
        let (r1, c1) = range.end()?;
        let header_row = (r0..=r1)
            .find(|&r| (c0..=c1).any(|c| range.get_value((r, c)).is_some_and(|v| !is_blank(v))))?;
        let mut columns = HashMap::new();
        for c in c0..=c1 {
            let Some(cell) = range.get_value((header_row, c)) else {
                continue;
            };
            if is_blank(cell) {
                continue;
            }
            let name = match cell {
                Data::String(s) => normalise(s),
                other => normalise(&describe(other)),
            };
            if let Some(first) = columns.get(&name) {
                problems.push(Problem::new(
                    Place::Cell {
                        file: file.to_path_buf(),
                        sheet: sheet.to_string(),
                        cell: a1(header_row, c),
                    },
                    format!(
                        "column {name} appears twice (first at {}); \
                         keep one",
                        a1(header_row, *first)
                    ),
                ));
                continue;
            }
            columns.insert(name, c);
        }
        Some(Table {
            file,
            sheet: sheet.to_string(),
            range,
            columns,
            header_row,
            first_col: c0,
            last_col: c1,
            last_row: r1,
        })
    }

    /// A problem at a cell of this sheet.
    pub fn problem_at(&self, row: u32, col: u32, message: String) -> Problem {
        Problem::new(
            Place::Cell {
                file: self.file.to_path_buf(),
                sheet: self.sheet.clone(),
                cell: a1(row, col),
            },
            message,
        )
    }

    /// Reports each required column the header lacks; false if any is
    /// missing.
    pub fn require(&self, required: &[&str], problems: &mut Vec<Problem>) -> bool {
        let mut ok = true;
        for name in required {
            if !self.columns.contains_key(*name) {
                ok = false;
                let mut found: Vec<(&u32, &String)> =
                    self.columns.iter().map(|(k, v)| (v, k)).collect();
                found.sort();
                let found: Vec<&str> = found.iter().map(|(_, k)| k.as_str()).collect();
                problems.push(self.problem_at(
                    self.header_row,
                    self.first_col,
                    format!(
                        "the header row has no column {name} (found: {}); \
                         add a column headed \"{name}\"",
                        found.join(", ")
                    ),
                ));
            }
        }
        ok
    }

    /// Column names the engine does not know, for a warning.
    pub fn unknown_columns(&self, known: &[&str]) -> Vec<String> {
        let mut unknown: Vec<(u32, String)> = self
            .columns
            .iter()
            .filter(|(k, _)| !known.contains(&k.as_str()))
            .map(|(k, c)| (*c, k.clone()))
            .collect();
        unknown.sort();
        unknown.into_iter().map(|(_, k)| k).collect()
    }

    pub fn has_column(&self, name: &str) -> bool {
        self.columns.contains_key(name)
    }

    /// The data rows below the header, skipping blank ones.
    pub fn rows(&self) -> impl Iterator<Item = Row<'_, 'a>> + '_ {
        (self.header_row + 1..=self.last_row).filter_map(move |r| {
            let blank = (self.first_col..=self.last_col)
                .all(|c| self.range.get_value((r, c)).is_none_or(is_blank));
            (!blank).then_some(Row {
                table: self,
                row: r,
            })
        })
    }
}

/// A data row of a [`Table`].
pub struct Row<'t, 'a> {
    pub table: &'t Table<'a>,
    /// Absolute 0-based row.
    pub row: u32,
}

const EMPTY: Data = Data::Empty;

impl Row<'_, '_> {
    /// The cell of a column and its column index; a blank cell for a
    /// column the sheet lacks.
    fn cell(&self, column: &str) -> (&Data, u32) {
        match self.table.columns.get(column) {
            Some(&c) => (
                self.table.range.get_value((self.row, c)).unwrap_or(&EMPTY),
                c,
            ),
            None => (&EMPTY, self.table.first_col),
        }
    }

    /// The A1 address of a column's cell in this row.
    pub fn address(&self, column: &str) -> String {
        a1(self.row, self.cell(column).1)
    }

    fn problem(&self, col: u32, message: String) -> Problem {
        self.table.problem_at(self.row, col, message)
    }

    /// Required text. A number is read as its text without a fraction
    /// (`101` → `"101"`).
    pub fn text(&self, column: &str, problems: &mut Vec<Problem>) -> Option<String> {
        let (cell, col) = self.cell(column);
        let found = describe(cell);
        match cell {
            Data::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Data::Int(i) => Some(i.to_string()),
            Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => Some(format!("{}", *f as i64)),
            _ => {
                problems.push(self.problem(col, format!("{column} must be text, found {found}")));
                None
            }
        }
    }

    /// Money ≥ 0. A blank cell is `blank` when given, an error when not.
    pub fn money(
        &self,
        column: &str,
        blank: Option<Decimal>,
        problems: &mut Vec<Problem>,
    ) -> Option<Decimal> {
        let (cell, col) = self.cell(column);
        if is_blank(cell) {
            if blank.is_none() {
                problems.push(self.problem(
                    col,
                    format!("{column} must be a number ≥ 0, found a blank cell"),
                ));
            }
            return blank;
        }
        let value = match cell {
            Data::Float(f) => money::from_cell_f64(*f),
            Data::Int(i) => Some(Decimal::from(*i)),
            Data::String(s) => money::parse_amount_text(s),
            _ => None,
        };
        match value {
            Some(v) if v >= Decimal::ZERO && v <= MONEY_LIMIT => Some(v),
            Some(v) if v > MONEY_LIMIT => {
                problems.push(self.problem(
                    col,
                    format!("{column} must be at most £1,000,000,000,000, found {v}"),
                ));
                None
            }
            _ => {
                problems.push(self.problem(
                    col,
                    format!("{column} must be a number ≥ 0, found {}", describe(cell)),
                ));
                None
            }
        }
    }

    /// A whole number in `lo..=hi`.
    pub fn integer(
        &self,
        column: &str,
        lo: i64,
        hi: i64,
        problems: &mut Vec<Problem>,
    ) -> Option<i64> {
        let (cell, col) = self.cell(column);
        let value = match cell {
            Data::Int(i) => Some(*i),
            Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => Some(*f as i64),
            Data::String(s) => s.trim().parse::<i64>().ok(),
            _ => None,
        };
        match value {
            Some(v) if (lo..=hi).contains(&v) => Some(v),
            _ => {
                problems.push(self.problem(
                    col,
                    format!(
                        "{column} must be a whole number from {lo} to {hi}, found {}",
                        describe(cell)
                    ),
                ));
                None
            }
        }
    }

    /// A yes/no flag: yes/no, y/n, true/false, 1/0 in any case; blank = no.
    pub fn flag(&self, column: &str, problems: &mut Vec<Problem>) -> Option<bool> {
        let (cell, col) = self.cell(column);
        if is_blank(cell) {
            return Some(false);
        }
        let value = match cell {
            Data::Bool(b) => Some(*b),
            Data::Int(1) => Some(true),
            Data::Int(0) => Some(false),
            Data::Float(f) if *f == 1.0 => Some(true),
            Data::Float(f) if *f == 0.0 => Some(false),
            Data::String(s) => match s.trim().to_lowercase().as_str() {
                "yes" | "y" | "true" | "1" => Some(true),
                "no" | "n" | "false" | "0" => Some(false),
                _ => None,
            },
            _ => None,
        };
        if value.is_none() {
            problems.push(self.problem(
                col,
                format!(
                    "{column} must be yes or no (y/n, true/false, 1/0), found {}",
                    describe(cell)
                ),
            ));
        }
        value
    }

    /// A category-like value normalised like a header and checked against
    /// the names `parse` knows.
    pub fn category<T>(
        &self,
        column: &str,
        parse: impl Fn(&str) -> Option<T>,
        allowed: &str,
        problems: &mut Vec<Problem>,
    ) -> Option<T> {
        let (cell, col) = self.cell(column);
        let value = match cell {
            Data::String(s) => parse(&normalise(s)),
            _ => None,
        };
        if value.is_none() {
            problems.push(self.problem(
                col,
                format!(
                    "{column} must be one of {allowed}, found {}",
                    describe(cell)
                ),
            ));
        }
        value
    }

    /// A problem at this row's cell of `column`.
    pub fn problem_in(&self, column: &str, message: String) -> Problem {
        self.problem(self.cell(column).1, message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_headers_as_the_spec_says() {
        let cases = [
            ("Annual fee (£)", "annual_fee"),
            ("Floor-area . m2", "floor_area_m2"),
            ("Placements (2011-12)", "placements"),
            ("Site ID", "site_id"),
            ("  NCY  ", "ncy"),
            ("Repairs-maintenance (£)", "repairs_maintenance"),
            ("Non-maintained", "non_maintained"),
        ];
        for (raw, want) in cases {
            assert_eq!(normalise(raw), want, "{raw}");
        }
    }

    #[test]
    fn column_letters_past_z() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
        assert_eq!(a1(6, 3), "D7");
    }

    #[test]
    fn cells_are_described_in_words() {
        assert_eq!(describe(&Data::String("n/a".into())), "text \"n/a\"");
        assert_eq!(describe(&Data::Empty), "a blank cell");
        assert_eq!(describe(&Data::Float(-5.0)), "-5");
        assert_eq!(
            describe(&Data::Error(calamine::CellErrorType::Div0)),
            "the error #DIV/0!"
        );
    }
}
