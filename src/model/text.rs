//! Text ranges in a document: half-open byte ranges that always lie on grapheme cluster
//! boundaries, so a coding never splits an emoji, a flag or a letter with its combining marks.

use serde::{Deserialize, Serialize};
use unicode_segmentation::GraphemeCursor;

/// A half-open byte range `start..end` in a document's text. Construct through
/// [`TextRange::new`] (checks order) or [`super::Document::snap_range`] (also snaps to graphemes).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
pub struct TextRange {
    pub start: usize,
    pub end: usize,
}

impl TextRange {
    /// A range from two ends in either order.
    pub fn new(a: usize, b: usize) -> Self {
        Self {
            start: a.min(b),
            end: a.max(b),
        }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start >= self.end
    }

    pub fn contains(&self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }

    pub fn overlaps(&self, other: &TextRange) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// Is `offset` a grapheme cluster boundary of `text`? (Offsets past the end are not.)
pub fn is_grapheme_boundary(text: &str, offset: usize) -> bool {
    if offset > text.len() || !text.is_char_boundary(offset) {
        return false;
    }
    let b = text.as_bytes();
    if offset == 0 || offset == b.len() {
        return true;
    }
    // Between two ASCII characters there is always a boundary, except inside CR LF: no ASCII
    // character extends, joins or prepends (UAX #29). Most offsets in most transcripts are
    // here, and loading a project checks two per coding.
    let (before, after) = (b[offset - 1], b[offset]);
    if before.is_ascii() && after.is_ascii() {
        return !(before == b'\r' && after == b'\n');
    }
    GraphemeCursor::new(offset, text.len(), true)
        .is_boundary(text, 0)
        .unwrap_or(false)
}

/// The nearest grapheme boundary at or before `offset` (clamped to the text).
pub fn snap_back(text: &str, offset: usize) -> usize {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    if is_grapheme_boundary(text, offset) {
        return offset;
    }
    let mut cursor = GraphemeCursor::new(offset, text.len(), true);
    cursor.prev_boundary(text, 0).ok().flatten().unwrap_or(0)
}

/// The nearest grapheme boundary at or after `offset` (clamped to the text).
pub fn snap_forward(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset += 1;
    }
    if is_grapheme_boundary(text, offset) {
        return offset;
    }
    let mut cursor = GraphemeCursor::new(offset, text.len(), true);
    cursor
        .next_boundary(text, 0)
        .ok()
        .flatten()
        .unwrap_or(text.len())
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Byte offset of the `n`th char of `text` (clamped): GUI text cursors count chars.
pub fn char_to_byte(text: &str, n: usize) -> usize {
    text.char_indices().nth(n).map_or(text.len(), |(b, _)| b)
}

/// Number of chars before byte `offset` of `text`.
pub fn byte_to_char(text: &str, offset: usize) -> usize {
    text[..floor_char_boundary(text, offset.min(text.len()))]
        .chars()
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    // Family ZWJ sequence, a flag, a skin-tone modifier, e + combining acute, CJK and Hebrew.
    const TEXT: &str = "a👨‍👩‍👧b🇳🇴c👍🏽e\u{301}中文שלום";

    #[test]
    fn never_splits_clusters() {
        for i in 0..=TEXT.len() + 2 {
            let b = snap_back(TEXT, i);
            let f = snap_forward(TEXT, i);
            assert!(is_grapheme_boundary(TEXT, b), "back {i} -> {b}");
            assert!(is_grapheme_boundary(TEXT, f), "forward {i} -> {f}");
            assert!(b <= i.min(TEXT.len()) && f >= i.min(TEXT.len()));
        }
    }

    #[test]
    fn snaps_to_whole_emoji() {
        let family = TEXT.find('👨').unwrap_or(0);
        let inside = family + 5; // inside the ZWJ sequence
        assert_eq!(snap_back(TEXT, inside), family);
        assert_eq!(snap_forward(TEXT, inside), TEXT.find('b').unwrap_or(0));
        let e = TEXT.find('e').unwrap_or(0);
        assert_eq!(snap_forward(TEXT, e + 1), e + 1 + '\u{301}'.len_utf8());
    }

    #[test]
    fn char_byte_conversions() {
        let s = "aé中👍";
        assert_eq!(char_to_byte(s, 0), 0);
        assert_eq!(char_to_byte(s, 2), 3);
        assert_eq!(char_to_byte(s, 99), s.len());
        assert_eq!(byte_to_char(s, 3), 2);
        assert_eq!(byte_to_char(s, s.len()), 4);
    }

    proptest::proptest! {
        /// The ASCII shortcut answers exactly as the full UAX #29 rules do.
        #[test]
        fn ascii_shortcut_agrees_with_the_rules(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::strategy::Just("\r".to_owned()),
                    proptest::strategy::Just("\n".to_owned()),
                    proptest::strategy::Just("\u{301}".to_owned()),
                    proptest::strategy::Just("\u{200d}".to_owned()),
                    proptest::strategy::Just("🇳🇴".to_owned()),
                    proptest::strategy::Just("👍🏽".to_owned()),
                    proptest::strategy::Just("\u{0e33}".to_owned()),
                    "[a-z .,'-]{0,3}",
                ],
                0..12,
            )
        ) {
            let text = parts.concat();
            for offset in 0..=text.len() + 1 {
                let rules = offset <= text.len()
                    && text.is_char_boundary(offset)
                    && GraphemeCursor::new(offset, text.len(), true)
                        .is_boundary(&text, 0)
                        .unwrap_or(false);
                proptest::prop_assert_eq!(is_grapheme_boundary(&text, offset), rules, "{:?} at {}", text, offset);
            }
        }
    }
}
