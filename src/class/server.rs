//! `ferry class serve`: the room's HTTP server. Learners' ferry posts events (with the join
//! code), the instructor's browser gets the board, a live stream of what changes and the
//! export (with the token).
//!
//! Every event is kept in the store before the room answers, then folded into the in-memory
//! `Room` and sent to the open boards (server-sent events). Refusals say why in one line of
//! JSON, with the status: 401 no code or token, 403 a wrong one (or a full room), 413 too
//! large, 400 not JSON, 422 JSON that breaks a bound or names an exercise the class does not
//! follow, 429 too fast.

use std::collections::HashMap;
use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use tokio::sync::broadcast;

use super::protocol::{self, Accepted, Batch, Join, Joined, Refusal};
use super::room::{Room, RoomExercise};
use super::store::{Record, Secrets, Store};
use crate::error::{Error, Result};
use crate::state::unix_time;

const PAGE: &str = include_str!("board.html");
const SCRIPT: &str = include_str!("board.js");
const STYLE: &str = include_str!("board.css");

/// The cookie the board keeps the token in, so that its address shows no secret on the
/// projector.
const COOKIE: &str = "ferry_token";
/// Learners one room takes.
pub const LEARNERS_MAX: usize = 500;
/// Events one learner may have in the room (a check every 3 s for eight hours is 9,600).
pub const EVENTS_MAX: usize = 20_000;
/// Requests one learner may make in a burst, and how many a second after it.
const LEARNER_BURST: f64 = 20.0;
const LEARNER_RATE: f64 = 2.0;
/// Refused join codes or tokens one address may try in a burst, and how many a second after
/// (a typo or two per laptop; guessing a code of 31^8 at 30 a minute takes thousands of years).
const FAILURE_BURST: f64 = 30.0;
const FAILURE_RATE: f64 = 0.5;
/// Messages a slow board may fall behind before it gets a fresh snapshot instead.
const BACKLOG: usize = 1024;

const SECURITY_HEADERS: [(&str, &str); 5] = [
    (
        "content-security-policy",
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    ),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    ("x-frame-options", "DENY"),
    ("cache-control", "no-store"),
];

/// What `ferry class serve` was asked for, settled.
pub struct Options {
    pub listen: SocketAddr,
    pub exercises: Vec<RoomExercise>,
    pub stuck_secs: u64,
}

/// A message for the open boards: the SSE event's name and its JSON.
type Message = Arc<(&'static str, String)>;

struct Shared {
    store: Box<dyn Store>,
    room: Room,
    /// Events kept per learner (for `EVENTS_MAX`).
    events: HashMap<i64, usize>,
}

struct App {
    shared: Mutex<Shared>,
    secrets: Secrets,
    boards: broadcast::Sender<Message>,
    learner_limits: Mutex<HashMap<String, Bucket>>,
    failure_limits: Mutex<HashMap<IpAddr, Bucket>>,
}

impl App {
    fn shared(&self) -> MutexGuard<'_, Shared> {
        // A panic in one request must not take the room down with it.
        self.shared.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A token bucket: `burst` at once, `rate` a second after that.
#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

impl Bucket {
    /// Takes one token; `Err(seconds to wait)` when there is none.
    fn take(&mut self, now: Instant, burst: f64, rate: f64) -> std::result::Result<(), u64> {
        let refill = now.saturating_duration_since(self.at).as_secs_f64() * rate;
        self.tokens = (self.tokens + refill).min(burst);
        self.at = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - self.tokens) / rate).ceil() as u64)
        }
    }
}

fn limited<K: std::hash::Hash + Eq>(
    limits: &Mutex<HashMap<K, Bucket>>,
    key: K,
    burst: f64,
    rate: f64,
) -> std::result::Result<(), u64> {
    let now = Instant::now();
    let mut limits = limits.lock().unwrap_or_else(|e| e.into_inner());
    if limits.len() > 10 * LEARNERS_MAX {
        // Full buckets are as good as none.
        limits.retain(|_, b| now.saturating_duration_since(b.at).as_secs_f64() * rate < burst);
    }
    limits
        .entry(key)
        .or_insert(Bucket {
            tokens: burst,
            at: now,
        })
        .take(now, burst, rate)
}

/// Runs the room until a signal stops ferry: binds, prints how to join and where the board is
/// (`announce`), and serves.
pub fn serve(
    options: Options,
    mut store: Box<dyn Store>,
    announce: impl FnOnce(SocketAddr, &Secrets) -> std::io::Result<()>,
) -> Result<()> {
    let store_error = |e: super::store::StoreError| Error::Class {
        what: format!("the class session cannot be read: {}", e.0),
        fix: "start with another --db, or move the file aside".to_string(),
    };
    let secrets = store.secrets(&mut make_secrets).map_err(store_error)?;
    let mut room = Room::new(options.exercises, options.stuck_secs);
    let mut events: HashMap<i64, usize> = HashMap::new();
    store
        .replay(&mut |record| match record {
            Record::Learner { id, name } => room.name(id, &name),
            Record::Event {
                seq,
                learner,
                received,
                handled,
                event,
            } => {
                *events.entry(learner).or_default() += 1;
                room.apply(seq, learner, received, &event);
                if handled {
                    room.handled(seq);
                }
            }
        })
        .map_err(store_error)?;
    let (boards, _) = broadcast::channel(BACKLOG);
    let app = Arc::new(App {
        shared: Mutex::new(Shared {
            store,
            room,
            events,
        }),
        secrets,
        boards,
        learner_limits: Mutex::new(HashMap::new()),
        failure_limits: Mutex::new(HashMap::new()),
    });

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|source| Error::Spawn {
            command: "the class server's threads".to_string(),
            source,
            fix: "free some memory or threads and start again".to_string(),
        })?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(options.listen)
            .await
            .map_err(|source| Error::Listen {
                address: options.listen.to_string(),
                source,
            })?;
        let bound = listener.local_addr().map_err(|source| Error::Listen {
            address: options.listen.to_string(),
            source,
        })?;
        announce(bound, &app.secrets)?;
        let stop = Arc::new(tokio::sync::Notify::new());
        let on_signal = Arc::clone(&stop);
        crate::signals::on_signal(move || on_signal.notify_one());
        let service = router(app).into_make_service_with_connect_info::<SocketAddr>();
        // Not a graceful shutdown: the boards' streams never end by themselves, and every
        // event the room answered for is in the store already.
        tokio::select! {
            served = axum::serve(listener, service) => served.map_err(|source| Error::Listen {
                address: bound.to_string(),
                source,
            }),
            () = stop.notified() => Ok(()),
        }
    })
}

fn make_secrets() -> Secrets {
    // No 0/O, 1/I/L: read off a projector and typed.
    const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 24];
    // Without the system's randomness there is no secret to give: nothing to fall back on.
    getrandom::fill(&mut bytes).expect("the system's random numbers");
    let mut code: String = bytes[..8]
        .iter()
        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
        .collect();
    code.insert(4, '-');
    let token = bytes[8..].iter().map(|b| format!("{b:02x}")).collect();
    Secrets { code, token }
}

fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(landing))
        .route("/join/{code}", get(landing))
        .route("/api/join", post(join))
        .route("/api/events", post(events))
        .route("/board", get(board))
        .route(
            "/board.js",
            get(|| async { asset("text/javascript", SCRIPT) }),
        )
        .route("/board.css", get(|| async { asset("text/css", STYLE) }))
        .route("/api/board", get(snapshot))
        .route("/api/stream", get(stream))
        .route("/api/help/{seq}/handled", post(handled))
        .route("/export.json", get(export_json))
        .route("/export.csv", get(export_csv))
        .fallback(|| async { refuse(StatusCode::NOT_FOUND, "no such page") })
        .layer(axum::middleware::map_response(secure))
        .with_state(app)
}

async fn secure(mut response: Response) -> Response {
    let headers = response.headers_mut();
    for (name, value) in SECURITY_HEADERS {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

fn asset(kind: &'static str, text: &'static str) -> Response {
    ([(header::CONTENT_TYPE, kind)], text).into_response()
}

fn refuse(status: StatusCode, reason: &str) -> Response {
    (
        status,
        axum::Json(Refusal {
            error: reason.to_string(),
        }),
    )
        .into_response()
}

/// A refusal: the status, and the one-line reason the learner's ferry or the browser shows.
struct Refused {
    status: StatusCode,
    reason: String,
    /// Seconds to wait before trying again (429).
    retry_after: Option<u64>,
}

impl IntoResponse for Refused {
    fn into_response(self) -> Response {
        let mut response = refuse(self.status, &self.reason);
        if let Some(value) = self
            .retry_after
            .and_then(|wait| HeaderValue::from_str(&wait.to_string()).ok())
        {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        response
    }
}

fn refusal(status: StatusCode, reason: &str) -> Refused {
    Refused {
        status,
        reason: reason.to_string(),
        retry_after: None,
    }
}

fn too_fast(wait: u64) -> Refused {
    Refused {
        retry_after: Some(wait),
        ..refusal(
            StatusCode::TOO_MANY_REQUESTS,
            &format!("too many requests: wait {wait} s"),
        )
    }
}

/// Someone opened the join address in a browser: say what it is for.
async fn landing() -> Response {
    (
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "This is a ferry class. Learners join from their workspace with `ferry class join` and the address the instructor gives; the instructor's board is at /board with the token `ferry class serve` printed.\n",
    )
        .into_response()
}

/// The same bytes, compared in constant time.
fn same(given: &str, secret: &str) -> bool {
    constant_time_eq::constant_time_eq(given.as_bytes(), secret.as_bytes())
}

/// Checks the join code and reads the learner's id: `Err(response)` when refused.
fn learner_of(
    app: &App,
    headers: &HeaderMap,
    from: SocketAddr,
) -> std::result::Result<String, Refused> {
    let code = headers
        .get(protocol::CODE_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(|c| c.trim().to_ascii_uppercase());
    let refused = match code {
        None => Some((
            StatusCode::UNAUTHORIZED,
            "no join code: ask the instructor for it",
        )),
        Some(code) if !same(&code, &app.secrets.code) => Some((
            StatusCode::FORBIDDEN,
            "wrong join code: ask the instructor for it",
        )),
        Some(_) => None,
    };
    if let Some((status, reason)) = refused {
        return Err(failed(app, from, status, reason));
    }
    let learner = headers
        .get(protocol::LEARNER_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    protocol::validate_learner(learner).map_err(|e| refusal(StatusCode::BAD_REQUEST, &e))?;
    limited(
        &app.learner_limits,
        learner.to_string(),
        LEARNER_BURST,
        LEARNER_RATE,
    )
    .map_err(too_fast)?;
    Ok(learner.to_string())
}

/// A refused code or token; an address that keeps guessing is slowed down.
fn failed(app: &App, from: SocketAddr, status: StatusCode, reason: &str) -> Refused {
    match limited(&app.failure_limits, from.ip(), FAILURE_BURST, FAILURE_RATE) {
        Ok(()) => refusal(status, reason),
        Err(wait) => too_fast(wait),
    }
}

/// The instructor's token, from the board's cookie, an `Authorization: Bearer` header or
/// `?token=`.
fn token_of(headers: &HeaderMap, uri: &Uri) -> Option<String> {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::to_string);
    let cookie = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| {
            pair.trim()
                .strip_prefix(&format!("{COOKIE}="))
                .map(str::to_string)
        });
    let query = uri.query().and_then(|q| {
        q.split('&').find_map(|pair| {
            pair.strip_prefix("token=").map(|t| {
                percent_encoding::percent_decode_str(t)
                    .decode_utf8_lossy()
                    .into_owned()
            })
        })
    });
    bearer.or(query).or(cookie)
}

fn instructor(
    app: &App,
    headers: &HeaderMap,
    uri: &Uri,
    from: SocketAddr,
) -> std::result::Result<(), Refused> {
    match token_of(headers, uri) {
        None => Err(failed(
            app,
            from,
            StatusCode::UNAUTHORIZED,
            "no instructor token: open the board address `ferry class serve` printed",
        )),
        Some(token) if !same(&token, &app.secrets.token) => Err(failed(
            app,
            from,
            StatusCode::FORBIDDEN,
            "wrong instructor token: open the board address `ferry class serve` printed",
        )),
        Some(_) => Ok(()),
    }
}

/// The body as JSON of type `T`: 413 past `BODY_MAX`, 400 when it is not JSON, 422 when it
/// is JSON of another shape.
async fn read_json<T: serde::de::DeserializeOwned>(body: Body) -> std::result::Result<T, Refused> {
    let bytes = axum::body::to_bytes(body, protocol::BODY_MAX)
        .await
        .map_err(|_| {
            refusal(
                StatusCode::PAYLOAD_TOO_LARGE,
                &format!(
                    "the request is larger than {} KiB",
                    protocol::BODY_MAX / 1024
                ),
            )
        })?;
    serde_json::from_slice(&bytes).map_err(|e| {
        let status = match e.classify() {
            serde_json::error::Category::Data => StatusCode::UNPROCESSABLE_ENTITY,
            _ => StatusCode::BAD_REQUEST,
        };
        let what = if status == StatusCode::BAD_REQUEST {
            "the request is not JSON"
        } else {
            "the request is not a ferry event"
        };
        refusal(status, &format!("{what}: {e}"))
    })
}

async fn join(
    State(app): State<Arc<App>>,
    ConnectInfo(from): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let learner = match learner_of(&app, &headers, from) {
        Ok(learner) => learner,
        Err(refused) => return refused.into_response(),
    };
    let join: Join = match read_json(body).await {
        Ok(join) => join,
        Err(refused) => return refused.into_response(),
    };
    let name = match protocol::validate_name(&join.name) {
        Ok(name) => name,
        Err(e) => return refuse(StatusCode::UNPROCESSABLE_ENTITY, &e),
    };
    let mut shared = app.shared();
    if let Err(refused) = register(&mut shared, &app, &learner, &name) {
        return refused.into_response();
    }
    axum::Json(Joined {
        exercises: shared
            .room
            .exercises()
            .iter()
            .map(|e| e.name.clone())
            .collect(),
    })
    .into_response()
}

/// The room's number for a learner, registered (or renamed) now.
fn register(
    shared: &mut Shared,
    app: &App,
    learner: &str,
    name: &str,
) -> std::result::Result<i64, Refused> {
    let room_left = shared.room.learners().len() < LEARNERS_MAX;
    let Some((id, _)) = shared
        .store
        .learner(learner, name, unix_time(), room_left)
        .map_err(|e| refusal(StatusCode::INTERNAL_SERVER_ERROR, &e.0))?
    else {
        return Err(refusal(
            StatusCode::FORBIDDEN,
            &format!("the room is full ({LEARNERS_MAX} learners)"),
        ));
    };
    let renamed = shared.room.learner(id).is_none_or(|l| l.name != name);
    shared.room.name(id, name);
    if renamed && let Some(learner) = shared.room.learner(id) {
        let update = serde_json::json!({ "now": unix_time(), "learner": learner });
        let _ = app.boards.send(Arc::new(("update", update.to_string())));
    }
    Ok(id)
}

async fn events(
    State(app): State<Arc<App>>,
    ConnectInfo(from): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let learner = match learner_of(&app, &headers, from) {
        Ok(learner) => learner,
        Err(refused) => return refused.into_response(),
    };
    let batch: Batch = match read_json(body).await {
        Ok(batch) => batch,
        Err(refused) => return refused.into_response(),
    };
    let name = match protocol::validate_name(&batch.name) {
        Ok(name) => name,
        Err(e) => return refuse(StatusCode::UNPROCESSABLE_ENTITY, &e),
    };
    if batch.events.len() > protocol::BATCH_MAX {
        return refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            &format!("at most {} events in one request", protocol::BATCH_MAX),
        );
    }
    let mut shared = app.shared();
    for (i, event) in batch.events.iter().enumerate() {
        if let Err(e) = protocol::validate_event(event, |name| shared.room.knows(name)) {
            return refuse(StatusCode::UNPROCESSABLE_ENTITY, &format!("event {i}: {e}"));
        }
    }
    let id = match register(&mut shared, &app, &learner, &name) {
        Ok(id) => id,
        Err(refused) => return refused.into_response(),
    };
    let kept = shared.events.get(&id).copied().unwrap_or(0);
    if kept + batch.events.len() > EVENTS_MAX {
        return refuse(
            StatusCode::TOO_MANY_REQUESTS,
            &format!("this learner has sent {EVENTS_MAX} events already"),
        );
    }
    let received = unix_time();
    let seqs = match shared.store.insert(id, &batch.events, received) {
        Ok(seqs) => seqs,
        Err(e) => return refuse(StatusCode::INTERNAL_SERVER_ERROR, &e.0),
    };
    let accepted = seqs.iter().filter(|s| s.is_some()).count();
    *shared.events.entry(id).or_default() += accepted;
    for (event, seq) in batch.events.iter().zip(seqs) {
        let Some(seq) = seq else { continue };
        if let Some(update) = shared.room.apply(seq, id, received, event) {
            let json = serde_json::to_string(&update).unwrap_or_default();
            // No board open is no error.
            let _ = app.boards.send(Arc::new(("update", json)));
        }
    }
    axum::Json(Accepted {
        accepted,
        duplicates: batch.events.len() - accepted,
    })
    .into_response()
}

async fn board(
    State(app): State<Arc<App>>,
    ConnectInfo(from): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    if let Err(refused) = instructor(&app, &headers, &uri, from) {
        return refused.into_response();
    }
    if uri.query().is_some_and(|q| q.contains("token=")) {
        // Keep the token in a cookie and show an address without it.
        let cookie = format!(
            "{COOKIE}={}; HttpOnly; SameSite=Strict; Path=/",
            app.secrets.token
        );
        return (
            StatusCode::SEE_OTHER,
            [
                (header::LOCATION, "/board".to_string()),
                (header::SET_COOKIE, cookie),
            ],
        )
            .into_response();
    }
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], PAGE).into_response()
}

async fn snapshot(
    State(app): State<Arc<App>>,
    ConnectInfo(from): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    if let Err(refused) = instructor(&app, &headers, &uri, from) {
        return refused.into_response();
    }
    let snapshot = app.shared().room.snapshot(unix_time());
    axum::Json(snapshot).into_response()
}

async fn stream(
    State(app): State<Arc<App>>,
    ConnectInfo(from): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    if let Err(refused) = instructor(&app, &headers, &uri, from) {
        return refused.into_response();
    }
    // The snapshot and the subscription under one lock: no update falls between them.
    let (first, updates) = {
        let shared = app.shared();
        (
            shared.room.snapshot(unix_time()).to_string(),
            app.boards.subscribe(),
        )
    };
    let stream = futures_util::stream::unfold(
        (Some(first), updates, app),
        |(first, mut updates, app)| async move {
            if let Some(first) = first {
                let event = SseEvent::default().event("snapshot").data(first);
                return Some((
                    Ok::<_, std::convert::Infallible>(event),
                    (None, updates, app),
                ));
            }
            let event = match updates.recv().await {
                Ok(message) => SseEvent::default().event(message.0).data(&message.1),
                Err(broadcast::error::RecvError::Lagged(_)) => {
                    // Too far behind to catch up one by one: start again from the whole room.
                    let snapshot = app.shared().room.snapshot(unix_time()).to_string();
                    SseEvent::default().event("snapshot").data(snapshot)
                }
                Err(broadcast::error::RecvError::Closed) => return None,
            };
            Some((Ok(event), (None, updates, app)))
        },
    );
    Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response()
}

async fn handled(
    State(app): State<Arc<App>>,
    ConnectInfo(from): ConnectInfo<SocketAddr>,
    Path(seq): Path<i64>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    if let Err(refused) = instructor(&app, &headers, &uri, from) {
        return refused.into_response();
    }
    let mut shared = app.shared();
    if !shared.room.handled(seq) {
        return refuse(StatusCode::NOT_FOUND, "no help request by that number");
    }
    if let Err(e) = shared.store.handled(seq) {
        return refuse(StatusCode::INTERNAL_SERVER_ERROR, &e.0);
    }
    let _ = app.boards.send(Arc::new((
        "handled",
        serde_json::json!({ "seq": seq }).to_string(),
    )));
    StatusCode::NO_CONTENT.into_response()
}

/// The session as a whole: per learner and exercise what the board shows, then every event.
fn export(shared: &mut Shared) -> std::result::Result<serde_json::Value, Refused> {
    let now = unix_time();
    let room = &shared.room;
    let names: HashMap<i64, &str> = room
        .learners()
        .iter()
        .map(|l| (l.id, l.name.as_str()))
        .collect();
    let learners: Vec<_> = room
        .learners()
        .iter()
        .map(|l| {
            let cells: Vec<_> = room
                .exercises()
                .iter()
                .enumerate()
                .map(|(i, e)| {
                    let cell = &l.cells[i];
                    serde_json::json!({
                        "exercise": e.name,
                        "state": l.state(i, now, room.stuck_secs).word(),
                        "checks": cell.checks,
                        "time_secs": cell.time_on(now, l.current == Some(i)),
                        "hint_level": cell.hint_level,
                        "last_outcome": cell.outcome.map(|o| o.word()),
                        "errors_met": cell.met,
                    })
                })
                .collect();
            serde_json::json!({
                "name": l.name,
                "current": l.current.map(|i| &room.exercises()[i].name),
                "exercises": cells,
            })
        })
        .collect();
    let mut events = Vec::new();
    shared
        .store
        .replay(&mut |record| {
            if let Record::Event {
                learner,
                received,
                event,
                ..
            } = record
            {
                let mut value = serde_json::to_value(&event).unwrap_or_default();
                value["learner"] = names.get(&learner).copied().unwrap_or_default().into();
                value["received"] = received.into();
                events.push(value);
            }
        })
        .map_err(|e| refusal(StatusCode::INTERNAL_SERVER_ERROR, &e.0))?;
    Ok(serde_json::json!({
        "format_version": 1,
        "exported_at": now,
        "stuck_secs": room.stuck_secs,
        "exercises": room.exercises(),
        "learners": learners,
        "events": events,
    }))
}

async fn export_json(
    State(app): State<Arc<App>>,
    ConnectInfo(from): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    if let Err(refused) = instructor(&app, &headers, &uri, from) {
        return refused.into_response();
    }
    match export(&mut app.shared()) {
        Ok(value) => (
            [(
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"ferry-class.json\"",
            )],
            axum::Json(value),
        )
            .into_response(),
        Err(refused) => refused.into_response(),
    }
}

/// One CSV field: quoted, and a leading `=`, `+`, `-` or `@` defused so that a spreadsheet
/// does not run a learner's name as a formula.
fn csv_field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    format!("\"{}\"", text.replace('"', "\"\""))
}

async fn export_csv(
    State(app): State<Arc<App>>,
    ConnectInfo(from): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    if let Err(refused) = instructor(&app, &headers, &uri, from) {
        return refused.into_response();
    }
    let shared = app.shared();
    let room = &shared.room;
    let now = unix_time();
    let mut csv = String::from(
        "learner,exercise,state,checks,time_secs,hint_level,last_outcome,errors_met,help_requests\n",
    );
    for learner in room.learners() {
        for (i, exercise) in room.exercises().iter().enumerate() {
            let cell = &learner.cells[i];
            let helps = room
                .helps()
                .iter()
                .filter(|h| h.learner == learner.id && h.exercise == i)
                .count();
            let row = [
                csv_field(&learner.name),
                csv_field(&exercise.name),
                learner.state(i, now, room.stuck_secs).word().to_string(),
                cell.checks.to_string(),
                cell.time_on(now, learner.current == Some(i)).to_string(),
                cell.hint_level.to_string(),
                cell.outcome.map_or("", |o| o.word()).to_string(),
                csv_field(&cell.met.join(" ")),
                helps.to_string(),
            ];
            csv.push_str(&row.join(","));
            csv.push('\n');
        }
    }
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"ferry-class.csv\"",
            ),
        ],
        csv,
    )
        .into_response()
}

/// The address learners can reach when the server listens on every interface: the one this
/// machine would use to reach the network (no packet is sent).
pub fn reachable(bound: SocketAddr) -> SocketAddr {
    if !bound.ip().is_unspecified() {
        return bound;
    }
    let probe = if bound.is_ipv4() {
        ("0.0.0.0:0", "192.0.2.1:9")
    } else {
        ("[::]:0", "[2001:db8::1]:9")
    };
    std::net::UdpSocket::bind(probe.0)
        .and_then(|s| s.connect(probe.1).map(|()| s))
        .and_then(|s| s.local_addr())
        .map_or(bound, |local| SocketAddr::new(local.ip(), bound.port()))
}

/// What `serve` prints once it listens.
pub fn announce(
    out: &mut dyn Write,
    bound: SocketAddr,
    secrets: &Secrets,
    exercises: usize,
    db: &std::path::Path,
) -> std::io::Result<()> {
    let shown = reachable(bound);
    writeln!(
        out,
        "ferry class: listening on http://{bound} ({exercises} exercises)"
    )?;
    writeln!(
        out,
        "learners join with:   ferry class join http://{shown}/join/{}",
        secrets.code
    )?;
    writeln!(out, "join code:            {}", secrets.code)?;
    writeln!(
        out,
        "board (instructor):   http://{shown}/board?token={}",
        secrets.token
    )?;
    writeln!(
        out,
        "the board's address holds the token: open it yourself, then project the page (its address no longer shows the token)"
    )?;
    writeln!(
        out,
        "session kept in {} (start again with the same --db to go on; Ctrl-C stops)",
        db.display()
    )?;
    out.flush()
}
