//! Sign-offs: a reviewer's verdict on a theme, kept with the theme as it was, so that a later
//! change shows as "changed since approved by X on DATE" with what changed.

use super::diff::{Change, theme_changes};
use crate::edit::Edit;
use crate::model::{Project, SignOff, SignOffId, ThemeId, Timestamp, Verdict};

/// The latest sign-off of a theme.
pub fn latest(project: &Project, theme: ThemeId) -> Option<&SignOff> {
    project
        .signoffs
        .iter()
        .filter(|s| s.theme == theme)
        .max_by_key(|s| s.time)
}

pub fn verdict_label(v: Verdict) -> &'static str {
    match v {
        Verdict::Approved => "approved",
        Verdict::ChangesRequested => "changes requested",
    }
}

/// What changed in the theme since `s` was recorded (empty: the theme is as signed).
pub fn changes_since(project: &Project, s: &SignOff) -> Vec<Change> {
    match project.theme(s.theme) {
        Some(now) => theme_changes(&s.state, now, &project.themes, &project.codes),
        None => Vec::new(),
    }
}

/// "approved by X on DATE", "changes requested by X on DATE".
pub fn headline(project: &Project, s: &SignOff) -> String {
    format!(
        "{} by {} on {}",
        verdict_label(s.verdict),
        super::person(project, s.reviewer),
        super::date(s.time)
    )
}

/// "changed since approved by X on DATE", when the theme changed after its latest sign-off.
pub fn changed_since(project: &Project, theme: ThemeId) -> Option<(String, Vec<Change>)> {
    let s = latest(project, theme)?;
    let changes = changes_since(project, s);
    (!changes.is_empty()).then(|| (format!("changed since {}", headline(project, s)), changes))
}

/// The edit that records `reviewer`'s verdict on `theme` now, with `note`.
pub fn sign(
    project: &Project,
    theme: ThemeId,
    reviewer: &str,
    verdict: Verdict,
    note: &str,
) -> Option<Edit> {
    let state = project.theme(theme)?.clone();
    let (reviewer, add) = crate::edit::ops::ensure_coder(project, reviewer);
    let s = SignOff {
        id: SignOffId::new(),
        theme,
        reviewer,
        time: Timestamp::now(),
        verdict,
        note: note.trim().to_owned(),
        state,
    };
    let mut edits: Vec<Edit> = add.into_iter().collect();
    edits.push(Edit::PutSignOff {
        id: s.id,
        value: Some(Box::new(s)),
        at: None,
    });
    Some(Edit::Batch(edits))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::{ThemeField, apply};

    #[test]
    fn a_change_after_approval_is_shown_with_what_changed() {
        let mut p = crate::testing::fixture();
        let t = p.themes[1].id;
        let e = sign(&p, t, "Supervisor", Verdict::Approved, "Good").unwrap_or_else(|| panic!());
        apply(&mut p, e).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(changed_since(&p, t), None);
        let Some(s) = latest(&p, t) else { panic!() };
        assert!(headline(&p, s).starts_with("approved by Supervisor on "));
        // The status is not part of what was approved; the definition is.
        apply(
            &mut p,
            Edit::SetTheme {
                id: t,
                field: ThemeField::Status(crate::model::ThemeStatus::Final),
            },
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(changed_since(&p, t), None);
        apply(
            &mut p,
            Edit::SetTheme {
                id: t,
                field: ThemeField::Description("A quieter clinic".into()),
            },
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let Some((line, changes)) = changed_since(&p, t) else {
            panic!("no change seen")
        };
        assert!(
            line.starts_with("changed since approved by Supervisor on "),
            "{line}"
        );
        assert_eq!(changes.len(), 1);
        assert_eq!(
            changes[0].sentence(),
            "Changed the definition of “Calm clinic”"
        );
    }
}
