//! The Projection sheet, whose net, cumulative and present-value columns
//! and totals row are formulas over the class columns, and the Summary
//! sheet, whose totals refer to that totals row.

use super::{Sheet, XCell};
use crate::appraisal::Appraisal;
use crate::flows::Class;
use crate::money::round_places;
use crate::output::table::Cell;
use crate::output::tables::PROJECTION_COLUMNS;
use crate::results::ModelRun;
use rust_decimal::Decimal;
use rust_xlsxwriter::utility::column_number_to_name;
use rust_xlsxwriter::XlsxError;

/// The columns summed in the totals row (the cumulative position and the
/// discount factor are not sums).
const TOTALLED: [&str; 10] = [
    "cashable",
    "non_cashable",
    "cost_avoidance",
    "one_off_cost",
    "financing_cost",
    "capital_receipt",
    "net_cashable",
    "net_total",
    "real_net_total",
    "present_value",
];

/// A1 letters of each projection column, by name.
struct Letters(Vec<String>);

impl Letters {
    fn new() -> Letters {
        Letters(
            (0..PROJECTION_COLUMNS.len())
                .map(|i| column_number_to_name(i as u16))
                .collect(),
        )
    }

    fn of(&self, name: &str) -> &str {
        let i = PROJECTION_COLUMNS
            .iter()
            .position(|c| *c == name)
            .unwrap_or(0);
        &self.0[i]
    }

    /// `B7`: the cell of `name` on sheet row `row` (1-based).
    fn cell(&self, name: &str, row: usize) -> String {
        format!("{}{row}", self.of(name))
    }
}

/// The Projection sheet: a row per financial year in the columns of
/// `projection.csv`, then a totals row. Class amounts, the real net total
/// and the discount factor are the engine's unrounded figures; the rest
/// are formulas:
///
/// - net cashable = cashable + one-off cost + financing cost;
/// - cumulative net cashable = the year before's + this year's net cashable;
/// - net total = all six classes (capital receipts only when the model
///   includes them);
/// - present value = real net total × discount factor;
/// - the totals row sums each column but the cumulative position and the
///   discount factor.
pub fn projection_sheet(a: &Appraisal, include_capital_receipts: bool) -> Sheet {
    let mut sheet = Sheet::new("Projection", &PROJECTION_COLUMNS);
    let l = Letters::new();
    let formula = |formula: String, result: Decimal| XCell::Formula {
        formula,
        result,
        places: 2,
    };
    let mut net_total_classes: Vec<&str> = Class::ALL.iter().map(|c| c.name()).collect();
    if !include_capital_receipts {
        net_total_classes.retain(|c| *c != Class::CapitalReceipt.name());
    }
    for (i, r) in a.rows.iter().enumerate() {
        let row = i + 2;
        let mut cells = vec![XCell::Table(Cell::Text(r.year.to_string()))];
        cells.extend(Class::ALL.iter().map(|c| XCell::Exact(r.class(*c))));
        cells.push(formula(
            format!(
                "{}+{}+{}",
                l.cell("cashable", row),
                l.cell("one_off_cost", row),
                l.cell("financing_cost", row)
            ),
            r.net_cashable,
        ));
        let cumulative = if i == 0 {
            l.cell("net_cashable", row)
        } else {
            format!(
                "{}+{}",
                l.cell("cumulative_net_cashable", row - 1),
                l.cell("net_cashable", row)
            )
        };
        cells.push(formula(cumulative, r.cumulative_net_cashable));
        let net_total: Vec<String> = net_total_classes.iter().map(|c| l.cell(c, row)).collect();
        cells.push(formula(net_total.join("+"), r.net_total));
        cells.push(XCell::Exact(r.real_net_total));
        cells.push(XCell::ExactNumber(r.discount_factor, 6));
        cells.push(formula(
            format!(
                "{}*{}",
                l.cell("real_net_total", row),
                l.cell("discount_factor", row)
            ),
            r.present_value,
        ));
        sheet.rows.push(cells);
    }

    let (first, last) = (2, a.rows.len() + 1);
    let total_of = |name: &str| -> Decimal {
        let i = PROJECTION_COLUMNS
            .iter()
            .position(|c| *c == name)
            .unwrap_or(0);
        sheet
            .rows
            .iter()
            .filter_map(|row| super::value(&row[i]))
            .sum()
    };
    let totals: Vec<XCell> = PROJECTION_COLUMNS
        .iter()
        .map(|name| {
            if *name == "financial_year" {
                XCell::Table(Cell::Text("Total".into()))
            } else if TOTALLED.contains(name) {
                let result = match *name {
                    "net_cashable" => a.net_cashable,
                    "net_total" => a.net_total,
                    "present_value" => a.npv,
                    other => match Class::ALL.iter().find(|c| c.name() == other) {
                        Some(c) => a.total(*c),
                        None => total_of(other),
                    },
                };
                formula(
                    format!("SUM({}{first}:{}{last})", l.of(name), l.of(name)),
                    result,
                )
            } else {
                XCell::Table(Cell::Empty)
            }
        })
        .collect();
    sheet.rows.push(totals);
    sheet.totals = true;

    let receipts = if include_capital_receipts {
        "all six classes"
    } else {
        "all classes but capital receipts (the model sets appraisal.include_capital_receipts = false)"
    };
    let note = |name: &str, text: String| {
        let i = PROJECTION_COLUMNS
            .iter()
            .position(|c| *c == name)
            .unwrap_or(0);
        (i, text)
    };
    sheet.notes = vec![
        note(
            "net_cashable",
            "Formula: cashable + one-off cost + financing cost.".into(),
        ),
        note(
            "cumulative_net_cashable",
            "Formula: the year before's cumulative position + this year's net cashable.".into(),
        ),
        note("net_total", format!("Formula: the sum of {receipts}.")),
        note(
            "real_net_total",
            "Net total in real terms (price-base prices): net total ÷ (1 + GDP deflator)^(years since the price base).".into(),
        ),
        note(
            "discount_factor",
            "Green Book discount factor of the year (or the model's constant rate); shown to 6 places, held at full precision.".into(),
        ),
        note(
            "present_value",
            "Formula: real net total × discount factor. The total is the NPV.".into(),
        ),
    ];
    sheet
}

/// The Summary sheet: the figures of `summary.json`, one a row, in words.
/// The class totals, net cashable, net total and NPV are formulas that
/// refer to the Projection sheet's totals row.
pub fn summary_sheet(run: &ModelRun, projection: &Sheet) -> Result<Sheet, XlsxError> {
    let m = &run.prepared.model;
    let a = &run.appraisal;
    let text = |s: &str| XCell::Table(Cell::Text(s.to_string()));
    let totals_row = projection.rows.len() + 1;
    let total = |name: &str, result: Decimal| -> Result<XCell, XlsxError> {
        let c = projection.column(name)?;
        Ok(XCell::Formula {
            formula: format!(
                "{}!{}{totals_row}",
                projection.name,
                column_number_to_name(c)
            ),
            result,
            places: 2,
        })
    };
    let mut t = Sheet::new("Summary", &["item", "value"]);
    let mut row = |item: &str, value: XCell| t.rows.push(vec![text(item), value]);
    row("Name", text(&m.name));
    row("Kind", text(m.kind.name()));
    row("Authority", text(&run.prepared.authority));
    row("Price base", text(&run.prepared.price_base().to_string()));
    row(
        "Horizon",
        text(&format!("{} ({} years)", m.horizon, m.horizon.years)),
    );
    for c in Class::ALL {
        row(&super::heading(c.name()), total(c.name(), a.total(c))?);
    }
    row("Net cashable", total("net_cashable", a.net_cashable)?);
    row("Net total", total("net_total", a.net_total)?);
    row("NPV", total("present_value", a.npv)?);
    row(
        "BCR",
        a.bcr
            .map(|b| XCell::Table(Cell::Number(round_places(b, 4), 4)))
            .unwrap_or(XCell::Table(Cell::Empty)),
    );
    row(
        "Payback years",
        a.payback_years
            .map(|y| XCell::Table(Cell::Integer(y as i64)))
            .unwrap_or(XCell::Table(Cell::Empty)),
    );
    row(
        "Payback year",
        a.payback_year
            .map(|y| text(&y.to_string()))
            .unwrap_or(XCell::Table(Cell::Empty)),
    );
    row(
        "Full-year effect",
        XCell::Table(Cell::Money(round_places(a.full_year_effect, 2))),
    );
    row("Model", text(&m.file.display().to_string()));
    row("Baseline", text(&run.baseline_file.display().to_string()));
    t.one_page = true;
    Ok(t)
}
