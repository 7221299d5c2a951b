//! Test support shared by the unit and property tests: a small fixture project with awkward
//! Unicode, and random user operations that map onto real edits.

use crate::edit::{CodeField, Edit, ThemeField, ops};
use crate::model::{CodeId, Document, Project, Rgb, TextRange, ThemeId, ThemeKind, Turn};
use proptest::prelude::*;

/// Text with emoji ZWJ sequences, flags, skin tones, combining marks, CJK and right-to-left.
pub const HARD_TEXT: &str =
    "We met 👨‍👩‍👧‍👦 at the café (cafe\u{301}) 🇳🇴🇸🇪 👍🏽 — 看护 很好 — שלום עליכם, مرحبا.";

pub fn fixture() -> Project {
    let mut p = Project::named("Fixture");
    let d1 = Document::new(
        "Nurses, round 1",
        vec![
            Turn::new(Some("Interviewer"), "What has been rewarding?"),
            Turn::new(Some("Kari"), HARD_TEXT),
            Turn::new(
                Some("Jonas"),
                "The clinic is calmer than we feared. Patients sleep at night.",
            ),
        ],
    );
    let d2 = Document::new(
        "Doctor, round 2",
        vec![
            Turn::new(
                None,
                "Dose requests are daily. 🇺🇦 e\u{301}e\u{301} 中文 text.",
            ),
            Turn::new(Some("Dr Lind"), "Staffing is thin."),
        ],
    );
    for d in [d1, d2] {
        let e = ops::add_document(&p, d);
        let _ = crate::edit::apply(&mut p, e);
    }
    for name in ["Calm", "Sleep", "Dosing"] {
        let (_, e) = ops::create_code(&p, name);
        let _ = crate::edit::apply(&mut p, e);
    }
    let (g, e) = ops::create_theme(&p, "Rewarding", ThemeKind::Group, None);
    let _ = crate::edit::apply(&mut p, e);
    let (t, e) = ops::create_theme(&p, "Calm clinic", ThemeKind::Theme, Some(g));
    let _ = crate::edit::apply(&mut p, e);
    let calm = p.codes[0].id;
    if let Some(e) = ops::add_code_to_theme(&p, t, calm) {
        let _ = crate::edit::apply(&mut p, e);
    }
    let doc = p.documents[0].id;
    if let Some(e) = ops::code_passage(&p, doc, 30, 60, calm, "tester") {
        let _ = crate::edit::apply(&mut p, e);
    }
    p
}

/// A user operation with free-form numbers; [`Op::to_edit`] picks real targets from them.
#[derive(Clone, Debug)]
pub enum Op {
    Code {
        doc: usize,
        a: usize,
        b: usize,
        code: usize,
    },
    CodeNew {
        doc: usize,
        a: usize,
        b: usize,
        name: u8,
    },
    RemoveCoding(usize),
    /// Settles a passage between the coders "tester" and "other" for a consensus coder.
    Resolve {
        doc: usize,
        a: usize,
        b: usize,
        how: u8,
    },
    MoveCoding {
        coding: usize,
        code: usize,
    },
    CreateCode(u8),
    Rename {
        code: usize,
        name: u8,
    },
    Recolour {
        code: usize,
        color: u8,
    },
    Describe {
        code: usize,
        text: String,
    },
    SetCodeParent {
        code: usize,
        parent: Option<usize>,
    },
    DeleteCode(usize),
    Merge {
        from: usize,
        into: usize,
    },
    CreateTheme {
        group: bool,
        parent: Option<usize>,
    },
    SetThemeParent {
        theme: usize,
        parent: Option<usize>,
    },
    DescribeTheme {
        theme: usize,
        text: String,
    },
    AddThemeCode {
        theme: usize,
        code: usize,
    },
    RemoveThemeCode {
        theme: usize,
        index: usize,
    },
    DeleteTheme(usize),
    DeleteDocument(usize),
    RenameProject(String),
    AddExemplar {
        theme: usize,
        coding: usize,
    },
    RemoveExemplar {
        theme: usize,
        index: usize,
    },
    SetStatus {
        theme: usize,
        status: u8,
    },
    SetAttribute {
        doc: usize,
        key: u8,
        value: Option<u8>,
    },
    AddParticipant(u8),
    ToggleInterviewer(usize),
    SplitCode {
        code: usize,
        take: Vec<usize>,
        name: u8,
    },
    MoveCodingTo {
        coding: usize,
        code: usize,
    },
    Resize {
        coding: usize,
        a: usize,
        b: usize,
    },
    InVivo {
        doc: usize,
        a: usize,
        b: usize,
    },
    BindKey {
        code: usize,
        key: Option<u8>,
    },
    MergeThemes {
        from: usize,
        into: usize,
    },
    MoveTheme {
        theme: usize,
        parent: Option<usize>,
    },
    MoveCode {
        code: usize,
        parent: Option<usize>,
        index: usize,
    },
    /// Format 3's lists (comments, memos, snapshots, sign-offs, queries, conflicts, attribute
    /// declarations, settings, participant attributes), through their `Put*` edits.
    Put {
        kind: u8,
        target: usize,
        text: String,
        remove: bool,
    },
    /// A case-table command (issue 14): an attribute added, renamed, retyped or removed, values
    /// set on several rows, a small table imported, the quote attribution changed.
    Cases {
        kind: u8,
        target: usize,
        text: String,
    },
    /// An import batch (issue 5): documents whose speakers `P{n}` may already be participants,
    /// with a batch attribute and interviewer marks.
    ImportBatch {
        speakers: Vec<Vec<u8>>,
        interviewer: u8,
        site: Option<u8>,
    },
    /// Text editing (issue 15): replace `del` bytes at `at` with `text`, split or join
    /// paragraphs, set a paragraph's speaker or time, rename a speaker everywhere.
    TypeText {
        doc: usize,
        at: usize,
        del: usize,
        text: String,
    },
    SplitTurn {
        doc: usize,
        at: usize,
    },
    JoinTurns {
        doc: usize,
        turn: usize,
    },
    SetSpeaker {
        doc: usize,
        turn: usize,
        name: Option<u8>,
    },
    SetTime {
        doc: usize,
        turn: usize,
        time: Option<u8>,
    },
    RenameSpeaker {
        speaker: usize,
        name: u8,
    },
    /// Pseudonymise one of a few names that occur in the fixture.
    Pseudonymise(u8),
}

pub fn op() -> impl Strategy<Value = Op> {
    let n = || 0usize..64;
    let text = || "[a-zé 👍🏽\"#\\\\]{0,12}";
    prop_oneof![
        4 => (n(), 0usize..400, 0usize..400, n()).prop_map(|(doc, a, b, code)| Op::Code { doc, a, b, code }),
        1 => (n(), 0usize..400, 0usize..400, any::<u8>()).prop_map(|(doc, a, b, name)| Op::CodeNew { doc, a, b, name }),
        2 => n().prop_map(Op::RemoveCoding),
        2 => (n(), 0usize..400, 0usize..400, 0u8..4).prop_map(|(doc, a, b, how)| Op::Resolve { doc, a, b, how }),
        1 => (n(), n()).prop_map(|(coding, code)| Op::MoveCoding { coding, code }),
        2 => any::<u8>().prop_map(Op::CreateCode),
        1 => (n(), any::<u8>()).prop_map(|(code, name)| Op::Rename { code, name }),
        1 => (n(), any::<u8>()).prop_map(|(code, color)| Op::Recolour { code, color }),
        1 => (n(), text()).prop_map(|(code, text)| Op::Describe { code, text }),
        1 => (n(), proptest::option::of(n())).prop_map(|(code, parent)| Op::SetCodeParent { code, parent }),
        1 => n().prop_map(Op::DeleteCode),
        2 => (n(), n()).prop_map(|(from, into)| Op::Merge { from, into }),
        1 => (any::<bool>(), proptest::option::of(n())).prop_map(|(group, parent)| Op::CreateTheme { group, parent }),
        1 => (n(), proptest::option::of(n())).prop_map(|(theme, parent)| Op::SetThemeParent { theme, parent }),
        1 => (n(), text()).prop_map(|(theme, text)| Op::DescribeTheme { theme, text }),
        2 => (n(), n()).prop_map(|(theme, code)| Op::AddThemeCode { theme, code }),
        1 => (n(), n()).prop_map(|(theme, index)| Op::RemoveThemeCode { theme, index }),
        1 => n().prop_map(Op::DeleteTheme),
        1 => n().prop_map(Op::DeleteDocument),
        1 => text().prop_map(Op::RenameProject),
        2 => (n(), n()).prop_map(|(theme, coding)| Op::AddExemplar { theme, coding }),
        1 => (n(), n()).prop_map(|(theme, index)| Op::RemoveExemplar { theme, index }),
        1 => (n(), any::<u8>()).prop_map(|(theme, status)| Op::SetStatus { theme, status }),
        1 => (n(), 0u8..3, proptest::option::of(any::<u8>())).prop_map(|(doc, key, value)| Op::SetAttribute { doc, key, value }),
        1 => any::<u8>().prop_map(Op::AddParticipant),
        1 => n().prop_map(Op::ToggleInterviewer),
        1 => (n(), prop::collection::vec(n(), 0..4), any::<u8>()).prop_map(|(code, take, name)| Op::SplitCode { code, take, name }),
        1 => (n(), n()).prop_map(|(coding, code)| Op::MoveCodingTo { coding, code }),
        2 => (n(), 0usize..400, 0usize..400).prop_map(|(coding, a, b)| Op::Resize { coding, a, b }),
        1 => (n(), 0usize..400, 0usize..400).prop_map(|(doc, a, b)| Op::InVivo { doc, a, b }),
        1 => (n(), proptest::option::of(1u8..10)).prop_map(|(code, key)| Op::BindKey { code, key }),
        1 => (n(), n()).prop_map(|(from, into)| Op::MergeThemes { from, into }),
        1 => (n(), proptest::option::of(n())).prop_map(|(theme, parent)| Op::MoveTheme { theme, parent }),
        1 => (n(), proptest::option::of(n()), n()).prop_map(|(code, parent, index)| Op::MoveCode { code, parent, index }),
        4 => (0u8..10, n(), text(), any::<bool>()).prop_map(|(kind, target, text, remove)| Op::Put { kind, target, text, remove }),
        2 => (any::<u8>(), n(), text()).prop_map(|(kind, target, text)| Op::Cases { kind, target, text }),
        1 => (
            proptest::collection::vec(proptest::collection::vec(0u8..8, 0..4), 1..3),
            0u8..8,
            proptest::option::of(any::<u8>()),
        )
            .prop_map(|(speakers, interviewer, site)| Op::ImportBatch { speakers, interviewer, site }),
        4 => (n(), 0usize..400, 0usize..12, typed())
            .prop_map(|(doc, at, del, text)| Op::TypeText { doc, at, del, text }),
        1 => (n(), 0usize..400).prop_map(|(doc, at)| Op::SplitTurn { doc, at }),
        1 => (n(), n()).prop_map(|(doc, turn)| Op::JoinTurns { doc, turn }),
        1 => (n(), n(), proptest::option::of(0u8..4)).prop_map(|(doc, turn, name)| Op::SetSpeaker { doc, turn, name }),
        1 => (n(), n(), proptest::option::of(any::<u8>())).prop_map(|(doc, turn, time)| Op::SetTime { doc, turn, time }),
        1 => (n(), 0u8..4).prop_map(|(speaker, name)| Op::RenameSpeaker { speaker, name }),
        1 => any::<u8>().prop_map(Op::Pseudonymise),
    ]
}

/// Text a user might type or paste: hard Unicode pieces (a lone combining mark, half a flag, a
/// ZWJ, a skin tone), line breaks, tabs and control characters, or nothing (a deletion).
pub fn typed() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "a", "é", " ", "e\u{301}", "\u{301}", "🇳", "🇴", "🇳🇴", "\u{200d}", "👍", "🏽", "看护",
        "שלום", "Kari", "\n", "\t", "\0", "\u{7}", "\u{fffd}", "\r\n", "mmm",
    ]);
    prop::collection::vec(pieces, 0..4).prop_map(|v| v.concat())
}

fn pick<T>(items: &[T], i: usize) -> Option<&T> {
    (!items.is_empty()).then(|| &items[i % items.len()])
}

fn code_at(p: &Project, i: usize) -> Option<CodeId> {
    pick(&p.codes, i).map(|c| c.id)
}

fn theme_at(p: &Project, i: usize) -> Option<ThemeId> {
    pick(&p.themes, i).map(|t| t.id)
}

impl Op {
    /// The edit this operation makes on `p`, if it applies to anything.
    pub fn to_edit(&self, p: &Project) -> Option<Edit> {
        let doc_at = |i: usize| pick(&p.documents, i);
        Some(match self {
            Op::Code { doc, a, b, code } => {
                let d = doc_at(*doc)?;
                let len = d.len().max(1);
                ops::code_passage(p, d.id, a % len, b % len, code_at(p, *code)?, "tester")?
            }
            Op::Resolve { doc, a, b, how } => {
                use crate::query::agreement::{Resolution, resolve};
                let d = doc_at(*doc)?;
                let len = d.len().max(1);
                let unit = d.snap_range(a % len, b % len)?;
                let coder = |n: &str| p.coder_by_name(n).map(|c| c.id);
                let codes: Vec<CodeId> = p.codes.iter().map(|c| c.id).collect();
                let how = Resolution::ALL[usize::from(*how) % 4];
                let pair = (coder("tester")?, coder("other")?);
                resolve(p, d.id, unit, pair, &codes, "consensus", how).ok()??
            }
            Op::CodeNew { doc, a, b, name } => {
                let d = doc_at(*doc)?;
                let len = d.len().max(1);
                ops::code_passage_with_name(
                    p,
                    d.id,
                    a % len,
                    b % len,
                    &format!("new {name}"),
                    "other",
                )?
            }
            Op::RemoveCoding(i) => {
                Edit::RemoveCoding(*p.codings.keys().nth(i % p.codings.len().max(1))?)
            }
            Op::MoveCoding { coding, code } => Edit::SetCodingCode {
                id: *p.codings.keys().nth(coding % p.codings.len().max(1))?,
                code: code_at(p, *code)?,
            },
            Op::CreateCode(n) => ops::create_code(p, &format!("code {n}")).1,
            Op::Rename { code, name } => Edit::SetCode {
                id: code_at(p, *code)?,
                field: CodeField::Name(format!("renamed {name}")),
            },
            Op::Recolour { code, color } => Edit::SetCode {
                id: code_at(p, *code)?,
                field: CodeField::Color(Rgb::palette(*color as usize)),
            },
            Op::Describe { code, text } => Edit::SetCode {
                id: code_at(p, *code)?,
                field: CodeField::Description(text.clone()),
            },
            Op::SetCodeParent { code, parent } => Edit::SetCode {
                id: code_at(p, *code)?,
                field: CodeField::Parent(match parent {
                    Some(i) => Some(code_at(p, *i)?),
                    None => None,
                }),
            },
            Op::DeleteCode(i) => ops::delete_code(p, code_at(p, *i)?),
            Op::Merge { from, into } => {
                ops::merge_codes(p, code_at(p, *from)?, code_at(p, *into)?)?
            }
            Op::CreateTheme { group, parent } => {
                let kind = if *group {
                    ThemeKind::Group
                } else {
                    ThemeKind::Theme
                };
                let parent = match parent {
                    Some(i) => Some(theme_at(p, *i)?),
                    None => None,
                };
                ops::create_theme(p, "theme", kind, parent).1
            }
            Op::SetThemeParent { theme, parent } => Edit::SetTheme {
                id: theme_at(p, *theme)?,
                field: ThemeField::Parent(match parent {
                    Some(i) => Some(theme_at(p, *i)?),
                    None => None,
                }),
            },
            Op::DescribeTheme { theme, text } => Edit::SetTheme {
                id: theme_at(p, *theme)?,
                field: ThemeField::Description(text.clone()),
            },
            Op::AddThemeCode { theme, code } => {
                ops::add_code_to_theme(p, theme_at(p, *theme)?, code_at(p, *code)?)?
            }
            Op::RemoveThemeCode { theme, index } => {
                let t = pick(&p.themes, *theme)?;
                Edit::RemoveThemeCode {
                    theme: t.id,
                    code: *pick(&t.codes, *index)?,
                }
            }
            Op::DeleteTheme(i) => ops::delete_theme(p, theme_at(p, *i)?),
            Op::DeleteDocument(i) => ops::delete_document(p, doc_at(*i)?.id),
            Op::RenameProject(s) => Edit::SetProjectName(s.clone()),
            Op::AddExemplar { theme, coding } => {
                let t = pick(&p.themes, *theme)?;
                let c = *p.codings.keys().nth(coding % p.codings.len().max(1))?;
                Edit::AddExemplar {
                    theme: t.id,
                    coding: c,
                    index: t.exemplars.len(),
                }
            }
            Op::RemoveExemplar { theme, index } => {
                let t = pick(&p.themes, *theme)?;
                Edit::RemoveExemplar {
                    theme: t.id,
                    coding: *pick(&t.exemplars, *index)?,
                }
            }
            Op::SetStatus { theme, status } => Edit::SetTheme {
                id: theme_at(p, *theme)?,
                field: ThemeField::Status(match status % 3 {
                    0 => crate::model::ThemeStatus::Candidate,
                    1 => crate::model::ThemeStatus::Reviewed,
                    _ => crate::model::ThemeStatus::Final,
                }),
            },
            Op::SetAttribute { doc, key, value } => Edit::SetDocumentAttribute {
                id: doc_at(*doc)?.id,
                key: format!("key{key}"),
                value: value.map(|v| format!("value {v}")),
            },
            Op::AddParticipant(n) => Edit::InsertParticipant {
                index: p.participants.len(),
                participant: crate::model::Participant {
                    name: format!("P{n}"),
                    interviewer: n % 5 == 0,
                    attributes: Default::default(),
                },
            },
            Op::ToggleInterviewer(i) => {
                let person = pick(&p.participants, *i)?;
                Edit::SetParticipantInterviewer {
                    name: person.name.clone(),
                    interviewer: !person.interviewer,
                }
            }
            Op::SplitCode { code, take, name } => {
                let code = code_at(p, *code)?;
                let own: Vec<_> = p
                    .codings
                    .values()
                    .filter(|c| c.code == code)
                    .map(|c| c.id)
                    .collect();
                let chosen: Vec<_> = take
                    .iter()
                    .filter_map(|i| pick(&own, *i).copied())
                    .collect();
                ops::split_code(p, code, &chosen, &format!("split {name}"))?.1
            }
            Op::MoveCodingTo { coding, code } => ops::move_coding(
                p,
                *p.codings.keys().nth(coding % p.codings.len().max(1))?,
                code_at(p, *code)?,
            )?,
            Op::Resize { coding, a, b } => {
                let c = p.codings.values().nth(coding % p.codings.len().max(1))?;
                let len = p.document(c.document)?.len().max(1);
                ops::resize_coding(p, c.id, a % len, b % len)?
            }
            Op::InVivo { doc, a, b } => {
                let d = doc_at(*doc)?;
                let len = d.len().max(1);
                ops::in_vivo(p, d.id, a % len, b % len, "tester")?.1
            }
            Op::BindKey { code, key } => ops::bind_key(p, code_at(p, *code)?, *key)?,
            Op::MergeThemes { from, into } => {
                ops::merge_themes(p, theme_at(p, *from)?, theme_at(p, *into)?)?
            }
            Op::MoveTheme { theme, parent } => ops::move_theme(
                p,
                theme_at(p, *theme)?,
                match parent {
                    Some(i) => Some(theme_at(p, *i)?),
                    None => None,
                },
            )?,
            Op::MoveCode {
                code,
                parent,
                index,
            } => ops::move_code(
                p,
                code_at(p, *code)?,
                match parent {
                    Some(i) => Some(code_at(p, *i)?),
                    None => None,
                },
                *index,
            )?,
            Op::Put {
                kind,
                target,
                text,
                remove,
            } => put_edit(p, *kind, *target, text, *remove)?,
            Op::Cases { kind, target, text } => crate::cases::random_edit(p, *kind, *target, text)?,
            Op::TypeText { doc, at, del, text } => {
                let d = doc_at(*doc)?;
                let at = at % (d.len() + 1);
                let range = TextRange::new(at, (at + del).min(d.len()));
                let end = d.locate(at).and_then(|(t, _)| d.turn_range(t))?.1;
                let range = TextRange::new(range.start, range.end.min(end));
                crate::edit::text_ops::replace(p, d.id, range, text)
                    .ok()?
                    .0
                    .edit
            }
            Op::SplitTurn { doc, at } => {
                let d = doc_at(*doc)?;
                crate::edit::text_ops::split(p, d.id, at % (d.len() + 1))?
            }
            Op::JoinTurns { doc, turn } => {
                let d = doc_at(*doc)?;
                let turn = turn % d.turns().len().max(1);
                crate::edit::text_ops::join(p, d.id, turn)?.edit
            }
            Op::SetSpeaker { doc, turn, name } => {
                let d = doc_at(*doc)?;
                let turn = turn % d.turns().len().max(1);
                d.turns().get(turn)?;
                Edit::SetTurnSpeaker {
                    doc: d.id,
                    turn,
                    speaker: name
                        .map(|n| ["Kari", "Jonas", "Interviewer", "P1"][n as usize % 4].to_owned()),
                }
            }
            Op::SetTime { doc, turn, time } => {
                let d = doc_at(*doc)?;
                let turn = turn % d.turns().len().max(1);
                d.turns().get(turn)?;
                Edit::SetTurnTime {
                    doc: d.id,
                    turn,
                    time: time.map(|t| format!("00:{:02}:{:02}", t / 60, t % 60)),
                }
            }
            Op::RenameSpeaker { speaker, name } => {
                let mut names: Vec<&str> = p
                    .documents
                    .iter()
                    .flat_map(|d| d.turns().iter().filter_map(|t| t.speaker.as_deref()))
                    .collect();
                names.sort_unstable();
                names.dedup();
                let old = pick(&names, *speaker)?;
                let new = ["Kari", "Int", "Interviewer", "Respondent"][*name as usize % 4];
                crate::edit::text_ops::rename_speaker(p, old, new).ok()?
            }
            Op::Pseudonymise(n) => {
                let real = ["Kari", "clinic", "Nurses", "café", "Lind"][*n as usize % 5];
                let map = crate::pseudonym::Pseudonyms::new(&[(real, "Zed")]);
                crate::pseudonym::plan(p, &map).ok()?.edit?
            }
            Op::ImportBatch {
                speakers,
                interviewer,
                site,
            } => {
                let docs = speakers
                    .iter()
                    .map(|names| {
                        let text: String = names
                            .iter()
                            .map(|n| format!("P{n}: said {HARD_TEXT}\n"))
                            .chain(std::iter::once("A line without speaker.\n".to_owned()))
                            .collect();
                        crate::import::parse_transcript("imported", &text)
                    })
                    .collect();
                let settings = crate::import::BatchSettings {
                    attributes: site
                        .map(|s| ("site".to_owned(), format!("site {s}")))
                        .into_iter()
                        .collect(),
                    interviewers: [format!("P{interviewer}")].into(),
                };
                crate::import::plan_batch(p, docs, &settings)
            }
        })
    }
}

/// An edit of one of format 3's lists (see [`Op::Put`]).
fn put_edit(p: &Project, kind: u8, target: usize, text: &str, remove: bool) -> Option<Edit> {
    use crate::model::*;
    let author = p.coders.first()?.id;
    let time = Timestamp(target as i64 * 1000);
    let anchor = || -> Option<Anchor> {
        Some(match target % 5 {
            0 => Anchor::Theme(theme_at(p, target)?),
            1 => Anchor::Code(code_at(p, target)?),
            2 => Anchor::Coding(*p.codings.keys().nth(target % p.codings.len().max(1))?),
            3 => {
                let d = pick(&p.documents, target)?;
                let range = d.snap_range(target % d.len().max(1), d.len())?;
                Anchor::Passage {
                    document: d.id,
                    range,
                }
            }
            _ => Anchor::Project,
        })
    };
    Some(match kind {
        0 => match pick(&p.comments, target) {
            Some(c) if remove => Edit::PutComment {
                id: c.id,
                value: None,
                at: None,
            },
            parent => {
                let comment = Comment {
                    id: CommentId::new(),
                    anchor: match parent {
                        Some(c) => c.anchor.clone(),
                        None => anchor()?,
                    },
                    reply_to: parent.map(|c| c.id),
                    author,
                    created: time,
                    edited: None,
                    text: text.to_owned(),
                    resolved: None,
                };
                Edit::PutComment {
                    id: comment.id,
                    value: Some(Box::new(comment)),
                    at: None,
                }
            }
        },
        1 => {
            let mut c = pick(&p.comments, target)?.clone();
            c.resolved = match c.resolved {
                Some(_) => None,
                None => Some(Resolved {
                    by: author,
                    at: time,
                }),
            };
            c.text.push_str(text);
            Edit::PutComment {
                id: c.id,
                value: Some(Box::new(c)),
                at: None,
            }
        }
        2 => match pick(&p.memos, target) {
            Some(m) if remove => Edit::PutMemo {
                id: m.id,
                value: None,
                at: None,
            },
            _ => {
                let memo = Memo {
                    id: MemoId::new(),
                    anchor: anchor()?,
                    title: text.chars().take(5).collect(),
                    text: text.to_owned(),
                    author,
                    created: time,
                    modified: time,
                    links: Vec::new(),
                };
                Edit::PutMemo {
                    id: memo.id,
                    value: Some(Box::new(memo)),
                    at: Some(0),
                }
            }
        },
        3 => match pick(&p.snapshots, target) {
            Some(s) if remove => Edit::PutSnapshot {
                id: s.id,
                value: None,
                at: None,
            },
            _ => {
                let snap = Snapshot {
                    id: SnapshotId::new(),
                    label: format!("{text}{target}"),
                    taken: time,
                    author,
                    codes: p.codes.clone(),
                    themes: p.themes.clone(),
                    code_counts: p
                        .codes
                        .iter()
                        .map(|c| {
                            (
                                c.id,
                                Count {
                                    codings: target,
                                    ..Count::default()
                                },
                            )
                        })
                        .collect(),
                    theme_counts: Default::default(),
                };
                Edit::PutSnapshot {
                    id: snap.id,
                    value: Some(Box::new(snap)),
                    at: None,
                }
            }
        },
        4 => {
            let theme = pick(&p.themes, target)?;
            let s = SignOff {
                id: SignOffId::new(),
                theme: theme.id,
                reviewer: author,
                time,
                verdict: if remove {
                    Verdict::ChangesRequested
                } else {
                    Verdict::Approved
                },
                note: text.to_owned(),
                state: theme.clone(),
            };
            Edit::PutSignOff {
                id: s.id,
                value: Some(Box::new(s)),
                at: None,
            }
        }
        5 => match pick(&p.queries, target) {
            Some(q) if remove => Edit::PutQuery {
                id: q.id,
                value: None,
                at: None,
            },
            _ => {
                let q = SavedQuery {
                    id: QueryId::new(),
                    name: text.to_owned(),
                    expression: format!("\"{text}\""),
                    created: time,
                };
                Edit::PutQuery {
                    id: q.id,
                    value: Some(Box::new(q)),
                    at: None,
                }
            }
        },
        6 => match pick(&p.conflicts, target) {
            Some(c) if remove => Edit::PutConflict {
                id: c.id,
                value: None,
                at: None,
            },
            _ => {
                let c = Conflict {
                    id: ConflictId::new(),
                    subject: Subject::Code(code_at(p, target)?),
                    field: "name".into(),
                    base: Some(format!("{text:?}")),
                    ours: Some("\"ours\"".into()),
                    theirs: None,
                    ours_from: "a.gloss".into(),
                    theirs_from: "b.gloss".into(),
                    recorded: time,
                };
                Edit::PutConflict {
                    id: c.id,
                    value: Some(Box::new(c)),
                    at: None,
                }
            }
        },
        7 => {
            let of = if target.is_multiple_of(2) {
                AttributeOf::Participant
            } else {
                AttributeOf::Document
            };
            let name = format!("attr{}", target % 4);
            let exists = p.attributes.iter().any(|a| a.of == of && a.name == name);
            Edit::PutAttribute {
                of,
                name: name.clone(),
                value: (!(remove && exists)).then(|| {
                    Box::new(AttributeDef {
                        name,
                        of,
                        kind: match target % 3 {
                            0 => AttributeKind::Text,
                            1 => AttributeKind::Number,
                            _ => AttributeKind::Choice(vec![text.to_owned(), "b".into()]),
                        },
                    })
                }),
                at: None,
            }
        }
        8 => {
            let mut settings = p.settings.clone();
            if remove {
                settings.blind.clear();
                settings.quote_attribution.clear();
            } else {
                settings.quote_attribution.push(text.to_owned());
                settings.blind.push(author);
            }
            Edit::SetSettings(Box::new(settings))
        }
        _ => Edit::SetParticipantAttribute {
            name: pick(&p.participants, target)?.name.clone(),
            key: format!("k{}", target % 3),
            value: (!remove).then(|| text.to_owned()),
        },
    })
}

/// A project after applying `ops` to the fixture (edits that fail are skipped).
pub fn project_after(ops: &[Op]) -> Project {
    let mut p = fixture();
    for o in ops {
        if let Some(e) = o.to_edit(&p) {
            let _ = crate::edit::apply(&mut p, e);
        }
    }
    p
}

/// A coding's passage text, for assertions.
pub fn passage(p: &Project, range: TextRange, doc: usize) -> String {
    p.documents[doc].slice(range)
}
