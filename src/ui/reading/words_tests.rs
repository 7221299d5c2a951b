//! Tests of [`super`]: the words module of the reading pane.

use super::super::lines::unpack;
use super::*;
use egui::FontId;
use egui::epaint::text::cursor::CCursor;

fn format() -> TextFormat {
    TextFormat {
        font_id: FontId::proportional(15.0),
        color: Color32::WHITE,
        line_height: Some(22.5),
        ..Default::default()
    }
}

/// Runs `f` inside a frame of a fresh context, as the pane does.
fn in_frame<R>(f: impl FnOnce(&egui::Context) -> R) -> R {
    let ctx = egui::Context::default();
    let mut f = Some(f);
    let mut out = None;
    let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
        if let Some(f) = f.take() {
            out = Some(f(ui.ctx()));
        }
    });
    output.textures_delta.clear();
    match out {
        Some(r) => r,
        None => panic!("the frame did not run"),
    }
}

#[test]
fn segments_keep_spaces_with_the_word_before() {
    assert_eq!(
        segments("I sat  in the car."),
        Some(vec!["I ", "sat  ", "in ", "the ", "car."])
    );
    assert_eq!(segments(" lead"), Some(vec![" ", "lead"]));
    // A combining mark after a space belongs to the space's cluster: no cut before it.
    assert_eq!(segments("a \u{301}b c"), Some(vec!["a \u{301}b ", "c"]));
    assert_eq!(segments(&"x".repeat(200)), None);
}

#[test]
fn word_set_paragraphs_match_egui_in_glyphs_and_width() {
    let text = "The first weeks were intense, and I went home and sat in the car before I \
                could drive. Nobody told me how hard it would be 👩‍⚕️ café naïve 🇩🇰 e\u{301}.";
    in_frame(|ctx| {
        let mut cache = WordCache::default();
        let f = format();
        cache.begin_frame(ctx, &f);
        for wrap in [120.0, 260.0, 400.0, 2000.0] {
            let ours = cache.paragraph(ctx, 0, text, &f, wrap);
            let egui = ctx.fonts_mut(|fo| fo.layout_job(paragraph_job(text, &f, wrap)));
            assert_eq!(cache.set_by_egui, 0, "set from words at {wrap}");
            let chars = text.chars().count();
            let glyphs: usize = ours.rows.iter().map(|r| r.glyphs.len()).sum();
            assert_eq!(glyphs, chars, "one glyph per char at {wrap}");
            assert_eq!(ours.text(), text);
            assert!(ours.size().x <= wrap + 0.01, "{:?} at {wrap}", ours.size());
            // Same rows as egui, give or take one where a word ends right at the margin.
            let (a, b) = (ours.rows.len() as i64, egui.rows.len() as i64);
            assert!((a - b).abs() <= 1, "{a} rows vs egui's {b} at {wrap}");
            // Pointing at any char's position finds that position again (a char inside an
            // emoji sequence shares its place with the others of the sequence), and
            // positions run left to right, top to bottom.
            let at = |c: usize| ours.pos_from_cursor(CCursor::new(c));
            let mut last = at(0);
            for c in 0..=chars {
                let r = at(c);
                let back = ours.cursor_from_pos(r.center().to_vec2()).index.0;
                assert_eq!(at(back), r, "char {c} found as {back}");
                assert!(
                    r.min.y > last.min.y || (r.min.y == last.min.y && r.min.x >= last.min.x),
                    "char {c} at {r:?} before {last:?}"
                );
                last = r;
            }
            // Glyph meshes: four vertices per visible glyph, offsets consistent.
            for row in &ours.rows {
                for g in &row.glyphs {
                    assert!(g.first_vertex as usize <= row.visuals.mesh.vertices.len());
                }
            }
            cache.forget_paragraphs();
        }
    });
}

/// On one row, every glyph sits where egui's own layout of the whole paragraph puts it (to
/// within a pixel, though in practice exactly): words are moved by whole pixels from where
/// they were shaped, less the sub-pixel offset their bitmaps were drawn at.
#[test]
fn glyphs_sit_where_egui_puts_them() {
    let text = "Guishment hard mean guverten drive ingion really tramiluar proud of night \
                weeks sagu stølu, plepetensa dorblear. We went, and I sat in the car; AVA \
                Type 'quoted' “typographic” words — dashes – and 42.5 % numbers.";
    in_frame(|ctx| {
        let mut cache = WordCache::default();
        let f = format();
        cache.begin_frame(ctx, &f);
        // Shaping words one by one in a different order must not matter either.
        cache.prepare(ctx, [(9, "night proud of weeks guverten")], &f);
        let ours = cache.paragraph(ctx, 0, text, &f, 10_000.0);
        let egui = ctx.fonts_mut(|fo| fo.layout_job(paragraph_job(text, &f, 10_000.0)));
        assert_eq!(ours.rows.len(), 1);
        assert_eq!(egui.rows.len(), 1);
        let (a, b) = (&ours.rows[0].glyphs, &egui.rows[0].glyphs);
        assert_eq!(a.len(), b.len());
        for (i, (x, y)) in a.iter().zip(b.iter()).enumerate() {
            assert!(
                (x.pos.x - y.pos.x).abs() <= 1.0,
                "glyph {i} {:?} at {} where egui has {}",
                x.chr,
                x.pos.x,
                y.pos.x
            );
        }
    });
}

#[test]
fn rebuilt_glyphs_are_egui_s_on_one_line() {
    // One row, so egui's glyphs and ours must agree field by field (positions within the
    // rounding to a pixel that placing whole words makes).
    let text = "Nobody told me, how hard it would be: café naïve 👩‍⚕️ e\u{301} 🇩🇰 done.";
    in_frame(|ctx| {
        let mut cache = WordCache::default();
        let f = format();
        cache.begin_frame(ctx, &f);
        let ours = cache.paragraph(ctx, 0, text, &f, 2000.0);
        let egui = ctx.fonts_mut(|fo| fo.layout_job(paragraph_job(text, &f, 2000.0)));
        assert_eq!(cache.set_from_words, 1);
        assert_eq!((ours.rows.len(), egui.rows.len()), (1, 1));
        let (a, b) = (&ours.rows[0].glyphs, &egui.rows[0].glyphs);
        assert_eq!(a.len(), b.len());
        for (x, y) in a.iter().zip(b) {
            assert_eq!(x.chr, y.chr);
            assert!((x.pos.x - y.pos.x).abs() <= 1.0, "{x:?} vs {y:?}");
            assert_eq!(x.pos.y, y.pos.y);
            assert_eq!(x.advance_width, y.advance_width);
            // The same glyph, though maybe rasterised at another subpixel offset.
            assert_eq!(x.uv_rect.is_nothing(), y.uv_rect.is_nothing());
            assert!((x.uv_rect.size - y.uv_rect.size).length() <= 1.5);
            assert_eq!(
                (x.line_height, x.font_ascent, x.font_height),
                (y.line_height, y.font_ascent, y.font_height)
            );
            assert_eq!(
                (x.font_face_ascent, x.font_face_height, x.is_color),
                (y.font_face_ascent, y.font_face_height, y.is_color)
            );
        }
        assert_eq!(
            ours.rows[0].visuals.mesh.vertices.len(),
            egui.rows[0].visuals.mesh.vertices.len()
        );
    });
}

#[test]
fn packed_glyphs_unpack_to_the_same_glyphs() {
    let text = "Packed: café naïve 👩‍⚕️ e\u{301} 🇩🇰 一二 \u{a0}x\ty.";
    in_frame(|ctx| {
        let f = format();
        let ppp = ctx.pixels_per_point();
        let g = ctx.fonts_mut(|fo| fo.layout_job(paragraph_job(text, &f, f32::INFINITY)));
        let mut faces = Vec::new();
        for row in &g.rows {
            for glyph in &row.glyphs {
                let p = pack(glyph, 0.0, ppp, &mut faces);
                let back = p.and_then(|p| unpack(&p, &faces, ppp)).map(|mut b| {
                    b.first_vertex = glyph.first_vertex;
                    b
                });
                assert_eq!(back, Some(*glyph));
            }
        }
        assert!(faces.len() >= 2, "emoji and text faces: {}", faces.len());
    });
}

#[test]
fn a_word_whose_hash_is_taken_is_never_shown_with_another_s_glyphs() {
    in_frame(|ctx| {
        let mut cache = WordCache {
            collide: true,
            ..Default::default()
        };
        let f = format();
        cache.begin_frame(ctx, &f);
        // Only the first word shaped is cached; the others share its hash.
        let g = cache.paragraph(ctx, 0, "one one ", &f, 300.0);
        assert_eq!(g.text(), "one one ");
        assert_eq!(cache.set_from_words, 1);
        cache.prepare(ctx, [(9, "two three")], &f);
        let g = cache.paragraph(ctx, 1, "two three", &f, 300.0);
        assert_eq!(cache.set_by_egui, 1);
        let chars: String = g
            .rows
            .iter()
            .flat_map(|r| &r.glyphs)
            .map(|g| g.chr)
            .collect();
        assert_eq!(chars, "two three");
        assert_eq!(cache.words.len(), 1);
        assert!(cache.word("one ").is_some() && cache.word("two ").is_none());
        // The cached word's glyphs are still its own.
        let g = cache.paragraph(ctx, 2, "one one one ", &f, 300.0);
        let chars: String = g
            .rows
            .iter()
            .flat_map(|r| &r.glyphs)
            .map(|g| g.chr)
            .collect();
        assert_eq!(chars, "one one one ");
        assert_eq!(cache.set_from_words, 2);
    });
}

/// Words composed from what a shaped run taught have exactly the glyphs egui gives them
/// when it shapes them on their own: positions, advances (kerning included) and bitmaps.
#[test]
fn composed_words_match_egui_shaping_them() {
    let teach = "The quick brown fox jumps over the lazy dog. Pack my box with five dozen \
                 liquor jugs! Waltz, bad nymph, for quick jigs vex. AV To Ty Yo we're fine, \
                 \"quoted\" 1234567890 (really) [sic] tired; proud-of it's café naïve. Boxy \
                 mixing, hype Typhoon swap AVon Vow porky Zebras washes big-time (5678) \
                 Tsingtao epochs! Lazy ghost quail.";
    let words = [
        "jugs ",
        "foxy",
        "vexing, ",
        "Typo ",
        "waltzing.",
        "AVow ",
        "quirky ",
        "Zebra",
        "café ",
        "nymphs!",
        "proud ",
        "of ",
        "dog-tired ",
        "(5678)",
    ];
    in_frame(|ctx| {
        let mut cache = WordCache::default();
        let f = format();
        cache.begin_frame(ctx, &f);
        cache.prepare(ctx, [(0, teach)], &f);
        let (Some(space), ppp) = (cache.space, ctx.pixels_per_point()) else {
            panic!("no run shaped");
        };
        // Runs shifted by a few narrow letters show each glyph at other sub-pixel offsets,
        // as the many runs of a long transcript do.
        for k in 1..12 {
            let shifted = format!("{}{teach}", "i".repeat(k));
            let run = ctx.fonts_mut(|fo| fo.layout_job(paragraph_job(&shifted, &f, f32::INFINITY)));
            let faces = &mut cache.faces;
            cache.composer.learn(&run.rows[0].glyphs, 0.0, ppp, |g| {
                pack(g, 0.0, ppp, faces).map(|p| p.face)
            });
        }
        let mut composed = 0;
        for w in words {
            let mut out = Vec::new();
            if cache
                .composer
                .compose(w, ' ', ppp, space, &mut out)
                .is_none()
            {
                continue;
            }
            composed += 1;
            let run = if w.ends_with(' ') {
                w.to_owned()
            } else {
                format!("{w} ")
            };
            let egui = ctx.fonts_mut(|fo| fo.layout_job(paragraph_job(&run, &f, f32::INFINITY)));
            let row = &egui.rows[0];
            assert_eq!(out.len(), w.chars().count());
            for (c, g) in out.iter().zip(&row.glyphs) {
                assert_eq!(c.chr, g.chr, "{w}");
                assert_eq!(c.x, g.pos.x, "{w}: {:?}", c.chr);
                let adv = if g.chr == ' ' { space } else { g.advance_width };
                assert!((c.advance - adv).abs() < 1e-4, "{w}: {:?}", c.chr);
                assert_eq!(
                    (c.bitmap.min, c.bitmap.max, c.bitmap.offset),
                    (g.uv_rect.min, g.uv_rect.max, g.uv_rect.offset),
                    "{w}: {:?}",
                    c.chr
                );
            }
        }
        assert!(composed >= 10, "only {composed} of the words were composed");
    });
}

/// Through the bundled sample's six transcripts, set paragraph by paragraph as the pane
/// does (so that later words are composed from what earlier runs taught), every glyph sits
/// within a pixel of where egui's own layout of the paragraph puts it, half a pixel on
/// average: a word starts on a whole pixel (egui draws each glyph at a quarter pixel), the
/// glyphs within it as egui spaces them.
#[test]
fn the_sample_transcripts_set_as_egui_sets_them() {
    let texts = [
        include_str!("../../../assets/sample/r1_harbour_nurses.txt"),
        include_str!("../../../assets/sample/r1_harbour_socialworker.txt"),
        include_str!("../../../assets/sample/r1_northside_doctor.txt"),
        include_str!("../../../assets/sample/r1_northside_nurses.txt"),
        include_str!("../../../assets/sample/r2_harbour_doctor.txt"),
        include_str!("../../../assets/sample/r2_northside_nurses.txt"),
    ];
    in_frame(|ctx| {
        let mut cache = WordCache::default();
        let f = format();
        cache.begin_frame(ctx, &f);
        let (mut glyphs, mut off) = (0, 0.0);
        let paragraphs = texts
            .iter()
            .flat_map(|t| t.lines())
            .filter(|l| !l.is_empty());
        for (i, text) in paragraphs.enumerate() {
            let ours = cache.paragraph(ctx, i, text, &f, 100_000.0);
            let egui = ctx.fonts_mut(|fo| fo.layout_job(paragraph_job(text, &f, 100_000.0)));
            let (a, b) = (&ours.rows[0].glyphs, &egui.rows[0].glyphs);
            assert_eq!(a.len(), b.len(), "{text}");
            for (x, y) in a.iter().zip(b.iter()) {
                glyphs += 1;
                assert_eq!(x.chr, y.chr);
                assert!((x.pos.x - y.pos.x).abs() <= 1.0, "{:?} in {text}", x.chr);
                off += (x.pos.x - y.pos.x).abs();
            }
        }
        assert!(
            cache.composed_words > 500,
            "{} composed",
            cache.composed_words
        );
        let mean = off / glyphs as f32;
        assert!(mean <= 0.5, "glyphs are {mean} px off on average");
    });
}

#[test]
fn lines_break_only_between_words_and_stay_within_the_wrap() {
    let text = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi \
                omicron pi rho sigma tau upsilon phi chi psi omega";
    in_frame(|ctx| {
        let mut cache = WordCache::default();
        let f = format();
        cache.begin_frame(ctx, &f);
        let g = cache.paragraph(ctx, 3, text, &f, 150.0);
        assert!(g.rows.len() > 3);
        let mut at = 0;
        for row in &g.rows {
            let s: String = row.glyphs.iter().map(|g| g.chr).collect();
            // Rows start on a word and end after its space (the last row on the text's end).
            assert!(!s.starts_with(' '), "{s:?}");
            assert!(text[at..].starts_with(&s));
            at += s.len();
            let ink = row
                .glyphs
                .iter()
                .rfind(|g| g.chr != ' ')
                .map_or(0.0, |g| g.max_x());
            assert!(ink <= 150.0 + 0.5, "{s:?} is {ink} wide");
        }
        assert_eq!(at, text.len());
        // Kept while shown: the same galley again, without setting it anew.
        let again = cache.paragraph(ctx, 3, text, &f, 150.0);
        assert!(Arc::ptr_eq(&g, &again));
        assert_eq!(cache.set_from_words, 1);
    });
}

#[test]
fn what_words_cannot_set_goes_to_egui() {
    in_frame(|ctx| {
        let mut cache = WordCache::default();
        let f = format();
        cache.begin_frame(ctx, &f);
        let long = "一二三四五六七八九十".repeat(20);
        for (i, text) in [
            "two\nlines",
            "",
            long.as_str(),
            "a supercalifragilistic word",
        ]
        .iter()
        .enumerate()
        {
            let g = cache.paragraph(ctx, i, text, &f, 60.0);
            assert_eq!(g.text(), *text);
        }
        assert_eq!(cache.set_by_egui, 4);
    });
}

#[test]
fn a_new_style_or_frame_without_the_paragraph_forgets_it() {
    in_frame(|ctx| {
        let mut cache = WordCache::default();
        let mut f = format();
        cache.begin_frame(ctx, &f);
        cache.paragraph(ctx, 0, "one two", &f, 300.0);
        cache.begin_frame(ctx, &f);
        cache.begin_frame(ctx, &f);
        assert!(cache.paragraphs.is_empty(), "not shown for a frame");
        assert_eq!(cache.words.len(), 2);
        f.color = Color32::BLACK;
        cache.begin_frame(ctx, &f);
        assert!(cache.words.is_empty(), "colours are in the shapes");
    });
}
