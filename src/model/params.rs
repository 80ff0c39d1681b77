//! Parameters by path (SPEC 9.1) and what-if from the command line
//! (`--set PATH=VALUE`).
//!
//! Every number and date a model file sets is a parameter with a path: its
//! keys joined by dots as the file writes them (`take_up`,
//! `holding.energy`, `appraisal.optimism_bias`); an entry of an array of
//! tables is named by its identifying value (`vacate.OTH.capital_receipt`,
//! `one_off_costs."Decant and moves".amount`), a list item by its position
//! from 1 (`capacity.3`, `ramp.2`). A part holding a dot, a space or a
//! quote is written in double quotes.
//!
//! `--set` works on the model file's text before it is read: the value's
//! text replaces the old value's (on the same line), or, for a parameter
//! the file leaves to its default, a new line is added to its table. The
//! file is then read and checked exactly as written, so an override gets
//! every check a value in the file gets. The reader maps lines back to the
//! file's own numbering and names the `--set` argument wherever an
//! override is at fault or was used.

use std::ops::Range;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// One `--set PATH=VALUE`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Set {
    /// The argument as given, for messages and the assumptions log.
    pub arg: String,
    pub path: Vec<String>,
    /// The value as TOML text: a number, or a quoted percent or date.
    pub toml: String,
}

/// The value a `--set` gives a parameter: a number or a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetValue {
    Number(rust_decimal::Decimal),
    Date(chrono::NaiveDate),
}

impl SetValue {
    /// As TOML text: the number as written, a date quoted.
    pub fn toml(&self) -> String {
        match self {
            SetValue::Number(d) => d.to_string(),
            SetValue::Date(d) => format!("\"{d}\""),
        }
    }
}

impl Set {
    /// The value as a number or date; `None` for a percentage (which the
    /// reader turns into a number, see [`super::reader`]).
    pub fn value(&self) -> Option<SetValue> {
        let text = self.toml.trim_matches('"');
        if let Ok(d) = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            return Some(SetValue::Date(d));
        }
        if self.toml.starts_with('"') {
            return None;
        }
        crate::money::parse_decimal(text).map(SetValue::Number)
    }
}

/// Reads `PATH=VALUE`; the error says what was expected.
pub fn parse_set(arg: &str) -> Result<Set, String> {
    let (path, value) = arg.split_once('=').ok_or_else(|| {
        format!("--set {arg}: expected PATH=VALUE, e.g. --set take_up=0.6 or --set vacate.OTH.dispose_on=2015-04-01")
    })?;
    let path = parse_path(path.trim()).map_err(|e| format!("--set {arg}: {e}"))?;
    let toml = value_toml(value.trim()).ok_or_else(|| {
        format!(
            "--set {arg}: \"{}\" is not a value a parameter takes; write a number (0.6, \
             150000), a percentage (3.5%) or a date (2015-04-01)",
            value.trim()
        )
    })?;
    Ok(Set {
        arg: arg.to_string(),
        path,
        toml,
    })
}

/// `--set baseline.<category>=FACTOR` (SPEC 9.1): a scale factor on every
/// baseline amount of that category before the model runs.
#[derive(Clone, Debug, PartialEq)]
pub struct BaselineScale {
    /// A site or library cost category, `annual_fee`, `annual_transport`,
    /// or a category of the Services sheet (normalised like a header).
    pub category: String,
    pub factor: rust_decimal::Decimal,
    /// The argument as given.
    pub arg: String,
}

/// The largest baseline scale factor: a thousand-fold is a typing slip.
pub const MAX_BASELINE_SCALE: rust_decimal::Decimal =
    rust_decimal::Decimal::from_parts(1000, 0, 0, false, 0);

/// Splits the overrides into those of the model file and the baseline
/// scale factors; a bad factor is an error naming the argument.
pub fn split_baseline(sets: &[Set]) -> (Vec<Set>, Vec<Result<BaselineScale, String>>) {
    let mut file = Vec::new();
    let mut scales = Vec::new();
    for set in sets {
        if set.path[0] != "baseline" {
            file.push(set.clone());
            continue;
        }
        scales.push(baseline_scale(set));
    }
    (file, scales)
}

fn baseline_scale(set: &Set) -> Result<BaselineScale, String> {
    let [_, category] = set.path.as_slice() else {
        return Err(format!(
            "--set {}: a baseline scale factor is baseline.<category>, e.g. baseline.energy=1.1",
            set.arg
        ));
    };
    let text = set.toml.trim_matches('"');
    let factor = match text.strip_suffix('%') {
        Some(p) => rust_decimal::Decimal::from_str_exact(p.trim())
            .ok()
            .map(|d| d / rust_decimal::Decimal::ONE_HUNDRED),
        None => rust_decimal::Decimal::from_str_exact(text).ok(),
    };
    match factor {
        Some(f) if f >= rust_decimal::Decimal::ZERO && f <= MAX_BASELINE_SCALE => {
            Ok(BaselineScale {
                category: crate::workbook::normalise(category),
                factor: f,
                arg: set.arg.clone(),
            })
        }
        _ => Err(format!(
            "--set {}: a baseline scale factor must be a number from 0 to {MAX_BASELINE_SCALE} \
             (1.1 or 110% for ten per cent more), found {text}",
            set.arg
        )),
    }
}

/// Splits a path at its dots; a part in double quotes may hold dots and
/// spaces (`one_off_costs."Decant and moves".amount`).
pub fn parse_path(path: &str) -> Result<Vec<String>, String> {
    let mut parts = Vec::new();
    let mut chars = path.chars().peekable();
    loop {
        let mut part = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            let mut closed = false;
            for c in chars.by_ref() {
                if c == '"' {
                    closed = true;
                    break;
                }
                part.push(c);
            }
            if !closed {
                return Err(format!("the path {path} has a quote that is not closed"));
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c == '.' {
                    break;
                }
                part.push(c);
                chars.next();
            }
            part = part.trim().to_string();
        }
        if part.is_empty() {
            return Err(format!("the path \"{path}\" has an empty part"));
        }
        parts.push(part);
        match chars.next() {
            None => return Ok(parts),
            Some('.') => {}
            Some(c) => {
                return Err(format!(
                    "the path {path} has \"{c}\" after a quoted part; parts are joined by dots"
                ))
            }
        }
    }
}

/// The TOML text of a `--set` value: a number as written (`0.6`,
/// `150_000`), a percentage or a date as a string, as a model file would
/// write them.
fn value_toml(value: &str) -> Option<String> {
    let plain = value.replace('_', "");
    if !plain.is_empty()
        && plain
            .trim_start_matches(['-', '+'])
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.')
        && rust_decimal::Decimal::from_str_exact(plain.trim_start_matches('+')).is_ok()
    {
        return Some(plain.trim_start_matches('+').to_string());
    }
    let is_percent = value
        .strip_suffix('%')
        .is_some_and(|n| rust_decimal::Decimal::from_str_exact(n.trim()).is_ok());
    let is_date = chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").is_ok();
    (is_percent || is_date).then(|| format!("\"{value}\""))
}

/// The key of an array of tables that names its entries.
fn identifying_key(array: &str) -> Option<&'static str> {
    match array {
        "vacate" => Some("site"),
        "receiving" | "one_off_costs" => Some("label"),
        "other_bodies" => Some("body"),
        _ => None,
    }
}

/// Keys that are not parameters: names, labels, the horizon, the kind.
fn not_a_parameter(key: &str) -> bool {
    matches!(
        key,
        "name"
            | "uncertainty"
            | "kind"
            | "description"
            | "price_base"
            | "horizon"
            | "site"
            | "label"
            | "body"
            | "service"
            | "to"
            | "authority"
            | "partners"
            | "perspective"
            | "need"
            | "provider_types"
            | "ignore_columns"
    )
}

/// A parameter the file sets: its path and its value as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parameter {
    pub path: String,
    pub value: String,
    /// 1-based line in the file.
    pub line: usize,
}

/// A path as a person writes it: parts joined by dots, each quoted when
/// it must be (`one_off_costs."Decant and moves".amount`).
pub fn path_text(parts: &[String]) -> String {
    parts
        .iter()
        .map(|p| part_text(p))
        .collect::<Vec<_>>()
        .join(".")
}

/// Writes a path part, quoted when it must be.
fn part_text(part: &str) -> String {
    if part.contains(['.', ' ', '"']) || part.is_empty() {
        format!("\"{}\"", part.replace('"', ""))
    } else {
        part.to_string()
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// Whether a value is a parameter's: a number, or a date or percentage.
fn is_parameter_value(v: &DeValue) -> bool {
    match v {
        DeValue::Integer(_) | DeValue::Float(_) | DeValue::Datetime(_) => true,
        DeValue::String(s) => {
            let s = s.trim();
            chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok() || s.ends_with('%')
        }
        _ => false,
    }
}

/// Every parameter the file sets, in file order.
pub fn parameters(text: &str) -> Vec<Parameter> {
    let Ok(root) = DeTable::parse(text) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    walk_table(text, root.get_ref(), &mut Vec::new(), &mut out);
    out.sort_by_key(|p| p.line);
    out
}

fn walk_table(text: &str, t: &DeTable, path: &mut Vec<String>, out: &mut Vec<Parameter>) {
    for (k, v) in t.iter() {
        let key = k.get_ref().to_string();
        if path.is_empty() && not_a_parameter(&key) || !path.is_empty() && key_is_name(&key) {
            continue;
        }
        path.push(part_text(&key));
        walk_value(text, &key, v, path, out);
        path.pop();
    }
}

/// Keys inside tables that name rather than measure.
fn key_is_name(key: &str) -> bool {
    matches!(key, "site" | "label" | "body")
}

fn walk_value(
    text: &str,
    key: &str,
    v: &Spanned<DeValue>,
    path: &mut Vec<String>,
    out: &mut Vec<Parameter>,
) {
    match v.get_ref() {
        DeValue::Table(t) => walk_table(text, t, path, out),
        DeValue::Array(items) => {
            let id = identifying_key(key);
            for (i, item) in items.iter().enumerate() {
                match (item.get_ref(), id) {
                    (DeValue::Table(t), Some(id)) => {
                        let name = t
                            .iter()
                            .find(|(k, _)| k.get_ref().as_ref() == id)
                            .and_then(|(_, v)| match v.get_ref() {
                                DeValue::String(s) => Some(s.trim().to_string()),
                                _ => None,
                            })
                            .unwrap_or_else(|| (i + 1).to_string());
                        path.push(part_text(&name));
                        walk_table(text, t, path, out);
                        path.pop();
                    }
                    (value, _) if is_parameter_value(value) => {
                        path.push((i + 1).to_string());
                        out.push(parameter(text, path, item.span()));
                        path.pop();
                    }
                    _ => {}
                }
            }
        }
        value if is_parameter_value(value) => out.push(parameter(text, path, v.span())),
        _ => {}
    }
}

fn parameter(text: &str, path: &[String], span: Range<usize>) -> Parameter {
    Parameter {
        path: path.join("."),
        value: text
            .get(span.clone())
            .unwrap_or("")
            .trim()
            .trim_matches('"')
            .to_string(),
        line: line_of(text, span.start),
    }
}

/// `savings params MODEL`: every parameter the file sets, with its value
/// and line, then every default the engine applies that the file leaves
/// out, each with the path `--set` takes.
pub fn listing(model: &super::Model, text: &str) -> String {
    let set = parameters(text);
    let mut out = format!(
        "Parameters of {} ({}), by the path --set takes\n\nSet in the file:\n",
        model.file.display(),
        model.kind.name()
    );
    let width = set
        .iter()
        .map(|p| p.path.chars().count())
        .max()
        .unwrap_or(0);
    for p in &set {
        out.push_str(&format!(
            "  {:width$}  {}  (line {})\n",
            p.path,
            p.value,
            p.line,
            width = width
        ));
    }
    let defaults = defaults(model);
    let given = |key: &str| {
        set.iter()
            .any(|p| p.path == key || p.path.starts_with(&format!("{key}.")))
    };
    // A switch is not a parameter: only numbers and dates are.
    let switch = |k: &str| {
        matches!(
            k,
            "appraisal.include_capital_receipts" | "appraisal.perspective"
        )
    };
    let left: Vec<&(String, String)> = defaults
        .iter()
        .filter(|(k, _)| !given(k) && !switch(k))
        .collect();
    if !left.is_empty() {
        out.push_str("\nDefaults the engine applies (--set gives them a value):\n");
        let width = left
            .iter()
            .map(|(k, _)| k.chars().count())
            .max()
            .unwrap_or(0);
        for (k, v) in left {
            out.push_str(&format!("  {k:width$}  {v}\n"));
        }
    }
    out.push_str(
        "\nAlso: any [inflation] key the model may name (a cost category, placements, \
         unit_costs), and a site's, entry's or list item's value by its path.\n",
    );
    out
}

/// Every default the engine applies to a model, by path, with its value:
/// those of every model, the kind's, and each one-off cost's `months`.
pub fn defaults(model: &super::Model) -> Vec<(String, String)> {
    let mut defaults = crate::kinds::common_defaults(model);
    defaults.extend(model.kind.defaults());
    for c in &model.one_off_costs {
        defaults.push((
            format!("one_off_costs.{}.months", part_text(&c.label)),
            "1".into(),
        ));
    }
    defaults
}

/// What [`apply`] did to the text, for the reader to map lines back and
/// name the `--set` argument.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Edits {
    /// Byte ranges of the new text that came from `--set`, with the
    /// argument.
    pub spans: Vec<(Range<usize>, String)>,
    /// Lines of the new text (1-based) that `--set` added.
    pub added_lines: Vec<usize>,
}

impl Edits {
    /// The `--set` argument whose text holds `offset`, if any.
    pub fn set_at(&self, offset: usize) -> Option<&str> {
        self.spans
            .iter()
            .find(|(r, _)| r.start <= offset && offset < r.end.max(r.start + 1))
            .map(|(_, a)| a.as_str())
    }

    /// The `--set` argument whose text is on the line holding `offset` of
    /// `text` (a problem may be reported at the key, before the value).
    pub fn set_on_line(&self, text: &str, offset: usize) -> Option<&str> {
        let offset = offset.min(text.len());
        let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        self.spans
            .iter()
            .find(|(r, _)| {
                // An added line starts with its newline.
                let first = if text.as_bytes().get(r.start) == Some(&b'\n') {
                    r.start + 1
                } else {
                    r.start
                };
                first <= end && start <= first
            })
            .map(|(_, a)| a.as_str())
    }

    /// The file's own line number of a line of the new text.
    pub fn original_line(&self, line: usize) -> usize {
        line - self.added_lines.iter().filter(|l| **l < line).count()
    }
}

/// A change to the text: replace `range` by `text`.
struct Change {
    range: Range<usize>,
    text: String,
    arg: String,
    /// Whether the change adds lines (a new key or table).
    adds_lines: bool,
}

/// Applies the overrides to a model file's text. A path that names
/// nothing the model has is an error listing the nearest parameters.
pub fn apply(text: &str, sets: &[Set]) -> Result<(String, Edits), Vec<String>> {
    if sets.is_empty() {
        return Ok((text.to_string(), Edits::default()));
    }
    let Ok(root) = DeTable::parse(text) else {
        // The reader reports the file's own syntax errors.
        return Ok((text.to_string(), Edits::default()));
    };
    let mut changes = Vec::new();
    let mut errors = Vec::new();
    for set in sets {
        match change_for(text, root.get_ref(), set) {
            Ok(c) => changes.push(c),
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // Apply from the end so that earlier ranges stay valid; two overrides
    // of one value are an error.
    changes.sort_by_key(|c| (c.range.start, c.range.end));
    for w in changes.windows(2) {
        if w[0].range == w[1].range && !w[0].adds_lines {
            return Err(vec![format!(
                "--set {} and --set {} set the same parameter; give it once",
                w[0].arg, w[1].arg
            )]);
        }
    }
    let mut out = text.to_string();
    for c in changes.iter().rev() {
        out.replace_range(c.range.clone(), &c.text);
    }
    // Where each change landed in the new text.
    let mut edits = Edits::default();
    let mut shift: isize = 0;
    for c in &changes {
        let start = (c.range.start as isize + shift) as usize;
        let end = start + c.text.len();
        edits.spans.push((start..end, c.arg.clone()));
        if c.adds_lines {
            let first = line_of(&out, start + 1);
            let added = c.text.matches('\n').count();
            for l in 0..added {
                edits.added_lines.push(first + l);
            }
        }
        shift += c.text.len() as isize - (c.range.end - c.range.start) as isize;
    }
    Ok((out, edits))
}

/// The change one override makes.
fn change_for(text: &str, root: &DeTable, set: &Set) -> Result<Change, String> {
    let unknown = |why: String| {
        let known: Vec<String> = parameters(text).into_iter().map(|p| p.path).collect();
        let wanted = set.path.join(".");
        let candidates: Vec<(&str, &str)> =
            known.iter().map(|k| (k.as_str(), k.as_str())).collect();
        let near = crate::suggest::nearest(&wanted, &candidates, 3);
        format!(
            "--set {}: {why}{}; `savings params MODEL` lists a model's parameters",
            set.arg,
            crate::suggest::did_you_mean(&near)
        )
    };
    let path = &set.path;
    if not_a_parameter(&path[0]) {
        return Err(format!(
            "--set {}: {} is not a parameter (names, the horizon and the kind are fixed by the \
             model file)",
            set.arg, path[0]
        ));
    }
    let mut table = root;
    // The byte range of the table's text, for inserting a new key: the
    // end of its last key's line.
    let mut last_end: Option<usize> = last_key_end(table);
    let mut inline = false;
    let mut i = 0;
    while i < path.len() {
        let part = &path[i];
        let last = i + 1 == path.len();
        let found = table
            .iter()
            .find(|(k, _)| k.get_ref().as_ref() == part.as_str());
        let Some((_, v)) = found else {
            if !last {
                // A whole table the file leaves out: add it at the end.
                if !std::ptr::eq(table, root) || i + 2 != path.len() {
                    return Err(unknown(format!(
                        "the model has no {}",
                        path[..=i].join(".")
                    )));
                }
                let end = text.len();
                let lead = if text.ends_with('\n') { "" } else { "\n" };
                let added = format!("{lead}\n[{part}]\n{} = {}\n", path[i + 1], set.toml);
                return Ok(Change {
                    range: end..end,
                    text: added,
                    arg: set.arg.clone(),
                    adds_lines: true,
                });
            }
            // A key the file leaves to its default: a new line after the
            // table's last key.
            if inline {
                return Err(format!(
                    "--set {}: {} is in an inline table {{ … }}; add the key to the file",
                    set.arg,
                    path.join(".")
                ));
            }
            let Some(end) = last_end else {
                return Err(unknown(format!("the model has no {}", path.join("."))));
            };
            let at = text[end..].find('\n').map_or(text.len(), |n| end + n);
            let key = if part.contains(['.', ' ']) {
                format!("\"{part}\"")
            } else {
                part.clone()
            };
            return Ok(Change {
                range: at..at,
                text: format!("\n{key} = {}", set.toml),
                arg: set.arg.clone(),
                adds_lines: true,
            });
        };
        match v.get_ref() {
            DeValue::Table(t) => {
                if last {
                    return Err(unknown(format!(
                        "{} is a table, not a value",
                        path.join(".")
                    )));
                }
                inline = text
                    .get(v.span())
                    .is_some_and(|s| s.trim_start().starts_with('{'));
                table = t;
                last_end = last_key_end(table);
                i += 1;
            }
            DeValue::Array(items) => {
                if last {
                    return Err(unknown(format!(
                        "{} is a list; name one item, e.g. {}.1",
                        path.join("."),
                        path.join(".")
                    )));
                }
                let next = &path[i + 1];
                if let Some(id) = identifying_key(part) {
                    let entry = items.iter().find_map(|item| match item.get_ref() {
                        DeValue::Table(t) => t
                            .iter()
                            .find(|(k, _)| k.get_ref().as_ref() == id)
                            .and_then(|(_, v)| match v.get_ref() {
                                DeValue::String(s) if s.trim() == next.trim() => Some(t),
                                _ => None,
                            }),
                        _ => None,
                    });
                    let Some(t) = entry else {
                        return Err(unknown(format!(
                            "no [[{part}]] entry has {id} = \"{next}\""
                        )));
                    };
                    table = t;
                    last_end = last_key_end(table);
                    inline = false;
                    i += 2;
                } else {
                    let n: usize = next.parse().map_err(|_| {
                        unknown(format!(
                            "{part} is a list; name an item by its position from 1"
                        ))
                    })?;
                    let item = n.checked_sub(1).and_then(|k| items.get(k)).ok_or_else(|| {
                        unknown(format!("{part} has {} values, not {n}", items.len()))
                    })?;
                    if i + 2 != path.len() {
                        return Err(unknown(format!(
                            "{} names a value",
                            path[..i + 2].join(".")
                        )));
                    }
                    return Ok(Change {
                        range: item.span(),
                        text: set.toml.clone(),
                        arg: set.arg.clone(),
                        adds_lines: false,
                    });
                }
            }
            value => {
                if !last {
                    return Err(unknown(format!(
                        "{} is a value, not a table",
                        path[..=i].join(".")
                    )));
                }
                if !is_parameter_value(value) || key_is_name(part) {
                    return Err(format!(
                        "--set {}: {} is not a parameter (only numbers and dates are)",
                        set.arg,
                        path.join(".")
                    ));
                }
                return Ok(Change {
                    range: v.span(),
                    text: set.toml.clone(),
                    arg: set.arg.clone(),
                    adds_lines: false,
                });
            }
        }
    }
    Err(unknown(format!("the model has no {}", path.join("."))))
}

/// The end of the value of a table's last key (in file order), if it has
/// keys written as `key = value` lines.
fn last_key_end(t: &DeTable) -> Option<usize> {
    t.iter()
        .filter(|(_, v)| {
            !matches!(v.get_ref(), DeValue::Table(_)) && !is_array_of_tables(v.get_ref())
        })
        .map(|(_, v)| v.span().end)
        .max()
}

fn is_array_of_tables(v: &DeValue) -> bool {
    matches!(v, DeValue::Array(items) if items.iter().all(|i| matches!(i.get_ref(), DeValue::Table(_))) && !items.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    const MODEL: &str = r#"name = "Vacate"
kind = "building_vacation"
[horizon]
start = "2012/13"
years = 10
[holding]
energy = 0.10
[[vacate]]
site = "OTH"
on = "2012-06-01"
capital_receipt = 2_400_000
[[vacate]]
site = "Exchequer House"
on = "2013-01-01"
[[one_off_costs]]
label = "Decant and moves"
amount = 150000
date = "2012-06-01"
"#;

    fn set(arg: &str) -> Set {
        parse_set(arg).unwrap()
    }

    #[test]
    fn paths_split_at_dots_and_quotes_hold_dots_and_spaces() {
        assert_eq!(parse_path("take_up").unwrap(), ["take_up"]);
        assert_eq!(
            parse_path("one_off_costs.\"Decant and moves\".amount").unwrap(),
            ["one_off_costs", "Decant and moves", "amount"]
        );
        assert_eq!(parse_path("capacity.3").unwrap(), ["capacity", "3"]);
        assert!(parse_path("a..b").is_err());
        assert!(parse_path("a.\"b").is_err());
    }

    #[test]
    fn values_are_numbers_percentages_or_dates() {
        assert_eq!(set("take_up=0.6").toml, "0.6");
        assert_eq!(set("x=150_000").toml, "150000");
        assert_eq!(set("x=3.5%").toml, "\"3.5%\"");
        assert_eq!(set("x=2015-04-01").toml, "\"2015-04-01\"");
        assert!(parse_set("x=sixty").is_err());
        assert!(parse_set("x=01/04/2015").is_err());
        assert!(parse_set("take_up").is_err());
    }

    #[test]
    fn every_number_and_date_the_file_sets_is_listed_by_path() {
        let p: Vec<(String, String, usize)> = parameters(MODEL)
            .into_iter()
            .map(|p| (p.path, p.value, p.line))
            .collect();
        assert_eq!(
            p,
            vec![
                ("holding.energy".into(), "0.10".into(), 7),
                ("vacate.OTH.on".into(), "2012-06-01".into(), 10),
                ("vacate.OTH.capital_receipt".into(), "2_400_000".into(), 11),
                (
                    "vacate.\"Exchequer House\".on".into(),
                    "2013-01-01".into(),
                    14
                ),
                (
                    "one_off_costs.\"Decant and moves\".amount".into(),
                    "150000".into(),
                    17
                ),
                (
                    "one_off_costs.\"Decant and moves\".date".into(),
                    "2012-06-01".into(),
                    18
                ),
            ]
        );
    }

    #[test]
    fn a_value_is_replaced_on_its_own_line() {
        let (text, edits) = apply(MODEL, &[set("vacate.OTH.capital_receipt=1800000")]).unwrap();
        assert!(text.contains("capital_receipt = 1800000\n"), "{text}");
        assert_eq!(text.lines().count(), MODEL.lines().count());
        let at = text.find("1800000").unwrap();
        assert_eq!(edits.set_at(at), Some("vacate.OTH.capital_receipt=1800000"));
        assert!(edits.added_lines.is_empty());
    }

    #[test]
    fn a_default_gets_a_new_line_in_its_table_and_lines_map_back() {
        let (text, edits) = apply(
            MODEL,
            &[
                set("vacate.\"Exchequer House\".dispose_on=2015-04-01"),
                set("holding.water=0.2"),
            ],
        )
        .unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[7], "water = 0.2", "{text}");
        assert_eq!(lines[15], "dispose_on = \"2015-04-01\"", "{text}");
        assert_eq!(edits.added_lines, vec![8, 16]);
        // The file's line 17 (amount) is line 19 of the new text.
        assert_eq!(lines[18], "amount = 150000");
        assert_eq!(edits.original_line(19), 17);
        assert!(DeTable::parse(&text).is_ok());
    }

    #[test]
    fn a_table_the_file_leaves_out_is_added_at_the_end() {
        let (text, _) = apply(MODEL, &[set("appraisal.optimism_bias=0.1")]).unwrap();
        assert!(
            text.ends_with("\n[appraisal]\noptimism_bias = 0.1\n"),
            "{text}"
        );
        assert!(DeTable::parse(&text).is_ok());
    }

    #[test]
    fn a_path_that_names_nothing_says_so_and_suggests_the_nearest() {
        let e = apply(MODEL, &[set("vacate.OTX.capital_receipt=1")]).unwrap_err();
        assert!(
            e[0].contains("no [[vacate]] entry has site = \"OTX\""),
            "{e:?}"
        );
        let e = apply(MODEL, &[set("holding.energi.x=1")]).unwrap_err();
        assert!(e[0].contains("savings params"), "{e:?}");
        let e = apply(MODEL, &[set("name=1")]).unwrap_err();
        assert!(e[0].contains("not a parameter"), "{e:?}");
        let e = apply(
            MODEL,
            &[set("holding.energy=0.1"), set("holding.energy=0.2")],
        )
        .unwrap_err();
        assert!(e[0].contains("same parameter"), "{e:?}");
    }
}
