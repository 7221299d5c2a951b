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

/// Characters of context kept before a terminator and after the first letter following it.
const CONTEXT: usize = 8;

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

/// The byte offsets where sentences start inside `text` (0 and the end left out), in order.
pub fn breaks(text: &str, terms: &mut Terminators) -> Vec<usize> {
    // Windows [from, to) around each terminator, merged where they touch.
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut windows: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (_, c) = chars[i];
        if !terms.can_end(c) {
            i += 1;
            continue;
        }
        let from = chars[i.saturating_sub(CONTEXT)].0;
        // Past the terminator run, then to the first letter, then some context.
        let mut j = i + 1;
        while j < chars.len() && !chars[j].1.is_alphabetic() {
            j += 1;
        }
        let end_ix = (j + 1 + CONTEXT).min(chars.len());
        let to = chars.get(end_ix).map_or(text.len(), |(b, _)| *b);
        match windows.last_mut() {
            Some(last) if last.1 >= from => last.1 = last.1.max(to),
            _ => windows.push((from, to)),
        }
        i += 1;
    }
    let mut out = Vec::new();
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
        fn the_same_as_the_segmenter(text in "[a-cA-C1 .!?\"')(\n\r,;:é。？\u{2029}\u{85}\u{301}-]{0,80}") {
            let mut t = Terminators::default();
            prop_assert_eq!(breaks(&text, &mut t), reference(&text));
        }

        #[test]
        fn the_same_on_words(words in prop::collection::vec("(the|The|a|Dr|e\\.g|2\\.5|\\.|!|\\?|\\)|\"|café|Öl|日本|。|\n| )", 0..60)) {
            let text = words.join(" ");
            let mut t = Terminators::default();
            prop_assert_eq!(breaks(&text, &mut t), reference(&text));
        }
    }
}
