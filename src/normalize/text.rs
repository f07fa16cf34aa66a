//! Text normalisation shared by the header, value and specialty matchers, and the display width
//! the workbook and the reading ledger size their columns by.

/// Folds full-width ASCII (U+FF01..U+FF5E) and the ideographic space to half-width.
fn to_half_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// Folds full-width characters and trims; keeps inner spaces.
pub fn fold(s: &str) -> String {
    fold_cow(s).into_owned()
}

/// [`fold`] without a copy when there is nothing to fold (most texts).
pub fn fold_cow(s: &str) -> std::borrow::Cow<'_, str> {
    let s = s.trim();
    if !s.chars().any(|c| c == '\u{3000}' || ('\u{FF01}'..='\u{FF5E}').contains(&c)) {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(s.chars().map(to_half_width).collect::<String>().trim().to_string())
}

/// A key for matching labels: half-width, lower case, with every kind of white space and every
/// bracketed part ("人次（人）", "批次[个]", "【备注】") removed.
pub fn key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    out.extend(key_chars(s));
    out
}

/// The characters of [`key`], without building it: for comparing a cell with a few known keys
/// on every row, where most cells differ at the first character.
pub fn key_chars(s: &str) -> impl Iterator<Item = char> + '_ {
    let mut depth = 0usize;
    s.chars()
        .map(to_half_width)
        .filter(move |&c| match c {
            '(' | '[' | '{' | '【' | '〔' | '<' | '《' => {
                depth += 1;
                false
            }
            ')' | ']' | '}' | '】' | '〕' | '>' | '》' => {
                depth = depth.saturating_sub(1);
                false
            }
            _ if depth > 0 => false,
            c => !(c.is_whitespace() || c == '\u{200B}' || c == '\u{FEFF}'),
        })
        .flat_map(|c| {
            // ASCII and the CJK blocks have no case to fold: spared the Unicode table lookup.
            if c.is_ascii() {
                either::Either::Left(std::iter::once(c.to_ascii_lowercase()))
            } else if ('\u{3000}'..='\u{9FFF}').contains(&c) {
                either::Either::Left(std::iter::once(c))
            } else {
                either::Either::Right(c.to_lowercase())
            }
        })
}

/// Whether `key(s) == k`, stopping at the first character that differs.
pub fn key_is(s: &str, k: &str) -> bool {
    key_chars(s).eq(k.chars())
}

/// Display width of a string in a terminal: CJK and full-width characters take two columns,
/// control characters (a line break in a header) none (Unicode's East Asian Width, from the
/// unicode-width crate, character by character).
pub fn display_width(s: &str) -> usize {
    s.chars().map(|c| unicode_width::UnicodeWidthChar::width(c).unwrap_or(0)).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_drops_brackets_spaces_and_width() {
        assert_eq!(key("人次（人）"), "人次");
        assert_eq!(key(" 批 次 "), "批次");
        assert_eq!(key("培训\n日期"), "培训日期");
        assert_eq!(key("ＤＡＴＥ"), "date");
        assert_eq!(key("数量[家次]"), "数量");
        assert_eq!(key("参训人数(人)（含线上）"), "参训人数");
    }

    #[test]
    fn fold_makes_half_width_and_trims() {
        assert_eq!(fold("  规上工业 "), "规上工业");
        assert_eq!(fold("\u{3000}ＡＢ１２\u{3000}"), "AB12");
        assert_eq!(fold("贸易　线"), "贸易 线");
    }

    #[test]
    fn width_counts_cjk_double() {
        assert_eq!(display_width("贸易a"), 5);
        assert_eq!(display_width("（）"), 4);
        // A line break in a two-line header takes no column; a combining accent none either; an
        // emoji two (a hand-kept table of CJK ranges said 1 and 1).
        assert_eq!(display_width("去年同期\n批次"), 12);
        assert_eq!(display_width("e\u{301}"), 1);
        assert_eq!(display_width("👍"), 2);
    }
}
