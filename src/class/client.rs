//! The learner's side of a class: who they are to the room, the outbox and its delivery.
//!
//! Every event is appended to an outbox in `.ferry/class/` before anything is sent, so the
//! learning loop never waits on the network: a thread (watch) or a short attempt after the
//! verdict (`ferry run`) sends what the room has not acknowledged yet, oldest first, in
//! batches, and tries again with a growing pause while the room cannot be reached. Each event
//! has an id of its own, so a batch sent twice (an answer lost on the way back) is counted
//! once by the room.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::protocol::{self, Batch, Check, Event, Help, Joined, Outcome};
use crate::error::Error;
use crate::fs::write_atomically;
use crate::state::{StateDir, Trigger, unix_time};
use crate::verdict::{Assessment, PredictState, Status};

/// `.ferry/class/`: the learner's id and name, the class joined, one outbox per class.
pub const CLASS_DIR: &str = "class";
const IDENTITY_FILE: &str = "learner.json";
const JOINED_FILE: &str = "joined.json";
const OUTBOX_FILE: &str = "outbox.jsonl";
/// The outbox's byte offset up to which the room has acknowledged every event.
const DELIVERED_FILE: &str = "delivered";
const LOCK_FILE: &str = "outbox.lock";

/// One request's longest wait for the room.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(5);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);
/// Pauses between attempts while the room cannot be reached: doubling up to the last.
const FIRST_RETRY: Duration = Duration::from_secs(1);
const LAST_RETRY: Duration = Duration::from_secs(30);
/// A batch's body stays under the room's limit, with room for the name.
const BATCH_BYTES: usize = protocol::BODY_MAX - 4096;

/// Who the learner is to every class: an id the room never shows, and a name it does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    pub id: String,
    pub name: String,
}

/// The class `ferry class join` remembered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Remembered {
    pub url: String,
    pub code: String,
}

/// A class address: `http://HOST:PORT`, and the join code when the address carries it
/// (`http://HOST:PORT/join/CODE`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    pub base: String,
    pub code: Option<String>,
}

/// Reads a class address as `ferry class serve` prints it.
pub fn parse_address(url: &str) -> Result<Address, String> {
    let url = url.trim();
    if url.starts_with("https://") {
        return Err(
            "ferry talks to a class over plain http on the room's network (http://…)".to_string(),
        );
    }
    let rest = url.strip_prefix("http://").unwrap_or(url);
    let (host, path) = match rest.find('/') {
        Some(at) => (&rest[..at], &rest[at..]),
        None => (rest, ""),
    };
    let valid_host = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
    if !valid_host {
        return Err(format!(
            "`{url}` is not a class address like http://192.168.1.20:7878/join/ABCD-EFGH"
        ));
    }
    let path = path.trim_end_matches('/');
    let code = match path.strip_prefix("/join/") {
        Some(code) if !code.is_empty() && !code.contains('/') => Some(code.to_ascii_uppercase()),
        _ if path.is_empty() => None,
        _ => {
            return Err(format!(
                "`{url}`: a class address ends in /join/CODE or with the port"
            ));
        }
    };
    Ok(Address {
        base: format!("http://{host}"),
        code,
    })
}

fn class_dir(state: &StateDir) -> PathBuf {
    state.path.join(CLASS_DIR)
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Option<Result<T, String>> {
    let text = std::fs::read_to_string(path).ok()?;
    Some(serde_json::from_str(&text).map_err(|e| format!("{} cannot be read: {e}", path.display())))
}

fn write_json(path: &Path, value: &impl Serialize) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    write_atomically(path, text.as_bytes())
}

/// Random hex digits from the system's generator (an id no other learner or event has).
fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    if getrandom::fill(&mut buf).is_err() {
        // No system randomness: time and process are unique enough for an id (never a secret).
        let seed = format!("{:?}{}", std::time::SystemTime::now(), std::process::id());
        buf = blake3::hash(seed.as_bytes()).as_bytes()[..bytes].to_vec();
    }
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

/// The name the board shows when the learner gave none: their login name.
pub fn default_name() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok())
        .and_then(|n| protocol::validate_name(&n).ok())
        .unwrap_or_else(|| "learner".to_string())
}

/// The learner's identity in this workspace, made on first use; `name` renames them.
pub fn identity(state: &StateDir, name: Option<&str>) -> Result<Identity, String> {
    let path = class_dir(state).join(IDENTITY_FILE);
    let kept = match read_json::<Identity>(&path) {
        Some(Ok(identity)) => Some(identity),
        Some(Err(_)) | None => None,
    };
    let name = match name {
        Some(name) => protocol::validate_name(name).map_err(|e| format!("--name: {e}"))?,
        None => kept
            .as_ref()
            .map(|k| k.name.clone())
            .unwrap_or_else(default_name),
    };
    let identity = Identity {
        id: kept
            .as_ref()
            .map_or_else(|| random_hex(16), |k| k.id.clone()),
        name,
    };
    if kept.as_ref() != Some(&identity) {
        write_json(&path, &identity)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(identity)
}

/// Remembers the class for every later ferry command in this workspace.
pub fn remember(state: &StateDir, class: &Remembered) -> std::io::Result<()> {
    write_json(&class_dir(state).join(JOINED_FILE), class)
}

/// Forgets the class joined; whether there was one.
pub fn forget(state: &StateDir) -> std::io::Result<bool> {
    match std::fs::remove_file(class_dir(state).join(JOINED_FILE)) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e),
    }
}

pub fn remembered(state: &StateDir) -> Option<Result<Remembered, String>> {
    read_json(&class_dir(state).join(JOINED_FILE))
}

/// A workspace's connection to one class: where it is, who the learner is, and the outbox.
#[derive(Debug, Clone)]
pub struct Link {
    pub base: String,
    pub code: String,
    pub identity: Identity,
    /// This class's outbox folder (one per class address).
    dir: PathBuf,
    /// Wakes the delivery thread, when one runs.
    wake: Option<mpsc::Sender<()>>,
}

/// How an attempt to deliver the outbox went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    /// Everything is delivered (`checks` and `helps` of it in this attempt; refused events,
    /// with the room's reason, were dropped).
    Done {
        checks: usize,
        helps: usize,
        dropped: Option<String>,
    },
    /// The room could not be reached, or asked to wait; `waiting` events stay in the outbox.
    Later { waiting: usize, reason: String },
    /// The room refused the learner (a wrong join code, a full room): trying again will not
    /// help until they join again.
    Refused(String),
}

impl Link {
    pub fn new(state: &StateDir, base: &str, code: &str, identity: Identity) -> Link {
        let key = blake3::hash(base.as_bytes()).to_hex();
        Link {
            base: base.to_string(),
            code: code.to_string(),
            identity,
            dir: class_dir(state).join(&key[..16]),
            wake: None,
        }
    }

    /// The class `ferry class join` remembered, if any.
    pub fn open(state: &StateDir) -> Option<Result<Link, String>> {
        let remembered = match remembered(state)? {
            Ok(r) => r,
            Err(e) => return Some(Err(e)),
        };
        Some(identity(state, None).map(|i| Link::new(state, &remembered.url, &remembered.code, i)))
    }

    pub fn outbox(&self) -> PathBuf {
        self.dir.join(OUTBOX_FILE)
    }

    /// Appends an event to the outbox (one write of one line), then wakes the delivery thread.
    pub fn queue(&self, event: &Event) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        let mut line = serde_json::to_string(event).map_err(std::io::Error::other)?;
        line.push('\n');
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.outbox())?;
        file.write_all(line.as_bytes())?;
        if let Some(wake) = &self.wake {
            let _ = wake.send(());
        }
        Ok(())
    }

    fn delivered(&self) -> u64 {
        std::fs::read_to_string(self.dir.join(DELIVERED_FILE))
            .ok()
            .and_then(|t| t.trim().parse().ok())
            .unwrap_or(0)
    }

    /// Moves the delivered mark forward to `offset` (never back: two ferry processes may
    /// deliver at once, and the room counts a resend once).
    fn mark(&self, offset: u64) -> std::io::Result<()> {
        let lock = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(self.dir.join(LOCK_FILE))?;
        lock.lock()?;
        if offset > self.delivered() {
            write_atomically(
                &self.dir.join(DELIVERED_FILE),
                format!("{offset}\n").as_bytes(),
            )?;
        }
        Ok(())
    }

    /// The events not delivered yet, each with the outbox offset just after it. A last line
    /// without its newline is still being written: it waits for the next attempt.
    pub fn pending(&self) -> Vec<(u64, Event)> {
        let start = self.delivered();
        let Ok(mut file) = std::fs::File::open(self.outbox()) else {
            return Vec::new();
        };
        if std::io::Seek::seek(&mut file, std::io::SeekFrom::Start(start)).is_err() {
            return Vec::new();
        }
        let mut reader = std::io::BufReader::new(file);
        let mut offset = start;
        let mut pending = Vec::new();
        let mut line = Vec::new();
        loop {
            line.clear();
            match reader.read_until(b'\n', &mut line) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    if line.last() != Some(&b'\n') {
                        break;
                    }
                    offset += n as u64;
                    // A line that is not an event (a half write a crash left) is passed over.
                    if let Ok(event) = serde_json::from_slice::<Event>(&line) {
                        pending.push((offset, event));
                    }
                }
            }
        }
        pending
    }

    /// Sends what the outbox holds, within `budget`.
    pub fn deliver(&self, budget: Duration) -> Delivery {
        let deadline = Instant::now() + budget;
        let (mut checks, mut helps) = (0, 0);
        let mut dropped = None;
        // After a refused batch, events go one at a time to find the one the room refuses.
        let mut one_by_one = false;
        loop {
            let pending = self.pending();
            if pending.is_empty() {
                return Delivery::Done {
                    checks,
                    helps,
                    dropped,
                };
            }
            let remaining = deadline.saturating_duration_since(Instant::now());
            if remaining.is_zero() {
                return Delivery::Later {
                    waiting: pending.len(),
                    reason: "out of time".to_string(),
                };
            }
            let batch = batch(&pending, if one_by_one { 1 } else { protocol::BATCH_MAX });
            let end = pending[batch.len() - 1].0;
            let events: Vec<Event> = batch.iter().map(|(_, e)| e.clone()).collect();
            let body = Batch {
                name: self.identity.name.clone(),
                events,
            };
            match self.post("/api/events", &body, remaining) {
                Ok((200, _)) => {
                    for (_, event) in batch {
                        match event {
                            Event::Check(_) => checks += 1,
                            Event::Help(_) => helps += 1,
                        }
                    }
                    if let Err(e) = self.mark(end) {
                        return Delivery::Later {
                            waiting: pending.len(),
                            reason: format!("cannot write {}: {e}", self.dir.display()),
                        };
                    }
                }
                Ok((400 | 413 | 422, reason)) if batch.len() > 1 => {
                    let _ = reason;
                    one_by_one = true;
                }
                Ok((400 | 413 | 422, reason)) => {
                    // The room will never take this one: drop it, keep the rest going.
                    dropped = Some(reason);
                    if self.mark(end).is_err() {
                        return Delivery::Later {
                            waiting: pending.len(),
                            reason: "the outbox cannot be written".to_string(),
                        };
                    }
                }
                Ok((401 | 403, reason)) => return Delivery::Refused(reason),
                Ok((_, reason)) => {
                    return Delivery::Later {
                        waiting: pending.len(),
                        reason,
                    };
                }
                Err(reason) => {
                    return Delivery::Later {
                        waiting: pending.len(),
                        reason,
                    };
                }
            }
        }
    }

    /// Registers the learner with the room now (`ferry class join`): the room's exercises.
    pub fn join(&self, budget: Duration) -> Result<Joined, Delivery> {
        let body = protocol::Join {
            name: self.identity.name.clone(),
        };
        match self.post("/api/join", &body, budget) {
            Ok((200, text)) => serde_json::from_str(&text).map_err(|e| Delivery::Later {
                waiting: 0,
                reason: format!("the room answered something else than a class: {e}"),
            }),
            Ok((401 | 403, reason)) => Err(Delivery::Refused(reason)),
            Ok((_, reason)) | Err(reason) => Err(Delivery::Later { waiting: 0, reason }),
        }
    }

    /// One request: the status and, for a refusal, the room's reason (else the body).
    fn post(
        &self,
        path: &str,
        body: &impl Serialize,
        budget: Duration,
    ) -> Result<(u16, String), String> {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(budget.min(REQUEST_TIMEOUT)))
            .timeout_connect(Some(CONNECT_TIMEOUT.min(budget)))
            .http_status_as_error(false)
            // The room is on the local network: a proxy for the internet is not the way there.
            .proxy(None)
            .build()
            .into();
        let json = serde_json::to_string(body).map_err(|e| e.to_string())?;
        let mut response = agent
            .post(&format!("{}{path}", self.base))
            .header(protocol::CODE_HEADER, &self.code)
            .header(protocol::LEARNER_HEADER, &self.identity.id)
            .header("content-type", "application/json")
            .send(&json)
            .map_err(|e| format!("{} cannot be reached ({e})", self.base))?;
        let status = response.status().as_u16();
        let text = response
            .body_mut()
            .with_config()
            .limit(1024 * 1024)
            .read_to_string()
            .unwrap_or_default();
        if status == 200 {
            return Ok((status, text));
        }
        let reason = serde_json::from_str::<protocol::Refusal>(&text)
            .map(|r| r.error)
            .unwrap_or_else(|_| format!("the room answered {status}"));
        Ok((status, reason))
    }

    /// Starts the delivery thread: it sends the outbox now, after every `queue`, and again
    /// with a growing pause while the room cannot be reached; `news` hears how it went.
    pub fn start_delivery(&mut self, news: impl Fn(Delivery) + Send + 'static) {
        let (wake, woken) = mpsc::channel();
        self.wake = Some(wake);
        let link = Link {
            wake: None,
            ..self.clone()
        };
        std::thread::spawn(move || {
            let mut pause = FIRST_RETRY;
            loop {
                let delivery = link.deliver(REQUEST_TIMEOUT * 2);
                let wait = match &delivery {
                    Delivery::Done { .. } => {
                        pause = FIRST_RETRY;
                        None
                    }
                    Delivery::Later { .. } => {
                        let wait = pause;
                        pause = (pause * 2).min(LAST_RETRY);
                        Some(wait)
                    }
                    // Only a new join helps; a new event tries again.
                    Delivery::Refused(_) => None,
                };
                news(delivery);
                let woke = match wait {
                    None => woken
                        .recv()
                        .map_err(|_| mpsc::RecvTimeoutError::Disconnected),
                    Some(wait) => woken.recv_timeout(wait),
                };
                match woke {
                    Ok(()) | Err(mpsc::RecvTimeoutError::Timeout) => {}
                    Err(mpsc::RecvTimeoutError::Disconnected) => return,
                }
                // Several saves in a row are one delivery.
                while woken.try_recv().is_ok() {}
            }
        });
    }
}

/// The first events of `pending` that fit in one request.
fn batch(pending: &[(u64, Event)], most: usize) -> &[(u64, Event)] {
    let mut bytes = 0;
    let mut n = 0;
    for (_, event) in pending.iter().take(most) {
        let size = serde_json::to_string(event).map_or(0, |s| s.len()) + 1;
        if n > 0 && bytes + size > BATCH_BYTES {
            break;
        }
        bytes += size;
        n += 1;
    }
    &pending[..n.max(1)]
}

/// The link to the class at `url` (its join code in the address, or `code`).
pub fn link_to(
    state: &StateDir,
    url: &str,
    code: Option<&str>,
    name: Option<&str>,
) -> crate::error::Result<Link> {
    let address = parse_address(url).map_err(|e| {
        Error::Usage(format!(
            "{e}\n  fix: use the address `ferry class serve` printed, e.g. http://192.168.1.20:7878/join/ABCD-EFGH"
        ))
    })?;
    let code = code
        .map(|c| c.trim().to_ascii_uppercase())
        .or(address.code)
        .ok_or_else(|| {
            Error::Usage(format!(
                "{url} has no join code\n  fix: use the address ending in /join/CODE that `ferry class serve` printed, or add --code CODE"
            ))
        })?;
    state.ensure()?;
    let identity = identity(state, name).map_err(Error::Usage)?;
    Ok(Link::new(state, &address.base, &code, identity))
}

/// What a check came to, as the board says it.
pub fn outcome(assessment: &Assessment) -> Outcome {
    if matches!(assessment.predict, PredictState::Waiting { .. }) {
        return Outcome::Predicting;
    }
    let verdict = &assessment.verdict;
    match verdict.status() {
        Status::DoesNotCompile if verdict.errors.iter().all(|e| e.expected) => Outcome::LessonError,
        Status::DoesNotCompile => Outcome::NewError,
        Status::RunFailed => Outcome::RunFailed,
        Status::TimedOut => Outcome::TimedOut,
        Status::Deadlocked => Outcome::Deadlocked,
        Status::Flooded => Outcome::Flooded,
        Status::TooMuchMemory => Outcome::Memory,
        Status::SkipsLesson => Outcome::SkipsLesson,
        Status::Warnings => Outcome::Warnings,
        Status::Lints => Outcome::Clippy,
        // Done, waiting for nothing else.
        Status::Done if assessment.done => Outcome::Done,
        Status::Done => Outcome::Predicting,
    }
}

/// The event for one check. `seconds`: time spent on the exercise (`figures`).
pub fn check_event(
    exercise: &str,
    assessment: &Assessment,
    trigger: Trigger,
    hint_level: usize,
    seconds: u64,
) -> Event {
    let mut codes = assessment.verdict.error_labels();
    codes.truncate(protocol::CODES_MAX);
    for code in &mut codes {
        if code.chars().count() > protocol::CODE_MAX {
            *code = code.chars().take(protocol::CODE_MAX).collect();
        }
    }
    Event::Check(Check {
        id: random_hex(16),
        exercise: exercise.to_string(),
        outcome: outcome(assessment),
        codes,
        hint_level: u32::try_from(hint_level)
            .unwrap_or(u32::MAX)
            .min(protocol::HINT_LEVEL_MAX),
        seconds: seconds.min(protocol::SECONDS_MAX),
        time: unix_time(),
        trigger: trigger.word().to_string(),
    })
}

/// The event for "ask for help": the file and the error, cut to the room's bounds.
pub fn help_event(exercise: &str, file: &str, error: &str) -> Event {
    // Control characters other than line ends and tabs (a stray escape) are not sent.
    let clean = |text: &str| -> String {
        text.chars()
            .filter(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t'))
            .collect()
    };
    Event::Help(Help {
        id: random_hex(16),
        exercise: exercise.to_string(),
        file: protocol::truncate(&clean(file), protocol::FILE_MAX),
        error: protocol::truncate(&clean(error), protocol::ERROR_MAX),
        time: unix_time(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_addresses_carry_the_host_and_maybe_the_code() {
        assert_eq!(
            parse_address("http://192.168.1.20:7878/join/abcd-efgh").unwrap(),
            Address {
                base: "http://192.168.1.20:7878".into(),
                code: Some("ABCD-EFGH".into())
            }
        );
        assert_eq!(
            parse_address("127.0.0.1:7878/").unwrap(),
            Address {
                base: "http://127.0.0.1:7878".into(),
                code: None
            }
        );
        assert!(parse_address("https://example.com/join/X").is_err());
        assert!(parse_address("http://a b/").is_err());
        assert!(parse_address("http://host:1/board?token=x").is_err());
    }

    fn link(dir: &Path) -> Link {
        let state = StateDir::new(dir);
        Link::new(
            &state,
            "http://127.0.0.1:9",
            "ABCD-EFGH",
            Identity {
                id: "0".repeat(32),
                name: "Ada".into(),
            },
        )
    }

    #[test]
    fn the_outbox_keeps_events_until_the_room_has_them() {
        let dir = tempfile::tempdir().unwrap();
        let link = link(dir.path());
        let help = help_event("a", "fn main() {}\n", "error[E0382]");
        link.queue(&help).unwrap();
        link.queue(&help_event("a", "", "")).unwrap();
        // A line a crash cut short is still being written.
        std::fs::OpenOptions::new()
            .append(true)
            .open(link.outbox())
            .unwrap()
            .write_all(b"{\"kind\":\"he")
            .unwrap();
        let pending = link.pending();
        assert_eq!(pending.len(), 2);
        assert_eq!(pending[0].1, help);
        link.mark(pending[0].0).unwrap();
        assert_eq!(link.pending().len(), 1);
        // The mark never goes back.
        link.mark(0).unwrap();
        assert_eq!(link.pending().len(), 1);
    }

    #[test]
    fn nothing_listening_is_later_not_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let link = link(dir.path());
        link.queue(&help_event("a", "", "")).unwrap();
        match link.deliver(Duration::from_secs(2)) {
            Delivery::Later { waiting, .. } => assert_eq!(waiting, 1),
            other => panic!("{other:?}"),
        }
        assert_eq!(link.pending().len(), 1);
    }

    #[test]
    fn batches_stay_under_the_rooms_body_limit() {
        let big = help_event(
            "a",
            &"x".repeat(protocol::FILE_MAX),
            &"y".repeat(protocol::ERROR_MAX),
        );
        let pending: Vec<(u64, Event)> = (0..5).map(|i| (i, big.clone())).collect();
        let first = batch(&pending, protocol::BATCH_MAX);
        assert!(first.len() < 5);
        let bytes: usize = first
            .iter()
            .map(|(_, e)| serde_json::to_string(e).unwrap().len())
            .sum();
        assert!(bytes <= BATCH_BYTES);
    }

    #[test]
    fn help_requests_keep_line_ends_and_drop_escapes() {
        let Event::Help(help) = help_event("a", "fn main() {\n\t\x1b[31m}\n", "e") else {
            unreachable!()
        };
        assert_eq!(help.file, "fn main() {\n\t[31m}\n");
        assert!(protocol::validate_event(&Event::Help(help), |_| true).is_ok());
    }
}
