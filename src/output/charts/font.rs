//! The embedded Liberation Sans: registered once with plotters, and read
//! directly for the glyph metrics plotters' bitmap text leaves out.

use super::{ChartError, Res};
use plotters::style::{register_font, FontStyle};
use std::sync::OnceLock;

pub(super) const FAMILY: &str = "Liberation Sans";
static REGULAR: &[u8] = include_bytes!("../../../assets/fonts/LiberationSans-Regular.ttf");
static BOLD: &[u8] = include_bytes!("../../../assets/fonts/LiberationSans-Bold.ttf");
/// Em size of Liberation Sans per unit of ab_glyph pixel scale:
/// unitsPerEm / (ascender − descender) = 2048 / 2288.
pub(super) const EM_PER_SCALE: f64 = 2048.0 / 2288.0;
/// plotters' SVG backend writes `font-size = size / 1.24`.
pub(super) const SVG_SIZE_PER_EM: f64 = 1.24;

pub(super) fn register_fonts() -> Res {
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
pub(super) struct Metrics {
    data: &'static [u8],
    /// Offset of the cmap format 4 subtable, if found.
    cmap4: Option<usize>,
    hmtx: usize,
    n_hmetrics: usize,
    /// ascender − descender in font units (ab_glyph's pixel scale unit).
    pub(super) height: f64,
}

pub(super) fn metrics(bold: bool) -> &'static Metrics {
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
    pub(super) fn lsb(&self, ch: char) -> i16 {
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
