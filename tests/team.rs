//! Team work end to end: two branches of a real git repository merged through the `gloss merge`
//! driver, a conflicting rename recorded as data and resolved in the window, `gloss log`, and
//! merging a copy without git. Skips when git is not installed.

mod common;

use common::cli::{gloss, text};
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable as _;
use gloss::edit::{self, CodeField, Edit, ops};
use gloss::model::Project;
use gloss::store;
use std::path::Path;
use std::process::Command;

fn git(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.org"])
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("git {args:?}: {e}"))
}

fn git_ok(dir: &Path, args: &[&str]) {
    let out = git(dir, args);
    assert!(
        out.status.success(),
        "git {args:?}: {}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
}

/// Commits everything, the project file and its trail file beside it, as a user would.
fn commit(repo: &Path, message: &str) {
    git_ok(repo, &["add", "-A"]);
    git_ok(repo, &["commit", "-q", "-m", message]);
}

fn have_git() -> bool {
    Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn load(p: &Path) -> Project {
    store::load(p).unwrap_or_else(|e| panic!("{e}"))
}

fn save(project: &Project, p: &Path) {
    store::save(project, p).unwrap_or_else(|e| panic!("{e}"));
}

/// Codes `n` passages of document `doc` with the first code, as `coder`, through the logged door.
fn code_some(p: &mut Project, doc: usize, n: usize, coder: &str) {
    let d = p.documents[doc].id;
    let code = p.codes[0].id;
    for i in 0..n {
        let at = 200 + i * 40;
        let Some(e) = ops::code_passage(p, d, at, at + 20, code, coder) else {
            panic!("cannot code {at}")
        };
        edit::apply_logged(p, e, "Code passage", coder).unwrap_or_else(|e| panic!("{e}"));
    }
}

fn rename(p: &mut Project, name: &str, who: &str) {
    let id = p.codes[0].id;
    let e = Edit::SetCode {
        id,
        field: CodeField::Name(name.into()),
    };
    edit::apply_logged(p, e, "Rename code", who).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn git_merges_two_branches_by_ids_and_records_a_conflicting_rename() {
    if !have_git() {
        eprintln!("git is not installed: skipped");
        return;
    }
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let repo = dir.path();
    git_ok(repo, &["init", "-q", "-b", "main"]);
    let file = repo.join("study.gloss");
    std::fs::write(&file, gloss::SAMPLE_PROJECT).unwrap_or_else(|e| panic!("{e}"));
    // The driver set-up says what it did and writes both lines.
    let out = Command::new(env!("CARGO_BIN_EXE_gloss"))
        .current_dir(repo)
        .args(["merge", "--setup-git"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("merge.gloss.driver"));
    let attributes = std::fs::read_to_string(repo.join(".gitattributes")).unwrap_or_default();
    assert!(attributes.contains("*.gloss merge=gloss"));
    assert!(attributes.contains("*.gloss.trail merge=union"));
    let driver = git(repo, &["config", "merge.gloss.driver"]);
    assert!(text(&driver.stdout).contains("merge %O %A %B"));
    git_ok(repo, &["add", "-A"]);
    git_ok(repo, &["commit", "-q", "-m", "start"]);
    let before = load(&file).codings.len();

    // Two coders, disjoint work, on two branches.
    git_ok(repo, &["checkout", "-q", "-b", "ana"]);
    let mut p = load(&file);
    code_some(&mut p, 0, 5, "Ana");
    save(&p, &file);
    let ana = p.codings.clone();
    commit(repo, "ana codes");
    git_ok(repo, &["checkout", "-q", "main"]);
    git_ok(repo, &["checkout", "-q", "-b", "ben"]);
    let mut p = load(&file);
    code_some(&mut p, 1, 7, "Ben");
    save(&p, &file);
    let ben = p.codings.clone();
    commit(repo, "ben codes");
    git_ok(repo, &["checkout", "-q", "ana"]);
    git_ok(repo, &["merge", "-q", "--no-edit", "ben"]);
    let merged = load(&file);
    assert!(merged.conflicts.is_empty());
    assert_eq!(merged.codings.len(), before + 12);
    for (id, c) in ana.iter().chain(ben.iter()) {
        assert_eq!(merged.codings.get(id), Some(c), "a coding went missing");
    }
    // The trail files, committed on both branches, merged by git: both sides' lines, no markers.
    let trail = std::fs::read_to_string(store::trail::path_for(&file)).unwrap_or_default();
    assert!(!trail.contains("<<<<<<<"), "{trail}");
    assert_eq!(
        trail.lines().filter(|l| l.contains("Code passage")).count(),
        12
    );
    // Both coders' steps are in the merged trail, and `gloss log` filters them.
    let path = file.display().to_string();
    let log = gloss(&["log", &path, "--coder", "Ben", "--json"]);
    assert!(log.status.success(), "{}", text(&log.stderr));
    let entries: serde_json::Value =
        serde_json::from_slice(&log.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(entries.as_array().map(Vec::len), Some(7));
    let all = text(&gloss(&["log", &path]).stdout);
    assert!(all.contains("Ana") && all.contains("Ben") && all.contains("Code passage"));

    // The same code renamed differently on two branches: exit 1 from the driver, git reports a
    // conflict, and the file is a valid project holding a conflict record (no markers).
    git_ok(repo, &["checkout", "-q", "-b", "rename-a"]);
    let mut p = load(&file);
    rename(&mut p, "Calmness", "Ana");
    save(&p, &file);
    commit(repo, "rename a");
    git_ok(repo, &["checkout", "-q", "ana"]);
    git_ok(repo, &["checkout", "-q", "-b", "rename-b"]);
    let mut p = load(&file);
    rename(&mut p, "Quiet", "Ben");
    save(&p, &file);
    commit(repo, "rename b");
    let out = git(repo, &["merge", "--no-edit", "rename-a"]);
    assert!(!out.status.success(), "git should report the conflict");
    let bytes = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(!bytes.contains("<<<<<<<") && !bytes.contains(">>>>>>>"));
    let conflicted = load(&file);
    assert_eq!(conflicted.conflicts.len(), 1);
    assert_eq!(conflicted.conflicts[0].field, "name");
    let info = gloss(&["info", &path, "--json"]);
    let info: serde_json::Value =
        serde_json::from_slice(&info.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(info["conflicts"], 1);

    // The driver by hand: exit 1 for conflicts, 2 for an unreadable input (nothing written).
    let base = repo.join("base.gloss");
    let a = repo.join("a.gloss");
    let b = repo.join("b.gloss");
    let out_file = repo.join("out.gloss");
    std::fs::write(&base, gloss::SAMPLE_PROJECT).unwrap_or_else(|e| panic!("{e}"));
    let mut pa = load(&base);
    rename(&mut pa, "One", "Ana");
    save(&pa, &a);
    let mut pb = load(&base);
    rename(&mut pb, "Two", "Ben");
    save(&pb, &b);
    let s = |p: &Path| p.display().to_string();
    let r = gloss(&["merge", &s(&base), &s(&a), &s(&b), "-o", &s(&out_file)]);
    assert_eq!(r.status.code(), Some(1), "{}", text(&r.stderr));
    assert_eq!(load(&out_file).conflicts.len(), 1);
    // A side merged with itself is clean.
    let r = gloss(&["merge", &s(&base), &s(&a), &s(&a), "-o", &s(&out_file)]);
    assert_eq!(r.status.code(), Some(0));
    let broken = repo.join("broken.gloss");
    std::fs::write(&broken, "(format_version: 3, project: (name: ").unwrap_or_default();
    let untouched = std::fs::read(&a).unwrap_or_default();
    let r = gloss(&["merge", &s(&base), &s(&a), &s(&broken)]);
    assert_eq!(r.status.code(), Some(2));
    assert!(
        text(&r.stderr).contains("broken.gloss"),
        "{}",
        text(&r.stderr)
    );
    assert_eq!(
        std::fs::read(&a).unwrap_or_default(),
        untouched,
        "nothing written"
    );

    // The conflicted project opens in the window with the conflict listed and resolvable.
    let mut h = common::harness();
    h.state_mut()
        .queue(gloss::ui::Action::OpenPath(file.clone()));
    h.run();
    assert_eq!(h.state().project().conflicts.len(), 1);
    h.get_by_role_and_label(Role::Button, "Take theirs").click();
    h.run();
    let p = h.state().project();
    assert!(p.conflicts.is_empty());
    assert_eq!(
        p.codes[0].name, "Calmness",
        "theirs is the branch merged in"
    );
    h.state_mut().queue(gloss::ui::Action::Undo);
    h.run();
    assert_eq!(
        h.state().project().conflicts.len(),
        1,
        "undo brings it back"
    );
    assert_eq!(h.state().project().codes[0].name, "Quiet");
}

#[test]
fn the_same_merge_twice_gives_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let base = dir.path().join("base.gloss");
    std::fs::write(&base, gloss::SAMPLE_PROJECT).unwrap_or_else(|e| panic!("{e}"));
    let mut a = load(&base);
    rename(&mut a, "One", "Ana");
    code_some(&mut a, 0, 3, "Ana");
    let mut b = load(&base);
    rename(&mut b, "Two", "Ben");
    code_some(&mut b, 1, 3, "Ben");
    let (pa, pb) = (dir.path().join("a.gloss"), dir.path().join("b.gloss"));
    save(&a, &pa);
    save(&b, &pb);
    let s = |p: &Path| p.display().to_string();
    let mut outs = Vec::new();
    for n in 0..2 {
        let out = dir.path().join(format!("out{n}.gloss"));
        let r = gloss(&["merge", &s(&base), &s(&pa), &s(&pb), "-o", &s(&out)]);
        assert_eq!(r.status.code(), Some(1));
        outs.push(std::fs::read(&out).unwrap_or_default());
    }
    let strip = |b: &[u8]| -> String {
        // Only the moment the conflict was recorded differs between two runs.
        text(b)
            .lines()
            .map(|l| match l.find("recorded:") {
                Some(i) => l[..i].to_owned(),
                None => l.to_owned(),
            })
            .collect()
    };
    assert_eq!(strip(&outs[0]), strip(&outs[1]));
}

#[test]
fn a_copy_merges_in_without_git_using_the_shared_history() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mine = dir.path().join("mine.gloss");
    let theirs = dir.path().join("theirs.gloss");
    let mut start =
        store::from_str(gloss::SAMPLE_PROJECT, "sample").unwrap_or_else(|e| panic!("{e}"));
    // A shared step, so the copies have history in common.
    edit::apply_logged(
        &mut start,
        Edit::SetProjectName("Study".into()),
        "Rename",
        "Ana",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let mut copy = start.clone();
    code_some(&mut copy, 1, 4, "Ben");
    rename(&mut copy, "Quiet", "Ben");
    save(&copy, &theirs);
    save(&start, &mine);

    let mut h = common::harness();
    h.state_mut()
        .queue(gloss::ui::Action::OpenPath(mine.clone()));
    h.run();
    let before = h.state().project().codings.len();
    h.state_mut().queue(gloss::ui::Action::Team(
        gloss::ui::team::TeamAction::MergeCopyFrom(theirs.clone()),
    ));
    // The merge is worked out on another thread while the window goes on.
    for _ in 0..200 {
        h.step();
        if h.query_by_label_contains("Three-way merge").is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    h.run();
    let p = h.state().project();
    assert_eq!(p.codings.len(), before + 4);
    assert_eq!(p.codes[0].name, "Quiet");
    assert!(p.conflicts.is_empty());
    assert!(h.query_by_label_contains("Three-way merge").is_some());
    assert!(h.query_by_label_contains("4 codings by Ben").is_some());
    // The copy's steps joined the trail, shown in Edit > History with the merge itself.
    h.state_mut().queue(gloss::ui::Action::ShowHistory);
    h.step();
    h.run();
    assert!(h.query_by_label_contains("Merge in theirs.gloss").is_some());
    assert!(h.query_by_label_contains("of 7 steps").is_some());
    assert!(h.query_by_label_contains("Rename code").is_some());
    let trail = &h.state().project().trail;
    assert!(
        trail
            .iter()
            .any(|e| &*e.author == "Ben" && &*e.kind == "coding")
    );
    // The copy's steps come after this project's own (the trail file is only appended to).
    let first_ben = trail.iter().position(|e| &*e.author == "Ben");
    assert!(first_ben.is_some_and(|i| trail[..i].iter().any(|e| &*e.author == "Ana")));
    // One undo step takes it all back.
    h.state_mut().queue(gloss::ui::Action::Undo);
    h.run();
    assert_eq!(h.state().project().codings.len(), before);
    assert_eq!(h.state().history().undo_label(), None);
    // The open History window takes the undo in as one more step.
    assert!(h.query_by_label_contains("of 8 steps").is_some());
    assert!(
        h.query_by_label_contains("Undo: Merge in theirs.gloss")
            .is_some()
    );
}

/// A copy sent without its trail file (the project file alone, as an e-mail attachment) still
/// merges three-way: its project file keeps its newest steps, and this project's trail file has
/// the rest.
#[test]
fn a_copy_sent_without_its_trail_file_merges_three_way() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mine = dir.path().join("mine.gloss");
    let theirs = dir.path().join("theirs.gloss");
    let mut start =
        store::from_str(gloss::SAMPLE_PROJECT, "sample").unwrap_or_else(|e| panic!("{e}"));
    // More shared steps than a project file keeps, so the older ones are in the trail file only.
    for i in 0..store::trail::WINDOW + 100 {
        let e = Edit::SetProjectName(format!("Study {i}"));
        edit::apply_logged(&mut start, e, "Rename project", "Ana")
            .unwrap_or_else(|e| panic!("{e}"));
    }
    save(&start, &mine);
    std::fs::copy(&mine, &theirs).unwrap_or_else(|e| panic!("{e}"));
    // They code in their copy and save it; only the project file comes back.
    let mut copy = load(&theirs);
    code_some(&mut copy, 1, 4, "Ben");
    save(&copy, &theirs);
    let _ = std::fs::remove_file(store::trail::path_for(&theirs));
    // Meanwhile this copy renames a code.
    let mut ours = load(&mine);
    rename(&mut ours, "Quiet", "Ana");
    save(&ours, &mine);

    let prepared =
        gloss::merge::copy::prepare(&ours, Some(&mine), &theirs).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        prepared.lines[0].starts_with("Three-way merge"),
        "{:?}",
        prepared.lines
    );
    let mut h = edit::History::new_saved();
    let before = ours.codings.len();
    gloss::merge::copy::apply(&mut ours, &mut h, "Ana", prepared).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ours.codings.len(), before + 4);
    assert_eq!(ours.codes[0].name, "Quiet");
    assert!(ours.conflicts.is_empty());
    // Saved, the trail file holds every step of both copies once.
    save(&ours, &mine);
    let whole = store::trail::full(&mine, &ours.trail).unwrap_or_else(|e| panic!("{e}"));
    assert!(whole.unreadable.is_empty());
    let mut ids: Vec<_> = whole.entries.iter().map(|e| e.id).collect();
    let n = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), n);
    assert!(whole.entries.iter().filter(|e| &*e.author == "Ben").count() == 4);
    // The shared steps, the four codings and the rename.
    assert!(n > store::trail::WINDOW + 100 + 4);
}

/// `gloss merge BASE OURS THEIRS` over a copy that keeps a trail file: the other side's steps
/// join it, even those made before ours' newest step.
#[test]
fn a_merge_written_over_ours_adds_theirs_steps_to_its_trail_file() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (base, ours, theirs) = (
        dir.path().join("base.gloss"),
        dir.path().join("ours.gloss"),
        dir.path().join("theirs.gloss"),
    );
    let start = store::from_str(gloss::SAMPLE_PROJECT, "sample").unwrap_or_else(|e| panic!("{e}"));
    save(&start, &base);
    // Theirs' steps come first in time, ours' after them.
    let mut t = start.clone();
    code_some(&mut t, 1, 3, "Ben");
    save(&t, &theirs);
    let mut o = start.clone();
    code_some(&mut o, 0, 2, "Ana");
    save(&o, &ours);
    let (b, o_path, t_path) = (
        base.display().to_string(),
        ours.display().to_string(),
        theirs.display().to_string(),
    );
    let out = gloss(&["merge", &b, &o_path, &t_path]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let merged = load(&ours);
    let whole = store::trail::full(&ours, &merged.trail).unwrap_or_else(|e| panic!("{e}"));
    let on_disk = store::trail::read(&ours).unwrap_or_else(|e| panic!("{e}"));
    for trail in [&whole.entries, &on_disk.entries] {
        assert_eq!(trail.iter().filter(|e| &*e.author == "Ben").count(), 3);
        assert_eq!(trail.iter().filter(|e| &*e.author == "Ana").count(), 2);
    }
}
