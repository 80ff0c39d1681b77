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
//! sits bottom left; axes in £k (or £m when the largest magnitude is at
//! least £2m) with thousands separators; bars start at zero; light grey
//! gridlines on the value axis only; a zero line; lines labelled directly,
//! with a compact legend for stacked bars.
//!
//! Odd input never panics: empty or mismatched data give a [`ChartError`];
//! zero series are skipped, `NaN` values are left out (bars) or skipped
//! (line points), and labels beyond 40 characters are cut with "…".

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{register_font, FontStyle};
use std::fmt;
use std::sync::OnceLock;

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
    /// zero); an all-zero series is skipped.
    pub benefits: Vec<(String, Vec<f64>)>,
    /// Stacked below zero (values ≤ 0).
    pub costs: Vec<(String, Vec<f64>)>,
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
}

/// Options compared for members.
pub struct Comparison {
    pub text: ChartText,
    pub years: Vec<String>,
    /// Cumulative net cashable of each option, aligned to `years`, with
    /// `f64::NAN` where an option has no value (those points are skipped).
    pub cumulative: Vec<(String, Vec<f64>)>,
    /// NPV per option, already ranked highest first.
    pub npv: Vec<(String, f64)>,
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
    for (name, v) in p.benefits.iter().chain(&p.costs) {
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
    let alt = baseline_alt(b);
    render(&BaselineChart(b), &b.text.title, alt)
}

/// Two panels in one image: left the cumulative net cashable line of each
/// option, right a ranked horizontal bar chart of NPV.
pub fn comparison(c: &Comparison) -> Result<Rendered, ChartError> {
    let n = c.years.len();
    if c.cumulative.is_empty() && c.npv.is_empty() {
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

// ---------------------------------------------------------------------------
// Fonts, colours, rendering

const FAMILY: &str = "Liberation Sans";
static REGULAR: &[u8] = include_bytes!("../../assets/fonts/LiberationSans-Regular.ttf");
static BOLD: &[u8] = include_bytes!("../../assets/fonts/LiberationSans-Bold.ttf");
/// Em size of Liberation Sans per unit of ab_glyph pixel scale:
/// unitsPerEm / (ascender − descender) = 2048 / 2288.
const EM_PER_SCALE: f64 = 2048.0 / 2288.0;
/// plotters' SVG backend writes `font-size = size / 1.24`.
const SVG_SIZE_PER_EM: f64 = 1.24;

fn register_fonts() -> Res {
    static DONE: OnceLock<Result<(), String>> = OnceLock::new();
    DONE.get_or_init(|| {
        register_font(FAMILY, FontStyle::Normal, REGULAR)
            .map_err(|_| "the embedded regular font is invalid".to_string())?;
        register_font(FAMILY, FontStyle::Bold, BOLD)
            .map_err(|_| "the embedded bold font is invalid".to_string())
    })
    .clone()
    .map_err(ChartError)
}

/// The horizontal metrics plotters' bitmap text leaves out: each glyph's
/// left side bearing, read from the embedded font's `cmap` (format 4) and
/// `hmtx` tables.
struct Metrics {
    data: &'static [u8],
    /// Offset of the cmap format 4 subtable, if found.
    cmap4: Option<usize>,
    hmtx: usize,
    n_hmetrics: usize,
    /// ascender − descender in font units (ab_glyph's pixel scale unit).
    height: f64,
}

fn metrics(bold: bool) -> &'static Metrics {
    static REG: OnceLock<Metrics> = OnceLock::new();
    static BLD: OnceLock<Metrics> = OnceLock::new();
    if bold {
        BLD.get_or_init(|| Metrics::parse(BOLD))
    } else {
        REG.get_or_init(|| Metrics::parse(REGULAR))
    }
}

impl Metrics {
    fn u16(&self, at: usize) -> Option<u16> {
        let b = self.data.get(at..at + 2)?;
        Some(u16::from_be_bytes([b[0], b[1]]))
    }

    fn u32(&self, at: usize) -> Option<u32> {
        let b = self.data.get(at..at + 4)?;
        Some(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn parse(data: &'static [u8]) -> Metrics {
        let mut m = Metrics {
            data,
            cmap4: None,
            hmtx: 0,
            n_hmetrics: 0,
            height: 2288.0,
        };
        let table = |m: &Metrics, tag: &[u8; 4]| -> Option<usize> {
            let n = m.u16(4)? as usize;
            (0..n).find_map(|i| {
                let rec = 12 + 16 * i;
                (m.data.get(rec..rec + 4)? == tag).then_some(())?;
                Some(m.u32(rec + 8)? as usize)
            })
        };
        if let Some(hhea) = table(&m, b"hhea") {
            let asc = m.u16(hhea + 4).map(|v| v as i16 as f64);
            let desc = m.u16(hhea + 6).map(|v| v as i16 as f64);
            if let (Some(a), Some(d)) = (asc, desc) {
                if a - d > 0.0 {
                    m.height = a - d;
                }
            }
            m.n_hmetrics = m.u16(hhea + 34).unwrap_or(0) as usize;
        }
        m.hmtx = table(&m, b"hmtx").unwrap_or(0);
        if let Some(cmap) = table(&m, b"cmap") {
            let n = m.u16(cmap + 2).unwrap_or(0) as usize;
            let mut best = None;
            for i in 0..n {
                let rec = cmap + 4 + 8 * i;
                let (Some(p), Some(e), Some(off)) = (m.u16(rec), m.u16(rec + 2), m.u32(rec + 4))
                else {
                    continue;
                };
                let sub = cmap + off as usize;
                if m.u16(sub) == Some(4) && (p == 3 && e == 1 || p == 0 && best.is_none()) {
                    best = Some(sub);
                }
            }
            m.cmap4 = best;
        }
        m
    }

    fn glyph(&self, ch: char) -> Option<usize> {
        let c = u32::from(ch);
        if c > 0xFFFF {
            return None;
        }
        let sub = self.cmap4?;
        let seg_x2 = self.u16(sub + 6)? as usize;
        let ends = sub + 14;
        let starts = ends + seg_x2 + 2;
        let deltas = starts + seg_x2;
        let ranges = deltas + seg_x2;
        for i in 0..seg_x2 / 2 {
            let end = self.u16(ends + 2 * i)? as u32;
            if end < c {
                continue;
            }
            let start = self.u16(starts + 2 * i)? as u32;
            if start > c {
                return None;
            }
            let delta = self.u16(deltas + 2 * i)? as u32;
            let range = self.u16(ranges + 2 * i)? as usize;
            if range == 0 {
                return Some(((c + delta) & 0xFFFF) as usize);
            }
            let at = ranges + 2 * i + range + 2 * (c - start) as usize;
            let g = self.u16(at)? as u32;
            return (g != 0).then_some(((g + delta) & 0xFFFF) as usize);
        }
        None
    }

    /// Left side bearing of `ch` in font units (0 if unknown).
    fn lsb(&self, ch: char) -> i16 {
        let g = self.glyph(ch).unwrap_or(0);
        let at = if g < self.n_hmetrics {
            self.hmtx + 4 * g + 2
        } else {
            self.hmtx + 4 * self.n_hmetrics + 2 * (g - self.n_hmetrics)
        };
        if self.hmtx == 0 {
            return 0;
        }
        self.u16(at).map(|v| v as i16).unwrap_or(0)
    }
}

const PALETTE: [RGBColor; 6] = [
    RGBColor(0x12, 0x43, 0x6D),
    RGBColor(0x28, 0xA1, 0x97),
    RGBColor(0x80, 0x16, 0x50),
    RGBColor(0xF4, 0x6A, 0x25),
    RGBColor(0x3D, 0x3D, 0x3D),
    RGBColor(0xA2, 0x85, 0xD1),
];
const DARK_GREY: RGBColor = PALETTE[4];
const TEXT: RGBColor = RGBColor(0x0B, 0x0C, 0x0C);
const SECONDARY: RGBColor = RGBColor(0x50, 0x5A, 0x5F);
const GRID: RGBColor = RGBColor(0xD9, 0xD9, 0xD9);
const BACKGROUND: RGBColor = RGBColor(0xFF, 0xFF, 0xFF);

/// Colours of `n` series: the palette in order (#12436D and #F46A25 for
/// exactly two), then lighter tints of it.
fn series_colours(n: usize) -> Vec<RGBColor> {
    if n == 2 {
        return vec![PALETTE[0], PALETTE[3]];
    }
    (0..n)
        .map(|i| {
            let c = PALETTE[i % PALETTE.len()];
            match (i / PALETTE.len()) % 3 {
                0 => c,
                1 => tint(c, 0.5),
                _ => tint(c, 0.75),
            }
        })
        .collect()
}

fn tint(c: RGBColor, t: f64) -> RGBColor {
    let mix = |v: u8| (v as f64 + (255.0 - v as f64) * t).round() as u8;
    RGBColor(mix(c.0), mix(c.1), mix(c.2))
}

/// The colour of a line drawn over bars that use `used`: dark grey, or the
/// next palette colour not used.
fn line_colour(used: &[RGBColor]) -> RGBColor {
    std::iter::once(DARK_GREY)
        .chain(PALETTE)
        .find(|c| !used.contains(c))
        .unwrap_or(TEXT)
}

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

/// Text safe to put in XML: control characters become spaces (XML 1.0 has
/// no escape for them), runs of white space collapse.
fn clean(s: &str) -> String {
    let mapped: String = s
        .chars()
        .map(|c| {
            if c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}' {
                ' '
            } else {
                c
            }
        })
        .collect();
    mapped.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A series or category name for a label: cleaned, cut at 40 characters.
fn label(s: &str) -> String {
    const MAX: usize = 40;
    let s = clean(s);
    if s.chars().count() <= MAX {
        return s;
    }
    let cut: String = s.chars().take(MAX - 1).collect();
    format!("{}…", cut.trim_end())
}

/// Finite or nothing.
fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

/// Finite or zero.
fn val(v: f64) -> f64 {
    finite(v).unwrap_or(0.0)
}

// ---------------------------------------------------------------------------
// Drawing in logical pixels

#[derive(Clone, Copy)]
enum Key {
    Bar(RGBColor),
    Line(RGBColor),
}

struct Canvas<DB: DrawingBackend> {
    area: DrawingArea<DB, Shift>,
    /// Device pixels per logical pixel.
    s: f64,
    svg: bool,
}

impl<DB: DrawingBackend> Canvas<DB> {
    fn new(area: DrawingArea<DB, Shift>, s: f64, svg: bool) -> Self {
        Canvas { area, s, svg }
    }

    fn px(&self, v: f64) -> i32 {
        let d = (v * self.s).round();
        if d.is_finite() {
            d.clamp(-1.0e6, 1.0e6) as i32
        } else {
            0
        }
    }

    fn stroke(&self, w: f64) -> u32 {
        ((w * self.s).round() as u32).max(1)
    }

    fn font_style(bold: bool) -> FontStyle {
        if bold {
            FontStyle::Bold
        } else {
            FontStyle::Normal
        }
    }

    /// Width in logical pixels of `text` at em size `em`, measured at 2×
    /// whatever the backend, so that SVG and PNG share one layout.
    fn width(&self, text: &str, em: f64, bold: bool) -> f64 {
        let font = FontDesc::new(
            FontFamily::Name(FAMILY),
            em * 2.0 / EM_PER_SCALE,
            Self::font_style(bold),
        );
        match self.area.estimate_text_size(text, &font.into()) {
            Ok((w, _)) => w as f64 / 2.0,
            Err(_) => text.chars().count() as f64 * em * 0.6,
        }
    }

    /// Draws `text` with its baseline at `baseline`, anchored at `x`.
    #[allow(clippy::too_many_arguments)]
    fn text(
        &self,
        text: &str,
        x: f64,
        baseline: f64,
        em: f64,
        bold: bool,
        colour: RGBColor,
        h: HPos,
    ) -> Res {
        if text.is_empty() {
            return Ok(());
        }
        // plotters puts the baseline 0.76em below a top-anchored SVG text
        // and half the pixel scale below a top-anchored bitmap text.
        let (size, top) = if self.svg {
            (em * SVG_SIZE_PER_EM * self.s, baseline - 0.76 * em)
        } else {
            (
                em / EM_PER_SCALE * self.s,
                baseline - 0.5 * em / EM_PER_SCALE,
            )
        };
        let font = FontDesc::new(FontFamily::Name(FAMILY), size, Self::font_style(bold));
        if self.svg {
            let style = font.color(&colour).pos(Pos::new(h, VPos::Top));
            return self
                .area
                .draw(&Text::new(
                    text.to_string(),
                    (self.px(x), self.px(top)),
                    style,
                ))
                .map_err(draw_err);
        }
        // plotters' bitmap text drops each glyph's left side bearing, which
        // spaces letters unevenly; draw glyph by glyph at the pen position
        // (measured by plotters, kerning included) plus the bearing.
        let measure: TextStyle = font.clone().into();
        let pen = |prefix: &str| -> i32 {
            if prefix.is_empty() {
                return 0;
            }
            self.area
                .estimate_text_size(prefix, &measure)
                .map(|(w, _)| w as i32)
                .unwrap_or(0)
        };
        let total = pen(text);
        let x0 = self.px(x)
            - match h {
                HPos::Left => 0,
                HPos::Center => total / 2,
                HPos::Right => total,
            };
        let y0 = self.px(top);
        let style = font.color(&colour).pos(Pos::new(HPos::Left, VPos::Top));
        let metrics = metrics(bold);
        let unit = size / metrics.height;
        let mut buf = [0u8; 4];
        for (i, ch) in text.char_indices() {
            if ch.is_whitespace() {
                continue;
            }
            let lsb = (metrics.lsb(ch) as f64 * unit).floor() as i32;
            let gx = x0 + pen(&text[..i]) + lsb;
            self.area
                .draw(&Text::new(
                    ch.encode_utf8(&mut buf).to_string(),
                    (gx, y0),
                    style.clone(),
                ))
                .map_err(draw_err)?;
        }
        Ok(())
    }

    fn rect(&self, x0: f64, y0: f64, x1: f64, y1: f64, colour: RGBColor) -> Res {
        let (x0, x1) = (x0.min(x1), x0.max(x1));
        let (y0, y1) = (y0.min(y1), y0.max(y1));
        let (a, b) = ((self.px(x0), self.px(y0)), (self.px(x1), self.px(y1)));
        if a.0 == b.0 || a.1 == b.1 {
            return Ok(());
        }
        self.area
            .draw(&Rectangle::new([a, b], colour.filled()))
            .map_err(draw_err)
    }

    fn line(&self, pts: &[(f64, f64)], colour: RGBColor, width: f64) -> Res {
        if pts.len() < 2 {
            return Ok(());
        }
        let pts: Vec<(i32, i32)> = pts.iter().map(|&(x, y)| (self.px(x), self.px(y))).collect();
        self.area
            .draw(&PathElement::new(
                pts,
                colour.stroke_width(self.stroke(width)),
            ))
            .map_err(draw_err)
    }

    fn dashed(&self, a: (f64, f64), b: (f64, f64), colour: RGBColor, width: f64) -> Res {
        let len = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
        if len < 1.0 {
            return Ok(());
        }
        let (dash, gap) = (4.0, 3.0);
        let mut t = 0.0;
        while t < len {
            let t1 = (t + dash).min(len);
            let p = |t: f64| (a.0 + (b.0 - a.0) * t / len, a.1 + (b.1 - a.1) * t / len);
            self.line(&[p(t), p(t1)], colour, width)?;
            t += dash + gap;
        }
        Ok(())
    }

    fn marker(&self, x: f64, y: f64, r: f64, colour: RGBColor) -> Res {
        let c = (self.px(x), self.px(y));
        let r_out = ((r + 1.0) * self.s).round() as i32;
        let r_in = (r * self.s).round() as i32;
        self.area
            .draw(&Circle::new(c, r_out, BACKGROUND.filled()))
            .map_err(draw_err)?;
        self.area
            .draw(&Circle::new(c, r_in, colour.filled()))
            .map_err(draw_err)
    }

    /// `text` cut with "…" to fit `max_w`.
    fn fit(&self, text: &str, em: f64, bold: bool, max_w: f64) -> String {
        if self.width(text, em, bold) <= max_w {
            return text.to_string();
        }
        let chars: Vec<char> = text.chars().collect();
        let mut n = chars.len();
        while n > 0 {
            n -= 1;
            let t: String = chars[..n].iter().collect();
            let t = format!("{}…", t.trim_end());
            if self.width(&t, em, bold) <= max_w {
                return t;
            }
        }
        String::new()
    }

    /// `text` broken into at most `max_lines` lines of width `max_w`, the
    /// last one cut with "…" if need be.
    fn wrap(&self, text: &str, em: f64, bold: bool, max_w: f64, max_lines: usize) -> Vec<String> {
        let mut lines: Vec<String> = Vec::new();
        let mut cur = String::new();
        let words: Vec<&str> = text.split_whitespace().collect();
        let mut i = 0;
        while i < words.len() {
            let trial = if cur.is_empty() {
                words[i].to_string()
            } else {
                format!("{cur} {}", words[i])
            };
            if self.width(&trial, em, bold) <= max_w || cur.is_empty() {
                cur = trial;
                i += 1;
            } else {
                lines.push(std::mem::take(&mut cur));
            }
            if lines.len() + 1 == max_lines.max(1) {
                // the rest goes on the last line
                let mut rest = cur.clone();
                for w in &words[i..] {
                    if !rest.is_empty() {
                        rest.push(' ');
                    }
                    rest.push_str(w);
                }
                lines.push(self.fit(&rest, em, bold, max_w));
                return lines;
            }
        }
        if !cur.is_empty() {
            lines.push(self.fit(&cur, em, bold, max_w));
        }
        lines
    }

    /// Title, subtitle; returns the y below them.
    fn header(&self, t: &ChartText, w: f64) -> Res<f64> {
        let max_w = w - 2.0 * MARGIN;
        let mut y = MARGIN;
        for line in self.wrap(&clean(&t.title), 18.0, true, max_w, 2) {
            y += 22.0;
            self.text(&line, MARGIN, y, 18.0, true, TEXT, HPos::Left)?;
        }
        y += 2.0;
        for line in self.wrap(&clean(&t.subtitle), 13.0, false, max_w, 2) {
            y += 18.0;
            self.text(&line, MARGIN, y, 13.0, false, SECONDARY, HPos::Left)?;
        }
        Ok(y + 6.0)
    }

    /// Source note at the bottom left; returns the y above it.
    fn footer(&self, source: &str, w: f64, h: f64) -> Res<f64> {
        let lines = self.wrap(&clean(source), 11.0, false, w - 2.0 * MARGIN, 2);
        let mut y = h - 10.0 - 14.0 * (lines.len().saturating_sub(1)) as f64;
        let top = y - 14.0;
        for line in &lines {
            self.text(line, MARGIN, y, 11.0, false, SECONDARY, HPos::Left)?;
            y += 14.0;
        }
        Ok(top)
    }

    /// A compact legend flowing left to right from (x0, y0) within `max_w`;
    /// returns its height.
    fn legend(&self, items: &[(String, Key)], x0: f64, y0: f64, max_w: f64) -> Res<f64> {
        if items.is_empty() {
            return Ok(0.0);
        }
        let em = 12.0;
        let row_h = 18.0;
        let (mut x, mut row) = (x0, 0usize);
        for (name, key) in items {
            let swatch = match key {
                Key::Bar(_) => 12.0,
                Key::Line(_) => 22.0,
            };
            let name = self.fit(name, em, false, max_w - swatch - 6.0);
            let item_w = swatch + 5.0 + self.width(&name, em, false);
            if x > x0 && x + item_w > x0 + max_w {
                row += 1;
                x = x0;
            }
            let base = y0 + row as f64 * row_h + 13.0;
            match *key {
                Key::Bar(c) => self.rect(x, base - 10.0, x + 12.0, base + 1.0, c)?,
                Key::Line(c) => {
                    self.line(&[(x, base - 4.5), (x + 22.0, base - 4.5)], c, 2.0)?;
                    self.marker(x + 11.0, base - 4.5, 3.5, c)?;
                }
            }
            self.text(&name, x + swatch + 5.0, base, em, false, TEXT, HPos::Left)?;
            x += item_w + 16.0;
        }
        Ok((row + 1) as f64 * row_h)
    }

    /// Gridlines and tick labels of a vertical value axis over
    /// `x0..x1`; the tick labels are right-aligned at `x0 - 6`.
    fn y_grid(&self, axis: &Axis, map: Lin, x0: f64, x1: f64) -> Res {
        for v in axis.ticks() {
            let y = map.at(v);
            if v != 0.0 {
                self.line(&[(x0, y), (x1, y)], GRID, 1.0)?;
            }
            self.text(
                &axis.label(v),
                x0 - 6.0,
                y + 4.0,
                12.0,
                false,
                SECONDARY,
                HPos::Right,
            )?;
        }
        Ok(())
    }

    /// Width of the widest tick label of `axis`.
    fn tick_width(&self, axis: &Axis) -> f64 {
        axis.ticks()
            .map(|v| self.width(&axis.label(v), 12.0, false))
            .fold(0.0, f64::max)
    }

    /// Category labels under slots of width `slot` centred at `xs`, wrapped to
    /// two lines, thinned when even that does not fit. Returns nothing.
    fn x_labels(&self, labels: &[String], xs: &[f64], slot: f64, baseline: f64) -> Res {
        let widest = labels
            .iter()
            .map(|l| self.width(l, 12.0, false))
            .fold(0.0, f64::max);
        let every = if widest + 8.0 <= slot {
            1
        } else {
            ((widest + 8.0) / slot.max(1.0)).ceil().max(1.0) as usize
        };
        for (i, (l, &x)) in labels.iter().zip(xs).enumerate() {
            if i % every != 0 {
                continue;
            }
            self.text(l, x, baseline, 12.0, false, TEXT, HPos::Center)?;
        }
        Ok(())
    }
}

const MARGIN: f64 = 16.0;

/// Maps data values to logical pixels.
#[derive(Clone, Copy)]
struct Lin {
    d0: f64,
    d1: f64,
    p0: f64,
    p1: f64,
}

impl Lin {
    fn at(&self, v: f64) -> f64 {
        let span = self.d1 - self.d0;
        if span == 0.0 {
            return self.p0;
        }
        self.p0 + (v - self.d0) / span * (self.p1 - self.p0)
    }

    /// Pixel ends of a stacked segment from `a` (nearer zero) to `b`, with a
    /// 1px white gap from the segment below unless it starts at zero.
    fn segment(&self, a: f64, b: f64) -> (f64, f64) {
        let (pa, pb) = (self.at(a), self.at(b));
        if a != 0.0 && (pb - pa).abs() > 2.0 {
            (pa + (pb - pa).signum(), pb)
        } else {
            (pa, pb)
        }
    }
}

// ---------------------------------------------------------------------------
// Value axes and money

/// A value axis from `lo` to `hi` in steps of `step` (pounds), labelled in
/// £k or £m.
struct Axis {
    lo: f64,
    hi: f64,
    step: f64,
    millions: bool,
    decimals: usize,
}

impl Axis {
    /// An axis covering `min..max` and zero; `max_abs` (the largest
    /// magnitude in the data) chooses £m (≥ £2m) or £k.
    fn new(min: f64, max: f64, max_abs: f64, target: usize) -> Axis {
        let min = if min.is_finite() { min.min(0.0) } else { 0.0 };
        let max = if max.is_finite() { max.max(0.0) } else { 0.0 };
        let (min, max) = if max - min <= 0.0 {
            (0.0, 1000.0)
        } else {
            (min, max)
        };
        let raw = (max - min) / target.max(1) as f64;
        let mag = 10f64.powf(raw.log10().floor());
        let norm = raw / mag;
        let mult = [1.0, 2.0, 5.0, 10.0]
            .into_iter()
            .find(|m| *m >= norm - 1e-9)
            .unwrap_or(10.0);
        let step = mult * mag;
        let lo = (min / step + 1e-9).floor() * step;
        let hi = (max / step - 1e-9).ceil() * step;
        let millions = max_abs.is_finite() && max_abs >= 2_000_000.0;
        let unit = if millions { 1e6 } else { 1e3 };
        let su = step / unit;
        let mut decimals = if su >= 1.0 - 1e-9 {
            0
        } else {
            (-(su.log10()) - 1e-9).ceil().max(0.0) as usize
        };
        if millions {
            decimals = decimals.max(1);
        }
        Axis {
            lo,
            hi,
            step,
            millions,
            decimals: decimals.min(6),
        }
    }

    fn ticks(&self) -> impl Iterator<Item = f64> + '_ {
        let n = ((self.hi - self.lo) / self.step).round().clamp(0.0, 50.0) as i64;
        let k0 = (self.lo / self.step).round() as i64;
        (0..=n).map(move |i| {
            let v = (k0 + i) as f64 * self.step;
            if v.abs() < self.step * 1e-9 {
                0.0
            } else {
                v
            }
        })
    }

    fn label(&self, v: f64) -> String {
        if v == 0.0 {
            return "£0".into();
        }
        let (unit, suffix) = if self.millions {
            (1e6, "m")
        } else {
            (1e3, "k")
        };
        let sign = if v < 0.0 { "−" } else { "" };
        format!("{sign}£{}{suffix}", group(v.abs() / unit, self.decimals))
    }
}

/// `v` with `decimals` places and a comma between thousands.
fn group(v: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, v);
    let (int, frac) = match s.find('.') {
        Some(i) => (&s[..i], &s[i..]),
        None => (&s[..], ""),
    };
    let digits: Vec<char> = int.chars().collect();
    let mut out = String::new();
    for (i, c) in digits.iter().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(*c);
    }
    out.push_str(frac);
    out
}

/// Money for alt text and data labels: £1.2m, £350k, £950; "−" for
/// negatives.
fn money(v: f64) -> String {
    if !v.is_finite() {
        return "n/a".into();
    }
    let a = v.abs();
    let body = if (a / 1e5).round() >= 10.0 {
        format!("£{}m", group((a / 1e5).round() / 10.0, 1))
    } else if a.round() >= 1000.0 || (a / 1e3).round() >= 1.0 {
        format!("£{}k", group((a / 1e3).round(), 0))
    } else {
        format!("£{}", group(a.round(), 0))
    };
    if v < 0.0 && body != "£0" {
        format!("−{body}")
    } else {
        body
    }
}

/// A series name for running text: first letter in lower case unless the
/// name starts with an acronym.
fn in_sentence(name: &str) -> String {
    let name = label(name);
    let mut cs = name.chars();
    match (cs.next(), cs.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && !b.is_uppercase() => {
            a.to_lowercase().chain(name.chars().skip(1)).collect()
        }
        _ => name,
    }
}

fn list_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [a] => a.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn year_span(years: &[String]) -> String {
    match years {
        [] => String::new(),
        [y] => format!("for {}", clean(y)),
        [first, .., last] => format!("by financial year, {} to {}", clean(first), clean(last)),
    }
}

// ---------------------------------------------------------------------------
// Savings profile

fn visible(series: &[(String, Vec<f64>)]) -> Vec<(String, Vec<f64>)> {
    series
        .iter()
        .filter(|(_, v)| v.iter().any(|x| val(*x) != 0.0))
        .map(|(n, v)| (label(n), v.iter().map(|x| val(*x)).collect()))
        .collect()
}

/// Per slot, the extent of diverging stacks: (lowest, highest).
fn stack_extent(series: &[(String, Vec<f64>)], n: usize) -> Vec<(f64, f64)> {
    (0..n)
        .map(|i| {
            let (mut lo, mut hi) = (0.0, 0.0);
            for (_, v) in series {
                let x = v.get(i).copied().unwrap_or(0.0);
                if x >= 0.0 {
                    hi += x;
                } else {
                    lo += x;
                }
            }
            (lo, hi)
        })
        .collect()
}

fn profile_alt(p: &SavingsProfile) -> String {
    let bars = visible(&p.benefits);
    let costs = visible(&p.costs);
    let mut parts = Vec::new();
    for (name, v) in &bars {
        parts.push(format!("{} {}", in_sentence(name), money(v.iter().sum())));
    }
    for (name, v) in &costs {
        let total: f64 = v.iter().sum();
        parts.push(format!("{} {}", in_sentence(name), money(-total)));
    }
    let mut s = format!(
        "Stacked bar chart of savings and costs {}",
        year_span(&p.years)
    );
    let has_line = p.cumulative.iter().any(|v| v.is_finite());
    if has_line {
        s.push_str(", with a line for the cumulative net cashable position");
    }
    s.push('.');
    if parts.is_empty() {
        s.push_str(" All values are zero.");
    } else {
        s.push_str(&format!(" Totals over the period: {}.", list_and(&parts)));
    }
    let last = p
        .cumulative
        .iter()
        .zip(&p.years)
        .rev()
        .find_map(|(v, y)| finite(*v).map(|v| (v, clean(y))));
    if let Some((end, end_year)) = last {
        match &p.payback_year {
            Some(py) => s.push_str(&format!(
                " The cumulative net cashable position turns positive in {} and reaches {} by {}.",
                clean(py),
                money(end),
                end_year
            )),
            None if end < 0.0 => s.push_str(&format!(
                " The cumulative net cashable position does not turn positive; it stands at {} by {}.",
                money(end),
                end_year
            )),
            None => s.push_str(&format!(
                " The cumulative net cashable position reaches {} by {}.",
                money(end),
                end_year
            )),
        }
    }
    s
}

struct ProfileChart<'a>(&'a SavingsProfile);

impl Chart for ProfileChart<'_> {
    fn size(&self) -> (u32, u32) {
        (800, 450)
    }

    fn draw<DB: DrawingBackend>(&self, c: &Canvas<DB>) -> Res {
        let p = self.0;
        let (w, h) = (800.0, 450.0);
        let n = p.years.len();
        let years: Vec<String> = p.years.iter().map(|y| label(y)).collect();
        let mut series = visible(&p.benefits);
        series.extend(visible(&p.costs));
        let colours = series_colours(series.len());
        let line_col = line_colour(&colours);
        let cumulative: Vec<Option<f64>> = p.cumulative.iter().map(|v| finite(*v)).collect();
        let has_line = cumulative.iter().any(Option::is_some);

        let mut y = c.header(&p.text, w)?;
        let mut items: Vec<(String, Key)> = series
            .iter()
            .zip(&colours)
            .map(|((name, _), col)| (name.clone(), Key::Bar(*col)))
            .collect();
        if has_line {
            items.push((
                "Cumulative net cashable position".into(),
                Key::Line(line_col),
            ));
        }
        y += c.legend(&items, MARGIN, y, w - 2.0 * MARGIN)?;
        let payback_idx = p
            .payback_year
            .as_ref()
            .and_then(|py| p.years.iter().position(|y| y == py));
        let band = if payback_idx.is_some() && has_line {
            20.0
        } else {
            0.0
        };
        let plot_top = y + 10.0 + band;
        let foot = c.footer(&p.text.source, w, h)?;
        let plot_bottom = foot - 30.0;

        let extent = stack_extent(&series, n);
        let mut min = extent.iter().map(|e| e.0).fold(0.0, f64::min);
        let mut max = extent.iter().map(|e| e.1).fold(0.0, f64::max);
        for v in cumulative.iter().flatten() {
            min = min.min(*v);
            max = max.max(*v);
        }
        let axis = Axis::new(min, max, min.abs().max(max.abs()), 6);
        let plot_left = MARGIN + c.tick_width(&axis) + 8.0;
        let plot_right = w - MARGIN;
        let ymap = Lin {
            d0: axis.lo,
            d1: axis.hi,
            p0: plot_bottom,
            p1: plot_top,
        };
        c.y_grid(&axis, ymap, plot_left, plot_right)?;

        let slot = (plot_right - plot_left) / n as f64;
        let bar_w = (slot * 0.62).min(56.0);
        let xs: Vec<f64> = (0..n)
            .map(|i| plot_left + slot * (i as f64 + 0.5))
            .collect();
        for (i, &x) in xs.iter().enumerate() {
            let (mut lo, mut hi) = (0.0, 0.0);
            for ((_, v), col) in series.iter().zip(&colours) {
                let v = v[i];
                let (a, b) = if v >= 0.0 {
                    hi += v;
                    (hi - v, hi)
                } else {
                    lo += v;
                    (lo - v, lo)
                };
                let (pa, pb) = ymap.segment(a, b);
                c.rect(x - bar_w / 2.0, pa, x + bar_w / 2.0, pb, *col)?;
            }
        }
        let zero = ymap.at(0.0);
        c.line(&[(plot_left, zero), (plot_right, zero)], TEXT, 1.0)?;

        if has_line {
            // the line joins consecutive points; a missing value breaks it
            let mut run: Vec<(f64, f64)> = Vec::new();
            for (i, v) in cumulative.iter().enumerate() {
                match v {
                    Some(v) => run.push((xs[i], ymap.at(*v))),
                    None => {
                        c.line(&run, line_col, 2.0)?;
                        run.clear();
                    }
                }
            }
            c.line(&run, line_col, 2.0)?;
            for (i, v) in cumulative.iter().enumerate() {
                if let Some(v) = v {
                    c.marker(xs[i], ymap.at(*v), 3.5, line_col)?;
                }
            }
            if let Some(i) = payback_idx {
                let x = xs[i];
                let py = cumulative.get(i).copied().flatten().unwrap_or(0.0);
                let top = plot_top - band + 4.0;
                c.dashed((x, top + 4.0), (x, ymap.at(py) - 6.0), line_col, 1.0)?;
                let text = format!("Pays back in {}", years[i]);
                let tw = c.width(&text, 12.0, true);
                let anchor = if x + 4.0 + tw <= plot_right {
                    (x + 4.0, HPos::Left)
                } else {
                    (x - 4.0, HPos::Right)
                };
                c.text(&text, anchor.0, top + 9.0, 12.0, true, line_col, anchor.1)?;
            }
        }
        c.x_labels(&years, &xs, slot, plot_bottom + 18.0)?;
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// Baseline bars

fn baseline_alt(b: &BaselineBars) -> String {
    let series = visible(&b.series);
    let cats: Vec<String> = b.categories.iter().map(|c| label(c)).collect();
    let totals: Vec<f64> = (0..cats.len())
        .map(|i| series.iter().map(|(_, v)| v[i]).sum())
        .collect();
    let stacked = if series.len() > 1 { "stacked " } else { "" };
    let kind = if b.horizontal {
        format!("Horizontal {stacked}bar chart")
    } else {
        let mut k = format!("{stacked}bar chart");
        if let Some(first) = k.get_mut(0..1) {
            first.make_ascii_uppercase();
        }
        k
    };
    let mut s = format!(
        "{kind} of {} {}",
        cats.len(),
        if cats.len() == 1 {
            "category"
        } else {
            "categories"
        }
    );
    if !series.is_empty() {
        let names: Vec<String> = series.iter().map(|(n, _)| in_sentence(n)).collect();
        if names.len() == 1 {
            s.push_str(&format!(", showing {}", names[0]));
        } else if names.len() <= 4 {
            s.push_str(&format!(", each split into {}", list_and(&names)));
        } else {
            s.push_str(&format!(", each split into {} parts", names.len()));
        }
    }
    s.push('.');
    let grand: f64 = totals.iter().sum();
    if series.is_empty() {
        s.push_str(" All values are zero.");
        return s;
    }
    let top = totals
        .iter()
        .enumerate()
        .fold(None::<(usize, f64)>, |best, (i, t)| match best {
            Some((_, bt)) if bt >= *t => best,
            _ => Some((i, *t)),
        });
    s.push_str(&format!(" The total is {}", money(grand)));
    if let (Some((i, t)), true) = (top, cats.len() > 1) {
        s.push_str(&format!("; {} is the largest at {}", cats[i], money(t)));
    }
    let (big, bt) = series.iter().map(|(n, v)| (n, v.iter().sum::<f64>())).fold(
        (None, f64::MIN),
        |(bn, bt), (n, t)| {
            if t > bt {
                (Some(n), t)
            } else {
                (bn, bt)
            }
        },
    );
    if let (Some(big), true) = (big, series.len() > 1) {
        s.push_str(&format!(
            ", and {} is the largest part at {}",
            in_sentence(big),
            money(bt)
        ));
    }
    s.push('.');
    s
}

struct BaselineChart<'a>(&'a BaselineBars);

impl BaselineChart<'_> {
    fn height(&self) -> u32 {
        let n = self.0.categories.len() as u32;
        if self.0.horizontal {
            (230 + 34 * n).clamp(450, 1800)
        } else {
            450
        }
    }
}

impl Chart for BaselineChart<'_> {
    fn size(&self) -> (u32, u32) {
        (800, self.height())
    }

    fn draw<DB: DrawingBackend>(&self, c: &Canvas<DB>) -> Res {
        let b = self.0;
        let (w, h) = (800.0, self.height() as f64);
        let n = b.categories.len();
        let cats: Vec<String> = b.categories.iter().map(|x| label(x)).collect();
        let series = visible(&b.series);
        let colours = series_colours(series.len());
        let mut y = c.header(&b.text, w)?;
        if series.len() > 1 {
            let items: Vec<(String, Key)> = series
                .iter()
                .zip(&colours)
                .map(|((name, _), col)| (name.clone(), Key::Bar(*col)))
                .collect();
            y += c.legend(&items, MARGIN, y, w - 2.0 * MARGIN)?;
        }
        let foot = c.footer(&b.text.source, w, h)?;
        let extent = stack_extent(&series, n);
        let totals: Vec<f64> = extent.iter().map(|e| e.0 + e.1).collect();
        let min = extent.iter().map(|e| e.0).fold(0.0, f64::min);
        let max = extent.iter().map(|e| e.1).fold(0.0, f64::max);
        let axis = Axis::new(min, max, min.abs().max(max.abs()), 6);
        let total_labels: Vec<String> = totals.iter().map(|t| money(*t)).collect();
        let draw_stack = |i: usize, rect: &dyn Fn(f64, f64, RGBColor) -> Res| -> Res {
            let (mut lo, mut hi) = (0.0, 0.0);
            for ((_, v), col) in series.iter().zip(&colours) {
                let v = v[i];
                let (a, bb) = if v >= 0.0 {
                    hi += v;
                    (hi - v, hi)
                } else {
                    lo += v;
                    (lo - v, lo)
                };
                rect(a, bb, *col)?;
            }
            Ok(())
        };

        if b.horizontal {
            let plot_top = y + 12.0;
            let plot_bottom = foot - 28.0;
            let label_w = cats
                .iter()
                .map(|l| c.width(l, 12.0, false))
                .fold(0.0, f64::max)
                .min(w * 0.4);
            let total_w = total_labels
                .iter()
                .map(|l| c.width(l, 12.0, false))
                .fold(0.0, f64::max);
            // room for the total of a bar left of zero
            let room_left = if min < 0.0 { total_w + 8.0 } else { 0.0 };
            let plot_left = MARGIN + label_w + 10.0 + room_left;
            let plot_right = w - MARGIN - total_w - 8.0;
            let xmap = Lin {
                d0: axis.lo,
                d1: axis.hi,
                p0: plot_left,
                p1: plot_right,
            };
            for v in axis.ticks() {
                let x = xmap.at(v);
                if v != 0.0 {
                    c.line(&[(x, plot_top), (x, plot_bottom)], GRID, 1.0)?;
                }
                c.text(
                    &axis.label(v),
                    x,
                    plot_bottom + 17.0,
                    12.0,
                    false,
                    SECONDARY,
                    HPos::Center,
                )?;
            }
            let row = (plot_bottom - plot_top) / n as f64;
            let thick = (row * 0.62).min(30.0);
            for i in 0..n {
                let yc = plot_top + row * (i as f64 + 0.5);
                draw_stack(i, &|a, bb, col| {
                    let (pa, pb) = xmap.segment(a, bb);
                    c.rect(pa, yc - thick / 2.0, pb, yc + thick / 2.0, col)
                })?;
                let name = c.fit(&cats[i], 12.0, false, label_w);
                c.text(
                    &name,
                    MARGIN + label_w,
                    yc + 4.0,
                    12.0,
                    false,
                    TEXT,
                    HPos::Right,
                )?;
                if series.is_empty() {
                    continue;
                }
                let (lo, hi) = extent[i];
                if hi > 0.0 || lo == 0.0 {
                    c.text(
                        &total_labels[i],
                        xmap.at(hi) + 5.0,
                        yc + 4.0,
                        12.0,
                        false,
                        TEXT,
                        HPos::Left,
                    )?;
                } else {
                    c.text(
                        &total_labels[i],
                        xmap.at(lo) - 5.0,
                        yc + 4.0,
                        12.0,
                        false,
                        TEXT,
                        HPos::Right,
                    )?;
                }
            }
            let zx = xmap.at(0.0);
            c.line(&[(zx, plot_top), (zx, plot_bottom)], TEXT, 1.0)?;
        } else {
            let plot_top = y + 26.0;
            let plot_left = MARGIN + c.tick_width(&axis) + 8.0;
            let plot_right = w - MARGIN;
            let slot = (plot_right - plot_left) / n as f64;
            let lines: Vec<Vec<String>> = cats
                .iter()
                .map(|l| c.wrap(l, 12.0, false, (slot - 6.0).max(20.0), 2))
                .collect();
            let two = lines.iter().any(|l| l.len() > 1);
            let plot_bottom = foot - if two { 44.0 } else { 30.0 };
            let ymap = Lin {
                d0: axis.lo,
                d1: axis.hi,
                p0: plot_bottom,
                p1: plot_top,
            };
            c.y_grid(&axis, ymap, plot_left, plot_right)?;
            let bar_w = (slot * 0.62).min(90.0);
            let show_totals = !series.is_empty()
                && total_labels
                    .iter()
                    .all(|l| c.width(l, 12.0, false) <= slot - 4.0);
            for i in 0..n {
                let x = plot_left + slot * (i as f64 + 0.5);
                draw_stack(i, &|a, bb, col| {
                    let (pa, pb) = ymap.segment(a, bb);
                    c.rect(x - bar_w / 2.0, pa, x + bar_w / 2.0, pb, col)
                })?;
                if show_totals {
                    let (lo, hi) = extent[i];
                    if hi > 0.0 || lo == 0.0 {
                        c.text(
                            &total_labels[i],
                            x,
                            ymap.at(hi) - 5.0,
                            12.0,
                            false,
                            TEXT,
                            HPos::Center,
                        )?;
                    } else {
                        c.text(
                            &total_labels[i],
                            x,
                            ymap.at(lo) + 15.0,
                            12.0,
                            false,
                            TEXT,
                            HPos::Center,
                        )?;
                    }
                }
                for (k, line) in lines[i].iter().enumerate() {
                    c.text(
                        line,
                        x,
                        plot_bottom + 18.0 + 14.0 * k as f64,
                        12.0,
                        false,
                        TEXT,
                        HPos::Center,
                    )?;
                }
            }
            let zero = ymap.at(0.0);
            c.line(&[(plot_left, zero), (plot_right, zero)], TEXT, 1.0)?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// Comparison

fn comparison_alt(c: &Comparison) -> String {
    let k = c.cumulative.len().max(c.npv.len());
    let mut s = format!(
        "Two charts comparing {k} {}",
        if k == 1 { "option" } else { "options" }
    );
    if !c.years.is_empty() {
        let span = match c.years.as_slice() {
            [y] => format!("for {}", clean(y)),
            [first, .., last] => format!("from {} to {}", clean(first), clean(last)),
            [] => String::new(),
        };
        s.push_str(&format!(" {span}"));
    }
    s.push_str(". Left: line chart of the cumulative net cashable position of each option by financial year. Right: bar chart of the net present value (NPV) of each option, ranked.");
    let npv: Vec<(String, f64)> = c
        .npv
        .iter()
        .filter_map(|(n, v)| finite(*v).map(|v| (label(n), v)))
        .collect();
    if let Some((best, bv)) = npv
        .iter()
        .fold(None::<&(String, f64)>, |b, x| match b {
            Some(b) if b.1 >= x.1 => Some(b),
            _ => Some(x),
        })
        .map(|(n, v)| (n.clone(), *v))
    {
        s.push_str(&format!(" {best} has the highest NPV, {}", money(bv)));
        if npv.len() > 1 {
            let (worst, wv) = npv
                .iter()
                .fold(&npv[0], |b, x| if x.1 < b.1 { x } else { b });
            s.push_str(&format!(
                "; NPVs range from {} ({worst}) to {}",
                money(*wv),
                money(bv)
            ));
        }
        s.push('.');
    }
    s
}

struct ComparisonChart<'a>(&'a Comparison);

impl Chart for ComparisonChart<'_> {
    fn size(&self) -> (u32, u32) {
        (1000, 480)
    }

    fn draw<DB: DrawingBackend>(&self, c: &Canvas<DB>) -> Res {
        let cmp = self.0;
        let (w, h) = (1000.0, 480.0);
        let n = cmp.years.len();
        let y = c.header(&cmp.text, w)?;
        let foot = c.footer(&cmp.text.source, w, h)?;
        let split = MARGIN + (w - 2.0 * MARGIN) * 0.56;
        let head_y = y + 16.0;
        c.text(
            "Cumulative net cashable position",
            MARGIN,
            head_y,
            13.0,
            true,
            TEXT,
            HPos::Left,
        )?;
        c.text(
            "Net present value (NPV), ranked",
            split + 24.0,
            head_y,
            13.0,
            true,
            TEXT,
            HPos::Left,
        )?;
        let plot_top = head_y + 18.0;

        // one colour per option, the same in both panels
        let mut names: Vec<String> = Vec::new();
        for name in cmp
            .cumulative
            .iter()
            .map(|x| &x.0)
            .chain(cmp.npv.iter().map(|x| &x.0))
        {
            if !names.contains(name) {
                names.push(name.clone());
            }
        }
        let colours = series_colours(names.len());
        let colour_of = |name: &String| {
            names
                .iter()
                .position(|n| n == name)
                .map(|i| colours[i])
                .unwrap_or(DARK_GREY)
        };

        // left panel: cumulative lines, labelled at their ends
        let lines: Vec<(String, RGBColor, Vec<Option<f64>>)> = cmp
            .cumulative
            .iter()
            .map(|(name, v)| {
                (
                    label(name),
                    colour_of(name),
                    v.iter().map(|x| finite(*x)).collect(),
                )
            })
            .filter(|(_, _, v): &(String, RGBColor, Vec<Option<f64>>)| {
                v.iter().any(Option::is_some)
            })
            .collect();
        let plot_bottom = foot - 30.0;
        if n == 0 || lines.is_empty() {
            c.text(
                "No yearly values to show",
                MARGIN,
                plot_top + 30.0,
                12.0,
                false,
                SECONDARY,
                HPos::Left,
            )?;
        } else {
            let (mut min, mut max) = (0.0f64, 0.0f64);
            for v in lines.iter().flat_map(|l| l.2.iter().flatten()) {
                min = min.min(*v);
                max = max.max(*v);
            }
            let axis = Axis::new(min, max, min.abs().max(max.abs()), 6);
            let label_w = 150.0;
            let plot_left = MARGIN + c.tick_width(&axis) + 8.0;
            let plot_right = split - label_w - 8.0;
            let ymap = Lin {
                d0: axis.lo,
                d1: axis.hi,
                p0: plot_bottom,
                p1: plot_top,
            };
            c.y_grid(&axis, ymap, plot_left, plot_right)?;
            let zero = ymap.at(0.0);
            c.line(&[(plot_left, zero), (plot_right, zero)], TEXT, 1.0)?;
            let slot = (plot_right - plot_left) / n as f64;
            let xs: Vec<f64> = (0..n)
                .map(|i| plot_left + slot * (i as f64 + 0.5))
                .collect();
            let mut end_labels: Vec<(f64, f64, String, RGBColor, bool)> = Vec::new();
            let mut paths: Vec<Vec<(f64, f64)>> = Vec::new();
            for (name, col, v) in &lines {
                let mut run: Vec<(f64, f64)> = Vec::new();
                for (i, p) in v.iter().enumerate() {
                    match p {
                        Some(p) => run.push((xs[i], ymap.at(*p))),
                        None => {
                            c.line(&run, *col, 2.0)?;
                            paths.push(std::mem::take(&mut run));
                        }
                    }
                }
                c.line(&run, *col, 2.0)?;
                paths.push(run);
                for (i, p) in v.iter().enumerate() {
                    if let Some(p) = p {
                        c.marker(xs[i], ymap.at(*p), 3.0, *col)?;
                    }
                }
                if let Some(last) = v.iter().rposition(Option::is_some) {
                    let yv = ymap.at(v[last].unwrap_or(0.0));
                    end_labels.push((xs[last], yv, name.clone(), *col, last + 1 == n));
                }
            }
            // labels of lines that reach the last year sit in the gutter,
            // pushed apart so they do not overlap
            let mut gutter: Vec<(f64, Vec<String>, RGBColor, f64)> = end_labels
                .iter()
                .filter(|l| l.4)
                .map(|(x, y, name, col, _)| (*y, c.wrap(name, 12.0, true, label_w, 2), *col, *x))
                .collect();
            gutter.sort_by(|a, b| a.0.total_cmp(&b.0));
            let heights: Vec<f64> = gutter
                .iter()
                .map(|g| g.1.len() as f64 * 14.0 + 2.0)
                .collect();
            let mut tops: Vec<f64> = gutter
                .iter()
                .zip(&heights)
                .map(|(g, hh)| g.0 - hh / 2.0)
                .collect();
            for i in 1..tops.len() {
                tops[i] = tops[i].max(tops[i - 1] + heights[i - 1]);
            }
            if let (Some(last), Some(hl)) = (tops.last().copied(), heights.last()) {
                let over = last + hl - (plot_bottom + 10.0);
                if over > 0.0 {
                    for t in tops.iter_mut() {
                        *t -= over;
                    }
                    for i in (0..tops.len().saturating_sub(1)).rev() {
                        tops[i] = tops[i].min(tops[i + 1] - heights[i]);
                    }
                }
            }
            for ((g, top), hh) in gutter.iter().zip(&tops).zip(&heights) {
                let gx = plot_right + 8.0;
                let mid = top + hh / 2.0;
                if (mid - g.0).abs() > 3.0 {
                    // a leader from the line's last point to its label
                    c.line(&[(g.3 + 6.0, g.0), (gx - 3.0, mid)], g.2, 1.0)?;
                }
                for (k, line) in g.1.iter().enumerate() {
                    c.text(
                        line,
                        gx,
                        top + 12.0 + 14.0 * k as f64,
                        12.0,
                        true,
                        g.2,
                        HPos::Left,
                    )?;
                }
            }
            // labels of lines that end early sit by their last point, where
            // they cross the fewest points of the lines
            let samples: Vec<(f64, f64)> = paths
                .iter()
                .flat_map(|path| {
                    path.windows(2).flat_map(|wd| {
                        let (a, b) = (wd[0], wd[1]);
                        let len = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
                        let k = (len / 2.0).ceil().max(1.0) as usize;
                        (0..=k).map(move |j| {
                            let t = j as f64 / k as f64;
                            (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t)
                        })
                    })
                })
                .collect();
            let mut placed: Vec<(f64, f64, f64, f64)> = Vec::new();
            for (x, yv, name, col, _) in end_labels.iter().filter(|l| !l.4) {
                let text = c.fit(name, 12.0, true, 200.0);
                let tw = c.width(&text, 12.0, true);
                let candidates = [
                    (x + 8.0, yv + 4.0),
                    (x + 6.0, yv - 9.0),
                    (x + 6.0, yv + 17.0),
                    (x - tw / 2.0, yv - 10.0),
                    (x - tw / 2.0, yv + 21.0),
                    (x - 6.0 - tw, yv - 9.0),
                    (x - 6.0 - tw, yv + 17.0),
                    (x - 8.0 - tw, yv + 4.0),
                ];
                let score = |&(lx, base): &(f64, f64)| -> usize {
                    let r = (lx - 2.0, base - 12.0, lx + tw + 2.0, base + 4.0);
                    let outside =
                        r.0 < plot_left || r.2 > split || r.1 < plot_top - 6.0 || r.3 > plot_bottom;
                    let hits = samples
                        .iter()
                        .filter(|p| p.0 >= r.0 && p.0 <= r.2 && p.1 >= r.1 && p.1 <= r.3)
                        .count();
                    let clash = placed
                        .iter()
                        .filter(|q| q.0 < r.2 && r.0 < q.2 && q.1 < r.3 && r.1 < q.3)
                        .count();
                    hits + 1000 * clash + if outside { 100_000 } else { 0 }
                };
                let (best, best_score) = candidates
                    .iter()
                    .map(|cand| (*cand, score(cand)))
                    .fold(None::<((f64, f64), usize)>, |b, x| match b {
                        Some(b) if b.1 <= x.1 => Some(b),
                        _ => Some(x),
                    })
                    .unwrap_or(((x + 8.0, yv + 4.0), 0));
                let (lx, base) = best;
                if best_score > 0 {
                    c.rect(lx - 2.0, base - 12.0, lx + tw + 2.0, base + 4.0, BACKGROUND)?;
                }
                c.text(&text, lx, base, 12.0, true, *col, HPos::Left)?;
                placed.push((lx - 2.0, base - 12.0, lx + tw + 2.0, base + 4.0));
            }
            c.x_labels(
                &cmp.years.iter().map(|y| label(y)).collect::<Vec<_>>(),
                &xs,
                slot,
                plot_bottom + 18.0,
            )?;
        }

        // right panel: NPV bars, ranked as given
        let px0 = split + 24.0;
        let px1 = w - MARGIN;
        let k = cmp.npv.len();
        if k == 0 {
            c.text(
                "No NPV to show",
                px0,
                plot_top + 30.0,
                12.0,
                false,
                SECONDARY,
                HPos::Left,
            )?;
            return Ok(());
        }
        let name_w = cmp
            .npv
            .iter()
            .map(|(nm, _)| c.width(&label(nm), 12.0, false))
            .fold(0.0, f64::max)
            .min((px1 - px0) * 0.38);
        let values: Vec<Option<f64>> = cmp.npv.iter().map(|(_, v)| finite(*v)).collect();
        let texts: Vec<String> = values
            .iter()
            .map(|v| v.map(money).unwrap_or("n/a".into()))
            .collect();
        let vmin = values.iter().flatten().fold(0.0f64, |a, b| a.min(*b));
        let vmax = values.iter().flatten().fold(0.0f64, |a, b| a.max(*b));
        let tw = texts
            .iter()
            .map(|t| c.width(t, 12.0, false))
            .fold(0.0, f64::max)
            + 6.0;
        let bar_left = px0 + name_w + 10.0;
        let room_left = if vmin < 0.0 { tw } else { 0.0 };
        let room_right = if vmax > 0.0 || vmin >= 0.0 { tw } else { 0.0 };
        let span = if vmax - vmin > 0.0 { vmax - vmin } else { 1.0 };
        let avail = (px1 - bar_left - room_left - room_right).max(10.0);
        let xmap = Lin {
            d0: vmin,
            d1: vmin + span,
            p0: bar_left + room_left,
            p1: bar_left + room_left + avail,
        };
        let row = ((plot_bottom + 10.0 - plot_top) / k as f64).min(64.0);
        let thick = (row * 0.6).min(28.0);
        for (i, (name, _)) in cmp.npv.iter().enumerate() {
            let yc = plot_top + row * (i as f64 + 0.5);
            let lines = c.wrap(
                &label(name),
                12.0,
                false,
                name_w,
                if row >= 30.0 { 2 } else { 1 },
            );
            let y0 = yc + 4.0 - 7.0 * (lines.len() as f64 - 1.0);
            for (j, line) in lines.iter().enumerate() {
                c.text(
                    line,
                    bar_left - 10.0,
                    y0 + 14.0 * j as f64,
                    12.0,
                    false,
                    TEXT,
                    HPos::Right,
                )?;
            }
            match values[i] {
                Some(v) => {
                    let (x0, x1) = (xmap.at(0.0), xmap.at(v));
                    c.rect(x0, yc - thick / 2.0, x1, yc + thick / 2.0, colour_of(name))?;
                    if v >= 0.0 {
                        c.text(&texts[i], x1 + 5.0, yc + 4.0, 12.0, false, TEXT, HPos::Left)?;
                    } else {
                        c.text(
                            &texts[i],
                            x1 - 5.0,
                            yc + 4.0,
                            12.0,
                            false,
                            TEXT,
                            HPos::Right,
                        )?;
                    }
                }
                None => {
                    let (lx, anchor) = if room_right > 0.0 {
                        (xmap.at(0.0) + 5.0, HPos::Left)
                    } else {
                        (xmap.at(0.0) - 5.0, HPos::Right)
                    };
                    c.text(&texts[i], lx, yc + 4.0, 12.0, false, SECONDARY, anchor)?;
                }
            }
        }
        let zx = xmap.at(0.0);
        c.line(
            &[(zx, plot_top), (zx, plot_top + row * k as f64)],
            TEXT,
            1.0,
        )?;
        Ok(())
    }
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
                ("Cashable".into(), cashable),
                ("Non-cashable".into(), vec![0.0; 10]),
            ],
            costs: vec![("One-off costs".into(), one_off)],
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
        // the bar colours for exactly two series
        assert!(r.svg.contains("#12436D") && r.svg.contains("#F46A25"));
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

    #[test]
    fn comparison_names_the_best_option() {
        let mut short = vec![f64::NAN; 10];
        for (i, s) in short.iter_mut().enumerate().take(6) {
            *s = -500000.0 + 150000.0 * i as f64;
        }
        let c = Comparison {
            text: text("Vacating four buildings gives the highest NPV"),
            years: years(10),
            cumulative: vec![
                (
                    "Vacate four".into(),
                    (0..10).map(|i| -2e6 + 8e5 * i as f64).collect(),
                ),
                ("Shared service".into(), short),
            ],
            npv: vec![
                ("Vacate four".into(), 6_300_000.0),
                ("Shared service".into(), -500_000.0),
            ],
        };
        let r = comparison(&c).unwrap();
        assert_eq!(png_size(&r.png), (2000, 960));
        check_svg(&r.svg, &c.text.title);
        assert!(
            r.alt.contains("Vacate four has the highest NPV, £6.3m"),
            "{}",
            r.alt
        );
        assert!(
            r.alt.contains("from −£500k (Shared service) to £6.3m"),
            "{}",
            r.alt
        );
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        let mut p = profile();
        p.years.clear();
        assert!(savings_profile(&p).is_err());

        let mut p = profile();
        p.benefits[0].1.pop();
        assert!(savings_profile(&p).is_err());

        let one = SavingsProfile {
            text: text(""),
            years: vec!["2011/12".into()],
            benefits: vec![("Cashable".into(), vec![f64::NAN])],
            costs: vec![("One-off".into(), vec![0.0])],
            cumulative: vec![f64::INFINITY],
            payback_year: Some("2099/00".into()),
        };
        let r = savings_profile(&one).unwrap();
        assert!(r.alt.contains("All values are zero"), "{}", r.alt);

        let neg = SavingsProfile {
            text: text("x"),
            years: years(3),
            benefits: vec![("Cashable".into(), vec![-100.0, 5e6, 1e3])],
            costs: vec![("Costs".into(), vec![50.0, -1e7, 0.0])],
            cumulative: vec![],
            payback_year: None,
        };
        savings_profile(&neg).unwrap();

        assert!(baseline_bars(&BaselineBars {
            text: text("x"),
            categories: vec![],
            series: vec![],
            horizontal: false,
        })
        .is_err());
        baseline_bars(&BaselineBars {
            text: text("x"),
            categories: vec!["a".into()],
            series: vec![("zero".into(), vec![0.0])],
            horizontal: false,
        })
        .unwrap();

        let c = Comparison {
            text: text("x\u{0}y"),
            years: vec![],
            cumulative: vec![],
            npv: vec![("Only".into(), f64::NAN), ("Neg".into(), -2e6)],
        };
        let r = comparison(&c).unwrap();
        assert!(!r.svg.contains('\u{0}'));
        assert!(comparison(&Comparison {
            text: text("x"),
            years: vec![],
            cumulative: vec![],
            npv: vec![],
        })
        .is_err());
    }

    #[test]
    fn money_and_ticks() {
        assert_eq!(money(1_234_567.0), "£1.2m");
        assert_eq!(money(350_400.0), "£350k");
        assert_eq!(money(-499_999.0), "−£500k");
        assert_eq!(money(999_600.0), "£1.0m");
        assert_eq!(money(3_350_000.0), "£3.4m");
        assert_eq!(money(12.4), "£12");
        let a = Axis::new(-2_445_881.0, 3_467_355.0, 3_467_355.0, 6);
        assert!(a.millions);
        assert!(a.lo <= -2_445_881.0 && a.hi >= 3_467_355.0);
        assert!(a.ticks().any(|v| v == 0.0));
        assert_eq!(a.label(-2_000_000.0), "−£2.0m");
        let k = Axis::new(0.0, 1_500_000.0, 1_500_000.0, 6);
        assert!(!k.millions);
        assert_eq!(k.label(1_500_000.0), "£1,500k");
    }
}
