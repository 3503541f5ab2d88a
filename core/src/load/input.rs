//! The loader's window on a byte stream: the bytes not yet consumed, plus enough bookkeeping to
//! name any position by line and column of the whole file.
//!
//! Bytes arrive in chunks and leave as soon as they are consumed, so memory holds one chunk plus
//! the value being read, never the file (the `mark` keeps an unfinished value's start).

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
            if !matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
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
fn count_lines(bytes: &[u8], mut lines: usize, mut column: usize) -> (usize, usize) {
    match bytes.iter().rposition(|&b| b == b'\n') {
        Some(last) => {
            lines += bytes.iter().filter(|&&b| b == b'\n').count();
            column = chars(&bytes[last + 1..]);
        }
        None => column += chars(bytes),
    }
    (lines, column)
}

fn chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
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
}
