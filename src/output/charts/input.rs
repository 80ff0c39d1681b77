//! Odd input made safe to draw and to describe: text fit for XML, labels
//! cut at 40 characters, non-finite values left out or read as zero, and
//! all-zero series skipped.

/// Text safe to put in XML: control characters become spaces (XML 1.0 has
/// no escape for them), runs of white space collapse.
pub(super) fn clean(s: &str) -> String {
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
pub(super) fn label(s: &str) -> String {
    const MAX: usize = 40;
    let s = clean(s);
    if s.chars().count() <= MAX {
        return s;
    }
    let cut: String = s.chars().take(MAX - 1).collect();
    format!("{}…", cut.trim_end())
}

/// Finite or nothing.
pub(super) fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

/// Finite or zero.
pub(super) fn val(v: f64) -> f64 {
    finite(v).unwrap_or(0.0)
}

pub(super) fn visible(series: &[(String, Vec<f64>)]) -> Vec<(String, Vec<f64>)> {
    series
        .iter()
        .filter(|(_, v)| v.iter().any(|x| val(*x) != 0.0))
        .map(|(n, v)| (label(n), v.iter().map(|x| val(*x)).collect()))
        .collect()
}

/// The segments of slot `i` of diverging stacks, series by series: each
/// value stacked above zero when positive and below it when negative, as
/// (from, to).
pub(super) fn stack_segments(series: &[(String, Vec<f64>)], i: usize) -> Vec<(f64, f64)> {
    let (mut lo, mut hi) = (0.0, 0.0);
    series
        .iter()
        .map(|(_, v)| {
            let x = v.get(i).copied().unwrap_or(0.0);
            if x >= 0.0 {
                hi += x;
                (hi - x, hi)
            } else {
                lo += x;
                (lo - x, lo)
            }
        })
        .collect()
}

/// Per slot, the extent of diverging stacks: (lowest, highest).
pub(super) fn stack_extent(series: &[(String, Vec<f64>)], n: usize) -> Vec<(f64, f64)> {
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

/// The class series worth drawing, named and in their class colours, in
/// the order given.
pub(super) fn visible_classes(
    series: &[(crate::flows::Class, String, Vec<f64>)],
) -> (Vec<(String, Vec<f64>)>, Vec<plotters::style::RGBColor>) {
    let mut named = Vec::new();
    let mut colours = Vec::new();
    for (class, name, v) in series {
        if v.iter().any(|x| val(*x) != 0.0) {
            named.push((label(name), v.iter().map(|x| val(*x)).collect()));
            colours.push(super::colour::class_colour(*class));
        }
    }
    (named, colours)
}
