//! Coding queries: Gloss's query language, shared by the Analysis workspace's query box and
//! `gloss query`.
//!
//! ```text
//! query     := expr [WHERE condition (AND condition)*]
//! expr      := term (OR term)*
//! term      := factor (AND factor)*
//! factor    := NOT factor | relation
//! relation  := atom [(OVERLAPS | SAME TURN | WITHIN n) atom]
//! atom      := "Code name" [ONLY] | ( expr )
//! condition := attribute (= | !=) value        (bare words or "quoted")
//! ```
//!
//! Keywords may be written in any case. A code stands for the text coded with it or with any code
//! below it in the codebook (`"Name" ONLY`: just that code). `AND`, `OR` and `NOT` combine text:
//! `"A" AND "B"` is the text coded with both, `"A" AND NOT "B"` the text coded with A and not with
//! B, `NOT "A"` all text not coded with A. The relations keep whole passages of their left side:
//! `"A" OVERLAPS "B"` the passages of A that overlap a passage of B, `"A" SAME TURN "B"` those that
//! share a speaker turn with one, `"A" WITHIN 2 "B"` those at most two paragraphs from one.
//! `WHERE` keeps the turns whose speaker (or, for an attribute the speaker lacks, whose
//! document) has the value: `role = nurse AND round != 2`. Values compare without regard to case;
//! `!=` is exactly the turns where `=` does not hold, so a turn with no value at all passes
//! `!=` (and fails `=`). Results are passages cut at speaker turns.

use super::passage::Place;
use super::regions::{Ranges, code_closure, coded};
use crate::model::{CodeId, Document, Project, TextRange};
use std::collections::BTreeSet;

/// A syntax or name error, with the 1-based column (in characters) where it was found.
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
#[error("column {column}: {message}")]
pub struct QueryError {
    pub column: usize,
    pub message: String,
}

fn err<T>(column: usize, message: impl Into<String>) -> Result<T, QueryError> {
    Err(QueryError {
        column,
        message: message.into(),
    })
}

/// How two code terms must stand to each other.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Relation {
    Overlaps,
    SameTurn,
    /// At most this many paragraphs apart.
    Within(usize),
}

/// A parsed expression.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Expr {
    Code {
        name: String,
        only: bool,
        column: usize,
    },
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    Relate {
        left: Box<Expr>,
        relation: Relation,
        right: Box<Expr>,
    },
}

/// One `WHERE` condition.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Condition {
    pub attribute: String,
    pub equal: bool,
    pub value: String,
    pub column: usize,
}

/// A parsed query.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Query {
    pub expr: Expr,
    pub conditions: Vec<Condition>,
}

#[derive(Clone, PartialEq, Eq, Debug)]
enum Tok {
    Str(String),
    Word(String),
    Open,
    Close,
    Eq,
    Ne,
    End,
}

impl Tok {
    fn describe(&self) -> String {
        match self {
            Tok::Str(s) => format!("\"{s}\""),
            Tok::Word(w) => format!("`{w}`"),
            Tok::Open => "`(`".into(),
            Tok::Close => "`)`".into(),
            Tok::Eq => "`=`".into(),
            Tok::Ne => "`!=`".into(),
            Tok::End => "the end".into(),
        }
    }

    fn is_kw(&self, kw: &str) -> bool {
        matches!(self, Tok::Word(w) if w.eq_ignore_ascii_case(kw))
    }
}

fn lex(src: &str) -> Result<Vec<(Tok, usize)>, QueryError> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let col = i + 1;
        match c {
            c if c.is_whitespace() => i += 1,
            '(' => {
                out.push((Tok::Open, col));
                i += 1;
            }
            ')' => {
                out.push((Tok::Close, col));
                i += 1;
            }
            '=' => {
                out.push((Tok::Eq, col));
                i += if chars.get(i + 1) == Some(&'=') { 2 } else { 1 };
            }
            '!' => {
                if chars.get(i + 1) == Some(&'=') {
                    out.push((Tok::Ne, col));
                    i += 2;
                } else {
                    return err(col, "expected `!=` (a lone `!` means nothing here)");
                }
            }
            '"' | '“' | '”' => {
                let mut s = String::new();
                i += 1;
                loop {
                    match chars.get(i) {
                        None => {
                            return err(col, "the double quote opened here is not closed");
                        }
                        Some('\\') if matches!(chars.get(i + 1), Some('"' | '\\')) => {
                            s.push(chars[i + 1]);
                            i += 2;
                        }
                        Some('"' | '“' | '”') => {
                            i += 1;
                            break;
                        }
                        Some(&c) => {
                            s.push(c);
                            i += 1;
                        }
                    }
                }
                out.push((Tok::Str(s), col));
            }
            _ => {
                let mut s = String::new();
                while let Some(&c) = chars.get(i) {
                    if c.is_whitespace() || matches!(c, '(' | ')' | '"' | '=' | '!' | '“' | '”')
                    {
                        break;
                    }
                    s.push(c);
                    i += 1;
                }
                out.push((Tok::Word(s), col));
            }
        }
    }
    out.push((Tok::End, chars.len() + 1));
    Ok(out)
}

struct Parser {
    toks: Vec<(Tok, usize)>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> &Tok {
        self.toks.get(self.at).map(|t| &t.0).unwrap_or(&Tok::End)
    }

    fn col(&self) -> usize {
        self.toks.get(self.at).map(|t| t.1).unwrap_or(1)
    }

    fn next(&mut self) -> (Tok, usize) {
        let t = self.toks.get(self.at).cloned().unwrap_or((Tok::End, 1));
        self.at += 1;
        t
    }

    fn expr(&mut self) -> Result<Expr, QueryError> {
        let mut left = self.term()?;
        while self.peek().is_kw("OR") {
            self.next();
            let right = self.term()?;
            left = Expr::Or(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn term(&mut self) -> Result<Expr, QueryError> {
        let mut left = self.factor()?;
        while self.peek().is_kw("AND") {
            self.next();
            let right = self.factor()?;
            left = Expr::And(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn factor(&mut self) -> Result<Expr, QueryError> {
        if self.peek().is_kw("NOT") {
            self.next();
            return Ok(Expr::Not(Box::new(self.factor()?)));
        }
        let left = self.atom()?;
        let relation = if self.peek().is_kw("OVERLAPS") {
            self.next();
            Relation::Overlaps
        } else if self.peek().is_kw("SAME") {
            self.next();
            if !self.peek().is_kw("TURN") {
                return err(
                    self.col(),
                    format!("expected TURN after SAME, found {}", self.peek().describe()),
                );
            }
            self.next();
            Relation::SameTurn
        } else if self.peek().is_kw("WITHIN") {
            self.next();
            let (tok, col) = self.next();
            let n = match &tok {
                Tok::Word(w) => w.parse::<usize>().ok(),
                _ => None,
            };
            let Some(n) = n else {
                return err(
                    col,
                    format!(
                        "expected a number of paragraphs after WITHIN, found {}",
                        tok.describe()
                    ),
                );
            };
            if self.peek().is_kw("PARAGRAPHS") || self.peek().is_kw("PARAGRAPH") {
                self.next();
            }
            Relation::Within(n)
        } else {
            return Ok(left);
        };
        let right = self.atom()?;
        Ok(Expr::Relate {
            left: Box::new(left),
            relation,
            right: Box::new(right),
        })
    }

    fn atom(&mut self) -> Result<Expr, QueryError> {
        let (tok, col) = self.next();
        match tok {
            Tok::Str(name) => {
                if name.trim().is_empty() {
                    return err(col, "expected a code name between the double quotes");
                }
                let only = self.peek().is_kw("ONLY");
                if only {
                    self.next();
                }
                Ok(Expr::Code {
                    name,
                    only,
                    column: col,
                })
            }
            Tok::Open => {
                let e = self.expr()?;
                match self.next() {
                    (Tok::Close, _) => Ok(e),
                    (t, c) => err(
                        c,
                        format!(
                            "expected `)` to close the `(` at column {col}, found {}",
                            t.describe()
                        ),
                    ),
                }
            }
            Tok::Word(w) if !is_keyword(&w) => err(
                col,
                format!(
                    "expected a code name in double quotes, found `{w}` (write \"{w}…\" with the \
                     code's full name in quotes)"
                ),
            ),
            t => err(
                col,
                format!(
                    "expected a code name in double quotes, NOT or `(`, found {}",
                    t.describe()
                ),
            ),
        }
    }

    fn word_or_string(&mut self, what: &str) -> Result<(String, usize), QueryError> {
        match self.next() {
            (Tok::Str(s), c) => Ok((s, c)),
            (Tok::Word(w), c) if !w.eq_ignore_ascii_case("AND") => Ok((w, c)),
            (t, c) => err(c, format!("expected {what}, found {}", t.describe())),
        }
    }

    fn conditions(&mut self) -> Result<Vec<Condition>, QueryError> {
        let mut out = Vec::new();
        loop {
            let (attribute, column) = self.word_or_string("an attribute name")?;
            let equal = match self.next() {
                (Tok::Eq, _) => true,
                (Tok::Ne, _) => false,
                (t, c) => {
                    return err(
                        c,
                        format!(
                            "expected `=` or `!=` after the attribute name, found {}",
                            t.describe()
                        ),
                    );
                }
            };
            let (value, _) = self.word_or_string("a value")?;
            out.push(Condition {
                attribute,
                equal,
                value,
                column,
            });
            if self.peek().is_kw("AND") {
                self.next();
            } else {
                return Ok(out);
            }
        }
    }
}

fn is_keyword(w: &str) -> bool {
    [
        "AND", "OR", "NOT", "ONLY", "OVERLAPS", "SAME", "TURN", "WITHIN", "WHERE",
    ]
    .iter()
    .any(|k| w.eq_ignore_ascii_case(k))
}

/// Parses a query (names are checked against a project by [`evaluate`]).
pub fn parse(src: &str) -> Result<Query, QueryError> {
    let toks = lex(src)?;
    let mut p = Parser { toks, at: 0 };
    if matches!(p.peek(), Tok::End) {
        return err(1, "expected a code name in double quotes, found nothing");
    }
    let expr = p.expr()?;
    let conditions = if p.peek().is_kw("WHERE") {
        p.next();
        p.conditions()?
    } else {
        Vec::new()
    };
    match p.next() {
        (Tok::End, _) => Ok(Query { expr, conditions }),
        (t, c) => {
            let expected = if conditions.is_empty() {
                "AND, OR, WHERE or the end"
            } else {
                "AND or the end"
            };
            err(c, format!("expected {expected}, found {}", t.describe()))
        }
    }
}

fn find_code(project: &Project, name: &str, column: usize) -> Result<CodeId, QueryError> {
    if let Some(c) = project.code_by_name(name) {
        return Ok(c.id);
    }
    // "Parent/Child" paths name a code too.
    if let Some(c) = project
        .codes
        .iter()
        .find(|c| super::code_path(project, c.id).eq_ignore_ascii_case(name.trim()))
    {
        return Ok(c.id);
    }
    err(column, format!("there is no code named \"{name}\""))
}

fn turn_span(doc: &Document, a: usize, b: usize) -> (usize, usize) {
    let r = doc.turns_overlapping(TextRange { start: a, end: b });
    (r.start, r.end.saturating_sub(1).max(r.start))
}

fn eval(project: &Project, e: &Expr) -> Result<Vec<Ranges>, QueryError> {
    Ok(match e {
        Expr::Code { name, only, column } => {
            let id = find_code(project, name, *column)?;
            coded(project, &code_closure(project, id, *only))
        }
        Expr::And(a, b) => {
            let (a, b) = (eval(project, a)?, eval(project, b)?);
            a.iter().zip(&b).map(|(x, y)| x.intersect(y)).collect()
        }
        Expr::Or(a, b) => {
            let (a, b) = (eval(project, a)?, eval(project, b)?);
            a.iter().zip(&b).map(|(x, y)| x.union(y)).collect()
        }
        Expr::Not(a) => {
            let a = eval(project, a)?;
            a.iter()
                .zip(&project.documents)
                .map(|(x, d)| x.complement(d.len()))
                .collect()
        }
        Expr::Relate {
            left,
            relation,
            right,
        } => {
            let (a, b) = (eval(project, left)?, eval(project, right)?);
            a.iter()
                .zip(&b)
                .zip(&project.documents)
                .map(|((x, y), doc)| relate(doc, x, *relation, y))
                .collect()
        }
    })
}

fn relate(doc: &Document, a: &Ranges, relation: Relation, b: &Ranges) -> Ranges {
    match relation {
        Relation::Overlaps => a.filter(|s, e| b.meets(s, e)),
        Relation::SameTurn | Relation::Within(_) => {
            let n = match relation {
                Relation::Within(n) => n,
                _ => 0,
            };
            let others: Vec<(usize, usize)> = b
                .spans()
                .iter()
                .map(|&(s, e)| turn_span(doc, s, e))
                .collect();
            a.filter(|s, e| {
                let (t1, t2) = turn_span(doc, s, e);
                others.iter().any(|&(u1, u2)| {
                    let gap = u1.saturating_sub(t2).max(t1.saturating_sub(u2));
                    gap <= n
                })
            })
        }
    }
}

/// A turn's value of an attribute: the speaker's, or else the document's.
pub fn attribute_value<'a>(
    project: &'a Project,
    doc: &'a Document,
    speaker: Option<&str>,
    key: &str,
) -> Option<&'a str> {
    let get = |map: &'a std::collections::BTreeMap<String, String>| {
        map.iter()
            .find(|(k, _)| k.trim().eq_ignore_ascii_case(key.trim()))
            .map(|(_, v)| v.as_str())
    };
    speaker
        .and_then(|s| project.participant(s))
        .and_then(|p| get(&p.attributes))
        .or_else(|| get(&doc.attributes))
}

/// Does the project know an attribute of this name (declared, or set on anyone or anything)?
pub fn attribute_known(project: &Project, key: &str) -> bool {
    let key = key.trim();
    project
        .attributes
        .iter()
        .any(|a| a.name.trim().eq_ignore_ascii_case(key))
        || project.participants.iter().any(|p| {
            p.attributes
                .keys()
                .any(|k| k.trim().eq_ignore_ascii_case(key))
        })
        || project.documents.iter().any(|d| {
            d.attributes
                .keys()
                .any(|k| k.trim().eq_ignore_ascii_case(key))
        })
}

fn allowed(project: &Project, doc: &Document, conditions: &[Condition]) -> Ranges {
    let starts = doc.turn_starts();
    let wanted: Vec<String> = conditions
        .iter()
        .map(|c| c.value.trim().to_lowercase())
        .collect();
    // A document has few speakers: decide once per speaker.
    let mut cache: rustc_hash::FxHashMap<Option<&str>, bool> = Default::default();
    let spans = doc
        .turns()
        .iter()
        .zip(starts)
        .filter(|(t, _)| {
            let speaker = t.speaker.as_deref();
            *cache.entry(speaker).or_insert_with(|| {
                conditions.iter().zip(&wanted).all(|(c, want)| {
                    let v = attribute_value(project, doc, speaker, &c.attribute);
                    let same = v.is_some_and(|v| v.trim().to_lowercase() == *want);
                    same == c.equal
                })
            })
        })
        .map(|(t, &s)| (s, s + t.text.len()))
        .collect();
    Ranges::from_unsorted(spans)
}

/// The text a query selects, per document in the project's order.
pub fn evaluate(project: &Project, query: &Query) -> Result<Vec<Ranges>, QueryError> {
    for c in &query.conditions {
        if !attribute_known(project, &c.attribute) {
            return err(
                c.column,
                format!(
                    "no participant or document has an attribute named \"{}\"",
                    c.attribute
                ),
            );
        }
    }
    let mut out = eval(project, &query.expr)?;
    if !query.conditions.is_empty() {
        for (r, doc) in out.iter_mut().zip(&project.documents) {
            *r = r.intersect(&allowed(project, doc, &query.conditions));
        }
    }
    Ok(out)
}

/// The passages of a query's text: its ranges cut at speaker turns, leaving out pieces that are
/// only white space. In document order, then text order.
pub fn places(project: &Project, regions: &[Ranges]) -> Vec<Place> {
    let mut out = Vec::new();
    for (r, doc) in regions.iter().zip(&project.documents) {
        let starts = doc.turn_starts();
        for range in r.iter() {
            for i in doc.turns_overlapping(range) {
                let (Some(turn), Some(&s)) = (doc.turns().get(i), starts.get(i)) else {
                    continue;
                };
                let (a, b) = (range.start.max(s), range.end.min(s + turn.text.len()));
                if a >= b {
                    continue;
                }
                let text = turn.text.get(a - s..b - s).unwrap_or("");
                if text.trim().is_empty() {
                    continue;
                }
                out.push(Place {
                    document: doc.id,
                    range: TextRange { start: a, end: b },
                });
            }
        }
    }
    out
}

/// Parses and runs a query: its passages.
pub fn run(project: &Project, src: &str) -> Result<Vec<Place>, QueryError> {
    let q = parse(src)?;
    Ok(places(project, &evaluate(project, &q)?))
}

/// The distinct codes a query names (for a matrix row label or a check), in first-seen order.
pub fn codes_named(expr: &Expr) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    fn walk(e: &Expr, out: &mut BTreeSet<String>) {
        match e {
            Expr::Code { name, .. } => {
                out.insert(name.clone());
            }
            Expr::And(a, b) | Expr::Or(a, b) => {
                walk(a, out);
                walk(b, out);
            }
            Expr::Relate { left, right, .. } => {
                walk(left, out);
                walk(right, out);
            }
            Expr::Not(a) => walk(a, out),
        }
    }
    walk(expr, &mut out);
    out
}

#[cfg(test)]
mod tests;
