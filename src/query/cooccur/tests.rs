use super::*;
use crate::query::fixture::{study, texts};

#[test]
fn overlapping_passages_hand_counted() {
    let s = study();
    let t = compute(&s.project, Mode::Overlap);
    assert_eq!(t.labels, ["Dose", "Negotiation", "Rules", "Calm"]);
    // Passages per code (diagonal).
    assert_eq!(
        (0..4).map(|i| t.counts[i][i]).collect::<Vec<_>>(),
        [2, 2, 3, 2]
    );
    // Dose and Calm overlap once ("calm" inside "Dose talk is calm.").
    assert_eq!(t.counts[0][3], 1);
    assert_eq!(t.counts[3][0], 1);
    // Passages holding either: D1 the two Dose passages, D2 Calm's one.
    assert!((t.jaccard(0, 3) - 1.0 / 3.0).abs() < 1e-9);
    // Negotiation and Calm share a turn but never overlap.
    assert_eq!(t.counts[1][3], 0);
    assert_eq!(t.max_off_diagonal(), 1);
    let cell = cell_places(&s.project, Mode::Overlap, s.dose, s.calm);
    assert_eq!(texts(&s.project, &cell), ["Dose talk is calm."]);
}

#[test]
fn same_turn_hand_counted() {
    let s = study();
    let t = compute(&s.project, Mode::SameTurn);
    // Turns: Negotiation D1t1, D2t1; Calm D1t2, D2t1; Rules D1t1, D1t2, D2t2.
    assert_eq!(t.counts[1][3], 1);
    assert!((t.jaccard(1, 3) - 1.0 / 3.0).abs() < 1e-9);
    assert_eq!(t.counts[2][1], 1);
    assert!((t.jaccard(2, 1) - 0.25).abs() < 1e-9);
    assert_eq!(t.counts[2][2], 3);
    assert!((t.jaccard(2, 2) - 1.0).abs() < 1e-9);
    let cell = cell_places(&s.project, Mode::SameTurn, s.negotiation, s.calm);
    assert_eq!(
        texts(&s.project, &cell),
        ["Nights are calm now.", "We negotiate less."]
    );
    let csv = t.csv(true);
    assert!(csv.contains("Rules,0.250,0.250,1.000,0.250"), "{csv}");
}
