//! The baseline: a council's running costs, library service and placements
//! as typed, checked tables (SPEC section 6).
//!
//! The workbook reader ([`crate::workbook`]) turns cells into these values
//! once; nothing downstream checks them again. Aggregation over a table is
//! done in polars, from the frames these rows feed ([`Baseline::sites_frame`]
//! and friends).

use crate::calendar::FinancialYear;
use crate::error::Warning;
use crate::money::{to_scaled_i128, Decimal, FRAME_SCALE};
use polars::prelude::*;
use std::path::PathBuf;

macro_rules! categories {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            /// Every value, in the spec's order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The normalised name used in workbooks, model files and
            /// output lines.
            pub fn name(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// The value of a normalised name.
            pub fn parse(normalised: &str) -> Option<$name> {
                match normalised { $($text => Some($name::$variant),)+ _ => None }
            }

            /// The names, in the spec's order.
            pub const NAMES: &'static [&'static str] = &[$($text),+];

            /// The names, comma-separated, for messages.
            pub fn list() -> String {
                [$($text),+].join(", ")
            }
        }
    };
}

categories! {
    /// A site running-cost category (a column of the Sites sheet).
    SiteCategory {
        BusinessRates = "business_rates",
        Energy = "energy",
        Water = "water",
        Cleaning = "cleaning",
        Security = "security",
        RepairsMaintenance = "repairs_maintenance",
        Insurance = "insurance",
        FacilitiesManagement = "facilities_management",
        Other = "other",
    }
}

categories! {
    /// A library service cost category. `income` is money received.
    LibraryCategory {
        Management = "management",
        FrontlineStaff = "frontline_staff",
        Premises = "premises",
        BusinessRates = "business_rates",
        Stock = "stock",
        Ict = "ict",
        SupportServices = "support_services",
        Income = "income",
    }
}

categories! {
    /// The kind of school or setting a child is placed in.
    ProviderType {
        Independent = "independent",
        NonMaintained = "non_maintained",
        MaintainedSpecial = "maintained_special",
        ResourcedProvision = "resourced_provision",
        Mainstream = "mainstream",
        Other = "other",
    }
}

categories! {
    /// A channel a transaction is done through (the Transactions sheet).
    Channel {
        FaceToFace = "face_to_face",
        Telephone = "telephone",
        Post = "post",
        Email = "email",
        Online = "online",
        Automated = "automated",
        Other = "other",
    }
}

/// The Meta sheet.
#[derive(Clone, Debug, PartialEq)]
pub struct Meta {
    pub authority: String,
    pub price_base: FinancialYear,
    pub units: Option<String>,
}

/// A council building and its annual running costs at price-base prices.
#[derive(Clone, Debug, PartialEq)]
pub struct Site {
    pub id: String,
    pub name: String,
    pub listed: bool,
    pub floor_area_m2: Option<Decimal>,
    /// Annual cost per category, in the order of [`SiteCategory::ALL`].
    pub costs: [Decimal; 9],
    /// The sheet row (1-based) it was read from, for audit.
    pub row: u32,
}

impl Site {
    pub fn cost(&self, c: SiteCategory) -> Decimal {
        self.costs[c as usize]
    }
}

/// One row of the Libraries sheet.
#[derive(Clone, Debug, PartialEq)]
pub struct LibraryLine {
    pub authority: String,
    pub library: String,
    pub category: LibraryCategory,
    /// Positive for every category; `income` reduces the net cost.
    pub amount: Decimal,
    pub fte: Option<Decimal>,
    pub row: u32,
}

/// One row of the Services sheet: a cost of one service of one authority,
/// by free-text category (normalised like a header).
#[derive(Clone, Debug, PartialEq)]
pub struct ServiceLine {
    pub authority: String,
    pub service: String,
    /// Normalised like a header (`Enforcement officers` →
    /// `enforcement_officers`); `income` is money received.
    pub category: String,
    /// Positive for every category; `income` reduces the net cost.
    pub amount: Decimal,
    pub fte: Option<Decimal>,
    pub row: u32,
}

/// A child's placement in a school or setting, at price-base prices.
#[derive(Clone, Debug, PartialEq)]
pub struct Placement {
    pub id: String,
    pub need: String,
    /// National curriculum year, −1 … 14.
    pub ncy: i32,
    pub provider_type: ProviderType,
    pub annual_fee: Decimal,
    pub annual_transport: Decimal,
    pub row: u32,
}

/// One row of the Transactions sheet: a service's yearly transactions
/// through one channel.
#[derive(Clone, Debug, PartialEq)]
pub struct Transaction {
    pub service: String,
    pub channel: Channel,
    /// Transactions a year (≥ 0).
    pub annual_volume: Decimal,
    /// £ per transaction at the price base, when the sheet gives one.
    pub unit_cost: Option<Decimal>,
    pub row: u32,
}

categories! {
    /// A saving's delivery rating as its owner reports it (the Actuals
    /// sheet's `rag` column): red, amber or green.
    Rag {
        Red = "red",
        Amber = "amber",
        Green = "green",
    }
}

/// One row of the Actuals sheet: the cashable saving a programme's
/// workstream achieved in a financial year, with the owner's forecast
/// and rating. The cells are kept by address, so that the programme,
/// which knows the workstreams and the date of the report, can name them.
#[derive(Clone, Debug, PartialEq)]
pub struct Actual {
    pub workstream: String,
    pub financial_year: FinancialYear,
    /// Cashable achieved, £; negative only on a reversal row.
    pub achieved: Decimal,
    /// The owner's forecast of the year's cashable, when given.
    pub forecast: Option<Decimal>,
    pub rag: Option<Rag>,
    /// A saving reported earlier and taken back (`reversal = yes`).
    pub reversal: bool,
    /// The sheet's name as the workbook spells it.
    pub sheet: String,
    /// A1 addresses of the row's `workstream` and `financial_year` cells.
    pub workstream_cell: String,
    pub year_cell: String,
}

/// The sheets a workbook has, read and checked in full. A sheet the
/// workbook lacks is `None`: an error only for a model that needs it.
#[derive(Clone, Debug)]
pub struct Baseline {
    /// The workbook's path as the user gave it.
    pub file: PathBuf,
    pub sha256: String,
    pub meta: Option<Meta>,
    pub sites: Option<Vec<Site>>,
    pub libraries: Option<Vec<LibraryLine>>,
    pub placements: Option<Vec<Placement>>,
    pub services: Option<Vec<ServiceLine>>,
    pub transactions: Option<Vec<Transaction>>,
    /// The Actuals sheet, for `savings programme`; no model reads it.
    pub actuals: Option<Vec<Actual>>,
    /// Sheet name → warnings about it (unknown columns, …).
    pub warnings: Vec<(Sheet, Warning)>,
    /// Every sheet the workbook has, as it spells them.
    pub sheet_names: Vec<String>,
}

/// The sheets the engine knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Sheet {
    Meta,
    Sites,
    Libraries,
    Placements,
    Services,
    Transactions,
    Actuals,
}

impl Sheet {
    pub const ALL: [Sheet; 7] = [
        Sheet::Meta,
        Sheet::Sites,
        Sheet::Libraries,
        Sheet::Placements,
        Sheet::Services,
        Sheet::Transactions,
        Sheet::Actuals,
    ];

    /// The normalised sheet name.
    pub fn name(self) -> &'static str {
        match self {
            Sheet::Meta => "meta",
            Sheet::Sites => "sites",
            Sheet::Libraries => "libraries",
            Sheet::Placements => "placements",
            Sheet::Services => "services",
            Sheet::Transactions => "transactions",
            Sheet::Actuals => "actuals",
        }
    }

    /// The name as a user would write it.
    pub fn title(self) -> &'static str {
        match self {
            Sheet::Meta => "Meta",
            Sheet::Sites => "Sites",
            Sheet::Libraries => "Libraries",
            Sheet::Placements => "Placements",
            Sheet::Services => "Services",
            Sheet::Transactions => "Transactions",
            Sheet::Actuals => "Actuals",
        }
    }
}

/// A text column for polars from one field of each row.
pub fn text_column<'a, T>(name: &str, rows: &'a [T], field: impl Fn(&'a T) -> &'a str) -> Column {
    Column::new(name.into(), rows.iter().map(field).collect::<Vec<&str>>())
}

/// A money column for polars: an `i128` mantissa at [`FRAME_SCALE`].
pub fn money_column(name: &str, values: &[Decimal]) -> PolarsResult<Column> {
    let mantissas: Vec<i128> = values
        .iter()
        .map(|d| {
            to_scaled_i128(*d)
                .ok_or_else(|| polars_err!(ComputeError: "amount {d} is too large for a table"))
        })
        .collect::<PolarsResult<_>>()?;
    Ok(Int128Chunked::from_vec(name.into(), mantissas)
        .into_decimal(38, FRAME_SCALE as usize)?
        .into_series()
        .into())
}

/// Reads a money cell of a polars frame back into an exact `Decimal`.
pub fn money_value(v: AnyValue) -> Option<Decimal> {
    match v {
        AnyValue::Decimal(m, _precision, scale) => {
            Some(crate::money::from_scaled_i128(m, scale as u32))
        }
        AnyValue::Null => Some(Decimal::ZERO),
        _ => None,
    }
}

impl Baseline {
    /// The baseline with every amount of each category scaled (`--set
    /// baseline.energy=1.1`): a site or library cost category, a Services
    /// category, `annual_fee` or `annual_transport`. A name that is none
    /// of them is an error listing those there are.
    pub fn scaled(
        &self,
        scales: &[crate::model::params::BaselineScale],
    ) -> Result<Baseline, String> {
        let mut b = self.clone();
        for s in scales {
            let f = s.factor;
            let mut known = false;
            if let Some(c) = SiteCategory::parse(&s.category) {
                known = true;
                for site in b.sites.iter_mut().flatten() {
                    site.costs[c as usize] *= f;
                }
            }
            if let Some(c) = LibraryCategory::parse(&s.category) {
                known = true;
                for line in b.libraries.iter_mut().flatten().filter(|l| l.category == c) {
                    line.amount *= f;
                }
            }
            for line in b
                .services
                .iter_mut()
                .flatten()
                .filter(|l| l.category == s.category)
            {
                known = true;
                line.amount *= f;
            }
            match s.category.as_str() {
                "annual_fee" => {
                    known = true;
                    for p in b.placements.iter_mut().flatten() {
                        p.annual_fee *= f;
                    }
                }
                "annual_transport" => {
                    known = true;
                    for p in b.placements.iter_mut().flatten() {
                        p.annual_transport *= f;
                    }
                }
                _ => {}
            }
            if !known {
                let mut names: Vec<String> = SiteCategory::ALL
                    .iter()
                    .map(|c| c.name().to_string())
                    .chain(LibraryCategory::ALL.iter().map(|c| c.name().to_string()))
                    .chain(["annual_fee".to_string(), "annual_transport".to_string()])
                    .chain(self.services.iter().flatten().map(|l| l.category.clone()))
                    .collect();
                names.sort();
                names.dedup();
                return Err(format!(
                    "--set {}: \"{}\" is not a baseline category; expected one of: {}",
                    s.arg,
                    s.category,
                    names.join(", ")
                ));
            }
        }
        Ok(b)
    }

    /// Whether the workbook has `sheet`.
    pub fn has(&self, sheet: Sheet) -> bool {
        match sheet {
            Sheet::Meta => self.meta.is_some(),
            Sheet::Sites => self.sites.is_some(),
            Sheet::Libraries => self.libraries.is_some(),
            Sheet::Placements => self.placements.is_some(),
            Sheet::Services => self.services.is_some(),
            Sheet::Transactions => self.transactions.is_some(),
            Sheet::Actuals => self.actuals.is_some(),
        }
    }

    /// The Sites sheet as a frame: `site_id`, `site`, `listed`, then one
    /// money column per category.
    pub fn sites_frame(sites: &[Site]) -> PolarsResult<DataFrame> {
        let mut cols = vec![
            text_column("site_id", sites, |s| s.id.as_str()),
            text_column("site", sites, |s| s.name.as_str()),
            Column::new(
                "listed".into(),
                sites.iter().map(|s| s.listed).collect::<Vec<_>>(),
            ),
        ];
        for c in SiteCategory::ALL {
            let v: Vec<Decimal> = sites.iter().map(|s| s.cost(*c)).collect();
            cols.push(money_column(c.name(), &v)?);
        }
        DataFrame::new_infer_height(cols)
    }

    /// The Libraries sheet as a frame: `authority`, `library`, `category`,
    /// `amount`.
    pub fn libraries_frame(lines: &[LibraryLine]) -> PolarsResult<DataFrame> {
        let amounts: Vec<Decimal> = lines.iter().map(|l| l.amount).collect();
        DataFrame::new_infer_height(vec![
            text_column("authority", lines, |l| l.authority.as_str()),
            text_column("library", lines, |l| l.library.as_str()),
            text_column("category", lines, |l| l.category.name()),
            money_column("amount", &amounts)?,
        ])
    }

    /// The Services sheet as a frame: `authority`, `service`, `category`,
    /// `amount`.
    pub fn services_frame(lines: &[ServiceLine]) -> PolarsResult<DataFrame> {
        let amounts: Vec<Decimal> = lines.iter().map(|l| l.amount).collect();
        DataFrame::new_infer_height(vec![
            text_column("authority", lines, |l| l.authority.as_str()),
            text_column("service", lines, |l| l.service.as_str()),
            text_column("category", lines, |l| l.category.as_str()),
            money_column("amount", &amounts)?,
        ])
    }

    /// The Placements sheet as a frame for summing: `need`, `ncy`,
    /// `provider_type`, `annual_fee`, `annual_transport` (no sum needs the
    /// `placement_id`, and a hundred thousand of them take a while to copy
    /// in).
    pub fn placements_frame(rows: &[Placement]) -> PolarsResult<DataFrame> {
        let fees: Vec<Decimal> = rows.iter().map(|p| p.annual_fee).collect();
        let transport: Vec<Decimal> = rows.iter().map(|p| p.annual_transport).collect();
        DataFrame::new_infer_height(vec![
            text_column("need", rows, |p| p.need.as_str()),
            Column::new("ncy".into(), rows.iter().map(|p| p.ncy).collect::<Vec<_>>()),
            text_column("provider_type", rows, |p| p.provider_type.name()),
            money_column("annual_fee", &fees)?,
            money_column("annual_transport", &transport)?,
        ])
    }

    /// A few lines that describe what the workbook holds, for `validate`:
    /// the totals are aggregated in polars.
    pub fn describe(&self) -> PolarsResult<Vec<String>> {
        let mut out = Vec::new();
        if let Some(meta) = &self.meta {
            out.push(format!(
                "Meta: {} at {} prices",
                meta.authority, meta.price_base
            ));
        }
        if let Some(sites) = &self.sites {
            let df = Baseline::sites_frame(sites)?;
            let total = df
                .lazy()
                .select([SiteCategory::ALL
                    .iter()
                    .map(|c| col(c.name()).sum())
                    .reduce(|a, b| a + b)
                    .unwrap_or(lit(0))
                    .alias("total")])
                .collect()?;
            let t = money_value(total.column("total")?.get(0)?).unwrap_or_default();
            out.push(format!(
                "Sites: {} sites, running costs {} a year",
                sites.len(),
                crate::money::pounds(t)
            ));
        }
        if let Some(lines) = &self.libraries {
            let df = Baseline::libraries_frame(lines)?
                .lazy()
                .with_column(
                    when(col("category").eq(lit("income")))
                        .then(lit(0) - col("amount"))
                        .otherwise(col("amount"))
                        .alias("net"),
                )
                .group_by([col("authority")])
                .agg([col("net").sum(), col("library").n_unique()])
                .sort(["authority"], Default::default())
                .collect()?;
            for i in 0..df.height() {
                let a = df.column("authority")?.get(i)?;
                let net = money_value(df.column("net")?.get(i)?).unwrap_or_default();
                let n = df.column("library")?.get(i)?;
                out.push(format!(
                    "Libraries: {} — {} rows of {} libraries, net cost {} a year",
                    a.get_str().unwrap_or("?"),
                    lines
                        .iter()
                        .filter(|l| Some(l.authority.as_str()) == a.get_str())
                        .count(),
                    n,
                    crate::money::pounds(net)
                ));
            }
        }
        if let Some(lines) = &self.services {
            out.extend(describe_services(lines)?);
        }
        if let Some(rows) = &self.placements {
            let df = Baseline::placements_frame(rows)?
                .lazy()
                .select([(col("annual_fee") + col("annual_transport"))
                    .sum()
                    .alias("total")])
                .collect()?;
            let t = money_value(df.column("total")?.get(0)?).unwrap_or_default();
            out.push(format!(
                "Placements: {} placements, {} a year in fees and transport",
                rows.len(),
                crate::money::pounds(t)
            ));
        }
        if let Some(rows) = &self.transactions {
            let mut services: Vec<&str> = Vec::new();
            for r in rows {
                if !services.iter().any(|s| text_key(s) == text_key(&r.service)) {
                    services.push(r.service.trim());
                }
            }
            out.push(format!(
                "Transactions: {} rows for {} services ({})",
                rows.len(),
                services.len(),
                services.join(", ")
            ));
        }
        if let Some(rows) = &self.actuals {
            out.push(format!(
                "Actuals: {} rows of savings achieved (read by savings programme)",
                rows.len()
            ));
        }
        Ok(out)
    }
}

/// One line per service of the Services sheet, for `validate`: its
/// authorities and net cost (income taken off), summed in polars.
fn describe_services(lines: &[ServiceLine]) -> PolarsResult<Vec<String>> {
    let mut out = Vec::new();
    for service in service_names(lines) {
        let rows: Vec<ServiceLine> = lines
            .iter()
            .filter(|l| text_key(&l.service) == text_key(&service))
            .cloned()
            .collect();
        let df = Baseline::services_frame(&rows)?
            .lazy()
            .select([when(col("category").eq(lit("income")))
                .then(lit(0) - col("amount"))
                .otherwise(col("amount"))
                .sum()
                .alias("net")])
            .collect()?;
        let net = money_value(df.column("net")?.get(0)?).unwrap_or_default();
        let costs = CategoryCosts::of_service(&rows, &service)?;
        // A service whose income exceeds its costs (parking) shows a
        // surplus rather than a negative cost.
        let net = if net < Decimal::ZERO {
            format!("net income {} a year", crate::money::pounds(-net))
        } else {
            format!("net cost {} a year", crate::money::pounds(net))
        };
        out.push(format!(
            "Services: {service} — {} rows for {}, {net}",
            rows.len(),
            costs.authorities().join(", "),
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn the_placements_frame_holds_what_is_summed_and_not_the_ids() {
        let row = Placement {
            id: "P1".into(),
            need: "ASD".into(),
            ncy: 7,
            provider_type: ProviderType::ALL[0],
            annual_fee: Decimal::from(100),
            annual_transport: Decimal::from(10),
            row: 2,
        };
        let df = Baseline::placements_frame(&[row]).unwrap();
        let names: Vec<&str> = df.get_column_names().iter().map(|n| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "need",
                "ncy",
                "provider_type",
                "annual_fee",
                "annual_transport"
            ]
        );
    }

    #[test]
    fn category_names_round_trip() {
        for c in SiteCategory::ALL {
            assert_eq!(SiteCategory::parse(c.name()), Some(*c));
        }
        assert_eq!(SiteCategory::ALL.len(), 9);
        assert_eq!(LibraryCategory::ALL.len(), 8);
        assert_eq!(
            ProviderType::parse("non_maintained"),
            Some(ProviderType::NonMaintained)
        );
        assert_eq!(ProviderType::parse("academy"), None);
    }

    #[test]
    fn a_services_costs_sum_its_rows_matched_ignoring_case() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        let line = |a: &str, s: &str, c: &str, amount: &str| ServiceLine {
            authority: a.into(),
            service: s.into(),
            category: c.into(),
            amount: d(amount),
            fte: None,
            row: 2,
        };
        let lines = [
            line("Bromley", "Parking", "management", "100.10"),
            line("Croydon", "Parks", "management", "999"),
            line("bromley ", "parking", "management", "0.20"),
            line("Bexley", " PARKING", "back_office", "50"),
        ];
        let c = CategoryCosts::of_service(&lines, "Parking").unwrap();
        assert_eq!(c.service.as_deref(), Some("Parking"));
        assert_eq!(c.categories, ["management", "back_office"]);
        assert_eq!(c.cost("BROMLEY", "management"), d("100.30"));
        assert_eq!(c.cost("Bexley", "management"), Decimal::ZERO);
        assert_eq!(c.authorities(), ["Bexley", "Bromley"]);
        assert!(c.get("Croydon").is_none());
        let none = CategoryCosts::of_service(&lines, "Property Services").unwrap();
        assert!(none.authorities().is_empty());
        assert_eq!(service_names(&lines), ["Parking", "Parks"]);
    }

    #[test]
    fn validate_describes_each_service_with_its_net_cost_or_income() {
        let line = |a: &str, s: &str, c: &str, amount: i64| ServiceLine {
            authority: a.into(),
            service: s.into(),
            category: c.into(),
            amount: Decimal::from(amount),
            fte: None,
            row: 2,
        };
        let lines = [
            line("Bromley", "Parking", "management", 100),
            line("Bromley", "Parking", "income", 400),
            line("Bexley", "Regulatory Services", "management", 300),
            line("Bexley", "Regulatory Services", "income", 50),
        ];
        assert_eq!(
            describe_services(&lines).unwrap(),
            [
                "Services: Parking — 2 rows for Bromley, net income £300 a year",
                "Services: Regulatory Services — 2 rows for Bexley, net cost £250 a year",
            ]
        );
    }

    #[test]
    fn money_columns_sum_exactly_in_polars() {
        // 10,000 × 0.10 in f64 would not come to 1000 exactly.
        let v = vec![Decimal::from_str("0.10").unwrap(); 10_000];
        let df = DataFrame::new_infer_height(vec![money_column("a", &v).unwrap()])
            .unwrap()
            .lazy()
            .select([col("a").sum()])
            .collect()
            .unwrap();
        let total = money_value(df.column("a").unwrap().get(0).unwrap()).unwrap();
        assert_eq!(total, Decimal::from(1000));
    }
}

/// How authority names (and other text keys) are compared: trimmed,
/// ignoring case (SPEC section 6).
pub fn text_key(s: &str) -> String {
    s.trim().to_lowercase()
}

/// The library service's price-base annual cost per authority and
/// category, summed in polars from the Libraries sheet.
#[derive(Clone, Debug, PartialEq)]
pub struct LibraryCosts {
    /// Authority key → (the name as the sheet first spells it, cost per
    /// category in [`LibraryCategory::ALL`] order).
    by_authority: std::collections::BTreeMap<String, (String, [Decimal; 8])>,
}

/// Sums a frame's `amount` by authority (its key: trimmed, any case, one
/// per row in `keys`) and `category`, in polars: (authority key, category,
/// the authority as one of its rows writes it, sum).
fn sum_by_authority_and_category(
    mut frame: DataFrame,
    keys: Vec<String>,
) -> PolarsResult<Vec<(String, String, String, Decimal)>> {
    frame.with_column(Column::new("authority_key".into(), keys))?;
    let sums = frame
        .lazy()
        .group_by([col("authority_key"), col("category")])
        .agg([col("amount").sum(), col("authority").first()])
        .collect()?;
    let key = sums.column("authority_key")?.str()?;
    let category = sums.column("category")?.str()?;
    let name = sums.column("authority")?.str()?;
    let amount = sums.column("amount")?;
    let mut out = Vec::with_capacity(sums.height());
    for i in 0..sums.height() {
        let (Some(k), Some(c), Some(n)) = (key.get(i), category.get(i), name.get(i)) else {
            continue;
        };
        let v = money_value(amount.get(i)?).unwrap_or_default();
        out.push((k.to_string(), c.to_string(), n.to_string(), v));
    }
    Ok(out)
}

/// Of the authorities on a sheet, those nearest to a name that matched
/// none (for "did you mean …?").
fn nearest_authorities<'a>(authorities: Vec<&'a str>, wanted: &str) -> Vec<&'a str> {
    let names: Vec<(&str, &str)> = authorities.into_iter().map(|n| (n, n)).collect();
    crate::suggest::nearest(wanted, &names, 3)
}

impl LibraryCosts {
    pub fn from_lines(lines: &[LibraryLine]) -> PolarsResult<LibraryCosts> {
        let frame = Baseline::libraries_frame(lines)?;
        let keys = lines.iter().map(|l| text_key(&l.authority)).collect();
        let mut by_authority = std::collections::BTreeMap::new();
        for (k, c, n, v) in sum_by_authority_and_category(frame, keys)? {
            let Some(c) = LibraryCategory::parse(&c) else {
                continue;
            };
            let entry = by_authority
                .entry(k)
                .or_insert_with(|| (n, [Decimal::ZERO; 8]));
            entry.1[c as usize] = v;
        }
        Ok(LibraryCosts { by_authority })
    }

    /// The costs of an authority, matched ignoring case and spaces.
    pub fn get(&self, authority: &str) -> Option<&[Decimal; 8]> {
        self.by_authority.get(&text_key(authority)).map(|(_, c)| c)
    }

    /// The authorities on the sheet, as written.
    pub fn authorities(&self) -> Vec<&str> {
        self.by_authority
            .values()
            .map(|(n, _)| n.as_str())
            .collect()
    }

    /// The authorities whose names are nearest to one that matched none.
    pub fn nearest(&self, wanted: &str) -> Vec<&str> {
        nearest_authorities(self.authorities(), wanted)
    }
}

/// Price-base annual costs per authority and category, for a kind that
/// reads a sheet of `authority | category | amount` rows: the Libraries
/// sheet (its fixed categories) or one service of the Services sheet (its
/// free-text categories). Category names are normalised keys.
#[derive(Clone, Debug, PartialEq)]
pub struct CategoryCosts {
    /// The service, as the Services sheet first spells it; `None` for the
    /// Libraries sheet (or a service with no rows).
    pub service: Option<String>,
    /// The categories, in the sheet's order: [`LibraryCategory::ALL`] for
    /// the Libraries sheet, order of first appearance for a service.
    pub categories: Vec<String>,
    /// Authority key → (the name as the sheet first spells it, category →
    /// cost).
    by_authority:
        std::collections::BTreeMap<String, (String, std::collections::BTreeMap<String, Decimal>)>,
}

impl CategoryCosts {
    /// The Libraries sheet's costs, keyed by category name.
    pub fn of_libraries(costs: &LibraryCosts) -> CategoryCosts {
        let mut by_authority = std::collections::BTreeMap::new();
        for name in costs.authorities() {
            if let Some(c) = costs.get(name) {
                let map = LibraryCategory::ALL
                    .iter()
                    .map(|k| (k.name().to_string(), c[*k as usize]))
                    .collect();
                by_authority.insert(text_key(name), (name.to_string(), map));
            }
        }
        CategoryCosts {
            service: None,
            categories: LibraryCategory::ALL
                .iter()
                .map(|c| c.name().to_string())
                .collect(),
            by_authority,
        }
    }

    /// The costs of one service of the Services sheet (matched ignoring
    /// case and surrounding spaces), summed in polars. No rows: no
    /// authorities and no categories.
    pub fn of_service(lines: &[ServiceLine], service: &str) -> PolarsResult<CategoryCosts> {
        let wanted = text_key(service);
        let rows: Vec<ServiceLine> = lines
            .iter()
            .filter(|l| text_key(&l.service) == wanted)
            .cloned()
            .collect();
        let mut categories: Vec<String> = Vec::new();
        for l in &rows {
            if !categories.contains(&l.category) {
                categories.push(l.category.clone());
            }
        }
        let frame = Baseline::services_frame(&rows)?;
        let keys = rows.iter().map(|l| text_key(&l.authority)).collect();
        let mut by_authority = std::collections::BTreeMap::new();
        for (k, c, n, v) in sum_by_authority_and_category(frame, keys)? {
            let entry = by_authority
                .entry(k)
                .or_insert_with(|| (n, std::collections::BTreeMap::new()));
            entry.1.insert(c, v);
        }
        // An authority is shown by its first spelling on the sheet,
        // whatever order polars grouped in.
        for l in rows.iter().rev() {
            if let Some(e) = by_authority.get_mut(&text_key(&l.authority)) {
                e.0 = l.authority.trim().to_string();
            }
        }
        Ok(CategoryCosts {
            service: rows.first().map(|l| l.service.trim().to_string()),
            categories,
            by_authority,
        })
    }

    /// An authority's cost per category, matched ignoring case and spaces.
    pub fn get(&self, authority: &str) -> Option<&std::collections::BTreeMap<String, Decimal>> {
        self.by_authority.get(&text_key(authority)).map(|(_, c)| c)
    }

    /// An authority's cost of one category (0 when it has none).
    pub fn cost(&self, authority: &str, category: &str) -> Decimal {
        self.get(authority)
            .and_then(|c| c.get(category))
            .copied()
            .unwrap_or_default()
    }

    /// The authorities, as written.
    pub fn authorities(&self) -> Vec<&str> {
        self.by_authority
            .values()
            .map(|(n, _)| n.as_str())
            .collect()
    }

    /// The authorities whose names are nearest to one that matched none.
    pub fn nearest(&self, wanted: &str) -> Vec<&str> {
        nearest_authorities(self.authorities(), wanted)
    }
}

/// The services of the Services sheet, each as first spelt, in the
/// sheet's order (compared ignoring case and surrounding spaces).
pub fn service_names(lines: &[ServiceLine]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for l in lines {
        if !out.iter().any(|s| text_key(s) == text_key(&l.service)) {
            out.push(l.service.trim().to_string());
        }
    }
    out
}
