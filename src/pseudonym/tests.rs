use super::*;
use crate::edit::{apply, counts_tests::check_derived};
use crate::model::{Document, Participant, Turn, validate};

fn study() -> Project {
    let mut p = Project::named("Study");
    let d1 = Document::new(
        "Kari, ward 3",
        vec![
            Turn::new(
                Some("Interviewer"),
                "Tell me about Ann and the Annual review.",
            ),
            Turn::new(
                Some("Kari"),
                "Ann said it first. Kari's shift at Northside was long; ANN laughed. Annabel did not.",
            ),
        ],
    );
    let d2 = Document::new(
        "Jonas",
        vec![
            Turn::new(Some("Int"), "Did Kari Nordmann work at Northside?"),
            Turn::new(Some("Jonas"), "Yes, kari and I. Northside's canteen."),
        ],
    );
    for d in [d1, d2] {
        let e = crate::edit::ops::add_document(&p, d);
        let _ = apply(&mut p, e);
    }
    let e = Edit::InsertParticipant {
        index: 0,
        participant: Participant {
            name: "Kari".into(),
            interviewer: false,
            attributes: [("ward".to_owned(), "3".to_owned())].into(),
        },
    };
    let _ = apply(&mut p, e);
    let (code, e) = crate::edit::ops::create_code(&p, "Shifts");
    let _ = apply(&mut p, e);
    let doc = p.documents[0].id;
    let text = &p.documents[0].turns()[1].text;
    let start = p.documents[0].turn_starts()[1];
    let a = start + text.find("Kari's").unwrap_or(0);
    let b = start + text.find(" was").unwrap_or(0);
    if let Some(e) = crate::edit::ops::code_passage(&p, doc, a, b, code, "me") {
        let _ = apply(&mut p, e);
    }
    p
}

fn map() -> Pseudonyms {
    Pseudonyms::new(&[
        ("Kari", "Ola"),
        ("Kari Nordmann", "Ola Hansen"),
        ("Ann", "Eva"),
        ("Northside", "Eastfield"),
    ])
}

#[test]
fn replaces_whole_words_in_their_case() {
    let mut p = study();
    let before = crate::store::to_string(&p).unwrap_or_default();
    let plan = plan(&p, &map()).unwrap_or_else(|e| panic!("{e:?}"));
    let Some(edit) = plan.edit.clone() else {
        panic!("nothing planned");
    };
    let undo = apply(&mut p, edit).unwrap_or_else(|e| panic!("{e}"));
    let d1 = &p.documents[0];
    assert_eq!(
        d1.turns()[0].text,
        "Tell me about Eva and the Annual review."
    );
    assert_eq!(
        d1.turns()[1].text,
        "Eva said it first. Ola's shift at Eastfield was long; EVA laughed. Annabel did not."
    );
    assert_eq!(d1.turns()[1].speaker.as_deref(), Some("Ola"));
    assert_eq!(d1.title, "Ola, ward 3");
    let d2 = &p.documents[1];
    assert_eq!(d2.turns()[0].text, "Did Ola Hansen work at Eastfield?");
    assert_eq!(d2.turns()[1].text, "Yes, ola and I. Eastfield's canteen.");
    // The participant follows with its attributes; the coding stays on the same words.
    assert_eq!(
        p.participant("Ola").map(|x| x.attributes["ward"].as_str()),
        Some("3")
    );
    assert!(p.participant("Kari").is_none());
    let coding = p
        .codings
        .values()
        .next()
        .unwrap_or_else(|| panic!("coding"));
    assert_eq!(d1.slice(coding.range), "Ola's shift at Eastfield");
    assert!(validate(&p).is_empty(), "{:?}", validate(&p));
    check_derived(&p).unwrap_or_else(|e| panic!("{e}"));
    // Per document counts.
    let counts: Vec<usize> = plan.per_document.iter().map(|x| x.2).collect();
    assert_eq!(counts, vec![5, 4]);
    // Nothing left to find.
    assert_eq!(remaining(&p, &map()), vec![]);
    // A name planted afterwards is found.
    let d = p.documents[1].id;
    let (plan2, _) = crate::edit::text_ops::replace(&p, d, TextRange::new(0, 0), "Ann: ")
        .unwrap_or_else(|e| panic!("{e}"));
    let planted = apply(&mut p, plan2.edit).unwrap_or_else(|e| panic!("{e}"));
    let left = remaining(&p, &map());
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].real, "Ann");
    assert!(left[0].context.contains("[Ann]"), "{}", left[0].context);
    // One undo step restores everything byte for byte.
    let _ = apply(&mut p, planted);
    apply(&mut p, undo).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(crate::store::to_string(&p).unwrap_or_default(), before);
}

#[test]
fn bad_maps_are_refused_naming_rows() {
    let errs = Pseudonyms::from_csv("real,pseudonym\nKari,Ola\nkari,Per\nAnn,\nA,B\nB,A\n")
        .err()
        .unwrap_or_default();
    let all = errs.join("\n");
    assert!(
        all.contains("rows 2 and 3") && all.contains("twice"),
        "{all}"
    );
    assert!(all.contains("row 4") && all.contains("empty"), "{all}");
    assert!(
        all.contains("rows 5 and 6") && all.contains("cycle"),
        "{all}"
    );
    assert!(Pseudonyms::from_csv("name,other\nA,B\n").is_err());
    let ok = Pseudonyms::from_csv(
        "\u{feff}real,pseudonym,kind\nKari,Ola,person\n\"Oslo, East\",Town,place\n",
    )
    .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(ok.entries.len(), 2);
    assert_eq!(ok.entries[1].kind, Kind::Place);
    let again = Pseudonyms::from_csv(&ok.to_csv()).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(again, ok);
}

#[test]
fn proposals_come_from_speakers_and_recurring_names() {
    let p = study();
    let props = proposals(&p, 2);
    let names: Vec<&str> = props.iter().map(|x| x.name.as_str()).collect();
    assert!(
        names.contains(&"Kari") && names.contains(&"Jonas"),
        "{names:?}"
    );
    assert!(
        !names.contains(&"Interviewer") && !names.contains(&"Int"),
        "{names:?}"
    );
    let north = props
        .iter()
        .find(|x| x.name == "Northside")
        .unwrap_or_else(|| panic!("Northside not proposed: {names:?}"));
    assert_eq!(north.documents, 2);
    assert!(north.contexts[0].1.contains("[Northside]"));
    // "Tell" starts a sentence, "Annual" is in one document only.
    assert!(
        !names.contains(&"Tell") && !names.contains(&"Annual"),
        "{names:?}"
    );
}

#[test]
fn case_follows_the_original() {
    assert_eq!(match_case("KARI", "Ola"), "OLA");
    assert_eq!(match_case("kari", "Ola"), "ola");
    assert_eq!(match_case("Kari", "Ola"), "Ola");
    assert_eq!(match_case("I", "Ola"), "Ola");
}
