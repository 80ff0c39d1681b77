//! Bad input never panics and never writes: each error class of SPEC
//! sections 6 and 7 gives a message that names the place, exit status 2,
//! and leaves the output folder as it was.

mod common;
use common::*;

#[test]
fn error_cell_is_named_by_its_address() {
    let c = Case::new();
    let mut row = good_site();
    row[4] = F("1/0", "#DIV/0!");
    let book = c.book(&[meta(), ("Sites", vec![sites_header(), row])]);
    c.fails(
        &c.model(&vacate_model("OTH")),
        &book,
        &["baseline.xlsx: Sites!E2: energy must be a number ≥ 0, found the error #DIV/0!"],
    );
}

#[test]
fn text_where_a_number_belongs() {
    let c = Case::new();
    let mut row = good_site();
    row[5] = S("n/a");
    let book = c.book(&[meta(), ("Sites", vec![sites_header(), row])]);
    c.fails(
        &c.model(&vacate_model("OTH")),
        &book,
        &["Sites!F2: water must be a number ≥ 0, found text \"n/a\""],
    );
}

#[test]
fn negative_money() {
    let c = Case::new();
    let mut row = good_site();
    row[6] = N(-5.0);
    let book = c.book(&[meta(), ("Sites", vec![sites_header(), row])]);
    c.fails(
        &c.model(&vacate_model("OTH")),
        &book,
        &["Sites!G2: cleaning must be a number ≥ 0, found -5"],
    );
}

#[test]
fn duplicate_id_names_the_later_cell() {
    let c = Case::new();
    let book = c.book(&[
        meta(),
        ("Sites", vec![sites_header(), good_site(), good_site()]),
    ]);
    c.fails(
        &c.model(&vacate_model("OTH")),
        &book,
        &["Sites!A3: site_id \"OTH\" appears twice (first at A2)"],
    );
}

#[test]
fn unknown_key_in_a_model_file_names_line_and_key() {
    let c = Case::new();
    let book = c.book(&[meta(), ("Sites", vec![sites_header(), good_site()])]);
    let text = vacate_model("OTH").replace(
        "[horizon]",
        "colour = \"red\"\n\n[horizon]\nstrat = \"2012/13\"",
    );
    c.fails(
        &c.model(&text),
        &book,
        &[
            "model.toml:4: colour: unknown key",
            "model.toml:7: horizon.strat: unknown key; expected one of: start, years",
        ],
    );
}

#[test]
fn a_date_that_does_not_exist() {
    let c = Case::new();
    let book = c.book(&[meta(), ("Sites", vec![sites_header(), good_site()])]);
    let text = vacate_model("OTH").replace("on = \"2012-06-01\"", "on = \"2013-02-30\"");
    c.fails(
        &c.model(&text),
        &book,
        &["model.toml:10: vacate[1].on: \"2013-02-30\" is not a date that exists"],
    );
}

#[test]
fn unknown_site() {
    let c = Case::new();
    let book = c.book(&[meta(), ("Sites", vec![sites_header(), good_site()])]);
    c.fails(
        &c.model(&vacate_model("Town Hall Annexe")),
        &book,
        &["model.toml:9: vacate[1].site: no site has the id or name \"Town Hall Annexe\""],
    );
}

#[test]
fn missing_sheet_for_a_model_that_needs_it() {
    let c = Case::new();
    let book = c.book(&[meta()]);
    c.fails(
        &c.model(&vacate_model("OTH")),
        &book,
        &[
            "baseline.xlsx: has no Sites sheet, which",
            "building_vacation",
        ],
    );
}

#[test]
fn a_file_that_is_not_a_workbook() {
    let c = Case::new();
    let book = c.path("baseline.xlsx");
    std::fs::write(&book, [0u8, 159, 146, 150, 1, 2, 3]).unwrap();
    c.fails(
        &c.model(&vacate_model("OTH")),
        &book,
        &[
            "baseline.xlsx: is not an Excel workbook (it looks like neither an Excel nor an \
           OpenDocument file); open it in Excel or LibreOffice and save it as an Excel workbook",
        ],
    );
}

#[test]
fn an_empty_file() {
    let c = Case::new();
    let book = c.path("baseline.xlsx");
    std::fs::write(&book, "").unwrap();
    c.fails(
        &c.model(&vacate_model("OTH")),
        &book,
        &["baseline.xlsx: the file is empty"],
    );
    // An empty model file lacks every required key.
    let model = c.model("");
    let book = c.book(&[meta(), ("Sites", vec![sites_header(), good_site()])]);
    c.fails(
        &model,
        &book,
        &[
            "model.toml:1: name: is required",
            "model.toml:1: horizon: is required",
        ],
    );
}

#[test]
fn every_problem_of_a_workbook_is_listed_together() {
    let c = Case::new();
    let book = c.book(&[
        (
            "Meta",
            vec![
                vec![S("authority"), S("Bromley")],
                vec![S("price_base"), S("2012/14")],
            ],
        ),
        (
            "Sites",
            vec![
                sites_header(),
                site("OTH", "Old Town Hall", "maybe", [1.0; 9]),
                vec![S("EXH"), Blank, S("No"), S("£1,2O0")],
            ],
        ),
        (
            "Libraries",
            vec![
                vec![S("Authority"), S("Library"), S("Category"), S("Amount (£)")],
                vec![S("Bromley"), S("Central"), S("Frontline Staff"), N(1000.0)],
                vec![S("Bromley"), S("Central"), S("Cafe"), N(10.0)],
            ],
        ),
        (
            "Placements",
            vec![
                vec![
                    S("Placement ID"),
                    S("Need"),
                    S("NCY"),
                    S("Provider type"),
                    S("Annual fee (£)"),
                ],
                vec![S("P1"), S("ASD"), N(15.0), S("Independent"), N(50000.0)],
                vec![S("P2"), S("ASD"), N(9.0), S("Academy"), N(50000.0)],
            ],
        ),
    ]);
    let stderr = c.fails(
        &c.model(&vacate_model("OTH")),
        &book,
        &[
            "Meta!B2: price_base must be a financial-year label",
            "Sites!C2: listed must be yes or no",
            "Sites!B3: site must be text, found a blank cell",
            "Sites!D3: business_rates must be a number ≥ 0, found text \"£1,2O0\"",
            "Libraries!C3: category must be one of management, frontline_staff",
            "Placements!C2: ncy must be a whole number from -1 to 14, found 15",
            "Placements!D3: provider_type must be one of independent",
        ],
    );
    assert!(stderr.contains("7 problems"), "{stderr}");
}

#[test]
fn model_file_rules_each_with_its_line() {
    let c = Case::new();
    let book = c.book(&[meta(), ("Sites", vec![sites_header(), good_site()])]);
    let text = r#"name = "Bad"
kind = "building_vacation"
[horizon]
start = "2012/13"
years = 61
[inflation]
energy = -1
[appraisal]
optimism_bias = 15
[[one_off_costs]]
label = "Moves"
amount = -5
date = 2012-06-01
[[vacate]]
site = "OTH"
on = "2012-06-01"
dispose_on = "2012-05-01"
[holding]
energy = -0.1
empty_rates_relief_months = 1.5
"#;
    c.fails(
        &c.model(text),
        &book,
        &[
            "model.toml:5: horizon.years: must be from 1 to 60, found 61",
            "model.toml:7: inflation.energy: must be greater than -1 and less than 1, found -1",
            "model.toml:9: appraisal.optimism_bias: must be from 0 to 2, found 15; it looks like a percentage: write 15% as 0.15 or as \"15%\"",
            "model.toml:12: one_off_costs[1].amount: must be ≥ 0, found -5",
            "model.toml:17: vacate[1].dispose_on: 2012-05-01 is before the site is vacated on 2012-06-01",
            "model.toml:19: holding.energy: must be from 0 to 3, found -0.1",
            "model.toml:20: holding.empty_rates_relief_months: must be a whole number",
        ],
    );
}

#[test]
fn an_unknown_kind_and_a_toml_syntax_error() {
    let c = Case::new();
    let book = c.book(&[meta(), ("Sites", vec![sites_header(), good_site()])]);
    let text = vacate_model("OTH").replace("building_vacation", "car_park_closure");
    c.fails(
        &c.model(&text),
        &book,
        &["model.toml:2: kind: unknown kind \"car_park_closure\""],
    );
    c.fails(
        &c.model("name = \"x\"\nkind = \n"),
        &book,
        &["model.toml:2", "not valid TOML"],
    );
}

#[test]
fn a_name_shared_by_two_sites_needs_the_id() {
    let c = Case::new();
    let book = c.book(&[
        meta(),
        (
            "Sites",
            vec![
                sites_header(),
                site("D1", "Depot", "No", [1.0; 9]),
                site("D2", "depot", "No", [1.0; 9]),
            ],
        ),
    ]);
    c.fails(
        &c.model(&vacate_model("Depot")),
        &book,
        &["vacate[1].site: \"Depot\" is the name of 2 sites (ids D1, D2); use the site_id"],
    );
}

#[test]
fn validate_lists_problems_and_writes_nothing() {
    let c = Case::new();
    let mut row = good_site();
    row[5] = S("n/a");
    let book = c.book(&[meta(), ("Sites", vec![sites_header(), row])]);
    let out = savings()
        .arg("validate")
        .arg(c.model(&vacate_model("OTH")))
        .arg("--baseline")
        .arg(&book)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Sites!F2"));
}

// ---- The other model kinds (issue 3) ------------------------------------

#[test]
fn shared_service_unknown_partner() {
    let c = Case::new();
    let book = c.book(&[meta(), libraries()]);
    let text = SHARED.replace("[\"Bromley\", \"Bexley\"]", "[\"Bromley\", \"Croydon\"]");
    c.fails(
        &c.model(&text),
        &book,
        &["model.toml:3: partners: \"Croydon\" has no rows in the Libraries sheet (authorities there: Bexley, Bromley)"],
    );
}

#[test]
fn shared_service_shares_that_do_not_sum_to_one() {
    let c = Case::new();
    let book = c.book(&[meta(), libraries()]);
    let text = SHARED.replace(
        "cost_share = \"pro_rata\"",
        "cost_share = { Bromley = 0.6, Bexley = 0.5 }",
    );
    c.fails(
        &c.model(&text),
        &book,
        &["model.toml:6: cost_share: the shares sum to 1.1; they must sum to 1"],
    );
}

#[test]
fn shared_service_cannot_reduce_income() {
    let c = Case::new();
    let book = c.book(&[meta(), libraries()]);
    let text = SHARED.replace("management = 0.3", "management = 0.3\nincome = 0.1");
    c.fails(
        &c.model(&text),
        &book,
        &["model.toml:12: reductions.income: income cannot be reduced"],
    );
}

#[test]
fn libraries_trust_unknown_authority() {
    let c = Case::new();
    let book = c.book(&[meta(), libraries()]);
    let text = TRUST.replace("authority = \"Bromley\"", "authority = \"Bromely\"");
    c.fails(
        &c.model(&text),
        &book,
        &["model.toml:3: authority: \"Bromely\" has no rows in the Libraries sheet"],
    );
}

#[test]
fn libraries_trust_reliefs_that_sum_over_one() {
    let c = Case::new();
    let book = c.book(&[meta(), libraries()]);
    let text = TRUST.replace(
        "transfer_on = \"2013-04-01\"",
        "transfer_on = \"2013-04-01\"\nmandatory_rates_relief = 0.8\ndiscretionary_rates_relief = 0.3",
    );
    c.fails(
        &c.model(&text),
        &book,
        &["model.toml:6: discretionary_rates_relief: mandatory (0.8) and discretionary (0.3) rates relief sum to 1.1"],
    );
}

#[test]
fn sen_no_eligible_placements() {
    let c = Case::new();
    let book = c.book(&[meta(), placements()]);
    let text = SEN.replace("need = [\"ASD\"]", "need = [\"HI\"]");
    c.fails(
        &c.model(&text),
        &book,
        &["model.toml:3: need: no placement in the Placements sheet has need"],
    );
}

#[test]
fn sen_empty_capacity_list() {
    let c = Case::new();
    let book = c.book(&[meta(), placements()]);
    let text = SEN.replace("capacity = [10, 20]", "capacity = []");
    c.fails(
        &c.model(&text),
        &book,
        &["model.toml:7: capacity: needs at least one value"],
    );
}

#[test]
fn sen_take_up_outside_zero_to_one() {
    let c = Case::new();
    let book = c.book(&[meta(), placements()]);
    let text = SEN.replace("take_up = 0.8", "take_up = 1.2");
    c.fails(
        &c.model(&text),
        &book,
        &["model.toml:8: take_up: must be from 0 to 1, found 1.2"],
    );
}

#[test]
fn sen_financing_term_of_zero_years() {
    let c = Case::new();
    let book = c.book(&[meta(), placements()]);
    let text = SEN.replace("years = 25", "years = 0");
    c.fails(
        &c.model(&text),
        &book,
        &["model.toml:17: capital_financing.years: must be from 1 to 100, found 0"],
    );
}

#[test]
fn a_kind_whose_sheet_is_missing() {
    let c = Case::new();
    let book = c.book(&[meta(), libraries()]);
    c.fails(
        &c.model(SEN),
        &book,
        &["baseline.xlsx: has no Placements sheet"],
    );
}

#[test]
fn rates_that_would_vanish_to_zero_over_the_horizon() {
    let c = Case::new();
    let book = c.book(&[meta(), ("Sites", vec![sites_header(), good_site()])]);
    let text = vacate_model("OTH").replace(
        "years = 3",
        "years = 60\n[appraisal]\ndiscount_rate = -0.95",
    );
    c.fails(
        &c.model(&text),
        &book,
        &["model.toml: appraisal.discount_rate: a rate of -0.95 moves the discount factor"],
    );
}

// ---- Shared services over the Services sheet ------------------------------

#[test]
fn shared_service_names_a_service_with_no_rows() {
    let c = Case::new();
    let book = c.book(&[meta(), services()]);
    let text = SHARED_PARKING.replace("\"Parking\"", "\"Parks\"");
    c.fails(
        &c.model(&text),
        &book,
        &[
            "model.toml:4: service: \"Parks\" has no rows in the Services sheet of ",
            "(services there: Parking, Regulatory Services)",
        ],
    );
    let text = SHARED_PARKING.replace("\"Parking\"", "\"Parkng\"");
    c.fails(&c.model(&text), &book, &["; did you mean Parking?"]);
}

#[test]
fn shared_service_partner_with_no_rows_for_that_service() {
    let c = Case::new();
    let book = c.book(&[meta(), services()]);
    let text = SHARED_PARKING.replace(
        "[\"Bromley\", \"Bexley\"]",
        "[\"Bromley\", \"Bexley\", \"Croydon\"]",
    );
    c.fails(
        &c.model(&text),
        &book,
        &[
            "model.toml:3: partners: \"Croydon\" has no Parking rows in the Services sheet \
           (authorities there: Bexley, Bromley)",
        ],
    );
}

#[test]
fn shared_service_unknown_category_of_the_service() {
    let c = Case::new();
    let book = c.book(&[meta(), services()]);
    let text = SHARED_PARKING.replace(
        "management = 0.3",
        "management = 0.3\nenforcment_officers = 0.1",
    );
    c.fails(
        &c.model(&text),
        &book,
        &[
            "model.toml:13: reductions.enforcment_officers: \"enforcment_officers\" is not a \
           category of Parking in the Services sheet (its categories: management, \
           enforcement_officers); did you mean enforcement_officers?",
        ],
    );
}

#[test]
fn shared_service_category_named_twice() {
    let c = Case::new();
    let book = c.book(&[meta(), services()]);
    let text = SHARED_PARKING.replace("management = 0.3", "management = 0.3\n\"Management\" = 0.1");
    c.fails(
        &c.model(&text),
        &book,
        &["model.toml:13: reductions.Management: names the category management a second time"],
    );
}

#[test]
fn shared_service_cannot_reduce_a_services_income() {
    let c = Case::new();
    let book = c.book(&[meta(), services()]);
    let text = SHARED_PARKING.replace("management = 0.3", "management = 0.3\nIncome = 0.1");
    c.fails(
        &c.model(&text),
        &book,
        &["model.toml:13: reductions.Income: income cannot be reduced"],
    );
}

#[test]
fn shared_service_three_shares_that_do_not_sum_to_one() {
    let c = Case::new();
    let book = c.book(&[meta(), services()]);
    let text = SHARED_PARKING
        .replace("\"Parking\"", "\"Regulatory Services\"")
        .replace(
            "[\"Bromley\", \"Bexley\"]",
            "[\"Bromley\", \"Bexley\", \"Croydon\"]",
        )
        .replace(
            "cost_share = \"pro_rata\"",
            "cost_share = { Bromley = 0.3, Bexley = 0.3, Croydon = 0.3 }",
        );
    c.fails(
        &c.model(&text),
        &book,
        &["model.toml:7: cost_share: the shares sum to 0.9; they must sum to 1"],
    );
}

#[test]
fn shared_service_inflation_key_that_no_category_uses() {
    let c = Case::new();
    let book = c.book(&[meta(), services()]);
    let text = SHARED_PARKING.replace(
        "[reductions]",
        "[inflation]\nenforcement_oficers = 0.01\n[reductions]",
    );
    c.fails(
        &c.model(&text),
        &book,
        &[
            "model.toml:12: inflation.enforcement_oficers: is not a category of the shared \
           service's rows, so this rate would not be used; the inflation key of a category \
           is its name: management, enforcement_officers, income, or default",
        ],
    );
    // Without `service` the fixed list of keys still applies when reading.
    let text = SHARED.replace(
        "[reductions]",
        "[inflation]\nenforcement_officers = 0.01\n[reductions]",
    );
    c.fails(
        &c.model(&text),
        &c.book(&[meta(), libraries()]),
        &["model.toml:11: inflation.enforcement_officers: unknown key"],
    );
}

#[test]
fn services_sheet_bad_cells_and_missing_sheet() {
    let c = Case::new();
    let (name, mut rows) = services();
    rows[2][3] = S("n/a");
    rows[3][2] = S("(£)");
    let book = c.book(&[meta(), (name, rows)]);
    c.fails(
        &c.model(SHARED_PARKING),
        &book,
        &[
            "baseline.xlsx: Services!D3: amount must be a number ≥ 0, found text \"n/a\"",
            "Services!C4: category must name a cost category",
        ],
    );
    let book = c.book(&[meta(), libraries()]);
    c.fails(
        &c.model(SHARED_PARKING),
        &book,
        &[
            "has no Services sheet, which",
            "(shared_service) needs for the shared service's costs",
        ],
    );
}
