//! Agenda text given in one language or several:
//! `title = "Q&A"` or `title = { en = "Q&A", zh-Hans = "问答" }`.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

/// A title, role, note or cue, in the languages the agenda gives it. The
/// first version is the one shown where no other fits, and the one every
/// machine-facing output (JSON, sheets' first column, OSC) carries as a
/// plain string.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Text {
    /// `(language tag, text)`, in the order written; a plain string is one
    /// version with an empty tag.
    versions: Vec<(String, String)>,
}

impl Text {
    /// Several versions, first the default (tags as written).
    pub fn from_versions(versions: Vec<(String, String)>) -> Self {
        Self { versions }
    }

    /// The first version given: the text when no language is chosen.
    pub fn first(&self) -> &str {
        self.versions.first().map_or("", |(_, text)| text.as_str())
    }

    /// Whether the agenda gave it in more than one language, or named one.
    pub fn is_translated(&self) -> bool {
        self.versions.iter().any(|(tag, _)| !tag.is_empty())
    }

    /// `(tag, text)` for each language given; empty for a plain string.
    pub fn versions(&self) -> impl Iterator<Item = (&str, &str)> {
        self.versions
            .iter()
            .filter(|(tag, _)| !tag.is_empty())
            .map(|(tag, text)| (tag.as_str(), text.as_str()))
    }

    /// The version given in `tag`, exactly.
    pub fn in_language(&self, tag: &str) -> Option<&str> {
        self.versions
            .iter()
            .find(|(t, _)| t.eq_ignore_ascii_case(tag))
            .map(|(_, text)| text.as_str())
    }

    /// The version whose tag scores highest (the first on a tie, so the
    /// first given when none scores).
    pub fn closest(&self, score: impl Fn(&str) -> u8) -> &str {
        let mut best: Option<(u8, &str)> = None;
        for (tag, text) in &self.versions {
            let s = score(tag);
            if best.is_none_or(|(b, _)| s > b) {
                best = Some((s, text));
            }
        }
        best.map_or("", |(_, text)| text)
    }

    /// This text with `tag`'s version set (added after the others when new).
    pub fn with_version(mut self, tag: &str, text: String) -> Self {
        if let Some(version) = self
            .versions
            .iter_mut()
            .find(|(t, _)| t.eq_ignore_ascii_case(tag))
        {
            version.1 = text;
        } else {
            self.versions.push((tag.to_string(), text));
        }
        self
    }
}

impl std::ops::Deref for Text {
    type Target = str;

    /// The first version: what every place that has no reader's language
    /// (files, JSON, logs) writes.
    fn deref(&self) -> &str {
        self.first()
    }
}

/// Quoted like the string it stands for, so that messages which quote a
/// title (`"Panel" ends`) read the same as before texts had languages.
impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_translated() {
            f.debug_map().entries(self.versions()).finish()
        } else {
            fmt::Debug::fmt(self.first(), f)
        }
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.first())
    }
}

impl From<String> for Text {
    fn from(text: String) -> Self {
        Self {
            versions: vec![(String::new(), text)],
        }
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Self {
        Self::from(text.to_string())
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.first() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.first() == *other
    }
}

/// A plain string stays a plain string; a text in several languages is an
/// object of tag to text, in the agenda's order, as the TOML writes it.
impl Serialize for Text {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if !self.is_translated() {
            return serializer.serialize_str(self.first());
        }
        let mut map = serializer.serialize_map(Some(self.versions.len()))?;
        for (tag, text) in &self.versions {
            map.serialize_entry(tag, text)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or a table of language tag to string")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Text, E> {
                Ok(Text::from(text))
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Text, M::Error> {
                let mut versions = Vec::new();
                while let Some((tag, text)) = map.next_entry::<String, String>()? {
                    versions.push((tag, text));
                }
                if versions.is_empty() {
                    return Err(de::Error::custom("a text needs at least one language"));
                }
                Ok(Text::from_versions(versions))
            }
        }
        deserializer.deserialize_any(TextVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_a_plain_string_and_translations_an_ordered_object() {
        let plain = Text::from("Q&A");
        assert_eq!(serde_json::to_string(&plain).unwrap(), "\"Q&A\"");
        let both = Text::from_versions(vec![
            ("zh-Hans".into(), "问答".into()),
            ("en".into(), "Q&A".into()),
        ]);
        let json = serde_json::to_string(&both).unwrap();
        assert_eq!(json, r#"{"zh-Hans":"问答","en":"Q&A"}"#);
        let back: Text = serde_json::from_str(&json).unwrap();
        assert_eq!(back, both);
        assert_eq!(back.first(), "问答");
        assert_eq!(back.in_language("EN"), Some("Q&A"));
        assert!(serde_json::from_str::<Text>("{}").is_err());
    }
}
