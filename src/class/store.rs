//! Where a class session is kept, so that restarting the server loses nothing: the join code
//! and the instructor's token, the learners, every event in the order it arrived.
//!
//! `Store` is the small interface the server uses; `Sqlite` (one file, WAL, an event's id
//! unique per learner so that a resend is kept once) is the implementation. A school-wide
//! deployment could put a server database behind the same trait.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, params};

use super::protocol::Event;

/// The room's secrets: learners need the join code, the board and the export the token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Secrets {
    pub code: String,
    pub token: String,
}

/// One thing the store holds, as `replay` hands them back: learners first, then events in
/// the order they arrived.
#[derive(Debug, Clone, PartialEq)]
pub enum Record {
    Learner {
        id: i64,
        name: String,
    },
    Event {
        seq: i64,
        learner: i64,
        received: u64,
        handled: bool,
        event: Event,
    },
}

/// What went wrong in the store, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreError(pub String);

impl From<rusqlite::Error> for StoreError {
    fn from(err: rusqlite::Error) -> StoreError {
        StoreError(err.to_string())
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

pub trait Store: Send {
    /// The session's secrets: those kept, or `make()`'s, kept from now on.
    fn secrets(&mut self, make: &mut dyn FnMut() -> Secrets) -> StoreResult<Secrets>;
    /// The room's number for the learner with this secret id, registering them (or their new
    /// name) and saying whether they are new; `None` for a new learner when `may_add` is false
    /// (the room is full).
    fn learner(
        &mut self,
        secret: &str,
        name: &str,
        now: u64,
        may_add: bool,
    ) -> StoreResult<Option<(i64, bool)>>;
    /// Keeps a learner's events, all or none; for each, its number if it is new, `None` if the
    /// store already had its id (a resend).
    fn insert(
        &mut self,
        learner: i64,
        events: &[Event],
        received: u64,
    ) -> StoreResult<Vec<Option<i64>>>;
    /// Marks a help request seen to.
    fn handled(&mut self, seq: i64) -> StoreResult<()>;
    /// Everything kept, in order.
    fn replay(&mut self, each: &mut dyn FnMut(Record)) -> StoreResult<()>;
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS learners (
    id INTEGER PRIMARY KEY,
    secret TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    joined INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY,
    learner INTEGER NOT NULL REFERENCES learners(id),
    id TEXT NOT NULL,
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    received INTEGER NOT NULL,
    handled INTEGER NOT NULL DEFAULT 0,
    UNIQUE (learner, id)
);
";
const SCHEMA_VERSION: &str = "1";

/// A session in one SQLite file.
pub struct Sqlite {
    connection: Connection,
    pub path: PathBuf,
}

impl Sqlite {
    pub fn open(path: &Path) -> StoreResult<Sqlite> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| StoreError(e.to_string()))?;
        }
        let connection = Connection::open(path)?;
        // WAL: boards read while learners write. FULL: an event the room answered 200 for is
        // on disk, so a learner never resends into a gap after a power cut.
        connection.pragma_update(None, "journal_mode", "WAL")?;
        connection.pragma_update(None, "synchronous", "FULL")?;
        connection.pragma_update(None, "foreign_keys", "ON")?;
        connection.busy_timeout(std::time::Duration::from_secs(5))?;
        connection.execute_batch(SCHEMA)?;
        let version: Option<String> = connection
            .query_row("SELECT value FROM meta WHERE key = 'schema'", [], |r| {
                r.get(0)
            })
            .optional()?;
        match version.as_deref() {
            None => {
                connection.execute(
                    "INSERT INTO meta (key, value) VALUES ('schema', ?1)",
                    [SCHEMA_VERSION],
                )?;
            }
            Some(SCHEMA_VERSION) => {}
            Some(other) => {
                return Err(StoreError(format!(
                    "it was written by another ferry (schema {other}, this ferry reads {SCHEMA_VERSION})"
                )));
            }
        }
        Ok(Sqlite {
            connection,
            path: path.to_path_buf(),
        })
    }

    fn meta(&self, key: &str) -> StoreResult<Option<String>> {
        Ok(self
            .connection
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }
}

/// The learner's secret id is kept hashed: the file names learners, it cannot act for them.
fn hashed(secret: &str) -> String {
    blake3::hash(secret.as_bytes()).to_hex().to_string()
}

impl Store for Sqlite {
    fn secrets(&mut self, make: &mut dyn FnMut() -> Secrets) -> StoreResult<Secrets> {
        if let (Some(code), Some(token)) = (self.meta("join_code")?, self.meta("token")?) {
            return Ok(Secrets { code, token });
        }
        let secrets = make();
        let tx = self.connection.transaction()?;
        tx.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('join_code', ?1), ('token', ?2)",
            params![secrets.code, secrets.token],
        )?;
        tx.commit()?;
        Ok(secrets)
    }

    fn learner(
        &mut self,
        secret: &str,
        name: &str,
        now: u64,
        may_add: bool,
    ) -> StoreResult<Option<(i64, bool)>> {
        let secret = hashed(secret);
        let known: Option<(i64, String)> = self
            .connection
            .query_row(
                "SELECT id, name FROM learners WHERE secret = ?1",
                [&secret],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        match known {
            Some((id, kept)) => {
                if kept != name {
                    self.connection.execute(
                        "UPDATE learners SET name = ?1 WHERE id = ?2",
                        params![name, id],
                    )?;
                }
                Ok(Some((id, false)))
            }
            None if !may_add => Ok(None),
            None => {
                self.connection.execute(
                    "INSERT INTO learners (secret, name, joined) VALUES (?1, ?2, ?3)",
                    params![secret, name, now as i64],
                )?;
                Ok(Some((self.connection.last_insert_rowid(), true)))
            }
        }
    }

    fn insert(
        &mut self,
        learner: i64,
        events: &[Event],
        received: u64,
    ) -> StoreResult<Vec<Option<i64>>> {
        let tx = self.connection.transaction()?;
        let mut kept = Vec::with_capacity(events.len());
        {
            let mut insert = tx.prepare_cached(
                "INSERT OR IGNORE INTO events (learner, id, kind, body, received) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for event in events {
                let body = serde_json::to_string(event).map_err(|e| StoreError(e.to_string()))?;
                let changed = insert.execute(params![
                    learner,
                    event.id(),
                    event.kind(),
                    body,
                    received as i64
                ])?;
                kept.push((changed == 1).then(|| tx.last_insert_rowid()));
            }
        }
        tx.commit()?;
        Ok(kept)
    }

    fn handled(&mut self, seq: i64) -> StoreResult<()> {
        self.connection
            .execute("UPDATE events SET handled = 1 WHERE seq = ?1", [seq])?;
        Ok(())
    }

    fn replay(&mut self, each: &mut dyn FnMut(Record)) -> StoreResult<()> {
        let mut learners = self
            .connection
            .prepare("SELECT id, name FROM learners ORDER BY id")?;
        let rows = learners.query_map([], |r| {
            Ok(Record::Learner {
                id: r.get(0)?,
                name: r.get(1)?,
            })
        })?;
        for row in rows {
            each(row?);
        }
        let mut events = self
            .connection
            .prepare("SELECT seq, learner, received, handled, body FROM events ORDER BY seq")?;
        let mut rows = events.query([])?;
        while let Some(row) = rows.next()? {
            let body: String = row.get(4)?;
            let event: Event = serde_json::from_str(&body).map_err(|e| {
                StoreError(format!(
                    "event {} cannot be read: {e}",
                    row.get::<_, i64>(0).unwrap_or(0)
                ))
            })?;
            let received: i64 = row.get(2)?;
            each(Record::Event {
                seq: row.get(0)?,
                learner: row.get(1)?,
                received: received.max(0) as u64,
                handled: row.get::<_, i64>(3)? != 0,
                event,
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::class::protocol::{Check, Outcome};

    fn check(id: &str) -> Event {
        Event::Check(Check {
            id: id.into(),
            exercise: "a".into(),
            outcome: Outcome::LessonError,
            codes: vec!["E0502".into()],
            hint_level: 0,
            seconds: 3,
            time: 1000,
            trigger: "save".into(),
        })
    }

    fn secrets() -> Secrets {
        Secrets {
            code: "ABCD-EFGH".into(),
            token: "t".repeat(32),
        }
    }

    #[test]
    fn a_resent_event_is_kept_once_and_everything_survives_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("class.db");
        {
            let mut store = Sqlite::open(&path).unwrap();
            assert_eq!(store.secrets(&mut secrets).unwrap(), secrets());
            let (ada, new) = store
                .learner("a".repeat(32).as_str(), "Ada", 1, true)
                .unwrap()
                .unwrap();
            assert!(new);
            let kept = store.insert(ada, &[check("e1"), check("e2")], 10).unwrap();
            assert!(kept.iter().all(Option::is_some));
            // The same events again, and one more: only the new one is kept.
            let kept = store
                .insert(ada, &[check("e1"), check("e2"), check("e3")], 11)
                .unwrap();
            assert_eq!(kept.iter().filter(|k| k.is_some()).count(), 1);
            // Another learner may use the same ids.
            let (bo, _) = store
                .learner(&"b".repeat(32), "Bo", 2, true)
                .unwrap()
                .unwrap();
            assert_eq!(
                store.learner(&"c".repeat(32), "Cy", 2, false).unwrap(),
                None
            );
            assert!(store.insert(bo, &[check("e1")], 12).unwrap()[0].is_some());
        }
        let mut store = Sqlite::open(&path).unwrap();
        let mut other = || Secrets {
            code: "other".into(),
            token: "other".into(),
        };
        assert_eq!(
            store.secrets(&mut other).unwrap(),
            secrets(),
            "kept across restarts"
        );
        let (ada, new) = store
            .learner(&"a".repeat(32), "Ada L.", 3, false)
            .unwrap()
            .unwrap();
        assert!(!new);
        let mut records = Vec::new();
        store.replay(&mut |r| records.push(r)).unwrap();
        let names: Vec<_> = records
            .iter()
            .filter_map(|r| match r {
                Record::Learner { name, .. } => Some(name.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(names, ["Ada L.", "Bo"]);
        let events: Vec<_> = records
            .iter()
            .filter_map(|r| match r {
                Record::Event { learner, event, .. } => Some((*learner, event.id().to_string())),
                _ => None,
            })
            .collect();
        assert_eq!(
            events,
            [
                (ada, "e1".into()),
                (ada, "e2".into()),
                (ada, "e3".into()),
                (2, "e1".into())
            ]
        );
    }

    #[test]
    fn the_learners_secret_is_not_in_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("class.db");
        let secret = "0123456789abcdef0123456789abcdef";
        let mut store = Sqlite::open(&path).unwrap();
        store.learner(secret, "Ada", 1, true).unwrap();
        drop(store);
        let bytes = std::fs::read(&path).unwrap();
        let wal = std::fs::read(path.with_extension("db-wal")).unwrap_or_default();
        let has = |b: &[u8]| b.windows(secret.len()).any(|w| w == secret.as_bytes());
        assert!(!has(&bytes) && !has(&wal));
    }
}
