//! Descriptive statistics as kpis.md defines them. An empty set has no statistic: every
//! function returns `None` rather than 0 or NaN.

/// Count, mean, median and 90th percentile of a set of durations.
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct Summary {
    pub n: usize,
    pub mean: Option<f64>,
    pub median: Option<f64>,
    pub p90: Option<f64>,
}

/// Summarises durations given in whole seconds, reported in `unit_secs` (60 for minutes, 3600
/// for hours). The slice is reordered.
pub fn summarize(secs: &mut [u32], unit_secs: f64) -> Summary {
    let n = secs.len();
    let total: u64 = secs.iter().map(|&s| u64::from(s)).sum();
    let mean = (n > 0).then(|| total as f64 / n as f64 / unit_secs);
    Summary {
        n,
        mean,
        median: percentile(secs, 0.5).map(|x| x / unit_secs),
        p90: percentile(secs, 0.9).map(|x| x / unit_secs),
    }
}

/// Percentile with linear interpolation between closest ranks (R type 7, NumPy's default):
/// h = (n−1)p, x[⌊h⌋] + (h−⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]) over the sorted values.
///
/// Uses selection instead of a full sort (O(n)); the slice is reordered.
pub fn percentile(values: &mut [u32], p: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let h = (values.len() - 1) as f64 * p.clamp(0.0, 1.0);
    let lo = (h.floor() as usize).min(values.len() - 1);
    let frac = h - lo as f64;
    let (_, &mut x_lo, above) = values.select_nth_unstable(lo);
    let x_lo = f64::from(x_lo);
    let x_hi = match above.iter().min() {
        Some(&next) if frac > 0.0 => f64::from(next),
        _ => x_lo,
    };
    Some(x_lo + frac * (x_hi - x_lo))
}

/// The log-spaced duration buckets of a cube (docs/cube-format.md): bucket 0 holds 0 s, bucket
/// `k ≥ 1` holds `[1.01^(k-1), 1.01^k)` seconds and stands for its geometric middle
/// `1.01^(k - 0.5)`, within 0.5 % of every duration in it.
pub struct Buckets;

impl Buckets {
    /// The ratio of consecutive bucket bounds.
    pub const RATIO: f64 = 1.01;
    /// Buckets a duration of at most 30 years (a plausible one) can fall in: `ln(9.5e8) /
    /// ln(1.01)` ≈ 2083, with room.
    pub const MAX: u16 = 2200;

    /// The seconds bucket `k` stands for.
    pub fn representative(k: usize) -> f64 {
        if k == 0 {
            0.0
        } else {
            Buckets::RATIO.powf(k as f64 - 0.5)
        }
    }
}

/// [`summarize`] from bucket counts (`buckets[k]` durations in bucket `k`) and the exact sum and
/// count of the durations: the mean is exact, the median and 90th percentile are kpis.md's
/// type-7 rule over the buckets' representatives, within 1 % of the exact values.
pub fn summarize_buckets(buckets: &[u64], sum: crate::kpi::DurationSum, unit_secs: f64) -> Summary {
    let n: u64 = buckets.iter().sum();
    // The representative of the value of rank `r` (0-based) in ascending order.
    let at = |r: u64| {
        let mut seen = 0u64;
        for (k, &c) in buckets.iter().enumerate() {
            seen += c;
            if r < seen {
                return Buckets::representative(k);
            }
        }
        0.0
    };
    let percentile = |p: f64| {
        (n > 0).then(|| {
            let h = (n - 1) as f64 * p;
            let lo = h.floor();
            let x_lo = at(lo as u64);
            let frac = h - lo;
            let x_hi = if frac > 0.0 { at(lo as u64 + 1) } else { x_lo };
            (x_lo + frac * (x_hi - x_lo)) / unit_secs
        })
    };
    Summary {
        n: usize::try_from(sum.n).unwrap_or(usize::MAX),
        mean: sum.mean(unit_secs),
        median: percentile(0.5),
        p90: percentile(0.9),
    }
}

/// Sorts durations ascending: an LSD radix sort in three 11-bit passes for long runs (linear:
/// a group's durations are sorted each time the dimension filters change), the standard sort
/// for short ones. `scratch` is reused between calls.
pub fn sort_durations(values: &mut Vec<u32>, scratch: &mut Vec<u32>) {
    const BITS: u32 = 11;
    const BUCKETS: usize = 1 << BITS;
    if values.len() < 512 {
        values.sort_unstable();
        return;
    }
    scratch.clear();
    scratch.resize(values.len(), 0);
    let mut counts = vec![0usize; BUCKETS];
    for pass in 0..3 {
        let shift = pass * BITS;
        let digit = |v: u32| ((v >> shift) as usize) & (BUCKETS - 1);
        counts.iter_mut().for_each(|c| *c = 0);
        for &v in values.iter() {
            if let Some(c) = counts.get_mut(digit(v)) {
                *c += 1;
            }
        }
        // A pass where every value has the same digit moves nothing.
        if counts.contains(&values.len()) {
            continue;
        }
        let mut at = 0;
        for c in counts.iter_mut() {
            let n = *c;
            *c = at;
            at += n;
        }
        for &v in values.iter() {
            if let Some(c) = counts.get_mut(digit(v)) {
                if let Some(slot) = scratch.get_mut(*c) {
                    *slot = v;
                }
                *c += 1;
            }
        }
        std::mem::swap(values, scratch);
    }
}

/// [`percentile`] over the union of sorted runs, without merging them: the value of rank `k`
/// is the smallest `x` with more than `k` values `≤ x`, found by bisecting the values. The
/// result equals [`percentile`] over the concatenated values.
pub fn percentile_of_runs(runs: &[&[u32]], p: f64) -> Option<f64> {
    let n: usize = runs.iter().map(|r| r.len()).sum();
    if n == 0 {
        return None;
    }
    let h = (n - 1) as f64 * p.clamp(0.0, 1.0);
    let lo = (h.floor() as usize).min(n - 1);
    let frac = h - lo as f64;
    let x_lo = f64::from(kth_of_runs(runs, lo)?);
    let x_hi = if frac > 0.0 {
        f64::from(kth_of_runs(runs, lo + 1)?)
    } else {
        x_lo
    };
    Some(x_lo + frac * (x_hi - x_lo))
}

/// The value of rank `k` (0-based) in the union of sorted runs.
fn kth_of_runs(runs: &[&[u32]], k: usize) -> Option<u32> {
    let mut lo = runs.iter().filter_map(|r| r.first()).min().copied()?;
    let mut hi = runs.iter().filter_map(|r| r.last()).max().copied()?;
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let at_most: usize = runs.iter().map(|r| r.partition_point(|&x| x <= mid)).sum();
        if at_most > k {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    Some(lo)
}

/// [`summarize`] over sorted runs whose count and sum are known exactly (`sum`).
pub fn summarize_runs(runs: &[&[u32]], sum: crate::kpi::DurationSum, unit_secs: f64) -> Summary {
    Summary {
        n: usize::try_from(sum.n).unwrap_or(usize::MAX),
        mean: sum.mean(unit_secs),
        median: percentile_of_runs(runs, 0.5).map(|x| x / unit_secs),
        p90: percentile_of_runs(runs, 0.9).map(|x| x / unit_secs),
    }
}

/// `part / whole × 100`, undefined when `whole` is 0.
pub fn pct(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64 * 100.0)
}

/// `current − previous`, undefined if either is.
pub fn delta(current: Option<f64>, previous: Option<f64>) -> Option<f64> {
    Some(current? - previous?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_7_percentiles_match_numpy() {
        // numpy.percentile([1, 2, 3, 4, 10], [50, 90]) == [3.0, 7.6]
        let mut v = [10, 1, 4, 2, 3];
        assert_eq!(percentile(&mut v, 0.5), Some(3.0));
        assert!((percentile(&mut v, 0.9).unwrap() - 7.6).abs() < 1e-12);
        // Even count: median interpolates.
        assert_eq!(percentile(&mut [4, 1, 3, 2], 0.5), Some(2.5));
        // Ties and a single value.
        assert_eq!(percentile(&mut [5, 5, 5], 0.9), Some(5.0));
        assert_eq!(percentile(&mut [7], 0.9), Some(7.0));
        assert_eq!(percentile(&mut [], 0.5), None);
    }

    #[test]
    fn the_radix_sort_sorts() {
        let mut scratch = Vec::new();
        let mut x: u64 = 88172645463325252;
        for n in [0usize, 5, 511, 512, 5000] {
            let mut v: Vec<u32> = (0..n)
                .map(|i| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    if i % 7 == 0 {
                        u32::MAX - (x as u32 % 3)
                    } else {
                        (x as u32) % 100_000
                    }
                })
                .collect();
            let mut want = v.clone();
            want.sort_unstable();
            sort_durations(&mut v, &mut scratch);
            assert_eq!(v, want, "{n}");
        }
    }

    #[test]
    fn percentiles_of_runs_equal_those_of_the_values() {
        let runs: [&[u32]; 4] = [&[1, 4, 9], &[], &[2, 2, 3, 10, 11], &[4]];
        let mut all: Vec<u32> = runs.concat();
        for p in [0.0, 0.1, 0.5, 0.9, 0.95, 1.0] {
            assert_eq!(percentile_of_runs(&runs, p), percentile(&mut all, p), "{p}");
        }
        assert_eq!(percentile_of_runs(&[&[], &[]], 0.5), None);
        assert_eq!(
            percentile_of_runs(&[&[u32::MAX, u32::MAX]], 0.9),
            Some(f64::from(u32::MAX))
        );
    }

    #[test]
    fn summaries_and_rates() {
        let mut secs = [60, 120, 180, 600];
        let s = summarize(&mut secs, 60.0);
        assert_eq!(s.n, 4);
        assert_eq!(s.mean, Some(4.0));
        assert_eq!(s.median, Some(2.5));
        assert_eq!(summarize(&mut [], 60.0), Summary::default());
        assert_eq!(pct(1, 4), Some(25.0));
        assert_eq!(pct(0, 0), None);
        assert_eq!(delta(Some(3.0), None), None);
        assert_eq!(delta(Some(3.0), Some(1.0)), Some(2.0));
    }
}
