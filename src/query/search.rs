//! Searching the whole project: a word, a phrase, any or all of several words, or a regular
//! expression, over every document (or a chosen set), optionally leaving out interviewer turns;
//! then coding the hits, each widened to its word, sentence or speaker turn, as one edit.
//!
//! Matching is Unicode-aware. Text and pattern are both put in canonical composed form (NFC), so
//! `café` typed with a precomposed `é` finds `cafe\u{301}` and the other way round. Without *match
//! case*, both are case-folded: `ß` and `ẞ` match `ss`, Turkish `İ` and dotless `ı` match `i`,
//! final `ς` matches `σ`. A hit is widened to whole grapheme clusters, so searching 👍 finds 👍🏽
//! and no hit ever splits an emoji or a letter from its accent. A regular expression runs on the
//! composed text, with the `regex` crate's own case-insensitive matching; a pattern that does
//! not compile is reported, never panicked on.
//!
//! Folding a large project's text costs a pass over it, so a [`SearchIndex`] keeps each
//! document's folded turns (made when first searched) and keeps them while the document is
//! unchanged (documents are shared `Arc`s: a changed document is a new one). The index is cheap to
//! clone and can be searched on another thread.

use super::passage::Place;
use crate::edit::{Edit, ops};
use crate::model::{
    CodeId, Coding, CodingId, DocId, Document, MemoId, Project, TextRange, Timestamp,
};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, OnceLock};
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

/// What the pattern is.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum Kind {
    /// A word or a phrase; any run of spaces in the pattern matches any run of white space.
    #[default]
    Phrase,
    /// Any of the words of the pattern.
    AnyWord,
    /// Each of the words of the pattern, in paragraphs that hold all of them.
    AllWords,
    /// A regular expression (the `regex` crate's syntax).
    Regex,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Phrase, Kind::AnyWord, Kind::AllWords, Kind::Regex];

    pub fn label(self) -> &'static str {
        match self {
            Kind::Phrase => "Word or phrase",
            Kind::AnyWord => "Any of the words",
            Kind::AllWords => "All of the words",
            Kind::Regex => "Regular expression",
        }
    }
}

/// How to search.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct Options {
    pub kind: Kind,
    /// Match upper and lower case exactly.
    pub case_sensitive: bool,
    /// Only hits that are whole words (nothing word-like just before or after).
    pub whole_words: bool,
    /// Leave out turns spoken by participants marked as interviewers.
    pub skip_interviewers: bool,
    /// Search only these documents (`None`: all).
    pub documents: Option<BTreeSet<DocId>>,
    /// Search the memos' text as well.
    pub memos: bool,
}

/// A hit in a memo: the memo and the byte range in its text.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct MemoHit {
    pub memo: MemoId,
    pub range: TextRange,
}

/// What a search found: hits in documents (in document order, then text order) and in memos.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct Hits {
    pub places: Vec<Place>,
    pub memos: Vec<MemoHit>,
}

/// Why a search could not run, in the user's words.
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
pub enum SearchError {
    #[error("type something to search for")]
    Empty,
    #[error("the regular expression does not work: {0}")]
    BadRegex(String),
}

/// A turn's text in searchable form, with what it takes to carry an offset in it back to the
/// original text. Folding changes the length of only a few clusters (`ß` → `ss`, a decomposed
/// accent composed); those are listed as units, and offsets between units shift by a constant.
#[derive(Clone, Debug, Default)]
struct Folded {
    /// The folded text; `None` when it is the original text itself (most turns when matching
    /// case; all-lowercase ASCII turns otherwise), which is then not copied.
    text: Option<String>,
    /// (folded start, original start, folded length, original length), in order.
    units: Vec<[u32; 4]>,
}

impl Folded {
    /// The folded text of `original` (the text this was made from).
    fn text<'a>(&'a self, original: &'a str) -> &'a str {
        self.text.as_deref().unwrap_or(original)
    }

    /// The original offset of a match starting at folded offset `x`.
    fn start(&self, x: usize) -> usize {
        let i = self.units.partition_point(|u| u[0] as usize <= x);
        let Some(u) = i.checked_sub(1).and_then(|i| self.units.get(i)) else {
            return x;
        };
        let (fo, o, fl, ol) = (u[0] as usize, u[1] as usize, u[2] as usize, u[3] as usize);
        if x < fo + fl {
            o
        } else {
            x - (fo + fl) + o + ol
        }
    }

    /// The original offset of a match ending at folded offset `x`.
    fn end(&self, x: usize) -> usize {
        let i = self.units.partition_point(|u| (u[0] as usize) < x);
        let Some(u) = i.checked_sub(1).and_then(|i| self.units.get(i)) else {
            return x;
        };
        let (fo, o, fl, ol) = (u[0] as usize, u[1] as usize, u[2] as usize, u[3] as usize);
        if x <= fo + fl {
            o + ol
        } else {
            x - (fo + fl) + o + ol
        }
    }
}

/// Case folding of one character, beyond `char::to_lowercase`: `ß` is `ss`, Turkish `İ` and
/// `ı` are `i`, final sigma is sigma.
fn fold_char(c: char, out: &mut String) {
    match c {
        'ß' | 'ẞ' => out.push_str("ss"),
        'İ' | 'ı' => out.push('i'),
        'ς' => out.push('σ'),
        _ => out.extend(c.to_lowercase()),
    }
}

/// The searchable form of `s`: composed (NFC) and, with `lower`, case-folded.
fn fold(s: &str, lower: bool) -> Folded {
    if s.is_ascii() {
        let text =
            (lower && s.bytes().any(|b| b.is_ascii_uppercase())).then(|| s.to_ascii_lowercase());
        return Folded {
            text,
            units: Vec::new(),
        };
    }
    let mut text = String::with_capacity(s.len());
    let mut units = Vec::new();
    let mut piece = String::new();
    let bytes = s.as_bytes();
    let push_ascii = |text: &mut String, part: &str| {
        let at = text.len();
        text.push_str(part);
        if lower && let Some(added) = text.get_mut(at..) {
            added.make_ascii_lowercase();
        }
    };
    let mut i = 0;
    while i < bytes.len() {
        // A run of ASCII, copied (or lowered) as it is, but for its last character: a
        // combining mark after it would belong to its cluster.
        let j = bytes[i..]
            .iter()
            .position(|b| !b.is_ascii())
            .map_or(bytes.len(), |n| i + n);
        let b = if j < bytes.len() && j > i { j - 1 } else { j };
        push_ascii(&mut text, s.get(i..b).unwrap_or(""));
        if b >= bytes.len() {
            break;
        }
        // Then the clusters up to the next ASCII character (a cluster always ends before one).
        let k = bytes[j..]
            .iter()
            .position(|c| c.is_ascii())
            .map_or(bytes.len(), |n| j + n);
        for (o, g) in s.get(b..k).unwrap_or("").grapheme_indices(true) {
            if g.is_ascii() {
                push_ascii(&mut text, g);
                continue;
            }
            piece.clear();
            for c in g.nfc() {
                if lower {
                    fold_char(c, &mut piece);
                } else {
                    piece.push(c);
                }
            }
            if piece.len() != g.len() {
                units.push([
                    text.len() as u32,
                    (b + o) as u32,
                    piece.len() as u32,
                    g.len() as u32,
                ]);
            }
            text.push_str(&piece);
        }
        i = k;
    }
    let text = (text != s).then_some(text);
    Folded { text, units }
}

/// One document's folded turns, made when first needed.
#[derive(Debug)]
struct DocIndex {
    doc: Arc<Document>,
    exact: OnceLock<Vec<Folded>>,
    lower: OnceLock<Vec<Folded>>,
}

impl DocIndex {
    fn turns(&self, lower: bool) -> &[Folded] {
        let cell = if lower { &self.lower } else { &self.exact };
        cell.get_or_init(|| {
            self.doc
                .turns()
                .iter()
                .map(|t| fold(&t.text, lower))
                .collect()
        })
    }
}

/// The project's text in searchable form (see the module documentation). Clone it to search on
/// another thread.
#[derive(Clone, Debug, Default)]
pub struct SearchIndex {
    docs: Vec<Arc<DocIndex>>,
    interviewers: Arc<BTreeSet<String>>,
    memos: Arc<Vec<(MemoId, String)>>,
}

impl SearchIndex {
    pub fn new(project: &Project) -> Self {
        let mut index = Self::default();
        index.update(project);
        index
    }

    /// Brings the index up to date with `project`: documents that did not change keep their
    /// folded text (a pointer comparison each). Returns whether any document's text (or the list
    /// of documents) changed.
    pub fn update(&mut self, project: &Project) -> bool {
        let same = self.docs.len() == project.documents.len()
            && self
                .docs
                .iter()
                .zip(&project.documents)
                .all(|(d, doc)| Arc::ptr_eq(&d.doc, doc));
        let mut old: BTreeMap<DocId, Arc<DocIndex>> =
            self.docs.drain(..).map(|d| (d.doc.id, d)).collect();
        self.docs = project
            .documents
            .iter()
            .map(|doc| match old.remove(&doc.id) {
                Some(d) if Arc::ptr_eq(&d.doc, doc) => d,
                _ => Arc::new(DocIndex {
                    doc: doc.clone(),
                    exact: OnceLock::new(),
                    lower: OnceLock::new(),
                }),
            })
            .collect();
        self.interviewers = Arc::new(
            project
                .participants
                .iter()
                .filter(|p| p.interviewer)
                .map(|p| p.name.clone())
                .collect(),
        );
        self.memos = Arc::new(
            project
                .memos
                .iter()
                .map(|m| (m.id, format!("{}\n{}", m.title, m.text)))
                .collect(),
        );
        !same
    }

    /// Runs a search (on up to as many threads as the machine has cores, for a large project).
    pub fn run(&self, pattern: &str, options: &Options) -> Result<Hits, SearchError> {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
        let text: usize = self.docs.iter().map(|d| d.doc.len()).sum();
        self.run_on(pattern, options, cores.min(text / PER_THREAD).max(1))
    }

    /// [`Self::run`] on at most `threads` threads (the hits are the same for any number).
    fn run_on(
        &self,
        pattern: &str,
        options: &Options,
        threads: usize,
    ) -> Result<Hits, SearchError> {
        let matcher = Matcher::new(pattern, options)?;
        let docs: Vec<&DocIndex> = self
            .docs
            .iter()
            .map(|d| d.as_ref())
            .filter(|d| {
                options
                    .documents
                    .as_ref()
                    .is_none_or(|set| set.contains(&d.doc.id))
            })
            .collect();
        // Split the documents into runs of about equal text, one per thread, in order.
        let total: usize = docs.iter().map(|d| d.doc.len()).sum();
        let threads = threads.max(1);
        let mut chunks: Vec<&[&DocIndex]> = Vec::with_capacity(threads);
        let (mut from, mut acc, mut done) = (0, 0, 0);
        for (i, d) in docs.iter().enumerate() {
            acc += d.doc.len();
            if acc * threads >= (done + 1) * total.max(1) && chunks.len() + 1 < threads {
                chunks.push(&docs[from..=i]);
                from = i + 1;
                done += 1;
            }
        }
        chunks.push(&docs[from..]);
        let mut hits = Hits::default();
        if chunks.len() == 1 {
            self.search_docs(&docs, &matcher, options, &mut hits.places);
        } else {
            let parts: Vec<Vec<Place>> = std::thread::scope(|scope| {
                let running: Vec<_> = chunks
                    .iter()
                    .map(|chunk| {
                        let matcher = &matcher;
                        scope.spawn(move || {
                            let mut places = Vec::new();
                            self.search_docs(chunk, matcher, options, &mut places);
                            places
                        })
                    })
                    .collect();
                running
                    .into_iter()
                    .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                    .collect()
            });
            hits.places.reserve(parts.iter().map(Vec::len).sum());
            for part in parts {
                hits.places.extend(part);
            }
        }
        if options.memos {
            let mut buf = Vec::new();
            for (id, text) in self.memos.iter() {
                let folded = fold(text, matcher.lower);
                matcher.each(&folded, text, &mut buf, |range| {
                    hits.memos.push(MemoHit { memo: *id, range });
                });
            }
        }
        Ok(hits)
    }

    /// The hits in `docs`, in order, added to `out`.
    fn search_docs(
        &self,
        docs: &[&DocIndex],
        matcher: &Matcher,
        options: &Options,
        out: &mut Vec<Place>,
    ) {
        let mut buf = Vec::new();
        for d in docs {
            let turns = d.doc.turns();
            let starts = d.doc.turn_starts();
            for (i, folded) in d.turns(matcher.lower).iter().enumerate() {
                let Some(turn) = turns.get(i) else { break };
                if options.skip_interviewers
                    && turn
                        .speaker
                        .as_deref()
                        .is_some_and(|s| self.interviewers.contains(s))
                {
                    continue;
                }
                let base = starts.get(i).copied().unwrap_or(0);
                let document = d.doc.id;
                matcher.each(folded, &turn.text, &mut buf, |r| {
                    out.push(Place {
                        document,
                        range: TextRange {
                            start: base + r.start,
                            end: base + r.end,
                        },
                    });
                });
            }
        }
    }
}

/// Below this much text (bytes) per thread, a search does not start another thread.
const PER_THREAD: usize = 1 << 20;

/// Searches `project` once (the command line; the window keeps a [`SearchIndex`]).
pub fn search(project: &Project, pattern: &str, options: &Options) -> Result<Hits, SearchError> {
    SearchIndex::new(project).run(pattern, options)
}

/// A compiled pattern.
struct Matcher {
    regex: regex::Regex,
    lower: bool,
    whole_words: bool,
    /// For [`Kind::AllWords`]: the folded words that must all occur in a paragraph.
    all: Option<Vec<String>>,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
        || c == '_'
        || matches!(c, '\u{300}'..='\u{36F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

impl Matcher {
    fn new(pattern: &str, options: &Options) -> Result<Self, SearchError> {
        if pattern.trim().is_empty() {
            return Err(SearchError::Empty);
        }
        let lower = !options.case_sensitive && options.kind != Kind::Regex;
        let folded = fold(pattern, lower)
            .text
            .unwrap_or_else(|| pattern.to_owned());
        let mut words: Vec<String> = folded.split_whitespace().map(str::to_owned).collect();
        let source = match options.kind {
            Kind::Phrase => words
                .iter()
                .map(|w| regex::escape(w))
                .collect::<Vec<_>>()
                .join(r"\s+"),
            Kind::AnyWord | Kind::AllWords => {
                words.sort_by_key(|w| std::cmp::Reverse(w.len()));
                words.dedup();
                words
                    .iter()
                    .map(|w| regex::escape(w))
                    .collect::<Vec<_>>()
                    .join("|")
            }
            Kind::Regex => fold(pattern, false)
                .text
                .unwrap_or_else(|| pattern.to_owned()),
        };
        let regex = regex::RegexBuilder::new(&source)
            .case_insensitive(options.kind == Kind::Regex && !options.case_sensitive)
            .size_limit(1 << 23)
            .build()
            .map_err(|e| {
                SearchError::BadRegex(
                    e.to_string()
                        .lines()
                        .map(str::trim)
                        .filter(|l| !l.is_empty())
                        .collect::<Vec<_>>()
                        .join(" "),
                )
            })?;
        Ok(Self {
            regex,
            lower,
            whole_words: options.whole_words,
            all: (options.kind == Kind::AllWords).then_some(words),
        })
    }

    fn whole(&self, text: &str, a: usize, b: usize) -> bool {
        let m = &text[a..b];
        let starts_word = m.chars().next().is_some_and(is_word_char);
        let ends_word = m.chars().next_back().is_some_and(is_word_char);
        let before = text[..a].chars().next_back().is_some_and(is_word_char);
        let after = text[b..].chars().next().is_some_and(is_word_char);
        !((starts_word && before) || (ends_word && after))
    }

    /// Calls `found` with each hit in one paragraph, as a range of `original` widened to whole
    /// grapheme clusters. `buf` is scratch space, kept between calls.
    fn each(
        &self,
        folded: &Folded,
        original: &str,
        buf: &mut Vec<(usize, usize)>,
        mut found: impl FnMut(TextRange),
    ) {
        let text = folded.text(original);
        buf.clear();
        // For all-of-the-words: which words were seen (a bit each; more than 64 words are
        // checked one by one below).
        let mut seen: u64 = 0;
        for m in self.regex.find_iter(text) {
            if m.start() == m.end() || (self.whole_words && !self.whole(text, m.start(), m.end())) {
                continue;
            }
            if let Some(all) = &self.all
                && let Some(k) = all.iter().position(|w| w == m.as_str())
                && k < 64
            {
                seen |= 1 << k;
            }
            buf.push((m.start(), m.end()));
        }
        if let Some(all) = &self.all {
            let complete = all.iter().enumerate().all(|(k, w)| {
                if k < 64 {
                    seen & (1 << k) != 0
                } else {
                    buf.iter().any(|&(a, b)| text.get(a..b) == Some(w.as_str()))
                }
            });
            if !complete {
                return;
            }
        }
        let plain = folded.units.is_empty();
        let mut last_end = 0;
        for &(a, b) in buf.iter() {
            let (a, b) = if plain {
                (a, b)
            } else {
                (folded.start(a), folded.end(b))
            };
            let start = crate::model::snap_back(original, a);
            let end = crate::model::snap_forward(original, b);
            if start < end && start >= last_end {
                last_end = end;
                found(TextRange { start, end });
            }
        }
    }
}

/// How far to widen a hit before coding it.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum Unit {
    /// The hit itself.
    #[default]
    Hit,
    /// The word (or words) the hit lies in.
    Word,
    /// The sentence (or sentences) the hit lies in.
    Sentence,
    /// The speaker turn (paragraph) the hit lies in.
    Turn,
}

impl Unit {
    pub const ALL: [Unit; 4] = [Unit::Hit, Unit::Word, Unit::Sentence, Unit::Turn];

    pub fn label(self) -> &'static str {
        match self {
            Unit::Hit => "the hit",
            Unit::Word => "its word",
            Unit::Sentence => "its sentence",
            Unit::Turn => "its speaker turn",
        }
    }

    /// The name the command line takes (`--unit`).
    pub fn parse(s: &str) -> Option<Unit> {
        match s.trim().to_ascii_lowercase().as_str() {
            "hit" => Some(Unit::Hit),
            "word" => Some(Unit::Word),
            "sentence" => Some(Unit::Sentence),
            "turn" | "paragraph" => Some(Unit::Turn),
            _ => None,
        }
    }
}

/// `range` (inside one turn of `doc`) widened to `unit`, white space at the ends left out.
/// Only the text near the hit is segmented (see [`widen`](mod@self::widen)).
pub fn widen(doc: &Document, range: TextRange, unit: Unit) -> Option<TextRange> {
    if unit == Unit::Hit {
        return doc.snap_range(range.start, range.end);
    }
    let (turn, local) = doc.locate(range.start)?;
    let text = &doc.turns().get(turn)?.text;
    let base = doc.turn_starts().get(turn).copied()?;
    let b = (range.end - base).min(text.len());
    let (start, end) = widen::widen_local(text, local.min(b), b, unit);
    doc.snap_range(base + start, base + end)
}

/// What coding a list of hits will do.
#[derive(Clone, Debug, Default)]
pub struct CodePlan {
    /// The edit (a batch: the coder if new, then one coding per passage), `None` if nothing is
    /// to be coded.
    pub edit: Option<Edit>,
    /// Codings it makes.
    pub codings: usize,
    /// Passages left alone because the coder already coded them with the code.
    pub already: usize,
}

/// Plans coding `places` with `code` by the coder named `coder` (added if the project lacks
/// them), each widened to `unit`. Hits that widen to the same passage are coded once; a passage
/// that this coder already coded with this code (a coding of theirs covers it) is left alone.
pub fn plan_coding(
    project: &Project,
    places: &[Place],
    code: CodeId,
    unit: Unit,
    coder: &str,
) -> CodePlan {
    let (coder_id, add_coder) = ops::ensure_coder(project, coder);
    let mut targets: BTreeSet<(usize, DocId, TextRange)> = BTreeSet::new();
    for p in places {
        let Some(doc) = project.document(p.document) else {
            continue;
        };
        if let Some(r) = widen(doc, p.range, unit) {
            let at = project.document_index(p.document).unwrap_or(usize::MAX);
            targets.insert((at, p.document, r));
        }
    }
    let covered = |doc: DocId, r: TextRange| -> bool {
        let covers = |c_code: CodeId, c_coder, c_range: TextRange| {
            c_code == code
                && c_coder == coder_id
                && c_range.start <= r.start
                && r.end <= c_range.end
        };
        match project.tally() {
            Some(_) => project
                .codings
                .in_document(doc)
                .any(|c| covers(c.code, c.coder, c.range)),
            None => project
                .codings
                .values()
                .any(|c| c.document == doc && covers(c.code, c.coder, c.range)),
        }
    };
    let mut plan = CodePlan::default();
    let mut edits: Vec<Edit> = Vec::new();
    let now = Timestamp::now();
    for (_, doc, range) in targets {
        if covered(doc, range) {
            plan.already += 1;
            continue;
        }
        edits.push(Edit::AddCoding(Coding {
            id: CodingId::new(),
            document: doc,
            code,
            range,
            coder: coder_id,
            created: now,
        }));
    }
    plan.codings = edits.len();
    if !edits.is_empty() {
        if let Some(e) = add_coder {
            edits.insert(0, e);
        }
        plan.edit = Some(Edit::Batch(edits));
    }
    plan
}

mod widen;

#[cfg(test)]
mod tests;
