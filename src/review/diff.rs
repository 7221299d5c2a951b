//! The tree diff: what changed in the theme tree (and codebook) between two snapshots, or a
//! snapshot and now. Themes are paired by id, then by name, then by holding the same codes, so a
//! theme re-created under a new id is still seen as the same theme. What is left is read as
//! merges (the codes of themes that are gone now sit under one theme), splits (the codes of one
//! theme now sit under several), additions and removals; a merge is never reported as a removal
//! plus changes elsewhere. Definitions are compared word by word.

use crate::model::{Code, CodeId, Count, Snapshot, Theme, ThemeId, ThemeStatus};
use serde::Serialize;
use similar::{ChangeTag, TextDiff};
use std::collections::{BTreeMap, BTreeSet};

/// A run of words of a word-level diff.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Words {
    pub tag: Tag,
    pub text: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Tag {
    Same,
    Removed,
    Added,
}

/// `old` to `new` word by word. Runs of one kind are joined, and the spaces between changed
/// words stay inside the change, so a reworded phrase reads as one struck-out phrase and one
/// new phrase rather than alternating words.
pub fn word_diff(old: &str, new: &str) -> Vec<Words> {
    let d = TextDiff::from_words(old, new);
    let mut out: Vec<Words> = Vec::new();
    let push = |out: &mut Vec<Words>, tag: Tag, text: &str| {
        if text.is_empty() {
            return;
        }
        match out.last_mut() {
            Some(w) if w.tag == tag => w.text.push_str(text),
            _ => out.push(Words {
                tag,
                text: text.to_owned(),
            }),
        }
    };
    let (mut del, mut ins, mut gap) = (String::new(), String::new(), String::new());
    let flush = |out: &mut Vec<Words>, del: &mut String, ins: &mut String, gap: &mut String| {
        push(out, Tag::Removed, del);
        push(out, Tag::Added, ins);
        push(out, Tag::Same, gap);
        del.clear();
        ins.clear();
        gap.clear();
    };
    for c in d.iter_all_changes() {
        let text = c.value();
        match c.tag() {
            ChangeTag::Equal if text.trim().is_empty() && !(del.is_empty() && ins.is_empty()) => {
                gap.push_str(text);
            }
            ChangeTag::Equal => {
                flush(&mut out, &mut del, &mut ins, &mut gap);
                push(&mut out, Tag::Same, text);
            }
            ChangeTag::Delete | ChangeTag::Insert => {
                // The spaces between changed words belong to both texts.
                del.push_str(&gap);
                ins.push_str(&gap);
                gap.clear();
                if c.tag() == ChangeTag::Delete {
                    del.push_str(text);
                } else {
                    ins.push_str(text);
                }
            }
        }
    }
    flush(&mut out, &mut del, &mut ins, &mut gap);
    out
}

/// Word runs as Markdown: removed words struck through, added words in bold.
pub fn words_markdown(words: &[Words]) -> String {
    let mut s = String::new();
    for (i, w) in words.iter().enumerate() {
        if i > 0 && w.tag == Tag::Added && words[i - 1].tag == Tag::Removed {
            s.push(' ');
        }
        let t = w.text.trim();
        let pad_l = if w.text.starts_with(char::is_whitespace) {
            " "
        } else {
            ""
        };
        let pad_r = if w.text.ends_with(char::is_whitespace) {
            " "
        } else {
            ""
        };
        match w.tag {
            Tag::Same => s.push_str(&w.text),
            _ if t.is_empty() => s.push_str(&w.text),
            Tag::Removed => s.push_str(&format!("{pad_l}~~{t}~~{pad_r}")),
            Tag::Added => s.push_str(&format!("{pad_l}**{t}**{pad_r}")),
        }
    }
    s
}

/// A theme named in a change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Named {
    pub id: ThemeId,
    pub name: String,
}

/// Which text of a theme changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Field {
    Definition,
    Involves,
    Concerns,
}

impl Field {
    pub fn label(self) -> &'static str {
        match self {
            Field::Definition => "definition",
            Field::Involves => "involves",
            Field::Concerns => "concerns",
        }
    }
}

/// One difference between two trees.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    Added {
        theme: Named,
        parent: Option<String>,
    },
    Removed {
        theme: Named,
        parent: Option<String>,
    },
    Renamed {
        theme: Named,
        from: String,
    },
    /// The codes of `from` (themes of the old tree) now sit under `into`.
    Merged {
        from: Vec<Named>,
        into: Named,
    },
    /// The codes of `from` now sit under several themes.
    Split {
        from: Named,
        into: Vec<Named>,
    },
    /// Moved to another group (or parent theme).
    Moved {
        theme: Named,
        from: Option<String>,
        to: Option<String>,
    },
    Text {
        theme: Named,
        field: Field,
        words: Vec<Words>,
    },
    /// Codes moved in or out (beyond those a merge or split brought).
    Codes {
        theme: Named,
        moved_in: Vec<String>,
        moved_out: Vec<String>,
    },
    Exemplars {
        theme: Named,
        added: usize,
        removed: usize,
    },
    Status {
        theme: Named,
        from: ThemeStatus,
        to: ThemeStatus,
    },
    Counts {
        theme: Named,
        from: Count,
        to: Count,
    },
    CodeAdded {
        code: String,
    },
    CodeRemoved {
        code: String,
    },
    CodeRenamed {
        from: String,
        to: String,
    },
    CodeDefinition {
        code: String,
        words: Vec<Words>,
    },
}

fn status_word(s: ThemeStatus) -> &'static str {
    crate::export::status_label(s)
}

fn count_text(c: &Count) -> String {
    format!(
        "{} codings, {} documents, {} participants",
        c.codings, c.documents, c.participants
    )
}

fn names(list: &[Named]) -> String {
    let v: Vec<String> = list.iter().map(|n| format!("“{}”", n.name)).collect();
    match v.len() {
        0 => String::new(),
        1 => v.join(""),
        n => format!("{} and {}", v[..n - 1].join(", "), v[n - 1]),
    }
}

fn parent_text(p: &Option<String>) -> String {
    p.as_ref()
        .map_or_else(|| "the top level".to_owned(), |p| format!("“{p}”"))
}

impl Change {
    /// The theme to show for this change (in the newer tree, or the older one for a removal).
    pub fn theme(&self) -> Option<ThemeId> {
        match self {
            Change::Added { theme, .. }
            | Change::Removed { theme, .. }
            | Change::Renamed { theme, .. }
            | Change::Moved { theme, .. }
            | Change::Text { theme, .. }
            | Change::Codes { theme, .. }
            | Change::Exemplars { theme, .. }
            | Change::Status { theme, .. }
            | Change::Counts { theme, .. } => Some(theme.id),
            Change::Merged { into, .. } => Some(into.id),
            Change::Split { from, .. } => Some(from.id),
            _ => None,
        }
    }

    /// A short word for the kind of change ("merged", "renamed"), for list filters and badges.
    pub fn kind(&self) -> &'static str {
        match self {
            Change::Added { .. } => "added",
            Change::Removed { .. } => "removed",
            Change::Renamed { .. } => "renamed",
            Change::Merged { .. } => "merged",
            Change::Split { .. } => "split",
            Change::Moved { .. } => "moved",
            Change::Text { .. } => "definition",
            Change::Codes { .. } => "codes",
            Change::Exemplars { .. } => "exemplars",
            Change::Status { .. } => "status",
            Change::Counts { .. } => "counts",
            Change::CodeAdded { .. } => "code added",
            Change::CodeRemoved { .. } => "code removed",
            Change::CodeRenamed { .. } => "code renamed",
            Change::CodeDefinition { .. } => "code definition",
        }
    }

    /// One sentence saying what changed (a word diff is summarised; see [`Change::words`]).
    pub fn sentence(&self) -> String {
        match self {
            Change::Added { theme, parent } => {
                format!("Added “{}” under {}", theme.name, parent_text(parent))
            }
            Change::Removed { theme, parent } => {
                format!(
                    "Removed “{}” (was under {})",
                    theme.name,
                    parent_text(parent)
                )
            }
            Change::Renamed { theme, from } => format!("Renamed “{from}” to “{}”", theme.name),
            Change::Merged { from, into } => {
                format!("Merged {} into “{}”", names(from), into.name)
            }
            Change::Split { from, into } => {
                format!("Split “{}” into {}", from.name, names(into))
            }
            Change::Moved { theme, from, to } => format!(
                "Moved “{}” from {} to {}",
                theme.name,
                parent_text(from),
                parent_text(to)
            ),
            Change::Text { theme, field, .. } => {
                format!("Changed the {} of “{}”", field.label(), theme.name)
            }
            Change::Codes {
                theme,
                moved_in,
                moved_out,
            } => {
                let mut parts = Vec::new();
                if !moved_in.is_empty() {
                    parts.push(format!("codes in: {}", moved_in.join(", ")));
                }
                if !moved_out.is_empty() {
                    parts.push(format!("codes out: {}", moved_out.join(", ")));
                }
                format!("“{}”: {}", theme.name, parts.join("; "))
            }
            Change::Exemplars {
                theme,
                added,
                removed,
            } => format!(
                "“{}”: exemplar quotes changed ({added} added, {removed} removed)",
                theme.name
            ),
            Change::Status { theme, from, to } => format!(
                "“{}”: status {} to {}",
                theme.name,
                status_word(*from),
                status_word(*to)
            ),
            Change::Counts { theme, from, to } => format!(
                "“{}”: {}, was {}",
                theme.name,
                count_text(to),
                count_text(from)
            ),
            Change::CodeAdded { code } => format!("Code added: “{code}”"),
            Change::CodeRemoved { code } => format!("Code removed: “{code}”"),
            Change::CodeRenamed { from, to } => format!("Code renamed: “{from}” to “{to}”"),
            Change::CodeDefinition { code, .. } => {
                format!("Changed the definition of the code “{code}”")
            }
        }
    }

    /// The word-level diff of a changed definition.
    pub fn words(&self) -> Option<&[Words]> {
        match self {
            Change::Text { words, .. } | Change::CodeDefinition { words, .. } => Some(words),
            _ => None,
        }
    }
}

/// How a theme of one side of the diff fared, for marking the two trees.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mark {
    Same,
    Changed,
    Added,
    Removed,
    Merged,
    Split,
}

impl Mark {
    pub fn label(self) -> &'static str {
        match self {
            Mark::Same => "unchanged",
            Mark::Changed => "changed",
            Mark::Added => "added",
            Mark::Removed => "removed",
            Mark::Merged => "merged",
            Mark::Split => "split",
        }
    }
}

/// The differences between two trees, and a mark for every theme of each.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct TreeDiff {
    pub changes: Vec<Change>,
    pub old_marks: BTreeMap<ThemeId, Mark>,
    pub new_marks: BTreeMap<ThemeId, Mark>,
    /// Themes of the old tree and the theme each became (same theme, or merge target).
    pub became: BTreeMap<ThemeId, ThemeId>,
}

impl TreeDiff {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }
}

fn shares(a: &Theme, b: &Theme) -> usize {
    a.codes.iter().filter(|c| b.codes.contains(c)).count()
}

fn same_name(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

fn named(t: &Theme) -> Named {
    Named {
        id: t.id,
        name: t.name.clone(),
    }
}

/// Code names, the newer side first.
struct CodeNames<'a> {
    new: &'a [Code],
    old: &'a [Code],
}

impl CodeNames<'_> {
    fn name(&self, id: CodeId) -> String {
        self.new
            .iter()
            .chain(self.old)
            .find(|c| c.id == id)
            .map_or_else(|| "(a deleted code)".to_owned(), |c| c.name.clone())
    }
}

/// What changed in one theme between `o` and `n` (the same theme): name, parent, texts, codes
/// (leaving out `skip_in` / `skip_out`, brought by merges or taken by splits), exemplars.
/// `parents` gives the names of the old and new parents and whether the parent changed.
fn pair_changes(
    o: &Theme,
    n: &Theme,
    parents: (Option<String>, Option<String>, bool),
    codes: &CodeNames,
    skip_in: &BTreeSet<CodeId>,
    skip_out: &BTreeSet<CodeId>,
) -> Vec<Change> {
    let mut out = Vec::new();
    if o.name != n.name {
        out.push(Change::Renamed {
            theme: named(n),
            from: o.name.clone(),
        });
    }
    let (from, to, moved) = parents;
    if moved {
        out.push(Change::Moved {
            theme: named(n),
            from,
            to,
        });
    }
    for (field, a, b) in [
        (Field::Definition, &o.description, &n.description),
        (Field::Involves, &o.involves, &n.involves),
        (Field::Concerns, &o.concerns, &n.concerns),
    ] {
        if a != b {
            out.push(Change::Text {
                theme: named(n),
                field,
                words: word_diff(a, b),
            });
        }
    }
    let moved_in: Vec<String> = n
        .codes
        .iter()
        .filter(|c| !o.codes.contains(c) && !skip_in.contains(c))
        .map(|&c| codes.name(c))
        .collect();
    let moved_out: Vec<String> = o
        .codes
        .iter()
        .filter(|c| !n.codes.contains(c) && !skip_out.contains(c))
        .map(|&c| codes.name(c))
        .collect();
    if !moved_in.is_empty() || !moved_out.is_empty() {
        out.push(Change::Codes {
            theme: named(n),
            moved_in,
            moved_out,
        });
    }
    let added = n
        .exemplars
        .iter()
        .filter(|e| !o.exemplars.contains(e))
        .count();
    let removed = o
        .exemplars
        .iter()
        .filter(|e| !n.exemplars.contains(e))
        .count();
    if added + removed > 0 || (o.exemplars != n.exemplars) {
        out.push(Change::Exemplars {
            theme: named(n),
            added,
            removed,
        });
    }
    out
}

/// What changed in a theme since `signed` (the theme as a reviewer signed it off), in words for
/// "changed since approved": name, parent, definition, involves, concerns, codes, exemplars.
/// `themes` and `codes` name parents and codes (the project's lists).
pub fn theme_changes(signed: &Theme, now: &Theme, themes: &[Theme], codes: &[Code]) -> Vec<Change> {
    let parent_name = |p: Option<ThemeId>| {
        p.map(|p| {
            themes
                .iter()
                .find(|t| t.id == p)
                .map_or_else(|| "(a deleted theme)".to_owned(), |t| t.name.clone())
        })
    };
    let none = BTreeSet::new();
    pair_changes(
        signed,
        now,
        (
            parent_name(signed.parent),
            parent_name(now.parent),
            signed.parent != now.parent,
        ),
        &CodeNames {
            new: codes,
            old: &[],
        },
        &none,
        &none,
    )
}

/// The differences from `old` to `new`. A tree compared with itself has none.
pub fn diff(old: &Snapshot, new: &Snapshot) -> TreeDiff {
    let old_by: BTreeMap<ThemeId, &Theme> = old.themes.iter().map(|t| (t.id, t)).collect();
    let new_by: BTreeMap<ThemeId, &Theme> = new.themes.iter().map(|t| (t.id, t)).collect();
    // Pairs of the same theme: old id -> new id.
    let mut pairs: BTreeMap<ThemeId, ThemeId> = BTreeMap::new();
    let mut taken: BTreeSet<ThemeId> = BTreeSet::new();
    let pair = |o: ThemeId, n: ThemeId, pairs: &mut BTreeMap<_, _>, taken: &mut BTreeSet<_>| {
        pairs.insert(o, n);
        taken.insert(n);
    };
    // 1. By id.
    for o in &old.themes {
        if new_by.contains_key(&o.id) {
            pair(o.id, o.id, &mut pairs, &mut taken);
        }
    }
    // 2. By name, of the same kind.
    for o in &old.themes {
        if pairs.contains_key(&o.id) {
            continue;
        }
        if let Some(n) = new
            .themes
            .iter()
            .find(|n| !taken.contains(&n.id) && n.kind == o.kind && same_name(&n.name, &o.name))
        {
            pair(o.id, n.id, &mut pairs, &mut taken);
        }
    }
    // 3. One theme whose codes went to exactly one unpaired theme, which got codes from it alone,
    // sharing at least half of their codes: the same theme, re-created.
    for o in &old.themes {
        if pairs.contains_key(&o.id) || o.codes.is_empty() {
            continue;
        }
        let dests: Vec<&Theme> = new
            .themes
            .iter()
            .filter(|n| !taken.contains(&n.id) && shares(o, n) > 0)
            .collect();
        let [n] = dests[..] else { continue };
        let sources = old
            .themes
            .iter()
            .filter(|x| !pairs.contains_key(&x.id) && shares(x, n) > 0)
            .count();
        let union = o.codes.len() + n.codes.len() - shares(o, n);
        if sources == 1 && shares(o, n) * 2 >= union {
            pair(o.id, n.id, &mut pairs, &mut taken);
        }
    }
    // 4. Merges: unpaired old themes with most of their codes under one new theme, which either
    // is itself an old theme or gathers two or more of them.
    let mut merges: Vec<(ThemeId, Vec<ThemeId>)> = Vec::new();
    let mut absorbed: BTreeSet<ThemeId> = BTreeSet::new();
    for n in &new.themes {
        let sources: Vec<ThemeId> = old
            .themes
            .iter()
            .filter(|o| {
                !pairs.contains_key(&o.id)
                    && !absorbed.contains(&o.id)
                    && !o.codes.is_empty()
                    && shares(o, n) * 2 >= o.codes.len()
            })
            .map(|o| o.id)
            .collect();
        let has_self = taken.contains(&n.id);
        if sources.len() + usize::from(has_self) >= 2 {
            absorbed.extend(sources.iter().copied());
            merges.push((n.id, sources));
        } else if let [one] = sources[..] {
            // One old theme's codes went to one new theme: the same theme, much changed.
            pair(one, n.id, &mut pairs, &mut taken);
        }
    }
    let merge_targets: BTreeSet<ThemeId> = merges.iter().map(|(n, _)| *n).collect();
    // 5. Splits: an old theme whose codes now make up most of several new themes' codes.
    let mut splits: Vec<(ThemeId, Vec<ThemeId>)> = Vec::new();
    let mut spawned: BTreeSet<ThemeId> = BTreeSet::new();
    for o in &old.themes {
        if absorbed.contains(&o.id) || o.codes.is_empty() {
            continue;
        }
        let dests: Vec<ThemeId> = new
            .themes
            .iter()
            .filter(|n| {
                !taken.contains(&n.id)
                    && !merge_targets.contains(&n.id)
                    && !spawned.contains(&n.id)
                    && !n.codes.is_empty()
                    && shares(o, n) * 2 >= n.codes.len()
            })
            .map(|n| n.id)
            .collect();
        let has_self = pairs.contains_key(&o.id);
        if dests.len() + usize::from(has_self) >= 2 {
            spawned.extend(dests.iter().copied());
            splits.push((o.id, dests));
        }
    }
    let split_sources: BTreeSet<ThemeId> = splits.iter().map(|(o, _)| *o).collect();

    // Where an old theme went (itself, or the theme it merged into), for parents.
    let mut became: BTreeMap<ThemeId, ThemeId> = pairs.clone();
    for (n, sources) in &merges {
        for s in sources {
            became.insert(*s, *n);
        }
    }
    let old_name = |id: Option<ThemeId>| id.and_then(|i| old_by.get(&i)).map(|t| t.name.clone());
    let new_name = |id: Option<ThemeId>| id.and_then(|i| new_by.get(&i)).map(|t| t.name.clone());
    let codes = CodeNames {
        new: &new.codes,
        old: &old.codes,
    };

    let mut d = TreeDiff {
        became: became.clone(),
        ..TreeDiff::default()
    };
    for (n, sources) in &merges {
        let Some(nt) = new_by.get(n) else { continue };
        let mut from: Vec<Named> = Vec::new();
        if let Some((o, _)) = pairs.iter().find(|(_, x)| *x == n)
            && let Some(ot) = old_by.get(o)
        {
            from.push(named(ot));
        }
        from.extend(
            sources
                .iter()
                .filter_map(|s| old_by.get(s))
                .map(|t| named(t)),
        );
        d.changes.push(Change::Merged {
            from,
            into: named(nt),
        });
        d.new_marks.insert(*n, Mark::Merged);
        for s in sources {
            d.old_marks.insert(*s, Mark::Merged);
        }
    }
    for (o, dests) in &splits {
        let Some(ot) = old_by.get(o) else { continue };
        let mut into: Vec<Named> = Vec::new();
        if let Some(nt) = pairs.get(o).and_then(|n| new_by.get(n)) {
            into.push(named(nt));
        }
        into.extend(dests.iter().filter_map(|n| new_by.get(n)).map(|t| named(t)));
        d.changes.push(Change::Split {
            from: named(ot),
            into,
        });
        d.old_marks.insert(*o, Mark::Split);
        for n in dests {
            d.new_marks.insert(*n, Mark::Split);
        }
    }
    let paired_new: BTreeMap<ThemeId, ThemeId> = pairs.iter().map(|(o, n)| (*n, *o)).collect();
    for n in &new.themes {
        let Some(&o) = paired_new.get(&n.id) else {
            if !merge_targets.contains(&n.id) && !spawned.contains(&n.id) {
                d.changes.push(Change::Added {
                    theme: named(n),
                    parent: new_name(n.parent),
                });
                d.new_marks.insert(n.id, Mark::Added);
            }
            continue;
        };
        let Some(ot) = old_by.get(&o) else { continue };
        let skip_in: BTreeSet<CodeId> = merges
            .iter()
            .filter(|(t, _)| *t == n.id)
            .flat_map(|(_, s)| s.iter().filter_map(|s| old_by.get(s)))
            .flat_map(|t| t.codes.iter().copied())
            .collect();
        let skip_out: BTreeSet<CodeId> = splits
            .iter()
            .filter(|(t, _)| *t == o)
            .flat_map(|(_, s)| s.iter().filter_map(|s| new_by.get(s)))
            .flat_map(|t| t.codes.iter().copied())
            .collect();
        let moved = ot.parent.and_then(|p| became.get(&p).copied()) != n.parent
            && !(ot.parent.is_none() && n.parent.is_none());
        let mut changes = pair_changes(
            ot,
            n,
            (old_name(ot.parent), new_name(n.parent), moved),
            &codes,
            &skip_in,
            &skip_out,
        );
        if ot.status != n.status {
            changes.push(Change::Status {
                theme: named(n),
                from: ot.status,
                to: n.status,
            });
        }
        if let (Some(a), Some(b)) = (old.theme_counts.get(&o), new.theme_counts.get(&n.id))
            && a != b
        {
            changes.push(Change::Counts {
                theme: named(n),
                from: *a,
                to: *b,
            });
        }
        let mark = if changes.is_empty() {
            Mark::Same
        } else {
            Mark::Changed
        };
        d.old_marks.entry(o).or_insert(mark);
        d.new_marks.entry(n.id).or_insert(mark);
        d.changes.extend(changes);
    }
    for o in &old.themes {
        if !pairs.contains_key(&o.id) && !absorbed.contains(&o.id) && !split_sources.contains(&o.id)
        {
            d.changes.push(Change::Removed {
                theme: named(o),
                parent: old_name(o.parent),
            });
            d.old_marks.insert(o.id, Mark::Removed);
        }
    }
    // The codebook, by id.
    for n in &new.codes {
        match old.codes.iter().find(|o| o.id == n.id) {
            None => d.changes.push(Change::CodeAdded {
                code: n.name.clone(),
            }),
            Some(o) => {
                if o.name != n.name {
                    d.changes.push(Change::CodeRenamed {
                        from: o.name.clone(),
                        to: n.name.clone(),
                    });
                }
                if o.description != n.description {
                    d.changes.push(Change::CodeDefinition {
                        code: n.name.clone(),
                        words: word_diff(&o.description, &n.description),
                    });
                }
            }
        }
    }
    for o in &old.codes {
        if !new.codes.iter().any(|n| n.id == o.id) {
            d.changes.push(Change::CodeRemoved {
                code: o.name.clone(),
            });
        }
    }
    d
}

/// The diff as Markdown: a heading, then one bullet per change (definitions as word diffs).
pub fn to_markdown(d: &TreeDiff, from: &str, to: &str) -> String {
    let mut s = format!("# Changes from {from} to {to}\n\n");
    if d.is_empty() {
        s.push_str("No changes.\n");
        return s;
    }
    for c in &d.changes {
        s.push_str(&format!("- **{}**: {}", c.kind(), c.sentence()));
        if let Some(w) = c.words() {
            s.push_str(&format!(": {}", words_markdown(w).replace('\n', " ")));
        }
        s.push('\n');
    }
    s
}

#[cfg(test)]
#[path = "diff_tests.rs"]
mod tests;
