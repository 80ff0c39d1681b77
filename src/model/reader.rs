//! Reading a model file's TOML with every key's line, and every number from
//! the text the user wrote.
//!
//! serde would read TOML floats through `f64` (`0.8` would not be eight
//! tenths) and stop at the first error. This reader walks toml's spanned
//! document instead: numbers become exact `Decimal`s from their source text,
//! each key is marked as used, and every problem (a missing key, a wrong
//! type, an unknown key) is collected with its line.

use crate::calendar::parse_date;
use crate::error::{Place, Problem, Problems};
use crate::money::{self, Decimal};
use chrono::{Datelike, NaiveDate};
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
    /// Byte offset of the start of each line, for [`Source::line_of`].
    line_starts: Vec<usize>,
    problems: RefCell<Problems>,
    warnings: RefCell<Problems>,
    read: RefCell<Vec<KeyRead>>,
    /// The model's horizon once read, to warn of event dates far from it.
    horizon: std::cell::Cell<Option<crate::calendar::Horizon>>,
    /// What `--set` changed in the text: lines map back to the file's,
    /// and an override's value is named by its argument.
    edits: super::params::Edits,
}

/// A value read from the model file, as written, for the assumptions log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyRead {
    /// Key path, `holding.energy`, `vacate[2].on`.
    pub key: String,
    pub line: usize,
    /// The value's text in the file, `0.10`, `"2012-06-01"`.
    pub text: String,
    /// The `--set` argument that gave the value, when one did.
    pub set: Option<String>,
}

impl<'s> Source<'s> {
    pub fn new(file: &'s Path, text: &'s str) -> Source<'s> {
        let line_starts = std::iter::once(0)
            .chain(
                text.bytes()
                    .enumerate()
                    .filter(|(_, b)| *b == b'\n')
                    .map(|(i, _)| i + 1),
            )
            .collect();
        Source {
            file,
            text,
            line_starts,
            problems: RefCell::new(Problems::new()),
            warnings: RefCell::new(Problems::new()),
            read: RefCell::new(Vec::new()),
            horizon: std::cell::Cell::new(None),
            edits: Default::default(),
        }
    }

    /// A source whose text `--set` changed (see [`super::params::apply`]).
    pub fn with_edits(file: &'s Path, text: &'s str, edits: super::params::Edits) -> Source<'s> {
        Source {
            edits,
            ..Source::new(file, text)
        }
    }

    /// Notes the model's horizon, for [`Value::event_date`].
    pub fn set_horizon(&self, h: crate::calendar::Horizon) {
        self.horizon.set(Some(h));
    }

    /// The 1-based line of a byte offset: a binary search of the lines'
    /// starts, so that reading every key of a large file stays linear.
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&start| start <= offset);
        self.edits.original_line(line)
    }

    /// Records a problem at a span, under a key path such as
    /// `holding.energy`.
    /// Past [`Problems::KEPT`] problems the rest are only counted.
    pub fn problem(&self, span: &Range<usize>, key: &str, message: impl Into<String>) {
        self.problems
            .borrow_mut()
            .push(|| Problem::new(self.place(span, key), message));
    }

    fn place(&self, span: &Range<usize>, key: &str) -> Place {
        if let Some(arg) = self.edits.set_on_line(self.text, span.start) {
            return Place::Set {
                file: self.file.to_path_buf(),
                arg: arg.to_string(),
                key: key.to_string(),
            };
        }
        Place::Key {
            file: self.file.to_path_buf(),
            line: self.line_of(span.start),
            key: key.to_string(),
        }
    }

    /// Records a warning at a span: the value is accepted but unusual.
    pub fn warning(&self, span: &Range<usize>, key: &str, message: impl Into<String>) {
        self.warnings
            .borrow_mut()
            .push(|| Problem::new(self.place(span, key), message));
    }

    /// The warnings recorded, in the order found (past
    /// [`Problems::KEPT`], one saying how many more).
    pub fn into_warnings(&self) -> Vec<Problem> {
        let (mut list, more) = std::mem::take(&mut *self.warnings.borrow_mut()).into_parts();
        if more > 0 {
            list.push(Problem::file(
                self.file,
                format!("… and {more} more warnings of the same kinds, not listed"),
            ));
        }
        list
    }

    /// Notes a value that was read successfully.
    fn record(&self, key: &str, key_span: &Range<usize>, value_span: Range<usize>) {
        let set = self.edits.set_at(value_span.start).map(str::to_string);
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
            set,
        });
    }

    /// Every value read, in the order read.
    pub fn take_keys_read(&self) -> Vec<KeyRead> {
        std::mem::take(&mut *self.read.borrow_mut())
    }

    pub fn has_problems(&self) -> bool {
        !self.problems.borrow().is_empty()
    }

    /// The problems, by line; past [`Problems::KEPT`], a last one saying
    /// how many more were found.
    pub fn into_problems(self) -> Vec<Problem> {
        self.problems
            .into_inner()
            .into_vec_sorted_by(self.file, |p| match &p.place {
                Place::Key { line, .. } => *line,
                Place::Set { .. } => usize::MAX,
                _ => 0,
            })
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// How many years before the horizon starts an event date may lie
/// without a warning.
pub const EVENT_YEARS_BEFORE: i32 = 10;

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
        self.number(false).map(|(d, _)| d)
    }

    /// A number, or, where `percent` allows, a percent string (`"3.5%"` is
    /// exactly 0.035; SPEC section 3). Returns the value and whether it was
    /// written as a percentage.
    fn number(&self, percent: bool) -> Option<(Decimal, bool)> {
        let v = self.number_unrecorded(percent);
        if v.is_some() {
            self.src
                .record(&self.path, &self.key_span, self.value.span());
        }
        v
    }

    fn number_unrecorded(&self, percent: bool) -> Option<(Decimal, bool)> {
        let parsed = match self.value.get_ref() {
            DeValue::Integer(i) if i.radix() == 10 => money::parse_decimal(i.as_str()),
            DeValue::Float(f) => money::parse_decimal(f.as_str()),
            DeValue::String(s) if percent => match parse_percent(s) {
                Some(d) => return Some((d, true)),
                None => {
                    self.problem(format!(
                        "must be a number (0.035) or a percentage in quotes \
                         (\"3.5%\"), found text \"{s}\""
                    ));
                    return None;
                }
            },
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
        parsed.map(|d| (d, false))
    }

    /// A number, not recorded for the assumptions log (the `[uncertainty]`
    /// table describes ranges, not the values the run used).
    pub fn plain_number(&self) -> Option<Decimal> {
        self.number_unrecorded(false).map(|(d, _)| d)
    }

    /// A text, not recorded for the assumptions log.
    pub fn plain_string(&self) -> Option<String> {
        self.string_unrecorded()
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
            self.problem(format!(
                "must be at most £1,000,000,000,000 (£1 trillion, the engine's \
                 bound on any amount), found {d}"
            ));
            return None;
        }
        Some(d)
    }

    /// A number or percent string that must lie in `range`; out of range is
    /// a problem, with a hint where the value looks like a percentage.
    fn in_range(&self, range: Span) -> Option<Decimal> {
        let (d, as_percent) = self.number(true)?;
        if range.contains(d) {
            return Some(d);
        }
        let written = if as_percent {
            percent_text(d)
        } else {
            d.to_string()
        };
        let mut message = format!("must be {}, found {written}", range.describe());
        if let Some(hint) = percent_hint(d, as_percent, range) {
            message.push_str("; ");
            message.push_str(&hint);
        }
        self.problem(message);
        None
    }

    /// A yearly rate (inflation, discount, growth, interest, a yearly
    /// change): strictly between −1 and 1 (SPEC section 3), as a number or a
    /// percent string. Above 0.25 or below −0.25 is accepted with a warning.
    pub fn rate(&self) -> Option<Decimal> {
        let d = self.in_range(Span::RATE)?;
        let quarter = Decimal::new(25, 2);
        if d > quarter || d < -quarter {
            self.warning(format!(
                "{} a year is unusual for a yearly rate; check that it is \
                 meant (rates are fractions: 0.03 is 3%)",
                percent_text(d)
            ));
        }
        Some(d)
    }

    /// A share from 0 to 1 (a fraction of a cost, a take-up, a relief).
    pub fn share(&self) -> Option<Decimal> {
        self.in_range(Span::share(Decimal::ONE))
    }

    /// A share from 0 to `max` (holding fractions to 3, the trust's support
    /// ratio to 2, optimism bias to 2).
    pub fn share_up_to(&self, max: Decimal) -> Option<Decimal> {
        self.in_range(Span::share(max))
    }

    /// Records a warning at this value.
    pub fn warning(&self, message: impl Into<String>) {
        self.src.warning(&self.key_span, &self.path, message);
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

    /// A whole number, not recorded for the assumptions log.
    pub fn plain_integer(&self, lo: i64, hi: i64) -> Option<i64> {
        self.integer_unrecorded(lo, hi)
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

    /// The date an event happens (a site vacated, a service going live):
    /// one after the horizon ends, or more than [`EVENT_YEARS_BEFORE`]
    /// years before it starts, is accepted with a warning, since nothing
    /// (or everything) it starts falls inside the horizon and a mistyped
    /// year is the likelier cause.
    pub fn event_date(&self) -> Option<NaiveDate> {
        let d = self.date()?;
        if let Some(h) = self.src.horizon.get() {
            let m = crate::calendar::Month::of(d);
            if m >= h.end_month() {
                self.warning(format!(
                    "{d} is after the horizon ends (its last year is {}), so nothing it \
                     starts falls inside the horizon; check the year",
                    h.last_year()
                ));
            } else if m < h.first_month().plus(-12 * EVENT_YEARS_BEFORE) {
                self.warning(format!(
                    "{d} is more than {EVENT_YEARS_BEFORE} years before the horizon starts \
                     ({}); check the year",
                    h.start
                ));
            }
        }
        Some(d)
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
            // results.xlsx holds dates from 1900 (Excel's first year) on.
            Ok(d) if d.year() < 1900 => {
                self.problem(format!(
                    "{d} is before 1900; dates run from 1900-01-01 to 9999-12-31 \
                     (the dates a workbook can hold)"
                ));
                None
            }
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

/// The allowed values of a rate or share.
#[derive(Clone, Copy, Debug)]
struct Span {
    lo: Decimal,
    hi: Decimal,
    /// Whether the bounds themselves are allowed.
    inclusive: bool,
}

impl Span {
    /// Strictly between −1 and 1.
    const RATE: Span = Span {
        lo: Decimal::NEGATIVE_ONE,
        hi: Decimal::ONE,
        inclusive: false,
    };

    fn share(max: Decimal) -> Span {
        Span {
            lo: Decimal::ZERO,
            hi: max,
            inclusive: true,
        }
    }

    fn contains(self, d: Decimal) -> bool {
        if self.inclusive {
            self.lo <= d && d <= self.hi
        } else {
            self.lo < d && d < self.hi
        }
    }

    fn describe(self) -> String {
        if self.inclusive {
            format!("from {} to {}", self.lo, self.hi)
        } else {
            format!("greater than {} and less than {}", self.lo, self.hi)
        }
    }
}

/// `"3.5%"` → 0.035 exactly: a decimal number followed by `%`.
fn parse_percent(text: &str) -> Option<Decimal> {
    let number = text.trim().strip_suffix('%')?.trim_end();
    if number.is_empty()
        || !number
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+'))
    {
        return None;
    }
    let d = money::parse_decimal(number)?;
    d.checked_div(Decimal::ONE_HUNDRED)
}

/// A rate as a person reads it: 0.035 → `3.5%`.
fn percent_text(d: Decimal) -> String {
    format!("{}%", (d * Decimal::ONE_HUNDRED).normalize())
}

/// Where an out-of-range number would be in range as a percentage (`10`
/// for a share, `3.5` for a rate), the words that show how to write it.
fn percent_hint(d: Decimal, as_percent: bool, range: Span) -> Option<String> {
    if as_percent {
        return None;
    }
    let fraction = d.checked_div(Decimal::ONE_HUNDRED)?;
    if !range.contains(fraction) {
        return None;
    }
    let mut shown = fraction.normalize();
    if shown.scale() < 2 {
        shown.rescale(2);
    }
    let d = d.normalize();
    Some(format!(
        "it looks like a percentage: write {d}% as {shown} or as \"{d}%\""
    ))
}

/// Parses a model file's text into its root table. A TOML syntax error is
/// a problem with its line and, where the line is `key = value`, the key
/// and how to write the value; every such error in the file is reported
/// (each bad line is blanked in turn and the rest parsed again).
pub fn parse<'i>(src: &Source<'_>, text: &'i str) -> Option<Spanned<DeTable<'i>>> {
    let first = match DeTable::parse(text) {
        Ok(t) => return Some(t),
        Err(e) => e,
    };
    const MOST: usize = 20;
    let mut work = text.to_string();
    let mut error = Some(first);
    let mut seen_lines = Vec::new();
    while let Some(e) = error.take() {
        let span = e.span().unwrap_or(0..0);
        let line = src.line_of(span.start);
        if seen_lines.contains(&line) || seen_lines.len() == MOST {
            break;
        }
        seen_lines.push(line);
        let (start, end) = line_bounds(&work, span.start);
        let (key, hint) = diagnose(&work[start..end]);
        let mut message = format!("not valid TOML: {}", e.message().trim());
        if let Some(hint) = hint {
            message = format!("{hint} ({message})");
        }
        src.problem(&span, key.as_deref().unwrap_or("(syntax)"), message);
        // Blank the line (keeping its length, so later spans and lines
        // still match the file) and look for the next error.
        work.replace_range(start..end, &" ".repeat(work[start..end].len()));
        error = DeTable::parse(&work).err();
    }
    None
}

/// The byte range of the line holding `offset`, without its newline.
fn line_bounds(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    (start, end)
}

/// For a line `key = value` that TOML refused: the key, and how to write
/// the value when it is a common slip (a UK date, an amount with £ or
/// commas, a bare percentage, text without quotes).
fn diagnose(line: &str) -> (Option<String>, Option<String>) {
    let Some((key, value)) = line.split_once('=') else {
        return (None, None);
    };
    let key = key.trim().trim_matches('"').to_string();
    if key.is_empty() || key.starts_with('[') || key.contains(char::is_whitespace) {
        return (None, None);
    }
    let value = match value.find(" #") {
        Some(i) => &value[..i],
        None => value,
    }
    .trim();
    let yes_no = ["yes", "no", "y", "n", "on", "off"];
    let hint = if yes_no.contains(&value.to_lowercase().as_str()) {
        let b = matches!(value.to_lowercase().as_str(), "yes" | "y" | "on");
        Some(format!("write true or false: {key} = {b}"))
    } else if let Some(iso) = uk_date(value) {
        Some(format!(
            "the date {value} must be written year first: {key} = {iso}"
        ))
    } else if value.starts_with('£') || (value.contains(',') && !value.starts_with(['[', '{', '"']))
    {
        let plain: String = value
            .chars()
            .filter(|c| !matches!(c, '£' | ',' | ' '))
            .collect();
        money::parse_decimal(&plain).map(|d| {
            format!("an amount is written as a plain number, without £ or commas: {key} = {d}")
        })
    } else if let Some(number) = value.strip_suffix('%') {
        money::parse_decimal(number.trim()).map(|d| {
            format!(
                "a percentage goes in quotes or as a fraction: {key} = \"{d}%\" or {key} = {}",
                (d / Decimal::ONE_HUNDRED).normalize()
            )
        })
    } else if !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_alphanumeric() || " '-_.()&/".contains(c))
        && value.chars().next().is_some_and(char::is_alphabetic)
    {
        Some(format!("text goes in double quotes: {key} = \"{value}\""))
    } else {
        None
    };
    (Some(key), hint)
}

/// `01/06/2025` or `1-6-2025` (day first, as UK users write) as
/// `2025-06-01`, when it is a real date.
fn uk_date(value: &str) -> Option<String> {
    let parts: Vec<&str> = value.split(['/', '.', '-']).collect();
    let [d, m, y] = parts.as_slice() else {
        return None;
    };
    if d.len() > 2 || m.len() > 2 || y.len() != 4 {
        return None;
    }
    let date = chrono::NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)?;
    Some(date.format("%Y-%m-%d").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    #[test]
    fn percent_strings_are_exact_hundredths() {
        let cases = [
            ("3.5%", Some("0.035")),
            ("10%", Some("0.10")),
            (" 2.5 % ", Some("0.025")),
            ("-1%", Some("-0.01")),
            ("0.125%", Some("0.00125")),
            ("3.5", None),
            ("%", None),
            ("ten%", None),
            ("£5%", None),
        ];
        for (text, want) in cases {
            assert_eq!(parse_percent(text), want.map(d), "{text}");
        }
    }

    #[test]
    fn a_value_that_would_fit_as_a_percentage_gets_the_hint() {
        let share = Span::share(Decimal::ONE);
        assert_eq!(
            percent_hint(d("10"), false, share).as_deref(),
            Some("it looks like a percentage: write 10% as 0.10 or as \"10%\"")
        );
        assert_eq!(
            percent_hint(d("3.5"), false, Span::RATE).as_deref(),
            Some("it looks like a percentage: write 3.5% as 0.035 or as \"3.5%\"")
        );
        // 150 would be 1.5: still not a share, so no hint.
        assert_eq!(percent_hint(d("150"), false, share), None);
        // Written as a percentage already: no hint.
        assert_eq!(percent_hint(d("1.5"), true, share), None);
        // A rate of exactly 1 (100% a year) is refused; 1% fits.
        assert!(!Span::RATE.contains(Decimal::ONE));
        assert!(Span::RATE.contains(d("0.99")));
        assert!(!Span::RATE.contains(Decimal::NEGATIVE_ONE));
        assert!(Span::share(Decimal::TWO).contains(Decimal::TWO));
    }

    #[test]
    fn toml_slips_are_diagnosed_with_the_fix() {
        let cases = [
            ("on = 01/06/2025", "on", Some("the date 01/06/2025 must be written year first: on = 2025-06-01")),
            ("on = 31/02/2025", "on", None),
            ("amount = £85,000", "amount", Some("an amount is written as a plain number, without £ or commas: amount = 85000")),
            ("amount = 1,200.50 # note", "amount", Some("an amount is written as a plain number, without £ or commas: amount = 1200.50")),
            ("take_up = 80%", "take_up", Some("a percentage goes in quotes or as a fraction: take_up = \"80%\" or take_up = 0.8")),
            ("site = Old Town Hall", "site", Some("text goes in double quotes: site = \"Old Town Hall\"")),
            ("include_capital_receipts = no", "include_capital_receipts", Some("write true or false: include_capital_receipts = false")),
        ];
        for (line, key, hint) in cases {
            let (k, h) = diagnose(line);
            assert_eq!(k.as_deref(), Some(key), "{line}");
            assert_eq!(h.as_deref(), hint, "{line}");
        }
        assert_eq!(diagnose("[[vacate"), (None, None));
    }

    #[test]
    fn lines_are_found_by_offset_and_warnings_are_capped() {
        let text = "a = 1\n\nb = 2\nc = 3";
        let path = Path::new("m.toml");
        let src = Source::new(path, text);
        let lines: Vec<usize> = [0, 5, 6, 7, 12, 13, 99]
            .iter()
            .map(|o| src.line_of(*o))
            .collect();
        assert_eq!(lines, [1, 1, 2, 3, 3, 4, 4]);
        for _ in 0..100 {
            src.warning(&(7..8), "b", "unusual");
        }
        let w = src.into_warnings();
        assert_eq!(w.len(), crate::error::MAX_PROBLEMS);
        assert_eq!(w[0].to_string(), "m.toml:3: b: unusual");
        assert_eq!(
            w[w.len() - 1].to_string(),
            "m.toml: … and 51 more warnings of the same kinds, not listed"
        );
    }

    #[test]
    fn every_syntax_error_of_a_file_is_reported_at_its_line() {
        let text = "name = \"x\"\non = 01/06/2025\nyears = 3\namount = £5\n";
        let path = Path::new("m.toml");
        let src = Source::new(path, text);
        assert!(parse(&src, text).is_none());
        let problems: Vec<String> = src.into_problems().iter().map(|p| p.to_string()).collect();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems[0].starts_with("m.toml:2: on: the date"),
            "{problems:?}"
        );
        assert!(
            problems[1].starts_with("m.toml:4: amount: an amount"),
            "{problems:?}"
        );
    }
}
