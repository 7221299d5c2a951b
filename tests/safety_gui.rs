//! File safety through the real app, headless: recovery after a crash, read-only when another
//! Gloss holds the project, a file changed on disk, a damaged file repaired, a failed save.

use egui::Vec2;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use gloss::edit::Edit;
use gloss::model::Project;
use gloss::store;
use gloss::ui::safety::Choice;
use gloss::ui::{Action, GlossApp};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn harness() -> Harness<'static, GlossApp> {
    Harness::builder()
        .with_size(Vec2::new(1500.0, 950.0))
        .build_eframe(|_cc| GlossApp::with_sample("Tester".to_owned()))
}

fn sample() -> Project {
    store::from_str(gloss::SAMPLE_PROJECT, "sample").unwrap_or_else(|e| panic!("{e}"))
}

fn saved_sample(dir: &Path) -> PathBuf {
    let path = dir.join("study.gloss");
    store::save(&sample(), &path).unwrap_or_else(|e| panic!("{e}"));
    path
}

fn open(h: &mut Harness<'static, GlossApp>, path: &Path) {
    h.state_mut().queue(Action::OpenPath(path.to_owned()));
    h.run();
}

fn rename(h: &mut Harness<'static, GlossApp>, name: &str) {
    h.state_mut().queue(Action::edit(
        Edit::SetProjectName(name.to_owned()),
        "Rename project",
    ));
    h.run();
}

/// Steps frames until `done` holds (the save worker runs on its own thread).
fn wait_until(h: &mut Harness<'static, GlossApp>, mut done: impl FnMut(&GlossApp) -> bool) {
    let t = Instant::now();
    while !done(h.state()) {
        assert!(t.elapsed() < Duration::from_secs(30), "timed out");
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
}

#[test]
fn work_survives_a_crash_and_is_offered_back() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = saved_sample(dir.path());
    let recovery = dir.path().join(".study.gloss.recovery");
    let mut h = harness();
    h.state_mut().safety_mut().autosave_after = 0.0;
    open(&mut h, &path);
    assert_eq!(h.state().path(), Some(path.as_path()));
    rename(&mut h, "Renamed before the crash");
    wait_until(&mut h, |_| recovery.exists());
    // The process dies: no clean shutdown, the recovery file stays.
    std::mem::forget(h);
    assert!(recovery.exists());

    let mut h = harness();
    open(&mut h, &path);
    assert_eq!(h.state().safety().asking(), Some("recover"));
    assert!(h.query_by_label("Recover unsaved work?").is_some());
    assert!(
        h.query_by_label_contains("1 change not in the saved file")
            .is_some(),
        "the offer says what it holds"
    );
    h.get_by_label("Restore unsaved work").click();
    h.run();
    assert_eq!(h.state().project().name, "Renamed before the crash");
    assert!(h.state().is_modified(), "restored work is not yet saved");
    // Saving it writes the file and retires the recovery file.
    h.state_mut().queue(Action::Save);
    h.run();
    wait_until(&mut h, |a| !a.is_modified());
    assert_eq!(
        store::load(&path).map(|p| p.name).ok().as_deref(),
        Some("Renamed before the crash")
    );
    assert!(!recovery.exists());
}

#[test]
fn a_project_open_elsewhere_opens_read_only() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = saved_sample(dir.path());
    // Another Gloss (pid 1 always runs) holds the lock.
    let host = std::env::var("HOSTNAME")
        .ok()
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
        .map(|s| s.trim().to_owned())
        .unwrap_or_else(|| "this computer".into());
    std::fs::write(
        dir.path().join(".study.gloss.lock"),
        format!("pid=1\nhost={host}\n"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let mut h = harness();
    open(&mut h, &path);
    assert_eq!(h.state().safety().asking(), Some("locked"));
    assert!(h.query_by_label("Project already open").is_some());
    h.get_by_label("Open read-only").click();
    h.run();
    assert!(h.state().safety().read_only);
    assert!(h.state().window_title().contains("(read-only)"));
    rename(&mut h, "not allowed");
    assert_eq!(h.state().project().name, sample().name, "edits are refused");
    h.state_mut().queue(Action::SaveTo(path.clone()));
    h.run();
    assert!(
        h.state().error().is_some_and(|e| e.contains("read-only")),
        "{:?}",
        h.state().error()
    );
}

#[test]
fn a_file_changed_on_disk_is_not_overwritten_without_asking() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = saved_sample(dir.path());
    let mut h = harness();
    open(&mut h, &path);
    rename(&mut h, "mine");
    // A sync client replaces the file.
    let mut theirs = sample();
    theirs.name = "theirs".into();
    store::save(&theirs, &path).unwrap_or_else(|e| panic!("{e}"));
    h.state_mut().queue(Action::Save);
    h.run();
    assert_eq!(h.state().safety().asking(), Some("external"));
    assert_eq!(
        store::load(&path).ok().as_ref(),
        Some(&theirs),
        "not overwritten"
    );
    assert!(h.state().is_modified());
    // Reload takes theirs.
    h.state_mut().answer_safety(Choice::Reload);
    h.run();
    assert_eq!(h.state().project().name, "theirs");
    assert!(!h.state().is_modified());
    // Change again, then choose to overwrite: now it writes.
    rename(&mut h, "mine again");
    let mut third = sample();
    third.name = "third".into();
    store::save(&third, &path).unwrap_or_else(|e| panic!("{e}"));
    h.state_mut().queue(Action::Save);
    h.run();
    assert_eq!(h.state().safety().asking(), Some("external"));
    h.state_mut().answer_safety(Choice::Overwrite);
    h.run();
    wait_until(&mut h, |a| !a.is_modified());
    assert_eq!(
        store::load(&path).map(|p| p.name).ok().as_deref(),
        Some("mine again")
    );
}

#[test]
fn a_damaged_file_is_offered_a_repair() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("damaged.gloss");
    let p = sample();
    let text = store::to_string(&p).unwrap_or_default();
    let code = p.codes[0].id.to_string();
    let broken = text.replace(
        &format!("code: \"{code}\""),
        "code: \"00000000-0000-4000-8000-000000000000\"",
    );
    std::fs::write(&path, &broken).unwrap_or_else(|e| panic!("{e}"));
    let mut h = harness();
    open(&mut h, &path);
    assert_eq!(h.state().safety().asking(), Some("repair"));
    assert!(h.query_by_label("The project file is damaged").is_some());
    h.get_by_label("Open repaired project").click();
    h.run();
    let fixed = h.state().project();
    assert!(gloss::model::validate(fixed).is_empty());
    assert!(fixed.codings.len() < p.codings.len());
    assert!(h.state().is_modified());
    assert_eq!(
        std::fs::read_to_string(&path).ok(),
        Some(broken),
        "file untouched"
    );
}

#[test]
fn a_failed_save_keeps_the_work_and_says_so() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let sub = dir.path().join("usb-stick");
    std::fs::create_dir(&sub).unwrap_or_else(|e| panic!("{e}"));
    let path = saved_sample(&sub);
    let mut h = harness();
    open(&mut h, &path);
    rename(&mut h, "unsaved work");
    // The stick is pulled out.
    std::fs::remove_dir_all(&sub).unwrap_or_else(|e| panic!("{e}"));
    h.state_mut().queue(Action::SaveTo(path.clone()));
    h.run();
    wait_until(&mut h, |a| {
        a.error().is_some() || a.safety().asking().is_some()
    });
    if h.state().safety().asking() == Some("external") {
        // The file vanished: Gloss asks first; saving it again fails, and says so.
        h.state_mut().answer_safety(Choice::Overwrite);
        h.run();
        wait_until(&mut h, |a| a.error().is_some());
    }
    let err = h.state().error().unwrap_or_default().to_owned();
    assert!(
        err.contains("study.gloss") && err.contains("Nothing was lost"),
        "{err}"
    );
    assert!(h.state().is_modified());
    assert_eq!(h.state().project().name, "unsaved work");
}

#[test]
fn work_on_a_never_saved_project_survives_a_crash() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let untitled = dir.path().join("untitled.gloss");
    let recovery = dir.path().join(".untitled.gloss.recovery");
    let mut h = harness();
    h.state_mut()
        .enable_untitled_recovery(Some(untitled.clone()));
    h.state_mut().safety_mut().autosave_after = 0.0;
    assert!(h.state().path().is_none(), "the bundled sample has no file");
    rename(&mut h, "Sample work before the crash");
    wait_until(&mut h, |_| recovery.exists());
    std::mem::forget(h); // killed: no clean shutdown

    let mut h = harness();
    h.state_mut()
        .enable_untitled_recovery(Some(untitled.clone()));
    h.run();
    assert_eq!(h.state().safety().asking(), Some("recover"));
    assert!(h.query_by_label_contains("never saved to a file").is_some());
    h.get_by_label("Restore unsaved work").click();
    h.run();
    assert_eq!(h.state().project().name, "Sample work before the crash");
    assert!(h.state().is_modified());
    assert!(
        h.state().path().is_none(),
        "still without a file until Save As"
    );
    // Saving it to a file retires the untitled recovery file.
    let path = dir.path().join("kept.gloss");
    h.state_mut().queue(Action::SaveTo(path.clone()));
    h.run();
    wait_until(&mut h, |a| !a.is_modified());
    assert!(!recovery.exists());
    assert_eq!(
        store::load(&path).map(|p| p.name).ok().as_deref(),
        Some("Sample work before the crash")
    );
}
