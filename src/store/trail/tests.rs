use super::*;
use crate::model::{CoderId, Project, Timestamp, TrailEntry};
use crate::store::{self, layout};
use proptest::prelude::*;

fn entry(i: usize) -> TrailEntry {
    TrailEntry::new(
        Timestamp(1_700_000_000_000 + i as i64),
        CoderId::from_u128(0),
        "Ane",
        &format!("Step {i} “quoted” \\ #"),
        "coding",
        format!("SetProjectName(\"n{i}\")"),
        String::new(),
    )
}

fn project_with(steps: usize) -> Project {
    let mut p = Project::named("Trail");
    p.trail = (0..steps).map(entry).collect();
    p
}

fn ids(v: &[TrailEntry]) -> Vec<EntryId> {
    v.iter().map(|e| e.id).collect()
}

fn lines_of(path: &Path) -> usize {
    fs::read_to_string(path_for(path))
        .unwrap_or_default()
        .lines()
        .filter(|l| l.starts_with('('))
        .count()
}

#[test]
fn a_save_adds_only_the_steps_the_trail_file_lacks() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("study.gloss");
    let mut p = project_with(3);
    store::save(&p, &path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(lines_of(&path), 3);
    store::save(&p, &path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(lines_of(&path), 3, "a save with no new step adds nothing");
    p.trail.push(entry(3));
    store::save(&p, &path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(lines_of(&path), 4);
    let read = read(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ids(&read.entries), ids(&p.trail));
    assert_eq!(read.entries, p.trail, "every field comes back");
    assert!(read.unreadable.is_empty());
}

#[test]
fn the_project_file_keeps_the_newest_steps_and_the_trail_file_all() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("study.gloss");
    let p = project_with(WINDOW + 250);
    store::save(&p, &path).unwrap_or_else(|e| panic!("{e}"));
    let back = store::load(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ids(&back.trail), ids(&p.trail[250..]));
    let whole = full(&path, &back.trail).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ids(&whole.entries), ids(&p.trail));
}

#[test]
fn a_long_trail_kept_in_an_older_project_file_moves_to_the_trail_file_on_saving() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("old.gloss");
    let p = project_with(WINDOW + 10);
    let mut text = String::new();
    layout::write_into(
        &mut text,
        &p,
        None,
        store::FORMAT_VERSION,
        layout::TrailPart::All,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
    let opened = store::load(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(opened.trail.len(), WINDOW + 10, "all of it is read");
    store::save(&opened, &path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(lines_of(&path), WINDOW + 10);
    let again = store::load(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(again.trail.len(), WINDOW);
    let whole = full(&path, &again.trail).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ids(&whole.entries), ids(&p.trail));
}

#[test]
fn a_recovery_file_keeps_every_step_in_memory() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("study.gloss");
    let p = project_with(WINDOW + 5);
    store::stream_atomic(&p, None, &path, "", layout::TrailPart::All)
        .unwrap_or_else(|e| panic!("{e}"));
    let back = store::load(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ids(&back.trail), ids(&p.trail));
    assert!(
        !path_for(&path).exists(),
        "a recovery write leaves the trail file alone"
    );
}

#[test]
fn a_line_cut_short_by_a_crash_is_ended_and_only_it_is_lost() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("study.gloss");
    let mut p = project_with(2);
    store::save(&p, &path).unwrap_or_else(|e| panic!("{e}"));
    let mut f = fs::OpenOptions::new()
        .append(true)
        .open(path_for(&path))
        .unwrap_or_else(|e| panic!("{e}"));
    f.write_all(b"(id: \"0b0e")
        .unwrap_or_else(|e| panic!("{e}"));
    drop(f);
    p.trail.push(entry(2));
    store::save(&p, &path).unwrap_or_else(|e| panic!("{e}"));
    let read = read(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ids(&read.entries), ids(&p.trail));
    assert_eq!(
        read.unreadable,
        vec![4],
        "the cut line is reported by its number"
    );
}

#[test]
fn save_as_carries_the_trail_file_and_a_new_project_does_not_inherit_one() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (a, b) = (dir.path().join("a.gloss"), dir.path().join("b.gloss"));
    let p = project_with(WINDOW + 3);
    store::save(&p, &a).unwrap_or_else(|e| panic!("{e}"));
    copy(&a, &b).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(lines_of(&b), WINDOW + 3);
    let c = dir.path().join("c.gloss");
    copy(&c, &b).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        !path_for(&b).exists(),
        "no trail at the source: none at the copy"
    );
}

#[test]
fn the_trail_file_sits_beside_the_project() {
    assert_eq!(
        path_for(Path::new("/x/Study one.gloss")),
        Path::new("/x/Study one.gloss.trail")
    );
}

proptest! {
    /// Whatever is in a trail file, reading it never panics, and a save after it still adds
    /// the missing steps readably.
    #[test]
    fn any_bytes_in_a_trail_file_are_read_without_panicking(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
        let path = dir.path().join("x.gloss");
        fs::write(path_for(&path), &bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let _ = read(&path);
        let p = project_with(1);
        append_missing(&path, &p.trail).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let back = read(&path).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert!(back.entries.iter().any(|e| e.id == p.trail[0].id));
    }
}

#[test]
fn saving_a_pseudonymising_step_strips_real_names_from_the_saved_trail() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("study.gloss");
    let mut p = project_with(2);
    p.trail.push(TrailEntry::new(
        Timestamp(1_800_000_000_000),
        CoderId::from_u128(0),
        "Ane",
        "Type text",
        "text",
        "ChangeText(\"Margit Olsen said\")".to_owned(),
        "ChangeText(\"\")".to_owned(),
    ));
    store::save(&p, &path).unwrap_or_else(|e| panic!("{e}"));
    let before = fs::read_to_string(path_for(&path)).unwrap_or_default();
    assert!(before.contains("Margit Olsen"));
    p.trail.push(TrailEntry::new(
        Timestamp(1_800_000_000_001),
        CoderId::from_u128(0),
        "Ane",
        "Pseudonymise 1 name",
        "text",
        String::new(),
        String::new(),
    ));
    store::save(&p, &path).unwrap_or_else(|e| panic!("{e}"));
    let after = fs::read_to_string(path_for(&path)).unwrap_or_default();
    assert!(!after.contains("Margit Olsen"), "{after}");
    let read = read(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(read.entries.len(), 4, "every step is still listed");
    assert_eq!(&*read.entries[2].label, "Type text");
}

#[test]
fn a_step_grown_after_a_save_is_saved_again_and_read_as_grown() {
    use crate::edit::{Edit, History};
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("study.gloss");
    let mut p = Project::named("Typing");
    let mut h = History::new_saved();
    let rename = |n: &str| Edit::SetProjectName(n.to_owned());
    let key = || Some("name".to_owned());
    h.apply_coalescing(&mut p, rename("A"), "Rename project", "Ane", key())
        .unwrap_or_else(|e| panic!("{e}"));
    store::save(&p, &path).unwrap_or_else(|e| panic!("{e}"));
    // Typing into one field joins one step (a save the history was not told of, as autosaving
    // a recovery file), recorded anew under the same id.
    h.apply_coalescing(&mut p, rename("AB"), "Rename project", "Ane", key())
        .unwrap_or_else(|e| panic!("{e}"));
    store::save(&p, &path).unwrap_or_else(|e| panic!("{e}"));
    let read = full(&path, &p.trail).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(read.entries, p.trail);
    let read = self::read(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        read.entries, p.trail,
        "the trail file alone gives the grown step"
    );
}
