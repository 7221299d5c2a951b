//! A fast reader for project files in exactly the layout [`super::layout`] writes. Turns and
//! codings, which are nearly all of a large file, are read by hand from their one line each; the
//! rest (the name, coders, participants, each document's head, codes, themes) goes through RON
//! as before. The file is read in pieces, so opening never holds the whole file's text beside
//! the project it becomes.
//!
//! Anything that departs from that layout (a hand-edited file, an escape sequence, a string over
//! several lines) makes [`read`] answer `None`, and the caller parses the whole file with RON,
//! which also reports any error with its line and column. So this reader only has to be right on
//! what it accepts: a property test checks that it gives what RON gives on every file it accepts.

use super::lock::ContentHash;
use crate::model::{
    AttributeDef, Code, CodeId, Coder, CoderId, Coding, CodingId, Comment, Conflict, DocId,
    Document, Memo, Participant, Project, SavedQuery, Settings, SignOff, Snapshot, TextRange,
    Theme, Timestamp, TrailEntry, Turn,
};
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use std::io::{self, Read};
use std::sync::Arc;
use uuid::Uuid;

/// Lines of a reader, served from a buffer that is refilled in large pieces, hashing every byte
/// read (for the file's stamp).
struct Lines<R> {
    r: R,
    buf: Vec<u8>,
    at: usize,
    end: usize,
    eof: bool,
    hash: ContentHash,
    bytes: u64,
}

const PIECE: usize = 1 << 20;

impl<R: Read> Lines<R> {
    fn new(r: R) -> Self {
        Self {
            r,
            buf: vec![0; PIECE],
            at: 0,
            end: 0,
            eof: false,
            hash: ContentHash::default(),
            bytes: 0,
        }
    }

    /// The next line without its `\n`, `Ok(None)` at the end, `Err` on a read error. A line that
    /// is not UTF-8 comes back as `Some(None)`.
    fn next(&mut self) -> io::Result<Option<Option<&str>>> {
        loop {
            if let Some(nl) = memchr::memchr(b'\n', &self.buf[self.at..self.end]) {
                let (a, b) = (self.at, self.at + nl);
                self.at = b + 1;
                return Ok(Some(simdutf8::basic::from_utf8(&self.buf[a..b]).ok()));
            }
            if self.eof {
                if self.at < self.end {
                    let (a, b) = (self.at, self.end);
                    self.at = self.end;
                    return Ok(Some(simdutf8::basic::from_utf8(&self.buf[a..b]).ok()));
                }
                return Ok(None);
            }
            // Move the partial line to the front and read more after it.
            self.buf.copy_within(self.at..self.end, 0);
            self.end -= self.at;
            self.at = 0;
            if self.end == self.buf.len() {
                self.buf.resize(self.buf.len() * 2, 0);
            }
            let n = loop {
                match self.r.read(&mut self.buf[self.end..]) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(e),
                }
            };
            self.hash.update(&self.buf[self.end..self.end + n]);
            self.bytes += n as u64;
            self.end += n;
            self.eof = n == 0;
        }
    }

    /// Reads the rest, so that the hash covers the whole file.
    fn finish(mut self) -> io::Result<(u64, u64)> {
        if !self.eof {
            let mut rest = Vec::new();
            self.r.read_to_end(&mut rest)?;
            self.hash.update(&rest);
            self.bytes += rest.len() as u64;
        }
        Ok((self.bytes, self.hash.finish()))
    }
}

/// What [`read`] gives: the project (not yet upgraded or indexed), its format version, and the
/// file's size and content hash.
pub struct FastRead {
    pub version: u32,
    pub project: Project,
    pub size: u64,
    pub hash: u64,
}

/// Reads a file in Gloss's own layout; `Ok(None)` when it departs from it (see the module
/// documentation). `Err` only for a failed read.
pub fn read(r: impl Read) -> io::Result<Option<FastRead>> {
    let mut lines = Lines::new(r);
    let parsed = parse(&mut lines)?;
    let (size, hash) = lines.finish()?;
    Ok(parsed.map(|(version, project)| FastRead {
        version,
        project,
        size,
        hash,
    }))
}

/// `?` for "not our layout": leaves [`parse`] with `Ok(None)`.
macro_rules! ours {
    ($e:expr) => {
        match $e {
            Some(v) => v,
            None => return Ok(None),
        }
    };
}

/// The next line, if it is UTF-8, given to `f`.
fn line<R: Read, T>(
    lines: &mut Lines<R>,
    f: impl FnOnce(&str) -> Option<T>,
) -> io::Result<Option<T>> {
    Ok(match lines.next()? {
        Some(Some(l)) => f(l),
        _ => None,
    })
}

/// The comment lines, the opening parenthesis, the format version and the project's name.
fn head<R: Read>(lines: &mut Lines<R>) -> io::Result<Option<(u32, String)>> {
    // Comment lines, then the opening parenthesis.
    loop {
        let kind = ours!(line(lines, |l| Some(if l.starts_with("//") {
            0
        } else if l == "(" {
            1
        } else {
            2
        }))?);
        match kind {
            0 => continue,
            1 => break,
            _ => return Ok(None),
        }
    }
    let version: u32 = ours!(line(lines, |l| l
        .strip_prefix("    format_version: ")?
        .strip_suffix(',')?
        .parse()
        .ok())?);
    ours!(line(lines, |l| (l == "    project: (").then_some(()))?);
    let name: String = ours!(line(lines, |l| ron_value(
        l.strip_prefix("        name: ")?.strip_suffix(',')?
    ))?);
    Ok(Some((version, name)))
}

fn parse<R: Read>(lines: &mut Lines<R>) -> io::Result<Option<(u32, Project)>> {
    let (version, name) = ours!(head(lines)?);
    let coders: Vec<Coder> = ours!(ron_list(lines, "        ", "coders")?);
    let participants: Vec<Participant> = ours!(ron_list(lines, "        ", "participants")?);
    // The turns, nearly all of the file, are read on a second thread: this one passes each
    // document's lines on and goes on reading (the codings among them).
    let (documents, rest) = std::thread::scope(|s| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<(Document, String)>(32);
        let worker = s.spawn(move || {
            let mut docs = Vec::new();
            let mut ok = true;
            for (mut doc, text) in rx {
                if !ok {
                    continue; // drain, so the reader never waits on a full channel
                }
                match text
                    .split_terminator('\n')
                    .map(turn_line)
                    .collect::<Option<Vec<Turn>>>()
                {
                    Some(turns) => {
                        doc.set_turns(turns);
                        docs.push(Arc::new(doc));
                    }
                    None => ok = false,
                }
            }
            ok.then_some(docs)
        });
        let rest = rest_of_file(lines, tx);
        (worker.join().ok().flatten(), rest)
    });
    let (codes, themes, codings, tail) = ours!(rest?);
    let documents = ours!(documents);
    let mut project = Project::named(&name);
    project.coders = coders;
    project.participants = participants;
    project.documents = documents;
    project.codes = codes;
    project.themes = themes;
    project.codings = codings.into();
    project.attributes = tail.attributes;
    project.memos = tail.memos;
    project.comments = tail.comments;
    project.signoffs = tail.signoffs;
    project.snapshots = tail.snapshots;
    project.queries = tail.queries;
    project.conflicts = tail.conflicts;
    project.settings = tail.settings;
    project.trail = tail.trail;
    Ok(Some((version, project)))
}

/// What format 3 added after the codings (comments, memos, snapshots, the trail, ...): small
/// beside the text and codings, so read through RON as one struct.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct Tail {
    attributes: Vec<AttributeDef>,
    memos: Vec<Memo>,
    comments: Vec<Comment>,
    signoffs: Vec<SignOff>,
    snapshots: Vec<Snapshot>,
    queries: Vec<SavedQuery>,
    conflicts: Vec<Conflict>,
    settings: Settings,
    trail: Vec<TrailEntry>,
}

/// Everything after the codings up to the project's closing line, through RON, except the
/// audit trail: one entry a line, read by hand (a long trail is most of the tail).
fn tail<R: Read>(lines: &mut Lines<R>) -> io::Result<Option<Tail>> {
    let mut text = String::from("(");
    let mut trail: Option<Vec<TrailEntry>> = None;
    let mut in_trail = false;
    loop {
        // 0: go on, 1: the end of the project, 2: a trail line that cannot be read.
        let step = ours!(line(lines, |l| {
            if in_trail {
                if l == "        ]," {
                    in_trail = false;
                } else {
                    let item = l.strip_prefix("            ")?.strip_suffix(',')?;
                    match trail_entry(item).or_else(|| ron_value(item)) {
                        Some(e) => trail.get_or_insert_with(Vec::new).push(e),
                        None => return Some(2),
                    }
                }
                Some(0)
            } else if l == "    )," {
                Some(1)
            } else if l == "        trail: [" {
                in_trail = true;
                trail.get_or_insert_with(Vec::new);
                Some(0)
            } else {
                text.push_str(l);
                text.push('\n');
                Some(0)
            }
        })?);
        match step {
            0 => {}
            1 => break,
            _ => return Ok(None),
        }
    }
    let mut tail = if text.len() == 1 {
        Tail::default()
    } else {
        text.push(')');
        ours!(ron_value::<Tail>(&text))
    };
    if let Some(trail) = trail {
        if !tail.trail.is_empty() {
            return Ok(None); // two trail lists: RON says what is wrong
        }
        tail.trail = trail;
    }
    Ok(Some(tail))
}

/// One audit trail entry's line, from the project file or the trail file (see
/// [`super::trail`]): the layout's own line read by hand, anything else by RON.
pub(super) fn trail_line(item: &str) -> Option<TrailEntry> {
    trail_entry(item).or_else(|| ron_value(item))
}

/// One audit trail entry as the layout writes it: `(id: "…", time: N, coder: "…", author: S,
/// label: S, kind: S[, change: S][, undo: S])`. Its line is kept with it, so saving the project
/// again does not write the entry out anew.
fn trail_entry(item: &str) -> Option<TrailEntry> {
    let mut at = Cursor(item.strip_prefix('(')?.strip_suffix(')')?);
    at.eat("id: ")?;
    let id = crate::model::EntryId(at.uuid()?);
    at.eat(", time: ")?;
    let time = Timestamp(i64::try_from(at.number()?).ok()?);
    at.eat(", coder: ")?;
    let coder = CoderId(at.uuid()?);
    at.eat(", author: ")?;
    let author = at.string()?;
    at.eat(", label: ")?;
    let label = at.string()?;
    at.eat(", kind: ")?;
    let kind = at.string()?;
    let mut change = "";
    let mut undo = "";
    if at.0.starts_with(", change: ") {
        at.eat(", change: ")?;
        change = at.string()?;
    }
    if at.0.starts_with(", undo: ") {
        at.eat(", undo: ")?;
        undo = at.string()?;
    }
    if !at.0.is_empty() {
        return None;
    }
    let mut e = TrailEntry::new(
        time,
        coder,
        author,
        label,
        kind,
        change.to_owned(),
        undo.to_owned(),
    );
    e.id = id;
    let _ = e.line(|_| Ok::<_, ()>(item.to_owned()));
    Some(e)
}

/// The documents (handed to `tx` one by one, their turns unread), then everything after them.
#[allow(clippy::type_complexity)]
fn rest_of_file<R: Read>(
    lines: &mut Lines<R>,
    tx: std::sync::mpsc::SyncSender<(Document, String)>,
) -> io::Result<Option<(Vec<Code>, Vec<Theme>, BTreeMap<CodingId, Coding>, Tail)>> {
    ours!(documents(lines, &tx)?);
    drop(tx);
    let codes: Vec<Code> = ours!(ron_list(lines, "        ", "codes")?);
    let themes: Vec<Theme> = ours!(ron_list(lines, "        ", "themes")?);
    let codings = ours!(codings(lines)?);
    let tail = ours!(tail(lines)?);
    ours!(line(lines, |l| (l == ")").then_some(()))?);
    // Only blank lines may follow.
    while let Some(l) = lines.next()? {
        if !l.is_some_and(|l| l.trim().is_empty()) {
            return Ok(None);
        }
    }
    Ok(Some((codes, themes, codings, tail)))
}

fn ron_value<T: DeserializeOwned>(text: &str) -> Option<T> {
    ron::from_str(text).ok()
}

/// A list written by `layout::list`: `NAME: [],` or `NAME: [` with one item a line and `],`.
fn ron_list<R: Read, T: DeserializeOwned>(
    lines: &mut Lines<R>,
    indent: &str,
    name: &str,
) -> io::Result<Option<Vec<T>>> {
    let open = format!("{indent}{name}: [");
    let first = ours!(line(lines, |l| Some(if l == format!("{open}],") {
        None
    } else if l == open {
        Some(())
    } else {
        return None;
    }))?);
    if first.is_none() {
        return Ok(Some(Vec::new()));
    }
    let close = format!("{indent}],");
    let mut text = String::from("[");
    loop {
        let done = ours!(line(lines, |l| {
            if l == close {
                Some(true)
            } else {
                text.push_str(l);
                text.push('\n');
                Some(false)
            }
        })?);
        if done {
            break;
        }
    }
    text.push(']');
    Ok(ron_value(&text))
}

/// Reads the documents' heads and passes each, with its turn lines, to `tx`.
fn documents<R: Read>(
    lines: &mut Lines<R>,
    tx: &std::sync::mpsc::SyncSender<(Document, String)>,
) -> io::Result<Option<()>> {
    if ours!(documents_open(lines)?) {
        return Ok(Some(()));
    }
    while let Some(doc) = ours!(document(lines)?) {
        if tx.send(doc).is_err() {
            return Ok(None); // the turn reader gave up on a line that is not in the layout
        }
    }
    Ok(Some(()))
}

/// The line opening the documents: whether the list is empty.
fn documents_open<R: Read>(lines: &mut Lines<R>) -> io::Result<Option<bool>> {
    line(lines, |l| {
        if l == "        documents: []," {
            Some(true)
        } else {
            (l == "        documents: [").then_some(false)
        }
    })
}

/// The next document of the list (its turns' lines unread), `Some(None)` at the list's end.
#[allow(clippy::type_complexity)]
fn document<R: Read>(lines: &mut Lines<R>) -> io::Result<Option<Option<(Document, String)>>> {
    let next = ours!(line(lines, |l| match l {
        "            (" => Some(true),
        "        ]," => Some(false),
        _ => None,
    })?);
    if !next {
        return Ok(Some(None));
    }
    // The head: every line up to the turns, given to RON with an empty list of turns.
    let mut head = String::from("(");
    let turns_empty = loop {
        let step = ours!(line(lines, |l| {
            let field = l.strip_prefix("                ")?;
            if field == "turns: []," {
                Some(Some(true))
            } else if field == "turns: [" {
                Some(Some(false))
            } else if field.starts_with(' ') {
                None
            } else {
                head.push_str(field);
                head.push('\n');
                Some(None)
            }
        })?);
        if let Some(empty) = step {
            break empty;
        }
    };
    head.push_str("turns: [])");
    let doc: Document = ours!(ron_value(&head));
    let mut turns = String::new();
    if !turns_empty {
        loop {
            let done = ours!(line(lines, |l| {
                if l == "                ]," {
                    return Some(true);
                }
                turns.push_str(l);
                turns.push('\n');
                Some(false)
            })?);
            if done {
                break;
            }
        }
    }
    ours!(line(lines, |l| (l == "            ),").then_some(()))?);
    Ok(Some(Some((doc, turns))))
}

/// A first look at a file in Gloss's layout, read only as far as its first document: the
/// project's name, coders, participants and first document (no codes, themes or codings, which
/// come after all documents). Lets the window show a large project at once while the whole file
/// is read. `Ok(None)` when the file departs from the layout.
pub fn preview(r: impl Read) -> io::Result<Option<(u32, Project)>> {
    let mut lines = Lines::new(r);
    let lines = &mut lines;
    let (version, name) = ours!(head(lines)?);
    let coders: Vec<Coder> = ours!(ron_list(lines, "        ", "coders")?);
    let participants: Vec<Participant> = ours!(ron_list(lines, "        ", "participants")?);
    let mut project = Project::named(&name);
    project.coders = coders;
    project.participants = participants;
    if !ours!(documents_open(lines)?)
        && let Some((mut doc, text)) = ours!(document(lines)?)
    {
        let turns = ours!(
            text.split_terminator('\n')
                .map(turn_line)
                .collect::<Option<Vec<Turn>>>()
        );
        doc.set_turns(turns);
        project.documents.push(Arc::new(doc));
    }
    Ok(Some((version, project)))
}

/// One line of a document's turns (on the turn-reading thread).
fn turn_line(l: &str) -> Option<Turn> {
    turn(
        l.strip_prefix("                    (")?
            .strip_suffix("),")?,
    )
}

/// `speaker: Some("A"), time: Some("00:01"), text: "..."` (time optional; speaker may be None).
fn turn(item: &str) -> Option<Turn> {
    let mut at = Cursor(item);
    at.eat("speaker: ")?;
    let speaker = at.option_string()?;
    at.eat(", ")?;
    let time = if at.0.starts_with("time: ") {
        at.eat("time: ")?;
        let t = at.option_string()?;
        at.eat(", ")?;
        Some(t?)
    } else {
        None
    };
    at.eat("text: ")?;
    let text = at.string()?;
    at.0.is_empty().then_some(Turn {
        speaker: speaker.map(std::sync::Arc::from),
        time: time.map(Box::from),
        text: text.to_owned(),
    })
}

fn codings<R: Read>(lines: &mut Lines<R>) -> io::Result<Option<BTreeMap<CodingId, Coding>>> {
    let empty = ours!(line(lines, |l| match l {
        "        codings: []," => Some(true),
        "        codings: [" => Some(false),
        _ => None,
    })?);
    let mut list: Vec<Coding> = Vec::new();
    let mut last: Option<CodingId> = None;
    if !empty {
        loop {
            let c = ours!(line(lines, |l| {
                if l == "        ]," {
                    return Some(None);
                }
                let item = l.strip_prefix("            (")?.strip_suffix("),")?;
                Some(Some(coding(item)?))
            })?);
            let Some(c) = c else {
                break;
            };
            // The writer puts codings in id order; out of order or a repeated id: let RON and
            // validation say so.
            if last.is_some_and(|l| l >= c.id) {
                return Ok(None);
            }
            last = Some(c.id);
            list.push(c);
        }
    }
    // In id order, so the map is built in one pass (inserting one by one costs five times as
    // much).
    Ok(Some(list.into_iter().map(|c| (c.id, c)).collect()))
}

/// `id: "…", document: "…", code: "…", range: (start: N, end: N), coder: "…", created: N`.
fn coding(item: &str) -> Option<Coding> {
    let mut at = Cursor(item);
    at.eat("id: ")?;
    let id = CodingId(at.uuid()?);
    at.eat(", document: ")?;
    let document = DocId(at.uuid()?);
    at.eat(", code: ")?;
    let code = CodeId(at.uuid()?);
    at.eat(", range: (start: ")?;
    let start = at.number()?;
    at.eat(", end: ")?;
    let end = at.number()?;
    at.eat("), coder: ")?;
    let coder = CoderId(at.uuid()?);
    at.eat(", created: ")?;
    let created: i64 = at.0.parse().ok()?;
    Some(Coding {
        id,
        document,
        code,
        range: TextRange { start, end },
        coder,
        created: Timestamp(created),
    })
}

/// A UUID in the hyphenated form Gloss writes (`8-4-4-4-12` hex digits), read without the general
/// parser's checks for other forms (four per coding line add up in a large file).
fn hyphenated(s: &str) -> Option<Uuid> {
    let b = s.as_bytes();
    if b.len() != 36 || b[8] != b'-' || b[13] != b'-' || b[18] != b'-' || b[23] != b'-' {
        return None;
    }
    // Hex digit values by byte, 0xff for anything else: a table look-up a digit (a project
    // file holds four ids per coding, so this is a good part of reading the codings).
    const HEX: [u8; 256] = {
        let mut t = [0xffu8; 256];
        let mut i = 0;
        while i < 10 {
            t[b'0' as usize + i] = i as u8;
            i += 1;
        }
        let mut i = 0;
        while i < 6 {
            t[b'a' as usize + i] = 10 + i as u8;
            t[b'A' as usize + i] = 10 + i as u8;
            i += 1;
        }
        t
    };
    let mut v: u128 = 0;
    let mut bad = 0u8;
    for group in [&b[0..8], &b[9..13], &b[14..18], &b[19..23], &b[24..36]] {
        for &c in group {
            let d = HEX[c as usize];
            bad |= d;
            v = (v << 4) | u128::from(d & 0x0f);
        }
    }
    (bad & 0xf0 == 0).then(|| Uuid::from_u128(v))
}

/// The unread rest of an item.
struct Cursor<'a>(&'a str);

impl<'a> Cursor<'a> {
    fn eat(&mut self, s: &str) -> Option<()> {
        self.0 = self.0.strip_prefix(s)?;
        Some(())
    }

    /// A string as the layout writes it: `"..."` holding no quote or backslash (so no escapes),
    /// or a raw string `r#"..."#` with enough hashes.
    fn string(&mut self) -> Option<&'a str> {
        let s = self.0;
        if let Some(rest) = s.strip_prefix('"') {
            // The closing quote, unless a backslash comes first: an escape, which only RON
            // reads right.
            let end = memchr::memchr2(b'"', b'\\', rest.as_bytes())?;
            if rest.as_bytes()[end] != b'"' {
                return None;
            }
            self.0 = &rest[end + 1..];
            return Some(&rest[..end]);
        }
        let rest = s.strip_prefix('r')?;
        let hashes = rest.bytes().take_while(|&b| b == b'#').count();
        let rest = rest[hashes..].strip_prefix('"')?;
        let close = format!("\"{}", &s[1..1 + hashes]);
        let end = rest.find(&close)?;
        self.0 = &rest[end + close.len()..];
        Some(&rest[..end])
    }

    /// `None` or `Some(<string>)`: the outer option is "read", the inner the value.
    fn option_string(&mut self) -> Option<Option<&'a str>> {
        if let Some(rest) = self.0.strip_prefix("None") {
            self.0 = rest;
            return Some(None);
        }
        self.eat("Some(")?;
        let s = self.string()?;
        self.eat(")")?;
        Some(Some(s))
    }

    fn uuid(&mut self) -> Option<Uuid> {
        let s = self.string()?;
        hyphenated(s).or_else(|| Uuid::try_parse(s).ok())
    }

    fn number(&mut self) -> Option<usize> {
        let digits = self.0.bytes().take_while(u8::is_ascii_digit).count();
        let n = self.0[..digits].parse().ok()?;
        self.0 = &self.0[digits..];
        Some(n)
    }
}

#[cfg(test)]
mod tests;
