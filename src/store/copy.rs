//! The copy of a project a save hands to the save thread. The documents are shared, not copied;
//! the codings, which at 100,000 codings would take a copy of their map of about 11 MB while the
//! file is written, are packed into 40 bytes each, the ids of their documents, codes and coders
//! kept once in side tables. The file written from it is the one the project itself would give.

use crate::model::{CodeId, CoderId, Coding, CodingId, DocId, Project, TextRange, Timestamp};
use rustc_hash::FxHashMap;
use std::hash::Hash;

/// A project as a save writes it (see the module documentation).
pub struct SaveCopy {
    /// The project, without its codings when they are packed.
    pub(super) project: Project,
    pub(super) packed: Option<Packed>,
}

impl SaveCopy {
    /// The copy of `project` for a save on another thread.
    pub fn of(project: &Project) -> Self {
        match Packed::of(project) {
            Some(packed) => Self {
                project: project.snapshot_without_codings(),
                packed: Some(packed),
            },
            // An offset past 4 GB (no transcript is that long), or more codes or coders than
            // the rows number: the codings are copied whole.
            None => Self {
                project: project.snapshot(),
                packed: None,
            },
        }
    }

    /// The project's data but for the codings when they are packed (its trail is whole).
    pub fn project(&self) -> &Project {
        &self.project
    }

    /// The packed codings, if they are (else they are in [`Self::project`]).
    pub(super) fn packed(&self) -> Option<&Packed> {
        self.packed.as_ref()
    }
}

/// One coding packed: its own id and time, its range, and where its document, code and coder
/// are in the side tables.
struct Row {
    id: CodingId,
    created: i64,
    start: u32,
    end: u32,
    document: u32,
    code: u16,
    coder: u16,
}

/// Codings in id order, packed (see [`Row`]).
pub(crate) struct Packed {
    documents: Vec<DocId>,
    codes: Vec<CodeId>,
    coders: Vec<CoderId>,
    rows: Vec<Row>,
}

/// Numbers the ids met, in the order met.
struct Table<K> {
    index: FxHashMap<K, u32>,
    ids: Vec<K>,
}

impl<K: Copy + Eq + Hash> Table<K> {
    fn new() -> Self {
        Self {
            index: FxHashMap::default(),
            ids: Vec::new(),
        }
    }

    fn slot(&mut self, id: K) -> Option<u32> {
        if let Some(&i) = self.index.get(&id) {
            return Some(i);
        }
        let i = u32::try_from(self.ids.len()).ok()?;
        self.ids.push(id);
        self.index.insert(id, i);
        Some(i)
    }
}

impl Packed {
    /// `None` when an offset does not fit 32 bits, or there are over 65,536 codes or coders.
    pub(super) fn of(project: &Project) -> Option<Self> {
        let mut documents = Table::new();
        let mut codes = Table::new();
        let mut coders = Table::new();
        // The project's own lists first: their few ids are then found at once.
        for d in &project.documents {
            documents.slot(d.id)?;
        }
        for c in &project.codes {
            codes.slot(c.id)?;
        }
        for c in &project.coders {
            coders.slot(c.id)?;
        }
        let mut rows = Vec::with_capacity(project.codings.len());
        for c in project.codings.values() {
            rows.push(Row {
                id: c.id,
                created: c.created.0,
                start: u32::try_from(c.range.start).ok()?,
                end: u32::try_from(c.range.end).ok()?,
                document: documents.slot(c.document)?,
                code: u16::try_from(codes.slot(c.code)?).ok()?,
                coder: u16::try_from(coders.slot(c.coder)?).ok()?,
            });
        }
        Some(Self {
            documents: documents.ids,
            codes: codes.ids,
            coders: coders.ids,
            rows,
        })
    }

    #[cfg(test)]
    pub(super) fn len(&self) -> usize {
        self.rows.len()
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = Coding> + '_ {
        // Every slot was handed out by the tables, so each lookup finds its id.
        self.rows.iter().filter_map(|r| {
            Some(Coding {
                id: r.id,
                document: *self.documents.get(r.document as usize)?,
                code: *self.codes.get(r.code as usize)?,
                range: TextRange::new(r.start as usize, r.end as usize),
                coder: *self.coders.get(r.coder as usize)?,
                created: Timestamp(r.created),
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::TrailPart;
    use super::super::layout::write_into;
    use super::*;
    use crate::testing;

    /// A save from the packed copy writes the same file as one from the project itself, and its
    /// codings are the project's, in the same order.
    #[test]
    fn the_packed_copy_writes_the_projects_file() {
        let p = testing::fixture();
        assert!(!p.codings.is_empty());
        let copy = SaveCopy::of(&p);
        let Some(packed) = copy.packed() else {
            panic!("the fixture's codings pack");
        };
        assert!(copy.project().codings.is_empty());
        assert_eq!(packed.len(), p.codings.len());
        let want: Vec<Coding> = p.codings.values().collect();
        assert_eq!(packed.iter().collect::<Vec<_>>(), want);
        for part in [TrailPart::Window, TrailPart::All] {
            let (mut a, mut b) = (String::new(), String::new());
            write_into(&mut a, &p, None, 3, part).unwrap_or_else(|e| panic!("{e}"));
            write_into(&mut b, copy.project(), Some(packed), 3, part)
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(a, b);
        }
    }

    /// An offset that does not fit the rows leaves the codings unpacked, in the copy's project.
    #[test]
    fn an_offset_past_four_gigabytes_copies_the_codings_whole() {
        let mut p = testing::fixture();
        let Some(first) = p.codings.keys().next().copied() else {
            panic!("no codings");
        };
        assert!(p.codings.update(&first, |c| {
            c.range = TextRange::new(5_000_000_000, 5_000_000_001);
        }));
        let copy = SaveCopy::of(&p);
        assert!(copy.packed().is_none());
        assert_eq!(copy.project().codings, p.codings);
    }

    /// Codings naming a document, code or coder the project does not list (a damaged file
    /// opened for repair) keep those ids.
    #[test]
    fn ids_not_in_the_lists_are_kept() {
        let mut p = testing::fixture();
        let Some(first) = p.codings.keys().next().copied() else {
            panic!("no codings");
        };
        assert!(p.codings.update(&first, |c| {
            c.code = CodeId::new();
            c.coder = CoderId::new();
        }));
        let Some(packed) = Packed::of(&p) else {
            panic!("packs");
        };
        let want: Vec<Coding> = p.codings.values().collect();
        assert_eq!(packed.iter().collect::<Vec<_>>(), want);
    }
}
