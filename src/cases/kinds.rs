//! Typed attribute values. Values are stored as text; the attribute's kind says which texts are
//! valid, how they are written once checked (a date as `YYYY-MM-DD`, a choice as the option's own
//! spelling) and how they sort.

use crate::model::AttributeKind;
use std::cmp::Ordering;

/// The kind's name for the user ("number", "one of a list").
pub fn kind_label(kind: &AttributeKind) -> &'static str {
    match kind {
        AttributeKind::Text => "text",
        AttributeKind::Number => "number",
        AttributeKind::Date => "date",
        AttributeKind::Choice(_) => "one of a list",
    }
}

/// Checks `raw` against `kind` and returns it as stored: trimmed, a date as `YYYY-MM-DD`, a
/// choice in the option's spelling. An empty value is valid for every kind (it means "not set").
/// The error says what is wrong and how to write it instead.
pub fn check(kind: &AttributeKind, raw: &str) -> Result<String, String> {
    let v = raw.trim();
    if v.is_empty() {
        return Ok(String::new());
    }
    match kind {
        AttributeKind::Text => Ok(v.to_owned()),
        AttributeKind::Number => match parse_number(v) {
            Some(_) => Ok(v.replace(',', ".")),
            None => Err(format!(
                "“{v}” is not a number: write digits, like 3 or 2.5"
            )),
        },
        AttributeKind::Date => parse_date(v)
            .map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}"))
            .ok_or_else(|| {
                format!("“{v}” is not a date: write it as year-month-day, like 2026-03-02")
            }),
        AttributeKind::Choice(options) => options
            .iter()
            .find(|o| o.trim().to_lowercase() == v.to_lowercase())
            .map(|o| o.trim().to_owned())
            .ok_or_else(|| {
                if options.is_empty() {
                    format!("“{v}” is not allowed: the list of values is empty; add values first")
                } else {
                    format!("“{v}” is not one of: {}", options.join(", "))
                }
            }),
    }
}

/// A number as written by people: `3`, `-2.5`, `2,5` (a decimal comma), `1e3`.
pub fn parse_number(v: &str) -> Option<f64> {
    let v = v.trim();
    let v = if v.contains(',') && !v.contains('.') {
        v.replace(',', ".")
    } else {
        v.to_owned()
    };
    v.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// A calendar date written `YYYY-MM-DD` (month and day may have one digit); `None` for anything
/// else, 2026-02-30 included.
pub fn parse_date(v: &str) -> Option<(i32, u32, u32)> {
    let mut parts = v.trim().split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some()
        || y.len() != 4
        || !(1..=2).contains(&m.len())
        || !(1..=2).contains(&d.len())
        || ![y, m, d]
            .iter()
            .all(|s| s.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let (y, m, d): (i32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days).contains(&d).then_some((y, m, d))
}

/// The date of a spreadsheet's day number (days since 1899-12-30, as Excel and LibreOffice count).
pub fn date_from_serial(serial: f64) -> Option<String> {
    if !(1.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    let days = serial.floor() as i64 - 25_569; // to days since 1970-01-01
    let iso = crate::model::Timestamp(days * 86_400_000).to_iso8601();
    iso.get(..10).map(str::to_owned)
}

/// Orders two stored values of one kind: numbers by value, choices in the list's order, dates and
/// text alphabetically (ignoring case). Empty values sort last; values that do not fit the kind
/// sort after the valid ones.
pub fn compare(kind: &AttributeKind, a: &str, b: &str) -> Ordering {
    let (a, b) = (a.trim(), b.trim());
    match (a.is_empty(), b.is_empty()) {
        (true, true) => return Ordering::Equal,
        (true, false) => return Ordering::Greater,
        (false, true) => return Ordering::Less,
        _ => {}
    }
    let text = || {
        a.to_lowercase()
            .cmp(&b.to_lowercase())
            .then_with(|| a.cmp(b))
    };
    match kind {
        AttributeKind::Number => match (parse_number(a), parse_number(b)) {
            (Some(x), Some(y)) => x.total_cmp(&y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => text(),
        },
        AttributeKind::Choice(options) => {
            let at = |v: &str| {
                options
                    .iter()
                    .position(|o| o.trim().eq_ignore_ascii_case(v))
                    .unwrap_or(usize::MAX)
            };
            at(a).cmp(&at(b)).then_with(text)
        }
        AttributeKind::Text | AttributeKind::Date => text(),
    }
}

/// The kind that fits every one of `values` best: number if all are numbers, date if all are
/// dates, else text. (A column of an imported table that declares no kind.)
pub fn guess<'a>(values: impl IntoIterator<Item = &'a str>) -> AttributeKind {
    let mut any = false;
    let (mut numbers, mut dates) = (true, true);
    for v in values.into_iter().map(str::trim).filter(|v| !v.is_empty()) {
        any = true;
        numbers &= parse_number(v).is_some();
        dates &= parse_date(v).is_some();
    }
    match (any, numbers, dates) {
        (true, true, _) => AttributeKind::Number,
        (true, _, true) => AttributeKind::Date,
        _ => AttributeKind::Text,
    }
}

/// A list of choices typed as `a, b, c` (or one per line): trimmed, empty and repeated ones left
/// out.
pub fn parse_options(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for o in s
        .split([',', '\n', ';'])
        .map(str::trim)
        .filter(|o| !o.is_empty())
    {
        if !out.iter().any(|x| x.eq_ignore_ascii_case(o)) {
            out.push(o.to_owned());
        }
    }
    out
}
