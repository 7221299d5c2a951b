//! Data derived from the project for one document, rebuilt only when the project changes (keyed
//! by the history's generation), never per frame: the turns' offsets, the codings of each
//! paragraph, and each coding's stripe lane.

use crate::model::{CodeId, CodingId, DocId, Document, Project, Rgb, TextRange};

/// One coding of the document, as the pane draws it.
#[derive(Clone, Debug)]
pub struct Mark {
    pub id: CodingId,
    pub code: CodeId,
    pub range: TextRange,
    /// Stripe lane: codings that do not overlap share a lane.
    pub lane: usize,
    pub color: Rgb,
    pub name: String,
}

#[derive(Default)]
pub struct Derived {
    pub key: Option<(DocId, u64)>,
    pub starts: Vec<usize>,
    pub marks: Vec<Mark>,
    /// Indices into `marks` of the codings touching each paragraph.
    pub per_para: Vec<Vec<u32>>,
    pub lanes: usize,
}

impl Derived {
    /// Rebuilds for `doc` unless already built for it at `generation`.
    pub fn refresh(&mut self, project: &Project, doc: &Document, generation: u64) {
        if self.key == Some((doc.id, generation)) {
            return;
        }
        *self = Self::build(project, doc);
        self.key = Some((doc.id, generation));
    }

    pub fn build(project: &Project, doc: &Document) -> Self {
        let starts = doc.turn_starts();
        let codes: std::collections::HashMap<CodeId, (Rgb, &str)> = project
            .codes
            .iter()
            .map(|c| (c.id, (c.color, c.name.as_str())))
            .collect();
        let mut marks: Vec<Mark> = project
            .codings
            .values()
            .filter(|c| c.document == doc.id)
            .filter_map(|c| {
                let (color, name) = codes.get(&c.code)?;
                Some(Mark {
                    id: c.id,
                    code: c.code,
                    range: c.range,
                    lane: 0,
                    color: *color,
                    name: (*name).to_owned(),
                })
            })
            .collect();
        marks.sort_by_key(|m| (m.range.start, std::cmp::Reverse(m.range.end), m.code, m.id));
        let lanes = pack_lanes(&mut marks);
        let mut per_para: Vec<Vec<u32>> = vec![Vec::new(); doc.turns.len()];
        for (k, m) in marks.iter().enumerate() {
            let first = starts
                .partition_point(|s| *s <= m.range.start)
                .saturating_sub(1);
            for (p, list) in per_para.iter_mut().enumerate().skip(first) {
                let start = starts[p];
                let end = start + doc.turns[p].text.len();
                if start >= m.range.end {
                    break;
                }
                if m.range.start <= end {
                    list.push(k as u32);
                }
            }
        }
        Self {
            key: None,
            starts,
            marks,
            per_para,
            lanes,
        }
    }

    /// The codings covering document offset `at`.
    pub fn marks_at(&self, para: usize, at: usize) -> impl Iterator<Item = &Mark> {
        self.per_para
            .get(para)
            .into_iter()
            .flatten()
            .filter_map(|k| self.marks.get(*k as usize))
            .filter(move |m| m.range.start <= at && at < m.range.end)
    }

    /// The paragraph holding document offset `at`.
    pub fn para_of(&self, at: usize) -> usize {
        self.starts.partition_point(|s| *s <= at).saturating_sub(1)
    }
}

/// Gives each coding (sorted by start) the lowest lane free at its start, preferring the lane its
/// code used last, so one code's codings tend to line up. Returns the number of lanes.
fn pack_lanes(marks: &mut [Mark]) -> usize {
    // End offset of the last coding in each lane.
    let mut lane_end: Vec<usize> = Vec::new();
    let mut last_lane: std::collections::HashMap<CodeId, usize> = Default::default();
    for m in marks.iter_mut() {
        let free = |l: usize, ends: &[usize]| ends.get(l).is_some_and(|e| *e <= m.range.start);
        let lane = match last_lane.get(&m.code) {
            Some(&l) if free(l, &lane_end) => l,
            _ => match (0..lane_end.len()).find(|&l| free(l, &lane_end)) {
                Some(l) => l,
                None => {
                    lane_end.push(0);
                    lane_end.len() - 1
                }
            },
        };
        lane_end[lane] = m.range.end;
        last_lane.insert(m.code, lane);
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
        assert_eq!(dv.per_para[0].len(), 3);
        assert_eq!(dv.per_para[1].len(), 1);
        assert_eq!(dv.per_para[2].len(), 1);
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
