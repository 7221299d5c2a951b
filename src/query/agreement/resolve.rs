//! Resolving a disagreement: the consensus coder's codings within the unit become those of coder
//! A, of coder B, of both, or none. Each resolution is one undoable edit (a batch) that only adds
//! and removes codings of the consensus coder (created if the project does not know them yet), so
//! the compared coders' work stays as it was for the record.
//!
//! Within the unit, the consensus coder gets the chosen coders' codings of the compared codes
//! clipped to the unit (overlapping passages of one code joined into one). Their earlier codings
//! of the compared codes that overlap the unit are replaced; any part of those lying outside the
//! unit is kept as a coding of its own.

use crate::edit::{Edit, ops};
use crate::model::{CodeId, CoderId, Coding, CodingId, DocId, Project, TextRange, Timestamp};

/// How a disagreement is settled.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Resolution {
    AcceptA,
    AcceptB,
    Both,
    Neither,
}

impl Resolution {
    pub const ALL: [Resolution; 4] = [
        Resolution::AcceptA,
        Resolution::AcceptB,
        Resolution::Both,
        Resolution::Neither,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Resolution::AcceptA => "Accept A",
            Resolution::AcceptB => "Accept B",
            Resolution::Both => "Both",
            Resolution::Neither => "Neither",
        }
    }
}

/// Why a resolution cannot be made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResolveError {
    NoConsensusName,
    /// The consensus coder is one of the compared coders (their work must stay untouched).
    ConsensusIsCompared(String),
    NoDocument,
}

impl std::fmt::Display for ResolveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ResolveError::NoConsensusName => {
                write!(f, "type the name of the consensus coder first")
            }
            ResolveError::ConsensusIsCompared(n) => write!(
                f,
                "{n} is one of the coders being compared; choose another name for the consensus \
                 coder so that the original codings stay as they were"
            ),
            ResolveError::NoDocument => write!(f, "the document is no longer in the project"),
        }
    }
}

/// Passages of `coder` with one of `codes` in `doc`, clipped to `unit`, by code (joined where
/// they overlap or touch).
fn clipped(
    project: &Project,
    doc: DocId,
    unit: TextRange,
    coder: CoderId,
    codes: &[CodeId],
) -> Vec<(CodeId, TextRange)> {
    let mut out: Vec<(CodeId, TextRange)> = project
        .codings_in(doc)
        .into_iter()
        .filter(|c| c.coder == coder && codes.contains(&c.code))
        .filter_map(|c| {
            let a = c.range.start.max(unit.start);
            let b = c.range.end.min(unit.end);
            (a < b).then(|| (c.code, TextRange::new(a, b)))
        })
        .collect();
    join(&mut out);
    out
}

/// Sorts by code and start and joins overlapping or touching passages of one code.
fn join(list: &mut Vec<(CodeId, TextRange)>) {
    list.sort_by_key(|(c, r)| (*c, r.start, r.end));
    let mut out: Vec<(CodeId, TextRange)> = Vec::with_capacity(list.len());
    for (c, r) in list.drain(..) {
        match out.last_mut() {
            Some((lc, lr)) if *lc == c && r.start <= lr.end => lr.end = lr.end.max(r.end),
            _ => out.push((c, r)),
        }
    }
    *list = out;
}

/// What the consensus coder applied within the unit, as [`clipped`] gives it.
pub fn consensus_within(
    project: &Project,
    doc: DocId,
    unit: TextRange,
    consensus: &str,
    codes: &[CodeId],
) -> Option<Vec<(CodeId, TextRange)>> {
    let k = project.coder_by_name(consensus.trim())?;
    Some(clipped(project, doc, unit, k.id, codes))
}

/// The edit that settles the unit `unit` of `doc` as `how` says, with `a` and `b` the compared
/// coders, `codes` the compared codes and `consensus` the consensus coder's name. `Ok(None)`:
/// the consensus coder already has exactly that.
pub fn resolve(
    project: &Project,
    doc: DocId,
    unit: TextRange,
    (a, b): (CoderId, CoderId),
    codes: &[CodeId],
    consensus: &str,
    how: Resolution,
) -> Result<Option<Edit>, ResolveError> {
    let name = consensus.trim();
    if name.is_empty() {
        return Err(ResolveError::NoConsensusName);
    }
    if project.document(doc).is_none() {
        return Err(ResolveError::NoDocument);
    }
    if let Some(k) = project.coder_by_name(name)
        && (k.id == a || k.id == b)
    {
        return Err(ResolveError::ConsensusIsCompared(k.name.clone()));
    }
    let mut want = match how {
        Resolution::AcceptA => clipped(project, doc, unit, a, codes),
        Resolution::AcceptB => clipped(project, doc, unit, b, codes),
        Resolution::Both => {
            let mut v = clipped(project, doc, unit, a, codes);
            v.extend(clipped(project, doc, unit, b, codes));
            v
        }
        Resolution::Neither => Vec::new(),
    };
    join(&mut want);
    let (coder, add_coder) = ops::ensure_coder(project, name);
    if add_coder.is_none() && clipped(project, doc, unit, coder, codes) == want {
        return Ok(None);
    }
    let mut edits: Vec<Edit> = add_coder.into_iter().collect();
    let now = Timestamp::now();
    let new = |code: CodeId, range: TextRange| {
        Edit::AddCoding(Coding {
            id: CodingId::new(),
            document: doc,
            code,
            range,
            coder,
            created: now,
        })
    };
    // The consensus coder's overlapping codings go; their parts outside the unit stay.
    for c in project.codings_in(doc) {
        if c.coder != coder || !codes.contains(&c.code) || !c.range.overlaps(&unit) {
            continue;
        }
        for t in project
            .themes
            .iter()
            .filter(|t| t.exemplars.contains(&c.id))
        {
            edits.push(Edit::RemoveExemplar {
                theme: t.id,
                coding: c.id,
            });
        }
        edits.push(Edit::RemoveCoding(c.id));
        if c.range.start < unit.start {
            edits.push(new(c.code, TextRange::new(c.range.start, unit.start)));
        }
        if c.range.end > unit.end {
            edits.push(new(c.code, TextRange::new(unit.end, c.range.end)));
        }
    }
    edits.extend(want.into_iter().map(|(code, range)| new(code, range)));
    Ok(Some(Edit::Batch(edits)))
}
