//! A source text split into speaker turns by the transcript importer's speaker detection, with a
//! map from offsets in the source text to offsets in the Gloss document. Turn texts are the
//! source's words joined by single spaces (as every Gloss importer cleans them); speaker labels
//! and timestamps become the turn's speaker and time, so offsets inside them have no place in the
//! document and map to the nearest word.

use crate::import::Pattern;
use crate::import::speakers::build_turn_spans;
use crate::model::Turn;

/// One run of text copied unchanged: `len` bytes from `src` in the source to `doc` in the
/// document.
#[derive(Clone, Copy, Debug)]
struct Run {
    src: usize,
    doc: usize,
    len: usize,
}

/// The turns and the offset map.
pub struct Split {
    pub turns: Vec<Turn>,
    runs: Vec<Run>,
    doc_len: usize,
}

fn separator(c: char) -> bool {
    c.is_whitespace() || (c.is_control() && c != '\u{200d}')
}

/// Splits `text` (LF line breaks) into turns.
pub fn split(text: &str) -> Split {
    let mut line_starts = Vec::new();
    let mut lines = Vec::new();
    let mut at = 0;
    for line in text.split('\n') {
        line_starts.push(at);
        lines.push(line.to_owned());
        at += line.len() + 1;
    }
    let (spans, _) = build_turn_spans(&lines, Pattern::Auto);
    let mut turns = Vec::with_capacity(spans.len());
    let mut runs = Vec::new();
    let mut doc = 0usize;
    for span in spans {
        let mut turn_text = String::new();
        let turn_runs_from = runs.len();
        for piece in &span.pieces {
            let (Some(line), Some(&base)) = (lines.get(piece.line), line_starts.get(piece.line))
            else {
                continue;
            };
            let Some(part) = line.get(piece.start..piece.end) else {
                continue;
            };
            let mut word_start: Option<usize> = None;
            for (i, c) in part
                .char_indices()
                .chain(std::iter::once((part.len(), ' ')))
            {
                match (separator(c), word_start) {
                    (true, Some(ws)) => {
                        if !turn_text.is_empty() {
                            turn_text.push(' ');
                        }
                        runs.push(Run {
                            src: base + piece.start + ws,
                            doc: doc + turn_text.len(),
                            len: i - ws,
                        });
                        turn_text.push_str(&part[ws..i]);
                        word_start = None;
                    }
                    (false, None) => word_start = Some(i),
                    _ => {}
                }
            }
        }
        if turn_text.is_empty() {
            runs.truncate(turn_runs_from);
            continue;
        }
        doc += turn_text.len() + 1;
        let mut turn = Turn::new(span.speaker.as_deref(), &turn_text);
        turn.time = span.time.map(String::into_boxed_str);
        turns.push(turn);
    }
    Split {
        turns,
        runs,
        doc_len: doc.saturating_sub(1),
    }
}

impl Split {
    /// The document offset for a passage starting at source offset `src`: inside a word it maps
    /// exactly; elsewhere (spaces, labels) to the next word's start.
    pub fn map_start(&self, src: usize) -> usize {
        let i = self.runs.partition_point(|r| r.src + r.len <= src);
        match self.runs.get(i) {
            Some(r) if src >= r.src => r.doc + (src - r.src),
            Some(r) => r.doc,
            None => self.doc_len,
        }
    }

    /// The document offset for a passage ending at source offset `src`: inside or at the end
    /// of a word it maps exactly; elsewhere to the previous word's end.
    pub fn map_end(&self, src: usize) -> usize {
        let i = self.runs.partition_point(|r| r.src < src);
        match i.checked_sub(1).and_then(|k| self.runs.get(k)) {
            Some(r) if src <= r.src + r.len => r.doc + (src - r.src),
            Some(r) => r.doc + r.len,
            None => 0,
        }
    }
}

/// A text Gloss wrote: one turn per line, exactly, with the speakers and times given. Offsets
/// map one to one.
pub fn exact(text: &str, metas: &[super::extras::TurnMeta]) -> Option<Split> {
    let lines: Vec<&str> = if text.is_empty() && metas.is_empty() {
        Vec::new()
    } else {
        text.split('\n').collect()
    };
    if lines.len() != metas.len() {
        return None;
    }
    let mut turns = Vec::with_capacity(lines.len());
    for (line, meta) in lines.iter().zip(metas) {
        let mut turn = Turn::new(meta.speaker.as_deref(), line);
        turn.time = meta.time.as_deref().map(Box::from);
        turns.push(turn);
    }
    // The document's text is the source text itself: one run covers it.
    let runs = vec![Run {
        src: 0,
        doc: 0,
        len: text.len(),
    }];
    Some(Split {
        turns,
        runs,
        doc_len: text.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_follow_words_past_labels_and_spaces() {
        let text = "Kari: Hello  there\nIver: Yes.\n\nKari: more\ntext";
        let s = split(text);
        let texts: Vec<&str> = s.turns.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(texts, ["Hello there", "Yes.", "more text"]);
        assert_eq!(s.turns[0].speaker.as_deref(), Some("Kari"));
        let doc = texts.join("\n");
        let src = |w: &str| text.find(w).unwrap_or(usize::MAX);
        for w in ["Hello", "there", "Yes.", "more", "text"] {
            let a = s.map_start(src(w));
            let b = s.map_end(src(w) + w.len());
            assert_eq!(doc.get(a..b), Some(w));
        }
        // A selection starting on a label starts at the turn's first word.
        assert_eq!(s.map_start(src("Iver")), doc.find("Yes.").unwrap_or(0));
        // Ending in the double space ends after "Hello".
        assert_eq!(s.map_end(src("Hello") + 6), 5);
    }
}
