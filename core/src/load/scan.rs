//! A resumable JSON syntax scanner: finds where one JSON value ends, over input that arrives in
//! pieces, and says whether its syntax is valid.
//!
//! The loader lets serde_json parse records directly (the fast path). It needs this scanner for
//! three things serde_json cannot do over a stream: (1) skip a member of any size without
//! holding it, (2) finish a value cut by a chunk boundary without re-parsing it from the start on
//! every chunk (quadratic for a large value), and (3) tell a *syntax* error (the file is not
//! JSON: a whole-file problem) from a *value* error inside well-formed JSON — a lone surrogate
//! escape, a number beyond `f64`, bytes that are not UTF-8 — which rejects only its record.
//!
//! So it checks the JSON grammar (RFC 8259) exactly, except that string contents are any bytes
//! but controls, `\u` escapes are any four hex digits, and numbers may be of any size.

/// What scanning a piece of input found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scan {
    /// The value ended; this many bytes of the piece belong to it (the rest follows it).
    Complete(usize),
    /// The whole piece belongs to the value, which goes on.
    NeedMore,
    /// Not JSON: the byte at this offset of the piece is wrong.
    Error(usize, &'static str),
}

/// Nesting deeper than this is refused as a syntax error. The stack takes one bit per level, so
/// this is 32 MiB at most. It is far above what a real file nests because serde_json, the
/// loader's fast path, skips unknown and nested members at any depth: a lower limit here made
/// the same record load or stop the file depending on where a chunk boundary fell (found by
/// tests/fuzz.rs; the limit was 4096). No value held whole (`MAX_VALUE_BYTES`) is this deep.
pub const MAX_DEPTH: usize = 1 << 28;

/// The open containers of a scan, one bit per level (set for an object).
#[derive(Debug, Clone, Default)]
struct Stack {
    bits: Vec<u64>,
    len: usize,
}

impl Stack {
    fn len(&self) -> usize {
        self.len
    }

    fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn push(&mut self, object: bool) {
        let (word, bit) = (self.len / 64, self.len % 64);
        if word == self.bits.len() {
            self.bits.push(0);
        }
        if let Some(w) = self.bits.get_mut(word) {
            *w = (*w & !(1 << bit)) | (u64::from(object) << bit);
        }
        self.len += 1;
    }

    fn pop(&mut self) {
        self.len = self.len.saturating_sub(1);
    }

    /// Whether the innermost open container is an object.
    fn last(&self) -> Option<bool> {
        let i = self.len.checked_sub(1)?;
        let word = self.bits.get(i / 64)?;
        Some(word >> (i % 64) & 1 == 1)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Num {
    Minus,
    Zero,
    Int,
    Dot,
    Frac,
    E,
    ESign,
    Exp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Expecting a value (at the start, after `:`, after `,` in an array, after `[`).
    Value {
        array_start: bool,
    },
    /// After `{`: a key or `}`.
    ObjectStart,
    /// After `,` in an object: a key.
    Key,
    /// After a key: `:`.
    Colon,
    /// After a value inside a container: `,` or the closer.
    After,
    Str {
        key: bool,
    },
    Escape {
        key: bool,
    },
    Unicode {
        key: bool,
        left: u8,
    },
    Number(Num),
    Literal {
        word: &'static [u8],
        at: u8,
    },
    Done,
}

/// Scans one JSON value. Feed it pieces with [`Scanner::scan`] until it reports `Complete`; at
/// the end of the input call [`Scanner::finish`] (a number at the top level ends there).
#[derive(Debug, Clone)]
pub struct Scanner {
    stack: Stack,
    state: State,
}

impl Default for Scanner {
    fn default() -> Self {
        Scanner::new()
    }
}

/// JSON's four white-space bytes.
pub(super) fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

impl Scanner {
    pub fn new() -> Scanner {
        Scanner {
            stack: Stack::default(),
            state: State::Value { array_start: false },
        }
    }

    /// The value has ended (or the input ended with a complete top-level number).
    pub fn is_done(&self) -> bool {
        self.state == State::Done
    }

    /// The input ended: a top-level number is complete; anything else unfinished is an error.
    pub fn finish(&mut self) -> bool {
        if let State::Number(n) = self.state {
            if self.stack.is_empty() && matches!(n, Num::Zero | Num::Int | Num::Frac | Num::Exp) {
                self.state = State::Done;
            }
        }
        self.state == State::Done
    }

    /// A value (scalar or container) just ended.
    fn value_ended(&mut self) -> State {
        if self.stack.is_empty() {
            State::Done
        } else {
            State::After
        }
    }

    pub fn scan(&mut self, piece: &[u8]) -> Scan {
        let mut i = 0;
        while let Some(&b) = piece.get(i) {
            match self.state {
                State::Done => return Scan::Complete(i),
                State::Value { array_start } => match b {
                    _ if is_ws(b) => {}
                    b'{' | b'[' => {
                        if self.stack.len() >= MAX_DEPTH {
                            return Scan::Error(i, "nested too deeply");
                        }
                        let object = b == b'{';
                        self.stack.push(object);
                        self.state = if object {
                            State::ObjectStart
                        } else {
                            State::Value { array_start: true }
                        };
                    }
                    b']' if array_start => {
                        self.stack.pop();
                        self.state = self.value_ended();
                    }
                    b'"' => self.state = State::Str { key: false },
                    b'-' => self.state = State::Number(Num::Minus),
                    b'0' => self.state = State::Number(Num::Zero),
                    b'1'..=b'9' => self.state = State::Number(Num::Int),
                    b't' => self.state = literal(b"true"),
                    b'f' => self.state = literal(b"false"),
                    b'n' => self.state = literal(b"null"),
                    _ => return Scan::Error(i, "expected a value"),
                },
                State::ObjectStart | State::Key => match b {
                    _ if is_ws(b) => {}
                    b'"' => self.state = State::Str { key: true },
                    b'}' if self.state == State::ObjectStart => {
                        self.stack.pop();
                        self.state = self.value_ended();
                    }
                    _ => return Scan::Error(i, "expected a string key"),
                },
                State::Colon => match b {
                    _ if is_ws(b) => {}
                    b':' => self.state = State::Value { array_start: false },
                    _ => return Scan::Error(i, "expected `:`"),
                },
                State::After => match (b, self.stack.last()) {
                    _ if is_ws(b) => {}
                    (b',', Some(true)) => self.state = State::Key,
                    (b',', Some(false)) => self.state = State::Value { array_start: false },
                    (b'}', Some(true)) | (b']', Some(false)) => {
                        self.stack.pop();
                        self.state = self.value_ended();
                    }
                    _ => return Scan::Error(i, "expected `,` or a closing bracket"),
                },
                State::Str { key } => {
                    // Fast path: run over plain string bytes.
                    let rest = &piece[i..];
                    let plain = rest
                        .iter()
                        .position(|&c| c == b'"' || c == b'\\' || c < 0x20)
                        .unwrap_or(rest.len());
                    i += plain;
                    match piece.get(i) {
                        None => return Scan::NeedMore,
                        Some(b'"') => {
                            self.state = if key {
                                State::Colon
                            } else {
                                self.value_ended()
                            }
                        }
                        Some(b'\\') => self.state = State::Escape { key },
                        Some(_) => return Scan::Error(i, "control character in a string"),
                    }
                }
                State::Escape { key } => match b {
                    b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => {
                        self.state = State::Str { key }
                    }
                    b'u' => self.state = State::Unicode { key, left: 4 },
                    _ => return Scan::Error(i, "invalid escape"),
                },
                State::Unicode { key, left } => {
                    if !b.is_ascii_hexdigit() {
                        return Scan::Error(i, "invalid \\u escape");
                    }
                    self.state = if left == 1 {
                        State::Str { key }
                    } else {
                        State::Unicode {
                            key,
                            left: left - 1,
                        }
                    };
                }
                State::Number(n) => {
                    let next = match (n, b) {
                        (Num::Minus, b'0') => Some(Num::Zero),
                        (Num::Minus, b'1'..=b'9') => Some(Num::Int),
                        (Num::Int, b'0'..=b'9') => Some(Num::Int),
                        (Num::Zero | Num::Int, b'.') => Some(Num::Dot),
                        (Num::Dot | Num::Frac, b'0'..=b'9') => Some(Num::Frac),
                        (Num::Zero | Num::Int | Num::Frac, b'e' | b'E') => Some(Num::E),
                        (Num::E, b'+' | b'-') => Some(Num::ESign),
                        (Num::E | Num::ESign | Num::Exp, b'0'..=b'9') => Some(Num::Exp),
                        _ => None,
                    };
                    match next {
                        Some(n) => self.state = State::Number(n),
                        None if matches!(n, Num::Zero | Num::Int | Num::Frac | Num::Exp) => {
                            // The number ended before this byte, which is not part of it.
                            self.state = self.value_ended();
                            if self.state == State::Done {
                                return Scan::Complete(i);
                            }
                            continue;
                        }
                        None => return Scan::Error(i, "invalid number"),
                    }
                }
                State::Literal { word, at } => {
                    if word.get(usize::from(at)) != Some(&b) {
                        return Scan::Error(i, "invalid literal");
                    }
                    self.state = if usize::from(at) + 1 == word.len() {
                        self.value_ended()
                    } else {
                        State::Literal { word, at: at + 1 }
                    };
                }
            }
            i += 1;
        }
        if self.state == State::Done {
            Scan::Complete(i)
        } else {
            Scan::NeedMore
        }
    }
}

fn literal(word: &'static [u8]) -> State {
    State::Literal { word, at: 1 }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Scans `text` whole, then again byte by byte: both must agree.
    fn scan_all(text: &str) -> Result<usize, usize> {
        let bytes = text.as_bytes();
        let whole = {
            let mut s = Scanner::new();
            match s.scan(bytes) {
                Scan::Complete(n) => Ok(n),
                Scan::NeedMore if s.finish() => Ok(bytes.len()),
                Scan::NeedMore => Err(bytes.len()),
                Scan::Error(at, _) => Err(at),
            }
        };
        let mut s = Scanner::new();
        let mut split = Err(bytes.len());
        for (i, b) in bytes.iter().enumerate() {
            match s.scan(std::slice::from_ref(b)) {
                Scan::Complete(n) => {
                    split = Ok(i + n);
                    break;
                }
                Scan::NeedMore => {}
                Scan::Error(..) => {
                    split = Err(i);
                    break;
                }
            }
        }
        if split == Err(bytes.len()) && s.finish() {
            split = Ok(bytes.len());
        }
        assert_eq!(
            whole, split,
            "whole and byte-by-byte scans differ on {text:?}"
        );
        whole
    }

    #[test]
    fn values_end_where_json_says() {
        let table: [(&str, Result<usize, usize>); 23] = [
            (r#"{"a":[1,2,{"b":null}]},"#, Ok(22)),
            (r#"  "x\"y\u00e9" ]"#, Ok(14)),
            ("[] x", Ok(2)),
            ("{}", Ok(2)),
            ("-0.5e+10}", Ok(8)),
            ("12", Ok(2)),
            ("1e400 ", Ok(5)),
            (r#""\ud800""#, Ok(8)),
            ("true,", Ok(4)),
            ("nul", Err(3)),
            ("nulx", Err(3)),
            ("01", Ok(1)),
            ("[01]", Err(2)),
            ("-", Err(1)),
            ("1.", Err(2)),
            ("1.e5", Err(2)),
            ("[1,]", Err(3)),
            (r#"{"a" 1}"#, Err(5)),
            (r#"{"a":1,}"#, Err(7)),
            (r#"{1:2}"#, Err(1)),
            ("\"a\tb\"", Err(2)),
            (r#""\x""#, Err(2)),
            (r#""\u12g4""#, Err(5)),
        ];
        for (text, want) in table {
            assert_eq!(scan_all(text), want, "{text}");
        }
    }

    #[test]
    fn deep_nesting_scans_as_serde_json_skips_it() {
        let depth = 100_000;
        let deep = format!("{}0{}", "[{\"a\":".repeat(depth), "}]".repeat(depth));
        assert!(serde_json::from_str::<serde::de::IgnoredAny>(&format!("[{deep}]")).is_ok());
        assert_eq!(scan_all(&deep), Ok(deep.len()));
        let wrong = format!("{}{}", "[".repeat(depth), "}".repeat(depth));
        assert_eq!(scan_all(&wrong), Err(depth));
    }

    #[test]
    fn agrees_with_serde_json_on_valid_documents() {
        let docs = [
            r#"{"id":"WO1","opened_at":"2026-01-01T00:00:00+08:00","n":[1,-2.5e3,true,false,null,{}]}"#,
            r#"[{"a":{"b":{"c":[[],[{}]]}}}, "é", "\n"]"#,
            "0",
            "-0",
        ];
        for doc in docs {
            assert!(serde_json::from_str::<serde::de::IgnoredAny>(doc).is_ok());
            assert_eq!(scan_all(doc), Ok(doc.len()), "{doc}");
        }
    }
}
