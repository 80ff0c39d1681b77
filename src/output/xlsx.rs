//! `results.xlsx`: one sheet per result table, with a native Excel chart of
//! the savings profile, set up to print on A4.
//!
//! Headers are words ("Net cashable"), not the CSV's column names. Amounts
//! are numbers, not text, formatted as pounds. Excel stores every number as
//! an `f64`: figures of the result tables are rounded half to even to the
//! places they are shown with and converted with `Decimal::to_f64`, so
//! Excel holds the nearest binary value to the penny figure. The
//! Projection sheet is the exception: its class amounts, real net total
//! and discount factor are the engine's unrounded figures (shown to the
//! penny, or 6 places), and its net, cumulative and present-value columns
//! and its totals row are Excel formulas over them, so the workbook
//! recalculates to the figures of `projection.csv` and an officer can see
//! how each is made. Each formula carries the engine's result, for viewers
//! that do not recalculate. The exact decimal figures stay in the CSV
//! files.

mod assumptions;
mod projection;

pub use assumptions::assumptions_sheet;
pub use projection::{projection_sheet, summary_sheet};

use super::report::heading;
use super::table::{Cell, Table};
use crate::flows::Class;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};
use rust_xlsxwriter::{
    Chart, ChartAxisLabelPosition, ChartLegendPosition, ChartLine, ChartMarker, ChartMarkerType,
    ChartRange, ChartSolidFill, ChartType, Color, DocProperties, ExcelDateTime, Format,
    FormatBorder, Formula, Note, Workbook, Worksheet, XlsxError,
};

/// A native Excel chart of the savings profile: stacked columns of the
/// named projection columns against the `financial_year` column, plus
/// optionally a line series (e.g. `cumulative_net_cashable`). A column
/// that is zero in every year is left out.
#[derive(Clone, Debug, PartialEq)]
pub struct ProfileChart {
    pub title: String,
    pub columns: Vec<String>,
    pub line_column: Option<String>,
}

/// A cell of a sheet: a result-table cell, or one only a workbook has.
#[derive(Clone, Debug, PartialEq)]
pub enum XCell {
    Table(Cell),
    /// Pounds at full precision, shown to the penny.
    Exact(Decimal),
    /// A decimal at full precision, shown to `places`.
    ExactNumber(Decimal, u32),
    /// A formula (without the `=`), the engine's figure for it and the
    /// places it is shown with (2: pounds).
    Formula {
        formula: String,
        result: Decimal,
        places: u32,
    },
    /// A rate or share (0.025), shown as a percentage (2.5%).
    Percent(Decimal),
    Date(chrono::NaiveDate),
}

impl From<Cell> for XCell {
    fn from(c: Cell) -> XCell {
        XCell::Table(c)
    }
}

/// A sheet: a header row of column names (written as words), rows, an
/// optional totals row (the last row, in bold) and notes on header cells.
#[derive(Clone, Debug, PartialEq)]
pub struct Sheet {
    pub name: String,
    /// Column names as the CSV files have them (`net_cashable`).
    pub columns: Vec<String>,
    pub rows: Vec<Vec<XCell>>,
    /// The last row is a totals row.
    pub totals: bool,
    /// Notes on header cells: column index and text.
    pub notes: Vec<(usize, String)>,
    /// Printed on one page (the Summary with its chart), not only one
    /// page wide.
    pub one_page: bool,
}

impl Sheet {
    pub fn new(name: &str, columns: &[&str]) -> Sheet {
        Sheet {
            name: name.to_string(),
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows: Vec::new(),
            totals: false,
            notes: Vec::new(),
            one_page: false,
        }
    }

    pub fn from_table(t: &Table) -> Sheet {
        Sheet {
            name: t.name.clone(),
            columns: t.columns.clone(),
            rows: t
                .rows
                .iter()
                .map(|r| r.iter().cloned().map(XCell::Table).collect())
                .collect(),
            totals: false,
            notes: Vec::new(),
            one_page: false,
        }
    }

    /// The index of a column by its CSV name.
    pub fn column(&self, name: &str) -> Result<u16, XlsxError> {
        let i = self.columns.iter().position(|c| c == name).ok_or_else(|| {
            XlsxError::ParameterError(format!("sheet {:?} has no column {name:?}", self.name))
        })?;
        col_num(i)
    }

    /// Rows of data, without the totals row.
    fn data_rows(&self) -> &[Vec<XCell>] {
        if self.totals {
            &self.rows[..self.rows.len().saturating_sub(1)]
        } else {
            &self.rows
        }
    }
}

/// Excel's number format for money cells and the chart's value axis.
pub const MONEY_FORMAT: &str = "£#,##0.00;[Red]-£#,##0.00";
const PERCENT_FORMAT: &str = "0.0##%";
const DATE_FORMAT: &str = "d mmm yyyy";
const AXIS_FORMAT: &str = "£#,##0";
const HEADER_FILL: u32 = 0xDDEBF7;
const MAX_WIDTH: usize = 50;
const MIN_MONEY_WIDTH: usize = 14;
/// A4 in Excel's paper-size numbering.
const PAPER_A4: u8 = 9;

/// The workbook, as bytes: a sheet per table, in order; and, if `chart` is
/// given as `(data sheet, chart)`, the chart on `chart_sheet`, to the
/// right of that sheet's table. The creation time is fixed, so the same
/// sheets give byte-identical files.
pub fn results_xlsx(
    sheets: &[Sheet],
    chart: Option<(&str, &ProfileChart)>,
    chart_sheet: &str,
) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&created));

    for s in sheets {
        let sheet = workbook.add_worksheet();
        write_sheet(sheet, s)?;
    }

    if let Some((data_sheet, profile)) = chart {
        let data = find_sheet(sheets, data_sheet)?;
        let target = find_sheet(sheets, chart_sheet)?;
        let chart = profile_chart(data, profile)?;
        let col = col_num(target.columns.len() + 1)?;
        workbook
            .worksheet_from_name(&target.name)?
            .insert_chart_with_offset(1, col, &chart, 0, 0)?;
    }

    workbook.save_to_buffer()
}

/// A workbook of `sheets`, as [`results_xlsx`] writes them with no chart,
/// with `finish` called on each sheet after it is written (to add what
/// only one output needs, such as conditional formats).
pub fn sheets_xlsx(
    sheets: &[Sheet],
    mut finish: impl FnMut(&mut Worksheet, &Sheet) -> Result<(), XlsxError>,
) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&created));
    for s in sheets {
        let sheet = workbook.add_worksheet();
        write_sheet(sheet, s)?;
        finish(sheet, s)?;
    }
    workbook.save_to_buffer()
}

fn find_sheet<'a>(sheets: &'a [Sheet], name: &str) -> Result<&'a Sheet, XlsxError> {
    sheets
        .iter()
        .find(|t| t.name == name)
        .ok_or_else(|| XlsxError::ParameterError(format!("no sheet named {name:?} for the chart")))
}

fn col_num(i: usize) -> Result<u16, XlsxError> {
    u16::try_from(i).map_err(|_| XlsxError::RowColumnLimitError)
}

fn row_num(i: usize) -> Result<u32, XlsxError> {
    u32::try_from(i).map_err(|_| XlsxError::RowColumnLimitError)
}

/// Rounds half to even to `places`, never giving `-0`.
fn round(d: Decimal, places: u32) -> Decimal {
    let mut r = d.round_dp_with_strategy(places, RoundingStrategy::MidpointNearestEven);
    if r.is_zero() {
        r.set_sign_positive(true);
    }
    r
}

/// The `f64` Excel stores for a decimal shown to `places`.
fn excel_number(d: Decimal, places: u32) -> Result<f64, XlsxError> {
    round(d, places)
        .to_f64()
        .ok_or_else(|| XlsxError::ParameterError(format!("{d} is not representable in Excel")))
}

/// The nearest `f64` to a decimal at full precision.
fn exact_number(d: Decimal) -> Result<f64, XlsxError> {
    d.to_f64()
        .ok_or_else(|| XlsxError::ParameterError(format!("{d} is not representable in Excel")))
}

/// A number format with thousands separators and `places` decimals.
fn places_format(places: u32) -> String {
    if places == 0 {
        "#,##0".to_string()
    } else {
        // Excel shows at most 30 decimal places.
        format!("#,##0.{}", "0".repeat(places.min(30) as usize))
    }
}

fn number_format(places: u32) -> String {
    if places == 2 {
        MONEY_FORMAT.to_string()
    } else {
        places_format(places)
    }
}

/// Text that a spreadsheet would take for a formula if typed in.
fn formula_like(text: &str) -> bool {
    matches!(
        text.chars().next(),
        Some('=' | '+' | '-' | '@' | '\t' | '\r')
    )
}

/// The width (in characters) a cell needs, roughly as Excel shows it.
fn shown_len(cell: &Cell) -> usize {
    match cell {
        Cell::Text(s) => s.chars().count(),
        // "-£1,234.56": sign, "£", separators, pence.
        Cell::Money(d) => {
            let r = round(*d, 2);
            let digits = r.abs().trunc().to_string().len();
            usize::from(r.is_sign_negative()) + 1 + digits + (digits - 1) / 3 + 3
        }
        Cell::Number(d, p) => round(*d, *p).to_string().len(),
        Cell::Integer(i) => i.to_string().len(),
        Cell::Empty => 0,
    }
}

fn shown_len_x(cell: &XCell) -> usize {
    match cell {
        XCell::Table(c) => shown_len(c),
        XCell::Exact(d) => shown_len(&Cell::Money(*d)),
        XCell::ExactNumber(d, p) => shown_len(&Cell::Number(*d, *p)),
        XCell::Formula { result, places, .. } if *places == 2 => shown_len(&Cell::Money(*result)),
        XCell::Formula { result, places, .. } => shown_len(&Cell::Number(*result, *places)),
        XCell::Percent(d) => {
            round(*d * Decimal::ONE_HUNDRED, 3)
                .normalize()
                .to_string()
                .len()
                + 1
        }
        XCell::Date(_) => 11,
    }
}

fn is_money(cell: &XCell) -> bool {
    matches!(
        cell,
        XCell::Table(Cell::Money(_)) | XCell::Exact(_) | XCell::Formula { places: 2, .. }
    )
}

/// The value of a numeric cell.
fn value(cell: &XCell) -> Option<Decimal> {
    match cell {
        XCell::Table(Cell::Money(d) | Cell::Number(d, _))
        | XCell::Exact(d)
        | XCell::ExactNumber(d, _)
        | XCell::Percent(d)
        | XCell::Formula { result: d, .. } => Some(*d),
        XCell::Table(Cell::Integer(i)) => Some(Decimal::from(*i)),
        _ => None,
    }
}

/// A4 landscape, one page wide (and one page tall if `one_page`), the
/// header row repeated on every page, the sheet name and page numbers in
/// the header and footer.
fn print_setup(sheet: &mut Worksheet, s: &Sheet) -> Result<(), XlsxError> {
    sheet
        .set_paper_size(PAPER_A4)
        .set_landscape()
        .set_print_fit_to_pages(1, u16::from(s.one_page))
        .set_margins(0.5, 0.5, 0.75, 0.75, 0.3, 0.3)
        .set_print_center_horizontally(true)
        .set_header("&L&\"-,Bold\"&A")
        .set_footer("&CPage &P of &N");
    if !s.columns.is_empty() {
        sheet.set_repeat_rows(0, 0)?;
    }
    Ok(())
}

fn write_sheet(sheet: &mut Worksheet, s: &Sheet) -> Result<(), XlsxError> {
    sheet.set_name(&s.name)?;
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color(Color::RGB(HEADER_FILL))
        .set_border_bottom(FormatBorder::Thin);

    let headings: Vec<String> = s.columns.iter().map(|c| heading(c)).collect();
    // A heading wraps at spaces: it needs its longest word, and is kept
    // to two lines where the figures allow.
    let mut widths: Vec<usize> = headings
        .iter()
        .map(|h| {
            let n = h.chars().count();
            let word = h.split(' ').map(|w| w.chars().count()).max().unwrap_or(0);
            word.max(n.div_ceil(2))
        })
        .collect();
    let mut money = vec![false; s.columns.len()];

    for (c, h) in headings.iter().enumerate() {
        sheet.write_string_with_format(0, col_num(c)?, h, &header)?;
    }
    // Room for a heading on two lines.
    sheet.set_row_height(0, 30)?;
    for (c, text) in &s.notes {
        let note = Note::new(text)
            .add_author_prefix(false)
            .set_author("savings")
            .set_width(360)
            .set_height(110);
        sheet.insert_note(0, col_num(*c)?, &note)?;
    }
    let last = s.rows.len();
    for (r, row) in s.rows.iter().enumerate() {
        let total = s.totals && r + 1 == last;
        let r = row_num(r + 1)?;
        for (c, cell) in row.iter().enumerate() {
            if c < widths.len() {
                widths[c] = widths[c].max(shown_len_x(cell));
                money[c] |= is_money(cell);
            }
            write_cell(sheet, r, col_num(c)?, cell, total)?;
        }
    }

    for (c, w) in widths.iter().enumerate() {
        let mut w = (*w + 2).min(MAX_WIDTH);
        if money[c] {
            w = w.max(MIN_MONEY_WIDTH);
        }
        sheet.set_column_width(col_num(c)?, w as f64)?;
    }
    if !s.columns.is_empty() {
        sheet.set_freeze_panes(1, 0)?;
        let last_row = row_num(s.data_rows().len())?;
        sheet.autofilter(0, 0, last_row, col_num(s.columns.len() - 1)?)?;
    }
    print_setup(sheet, s)
}

fn write_cell(
    sheet: &mut Worksheet,
    r: u32,
    c: u16,
    cell: &XCell,
    total: bool,
) -> Result<(), XlsxError> {
    let format = |num: &str| {
        let f = Format::new().set_num_format(num);
        if total {
            f.set_bold().set_border_top(FormatBorder::Thin)
        } else {
            f
        }
    };
    match cell {
        // write_string never makes a formula, whatever the text. Shown and
        // kept as text even if edited: a leading ' in Excel.
        XCell::Table(Cell::Text(s)) if formula_like(s) => {
            sheet.write_string_with_format(r, c, s, &format("@").set_quote_prefix())?;
        }
        XCell::Table(Cell::Text(s)) => {
            sheet.write_string_with_format(r, c, s, &format("General"))?;
        }
        XCell::Table(Cell::Money(d)) => {
            sheet.write_number_with_format(r, c, excel_number(*d, 2)?, &format(MONEY_FORMAT))?;
        }
        XCell::Table(Cell::Number(d, places)) => {
            let f = format(&places_format(*places));
            sheet.write_number_with_format(r, c, excel_number(*d, *places)?, &f)?;
        }
        XCell::Table(Cell::Integer(i)) => {
            sheet.write_number_with_format(r, c, *i as f64, &format("0"))?;
        }
        XCell::Table(Cell::Empty) => {
            if total {
                sheet.write_blank(r, c, &format("General"))?;
            }
        }
        XCell::Exact(d) => {
            sheet.write_number_with_format(r, c, exact_number(*d)?, &format(MONEY_FORMAT))?;
        }
        XCell::ExactNumber(d, places) => {
            let f = format(&places_format(*places));
            sheet.write_number_with_format(r, c, exact_number(*d)?, &f)?;
        }
        XCell::Formula {
            formula,
            result,
            places,
        } => {
            let f =
                Formula::new(format!("={formula}")).set_result(exact_number(*result)?.to_string());
            sheet.write_formula_with_format(r, c, f, &format(&number_format(*places)))?;
        }
        XCell::Percent(d) => {
            sheet.write_number_with_format(r, c, exact_number(*d)?, &format(PERCENT_FORMAT))?;
        }
        XCell::Date(d) => {
            use chrono::Datelike;
            let date = ExcelDateTime::from_ymd(
                u16::try_from(d.year())
                    .map_err(|_| XlsxError::DateTimeRangeError(d.to_string()))?,
                d.month() as u8,
                d.day() as u8,
            )?;
            sheet.write_datetime_with_format(r, c, &date, &format(DATE_FORMAT))?;
        }
    }
    Ok(())
}

/// rust_xlsxwriter reads a chart name that starts with `=` or holds
/// `Sheet!A1` as a cell reference: such names are shown with a full-width
/// `！` and no leading `=`, so they stay literal text.
fn chart_text(text: &str) -> String {
    if text.starts_with('=') || text.contains('!') {
        text.trim_start_matches('=').replace('!', "\u{FF01}")
    } else {
        text.to_string()
    }
}

/// A series name: the readable heading, or the header cell if the heading
/// could be taken for a reference.
fn series_name(sheet: &str, col: u16, column: &str) -> ChartRange {
    let name = heading(column);
    if chart_text(&name) == name {
        ChartRange::new_from_string(&name)
    } else {
        ChartRange::new_from_range(sheet, 0, col, 0, col)
    }
}

/// The colour of a charted column: its class's, as in the PNG charts, or
/// the classes' colours in turn for another column.
fn series_colour(column: &str, i: usize) -> u32 {
    let class = Class::ALL
        .iter()
        .find(|c| c.name() == column)
        .copied()
        .unwrap_or(Class::ALL[i % Class::ALL.len()]);
    super::charts::class_rgb(class)
}

/// Stacked columns (benefits above the axis, costs below) of the named
/// columns that are not zero in every year, by financial year, with an
/// optional line on the same axis. Every series' categories and values
/// refer to the data sheet's cells, so it can be restyled or extended in
/// Excel; series names are readable headings ("One-off cost"), not the
/// snake_case column names; each class has the PNG chart's colour.
fn profile_chart(data: &Sheet, profile: &ProfileChart) -> Result<Chart, XlsxError> {
    let sheet = data.name.as_str();
    let first = 1;
    let last = row_num(data.data_rows().len().max(1))?;
    let year = data.column("financial_year")?;

    let mut chart = Chart::new(ChartType::ColumnStacked);
    let mut used = Vec::new();
    for (i, name) in profile.columns.iter().enumerate() {
        let c = data.column(name)?;
        let all_zero = data.data_rows().iter().all(|row| {
            row.get(c as usize)
                .and_then(value)
                .is_none_or(|v| v.is_zero())
        });
        if all_zero {
            continue;
        }
        used.push(series_colour(name, i));
        let colour = Color::RGB(series_colour(name, i));
        chart
            .add_series()
            .set_name(&series_name(sheet, c, name))
            .set_categories((sheet, first, year, last, year))
            .set_values((sheet, first, c, last, c))
            .set_format(ChartSolidFill::new().set_color(colour))
            .set_gap(60);
    }
    if let Some(name) = &profile.line_column {
        let c = data.column(name)?;
        // The PNG charts' cumulative line: near-black whatever the bars.
        let colour = Color::RGB(super::charts::position_line_rgb());
        let mut marker = ChartMarker::new();
        marker
            .set_type(ChartMarkerType::Circle)
            .set_size(6)
            .set_format(ChartSolidFill::new().set_color(colour));
        let mut line = Chart::new(ChartType::Line);
        line.add_series()
            .set_name(&series_name(sheet, c, name))
            .set_categories((sheet, first, year, last, year))
            .set_values((sheet, first, c, last, c))
            .set_format(ChartLine::new().set_color(colour).set_width(2.25))
            .set_marker(&marker);
        if used.is_empty() {
            // Every column is zero (nothing happens inside the horizon): a
            // chart needs a series of its own, so the line stands alone.
            chart = line;
        } else {
            chart.combine(&line);
        }
    }
    chart.title().set_name(&chart_text(&profile.title));
    chart.y_axis().set_num_format(AXIS_FORMAT);
    chart
        .x_axis()
        .set_name("Financial year")
        .set_label_position(ChartAxisLabelPosition::Low);
    chart.legend().set_position(ChartLegendPosition::Bottom);
    chart.set_width(760).set_height(420);
    Ok(chart)
}

#[cfg(test)]
mod tests;
