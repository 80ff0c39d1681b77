//! The arithmetic a kind's formulas need, over two number types: exact
//! [`Decimal`] for every run, and `f64` for a simulation's iterations
//! (SPEC 9.3), so that a formula is written once and a simulation does not
//! pay for 28-digit decimals a million times over.
//!
//! The operators (`+ − × ÷`) are the types' own: for `Decimal` they are the
//! very operations the engine always made, so a formula written over
//! [`Number`] gives a run the same result, bit for bit, as it gave before it
//! was generic. `f64` is used only for a simulation's iterations; where it
//! enters (a plan's amounts converted once per iteration) and where it
//! leaves (each iteration's totals and NPV converted back to `Decimal`) is
//! said in [`crate::uncertainty::simulate`].

use crate::money::Decimal;
use rust_decimal::prelude::FromPrimitive;
use std::fmt::Debug;
use std::ops::{Add, Div, Mul, Neg, Sub};

/// A number a formula can be written over: [`Decimal`] or `f64`.
pub trait Number:
    Copy
    + Debug
    + PartialOrd
    + Send
    + Sync
    + 'static
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
{
    const ZERO: Self;
    const ONE: Self;

    /// A whole number.
    fn of_int(n: i64) -> Self;
    /// An exact decimal (for `f64`, the nearest).
    fn of(d: Decimal) -> Self;
    /// As an exact decimal, for a traced run's reasons and a simulation's
    /// results (for `f64`, its value to 28 significant digits at most).
    fn decimal(self) -> Decimal;

    /// An index from its exact value or its `f64` (`None`: out of the
    /// series, where an index is 1).
    fn index(exact: Option<Decimal>, float: Option<f64>) -> Self;

    fn checked_add(self, other: Self) -> Option<Self>;
    fn checked_mul(self, other: Self) -> Option<Self>;
    fn checked_div(self, other: Self) -> Option<Self>;
    /// `self^n` by multiplying from 1 in turn (`1 / self^−n` below 0), as
    /// [`crate::money::powi`]; `None` past the type's range.
    fn powi(self, n: i32) -> Option<Self>;

    fn is_zero(self) -> bool {
        self == Self::ZERO
    }

    fn max_of(self, other: Self) -> Self {
        if other > self {
            other
        } else {
            self
        }
    }

    fn min_of(self, other: Self) -> Self {
        if other < self {
            other
        } else {
            self
        }
    }
}

impl Number for Decimal {
    const ZERO: Decimal = Decimal::ZERO;
    const ONE: Decimal = Decimal::ONE;

    fn of_int(n: i64) -> Decimal {
        Decimal::from(n)
    }

    fn of(d: Decimal) -> Decimal {
        d
    }

    fn decimal(self) -> Decimal {
        self
    }

    fn index(exact: Option<Decimal>, _float: Option<f64>) -> Decimal {
        exact.unwrap_or(Decimal::ONE)
    }

    fn checked_add(self, other: Decimal) -> Option<Decimal> {
        Decimal::checked_add(self, other)
    }

    fn checked_mul(self, other: Decimal) -> Option<Decimal> {
        Decimal::checked_mul(self, other)
    }

    fn checked_div(self, other: Decimal) -> Option<Decimal> {
        Decimal::checked_div(self, other)
    }

    fn powi(self, n: i32) -> Option<Decimal> {
        crate::money::powi(self, n)
    }

    fn max_of(self, other: Decimal) -> Decimal {
        self.max(other)
    }

    fn min_of(self, other: Decimal) -> Decimal {
        self.min(other)
    }
}

/// `10^k` for every scale a `Decimal` can have (0 to 28); each is exact in
/// `f64` up to `10^22` and the nearest `f64` beyond.
const POWERS_OF_TEN: [f64; 29] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22, 1e23, 1e24, 1e25, 1e26, 1e27, 1e28,
];

/// `Some(x)` when `x` is finite: `f64`'s "range".
fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

impl Number for f64 {
    const ZERO: f64 = 0.0;
    const ONE: f64 = 1.0;

    fn of_int(n: i64) -> f64 {
        n as f64
    }

    /// The mantissa over the power of ten of the scale: the nearest `f64`
    /// when the mantissa has at most 53 bits (every amount the engine holds
    /// to the penny under £90 trillion), and within a unit in the last
    /// place otherwise (a 28-digit index: the mantissa is rounded once to
    /// `f64`, then the quotient).
    fn of(d: Decimal) -> f64 {
        let m = d.mantissa();
        // A mantissa that fits 64 bits converts in one instruction.
        let m = match i64::try_from(m) {
            Ok(m) => m as f64,
            Err(_) => m as f64,
        };
        m / POWERS_OF_TEN[d.scale() as usize]
    }

    fn decimal(self) -> Decimal {
        Decimal::from_f64(self).unwrap_or_default()
    }

    fn index(_exact: Option<Decimal>, float: Option<f64>) -> f64 {
        float.unwrap_or(1.0)
    }

    fn checked_add(self, other: f64) -> Option<f64> {
        finite(self + other)
    }

    fn checked_mul(self, other: f64) -> Option<f64> {
        finite(self * other)
    }

    fn checked_div(self, other: f64) -> Option<f64> {
        finite(self / other)
    }

    fn powi(self, n: i32) -> Option<f64> {
        finite(f64::powi(self, n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    /// A formula written once, over either type.
    fn monthly<N: Number>(annual: N, share: N, index: N) -> N {
        (annual * share * index).max_of(N::ZERO) / N::of_int(12)
    }

    #[test]
    fn a_formula_over_decimal_is_the_plain_decimal_formula_and_over_f64_near_it() {
        // 1000 × 0.35 × 1.0712 / 12 = 31.2433333…
        let exact = monthly(d("1000"), d("0.35"), d("1.0712"));
        assert_eq!(exact, d("1000") * d("0.35") * d("1.0712") / d("12"));
        assert_eq!(exact.round_dp(6), d("31.243333"));
        let float = monthly(1000.0, 0.35, f64::of(d("1.0712")));
        assert!((float - 31.243_333_333).abs() < 1e-9, "{float}");
        assert_eq!(float.decimal().round_dp(6), d("31.243333"));
        assert_eq!(monthly(-1.0, 1.0, 1.0), 0.0);
    }

    #[test]
    fn a_decimal_becomes_the_nearest_f64() {
        for text in [
            "0",
            "1",
            "-1",
            "0.1",
            "0.35",
            "1.0712",
            "-123456.789",
            "31243.333333333333333333",
            "1000000000000",
            "0.0000000000000000000000000001",
            "79228162514264337593543950335",
        ] {
            let d = d(text);
            let expected: f64 = text.parse().unwrap();
            let got = f64::of(d);
            assert!(
                (got - expected).abs() <= expected.abs() * 2.0 * f64::EPSILON,
                "{text}: {got} against {expected}"
            );
        }
    }

    #[test]
    fn powers_and_range() {
        assert_eq!(Number::powi(d("1.1"), 2), Some(d("1.21")));
        assert_eq!(Number::powi(d("2"), -2), Some(d("0.25")));
        assert_eq!(Number::powi(2.0_f64, -2), Some(0.25));
        assert_eq!(Number::checked_div(1.0_f64, 0.0), None);
        assert_eq!(Number::checked_mul(f64::MAX, 2.0), None);
        assert_eq!(Number::checked_mul(Decimal::MAX, d("2")), None);
    }
}
