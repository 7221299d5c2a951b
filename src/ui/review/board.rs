//! The theme board: the theme tree with status, counts, sign-off and comment marks (left); the
//! selected theme in full with its counts by document and participant, exemplars and every
//! supporting passage (centre, the passages in a virtual list so thousands scroll smoothly);
//! its sign-off (right). Up/Down move through themes, Enter (or Right) goes into the passages,
//! Up/Down move through them, Enter opens one in the reading pane, Left goes back to the themes.

use super::{ReviewAction, ReviewState};
use crate::export::status_label;
use crate::model::{Anchor, ThemeId, ThemeKind, Verdict};
use crate::query::{self, Counts, Row};
use crate::review::{comments, signoff};
use crate::ui::action::Action;
use crate::ui::view::View;
use egui::{Key, RichText};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Height of one passage row of the virtual list (three lines and a gap).
const ROW_H: f32 = 76.0;

#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
enum Focus {
    #[default]
    Themes,
    Passages,
}

/// A theme's passages and counts, gathered once per theme and change.
struct Gathered {
    key: (ThemeId, u64),
    rows: Arc<Vec<Row>>,
    by_document: Vec<(String, usize)>,
    by_participant: Vec<(String, usize)>,
    counts: Counts,
}

/// The tree as the board lists it, once per change: (theme, depth, counts, open comments).
struct Tree {
    key: (u64, usize),
    rows: Vec<(ThemeId, usize, Counts, usize)>,
    /// Each theme's sign-off mark and its explanation.
    marks: BTreeMap<ThemeId, (&'static str, String)>,
    /// Open threads on each code.
    open_codes: BTreeMap<crate::model::CodeId, usize>,
    /// The first thread on each coding with one, and whether it is open.
    coding_threads: BTreeMap<crate::model::CodingId, (crate::model::CommentId, bool)>,
}

#[derive(Default)]
pub struct BoardState {
    pub selected: Option<ThemeId>,
    focus: Focus,
    /// The passage the keyboard is on.
    cursor: usize,
    gathered: Option<Gathered>,
    tree: Option<Tree>,
    /// The passage list's scroll offset last frame, and one to restore at the next.
    offset: f32,
    remembered: Option<(Option<ThemeId>, f32)>,
    restore: Option<f32>,
    /// Scroll the keyboard's passage into view at the next frame.
    reveal: bool,
    /// Scroll the selected theme into view in the tree at the next frame.
    reveal_theme: bool,
    note: String,
}

impl BoardState {
    pub fn select(&mut self, t: ThemeId) {
        if self.selected != Some(t) {
            self.selected = Some(t);
            self.cursor = 0;
            self.restore = Some(0.0);
            self.reveal_theme = true;
        }
    }

    pub(super) fn remember_scroll(&mut self) {
        self.remembered = Some((self.selected, self.offset));
    }

    pub(super) fn restore_scroll(&mut self) {
        if let Some((t, off)) = self.remembered.take() {
            self.selected = t;
            self.restore = Some(off);
        }
    }

    fn tree(&mut self, view: &View) -> &Tree {
        let key = (view.history.generation(), view.project.comments.len());
        if self.tree.as_ref().is_none_or(|t| t.key != key) {
            let threads = comments::threads(view.project);
            let mut open: BTreeMap<ThemeId, usize> = BTreeMap::new();
            let mut open_codes = BTreeMap::new();
            let mut coding_threads = BTreeMap::new();
            for t in &threads {
                if let Anchor::Coding(id) = t.root.anchor {
                    coding_threads.entry(id).or_insert((t.root.id, t.is_open()));
                }
            }
            for t in threads.iter().filter(|t| t.is_open()) {
                match t.root.anchor {
                    Anchor::Theme(id) => *open.entry(id).or_default() += 1,
                    Anchor::Code(id) => *open_codes.entry(id).or_default() += 1,
                    _ => {}
                }
            }
            let marks = view
                .project
                .themes
                .iter()
                .filter_map(|t| Some((t.id, signoff_mark(view, t.id)?)))
                .collect();
            let rows = query::theme_tree(view.project)
                .into_iter()
                .map(|(id, depth)| {
                    (
                        id,
                        depth,
                        query::counts_for_theme(view.project, id),
                        open.get(&id).copied().unwrap_or(0),
                    )
                })
                .collect();
            self.tree = Some(Tree {
                key,
                rows,
                marks,
                open_codes,
                coding_threads,
            });
        }
        match &self.tree {
            Some(t) => t,
            None => unreachable_tree(),
        }
    }

    fn gathered(&mut self, view: &View, theme: ThemeId) -> &Gathered {
        let key = (theme, view.history.generation());
        if self.gathered.as_ref().is_none_or(|g| g.key != key) {
            let rows = query::retrieve_theme(view.project, theme);
            let mut docs: BTreeMap<String, usize> = BTreeMap::new();
            let mut people: BTreeMap<String, usize> = BTreeMap::new();
            for r in &rows {
                *docs.entry(r.document_title.clone()).or_default() += 1;
                let who = r.speaker.clone().unwrap_or_else(|| "Unattributed".into());
                *people.entry(who).or_default() += 1;
            }
            let sorted = |m: BTreeMap<String, usize>| {
                let mut v: Vec<(String, usize)> = m.into_iter().collect();
                v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                v
            };
            self.gathered = Some(Gathered {
                key,
                rows: Arc::new(rows),
                by_document: sorted(docs),
                by_participant: sorted(people),
                counts: query::counts_for_theme(view.project, theme),
            });
        }
        match &self.gathered {
            Some(g) => g,
            None => unreachable_gathered(),
        }
    }
}

// The caches above are filled just before they are read; these keep that free of `expect`.
fn unreachable_tree() -> &'static Tree {
    static EMPTY: std::sync::OnceLock<Tree> = std::sync::OnceLock::new();
    EMPTY.get_or_init(|| Tree {
        key: (u64::MAX, 0),
        rows: Vec::new(),
        marks: BTreeMap::new(),
        open_codes: BTreeMap::new(),
        coding_threads: BTreeMap::new(),
    })
}

fn unreachable_gathered() -> &'static Gathered {
    static EMPTY: std::sync::OnceLock<Gathered> = std::sync::OnceLock::new();
    EMPTY.get_or_init(|| Gathered {
        key: (ThemeId::from_u128(0), u64::MAX),
        rows: Arc::new(Vec::new()),
        by_document: Vec::new(),
        by_participant: Vec::new(),
        counts: Counts::default(),
    })
}

/// The mark of a theme's sign-off in the tree: approved, changes requested, or changed since.
fn signoff_mark(view: &View, id: ThemeId) -> Option<(&'static str, String)> {
    let s = signoff::latest(view.project, id)?;
    let head = signoff::headline(view.project, s);
    if let Some((line, _)) = signoff::changed_since(view.project, id) {
        return Some(("changed since sign-off", line));
    }
    Some(match s.verdict {
        Verdict::Approved => ("approved", head),
        Verdict::ChangesRequested => ("changes requested", head),
    })
}

pub fn tree_ui(ui: &mut egui::Ui, state: &mut ReviewState, view: &mut View) {
    ui.heading("Theme tree");
    let board = &mut state.board;
    let tree = board.tree(view);
    let rows: Vec<(ThemeId, usize, Counts, usize)> = tree.rows.clone();
    let marks = tree.marks.clone();
    if rows.is_empty() {
        ui.label("No themes yet. The analyst builds the theme tree in the Coding workspace.");
        return;
    }
    if board
        .selected
        .is_none_or(|s| view.project.theme(s).is_none())
    {
        board.selected = rows.first().map(|r| r.0);
    }
    keyboard(ui, state, view, &rows);
    let board = &mut state.board;
    egui::ScrollArea::vertical()
        .id_salt("review-tree-scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for (id, depth, counts, open) in &rows {
                let Some(t) = view.project.theme(*id) else {
                    continue;
                };
                ui.horizontal(|ui| {
                    ui.add_space(*depth as f32 * 16.0);
                    let mut text = t.name.clone();
                    if t.kind == ThemeKind::Theme {
                        text.push_str(&format!("  ({})", status_label(t.status)));
                    }
                    let mut rich = RichText::new(text);
                    if t.kind == ThemeKind::Group {
                        rich = rich.strong();
                    }
                    let selected = board.selected == Some(*id);
                    let r = ui.selectable_label(selected, rich);
                    if selected && board.reveal_theme {
                        board.reveal_theme = false;
                        r.scroll_to_me(None);
                    }
                    if r.clicked() {
                        board.select(*id);
                        board.focus = Focus::Themes;
                        state.page = super::Page::Board;
                    }
                    if let Some((mark, why)) = marks.get(id) {
                        ui.label(
                            RichText::new(*mark)
                                .small()
                                .color(ui.visuals().warn_fg_color),
                        )
                        .on_hover_text(why.as_str());
                    }
                    if *open > 0 {
                        ui.label(RichText::new(format!("💬{open}")).weak())
                            .on_hover_text(format!("{open} open comments on this theme"));
                    }
                    ui.label(
                        RichText::new(format!(
                            "{} · {} docs · {} ppl",
                            counts.codings, counts.documents, counts.participants
                        ))
                        .weak()
                        .small(),
                    );
                });
            }
        });
}

fn keyboard(
    ui: &mut egui::Ui,
    state: &mut ReviewState,
    view: &mut View,
    rows: &[(ThemeId, usize, Counts, usize)],
) {
    let ctx = ui.ctx().clone();
    if ctx.text_edit_focused() || state.page != super::Page::Board {
        return;
    }
    let key = |k: Key| ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, k));
    let board = &mut state.board;
    let at = rows
        .iter()
        .position(|r| Some(r.0) == board.selected)
        .unwrap_or(0);
    match board.focus {
        Focus::Themes => {
            if key(Key::ArrowDown)
                && let Some(r) = rows.get(at + 1)
            {
                board.select(r.0);
            }
            if key(Key::ArrowUp)
                && let Some(r) = at.checked_sub(1).and_then(|i| rows.get(i))
            {
                board.select(r.0);
            }
            if key(Key::Enter) || key(Key::ArrowRight) {
                board.focus = Focus::Passages;
                board.reveal = true;
            }
        }
        Focus::Passages => {
            let n = board
                .selected
                .map_or(0, |t| board.gathered(view, t).rows.len());
            if key(Key::ArrowDown) && board.cursor + 1 < n {
                board.cursor += 1;
                board.reveal = true;
            }
            if key(Key::ArrowUp) && board.cursor > 0 {
                board.cursor -= 1;
                board.reveal = true;
            }
            if key(Key::ArrowLeft) {
                board.focus = Focus::Themes;
            }
            let cursor = board.cursor;
            if key(Key::Enter)
                && let Some(t) = board.selected
                && let Some(r) = board.gathered(view, t).rows.get(cursor)
            {
                view.push(Action::Review(ReviewAction::OpenPassage(r.coding)));
            }
        }
    }
}

fn field(ui: &mut egui::Ui, label: &str, text: &str) {
    if text.trim().is_empty() {
        return;
    }
    ui.label(RichText::new(label).strong());
    ui.label(text.trim());
    ui.add_space(4.0);
}

fn breakdown(ui: &mut egui::Ui, title: &str, list: &[(String, usize)]) {
    ui.vertical(|ui| {
        ui.label(RichText::new(title).strong());
        for (name, n) in list.iter().take(12) {
            ui.label(format!("{name}: {n}"));
        }
        if list.len() > 12 {
            ui.label(RichText::new(format!("and {} more", list.len() - 12)).weak());
        }
    });
}

/// The selected theme in full, then its passages.
pub fn detail_ui(ui: &mut egui::Ui, state: &mut BoardState, view: &mut View) {
    let Some(id) = state.selected else {
        ui.label("Select a theme in the tree.");
        return;
    };
    let Some(t) = view.project.theme(id).cloned() else {
        ui.label("The theme is gone.");
        return;
    };
    let g = state.gathered(view, id);
    let rows = g.rows.clone();
    let by_document = g.by_document.clone();
    let by_participant = g.by_participant.clone();
    let counts = g.counts;
    let open_codes = state.tree(view).open_codes.clone();
    let top_h = (ui.available_height() * 0.45).max(160.0);
    egui::ScrollArea::vertical()
        .id_salt(("review-theme", id))
        .max_height(top_h)
        .auto_shrink([false, true])
        .show(ui, |ui| {
            ui.heading(&t.name);
            ui.label(
                RichText::new(format!(
                    "{} · {} codings in {} documents from {} participants",
                    match t.kind {
                        ThemeKind::Group => "group".to_owned(),
                        ThemeKind::Theme => format!("status: {}", status_label(t.status)),
                    },
                    counts.codings,
                    counts.documents,
                    counts.participants
                ))
                .weak(),
            );
            if let Some((line, changes)) = signoff::changed_since(view.project, id) {
                ui.colored_label(ui.visuals().warn_fg_color, format!("Note: {line}"));
                for c in changes {
                    ui.label(format!("   • {}", c.sentence()));
                }
            }
            ui.add_space(6.0);
            field(ui, "Definition", &t.description);
            field(ui, "Involves", &t.involves);
            field(ui, "Concerns", &t.concerns);
            field(ui, "Memo", &t.memo);
            if !t.codes.is_empty() {
                ui.label(RichText::new("Codes").strong());
                ui.horizontal_wrapped(|ui| {
                    for c in t.codes.iter().filter_map(|c| view.project.code(*c)) {
                        let n = query::counts_for_code(view.project, c.id).codings;
                        let open = open_codes.get(&c.id).copied().unwrap_or(0);
                        let mut text = format!("{} ({n})", c.name);
                        if open > 0 {
                            text.push_str(&format!(" 💬{open}"));
                        }
                        ui.label(
                            RichText::new(text).background_color(crate::ui::colors::fill(
                                c.color,
                                ui.visuals().dark_mode,
                            )),
                        );
                    }
                });
                ui.add_space(4.0);
            }
            ui.horizontal_top(|ui| {
                breakdown(ui, "By document", &by_document);
                ui.add_space(24.0);
                breakdown(ui, "By participant", &by_participant);
            });
            let exemplars: Vec<&Row> = rows.iter().filter(|r| r.exemplar).collect();
            if !exemplars.is_empty() {
                ui.add_space(6.0);
                ui.label(RichText::new("Exemplar quotes").strong());
                for r in exemplars {
                    ui.horizontal_wrapped(|ui| {
                        let quote = ui
                            .link(format!("“{}”", r.text.trim()))
                            .on_hover_text("Open in the reading pane");
                        ui.label(
                            RichText::new(format!(
                                "— {}, {}, ¶{}",
                                r.speaker.as_deref().unwrap_or("Unattributed"),
                                r.document_title,
                                r.paragraph
                            ))
                            .weak(),
                        );
                        if quote.clicked() {
                            view.push(Action::Review(ReviewAction::OpenPassage(r.coding)));
                        }
                    });
                }
            }
        });
    ui.separator();
    ui.horizontal(|ui| {
        ui.label(RichText::new(format!("Supporting passages ({})", rows.len())).strong());
        let hint = if state.focus == Focus::Passages {
            "Up/Down move · Enter opens · Left goes back to the themes"
        } else {
            "Enter: browse passages with the keyboard"
        };
        ui.label(RichText::new(hint).weak().small());
    });
    let threads = state.tree(view).coding_threads.clone();
    passages_ui(ui, state, view, &rows, &threads);
}

type CodingThreads = BTreeMap<crate::model::CodingId, (crate::model::CommentId, bool)>;

fn passages_ui(
    ui: &mut egui::Ui,
    state: &mut BoardState,
    view: &mut View,
    rows: &[Row],
    threads: &CodingThreads,
) {
    let mut area = egui::ScrollArea::vertical()
        .id_salt("review-passages")
        .auto_shrink([false, false]);
    if let Some(off) = state.restore.take() {
        area = area.vertical_scroll_offset(off);
    }
    let spacing = ui.spacing().item_spacing.y;
    if state.reveal && state.focus == Focus::Passages {
        state.reveal = false;
        let y = state.cursor as f32 * (ROW_H + spacing);
        let vh = ui.available_height();
        if y < state.offset || y + ROW_H > state.offset + vh {
            area = area.vertical_scroll_offset((y - vh * 0.3).max(0.0));
        }
    }
    let dark = ui.visuals().dark_mode;
    let out = area.show_rows(ui, ROW_H, rows.len(), |ui, range| {
        for i in range {
            let Some(r) = rows.get(i) else { continue };
            let focused = state.focus == Focus::Passages && state.cursor == i;
            passage_row(ui, view, r, focused, dark, threads.get(&r.coding).copied());
        }
    });
    state.offset = out.state.clamped_offset().y;
}

fn passage_row(
    ui: &mut egui::Ui,
    view: &mut View,
    r: &Row,
    focused: bool,
    dark: bool,
    thread: Option<(crate::model::CommentId, bool)>,
) {
    let (rect, resp) = ui.allocate_exact_size(
        egui::vec2(ui.available_width(), ROW_H),
        egui::Sense::click(),
    );
    let speaker = r.speaker.as_deref().unwrap_or("Unattributed");
    let header = format!(
        "{speaker} · {} · ¶{} · {}{}",
        r.document_title,
        r.paragraph,
        r.code_name,
        if r.exemplar { " · exemplar" } else { "" }
    );
    let note = match thread {
        Some((_, true)) => " · open comment",
        Some((_, false)) => " · resolved comment",
        None => "",
    };
    let resp = resp.on_hover_text("Click to open in the reading pane");
    resp.widget_info(|| {
        egui::WidgetInfo::labeled(
            egui::Role::Button,
            true,
            format!("Passage: {} ({header})", r.text.trim()),
        )
    });
    let visuals = ui.visuals().clone();
    let fill = if focused {
        visuals.selection.bg_fill.gamma_multiply(0.5)
    } else if resp.hovered() {
        visuals.widgets.hovered.weak_bg_fill
    } else {
        visuals.faint_bg_color
    };
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 4.0, fill);
    let inner = rect.shrink2(egui::vec2(8.0, 4.0));
    let small = egui::FontId::proportional(12.0);
    let head = painter.text(
        inner.left_top(),
        egui::Align2::LEFT_TOP,
        &header,
        small.clone(),
        visuals.weak_text_color(),
    );
    if !note.is_empty() {
        painter.text(
            head.right_top(),
            egui::Align2::LEFT_TOP,
            note,
            small,
            if thread.is_some_and(|t| t.1) {
                egui::Color32::from_rgb(230, 160, 20)
            } else {
                visuals.weak_text_color()
            },
        );
    }
    let body = egui::FontId::proportional(14.5);
    let mut job = egui::text::LayoutJob::default();
    let plain = egui::TextFormat {
        font_id: body.clone(),
        color: visuals.weak_text_color(),
        ..Default::default()
    };
    let coded = egui::TextFormat {
        font_id: body,
        color: visuals.strong_text_color(),
        background: if dark {
            egui::Color32::from_rgb(60, 60, 30)
        } else {
            egui::Color32::from_rgb(255, 246, 200)
        },
        ..Default::default()
    };
    job.append(r.before.trim_start(), 0.0, plain.clone());
    job.append(&r.text, 0.0, coded);
    job.append(&r.after, 0.0, plain);
    job.wrap = egui::text::TextWrapping {
        max_width: inner.width(),
        max_rows: 3,
        break_anywhere: false,
        overflow_character: Some('…'),
    };
    let galley = ui.fonts_mut(|f| f.layout_job(job));
    painter.galley(
        inner.left_top() + egui::vec2(0.0, 17.0),
        galley,
        visuals.text_color(),
    );
    if resp.clicked() {
        view.push(Action::Review(ReviewAction::OpenPassage(r.coding)));
    }
    let button = egui::Rect::from_min_size(
        rect.right_top() + egui::vec2(-30.0, 3.0),
        egui::vec2(26.0, 20.0),
    );
    // A child Ui, so the button does not move the list's cursor (rows stay ROW_H apart).
    let mut child = ui.new_child(egui::UiBuilder::new().max_rect(button));
    let hint = if thread.is_some() {
        "Show the comment thread on this passage"
    } else {
        "Comment on this passage"
    };
    if child
        .add(egui::Button::new("💬").small())
        .on_hover_text(hint)
        .clicked()
    {
        view.push(Action::Review(match thread {
            Some((id, _)) => ReviewAction::ShowThread(id),
            None => ReviewAction::Compose(Anchor::Coding(r.coding)),
        }));
    }
}

/// The sign-off box of the selected theme.
pub fn signoff_ui(ui: &mut egui::Ui, state: &mut BoardState, view: &mut View, me: &str) {
    let Some(id) = state.selected else { return };
    let Some(t) = view.project.theme(id) else {
        return;
    };
    ui.heading("Sign-off");
    match signoff::latest(view.project, id) {
        Some(s) => {
            let head = signoff::headline(view.project, s);
            let mut chars = head.chars();
            let line: String = chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default();
            ui.label(RichText::new(line).strong());
            if !s.note.trim().is_empty() {
                ui.label(format!("“{}”", s.note.trim()));
            }
            if let Some((line, changes)) = signoff::changed_since(view.project, id) {
                ui.colored_label(ui.visuals().warn_fg_color, format!("Note: {line}:"));
                for c in changes {
                    ui.label(format!("• {}", c.sentence()));
                    if let Some(w) = c.words() {
                        super::changes::words_ui(ui, w);
                    }
                }
            }
        }
        None => {
            ui.label(RichText::new(format!("“{}” has not been signed off.", t.name)).weak());
        }
    }
    let label = ui.label("Sign-off note:");
    ui.add(
        egui::TextEdit::multiline(&mut state.note)
            .hint_text("Note for the analyst (optional)")
            .desired_rows(2)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(label.id);
    ui.horizontal(|ui| {
        for (verdict, label) in [
            (Verdict::Approved, "Approve"),
            (Verdict::ChangesRequested, "Request changes"),
        ] {
            if ui.button(label).clicked()
                && let Some(e) = signoff::sign(view.project, id, me, verdict, &state.note)
            {
                view.push(Action::edit(
                    e,
                    format!("Sign off “{}”: {}", t.name, signoff::verdict_label(verdict)),
                ));
                state.note.clear();
            }
        }
    });
}
