//! The loader's fast path for a record: an object whose members are all plain — keys and strings
//! without escapes, `null`, `true`, `false`, small non-negative integers — read in one pass
//! without serde. Nearly every ticket of a real export is such an object. On a million tickets
//! this path takes a quarter fewer instructions than serde_json's (a visitor per value, UTF-8
//! checked string by string, the record moved through several results), and the engine's load
//! a quarter less time.
//!
//! It reads a subset of what serde_json reads and gives the same values for it: anything else
//! (an escape, a fraction, a nested value, a syntax error, bytes that are not UTF-8, the end of
//! the buffer) returns `None`, and the record goes the serde path as before, so what a record
//! becomes never depends on which path read it (the tests below compare the two at every object
//! of the test files and after random edits).

use super::input::{zero_bytes, HIGH};
use super::scan::is_ws;
use crate::raw::{Members, Record, Scalar};
use std::borrow::Cow;

/// Digits beyond this go the serde path: up to 18 digits is always an `i64`.
const MAX_DIGITS: usize = 18;

/// Reads the object at the start of `bytes`, calling `member` for each member in order, and
/// returns the length of its text; `None` if any part is not plain (see the module's doc).
pub(crate) fn object<'a>(
    bytes: &'a [u8],
    mut member: impl FnMut(&'a str, Scalar<'a>),
) -> Option<usize> {
    let mut at = 0;
    expect(bytes, &mut at, b'{')?;
    skip_ws(bytes, &mut at);
    if bytes.get(at) == Some(&b'}') {
        return Some(at + 1);
    }
    loop {
        expect(bytes, &mut at, b'"')?;
        let key = string(bytes, &mut at)?;
        skip_ws(bytes, &mut at);
        expect(bytes, &mut at, b':')?;
        skip_ws(bytes, &mut at);
        let value = scalar(bytes, &mut at)?;
        member(key, value);
        skip_ws(bytes, &mut at);
        match bytes.get(at)? {
            b',' => {
                at += 1;
                skip_ws(bytes, &mut at);
            }
            b'}' => return Some(at + 1),
            _ => return None,
        }
    }
}

/// The record at the start of `bytes` and the length of its text, if it is plain.
pub(super) fn record<'a, T: Members<'a>>(bytes: &'a [u8]) -> Option<(Record<T>, usize)> {
    let mut record = T::default();
    let len = object(bytes, |key, value| record.set(key, value))?;
    Some((Record::Object(record), len))
}

fn expect(bytes: &[u8], at: &mut usize, byte: u8) -> Option<()> {
    (bytes.get(*at) == Some(&byte)).then(|| *at += 1)
}

fn skip_ws(bytes: &[u8], at: &mut usize) {
    while bytes.get(*at).is_some_and(|&b| is_ws(b)) {
        *at += 1;
    }
}

/// The text of a string whose opening quote is just before `at`, up to its closing quote.
fn string<'a>(bytes: &'a [u8], at: &mut usize) -> Option<&'a str> {
    let start = *at;
    let rest = bytes.get(start..)?;
    let (len, ascii) = string_end(rest)?;
    *at = start + len + 1;
    let text = rest.get(..len)?;
    if ascii {
        // SAFETY: every byte of `text` is below 0x80 (checked by `string_end`), and ASCII is UTF-8.
        Some(unsafe { std::str::from_utf8_unchecked(text) })
    } else {
        std::str::from_utf8(text).ok()
    }
}

/// A byte repeated in each of a word's eight bytes is this times the byte.
const ONES: u64 = 0x0101_0101_0101_0101;

/// Where the string at the start of `text` ends (its closing quote) and whether it is ASCII;
/// `None` at an escape or a control byte (which serde_json refuses), or if it does not end.
/// Strings are scanned eight bytes at a time: nearly all of an export's bytes are in strings.
fn string_end(text: &[u8]) -> Option<(usize, bool)> {
    let mut high = 0;
    let mut words = text.chunks_exact(8);
    let mut done = 0;
    for chunk in words.by_ref() {
        let word = u64::from_le_bytes(chunk.try_into().ok()?);
        let stops = zero_bytes(word ^ (ONES * u64::from(b'"')))
            | zero_bytes(word ^ (ONES * u64::from(b'\\')))
            // Bytes below 0x20: below it after subtracting 0x20, unless the byte was high.
            | (word.wrapping_sub(ONES * 0x20) & !word & HIGH);
        if stops != 0 {
            let byte = stops.trailing_zeros() / 8;
            // The bytes before the stop (the lower ones: the word was read little-endian).
            let before = (1u64 << (byte * 8)) - 1;
            high |= word & HIGH & before;
            let len = done + byte as usize;
            return (text.get(len) == Some(&b'"')).then_some((len, high == 0));
        }
        high |= word & HIGH;
        done += 8;
    }
    // The last bytes of the buffer, fewer than eight.
    for (i, &b) in words.remainder().iter().enumerate() {
        match b {
            b'"' => return Some((done + i, high == 0)),
            b'\\' | 0..0x20 => return None,
            _ => high |= u64::from(b & 0x80),
        }
    }
    None
}

fn literal(
    bytes: &[u8],
    at: &mut usize,
    word: &[u8],
    value: Scalar<'static>,
) -> Option<Scalar<'static>> {
    let end = *at + word.len();
    (bytes.get(*at..end)? == word).then(|| {
        *at = end;
        value
    })
}

fn scalar<'a>(bytes: &'a [u8], at: &mut usize) -> Option<Scalar<'a>> {
    match *bytes.get(*at)? {
        b'"' => {
            *at += 1;
            string(bytes, at).map(|s| Scalar::Str(Cow::Borrowed(s)))
        }
        b'n' => literal(bytes, at, b"null", Scalar::Null),
        b't' => literal(bytes, at, b"true", Scalar::Bool(true)),
        b'f' => literal(bytes, at, b"false", Scalar::Bool(false)),
        b'0'..=b'9' => integer(bytes, at),
        _ => None,
    }
}

/// A non-negative integer written as JSON allows (no leading zero) and followed by neither a
/// fraction nor an exponent; those, and signs, go the serde path.
fn integer(bytes: &[u8], at: &mut usize) -> Option<Scalar<'static>> {
    let rest = bytes.get(*at..)?;
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    let next = *rest.get(digits)?;
    if digits > MAX_DIGITS || (digits > 1 && rest.first() == Some(&b'0')) {
        return None;
    }
    if matches!(next, b'.' | b'e' | b'E') {
        return None;
    }
    let value = rest
        .get(..digits)?
        .iter()
        .fold(0i64, |n, &d| n * 10 + i64::from(d - b'0'));
    *at += digits;
    Some(Scalar::Int(value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::parse_at;
    use crate::raw::{RawRecord, RawSurvey, RawTicket};
    use serde::Deserialize;
    use std::path::PathBuf;

    /// Wherever the plain path reads a record, serde_json reads the same record and length.
    fn agrees<'a, T>(bytes: &'a [u8]) -> bool
    where
        T: Members<'a> + PartialEq + std::fmt::Debug,
        Record<T>: Deserialize<'a> + PartialEq + std::fmt::Debug,
    {
        match record::<T>(bytes) {
            None => false,
            Some(read) => {
                let serde = parse_at::<Record<T>>(bytes).ok();
                assert_eq!(
                    Some(&read),
                    serde.as_ref(),
                    "{}",
                    String::from_utf8_lossy(bytes)
                );
                true
            }
        }
    }

    fn agrees_as_every_record(bytes: &[u8]) -> bool {
        let ticket = agrees::<RawTicket>(bytes);
        assert_eq!(agrees::<RawSurvey>(bytes), ticket);
        assert_eq!(agrees::<RawRecord>(bytes), ticket);
        ticket
    }

    #[test]
    fn it_reads_what_serde_reads_at_every_object_of_the_test_files() {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let shared = root.join("../../shared/data");
        let dirs = [
            root.join("tests/fuzz/corpus"),
            shared.join("fixtures"),
            shared.join("hostile"),
        ];
        let mut read = 0;
        for dir in dirs {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let bytes = std::fs::read(entry.path()).unwrap_or_default();
                for (at, _) in bytes.iter().enumerate().filter(|(_, &b)| b == b'{') {
                    read += usize::from(agrees_as_every_record(&bytes[at..]));
                }
            }
        }
        assert!(read > 10_000, "only {read} records read on the plain path");
    }

    #[test]
    fn it_reads_what_serde_reads_after_random_edits() {
        // The category is 客户内部故障, written as escapes to keep hanzi out of the code.
        let seed = concat!(
            r#"{"id":"MY1","opened_at":"2026-06-06T16:45:00+08:00","district":"ST","kind":"repair","#,
            "\"category\":\"\u{5ba2}\u{6237}\u{5185}\u{90e8}\u{6545}\u{969c}\",",
            r#""customer_tier":"B","satisfaction":5,"x":null,"y":true} "#
        )
        .as_bytes();
        // Bytes where the two readers could part: structure, escapes, numbers, literals, white
        // space, control and non-UTF-8 bytes.
        let alphabet = b"\"\\{}[],: \n\t\x01\x1f0159.eE-+nultrfas\xff\xc3\xa9\xe5";
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let mut read = 0;
        for _ in 0..20_000 {
            let mut text = seed.to_vec();
            for _ in 0..=next(3) {
                let at = next(text.len());
                let byte = alphabet[next(alphabet.len())];
                match next(3) {
                    0 => text[at] = byte,
                    1 => text.insert(at, byte),
                    _ => drop(text.remove(at)),
                }
            }
            read += usize::from(agrees_as_every_record(&text));
        }
        assert!(
            read > 1_000,
            "only {read} edited records read on the plain path"
        );
    }

    fn members(text: &str) -> Option<(Vec<(String, Scalar<'_>)>, usize)> {
        let mut seen = Vec::new();
        let len = object(text.as_bytes(), |k, v| seen.push((k.to_string(), v)))?;
        Some((seen, len))
    }

    #[test]
    fn plain_objects_are_read_with_their_length() {
        let text = concat!(
            r#"{ "id" : "A1", "n": 5, "z": 0, "b": true, "f": false, "x": null, "#,
            "\"c\": \"\u{5ba2}\" } ,"
        );
        let (seen, len) = members(text).unwrap();
        assert_eq!(&text[..len], &text[..text.len() - 2]);
        assert_eq!(seen.len(), 7);
        assert_eq!(seen[0], ("id".into(), Scalar::Str("A1".into())));
        assert_eq!(seen[1].1, Scalar::Int(5));
        assert_eq!(seen[2].1, Scalar::Int(0));
        assert_eq!(seen[3].1, Scalar::Bool(true));
        assert_eq!(seen[4].1, Scalar::Bool(false));
        assert_eq!(seen[5].1, Scalar::Null);
        assert_eq!(seen[6].1, Scalar::Str("\u{5ba2}".into()));
        assert_eq!(members("{}"), Some((vec![], 2)));
        assert_eq!(members("{ }x"), Some((vec![], 3)));
    }

    #[test]
    fn anything_not_plain_goes_the_serde_path() {
        for text in [
            r#"{"a":"x\"y"}"#,
            r#"{"a\u0041":1}"#,
            "{\"a\":\"tab\there\"}",
            r#"{"a":1.5}"#,
            r#"{"a":1e3}"#,
            r#"{"a":-1}"#,
            r#"{"a":01}"#,
            r#"{"a":1234567890123456789}"#,
            r#"{"a":[1]}"#,
            r#"{"a":{}}"#,
            r#"{"a":nul}"#,
            r#"{"a":1,}"#,
            r#"{"a" 1}"#,
            r#"{a:1}"#,
            r#"{"a":1"#,
            r#"{"a":12"#,
            r#"{"a":"x"#,
            r#"["a"]"#,
            "",
        ] {
            assert_eq!(members(text), None, "{text}");
        }
        assert_eq!(object(b"{\"a\":\"\xff\"}", |_, _| {}), None);
        assert_eq!(object(b"{\"\xc3\":1}", |_, _| {}), None);
    }
}
