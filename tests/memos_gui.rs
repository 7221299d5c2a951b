//! Memos through the real app (egui_kittest, accessibility tree): a memo on a bare passage from
//! the reading pane (Ctrl+M and the selection's context menu), undone in one step and marked in
//! the margin; memo hits of a project search open the memo and show what it is about.

use egui::Modifiers;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use gloss::model::{Anchor, DocId, MemoId, TextRange, Timestamp};
use gloss::ui::{Action, GlossApp, Workspace};

mod common;
use common::harness;

fn has_label_containing(h: &Harness<'static, GlossApp>, needle: &str) -> bool {
    h.query_all_by(|n| {
        n.label()
            .or_else(|| n.value())
            .is_some_and(|l| l.contains(needle))
    })
    .next()
    .is_some()
}

/// The open document and a passage of its second turn (the first few words).
fn passage(h: &Harness<'static, GlossApp>) -> (DocId, TextRange) {
    let p = h.state().project();
    let Some(doc) = h.state().current_document().and_then(|d| p.document(d)) else {
        panic!("the sample opens a document")
    };
    let start = doc.turn_starts()[1];
    let text = &doc.turns()[1].text;
    let end = text
        .match_indices(' ')
        .nth(3)
        .map_or(text.len(), |(i, _)| i);
    (doc.id, TextRange::new(start, start + end))
}

fn passage_memos(h: &Harness<'static, GlossApp>) -> Vec<(Anchor, String)> {
    h.state()
        .project()
        .memos
        .iter()
        .filter(|m| matches!(m.anchor, Anchor::Passage { .. }))
        .map(|m| (m.anchor.clone(), m.text.clone()))
        .collect()
}

fn write_in_memo_window(h: &mut Harness<'static, GlossApp>, text: &str) {
    h.get_by_role_and_label(Role::MultilineTextInput, "Memo")
        .focus();
    h.run();
    h.get_by_role_and_label(Role::MultilineTextInput, "Memo")
        .type_text(text);
    h.run();
}

#[test]
fn ctrl_m_writes_a_memo_on_the_selected_passage_shown_in_the_margin_and_undone_in_one_step() {
    let mut h = harness();
    h.run();
    // Without a selection the shortcut says what to do.
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::M);
    h.run();
    assert!(h.state().status().contains("Select a passage first"));
    let (doc, range) = passage(&h);
    h.state_mut().select_passage(doc, range);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::M);
    h.run();
    assert!(
        has_label_containing(&h, "Passage in"),
        "the memo window names the passage"
    );
    assert!(passage_memos(&h).is_empty(), "nothing is written yet");
    // The cursor is already in the memo's text: type straight away.
    h.event(egui::Event::Text("Hesitates here".into()));
    h.run();
    let want = Anchor::Passage {
        document: doc,
        range,
    };
    assert_eq!(passage_memos(&h), [(want, "Hesitates here".to_owned())]);
    assert!(
        h.query_all_by_label_contains("Memo: Passage in").any(|n| n
            .accesskit_node()
            .label()
            .is_some_and(|l| l.contains("Hesitates here"))),
        "a margin marker reports the memo"
    );
    // Typing and creating are one undo step.
    h.state_mut().queue(Action::Undo);
    h.run();
    assert!(passage_memos(&h).is_empty());
    assert!(h.query_by_label_contains("Memo: Passage in").is_none());
    assert!(!h.state().is_modified());
}

#[test]
fn the_reading_panes_context_menu_offers_a_memo_on_the_selection() {
    let mut h = harness();
    h.run();
    let (doc, range) = passage(&h);
    h.state_mut().select_passage(doc, range);
    h.run();
    h.get_by_role(Role::Document).click_secondary();
    h.run();
    h.get_by_label_contains("Memo on selection…").click();
    h.run();
    assert_eq!(
        h.state().selected_range(),
        Some(range),
        "the selection stays"
    );
    write_in_memo_window(&mut h, "From the menu");
    assert_eq!(
        passage_memos(&h),
        [(
            Anchor::Passage {
                document: doc,
                range
            },
            "From the menu".to_owned()
        )]
    );
}

/// Writes a memo through the app's dispatcher, as the memo window does.
fn write_memo(h: &mut Harness<'static, GlossApp>, anchor: Anchor, text: &str) -> MemoId {
    let (edit, id) = gloss::cases::memos::create(
        h.state().project(),
        anchor,
        "",
        text,
        "Tester",
        Timestamp::now(),
    );
    h.state_mut().queue(Action::edit(edit, "Write memo"));
    h.run();
    id
}

fn search_memos(h: &mut Harness<'static, GlossApp>, word: &str) {
    h.key_press_modifiers(Modifiers::COMMAND.plus(Modifiers::SHIFT), egui::Key::F);
    h.run();
    assert_eq!(h.state().workspace(), Workspace::Analysis);
    if h.get_by_role_and_label(Role::CheckBox, "Memos too")
        .accesskit_node()
        .toggled()
        != Some(egui::accesskit::Toggled::True)
    {
        h.get_by_role_and_label(Role::CheckBox, "Memos too").click();
        h.run();
    }
    h.get_by_role_and_label(Role::TextInput, "Find").focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::A);
    h.get_by_role_and_label(Role::TextInput, "Find")
        .type_text(word);
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
}

/// The memo hit row about `about` (the start of the anchor's label).
fn hit_label(h: &Harness<'static, GlossApp>, about: &str) -> String {
    let Some(label) = h
        .query_all_by_label_contains("zebrafish")
        .filter_map(|n| n.accesskit_node().label())
        .find(|l| l.starts_with(about))
    else {
        panic!("no memo hit about {about}")
    };
    label
}

#[test]
fn memo_hits_open_the_memo_and_reveal_what_it_is_about() {
    let mut h = harness();
    h.run();
    let (doc, range) = passage(&h);
    let coding = {
        let p = h.state().project();
        let Some(c) = p.codings.values().find(|c| c.document != doc) else {
            panic!("the sample has codings in other documents")
        };
        (c.id, c.document)
    };
    write_memo(
        &mut h,
        Anchor::Passage {
            document: doc,
            range,
        },
        "the zebrafish passage",
    );
    let entry = write_memo(&mut h, Anchor::Project, "a zebrafish journal entry");
    write_memo(
        &mut h,
        Anchor::Participant("Kari".into()),
        "Kari and the zebrafish",
    );
    write_memo(&mut h, Anchor::Coding(coding.0), "a zebrafish coding note");

    // A passage memo: the passage is selected in the reading pane, the memo in its window.
    search_memos(&mut h, "zebrafish");
    h.get_by_label("Memos (4)");
    let label = hit_label(&h, "Passage in");
    h.get_by_label(&label).click();
    h.run();
    assert_eq!(h.state().workspace(), Workspace::Coding);
    assert_eq!(h.state().current_document(), Some(doc));
    assert_eq!(h.state().selected_range(), Some(range));
    assert_eq!(
        h.get_by_role_and_label(Role::MultilineTextInput, "Memo")
            .value()
            .as_deref(),
        Some("the zebrafish passage")
    );

    // A journal entry, with the keyboard: focus its row and press Enter.
    search_memos(&mut h, "zebrafish");
    let label = hit_label(&h, "Journal");
    h.get_by_label(&label).focus();
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(h.state().workspace(), Workspace::Analysis);
    assert_eq!(
        h.get_by_role_and_label(Role::MultilineTextInput, "Journal entry")
            .value()
            .as_deref(),
        Some("a zebrafish journal entry"),
        "the Journal tab shows the entry {entry:?}"
    );

    // A participant memo: the Participants table, filtered to Kari, and the memo. (The memo
    // window may float over the list: the row is clicked as a screen reader would.)
    search_memos(&mut h, "zebrafish");
    let label = hit_label(&h, "Participant Kari");
    h.get_by_label(&label).click_accesskit();
    h.run();
    assert!(h.query_by_label("Select Kari").is_some());
    assert!(
        h.query_by_label("Select Jonas").is_none(),
        "filtered to Kari"
    );
    assert_eq!(
        h.get_by_role_and_label(Role::MultilineTextInput, "Memo")
            .value()
            .as_deref(),
        Some("Kari and the zebrafish")
    );

    // A coding memo: the coding's document in the reading pane.
    search_memos(&mut h, "zebrafish");
    let label = hit_label(&h, "Coding");
    h.get_by_label(&label).click_accesskit();
    h.run();
    assert_eq!(h.state().workspace(), Workspace::Coding);
    assert_eq!(h.state().current_document(), Some(coding.1));
    assert_eq!(
        h.get_by_role_and_label(Role::MultilineTextInput, "Memo")
            .value()
            .as_deref(),
        Some("a zebrafish coding note")
    );
}
