//! `savings template`: an empty baseline workbook to fill in, with every
//! sheet and every column the engine reads, a note on each header saying
//! what goes there and in what unit, drop-down lists where a column takes
//! one of a few values, and one example row a sheet (Bromley-like figures,
//! marked as an example) that the engine accepts as it stands.

use crate::baseline::{Channel, LibraryCategory, ProviderType, SiteCategory};
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationRule, Format, FormatBorder, Note, Workbook, Worksheet,
    XlsxError,
};

/// Rows of each sheet that carry the drop-down lists and number checks.
const ROWS: u32 = 2000;
const HEADER_FILL: u32 = 0xDDEBF7;
const EXAMPLE_FILL: u32 = 0xFFF2CC;

/// What a column takes, for its data validation and its example cell.
#[derive(Clone, Debug)]
enum Kind {
    Text(&'static str),
    /// Pounds (or another amount) ≥ 0.
    Amount(f64),
    /// Pounds, negative allowed (an amount taken back).
    Signed(f64),
    /// yes / no.
    Flag(&'static str),
    /// A whole number between the bounds.
    Whole(i32, i32, i32),
    /// One of the names.
    List(Vec<&'static str>, &'static str),
}

/// A column: its header (which the engine's header matching reads as the
/// column's name), the note on it, and what it takes.
struct Column {
    header: String,
    note: String,
    kind: Kind,
}

fn col(header: &str, note: &str, kind: Kind) -> Column {
    Column {
        header: header.to_string(),
        note: note.to_string(),
        kind,
    }
}

/// A site cost category's header, note and example amount.
fn site_cost(c: SiteCategory) -> Column {
    let (header, what, example) = match c {
        SiteCategory::BusinessRates => ("Business rates", "business rates (NNDR) paid", 48_900.0),
        SiteCategory::Energy => ("Energy", "gas and electricity", 75_832.0),
        SiteCategory::Water => ("Water", "water and sewerage", 6_120.0),
        SiteCategory::Cleaning => ("Cleaning", "cleaning contract and materials", 31_400.0),
        SiteCategory::Security => ("Security", "security, alarms and patrols", 12_750.0),
        SiteCategory::RepairsMaintenance => (
            "Repairs maintenance",
            "repairs and planned and reactive maintenance",
            54_300.0,
        ),
        SiteCategory::Insurance => ("Insurance", "buildings insurance", 9_800.0),
        SiteCategory::FacilitiesManagement => (
            "Facilities management",
            "facilities management (reception, post, porters)",
            22_100.0,
        ),
        SiteCategory::Other => ("Other", "any other running cost of the site", 4_500.0),
    };
    col(
        &format!("{header} (£ a year)"),
        &format!(
            "{header}: the site's annual cost of {what}, in £ at the price base year's prices (Meta sheet). A number ≥ 0; blank means 0. Optional column (cost category {}).",
            c.name()
        ),
        Kind::Amount(example),
    )
}

/// The columns of each data sheet, in order.
fn sheets() -> Vec<(&'static str, Vec<Column>)> {
    let mut sites = vec![
        col(
            "Site ID",
            "Site ID: a short unique code for the site (text), e.g. OTH. Model files name sites by it. Required.",
            Kind::Text("OTH"),
        ),
        col(
            "Site",
            "Site: the building's name. Model files may name a site by it. Required.",
            Kind::Text("Old Town Hall (EXAMPLE – replace this row)"),
        ),
        col(
            "Listed",
            "Listed: yes if the building is listed (a listed building pays no empty rates), else no. Blank means no. Optional.",
            Kind::Flag("yes"),
        ),
        col(
            "Floor area m2",
            "Floor area m2: gross internal floor area in square metres, a number ≥ 0. Optional; for reference.",
            Kind::Amount(2_450.0),
        ),
    ];
    sites.extend(SiteCategory::ALL.iter().map(|c| site_cost(*c)));

    let libraries = vec![
        col(
            "Authority",
            "Authority: the council whose library service this row is (several councils may share the sheet, for a shared-service model). Required.",
            Kind::Text("Bromley"),
        ),
        col(
            "Library",
            "Library: the library (or \"service-wide\") the amount belongs to. Required.",
            Kind::Text("Central Library (EXAMPLE – replace this row)"),
        ),
        col(
            "Category",
            &format!(
                "Category: one of {}. Pick from the list. Required.",
                LibraryCategory::list()
            ),
            Kind::List(
                LibraryCategory::ALL.iter().map(|c| c.name()).collect(),
                "frontline_staff",
            ),
        ),
        col(
            "Amount (£ a year)",
            "Amount: the annual amount in £ at the price base year's prices, a number ≥ 0 for every category (income is money received and reduces the net cost). Required.",
            Kind::Amount(412_000.0),
        ),
        col(
            "FTE",
            "FTE: full-time-equivalent staff of the row, a number ≥ 0. Optional; for reference.",
            Kind::Amount(14.5),
        ),
    ];

    let placements = vec![
        col(
            "Placement ID",
            "Placement ID: a unique code for the child's placement (text; no names). Required.",
            Kind::Text("EX-0001"),
        ),
        col(
            "Need",
            "Need: the primary special educational need, as your SEN team codes it (e.g. ASD, SEMH, SLCN). Required.",
            Kind::Text("ASD"),
        ),
        col(
            "NCY",
            "NCY: national curriculum year, a whole number from -1 (nursery) to 14. Required.",
            Kind::Whole(-1, 14, 8),
        ),
        col(
            "Provider type",
            &format!(
                "Provider type: the kind of school or setting, one of {}. Pick from the list. Required.",
                ProviderType::list()
            ),
            Kind::List(
                ProviderType::ALL.iter().map(|c| c.name()).collect(),
                "independent",
            ),
        ),
        col(
            "Annual fee (£)",
            "Annual fee: the placement's annual fee in £ at the price base year's prices, a number ≥ 0. Required.",
            Kind::Amount(52_000.0),
        ),
        col(
            "Annual transport (£)",
            "Annual transport: the annual home-to-school transport cost in £ at price-base prices, a number ≥ 0. Blank means 0. Optional.",
            Kind::Amount(6_500.0),
        ),
    ];

    let services = vec![
        col(
            "Authority",
            "Authority: the council whose service this row is (several councils may share the sheet, for a shared-service model). Required.",
            Kind::Text("Bromley"),
        ),
        col(
            "Service",
            "Service: the service the row belongs to, as a model's service key names it (e.g. Parking, Regulatory Services). Required.",
            Kind::Text("Parking (EXAMPLE – replace this row)"),
        ),
        col(
            "Category",
            "Category: the cost category, in your own words (e.g. Management, Enforcement officers, Back office, ICT); it is read like a header, so Back office is back_office. Income is money received. Required.",
            Kind::Text("Management"),
        ),
        col(
            "Amount (£ a year)",
            "Amount: the annual amount in £ at the price base year's prices, a number ≥ 0 for every category (income is money received and reduces the net cost). Required.",
            Kind::Amount(286_400.0),
        ),
        col(
            "FTE",
            "FTE: full-time-equivalent staff of the row, a number ≥ 0. Optional; for reference.",
            Kind::Amount(4.0),
        ),
    ];
    let transactions = vec![
        col(
            "Service",
            "Service: the service the transactions are for (e.g. Council tax, Parking permits); a channel_shift model names it. Required.",
            Kind::Text("Council tax"),
        ),
        col(
            "Channel",
            &format!(
                "Channel: how the transactions are done, one of {}. Pick from the list; each service has one row per channel. Required.",
                Channel::list()
            ),
            Kind::List(Channel::NAMES.to_vec(), "face_to_face"),
        ),
        col(
            "Annual volume",
            "Annual volume: transactions a year through this channel, a number ≥ 0. Required.",
            Kind::Amount(42_000.0),
        ),
        col(
            "Unit cost (£)",
            "Unit cost: £ per transaction at the price base year's prices, a number ≥ 0. Blank: the model's [unit_costs] or the unit-cost library gives it. Optional.",
            Kind::Amount(8.6),
        ),
    ];

    let actuals = vec![
        col(
            "Workstream",
            "Workstream: the name of a [[workstream]] of your programme file (programme.toml), as written there. Only savings programme reads this sheet. Required.",
            Kind::Text("Accommodation (EXAMPLE – replace this row)"),
        ),
        col(
            "Financial year",
            "Financial year: the year the saving was achieved in, as text like 2012/13 (a leading ' in Excel). Not after the year holding the programme's as_of date. Required.",
            Kind::Text("2012/13"),
        ),
        col(
            "Achieved (£)",
            "Achieved: cashable saving achieved in the year so far, £. A number ≥ 0; a saving reported earlier and taken back goes on a row of its own, negative, with Reversal = yes. Rows of one workstream and year add up. Required.",
            Kind::Signed(250_000.0),
        ),
        col(
            "Forecast (£)",
            "Forecast: the owner's forecast of the year's cashable saving, £, a number ≥ 0. Blank: the achieved figure stands. Optional.",
            Kind::Amount(400_000.0),
        ),
        col(
            "RAG",
            "RAG: the owner's rating, red, amber or green. Blank: the engine rates it (green from 95% of planned, amber from 75%, red below). Optional.",
            Kind::List(crate::baseline::Rag::NAMES.to_vec(), "amber"),
        ),
        col(
            "Reversal",
            "Reversal: yes on a row that takes back a saving reported earlier (its Achieved is negative); blank or no otherwise. Optional.",
            Kind::Flag("no"),
        ),
    ];

    vec![
        ("Sites", sites),
        ("Libraries", libraries),
        ("Placements", placements),
        ("Services", services),
        ("Transactions", transactions),
        ("Actuals", actuals),
    ]
}

fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color(Color::RGB(HEADER_FILL))
        .set_border_bottom(FormatBorder::Thin)
}

fn note(text: &str) -> Note {
    Note::new(text)
        .add_author_prefix(false)
        .set_author("savings template")
        .set_width(320)
        .set_height(120)
}

fn page_setup(sheet: &mut Worksheet) -> Result<(), XlsxError> {
    sheet
        .set_paper_size(9)
        .set_landscape()
        .set_print_fit_to_pages(1, 0)
        .set_repeat_rows(0, 0)?;
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// The Meta sheet: key | value, with the authority and the price base to
/// replace.
fn meta(wb: &mut Workbook) -> Result<(), XlsxError> {
    let sheet = wb.add_worksheet().set_name("Meta")?;
    let header = header_format();
    let example = Format::new().set_background_color(Color::RGB(EXAMPLE_FILL));
    sheet.write_string_with_format(0, 0, "key", &header)?;
    sheet.write_string_with_format(0, 1, "value", &header)?;
    let rows = [
        (
            "authority",
            "Bromley (EXAMPLE – your council's name)",
            "authority: your council's name, as text. Required. Reports and summary.json show it.",
        ),
        (
            "price_base",
            "2011/12",
            "price_base: the financial year whose prices the workbook's amounts are in, as text like 2011/12 (type it as text: a leading ' in Excel). Required unless every model file gives its own price_base.",
        ),
        (
            "units",
            "GBP",
            "units: GBP (pounds sterling), the only unit the engine reads. Optional.",
        ),
    ];
    for (r, (key, value, text)) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        sheet.write_string(r, 0, *key)?;
        // Text, so that 2011/12 is not read as a date or a fraction.
        sheet.write_string_with_format(r, 1, *value, &example)?;
        sheet.insert_note(r, 1, &note(text))?;
    }
    sheet.set_column_width(0, 14)?;
    sheet.set_column_width(1, 44)?;
    sheet.write_string(
        5,
        0,
        "Replace the yellow example values and rows with your own. Hover over a header for what goes in its column.",
    )?;
    page_setup(sheet)
}

fn data_sheet(wb: &mut Workbook, name: &str, columns: &[Column]) -> Result<(), XlsxError> {
    let sheet = wb.add_worksheet().set_name(name)?;
    let header = header_format();
    let example = Format::new().set_background_color(Color::RGB(EXAMPLE_FILL));
    let money = example.clone().set_num_format("#,##0.##");
    sheet.set_row_height(0, 32)?;
    for (c, column) in columns.iter().enumerate() {
        let c = u16::try_from(c).map_err(|_| XlsxError::RowColumnLimitError)?;
        sheet.write_string_with_format(0, c, &column.header, &header)?;
        sheet.insert_note(0, c, &note(&column.note))?;
        let width = column.header.chars().count().clamp(10, 22) as f64;
        let validation = match &column.kind {
            Kind::Text(v) => {
                sheet.write_string_with_format(1, c, *v, &example)?;
                sheet.set_column_width(c, width.max(v.chars().count() as f64 * 0.9))?;
                None
            }
            Kind::Amount(v) => {
                sheet.write_number_with_format(1, c, *v, &money)?;
                sheet.set_column_width(c, width)?;
                Some(
                    DataValidation::new()
                        .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
                        .set_error_message("Enter a number ≥ 0 (an amount in £, or blank).")?,
                )
            }
            Kind::Signed(v) => {
                sheet.write_number_with_format(1, c, *v, &money)?;
                sheet.set_column_width(c, width)?;
                Some(
                    DataValidation::new()
                        .allow_decimal_number(DataValidationRule::Between(-1.0e12, 1.0e12))
                        .set_error_message(
                            "Enter an amount in £ (negative only on a reversal row).",
                        )?,
                )
            }
            Kind::Flag(v) => {
                sheet.write_string_with_format(1, c, *v, &example)?;
                sheet.set_column_width(c, width)?;
                Some(
                    DataValidation::new()
                        .allow_list_strings(&["yes", "no"])?
                        .set_error_message("Enter yes or no.")?,
                )
            }
            Kind::Whole(lo, hi, v) => {
                sheet.write_number_with_format(1, c, f64::from(*v), &example)?;
                sheet.set_column_width(c, width)?;
                Some(
                    DataValidation::new()
                        .allow_whole_number(DataValidationRule::Between(*lo, *hi))
                        .set_error_message(format!("Enter a whole number from {lo} to {hi}."))?,
                )
            }
            Kind::List(names, v) => {
                sheet.write_string_with_format(1, c, *v, &example)?;
                sheet.set_column_width(c, 22)?;
                Some(
                    DataValidation::new()
                        .allow_list_strings(names)?
                        .set_error_message(format!("Pick one of: {}.", names.join(", ")))?,
                )
            }
        };
        if let Some(v) = validation {
            sheet.add_data_validation(1, c, ROWS, c, &v)?;
        }
    }
    page_setup(sheet)
}

/// The template workbook, as bytes.
pub fn template_xlsx() -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let created = rust_xlsxwriter::ExcelDateTime::from_ymd(2000, 1, 1)?;
    wb.set_properties(
        &rust_xlsxwriter::DocProperties::new()
            .set_title("Baseline workbook for the savings engine")
            .set_creation_datetime(&created),
    );
    meta(&mut wb)?;
    for (name, columns) in sheets() {
        data_sheet(&mut wb, name, &columns)?;
    }
    wb.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_site_category_has_a_column_and_the_workbook_builds() {
        let sheets = sheets();
        assert_eq!(sheets[0].1.len(), 4 + SiteCategory::ALL.len());
        assert!(template_xlsx().is_ok());
    }
}
