//! Every change to a project is an [`Edit`] value. [`apply`] performs it and returns its inverse,
//! so undo, redo, the dirty mark, autosave and the audit trail all come from one stream of values
//! (see [`History`]). Compound user actions (delete a code with its codings, merge two codes) are
//! planned as a [`Edit::Batch`] by the functions in [`ops`], which keeps each primitive simple and
//! its inverse obviously right.

mod history;
pub mod ops;

pub use history::{History, Revision};

mod put;
pub mod reimport;
pub mod text;
pub mod text_ops;
pub mod trail;

pub use text::{Placed, Restore, TextChange};

use crate::model::{
    AttributeDef, AttributeOf, Code, CodeId, Coder, CoderId, Coding, CodingId, Comment, CommentId,
    Conflict, ConflictId, DocId, Document, List, Memo, MemoId, Participant, Project, QueryId, Rgb,
    SavedQuery, Settings, SignOff, SignOffId, Snapshot, SnapshotId, TextRange, Theme, ThemeId,
    ThemeKind, ThemeStatus,
};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use thiserror::Error;

/// A settable field of a code, carrying its new value.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub enum CodeField {
    Name(String),
    Color(Rgb),
    Description(String),
    Parent(Option<CodeId>),
    WhenToUse(String),
    WhenNotToUse(String),
    Example(String),
    Memo(String),
    /// The digit key 1-9 bound to the code, or none. Use [`ops::bind_key`] to keep keys unique.
    Shortcut(Option<u8>),
}

/// A settable field of a theme, carrying its new value.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub enum ThemeField {
    Name(String),
    Description(String),
    Involves(String),
    Concerns(String),
    Kind(ThemeKind),
    Parent(Option<ThemeId>),
    Memo(String),
    Status(ThemeStatus),
}

/// One change to a project. Edits that create things carry their ids, so redo recreates the
/// same ids.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub enum Edit {
    SetProjectName(String),
    InsertDocument {
        index: usize,
        document: Arc<Document>,
    },
    /// Fails while codings still refer to the document.
    RemoveDocument(DocId),
    SetDocumentTitle {
        id: DocId,
        title: String,
    },
    /// Sets where a document came from (its file name), as pseudonymising does.
    SetDocumentSource {
        id: DocId,
        source: String,
    },
    /// Sets (`Some`) or removes (`None`) one attribute of a document.
    SetDocumentAttribute {
        id: DocId,
        key: String,
        value: Option<String>,
    },
    InsertParticipant {
        index: usize,
        participant: Participant,
    },
    RemoveParticipant(String),
    SetParticipantInterviewer {
        name: String,
        interviewer: bool,
    },
    InsertCoder {
        index: usize,
        coder: Coder,
    },
    /// Fails while codings still name the coder.
    RemoveCoder(CoderId),
    InsertCode {
        index: usize,
        code: Code,
    },
    /// Fails while codings, themes or child codes still refer to the code.
    RemoveCode(CodeId),
    SetCode {
        id: CodeId,
        field: CodeField,
    },
    AddCoding(Coding),
    RemoveCoding(CodingId),
    /// Moves a coding to another code.
    SetCodingCode {
        id: CodingId,
        code: CodeId,
    },
    /// Resizes a coding's passage (the new range must be valid in its document).
    SetCodingRange {
        id: CodingId,
        range: TextRange,
    },
    /// Moves a code to another position in the codebook list (its parent is unchanged).
    ReorderCode {
        id: CodeId,
        index: usize,
    },
    /// Moves a theme to another position in the theme list (its parent is unchanged).
    ReorderTheme {
        id: ThemeId,
        index: usize,
    },
    InsertTheme {
        index: usize,
        theme: Theme,
    },
    /// Fails while the theme has child themes.
    RemoveTheme(ThemeId),
    SetTheme {
        id: ThemeId,
        field: ThemeField,
    },
    AddThemeCode {
        theme: ThemeId,
        code: CodeId,
        index: usize,
    },
    RemoveThemeCode {
        theme: ThemeId,
        code: CodeId,
    },
    /// Picks a coding as a quote to report for a theme.
    AddExemplar {
        theme: ThemeId,
        coding: CodingId,
        index: usize,
    },
    RemoveExemplar {
        theme: ThemeId,
        coding: CodingId,
    },
    /// Sets (`Some`) or removes (`None`) one attribute of a participant.
    SetParticipantAttribute {
        name: String,
        key: String,
        value: Option<String>,
    },
    // The `Put*` edits add, replace or (`value: None`) remove one item of a list by its id. A new
    // item goes at `at` (or the end); the inverse puts the old value back where it was, so undo
    // restores the list exactly.
    PutComment {
        id: CommentId,
        value: Option<Box<Comment>>,
        at: Option<usize>,
    },
    PutMemo {
        id: MemoId,
        value: Option<Box<Memo>>,
        at: Option<usize>,
    },
    PutSignOff {
        id: SignOffId,
        value: Option<Box<SignOff>>,
        at: Option<usize>,
    },
    PutSnapshot {
        id: SnapshotId,
        value: Option<Box<Snapshot>>,
        at: Option<usize>,
    },
    PutQuery {
        id: QueryId,
        value: Option<Box<SavedQuery>>,
        at: Option<usize>,
    },
    PutConflict {
        id: ConflictId,
        value: Option<Box<Conflict>>,
        at: Option<usize>,
    },
    /// A declared attribute, keyed by what it describes and its name.
    PutAttribute {
        of: AttributeOf,
        name: String,
        value: Option<Box<AttributeDef>>,
        at: Option<usize>,
    },
    /// Replaces the project's settings.
    SetSettings(Box<Settings>),
    // Text edits (see [`text`]): codings, comments and memos on the text follow the words; the
    // things listed in `restore` are put on exactly those ranges afterwards (what an inverse
    // carries, so undo is byte-exact). Plan them with [`ops::text`] functions.
    /// Replaces stretches of a document's text, each inside one turn.
    ChangeText {
        doc: DocId,
        changes: Vec<TextChange>,
        restore: Restore,
    },
    /// Splits the turn holding byte `at` there; the new second turn gets `speaker` and `time`.
    SplitTurn {
        doc: DocId,
        at: usize,
        speaker: Option<String>,
        time: Option<String>,
        restore: Restore,
    },
    /// Joins turn `turn + 1` onto turn `turn`.
    JoinTurns {
        doc: DocId,
        turn: usize,
        restore: Restore,
    },
    SetTurnSpeaker {
        doc: DocId,
        turn: usize,
        speaker: Option<String>,
    },
    SetTurnTime {
        doc: DocId,
        turn: usize,
        time: Option<String>,
    },
    /// Gives a document new turns (a corrected transcript) and puts the listed things on their
    /// new ranges; everything else must still fit.
    ReplaceTurns {
        doc: DocId,
        turns: Vec<crate::model::Turn>,
        restore: Restore,
    },
    /// Several edits as one step; applied in order, undone in reverse, all or nothing.
    Batch(Vec<Edit>),
}

#[derive(Clone, PartialEq, Eq, Debug, Error)]
pub enum EditError {
    #[error("{0} no longer exists")]
    Missing(&'static str),
    #[error("{0}")]
    Invalid(String),
}

fn invalid<T>(msg: impl Into<String>) -> Result<T, EditError> {
    Err(EditError::Invalid(msg.into()))
}

fn check_index(index: usize, len: usize) -> Result<(), EditError> {
    if index > len {
        return invalid(format!(
            "position {index} is past the end of a list of {len}"
        ));
    }
    Ok(())
}

/// Applies `edit` to `project` and returns the edit that undoes it. On error the project is
/// unchanged. The project's lookups and counts are brought up to date with the change, at a cost
/// set by what the edit touches.
pub fn apply(project: &mut Project, edit: Edit) -> Result<Edit, EditError> {
    let keep = project.derived_is_current();
    let inverse = apply_to(project, edit, keep)?;
    if keep {
        project.derived_done();
    }
    Ok(inverse)
}

/// [`apply`] for a change made outside the window's history (a command-line verb, a merge): the
/// one door through which such changes also reach the audit trail, under `label` and `author`.
pub fn apply_logged(
    project: &mut Project,
    edit: Edit,
    label: &str,
    author: &str,
) -> Result<Edit, EditError> {
    let forward = edit.clone();
    let inverse = apply(project, edit)?;
    trail::record(
        project,
        &forward,
        &inverse,
        label,
        author,
        crate::model::Timestamp::now(),
    );
    Ok(inverse)
}

fn missing<T>(found: Option<T>, what: &'static str) -> Result<T, EditError> {
    found.ok_or(EditError::Missing(what))
}

/// [`apply`]; `keep`: update the derived data (it was current before).
fn apply_to(project: &mut Project, edit: Edit, keep: bool) -> Result<Edit, EditError> {
    use Edit::*;
    Ok(match edit {
        SetProjectName(name) => SetProjectName(std::mem::replace(&mut project.name, name)),
        InsertDocument { index, document } => {
            check_index(index, project.documents.len())?;
            if project.document(document.id).is_some() {
                return invalid("a document with this id already exists");
            }
            let id = document.id;
            let appended = index == project.documents.len();
            project.documents.insert(index, document);
            if keep {
                project.relisted(List::Documents, appended);
            }
            RemoveDocument(id)
        }
        RemoveDocument(id) => {
            let index = missing(project.document_index(id), "the document")?;
            if project.codings_count_in(id) > 0 {
                return invalid("the document still has codings");
            }
            let document = project.documents.remove(index);
            if keep {
                project.relisted(List::Documents, false);
            }
            InsertDocument { index, document }
        }
        SetDocumentTitle { id, title } => {
            let index = missing(project.document_index(id), "the document")?;
            let doc = Arc::make_mut(&mut project.documents[index]);
            let old = std::mem::replace(&mut doc.title, title);
            SetDocumentTitle { id, title: old }
        }
        SetDocumentSource { id, source } => {
            let index = missing(project.document_index(id), "the document")?;
            let doc = Arc::make_mut(&mut project.documents[index]);
            let old = std::mem::replace(&mut doc.source, source);
            SetDocumentSource { id, source: old }
        }
        SetDocumentAttribute { id, key, value } => {
            let index = missing(project.document_index(id), "the document")?;
            let attrs = &mut Arc::make_mut(&mut project.documents[index]).attributes;
            let old = match value {
                Some(v) => attrs.insert(key.clone(), v),
                None => attrs.remove(&key),
            };
            SetDocumentAttribute {
                id,
                key,
                value: old,
            }
        }
        InsertParticipant { index, participant } => {
            check_index(index, project.participants.len())?;
            if project.participant(&participant.name).is_some() {
                return invalid(format!(
                    "a participant named {} already exists",
                    participant.name
                ));
            }
            let name = participant.name.clone();
            let appended = index == project.participants.len();
            project.participants.insert(index, participant);
            if keep {
                project.relisted(List::Participants, appended);
                project.interviewer_recounted(&name);
            }
            RemoveParticipant(name)
        }
        RemoveParticipant(name) => {
            let index = missing(project.participant_index(&name), "the participant")?;
            let participant = project.participants.remove(index);
            if keep {
                project.relisted(List::Participants, false);
                project.interviewer_recounted(&name);
            }
            InsertParticipant { index, participant }
        }
        SetParticipantInterviewer { name, interviewer } => {
            let index = missing(project.participant_index(&name), "the participant")?;
            let old = std::mem::replace(&mut project.participants[index].interviewer, interviewer);
            if keep {
                project.interviewer_recounted(&name);
            }
            SetParticipantInterviewer {
                name,
                interviewer: old,
            }
        }
        InsertCoder { index, coder } => {
            check_index(index, project.coders.len())?;
            if project.coder(coder.id).is_some() {
                return invalid("a coder with this id already exists");
            }
            let id = coder.id;
            let appended = index == project.coders.len();
            project.coders.insert(index, coder);
            if keep {
                project.relisted(List::Coders, appended);
            }
            RemoveCoder(id)
        }
        RemoveCoder(id) => {
            let index = missing(project.coder_index(id), "the coder")?;
            let used = match project.tally() {
                Some(t) => t.codings_by_coder(id) > 0,
                None => project.codings.values().any(|c| c.coder == id),
            };
            if used {
                return invalid("the coder still has codings");
            }
            let coder = project.coders.remove(index);
            if keep {
                project.relisted(List::Coders, false);
            }
            InsertCoder { index, coder }
        }
        InsertCode { index, code } => {
            check_index(index, project.codes.len())?;
            if project.code(code.id).is_some() {
                return invalid("a code with this id already exists");
            }
            if let Some(parent) = code.parent
                && project.code(parent).is_none()
            {
                return Err(EditError::Missing("the parent code"));
            }
            let id = code.id;
            let appended = index == project.codes.len();
            project.codes.insert(index, code);
            if keep {
                project.relisted(List::Codes, appended);
            }
            RemoveCode(id)
        }
        RemoveCode(id) => {
            let index = missing(project.code_index(id), "the code")?;
            let used = match project.tally() {
                Some(t) => t.code(id).codings > 0,
                None => project.codings.values().any(|c| c.code == id),
            };
            if used {
                return invalid("the code still has codings");
            }
            if project.themes.iter().any(|t| t.codes.contains(&id)) {
                return invalid("the code still belongs to a theme");
            }
            if project.codes.iter().any(|c| c.parent == Some(id)) {
                return invalid("the code still has child codes");
            }
            let code = project.codes.remove(index);
            if keep {
                project.relisted(List::Codes, false);
                project.code_uncounted(id);
            }
            InsertCode { index, code }
        }
        SetCode { id, field } => {
            let index = missing(project.code_index(id), "the code")?;
            if let CodeField::Shortcut(Some(key)) = field
                && !(1..=9).contains(&key)
            {
                return invalid(format!("key {key} cannot be bound: use 1 to 9"));
            }
            if let CodeField::Parent(Some(parent)) = field {
                if project.code(parent).is_none() {
                    return Err(EditError::Missing("the parent code"));
                }
                if code_is_within(project, parent, id) {
                    return invalid("a code cannot be moved inside itself");
                }
            }
            let code = &mut project.codes[index];
            let old = match field {
                CodeField::Name(v) => CodeField::Name(std::mem::replace(&mut code.name, v)),
                CodeField::Color(v) => CodeField::Color(std::mem::replace(&mut code.color, v)),
                CodeField::Description(v) => {
                    CodeField::Description(std::mem::replace(&mut code.description, v))
                }
                CodeField::Parent(v) => CodeField::Parent(std::mem::replace(&mut code.parent, v)),
                CodeField::WhenToUse(v) => {
                    CodeField::WhenToUse(std::mem::replace(&mut code.when_to_use, v))
                }
                CodeField::WhenNotToUse(v) => {
                    CodeField::WhenNotToUse(std::mem::replace(&mut code.when_not_to_use, v))
                }
                CodeField::Example(v) => {
                    CodeField::Example(std::mem::replace(&mut code.example, v))
                }
                CodeField::Memo(v) => CodeField::Memo(std::mem::replace(&mut code.memo, v)),
                CodeField::Shortcut(v) => {
                    CodeField::Shortcut(std::mem::replace(&mut code.shortcut, v))
                }
            };
            SetCode { id, field: old }
        }
        AddCoding(coding) => {
            if project.codings.contains_key(&coding.id) {
                return invalid("a coding with this id already exists");
            }
            check_coding(
                project,
                &coding.document,
                coding.code,
                coding.coder,
                coding.range,
            )?;
            let id = coding.id;
            if keep {
                project.counted(&coding, true);
            }
            project.codings.insert(id, coding);
            RemoveCoding(id)
        }
        RemoveCoding(id) => {
            if project.themes.iter().any(|t| t.exemplars.contains(&id)) {
                return invalid("the coding is still an exemplar quote of a theme");
            }
            let coding = project
                .codings
                .remove(&id)
                .ok_or(EditError::Missing("the coding"))?;
            if keep {
                project.counted(&coding, false);
            }
            AddCoding(coding)
        }
        SetCodingCode { id, code } => {
            if project.code(code).is_none() {
                return Err(EditError::Missing("the code"));
            }
            let before = project
                .codings
                .get(&id)
                .ok_or(EditError::Missing("the coding"))?;
            let old = before.code;
            project.codings.update(&id, |c| c.code = code);
            let after = Coding { code, ..before };
            if keep {
                project.counted(&before, false);
                project.counted(&after, true);
            }
            SetCodingCode { id, code: old }
        }
        SetCodingRange { id, range } => {
            let coding = project
                .codings
                .get(&id)
                .ok_or(EditError::Missing("the coding"))?;
            let document = project
                .document(coding.document)
                .ok_or(EditError::Missing("the document"))?;
            if !document.is_valid_range(range) {
                return invalid("the passage is empty, outside the document or splits a character");
            }
            let before = coding;
            let old = before.range;
            project.codings.update(&id, |c| c.range = range);
            let after = Coding { range, ..before };
            if keep {
                project.counted(&before, false);
                project.counted(&after, true);
            }
            SetCodingRange { id, range: old }
        }
        ReorderCode { id, index } => {
            let from = missing(project.code_index(id), "the code")?;
            if index >= project.codes.len() {
                return invalid(format!(
                    "position {index} is past the end of a list of {}",
                    project.codes.len()
                ));
            }
            let code = project.codes.remove(from);
            project.codes.insert(index, code);
            if keep {
                project.relisted(List::Codes, false);
            }
            ReorderCode { id, index: from }
        }
        ReorderTheme { id, index } => {
            let from = missing(project.theme_index(id), "the theme")?;
            if index >= project.themes.len() {
                return invalid(format!(
                    "position {index} is past the end of a list of {}",
                    project.themes.len()
                ));
            }
            let theme = project.themes.remove(from);
            project.themes.insert(index, theme);
            if keep {
                project.relisted(List::Themes, false);
            }
            ReorderTheme { id, index: from }
        }
        InsertTheme { index, theme } => {
            check_index(index, project.themes.len())?;
            if project.theme(theme.id).is_some() {
                return invalid("a theme with this id already exists");
            }
            if let Some(parent) = theme.parent
                && project.theme(parent).is_none()
            {
                return Err(EditError::Missing("the parent theme"));
            }
            if theme.codes.iter().any(|c| project.code(*c).is_none()) {
                return Err(EditError::Missing("a code of the theme"));
            }
            let id = theme.id;
            let appended = index == project.themes.len();
            project.themes.insert(index, theme);
            if keep {
                project.relisted(List::Themes, appended);
                project.themes_recounted();
            }
            RemoveTheme(id)
        }
        RemoveTheme(id) => {
            let index = missing(project.theme_index(id), "the theme")?;
            if project.themes.iter().any(|t| t.parent == Some(id)) {
                return invalid("the theme still has themes inside it");
            }
            let theme = project.themes.remove(index);
            if keep {
                project.relisted(List::Themes, false);
                project.themes_recounted();
            }
            InsertTheme { index, theme }
        }
        SetTheme { id, field } => {
            let index = missing(project.theme_index(id), "the theme")?;
            if let ThemeField::Parent(Some(parent)) = field {
                if project.theme(parent).is_none() {
                    return Err(EditError::Missing("the parent theme"));
                }
                if project.theme_is_within(parent, id) {
                    return invalid("a theme cannot be moved inside itself");
                }
            }
            let t = &mut project.themes[index];
            let old = match field {
                ThemeField::Name(v) => ThemeField::Name(std::mem::replace(&mut t.name, v)),
                ThemeField::Description(v) => {
                    ThemeField::Description(std::mem::replace(&mut t.description, v))
                }
                ThemeField::Involves(v) => {
                    ThemeField::Involves(std::mem::replace(&mut t.involves, v))
                }
                ThemeField::Concerns(v) => {
                    ThemeField::Concerns(std::mem::replace(&mut t.concerns, v))
                }
                ThemeField::Kind(v) => ThemeField::Kind(std::mem::replace(&mut t.kind, v)),
                ThemeField::Parent(v) => ThemeField::Parent(std::mem::replace(&mut t.parent, v)),
                ThemeField::Memo(v) => ThemeField::Memo(std::mem::replace(&mut t.memo, v)),
                ThemeField::Status(v) => ThemeField::Status(std::mem::replace(&mut t.status, v)),
            };
            if keep && matches!(old, ThemeField::Parent(_)) {
                project.themes_recounted();
            }
            SetTheme { id, field: old }
        }
        AddThemeCode { theme, code, index } => {
            if project.code(code).is_none() {
                return Err(EditError::Missing("the code"));
            }
            let ti = missing(project.theme_index(theme), "the theme")?;
            let t = &mut project.themes[ti];
            if t.codes.contains(&code) {
                return invalid("the code is already in this theme");
            }
            check_index(index, t.codes.len())?;
            t.codes.insert(index, code);
            if keep {
                project.themes_recounted();
            }
            RemoveThemeCode { theme, code }
        }
        RemoveThemeCode { theme, code } => {
            let ti = missing(project.theme_index(theme), "the theme")?;
            let t = &mut project.themes[ti];
            let index = missing(
                t.codes.iter().position(|c| *c == code),
                "the code in the theme",
            )?;
            t.codes.remove(index);
            if keep {
                project.themes_recounted();
            }
            AddThemeCode { theme, code, index }
        }
        AddExemplar {
            theme,
            coding,
            index,
        } => {
            if !project.codings.contains_key(&coding) {
                return Err(EditError::Missing("the coding"));
            }
            let ti = missing(project.theme_index(theme), "the theme")?;
            let t = &mut project.themes[ti];
            if t.exemplars.contains(&coding) {
                return invalid("the coding is already an exemplar of this theme");
            }
            check_index(index, t.exemplars.len())?;
            t.exemplars.insert(index, coding);
            RemoveExemplar { theme, coding }
        }
        RemoveExemplar { theme, coding } => {
            let ti = missing(project.theme_index(theme), "the theme")?;
            let t = &mut project.themes[ti];
            let index = missing(
                t.exemplars.iter().position(|c| *c == coding),
                "the exemplar",
            )?;
            t.exemplars.remove(index);
            AddExemplar {
                theme,
                coding,
                index,
            }
        }
        e @ (SetParticipantAttribute { .. }
        | PutComment { .. }
        | PutMemo { .. }
        | PutSignOff { .. }
        | PutSnapshot { .. }
        | PutQuery { .. }
        | PutConflict { .. }
        | PutAttribute { .. }
        | SetSettings(_)) => put::apply(project, e)?,
        ChangeText {
            doc,
            changes,
            restore,
        } => {
            let (changes, restore) = text::change_text(project, doc, changes, &restore, keep)?;
            ChangeText {
                doc,
                changes,
                restore,
            }
        }
        SplitTurn {
            doc,
            at,
            speaker,
            time,
            restore,
        } => {
            let (turn, restore) =
                text::split_turn(project, doc, at, speaker, time, &restore, keep)?;
            JoinTurns { doc, turn, restore }
        }
        JoinTurns { doc, turn, restore } => {
            let (at, speaker, time, restore) =
                text::join_turns(project, doc, turn, &restore, keep)?;
            SplitTurn {
                doc,
                at,
                speaker,
                time,
                restore,
            }
        }
        SetTurnSpeaker { doc, turn, speaker } => {
            let speaker = text::set_turn_field(project, doc, turn, speaker, true, keep)?;
            SetTurnSpeaker { doc, turn, speaker }
        }
        SetTurnTime { doc, turn, time } => {
            let time = text::set_turn_field(project, doc, turn, time, false, keep)?;
            SetTurnTime { doc, turn, time }
        }
        ReplaceTurns {
            doc,
            turns,
            restore,
        } => {
            let (turns, restore) = text::replace_turns(project, doc, turns, &restore, keep)?;
            ReplaceTurns {
                doc,
                turns,
                restore,
            }
        }
        Batch(edits) => {
            let mut inverses = Vec::with_capacity(edits.len());
            for e in edits {
                match apply(project, e) {
                    Ok(inv) => inverses.push(inv),
                    Err(err) => {
                        // All or nothing: roll back what this batch already did.
                        for inv in inverses.into_iter().rev() {
                            let _ = apply(project, inv);
                        }
                        return Err(err);
                    }
                }
            }
            inverses.reverse();
            Batch(inverses)
        }
    })
}

fn check_coding(
    project: &Project,
    doc: &DocId,
    code: CodeId,
    coder: CoderId,
    range: TextRange,
) -> Result<(), EditError> {
    let document = project
        .document(*doc)
        .ok_or(EditError::Missing("the document"))?;
    if project.code(code).is_none() {
        return Err(EditError::Missing("the code"));
    }
    if project.coder(coder).is_none() {
        return Err(EditError::Missing("the coder"));
    }
    if !document.is_valid_range(range) {
        return invalid("the passage is empty, outside the document or splits a character");
    }
    Ok(())
}

fn code_is_within(project: &Project, code: CodeId, ancestor: CodeId) -> bool {
    let mut at = Some(code);
    for _ in 0..=project.codes.len() {
        match at {
            Some(id) if id == ancestor => return true,
            Some(id) => at = project.code(id).and_then(|c| c.parent),
            None => return false,
        }
    }
    false
}

impl Edit {
    /// Does this edit change nothing? (An empty batch, as planned for a no-op action.)
    pub fn is_noop(&self) -> bool {
        matches!(self, Edit::Batch(v) if v.iter().all(Edit::is_noop))
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod ops_tests;

#[cfg(test)]
pub(crate) mod counts_tests;
