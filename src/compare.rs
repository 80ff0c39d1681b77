//! Options compared like for like for members (`savings compare`): every
//! option's cashable savings in one MTFS period of calendar financial
//! years, ranked by the measure the user chose, with the flags a member
//! needs before reading an NPV (mostly cost avoidance; never pays back)
//! and warnings where the options' horizons differ.
//!
//! Figures stay exact `Decimal`s here; the output layer rounds them.

use crate::calendar::FinancialYear;
use crate::flows::Class;
use crate::money::{pounds_text, Decimal};
use crate::results::ModelRun;

/// The measure that orders the options, highest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, clap::ValueEnum)]
#[value(rename_all = "snake_case")]
pub enum RankBy {
    /// Net present value (Green Book, real terms, discounted).
    #[default]
    Npv,
    /// Net cashable over each option's horizon (cashable less one-off and
    /// financing costs).
    NetCashable,
    /// Cashable savings in the MTFS period.
    CashableMtfs,
}

impl RankBy {
    /// As the option is written on the command line.
    pub fn name(self) -> &'static str {
        match self {
            RankBy::Npv => "npv",
            RankBy::NetCashable => "net_cashable",
            RankBy::CashableMtfs => "cashable_mtfs",
        }
    }

    /// In words, for reports: "net present value (NPV)".
    pub fn words(self) -> &'static str {
        match self {
            RankBy::Npv => "net present value (NPV)",
            RankBy::NetCashable => "net cashable savings over the horizon",
            RankBy::CashableMtfs => "cashable savings in the MTFS period",
        }
    }

    /// Short, for titles and headings: "NPV".
    pub fn short(self) -> &'static str {
        match self {
            RankBy::Npv => "NPV",
            RankBy::NetCashable => "net cashable",
            RankBy::CashableMtfs => "cashable in the MTFS period",
        }
    }
}

/// Whose flows the options are appraised on (SPEC 7.7).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
#[value(rename_all = "snake_case")]
pub enum Perspective {
    /// Each option's authority's own flows.
    Authority,
    /// Every body's flows: the public sector as a whole.
    PublicSector,
}

impl Perspective {
    /// In words, for reports.
    pub fn words(self) -> &'static str {
        match self {
            Perspective::Authority => "each option's authority's own flows",
            Perspective::PublicSector => {
                "the public sector as a whole (every body's flows, so transfers such as rates relief net out)"
            }
        }
    }
}

/// The medium-term financial strategy period: `years` financial years from
/// `from`, the same calendar years for every option.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MtfsPeriod {
    pub from: FinancialYear,
    pub years: u32,
}

impl MtfsPeriod {
    pub fn last(&self) -> FinancialYear {
        self.from.plus(self.years.saturating_sub(1) as i32)
    }

    pub fn financial_years(&self) -> impl Iterator<Item = FinancialYear> + '_ {
        (0..self.years as i32).map(|i| self.from.plus(i))
    }

    pub fn contains(&self, y: FinancialYear) -> bool {
        y >= self.from && y <= self.last()
    }

    /// `2012/13–2015/16` (en dash), or `2012/13` for one year.
    pub fn label(&self) -> String {
        if self.years <= 1 {
            self.from.to_string()
        } else {
            format!("{}–{}", self.from, self.last())
        }
    }
}

/// What a comparison is asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Settings {
    pub rank_by: RankBy,
    /// First FY of the MTFS period; `None`: the earliest horizon start
    /// among the options.
    pub mtfs_from: Option<FinancialYear>,
    pub mtfs_years: u32,
    /// Appraise every option from this perspective; `None`: as each
    /// model file says.
    pub perspective: Option<Perspective>,
}

/// Above this share of the present value of its benefits, an option's
/// NPV is flagged as mostly cost avoidance.
pub const AVOIDANCE_FLAG_SHARE: Decimal = Decimal::from_parts(5, 0, 0, false, 1);

/// One option in a comparison.
#[derive(Clone, Debug)]
pub struct OptionRow {
    pub rank: usize,
    pub run: ModelRun,
    /// Cashable savings in the MTFS period (an FY outside the option's
    /// horizon counts 0).
    pub cashable_mtfs: Decimal,
    /// Cashable savings in each FY of the MTFS period, `None` where the FY
    /// is outside the option's horizon.
    pub cashable_by_mtfs_year: Vec<Option<Decimal>>,
    /// PV(cost avoidance) / PV(benefits); `None` when PV(benefits) ≤ 0.
    pub avoidance_share: Option<Decimal>,
    /// What a member must know before reading the NPV, in words.
    pub flags: Vec<String>,
}

impl OptionRow {
    pub fn name(&self) -> &str {
        &self.run.prepared.model.name
    }

    /// The value of the ranking measure.
    pub fn measure(&self, by: RankBy) -> Decimal {
        match by {
            RankBy::Npv => self.run.appraisal.npv,
            RankBy::NetCashable => self.run.appraisal.net_cashable,
            RankBy::CashableMtfs => self.cashable_mtfs,
        }
    }

    /// Cashable savings of FY `y`, `None` outside the horizon.
    pub fn cashable_in(&self, y: FinancialYear) -> Option<Decimal> {
        self.run
            .appraisal
            .rows
            .iter()
            .find(|r| r.year == y)
            .map(|r| r.class(Class::Cashable))
    }

    /// The NPV's P10 and P90 of the option's simulation, when it ran.
    pub fn npv_range(&self) -> Option<(Decimal, Decimal)> {
        let u = self.run.uncertainty.as_deref()?;
        let npv = u.simulation.measures.iter().find(|(n, _)| *n == "npv")?.1;
        Some((npv.p(10), npv.p(90)))
    }

    /// Payback in words: "2015/16 (5 yrs)", "from the start", "not by
    /// 2023/24".
    pub fn payback_words(&self) -> String {
        payback_words(&self.run)
    }
}

/// Payback in words, as on the terminal and in reports.
pub fn payback_words(r: &ModelRun) -> String {
    let a = &r.appraisal;
    match (a.payback_years, a.payback_year) {
        (Some(0), _) => "from the start".to_string(),
        (Some(n), Some(y)) => format!("{y} ({n} yrs)"),
        _ => format!("not by {}", r.prepared.model.horizon.last_year()),
    }
}

/// Options ranked, with the MTFS period they share and the warnings a
/// reader must see.
#[derive(Clone, Debug)]
pub struct Comparison {
    pub rows: Vec<OptionRow>,
    pub period: MtfsPeriod,
    pub rank_by: RankBy,
    /// The perspective every option was appraised from, when the
    /// comparison set one.
    pub perspective: Option<Perspective>,
    /// True when `--mtfs-from` was not given (the period starts at the
    /// earliest horizon start).
    pub period_defaulted: bool,
    /// About the comparison as a whole (horizons that differ, FYs outside
    /// an option's horizon); each option's own warnings stay on its run.
    pub warnings: Vec<String>,
    /// True when `--simulate` ran each option's uncertainty: the outputs
    /// then give each option's NPV at P10 and P90 (empty for an option
    /// without an `[uncertainty]` table).
    pub simulated: bool,
}

impl Comparison {
    /// Every FY of any option's horizon or of the MTFS period, in order.
    pub fn financial_years(&self) -> Vec<FinancialYear> {
        let mut years: Vec<FinancialYear> = self
            .rows
            .iter()
            .flat_map(|r| r.run.appraisal.rows.iter().map(|y| y.year))
            .chain(self.period.financial_years())
            .collect();
        years.sort();
        years.dedup();
        years
    }
}

/// Ranks computed runs: the MTFS figures, the flags, the warnings.
pub fn compare(runs: Vec<ModelRun>, settings: Settings) -> Comparison {
    let from = settings
        .mtfs_from
        .or_else(|| runs.iter().map(|r| r.prepared.model.horizon.start).min())
        .unwrap_or(FinancialYear(0));
    let period = MtfsPeriod {
        from,
        years: settings.mtfs_years,
    };
    let mut warnings = horizon_warnings(&runs);
    let mut rows: Vec<OptionRow> = runs
        .into_iter()
        .map(|run| option_row(run, &period))
        .collect();
    // one warning per set of years outside, naming the options it concerns
    let mut outside: Vec<(Vec<String>, Vec<String>)> = Vec::new();
    for r in &rows {
        let years: Vec<String> = period
            .financial_years()
            .zip(&r.cashable_by_mtfs_year)
            .filter(|(_, v)| v.is_none())
            .map(|(y, _)| y.to_string())
            .collect();
        if years.is_empty() {
            continue;
        }
        let who = format!("{} ({})", r.name(), r.run.prepared.model.horizon);
        match outside.iter_mut().find(|o| o.0 == years) {
            Some(o) => o.1.push(who),
            None => outside.push((years, vec![who])),
        }
    }
    for (years, who) in outside {
        let one = years.len() == 1;
        warnings.push(format!(
            "{} {} outside the horizon of {} option{} and count{} £0 for {} in the MTFS period {}: {}",
            list_and(&years),
            if one { "is" } else { "are" },
            who.len(),
            if who.len() == 1 { "" } else { "s" },
            if one { "s" } else { "" },
            if who.len() == 1 { "it" } else { "them" },
            period.label(),
            who.join("; ")
        ));
    }
    let by = settings.rank_by;
    rows.sort_by(|a, b| {
        b.measure(by)
            .cmp(&a.measure(by))
            .then_with(|| a.name().cmp(b.name()))
    });
    for (i, r) in rows.iter_mut().enumerate() {
        r.rank = i + 1;
    }
    Comparison {
        rows,
        period,
        rank_by: by,
        perspective: settings.perspective,
        period_defaulted: settings.mtfs_from.is_none(),
        warnings,
        simulated: false,
    }
}

fn option_row(run: ModelRun, period: &MtfsPeriod) -> OptionRow {
    let cashable_by_mtfs_year: Vec<Option<Decimal>> = period
        .financial_years()
        .map(|y| {
            run.appraisal
                .rows
                .iter()
                .find(|r| r.year == y)
                .map(|r| r.class(Class::Cashable))
        })
        .collect();
    let cashable_mtfs = cashable_by_mtfs_year.iter().flatten().sum();
    let a = &run.appraisal;
    let pv_benefits = a.pv_benefits();
    let avoidance_share =
        (pv_benefits > Decimal::ZERO).then(|| a.pv_total(Class::CostAvoidance) / pv_benefits);
    let mut flags = Vec::new();
    if let Some(share) = avoidance_share.filter(|s| *s > AVOIDANCE_FLAG_SHARE) {
        flags.push(format!(
            "NPV mostly cost avoidance: {} of the present value of its benefits is cost avoided rather than money taken out of budgets",
            percent(share)
        ));
    }
    if a.payback_year.is_none() {
        flags.push(format!(
            "never pays back: net cashable {} by {}",
            pounds_text(a.net_cashable),
            run.prepared.model.horizon.last_year()
        ));
    }
    OptionRow {
        rank: 0,
        run,
        cashable_mtfs,
        cashable_by_mtfs_year,
        avoidance_share,
        flags,
    }
}

/// A warning when the options' horizons are not all the same.
fn horizon_warnings(runs: &[ModelRun]) -> Vec<String> {
    let mut groups: Vec<(String, usize)> = Vec::new();
    for r in runs {
        let h = r.prepared.model.horizon.to_string();
        match groups.iter_mut().find(|g| g.0 == h) {
            Some(g) => g.1 += 1,
            None => groups.push((h, 1)),
        }
    }
    if groups.len() < 2 {
        return Vec::new();
    }
    groups.sort();
    let parts: Vec<String> = groups
        .iter()
        .map(|(h, n)| format!("{h} ({n} option{})", if *n == 1 { "" } else { "s" }))
        .collect();
    vec![format!(
        "the options' horizons differ: {}; totals over the horizon, NPV and payback cover different years, so compare them with care; the MTFS period columns cover the same years for every option",
        list_and(&parts)
    )]
}

/// `0.7234` → `72%`.
pub fn percent(share: Decimal) -> String {
    format!(
        "{}%",
        crate::money::round_places(share * Decimal::ONE_HUNDRED, 0)
    )
}

fn list_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [a] => a.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mtfs_period_names_its_years() {
        let p = MtfsPeriod {
            from: FinancialYear(2012),
            years: 4,
        };
        assert_eq!(p.label(), "2012/13–2015/16");
        assert!(p.contains(FinancialYear(2015)) && !p.contains(FinancialYear(2016)));
        assert_eq!(p.financial_years().count(), 4);
        let one = MtfsPeriod {
            from: FinancialYear(2012),
            years: 1,
        };
        assert_eq!(one.label(), "2012/13");
    }

    #[test]
    fn percent_rounds_half_even() {
        assert_eq!(percent(Decimal::new(7234, 4)), "72%");
        assert_eq!(percent(Decimal::new(5, 1)), "50%");
        assert_eq!(AVOIDANCE_FLAG_SHARE, Decimal::new(5, 1));
    }
}
