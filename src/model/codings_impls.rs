//! [`Codings`] compared, printed, and built from or turned into plain maps of codings (opening a
//! project builds the per-document lists in one go from the map the file gives).

use super::{BLOCK, Block, Codings, DocList, Entry, Item, hint};
use crate::model::{Coding, CodingId};
use std::collections::BTreeMap;

impl PartialEq for Codings {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Eq for Codings {}

impl std::fmt::Debug for Codings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl FromIterator<(CodingId, Coding)> for Codings {
    /// Later codings replace earlier ones with the same id, as inserting them one by one would.
    fn from_iter<I: IntoIterator<Item = (CodingId, Coding)>>(iter: I) -> Self {
        iter.into_iter().collect::<BTreeMap<_, _>>().into()
    }
}

impl Extend<(CodingId, Coding)> for Codings {
    fn extend<I: IntoIterator<Item = (CodingId, Coding)>>(&mut self, iter: I) {
        for (id, c) in iter {
            self.insert(id, c);
        }
    }
}

impl From<BTreeMap<CodingId, Coding>> for Codings {
    /// Builds the lists in one go (opening a project): each document's codings sorted by start
    /// and cut into blocks, rather than placed one at a time.
    fn from(map: BTreeMap<CodingId, Coding>) -> Self {
        let mut out = Codings::new();
        // Each document's codings as (start, position in id order).
        let mut by_doc: Vec<Vec<(usize, u32)>> = Vec::new();
        for (n, c) in map.values().enumerate() {
            let ix = *out.doc_ix.entry(c.document).or_insert_with(|| {
                by_doc.push(Vec::new());
                by_doc.len() as u32 - 1
            });
            by_doc[ix as usize].push((c.range.start, n as u32));
        }
        let codings: Vec<(CodingId, Coding)> = map.into_iter().collect();
        // Where each coding lands: (document list, block slot, index in the block).
        let mut home: Vec<(u32, u32, u16)> = vec![(0, 0, 0); codings.len()];
        for (ix, mut list) in by_doc.into_iter().enumerate() {
            list.sort_by_key(|&(start, n)| (start, n));
            let mut doc = DocList {
                count: list.len(),
                ..DocList::default()
            };
            if let Some(&(_, n)) = list.first()
                && let Some((_, c)) = codings.get(n as usize)
            {
                doc.doc = c.document;
            }
            for chunk in list.chunks(BLOCK) {
                let slot = doc.blocks.len() as u32;
                let mut items: Vec<Item> = Vec::with_capacity(chunk.len());
                items.extend(chunk.iter().enumerate().filter_map(|(at, &(_, n))| {
                    home[n as usize] = (ix as u32, slot, hint(at));
                    let (id, c) = codings.get(n as usize)?;
                    Some(Item {
                        start: c.range.start as isize,
                        end: c.range.end as isize,
                        id: *id,
                        code: c.code,
                        coder: c.coder,
                    })
                }));
                doc.blocks.push(Block::of(items));
                doc.order.push(slot);
            }
            out.docs.push(doc);
        }
        out.map = codings
            .into_iter()
            .zip(home)
            .map(|((id, c), (list, block, at))| {
                (
                    id,
                    Entry {
                        created: c.created,
                        start: c.range.start as isize,
                        list,
                        block,
                        at,
                    },
                )
            })
            .collect();
        out
    }
}

impl IntoIterator for Codings {
    type Item = (CodingId, Coding);
    type IntoIter = std::collections::btree_map::IntoIter<CodingId, Coding>;
    fn into_iter(self) -> Self::IntoIter {
        self.to_map().into_iter()
    }
}

impl<'a> IntoIterator for &'a Codings {
    type Item = (&'a CodingId, Coding);
    type IntoIter = Box<dyn Iterator<Item = (&'a CodingId, Coding)> + 'a>;
    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}
