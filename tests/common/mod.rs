//! Helpers shared by the test files: the real app in a headless harness, mouse drags, clicks on
//! widgets that may first need scrolling into view, and (`cli`) running the `gloss` binary.
#![allow(dead_code)] // each test file uses some of them

pub mod cli;

use egui::accesskit::Role;
use egui::{Event, Modifiers, PointerButton, Pos2, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use gloss::ui::GlossApp;

/// The real app on the bundled sample, coding as "Tester".
pub fn harness() -> Harness<'static, GlossApp> {
    Harness::builder()
        .with_size(Vec2::new(1500.0, 950.0))
        // A jump to a coding flashes it for a few frames before the UI settles.
        .with_max_steps(16)
        .build_eframe(|_cc| GlossApp::with_sample("Tester".to_owned()))
}

/// Presses at `from`, drags to `to` over a few frames, releases.
pub fn drag(h: &mut Harness<'static, GlossApp>, from: Pos2, to: Pos2, modifiers: Modifiers) {
    h.event(Event::PointerMoved(from));
    h.step();
    h.event_modifiers(
        Event::PointerButton {
            pos: from,
            button: PointerButton::Primary,
            pressed: true,
            modifiers,
        },
        modifiers,
    );
    h.step();
    for i in 1..=6 {
        h.event(Event::PointerMoved(from + (to - from) * (i as f32 / 6.0)));
        h.step();
    }
    h.event_modifiers(
        Event::PointerButton {
            pos: to,
            button: PointerButton::Primary,
            pressed: false,
            modifiers,
        },
        modifiers,
    );
    h.run();
}

/// Scrolls the `index`th node labelled `label` (with `role`, if given) into view, then clicks it.
pub fn click_nth(
    h: &mut Harness<'static, GlossApp>,
    label: &str,
    role: Option<Role>,
    index: usize,
) {
    {
        let nodes: Vec<_> = match role {
            Some(r) => h.get_all_by_role_and_label(r, label).collect(),
            None => h.get_all_by_label(label).collect(),
        };
        assert!(
            index < nodes.len(),
            "only {} nodes labelled {label:?}",
            nodes.len()
        );
        nodes[index].scroll_to_me();
    }
    h.run();
    let nodes: Vec<_> = match role {
        Some(r) => h.get_all_by_role_and_label(r, label).collect(),
        None => h.get_all_by_label(label).collect(),
    };
    nodes[index].click();
    drop(nodes);
    h.run();
}
