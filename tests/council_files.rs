//! Right figures from real people's files (issue 9, items 1–5): rates
//! written as percentages, the column names councils use, title rows above
//! the header, names that are nearly right, and files that are not what
//! their name says. Each case was seen to give a wrong figure with exit 0,
//! or a message that left a person stuck, before it was fixed.

mod common;
use common::*;
use std::path::Path;

/// Runs `savings run` and expects success; returns (projection.csv,
/// stderr).
fn runs(c: &Case, model: &Path, baseline: &Path, out: &str) -> (String, String) {
    let result = c.run(model, baseline, out);
    let out = c.path(out);
    let stderr = String::from_utf8_lossy(&result.stderr).into_owned();
    assert!(result.status.success(), "stderr:\n{stderr}");
    let stem = model.file_stem().unwrap().to_string_lossy().into_owned();
    let projection = std::fs::read_to_string(out.join(stem).join("projection.csv")).unwrap();
    (projection, stderr)
}

fn sites_book(c: &Case) -> std::path::PathBuf {
    c.book(&[meta(), ("Sites", vec![sites_header(), good_site()])])
}

// Issue 9 item 1: `inflation.default = 2` turned £259,464 of savings into
// £10,311,247 with exit 0.
#[test]
fn rates_written_as_percentages_are_refused_with_the_fix() {
    let c = Case::new();
    let book = sites_book(&c);
    let with = |extra: &str| vacate_model("OTH") + extra;
    c.fails(
        &c.model(&with("[inflation]\ndefault = 2\n")),
        &book,
        &[
            "model.toml:12: inflation.default: must be greater than -1 and less than 1, found 2; \
           it looks like a percentage: write 2% as 0.02 or as \"2%\"",
        ],
    );
    c.fails(
        &c.model(&with("[appraisal]\ndiscount_rate = 3.5\n")),
        &book,
        &[
            "appraisal.discount_rate: must be greater than -1 and less than 1, found 3.5; \
           it looks like a percentage: write 3.5% as 0.035 or as \"3.5%\"",
        ],
    );
    c.fails(
        &c.model(&with("[appraisal]\noptimism_bias = 15\n")),
        &book,
        &[
            "appraisal.optimism_bias: must be from 0 to 2, found 15; it looks like a percentage: \
           write 15% as 0.15 or as \"15%\"",
        ],
    );
    c.fails(
        &c.model(&with("[holding]\nenergy = 10\n")),
        &book,
        &[
            "holding.energy: must be from 0 to 3, found 10; it looks like a percentage: \
           write 10% as 0.10 or as \"10%\"",
        ],
    );
    // Any other text stays an error.
    c.fails(
        &c.model(&with("[inflation]\ndefault = \"two percent\"\n")),
        &book,
        &[
            "inflation.default: must be a number (0.035) or a percentage in quotes (\"3.5%\"), \
           found text \"two percent\"",
        ],
    );
    // A share in a percent string is still checked against its range.
    c.fails(
        &c.model(&SEN.replace("take_up = 0.8", "take_up = \"150%\"")),
        &c.book(&[meta(), placements()]),
        &["take_up: must be from 0 to 1, found 150%"],
    );
}

#[test]
fn a_percent_string_means_exactly_that_number_over_a_hundred() {
    let c = Case::new();
    let book = sites_book(&c);
    let base = vacate_model("OTH");
    let as_fraction = c.path("fraction.toml");
    std::fs::write(
        &as_fraction,
        base.clone()
            + "[inflation]\ndefault = 0.025\nenergy = 0.035\n[appraisal]\noptimism_bias = 0.1\n",
    )
    .unwrap();
    let as_percent = c.path("percent.toml");
    std::fs::write(
        &as_percent,
        base + "[inflation]\ndefault = \"2.5%\"\nenergy = \"3.5 %\"\n[appraisal]\noptimism_bias = \"10%\"\n",
    )
    .unwrap();
    let (a, _) = runs(&c, &as_fraction, &book, "a");
    let (b, _) = runs(&c, &as_percent, &book, "b");
    assert_eq!(a, b);
    // And the inflation did something: the second year's saving is larger.
    assert!(a.lines().count() == 4, "{a}");
}

#[test]
fn unusual_rates_and_holding_shares_run_with_a_warning() {
    let c = Case::new();
    let book = sites_book(&c);
    let model =
        c.model(&(vacate_model("OTH") + "[inflation]\nenergy = 0.3\n[holding]\nsecurity = 1.5\n"));
    let (_, stderr) = runs(&c, &model, &book, "out");
    assert!(
        stderr.contains("inflation.energy: 30% a year is unusual for a yearly rate"),
        "{stderr}"
    );
    assert!(
        stderr.contains("holding.security: 1.5 means the empty building costs more than in use"),
        "{stderr}"
    );
    // validate shows the same warnings.
    let v = savings()
        .arg("validate")
        .arg(&model)
        .arg("--baseline")
        .arg(&book)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&v.stdout);
    assert!(v.status.success());
    assert!(stdout.contains("30% a year is unusual"), "{stdout}");
}

/// A Sites sheet whose cost columns have the given headers, one site.
fn sites_with_headers(headers: &[&'static str]) -> (&'static str, Vec<Vec<Cell>>) {
    let mut head = vec![S("Site ID"), S("Site"), S("Listed")];
    head.extend(headers.iter().map(|h| S(h)));
    let mut row = vec![S("OTH"), S("Old Town Hall"), S("No")];
    row.extend((0..headers.len()).map(|i| N(1000.0 * (i + 1) as f64)));
    ("Sites", vec![head, row])
}

// Issue 9 item 2: these headers were dropped with only a warning, and
// `validate` said ok.
#[test]
fn cost_columns_under_the_names_councils_use_are_read() {
    let c = Case::new();
    let canonical = c.book(&[
        meta(),
        sites_with_headers(&["Business rates", "Energy", "Repairs maintenance"]),
    ]);
    let model = c.model(&vacate_model("OTH"));
    let (want, _) = runs(&c, &model, &canonical, "canonical");
    for headers in [
        ["NNDR (£)", "Energy (£)", "Repairs & maintenance (£)"],
        [
            "Rates",
            "Gas and electricity",
            "Repairs and Maintenance (£)",
        ],
        ["National non-domestic rates", "Energy", "R&M"],
    ] {
        let book = c.book(&[meta(), sites_with_headers(&headers)]);
        let (got, stderr) = runs(&c, &model, &book, "synonyms");
        assert_eq!(got, want, "{headers:?}");
        assert!(!stderr.contains("columns ignored"), "{headers:?}: {stderr}");
    }
}

#[test]
fn an_unread_column_of_money_is_an_error_unless_the_model_ignores_it() {
    let c = Case::new();
    let book = c.book(&[
        meta(),
        sites_with_headers(&["Energy", "Grounds maintenance (£)", "Year built"]),
    ]);
    let model = c.model(&vacate_model("OTH"));
    c.fails(
        &model,
        &book,
        &[
            "baseline.xlsx: Sites!E1: column \"Grounds maintenance (£)\" holds amounts, but it is \
           not a column the engine reads, so they would be left out; if it is a running cost, \
           head it with one of the cost categories (business_rates, energy,",
            "add ignore_columns = [\"Grounds maintenance (£)\"] to the model file",
        ],
    );
    // validate says the same, rather than "ok".
    let v = savings()
        .arg("validate")
        .arg(&model)
        .arg("--baseline")
        .arg(&book)
        .output()
        .unwrap();
    assert_eq!(v.status.code(), Some(2));
    // A name that could be two categories is never guessed.
    let utilities = c.path("utilities.xlsx");
    write_book(
        &utilities,
        &[meta(), sites_with_headers(&["Utilities (£)"])],
    );
    c.fails(
        &model,
        &utilities,
        &["column \"Utilities (£)\" holds amounts"],
    );

    let ignoring = c.model(&vacate_model("OTH").replace(
        "kind = \"building_vacation\"",
        "kind = \"building_vacation\"\nignore_columns = [\"Grounds maintenance\"]",
    ));
    let (_, stderr) = runs(&c, &ignoring, &book, "out2");
    assert!(
        stderr.contains(
            "columns ignored (not used by the engine): Grounds maintenance (£) (E1, left out as \
             the model says), Year built (F1)"
        ),
        "{stderr}"
    );
}

#[test]
fn two_headers_for_one_column_and_a_blank_header_over_numbers() {
    let c = Case::new();
    let model = c.model(&vacate_model("OTH"));
    let twice = c.book(&[meta(), sites_with_headers(&["NNDR", "Business rates (£)"])]);
    c.fails(
        &model,
        &twice,
        &["Sites!E1: column \"Business rates (£)\" reads as business_rates, and so does \"NNDR\" \
           at D1; keep one"],
    );
    let mut sheet = sites_with_headers(&["Energy", "Water"]);
    sheet.1[0][4] = Blank;
    let blank = c.book(&[meta(), sheet]);
    c.fails(
        &model,
        &blank,
        &["Sites!E1: this column has 1 filled cell(s) below a blank header"],
    );
}

// Issue 9 item 3: a title above the header gave "the header row has no
// column site_id (found: anytown_bc_–_corporate_property_…)", twice.
#[test]
fn title_rows_above_the_header_are_passed_over() {
    let c = Case::new();
    let model = c.model(&vacate_model("OTH"));
    let plain = c.book(&[meta(), ("Sites", vec![sites_header(), good_site()])]);
    let (want, _) = runs(&c, &model, &plain, "plain");
    let titled = c.book(&[
        meta(),
        (
            "Sites",
            vec![
                vec![S("Anytown BC – Corporate property running costs 2011/12")],
                vec![Blank],
                vec![S("Source: asset register, March 2012")],
                sites_header(),
                good_site(),
            ],
        ),
    ]);
    let (got, _) = runs(&c, &model, &titled, "titled");
    assert_eq!(got, want);
    // Cells below a title are named by their own address.
    let mut bad = good_site();
    bad[4] = S("n/a");
    let titled_bad = c.book(&[
        meta(),
        (
            "Sites",
            vec![vec![S("Anytown BC – property")], sites_header(), bad],
        ),
    ]);
    c.fails(
        &model,
        &titled_bad,
        &["Sites!E3: energy must be a number ≥ 0"],
    );
}

#[test]
fn no_header_row_is_said_once_with_the_fix() {
    let c = Case::new();
    let model = c.model(&vacate_model("OTH"));
    let book = c.book(&[
        meta(),
        (
            "Sites",
            vec![
                vec![S("Anytown BC – Corporate property")],
                vec![S("Ref"), S("Building"), S("Energy")],
                vec![S("OTH"), S("Old Town Hall"), N(5.0)],
            ],
        ),
    ]);
    let err = c.fails(&model, &book, &[]);
    // "Building" reads as site, so the nearest row is named with what it lacks.
    assert!(
        err.contains("the header row (2) has no column site_id (found: Ref, Building, Energy)"),
        "{err}"
    );
    assert_eq!(err.matches("header row").count(), 1, "{err}");
    let none = c.book(&[
        meta(),
        (
            "Sites",
            vec![
                vec![S("Anytown BC – Corporate property")],
                vec![S("Code"), S("Description"), S("Spend")],
            ],
        ),
    ]);
    let err = c.fails(
        &model,
        &none,
        &[
            "no header row found: none of the first 20 rows has the columns site_id, site \
           (row 1 reads \"Anytown BC – Corporate property\"); if there are title rows above \
           the table, delete them",
        ],
    );
    assert_eq!(err.matches("no header row").count(), 1, "{err}");
}

// Issue 9 item 4: suggest the nearest names.
#[test]
fn names_that_are_nearly_right_get_a_suggestion() {
    let c = Case::new();
    let book = c.book(&[
        meta(),
        (
            "Sites",
            vec![
                sites_header(),
                good_site(),
                site("SMH", "St Mary's Hall", "No", [1.0; 9]),
            ],
        ),
    ]);
    c.fails(
        &c.model(&vacate_model("St Marys Hall")),
        &book,
        &[
            "no site has the id or name \"St Marys Hall\" in the Sites sheet; did you mean \
           SMH (St Mary's Hall)?",
        ],
    );
    let libs = c.book(&[meta(), libraries()]);
    c.fails(
        &c.model(&SHARED.replace("\"Bexley\"]", "\"Bexly\"]")),
        &libs,
        &["\"Bexly\" has no rows in the Libraries sheet; did you mean Bexley?"],
    );
    c.fails(
        &c.model(&TRUST.replace("\"Bromley\"", "\"bromly\"")),
        &libs,
        &["did you mean Bromley?"],
    );
    c.fails(
        &c.model(&SEN.replace("[\"ASD\"]", "[\"ASC\"]")),
        &c.book(&[meta(), placements()]),
        &["No row has need \"ASC\"; did you mean ASD? (needs there: ASD, SLCN)"],
    );
    // A missing sheet lists the sheets there are.
    let misnamed = c.book(&[meta(), ("Site list", vec![sites_header(), good_site()])]);
    c.fails(
        &c.model(&vacate_model("OTH")),
        &misnamed,
        &[
            "has no Sites sheet",
            "(the workbook's sheets: \"Meta\", \"Site list\")",
        ],
    );
}

// Issue 9 item 5: messages in the user's words, not the library's.
#[test]
fn a_csv_file_renamed_xlsx_is_named_for_what_it_is() {
    let c = Case::new();
    let book = c.path("baseline.xlsx");
    std::fs::write(&book, "Site ID,Site,Energy\nOTH,Old Town Hall,1200\n").unwrap();
    let err = c.fails(
        &c.model(&vacate_model("OTH")),
        &book,
        &[
            "baseline.xlsx: is not an Excel workbook (it looks like CSV text); open it in Excel \
           or LibreOffice and save it as an Excel workbook (.xlsx)",
        ],
    );
    assert!(!err.contains("EOCD"), "{err}");
}

#[test]
fn toml_slips_name_the_key_and_show_the_fix_and_every_one_is_listed() {
    let c = Case::new();
    let book = sites_book(&c);
    let text = vacate_model("OTH").replace("on = \"2012-06-01\"", "on = 01/06/2012")
        + "[[one_off_costs]]\nlabel = \"Moves\"\namount = £85,000\ndate = 2012-06-01\n\
           [appraisal]\noptimism_bias = 10%\ninclude_capital_receipts = yes\n";
    c.fails(
        &c.model(&text),
        &book,
        &[
            "model.toml:10: on: the date 01/06/2012 must be written year first: on = 2012-06-01",
            "model.toml:13: amount: an amount is written as a plain number, without £ or commas: \
             amount = 85000",
            "model.toml:16: optimism_bias: a percentage goes in quotes or as a fraction: \
             optimism_bias = \"10%\" or optimism_bias = 0.1",
            "model.toml:17: include_capital_receipts: write true or false: include_capital_receipts = true",
        ],
    );
}

#[test]
fn an_output_folder_that_is_a_file_is_bad_input() {
    let c = Case::new();
    let book = sites_book(&c);
    let model = c.model(&vacate_model("OTH"));
    let file = c.path("results");
    std::fs::write(&file, "not a folder").unwrap();
    let result = savings()
        .arg("run")
        .arg(&model)
        .arg("--baseline")
        .arg(&book)
        .arg("--out")
        .arg(&file)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(2), "{stderr}");
    assert!(
        stderr
            .contains("results: is a file, not a folder, so the outputs cannot be written into it"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "not a folder");
}
