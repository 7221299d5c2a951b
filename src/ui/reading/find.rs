//! Find in document: every hit of a query in the document's text (paragraph by paragraph, so a hit
//! never spans a line break), with case and whole-word options. Hits are computed once per query,
//! not per frame.

use crate::model::{DocId, Document, TextRange, is_grapheme_boundary};

#[derive(Default)]
pub struct FindState {
    pub open: bool,
    pub query: String,
    pub case_sensitive: bool,
    pub whole_word: bool,
    /// Put keyboard focus in the field at the next frame.
    pub focus: bool,
    /// The hits, in document order, and which one is current.
    pub hits: Vec<TextRange>,
    pub current: usize,
    key: Option<(DocId, usize, String, bool, bool)>,
}

impl FindState {
    /// Recomputes the hits if the query, options or document changed. Returns whether it did.
    /// Keyed by the document and its length (`doc_len`, which the pane's derived data works out
    /// once per change of the project) only: edits to codes and codings never change a
    /// transcript's text.
    pub fn refresh(&mut self, doc: &Document, doc_len: usize) -> bool {
        if let Some((id, len, query, case, whole)) = &self.key
            && (*id, *len, *case, *whole) == (doc.id, doc_len, self.case_sensitive, self.whole_word)
            && *query == self.query
        {
            return false;
        }
        let key = (
            doc.id,
            doc_len,
            self.query.clone(),
            self.case_sensitive,
            self.whole_word,
        );
        self.hits = if self.open {
            find_all(doc, &self.query, self.case_sensitive, self.whole_word)
        } else {
            Vec::new()
        };
        self.current = 0;
        self.key = Some(key);
        true
    }

    /// Moves to the next (or previous) hit, wrapping around.
    pub fn step(&mut self, forward: bool) {
        let n = self.hits.len();
        if n == 0 {
            return;
        }
        self.current = if forward {
            (self.current + 1) % n
        } else {
            (self.current + n - 1) % n
        };
    }

    /// The first hit at or after `offset` becomes current.
    pub fn start_at(&mut self, offset: usize) {
        let i = self.hits.partition_point(|h| h.start < offset);
        self.current = if i < self.hits.len() { i } else { 0 };
    }

    pub fn current_hit(&self) -> Option<TextRange> {
        self.hits.get(self.current).copied()
    }
}

/// All hits of `query` in `doc`, in order, not overlapping, on grapheme boundaries.
pub fn find_all(
    doc: &Document,
    query: &str,
    case_sensitive: bool,
    whole_word: bool,
) -> Vec<TextRange> {
    let mut hits = Vec::new();
    if query.is_empty() {
        return hits;
    }
    let needle: Vec<char> = if case_sensitive {
        query.chars().collect()
    } else {
        query.chars().flat_map(char::to_lowercase).collect()
    };
    for (&start, turn) in doc.turn_starts().iter().zip(doc.turns()) {
        let text = turn.text.as_str();
        let mut from = 0;
        while from < text.len() {
            let Some((a, b)) = find_in(text, from, &needle, case_sensitive) else {
                break;
            };
            let ok = is_grapheme_boundary(text, a)
                && is_grapheme_boundary(text, b)
                && (!whole_word || is_word_edge(text, a, b));
            if ok {
                hits.push(TextRange {
                    start: start + a,
                    end: start + b,
                });
                from = b;
            } else {
                from = a + text[a..].chars().next().map_or(1, char::len_utf8);
            }
        }
    }
    hits
}

/// The first match of `needle` in `text` starting at or after byte `from`.
fn find_in(
    text: &str,
    from: usize,
    needle: &[char],
    case_sensitive: bool,
) -> Option<(usize, usize)> {
    let first = *needle.first()?;
    for (i, c) in text[from..].char_indices() {
        let at = from + i;
        let matches_first = if case_sensitive {
            c == first
        } else {
            c.to_lowercase().next() == Some(first)
        };
        if !matches_first {
            continue;
        }
        if let Some(end) = match_at(text, at, needle, case_sensitive) {
            return Some((at, end));
        }
    }
    None
}

/// The end of a match of `needle` starting exactly at `at`, if there is one.
fn match_at(text: &str, at: usize, needle: &[char], case_sensitive: bool) -> Option<usize> {
    let mut want = needle.iter();
    let mut end = at;
    let mut pending = want.next();
    for (i, c) in text[at..].char_indices() {
        let Some(_) = pending else { break };
        if case_sensitive {
            if Some(&c) != pending {
                return None;
            }
            pending = want.next();
        } else {
            for lc in c.to_lowercase() {
                if Some(&lc) != pending {
                    return None;
                }
                pending = want.next();
            }
        }
        end = at + i + c.len_utf8();
    }
    pending.is_none().then_some(end)
}

fn is_word_edge(text: &str, a: usize, b: usize) -> bool {
    let before = text[..a].chars().next_back();
    let after = text[b..].chars().next();
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    !word(before) && !word(after)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Turn;

    fn doc() -> Document {
        Document::new(
            "t",
            vec![
                Turn::new(None, "The cat sat. Cats are café-loving; the CAT"),
                Turn::new(None, "Straße und STRASSE; the end"),
                Turn::new(None, "e\u{301}te\u{301} ete"),
            ],
        )
    }

    #[test]
    fn counts_hits_with_options() {
        let d = doc();
        assert_eq!(find_all(&d, "cat", false, false).len(), 3);
        assert_eq!(find_all(&d, "cat", true, false).len(), 1);
        assert_eq!(find_all(&d, "cat", false, true).len(), 2);
        assert_eq!(find_all(&d, "the", false, false).len(), 3);
        assert_eq!(find_all(&d, "café", false, false).len(), 1);
        assert_eq!(find_all(&d, "", false, false).len(), 0);
        assert_eq!(find_all(&d, "zebra", false, false).len(), 0);
        // Hits are document offsets that slice back to the text found.
        for h in find_all(&d, "the", false, false) {
            assert_eq!(d.slice(h).to_lowercase(), "the");
        }
        // A hit never splits a combining mark: "e" alone matches only the bare "e"s.
        let es = find_all(&d, "e", true, false);
        for h in &es {
            assert!(d.is_valid_range(*h), "{h:?}");
        }
        assert_eq!(find_all(&d, "ete", true, true).len(), 1);
    }

    #[test]
    fn stepping_wraps() {
        let d = doc();
        let mut f = FindState {
            open: true,
            query: "the".into(),
            ..Default::default()
        };
        assert!(f.refresh(&d, d.len()));
        assert!(!f.refresh(&d, d.len()));
        assert_eq!(f.hits.len(), 3);
        f.step(false);
        assert_eq!(f.current, 2);
        f.step(true);
        assert_eq!(f.current, 0);
        f.start_at(20);
        assert_eq!(f.current, 1);
        f.start_at(10_000);
        assert_eq!(f.current, 0);
    }
}
