//! Values of the assumptions log as a person writes them: `2,400,000`
//! rather than TOML's `2_400_000`, `2.5%` for a rate or share rather than
//! `0.025`, dates and year labels as written. The exact value stays beside
//! it, for machines (`exact_value` in `assumptions.csv`).
//!
//! Only the text is rewritten: the engine has used the exact values long
//! before this runs.

use crate::money::{group, parse_decimal, Decimal};

/// Parameters whose values are rates or shares (shown as percentages):
/// the keys themselves, or the tables whose every key is one.
const RATE_KEYS: [&str; 16] = [
    "appraisal.discount_rate",
    "appraisal.optimism_bias",
    "ramp",
    "cost_share",
    "mandatory_rates_relief",
    "discretionary_rates_relief",
    "discretionary_relief_council_share",
    "staff_cost_change",
    "trust_support_ratio",
    "stranded_overheads",
    "income_uplift",
    "management_fee_efficiency",
    "take_up",
    "demand_growth",
    "capital_financing.rate",
    "share of the combined saving",
];
const RATE_TABLES: [&str; 3] = ["inflation.", "holding.", "reductions."];

/// Whether `parameter` holds a rate or share.
pub fn is_rate(parameter: &str) -> bool {
    let key = parameter.split('[').next().unwrap_or(parameter);
    if key == "holding.empty_rates_relief_months" {
        return false;
    }
    // `key` is `k` itself or a key inside it (`k.` then more), with no
    // text made for the test: the log has thousands of entries.
    RATE_KEYS.iter().any(|k| {
        key.strip_prefix(k)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
    }) || RATE_TABLES.iter().any(|t| key.starts_with(t))
}

/// The value as a person writes it. Text that is already words (with a
/// `%` or a `:`, such as the Green Book schedule) is left as it is.
pub fn as_written(parameter: &str, raw: &str) -> String {
    if raw.contains(['%', ':']) {
        return raw.to_string();
    }
    let rate = is_rate(parameter);
    map_numbers(raw, |d| if rate { percent(d) } else { grouped(d) })
}

/// The exact value for machines: numbers without `_` separators; other
/// text as given.
pub fn exact(raw: &str) -> String {
    map_numbers(raw, |d| d.to_string())
}

/// `0.025` → `2.5%`, `-0.03` → `−3%`, `1.0` → `100%`: exact, no rounding.
fn percent(d: Decimal) -> String {
    let p = (d * Decimal::ONE_HUNDRED).normalize();
    let text = group(&p.abs().to_string());
    if p.is_sign_negative() && !p.is_zero() {
        format!("{}{text}%", crate::money::MINUS)
    } else {
        format!("{text}%")
    }
}

/// `2400000` → `2,400,000`, `-12.50` → `−12.50`.
fn grouped(d: Decimal) -> String {
    let text = group(&d.abs().to_string());
    if d.is_sign_negative() && !d.is_zero() {
        format!("{}{text}", crate::money::MINUS)
    } else {
        text
    }
}

/// Rewrites each number in `raw` that stands alone (between the start or
/// end, spaces, commas, brackets, braces and `=`) and is not inside
/// quotes; a date (`2012-06-01`) or a year label (`2011/12`) is not a
/// number and is left alone.
fn map_numbers(raw: &str, f: impl Fn(Decimal) -> String) -> String {
    let is_sep = |c: char| c.is_whitespace() || matches!(c, ',' | '[' | ']' | '{' | '}' | '=');
    let mut out = String::with_capacity(raw.len() + 8);
    let mut token = String::new();
    let mut quoted: Option<char> = None;
    let flush = |token: &mut String, out: &mut String| {
        let t = std::mem::take(token);
        let plain = t.replace('_', "");
        let numeric = !t.is_empty()
            && t.chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '_' | '.' | '-' | '+'))
            && !t.starts_with('_')
            && !t.ends_with('_');
        match (numeric, parse_decimal(&plain)) {
            (true, Some(d)) => out.push_str(&f(d)),
            _ => out.push_str(&t),
        }
    };
    for c in raw.chars() {
        if let Some(q) = quoted {
            out.push(c);
            if c == q {
                quoted = None;
            }
            continue;
        }
        if c == '"' || c == '\'' {
            flush(&mut token, &mut out);
            out.push(c);
            quoted = Some(c);
        } else if is_sep(c) {
            flush(&mut token, &mut out);
            out.push(c);
        } else {
            token.push(c);
        }
    }
    flush(&mut token, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_as_a_person_writes_them() {
        let cases = [
            ("vacate[1].capital_receipt", "2_400_000", "2,400,000"),
            ("inflation.default", "0.025", "2.5%"),
            (
                "inflation.gdp_deflator",
                "0.025 (inflation.default)",
                "2.5% (inflation.default)",
            ),
            (
                "appraisal.discount_rate",
                "Green Book schedule: 3.5% for years 0 to 30, then 3.0%",
                "Green Book schedule: 3.5% for years 0 to 30, then 3.0%",
            ),
            ("holding.security", "1.0", "100%"),
            ("holding.empty_rates_relief_months", "3", "3"),
            ("staff_cost_change", "-0.03", "\u{2212}3%"),
            ("ramp", "[0.5, 1.0]", "[50%, 100%]"),
            (
                "cost_share",
                "{ Bromley = 0.55, Bexley = 0.45 }",
                "{ Bromley = 55%, Bexley = 45% }",
            ),
            ("capacity", "[10, 20, 30, 40]", "[10, 20, 30, 40]"),
            ("vacate[1].on", "2012-06-01", "2012-06-01"),
            ("price_base", "2011/12", "2011/12"),
            ("price_base", "\"2011/12\"", "\"2011/12\""),
            (
                "name",
                "\"Unit 2_000, 0.5 share\"",
                "\"Unit 2_000, 0.5 share\"",
            ),
            ("EXH energy a year", "123456.00", "123,456.00"),
            ("authority (workbook)", "Bromley", "Bromley"),
        ];
        for (parameter, raw, want) in cases {
            assert_eq!(as_written(parameter, raw), want, "{parameter} = {raw}");
        }
    }

    #[test]
    fn exact_values_drop_separators_only() {
        assert_eq!(exact("2_400_000"), "2400000");
        assert_eq!(exact("0.025"), "0.025");
        assert_eq!(exact("[0.5, 1.0]"), "[0.5, 1.0]");
        assert_eq!(exact("2012-06-01"), "2012-06-01");
    }
}
