//! Inter-coder agreement: for chosen coders, documents, codes and a unit (speaker turn, sentence
//! or character), per code and overall: the number of units, percentage agreement, Cohen's kappa
//! (two coders), Krippendorff's alpha (nominal, any number of coders, missing data allowed) and
//! the units coded by A only, by B only and by both; and every unit where the coders differ.
//!
//! How units are made and read (the README's "Agreement between coders" says the same):
//! - A coder has coded a document when they made at least one coding in it (with any code).
//!   A document a coder has not coded is missing data for that coder: its units are left out
//!   of that coder's figures (kappa and A/B counts use the units of documents both coded; alpha
//!   uses every unit at least two coders coded).
//! - Turn: every non-empty speaker turn. Sentence: every sentence of a turn, as Unicode sentence
//!   boundaries (UAX #29) cut it, whitespace-only pieces left out. A coder applied a code to a
//!   turn or sentence when one of their codings with that code overlaps it by at least a byte.
//! - Character: only characters that at least one of the chosen coders coded with some code of
//!   the compared set (uncoded text would inflate agreement); a character is one Unicode scalar
//!   value of a turn's text (the line breaks between turns are not characters of any turn).
//! - Per code, each unit is a yes/no decision per coder. Overall: percent is the share of units
//!   on which the coders applied exactly the same set of compared codes; kappa, alpha and the
//!   A/B counts pool every unit-and-code decision of all compared codes.
//!
//! Everything here is a pure function of the project, so it runs on a copy off the UI thread.

pub mod cli;
mod resolve;
pub mod sentences;
pub mod stats;
#[cfg(test)]
mod tests;

use crate::model::{CodeId, CoderId, Coding, DocId, Document, Project, TextRange};
pub use resolve::{Resolution, ResolveError, consensus_within, resolve};
use stats::Binary;
use std::collections::BTreeMap;

/// What counts as one unit of comparison.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Hash)]
pub enum Unit {
    /// A speaker turn (paragraph).
    #[default]
    Turn,
    /// A sentence within a turn.
    Sentence,
    /// A character that someone coded.
    Char,
}

impl Unit {
    pub const ALL: [Unit; 3] = [Unit::Turn, Unit::Sentence, Unit::Char];

    /// The name on the command line (`turn`, `sentence`, `char`).
    pub fn key(self) -> &'static str {
        match self {
            Unit::Turn => "turn",
            Unit::Sentence => "sentence",
            Unit::Char => "char",
        }
    }

    /// The name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Unit::Turn => "Speaker turn",
            Unit::Sentence => "Sentence",
            Unit::Char => "Character",
        }
    }

    pub fn parse(s: &str) -> Option<Unit> {
        match s.trim().to_ascii_lowercase().as_str() {
            "turn" | "turns" | "paragraph" | "paragraphs" => Some(Unit::Turn),
            "sentence" | "sentences" => Some(Unit::Sentence),
            "char" | "chars" | "character" | "characters" => Some(Unit::Char),
            _ => None,
        }
    }

    /// The rule for what is counted, for the table's caption.
    pub fn caption(self) -> &'static str {
        match self {
            Unit::Turn => {
                "Units: every non-empty speaker turn of the documents; a code counts as applied to \
                 a turn when a coding with it overlaps the turn."
            }
            Unit::Sentence => {
                "Units: every sentence (Unicode sentence boundaries) of every turn; a code counts \
                 as applied to a sentence when a coding with it overlaps the sentence."
            }
            Unit::Char => {
                "Units: only characters that at least one of these coders coded with some code \
                 of the compared set; text nobody coded is not counted."
            }
        }
    }
}

/// What to compare.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Request {
    /// Two or more coders; the first is A, the second B.
    pub coders: Vec<CoderId>,
    pub documents: Vec<DocId>,
    pub codes: Vec<CodeId>,
    pub unit: Unit,
}

/// The figures for one code, or overall.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Figures {
    /// Pairable units: coded by at least two of the coders (characters, for the character unit).
    pub units: u64,
    /// Percentage agreement (0-100).
    pub percent: Option<f64>,
    /// Cohen's kappa between A and B (`None` with more than two coders, or undefined).
    pub kappa: Option<f64>,
    /// Krippendorff's alpha, nominal, over all coders (`None` when undefined).
    pub alpha: Option<f64>,
    /// Units A applied the code to and B did not (both coded the document).
    pub a_only: u64,
    pub b_only: u64,
    pub both: u64,
}

impl Figures {
    fn from_binary(b: &Binary, coders: usize) -> Self {
        Figures {
            units: b.units(),
            percent: b.percent(),
            kappa: if coders == 2 { b.kappa() } else { None },
            alpha: b.alpha(),
            a_only: b.pair[1][0],
            b_only: b.pair[0][1],
            both: b.pair[1][1],
        }
    }
}

/// A unit (or, for characters, a run of characters) where the coders applied different sets of
/// compared codes.
#[derive(Clone, Debug, PartialEq)]
pub struct Disagreement {
    pub document: DocId,
    /// The unit's text range in the document.
    pub range: TextRange,
    /// The turn (0-based) the unit starts in.
    pub turn: usize,
    /// For each requested coder (in request order): `None` if they have not coded the document,
    /// else the compared codes they applied to the unit, in the request's code order.
    pub codes: Vec<Option<Vec<CodeId>>>,
}

impl Disagreement {
    /// Does the disagreement involve `code` (some coder applied it and another did not)?
    pub fn involves(&self, code: CodeId) -> bool {
        let mut has = false;
        let mut lacks = false;
        for c in self.codes.iter().flatten() {
            if c.contains(&code) {
                has = true;
            } else {
                lacks = true;
            }
        }
        has && lacks
    }
}

/// The agreement table and the disagreements behind it.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Table {
    pub unit: Unit,
    pub coders: Vec<CoderId>,
    /// One row per compared code, in request order.
    pub rows: Vec<(CodeId, Figures)>,
    pub overall: Figures,
    pub disagreements: Vec<Disagreement>,
    /// Documents in which at least two of the coders coded.
    pub documents_compared: usize,
}

/// Why a request cannot be computed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    TooFewCoders,
    NoCodes,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::TooFewCoders => write!(f, "choose at least two coders to compare"),
            Problem::NoCodes => write!(f, "choose at least one code to compare"),
        }
    }
}

/// One unit as the tallying sees it: its range and weight, and the (coder, code) pairs applied.
struct Pending {
    range: TextRange,
    turn: usize,
    weight: u64,
    applied: Vec<(u16, u32)>,
}

struct Acc {
    coders: usize,
    codes: Vec<Binary>,
    /// Pairable units by number of coders (to derive each code's "nobody applied it" count).
    by_m: Vec<u64>,
    /// Units both A and B coded.
    ab: u64,
    /// Units on which every coder applied the same set, and all pairable units.
    same: u64,
    units: u64,
    disagreements: Vec<Disagreement>,
}

impl Acc {
    fn unit(&mut self, doc: DocId, present: &[bool], u: &mut Pending, code_ids: &[CodeId]) {
        let m = present.iter().filter(|p| **p).count();
        if m < 2 || u.weight == 0 {
            return;
        }
        u.applied.sort_unstable();
        u.applied.dedup();
        let w = u.weight;
        self.units += w;
        if let Some(n) = self.by_m.get_mut(m) {
            *n += w;
        }
        let both_ab = present.first() == Some(&true) && present.get(1) == Some(&true);
        if both_ab {
            self.ab += w;
        }
        if u.applied.is_empty() {
            // Nobody applied a compared code: every coder agrees, on every code.
            self.same += w;
            return;
        }
        // Per code: how many coders applied it, and whether A and B did.
        let mut by_code: Vec<(u32, usize, bool, bool)> = Vec::new();
        for &(coder, code) in &u.applied {
            let at = match by_code.iter().position(|x| x.0 == code) {
                Some(i) => i,
                None => {
                    by_code.push((code, 0, false, false));
                    by_code.len() - 1
                }
            };
            let e = &mut by_code[at];
            e.1 += 1;
            e.2 |= coder == 0;
            e.3 |= coder == 1;
        }
        for &(code, c, a, b) in &by_code {
            let Some(bin) = self.codes.get_mut(code as usize) else {
                continue;
            };
            bin.add(m, c, w);
            if both_ab {
                bin.pair[usize::from(a)][usize::from(b)] += w;
            }
        }
        // Same set for every coder who coded the document?
        let set_of =
            |k: u16| -> Vec<u32> { u.applied.iter().filter(|x| x.0 == k).map(|x| x.1).collect() };
        let first = present.iter().position(|p| *p).unwrap_or(0) as u16;
        let first_set = set_of(first);
        let same = (0..self.coders as u16)
            .filter(|&k| present[k as usize])
            .all(|k| set_of(k) == first_set);
        if same {
            self.same += w;
        } else {
            let codes = (0..self.coders as u16)
                .map(|k| {
                    present[k as usize].then(|| {
                        set_of(k)
                            .into_iter()
                            .filter_map(|i| code_ids.get(i as usize).copied())
                            .collect()
                    })
                })
                .collect();
            self.disagreements.push(Disagreement {
                document: doc,
                range: u.range,
                turn: u.turn,
                codes,
            });
        }
    }

    fn finish(mut self, request: &Request, documents_compared: usize) -> Table {
        let coders = self.coders;
        // Units where nobody applied a code, and A/B "neither", from the totals.
        for bin in &mut self.codes {
            for (m, row) in bin.hist.iter_mut().enumerate().skip(2) {
                let applied: u64 = row.iter().skip(1).sum();
                if let Some(zero) = row.first_mut() {
                    *zero = self
                        .by_m
                        .get(m)
                        .copied()
                        .unwrap_or(0)
                        .saturating_sub(applied);
                }
            }
            let some = bin.pair[0][1] + bin.pair[1][0] + bin.pair[1][1];
            bin.pair[0][0] = self.ab.saturating_sub(some);
        }
        let mut pooled = Binary::new(coders);
        for bin in &self.codes {
            pooled.absorb(bin);
        }
        let mut overall = Figures::from_binary(&pooled, coders);
        overall.units = self.units;
        overall.percent = (self.units > 0).then(|| 100.0 * self.same as f64 / self.units as f64);
        let rows = request
            .codes
            .iter()
            .zip(&self.codes)
            .map(|(id, bin)| (*id, Figures::from_binary(bin, coders)))
            .collect();
        Table {
            unit: request.unit,
            coders: request.coders.clone(),
            rows,
            overall,
            disagreements: self.disagreements,
            documents_compared,
        }
    }
}

/// Computes the table. `progress(done, total)` is called after each document; returning `false`
/// stops the work (the result is then `None`).
pub fn compute(
    project: &Project,
    request: &Request,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<Option<Table>, Problem> {
    let mut coders: Vec<CoderId> = Vec::new();
    for c in &request.coders {
        if !coders.contains(c) {
            coders.push(*c);
        }
    }
    if coders.len() < 2 {
        return Err(Problem::TooFewCoders);
    }
    if request.codes.is_empty() {
        return Err(Problem::NoCodes);
    }
    let code_ix: BTreeMap<CodeId, u32> = request
        .codes
        .iter()
        .enumerate()
        .map(|(i, c)| (*c, i as u32))
        .collect();
    let coder_ix = |c: CoderId| coders.iter().position(|x| *x == c).map(|i| i as u16);
    // The chosen coders' codings, by document, in one pass over the project.
    let wanted: std::collections::BTreeSet<DocId> = request.documents.iter().copied().collect();
    let mut by_doc: BTreeMap<DocId, Vec<Coding>> = BTreeMap::new();
    for c in project.codings.values() {
        if wanted.contains(&c.document) && coder_ix(c.coder).is_some() {
            by_doc.entry(c.document).or_default().push(c);
        }
    }
    let mut acc = Acc {
        coders: coders.len(),
        codes: vec![Binary::new(coders.len()); request.codes.len()],
        by_m: vec![0; coders.len() + 1],
        ab: 0,
        same: 0,
        units: 0,
        disagreements: Vec::new(),
    };
    let mut documents_compared = 0;
    let mut terms = sentences::Terminators::default();
    let total = request.documents.len();
    for (done, id) in request.documents.iter().enumerate() {
        if let (Some(doc), Some(codings)) = (project.document(*id), by_doc.get(id)) {
            let mut present = vec![false; coders.len()];
            // (coder, code, range) of the compared codes.
            let mut applied: Vec<(u16, u32, TextRange)> = Vec::new();
            for c in codings {
                let Some(k) = coder_ix(c.coder) else { continue };
                present[k as usize] = true;
                if let Some(&code) = code_ix.get(&c.code)
                    && !c.range.is_empty()
                {
                    applied.push((k, code, c.range));
                }
            }
            if present.iter().filter(|p| **p).count() >= 2 {
                documents_compared += 1;
                match request.unit {
                    Unit::Turn | Unit::Sentence => {
                        let units = units_with(doc, request.unit, &mut terms);
                        ranged(&mut acc, doc.id, &present, &units, &applied, &request.codes);
                    }
                    Unit::Char => chars(&mut acc, doc, &present, &applied, &request.codes),
                }
            }
        }
        if !progress(done + 1, total) {
            return Ok(None);
        }
    }
    Ok(Some(acc.finish(request, documents_compared)))
}

/// The turn or sentence units of a document: (range, turn), in text order, not overlapping.
pub fn units_of(doc: &Document, unit: Unit) -> Vec<(TextRange, usize)> {
    units_with(doc, unit, &mut sentences::Terminators::default())
}

/// [`units_of`] with a memory of which characters end sentences, kept across documents.
fn units_with(
    doc: &Document,
    unit: Unit,
    terms: &mut sentences::Terminators,
) -> Vec<(TextRange, usize)> {
    let mut out = Vec::new();
    for (i, (t, &start)) in doc.turns().iter().zip(doc.turn_starts()).enumerate() {
        if t.text.is_empty() {
            continue;
        }
        match unit {
            Unit::Sentence => {
                let cuts = sentences::breaks(&t.text, terms);
                let mut from = 0;
                for to in cuts.into_iter().chain([t.text.len()]) {
                    let s = t.text.get(from..to).unwrap_or("");
                    if !s.trim().is_empty() {
                        out.push((TextRange::new(start + from, start + to), i));
                    }
                    from = to;
                }
            }
            _ => out.push((TextRange::new(start, start + t.text.len()), i)),
        }
    }
    out
}

/// Tallies the turn or sentence units of one document.
fn ranged(
    acc: &mut Acc,
    doc: DocId,
    present: &[bool],
    units: &[(TextRange, usize)],
    applied: &[(u16, u32, TextRange)],
    code_ids: &[CodeId],
) {
    let mut per_unit: Vec<Vec<(u16, u32)>> = vec![Vec::new(); units.len()];
    for &(k, code, r) in applied {
        let first = units.partition_point(|(u, _)| u.end <= r.start);
        for (i, (u, _)) in units.iter().enumerate().skip(first) {
            if u.start >= r.end {
                break;
            }
            if let Some(list) = per_unit.get_mut(i) {
                list.push((k, code));
            }
        }
    }
    for ((range, turn), list) in units.iter().zip(per_unit) {
        let mut p = Pending {
            range: *range,
            turn: *turn,
            weight: 1,
            applied: list,
        };
        acc.unit(doc, present, &mut p, code_ids);
    }
}

/// A run of characters with one set of (coder, code) pairs: range, turn, set, characters.
type Run = (TextRange, usize, Vec<(u16, u32)>, u64);

/// Tallies the coded characters of one document: a sweep over the codings' ends (clipped to each
/// turn's text) gives runs of characters with one set of (coder, code) pairs each; runs next to
/// each other with the same set are one disagreement.
fn chars(
    acc: &mut Acc,
    doc: &Document,
    present: &[bool],
    applied: &[(u16, u32, TextRange)],
    code_ids: &[CodeId],
) {
    let turns = doc.turns();
    let starts = doc.turn_starts();
    // (offset, +1 start / -1 end, pair index)
    let mut pairs: Vec<(u16, u32)> = applied.iter().map(|a| (a.0, a.1)).collect();
    pairs.sort_unstable();
    pairs.dedup();
    let mut events: Vec<(usize, i32, usize)> = Vec::new();
    for &(k, code, r) in applied {
        let Ok(pi) = pairs.binary_search(&(k, code)) else {
            continue;
        };
        for i in doc.turns_overlapping(r) {
            let (Some(t), Some(&s)) = (turns.get(i), starts.get(i)) else {
                continue;
            };
            let a = r.start.max(s);
            let b = r.end.min(s + t.text.len());
            if a < b {
                events.push((a, 1, pi));
                events.push((b, -1, pi));
            }
        }
    }
    events.sort_unstable();
    let mut active = vec![0i32; pairs.len()];
    let mut open: Vec<usize> = Vec::new();
    // The run being built: range, turn, set, characters.
    let mut run: Option<Run> = None;
    let flush = |acc: &mut Acc, run: &mut Option<Run>| {
        if let Some((range, turn, set, weight)) = run.take() {
            let mut p = Pending {
                range,
                turn,
                weight,
                applied: set,
            };
            acc.unit(doc.id, present, &mut p, code_ids);
        }
    };
    let mut i = 0;
    while i < events.len() {
        let at = events[i].0;
        while let Some(&(pos, delta, pi)) = events.get(i)
            && pos == at
        {
            if let Some(n) = active.get_mut(pi) {
                *n += delta;
                if delta > 0 && *n == 1 {
                    open.push(pi);
                }
            }
            i += 1;
        }
        open.retain(|&pi| active.get(pi).is_some_and(|n| *n > 0));
        let Some(&(next, _, _)) = events.get(i) else {
            break;
        };
        if open.is_empty() || next <= at {
            flush(acc, &mut run);
            continue;
        }
        let Some((turn, local)) = doc.locate(at) else {
            continue;
        };
        let text = turns.get(turn).map_or("", |t| t.text.as_str());
        let weight = text
            .get(local..local + (next - at))
            .map_or(0, |s| s.chars().count() as u64);
        let mut set: Vec<(u16, u32)> = open
            .iter()
            .filter_map(|&pi| pairs.get(pi).copied())
            .collect();
        set.sort_unstable();
        match &mut run {
            Some((range, t, s, w)) if range.end == at && *t == turn && *s == set => {
                range.end = next;
                *w += weight;
            }
            _ => {
                flush(acc, &mut run);
                run = Some((TextRange::new(at, next), turn, set, weight));
            }
        }
    }
    flush(acc, &mut run);
}

/// The request for every code and document of the project, for the given coders and unit.
pub fn whole_project(project: &Project, coders: Vec<CoderId>, unit: Unit) -> Request {
    Request {
        coders,
        documents: project.documents.iter().map(|d| d.id).collect(),
        codes: project.codes.iter().map(|c| c.id).collect(),
        unit,
    }
}
