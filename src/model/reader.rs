//! Reading a model file's TOML with every key's line, and every number from
//! the text the user wrote.
//!
//! serde would read TOML floats through `f64` (`0.8` would not be eight
//! tenths) and stop at the first error. This reader walks toml's spanned
//! document instead: numbers become exact `Decimal`s from their source text,
//! each key is marked as used, and every problem (a missing key, a wrong
//! type, an unknown key) is collected with its line.

use crate::calendar::parse_date;
use crate::error::{Place, Problem};
use crate::money::{self, Decimal};
use chrono::NaiveDate;
use std::cell::RefCell;
use std::ops::Range;
use std::path::Path;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// The model file being read: its text, for line numbers, and the problems
/// found so far.
pub struct Source<'s> {
    pub file: &'s Path,
    text: &'s str,
    problems: RefCell<Vec<Problem>>,
    read: RefCell<Vec<KeyRead>>,
}

/// A value read from the model file, as written, for the assumptions log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyRead {
    /// Key path, `holding.energy`, `vacate[2].on`.
    pub key: String,
    pub line: usize,
    /// The value's text in the file, `0.10`, `"2012-06-01"`.
    pub text: String,
}

impl<'s> Source<'s> {
    pub fn new(file: &'s Path, text: &'s str) -> Source<'s> {
        Source {
            file,
            text,
            problems: RefCell::new(Vec::new()),
            read: RefCell::new(Vec::new()),
        }
    }

    /// The 1-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        let end = offset.min(self.text.len());
        self.text.as_bytes()[..end]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1
    }

    /// Records a problem at a span, under a key path such as
    /// `holding.energy`.
    pub fn problem(&self, span: &Range<usize>, key: &str, message: impl Into<String>) {
        let place = Place::Key {
            file: self.file.to_path_buf(),
            line: self.line_of(span.start),
            key: key.to_string(),
        };
        self.problems
            .borrow_mut()
            .push(Problem::new(place, message));
    }

    /// Notes a value that was read successfully.
    fn record(&self, key: &str, key_span: &Range<usize>, value_span: Range<usize>) {
        let text = self
            .text
            .get(value_span)
            .unwrap_or("")
            .trim()
            .trim_matches('"')
            .to_string();
        self.read.borrow_mut().push(KeyRead {
            key: key.to_string(),
            line: self.line_of(key_span.start),
            text,
        });
    }

    /// Every value read, in the order read.
    pub fn keys_read(&self) -> Vec<KeyRead> {
        self.read.borrow().clone()
    }

    pub fn has_problems(&self) -> bool {
        !self.problems.borrow().is_empty()
    }

    pub fn into_problems(self) -> Vec<Problem> {
        self.problems.into_inner()
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// A table of the model file. Keys read through it are marked as used;
/// [`Table::finish`] reports the rest as unknown.
pub struct Table<'r, 's, 'i> {
    src: &'r Source<'s>,
    table: &'r DeTable<'i>,
    span: Range<usize>,
    /// Key path of this table, `""` for the root.
    pub path: String,
    used: Vec<String>,
}

impl<'r, 's, 'i> Table<'r, 's, 'i> {
    pub fn new(
        src: &'r Source<'s>,
        table: &'r DeTable<'i>,
        span: Range<usize>,
        path: String,
    ) -> Self {
        Table {
            src,
            table,
            span,
            path,
            used: Vec::new(),
        }
    }

    pub fn source(&self) -> &'r Source<'s> {
        self.src
    }

    /// The value of `key`, if present (marks it used).
    pub fn get(&mut self, key: &str) -> Option<Value<'r, 's, 'i>> {
        self.used.push(key.to_string());
        self.table
            .iter()
            .find(|(k, _)| k.get_ref().as_ref() == key)
            .map(|(k, v)| Value {
                src: self.src,
                value: v,
                key_span: k.span(),
                path: join(&self.path, key),
            })
    }

    /// The value of a required `key`; a problem when it is missing.
    pub fn required(&mut self, key: &str) -> Option<Value<'r, 's, 'i>> {
        let v = self.get(key);
        if v.is_none() {
            let what = if self.path.is_empty() {
                "the file".to_string()
            } else {
                format!("[{}]", self.path)
            };
            self.src.problem(
                &self.span,
                &join(&self.path, key),
                format!("is required but missing from {what}"),
            );
        }
        v
    }

    /// Every key of the table, in file order (marks none used).
    pub fn keys(&self) -> Vec<(String, Value<'r, 's, 'i>)> {
        let mut out: Vec<(String, Value)> = self
            .table
            .iter()
            .map(|(k, v)| {
                let key = k.get_ref().to_string();
                (
                    key.clone(),
                    Value {
                        src: self.src,
                        value: v,
                        key_span: k.span(),
                        path: join(&self.path, &key),
                    },
                )
            })
            .collect();
        out.sort_by_key(|(_, v)| v.key_span.start);
        out
    }

    /// Marks a key as read without reading it (used for keys handled in
    /// bulk through [`Table::keys`]).
    pub fn mark_used(&mut self, key: &str) {
        self.used.push(key.to_string());
    }

    /// Reports every key that was not read, with the keys that are allowed.
    pub fn finish(&self) {
        let mut unknown: Vec<(Range<usize>, String)> = self
            .table
            .iter()
            .filter(|(k, _)| !self.used.iter().any(|u| u == k.get_ref().as_ref()))
            .map(|(k, _)| (k.span(), k.get_ref().to_string()))
            .collect();
        unknown.sort_by_key(|(s, _)| s.start);
        let mut allowed = self.used.clone();
        allowed.sort();
        allowed.dedup();
        for (span, key) in unknown {
            self.src.problem(
                &span,
                &join(&self.path, &key),
                format!("unknown key; expected one of: {}", allowed.join(", ")),
            );
        }
    }
}

/// A value of the model file, with its key path for messages.
pub struct Value<'r, 's, 'i> {
    src: &'r Source<'s>,
    value: &'r Spanned<DeValue<'i>>,
    key_span: Range<usize>,
    pub path: String,
}

impl<'r, 's, 'i> Value<'r, 's, 'i> {
    /// Records a problem at this value.
    pub fn problem(&self, message: impl Into<String>) {
        self.src.problem(&self.key_span, &self.path, message);
    }

    /// The 1-based line of the key, for the assumptions log.
    pub fn line(&self) -> usize {
        self.src.line_of(self.key_span.start)
    }

    fn found(&self) -> String {
        match self.value.get_ref() {
            DeValue::String(s) => format!("text \"{s}\""),
            DeValue::Integer(i) => format!("the number {}", i.as_str()),
            DeValue::Float(f) => format!("the number {}", f.as_str()),
            DeValue::Boolean(b) => format!("{b}"),
            DeValue::Datetime(d) => format!("the date {d}"),
            DeValue::Array(_) => "a list".into(),
            DeValue::Table(_) => "a table".into(),
        }
    }

    fn wrong_type(&self, expected: &str) {
        self.problem(format!("must be {expected}, found {}", self.found()));
    }

    pub fn string(&self) -> Option<String> {
        let v = self.string_unrecorded();
        if v.is_some() {
            self.src
                .record(&self.path, &self.key_span, self.value.span());
        }
        v
    }

    fn string_unrecorded(&self) -> Option<String> {
        match self.value.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            _ => {
                self.wrong_type("text in quotes");
                None
            }
        }
    }

    /// A number, exactly as written (`0.8` is eight tenths).
    pub fn decimal(&self) -> Option<Decimal> {
        let v = self.decimal_unrecorded();
        if v.is_some() {
            self.src
                .record(&self.path, &self.key_span, self.value.span());
        }
        v
    }

    fn decimal_unrecorded(&self) -> Option<Decimal> {
        let parsed = match self.value.get_ref() {
            DeValue::Integer(i) if i.radix() == 10 => money::parse_decimal(i.as_str()),
            DeValue::Float(f) => money::parse_decimal(f.as_str()),
            DeValue::String(s) => {
                self.problem(format!(
                    "must be a number, found text \"{s}\"; write it without \
                     quotes, commas or £ (150000 or 150_000)"
                ));
                return None;
            }
            _ => {
                self.wrong_type("a number");
                return None;
            }
        };
        if parsed.is_none() {
            self.problem(format!(
                "must be a number that fits 28 digits, found {}",
                self.found()
            ));
        }
        parsed
    }

    /// A number that must be ≥ 0.
    pub fn non_negative(&self) -> Option<Decimal> {
        let d = self.decimal()?;
        if d < Decimal::ZERO {
            self.problem(format!("must be ≥ 0, found {d}"));
            return None;
        }
        Some(d)
    }

    /// An amount of money: ≥ 0 and at most a trillion pounds.
    pub fn money(&self) -> Option<Decimal> {
        let d = self.non_negative()?;
        if d > money::MONEY_LIMIT {
            self.problem(format!("must be at most 1000000000000, found {d}"));
            return None;
        }
        Some(d)
    }

    /// A rate: greater than −1 (SPEC section 3). Rates above 1000 are
    /// refused as well, so that compounding stays inside exact range.
    pub fn rate(&self) -> Option<Decimal> {
        let d = self.decimal()?;
        if d <= -Decimal::ONE {
            self.problem(format!("must be greater than -1, found {d}"));
            return None;
        }
        if d > Decimal::ONE_THOUSAND {
            self.problem(format!("must be at most 1000, found {d}"));
            return None;
        }
        Some(d)
    }

    /// A fraction from 0 to 1.
    pub fn fraction(&self) -> Option<Decimal> {
        let d = self.decimal()?;
        if d < Decimal::ZERO || d > Decimal::ONE {
            self.problem(format!("must be from 0 to 1, found {d}"));
            return None;
        }
        Some(d)
    }

    /// A whole number in `lo..=hi`.
    pub fn integer(&self, lo: i64, hi: i64) -> Option<i64> {
        let v = self.integer_unrecorded(lo, hi);
        if v.is_some() {
            self.src
                .record(&self.path, &self.key_span, self.value.span());
        }
        v
    }

    fn integer_unrecorded(&self, lo: i64, hi: i64) -> Option<i64> {
        let v = match self.value.get_ref() {
            DeValue::Integer(i) if i.radix() == 10 => i.as_str().parse::<i64>().ok(),
            _ => None,
        };
        match v {
            Some(v) if (lo..=hi).contains(&v) => Some(v),
            Some(v) => {
                self.problem(format!("must be from {lo} to {hi}, found {v}"));
                None
            }
            None => {
                self.wrong_type("a whole number");
                None
            }
        }
    }

    pub fn boolean(&self) -> Option<bool> {
        let v = self.boolean_unrecorded();
        if v.is_some() {
            self.src
                .record(&self.path, &self.key_span, self.value.span());
        }
        v
    }

    fn boolean_unrecorded(&self) -> Option<bool> {
        match self.value.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                self.wrong_type("true or false");
                None
            }
        }
    }

    /// A date, `"2012-06-01"` or a bare TOML date `2012-06-01`.
    pub fn date(&self) -> Option<NaiveDate> {
        let v = self.date_unrecorded();
        if v.is_some() {
            self.src
                .record(&self.path, &self.key_span, self.value.span());
        }
        v
    }

    fn date_unrecorded(&self) -> Option<NaiveDate> {
        let text = match self.value.get_ref() {
            DeValue::String(s) => s.to_string(),
            DeValue::Datetime(d) if d.time.is_none() && d.offset.is_none() => d.to_string(),
            _ => {
                self.wrong_type("a date YYYY-MM-DD");
                return None;
            }
        };
        match parse_date(&text) {
            Ok(d) => Some(d),
            Err(e) => {
                self.problem(e);
                None
            }
        }
    }

    pub fn table(&self) -> Option<Table<'r, 's, 'i>> {
        match self.value.get_ref() {
            DeValue::Table(t) => Some(Table::new(
                self.src,
                t,
                self.value.span(),
                self.path.clone(),
            )),
            _ => {
                self.wrong_type("a table");
                None
            }
        }
    }

    /// The items of a list (or of an array of tables).
    pub fn list(&self) -> Option<Vec<Value<'r, 's, 'i>>> {
        match self.value.get_ref() {
            DeValue::Array(items) => Some(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| Value {
                        src: self.src,
                        value: v,
                        key_span: v.span(),
                        path: format!("{}[{}]", self.path, i + 1),
                    })
                    .collect(),
            ),
            _ => {
                self.wrong_type("a list [ … ]");
                None
            }
        }
    }

    /// A list of texts.
    pub fn string_list(&self) -> Option<Vec<String>> {
        let items = self.list()?;
        let strings: Vec<Option<String>> = items.iter().map(|v| v.string()).collect();
        strings.into_iter().collect()
    }

    /// A list of numbers, each checked by `check` (e.g. [`Value::fraction`]).
    pub fn number_list(
        &self,
        check: impl Fn(&Value<'r, 's, 'i>) -> Option<Decimal>,
    ) -> Option<Vec<Decimal>> {
        let items = self.list()?;
        let numbers: Vec<Option<Decimal>> = items.iter().map(&check).collect();
        numbers.into_iter().collect()
    }

    /// A table item's own span is its header line; a list's items are
    /// reported at their own place.
    pub fn is_table(&self) -> bool {
        matches!(self.value.get_ref(), DeValue::Table(_))
    }

    pub fn is_string(&self) -> bool {
        matches!(self.value.get_ref(), DeValue::String(_))
    }
}

/// Parses a model file's text into its root table; a TOML syntax error is
/// a problem with its line.
pub fn parse<'i>(src: &Source<'_>, text: &'i str) -> Option<Spanned<DeTable<'i>>> {
    match DeTable::parse(text) {
        Ok(t) => Some(t),
        Err(e) => {
            let span = e.span().unwrap_or(0..0);
            let key = "(syntax)";
            src.problem(
                &span,
                key,
                format!("not valid TOML: {}", e.message().trim()),
            );
            None
        }
    }
}
