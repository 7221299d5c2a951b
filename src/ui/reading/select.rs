//! Selection helpers in document offsets: words, paragraphs and grapheme steps (the citation
//! copied with a passage is `cases::cite::passage`).

use crate::model::{Document, TextRange, snap_back, snap_forward};
use unicode_segmentation::UnicodeSegmentation;

/// The word (or run of punctuation/space) around document offset `at`, within its paragraph.
pub fn word_at(doc: &Document, starts: &[usize], at: usize) -> Option<TextRange> {
    let p = starts.partition_point(|s| *s <= at).saturating_sub(1);
    let text = &doc.turns().get(p)?.text;
    let start = *starts.get(p)?;
    let local = at.saturating_sub(start).min(text.len());
    let mut found = None;
    for (i, w) in text.split_word_bound_indices() {
        let end = i + w.len();
        if i <= local && local < end {
            found = Some((i, end));
            break;
        }
    }
    let (a, b) = found.or_else(|| {
        // Past the last word: take the last one.
        text.split_word_bound_indices()
            .next_back()
            .map(|(i, w)| (i, i + w.len()))
    })?;
    (a < b).then_some(TextRange {
        start: start + a,
        end: start + b,
    })
}

/// The whole paragraph holding document offset `at`.
pub fn paragraph_at(doc: &Document, starts: &[usize], at: usize) -> Option<TextRange> {
    let p = starts.partition_point(|s| *s <= at).saturating_sub(1);
    let start = *starts.get(p)?;
    let len = doc.turns().get(p)?.text.len();
    (len > 0).then_some(TextRange {
        start,
        end: start + len,
    })
}

/// The offset one grapheme cluster before or after `at` (crossing paragraph breaks).
pub fn step_grapheme(doc: &Document, starts: &[usize], at: usize, forward: bool) -> usize {
    let len = doc.len();
    let p = starts.partition_point(|s| *s <= at).saturating_sub(1);
    let (Some(start), Some(turn)) = (starts.get(p), doc.turns().get(p)) else {
        return at;
    };
    let text = &turn.text;
    let local = at - start;
    if forward {
        if local >= text.len() {
            return (at + 1).min(len);
        }
        start + snap_forward(text, local + 1)
    } else {
        if local == 0 {
            return at.saturating_sub(1);
        }
        start + snap_back(text, local - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Turn;

    fn doc() -> Document {
        let mut t = Turn::new(Some("Ana"), "Hello wide world");
        t.time = Some("00:01:02".into());
        Document::new(
            "Interview 1",
            vec![t, Turn::new(Some("Ben"), "e\u{301}te\u{301} 👩‍👩‍👧 🇩🇰!")],
        )
    }

    #[test]
    fn words_and_paragraphs() {
        let d = doc();
        let s = d.turn_starts();
        assert_eq!(word_at(&d, s, 8).map(|r| d.slice(r)), Some("wide".into()));
        assert_eq!(word_at(&d, s, 0).map(|r| d.slice(r)), Some("Hello".into()));
        let second = s[1];
        assert_eq!(
            word_at(&d, s, second + 1).map(|r| d.slice(r)),
            Some("e\u{301}te\u{301}".into())
        );
        assert_eq!(
            paragraph_at(&d, s, second + 3).map(|r| d.slice(r)),
            Some(d.turns()[1].text.clone())
        );
    }

    #[test]
    fn grapheme_steps_never_split_clusters() {
        let d = doc();
        let s = d.turn_starts();
        let mut at = 0;
        let mut n = 0;
        while at < d.len() {
            let next = step_grapheme(&d, s, at, true);
            assert!(next > at);
            assert!(d.is_boundary(next) || next == d.len(), "{next}");
            at = next;
            n += 1;
        }
        // 16 + 1 separator + graphemes of the second paragraph.
        assert_eq!(n, 16 + 1 + 8);
        while at > 0 {
            let prev = step_grapheme(&d, s, at, false);
            assert!(prev < at);
            assert!(d.is_boundary(prev) || prev == 0);
            at = prev;
        }
    }
}
