//! Resolving a conflict record: the edit that sets the field to the chosen value (ours, theirs,
//! or one the user typed) and removes the record, as one undoable step.

use crate::edit::{CodeField, Edit, ThemeField, ops};
use crate::model::{Conflict, Project, Subject, TextRange};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Which value a resolution takes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Choice {
    Ours,
    Theirs,
    /// A value the user wrote, as RON text (a name in quotes, for a name).
    Value(String),
}

/// A conflict's value for `choice` (`None`: that side deleted the item).
pub fn chosen(c: &Conflict, choice: &Choice) -> Option<String> {
    match choice {
        Choice::Ours => c.ours.clone(),
        Choice::Theirs => c.theirs.clone(),
        Choice::Value(v) => Some(v.clone()),
    }
}

/// A value's RON text read back as a plain value.
fn value(text: &str) -> Result<Value, String> {
    ron::from_str::<Value>(text).map_err(|e| format!("the value {text} cannot be read: {e}"))
}

fn typed<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    let v = value(text)?;
    serde_json::from_value(v.clone())
        .or_else(|_| ron::from_str(text))
        .map_err(|_| format!("the value {text} does not fit this field"))
}

/// An item with one field set to `v`, through its plain-value form.
fn with_field<T: Serialize + DeserializeOwned>(
    item: &T,
    field: &str,
    v: &str,
) -> Result<T, String> {
    let mut m = match serde_json::to_value(item) {
        Ok(Value::Object(m)) => m,
        _ => return Err("the item cannot be changed here".into()),
    };
    m.insert(field.to_owned(), value(v)?);
    serde_json::from_value(Value::Object(m)).map_err(|_| format!("the value {v} does not fit"))
}

/// A short text of a value for the user: strings without quotes, ids by name, `(deleted)`.
pub fn shown(project: &Project, v: Option<&str>) -> String {
    let Some(v) = v else {
        return "(deleted)".into();
    };
    match ron::from_str::<Value>(v) {
        Ok(Value::String(s)) => {
            if let Ok(u) = uuid::Uuid::parse_str(&s) {
                if let Some(c) = project.code(crate::model::CodeId(u)) {
                    return format!("code {}", c.name);
                }
                if let Some(t) = project.theme(crate::model::ThemeId(u)) {
                    return format!("theme {}", t.name);
                }
            }
            s
        }
        Ok(Value::Null) => "(none)".into(),
        _ => v.to_owned(),
    }
}

/// The edit resolving `c` with `choice`: the chosen value applied to the project and the record
/// removed, in one batch. Errors say why the value cannot be applied (the record then stays).
pub fn resolution(project: &Project, c: &Conflict, choice: &Choice) -> Result<Edit, String> {
    let mut edits = apply_value(project, c, chosen(c, choice).as_deref())?;
    edits.push(Edit::PutConflict {
        id: c.id,
        value: None,
        at: None,
    });
    Ok(Edit::Batch(edits))
}

fn apply_value(project: &Project, c: &Conflict, v: Option<&str>) -> Result<Vec<Edit>, String> {
    let gone = || Err::<Vec<Edit>, String>("the item no longer exists".into());
    if c.field == "item" {
        // Kept (the merge kept it) or deleted now, with what depends on it.
        if v.is_some() {
            return Ok(Vec::new());
        }
        return Ok(match &c.subject {
            Subject::Code(id) if project.code(*id).is_some() => {
                vec![ops::delete_code(project, *id)]
            }
            Subject::Theme(id) if project.theme(*id).is_some() => {
                vec![ops::delete_theme(project, *id)]
            }
            Subject::Document(id) if project.document(*id).is_some() => {
                vec![ops::delete_document(project, *id)]
            }
            Subject::Coding(id) if project.codings.contains_key(id) => {
                vec![ops::remove_coding(project, *id)]
            }
            Subject::Participant(name) if project.participant(name).is_some() => {
                vec![Edit::RemoveParticipant(name.clone())]
            }
            Subject::Comment(id) if project.comments.iter().any(|x| x.id == *id) => {
                vec![Edit::PutComment {
                    id: *id,
                    value: None,
                    at: None,
                }]
            }
            Subject::Memo(id) if project.memos.iter().any(|x| x.id == *id) => vec![Edit::PutMemo {
                id: *id,
                value: None,
                at: None,
            }],
            Subject::SignOff(id) if project.signoffs.iter().any(|x| x.id == *id) => {
                vec![Edit::PutSignOff {
                    id: *id,
                    value: None,
                    at: None,
                }]
            }
            Subject::Snapshot(id) if project.snapshots.iter().any(|x| x.id == *id) => {
                vec![Edit::PutSnapshot {
                    id: *id,
                    value: None,
                    at: None,
                }]
            }
            Subject::Query(id) if project.queries.iter().any(|x| x.id == *id) => {
                vec![Edit::PutQuery {
                    id: *id,
                    value: None,
                    at: None,
                }]
            }
            Subject::Attribute(of, name)
                if project
                    .attributes
                    .iter()
                    .any(|a| a.of == *of && a.name == *name) =>
            {
                vec![Edit::PutAttribute {
                    of: *of,
                    name: name.clone(),
                    value: None,
                    at: None,
                }]
            }
            _ => Vec::new(),
        });
    }
    let Some(v) = v else {
        return Err("a field cannot be deleted".into());
    };
    let field = c.field.as_str();
    Ok(match &c.subject {
        Subject::Project => match field {
            "name" => vec![Edit::SetProjectName(typed(v)?)],
            _ => Vec::new(),
        },
        Subject::Code(id) => {
            if project.code(*id).is_none() {
                return gone();
            }
            let f = match field {
                "name" => CodeField::Name(typed(v)?),
                "color" => CodeField::Color(typed(v)?),
                "description" => CodeField::Description(typed(v)?),
                "parent" => CodeField::Parent(typed(v)?),
                "when_to_use" => CodeField::WhenToUse(typed(v)?),
                "when_not_to_use" => CodeField::WhenNotToUse(typed(v)?),
                "example" => CodeField::Example(typed(v)?),
                "memo" => CodeField::Memo(typed(v)?),
                "shortcut" => CodeField::Shortcut(typed(v)?),
                _ => return Ok(Vec::new()),
            };
            vec![Edit::SetCode { id: *id, field: f }]
        }
        Subject::Theme(id) => {
            if project.theme(*id).is_none() {
                return gone();
            }
            let f = match field {
                "name" => ThemeField::Name(typed(v)?),
                "description" => ThemeField::Description(typed(v)?),
                "involves" => ThemeField::Involves(typed(v)?),
                "concerns" => ThemeField::Concerns(typed(v)?),
                "kind" => ThemeField::Kind(typed(v)?),
                "parent" => ThemeField::Parent(typed(v)?),
                "memo" => ThemeField::Memo(typed(v)?),
                "status" => ThemeField::Status(typed(v)?),
                _ => return Ok(Vec::new()),
            };
            vec![Edit::SetTheme { id: *id, field: f }]
        }
        Subject::Document(id) => {
            if project.document(*id).is_none() {
                return gone();
            }
            if field == "title" {
                vec![Edit::SetDocumentTitle {
                    id: *id,
                    title: typed(v)?,
                }]
            } else if field == "text" {
                // A transcript corrected differently on both sides: the chosen text, with the
                // codings carried to their words.
                let turns: Vec<crate::model::Turn> = typed(v)?;
                vec![crate::edit::reimport::plan(project, *id, turns, &[])?.edit]
            } else if let Some(key) = field.strip_prefix("attributes.") {
                vec![Edit::SetDocumentAttribute {
                    id: *id,
                    key: key.to_owned(),
                    value: typed(v)?,
                }]
            } else {
                Vec::new()
            }
        }
        Subject::Participant(name) => {
            if project.participant(name).is_none() {
                return gone();
            }
            if field == "interviewer" {
                vec![Edit::SetParticipantInterviewer {
                    name: name.clone(),
                    interviewer: typed(v)?,
                }]
            } else if let Some(key) = field.strip_prefix("attributes.") {
                vec![Edit::SetParticipantAttribute {
                    name: name.clone(),
                    key: key.to_owned(),
                    value: typed(v)?,
                }]
            } else {
                Vec::new()
            }
        }
        Subject::Coding(id) => {
            if !project.codings.contains_key(id) {
                return gone();
            }
            match field {
                "code" => vec![Edit::SetCodingCode {
                    id: *id,
                    code: typed(v)?,
                }],
                "range" => vec![Edit::SetCodingRange {
                    id: *id,
                    range: typed::<TextRange>(v)?,
                }],
                _ => Vec::new(),
            }
        }
        Subject::Comment(id) => {
            let Some(x) = project.comments.iter().find(|x| x.id == *id) else {
                return gone();
            };
            vec![Edit::PutComment {
                id: *id,
                value: Some(Box::new(with_field(x, field, v)?)),
                at: None,
            }]
        }
        Subject::Memo(id) => {
            let Some(x) = project.memos.iter().find(|x| x.id == *id) else {
                return gone();
            };
            vec![Edit::PutMemo {
                id: *id,
                value: Some(Box::new(with_field(x, field, v)?)),
                at: None,
            }]
        }
        Subject::SignOff(id) => {
            let Some(x) = project.signoffs.iter().find(|x| x.id == *id) else {
                return gone();
            };
            vec![Edit::PutSignOff {
                id: *id,
                value: Some(Box::new(with_field(x, field, v)?)),
                at: None,
            }]
        }
        Subject::Snapshot(id) => {
            let Some(x) = project.snapshots.iter().find(|x| x.id == *id) else {
                return gone();
            };
            vec![Edit::PutSnapshot {
                id: *id,
                value: Some(Box::new(with_field(x, field, v)?)),
                at: None,
            }]
        }
        Subject::Query(id) => {
            let Some(x) = project.queries.iter().find(|x| x.id == *id) else {
                return gone();
            };
            vec![Edit::PutQuery {
                id: *id,
                value: Some(Box::new(with_field(x, field, v)?)),
                at: None,
            }]
        }
        Subject::Attribute(of, name) => {
            let Some(x) = project
                .attributes
                .iter()
                .find(|a| a.of == *of && a.name == *name)
            else {
                return gone();
            };
            vec![Edit::PutAttribute {
                of: *of,
                name: name.clone(),
                value: Some(Box::new(with_field(x, field, v)?)),
                at: None,
            }]
        }
        Subject::Coder(_) => Vec::new(),
    })
}

/// What a conflict is about, for the user: "Code “Calm”: name".
pub fn describe(project: &Project, c: &Conflict) -> String {
    let what = match &c.subject {
        Subject::Project => "Project".to_owned(),
        Subject::Document(id) => format!(
            "Document “{}”",
            project.document(*id).map_or("?", |d| d.title.as_str())
        ),
        Subject::Participant(n) => format!("Participant {n}"),
        Subject::Coder(id) => format!(
            "Coder {}",
            project.coder(*id).map_or("?", |d| d.name.as_str())
        ),
        Subject::Code(id) => format!(
            "Code “{}”",
            project.code(*id).map_or("?", |d| d.name.as_str())
        ),
        Subject::Theme(id) => format!(
            "Theme “{}”",
            project.theme(*id).map_or("?", |d| d.name.as_str())
        ),
        Subject::Coding(id) => match project.codings.get(id) {
            Some(c) => format!(
                "Coding “{}” in {}",
                project.code(c.code).map_or("?", |x| x.name.as_str()),
                project
                    .document(c.document)
                    .map_or("?", |d| d.title.as_str())
            ),
            None => "Coding".to_owned(),
        },
        Subject::Comment(_) => "Comment".to_owned(),
        Subject::Memo(_) => "Memo".to_owned(),
        Subject::SignOff(_) => "Sign-off".to_owned(),
        Subject::Snapshot(_) => "Snapshot".to_owned(),
        Subject::Query(_) => "Saved query".to_owned(),
        Subject::Attribute(_, n) => format!("Attribute {n}"),
    };
    let field = match c.field.as_str() {
        "item" if c.ours.is_none() || c.theirs.is_none() => {
            "deleted on one side, changed or used on the other".to_owned()
        }
        "item" => "whole item".to_owned(),
        f => f.replace('_', " "),
    };
    format!("{what}: {field}")
}
