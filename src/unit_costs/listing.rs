//! `savings unit-costs`: the library as a finance officer reads it — a
//! table of items, costs, units, price bases and publication dates, the
//! entry a model would use marked, the sources numbered under it, and the
//! caveats on request — or as CSV for a spreadsheet.

use super::{Entry, Library};
use crate::error::{Error, Result};
use crate::output::tables::{neutralise, to_csv};
use polars::prelude::*;

/// The entries in listing order: by item, and within an item the one a
/// model uses first, then the ones it would fall back to.
fn rows(lib: &Library) -> Vec<(&Entry, bool)> {
    lib.items()
        .into_iter()
        .flat_map(|item| {
            lib.ranked(item)
                .into_iter()
                .enumerate()
                .map(|(i, e)| (e, i == 0))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// A cost as written, with at least two decimal places: `£9.34`, `£12.10`,
/// `£0.0815`, `£1,200.00`.
fn cost_text(e: &Entry) -> String {
    let mut c = e.cost;
    if c.scale() < 2 {
        c.rescale(2);
    }
    format!("£{}", crate::money::group(&c.to_string()))
}

/// Where the library's files come from, for the heading.
fn files_text(lib: &Library) -> String {
    let names: Vec<String> = lib
        .files()
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let bundled = lib.entries().iter().any(|e| e.layer == i && e.bundled);
            if bundled {
                format!("{} (bundled)", f.display())
            } else {
                f.display().to_string()
            }
        })
        .collect();
    names.join(" and ")
}

/// Where entries sit, file by file: `unit_costs.toml (bundled) lines 27,
/// 37, 47`.
fn places(entries: &[&Entry]) -> String {
    let mut by_file: Vec<(usize, String, bool, Vec<usize>)> = Vec::new();
    for e in entries {
        match by_file.iter_mut().find(|(layer, ..)| *layer == e.layer) {
            Some((.., lines)) => lines.push(e.line),
            None => by_file.push((
                e.layer,
                e.file.display().to_string(),
                e.bundled,
                vec![e.line],
            )),
        }
    }
    by_file.sort_by_key(|(layer, ..)| *layer);
    by_file
        .into_iter()
        .map(|(_, file, bundled, mut lines)| {
            lines.sort_unstable();
            let lines: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
            format!(
                "{file}{} line{} {}",
                if bundled { " (bundled)" } else { "" },
                if lines.len() == 1 { "" } else { "s" },
                lines.join(", ")
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The plain-text listing; with `notes`, each entry's caveats follow.
pub fn text(lib: &Library, notes: bool) -> String {
    let rows = rows(lib);
    let mut sources: Vec<&str> = Vec::new();
    let mut table: Vec<[String; 7]> = Vec::new();
    for (e, used) in &rows {
        let n = match sources.iter().position(|s| *s == e.source) {
            Some(i) => i + 1,
            None => {
                sources.push(&e.source);
                sources.len()
            }
        };
        table.push([
            if *used { "*".into() } else { String::new() },
            e.item.clone(),
            cost_text(e),
            e.unit.clone(),
            e.price_base.to_string(),
            e.published.clone(),
            format!("[{n}]"),
        ]);
    }
    let header = [
        "",
        "Item",
        "Cost",
        "Unit",
        "Price base",
        "Published",
        "Source",
    ]
    .map(String::from);
    // Cost is right-aligned, the rest left-aligned.
    let mut widths = header.clone().map(|h| h.chars().count());
    for r in &table {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |cells: &[String; 7]| {
        let mut s = String::new();
        for (i, (c, w)) in cells.iter().zip(widths).enumerate() {
            let pad = " ".repeat(w - c.chars().count());
            if i > 0 {
                s.push_str("  ");
            }
            if i == 2 {
                s.push_str(&pad);
                s.push_str(c);
            } else {
                s.push_str(c);
                s.push_str(&pad);
            }
        }
        s.trim_end().to_string() + "\n"
    };
    let n = rows.len();
    let mut out = format!(
        "Unit-cost library: {n} entr{} from {}\n",
        if n == 1 { "y" } else { "ies" },
        files_text(lib)
    );
    out.push_str(&wrap(
        "Costs are £ at the prices of their price base; a model rebases the one it uses \
         to its own price base with its GDP deflator.",
        "",
    ));
    out.push('\n');
    out.push_str(&line(&header));
    let total: usize = widths.iter().sum::<usize>() + 2 * (widths.len() - 1);
    out.push_str(&"─".repeat(total));
    out.push('\n');
    for r in &table {
        out.push_str(&line(r));
    }
    out.push('\n');
    out.push_str(&wrap(
        "* the entry a model uses for its item when its own figures give none: an entry \
         from a file named with --unit-costs first, then the most recently published, then \
         the later in its file. A local unit_cost in the Transactions sheet, or in the \
         model's [unit_costs], always comes first.",
        "  ",
    ));
    out.push_str("\nSources\n");
    for (i, s) in sources.iter().enumerate() {
        let of: Vec<&Entry> = rows
            .iter()
            .map(|(e, _)| *e)
            .filter(|e| e.source == *s)
            .collect();
        out.push_str(&wrap(&format!("[{}] {s}", i + 1), "    "));
        let geography = of
            .iter()
            .map(|e| e.geography.as_str())
            .find(|g| !g.is_empty());
        let mut detail = String::new();
        if let Some(g) = geography {
            detail.push_str(&format!("Geography: {g}. "));
        }
        detail.push_str(&format!("Entries: {}.", places(&of)));
        out.push_str(&wrap(&format!("    {detail}"), "    "));
    }
    if notes {
        out.push_str("\nNotes\n");
        for (e, _) in &rows {
            let text = if e.notes.is_empty() {
                "(no notes)"
            } else {
                &e.notes
            };
            out.push_str(&wrap(
                &format!(
                    "{} {} ({}:{}): {text}",
                    e.item,
                    cost_text(e),
                    e.file.display(),
                    e.line
                ),
                "    ",
            ));
        }
    } else {
        out.push_str(
            "\nEach entry's caveats (read them before using a figure): savings unit-costs --notes\n",
        );
    }
    out
}

/// Words wrapped at 100 characters; the first line keeps the text's own
/// leading spaces, the lines after it start with `indent`.
fn wrap(text: &str, indent: &str) -> String {
    const WIDTH: usize = 100;
    let mut out = String::new();
    let mut line: String = text.chars().take_while(|c| *c == ' ').collect();
    for word in text.split_whitespace() {
        let fresh = line.trim().is_empty();
        if !fresh && line.chars().count() + 1 + word.chars().count() > WIDTH {
            out.push_str(&line);
            out.push('\n');
            line = indent.to_string();
        } else if !fresh {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push_str(&line);
    out.push('\n');
    out
}

/// The listing as CSV: one row an entry in listing order, every field,
/// `used` true for the entry a model uses for its item. Text a
/// spreadsheet would run as a formula gets a leading `'`.
pub fn csv(lib: &Library) -> Result<Vec<u8>> {
    let rows = rows(lib);
    let col = |name: &str, f: &dyn Fn(&Entry, bool) -> String| {
        Column::new(
            name.into(),
            rows.iter()
                .map(|(e, used)| neutralise(&f(e, *used)))
                .collect::<Vec<_>>(),
        )
    };
    let internal = |e: PolarsError| Error::Internal(format!("writing the unit-cost CSV: {e}"));
    let mut df = DataFrame::new_infer_height(vec![
        col("item", &|e, _| e.item.clone()),
        col("cost", &|e, _| e.cost.to_string()),
        col("unit", &|e, _| e.unit.clone()),
        col("price_base", &|e, _| e.price_base.to_string()),
        col("published", &|e, _| e.published.clone()),
        col("source", &|e, _| e.source.clone()),
        col("geography", &|e, _| e.geography.clone()),
        col("notes", &|e, _| e.notes.clone()),
        col("file", &|e, _| e.file.display().to_string()),
        col("line", &|e, _| e.line.to_string()),
        col("used", &|_, used| used.to_string()),
    ])
    .map_err(internal)?;
    to_csv(&mut df).map_err(internal)
}
