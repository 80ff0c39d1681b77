//! Rank correlations: checking the matrix the pairs make, and the
//! Iman–Conover method (Iman and Conover, "A distribution-free approach to
//! inducing rank correlation among input variables", Communications in
//! Statistics B 11(3), 1982), as @RISK and XLRisk apply it.

use super::special::norm_inv;
use super::{fmt_num, Correlation};
use rand::seq::SliceRandom;
use rand_pcg::Pcg64;

/// A square matrix, row by row.
pub(super) type Matrix = Vec<Vec<f64>>;

/// The lower-triangular `L` with `L·Lᵀ = m`, or the index of the first
/// leading minor that is not positive definite.
pub(super) fn cholesky(m: &Matrix) -> Result<Matrix, usize> {
    let n = m.len();
    let mut l = vec![vec![0.0; n]; n];
    for i in 0..n {
        for j in 0..=i {
            let s: f64 = (0..j).map(|k| l[i][k] * l[j][k]).sum();
            if i == j {
                let d = m[i][i] - s;
                // A pivot this small means the matrix is singular or
                // nearly so (a correlation of ±1, or pairs that force one).
                if d.is_nan() || d <= 1e-10 {
                    return Err(i);
                }
                l[i][i] = d.sqrt();
            } else {
                l[i][j] = (m[i][j] - s) / l[j][j];
            }
        }
    }
    Ok(l)
}

/// The inverse of a lower-triangular matrix with a non-zero diagonal.
fn invert_lower(l: &Matrix) -> Matrix {
    let n = l.len();
    let mut inv = vec![vec![0.0; n]; n];
    for j in 0..n {
        inv[j][j] = 1.0 / l[j][j];
        for i in j + 1..n {
            let s: f64 = (j..i).map(|k| l[i][k] * inv[k][j]).sum();
            inv[i][j] = -s / l[i][i];
        }
    }
    inv
}

/// The correlation matrix of `m` parameters: 1 on the diagonal, the pairs
/// given, 0 elsewhere. Pairs must already be checked.
pub(super) fn target_matrix(m: usize, pairs: &[Correlation]) -> Matrix {
    let mut c = vec![vec![0.0; m]; m];
    for (i, row) in c.iter_mut().enumerate() {
        row[i] = 1.0;
    }
    for p in pairs {
        c[p.a][p.b] = p.rho;
        c[p.b][p.a] = p.rho;
    }
    c
}

fn name(names: &[String], k: usize) -> String {
    names
        .get(k)
        .cloned()
        .unwrap_or_else(|| format!("parameter #{}", k + 1))
}

/// The checks of `check_correlations`, in the order a person would fix
/// them: each pair on its own, then the matrix as a whole.
pub(super) fn check(names: &[String], pairs: &[Correlation]) -> Result<(), String> {
    let m = names.len();
    let mut problems = Vec::new();
    for (i, p) in pairs.iter().enumerate() {
        if p.a >= m || p.b >= m {
            problems.push(format!(
                "a correlation names parameter #{} but there are only {m} uncertain parameters",
                p.a.max(p.b) + 1
            ));
            continue;
        }
        let (a, b) = (name(names, p.a), name(names, p.b));
        if p.a == p.b {
            problems.push(format!("a parameter cannot be correlated with itself: {a}"));
            continue;
        }
        if !p.rho.is_finite() || p.rho.abs() > 1.0 {
            problems.push(format!(
                "the correlation between {a} and {b} must be between -1 and 1, found {}",
                fmt_num(p.rho)
            ));
        }
        if let Some(q) = pairs[..i]
            .iter()
            .find(|q| (q.a, q.b) == (p.a, p.b) || (q.a, q.b) == (p.b, p.a))
        {
            problems.push(format!(
                "the correlation between {a} and {b} is given twice ({} and {}): keep one",
                fmt_num(q.rho),
                fmt_num(p.rho)
            ));
        }
    }
    if !problems.is_empty() {
        return Err(problems.join("; "));
    }
    match inconsistent_set(m, pairs) {
        None => Ok(()),
        Some(set) => Err(not_positive_definite(names, pairs, &set)),
    }
}

/// Whether the correlation matrix restricted to `set` is positive definite.
fn positive_definite(set: &[usize], pairs: &[Correlation]) -> bool {
    let sub: Vec<Correlation> = pairs
        .iter()
        .filter_map(|p| {
            let a = set.iter().position(|&k| k == p.a)?;
            let b = set.iter().position(|&k| k == p.b)?;
            Some(Correlation { a, b, rho: p.rho })
        })
        .collect();
    cholesky(&target_matrix(set.len(), &sub)).is_ok()
}

/// A smallest set of parameters whose correlations contradict each other,
/// or `None` when the whole matrix is positive definite. Parameters that
/// are linked by no chain of pairs do not constrain each other, so each
/// connected group is checked on its own; within a failing group, the
/// parameters of the failing leading minor are kept and then thinned while
/// what remains still fails.
fn inconsistent_set(m: usize, pairs: &[Correlation]) -> Option<Vec<usize>> {
    let mut group: Vec<usize> = (0..m).collect();
    fn root(g: &mut [usize], k: usize) -> usize {
        let mut r = k;
        while g[r] != r {
            r = g[r];
        }
        g[k] = r;
        r
    }
    for p in pairs {
        let (ra, rb) = (root(&mut group, p.a), root(&mut group, p.b));
        group[ra.max(rb)] = ra.min(rb);
    }
    let roots: Vec<usize> = (0..m).map(|k| root(&mut group, k)).collect();
    let mut seen = Vec::new();
    for &r in &roots {
        if seen.contains(&r) {
            continue;
        }
        seen.push(r);
        let members: Vec<usize> = (0..m).filter(|&k| roots[k] == r).collect();
        if members.len() < 2 || positive_definite(&members, pairs) {
            continue;
        }
        let sub: Vec<Correlation> = pairs
            .iter()
            .filter_map(|p| {
                let a = members.iter().position(|&k| k == p.a)?;
                let b = members.iter().position(|&k| k == p.b)?;
                Some(Correlation { a, b, rho: p.rho })
            })
            .collect();
        let failed = cholesky(&target_matrix(members.len(), &sub)).err()?;
        let mut set: Vec<usize> = members[..=failed].to_vec();
        let mut i = 0;
        while i < set.len() {
            let mut fewer = set.clone();
            fewer.remove(i);
            if fewer.len() >= 2 && !positive_definite(&fewer, pairs) {
                set = fewer;
            } else {
                i += 1;
            }
        }
        return Some(set);
    }
    None
}

fn not_positive_definite(names: &[String], pairs: &[Correlation], set: &[usize]) -> String {
    let involved: Vec<&Correlation> = pairs
        .iter()
        .filter(|p| set.contains(&p.a) && set.contains(&p.b))
        .collect();
    let listed: Vec<String> = involved
        .iter()
        .map(|p| {
            format!(
                "{} and {} ({})",
                name(names, p.a),
                name(names, p.b),
                fmt_num(p.rho)
            )
        })
        .collect();
    if let [p] = involved.as_slice() {
        return format!(
            "the correlation between {} and {} is {}: that would make one parameter an exact copy \
             of the other (in statistical terms the correlation matrix is not positive \
             definite); use a value such as {} instead, or make them one parameter",
            name(names, p.a),
            name(names, p.b),
            fmt_num(p.rho),
            if p.rho > 0.0 { "0.99" } else { "-0.99" }
        );
    }
    format!(
        "these correlations cannot all hold at once: {} (in statistical terms the correlation \
         matrix is not positive definite: pairs that each look possible contradict each other \
         taken together, e.g. if a moves with b and b with c, a cannot move against c). Move \
         one or more of them towards 0, starting with the one you are least sure of",
        listed.join(", ")
    )
}

/// Reorders each column of `columns` (ascending values) into the order of
/// the Iman–Conover scores, so that the rank correlations approach `c`.
/// `p` is the Cholesky factor of the target matrix. Returns `None` when the
/// scores' own correlation matrix is singular (fewer iterations than
/// parameters), and the caller keeps the columns uncorrelated.
///
/// Van der Waerden scores Φ⁻¹(i/(n+1)) are shuffled into each column of
/// `R`; with `E` their correlation matrix and `E = Q·Qᵀ`, `C = P·Pᵀ`, the
/// rows of `R* = R·(Q⁻¹)ᵀ·Pᵀ` have correlation matrix close to `C`; each
/// column of samples is then put in the rank order of `R*`'s column.
pub(super) fn iman_conover(
    sorted: &[Vec<f64>],
    p: &Matrix,
    rng: &mut Pcg64,
) -> Option<Vec<Vec<f64>>> {
    let m = sorted.len();
    let n = sorted.first().map_or(0, Vec::len);
    let scores: Vec<f64> = (1..=n)
        .map(|i| norm_inv(i as f64 / (n as f64 + 1.0)))
        .collect();
    let r: Vec<Vec<f64>> = (0..m)
        .map(|_| {
            let mut s = scores.clone();
            s.shuffle(rng);
            s
        })
        .collect();
    // Every column holds the same scores, so they share one mean and one
    // sum of squares.
    let mean = scores.iter().sum::<f64>() / n as f64;
    let ss: f64 = scores.iter().map(|s| (s - mean) * (s - mean)).sum();
    let mut e = vec![vec![1.0; m]; m];
    for i in 0..m {
        for j in 0..i {
            let cov: f64 = r[i]
                .iter()
                .zip(&r[j])
                .map(|(x, y)| (x - mean) * (y - mean))
                .sum();
            e[i][j] = cov / ss;
            e[j][i] = e[i][j];
        }
    }
    let q = cholesky(&e).ok()?;
    let q_inv = invert_lower(&q);
    // T = P·Q⁻¹ (lower triangular): row k of R* is Σ_l T[k][l]·R[l].
    let t: Matrix = (0..m)
        .map(|k| {
            (0..m)
                .map(|l| (l..=k).map(|j| p[k][j] * q_inv[j][l]).sum())
                .collect()
        })
        .collect();
    let mut target = vec![0.0; n];
    let mut keyed: Vec<(u64, u32)> = Vec::with_capacity(n);
    let mut spare: Vec<(u64, u32)> = Vec::with_capacity(n);
    let mut out = Vec::with_capacity(m);
    for k in 0..m {
        target.iter_mut().for_each(|x| *x = 0.0);
        for (l, col) in r.iter().enumerate().take(k + 1) {
            let w = t[k][l];
            if w != 0.0 {
                target.iter_mut().zip(col).for_each(|(x, s)| *x += w * s);
            }
        }
        // Rank by value, ties by iteration: f64 bits made to sort as
        // unsigned integers, beside the iteration number.
        keyed.clear();
        keyed.extend(
            target
                .iter()
                .enumerate()
                .map(|(i, &x)| (ordered_bits(x), i as u32)),
        );
        radix_sort(&mut keyed, &mut spare);
        let mut col = vec![0.0; n];
        for (rank, &(_, i)) in keyed.iter().enumerate() {
            col[i as usize] = sorted[k][rank];
        }
        out.push(col);
    }
    Some(out)
}

/// The bits of `x` as an integer in the same order as `f64::total_cmp`.
fn ordered_bits(x: f64) -> u64 {
    let b = x.to_bits();
    if b >> 63 == 1 {
        !b
    } else {
        b | (1 << 63)
    }
}

/// Sorts `(key, iteration)` pairs by key, ties in their present order: a
/// least-significant-digit radix sort, 11 bits a pass (passes whose digit
/// is the same for every key are skipped). Linear in `n`, where a
/// comparison sort of 100,000 pairs costs several times more.
fn radix_sort(items: &mut Vec<(u64, u32)>, spare: &mut Vec<(u64, u32)>) {
    const BITS: u32 = 11;
    const BUCKETS: usize = 1 << BITS;
    let n = items.len();
    let mut counts = vec![0usize; BUCKETS];
    for shift in (0..64).step_by(BITS as usize) {
        counts.iter_mut().for_each(|c| *c = 0);
        let digit = |k: u64| ((k >> shift) as usize) & (BUCKETS - 1);
        for &(k, _) in items.iter() {
            counts[digit(k)] += 1;
        }
        if counts.contains(&n) {
            continue;
        }
        let mut start = 0;
        for c in counts.iter_mut() {
            let here = *c;
            *c = start;
            start += here;
        }
        spare.clear();
        spare.resize(n, (0, 0));
        for &item in items.iter() {
            let slot = &mut counts[digit(item.0)];
            spare[*slot] = item;
            *slot += 1;
        }
        std::mem::swap(items, spare);
    }
}
