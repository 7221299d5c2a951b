//! The reading pane through the real app, headless with egui_kittest: selection by mouse across
//! paragraphs of hard Unicode (always grapheme-aligned), shift-click to extend, double- and
//! triple-click, find in document, jump to a coding near the end of a long transcript.

use egui::{Event, Key, Modifiers, PointerButton, Pos2, Rect, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use gloss::model::{
    Code, Coder, CoderId, Coding, CodingId, DocId, Document, Project, Rgb, TextRange, Timestamp,
    Turn,
};
use gloss::store;
use gloss::ui::{Action, GlossApp};

const P1: &str = "We 👩‍👩‍👧‍👦 went to 🇩🇰 Denmark, and cafe\u{301} e\u{301}te\u{301} was fine 👍🏽 really.";
const P2: &str =
    "Then 🏳️‍🌈 flags and Zalgo z\u{0335}\u{0321}a\u{0336}l\u{0337}g\u{0338}o came along.";
const P3: &str = "The cat sat with another cat; category is not a cat, but CAT is.";

struct Fixture {
    h: Harness<'static, GlossApp>,
    doc: Document,
    _dir: tempfile::TempDir,
}

/// The app on a saved project holding `turns` (plus a coding per entry of `codings`).
fn open(turns: Vec<Turn>, codings: &[(usize, usize)]) -> (Fixture, Vec<CodingId>) {
    let doc = Document::new("Reading test", turns);
    let mut p = Project::named("Reading");
    let coder = Coder {
        id: CoderId::new(),
        name: "Tester".into(),
        machine: String::new(),
    };
    let code = Code::new("Marked", Rgb::palette(0));
    let mut ids = Vec::new();
    for &(a, b) in codings {
        let range = doc
            .snap_range(a, b)
            .unwrap_or_else(|| panic!("bad range {a}..{b}"));
        let c = Coding {
            id: CodingId::new(),
            document: doc.id,
            code: code.id,
            range,
            coder: coder.id,
            created: Timestamp::default(),
        };
        ids.push(c.id);
        p.codings.insert(c.id, c);
    }
    p.coders.push(coder);
    p.codes.push(code);
    p.documents.push(std::sync::Arc::new(doc.clone()));
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("reading.gloss");
    store::save(&p, &path).unwrap_or_else(|e| panic!("{e}"));
    let mut h = Harness::builder()
        .with_size(Vec2::new(1500.0, 950.0))
        // Real frame times, so that double- and triple-clicks count as such.
        .with_step_dt(1.0 / 60.0)
        .with_max_steps(240)
        .build_eframe(|_cc| GlossApp::with_sample("Tester".to_owned()));
    // Flags and some emoji are not in the bundled fonts: draw them as boxes instead of failing.
    h.ctx
        .set_missing_glyph_policy(egui::epaint::text::MissingGlyphPolicy::Tofu);
    h.state_mut().queue(Action::OpenPath(path));
    h.run();
    assert_eq!(
        h.state().current_document(),
        Some(doc.id),
        "{:?}",
        h.state().error()
    );
    (Fixture { h, doc, _dir: dir }, ids)
}

fn unicode_doc() -> Vec<Turn> {
    vec![
        Turn::new(Some("Ana"), P1),
        Turn::new(Some("Ben"), P2),
        Turn::new(None, P3),
    ]
}

fn para_rect(h: &Harness<'static, GlossApp>, text: &str) -> Rect {
    h.get_by_label(text).rect()
}

fn press(h: &mut Harness<'static, GlossApp>, pos: Pos2, pressed: bool, modifiers: Modifiers) {
    h.event_modifiers(
        Event::PointerButton {
            pos,
            button: PointerButton::Primary,
            pressed,
            modifiers,
        },
        modifiers,
    );
}

fn click(h: &mut Harness<'static, GlossApp>, pos: Pos2, modifiers: Modifiers) {
    h.event(Event::PointerMoved(pos));
    h.step();
    press(h, pos, true, modifiers);
    h.step();
    press(h, pos, false, modifiers);
    h.step();
}

fn drag(h: &mut Harness<'static, GlossApp>, from: Pos2, to: Pos2) {
    h.event(Event::PointerMoved(from));
    h.step();
    press(h, from, true, Modifiers::NONE);
    h.step();
    for i in 1..=4 {
        h.event(Event::PointerMoved(from + (to - from) * (i as f32 / 4.0)));
        h.step();
    }
    press(h, to, false, Modifiers::NONE);
    h.step();
}

#[test]
fn drag_across_two_paragraphs_is_grapheme_aligned() {
    let (mut f, _) = open(unicode_doc(), &[]);
    let h = &mut f.h;
    let r1 = para_rect(h, P1);
    let r2 = para_rect(h, P2);
    let starts = f.doc.turn_starts();
    // Start the drag at many points along the first line (inside emoji, flags, combining marks
    // among them), end it inside the second paragraph's line.
    let mut seen = std::collections::BTreeSet::new();
    for k in 0..40 {
        let from = Pos2::new(r1.left() + 40.0 + 6.0 * k as f32, r1.top() + 9.0);
        let to = Pos2::new(r2.left() + 40.0 + 170.0, r2.top() + 9.0);
        drag(h, from, to);
        let range = h
            .state()
            .selected_range()
            .unwrap_or_else(|| panic!("no selection after drag {k}"));
        assert!(f.doc.is_valid_range(range), "drag {k}: {range:?}");
        assert!(
            range.start < starts[1] && range.end > starts[1],
            "drag {k}: {range:?}"
        );
        assert!(range.end < starts[2], "drag {k}: {range:?}");
        seen.insert(range.start);
    }
    // The sweep really moved the start across the line.
    assert!(seen.len() > 15, "only {} distinct starts", seen.len());
    assert!(seen.contains(&0) || seen.iter().any(|s| *s <= 3));
}

#[test]
fn shift_click_extends_and_multi_clicks_select_words_and_paragraphs() {
    let (mut f, _) = open(unicode_doc(), &[]);
    let h = &mut f.h;
    let r1 = para_rect(h, P1);
    let r3 = para_rect(h, P3);
    let starts = f.doc.turn_starts();
    // A plain click puts a caret (no passage yet).
    click(
        h,
        Pos2::new(r1.left() + 60.0, r1.top() + 9.0),
        Modifiers::NONE,
    );
    h.run();
    assert_eq!(h.state().selected_range(), None);
    // Shift-click in the third paragraph: the passage runs from the caret to there.
    click(
        h,
        Pos2::new(r3.left() + 120.0, r3.top() + 9.0),
        Modifiers::SHIFT,
    );
    h.run();
    let a = h
        .state()
        .selected_range()
        .unwrap_or_else(|| panic!("shift-click selects"));
    assert!(a.start < starts[1] && a.end > starts[2], "{a:?}");
    // Shift-click further along: same start, later end.
    click(
        h,
        Pos2::new(r3.left() + 300.0, r3.top() + 9.0),
        Modifiers::SHIFT,
    );
    h.run();
    let b = h
        .state()
        .selected_range()
        .unwrap_or_else(|| panic!("second shift-click"));
    assert_eq!(b.start, a.start);
    assert!(b.end > a.end, "{a:?} {b:?}");

    // Shift+Right grows it by one grapheme.
    h.key_press_modifiers(Modifiers::SHIFT, Key::ArrowRight);
    h.run();
    let c = h.state().selected_range().unwrap_or_else(|| panic!("keys"));
    assert_eq!(c.start, b.start);
    assert!(c.end > b.end && f.doc.is_valid_range(c));

    // Double-click selects a word, triple-click the paragraph.
    let word_at = Pos2::new(r3.left() + 40.0 + 3.0, r3.top() + 9.0);
    h.event(Event::PointerMoved(word_at));
    // Half a second later, so the clicks before do not count towards this double-click.
    for _ in 0..30 {
        h.step();
    }
    // Clicks in quick succession.
    for _ in 0..2 {
        press(h, word_at, true, Modifiers::NONE);
        press(h, word_at, false, Modifiers::NONE);
        h.step();
    }
    let w = h.state().selected_range().unwrap_or_else(|| panic!("word"));
    assert_eq!(f.doc.slice(w), "The");
    press(h, word_at, true, Modifiers::NONE);
    press(h, word_at, false, Modifiers::NONE);
    h.step();
    let p = h.state().selected_range().unwrap_or_else(|| panic!("para"));
    assert_eq!(f.doc.slice(p), P3);
}

#[test]
fn find_counts_hits_and_respects_options() {
    let (mut f, _) = open(unicode_doc(), &[]);
    let h = &mut f.h;
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run();
    h.get_by_label("Find:").type_text("cat");
    h.run();
    let expected = [P1, P2, P3]
        .iter()
        .map(|p| p.to_lowercase().matches("cat").count())
        .sum::<usize>();
    assert_eq!(expected, 5);
    assert!(
        h.query_by_label("1 of 5 matches").is_some(),
        "the bar counts every hit"
    );
    h.get_by_label("Whole word").click();
    h.run();
    assert!(
        h.query_by_label("1 of 4 matches").is_some(),
        "whole words only"
    );
    h.get_by_label("Match case").click();
    h.run();
    assert!(h.query_by_label("1 of 3 matches").is_some(), "and case");
    h.get_by_label("Next").click();
    h.run();
    assert!(h.query_by_label("2 of 3 matches").is_some());
    h.get_by_label("Find:").click();
    h.run();
    h.get_by_label("Find:").type_text("zzz");
    h.run();
    assert!(h.query_by_label("No matches").is_some());
    h.get_by_label("Close find").click();
    h.run();
    assert!(h.query_by_label("Find:").is_none());
}

#[test]
fn jump_to_a_coding_near_the_end_of_a_long_document_shows_it() {
    // 3,000 paragraphs (about 90,000 words): far more than any window shows.
    let turns: Vec<Turn> = (0..3000)
        .map(|i| {
            Turn::new(
                Some(if i % 2 == 0 { "Interviewer" } else { "Participant" }),
                &format!(
                    "Paragraph number {i} says something about the work, the team and the long nights on the ward, again and again."
                ),
            )
        })
        .collect();
    let doc = Document::new("tmp", turns.clone());
    let starts = doc.turn_starts();
    let target = 2987;
    let a = starts[target] + "Paragraph number ".len();
    let (mut f, ids) = open(turns, &[(a, a + 12)]);
    let h = &mut f.h;
    let text = f.doc.turns()[target].text.clone();
    assert!(h.query_by_label(&text).is_none(), "not laid out yet");
    assert!(h.query_by_label("Coded: Marked").is_none());
    h.state_mut().queue(Action::JumpToCoding(ids[0]));
    h.run();
    let para = h.get_by_label(&text).rect();
    let mark = h.get_by_label("Coded: Marked").rect();
    assert!(mark.top() >= para.top() - 1.0 && mark.bottom() <= para.bottom() + 1.0);
    // On screen, below the title and coding bar, above the status bar.
    assert!(para.top() > 80.0 && para.bottom() < 900.0, "{para:?}");
    // The first paragraph is gone: only what is visible is laid out.
    assert!(h.query_by_label(&f.doc.turns()[0].text).is_none());

    // Clicking the coding's stripe in the margin selects the coding.
    assert_eq!(h.state().selected_range(), None);
    let stripe = h.get_by_label("Stripe: Marked").rect();
    assert!(stripe.left() > para.right(), "the stripe is in the margin");
    click(h, stripe.center(), Modifiers::NONE);
    h.run();
    let coded = h
        .state()
        .project()
        .codings
        .get(&ids[0])
        .map(|c| c.range)
        .unwrap_or_else(|| panic!("no coding"));
    assert_eq!(h.state().selected_range(), Some(coded));
    let _: (DocId, TextRange) = (f.doc.id, TextRange::new(0, 0));
}

#[test]
fn scrolling_up_into_unmeasured_paragraphs_keeps_the_text_still() {
    // Paragraphs of wide and of narrow letters, of different lengths: the height estimates
    // (from an average letter width) are far off.
    let turns: Vec<Turn> = (0..3000)
        .map(|i| {
            let sentence = if i % 2 == 0 {
                format!("Paragraph {i} WMWM MWWM WWMW MMWW WMMW MWMW WWWM MMMW WMWW MWWW. ")
            } else {
                format!("Paragraph {i} illi lili iill ilil llii liil iiil llli ilii. ")
            };
            Turn::new(
                Some("Participant"),
                sentence.repeat(1 + (i * 7) % 9).trim_end(),
            )
        })
        .collect();
    let (mut f, _) = open(turns, &[]);
    let h = &mut f.h;
    h.key_press_modifiers(Modifiers::COMMAND, Key::G);
    h.run();
    h.get_by_label("Go to paragraph:").type_text("1500");
    h.key_press(Key::Enter);
    h.run();
    let target = f.doc.turns()[1499].text.clone();
    let before = h.get_by_label(&target).rect();
    assert!(before.top() > 80.0 && before.top() < 900.0, "{before:?}");
    // Scroll up in small steps: paragraphs above are laid out for the first time, and the one
    // being read must move exactly with the wheel, not jump by estimate corrections.
    let mut expected = before.top();
    for step in 0..8 {
        h.event(Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: Vec2::new(0.0, 40.0),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
            modifiers: Modifiers::NONE,
        });
        h.event(Event::PointerMoved(Pos2::new(600.0, 500.0)));
        h.run();
        let now = h.get_by_label(&target).rect().top();
        let moved = now - expected;
        assert!(moved > 0.0, "the wheel scrolled up: {moved}");
        if step > 0 {
            assert!(
                (moved - 40.0).abs() <= 1.0,
                "the text jumped: moved {moved} for 40"
            );
        }
        expected = now;
    }
    let after = h.get_by_label(&target).rect().top();
    assert!(
        after - before.top() > 100.0,
        "moved {} in total",
        after - before.top()
    );
}

/// The other documents' coding data is built once and kept current edit by edit while another
/// document is shown: a coding added (then undone) in a document not on screen shows (then is
/// gone) when that document is opened.
#[test]
fn codings_changed_in_a_document_not_shown_appear_when_it_is_opened() {
    let mut h = Harness::builder()
        .with_size(Vec2::new(1500.0, 950.0))
        .with_max_steps(16)
        .build_eframe(|_cc| GlossApp::with_sample("Tester".to_owned()));
    let (a, b, code, name, coder) = {
        let p = h.state().project();
        let code = &p.codes[0];
        (
            p.documents[0].id,
            p.documents[1].clone(),
            code.id,
            code.name.clone(),
            p.coders[0].id,
        )
    };
    let label = format!("Coded: {name}");
    // A word of the second document's first paragraph that no coding covers yet.
    let word = b.turns()[0]
        .text
        .split(' ')
        .next()
        .unwrap_or_default()
        .to_owned();
    let marked = |h: &Harness<'static, GlossApp>| {
        h.query_all_by_label(&label)
            .filter(|n| n.value().as_deref() == Some(word.as_str()))
            .count()
    };
    show(&mut h, b.id);
    assert_eq!(marked(&h), 0);
    show(&mut h, a);
    let range = b
        .snap_range(0, word.len())
        .unwrap_or_else(|| panic!("no range"));
    let coding = Coding {
        id: CodingId::new(),
        document: b.id,
        code,
        range,
        coder,
        created: Timestamp::default(),
    };
    add_while_another_is_shown_then_undo(&mut h, coding, a, &marked);
}

/// Codes `coding` while document `shown` is open, then undoes it there; `marked` counts the
/// coding's marks, which must appear and go when the coding's own document is shown again.
fn add_while_another_is_shown_then_undo(
    h: &mut Harness<'static, GlossApp>,
    coding: Coding,
    shown: DocId,
    marked: &dyn Fn(&Harness<'static, GlossApp>) -> usize,
) {
    let doc = coding.document;
    h.state_mut().queue(Action::edit(
        gloss::edit::Edit::AddCoding(coding),
        "Code passage",
    ));
    h.run();
    show(h, doc);
    assert_eq!(
        marked(h),
        1,
        "the coding added while another document was shown"
    );
    show(h, shown);
    h.state_mut().queue(Action::Undo);
    h.run();
    show(h, doc);
    assert_eq!(
        marked(h),
        0,
        "the coding undone while another document was shown"
    );
}

/// Opens `doc` in the reading pane and draws it (actions are carried out after a frame is drawn,
/// so the frame showing the document is the one after).
fn show(h: &mut Harness<'static, GlossApp>, doc: DocId) {
    h.state_mut().queue(Action::SelectDocument(doc));
    h.run();
    h.step();
    assert_eq!(h.state().current_document(), Some(doc));
}

/// A long document with many codings has its data built ahead and kept current while another
/// document is shown (a document with few codings is laid out when opened instead): a coding
/// added, then undone, while it is not on screen shows, then is gone, when it is opened.
#[test]
fn codings_changed_in_a_long_document_not_shown_appear_when_it_is_opened() {
    let short = Document::new("Short", vec![Turn::new(Some("Ann"), "Nothing coded here.")]);
    let words: Vec<String> = (0..1_300).map(|i| format!("w{i}")).collect();
    let long = Document::new(
        "Long",
        vec![
            Turn::new(Some("Bo"), "fresh"),
            Turn::new(Some("Ann"), &words.join(" ")),
        ],
    );
    let mut p = Project::named("Kept");
    let coder = Coder {
        id: CoderId::new(),
        name: "Tester".into(),
        machine: String::new(),
    };
    let code = Code::new("Marked", Rgb::palette(0));
    // Every word of the second paragraph coded: well over the count from which data is kept.
    let mut at = long.turn_starts()[1];
    for w in &words {
        let c = Coding {
            id: CodingId::new(),
            document: long.id,
            code: code.id,
            range: TextRange::new(at, at + w.len()),
            coder: coder.id,
            created: Timestamp::default(),
        };
        p.codings.insert(c.id, c);
        at += w.len() + 1;
    }
    let (a, b, code_id, coder_id) = (short.id, long.id, code.id, coder.id);
    p.coders.push(coder);
    p.codes.push(code);
    p.documents.push(std::sync::Arc::new(short));
    p.documents.push(std::sync::Arc::new(long));
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("kept.gloss");
    store::save(&p, &path).unwrap_or_else(|e| panic!("{e}"));
    let mut h = Harness::builder()
        .with_size(Vec2::new(1500.0, 950.0))
        .with_max_steps(16)
        .build_eframe(|_cc| GlossApp::with_sample("Tester".to_owned()));
    h.state_mut().queue(Action::OpenPath(path));
    h.run();
    let marked = |h: &Harness<'static, GlossApp>| {
        h.query_all_by_label("Coded: Marked")
            .filter(|n| n.value().as_deref() == Some("fresh"))
            .count()
    };
    show(&mut h, b);
    assert_eq!(marked(&h), 0);
    show(&mut h, a);
    let coding = Coding {
        id: CodingId::new(),
        document: b,
        code: code_id,
        range: TextRange::new(0, "fresh".len()),
        coder: coder_id,
        created: Timestamp::default(),
    };
    add_while_another_is_shown_then_undo(&mut h, coding, a, &marked);
}
