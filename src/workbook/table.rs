//! A sheet as a table: its header row found, its columns matched by
//! normalised name, and typed reads of its cells that report, in the
//! sheet's own A1 addresses, what was expected and what was found.

use super::grid::Cell;
use super::grid::Grid;
use crate::error::{Place, Problem};
use crate::money::{self, Decimal, MONEY_LIMIT};
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
pub fn describe(cell: &Cell<'_>) -> String {
    match cell {
        Cell::Empty => "a blank cell".into(),
        Cell::Text(s) if s.trim().is_empty() => "a blank cell".into(),
        Cell::Text(s) => format!("text \"{s}\""),
        Cell::Int(i) => format!("{i}"),
        Cell::Float(f) => match money::from_cell_f64(*f) {
            Some(d) => d.to_string(),
            None => format!("{f}"),
        },
        Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
        Cell::DateTime(dt) => match dt.as_datetime() {
            Some(d) => format!("the date {}", d.date()),
            None => format!("the date-time {dt}"),
        },
        Cell::DateTimeIso(s) => format!("the date {s}"),
        Cell::DurationIso(s) => format!("the duration {s}"),
        Cell::Error(e) => format!("the error {e}"),
    }
}

fn is_blank(cell: &Cell<'_>) -> bool {
    match cell {
        Cell::Empty => true,
        Cell::Text(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// The key a header is matched by: [`normalise`]d, then read as words, so
/// that `&` and `and` are separators and marks such as `£` are dropped
/// (`Repairs & maintenance (£)` and `Repairs and maintenance` are both
/// `repairs_maintenance`; `R&M` is `r_m`).
///
/// ```
/// use savings::workbook::header_key;
/// assert_eq!(header_key("Repairs & maintenance (£)"), "repairs_maintenance");
/// assert_eq!(header_key("Repairs and Maintenance"), "repairs_maintenance");
/// assert_eq!(header_key("R&M"), "r_m");
/// assert_eq!(header_key("Energy £"), "energy");
/// ```
pub fn header_key(text: &str) -> String {
    normalise(text)
        .split(['_', '&', '/', ','])
        .filter(|w| *w != "and" && w.chars().any(char::is_alphanumeric))
        .collect::<Vec<_>>()
        .join("_")
}

/// The columns a sheet has: the ones it must have, the others the engine
/// reads, and the other names councils give them.
#[derive(Clone, Copy, Debug)]
pub struct Layout {
    pub required: &'static [&'static str],
    pub optional: &'static [&'static str],
    /// `(other name, column)`, each other name as a [`header_key`].
    pub synonyms: &'static [(&'static str, &'static str)],
}

impl Layout {
    /// The column a header stands for, if the engine reads it.
    pub fn column(&self, header: &str) -> Option<&'static str> {
        let key = header_key(header);
        self.required
            .iter()
            .chain(self.optional)
            .find(|c| **c == key)
            .copied()
            .or_else(|| {
                self.synonyms
                    .iter()
                    .find(|(other, _)| *other == key)
                    .map(|(_, c)| *c)
            })
    }

    /// Every column name the engine reads, required first.
    pub fn names(&self) -> Vec<&'static str> {
        self.required.iter().chain(self.optional).copied().collect()
    }
}

/// How many rows from the top are searched for the header.
pub const HEADER_SEARCH_ROWS: u32 = 20;

/// A column the engine does not read: its header as written (blank for a
/// column with no header) and its place.
#[derive(Clone, Debug)]
pub struct OtherColumn {
    pub col: u32,
    pub header: String,
}

/// One sheet of the workbook, located and ready to read row by row.
pub struct Table<'a> {
    pub file: &'a Path,
    /// The sheet's name as the workbook spells it.
    pub sheet: String,
    range: &'a Grid<'a>,
    /// Column name → absolute column: a handful, so a list is quicker to
    /// search than a hash map in the per-cell path.
    columns: Columns,
    /// Columns the engine does not read, in sheet order.
    others: Vec<OtherColumn>,
    /// Absolute row of the header.
    pub header_row: u32,
    first_col: u32,
    last_row: u32,
}

/// The engine's columns found in a header: name and absolute column.
#[derive(Clone, Debug, Default)]
struct Columns(Vec<(&'static str, u32)>);

impl Columns {
    fn get(&self, name: &str) -> Option<&u32> {
        self.0.iter().find(|(n, _)| *n == name).map(|(_, c)| c)
    }

    fn insert(&mut self, name: &'static str, col: u32) {
        self.0.push((name, col));
    }
}

/// The text of a header cell.
fn header_text(cell: &Cell<'_>) -> String {
    match cell {
        Cell::Text(s) => s.trim().to_string(),
        other => describe(other),
    }
}

impl<'a> Table<'a> {
    /// Finds the header: the first row within the first
    /// [`HEADER_SEARCH_ROWS`] that holds every required column, so that
    /// title rows above the table are passed over. When no row does, one
    /// problem says so (naming the columns the nearest row lacks). `None`
    /// when the sheet is empty or has no header; the problems say why.
    pub fn locate(
        file: &'a Path,
        sheet: &str,
        range: &'a Grid<'a>,
        layout: &Layout,
        problems: &mut Vec<Problem>,
    ) -> Option<Table<'a>> {
        let place = || Place::Sheet {
            file: file.to_path_buf(),
            sheet: sheet.to_string(),
        };
        let (Some((r0, c0)), Some((r1, _))) = (range.start(), range.end()) else {
            problems.push(Problem::new(
                place(),
                "is empty; expected a header row and data rows (or remove the sheet)",
            ));
            return None;
        };
        let non_blank = |r: u32| range.row_cells(r).filter(|(_, v)| !is_blank(v));
        let last_searched = r1.min(r0.saturating_add(HEADER_SEARCH_ROWS - 1));
        // (row, required columns present) of each candidate row.
        let mut best: Option<(u32, usize)> = None;
        let mut header_row = None;
        for r in range.rows_between(r0, last_searched) {
            let found = non_blank(r)
                .filter_map(|(_, v)| layout.column(&header_text(v)))
                .filter(|c| layout.required.contains(c))
                .collect::<std::collections::HashSet<_>>()
                .len();
            if found == layout.required.len() {
                header_row = Some(r);
                break;
            }
            if found > 0 && best.is_none_or(|(_, n)| found > n) {
                best = Some((r, found));
            }
        }
        let Some(header_row) = header_row else {
            let Some(first) = range
                .rows_between(r0, r1)
                .find(|&r| non_blank(r).next().is_some())
            else {
                problems.push(Problem::new(
                    place(),
                    "is empty; expected a header row and data rows (or remove the sheet)",
                ));
                return None;
            };
            let required = layout.required.join(", ");
            let message = match best {
                Some((r, _)) => {
                    let have: Vec<&str> = non_blank(r)
                        .filter_map(|(_, v)| layout.column(&header_text(v)))
                        .collect();
                    let missing: Vec<&str> = layout
                        .required
                        .iter()
                        .filter(|c| !have.contains(c))
                        .copied()
                        .collect();
                    let found: Vec<String> = non_blank(r).map(|(_, v)| header_text(v)).collect();
                    format!(
                        "the header row ({}) has no column {} (found: {}); add a \
                         column headed {}",
                        r + 1,
                        missing.join(", "),
                        found.join(", "),
                        missing
                            .iter()
                            .map(|m| format!("\"{m}\""))
                            .collect::<Vec<_>>()
                            .join(" and ")
                    )
                }
                None => {
                    let first_text: Vec<String> =
                        non_blank(first).map(|(_, v)| header_text(v)).collect();
                    format!(
                        "no header row found: none of the first {HEADER_SEARCH_ROWS} rows has \
                         the columns {required} (row {} reads \"{}\"); if there are title \
                         rows above the table, delete them so that the header is the first row",
                        first + 1,
                        first_text.join(" | ")
                    )
                }
            };
            problems.push(Problem::new(place(), message));
            return None;
        };
        let mut columns = Columns::default();
        let mut others = Vec::new();
        for (c, cell) in non_blank(header_row) {
            let text = header_text(cell);
            let Some(name) = layout.column(&text) else {
                others.push(OtherColumn {
                    col: c,
                    header: text,
                });
                continue;
            };
            if let Some(first) = columns.get(name) {
                let first_text = range
                    .get_value((header_row, *first))
                    .map(header_text)
                    .unwrap_or_default();
                problems.push(Problem::new(
                    Place::Cell {
                        file: file.to_path_buf(),
                        sheet: sheet.to_string(),
                        cell: a1(header_row, c),
                    },
                    format!(
                        "column \"{text}\" reads as {name}, and so does \"{first_text}\" \
                         at {}; keep one",
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
            others,
            header_row,
            first_col: c0,
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

    /// The columns the engine does not read that have something in them
    /// below the header, or a header, in sheet order, with how many of
    /// their filled cells are numbers (numeric cells or amounts as text). A
    /// column with cells below a blank header has an empty `header`. One
    /// pass over the cells.
    pub fn other_columns(&self) -> Vec<(OtherColumn, usize, usize)> {
        // A handful of columns: a list is quicker to search than a hash
        // set, and this runs for every cell.
        let read: Vec<u32> = self.columns.0.iter().map(|(_, c)| *c).collect();
        // column → (filled, numbers)
        let mut counts: std::collections::BTreeMap<u32, (usize, usize)> =
            self.others.iter().map(|o| (o.col, (0, 0))).collect();
        for r in self.range.rows_between(self.header_row + 1, self.last_row) {
            for (c, v) in self.range.row_cells(r) {
                if read.contains(&c) || is_blank(v) {
                    continue;
                }
                let number = match v {
                    Cell::Float(_) | Cell::Int(_) => true,
                    Cell::Text(s) => money::parse_amount_text(s).is_some(),
                    _ => false,
                };
                let e = counts.entry(c).or_default();
                e.0 += 1;
                e.1 += usize::from(number);
            }
        }
        counts
            .into_iter()
            .map(|(col, (filled, numbers))| {
                let header = self
                    .others
                    .iter()
                    .find(|o| o.col == col)
                    .map(|o| o.header.clone())
                    .unwrap_or_default();
                (OtherColumn { col, header }, filled, numbers)
            })
            .collect()
    }

    pub fn has_column(&self, name: &str) -> bool {
        self.columns.get(name).is_some()
    }

    /// How many rows below the header hold something (blank ones too).
    pub fn row_count(&self) -> usize {
        self.range
            .rows_between(self.header_row + 1, self.last_row)
            .count()
    }

    /// The data rows below the header, skipping blank ones.
    pub fn rows(&self) -> impl Iterator<Item = Row<'_, 'a>> + '_ {
        self.range
            .rows_between(self.header_row + 1, self.last_row)
            .filter_map(move |r| {
                let blank = self.range.row_cells(r).all(|(_, v)| is_blank(v));
                (!blank).then_some(Row {
                    table: self,
                    row: r,
                })
            })
    }
}

/// A cell's double as an amount to the penny, when it is one (most money
/// cells are), without the text [`money::from_cell_f64`] goes through: the
/// same value, at the same scale. Below 2^40 (£1.1 trillion) the doubles
/// are closer together than half a penny, so a double that a whole number
/// of pence reads back as exactly is that number, and its shortest
/// decimal (what `from_cell_f64` reads) is those pence without trailing
/// zeros. `None` for anything else: `from_cell_f64` decides those.
fn pounds_and_pence(v: f64) -> Option<Decimal> {
    const BOUND: f64 = 1_099_511_627_776.0; // 2^40
    if !v.is_finite() || v.abs() >= BOUND {
        return None;
    }
    let pence = (v * 100.0).round();
    if pence / 100.0 != v {
        return None;
    }
    Some(Decimal::new(pence as i64, 2).normalize())
}

/// The category values a column has had, by their text as written, with
/// what each read as: a column repeats a handful of values (`Independent`,
/// `Staffing`), so each is [`normalise`]d once. Holds a few; past that,
/// values are read afresh.
pub struct Seen<T>(Vec<(String, Option<T>)>);

impl<T: Copy> Default for Seen<T> {
    fn default() -> Self {
        Seen::new()
    }
}

impl<T: Copy> Seen<T> {
    const MOST: usize = 32;

    pub fn new() -> Seen<T> {
        Seen(Vec::new())
    }

    fn read(&mut self, text: &str, parse: impl Fn(&str) -> Option<T>) -> Option<T> {
        if let Some((_, value)) = self.0.iter().find(|(t, _)| t == text) {
            return *value;
        }
        let value = parse(&normalise(text));
        if self.0.len() < Self::MOST {
            self.0.push((text.to_string(), value));
        }
        value
    }
}

/// A data row of a [`Table`].
pub struct Row<'t, 'a> {
    pub table: &'t Table<'a>,
    /// Absolute 0-based row.
    pub row: u32,
}

const EMPTY: Cell<'static> = Cell::Empty;

impl Row<'_, '_> {
    /// The cell of a column and its column index; a blank cell for a
    /// column the sheet lacks.
    fn cell(&self, column: &str) -> (&Cell<'_>, u32) {
        match self.table.columns.get(column) {
            Some(&c) => (
                self.table.range.get_value((self.row, c)).unwrap_or(&EMPTY),
                c,
            ),
            None => (&EMPTY, self.table.first_col),
        }
    }

    /// The sheet column a column's cells are in (the first column for a
    /// column the sheet lacks).
    pub fn column_index(&self, column: &str) -> u32 {
        self.cell(column).1
    }

    fn problem(&self, col: u32, message: String) -> Problem {
        self.table.problem_at(self.row, col, message)
    }

    /// Required text. A number is read as its text without a fraction
    /// (`101` → `"101"`).
    pub fn text(&self, column: &str, problems: &mut Vec<Problem>) -> Option<String> {
        let (cell, col) = self.cell(column);
        match cell {
            Cell::Text(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Cell::Int(i) => Some(i.to_string()),
            Cell::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => Some(format!("{}", *f as i64)),
            _ => {
                let found = describe(cell);
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
        let value = amount_in(cell);
        match value {
            Some(v) if v >= Decimal::ZERO && v <= MONEY_LIMIT => Some(v),
            Some(v) if v > MONEY_LIMIT => {
                problems.push(self.problem(
                    col,
                    format!(
                        "{column} must be at most £1,000,000,000,000 (£1 trillion, \
                         the engine's bound on any amount), found {v}"
                    ),
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

    /// Money that may be negative (an amount taken back), within the
    /// engine's bound either way. A blank cell is `blank` when given, an
    /// error when not.
    pub fn signed_money(
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
                    format!("{column} must be a number, found a blank cell"),
                ));
            }
            return blank;
        }
        let value = amount_in(cell);
        match value {
            Some(v) if v.abs() <= MONEY_LIMIT => Some(v),
            _ => {
                problems.push(self.problem(
                    col,
                    format!(
                        "{column} must be a number of pounds within ±£1,000,000,000,000, found {}",
                        describe(cell)
                    ),
                ));
                None
            }
        }
    }

    /// Whether this row's cell of `column` is blank (or the sheet lacks
    /// the column).
    pub fn is_blank(&self, column: &str) -> bool {
        is_blank(self.cell(column).0)
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
            Cell::Int(i) => Some(*i),
            Cell::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => Some(*f as i64),
            Cell::Text(s) => s.trim().parse::<i64>().ok(),
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
            Cell::Bool(b) => Some(*b),
            Cell::Int(1) => Some(true),
            Cell::Int(0) => Some(false),
            Cell::Float(f) if *f == 1.0 => Some(true),
            Cell::Float(f) if *f == 0.0 => Some(false),
            Cell::Text(s) => match s.trim().to_lowercase().as_str() {
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
    pub fn category<T: Copy>(
        &self,
        column: &str,
        seen: &mut Seen<T>,
        parse: impl Fn(&str) -> Option<T>,
        allowed: &str,
        problems: &mut Vec<Problem>,
    ) -> Option<T> {
        let (cell, col) = self.cell(column);
        let value = match cell {
            Cell::Text(s) => seen.read(s, parse),
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

/// An amount of pounds in a cell: a number (to the penny where the cell's
/// double is one), or text such as "£1,234.50"; `None` for anything else.
fn amount_in(cell: &Cell<'_>) -> Option<Decimal> {
    match cell {
        Cell::Float(f) => pounds_and_pence(*f).or_else(|| money::from_cell_f64(*f)),
        Cell::Int(i) => Some(Decimal::from(*i)),
        Cell::Text(s) => money::parse_amount_text(s),
        _ => None,
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
    fn amounts_to_the_penny_read_as_the_cells_text_reads() {
        // The quick way must give what the text of the double gives, to
        // the scale: every amount the generated estates write and more.
        let mut seed = 7u64;
        let mut next = || {
            seed = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = seed;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        let mut checked = 0;
        for i in 0..200_000u64 {
            let pence = match i % 4 {
                0 => next() % 10_000_000_000,
                1 => next() % 100_000,
                2 => next() % 109_951_162_777_600,
                _ => next() % 1_000,
            } as f64;
            for v in [pence / 100.0, -pence / 100.0, pence / 10.0, pence * 0.01] {
                let quick = pounds_and_pence(v);
                if let Some(q) = quick {
                    let slow = money::from_cell_f64(v).unwrap();
                    assert_eq!(q, slow, "{v}");
                    assert_eq!(q.scale(), slow.scale(), "{v}");
                    assert_eq!(q.to_string(), slow.to_string(), "{v}");
                    checked += 1;
                }
            }
        }
        assert!(checked > 500_000, "{checked}");
        for v in [
            0.1 + 0.2,
            1e-7,
            1.0 / 3.0,
            f64::NAN,
            f64::INFINITY,
            2e12,
            -0.001,
        ] {
            if let Some(q) = pounds_and_pence(v) {
                assert_eq!(Some(q), money::from_cell_f64(v), "{v}");
            }
        }
        assert_eq!(pounds_and_pence(0.1 + 0.2), None);
        assert_eq!(pounds_and_pence(2e12), None);
    }

    #[test]
    fn cells_are_described_in_words() {
        assert_eq!(describe(&Cell::Text("n/a".into())), "text \"n/a\"");
        assert_eq!(describe(&Cell::Empty), "a blank cell");
        assert_eq!(describe(&Cell::Float(-5.0)), "-5");
        assert_eq!(
            describe(&Cell::Error(calamine::CellErrorType::Div0)),
            "the error #DIV/0!"
        );
    }
}
