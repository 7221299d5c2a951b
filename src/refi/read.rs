//! From the parsed `project.qde` (and the archive's text files) to a Gloss project and its
//! import summary. Every reference is resolved here; one that points nowhere is counted and
//! reported, never followed.

use super::extras::Extras;
use super::positions::{self, RawSelection, Reading, SourceText};
use super::qde::{self, Qde, SourceKind};
use super::summary::{FileReport, Summary};
use super::turns;
use crate::import::looks_like_interviewer;
use crate::model::{
    Code, CodeId, Coder, CoderId, Coding, CodingId, DocId, Document, Participant, Project, Rgb,
    Theme, ThemeId, ThemeKind, Timestamp,
};
use std::collections::{BTreeMap, BTreeSet};
use uuid::Uuid;

/// Where text files come from: the archive, or nothing for a bare `.qde`.
pub trait Files {
    /// The bytes of `plainTextPath`, or why they cannot be had.
    fn text(&mut self, path: &str) -> Result<Vec<u8>, String>;
}

/// How far a misplaced selection's text is looked for around its positions, in bytes.
const SEARCH_WINDOW: usize = 400;

/// Decodes a text file as tools write them: UTF-8 (BOM kept, so the counting can be decided),
/// or UTF-16 with a BOM; anything else through the transcript importer's decoder.
fn decode(bytes: &[u8]) -> Result<String, String> {
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        return Ok(format!("\u{feff}{}", String::from_utf16_lossy(&units)));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        return Ok(format!("\u{feff}{}", String::from_utf16_lossy(&units)));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_owned()),
        Err(_) => crate::import::decode_text(bytes),
    }
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// Builds the project. `file` names the input in messages.
pub fn build(q: &Qde, files: &mut dyn Files, extras: Option<&Extras>) -> (Project, Summary) {
    let mut summary = Summary {
        origin: q.origin.clone(),
        sources: q.sources.len(),
        codes: q.codes.len(),
        users: q.users.len(),
        notes: q.notes.len(),
        sets: q.sets.len(),
        cases: q.cases.len(),
        ..Summary::default()
    };
    let mut p = Project::named(&match extras {
        Some(x) => x.project_name.clone(),
        None if q.name.trim().is_empty() => "Imported project".to_owned(),
        None => q.name.clone(),
    });

    // Users become coders.
    for u in &q.users {
        let name = if u.name.trim().is_empty() {
            format!("User {}", &u.guid.simple().to_string()[..8])
        } else {
            u.name.clone()
        };
        p.coders.push(Coder {
            id: CoderId(u.guid),
            name,
            machine: String::new(),
        });
    }

    // Codes, with their notes as memos.
    let notes: BTreeMap<Uuid, &qde::Note> = q.notes.iter().map(|n| (n.guid, n)).collect();
    let mut used_notes: BTreeSet<Uuid> = BTreeSet::new();
    let note_text = |id: &Uuid, used: &mut BTreeSet<Uuid>| -> Option<String> {
        let n = notes.get(id)?;
        used.insert(*id);
        let body = n.text.clone().unwrap_or_default();
        Some(match (n.name.trim().is_empty(), body.trim().is_empty()) {
            (true, _) => body,
            (false, true) => n.name.clone(),
            (false, false) => format!("{}: {body}", n.name),
        })
    };
    let mut dangling = 0usize;
    let mut bad_colours = 0usize;
    let code_ids: BTreeSet<Uuid> = q.codes.iter().map(|c| c.guid).collect();
    for (i, c) in q.codes.iter().enumerate() {
        let color = match c.color.as_deref().map(parse_colour) {
            Some(Some(rgb)) => rgb,
            Some(None) => {
                bad_colours += 1;
                Rgb::palette(i)
            }
            None => Rgb::palette(i),
        };
        let mut code = Code::new(&c.name, color);
        code.id = CodeId(c.guid);
        code.description = c.description.clone();
        code.parent = c.parent.filter(|g| code_ids.contains(g)).map(CodeId);
        let memos: Vec<String> = c
            .notes
            .iter()
            .filter_map(|n| {
                let t = note_text(n, &mut used_notes);
                dangling += usize::from(t.is_none());
                t
            })
            .collect();
        code.memo = memos.join("\n\n");
        p.codes.push(code);
    }
    if bad_colours > 0 {
        summary.approximated.push(format!(
            "{} had a colour Gloss cannot read and got one from the palette",
            plural(bad_colours, "code")
        ));
    }

    let variables: BTreeMap<Uuid, &str> = q
        .variables
        .iter()
        .map(|v| (v.guid, v.name.as_str()))
        .collect();
    let mut unknown_coder: Option<CoderId> = None;
    let mut dangling_codes = 0usize;
    let mut labels = 0usize;
    let now = Timestamp::now();

    // Sources: text ones become documents.
    for s in &q.sources {
        if s.kind != SourceKind::Text {
            summary.left_out.push(format!(
                "{} source \"{}\" (Gloss reads text sources only){}",
                s.kind.label(),
                s.name,
                if s.other_selections > 0 {
                    format!(" with {}", plural(s.other_selections, "coded region"))
                } else {
                    String::new()
                }
            ));
            continue;
        }
        if s.whole_codings > 0 {
            summary.left_out.push(format!(
                "{} of the whole source \"{}\" (Gloss codes passages; code the text again \
                 where it matters)",
                plural(s.whole_codings, "coding"),
                s.name
            ));
        }
        let raw = match (&s.content, &s.plain_text_path) {
            (Some(c), _) => Ok(c.clone()),
            (None, Some(path)) => files.text(path).and_then(|b| decode(&b)),
            (None, None) => Err("it has neither PlainTextContent nor a plainTextPath".to_owned()),
        };
        let raw = match raw {
            Ok(r) => r,
            Err(why) => {
                summary.left_out.push(format!(
                    "text source \"{}\" with {}: {why}",
                    s.name,
                    plural(s.selections.len(), "selection")
                ));
                continue;
            }
        };
        // A text Gloss wrote (its extras know the turns) is read exactly; any other is split
        // into turns by the speaker detection.
        let metas = extras.and_then(|x| x.documents.get(&DocId(s.guid)));
        let verbatim = SourceText::verbatim(&raw);
        let exact = metas.and_then(|m| turns::exact(&verbatim.text, &m.turns));
        let exact_mode = exact.is_some();
        let (source, split) = match exact {
            Some(split) => (verbatim, split),
            None => {
                let source = SourceText::new(&raw);
                let split = turns::split(&source.text);
                (source, split)
            }
        };
        let title = match (s.name.trim(), &s.plain_text_path) {
            ("", Some(path)) => {
                let file = path.rsplit(['/', '\\']).next().unwrap_or(path);
                file.rsplit_once('.')
                    .map_or(file, |(stem, _)| stem)
                    .to_owned()
            }
            ("", None) => "Untitled source".to_owned(),
            (name, _) => name.to_owned(),
        };
        let mut doc = Document::new(&title, split.turns.clone());
        doc.id = DocId(s.guid);
        doc.imported = s.created.unwrap_or(now);
        doc.source = s
            .plain_text_path
            .as_deref()
            .map(|p| p.rsplit(['/', '\\']).next().unwrap_or(p).to_owned())
            .unwrap_or_default();
        for (var, value) in &s.values {
            match variables.get(var) {
                Some(name) => {
                    doc.attributes.insert((*name).to_owned(), value.clone());
                }
                None => dangling += 1,
            }
        }

        // Positions: decide the counting, then place each selection.
        let raws: Vec<RawSelection<'_>> = s
            .selections
            .iter()
            .map(|sel| RawSelection {
                start: sel.start,
                end: sel.end,
                name: &sel.name,
            })
            .collect();
        let (reading, _) = if exact_mode {
            (Reading::SPEC, 0)
        } else {
            positions::choose(&source, &raws)
        };
        let table = source.table(reading);
        let mut report = FileReport {
            source: title.clone(),
            counting: if exact_mode {
                format!("{} (written by Gloss)", Reading::SPEC)
            } else if source.readings().len() == 1 {
                format!("{} (all readings agree for this text)", Reading::SPEC)
            } else {
                reading.to_string()
            },
            selections: s.selections.len(),
            ..FileReport::default()
        };
        for sel in &s.selections {
            // Gloss's own positions are exact; a name is only a hint for other tools' files.
            let name = if exact_mode { "" } else { sel.name.as_str() };
            let placed = place(&source, &table, sel.start, sel.end, name);
            let Some((a, b, mut adjusted)) = placed else {
                report.not_placed += 1;
                continue;
            };
            let (da, db) = (split.map_start(a), split.map_end(b));
            let Some(range) = doc.snap_range(da, db.max(da)) else {
                report.not_placed += 1;
                continue;
            };
            if range.start != da || range.end != db {
                adjusted = true;
            }
            report.adjusted += usize::from(adjusted);
            // Speaker labels and timestamps became the turns' speakers and times, so a passage
            // that began on one now begins at the words.
            if !adjusted
                && source.text.get(a..b).map(positions::collapse)
                    != Some(positions::collapse(&doc.slice(range)))
            {
                labels += 1;
            }
            for c in &sel.codings {
                if !code_ids.contains(&c.code) {
                    dangling_codes += 1;
                    continue;
                }
                let coder = c
                    .creator
                    .or(sel.creator)
                    .map(CoderId)
                    .filter(|id| p.coder(*id).is_some())
                    .unwrap_or_else(|| {
                        *unknown_coder.get_or_insert_with(|| {
                            let id = CoderId::new();
                            p.coders.push(Coder {
                                id,
                                name: "Unknown coder (REFI-QDA import)".to_owned(),
                                machine: String::new(),
                            });
                            id
                        })
                    });
                let id = CodingId(c.guid);
                p.codings.insert(
                    id,
                    Coding {
                        id,
                        document: doc.id,
                        code: CodeId(c.code),
                        range,
                        coder,
                        created: c.created.or(sel.created).unwrap_or(now),
                    },
                );
            }
            // Notes on a selection go to the memos of its codes, with the passage quoted.
            for n in &sel.notes {
                let Some(text) = note_text(n, &mut used_notes) else {
                    dangling += 1;
                    continue;
                };
                let quote: String = doc.slice(range).chars().take(80).collect();
                for c in &sel.codings {
                    if let Some(code) = p.codes.iter_mut().find(|k| k.id.0 == c.code) {
                        if !code.memo.is_empty() {
                            code.memo.push_str("\n\n");
                        }
                        code.memo
                            .push_str(&format!("On \"{quote}\" ({}): {text}", doc.title));
                    }
                }
                if sel.codings.is_empty() {
                    used_notes.remove(n);
                }
            }
        }
        for n in &s.notes {
            if let Some(n) = notes.get(n) {
                summary.left_out.push(format!(
                    "note \"{}\" on source \"{}\" (Gloss has no document memos)",
                    n.name, s.name
                ));
                used_notes.insert(n.guid);
            }
        }
        summary.files.push(report);
        p.documents.push(std::sync::Arc::new(doc));
    }
    if dangling_codes > 0 {
        summary.left_out.push(format!(
            "{} whose code GUID is not in the codebook",
            plural(dangling_codes, "coding")
        ));
    }

    // Participants: the speakers, then the cases.
    let mut names: Vec<String> = Vec::new();
    for d in &p.documents {
        for s in crate::import::speakers_of(d) {
            if !names.contains(&s) {
                names.push(s);
            }
        }
    }
    for name in names {
        p.participants.push(Participant {
            interviewer: looks_like_interviewer(&name),
            name,
            attributes: BTreeMap::new(),
        });
    }
    for case in &q.cases {
        let mut attributes = BTreeMap::new();
        for (var, value) in &case.values {
            match variables.get(var) {
                Some(name) => {
                    attributes.insert((*name).to_owned(), value.clone());
                }
                None => dangling += 1,
            }
        }
        let name = if case.name.trim().is_empty() {
            format!("Case {}", &case.guid.simple().to_string()[..8])
        } else {
            case.name.clone()
        };
        match p.participants.iter_mut().find(|x| x.name == name) {
            Some(x) => x.attributes.extend(attributes),
            None => p.participants.push(Participant {
                name: name.clone(),
                interviewer: false,
                attributes,
            }),
        }
        for src in &case.sources {
            match p.documents.iter_mut().find(|d| d.id.0 == *src) {
                Some(d) => {
                    std::sync::Arc::make_mut(d)
                        .attributes
                        .insert("case".to_owned(), name.clone());
                }
                None if q.sources.iter().any(|s| s.guid == *src) => {}
                None => dangling += 1,
            }
        }
    }

    // Sets: those with codes become themes; sets of sources become a document attribute.
    for set in &q.sets {
        let codes: Vec<CodeId> = set
            .codes
            .iter()
            .filter_map(|g| {
                let ok = code_ids.contains(g);
                dangling += usize::from(!ok);
                ok.then_some(CodeId(*g))
            })
            .collect();
        let mut doc_members = 0;
        for src in &set.sources {
            if let Some(d) = p.documents.iter_mut().find(|d| d.id.0 == *src) {
                let e = std::sync::Arc::make_mut(d)
                    .attributes
                    .entry("sets".to_owned())
                    .or_default();
                if !e.is_empty() {
                    e.push_str("; ");
                }
                e.push_str(&set.name);
                doc_members += 1;
            } else if !q.sources.iter().any(|s| s.guid == *src) {
                dangling += 1;
            }
        }
        let memo: Vec<String> = set
            .notes
            .iter()
            .filter_map(|n| note_text(n, &mut used_notes))
            .collect();
        if codes.is_empty() && !set.sources.is_empty() {
            if doc_members > 0 {
                summary.approximated.push(format!(
                    "set \"{}\" holds sources, not codes: its documents carry it in the \
                     attribute \"sets\"",
                    set.name
                ));
            }
            continue;
        }
        let mut theme = Theme::new(&set.name, ThemeKind::Theme, None);
        theme.id = ThemeId(set.guid);
        theme.description = set.description.clone();
        theme.codes = codes;
        theme.memo = memo.join("\n\n");
        p.themes.push(theme);
    }

    // Notes with no home in Gloss.
    let project_notes: BTreeSet<Uuid> = q.project_notes.iter().copied().collect();
    for n in &q.notes {
        if !used_notes.contains(&n.guid) {
            let why = if project_notes.contains(&n.guid) {
                "a project note; Gloss has no project memo"
            } else {
                "it annotates nothing Gloss imports"
            };
            summary
                .left_out
                .push(format!("note \"{}\" ({why})", n.name));
        }
    }
    if q.links > 0 {
        summary.left_out.push(format!(
            "{} between items (Gloss has no links)",
            plural(q.links, "link")
        ));
    }
    if q.graphs > 0 {
        summary.left_out.push(format!(
            "{} (Gloss has no network views)",
            plural(q.graphs, "graph")
        ));
    }
    if dangling > 0 {
        summary.left_out.push(format!(
            "{} to GUIDs that the file does not define",
            plural(dangling, "reference")
        ));
    }
    let adjusted: usize = summary.files.iter().map(|f| f.adjusted).sum();
    if adjusted > 0 {
        summary.approximated.push(format!(
            "{} had ends moved to whole characters or words, or were found by their text \
             nearby",
            plural(adjusted, "selection")
        ));
    }
    if labels > 0 {
        summary.approximated.push(format!(
            "{} began or ended on a speaker label or timestamp, which Gloss keeps as the \
             paragraph's speaker and time; they now cover the words only",
            plural(labels, "selection")
        ));
    }
    let unplaced: usize = summary.files.iter().map(|f| f.not_placed).sum();
    if unplaced > 0 {
        summary.left_out.push(format!(
            "{} that lie past the end of their text, are empty or reversed",
            plural(unplaced, "selection")
        ));
    }
    if let Some(x) = extras {
        super::overlay::apply(&mut p, x);
    }
    summary.documents = p.documents.len();
    summary.codings = p.codings.len();
    // Built by pushing to the lists: its lookups and counts from scratch.
    p.reindex();
    (p, summary)
}

/// `#rrggbb` or `#rgb`.
fn parse_colour(s: &str) -> Option<Rgb> {
    let t = s.trim().trim_start_matches('#');
    if t.len() == 3 && t.is_ascii() {
        let full: String = t.chars().flat_map(|c| [c, c]).collect();
        return Rgb::parse_hex(&full);
    }
    Rgb::parse_hex(t)
}

/// A selection's byte range in the normalised text under the chosen reading, and whether it had
/// to be adjusted. Where the selection's `name` does not match, its text is looked for nearby.
fn place(
    source: &SourceText,
    table: &positions::PositionTable,
    start: i64,
    end: i64,
    name: &str,
) -> Option<(usize, usize, bool)> {
    if start < 0 || end <= start {
        return None;
    }
    let (a, in_a) = table.offset(start)?;
    let (b, in_b) = match table.offset(end) {
        Some(x) => x,
        // An end just past the text (a trailing line break counted) is clamped.
        None if (end as usize) <= table.positions() + 2 => (source.text.len(), true),
        None => return None,
    };
    if a >= b {
        return None;
    }
    let text = &source.text;
    let slice = text.get(a..b)?;
    if name.trim().is_empty() || positions::name_matches(name, slice) {
        return Some((a, b, in_a || in_b));
    }
    // Look for the name's text near where the positions point.
    let wanted = name.trim();
    let (wanted, cut) = match wanted.strip_suffix('…') {
        Some(w) => (w.trim_end(), true),
        None => (wanted, false),
    };
    if wanted.is_empty() {
        return Some((a, b, in_a || in_b));
    }
    let lo = floor(text, a.saturating_sub(SEARCH_WINDOW));
    let hi = floor(text, (b + SEARCH_WINDOW).min(text.len()));
    let window = &text[lo..hi];
    let best = window
        .match_indices(wanted)
        .map(|(i, _)| lo + i)
        .min_by_key(|&i| i.abs_diff(a));
    match best {
        Some(i) if cut => {
            let end = floor(text, (i + (b - a)).min(text.len()).max(i + wanted.len()));
            Some((i, end, true))
        }
        Some(i) => Some((i, i + wanted.len(), true)),
        None => Some((a, b, in_a || in_b)),
    }
}

fn floor(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}
