//! Colours of the Government Analysis Function palette, and of the text,
//! gridlines and background drawn with them.

use plotters::style::RGBColor;

const PALETTE: [RGBColor; 6] = [
    RGBColor(0x12, 0x43, 0x6D),
    RGBColor(0x28, 0xA1, 0x97),
    RGBColor(0x80, 0x16, 0x50),
    RGBColor(0xF4, 0x6A, 0x25),
    RGBColor(0x3D, 0x3D, 0x3D),
    RGBColor(0xA2, 0x85, 0xD1),
];
pub(super) const DARK_GREY: RGBColor = PALETTE[4];
pub(super) const TEXT: RGBColor = RGBColor(0x0B, 0x0C, 0x0C);
pub(super) const SECONDARY: RGBColor = RGBColor(0x50, 0x5A, 0x5F);
pub(super) const GRID: RGBColor = RGBColor(0xD9, 0xD9, 0xD9);
pub(super) const BACKGROUND: RGBColor = RGBColor(0xFF, 0xFF, 0xFF);

/// Colours of `n` series: the palette in order (#12436D and #F46A25 for
/// exactly two), then lighter tints of it.
pub(super) fn series_colours(n: usize) -> Vec<RGBColor> {
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
pub(super) fn line_colour(used: &[RGBColor]) -> RGBColor {
    std::iter::once(DARK_GREY)
        .chain(PALETTE)
        .find(|c| !used.contains(c))
        .unwrap_or(TEXT)
}
