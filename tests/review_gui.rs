//! Supervisor review through the real window: open a project for review, try to code (refused,
//! nothing written), comment on a passage, reply, resolve, sign off a theme; then as the analyst
//! change the theme and see "changed since approved"; the Comments list shows an orphaned
//! thread; the theme board by keyboard, into the reading pane and back.

mod common;

use common::harness;
use egui::Modifiers;
use egui_kittest::kittest::Queryable as _;
use gloss::edit::{Edit, ThemeField, ops};
use gloss::model::{Anchor, Project, TextRange, Verdict};
use gloss::store;
use gloss::ui::{Action, PICKER_LABEL, ReviewAction, Workspace};

const CALM: &str = "A calm clinic and good relations";

fn sample() -> Project {
    store::from_str(gloss::SAMPLE_PROJECT, "sample").unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_reviewer_comments_and_signs_off_but_cannot_change_the_analysis() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("study.gloss");
    store::save(&sample(), &path).unwrap_or_else(|e| panic!("{e}"));
    let original = store::load(&path).unwrap_or_else(|e| panic!("{e}"));

    // File > Open for review (the dialog's answer given directly).
    let mut h = harness();
    h.run();
    h.state_mut()
        .queue(Action::Review(ReviewAction::OpenForReviewPath(
            path.clone(),
        )));
    h.run();
    assert_eq!(h.state().path(), Some(path.as_path()));
    assert_eq!(h.state().reviewer(), Some("Tester"));
    assert_eq!(h.state().workspace(), Workspace::Review);
    assert!(
        h.query_by_label_contains("Review mode — reviewing as Tester")
            .is_some()
    );

    // Try to code a passage through the coding bar: refused, nothing changes.
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Num1);
    h.run();
    assert_eq!(h.state().workspace(), Workspace::Coding);
    let doc = original.documents[0].clone();
    let start = doc.turn_starts()[1];
    let range = doc
        .snap_range(start, start + 24)
        .unwrap_or_else(|| panic!("no range"));
    h.state_mut().select_passage(doc.id, range);
    h.run();
    h.get_by_label(PICKER_LABEL).click();
    h.run();
    h.get_by_label(PICKER_LABEL).type_text("rapport");
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(h.state().project().codings, original.codings);
    assert!(
        h.state().status().contains("open for review"),
        "status: {}",
        h.state().status()
    );
    assert!(!h.state().is_modified());
    // Nor can a queued edit (a drag, a menu) or a theme change get through.
    let calm = original
        .themes
        .iter()
        .find(|t| t.name == CALM)
        .map(|t| t.id)
        .unwrap_or_else(|| panic!("no theme"));
    h.state_mut()
        .queue(Action::edit(ops::delete_theme(&original, calm), "Delete"));
    h.state_mut().queue(Action::edit(
        Edit::SetTheme {
            id: calm,
            field: ThemeField::Name("Renamed".into()),
        },
        "Rename",
    ));
    h.run();
    assert_eq!(h.state().project().themes, original.themes);
    assert!(!h.state().is_modified());

    // Comment on the selected passage: Edit > Comment on selection….
    h.get_by_label("Edit").click();
    h.run();
    h.get_by_label("Comment on selection…").click();
    h.run();
    assert_eq!(h.state().workspace(), Workspace::Review);
    h.get_by_label("Comment:")
        .type_text("Is this rapport, or relief?");
    h.run();
    h.get_by_label("Post comment").click();
    h.run();
    let comments = &h.state().project().comments;
    assert_eq!(comments.len(), original.comments.len() + 1);
    let Some(mine) = comments.last().cloned() else {
        panic!("no comment")
    };
    assert_eq!(
        mine.anchor,
        Anchor::Passage {
            document: doc.id,
            range
        }
    );
    assert_eq!(
        h.state()
            .project()
            .coder(mine.author)
            .map(|c| c.name.as_str()),
        Some("Tester")
    );

    // Reply, then resolve the thread.
    h.get_by_label("Your reply:").click();
    h.run();
    h.get_by_label("Your reply:").type_text("Relief, I think.");
    h.run();
    h.get_by_label("Reply").click();
    h.run();
    let reply = h.state().project().comments.last().cloned();
    assert_eq!(reply.as_ref().and_then(|c| c.reply_to), Some(mine.id));
    h.get_by_label("Resolve").click();
    h.run();
    let root = h
        .state()
        .project()
        .comments
        .iter()
        .find(|c| c.id == mine.id)
        .cloned();
    assert!(root.is_some_and(|c| c.resolved.is_some()));

    // Sign off a theme from the board.
    h.get_by_label(&format!("{CALM}  (final)")).click();
    h.run();
    h.get_by_label("Sign-off note:").click();
    h.run();
    h.get_by_label("Sign-off note:")
        .type_text("Convincing merge.");
    h.run();
    h.get_by_label("Approve").click();
    h.run();
    let signed = |p: &Project| {
        p.signoffs
            .iter()
            .filter(|s| s.theme == calm && s.verdict == Verdict::Approved)
            .count()
    };
    assert_eq!(signed(h.state().project()), 1);
    // Undo and redo work for review steps.
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(signed(h.state().project()), 0);
    h.key_press_modifiers(Modifiers::COMMAND.plus(Modifiers::SHIFT), egui::Key::Z);
    h.run();
    assert_eq!(signed(h.state().project()), 1);

    // Saved: the comments and the sign-off are in the file, the analysis is as it was.
    h.state_mut().queue(Action::Save);
    h.run();
    assert!(!h.state().is_modified(), "status: {}", h.state().status());
    let saved = store::load(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(saved.comments.len(), original.comments.len() + 2);
    assert_eq!(signed(&saved), 1);
    assert_eq!(saved.codings, original.codings);
    assert_eq!(saved.themes, original.themes);
    assert_eq!(saved.documents, original.documents);
    drop(h);

    // The analyst opens the file, sees the comments, changes the theme: the board says so.
    let mut a = harness();
    a.state_mut().queue(Action::OpenPath(path.clone()));
    a.run();
    assert_eq!(a.state().reviewer(), None);
    a.key_press_modifiers(Modifiers::COMMAND, egui::Key::Num2);
    a.run();
    a.get_by_label(&format!("{CALM}  (final)")).click();
    a.run();
    assert!(a.query_by_label_contains("Approved by Tester on").is_some());
    assert!(
        a.query_by_label_contains("changed since approved")
            .is_none()
    );
    a.state_mut().queue(Action::edit(
        Edit::SetTheme {
            id: calm,
            field: ThemeField::Description("The clinic's calm and its relations.".into()),
        },
        "Edit definition",
    ));
    a.run();
    assert!(
        a.query_all_by_label_contains("changed since approved by Tester on")
            .next()
            .is_some()
    );
    assert!(
        a.query_all_by_label_contains(&format!("Changed the definition of “{CALM}”"))
            .next()
            .is_some()
    );

    // A coding with a comment is removed: the thread stays, shown as orphaned.
    let engine = saved
        .comments
        .iter()
        .find_map(|c| match c.anchor {
            Anchor::Coding(id) => Some(id),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no comment on a coding"));
    let remove = ops::remove_coding(a.state().project(), engine);
    a.state_mut().queue(Action::edit(remove, "Remove coding"));
    a.run();
    let open = gloss::review::comments::threads(a.state().project())
        .iter()
        .filter(|t| t.is_open())
        .count();
    a.get_by_label(&format!("Comments ({open} open)")).click();
    a.run();
    assert!(
        a.query_by_label_contains("orphaned: on a removed coding")
            .is_some()
    );
    // The filters: resolved only hides the open ones.
    a.get_by_label("Resolved").click();
    a.run();
    assert!(
        a.query_by_label_contains("Is this rapport, or relief?")
            .is_some()
    );
    assert!(
        a.query_by_label_contains("Make sure it still comes through")
            .is_none()
    );
}

#[test]
fn the_theme_board_by_keyboard_into_the_reading_pane_and_back() {
    let mut h = harness();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Num2);
    h.run();
    assert_eq!(h.state().workspace(), Workspace::Review);
    // The first node (the group "Rewarding") is selected; Down moves to its first theme.
    h.key_press(egui::Key::ArrowDown);
    h.run();
    assert!(h.query_by_label("Seeing harm reduced").is_some());
    h.key_press(egui::Key::ArrowDown);
    h.run();
    assert!(h.query_by_label("More than medication").is_some());
    assert!(h.query_by_label("Seeing harm reduced").is_none());
    h.key_press(egui::Key::ArrowUp);
    h.run();
    assert!(h.query_by_label("Seeing harm reduced").is_some());

    // Enter goes into the passages; Down, Enter opens the second in the reading pane.
    let p = h.state().project().clone();
    let theme = p
        .themes
        .iter()
        .find(|t| t.name == "Seeing harm reduced")
        .map(|t| t.id)
        .unwrap_or_else(|| panic!("no theme"));
    let rows = gloss::query::retrieve_theme(&p, theme);
    assert!(rows.len() > 2);
    assert!(
        h.query_by_label_contains(&format!("Supporting passages ({})", rows.len()))
            .is_some()
    );
    h.key_press(egui::Key::Enter);
    h.run();
    h.key_press(egui::Key::ArrowDown);
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(h.state().workspace(), Workspace::Coding);
    assert_eq!(h.state().current_document(), Some(rows[1].document));

    // Back returns to the board, on the same theme.
    h.get_by_label("Back to the theme board").click();
    h.run();
    assert_eq!(h.state().workspace(), Workspace::Review);
    assert!(h.query_by_label("Seeing harm reduced").is_some());
    assert!(h.query_by_label("Back to the theme board").is_none());

    // A click on a passage opens it too.
    let label = format!(
        "Passage: {} ({} · {} · ¶{} · {}{})",
        rows[0].text.trim(),
        rows[0].speaker.as_deref().unwrap_or("Unattributed"),
        rows[0].document_title,
        rows[0].paragraph,
        rows[0].code_name,
        if rows[0].exemplar { " · exemplar" } else { "" }
    );
    h.get_by_label(&label).click();
    h.run();
    assert_eq!(h.state().workspace(), Workspace::Coding);
    assert_eq!(h.state().current_document(), Some(rows[0].document));
}

#[test]
fn the_sample_shows_the_abstract_snapshot_and_its_merges() {
    let mut h = harness();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Num2);
    h.run();
    h.get_by_label("Changes").click();
    h.run();
    // Side by side: both trees, the merged themes marked on both sides.
    assert!(
        h.query_by_label_contains("» Smoother than expected")
            .is_some()
    );
    assert!(h.query_by_label_contains(&format!("» {CALM}")).is_some());
    h.get_by_label("List").click();
    h.run();
    assert!(
        h.query_by_label_contains(
            "Merged “Initiating recovery beyond medication” and “Staffing limitations” into \
             “Getting beyond medication”"
        )
        .is_some()
    );
    // A snapshot label in use is refused.
    h.get_by_label("Take snapshot…").click();
    h.run();
    h.get_by_label("Snapshot label:").click();
    h.run();
    h.get_by_label("Snapshot label:")
        .type_text("Conference abstract");
    h.run();
    h.get_by_label("Take").click();
    h.run();
    assert!(
        h.state().status().contains("already exists"),
        "{}",
        h.state().status()
    );
    assert_eq!(h.state().project().snapshots.len(), 1);
    h.get_by_label("Snapshot label:").click();
    h.run();
    h.get_by_label("Snapshot label:").type_text(" 2");
    h.run();
    h.get_by_label("Take").click();
    h.run();
    assert_eq!(h.state().project().snapshots.len(), 2);
    let _ = TextRange::new(0, 0);
}

#[test]
fn the_comments_list_jumps_to_a_passage_whose_margin_mark_leads_back() {
    let mut h = harness();
    h.run();
    let p = sample();
    let Some((document, range)) = p.comments.iter().find_map(|c| match c.anchor {
        Anchor::Passage { document, range } => Some((document, range)),
        _ => None,
    }) else {
        panic!("the sample has no comment on a passage")
    };
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Num2);
    h.run();
    h.get_by_label("Comments (3 open)").click();
    h.run();
    // Filter by anchor: passages only.
    h.get_by_label("On:").click();
    h.run();
    h.get_by_label("Passages").click();
    h.run();
    assert!(h.query_by_label_contains("Lovely quote").is_none());
    let Some(entry) = h.query_by_label_contains("Is this about the rules") else {
        panic!("the passage's thread is not listed")
    };
    entry.click();
    h.run();
    assert_eq!(h.state().workspace(), Workspace::Coding);
    assert_eq!(h.state().current_document(), Some(document));
    assert_eq!(h.state().selected_range(), Some(range));
    // The reading pane marks the thread in its margin; the mark shows the thread.
    let Some(mark) = h.query_by_label_contains("Comment (open): Is this about the rules") else {
        panic!("no comment mark in the margin")
    };
    mark.click();
    h.run();
    assert_eq!(h.state().workspace(), Workspace::Review);
    assert!(
        h.query_all_by_label_contains("passage “That inconsistency caused more trouble")
            .next()
            .is_some()
    );
}
