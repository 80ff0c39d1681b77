//! Charts for committee reports: a model's savings profile, the bars of a
//! baseline, and options compared for members.
//!
//! Every chart is drawn twice from one layout: as SVG, with text kept as real
//! `<text>` in the "Liberation Sans" family and the alt text carried in
//! `<title>` and `<desc>` right after the opening `<svg>` tag, and as PNG at
//! twice the logical size for print (fonts, lines and markers drawn at 2×,
//! not pixels upscaled). The layout is computed in logical pixels from text
//! widths measured with the embedded font, so both formats place everything
//! alike.
//!
//! **Money is `f64` pounds here.** The engine computes in exact `Decimal`;
//! the caller converts to `f64` at this boundary only, for drawing and for
//! the rounded figures of the alt text (£1.2m / £350k). Nothing computed in
//! this module feeds back into a table, a CSV or `summary.json`.
//!
//! The font, Liberation Sans 2.1.5 (SIL Open Font License 1.1, see
//! `assets/fonts/LiberationSans-LICENSE.txt`), is compiled into the binary
//! and registered once with plotters: no system font is needed.
//!
//! Style follows the Government Analysis Function chart guidance: the title
//! states the message, the subtitle gives units and price base, the source
//! sits bottom left; axes in £k (or £m when the axis reaches £1m, so
//! never £1,500k) with thousands separators; bars start at zero; light grey
//! gridlines on the value axis only; a zero line; lines labelled directly,
//! with a compact legend for stacked bars.
//!
//! Odd input never panics: empty or mismatched data give a [`ChartError`];
//! zero series are skipped, `NaN` values are left out (bars) or skipped
//! (line points), and labels beyond 40 characters are cut with "…" — except
//! the comparison's option names, which wrap onto two lines in full.
//!
//! Each class of flow has one colour in every chart ([`class_hex`]).

mod alt;
mod axis;
mod baseline;
mod canvas;
mod colour;
mod comparison;
mod font;
mod input;
mod profile;
mod programme;
mod uncertainty;

use alt::{baseline_alt, comparison_alt, profile_alt};
use baseline::BaselineChart;
use canvas::Canvas;
use colour::BACKGROUND;
use comparison::ComparisonChart;
use font::register_fonts;
use input::clean;
use plotters::prelude::*;
use profile::ProfileChart;
use std::fmt;

pub use crate::flows::Class;
pub use colour::{class_colour, class_hex, class_rgb, class_words, position_line_rgb};
pub use uncertainty::{fan, s_curve, tornado, Fan, SCurve, Tornado, TornadoRow};

/// Text every chart carries.
pub struct ChartText {
    /// States the message, e.g. "Vacating four buildings pays back in 2015/16".
    pub title: String,
    /// Units and price base, e.g. "£ thousands, cash (nominal); 2011/12 prices for the baseline".
    pub subtitle: String,
    /// E.g. "Source: fixtures/bromley_2012.xlsx; models/building_vacation.toml".
    pub source: String,
}

/// A model's savings profile by financial year.
pub struct SavingsProfile {
    pub text: ChartText,
    /// FY labels "2011/12", …
    pub years: Vec<String>,
    /// Stacked above zero, in this order (a negative value is drawn below
    /// zero); an all-zero series is skipped. Each is drawn in its class's
    /// colour.
    pub benefits: Vec<(Class, String, Vec<f64>)>,
    /// Stacked below zero (values ≤ 0).
    pub costs: Vec<(Class, String, Vec<f64>)>,
    /// Cumulative net cashable position, drawn as a line with markers over
    /// the bars (empty: no line).
    pub cumulative: Vec<f64>,
    /// Annotated where the line crosses into ≥ 0.
    pub payback_year: Option<String>,
}

/// Grouped or stacked bars of a baseline, e.g. running costs of each vacated
/// site by category.
pub struct BaselineBars {
    pub text: ChartText,
    /// One bar each, e.g. site names.
    pub categories: Vec<String>,
    /// Stacked within each bar, e.g. ("Business rates", per category…).
    pub series: Vec<(String, Vec<f64>)>,
    /// Horizontal bars suit long names.
    pub horizontal: bool,
    /// Whether the bars add up to a meaningful total (costs do; averages
    /// per placement do not, and the alt text then gives their range).
    pub additive: bool,
    /// Alt text in the caller's words, when the generic description would
    /// mislead (bars with gains and costs).
    pub alt: Option<String>,
    /// A series' colour by its name, where it must match other charts (a
    /// class of saving); the others take the palette's.
    pub colours: Vec<(String, RGBColor)>,
}

/// Options compared for members.
pub struct Comparison {
    pub text: ChartText,
    pub years: Vec<String>,
    /// Cumulative net cashable of each option, aligned to `years`, with
    /// `f64::NAN` where an option has no value (those points are skipped).
    pub cumulative: Vec<(String, Vec<f64>)>,
    /// The options ranked, first first: what each one's NPV is made of.
    pub options: Vec<OptionPv>,
    /// The measure that ranked them, in words ("NPV").
    pub ranked_by: String,
}

/// One option's present value by class (real terms, discounted; costs
/// negative) and its NPV.
pub struct OptionPv {
    pub name: String,
    pub pv: Vec<(Class, f64)>,
    pub npv: f64,
}

/// A programme's planned savings by financial year, stacked by
/// workstream, against its target.
pub struct ProgrammePlan {
    pub text: ChartText,
    pub years: Vec<String>,
    /// Each counted workstream's planned cashable, one value a year.
    pub series: Vec<(String, Vec<f64>)>,
    /// The target of each year, where it has one.
    pub target: Vec<Option<f64>>,
    /// Target − planned net of overlaps, where there is a target
    /// (positive: a gap, labelled).
    pub gaps: Vec<Option<f64>>,
    /// Planned net of double counting, marked across a bar where it is
    /// below the bar's top.
    pub net: Vec<f64>,
}

/// A programme's planned, achieved and achieved-or-forecast savings by
/// financial year.
pub struct ProgrammeDelivery {
    pub text: ChartText,
    pub years: Vec<String>,
    pub planned: Vec<f64>,
    /// `None` where nothing is reported (a future year).
    pub achieved: Vec<Option<f64>>,
    pub expected: Vec<Option<f64>>,
    /// Years still to come (no actuals can be reported yet).
    pub future: Vec<bool>,
}

/// One chart, in both formats, with its alt text.
pub struct Rendered {
    pub svg: String,
    pub png: Vec<u8>,
    pub alt: String,
}

/// Why a chart could not be drawn.
#[derive(Debug)]
pub struct ChartError(pub String);

impl fmt::Display for ChartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "chart: {}", self.0)
    }
}

impl std::error::Error for ChartError {}

type Res<T = ()> = Result<T, ChartError>;

/// Stacked bars of savings and costs by financial year, with the cumulative
/// net cashable position as a line and the payback year marked.
pub fn savings_profile(p: &SavingsProfile) -> Result<Rendered, ChartError> {
    let n = p.years.len();
    if n == 0 {
        return Err(ChartError("savings profile: no financial years".into()));
    }
    for (_, name, v) in p.benefits.iter().chain(&p.costs) {
        if v.len() != n {
            return Err(ChartError(format!(
                "savings profile: series \"{}\" has {} values for {n} years",
                clean(name),
                v.len()
            )));
        }
    }
    if !p.cumulative.is_empty() && p.cumulative.len() != n {
        return Err(ChartError(format!(
            "savings profile: cumulative line has {} values for {n} years",
            p.cumulative.len()
        )));
    }
    let alt = profile_alt(p);
    render(&ProfileChart(p), &p.text.title, alt)
}

/// Stacked bars of a baseline, one bar per category.
pub fn baseline_bars(b: &BaselineBars) -> Result<Rendered, ChartError> {
    let n = b.categories.len();
    if n == 0 {
        return Err(ChartError("baseline bars: no categories".into()));
    }
    for (name, v) in &b.series {
        if v.len() != n {
            return Err(ChartError(format!(
                "baseline bars: series \"{}\" has {} values for {n} categories",
                clean(name),
                v.len()
            )));
        }
    }
    let alt = b.alt.clone().unwrap_or_else(|| baseline_alt(b));
    render(&BaselineChart(b), &b.text.title, alt)
}

/// Two panels in one image: left the cumulative net cashable line of each
/// option, right a ranked horizontal bar chart of NPV.
pub fn comparison(c: &Comparison) -> Result<Rendered, ChartError> {
    let n = c.years.len();
    if c.cumulative.is_empty() && c.options.is_empty() {
        return Err(ChartError("comparison: no options".into()));
    }
    for (name, v) in &c.cumulative {
        if v.len() != n {
            return Err(ChartError(format!(
                "comparison: option \"{}\" has {} values for {n} years",
                clean(name),
                v.len()
            )));
        }
    }
    let alt = comparison_alt(c);
    render(&ComparisonChart(c), &c.text.title, alt)
}

/// Planned savings stacked by workstream with the target as a line and
/// each year's gap labelled.
pub fn programme_plan(p: &ProgrammePlan) -> Result<Rendered, ChartError> {
    let n = p.years.len();
    if n == 0 {
        return Err(ChartError("programme plan: no financial years".into()));
    }
    for (name, v) in &p.series {
        if v.len() != n {
            return Err(ChartError(format!(
                "programme plan: workstream \"{}\" has {} values for {n} years",
                clean(name),
                v.len()
            )));
        }
    }
    if p.target.len() != n || p.gaps.len() != n || p.net.len() != n {
        return Err(ChartError(
            "programme plan: the target and gaps need one value a year".into(),
        ));
    }
    let alt = programme::plan_alt(p);
    render(&programme::PlanChart(p), &p.text.title, alt)
}

/// Planned against achieved and achieved-or-forecast by year.
pub fn programme_delivery(p: &ProgrammeDelivery) -> Result<Rendered, ChartError> {
    let n = p.years.len();
    if n == 0 {
        return Err(ChartError("programme delivery: no financial years".into()));
    }
    if p.planned.len() != n || p.achieved.len() != n || p.expected.len() != n || p.future.len() != n
    {
        return Err(ChartError(
            "programme delivery: planned, achieved and forecast need one value a year".into(),
        ));
    }
    let alt = programme::delivery_alt(p);
    render(&programme::DeliveryChart(p), &p.text.title, alt)
}

// ---------------------------------------------------------------------------
// Rendering: one layout drawn as SVG and as PNG

trait Chart {
    fn size(&self) -> (u32, u32);
    fn draw<DB: DrawingBackend>(&self, c: &Canvas<DB>) -> Res;
}

fn render<C: Chart>(chart: &C, title: &str, alt: String) -> Res<Rendered> {
    register_fonts()?;
    let run = || -> Res<Rendered> {
        let (w, h) = chart.size();
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
            let c = Canvas::new(area, 1.0, true);
            c.area.fill(&BACKGROUND).map_err(draw_err)?;
            chart.draw(&c)?;
            c.area.present().map_err(draw_err)?;
        }
        let svg = svg_with_title(&svg, title, &alt)?;
        let (pw, ph) = (w * 2, h * 2);
        let mut buf = vec![255u8; pw as usize * ph as usize * 3];
        {
            let area = BitMapBackend::with_buffer(&mut buf, (pw, ph)).into_drawing_area();
            let c = Canvas::new(area, 2.0, false);
            chart.draw(&c)?;
            c.area.present().map_err(draw_err)?;
        }
        let mut png = Vec::new();
        {
            use image::codecs::png::{CompressionType, FilterType, PngEncoder};
            use image::ImageEncoder;
            // Fast deflate: a chart's flat colours compress well anyway, and
            // the default level spent more time than drawing the chart.
            PngEncoder::new_with_quality(&mut png, CompressionType::Fast, FilterType::Sub)
                .write_image(&buf, pw, ph, image::ColorType::Rgb8)
                .map_err(|e| ChartError(format!("PNG encoding failed: {e}")))?;
        }
        Ok(Rendered {
            svg,
            png,
            alt: alt.clone(),
        })
    };
    // Belt and braces: a panic inside the drawing library becomes an error.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(run))
        .unwrap_or_else(|_| Err(ChartError("drawing panicked".into())))
}

fn draw_err<E: fmt::Debug>(e: E) -> ChartError {
    ChartError(format!("drawing failed: {e:?}"))
}

/// Inserts `<title>` and `<desc>` (XML-escaped) right after the opening
/// `<svg …>` tag, and marks the image as one for assistive technology.
fn svg_with_title(svg: &str, title: &str, alt: &str) -> Res<String> {
    let start = svg
        .find("<svg")
        .ok_or_else(|| ChartError("SVG output has no <svg> tag".into()))?;
    let end = svg[start..]
        .find('>')
        .map(|i| start + i)
        .ok_or_else(|| ChartError("SVG output has no end to its <svg> tag".into()))?;
    let mut out = String::with_capacity(svg.len() + title.len() + alt.len() + 64);
    out.push_str(&svg[..end]);
    out.push_str(" role=\"img\">\n<title>");
    out.push_str(&xml_escape(&clean(title)));
    out.push_str("</title>\n<desc>");
    out.push_str(&xml_escape(alt));
    out.push_str("</desc>");
    out.push_str(&svg[end + 1..]);
    Ok(out)
}

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(title: &str) -> ChartText {
        ChartText {
            title: title.into(),
            subtitle: "£ thousands, cash (nominal)".into(),
            source: "Source: test".into(),
        }
    }

    fn years(n: usize) -> Vec<String> {
        (0..n)
            .map(|i| format!("{}/{:02}", 2011 + i, (12 + i) % 100))
            .collect()
    }

    fn profile() -> SavingsProfile {
        let cashable = vec![
            0.0, 562619.0, 715968.0, 967355.0, 990000.0, 1010000.0, 1030000.0, 1050000.0,
            1070000.0, 1090000.0,
        ];
        let mut one_off = vec![0.0; 10];
        one_off[0] = -2053333.0;
        one_off[1] = -955167.0;
        let mut cum = Vec::new();
        let mut acc = 0.0;
        for i in 0..10 {
            acc += cashable[i] + one_off[i];
            cum.push(acc);
        }
        SavingsProfile {
            text: text("Vacating four buildings pays back in 2015/16"),
            years: years(10),
            benefits: vec![
                (Class::Cashable, "Cashable".into(), cashable),
                (Class::NonCashable, "Non-cashable".into(), vec![0.0; 10]),
            ],
            costs: vec![(Class::OneOffCost, "One-off costs".into(), one_off)],
            cumulative: cum,
            payback_year: Some("2015/16".into()),
        }
    }

    fn png_size(png: &[u8]) -> (u32, u32) {
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "PNG signature");
        assert_eq!(&png[12..16], b"IHDR");
        let w = u32::from_be_bytes([png[16], png[17], png[18], png[19]]);
        let h = u32::from_be_bytes([png[20], png[21], png[22], png[23]]);
        (w, h)
    }

    fn distinct_colours(png: &[u8]) -> usize {
        let img = image::load_from_memory(png).expect("PNG decodes").to_rgb8();
        let mut seen = std::collections::HashSet::new();
        for p in img.pixels() {
            seen.insert(p.0);
        }
        seen.len()
    }

    fn check_svg(svg: &str, title: &str) {
        let open = svg.find("<svg").expect("svg tag");
        let after = &svg[open..];
        let close = after.find('>').unwrap();
        assert!(
            after[close + 1..].trim_start().starts_with("<title>"),
            "<title> right after <svg>"
        );
        assert!(svg.contains("<desc>"));
        assert!(svg.contains(&xml_escape(title)));
        assert!(svg.contains("font-family=\"Liberation Sans\""));
    }

    #[test]
    fn profile_renders_both_formats() {
        let p = profile();
        let r = savings_profile(&p).unwrap();
        assert_eq!(png_size(&r.png), (1600, 900));
        assert!(distinct_colours(&r.png) > 6);
        check_svg(&r.svg, &p.text.title);
        assert!(r.alt.contains("2011/12 to 2020/21"), "{}", r.alt);
        assert!(r.alt.contains("cashable £8.5m"), "{}", r.alt);
        assert!(r.alt.contains("one-off costs £3.0m"), "{}", r.alt);
        assert!(r.alt.contains("turns positive in 2015/16"), "{}", r.alt);
        assert!(
            !r.alt.contains("non-cashable"),
            "zero series skipped: {}",
            r.alt
        );
        // each class in its own colour
        assert!(r.svg.contains("#12436D") && r.svg.contains("#F46A25"));
    }

    /// One-off costs were orange beside cashable alone and maroon when
    /// cost avoidance was shown too: colours went by position.
    #[test]
    fn a_class_keeps_its_colour_whatever_else_is_shown() {
        let mut p = profile();
        p.benefits.push((
            Class::CostAvoidance,
            "Cost avoidance".into(),
            vec![50_000.0; 10],
        ));
        let r = savings_profile(&p).unwrap();
        assert!(r.svg.contains("#F46A25"), "one-off costs orange");
        assert!(!r.svg.contains("#801650"), "not maroon");
        assert!(r.svg.contains("#28A197"), "cost avoidance turquoise");
    }

    #[test]
    fn baseline_renders_and_escapes() {
        let b = BaselineBars {
            text: text("Old Town Hall costs most to run & <keep>"),
            categories: vec![
                "Old Town Hall".into(),
                "Exchequer \"House\" & <annex>".into(),
                "A site with a very long name that goes on and on beyond forty characters".into(),
            ],
            series: vec![
                ("Business rates".into(), vec![140000.0, 90000.0, 5000.0]),
                ("Energy".into(), vec![60000.0, 40000.0, 8000.0]),
            ],
            horizontal: true,
            additive: true,
            alt: None,
            colours: Vec::new(),
        };
        let r = baseline_bars(&b).unwrap();
        assert_eq!(png_size(&r.png), (1600, 900));
        check_svg(&r.svg, &b.text.title);
        assert!(r
            .svg
            .contains("Exchequer &quot;House&quot; &amp; &lt;annex&gt;"));
        assert!(!r.svg.contains("<annex>"));
        assert!(r.svg.contains("…"));
        assert!(r.alt.contains("£343k"), "{}", r.alt);
        assert!(
            r.alt.contains("Old Town Hall is the largest at £200k"),
            "{}",
            r.alt
        );
        let v = baseline_bars(&BaselineBars {
            horizontal: false,
            ..b
        })
        .unwrap();
        assert_eq!(png_size(&v.png), (1600, 900));
    }

    /// The SEN baseline shows the average cost of a placement by provider
    /// type; its alt text summed the averages into a "total".
    #[test]
    fn averages_are_not_totalled_in_alt_text() {
        let b = BaselineBars {
            text: text("An independent placement costs £60k a year on average"),
            categories: vec!["Independent (12)".into(), "Maintained special (30)".into()],
            series: vec![("Average cost".into(), vec![60_000.0, 25_000.0])],
            horizontal: true,
            additive: false,
            alt: None,
            colours: Vec::new(),
        };
        let r = baseline_bars(&b).unwrap();
        assert!(!r.alt.contains("total"), "{}", r.alt);
        assert!(
            r.alt
                .contains("range from £25k (Maintained special (30)) to £60k (Independent (12))"),
            "{}",
            r.alt
        );
    }

    fn option(name: &str, cashable: f64, avoidance: f64, one_off: f64) -> OptionPv {
        OptionPv {
            name: name.into(),
            pv: vec![
                (Class::Cashable, cashable),
                (Class::CostAvoidance, avoidance),
                (Class::OneOffCost, one_off),
            ],
            npv: cashable + avoidance + one_off,
        }
    }

    #[test]
    fn comparison_names_the_best_option() {
        let mut short = vec![f64::NAN; 10];
        for (i, s) in short.iter_mut().enumerate().take(6) {
            *s = -500000.0 + 150000.0 * i as f64;
        }
        let long = "Library shared service with Bexley (Bromley's pro-rata share)";
        let c = Comparison {
            text: text("Vacating four buildings gives the highest NPV"),
            years: years(10),
            cumulative: vec![
                (
                    "Vacate four".into(),
                    (0..10).map(|i| -2e6 + 8e5 * i as f64).collect(),
                ),
                (long.into(), short),
            ],
            options: vec![
                option("Vacate four", 7_000_000.0, 2_000_000.0, -2_700_000.0),
                option(long, 100_000.0, 0.0, -600_000.0),
            ],
            ranked_by: "NPV".into(),
        };
        let r = comparison(&c).unwrap();
        assert_eq!(png_size(&r.png).0, 1600);
        check_svg(&r.svg, &c.text.title);
        assert!(
            r.alt.contains("Vacate four has the highest NPV, £6.3m"),
            "{}",
            r.alt
        );
        assert!(
            r.alt.contains("from −£500k (Library shared service with Bexley (Bromley's pro-rata share)) to £6.3m"),
            "{}",
            r.alt
        );
        // the full name, wrapped rather than cut
        assert!(!r.svg.contains('…'), "no label cut");
        assert!(
            r.svg.contains("(Bromley&apos;s pro-rata share)") || r.svg.contains("pro-rata share)")
        );
        // cashable and cost avoidance side by side, in their colours
        assert!(r.svg.contains("#12436D") && r.svg.contains("#28A197"));
        assert!(r.svg.contains("Cost avoidance"));
    }

    #[test]
    fn past_six_options_the_lines_are_grey_and_one_key_entry_names_them() {
        let names: Vec<String> = (1..=9).map(|i| format!("Option {i}")).collect();
        let c = Comparison {
            text: text("Nine options"),
            years: years(4),
            cumulative: names
                .iter()
                .enumerate()
                .map(|(i, n)| (n.clone(), (0..4).map(|y| (i * y) as f64 * 1e5).collect()))
                .collect(),
            options: names.iter().map(|n| option(n, 1e6, 0.0, -1e5)).collect(),
            ranked_by: "NPV".into(),
        };
        let r = comparison(&c).unwrap();
        // The key entry wraps over two lines.
        assert!(r.svg.contains("The other 3 options"), "{}", r.svg);
        assert!(r.svg.contains("7–9 below)"));
        assert!(r.svg.contains("#949494"));
        // the first six in key entries of their own, the rest not
        assert!(r.svg.contains("Option 6") && r.svg.contains("Option 9"));
        assert!(r
            .alt
            .contains("the first 6 in rank order in colour, the others in grey"));
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        let mut p = profile();
        p.years.clear();
        assert!(savings_profile(&p).is_err());

        let mut p = profile();
        p.benefits[0].2.pop();
        assert!(savings_profile(&p).is_err());

        let one = SavingsProfile {
            text: text(""),
            years: vec!["2011/12".into()],
            benefits: vec![(Class::Cashable, "Cashable".into(), vec![f64::NAN])],
            costs: vec![(Class::OneOffCost, "One-off".into(), vec![0.0])],
            cumulative: vec![f64::INFINITY],
            payback_year: Some("2099/00".into()),
        };
        let r = savings_profile(&one).unwrap();
        assert!(r.alt.contains("All values are zero"), "{}", r.alt);

        let neg = SavingsProfile {
            text: text("x"),
            years: years(3),
            benefits: vec![(Class::Cashable, "Cashable".into(), vec![-100.0, 5e6, 1e3])],
            costs: vec![(Class::OneOffCost, "Costs".into(), vec![50.0, -1e7, 0.0])],
            cumulative: vec![],
            payback_year: None,
        };
        savings_profile(&neg).unwrap();

        assert!(baseline_bars(&BaselineBars {
            text: text("x"),
            categories: vec![],
            series: vec![],
            horizontal: false,
            additive: true,
            alt: None,
            colours: Vec::new(),
        })
        .is_err());
        baseline_bars(&BaselineBars {
            text: text("x"),
            categories: vec!["a".into()],
            series: vec![("zero".into(), vec![0.0])],
            horizontal: false,
            additive: true,
            alt: None,
            colours: Vec::new(),
        })
        .unwrap();

        let c = Comparison {
            text: text("x\u{0}y"),
            years: vec![],
            cumulative: vec![],
            options: vec![
                OptionPv {
                    name: "Only".into(),
                    pv: vec![(Class::Cashable, f64::NAN)],
                    npv: f64::NAN,
                },
                option("Neg", 0.0, 0.0, -2e6),
            ],
            ranked_by: "NPV".into(),
        };
        let r = comparison(&c).unwrap();
        assert!(!r.svg.contains('\u{0}'));
        assert!(comparison(&Comparison {
            text: text("x"),
            years: vec![],
            cumulative: vec![],
            options: vec![],
            ranked_by: "NPV".into(),
        })
        .is_err());
    }
}
