//! Recognising a transcript that is already in the project: two documents are the same when their
//! text is the same after line endings and runs of blank space are normalised. A speaker that was
//! detected counts as the "Name:" it came from, so the same file matches whichever speaker
//! pattern split it.

use super::squeeze::{Gaps, is_clean};
use crate::model::{DocId, Document, Project};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

/// A document's text, normalised: one line per turn ("Speaker: text"), `\r\n` and `\r` as `\n`,
/// each run of spaces and tabs as one space, lines trimmed, blank lines dropped.
pub fn normalised_text(doc: &Document) -> String {
    let mut out = String::with_capacity(doc.len() + doc.turns().len() * 8);
    for t in doc.turns() {
        // Imported turn text is clean already (one line, single spaces, trimmed): it is its
        // own normalised line, copied as it is rather than split into words and joined again.
        if is_clean(&t.text, Gaps::Whitespace) {
            if !t.text.is_empty() {
                if let Some(s) = t.speaker.as_deref().map(str::trim) {
                    out.push_str(s);
                    out.push_str(": ");
                }
                out.push_str(&t.text);
                out.push('\n');
            }
            continue;
        }
        let text = t.text.replace("\r\n", "\n").replace('\r', "\n");
        let mut first = true;
        for line in text.split('\n') {
            let words: Vec<&str> = line.split_whitespace().collect();
            if words.is_empty() {
                continue;
            }
            if first && let Some(s) = t.speaker.as_deref().map(str::trim) {
                out.push_str(s);
                out.push_str(": ");
            }
            first = false;
            out.push_str(&words.join(" "));
            out.push('\n');
        }
    }
    out
}

/// A hash of [`normalised_text`] (equal texts, equal fingerprints).
pub fn fingerprint(doc: &Document) -> u64 {
    fingerprint_of(&normalised_text(doc))
}

fn fingerprint_of(normalised: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    normalised.hash(&mut h);
    h.finish()
}

/// The project's documents by fingerprint, to check several new documents at the cost of reading
/// the project's text once.
pub struct Known {
    by_print: HashMap<u64, Vec<(DocId, String, String)>>,
}

impl Known {
    pub fn of(project: &Project) -> Self {
        let mut known = Self {
            by_print: HashMap::new(),
        };
        for d in &project.documents {
            known.add(d);
        }
        known
    }

    /// Remembers `doc` (a document of this batch that will be imported, so a second copy of it
    /// in the same batch is also caught).
    pub fn add(&mut self, doc: &Document) {
        let text = normalised_text(doc);
        self.by_print
            .entry(fingerprint_of(&text))
            .or_default()
            .push((doc.id, doc.title.clone(), text));
    }

    /// The document with the same text as `doc`: its id and title.
    pub fn find(&self, doc: &Document) -> Option<(DocId, String)> {
        let text = normalised_text(doc);
        if text.is_empty() {
            return None;
        }
        self.by_print
            .get(&fingerprint_of(&text))?
            .iter()
            .find(|(id, _, t)| *id != doc.id && *t == text)
            .map(|(id, title, _)| (*id, title.clone()))
    }
}

/// The document of `project` with the same text as `doc`, if any.
pub fn find_in(project: &Project, doc: &Document) -> Option<(DocId, String)> {
    Known::of(project).find(doc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Turn;
    use proptest::prelude::*;

    /// [`normalised_text`] as it was before its fast path for clean text, the oracle for it.
    fn normalised_text_reference(doc: &Document) -> String {
        let mut out = String::new();
        for t in doc.turns() {
            let text = t.text.replace("\r\n", "\n").replace('\r', "\n");
            let mut first = true;
            for line in text.split('\n') {
                let words: Vec<&str> = line.split_whitespace().collect();
                if words.is_empty() {
                    continue;
                }
                if first && let Some(s) = t.speaker.as_deref().map(str::trim) {
                    out.push_str(s);
                    out.push_str(": ");
                }
                first = false;
                out.push_str(&words.join(" "));
                out.push('\n');
            }
        }
        out
    }

    /// Turn text made of words and every kind of gap, clean or not.
    fn turn_text() -> impl Strategy<Value = String> {
        let piece = prop::sample::select(vec![
            "we",
            "Søren",
            "e\u{301}",
            "👨\u{200d}👩\u{200d}👧",
            "\u{200d}",
            " ",
            " ",
            "  ",
            "\t",
            "\r\n",
            "\r",
            "\n",
            "\u{a0}",
            "\u{85}",
            "\u{2003}",
            "\u{3000}",
            "\u{1f}",
            "\u{b}",
            "\u{c}",
            "\u{2028}",
            "\u{202f}",
            "\u{feff}",
            "\u{180e}",
            "«",
            "x",
        ]);
        prop::collection::vec(piece, 0..12).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn normalised_text_is_as_before(
            turns in prop::collection::vec(
                (prop::option::of(prop::sample::select(vec!["Ann", " Bo ", "", "Søren"])),
                 turn_text()),
                0..8,
            ),
        ) {
            let d = doc(&turns.iter().map(|(s, t)| (*s, t.as_str())).collect::<Vec<_>>());
            prop_assert_eq!(normalised_text(&d), normalised_text_reference(&d));
        }
    }

    fn doc(turns: &[(Option<&str>, &str)]) -> Document {
        Document::new("t", turns.iter().map(|(s, t)| Turn::new(*s, t)).collect())
    }

    #[test]
    fn line_endings_and_spacing_do_not_matter() {
        let a = doc(&[(Some("Ann"), "I felt  really\r\nsad"), (Some("Bo"), "Why?")]);
        let b = doc(&[(Some("Ann"), "I felt really\nsad "), (Some("Bo"), "Why?")]);
        assert_eq!(fingerprint(&a), fingerprint(&b));
        let mut p = Project::named("p");
        p.documents.push(std::sync::Arc::new(a));
        p.reindex();
        assert!(find_in(&p, &b).is_some());
    }

    #[test]
    fn a_speaker_counts_as_the_name_it_came_from() {
        let split = doc(&[(Some("Ann"), "Hello there")]);
        let unsplit = doc(&[(None, "Ann: Hello there")]);
        assert_eq!(normalised_text(&split), normalised_text(&unsplit));
    }

    #[test]
    fn different_text_is_different() {
        let a = doc(&[(Some("Ann"), "I felt sad")]);
        let b = doc(&[(Some("Ann"), "I felt glad")]);
        let c = doc(&[(Some("Bo"), "I felt sad")]);
        let mut p = Project::named("p");
        p.documents.push(std::sync::Arc::new(a));
        p.reindex();
        assert!(find_in(&p, &b).is_none());
        assert!(find_in(&p, &c).is_none());
        // An empty document matches nothing.
        assert!(find_in(&p, &doc(&[])).is_none());
    }
}
