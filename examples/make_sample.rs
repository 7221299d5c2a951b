//! Regenerates the bundled sample project `assets/sample.gloss` from the plain files in
//! `assets/sample/`: six transcripts, `codes.txt`, `codings.txt`, `themes.txt` and
//! `participants.txt` (each participant's role, site and round).
//! Ids and times are derived from names, so the output is the same on every run.
//!
//! cargo run --example make_sample

use gloss::edit::{self, Edit};
use gloss::import::parse_transcript;
use gloss::model::{
    Code, CodeId, Coder, CoderId, Coding, CodingId, DocId, Project, Rgb, TextRange, Theme, ThemeId,
    ThemeKind, ThemeStatus, Timestamp,
};
use std::path::Path;

const FILES: [&str; 6] = [
    "r1_northside_nurses.txt",
    "r1_harbour_nurses.txt",
    "r1_northside_doctor.txt",
    "r1_harbour_socialworker.txt",
    "r2_northside_nurses.txt",
    "r2_harbour_doctor.txt",
];
/// 2026-03-02T09:00:00Z, when the fictional analyst began.
const START_MS: i64 = 1_772_442_000_000;

/// A stable v4-shaped UUID from a name (FNV-1a, twice with different seeds).
fn uuid_for(name: &str) -> uuid::Uuid {
    let fnv = |seed: u64| {
        name.bytes().fold(seed, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
        })
    };
    let hi = fnv(0xcbf2_9ce4_8422_2325);
    let lo = fnv(0x8422_2325_cbf2_9ce4);
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&hi.to_be_bytes());
    bytes[8..].copy_from_slice(&lo.to_be_bytes());
    uuid::Builder::from_random_bytes(bytes).into_uuid()
}

fn fields(line: &str) -> Vec<&str> {
    line.split('|').map(str::trim).collect()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets");
    let src = dir.join("sample");
    let mut p = Project::named("Clinicians' experience of supervised treatment (sample)");
    let coder = Coder {
        id: CoderId(uuid_for("coder:sample")),
        name: "Sample Analyst".into(),
        machine: String::new(),
    };
    p.coders.push(coder.clone());

    for (i, file) in FILES.iter().enumerate() {
        let text = std::fs::read_to_string(src.join(file))?;
        let mut doc = parse_transcript(file, &text);
        doc.id = DocId(uuid_for(&format!("doc:{file}")));
        doc.source = (*file).to_owned();
        doc.imported = Timestamp(START_MS + i as i64 * 60_000);
        // r1_northside_nurses.txt -> round 1, Northside, group interview
        let parts: Vec<&str> = file.trim_end_matches(".txt").split('_').collect();
        let round = parts.first().map_or("", |r| r.trim_start_matches('r'));
        let site = parts.get(1).map_or(String::new(), |s| {
            let mut c = s.chars();
            c.next()
                .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
        });
        let format = if parts.get(2) == Some(&"nurses") {
            "group"
        } else {
            "individual"
        };
        doc.attributes.insert("round".into(), round.to_owned());
        doc.attributes.insert("site".into(), site);
        doc.attributes.insert("format".into(), format.to_owned());
        for name in doc
            .turns()
            .iter()
            .filter_map(|t| t.speaker.as_deref().map(str::to_owned))
        {
            if p.participant(&name).is_none() {
                p.participants.push(gloss::model::Participant {
                    interviewer: name == "Interviewer",
                    name,
                    attributes: Default::default(),
                });
            }
        }
        p.documents.push(std::sync::Arc::new(doc));
    }

    for line in std::fs::read_to_string(src.join("codes.txt"))?
        .lines()
        .filter(|l| !l.trim().is_empty())
    {
        let f = fields(line);
        let [name, color, description] = f[..] else {
            return Err(format!("bad code line: {line}").into());
        };
        let mut code = Code::new(name, Rgb::parse_hex(color).ok_or("bad colour")?);
        code.id = CodeId(uuid_for(&format!("code:{name}")));
        code.description = description.to_owned();
        p.codes.push(code);
    }

    let codings = std::fs::read_to_string(src.join("codings.txt"))?;
    for (n, line) in codings.lines().filter(|l| !l.trim().is_empty()).enumerate() {
        let f = fields(line);
        let [file, code_name, phrase] = f[..] else {
            return Err(format!("bad coding line: {line}").into());
        };
        let doc_id = DocId(uuid_for(&format!("doc:{file}")));
        let doc = p
            .document(doc_id)
            .ok_or_else(|| format!("unknown file {file}"))?;
        let code = p
            .code_by_name(code_name)
            .ok_or_else(|| format!("unknown code {code_name}"))?;
        let (turn, at) = doc
            .turns()
            .iter()
            .zip(doc.turn_starts())
            .find_map(|(t, s)| t.text.find(phrase).map(|i| (t, s + i)))
            .ok_or_else(|| format!("phrase not found in {file}: {phrase}"))?;
        let _ = turn;
        let coding = Coding {
            id: CodingId(uuid_for(&format!("coding:{file}:{code_name}:{phrase}"))),
            document: doc_id,
            code: code.id,
            range: TextRange::new(at, at + phrase.len()),
            coder: coder.id,
            created: Timestamp(START_MS + 3_600_000 + n as i64 * 97_000),
        };
        edit::apply(&mut p, Edit::AddCoding(coding)).map_err(|e| format!("{line}: {e}"))?;
    }

    let groups = [
        (
            "Rewarding",
            "Aspects of providing treatment that clinicians experienced as rewarding.",
        ),
        (
            "Challenging",
            "Aspects of providing treatment that clinicians experienced as challenging.",
        ),
    ];
    for (name, description) in groups {
        let mut g = Theme::new(name, ThemeKind::Group, None);
        g.id = ThemeId(uuid_for(&format!("group:{name}")));
        g.description = description.to_owned();
        p.themes.push(g);
    }
    for line in std::fs::read_to_string(src.join("themes.txt"))?
        .lines()
        .filter(|l| !l.trim().is_empty())
    {
        let f = fields(line);
        let [
            group,
            name,
            description,
            involves,
            concerns,
            codes,
            status,
            exemplars,
        ] = f[..]
        else {
            return Err(format!("bad theme line: {line}").into());
        };
        let mut t = Theme::new(
            name,
            ThemeKind::Theme,
            Some(ThemeId(uuid_for(&format!("group:{group}")))),
        );
        t.id = ThemeId(uuid_for(&format!("theme:{name}")));
        t.description = description.to_owned();
        t.involves = involves.to_owned();
        t.concerns = concerns.to_owned();
        for c in codes.split(';').map(str::trim) {
            t.codes.push(
                p.code_by_name(c)
                    .ok_or_else(|| format!("unknown code {c}"))?
                    .id,
            );
        }
        t.status = match status {
            "candidate" => ThemeStatus::Candidate,
            "reviewed" => ThemeStatus::Reviewed,
            "final" => ThemeStatus::Final,
            _ => return Err(format!("bad status {status} in: {line}").into()),
        };
        // Exemplars: "file: phrase; file: phrase", each the exact phrase of a coding whose code
        // supports the theme.
        for quote in exemplars
            .split("; ")
            .map(str::trim)
            .filter(|q| !q.is_empty())
        {
            let (file, phrase) = quote
                .split_once(": ")
                .ok_or_else(|| format!("bad exemplar {quote}"))?;
            let doc_id = DocId(uuid_for(&format!("doc:{file}")));
            let doc = p
                .document(doc_id)
                .ok_or_else(|| format!("unknown file {file}"))?;
            let coding = p
                .codings
                .values()
                .find(|c| {
                    c.document == doc_id
                        && t.codes.contains(&c.code)
                        && doc.slice(c.range) == phrase
                })
                .ok_or_else(|| format!("no coding of {name}'s codes quotes {quote}"))?;
            t.exemplars.push(coding.id);
        }
        p.themes.push(t);
    }

    review_round(&mut p)?;
    add_participant_attributes(&mut p, &src)?;

    let problems = gloss::model::validate(&p);
    if !problems.is_empty() {
        return Err(format!("sample is invalid: {problems:?}").into());
    }
    let out = dir.join("sample.gloss");
    gloss::store::save(&p, &out)?;
    println!(
        "wrote {}: {} documents, {} words, {} codes, {} themes, {} codings",
        out.display(),
        p.documents.len(),
        p.total_words(),
        p.codes.len(),
        p.themes.len(),
        p.codings.len()
    );
    Ok(())
}

/// The theme tree of the conference abstract (four rewarding plus four challenging aspects),
/// before two pairs were merged into the paper's three plus three. Themes that lived on keep
/// their ids (and are renamed); the four that were merged have their own.
const ABSTRACT: [(&str, &str, &str, &str, &str); 8] = [
    (
        "Rewarding",
        "More than medication",
        "Holistic and patient-centred care",
        "Care for the whole person, not only the dose.",
        "Care beyond the syringe; Health and daily life gains",
    ),
    (
        "Rewarding",
        "Seeing harm reduced",
        "Observed harm reduction outcomes",
        "What staff have seen change in patients' health since they started treatment.",
        "Stabilisation observed; Health and daily life gains",
    ),
    (
        "Rewarding",
        "",
        "Smoother than expected",
        "The clinics ran more calmly than staff had expected.",
        "Calmer than feared",
    ),
    (
        "Rewarding",
        "",
        "Clinic milieu and patient-clinician relations",
        "The atmosphere of the clinic and the relations between staff and patients.",
        "Rapport and trust; Team support",
    ),
    (
        "Challenging",
        "Dosing and overdose risk",
        "Negotiating doses and the risk of overdose",
        "Weighing patients' wishes for more medication against safety.",
        "Dose negotiation; Overdose and side use",
    ),
    (
        "Challenging",
        "Rules and frustration",
        "Enforcing rules and handling frustration",
        "Keeping clinic rules and handling patients' anger.",
        "Rules and consistency; Frustration and aggression",
    ),
    (
        "Challenging",
        "",
        "Initiating recovery beyond medication",
        "The difficulty of reaching recovery goals beyond stable dosing.",
        "Beyond harm reduction",
    ),
    (
        "Challenging",
        "",
        "Staffing limitations",
        "Too few staff, which restricted what the clinics could offer.",
        "Staffing and workload",
    ),
];

/// The review round the sample shows: a snapshot of the conference abstract's tree, a
/// supervisor's comments (some resolved, one answered) and sign-offs (one on a theme changed
/// since).
fn review_round(p: &mut Project) -> Result<(), Box<dyn std::error::Error>> {
    use gloss::model::{
        Anchor, Comment, CommentId, Resolved, SignOff, SignOffId, SnapshotId, Verdict,
    };
    let day = 86_400_000;
    let supervisor = Coder {
        id: CoderId(uuid_for("coder:supervisor")),
        name: "Ingrid (supervisor)".into(),
        machine: String::new(),
    };
    let analyst = p.coders[0].id;
    edit::apply(
        p,
        Edit::InsertCoder {
            index: p.coders.len(),
            coder: supervisor.clone(),
        },
    )?;
    // The abstract's tree, counted as the codings stood.
    let mut then = p.clone();
    then.themes.retain(|t| t.kind == ThemeKind::Group);
    for (group, now_name, name, description, codes) in ABSTRACT {
        let id = if now_name.is_empty() {
            ThemeId(uuid_for(&format!("abstract:{name}")))
        } else {
            ThemeId(uuid_for(&format!("theme:{now_name}")))
        };
        let mut t = Theme::new(
            name,
            ThemeKind::Theme,
            Some(ThemeId(uuid_for(&format!("group:{group}")))),
        );
        t.id = id;
        t.description = description.to_owned();
        for c in codes.split(';').map(str::trim) {
            t.codes
                .push(p.code_by_name(c).ok_or(format!("unknown code {c}"))?.id);
        }
        then.themes.push(t);
    }
    then.reindex();
    let mut snap = gloss::review::current(&then);
    snap.id = SnapshotId(uuid_for("snapshot:abstract"));
    snap.label = "Conference abstract".into();
    snap.taken = Timestamp(START_MS + 20 * day);
    snap.author = analyst;
    edit::apply(
        p,
        Edit::PutSnapshot {
            id: snap.id,
            value: Some(Box::new(snap)),
            at: None,
        },
    )?;

    let theme = |name: &str| ThemeId(uuid_for(&format!("theme:{name}")));
    let doc = |file: &str| DocId(uuid_for(&format!("doc:{file}")));
    let find = |p: &Project, file: &str, phrase: &str| -> Result<TextRange, String> {
        let d = p
            .document(doc(file))
            .ok_or(format!("unknown file {file}"))?;
        d.turns()
            .iter()
            .zip(d.turn_starts())
            .find_map(|(t, s)| t.text.find(phrase).map(|i| s + i))
            .map(|at| TextRange::new(at, at + phrase.len()))
            .ok_or_else(|| format!("phrase not found in {file}: {phrase}"))
    };
    let engine = p
        .codings
        .values()
        .find(|c| {
            p.document(c.document)
                .is_some_and(|d| d.slice(c.range).contains("very good engine"))
        })
        .map(|c| c.id)
        .ok_or("no coding quotes the engine")?;
    let code = |name: &str| CodeId(uuid_for(&format!("code:{name}")));
    let at = |d: i64, h: i64| Timestamp(START_MS + d * day + h * 3_600_000);
    let rules_passage = find(
        p,
        "r1_northside_doctor.txt",
        "That inconsistency caused more trouble than the rudeness itself.",
    )?;
    // (key, anchor, reply to, author, time, text, resolved by supervisor at)
    type Line<'a> = (
        &'a str,
        Anchor,
        Option<&'a str>,
        CoderId,
        Timestamp,
        &'a str,
        Option<Timestamp>,
    );
    let comments: Vec<Line> = vec![
        (
            "calm",
            Anchor::Theme(theme("A calm clinic and good relations")),
            None,
            supervisor.id,
            at(24, 9),
            "The abstract kept “smoother than expected” and the clinic milieu apart. Is the \
             merge justified? The calm-clinic quotes are about expectations, the rapport ones \
             about relations.",
            Some(at(26, 14)),
        ),
        (
            "calm-reply",
            Anchor::Theme(theme("A calm clinic and good relations")),
            Some("calm"),
            analyst,
            at(25, 11),
            "Both describe the working atmosphere, and the clinicians moved between them in the \
             same breath. The paper reports them together, with the expectations as the opening.",
            None,
        ),
        (
            "beyond",
            Anchor::Theme(theme("Getting beyond medication")),
            None,
            supervisor.id,
            at(24, 10),
            "Staffing was a challenge of its own in the abstract. Make sure it still comes through \
             in the write-up now that it sits under this theme.",
            None,
        ),
        (
            "engine",
            Anchor::Coding(engine),
            None,
            supervisor.id,
            at(24, 11),
            "Lovely quote: lead the theme with it.",
            Some(at(26, 15)),
        ),
        (
            "rules",
            Anchor::Passage {
                document: doc("r1_northside_doctor.txt"),
                range: rules_passage,
            },
            None,
            supervisor.id,
            at(24, 12),
            "Is this about the rules or about the aggression? Check which code it belongs to.",
            None,
        ),
        (
            "gains",
            Anchor::Code(code("Health and daily life gains")),
            None,
            supervisor.id,
            at(24, 13),
            "This code supports two themes; say in the methods why.",
            None,
        ),
    ];
    for (key, anchor, reply_to, author, created, text, resolved) in comments {
        let c = Comment {
            id: CommentId(uuid_for(&format!("comment:{key}"))),
            anchor,
            reply_to: reply_to.map(|r| CommentId(uuid_for(&format!("comment:{r}")))),
            author,
            created,
            edited: None,
            text: text.to_owned(),
            resolved: resolved.map(|at| Resolved {
                by: supervisor.id,
                at,
            }),
        };
        edit::apply(
            p,
            Edit::PutComment {
                id: c.id,
                value: Some(Box::new(c)),
                at: None,
            },
        )?;
    }

    // Sign-offs: one approval of the theme as it stands, one approval of a theme the analyst
    // has reworded since, and one request for changes.
    let state = |name: &str| -> Result<Theme, String> {
        p.theme(theme(name))
            .cloned()
            .ok_or_else(|| format!("unknown theme {name}"))
    };
    let mut dosing_then = state("Dosing and overdose risk")?;
    dosing_then.description =
        "Weighing patients' wishes for more medication against safety.".into();
    let signoffs = [
        (
            "harm",
            state("Seeing harm reduced")?,
            Verdict::Approved,
            "Clear, and well evidenced across both sites.",
            at(26, 16),
        ),
        (
            "dosing",
            dosing_then,
            Verdict::Approved,
            "Good. Keep the gatekeeper quote.",
            at(26, 17),
        ),
        (
            "rules",
            state("Rules and frustration")?,
            Verdict::ChangesRequested,
            "The definition is thin: which rules, and whose frustration?",
            at(26, 18),
        ),
    ];
    for (key, state, verdict, note, time) in signoffs {
        let s = SignOff {
            id: SignOffId(uuid_for(&format!("signoff:{key}"))),
            theme: state.id,
            reviewer: supervisor.id,
            time,
            verdict,
            note: note.to_owned(),
            state,
        };
        edit::apply(
            p,
            Edit::PutSignOff {
                id: s.id,
                value: Some(Box::new(s)),
                at: None,
            },
        )?;
    }
    Ok(())
}

/// Declares the sample's typed attributes (participants: role, site, round; documents: round,
/// site, format) and gives each participant theirs from `participants.txt`.
fn add_participant_attributes(
    p: &mut Project,
    src: &Path,
) -> Result<(), Box<dyn std::error::Error>> {
    use gloss::model::{AttributeDef, AttributeKind, AttributeOf};
    let choice = |v: &[&str]| AttributeKind::Choice(v.iter().map(|s| (*s).to_owned()).collect());
    let sites = ["Harbour", "Northside"];
    for (of, name, kind) in [
        (
            AttributeOf::Participant,
            "role",
            choice(&["nurse", "doctor", "social worker"]),
        ),
        (AttributeOf::Participant, "site", choice(&sites)),
        (AttributeOf::Participant, "round", AttributeKind::Number),
        (AttributeOf::Document, "round", AttributeKind::Number),
        (AttributeOf::Document, "site", choice(&sites)),
        (
            AttributeOf::Document,
            "format",
            choice(&["group", "individual"]),
        ),
    ] {
        p.attributes.push(AttributeDef {
            name: name.into(),
            of,
            kind,
        });
    }
    for line in std::fs::read_to_string(src.join("participants.txt"))?
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
    {
        let f = fields(line);
        let [name, role, site, round] = f[..] else {
            return Err(format!("bad participant line: {line}").into());
        };
        let i = p
            .participant_index(name)
            .ok_or_else(|| format!("no speaker called {name} in the transcripts"))?;
        let attrs = &mut p.participants[i].attributes;
        attrs.insert("role".into(), role.to_owned());
        attrs.insert("site".into(), site.to_owned());
        attrs.insert("round".into(), round.to_owned());
    }
    p.reindex();
    Ok(())
}
