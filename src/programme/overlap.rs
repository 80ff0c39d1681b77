//! Double counting: two counted workstreams that draw savings from the
//! same baseline rows (one site vacated by two building models, one
//! authority's library category in a shared service and in a trust).
//!
//! Attribution: each kind says which rows a plan draws from and how much
//! a year it draws on each (its baseline amount there; a kind that cannot
//! say weighs its rows alike). A workstream's cashable saving of a
//! financial year is attributed to its rows in proportion to those
//! amounts. For two workstreams sharing rows, the amount at stake in a
//! year is the smaller of the two savings attributed to the shared rows
//! (never below zero), rounded to the penny. The programme total net of
//! overlaps takes every pair's amount off: with three or more workstreams
//! on the same rows that takes off more than once, which errs on the side
//! of caution.

use crate::baseline::text_key;
use crate::kinds::BaselineRow;
use crate::money::{round_pennies, Decimal};
use std::collections::{BTreeMap, HashMap};

/// A row as compared: its sheet, key and category, as text keys.
type RowKey = (&'static str, String, Option<String>);

fn row_key(r: &BaselineRow) -> RowKey {
    (
        r.sheet.title(),
        text_key(&r.key),
        r.category.as_deref().map(text_key),
    )
}

/// What one counted workstream draws on, for the comparison.
pub struct Claim<'a> {
    pub name: &'a str,
    pub rows: Vec<(BaselineRow, Decimal)>,
    /// Planned cashable of each of the programme's years.
    pub planned: &'a [Decimal],
}

/// Two workstreams drawing on the same rows.
#[derive(Clone, Debug, PartialEq)]
pub struct Overlap {
    pub first: String,
    pub second: String,
    /// The rows both draw on, described ("Libraries: Bromley — ict,
    /// management").
    pub rows: Vec<String>,
    /// The share of each one's baseline amounts the shared rows hold.
    pub first_share: Decimal,
    pub second_share: Decimal,
    /// The amount at stake in each of the programme's years.
    pub at_stake: Vec<Decimal>,
}

impl Overlap {
    pub fn total(&self) -> Decimal {
        self.at_stake.iter().copied().sum()
    }
}

/// Every pair of claims that share a row, in the claims' order.
pub fn find(claims: &[Claim]) -> Vec<Overlap> {
    let keyed: Vec<HashMap<RowKey, (BaselineRow, Decimal)>> = claims
        .iter()
        .map(|c| {
            let mut m: HashMap<RowKey, (BaselineRow, Decimal)> = HashMap::new();
            for (r, amount) in &c.rows {
                m.entry(row_key(r))
                    .and_modify(|e| e.1 += amount.abs())
                    .or_insert((r.clone(), amount.abs()));
            }
            m
        })
        .collect();
    let totals: Vec<Decimal> = keyed
        .iter()
        .map(|m| m.values().map(|(_, a)| *a).sum())
        .collect();
    let mut out = Vec::new();
    for i in 0..claims.len() {
        for j in i + 1..claims.len() {
            let mut shared: Vec<&RowKey> = keyed[i]
                .keys()
                .filter(|k| keyed[j].contains_key(*k))
                .collect();
            if shared.is_empty() {
                continue;
            }
            shared.sort();
            let share = |m: &HashMap<RowKey, (BaselineRow, Decimal)>, total: Decimal| {
                let part: Decimal = shared.iter().filter_map(|k| m.get(*k)).map(|e| e.1).sum();
                if total.is_zero() {
                    Decimal::ZERO
                } else {
                    part / total
                }
            };
            let (si, sj) = (share(&keyed[i], totals[i]), share(&keyed[j], totals[j]));
            let at_stake = claims[i]
                .planned
                .iter()
                .zip(claims[j].planned)
                .map(|(a, b)| {
                    let stake = (*a * si).min(*b * sj);
                    round_pennies(stake.max(Decimal::ZERO))
                })
                .collect();
            let rows: Vec<&BaselineRow> = shared
                .iter()
                .filter_map(|k| keyed[i].get(*k))
                .map(|e| &e.0)
                .collect();
            out.push(Overlap {
                first: claims[i].name.to_string(),
                second: claims[j].name.to_string(),
                rows: describe(&rows),
                first_share: si,
                second_share: sj,
                at_stake,
            });
        }
    }
    out
}

/// Rows grouped by sheet and key: "Sites: EXH — energy, water".
pub fn describe(rows: &[&BaselineRow]) -> Vec<String> {
    let mut groups: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for r in rows {
        let g = groups
            .entry((r.sheet.title().to_string(), r.key.clone()))
            .or_default();
        if let Some(c) = &r.category {
            g.push(c.clone());
        }
    }
    groups
        .into_iter()
        .map(|((sheet, key), cats)| {
            if cats.is_empty() {
                format!("{sheet}: {key}")
            } else {
                format!("{sheet}: {key} — {}", cats.join(", "))
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::baseline::Sheet;

    fn row(key: &str, cat: &str) -> BaselineRow {
        BaselineRow {
            sheet: Sheet::Sites,
            key: key.into(),
            category: Some(cat.into()),
        }
    }

    #[test]
    fn the_amount_at_stake_is_the_smaller_attributed_saving() {
        // A draws 3/4 of its baseline from EXH energy, B all of it: of A's
        // £1,000 a year, £750 is on EXH; of B's £600, all of it.
        let a_planned = [Decimal::from(1000), Decimal::from(2000)];
        let b_planned = [Decimal::from(600), Decimal::from(900)];
        let claims = [
            Claim {
                name: "A",
                rows: vec![
                    (row("EXH", "energy"), Decimal::from(300)),
                    (row("OTH", "energy"), Decimal::from(100)),
                ],
                planned: &a_planned,
            },
            Claim {
                name: "B",
                rows: vec![(row("exh", "Energy"), Decimal::from(50))],
                planned: &b_planned,
            },
        ];
        let o = find(&claims);
        assert_eq!(o.len(), 1);
        assert_eq!(o[0].rows, vec!["Sites: EXH — energy".to_string()]);
        assert_eq!(
            o[0].at_stake,
            vec![Decimal::new(60000, 2), Decimal::new(90000, 2)]
        );
    }

    #[test]
    fn no_shared_row_is_no_overlap() {
        let p = [Decimal::ONE];
        let claims = [
            Claim {
                name: "A",
                rows: vec![(row("EXH", "energy"), Decimal::ONE)],
                planned: &p,
            },
            Claim {
                name: "B",
                rows: vec![(row("EXH", "water"), Decimal::ONE)],
                planned: &p,
            },
        ];
        assert!(find(&claims).is_empty());
    }
}
