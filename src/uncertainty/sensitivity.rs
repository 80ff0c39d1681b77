//! Sensitivity the way members read it (SPEC 9.4): the tornado (each
//! uncertain parameter alone at its P10 and P90) and switching values (the
//! value at which the NPV, or the MTFS period's net cashable savings,
//! would be zero), all through the exact engine.

use super::simulate::{evaluate, Outcome};
use super::{exact, Base, Uncertain, Uncertainty};
use crate::error::Result;
use crate::kinds::Sources;
use crate::model::params::Set;
use crate::model::Model;
use rayon::prelude::*;
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use rust_decimal::Decimal;

/// One row of `sensitivity.csv`.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub parameter: String,
    pub base: String,
    pub p10_value: String,
    pub p90_value: String,
    pub npv_at_p10: Decimal,
    pub npv_at_p90: Decimal,
    pub npv_swing: Decimal,
    pub mtfs_net_cashable_at_p10: Decimal,
    pub mtfs_net_cashable_at_p90: Decimal,
    /// `None`: the measure keeps one sign over the distribution's range.
    pub switching_value_npv: Option<String>,
    pub switching_value_mtfs: Option<String>,
}

/// The bisection's most steps: 28 digits of a decimal are used up well
/// before.
const MAX_STEPS: usize = 200;

/// The tornado and switching values of every uncertain parameter, sorted
/// by NPV swing, largest first (ties by path).
pub fn sensitivity(model: &Model, sources: &Sources, u: &Uncertainty) -> Result<Vec<Row>> {
    let mtfs = u.mtfs_years as usize;
    let memo = crate::kinds::memo::Memo::default();
    let sources = &Sources {
        memo: Some(&memo),
        ..*sources
    };
    let mut rows = super::on_threads(|| {
        u.parameters
            .par_iter()
            .map(|p| row(model, sources, p, mtfs))
            .collect::<Result<Vec<Row>>>()
    })?;
    rows.sort_by(|a, b| {
        b.npv_swing
            .cmp(&a.npv_swing)
            .then_with(|| a.parameter.cmp(&b.parameter))
    });
    Ok(rows)
}

/// A quantile as SPEC 9.4 has it: computed in binary floating point,
/// rounded to 6 significant figures (months and whole numbers rounded half
/// away from zero) by [`Uncertain::set_at`].
fn at_quantile(p: &Uncertain, q: f64) -> Set {
    p.set_at(p.distribution.quantile(q))
}

fn row(model: &Model, sources: &Sources, p: &Uncertain, mtfs: usize) -> Result<Row> {
    let (s10, s90) = (at_quantile(p, 0.1), at_quantile(p, 0.9));
    let o10 = evaluate(model, sources, std::slice::from_ref(&s10))?;
    let o90 = evaluate(model, sources, std::slice::from_ref(&s90))?;
    let npv = |o: &Outcome| o.npv;
    let net = move |o: &Outcome| o.net_cashable_in(mtfs);
    Ok(Row {
        parameter: p.path.clone(),
        base: p.base.text(),
        p10_value: s10.toml.trim_matches('"').to_string(),
        p90_value: s90.toml.trim_matches('"').to_string(),
        npv_at_p10: o10.npv,
        npv_at_p90: o90.npv,
        npv_swing: (o90.npv - o10.npv).abs(),
        mtfs_net_cashable_at_p10: net(&o10),
        mtfs_net_cashable_at_p90: net(&o90),
        switching_value_npv: switching(model, sources, p, &npv)?,
        switching_value_mtfs: switching(model, sources, p, &net)?,
    })
}

/// The value of `p`, within its distribution's range, at which `measure`
/// is within £1 of zero, by bisection on the exact engine; `None` when the
/// measure has one sign at both ends of the range. A date's or a whole
/// number's steps are whole: its switching value is the first one (from
/// the low end) at which the measure changes sign.
fn switching(
    model: &Model,
    sources: &Sources,
    p: &Uncertain,
    measure: &dyn Fn(&Outcome) -> Decimal,
) -> Result<Option<String>> {
    let (lo, hi) = p.distribution.support();
    let whole = p.whole || matches!(p.base, Base::Date(_));
    let value = |x: Decimal| -> Set {
        if whole {
            p.set_at(x.to_f64().unwrap_or(0.0))
        } else {
            Set {
                arg: format!("{}={}", p.path, x.normalize()),
                path: p.parts.clone(),
                toml: x.normalize().to_string(),
            }
        }
    };
    let f = |x: Decimal| -> Result<Decimal> {
        Ok(measure(&evaluate(
            model,
            sources,
            std::slice::from_ref(&value(x)),
        )?))
    };
    let (mut a, mut b) = if whole {
        (
            Decimal::from_f64(lo.round()).unwrap_or_default(),
            Decimal::from_f64(hi.round()).unwrap_or_default(),
        )
    } else {
        (exact_bound(lo), exact_bound(hi))
    };
    let (mut fa, fb) = (f(a)?, f(b)?);
    let one = Decimal::ONE;
    if fa.abs() < one {
        return Ok(Some(value(a).toml.trim_matches('"').to_string()));
    }
    if fb.abs() < one {
        return Ok(Some(value(b).toml.trim_matches('"').to_string()));
    }
    if fa.is_sign_negative() == fb.is_sign_negative() {
        return Ok(None);
    }
    for _ in 0..MAX_STEPS {
        if whole && b - a <= one {
            return Ok(Some(value(b).toml.trim_matches('"').to_string()));
        }
        let mid = if whole {
            ((a + b) / Decimal::TWO).floor()
        } else {
            ((a + b) / Decimal::TWO).round_dp(20)
        };
        if mid == a || mid == b {
            break;
        }
        let fm = f(mid)?;
        if fm.abs() < one && !whole {
            return Ok(Some(value(mid).toml));
        }
        if fm.is_sign_negative() == fa.is_sign_negative() {
            a = mid;
            fa = fm;
        } else {
            b = mid;
        }
    }
    // A jump across zero with no value within £1 of it.
    Ok(None)
}

/// A distribution's end as an exact decimal (6 significant figures, inside
/// the range the file wrote).
fn exact_bound(x: f64) -> Decimal {
    exact(x, false)
}
