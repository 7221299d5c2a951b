//! File safety from the command line: errors are one readable line naming the file; a project
//! open in a window is not written; an old project keeps its original when upgraded.

use std::process::{Command, Output};

fn gloss(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gloss"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("could not run gloss: {e}"))
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn errors_are_one_line_naming_the_file() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let future = dir.path().join("future.gloss");
    let text = gloss::SAMPLE_PROJECT.replacen("format_version: 3", "format_version: 5", 1);
    std::fs::write(&future, &text).unwrap_or_else(|e| panic!("{e}"));
    let broken = dir.path().join("broken.gloss");
    let cut = &gloss::SAMPLE_PROJECT[..gloss::SAMPLE_PROJECT.len() / 2];
    std::fs::write(&broken, cut).unwrap_or_else(|e| panic!("{e}"));
    for (file, needle) in [(&future, "format 5"), (&broken, "broken.gloss:")] {
        let out = gloss(&["info", &file.display().to_string()]);
        assert!(!out.status.success());
        let err = stderr(&out);
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
        assert!(err.starts_with("gloss: ") && err.contains(needle), "{err}");
        assert!(err.contains("not changed"), "{err}");
    }
    assert_eq!(std::fs::read_to_string(&future).ok(), Some(text));
}

#[test]
fn import_refuses_a_project_open_in_a_window() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let project = dir.path().join("p.gloss");
    std::fs::write(&project, gloss::SAMPLE_PROJECT).unwrap_or_else(|e| panic!("{e}"));
    let transcript = dir.path().join("t.txt");
    std::fs::write(&transcript, "Interviewer: Hello?\nKari: Hi.\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let host = gloss::store::lock_holder(&project).map(|h| h.host);
    assert!(host.is_none());
    // A live process (pid 1) on another host cannot be checked, so it counts as holding it.
    std::fs::write(dir.path().join(".p.gloss.lock"), "pid=1\nhost=lab-pc\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let out = gloss(&[
        "import",
        &project.display().to_string(),
        &transcript.display().to_string(),
    ]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("p.gloss is open in Gloss (process 1) on lab-pc"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(&project).ok().as_deref(),
        Some(gloss::SAMPLE_PROJECT)
    );
}

#[test]
fn importing_into_an_old_project_keeps_the_original() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let project = dir.path().join("old.gloss");
    let v1 = include_str!("fixtures/v1.gloss");
    std::fs::write(&project, v1).unwrap_or_else(|e| panic!("{e}"));
    let transcript = dir.path().join("t.txt");
    std::fs::write(&transcript, "Interviewer: Hello?\nKari: Hi.\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let out = gloss(&[
        "import",
        &project.display().to_string(),
        &transcript.display().to_string(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("old.v1.gloss.bak"))
            .ok()
            .as_deref(),
        Some(v1)
    );
    let now = std::fs::read_to_string(&project).unwrap_or_default();
    assert!(now.contains("format_version: 3,"));
    assert!(gloss::store::load(&project).is_ok_and(|p| p.documents.len() == 7));
}
