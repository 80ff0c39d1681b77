//! `results.xlsx`: one sheet per result table, with a native Excel chart of
//! the savings profile.
//!
//! Amounts are written as numbers, not text, formatted as pounds. Excel
//! stores every number as an `f64`: each amount is rounded half to even to
//! the places it is shown with (pennies for money) and then converted with
//! `Decimal::to_f64`, so Excel holds the nearest binary value to the penny
//! figure. The exact decimal figures stay in the CSV files.

use super::report::heading;
use super::table::{Cell, Table};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};
use rust_xlsxwriter::{
    Chart, ChartAxisLabelPosition, ChartLegendPosition, ChartLine, ChartMarker, ChartMarkerType,
    ChartRange, ChartSolidFill, ChartType, Color, DocProperties, ExcelDateTime, Format,
    FormatBorder, Workbook, Worksheet, XlsxError,
};

/// A native Excel chart of the savings profile: stacked columns of the
/// named projection columns against the `financial_year` column, plus
/// optionally a line series (e.g. `cumulative_net_cashable`).
#[derive(Clone, Debug, PartialEq)]
pub struct ProfileChart {
    pub title: String,
    pub columns: Vec<String>,
    pub line_column: Option<String>,
}

/// Excel's number format for money cells and the chart's value axis.
pub const MONEY_FORMAT: &str = "£#,##0.00;[Red]-£#,##0.00";
const AXIS_FORMAT: &str = "£#,##0";
const HEADER_FILL: u32 = 0xDDEBF7;
const MAX_WIDTH: usize = 50;
const MIN_MONEY_WIDTH: usize = 14;
/// Colour-blind-safe series colours (Okabe and Ito): the six flow classes
/// keep their colour whichever are charted (benefits blue/green, costs
/// vermilion/orange); other columns take the palette in turn.
const CLASS_COLOURS: [(&str, u32); 6] = [
    ("cashable", 0x0072B2),
    ("non_cashable", 0x56B4E9),
    ("cost_avoidance", 0x009E73),
    ("one_off_cost", 0xD55E00),
    ("financing_cost", 0xE69F00),
    ("capital_receipt", 0xCC79A7),
];
const LINE_COLOUR: u32 = 0x222222;

/// The workbook, as bytes: a sheet per table, in order, named after the
/// table; and, if `chart` is given as `(data sheet, chart)`, the chart on
/// `chart_sheet`, to the right of that sheet's table. The creation time is
/// fixed, so the same tables give byte-identical files.
pub fn results_xlsx(
    sheets: &[Table],
    chart: Option<(&str, &ProfileChart)>,
    chart_sheet: &str,
) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&created));

    for table in sheets {
        let sheet = workbook.add_worksheet();
        write_table(sheet, table)?;
    }

    if let Some((data_sheet, profile)) = chart {
        let data = find_table(sheets, data_sheet)?;
        let target = find_table(sheets, chart_sheet)?;
        let chart = profile_chart(data, profile)?;
        let col = col_num(target.columns.len() + 1)?;
        workbook
            .worksheet_from_name(&target.name)?
            .insert_chart_with_offset(1, col, &chart, 0, 0)?;
    }

    workbook.save_to_buffer()
}

fn find_table<'a>(sheets: &'a [Table], name: &str) -> Result<&'a Table, XlsxError> {
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

fn places_format(places: u32) -> String {
    if places == 0 {
        "0".to_string()
    } else {
        // Excel shows at most 30 decimal places.
        format!("0.{}", "0".repeat(places.min(30) as usize))
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

fn write_table(sheet: &mut Worksheet, table: &Table) -> Result<(), XlsxError> {
    sheet.set_name(&table.name)?;
    let header = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(HEADER_FILL))
        .set_border_bottom(FormatBorder::Thin);
    let money = Format::new().set_num_format(MONEY_FORMAT);
    let integer = Format::new().set_num_format("0");
    // Shown and kept as text even if edited: a leading ' in Excel.
    let quoted = Format::new().set_quote_prefix();

    let mut widths: Vec<usize> = table.columns.iter().map(|c| c.chars().count()).collect();
    let mut is_money = vec![false; table.columns.len()];

    for (c, name) in table.columns.iter().enumerate() {
        sheet.write_string_with_format(0, col_num(c)?, name, &header)?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        let r = row_num(r + 1)?;
        for (c, cell) in row.iter().enumerate() {
            if c < widths.len() {
                widths[c] = widths[c].max(shown_len(cell));
                is_money[c] |= matches!(cell, Cell::Money(_));
            }
            let c = col_num(c)?;
            match cell {
                // write_string never makes a formula, whatever the text.
                Cell::Text(s) if formula_like(s) => {
                    sheet.write_string_with_format(r, c, s, &quoted)?;
                }
                Cell::Text(s) => {
                    sheet.write_string(r, c, s)?;
                }
                Cell::Money(d) => {
                    sheet.write_number_with_format(r, c, excel_number(*d, 2)?, &money)?;
                }
                Cell::Number(d, places) => {
                    let format = Format::new().set_num_format(places_format(*places));
                    sheet.write_number_with_format(r, c, excel_number(*d, *places)?, &format)?;
                }
                Cell::Integer(i) => {
                    sheet.write_number_with_format(r, c, *i as f64, &integer)?;
                }
                Cell::Empty => {}
            }
        }
    }

    for (c, w) in widths.iter().enumerate() {
        let mut w = (*w + 2).min(MAX_WIDTH);
        if is_money[c] {
            w = w.max(MIN_MONEY_WIDTH);
        }
        sheet.set_column_width(col_num(c)?, w as f64)?;
    }
    if !table.columns.is_empty() {
        sheet.set_freeze_panes(1, 0)?;
        let last_row = row_num(table.rows.len())?;
        sheet.autofilter(0, 0, last_row, col_num(table.columns.len() - 1)?)?;
    }
    Ok(())
}

fn column_index(table: &Table, name: &str) -> Result<u16, XlsxError> {
    let i = table
        .columns
        .iter()
        .position(|c| c == name)
        .ok_or_else(|| {
            XlsxError::ParameterError(format!("sheet {:?} has no column {name:?}", table.name))
        })?;
    col_num(i)
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

/// Stacked columns (benefits above the axis, costs below) of the named
/// columns, by financial year, with an optional line on the same axis.
/// Every series' categories and values refer to the data sheet's cells, so
/// it can be restyled or extended in Excel; series names are readable
/// headings ("One-off cost"), not the snake_case column names.
fn profile_chart(data: &Table, profile: &ProfileChart) -> Result<Chart, XlsxError> {
    let sheet = data.name.as_str();
    let first = 1;
    let last = row_num(data.rows.len().max(1))?;
    let year = column_index(data, "financial_year")?;

    let mut chart = Chart::new(ChartType::ColumnStacked);
    for (i, name) in profile.columns.iter().enumerate() {
        let c = column_index(data, name)?;
        let colour = CLASS_COLOURS
            .iter()
            .find(|(class, _)| class == name)
            .unwrap_or(&CLASS_COLOURS[i % CLASS_COLOURS.len()])
            .1;
        let colour = Color::RGB(colour);
        chart
            .add_series()
            .set_name(&series_name(sheet, c, name))
            .set_categories((sheet, first, year, last, year))
            .set_values((sheet, first, c, last, c))
            .set_format(ChartSolidFill::new().set_color(colour))
            .set_gap(60);
    }
    if let Some(name) = &profile.line_column {
        let c = column_index(data, name)?;
        let colour = Color::RGB(LINE_COLOUR);
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
        chart.combine(&line);
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
mod tests {
    use super::*;
    use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
    use std::io::Cursor;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn sample() -> Vec<Table> {
        let mut summary = Table::new("Summary", &["item", "value"]);
        summary.rows = vec![
            vec![Cell::Text("Model".into()), Cell::Text("=SUM(A1)".into())],
            vec![Cell::Text("NPV".into()), Cell::Money(d("6341779.125"))],
            vec![Cell::Text("BCR".into()), Cell::Number(d("2.34567"), 4)],
            vec![Cell::Text("Payback years".into()), Cell::Integer(5)],
            vec![Cell::Text("-1 site".into()), Cell::Empty],
        ];
        let mut projection = Table::new(
            "Projection",
            &[
                "financial_year",
                "cashable",
                "one_off_cost",
                "cumulative",
                "discount_factor",
            ],
        );
        let mut cumulative = Decimal::ZERO;
        let mut factor = Decimal::ONE;
        for i in 0..10u32 {
            let cash = d("123456.785") * Decimal::from(i + 1);
            let cost = if i == 0 {
                d("-250000.01")
            } else {
                Decimal::ZERO
            };
            cumulative += cash + cost;
            if i > 0 {
                factor /= d("1.035");
            }
            projection.rows.push(vec![
                Cell::Text(format!("{}/{:02}", 2011 + i, (12 + i) % 100)),
                Cell::Money(cash),
                Cell::Money(cost),
                Cell::Money(cumulative),
                Cell::Number(factor, 6),
            ]);
        }
        let lines = Table::new("Lines", &["financial_year", "line", "class", "amount"]);
        let assumptions = Table::new("Assumptions", &["parameter", "value", "source"]);
        vec![summary, projection, lines, assumptions]
    }

    fn chart() -> ProfileChart {
        ProfileChart {
            title: "Savings profile".into(),
            columns: vec!["cashable".into(), "one_off_cost".into()],
            line_column: Some("cumulative".into()),
        }
    }

    fn build() -> Vec<u8> {
        results_xlsx(&sample(), Some(("Projection", &chart())), "Summary").unwrap()
    }

    /// Zip entry names are stored uncompressed in the archive.
    fn has_entry(bytes: &[u8], name: &str) -> bool {
        let needle = name.as_bytes();
        bytes.windows(needle.len()).any(|w| w == needle)
    }

    #[test]
    fn four_sheets_in_order() {
        let wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(build())).unwrap();
        assert_eq!(
            wb.sheet_names(),
            vec!["Summary", "Projection", "Lines", "Assumptions"]
        );
    }

    #[test]
    fn numbers_read_back_to_the_penny() {
        let tables = sample();
        let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(build())).unwrap();
        let range = wb.worksheet_range("Projection").unwrap();
        for (r, row) in tables[1].rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let got = range.get_value(((r + 1) as u32, c as u32)).unwrap();
                match (cell, got) {
                    (Cell::Money(want), Data::Float(f)) => {
                        let want = round(*want, 2);
                        assert_eq!(
                            (f * 100.0).round() as i128,
                            (want * d("100")).to_i128().unwrap()
                        );
                        assert!((f - want.to_f64().unwrap()).abs() < 1e-9);
                    }
                    (Cell::Number(want, p), Data::Float(f)) => {
                        assert!((f - round(*want, *p).to_f64().unwrap()).abs() < 1e-12);
                    }
                    (Cell::Text(want), Data::String(s)) => assert_eq!(want, s),
                    (cell, got) => panic!("{cell:?} read back as {got:?}"),
                }
            }
        }
        // 123456.785 rounds half to even to 123456.78.
        assert_eq!(range.get_value((1, 1)), Some(&Data::Float(123456.78)));
        let summary = wb.worksheet_range("Summary").unwrap();
        assert_eq!(summary.get_value((2, 1)), Some(&Data::Float(6341779.12)));
        assert_eq!(summary.get_value((3, 1)), Some(&Data::Float(2.3457)));
        assert_eq!(summary.get_value((4, 1)), Some(&Data::Float(5.0)));
        assert_eq!(summary.get_value((5, 1)), Some(&Data::Empty));
    }

    #[test]
    fn formula_like_text_stays_text() {
        let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(build())).unwrap();
        let range = wb.worksheet_range("Summary").unwrap();
        assert_eq!(
            range.get_value((1, 1)),
            Some(&Data::String("=SUM(A1)".into()))
        );
        assert_eq!(
            range.get_value((5, 0)),
            Some(&Data::String("-1 site".into()))
        );
        for name in wb.sheet_names() {
            let formulas = wb.worksheet_formula(&name).unwrap();
            assert!(
                formulas.used_cells().all(|(_, _, f)| f.is_empty()),
                "formula found on {name}"
            );
        }
    }

    #[test]
    fn chart_refers_to_the_projection_cells() {
        let bytes = build();
        assert!(has_entry(&bytes, "xl/charts/chart1.xml"));
        assert!(has_entry(&bytes, "xl/drawings/drawing1.xml"));
        let plain = results_xlsx(&sample(), None, "Summary").unwrap();
        assert!(!has_entry(&plain, "xl/charts/chart1.xml"));
        // A missing column or sheet is an error, not a blank chart.
        let mut bad = chart();
        bad.columns.push("no_such_column".into());
        assert!(results_xlsx(&sample(), Some(("Projection", &bad)), "Summary").is_err());
        assert!(results_xlsx(&sample(), Some(("Nope", &chart())), "Summary").is_err());
        let mut odd = chart();
        odd.title = "=Projection!A1 savings!".into();
        assert!(results_xlsx(&sample(), Some(("Projection", &odd)), "Summary").is_ok());
        assert_eq!(chart_text("=Projection!A1"), "Projection\u{FF01}A1");
        assert_eq!(chart_text("Savings profile"), "Savings profile");
    }

    #[test]
    fn byte_identical_runs() {
        assert_eq!(build(), build());
    }

    #[test]
    fn rounding_and_formats() {
        assert_eq!(round(d("0.125"), 2), d("0.12"));
        assert_eq!(round(d("1.015"), 2), d("1.02"));
        assert!(!round(d("-0.001"), 2).is_sign_negative());
        assert_eq!(places_format(6), "0.000000");
        assert_eq!(places_format(4), "0.0000");
        assert_eq!(places_format(0), "0");
        assert_eq!(shown_len(&Cell::Money(d("-1234567.891"))), 14);
        assert_eq!(
            shown_len(&Cell::Money(d("999.996"))),
            "£1,000.00".chars().count()
        );
        assert!(formula_like("@x") && formula_like("\tx") && !formula_like("x=1"));
    }
}
