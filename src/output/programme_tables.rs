//! The programme report's headline and tables, and `programme.xlsx`
//! made of the same tables.

use super::programme::{money_cell, rag_words, text, whole};
use super::table::{Cell, Table};
use super::xlsx::{sheets_xlsx, Sheet};
use crate::baseline::Rag;
use crate::money::{round_places, Decimal};
use crate::programme::{period, Programme, RagSource, When};
use rust_xlsxwriter::{Color, ConditionalFormatText, ConditionalFormatTextRule, Format, XlsxError};

/// The key figures members read first.
pub fn headline(p: &Programme) -> Vec<(String, String)> {
    let mut h = Vec::new();
    let (_, achieved_to_date) = p.to_date();
    if p.has_target() {
        h.push((
            format!("Target, {}", period(&p.years)),
            whole(p.total_target()),
        ));
    }
    h.push(("Planned".into(), whole(p.total_planned())));
    let overlaps: Decimal = p.totals.iter().map(|t| t.overlaps).sum();
    h.push(("Counted twice (double counting)".into(), whole(overlaps)));
    h.push((
        "Planned net of double counting".into(),
        whole(p.total_planned_net()),
    ));
    if p.has_target() {
        h.push((
            "First year short of its target".into(),
            p.first_gap()
                .map(|y| y.to_string())
                .unwrap_or_else(|| "none".into()),
        ));
    }
    if p.has_actuals() {
        h.push(("Achieved to date".into(), whole(achieved_to_date)));
        h.push((
            "At risk (planned less achieved-or-forecast)".into(),
            whole(p.totals.iter().map(|t| t.at_risk).sum()),
        ));
    }
    h.push((
        "One-off investment needed".into(),
        whole(p.totals.iter().map(|t| t.investment).sum()),
    ));
    h
}

/// The answer in one sentence: "£4,326,579 of the £4,650,000 target for
/// 2011/12 to 2014/15 planned (net of double counting); £500,700 achieved
/// to date of £850,000 due; 1 of 6 workstreams amber, 0 red."
pub fn in_short(p: &Programme) -> String {
    let n = p.counted().count();
    let latest: Vec<Option<Rag>> = p
        .counted()
        .map(|w| p.latest_rag(w).map(|(_, r, _)| r))
        .collect();
    let count = |r: Rag| latest.iter().filter(|x| **x == Some(r)).count();
    let (amber, red) = (count(Rag::Amber), count(Rag::Red));
    let (target_to_date, achieved_to_date) = p.to_date();
    let mut sentence = if p.has_target() {
        format!(
            "{} of the {} target for {} planned (net of double counting)",
            whole(p.total_planned_net()),
            whole(p.total_target()),
            period(&p.years)
        )
    } else {
        format!(
            "{} cashable savings planned over {}, with no target to meet",
            whole(p.total_planned()),
            period(&p.years)
        )
    };
    if p.has_actuals() {
        sentence.push_str(&format!("; {} achieved to date", whole(achieved_to_date)));
        if p.has_target() {
            sentence.push_str(&format!(" of {} due", whole(target_to_date)));
        }
        sentence.push_str(&format!(
            "; {amber} of {n} workstream{} amber, {red} red",
            if n == 1 { "" } else { "s" }
        ));
    }
    sentence.push('.');
    sentence
}

fn when_words(w: When) -> &'static str {
    match w {
        When::Past => "past",
        When::Current => "current",
        When::Future => "to come",
    }
}

/// The report's tables, in order.
pub fn tables(p: &Programme) -> Vec<Table> {
    let mut out = vec![by_year(p)];
    if p.current.is_some() {
        out.push(rag_table(p));
    }
    out.push(by_workstream(
        p,
        "Planned cashable by workstream and year (£)",
        |y| y.planned,
    ));
    out.push(overlap_table(p));
    out.push(by_workstream(
        p,
        "One-off investment needed by workstream and year (£)",
        |y| y.investment,
    ));
    out.push(payback_table(p));
    out
}

fn by_year(p: &Programme) -> Table {
    let mut t = Table::new(
        "The programme by financial year (£)",
        &[
            "Year",
            "Year is",
            "Target",
            "Planned",
            "Counted twice",
            "Planned net of double counting",
            "Gap (target less planned net)",
            "Achieved",
            "Achieved or forecast",
            "At risk",
            "Cumulative planned net",
            "Cumulative target",
        ],
    );
    for y in &p.totals {
        t.rows.push(vec![
            text(y.year.to_string()),
            text(when_words(p.when(y.year))),
            money_cell(y.target),
            Cell::Money(y.planned),
            Cell::Money(y.overlaps),
            Cell::Money(y.planned_net),
            money_cell(y.gap),
            money_cell(y.achieved),
            money_cell(y.expected),
            Cell::Money(y.at_risk),
            Cell::Money(y.cumulative_planned_net),
            money_cell(y.cumulative_target),
        ]);
    }
    t
}

/// Achieved-or-forecast as a share of planned, in words.
fn share_words(planned: Decimal, expected: Option<Decimal>) -> String {
    match expected {
        Some(e) if !planned.is_zero() => format!(
            "{}% of planned",
            round_places(e / planned * Decimal::ONE_HUNDRED, 0)
        ),
        Some(_) => "nothing planned this year".into(),
        None if planned.is_zero() => "nothing planned this year".into(),
        None => "no actuals reported".into(),
    }
}

fn rag_table(p: &Programme) -> Table {
    let current = p.current.map(|c| c.to_string()).unwrap_or_default();
    let mut t = Table::new(
        &format!("Delivery rating (RAG) by workstream, {current} (£)"),
        &[
            "Workstream",
            "Owner",
            "Status",
            "Planned",
            "Achieved",
            "Forecast",
            "Variance",
            "RAG",
            "Why",
        ],
    );
    let k = p.years.iter().position(|y| Some(*y) == p.current);
    for w in &p.workstreams {
        let owner = text(w.def.owner.clone().unwrap_or_default());
        let y = k.and_then(|k| w.years.get(k));
        match y {
            Some(y) if w.counts() => {
                let why = match y.rag {
                    Some((_, RagSource::Owner)) => {
                        format!("the owner's rating; {}", share_words(y.planned, y.expected))
                    }
                    _ => share_words(y.planned, y.expected),
                };
                t.rows.push(vec![
                    text(&w.def.name),
                    owner,
                    text(w.def.status.words()),
                    Cell::Money(y.planned),
                    money_cell(y.achieved),
                    money_cell(y.forecast),
                    money_cell(y.variance),
                    text(rag_words(y.rag)),
                    text(why),
                ]);
            }
            _ => t.rows.push(vec![
                text(&w.def.name),
                owner,
                text(w.def.status.words()),
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                text(if w.counts() {
                    "not rated"
                } else {
                    "not counted"
                }),
                text(if w.counts() {
                    "the current year is outside the programme's years"
                } else {
                    "dropped: listed, not counted"
                }),
            ]),
        }
    }
    t
}

fn by_workstream(
    p: &Programme,
    name: &str,
    value: fn(&crate::programme::WorkstreamYear) -> Decimal,
) -> Table {
    let mut columns: Vec<String> = vec!["Workstream".into()];
    columns.extend(p.years.iter().map(|y| y.to_string()));
    columns.push("Total".into());
    let refs: Vec<&str> = columns.iter().map(String::as_str).collect();
    let mut t = Table::new(name, &refs);
    let mut totals = vec![Decimal::ZERO; p.years.len()];
    for w in p.counted() {
        let mut row = vec![text(&w.def.name)];
        let mut sum = Decimal::ZERO;
        for (k, y) in w.years.iter().enumerate() {
            let v = value(y);
            row.push(Cell::Money(v));
            totals[k] += v;
            sum += v;
        }
        row.push(Cell::Money(sum));
        t.rows.push(row);
    }
    let mut row = vec![text("Programme total")];
    row.extend(totals.iter().map(|v| Cell::Money(*v)));
    row.push(Cell::Money(totals.iter().copied().sum()));
    t.rows.push(row);
    t
}

fn overlap_table(p: &Programme) -> Table {
    let mut columns: Vec<String> = vec![
        "Workstreams".into(),
        "Baseline rows both draw savings from".into(),
    ];
    columns.extend(p.years.iter().map(|y| y.to_string()));
    columns.push("Total counted twice".into());
    let refs: Vec<&str> = columns.iter().map(String::as_str).collect();
    let mut t = Table::new("Double counting between workstreams (£ at stake)", &refs);
    for o in &p.overlaps {
        let mut row = vec![
            text(format!("{} and {}", o.first, o.second)),
            text(o.rows.join("; ")),
        ];
        row.extend(o.at_stake.iter().map(|a| Cell::Money(*a)));
        row.push(Cell::Money(o.total()));
        t.rows.push(row);
    }
    if p.overlaps.is_empty() {
        let mut row = vec![
            text("none"),
            text("no two counted workstreams draw on the same baseline rows"),
        ];
        row.extend(p.years.iter().map(|_| Cell::Empty));
        row.push(Cell::Empty);
        t.rows.push(row);
    }
    t
}

fn payback_table(p: &Programme) -> Table {
    let mut t = Table::new(
        "Each workstream's payback and NPV, over its own horizon (£)",
        &[
            "Workstream",
            "Kind",
            "Horizon",
            "Net cashable",
            "NPV (real terms)",
            "Pays back",
        ],
    );
    for w in p.counted() {
        let Some(r) = &w.run else { continue };
        let a = &r.appraisal;
        t.rows.push(vec![
            text(&w.def.name),
            text(r.prepared.model.kind.name()),
            text(r.prepared.model.horizon.to_string()),
            Cell::Money(a.net_cashable),
            Cell::Money(a.npv),
            text(
                a.payback_year
                    .map(|y| format!("in {y}"))
                    .unwrap_or_else(|| "not within its horizon".into()),
            ),
        ]);
    }
    t
}

/// Excel's sheet names for the tables, in order (31 characters at most).
fn sheet_name(table: &Table) -> String {
    let n = &table.name;
    let short = if n.starts_with("The programme by") {
        "By year"
    } else if n.starts_with("Delivery rating") {
        "RAG"
    } else if n.starts_with("Planned cashable") {
        "Planned by workstream"
    } else if n.starts_with("Double counting") {
        "Double counting"
    } else if n.starts_with("One-off investment") {
        "Investment"
    } else if n.starts_with("Each workstream") {
        "Payback and NPV"
    } else {
        "Table"
    };
    short.to_string()
}

/// `programme.xlsx`: a sheet per report table.
pub fn workbook(tables: &[Table]) -> Result<Vec<u8>, XlsxError> {
    let sheets: Vec<Sheet> = tables
        .iter()
        .map(|t| {
            let mut s = Sheet::from_table(t);
            s.name = sheet_name(t);
            s
        })
        .collect();
    // The RAG column shaded in its colour, the word kept in the cell.
    sheets_xlsx(&sheets, |ws, sheet| {
        let Some(col) = sheet.columns.iter().position(|c| c == "RAG") else {
            return Ok(());
        };
        let col = u16::try_from(col).map_err(|_| XlsxError::RowColumnLimitError)?;
        let last = u32::try_from(sheet.rows.len()).map_err(|_| XlsxError::RowColumnLimitError)?;
        for (word, fill) in [("RED", 0xF4C7C3), ("AMBER", 0xFFE3A3), ("GREEN", 0xCDE8CF)] {
            let rule = ConditionalFormatText::new()
                .set_rule(ConditionalFormatTextRule::BeginsWith(word.to_string()))
                .set_format(Format::new().set_background_color(Color::RGB(fill)));
            ws.add_conditional_format(1, col, last.max(1), col, &rule)?;
        }
        Ok(())
    })
}
