//! The four sheets, each turned from rows of cells into typed values.

use super::table::{a1, describe, normalise, Row, Table};
use crate::baseline::{
    Baseline, LibraryCategory, LibraryLine, Meta, Placement, ProviderType, Sheet, Site,
    SiteCategory,
};
use crate::calendar::FinancialYear;
use crate::error::{Place, Problem};
use crate::money::Decimal;
use calamine::{Data, Range};
use std::collections::HashMap;
use std::path::Path;

pub(super) fn read_sheet(
    sheet: Sheet,
    file: &Path,
    name: &str,
    range: &Range<Data>,
    baseline: &mut Baseline,
    problems: &mut Vec<Problem>,
) {
    if sheet == Sheet::Meta {
        baseline.meta = read_meta(file, name, range, problems);
        return;
    }
    let Some(table) = Table::locate(file, name, range, problems) else {
        problems.push(Problem::new(
            Place::Sheet {
                file: file.to_path_buf(),
                sheet: name.to_string(),
            },
            "is empty; expected a header row and data rows (or remove the sheet)",
        ));
        return;
    };
    let known: &[&str] = match sheet {
        Sheet::Sites => &SITE_COLUMNS,
        Sheet::Libraries => &["authority", "library", "category", "amount", "fte"],
        Sheet::Placements => &[
            "placement_id",
            "need",
            "ncy",
            "provider_type",
            "annual_fee",
            "annual_transport",
        ],
        Sheet::Meta => &[],
    };
    let unknown = table.unknown_columns(known);
    if !unknown.is_empty() {
        baseline.warnings.push((
            sheet,
            Problem::new(
                Place::Sheet {
                    file: file.to_path_buf(),
                    sheet: name.to_string(),
                },
                format!(
                    "columns ignored (not used by the engine): {}",
                    unknown.join(", ")
                ),
            ),
        ));
    }
    match sheet {
        Sheet::Sites => baseline.sites = read_sites(&table, problems),
        Sheet::Libraries => baseline.libraries = read_libraries(&table, problems),
        Sheet::Placements => baseline.placements = read_placements(&table, problems),
        Sheet::Meta => {}
    }
}

const SITE_COLUMNS: [&str; 13] = [
    "site_id",
    "site",
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

/// Remembers ids already seen and reports a later duplicate at its cell.
struct Ids {
    seen: HashMap<String, String>,
}

impl Ids {
    fn new() -> Ids {
        Ids {
            seen: HashMap::new(),
        }
    }

    /// `row` is the later row: the duplicate is named at its cell.
    fn check(&mut self, id: &str, column: &str, row: &Row, problems: &mut Vec<Problem>) {
        let address = row.address(column);
        if let Some(first) = self.seen.get(id) {
            problems.push(row.problem_in(
                column,
                format!("{column} \"{id}\" appears twice (first at {first}); ids must be unique"),
            ));
        } else {
            self.seen.insert(id.to_string(), address);
        }
    }
}

fn read_sites(table: &Table, problems: &mut Vec<Problem>) -> Option<Vec<Site>> {
    if !table.require(&["site_id", "site"], problems) {
        return None;
    }
    let mut sites = Vec::new();
    let mut ids = Ids::new();
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
    if !table.require(&["authority", "library", "category", "amount"], problems) {
        return None;
    }
    let before = problems.len();
    let mut lines = Vec::new();
    for row in table.rows() {
        let authority = row.text("authority", problems);
        let library = row.text("library", problems);
        let category = row.category(
            "category",
            LibraryCategory::parse,
            &LibraryCategory::list(),
            problems,
        );
        let amount = row.money("amount", None, problems);
        let fte = if table.has_column("fte") {
            row.money("fte", Some(Decimal::ZERO), problems).map(Some)
        } else {
            Some(None)
        };
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

fn read_placements(table: &Table, problems: &mut Vec<Problem>) -> Option<Vec<Placement>> {
    if !table.require(
        &["placement_id", "need", "ncy", "provider_type", "annual_fee"],
        problems,
    ) {
        return None;
    }
    let before = problems.len();
    let mut rows = Vec::new();
    let mut ids = Ids::new();
    for row in table.rows() {
        let id = row.text("placement_id", problems);
        let need = row.text("need", problems);
        let ncy = row.integer("ncy", -1, 14, problems);
        let provider_type = row.category(
            "provider_type",
            ProviderType::parse,
            &ProviderType::list(),
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

/// The Meta sheet: `key | value` pairs in its first two columns.
fn read_meta(
    file: &Path,
    sheet: &str,
    range: &Range<Data>,
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
        for r in r0..=r1 {
            let key_cell = range.get_value((r, c0)).unwrap_or(&Data::Empty);
            let value_cell = range.get_value((r, c0 + 1)).unwrap_or(&Data::Empty);
            let key = match key_cell {
                Data::String(s) => normalise(s),
                Data::Empty => continue,
                other => normalise(&describe(other)),
            };
            if key.is_empty() {
                continue;
            }
            let value = match value_cell {
                Data::String(s) => Some(s.trim().to_string()),
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
