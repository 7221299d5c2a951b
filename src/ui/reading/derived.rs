//! Data derived from the project for one document, rebuilt only when the project changes (keyed
//! by the history's generation), never per frame: the turns' offsets, the codings of each
//! paragraph, and each coding's stripe lane.

use crate::edit::{Edit, History};
use crate::model::{CodeId, CodingId, DocId, Document, Project, Rgb, TextRange};

/// One coding of the document, as the pane draws it.
#[derive(Clone, Debug)]
pub struct Mark {
    pub id: CodingId,
    pub range: TextRange,
    /// Stripe lane: codings that do not overlap share a lane.
    pub lane: usize,
    pub color: Rgb,
    /// Index of the code in [`Derived::codes`].
    pub code_ix: u32,
}

#[derive(Default)]
pub struct Derived {
    pub key: Option<(DocId, u64)>,
    /// What the text-only part (`starts`, `chars`, `words`) was built for: it does not change
    /// when codings do.
    text_key: Option<(DocId, usize, usize)>,
    pub starts: Vec<usize>,
    /// Characters in each paragraph, for height estimates.
    pub chars: Vec<u32>,
    pub words: usize,
    /// Name of each code, indexed by [`Mark::code_ix`].
    pub codes: Vec<String>,
    pub marks: Vec<Mark>,
    /// `para_marks[para_offsets[p]..para_offsets[p + 1]]` are the codings touching paragraph `p`.
    para_offsets: Vec<u32>,
    para_marks: Vec<u32>,
    pub lanes: usize,
    /// What `marks` were built from, so that a few added or removed codings update them in place
    /// instead of re-sorting the document's codings: the text they were built for, the codes
    /// (id and colour, in the project's order) and the document's codings (id, range, code) in
    /// id order.
    marks_text: Option<(DocId, usize, usize)>,
    code_key: Vec<(CodeId, Rgb)>,
    seen: Vec<(CodingId, TextRange, CodeId)>,
    /// The history's generation and applied steps at the last refresh: one step later, the
    /// edit of that step names the codings that can have changed.
    history_at: Option<(u64, usize)>,
}

/// At most this many changed codings are applied in place; more rebuild the index.
const INCREMENTAL_MAX: usize = 64;

/// Marks in document order: by start, longer first, then by code, then by id.
fn order_key(m: &Mark) -> (usize, std::cmp::Reverse<usize>, u32, CodingId) {
    (
        m.range.start,
        std::cmp::Reverse(m.range.end),
        m.code_ix,
        m.id,
    )
}

/// Sorts marks by [`order_key`] in linear time: a counting sort into buckets of start offsets
/// (about one mark per bucket), then each small bucket sorted by the full key.
fn sort_marks(marks: &mut [Mark], len: usize) {
    let per_bucket = (len / marks.len().max(1)).max(1).next_power_of_two();
    let shift = per_bucket.trailing_zeros();
    let buckets = (len >> shift) + 1;
    let bucket = |m: &Mark| (m.range.start >> shift).min(buckets - 1);
    let mut offsets = vec![0u32; buckets + 1];
    for m in marks.iter() {
        offsets[bucket(m) + 1] += 1;
    }
    for b in 0..buckets {
        offsets[b + 1] += offsets[b];
    }
    let mut fill = offsets.clone();
    let mut order = vec![0u32; marks.len()];
    for (i, m) in marks.iter().enumerate() {
        let slot = &mut fill[bucket(m)];
        order[*slot as usize] = i as u32;
        *slot += 1;
    }
    let key = |i: &u32| marks.get(*i as usize).map(order_key);
    for b in 0..buckets {
        let (a, z) = (offsets[b] as usize, offsets[b + 1] as usize);
        if z - a > 1 {
            order[a..z].sort_unstable_by_key(key);
        }
    }
    // Put each mark in its place by following the permutation's cycles (no second copy of the
    // marks): `order[k]` is the index of the mark that belongs at `k`.
    for start in 0..order.len() {
        let mut k = start;
        while order[k] as usize != start {
            let from = order[k] as usize;
            marks.swap(k, from);
            order[k] = k as u32;
            k = from;
        }
        order[k] = k as u32;
    }
}

impl Derived {
    /// Brings the data up to date with `history`'s latest change: after one step (an edit, an
    /// undo or a redo) that only adds, removes or changes a few codings, only those are looked
    /// up; otherwise the document's codings are compared with the last ones.
    pub fn refresh_with(&mut self, project: &Project, doc: &Document, history: &History) {
        let generation = history.generation();
        let applied = history.applied();
        let touched = match self.history_at {
            Some((g, a)) if g + 1 == generation && self.key == Some((doc.id, g)) => {
                let step = if applied == a + 1 {
                    Some(a)
                } else if applied + 1 == a {
                    Some(applied)
                } else {
                    None
                };
                step.and_then(|i| history.revisions().nth(i))
                    .and_then(|(r, _)| touched_codings(r.forward()))
            }
            _ => None,
        };
        self.update(project, doc, generation, touched);
        self.history_at = Some((generation, applied));
    }

    /// Rebuilds for `doc` unless already built for it at `generation`.
    #[cfg(test)]
    pub fn refresh(&mut self, project: &Project, doc: &Document, generation: u64) {
        self.update(project, doc, generation, None);
    }

    fn update(
        &mut self,
        project: &Project,
        doc: &Document,
        generation: u64,
        touched: Option<Vec<CodingId>>,
    ) {
        let text_key = (doc.id, doc.turns.len(), doc.len());
        if self.text_key != Some(text_key) {
            self.starts = doc.turn_starts();
            self.chars.clear();
            self.words = 0;
            for t in &doc.turns {
                let (chars, words) = text_stats(&t.text);
                self.chars.push(chars);
                self.words += words;
            }
            self.text_key = Some(text_key);
            self.key = None;
        }
        if self.key == Some((doc.id, generation)) {
            return;
        }
        self.build_marks(project, doc, touched);
        self.key = Some((doc.id, generation));
    }

    #[cfg(test)]
    pub fn build(project: &Project, doc: &Document) -> Self {
        let mut d = Self::default();
        d.refresh(project, doc, 0);
        d
    }

    fn build_marks(&mut self, project: &Project, doc: &Document, touched: Option<Vec<CodingId>>) {
        let codes_same = self.code_key.len() == project.codes.len()
            && self
                .code_key
                .iter()
                .zip(&project.codes)
                .all(|((id, color), c)| *id == c.id && *color == c.color)
            && self
                .codes
                .iter()
                .zip(&project.codes)
                .all(|(name, c)| *name == c.name);
        if !codes_same {
            self.code_key = project.codes.iter().map(|c| (c.id, c.color)).collect();
            self.codes = project.codes.iter().map(|c| c.name.clone()).collect();
        }
        // Codes by id, for a binary search (faster than hashing ids for every coding).
        let mut codes: Vec<(CodeId, Rgb, u32)> = self
            .code_key
            .iter()
            .enumerate()
            .map(|(i, (id, color))| (*id, *color, i as u32))
            .collect();
        codes.sort_unstable_by_key(|c| c.0);
        let mark = |(id, range, code): &(CodingId, TextRange, CodeId)| {
            let k = codes.binary_search_by_key(code, |x| x.0).ok()?;
            let (_, color, code_ix) = codes.get(k)?;
            Some(Mark {
                id: *id,
                range: *range,
                lane: 0,
                color: *color,
                code_ix: *code_ix,
            })
        };
        let text_key = Some((doc.id, doc.turns.len(), doc.len()));
        let in_place = codes_same && self.marks_text == text_key;
        let (now, diff) = match touched {
            // Only these codings can have changed: look them up.
            Some(ids) if in_place => {
                let (mut removed, mut added) = (Vec::new(), Vec::new());
                for id in ids {
                    let current = project
                        .codings
                        .get(&id)
                        .filter(|c| c.document == doc.id)
                        .map(|c| (c.id, c.range, c.code));
                    let at = self.seen.binary_search_by_key(&id, |s| s.0);
                    let old = at.ok().and_then(|k| self.seen.get(k)).copied();
                    if old == current {
                        continue;
                    }
                    if old.is_some() {
                        removed.push(id);
                    }
                    match (at, current) {
                        (Ok(k), Some(c)) => self.seen[k] = c,
                        (Ok(k), None) => {
                            self.seen.remove(k);
                        }
                        (Err(k), Some(c)) => self.seen.insert(k, c),
                        (Err(_), None) => {}
                    }
                    added.extend(current);
                }
                removed.sort_unstable();
                (std::mem::take(&mut self.seen), Some((removed, added)))
            }
            _ => {
                // The document's codings, in id order (the map's order).
                let now: Vec<_> = project
                    .codings
                    .values()
                    .filter(|c| c.document == doc.id)
                    .map(|c| (c.id, c.range, c.code))
                    .collect();
                let diff = if in_place {
                    diff_by_id(&self.seen, &now, INCREMENTAL_MAX)
                } else {
                    None
                };
                (now, diff)
            }
        };
        match diff {
            Some((removed, added)) => {
                if !removed.is_empty() {
                    self.marks.retain(|m| removed.binary_search(&m.id).is_err());
                }
                for m in added.iter().filter_map(mark) {
                    let key = order_key(&m);
                    let at = self.marks.partition_point(|x| order_key(x) < key);
                    self.marks.insert(at, m);
                }
            }
            None => {
                self.marks.clear();
                self.marks.extend(now.iter().filter_map(mark));
                sort_marks(&mut self.marks, doc.len());
            }
        }
        self.seen = now;
        self.marks_text = text_key.filter(|_| !doc.turns.is_empty());
        self.lanes = pack_lanes(&mut self.marks, self.codes.len());
        self.index_paragraphs(doc.turns.len());
    }

    /// Paragraph -> marks, as offsets into one flat list. Marks are sorted by start, so one
    /// sweep finds each mark's first paragraph.
    fn index_paragraphs(&mut self, n: usize) {
        let starts = &self.starts;
        if n == 0 {
            self.marks.clear();
        }
        let mut spans: Vec<(u32, u32)> = Vec::with_capacity(self.marks.len());
        let mut first = 0;
        for m in &self.marks {
            while first + 1 < n && starts[first + 1] <= m.range.start {
                first += 1;
            }
            let mut last = first;
            while last + 1 < n && starts[last + 1] < m.range.end {
                last += 1;
            }
            spans.push((first as u32, last as u32));
        }
        let counts = &mut self.para_offsets;
        counts.clear();
        counts.resize(n + 1, 0);
        for &(a, b) in &spans {
            for p in a..=b {
                counts[p as usize + 1] += 1;
            }
        }
        for p in 0..n {
            counts[p + 1] += counts[p];
        }
        let mut fill = counts.clone();
        let flat = &mut self.para_marks;
        flat.clear();
        flat.resize(counts[n] as usize, 0);
        for (k, &(a, b)) in spans.iter().enumerate() {
            for p in a..=b {
                flat[fill[p as usize] as usize] = k as u32;
                fill[p as usize] += 1;
            }
        }
    }

    /// Indices into `marks` of the codings touching paragraph `p`, in document order.
    pub fn in_para(&self, p: usize) -> &[u32] {
        let (Some(a), Some(b)) = (self.para_offsets.get(p), self.para_offsets.get(p + 1)) else {
            return &[];
        };
        self.para_marks.get(*a as usize..*b as usize).unwrap_or(&[])
    }

    /// The name of a mark's code.
    pub fn name(&self, m: &Mark) -> &str {
        self.codes
            .get(m.code_ix as usize)
            .map_or("?", String::as_str)
    }

    /// The codings covering document offset `at`.
    pub fn marks_at(&self, para: usize, at: usize) -> impl Iterator<Item = &Mark> {
        self.in_para(para)
            .iter()
            .filter_map(|k| self.marks.get(*k as usize))
            .filter(move |m| m.range.start <= at && at < m.range.end)
    }

    /// The paragraph holding document offset `at`.
    pub fn para_of(&self, at: usize) -> usize {
        self.starts.partition_point(|s| *s <= at).saturating_sub(1)
    }
}

/// The codings an edit adds, removes or changes, or `None` if it touches more than a few or
/// could change them in ways not listed here.
fn touched_codings(edit: &Edit) -> Option<Vec<CodingId>> {
    fn walk(edit: &Edit, out: &mut Vec<CodingId>) -> bool {
        match edit {
            Edit::AddCoding(c) => out.push(c.id),
            Edit::RemoveCoding(id)
            | Edit::SetCodingCode { id, .. }
            | Edit::SetCodingRange { id, .. } => out.push(*id),
            Edit::Batch(edits) => return edits.iter().all(|e| walk(e, out)),
            // Nothing else changes a coding (codes are compared on every refresh, and the text
            // has its own key).
            _ => {}
        }
        out.len() <= INCREMENTAL_MAX
    }
    let mut out = Vec::new();
    if !walk(edit, &mut out) {
        return None;
    }
    out.sort_unstable();
    out.dedup();
    Some(out)
}

/// The codings removed from `old` and added in `new` (both in id order; a changed coding is
/// both), or `None` if more than `max` changed.
#[allow(clippy::type_complexity)]
fn diff_by_id(
    old: &[(CodingId, TextRange, CodeId)],
    new: &[(CodingId, TextRange, CodeId)],
    max: usize,
) -> Option<(Vec<CodingId>, Vec<(CodingId, TextRange, CodeId)>)> {
    let (mut removed, mut added) = (Vec::new(), Vec::new());
    let (mut i, mut j) = (0, 0);
    loop {
        match (old.get(i), new.get(j)) {
            (None, None) => break,
            (Some(o), Some(n)) if o.0 == n.0 => {
                if o != n {
                    removed.push(o.0);
                    added.push(*n);
                }
                i += 1;
                j += 1;
            }
            (Some(o), Some(n)) if o.0 < n.0 => {
                removed.push(o.0);
                i += 1;
            }
            (Some(o), None) => {
                removed.push(o.0);
                i += 1;
            }
            (_, Some(n)) => {
                added.push(*n);
                j += 1;
            }
        }
        if removed.len() + added.len() > max {
            return None;
        }
    }
    Some((removed, added))
}

/// Characters and whitespace-separated words (as [`Document::word_count`] counts them) in one
/// pass over the bytes: only the lead bytes of the few non-ASCII whitespace characters are
/// decoded.
fn text_stats(text: &str) -> (u32, usize) {
    let bytes = text.as_bytes();
    // Without the lead bytes of non-ASCII whitespace, every non-ASCII byte belongs to a word and
    // both counts come from one branch-free pass over byte pairs, 64 at a time so that the
    // compiler vectorises it (ten times faster than decoding characters).
    if let Some(counts) = ascii_space_stats(bytes) {
        return counts;
    }
    let mut chars = 0u32;
    let mut words = 0;
    let mut in_space = true;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if (0x80..0xc0).contains(&b) {
            // A continuation byte: part of a character already counted.
            i += 1;
            continue;
        }
        let space = if b < 0x80 {
            b.is_ascii_whitespace() || b == 0x0b
        } else if matches!(b, 0xc2 | 0xe1 | 0xe2 | 0xe3) {
            text.get(i..)
                .and_then(|t| t.chars().next())
                .is_some_and(char::is_whitespace)
        } else {
            false
        };
        chars += 1;
        words += usize::from(in_space && !space);
        in_space = space;
        i += 1;
    }
    (chars, words)
}

/// [`text_stats`] for a text whose only whitespace is ASCII; `None` if it may hold other
/// whitespace (a lead byte of U+0085, U+00A0, U+1680, U+2000..U+205F or U+3000).
fn ascii_space_stats(bytes: &[u8]) -> Option<(u32, usize)> {
    #[inline(always)]
    fn space(b: u8) -> u8 {
        u8::from((b == b' ') | (b.wrapping_sub(9) < 5))
    }
    #[inline(always)]
    fn lead(b: u8) -> u8 {
        u8::from((b as i8) >= -0x40)
    }
    #[inline(always)]
    fn special(b: u8) -> u8 {
        u8::from((b == 0xc2) | (b.wrapping_sub(0xe1) < 3))
    }
    let Some(&first) = bytes.first() else {
        return Some((0, 0));
    };
    let mut chars = u32::from(lead(first));
    let mut words = usize::from(space(first) ^ 1);
    let mut specials = special(first);
    // Each byte after the first, with the byte before it.
    let rest = bytes.get(1..).unwrap_or(&[]);
    let cur = rest.chunks_exact(64);
    let tail = cur.remainder();
    let mut done = 0;
    for (cur, pre) in cur.zip(bytes.chunks_exact(64)) {
        let (Ok(cur), Ok(pre)) = (<&[u8; 64]>::try_from(cur), <&[u8; 64]>::try_from(pre)) else {
            continue;
        };
        let (mut c, mut w, mut s) = (0u8, 0u8, 0u8);
        for k in 0..64 {
            let b = cur[k];
            c += lead(b);
            w += space(pre[k]) & (space(b) ^ 1);
            s |= special(b);
        }
        chars += u32::from(c);
        words += usize::from(w);
        specials |= s;
        done += 64;
    }
    for (b, a) in tail.iter().zip(bytes.get(done..).unwrap_or(&[])) {
        chars += u32::from(lead(*b));
        words += usize::from(space(*a) & (space(*b) ^ 1));
        specials |= special(*b);
    }
    (specials == 0).then_some((chars, words))
}

/// Gives each coding (sorted by start) the lowest lane free at its start, preferring the lane its
/// code used last, so one code's codings tend to line up. Returns the number of lanes.
fn pack_lanes(marks: &mut [Mark], codes: usize) -> usize {
    // End offset of the last coding in each lane.
    let mut lane_end: Vec<usize> = Vec::new();
    let mut last_lane: Vec<Option<usize>> = vec![None; codes];
    for m in marks.iter_mut() {
        let free = |l: usize, ends: &[usize]| ends.get(l).is_some_and(|e| *e <= m.range.start);
        let lane = match last_lane.get(m.code_ix as usize).copied().flatten() {
            Some(l) if free(l, &lane_end) => l,
            _ => match (0..lane_end.len()).find(|&l| free(l, &lane_end)) {
                Some(l) => l,
                None => {
                    lane_end.push(0);
                    lane_end.len() - 1
                }
            },
        };
        lane_end[lane] = m.range.end;
        if let Some(slot) = last_lane.get_mut(m.code_ix as usize) {
            *slot = Some(lane);
        }
        m.lane = lane;
    }
    lane_end.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Code, CoderId, Coding, Turn};

    fn project() -> (Project, DocId, Vec<CodeId>) {
        let mut p = Project::default();
        let doc = Document::new(
            "d",
            vec![
                Turn::new(Some("A"), "one two three"),
                Turn::new(None, "four five"),
                Turn::new(None, "six"),
            ],
        );
        let id = doc.id;
        p.documents.push(doc);
        let mut codes = Vec::new();
        for (i, name) in ["x", "y", "z"].iter().enumerate() {
            let c = Code::new(name, Rgb::palette(i));
            codes.push(c.id);
            p.codes.push(c);
        }
        (p, id, codes)
    }

    fn add(p: &mut Project, doc: DocId, code: CodeId, a: usize, b: usize) {
        let c = Coding {
            id: CodingId::new(),
            document: doc,
            code,
            range: TextRange::new(a, b),
            coder: CoderId::default(),
            created: Default::default(),
        };
        p.codings.insert(c.id, c);
    }

    #[test]
    fn paragraphs_and_lanes() {
        let (mut p, doc, codes) = project();
        // "one two three\nfour five\nsix": paragraph starts 0, 14, 24.
        add(&mut p, doc, codes[0], 0, 3); // one
        add(&mut p, doc, codes[1], 4, 18); // two .. four (two paragraphs)
        add(&mut p, doc, codes[0], 8, 13); // three: overlaps y, not the first x
        add(&mut p, doc, codes[2], 24, 27); // six
        let d = p.document(doc).cloned().unwrap_or_else(|| panic!("doc"));
        let dv = Derived::build(&p, &d);
        assert_eq!(dv.starts, vec![0, 14, 24]);
        assert_eq!(dv.in_para(0).len(), 3);
        assert_eq!(dv.in_para(1).len(), 1);
        assert_eq!(dv.in_para(2).len(), 1);
        let lanes: Vec<(usize, usize)> = dv.marks.iter().map(|m| (m.range.start, m.lane)).collect();
        // x at 0 takes lane 0; y overlaps nothing at 4 (x ended at 3), so lane 0 is free, but
        // x's second coding at 8 overlaps y and gets its code's lane... which y holds: lane 1.
        assert_eq!(lanes, vec![(0, 0), (4, 0), (8, 1), (24, 0)]);
        assert_eq!(dv.lanes, 2);
        assert_eq!(dv.marks_at(0, 9).count(), 2);
        assert_eq!(dv.marks_at(1, 15).count(), 1);
        assert_eq!(dv.para_of(0), 0);
        assert_eq!(dv.para_of(14), 1);
        assert_eq!(dv.para_of(13), 0);
        assert_eq!(dv.para_of(100), 2);
    }

    #[test]
    fn word_count_matches_the_document() {
        for t in [
            "",
            " a  b\tc\n",
            "one",
            "x\u{b}y",
            "café au lait",
            "a\u{3000}b",
            "  ",
            "naïve  日本 語\tx ",
            "\u{a0}x\u{2009}y",
            &"café  au\tlait naïve ".repeat(40),
            &format!("{}\u{3000}end", "word ".repeat(30)),
        ] {
            let (chars, words) = text_stats(t);
            assert_eq!(words, t.split_whitespace().count(), "{t:?}");
            assert_eq!(chars as usize, t.chars().count(), "{t:?}");
        }
    }

    fn summary(d: &Derived, paragraphs: usize) -> (Vec<(CodingId, TextRange, usize, u32)>, usize) {
        assert!(
            d.marks
                .windows(2)
                .all(|w| order_key(&w[0]) < order_key(&w[1])),
            "marks out of order"
        );
        let marks = d
            .marks
            .iter()
            .map(|m| (m.id, m.range, m.lane, m.code_ix))
            .collect();
        for p in 0..paragraphs {
            let here: Vec<CodingId> = d
                .in_para(p)
                .iter()
                .map(|k| d.marks[*k as usize].id)
                .collect();
            let mut expect: Vec<CodingId> = d
                .marks
                .iter()
                .filter(|m| {
                    let a = d.starts[p];
                    let b = d.starts.get(p + 1).copied().unwrap_or(usize::MAX);
                    m.range.start < b && m.range.end > a
                })
                .map(|m| m.id)
                .collect();
            expect.sort_by_key(|id| d.marks.iter().position(|m| m.id == *id));
            assert_eq!(here, expect, "paragraph {p}");
        }
        (marks, d.lanes)
    }

    #[test]
    fn updates_in_place_match_a_rebuild() {
        let (mut p, doc, codes) = project();
        for i in 0..12 {
            add(
                &mut p,
                doc,
                codes[i % 3],
                i * 2,
                (i * 2 + 3 + i % 5).min(27),
            );
        }
        let d = p.document(doc).cloned().unwrap_or_else(|| panic!("doc"));
        let mut live = Derived::default();
        live.refresh(&p, &d, 0);
        let mut generation = 0;
        let mut check = |p: &Project, live: &mut Derived| {
            generation += 1;
            live.refresh(p, &d, generation);
            assert_eq!(summary(live, 3), summary(&Derived::build(p, &d), 3));
        };
        // Add one, at the start, the end and between equal starts.
        add(&mut p, doc, codes[1], 0, 27);
        check(&p, &mut live);
        add(&mut p, doc, codes[2], 26, 27);
        check(&p, &mut live);
        add(&mut p, doc, codes[0], 4, 9);
        add(&mut p, doc, codes[0], 4, 9);
        check(&p, &mut live);
        // Remove one, change one's range and code.
        let first = p
            .codings
            .keys()
            .next()
            .copied()
            .unwrap_or_else(|| panic!("coding"));
        p.codings.remove(&first);
        check(&p, &mut live);
        if let Some(c) = p.codings.values_mut().nth(3) {
            c.range = TextRange::new(15, 25);
            c.code = codes[2];
        }
        check(&p, &mut live);
        // A rebuild sorts many marks that start anywhere, some at the same offset.
        for i in 0..40 {
            add(
                &mut p,
                doc,
                codes[(i * 7) % 3],
                (i * 13) % 26,
                (i * 13) % 26 + 1 + i % 2,
            );
        }
        assert_eq!(summary(&Derived::build(&p, &d), 3).0.len(), p.codings.len());
        // A recoloured code and many changes at once rebuild.
        p.codes[0].color = Rgb([1, 2, 3]);
        check(&p, &mut live);
        for i in 0..100 {
            add(&mut p, doc, codes[i % 3], i % 20, i % 20 + 4);
        }
        check(&p, &mut live);
        p.codings.clear();
        check(&p, &mut live);
    }

    #[test]
    fn edits_undo_and_redo_through_the_history_match_a_rebuild() {
        let (mut p, doc, codes) = project();
        for i in 0..8 {
            add(&mut p, doc, codes[i % 3], i * 3, (i * 3 + 4).min(27));
        }
        let d = p.document(doc).cloned().unwrap_or_else(|| panic!("doc"));
        let coder = crate::model::Coder {
            id: CoderId::new(),
            name: "me".into(),
        };
        let coder_id = coder.id;
        p.coders.push(coder);
        let mut h = History::new_saved();
        let mut live = Derived::default();
        let check = |p: &Project, h: &History, live: &mut Derived| {
            live.refresh_with(p, &d, h);
            assert_eq!(summary(live, 3), summary(&Derived::build(p, &d), 3));
        };
        check(&p, &h, &mut live);
        let coding = |code: CodeId, a: usize, b: usize| Coding {
            id: CodingId::new(),
            document: doc,
            code,
            range: TextRange::new(a, b),
            coder: coder_id,
            created: Default::default(),
        };
        let first = coding(codes[1], 2, 20);
        let first_id = first.id;
        let edits = vec![
            Edit::AddCoding(first),
            Edit::AddCoding(coding(codes[0], 0, 27)),
            Edit::SetCodingRange {
                id: first_id,
                range: TextRange::new(5, 6),
            },
            Edit::SetCodingCode {
                id: first_id,
                code: codes[2],
            },
            Edit::Batch(vec![
                Edit::RemoveCoding(first_id),
                Edit::AddCoding(coding(codes[2], 14, 18)),
            ]),
            Edit::SetCode {
                id: codes[0],
                field: crate::edit::CodeField::Color(Rgb([9, 9, 9])),
            },
        ];
        for e in edits {
            h.apply(&mut p, e, "edit", "me")
                .unwrap_or_else(|e| panic!("{e}"));
            check(&p, &h, &mut live);
        }
        while h.can_undo() {
            h.undo(&mut p).unwrap_or_else(|e| panic!("{e}"));
            check(&p, &h, &mut live);
        }
        while h.can_redo() {
            h.redo(&mut p).unwrap_or_else(|e| panic!("{e}"));
            check(&p, &h, &mut live);
        }
        // Two steps between refreshes: compared with the last codings instead.
        h.undo(&mut p).unwrap_or_else(|e| panic!("{e}"));
        h.undo(&mut p).unwrap_or_else(|e| panic!("{e}"));
        check(&p, &h, &mut live);
    }

    #[test]
    fn overlapping_codings_never_share_a_lane() {
        let (mut p, doc, codes) = project();
        for i in 0..20 {
            add(&mut p, doc, codes[i % 3], i, (i + 1 + (i * 7) % 9).min(27));
        }
        let d = p.document(doc).cloned().unwrap_or_else(|| panic!("doc"));
        let dv = Derived::build(&p, &d);
        for (i, a) in dv.marks.iter().enumerate() {
            for b in &dv.marks[i + 1..] {
                if a.range.overlaps(&b.range) {
                    assert_ne!(a.lane, b.lane, "{a:?} {b:?}");
                }
            }
        }
    }
}
