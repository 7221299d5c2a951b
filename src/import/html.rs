//! HTML transcripts (noScribe's native format, "Save as web page" from word processors): the
//! text of the body, a paragraph per `<p>`, `<div>`, heading, list item or table row, `<br>` as a
//! line break; head, styles and scripts are left out; entities decoded.

use super::{Body, Extracted};

/// Named entities common in transcripts (others are kept as written).
const ENTITIES: &[(&str, &str)] = &[
    ("amp", "&"),
    ("lt", "<"),
    ("gt", ">"),
    ("quot", "\""),
    ("apos", "'"),
    ("nbsp", " "),
    ("auml", "ä"),
    ("ouml", "ö"),
    ("uuml", "ü"),
    ("Auml", "Ä"),
    ("Ouml", "Ö"),
    ("Uuml", "Ü"),
    ("szlig", "ß"),
    ("eacute", "é"),
    ("egrave", "è"),
    ("aacute", "á"),
    ("agrave", "à"),
    ("oacute", "ó"),
    ("uacute", "ú"),
    ("iacute", "í"),
    ("ntilde", "ñ"),
    ("ccedil", "ç"),
    ("aring", "å"),
    ("oslash", "ø"),
    ("aelig", "æ"),
    ("Aring", "Å"),
    ("Oslash", "Ø"),
    ("AElig", "Æ"),
    ("hellip", "…"),
    ("ndash", "–"),
    ("mdash", "—"),
    ("lsquo", "‘"),
    ("rsquo", "’"),
    ("ldquo", "“"),
    ("rdquo", "”"),
    ("euro", "€"),
];

fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let tail = &rest[at + 1..];
        let end = tail.find(';').filter(|e| *e <= 10);
        let decoded = end.and_then(|e| {
            let name = &tail[..e];
            if let Some(num) = name.strip_prefix('#') {
                let code = match num.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => num.parse::<u32>().ok(),
                };
                code.and_then(char::from_u32).map(String::from)
            } else {
                ENTITIES
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| (*v).to_owned())
            }
        });
        match (decoded, end) {
            (Some(d), Some(e)) => {
                out.push_str(&d);
                rest = &tail[e + 1..];
            }
            _ => {
                out.push('&');
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    out
}

pub fn extract(bytes: &[u8]) -> Result<Extracted, String> {
    let decoded = super::text::decode(bytes)?;
    let html = decoded.text.as_str();
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    let mut skip: Option<&'static str> = None; // inside head, style, script or title
    while !rest.is_empty() {
        let Some(open) = rest.find('<') else {
            if skip.is_none() {
                out.push_str(&rest.replace('\n', " "));
            }
            break;
        };
        if skip.is_none() {
            out.push_str(&rest[..open].replace('\n', " "));
        }
        let tail = &rest[open + 1..];
        if let Some(comment) = tail.strip_prefix("!--") {
            rest = comment.find("-->").map_or("", |e| &comment[e + 3..]);
            continue;
        }
        let Some(close) = tail.find('>') else {
            break;
        };
        let tag = tail[..close].trim();
        rest = &tail[close + 1..];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if let Some(s) = skip {
            if closing && name == s {
                skip = None;
            }
            continue;
        }
        match name.as_str() {
            "head" | "style" | "script" | "title" if !closing && !tag.ends_with('/') => {
                skip = match name.as_str() {
                    "head" => Some("head"),
                    "style" => Some("style"),
                    "script" => Some("script"),
                    _ => Some("title"),
                };
            }
            "br" => out.push('\n'),
            "p" | "div" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "li" | "tr" | "blockquote"
            | "table" | "section" | "article" => out.push_str("\n\n"),
            "td" | "th" if closing => out.push(' '),
            _ => {}
        }
    }
    let text = decode_entities(&out);
    let lines: Vec<String> = text.lines().map(str::to_owned).collect();
    Ok(Extracted {
        title: None,
        body: Body::Lines(lines),
        warnings: decoded.warning.into_iter().collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_text_in_paragraphs() {
        let html = "<html><head><title>T</title><style>p{}</style></head><body><p>Kari: <b>Hei</b> &amp; h&aring;!</p><!-- note --><p>Jonas: line<br/>two &#8364;</p><script>x()</script></body></html>";
        let e = extract(html.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
        let Body::Lines(lines) = e.body else {
            panic!("lines expected")
        };
        let text: Vec<&str> = lines
            .iter()
            .map(|l| l.trim())
            .filter(|l| !l.is_empty())
            .collect();
        assert_eq!(text, ["Kari: Hei & hå!", "Jonas: line", "two €"]);
        assert_eq!(decode_entities("a &bogus; &"), "a &bogus; &");
    }
}
