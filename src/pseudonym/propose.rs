//! Proposals for the pseudonym table: speaker names, and capitalised words that recur across
//! documents where a sentence does not start, each with its occurrences in context so the user
//! can judge before anything changes.

use super::{context, words};
use crate::model::Project;
use rustc_hash::FxHashMap;

/// Where a proposal came from.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Source {
    /// A speaker label or participant name.
    Speaker,
    /// A capitalised word found inside sentences of several documents.
    Recurring,
}

/// A candidate real name.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Proposal {
    pub name: String,
    pub source: Source,
    /// Occurrences in the documents' text.
    pub count: usize,
    /// Documents it occurs in.
    pub documents: usize,
    /// A few occurrences in context ("…met [Kari] at…"), with their document's title.
    pub contexts: Vec<(String, String)>,
}

/// Labels that name a role, not a person.
const ROLES: &[&str] = &[
    "interviewer",
    "int",
    "i",
    "q",
    "a",
    "r",
    "respondent",
    "participant",
    "speaker",
    "moderator",
    "facilitator",
    "unknown",
    "researcher",
    "interviewee",
];

/// Titles before a name ("Dr Lind"): not names themselves.
const TITLES: &[&str] = &["dr", "mr", "mrs", "ms", "miss", "prof", "sir", "st"];

/// Capitalised words that are rarely names.
const COMMON: &[&str] = &[
    "i",
    "i'm",
    "i've",
    "i'd",
    "i'll",
    "ok",
    "okay",
    "yes",
    "no",
    "the",
    "and",
    "but",
    "so",
    "we",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "christmas",
    "easter",
    "english",
    "covid",
    "tv",
    "uh",
    "um",
    "mm",
];

/// Candidates from speaker names and recurring capitalised words, speakers first, then by the
/// number of documents and occurrences. `min_documents`: how many documents a capitalised word
/// must appear in (2 finds names mentioned across interviews).
pub fn proposals(project: &Project, min_documents: usize) -> Vec<Proposal> {
    // Words of speaker labels and participant names.
    let mut speakers: Vec<String> = Vec::new();
    let labels = project
        .documents
        .iter()
        .flat_map(|d| d.turns().iter().filter_map(|t| t.speaker.as_deref()))
        .chain(project.participants.iter().map(|p| p.name.as_str()));
    for label in labels {
        for (a, b) in words(label) {
            let w = &label[a..b];
            let lower = w.to_lowercase();
            let capital = w.chars().next().is_some_and(char::is_uppercase);
            if capital
                && !ROLES.contains(&lower.as_str())
                && !TITLES.contains(&lower.as_str())
                && !w.chars().any(|c| c.is_ascii_digit())
                && !speakers.contains(&w.to_owned())
            {
                speakers.push(w.to_owned());
            }
        }
    }
    // Capitalised words not at a sentence start, by document.
    struct Seen {
        count: usize,
        docs: Vec<usize>,
        contexts: Vec<(String, String)>,
    }
    let mut seen: FxHashMap<String, Seen> = FxHashMap::default();
    for (di, d) in project.documents.iter().enumerate() {
        for t in d.turns() {
            let text = &t.text;
            let ws = words(text);
            for (k, &(a, b)) in ws.iter().enumerate() {
                let w = &text[a..b];
                let is_speaker = speakers.iter().any(|s| s == w);
                let capital = w.chars().next().is_some_and(char::is_uppercase)
                    && w.chars().skip(1).any(char::is_lowercase);
                if !is_speaker && !capital {
                    continue;
                }
                let sentence_start = k == 0
                    || text[..a]
                        .trim_end_matches(|c: char| c.is_whitespace() || "\"'“‘(".contains(c))
                        .ends_with(['.', '!', '?', ':', '…']);
                if !is_speaker && (sentence_start || COMMON.contains(&w.to_lowercase().as_str())) {
                    continue;
                }
                let s = seen.entry(w.to_owned()).or_insert(Seen {
                    count: 0,
                    docs: Vec::new(),
                    contexts: Vec::new(),
                });
                s.count += 1;
                if s.docs.last() != Some(&di) {
                    s.docs.push(di);
                }
                if s.contexts.len() < 3 {
                    s.contexts.push((d.title.clone(), context(text, a..b)));
                }
            }
        }
    }
    let mut out: Vec<Proposal> = speakers
        .iter()
        .map(|name| {
            let s = seen.remove(name);
            Proposal {
                name: name.clone(),
                source: Source::Speaker,
                count: s.as_ref().map_or(0, |s| s.count),
                documents: s.as_ref().map_or(0, |s| s.docs.len()),
                contexts: s.map(|s| s.contexts).unwrap_or_default(),
            }
        })
        .collect();
    let mut recurring: Vec<Proposal> = seen
        .into_iter()
        .filter(|(_, s)| s.docs.len() >= min_documents.max(1))
        .map(|(name, s)| Proposal {
            name,
            source: Source::Recurring,
            count: s.count,
            documents: s.docs.len(),
            contexts: s.contexts,
        })
        .collect();
    recurring.sort_by(|a, b| {
        (b.documents, b.count)
            .cmp(&(a.documents, a.count))
            .then_with(|| a.name.cmp(&b.name))
    });
    out.extend(recurring);
    out
}
