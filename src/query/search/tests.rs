use super::*;
use crate::model::Turn;

fn project(turns: &[(&str, &str)]) -> Project {
    let mut p = Project::named("Search");
    p.participants.push(crate::model::Participant {
        name: "Interviewer".into(),
        interviewer: true,
        attributes: Default::default(),
    });
    p.documents.push(Arc::new(Document::new(
        "Doc",
        turns.iter().map(|(s, t)| Turn::new(Some(s), t)).collect(),
    )));
    p.codes.push(crate::model::Code::new(
        "Found",
        crate::model::Rgb([1, 2, 3]),
    ));
    p.reindex();
    p
}

fn found(p: &Project, pattern: &str, options: &Options) -> Vec<String> {
    let hits = search(p, pattern, options).unwrap_or_else(|e| panic!("{pattern}: {e}"));
    hits.places
        .iter()
        .map(|h| p.documents[0].slice(h.range))
        .collect()
}

fn plain() -> Options {
    Options::default()
}

#[test]
fn case_folding_sharp_s_dotless_i_sigma() {
    let p = project(&[(
        "A",
        "Die STRASSE und die Straße. İstanbul, ıstanbul, Istanbul. ΟΔΟΣ οδος",
    )]);
    assert_eq!(found(&p, "strasse", &plain()), ["STRASSE", "Straße"]);
    assert_eq!(found(&p, "STRAẞE", &plain()), ["STRASSE", "Straße"]);
    assert_eq!(
        found(&p, "istanbul", &plain()),
        ["İstanbul", "ıstanbul", "Istanbul"]
    );
    assert_eq!(found(&p, "οδοσ", &plain()), ["ΟΔΟΣ", "οδος"]);
    let exact = Options {
        case_sensitive: true,
        ..plain()
    };
    assert_eq!(found(&p, "Straße", &exact), ["Straße"]);
    assert!(found(&p, "strasse", &exact).is_empty());
}

#[test]
fn combining_accents_and_emoji_stay_whole() {
    let p = project(&[("A", "Le cafe\u{301} et le café. 👍🏽 and 👍 and 👨‍👩‍👧 family")]);
    // Precomposed and decomposed é find each other, the hit covering the whole cluster.
    assert_eq!(found(&p, "café", &plain()), ["cafe\u{301}", "café"]);
    assert_eq!(found(&p, "cafe\u{301}", &plain()), ["cafe\u{301}", "café"]);
    // "cafe" is not in "café": the accent belongs to the letter.
    assert!(found(&p, "cafe", &plain()).is_empty());
    // A thumb finds the toned thumb too, never splitting it.
    assert_eq!(found(&p, "👍", &plain()), ["👍🏽", "👍"]);
    assert_eq!(found(&p, "👩", &plain()), ["👨‍👩‍👧"]);
    for h in search(&p, "👍", &plain()).unwrap_or_default().places {
        assert!(p.documents[0].is_valid_range(h.range));
    }
}

#[test]
fn regex_errors_are_reported() {
    let p = project(&[("A", "text")]);
    for bad in ["(", "[a-", "a{99999999}", "\\"] {
        let o = Options {
            kind: Kind::Regex,
            ..plain()
        };
        match search(&p, bad, &o) {
            Err(SearchError::BadRegex(m)) => assert!(!m.contains('\n'), "{m}"),
            other => panic!("{bad}: {other:?}"),
        }
    }
    assert_eq!(search(&p, "  ", &plain()), Err(SearchError::Empty));
    // An expression that matches empty text finds nothing rather than everything.
    let o = Options {
        kind: Kind::Regex,
        ..plain()
    };
    assert!(found(&p, "y*", &o).is_empty());
    assert_eq!(found(&p, "x*", &o), ["x"]);
}

#[test]
fn words_phrases_whole_words_and_interviewers() {
    let p = project(&[
        ("Interviewer", "Was the care good?"),
        ("Ann", "Careful care,  really   good care. The carer cares."),
        ("Bob", "Good night."),
    ]);
    assert_eq!(found(&p, "care", &plain()).len(), 6);
    let whole = Options {
        whole_words: true,
        ..plain()
    };
    assert_eq!(found(&p, "care", &whole), ["care", "care", "care"]);
    let skip = Options {
        whole_words: true,
        skip_interviewers: true,
        ..plain()
    };
    assert_eq!(found(&p, "care", &skip), ["care", "care"]);
    assert_eq!(found(&p, "really good", &plain()), ["really   good"]);
    let any = Options {
        kind: Kind::AnyWord,
        whole_words: true,
        ..plain()
    };
    assert_eq!(found(&p, "night care", &any).len(), 4);
    let all = Options {
        kind: Kind::AllWords,
        whole_words: true,
        ..plain()
    };
    // The interviewer's and Ann's turns hold both "care" and "good"; Bob's only "good".
    assert_eq!(
        found(&p, "care good", &all),
        ["care", "good", "care", "good", "care"]
    );
    let re = Options {
        kind: Kind::Regex,
        ..plain()
    };
    assert_eq!(found(&p, r"car\w{2,}", &re), ["Careful", "carer", "cares"]);
    let re_exact = Options {
        kind: Kind::Regex,
        case_sensitive: true,
        ..plain()
    };
    assert_eq!(found(&p, r"car\w{2,}", &re_exact), ["carer", "cares"]);
    // A document filter.
    let none = Options {
        documents: Some(BTreeSet::new()),
        ..plain()
    };
    assert!(found(&p, "care", &none).is_empty());
}

#[test]
fn memos_are_searched_too() {
    let mut p = project(&[("A", "nothing here")]);
    let memo = crate::model::Memo {
        id: MemoId::new(),
        anchor: crate::model::Anchor::Project,
        title: "Journal".into(),
        text: "Thinking about STRAẞE".into(),
        author: crate::model::CoderId::new(),
        created: Timestamp(0),
        modified: Timestamp(0),
        links: vec![],
    };
    p.memos.push(memo.clone());
    let o = Options {
        memos: true,
        ..plain()
    };
    let hits = search(&p, "strasse", &o).unwrap_or_default();
    assert!(hits.places.is_empty());
    assert_eq!(hits.memos.len(), 1);
    assert_eq!(hits.memos[0].memo, memo.id);
}

#[test]
fn widening_to_word_sentence_and_turn() {
    let p = project(&[(
        "Ann",
        "It was calm. The night shift felt safe! Then it changed.",
    )]);
    let d = &p.documents[0];
    let at = |s: &str| {
        let a = d.turns()[0].text.find(s).unwrap_or(0);
        TextRange::new(a, a + s.len())
    };
    let w = |r, u| widen(d, r, u).map(|r| d.slice(r)).unwrap_or_default();
    assert_eq!(w(at("nig"), Unit::Hit), "nig");
    assert_eq!(w(at("nig"), Unit::Word), "night");
    assert_eq!(w(at("ght shi"), Unit::Word), "night shift");
    assert_eq!(w(at("shift"), Unit::Sentence), "The night shift felt safe!");
    assert_eq!(
        w(at("calm. The"), Unit::Sentence),
        "It was calm. The night shift felt safe!"
    );
    assert_eq!(w(at("safe"), Unit::Turn), d.turns()[0].text);
}

#[test]
fn coding_hits_is_one_edit_and_never_codes_twice() -> Result<(), String> {
    let mut p = project(&[
        ("Ann", "Calm nights. Calm days."),
        ("Bob", "Nothing calm here, calm there."),
    ]);
    let before = p.clone();
    let code = p.codes[0].id;
    let hits = search(&p, "calm", &plain()).map_err(|e| e.to_string())?;
    assert_eq!(hits.places.len(), 4);
    // Two hits in Bob's one sentence widen to the same passage: coded once.
    let plan = plan_coding(&p, &hits.places, code, Unit::Sentence, "Ana");
    assert_eq!((plan.codings, plan.already), (3, 0));
    let Some(edit) = plan.edit else {
        return Err("no edit".into());
    };
    let inverse = crate::edit::apply(&mut p, edit).map_err(|e| e.to_string())?;
    assert_eq!(p.codings.len(), 3);
    assert!(p.coder_by_name("Ana").is_some(), "the coder is created");
    // Again: everything is already coded by Ana with this code.
    let again = plan_coding(&p, &hits.places, code, Unit::Sentence, "Ana");
    assert_eq!((again.codings, again.already), (0, 3));
    assert!(again.edit.is_none());
    // Hits inside those sentences are covered too.
    let hit_plan = plan_coding(&p, &hits.places, code, Unit::Hit, "Ana");
    assert_eq!(hit_plan.codings, 0);
    // Another coder codes them for themselves.
    assert_eq!(
        plan_coding(&p, &hits.places, code, Unit::Hit, "Ben").codings,
        4
    );
    // One undo step restores the project.
    crate::edit::apply(&mut p, inverse).map_err(|e| e.to_string())?;
    assert_eq!(p, before);
    Ok(())
}

#[test]
fn folded_offsets_map_back() {
    // "ẞ" (3 bytes) folds to "ss" (2), "e\u{301}" (3 bytes) composes to "é" (2); "ß" folds to
    // "ss" of its own length, so offsets around it need no mapping.
    let f = fold("aẞb e\u{301}cß", true);
    assert_eq!(f.text("aẞb e\u{301}cß"), "assb écss");
    assert_eq!((f.start(1), f.end(3)), (1, 4));
    assert_eq!((f.start(2), f.end(2)), (1, 4));
    assert_eq!(f.start(3), 4);
    assert_eq!((f.start(5), f.end(7)), (6, 9));
    assert_eq!((f.start(7), f.end(8)), (9, 10));
    assert_eq!((f.start(8), f.end(10)), (10, 12));
}

mod threads {
    use super::*;
    use proptest::prelude::*;

    const PARTS: &[&str] = &[
        "calm",
        "Calm",
        "CALM",
        "night",
        "ß",
        "ss",
        "SS",
        "İ",
        "ı",
        "i",
        "café",
        "cafe\u{301}",
        "👍🏽",
        "👍",
        " ",
        "  ",
        ". ",
        "\n",
        "σ",
        "ς",
        "x",
        "_",
    ];

    fn text() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(PARTS), 0..30).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        /// Splitting the documents between threads finds the same hits, in the same order,
        /// as searching them one after another.
        #[test]
        fn threads_find_what_one_thread_finds(
            docs in prop::collection::vec(prop::collection::vec(text(), 1..4), 1..7),
            pattern in prop::sample::select(&["calm", "ss", "i", "café", "👍", "calm night", "[a-z]+ß?", "s σ"][..]),
            kind in prop::sample::select(&Kind::ALL[..]),
            case_sensitive in any::<bool>(),
            whole_words in any::<bool>(),
            threads in 2usize..5,
        ) {
            let mut p = Project::named("Threads");
            for (i, turns) in docs.iter().enumerate() {
                p.documents.push(Arc::new(Document::new(
                    &format!("D{i}"),
                    turns.iter().map(|t| Turn::new(Some("A"), t)).collect(),
                )));
            }
            p.reindex();
            let options = Options { kind, case_sensitive, whole_words, ..Options::default() };
            let index = SearchIndex::new(&p);
            let one = index.run_on(pattern, &options, 1);
            let many = SearchIndex::new(&p).run_on(pattern, &options, threads);
            prop_assert_eq!(one, many);
        }
    }
}
