//! String interning for the dictionary-encoded columns (categories, channels) and the ticket-id
//! column. A million tickets carry a few dozen distinct categories, so each ticket holds a `u32`
//! code instead of a `String` (24 bytes plus the heap text).

use hashbrown::hash_table::Entry;
use hashbrown::{DefaultHashBuilder, HashTable};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::cmp::Ordering;
use std::hash::BuildHasher;

/// Distinct strings, each with a dense `u32` code in order of first appearance.
#[derive(Debug, Default, Clone)]
pub struct Dictionary {
    values: Vec<Box<str>>,
    index: HashTable<u32>,
    hasher: DefaultHashBuilder,
}

impl PartialEq for Dictionary {
    fn eq(&self, other: &Self) -> bool {
        self.values == other.values
    }
}

/// Sent to the page as the list of its values (code = position); the index is rebuilt.
impl Serialize for Dictionary {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.values.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Dictionary {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let values = Vec::<String>::deserialize(d)?;
        let mut dict = Dictionary::default();
        for v in &values {
            dict.intern(v);
        }
        Ok(dict)
    }
}

impl Dictionary {
    /// The code of `value`, adding it if new. `None` only past `u32::MAX` distinct values.
    pub fn intern(&mut self, value: &str) -> Option<u32> {
        let hash = self.hasher.hash_one(value);
        let values = &self.values;
        if let Some(&code) = self.index.find(hash, |&c| {
            values.get(c as usize).is_some_and(|v| &**v == value)
        }) {
            return Some(code);
        }
        let code = u32::try_from(self.values.len()).ok()?;
        self.values.push(value.into());
        let (values, hasher) = (&self.values, &self.hasher);
        self.index.insert_unique(hash, code, |&c| {
            hasher.hash_one(values.get(c as usize).map_or("", |v| &**v))
        });
        Some(code)
    }

    /// The code of `value`, if present.
    pub fn code(&self, value: &str) -> Option<u32> {
        let hash = self.hasher.hash_one(value);
        self.index
            .find(hash, |&c| {
                self.values.get(c as usize).is_some_and(|v| &**v == value)
            })
            .copied()
    }

    /// The string of a code; empty for a code that was never issued.
    pub fn get(&self, code: u32) -> &str {
        self.values.get(code as usize).map_or("", |v| v)
    }

    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (u32, &str)> {
        self.values
            .iter()
            .enumerate()
            .map(|(i, v)| (i as u32, &**v))
    }

    /// Bytes held on the heap, for the memory figures of the benchmark.
    pub fn heap_bytes(&self) -> usize {
        self.values.capacity() * std::mem::size_of::<Box<str>>()
            + self.values.iter().map(|v| v.len()).sum::<usize>()
            + self.index.capacity() * (std::mem::size_of::<u32>() + 1)
    }
}

/// Unique strings stored end to end in one buffer: the ticket ids. About 4 bytes of offsets
/// per id on top of the text itself, and 5 of hash index once one is needed.
///
/// Exports list tickets by id, and while the ids ascend ([`id_order`]) none can repeat an
/// earlier one and a search finds one: the index is built only at the first id out of
/// that order, or once lookups come in no order ([`UniqueStrings::position`]). Indexing every
/// id cost a cache miss per ticket, and 5 bytes per ticket. On the benchmark's million tickets,
/// the dashboard was ready in 5.5–5.7 s with the index and in 4.9–5.2 s without it (still 0.2 s
/// in wasm when built in one pass at the first survey).
#[derive(Debug, Default, Clone)]
pub struct UniqueStrings {
    text: String,
    ends: Vec<u32>,
    /// Every string's position once `indexed`; empty while the strings ascend.
    index: HashTable<u32>,
    indexed: bool,
    /// Where the last search ended, and how many ended before the one before them:
    /// searches in no order miss the cache at every step, and past a few the index is built.
    searched: usize,
    searches_back: usize,
    hasher: DefaultHashBuilder,
}

/// Why a string could not be added to [`UniqueStrings`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InsertError {
    /// The string is already present, at this position.
    Duplicate(u32),
    /// The buffer would pass 4 GiB.
    Full,
}

impl UniqueStrings {
    pub fn insert(&mut self, value: &str) -> Result<u32, InsertError> {
        let row = u32::try_from(self.ends.len()).map_err(|_| InsertError::Full)?;
        let end = u32::try_from(self.text.len() + value.len()).map_err(|_| InsertError::Full)?;
        if !self.indexed && self.ascends_with(value) {
            self.text.push_str(value);
            self.ends.push(end);
            return Ok(row);
        }
        self.index_all();
        let hash = self.hasher.hash_one(value);
        let UniqueStrings {
            text,
            ends,
            index,
            hasher,
            ..
        } = self;
        // One probe finds the id or the slot for it.
        let entry = index.entry(
            hash,
            |&r| slice(text, ends, r) == value,
            rehash(text, ends, hasher),
        );
        match entry {
            Entry::Occupied(found) => Err(InsertError::Duplicate(*found.get())),
            Entry::Vacant(slot) => {
                slot.insert(row);
                text.push_str(value);
                ends.push(end);
                Ok(row)
            }
        }
    }

    /// Whether `value` comes after the last string in [`id_order`]: then it is none of them, as
    /// long as they ascended too.
    fn ascends_with(&self, value: &str) -> bool {
        let Some(last) = self.ends.len().checked_sub(1) else {
            return true;
        };
        id_order(slice(&self.text, &self.ends, last as u32), value) == Ordering::Less
    }

    /// Builds the index of every string so far, with room for as many as the offsets have.
    fn index_all(&mut self) {
        if self.indexed {
            return;
        }
        self.indexed = true;
        let (text, ends, hasher) = (&self.text, &self.ends, &self.hasher);
        let _ = self
            .index
            .try_reserve(ends.capacity(), rehash(text, ends, hasher));
        for row in 0..ends.len() as u32 {
            let hash = hasher.hash_one(slice(text, ends, row));
            self.index
                .insert_unique(hash, row, rehash(text, ends, hasher));
        }
    }

    /// Makes room for `additional` more strings in the index once it is built, so that it is
    /// not rebuilt as it grows (each rebuild hashes every id again), in the offsets (and so in
    /// the index built later), and in the text for strings as long as those so far. Only a
    /// wish: without the memory, they grow as before.
    pub fn reserve(&mut self, additional: usize) {
        if self.indexed {
            let (text, ends, hasher) = (&self.text, &self.ends, &self.hasher);
            let _ = self
                .index
                .try_reserve(additional, rehash(text, ends, hasher));
        }
        let _ = self.ends.try_reserve_exact(additional);
        let length = self.text.len().checked_div(self.ends.len()).unwrap_or(0);
        let _ = self
            .text
            .try_reserve_exact(additional.saturating_mul(length));
    }

    /// Gives back what the text and offsets were grown beyond their length (up to half of
    /// each: they grow by doubling). The index keeps its size: shrinking it would hash every id
    /// again.
    pub fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
    }

    /// The position of `value`, if present: from the index, or by a search while the strings
    /// ascend ([`UniqueStrings::search`]). An export's surveys follow its tickets in the same
    /// order, and each search starts where the last one ended. Searches in no order miss the
    /// cache at most steps, and cost more than hashing: once more than [`SEARCHES_BACK`] of them
    /// went back, the index is built and used.
    pub fn position(&mut self, value: &str) -> Option<u32> {
        if !self.indexed {
            let (found, at) = self.search(value);
            if at < self.searched {
                self.searches_back += 1;
            }
            self.searched = at;
            if self.searches_back <= SEARCHES_BACK.max(self.ends.len() / 64) {
                return found;
            }
            self.index_all();
        }
        let hash = self.hasher.hash_one(value);
        self.index.find(hash, |&r| self.get(r) == value).copied()
    }

    /// Search of strings that ascend: the position of `value` if present, and where the search
    /// ended (the number of strings before `value`). It starts where the last one ended and
    /// gallops on (1, 2, 4, … rows), then halves what is left: a survey's ticket is usually a few
    /// rows past the last survey's, found in a few steps rather than the log2(n) of a binary
    /// search of all the ids (23 at 10M, each a string comparison). An id before the last one is
    /// searched for in the strings before it.
    fn search(&self, value: &str) -> (Option<u32>, usize) {
        let n = self.ends.len();
        let last = self.searched.min(n);
        let below = |row: usize| id_order(self.get(row as u32), value) == Ordering::Less;
        let (mut low, mut high) = (last, n);
        if last > 0 && !below(last - 1) {
            (low, high) = (0, last);
        } else {
            let mut step = 1;
            while let Some(row) = last.checked_add(step - 1).filter(|&r| r < n) {
                if !below(row) {
                    high = row + 1;
                    break;
                }
                low = row + 1;
                step = step.saturating_mul(2);
            }
        }
        while low < high {
            let middle = low + (high - low) / 2;
            match id_order(self.get(middle as u32), value) {
                Ordering::Less => low = middle + 1,
                Ordering::Greater => high = middle,
                Ordering::Equal => return (Some(middle as u32), middle),
            }
        }
        (None, low)
    }

    /// The string at `row`; empty for a row that does not exist.
    pub fn get(&self, row: u32) -> &str {
        slice(&self.text, &self.ends, row)
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    pub fn heap_bytes(&self) -> usize {
        self.text.capacity() + self.ends.capacity() * 4 + self.index.capacity() * 5
    }
}

/// Searches that may end before the one before them until the index is built (or a
/// sixty-fourth of the strings, if more).
const SEARCHES_BACK: usize = 4096;

/// The order in which ticket ids usually ascend: shorter first, then by bytes, so that "WO9"
/// comes before "WO10".
fn id_order(a: &str, b: &str) -> Ordering {
    (a.len(), a.as_bytes()).cmp(&(b.len(), b.as_bytes()))
}

/// The hash of the string at a row, for the index when it grows.
fn rehash<'a>(
    text: &'a str,
    ends: &'a [u32],
    hasher: &'a DefaultHashBuilder,
) -> impl Fn(&u32) -> u64 + 'a {
    move |&r| hasher.hash_one(slice(text, ends, r))
}

fn slice<'a>(text: &'a str, ends: &[u32], row: u32) -> &'a str {
    let row = row as usize;
    let Some(&end) = ends.get(row) else {
        return "";
    };
    let start = if row == 0 {
        0
    } else {
        ends.get(row - 1).copied().unwrap_or(0)
    };
    text.get(start as usize..end as usize).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interning_gives_stable_dense_codes() {
        let mut d = Dictionary::default();
        assert_eq!(d.intern("电费电价"), Some(0));
        assert_eq!(d.intern("停电问题"), Some(1));
        assert_eq!(d.intern("电费电价"), Some(0));
        assert_eq!(d.code("停电问题"), Some(1));
        assert_eq!(d.code("x"), None);
        assert_eq!(d.get(1), "停电问题");
        assert_eq!(d.get(9), "");
        assert_eq!(d.len(), 2);
    }

    #[test]
    fn unique_strings_reject_duplicates_in_any_order() {
        // Ascending (never indexed), then out of order from the start, then out of order only
        // after a run of ascending ids (indexed then).
        let orders: [Vec<u32>; 3] = [
            (0..1000).collect(),
            (0..1000).rev().collect(),
            (0..500).chain((500..1000).rev()).collect(),
        ];
        for order in orders {
            let mut ids = UniqueStrings::default();
            for (row, i) in order.iter().enumerate() {
                assert_eq!(ids.insert(&format!("WO{i}")), Ok(row as u32));
            }
            let row_of = |i: u32| order.iter().position(|&o| o == i).map(|r| r as u32);
            assert_eq!(
                ids.insert("WO7"),
                Err(InsertError::Duplicate(row_of(7).unwrap()))
            );
            assert_eq!(
                ids.insert("WO999"),
                Err(InsertError::Duplicate(row_of(999).unwrap()))
            );
            assert_eq!(ids.get(row_of(999).unwrap()), "WO999");
            assert_eq!(ids.position("WO500"), row_of(500));
            assert_eq!(ids.position("nope"), None);
            assert_eq!(ids.insert(""), Ok(1000));
            assert_eq!(ids.insert(""), Err(InsertError::Duplicate(1000)));
            assert_eq!(ids.get(1000), "");
            assert_eq!(ids.get(5000), "");
            assert_eq!(ids.len(), 1001);
        }
    }

    #[test]
    fn searches_in_no_order_build_the_index() {
        let mut ids = UniqueStrings::default();
        for i in 0..10_000 {
            ids.insert(&format!("WO{i:05}")).unwrap();
        }
        // In order: never indexed.
        for i in 0..10_000 {
            assert_eq!(ids.position(&format!("WO{i:05}")), Some(i));
        }
        assert!(!ids.indexed);
        // Back and forth (four in five go back): indexed once more than SEARCHES_BACK went back.
        for n in 0..10_000u32 {
            let i = n * 7919 % 10_000;
            assert_eq!(ids.position(&format!("WO{i:05}")), Some(i));
            if n < SEARCHES_BACK as u32 {
                assert!(!ids.indexed, "{n}");
            }
        }
        assert!(ids.indexed);
        assert_eq!(ids.position("WO10000"), None);
    }

    #[test]
    fn searches_from_the_last_one_find_every_id_at_any_distance() {
        // Every third number as an id ("WO0", "WO3", …, ascending: shorter first, then bytes).
        let mut ids = UniqueStrings::default();
        for i in (0..3000).step_by(3) {
            ids.insert(&format!("WO{i}")).unwrap();
        }
        let expected = |i: u32| (i.is_multiple_of(3) && i < 3000).then_some(i / 3);
        // Forward by steps of every size a gallop takes (present and absent ids), then back
        // and forward again, and past both ends.
        let mut wanted: Vec<u32> = Vec::new();
        let mut i = 0;
        for step in [
            1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33, 64, 100, 250, 511,
        ] {
            i += step;
            wanted.push(i);
        }
        wanted.extend([
            2998, 2999, 3000, 5000, 0, 1, 2, 3, 1500, 1499, 1501, 6, 2997,
        ]);
        for i in wanted {
            assert_eq!(ids.position(&format!("WO{i}")), expected(i), "WO{i}");
        }
        for absent in ["", "A", "WO", "WO-1", "XX0", "WO00"] {
            assert_eq!(ids.position(absent), None, "{absent}");
        }
        assert!(!ids.indexed);
    }

    #[test]
    fn ascending_ids_are_indexed_only_once_one_is_out_of_order() {
        let mut ids = UniqueStrings::default();
        // Shorter first, then by bytes: "WO9" comes before "WO10".
        let ascending = ["", "A", "B", "WO9", "WO10", "WO11", "WO100"];
        for id in ascending {
            assert!(ids.insert(id).is_ok(), "{id}");
        }
        assert!(!ids.indexed);
        for (row, id) in ascending.iter().enumerate() {
            assert_eq!(ids.position(id), Some(row as u32), "{id}");
        }
        for absent in ["0", "C", "WO8", "WO12", "WO1000", "WP10"] {
            assert_eq!(ids.position(absent), None, "{absent}");
        }
        assert!(!ids.indexed);
        assert_eq!(ids.insert("WO10"), Err(InsertError::Duplicate(4)));
        assert!(ids.indexed);
        assert_eq!(ids.position("WO100"), Some(6));
        assert_eq!(ids.insert("WO2"), Ok(7));
        assert_eq!(ids.position("WO2"), Some(7));
    }
}
