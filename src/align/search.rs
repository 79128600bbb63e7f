//! Which part of the sentence grid the dynamic program looks at.
//!
//! Small grids are searched whole. Large ones go coarse to fine, as Vecalign does: both documents
//! are summarized in blocks of 2, 4, 8... sentences (dense sketches of their evidence), the
//! coarsest grid is searched whole, and each finer level searches only a narrow band around the
//! path found one level up. Time and memory stay linear in the document length.

use super::dp::{self, Band, Step};
use super::model::{BEAD_TYPES, FnModel, Scorer};

/// Grids up to this many cells are searched whole.
const FULL_GRID: usize = 1 << 20;
/// The coarsest level of a large grid has at most this many cells.
const COARSE_GRID: usize = 1 << 18;
/// Half-width, in blocks, of the band at each coarse level.
const COARSE_WIDTH: usize = 6;
/// Half-width, in sentences, of the band around the path projected from the coarse levels.
const FINE_WIDTH: usize = 8;
/// Half-width, in sentences, of the band around a previous pass's path: learning moves it little.
const GUIDE_WIDTH: usize = 4;
/// Half-width of the band in which posteriors are computed on large grids.
const POSTERIOR_WIDTH: usize = 2;
/// Sentences per block at the finest coarse level.
const FINEST_BLOCK: usize = 4;
/// Dimensions of a block sketch.
const SKETCH_DIM: usize = 128;
/// Bead types at coarse levels.
const COARSE_TYPES: [(usize, usize); 5] = [(1, 1), (1, 0), (0, 1), (2, 1), (1, 2)];

/// Best path with posteriors. `guide` (a previous pass's path) narrows the search on large grids.
pub fn search(scorer: &Scorer, guide: Option<&[(usize, usize)]>, temperature: f32) -> Vec<Step> {
    let (n, m) = (scorer.len(0), scorer.len(1));
    if (n + 1) * (m + 1) <= FULL_GRID {
        let band = Band::full(n, m);
        let mut steps = dp::best_path(&band, &BEAD_TYPES, scorer);
        dp::posteriors(&mut steps, &band, &BEAD_TYPES, scorer, temperature);
        return steps;
    }
    let mut width = if guide.is_some() {
        GUIDE_WIDTH
    } else {
        FINE_WIDTH
    };
    let mut band = match guide {
        Some(g) => Band::around(g, n, m, width),
        None => Band::around(&coarse_path(scorer), n, m, width),
    };
    loop {
        let mut steps = dp::best_path(&band, &BEAD_TYPES, scorer);
        let path: Vec<(usize, usize)> = steps.iter().map(|s| (s.i, s.j)).collect();
        // A path pressed against the band's edge may have been cut off from a better one.
        if width >= 4 * FINE_WIDTH || !band.touches_edge(&path, m) {
            let narrow = Band::around(&path, n, m, POSTERIOR_WIDTH);
            dp::posteriors(&mut steps, &narrow, &BEAD_TYPES, scorer, temperature);
            return steps;
        }
        width *= 2;
        band = Band::around(&path, n, m, width);
    }
}

/// The path found by coarse-to-fine search over block sketches, as sentence-level cells.
fn coarse_path(scorer: &Scorer) -> Vec<(usize, usize)> {
    let (n, m) = (scorer.len(0), scorer.len(1));
    // Blocks of FINEST_BLOCK sentences: the finest level searched coarsely.
    let mut levels: Vec<[Sketches; 2]> = vec![[0, 1].map(|side| Sketches::of_blocks(scorer, side))];
    while levels.last().unwrap()[0].len() * levels.last().unwrap()[1].len() > COARSE_GRID {
        let up = {
            let last = levels.last().unwrap();
            [last[0].halve(), last[1].halve()]
        };
        levels.push(up);
    }
    // Search the coarsest level whole, then each finer one around the projection.
    let mut path: Option<Vec<(usize, usize)>> = None;
    for level in levels.iter().rev() {
        let (bn, bm) = (level[0].len(), level[1].len());
        let band = match &path {
            None => Band::full(bn, bm),
            Some(p) => {
                let projected: Vec<(usize, usize)> = p
                    .iter()
                    .flat_map(|&(i, j)| [(2 * i, 2 * j), (2 * i + 1, 2 * j + 1)])
                    .map(|(i, j)| (i.min(bn), j.min(bm)))
                    .collect();
                Band::around(&projected, bn, bm, COARSE_WIDTH)
            }
        };
        let (chance, skip) = level_baseline(level);
        let model = FnModel(|i, a, j, b| {
            if a == 0 || b == 0 {
                return skip;
            }
            let sim = level[0].cosine_span(i - a, i, &level[1], j - b, j);
            (sim - chance) * (a + b) as f32 / 2.0
        });
        let steps = dp::best_path(&band, &COARSE_TYPES, &model);
        let mut cells = vec![(0, 0)];
        cells.extend(steps.iter().map(|s| (s.i, s.j)));
        path = Some(cells);
    }
    path.unwrap()
        .into_iter()
        .flat_map(|(i, j)| {
            (0..FINEST_BLOCK).map(move |k| (i * FINEST_BLOCK + k, j * FINEST_BLOCK + k))
        })
        .map(|(i, j)| (i.min(n), j.min(m)))
        .collect()
}

/// The similarity of unrelated blocks at a level (subtracted from every match, so that only
/// better-than-chance matches earn), and the score of leaving a block out.
fn level_baseline(level: &[Sketches; 2]) -> (f32, f32) {
    let (n, m) = (level[0].len(), level[1].len());
    let mut sims = Vec::new();
    // Blocks a fixed distance off the diagonal stand for unrelated pairs.
    for k in (0..n).step_by((n / 200).max(1)) {
        let j = (k * m / n.max(1) + m / 3) % m.max(1);
        sims.push(level[0].cosine_span(k, k + 1, &level[1], j, j + 1));
    }
    sims.sort_by(f32::total_cmp);
    let median = sims.get(sims.len() / 2).copied().unwrap_or(0.0);
    let p90 = sims.get(sims.len() * 9 / 10).copied().unwrap_or(0.0);
    (median, -(p90 - median).max(0.02))
}

/// Dense sketches of consecutive blocks of one side.
struct Sketches {
    data: Vec<f32>,
    norms: Vec<f32>,
    /// Dot product of each block with the next, for the norms of two-block spans.
    next_dot: Vec<f32>,
}

impl Sketches {
    fn len(&self) -> usize {
        self.norms.len()
    }

    fn block(&self, k: usize) -> &[f32] {
        &self.data[k * SKETCH_DIM..(k + 1) * SKETCH_DIM]
    }

    fn of_blocks(scorer: &Scorer, side: usize) -> Sketches {
        let n = scorer.len(side);
        let blocks = n.div_ceil(FINEST_BLOCK);
        let mut data = vec![0.0; blocks * SKETCH_DIM];
        for i in 0..n {
            let k = i / FINEST_BLOCK;
            scorer.add_to_sketch(side, i, &mut data[k * SKETCH_DIM..(k + 1) * SKETCH_DIM]);
        }
        Sketches::with_norms(data)
    }

    fn halve(&self) -> Sketches {
        let blocks = self.len().div_ceil(2);
        let mut data = vec![0.0; blocks * SKETCH_DIM];
        for k in 0..self.len() {
            let dst = &mut data[(k / 2) * SKETCH_DIM..(k / 2 + 1) * SKETCH_DIM];
            for (d, s) in dst.iter_mut().zip(self.block(k)) {
                *d += s;
            }
        }
        Sketches::with_norms(data)
    }

    fn with_norms(data: Vec<f32>) -> Sketches {
        let norms: Vec<f32> = data
            .chunks(SKETCH_DIM)
            .map(|c| c.iter().map(|x| x * x).sum::<f32>().sqrt())
            .collect();
        let next_dot = (0..norms.len())
            .map(|k| {
                if k + 1 < norms.len() {
                    dot(
                        &data[k * SKETCH_DIM..(k + 1) * SKETCH_DIM],
                        &data[(k + 1) * SKETCH_DIM..(k + 2) * SKETCH_DIM],
                    )
                } else {
                    0.0
                }
            })
            .collect();
        Sketches {
            data,
            norms,
            next_dot,
        }
    }

    /// Norm of the sum of blocks `[k0, k1)` (one or two blocks).
    fn span_norm(&self, k0: usize, k1: usize) -> f32 {
        if k1 - k0 == 1 {
            self.norms[k0]
        } else {
            let (a, b) = (self.norms[k0], self.norms[k0 + 1]);
            (a * a + b * b + 2.0 * self.next_dot[k0]).max(0.0).sqrt()
        }
    }

    /// Cosine between the sums of blocks `[a0, a1)` here and `[b0, b1)` in `other` (spans of
    /// one or two blocks), from dot products of single blocks: no vector is summed.
    fn cosine_span(&self, a0: usize, a1: usize, other: &Sketches, b0: usize, b1: usize) -> f32 {
        let mut d = 0.0;
        for x in a0..a1 {
            for y in b0..b1 {
                d += dot(self.block(x), other.block(y));
            }
        }
        let norm = self.span_norm(a0, a1) * other.span_norm(b0, b1);
        if norm > 0.0 { d / norm } else { 0.0 }
    }
}

#[inline]
fn dot(x: &[f32], y: &[f32]) -> f32 {
    // Eight independent accumulators let the compiler vectorize.
    let mut acc = [0.0f32; 8];
    for (cx, cy) in x.chunks_exact(8).zip(y.chunks_exact(8)) {
        for k in 0..8 {
            acc[k] += cx[k] * cy[k];
        }
    }
    acc.iter().sum()
}
