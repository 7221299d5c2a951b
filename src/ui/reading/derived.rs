//! Data derived from the project for one document, rebuilt only when the project changes (keyed
//! by the history's generation), never per frame: the turns' offsets, the codings of each
//! paragraph, and each coding's stripe lane.

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
}

impl Derived {
    /// Rebuilds for `doc` unless already built for it at `generation`.
    pub fn refresh(&mut self, project: &Project, doc: &Document, generation: u64) {
        let text_key = (doc.id, doc.turns.len(), doc.len());
        if self.text_key != Some(text_key) {
            self.starts = doc.turn_starts();
            let stats: Vec<(u32, usize)> = doc.turns.iter().map(|t| text_stats(&t.text)).collect();
            self.chars = stats.iter().map(|s| s.0).collect();
            self.words = stats.iter().map(|s| s.1).sum();
            self.text_key = Some(text_key);
            self.key = None;
        }
        if self.key == Some((doc.id, generation)) {
            return;
        }
        self.build_marks(project, doc);
        self.key = Some((doc.id, generation));
    }

    #[cfg(test)]
    pub fn build(project: &Project, doc: &Document) -> Self {
        let mut d = Self::default();
        d.refresh(project, doc, 0);
        d
    }

    fn build_marks(&mut self, project: &Project, doc: &Document) {
        // Codes by id, for a binary search (faster than hashing ids for every coding).
        let mut codes: Vec<(CodeId, Rgb, u32)> = project
            .codes
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id, c.color, i as u32))
            .collect();
        codes.sort_unstable_by_key(|c| c.0);
        self.codes = project.codes.iter().map(|c| c.name.clone()).collect();
        let marks: Vec<Mark> = project
            .codings
            .values()
            .filter(|c| c.document == doc.id)
            .filter_map(|c| {
                let k = codes.binary_search_by_key(&c.code, |x| x.0).ok()?;
                let (_, color, code_ix) = codes.get(k)?;
                Some(Mark {
                    id: c.id,
                    range: c.range,
                    lane: 0,
                    color: *color,
                    code_ix: *code_ix,
                })
            })
            .collect();
        // By start, longer first, then by code: sort small (key, index) pairs, then permute.
        let mut keys: Vec<(u128, u32)> = marks
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let key = ((m.range.start as u128) << 80)
                    | (((u64::MAX - m.range.end as u64) as u128 & 0xffff_ffff_ffff) << 32)
                    | m.code_ix as u128;
                (key, i as u32)
            })
            .collect();
        keys.sort_unstable();
        let mut marks: Vec<Mark> = keys
            .iter()
            .filter_map(|(_, i)| marks.get(*i as usize).cloned())
            .collect();
        let lanes = pack_lanes(&mut marks, self.codes.len());
        // Paragraph -> marks, as offsets into one flat list. Marks are sorted by start, so one
        // sweep finds each mark's first paragraph.
        let starts = &self.starts;
        let n = doc.turns.len();
        if n == 0 {
            marks.clear();
        }
        let mut spans: Vec<(u32, u32)> = Vec::with_capacity(marks.len());
        let mut first = 0;
        for m in &marks {
            while first + 1 < n && starts[first + 1] <= m.range.start {
                first += 1;
            }
            let mut last = first;
            while last + 1 < n && starts[last + 1] < m.range.end {
                last += 1;
            }
            spans.push((first as u32, last as u32));
        }
        let mut counts = vec![0u32; n + 1];
        for &(a, b) in &spans {
            for p in a..=b {
                counts[p as usize + 1] += 1;
            }
        }
        for p in 0..n {
            counts[p + 1] += counts[p];
        }
        let mut fill = counts.clone();
        let mut flat = vec![0u32; counts[n] as usize];
        for (k, &(a, b)) in spans.iter().enumerate() {
            for p in a..=b {
                flat[fill[p as usize] as usize] = k as u32;
                fill[p as usize] += 1;
            }
        }
        self.marks = marks;
        self.para_offsets = counts;
        self.para_marks = flat;
        self.lanes = lanes;
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

/// Characters and whitespace-separated words (as [`Document::word_count`] counts them) in one
/// pass over the bytes: only the lead bytes of the few non-ASCII whitespace characters are
/// decoded.
fn text_stats(text: &str) -> (u32, usize) {
    let bytes = text.as_bytes();
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
        ] {
            let (chars, words) = text_stats(t);
            assert_eq!(words, t.split_whitespace().count(), "{t:?}");
            assert_eq!(chars as usize, t.chars().count(), "{t:?}");
        }
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
