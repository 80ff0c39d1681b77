//! Monthly flows and their aggregation (SPEC section 4).
//!
//! A model kind emits flows: (month, line, class, amount), positive for a
//! benefit, negative for a cost. Each line's months are added up to
//! financial years at full precision; the yearly totals go into a polars
//! frame (`Decimal(38, 14)`), which sums them per financial year and class
//! and orders them for `lines.csv`.

use crate::baseline::{money_column, money_value};
use crate::calendar::{FinancialYear, Horizon, Month};
use crate::error::{Error, Result};
use crate::money::Decimal;
use crate::number::Number;
use polars::prelude::*;
use std::collections::HashMap;

/// The classes of saving, in the order the spec's table gives them (the
/// order of columns and of `lines.csv`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Class {
    /// Reduces the revenue budget: money that can be taken out.
    Cashable,
    /// An efficiency not released from a budget.
    NonCashable,
    /// Cost growth that would otherwise have happened.
    CostAvoidance,
    /// Implementation cost (moves, set-up, capital paid up front).
    OneOffCost,
    /// Annual cost of financing capital.
    FinancingCost,
    /// Capital income, e.g. from selling a building.
    CapitalReceipt,
}

impl Class {
    pub const ALL: [Class; 6] = [
        Class::Cashable,
        Class::NonCashable,
        Class::CostAvoidance,
        Class::OneOffCost,
        Class::FinancingCost,
        Class::CapitalReceipt,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Class::Cashable => "cashable",
            Class::NonCashable => "non_cashable",
            Class::CostAvoidance => "cost_avoidance",
            Class::OneOffCost => "one_off_cost",
            Class::FinancingCost => "financing_cost",
            Class::CapitalReceipt => "capital_receipt",
        }
    }
}

/// An amount per class, indexed by `Class as usize`.
pub type ByClass = [Decimal; 6];

/// A line of the model's output, by its label.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct LineId(u32);

/// A body that bears or gains a flow (SPEC 7.7): the model's authority,
/// a partner council, the business-rates pool, another public body.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BodyId(u32);

/// The model's authority: the body of every flow unless a kind names
/// another.
pub const AUTHORITY: BodyId = BodyId(0);

/// A (line, class) series of [`Flows`], for adding in a hot loop without a
/// lookup per flow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Slot(usize);

/// The flows of one model run over its horizon: for each line and class,
/// the amount of every month. Flows with the same line, class and month
/// add up.
#[derive(Clone, Debug)]
pub struct Flows {
    horizon: Horizon,
    labels: Vec<String>,
    by_label: HashMap<String, LineId>,
    /// (line, class, amount per month of the horizon, body).
    series: Vec<(LineId, Class, Vec<Decimal>, BodyId)>,
    slots: HashMap<(LineId, Class, BodyId), Slot>,
    /// The bodies other than the authority, by [`BodyId`] − 1.
    bodies: Vec<String>,
    /// Whether the projection counts every body's flows (`[appraisal]
    /// perspective = "public_sector"`) or the authority's only.
    public_sector: bool,
    /// Why each amount was added, when the run is traced (`savings
    /// explain`, `run --trace`); `None` otherwise, so that a plain run pays
    /// only a branch per flow.
    trace: Option<Vec<Term>>,
    /// Set when a sum went past `Decimal`'s range (then the sum is left as
    /// it was); [`Flows::check_range`] reports it.
    overflowed: bool,
    /// The last sum [`Flows::add`] made: the month's amount before, the
    /// amount added (each bit for bit) and the sum. See
    /// [`Flows::add_in_horizon`].
    last_sum: Option<([u8; 16], [u8; 16], Decimal)>,
}

/// Why an amount was added: the baseline row or model entry it came from,
/// the formula, and the formula's inputs, each with its value.
#[derive(Clone, Debug, PartialEq)]
pub struct Why {
    /// `OTH (Old Town Hall), Sites row 3`, `one_off_costs "Decant"`.
    pub source: String,
    /// The formula in words, its inputs named as in `inputs`.
    pub formula: String,
    pub inputs: Vec<Input>,
}

/// An input of a formula: its name, value and whether it is money.
#[derive(Clone, Debug, PartialEq)]
pub struct Input {
    pub name: String,
    pub value: Decimal,
    pub money: bool,
}

impl Why {
    pub fn new(source: impl Into<String>, formula: impl Into<String>) -> Why {
        Why {
            source: source.into(),
            formula: formula.into(),
            inputs: Vec::new(),
        }
    }

    /// Adds an input of the formula: a rate, share, index or count.
    pub fn input(mut self, name: impl Into<String>, value: Decimal) -> Why {
        self.inputs.push(Input {
            name: name.into(),
            value,
            money: false,
        });
        self
    }

    /// Adds an input of the formula that is an amount of money.
    pub fn money(mut self, name: impl Into<String>, value: Decimal) -> Why {
        self.inputs.push(Input {
            name: name.into(),
            value,
            money: true,
        });
        self
    }
}

/// One traced amount: the month, the series it went into and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Term {
    pub month: Month,
    pub line: LineId,
    pub class: Class,
    pub amount: Decimal,
    pub why: Why,
    /// Who bears it.
    pub body: BodyId,
}

impl Flows {
    pub fn new(horizon: Horizon) -> Flows {
        Flows {
            horizon,
            labels: Vec::new(),
            by_label: HashMap::new(),
            series: Vec::new(),
            slots: HashMap::new(),
            bodies: Vec::new(),
            public_sector: false,
            trace: None,
            overflowed: false,
            last_sum: None,
        }
    }

    /// Flows that keep, for every amount, why it was added.
    pub fn traced(horizon: Horizon) -> Flows {
        Flows {
            trace: Some(Vec::new()),
            ..Flows::new(horizon)
        }
    }

    /// Counts every body's flows in the projection (the public-sector
    /// perspective), not the authority's only.
    pub fn public_sector(mut self, on: bool) -> Flows {
        self.public_sector = on;
        self
    }

    /// Counts every body's flows in the projection, whatever the model's
    /// perspective: for a kind whose authority is a partnership of the
    /// bodies (a shared service seen by `all` its partners).
    pub fn count_every_body(&mut self) {
        self.public_sector = true;
    }

    /// Whether the projection counts a body's flows.
    pub fn counts(&self, body: BodyId) -> bool {
        self.public_sector || body == AUTHORITY
    }

    /// The body named `name` (a body other than the authority), added on
    /// first use.
    pub fn body(&mut self, name: &str) -> BodyId {
        match self.bodies.iter().position(|b| b == name) {
            Some(i) => BodyId(i as u32 + 1),
            None => {
                self.bodies.push(name.to_string());
                BodyId(self.bodies.len() as u32)
            }
        }
    }

    /// The name of a body other than the authority; `None` for the
    /// authority.
    pub fn body_name(&self, body: BodyId) -> Option<&str> {
        (body.0 as usize)
            .checked_sub(1)
            .and_then(|i| self.bodies.get(i))
            .map(|s| s.as_str())
    }

    /// The traced amounts, in the order added, of every body; empty when
    /// not traced.
    pub fn terms(&self) -> &[Term] {
        self.trace.as_deref().unwrap_or_default()
    }

    /// The traced amounts of the bodies the projection counts.
    pub fn counted_terms(&self) -> impl Iterator<Item = &Term> + '_ {
        self.terms().iter().filter(|t| self.counts(t.body))
    }

    /// The line of a label already used, if any.
    pub fn find_line(&self, label: &str) -> Option<LineId> {
        self.by_label.get(label).copied()
    }

    /// Every line label, in the order first used.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// The full-precision total of a line and class in a financial year of
    /// the horizon (what `lines.csv` shows, before rounding).
    /// Only the bodies the projection counts are summed.
    pub fn year_total(&self, line: LineId, class: Class, year: FinancialYear) -> Decimal {
        let first = (year.0 - self.horizon.start.0) * 12;
        if first < 0 {
            return Decimal::ZERO;
        }
        self.series
            .iter()
            .filter(|(l, c, _, b)| *l == line && *c == class && self.counts(*b))
            .flat_map(|(_, _, months, _)| months.iter().skip(first as usize).take(12))
            .sum()
    }

    pub fn horizon(&self) -> Horizon {
        self.horizon
    }

    /// The line of a label; the same label is the same line, whoever
    /// emits it (SPEC section 7: amounts add up).
    pub fn line(&mut self, label: &str) -> LineId {
        if let Some(id) = self.by_label.get(label) {
            return *id;
        }
        let id = LineId(self.labels.len() as u32);
        self.labels.push(label.to_string());
        self.by_label.insert(label.to_string(), id);
        id
    }

    /// The authority's series of a line and class.
    pub fn slot(&mut self, line: LineId, class: Class) -> Slot {
        self.body_slot(line, class, AUTHORITY)
    }

    /// A body's series of a line and class.
    pub fn body_slot(&mut self, line: LineId, class: Class, body: BodyId) -> Slot {
        if let Some(s) = self.slots.get(&(line, class, body)) {
            return *s;
        }
        let s = Slot(self.series.len());
        let months = 12 * self.horizon.years as usize;
        self.series
            .push((line, class, vec![Decimal::ZERO; months], body));
        self.slots.insert((line, class, body), s);
        s
    }

    /// Adds an amount to a series in a month. Months outside the horizon
    /// are dropped; callers that must warn about a cut check
    /// [`Horizon::contains`] first.
    #[inline]
    pub fn add(&mut self, slot: Slot, month: Month, amount: Decimal) {
        self.add_in_horizon(slot, month, amount);
    }

    /// [`Flows::add`]; whether the month is inside the horizon.
    #[inline]
    fn add_in_horizon(&mut self, slot: Slot, month: Month, amount: Decimal) -> bool {
        let Some(i) = self.horizon.index(month) else {
            return false;
        };
        let cell = &mut self.series[slot.0].2[i];
        // A kind adds the same amount to month after month of a series
        // (a site's saving for each month of a year), and those months
        // often hold the same sum so far (every earlier site added the
        // same to each). A sum is a function of its two operands' bits
        // (value *and* scale: 1.0 + x and 1.00 + x can differ in the last
        // place), so when both are bit for bit those of the last sum, its
        // result is the sum — the very `Decimal` the addition would give,
        // with no rescaling, which is most of a large projection's time.
        // Every month still gets its own addition in the same order, so
        // the totals are those of adding one by one, to the last bit.
        let key = (cell.serialize(), amount.serialize());
        if let Some((before, added, sum)) = &self.last_sum {
            if *before == key.0 && *added == key.1 {
                *cell = *sum;
                return true;
            }
        }
        // As fast as `+=`, which checks and panics; here an overflow is
        // noted for `check_range` instead.
        match cell.checked_add(amount) {
            Some(sum) => {
                *cell = sum;
                self.last_sum = Some((key.0, key.1, sum));
            }
            None => self.overflowed = true,
        }
        true
    }

    /// [`Flows::add`], and when the run is traced, why (`why` is only
    /// called then).
    #[inline]
    pub fn add_why(
        &mut self,
        slot: Slot,
        month: Month,
        amount: Decimal,
        why: impl FnOnce() -> Why,
    ) {
        if !self.add_in_horizon(slot, month, amount) {
            return;
        }
        if let Some(trace) = &mut self.trace {
            let (line, class, _, body) = &self.series[slot.0];
            trace.push(Term {
                month,
                line: *line,
                class: *class,
                amount,
                why: why(),
                body: *body,
            });
        }
    }

    /// Adds a flow: [`Flows::slot`] then [`Flows::add`].
    pub fn push(&mut self, month: Month, line: LineId, class: Class, amount: Decimal) {
        let slot = self.slot(line, class);
        self.add(slot, month, amount);
    }

    /// [`Flows::push`] with why, for a traced run.
    pub fn push_why(
        &mut self,
        month: Month,
        line: LineId,
        class: Class,
        amount: Decimal,
        why: impl FnOnce() -> Why,
    ) {
        let slot = self.slot(line, class);
        self.add_why(slot, month, amount, why);
    }

    /// The label of a line.
    pub fn label(&self, line: LineId) -> &str {
        &self.labels[line.0 as usize]
    }

    /// Every non-zero monthly amount the projection counts: (month index
    /// in the horizon, line, class, amount), in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (usize, LineId, Class, Decimal)> + '_ {
        self.series
            .iter()
            .filter(|(_, _, _, body)| self.counts(*body))
            .flat_map(|(line, class, months, _)| {
                months
                    .iter()
                    .enumerate()
                    .filter(|(_, a)| !a.is_zero())
                    .map(move |(i, a)| (i, *line, *class, *a))
            })
    }

    /// Checks that every line's yearly total, and every class's total in
    /// a year, is at most `limit` (the range in which the frame's 14 places
    /// and `Decimal`'s 28 digits stay exact). On failure, the message says
    /// which line and year went past it.
    pub fn check_range(&self, limit: Decimal) -> std::result::Result<(), String> {
        self.class_years_in_range(limit).map(drop)
    }

    /// [`Flows::check_range`], and when it passes, the counted flows' total
    /// per financial year and class as [`Flows::aggregate`] gives them
    /// (each line's yearly total on the frame's grid of 10^-14, then added
    /// exactly), without building a frame: for a simulation's iterations,
    /// which need no lines. Each line's yearly total is worked out once for
    /// both.
    pub fn class_years_in_range(
        &self,
        limit: Decimal,
    ) -> std::result::Result<Vec<ByClass>, String> {
        use crate::money::{from_scaled_i128, to_scaled_i128};
        let too_big = |what: String| format!("{what} is beyond the engine's exact range");
        if self.overflowed {
            return Err(too_big("a monthly amount".into()));
        }
        let years = self.horizon.years as usize;
        let mut by_class = vec![[Decimal::ZERO; 6]; years];
        let mut sums = vec![[0i128; 6]; years];
        for (line, class, months, body) in &self.series {
            let counted = self.counts(*body);
            for (y, year) in months.chunks(12).enumerate() {
                let total = year
                    .iter()
                    .try_fold(Decimal::ZERO, |acc, m| acc.checked_add(*m));
                let fy = self.horizon.start.plus(y as i32);
                let label = &self.labels[line.0 as usize];
                let abs = total.map(|t| t.abs());
                let class_sum = abs.and_then(|t| by_class[y][*class as usize].checked_add(t));
                match class_sum {
                    Some(sum) if sum <= limit => by_class[y][*class as usize] = sum,
                    _ if abs.is_none_or(|t| t > limit) => {
                        return Err(too_big(format!("the line \"{label}\" in {fy}")))
                    }
                    _ => {
                        return Err(too_big(format!(
                            "the {} lines together in {fy}",
                            class.name()
                        )))
                    }
                }
                match total {
                    Some(t) if counted && !t.is_zero() => {
                        let cell = &mut sums[y][*class as usize];
                        *cell = to_scaled_i128(t)
                            .and_then(|t| cell.checked_add(t))
                            .ok_or_else(|| {
                                too_big(format!("the {} lines in {fy}", class.name()))
                            })?;
                    }
                    _ => {}
                }
            }
        }
        Ok(sums
            .iter()
            .map(|y| y.map(|m| from_scaled_i128(m, crate::money::FRAME_SCALE)))
            .collect())
    }

    /// The flows as a frame, one row per financial year, line and class
    /// with a non-zero total: `year` (0 for the horizon's first FY),
    /// `class` (0–5, the spec's order), `line` (rank of the label in byte
    /// order) and `amount`. Also returns the labels in rank order.
    ///
    /// The twelve months of a year are added here at `Decimal`'s full
    /// precision, before the frame: a fixed-scale frame would round each
    /// monthly `x/12` and could tip an exact half-penny or an exact zero
    /// the wrong way (the reference implementation found both). Each year's
    /// total then goes into the frame on a grid of 10^-14, far finer than a
    /// penny and far coarser than the 28-digit arithmetic's error, so a total
    /// that is exactly a half-penny stays exactly one.
    pub fn frame(&self) -> PolarsResult<(DataFrame, Vec<String>)> {
        // Rank the labels in byte order so that sorting by rank sorts by
        // label (SPEC section 8).
        let mut order: Vec<u32> = (0..self.labels.len() as u32).collect();
        order.sort_by(|a, b| {
            self.labels[*a as usize]
                .as_bytes()
                .cmp(self.labels[*b as usize].as_bytes())
        });
        let mut rank = vec![0u32; self.labels.len()];
        for (r, id) in order.iter().enumerate() {
            rank[*id as usize] = r as u32;
        }
        let sorted_labels = order
            .iter()
            .map(|id| self.labels[*id as usize].clone())
            .collect();
        let mut years = Vec::new();
        let mut lines = Vec::new();
        let mut classes = Vec::new();
        let mut amounts = Vec::new();
        for (line, class, months, _) in self.series.iter().filter(|s| self.counts(s.3)) {
            for (y, year) in months.chunks(12).enumerate() {
                let total: Decimal = year.iter().sum();
                if total.is_zero() {
                    continue;
                }
                years.push(y as i32);
                lines.push(rank[line.0 as usize]);
                classes.push(*class as u32);
                amounts.push(total);
            }
        }
        let df = DataFrame::new_infer_height(vec![
            Column::new("year".into(), years),
            Column::new("class".into(), classes),
            Column::new("line".into(), lines),
            money_column("amount", &amounts)?,
        ])?;
        Ok((df, sorted_labels))
    }

    /// Sums the flows per financial year, class and line, and per
    /// financial year and class.
    pub fn aggregate(&self) -> Result<Totals> {
        let (df, labels) = self.frame()?;
        let by_line = df
            .lazy()
            .group_by([col("year"), col("class"), col("line")])
            .agg([col("amount").sum()])
            .sort(["year", "class", "line"], SortMultipleOptions::default())
            .collect()?;
        let by_year = by_line
            .clone()
            .lazy()
            .group_by([col("year"), col("class")])
            .agg([col("amount").sum()])
            .collect()?;

        let mut lines = Vec::with_capacity(by_line.height());
        {
            let year = by_line.column("year")?.i32()?;
            let class = by_line.column("class")?.u32()?;
            let line = by_line.column("line")?.u32()?;
            let amount = by_line.column("amount")?;
            for i in 0..by_line.height() {
                let a = money_value(amount.get(i)?).ok_or_else(not_money)?;
                if a.is_zero() {
                    continue;
                }
                lines.push(LineTotal {
                    year: self.horizon.start.plus(year.get(i).unwrap_or(0)),
                    class: Class::ALL[class.get(i).unwrap_or(0) as usize],
                    label: labels[line.get(i).unwrap_or(0) as usize].clone(),
                    amount: a,
                });
            }
        }

        let mut years = vec![[Decimal::ZERO; 6]; self.horizon.years as usize];
        {
            let year = by_year.column("year")?.i32()?;
            let class = by_year.column("class")?.u32()?;
            let amount = by_year.column("amount")?;
            for i in 0..by_year.height() {
                let y = year.get(i).unwrap_or(0) as usize;
                let c = class.get(i).unwrap_or(0) as usize;
                years[y][c] = money_value(amount.get(i)?).ok_or_else(not_money)?;
            }
        }
        Ok(Totals {
            start: self.horizon.start,
            lines,
            years,
            bodies: self.body_totals(),
        })
    }

    /// Every body's total per financial year and class, whether the
    /// projection counts it or not: the authority first (as `None`), then
    /// the others in byte order of their names.
    pub fn body_totals(&self) -> Vec<BodyTotals> {
        let mut order: Vec<BodyId> = (0..=self.bodies.len() as u32).map(BodyId).collect();
        order.sort_by(|a, b| {
            (a != &AUTHORITY)
                .cmp(&(b != &AUTHORITY))
                .then_with(|| self.body_name(*a).cmp(&self.body_name(*b)))
        });
        let years = self.horizon.years as usize;
        order
            .into_iter()
            .filter_map(|body| {
                let mut by_year = vec![[Decimal::ZERO; 6]; years];
                let mut any = false;
                for (_, class, months, _) in self.series.iter().filter(|s| s.3 == body) {
                    for (y, year) in months.chunks(12).enumerate() {
                        let total: Decimal = year.iter().sum();
                        by_year[y][*class as usize] += total;
                        any |= !total.is_zero();
                    }
                }
                // The authority is shown unless other bodies bear every
                // flow; another body when it has a flow.
                (any || (body == AUTHORITY && self.bodies.is_empty())).then(|| BodyTotals {
                    body: self.body_name(body).map(str::to_string),
                    years: by_year,
                })
            })
            .collect()
    }
}

/// One body's totals per financial year of the horizon and class.
#[derive(Clone, Debug, PartialEq)]
pub struct BodyTotals {
    /// `None` for the model's authority.
    pub body: Option<String>,
    pub years: Vec<ByClass>,
}

fn not_money() -> Error {
    Error::Internal("a summed amount was not a decimal".into())
}

/// The total of one line and class in one financial year.
#[derive(Clone, Debug, PartialEq)]
pub struct LineTotal {
    pub year: FinancialYear,
    pub class: Class,
    pub label: String,
    pub amount: Decimal,
}

/// Flows summed, unrounded.
#[derive(Clone, Debug)]
pub struct Totals {
    pub start: FinancialYear,
    /// Non-zero totals per FY, class and line, in `lines.csv` order.
    pub lines: Vec<LineTotal>,
    /// Per FY of the horizon, in order: the total of each class.
    pub years: Vec<ByClass>,
    /// Every body's totals, the authority first (SPEC 7.7).
    pub bodies: Vec<BodyTotals>,
}

/// Where a kind's projection puts its flows: [`Flows`] for a run (exact,
/// by line, body and month, with why when traced), or [`YearTotals`] for a
/// simulation's iterations in `f64` (each FY's total per class only). A
/// kind whose projection is written over a `Sink` writes its formulas
/// once for both.
pub trait Sink {
    type N: Number;
    fn horizon(&self) -> Horizon;
    /// The line of a label (see [`Flows::line`]).
    fn line(&mut self, label: &str) -> LineId;
    /// The authority's series of a line and class.
    fn slot(&mut self, line: LineId, class: Class) -> Slot {
        self.body_slot(line, class, AUTHORITY)
    }
    /// A body's series of a line and class.
    fn body_slot(&mut self, line: LineId, class: Class, body: BodyId) -> Slot;
    /// The body named `name` (see [`Flows::body`]).
    fn body(&mut self, name: &str) -> BodyId;
    /// See [`Flows::count_every_body`].
    fn count_every_body(&mut self);
    /// Adds an amount to a series in a month (months outside the horizon
    /// are dropped); `why` is called only when the run is traced.
    fn add_why(&mut self, slot: Slot, month: Month, amount: Self::N, why: impl FnOnce() -> Why);
    fn push_why(
        &mut self,
        month: Month,
        line: LineId,
        class: Class,
        amount: Self::N,
        why: impl FnOnce() -> Why,
    ) {
        let slot = self.slot(line, class);
        self.add_why(slot, month, amount, why);
    }

    /// In each of `months` months from `first`, each of `adds` (a series
    /// and its amount) in turn, month by month, as that many
    /// [`Sink::add_why`] calls would; `why(i)` is the reason of `adds[i]`,
    /// called only when traced.
    fn add_run(
        &mut self,
        first: Month,
        months: u32,
        adds: &[(Slot, Self::N)],
        why: impl Fn(usize) -> Why,
    ) {
        for k in 0..months {
            let m = first.plus(k as i32);
            for (i, (slot, amount)) in adds.iter().enumerate() {
                self.add_why(*slot, m, *amount, || why(i));
            }
        }
    }

    /// [`Sink::add_why`] of the same amount in each of `months` months from
    /// `first`, in turn; `why` is called (per month) only when traced.
    fn add_months(
        &mut self,
        slot: Slot,
        first: Month,
        months: u32,
        amount: Self::N,
        why: impl Fn() -> Why,
    ) {
        for i in 0..months {
            self.add_why(slot, first.plus(i as i32), amount, &why);
        }
    }
}

impl Sink for Flows {
    type N = Decimal;

    fn horizon(&self) -> Horizon {
        Flows::horizon(self)
    }

    fn line(&mut self, label: &str) -> LineId {
        Flows::line(self, label)
    }

    fn body_slot(&mut self, line: LineId, class: Class, body: BodyId) -> Slot {
        Flows::body_slot(self, line, class, body)
    }

    fn body(&mut self, name: &str) -> BodyId {
        Flows::body(self, name)
    }

    fn count_every_body(&mut self) {
        Flows::count_every_body(self)
    }

    fn add_why(&mut self, slot: Slot, month: Month, amount: Decimal, why: impl FnOnce() -> Why) {
        Flows::add_why(self, slot, month, amount, why)
    }
}

/// The flows added up to each FY's total per class as they come, with no
/// lines, months or reasons kept: a simulation's iterations in `f64` (SPEC
/// 9.3) need no more. Which bodies count is decided as [`Flows`] decides
/// it: the authority's, or every body's under the public-sector
/// perspective or when a kind counts every body.
#[derive(Clone, Debug)]
pub struct YearTotals<N> {
    horizon: Horizon,
    lines: u32,
    /// The class and body of each slot.
    slots: Vec<(Class, BodyId)>,
    bodies: Vec<String>,
    public_sector: bool,
    /// Per body (by [`BodyId`]): each FY's total per class.
    years: Vec<Vec<[N; 6]>>,
}

impl<N: Number> YearTotals<N> {
    pub fn new(horizon: Horizon) -> YearTotals<N> {
        YearTotals {
            horizon,
            lines: 0,
            slots: Vec::new(),
            bodies: Vec::new(),
            public_sector: false,
            years: vec![vec![[N::ZERO; 6]; horizon.years as usize]],
        }
    }

    /// Empties the totals for another projection over the same horizon,
    /// keeping what they allocated: every total zero, no lines or slots,
    /// and `public_sector` as [`YearTotals::public_sector`] sets it. The
    /// bodies met before keep their places (a projection that names them
    /// again, in the same order, gets the same ids; a body it does not
    /// name adds only zeros).
    pub fn reset(&mut self, public_sector: bool) {
        self.lines = 0;
        self.slots.clear();
        self.public_sector = public_sector;
        for body in &mut self.years {
            body.fill([N::ZERO; 6]);
        }
    }

    /// Counts every body's flows (`[appraisal] perspective =
    /// "public_sector"`), not the authority's only.
    pub fn public_sector(mut self, on: bool) -> YearTotals<N> {
        self.public_sector = on;
        self
    }

    /// Each FY's total per class of the counted bodies' flows, indexed by
    /// `Class as usize`, the bodies added in order.
    pub fn years(&self) -> Vec<[N; 6]> {
        let mut out = self.years[0].clone();
        if self.public_sector {
            for body in &self.years[1..] {
                for (year, other) in out.iter_mut().zip(body) {
                    for (a, b) in year.iter_mut().zip(other) {
                        *a = *a + *b;
                    }
                }
            }
        }
        out
    }
}

impl<N: Number> Sink for YearTotals<N> {
    type N = N;

    fn horizon(&self) -> Horizon {
        self.horizon
    }

    fn line(&mut self, _label: &str) -> LineId {
        self.lines += 1;
        LineId(self.lines - 1)
    }

    fn body_slot(&mut self, _line: LineId, class: Class, body: BodyId) -> Slot {
        self.slots.push((class, body));
        Slot(self.slots.len() - 1)
    }

    fn body(&mut self, name: &str) -> BodyId {
        match self.bodies.iter().position(|b| b == name) {
            Some(i) => BodyId(i as u32 + 1),
            None => {
                self.bodies.push(name.to_string());
                self.years
                    .push(vec![[N::ZERO; 6]; self.horizon.years as usize]);
                BodyId(self.bodies.len() as u32)
            }
        }
    }

    fn count_every_body(&mut self) {
        self.public_sector = true;
    }

    #[inline]
    fn add_why(&mut self, slot: Slot, month: Month, amount: N, _why: impl FnOnce() -> Why) {
        let Some(i) = self.horizon.index(month) else {
            return;
        };
        let (class, body) = self.slots[slot.0];
        let cell = &mut self.years[body.0 as usize][i / 12][class as usize];
        *cell = *cell + amount;
    }

    /// Each series' months added at once (see [`Sink::add_months`]).
    fn add_run(
        &mut self,
        first: Month,
        months: u32,
        adds: &[(Slot, N)],
        _why: impl Fn(usize) -> Why,
    ) {
        for (slot, amount) in adds {
            self.add_months(*slot, first, months, *amount, || Why::new("", ""));
        }
    }

    /// The months of each FY added at once, as the amount times their
    /// number.
    fn add_months(
        &mut self,
        slot: Slot,
        first: Month,
        months: u32,
        amount: N,
        _why: impl Fn() -> Why,
    ) {
        let (class, body) = self.slots[slot.0];
        let mut i = 0;
        while i < months {
            let m = first.plus(i as i32);
            // The months from `m` to the end of its FY, or of the run.
            let left = 12 - m.since(m.financial_year().first_month()) as u32;
            let n = left.min(months - i);
            if let Some(k) = self.horizon.index(m) {
                let cell = &mut self.years[body.0 as usize][k / 12][class as usize];
                *cell = *cell + amount * N::of_int(n as i64);
            }
            i += n;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn totals_reset_are_totals_made_anew() {
        let h = Horizon {
            start: FinancialYear(2012),
            years: 3,
        };
        let fill = |t: &mut YearTotals<f64>, amount: f64| {
            let line = t.line("a");
            let mine = t.slot(line, Class::Cashable);
            let other = t.body("Partner");
            let theirs = t.body_slot(line, Class::Cashable, other);
            // 13 months from June 2012: 10 in 2012/13, 3 in 2013/14.
            t.add_months(mine, Month::new(2012, 6), 13, amount, || Why::new("", ""));
            t.add_why(theirs, Month::new(2014, 4), amount, || Why::new("", ""));
        };
        let mut reused = YearTotals::<f64>::new(h);
        fill(&mut reused, 5.0);
        reused.reset(true);
        fill(&mut reused, 2.0);
        let mut fresh = YearTotals::<f64>::new(h).public_sector(true);
        fill(&mut fresh, 2.0);
        assert_eq!(reused.years(), fresh.years());
        assert_eq!(reused.years()[0][Class::Cashable as usize], 20.0);
        assert_eq!(reused.years()[1][Class::Cashable as usize], 6.0);
        assert_eq!(reused.years()[2][Class::Cashable as usize], 2.0);
        // The authority's alone: the partner's 2 in 2014/15 not counted.
        reused.reset(false);
        fill(&mut reused, 2.0);
        assert_eq!(reused.years()[2][Class::Cashable as usize], 0.0);
    }

    #[test]
    fn flows_sum_by_year_class_and_line() {
        let h = Horizon {
            start: FinancialYear(2012),
            years: 2,
        };
        let mut f = Flows::new(h);
        let energy = f.line("energy");
        let moves = f.line("Decant and moves");
        // 12 months of 1000/12 in 2012/13: exactly 1000 once summed
        // at full precision, not 999.99…96 after rounding each month.
        let monthly = d("1000") / d("12");
        for m in 0..12 {
            f.push(
                Month::new(2012, 4).plus(m),
                energy,
                Class::Cashable,
                monthly,
            );
        }
        f.push(Month::new(2013, 5), energy, Class::Cashable, d("10.5"));
        f.push(Month::new(2012, 6), moves, Class::OneOffCost, d("-150000"));
        // Outside the horizon: dropped.
        f.push(Month::new(2014, 4), energy, Class::Cashable, d("99"));
        let t = f.aggregate().unwrap();
        assert_eq!(t.lines.len(), 3);
        assert_eq!(t.lines[0].label, "energy");
        assert_eq!(t.lines[0].year, FinancialYear(2012));
        assert_eq!(crate::money::pennies(t.lines[0].amount), "1000.00");
        assert_eq!(t.lines[1].class, Class::OneOffCost);
        assert_eq!(t.lines[2].amount, d("10.5"));
        assert_eq!(t.years[0][Class::OneOffCost as usize], d("-150000"));
        assert_eq!(t.years[1][Class::Cashable as usize], d("10.5"));
        // A simulation's totals are the frame's, without the frame.
        assert_eq!(f.class_years_in_range(d("1000000")), Ok(t.years.clone()));
        // A body the authority's perspective does not count is left out
        // of both.
        let partner = f.body("Neighbouring borough");
        let line = f.line("partner's share");
        let slot = f.body_slot(line, Class::Cashable, partner);
        f.add(slot, Month::new(2012, 4), d("7"));
        let t = f.aggregate().unwrap();
        assert_eq!(t.years[0][Class::Cashable as usize], d("1000"));
        assert_eq!(f.class_years_in_range(d("1000000")), Ok(t.years));
    }

    #[test]
    fn exact_half_pennies_and_zeros_survive_the_monthly_twelfths() {
        // 0.125 a year as twelve monthly 0.125/12: the exact total is a
        // half-penny and rounds to even, 0.12 (SPEC section 2). Rounding
        // each twelfth to 14 places first would give 0.12500000000004.
        let h = Horizon {
            start: FinancialYear(2012),
            years: 1,
        };
        let mut f = Flows::new(h);
        let r = f.line("receiving");
        let c = f.line("cost");
        for m in 0..12 {
            let twelfth = -d("0.125") / d("12");
            f.push(Month::new(2012, 4).plus(m), r, Class::Cashable, twelfth);
        }
        // 0.7 spread over 12 months from January: three of them fall in
        // 2012/13, −0.175 exactly → −0.18.
        for m in 0..3 {
            let twelfth = -d("0.7") / d("12");
            f.push(Month::new(2013, 1).plus(m), c, Class::OneOffCost, twelfth);
        }
        let t = f.aggregate().unwrap();
        assert_eq!(crate::money::pennies(t.lines[0].amount), "-0.12");
        assert_eq!(crate::money::pennies(t.lines[1].amount), "-0.18");
        assert_eq!(
            crate::money::pennies(t.years[0][Class::Cashable as usize]),
            "-0.12"
        );
    }

    #[test]
    fn year_totals_add_runs_of_months_to_their_years() {
        let h = Horizon {
            start: FinancialYear(2012),
            years: 2,
        };
        let mut t = YearTotals::<f64>::new(h);
        let line = t.line("energy");
        let slot = t.slot(line, Class::Cashable);
        // January 2013 to June 2014, 18 months: 3 in 2012/13, 12 in
        // 2013/14, the last 3 past the horizon.
        t.add_months(slot, Month::new(2013, 1), 18, 10.0, || Why::new("", ""));
        // One month by itself.
        t.add_why(slot, Month::new(2012, 4), 1.5, || Why::new("", ""));
        let years = t.years();
        assert_eq!(years[0][Class::Cashable as usize], 31.5);
        assert_eq!(years[1][Class::Cashable as usize], 120.0);
        // Flows add the same months one by one.
        let mut f = Flows::new(h);
        let line = Sink::line(&mut f, "energy");
        let slot = Sink::slot(&mut f, line, Class::Cashable);
        f.add_months(slot, Month::new(2013, 1), 18, d("10"), || Why::new("", ""));
        let t = f.aggregate().unwrap();
        assert_eq!(t.years[0][Class::Cashable as usize], d("30"));
        assert_eq!(t.years[1][Class::Cashable as usize], d("120"));
    }

    #[test]
    fn lines_are_ordered_by_label_bytes_within_class() {
        let h = Horizon {
            start: FinancialYear(2012),
            years: 1,
        };
        let mut f = Flows::new(h);
        for label in ["security", "North Block", "energy", "Zeta"] {
            let l = f.line(label);
            f.push(Month::new(2012, 4), l, Class::Cashable, Decimal::ONE);
        }
        let t = f.aggregate().unwrap();
        let labels: Vec<&str> = t.lines.iter().map(|l| l.label.as_str()).collect();
        // Upper case sorts before lower case in byte order.
        assert_eq!(labels, ["North Block", "Zeta", "energy", "security"]);
    }

    #[test]
    fn a_repeated_sum_is_the_sum_bit_for_bit() {
        // 1.0 and 1.00 are equal but not the same Decimal: adding the same
        // amount to each gives sums of different scales, and the second
        // must not be taken from the first.
        let h = Horizon {
            start: FinancialYear(2012),
            years: 1,
        };
        let mut f = Flows::new(h);
        let l = f.line("energy");
        let s = f.slot(l, Class::Cashable);
        let april = Month::new(2012, 4);
        f.add(s, april, d("1.0"));
        f.add(s, april.plus(1), d("1.00"));
        for m in 0..12 {
            f.add(s, april.plus(m), d("0.5"));
        }
        let months = &f.series[s.0].2;
        assert_eq!(months[0].serialize(), d("1.5").serialize());
        assert_eq!(months[1].serialize(), d("1.50").serialize());
        for month in &months[2..] {
            assert_eq!(month.serialize(), d("0.5").serialize());
        }
        // Many sums of many amounts, against adding one by one.
        let mut f = Flows::new(h);
        let s = f.slot(l, Class::Cashable);
        let mut plain = [Decimal::ZERO; 12];
        for site in 1..200i64 {
            let amount = Decimal::new(site * 1237, 2) * d("1.0712") / d("12");
            let from = (site % 5) as i32;
            for m in from..12 {
                f.add(s, april.plus(m), amount);
                plain[m as usize] += amount;
            }
        }
        let months: Vec<[u8; 16]> = f.series[s.0].2.iter().map(|m| m.serialize()).collect();
        let plain: Vec<[u8; 16]> = plain.iter().map(|m| m.serialize()).collect();
        assert_eq!(months, plain);
    }

    #[test]
    fn sums_past_the_range_are_reported_not_panicked() {
        let h = Horizon {
            start: FinancialYear(2012),
            years: 1,
        };
        let mut f = Flows::new(h);
        let l = f.line("huge");
        for _ in 0..3 {
            f.push(Month::new(2012, 4), l, Class::Cashable, Decimal::MAX);
        }
        let e = f.check_range(Decimal::from(100)).unwrap_err();
        assert_eq!(e, "a monthly amount is beyond the engine's exact range");
        let mut f = Flows::new(h);
        let a = f.line("a");
        let b = f.line("b");
        f.push(Month::new(2012, 4), a, Class::Cashable, d("60"));
        f.push(Month::new(2012, 5), b, Class::Cashable, d("-60"));
        assert!(f
            .check_range(d("60"))
            .unwrap_err()
            .contains("cashable lines together in 2012/13"));
        assert!(f
            .check_range(d("59"))
            .unwrap_err()
            .contains("line \"a\" in 2012/13"));
        assert_eq!(f.check_range(d("120")), Ok(()));
    }
}
