//! Collapsing runs of gaps (whitespace, and for turn text also control characters) to single
//! spaces, trimmed at both ends: the same result as splitting on gaps, dropping empty pieces and
//! joining with `' '`, but copied in stretches rather than word by word, and not copied at all
//! when the text is already clean (the usual case: a 12,000-word transcript has 12,000 words and
//! a few hundred turns).

/// Which characters separate words.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Gaps {
    /// `char::is_whitespace`.
    Whitespace,
    /// `char::is_whitespace` or `char::is_control`.
    WhitespaceOrControl,
}

impl Gaps {
    fn is_gap(self, c: char) -> bool {
        c.is_whitespace() || (self == Gaps::WhitespaceOrControl && c.is_control())
    }

    /// Which bytes never start a gap character, for skipping words a byte at a time.
    fn word_bytes(self) -> &'static [bool; 256] {
        match self {
            Gaps::Whitespace => &WORD_BYTES_WS,
            Gaps::WhitespaceOrControl => &WORD_BYTES_WS_CONTROL,
        }
    }
}

/// ASCII whitespace is 9..=13 and 32 (0x1C..=0x1F are controls but not whitespace).
static WORD_BYTES_WS: [bool; 256] = word_bytes(false);
/// ASCII whitespace and controls are 0..=32 and 127.
static WORD_BYTES_WS_CONTROL: [bool; 256] = word_bytes(true);

/// Every non-ASCII whitespace or control character (U+0080..=U+00A0, U+1680, U+2000..=U+205F,
/// U+3000) is encoded with lead byte C2, E1, E2 or E3; all other lead bytes and all
/// continuation bytes belong to words. Checked against every char in the tests.
const fn word_bytes(controls: bool) -> [bool; 256] {
    let mut t = [true; 256];
    let mut b = 0;
    while b < 128 {
        let ws = matches!(b, 9..=13 | 32);
        t[b] = !(ws || (controls && (b < 32 || b == 127)));
        b += 1;
    }
    while b < 256 {
        t[b] = !maybe_gap_lead(b as u8);
        b += 1;
    }
    t
}

/// Could a non-ASCII gap character start with this byte?
const fn maybe_gap_lead(b: u8) -> bool {
    matches!(b, 0xC2 | 0xE1..=0xE3)
}

/// The runs of gap characters in a string as byte ranges, in order.
struct GapRuns<'a> {
    s: &'a str,
    gaps: Gaps,
    at: usize,
}

impl GapRuns<'_> {
    /// The byte length of the gap character at `i`, or `None` when there is none.
    fn gap_at(&self, i: usize) -> Option<usize> {
        let b = *self.s.as_bytes().get(i)?;
        if self.gaps.word_bytes()[usize::from(b)] {
            return None;
        }
        if b < 0x80 {
            return Some(1);
        }
        let c = self.s.get(i..)?.chars().next()?;
        self.gaps.is_gap(c).then_some(c.len_utf8())
    }
}

impl Iterator for GapRuns<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        let bytes = self.s.as_bytes();
        let word = self.gaps.word_bytes();
        let mut i = self.at;
        loop {
            while i < bytes.len() && word[usize::from(bytes[i])] {
                i += 1;
            }
            if i >= bytes.len() {
                self.at = i;
                return None;
            }
            match self.gap_at(i) {
                Some(len) => {
                    let start = i;
                    i += len;
                    while let Some(len) = self.gap_at(i) {
                        i += len;
                    }
                    self.at = i;
                    return Some((start, i));
                }
                // A lead byte of a word character: its continuation bytes are word bytes.
                None => i += 1,
            }
        }
    }
}

fn gap_runs(s: &str, gaps: Gaps) -> GapRuns<'_> {
    GapRuns { s, gaps, at: 0 }
}

/// A gap run that clean text may hold: one plain space between two words.
fn is_single_space(s: &str, (a, b): (usize, usize)) -> bool {
    a > 0 && b < s.len() && &s[a..b] == " "
}

/// Is `s` already as [`squeeze`] would make it: no gap but single spaces between words?
///
/// Decided without a branch per byte (a branch at every space mispredicts once a word, which
/// made this check cost as much as the rest of an import): flags folded over all bytes, then
/// an exact look only at the rare lead bytes of non-ASCII gaps.
pub(super) fn is_clean(s: &str, gaps: Gaps) -> bool {
    let bytes = s.as_bytes();
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    let ascii_gap = |b: u8| match gaps {
        Gaps::Whitespace => (b'\t'..=b'\r').contains(&b),
        Gaps::WhitespaceOrControl => b < b' ' || b == 0x7F,
    };
    let (mut bad, mut leads) = (false, false);
    for chunk in bytes.chunks(256) {
        bad |= chunk.iter().fold(false, |a, &b| a | ascii_gap(b));
        leads |= chunk.iter().fold(false, |a, &b| a | maybe_gap_lead(b));
        bad |= chunk
            .iter()
            .zip(chunk.iter().skip(1))
            .fold(false, |a, (&x, &y)| a | ((x == b' ') & (y == b' ')));
    }
    // Double spaces across chunk borders.
    bad |= bytes
        .chunks(256)
        .zip(bytes.chunks(256).skip(1))
        .any(|(a, b)| a.last() == Some(&b' ') && b.first() == Some(&b' '));
    if bad {
        return false;
    }
    !leads
        || !bytes.iter().enumerate().any(|(i, &b)| {
            maybe_gap_lead(b)
                && s.get(i..)
                    .and_then(|t| t.chars().next())
                    .is_some_and(|c| gaps.is_gap(c))
        })
}

/// `s` with every run of gaps made one space and no gaps at either end.
pub(super) fn squeeze(s: &str, gaps: Gaps) -> String {
    if is_clean(s, gaps) {
        s.to_owned()
    } else {
        squeeze_dirty(s, gaps)
    }
}

/// [`squeeze`] for an owned string, which is kept (not copied) when it is clean already.
pub(super) fn squeeze_owned(s: String, gaps: Gaps) -> String {
    if is_clean(&s, gaps) {
        s
    } else {
        squeeze_dirty(&s, gaps)
    }
}

/// [`squeeze`] of text that needs it, copied a stretch at a time.
fn squeeze_dirty(s: &str, gaps: Gaps) -> String {
    let mut out = String::with_capacity(s.len());
    let mut push = |stretch: &str| {
        if !stretch.is_empty() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(stretch);
        }
    };
    // A stretch runs between two gap runs that are not single spaces: it starts and ends with
    // a word, and its own gaps are single spaces already.
    let mut from = 0;
    for run in gap_runs(s, gaps) {
        if !is_single_space(s, run) {
            push(&s[from..run.0]);
            from = run.1;
        }
    }
    push(&s[from..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        /// Clean text is exactly the text that squeezing leaves as it is.
        #[test]
        fn clean_is_what_squeezing_keeps(
            pieces in prop::collection::vec(
                prop::sample::select(vec![
                    "a", "we", "Søren", "e\u{301}", "👨\u{200d}👩", " ", " ", "  ", "\t", "\n",
                    "\r", "\u{b}", "\u{c}", "\u{0}", "\u{1f}", "\u{7f}", "\u{85}", "\u{a0}",
                    "\u{1680}", "\u{2003}", "\u{2028}", "\u{205f}", "\u{3000}", "\u{200d}",
                    "\u{e1}", "\u{e2}\u{82}\u{ac}", "€", "«", "\u{feff}",
                ]),
                0..300,
            ),
        ) {
            let s = pieces.concat();
            for g in [Gaps::Whitespace, Gaps::WhitespaceOrControl] {
                prop_assert_eq!(is_clean(&s, g), squeeze_dirty(&s, g) == s, "{:?} {:?}", g, s);
            }
        }
    }

    #[test]
    fn the_byte_tables_miss_no_gap_character() {
        for gaps in [Gaps::Whitespace, Gaps::WhitespaceOrControl] {
            for c in (0..=0x10FFFF).filter_map(char::from_u32) {
                let mut buf = [0; 4];
                let lead = c.encode_utf8(&mut buf).as_bytes()[0];
                if gaps.is_gap(c) {
                    assert!(!gaps.word_bytes()[usize::from(lead)], "{gaps:?} {c:?}");
                }
            }
        }
    }

    #[test]
    fn runs_become_single_spaces() {
        let g = Gaps::WhitespaceOrControl;
        assert_eq!(squeeze("  a\tb \u{b}c\n d  ", g), "a b c d");
        assert_eq!(squeeze("a\u{2003}\u{85}b\u{3000}", g), "a b");
        assert_eq!(squeeze("a\u{1f}b", Gaps::Whitespace), "a\u{1f}b");
        assert!(is_clean("Søren: “ja” – 👨‍👩‍👧", g));
        assert!(!is_clean("a  b", g) && !is_clean(" a", g) && !is_clean("a ", g));
        assert_eq!(squeeze_owned("a\u{a0}b".to_owned(), g), "a b");
    }
}
