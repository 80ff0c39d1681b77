//! `channel_shift` and its Transactions sheet: every error class names
//! the file and cell or line and key, exits 2 and writes nothing; a good
//! model runs.

mod common;
use common::*;

/// A Transactions sheet: council tax by four channels (online and post
/// without a unit cost), and parking permits.
fn transactions(extra: Vec<Vec<Cell>>) -> (&'static str, Vec<Vec<Cell>>) {
    let mut rows = vec![
        vec![
            S("Service"),
            S("Channel"),
            S("Annual volume"),
            S("Unit cost (£)"),
        ],
        vec![S("Council tax"), S("Face to face"), N(1000.0), N(8.0)],
        vec![S("Council tax"), S("Telephone"), N(2000.0), N(3.0)],
        vec![S("Council tax"), S("Email"), N(300.0), Blank],
        vec![S("Council tax"), S("Online"), N(500.0), Blank],
        vec![S("Parking permits"), S("Post"), N(400.0), N(6.0)],
    ];
    rows.extend(extra);
    ("Transactions", rows)
}

const MODEL: &str = r#"name = "Council tax online"
kind = "channel_shift"
service = "Council tax"
live_on = "2012-04-01"
to = "online"
cashable_share = 0.5

[horizon]
start = "2012/13"
years = 2

[shift]
face_to_face = [0.2, 0.4]
telephone = [0.1]
"#;

#[test]
fn a_good_model_runs_and_takes_online_from_the_library() {
    let c = Case::new();
    let book = c.book(&[meta(), transactions(vec![])]);
    let out = c.run(&c.model(MODEL), &book, "out");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = std::fs::read_to_string(c.path("out/model/lines.csv")).unwrap();
    assert!(lines.contains("face_to_face to online,cashable"), "{lines}");
    assert!(
        lines.contains("telephone to online,non_cashable"),
        "{lines}"
    );
    let log = std::fs::read_to_string(c.path("out/model/assumptions.csv")).unwrap();
    assert!(
        log.contains("unit cost online (to)") && log.contains("unit-cost library: £0.08"),
        "{log}"
    );
    assert!(
        log.contains("baseline.xlsx: Transactions sheet, row 2"),
        "{log}"
    );
}

#[test]
fn a_channel_with_no_unit_cost_anywhere() {
    let c = Case::new();
    let book = c.book(&[meta(), transactions(vec![])]);
    let text = MODEL.replace("telephone = [0.1]", "email = [0.1]");
    c.fails(
        &c.model(&text),
        &book,
        &["model.toml:14: shift.email: channel email has no unit cost"],
    );
}

#[test]
fn to_among_the_shifted_channels() {
    let c = Case::new();
    let book = c.book(&[meta(), transactions(vec![])]);
    let text = MODEL.replace("telephone = [0.1]", "online = [0.1]");
    c.fails(
        &c.model(&text),
        &book,
        &["model.toml:14: shift.online: is the channel transactions move to"],
    );
}

#[test]
fn a_shift_share_above_one() {
    let c = Case::new();
    let book = c.book(&[meta(), transactions(vec![])]);
    let text = MODEL.replace("[0.2, 0.4]", "[0.2, 40]");
    c.fails(
        &c.model(&text),
        &book,
        &["model.toml:13: shift.face_to_face[2]: must be from 0 to 1, found 40"],
    );
}

#[test]
fn a_service_with_no_rows_lists_those_there() {
    let c = Case::new();
    let book = c.book(&[meta(), transactions(vec![])]);
    let text = MODEL.replace("service = \"Council tax\"", "service = \"Council tac\"");
    c.fails(
        &c.model(&text),
        &book,
        &["model.toml:3: service: \"Council tac\" has no rows in the Transactions sheet; did you mean Council tax? (services there: Council tax, Parking permits)"],
    );
}

#[test]
fn a_shifted_channel_with_no_row_lists_the_services_channels() {
    let c = Case::new();
    let book = c.book(&[meta(), transactions(vec![])]);
    let text = MODEL.replace("telephone = [0.1]", "post = [0.1]");
    c.fails(
        &c.model(&text),
        &book,
        &["model.toml:14: shift.post: \"Council tax\" has no post row in the Transactions sheet (its channels there: face_to_face, telephone, email, online)"],
    );
}

#[test]
fn an_unknown_channel_on_the_sheet() {
    let c = Case::new();
    let book = c.book(&[
        meta(),
        transactions(vec![vec![S("Council tax"), S("Fax"), N(10.0), N(1.0)]]),
    ]);
    c.fails(
        &c.model(MODEL),
        &book,
        &["baseline.xlsx: Transactions!B7: channel must be one of face_to_face, telephone, post, email, online, automated, other, found text \"Fax\""],
    );
}

#[test]
fn an_unknown_channel_in_the_model() {
    let c = Case::new();
    let book = c.book(&[meta(), transactions(vec![])]);
    let text = MODEL
        .replace("telephone = [0.1]", "fax = [0.1]")
        .replace("to = \"online\"", "to = \"web\"");
    c.fails(
        &c.model(&text),
        &book,
        &[
            "model.toml:5: to: \"web\" is not a channel; expected one of: face_to_face",
            "model.toml:14: shift.fax: is not a channel",
        ],
    );
}

#[test]
fn a_duplicate_service_and_channel_names_the_later_cell() {
    let c = Case::new();
    let book = c.book(&[
        meta(),
        transactions(vec![vec![
            S(" COUNCIL TAX "),
            S("telephone"),
            N(10.0),
            N(1.0),
        ]]),
    ]);
    c.fails(
        &c.model(MODEL),
        &book,
        &["baseline.xlsx: Transactions!B7: service \"COUNCIL TAX\" has a second telephone row (the first at B3)"],
    );
}

#[test]
fn negative_volume_and_text_unit_cost() {
    let c = Case::new();
    let book = c.book(&[
        meta(),
        transactions(vec![vec![S("Libraries"), S("Post"), N(-1.0), S("cheap")]]),
    ]);
    c.fails(
        &c.model(MODEL),
        &book,
        &[
            "Transactions!C7: annual_volume must be a number ≥ 0, found -1",
            "Transactions!D7: unit_cost must be a number ≥ 0, found text \"cheap\"",
        ],
    );
}

#[test]
fn other_bodies_are_read_and_checked() {
    let c = Case::new();
    let book = c.book(&[meta(), transactions(vec![])]);
    let text = format!("{MODEL}\n[[other_bodies]]\nbody = \"DWP\"\nper_transaction = -2\n");
    c.fails(
        &c.model(&text),
        &book,
        &["model.toml:18: other_bodies[1].per_transaction: must be ≥ 0, found -2"],
    );
    let text = format!("{MODEL}\n[[other_bodies]]\nbody = \"DWP\"\nper_tx = 2\n");
    c.fails(
        &c.model(&text),
        &book,
        &["model.toml:18: other_bodies[1].per_tx: unknown key"],
    );
}

#[test]
fn a_model_without_the_transactions_sheet() {
    let c = Case::new();
    let book = c.book(&[meta()]);
    c.fails(
        &c.model(MODEL),
        &book,
        &["baseline.xlsx: has no Transactions sheet, which"],
    );
}

/// The sorted lines of a CSV file.
fn sorted_lines(path: &std::path::Path) -> Vec<String> {
    let mut lines: Vec<String> = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(String::from)
        .collect();
    lines.sort();
    lines
}

#[test]
fn the_python_reference_agrees_to_the_penny() {
    if !reference_can_run() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let models = [
        "models/tell_us_once.toml",
        "models/epayments_parking.toml",
        "models/epayments_council_tax.toml",
        "models/epayments_council_tax_assisted.toml",
        "tests/scenarios/channel_shift_ramp_across_year_end.toml",
        "tests/scenarios/channel_shift_growth_and_share.toml",
        "tests/scenarios/channel_shift_dearer_channel.toml",
    ];
    for model in models {
        let stem = std::path::Path::new(model)
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        for (who, out) in [("engine", "e"), ("reference", "r")] {
            let out = dir.path().join(out);
            let status = if who == "engine" {
                savings()
                    .args([
                        "run",
                        model,
                        "--baseline",
                        "fixtures/bromley_2012.xlsx",
                        "--out",
                    ])
                    .arg(&out)
                    .output()
                    .unwrap()
                    .status
            } else {
                std::process::Command::new("python3")
                    .current_dir(repo())
                    .args([
                        "tools/reference.py",
                        model,
                        "--exact",
                        "--baseline",
                        "fixtures/bromley_2012.xlsx",
                        "--out",
                    ])
                    .arg(&out)
                    .status()
                    .unwrap()
            };
            assert!(status.success(), "{who} failed on {model}");
        }
        for file in ["projection.csv", "lines.csv", "bodies.csv"] {
            assert_eq!(
                sorted_lines(&dir.path().join("e").join(&stem).join(file)),
                sorted_lines(&dir.path().join("r").join(&stem).join(file)),
                "{model}: {file}"
            );
        }
    }
}

#[test]
fn a_library_cost_more_than_ten_years_old_gives_a_warning() {
    let c = Case::new();
    let book = c.book(&[meta(), transactions(vec![])]);
    // The library's online cost is at 2013/14 prices: 13 years before 2026/27.
    let text = MODEL.replace(
        "cashable_share = 0.5",
        "cashable_share = 0.5\nprice_base = \"2026/27\"",
    );
    let out = c.run(&c.model(&text), &book, "out");
    assert!(out.status.success());
    let summary = std::fs::read_to_string(c.path("out/model/summary.json")).unwrap();
    assert!(
        summary.contains("the unit cost transaction.online")
            && summary.contains("13 years older than the model's price base 2026/27"),
        "{summary}"
    );
    // At the workbook's 2011/12 no warning.
    let out = c.run(&c.model(MODEL), &book, "out2");
    assert!(out.status.success());
    let summary = std::fs::read_to_string(c.path("out2/model/summary.json")).unwrap();
    assert!(!summary.contains("years older"), "{summary}");
}

#[test]
fn a_rebased_library_cost_is_logged_with_its_source() {
    let c = Case::new();
    let book = c.book(&[meta(), transactions(vec![])]);
    let text = MODEL.replace("[shift]", "[inflation]\ngdp_deflator = 0.1\n\n[shift]");
    let out = c.run(&c.model(&text), &book, "out");
    assert!(
        out.status.success(),
        "{}\n{text}",
        String::from_utf8_lossy(&out.stderr)
    );
    let log = std::fs::read_to_string(c.path("out/model/assumptions.csv")).unwrap();
    // £0.08 at 2013/14 prices carried back two years at 10%: 0.08 / 1.21.
    assert!(
        log.contains("unit cost online (to),0.0661157025,0.0661157025,"),
        "{log}"
    );
    assert!(
        log.contains("rebased from 2013/14 to 2011/12 prices with inflation.gdp_deflator 0.1"),
        "{log}"
    );
}
