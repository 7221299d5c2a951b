//! What the project keeps beside its data: the position of each document, code, theme, coder and
//! participant by id (so lookups are a hash probe, not a search), and the [`Tally`] of counts.
//!
//! [`crate::edit::apply`] keeps both current through the hooks below. The *shape* (the lengths of
//! the lists when the derived data was last brought up to date) tells whether the project was
//! changed some other way since: then the counts are withheld and lookups search, until
//! [`Project::reindex`].

use super::tally::Tally;
use super::{
    Code, CodeId, Coder, CoderId, Coding, DocId, Document, Participant, Project, Theme, ThemeId,
};
use rustc_hash::FxHashMap;
use std::borrow::Borrow;
use std::hash::Hash;
use std::sync::Arc;

/// Which list of the project an edit reordered, grew or shrank.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum List {
    Documents,
    Codes,
    Themes,
    Coders,
    Participants,
}

type Shape = [usize; 6];

fn shape(p: &Project) -> Shape {
    [
        p.documents.len(),
        p.codes.len(),
        p.themes.len(),
        p.coders.len(),
        p.participants.len(),
        p.codings.len(),
    ]
}

#[derive(Clone, Default, Debug)]
pub(super) struct Lookup {
    docs: FxHashMap<DocId, u32>,
    codes: FxHashMap<CodeId, u32>,
    themes: FxHashMap<ThemeId, u32>,
    coders: FxHashMap<CoderId, u32>,
    participants: FxHashMap<String, u32>,
}

/// The position of `key` in `items`: from the map while it matches the list, else a search.
fn find<T, K, Q>(
    map: &FxHashMap<K, u32>,
    items: &[T],
    key: &Q,
    key_of: impl Fn(&T) -> &Q,
) -> Option<usize>
where
    K: Borrow<Q> + Eq + Hash,
    Q: Eq + Hash + ?Sized,
{
    if map.len() == items.len() {
        match map.get(key) {
            Some(&i) if items.get(i as usize).is_some_and(|t| key_of(t) == key) => {
                return Some(i as usize);
            }
            None => return None,
            Some(_) => {} // the list was changed directly: search
        }
    }
    items.iter().position(|t| key_of(t) == key)
}

fn positions<T, K: Eq + Hash>(items: &[T], key_of: impl Fn(&T) -> K) -> FxHashMap<K, u32> {
    items
        .iter()
        .enumerate()
        .map(|(i, t)| (key_of(t), i as u32))
        .collect()
}

impl Lookup {
    pub fn document(&self, docs: &[Arc<Document>], id: DocId) -> Option<usize> {
        find(&self.docs, docs, &id, |d| &d.id)
    }

    pub fn code(&self, codes: &[Code], id: CodeId) -> Option<usize> {
        find(&self.codes, codes, &id, |c| &c.id)
    }

    pub fn theme(&self, themes: &[Theme], id: ThemeId) -> Option<usize> {
        find(&self.themes, themes, &id, |t| &t.id)
    }

    pub fn coder(&self, coders: &[Coder], id: CoderId) -> Option<usize> {
        find(&self.coders, coders, &id, |c| &c.id)
    }

    pub fn participant(&self, people: &[Participant], name: &str) -> Option<usize> {
        find(&self.participants, people, name, |p| p.name.as_str())
    }

    fn rebuild(&mut self, p: &Project, list: List) {
        match list {
            List::Documents => self.docs = positions(&p.documents, |d| d.id),
            List::Codes => self.codes = positions(&p.codes, |c| c.id),
            List::Themes => self.themes = positions(&p.themes, |t| t.id),
            List::Coders => self.coders = positions(&p.coders, |c| c.id),
            List::Participants => {
                self.participants = positions(&p.participants, |x| x.name.clone());
            }
        }
    }
}

/// Lookups and counts; see the module documentation.
#[derive(Clone)]
pub(super) struct Derived {
    /// The project's shape when this was last current; `None`: never built (a parsed file).
    shape: Option<Shape>,
    pub lookup: Lookup,
    pub tally: Tally,
}

impl Default for Derived {
    /// Current for an empty project.
    fn default() -> Self {
        Self {
            shape: Some([0; 6]),
            lookup: Lookup::default(),
            tally: Tally::default(),
        }
    }
}

impl std::fmt::Debug for Derived {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Derived(current for {:?})", self.shape)
    }
}

/// Derived data never makes two projects differ.
impl PartialEq for Derived {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for Derived {}

impl Derived {
    /// Not built yet: lookups search and counts are withheld until [`Project::reindex`].
    pub fn stale() -> Self {
        Self {
            shape: None,
            ..Self::default()
        }
    }

    pub fn is_fresh(&self, p: &Project) -> bool {
        self.shape == Some(shape(p))
    }

    pub fn build(p: &Project) -> Self {
        let lookup = Lookup::build(p);
        let tally = tally_of(p, &lookup);
        Self {
            shape: Some(shape(p)),
            lookup,
            tally,
        }
    }
}

impl Lookup {
    pub fn build(p: &Project) -> Self {
        let mut lookup = Lookup::default();
        for list in [
            List::Documents,
            List::Codes,
            List::Themes,
            List::Coders,
            List::Participants,
        ] {
            lookup.rebuild(p, list);
        }
        lookup
    }
}

/// The counts of `p`, from one pass over its codings (`lookup` finds their documents).
fn tally_of(p: &Project, lookup: &Lookup) -> Tally {
    let mut tally = Tally::default();
    for person in p.participants.iter().filter(|x| x.interviewer) {
        tally.set_interviewer(&person.name, true);
    }
    // Each document's turn speakers are looked up once, not once per coding.
    let mut turn_speakers: FxHashMap<usize, Vec<Option<u32>>> = FxHashMap::default();
    let mut speakers = Vec::new();
    for c in p.codings.values() {
        speakers.clear();
        if let Some(i) = lookup.document(&p.documents, c.document) {
            let doc = &*p.documents[i];
            let slots = turn_speakers
                .entry(i)
                .or_insert_with(|| tally.turn_speakers(doc));
            for t in doc.turns_overlapping(c.range) {
                if let Some(Some(s)) = slots.get(t)
                    && !speakers.contains(s)
                {
                    speakers.push(*s);
                }
            }
        }
        tally.coding_spoken(&c, &speakers, true);
    }
    tally.themes_changed(&p.themes);
    tally.shrink_to_fit();
    tally
}

impl Project {
    /// [`Project::reindex`] with the counts built on another thread while `meanwhile` reads the
    /// project here, its lookups already built (opening a file validates it this way); returns
    /// what `meanwhile` returned.
    pub fn reindex_while<T>(&mut self, meanwhile: impl FnOnce(&Project) -> T) -> T {
        self.derived = Derived {
            shape: None,
            lookup: Lookup::build(self),
            tally: Tally::default(),
        };
        let this = &*self;
        let (tally, out) = std::thread::scope(|s| {
            let build = s.spawn(|| tally_of(this, &this.derived.lookup));
            let out = meanwhile(this);
            (build.join().ok(), out)
        });
        self.derived.tally = tally.unwrap_or_else(|| tally_of(self, &self.derived.lookup));
        self.derived.shape = Some(shape(self));
        out
    }
}

/// The hooks [`crate::edit::apply`] calls after changing the data. Each is for a project whose
/// derived data was current before the change ([`Project::derived_is_current`]).
impl Project {
    /// Is the derived data current (so an edit should keep it so)?
    pub(crate) fn derived_is_current(&self) -> bool {
        self.derived.is_fresh(self)
    }

    /// Records that the derived data is current again after an edit.
    pub(crate) fn derived_done(&mut self) {
        self.derived.shape = Some(shape(self));
    }

    /// `list` grew at `index` (`added`), lost an item, or was reordered.
    pub(crate) fn relisted(&mut self, list: List, appended: bool) {
        let lookup = &mut self.derived.lookup;
        if appended {
            // The common case (import, a new code) costs one insert, not a rebuild.
            match list {
                List::Documents => {
                    if let Some(d) = self.documents.last() {
                        lookup.docs.insert(d.id, self.documents.len() as u32 - 1);
                    }
                }
                List::Codes => {
                    if let Some(c) = self.codes.last() {
                        lookup.codes.insert(c.id, self.codes.len() as u32 - 1);
                    }
                }
                List::Themes => {
                    if let Some(t) = self.themes.last() {
                        lookup.themes.insert(t.id, self.themes.len() as u32 - 1);
                    }
                }
                List::Coders => {
                    if let Some(c) = self.coders.last() {
                        lookup.coders.insert(c.id, self.coders.len() as u32 - 1);
                    }
                }
                List::Participants => {
                    if let Some(x) = self.participants.last() {
                        lookup
                            .participants
                            .insert(x.name.clone(), self.participants.len() as u32 - 1);
                    }
                }
            }
            return;
        }
        let mut lookup = std::mem::take(&mut self.derived.lookup);
        lookup.rebuild(self, list);
        self.derived.lookup = lookup;
    }

    /// A coding was added (`true`) or removed; `coding` is its value.
    pub(crate) fn counted(&mut self, coding: &Coding, add: bool) {
        let doc = self
            .derived
            .lookup
            .document(&self.documents, coding.document);
        let doc = doc.map(|i| &*self.documents[i]);
        self.derived.tally.coding(doc, coding, add);
    }

    /// The theme tree or a theme's codes changed.
    pub(crate) fn themes_recounted(&mut self) {
        self.derived.tally.themes_changed(&self.themes);
    }

    /// A participant named `name` was added, removed or (un)marked as an interviewer.
    pub(crate) fn interviewer_recounted(&mut self, name: &str) {
        let flag = self.participant(name).is_some_and(|p| p.interviewer);
        self.derived.tally.set_interviewer(name, flag);
    }

    /// A code was removed.
    pub(crate) fn code_uncounted(&mut self, id: CodeId) {
        self.derived.tally.code_removed(id);
    }
}
