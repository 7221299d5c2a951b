//! Each frame of the window: the panels of the current workspace laid out around the reading
//! pane, then the actions they pushed applied.

use super::*;

/// Two areas stacked in `ui`, with a handle between them that drags the split (a share of the
/// height, kept in `split`).
fn split_ui(ui: &mut egui::Ui, split: &mut f32, mut add: impl FnMut(&mut egui::Ui, bool)) {
    let total = ui.available_height();
    let width = ui.available_width();
    let top_h =
        (total * *split).clamp(120.0_f32.min(total / 2.0), (total - 120.0).max(total / 2.0));
    let top = egui::Rect::from_min_size(ui.cursor().min, egui::vec2(width, top_h));
    ui.scope_builder(egui::UiBuilder::new().max_rect(top), |ui| {
        ui.set_clip_rect(top.intersect(ui.clip_rect()));
        add(ui, true);
    });
    ui.advance_cursor_after_rect(top);
    let (handle, response) = ui.allocate_exact_size(egui::vec2(width, 8.0), egui::Sense::drag());
    response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::Role::Splitter, true, "Resize codebook and themes")
    });
    let response = response.on_hover_cursor(egui::CursorIcon::ResizeVertical);
    if response.dragged() && total > 0.0 {
        *split = ((top_h + response.drag_delta().y) / total).clamp(0.15, 0.85);
    }
    let stroke = if response.hovered() || response.dragged() {
        ui.visuals().widgets.hovered.fg_stroke
    } else {
        ui.visuals().widgets.noninteractive.bg_stroke
    };
    ui.painter()
        .hline(handle.x_range(), handle.center().y, stroke);
    add(ui, false);
}

impl eframe::App for GlossApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        if ctx.input(|i| i.viewport().close_requested()) && self.is_modified() && !self.allow_close
        {
            ctx.send_viewport_cmd(ViewportCommand::CancelClose);
            self.confirm = Some(Confirm::Unsaved(AfterUnsaved::Close));
        }
        let answers = self.safety.tick(&ctx, &self.project, &self.history);
        self.safety_answers(answers);
        let mut actions = std::mem::take(&mut self.queued);
        // Files dropped on the window go to the import dialog.
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        if !dropped.is_empty() {
            actions.push(Action::ImportPaths(dropped));
        }
        actions.extend(shortcuts::pressed(&ctx));
        let visible = self.agreement.layers.visible(&self.project, &self.coder);
        if self.workspace == Workspace::Coding
            && !self.start
            && self.confirm.is_none()
            && !self.import.is_open()
            && self.name_prompt.is_none()
        {
            self.focus.follow_clicks(&ctx);
            let selections = crate::ui::focus::Selections {
                project: &self.project,
                document: self.reading.doc,
                code: self.codebook.selected,
                theme: self.themes.selected,
                codes: self.codebook.listed_ids(
                    &self.project,
                    self.history.generation(),
                    visible.as_deref(),
                ),
            };
            actions.extend(self.focus.keys(&ctx, &selections));
        }
        actions.extend(crate::ui::team::poll(&ctx, &mut self.team));
        {
            let mut view = View {
                project: &self.project,
                history: &self.history,
                user: &self.user,
                coder: &self.coder,
                actions: &mut actions,
                visible: visible.as_deref(),
                by_coder: self.agreement.layers.by_coder,
            };
            let recent = &self.prefs.recent;
            egui::Panel::top("menu").show(ui, |ui| {
                menu::menu_bar_ui(ui, view.history, recent, view.actions)
            });
            if let Some(reviewer) = &self.review.reviewer {
                egui::Panel::top("review-banner")
                    .show(ui, |ui| crate::ui::review::banner_ui(ui, reviewer));
            }
            egui::Panel::bottom("status").show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.label(&self.status);
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        let role = if self.review.reviewer.is_some() {
                            "Reviewing"
                        } else {
                            "Coding"
                        };
                        ui.label(
                            RichText::new(format!(
                                "{role} as {}",
                                view.project.coder_label_of(view.coder)
                            ))
                            .weak(),
                        )
                        .on_hover_text("Change it in File > Preferences");
                        self.safety.status_ui(ui);
                        // The start screen has no project to count.
                        if !self.start {
                            ui.label(
                                RichText::new(format!(
                                    "{} documents · {} codes · {} codings",
                                    view.project.documents.len(),
                                    view.project.codes.len(),
                                    view.project.codings.len()
                                ))
                                .weak(),
                            );
                        }
                    });
                });
            });
            let workspace = self.workspace;
            if self.start {
                self.focus.hidden();
                egui::CentralPanel::default().show(ui, |ui| {
                    crate::ui::start::start_screen_ui(ui, &self.prefs.recent, view.actions);
                });
            } else {
                let layers = &mut self.agreement.layers;
                egui::Panel::top("workspaces").show(ui, |ui| {
                    ui.horizontal(|ui| {
                        workspace::tabs_ui(ui, workspace, view.actions);
                        ui.separator();
                        crate::ui::agreement::layers::layers_ui(
                            ui,
                            layers,
                            view.project,
                            view.coder,
                            view.actions,
                        );
                    });
                });
            }
            match workspace {
                _ if self.start => {}
                Workspace::Coding => {
                    if self.review.can_go_back() {
                        egui::Panel::top("review-back")
                            .show(ui, |ui| crate::ui::review::back_ui(ui, view.actions));
                    }
                    let current = self.reading.doc;
                    let r = egui::Panel::left("documents")
                        .resizable(true)
                        .default_size(230.0)
                        .show(ui, |ui| documents_ui(ui, current, &mut view));
                    self.focus.drawn(Pane::Documents, r.response.rect);
                    let split = &mut self.split;
                    let focus = &mut self.focus;
                    egui::Panel::right("analysis")
                        .resizable(true)
                        .default_size(380.0)
                        .show(ui, |ui| {
                            split_ui(ui, split, |ui, top| {
                                if top {
                                    focus.drawn(Pane::Codebook, ui.max_rect());
                                    codebook_ui(ui, &mut self.codebook, &mut view);
                                } else {
                                    focus.drawn(Pane::Themes, ui.max_rect());
                                    themes_ui(ui, &mut self.themes, &mut view);
                                }
                            });
                        });
                    let r = egui::CentralPanel::default()
                        .show(ui, |ui| reading_ui(ui, &mut self.reading, &mut view));
                    self.focus.drawn(Pane::Reading, r.response.rect);
                    self.focus.mark_ui(&ctx);
                }
                Workspace::Review => review_ui(ui, &mut self.review, &mut view),
                Workspace::Analysis => {
                    let selection = self.reading.doc.zip(self.selected_range());
                    explore_ui(ui, &mut self.explore, &mut view, selection)
                }
                Workspace::Agreement => agreement_ui(ui, &mut self.agreement, &mut view),
            }
            let selection = self.reading.doc.zip(self.selected_range());
            crate::ui::explore::memo_window::memo_window_ui(&ctx, &mut view, selection);
        }
        actions.extend(self.dialogs_ui(&ctx));
        // What the actions changed is drawn in the next frame.
        if !actions.is_empty() {
            ctx.request_repaint();
        }
        for a in actions {
            self.dispatch(&ctx, a);
        }
        if self.safety.needs_frame() {
            ctx.request_repaint();
        }
        let title = self.window_title();
        if title != self.shown_title {
            ctx.send_viewport_cmd(ViewportCommand::Title(title.clone()));
            self.shown_title = title;
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.prefs().store(storage);
    }
}
