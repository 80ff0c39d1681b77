//! Alt text: what each chart shows, in words, with its figures rounded
//! (£1.2m / £350k). It goes in the SVG's `<desc>` and in `Rendered::alt`.

use super::axis::money;
use super::input::{clean, finite, label, visible};
use super::{BaselineBars, Comparison, SavingsProfile};

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

pub(super) fn profile_alt(p: &SavingsProfile) -> String {
    let strip = |s: &[(crate::flows::Class, String, Vec<f64>)]| -> Vec<(String, Vec<f64>)> {
        s.iter().map(|(_, n, v)| (n.clone(), v.clone())).collect()
    };
    let bars = visible(&strip(&p.benefits));
    let costs = visible(&strip(&p.costs));
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

pub(super) fn baseline_alt(b: &BaselineBars) -> String {
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
    if b.additive {
        s.push_str(&format!(" The total is {}", money(grand)));
        if let (Some((i, t)), true) = (top, cats.len() > 1) {
            s.push_str(&format!("; {} is the largest at {}", cats[i], money(t)));
        }
    } else {
        // averages (or rates) do not add up: give the range, not a total
        let low = totals
            .iter()
            .enumerate()
            .fold(None::<(usize, f64)>, |best, (i, t)| match best {
                Some((_, bt)) if bt <= *t => best,
                _ => Some((i, *t)),
            });
        match (top, low) {
            (Some((i, t)), Some((j, l))) if cats.len() > 1 => s.push_str(&format!(
                " Values range from {} ({}) to {} ({})",
                money(l),
                cats[j],
                money(t),
                cats[i]
            )),
            (Some((i, t)), _) => s.push_str(&format!(" {} is {}", cats[i], money(t))),
            _ => {}
        }
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

pub(super) fn comparison_alt(c: &Comparison) -> String {
    let k = c.cumulative.len().max(c.options.len());
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
    s.push_str(&format!(
        ". Top: line chart of the cumulative net cashable position of each option by financial year{}. Bottom: bars of each option's present value by class (cashable, cost avoidance and the rest, costs below zero) with its net present value (NPV) marked, ranked by {}.",
        if c.cumulative.len() > super::comparison::COLOURED_LINES {
            format!(
                " (the first {} in rank order in colour, the others in grey)",
                super::comparison::COLOURED_LINES
            )
        } else {
            String::new()
        },
        clean(&c.ranked_by)
    ));
    let npv: Vec<(String, f64)> = c
        .options
        .iter()
        .filter_map(|o| finite(o.npv).map(|v| (clean(&o.name), v)))
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
