//! A small element tree for REFI-QDA files. The files are at most a few megabytes of XML, and a
//! tree keeps the reader's logic plain (look up children, resolve references afterwards).
//!
//! Safety: a `<!DOCTYPE>` is refused outright, so no entity can be declared, expanded or fetched
//! (quick-xml never fetches external entities, but refusing the declaration also rules out
//! "billion laughs" expansion). Only the five predefined entities and character references are
//! understood. Nesting is limited so hostile input cannot exhaust the stack.

use quick_xml::Reader;
use quick_xml::events::{BytesRef, BytesStart, Event};

/// The deepest nesting accepted (real projects nest codes a dozen levels at most).
const MAX_DEPTH: usize = 512;

/// One element: its local name (namespace prefix dropped), namespace URI, attributes, text and
/// children in order.
#[derive(Debug, Default, Clone)]
pub struct Element {
    pub name: String,
    pub namespace: Option<String>,
    pub attrs: Vec<(String, String)>,
    pub text: String,
    pub children: Vec<Element>,
}

impl Element {
    /// The attribute `name` (local name, exact case).
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Children named `name`.
    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The first child named `name`.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    /// The text of the first child named `name`, if present.
    pub fn child_text(&self, name: &str) -> Option<&str> {
        self.child(name).map(|c| c.text.as_str())
    }
}

fn local(name: &[u8]) -> String {
    let name = String::from_utf8_lossy(name);
    match name.rsplit_once(':') {
        Some((_, l)) => l.to_owned(),
        None => name.into_owned(),
    }
}

fn entity(r: &BytesRef<'_>) -> Result<String, String> {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return Ok(c.to_string());
    }
    let name = r.decode().map_err(|e| e.to_string())?;
    Ok(match name.as_ref() {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        other => return Err(format!("uses the undeclared entity &{other};")),
    }
    .to_owned())
}

/// Parses `text` into its root element. Errors say what is wrong and where (byte offset).
pub fn parse(text: &str) -> Result<Element, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    // Namespace declarations in scope: (prefix, uri, depth declared at).
    let mut scopes: Vec<(String, String, usize)> = Vec::new();
    loop {
        let at = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|e| format!("is not well-formed XML near byte {at}: {e}"))?;
        match event {
            Event::DocType(_) => {
                return Err(
                    "declares a DOCTYPE; REFI-QDA files never need one, and Gloss refuses \
                     entity declarations (they can expand to gigabytes or read other files)"
                        .to_owned(),
                );
            }
            Event::Start(e) => open(&e, at, &mut stack, &mut scopes)?,
            Event::Empty(e) => {
                open(&e, at, &mut stack, &mut scopes)?;
                close(&mut stack, &mut root, &mut scopes)?;
            }
            Event::End(_) => close(&mut stack, &mut root, &mut scopes)?,
            Event::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    let s = t
                        .xml10_content()
                        .map_err(|e| format!("has text it cannot decode near byte {at}: {e}"))?;
                    top.text.push_str(&s);
                }
            }
            Event::CData(t) => {
                if let Some(top) = stack.last_mut() {
                    let s = t
                        .xml10_content()
                        .map_err(|e| format!("has text it cannot decode near byte {at}: {e}"))?;
                    top.text.push_str(&s);
                }
            }
            Event::GeneralRef(r) => {
                let s = entity(&r).map_err(|e| format!("{e} (near byte {at})"))?;
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&s);
                }
            }
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
        }
    }
    if !stack.is_empty() {
        return Err("ends before its elements are closed (it may be truncated)".to_owned());
    }
    root.ok_or_else(|| "holds no XML element".to_owned())
}

fn open(
    e: &BytesStart<'_>,
    at: u64,
    stack: &mut Vec<Element>,
    scopes: &mut Vec<(String, String, usize)>,
) -> Result<(), String> {
    let depth = stack.len();
    if depth >= MAX_DEPTH {
        return Err(format!("nests elements more than {MAX_DEPTH} deep"));
    }
    let mut el = Element {
        name: local(e.name().as_ref()),
        ..Element::default()
    };
    for a in e.attributes() {
        let a = a.map_err(|err| format!("has a broken attribute near byte {at}: {err}"))?;
        let key = String::from_utf8_lossy(a.key.as_ref()).into_owned();
        let value = a
            .normalized_value(quick_xml::XmlVersion::Explicit1_0)
            .map_err(|err| format!("has an attribute value it cannot read near byte {at}: {err}"))?
            .into_owned();
        if key == "xmlns" {
            scopes.push((String::new(), value, depth));
        } else if let Some(p) = key.strip_prefix("xmlns:") {
            scopes.push((p.to_owned(), value, depth));
        } else {
            el.attrs.push((local(key.as_bytes()), value));
        }
    }
    let qname = String::from_utf8_lossy(e.name().as_ref()).into_owned();
    let prefix = qname.rsplit_once(':').map(|(p, _)| p).unwrap_or("");
    el.namespace = scopes
        .iter()
        .rev()
        .find(|(p, _, _)| p == prefix)
        .map(|(_, u, _)| u.clone());
    stack.push(el);
    Ok(())
}

fn close(
    stack: &mut Vec<Element>,
    root: &mut Option<Element>,
    scopes: &mut Vec<(String, String, usize)>,
) -> Result<(), String> {
    let Some(el) = stack.pop() else {
        return Err("closes an element that was never opened".to_owned());
    };
    let depth = stack.len();
    scopes.retain(|(_, _, d)| *d < depth);
    match stack.last_mut() {
        Some(parent) => parent.children.push(el),
        None if root.is_none() => *root = Some(el),
        None => return Err("has more than one root element".to_owned()),
    }
    Ok(())
}
