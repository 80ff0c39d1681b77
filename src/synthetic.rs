//! Synthetic baseline workbooks: regenerable fixtures and large estates.
//!
//! Why this module exists: the tests, examples and benches need baseline
//! workbooks (SPEC section 6) that can be rebuilt from source rather than
//! carried as opaque binary files, and the benches need baselines far larger
//! than any real council's. Two writers live here:
//!
//! - [`write_bromley_2012`] writes the checked-in fixture
//!   `fixtures/bromley_2012.xlsx` (see `examples/make_fixtures.rs`): an
//!   invented baseline for the London Borough of Bromley at 2011/12 prices,
//!   shaped on the 2012 Organisational Improvement Programme paper (the civic
//!   centre sites, the Library Shared Service with Bexley, autism-specific
//!   secondary provision). It also exercises the reader on purpose: the
//!   `Libraries` table starts at B2, category and provider-type values are in
//!   mixed human case, a few cost cells are text like `"£71,733.98"`, and some
//!   transport cells are blank.
//!   Its `Services` sheet holds invented costs of Regulatory Services and
//!   Parking for Bromley, Bexley and Croydon, two of the services their
//!   shared-services board looked at.
//! - [`write_large_estate`] writes a seeded, pan-London-scale workbook with
//!   the same sheets and headers, for benches and scale tests.
//!
//! **Every figure is invented.** These are regression fixtures, not the
//! council's accounts. Both writers are deterministic: the same arguments give
//! a byte-identical file (the document creation date is fixed, and the only
//! randomness is an inline splitmix64 generator with the caller's seed).
//! Money is written as `f64` with at most two decimal places, which reads
//! back exactly to the penny.

use std::path::Path;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

/// `Sites` headers, in column order (A…M).
#[rustfmt::skip]
const SITE_HEADERS: [&str; 13] = [
    "Site ID", "Site", "Listed", "Floor area m2",
    "Business rates (£)", "Energy (£)", "Water (£)", "Cleaning (£)",
    "Security (£)", "Repairs-maintenance (£)", "Insurance (£)", "Facilities management (£)",
    "Other (£)",
];

/// `Libraries` headers, in column order.
const LIBRARY_HEADERS: [&str; 5] = ["Authority", "Library", "Category", "Amount (£)", "FTE"];

/// `Placements` headers, in column order (A…F).
#[rustfmt::skip]
const PLACEMENT_HEADERS: [&str; 6] = [
    "Placement ID", "Need", "NCY",
    "Provider type", "Annual fee (£)", "Annual transport (£)",
];

/// A site row: id, name, listed, floor area (m2), and the nine annual costs
/// in `SITE_HEADERS` order (business rates … other), 2011/12 prices.
type SiteRow = (&'static str, &'static str, bool, f64, [f64; 9]);

#[rustfmt::skip]
const BROMLEY_SITES: &[SiteRow] = &[
    ("OTH", "Old Town Hall", true, 2850.0, [110_036.01, 75_832.0, 9_620.0, 36_966.26, 33_267.0, 140_870.0, 17_064.48, 27_316.0, 8_520.0]),
    ("EXH", "Exchequer House", false, 2200.0, [110_464.0, 53_300.0, 7_774.11, 29_275.0, 18_210.0, 68_257.19, 9_439.0, 22_360.0, 6_290.03]),
    ("JLH", "Joseph Lancaster Hall", false, 1650.0, [61_050.0, 36_213.97, 5_438.0, 23_830.0, 14_237.35, 55_945.0, 6_150.0, 12_163.24, 4_807.0]),
    ("ASH", "Ann Springman Hall", false, 1520.0, [56_105.85, 34_392.0, 4_860.0, 22_507.24, 11_591.0, 54_420.0, 5_831.45, 12_194.0, 4_370.0]),
    ("NB", "North Block", false, 6400.0, [283_870.0, 128_910.0, 20_935.15, 87_701.0, 62_310.0, 203_545.46, 26_587.0, 71_530.0, 21_127.74]),
    ("SB", "St Blaise", false, 5200.0, [244_540.0, 119_869.83, 15_645.0, 66_730.0, 46_181.01, 142_887.0, 21_680.0, 45_810.33, 13_956.0]),
    ("SKB", "Stockwell Building", false, 3900.0, [176_402.81, 82_363.0, 13_360.0, 49_957.50, 35_373.0, 124_580.0, 16_666.70, 40_189.0, 10_630.0]),
    ("OP", "Old Palace", true, 2400.0, [102_660.0, 71_750.0, 8_828.91, 31_985.0, 28_410.0, 116_849.73, 11_598.0, 25_560.0, 7_641.64]),
    ("CDB", "Central Depot, Baths Road", false, 3600.0, [91_340.0, 71_733.98, 17_205.0, 23_530.0, 52_861.22, 107_800.0, 17_490.0, 19_132.19, 17_784.0]),
    ("WRD", "Waldo Road Depot", false, 2100.0, [60_588.55, 43_918.0, 9_630.0, 12_907.90, 31_096.0, 62_370.0, 10_656.73, 13_177.0, 8_600.0]),
    ("ATH", "Anerley Town Hall", false, 1900.0, [78_287.0, 41_460.0, 5_981.42, 27_139.0, 13_670.0, 62_056.0, 8_352.0, 13_580.0, 6_003.88]),
    ("BPH", "Beckenham Public Hall", false, 1250.0, [43_520.0, 30_938.24, 3_649.0, 15_370.0, 11_066.55, 46_821.0, 5_260.0, 10_169.91, 4_072.0]),
    ("CRH", "Crofton Halls", false, 1100.0, [45_263.45, 26_659.0, 3_560.0, 14_267.09, 8_185.0, 38_760.0, 4_075.95, 9_531.0, 3_370.0]),
    ("MCLS", "Mottingham Community and Learning Shop", false, 420.0, [12_964.0, 9_810.0, 1_424.28, 6_835.0, 2_940.0, 13_018.14, 1_929.0, 3_150.0, 1_618.77]),
    ("CCRC", "Cotmandene Community Resource Centre", false, 780.0, [26_580.0, 20_654.06, 2_758.0, 13_310.0, 4_398.68, 23_519.0, 3_120.0, 5_685.74, 2_941.0]),
    ("ADC", "Astley Day Centre", false, 950.0, [27_805.40, 20_322.0, 3_090.0, 16_118.71, 6_666.0, 26_460.0, 4_194.58, 7_041.0, 3_390.0]),
    ("HDC", "Hawes Down Centre", false, 1050.0, [34_218.0, 23_870.0, 3_270.35, 16_625.0, 5_980.0, 32_716.03, 4_062.0, 8_100.0, 4_083.97]),
];

/// Cost cells written as text, as a finance-system export would: (site id,
/// cost index into the nine costs, text). Each text is the table's value.
/// They land at `Sites!F10`, `Sites!G16` and `Sites!M14`.
const BROMLEY_TEXT_CELLS: &[(&str, usize, &str)] = &[
    ("CDB", 1, "£71,733.98"),
    ("CCRC", 2, "2,758"),
    ("CRH", 8, "£3,370.00"),
];

/// Category labels in this order: management, frontline_staff, premises,
/// business_rates, stock, ict, support_services, income. Human case on
/// purpose; the reader normalises them.
type Labels = [&'static str; 8];
#[rustfmt::skip]
const BROMLEY_LABELS: Labels = [
    "Management", "Frontline Staff", "Premises", "Business rates",
    "Stock", "ICT", "Support services", "Income",
];
#[rustfmt::skip]
const BEXLEY_LABELS: Labels = [
    "management", "Frontline staff", "premises", "Business Rates",
    "Stock", "ICT", "Support Services", "Income",
];

/// A branch library: name, frontline staff (£), frontline FTE, premises,
/// business rates, stock, income (all £, income positive).
type Branch<'a> = (&'a str, f64, f64, f64, f64, f64, f64);

#[rustfmt::skip]
const BROMLEY_BRANCHES: &[Branch<'static>] = &[
    ("Central", 594_650.0, 20.0, 175_039.40, 103_400.0, 144_115.0, 145_213.01),
    ("Beckenham", 294_890.0, 10.0, 98_379.21, 49_658.0, 85_200.0, 69_680.84),
    ("Orpington", 371_750.0, 12.5, 100_678.28, 61_298.0, 101_925.0, 79_515.23),
    ("Petts Wood", 185_730.0, 6.5, 59_199.62, 30_210.0, 48_395.0, 36_359.15),
    ("West Wickham", 179_040.0, 6.0, 54_789.56, 30_087.0, 45_280.0, 39_177.12),
    ("Penge", 188_670.0, 6.5, 58_457.99, 30_854.0, 46_890.0, 43_007.43),
    ("Chislehurst", 158_030.0, 5.5, 48_242.82, 24_079.0, 39_450.0, 34_319.34),
    ("Hayes", 127_860.0, 4.5, 36_898.22, 19_940.0, 33_820.0, 28_089.83),
    ("Shortlands", 91_570.0, 3.0, 27_368.37, 15_267.0, 22_880.0, 19_818.78),
    ("Southborough", 93_070.0, 3.0, 29_421.38, 14_953.0, 25_585.0, 21_675.82),
    ("Burnt Ash", 72_980.0, 2.5, 19_975.28, 13_201.0, 17_265.0, 16_719.13),
    ("Mottingham", 93_590.0, 3.0, 25_349.31, 16_967.0, 23_665.0, 18_484.53),
    ("St Paul's Cray", 88_390.0, 3.0, 26_238.38, 14_412.0, 23_960.0, 19_446.87),
    ("Biggin Hill", 122_930.0, 4.0, 35_712.53, 21_891.0, 31_615.0, 27_762.90),
    ("Sevenoaks Road", 71_360.0, 2.5, 23_487.51, 13_135.0, 20_015.0, 17_310.98),
];

#[rustfmt::skip]
const BEXLEY_BRANCHES: &[Branch<'static>] = &[
    ("Central (Bexleyheath)", 470_740.0, 16.0, 154_917.05, 77_400.0, 136_470.0, 99_959.48),
    ("Bexley Village", 90_860.0, 3.0, 26_003.05, 16_303.0, 21_405.0, 18_157.79),
    ("Blackfen", 124_360.0, 4.0, 33_993.28, 19_901.0, 33_240.0, 24_243.20),
    ("Crayford", 118_790.0, 4.0, 36_517.26, 22_222.0, 28_605.0, 25_619.16),
    ("Erith", 222_070.0, 7.5, 67_601.54, 35_200.0, 59_530.0, 49_157.47),
    ("Sidcup", 218_500.0, 7.5, 62_628.89, 35_639.0, 51_975.0, 48_112.41),
    ("Slade Green", 73_920.0, 2.5, 22_030.22, 12_664.0, 17_525.0, 13_890.07),
    ("Thamesmead", 160_080.0, 5.5, 45_514.13, 26_657.0, 42_540.0, 29_386.74),
    ("Welling", 221_200.0, 7.5, 60_274.20, 34_175.0, 50_945.0, 46_469.87),
    ("Upper Belvedere", 72_880.0, 2.5, 22_617.90, 12_895.0, 19_335.0, 15_604.43),
    ("Bostall", 71_780.0, 2.5, 21_967.12, 13_764.0, 17_825.0, 14_653.96),
    ("North Heath", 70_580.0, 2.5, 19_629.49, 13_014.0, 19_765.0, 14_299.65),
];

/// One authority's library service: service-wide management (£, FTE), ICT
/// and support services, plus its branches.
struct LibraryService<'a> {
    authority: &'a str,
    labels: &'a Labels,
    management: (f64, f64),
    ict: f64,
    support_services: f64,
    branches: &'a [Branch<'a>],
}

/// A placement: need, NCY, provider type (human case), annual fee, annual
/// transport (`None` is written blank). Ids are `P001`… in this order.
type PlacementRow = (&'static str, i32, &'static str, f64, Option<f64>);

/// 80 placements; 40 are ASD, NCY 7–11, independent or non-maintained.
const BROMLEY_PLACEMENTS: &[PlacementRow] = &[
    ("MLD", 4, "Mainstream", 7_150.0, None),
    ("VI", 5, "Resourced provision", 18_600.0, None),
    ("HI", 2, "Resourced provision", 15_560.0, Some(3_480.0)),
    ("SpLD", 10, "independent", 29_261.12, None),
    ("ASD", 9, "Independent", 60_640.0, Some(4_970.0)),
    ("ASD", 10, "Independent", 66_560.0, Some(8_060.0)),
    ("SEMH", 9, "Independent", 48_850.23, Some(9_660.0)),
    ("SEMH", 7, "Maintained special", 22_770.0, Some(3_450.0)),
    ("SLCN", 3, "Resourced Provision", 15_620.0, None),
    ("ASD", -1, "Other", 14_193.71, None),
    ("ASD", 11, "Independent", 44_710.0, Some(10_009.46)),
    ("ASD", 9, "Independent", 52_833.70, Some(11_940.0)),
    ("SLCN", 0, "mainstream", 9_610.0, None),
    ("ASD", 9, "Independent", 39_939.17, Some(10_048.06)),
    ("PMLD", 4, "Maintained special", 27_462.21, Some(5_220.0)),
    ("MLD", 12, "Other", 16_080.0, Some(2_570.0)),
    ("VI", 11, "Non-maintained", 38_820.80, Some(7_850.0)),
    ("ASD", 7, "independent", 35_810.0, Some(11_460.0)),
    ("ASD", 7, "Independent", 56_410.0, Some(9_403.59)),
    ("ASD", 7, "Non-maintained", 36_320.0, Some(8_530.0)),
    ("ASD", 7, "Independent", 64_310.0, Some(4_870.0)),
    ("ASD", 11, "independent", 51_060.0, Some(7_720.0)),
    ("ASD", 9, "Non-maintained", 71_400.0, Some(8_843.97)),
    ("ASD", 11, "Independent", 37_400.0, Some(3_460.0)),
    ("ASD", 9, "independent", 73_450.0, Some(11_787.88)),
    ("SLCN", 5, "Mainstream", 9_564.78, None),
    ("ASD", 11, "Non-maintained", 49_990.0, Some(11_610.0)),
    ("SLD", 2, "Maintained special", 28_146.57, Some(6_399.46)),
    ("ASD", 10, "Non-maintained", 47_340.0, Some(10_370.0)),
    ("ASD", 9, "Independent", 74_260.0, Some(7_410.0)),
    ("SLD", 14, "Other", 15_210.0, Some(6_630.0)),
    ("ASD", 8, "Independent", 43_150.0, Some(10_530.0)),
    ("ASD", 9, "Resourced provision", 19_675.12, None),
    ("ASD", 3, "Maintained Special", 19_350.0, Some(3_260.0)),
    ("PMLD", 12, "Non-maintained", 66_720.0, Some(11_577.19)),
    ("PD", 7, "Maintained special", 28_480.0, Some(4_650.0)),
    ("PD", 13, "Other", 19_299.81, None),
    ("SEMH", 10, "Other", 23_320.0, Some(4_943.67)),
    ("ASD", 9, "Non-maintained", 70_860.0, Some(8_040.0)),
    ("ASD", 10, "Independent", 48_950.0, Some(3_100.0)),
    ("ASD", 9, "Independent", 46_734.93, Some(8_150.0)),
    ("ASD", 7, "Independent", 54_416.90, Some(10_180.0)),
    ("SpLD", 4, "Mainstream", 7_920.0, None),
    ("ASD", 7, "Independent", 69_920.0, Some(8_730.0)),
    ("ASD", 10, "Independent", 73_930.0, Some(9_907.87)),
    ("ASD", 9, "Independent", 43_193.06, Some(11_010.0)),
    ("ASD", 10, "Independent", 56_042.78, Some(4_840.0)),
    ("ASD", 10, "non-maintained", 37_320.0, Some(8_500.0)),
    ("ASD", 8, "Independent", 66_560.0, Some(11_519.98)),
    ("SpLD", 8, "Independent", 26_400.0, Some(3_650.0)),
    ("ASD", 8, "Independent", 43_310.0, Some(6_890.0)),
    ("ASD", 9, "Non-maintained", 38_740.95, Some(4_740.0)),
    ("ASD", 8, "Non-maintained", 48_408.53, Some(9_421.14)),
    ("ASD", 12, "Independent", 40_734.38, Some(6_660.0)),
    ("ASD", 10, "Mainstream", 11_780.0, None),
    ("SpLD", 6, "Mainstream", 6_090.0, None),
    ("MLD", 8, "Maintained special", 25_150.05, Some(4_910.0)),
    ("SEMH", 6, "Mainstream", 6_720.0, None),
    ("ASD", 7, "Independent", 65_559.07, Some(4_270.0)),
    ("ASD", 8, "Maintained special", 21_860.0, Some(3_540.0)),
    ("ASD", 13, "Non-maintained", 50_020.0, Some(5_200.0)),
    ("ASD", 8, "Non-maintained", 57_179.71, Some(8_030.0)),
    ("SLCN", 1, "Resourced provision", 17_550.0, Some(3_720.0)),
    ("MLD", 6, "Resourced provision", 15_800.0, None),
    ("ASD", 9, "Non-maintained", 62_610.0, Some(8_220.0)),
    ("PD", 1, "Mainstream", 11_750.0, Some(1_980.0)),
    ("MLD", 10, "Maintained special", 19_910.0, Some(2_430.0)),
    ("SLD", 9, "Maintained special", 27_360.0, Some(5_830.0)),
    ("ASD", 7, "Independent", 61_490.0, Some(4_230.0)),
    ("ASD", 7, "Non-maintained", 38_444.51, Some(7_781.10)),
    ("ASD", 8, "Non-maintained", 39_559.80, Some(4_820.0)),
    ("HI", -1, "Other", 13_320.0, None),
    ("SEMH", 11, "Non-maintained", 45_685.01, Some(9_340.0)),
    ("HI", 9, "Non-Maintained", 40_970.02, Some(5_070.0)),
    ("ASD", 11, "Independent", 69_610.0, Some(3_450.0)),
    ("SLCN", 8, "Independent", 36_270.0, Some(3_340.0)),
    ("ASD", 8, "Independent", 43_240.0, Some(6_527.46)),
    ("ASD", 5, "Independent", 43_230.0, Some(4_260.0)),
    ("ASD", 9, "Non-maintained", 56_456.92, Some(6_910.0)),
    ("ASD", 8, "Independent", 43_413.29, Some(4_950.0)),
];

/// Provider types as written, in the spec's order: independent,
/// non_maintained, maintained_special, resourced_provision, mainstream, other.
#[rustfmt::skip]
const PROVIDER_TYPES: [&str; 6] = [
    "Independent", "Non-maintained", "Maintained special",
    "Resourced provision", "Mainstream", "Other",
];
const NEEDS: [&str; 10] = [
    "ASD", "SLCN", "SEMH", "MLD", "SLD", "PMLD", "HI", "VI", "PD", "SpLD",
];

/// Cell formats shared by every sheet.
struct Formats {
    header: Format,
    money: Format,
    area: Format,
    fte: Format,
}

impl Formats {
    fn new() -> Self {
        Formats {
            header: Format::new().set_bold(),
            money: Format::new().set_num_format("£#,##0.00"),
            area: Format::new().set_num_format("#,##0"),
            fte: Format::new().set_num_format("0.0"),
        }
    }
}

/// Writes the invented Bromley 2011/12 baseline (`Meta`, `Sites`,
/// `Libraries`, `Placements`, `Services`, `Transactions`) to `path`; the same file on every run.
pub fn write_bromley_2012(path: &Path) -> Result<(), XlsxError> {
    let f = Formats::new();
    let mut wb = new_workbook("Bromley 2011/12 baseline (invented figures)")?;

    wb.push_worksheet(meta_sheet(&f, "Bromley")?);

    let mut ws = sites_sheet(&f)?;
    for (i, site) in BROMLEY_SITES.iter().enumerate() {
        let &(id, name, listed, area, ref costs) = site;
        write_site(&mut ws, &f, row(i + 1), (id, name, listed, area, costs))?;
    }
    for &(id, k, text) in BROMLEY_TEXT_CELLS {
        if let Some(i) = BROMLEY_SITES.iter().position(|s| s.0 == id) {
            ws.write_string(row(i + 1), 4 + k as u16, text)?;
        }
    }
    wb.push_worksheet(ws);

    let services = [
        LibraryService {
            authority: "Bromley",
            labels: &BROMLEY_LABELS,
            management: (520_000.0, 11.0),
            ict: 312_450.0,
            support_services: 418_760.0,
            branches: BROMLEY_BRANCHES,
        },
        LibraryService {
            authority: "Bexley",
            labels: &BEXLEY_LABELS,
            management: (372_000.0, 8.0),
            ict: 226_380.0,
            support_services: 297_540.0,
            branches: BEXLEY_BRANCHES,
        },
    ];
    // Row 1 and column A stay blank: the table starts at B2.
    wb.push_worksheet(libraries_sheet(&f, 1, 1, &services)?);

    let mut ws = placements_sheet(&f)?;
    for (i, p) in BROMLEY_PLACEMENTS.iter().enumerate() {
        let id = format!("P{:03}", i + 1);
        write_placement(&mut ws, &f, row(i + 1), (&id, p.0, p.1, p.2, p.3, p.4))?;
    }
    wb.push_worksheet(ws);

    wb.push_worksheet(services_sheet(&f)?);
    wb.push_worksheet(transactions_sheet(&f, BROMLEY_TRANSACTIONS)?);
    wb.push_worksheet(actuals_sheet(&f, BROMLEY_ACTUALS)?);

    wb.save(path)
}

/// A copy of a workbook's zip archive with the text of the part named
/// `part` changed by `edit`, and `extra` parts added (all deflated): how
/// the hostile-input tests make a damaged workbook from a sound one.
pub fn with_part_edited(
    workbook: &[u8],
    part: &str,
    edit: impl Fn(String) -> String,
    extra: &[(&str, Vec<u8>)],
) -> zip::result::ZipResult<Vec<u8>> {
    use std::io::{Read, Write};
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(workbook))?;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..archive.len() {
        let mut f = archive.by_index(i)?;
        let name = f.name()?.to_string();
        let mut text = String::new();
        f.read_to_string(&mut text)?;
        if name == part {
            text = edit(text);
        }
        out.start_file(name, options)?;
        out.write_all(text.as_bytes())?;
    }
    for (name, bytes) in extra {
        out.start_file(*name, options)?;
        out.write_all(bytes)?;
    }
    Ok(out.finish()?.into_inner())
}

/// Writes a seeded synthetic baseline for authority `Synthetic` with `sites`
/// sites (`S00001`…), two library services (`Alpha`, `Beta`, 20 branches
/// each) and `placements` placements (`P000001`…, about 40% ASD NCY 7–11 in
/// independent or non-maintained schools). Same arguments, same file.
pub fn write_large_estate(
    path: &Path,
    sites: usize,
    placements: usize,
    seed: u64,
) -> Result<(), XlsxError> {
    let f = Formats::new();
    let mut rng = SplitMix64(seed);
    let mut wb = new_workbook("Synthetic large estate (invented figures)")?;

    wb.push_worksheet(meta_sheet(&f, "Synthetic")?);

    // Annual cost per m2 for each category at 2011/12 prices.
    const PER_M2: [f64; 9] = [45.0, 22.0, 3.2, 14.0, 9.0, 30.0, 4.2, 10.0, 3.0];
    let mut ws = sites_sheet(&f)?;
    for i in 0..sites {
        let area = rng.range(20, 800) as f64 * 10.0;
        let listed = rng.below(100) < 5;
        let mut costs = [0.0; 9];
        for (c, rate) in costs.iter_mut().zip(PER_M2) {
            let lo = (area * rate * 75.0) as u64; // 0.75 × in pence
            *c = rng.pence(lo, lo * 5 / 3); // 0.75 … 1.25 ×
        }
        let (id, name) = (format!("S{:05}", i + 1), format!("Site {}", i + 1));
        write_site(&mut ws, &f, row(i + 1), (&id, &name, listed, area, &costs))?;
    }
    wb.push_worksheet(ws);

    let authorities = ["Alpha", "Beta"];
    let names: Vec<Vec<String>> = authorities
        .iter()
        .map(|a| (1..=20).map(|b| format!("{a} Branch {b}")).collect())
        .collect();
    let mut branches: Vec<Vec<Branch<'_>>> = Vec::new();
    for names in &names {
        let mut rows = Vec::new();
        for name in names {
            // Branch size in frontline FTE (2–20); the other lines scale with it.
            let fte = rng.range(4, 40) as f64 / 2.0;
            let mut per_fte = |lo, hi| (rng.pence(lo, hi) * fte * 100.0).round() / 100.0;
            let staff = per_fte(2_700_000, 3_300_000);
            let premises = per_fte(500_000, 900_000);
            let rates = per_fte(300_000, 550_000);
            let stock = per_fte(400_000, 800_000);
            let income = per_fte(250_000, 500_000);
            rows.push((name.as_str(), staff, fte, premises, rates, stock, income));
        }
        branches.push(rows);
    }
    let mut services = Vec::new();
    for (authority, rows) in authorities.into_iter().zip(&branches) {
        services.push(LibraryService {
            authority,
            labels: &BROMLEY_LABELS,
            management: (
                rng.pence(30_000_000, 60_000_000),
                rng.range(12, 30) as f64 / 2.0,
            ),
            ict: rng.pence(15_000_000, 35_000_000),
            support_services: rng.pence(20_000_000, 45_000_000),
            branches: rows,
        });
    }
    wb.push_worksheet(libraries_sheet(&f, 0, 0, &services)?);

    let mut ws = placements_sheet(&f)?;
    for i in 0..placements {
        let id = format!("P{:06}", i + 1);
        let (need, ncy, provider, fee, transport) = random_placement(&mut rng);
        let p = (id.as_str(), need, ncy, provider, fee, transport);
        write_placement(&mut ws, &f, row(i + 1), p)?;
    }
    wb.push_worksheet(ws);

    wb.save(path)
}

/// A `building_vacation` model that vacates sites `S00001`… of
/// [`write_large_estate`], `entries` of them, each with `entries`
/// `[[one_off_costs]]` too when `one_off_costs` is set: for measuring how
/// model reading and projection scale with a model's arrays.
pub fn large_vacate_model(entries: usize, one_off_costs: bool) -> String {
    let mut t = String::with_capacity(entries * 200);
    t.push_str(
        "name = \"Vacate a large estate\"\nkind = \"building_vacation\"\n\n\
         [horizon]\nstart = \"2012/13\"\nyears = 10\n\n\
         [inflation]\ndefault = 0.025\nenergy = 0.06\n\n",
    );
    for i in 0..entries {
        let month = 1 + i % 12;
        let year = 2012 + (i / 12) % 8;
        t.push_str(&format!(
            "[[vacate]]\nsite = \"S{:05}\"\non = \"{year}-{month:02}-01\"\n",
            i + 1
        ));
        if i % 3 == 0 {
            t.push_str(&format!(
                "dispose_on = \"{}-{month:02}-01\"\ncapital_receipt = {}\n",
                year + 2,
                100_000 + i
            ));
        }
        t.push('\n');
    }
    if one_off_costs {
        for i in 0..entries {
            t.push_str(&format!(
                "[[one_off_costs]]\nlabel = \"move {}\"\namount = {}\n\
                 date = \"2013-{:02}-01\"\nmonths = 6\n\n",
                i + 1,
                5_000 + i,
                1 + i % 12
            ));
        }
    }
    t
}

/// Annual fee range in pence for each of `PROVIDER_TYPES`.
#[rustfmt::skip]
const FEE_PENCE: [(u64, u64); 6] = [
    (3_000_000, 6_500_000), (3_000_000, 6_000_000), (1_800_000, 3_000_000),
    (1_200_000, 2_000_000), (500_000, 1_200_000), (800_000, 2_500_000),
];

/// One large-estate placement: 40% are ASD, NCY 7–11, independent or
/// non-maintained (the invest-to-save cohort); the rest any need, age and
/// provider, with transport blank for mainstream and one in five others.
fn random_placement(rng: &mut SplitMix64) -> PlacementRow {
    if rng.below(100) < 40 {
        let provider = PROVIDER_TYPES[rng.below(2) as usize];
        let fee = rng.pence(3_500_000, 7_500_000);
        let transport = rng.pence(300_000, 1_200_000);
        return (
            "ASD",
            rng.range(7, 11) as i32,
            provider,
            fee,
            Some(transport),
        );
    }
    let need = NEEDS[rng.below(NEEDS.len() as u64) as usize];
    let ncy = rng.range(0, 15) as i32 - 1;
    let p = rng.below(6) as usize;
    let fee = rng.pence(FEE_PENCE[p].0, FEE_PENCE[p].1);
    let transport = if p == 4 || rng.below(5) == 0 {
        None
    } else {
        Some(rng.pence(100_000, 1_000_000))
    };
    (need, ncy, PROVIDER_TYPES[p], fee, transport)
}

/// A workbook with a title and a fixed creation date, so that the bytes do
/// not depend on when it was written.
fn new_workbook(title: &str) -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2012, 4, 1)?;
    let props = DocProperties::new()
        .set_title(title)
        .set_comment(
            "Synthetic baseline generated by savings::synthetic; every figure is invented.",
        )
        .set_creation_datetime(&created);
    wb.set_properties(&props);
    Ok(wb)
}

/// Worksheet row index for the `i`-th row of a sheet (0 = header).
fn row(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// Bold headers along row `r` from column `c0` (0-based).
fn headers(
    ws: &mut Worksheet,
    f: &Formats,
    r: u32,
    c0: u16,
    names: &[&str],
) -> Result<(), XlsxError> {
    for (c, name) in (c0..).zip(names) {
        ws.write_string_with_format(r, c, *name, &f.header)?;
    }
    Ok(())
}

fn meta_sheet(f: &Formats, authority: &str) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name("Meta")?;
    headers(&mut ws, f, 0, 0, &["Key", "Value"])?;
    let pairs = [
        ("authority", authority),
        ("price_base", "2011/12"),
        ("units", "GBP"),
    ];
    for (r, (key, value)) in (1..).zip(pairs) {
        ws.write_string(r, 0, key)?;
        ws.write_string(r, 1, value)?;
    }
    ws.set_column_width(0, 14)?;
    ws.set_column_width(1, 14)?;
    Ok(ws)
}

fn sites_sheet(f: &Formats) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name("Sites")?;
    headers(&mut ws, f, 0, 0, &SITE_HEADERS)?;
    ws.set_column_width(0, 9)?;
    ws.set_column_width(1, 38)?;
    ws.set_column_width(2, 7)?;
    ws.set_column_width(3, 13)?;
    for c in 4..13 {
        ws.set_column_width(c, 16)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(ws)
}

/// One `Sites` row: id, name, listed, floor area, the nine costs.
type SiteRef<'a> = (&'a str, &'a str, bool, f64, &'a [f64; 9]);

fn write_site(ws: &mut Worksheet, f: &Formats, r: u32, site: SiteRef) -> Result<(), XlsxError> {
    let (id, name, listed, area, costs) = site;
    ws.write_string(r, 0, id)?;
    ws.write_string(r, 1, name)?;
    ws.write_string(r, 2, if listed { "Yes" } else { "No" })?;
    ws.write_number_with_format(r, 3, area, &f.area)?;
    for (c, v) in (4..).zip(costs) {
        ws.write_number_with_format(r, c, *v, &f.money)?;
    }
    Ok(())
}

/// The `Libraries` sheet with its header at (`r0`, `c0`), 0-based: per
/// authority, the service-wide rows then five rows per branch.
fn libraries_sheet(
    f: &Formats,
    r0: u32,
    c0: u16,
    services: &[LibraryService<'_>],
) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name("Libraries")?;
    headers(&mut ws, f, r0, c0, &LIBRARY_HEADERS)?;
    for (c, w) in (c0..).zip([12, 24, 18, 16, 7]) {
        ws.set_column_width(c, w)?;
    }
    ws.set_freeze_panes(r0 + 1, 0)?;
    let mut r = r0;
    for s in services {
        let (l, all) = (s.labels, "Service-wide");
        let mut rows = vec![
            (all, l[0], s.management.0, Some(s.management.1)),
            (all, l[5], s.ict, None),
            (all, l[6], s.support_services, None),
        ];
        for &(name, staff, fte, premises, rates, stock, income) in s.branches {
            rows.push((name, l[1], staff, Some(fte)));
            rows.push((name, l[2], premises, None));
            rows.push((name, l[3], rates, None));
            rows.push((name, l[4], stock, None));
            rows.push((name, l[7], income, None));
        }
        for (library, category, amount, fte) in rows {
            r += 1;
            ws.write_string(r, c0, s.authority)?;
            ws.write_string(r, c0 + 1, library)?;
            ws.write_string(r, c0 + 2, category)?;
            ws.write_number_with_format(r, c0 + 3, amount, &f.money)?;
            if let Some(fte) = fte {
                ws.write_number_with_format(r, c0 + 4, fte, &f.fte)?;
            }
        }
    }
    Ok(ws)
}

fn placements_sheet(f: &Formats) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name("Placements")?;
    headers(&mut ws, f, 0, 0, &PLACEMENT_HEADERS)?;
    for (c, w) in (0..).zip([13, 7, 5, 20, 16, 20]) {
        ws.set_column_width(c, w)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(ws)
}

/// One `Placements` row: id, need, NCY, provider type, fee, transport.
type PlacementRef<'a> = (&'a str, &'a str, i32, &'a str, f64, Option<f64>);

fn write_placement(
    ws: &mut Worksheet,
    f: &Formats,
    r: u32,
    p: PlacementRef,
) -> Result<(), XlsxError> {
    let (id, need, ncy, provider, fee, transport) = p;
    ws.write_string(r, 0, id)?;
    ws.write_string(r, 1, need)?;
    ws.write_number(r, 2, ncy)?;
    ws.write_string(r, 3, provider)?;
    ws.write_number_with_format(r, 4, fee, &f.money)?;
    if let Some(t) = transport {
        ws.write_number_with_format(r, 5, t, &f.money)?;
    }
    Ok(())
}

/// Bromley's transactions by service and channel, 2011/12: service,
/// channel, transactions a year, £ per transaction (`None`: left blank, so
/// a model takes the unit-cost library's figure). Invented figures: the
/// volumes are of a plausible size for an outer London borough, no more.
const BROMLEY_TRANSACTIONS: &[(&str, &str, f64, Option<f64>)] = &[
    // The contacts that follow a death (council tax, parking permit, blue
    // badge, library, electoral register): Tell Us Once makes one of them
    // at registration, passed on automatically.
    ("Death registration", "Face to face", 3_100.0, None),
    ("Death registration", "Telephone", 4_650.0, None),
    ("Death registration", "Post", 2_300.0, None),
    ("Death registration", "Automated", 0.0, Some(0.45)),
    ("Parking permits", "Face to face", 18_000.0, None),
    ("Parking permits", "Telephone", 24_000.0, Some(3.20)),
    ("Parking permits", "Post", 9_000.0, None),
    ("Parking permits", "Online", 12_000.0, Some(0.15)),
    ("Council tax", "Face to face", 42_000.0, Some(8.60)),
    ("Council tax", "Telephone", 160_000.0, None),
    ("Council tax", "Post", 38_000.0, Some(6.50)),
    ("Council tax", "Email", 6_000.0, Some(2.40)),
    ("Council tax", "Online", 55_000.0, None),
];

fn transactions_sheet(
    f: &Formats,
    rows: &[(&str, &str, f64, Option<f64>)],
) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name("Transactions")?;
    headers(
        &mut ws,
        f,
        0,
        0,
        &["Service", "Channel", "Annual volume", "Unit cost (£)"],
    )?;
    for (c, w) in (0..).zip([22, 14, 15, 14]) {
        ws.set_column_width(c, w)?;
    }
    ws.set_freeze_panes(1, 0)?;
    for (i, &(service, channel, volume, cost)) in rows.iter().enumerate() {
        let r = row(i + 1);
        ws.write_string(r, 0, service)?;
        ws.write_string(r, 1, channel)?;
        ws.write_number_with_format(r, 2, volume, &f.area)?;
        if let Some(cost) = cost {
            ws.write_number_with_format(r, 3, cost, &f.money)?;
        }
    }
    Ok(ws)
}

/// A row of the `Actuals` sheet: workstream, financial year, achieved,
/// forecast, rag, reversal.
pub type ActualRow = (
    &'static str,
    &'static str,
    f64,
    Option<f64>,
    Option<&'static str>,
    bool,
);

/// The invented Actuals of Bromley's programme (`programme.toml`) at 31
/// December 2012: (workstream, financial year, achieved, forecast, rag,
/// reversal). The library service's 2011/12 saving is reported, then
/// £4,000 of it taken back (a reversal row).
pub const BROMLEY_ACTUALS: &[ActualRow] = &[
    (
        "Library Shared Service with Bexley",
        "2011/12",
        36_000.0,
        None,
        None,
        false,
    ),
    (
        "Library Shared Service with Bexley",
        "2011/12",
        -4_000.0,
        None,
        None,
        true,
    ),
    (
        "Tell Us Once (deaths)",
        "2011/12",
        6_200.0,
        None,
        None,
        false,
    ),
    (
        "Civic Centre accommodation",
        "2012/13",
        310_000.0,
        Some(480_000.0),
        None,
        false,
    ),
    (
        "Library Shared Service with Bexley",
        "2012/13",
        140_000.0,
        Some(179_000.0),
        None,
        false,
    ),
    (
        "Tell Us Once (deaths)",
        "2012/13",
        12_500.0,
        Some(17_000.0),
        Some("green"),
        false,
    ),
];

/// The Actuals sheet: what each workstream of a programme achieved.
fn actuals_sheet(f: &Formats, rows: &[ActualRow]) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name("Actuals")?;
    headers(
        &mut ws,
        f,
        0,
        0,
        &[
            "Workstream",
            "Financial year",
            "Achieved (£)",
            "Forecast (£)",
            "RAG",
            "Reversal",
        ],
    )?;
    for (c, w) in (0..).zip([36, 14, 14, 14, 8, 10]) {
        ws.set_column_width(c, w)?;
    }
    ws.set_freeze_panes(1, 0)?;
    for (i, &(workstream, year, achieved, forecast, rag, reversal)) in rows.iter().enumerate() {
        let r = row(i + 1);
        ws.write_string(r, 0, workstream)?;
        ws.write_string(r, 1, year)?;
        ws.write_number_with_format(r, 2, achieved, &f.money)?;
        if let Some(v) = forecast {
            ws.write_number_with_format(r, 3, v, &f.money)?;
        }
        if let Some(v) = rag {
            ws.write_string(r, 4, v)?;
        }
        if reversal {
            ws.write_string(r, 5, "yes")?;
        }
    }
    Ok(ws)
}

/// splitmix64 (Steele, Lea and Flood 2014): tiny, seedable, good enough for
/// invented figures, and no `rand` dependency.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n` > 0; the modulo bias is negligible here).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi.saturating_sub(lo) + 1)
    }

    /// A sum of money in whole pence, `lo..=hi` given in pence, as pounds.
    fn pence(&mut self, lo: u64, hi: u64) -> f64 {
        self.range(lo, hi) as f64 / 100.0
    }
}

/// A model for [`write_large_estate`]'s estate of `sites` sites vacating
/// `vacated` of them, evenly spread, on dates over two years, a third of
/// them disposed of with a receipt, over 25 years.
pub fn vacation_model(sites: usize, vacated: usize) -> String {
    use std::fmt::Write;
    let mut m = String::from(
        "name = \"Large estate\"\nkind = \"building_vacation\"\n\
         [horizon]\nstart = \"2012/13\"\nyears = 25\n\
         [inflation]\ndefault = 0.025\nenergy = 0.06\n\
         [appraisal]\noptimism_bias = 0.1\n\
         [[one_off_costs]]\nlabel = \"Moves\"\namount = 5_000_000\ndate = \"2012-06-01\"\nmonths = 12\n",
    );
    for i in 0..vacated {
        let id = i * (sites / vacated.max(1)) + 1;
        let month = 1 + i % 12;
        let year = 2012 + (i % 2);
        let _ = write!(
            m,
            "[[vacate]]\nsite = \"S{id:05}\"\non = \"{year}-{month:02}-15\"\n"
        );
        if i % 3 == 0 {
            let _ = write!(
                m,
                "dispose_on = \"{}-{month:02}-01\"\ncapital_receipt = 250_000\n",
                year + 2
            );
        }
    }
    m
}

/// An autism invest-to-save model for [`write_large_estate`]'s
/// placements: units for 400 to 1,600 pupils across London, over 25 years.
pub const PAN_LONDON_SEN_MODEL: &str = r#"name = "Pan-London autism units"
kind = "sen_invest_to_save"
need = ["ASD"]
ncy = [7, 11]
provider_types = ["independent", "non_maintained"]
opens_on = "2013-09-01"
capacity = [400, 800, 1200, 1600]
take_up = 0.8
demand_growth = 0.06
cost_per_place = 24000
transport_per_place = 2500
fixed_annual = 7200000
capital = 120000000
capital_date = "2012-10-01"
[horizon]
start = "2012/13"
years = 25
[inflation]
placements = 0.03
[capital_financing]
rate = 0.045
years = 25
"#;

/// `Services` headers, in column order (A…E).
const SERVICE_HEADERS: [&str; 5] = ["Authority", "Service", "Category", "Amount (£)", "FTE"];

/// A row of the `Services` sheet: authority, service, category (human
/// case on purpose), amount (£, income positive), FTE.
type ServiceRow = (&'static str, &'static str, &'static str, f64, Option<f64>);

/// Invented 2011/12 costs of two of the services the three boroughs'
/// shared-services board looked at: Regulatory Services (environmental
/// health, trading standards, licensing) and Parking. Bexley writes
/// "Regulatory services" and "Enforcement Officers": the reader matches
/// services ignoring case and normalises categories.
#[rustfmt::skip]
const SHARED_SERVICES: &[ServiceRow] = &[
    ("Bromley", "Regulatory Services", "Management", 412_300.0, Some(6.0)),
    ("Bromley", "Regulatory Services", "Enforcement officers", 1_846_520.0, Some(48.0)),
    ("Bromley", "Regulatory Services", "ICT", 138_760.0, None),
    ("Bromley", "Regulatory Services", "Accommodation", 221_450.0, None),
    ("Bromley", "Regulatory Services", "Support services", 264_310.47, None),
    ("Bromley", "Regulatory Services", "Income", 583_940.0, None),
    ("Bexley", "Regulatory services", "Management", 356_800.0, Some(5.0)),
    ("Bexley", "Regulatory services", "Enforcement Officers", 1_402_150.0, Some(37.0)),
    ("Bexley", "Regulatory services", "ICT", 117_930.0, None),
    ("Bexley", "Regulatory services", "Accommodation", 168_200.0, None),
    ("Bexley", "Regulatory services", "Support Services", 213_640.0, None),
    ("Bexley", "Regulatory services", "Income", 421_870.0, None),
    ("Croydon", "Regulatory Services", "Management", 498_600.0, Some(7.0)),
    ("Croydon", "Regulatory Services", "Enforcement officers", 2_218_470.0, Some(58.0)),
    ("Croydon", "Regulatory Services", "ICT", 171_280.0, None),
    ("Croydon", "Regulatory Services", "Accommodation", 276_910.0, None),
    ("Croydon", "Regulatory Services", "Support services", 318_450.0, None),
    ("Croydon", "Regulatory Services", "Income", 702_360.0, None),
    ("Bromley", "Parking", "Management", 286_400.0, Some(4.0)),
    ("Bromley", "Parking", "Enforcement officers", 1_512_800.0, Some(52.0)),
    ("Bromley", "Parking", "Back office", 648_230.0, Some(19.0)),
    ("Bromley", "Parking", "ICT", 214_560.0, None),
    ("Bromley", "Parking", "Support services", 173_920.0, None),
    ("Bromley", "Parking", "Income", 6_842_150.0, None),
    ("Bexley", "Parking", "Management", 241_700.0, Some(3.0)),
    ("Bexley", "Parking", "Enforcement Officers", 1_098_640.0, Some(38.0)),
    ("Bexley", "Parking", "Back office", 502_310.0, Some(15.0)),
    ("Bexley", "Parking", "ICT", 176_420.0, None),
    ("Bexley", "Parking", "Support Services", 139_880.0, None),
    ("Bexley", "Parking", "Income", 4_917_630.0, None),
    ("Croydon", "Parking", "Management", 331_900.0, Some(5.0)),
    ("Croydon", "Parking", "Enforcement officers", 1_893_270.0, Some(64.0)),
    ("Croydon", "Parking", "Back office", 781_450.0, Some(23.0)),
    ("Croydon", "Parking", "ICT", 248_930.0, None),
    ("Croydon", "Parking", "Support services", 206_110.0, None),
    ("Croydon", "Parking", "Income", 8_315_720.0, None),
];

/// The `Services` sheet: one row per authority, service and category.
fn services_sheet(f: &Formats) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name("Services")?;
    headers(&mut ws, f, 0, 0, &SERVICE_HEADERS)?;
    for (c, w) in (0..).zip([12, 22, 22, 16, 7]) {
        ws.set_column_width(c, w)?;
    }
    ws.set_freeze_panes(1, 0)?;
    for (i, &(authority, service, category, amount, fte)) in SHARED_SERVICES.iter().enumerate() {
        let r = row(i + 1);
        ws.write_string(r, 0, authority)?;
        ws.write_string(r, 1, service)?;
        ws.write_string(r, 2, category)?;
        ws.write_number_with_format(r, 3, amount, &f.money)?;
        if let Some(fte) = fte {
            ws.write_number_with_format(r, 4, fte, &f.fte)?;
        }
    }
    Ok(ws)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_cells_hold_the_tables_values() {
        for &(id, k, text) in BROMLEY_TEXT_CELLS {
            let site = BROMLEY_SITES.iter().find(|s| s.0 == id).expect(id);
            let clean = text.replace(['£', ','], "");
            assert_eq!(clean.parse::<f64>().ok(), Some(site.4[k]), "{id}");
            assert!(!["OTH", "EXH", "JLH", "ASH", "NB", "SB"].contains(&id));
        }
    }

    #[test]
    fn bromley_has_forty_eligible_asd_placements() {
        let eligible = BROMLEY_PLACEMENTS
            .iter()
            .filter(|p| {
                let t = p.2.to_lowercase();
                p.0 == "ASD"
                    && (7..=11).contains(&p.1)
                    && (t == "independent" || t == "non-maintained")
            })
            .count();
        assert_eq!(BROMLEY_PLACEMENTS.len(), 80);
        assert_eq!(eligible, 40);
        assert!(BROMLEY_PLACEMENTS.iter().all(|p| (-1..=14).contains(&p.1)));
    }

    #[test]
    fn writers_are_deterministic() -> Result<(), XlsxError> {
        let dir = std::env::temp_dir().join(format!("savings-synthetic-{}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        let (a, b) = (dir.join("a.xlsx"), dir.join("b.xlsx"));
        write_bromley_2012(&a)?;
        write_bromley_2012(&b)?;
        assert_eq!(std::fs::read(&a)?, std::fs::read(&b)?);
        write_large_estate(&a, 50, 200, 7)?;
        write_large_estate(&b, 50, 200, 7)?;
        assert_eq!(std::fs::read(&a)?, std::fs::read(&b)?);
        std::fs::remove_dir_all(&dir)?;
        Ok(())
    }
}
