//! Agreement table speed: `cargo run --release --example agreement_bench` builds a project of
//! 200 transcripts (12,000 words each, the seed study's size, cut into sentences of twelve words
//! ending in a full stop, so that sentence units cost what they cost on real transcripts) and
//! 120 codes, coded by two coders
//! with 17,000 codings each (the second coder's codings follow the first's: 70 % the same, 15 %
//! with another code, 15 % on a passage moved by a few words), and times the whole-project
//! table (every document, every code) by speaker turn, by sentence and by coded character.
//! Prints `turn_ms=<x> sentence_ms=<x> char_ms=<x>` (the best of three runs each) and the
//! overall figures as a check.

use gloss::model::{Coder, Coding, CodingId, Project, TextRange, Turn};
use gloss::query::agreement::{Unit, compute, whole_project};
use std::sync::Arc;
use std::time::Instant;

#[path = "common/generate.rs"]
mod common;
use common::generate;

/// Ends every twelfth word with a full stop and capitalises the next, moving the codings with
/// the text they code.
fn with_sentences(p: &mut Project) {
    for slot in 0..p.documents.len() {
        let old = p.documents[slot].clone();
        let mut inserted: Vec<usize> = Vec::new(); // old document offsets a '.' went before
        let mut turns = Vec::new();
        for (t, &start) in old.turns().iter().zip(old.turn_starts()) {
            let mut text = String::with_capacity(t.text.len() + t.text.len() / 60);
            let mut capital = true;
            for (w, (off, word)) in t
                .text
                .split(' ')
                .scan(0, |at, word| {
                    let here = *at;
                    *at += word.len() + 1;
                    Some((here, word))
                })
                .enumerate()
            {
                if w > 0 {
                    text.push(' ');
                }
                let mut cs = word.chars();
                if capital && let Some(first) = cs.next() {
                    text.extend(first.to_uppercase());
                    text.push_str(cs.as_str());
                } else {
                    text.push_str(word);
                }
                capital = false;
                if w % 12 == 11 {
                    text.push('.');
                    inserted.push(start + off + word.len());
                    capital = true;
                }
            }
            turns.push(Turn { text, ..t.clone() });
        }
        let mut doc = (*old).clone();
        doc.set_turns(turns);
        p.documents[slot] = Arc::new(doc);
        let moved = |off: usize| off + inserted.partition_point(|&q| q < off);
        p.codings.change_all(|c| {
            if c.document == old.id {
                c.range = TextRange::new(moved(c.range.start), moved(c.range.end));
            }
        });
    }
    p.reindex();
}

fn main() {
    let mut p = generate(200, 12_000, 17_000, 120, 30);
    with_sentences(&mut p);
    let first = p.coders[0].id;
    let second = Coder::new("Second coder");
    let second_id = second.id;
    p.coders.push(second);
    let copies: Vec<Coding> = p.codings.values().collect();
    for (i, c) in copies.into_iter().enumerate() {
        let Some(doc) = p.document(c.document) else {
            continue;
        };
        let mut range = c.range;
        let mut code = c.code;
        match i % 20 {
            // Another code on the same passage.
            0..=2 => code = p.codes[(i * 13) % p.codes.len()].id,
            // The same code a few words further on (snapped to characters in the same turn).
            3..=5 => {
                let (turn, local) = doc.locate(range.start).unwrap_or((0, 0));
                let text = &doc.turns()[turn].text;
                let start = doc.turn_starts()[turn];
                let shift = text[local..].find(' ').map_or(0, |k| k + 1);
                let a = (local + shift).min(text.len().saturating_sub(1));
                let b = (a + range.len()).min(text.len()).max(a + 1);
                range = TextRange::new(start + a, start + b);
            }
            _ => {}
        }
        let id = CodingId::new();
        p.codings.insert(
            id,
            Coding {
                id,
                document: c.document,
                code,
                range,
                coder: second_id,
                created: c.created,
            },
        );
    }
    p.reindex();
    let per = |k| p.codings.values().filter(|c| c.coder == k).count();
    println!(
        "documents={} codes={} codings_first={} codings_second={}",
        p.documents.len(),
        p.codes.len(),
        per(first),
        per(second_id)
    );
    let mut line = Vec::new();
    for unit in Unit::ALL {
        let request = whole_project(&p, vec![first, second_id], unit);
        let mut best = f64::INFINITY;
        let mut last = None;
        for _ in 0..3 {
            let t = Instant::now();
            let table = compute(&p, &request, &mut |_, _| true);
            best = best.min(t.elapsed().as_secs_f64() * 1000.0);
            last = Some(table);
        }
        if let Some(Ok(Some(t))) = last {
            println!(
                "{}: units={} percent={:.2} kappa={:.4} alpha={:.4} disagreements={}",
                unit.key(),
                t.overall.units,
                t.overall.percent.unwrap_or(f64::NAN),
                t.overall.kappa.unwrap_or(f64::NAN),
                t.overall.alpha.unwrap_or(f64::NAN),
                t.disagreements.len()
            );
        }
        line.push(format!("{}_ms={best:.1}", unit.key()));
    }
    println!("{}", line.join(" "));
}
