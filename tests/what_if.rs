//! What-if from the command line (`--set PATH=VALUE`, `savings params`):
//! an override gives exactly the figures of the same value written in the
//! file, is checked like the file's values, and is logged as the command
//! line's.

mod common;
use common::*;
use std::path::Path;

fn run(model: &Path, out: &Path, sets: &[&str]) -> std::process::Output {
    let mut c = savings();
    c.arg("run").arg(model).arg("--out").arg(out);
    for s in sets {
        c.arg("--set").arg(s);
    }
    c.output().unwrap()
}

fn read(dir: &Path, stem: &str, file: &str) -> String {
    std::fs::read_to_string(dir.join(stem).join(file)).unwrap()
}

/// Runs `model` with `sets`, and a copy of it edited by `edit` without;
/// their figures must be the same to the byte.
fn same_as_edited(model: &str, sets: &[&str], edit: impl Fn(&str) -> String) {
    let dir = tempfile::tempdir().unwrap();
    let original = repo().join(model);
    let text = std::fs::read_to_string(&original).unwrap();
    let edited_text = edit(&text);
    assert_ne!(edited_text, text, "the edit changed nothing");
    let stem = original.file_stem().unwrap().to_str().unwrap().to_string();
    let edited = dir.path().join("edited").join(format!("{stem}.toml"));
    std::fs::create_dir_all(edited.parent().unwrap()).unwrap();
    std::fs::write(&edited, edited_text).unwrap();
    let (a, b) = (dir.path().join("set"), dir.path().join("file"));
    let r = run(&original, &a, sets);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let r = run(&edited, &b, &[]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    for f in ["projection.csv", "lines.csv", "bodies.csv"] {
        assert_eq!(read(&a, &stem, f), read(&b, &stem, f), "{model} {f}");
    }
    let plain = dir.path().join("plain");
    assert!(run(&original, &plain, &[]).status.success());
    assert_ne!(
        read(&a, &stem, "projection.csv"),
        read(&plain, &stem, "projection.csv"),
        "the override changed nothing"
    );
}

#[test]
fn an_override_gives_the_figures_of_the_same_value_in_the_file() {
    same_as_edited("models/autism_invest_to_save.toml", &["take_up=0.6"], |t| {
        t.replace("take_up = 0.8", "take_up = 0.6")
    });
    // A percentage, a list item and an entry named by its label.
    same_as_edited(
        "models/autism_invest_to_save.toml",
        &["demand_growth=4%", "capacity.2=25"],
        |t| {
            t.replace("demand_growth = 0.06", "demand_growth = 0.04")
                .replace("capacity = [10, 20, 30, 40]", "capacity = [10, 25, 30, 40]")
        },
    );
    same_as_edited(
        "models/building_vacation.toml",
        &[
            "one_off_costs.\"Decant and moves\".amount=200000",
            "vacate.ASH.dispose_on=2014-10-01",
        ],
        |t| {
            t.replace("amount = 180_000", "amount = 200_000")
                .replace("dispose_on = \"2013-10-01\"", "dispose_on = \"2014-10-01\"")
        },
    );
}

#[test]
fn a_default_is_set_by_adding_it_and_every_other_line_keeps_its_number() {
    // holding.cleaning is left to its default (0) by the bundled model.
    same_as_edited(
        "models/building_vacation.toml",
        &["holding.cleaning=0.5"],
        |t| t.replace("security = 1.0", "security = 1.0\ncleaning = 0.5"),
    );
    let dir = tempfile::tempdir().unwrap();
    let model = repo().join("models/building_vacation.toml");
    let r = run(&model, dir.path(), &["holding.cleaning=0.5"]);
    assert!(r.status.success());
    let report = read(dir.path(), "building_vacation", "report.md");
    assert!(
        report.contains("what if, from the command line: --set holding.cleaning=0.5"),
        "{report}"
    );
    let log = read(dir.path(), "building_vacation", "assumptions.csv");
    assert!(
        log.contains("holding.cleaning,50%,0.5,command line: --set holding.cleaning=0.5"),
        "{log}"
    );
    // Keys after the added line keep the file's own line numbers.
    let text = std::fs::read_to_string(&model).unwrap();
    let line = text
        .lines()
        .position(|l| l.starts_with("empty_rates_relief_months"))
        .unwrap()
        + 1;
    assert!(
        log.contains(&format!(
            "holding.empty_rates_relief_months,3,3,{}:{line}",
            model.display()
        )),
        "{log}"
    );
}

#[test]
fn a_bad_override_names_the_argument_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let model = repo().join("models/autism_invest_to_save.toml");
    let cases: [(&str, &str); 6] = [
        (
            "take_up=6",
            "--set take_up=6 (take_up): must be from 0 to 1",
        ),
        ("take_up=sixty", "is not a value a parameter takes"),
        ("take_upp=0.6", "--set take_upp=0.6 (take_upp): unknown key"),
        ("vacate.OTH.on=2015-04-01", "the model has no vacate"),
        ("name=1", "name is not a parameter"),
        ("capacity.9=10", "capacity has 4 values, not 9"),
    ];
    for (set, want) in cases {
        let out = dir.path().join(set.replace(['=', '.'], "_"));
        let r = run(&model, &out, &[set]);
        assert_eq!(r.status.code(), Some(2), "{set}");
        let err = String::from_utf8_lossy(&r.stderr);
        assert!(err.contains(want), "{set}: {err}");
        assert!(!out.exists(), "{set} wrote {}", out.display());
    }
}

#[test]
fn params_lists_every_path_with_its_value_and_the_defaults() {
    let out = savings()
        .args(["params", "models/building_vacation.toml"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for want in [
        "vacate.EXH.capital_receipt",
        "one_off_costs.\"Decant and moves\".amount",
        "holding.energy",
        "(line ",
        "Defaults the engine applies",
        "holding.repairs_maintenance",
    ] {
        assert!(text.contains(want), "{want}:\n{text}");
    }
    assert!(!text.contains("appraisal.perspective"), "{text}");
}

/// The amounts of one line of `lines.csv`, in pence, by financial year.
fn line_pence(dir: &Path, stem: &str, line: &str) -> Vec<(String, i64)> {
    read(dir, stem, "lines.csv")
        .lines()
        .filter_map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f.len() == 4 && f[1] == line && f[2] == "cashable").then(|| {
                let p: f64 = f[3].parse().unwrap();
                (f[0].to_string(), (p * 100.0).round() as i64)
            })
        })
        .collect()
}

#[test]
fn a_baseline_scale_factor_scales_that_categorys_saving_and_no_other() {
    let dir = tempfile::tempdir().unwrap();
    let model = repo().join("models/building_vacation.toml");
    let (plain, scaled) = (dir.path().join("plain"), dir.path().join("scaled"));
    assert!(run(&model, &plain, &[]).status.success());
    let r = run(&model, &scaled, &["baseline.energy=110%"]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let (a, b) = (
        line_pence(&plain, "building_vacation", "energy"),
        line_pence(&scaled, "building_vacation", "energy"),
    );
    assert!(!a.is_empty());
    for ((fy, x), (_, y)) in a.iter().zip(&b) {
        // The saving is linear in the cost: ten per cent more, to within
        // the penny each side is rounded to.
        let want = *x as f64 * 1.1;
        assert!(
            (*y as f64 - want).abs() <= 1.5,
            "{fy}: {x} × 1.1 = {want}, got {y}"
        );
    }
    assert_eq!(
        line_pence(&plain, "building_vacation", "water"),
        line_pence(&scaled, "building_vacation", "water")
    );
    let log = read(&scaled, "building_vacation", "assumptions.csv");
    assert!(
        log.contains("command line: --set baseline.energy=110%"),
        "{log}"
    );
    // SEN: the fees of every placement, so the cost of each diverted one.
    let sen = repo().join("models/autism_invest_to_save.toml");
    let r = run(&sen, &dir.path().join("sen"), &["baseline.annual_fee=0.9"]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    assert_ne!(
        read(
            &dir.path().join("sen"),
            "autism_invest_to_save",
            "projection.csv"
        ),
        {
            assert!(run(&sen, &dir.path().join("sen0"), &[]).status.success());
            read(
                &dir.path().join("sen0"),
                "autism_invest_to_save",
                "projection.csv",
            )
        }
    );
    for (set, want) in [
        (
            "baseline.energi=1.1",
            "\"energi\" is not a baseline category",
        ),
        ("baseline.energy=-1", "must be a number from 0 to 1000"),
        ("baseline.energy.x=1", "baseline.<category>"),
    ] {
        let out = dir.path().join("bad");
        let r = run(&model, &out, &[set]);
        assert_eq!(r.status.code(), Some(2), "{set}");
        assert!(String::from_utf8_lossy(&r.stderr).contains(want), "{set}");
        assert!(!out.exists());
    }
}

mod fuzz {
    use super::*;
    use proptest::prelude::*;

    fn part() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("take_up".to_string()),
            Just("holding".to_string()),
            Just("energy".to_string()),
            Just("vacate".to_string()),
            Just("OTH".to_string()),
            Just("\"Decant and moves\"".to_string()),
            Just("one_off_costs".to_string()),
            Just("capacity".to_string()),
            Just("baseline".to_string()),
            Just("inflation".to_string()),
            "[0-9]{1,3}",
            "[a-z_\\. \"]{0,12}",
            any::<String>(),
        ]
    }

    fn value() -> impl Strategy<Value = String> {
        prop_oneof![
            "-?[0-9]{1,30}(\\.[0-9]{0,30})?",
            "[0-9]{1,4}(\\.[0-9]{1,3})?%",
            "[0-9]{4}-[0-9]{2}-[0-9]{2}",
            any::<String>(),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(64),
            ..ProptestConfig::default()
        })]

        /// Whatever --set is given, reading the model never panics: it
        /// is read, or refused with problems.
        #[test]
        fn any_override_is_read_or_refused(
            model in prop_oneof![
                Just("models/building_vacation.toml"),
                Just("models/autism_invest_to_save.toml"),
                Just("models/library_shared_service_fixed_share.toml"),
                Just("models/tell_us_once.toml"),
            ],
            parts in proptest::collection::vec(part(), 1..4),
            value in value(),
        ) {
            let arg = format!("{}={value}", parts.join("."));
            let path = repo().join(model);
            let bytes = std::fs::read(&path).unwrap();
            if let Ok(set) = savings::model::params::parse_set(&arg) {
                match savings::model::from_bytes_with(&path, &bytes, &[set]) {
                    Ok(_) => {}
                    Err(savings::error::Error::Input(p)) => prop_assert!(!p.is_empty()),
                    Err(e) => prop_assert!(false, "{arg}: {e}"),
                }
            }
        }
    }
}
