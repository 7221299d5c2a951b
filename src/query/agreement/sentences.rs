//! Sentence boundaries (Unicode UAX #29, as `unicode-segmentation` finds them) at a fraction of
//! the cost of running the segmenter over every character.
//!
//! A sentence boundary can only follow a sentence terminator (the classes ATerm and STerm: `.`,
//! `!`, `?` and their kin in other scripts) or a paragraph separator (CR, LF, NEL, U+2028,
//! U+2029), at the end of the run of closing punctuation and spaces after it. So a text without
//! any of those is one sentence, and a text with some needs the segmenter only in a window around
//! each: from a few characters before the terminator (rule SB7 looks one letter back) to a few
//! characters past the first letter after it (rule SB8 looks ahead to the next letter). Whether a
//! non-ASCII character is a terminator is asked of the segmenter itself (does `a<c> B` split in
//! two?) and remembered. A property test checks the result against the segmenter on the whole
//! text.

use std::collections::HashMap;
use unicode_segmentation::UnicodeSegmentation;

/// Characters of context kept before a terminator, and after the first letter following it.
const BEFORE: usize = 3;
const AFTER: usize = 2;

/// Remembers which non-ASCII characters can end a sentence.
#[derive(Default)]
pub struct Terminators(HashMap<char, bool>);

impl Terminators {
    pub fn can_end(&mut self, c: char) -> bool {
        if c.is_ascii() {
            return matches!(c, '.' | '!' | '?' | '\r' | '\n');
        }
        *self.0.entry(c).or_insert_with(|| {
            let probe = format!("a{c} B");
            probe.split_sentence_bounds().nth(1).is_some()
        })
    }
}

/// The start of the character `n` characters before byte `at` (or 0).
fn back(text: &str, at: usize, n: usize) -> usize {
    text.get(..at)
        .and_then(|head| head.char_indices().rev().nth(n.saturating_sub(1)))
        .map_or(0, |(i, _)| i)
}

/// The byte offsets where sentences start inside `text` (0 and the end left out), in order.
///
/// The commonest case, `.`, `!` or `?` followed by one space and an ASCII capital, is a boundary
/// before the capital under rules SB9 and SB11 whatever precedes it (SB7 needs no space between,
/// SB8 stops at the capital), and is taken without the segmenter.
pub fn breaks(text: &str, terms: &mut Terminators) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    // Windows [from, to) around the other terminators, merged where they touch.
    let mut windows: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (is_term, len) = if b < 0x80 {
            (matches!(b, b'.' | b'!' | b'?' | b'\r' | b'\n'), 1)
        } else {
            match text.get(i..).and_then(|t| t.chars().next()) {
                Some(c) => (terms.can_end(c), c.len_utf8()),
                None => (false, 1),
            }
        };
        if !is_term {
            i += len;
            continue;
        }
        if matches!(b, b'.' | b'!' | b'?')
            && bytes.get(i + 1) == Some(&b' ')
            && bytes.get(i + 2).is_some_and(u8::is_ascii_uppercase)
        {
            out.push(i + 2);
            i += 1;
            continue;
        }
        let from = back(text, i, BEFORE);
        // Past the terminator, to the first letter, then a little more.
        let rest = text.get(i + len..).unwrap_or("");
        let mut to = text.len();
        let mut seen_letter = false;
        let mut after = 0;
        for (k, c) in rest.char_indices() {
            if seen_letter {
                after += 1;
                if after > AFTER {
                    to = i + len + k;
                    break;
                }
            } else if c.is_alphabetic() {
                seen_letter = true;
            }
        }
        match windows.last_mut() {
            Some(last) if last.1 >= from => last.1 = last.1.max(to),
            _ => windows.push((from, to)),
        }
        i += len;
    }
    for (from, to) in windows {
        let Some(piece) = text.get(from..to) else {
            continue;
        };
        for (off, _) in piece.split_sentence_bound_indices() {
            let at = from + off;
            if at > from && at < to {
                out.push(at);
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn reference(text: &str) -> Vec<usize> {
        text.split_sentence_bound_indices()
            .map(|(i, _)| i)
            .filter(|&i| i > 0 && i < text.len())
            .collect()
    }

    #[test]
    fn known_texts() {
        let mut t = Terminators::default();
        for text in [
            "",
            "no terminator at all, café",
            "I went home. I sat in the car. It was late.",
            "Mr. Smith said: \"Stop!\" Then he left... and came back?! Yes.",
            "Dose 2.5 mg. e.g. this one. U.S.A. Next.",
            "First line\nsecond line\r\nthird\u{2029}fourth",
            "日本語の文です。次の文です。",
            "Was it (really) true?) Yes. ",
            "End with spaces.     ",
        ] {
            assert_eq!(breaks(text, &mut t), reference(text), "{text:?}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// The windows give exactly the segmenter's boundaries over the whole text.
        #[test]
        fn the_same_as_the_segmenter(text in "[a-cA-C1 .!?\"')(\n\r,;:é。？\u{2029}\u{85}\u{301}\t-]{0,80}") {
            let mut t = Terminators::default();
            prop_assert_eq!(breaks(&text, &mut t), reference(&text));
        }

        #[test]
        fn the_same_on_words(words in prop::collection::vec("(the|The|a|Dr|e\\.g|2\\.5|\\.|!|\\?|\\)|\"|café|Öl|É|日本|。|\n| |  )", 0..60)) {
            let text = words.join(" ");
            let mut t = Terminators::default();
            prop_assert_eq!(breaks(&text, &mut t), reference(&text));
        }
    }
}
