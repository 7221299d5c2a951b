//! Escaping for the export formats.

/// One CSV field (RFC 4180): quoted when it holds a comma, quote, or line break.
pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// One CSV record ending in CRLF, as RFC 4180 asks.
pub fn csv_row<S: AsRef<str>>(fields: &[S]) -> String {
    let mut line = fields
        .iter()
        .map(|f| csv_field(f.as_ref()))
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

/// Parses CSV text (RFC 4180: quoted fields may hold commas, quotes and line breaks) into
/// records. Blank lines are skipped. Errors name the line of an unterminated quote.
pub fn parse_csv(text: &str) -> Result<Vec<Vec<String>>, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    let mut line = 1;
    let mut quote_line = 0;
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                _ => {
                    if c == '\n' {
                        line += 1;
                    }
                    field.push(c);
                }
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => {
                quoted = true;
                quote_line = line;
            }
            ',' => row.push(std::mem::take(&mut field)),
            '\r' => {}
            '\n' => {
                line += 1;
                row.push(std::mem::take(&mut field));
                if !(row.len() == 1 && row[0].is_empty()) {
                    rows.push(std::mem::take(&mut row));
                }
                row.clear();
            }
            _ => field.push(c),
        }
    }
    if quoted {
        return Err(format!(
            "a quoted field opened on line {quote_line} is never closed"
        ));
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    Ok(rows)
}

/// Text for one Markdown table cell: pipes escaped, line breaks as `<br>`.
pub fn md_cell(s: &str) -> String {
    md_escape(s.trim())
        .replace('|', "\\|")
        .replace("\r\n", "\n")
        .replace('\n', "<br>")
}

/// Text for a Markdown paragraph: line breaks kept as hard breaks.
pub fn md_text(s: &str) -> String {
    md_escape(s.trim())
        .replace("\r\n", "\n")
        .replace('\n', "  \n")
}

/// A Markdown block quote of `s`, each line (speaker turn) its own quoted paragraph.
pub fn md_quote(s: &str) -> String {
    md_escape(s.trim())
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| format!("> {}", l.trim()))
        .collect::<Vec<_>>()
        .join("\n>\n")
}

/// Backslash-escapes what Markdown would read as markup or an HTML tag rather than text.
fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '<' | '>' | '*' | '_' | '`' | '[' | ']') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Text for HTML content and attribute values.
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// HTML text with line breaks kept.
pub fn html_text(s: &str) -> String {
    html(s.trim()).replace('\n', "<br>\n")
}

/// "1 coding" / "3 codings".
pub fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// Undoes [`md_escape`] (for reading back a Markdown codebook).
pub fn md_unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\'
            && let Some(&n) = chars.peek()
            && matches!(n, '\\' | '<' | '>' | '*' | '_' | '`' | '[' | ']' | '|')
        {
            out.push(n);
            chars.next();
            continue;
        }
        out.push(c);
    }
    out
}
