//! Text that comes from files or the network is shown as text: control
//! characters and escape sequences must never reach the terminal raw.

/// Replaces every control character (C0, DEL, C1) with a visible stand-in, so
/// an agenda title or a producer's message can never move the cursor, change
/// colours or ring the bell. Tabs and newlines become a space: every caller
/// shows one line.
pub fn inert(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\t' | '\n' | '\r' => out.push(' '),
            c if c.is_control() => out.push('\u{FFFD}'),
            // Bidi overrides can reorder what the moderator reads.
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// `text` made inert and padded with spaces to `width` terminal columns
/// (a Chinese character takes two).
pub fn padded(text: &str, width: usize) -> String {
    let shown = inert(text);
    let used = unicode_width::UnicodeWidthStr::width(shown.as_str());
    format!("{shown}{}", " ".repeat(width.saturating_sub(used)))
}

/// The widest of some texts, in terminal columns.
pub fn widest<'a>(texts: impl IntoIterator<Item = &'a str>) -> usize {
    texts
        .into_iter()
        .map(|t| unicode_width::UnicodeWidthStr::width(inert(t).as_str()))
        .max()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_are_made_visible_not_executed() {
        let shown = inert("Wrap\x1b[2J up\x07\u{9b}31m");
        assert_eq!(shown, "Wrap\u{FFFD}[2J up\u{FFFD}\u{FFFD}31m");
        assert!(!shown.chars().any(char::is_control));
    }

    #[test]
    fn padding_counts_terminal_columns() {
        assert_eq!(padded("北京", 7), "北京   ");
        assert_eq!(padded("Pacific", 7), "Pacific");
        assert_eq!(widest(["北京", "Pacific"]), 7);
    }

    #[test]
    fn ordinary_text_is_unchanged() {
        let title = "Façanha 能源基金会 – Q&A";
        assert_eq!(inert(title), title);
        assert_eq!(inert("a\tb\nc"), "a b c");
    }
}
