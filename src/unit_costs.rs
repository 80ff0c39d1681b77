//! The unit-cost library: published unit costs (a face-to-face contact, a
//! telephone call, …), each with its source, its vintage and its caveats,
//! so that a model that takes a cost from it can cite where the figure
//! came from and how old it is.
//!
//! The project's `unit_costs.toml` is built into the engine
//! ([`Library::bundled`]); a council adds its own file on top
//! ([`Library::with_file`], the `--unit-costs` option). Each file is a list
//! of `[[cost]]` tables:
//!
//! ```toml
//! [[cost]]
//! item = "transaction.face_to_face"   # lower-case words joined by dots
//! unit = "£ per contact"
//! cost = 9.34                          # £, exact as written, ≥ 0
//! price_base = "2008/09"               # the FY whose prices the cost is in
//! source = "Socitm, 2008 benchmark …"  # publication and table: required
//! published = "2008"                   # "2008", "2008-08", "2008-08-15" or a TOML date
//! geography = "UK councils"            # optional
//! notes = "an average for simple contacts …"   # optional: the caveats
//! ```
//!
//! A file is read with the model files' reader, so a problem names the
//! file, line and key in the same way, an unknown key is an error, and
//! every problem of a file is reported together. An entry without a source
//! is refused: an unsourced figure has no place in a business case.
//! `transaction.<channel>` items must name a channel of the `Transactions`
//! sheet (`face_to_face`, `telephone`, `post`, `email`, `online`,
//! `automated`, `other`).
//!
//! **Which entry is used** when several share an item ([`Library::get`]):
//! an entry from a file added later wins (a council's own file over the
//! bundled library); within a file, the most recently published wins (a
//! year alone counts as the start of that year); and of entries published
//! on the same date, the later in the file wins.
//!
//! A cost is at the prices of its `price_base`; [`Entry::rebase`] carries it
//! to a model's price base with the model's GDP deflator, and
//! [`Entry::stale_warning`] words the warning for an entry more than
//! [`STALE_YEARS`] years older than the model's price base.

mod listing;

pub use listing::{csv, text};

use crate::calendar::FinancialYear;
use crate::error::{Error, Problem, Result};
use crate::model::reader::{self, Source, Table, Value};
use crate::money::{self, Decimal};
use std::path::{Path, PathBuf};
use toml::de::DeValue;

/// The name the bundled library goes by in messages and listings: the
/// project's own `unit_costs.toml`.
pub const BUNDLED_FILE: &str = "unit_costs.toml";

/// The bundled library's text, built into the engine.
const BUNDLED_TEXT: &str = include_str!("../unit_costs.toml");

/// The largest unit-cost file read: the model files' cap.
pub const FILE_LIMIT: u64 = crate::input_file::MODEL_FILE_LIMIT;

/// The channels a `transaction.<channel>` item may name: those of the
/// `Transactions` sheet.
pub const CHANNELS: &[&str] = crate::baseline::Channel::NAMES;

/// An entry more than this many years older than a model's price base
/// gives a warning.
pub const STALE_YEARS: i32 = 10;

/// One sourced unit cost.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// What is costed, `transaction.face_to_face`.
    pub item: String,
    /// What one unit is, `£ per contact`.
    pub unit: String,
    /// £ per unit at the prices of `price_base`, exact as written.
    pub cost: Decimal,
    pub price_base: FinancialYear,
    /// The publication and table the figure comes from.
    pub source: String,
    /// When it was published, as written: `2008`, `2010-08`, `2014-03-31`.
    pub published: String,
    /// Where the figure was measured (empty when not given).
    pub geography: String,
    /// Caveats (empty when not given).
    pub notes: String,
    /// The file the entry was read from (`unit_costs.toml` for the
    /// bundled library) and the line of its `item`.
    pub file: PathBuf,
    pub line: usize,
    /// Which file of the library it came from, in the order the files were
    /// added (0 for the first, the bundled library when there is one); a
    /// later file wins.
    pub layer: usize,
    /// Whether it comes from the library built into the engine.
    pub bundled: bool,
    /// `published` as (year, month, day) for ordering, 0 where not given.
    published_on: (i32, u32, u32),
}

impl Entry {
    /// The cost carried from the entry's price base to `to` with the
    /// yearly GDP deflator `g`: `cost × (1 + g)^(to − price_base)`, exact
    /// (an earlier `to` divides). `None` if the arithmetic overflows or
    /// `g` is −1 with `to` earlier.
    ///
    /// ```
    /// # use savings::unit_costs::Library;
    /// # use savings::calendar::FinancialYear;
    /// # use std::str::FromStr;
    /// let text = "[[cost]]\nitem = \"transaction.face_to_face\"\nunit = \"£ per contact\"\n\
    ///     cost = 9.34\nprice_base = \"2008/09\"\nsource = \"Socitm 2008\"\npublished = \"2008\"\n";
    /// let lib = Library::from_text("costs.toml".as_ref(), text).unwrap();
    /// let e = lib.get("transaction.face_to_face").unwrap();
    /// let g = rust_decimal::Decimal::from_str("0.02").unwrap();
    /// // 9.34 × 1.02³ = 9.34 × 1.061208
    /// assert_eq!(e.rebase(FinancialYear(2011), g).unwrap().to_string(), "9.91168272");
    /// ```
    pub fn rebase(&self, to: FinancialYear, gdp_deflator: Decimal) -> Option<Decimal> {
        let index = money::powi(
            Decimal::ONE.checked_add(gdp_deflator)?,
            to.since(self.price_base),
        )?;
        self.cost.checked_mul(index)
    }

    /// A warning when the entry's price base is more than [`STALE_YEARS`]
    /// years before the model's `price_base`: the figure was measured for
    /// channels and costs of another decade.
    pub fn stale_warning(&self, price_base: FinancialYear) -> Option<String> {
        let years = price_base.since(self.price_base);
        (years > STALE_YEARS).then(|| {
            format!(
                "the unit cost {} (£{} {}, at {} prices; {}) is {years} years older than \
                 the model's price base {price_base}, more than {STALE_YEARS}: costs and \
                 channels change; use a local figure",
                self.item,
                self.cost,
                self.unit.strip_prefix("£ ").unwrap_or(&self.unit),
                self.price_base,
                self.where_from()
            )
        })
    }

    /// Where the entry sits, `unit_costs.toml:31` (with "bundled" for the
    /// library built into the engine).
    pub fn where_from(&self) -> String {
        let bundled = if self.bundled { " (bundled)" } else { "" };
        format!("{}:{}{bundled}", self.file.display(), self.line)
    }

    /// The entry in one line for an assumptions log: cost, unit, price
    /// base, source and publication date, and its place.
    pub fn citation(&self) -> String {
        format!(
            "£{} {} at {} prices; {}; published {}; {}",
            self.cost,
            self.unit.strip_prefix("£ ").unwrap_or(&self.unit),
            self.price_base,
            self.source,
            self.published,
            self.where_from()
        )
    }

    /// The order in which entries of one item win: later file, then more
    /// recently published (then the later in the file, by position).
    fn precedence(&self) -> (usize, (i32, u32, u32)) {
        (self.layer, self.published_on)
    }
}

/// The unit costs of one or more files, in the order read.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Library {
    entries: Vec<Entry>,
    files: Vec<PathBuf>,
}

impl Library {
    /// The library built into the engine (the project's
    /// `unit_costs.toml`), read with the same checks as any other file.
    pub fn bundled() -> Result<Library> {
        Library::default().add(Path::new(BUNDLED_FILE), BUNDLED_TEXT.as_bytes(), true)
    }

    /// The bundled library with, when given, the user's file on top: what
    /// `--unit-costs FILE` asks for.
    pub fn open(user_file: Option<&Path>) -> Result<Library> {
        let lib = Library::bundled()?;
        match user_file {
            Some(path) => lib.with_file(path),
            None => Ok(lib),
        }
    }

    /// A library of one file alone.
    pub fn load(path: &Path) -> Result<Library> {
        Library::default().with_file(path)
    }

    /// This library with the entries of `path` on top: where both have an
    /// item, the file's entry wins.
    pub fn with_file(self, path: &Path) -> Result<Library> {
        let bytes = crate::input_file::read_capped(path, FILE_LIMIT, "the unit-cost file")
            .map_err(Error::input)?;
        self.add(path, &bytes, false)
    }

    /// A library of one file's text; `file` names it in messages. This is
    /// [`Library::load`] without the file system, for tests.
    pub fn from_text(file: &Path, text: &str) -> Result<Library> {
        Library::default().add(file, text.as_bytes(), false)
    }

    /// This library with a file's text on top, as [`Library::with_file`].
    pub fn with_text(self, file: &Path, text: &str) -> Result<Library> {
        self.add(file, text.as_bytes(), false)
    }

    fn add(mut self, file: &Path, bytes: &[u8], bundled: bool) -> Result<Library> {
        let layer = self.files.len();
        let entries = read_file(file, bytes, layer, bundled)?;
        self.entries.extend(entries);
        self.files.push(file.to_path_buf());
        Ok(self)
    }

    /// Every entry, file by file in the order added, each file's in file
    /// order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The files read, in the order added.
    pub fn files(&self) -> &[PathBuf] {
        &self.files
    }

    /// The entry a model uses for `item`: of the entries with that item,
    /// the one from the file added last, then the most recently
    /// published, then the later in its file. `None` when no entry has it.
    pub fn get(&self, item: &str) -> Option<&Entry> {
        self.ranked(item).into_iter().next()
    }

    /// The entries of `item`, the one [`Library::get`] returns first, then
    /// the others in the order they would take its place.
    pub fn ranked(&self, item: &str) -> Vec<&Entry> {
        let mut of_item: Vec<(usize, &Entry)> = self
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.item == item)
            .collect();
        of_item.sort_by_key(|(i, e)| std::cmp::Reverse((e.precedence(), *i)));
        of_item.into_iter().map(|(_, e)| e).collect()
    }

    /// The items of the library, sorted, each once.
    pub fn items(&self) -> Vec<&str> {
        let mut items: Vec<&str> = self.entries.iter().map(|e| e.item.as_str()).collect();
        items.sort_unstable();
        items.dedup();
        items
    }
}

/// Reads one file's `[[cost]]` entries, or every problem found in it.
fn read_file(file: &Path, bytes: &[u8], layer: usize, bundled: bool) -> Result<Vec<Entry>> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| Error::input(Problem::file(file, "is not UTF-8 text; save it as UTF-8")))?;
    let src = Source::new(file, text);
    let entries = reader::parse(&src, text).and_then(|root| {
        let kinds = published_kinds(root.get_ref());
        let mut t = Table::new(&src, root.get_ref(), 0..0, String::new());
        let entries = read_entries(&mut t, text, &kinds, layer, bundled);
        t.finish();
        entries
    });
    match entries {
        Some(entries) if !src.has_problems() => Ok(entries),
        _ => {
            let mut problems = src.into_problems();
            if problems.is_empty() {
                problems.push(Problem::file(file, "could not be read"));
            }
            Err(Error::Input(problems))
        }
    }
}

/// How each `[[cost]]` wrote `published`, which may be text, a bare year
/// or a TOML date; the reader's values do not say which, so the raw
/// document is asked.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Written {
    Year,
    Date,
    Other,
}

fn published_kinds(root: &toml::de::DeTable) -> Vec<Written> {
    let Some((_, cost)) = root.iter().find(|(k, _)| k.get_ref().as_ref() == "cost") else {
        return Vec::new();
    };
    let DeValue::Array(items) = cost.get_ref() else {
        return Vec::new();
    };
    items
        .iter()
        .map(|item| {
            let DeValue::Table(t) = item.get_ref() else {
                return Written::Other;
            };
            match t
                .iter()
                .find(|(k, _)| k.get_ref().as_ref() == "published")
                .map(|(_, v)| v.get_ref())
            {
                Some(DeValue::Integer(_)) => Written::Year,
                Some(DeValue::Datetime(_)) => Written::Date,
                _ => Written::Other,
            }
        })
        .collect()
}

fn read_entries(
    t: &mut Table,
    text: &str,
    kinds: &[Written],
    layer: usize,
    bundled: bool,
) -> Option<Vec<Entry>> {
    let items = t.required("cost")?.list()?;
    if items.is_empty() {
        t.source().problem(
            &(0..0),
            "cost",
            "has no entries; add one [[cost]] table for each unit cost",
        );
        return None;
    }
    let mut entries = Vec::new();
    let mut ok = true;
    for (i, item) in items.iter().enumerate() {
        let Some(mut table) = item.table() else {
            ok = false;
            continue;
        };
        let kind = kinds.get(i).copied().unwrap_or(Written::Other);
        match read_entry(&mut table, item, text, kind, layer, bundled) {
            Some(e) => entries.push(e),
            None => ok = false,
        }
        table.finish();
    }
    ok.then_some(entries)
}

fn read_entry(
    t: &mut Table,
    at: &Value,
    text: &str,
    published_kind: Written,
    layer: usize,
    bundled: bool,
) -> Option<Entry> {
    let item = t.required("item").and_then(|v| {
        let s = v.string()?;
        match item_problem(&s) {
            Some(p) => {
                v.problem(p);
                None
            }
            None => Some((s, v.line())),
        }
    });
    let unit = t.required("unit").and_then(|v| non_empty(&v));
    let cost = t.required("cost").and_then(|v| v.money());
    let price_base = t.required("price_base").and_then(|v| {
        let s = v.string()?;
        FinancialYear::parse(&s).map_err(|e| v.problem(e)).ok()
    });
    let source = match t.get("source") {
        Some(v) => v.string().and_then(|s| {
            if s.trim().is_empty() {
                v.problem(
                    "a library entry without a source: name the publication and table \
                     (found an empty source)",
                );
                return None;
            }
            Some(s)
        }),
        None => {
            // The entry's own line: its `[[cost]]` header.
            let offset = line_start(text, at.line());
            t.source().problem(
                &(offset..offset),
                &format!("{}.source", at.path),
                "a library entry without a source: add source = \"publication, table\" \
                 (a figure nobody can trace has no place in a business case)",
            );
            None
        }
    };
    let published = t
        .required("published")
        .and_then(|v| read_published(&v, published_kind));
    let geography = optional_text(t, "geography");
    let notes = optional_text(t, "notes");
    let (item, line) = item?;
    let (published, published_on) = published?;
    Some(Entry {
        item,
        unit: unit?,
        cost: cost?,
        price_base: price_base?,
        source: source?,
        published,
        geography: geography?,
        notes: notes?,
        file: t.source().file.to_path_buf(),
        line,
        layer,
        bundled,
        published_on,
    })
}

/// The byte offset of the start of 1-based `line`.
fn line_start(text: &str, line: usize) -> usize {
    if line <= 1 {
        return 0;
    }
    text.match_indices('\n')
        .nth(line - 2)
        .map_or(text.len(), |(i, _)| i + 1)
}

/// Text that must not be blank.
fn non_empty(v: &Value) -> Option<String> {
    let s = v.string()?;
    if s.trim().is_empty() {
        v.problem("must not be empty");
        return None;
    }
    Some(s)
}

/// An optional text key: empty when missing, `None` when of the wrong type.
fn optional_text(t: &mut Table, key: &str) -> Option<String> {
    match t.get(key) {
        Some(v) => v.string(),
        None => Some(String::new()),
    }
}

/// Why an item name is refused, if it is.
fn item_problem(item: &str) -> Option<String> {
    let words_ok = !item.is_empty()
        && item.split('.').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        });
    if !words_ok {
        let hint = item.trim().to_lowercase().replace([' ', '-'], "_");
        return Some(format!(
            "must be lower-case words joined by dots, like transaction.face_to_face, \
             found \"{item}\"{}",
            if hint != item && item_problem(&hint).is_none() {
                format!("; write it as \"{hint}\"")
            } else {
                String::new()
            }
        ));
    }
    let channel = item.strip_prefix("transaction.")?;
    if CHANNELS.contains(&channel) {
        return None;
    }
    let hint = match channel {
        "web" | "internet" | "website" | "digital" => {
            "; the web is the online channel: write transaction.online"
        }
        "phone" | "call" | "calls" => "; write transaction.telephone",
        "f2f" | "in_person" | "visit" => "; write transaction.face_to_face",
        _ => "",
    };
    Some(format!(
        "names the channel \"{channel}\", which is not a channel of the Transactions sheet; \
         expected transaction. followed by one of: {}{hint}",
        CHANNELS.join(", ")
    ))
}

/// `published`: a year (`2010` or `"2010"`), a month (`"2010-08"`) or a
/// date (`"2010-08-15"` or a TOML date), with its (year, month, day) for
/// ordering.
fn read_published(v: &Value, kind: Written) -> Option<(String, (i32, u32, u32))> {
    use chrono::Datelike;
    match kind {
        Written::Year => {
            let y = v.integer(1900, 9999)?;
            let y = i32::try_from(y).ok()?;
            Some((y.to_string(), (y, 0, 0)))
        }
        Written::Date => {
            let d = v.date()?;
            Some((d.to_string(), (d.year(), d.month(), d.day())))
        }
        Written::Other => {
            let s = v.string()?;
            let order = published_order(s.trim());
            if order.is_none() {
                v.problem(format!(
                    "must be a year (\"2010\"), a month (\"2010-08\") or a date \
                     (\"2010-08-15\"), from 1900, found \"{s}\""
                ));
            }
            Some((s.trim().to_string(), order?))
        }
    }
}

fn published_order(s: &str) -> Option<(i32, u32, u32)> {
    use chrono::Datelike;
    let year = |y: &str| -> Option<i32> {
        let n: i32 =
            (y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit())).then(|| y.parse().ok())??;
        (n >= 1900).then_some(n)
    };
    match s.split('-').collect::<Vec<_>>().as_slice() {
        [y] => Some((year(y)?, 0, 0)),
        [y, m] if m.len() == 2 => {
            let m: u32 = m.parse().ok()?;
            (1..=12).contains(&m).then_some((year(y)?, m, 0))
        }
        [_, _, _] => {
            let d = crate::calendar::parse_date(s).ok()?;
            year(&d.year().to_string())?;
            Some((d.year(), d.month(), d.day()))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests;
