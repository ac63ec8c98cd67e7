//! Problems found in an input file, located as `FILE:LINE:COLUMN`.

use std::fmt;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: String,
    /// 1-based.
    pub line: usize,
    /// 1-based, in characters.
    pub column: usize,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{}:{}:{}: {kind}: {}",
            self.file,
            self.line,
            self.column,
            crate::text::inert(&self.message)
        )
    }
}

/// Turns byte offsets into line and column numbers.
pub struct SourceMap<'a> {
    file: &'a str,
    text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> SourceMap<'a> {
    pub fn new(file: &'a str, text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self {
            file,
            text,
            line_starts,
        }
    }

    pub fn at(&self, offset: usize, severity: Severity, message: String) -> Diagnostic {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let start = self.line_starts[line - 1];
        let column = self
            .text
            .get(start..offset)
            .map_or(1, |before| before.chars().count() + 1);
        Diagnostic {
            severity,
            file: self.file.to_string(),
            line,
            column,
            message,
        }
    }

    pub fn error(&self, span: &Range<usize>, message: String) -> Diagnostic {
        self.at(span.start, Severity::Error, message)
    }

    pub fn warning(&self, span: &Range<usize>, message: String) -> Diagnostic {
        self.at(span.start, Severity::Warning, message)
    }
}

/// The valid name nearest to a misspelt one, if any is close enough.
pub fn nearest<'n>(wrong: &str, names: impl IntoIterator<Item = &'n str>) -> Option<&'n str> {
    let wrong_lower = wrong.to_lowercase();
    names
        .into_iter()
        .map(|name| {
            let distance = strsim::levenshtein(&wrong_lower, &name.to_lowercase());
            (distance, name)
        })
        .filter(|(distance, name)| *distance <= (name.len().max(wrong.len()) / 3).max(2))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, name)| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_are_one_based_and_count_characters() {
        let text = "a = 1\nnamé = \"x\"\n";
        let map = SourceMap::new("f.toml", text);
        let at = text.find("\"x\"").unwrap();
        let d = map.at(at, Severity::Error, "bad".into());
        assert_eq!((d.line, d.column), (2, 8));
        assert_eq!(d.to_string(), "f.toml:2:8: error: bad");
    }

    #[test]
    fn suggests_only_near_names() {
        assert_eq!(nearest("titel", ["title", "date"]), Some("title"));
        assert_eq!(
            nearest("Asia/Shangai", ["Asia/Shanghai", "Asia/Seoul"]),
            Some("Asia/Shanghai")
        );
        assert_eq!(nearest("zzzzzz", ["title", "date"]), None);
    }
}
