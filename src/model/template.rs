//! A model file read again and again with new values for the same
//! parameters: a simulation's iterations (SPEC 9.3).
//!
//! `--set` works on the file's text (see [`super::params`]), and reading
//! a model through it parses the text twice. An iteration changes only the
//! values of the parameters it samples, so a [`Template`] does that work
//! once: it applies the first iteration's overrides to the text, parses
//! it, and notes where each override's value sits in the parsed tree.
//! Each later iteration puts its own values in those places and reads the
//! tree with the same reader, the same checks and the same line numbers:
//! the model it gives is the one [`super::from_bytes_with`] gives for the
//! same overrides (tested below for every bundled model), but that its
//! `[uncertainty]` table is the first run's, not read again, and so not
//! among the keys it read.
//!
//! Where that would not be so, [`Parsed::read`] gives `None` and the
//! caller reads the text again: a value the reader refuses or warns about
//! (the message then names this iteration's `--set` argument, as the text
//! path does), or overrides for other parameters than the template's.

use super::params::{self, Edits, Set};
use super::reader::{Source, Table};
use super::{read_model, Model};
use crate::error::Place;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// One step from a table to a value inside it.
#[derive(Clone, Debug, PartialEq)]
enum Step {
    Key(String),
    Item(usize),
}

/// A model file with the first run's overrides applied, and the places of
/// the values a run overrides.
#[derive(Clone, Debug)]
pub struct Template {
    file: PathBuf,
    /// The file's text with the first run's overrides: [`Template::parse`]
    /// parses it once, and its lines number the messages.
    text: String,
    edits: Edits,
    /// Per override of the text (in the order given): its path and where
    /// its value sits in the parsed text.
    slots: Vec<(Vec<String>, Vec<Step>)>,
    /// The arguments of the first run's overrides, as the reader records
    /// them.
    first_args: Vec<String>,
    sha256: String,
    original: Arc<str>,
    /// The `[uncertainty]` table as the first run read it: a run does not
    /// read it again (it is no parameter, so no run changes it).
    uncertainty: Option<crate::uncertainty::spec::Spec>,
}

impl Template {
    /// The template of `bytes` with `sets` (the first run's overrides), or
    /// `None` when the file or an override is at fault: then the text path
    /// reports it.
    pub fn new(file: &Path, bytes: &[u8], sets: &[Set]) -> Option<Template> {
        let original = std::str::from_utf8(bytes).ok()?;
        let first = super::from_bytes_with(file, bytes, sets).ok()?;
        let (text_sets, scales) = params::split_baseline(sets);
        if scales.iter().any(|s| s.is_err()) {
            return None;
        }
        let (text, edits) = params::apply(original, &text_sets).ok()?;
        let root = DeTable::parse(&text).ok()?;
        let mut slots = Vec::with_capacity(text_sets.len());
        for set in &text_sets {
            let (span, _) = edits.spans.iter().find(|(_, arg)| *arg == set.arg)?;
            let mut steps = Vec::new();
            if !locate(root.get_ref(), span, &mut steps) {
                return None;
            }
            slots.push((set.path.clone(), steps));
        }
        Some(Template {
            file: file.to_path_buf(),
            first_args: text_sets.iter().map(|s| s.arg.clone()).collect(),
            text,
            edits,
            slots,
            sha256: crate::workbook::sha256_hex(bytes),
            original: Arc::from(original),
            uncertainty: first.uncertainty,
        })
    }

    /// The text parsed, once for every run: [`Parsed::read`] copies it
    /// (its strings are borrowed, so a copy is only the tables' maps).
    pub fn parse(&self) -> Option<Parsed<'_>> {
        let root: DeTable = DeTable::parse(&self.text)
            .ok()?
            .into_inner()
            .into_iter()
            .filter(|(k, _)| k.get_ref() != "uncertainty")
            .collect();
        Some(Parsed {
            template: self,
            root,
        })
    }
}

/// A [`Template`]'s text parsed: what each run copies and reads.
#[derive(Clone, Debug)]
pub struct Parsed<'t> {
    template: &'t Template,
    root: DeTable<'t>,
}

impl Parsed<'_> {
    /// The model with `sets` (overrides of the same parameters, in the same
    /// order, as the template's), read from a copy of the parsed text with
    /// this run's values in place; `None` when the text path must read it
    /// instead (see the module's note).
    pub fn read(&self, sets: &[Set]) -> Option<Model> {
        let template = self.template;
        let (text_sets, scales) = params::split_baseline(sets);
        if text_sets.len() != template.slots.len() {
            return None;
        }
        let mut tree = self.root.clone();
        for (set, (path, steps)) in text_sets.iter().zip(&template.slots) {
            if set.path != *path {
                return None;
            }
            let node = find_mut(&mut tree, steps)?;
            let value = DeValue::parse(&set.toml).ok()?.into_inner();
            *node = Spanned::new(node.span(), value);
        }
        let baseline_scales = scales.into_iter().collect::<Result<Vec<_>, _>>().ok()?;
        let src = Source::with_edits(&template.file, &template.text, template.edits.clone());
        let mut t = Table::new(&src, &tree, 0..0, String::new());
        let m = read_model(&mut t, &template.file, template.sha256.clone());
        let mut m = match m {
            Some(m) if !src.has_problems() => m,
            _ => return None,
        };
        let warnings = src.into_warnings();
        if warnings
            .iter()
            .any(|w| matches!(w.place, Place::Set { .. }))
        {
            return None;
        }
        let mut keys = src.take_keys_read();
        for k in &mut keys {
            let Some(i) = k
                .set
                .as_ref()
                .and_then(|a| template.first_args.iter().position(|f| f == a))
            else {
                continue;
            };
            k.set = Some(text_sets[i].arg.clone());
            k.text = text_sets[i].toml.trim().trim_matches('"').to_string();
        }
        m.baseline_scales = baseline_scales;
        m.uncertainty = template.uncertainty.clone();
        m.text = template.original.clone();
        m.sets = sets.to_vec();
        m.keys = keys;
        m.warnings = warnings;
        Some(m)
    }
}

/// Fills `steps` with the way from `table` to the one plain value (not a
/// table or list) whose span lies within `span`: the value an override
/// wrote there.
fn locate(table: &DeTable<'_>, span: &Range<usize>, steps: &mut Vec<Step>) -> bool {
    table.iter().any(|(k, v)| {
        steps.push(Step::Key(k.get_ref().to_string()));
        let found = locate_value(v, span, steps);
        if !found {
            steps.pop();
        }
        found
    })
}

fn locate_value(v: &Spanned<DeValue<'_>>, span: &Range<usize>, steps: &mut Vec<Step>) -> bool {
    match v.get_ref() {
        DeValue::Table(t) => locate(t, span, steps),
        DeValue::Array(items) => items.iter().enumerate().any(|(i, item)| {
            steps.push(Step::Item(i));
            let found = locate_value(item, span, steps);
            if !found {
                steps.pop();
            }
            found
        }),
        _ => {
            let s = v.span();
            span.start <= s.start && s.end <= span.end
        }
    }
}

/// The value at the end of `steps`.
fn find_mut<'a, 'i>(
    table: &'a mut DeTable<'i>,
    steps: &[Step],
) -> Option<&'a mut Spanned<DeValue<'i>>> {
    let (Step::Key(first), rest) = steps.split_first()? else {
        return None;
    };
    let mut node = table
        .iter_mut()
        .find(|(k, _)| k.get_ref() == first)
        .map(|(_, v)| v)?;
    for step in rest {
        node = match (node.get_mut(), step) {
            (DeValue::Table(t), Step::Key(key)) => t
                .iter_mut()
                .find(|(k, _)| k.get_ref() == key)
                .map(|(_, v)| v)?,
            (DeValue::Array(items), Step::Item(i)) => items.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(node)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// For every bundled model and a spread of values of each uncertain
    /// parameter: the template's model is the text path's, field for field.
    #[test]
    fn a_template_reads_what_the_text_path_reads() {
        let files = crate::run::default_models(Path::new("models")).expect("models");
        let mut checked = 0;
        for file in files {
            let bytes = std::fs::read(&file).expect("model");
            let model = super::super::from_bytes(&file, &bytes).expect("model reads");
            let u = crate::uncertainty::resolve(&model, &Default::default())
                .expect("resolve")
                .expect("every bundled model has an [uncertainty] table");
            let samples = crate::uncertainty::simulate::samples(&crate::uncertainty::Uncertainty {
                iterations: 5,
                ..u.clone()
            });
            let sets =
                |i: usize| crate::uncertainty::simulate::iteration_sets(&u.parameters, &samples[i]);
            let template = Template::new(&file, &bytes, &sets(0)).expect("a template");
            let parsed = template.parse().expect("parses");
            for i in 0..5 {
                let fast = parsed.read(&sets(i)).expect("read from the template");
                let mut slow =
                    super::super::from_bytes_with(&file, &bytes, &sets(i)).expect("reads");
                // The one difference: a run does not read [uncertainty]
                // again, so its keys are not among those it read.
                slow.keys.retain(|k| !k.key.starts_with("uncertainty"));
                assert_eq!(
                    format!("{fast:?}"),
                    format!("{slow:?}"),
                    "{} run {i}",
                    file.display()
                );
                checked += 1;
            }
        }
        assert!(checked >= 15 * 5);
    }
}
