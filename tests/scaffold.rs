//! `savings template` and `savings new`: the files a new user starts from
//! are accepted by the engine as written, hold every sheet and column it
//! reads, and never overwrite a file unless asked.

mod common;
use common::*;
use std::io::Read;
use std::path::Path;

/// Runs `savings` with `args`: exit status, stdout, stderr.
fn run(args: &[&std::ffi::OsStr]) -> (i32, String, String) {
    let out = savings().args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Runs `savings` and expects exit 0; returns stdout.
fn ok(args: &[&std::ffi::OsStr]) -> String {
    let (code, stdout, stderr) = run(args);
    assert_eq!(code, 0, "{args:?}\n{stdout}\n{stderr}");
    stdout
}

/// Runs `savings` and expects exit 2; returns stderr.
fn bad(args: &[&std::ffi::OsStr]) -> String {
    let (code, stdout, stderr) = run(args);
    assert_eq!(code, 2, "{args:?}\n{stdout}\n{stderr}");
    stderr
}

fn os(s: &str) -> &std::ffi::OsStr {
    s.as_ref()
}

fn zip_entry(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    zip.by_name(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .read_to_string(&mut s)
        .unwrap();
    s
}

#[test]
fn template_is_read_by_the_engine_with_every_sheet_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("council.xlsx");
    let said = ok(&[os("template"), os("--out"), book.as_os_str()]);
    assert!(said.contains("savings validate --baseline"), "{said}");

    let b = savings::workbook::read_baseline(&book).unwrap();
    assert!(
        b.warnings.is_empty(),
        "every column is one the engine reads: {:?}",
        b.warnings
    );
    let meta = b.meta.as_ref().expect("Meta sheet");
    assert_eq!(meta.price_base.to_string(), "2011/12");
    assert!(meta.authority.contains("EXAMPLE"));
    let sites = b.sites.as_ref().expect("Sites sheet");
    assert_eq!(sites.len(), 1);
    // Every optional column is there: each cost category, the floor area,
    // the listing.
    assert!(
        sites[0].costs.iter().all(|c| !c.is_zero()),
        "{:?}",
        sites[0]
    );
    assert!(sites[0].floor_area_m2.is_some() && sites[0].listed);
    assert!(sites[0].name.contains("EXAMPLE"));
    let libraries = b.libraries.as_ref().expect("Libraries sheet");
    assert_eq!(libraries.len(), 1);
    assert!(libraries[0].fte.is_some());
    let placements = b.placements.as_ref().expect("Placements sheet");
    assert_eq!(placements.len(), 1);
    assert!(!placements[0].annual_transport.is_zero());
    let services = b.services.as_ref().expect("Services sheet");
    assert_eq!(services.len(), 1);
    assert_eq!(services[0].category, "management");
    assert!(services[0].service.contains("EXAMPLE") && services[0].fte.is_some());

    // A note on every header (and on the Meta values), drop-down lists for
    // the categories, provider types and listing.
    let notes: usize = (1..=4)
        .map(|i| {
            zip_entry(&book, &format!("xl/comments{i}.xml"))
                .matches("<comment ")
                .count()
        })
        .sum();
    assert_eq!(notes, 3 + 13 + 5 + 6);
    let sites_xml = zip_entry(&book, "xl/worksheets/sheet2.xml");
    assert!(sites_xml.contains(r#""yes,no""#), "listed list");
    let libraries_xml = zip_entry(&book, "xl/worksheets/sheet3.xml");
    assert!(
        libraries_xml.contains("management,frontline_staff,premises"),
        "categories"
    );
    let placements_xml = zip_entry(&book, "xl/worksheets/sheet4.xml");
    assert!(
        placements_xml.contains("independent,non_maintained"),
        "provider types"
    );

    // The engine's own check accepts it with a model that uses it.
    let model = dir.path().join("m.toml");
    ok(&[
        os("new"),
        os("building_vacation"),
        os("--out"),
        model.as_os_str(),
    ]);
    let said = ok(&[
        os("validate"),
        model.as_os_str(),
        os("--baseline"),
        book.as_os_str(),
    ]);
    assert!(said.contains(": ok"), "{said}");
}

#[test]
fn every_new_model_validates_against_the_bundled_workbook() {
    let dir = tempfile::tempdir().unwrap();
    for kind in [
        "building_vacation",
        "shared_service",
        "libraries_trust",
        "sen_invest_to_save",
    ] {
        let model = dir.path().join(format!("my_{kind}.toml"));
        ok(&[os("new"), os(kind), os("--out"), model.as_os_str()]);
        let text = std::fs::read_to_string(&model).unwrap();
        // Every key line carries a comment.
        for line in text.lines() {
            let line = line.trim();
            if line.contains(" = ") && !line.starts_with('#') {
                assert!(line.contains('#'), "{kind}: no comment on {line:?}");
            }
        }
        let said = ok(&[os("validate"), model.as_os_str()]);
        assert!(said.contains(&format!("({kind})")), "{said}");
        // And runs.
        let out = dir.path().join("out");
        ok(&[os("run"), model.as_os_str(), os("--out"), out.as_os_str()]);
    }
}

#[test]
fn an_unknown_kind_lists_the_kinds() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("m.toml");
    let said = bad(&[
        os("new"),
        os("building_vacaton"),
        os("--out"),
        model.as_os_str(),
    ]);
    for kind in [
        "building_vacation",
        "shared_service",
        "libraries_trust",
        "sen_invest_to_save",
    ] {
        assert!(said.contains(kind), "{said}");
    }
    assert!(!model.exists());
}

#[test]
fn an_existing_file_is_left_alone_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("mine.toml");
    std::fs::write(&model, "my own work").unwrap();
    let said = bad(&[
        os("new"),
        os("shared_service"),
        os("--out"),
        model.as_os_str(),
    ]);
    assert!(
        said.contains("already exists") && said.contains("--force"),
        "{said}"
    );
    assert_eq!(std::fs::read_to_string(&model).unwrap(), "my own work");
    ok(&[
        os("new"),
        os("shared_service"),
        os("--force"),
        os("--out"),
        model.as_os_str(),
    ]);
    assert!(std::fs::read_to_string(&model)
        .unwrap()
        .contains("kind = \"shared_service\""));

    let book = dir.path().join("t.xlsx");
    std::fs::write(&book, "not yet").unwrap();
    let said = bad(&[os("template"), os("--out"), book.as_os_str()]);
    assert!(said.contains("already exists"), "{said}");
    assert_eq!(std::fs::read_to_string(&book).unwrap(), "not yet");
    let said = bad(&[os("template"), os("--out"), dir.path().as_os_str()]);
    assert!(said.contains("is a folder"), "{said}");
    // Nothing half-written is left behind.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.contains(".tmp")), "{names:?}");
}
