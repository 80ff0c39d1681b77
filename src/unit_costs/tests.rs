use super::*;
use std::str::FromStr;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// One `[[cost]]` with every key, `extra` lines added inside it.
fn entry(item: &str, cost: &str, published: &str, extra: &str) -> String {
    format!(
        "[[cost]]\nitem = \"{item}\"\nunit = \"£ per contact\"\ncost = {cost}\n\
         price_base = \"2008/09\"\nsource = \"Test source, table 1\"\npublished = {published}\n\
         geography = \"Bromley\"\nnotes = \"a test\"\n{extra}"
    )
}

/// The problems of a file that must be refused, as printed.
fn problems(text: &str) -> Vec<String> {
    match Library::from_text(Path::new("costs.toml"), text) {
        Err(Error::Input(p)) => p.iter().map(|p| p.to_string()).collect(),
        other => panic!("expected problems, got {other:?}"),
    }
}

#[test]
fn the_bundled_library_reads_and_holds_the_three_sources() {
    let lib = Library::bundled().unwrap();
    assert_eq!(lib.entries().len(), 10);
    assert!(lib.entries().iter().all(|e| e.bundled && e.layer == 0));
    let costs = |src: &str| -> Vec<(String, String)> {
        lib.entries()
            .iter()
            .filter(|e| e.source.starts_with(src))
            .map(|e| (e.item.clone(), e.cost.to_string()))
            .collect()
    };
    let pairs = |v: &[(&str, &str)]| -> Vec<(String, String)> {
        v.iter()
            .map(|(i, c)| (format!("transaction.{i}"), c.to_string()))
            .collect()
    };
    assert_eq!(
        costs("Socitm (Society of IT Management), 2008"),
        pairs(&[
            ("face_to_face", "9.34"),
            ("telephone", "3.76"),
            ("online", "0.27")
        ])
    );
    assert_eq!(
        costs("Socitm Insight, Channel Value Benchmarking (2009"),
        pairs(&[
            ("face_to_face", "7.40"),
            ("telephone", "2.90"),
            ("online", "0.32")
        ])
    );
    assert_eq!(
        costs("PwC study of 19 London and South East councils"),
        pairs(&[
            ("face_to_face", "10.53"),
            ("telephone", "3.39"),
            ("post", "12.10"),
            ("online", "0.08")
        ])
    );
    // Every entry carries the caveats the library promises.
    for e in lib.entries() {
        assert!(e.notes.contains("simple contacts"), "{}", e.where_from());
        assert!(
            e.notes.contains("local figures") && e.notes.contains("unit_cost wins"),
            "{}",
            e.where_from()
        );
        assert!(!e.geography.is_empty(), "{}", e.where_from());
        assert!(
            e.line > 0
                && BUNDLED_TEXT
                    .lines()
                    .nth(e.line - 1)
                    .unwrap()
                    .starts_with("item"),
            "line {} is not the item's",
            e.line
        );
    }
    // The most recently published wins: PwC (2014) for each channel it has.
    assert_eq!(
        lib.get("transaction.face_to_face").unwrap().cost,
        d("10.53")
    );
    assert_eq!(lib.get("transaction.online").unwrap().cost, d("0.08"));
    assert_eq!(lib.get("transaction.post").unwrap().cost, d("12.10"));
    assert!(lib.get("transaction.email").is_none());
    assert_eq!(
        lib.items(),
        [
            "transaction.face_to_face",
            "transaction.online",
            "transaction.post",
            "transaction.telephone"
        ]
    );
}

#[test]
fn rebasing_is_exact_by_hand() {
    let lib = Library::from_text(
        Path::new("costs.toml"),
        &entry("transaction.face_to_face", "9.34", "\"2008\"", ""),
    )
    .unwrap();
    let e = lib.get("transaction.face_to_face").unwrap();
    // 9.34 × 1.02³ = 9.34 × 1.061208 = 9.91168272, to the last digit.
    assert_eq!(
        e.rebase(FinancialYear(2011), d("0.02")),
        Some(d("9.91168272"))
    );
    // The same year: the cost as written.
    assert_eq!(e.rebase(FinancialYear(2008), d("0.02")), Some(d("9.34")));
    // Backwards: 9.34 / 1.02² = 9.34 / 1.0404.
    let back = e.rebase(FinancialYear(2006), d("0.02")).unwrap();
    assert_eq!(back.round_dp(12), d("8.977316416763"));
    // A zero deflator leaves it alone; −1 going back divides by zero: None.
    assert_eq!(
        e.rebase(FinancialYear(2030), Decimal::ZERO),
        Some(d("9.34"))
    );
    assert_eq!(e.rebase(FinancialYear(2006), Decimal::NEGATIVE_ONE), None);
    // Overflow is None, not a panic.
    assert_eq!(e.rebase(FinancialYear(9999), d("0.9")), None);
}

#[test]
fn an_entry_more_than_ten_years_old_gives_a_warning() {
    let lib = Library::from_text(
        Path::new("costs.toml"),
        &entry("transaction.telephone", "3.76", "2008", ""),
    )
    .unwrap();
    let e = lib.get("transaction.telephone").unwrap();
    assert_eq!(
        e.stale_warning(FinancialYear(2018)),
        None,
        "ten years is not more than ten"
    );
    let w = e.stale_warning(FinancialYear(2019)).unwrap();
    assert_eq!(
        w,
        "the unit cost transaction.telephone (£3.76 per contact, at 2008/09 prices; \
         costs.toml:2) is 11 years older than the model's price base 2019/20, more than 10: \
         costs and channels change; use a local figure"
    );
    assert!(e
        .citation()
        .contains("Test source, table 1; published 2008; costs.toml:2"));
}

#[test]
fn a_library_entry_without_a_source_is_refused() {
    let text = entry("transaction.post", "1", "2010", "")
        .replace("source = \"Test source, table 1\"\n", "");
    assert_eq!(
        problems(&text),
        [
            "costs.toml:1: cost[1].source: a library entry without a source: add source = \
          \"publication, table\" (a figure nobody can trace has no place in a business case)"
        ]
    );
    let blank = entry("transaction.post", "1", "2010", "").replace("Test source, table 1", "  ");
    assert_eq!(
        problems(&blank),
        [
            "costs.toml:6: cost[1].source: a library entry without a source: name the \
          publication and table (found an empty source)"
        ]
    );
}

#[test]
fn each_bad_value_is_named_and_all_are_reported_together() {
    let text = format!(
        "{}{}{}",
        entry("transaction.online", "-0.27", "2008", ""),
        entry("transaction.web", "1", "\"Aug 2010\"", "colour = \"red\"\n")
            .replace("2008/09", "2008/10"),
        entry("transaction.face_to_face", "\"£9.34\"", "2008", ""),
    );
    assert_eq!(
        problems(&text),
        [
            "costs.toml:4: cost[1].cost: must be ≥ 0, found -0.27",
            "costs.toml:11: cost[2].item: names the channel \"web\", which is not a channel \
             of the Transactions sheet; expected transaction. followed by one of: face_to_face, \
             telephone, post, email, online, automated, other; the web is the online channel: \
             write transaction.online",
            "costs.toml:14: cost[2].price_base: \"2008/10\": the second year must follow \
             the first (\"2008/09\")",
            "costs.toml:16: cost[2].published: must be a year (\"2010\"), a month \
             (\"2010-08\") or a date (\"2010-08-15\"), from 1900, found \"Aug 2010\"",
            "costs.toml:19: cost[2].colour: unknown key; expected one of: cost, geography, \
             item, notes, price_base, published, source, unit",
            "costs.toml:23: cost[3].cost: must be a number, found text \"£9.34\"; write it \
             without quotes, commas or £ (150000 or 150_000)",
        ]
    );
}

#[test]
fn the_file_itself_must_hold_entries_and_nothing_else() {
    assert_eq!(
        problems("[[costs]]\nitem = \"x\"\n"),
        [
            "costs.toml:1: cost: is required but missing from the file",
            "costs.toml:1: costs: unknown key; expected one of: cost",
        ]
    );
    assert_eq!(
        problems("cost = []\n"),
        ["costs.toml:1: cost: has no entries; add one [[cost]] table for each unit cost"]
    );
    assert_eq!(
        problems(&entry("Transaction.Face To Face", "1", "2010", "")),
        [
            "costs.toml:2: cost[1].item: must be lower-case words joined by dots, like \
          transaction.face_to_face, found \"Transaction.Face To Face\"; write it as \
          \"transaction.face_to_face\""
        ]
    );
}

#[test]
fn items_and_publication_dates_take_their_forms() {
    for ok in ["staff.fte", "transaction.email", "a1.b_2.c"] {
        assert_eq!(item_problem(ok), None, "{ok}");
    }
    for bad in ["", ".", "a..b", "transaction.", "transaction.fax", "Staff"] {
        assert!(item_problem(bad).is_some(), "{bad:?}");
    }
    let cases = [
        ("2010", Some((2010, 0, 0))),
        ("2010-08", Some((2010, 8, 0))),
        ("2010-08-15", Some((2010, 8, 15))),
        ("2010-13", None),
        ("2010-02-30", None),
        ("1899", None),
        ("10", None),
        ("Aug 2010", None),
        ("", None),
    ];
    for (text, want) in cases {
        assert_eq!(published_order(text), want, "{text}");
    }
    // A bare TOML year and a TOML date are read as such.
    let text = format!(
        "{}{}",
        entry("staff.a", "1", "2011", ""),
        entry("staff.b", "1", "2011-06-30", "")
    );
    let lib = Library::from_text(Path::new("c.toml"), &text).unwrap();
    assert_eq!(lib.get("staff.a").unwrap().published, "2011");
    assert_eq!(lib.get("staff.b").unwrap().published, "2011-06-30");
}

#[test]
fn which_entry_wins_when_several_share_an_item() {
    // In one file: the most recently published wins wherever it sits;
    // published the same day, the later in the file wins.
    let text = format!(
        "{}{}{}{}",
        entry("transaction.post", "1.00", "\"2012-05\"", ""),
        entry("transaction.post", "2.00", "\"2010\"", ""),
        entry("transaction.telephone", "3.00", "2012", ""),
        entry("transaction.telephone", "4.00", "\"2012\"", ""),
    );
    let lib = Library::from_text(Path::new("c.toml"), &text).unwrap();
    assert_eq!(lib.get("transaction.post").unwrap().cost, d("1.00"));
    assert_eq!(lib.get("transaction.telephone").unwrap().cost, d("4.00"));
    let ranked: Vec<Decimal> = lib
        .ranked("transaction.post")
        .into_iter()
        .map(|e| e.cost)
        .collect();
    assert_eq!(ranked, [d("1.00"), d("2.00")]);
    // A user's file wins over the bundled library, even when older.
    let user = entry("transaction.face_to_face", "5.55", "1999", "");
    let lib = Library::bundled()
        .unwrap()
        .with_text(Path::new("ours.toml"), &user)
        .unwrap();
    let e = lib.get("transaction.face_to_face").unwrap();
    assert_eq!((e.cost, e.layer, e.bundled), (d("5.55"), 1, false));
    assert_eq!(e.where_from(), "ours.toml:2");
    // Items the user's file leaves out still come from the bundled one.
    assert_eq!(lib.get("transaction.post").unwrap().cost, d("12.10"));
    assert_eq!(
        lib.files(),
        [PathBuf::from(BUNDLED_FILE), PathBuf::from("ours.toml")]
    );
}

#[test]
fn a_user_file_is_read_safely() {
    let dir = std::env::temp_dir().join(format!("unit-costs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("ours.toml");
    std::fs::write(&file, entry("transaction.email", "0.50", "2013", "")).unwrap();
    let lib = Library::open(Some(&file)).unwrap();
    assert_eq!(lib.get("transaction.email").unwrap().cost, d("0.50"));
    assert_eq!(Library::load(&file).unwrap().entries().len(), 1);
    // A folder is not a file; a missing file is named.
    let err = Library::open(Some(&dir)).unwrap_err().to_string();
    assert!(
        err.contains("is not a regular file (it is a folder)"),
        "{err}"
    );
    let err = Library::load(&dir.join("none.toml"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("cannot read the unit-cost file"), "{err}");
    std::fs::write(&file, b"\xff\xfe").unwrap();
    let err = Library::load(&file).unwrap_err().to_string();
    assert!(
        err.ends_with("is not UTF-8 text; save it as UTF-8"),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_listing_marks_the_entry_used_and_numbers_the_sources() {
    let lib = Library::bundled().unwrap();
    let t = text(&lib, false);
    assert!(t.starts_with("Unit-cost library: 10 entries from unit_costs.toml (bundled)\n"));
    let rows: Vec<&str> = t
        .lines()
        .filter(|l| l.contains("transaction.face_to_face  "))
        .collect();
    assert_eq!(rows.len(), 3, "{t}");
    assert!(
        rows[0].starts_with("*  transaction.face_to_face  £10.53  £ per contact"),
        "{t}"
    );
    assert!(rows[0].ends_with("2013/14     2014       [1]"), "{t}");
    assert!(
        rows[1].starts_with("   transaction.face_to_face   £7.40  £ per visit"),
        "{t}"
    );
    assert!(
        t.contains("\n[1] PwC study of 19 London and South East councils"),
        "{t}"
    );
    assert!(t.contains("savings unit-costs --notes"), "{t}");
    assert!(!t.contains("Notes\n"));
    let with_notes = text(&lib, true);
    assert!(with_notes.contains("\nNotes\ntransaction.face_to_face £10.53 (unit_costs.toml:"));
    assert!(with_notes
        .lines()
        .all(|l| l.chars().count() <= 100 || !l.contains(' ')));
    let csv = String::from_utf8(csv(&lib).unwrap()).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("item,cost,unit,price_base,published,source,geography,notes,file,line,used")
    );
    let first = lines.next().unwrap();
    assert!(first.starts_with("transaction.face_to_face,10.53,£ per contact,2013/14,2014,"));
    assert!(first.ends_with(",true"), "{first}");
    assert_eq!(csv.lines().filter(|l| l.ends_with(",true")).count(), 4);
}
