//! A transcript: a title and its speaker turns. The document's text is the turns' texts joined by
//! `'\n'`; codings address that text with byte offsets, so a passage may span several turns.

use super::ids::DocId;
use super::text::{self, TextRange};
use super::time::Timestamp;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// One paragraph of a transcript, usually one speaker's turn. Its text holds no line break.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct Turn {
    /// The speaker's name as given in the transcript, if the paragraph has one. Shared by the
    /// document's turns with the same speaker ([`Document::set_turns`] makes it so): a
    /// transcript's hundreds of turns have a handful of speakers.
    #[serde(default)]
    pub speaker: Option<Arc<str>>,
    /// A timestamp as written in the source (for example `00:01:02`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<Box<str>>,
    pub text: String,
}

impl Turn {
    pub fn new(speaker: Option<&str>, text: &str) -> Self {
        Self {
            speaker: speaker.map(Arc::from),
            time: None,
            text: text.to_owned(),
        }
    }
}

/// A transcript. Its turns are private so that the turn starts it keeps (for finding a turn by
/// offset with a binary search) can never fall out of step with them: change turns through
/// [`Document::set_turns`].
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(from = "DocumentData")]
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
    turns: Vec<Turn>,
    /// Start offset of each turn in the joined text, then the text's length: derived from
    /// `turns`, never stored.
    #[serde(skip)]
    starts: Vec<usize>,
    /// Word count, worked out when first asked for.
    #[serde(skip)]
    words: WordCount,
}

/// A document's word count, counted once when first asked for (counting costs a pass over the
/// text, which opening a project should not pay for every document).
#[derive(Clone, Default, Debug)]
struct WordCount(std::sync::OnceLock<usize>);

/// Derived from the turns: never makes two documents differ.
impl PartialEq for WordCount {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for WordCount {}

/// The stored form of a [`Document`], from which the turn starts are worked out.
#[derive(Deserialize)]
struct DocumentData {
    id: DocId,
    title: String,
    #[serde(default)]
    source: String,
    #[serde(default)]
    imported: Timestamp,
    #[serde(default)]
    attributes: std::collections::BTreeMap<String, String>,
    turns: Vec<Turn>,
}

impl From<DocumentData> for Document {
    fn from(d: DocumentData) -> Self {
        let mut doc = Self {
            id: d.id,
            title: d.title,
            source: d.source,
            imported: d.imported,
            attributes: d.attributes,
            turns: Vec::new(),
            starts: Vec::new(),
            words: WordCount::default(),
        };
        doc.set_turns(d.turns);
        doc
    }
}

impl Document {
    pub fn new(title: &str, turns: Vec<Turn>) -> Self {
        let mut doc = Self {
            id: DocId::new(),
            title: title.to_owned(),
            source: String::new(),
            imported: Timestamp::now(),
            attributes: Default::default(),
            turns: Vec::new(),
            starts: Vec::new(),
            words: WordCount::default(),
        };
        doc.set_turns(turns);
        doc
    }

    /// The speaker turns (paragraphs), in order.
    pub fn turns(&self) -> &[Turn] {
        &self.turns
    }

    /// Replaces the turns (and works out their starts again).
    pub fn set_turns(&mut self, mut turns: Vec<Turn>) {
        turns.shrink_to_fit();
        share_speakers(&mut turns);
        self.turns = turns;
        self.starts.clear();
        self.starts.reserve(self.turns.len() + 1);
        let mut at = 0;
        for t in &self.turns {
            self.starts.push(at);
            at += t.text.len() + 1;
        }
        self.starts.push(at.saturating_sub(1));
        self.words = WordCount::default();
    }

    /// Replaces bytes `local` of turn `turn`'s text with `text` (which holds no line break), and
    /// moves the starts of the turns after it: costs the turn and the number of turns, not the
    /// document's text. `false` (nothing changed) if the turn or the range does not exist.
    pub fn replace_in_turn(
        &mut self,
        turn: usize,
        local: std::ops::Range<usize>,
        text: &str,
    ) -> bool {
        let Some(t) = self.turns.get_mut(turn) else {
            return false;
        };
        if local.start > local.end
            || local.end > t.text.len()
            || !t.text.is_char_boundary(local.start)
            || !t.text.is_char_boundary(local.end)
        {
            return false;
        }
        // The words that can change lie between the whitespace around the replaced bytes.
        let wa = t.text[..local.start]
            .rfind(char::is_whitespace)
            .unwrap_or(0);
        let wb = t.text[local.end..]
            .find(char::is_whitespace)
            .map_or(t.text.len(), |i| local.end + i);
        let known = self.words.0.get().copied();
        let before = known.map(|_| t.text[wa..wb].split_whitespace().count());
        t.text.replace_range(local.clone(), text);
        let grow = text.len() as isize - (local.end - local.start) as isize;
        for s in &mut self.starts[turn + 1..] {
            *s = s.wrapping_add_signed(grow);
        }
        let after = t.text[wa..wb.wrapping_add_signed(grow)]
            .split_whitespace()
            .count();
        self.words = match (known, before) {
            (Some(total), Some(before)) => {
                WordCount(std::sync::OnceLock::from(total + after - before.min(total)))
            }
            _ => WordCount::default(),
        };
        true
    }

    /// Keeps a known word count current after the turns `turns` replaced turns that held
    /// `before` words.
    fn words_after(&mut self, before: Option<usize>, turns: std::ops::Range<usize>) {
        let (Some(&total), Some(before), Some(ts)) =
            (self.words.0.get(), before, self.turns.get(turns))
        else {
            self.words = WordCount::default();
            return;
        };
        let now: usize = ts.iter().map(|t| t.text.split_whitespace().count()).sum();
        self.words = WordCount(std::sync::OnceLock::from(total + now - before.min(total)));
    }

    /// Splits turn `turn` at byte `local` of its text: the text after it becomes a new turn
    /// right after, with `speaker` and `time`. `false` if the turn or offset does not exist.
    pub fn split_turn(
        &mut self,
        turn: usize,
        local: usize,
        speaker: Option<String>,
        time: Option<String>,
    ) -> bool {
        let Some(t) = self.turns.get_mut(turn) else {
            return false;
        };
        if local > t.text.len() || !t.text.is_char_boundary(local) {
            return false;
        }
        let before = self
            .words
            .0
            .get()
            .map(|_| t.text.split_whitespace().count());
        let rest = t.text.split_off(local);
        // Most often the same speaker goes on: share the name.
        let speaker = match (&t.speaker, speaker) {
            (Some(same), Some(s)) if **same == *s => Some(same.clone()),
            (_, s) => s.map(Arc::from),
        };
        let start = self.starts[turn] + local + 1;
        self.turns.insert(
            turn + 1,
            Turn {
                speaker,
                time: time.map(String::into_boxed_str),
                text: rest,
            },
        );
        self.starts.insert(turn + 1, start);
        // Every later start, and the text's length (the last entry), move past the new break.
        for s in &mut self.starts[turn + 2..] {
            *s += 1;
        }
        self.words_after(before, turn..turn + 2);
        true
    }

    /// Joins turn `turn + 1` onto turn `turn` (the line break between them goes); returns the
    /// speaker and time the second turn had. `None` if there is no turn after `turn`.
    #[allow(clippy::type_complexity)]
    pub fn join_turns(&mut self, turn: usize) -> Option<(Option<String>, Option<String>)> {
        if turn + 1 >= self.turns.len() {
            return None;
        }
        let before = self.words.0.get().map(|_| {
            self.turns[turn..turn + 2]
                .iter()
                .map(|t| t.text.split_whitespace().count())
                .sum()
        });
        let next = self.turns.remove(turn + 1);
        self.turns[turn].text.push_str(&next.text);
        self.starts.remove(turn + 1);
        for s in &mut self.starts[turn + 1..] {
            *s -= 1;
        }
        self.words_after(before, turn..turn + 1);
        Some((
            next.speaker.as_deref().map(str::to_owned),
            next.time.map(String::from),
        ))
    }

    /// Sets turn `turn`'s speaker; returns the old one (`None` if there is no such turn).
    pub fn set_turn_speaker(
        &mut self,
        turn: usize,
        speaker: Option<String>,
    ) -> Option<Option<String>> {
        let t = self.turns.get_mut(turn)?;
        let old = std::mem::replace(&mut t.speaker, speaker.map(Arc::from));
        Some(old.as_deref().map(str::to_owned))
    }

    /// Sets turn `turn`'s timestamp; returns the old one (`None` if there is no such turn).
    pub fn set_turn_time(&mut self, turn: usize, time: Option<String>) -> Option<Option<String>> {
        let t = self.turns.get_mut(turn)?;
        let old = std::mem::replace(&mut t.time, time.map(String::into_boxed_str));
        Some(old.map(String::from))
    }

    /// Start and end (of its text, before the line break) of turn `turn` in the joined text.
    pub fn turn_range(&self, turn: usize) -> Option<(usize, usize)> {
        let t = self.turns.get(turn)?;
        let s = self.starts[turn];
        Some((s, s + t.text.len()))
    }

    /// The turns, giving up the document.
    pub fn into_turns(self) -> Vec<Turn> {
        self.turns
    }

    /// Length in bytes of the joined text.
    pub fn len(&self) -> usize {
        self.starts.last().copied().unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Start offset of each turn in the joined text.
    pub fn turn_starts(&self) -> &[usize] {
        &self.starts[..self.turns.len()]
    }

    /// The turn holding `offset` and the offset within that turn's text. An offset on a separator
    /// (the end of a turn) belongs to the turn it ends. A binary search on the turn starts.
    pub fn locate(&self, offset: usize) -> Option<(usize, usize)> {
        if self.turns.is_empty() || offset > self.len() {
            return None;
        }
        // The first turn whose end (start + length) is at or after `offset`.
        let starts = self.turn_starts();
        let i = starts
            .partition_point(|&s| s < offset)
            .saturating_sub(1)
            .min(self.turns.len() - 1);
        // `starts[i] < offset <= starts[i + 1]` or `i == 0`: the offset lies in turn `i` or on
        // the separator right after it, except when it is exactly the next turn's start.
        let i = match starts.get(i + 1) {
            Some(&next) if offset >= next => i + 1,
            _ => i,
        };
        Some((i, offset - starts[i]))
    }

    /// Indexes of the turns a passage overlaps: turns whose text (or, for an empty turn, its
    /// position) meets `start..end`. A binary search on the turn starts.
    pub fn turns_overlapping(&self, range: TextRange) -> std::ops::Range<usize> {
        let starts = self.turn_starts();
        let n = starts.len();
        // Turn i covers `starts[i]..max(end_i, starts[i] + 1)`, where end_i is its text's end.
        let end_of = |i: usize| self.starts[i + 1].saturating_sub(usize::from(i + 1 < n));
        let before = |i: usize| end_of(i).max(starts[i] + 1) <= range.start;
        let (mut first, mut hi) = (0, n);
        while first < hi {
            let mid = first + (hi - first) / 2;
            if before(mid) {
                first = mid + 1;
            } else {
                hi = mid;
            }
        }
        let last = starts.partition_point(|&s| s < range.end);
        first..last.max(first)
    }

    /// Word count (whitespace-separated), as shown to the user.
    pub fn word_count(&self) -> usize {
        *self.words.0.get_or_init(|| {
            self.turns
                .iter()
                .map(|t| t.text.split_whitespace().count())
                .sum()
        })
    }

    /// The text of `range`, turns joined by `'\n'`. Out-of-range parts are left out.
    pub fn slice(&self, range: TextRange) -> String {
        let mut out = String::new();
        let Some((first, _)) = self.locate(range.start) else {
            return out;
        };
        let last = self.turn_starts().partition_point(|&s| s <= range.end);
        let turns = self.turns.get(first..last).unwrap_or_default();
        for (&start, turn) in self.starts[first..].iter().zip(turns) {
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

/// Makes turns with the same speaker share one name (among the first few dozen names: a
/// transcript with more speakers than that is rare, and the search stays short).
fn share_speakers(turns: &mut [Turn]) {
    const NAMES: usize = 64;
    let mut names: Vec<Arc<str>> = Vec::new();
    for t in turns {
        let Some(name) = &t.speaker else { continue };
        match names.iter().find(|n| **n == *name) {
            Some(n) if !Arc::ptr_eq(n, name) => t.speaker = Some(n.clone()),
            Some(_) => {}
            None if names.len() < NAMES => names.push(name.clone()),
            None => {}
        }
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

    /// Turns of one speaker share the name, however the turns came (new, split, read back).
    #[test]
    fn turns_of_one_speaker_share_the_name() {
        let mut d = Document::new(
            "t",
            vec![
                Turn::new(Some("Ann"), "one"),
                Turn::new(Some("Bo"), "two"),
                Turn::new(Some("Ann"), "three"),
                Turn::new(None, "four"),
            ],
        );
        let name = |d: &Document, i: usize| d.turns[i].speaker.clone();
        let (Some(a0), Some(a2), Some(b1)) = (name(&d, 0), name(&d, 2), name(&d, 1)) else {
            panic!("speakers lost");
        };
        assert!(Arc::ptr_eq(&a0, &a2));
        assert!(!Arc::ptr_eq(&a0, &b1));
        assert_eq!(&*a2, "Ann");
        assert!(d.split_turn(2, 2, Some("Ann".into()), None));
        let Some(a3) = name(&d, 3) else {
            panic!("the split lost the speaker")
        };
        assert!(Arc::ptr_eq(&a0, &a3));
        assert_eq!(d.turns[3].text, "ree");
        let back: Document = ron::from_str(&ron::to_string(&d).unwrap_or_default())
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back, d);
        let (Some(x), Some(y)) = (name(&back, 0), name(&back, 3)) else {
            panic!("speakers lost");
        };
        assert!(Arc::ptr_eq(&x, &y));
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
