use super::read;
use crate::model::Project;
use crate::store::{from_str, layout, to_string};
use crate::testing::{HARD_TEXT, fixture, op, project_after};
use proptest::prelude::*;

/// What RON alone makes of a file (the reference the fast reader must agree with).
fn by_ron(text: &str) -> Project {
    #[derive(serde::Deserialize)]
    struct File {
        project: Project,
    }
    match ron::from_str::<File>(text) {
        Ok(f) => f.project,
        Err(e) => panic!("RON could not read the file: {e}"),
    }
}

fn fast(text: &str) -> Option<Project> {
    match read(text.as_bytes()) {
        Ok(r) => r.map(|r| r.project),
        Err(e) => panic!("reading from memory failed: {e}"),
    }
}

#[test]
fn reads_the_bundled_sample_as_ron_does() {
    let text = crate::SAMPLE_PROJECT;
    let got = fast(text);
    assert!(got.is_some(), "the bundled sample is in the layout");
    assert_eq!(got, Some(by_ron(text)));
}

#[test]
fn reads_awkward_strings_as_ron_does() {
    let mut p = fixture();
    p.name = "quotes \" and raw \"# hashes ## and \\ backslash".into();
    let doc = std::sync::Arc::make_mut(&mut p.documents[1]);
    let mut turns = doc.turns().to_vec();
    turns[0].text = "She said \"no\"##, then r#\"x\"# and \\n".into();
    turns[0].speaker = Some("Dr \"Q\"".into());
    turns[1].time = Some("00:01:02".into());
    turns.push(crate::model::Turn::new(None, ""));
    turns.push(crate::model::Turn::new(Some(""), HARD_TEXT));
    doc.set_turns(turns);
    let text = to_string(&p).unwrap_or_default();
    let got = fast(&text);
    assert!(got.is_some(), "written by Gloss, so in the layout:\n{text}");
    assert_eq!(got, Some(by_ron(&text)));
    assert_eq!(got, Some(p));
}

#[test]
fn departures_from_the_layout_are_left_to_ron() {
    let text = to_string(&fixture()).unwrap_or_default();
    // An escape in a plain string, Windows line ends, a reindented line, a missing bracket,
    // something after the end: none is read by the fast path.
    let escaped = text.replacen("text: \"What", "text: \"\\u{57}hat", 1);
    assert_ne!(escaped, text);
    let crlf = text.replace('\n', "\r\n");
    let indented = text.replacen(
        "\n                    (speaker:",
        "\n                   (speaker:",
        1,
    );
    let truncated = &text[..text.len() - 3];
    let trailing = format!("{text}x");
    for (what, t) in [
        ("escape", escaped.as_str()),
        ("crlf", &crlf),
        ("indent", &indented),
        ("truncated", truncated),
        ("trailing", &trailing),
    ] {
        assert_eq!(fast(t), None, "{what}");
    }
    // RON still reads the escaped one, and the store's loader reads it through RON.
    assert_eq!(
        from_str(&escaped, "e").ok().map(|p| p.name),
        Some(fixture().name)
    );
}

#[test]
fn the_whole_file_is_hashed_and_sized() {
    let text = to_string(&fixture()).unwrap_or_default();
    let r = read(text.as_bytes()).ok().flatten();
    assert_eq!(r.as_ref().map(|r| r.size), Some(text.len() as u64));
    assert_eq!(
        r.map(|r| r.hash),
        Some(crate::store::hash_bytes(text.as_bytes()))
    );
    let _ = layout::write; // the writer whose layout this reads
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// On any project the edits can make, the fast reader gives what RON gives.
    #[test]
    fn agrees_with_ron(ops in prop::collection::vec(op(), 0..30)) {
        let p = project_after(&ops);
        let text = to_string(&p).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let got = fast(&text);
        prop_assert!(got.is_some());
        prop_assert_eq!(got, Some(by_ron(&text)));
    }

    /// Mangled files never make it panic, and what it accepts RON reads the same.
    #[test]
    fn survives_mangled_files(cut in 0usize..4000, byte in any::<u8>(), at in 0usize..4000) {
        let text = to_string(&fixture()).unwrap_or_default();
        let mut bytes = text.into_bytes();
        let at = at % bytes.len();
        bytes[at] = byte;
        bytes.truncate(cut.max(1).min(bytes.len()));
        if let Ok(Some(r)) = read(bytes.as_slice()) {
            let s = String::from_utf8(bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
            #[derive(serde::Deserialize)]
            struct File {
                project: Project,
            }
            let ron = ron::from_str::<File>(&s).map(|f| f.project).ok();
            prop_assert_eq!(Some(r.project), ron);
        }
    }
}

proptest! {
    /// The quick UUID reading agrees with the uuid crate on its own output and rejects the rest.
    #[test]
    fn hyphenated_uuids_as_the_crate_reads_them(v in any::<u128>(), upper in any::<bool>()) {
        let id = uuid::Uuid::from_u128(v);
        let s = if upper {
            id.hyphenated().to_string().to_uppercase()
        } else {
            id.hyphenated().to_string()
        };
        prop_assert_eq!(super::hyphenated(&s), Some(id));
        prop_assert_eq!(super::hyphenated(&id.simple().to_string()), None);
        prop_assert_eq!(super::hyphenated(&s.replacen('-', "g", 1)), None);
        // A non-digit anywhere among the digits.
        for bad in ['g', 'G', ' ', '/', ':', '@', '`', 'é'] {
            for at in [0usize, 7, 9, 20, 35] {
                let mut chars: Vec<char> = s.chars().collect();
                chars[at] = bad;
                let t: String = chars.into_iter().collect();
                prop_assert_eq!(super::hyphenated(&t), None);
            }
        }
    }
}

#[test]
fn a_preview_is_the_head_and_first_document() {
    let p = crate::testing::fixture();
    let text = crate::store::to_string(&p).unwrap_or_default();
    let Ok(Some((version, seen))) = super::preview(text.as_bytes()) else {
        panic!("no preview");
    };
    assert_eq!(version, crate::store::FORMAT_VERSION);
    assert_eq!(seen.name, p.name);
    assert_eq!(seen.coders, p.coders);
    assert_eq!(seen.participants, p.participants);
    assert_eq!(seen.documents.len(), 1);
    assert_eq!(seen.documents.first(), p.documents.first());
    assert!(seen.codings.is_empty() && seen.codes.is_empty());
    // A file in another layout has no preview; a cut file still previews what it holds.
    assert!(matches!(
        super::preview("(format_version: 3)".as_bytes()),
        Ok(None)
    ));
    assert!(matches!(super::preview(&b""[..]), Ok(None)));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// A project with an audit trail (every kind of step, authors with quotes, hashes and
    /// emoji): the fast reader gives what RON gives, and saving what it read writes the same
    /// bytes (the lines it kept with the entries are the writer's).
    #[test]
    fn reads_the_trail_as_ron_does(
        ops in prop::collection::vec(op(), 1..30),
        author in "[a-z \"#\\\\👍🏽]{1,8}",
    ) {
        let mut p = fixture();
        let mut h = crate::edit::History::new_saved();
        for (i, o) in ops.iter().enumerate() {
            if let Some(e) = o.to_edit(&p) {
                let _ = h.apply(&mut p, e, format!("{o:?}"), &author);
            }
            if i % 5 == 4 {
                let _ = h.undo(&mut p);
            }
        }
        prop_assume!(!p.trail.is_empty());
        let text = to_string(&p).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let got = fast(&text);
        prop_assert!(got.is_some(), "the fast reader turned the file down");
        let got = got.unwrap_or_default();
        prop_assert_eq!(&got, &by_ron(&text));
        prop_assert_eq!(&got.trail, &p.trail);
        let again = to_string(&got).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(again, text);
    }
}
