//! Checks that a project is internally consistent: ids unique, every reference resolvable, every
//! coding inside its document and on grapheme boundaries, the theme tree free of cycles. Run after
//! loading a file and by the property tests after every edit.

use super::Project;
use std::collections::BTreeSet;
use std::fmt;

/// One thing wrong with a project, described for the user.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Problem(pub String);

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

pub fn validate(p: &Project) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut bad = |s: String| out.push(Problem(s));

    let mut seen = BTreeSet::new();
    for d in &p.documents {
        if !seen.insert(d.id.0) {
            bad(format!("document id {} is used twice", d.id));
        }
        for (i, t) in d.turns().iter().enumerate() {
            if memchr::memchr(b'\n', t.text.as_bytes()).is_some() {
                bad(format!(
                    "document \"{}\", paragraph {}: holds a line break",
                    d.title,
                    i + 1
                ));
            }
        }
    }
    for c in &p.codes {
        if !seen.insert(c.id.0) {
            bad(format!("code id {} is used twice", c.id));
        }
    }
    for t in &p.themes {
        if !seen.insert(t.id.0) {
            bad(format!("theme id {} is used twice", t.id));
        }
    }
    for c in &p.coders {
        if !seen.insert(c.id.0) {
            bad(format!("coder id {} is used twice", c.id));
        }
    }

    let mut names = BTreeSet::new();
    for person in &p.participants {
        if !names.insert(person.name.as_str()) {
            bad(format!("participant \"{}\" is listed twice", person.name));
        }
    }

    for c in &p.codes {
        if let Some(parent) = c.parent
            && p.code(parent).is_none()
        {
            bad(format!(
                "code \"{}\" has a parent code that does not exist",
                c.name
            ));
        }
    }

    for (key, c) in &p.codings {
        if *key != c.id {
            bad(format!("coding {} is filed under another id", c.id));
        }
        if p.code(c.code).is_none() {
            bad(format!(
                "coding {} refers to a code that does not exist",
                c.id
            ));
        }
        if p.coder(c.coder).is_none() {
            bad(format!(
                "coding {} refers to a coder that does not exist",
                c.id
            ));
        }
        match p.document(c.document) {
            None => bad(format!(
                "coding {} refers to a document that does not exist",
                c.id
            )),
            Some(d) => {
                if !d.is_valid_range(c.range) {
                    bad(format!(
                        "coding {} in \"{}\" has range {}..{}, which is empty, outside the text \
                         (length {}) or not on character boundaries",
                        c.id,
                        d.title,
                        c.range.start,
                        c.range.end,
                        d.len()
                    ));
                }
            }
        }
    }

    for t in &p.themes {
        if let Some(parent) = t.parent {
            if p.theme(parent).is_none() {
                bad(format!(
                    "theme \"{}\" has a parent that does not exist",
                    t.name
                ));
            } else if p.theme_is_within(parent, t.id) {
                bad(format!(
                    "theme \"{}\" is inside itself (a cycle in the theme tree)",
                    t.name
                ));
            }
        }
        let mut quotes = BTreeSet::new();
        for coding in &t.exemplars {
            if !p.codings.contains_key(coding) {
                bad(format!(
                    "theme \"{}\" quotes a coding that does not exist",
                    t.name
                ));
            }
            if !quotes.insert(*coding) {
                bad(format!("theme \"{}\" quotes one coding twice", t.name));
            }
        }
        let mut codes = BTreeSet::new();
        for code in &t.codes {
            if p.code(*code).is_none() {
                bad(format!(
                    "theme \"{}\" lists a code that does not exist",
                    t.name
                ));
            }
            if !codes.insert(*code) {
                bad(format!("theme \"{}\" lists one code twice", t.name));
            }
        }
    }
    format_3(p, &mut bad);
    out
}

/// Format 3's lists: ids unique, replies answering a comment that exists, snapshot labels and
/// attribute declarations unique. Anchors that no longer resolve are not problems: their
/// comments and memos show as orphaned.
fn format_3(p: &Project, bad: &mut impl FnMut(String)) {
    fn unique<T, K: Ord>(
        items: &[T],
        key: impl Fn(&T) -> K,
        what: &str,
        bad: &mut impl FnMut(String),
    ) {
        let mut seen = BTreeSet::new();
        for item in items {
            if !seen.insert(key(item)) {
                bad(format!("two {what} share one id"));
            }
        }
    }
    unique(&p.comments, |c| c.id, "comments", bad);
    unique(&p.memos, |m| m.id, "memos", bad);
    unique(&p.signoffs, |s| s.id, "sign-offs", bad);
    unique(&p.snapshots, |s| s.id, "snapshots", bad);
    unique(&p.queries, |q| q.id, "saved queries", bad);
    unique(&p.conflicts, |c| c.id, "conflict records", bad);
    unique(&p.trail, |e| e.id, "audit trail entries", bad);
    let mut labels = BTreeSet::new();
    for s in &p.snapshots {
        if !labels.insert(s.label.trim()) {
            bad(format!("two snapshots are labelled \"{}\"", s.label.trim()));
        }
    }
    let mut declared = BTreeSet::new();
    for a in &p.attributes {
        if !declared.insert((a.of, a.name.as_str())) {
            bad(format!("attribute \"{}\" is declared twice", a.name));
        }
    }
    let ids: BTreeSet<_> = p.comments.iter().map(|c| c.id).collect();
    for c in &p.comments {
        if let Some(parent) = c.reply_to
            && !ids.contains(&parent)
        {
            bad(format!(
                "comment {} answers a comment that does not exist",
                c.id
            ));
        }
    }
}
