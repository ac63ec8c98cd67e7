//! Control actions: `POST /v1/control/NAME` and its JSON body, read into
//! the same [`Action`] a key press makes.

use serde_json::{Map, Value};

use super::reply::ApiError;
use crate::show::{Action, Audience};

/// Longest message text, in characters.
pub const MAX_MESSAGE_CHARS: usize = 200;

/// The actions, as the journal and `Action::name` spell them.
pub use crate::show::ACTION_NAMES as ACTIONS;

/// Turns `POST /v1/control/NAME` and its body into an action. Actions that
/// take no fields accept an empty body or `{}`.
pub fn parse_action(name: &str, body: &[u8]) -> Result<Action, ApiError> {
    let example = match name {
        "goto" => Some("{\"index\": 3}"),
        "extend" => Some("{\"seconds\": 60}"),
        "message" => Some("{\"text\": \"Wrap up\", \"audience\": \"speakers\"}"),
        _ => None,
    };
    let needs = |problem: String| {
        let example = example.map_or_else(
            || " (send no body, or {})".to_string(),
            |e| format!(": send a JSON body such as {e}"),
        );
        ApiError::new(400, format!("{name}: {problem}{example}"))
    };
    let blank = body.iter().all(u8::is_ascii_whitespace);
    let fields: Map<String, Value> = if blank {
        Map::new()
    } else {
        let text = std::str::from_utf8(body).map_err(|_| needs("the body is not UTF-8".into()))?;
        match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(fields)) => fields,
            Ok(_) => return Err(needs("the body is not a JSON object".into())),
            Err(e) => return Err(needs(format!("the body is not valid JSON ({e})"))),
        }
    };
    // The field each action needs, and any it may have besides.
    let (field, optional): (Option<&str>, &[&str]) = match name {
        "goto" => (Some("index"), &[]),
        "extend" => (Some("seconds"), &[]),
        "message" => (Some("text"), &["audience"]),
        _ => (None, &[]),
    };
    if let Some(unknown) = fields
        .keys()
        .find(|k| Some(k.as_str()) != field && !optional.contains(&k.as_str()))
    {
        let unknown = crate::text::inert(unknown);
        return Err(match field {
            Some(f) if optional.is_empty() => {
                needs(format!("unknown field {unknown:?} (the field is {f:?})"))
            }
            Some(f) => needs(format!(
                "unknown field {unknown:?} (the fields are {f:?} and {})",
                optional
                    .iter()
                    .map(|o| format!("{o:?}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            None => needs(format!("takes no fields, got {unknown:?}")),
        });
    }
    let value = field.and_then(|f| fields.get(f));
    if field.is_some() && value.is_none() {
        return Err(needs(format!("missing {:?}", field.unwrap_or_default())));
    }
    let action = match name {
        "start" => Action::Start,
        "next" => Action::Next,
        "prev" => Action::Prev,
        "clear_message" => Action::ClearMessage,
        "end" => Action::End,
        "flash" => Action::Flash,
        "blackout" => Action::Blackout,
        "unblackout" => Action::Unblackout,
        "goto" => {
            let index = value
                .and_then(Value::as_u64)
                .and_then(|i| usize::try_from(i).ok())
                .ok_or_else(|| needs("\"index\" must be a whole number from 0".into()))?;
            Action::Goto { index }
        }
        "extend" => {
            let seconds = value.and_then(Value::as_i64).ok_or_else(|| {
                needs("\"seconds\" must be a whole number, e.g. 60 or -60".into())
            })?;
            Action::Extend { seconds }
        }
        "message" => {
            let text = value
                .and_then(Value::as_str)
                .ok_or_else(|| needs("\"text\" must be a string".into()))?;
            let length = text.chars().count();
            if text.trim().is_empty() {
                return Err(ApiError::new(
                    400,
                    "message: the text is empty; to remove the message, POST /v1/control/clear_message",
                ));
            }
            if length > MAX_MESSAGE_CHARS {
                return Err(ApiError::new(
                    400,
                    format!(
                        "message: the text is {length} characters; at most {MAX_MESSAGE_CHARS} fit the moderator's screen"
                    ),
                ));
            }
            // Without an audience, as before audiences: the moderator's.
            let audience = match fields.get("audience") {
                None | Some(Value::Null) => Audience::Moderator,
                Some(Value::String(audience)) => audience.parse().map_err(|why| {
                    needs(format!(
                        "{why}; without \"audience\" it is for the moderator"
                    ))
                })?,
                Some(_) => {
                    return Err(needs(
                        "\"audience\" must be a string: \"moderator\", \"speakers\", \"everyone\" or \"speaker:NAME\"".into(),
                    ));
                }
            };
            Action::Message {
                text: text.to_string(),
                audience,
            }
        }
        other => {
            return Err(ApiError::new(404, format!("unknown action {other:?}")));
        }
    };
    Ok(action)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_has_its_endpoint() {
        for name in ACTIONS {
            let body = match *name {
                "goto" => "{\"index\": 0}",
                "extend" => "{\"seconds\": 1}",
                "message" => "{\"text\": \"x\"}",
                _ => "",
            };
            assert_eq!(parse_action(name, body.as_bytes()).unwrap().name(), *name);
        }
    }

    #[test]
    fn action_bodies() {
        assert_eq!(parse_action("next", b"").unwrap(), Action::Next);
        assert_eq!(parse_action("next", b" {} ").unwrap(), Action::Next);
        assert_eq!(
            parse_action("goto", b"{\"index\": 2}").unwrap(),
            Action::Goto { index: 2 }
        );
        assert_eq!(
            parse_action("extend", b"{\"seconds\": -60}").unwrap(),
            Action::Extend { seconds: -60 }
        );
        assert_eq!(
            parse_action("message", "{\"text\": \"Wrap\\u001b up\"}".as_bytes()).unwrap(),
            Action::Message {
                text: "Wrap\u{1b} up".into(),
                audience: Default::default()
            }
        );
        let e = parse_action("goto", b"{\"index\": -1}").unwrap_err();
        assert_eq!(e.status, 400);
        assert!(e.message.contains("{\"index\": 3}"), "{}", e.message);
        assert!(
            parse_action("goto", b"{}")
                .unwrap_err()
                .message
                .contains("missing \"index\"")
        );
        assert!(parse_action("goto", b"{\"index\": 1.5}").is_err());
        assert!(
            parse_action("goto", b"{\"idx\": 1}")
                .unwrap_err()
                .message
                .contains("unknown field")
        );
        assert!(
            parse_action("next", b"{\"a\": 1}")
                .unwrap_err()
                .message
                .contains("takes no fields")
        );
        assert!(
            parse_action("next", b"{")
                .unwrap_err()
                .message
                .contains("not valid JSON")
        );
        assert!(
            parse_action("message", b"[1]")
                .unwrap_err()
                .message
                .contains("not a JSON object")
        );
        assert!(
            parse_action("message", b"{\"text\": \" \"}")
                .unwrap_err()
                .message
                .contains("clear_message")
        );
        let long = format!("{{\"text\": \"{}\"}}", "é".repeat(201));
        assert_eq!(
            parse_action("message", long.as_bytes()).unwrap_err().status,
            400
        );
        let fits = format!("{{\"text\": \"{}\"}}", "é".repeat(200));
        assert!(parse_action("message", fits.as_bytes()).is_ok());
    }

    #[test]
    fn signals_take_no_body() {
        assert_eq!(parse_action("flash", b"").unwrap(), Action::Flash);
        assert_eq!(parse_action("blackout", b"{}").unwrap(), Action::Blackout);
        assert_eq!(parse_action("unblackout", b"").unwrap(), Action::Unblackout);
        assert!(
            parse_action("blackout", b"{\"on\": true}")
                .unwrap_err()
                .message
                .contains("takes no fields")
        );
    }

    #[test]
    fn a_message_says_who_it_is_for_and_is_the_moderators_without() {
        let to = |body: &str| match parse_action("message", body.as_bytes()) {
            Ok(Action::Message { audience, .. }) => Ok(audience),
            Ok(other) => panic!("{other:?}"),
            Err(e) => Err(e.message),
        };
        assert_eq!(to(r#"{"text": "Skip Zhe"}"#), Ok(Audience::Moderator));
        assert_eq!(
            to(r#"{"text": "x", "audience": "moderator"}"#),
            Ok(Audience::Moderator)
        );
        assert_eq!(
            to(r#"{"text": "x", "audience": "speakers"}"#),
            Ok(Audience::Speakers)
        );
        assert_eq!(
            to(r#"{"text": "x", "audience": "everyone"}"#),
            Ok(Audience::Everyone)
        );
        assert_eq!(
            to(r#"{"text": "x", "audience": "speaker: Zhe WANG"}"#),
            Ok(Audience::Speaker("Zhe WANG".into()))
        );
        for bad in [
            r#"{"text": "x", "audience": "audience"}"#,
            r#"{"text": "x", "audience": "speaker:"}"#,
            r#"{"text": "x", "audience": 3}"#,
        ] {
            let why = to(bad).unwrap_err();
            assert!(why.contains("speaker:NAME"), "{bad}: {why}");
        }
        let why = to(r#"{"text": "x", "to": "speakers"}"#).unwrap_err();
        assert!(why.contains("\"audience\""), "{why}");
    }
}
