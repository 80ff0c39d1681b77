//! A sheet's cells, held sparsely: only the cells that hold something, so
//! that one far-away cell (`XFD1048576`) costs one cell, not the dense
//! rectangle up to it (calamine's `Range` would allocate 16,384 × 1,048,576
//! cells and abort the process).
//!
//! `.xlsx` and `.xlsm` sheets are streamed cell by cell; each cell is
//! checked as it arrives (its reference within Excel's limits, a formula
//! with a stored value, text within Excel's cell limit), and reading stops
//! at a bound on the number of cells. Other formats (`.xls`, `.ods`) are
//! read whole by calamine and then held the same way.

use super::table::a1;
use calamine::{CellErrorType, Data, DataRef, ExcelDateTime, Range};
use std::borrow::Cow;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Excel's last row and column (0-based): `XFD1048576`.
pub const EXCEL_ROWS: u32 = 1_048_576;
pub const EXCEL_COLUMNS: u32 = 16_384;
/// Excel's limit on the characters in one cell.
pub const EXCEL_CELL_CHARS: usize = 32_767;

/// A cell's value as read: calamine's, with its text borrowed from the
/// workbook's shared strings where it is one (most text is), so that a
/// sheet of names is not copied cell by cell before its rows are read.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell<'s> {
    Empty,
    Text(Cow<'s, str>),
    Int(i64),
    Float(f64),
    Bool(bool),
    DateTime(ExcelDateTime),
    DateTimeIso(String),
    DurationIso(String),
    Error(CellErrorType),
}

impl<'s> From<DataRef<'s>> for Cell<'s> {
    fn from(value: DataRef<'s>) -> Cell<'s> {
        match value {
            DataRef::Empty => Cell::Empty,
            DataRef::String(s) => Cell::Text(Cow::Owned(s)),
            DataRef::SharedString(s) => Cell::Text(Cow::Borrowed(s)),
            DataRef::Int(i) => Cell::Int(i),
            DataRef::Float(f) => Cell::Float(f),
            DataRef::Bool(b) => Cell::Bool(b),
            DataRef::DateTime(d) => Cell::DateTime(d),
            DataRef::DateTimeIso(s) => Cell::DateTimeIso(s),
            DataRef::DurationIso(s) => Cell::DurationIso(s),
            DataRef::Error(e) => Cell::Error(e),
        }
    }
}

impl From<Data> for Cell<'_> {
    fn from(value: Data) -> Self {
        match value {
            Data::Empty => Cell::Empty,
            Data::String(s) => Cell::Text(Cow::Owned(s)),
            Data::Int(i) => Cell::Int(i),
            Data::Float(f) => Cell::Float(f),
            Data::Bool(b) => Cell::Bool(b),
            Data::DateTime(d) => Cell::DateTime(d),
            Data::DateTimeIso(s) => Cell::DateTimeIso(s),
            Data::DurationIso(s) => Cell::DurationIso(s),
            Data::Error(e) => Cell::Error(e),
        }
    }
}

/// A present row: its 0-based number and its cells, sorted by column.
#[derive(Clone, Debug, Default)]
struct GridRow<'s> {
    row: u32,
    cells: Vec<(u32, Cell<'s>)>,
}

/// The non-empty cells of one sheet, their text borrowed from the
/// workbook (`'s`) where it can be.
#[derive(Clone, Debug, Default)]
pub struct Grid<'s> {
    rows: Vec<GridRow<'s>>,
    /// For each row from the first present one, its index in `rows`, or
    /// `u32::MAX` for a row with nothing in it.
    by_row: Vec<u32>,
    first_col: u32,
    last_col: u32,
}

/// What was wrong with a cell while the sheet was read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellFault {
    /// The A1 address, or the reference as the file wrote it.
    pub cell: String,
    pub message: String,
}

impl<'s> Grid<'s> {
    /// Builds a grid from `(row, column, value)` cells in any order; for a
    /// cell given twice the later one stands. Empty cells are dropped.
    pub fn from_cells(mut cells: Vec<(u32, u32, Cell<'s>)>) -> Grid<'s> {
        cells.retain(|(_, _, v)| !matches!(v, Cell::Empty));
        // A stable sort keeps the file's order among duplicates.
        cells.sort_by_key(|(r, c, _)| (*r, *c));
        let mut rows: Vec<GridRow> = Vec::new();
        for (r, c, v) in cells {
            match rows.last_mut() {
                Some(last) if last.row == r => match last.cells.last_mut() {
                    Some((col, value)) if *col == c => *value = v,
                    _ => last.cells.push((c, v)),
                },
                _ => rows.push(GridRow {
                    row: r,
                    cells: vec![(c, v)],
                }),
            }
        }
        Grid::from_rows(rows)
    }

    /// A grid from rows in order, each with its cells in order, none empty.
    fn from_rows(rows: Vec<GridRow<'s>>) -> Grid<'s> {
        let mut grid = Grid {
            rows,
            first_col: u32::MAX,
            ..Grid::default()
        };
        for row in &grid.rows {
            if let (Some(first), Some(last)) = (row.cells.first(), row.cells.last()) {
                grid.first_col = grid.first_col.min(first.0);
                grid.last_col = grid.last_col.max(last.0);
            }
        }
        if let (Some(first), Some(last)) = (grid.rows.first(), grid.rows.last()) {
            let (first, last) = (first.row, last.row);
            grid.by_row = vec![u32::MAX; (last - first + 1) as usize];
            for (i, row) in grid.rows.iter().enumerate() {
                grid.by_row[(row.row - first) as usize] = i as u32;
            }
        }
        grid
    }

    /// A grid from a range calamine read whole (`.xls`, `.ods`).
    pub fn from_range(range: &Range<Data>) -> Grid<'s> {
        let cells = range
            .used_cells()
            .map(|(r, c, v)| {
                let (r0, c0) = range.start().unwrap_or((0, 0));
                (r0 + r as u32, c0 + c as u32, Cell::from(v.clone()))
            })
            .collect();
        Grid::from_cells(cells)
    }

    /// The first present (row, column): the top row and the leftmost column
    /// that hold something. `None` for an empty sheet.
    pub fn start(&self) -> Option<(u32, u32)> {
        Some((self.rows.first()?.row, self.first_col))
    }

    /// The last present (row, column).
    pub fn end(&self) -> Option<(u32, u32)> {
        Some((self.rows.last()?.row, self.last_col))
    }

    /// The cell at `(row, column)`, if it holds something.
    pub fn get_value(&self, (r, c): (u32, u32)) -> Option<&Cell<'s>> {
        let row = self.row(r)?;
        let i = row.cells.binary_search_by_key(&c, |(col, _)| *col).ok()?;
        Some(&row.cells[i].1)
    }

    fn row(&self, r: u32) -> Option<&GridRow<'s>> {
        let first = self.rows.first()?.row;
        let i = *self.by_row.get(r.checked_sub(first)? as usize)?;
        self.rows.get(i as usize)
    }

    /// The numbers of the rows from `from` to `to` that hold something.
    pub fn rows_between(&self, from: u32, to: u32) -> impl Iterator<Item = u32> + '_ {
        let start = self.rows.partition_point(|r| r.row < from);
        self.rows[start..]
            .iter()
            .take_while(move |r| r.row <= to)
            .map(|r| r.row)
    }

    /// The cells of a row that hold something, by column.
    pub fn row_cells(&self, r: u32) -> impl Iterator<Item = (u32, &Cell<'s>)> + '_ {
        self.row(r)
            .into_iter()
            .flat_map(|row| row.cells.iter().map(|(c, v)| (*c, v)))
    }

    /// How many cells hold something.
    pub fn len(&self) -> usize {
        self.rows.iter().map(|r| r.cells.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

/// Collects a streamed sheet's cells, checking each as it comes; their
/// text borrowed from the workbook (`'s`).
pub struct Collector<'a, 's> {
    /// The cells, row by row, while they come in a sheet's usual order
    /// (rows down, cells left to right: straight into a [`Grid`]'s rows).
    rows: Vec<GridRow<'s>>,
    /// All the cells, once one came out of that order.
    loose: Option<Vec<(u32, u32, Cell<'s>)>>,
    /// How many cells were taken.
    count: usize,
    /// The cells this sheet may still hold, and the workbook's limit.
    max_cells: usize,
    limit: usize,
    /// When sheets are read at once on two threads: the cells all of them
    /// have taken so far, counted against `limit`.
    shared: Option<&'a AtomicUsize>,
    /// Whether reading stopped at the limit on cells.
    pub over_limit: bool,
    pub faults: Vec<CellFault>,
    /// Whether reading stopped early (too many cells, or a cell beyond
    /// Excel's limits): the sheet is not read further.
    pub stopped: bool,
}

/// The most faults one sheet reports while it is read.
const MAX_FAULTS: usize = 50;

impl<'a, 's> Collector<'a, 's> {
    /// A collector that takes at most `max_cells` cells, the part of the
    /// workbook's `limit` that earlier sheets left.
    pub fn new(max_cells: usize, limit: usize) -> Collector<'a, 's> {
        Collector {
            rows: Vec::new(),
            loose: None,
            count: 0,
            max_cells,
            limit,
            shared: None,
            over_limit: false,
            faults: Vec::new(),
            stopped: false,
        }
    }

    /// A collector for a sheet read beside others: all of them together
    /// take at most `limit` cells, counted in `taken`.
    pub fn sharing(limit: usize, taken: &'a AtomicUsize) -> Collector<'a, 's> {
        Collector {
            shared: Some(taken),
            ..Collector::new(limit, limit)
        }
    }

    fn fault(&mut self, cell: String, message: String) {
        if self.faults.len() < MAX_FAULTS {
            self.faults.push(CellFault { cell, message });
        }
    }

    /// Takes one streamed cell. Returns false when reading should stop.
    pub fn push(&mut self, (r, c): (u32, u32), value: DataRef<'s>, has_formula: bool) -> bool {
        if r >= EXCEL_ROWS || c >= EXCEL_COLUMNS {
            self.fault(
                format!("row {}, column {}", u64::from(r) + 1, u64::from(c) + 1),
                "the cell lies beyond Excel's last cell, XFD1048576; the file is damaged \
                 or was not made by a spreadsheet: open it in Excel or LibreOffice and save it again"
                    .into(),
            );
            self.stopped = true;
            return false;
        }
        let value: Cell<'s> = match value {
            DataRef::Empty if has_formula => {
                self.fault(
                    a1(r, c),
                    "holds a formula with no stored value (the file was written by a program \
                     that does not calculate); open and save the workbook in Excel or \
                     LibreOffice so that its values are stored"
                        .into(),
                );
                return true;
            }
            DataRef::Empty => return true,
            other => other.into(),
        };
        if let Cell::Text(s) = &value {
            // Counted in characters, as Excel counts them; a byte count
            // over the limit is the cheap test first.
            if s.len() > EXCEL_CELL_CHARS && s.chars().count() > EXCEL_CELL_CHARS {
                self.fault(
                    a1(r, c),
                    format!(
                        "holds text of {} characters, more than Excel's limit of {EXCEL_CELL_CHARS} \
                         for a cell; shorten it",
                        s.chars().count()
                    ),
                );
                return true;
            }
        }
        let full = match self.shared {
            Some(taken) => taken.fetch_add(1, Ordering::Relaxed) >= self.limit,
            None => self.count == self.max_cells,
        };
        if full {
            self.over_limit = true;
            self.fault(
                a1(r, c),
                format!(
                    "the workbook has more than {} filled cells, the limit; remove what the \
                     engine does not need, or raise the limit with --max-cells",
                    self.limit
                ),
            );
            self.stopped = true;
            return false;
        }
        self.keep(r, c, value);
        true
    }

    fn keep(&mut self, r: u32, c: u32, value: Cell<'s>) {
        self.count += 1;
        if let Some(loose) = &mut self.loose {
            loose.push((r, c, value));
            return;
        }
        match self.rows.last_mut() {
            Some(last) if last.row == r && last.cells.last().is_some_and(|(at, _)| *at < c) => {
                last.cells.push((c, value))
            }
            Some(last) if last.row >= r => {
                // Out of order (or a cell given twice): sorted at the end.
                let mut loose: Vec<(u32, u32, Cell<'s>)> = std::mem::take(&mut self.rows)
                    .into_iter()
                    .flat_map(|row| row.cells.into_iter().map(move |(c, v)| (row.row, c, v)))
                    .collect();
                loose.push((r, c, value));
                self.loose = Some(loose);
            }
            last => {
                // As many cells as the row before, most likely.
                let width = last.map_or(1, |l| l.cells.len());
                let mut cells = Vec::with_capacity(width);
                cells.push((c, value));
                self.rows.push(GridRow { row: r, cells });
            }
        }
    }

    /// The cells this sheet may hold, and the workbook's limit.
    pub fn bounds(&self) -> (usize, usize) {
        (self.max_cells, self.limit)
    }

    pub fn cells(&self) -> usize {
        self.count
    }

    pub fn into_grid(self) -> (Grid<'s>, Vec<CellFault>) {
        let grid = match self.loose {
            Some(cells) => Grid::from_cells(cells),
            None => Grid::from_rows(self.rows),
        };
        (grid, self.faults)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_read_borrowed_is_the_cell_read_whole() {
        let when = ExcelDateTime::new(41_061.0, calamine::ExcelDateTimeType::DateTime, false);
        for value in [
            DataRef::Empty,
            DataRef::SharedString("Old Town Hall"),
            DataRef::String("inline text".into()),
            DataRef::Int(-7),
            DataRef::Float(1234.5),
            DataRef::Bool(true),
            DataRef::DateTime(when),
            DataRef::DateTimeIso("2012-06-01".into()),
            DataRef::DurationIso("PT1H".into()),
            DataRef::Error(CellErrorType::Div0),
        ] {
            let whole = Cell::from(Data::from(value.clone()));
            assert_eq!(Cell::from(value.clone()), whole, "{value:?}");
        }
        assert!(matches!(
            Cell::from(DataRef::SharedString("Exchequer House")),
            Cell::Text(Cow::Borrowed("Exchequer House"))
        ));
    }

    #[test]
    fn a_far_away_cell_costs_one_cell() {
        let grid = Grid::from_cells(vec![
            (0, 0, Cell::Text("site_id".into())),
            (EXCEL_ROWS - 1, EXCEL_COLUMNS - 1, Cell::Int(1)),
            (1, 0, Cell::Text("OTH".into())),
        ]);
        assert_eq!(grid.len(), 3);
        assert_eq!(grid.start(), Some((0, 0)));
        assert_eq!(grid.end(), Some((EXCEL_ROWS - 1, EXCEL_COLUMNS - 1)));
        assert_eq!(grid.get_value((1, 0)), Some(&Cell::Text("OTH".into())));
        assert_eq!(grid.get_value((1, 1)), None);
        assert_eq!(grid.get_value((5, 0)), None);
        assert_eq!(
            grid.rows_between(1, EXCEL_ROWS).collect::<Vec<_>>(),
            vec![1, EXCEL_ROWS - 1]
        );
    }

    #[test]
    fn later_duplicates_win_and_empty_cells_are_dropped() {
        let grid = Grid::from_cells(vec![
            (2, 3, Cell::Int(1)),
            (2, 3, Cell::Int(2)),
            (2, 1, Cell::Empty),
        ]);
        assert_eq!(grid.get_value((2, 3)), Some(&Cell::Int(2)));
        assert_eq!(grid.len(), 1);
        assert_eq!(grid.start(), Some((2, 3)));
    }

    #[test]
    fn streamed_cells_in_any_order_make_the_grid_sorted_cells_make() {
        let cells = [
            (1, 0, 1),
            (1, 2, 2),
            (2, 1, 3),
            (4, 0, 4),
            (4, 3, 5),
            (3, 2, 6), // a row out of order
            (4, 3, 7), // a cell given twice: the later stands
            (4, 1, 8), // a cell out of order in its row
        ];
        for n in 1..=cells.len() {
            let mut c = Collector::new(100, 100);
            for &(r, col, v) in &cells[..n] {
                assert!(c.push((r, col), DataRef::Int(v), false));
            }
            let (grid, _) = c.into_grid();
            let want = Grid::from_cells(
                cells[..n]
                    .iter()
                    .map(|&(r, col, v)| (r, col, Cell::Int(v)))
                    .collect(),
            );
            assert_eq!(grid.len(), want.len(), "{n}");
            assert_eq!(
                (grid.start(), grid.end()),
                (want.start(), want.end()),
                "{n}"
            );
            for r in 0..6 {
                let got: Vec<_> = grid.row_cells(r).collect();
                assert_eq!(got, want.row_cells(r).collect::<Vec<_>>(), "{n} row {r}");
            }
        }
    }

    #[test]
    fn streamed_cells_are_checked_as_they_come() {
        let mut c = Collector::new(2, 2);
        assert!(c.push((0, 0), DataRef::Int(1), false));
        assert!(c.push((0, 1), DataRef::Empty, true));
        let long = "x".repeat(EXCEL_CELL_CHARS + 1);
        assert!(c.push((0, 2), DataRef::String(long), false));
        assert!(c.push((1, 0), DataRef::Int(2), false));
        assert!(
            !c.push((1, 1), DataRef::Int(3), false),
            "the third cell is over the bound"
        );
        assert!(c.stopped);
        let (grid, faults) = c.into_grid();
        assert_eq!(grid.len(), 2);
        let cells: Vec<&str> = faults.iter().map(|f| f.cell.as_str()).collect();
        assert_eq!(cells, ["B1", "C1", "B2"]);
        assert!(faults[0].message.contains("formula with no stored value"));
        assert!(faults[1].message.contains("32767"));
        let mut far = Collector::new(10, 10);
        assert!(!far.push((EXCEL_ROWS, 0), DataRef::Int(1), false));
        assert_eq!(far.faults[0].cell, "row 1048577, column 1");
    }
}
