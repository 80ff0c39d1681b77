//! Money and rates (SPEC section 2).
//!
//! Every amount is an exact [`Decimal`] from the cell to the output file.
//! Nothing is rounded until a figure is written, and then only by
//! [`round_pennies`] (half to even, never `-0.00`). Rates and fractions are
//! decimals too, read from the text the user wrote.

use rust_decimal::prelude::*;
pub use rust_decimal::Decimal;

/// An amount of money in pounds, exact.
pub type Money = Decimal;

/// The largest amount a cell or model file may hold: a trillion pounds.
/// A bound keeps every product and sum of the engine inside `Decimal`'s
/// range, so arithmetic on accepted input can never overflow.
pub const MONEY_LIMIT: Decimal = Decimal::from_parts(
    // 1_000_000_000_000
    3_567_587_328,
    232,
    0,
    false,
    0,
);

/// Rounds an amount for output: 2 places, half to even, `0.00` not
/// `-0.00`. The one place where money is rounded.
///
/// ```
/// use savings::money::{round_pennies, Decimal};
/// use std::str::FromStr;
/// let r = |s: &str| round_pennies(Decimal::from_str(s).unwrap()).to_string();
/// assert_eq!(r("0.125"), "0.12");
/// assert_eq!(r("1.015"), "1.02");
/// assert_eq!(r("-0.004"), "0.00");
/// ```
pub fn round_pennies(d: Decimal) -> Decimal {
    round_places(d, 2)
}

/// Rounds half to even to `dp` places, with the scale fixed at `dp` and no
/// negative zero.
pub fn round_places(d: Decimal, dp: u32) -> Decimal {
    let mut r = d.round_dp_with_strategy(dp, RoundingStrategy::MidpointNearestEven);
    if r.is_zero() {
        r = Decimal::ZERO;
    }
    r.rescale(dp);
    r
}

/// `round_pennies` as text, `1234.50`.
pub fn pennies(d: Decimal) -> String {
    round_pennies(d).to_string()
}

/// Whole pounds with thousands separators for the terminal: `£1,234,568`,
/// `-£20,000` (a plain hyphen, which every terminal and pipe shows).
pub fn pounds(d: Decimal) -> String {
    signed(d, 0, "-")
}

/// Pounds and pence with thousands separators, for a figure an auditor
/// checks to the penny (`savings explain`): `£10,719.14`, `-£0.50`.
pub fn pounds_and_pence(d: Decimal) -> String {
    signed(d, 2, "-")
}

/// The minus sign of charts and reports: U+2212, as wide as a plus.
pub const MINUS: &str = "\u{2212}";

/// Whole pounds for reports and chart titles: `£1,234,568`, `−£20,000`.
pub fn pounds_text(d: Decimal) -> String {
    signed(d, 0, MINUS)
}

/// To the penny for report tables: `£1,234,567.89`, `−£1,234.56`
/// (half to even).
pub fn pence_text(d: Decimal) -> String {
    signed(d, 2, MINUS)
}

/// Money in short for charts, alt text and headlines: `£1.5m` from a
/// million, `£350k` from a thousand, else whole pounds, `−` for negatives;
/// half to even. The one short format: an axis, a label and a title all
/// write `£1.5m`, never `£1,500k`.
///
/// ```
/// use savings::money::{short, Decimal};
/// use std::str::FromStr;
/// let s = |x: &str| short(Decimal::from_str(x).unwrap());
/// assert_eq!(s("1500000"), "£1.5m");
/// assert_eq!(s("999600"), "£1.0m");
/// assert_eq!(s("-350400"), "\u{2212}£350k");
/// assert_eq!(s("12.4"), "£12");
/// assert_eq!(s("-0.4"), "£0");
/// ```
pub fn short(d: Decimal) -> String {
    let a = d.abs();
    let thousand = Decimal::from(1000);
    let k = round_places(a / thousand, 0);
    let body = if k >= thousand {
        format!(
            "£{}m",
            group(&round_places(a / Decimal::from(1_000_000), 1).to_string())
        )
    } else if k >= Decimal::ONE {
        format!("£{}k", group(&k.to_string()))
    } else {
        format!("£{}", round_places(a, 0))
    };
    if d.is_sign_negative() && body != "£0" {
        format!("{MINUS}{body}")
    } else {
        body
    }
}

/// `d` rounded half to even to `places`, with thousands separators, the
/// sign written as `minus`.
fn signed(d: Decimal, places: u32, minus: &str) -> String {
    let r = round_places(d, places);
    let sign = if r.is_sign_negative() && !r.is_zero() {
        minus
    } else {
        ""
    };
    format!("{sign}£{}", group(&r.abs().to_string()))
}

/// Thousands separators in the whole part of a plain decimal text:
/// `1234567.89` → `1,234,567.89`.
pub fn group(plain: &str) -> String {
    let (sign, rest) = match plain.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", plain),
    };
    let (whole, frac) = match rest.find('.') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let n = whole.len();
    let mut out = String::with_capacity(plain.len() + n / 3);
    out.push_str(sign);
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (n - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out.push_str(frac);
    out
}

/// `base^n` for a whole `n`, negative powers allowed, by repeated
/// multiplication at `Decimal`'s full precision. `None` on overflow.
///
/// ```
/// use savings::money::{powi, Decimal};
/// use std::str::FromStr;
/// let r = Decimal::from_str("1.1").unwrap();
/// assert_eq!(powi(r, 2).unwrap().to_string(), "1.21");
/// assert_eq!(powi(Decimal::TWO, -2).unwrap().to_string(), "0.25");
/// ```
pub fn powi(base: Decimal, n: i32) -> Option<Decimal> {
    let mut acc = Decimal::ONE;
    for _ in 0..n.unsigned_abs() {
        acc = acc.checked_mul(base)?;
    }
    if n < 0 {
        Decimal::ONE.checked_div(acc)
    } else {
        Some(acc)
    }
}

/// Reads a number as finance-system exports write it: `£1,234.50`,
/// ` 4 500 `, `-12.5`, `1.5e3`. `None` when it is not a number.
pub fn parse_amount_text(text: &str) -> Option<Decimal> {
    let cleaned: String = text
        .chars()
        .filter(|c| !matches!(c, '£' | ',' | ' ' | '\u{a0}'))
        .collect();
    if cleaned.is_empty() {
        return None;
    }
    parse_decimal(&cleaned)
}

/// Parses decimal text exactly, plain or scientific.
pub fn parse_decimal(text: &str) -> Option<Decimal> {
    let t = text.strip_prefix('+').unwrap_or(text);
    if t.is_empty() || !t.bytes().any(|c| c.is_ascii_digit()) {
        return None;
    }
    Decimal::from_str(t)
        .or_else(|_| Decimal::from_scientific(t))
        .ok()
}

/// The decimal a spreadsheet shows for a binary number cell: the shortest
/// text that reads back as the same `f64` (so a cell holding 0.1 is exactly
/// one tenth). This is where workbook numbers leave `f64`.
pub fn from_cell_f64(v: f64) -> Option<Decimal> {
    if !v.is_finite() {
        return None;
    }
    // Whole amounts, most cells, need no text: exact below 2^53.
    if v.fract() == 0.0 && v.abs() < 9_007_199_254_740_992.0 {
        return Some(Decimal::from(v as i64));
    }
    // `Display` for f64 prints the shortest round-trip digits, never an
    // exponent.
    Decimal::from_str(&format!("{v}")).ok()
}

/// Fixed scale used when money columns go into polars (`Decimal(38, 14)`):
/// fourteen places keep far more than a penny's precision, and with amounts
/// bounded by [`MONEY_LIMIT`] the sums stay inside `i128`.
pub const FRAME_SCALE: u32 = 14;

/// An amount as an `i128` mantissa at scale [`FRAME_SCALE`], rounding half
/// to even past the fourteenth place. `None` if it does not fit.
pub fn to_scaled_i128(d: Decimal) -> Option<i128> {
    let m = d.mantissa();
    let s = d.scale();
    if s <= FRAME_SCALE {
        m.checked_mul(10i128.checked_pow(FRAME_SCALE - s)?)
    } else {
        let r = d.round_dp_with_strategy(FRAME_SCALE, RoundingStrategy::MidpointNearestEven);
        let rs = r.scale();
        r.mantissa()
            .checked_mul(10i128.checked_pow(FRAME_SCALE - rs)?)
    }
}

/// The inverse of [`to_scaled_i128`]. A sum too large for `Decimal` at that
/// scale gives up places (half to even) until it fits.
pub fn from_scaled_i128(mut m: i128, mut scale: u32) -> Decimal {
    loop {
        if let Ok(d) = Decimal::try_from_i128_with_scale(m, scale) {
            return d;
        }
        if scale == 0 {
            // Unreachable for bounded input; saturate rather than panic.
            return if m < 0 { Decimal::MIN } else { Decimal::MAX };
        }
        let q = m / 10;
        let r = m % 10;
        let mut next = q;
        if r.abs() > 5 || (r.abs() == 5 && q % 2 != 0) {
            next += m.signum();
        }
        m = next;
        scale -= 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros_free::dec;

    /// A tiny stand-in for `rust_decimal_macros::dec!` (not a dependency).
    mod rust_decimal_macros_free {
        macro_rules! dec {
            ($s:expr) => {
                <rust_decimal::Decimal as std::str::FromStr>::from_str(stringify!($s)).unwrap()
            };
        }
        pub(crate) use dec;
    }

    #[test]
    fn pounds_and_pence_keep_the_pennies_and_group_thousands() {
        let d = |s: &str| Decimal::from_str_exact(s).unwrap();
        assert_eq!(pounds_and_pence(d("10719.135")), "£10,719.14");
        assert_eq!(pounds_and_pence(d("10719.125")), "£10,719.12");
        assert_eq!(pounds_and_pence(d("-0.5")), "-£0.50");
        assert_eq!(pounds_and_pence(d("1234567")), "£1,234,567.00");
        assert_eq!(pounds(d("1234567.5")), "£1,234,568");
    }

    #[test]
    fn rounds_half_to_even_at_output() {
        let cases = [
            ("0.125", "0.12"),
            ("0.135", "0.14"),
            ("1.015", "1.02"),
            ("2.5", "2.50"),
            ("-0.125", "-0.12"),
            ("-0.004", "0.00"),
            ("0", "0.00"),
            ("1234.5", "1234.50"),
        ];
        for (input, want) in cases {
            let d = Decimal::from_str(input).unwrap();
            assert_eq!(pennies(d), want, "{input}");
        }
    }

    #[test]
    fn money_limit_is_a_trillion() {
        assert_eq!(MONEY_LIMIT, Decimal::from(1_000_000_000_000i64));
    }

    #[test]
    fn pounds_have_thousands_separators() {
        assert_eq!(pounds(dec!(1234567.5)), "£1,234,568");
        assert_eq!(pounds(dec!(-20000)), "-£20,000");
        assert_eq!(pounds(dec!(999)), "£999");
        assert_eq!(pounds(dec!(-0.4)), "£0");
        assert_eq!(pounds_text(dec!(-20000)), "\u{2212}£20,000");
        assert_eq!(pence_text(dec!(-1234.565)), "\u{2212}£1,234.56");
        assert_eq!(pence_text(dec!(-0.004)), "£0.00");
        assert_eq!(pence_text(dec!(999.995)), "£1,000.00");
        assert_eq!(group("-1234567.5"), "-1,234,567.5");
    }

    #[test]
    fn short_money_is_one_format() {
        let cases = [
            ("1500000", "£1.5m"),
            ("1234567", "£1.2m"),
            ("999600", "£1.0m"),
            ("950000", "£950k"),
            ("3350000", "£3.4m"),
            ("12345678901", "£12,345.7m"),
            ("-499999", "\u{2212}£500k"),
            ("12.4", "£12"),
            ("0", "£0"),
        ];
        for (input, want) in cases {
            assert_eq!(short(Decimal::from_str(input).unwrap()), want, "{input}");
        }
    }

    #[test]
    fn integer_powers_including_negative() {
        assert_eq!(powi(dec!(1.025), 0), Some(Decimal::ONE));
        assert_eq!(powi(dec!(1.025), 2), Some(dec!(1.050625)));
        // 1.06^-1 = 0.9433962264150943396226415094…
        let inv = powi(dec!(1.06), -1).unwrap();
        assert_eq!(inv.round_dp(10), dec!(0.9433962264));
        assert_eq!(powi(dec!(1000000), 10), None);
    }

    #[test]
    fn text_numbers_from_finance_exports() {
        assert_eq!(parse_amount_text("£1,234.50"), Some(dec!(1234.50)));
        assert_eq!(parse_amount_text(" 4 500 "), Some(dec!(4500)));
        assert_eq!(parse_amount_text("-12.5"), Some(dec!(-12.5)));
        assert_eq!(parse_amount_text("1.5e3"), Some(dec!(1500)));
        assert_eq!(parse_amount_text("n/a"), None);
        assert_eq!(parse_amount_text("£"), None);
        assert_eq!(parse_amount_text("£1,2O0"), None);
    }

    #[test]
    fn cell_floats_are_read_as_the_decimal_shown() {
        assert_eq!(from_cell_f64(0.1), Some(dec!(0.1)));
        assert_eq!(from_cell_f64(12345.67), Some(dec!(12345.67)));
        assert_eq!(from_cell_f64(42.0), Some(dec!(42)));
        assert_eq!(from_cell_f64(f64::NAN), None);
    }

    #[test]
    fn scaled_i128_round_trip() {
        let d = dec!(1234.5678);
        let m = to_scaled_i128(d).unwrap();
        assert_eq!(m, 123_456_780_000_000_000);
        assert_eq!(from_scaled_i128(m, FRAME_SCALE).normalize(), d);
        // 1/3 keeps fourteen places.
        let third = Decimal::ONE / Decimal::from(3);
        assert_eq!(to_scaled_i128(third), Some(33_333_333_333_333));
        // Too large for Decimal at scale 14: gives up places.
        let big = 10i128.pow(35) + 5;
        let back = from_scaled_i128(big, 14);
        assert_eq!(
            back.round_dp(0),
            Decimal::from_str("1000000000000000000000").unwrap()
        );
    }
}
