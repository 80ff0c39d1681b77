//! Tests of the sampler. Tolerances for sample moments at n = 100,000:
//! a Latin hypercube sample's mean and variance are exact up to the
//! stratification error (far below 1e-3 of the sd), so LHS is held to
//! 0.2% of the sd for the mean and 0.5% of the variance; plain Monte Carlo
//! has a standard error of the mean of sd/√n ≈ 0.32% of the sd and of the
//! variance of about √(2/n) ≈ 0.45% (normal-like), so MC is held to about
//! four standard errors: 1.3% of the sd and 2% of the variance. A correct
//! sampler fails these about once in 10,000 seeds; the seed is fixed.

use super::special::{norm_cdf, norm_inv, Beta};
use super::*;

const N: usize = 100_000;

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn all_distributions() -> Vec<(&'static str, Distribution)> {
    vec![
        (
            "triangular",
            Distribution::Triangular {
                min: 0.6,
                mode: 0.8,
                max: 0.9,
            },
        ),
        (
            "pert",
            Distribution::Pert {
                min: 0.02,
                mode: 0.06,
                max: 0.10,
            },
        ),
        (
            "pert skewed",
            Distribution::Pert {
                min: 100.0,
                mode: 130.0,
                max: 400.0,
            },
        ),
        (
            "uniform",
            Distribution::Uniform {
                min: 0.02,
                max: 0.10,
            },
        ),
        (
            "normal",
            Distribution::Normal {
                mean: 2_500_000.0,
                sd: 400_000.0,
                min: 900_000.0,
                max: 4_100_000.0,
            },
        ),
        (
            "normal cut at 0",
            Distribution::Normal {
                mean: 1.0,
                sd: 1.0,
                min: 0.0,
                max: 5.0,
            },
        ),
        (
            "discrete",
            Distribution::Discrete {
                values: vec![(0.0, 0.5), (12.0, 0.3), (24.0, 0.2)],
            },
        ),
    ]
}

fn moments(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let var = xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n;
    (mean, var)
}

#[test]
fn sample_mean_and_variance_match_the_closed_forms() {
    for (method, mean_tol, var_tol) in [(Method::Lhs, 0.002, 0.005), (Method::Mc, 0.013, 0.02)] {
        for (label, d) in all_distributions() {
            d.check().unwrap();
            let cols = sample_columns(std::slice::from_ref(&d), &[], N, method, 7);
            let (mean, var) = moments(&cols[0]);
            let sd = d.variance().sqrt();
            assert!(
                (mean - d.mean()).abs() <= mean_tol * sd,
                "{label} {method:?}: mean {mean} vs {}",
                d.mean()
            );
            assert!(
                (var / d.variance() - 1.0).abs() <= var_tol,
                "{label} {method:?}: variance {var} vs {}",
                d.variance()
            );
        }
    }
}

#[test]
fn closed_form_moments_worked_by_hand() {
    let t = Distribution::Triangular {
        min: 0.0,
        mode: 1.0,
        max: 4.0,
    };
    assert!((t.mean() - 5.0 / 3.0).abs() < 1e-15);
    // (0 + 1 + 16 − 0 − 0 − 4)/18
    assert!((t.variance() - 13.0 / 18.0).abs() < 1e-15);
    let p = Distribution::Pert {
        min: 0.0,
        mode: 1.0,
        max: 4.0,
    };
    // (0 + 4 + 4)/6; α = 2, β = 4: 16·8/(36·7)
    assert!((p.mean() - 8.0 / 6.0).abs() < 1e-15);
    assert!((p.variance() - 16.0 * 8.0 / 252.0).abs() < 1e-15);
    let u = Distribution::Uniform { min: 2.0, max: 8.0 };
    assert_eq!((u.mean(), u.variance()), (5.0, 3.0));
    // Truncated symmetrically the mean stays put; untruncated-wide, the
    // variance is sd².
    let n = Distribution::Normal {
        mean: 10.0,
        sd: 2.0,
        min: 0.0,
        max: 20.0,
    };
    assert!((n.mean() - 10.0).abs() < 1e-12);
    assert!((n.variance() - 4.0).abs() < 1e-4);
    // Half-normal: mean sd·√(2/π), variance sd²(1 − 2/π).
    let h = Distribution::Normal {
        mean: 0.0,
        sd: 1.0,
        min: 0.0,
        max: 40.0,
    };
    let two_over_pi = 2.0 / std::f64::consts::PI;
    assert!((h.mean() - two_over_pi.sqrt()).abs() < 1e-14);
    assert!((h.variance() - (1.0 - two_over_pi)).abs() < 1e-14);
    let d = Distribution::Discrete {
        values: vec![(0.0, 0.5), (12.0, 0.3), (24.0, 0.2)],
    };
    assert!((d.mean() - 8.4).abs() < 1e-12);
    // 0.3·144 + 0.2·576 − 8.4²
    assert!((d.variance() - (43.2 + 115.2 - 70.56)).abs() < 1e-9);
}

#[test]
fn p10_and_p90_against_closed_forms() {
    // Triangular [0, 1, 4]: F(1) = 1/4, so P10 = √(0.1·4·1) and
    // P90 = 4 − √(0.1·4·3).
    let t = Distribution::Triangular {
        min: 0.0,
        mode: 1.0,
        max: 4.0,
    };
    assert!((t.quantile(0.1) - 0.4f64.sqrt()).abs() < 1e-15);
    assert!((t.quantile(0.9) - (4.0 - 1.2f64.sqrt())).abs() < 1e-15);
    let u = Distribution::Uniform {
        min: 0.02,
        max: 0.10,
    };
    assert!((u.quantile(0.1) - 0.028).abs() < 1e-15);
    assert!((u.quantile(0.9) - 0.092).abs() < 1e-15);
    // A normal cut so far out the cut does not matter: mean ± 1.2815515655446004 sd.
    let n = Distribution::Normal {
        mean: 100.0,
        sd: 10.0,
        min: -1e6,
        max: 1e6,
    };
    assert!((n.quantile(0.1) - (100.0 - 12.815515655446004)).abs() < 1e-11);
    assert!((n.quantile(0.9) - (100.0 + 12.815515655446004)).abs() < 1e-11);
    assert!((norm_inv(0.9) - 1.2815515655446004).abs() < 1e-15);
    // Truncated at the mean: the half-normal's P10 is Φ⁻¹(0.55).
    let h = Distribution::Normal {
        mean: 0.0,
        sd: 1.0,
        min: 0.0,
        max: 50.0,
    };
    assert!((h.quantile(0.1) - norm_inv(0.55)).abs() < 1e-14);
    // A symmetric PERT has its median at the mode and P10/P90 mirrored.
    let p = Distribution::Pert {
        min: 2.0,
        mode: 5.0,
        max: 8.0,
    };
    assert!((p.quantile(0.5) - 5.0).abs() < 1e-12);
    assert!((p.quantile(0.1) + p.quantile(0.9) - 10.0).abs() < 1e-12);
    // PERT [0, 0, 1] is Beta(1, 5): F(x) = 1 − (1 − x)⁵, P10 = 1 − 0.9^(1/5).
    let q = Distribution::Pert {
        min: 0.0,
        mode: 0.0,
        max: 1.0,
    };
    assert!((q.quantile(0.1) - (1.0 - 0.9f64.powf(0.2))).abs() < 1e-13);
    assert!((q.quantile(0.9) - (1.0 - 0.1f64.powf(0.2))).abs() < 1e-13);
    // Beta(2, 4) (PERT [0, 0.25, 1]): F(x) = 1 − (1−x)⁴(1 + 4x); the
    // quantile inverts it.
    let r = Distribution::Pert {
        min: 0.0,
        mode: 0.25,
        max: 1.0,
    };
    for u in [1e-6, 0.01, 0.1, 0.5, 0.9, 0.999_999] {
        let x = r.quantile(u);
        let f = 1.0 - (1.0 - x).powi(4) * (1.0 + 4.0 * x);
        assert!((f - u).abs() < 1e-13, "u {u}: F(quantile) = {f}");
    }
    let d = Distribution::Discrete {
        values: vec![(24.0, 0.2), (0.0, 0.5), (12.0, 0.3)],
    };
    assert_eq!(
        (d.quantile(0.1), d.quantile(0.5), d.quantile(0.51)),
        (0.0, 0.0, 12.0)
    );
    assert_eq!(
        (d.quantile(0.8), d.quantile(0.81), d.quantile(0.9)),
        (12.0, 24.0, 24.0)
    );
}

#[test]
fn cdf_of_quantile_is_u() {
    for (a, b) in [
        (1.0, 5.0),
        (2.0, 4.0),
        (3.0, 3.0),
        (1.4, 4.6),
        (4.9, 1.1),
        (1.0, 1.0),
    ] {
        let beta = Beta::new(a, b);
        for k in 1..1000 {
            let u = k as f64 / 1000.0;
            let x = beta.inv(u);
            assert!((beta.cdf(x) - u).abs() < 1e-13, "Beta({a}, {b}) at {u}");
        }
    }
    // Φ(Φ⁻¹(p)) = p across the three ranges of AS 241.
    for p in [
        1e-300,
        1e-20,
        1e-8,
        0.01,
        0.07,
        0.3,
        0.5,
        0.8,
        0.99,
        1.0 - 1e-12,
    ] {
        let x = norm_inv(p);
        let back = if p < 0.5 {
            norm_cdf(x)
        } else {
            1.0 - norm_cdf(-x)
        };
        assert!(((back - p) / p.min(1.0 - p)).abs() < 1e-12, "p {p}: {back}");
    }
}

#[test]
fn pert_by_warm_start_equals_the_quantile() {
    for d in [
        Distribution::Pert {
            min: 0.02,
            mode: 0.06,
            max: 0.10,
        },
        Distribution::Pert {
            min: 100.0,
            mode: 130.0,
            max: 400.0,
        },
        Distribution::Pert {
            min: 0.0,
            mode: 0.0,
            max: 1.0,
        },
        Distribution::Pert {
            min: 0.0,
            mode: 1.0,
            max: 1.0,
        },
    ] {
        // Steps of 1/20,000 and 1/100,000 (the Taylor steps are taken
        // mostly at the second).
        for n in [20_000, N] {
            let us: Vec<f64> = (0..n).map(|j| (j as f64 + 0.37) / n as f64).collect();
            let mut out = Vec::new();
            Prepared::new(&d).quantiles_ascending(&us, &mut out);
            let (lo, hi) = d.support();
            for (u, x) in us.iter().zip(&out).step_by(7) {
                let exact = d.quantile(*u);
                assert!(
                    (x - exact).abs() <= 1e-12 * (hi - lo),
                    "{d:?} at {u}: {x} vs {exact}"
                );
            }
        }
    }
}

fn ranks(xs: &[f64]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..xs.len()).collect();
    idx.sort_by(|&a, &b| xs[a].total_cmp(&xs[b]));
    let mut r = vec![0.0; xs.len()];
    let mut i = 0;
    while i < idx.len() {
        // Ties share their mean rank.
        let mut j = i;
        while j + 1 < idx.len() && xs[idx[j + 1]] == xs[idx[i]] {
            j += 1;
        }
        for &k in &idx[i..=j] {
            r[k] = (i + j) as f64 / 2.0;
        }
        i = j + 1;
    }
    r
}

fn spearman(x: &[f64], y: &[f64]) -> f64 {
    let (rx, ry) = (ranks(x), ranks(y));
    let (mx, vx) = moments(&rx);
    let (my, vy) = moments(&ry);
    let cov = rx
        .iter()
        .zip(&ry)
        .map(|(a, b)| (a - mx) * (b - my))
        .sum::<f64>()
        / x.len() as f64;
    cov / (vx * vy).sqrt()
}

#[test]
fn achieved_rank_correlation_is_within_0_05_of_the_requested() {
    let dists = [
        Distribution::Triangular {
            min: 0.6,
            mode: 0.8,
            max: 0.9,
        },
        Distribution::Pert {
            min: 0.02,
            mode: 0.06,
            max: 0.10,
        },
        Distribution::Normal {
            mean: 2_500_000.0,
            sd: 400_000.0,
            min: 0.0,
            max: 4_100_000.0,
        },
    ];
    for rho in [0.5, -0.4] {
        for method in [Method::Lhs, Method::Mc] {
            let pairs = [Correlation { a: 0, b: 1, rho }];
            let cols = sample_columns(&dists[..2], &pairs, N, method, 3);
            let got = spearman(&cols[0], &cols[1]);
            assert!(
                (got - rho).abs() < 0.05,
                "{method:?} asked {rho}, got {got}"
            );
        }
    }
    let pairs = [
        Correlation {
            a: 0,
            b: 1,
            rho: -0.4,
        },
        Correlation {
            a: 1,
            b: 2,
            rho: 0.6,
        },
        Correlation {
            a: 0,
            b: 2,
            rho: 0.2,
        },
    ];
    check_correlations(&names(&["take_up", "demand_growth", "capital"]), &pairs).unwrap();
    let cols = sample_columns(&dists, &pairs, N, Method::Lhs, 11);
    for p in pairs {
        let got = spearman(&cols[p.a], &cols[p.b]);
        assert!((got - p.rho).abs() < 0.05, "{p:?}: got {got}");
    }
    // With no correlation asked for, the columns are close to independent.
    let cols = sample_columns(&dists, &[], N, Method::Lhs, 11);
    assert!(spearman(&cols[0], &cols[2]).abs() < 0.02);
}

#[test]
fn iman_conover_keeps_the_marginals() {
    let dists = [
        Distribution::Triangular {
            min: 0.6,
            mode: 0.8,
            max: 0.9,
        },
        Distribution::Discrete {
            values: vec![(0.0, 0.5), (12.0, 0.3), (24.0, 0.2)],
        },
        Distribution::Pert {
            min: 0.02,
            mode: 0.06,
            max: 0.10,
        },
    ];
    let pairs = [
        Correlation {
            a: 0,
            b: 2,
            rho: 0.7,
        },
        Correlation {
            a: 1,
            b: 2,
            rho: -0.3,
        },
    ];
    for method in [Method::Lhs, Method::Mc] {
        let plain = sample_columns(&dists, &[], 5_000, method, 5);
        let paired = sample_columns(&dists, &pairs, 5_000, method, 5);
        assert_ne!(plain, paired);
        for (a, b) in plain.iter().zip(&paired) {
            let (mut a, mut b) = (a.clone(), b.clone());
            a.sort_by(f64::total_cmp);
            b.sort_by(f64::total_cmp);
            assert_eq!(a, b);
        }
    }
}

#[test]
fn truncated_normal_stays_inside_its_range() {
    let d = Distribution::Normal {
        mean: 100.0,
        sd: 50.0,
        min: 90.0,
        max: 120.0,
    };
    for method in [Method::Lhs, Method::Mc] {
        let col = &sample_columns(std::slice::from_ref(&d), &[], N, method, 9)[0];
        assert!(col.iter().all(|&x| (90.0..=120.0).contains(&x)));
    }
    // A range wholly above the mean, worked from the upper tail.
    let far = Distribution::Normal {
        mean: 0.0,
        sd: 1.0,
        min: 3.0,
        max: 4.0,
    };
    far.check().unwrap();
    assert!(far.quantile(0.0) >= 3.0 && far.quantile(1.0) <= 4.0);
    assert!((far.quantile(0.0) - 3.0).abs() < 1e-9 && (far.quantile(1.0) - 4.0).abs() < 1e-9);
    let col = &sample_columns(std::slice::from_ref(&far), &[], N, Method::Mc, 9)[0];
    assert!(col.iter().all(|&x| (3.0..=4.0).contains(&x)));
}

#[test]
fn latin_hypercube_puts_one_draw_in_each_stratum() {
    // The uniform on [0, 1) shows the u themselves.
    let d = Distribution::Uniform { min: 0.0, max: 1.0 };
    for n in [1, 7, 1000] {
        let col = &sample_columns(std::slice::from_ref(&d), &[], n, Method::Lhs, 4)[0];
        let mut hits = vec![0; n];
        for &u in col {
            hits[((u * n as f64).floor() as usize).min(n - 1)] += 1;
        }
        assert!(hits.iter().all(|&h| h == 1), "n {n}: {hits:?}");
    }
    // Monte Carlo, by contrast, leaves some strata empty.
    let col = &sample_columns(std::slice::from_ref(&d), &[], 1000, Method::Mc, 4)[0];
    let mut hits = vec![0; 1000];
    col.iter().for_each(|&u| hits[(u * 1000.0) as usize] += 1);
    assert!(hits.contains(&0));
    // And the draws are in shuffled order, not sorted.
    let col = &sample_columns(std::slice::from_ref(&d), &[], 1000, Method::Lhs, 4)[0];
    assert!(col.windows(2).any(|w| w[0] > w[1]));
}

#[test]
fn same_seed_same_samples_different_seed_different() {
    let dists: Vec<Distribution> = all_distributions().into_iter().map(|(_, d)| d).collect();
    let pairs = [Correlation {
        a: 0,
        b: 1,
        rho: 0.5,
    }];
    for method in [Method::Lhs, Method::Mc] {
        let a = sample(&dists, &pairs, 2_000, method, 42);
        let b = sample(&dists, &pairs, 2_000, method, 42);
        let c = sample(&dists, &pairs, 2_000, method, 43);
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(a.len(), 2_000);
        assert!(a.iter().all(|row| row.len() == dists.len()));
    }
    // The rows are the columns transposed.
    let rows = sample(&dists, &[], 10, Method::Lhs, 1);
    let cols = sample_columns(&dists, &[], 10, Method::Lhs, 1);
    assert!((0..10).all(|i| (0..dists.len()).all(|k| rows[i][k] == cols[k][i])));
    assert!(sample(&dists, &[], 0, Method::Lhs, 1).is_empty());
}

#[test]
fn every_check_error() {
    let cases: Vec<(Distribution, &str)> = vec![
        (
            Distribution::Triangular {
                min: 0.6,
                mode: 0.95,
                max: 0.9,
            },
            "the mode 0.95 is above the max 0.9",
        ),
        (
            Distribution::Pert {
                min: 0.6,
                mode: 0.5,
                max: 0.9,
            },
            "the mode 0.5 is below the min 0.6",
        ),
        (
            Distribution::Triangular {
                min: 0.9,
                mode: 0.8,
                max: 0.6,
            },
            "the min 0.9 is above the max 0.6",
        ),
        (
            Distribution::Uniform { min: 0.1, max: 0.1 },
            "the min and the max are both 0.1",
        ),
        (
            Distribution::Uniform {
                min: f64::NAN,
                max: 0.1,
            },
            "the min must be a number, found NaN",
        ),
        (
            Distribution::Normal {
                mean: 5.0,
                sd: -1.0,
                min: 0.0,
                max: 9.0,
            },
            "sd must be more than 0, found -1",
        ),
        (
            Distribution::Normal {
                mean: 5.0,
                sd: 0.0,
                min: 0.0,
                max: 9.0,
            },
            "sd must be more than 0, found 0",
        ),
        (
            Distribution::Normal {
                mean: 5.0,
                sd: 1.0,
                min: 9.0,
                max: 3.0,
            },
            "the min 9 is above the max 3",
        ),
        (
            Distribution::Normal {
                mean: 0.0,
                sd: 1.0,
                min: 50.0,
                max: 60.0,
            },
            "almost none of the normal curve",
        ),
        (
            Distribution::Discrete {
                values: vec![(0.0, 0.5), (12.0, 0.4)],
            },
            "the probabilities add up to 0.9, not 1",
        ),
        (
            Distribution::Discrete {
                values: vec![(0.0, -0.2), (12.0, 1.2)],
            },
            "the probability of 0 must be between 0 and 1, found -0.2",
        ),
        (
            Distribution::Discrete { values: vec![] },
            "at least one value",
        ),
    ];
    for (d, want) in cases {
        let got = d.check().expect_err(want);
        assert!(got.contains(want), "{d:?}: {got}");
    }
    // Within 1e-9 of 1 is accepted; an edge mode is fine.
    assert!(Distribution::Discrete {
        values: vec![(0.0, 0.1); 10]
    }
    .check()
    .is_ok());
    assert!(Distribution::Pert {
        min: 0.0,
        mode: 0.0,
        max: 1.0
    }
    .check()
    .is_ok());
}

#[test]
fn bad_correlations_are_named() {
    let n = names(&["take_up", "demand_growth", "inflation.energy"]);
    let c = |a, b, rho| Correlation { a, b, rho };
    let err = check_correlations(&n, &[c(0, 0, 0.5)]).unwrap_err();
    assert_eq!(err, "a parameter cannot be correlated with itself: take_up");
    let err = check_correlations(&n, &[c(0, 1, 1.2)]).unwrap_err();
    assert_eq!(
        err,
        "the correlation between take_up and demand_growth must be between -1 and 1, found 1.2"
    );
    let err = check_correlations(&n, &[c(0, 1, 0.3), c(1, 0, -0.2)]).unwrap_err();
    assert!(
        err.contains(
            "the correlation between demand_growth and take_up is given twice (0.3 and -0.2)"
        ),
        "{err}"
    );
    let err = check_correlations(&n, &[c(0, 1, 0.9), c(1, 2, 0.9), c(0, 2, -0.9)]).unwrap_err();
    assert!(
        err.starts_with("these correlations cannot all hold at once"),
        "{err}"
    );
    for pair in [
        "take_up and demand_growth (0.9)",
        "demand_growth and inflation.energy (0.9)",
        "take_up and inflation.energy (-0.9)",
    ] {
        assert!(err.contains(pair), "{pair}: {err}");
    }
    assert!(err.contains("not positive definite"));
    // Only the pairs that contradict each other are named.
    let m = names(&["a", "b", "c", "d", "e"]);
    let err = check_correlations(
        &m,
        &[c(3, 4, 0.5), c(0, 1, 0.9), c(1, 2, 0.9), c(0, 2, -0.9)],
    )
    .unwrap_err();
    assert!(!err.contains("d and e"), "{err}");
    let err = check_correlations(&n, &[c(0, 2, -1.0)]).unwrap_err();
    assert!(
        err.contains("exact copy") && err.contains("take_up and inflation.energy"),
        "{err}"
    );
    assert!(check_correlations(&n, &[c(0, 1, 0.9), c(1, 2, 0.9), c(0, 2, 0.7)]).is_ok());
    assert!(check_correlations(&n, &[]).is_ok());
}

#[test]
fn nearest_rank_percentile() {
    let ten: Vec<u32> = (1..=10).collect();
    assert_eq!(percentile(&ten, 10), Some(1));
    assert_eq!(percentile(&ten, 90), Some(9));
    assert_eq!(percentile(&ten, 50), Some(5));
    assert_eq!(percentile(&ten, 100), Some(10));
    assert_eq!(percentile(&ten, 0), Some(1));
    let big: Vec<u32> = (1..=100_000).collect();
    assert_eq!(percentile(&big, 10), Some(10_000));
    assert_eq!(percentile(&big, 90), Some(90_000));
    assert_eq!(percentile::<u32>(&[], 50), None);
}

#[test]
fn numbers_in_messages_read_as_written() {
    assert_eq!(fmt_num(0.1 + 0.2), "0.3");
    assert_eq!(fmt_num(2_500_000.0), "2500000");
    assert_eq!(fmt_num(-1.0), "-1");
    assert_eq!(fmt_num(1.2e-7), "0.00000012");
}

#[test]
fn unchecked_nonsense_does_not_panic() {
    let bad = [
        Distribution::Normal {
            mean: 5.0,
            sd: 0.0,
            min: 9.0,
            max: 3.0,
        },
        Distribution::Pert {
            min: 1.0,
            mode: 1.0,
            max: 1.0,
        },
        Distribution::Triangular {
            min: 2.0,
            mode: 5.0,
            max: 1.0,
        },
        Distribution::Uniform {
            min: f64::NAN,
            max: 1.0,
        },
        Distribution::Discrete { values: vec![] },
    ];
    let pairs = [
        Correlation {
            a: 0,
            b: 0,
            rho: 2.0,
        },
        Correlation {
            a: 1,
            b: 9,
            rho: 0.5,
        },
    ];
    for method in [Method::Lhs, Method::Mc] {
        assert_eq!(sample(&bad, &pairs, 50, method, 1).len(), 50);
    }
    assert!(bad.iter().all(|d| d.check().is_err()));
}
