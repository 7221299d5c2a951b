//! Counts kept current edit by edit: for every code and theme, its codings, the documents they
//! are in and the participants who speak in them; codings per document, per coder and per
//! speaker; and the codings of each code and each document, for retrieval without a scan.
//!
//! [`crate::edit::apply`] tells the tally of each primitive change, so keeping it costs what the
//! change touches (a coding's few turns; a theme's codes), never what the project holds. A theme
//! counts the codings of its codes and of the codes of every theme inside it (its *closure*), each
//! coding once. Documents and speakers get small dense numbers (slots) so that a theme's
//! documents and speakers are bit sets: the union over a theme's codes, and the test whether
//! another code of the theme still has a document, cost a word per 64 documents.
//!
//! Participants are the speakers of the turns a coding overlaps, leaving out turns without a
//! speaker and speakers listed as interviewers. Interviewers are kept in the sets and left out
//! when counting, so marking someone as an interviewer costs one pass over the codes and themes.

use super::bits::Bits;
use super::{CodeId, CoderId, Coding, CodingId, DocId, Document, Theme, ThemeId};
use rustc_hash::{FxHashMap, FxHashSet};

/// The evidence behind a code or a theme.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Evidence {
    /// Number of codings.
    pub codings: usize,
    /// Documents holding at least one of those codings.
    pub documents: usize,
    /// Participants who speak in at least one of those codings, interviewers left out.
    pub participants: usize,
}

#[derive(Clone, Default, Debug)]
struct CodeTally {
    codings: FxHashSet<CodingId>,
    /// Codings per document slot (only slots with codings).
    docs: FxHashMap<u32, u32>,
    doc_bits: Bits,
    /// Codings per speaker slot (only speakers with codings).
    speakers: FxHashMap<u32, u32>,
    speaker_bits: Bits,
    /// Speakers in `speaker_bits` who are not interviewers.
    participants: u32,
    /// The same counts split by coder (only coders with codings of the code).
    by_coder: FxHashMap<CoderId, CoderTally>,
}

/// One coder's share of a code: codings, and codings per document and speaker slot.
#[derive(Clone, Default, Debug)]
struct CoderTally {
    codings: u32,
    docs: FxHashMap<u32, u32>,
    speakers: FxHashMap<u32, u32>,
}

/// A coding as its document's list keeps it ([`super::Codings::in_document`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DocCoding {
    pub id: CodingId,
    pub code: CodeId,
    pub coder: CoderId,
    pub range: super::TextRange,
}

#[derive(Clone, Default, Debug)]
struct ThemeTally {
    /// The theme's closure: its codes and those of the themes inside it, sorted.
    codes: Vec<CodeId>,
    codings: u32,
    doc_bits: Bits,
    documents: u32,
    speaker_bits: Bits,
    participants: u32,
}

/// See the module documentation.
#[derive(Clone, Default, Debug)]
pub struct Tally {
    doc_slot: FxHashMap<DocId, u32>,
    doc_ids: Vec<DocId>,
    speaker_slot: FxHashMap<String, u32>,
    speaker_names: Vec<String>,
    /// Names of participants marked as interviewers, and their speaker slots.
    interviewer_names: FxHashSet<String>,
    interviewer: Bits,
    codes: FxHashMap<CodeId, CodeTally>,
    themes: FxHashMap<ThemeId, ThemeTally>,
    /// The themes whose closure holds each code.
    code_themes: FxHashMap<CodeId, Vec<ThemeId>>,
    per_coder: FxHashMap<CoderId, u32>,
    /// Codings per document and coder.
    per_doc_coder: FxHashMap<(DocId, CoderId), u32>,
    per_speaker: Vec<u32>,
}

fn bump(map: &mut FxHashMap<u32, u32>, key: u32, add: bool) -> bool {
    // Returns whether the key appeared (add) or disappeared (remove).
    if add {
        let n = map.entry(key).or_insert(0);
        *n += 1;
        *n == 1
    } else {
        match map.get_mut(&key) {
            Some(n) if *n > 1 => {
                *n -= 1;
                false
            }
            Some(_) => {
                map.remove(&key);
                true
            }
            None => false,
        }
    }
}

impl Tally {
    fn doc_slot(&mut self, id: DocId) -> u32 {
        if let Some(&s) = self.doc_slot.get(&id) {
            return s;
        }
        let s = self.doc_ids.len() as u32;
        self.doc_ids.push(id);
        self.doc_slot.insert(id, s);
        s
    }

    fn speaker_slot(&mut self, name: &str) -> u32 {
        if let Some(&s) = self.speaker_slot.get(name) {
            return s;
        }
        let s = self.speaker_names.len() as u32;
        self.speaker_names.push(name.to_owned());
        self.speaker_slot.insert(name.to_owned(), s);
        self.per_speaker.push(0);
        if self.interviewer_names.contains(name) {
            self.interviewer.set(s);
        }
        s
    }

    /// The speaker slot of each turn of `doc` (worked out once per document when counting a
    /// whole project, rather than once per coding).
    pub(super) fn turn_speakers(&mut self, doc: &Document) -> Vec<Option<u32>> {
        doc.turns()
            .iter()
            .map(|t| t.speaker.as_deref().map(|name| self.speaker_slot(name)))
            .collect()
    }

    /// Counts a coding in (`add`) or out. `doc` is its document (the speakers come from there).
    pub(super) fn coding(&mut self, doc: Option<&Document>, coding: &Coding, add: bool) {
        let mut speakers: Vec<u32> = Vec::new();
        if let Some(doc) = doc {
            let turns = doc.turns();
            for i in doc.turns_overlapping(coding.range) {
                if let Some(name) = turns.get(i).and_then(|t| t.speaker.as_deref()) {
                    let s = self.speaker_slot(name);
                    if !speakers.contains(&s) {
                        speakers.push(s);
                    }
                }
            }
        }
        self.coding_spoken(coding, &speakers, add);
    }

    /// [`Tally::coding`] with the distinct speaker slots of the coding's turns already known.
    pub(super) fn coding_spoken(&mut self, coding: &Coding, speakers: &[u32], add: bool) {
        let d = self.doc_slot(coding.document);
        let step = |n: &mut u32| {
            if add {
                *n += 1;
            } else {
                *n = n.saturating_sub(1);
            }
        };
        step(self.per_coder.entry(coding.coder).or_insert(0));
        let key = (coding.document, coding.coder);
        let n = self.per_doc_coder.entry(key).or_insert(0);
        step(n);
        if *n == 0 {
            self.per_doc_coder.remove(&key);
        }
        for &s in speakers {
            if let Some(n) = self.per_speaker.get_mut(s as usize) {
                step(n);
            }
        }

        let ct = self.codes.entry(coding.code).or_default();
        if add {
            ct.codings.insert(coding.id);
        } else {
            ct.codings.remove(&coding.id);
        }
        let mine = ct.by_coder.entry(coding.coder).or_default();
        step(&mut mine.codings);
        bump(&mut mine.docs, d, add);
        for &s in speakers {
            bump(&mut mine.speakers, s, add);
        }
        if mine.codings == 0 {
            ct.by_coder.remove(&coding.coder);
        }
        let doc_flip = bump(&mut ct.docs, d, add);
        if doc_flip {
            if add {
                ct.doc_bits.set(d);
            } else {
                ct.doc_bits.clear(d);
            }
        }
        let mut speaker_flips = Vec::new();
        for &s in speakers {
            if bump(&mut ct.speakers, s, add) {
                speaker_flips.push(s);
                let counted = !self.interviewer.get(s);
                if add {
                    ct.speaker_bits.set(s);
                    ct.participants += u32::from(counted);
                } else {
                    ct.speaker_bits.clear(s);
                    ct.participants -= u32::from(counted);
                }
            }
        }

        let Some(themes) = self.code_themes.get(&coding.code) else {
            return;
        };
        for t in themes {
            let Some(tt) = self.themes.get_mut(t) else {
                continue;
            };
            step(&mut tt.codings);
            // A document or speaker leaves a theme only when none of its codes has it any more.
            let others_have = |bits: fn(&CodeTally) -> &Bits, i: u32| {
                tt.codes
                    .iter()
                    .filter_map(|c| self.codes.get(c))
                    .any(|c| bits(c).get(i))
            };
            if doc_flip {
                if add {
                    tt.documents += u32::from(tt.doc_bits.set(d));
                } else if !others_have(|c| &c.doc_bits, d) {
                    tt.documents -= u32::from(tt.doc_bits.clear(d));
                }
            }
            for &s in &speaker_flips {
                let counted = u32::from(!self.interviewer.get(s));
                if add {
                    if tt.speaker_bits.set(s) {
                        tt.participants += counted;
                    }
                } else if !others_have(|c| &c.speaker_bits, s) && tt.speaker_bits.clear(s) {
                    tt.participants -= counted;
                }
            }
        }
    }

    /// Gives back the room that building by pushing left in the code sets.
    pub(super) fn shrink_to_fit(&mut self) {
        for ct in self.codes.values_mut() {
            ct.codings.shrink_to_fit();
        }
    }

    /// A participant's interviewer mark as counting sees it: `true` only for a listed
    /// participant marked as an interviewer.
    pub(super) fn set_interviewer(&mut self, name: &str, interviewer: bool) {
        let changed = if interviewer {
            self.interviewer_names.insert(name.to_owned())
        } else {
            self.interviewer_names.remove(name)
        };
        let Some(&s) = self.speaker_slot.get(name).filter(|_| changed) else {
            return;
        };
        if interviewer {
            self.interviewer.set(s);
        } else {
            self.interviewer.clear(s);
        }
        let adjust = |n: &mut u32| {
            if interviewer {
                *n = n.saturating_sub(1);
            } else {
                *n += 1;
            }
        };
        for ct in self.codes.values_mut() {
            if ct.speaker_bits.get(s) {
                adjust(&mut ct.participants);
            }
        }
        for tt in self.themes.values_mut() {
            if tt.speaker_bits.get(s) {
                adjust(&mut tt.participants);
            }
        }
    }

    /// Works out every theme's closure again and rebuilds the counts of the themes whose closure
    /// changed (from their codes' counts, not from the codings).
    pub(super) fn themes_changed(&mut self, themes: &[Theme]) {
        let mut children: FxHashMap<ThemeId, Vec<usize>> = FxHashMap::default();
        for (i, t) in themes.iter().enumerate() {
            if let Some(p) = t.parent {
                children.entry(p).or_default().push(i);
            }
        }
        let mut live: FxHashSet<ThemeId> = FxHashSet::default();
        let mut changed = false;
        for t in themes {
            live.insert(t.id);
            let mut codes: Vec<CodeId> = Vec::new();
            let mut stack = vec![t];
            let mut seen: FxHashSet<ThemeId> = FxHashSet::default();
            while let Some(at) = stack.pop() {
                if !seen.insert(at.id) {
                    continue; // a cycle in a damaged file
                }
                codes.extend(&at.codes);
                for &i in children.get(&at.id).map(Vec::as_slice).unwrap_or_default() {
                    stack.push(&themes[i]);
                }
            }
            codes.sort_unstable();
            codes.dedup();
            if self.themes.get(&t.id).is_some_and(|tt| tt.codes == codes) {
                continue;
            }
            changed = true;
            let tt = self.theme_from_codes(codes);
            self.themes.insert(t.id, tt);
        }
        let before = self.themes.len();
        self.themes.retain(|id, _| live.contains(id));
        if changed || before != self.themes.len() {
            self.code_themes.clear();
            let mut ids: Vec<&ThemeId> = self.themes.keys().collect();
            ids.sort_unstable();
            for id in ids {
                for c in &self.themes[id].codes {
                    self.code_themes.entry(*c).or_default().push(*id);
                }
            }
        }
    }

    fn theme_from_codes(&self, codes: Vec<CodeId>) -> ThemeTally {
        let mut tt = ThemeTally::default();
        for ct in codes.iter().filter_map(|c| self.codes.get(c)) {
            tt.codings += ct.codings.len() as u32;
            tt.doc_bits.union_with(&ct.doc_bits);
            tt.speaker_bits.union_with(&ct.speaker_bits);
        }
        tt.documents = tt.doc_bits.count();
        tt.participants = tt.speaker_bits.count_without(&self.interviewer);
        tt.codes = codes;
        tt
    }

    /// Forgets a code that has no codings left (a deleted code).
    pub(super) fn code_removed(&mut self, id: CodeId) {
        if self.codes.get(&id).is_some_and(|c| c.codings.is_empty()) {
            self.codes.remove(&id);
        }
    }

    // --- Reading ---

    /// Counts for a code (zero for an unknown one).
    pub fn code(&self, id: CodeId) -> Evidence {
        self.codes
            .get(&id)
            .map_or_else(Evidence::default, |c| Evidence {
                codings: c.codings.len(),
                documents: c.docs.len(),
                participants: c.participants as usize,
            })
    }

    /// Counts for a code made by one coder.
    pub fn code_by_coder(&self, id: CodeId, coder: CoderId) -> Evidence {
        self.code_for_coders(id, &[coder])
    }

    /// Counts for a code made by any of `coders` (see [`Tally::codes_for_coders`]).
    pub fn code_for_coders(&self, id: CodeId, coders: &[CoderId]) -> Evidence {
        self.codes_for_coders(&[id], coders)
    }

    /// Counts for the codings of any of `codes` made by any of `coders`: codings summed,
    /// documents and participants (interviewers left out) counted once however many of the
    /// codes and coders have them. Costs the documents and speakers of those codes and coders,
    /// not their codings.
    pub fn codes_for_coders(&self, codes: &[CodeId], coders: &[CoderId]) -> Evidence {
        let mine: Vec<&CoderTally> = codes
            .iter()
            .filter_map(|c| self.codes.get(c))
            .flat_map(|c| coders.iter().filter_map(|k| c.by_coder.get(k)))
            .collect();
        let codings = mine.iter().map(|t| t.codings as usize).sum();
        let (documents, participants) = match mine.as_slice() {
            [] => (0, 0),
            [one] => (
                one.docs.len(),
                one.speakers
                    .keys()
                    .filter(|&&s| !self.interviewer.get(s))
                    .count(),
            ),
            many => {
                let mut docs = Bits::default();
                let mut speakers = Bits::default();
                for t in many {
                    t.docs.keys().for_each(|&d| {
                        docs.set(d);
                    });
                    t.speakers.keys().for_each(|&s| {
                        speakers.set(s);
                    });
                }
                (
                    docs.count() as usize,
                    speakers.count_without(&self.interviewer) as usize,
                )
            }
        };
        Evidence {
            codings,
            documents,
            participants,
        }
    }

    /// The coders with codings of a code, and how many each made, in no particular order.
    pub fn code_coders(&self, id: CodeId) -> Vec<(CoderId, usize)> {
        self.codes.get(&id).map_or_else(Vec::new, |c| {
            c.by_coder
                .iter()
                .map(|(k, t)| (*k, t.codings as usize))
                .collect()
        })
    }

    /// Counts for a theme or group, through its closure.
    pub fn theme(&self, id: ThemeId) -> Evidence {
        self.themes
            .get(&id)
            .map_or_else(Evidence::default, |t| Evidence {
                codings: t.codings as usize,
                documents: t.documents as usize,
                participants: t.participants as usize,
            })
    }

    /// The codings of a code, in no particular order.
    pub fn codings_of_code(&self, id: CodeId) -> impl Iterator<Item = CodingId> + '_ {
        self.codes
            .get(&id)
            .into_iter()
            .flat_map(|c| c.codings.iter().copied())
    }

    /// Codings of a document made by any of `coders`.
    pub fn codings_in_document_by(&self, id: DocId, coders: &[CoderId]) -> usize {
        coders
            .iter()
            .filter_map(|k| self.per_doc_coder.get(&(id, *k)))
            .map(|&n| n as usize)
            .sum()
    }

    pub fn codings_by_coder(&self, id: CoderId) -> usize {
        self.per_coder.get(&id).map_or(0, |&n| n as usize)
    }

    /// Codings in which `name` speaks (interviewers included: the caller decides).
    pub fn codings_of_speaker(&self, name: &str) -> usize {
        self.speaker_slot
            .get(name)
            .and_then(|&s| self.per_speaker.get(s as usize))
            .map_or(0, |&n| n as usize)
    }

    /// Documents of a code with the number of its codings in each, in no particular order.
    pub fn code_documents(&self, id: CodeId) -> Vec<(DocId, usize)> {
        self.codes.get(&id).map_or_else(Vec::new, |c| {
            c.docs
                .iter()
                .filter_map(|(&s, &n)| Some((*self.doc_ids.get(s as usize)?, n as usize)))
                .collect()
        })
    }

    /// The participants (not interviewers) who speak in a theme's codings, sorted by name.
    pub fn theme_participants(&self, id: ThemeId) -> Vec<&str> {
        let Some(t) = self.themes.get(&id) else {
            return Vec::new();
        };
        let mut names: Vec<&str> = t
            .speaker_bits
            .iter()
            .filter(|&s| !self.interviewer.get(s))
            .filter_map(|s| self.speaker_names.get(s as usize).map(String::as_str))
            .collect();
        names.sort_unstable();
        names
    }

    /// The participants (not interviewers) who speak in a code's codings, sorted by name.
    pub fn code_participants(&self, id: CodeId) -> Vec<&str> {
        let Some(c) = self.codes.get(&id) else {
            return Vec::new();
        };
        let mut names: Vec<&str> = c
            .speakers
            .keys()
            .filter(|&&s| !self.interviewer.get(s))
            .filter_map(|&s| self.speaker_names.get(s as usize).map(String::as_str))
            .collect();
        names.sort_unstable();
        names
    }
}
