//! A fuzz harness for workbooks, on stable Rust (issue 10): the bundled
//! fixture with one XML part mutated (bytes replaced, deleted or repeated;
//! odd cells added: far references, every cell type, huge and broken
//! values), read and prepared against every bundled model through the
//! library. No mutation may panic; each gives a baseline or an input error.
//!
//! The suite runs a short run; the long run is
//! `PROPTEST_CASES=100000 cargo test --release --test fuzz_workbooks`.
//! Inputs that ever failed stay in `fuzz_workbooks.proptest-regressions`.

mod common;
use common::*;
use proptest::prelude::*;
use savings::error::Error;
use savings::run;
use std::io::{Read, Write};
use std::path::Path;

/// The fixture's parts, read once: (name, bytes).
fn fixture_parts() -> Vec<(String, Vec<u8>)> {
    let bytes = std::fs::read(repo().join("fixtures/bromley_2012.xlsx")).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut f = archive.by_index(i).unwrap();
            let name = f.name().unwrap().to_string();
            let mut b = Vec::new();
            f.read_to_end(&mut b).unwrap();
            (name, b)
        })
        .collect()
}

/// The parts worth mutating: the four sheets and the shared strings.
const TARGETS: [&str; 5] = [
    "xl/worksheets/sheet1.xml",
    "xl/worksheets/sheet2.xml",
    "xl/worksheets/sheet3.xml",
    "xl/worksheets/sheet4.xml",
    "xl/sharedStrings.xml",
];

#[derive(Clone, Debug)]
enum Mutation {
    /// Replace bytes at a fraction of the way in with these.
    Replace(f64, Vec<u8>),
    /// Delete a span (fraction, length).
    Delete(f64, usize),
    /// Repeat a span (fraction, length, times).
    Repeat(f64, usize, usize),
    /// Add a row with one cell: reference, type attribute, inner XML.
    Cell(String, String, String),
}

fn xml_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(
        prop_oneof![
            Just(b'<'),
            Just(b'>'),
            Just(b'"'),
            Just(b'/'),
            Just(b'&'),
            Just(b'='),
            Just(b'-'),
            b'0'..=b'9',
            b'a'..=b'z',
            any::<u8>(),
        ],
        1..24,
    )
}

fn reference() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Z]{1,3}[1-9][0-9]{0,6}",
        "[A-Z]{1,12}[0-9]{1,14}",
        Just("XFD1048576".to_string()),
        Just("A0".to_string()),
        "[a-z0-9$:]{0,6}",
    ]
}

fn cell_type() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just(r#" t="s""#.to_string()),
        Just(r#" t="n""#.to_string()),
        Just(r#" t="str""#.to_string()),
        Just(r#" t="b""#.to_string()),
        Just(r#" t="e""#.to_string()),
        Just(r#" t="d""#.to_string()),
        Just(r#" t="inlineStr""#.to_string()),
        Just(r#" s="99999""#.to_string()),
    ]
}

fn cell_inner() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9]{1,30}".prop_map(|v| format!("<v>{v}</v>")),
        "-?[0-9]{1,5}\\.[0-9]{0,20}(e[+-]?[0-9]{1,4})?".prop_map(|v| format!("<v>{v}</v>")),
        "[ -~]{0,20}"
            .prop_map(|v| format!("<v>{}</v>", v.replace('<', "&lt;").replace('&', "&amp;"))),
        Just("<f>SUM(A1:A2)</f>".to_string()),
        Just("<f>1+1</f><v>2</v>".to_string()),
        "[ -~]{0,20}".prop_map(|v| format!(
            "<is><t>{}</t></is>",
            v.replace('<', "&lt;").replace('&', "&amp;")
        )),
        Just("<v>#DIV/0!</v>".to_string()),
        Just(String::new()),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (0.0..1.0f64, xml_bytes()).prop_map(|(at, b)| Mutation::Replace(at, b)),
        (0.0..1.0f64, 1..200usize).prop_map(|(at, n)| Mutation::Delete(at, n)),
        (0.0..1.0f64, 1..200usize, 2..20usize).prop_map(|(at, n, k)| Mutation::Repeat(at, n, k)),
        (reference(), cell_type(), cell_inner()).prop_map(|(r, t, v)| Mutation::Cell(r, t, v)),
    ]
}

fn mutate(bytes: &[u8], m: &Mutation) -> Vec<u8> {
    let at = |f: f64| ((bytes.len() as f64) * f) as usize;
    let mut out = bytes.to_vec();
    match m {
        Mutation::Replace(f, new) => {
            let i = at(*f).min(out.len());
            let end = (i + new.len()).min(out.len());
            out.splice(i..end, new.iter().copied());
        }
        Mutation::Delete(f, n) => {
            let i = at(*f).min(out.len());
            out.drain(i..(i + n).min(out.len()));
        }
        Mutation::Repeat(f, n, k) => {
            let i = at(*f).min(out.len());
            let span = out[i..(i + n).min(out.len())].to_vec();
            for _ in 1..*k {
                out.splice(i..i, span.iter().copied());
            }
        }
        Mutation::Cell(r, t, inner) => {
            let row = r.trim_start_matches(|c: char| c.is_ascii_alphabetic());
            let cell = format!(r#"<row r="{row}"><c r="{r}"{t}>{inner}</c></row>"#);
            let text = String::from_utf8_lossy(&out)
                .replace("</sheetData>", &format!("{cell}</sheetData>"));
            out = text.into_bytes();
        }
    }
    out
}

fn write_zip(path: &Path, parts: &[(String, Vec<u8>)]) {
    let mut w = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in parts {
        w.start_file(name.as_str(), options).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap();
}

/// Reads the workbook and prepares every bundled model against it:
/// `Ok`, or an input error; never a panic.
fn read_and_prepare(book: &Path) -> Result<(), String> {
    let models = run::default_models(&repo().join("models")).unwrap();
    let outcome = std::panic::catch_unwind(|| {
        run::load(&models, book).and_then(|inputs| run::prepare(&inputs).map(|_| ()))
    });
    match outcome {
        Err(_) => Err("panicked".into()),
        Ok(Ok(())) | Ok(Err(Error::Input(_))) => Ok(()),
        Ok(Err(e)) => Err(format!("not an input error: {e}")),
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(48),
        ..ProptestConfig::default()
    })]

    #[test]
    fn a_mutated_workbook_never_panics(
        target in 0..TARGETS.len(),
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        let mut parts = fixture_parts();
        let part = parts.iter_mut().find(|(n, _)| n == TARGETS[target]).unwrap();
        for m in &mutations {
            part.1 = mutate(&part.1, m);
        }
        let dir = tempfile::tempdir().unwrap();
        let book = dir.path().join("fuzzed.xlsx");
        write_zip(&book, &parts);
        prop_assert_eq!(read_and_prepare(&book), Ok(()));
    }
}

#[test]
fn the_unmutated_fixture_reads() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("same.xlsx");
    write_zip(&book, &fixture_parts());
    let models = run::default_models(&repo().join("models")).unwrap();
    let inputs = run::load(&models, &book).expect("the rewritten fixture reads");
    assert_eq!(run::prepare(&inputs).expect("prepares").len(), models.len());
}
