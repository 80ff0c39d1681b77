//! The engine's calendar (SPEC section 1).
//!
//! The time step is the calendar month. Councils budget by **financial
//! year** (April to March, `2012/13`); schools run by **academic year**
//! (September to August). Events take effect by the **effective-date rule**:
//! from the month of a date that is the 1st, otherwise from the month after.

use chrono::{Datelike, NaiveDate};
use std::fmt;

/// A calendar month, stored as months since January of year 0 so that
/// months compare and subtract as integers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month(i32);

impl Month {
    /// The month `month` (1–12) of calendar year `year`.
    pub fn new(year: i32, month: u32) -> Month {
        debug_assert!((1..=12).contains(&month));
        Month(year * 12 + month as i32 - 1)
    }

    pub fn year(self) -> i32 {
        self.0.div_euclid(12)
    }

    /// 1 = January … 12 = December.
    pub fn month(self) -> u32 {
        self.0.rem_euclid(12) as u32 + 1
    }

    /// The month of a date, whatever its day.
    pub fn of(date: NaiveDate) -> Month {
        Month::new(date.year(), date.month())
    }

    /// The effective-date rule: a date on the 1st takes effect that month,
    /// any other date from the following month (vacated on 15 June saves
    /// from July).
    pub fn effective(date: NaiveDate) -> Month {
        let m = Month::of(date);
        if date.day() == 1 {
            m
        } else {
            m.plus(1)
        }
    }

    pub fn plus(self, months: i32) -> Month {
        Month(self.0 + months)
    }

    /// Whole months from `earlier` to `self` (negative when `self` is
    /// earlier).
    pub fn since(self, earlier: Month) -> i32 {
        self.0 - earlier.0
    }

    /// The financial year this month belongs to.
    pub fn financial_year(self) -> FinancialYear {
        let y = self.year();
        FinancialYear(if self.month() >= 4 { y } else { y - 1 })
    }

    /// The academic year this month belongs to.
    pub fn academic_year(self) -> AcademicYear {
        let y = self.year();
        AcademicYear(if self.month() >= 9 { y } else { y - 1 })
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year(), self.month())
    }
}

/// Formats the two-year label `YYYY/YY` shared by financial and academic
/// years.
fn year_label(first: i32, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    write!(f, "{:04}/{:02}", first, (first + 1).rem_euclid(100))
}

/// A financial year, April to March, named by its first calendar year:
/// `FinancialYear(2012)` is `2012/13`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FinancialYear(pub i32);

impl FinancialYear {
    /// The first calendar year (2012 for `2012/13`).
    pub fn first_year(self) -> i32 {
        self.0
    }

    /// April, the first month of the year.
    pub fn first_month(self) -> Month {
        Month::new(self.0, 4)
    }

    pub fn plus(self, years: i32) -> FinancialYear {
        FinancialYear(self.0 + years)
    }

    /// Years from `earlier` to `self`.
    pub fn since(self, earlier: FinancialYear) -> i32 {
        self.0 - earlier.0
    }

    /// Parses a label `YYYY/YY`. The second part must be the year after the
    /// first (`2012/13`, `1999/00`); `2012/14` is an error.
    pub fn parse(label: &str) -> Result<FinancialYear, String> {
        parse_year_label(label).map(FinancialYear)
    }
}

impl fmt::Display for FinancialYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        year_label(self.0, f)
    }
}

/// An academic year, September to August, named by its first calendar
/// year: `AcademicYear(2013)` is `2013/14`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AcademicYear(pub i32);

impl AcademicYear {
    pub fn first_year(self) -> i32 {
        self.0
    }
}

impl fmt::Display for AcademicYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        year_label(self.0, f)
    }
}

fn parse_year_label(label: &str) -> Result<i32, String> {
    let expected = || format!("expected a year label like \"2012/13\", found \"{label}\"");
    let (a, b) = label.trim().split_once('/').ok_or_else(expected)?;
    if a.len() != 4
        || b.len() != 2
        || !a.bytes().all(|c| c.is_ascii_digit())
        || !b.bytes().all(|c| c.is_ascii_digit())
    {
        return Err(expected());
    }
    let first: i32 = a.parse().map_err(|_| expected())?;
    let second: i32 = b.parse().map_err(|_| expected())?;
    if (first + 1) % 100 != second {
        return Err(format!(
            "\"{label}\": the second year must follow the first \
             (\"{first}/{:02}\")",
            (first + 1) % 100
        ));
    }
    Ok(first)
}

/// Parses an ISO `YYYY-MM-DD` date; a date that does not exist
/// (`2013-02-30`) is an error.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let t = text.trim();
    let shape_ok = t.len() == 10
        && t.bytes().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    if !shape_ok {
        return Err(format!("expected a date YYYY-MM-DD, found \"{text}\""));
    }
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .map_err(|_| format!("\"{text}\" is not a date that exists"))
}

/// The months a projection covers: `12 × years` months from April of
/// `start`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Horizon {
    pub start: FinancialYear,
    pub years: u32,
}

impl Horizon {
    pub fn first_month(&self) -> Month {
        self.start.first_month()
    }

    /// The month after the last one.
    pub fn end_month(&self) -> Month {
        self.first_month().plus(12 * self.years as i32)
    }

    pub fn last_year(&self) -> FinancialYear {
        self.start.plus(self.years as i32 - 1)
    }

    pub fn contains(&self, m: Month) -> bool {
        m >= self.first_month() && m < self.end_month()
    }

    /// The months of the horizon, in order.
    pub fn months(&self) -> impl Iterator<Item = Month> {
        let first = self.first_month();
        (0..12 * self.years as i32).map(move |i| first.plus(i))
    }

    /// The financial years of the horizon, in order.
    pub fn financial_years(&self) -> impl Iterator<Item = FinancialYear> {
        let start = self.start;
        (0..self.years as i32).map(move |i| start.plus(i))
    }

    /// Index of a month inside the horizon (0 for April of `start`).
    pub fn index(&self, m: Month) -> Option<usize> {
        self.contains(m)
            .then(|| m.since(self.first_month()) as usize)
    }
}

impl fmt::Display for Horizon {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} to {}", self.start, self.last_year())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    #[test]
    fn months_belong_to_financial_years_april_to_march() {
        // March 2013 is the last month of 2012/13; April 2013 the first
        // of 2013/14.
        let cases = [
            ((2012, 4), "2012/13"),
            ((2013, 3), "2012/13"),
            ((2013, 4), "2013/14"),
            ((2000, 1), "1999/00"),
            ((1999, 12), "1999/00"),
        ];
        for ((y, m), label) in cases {
            assert_eq!(
                Month::new(y, m).financial_year().to_string(),
                label,
                "{y}-{m}"
            );
        }
    }

    #[test]
    fn months_belong_to_academic_years_september_to_august() {
        assert_eq!(Month::new(2013, 8).academic_year(), AcademicYear(2012));
        assert_eq!(Month::new(2013, 9).academic_year(), AcademicYear(2013));
        assert_eq!(AcademicYear(2013).to_string(), "2013/14");
    }

    #[test]
    fn financial_year_labels_parse_and_print() {
        assert_eq!(FinancialYear::parse("2012/13"), Ok(FinancialYear(2012)));
        assert_eq!(FinancialYear::parse("1999/00"), Ok(FinancialYear(1999)));
        assert_eq!(FinancialYear(2009).to_string(), "2009/10");
        assert_eq!(FinancialYear(1999).to_string(), "1999/00");
        for bad in ["2012/14", "2012", "12/13", "2012-13", "abcd/ef", ""] {
            assert!(FinancialYear::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn effective_date_rule() {
        // On the 1st: that month. Otherwise: the following month.
        assert_eq!(Month::effective(d("2012-06-01")), Month::new(2012, 6));
        assert_eq!(Month::effective(d("2012-06-15")), Month::new(2012, 7));
        assert_eq!(Month::effective(d("2012-12-31")), Month::new(2013, 1));
    }

    #[test]
    fn dates_that_do_not_exist_are_errors() {
        assert!(parse_date("2013-02-30").is_err());
        assert!(parse_date("2013-2-3").is_err());
        assert!(parse_date("2012-02-29").is_ok());
    }

    #[test]
    fn horizon_covers_twelve_months_a_year_from_april() {
        let h = Horizon {
            start: FinancialYear(2012),
            years: 2,
        };
        let months: Vec<Month> = h.months().collect();
        assert_eq!(months.len(), 24);
        assert_eq!(months[0], Month::new(2012, 4));
        assert_eq!(months[23], Month::new(2014, 3));
        assert!(!h.contains(Month::new(2014, 4)));
        assert!(!h.contains(Month::new(2012, 3)));
        assert_eq!(h.last_year(), FinancialYear(2013));
        assert_eq!(h.index(Month::new(2013, 4)), Some(12));
    }

    #[test]
    fn month_arithmetic_crosses_years() {
        assert_eq!(Month::new(2012, 11).plus(3), Month::new(2013, 2));
        assert_eq!(Month::new(2013, 2).since(Month::new(2012, 6)), 8);
        assert_eq!(Month::new(-1, 12).year(), -1);
    }
}
