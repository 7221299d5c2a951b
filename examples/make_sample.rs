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
        for name in doc.turns().iter().filter_map(|t| t.speaker.clone()) {
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
