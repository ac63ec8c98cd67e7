//! Every word a person reads, in their language. The words are Project
//! Fluent files in `i18n/`, one per language (`en.ftl`, `zh-Hans.ftl`),
//! embedded by `build.rs`: a new language is a new file. Dates and times are
//! written with chrono's locale data, through patterns each file gives, so no
//! month or weekday name is spelt here.
//!
//! Only what people read changes with the language: JSON, the journal, the
//! HTTP API and OSC never do.

mod words;

pub use words::{CANNED, canned};

use std::sync::OnceLock;

use chrono::{DateTime, Locale, TimeZone};
use fluent_bundle::{FluentArgs, FluentResource, FluentValue, concurrent::FluentBundle};
use fluent_langneg::{NegotiationStrategy, negotiate_languages};
use unic_langid::LanguageIdentifier;

use crate::agenda::{HourFormat, Text};

/// `(tag, file)` for each `i18n/TAG.ftl`.
static FILES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/languages.rs"));

/// The language everything falls back to.
pub const ENGLISH: &str = "en";

/// One language's words and date patterns.
pub struct Language {
    tag: &'static str,
    id: LanguageIdentifier,
    bundle: FluentBundle<FluentResource>,
    dates: Locale,
}

/// A value for a placeable: numbers stay numbers so that a file can choose
/// plural forms by them.
pub enum Arg {
    Text(String),
    Number(i64),
}

impl From<String> for Arg {
    fn from(text: String) -> Self {
        Self::Text(text)
    }
}

impl From<&str> for Arg {
    fn from(text: &str) -> Self {
        Self::Text(text.to_string())
    }
}

impl From<&String> for Arg {
    fn from(text: &String) -> Self {
        Self::Text(text.clone())
    }
}

macro_rules! number_args {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Self {
                Self::Number(i64::try_from(n).unwrap_or(i64::MAX))
            }
        }
    )*};
}
number_args!(i64, i32, u16, u32, u64, usize);

/// `t!(lang, "key")` or `t!(lang, "key", name = value, …)`: the message
/// `key` in `lang`, with its placeables filled.
#[macro_export]
macro_rules! t {
    ($lang:expr, $key:literal) => {
        $lang.say($key, &[])
    };
    ($lang:expr, $key:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $lang.say($key, &[$((stringify!($name), $crate::i18n::Arg::from($value))),+])
    };
}

impl std::fmt::Debug for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.tag)
    }
}

impl Language {
    fn load(tag: &'static str, file: &'static str) -> Self {
        let id: LanguageIdentifier = tag
            .parse()
            .unwrap_or_else(|_| panic!("i18n/{tag}.ftl: the file's name is not a language tag"));
        let resource = FluentResource::try_new(file.to_string())
            .unwrap_or_else(|(_, errors)| panic!("i18n/{tag}.ftl does not parse: {errors:?}"));
        let mut bundle = FluentBundle::new_concurrent(vec![id.clone()]);
        // Unicode isolation marks would reach the terminal as odd characters.
        bundle.set_use_isolating(false);
        bundle
            .add_resource(resource)
            .unwrap_or_else(|errors| panic!("i18n/{tag}.ftl repeats messages: {errors:?}"));
        let mut language = Self {
            tag,
            id,
            bundle,
            dates: Locale::POSIX,
        };
        let locale = language.own("date-locale").unwrap_or_default();
        language.dates = Locale::try_from(locale.as_str()).unwrap_or_else(|_| {
            panic!("i18n/{tag}.ftl: date-locale {locale:?} is not a locale chrono knows")
        });
        language
    }

    /// The BCP 47 tag: `en`, `zh-Hans`.
    pub fn tag(&self) -> &'static str {
        self.tag
    }

    /// The language's own name: `English`, `简体中文`.
    pub fn name(&self) -> String {
        self.say("language-name", &[])
    }

    /// The message `key` with `args`, from this language or else English;
    /// the key itself if neither has it (a test keeps that from shipping).
    pub fn say(&self, key: &str, args: &[(&str, Arg)]) -> String {
        self.format(key, args)
            .or_else(|| english().format(key, args))
            .unwrap_or_else(|| key.to_string())
    }

    fn own(&self, key: &str) -> Option<String> {
        self.format(key, &[])
    }

    fn format(&self, key: &str, args: &[(&str, Arg)]) -> Option<String> {
        let pattern = self.bundle.get_message(key)?.value()?;
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            let value = match value {
                Arg::Text(text) => FluentValue::from(text.as_str()),
                Arg::Number(n) => FluentValue::from(*n),
            };
            fluent_args.set(*name, value);
        }
        let mut errors = Vec::new();
        let text = self
            .bundle
            .format_pattern(pattern, Some(&fluent_args), &mut errors);
        Some(text.into_owned())
    }

    /// The day of an instant on a clock, as this language writes it:
    /// `Wed 1 Jun`, `6月1日 周三`.
    pub fn day<Z: TimeZone>(&self, at: &DateTime<Z>) -> String
    where
        Z::Offset: std::fmt::Display,
    {
        self.pattern(at, "date-day")
    }

    /// A whole date for a document: `Wednesday 1 June 2022`, `2022年6月1日 星期三`.
    pub fn long_date<Z: TimeZone>(&self, at: &DateTime<Z>) -> String
    where
        Z::Offset: std::fmt::Display,
    {
        self.pattern(at, "date-long")
    }

    /// The weekday alone: `Wed`, `周三`.
    pub fn weekday<Z: TimeZone>(&self, at: &DateTime<Z>) -> String
    where
        Z::Offset: std::fmt::Display,
    {
        self.pattern(at, "date-weekday")
    }

    /// The time of day on a clock: `09:27`, or `9:27 PM` / `下午9:27` on a
    /// 12-hour clock; with seconds when asked.
    pub fn time<Z: TimeZone>(&self, at: &DateTime<Z>, format: HourFormat, seconds: bool) -> String
    where
        Z::Offset: std::fmt::Display,
    {
        let key = match (format, seconds) {
            (HourFormat::H24, false) => "time-24h",
            (HourFormat::H24, true) => "time-24h-seconds",
            (HourFormat::H12, false) => "time-12h",
            (HourFormat::H12, true) => "time-12h-seconds",
        };
        self.pattern(at, key)
    }

    /// The day and the time: `Wed 1 Jun 09:00`, `5月31日 周二 下午6:00`.
    pub fn day_and_time<Z: TimeZone>(&self, at: &DateTime<Z>, format: HourFormat) -> String
    where
        Z::Offset: std::fmt::Display,
    {
        format!("{} {}", self.day(at), self.time(at, format, false))
    }

    fn pattern<Z: TimeZone>(&self, at: &DateTime<Z>, key: &str) -> String
    where
        Z::Offset: std::fmt::Display,
    {
        let pattern = self.say(key, &[]);
        at.format_localized(&pattern, self.dates).to_string()
    }

    /// The agenda's text in this language, or the closest it has.
    pub fn pick<'t>(&self, text: &'t Text) -> &'t str {
        text.closest(|tag| match tag.parse::<LanguageIdentifier>() {
            Ok(id) if id == self.id => 2,
            Ok(id) if id.language == self.id.language => 1,
            _ => 0,
        })
    }
}

/// The language of this process's screens and printed text, chosen once
/// at start: `--lang`, else the environment.
pub fn terminal() -> &'static Language {
    chosen().unwrap_or_else(|| {
        *ENVIRONMENT.get_or_init(|| from_environment(|name| std::env::var(name).ok()))
    })
}

/// The language `--lang` named, if it did.
pub fn chosen() -> Option<&'static Language> {
    CHOSEN.get().copied()
}

/// Sets [`terminal`]'s language (`--lang`); only the first call counts.
pub fn choose_terminal(language: &'static Language) {
    let _ = CHOSEN.set(language);
}

static CHOSEN: OnceLock<&'static Language> = OnceLock::new();
static ENVIRONMENT: OnceLock<&'static Language> = OnceLock::new();

/// Every shipped language, English first.
pub fn languages() -> &'static [Language] {
    static ALL: OnceLock<Vec<Language>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut all: Vec<Language> = FILES
            .iter()
            .map(|(tag, file)| Language::load(tag, file))
            .collect();
        all.sort_by_key(|language| language.tag != ENGLISH);
        all
    })
}

pub fn english() -> &'static Language {
    &languages()[0]
}

/// The shipped language closest to the first of `wanted` that one is close
/// to (`zh-CN` → `zh-Hans`), else English. Tags that do not parse are
/// passed over.
pub fn closest<'a>(wanted: impl IntoIterator<Item = &'a str>) -> &'static Language {
    let requested: Vec<LanguageIdentifier> = wanted
        .into_iter()
        .filter_map(|tag| tag.trim().parse().ok())
        .collect();
    let available: Vec<LanguageIdentifier> = languages()
        .iter()
        .map(|language| language.id.clone())
        .collect();
    let fallback = english().id.clone();
    let chosen = negotiate_languages(
        &requested,
        &available,
        Some(&fallback),
        NegotiationStrategy::Lookup,
    );
    chosen
        .first()
        .and_then(|id| languages().iter().find(|language| &language.id == *id))
        .unwrap_or_else(english)
}

/// A language a person named (`--lang`, `?lang=`, an agenda's `language`),
/// if showclock has it or one close to it.
pub fn named(tag: &str) -> Result<&'static Language, String> {
    let shipped: Vec<String> = languages()
        .iter()
        .map(|language| format!("{} ({})", language.tag(), language.name()))
        .collect();
    let parsed: Option<LanguageIdentifier> = tag.trim().parse().ok();
    let chosen = closest([tag]);
    match parsed {
        Some(id) if id.language == chosen.id.language => Ok(chosen),
        _ => Err(format!(
            "{:?} is not a language showclock has: give one of {}",
            crate::text::inert(tag),
            shipped.join(", ")
        )),
    }
}

/// The shipped language a spreadsheet header names in brackets: its tag
/// (`zh-Hans`, `zh`) or one of the names its file gives it
/// (`language-aliases`: `中文`, `Chinese`).
pub fn language_called(name: &str) -> Option<&'static str> {
    let wanted = name.trim().to_lowercase();
    languages()
        .iter()
        .find(|language| {
            language.tag.to_lowercase() == wanted
                || language.id.language.as_str() == wanted
                || language
                    .say("language-aliases", &[])
                    .split(',')
                    .any(|alias| alias.trim().to_lowercase() == wanted)
        })
        .map(Language::tag)
}

/// The terminal's language from the POSIX variables, as `gettext` reads
/// them: `LC_ALL`, then `LC_MESSAGES`, then `LANG` (`zh_CN.UTF-8` is
/// `zh-CN`); `C`, `POSIX` or nothing is English.
pub fn from_environment(variable: impl Fn(&str) -> Option<String>) -> &'static Language {
    let value = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .into_iter()
        .filter_map(&variable)
        .find(|value| !value.is_empty());
    let Some(value) = value else {
        return english();
    };
    let tag = value
        .split(['.', '@'])
        .next()
        .unwrap_or_default()
        .replace('_', "-");
    match tag.as_str() {
        "" | "C" | "POSIX" => english(),
        tag => closest([tag]),
    }
}

/// The browser's language from an `Accept-Language` header, in the order of
/// its weights (`zh-CN,zh;q=0.9,en;q=0.8`).
pub fn from_accept_language(header: &str) -> &'static Language {
    let mut ranges: Vec<(&str, f32)> = header
        .split(',')
        .filter_map(|part| {
            let mut pieces = part.split(';');
            let tag = pieces.next()?.trim();
            let weight = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
            (!tag.is_empty() && tag != "*" && weight > 0.0).then_some((tag, weight))
        })
        .collect();
    ranges.sort_by(|a, b| b.1.total_cmp(&a.1));
    closest(ranges.into_iter().map(|(tag, _)| tag))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;
    use chrono_tz::Tz;

    fn zh() -> &'static Language {
        named("zh-Hans").unwrap()
    }

    #[test]
    fn dates_and_times_in_each_language_at_fixed_instants() {
        let beijing: Tz = "Asia/Shanghai".parse().unwrap();
        let pacific: Tz = "America/Los_Angeles".parse().unwrap();
        let at = Utc.with_ymd_and_hms(2022, 6, 1, 1, 0, 0).unwrap();
        let (b, p) = (at.with_timezone(&beijing), at.with_timezone(&pacific));
        let en = english();
        assert_eq!(en.day_and_time(&b, HourFormat::H24), "Wed 1 Jun 09:00");
        assert_eq!(en.day_and_time(&p, HourFormat::H12), "Tue 31 May 6:00 PM");
        assert_eq!(zh().day_and_time(&b, HourFormat::H24), "6月1日 周三 09:00");
        assert_eq!(
            zh().day_and_time(&p, HourFormat::H12),
            "5月31日 周二 下午6:00"
        );
        assert_eq!(zh().time(&p, HourFormat::H12, true), "下午6:00:00");
        assert_eq!(en.time(&p, HourFormat::H12, true), "6:00:00 PM");
        assert_eq!(zh().weekday(&p), "周二");
        let midnight = Utc.with_ymd_and_hms(2022, 6, 1, 7, 30, 0).unwrap();
        let p = midnight.with_timezone(&pacific);
        assert_eq!(en.time(&p, HourFormat::H12, false), "12:30 AM");
        assert_eq!(zh().time(&p, HourFormat::H12, false), "上午12:30");
    }

    #[test]
    fn the_show_against_its_plan_in_words() {
        let en = english();
        assert_eq!(en.drift(0), "on time");
        assert_eq!(en.drift(150), "2:30 behind");
        assert_eq!(en.drift(-45), "0:45 ahead");
        assert_eq!(en.drift(3600), "1:00:00 behind");
        assert_eq!(en.lateness(150), "2:30 late");
        assert_eq!(zh().drift(150), "落后 2:30");
        assert_eq!(zh().lateness(-45), "提前 0:45");
    }

    #[test]
    fn the_terminal_and_the_browser_choose_a_language() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(
            from_environment(env(&[("LANG", "zh_CN.UTF-8")])).tag(),
            "zh-Hans"
        );
        assert_eq!(
            from_environment(env(&[("LC_ALL", "C"), ("LANG", "zh_CN.UTF-8")])).tag(),
            "en"
        );
        assert_eq!(
            from_environment(env(&[("LC_MESSAGES", "zh_SG"), ("LANG", "en_US.UTF-8")])).tag(),
            "zh-Hans"
        );
        assert_eq!(from_environment(env(&[])).tag(), "en");
        assert_eq!(
            from_accept_language("zh-CN,zh;q=0.9,en;q=0.8").tag(),
            "zh-Hans"
        );
        assert_eq!(from_accept_language("fr;q=0.9, zh;q=0.5").tag(), "zh-Hans");
        assert_eq!(from_accept_language("en-GB,zh-CN;q=0.5").tag(), "en");
        assert_eq!(from_accept_language("de, *;q=0.1").tag(), "en");
        assert_eq!(from_accept_language("").tag(), "en");
        assert_eq!(named("zh-CN").unwrap().tag(), "zh-Hans");
        assert!(named("fr").is_err_and(|e| e.contains("en (English), zh-Hans (简体中文)")));
    }

    #[test]
    fn texts_fall_back_to_the_first_given() {
        let text = Text::from_versions(vec![
            ("en".to_string(), "Q&A".to_string()),
            ("zh-Hans".to_string(), "问答".to_string()),
        ]);
        assert_eq!(zh().pick(&text), "问答");
        assert_eq!(english().pick(&text), "Q&A");
        let only_chinese = Text::from_versions(vec![("zh-CN".to_string(), "问答".to_string())]);
        assert_eq!(english().pick(&only_chinese), "问答");
        assert_eq!(zh().pick(&only_chinese), "问答");
        assert_eq!(zh().pick(&Text::from("Q&A")), "Q&A");
    }
}
