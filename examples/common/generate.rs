//! The project the store and REFI-QDA benchmarks share: `docs` transcripts of `words` words in
//! turns of 100, `codings` codings of about two words spread over them, `codes` codes and
//! `themes` themes (two groups, the rest with five codes each). Deterministic.

use gloss::model::{
    Code, Coder, Coding, CodingId, Document, Project, Rgb, TextRange, Theme, ThemeKind, Timestamp,
    Turn,
};

const WORDS: [&str; 24] = [
    "the",
    "clinic",
    "we",
    "patients",
    "felt",
    "really",
    "about",
    "staff",
    "night",
    "and",
    "safe",
    "service",
    "nurses",
    "because",
    "café",
    "dose",
    "was",
    "it",
    "team",
    "worried",
    "calm",
    "room",
    "supervised",
    "work",
];

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

pub fn generate(docs: usize, words: usize, codings: usize, codes: usize, themes: usize) -> Project {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let coder = Coder {
        id: gloss::model::CoderId::new(),
        name: "Bench".into(),
        machine: String::new(),
    };
    let mut p = Project::named("Bench");
    p.coders.push(coder.clone());
    for i in 0..codes {
        p.codes.push(Code::new(
            &format!("code {i}"),
            Rgb([(i * 37 % 255) as u8, 120, 200]),
        ));
    }
    let per_turn = 100;
    for d in 0..docs {
        let mut turns = Vec::new();
        let mut left = words;
        let mut t = 0;
        while left > 0 {
            let n = per_turn.min(left);
            left -= n;
            let mut text = String::with_capacity(n * 7);
            for w in 0..n {
                if w > 0 {
                    text.push(' ');
                }
                text.push_str(WORDS[rng.below(WORDS.len())]);
            }
            let speaker = if t % 2 == 0 {
                "Interviewer"
            } else {
                "Participant"
            };
            turns.push(Turn::new(Some(speaker), &text));
            t += 1;
        }
        p.documents
            .push(Document::new(&format!("Transcript {d}"), turns).into());
    }
    let per_doc = codings.div_ceil(docs);
    'outer: for d in &p.documents {
        let starts = d.turn_starts();
        for k in 0..per_doc {
            if p.codings.len() == codings {
                break 'outer;
            }
            let turn = rng.below(d.turns().len());
            let text = &d.turns()[turn].text;
            // From a word start to a word end inside one turn.
            let spaces: Vec<usize> = text.match_indices(' ').map(|(i, _)| i).collect();
            let a = if spaces.is_empty() {
                0
            } else {
                spaces[rng.below(spaces.len())] + 1
            };
            let b = text[a..].find(' ').map_or(text.len(), |i| a + i);
            let b = text[b..]
                .find(' ')
                .map_or(text.len(), |i| b + 1 + i)
                .min(text.len());
            let range = TextRange {
                start: starts[turn] + a,
                end: starts[turn] + b.max(a + 1),
            };
            let id = CodingId::new();
            p.codings.insert(
                id,
                Coding {
                    id,
                    document: d.id,
                    code: p.codes[(k * 7 + turn) % codes].id,
                    range,
                    coder: coder.id,
                    created: Timestamp(1_700_000_000_000),
                },
            );
        }
    }
    let groups = [
        Theme::new("Rewarding", ThemeKind::Group, None),
        Theme::new("Challenging", ThemeKind::Group, None),
    ];
    let group_ids = [groups[0].id, groups[1].id];
    p.themes.extend(groups);
    for i in 0..themes.saturating_sub(2) {
        let mut t = Theme::new(
            &format!("theme {i}"),
            ThemeKind::Theme,
            Some(group_ids[i % 2]),
        );
        t.codes = (0..5).map(|k| p.codes[(i * 5 + k) % codes].id).collect();
        p.themes.push(t);
    }
    p.reindex();
    p
}
