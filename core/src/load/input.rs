//! The loader's window on a byte stream: the bytes not yet consumed, plus enough bookkeeping to
//! name any position by line and column of the whole file.
//!
//! Bytes arrive in chunks and leave as soon as they are consumed, so memory holds one chunk plus
//! the value being read, never the file (the `mark` keeps an unfinished value's start).

use super::scan::is_ws;

#[derive(Debug, Default)]
pub(crate) struct Input {
    buf: Vec<u8>,
    /// Next unread byte in `buf`.
    pub pos: usize,
    /// Bytes from this file position on are kept when consumed bytes are dropped (the start of
    /// a value being read).
    pub mark: Option<u64>,
    /// Bytes dropped before `buf[0]`.
    dropped: u64,
    /// Line breaks in the dropped bytes, and characters after the last of them.
    lines: usize,
    column: usize,
    /// No more bytes will come.
    pub ended: bool,
}

impl Input {
    /// Appends a chunk, first dropping what has been consumed (when that is at least half the
    /// buffer, so the copy of the rest is amortised).
    pub fn push(&mut self, chunk: &[u8]) {
        let marked = self.mark.map(|m| self.index(m));
        let keep = marked.map_or(self.pos, |m| m.min(self.pos));
        if keep > 0 && keep * 2 >= self.buf.len() {
            let (lines, column) = count_lines(&self.buf[..keep], self.lines, self.column);
            self.lines = lines;
            self.column = column;
            self.dropped += keep as u64;
            self.buf.drain(..keep);
            self.pos -= keep;
        }
        self.buf.extend_from_slice(chunk);
    }

    pub fn bytes(&self) -> &[u8] {
        &self.buf
    }

    /// The unread bytes.
    pub fn rest(&self) -> &[u8] {
        self.buf.get(self.pos..).unwrap_or_default()
    }

    /// Bytes held (read or not); what a load costs beyond its columns.
    pub fn held(&self) -> usize {
        self.buf.capacity()
    }

    /// Skips white space; returns the next byte, if there is one yet.
    pub fn skip_ws(&mut self) -> Option<u8> {
        while let Some(&b) = self.buf.get(self.pos) {
            if !is_ws(b) {
                return Some(b);
            }
            self.pos += 1;
        }
        None
    }

    /// The buffer index of file position `at` (a position still held).
    pub fn index(&self, at: u64) -> usize {
        usize::try_from(at.saturating_sub(self.dropped)).unwrap_or(usize::MAX)
    }

    /// The file position of buffer index `i`.
    pub fn position(&self, i: usize) -> u64 {
        self.dropped + i as u64
    }

    /// Bytes of the file consumed so far.
    pub fn consumed(&self) -> u64 {
        self.dropped + self.pos as u64
    }

    /// 1-based line and column (in characters) of `buf[at]` in the whole file.
    pub fn location(&self, at: usize) -> (usize, usize) {
        let before = self.buf.get(..at).unwrap_or(&self.buf);
        let (lines, column) = count_lines(before, self.lines, self.column);
        (lines + 1, column + 1)
    }
}

/// Advances a (line breaks, column) count over `bytes`; the column counts characters, not bytes.
/// Every byte of a file passes here once, when it is dropped (an export on one line is all
/// "column"), so it is counted in one pass, eight bytes at a time: a byte loop was a sixth of a
/// load in wasm.
fn count_lines(bytes: &[u8], mut lines: usize, mut column: usize) -> (usize, usize) {
    let chunks = bytes.chunks_exact(8);
    let tail = chunks.remainder();
    for chunk in chunks {
        let w = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        // The high bit of each byte that starts a character (not `10xxxxxx`), and of each `\n`.
        let starts = !(w & !(w << 1)) & HIGH;
        let newlines = zero_bytes(w ^ NEWLINES);
        if newlines == 0 {
            column += starts.count_ones() as usize;
        } else {
            lines += newlines.count_ones() as usize;
            // Characters after the word's last newline (little-endian: the highest flagged bit).
            let last = 63 - newlines.leading_zeros();
            let after = (!0u64).checked_shl(last + 1).unwrap_or(0);
            column = (starts & after).count_ones() as usize;
        }
    }
    for &b in tail {
        match b {
            b'\n' => {
                lines += 1;
                column = 0;
            }
            b if (b & 0xC0) == 0x80 => {}
            _ => column += 1,
        }
    }
    (lines, column)
}

/// The high bit of each of a word's eight bytes (also used by `plain.rs`).
pub(super) const HIGH: u64 = 0x8080_8080_8080_8080;
const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
const NEWLINES: u64 = 0x0a0a_0a0a_0a0a_0a0a;

/// The high bit set in each byte of `word` that is zero, and nowhere else (no carry crosses
/// from one byte to the next).
pub(super) fn zero_bytes(word: u64) -> u64 {
    !(((word & LOW7) + LOW7) | word | LOW7)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_survive_dropping_consumed_bytes() {
        let mut input = Input::default();
        input.push("ab\ncé".as_bytes());
        input.pos = 4;
        input.push(b"f\ng");
        assert_eq!(input.rest(), "éf\ng".as_bytes());
        // "ab\ncéf\ng": 'g' is line 3, column 1; 'f' is line 2, column 3.
        let g = input.bytes().len() - 1;
        assert_eq!(input.location(g), (3, 1));
        let f = g - 2;
        assert_eq!(input.location(f), (2, 3));
        assert_eq!(input.consumed(), 4);
    }

    #[test]
    fn counting_by_words_equals_counting_by_bytes() {
        let by_bytes = |b: &[u8], lines: usize, column: usize| {
            b.iter().fold((lines, column), |(l, c), &x| match x {
                b'\n' => (l + 1, 0),
                x if (x & 0xC0) == 0x80 => (l, c),
                _ => (l, c + 1),
            })
        };
        let samples: [&[u8]; 9] = [
            b"",
            b"\n",
            b"abc",
            b"0123456\n89abcdef\n",
            b"abcdefg\nhijklmn\nop\x7fq\nrs",
            "\n\u{7532}\u{4e59}\n\u{4e19}\u{4e01}\u{620a}\u{5df1} \u{e9}\u{1F600}x".as_bytes(),
            "\u{4e00}\u{4e8c}\u{4e09}\u{56db}\u{4e94}\u{516d}\u{4e03}\u{516b}\u{4e5d}\u{5341}"
                .as_bytes(),
            b"\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n",
            &[
                0x0a, 0x8a, 0x0b, 0x09, 0x8b, 0xff, 0x80, 0x7f, 0x0a, 0xc0, 0xbf,
            ],
        ];
        for s in samples {
            for cut in 0..=s.len() {
                let b = &s[cut..];
                assert_eq!(count_lines(b, 2, 5), by_bytes(b, 2, 5), "{b:?}");
            }
        }
    }
}
