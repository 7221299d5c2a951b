//! `project.qde` as plain data: the element tree read into users, codes, sources, notes, sets,
//! cases and variables, with every GUID parsed and checked for duplicates. References are left
//! as GUIDs; [`super::read`] resolves them and reports the dangling ones.

use super::xml::Element;
use crate::model::Timestamp;
use std::collections::BTreeMap;
use uuid::Uuid;

/// A `<User>`.
#[derive(Debug, Clone)]
pub struct User {
    pub guid: Uuid,
    pub name: String,
}

/// A `<Code>`, flattened in document order with its parent.
#[derive(Debug, Clone)]
pub struct Code {
    pub guid: Uuid,
    pub name: String,
    pub color: Option<String>,
    pub description: String,
    pub parent: Option<Uuid>,
    pub notes: Vec<Uuid>,
}

/// A `<Coding>`: a code applied to a selection (or a whole source).
#[derive(Debug, Clone)]
pub struct Coding {
    pub guid: Uuid,
    pub code: Uuid,
    pub creator: Option<Uuid>,
    pub created: Option<Timestamp>,
}

/// A `<PlainTextSelection>`.
#[derive(Debug, Clone)]
pub struct Selection {
    pub name: String,
    pub start: i64,
    pub end: i64,
    pub creator: Option<Uuid>,
    pub created: Option<Timestamp>,
    pub codings: Vec<Coding>,
    pub notes: Vec<Uuid>,
}

/// What kind of source an element describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    Text,
    Pdf,
    Picture,
    Audio,
    Video,
}

impl SourceKind {
    pub fn label(self) -> &'static str {
        match self {
            SourceKind::Text => "text",
            SourceKind::Pdf => "PDF",
            SourceKind::Picture => "picture",
            SourceKind::Audio => "audio",
            SourceKind::Video => "video",
        }
    }
}

/// A source of any kind. Only text sources carry text and selections here.
#[derive(Debug, Clone)]
pub struct Source {
    pub guid: Uuid,
    pub kind: SourceKind,
    pub name: String,
    pub plain_text_path: Option<String>,
    pub content: Option<String>,
    pub created: Option<Timestamp>,
    pub selections: Vec<Selection>,
    /// Selections on a non-text source (counted for the summary).
    pub other_selections: usize,
    /// Codings of the whole source rather than a selection (counted for the summary).
    pub whole_codings: usize,
    pub notes: Vec<Uuid>,
    pub values: Vec<(Uuid, String)>,
}

/// A `<Note>`.
#[derive(Debug, Clone)]
pub struct Note {
    pub guid: Uuid,
    pub name: String,
    pub text: Option<String>,
}

/// A `<Set>`.
#[derive(Debug, Clone)]
pub struct Set {
    pub guid: Uuid,
    pub name: String,
    pub description: String,
    pub codes: Vec<Uuid>,
    pub sources: Vec<Uuid>,
    pub notes: Vec<Uuid>,
}

/// A `<Variable>`.
#[derive(Debug, Clone)]
pub struct Variable {
    pub guid: Uuid,
    pub name: String,
}

/// A `<Case>`.
#[derive(Debug, Clone)]
pub struct Case {
    pub guid: Uuid,
    pub name: String,
    pub values: Vec<(Uuid, String)>,
    pub sources: Vec<Uuid>,
}

/// Everything Gloss reads from `project.qde`.
#[derive(Debug, Clone, Default)]
pub struct Qde {
    pub name: String,
    pub origin: String,
    pub users: Vec<User>,
    pub codes: Vec<Code>,
    pub variables: Vec<Variable>,
    pub cases: Vec<Case>,
    pub sources: Vec<Source>,
    pub notes: Vec<Note>,
    pub sets: Vec<Set>,
    pub links: usize,
    pub graphs: usize,
    pub project_notes: Vec<Uuid>,
}

/// Parses a GUID as REFI writes them: any case, with or without braces.
pub fn parse_guid(s: &str) -> Option<Uuid> {
    let s = s.trim();
    let s = s
        .strip_prefix('{')
        .and_then(|s| s.strip_suffix('}'))
        .unwrap_or(s);
    if s.len() != 36 {
        return None;
    }
    Uuid::parse_str(s).ok()
}

/// Milliseconds since 1970 of an `xsd:dateTime` (`2025-06-11T16:31:16Z`, fractions and offsets
/// allowed; no offset is read as UTC).
pub fn parse_datetime(s: &str) -> Option<Timestamp> {
    let s = s.trim();
    let (date, time) = s.split_once('T')?;
    let mut d = date.splitn(3, '-');
    let y: i64 = d.next()?.parse().ok()?;
    let m: i64 = d.next()?.parse().ok()?;
    let day: i64 = d.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&day) {
        return None;
    }
    let (clock, offset_min) = if let Some(c) = time.strip_suffix('Z') {
        (c, 0)
    } else if let Some(i) = time.rfind(['+', '-']).filter(|&i| i >= 8) {
        let (c, off) = time.split_at(i);
        let sign = if off.starts_with('-') { -1 } else { 1 };
        let (oh, om) = off[1..].split_once(':')?;
        (
            c,
            sign * (oh.parse::<i64>().ok()? * 60 + om.parse::<i64>().ok()?),
        )
    } else {
        (time, 0)
    };
    let mut t = clock.splitn(3, ':');
    let hh: i64 = t.next()?.parse().ok()?;
    let mm: i64 = t.next()?.parse().ok()?;
    let sec = t.next()?;
    let (ss, frac) = sec.split_once('.').unwrap_or((sec, ""));
    let ss: i64 = ss.parse().ok()?;
    let ms: i64 = frac
        .chars()
        .chain("000".chars())
        .take(3)
        .collect::<String>()
        .parse()
        .ok()?;
    // Days from civil (H. Hinnant).
    let y2 = if m <= 2 { y - 1 } else { y };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let secs = days * 86_400 + hh * 3600 + mm * 60 + ss - offset_min * 60;
    Some(Timestamp(secs.checked_mul(1000)?.checked_add(ms)?))
}

/// Reads the tree and checks GUIDs (well-formed, unique).
pub struct Reader {
    seen: BTreeMap<Uuid, String>,
}

impl Reader {
    fn guid(&mut self, el: &Element) -> Result<Uuid, String> {
        let raw = el.attr("guid").ok_or_else(|| {
            format!(
                "has a <{}> without the guid attribute REFI-QDA requires",
                el.name
            )
        })?;
        let guid = parse_guid(raw)
            .ok_or_else(|| format!("has a <{}> whose guid \"{raw}\" is not a GUID", el.name))?;
        let what = format!("<{}{}>", el.name, named(el));
        if let Some(first) = self.seen.insert(guid, what.clone()) {
            return Err(format!(
                "uses the GUID {raw} twice (for {first} and {what}); GUIDs must be unique"
            ));
        }
        Ok(guid)
    }

    fn target(&self, el: &Element) -> Result<Uuid, String> {
        let raw = el.attr("targetGUID").unwrap_or_default();
        parse_guid(raw).ok_or_else(|| {
            format!(
                "has a <{}> whose targetGUID \"{raw}\" is not a GUID",
                el.name
            )
        })
    }

    fn targets(&self, el: &Element, name: &str) -> Result<Vec<Uuid>, String> {
        el.children_named(name).map(|c| self.target(c)).collect()
    }

    fn code(
        &mut self,
        el: &Element,
        parent: Option<Uuid>,
        out: &mut Vec<Code>,
    ) -> Result<(), String> {
        let guid = self.guid(el)?;
        out.push(Code {
            guid,
            name: el.attr("name").unwrap_or_default().to_owned(),
            color: el.attr("color").map(str::to_owned),
            description: el.child_text("Description").unwrap_or_default().to_owned(),
            parent,
            notes: self.targets(el, "NoteRef")?,
        });
        for child in el.children_named("Code") {
            self.code(child, Some(guid), out)?;
        }
        Ok(())
    }

    fn coding(&mut self, el: &Element) -> Result<Coding, String> {
        let guid = self.guid(el)?;
        let code = el
            .child("CodeRef")
            .ok_or_else(|| format!("has a <Coding> ({guid}) without a <CodeRef>"))
            .and_then(|r| self.target(r))?;
        Ok(Coding {
            guid,
            code,
            creator: el.attr("creatingUser").and_then(parse_guid),
            created: el.attr("creationDateTime").and_then(parse_datetime),
        })
    }

    fn values(&self, el: &Element) -> Result<Vec<(Uuid, String)>, String> {
        let mut out = Vec::new();
        for v in el.children_named("VariableValue") {
            let Some(r) = v.child("VariableRef") else {
                continue;
            };
            let var = self.target(r)?;
            let value = v
                .children
                .iter()
                .find(|c| c.name.ends_with("Value"))
                .map(|c| c.text.clone())
                .unwrap_or_default();
            out.push((var, value));
        }
        Ok(out)
    }

    fn source(&mut self, el: &Element) -> Result<Source, String> {
        let kind = match el.name.as_str() {
            "TextSource" => SourceKind::Text,
            "PDFSource" => SourceKind::Pdf,
            "PictureSource" => SourceKind::Picture,
            "AudioSource" => SourceKind::Audio,
            _ => SourceKind::Video,
        };
        let guid = self.guid(el)?;
        let mut selections = Vec::new();
        let mut other = 0;
        let whole_codings = el.children_named("Coding").count();
        for child in &el.children {
            match child.name.as_str() {
                "PlainTextSelection" if kind == SourceKind::Text => {
                    let sguid = self.guid(child)?;
                    let pos = |a: &str| -> Result<i64, String> {
                        let raw = child.attr(a).unwrap_or_default();
                        raw.trim().parse().map_err(|_| {
                            format!("has a <PlainTextSelection> ({sguid}) whose {a} \"{raw}\" is not a number")
                        })
                    };
                    let (start, end) = (pos("startPosition")?, pos("endPosition")?);
                    let mut codings = Vec::new();
                    for c in child.children_named("Coding") {
                        codings.push(self.coding(c)?);
                    }
                    selections.push(Selection {
                        name: child.attr("name").unwrap_or_default().to_owned(),
                        start,
                        end,
                        creator: child.attr("creatingUser").and_then(parse_guid),
                        created: child.attr("creationDateTime").and_then(parse_datetime),
                        codings,
                        notes: self.targets(child, "NoteRef")?,
                    });
                }
                n if n.ends_with("Selection") => {
                    // Register their GUIDs so duplicates are still caught.
                    self.guid(child)?;
                    other += 1;
                }
                _ => {}
            }
        }
        Ok(Source {
            guid,
            kind,
            name: el.attr("name").unwrap_or_default().to_owned(),
            plain_text_path: el.attr("plainTextPath").map(str::to_owned),
            content: el.child_text("PlainTextContent").map(str::to_owned),
            created: el.attr("creationDateTime").and_then(parse_datetime),
            selections,
            other_selections: other,
            whole_codings,
            notes: self.targets(el, "NoteRef")?,
            values: self.values(el)?,
        })
    }
}

fn named(el: &Element) -> String {
    el.attr("name")
        .map(|n| format!(" \"{}\"", n.chars().take(40).collect::<String>()))
        .unwrap_or_default()
}

/// Namespaces REFI-QDA projects are written with in the wild (and none at all).
fn known_namespace(ns: Option<&str>) -> bool {
    match ns {
        None | Some("") => true,
        Some(ns) => ns.starts_with("urn:QDA-XML:project:"),
    }
}

/// Reads the root `<Project>` element.
pub fn read(root: &Element) -> Result<Qde, String> {
    if root.name != "Project" {
        return Err(format!(
            "has the root element <{}>, not REFI-QDA's <Project>",
            root.name
        ));
    }
    if !known_namespace(root.namespace.as_deref()) {
        return Err(format!(
            "uses the XML namespace \"{}\", not REFI-QDA's urn:QDA-XML:project:1.0",
            root.namespace.as_deref().unwrap_or_default()
        ));
    }
    let mut r = Reader {
        seen: BTreeMap::new(),
    };
    let mut q = Qde {
        name: root.attr("name").unwrap_or_default().to_owned(),
        origin: root.attr("origin").unwrap_or_default().to_owned(),
        ..Qde::default()
    };
    for el in &root.children {
        match el.name.as_str() {
            "Users" => {
                for u in el.children_named("User") {
                    q.users.push(User {
                        guid: r.guid(u)?,
                        name: u.attr("name").unwrap_or_default().to_owned(),
                    });
                }
            }
            "CodeBook" => {
                for codes in el.children_named("Codes") {
                    for c in codes.children_named("Code") {
                        r.code(c, None, &mut q.codes)?;
                    }
                }
            }
            "Variables" => {
                for v in el.children_named("Variable") {
                    q.variables.push(Variable {
                        guid: r.guid(v)?,
                        name: v.attr("name").unwrap_or_default().to_owned(),
                    });
                }
            }
            "Cases" => {
                for c in el.children_named("Case") {
                    q.cases.push(Case {
                        guid: r.guid(c)?,
                        name: c.attr("name").unwrap_or_default().to_owned(),
                        values: r.values(c)?,
                        sources: r.targets(c, "SourceRef")?,
                    });
                }
            }
            "Sources" => {
                for s in &el.children {
                    if matches!(
                        s.name.as_str(),
                        "TextSource"
                            | "PDFSource"
                            | "PictureSource"
                            | "AudioSource"
                            | "VideoSource"
                    ) {
                        let source = r.source(s)?;
                        q.sources.push(source);
                    }
                }
            }
            "Notes" => {
                for n in el.children_named("Note") {
                    q.notes.push(Note {
                        guid: r.guid(n)?,
                        name: n.attr("name").unwrap_or_default().to_owned(),
                        text: n.child_text("PlainTextContent").map(str::to_owned),
                    });
                }
            }
            "Sets" => {
                for s in el.children_named("Set") {
                    q.sets.push(Set {
                        guid: r.guid(s)?,
                        name: s.attr("name").unwrap_or_default().to_owned(),
                        description: s.child_text("Description").unwrap_or_default().to_owned(),
                        codes: r.targets(s, "MemberCode")?,
                        sources: r.targets(s, "MemberSource")?,
                        notes: r.targets(s, "MemberNote")?,
                    });
                }
            }
            "Links" => q.links += el.children_named("Link").count(),
            "Graphs" => q.graphs += el.children_named("Graph").count(),
            "NoteRef" => q.project_notes.push(r.target(el)?),
            _ => {}
        }
    }
    Ok(q)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guids_in_every_spelling() {
        let want = parse_guid("088b08ac-d5cd-4adb-8b71-b4f3459c177f");
        assert!(want.is_some());
        assert_eq!(parse_guid("088B08AC-D5CD-4ADB-8B71-B4F3459C177F"), want);
        assert_eq!(parse_guid("{088B08AC-D5CD-4ADB-8B71-B4F3459C177F}"), want);
        assert_eq!(parse_guid("088B08ACD5CD4ADB8B71B4F3459C177F"), None);
        assert_eq!(parse_guid("nonsense"), None);
    }

    #[test]
    fn datetimes_round_trip_with_gloss_timestamps() {
        for ms in [0i64, 951_782_400_000, 1_795_000_000_000, 1_749_659_476_000] {
            let t = Timestamp(ms);
            assert_eq!(parse_datetime(&t.to_iso8601()), Some(t));
        }
        assert_eq!(
            parse_datetime("2025-06-11T18:31:16+02:00"),
            parse_datetime("2025-06-11T16:31:16Z")
        );
        assert_eq!(
            parse_datetime("2025-06-11T16:31:16.250Z").map(|t| t.0 % 1000),
            Some(250)
        );
        assert_eq!(parse_datetime("yesterday"), None);
    }
}
