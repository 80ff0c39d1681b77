//! Fuzzing the engine with model files, on stable Rust, as property tests.
//!
//! 1. `models_inside_their_ranges_never_panic`: models of every kind with
//!    every numeric key anywhere inside its documented range, the extremes
//!    included (rates strictly between −1 and 1, shares 0 to 1, holding 0
//!    to 3, optimism bias 0 to 2, money up to £1 trillion, horizons of 1 to
//!    60 years), read from TOML text, prepared against a small generated
//!    baseline, projected and appraised through the library. Each must
//!    come to figures or to an input error; never a panic or an internal
//!    error.
//! 2. `mutated_bundled_models_never_panic`: the bundled models' text with
//!    bytes flipped, lines deleted or duplicated, values swapped, huge
//!    numbers and odd unicode put in, run against the fixture workbook by
//!    the entry points the `savings` command uses (see `fuzz/harness.rs`):
//!    exit 0, 1 or 2 only, and nothing written on exit 2.
//!
//! A short run is part of `cargo test`. The long run:
//!
//! ```text
//! PROPTEST_CASES=100000 cargo test --release --test fuzz_models
//! ```
//!
//! Every failing input proptest finds is saved in
//! `tests/fuzz_models.proptest-regressions` and rerun first ever after;
//! commit that file.

#[path = "fuzz/harness.rs"]
mod harness;

use harness::{run_bytes, Outcome};
use proptest::prelude::*;
use proptest::test_runner::Config;
use savings::baseline::{
    Baseline, LibraryCategory, LibraryLine, Meta, Placement, ProviderType, Sheet, Site,
};
use savings::calendar::FinancialYear;
use savings::model::{self, Kind};
use savings::money::Decimal;
use savings::{kinds, run, Error};
use std::path::{Path, PathBuf};

/// The number of cases: `PROPTEST_CASES` when set, else `default`.
fn config(default: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default);
    Config {
        cases,
        ..Config::default()
    }
}

// ---------------------------------------------------------------------
// Numbers inside the documented ranges, as a model file writes them.

/// `n / 10^scale` as TOML text.
fn dec(n: i64, scale: u32) -> String {
    Decimal::new(n, scale).to_string()
}

/// A yearly rate: strictly between −1 and 1, as a number or a percent
/// string, the extremes often.
fn rate() -> BoxedStrategy<String> {
    prop_oneof![
        4 => (-100_000i64..=100_000).prop_map(|n| dec(n, 6)),
        2 => (-999_999i64..=999_999).prop_map(|n| dec(n, 6)),
        1 => (-99i64..=99).prop_map(|n| format!("\"{n}%\"")),
        2 => prop::sample::select(vec![
            "-0.9999999999999999999999999999",
            "0.9999999999999999999999999999",
            "-0.99",
            "0.99",
            "-0.5",
            "0",
            "0.000000000000000000000000001",
        ])
        .prop_map(String::from),
    ]
    .boxed()
}

/// A share from 0 to `max`, the ends often.
fn share(max: i64) -> BoxedStrategy<String> {
    prop_oneof![
        3 => (0i64..=max * 1_000_000).prop_map(|n| dec(n, 6)),
        1 => Just("0".to_string()),
        1 => Just(max.to_string()),
    ]
    .boxed()
}

/// An amount from £0 to £1 trillion, the bound often.
fn money() -> BoxedStrategy<String> {
    prop_oneof![
        3 => (0i64..=100_000_000_000_000).prop_map(|n| dec(n, 2)),
        1 => (0i64..=100_000).prop_map(|n| n.to_string()),
        1 => Just("1000000000000".to_string()),
        1 => Just("0".to_string()),
    ]
    .boxed()
}

/// A date within `years` of `year`, from 1900 (the first year a model's
/// dates may have).
fn date_near(year: i32, years: i32) -> BoxedStrategy<String> {
    let lo = (year - years).max(1900);
    let hi = (year + years).min(9998);
    (lo..=hi, 1u32..=12, 1u32..=28)
        .prop_map(|(y, m, d)| format!("\"{y:04}-{m:02}-{d:02}\""))
        .boxed()
}

// ---------------------------------------------------------------------
// The generated baseline: a few sites, two library services, placements.

#[derive(Clone, Debug)]
struct Book {
    sites: Vec<[Decimal; 9]>,
    listed: Vec<bool>,
    /// Per authority (`Alpha`, `Beta`), per category.
    libraries: [[Decimal; 8]; 2],
    /// (need ASD?, ncy, fee, transport); the first is ASD in NCY 7, which
    /// every generated model's filter takes in.
    placements: Vec<(bool, i32, Decimal, Decimal)>,
}

fn amount() -> BoxedStrategy<Decimal> {
    prop_oneof![
        3 => (0i64..=100_000_000_000_000).prop_map(|n| Decimal::new(n, 2)),
        1 => (0i64..=10_000_000).prop_map(|n| Decimal::new(n, 0)),
        1 => Just(Decimal::from(1_000_000_000_000i64)),
    ]
    .boxed()
}

fn book() -> impl Strategy<Value = Book> {
    (
        prop::collection::vec(prop::array::uniform9(amount()), 5),
        prop::collection::vec(any::<bool>(), 5),
        prop::array::uniform2(prop::array::uniform8(amount())),
        prop::collection::vec((any::<bool>(), -1i32..=14, amount(), amount()), 1..8),
    )
        .prop_map(|(sites, listed, libraries, mut placements)| {
            placements[0].0 = true;
            placements[0].1 = 7;
            (sites, listed, libraries, placements)
        })
        .prop_map(|(sites, listed, libraries, placements)| Book {
            sites,
            listed,
            libraries,
            placements,
        })
}

fn baseline(b: &Book) -> Baseline {
    let sites = b
        .sites
        .iter()
        .enumerate()
        .map(|(i, costs)| Site {
            id: format!("S{i}"),
            name: format!("Site {i}"),
            listed: b.listed[i],
            floor_area_m2: None,
            costs: *costs,
            row: i as u32 + 2,
        })
        .collect();
    let mut libraries = Vec::new();
    for (a, costs) in ["Alpha", "Beta"].iter().zip(&b.libraries) {
        for c in LibraryCategory::ALL {
            libraries.push(LibraryLine {
                authority: a.to_string(),
                library: "Central".into(),
                category: *c,
                amount: costs[*c as usize],
                fte: None,
                row: libraries.len() as u32 + 2,
            });
        }
    }
    let placements = b
        .placements
        .iter()
        .enumerate()
        .map(|(i, (asd, ncy, fee, transport))| Placement {
            id: format!("P{i}"),
            need: if *asd { "ASD" } else { "SEMH" }.into(),
            ncy: *ncy,
            provider_type: ProviderType::Independent,
            annual_fee: *fee,
            annual_transport: *transport,
            row: i as u32 + 2,
        })
        .collect();
    Baseline {
        file: "generated.xlsx".into(),
        sha256: String::new(),
        meta: Some(Meta {
            authority: "Testshire".into(),
            price_base: FinancialYear(2011),
            units: None,
        }),
        sites: Some(sites),
        libraries: Some(libraries),
        placements: Some(placements),
        services: None,
        transactions: None,
        actuals: None,
        warnings: Vec::new(),
        sheet_names: Sheet::ALL.iter().map(|s| s.title().to_string()).collect(),
    }
}

// ---------------------------------------------------------------------
// Generated models, every kind.

/// The keys every kind shares, for a horizon from `start`.
fn common(start: i32) -> BoxedStrategy<String> {
    let inflation = prop::collection::vec(
        (
            prop::sample::select(vec![
                "default",
                "gdp_deflator",
                "energy",
                "business_rates",
                "security",
                "placements",
                "management",
                "frontline_staff",
                "income",
            ]),
            rate(),
        ),
        0..5,
    );
    let one_off = prop::collection::vec((money(), date_near(start, 70), 1i64..=720), 0..3);
    (
        1i64..=60,
        prop::option::of(-40i32..=20),
        inflation,
        prop::option::of(rate()),
        prop::option::of(share(2)),
        any::<bool>(),
        one_off,
    )
        .prop_map(
            move |(years, price_base, inflation, discount, bias, receipts, one_off)| {
                let mut t = String::new();
                if let Some(p) = price_base {
                    let y = (start + p).max(0);
                    t += &format!("price_base = \"{y:04}/{:02}\"\n", (y + 1) % 100);
                }
                for (i, (amount, date, months)) in one_off.iter().enumerate() {
                    t += &format!(
                        "[[one_off_costs]]\nlabel = \"cost {i}\"\namount = {amount}\n\
                         date = {date}\nmonths = {months}\n"
                    );
                }
                t += &format!(
                    "[horizon]\nstart = \"{start:04}/{:02}\"\nyears = {years}\n",
                    (start + 1) % 100
                );
                t += "[inflation]\n";
                let mut seen = Vec::new();
                for (key, r) in inflation {
                    if !seen.contains(&key) {
                        t += &format!("{key} = {r}\n");
                        seen.push(key);
                    }
                }
                t += &format!("[appraisal]\ninclude_capital_receipts = {receipts}\n");
                if let Some(d) = discount {
                    t += &format!("discount_rate = {d}\n");
                }
                if let Some(b) = bias {
                    t += &format!("optimism_bias = {b}\n");
                }
                t
            },
        )
        .boxed()
}

fn building_vacation(start: i32) -> BoxedStrategy<String> {
    let vacate = prop::collection::vec(
        (
            date_near(start, 30),
            prop::option::of((0i32..=600, prop::option::of(money()))),
        ),
        1..5,
    );
    let holding = prop::collection::vec(share(3), 9);
    let receiving = prop::collection::vec((money(), date_near(start, 30)), 0..3);
    (vacate, holding, 0i64..=720, receiving)
        .prop_map(move |(vacate, holding, relief, receiving)| {
            let mut t = String::from("kind = \"building_vacation\"\n");
            for (i, (on, dispose)) in vacate.iter().enumerate() {
                t += &format!("[[vacate]]\nsite = \"S{i}\"\non = {on}\n");
                if let Some((months, receipt)) = dispose {
                    // On or after `on`: a year later than it at most 50.
                    let year: i32 = on[1..5].parse().unwrap_or(start);
                    let y = (year + 1 + months / 12).min(9999);
                    t += &format!("dispose_on = \"{y:04}-01-01\"\n");
                    if let Some(r) = receipt {
                        t += &format!("capital_receipt = {r}\n");
                    }
                }
            }
            t += "[holding]\n";
            for (c, h) in savings::baseline::SiteCategory::ALL.iter().zip(&holding) {
                t += &format!("{} = {h}\n", c.name());
            }
            t += &format!("empty_rates_relief_months = {relief}\n");
            for (i, (annual, from)) in receiving.iter().enumerate() {
                t += &format!(
                    "[[receiving]]\nlabel = \"receiving {i}\"\nannual = {annual}\nfrom = {from}\n"
                );
            }
            t
        })
        .boxed()
}

fn shared_service(start: i32) -> BoxedStrategy<String> {
    (
        prop::sample::select(vec!["Alpha", "Beta", "all"]),
        date_near(start, 30),
        prop::option::of(0i64..=1_000_000),
        prop::collection::vec(share(1), 1..4),
        prop::collection::vec(share(1), 7),
    )
        .prop_map(move |(perspective, live_on, fixed, ramp, reductions)| {
            let mut t = format!(
                "kind = \"shared_service\"\npartners = [\"Alpha\", \"Beta\"]\n\
                 perspective = \"{perspective}\"\nlive_on = {live_on}\nramp = [{}]\n",
                ramp.join(", ")
            );
            match fixed {
                None => t += "cost_share = \"pro_rata\"\n",
                Some(n) => {
                    t += &format!(
                        "cost_share = {{ Alpha = {}, Beta = {} }}\n",
                        dec(n, 6),
                        dec(1_000_000 - n, 6)
                    )
                }
            }
            t += "[reductions]\n";
            for (c, r) in LibraryCategory::ALL.iter().zip(&reductions) {
                t += &format!("{} = {r}\n", c.name());
            }
            t
        })
        .boxed()
}

fn libraries_trust(start: i32) -> BoxedStrategy<String> {
    (
        (
            prop::sample::select(vec!["Alpha", "Beta"]),
            date_near(start, 30),
            0i64..=1_000_000,
            0i64..=1_000_000,
            share(1),
        ),
        (rate(), share(2), share(1), rate(), rate(), money()),
    )
        .prop_map(
            move |(
                (authority, transfer, mandatory, discretionary, council_share),
                (staff, support, stranded, uplift, efficiency, client),
            )| {
                // Mandatory and discretionary relief sum to at most 1.
                let discretionary = discretionary * (1_000_000 - mandatory) / 1_000_000;
                format!(
                    "kind = \"libraries_trust\"\nauthority = \"{authority}\"\n\
                     transfer_on = {transfer}\nmandatory_rates_relief = {}\n\
                     discretionary_rates_relief = {}\n\
                     discretionary_relief_council_share = {council_share}\n\
                     staff_cost_change = {staff}\ntrust_support_ratio = {support}\n\
                     stranded_overheads = {stranded}\nincome_uplift = {uplift}\n\
                     management_fee_efficiency = {efficiency}\nclient_side_annual = {client}\n",
                    dec(mandatory, 6),
                    dec(discretionary, 6),
                )
            },
        )
        .boxed()
}

fn sen_invest_to_save(start: i32) -> BoxedStrategy<String> {
    (
        (
            -1i64..=7,
            7i64..=14,
            date_near(start, 30),
            prop::collection::vec(money(), 1..4),
            share(1),
            rate(),
        ),
        (money(), money(), money(), money(), date_near(start, 30)),
        prop::option::of((rate(), 1i64..=100)),
    )
        .prop_map(
            move |(
                (from, to, opens, capacity, take_up, growth),
                (cost, transport, fixed, capital, capital_date),
                financing,
            )| {
                let mut t = format!(
                    "kind = \"sen_invest_to_save\"\nneed = [\"ASD\"]\nncy = [{from}, {to}]\n\
                     provider_types = [\"independent\"]\nopens_on = {opens}\n\
                     capacity = [{}]\ntake_up = {take_up}\ndemand_growth = {growth}\n\
                     cost_per_place = {cost}\ntransport_per_place = {transport}\n\
                     fixed_annual = {fixed}\ncapital = {capital}\ncapital_date = {capital_date}\n",
                    capacity.join(", ")
                );
                if let Some((r, years)) = financing {
                    t += &format!("[capital_financing]\nrate = {r}\nyears = {years}\n");
                }
                t
            },
        )
        .boxed()
}

/// A whole model file of any kind, keys inside their ranges.
fn generated_model() -> impl Strategy<Value = String> {
    (1900i32..=2150, 0usize..4).prop_flat_map(|(start, kind)| {
        let body = match Kind::all()[kind].name() {
            "building_vacation" => building_vacation(start),
            "shared_service" => shared_service(start),
            "libraries_trust" => libraries_trust(start),
            _ => sen_invest_to_save(start),
        };
        // Top-level keys first, then the tables.
        (body, common(start)).prop_map(|(body, common)| {
            let (top, tables) = match body.find("\n[") {
                Some(i) => body.split_at(i + 1),
                None => (body.as_str(), ""),
            };
            format!("name = \"generated\"\n{top}{common}{tables}")
        })
    })
}

/// Reads, prepares, projects and appraises a model's text against a
/// baseline through the library. Returns whether figures came out; an
/// input error is `false`; anything else fails the test.
fn run_text(text: &str, baseline: &Baseline) -> Result<bool, TestCaseError> {
    let file = Path::new("generated.toml");
    let input_or_fail = |e: Error, stage: &str| match e {
        Error::Input(_) => Ok(false),
        e => Err(TestCaseError::fail(format!("{stage}: {e}\n{text}"))),
    };
    let model = match model::from_bytes(file, text.as_bytes()) {
        Ok(m) => m,
        // Inside the ranges the file itself must read.
        Err(e) => return Err(TestCaseError::fail(format!("read: {e}\n{text}"))),
    };
    let prepared = match kinds::prepare(&model, baseline) {
        Ok(p) => p,
        Err(e) => return input_or_fail(e, "prepare"),
    };
    let (traced, _) = kinds::project_traced(&prepared);
    match run::compute(prepared, baseline) {
        Ok(r) => {
            // The traced projection has the same amounts.
            let totals = traced
                .aggregate()
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(totals.years, r.totals.years);
            Ok(true)
        }
        Err(e) => input_or_fail(e, "compute"),
    }
}

proptest! {
    #![proptest_config(config(300))]

    #[test]
    fn models_inside_their_ranges_never_panic(text in generated_model(), book in book()) {
        run_text(&text, &baseline(&book))?;
    }
}

// ---------------------------------------------------------------------
// Mutations of the bundled models' text.

/// One change to a model file's bytes. Positions are taken modulo the
/// length of the text or its number of lines.
#[derive(Clone, Debug)]
enum Mutation {
    FlipByte(usize, u8),
    DeleteLine(usize),
    DuplicateLine(usize),
    SwapValues(usize, usize),
    /// Replaces the value of a `key = value` line.
    Value(usize, &'static str),
    /// Inserts bytes at a position.
    Insert(usize, &'static [u8]),
}

const VALUES: &[&str] = &[
    "1e30",
    "-1e30",
    "99999999999999999999999999999",
    "79228162514264337593543950336",
    "0.00000000000000000000000000001",
    "1e-400",
    "nan",
    "inf",
    "-inf",
    "-0",
    "0x7fffffff",
    "1_000_000_000_000_000",
    "\"100%\"",
    "\"-100%\"",
    "\"1e30%\"",
    "0.9999999999999999999999999999",
    "-0.9999999999999999999999999999",
    "1",
    "-1",
    "3",
    "2",
    "60",
    "61",
    "720",
    "721",
    "9223372036854775807",
    "-9223372036854775808",
    "\"9999-12-31\"",
    "\"0000-01-01\"",
    "9999-12-31",
    "\"9999/00\"",
    "\"0000/01\"",
    "[]",
    "{}",
    "\"\"",
    "true",
    "[1e30, 1e30]",
    "[-1, 40]",
    "{ Bromley = 1e30, Bexley = -1e30 }",
];

const INSERTS: &[&[u8]] = &[
    "\u{202E}".as_bytes(),
    "\u{200B}".as_bytes(),
    "\u{FEFF}".as_bytes(),
    "😀".as_bytes(),
    b"\0",
    b"\x1b[31m",
    b"\x07",
    "e\u{301}".as_bytes(),
    "\u{FFFF}".as_bytes(),
    b"\r",
    b"\t",
    b"\\u0000",
    b"\xff",
    b"\xc3",
    b"\n[[vacate]]\n",
    b"\n[horizon]\n",
    b"\"",
    b"'''",
    b"#",
    b"=",
];

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 1u8..=255).prop_map(|(i, x)| Mutation::FlipByte(i, x)),
        any::<usize>().prop_map(Mutation::DeleteLine),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapValues(a, b)),
        (any::<usize>(), prop::sample::select(VALUES)).prop_map(|(i, v)| Mutation::Value(i, v)),
        (any::<usize>(), prop::sample::select(INSERTS)).prop_map(|(i, b)| Mutation::Insert(i, b)),
    ]
}

/// The lines of a text, each with its newline.
fn lines(bytes: &[u8]) -> Vec<Vec<u8>> {
    bytes
        .split_inclusive(|b| *b == b'\n')
        .map(|l| l.to_vec())
        .collect()
}

/// The indices of `key = value` lines.
fn assignments(lines: &[Vec<u8>]) -> Vec<usize> {
    (0..lines.len())
        .filter(|&i| {
            let l = &lines[i];
            l.contains(&b'=') && !l.starts_with(b"#")
        })
        .collect()
}

fn split_value(line: &[u8]) -> (Vec<u8>, Vec<u8>) {
    match line.iter().position(|b| *b == b'=') {
        Some(i) => (line[..=i].to_vec(), line[i + 1..].to_vec()),
        None => (line.to_vec(), Vec::new()),
    }
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    let mut ls = lines(bytes);
    match m {
        Mutation::FlipByte(i, x) => {
            if !bytes.is_empty() {
                let n = bytes.len();
                bytes[i % n] ^= x;
            }
            return;
        }
        Mutation::Insert(i, b) => {
            let at = i % (bytes.len() + 1);
            bytes.splice(at..at, b.iter().copied());
            return;
        }
        Mutation::DeleteLine(i) if !ls.is_empty() => {
            let n = ls.len();
            ls.remove(i % n);
        }
        Mutation::DuplicateLine(i) if !ls.is_empty() => {
            let n = ls.len();
            let l = ls[i % n].clone();
            ls.insert(i % n, l);
        }
        Mutation::SwapValues(a, b) => {
            let at = assignments(&ls);
            if at.len() >= 2 {
                let (a, b) = (at[a % at.len()], at[b % at.len()]);
                let (ka, va) = split_value(&ls[a]);
                let (kb, vb) = split_value(&ls[b]);
                ls[a] = [ka, vb].concat();
                ls[b] = [kb, va].concat();
            }
        }
        Mutation::Value(i, v) => {
            let at = assignments(&ls);
            if !at.is_empty() {
                let a = at[i % at.len()];
                let (k, _) = split_value(&ls[a]);
                ls[a] = [k, format!(" {v}\n").into_bytes()].concat();
            }
        }
        _ => {}
    }
    *bytes = ls.concat();
}

fn bundled_models() -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("models");
    let files = run::default_models(&dir).expect("bundled models");
    files
        .into_iter()
        .map(|f| {
            let b = std::fs::read(&f).expect("read model");
            (f, b)
        })
        .collect()
}

fn fixture() -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/bromley_2012.xlsx"))
        .expect("fixture workbook")
}

proptest! {
    #![proptest_config(config(300))]

    #[test]
    fn mutated_bundled_models_never_panic(
        which in 0usize..8,
        mutations in prop::collection::vec(mutation(), 1..4),
        full in prop::bool::weighted(0.02),
    ) {
        let models = bundled_models();
        let (_, original) = &models[which % models.len()];
        let mut bytes = original.clone();
        for m in &mutations {
            apply(&mut bytes, m);
        }
        let (outcome, message) = run_bytes(&bytes, &fixture(), full);
        prop_assert!(
            outcome != Outcome::Failed,
            "exit 1 for a mutated model: {message}\n{}",
            String::from_utf8_lossy(&bytes)
        );
        prop_assert!([0, 2].contains(&outcome.exit_code()));
    }
}

// ---------------------------------------------------------------------
// The cases of the issue, kept as plain tests.

fn bundled(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("models")
            .join(name),
    )
    .expect("bundled model")
}

/// Replaces the line that starts with `key =` (or adds it after `kind`).
fn with_key(text: &str, key: &str, value: &str) -> String {
    let prefix = format!("{key} =");
    let mut found = false;
    let mut out: Vec<String> = text
        .lines()
        .map(|l| {
            // The first only: a seed model's [uncertainty] table names
            // the same keys further down.
            if !found && l.trim_start().starts_with(&prefix) {
                found = true;
                format!("{key} = {value}")
            } else {
                l.to_string()
            }
        })
        .collect();
    if !found {
        let at = out
            .iter()
            .position(|l| l.starts_with("kind ="))
            .unwrap_or(0);
        out.insert(at + 1, format!("{key} = {value}"));
    }
    out.join("\n") + "\n"
}

/// Sets the horizon to 60 years.
fn sixty_years(text: &str) -> String {
    text.lines()
        .map(|l| {
            if l.trim_start().starts_with("years =") && !l.contains("[") {
                "years = 60".to_string()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

#[test]
fn management_fee_efficiency_of_minus_99_percent_over_60_years_is_refused_naming_the_key() {
    let text = sixty_years(&with_key(
        &bundled("libraries_trust.toml"),
        "management_fee_efficiency",
        "-0.99",
    ));
    let (outcome, message) = run_bytes(text.as_bytes(), &fixture(), true);
    assert_eq!(outcome, Outcome::Refused, "{message}");
    assert!(
        message.contains("management_fee_efficiency: a rate of -0.99 over"),
        "{message}"
    );
    assert!(
        message.contains("beyond the engine's exact range"),
        "{message}"
    );
}

#[test]
fn demand_growth_of_99_percent_over_60_years_is_refused_naming_the_key() {
    let text = sixty_years(&with_key(
        &bundled("autism_invest_to_save.toml"),
        "demand_growth",
        "0.99",
    ));
    let (outcome, message) = run_bytes(text.as_bytes(), &fixture(), false);
    assert_eq!(outcome, Outcome::Refused, "{message}");
    assert!(
        message.contains("demand_growth: a rate of 0.99"),
        "{message}"
    );
}

#[test]
fn values_far_outside_the_ranges_are_refused_by_the_reader() {
    // The issue's panics: 1000 and 100 used to overflow; 59 and 10 gave
    // figures that did not reconcile or were absurd.
    for (file, key, value) in [
        ("libraries_trust.toml", "management_fee_efficiency", "1000"),
        ("libraries_trust.toml", "management_fee_efficiency", "59"),
        ("libraries_trust.toml", "management_fee_efficiency", "10"),
        ("autism_invest_to_save.toml", "demand_growth", "100"),
    ] {
        let text = with_key(&bundled(file), key, value);
        let (outcome, message) = run_bytes(text.as_bytes(), &fixture(), false);
        assert_eq!(outcome, Outcome::Refused, "{key} = {value}: {message}");
        assert!(message.contains(key), "{message}");
    }
}

#[test]
fn a_financing_rate_near_minus_100_percent_is_refused_not_a_benefit() {
    let text = with_key(
        &bundled("autism_invest_to_save_financed.toml"),
        "rate",
        "-0.99",
    );
    let text = text.replace("years = 10\n", "years = 100\n");
    let (outcome, message) = run_bytes(text.as_bytes(), &fixture(), false);
    assert_eq!(outcome, Outcome::Refused, "{message}");
    assert!(message.contains("capital_financing.rate"), "{message}");
}

#[test]
fn a_date_before_1900_is_refused_at_reading_not_at_writing_results_xlsx() {
    // Found by the long fuzz run: live_on = "0000-01-01" ran, then failed
    // writing results.xlsx (exit 1, "Year 0 outside Excel range").
    let text = with_key(
        &bundled("library_shared_service.toml"),
        "live_on",
        "\"0000-01-01\"",
    );
    let (outcome, message) = run_bytes(text.as_bytes(), &fixture(), true);
    assert_eq!(outcome, Outcome::Refused, "{message}");
    assert!(
        message.contains("live_on: 0000-01-01 is before 1900"),
        "{message}"
    );
}

/// Found by the long fuzz run (35,513 cases in): a one-off cost's label
/// that looks like a date before 1900 was written to the Assumptions sheet
/// of results.xlsx as a date, which Excel cannot hold, and the run failed
/// with exit 1 after computing everything. It is now written as text.
#[test]
fn a_label_that_looks_like_a_date_before_1900_is_written_as_text() {
    let text = bundled("library_shared_service.toml").replace(
        "label = \"Shared service set-up and ICT integration\"",
        "label = \"0000-01-01\"",
    );
    let (outcome, message) = run_bytes(text.as_bytes(), &fixture(), true);
    assert_eq!(outcome, Outcome::Ok, "{message}");
}
