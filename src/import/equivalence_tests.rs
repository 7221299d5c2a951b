//! The faster import gives exactly what the old code gave ([`super::reference`]) on random
//! transcripts full of hard cases: emoji ZWJ sequences, combining marks, every kind of Unicode
//! space and control, CRLF and lone CR, byte-order marks, UTF-16 and Windows-1252 files, speaker
//! labels of every pattern, timestamps, Markdown labels, entities and voice tags in cues.

use super::reference;
use super::*;
use proptest::prelude::*;

/// Pieces of words: the hard Unicode, characters the speaker patterns look at, and plain words.
const WORDS: &[&str] = &[
    "we",
    "met",
    "Kari",
    "yes.",
    "so?",
    "Søren",
    "café",
    "e\u{301}",
    "👨\u{200d}👩\u{200d}👧",
    "👍🏽",
    "\u{200d}",
    "“ja”",
    "–",
    "…",
    "10:30",
    "00:01:02",
    "0:03",
    "a:b",
    ":",
    "::",
    "#",
    "[",
    "]",
    "(",
    ")",
    "{",
    "}",
    "<",
    ">",
    "&amp;",
    "&lt;",
    "**",
    "__",
    "http://x",
    "ÿ",
    "\u{feff}",
    "\u{7}",
    "\u{1f}",
    "\u{7f}",
    "\u{85}",
    "\u{9f}",
    "NOTE",
    "-->",
    "<i>",
    "</i>",
];

/// What separates words: plain spaces and every other gap the cleaning collapses.
const GAPS: &[&str] = &[
    " ",
    " ",
    " ",
    "  ",
    "\t",
    "\u{a0}",
    "\u{2003}",
    "\u{3000}",
    "\u{1680}",
    "\u{202f}",
    "\u{b}",
    "\u{c}",
    "\u{2028}",
    " \u{200d} ",
];

/// Ways a line may open: speaker labels of every pattern, timestamps and look-alikes.
const OPENERS: &[&str] = &[
    "",
    "",
    "Kari: ",
    "KARI: ",
    "Interviewer: ",
    "admin-1: ",
    "note: ",
    "Kari (00:01:02): ",
    "S01: [00:00:12] ",
    "Speaker 1 00:01: ",
    "[00:00:05] Kari: ",
    "[Kari] ",
    "[laughs] ",
    "[id1] ",
    "{Kari} ",
    "**Kari:** ",
    "__Kari__: ",
    "#00:01:02-5# ",
    "(0:12) ",
    "Dr Lind: ",
    "Søren Ødegård: ",
    "  Kari:",
    "\u{feff}Kari: ",
    "# ",
];

/// Ways a line may close: nothing, or a name line's timestamp.
const CLOSERS: &[&str] = &["", "", "", "  0:03", " [00:01:02]", " #00:01:02-5#", ":"];

/// Line ends, so that paragraphs, CRLF and lone CR all occur.
const ENDS: &[&str] = &["\n", "\n", "\n\n", "\r\n", "\r\n\r\n", "\r", "\r\r\n"];

fn pick(list: &'static [&'static str]) -> impl Strategy<Value = &'static str> {
    prop::sample::select(list)
}

/// Words joined by random gaps.
fn words(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec((pick(WORDS), pick(GAPS)), 0..max).prop_map(|ws| {
        ws.into_iter()
            .map(|(w, g)| format!("{w}{g}"))
            .collect::<String>()
    })
}

fn line() -> impl Strategy<Value = String> {
    (pick(OPENERS), words(10), pick(CLOSERS), pick(ENDS))
        .prop_map(|(open, body, close, end)| format!("{open}{body}{close}{end}"))
}

/// How the text is stored in the file.
#[derive(Clone, Copy, Debug)]
enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16BeBom,
    /// UTF-8 with one stray byte, read as Windows-1252.
    Legacy,
}

fn encode(text: &str, encoding: Encoding) -> Vec<u8> {
    match encoding {
        Encoding::Utf8 => text.as_bytes().to_vec(),
        Encoding::Utf8Bom => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
        Encoding::Utf16Le => text.encode_utf16().flat_map(u16::to_le_bytes).collect(),
        Encoding::Utf16BeBom => [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect(),
        Encoding::Legacy => [text.as_bytes(), b"\x93"].concat(),
    }
}

fn encoding() -> impl Strategy<Value = Encoding> {
    prop::sample::select(vec![
        Encoding::Utf8,
        Encoding::Utf8,
        Encoding::Utf8Bom,
        Encoding::Utf16Le,
        Encoding::Utf16BeBom,
        Encoding::Legacy,
    ])
}

fn pattern() -> impl Strategy<Value = Pattern> {
    prop::sample::select(Pattern::ALL.to_vec())
}

/// A cue file body: WebVTT or SubRip cues with voice tags, labels, entities, styling, notes,
/// pauses (so unlabelled cues merge and split) and broken timings.
fn cues(srt: bool) -> impl Strategy<Value = String> {
    let cue = (
        prop::sample::select(vec![
            "",
            "",
            "",
            "<v Kari>",
            "<v.loud Kari Lind>",
            "<v //S02>",
        ]),
        pick(OPENERS),
        words(40),
        prop::option::of(prop::sample::select(vec![
            "Done.",
            "Why?",
            "so",
            "&lt;b&gt;",
        ])),
        0u64..2600,
        prop::sample::select(vec!["", "", "", "NOTE", "bad"]),
    );
    // Half the files hold no labels at all, so that long unlabelled runs of cues occur.
    (prop::collection::vec(cue, 1..50), any::<bool>()).prop_map(move |(cues, plain)| {
        let mut out = if srt {
            String::new()
        } else {
            "\u{feff}WEBVTT\n\n".to_owned()
        };
        let mut ms = 0;
        for (i, (voice, open, text, second, pause, kind)) in cues.into_iter().enumerate() {
            let stamp = |ms: u64, sep: char| {
                format!(
                    "{:02}:{:02}:{:02}{sep}{:03}",
                    ms / 3_600_000,
                    (ms / 60_000) % 60,
                    (ms / 1000) % 60,
                    ms % 1000
                )
            };
            let sep = if srt { ',' } else { '.' };
            ms += pause;
            let end = ms + 1500;
            if srt {
                out.push_str(&format!("{}\n", i + 1));
            }
            match kind {
                "NOTE" if !srt => out.push_str("NOTE a comment\n"),
                "bad" => out.push_str("00:xx --> later\n"),
                _ => out.push_str(&format!("{} --> {}\n", stamp(ms, sep), stamp(end, sep))),
            }
            if plain {
                out.push_str(&format!("{text}\n"));
            } else {
                out.push_str(&format!("{voice}{open}{text}\n"));
            }
            if let Some(s) = second {
                out.push_str(&format!("{s}\n"));
            }
            out.push('\n');
            ms = end;
        }
        out
    })
}

/// Both results alike, ignoring the fresh id and import time of each document.
fn same(
    new: Result<Imported, ImportError>,
    old: Result<Imported, ImportError>,
) -> Result<(), TestCaseError> {
    match (new, old) {
        (Ok(n), Ok(o)) => {
            prop_assert_eq!(n.document.turns(), o.document.turns());
            prop_assert_eq!(&n.document.title, &o.document.title);
            prop_assert_eq!(&n.document.source, &o.document.source);
            prop_assert_eq!(&n.document.attributes, &o.document.attributes);
            prop_assert_eq!(n.format, o.format);
            prop_assert_eq!(n.pattern, o.pattern);
            prop_assert_eq!(n.warnings, o.warnings);
        }
        (n, o) => prop_assert_eq!(n.err(), o.err()),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn text_imports_as_before(
        title in prop::option::of(words(4)),
        lines in prop::collection::vec(line(), 0..40),
        enc in encoding(),
        pattern in pattern(),
    ) {
        let mut text = title.map(|t| format!("# {t}\n")).unwrap_or_default();
        text.extend(lines);
        let bytes = encode(&text, enc);
        same(
            import_bytes("t.txt", &bytes, pattern),
            reference::import_bytes("t.txt", &bytes, pattern),
        )?;
        // Files read from disk are decoded in place, to the same text.
        prop_assert_eq!(extract_owned("t.txt", bytes.clone()), extract("t.txt", &bytes));
        // And split where they lie, to the same document.
        let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
        let path = dir.path().join("t.txt");
        std::fs::write(&path, &bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let name = path.display().to_string();
        same(
            import_path(&path, pattern),
            reference::import_bytes(&name, &bytes, pattern),
        )?;
        // The import dialog's way (extract, then build with the chosen pattern) agrees too.
        if let Ok((format, extracted)) = extract("t.txt", &bytes) {
            same(
                build("t.txt", format, &extracted, pattern),
                reference::import_bytes("t.txt", &bytes, pattern),
            )?;
        }
        // The one-call parse for sample data and tests splits the same way too.
        if let Ok(decoded) = decode_text(&bytes) {
            let new = parse_transcript("t", &decoded);
            let old = reference::parse_transcript("t", &decoded);
            prop_assert_eq!((&new.title, new.turns()), (&old.title, old.turns()));
        }
    }

    #[test]
    fn cue_files_import_as_before(vtt in cues(false), srt in cues(true), enc in encoding()) {
        for (name, text) in [("c.vtt", vtt), ("c.srt", srt)] {
            let bytes = encode(&text, enc);
            same(
                import_bytes(name, &bytes, Pattern::Auto),
                reference::import_bytes(name, &bytes, Pattern::Auto),
            )?;
        }
    }

    #[test]
    fn batches_plan_as_before(
        known in prop::collection::vec((0..6usize, any::<bool>()), 0..6),
        docs in prop::collection::vec(prop::collection::vec(0..6usize, 1..6), 0..6),
        marked in prop::collection::btree_set(0..6usize, 0..6),
    ) {
        let name = |i: usize| ["Interviewer", "Kari", "P01", "P02", "Søren", "I"][i].to_owned();
        let mut project = Project::default();
        for (i, interviewer) in known {
            if project.participant(&name(i)).is_none() {
                project.participants.push(Participant {
                    name: name(i),
                    interviewer,
                    attributes: BTreeMap::new(),
                });
            }
        }
        let docs: Vec<Document> = docs
            .into_iter()
            .map(|speakers| {
                let turns = speakers
                    .into_iter()
                    .map(|s| Turn::new(Some(&name(s)), "words"))
                    .collect();
                Document::new("d", turns)
            })
            .collect();
        let settings = BatchSettings {
            attributes: BTreeMap::from([("site".to_owned(), " Oslo ".to_owned())]),
            interviewers: marked.into_iter().map(name).collect(),
        };
        prop_assert_eq!(
            plan_batch(&project, docs.clone(), &settings),
            reference::plan_batch(&project, docs, &settings)
        );
    }
}
