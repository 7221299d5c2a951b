//! The edits behind the case tables' commands. Each returns one edit (a batch where several things
//! change) so the command is one undo step, or says in the user's words why it cannot be done.

use super::kinds;
use super::table::{self, RowKey, noun};
use crate::edit::Edit;
use crate::model::{AttributeDef, AttributeKind, AttributeOf, Project, Settings};

/// The declared attribute `name` of `of`, if any.
pub fn declared<'a>(project: &'a Project, of: AttributeOf, name: &str) -> Option<&'a AttributeDef> {
    project
        .attributes
        .iter()
        .find(|a| a.of == of && a.name == name)
}

/// The kind of attribute `name` (text when it is not declared).
pub fn kind_of(project: &Project, of: AttributeOf, name: &str) -> AttributeKind {
    declared(project, of, name)
        .map(|a| a.kind.clone())
        .unwrap_or_default()
}

/// Is `name` taken by an attribute of `of` (declared or found in values), ignoring case?
fn taken(project: &Project, of: AttributeOf, name: &str) -> bool {
    table::columns(project, of)
        .iter()
        .any(|c| c.name.trim().eq_ignore_ascii_case(name.trim()))
}

fn set(of: AttributeOf, key: &RowKey, attr: &str, value: Option<String>) -> Edit {
    let _ = of;
    match key {
        RowKey::Participant(name) => Edit::SetParticipantAttribute {
            name: name.clone(),
            key: attr.to_owned(),
            value,
        },
        RowKey::Document(id) => Edit::SetDocumentAttribute {
            id: *id,
            key: attr.to_owned(),
            value,
        },
    }
}

fn check_name(name: &str) -> Result<String, String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("Give the attribute a name.".into());
    }
    if name.chars().any(char::is_control) {
        return Err("An attribute name cannot contain line breaks or tabs.".into());
    }
    Ok(name.to_owned())
}

/// Which rows of `of` hold a value for `name`, with it.
fn values_of(project: &Project, of: AttributeOf, name: &str) -> Vec<(RowKey, String)> {
    table::keys(project, of)
        .into_iter()
        .filter_map(|k| {
            let v = table::value(project, &k, name);
            (!v.is_empty()).then(|| (k, v.to_owned()))
        })
        .collect()
}

/// Checks every value already held under `name` against `kind`; on success returns the edits
/// that rewrite values into their stored form (a choice's spelling, a date's zero padding).
fn conform(
    project: &Project,
    of: AttributeOf,
    name: &str,
    kind: &AttributeKind,
) -> Result<Vec<Edit>, String> {
    let mut edits = Vec::new();
    let mut bad = Vec::new();
    for (key, v) in values_of(project, of, name) {
        match kinds::check(kind, &v) {
            Ok(ok) if ok == v => {}
            Ok(ok) if ok.is_empty() => edits.push(set(of, &key, name, None)),
            Ok(ok) => edits.push(set(of, &key, name, Some(ok))),
            Err(e) => bad.push(format!("{}: {e}", table::label(project, &key))),
        }
    }
    if bad.is_empty() {
        return Ok(edits);
    }
    let more = if bad.len() > 3 {
        format!(" (and {} more)", bad.len() - 3)
    } else {
        String::new()
    };
    bad.truncate(3);
    Err(format!(
        "“{name}” cannot be {}: {}{more}. Change those values first.",
        kinds::kind_label(kind),
        bad.join("; ")
    ))
}

/// Declares a new attribute (or gives a type to values found under that name without one).
pub fn add_attribute(
    project: &Project,
    of: AttributeOf,
    name: &str,
    kind: AttributeKind,
) -> Result<Edit, String> {
    let name = check_name(name)?;
    if declared(project, of, &name).is_some()
        || (taken(project, of, &name) && values_of(project, of, &name).is_empty())
    {
        return Err(format!(
            "The {}s already have an attribute called “{name}”.",
            noun(of)
        ));
    }
    if let AttributeKind::Choice(o) = &kind
        && o.is_empty()
    {
        return Err("List the values to choose from, separated by commas.".into());
    }
    let mut edits = vec![Edit::PutAttribute {
        of,
        name: name.clone(),
        value: Some(Box::new(AttributeDef {
            name: name.clone(),
            of,
            kind: kind.clone(),
        })),
        at: None,
    }];
    edits.extend(conform(project, of, &name, &kind)?);
    Ok(Edit::Batch(edits))
}

/// Changes an attribute's type; every value it holds must fit the new type (they are rewritten
/// into its stored form). An undeclared column is declared with the type.
pub fn set_kind(
    project: &Project,
    of: AttributeOf,
    name: &str,
    kind: AttributeKind,
) -> Result<Edit, String> {
    if let AttributeKind::Choice(o) = &kind
        && o.is_empty()
    {
        return Err("List the values to choose from, separated by commas.".into());
    }
    let mut edits = vec![Edit::PutAttribute {
        of,
        name: name.to_owned(),
        value: Some(Box::new(AttributeDef {
            name: name.to_owned(),
            of,
            kind: kind.clone(),
        })),
        at: None,
    }];
    edits.extend(conform(project, of, name, &kind)?);
    Ok(Edit::Batch(edits))
}

/// The quote attribution with `old` renamed to `new` (or removed when `new` is `None`), if it
/// names `old`.
fn attribution_without(settings: &Settings, old: &str, new: Option<&str>) -> Option<Edit> {
    if !settings.quote_attribution.iter().any(|a| a == old) {
        return None;
    }
    let mut s = settings.clone();
    s.quote_attribution = s
        .quote_attribution
        .iter()
        .filter_map(|a| {
            if a == old {
                new.map(str::to_owned)
            } else {
                Some(a.clone())
            }
        })
        .collect();
    Some(Edit::SetSettings(Box::new(s)))
}

/// Renames an attribute: its declaration, the value on every row, and the quote attribution if
/// it names it; one edit.
pub fn rename_attribute(
    project: &Project,
    of: AttributeOf,
    old: &str,
    new: &str,
) -> Result<Edit, String> {
    let new = check_name(new)?;
    if new == old {
        return Ok(Edit::Batch(Vec::new()));
    }
    if taken(project, of, &new) && !new.eq_ignore_ascii_case(old) {
        return Err(format!(
            "The {}s already have an attribute called “{new}”: choose another name.",
            noun(of)
        ));
    }
    let mut edits = Vec::new();
    if let Some(def) = declared(project, of, old) {
        let at = project.attributes.iter().position(|a| a == def);
        edits.push(Edit::PutAttribute {
            of,
            name: old.to_owned(),
            value: None,
            at: None,
        });
        edits.push(Edit::PutAttribute {
            of,
            name: new.clone(),
            value: Some(Box::new(AttributeDef {
                name: new.clone(),
                of,
                kind: def.kind.clone(),
            })),
            at,
        });
    }
    for (key, v) in values_of(project, of, old) {
        edits.push(set(of, &key, old, None));
        edits.push(set(of, &key, &new, Some(v)));
    }
    if edits.is_empty() {
        return Err(format!("There is no attribute called “{old}”."));
    }
    if of == AttributeOf::Participant
        && let Some(e) = attribution_without(&project.settings, old, Some(&new))
    {
        edits.push(e);
    }
    Ok(Edit::Batch(edits))
}

/// Removes an attribute with its value on every row (and from the quote attribution); one edit.
pub fn remove_attribute(project: &Project, of: AttributeOf, name: &str) -> Result<Edit, String> {
    let mut edits = Vec::new();
    if declared(project, of, name).is_some() {
        edits.push(Edit::PutAttribute {
            of,
            name: name.to_owned(),
            value: None,
            at: None,
        });
    }
    for (key, _) in values_of(project, of, name) {
        edits.push(set(of, &key, name, None));
    }
    if edits.is_empty() {
        return Err(format!("There is no attribute called “{name}”."));
    }
    if of == AttributeOf::Participant
        && let Some(e) = attribution_without(&project.settings, name, None)
    {
        edits.push(e);
    }
    Ok(Edit::Batch(edits))
}

/// Sets attribute `name` to `raw` on every row of `keys` (an empty value clears it), checked
/// against the attribute's type; rows that already hold the value are left alone.
pub fn set_values(
    project: &Project,
    of: AttributeOf,
    keys: &[RowKey],
    name: &str,
    raw: &str,
) -> Result<Edit, String> {
    let value =
        kinds::check(&kind_of(project, of, name), raw).map_err(|e| format!("{name}: {e}"))?;
    let edits = keys
        .iter()
        .filter(|k| table::value(project, k, name) != value)
        .map(|k| set(of, k, name, (!value.is_empty()).then(|| value.clone())))
        .collect();
    Ok(Edit::Batch(edits))
}

/// The label of the edit that sets a value on `n` rows.
pub fn set_values_label(name: &str, n: usize, of: AttributeOf) -> String {
    if n == 1 {
        format!("Set {name}")
    } else {
        format!("Set {name} on {n} {}s", noun(of))
    }
}

/// The edit that makes `attributes` (participant attributes, in order) name quotes' speakers.
pub fn set_attribution(project: &Project, attributes: Vec<String>) -> Edit {
    let mut s = project.settings.clone();
    s.quote_attribution = attributes;
    Edit::SetSettings(Box::new(s))
}
