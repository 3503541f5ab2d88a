//! String interning for the dictionary-encoded columns (categories, channels) and the ticket-id
//! column. A million tickets carry a few dozen distinct categories, so each ticket holds a `u32`
//! code instead of a `String` (24 bytes plus the heap text).

use hashbrown::hash_table::Entry;
use hashbrown::{DefaultHashBuilder, HashTable};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
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

/// Unique strings stored end to end in one buffer, with a hash index: the ticket ids.
/// About 4 bytes of offsets and 5 of index per id on top of the text itself.
#[derive(Debug, Default, Clone)]
pub struct UniqueStrings {
    text: String,
    ends: Vec<u32>,
    index: HashTable<u32>,
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
        let hash = self.hasher.hash_one(value);
        let UniqueStrings {
            text,
            ends,
            index,
            hasher,
        } = self;
        // One probe finds the id or the slot for it (a million ids: one cache miss each).
        let entry = index.entry(
            hash,
            |&r| slice(text, ends, r) == value,
            |&r| hasher.hash_one(slice(text, ends, r)),
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

    /// Makes room for `additional` more strings in the index, so that it is not rebuilt as it
    /// grows (each rebuild hashes every id again), in the offsets, and in the text for strings
    /// as long as those so far. Only a wish: without the memory, they grow as before.
    pub fn reserve(&mut self, additional: usize) {
        let (text, ends, hasher) = (&self.text, &self.ends, &self.hasher);
        let _ = self
            .index
            .try_reserve(additional, |&r| hasher.hash_one(slice(text, ends, r)));
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

    /// The position of `value`, if present.
    pub fn position(&self, value: &str) -> Option<u32> {
        let hash = self.hasher.hash_one(value);
        self.index.find(hash, |&r| self.get(r) == value).copied()
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
    fn unique_strings_reject_duplicates() {
        let mut ids = UniqueStrings::default();
        for i in 0..1000 {
            assert_eq!(ids.insert(&format!("WO{i}")), Ok(i));
        }
        assert_eq!(ids.insert("WO7"), Err(InsertError::Duplicate(7)));
        assert_eq!(ids.get(999), "WO999");
        assert_eq!(ids.position("WO500"), Some(500));
        assert_eq!(ids.position("nope"), None);
        assert_eq!(ids.insert(""), Ok(1000));
        assert_eq!(ids.get(1000), "");
        assert_eq!(ids.get(5000), "");
    }
}
