//! How a figure was made: `savings explain` and `trace.json`.
//!
//! A traced run ([`crate::kinds::project_traced`]) keeps, for every amount
//! it adds, the baseline row or model entry it came from, the formula in
//! words and the formula's inputs. These writers group those terms by
//! financial year, line and class, and show that they add up, to the penny,
//! to the figure in `lines.csv` — the audit trail the Aqua Book asks for.

use crate::calendar::{FinancialYear, Month};
use crate::error::{Error, Problem, Result};
use crate::flows::{Class, Flows, LineId, Term};
use crate::kinds::Prepared;
use crate::money::{pennies, pounds_and_pence, round_pennies, Decimal};
use serde::Serialize;
use std::fmt::Write;

/// The terms of one line and class in one financial year, in the order
/// they were added.
fn terms_of(flows: &Flows, line: LineId, class: Class, year: FinancialYear) -> Vec<&Term> {
    flows
        .counted_terms()
        .filter(|t| t.line == line && t.class == class && t.month.financial_year() == year)
        .collect()
}

/// Checks that the terms add up to the line's total, to the penny; a
/// trace that does not is the engine's fault, not the user's.
fn reconcile(terms: &[&Term], total: Decimal, what: &str) -> Result<Decimal> {
    let sum: Decimal = terms.iter().map(|t| t.amount).sum();
    if round_pennies(sum) != round_pennies(total) {
        return Err(Error::Internal(format!(
            "{what}: the traced amounts sum to {sum} but the line's total is {total}"
        )));
    }
    Ok(sum)
}

/// A value as a person reads it: up to six places, `≈` when cut.
fn value(d: Decimal) -> String {
    let shown = d.round_dp(6).normalize();
    if shown == d.normalize() {
        shown.to_string()
    } else {
        format!("≈{shown}")
    }
}

/// Month runs of one source: consecutive months with the same formula,
/// inputs and amount are one run.
fn runs<'t>(terms: &[&'t Term]) -> Vec<(Month, Month, Vec<&'t Term>)> {
    let mut out: Vec<(Month, Month, Vec<&Term>)> = Vec::new();
    for t in terms {
        if let Some((_, last, run)) = out.last_mut() {
            let prev = run[0];
            if t.month == last.plus(1) && t.why == prev.why && t.amount == prev.amount {
                *last = t.month;
                run.push(t);
                continue;
            }
        }
        out.push((t.month, t.month, vec![t]));
    }
    out
}

fn month_name(m: Month) -> String {
    const NAMES: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!("{} {}", NAMES[(m.month() - 1) as usize], m.year())
}

/// `savings explain`: how the figure of `line` in `year` was made, for each
/// class it has (or only `class`), reconciled with `lines.csv`.
///
/// Errors: a year outside the horizon or a line the model does not have is
/// an input problem that lists what there is.
pub fn explain(
    p: &Prepared,
    flows: &Flows,
    year: FinancialYear,
    line: &str,
    class: Option<Class>,
) -> Result<String> {
    let model = &p.model;
    let horizon = p.context.horizon;
    if year < horizon.start || year > horizon.last_year() {
        return Err(Error::input(Problem::file(
            &model.file,
            format!("--year {year} is outside the model's horizon, {horizon}; choose a year in it"),
        )));
    }
    let Some(id) = flows.find_line(line) else {
        let labels: Vec<(&str, &str)> = flows
            .labels()
            .iter()
            .map(|l| (l.as_str(), l.as_str()))
            .collect();
        let near = crate::suggest::nearest(line, &labels, 3);
        return Err(Error::input(Problem::file(
            &model.file,
            format!(
                "has no line \"{line}\"{} (its lines: {})",
                crate::suggest::did_you_mean(&near),
                flows.labels().join(", ")
            ),
        )));
    };
    let classes: Vec<Class> = match class {
        Some(c) => vec![c],
        None => Class::ALL
            .into_iter()
            .filter(|c| !flows.year_total(id, *c, year).is_zero())
            .collect(),
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} — {} ({}), {} at {} prices",
        model.name,
        model.file.display(),
        model.kind.name(),
        p.authority,
        p.price_base()
    );
    if classes.is_empty() {
        let other = flows.terms().iter().find(|t| {
            t.line == id
                && !flows.counts(t.body)
                && t.month.financial_year() == year
                && !t.amount.is_zero()
        });
        match other.and_then(|t| flows.body_name(t.body)) {
            Some(body) => {
                let _ = writeln!(
                    out,
                    "\nThe line \"{line}\" in {year} is borne by {body}, not by {}: the \
                     projection counts it only with [appraisal] perspective = \"public_sector\" \
                     (bodies.csv shows it).",
                    p.authority
                );
            }
            None => {
                let _ = writeln!(
                    out,
                    "\nThe line \"{line}\" is zero in {year}: nothing to explain."
                );
            }
        }
        return Ok(out);
    }
    for c in classes {
        let total = flows.year_total(id, c, year);
        let terms = terms_of(flows, id, c, year);
        let what = format!("{line}, {}, {year}", c.name());
        let sum = reconcile(&terms, total, &what)?;
        let _ = writeln!(out, "\n{what}");
        let mut sources: Vec<&str> = Vec::new();
        for t in &terms {
            if !sources.contains(&t.why.source.as_str()) {
                sources.push(&t.why.source);
            }
        }
        for source in sources {
            let mine: Vec<&Term> = terms
                .iter()
                .copied()
                .filter(|t| t.why.source == source)
                .collect();
            let _ = writeln!(out, "\n  {source}");
            for (first, last, run) in runs(&mine) {
                let t = run[0];
                let months = run.len();
                let when = if first == last {
                    month_name(first)
                } else {
                    format!(
                        "{}–{} ({months} months)",
                        month_name(first),
                        month_name(last)
                    )
                };
                let _ = writeln!(out, "    {when}: {}", t.why.formula);
                let inputs: Vec<String> = t
                    .why
                    .inputs
                    .iter()
                    .map(|i| {
                        let shown = if i.money {
                            pounds_and_pence(i.value)
                        } else {
                            value(i.value)
                        };
                        format!("{} {shown}", i.name)
                    })
                    .collect();
                if !inputs.is_empty() {
                    let _ = writeln!(out, "      with {}", inputs.join("; "));
                }
                let run_sum: Decimal = run.iter().map(|t| t.amount).sum();
                if months > 1 {
                    let _ = writeln!(
                        out,
                        "      = {} a month ({}), {} in all",
                        pounds_and_pence(t.amount),
                        value(t.amount),
                        pounds_and_pence(run_sum)
                    );
                } else {
                    let _ = writeln!(
                        out,
                        "      = {} ({})",
                        pounds_and_pence(t.amount),
                        value(t.amount)
                    );
                }
            }
            let subtotal: Decimal = mine.iter().map(|t| t.amount).sum();
            let _ = writeln!(out, "    subtotal {}", pounds_and_pence(subtotal));
        }
        let _ = writeln!(
            out,
            "\n  total {} — lines.csv shows {} for {line}, {}, {year}: they agree",
            pounds_and_pence(sum),
            pounds_and_pence(total),
            c.name()
        );
    }
    Ok(out)
}

#[derive(Serialize)]
struct TraceFile<'a> {
    model: &'a str,
    file: String,
    note: &'static str,
    lines: Vec<TraceLine<'a>>,
}

#[derive(Serialize)]
struct TraceLine<'a> {
    financial_year: String,
    line: &'a str,
    class: &'static str,
    /// As in `lines.csv`: rounded half to even to the penny.
    amount: String,
    terms: Vec<TraceTerm<'a>>,
}

#[derive(Serialize)]
struct TraceTerm<'a> {
    month: String,
    source: &'a str,
    formula: &'a str,
    inputs: Vec<TraceInput<'a>>,
    /// Unrounded.
    amount: String,
}

#[derive(Serialize)]
struct TraceInput<'a> {
    name: &'a str,
    /// Unrounded.
    value: String,
    /// Whether the value is an amount of money (£).
    money: bool,
}

/// `trace.json`: every amount of a traced run with why it was added,
/// grouped by financial year, line and class in `lines.csv`'s order; each
/// group's terms add up to its amount to the penny.
pub fn trace_json(p: &Prepared, flows: &Flows) -> Result<Vec<u8>> {
    // The terms by (year, line label, class), in one pass: labels order
    // byte-wise as in lines.csv, and a label is one line.
    let mut groups: std::collections::BTreeMap<(FinancialYear, &str, Class), (LineId, Vec<&Term>)> =
        std::collections::BTreeMap::new();
    for t in flows.counted_terms() {
        let key = (t.month.financial_year(), flows.label(t.line), t.class);
        groups
            .entry(key)
            .or_insert_with(|| (t.line, Vec::new()))
            .1
            .push(t);
    }
    let mut lines = Vec::new();
    for ((year, label, class), (id, terms)) in groups {
        let total = flows.year_total(id, class, year);
        reconcile(&terms, total, &format!("{label}, {}, {year}", class.name()))?;
        if total.is_zero() && terms.iter().all(|t| t.amount.is_zero()) {
            continue;
        }
        lines.push(TraceLine {
            financial_year: year.to_string(),
            line: label,
            class: class.name(),
            amount: pennies(total),
            terms: terms
                .iter()
                .map(|t| TraceTerm {
                    month: t.month.to_string(),
                    source: &t.why.source,
                    formula: &t.why.formula,
                    inputs: t
                        .why
                        .inputs
                        .iter()
                        .map(|i| TraceInput {
                            name: &i.name,
                            value: i.value.normalize().to_string(),
                            money: i.money,
                        })
                        .collect(),
                    amount: t.amount.normalize().to_string(),
                })
                .collect(),
        });
    }
    let file = TraceFile {
        model: &p.model.name,
        file: p.model.file.display().to_string(),
        note: "Every monthly amount of the run with where it came from, its formula and inputs; \
               each entry's terms add up to its amount (as in lines.csv) to the penny.",
        lines,
    };
    let mut bytes = serde_json::to_vec_pretty(&file)
        .map_err(|e| Error::Internal(format!("trace.json: {e}")))?;
    bytes.push(b'\n');
    Ok(bytes)
}
