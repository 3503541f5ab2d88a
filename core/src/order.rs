//! One stable sort for the lists the page orders: the league table, filter options, findings,
//! warnings, the members of a unit. In wasm every `sort_by` with its own comparator is its own
//! copy of the standard library's sort (4–13 KB each), and the page orders six kinds of list;
//! here they share one copy, which sorts positions through a comparator behind a reference and
//! then moves the items into place. The lists are short (districts, findings, categories), so
//! the indirect call costs nothing that shows; the engine's hot sorts (durations, percentiles)
//! stay as they are.

use std::cmp::Ordering;

/// Sorts `items` by `cmp`, keeping the order of equal items (as `slice::sort_by`).
pub fn sort_by<T>(items: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    let order = {
        let items: &[T] = items;
        positions(items.len(), &|a, b| match (items.get(a), items.get(b)) {
            (Some(x), Some(y)) => cmp(x, y),
            _ => Ordering::Equal,
        })
    };
    permute(items, &order);
}

/// Sorts `items` by a key, keeping the order of equal items (as `slice::sort_by_key`).
pub fn sort_by_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// The positions `0..n` in the order `cmp` says: the one instance of the standard sort.
fn positions(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| cmp(a, b));
    order
}

/// Puts the item at `order[i]` in place `i`, following each cycle of the permutation once.
fn permute<T>(items: &mut [T], order: &[usize]) {
    let n = items.len().min(order.len());
    let mut placed = vec![false; n];
    for start in 0..n {
        if placed.get(start).copied().unwrap_or(true) {
            continue;
        }
        let mut i = start;
        loop {
            if let Some(p) = placed.get_mut(i) {
                *p = true;
            }
            let from = order.get(i).copied().unwrap_or(start);
            if from == start || from >= n {
                break;
            }
            items.swap(i, from);
            i = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_as_the_standard_stable_sort() {
        // A small LCG: lists with many ties, of every length up to 200.
        let mut seed = 12345u64;
        let mut next = move || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as u32
        };
        for n in 0..200 {
            let items: Vec<(u32, usize)> = (0..n).map(|i| (next() % 7, i)).collect();
            let mut ours = items.clone();
            sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            let mut std = items.clone();
            std.sort_by_key(|a| a.0);
            assert_eq!(ours, std, "n = {n}");
            let mut by_key = items.clone();
            sort_by_key(&mut by_key, |x| std::cmp::Reverse(x.0));
            std.sort_by_key(|x| std::cmp::Reverse(x.0));
            assert_eq!(by_key, std, "n = {n}, by key");
        }
    }

    #[test]
    fn sorts_items_that_cannot_be_copied() {
        let mut names = vec!["乙".to_string(), "甲".into(), "丙".into(), "甲".into()];
        sort_by(&mut names, |a, b| b.cmp(a));
        // Descending by code point: 甲 U+7532, 乙 U+4E59, 丙 U+4E19.
        assert_eq!(names, ["甲", "甲", "乙", "丙"]);
        let mut empty: Vec<String> = Vec::new();
        sort_by_key(&mut empty, |s| s.len());
        assert!(empty.is_empty());
    }
}
