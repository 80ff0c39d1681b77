//! The four sheets, each turned from rows of cells into typed values.

use super::grid::Cell;
use super::grid::Grid;
use super::table::{a1, describe, header_key, normalise, Layout, Row, Seen, Table};
use crate::baseline::{
    Actual, Baseline, Channel, LibraryCategory, LibraryLine, Meta, Placement, ProviderType, Rag,
    ServiceLine, Sheet, Site, SiteCategory, Transaction,
};
use crate::calendar::FinancialYear;
use crate::error::{Place, Problem};
use crate::money::Decimal;
use std::collections::HashMap;
use std::path::Path;

/// How the sheets are read: which columns to leave out on purpose.
#[derive(Clone, Debug, Default)]
pub struct ReadOptions {
    /// Headers (as [`header_key`]s) of columns the user has said to leave
    /// out, from the models' `ignore_columns`.
    pub ignore_columns: Vec<String>,
    /// Bounds on the workbook's size.
    pub limits: super::guard::Limits,
}

pub(super) fn read_sheet(
    sheet: Sheet,
    file: &Path,
    name: &str,
    range: &Grid<'_>,
    options: &ReadOptions,
    baseline: &mut Baseline,
    problems: &mut Vec<Problem>,
) {
    if sheet == Sheet::Meta {
        baseline.meta = read_meta(file, name, range, problems);
        return;
    }
    let layout = layout(sheet);
    let Some(table) = Table::locate(file, name, range, &layout, problems) else {
        return;
    };
    let before = problems.len();
    let mut ignored = Vec::new();
    for (other, filled, numbers) in table.other_columns() {
        let at = a1(table.header_row, other.col);
        if other.header.is_empty() {
            // A column of values with no header would be left out without
            // anyone seeing it (a merged header cell does this too).
            problems.push(table.problem_at(
                table.header_row,
                other.col,
                format!(
                    "this column has {filled} filled cell(s) below a blank header; give it \
                     the header of the column it is (the engine reads: {}), or delete it",
                    layout.names().join(", ")
                ),
            ));
            continue;
        }
        let key = header_key(&other.header);
        if options.ignore_columns.contains(&key) {
            ignored.push(format!(
                "{} ({at}, left out as the model says)",
                other.header
            ));
        } else if numbers * 2 > filled && !looks_like_no_money(&key) {
            problems.push(table.problem_at(
                table.header_row,
                other.col,
                format!(
                    "column \"{}\" holds amounts, but it is not a column the engine reads, so \
                     they would be left out; {}, or, to leave it out on purpose, add \
                     ignore_columns = [\"{}\"] to the model file",
                    other.header,
                    what_to_rename(sheet, &layout),
                    other.header
                ),
            ));
        } else {
            ignored.push(format!("{} ({at})", other.header));
        }
    }
    if !ignored.is_empty() {
        baseline.warnings.push((
            sheet,
            Problem::new(
                Place::Sheet {
                    file: file.to_path_buf(),
                    sheet: name.to_string(),
                },
                format!(
                    "columns ignored (not used by the engine): {}",
                    ignored.join(", ")
                ),
            ),
        ));
    }
    if problems.len() > before {
        return;
    }
    match sheet {
        Sheet::Sites => baseline.sites = read_sites(&table, problems),
        Sheet::Libraries => baseline.libraries = read_libraries(&table, problems),
        Sheet::Placements => baseline.placements = read_placements(&table, problems),
        Sheet::Services => baseline.services = read_services(&table, problems),
        Sheet::Transactions => baseline.transactions = read_transactions(&table, problems),
        Sheet::Actuals => baseline.actuals = read_actuals(&table, problems),
        Sheet::Meta => {}
    }
}

/// What to do with a column of amounts the engine does not read.
fn what_to_rename(sheet: Sheet, layout: &Layout) -> String {
    match sheet {
        Sheet::Sites => format!(
            "if it is a running cost, head it with one of the cost categories ({})",
            SiteCategory::ALL
                .iter()
                .map(|c| c.name())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Sheet::Libraries => format!(
            "the Libraries sheet takes one row per library and category, with the money in \
             amount; move these amounts into rows with a category ({})",
            LibraryCategory::list()
        ),
        Sheet::Services => "the Services sheet takes one row per authority, service and \
             category, with the money in amount; move these amounts into rows with a category"
            .to_string(),
        _ => format!(
            "if it is one of the engine's columns, head it so ({})",
            layout.names().join(", ")
        ),
    }
}

/// Headers whose numbers are not money (ids, years, areas, counts): a
/// column of them is only warned about.
fn looks_like_no_money(key: &str) -> bool {
    const WORDS: [&str; 22] = [
        "id",
        "ref",
        "reference",
        "code",
        "uprn",
        "year",
        "years",
        "built",
        "postcode",
        "area",
        "m2",
        "sqm",
        "sqft",
        "fte",
        "ncy",
        "age",
        "count",
        "number",
        "no",
        "phone",
        "date",
        "percent",
    ];
    key.split('_').any(|w| WORDS.contains(&w))
}

/// The columns of each sheet and the other names councils give them (each
/// as a [`header_key`]). A name that could mean two categories (`utilities`,
/// `premises`) is not here: it stays an unread column, and an error when it
/// holds amounts.
pub fn layout(sheet: Sheet) -> Layout {
    match sheet {
        Sheet::Sites => Layout {
            required: &["site_id", "site"],
            optional: &SITE_OPTIONAL,
            synonyms: &[
                ("site_ref", "site_id"),
                ("site_reference", "site_id"),
                ("site_code", "site_id"),
                ("site_name", "site"),
                ("building", "site"),
                ("building_name", "site"),
                ("property", "site"),
                ("property_name", "site"),
                ("listed_building", "listed"),
                ("floor_area", "floor_area_m2"),
                ("floor_area_sqm", "floor_area_m2"),
                ("gia", "floor_area_m2"),
                ("gia_m2", "floor_area_m2"),
                ("nndr", "business_rates"),
                ("rates", "business_rates"),
                ("non_domestic_rates", "business_rates"),
                ("national_non_domestic_rates", "business_rates"),
                ("business_rates_nndr", "business_rates"),
                ("nndr_business_rates", "business_rates"),
                ("gas_electricity", "energy"),
                ("electricity_gas", "energy"),
                ("energy_costs", "energy"),
                ("water_sewerage", "water"),
                ("water_rates", "water"),
                ("cleaning_costs", "cleaning"),
                ("security_costs", "security"),
                ("r_m", "repairs_maintenance"),
                ("rm", "repairs_maintenance"),
                ("repair_maintenance", "repairs_maintenance"),
                ("repairs_maintenance_costs", "repairs_maintenance"),
                ("maintenance_repairs", "repairs_maintenance"),
                ("buildings_insurance", "insurance"),
                ("property_insurance", "insurance"),
                ("fm", "facilities_management"),
                ("facilities_mgmt", "facilities_management"),
                ("facility_management", "facilities_management"),
                ("other_costs", "other"),
                ("other_running_costs", "other"),
            ],
        },
        Sheet::Libraries => Layout {
            required: &["authority", "library", "category", "amount"],
            optional: &["fte"],
            synonyms: &[
                ("council", "authority"),
                ("borough", "authority"),
                ("library_name", "library"),
                ("branch", "library"),
                ("cost_category", "category"),
                ("budget_category", "category"),
                ("amount_gbp", "amount"),
                ("budget", "amount"),
                ("annual_amount", "amount"),
                ("staff_fte", "fte"),
            ],
        },
        Sheet::Placements => Layout {
            required: &["placement_id", "need", "ncy", "provider_type", "annual_fee"],
            optional: &["annual_transport"],
            synonyms: &[
                ("placement_ref", "placement_id"),
                ("placement_reference", "placement_id"),
                ("primary_need", "need"),
                ("sen_need", "need"),
                ("primary_sen_need", "need"),
                ("nc_year", "ncy"),
                ("national_curriculum_year", "ncy"),
                ("year_group", "ncy"),
                ("provider", "provider_type"),
                ("type_of_provider", "provider_type"),
                ("setting_type", "provider_type"),
                ("fee", "annual_fee"),
                ("fees", "annual_fee"),
                ("annual_fees", "annual_fee"),
                ("transport", "annual_transport"),
                ("transport_cost", "annual_transport"),
                ("annual_transport_cost", "annual_transport"),
            ],
        },
        Sheet::Services => Layout {
            required: &["authority", "service", "category", "amount"],
            optional: &["fte"],
            synonyms: &[
                ("council", "authority"),
                ("borough", "authority"),
                ("service_name", "service"),
                ("service_area", "service"),
                ("cost_category", "category"),
                ("budget_category", "category"),
                ("amount_gbp", "amount"),
                ("budget", "amount"),
                ("annual_amount", "amount"),
                ("staff_fte", "fte"),
            ],
        },
        Sheet::Transactions => Layout {
            required: &["service", "channel", "annual_volume"],
            optional: &["unit_cost"],
            synonyms: &[
                ("service_name", "service"),
                ("contact_channel", "channel"),
                ("access_channel", "channel"),
                ("volume", "annual_volume"),
                ("annual_transactions", "annual_volume"),
                ("transactions", "annual_volume"),
                ("transactions_a_year", "annual_volume"),
                ("cost_per_transaction", "unit_cost"),
                ("unit_cost_gbp", "unit_cost"),
            ],
        },
        Sheet::Actuals => Layout {
            required: &["workstream", "financial_year", "achieved"],
            optional: &["forecast", "rag", "reversal"],
            synonyms: &[
                ("workstream_name", "workstream"),
                ("project", "workstream"),
                ("fy", "financial_year"),
                ("year", "financial_year"),
                ("achieved_gbp", "achieved"),
                ("cashable_achieved", "achieved"),
                ("actual", "achieved"),
                ("forecast_gbp", "forecast"),
                ("forecast_outturn", "forecast"),
                ("rag_status", "rag"),
                ("status", "rag"),
            ],
        },
        Sheet::Meta => Layout {
            required: &[],
            optional: &[],
            synonyms: &[],
        },
    }
}

const SITE_OPTIONAL: [&str; 11] = [
    "listed",
    "floor_area_m2",
    "business_rates",
    "energy",
    "water",
    "cleaning",
    "security",
    "repairs_maintenance",
    "insurance",
    "facilities_management",
    "other",
];

/// Remembers ids already seen (with the row they were first seen on) and
/// reports a later duplicate at its cell.
struct Ids {
    seen: HashMap<String, u32>,
}

impl Ids {
    fn new(rows: usize) -> Ids {
        Ids {
            seen: HashMap::with_capacity(rows),
        }
    }

    /// `row` is the later row: the duplicate is named at its cell.
    fn check(&mut self, id: &str, column: &str, row: &Row, problems: &mut Vec<Problem>) {
        if let Some(&first) = self.seen.get(id) {
            let first = a1(first, row.column_index(column));
            problems.push(row.problem_in(
                column,
                format!("{column} \"{id}\" appears twice (first at {first}); ids must be unique"),
            ));
        } else {
            self.seen.insert(id.to_string(), row.row);
        }
    }
}

impl Ids {
    /// A (service, channel) pair seen twice: named at the later row's
    /// channel cell.
    fn check_pair(
        &mut self,
        key: &str,
        service: &str,
        channel: &str,
        row: &Row,
        problems: &mut Vec<Problem>,
    ) {
        if let Some(&first) = self.seen.get(key) {
            let first = a1(first, row.column_index("channel"));
            problems.push(row.problem_in(
                "channel",
                format!(
                    "service \"{service}\" has a second {channel} row (the first at {first}); \
                     give each service and channel one row"
                ),
            ));
        } else {
            self.seen.insert(key.to_string(), row.row);
        }
    }
}

fn read_sites(table: &Table, problems: &mut Vec<Problem>) -> Option<Vec<Site>> {
    let mut sites = Vec::new();
    let mut ids = Ids::new(table.row_count());
    let before = problems.len();
    for row in table.rows() {
        let id = row.text("site_id", problems);
        let name = row.text("site", problems);
        let listed = row.flag("listed", problems);
        let floor_area_m2 = if table.has_column("floor_area_m2") {
            row.money("floor_area_m2", Some(Decimal::ZERO), problems)
        } else {
            Some(Decimal::ZERO)
        };
        let mut costs = [Decimal::ZERO; 9];
        let mut costs_ok = true;
        for c in SiteCategory::ALL {
            match row.money(c.name(), Some(Decimal::ZERO), problems) {
                Some(v) => costs[*c as usize] = v,
                None => costs_ok = false,
            }
        }
        if let Some(id) = &id {
            ids.check(id, "site_id", &row, problems);
        }
        if let (Some(id), Some(name), Some(listed), Some(area), true) =
            (id, name, listed, floor_area_m2, costs_ok)
        {
            sites.push(Site {
                id,
                name,
                listed,
                floor_area_m2: table.has_column("floor_area_m2").then_some(area),
                costs,
                row: row.row + 1,
            });
        }
    }
    (problems.len() == before).then_some(sites)
}

fn read_libraries(table: &Table, problems: &mut Vec<Problem>) -> Option<Vec<LibraryLine>> {
    let before = problems.len();
    let mut lines = Vec::new();
    let (mut seen, allowed) = (Seen::new(), LibraryCategory::list());
    for row in table.rows() {
        let authority = row.text("authority", problems);
        let library = row.text("library", problems);
        let category = row.category(
            "category",
            &mut seen,
            LibraryCategory::parse,
            &allowed,
            problems,
        );
        let amount = row.money("amount", None, problems);
        let fte = fte(table, &row, problems);
        if let (Some(authority), Some(library), Some(category), Some(amount), Some(fte)) =
            (authority, library, category, amount, fte)
        {
            lines.push(LibraryLine {
                authority,
                library,
                category,
                amount,
                fte,
                row: row.row + 1,
            });
        }
    }
    (problems.len() == before).then_some(lines)
}

/// The optional `fte` column of the Libraries and Services sheets:
/// `Some(None)` when the sheet has no such column, `None` on a bad cell.
fn fte(table: &Table, row: &Row, problems: &mut Vec<Problem>) -> Option<Option<Decimal>> {
    if table.has_column("fte") {
        row.money("fte", Some(Decimal::ZERO), problems).map(Some)
    } else {
        Some(None)
    }
}

/// The Services sheet: categories are free text, normalised like headers
/// (`Enforcement officers` → `enforcement_officers`).
fn read_services(table: &Table, problems: &mut Vec<Problem>) -> Option<Vec<ServiceLine>> {
    let before = problems.len();
    let mut lines = Vec::new();
    for row in table.rows() {
        let authority = row.text("authority", problems);
        let service = row.text("service", problems);
        let category = row.text("category", problems).and_then(|c| {
            let key = normalise(&c);
            if key.is_empty() {
                problems.push(row.problem_in(
                    "category",
                    format!(
                        "category must name a cost category (management, income, …), found \"{c}\""
                    ),
                ));
                None
            } else {
                Some(key)
            }
        });
        let amount = row.money("amount", None, problems);
        let fte = fte(table, &row, problems);
        if let (Some(authority), Some(service), Some(category), Some(amount), Some(fte)) =
            (authority, service, category, amount, fte)
        {
            lines.push(ServiceLine {
                authority,
                service,
                category,
                amount,
                fte,
                row: row.row + 1,
            });
        }
    }
    (problems.len() == before).then_some(lines)
}

fn read_placements(table: &Table, problems: &mut Vec<Problem>) -> Option<Vec<Placement>> {
    let before = problems.len();
    let mut rows = Vec::new();
    let mut ids = Ids::new(table.row_count());
    let (mut seen, allowed) = (Seen::new(), ProviderType::list());
    for row in table.rows() {
        let id = row.text("placement_id", problems);
        let need = row.text("need", problems);
        let ncy = row.integer("ncy", -1, 14, problems);
        let provider_type = row.category(
            "provider_type",
            &mut seen,
            ProviderType::parse,
            &allowed,
            problems,
        );
        let annual_fee = row.money("annual_fee", None, problems);
        let annual_transport = row.money("annual_transport", Some(Decimal::ZERO), problems);
        if let Some(id) = &id {
            ids.check(id, "placement_id", &row, problems);
        }
        if let (Some(id), Some(need), Some(ncy), Some(provider_type), Some(fee), Some(transport)) =
            (id, need, ncy, provider_type, annual_fee, annual_transport)
        {
            rows.push(Placement {
                id,
                need,
                ncy: ncy as i32,
                provider_type,
                annual_fee: fee,
                annual_transport: transport,
                row: row.row + 1,
            });
        }
    }
    (problems.len() == before).then_some(rows)
}

/// The Transactions sheet: one row per service and channel, the pair
/// at most once (compared as the text keys and channel names).
fn read_transactions(table: &Table, problems: &mut Vec<Problem>) -> Option<Vec<Transaction>> {
    let before = problems.len();
    let mut rows = Vec::new();
    let mut pairs = Ids::new(table.row_count());
    let (mut seen, allowed) = (Seen::new(), Channel::list());
    for row in table.rows() {
        let service = row.text("service", problems);
        let channel = row.category("channel", &mut seen, Channel::parse, &allowed, problems);
        let annual_volume = row.money("annual_volume", None, problems);
        let unit_cost = if table.has_column("unit_cost") {
            let blank = row.money("unit_cost", Some(Decimal::MIN), problems);
            blank.map(|v| (v != Decimal::MIN).then_some(v))
        } else {
            Some(None)
        };
        if let (Some(service), Some(channel)) = (&service, channel) {
            let key = format!(
                "{} / {}",
                crate::baseline::text_key(service),
                channel.name()
            );
            pairs.check_pair(&key, service, channel.name(), &row, problems);
        }
        if let (Some(service), Some(channel), Some(annual_volume), Some(unit_cost)) =
            (service, channel, annual_volume, unit_cost)
        {
            rows.push(Transaction {
                service,
                channel,
                annual_volume,
                unit_cost,
                row: row.row + 1,
            });
        }
    }
    (problems.len() == before).then_some(rows)
}

/// The Actuals sheet: one row per workstream and financial year (a
/// reversal on a row of its own). `achieved` may be negative only where
/// `reversal` says yes, and a reversal takes money back, so it is
/// negative; the workstream names are checked against a programme later.
fn read_actuals(table: &Table, problems: &mut Vec<Problem>) -> Option<Vec<Actual>> {
    let before = problems.len();
    let mut rows = Vec::new();
    let mut seen = Seen::new();
    let allowed = Rag::list();
    for row in table.rows() {
        let workstream = row.text("workstream", problems);
        let financial_year = row.text("financial_year", problems).and_then(|t| {
            FinancialYear::parse(&t)
                .map_err(|e| {
                    problems.push(row.problem_in(
                        "financial_year",
                        format!("financial_year must be a financial year such as 2012/13 (typed as text), found \"{t}\": {e}"),
                    ))
                })
                .ok()
        });
        let reversal = row.flag("reversal", problems);
        let achieved = row.signed_money("achieved", None, problems);
        if let (Some(a), Some(r)) = (achieved, reversal) {
            if a < Decimal::ZERO && !r {
                problems.push(row.problem_in(
                    "achieved",
                    format!(
                        "achieved must be a number ≥ 0, found {a}; a saving reported earlier and \
                         taken back is a row of its own with a negative achieved and reversal = yes"
                    ),
                ));
            } else if a > Decimal::ZERO && r {
                problems.push(row.problem_in(
                    "achieved",
                    format!(
                        "this row is marked reversal = yes, so achieved must be negative (the \
                         amount taken back), found {a}"
                    ),
                ));
            }
        }
        let forecast = if table.has_column("forecast") {
            let blank = row.money("forecast", Some(Decimal::MIN), problems);
            blank.map(|v| (v != Decimal::MIN).then_some(v))
        } else {
            Some(None)
        };
        let rag = if table.has_column("rag") && !row.is_blank("rag") {
            row.category("rag", &mut seen, Rag::parse, &allowed, problems)
                .map(Some)
        } else {
            Some(None)
        };
        if let (
            Some(workstream),
            Some(financial_year),
            Some(achieved),
            Some(forecast),
            Some(rag),
            Some(reversal),
        ) = (
            workstream,
            financial_year,
            achieved,
            forecast,
            rag,
            reversal,
        ) {
            rows.push(Actual {
                workstream,
                financial_year,
                achieved,
                forecast,
                rag,
                reversal,
                sheet: table.sheet.clone(),
                workstream_cell: a1(row.row, row.column_index("workstream")),
                year_cell: a1(row.row, row.column_index("financial_year")),
            });
        }
    }
    (problems.len() == before).then_some(rows)
}

/// The Meta sheet: `key | value` pairs in its first two columns.
fn read_meta(
    file: &Path,
    sheet: &str,
    range: &Grid<'_>,
    problems: &mut Vec<Problem>,
) -> Option<Meta> {
    let at = |row: u32, col: u32, message: String| {
        Problem::new(
            Place::Cell {
                file: file.to_path_buf(),
                sheet: sheet.to_string(),
                cell: a1(row, col),
            },
            message,
        )
    };
    let mut authority = None;
    let mut price_base = None;
    let mut units = None;
    let before = problems.len();
    if let (Some((r0, c0)), Some((r1, _))) = (range.start(), range.end()) {
        let mut first = true;
        for r in range.rows_between(r0, r1) {
            let key_cell = range.get_value((r, c0)).unwrap_or(&Cell::Empty);
            let value_cell = range.get_value((r, c0 + 1)).unwrap_or(&Cell::Empty);
            let key = match key_cell {
                Cell::Text(s) => normalise(s),
                Cell::Empty => continue,
                other => normalise(&describe(other)),
            };
            if key.is_empty() {
                continue;
            }
            let value = match value_cell {
                Cell::Text(s) => Some(s.trim().to_string()),
                _ => None,
            };
            if first {
                first = false;
                let value_norm = value.as_deref().map(normalise);
                if key == "key" && value_norm.as_deref() == Some("value") {
                    continue;
                }
            }
            match key.as_str() {
                "authority" => match value.filter(|v| !v.is_empty()) {
                    Some(v) => authority = Some(v),
                    None => problems.push(at(
                        r,
                        c0 + 1,
                        format!(
                            "authority must be the council's name as text, found {}",
                            describe(value_cell)
                        ),
                    )),
                },
                "price_base" => match value.as_deref().map(FinancialYear::parse) {
                    Some(Ok(fy)) => price_base = Some(fy),
                    _ => problems.push(at(
                        r,
                        c0 + 1,
                        format!(
                            "price_base must be a financial-year label like \"2011/12\" (as text), found {}",
                            describe(value_cell)
                        ),
                    )),
                },
                "units" => match value.as_deref() {
                    Some(u) if u.eq_ignore_ascii_case("gbp") => units = Some(u.to_string()),
                    _ => problems.push(at(
                        r,
                        c0 + 1,
                        format!("units must be GBP, found {}", describe(value_cell)),
                    )),
                },
                _ => {}
            }
        }
    }
    let sheet_problem = |message: &str| {
        Problem::new(
            Place::Sheet {
                file: file.to_path_buf(),
                sheet: sheet.to_string(),
            },
            message.to_string(),
        )
    };
    if authority.is_none() && problems.len() == before {
        problems.push(sheet_problem(
            "has no authority row; add a row \"authority | <council name>\"",
        ));
    }
    if price_base.is_none() && problems.len() == before {
        problems.push(sheet_problem(
            "has no price_base row; add a row \"price_base | 2011/12\"",
        ));
    }
    match (authority, price_base) {
        (Some(authority), Some(price_base)) if problems.len() == before => Some(Meta {
            authority,
            price_base,
            units,
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn council_names_for_cost_columns_are_read() {
        let sites = layout(Sheet::Sites);
        let cases = [
            ("Repairs & maintenance (£)", Some("repairs_maintenance")),
            ("Repairs and maintenance (£)", Some("repairs_maintenance")),
            ("R&M", Some("repairs_maintenance")),
            ("NNDR (£)", Some("business_rates")),
            ("Rates", Some("business_rates")),
            ("Business rates (£)", Some("business_rates")),
            ("Water rates", Some("water")),
            ("Gas & electricity", Some("energy")),
            ("FM", Some("facilities_management")),
            ("Floor area (m²)", Some("floor_area_m2")),
            ("Site ID", Some("site_id")),
            // Two categories at once: never guessed.
            ("Utilities (£)", None),
            ("Premises", None),
        ];
        for (header, want) in cases {
            assert_eq!(sites.column(header), want, "{header}");
        }
        let placements = layout(Sheet::Placements);
        assert_eq!(placements.column("Primary need"), Some("need"));
        assert_eq!(placements.column("NC year"), Some("ncy"));
    }

    #[test]
    fn every_synonym_names_a_column_of_its_sheet() {
        for sheet in Sheet::ALL {
            let l = layout(sheet);
            for (other, column) in l.synonyms {
                assert!(l.names().contains(column), "{other} → {column}");
                assert_eq!(header_key(other), *other, "synonyms are written as keys");
                assert!(!l.names().contains(other), "{other} is a column already");
            }
        }
    }

    #[test]
    fn ids_years_and_areas_are_not_money() {
        for key in [
            "uprn",
            "year_built",
            "gross_internal_area",
            "postcode",
            "staff_fte",
        ] {
            assert!(looks_like_no_money(key), "{key}");
        }
        for key in ["grounds_maintenance", "utilities", "catering"] {
            assert!(!looks_like_no_money(key), "{key}");
        }
    }
}
