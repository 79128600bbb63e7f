//! The dynamic program: best monotone path of beads through a band of the sentence grid, and the
//! posterior probability of each bead on it.
//!
//! Cell (i, j) stands for "the first i source and the first j target sentences are aligned". A bead
//! of type (a, b) moves from (i-a, j-b) to (i, j) and earns the model's score. Only cells inside a
//! [`Band`] are visited, so time and memory are proportional to the band's area, which the caller
//! keeps linear in the document length (the coarse-to-fine search in `align::search`). Posteriors come from the
//! forward-backward algorithm over the same band, in log space.

use super::model::BeadModel;

/// For each row i (0..=n), the inclusive column range [lo, hi] searched.
#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    pub lo: Vec<usize>,
    pub hi: Vec<usize>,
    /// Start of each row in the flat cell arrays.
    offsets: Vec<usize>,
}

impl Band {
    /// Builds a band from row ranges, repairing it so a path from (0, 0) to (n, m) exists:
    /// ranges are clamped to [0, m], made monotone, and consecutive rows overlap.
    pub fn new(mut lo: Vec<usize>, mut hi: Vec<usize>, m: usize) -> Band {
        let n = lo.len() - 1;
        lo[0] = 0;
        hi[n] = m;
        for i in 0..=n {
            hi[i] = hi[i].min(m);
            lo[i] = lo[i].min(hi[i]);
        }
        // Monotone lower bounds going forward, upper bounds going backward.
        for i in 1..=n {
            lo[i] = lo[i].max(lo[i - 1]);
        }
        for i in (0..n).rev() {
            hi[i] = hi[i].min(hi[i + 1]);
        }
        for i in 0..=n {
            if lo[i] > hi[i] {
                // Crossed after the repairs: open the row to its neighbours' union.
                let (l, h) = (lo[i].min(hi[i]), lo[i].max(hi[i]));
                lo[i] = l;
                hi[i] = h;
            }
        }
        // Consecutive rows must overlap so that a 1-0 bead can always move down.
        for i in 1..=n {
            if lo[i] > hi[i - 1] {
                lo[i] = hi[i - 1];
            }
        }
        let mut offsets = Vec::with_capacity(n + 2);
        let mut total = 0;
        for i in 0..=n {
            offsets.push(total);
            total += hi[i] - lo[i] + 1;
        }
        offsets.push(total);
        Band { lo, hi, offsets }
    }

    /// The whole grid.
    pub fn full(n: usize, m: usize) -> Band {
        Band::new(vec![0; n + 1], vec![m; n + 1], m)
    }

    /// Rows of the band around a path of cells, `width` columns on each side of it.
    pub fn around(path: &[(usize, usize)], n: usize, m: usize, width: usize) -> Band {
        let mut lo = vec![usize::MAX; n + 1];
        let mut hi = vec![0; n + 1];
        for &(i, j) in path {
            lo[i] = lo[i].min(j);
            hi[i] = hi[i].max(j);
        }
        // Rows the path skips over (it moves by up to three rows) take their neighbours' ranges.
        for i in 1..=n {
            if lo[i] == usize::MAX {
                lo[i] = lo[i - 1];
                hi[i] = hi[i - 1];
            }
        }
        let lo = (0..=n)
            .map(|i| {
                let r0 = i.saturating_sub(width);
                lo[r0..=i].iter().min().unwrap().saturating_sub(width)
            })
            .collect();
        let hi = (0..=n)
            .map(|i| {
                let r1 = (i + width).min(n);
                hi[i..=r1].iter().max().unwrap() + width
            })
            .collect();
        Band::new(lo, hi, m)
    }

    pub fn rows(&self) -> usize {
        self.lo.len()
    }

    pub fn cells(&self) -> usize {
        *self.offsets.last().unwrap()
    }

    #[inline]
    fn index(&self, i: usize, j: usize) -> Option<usize> {
        (j >= self.lo[i] && j <= self.hi[i]).then(|| self.offsets[i] + j - self.lo[i])
    }

    /// Whether a path touches the band's edge somewhere other than the grid's own edges: then the
    /// band may have cut off a better path and should be widened.
    pub fn touches_edge(&self, path: &[(usize, usize)], m: usize) -> bool {
        path.iter().any(|&(i, j)| {
            (j == self.lo[i] && j > 0 && self.lo[i] > 0) || (j == self.hi[i] && j < m)
        })
    }
}

/// A bead on the best path: it ends at cell (i, j) and has type (a, b).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Step {
    pub i: usize,
    pub j: usize,
    pub a: usize,
    pub b: usize,
    /// The bead's score.
    pub score: f32,
    /// Posterior probability of this exact bead, when computed.
    pub posterior: f32,
}

/// Finds the best path through `band` with bead `types`, scored by `score(i, a, j, b)`
/// (Viterbi). Posteriors are left as NaN; see [`posteriors`].
pub fn best_path<M: BeadModel>(band: &Band, types: &[(usize, usize)], model: &M) -> Vec<Step> {
    let n = band.rows() - 1;
    let m = band.hi[n];
    let cells = band.cells();
    let mut best = vec![f32::NEG_INFINITY; cells];
    let mut back = vec![u8::MAX; cells];
    // The costly part of the 1-1 bead ending at each cell: summed over the sentence pairs a larger
    // bead covers, it bounds that bead's costly part (see `BeadModel::pairwise_bound`).
    let pairwise = model.pairwise_bound();
    let mut one_one = if pairwise {
        vec![0.0f32; cells]
    } else {
        Vec::new()
    };
    best[0] = 0.0;
    for i in 0..=n {
        for j in band.lo[i]..=band.hi[i] {
            if i == 0 && j == 0 {
                continue;
            }
            let here = band.offsets[i] + j - band.lo[i];
            if pairwise && i > 0 && j > 0 {
                one_one[here] = model.costly(i, 1, j, 1);
            }
            let mut top = f32::NEG_INFINITY;
            let mut arg = u8::MAX;
            for (k, &(a, b)) in types.iter().enumerate() {
                if a > i || b > j {
                    continue;
                }
                let Some(prev) = band.index(i - a, j - b) else {
                    continue;
                };
                let from = best[prev];
                if from == f32::NEG_INFINITY {
                    continue;
                }
                let base = from + model.cheap(i, a, j, b);
                let v = if a == 0 || b == 0 {
                    base + model.costly(i, a, j, b)
                } else if pairwise && a == 1 && b == 1 {
                    base + one_one[here]
                } else {
                    let bound = if pairwise {
                        pair_sum(band, &one_one, i, a, j, b)
                            .unwrap_or_else(|| model.bound(i, a, j, b))
                    } else {
                        model.bound(i, a, j, b)
                    };
                    // Skip the costly part when even its upper bound cannot beat the best so far.
                    if base + bound <= top {
                        continue;
                    }
                    base + model.costly(i, a, j, b)
                };
                if v > top {
                    top = v;
                    arg = k as u8;
                }
            }
            best[here] = top;
            back[here] = arg;
        }
    }
    let mut steps = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let here = band.index(i, j).expect("path stays in band");
        let k = back[here];
        assert!(k != u8::MAX, "band admits no path to ({i}, {j})");
        let (a, b) = types[k as usize];
        let prev = band.index(i - a, j - b).unwrap();
        steps.push(Step {
            i,
            j,
            a,
            b,
            score: best[here] - best[prev],
            posterior: f32::NAN,
        });
        i -= a;
        j -= b;
    }
    steps.reverse();
    steps
}

/// Sets each step's posterior: the probability, over all paths through `band` weighted by
/// exp(score / temperature), that the path contains exactly this bead (forward-backward).
///
/// The caller passes a band around the path, narrow for long documents: paths far from the best
/// one carry next to no probability mass.
pub fn posteriors<M: BeadModel>(
    steps: &mut [Step],
    band: &Band,
    types: &[(usize, usize)],
    model: &M,
    temperature: f32,
) {
    let n = band.rows() - 1;
    let m = band.hi[n];
    let cells = band.cells();
    let inv_t = 1.0 / temperature as f64;
    let nt = types.len();
    // Scores of every bead entering each cell, computed once for both directions.
    let mut cache = vec![f32::NEG_INFINITY; cells * nt];
    let mut fwd = vec![f64::NEG_INFINITY; cells];
    fwd[0] = 0.0;
    let mut terms: Vec<f64> = Vec::with_capacity(nt);
    for i in 0..=n {
        for j in band.lo[i]..=band.hi[i] {
            if i == 0 && j == 0 {
                continue;
            }
            let here = band.offsets[i] + j - band.lo[i];
            terms.clear();
            let mut top = f64::NEG_INFINITY;
            for (k, &(a, b)) in types.iter().enumerate() {
                if a > i || b > j {
                    continue;
                }
                let Some(prev) = band.index(i - a, j - b) else {
                    continue;
                };
                if fwd[prev] == f64::NEG_INFINITY {
                    continue;
                }
                let cheap = model.cheap(i, a, j, b);
                // A bead more than e^30 below the best entering this cell changes neither
                // direction's sums: leave it out (its cached score stays −∞).
                let bound = fwd[prev] + (cheap + model.bound(i, a, j, b)) as f64 * inv_t;
                if bound < top - NEGLIGIBLE {
                    continue;
                }
                let s = cheap + model.costly(i, a, j, b);
                cache[here * nt + k] = s;
                let t = fwd[prev] + s as f64 * inv_t;
                top = top.max(t);
                terms.push(t);
            }
            fwd[here] = log_sum_exp(&terms);
        }
    }
    let mut bwd = vec![f64::NEG_INFINITY; cells];
    bwd[cells - 1] = 0.0;
    for i in (0..=n).rev() {
        for j in (band.lo[i]..=band.hi[i]).rev() {
            if i == n && j == m {
                continue;
            }
            terms.clear();
            for (k, &(a, b)) in types.iter().enumerate() {
                if i + a > n {
                    continue;
                }
                let Some(next) = band.index(i + a, j + b) else {
                    continue;
                };
                let s = cache[next * nt + k];
                if bwd[next] > f64::NEG_INFINITY && s > f32::NEG_INFINITY {
                    terms.push(bwd[next] + s as f64 * inv_t);
                }
            }
            bwd[band.offsets[i] + j - band.lo[i]] = log_sum_exp(&terms);
        }
    }
    let z = fwd[cells - 1];
    for st in steps.iter_mut() {
        let (Some(prev), Some(here)) =
            (band.index(st.i - st.a, st.j - st.b), band.index(st.i, st.j))
        else {
            st.posterior = 0.0;
            continue;
        };
        let lp = fwd[prev] + st.score as f64 * inv_t + bwd[here] - z;
        st.posterior = lp.exp().clamp(0.0, 1.0) as f32;
    }
}

/// Sum of the 1-1 values over the sentence pairs of bead (i, a, j, b), when all lie in the band.
#[inline]
fn pair_sum(band: &Band, one_one: &[f32], i: usize, a: usize, j: usize, b: usize) -> Option<f32> {
    let mut sum = 0.0;
    for x in i - a + 1..=i {
        for y in j - b + 1..=j {
            sum += one_one[band.index(x, y)?];
        }
    }
    Some(sum)
}

/// Log-probability below which a term of a sum is dropped.
const NEGLIGIBLE: f64 = 30.0;

fn log_sum_exp(xs: &[f64]) -> f64 {
    let max = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if max == f64::NEG_INFINITY {
        return max;
    }
    max + xs.iter().map(|x| (x - max).exp()).sum::<f64>().ln()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::model::FnModel;

    #[test]
    fn band_repair_keeps_a_path() {
        let b = Band::new(vec![0, 5, 1, 9], vec![0, 6, 2, 9], 9);
        for i in 1..b.rows() {
            assert!(b.lo[i] >= b.lo[i - 1]);
            assert!(b.lo[i] <= b.hi[i - 1]);
        }
        assert_eq!(b.hi[3], 9);
    }

    #[test]
    fn diagonal_wins_when_it_scores_best() {
        let types = [(1, 1), (1, 0), (0, 1)];
        let band = Band::full(3, 3);
        let model = FnModel(|_, a, _, b| if a == 1 && b == 1 { 1.0 } else { -1.0 });
        let mut steps = best_path(&band, &types, &model);
        posteriors(&mut steps, &band, &types, &model, 1.0);
        assert_eq!(steps.len(), 3);
        assert!(steps.iter().all(|s| s.a == 1 && s.b == 1));
        assert!(
            steps
                .iter()
                .all(|s| s.posterior > 0.5 && s.posterior <= 1.0)
        );
    }

    #[test]
    fn posteriors_split_between_equal_paths() {
        // One source, two targets: 1-1 then 0-1, or 0-1 then 1-1, equally good.
        let types = [(1, 1), (0, 1), (1, 0)];
        let model = FnModel(|_, a, _, b| match (a, b) {
            (1, 1) => 2.0,
            (0, 1) => 0.0,
            _ => -20.0,
        });
        let band = Band::full(1, 2);
        let mut steps = best_path(&band, &types, &model);
        posteriors(&mut steps, &band, &types, &model, 1.0);
        assert_eq!(steps.len(), 2);
        for s in &steps {
            assert!((s.posterior - 0.5).abs() < 0.05, "{s:?}");
        }
    }
}
