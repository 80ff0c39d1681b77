//! The written report of a run or a comparison: a self-contained HTML page
//! (inline CSS and SVG charts, no scripts, fonts or external files, printable
//! on A4) and the same content as GitHub-flavoured Markdown.
//!
//! Sections, in both formats: title and subtitle, key figures, warnings,
//! charts, tables, assumptions, sources. Money is shown as `£1,234,567.89`,
//! negatives as `−£1,234.56` (the minus sign, U+2212), rounded half to
//! even; a report for members may show whole pounds instead. Every report
//! carries the date of the run and the engine's version: the date is
//! `SOURCE_DATE_EPOCH` (seconds since 1970, UTC) when that is set, so that
//! reruns and tests give identical bytes, else today. Every text from the
//! caller is escaped: names come from user workbooks.

use super::table::{Cell, Table};
use rust_decimal::{Decimal, RoundingStrategy};
use std::fmt::Write;

/// A chart of the report: the SVG is inlined in the HTML; the Markdown links
/// to `file_stem.svg` (and `file_stem.png`) written beside `report.md`.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportChart {
    pub title: String,
    pub file_stem: String,
    pub svg: String,
    pub alt: String,
}

/// A section of its own after the tables (the Uncertainty of a
/// simulation): paragraphs, charts and tables under one heading.
#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    /// The id of its heading, for links.
    pub id: String,
    pub heading: String,
    pub paragraphs: Vec<String>,
    pub charts: Vec<ReportChart>,
    pub tables: Vec<Table>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub title: String,
    pub subtitle: String,
    /// Label and formatted figure, e.g. ("NPV", "£6,341,779").
    pub headline: Vec<(String, String)>,
    pub tables: Vec<Table>,
    pub charts: Vec<ReportChart>,
    pub assumptions: Option<Table>,
    pub warnings: Vec<String>,
    pub source_note: String,
    /// Money in the tables in whole pounds (`£1,234,568`) rather than to
    /// the penny: for the comparison members read.
    pub whole_pounds: bool,
    /// Sections after the tables, before the assumptions.
    pub sections: Vec<Section>,
}

/// The date of the run, `30 November 2026`: `SOURCE_DATE_EPOCH` when set
/// to a whole number of seconds, else today (UTC).
pub fn run_date() -> String {
    let from_env = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.trim().parse::<i64>().ok())
        .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0));
    let when = from_env.unwrap_or_else(chrono::Utc::now);
    when.format("%-d %B %Y").to_string()
}

/// "Run on 30 November 2026 with savings engine 0.1.0."
pub fn run_stamp() -> String {
    format!(
        "Run on {} with savings engine {}.",
        run_date(),
        env!("CARGO_PKG_VERSION")
    )
}

/// Tables with more columns than this print on a landscape page.
const WIDE: usize = 9;
/// Tables of at most this many rows are kept on one printed page.
const SHORT: usize = 30;

fn round(d: Decimal, places: u32) -> Decimal {
    let mut r = d.round_dp_with_strategy(places, RoundingStrategy::MidpointNearestEven);
    if r.is_zero() {
        r.set_sign_positive(true);
    }
    r
}

/// `£1,234,567.89`, `−£1,234.56`, rounded half to even to the penny.
pub fn money(d: Decimal) -> String {
    crate::money::pence_text(d)
}

/// A cell as shown in a report, money in whole pounds when `whole` is
/// set; numbers are not grouped except money.
fn shown_as(cell: &Cell, whole: bool) -> String {
    match cell {
        Cell::Text(s) => s.clone(),
        Cell::Money(d) if whole => crate::money::pounds_text(*d),
        Cell::Money(d) => money(*d),
        Cell::Number(d, places) => {
            let mut r = round(*d, *places);
            r.rescale(*places);
            r.to_string()
        }
        Cell::Integer(i) => i.to_string(),
        Cell::Empty => String::new(),
    }
}

fn is_number(cell: &Cell) -> bool {
    matches!(cell, Cell::Money(_) | Cell::Number(..) | Cell::Integer(_))
}

/// A column whose filled cells are all numbers is right-aligned.
fn numeric_columns(t: &Table) -> Vec<bool> {
    (0..t.columns.len())
        .map(|c| {
            let mut cells = t.rows.iter().filter_map(|r| r.get(c));
            let filled: Vec<&Cell> = cells.by_ref().filter(|x| **x != Cell::Empty).collect();
            !filled.is_empty() && filled.iter().all(|x| is_number(x))
        })
        .collect()
}

/// `cumulative_net_cashable` → `Cumulative net cashable`; other names as given.
pub fn heading(column: &str) -> String {
    let snake = column
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !snake {
        return column.to_string();
    }
    let words: Vec<String> = column
        .split('_')
        .filter(|w| !w.is_empty())
        .map(|w| match w {
            "npv" | "bcr" | "fy" | "pv" | "id" => w.to_ascii_uppercase(),
            _ => w.to_string(),
        })
        .collect();
    let text = words
        .join(" ")
        .replace("one off", "one-off")
        .replace("non cashable", "non-cashable");
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

fn is_total(row: &[Cell]) -> bool {
    matches!(row.first(), Some(Cell::Text(s)) if s.trim().eq_ignore_ascii_case("total"))
}

/// Escapes text for HTML content and attribute values.
pub fn html_escape(s: &str) -> String {
    if !s.contains(['&', '<', '>', '"', '\'']) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A CSS string literal: every character but letters, digits and spaces as
/// a hex escape, so nothing can close the string or the `<style>` element.
/// Each escape ends with a space, which CSS reads as the escape's end and
/// drops: without it, a space after an escape (`Hall, Exchequer`) was
/// taken as that end and lost, and the printed footer read
/// `Hall,Exchequer`.
fn css_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || c == ' ' {
            out.push(c);
        } else {
            let _ = write!(out, "\\{:x} ", c as u32);
        }
    }
    out.push('"');
    out
}

/// The chart's SVG without an XML prolog, or `None` if it holds anything
/// active or external (a script, event handler, foreign object or link out).
fn inline_svg(svg: &str) -> Option<&str> {
    let lower = svg.to_ascii_lowercase();
    let bad = [
        "<script",
        "javascript:",
        "<foreignobject",
        "href=\"http",
        "<iframe",
    ];
    if bad.iter().any(|b| lower.contains(b)) || has_handler(&lower) {
        return None;
    }
    lower.find("<svg").map(|i| svg[i..].trim_end())
}

/// An `on…=` event-handler attribute anywhere in the (lower-case) markup.
fn has_handler(lower: &str) -> bool {
    lower.match_indices("on").any(|(i, _)| {
        let before = lower[..i].chars().next_back();
        let rest = lower[i + 2..].trim_start_matches(|c: char| c.is_ascii_lowercase());
        matches!(before, Some(c) if c.is_whitespace() || c == '/' || c == '"' || c == '\'')
            && rest.len() < lower.len() - i - 2
            && rest.trim_start().starts_with('=')
    })
}

const CSS: &str = r#"
:root { color-scheme: light; }
body { font-family: Arial, "Helvetica Neue", Helvetica, "Liberation Sans", sans-serif;
  font-size: 11pt; line-height: 1.45; color: #1b1b1b; background: #fff;
  max-width: 60rem; margin: 2rem auto; padding: 0 1.5rem; }
h1 { font-size: 20pt; margin: 0 0 .25rem; line-height: 1.2; }
h2 { font-size: 14pt; margin: 2rem 0 .6rem; padding-bottom: .2rem; border-bottom: 2px solid #1d4f91; }
.subtitle { margin: 0 0 .3rem; color: #3b3b3b; }
.stamp { margin: 0 0 1.25rem; font-size: 9.5pt; color: #3b3b3b; }
.headline { display: grid; grid-template-columns: repeat(auto-fit, minmax(13rem, 1fr)); gap: .75rem;
  margin: 0; padding: 0; }
.headline div { border: 1px solid #b9c7d9; border-top: 4px solid #1d4f91; background: #f3f6fa; padding: .6rem .8rem; }
.headline dt { font-size: 10pt; color: #333; }
.headline dd { margin: .2rem 0 0; font-size: 16pt; font-weight: bold; font-variant-numeric: tabular-nums; }
.warnings { border: 2px solid #b35900; border-left-width: 8px; background: #fff5e8; padding: .5rem 1rem; }
.warnings ul { margin: .3rem 0; padding-left: 1.2rem; }
.warnings li { margin: .2rem 0; }
.none { color: #333; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; font-size: 9.5pt; margin: 0 0 1rem; }
th, td { padding: .25rem .45rem; border-bottom: 1px solid #c8c8c8; vertical-align: top; text-align: left; }
th { overflow-wrap: normal; hyphens: manual; }
thead th:first-child { white-space: nowrap; }
thead th { background: #e4ebf4; border-bottom: 2px solid #1d4f91; vertical-align: bottom; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
thead th.num { white-space: normal; }
tbody tr:nth-child(even) { background: #f7f7f7; }
tr.total td { font-weight: bold; border-top: 2px solid #1b1b1b; }
figure { margin: 1rem 0 1.5rem; }
figure svg { display: block; max-width: 100%; height: auto; }
figcaption { font-size: 10pt; color: #333; margin-top: .4rem; }
.source h2 { break-after: avoid; page-break-after: avoid; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; }
.source { margin-top: 2rem; font-size: 9.5pt; color: #333; overflow-wrap: anywhere; }
@page { size: A4; margin: 18mm; }
@page wide { size: A4 landscape; margin: 18mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10.5pt; }
  h2 { break-after: avoid; page-break-after: avoid; }
  tr, figure, .headline, .warnings li { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  table { font-size: 8.5pt; }
  th, td { padding: .15rem .35rem; }
  .scroll { overflow: visible; }
  .headline { grid-template-columns: 1fr 1fr; }
  .headline dd { font-size: 14pt; }
  section.short { break-inside: avoid; page-break-inside: avoid; }
  section.wide { page: wide; }
  /* the sources stay with what comes before them, never alone on a page */
  footer.source { break-before: avoid; page-break-before: avoid; break-inside: avoid; page-break-inside: avoid; }
  /* a chart 800 px wide prints 174 mm wide, its 13 px text at 8 pt; a tall
     one may fill most of the page rather than shrink its text */
  figure svg { max-height: 235mm; width: auto; }
  a { color: inherit; text-decoration: none; }
}
"#;

const NUM: &str = " class=\"num\"";

fn html_table(out: &mut String, t: &Table, id: &str, whole: bool) {
    html_table_named(out, t, &t.name, id, whole)
}

/// [`html_table`] under a heading of its own.
fn html_table_named(out: &mut String, t: &Table, name: &str, id: &str, whole: bool) {
    let numeric = numeric_columns(t);
    let wide = if t.columns.len() > WIDE { " wide" } else { "" };
    let short = if t.rows.len() <= SHORT { " short" } else { "" };
    let _ = write!(
        out,
        "<section class=\"table{wide}{short}\" aria-labelledby=\"{id}\">\n<h2 id=\"{id}\">{}</h2>\n",
        html_escape(name)
    );
    let _ = writeln!(out, "<div class=\"scroll\"><table>\n<thead><tr>");
    for (c, name) in t.columns.iter().enumerate() {
        let class = if numeric[c] { NUM } else { "" };
        let _ = write!(
            out,
            "<th scope=\"col\"{class}>{}</th>",
            html_escape(&heading(name))
        );
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &t.rows {
        let total = is_total(row);
        out.push_str(if total {
            "<tr class=\"total\">"
        } else {
            "<tr>"
        });
        for c in 0..t.columns.len() {
            let cell = row.get(c).unwrap_or(&Cell::Empty);
            let class = if is_number(cell) { NUM } else { "" };
            let _ = write!(
                out,
                "<td{class}>{}</td>",
                html_escape(&shown_as(cell, whole))
            );
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table></div>\n</section>\n");
}

/// A chart as a figure, numbered `n`, its SVG inlined.
fn html_figure(o: &mut String, ch: &ReportChart, n: usize) {
    let alt = html_escape(&ch.alt);
    let _ = writeln!(o, "<figure role=\"img\" aria-label=\"{alt}\">");
    match inline_svg(&ch.svg) {
        Some(svg) => {
            o.push_str(svg);
            o.push('\n');
        }
        None => o.push_str("<p>(Chart not shown: its image was not a plain SVG.)</p>\n"),
    }
    let _ = writeln!(
        o,
        "<figcaption>Figure {n}: {}<p class=\"visually-hidden\">{alt}</p></figcaption>\n</figure>",
        html_escape(&ch.title)
    );
}

/// The report as one self-contained HTML5 page.
pub fn report_html(r: &Report) -> String {
    let mut o = String::with_capacity(64 * 1024);
    let title = html_escape(&r.title);
    o.push_str("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n");
    o.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(o, "<title>{title}</title>\n<style>{CSS}");
    let _ = writeln!(
        o,
        "@page {{ @bottom-left {{ content: {}; font: 8pt Arial, sans-serif; color: #555; }}\n  \
         @bottom-right {{ content: \"Page \" counter(page) \" of \" counter(pages); \
         font: 8pt Arial, sans-serif; color: #555; }} }}\n</style>\n</head>\n<body>",
        css_string(&format!("{} · {}", r.title, run_date()))
    );
    let _ = writeln!(o, "<header>\n<h1>{title}</h1>");
    if !r.subtitle.is_empty() {
        let _ = writeln!(o, "<p class=\"subtitle\">{}</p>", html_escape(&r.subtitle));
    }
    let _ = writeln!(o, "<p class=\"stamp\">{}</p>", html_escape(&run_stamp()));
    o.push_str("</header>\n<main>\n");

    if !r.headline.is_empty() {
        o.push_str("<section aria-labelledby=\"key\">\n<h2 id=\"key\">Key figures</h2>\n<dl class=\"headline\">\n");
        for (label, figure) in &r.headline {
            let _ = writeln!(
                o,
                "<div><dt>{}</dt><dd>{}</dd></div>",
                html_escape(label),
                html_escape(figure)
            );
        }
        o.push_str("</dl>\n</section>\n");
    }

    o.push_str("<section aria-labelledby=\"warn\">\n<h2 id=\"warn\">Warnings</h2>\n");
    if r.warnings.is_empty() {
        o.push_str("<p class=\"none\">No warnings.</p>\n");
    } else {
        let n = r.warnings.len();
        let _ = write!(
            o,
            "<div class=\"warnings\" role=\"note\"><p><strong>{n} warning{}: check before relying on these figures.</strong></p>\n<ul>\n",
            if n == 1 { "" } else { "s" }
        );
        for w in &r.warnings {
            let _ = writeln!(o, "<li>{}</li>", html_escape(w));
        }
        o.push_str("</ul></div>\n");
    }
    o.push_str("</section>\n");

    if !r.charts.is_empty() {
        o.push_str("<section aria-labelledby=\"charts\">\n<h2 id=\"charts\">Charts</h2>\n");
    }
    for (i, ch) in r.charts.iter().enumerate() {
        html_figure(&mut o, ch, i + 1);
    }
    if !r.charts.is_empty() {
        o.push_str("</section>\n");
    }

    for (i, t) in r.tables.iter().enumerate() {
        html_table(&mut o, t, &format!("table{}", i + 1), r.whole_pounds);
    }
    let mut figure = r.charts.len();
    let mut table = r.tables.len();
    for sec in &r.sections {
        let id = html_escape(&sec.id);
        let _ = writeln!(
            o,
            "<section aria-labelledby=\"{id}\">\n<h2 id=\"{id}\">{}</h2>",
            html_escape(&sec.heading)
        );
        for p in &sec.paragraphs {
            let _ = writeln!(o, "<p>{}</p>", html_escape(p));
        }
        for ch in &sec.charts {
            figure += 1;
            html_figure(&mut o, ch, figure);
        }
        o.push_str("</section>\n");
        for t in &sec.tables {
            table += 1;
            html_table(&mut o, t, &format!("table{table}"), r.whole_pounds);
        }
    }
    if let Some(a) = &r.assumptions {
        html_table_named(&mut o, a, "Assumptions", "assumptions", false);
    }
    o.push_str("</main>\n");
    let _ = writeln!(
        o,
        "<footer class=\"source\">\n<h2>Sources</h2>\n<p>{}</p>\n</footer>\n</body>\n</html>",
        html_escape(&r.source_note)
    );
    o
}

/// Escapes text for inline Markdown: punctuation that could start
/// emphasis, code, a link, HTML, an entity or a table cell. An `_` inside a
/// word, or an `&` before a space, cannot, and is left alone.
pub fn md_escape(s: &str) -> String {
    // Most cells have nothing to escape: no need to look at them closely.
    if !s.contains(|c: char| "\r\n_&\\`*[]<>|~#".contains(c)) {
        return s.to_string();
    }
    let chars: Vec<char> = s.replace(['\r', '\n'], " ").chars().collect();
    let mut out = String::with_capacity(chars.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let word = |j: Option<usize>| {
            j.and_then(|j| chars.get(j))
                .is_some_and(|x| x.is_alphanumeric())
        };
        let escape = match c {
            '_' => !(word(i.checked_sub(1)) && word(Some(i + 1))),
            '&' => word(Some(i + 1)) || chars.get(i + 1) == Some(&'#'),
            _ => "\\`*[]<>|~#".contains(c),
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Escapes Markdown text that starts a line or list item, where a leading
/// `-`, `+`, `=` or `1.` would start a list or heading underline.
fn md_line(s: &str) -> String {
    let mut out = md_escape(s);
    if out.starts_with(['+', '-', '=']) {
        out.insert(0, '\\');
    }
    let digits = out.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 && matches!(out[digits..].chars().next(), Some('.' | ')')) {
        out.insert(digits, '\\');
    }
    out
}

/// A file name for a Markdown link: anything but `[A-Za-z0-9._-]` percent-encoded.
fn md_url(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

fn md_table(o: &mut String, t: &Table, name: &str, whole: bool) {
    let numeric = numeric_columns(t);
    let _ = writeln!(o, "## {}\n", md_escape(name));
    if t.columns.is_empty() {
        o.push_str("(No columns.)\n\n");
        return;
    }
    let cells: Vec<String> = t.columns.iter().map(|c| md_escape(&heading(c))).collect();
    let _ = writeln!(o, "| {} |", cells.join(" | "));
    let rule: Vec<&str> = numeric
        .iter()
        .map(|n| if *n { "---:" } else { "---" })
        .collect();
    let _ = writeln!(o, "| {} |", rule.join(" | "));
    for row in &t.rows {
        let total = is_total(row);
        let cells: Vec<String> = (0..t.columns.len())
            .map(|c| {
                let cell = row.get(c).unwrap_or(&Cell::Empty);
                let text = match cell {
                    Cell::Text(s) => md_escape(s),
                    other => shown_as(other, whole),
                };
                if total && !text.is_empty() {
                    format!("**{text}**")
                } else {
                    text
                }
            })
            .collect();
        let _ = writeln!(o, "| {} |", cells.join(" | "));
    }
    o.push('\n');
}

/// A chart as a Markdown image linking its SVG, numbered `n`.
fn md_figure(o: &mut String, ch: &ReportChart, n: usize) {
    let stem = md_url(&ch.file_stem);
    let _ = writeln!(o, "![{}]({stem}.svg)\n", md_escape(&ch.alt));
    let _ = writeln!(
        o,
        "*Figure {n}: {}* ([PNG]({stem}.png))\n",
        md_escape(&ch.title)
    );
}

/// The report as GitHub-flavoured Markdown, in the same sections and order.
pub fn report_md(r: &Report) -> String {
    let mut o = String::with_capacity(16 * 1024);
    let _ = writeln!(o, "# {}\n", md_escape(&r.title));
    if !r.subtitle.is_empty() {
        let _ = writeln!(o, "{}\n", md_line(&r.subtitle));
    }
    let _ = writeln!(o, "*{}*\n", md_escape(&run_stamp()));
    if !r.headline.is_empty() {
        o.push_str("## Key figures\n\n");
        for (label, figure) in &r.headline {
            let _ = writeln!(o, "- **{}:** {}", md_escape(label), md_escape(figure));
        }
        o.push('\n');
    }
    o.push_str("## Warnings\n\n");
    if r.warnings.is_empty() {
        o.push_str("No warnings.\n\n");
    } else {
        let n = r.warnings.len();
        let s = if n == 1 { "" } else { "s" };
        let _ = writeln!(
            o,
            "> **{n} warning{s}: check before relying on these figures.**\n>"
        );
        for w in &r.warnings {
            let _ = writeln!(o, "> - {}", md_line(w));
        }
        o.push('\n');
    }
    if !r.charts.is_empty() {
        o.push_str("## Charts\n\n");
    }
    for (i, ch) in r.charts.iter().enumerate() {
        md_figure(&mut o, ch, i + 1);
    }
    for t in &r.tables {
        md_table(&mut o, t, &t.name, r.whole_pounds);
    }
    let mut figure = r.charts.len();
    for sec in &r.sections {
        let _ = writeln!(o, "## {}\n", md_escape(&sec.heading));
        for p in &sec.paragraphs {
            let _ = writeln!(o, "{}\n", md_line(p));
        }
        for ch in &sec.charts {
            figure += 1;
            md_figure(&mut o, ch, figure);
        }
        for t in &sec.tables {
            md_table(&mut o, t, &t.name, r.whole_pounds);
        }
    }
    if let Some(a) = &r.assumptions {
        md_table(&mut o, a, "Assumptions", false);
    }
    let _ = writeln!(o, "## Sources\n\n{}", md_line(&r.source_note));
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn sample() -> Report {
        let mut savings = Table::new(
            "Savings by financial year",
            &["financial_year", "cashable", "discount_factor"],
        );
        for i in 0..10 {
            savings.rows.push(vec![
                Cell::Text(format!("{}/{:02}", 2011 + i, 12 + i)),
                Cell::Money(d("1234567.885") * Decimal::from(i - 2)),
                Cell::Number(d("0.9661835748792270531400966184"), 6),
            ]);
        }
        savings.rows.push(vec![
            Cell::Text("Total".into()),
            Cell::Money(d("8815088.4")),
            Cell::Empty,
        ]);
        let mut assumptions = Table::new("Assumptions", &["parameter", "value", "source"]);
        assumptions.rows.push(vec![
            Cell::Text("Site <script>alert(1)</script> | A".into()),
            Cell::Number(d("0.035"), 3),
            Cell::Text("HM Treasury \"Green Book\" & 'model'".into()),
        ]);
        Report {
            title: "Bromley <b>offices</b>".into(),
            subtitle: "Bromley — building_vacation — 2011/12 prices".into(),
            headline: vec![
                ("Cashable savings over the horizon".into(), "£8,815,088".into()),
                ("NPV".into(), "£6,341,779".into()),
                ("Payback".into(), "2015/16 (5 years)".into()),
            ],
            tables: vec![savings],
            charts: vec![ReportChart {
                title: "Savings profile".into(),
                file_stem: "savings".into(),
                svg: "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><rect width=\"10\" height=\"5\"/></svg>\n".into(),
                alt: "Bar chart: savings rise from £0 to £1.2m a year".into(),
            }],
            assumptions: Some(assumptions),
            warnings: vec!["Sale of <Old Town Hall> falls after the horizon".into()],
            source_note: "Inputs: models/x.toml (sha256 abc); engine 0.1.0".into(),
            whole_pounds: false,
            sections: Vec::new(),
        }
    }

    #[test]
    fn money_format() {
        assert_eq!(money(d("1234567.885")), "£1,234,567.88");
        assert_eq!(money(d("-1234.565")), "\u{2212}£1,234.56");
        assert_eq!(money(d("-0.004")), "£0.00");
        assert_eq!(money(d("999.995")), "£1,000.00");
        assert_eq!(money(d("12")), "£12.00");
        assert_eq!(
            shown_as(&Cell::Number(d("0.96618357"), 6), false),
            "0.966184"
        );
        assert_eq!(shown_as(&Cell::Number(d("2"), 4), false), "2.0000");
    }

    #[test]
    fn html_is_self_contained_and_escaped() {
        let h = report_html(&sample());
        assert!(h.starts_with("<!DOCTYPE html>\n<html lang=\"en-GB\">"));
        assert!(h.contains("<meta charset=\"utf-8\">"));
        assert!(h.contains("<title>Bromley &lt;b&gt;offices&lt;/b&gt;</title>"));
        assert!(!h.contains("<script") && !h.contains("<b>"));
        assert!(h.contains("Site &lt;script&gt;alert(1)&lt;/script&gt; | A"));
        assert!(h.contains("&quot;Green Book&quot; &amp; &#39;model&#39;"));
        assert!(!h.contains("src=\"http") && !h.contains("<link") && !h.contains("<?xml"));
        assert!(h.contains("<svg xmlns"));
        assert!(h.contains("role=\"img\" aria-label=\"Bar chart: savings rise"));
        for f in [
            "£8,815,088",
            "£6,341,779",
            "2015/16 (5 years)",
            "Cashable savings over the horizon",
        ] {
            assert!(h.contains(f), "{f}");
        }
        assert!(h.contains("<td class=\"num\">\u{2212}£2,469,135.77</td>"));
        let mut whole = sample();
        whole.whole_pounds = true;
        assert!(report_html(&whole).contains("<td class=\"num\">\u{2212}£2,469,136</td>"));
        assert!(h.contains("<td class=\"num\">0.966184</td>"));
        assert!(h.contains("class=\"warnings\"") && h.contains("Sale of &lt;Old Town Hall&gt;"));
        assert!(h.contains("@page { size: A4; margin: 18mm; }"));
        assert_eq!(h.matches("<tr").count(), 1 + 11 + 1 + 1);
        let mut quiet = sample();
        quiet.warnings.clear();
        assert!(report_html(&quiet).contains("No warnings."));
        assert!(!report_html(&quiet).contains("class=\"warnings\""));
    }

    #[test]
    fn active_svg_is_not_inlined() {
        let mut r = sample();
        r.charts[0].svg = "<svg><script>alert(1)</script></svg>".into();
        let h = report_html(&r);
        assert!(!h.contains("<script") && h.contains("Chart not shown"));
        assert_eq!(inline_svg("<svg onload=\"x()\"></svg>"), None);
        assert_eq!(inline_svg("<svg\n\tONCLICK = \"x()\"></svg>"), None);
        let ok = "<svg><text>Savings on sites</text><g font=\"sans\"/></svg>";
        assert_eq!(inline_svg(ok), Some(ok));
    }

    #[test]
    fn css_string_cannot_close_style() {
        assert_eq!(css_string("a</style>\""), "\"a\\3c \\2f style\\3e \\22 \"");
    }

    /// Reads a CSS string literal as a browser does (CSS Syntax 3, 4.3.7:
    /// up to six hex digits, then one white space that ends the escape).
    fn css_decode(lit: &str) -> String {
        let inner = &lit[1..lit.len() - 1];
        let mut out = String::new();
        let mut cs = inner.chars().peekable();
        while let Some(c) = cs.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            let mut hex = String::new();
            while hex.len() < 6 && cs.peek().is_some_and(|h| h.is_ascii_hexdigit()) {
                hex.push(cs.next().unwrap());
            }
            if cs.peek().is_some_and(|w| w.is_whitespace()) {
                cs.next();
            }
            out.push(char::from_u32(u32::from_str_radix(&hex, 16).unwrap()).unwrap());
        }
        out
    }

    /// The printed footer of the building vacation report read
    /// "Hall,Exchequer": the space after an escaped comma ended the escape.
    #[test]
    fn css_string_keeps_the_space_after_punctuation() {
        for title in [
            "Vacate Old Town Hall, Exchequer House and the two halls",
            "a</style>\"",
            "Autism unit, 40 places — £3m (2012/13)",
        ] {
            assert_eq!(css_decode(&css_string(title)), title);
        }
    }

    #[test]
    fn markdown_tables_and_images() {
        let m = report_md(&sample());
        assert!(m.starts_with("# Bromley \\<b\\>offices\\</b\\>\n"));
        let section = m.split("## Savings by financial year\n").nth(1).unwrap();
        let pipes = section
            .lines()
            .skip(1)
            .take_while(|l| l.starts_with('|'))
            .count();
        assert_eq!(pipes, 2 + 11);
        assert!(section
            .contains("| Financial year | Cashable | Discount factor |\n| --- | ---: | ---: |"));
        assert!(section.contains("| **Total** | **£8,815,088.40** |  |"));
        assert!(m.contains("![Bar chart: savings rise from £0 to £1.2m a year](savings.svg)"));
        assert!(m.contains("*Figure 1: Savings profile* ([PNG](savings.png))"));
        assert!(m.contains("| Site \\<script\\>alert(1)\\</script\\> \\| A | 0.035 |"));
        assert!(m.contains("- **NPV:** £6,341,779"));
        assert!(m.contains("> - Sale of \\<Old Town Hall\\> falls after the horizon"));
        let order = [
            "## Key figures",
            "## Warnings",
            "## Charts",
            "## Savings by",
            "## Assumptions",
            "## Sources",
        ];
        let pos: Vec<usize> = order.iter().map(|s| m.find(s).unwrap()).collect();
        assert!(pos.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn run_date_follows_source_date_epoch() {
        // SAFETY of the test: no other test reads or writes this variable
        // expecting another value; the integration tests set it per process.
        std::env::set_var("SOURCE_DATE_EPOCH", "1700000000");
        assert_eq!(run_date(), "14 November 2023");
        assert!(run_stamp().starts_with("Run on 14 November 2023 with savings engine "));
    }

    #[test]
    fn column_headings() {
        assert_eq!(heading("one_off_cost"), "One-off cost");
        assert_eq!(heading("non_cashable"), "Non-cashable");
        assert_eq!(heading("npv"), "NPV");
        assert_eq!(heading("Site name"), "Site name");
    }

    #[test]
    fn markdown_escapes_line_starts() {
        assert_eq!(md_line("-1 site"), "\\-1 site");
        assert_eq!(md_line("2011. A year"), "2011\\. A year");
        assert_eq!(md_escape("-1 site 3.5"), "-1 site 3.5");
        assert_eq!(md_escape("a\nb|c"), "a b\\|c");
        assert_eq!(
            md_escape("a_b _c_ & &amp; *x*"),
            "a_b \\_c\\_ & \\&amp; \\*x\\*"
        );
        assert_eq!(md_url("my chart(1)"), "my%20chart%281%29");
    }
}
