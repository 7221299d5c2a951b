//! Migration, refusal of newer formats, locking, external changes, recovery, backups, repair and
//! the save worker.

use super::*;
use crate::model::TextRange;
use crate::testing::{fixture, op, project_after};
use proptest::prelude::*;
use std::time::Duration;

const V1: &str = include_str!("../../tests/fixtures/v1.gloss");

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"))
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn version_1_file_migrates_and_keeps_the_original() {
    let dir = tmp();
    let path = dir.path().join("old.gloss");
    write(&path, V1);
    let opened = open(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(opened.version, 1);
    let (copy, steps) = opened
        .migrated
        .clone()
        .unwrap_or_else(|| panic!("not migrated"));
    assert_eq!(copy, dir.path().join("old.v1.gloss.bak"));
    assert_eq!(std::fs::read_to_string(&copy).ok().as_deref(), Some(V1));
    assert!(steps[0].contains("format 1 to 2"), "{steps:?}");
    // The upgrade listed the speakers as participants, interviewers marked.
    let p = &opened.project;
    assert!(validate(p).is_empty());
    assert!(p.participants.len() >= 5, "{:?}", p.participants);
    let interviewer = p.participant("Interviewer").map(|x| x.interviewer);
    assert_eq!(interviewer, Some(true));
    assert!(p.participant("Kari").is_some_and(|x| !x.interviewer));
    assert_eq!(
        p.codings.len(),
        from_str(V1, "v1").map(|p| p.codings.len()).unwrap_or(0)
    );
    assert!(steps[1].contains("format 2 to 3"), "{steps:?}");
    // Opening does not touch the file; saving writes format 3, and the original stays.
    assert_eq!(std::fs::read_to_string(&path).ok().as_deref(), Some(V1));
    save(p, &path).unwrap_or_else(|e| panic!("{e}"));
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(text.contains("format_version: 3,"));
    assert_eq!(load(&path).ok().as_ref(), Some(p));
    assert_eq!(std::fs::read_to_string(&copy).ok().as_deref(), Some(V1));
    // Reopening the new file migrates nothing.
    assert!(open(&path).map(|o| o.migrated.is_none()).unwrap_or(false));
}

#[test]
fn newer_format_is_refused_and_never_overwritten() {
    let dir = tmp();
    let path = dir.path().join("future.gloss");
    let text = to_string(&fixture()).unwrap_or_default().replacen(
        "format_version: 3",
        "format_version: 9",
        1,
    );
    write(&path, &text);
    let err = open(&path).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(
        err.contains("future.gloss") && err.contains("format 9") && err.contains("up to 3"),
        "{err}"
    );
    assert!(err.contains("not changed"), "{err}");
    assert_eq!(std::fs::read_to_string(&path).ok(), Some(text));
    assert!(!original_copy_path(&path, 9).exists());
}

#[test]
fn lock_detects_a_live_holder_and_takes_over_a_stale_one() {
    let dir = tmp();
    let path = dir.path().join("p.gloss");
    write(&path, &to_string(&fixture()).unwrap_or_default());
    let lock_file = dir.path().join(".p.gloss.lock");
    // Nobody holds it: we get it, the file names us, dropping it removes the file.
    {
        let lock = Lock::acquire(&path);
        assert!(lock.is_ok());
        let text = std::fs::read_to_string(&lock_file).unwrap_or_default();
        assert!(
            text.contains(&format!("pid={}", std::process::id())),
            "{text}"
        );
    }
    assert!(!lock_file.exists());
    // A live process on this host (pid 1 always runs) holds it.
    write(&lock_file, &format!("pid=1\nhost={}\n", lock::host_name()));
    let holder = lock_holder(&path);
    assert_eq!(holder.as_ref().map(|h| h.pid), Some(1));
    assert!(Lock::acquire(&path).is_err());
    // Another computer's lock cannot be checked: it counts.
    write(&lock_file, "pid=4000000\nhost=elsewhere\n");
    assert!(lock_holder(&path).is_some());
    // A dead process on this host left it: stale, taken over.
    write(
        &lock_file,
        &format!("pid=4000000\nhost={}\n", lock::host_name()),
    );
    assert!(lock_holder(&path).is_none());
    assert!(Lock::acquire(&path).is_ok());
}

#[test]
fn external_changes_are_noticed_but_touching_is_not() {
    let dir = tmp();
    let path = dir.path().join("p.gloss");
    let stamp = save_with_backups(&fixture(), &path, 0).unwrap_or_else(|e| panic!("{e}"));
    assert!(!stamp.changed(&path));
    // Same bytes written again (a sync client re-downloading): not a change.
    let bytes = std::fs::read(&path).unwrap_or_default();
    std::thread::sleep(Duration::from_millis(20));
    std::fs::write(&path, &bytes).unwrap_or_else(|e| panic!("{e}"));
    assert!(!stamp.changed(&path));
    // Same size, different content.
    let mut other = bytes.clone();
    if let Some(b) = other.iter_mut().rev().find(|b| **b == b'a') {
        *b = b'b';
    }
    std::fs::write(&path, &other).unwrap_or_else(|e| panic!("{e}"));
    assert!(stamp.changed(&path));
    std::fs::remove_file(&path).unwrap_or_else(|e| panic!("{e}"));
    assert!(stamp.changed(&path), "a vanished file is a change");
}

#[test]
fn recovery_file_after_a_crash_is_found_and_described() {
    let dir = tmp();
    let path = dir.path().join("p.gloss");
    let saved = fixture();
    save(&saved, &path).unwrap_or_else(|e| panic!("{e}"));
    let mut worked = saved.clone();
    worked.name = "after three changes".into();
    recovery::write(&path, &worked, None, 3).unwrap_or_else(|e| panic!("{e}"));
    // (the process "crashes" here: nothing removes the file)
    assert!(dir.path().join(".p.gloss.recovery").exists());
    let found = find_recovery(&path, Some(&saved))
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("no recovery found"));
    assert_eq!(found.changes, 3);
    assert_eq!(found.project, worked);
    assert!(found.written.0 > 0);
    let text = found.describe();
    assert!(text.contains("3 changes") && text.contains("UTC"), "{text}");
    assert!(text.contains("the saved file has 2 documents"), "{text}");
    // Identical to the saved file: nothing to offer, and the stale file goes.
    assert!(matches!(find_recovery(&path, Some(&worked)), Ok(None)));
    assert!(!recovery_path(&path).exists());
    // A damaged recovery file is reported, not silently used or deleted.
    write(
        &recovery_path(&path),
        "// Gloss recovery: time=1 changes=1\n(format_version: 3, proj",
    );
    assert!(find_recovery(&path, Some(&saved)).is_err());
    assert!(recovery_path(&path).exists());
    set_recovery_aside(&path);
    assert!(!recovery_path(&path).exists());
}

#[test]
fn backups_rotate_and_keep_the_configured_count() {
    let dir = tmp();
    let path = dir.path().join("p.gloss");
    let mut p = fixture();
    for i in 0..5 {
        p.name = format!("save {i}");
        save_with_backups(&p, &path, 3).unwrap_or_else(|e| panic!("{e}"));
    }
    let list = backup::list(&path);
    assert_eq!(list.len(), 3, "{list:?}");
    let names: Vec<String> = list
        .iter()
        .map(|b| load(b).map(|p| p.name).unwrap_or_default())
        .collect();
    assert_eq!(names, ["save 3", "save 2", "save 1"]);
    assert_eq!(load(&path).map(|p| p.name).ok().as_deref(), Some("save 4"));
    // Zero backups: none made.
    let other = dir.path().join("q.gloss");
    save_with_backups(&p, &other, 0).unwrap_or_else(|e| panic!("{e}"));
    save_with_backups(&p, &other, 0).unwrap_or_else(|e| panic!("{e}"));
    assert!(backup::list(&other).is_empty());
}

#[test]
fn worker_saves_off_thread_and_reports_failures_with_the_file() {
    let dir = tmp();
    let worker = SaveWorker::new();
    let path = dir.path().join("w.gloss");
    let project = fixture();
    let job = |seq, path: PathBuf| Job {
        seq,
        kind: JobKind::Save,
        path,
        copy: super::SaveCopy::of(&project),
        backups: 1,
        changes: 0,
    };
    assert!(worker.send(job(1, path.clone())).is_none());
    let done = worker
        .wait(Duration::from_secs(30))
        .unwrap_or_else(|| panic!("no answer"));
    assert_eq!(done.seq, 1);
    assert!(done.result.is_ok());
    assert_eq!(load(&path).ok(), Some(project.clone()));
    let bad = dir.path().join("gone").join("w.gloss");
    assert!(worker.send(job(2, bad)).is_none());
    let done = worker
        .wait(Duration::from_secs(30))
        .unwrap_or_else(|| panic!("no answer"));
    let err = done.result.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(
        err.contains("Could not write") && err.contains("w.gloss"),
        "{err}"
    );
}

/// A damaged copy of the fixture: bad range, dangling code, missing coder, repeated theme code.
fn damaged() -> (Project, String) {
    let mut p = fixture();
    let first = p
        .codings
        .values()
        .next()
        .unwrap_or_else(|| panic!("no coding"));
    for _ in 0..4 {
        let mut c = first;
        c.id = crate::model::CodingId::new();
        p.codings.insert(c.id, c);
    }
    let ids: Vec<_> = p.codings.keys().copied().collect();
    let len = p.documents[0].len();
    let fam = p.documents[0]
        .slice(TextRange { start: 0, end: len })
        .find('👨')
        .unwrap_or(0);
    let first_doc = p.documents[0].id;
    p.codings.update(&ids[3], |c| {
        c.document = first_doc;
        c.range = TextRange {
            start: fam + 1,
            end: fam + 5,
        };
    });
    p.codings.update(&ids[0], |c| {
        c.range = TextRange {
            start: len + 5,
            end: len + 9,
        };
    });
    p.codings.update(&ids[1], |c| {
        c.code = crate::model::CodeId::new();
    });
    p.codings.update(&ids[2], |c| {
        c.coder = crate::model::CoderId::new();
    });
    if let Some(t) = p.themes.iter_mut().find(|t| !t.codes.is_empty()) {
        let c = t.codes[0];
        t.codes.push(c);
    }
    let text = layout::write(&p, FORMAT_VERSION).unwrap_or_default();
    (p, text)
}

#[test]
fn repair_fixes_only_broken_items_and_lists_them() {
    let dir = tmp();
    let path = dir.path().join("d.gloss");
    let (broken, text) = damaged();
    write(&path, &text);
    let err = open(&path).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(err.contains("d.gloss is damaged"), "{err}");
    let (fixed, fixes) = load_repaired(&path).unwrap_or_else(|e| panic!("{e}"));
    assert!(validate(&fixed).is_empty(), "{:?}", validate(&fixed));
    let all = fixes.join("\n");
    assert!(all.contains("adjusted"), "{all}");
    assert!(all.contains("outside the text"), "{all}");
    assert!(all.contains("its code does not exist"), "{all}");
    assert!(all.contains("Unknown coder"), "{all}");
    assert!(all.contains("repeated codes"), "{all}");
    // Two codings dropped (bad range outside the text, missing code); the rest kept as they were.
    assert_eq!(fixed.codings.len(), broken.codings.len() - 2);
    let changed: Vec<_> = fixed
        .codings
        .iter()
        .filter(|(id, c)| broken.codings.get(id) != Some(*c))
        .collect();
    assert_eq!(
        changed.len(),
        1,
        "only the snapped coding changed: {changed:?}"
    );
    assert_eq!(fixed.documents, broken.documents);
    // The file was not touched.
    assert_eq!(std::fs::read_to_string(&path).ok(), Some(text));
}

/// Mutations of a project file: cut, duplicate or delete a line, replace a byte.
fn mutate(text: &str, kind: u8, a: usize, b: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let (i, j) = (a % lines.len(), b % lines.len());
    match kind % 4 {
        0 => {
            let mut end = a % text.len();
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            text[..end].to_owned()
        }
        1 => {
            let mut l = lines.clone();
            l.insert(j, lines[i]);
            l.join("\n")
        }
        2 => {
            let mut l = lines.clone();
            l.remove(i);
            l.join("\n")
        }
        _ => {
            let mut l: Vec<String> = lines.iter().map(|s| (*s).to_owned()).collect();
            let line = &mut l[i];
            if let Some((k, c)) = line.char_indices().nth(b % line.chars().count().max(1)) {
                line.replace_range(k..k + c.len_utf8(), "9");
            }
            l.join("\n")
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Mutated and truncated files never panic the loader; whatever it accepts is valid, and
    /// whatever parses can be repaired into a valid project.
    #[test]
    fn mutated_files_are_refused_or_valid_and_repairable(
        ops in prop::collection::vec(op(), 0..12),
        muts in prop::collection::vec((any::<u8>(), any::<usize>(), any::<usize>()), 1..4),
    ) {
        let mut text = to_string(&project_after(&ops)).unwrap_or_default();
        for (k, a, b) in muts {
            text = mutate(&text, k, a, b);
            if text.is_empty() { break; }
        }
        if let Ok(p) = from_str(&text, "m") {
            prop_assert!(validate(&p).is_empty());
        }
        if let Ok(parsed) = parse(&text, "m") {
            let mut p = parsed.project;
            let _ = repair(&mut p);
            prop_assert!(validate(&p).is_empty(), "{:?}", validate(&p));
        }
    }
}

#[test]
fn version_2_file_migrates_declaring_the_attributes_in_use() {
    let dir = tmp();
    let path = dir.path().join("v2.gloss");
    let mut p = fixture();
    p.participants.push(crate::model::Participant {
        name: "Kari".into(),
        interviewer: false,
        attributes: [("role".to_owned(), "nurse".to_owned())].into(),
    });
    if let Some(d) = p.documents.first_mut() {
        std::sync::Arc::make_mut(d)
            .attributes
            .insert("site".into(), "Northside".into());
    }
    p.reindex();
    let v2 =
        to_string(&p)
            .unwrap_or_default()
            .replacen("format_version: 3", "format_version: 2", 1);
    write(&path, &v2);
    let opened = open(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(opened.version, 2);
    let (copy, steps) = opened
        .migrated
        .clone()
        .unwrap_or_else(|| panic!("not migrated"));
    assert_eq!(copy, dir.path().join("v2.v2.gloss.bak"));
    assert!(steps[0].contains("format 2 to 3"), "{steps:?}");
    let q = &opened.project;
    let declared: Vec<_> = q
        .attributes
        .iter()
        .map(|a| (a.of, a.name.as_str(), a.kind.clone()))
        .collect();
    use crate::model::{AttributeKind, AttributeOf};
    assert_eq!(
        declared,
        vec![
            (AttributeOf::Participant, "role", AttributeKind::Text),
            (AttributeOf::Document, "site", AttributeKind::Text)
        ]
    );
    assert!(validate(q).is_empty());
    // Everything else is as it was.
    let mut back = q.clone();
    back.attributes.clear();
    assert_eq!(back, p);
}
