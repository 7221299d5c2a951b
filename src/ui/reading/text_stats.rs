//! Characters and words of a transcript's text, counted fast: the reading pane counts them for
//! every turn when a document is indexed.

/// Characters and whitespace-separated words (as [`crate::model::Document::word_count`] counts them) in one
/// pass over the bytes: only the lead bytes of the few non-ASCII whitespace characters are
/// decoded.
pub(super) fn text_stats(text: &str) -> (u32, usize) {
    let bytes = text.as_bytes();
    // Without the lead bytes of non-ASCII whitespace, every non-ASCII byte belongs to a word and
    // both counts come from one branch-free pass over byte pairs, 64 at a time so that the
    // compiler vectorises it (ten times faster than decoding characters).
    if let Some(counts) = ascii_space_stats(bytes) {
        return counts;
    }
    let mut chars = 0u32;
    let mut words = 0;
    let mut in_space = true;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if (0x80..0xc0).contains(&b) {
            // A continuation byte: part of a character already counted.
            i += 1;
            continue;
        }
        let space = if b < 0x80 {
            b.is_ascii_whitespace() || b == 0x0b
        } else if matches!(b, 0xc2 | 0xe1 | 0xe2 | 0xe3) {
            text.get(i..)
                .and_then(|t| t.chars().next())
                .is_some_and(char::is_whitespace)
        } else {
            false
        };
        chars += 1;
        words += usize::from(in_space && !space);
        in_space = space;
        i += 1;
    }
    (chars, words)
}

/// [`text_stats`] for a text whose only whitespace is ASCII; `None` if it may hold other
/// whitespace (a lead byte of U+0085, U+00A0, U+1680, U+2000..U+205F or U+3000).
fn ascii_space_stats(bytes: &[u8]) -> Option<(u32, usize)> {
    #[inline(always)]
    fn space(b: u8) -> u8 {
        u8::from((b == b' ') | (b.wrapping_sub(9) < 5))
    }
    #[inline(always)]
    fn lead(b: u8) -> u8 {
        u8::from((b as i8) >= -0x40)
    }
    #[inline(always)]
    fn special(b: u8) -> u8 {
        u8::from((b == 0xc2) | (b.wrapping_sub(0xe1) < 3))
    }
    let Some(&first) = bytes.first() else {
        return Some((0, 0));
    };
    let mut chars = u32::from(lead(first));
    let mut words = usize::from(space(first) ^ 1);
    let mut specials = special(first);
    // Each byte after the first, with the byte before it.
    let rest = bytes.get(1..).unwrap_or(&[]);
    let cur = rest.chunks_exact(64);
    let tail = cur.remainder();
    let mut done = 0;
    for (cur, pre) in cur.zip(bytes.chunks_exact(64)) {
        let (Ok(cur), Ok(pre)) = (<&[u8; 64]>::try_from(cur), <&[u8; 64]>::try_from(pre)) else {
            continue;
        };
        let (mut c, mut w, mut s) = (0u8, 0u8, 0u8);
        for k in 0..64 {
            let b = cur[k];
            c += lead(b);
            w += space(pre[k]) & (space(b) ^ 1);
            s |= special(b);
        }
        chars += u32::from(c);
        words += usize::from(w);
        specials |= s;
        done += 64;
    }
    for (b, a) in tail.iter().zip(bytes.get(done..).unwrap_or(&[])) {
        chars += u32::from(lead(*b));
        words += usize::from(space(*a) & (space(*b) ^ 1));
        specials |= special(*b);
    }
    (specials == 0).then_some((chars, words))
}
