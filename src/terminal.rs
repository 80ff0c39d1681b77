//! Text bound for the terminal. Names come from workbooks and model files
//! written by anyone; a control character in one (ESC starting a terminal
//! escape sequence, BEL, a carriage return overwriting the line) must not
//! reach the terminal as it is. Each control character but tab and line
//! feed — C0, DEL and C1 — is shown as `�` (U+FFFD), one character for
//! one, so tables keep their columns. Files keep the text as written.

use std::borrow::Cow;

/// `text` with every control character but tab and line feed shown as
/// `�`.
pub fn clean(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| if is_unsafe(c) { '\u{fffd}' } else { c })
            .collect(),
    )
}

fn is_unsafe(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_bells_and_c1_controls_are_replaced_one_for_one() {
        assert_eq!(
            clean("a\u{1b}[31mb\u{7}c\rd\u{7f}e\u{9b}f"),
            "a�[31mb�c�d�e�f"
        );
    }

    #[test]
    fn tabs_line_feeds_and_plain_text_pass() {
        assert!(matches!(clean("a\tb\nc £ – é"), Cow::Borrowed(_)));
    }
}
