//! A transcript: a title and its speaker turns. The document's text is the turns' texts joined by
//! `'\n'`; codings address that text with byte offsets, so a passage may span several turns.

use super::ids::DocId;
use super::text::{self, TextRange};
use super::time::Timestamp;
use serde::{Deserialize, Serialize};

/// One paragraph of a transcript, usually one speaker's turn. Its text holds no line break.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct Turn {
    /// The speaker's name as given in the transcript, if the paragraph has one.
    #[serde(default)]
    pub speaker: Option<String>,
    /// A timestamp as written in the source (for example `00:01:02`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    pub text: String,
}

impl Turn {
    pub fn new(speaker: Option<&str>, text: &str) -> Self {
        Self {
            speaker: speaker.map(str::to_owned),
            time: None,
            text: text.to_owned(),
        }
    }
}

#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct Document {
    pub id: DocId,
    pub title: String,
    /// Where the text came from (file name at import), for the user's reference.
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub imported: Timestamp,
    /// Attributes for comparing documents (site, round, format, ...).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub attributes: std::collections::BTreeMap<String, String>,
    pub turns: Vec<Turn>,
}

impl Document {
    pub fn new(title: &str, turns: Vec<Turn>) -> Self {
        Self {
            id: DocId::new(),
            title: title.to_owned(),
            source: String::new(),
            imported: Timestamp::now(),
            attributes: Default::default(),
            turns,
        }
    }

    /// Length in bytes of the joined text.
    pub fn len(&self) -> usize {
        self.turns.iter().map(|t| t.text.len()).sum::<usize>() + self.turns.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Start offset of each turn in the joined text.
    pub fn turn_starts(&self) -> Vec<usize> {
        let mut starts = Vec::with_capacity(self.turns.len());
        let mut at = 0;
        for t in &self.turns {
            starts.push(at);
            at += t.text.len() + 1;
        }
        starts
    }

    /// The turn holding `offset` and the offset within that turn's text. An offset on a separator
    /// (the end of a turn) belongs to the turn it ends.
    pub fn locate(&self, offset: usize) -> Option<(usize, usize)> {
        let mut at = 0;
        for (i, t) in self.turns.iter().enumerate() {
            if offset <= at + t.text.len() {
                return Some((i, offset - at));
            }
            at += t.text.len() + 1;
        }
        None
    }

    /// Word count (whitespace-separated), as shown to the user.
    pub fn word_count(&self) -> usize {
        self.turns
            .iter()
            .map(|t| t.text.split_whitespace().count())
            .sum()
    }

    /// The text of `range`, turns joined by `'\n'`. Out-of-range parts are left out.
    pub fn slice(&self, range: TextRange) -> String {
        let mut out = String::new();
        for (start, turn) in self.turn_starts().into_iter().zip(&self.turns) {
            let end = start + turn.text.len();
            if range.end < start || range.start > end {
                continue;
            }
            if !out.is_empty() || (range.start < start && start > 0) {
                out.push('\n');
            }
            let a = range.start.max(start) - start;
            let b = range.end.min(end) - start;
            if let Some(s) = turn.text.get(a..b) {
                out.push_str(s);
            }
        }
        out
    }

    /// Is `offset` a grapheme cluster boundary of the joined text?
    pub fn is_boundary(&self, offset: usize) -> bool {
        match self.locate(offset) {
            Some((i, local)) => text::is_grapheme_boundary(&self.turns[i].text, local),
            None => false,
        }
    }

    /// Clamps `a..b` (either order) to the document and widens it to grapheme boundaries: the
    /// start moves back and the end forward. `None` if the range is empty (a caret, not a
    /// passage).
    pub fn snap_range(&self, a: usize, b: usize) -> Option<TextRange> {
        let r = TextRange::new(a, b);
        let len = self.len();
        let (start, end) = (r.start.min(len), r.end.min(len));
        if start == end {
            return None;
        }
        let start = self.snap(start, text::snap_back);
        let end = self.snap(end, text::snap_forward);
        (start < end).then_some(TextRange { start, end })
    }

    fn snap(&self, offset: usize, f: fn(&str, usize) -> usize) -> usize {
        match self.locate(offset) {
            Some((i, local)) => offset - local + f(&self.turns[i].text, local),
            None => offset,
        }
    }

    /// Is `range` non-empty, inside the document and on grapheme boundaries?
    pub fn is_valid_range(&self, range: TextRange) -> bool {
        range.start < range.end
            && range.end <= self.len()
            && self.is_boundary(range.start)
            && self.is_boundary(range.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Document {
        Document::new(
            "t",
            vec![
                Turn::new(Some("A"), "hello 👨‍👩‍👧 there"),
                Turn::new(Some("B"), "e\u{301}cole 🇳🇴"),
            ],
        )
    }

    #[test]
    fn offsets_span_turns() {
        let d = doc();
        let first = d.turns[0].text.len();
        assert_eq!(d.len(), first + 1 + d.turns[1].text.len());
        assert_eq!(d.turn_starts(), vec![0, first + 1]);
        assert_eq!(d.locate(first), Some((0, first)));
        assert_eq!(d.locate(first + 1), Some((1, 0)));
        assert_eq!(d.locate(d.len() + 1), None);
        assert_eq!(d.slice(TextRange::new(0, 5)), "hello");
        assert_eq!(
            d.slice(TextRange::new(first - 5, first + 4)),
            "there\ne\u{301}"
        );
    }

    #[test]
    fn snap_range_widens_to_clusters() {
        let d = doc();
        let fam = d.turns[0].text.find('👨').unwrap_or(0);
        let r = d
            .snap_range(fam + 4, fam + 1)
            .unwrap_or(TextRange::new(0, 0));
        assert_eq!(d.slice(r), "👨‍👩‍👧");
        assert!(d.is_valid_range(r));
        let second = d.turn_starts()[1];
        let r = d.snap_range(second + 1, second + 1);
        assert_eq!(r, None, "empty selection stays empty");
        let r = d
            .snap_range(second, second + 1)
            .unwrap_or(TextRange::new(0, 0));
        assert_eq!(d.slice(r), "e\u{301}");
        assert_eq!(d.snap_range(0, 10_000).map(|r| r.end), Some(d.len()));
    }
}
