//! The files of `savings compare`, in `OUT/comparison/`:
//! `comparison.csv` (one row per option, in the ranked order),
//! `comparison_by_year.csv` (cashable savings by financial year for every
//! option), the chart and the report; and the table printed on the
//! terminal.
//!
//! The report states the measure that ranked the options, names the MTFS
//! period by its financial years, shows cashable savings beside cost
//! avoidance, says in words which options' NPV is mostly cost avoidance or
//! which never pay back, and warns when the options' horizons differ.

use super::report::Report;
use super::table::{Cell, Table};
use super::tables::{neutralise, rounded_column, to_csv};
use super::{figures, report_files, text_table, Files};
use crate::compare::{Comparison, OptionRow};
use crate::error::Result;
use crate::flows::Class;
use crate::money::{pounds, pounds_text, round_places, Decimal};
use polars::prelude::*;
use std::path::Path;

/// The files of a comparison, rendered, with the paths they go to.
pub fn render_comparison(cmp: &Comparison, out: &Path) -> Result<Files> {
    let dir = out.join("comparison");
    let mut frame = comparison_frame(cmp)?;
    let mut by_year = by_year_frame(cmp)?;
    let mut warnings = cmp.warnings.clone();
    for r in &cmp.rows {
        for w in &r.run.warnings {
            warnings.push(format!("{}: {w}", r.name()));
        }
    }
    let chart = figures::comparison_chart(cmp)?;
    let by = cmp.rank_by;
    let period = cmp.period.label();
    let report = Report {
        title: "Comparison of options".into(),
        subtitle: format!(
            "{} options ranked by {}, highest first. MTFS period {period}: {} financial year{} {}, the same years for every option.",
            cmp.rows.len(),
            by.words(),
            cmp.period.years,
            if cmp.period.years == 1 { "" } else { "s" },
            if cmp.period_defaulted {
                "from the earliest start of the options' horizons"
            } else {
                "as asked"
            }
        ),
        headline: headline(cmp),
        tables: [ranked_table(cmp), made_of_table(cmp)]
            .into_iter()
            .chain(by_year_tables(cmp))
            .collect(),
        charts: vec![figures::report_chart("comparison", &chart)],
        assumptions: None,
        warnings,
        source_note: format!(
            "Inputs: {}.",
            cmp.rows
                .iter()
                .map(|r| r.run.prepared.model.file.display().to_string())
                .collect::<Vec<_>>()
                .join(", "),
        ),
        whole_pounds: true,
        sections: Vec::new(),
    };
    let mut files = vec![
        (dir.join("comparison.csv"), to_csv(&mut frame)?),
        (dir.join("comparison_by_year.csv"), to_csv(&mut by_year)?),
    ];
    files.extend(figures::chart_files(&dir, "comparison", &chart.1));
    files.extend(report_files(&dir, &report));
    Ok(files)
}

fn headline(cmp: &Comparison) -> Vec<(String, String)> {
    let by = cmp.rank_by;
    let mut h = Vec::new();
    if let Some(b) = cmp.rows.first() {
        h.push((
            format!("Ranked first by {}", by.short()),
            b.name().to_string(),
        ));
        h.push(("Its NPV".into(), pounds_text(b.run.appraisal.npv)));
        h.push((
            "Its net cashable".into(),
            pounds_text(b.run.appraisal.net_cashable),
        ));
        h.push((
            format!("Its cashable in {}", cmp.period.label()),
            pounds_text(b.cashable_mtfs),
        ));
    }
    h.push(("Ranked by".into(), by.words().to_string()));
    if let Some(p) = cmp.perspective {
        h.push(("Appraised from".into(), p.words().to_string()));
    }
    h.push(("Options compared".into(), cmp.rows.len().to_string()));
    h
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn money(d: Decimal) -> Cell {
    Cell::Money(crate::money::round_pennies(d))
}

/// What members read first: rank, the measures, payback, the flags.
fn ranked_table(cmp: &Comparison) -> Table {
    let mtfs = format!("Cashable in MTFS period {}", cmp.period.label());
    let mut columns = vec!["Rank", "Option", "NPV"];
    if cmp.simulated {
        columns.extend(["NPV P10 (simulated)", "NPV P90 (simulated)"]);
    }
    columns.extend(["Net cashable", &mtfs, "Payback", "What to know"]);
    let mut t = Table::new(
        &format!("Options ranked by {}", cmp.rank_by.short()),
        &columns,
    );
    for r in &cmp.rows {
        let a = &r.run.appraisal;
        let mut range = Vec::new();
        if cmp.simulated {
            match r.npv_range() {
                Some((p10, p90)) => range.extend([money(p10), money(p90)]),
                None => range.extend([Cell::Empty, Cell::Empty]),
            }
        }
        let mut row = vec![Cell::Integer(r.rank as i64), text(r.name()), money(a.npv)];
        row.extend(range);
        row.extend([
            money(a.net_cashable),
            money(r.cashable_mtfs),
            text(r.payback_words()),
            text(if r.flags.is_empty() {
                "–".to_string()
            } else {
                capitalise(&r.flags.join("; "))
            }),
        ]);
        t.rows.push(row);
    }
    t
}

/// Each option's savings by class over its own horizon, cashable beside
/// cost avoidance.
fn made_of_table(cmp: &Comparison) -> Table {
    let any = |c: Class| cmp.rows.iter().any(|r| !r.run.appraisal.total(c).is_zero());
    let mut columns = vec!["Option", "Horizon", "Cashable", "Cost avoidance"];
    let extra: Vec<Class> = [Class::NonCashable, Class::CapitalReceipt]
        .into_iter()
        .filter(|c| any(*c))
        .collect();
    for c in &extra {
        columns.push(match c {
            Class::NonCashable => "Non-cashable",
            _ => "Capital receipts",
        });
    }
    columns.extend([
        "One-off and financing costs",
        "Cost avoidance share of benefits (PV)",
        "BCR",
        "Full-year effect",
    ]);
    let mut t = Table::new(
        "What each option is made of, over its own horizon (£, nominal)",
        &columns,
    );
    for r in &cmp.rows {
        let a = &r.run.appraisal;
        let mut row = vec![
            text(r.name()),
            text(r.run.prepared.model.horizon.to_string()),
            money(a.total(Class::Cashable)),
            money(a.total(Class::CostAvoidance)),
        ];
        for c in &extra {
            row.push(money(a.total(*c)));
        }
        row.push(money(
            a.total(Class::OneOffCost) + a.total(Class::FinancingCost),
        ));
        row.push(
            r.avoidance_share
                .map(|s| text(crate::compare::percent(s)))
                .unwrap_or(Cell::Empty),
        );
        row.push(
            a.bcr
                .map(|b| Cell::Number(round_places(b, 2), 2))
                .unwrap_or_else(|| text("no costs")),
        );
        row.push(money(a.full_year_effect));
        t.rows.push(row);
    }
    t
}

/// The most options one by-year table shows side by side: more would not
/// fit a 1280-pixel screen or an A4 page.
const OPTIONS_PER_TABLE: usize = 8;

/// Cashable savings by financial year: a row per FY, a column per option;
/// one table per [`OPTIONS_PER_TABLE`] options, in rank order.
fn by_year_tables(cmp: &Comparison) -> Vec<Table> {
    let groups: Vec<&[OptionRow]> = cmp.rows.chunks(OPTIONS_PER_TABLE).collect();
    let several = groups.len() > 1;
    groups
        .into_iter()
        .map(|rows| {
            let which = match (rows.first(), rows.last()) {
                (Some(a), Some(b)) if several => format!(", options {}–{}", a.rank, b.rank),
                _ => String::new(),
            };
            by_year_table(cmp, rows, &which)
        })
        .collect()
}

fn by_year_table(cmp: &Comparison, rows: &[OptionRow], which: &str) -> Table {
    let names: Vec<String> = rows
        .iter()
        .map(|r| format!("{}. {}", r.rank, r.name()))
        .collect();
    let mut columns = vec!["Financial year"];
    columns.extend(names.iter().map(String::as_str));
    let mut t = Table::new(
        &format!(
            "Cashable savings by financial year{which} (£, nominal; blank: outside the \
             option's horizon)"
        ),
        &columns,
    );
    for y in cmp.financial_years() {
        let label = if cmp.period.contains(y) {
            format!("{y} (MTFS)")
        } else {
            y.to_string()
        };
        let mut row = vec![text(label)];
        for r in rows {
            row.push(r.cashable_in(y).map(money).unwrap_or(Cell::Empty));
        }
        t.rows.push(row);
    }
    let mut total = vec![text(format!("MTFS period {}", cmp.period.label()))];
    total.extend(rows.iter().map(|r| money(r.cashable_mtfs)));
    t.rows.push(total);
    t
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// `comparison.csv`: one row per option, in the ranked order.
pub fn comparison_frame(cmp: &Comparison) -> PolarsResult<DataFrame> {
    let rows = &cmp.rows;
    let text = |f: &dyn Fn(&OptionRow) -> String| -> Vec<String> {
        rows.iter().map(|r| neutralise(&f(r))).collect()
    };
    let money = |name: &str, f: &dyn Fn(&OptionRow) -> Decimal| {
        let v: Vec<Decimal> = rows.iter().map(f).collect();
        rounded_column(name, &v, 2)
    };
    let class = |name: &str, c: Class| money(name, &move |r: &OptionRow| r.run.appraisal.total(c));
    let bcr: Vec<Option<String>> = rows
        .iter()
        .map(|r| r.run.appraisal.bcr.map(|b| round_places(b, 4).to_string()))
        .collect();
    let share: Vec<Option<String>> = rows
        .iter()
        .map(|r| r.avoidance_share.map(|s| round_places(s, 4).to_string()))
        .collect();
    let payback: Vec<Option<String>> = rows
        .iter()
        .map(|r| r.run.appraisal.payback_year.map(|y| y.to_string()))
        .collect();
    let mut df = DataFrame::new_infer_height(vec![
        Column::new(
            "rank".into(),
            rows.iter().map(|r| r.rank as u32).collect::<Vec<_>>(),
        ),
        Column::new("ranked_by".into(), vec![cmp.rank_by.name(); rows.len()]),
        Column::new("name".into(), text(&|r| r.name().to_string())),
        Column::new(
            "model".into(),
            text(&|r| r.run.prepared.model.file.display().to_string()),
        ),
        Column::new(
            "kind".into(),
            text(&|r| r.run.prepared.model.kind.name().to_string()),
        ),
        Column::new(
            "horizon".into(),
            text(&|r| r.run.prepared.model.horizon.to_string()),
        ),
        Column::new("mtfs_period".into(), text(&|_| cmp.period.label())),
        money("cashable_mtfs", &|r| r.cashable_mtfs)?,
        class("cashable", Class::Cashable)?,
        class("cost_avoidance", Class::CostAvoidance)?,
        class("non_cashable", Class::NonCashable)?,
        class("capital_receipt", Class::CapitalReceipt)?,
        class("one_off_cost", Class::OneOffCost)?,
        class("financing_cost", Class::FinancingCost)?,
        money("net_cashable", &|r| r.run.appraisal.net_cashable)?,
        money("npv", &|r| r.run.appraisal.npv)?,
        Column::new("pv_cost_avoidance_share".into(), share),
        Column::new("bcr".into(), bcr),
        Column::new("payback_year".into(), payback),
        money("full_year_effect", &|r| r.run.appraisal.full_year_effect)?,
        Column::new("flags".into(), text(&|r| r.flags.join("; "))),
    ])?;
    if cmp.simulated {
        let at = df.get_column_index("npv").map_or(df.width(), |i| i + 1);
        df.insert_column(at, npv_percentile_column(cmp, "npv_p10", |r| r.0)?)?;
        df.insert_column(at + 1, npv_percentile_column(cmp, "npv_p90", |r| r.1)?)?;
    }
    Ok(df)
}

/// An NPV percentile of every option's simulation, in pounds and pence;
/// empty for an option with no `[uncertainty]` table.
fn npv_percentile_column(
    cmp: &Comparison,
    name: &str,
    pick: fn((Decimal, Decimal)) -> Decimal,
) -> PolarsResult<Column> {
    let mantissas: Vec<Option<i128>> = cmp
        .rows
        .iter()
        .map(|r| r.npv_range().map(|p| round_places(pick(p), 2).mantissa()))
        .collect();
    Ok(
        Int128Chunked::from_iter_options(name.into(), mantissas.into_iter())
            .into_decimal(38, 2)?
            .into_series()
            .into(),
    )
}

/// `comparison_by_year.csv`: a row per option and financial year of any
/// option's horizon or of the MTFS period; `cashable` is empty where the
/// year is outside the option's horizon.
pub fn by_year_frame(cmp: &Comparison) -> PolarsResult<DataFrame> {
    let years = cmp.financial_years();
    let (mut fy, mut in_mtfs, mut rank, mut name, mut cashable) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for r in &cmp.rows {
        for y in &years {
            fy.push(y.to_string());
            in_mtfs.push(if cmp.period.contains(*y) { "yes" } else { "no" });
            rank.push(r.rank as u32);
            name.push(neutralise(r.name()));
            cashable.push(r.cashable_in(*y));
        }
    }
    let mantissas: Vec<Option<i128>> = cashable
        .iter()
        .map(|v| v.map(|d| round_places(d, 2).mantissa()))
        .collect();
    let cashable = Int128Chunked::from_iter_options("cashable".into(), mantissas.into_iter())
        .into_decimal(38, 2)?
        .into_series()
        .into();
    DataFrame::new_infer_height(vec![
        Column::new("financial_year".into(), fy),
        Column::new("in_mtfs_period".into(), in_mtfs),
        Column::new("rank".into(), rank),
        Column::new("name".into(), name),
        cashable,
    ])
}

/// The ranked options for the terminal.
pub fn comparison_table(cmp: &Comparison) -> String {
    let body: Vec<Vec<String>> = cmp
        .rows
        .iter()
        .map(|o| {
            let a = &o.run.appraisal;
            vec![
                o.rank.to_string(),
                o.name().to_string(),
                pounds(o.cashable_mtfs),
                pounds(a.total(Class::Cashable)),
                pounds(a.total(Class::CostAvoidance)),
                pounds(a.total(Class::OneOffCost) + a.total(Class::FinancingCost)),
                pounds(a.net_cashable),
                pounds(a.npv),
                a.bcr
                    .map(|b| round_places(b, 2).to_string())
                    .unwrap_or_else(|| "–".into()),
                o.payback_words(),
            ]
        })
        .collect();
    let mtfs = format!("Cashable {}", cmp.period.label());
    let mut out = text_table(
        &[
            "#",
            "Option",
            &mtfs,
            "Cashable, horizon",
            "Cost avoidance",
            "One-off & financing",
            "Net cashable",
            "NPV",
            "BCR",
            "Payback",
        ],
        &body,
        2,
    );
    let flagged: Vec<&OptionRow> = cmp.rows.iter().filter(|r| !r.flags.is_empty()).collect();
    if !flagged.is_empty() {
        out.push('\n');
        for r in flagged {
            out.push_str(&format!(
                "{}. {}: {}\n",
                r.rank,
                r.name(),
                r.flags.join("; ")
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capitalise_first_letter() {
        assert_eq!(capitalise("never pays back"), "Never pays back");
        assert_eq!(capitalise(""), "");
    }
}
