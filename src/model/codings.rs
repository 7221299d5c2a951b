//! The project's codings: a map by id whose ranges a text edit moves without visiting them.
//!
//! Typing one character at the start of a transcript moves every coding after it. Held as plain
//! absolute offsets, that is a pass over all the document's codings per keystroke. Here each
//! document keeps its codings in start order, in blocks of about [`BLOCK`], and each block holds a
//! pending offset that applies to all its codings: [`Codings::shift`] adds the change to whole
//! blocks and rewrites only the codings of the one block that straddles the edit. A coding's
//! stored offsets are relative to its block's offset, so reads return a [`Coding`] by value, its
//! range worked out on the way (`stored + pending`).
//!
//! The map by id keeps the id order that the file, merges and exports rely on; the per-document
//! lists give a document's codings in text order ([`Codings::in_document`]) and those near a
//! passage ([`Codings::touching`]) without a scan of the project. Serialisation is unchanged: the
//! file holds absolute ranges, as before.

use super::{CodeId, CoderId, Coding, CodingId, DocCoding, DocId, TextRange, Timestamp};
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Codings per block, about: a block is split when it holds twice as many and merged with the
/// next when it holds a quarter.
pub const BLOCK: usize = 64;

/// A coding as the map by id holds it: where its item is (its list, its block, and its start
/// relative to the block's offset, to find it there by binary search) and what only the map
/// keeps. Its document, code, coder and end are in the item: at 100,000 codings, keeping them
/// twice would take about 6 MB more.
#[derive(Clone, Copy, Debug)]
struct Entry {
    created: Timestamp,
    start: isize,
    /// The index of its document's list, and the slot of its block there.
    list: u32,
    block: u32,
    /// Its index in the block when it was put there: a hint, stale once a coding before it
    /// comes or goes (then the start finds it). Reading every coding in id order (saving,
    /// validating, counting) visits the blocks at random; without the hint each read is a
    /// binary search over memory not in the cache (saving 100,000 codings took 120 ms longer).
    at: u16,
}

/// The index in `items` of coding `id`, whose entry is `e`.
fn find_in(items: &[Item], id: CodingId, e: &Entry) -> Option<usize> {
    if items.get(e.at as usize).is_some_and(|i| i.id == id) {
        return Some(e.at as usize);
    }
    let from = items.partition_point(|i| i.start < e.start);
    items
        .get(from..)?
        .iter()
        .position(|i| i.id == id)
        .map(|n| n + from)
}

fn hint(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}

/// A coding as its block holds it (what a document's list needs, side by side in memory).
#[derive(Clone, Copy, Debug)]
struct Item {
    start: isize,
    end: isize,
    id: CodingId,
    code: CodeId,
    coder: CoderId,
}

#[derive(Clone, Debug, Default)]
struct Block {
    /// Added to every offset stored in the block.
    delta: isize,
    /// At least the largest stored end in the block (an upper bound: removals leave it).
    max_end: isize,
    /// In start order; shared between copies of the project (the copy a save hands to its
    /// thread copies no coding) until one of them changes the block.
    items: Arc<Vec<Item>>,
}

impl Block {
    /// A block holding `items` (in start order) at offset 0.
    fn of(items: Vec<Item>) -> Self {
        let mut block = Block {
            delta: 0,
            max_end: isize::MIN,
            items: Arc::new(items),
        };
        block.recompute_max_end();
        block
    }

    fn first_start(&self) -> isize {
        self.items
            .first()
            .map_or(isize::MIN, |i| i.start + self.delta)
    }

    fn last_start(&self) -> isize {
        self.items
            .last()
            .map_or(isize::MIN, |i| i.start + self.delta)
    }

    fn recompute_max_end(&mut self) {
        self.max_end = self.items.iter().map(|i| i.end).max().unwrap_or(isize::MIN);
    }
}

/// One document's codings: blocks (stable slots, so a coding's entry can name its block) and
/// their order in the text.
#[derive(Clone, Debug, Default)]
struct DocList {
    doc: DocId,
    blocks: Vec<Block>,
    /// Slots of `blocks` in text order; every block listed holds at least one coding.
    order: Vec<u32>,
    free: Vec<u32>,
    count: usize,
}

impl DocList {
    fn block(&self, slot: u32) -> Option<&Block> {
        self.blocks.get(slot as usize)
    }

    /// An empty list for `doc`.
    fn empty(doc: DocId) -> Self {
        Self {
            doc,
            ..Self::default()
        }
    }

    fn new_block(&mut self, delta: isize) -> u32 {
        let b = Block {
            delta,
            max_end: isize::MIN,
            items: Arc::default(),
        };
        match self.free.pop() {
            Some(s) => {
                if let Some(slot) = self.blocks.get_mut(s as usize) {
                    *slot = b;
                }
                s
            }
            None => {
                self.blocks.push(b);
                self.blocks.len() as u32 - 1
            }
        }
    }

    /// Position in `order` of the block a coding starting at `start` goes into.
    fn block_for(&self, start: isize) -> usize {
        let blocks = &self.blocks;
        self.order
            .partition_point(|&s| {
                blocks
                    .get(s as usize)
                    .is_some_and(|b| b.first_start() <= start)
            })
            .saturating_sub(1)
    }
}

/// The project's codings by id; see the module documentation.
#[derive(Clone, Default)]
pub struct Codings {
    map: BTreeMap<CodingId, Entry>,
    /// Each document's list, at a dense index its codings' entries name (reading a coding's
    /// block offset is then two indexed loads, not a hash probe). A list emptied stays, empty.
    docs: Vec<DocList>,
    doc_ix: FxHashMap<DocId, u32>,
}

fn abs(x: isize) -> usize {
    usize::try_from(x).unwrap_or(0)
}

fn rel(x: usize, delta: isize) -> isize {
    (x as isize).wrapping_sub(delta)
}

impl Codings {
    pub fn new() -> Self {
        Self::default()
    }

    fn doc_list_ix(&self, doc: DocId) -> Option<usize> {
        self.doc_ix.get(&doc).map(|&ix| ix as usize)
    }

    fn doc_list(&self, doc: DocId) -> Option<&DocList> {
        self.doc_list_ix(doc).and_then(|ix| self.docs.get(ix))
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    pub fn contains_key(&self, id: &CodingId) -> bool {
        self.map.contains_key(id)
    }

    /// The item of coding `id` (whose entry is `e`), with its list and block.
    fn item_of(&self, id: CodingId, e: &Entry) -> Option<(&DocList, &Block, &Item)> {
        let list = self.docs.get(e.list as usize)?;
        let block = list.block(e.block)?;
        let item = block.items.get(find_in(&block.items, id, e)?)?;
        Some((list, block, item))
    }

    fn resolve(&self, id: CodingId, e: &Entry) -> Coding {
        match self.item_of(id, e) {
            Some((list, block, item)) => Coding {
                id,
                document: list.doc,
                code: item.code,
                range: TextRange {
                    start: abs(item.start + block.delta),
                    end: abs(item.end + block.delta),
                },
                coder: item.coder,
                created: e.created,
            },
            // Entries and items are kept together (`check` in the tests); a coding whose item
            // were missing reads as an empty range rather than taking the app down.
            None => Coding {
                id,
                document: self
                    .docs
                    .get(e.list as usize)
                    .map(|l| l.doc)
                    .unwrap_or_default(),
                code: CodeId::default(),
                range: TextRange { start: 0, end: 0 },
                coder: CoderId::default(),
                created: e.created,
            },
        }
    }

    /// The coding `id`, its range as it is now.
    pub fn get(&self, id: &CodingId) -> Option<Coding> {
        self.map.get(id).map(|e| self.resolve(*id, e))
    }

    /// Ids in id order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &CodingId> + ExactSizeIterator + '_ {
        self.map.keys()
    }

    /// Codings in id order.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = Coding> + ExactSizeIterator + '_ {
        self.map.iter().map(|(id, e)| self.resolve(*id, e))
    }

    /// Ids and codings in id order.
    pub fn iter(
        &self,
    ) -> impl DoubleEndedIterator<Item = (&CodingId, Coding)> + ExactSizeIterator + '_ {
        self.map.iter().map(|(id, e)| (id, self.resolve(*id, e)))
    }

    /// A plain map of the codings as they are now (for code that compares whole sets, such as
    /// a merge).
    pub fn to_map(&self) -> BTreeMap<CodingId, Coding> {
        self.iter().map(|(id, c)| (*id, c)).collect()
    }

    /// Adds `coding` under `id` (its own id: `id` is for the map's familiar shape), replacing and
    /// returning one held under that id.
    pub fn insert(&mut self, id: CodingId, coding: Coding) -> Option<Coding> {
        let old = self.remove(&id);
        self.place(id, &coding);
        old
    }

    /// Removes and returns the coding `id`.
    pub fn remove(&mut self, id: &CodingId) -> Option<Coding> {
        let e = *self.map.get(id)?;
        let out = self.resolve(*id, &e);
        self.map.remove(id);
        self.unlist(*id, &e);
        Some(out)
    }

    pub fn clear(&mut self) {
        self.map.clear();
        self.docs.clear();
        self.doc_ix.clear();
    }

    /// Keeps only the codings for which `keep` is true.
    pub fn retain(&mut self, mut keep: impl FnMut(&CodingId, &Coding) -> bool) {
        let gone: Vec<CodingId> = self
            .iter()
            .filter(|(id, c)| !keep(id, c))
            .map(|(id, _)| *id)
            .collect();
        for id in gone {
            self.remove(&id);
        }
    }

    /// Changes every coding through `f` (their ids stay): a rebuild, for changes of many codings
    /// at once (a merge renaming documents or codes).
    pub fn change_all(&mut self, mut f: impl FnMut(&mut Coding)) {
        let all = std::mem::take(self);
        *self = all
            .values()
            .map(|mut c| {
                let id = c.id;
                f(&mut c);
                c.id = id;
                (id, c)
            })
            .collect();
    }

    /// Changes coding `id` through `f` (its id stays); returns whether it exists.
    pub fn update(&mut self, id: &CodingId, f: impl FnOnce(&mut Coding)) -> bool {
        let Some(mut c) = self.get(id) else {
            return false;
        };
        let before = c;
        f(&mut c);
        c.id = *id;
        if c == before {
            return true;
        }
        if c.document != before.document || c.range != before.range {
            self.insert(*id, c);
            return true;
        }
        // Only the code, coder or time: in place.
        let Some(e) = self.map.get_mut(id) else {
            return false;
        };
        e.created = c.created;
        let e = *e;
        if let Some(item) = self
            .docs
            .get_mut(e.list as usize)
            .and_then(|l| l.blocks.get_mut(e.block as usize))
            .and_then(|b| {
                let n = find_in(&b.items, *id, &e)?;
                Arc::make_mut(&mut b.items).get_mut(n)
            })
        {
            item.code = c.code;
            item.coder = c.coder;
        }
        true
    }

    /// Puts coding `id` (not in the map) into the map and its document's list.
    fn place(&mut self, id: CodingId, c: &Coding) {
        let ix = match self.doc_ix.get(&c.document) {
            Some(&ix) => ix,
            None => {
                self.docs.push(DocList::empty(c.document));
                let ix = self.docs.len() as u32 - 1;
                self.doc_ix.insert(c.document, ix);
                ix
            }
        };
        let Some(list) = self.docs.get_mut(ix as usize) else {
            return;
        };
        let start = c.range.start as isize;
        let k = list.block_for(start);
        let slot = match list.order.get(k) {
            Some(&s) => s,
            None => {
                let s = list.new_block(0);
                list.order.push(s);
                s
            }
        };
        let Some(block) = list.blocks.get_mut(slot as usize) else {
            return;
        };
        let item = Item {
            start: rel(c.range.start, block.delta),
            end: rel(c.range.end, block.delta),
            id,
            code: c.code,
            coder: c.coder,
        };
        let at = block.items.partition_point(|i| i.start <= item.start);
        let items = Arc::make_mut(&mut block.items);
        if items.len() == items.capacity() {
            // A little room at a time: doubling would leave most blocks a coding was added to
            // half empty (about 4 KB each).
            items.reserve_exact(BLOCK / 4);
        }
        items.insert(at, item);
        block.max_end = block.max_end.max(item.end);
        list.count += 1;
        self.map.insert(
            id,
            Entry {
                created: c.created,
                start: item.start,
                list: ix,
                block: slot,
                at: hint(at),
            },
        );
        if block.items.len() > 2 * BLOCK {
            self.split(ix, k);
        }
    }

    /// Splits the block at `order[k]` of `doc` in two halves.
    fn split(&mut self, ix: u32, k: usize) {
        let Some(list) = self.docs.get_mut(ix as usize) else {
            return;
        };
        let Some(&slot) = list.order.get(k) else {
            return;
        };
        let Some(delta) = list.block(slot).map(|b| b.delta) else {
            return;
        };
        let fresh = list.new_block(delta);
        let moved = match list.blocks.get_mut(slot as usize) {
            Some(b) => {
                let half = b.items.len() / 2;
                let moved = Arc::make_mut(&mut b.items).split_off(half);
                b.recompute_max_end();
                moved
            }
            None => return,
        };
        for (n, i) in moved.iter().enumerate() {
            if let Some(e) = self.map.get_mut(&i.id) {
                e.block = fresh;
                e.at = hint(n);
            }
        }
        if let Some(b) = list.blocks.get_mut(fresh as usize) {
            b.items = Arc::new(moved);
            b.recompute_max_end();
        }
        list.order.insert(k + 1, fresh);
    }

    /// Takes coding `id` (whose entry was `e`) out of its document's list.
    fn unlist(&mut self, id: CodingId, e: &Entry) {
        let Some(list) = self.docs.get_mut(e.list as usize) else {
            return;
        };
        let slot = e.block;
        let Some(block) = list.block(slot) else {
            return;
        };
        let Some(at) = find_in(&block.items, id, e) else {
            return;
        };
        let left = block.items.len() - 1;
        // The block's place in the order, needed only if it becomes small: found by its first
        // start while it still has one (blocks are in order of their first starts).
        let k = if left < BLOCK / 4 {
            let first = block.first_start();
            let blocks = &list.blocks;
            let from = list.order.partition_point(|&s| {
                blocks
                    .get(s as usize)
                    .is_some_and(|b| b.first_start() < first)
            });
            list.order
                .get(from..)
                .and_then(|rest| rest.iter().position(|&s| s == slot))
                .map(|k| k + from)
        } else {
            None
        };
        if let Some(block) = list.blocks.get_mut(slot as usize) {
            Arc::make_mut(&mut block.items).remove(at);
        }
        list.count -= 1;
        if list.count == 0 {
            *list = DocList::empty(list.doc);
            return;
        }
        let Some(k) = k else {
            return;
        };
        if left == 0 {
            list.order.remove(k);
            list.free.push(slot);
            list.blocks[slot as usize] = Block::default();
        } else if !merge(list, &mut self.map, k) && k > 0 {
            // Merged with a small neighbour, so that removals cannot leave many tiny blocks (the
            // cost of a shift follows the number of blocks).
            merge(list, &mut self.map, k - 1);
        }
    }

    /// Moves every coding of `doc` that starts after `after` by `delta` bytes (start and end).
    /// The order by start must stay as it was: the caller takes out first the codings that a
    /// deletion would move past others (those starting inside the deleted stretch), as a text
    /// edit takes out the codings touching the turns it changes. Costs one pass over the codings
    /// of one block and an addition per later block, not a pass over the document's codings.
    pub fn shift(&mut self, doc: DocId, after: usize, delta: isize) {
        if delta == 0 {
            return;
        }
        let Some(list) = self.doc_list_ix(doc).and_then(|ix| self.docs.get_mut(ix)) else {
            return;
        };
        let after = after as isize;
        let blocks = &list.blocks;
        let k = list.order.partition_point(|&s| {
            blocks
                .get(s as usize)
                .is_some_and(|b| b.last_start() <= after)
        });
        let Some(&first) = list.order.get(k) else {
            return;
        };
        // The block holding the first coding to move may also hold codings before it.
        if let Some(b) = list.blocks.get_mut(first as usize) {
            let d = b.delta;
            let from = b.items.partition_point(|i| i.start + d <= after);
            if from == 0 {
                b.delta += delta;
            } else {
                for i in Arc::make_mut(&mut b.items).iter_mut().skip(from) {
                    i.start += delta;
                    i.end += delta;
                    b.max_end = b.max_end.max(i.end);
                    if let Some(e) = self.map.get_mut(&i.id) {
                        e.start = i.start;
                    }
                }
            }
        }
        for &s in &list.order[k + 1..] {
            if let Some(b) = list.blocks.get_mut(s as usize) {
                b.delta += delta;
            }
        }
    }

    /// Puts every coding of `doc` on the range `range_of` gives it and builds the document's
    /// list again in one go: for a change that moves most of a document's codings one by one (a
    /// pseudonym replaced all through it), cheaper than taking each out and putting it back.
    /// `range_of` gets each coding's id and range.
    pub fn relist(
        &mut self,
        doc: DocId,
        mut range_of: impl FnMut(CodingId, TextRange) -> TextRange,
    ) {
        let Some(ix) = self.doc_list_ix(doc) else {
            return;
        };
        let mut moved: Vec<(TextRange, DocCoding)> = self
            .in_document(doc)
            .map(|d| (range_of(d.id, d.range), d))
            .collect();
        moved.sort_by_key(|(r, d)| (r.start, d.id));
        let mut list = DocList::empty(doc);
        for chunk in moved.chunks(BLOCK) {
            let slot = list.blocks.len() as u32;
            let mut items = Vec::with_capacity(chunk.len());
            for (r, d) in chunk {
                if let Some(e) = self.map.get_mut(&d.id) {
                    e.start = r.start as isize;
                    e.block = slot;
                    e.at = hint(items.len());
                    items.push(Item {
                        start: e.start,
                        end: r.end as isize,
                        id: d.id,
                        code: d.code,
                        coder: d.coder,
                    });
                }
            }
            list.count += items.len();
            list.blocks.push(Block::of(items));
            list.order.push(slot);
        }
        if let Some(l) = self.docs.get_mut(ix) {
            *l = list;
        }
    }

    /// Number of codings of `doc`.
    pub fn count_in(&self, doc: DocId) -> usize {
        self.doc_list(doc).map_or(0, |l| l.count)
    }

    /// The codings of `doc` in start order.
    pub fn in_document(&self, doc: DocId) -> impl Iterator<Item = DocCoding> + '_ {
        let list = self.doc_list(doc);
        list.into_iter().flat_map(|l| {
            l.order
                .iter()
                .filter_map(|&s| l.block(s))
                .flat_map(|b| b.items.iter().map(|i| doc_coding(i, b.delta)))
        })
    }

    /// The codings of `doc` that overlap or touch the closed stretch `lo..=hi` (start at most
    /// `hi`, end at least `lo`), in start order: the blocks starting after `hi` are not read.
    pub fn touching(
        &self,
        doc: DocId,
        lo: usize,
        hi: usize,
    ) -> impl Iterator<Item = DocCoding> + '_ {
        let (lo, hi) = (lo as isize, hi.min(isize::MAX as usize) as isize);
        let list = self.doc_list(doc);
        list.into_iter().flat_map(move |l| {
            l.order
                .iter()
                .filter_map(|&s| l.block(s))
                .take_while(move |b| b.first_start() <= hi)
                .filter(move |b| b.max_end + b.delta >= lo)
                .flat_map(move |b| {
                    b.items
                        .iter()
                        .filter(move |i| i.start + b.delta <= hi && i.end + b.delta >= lo)
                        .map(|i| doc_coding(i, b.delta))
                })
        })
    }

    /// Checks the lists against the map (tests).
    #[cfg(test)]
    pub(crate) fn check(&self) -> Result<(), String> {
        let mut seen = 0;
        for (doc, &ix) in &self.doc_ix {
            let l = self
                .docs
                .get(ix as usize)
                .ok_or("a document's list is missing")?;
            let mut last = isize::MIN;
            let mut n = 0;
            for &s in &l.order {
                let b = l.block(s).ok_or("a listed block is missing")?;
                if b.items.is_empty() {
                    return Err("an empty block is listed".into());
                }
                for i in b.items.iter() {
                    let start = i.start + b.delta;
                    if start < last {
                        return Err(format!("out of order in {doc:?}"));
                    }
                    last = start;
                    if i.end > b.max_end {
                        return Err("max end too small".into());
                    }
                    let e = self.map.get(&i.id).ok_or("an item is not in the map")?;
                    if e.block != s || e.list != ix || e.start != i.start || l.doc != *doc {
                        return Err("the map and the list disagree".into());
                    }
                    n += 1;
                }
            }
            if n != l.count {
                return Err("wrong count".into());
            }
            seen += n;
        }
        if seen != self.map.len() {
            return Err("a coding is in no list".into());
        }
        Ok(())
    }
}

/// Merges block `order[k + 1]` into `order[k]` if they hold at most [`BLOCK`] together.
fn merge(list: &mut DocList, map: &mut BTreeMap<CodingId, Entry>, k: usize) -> bool {
    let (Some(&slot), Some(&next)) = (list.order.get(k), list.order.get(k + 1)) else {
        return false;
    };
    let (Some(a), Some(b)) = (list.block(slot), list.block(next)) else {
        return false;
    };
    if a.items.len() + b.items.len() > BLOCK {
        return false;
    }
    let rebase = b.delta - a.delta;
    let base = a.items.len();
    let mut moved = std::mem::take(Arc::make_mut(&mut list.blocks[next as usize].items));
    for (n, i) in moved.iter_mut().enumerate() {
        i.start += rebase;
        i.end += rebase;
        if let Some(e) = map.get_mut(&i.id) {
            e.block = slot;
            e.start = i.start;
            e.at = hint(base + n);
        }
    }
    let a = &mut list.blocks[slot as usize];
    Arc::make_mut(&mut a.items).extend(moved);
    a.recompute_max_end();
    list.order.remove(k + 1);
    list.free.push(next);
    list.blocks[next as usize] = Block::default();
    true
}

fn doc_coding(i: &Item, delta: isize) -> DocCoding {
    DocCoding {
        id: i.id,
        code: i.code,
        coder: i.coder,
        range: TextRange {
            start: abs(i.start + delta),
            end: abs(i.end + delta),
        },
    }
}

// Comparison, formatting, building from and turning into plain maps.
#[path = "codings_impls.rs"]
mod impls;

#[cfg(test)]
#[path = "codings_tests.rs"]
mod tests;
