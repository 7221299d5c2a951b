//! A small hand-made study for the query, matrix and co-occurrence tests: two documents, an
//! interviewer, three participants (one without a role), four codes (one a sub-code) and nine
//! codings whose expected counts are worked out by hand in the tests.
//!
//! ```text
//! D1 (round 1)  0 Interviewer: How is the dose set?                         [Dose c9]
//!               1 Ann:  We negotiate the dose every day. The rules are strict.
//!                       [Negotiation c1: first sentence] [Rules c2: second]
//!               2 Bob:  Rules help. Dose talk is calm.
//!                       [Rules c3: "Rules help."] [Dose c4: second sentence] [Calm c5: "calm"]
//! D2 (round 2)  0 Interviewer: And the night?
//!               1 Cid:  Nights are calm now. We negotiate less.
//!                       [Calm c6: first sentence] [Negotiation c7: second]
//!               2 Ann:  Rules still matter.                                  [Rules c8]
//! Ann: role nurse, site North; Bob: role doctor, site South; Cid: site North (no role).
//! ```

use crate::edit::{self, Edit};
use crate::model::{
    Code, CodeId, Coder, Coding, CodingId, Document, Participant, Project, Rgb, TextRange,
    Timestamp, Turn,
};
use std::sync::Arc;

pub struct Study {
    pub project: Project,
    pub dose: CodeId,
    pub negotiation: CodeId,
    pub rules: CodeId,
    pub calm: CodeId,
}

fn person(name: &str, interviewer: bool, attrs: &[(&str, &str)]) -> Participant {
    Participant {
        name: name.into(),
        interviewer,
        attributes: attrs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    }
}

pub fn study() -> Study {
    let mut p = Project::named("Study");
    let coder = Coder::new("Ana");
    p.coders.push(coder.clone());
    p.participants = vec![
        person("Interviewer", true, &[]),
        person("Ann", false, &[("role", "nurse"), ("site", "North")]),
        person("Bob", false, &[("role", "doctor"), ("site", "South")]),
        person("Cid", false, &[("site", "North")]),
    ];
    let mut d1 = Document::new(
        "D1",
        vec![
            Turn::new(Some("Interviewer"), "How is the dose set?"),
            Turn::new(
                Some("Ann"),
                "We negotiate the dose every day. The rules are strict.",
            ),
            Turn::new(Some("Bob"), "Rules help. Dose talk is calm."),
        ],
    );
    d1.attributes.insert("round".into(), "1".into());
    let mut d2 = Document::new(
        "D2",
        vec![
            Turn::new(Some("Interviewer"), "And the night?"),
            Turn::new(Some("Cid"), "Nights are calm now. We negotiate less."),
            Turn::new(Some("Ann"), "Rules still matter."),
        ],
    );
    d2.attributes.insert("round".into(), "2".into());
    let dose = Code::new("Dose", Rgb([200, 80, 80]));
    let mut negotiation = Code::new("Negotiation", Rgb([80, 200, 80]));
    negotiation.parent = Some(dose.id);
    let rules = Code::new("Rules", Rgb([80, 80, 200]));
    let calm = Code::new("Calm", Rgb([200, 200, 80]));
    let ids = (dose.id, negotiation.id, rules.id, calm.id);
    p.codes = vec![dose, negotiation, rules, calm];
    let add = |p: &mut Project, doc: &Document, turn: usize, text: &str, code: CodeId| {
        let t = &doc.turns()[turn].text;
        let at = t.find(text).unwrap_or_else(|| panic!("{text} not in turn"));
        let s = doc.turn_starts()[turn] + at;
        let id = CodingId::new();
        p.codings.insert(
            id,
            Coding {
                id,
                document: doc.id,
                code,
                range: TextRange::new(s, s + text.len()),
                coder: coder.id,
                created: Timestamp(1),
            },
        );
    };
    add(&mut p, &d1, 1, "We negotiate the dose every day.", ids.1);
    add(&mut p, &d1, 1, "The rules are strict.", ids.2);
    add(&mut p, &d1, 2, "Rules help.", ids.2);
    add(&mut p, &d1, 2, "Dose talk is calm.", ids.0);
    add(&mut p, &d1, 2, "calm", ids.3);
    add(&mut p, &d2, 1, "Nights are calm now.", ids.3);
    add(&mut p, &d2, 1, "We negotiate less.", ids.1);
    add(&mut p, &d2, 2, "Rules still matter.", ids.2);
    add(&mut p, &d1, 0, "How is the dose set?", ids.0);
    p.documents = vec![Arc::new(d1), Arc::new(d2)];
    p.reindex();
    let _ = edit::apply(&mut p, Edit::Batch(Vec::new()));
    Study {
        project: p,
        dose: ids.0,
        negotiation: ids.1,
        rules: ids.2,
        calm: ids.3,
    }
}

/// The texts of a list of places.
pub fn texts(p: &Project, places: &[crate::query::passage::Place]) -> Vec<String> {
    places
        .iter()
        .filter_map(|pl| Some(p.document(pl.document)?.slice(pl.range)))
        .collect()
}
