//! `savings unit-costs`: the library listed as a table and as CSV, a
//! council's own file on top of it, and a bad file refused with every
//! problem named (exit 2, nothing on stdout).

mod common;
use common::*;

fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = savings().arg("unit-costs").args(args).output().unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn the_bundled_library_is_listed_with_its_sources() {
    let (code, out, err) = run(&[]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.starts_with("Unit-cost library: 10 entries from unit_costs.toml (bundled)\n"));
    for row in [
        "*  transaction.face_to_face  £10.53  £ per contact    2013/14     2014       [1]",
        "   transaction.face_to_face   £9.34  £ per contact    2008/09     2008       [3]",
        "   transaction.telephone      £2.90  £ per call       2009/10     2010-08    [2]",
        "*  transaction.post          £12.10  £ per contact    2013/14     2014       [1]",
    ] {
        assert!(out.lines().any(|l| l == row), "no row {row:?} in:\n{out}");
    }
    assert!(out.contains("\n[1] PwC study of 19 London and South East councils"));
    assert!(out.contains("\n[2] Socitm Insight, Channel Value Benchmarking"));
    assert!(!out.contains("\nNotes\n"));

    let (code, notes, _) = run(&["--notes"]);
    assert_eq!(code, Some(0));
    assert!(notes.contains("\nNotes\n"));
    assert_eq!(notes.matches("simple contacts").count(), 10, "{notes}");
}

#[test]
fn a_councils_own_file_wins_and_the_csv_says_so() {
    let c = Case::new();
    let own = c.path("ours.toml");
    std::fs::write(
        &own,
        "[[cost]]\nitem = \"transaction.telephone\"\nunit = \"£ per call\"\ncost = 4.25\n\
         price_base = \"2012/13\"\nsource = \"Bromley contact centre costing, 2012/13, table 3\"\n\
         published = 2013-05-01\ngeography = \"Bromley\"\nnotes = \"Our own: staff, \
         telephony and overheads over calls answered\"\n",
    )
    .unwrap();
    let own_arg = own.to_str().unwrap();
    let (code, out, err) = run(&["--unit-costs", own_arg]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains("11 entries from unit_costs.toml (bundled) and "),
        "{out}"
    );
    assert!(
        out.lines()
            .any(|l| l.starts_with("*  transaction.telephone      £4.25  £ per call")),
        "{out}"
    );
    assert!(
        out.lines()
            .any(|l| l.starts_with("   transaction.telephone      £3.39")),
        "{out}"
    );

    let (code, csv, _) = run(&["--unit-costs", own_arg, "--csv"]);
    assert_eq!(code, Some(0));
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "item,cost,unit,price_base,published,source,geography,notes,file,line,used"
    );
    assert_eq!(lines.len(), 12, "{csv}");
    let used: Vec<String> = lines
        .iter()
        .filter(|l| l.ends_with(",true"))
        .map(|l| l.split(',').take(2).collect::<Vec<_>>().join(","))
        .collect();
    assert_eq!(
        used,
        [
            "transaction.face_to_face,10.53",
            "transaction.online,0.08",
            "transaction.post,12.10",
            "transaction.telephone,4.25"
        ]
    );
    assert!(
        csv.contains(",2013-05-01,\"Bromley contact centre costing, 2012/13, table 3\",Bromley,"),
        "{csv}"
    );
}

#[test]
fn a_bad_file_is_refused_with_every_problem_and_nothing_listed() {
    let c = Case::new();
    let own = c.path("ours.toml");
    std::fs::write(
        &own,
        "[[cost]]\nitem = \"transaction.web\"\nunit = \"£ per visit\"\ncost = -1\n\
         price_base = \"2012\"\npublished = \"2013\"\n",
    )
    .unwrap();
    let (code, out, err) = run(&["--unit-costs", own.to_str().unwrap()]);
    assert_eq!(code, Some(2), "{err}");
    assert_eq!(out, "", "nothing is listed when a file is bad");
    let f = own.display().to_string();
    for want in [
        "error: 4 problems in the inputs; nothing was written:".to_string(),
        format!("{f}:1: cost[1].source: a library entry without a source"),
        format!("{f}:2: cost[1].item: names the channel \"web\""),
        format!("{f}:4: cost[1].cost: must be ≥ 0, found -1"),
        format!("{f}:5: cost[1].price_base:"),
    ] {
        assert!(err.contains(&want), "no {want:?} in:\n{err}");
    }

    let (code, _, err) = run(&["--unit-costs", c.path("missing.toml").to_str().unwrap()]);
    assert_eq!(code, Some(2));
    assert!(err.contains("cannot read the unit-cost file"), "{err}");
}
