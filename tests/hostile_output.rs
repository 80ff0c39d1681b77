//! Outputs stay inside `--out` and are never left half-written: model file
//! names that would escape, runs that fail part-way, runs that race, stale
//! files of killed runs; and what reaches the terminal (control
//! characters), model files that are not files, dates far from the
//! horizon and amounts over the bound.

mod common;
use common::*;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

fn run_into(models: &[&Path], baseline: &Path, out: &Path) -> assert_cmd::Command {
    let mut c = savings();
    c.arg("run");
    for m in models {
        c.arg(m);
    }
    c.arg("--baseline").arg(baseline).arg("--out").arg(out);
    c.timeout(Duration::from_secs(120));
    c
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// The bundled fixture and a copy of the bundled building vacation model
/// under `name` in `dir`, with `from` replaced by `to` in its text.
fn vacation_model(dir: &Path, name: &str, from: &str, to: &str) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let text = std::fs::read_to_string(repo().join("models/building_vacation.toml")).unwrap();
    assert!(text.contains(from), "{from}");
    let p = dir.join(name);
    std::fs::write(&p, text.replace(from, to)).unwrap();
    p
}

fn fixture() -> PathBuf {
    repo().join("fixtures/bromley_2012.xlsx")
}

/// Names of the engine's own hidden entries (the lock file) left out, so
/// snapshots compare outputs only.
fn outputs(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    snapshot(dir)
        .into_iter()
        .filter(|(p, _)| !p.ends_with(".savings.lock"))
        .collect()
}

// --- item 5: output folder names -------------------------------------------

fn refuses_model_file_name(name: &str, expected: &str) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("a");
    let models = root.join("b");
    let model = vacation_model(&models, name, "name = ", "name = ");
    let out = root.join("b/out");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("keep.txt"), "earlier\n").unwrap();
    let before = snapshot(dir.path());
    let o = run_into(&[&model], &fixture(), &out).output().unwrap();
    let (_, stderr) = text(&o);
    assert_eq!(o.status.code(), Some(2), "{name}: {stderr}");
    assert!(stderr.contains(expected), "{name}: {stderr}");
    assert!(
        stderr.contains(&model.display().to_string().replace('\u{1b}', "�")),
        "{name}: the model file is named: {stderr}"
    );
    assert_eq!(
        snapshot(dir.path()),
        before,
        "{name}: something was written"
    );
}

#[test]
fn dot_dot_stem_cannot_write_into_the_parent_of_out() {
    refuses_model_file_name("...toml", "cannot name an output folder");
}

#[test]
fn dot_stem_cannot_write_into_out_itself() {
    refuses_model_file_name("..toml", "cannot name an output folder");
}

#[test]
fn reserved_and_unprintable_names_are_refused() {
    refuses_model_file_name("CON.toml", "reserved on Windows");
    refuses_model_file_name("nul.toml", "reserved on Windows");
    refuses_model_file_name("com1.toml", "reserved on Windows");
    refuses_model_file_name("a\\b.toml", "separator");
    refuses_model_file_name("a\u{1b}b.toml", "control character");
    refuses_model_file_name(".savings.lock.toml", "engine's own");
}

#[test]
fn validate_refuses_the_same_names() {
    let dir = tempfile::tempdir().unwrap();
    let model = vacation_model(dir.path(), "...toml", "name = ", "name = ");
    let o = savings().arg("validate").arg(&model).output().unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", text(&o).1);
}

// --- item 8: staged runs, locks, stale files ------------------------------

/// A successful run into `out`, then a run of changed models that fails
/// after `env`; the outputs must be byte-identical to the first run's.
fn failed_rerun_leaves_outputs(env: (&str, &str), trace: bool) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let a = vacation_model(&dir.path().join("m"), "a.toml", "years = 10", "years = 10");
    let b = vacation_model(&dir.path().join("m"), "b.toml", "years = 10", "years = 10");
    let mut first = run_into(&[&a, &b], &fixture(), &out);
    if trace {
        first.arg("--trace");
    }
    first.assert().success();
    let before = snapshot(&out);
    assert!(before.len() > 20, "{}", before.len());
    // The rerun's figures differ (a shorter horizon), so any file it
    // wrote would show.
    vacation_model(&dir.path().join("m"), "a.toml", "years = 10", "years = 8");
    vacation_model(&dir.path().join("m"), "b.toml", "years = 10", "years = 7");
    let mut again = run_into(&[&a, &b], &fixture(), &out);
    if trace {
        again.arg("--trace");
    }
    let o = again.env(env.0, env.1).output().unwrap();
    let (_, stderr) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{env:?}: {stderr}");
    assert!(stderr.contains("injected"), "{stderr}");
    assert_eq!(
        snapshot(&out),
        before,
        "{env:?}: the earlier outputs changed"
    );
}

#[test]
fn a_run_failing_while_writing_leaves_the_earlier_outputs() {
    for n in ["0", "1", "7", "20"] {
        failed_rerun_leaves_outputs(("SAVINGS_FAIL_AFTER_FILES", n), false);
    }
}

#[test]
fn a_run_failing_while_moving_folders_into_place_restores_them() {
    failed_rerun_leaves_outputs(("SAVINGS_FAIL_AFTER_FOLDERS", "1"), false);
}

#[test]
fn trace_json_is_staged_too() {
    failed_rerun_leaves_outputs(("SAVINGS_FAIL_AFTER_FILES", "23"), true);
}

#[test]
fn compare_is_staged_too() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let a = vacation_model(&dir.path().join("m"), "a.toml", "years = 10", "years = 10");
    let b = vacation_model(&dir.path().join("m"), "b.toml", "years = 10", "years = 6");
    let compare = || {
        let mut c = savings();
        c.arg("compare")
            .arg(&a)
            .arg(&b)
            .arg("--out")
            .arg(&out)
            .timeout(Duration::from_secs(120));
        c
    };
    compare().assert().success();
    let before = snapshot(&out);
    vacation_model(&dir.path().join("m"), "b.toml", "years = 10", "years = 5");
    let o = compare()
        .env("SAVINGS_FAIL_AFTER_FILES", "2")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", text(&o).1);
    assert_eq!(snapshot(&out), before);
}

#[test]
fn a_run_keeps_files_it_does_not_write_in_a_model_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let a = vacation_model(&dir.path().join("m"), "a.toml", "years = 10", "years = 10");
    std::fs::create_dir_all(out.join("a/notes")).unwrap();
    std::fs::write(out.join("a/my notes.txt"), "mine\n").unwrap();
    std::fs::write(out.join("a/notes/n.txt"), "also mine\n").unwrap();
    std::fs::write(out.join("a/summary.json"), "old\n").unwrap();
    // An earlier run's trace would describe other figures: it goes.
    std::fs::write(out.join("a/trace.json"), "{}\n").unwrap();
    run_into(&[&a], &fixture(), &out).assert().success();
    assert!(!out.join("a/trace.json").exists());
    assert_eq!(
        std::fs::read(out.join("a/my notes.txt")).unwrap(),
        b"mine\n"
    );
    assert_eq!(
        std::fs::read(out.join("a/notes/n.txt")).unwrap(),
        b"also mine\n"
    );
    assert_ne!(std::fs::read(out.join("a/summary.json")).unwrap(), b"old\n");
    assert!(!leftovers(&out), "staging left behind");
}

/// Whether a staging folder or a temporary file is left in `out`.
fn leftovers(out: &Path) -> bool {
    snapshot(out).iter().any(|(p, _)| {
        let s = p.to_string_lossy();
        s.contains(".savings-staging-") || s.contains(".tmp-")
    })
}

#[test]
fn a_second_run_while_one_is_writing_refuses() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let a = vacation_model(&dir.path().join("m"), "a.toml", "years = 10", "years = 10");
    // This test stands for the run that is writing: it holds the lock.
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(out.join(".savings.lock"))
        .unwrap();
    lock.lock().unwrap();
    let before = snapshot(&out);
    let o = run_into(&[&a], &fixture(), &out).output().unwrap();
    let (_, stderr) = text(&o);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("another savings run is writing there"),
        "{stderr}"
    );
    assert!(stderr.contains(&out.display().to_string()), "{stderr}");
    assert_eq!(snapshot(&out), before);
    drop(lock);
    run_into(&[&a], &fixture(), &out).assert().success();
}

#[test]
fn runs_in_parallel_leave_one_runs_complete_files() {
    let dir = tempfile::tempdir().unwrap();
    // Two models with one stem and different figures.
    let a = vacation_model(&dir.path().join("a"), "m.toml", "years = 10", "years = 10");
    let b = vacation_model(&dir.path().join("b"), "m.toml", "years = 10", "years = 6");
    let reference = |model: &Path, name: &str| {
        let out = dir.path().join(name);
        run_into(&[model], &fixture(), &out).assert().success();
        outputs(&out.join("m"))
            .into_iter()
            .map(|(p, b)| (p.strip_prefix(&out).unwrap().to_path_buf(), b))
            .collect::<Vec<_>>()
    };
    let ref_a = reference(&a, "ref_a");
    let ref_b = reference(&b, "ref_b");
    assert_ne!(ref_a, ref_b);
    for trial in 0..6 {
        let out = dir.path().join(format!("out{trial}"));
        let spawn = |m: &Path| {
            std::process::Command::new(env!("CARGO_BIN_EXE_savings"))
                .current_dir(repo())
                // As `savings()` does: the reports' run date is fixed.
                .env("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
                .arg("run")
                .arg(m)
                .arg("--baseline")
                .arg(fixture())
                .arg("--out")
                .arg(&out)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (ca, cb) = (spawn(&a), spawn(&b));
        let (oa, ob) = (
            ca.wait_with_output().unwrap(),
            cb.wait_with_output().unwrap(),
        );
        let mut ok = 0;
        for o in [&oa, &ob] {
            match o.status.code() {
                Some(0) => ok += 1,
                Some(2) => assert!(
                    text(o).1.contains("another savings run is writing there"),
                    "{}",
                    text(o).1
                ),
                other => panic!("exit {other:?}: {}", text(o).1),
            }
        }
        assert!(ok >= 1, "neither run succeeded");
        let got: Vec<_> = outputs(&out.join("m"))
            .into_iter()
            .map(|(p, b)| (p.strip_prefix(&out).unwrap().to_path_buf(), b))
            .collect();
        assert!(
            got == ref_a || got == ref_b,
            "trial {trial}: the folder mixes the two runs' files"
        );
        assert!(!leftovers(&out));
    }
}

#[test]
fn stale_files_of_killed_runs_are_removed() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let a = vacation_model(&dir.path().join("m"), "a.toml", "years = 10", "years = 10");
    // Left by runs killed mid-write: a process id that cannot be alive
    // (above Linux's largest), in a model folder this run writes and in one
    // it does not.
    let dead = 999_999_999u32;
    for d in ["a", "other"] {
        std::fs::create_dir_all(out.join(d)).unwrap();
        std::fs::write(out.join(d).join(format!(".baseline.png.tmp-{dead}")), "x").unwrap();
    }
    let stale = out.join(format!(".savings-staging-{dead}-1"));
    std::fs::create_dir_all(stale.join("new/a")).unwrap();
    std::fs::write(stale.join("new/a/summary.json"), "half").unwrap();
    // A staging folder and a temporary file of a live process (this
    // test), just made: kept.
    let me = std::process::id();
    let live = out.join(format!(".savings-staging-{me}-1"));
    std::fs::create_dir_all(&live).unwrap();
    let live_tmp = out.join("other").join(format!(".x.csv.tmp-{me}"));
    std::fs::write(&live_tmp, "x").unwrap();
    run_into(&[&a], &fixture(), &out).assert().success();
    assert!(!stale.exists());
    for d in ["a", "other"] {
        assert!(!out
            .join(d)
            .join(format!(".baseline.png.tmp-{dead}"))
            .exists());
    }
    assert!(live.exists());
    assert!(live_tmp.exists());
}

#[test]
fn a_folder_moved_aside_by_a_killed_run_is_put_back() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let a = vacation_model(&dir.path().join("m"), "a.toml", "years = 10", "years = 10");
    // Killed between moving the old `other` aside and moving the new one
    // in: the old folder is in the staging folder, none in place.
    let stale = out.join(".savings-staging-999999999-1");
    std::fs::create_dir_all(stale.join("old/other")).unwrap();
    std::fs::write(stale.join("old/other/summary.json"), "earlier\n").unwrap();
    run_into(&[&a], &fixture(), &out).assert().success();
    assert_eq!(
        std::fs::read(out.join("other/summary.json")).unwrap(),
        b"earlier\n"
    );
    assert!(!stale.exists());
}

// --- item 9: the terminal, non-files, dates, bounds ------------------------

fn no_control_characters(s: &str) {
    assert!(
        !s.chars().any(|c| c.is_control() && c != '\n' && c != '\t'),
        "control characters reached the terminal: {s:?}"
    );
}

#[test]
fn control_characters_in_names_do_not_reach_the_terminal() {
    let c = Case::new();
    let book = c.book(&[
        meta(),
        (
            "Sites",
            vec![
                sites_header(),
                site(
                    "OTH",
                    "Old \u{1b}[31mTown\u{7} Hall\u{9b}",
                    "No",
                    [100.0, 200.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0],
                ),
            ],
        ),
    ]);
    let model = c.model(
        &vacate_model("OTH")
            .replace("Test vacation", "Bell\\u0007 \\u001b]0;title\\u0007 \\r")
            // A date far before the horizon: a warning naming the key.
            .replace("2012-06-01", "1990-06-01"),
    );
    let o = run_into(&[&model], &book, &c.path("out")).output().unwrap();
    let (stdout, stderr) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    no_control_characters(&stdout);
    no_control_characters(&stderr);
    assert!(stdout.contains("Bell� �]0;title� �"), "{stdout}");
    // An error naming a site that is not there, with control characters.
    let model = c.model(&vacate_model("X\\u001b[2J"));
    let o = run_into(&[&model], &book, &c.path("out")).output().unwrap();
    let (stdout, stderr) = text(&o);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    no_control_characters(&stdout);
    no_control_characters(&stderr);
    assert!(stderr.contains("X�[2J"), "{stderr}");
}

#[test]
fn validate_filters_control_characters_too() {
    let c = Case::new();
    let model = c.model(&vacate_model("OTH").replace("Test vacation", "a\\u001bb"));
    let o = savings().arg("validate").arg(&model).output().unwrap();
    let (stdout, stderr) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    no_control_characters(&stdout);
    assert!(stdout.contains("a�b"), "{stdout}");
}

#[test]
fn special_files_are_refused_not_read() {
    let c = Case::new();
    let fifo = c.path("fifo.toml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let model = c.model(&vacate_model("OTH"));
    let cases: [(&Path, &Path); 3] = [
        (&fifo, &fixture()),
        (Path::new("/dev/zero"), &fixture()),
        (&model, Path::new("/dev/zero")),
    ];
    for (m, b) in cases {
        let o = run_into(&[m], b, &c.path("out"))
            .timeout(Duration::from_secs(20))
            .output()
            .unwrap();
        let (_, stderr) = text(&o);
        assert_eq!(o.status.code(), Some(2), "{}: {stderr}", m.display());
        assert!(stderr.contains("is not a regular file"), "{stderr}");
    }
}

#[test]
fn model_files_over_a_mebibyte_are_refused() {
    let c = Case::new();
    let mut text = vacate_model("OTH");
    while text.len() <= 1024 * 1024 {
        text.push_str("# padding padding padding padding padding padding padding\n");
    }
    let model = c.model(&text);
    c.fails(&model, &fixture(), &["larger than 1 MiB"]);
}

fn warns(model_text: &str, baseline: &Path, expected: &str) {
    let c = Case::new();
    let model = c.model(model_text);
    let o = run_into(&[&model], baseline, &c.path("out"))
        .output()
        .unwrap();
    let (_, stderr) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains(expected),
        "expected {expected:?} in {stderr}"
    );
}

#[test]
fn event_dates_far_from_the_horizon_warn() {
    let c = Case::new();
    let book = c.book(&[meta(), ("Sites", vec![sites_header(), good_site()])]);
    warns(
        &vacate_model("OTH").replace("2012-06-01", "2040-01-01"),
        &book,
        "vacate[1].on: 2040-01-01 is after the horizon ends",
    );
    warns(
        &vacate_model("OTH").replace("2012-06-01", "1990-01-01"),
        &book,
        "vacate[1].on: 1990-01-01 is more than 10 years before the horizon starts",
    );
    for (file, key) in [
        ("libraries_trust.toml", "transfer_on"),
        ("library_shared_service.toml", "live_on"),
        ("autism_invest_to_save.toml", "opens_on"),
    ] {
        let text = std::fs::read_to_string(repo().join("models").join(file)).unwrap();
        let line = text
            .lines()
            .find(|l| l.trim_start().starts_with(key))
            .unwrap_or_else(|| panic!("{file} has no {key}"));
        let changed = text.replace(line, &format!("{key} = \"2090-04-01\""));
        warns(
            &changed,
            &fixture(),
            &format!("{key}: 2090-04-01 is after the horizon ends"),
        );
    }
}

#[test]
fn amounts_over_the_bound_state_the_trillion_limit() {
    let c = Case::new();
    let model = c.model(&vacate_model("OTH").replace(
        "on = \"2012-06-01\"",
        "on = \"2012-06-01\"\ndispose_on = \"2013-01-01\"\ncapital_receipt = 2000000000000",
    ));
    c.fails(
        &model,
        &fixture(),
        &["capital_receipt: must be at most £1,000,000,000,000 (£1 trillion"],
    );
    let mut row = good_site();
    row[4] = N(2e12);
    let book = c.book(&[meta(), ("Sites", vec![sites_header(), row])]);
    c.fails(
        &c.model(&vacate_model("OTH")),
        &book,
        &["Sites!E2: energy must be at most £1,000,000,000,000 (£1 trillion"],
    );
}
