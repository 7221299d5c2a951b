//! Widening a hit to its word or sentence without segmenting the whole speaker turn.
//!
//! Segmenting a turn of a few hundred words into sentences (Unicode UAX #29) for each of
//! thousands of hits is most of what planning "Code all hits" costs. The boundaries of a hit's
//! word or sentence depend only on the text near it, between two places that are boundaries
//! whatever comes before or after them:
//! - for words, a place between an ASCII space and another ASCII character (no rule of UAX #29
//!   joins a space to anything but another space);
//! - for sentences, the place after a line feed (rule SB4), or before an ASCII capital that
//!   follows `.`, `!` or `?` and one or more spaces (rule SB11; SB6-SB8a cannot hold there).
//!
//! So only the text between the nearest such places around the hit is segmented, and a piece of
//! it holding no character that can end a sentence (a full stop, `!`, `?`, a line break, or any
//! character that is not a letter or a digit) is one sentence without segmenting it at all.
//! The results equal segmenting the whole turn: a test compares the two on random text.

use super::Unit;
use unicode_segmentation::UnicodeSegmentation;

/// Is `at` a word boundary whatever the text around it (see the module documentation)?
fn word_fence(b: &[u8], at: usize) -> bool {
    if at == 0 || at >= b.len() {
        return true;
    }
    let (x, y) = (b[at - 1], b[at]);
    x.is_ascii() && y.is_ascii() && ((x == b' ') != (y == b' '))
}

/// Is `at` a sentence boundary whatever the text around it (see the module documentation)?
fn sentence_fence(b: &[u8], at: usize) -> bool {
    if at == 0 || at >= b.len() {
        return true;
    }
    if b[at - 1] == b'\n' {
        return true;
    }
    if !b[at].is_ascii_uppercase() || b[at - 1] != b' ' {
        return false;
    }
    let mut j = at - 1;
    while j > 0 && b[j - 1] == b' ' {
        j -= 1;
    }
    j > 0 && matches!(b[j - 1], b'.' | b'!' | b'?')
}

/// Can `c` end a sentence (or be part of what ends one)? True for every sentence terminator
/// and paragraph separator of UAX #29, and for some characters that are neither: a test checks
/// every character that this says cannot.
pub(super) fn may_end_sentence(c: char) -> bool {
    if c.is_ascii() {
        matches!(c, '.' | '!' | '?' | '\n' | '\r')
    } else {
        !c.is_alphanumeric()
    }
}

/// The pieces (words or sentences, with their offsets in `text`) that can overlap `a..b`.
fn pieces(text: &str, a: usize, b: usize, unit: Unit) -> Vec<(usize, &str)> {
    let bytes = text.as_bytes();
    let fence: fn(&[u8], usize) -> bool = match unit {
        Unit::Word => word_fence,
        Unit::Sentence => sentence_fence,
        Unit::Hit | Unit::Turn => return vec![(0, text)],
    };
    let mut s = a.min(text.len());
    while !fence(bytes, s) {
        s -= 1;
    }
    // Strictly after `b`, so that an empty hit at a fence finds the piece that starts there.
    let mut e = (b + 1).min(text.len());
    while !fence(bytes, e) {
        e += 1;
    }
    let Some(window) = text.get(s..e) else {
        return vec![(0, text)];
    };
    if unit == Unit::Sentence && !window.chars().any(may_end_sentence) {
        return vec![(s, window)];
    }
    let split: Vec<(usize, &str)> = match unit {
        Unit::Word => window.split_word_bound_indices().collect(),
        _ => window.split_sentence_bound_indices().collect(),
    };
    split.into_iter().map(|(at, p)| (s + at, p)).collect()
}

/// `a..b` (offsets in `text`, `a <= b`) widened to whole `unit`s, white space at the ends left
/// out: the smallest range holding `a..b` and every non-blank piece overlapping it.
pub(super) fn widen_local(text: &str, a: usize, b: usize, unit: Unit) -> (usize, usize) {
    let mut start = a;
    let mut end = b;
    for (at, piece) in pieces(text, a, b, unit) {
        let (s, e) = (at, at + piece.len());
        let overlaps = (s < b && e > a) || (a == b && s <= a && a < e);
        if !overlaps || piece.trim().is_empty() {
            continue;
        }
        start = start.min(s + (piece.len() - piece.trim_start().len()));
        end = end.max(s + piece.trim_end().len());
    }
    (start, end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What widening did before: segment the whole text.
    fn reference(text: &str, a: usize, b: usize, unit: Unit) -> (usize, usize) {
        let pieces: Vec<(usize, &str)> = match unit {
            Unit::Hit | Unit::Turn => vec![(0, text)],
            Unit::Word => text.split_word_bound_indices().collect(),
            Unit::Sentence => text.split_sentence_bound_indices().collect(),
        };
        let mut start = a;
        let mut end = b;
        for (s, piece) in pieces {
            let e = s + piece.len();
            let overlaps = (s < b && e > a) || (a == b && s <= a && a < e);
            if !overlaps || piece.trim().is_empty() {
                continue;
            }
            start = start.min(s + (piece.len() - piece.trim_start().len()));
            end = end.max(s + piece.trim_end().len());
        }
        (start, end)
    }

    /// Pieces of text that exercise the rules: terminators, closing marks, spaces, capitals,
    /// digits, line breaks, accents, letters of other scripts, emoji, flags.
    const PARTS: &[&str] = &[
        "a",
        "b",
        "word",
        "I",
        "The",
        "Q",
        "x",
        "3",
        "1.5",
        ".",
        ". ",
        "!",
        "?",
        "? ",
        "...",
        " ",
        "  ",
        "\t",
        "\n",
        "\r\n",
        "\r",
        ")",
        "\"",
        "'",
        "’",
        "”",
        ",",
        ";",
        ":",
        "-",
        "_",
        "e.g.",
        "Mr. ",
        "U.S.",
        "café",
        "cafe\u{301}",
        "ß",
        "İ",
        "ı",
        "Σ",
        "ς",
        "日本",
        "。",
        "！",
        "؟",
        "\u{2029}",
        "\u{85}",
        "\u{200B}",
        "\u{200D}",
        "👍🏽",
        "👨‍👩‍👧",
        "🇳🇴",
        "🇳",
        "\u{301}",
        "٣",
        "ا",
        "א",
        "\u{5F4}",
        "ｱ",
        "ﾟ",
        "\u{FF0E}",
        "\u{2024}",
        "\u{FE52}",
    ];

    fn text() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(PARTS), 0..40).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        #[test]
        fn widening_near_the_hit_equals_segmenting_the_whole_turn(
            t in text(),
            x in 0usize..400,
            len in 0usize..12,
            sentence in any::<bool>(),
        ) {
            let boundaries: Vec<usize> = t
                .char_indices()
                .map(|(i, _)| i)
                .chain(std::iter::once(t.len()))
                .collect();
            let a = boundaries[x % boundaries.len()];
            let b = boundaries[(x % boundaries.len() + len).min(boundaries.len() - 1)];
            let unit = if sentence { Unit::Sentence } else { Unit::Word };
            prop_assert_eq!(
                widen_local(&t, a, b, unit),
                reference(&t, a, b, unit),
                "{:?} {}..{} {:?}", t, a, b, unit
            );
        }
    }

    #[test]
    fn every_character_said_not_to_end_a_sentence_does_not() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            if may_end_sentence(c) {
                continue;
            }
            // A terminator or separator here would make two sentences (SB4, SB11).
            let t = format!("x{c} Y");
            assert_eq!(
                t.split_sentence_bounds().count(),
                1,
                "U+{:04X} ends a sentence",
                c as u32
            );
        }
    }

    #[test]
    fn fences_are_boundaries_in_examples() {
        let t = "It was calm. The night!  Then\nit changed.";
        let b = t.as_bytes();
        let at = |s: &str| t.find(s).unwrap_or(0);
        assert!(sentence_fence(b, at("The")));
        assert!(sentence_fence(b, at("Then")));
        assert!(sentence_fence(b, at("it changed")));
        assert!(!sentence_fence(b, at("calm")));
        assert!(word_fence(b, at("calm")));
        assert!(word_fence(b, at(" The")));
        assert!(!word_fence(b, at("alm")));
        assert_eq!(
            widen_local(t, at("night"), at("night") + 2, Unit::Sentence),
            (at("The"), at("!") + 1)
        );
    }
}
