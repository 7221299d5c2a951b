//! The real study's size, end to end: a project built through the same functions the app uses
//! (transcripts imported as text files, codes and themes made with the codebook's and theme
//! tree's operations, passages coded through the edit history by a team of five), then opened,
//! edited, queried and saved as the app does, at three sizes:
//! 23 transcripts / 2,000 codings (the seed study), 200 / 17,391 (its real density, grown to
//! 200 interviews) and 1,000 / 100,000. Every transcript has about 12,000 words; there are 30
//! codes in six themes under two groups.
//!
//! cargo run --release --example study_bench [-- small|medium|large ...]
//!
//! Prints one line per size and operation, `size=<docs>x<codings> op=<name> mean_ms=<x>
//! p95_ms=<x> n=<samples>`, then `size=<docs>x<codings> peak_rss_mb=<x> text_mb=<x>`:
//! - `import_per_doc`: reading a 12,000-word .txt transcript, finding its speaker turns and
//!   adding it to the project (the import batch's edit, shared over its documents);
//! - `open_project_first_frame`: *File > Open* in a running window (the real app, driven
//!   headless by egui_kittest), from the request to the end of the first frame showing the
//!   project (for a file of 4 MB or more, its first document, shown while the whole file is
//!   read on another thread); `open_project_usable`: to the end of the first frame with the
//!   whole project in, when coding is allowed;
//!   `start_gloss_first_frame`: `gloss PATH` from nothing, the window's fonts included;
//! - `code_passage`, `remove_coding`, `move_coding`, `rename_code`, `recolour_code`,
//!   `add_code_to_theme`: the edit through the history, then everything the app brings up to
//!   date for the next frame: the counts the codebook, theme tree and documents list show (codes,
//!   themes, documents, participants) and the reading pane's data for the shown document and
//!   the others;
//! - `retrieve_biggest_code`: every passage of the code with the most codings, with context;
//!   `report_all_codings`: every coded passage of the project, as a coded-segments report;
//! - `save`: a durable save (write, fsync, rename) on the save thread; `save_ui_block`: what
//!   the window spends handing the project to that thread.
//!
//! `peak_rss_mb` is the peak memory of Gloss's window with the project: a fresh process per size
//! (building the project does not count) that opens it, shows its documents, codes 300 passages
//! through the window's actions and saves it, as a user would; `text_mb` the transcripts' text.
//! `bench_peak_rss_mb` is that of the process that times the operations above (it opens the
//! project twice, in a window and through the library, so it holds more than the app would).

use gloss::edit::{CodeField, Edit, History, ops};
use gloss::import::{self, BatchSettings, Pattern};
use gloss::model::{CodeId, DocId, Project, Rgb, ThemeKind};
use gloss::query;
use gloss::store;
use gloss::ui::{Action, GlossApp, ReadingState};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

#[path = "common/rss.rs"]
mod rss;
use rss::peak_rss_mb;

const WORDS_PER_DOC: usize = 12_000;
const CODES: usize = 30;
const CODERS: [&str; 5] = ["Ane", "Bo", "Cato", "Dina", "Eli"];

struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// Zipf-like: small numbers far more often than large ones.
    fn skewed(&mut self, n: usize) -> usize {
        let u = (self.next() % 1_000_000) as f64 / 1_000_000.0;
        ((n as f64).powf(u) - 1.0)
            .floor()
            .clamp(0.0, n as f64 - 1.0) as usize
    }
}

/// A vocabulary of made-up words, drawn with a skew so that frequent words recur as in speech.
fn vocabulary(rng: &mut Lcg) -> Vec<String> {
    const SYLLABLES: [&str; 24] = [
        "ka", "lo", "mi", "ne", "ro", "sa", "ti", "ve", "do", "fa", "gu", "he", "ja", "ku", "le",
        "mo", "na", "pe", "ri", "so", "tu", "vi", "we", "ø",
    ];
    (0..4_000)
        .map(|i| {
            let n = 1 + i % 3 + rng.below(2);
            (0..n)
                .map(|_| SYLLABLES[rng.below(SYLLABLES.len())])
                .collect()
        })
        .collect()
}

/// A transcript as a text file: an interviewer and two or three participants taking turns.
fn transcript(d: usize, docs: usize, words: &[String], rng: &mut Lcg) -> String {
    // Round 2 (the second half) interviews the people of round 1 again.
    let person = d % docs.div_ceil(2).max(1);
    let people: Vec<String> = (0..2 + person % 2)
        .map(|k| format!("P{person:04}-{k}"))
        .collect();
    let mut out = String::with_capacity(WORDS_PER_DOC * 7);
    let mut left = WORDS_PER_DOC;
    let mut turn = 0;
    while left > 0 {
        let speaker = if turn % 2 == 0 {
            "Interviewer"
        } else {
            &people[rng.below(people.len())]
        };
        let n = if turn % 2 == 0 {
            8 + rng.below(30)
        } else {
            30 + rng.below(170)
        }
        .min(left);
        left -= n;
        out.push_str(speaker);
        out.push_str(": ");
        for w in 0..n {
            if w > 0 {
                out.push(' ');
            }
            out.push_str(&words[rng.skewed(words.len())]);
            if rng.below(12) == 0 {
                out.push_str(if rng.below(3) == 0 { "." } else { "," });
            }
        }
        out.push_str(".\n\n");
        turn += 1;
    }
    out
}

struct Samples(Vec<f64>);

impl Samples {
    fn line(&self, size: &str, op: &str) {
        let mut v = self.0.clone();
        v.sort_by(f64::total_cmp);
        let mean = v.iter().sum::<f64>() / v.len().max(1) as f64;
        let p95 = v
            .get(((v.len() as f64 * 0.95).ceil() as usize).saturating_sub(1))
            .copied()
            .unwrap_or(0.0);
        println!(
            "size={size} op={op} mean_ms={mean:.3} p95_ms={p95:.3} n={}",
            v.len()
        );
    }
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

/// With `STUDY_BENCH_RSS` set, prints the memory in use at `stage` (to stderr).
fn stage(name: &str) {
    if std::env::var_os("STUDY_BENCH_RSS").is_some() {
        let rss = std::fs::read_to_string("/proc/self/status")
            .map(|s| {
                let wanted = ["VmRSS:", "RssAnon:", "RssFile:"];
                let fields: Vec<String> = s
                    .lines()
                    .filter(|l| wanted.iter().any(|f| l.starts_with(f)))
                    .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
                    .collect();
                fields.join(", ")
            })
            .unwrap_or_default();
        eprintln!("{name}: {rss} peak {:.1} MB", peak_rss_mb());
    }
}

type Failure = Box<dyn std::error::Error>;

/// Builds the project as a team would, through the app's functions, and saves it at `path`.
fn build(docs: usize, codings: usize, path: &Path) -> Result<(), Failure> {
    let size = format!("{docs}x{codings}");
    let mut rng = Lcg(docs as u64 * 7919 + codings as u64);
    let words = vocabulary(&mut rng);
    let mut project = Project::named("Study bench");
    let mut history = History::new_saved();
    // Import in batches of up to 200 files, as the import dialog takes them.
    let mut per_doc = Vec::new();
    let settings = BatchSettings {
        attributes: Default::default(),
        interviewers: ["Interviewer".to_owned()].into(),
    };
    let mut d = 0;
    while d < docs {
        let n = (docs - d).min(200);
        let files: Vec<(String, String)> = (d..d + n)
            .map(|i| {
                let name = format!("interview-{:04}.txt", i + 1);
                (name, transcript(i, docs, &words, &mut rng))
            })
            .collect();
        let t = Instant::now();
        let mut batch = Vec::new();
        for (name, text) in &files {
            batch.push(import::import_bytes(name, text.as_bytes(), Pattern::Auto)?.document);
        }
        let edit = import::plan_batch(&project, batch, &settings);
        history.apply(&mut project, edit, "Import", "bench")?;
        let each = ms(t) / n as f64;
        per_doc.extend(std::iter::repeat_n(each, n));
        d += n;
    }
    Samples(per_doc).line(&size, "import_per_doc");

    // The codebook and the theme tree: 30 codes, two groups of three themes of five codes.
    for i in 0..CODES {
        let (_, e) = ops::create_code(&project, &format!("Code {:02}", i + 1));
        history.apply(&mut project, e, "Create code", "bench")?;
    }
    let mut k = 0;
    for group in ["Rewarding", "Challenging"] {
        let (g, e) = ops::create_theme(&project, group, ThemeKind::Group, None);
        history.apply(&mut project, e, "Create group", "bench")?;
        for t in 0..3 {
            let (id, e) =
                ops::create_theme(&project, &format!("{group} {t}"), ThemeKind::Theme, Some(g));
            history.apply(&mut project, e, "Create theme", "bench")?;
            for _ in 0..5 {
                let code = project.codes[k % CODES].id;
                if let Some(e) = ops::add_code_to_theme(&project, id, code) {
                    history.apply(&mut project, e, "Add code", "bench")?;
                }
                k += 1;
            }
        }
    }

    // The codings, through the edit path, by five coders.
    let doc_ids: Vec<DocId> = project.documents.iter().map(|d| d.id).collect();
    let mut made = 0;
    while made < codings {
        let doc = doc_ids[made % doc_ids.len()];
        let Some((a, b)) = passage(&project, doc, &mut rng) else {
            continue;
        };
        let code = project.codes[rng.skewed(CODES)].id;
        let coder = CODERS[made % CODERS.len()];
        if let Some(e) = ops::code_passage(&project, doc, a, b, code, coder) {
            history.apply(&mut project, e, "Code passage", coder)?;
            made += 1;
        }
    }
    store::save(&project, path)?;
    Ok(())
}

/// A passage of 5 to 60 words starting at a word in a random turn (sometimes running on into the
/// next turn).
fn passage(project: &Project, doc: DocId, rng: &mut Lcg) -> Option<(usize, usize)> {
    let d = project.document(doc)?;
    let turns = d.turns();
    let i = rng.below(turns.len());
    let start = d.turn_starts()[i];
    let text = &turns[i].text;
    let spaces: Vec<usize> = text.match_indices(' ').map(|(k, _)| k + 1).collect();
    let a = start
        + spaces
            .get(rng.below(spaces.len() + 1))
            .copied()
            .unwrap_or(0);
    let mut b = a;
    let full = d.len();
    for _ in 0..5 + rng.below(55) {
        // Words of the document's joined text, crossing into the next turn if need be.
        let rest = d.slice(gloss::model::TextRange::new(b, (b + 40).min(full)));
        let step = rest.find([' ', '\n']).map_or(rest.len(), |k| k + 1);
        b = (b + step).min(full);
    }
    (b > a).then_some((a, b))
}

/// *File > Open* in a running window: from the request to the end of the first frame showing the
/// project, and of the frame after it (when the reading pane has indexed every document).
fn open(path: &Path, size: &str) -> Result<(), Failure> {
    let mut h = egui_kittest::Harness::builder()
        .with_size(egui::Vec2::new(1500.0, 920.0))
        .build_eframe(|_cc| GlossApp::with_sample("bench".to_owned()));
    for _ in 0..3 {
        h.step();
    }
    // Copies, so that each opening reads a file the window does not hold yet.
    let copies: Vec<PathBuf> = (0..5)
        .map(|i| path.with_extension(format!("copy{i}.gloss")))
        .collect();
    for c in &copies {
        std::fs::copy(path, c)?;
    }
    let (mut first, mut usable) = (Vec::new(), Vec::new());
    for c in &copies {
        let t = Instant::now();
        h.state_mut().queue(Action::OpenPath(c.clone()));
        h.step(); // the request is carried out after this frame is drawn
        h.step(); // the first frame showing the project (its first document, for a large file)
        first.push(ms(t));
        // A large file is read on another thread meanwhile: usable once it is in.
        while h.state().is_opening() {
            std::thread::sleep(std::time::Duration::from_micros(200));
            h.step();
        }
        h.step();
        usable.push(ms(t));
        if h.state().path() != Some(c.as_path()) {
            return Err(format!("the window did not open {}", c.display()).into());
        }
    }
    Samples(first).line(size, "open_project_first_frame");
    Samples(usable).line(size, "open_project_usable");
    // Where that goes: reading the file (parse, check, index), and a frame of the window.
    let mut load = Vec::new();
    for c in &copies {
        let t = Instant::now();
        std::hint::black_box(store::open(c)?);
        load.push(ms(t));
    }
    Samples(load).line(size, "open_read_file");
    let mut frame = Vec::new();
    for _ in 0..10 {
        let t = Instant::now();
        h.step();
        frame.push(ms(t));
    }
    Samples(frame).line(size, "window_frame");
    drop(h);
    for c in &copies {
        let _ = std::fs::remove_file(c);
    }
    Ok(())
}

/// Opens, edits, queries and saves the project at `path`, as the app does.
fn measure(path: &Path, size: &str) -> Result<(), Failure> {
    // Starting Gloss on the project (`gloss PATH`): a new window, its fonts and the project.
    let p = path.to_owned();
    let t = Instant::now();
    let mut h = egui_kittest::Harness::builder()
        .with_size(egui::Vec2::new(1500.0, 920.0))
        .build_eframe(move |cc| GlossApp::new(cc, Some(p.clone())));
    h.step();
    Samples(vec![ms(t)]).line(size, "start_gloss_first_frame");
    while h.state().is_opening() {
        std::thread::sleep(std::time::Duration::from_micros(200));
        h.step();
    }
    stage("app open");
    if h.state().error().is_some() || h.state().project().documents.is_empty() {
        return Err(format!("the app did not open {}", path.display()).into());
    }
    h.step();
    stage("app indexed");
    drop(h);
    stage("app closed");

    let mut project = store::open(path)?.project;
    let mut history = History::new_saved();
    let mut reading = ReadingState::default();
    if let Some(d) = project.documents.first() {
        reading.show_document(d.id);
    }
    stage("project read");
    reading.bring_up_to_date(&project, &history);
    reading.bring_up_to_date(&project, &history);
    stage("reading pane indexed");
    let mut rng = Lcg(17);
    let theme = project
        .themes
        .iter()
        .find(|t| t.kind == ThemeKind::Theme)
        .map(|t| t.id);

    // What the panels show after an edit: every code's and theme's counts, the documents'
    // codings, the selected theme's participants; then the reading pane's data.
    let next_frame = |project: &Project, history: &History, reading: &mut ReadingState| {
        let codes = query::code_counts(project);
        let themes = query::theme_counts(project);
        let docs: usize = project
            .documents
            .iter()
            .take(40)
            .map(|d| project.codings_count_in(d.id))
            .sum();
        let people = theme.map(|t| query::counts_for_theme(project, t).participants);
        std::hint::black_box((codes, themes, docs, people));
        reading.bring_up_to_date(project, history);
    };
    let timed = |op: &str,
                 project: &mut Project,
                 history: &mut History,
                 reading: &mut ReadingState,
                 plan: &mut dyn FnMut(&Project) -> Option<Edit>|
     -> Result<(), Failure> {
        let mut v = Vec::new();
        let mut tries = 0;
        while v.len() < 300 && tries < 3_000 {
            tries += 1;
            let t = Instant::now();
            let Some(edit) = plan(project) else {
                continue;
            };
            history.apply(project, edit, op, "bench")?;
            next_frame(project, history, reading);
            v.push(ms(t));
        }
        Samples(v).line(size, op);
        Ok(())
    };
    let doc_ids: Vec<DocId> = project.documents.iter().map(|d| d.id).collect();
    let code_ids: Vec<CodeId> = project.codes.iter().map(|c| c.id).collect();
    let shown = reading.doc;
    let mut r = Lcg(99);
    timed(
        "code_passage",
        &mut project,
        &mut history,
        &mut reading,
        &mut |p| {
            // Half in the document on screen, half elsewhere.
            let doc = if r.below(2) == 0 {
                shown?
            } else {
                doc_ids[r.below(doc_ids.len())]
            };
            let (a, b) = passage(p, doc, &mut r)?;
            ops::code_passage(p, doc, a, b, code_ids[r.below(CODES)], "Ane")
        },
    )?;
    let pick = |p: &Project, r: &mut Lcg| {
        let n = p.codings.len();
        p.codings.keys().nth(r.below(n)).copied()
    };
    // Codings picked before timing (finding the n-th key of the map is not part of the edit).
    let mut picked: Vec<_> = (0..400).filter_map(|_| pick(&project, &mut rng)).collect();
    picked.sort_unstable();
    picked.dedup();
    let mut queue = picked.clone();
    timed(
        "remove_coding",
        &mut project,
        &mut history,
        &mut reading,
        &mut |p| {
            let id = queue.pop()?;
            Some(ops::remove_coding(p, id))
        },
    )?;
    let mut queue: Vec<_> = (0..400).filter_map(|_| pick(&project, &mut rng)).collect();
    timed(
        "move_coding",
        &mut project,
        &mut history,
        &mut reading,
        &mut |p| {
            let id = queue.pop()?;
            ops::move_coding(p, id, code_ids[r.below(CODES)])
        },
    )?;
    let mut n = 0;
    timed(
        "rename_code",
        &mut project,
        &mut history,
        &mut reading,
        &mut |_| {
            n += 1;
            Some(Edit::SetCode {
                id: code_ids[n % CODES],
                field: CodeField::Name(format!("Renamed {n}")),
            })
        },
    )?;
    timed(
        "recolour_code",
        &mut project,
        &mut history,
        &mut reading,
        &mut |_| {
            n += 1;
            Some(Edit::SetCode {
                id: code_ids[n % CODES],
                field: CodeField::Color(Rgb([n as u8, 100, 200])),
            })
        },
    )?;
    let theme_ids: Vec<_> = project
        .themes
        .iter()
        .filter(|t| t.kind == ThemeKind::Theme)
        .map(|t| t.id)
        .collect();
    timed(
        "add_code_to_theme",
        &mut project,
        &mut history,
        &mut reading,
        &mut |p| {
            n += 1;
            let t = theme_ids[n % theme_ids.len()];
            let code = code_ids[r.below(CODES)];
            // Add it, or take it out again when it is there already (both are the same work).
            ops::add_code_to_theme(p, t, code).or(Some(Edit::RemoveThemeCode { theme: t, code }))
        },
    )?;

    stage("edits done");
    let biggest = code_ids
        .iter()
        .copied()
        .max_by_key(|c| query::counts_for_code(&project, *c).codings)
        .ok_or("no codes")?;
    let mut v = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        std::hint::black_box(query::retrieve_code(&project, biggest));
        v.push(ms(t));
    }
    Samples(v).line(size, "retrieve_biggest_code");
    let mut v = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        // Each row written out as a report line would be (and not kept).
        let mut bytes = 0;
        for r in query::all_rows(&project) {
            bytes += format!(
                "{}\t{}\t{}\t{}\t{}\n",
                r.document_title,
                r.paragraph,
                r.speaker.as_deref().unwrap_or(""),
                r.code_name,
                r.text
            )
            .len();
        }
        std::hint::black_box(bytes);
        v.push(ms(t));
    }
    Samples(v).line(size, "report_all_codings");

    let (mut ui, mut disk) = (Vec::new(), Vec::new());
    for _ in 0..5 {
        let t = Instant::now();
        let copy = project.snapshot();
        ui.push(ms(t));
        let t = Instant::now();
        store::save_with_backups(&copy, path, 0)?;
        disk.push(ms(t));
    }
    stage("saved");
    Samples(disk).line(size, "save");
    Samples(ui).line(size, "save_ui_block");
    println!("size={size} bench_peak_rss_mb={:.1}", peak_rss_mb());
    Ok(())
}

/// Gloss's window with the project, as a user has it: `gloss PATH`, every document shown once,
/// 300 passages coded through the window's actions, then *Save* until the file is written.
fn memory(path: &Path, size: &str) -> Result<(), Failure> {
    // A recovery file left by an earlier run would be read beside the project.
    let _ = std::fs::remove_file(store::recovery_path(path));
    let p = path.to_owned();
    stage("before the window");
    let mut h = egui_kittest::Harness::builder()
        .with_size(egui::Vec2::new(1500.0, 920.0))
        .build_eframe(move |cc| GlossApp::new(cc, Some(p.clone())));
    h.step();
    while h.state().is_opening() {
        std::thread::sleep(std::time::Duration::from_micros(200));
        h.step();
    }
    h.step();
    stage("window: opened");
    let docs: Vec<DocId> = h.state().project().documents.iter().map(|d| d.id).collect();
    let text_mb = h
        .state()
        .project()
        .documents
        .iter()
        .map(|d| d.len())
        .sum::<usize>() as f64
        / 1e6;
    for d in &docs {
        h.state_mut().queue(Action::SelectDocument(*d));
        h.step();
    }
    stage("window: every document shown");
    let mut r = Lcg(5);
    let codes: Vec<CodeId> = h.state().project().codes.iter().map(|c| c.id).collect();
    let mut coded = 0;
    while coded < 300 {
        let doc = docs[r.below(docs.len())];
        let project = h.state().project();
        let Some((a, b)) = passage(project, doc, &mut r) else {
            continue;
        };
        let Some(edit) = ops::code_passage(project, doc, a, b, codes[r.below(CODES)], "Ane") else {
            continue;
        };
        h.state_mut().queue(Action::Edit {
            edit: Box::new(edit),
            label: "Code passage".into(),
            coalesce: None,
        });
        h.step();
        coded += 1;
    }
    stage("window: coded");
    h.state_mut().queue(Action::Save);
    h.step();
    while h.state().is_modified() && h.state().error().is_none() {
        std::thread::sleep(std::time::Duration::from_millis(1));
        h.step();
    }
    stage("window: saved");
    if h.state().error().is_some() {
        return Err(format!("the window could not save {}", path.display()).into());
    }
    println!(
        "size={size} peak_rss_mb={:.1} text_mb={text_mb:.1}",
        peak_rss_mb()
    );
    drop(h);
    let _ = std::fs::remove_file(store::recovery_path(path));
    Ok(())
}

fn child(args: &[&str]) -> Result<(), Failure> {
    let exe = std::env::current_exe()?;
    let status = Command::new(exe).args(args).status()?;
    if !status.success() {
        return Err(format!("study_bench {} failed", args.join(" ")).into());
    }
    Ok(())
}

fn run() -> Result<(), Failure> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [mode, docs, codings, path] = args.as_slice() {
        let (docs, codings): (usize, usize) = (docs.parse()?, codings.parse()?);
        let path = PathBuf::from(path);
        return match mode.as_str() {
            "--build" => build(docs, codings, &path),
            "--open" => open(&path, &format!("{docs}x{codings}")),
            "--measure" => measure(&path, &format!("{docs}x{codings}")),
            "--memory" => memory(&path, &format!("{docs}x{codings}")),
            _ => Err(format!("unknown mode {mode}").into()),
        };
    }
    let sizes = [
        ("small", 23, 2_000),
        ("medium", 200, 17_391),
        ("large", 1_000, 100_000),
    ];
    let chosen: Vec<_> = sizes
        .iter()
        .filter(|(name, ..)| args.is_empty() || args.iter().any(|a| a == name))
        .collect();
    let dir = tempfile::tempdir()?;
    let dir = match std::env::var("STUDY_BENCH_KEEP") {
        Ok(d) => {
            std::mem::forget(dir);
            PathBuf::from(d)
        }
        Err(_) => dir.path().to_owned(),
    };
    for (name, docs, codings) in chosen {
        let path = dir.join(format!("{name}.gloss"));
        let (d, c, p) = (
            docs.to_string(),
            codings.to_string(),
            path.display().to_string(),
        );
        // Each in a fresh process: building does not count towards the measured one's memory.
        child(&["--build", &d, &c, &p])?;
        child(&["--open", &d, &c, &p])?;
        child(&["--measure", &d, &c, &p])?;
        child(&["--memory", &d, &c, &p])?;
    }
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("study_bench: {e}");
            ExitCode::FAILURE
        }
    }
}
