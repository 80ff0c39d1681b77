//! Colours of the Government Analysis Function palette, and of the text,
//! gridlines and background drawn with them.
//!
//! Colours follow meaning, not position: each class of flow has one
//! colour in every chart ([`class_colour`]), whatever else the chart shows.
//! Every colour drawn as a mark has a contrast of at least 3:1 with the
//! background, and every colour used for text at least 4.5:1 (WCAG 2.2,
//! success criteria 1.4.11 and 1.4.3); the tests below compute them.

use crate::flows::Class;
use plotters::style::RGBColor;

const PALETTE: [RGBColor; 6] = [
    RGBColor(0x12, 0x43, 0x6D),
    RGBColor(0x28, 0xA1, 0x97),
    RGBColor(0x80, 0x16, 0x50),
    RGBColor(0xF4, 0x6A, 0x25),
    RGBColor(0x3D, 0x3D, 0x3D),
    RGBColor(0xA2, 0x85, 0xD1),
];
pub(super) const TEXT: RGBColor = RGBColor(0x0B, 0x0C, 0x0C);
pub(super) const SECONDARY: RGBColor = RGBColor(0x50, 0x5A, 0x5F);
pub(super) const GRID: RGBColor = RGBColor(0xD9, 0xD9, 0xD9);
pub(super) const BACKGROUND: RGBColor = RGBColor(0xFF, 0xFF, 0xFF);

/// The one colour of each class, in every chart (and, as hex, in the
/// Excel chart): cashable dark blue, non-cashable purple, cost avoidance
/// turquoise, one-off costs orange, financing costs maroon, capital
/// receipts dark grey.
pub fn class_colour(c: Class) -> RGBColor {
    match c {
        Class::Cashable => PALETTE[0],
        Class::NonCashable => PALETTE[5],
        Class::CostAvoidance => PALETTE[1],
        Class::OneOffCost => PALETTE[3],
        Class::FinancingCost => PALETTE[2],
        Class::CapitalReceipt => PALETTE[4],
    }
}

/// A class in the words of a chart key: "One-off costs".
pub fn class_words(c: Class) -> &'static str {
    match c {
        Class::Cashable => "Cashable",
        Class::NonCashable => "Non-cashable",
        Class::CostAvoidance => "Cost avoidance",
        Class::OneOffCost => "One-off costs",
        Class::FinancingCost => "Financing costs",
        Class::CapitalReceipt => "Capital receipts",
    }
}

/// [`class_colour`] as `0xRRGGBB`, for the Excel chart.
pub fn class_rgb(c: Class) -> u32 {
    rgb(class_colour(c))
}

/// The cumulative position line's colour as `0xRRGGBB`, for the Excel
/// chart.
pub fn position_line_rgb() -> u32 {
    rgb(POSITION_LINE)
}

fn rgb(RGBColor(r, g, b): RGBColor) -> u32 {
    (u32::from(r) << 16) | (u32::from(g) << 8) | u32::from(b)
}

/// [`class_colour`] as `#RRGGBB`.
pub fn class_hex(c: Class) -> String {
    let RGBColor(r, g, b) = class_colour(c);
    format!("#{r:02X}{g:02X}{b:02X}")
}

/// Colours of `n` series that are not classes (options, cost categories):
/// the palette in order (#12436D and #F46A25 for exactly two), then darker
/// shades of it, so every one keeps a 3:1 contrast with the background.
pub(super) fn series_colours(n: usize) -> Vec<RGBColor> {
    if n == 2 {
        return vec![PALETTE[0], PALETTE[3]];
    }
    (0..n)
        .map(|i| {
            let c = PALETTE[i % PALETTE.len()];
            match (i / PALETTE.len()) % 3 {
                0 => c,
                1 => shade(c, 0.45),
                _ => shade(c, 0.7),
            }
        })
        .collect()
}

/// `c` mixed with black: `t` = 0 is `c`, 1 is black.
fn shade(c: RGBColor, t: f64) -> RGBColor {
    let mix = |v: u8| (v as f64 * (1.0 - t)).round() as u8;
    RGBColor(mix(c.0), mix(c.1), mix(c.2))
}

/// The cumulative net cashable line, the same in every chart whatever
/// classes the bars show: near-black, so that it is never mistaken for a
/// class and its label keeps text contrast.
pub(super) const POSITION_LINE: RGBColor = TEXT;

#[cfg(test)]
mod tests {
    use super::*;

    /// WCAG relative luminance of an sRGB colour.
    fn luminance(c: RGBColor) -> f64 {
        let lin = |v: u8| {
            let s = v as f64 / 255.0;
            if s <= 0.04045 {
                s / 12.92
            } else {
                ((s + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(c.0) + 0.7152 * lin(c.1) + 0.0722 * lin(c.2)
    }

    /// WCAG contrast ratio of two colours, 1 to 21.
    fn contrast(a: RGBColor, b: RGBColor) -> f64 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    #[test]
    fn contrast_ratios_are_computed_as_wcag_does() {
        assert!((contrast(TEXT, BACKGROUND) - 19.6).abs() < 0.1);
        assert!((contrast(BACKGROUND, BACKGROUND) - 1.0).abs() < 1e-9);
        let black = RGBColor(0, 0, 0);
        assert!((contrast(black, BACKGROUND) - 21.0).abs() < 1e-9);
    }

    /// Text (labels, ticks, notes) needs 4.5:1; marks (bars, lines,
    /// markers) 3:1 — every colour a chart may draw with, including the
    /// shades for many options.
    #[test]
    fn palette_meets_wcag_contrast_against_the_background() {
        assert!(contrast(super::super::comparison::OTHER_LINE, BACKGROUND) >= 3.0);
        for (name, c) in [
            ("text", TEXT),
            ("secondary", SECONDARY),
            ("dark grey", PALETTE[4]),
        ] {
            let r = contrast(c, BACKGROUND);
            assert!(r >= 4.5, "{name} text {r:.2}:1");
        }
        for c in Class::ALL {
            let r = contrast(class_colour(c), BACKGROUND);
            assert!(r >= 3.0, "{} {r:.2}:1", c.name());
        }
        for (i, c) in series_colours(18).into_iter().enumerate() {
            let r = contrast(c, BACKGROUND);
            assert!(r >= 3.0, "series {i} {c:?} {r:.2}:1");
        }
    }

    #[test]
    fn each_class_has_its_own_colour() {
        let hexes: std::collections::HashSet<String> =
            Class::ALL.iter().map(|c| class_hex(*c)).collect();
        assert_eq!(hexes.len(), 6);
        assert_eq!(class_hex(Class::OneOffCost), "#F46A25");
        assert_eq!(class_hex(Class::Cashable), "#12436D");
    }
}
