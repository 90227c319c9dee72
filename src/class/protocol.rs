//! What a learner's ferry sends to the class board, on the wire: every type, every bound.
//!
//! A check event says which exercise, what the check came to, the error codes, the hint level
//! and the time spent; never the learner's code. Only a help request (a key the learner
//! presses on purpose) carries the file and the error text. Every field is bounded here, and
//! the server refuses what breaks a bound with the reason (`validate_*`).

use serde::{Deserialize, Serialize};

/// The header that carries the room's join code.
pub const CODE_HEADER: &str = "x-ferry-code";
/// The header that carries the learner's id (made once per workspace, never shown on the board).
pub const LEARNER_HEADER: &str = "x-ferry-learner";

/// A learner's name, in characters.
pub const NAME_MAX: usize = 40;
/// An event id, in bytes (the client makes 32 hex digits).
pub const ID_MAX: usize = 64;
/// Error codes (or codeless messages, guard hits) in one check.
pub const CODES_MAX: usize = 16;
/// One error code or codeless message, in characters.
pub const CODE_MAX: usize = 120;
/// The file a help request carries, in bytes.
pub const FILE_MAX: usize = 32 * 1024;
/// The error text a help request carries, in bytes.
pub const ERROR_MAX: usize = 16 * 1024;
/// Events in one request.
pub const BATCH_MAX: usize = 100;
/// A request body, in bytes: a batch of checks, or one help request with its file and error
/// (JSON escapes make it longer than the text).
pub const BODY_MAX: usize = 128 * 1024;
/// Hint levels: no exercise has this many.
pub const HINT_LEVEL_MAX: u32 = 100;
/// Seconds on one exercise: thirty days.
pub const SECONDS_MAX: u64 = 30 * 24 * 3600;

/// What a check came to, as the board shows it: the lesson's error or a new one, and the other
/// verdict kinds a learner can see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// It does not compile, and every error is one the exercise is about.
    LessonError,
    /// It does not compile, with an error the learner introduced.
    NewError,
    /// A predict exercise waiting for the learner's answer.
    Predicting,
    RunFailed,
    TimedOut,
    Deadlocked,
    Flooded,
    Memory,
    SkipsLesson,
    Warnings,
    Clippy,
    Done,
}

impl Outcome {
    /// The word the board and the export show.
    pub fn word(self) -> &'static str {
        match self {
            Outcome::LessonError => "lesson-error",
            Outcome::NewError => "new-error",
            Outcome::Predicting => "predicting",
            Outcome::RunFailed => "run-failed",
            Outcome::TimedOut => "timed-out",
            Outcome::Deadlocked => "deadlocked",
            Outcome::Flooded => "flooded",
            Outcome::Memory => "memory",
            Outcome::SkipsLesson => "skips-lesson",
            Outcome::Warnings => "warnings",
            Outcome::Clippy => "clippy",
            Outcome::Done => "done",
        }
    }
}

/// One check of one exercise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Check {
    /// Unique per learner: a resend is recognised by it, and counted once.
    pub id: String,
    pub exercise: String,
    pub outcome: Outcome,
    /// The error codes (or codeless messages, `guard:…`) the check reported, in order.
    pub codes: Vec<String>,
    /// Hint levels of this exercise the learner has opened.
    pub hint_level: u32,
    /// Time spent on the exercise up to this check (`figures`' definition).
    pub seconds: u64,
    /// When the check was made, in seconds since the Unix epoch, by the learner's clock.
    pub time: u64,
    /// What started the check (`state::Trigger`'s word); "check all" does not move the
    /// learner to another exercise.
    pub trigger: String,
}

/// "Ask for help": the file and the error, sent on purpose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Help {
    pub id: String,
    pub exercise: String,
    /// The exercise file as the learner has it.
    pub file: String,
    /// The compiler's output and ferry's verdict, as the learner sees them.
    pub error: String,
    pub time: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Event {
    Check(Check),
    Help(Help),
}

impl Event {
    pub fn id(&self) -> &str {
        match self {
            Event::Check(c) => &c.id,
            Event::Help(h) => &h.id,
        }
    }

    pub fn exercise(&self) -> &str {
        match self {
            Event::Check(c) => &c.exercise,
            Event::Help(h) => &h.exercise,
        }
    }

    pub fn time(&self) -> u64 {
        match self {
            Event::Check(c) => c.time,
            Event::Help(h) => h.time,
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Event::Check(_) => "check",
            Event::Help(_) => "help",
        }
    }
}

/// `POST /api/join`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Join {
    pub name: String,
}

/// What the room answers a join: its exercises, so the learner knows what the board follows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Joined {
    pub exercises: Vec<String>,
}

/// `POST /api/events`: events of one learner, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Batch {
    pub name: String,
    pub events: Vec<Event>,
}

/// What the room answers a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Accepted {
    /// Events new to the room.
    pub accepted: usize,
    /// Events it already had (a resend).
    pub duplicates: usize,
}

/// A refusal's one-line reason, as every error response carries it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refusal {
    pub error: String,
}

/// The name as the board shows it (trimmed), or why it is refused.
pub fn validate_name(name: &str) -> Result<String, String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("the name is empty".to_string());
    }
    if name.chars().count() > NAME_MAX {
        return Err(format!("the name is longer than {NAME_MAX} characters"));
    }
    if name.chars().any(char::is_control) {
        return Err("the name has control characters".to_string());
    }
    Ok(name.to_string())
}

/// A learner id: 16 to 64 characters of `0-9 a-f -`.
pub fn validate_learner(id: &str) -> Result<(), String> {
    let ok =
        (16..=ID_MAX).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(format!(
            "the learner id must be 16 to {ID_MAX} hex digits (the {LEARNER_HEADER} header)"
        ))
    }
}

fn validate_id(id: &str) -> Result<(), String> {
    let ok = !id.is_empty()
        && id.len() <= ID_MAX
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(format!(
            "an event id must be 1 to {ID_MAX} letters, digits, - or _"
        ))
    }
}

fn validate_text(what: &str, text: &str, max: usize) -> Result<(), String> {
    if text.len() > max {
        return Err(format!("the {what} is longer than {} KiB", max / 1024));
    }
    // Tabs and line ends belong in a file; other control characters do not.
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(format!("the {what} has control characters"));
    }
    Ok(())
}

/// Whether an event keeps every bound, and names one of the room's exercises (`known`).
pub fn validate_event(event: &Event, known: impl Fn(&str) -> bool) -> Result<(), String> {
    validate_id(event.id())?;
    if !known(event.exercise()) {
        return Err(format!(
            "`{}` is not one of this class's exercises",
            event.exercise().chars().take(NAME_MAX).collect::<String>()
        ));
    }
    match event {
        Event::Check(check) => {
            if check.codes.len() > CODES_MAX {
                return Err(format!("a check has at most {CODES_MAX} error codes"));
            }
            for code in &check.codes {
                if code.is_empty()
                    || code.chars().count() > CODE_MAX
                    || code.chars().any(char::is_control)
                {
                    return Err(format!(
                        "an error code must be 1 to {CODE_MAX} characters, without control characters"
                    ));
                }
            }
            if check.hint_level > HINT_LEVEL_MAX {
                return Err(format!("the hint level is above {HINT_LEVEL_MAX}"));
            }
            if check.seconds > SECONDS_MAX {
                return Err("the time on the exercise is over thirty days".to_string());
            }
            if check.trigger.len() > 16 || !check.trigger.bytes().all(|b| b.is_ascii_lowercase()) {
                return Err("the trigger must be a short lowercase word".to_string());
            }
        }
        Event::Help(help) => {
            validate_text("file", &help.file, FILE_MAX)?;
            validate_text("error text", &help.error, ERROR_MAX)?;
        }
    }
    Ok(())
}

/// Cuts `text` to at most `max` bytes, at a character boundary, saying that it was cut.
pub fn truncate(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    const CUT: &str = "\n… (cut: longer than ferry sends)\n";
    let mut end = max.saturating_sub(CUT.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}{CUT}", &text[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check() -> Check {
        Check {
            id: "0123456789abcdef".into(),
            exercise: "a".into(),
            outcome: Outcome::LessonError,
            codes: vec!["E0502".into()],
            hint_level: 1,
            seconds: 40,
            time: 1_700_000_000,
            trigger: "save".into(),
        }
    }

    #[test]
    fn a_check_event_round_trips_with_its_kind_tag() {
        let event = Event::Check(check());
        let json = serde_json::to_string(&event).unwrap();
        assert!(json.starts_with(r#"{"kind":"check","id":"#), "{json}");
        assert!(json.contains(r#""outcome":"lesson-error""#), "{json}");
        assert_eq!(serde_json::from_str::<Event>(&json).unwrap(), event);
    }

    #[test]
    fn unknown_fields_and_outcomes_are_refused() {
        let json = serde_json::to_string(&Event::Check(check())).unwrap();
        let extra = json.replace(r#""kind":"check","#, r#""kind":"check","code":"x","#);
        assert!(serde_json::from_str::<Event>(&extra).is_err());
        let odd = json.replace("lesson-error", "fine");
        assert!(serde_json::from_str::<Event>(&odd).is_err());
    }

    #[test]
    fn names_are_bounded_trimmed_and_free_of_control_characters() {
        assert_eq!(validate_name("  Ada  ").unwrap(), "Ada");
        // Markup is text: the board escapes it; the name is not refused for it.
        assert!(validate_name("<script>alert(1)</script>").is_ok());
        assert!(validate_name("").is_err());
        assert!(validate_name(&"é".repeat(NAME_MAX)).is_ok());
        assert!(validate_name(&"é".repeat(NAME_MAX + 1)).is_err());
        assert!(validate_name("a\u{1b}[2J").is_err());
        assert!(validate_name("a\nb").is_err());
    }

    #[test]
    fn events_outside_their_bounds_are_refused_with_the_reason() {
        let known = |name: &str| name == "a";
        assert_eq!(validate_event(&Event::Check(check()), known), Ok(()));
        let mut other = check();
        other.exercise = "elsewhere".into();
        let refused = validate_event(&Event::Check(other), known).unwrap_err();
        assert!(
            refused.contains("not one of this class's exercises"),
            "{refused}"
        );
        let mut codes = check();
        codes.codes = vec!["E0502".into(); CODES_MAX + 1];
        assert!(validate_event(&Event::Check(codes), known).is_err());
        let mut id = check();
        id.id = "a b".into();
        assert!(validate_event(&Event::Check(id), known).is_err());
        let help = Help {
            id: "h1".into(),
            exercise: "a".into(),
            file: "x".repeat(FILE_MAX + 1),
            error: String::new(),
            time: 0,
        };
        let refused = validate_event(&Event::Help(help), known).unwrap_err();
        assert!(refused.contains("file is longer than 32 KiB"), "{refused}");
    }

    #[test]
    fn truncation_keeps_to_the_bound_at_a_character_boundary() {
        let text = "ü".repeat(100);
        let cut = truncate(&text, 101);
        assert!(cut.len() <= 101, "{}", cut.len());
        assert!(cut.ends_with("ferry sends)\n"));
        assert_eq!(truncate("short", 10), "short");
    }
}
