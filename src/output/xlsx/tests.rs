use super::*;
use crate::appraisal::{appraise, Appraisal};
use crate::calendar::{FinancialYear, Horizon};
use crate::model::AppraisalSettings;
use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use std::io::Cursor;
use std::str::FromStr;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// Ten years: a one-off cost, then growing cashable savings with
/// fractions of a penny, no financing cost and no receipts.
fn appraisal() -> Appraisal {
    let years: Vec<[Decimal; 6]> = (0..10u32)
        .map(|i| {
            let mut c = [Decimal::ZERO; 6];
            c[Class::Cashable as usize] = d("123456.785") * Decimal::from(i + 1);
            c[Class::CostAvoidance as usize] = d("1000.3333");
            if i == 0 {
                c[Class::OneOffCost as usize] = d("-250000.01");
            }
            c
        })
        .collect();
    appraise(
        &years,
        &Horizon {
            start: FinancialYear(2011),
            years: 10,
        },
        FinancialYear(2011),
        d("0.025"),
        &AppraisalSettings::default(),
    )
}

fn sample() -> Vec<Sheet> {
    let mut summary = Table::new("Summary", &["item", "value"]);
    summary.rows = vec![
        vec![Cell::Text("Model".into()), Cell::Text("=SUM(A1)".into())],
        vec![Cell::Text("NPV".into()), Cell::Money(d("6341779.125"))],
        vec![Cell::Text("BCR".into()), Cell::Number(d("2.34567"), 4)],
        vec![Cell::Text("Payback years".into()), Cell::Integer(5)],
        vec![Cell::Text("-1 site".into()), Cell::Empty],
    ];
    let mut summary = Sheet::from_table(&summary);
    summary.one_page = true;
    let lines = Table::new("Lines", &["financial_year", "line", "class", "amount"]);
    let assumptions = assumptions_sheet(&[crate::kinds::Assumption {
        parameter: "inflation.energy".into(),
        value: "0.06".into(),
        source: "m.toml:3".into(),
    }]);
    vec![
        summary,
        projection_sheet(&appraisal(), true),
        Sheet::from_table(&lines),
        assumptions,
    ]
}

fn chart() -> ProfileChart {
    ProfileChart {
        title: "Savings profile".into(),
        columns: Class::ALL.iter().map(|c| c.name().to_string()).collect(),
        line_column: Some("cumulative_net_cashable".into()),
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

/// The text of a zip entry (rust_xlsxwriter deflates entries, so this
/// unzips with the zip reader calamine uses).
fn entry(bytes: &[u8], name: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

#[test]
fn four_sheets_in_order_with_headers_in_words() {
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(build())).unwrap();
    assert_eq!(
        wb.sheet_names(),
        vec!["Summary", "Projection", "Lines", "Assumptions"]
    );
    let range = wb.worksheet_range("Projection").unwrap();
    let header: Vec<String> = (0..13)
        .map(|c| range.get_value((0, c)).unwrap().to_string())
        .collect();
    assert_eq!(
        header,
        [
            "Financial year",
            "Cashable",
            "Non-cashable",
            "Cost avoidance",
            "One-off cost",
            "Financing cost",
            "Capital receipt",
            "Net cashable",
            "Cumulative net cashable",
            "Net total",
            "Real net total",
            "Discount factor",
            "Present value"
        ]
    );
}

#[test]
fn projection_formulas_over_the_class_columns() {
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(build())).unwrap();
    let f = wb.worksheet_formula("Projection").unwrap();
    let at = |r: u32, c: u32| f.get_value((r, c)).cloned().unwrap_or_default();
    assert_eq!(at(1, 7), "B2+E2+F2");
    assert_eq!(at(1, 8), "H2");
    assert_eq!(at(2, 8), "I2+H3");
    assert_eq!(at(1, 9), "B2+C2+D2+E2+F2+G2");
    assert_eq!(at(1, 12), "K2*L2");
    assert_eq!(at(11, 1), "SUM(B2:B11)");
    assert_eq!(at(11, 12), "SUM(M2:M11)");
    assert_eq!(at(11, 8), "", "no total of a cumulative position");
    // Without capital receipts, net total leaves them out.
    let sheet = projection_sheet(&appraisal(), false);
    match &sheet.rows[0][9] {
        XCell::Formula { formula, .. } => assert_eq!(formula, "B2+C2+D2+E2+F2"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn formulas_carry_the_engine_figures_and_inputs_are_unrounded() {
    let a = appraisal();
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(build())).unwrap();
    let range = wb.worksheet_range("Projection").unwrap();
    let num = |r: u32, c: u32| match range.get_value((r, c)) {
        Some(Data::Float(f)) => *f,
        other => panic!("R{r}C{c}: {other:?}"),
    };
    for (i, row) in a.rows.iter().enumerate() {
        let r = i as u32 + 1;
        // The cached results are the engine's unrounded figures.
        assert_eq!(num(r, 7), row.net_cashable.to_f64().unwrap());
        assert_eq!(num(r, 8), row.cumulative_net_cashable.to_f64().unwrap());
        assert_eq!(num(r, 12), row.present_value.to_f64().unwrap());
        // The factor is held at full precision, not 6 places.
        assert_eq!(num(r, 11), row.discount_factor.to_f64().unwrap());
        assert_eq!(num(r, 3), 1000.3333);
    }
    assert_eq!(num(1, 1), 123456.785);
    assert_eq!(num(11, 12), a.npv.to_f64().unwrap());
    assert_eq!(
        range.get_value((11, 0)),
        Some(&Data::String("Total".into()))
    );
    let styles = entry(&build(), "xl/styles.xml");
    assert!(styles.contains("#,##0.000000"), "discount factor format");
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
    let formulas = wb.worksheet_formula("Summary").unwrap();
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()));
}

#[test]
fn assumptions_are_numbers_formatted_as_percentages() {
    let bytes = build();
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.clone())).unwrap();
    let range = wb.worksheet_range("Assumptions").unwrap();
    assert_eq!(range.get_value((1, 1)), Some(&Data::Float(0.06)));
    assert!(entry(&bytes, "xl/styles.xml").contains("0.0##%"));
}

#[test]
fn every_sheet_prints_on_a4_landscape_one_page_wide() {
    let bytes = build();
    for i in 1..=4 {
        let xml = entry(&bytes, &format!("xl/worksheets/sheet{i}.xml"));
        assert!(xml.contains(r#"paperSize="9""#), "sheet{i}: A4");
        assert!(xml.contains(r#"orientation="landscape""#), "sheet{i}");
        assert!(xml.contains(r#"fitToPage="1""#), "sheet{i}");
        let tall = if i == 1 { "" } else { r#" fitToHeight="0""# };
        assert!(xml.contains(tall), "sheet{i}: {xml}");
    }
    let book = entry(&bytes, "xl/workbook.xml");
    assert!(book.contains("_xlnm.Print_Titles"), "header rows repeated");
}

#[test]
fn chart_leaves_out_all_zero_series_and_uses_the_class_colours() {
    let bytes = build();
    assert!(has_entry(&bytes, "xl/charts/chart1.xml"));
    let chart = entry(&bytes, "xl/charts/chart1.xml");
    // Cashable, cost avoidance and one-off cost have figures; the other
    // three classes are zero every year.
    assert_eq!(chart.matches("<c:ser>").count(), 4, "3 bars and a line");
    // Cashable dark blue, cost avoidance turquoise, one-off cost orange;
    // the line near-black, as in the PNG charts.
    for hex in ["12436D", "28A197", "F46A25", "0B0C0C"] {
        assert!(chart.contains(hex), "{hex}");
    }
    assert!(!chart.contains("Non-cashable") && !chart.contains("Capital receipt"));
    let plain = results_xlsx(&sample(), None, "Summary").unwrap();
    assert!(!has_entry(&plain, "xl/charts/chart1.xml"));
    // A missing column or sheet is an error, not a blank chart.
    let mut bad = chart_def();
    bad.columns.push("no_such_column".into());
    assert!(results_xlsx(&sample(), Some(("Projection", &bad)), "Summary").is_err());
    assert!(results_xlsx(&sample(), Some(("Nope", &chart_def())), "Summary").is_err());
    let mut odd = chart_def();
    odd.title = "=Projection!A1 savings!".into();
    assert!(results_xlsx(&sample(), Some(("Projection", &odd)), "Summary").is_ok());
    assert_eq!(chart_text("=Projection!A1"), "Projection\u{FF01}A1");
    assert_eq!(chart_text("Savings profile"), "Savings profile");
}

fn chart_def() -> ProfileChart {
    chart()
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
    assert_eq!(places_format(6), "#,##0.000000");
    assert_eq!(places_format(0), "#,##0");
    assert_eq!(shown_len(&Cell::Money(d("-1234567.891"))), 14);
    assert_eq!(
        shown_len(&Cell::Money(d("999.996"))),
        "£1,000.00".chars().count()
    );
    assert!(formula_like("@x") && formula_like("\tx") && !formula_like("x=1"));
}
