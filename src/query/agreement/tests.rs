//! The statistics against published worked examples (values typed in by hand from the sources)
//! and hand-checked edge cases; the project-level table against hand-counted small projects.

use super::stats::{Binary, cohen_kappa, krippendorff_alpha_nominal};
use super::*;
use crate::model::{Code, Coder, Coding, CodingId, Document, Rgb, Timestamp, Turn};
use proptest::prelude::*;

fn close(a: Option<f64>, b: f64) {
    let Some(a) = a else {
        panic!("undefined, expected {b}")
    };
    assert!((a - b).abs() < 1e-9, "{a} != {b}");
}

/// Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Annenberg School for
/// Communication, University of Pennsylvania, section C ("Nominal data, any number of observers,
/// missing values"): four observers, twelve units, categories 1-5, `.` missing. The paper gives
/// n = 40, n_1..n_5 = 9, 13, 10, 5, 3 and alpha = 0.743; the exact value is 1 - 39 * 8 / 1216
/// = 113/152.
#[test]
fn krippendorff_2011_nominal_example() {
    let n = None;
    let s = |v: usize| Some(v);
    let data = vec![
        vec![
            s(1),
            s(2),
            s(3),
            s(3),
            s(2),
            s(1),
            s(4),
            s(1),
            s(2),
            n,
            n,
            n,
        ],
        vec![
            s(1),
            s(2),
            s(3),
            s(3),
            s(2),
            s(2),
            s(4),
            s(1),
            s(2),
            s(5),
            n,
            s(3),
        ],
        vec![
            n,
            s(3),
            s(3),
            s(3),
            s(2),
            s(3),
            s(4),
            s(2),
            s(2),
            s(5),
            s(1),
            n,
        ],
        vec![
            s(1),
            s(2),
            s(3),
            s(3),
            s(2),
            s(4),
            s(4),
            s(1),
            s(2),
            s(5),
            s(1),
            n,
        ],
    ];
    let o = super::stats::coincidences(&data, 6);
    let margins: Vec<f64> = o.iter().map(|r| r.iter().sum()).collect();
    for (c, want) in [(1, 9.0), (2, 13.0), (3, 10.0), (4, 5.0), (5, 3.0)] {
        assert!((margins[c] - want).abs() < 1e-9, "n_{c} = {}", margins[c]);
    }
    close(krippendorff_alpha_nominal(&data, 6), 113.0 / 152.0);
    assert!((113.0_f64 / 152.0 - 0.743).abs() < 0.0005);
}

/// Krippendorff (2011), section A ("Binary or dichotomous data, two observers, no missing
/// data"): ten units, observer A 0 1 0 0 0 0 0 0 1 0, observer B 1 1 1 0 0 1 0 0 0 0; the paper
/// gives alpha = 0.095 (exactly 1 - 19 * 4 / (14 * 6 / 2 * 2) = 2/21).
#[test]
fn krippendorff_2011_binary_example() {
    let a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0];
    let b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0];
    let data = vec![
        a.iter().map(|&v| Some(v)).collect::<Vec<_>>(),
        b.iter().map(|&v| Some(v)).collect(),
    ];
    close(krippendorff_alpha_nominal(&data, 2), 2.0 / 21.0);
    // The same through the aggregated binary counts the project tables use.
    let mut bin = Binary::new(2);
    for (x, y) in a.iter().zip(&b) {
        bin.add(2, x + y, 1);
        bin.pair[*x][*y] += 1;
    }
    close(bin.alpha(), 2.0 / 21.0);
    close(bin.percent(), 60.0);
}

/// Fleiss, J. L. (1981). Statistical Methods for Rates and Proportions (2nd ed.), Wiley,
/// Table 13.1: two raters' diagnoses (psychological, neurological, organic) of 100 subjects,
/// as proportions .75 .01 .04 / .05 .04 .01 / .00 .00 .10. p_o = .89, p_e = .66,
/// kappa = .23 / .34 = 0.676.
#[test]
fn fleiss_1981_kappa_example() {
    let t = vec![
        vec![75.0, 1.0, 4.0],
        vec![5.0, 4.0, 1.0],
        vec![0.0, 0.0, 10.0],
    ];
    close(cohen_kappa(&t), 23.0 / 34.0);
    // Proportions give the same.
    let p: Vec<Vec<f64>> = t
        .iter()
        .map(|r| r.iter().map(|x| x / 100.0).collect())
        .collect();
    close(cohen_kappa(&p), 23.0 / 34.0);
}

/// Cohen's kappa on a 2 x 2 table: 50 items, yes/yes 20, yes/no 5, no/yes 10, no/no 15:
/// p_o = 0.7, p_e = 0.5 * 0.6 + 0.5 * 0.4 = 0.5, kappa = 0.4 (hand-computed).
#[test]
fn kappa_two_by_two() {
    close(cohen_kappa(&[vec![20.0, 5.0], vec![10.0, 15.0]]), 0.4);
}

#[test]
fn statistics_edge_cases() {
    // Perfect agreement with both values used.
    let mut b = Binary::new(2);
    b.add(2, 2, 3);
    b.add(2, 0, 5);
    b.pair = [[5, 0], [0, 3]];
    close(b.kappa(), 1.0);
    close(b.alpha(), 1.0);
    close(b.percent(), 100.0);
    // One coder applies the code to nothing: no better than chance.
    let mut b = Binary::new(2);
    b.add(2, 1, 1);
    b.add(2, 0, 3);
    b.pair = [[3, 0], [1, 0]];
    close(b.kappa(), 0.0);
    close(b.alpha(), 0.0);
    close(b.percent(), 75.0);
    // A code nobody used: agreement is total but chance-corrected figures are undefined.
    let mut b = Binary::new(2);
    b.add(2, 0, 4);
    b.pair = [[4, 0], [0, 0]];
    assert_eq!((b.kappa(), b.alpha()), (None, None));
    close(b.percent(), 100.0);
    // One unit, coders differ; one unit, coders agree.
    let mut b = Binary::new(2);
    b.add(2, 1, 1);
    b.pair = [[0, 0], [1, 0]];
    close(b.kappa(), 0.0);
    close(b.alpha(), 0.0);
    let mut b = Binary::new(2);
    b.add(2, 2, 1);
    b.pair = [[0, 0], [0, 1]];
    assert_eq!((b.kappa(), b.alpha()), (None, None));
    // Nothing at all.
    assert_eq!(Binary::new(3).percent(), None);
    assert_eq!(cohen_kappa(&[]), None);
    assert_eq!(krippendorff_alpha_nominal(&[], 2), None);
}

proptest! {
    /// The aggregated binary counts give the same alpha as the coincidence matrix built from the
    /// reliability data unit by unit, for any number of coders and missing values.
    #[test]
    fn binary_counts_equal_the_general_alpha(
        data in prop::collection::vec(prop::collection::vec(prop::option::of(0usize..2), 1..30), 2..5)
    ) {
        let units = data.iter().map(Vec::len).min().unwrap_or(0);
        let data: Vec<Vec<Option<usize>>> = data.iter().map(|r| r[..units].to_vec()).collect();
        let mut bin = Binary::new(data.len());
        for u in 0..units {
            let values: Vec<usize> = data.iter().filter_map(|r| r[u]).collect();
            bin.add(values.len(), values.iter().sum(), 1);
        }
        let general = krippendorff_alpha_nominal(&data, 2);
        match (bin.alpha(), general) {
            (Some(a), Some(b)) => prop_assert!((a - b).abs() < 1e-9, "{} vs {}", a, b),
            (a, b) => prop_assert_eq!(a, b),
        }
    }
}

// --- The project-level table ---

struct Small {
    p: Project,
    a: CoderId,
    b: CoderId,
    x: CodeId,
    y: CodeId,
    doc: DocId,
}

fn small(turns: &[&str]) -> Small {
    let mut p = Project::named("agreement");
    let (a, b) = (Coder::new("Ana"), Coder::new("Ben"));
    let (ida, idb) = (a.id, b.id);
    p.coders.extend([a, b]);
    let (x, y) = (
        Code::new("X", Rgb([1, 2, 3])),
        Code::new("Y", Rgb([3, 2, 1])),
    );
    let (idx, idy) = (x.id, y.id);
    p.codes.extend([x, y]);
    let d = Document::new(
        "doc",
        turns.iter().map(|t| Turn::new(Some("P"), t)).collect(),
    );
    let doc = d.id;
    p.documents.push(d.into());
    p.reindex();
    Small {
        p,
        a: ida,
        b: idb,
        x: idx,
        y: idy,
        doc,
    }
}

impl Small {
    /// Codes turn `turn`'s bytes `a..b` (`None`: the whole turn).
    fn code(&mut self, coder: CoderId, code: CodeId, turn: usize, span: Option<(usize, usize)>) {
        let Some(d) = self.p.document(self.doc) else {
            panic!("no document")
        };
        let s = d.turn_starts()[turn];
        let (a, b) = span.unwrap_or((0, d.turns()[turn].text.len()));
        let id = CodingId::new();
        self.p.codings.insert(
            id,
            Coding {
                id,
                document: self.doc,
                code,
                range: TextRange::new(s + a, s + b),
                coder,
                created: Timestamp(0),
            },
        );
        self.p.reindex();
    }

    fn table(&self, unit: Unit) -> Table {
        let r = whole_project(&self.p, vec![self.a, self.b], unit);
        match compute(&self.p, &r, &mut |_, _| true) {
            Ok(Some(t)) => t,
            other => panic!("no table: {other:?}"),
        }
    }
}

fn row(t: &Table, code: CodeId) -> Figures {
    t.rows
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, f)| f.clone())
        .unwrap_or_else(|| panic!("no row"))
}

#[test]
fn turns_counted_by_hand() {
    let mut s = small(&["one", "two", "three", "four"]);
    s.code(s.a, s.x, 0, None);
    s.code(s.a, s.x, 1, None);
    s.code(s.b, s.x, 1, Some((0, 1)));
    s.code(s.b, s.x, 2, None);
    let t = s.table(Unit::Turn);
    let x = row(&t, s.x);
    assert_eq!((x.units, x.a_only, x.b_only, x.both), (4, 1, 1, 1));
    close(x.percent, 50.0);
    close(x.kappa, 0.0);
    // o00 = o11 = 2, o01 = o10 = 2, n = 8: alpha = 1 - 7 * 4 / 32.
    close(x.alpha, 0.125);
    // Y: nobody used it.
    let y = row(&t, s.y);
    assert_eq!((y.units, y.a_only, y.b_only, y.both), (4, 0, 0, 0));
    close(y.percent, 100.0);
    assert_eq!((y.kappa, y.alpha), (None, None));
    // Overall: turns 1 and 3 have the same sets.
    close(t.overall.percent, 50.0);
    assert_eq!(t.overall.units, 4);
    assert_eq!(
        (t.overall.a_only, t.overall.b_only, t.overall.both),
        (1, 1, 1)
    );
    // Pooled: 8 decisions, X's four plus Y's four agreeing absences.
    // Table [[5, 1], [1, 1]]: p_o = 6/8, p_e = (6/8)^2 + (2/8)^2 = 40/64; kappa = (8/64)/(24/64).
    close(t.overall.kappa, 1.0 / 3.0);
    assert_eq!(t.disagreements.len(), 2);
    assert_eq!(t.disagreements[0].turn, 0);
    assert_eq!(
        t.disagreements[0].codes,
        vec![Some(vec![s.x]), Some(vec![])]
    );
    assert!(t.disagreements[0].involves(s.x) && !t.disagreements[0].involves(s.y));
    assert_eq!(t.documents_compared, 1);
}

#[test]
fn perfect_agreement_and_one_unit() {
    let mut s = small(&["alpha", "beta"]);
    for k in [s.a, s.b] {
        s.code(k, s.x, 0, None);
        s.code(k, s.y, 1, None);
    }
    let t = s.table(Unit::Turn);
    for code in [s.x, s.y] {
        let f = row(&t, code);
        close(f.kappa, 1.0);
        close(f.alpha, 1.0);
        close(f.percent, 100.0);
    }
    assert!(t.disagreements.is_empty());

    let mut s = small(&["only"]);
    s.code(s.a, s.x, 0, None);
    s.code(s.b, s.y, 0, None);
    let t = s.table(Unit::Turn);
    let x = row(&t, s.x);
    assert_eq!((x.units, x.a_only, x.b_only, x.both), (1, 1, 0, 0));
    close(x.percent, 0.0);
    close(x.kappa, 0.0);
    close(x.alpha, 0.0);
}

#[test]
fn a_coder_who_coded_nothing_is_missing_not_absent() {
    let mut s = small(&["one", "two"]);
    s.code(s.a, s.x, 0, None);
    let t = s.table(Unit::Turn);
    let x = row(&t, s.x);
    assert_eq!(x.units, 0);
    assert_eq!((x.percent, x.kappa, x.alpha), (None, None, None));
    assert_eq!(t.documents_compared, 0);
    assert!(t.disagreements.is_empty());
}

#[test]
fn sentences_counted_by_hand() {
    let mut s = small(&["I went home. I sat in the car. It was late."]);
    // A: "I went home." B: "home. I sat" (the first two sentences).
    s.code(s.a, s.x, 0, Some((0, 12)));
    s.code(s.b, s.x, 0, Some((7, 18)));
    let t = s.table(Unit::Sentence);
    let x = row(&t, s.x);
    assert_eq!((x.units, x.a_only, x.b_only, x.both), (3, 0, 1, 1));
    close(x.percent, 200.0 / 3.0);
    assert_eq!(t.disagreements.len(), 1);
    assert_eq!(t.disagreements[0].range, TextRange::new(13, 31));
}

#[test]
fn characters_count_only_coded_text() {
    // "é" is two bytes: A codes "ééc" + "c", B codes "ccdd"; the trailing "zz" nobody coded.
    let mut s = small(&["ééccddzz"]);
    s.code(s.a, s.x, 0, Some((0, 6)));
    s.code(s.b, s.x, 0, Some((4, 8)));
    let t = s.table(Unit::Char);
    let x = row(&t, s.x);
    assert_eq!((x.units, x.a_only, x.b_only, x.both), (6, 2, 2, 2));
    // Table [[0, 2], [2, 2]]: p_o = 2/6, p_e = (4/6)^2 + (2/6)^2 = 20/36: kappa = -0.5.
    close(x.kappa, -0.5);
    close(x.percent, 100.0 / 3.0);
    let runs: Vec<TextRange> = t.disagreements.iter().map(|d| d.range).collect();
    assert_eq!(runs, vec![TextRange::new(0, 4), TextRange::new(6, 8)]);
}

#[test]
fn three_coders_give_alpha_but_no_kappa() {
    let mut s = small(&["one", "two", "three"]);
    let c = Coder::new("Cy");
    let cid = c.id;
    s.p.coders.push(c);
    s.code(s.a, s.x, 0, None);
    s.code(s.b, s.x, 0, None);
    s.code(cid, s.x, 1, None);
    let r = Request {
        coders: vec![s.a, s.b, cid],
        ..whole_project(&s.p, vec![], Unit::Turn)
    };
    let Ok(Some(t)) = compute(&s.p, &r, &mut |_, _| true) else {
        panic!("no table")
    };
    let x = row(&t, s.x);
    assert_eq!(x.kappa, None);
    // Units: (1,1,0), (0,0,1), (0,0,0): the general formula over the same data.
    let data = vec![
        vec![Some(1), Some(0), Some(0)],
        vec![Some(1), Some(0), Some(0)],
        vec![Some(0), Some(1), Some(0)],
    ];
    close(
        x.alpha,
        krippendorff_alpha_nominal(&data, 2).unwrap_or(f64::NAN),
    );
    close(x.percent, 100.0 / 3.0);
}

#[test]
fn requests_that_cannot_be_computed() {
    let s = small(&["one"]);
    let mut r = whole_project(&s.p, vec![s.a], Unit::Turn);
    assert_eq!(
        compute(&s.p, &r, &mut |_, _| true),
        Err(Problem::TooFewCoders)
    );
    r.coders = vec![s.a, s.b];
    r.codes.clear();
    assert_eq!(compute(&s.p, &r, &mut |_, _| true), Err(Problem::NoCodes));
    // Stopping midway gives nothing.
    let r = whole_project(&s.p, vec![s.a, s.b], Unit::Turn);
    assert_eq!(compute(&s.p, &r, &mut |_, _| false), Ok(None));
}

// --- Resolving ---

fn apply(p: &mut Project, e: Edit) -> Edit {
    crate::edit::apply(p, e).unwrap_or_else(|e| panic!("edit refused: {e}"))
}

use crate::edit::Edit;

fn mine(p: &Project, coder: &str) -> Vec<(CodeId, TextRange)> {
    let Some(k) = p.coder_by_name(coder) else {
        return Vec::new();
    };
    let mut v: Vec<_> = p
        .codings
        .values()
        .filter(|c| c.coder == k.id)
        .map(|c| (c.code, c.range))
        .collect();
    v.sort_by_key(|(c, r)| (*c, r.start));
    v
}

#[test]
fn resolutions_make_consensus_codings_and_undo() {
    let mut s = small(&["one two three", "four"]);
    s.code(s.a, s.x, 0, Some((0, 7)));
    s.code(s.b, s.x, 0, Some((4, 13)));
    s.code(s.b, s.y, 0, Some((0, 3)));
    let unit = TextRange::new(0, 13);
    let before = s.p.clone();
    let originals: Vec<Coding> = s.p.codings.values().collect();
    let pair = (s.a, s.b);
    let codes = [s.x, s.y];
    let doc = s.doc;
    let plan = |p: &Project, how| match resolve(p, doc, unit, pair, &codes, "Team", how) {
        Ok(Some(e)) => e,
        other => panic!("no plan: {other:?}"),
    };

    let e = plan(&s.p, Resolution::AcceptA);
    apply(&mut s.p, e);
    assert_eq!(mine(&s.p, "Team"), vec![(s.x, TextRange::new(0, 7))]);
    // Again: nothing to do.
    assert_eq!(
        resolve(&s.p, s.doc, unit, pair, &codes, "Team", Resolution::AcceptA),
        Ok(None)
    );
    let e = plan(&s.p, Resolution::Both);
    apply(&mut s.p, e);
    // X of A (0..7) and B (4..13) join; Y from B.
    let mut want = vec![(s.x, TextRange::new(0, 13)), (s.y, TextRange::new(0, 3))];
    want.sort_by_key(|(c, r)| (*c, r.start));
    assert_eq!(mine(&s.p, "Team"), want);
    let e = plan(&s.p, Resolution::AcceptB);
    apply(&mut s.p, e);
    let mut want = vec![(s.x, TextRange::new(4, 13)), (s.y, TextRange::new(0, 3))];
    want.sort_by_key(|(c, r)| (*c, r.start));
    assert_eq!(mine(&s.p, "Team"), want);
    let e = plan(&s.p, Resolution::Neither);
    apply(&mut s.p, e);
    assert!(mine(&s.p, "Team").is_empty());
    // The compared coders' codings never changed.
    for c in &originals {
        assert_eq!(s.p.codings.get(&c.id).as_ref(), Some(c));
    }
    // Undo of the first step (after undoing the later ones) gives back the project exactly.
    let mut q = before.clone();
    let first = plan(&q, Resolution::AcceptA);
    let inv_q = apply(&mut q, first);
    apply(&mut q, inv_q);
    assert_eq!(q.codings, before.codings);
    assert_eq!(q.coders, before.coders);
}

#[test]
fn a_resolution_keeps_consensus_work_outside_the_unit() {
    let mut s = small(&["one two three"]);
    s.code(s.a, s.x, 0, Some((0, 3)));
    let team = Coder::new("Team");
    let team_id = team.id;
    s.p.coders.push(team);
    s.code(team_id, s.x, 0, Some((0, 13)));
    let unit = TextRange::new(0, 7);
    let Ok(Some(e)) = resolve(
        &s.p,
        s.doc,
        unit,
        (s.a, s.b),
        &[s.x],
        "Team",
        Resolution::AcceptB,
    ) else {
        panic!("no plan")
    };
    apply(&mut s.p, e);
    assert_eq!(mine(&s.p, "Team"), vec![(s.x, TextRange::new(7, 13))]);
    // The consensus coder cannot be a compared coder; a name is needed.
    assert!(matches!(
        resolve(
            &s.p,
            s.doc,
            unit,
            (s.a, s.b),
            &[s.x],
            "Ana",
            Resolution::AcceptB
        ),
        Err(ResolveError::ConsensusIsCompared(_))
    ));
    assert_eq!(
        resolve(
            &s.p,
            s.doc,
            unit,
            (s.a, s.b),
            &[s.x],
            " ",
            Resolution::AcceptB
        ),
        Err(ResolveError::NoConsensusName)
    );
}
