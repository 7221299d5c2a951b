//! A passage of a document as search hits, query results, matrix cells and co-occurrence cells
//! show it: where it is (document, paragraph, byte range), who speaks, its text and a little
//! context. Made on demand from a document and a range, so a list of a hundred thousand hits keeps
//! only their ranges and builds the rows it shows.

use crate::model::{DocId, Document, TextRange};

/// One passage with its context.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Passage {
    pub document: DocId,
    pub document_title: String,
    /// 1-based number of the turn (paragraph) the passage starts in.
    pub paragraph: usize,
    /// The speaker of that turn, if it has one.
    pub speaker: Option<String>,
    pub range: TextRange,
    pub text: String,
    /// A little of the same turn before and after the passage.
    pub before: String,
    pub after: String,
}

/// A place in a document: what lists of results keep until a row is shown.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct Place {
    pub document: DocId,
    pub range: TextRange,
}

impl Passage {
    /// The passage of `range` in `doc`, with context (`None` if the range is outside it).
    pub fn of(doc: &Document, range: TextRange) -> Option<Passage> {
        let (first, local_start) = doc.locate(range.start)?;
        let (first, local_start) = match doc.turns().get(first) {
            Some(t) if local_start == t.text.len() && first + 1 < doc.turns().len() => {
                (first + 1, 0)
            }
            _ => (first, local_start),
        };
        let (last, local_end) = doc.locate(range.end)?;
        let turns = doc.turns();
        Some(Passage {
            document: doc.id,
            document_title: doc.title.clone(),
            paragraph: first + 1,
            speaker: turns
                .get(first)
                .and_then(|t| t.speaker.as_deref().map(str::to_owned)),
            range,
            text: doc.slice(range),
            before: turns
                .get(first)
                .map(|t| super::context_before(&t.text, local_start))
                .unwrap_or_default(),
            after: turns
                .get(last)
                .map(|t| super::context_after(&t.text, local_end))
                .unwrap_or_default(),
        })
    }

    /// The JSON object the command line prints for a passage.
    pub fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "document": self.document_title,
            "paragraph": self.paragraph,
            "start": self.range.start,
            "end": self.range.end,
            "speaker": self.speaker,
            "text": self.text,
        })
    }
}

/// The CSV of a list of passages (document, paragraph, speaker, start, end, before, text, after),
/// with a byte-order mark so that spreadsheet programs read it as UTF-8.
pub fn passages_csv(passages: &[Passage]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "document",
        "paragraph",
        "speaker",
        "start",
        "end",
        "before",
        "text",
        "after",
    ]);
    for p in passages {
        let _ = w.write_record([
            p.document_title.as_str(),
            &p.paragraph.to_string(),
            p.speaker.as_deref().unwrap_or(""),
            &p.range.start.to_string(),
            &p.range.end.to_string(),
            &p.before,
            &p.text,
            &p.after,
        ]);
    }
    let body = w.into_inner().unwrap_or_default();
    format!("\u{feff}{}", String::from_utf8_lossy(&body))
}
