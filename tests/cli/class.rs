//! `ferry class` end to end: a real `ferry class serve`, real learners (the real binary on
//! the fixture curriculum), raw requests for what a learner's ferry would never send, and the
//! board in a real browser (Debian's chromium and chromedriver).

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::harness::{Curriculum, FERRY};
// `ferry watch` in a pseudo-terminal: the watch tests' terminal.
use crate::watch::Terminal as Watch;
use crate::webdriver::Session;

/// A running `ferry class serve`, and what it printed.
struct Server {
    child: Child,
    base: String,
    code: String,
    token: String,
    /// The instructor's workspace (the curriculum the class follows).
    room: PathBuf,
    db: PathBuf,
}

impl Server {
    /// Serves the fixture on a free port of the loopback.
    fn start(room: &Path, args: &[&str]) -> Server {
        Server::start_at(room, "127.0.0.1:0", args)
    }

    fn start_at(room: &Path, listen: &str, args: &[&str]) -> Server {
        let db = room.join("class.db");
        let mut child = Command::new(FERRY)
            .args(["class", "serve", "--listen", listen, "--db"])
            .arg(&db)
            .args(args)
            .current_dir(room)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let (mut join, mut board) = (None, None);
        while join.is_none() || board.is_none() {
            let Some(Ok(line)) = lines.next() else {
                let mut err = String::new();
                child
                    .stderr
                    .take()
                    .unwrap()
                    .read_to_string(&mut err)
                    .unwrap();
                panic!("ferry class serve ended before saying where it listens: {err}");
            };
            if let Some(url) = line.strip_prefix("learners join with:   ferry class join ") {
                join = Some(url.to_string());
            }
            if let Some(url) = line.strip_prefix("board (instructor):   ") {
                board = Some(url.to_string());
            }
        }
        // The rest of what it prints is not read: keep the pipe drained.
        std::thread::spawn(move || for _ in lines {});
        let join = join.unwrap();
        let (base, code) = join.split_once("/join/").unwrap();
        let token = board.unwrap().split_once("token=").unwrap().1.to_string();
        Server {
            child,
            base: base.to_string(),
            code: code.to_string(),
            token,
            room: room.to_path_buf(),
            db,
        }
    }

    fn join_url(&self) -> String {
        format!("{}/join/{}", self.base, self.code)
    }

    fn port(&self) -> String {
        self.base.rsplit(':').next().unwrap().to_string()
    }

    /// Stops it as a crash would (SIGKILL): nothing gets to tidy up.
    fn kill(mut self) -> PathBuf {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
        self.room.clone()
    }

    fn get(&self, path: &str, token: Option<&str>) -> (u16, String) {
        let agent = agent();
        let mut request = agent.get(&format!("{}{path}", self.base));
        if let Some(token) = token {
            request = request.header("authorization", &format!("Bearer {token}"));
        }
        let mut response = request.call().unwrap();
        let status = response.status().as_u16();
        (status, response.body_mut().read_to_string().unwrap())
    }

    fn board(&self) -> Value {
        let (status, body) = self.get("/api/board", Some(&self.token));
        assert_eq!(status, 200, "{body}");
        serde_json::from_str(&body).unwrap()
    }

    /// A raw request to a learner's route, as no ferry would make it.
    fn post(&self, path: &str, headers: &[(&str, &str)], body: &str) -> (u16, Value) {
        let agent = agent();
        let mut request = agent
            .post(&format!("{}{path}", self.base))
            .header("content-type", "application/json");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let mut response = request.send(body).unwrap();
        let status = response.status().as_u16();
        let text = response.body_mut().read_to_string().unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    /// Waits until the board shows what `ready` looks for.
    #[track_caller]
    fn wait_for(&self, what: &str, ready: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let board = self.board();
            if ready(&board) {
                return board;
            }
            assert!(
                Instant::now() < deadline,
                "the board never showed {what}: {board:#}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .proxy(None)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into()
}

/// A learner: a copy of the fixture in which `ferry class join` was run.
fn learner(server: &Server, name: &str) -> Curriculum {
    let c = Curriculum::fixture("basic");
    c.ferry(&["class", "join", &server.join_url(), "--name", name])
        .code(0)
        .stdout_has("joined the class");
    c
}

fn by_name<'a>(board: &'a Value, name: &str) -> Option<&'a Value> {
    board["learners"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["name"] == name)
}

/// How many checks the board counts for a learner, over every exercise.
fn checks_of(board: &Value, name: &str) -> u64 {
    by_name(board, name).map_or(0, |l| {
        l["cells"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["checks"].as_u64().unwrap())
            .sum()
    })
}

fn exercise_index(board: &Value, name: &str) -> usize {
    board["exercises"]
        .as_array()
        .unwrap()
        .iter()
        .position(|e| e["name"] == name)
        .unwrap()
}

const LEARNER_ID: &str = "0123456789abcdef0123456789abcdef";

fn check_json(exercise: &str, id: &str) -> String {
    format!(
        r#"{{"kind":"check","id":"{id}","exercise":"{exercise}","outcome":"lesson-error","codes":["E0382"],"hint_level":0,"seconds":1,"time":1,"trigger":"save"}}"#
    )
}

#[test]
fn learners_checks_reach_the_board_with_their_error_and_time_and_never_their_code() {
    let room = Curriculum::fixture("basic");
    let server = Server::start(room.path(), &[]);
    let ada = learner(&server, "Ada");
    ada.ferry(&["run", "compile_fail"]).code(1);
    ada.ferry(&["hint", "runtime_fail"]).code(0);
    ada.ferry(&["run", "runtime_fail"]).code(1);
    ada.ferry(&["run", "passing"]).code(0);
    let board = server.board();
    let a = by_name(&board, "Ada").expect("Ada on the board");
    let cells = &a["cells"];
    let first = &cells[exercise_index(&board, "compile_fail")];
    assert_eq!(first["code"], "E0382", "{board:#}");
    assert_eq!(first["outcome"], "lesson-error");
    assert_eq!(
        cells[exercise_index(&board, "runtime_fail")]["hint_level"],
        1
    );
    assert_eq!(
        cells[exercise_index(&board, "runtime_fail")]["outcome"],
        "run-failed"
    );
    assert_eq!(cells[exercise_index(&board, "passing")]["done"], true);
    assert_eq!(a["current"], exercise_index(&board, "passing"));
    assert_eq!(board["tallies"][0]["E0382"]["learners"], 1);
    // What was sent is in the outbox, and no line of the exercise is.
    let sent = std::fs::read_dir(ada.path().join(".ferry/class"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.join("outbox.jsonl").is_file())
        .map(|p| std::fs::read_to_string(p.join("outbox.jsonl")).unwrap())
        .expect("an outbox");
    assert_eq!(sent.lines().count(), 3, "{sent}");
    assert!(!sent.contains("active users"), "{sent}");
    // The export has it too.
    let (status, csv) = server.get("/export.csv", Some(&server.token));
    assert_eq!(status, 200);
    assert!(csv.contains("\"Ada\",\"compile_fail\",pending,1,"), "{csv}");
    assert!(csv.contains("\"Ada\",\"passing\",done,1,"), "{csv}");
    let (status, json) = server.get("/export.json", Some(&server.token));
    assert_eq!(status, 200);
    let json: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["events"].as_array().unwrap().len(), 3);
    // Leaving: checks stay here.
    ada.ferry(&["class", "leave"])
        .code(0)
        .stdout_has("left the class");
    ada.ferry(&["run", "compile_fail"]).code(1);
    assert_eq!(checks_of(&server.board(), "Ada"), 3);
}

#[test]
fn a_wrong_join_code_or_token_is_refused() {
    let room = Curriculum::fixture("basic");
    let server = Server::start(room.path(), &[]);
    let c = Curriculum::fixture("basic");
    let wrong = format!("{}/join/AAAA-AAAA", server.base);
    c.ferry(&["class", "join", &wrong, "--name", "Eve"])
        .code(2)
        .stderr_has("refused to let you join: wrong join code");
    assert!(!c.path().join(".ferry/class/joined.json").exists());

    let body = format!(
        r#"{{"name":"Eve","events":[{}]}}"#,
        check_json("compile_fail", "e1")
    );
    let (status, reason) = server.post("/api/events", &[("x-ferry-learner", LEARNER_ID)], &body);
    assert_eq!(status, 401, "{reason}");
    assert_eq!(reason["error"], "no join code: ask the instructor for it");
    let headers = [
        ("x-ferry-code", "AAAA-AAAA"),
        ("x-ferry-learner", LEARNER_ID),
    ];
    let (status, reason) = server.post("/api/events", &headers, &body);
    assert_eq!(status, 403, "{reason}");
    assert!(
        reason["error"]
            .as_str()
            .unwrap()
            .contains("wrong join code")
    );

    for path in [
        "/api/board",
        "/api/stream",
        "/board",
        "/export.json",
        "/export.csv",
    ] {
        let (status, _) = server.get(path, None);
        assert_eq!(status, 401, "{path} without the token");
        let (status, reason) = server.get(path, Some("0123"));
        assert_eq!(status, 403, "{path} with a wrong token: {reason}");
    }
    // The join code is not the instructor's token.
    let (status, _) = server.get("/api/board", Some(&server.code));
    assert_eq!(status, 403);
    assert!(server.board()["learners"].as_array().unwrap().is_empty());
    // Guessing is slowed down.
    let statuses: Vec<u16> = (0..30)
        .map(|_| server.get("/api/board", Some("0123")).0)
        .collect();
    assert!(statuses.contains(&429), "{statuses:?}");
}

#[test]
fn oversized_and_malformed_events_are_refused_with_a_clear_status() {
    let room = Curriculum::fixture("basic");
    let server = Server::start(room.path(), &[]);
    let headers = [
        ("x-ferry-code", server.code.as_str()),
        ("x-ferry-learner", LEARNER_ID),
    ];
    let refused = |body: &str| server.post("/api/events", &headers, body);
    let reason = |v: &Value| v["error"].as_str().unwrap_or_default().to_string();

    let huge = format!(
        r#"{{"name":"Ada","events":[{{"kind":"help","id":"h","exercise":"compile_fail","file":"{}","error":"","time":1}}]}}"#,
        "x".repeat(200 * 1024)
    );
    let (status, said) = refused(&huge);
    assert_eq!(status, 413, "{said}");
    assert_eq!(reason(&said), "the request is larger than 128 KiB");

    let (status, said) = refused("{not json");
    assert_eq!(status, 400, "{said}");
    assert!(
        reason(&said).starts_with("the request is not JSON"),
        "{said}"
    );

    let wrong_shape = r#"{"name":"Ada","events":[{"kind":"check","id":"e1"}]}"#;
    let (status, said) = refused(wrong_shape);
    assert_eq!(status, 422, "{said}");
    assert!(
        reason(&said).starts_with("the request is not a ferry event"),
        "{said}"
    );

    let unknown = format!(
        r#"{{"name":"Ada","events":[{}]}}"#,
        check_json("not_here", "e1")
    );
    let (status, said) = refused(&unknown);
    assert_eq!(status, 422, "{said}");
    assert_eq!(
        reason(&said),
        "event 0: `not_here` is not one of this class's exercises"
    );

    let named = |name: &str| {
        format!(
            r#"{{"name":{},"events":[{}]}}"#,
            serde_json::to_string(name).unwrap(),
            check_json("compile_fail", "e1")
        )
    };
    let (status, said) = refused(&named(&"n".repeat(41)));
    assert_eq!(
        (status, reason(&said).as_str()),
        (422, "the name is longer than 40 characters")
    );
    let (status, said) = refused(&named("Ada\u{1b}[2J"));
    assert_eq!(
        (status, reason(&said).as_str()),
        (422, "the name has control characters")
    );

    let (status, said) = server.post(
        "/api/events",
        &[
            ("x-ferry-code", server.code.as_str()),
            ("x-ferry-learner", "me"),
        ],
        &named("Ada"),
    );
    assert_eq!(status, 400, "{said}");
    assert!(
        server.board()["learners"].as_array().unwrap().is_empty(),
        "nothing refused got in"
    );

    // A learner who sends far too fast is slowed down.
    let statuses: Vec<u16> = (0..60)
        .map(|i| refused(&named(&format!("Ada {i}"))).0)
        .collect();
    assert!(statuses.contains(&200), "{statuses:?}");
    assert!(statuses.contains(&429), "{statuses:?}");
}

#[test]
fn the_server_restarted_mid_session_loses_nothing() {
    let room = Curriculum::fixture("basic");
    let server = Server::start(room.path(), &[]);
    let (code, token, port) = (server.code.clone(), server.token.clone(), server.port());
    let ada = learner(&server, "Ada");
    let bo = learner(&server, "Bo");
    ada.ferry(&["run", "compile_fail"]).code(1);
    bo.ferry(&["run", "passing"]).code(0);
    let before = server.board();
    let room_dir = server.kill();

    let server = Server::start_at(&room_dir, &format!("127.0.0.1:{port}"), &[]);
    assert_eq!(
        (server.code.as_str(), server.token.as_str()),
        (code.as_str(), token.as_str())
    );
    let after = server.board();
    assert_eq!(after["learners"], before["learners"]);
    assert_eq!(after["tallies"], before["tallies"]);
    // The learners go on as if nothing happened.
    ada.ferry(&["run", "runtime_fail"]).code(1);
    let board = server.board();
    assert_eq!(checks_of(&board, "Ada"), 2);
    assert_eq!(checks_of(&board, "Bo"), 1);
    assert!(server.db.is_file());
}

#[test]
fn a_learner_offline_for_a_while_has_each_check_arrive_once_after_reconnecting() {
    let room = Curriculum::fixture("basic");
    let server = Server::start(room.path(), &[]);
    let port = server.port();
    let ada = learner(&server, "Ada");
    ada.ferry(&["run", "compile_fail"]).code(1);
    let room_dir = server.kill();

    // The Wi-Fi is gone: checks go on, and wait in the outbox.
    ada.ferry(&["run", "runtime_fail"])
        .code(1)
        .stderr_has("1 check(s) wait in .ferry/class/");
    ada.ferry(&["run", "passing"])
        .code(0)
        .stderr_has("2 check(s) wait in .ferry/class/");
    // A watch in the same workspace keeps trying by itself.
    let watch = Watch::start(ada.path());
    watch.wait_for("basics/compile_fail");

    let server = Server::start_at(&room_dir, &format!("127.0.0.1:{port}"), &[]);
    // The watch's own delivery (retried after a pause) brings everything.
    // One check before, two while offline, one when watch opened the exercise.
    let board = server.wait_for("Ada's four checks", |b| checks_of(b, "Ada") >= 4);
    assert_eq!(checks_of(&board, "Ada"), 4, "{board:#}");
    // Another delivery sends nothing twice.
    ada.ferry(&["run", "compile_fail"]).code(1);
    let board = server.board();
    assert_eq!(checks_of(&board, "Ada"), 5, "{board:#}");
    let a = by_name(&board, "Ada").unwrap();
    assert_eq!(a["cells"][exercise_index(&board, "passing")]["done"], true);
    watch.quit();
}

#[test]
fn ask_for_help_in_watch_sends_the_file_and_the_error_on_purpose() {
    let room = Curriculum::fixture("basic");
    let server = Server::start(room.path(), &[]);
    let c = Curriculum::fixture("basic");
    c.ferry(&["class", "join", &server.join_url(), "--name", "Cy"])
        .code(0);
    // Joined for good in one workspace, for one session in another: both show the key.
    let mut watch = Watch::start(c.path());
    watch.wait_for("a: ask for help");
    watch.wait_for("the error this exercise is about");
    watch.press("a");
    watch.wait_for("delivered: your request for help is on the instructor's board");
    watch.quit();
    let board = server.board();
    let help = &board["helps"][0];
    assert!(
        help["file"].as_str().unwrap().contains("active users"),
        "{board:#}"
    );
    assert!(
        help["error"].as_str().unwrap().contains("E0382"),
        "{board:#}"
    );
    assert!(
        !help["error"].as_str().unwrap().contains('\u{1b}'),
        "{board:#}"
    );

    let other = Curriculum::fixture("basic");
    let mut watch = Watch::start_with(other.path(), &["watch", "--class", &server.join_url()]);
    watch.wait_for("a: ask for help");
    watch.wait_for("the error this exercise is about");
    watch.press("a");
    watch.wait_for("delivered: your request for help is on the instructor's board");
    watch.quit();
    assert_eq!(server.board()["helps"].as_array().unwrap().len(), 2);
    // Outside a class, `a` says how to join one.
    let alone = Curriculum::fixture("basic");
    let mut watch = Watch::start(alone.path());
    watch.wait_for("the error this exercise is about");
    watch.press("a");
    watch.wait_for("join one with `ferry class join URL`");
    watch.quit();
}

// The board in a real browser.

const BROWSER_PACKAGES: &str = "install them with `apt-get install -y chromium chromium-driver` (Debian's packages), or set FERRY_NO_BROWSER=1 to skip this test";

fn which(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

/// chromedriver on a free port of the loopback, and chromium's path; `None` (said why) when
/// the test is to be skipped.
fn browser() -> Option<(Child, u16, PathBuf)> {
    if std::env::var_os("FERRY_NO_BROWSER").is_some_and(|v| v == "1") {
        eprintln!("FERRY_NO_BROWSER=1: the browser test of the class board is skipped");
        return None;
    }
    let chromium = which(&["chromium", "chromium-browser", "google-chrome"])
        .unwrap_or_else(|| panic!("chromium is not installed: {BROWSER_PACKAGES}"));
    let driver = which(&["chromedriver"])
        .unwrap_or_else(|| panic!("chromedriver is not installed: {BROWSER_PACKAGES}"));
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(driver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "chromedriver did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    Some((child, port, chromium))
}

/// A name no page should run.
const HOSTILE: &str = "<script>window.__ran=1</script>";
const HOSTILE_IMG: &str = "<img src=x onerror=window.__ran=2>";

#[test]
fn the_board_in_a_real_browser_shows_the_room_live_and_a_help_request() {
    let Some((mut driver, port, chromium)) = browser() else {
        return;
    };
    let room = Curriculum::fixture("basic");
    let server = Server::start(room.path(), &["--stuck-after", "0"]);
    let ada = learner(&server, "Ada");
    let hostile = learner(&server, HOSTILE);
    let img = learner(&server, HOSTILE_IMG);
    let grace = learner(&server, "Grace");
    ada.ferry(&["run", "compile_fail"]).code(1);
    hostile.ferry(&["run", "compile_fail"]).code(1);
    img.ferry(&["run", "passing"]).code(0);
    grace.ferry(&["run", "runtime_fail"]).code(1);

    let result = drive(&server, port, &chromium, &ada);
    let _ = driver.kill();
    let _ = driver.wait();
    result.unwrap();
}

fn drive(server: &Server, port: u16, chromium: &Path, ada: &Curriculum) -> Result<(), String> {
    let capabilities = serde_json::json!({
        "goog:chromeOptions": {
            "binary": chromium,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1920,1080"],
        },
    });
    let client = Session::start(&format!("http://127.0.0.1:{port}"), capabilities)
        .expect("a chromium session through chromedriver");
    client.set_window_size(1920, 1080)?;
    client.goto(&format!("{}/board?token={}", server.base, server.token))?;
    // The token went into a cookie: the address on the projector does not show it.
    let url = client.current_url()?;
    assert_eq!(url, format!("{}/board", server.base));

    // The board redraws itself: read it in one script each time, not through element handles.
    let read = |script: &str| client.execute(script);
    let until = |what: &str, script: &str| -> Result<(), String> {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if read(script)? == serde_json::json!(true) {
                return Ok(());
            }
            assert!(Instant::now() < deadline, "the board never showed {what}");
            std::thread::sleep(Duration::from_millis(100));
        }
    };
    until(
        "four learners",
        "return document.querySelectorAll('#grid tbody th.who').length === 4;",
    )?;
    let names = read(
        "return [...document.querySelectorAll('#grid tbody th.who')].map(e => e.textContent);",
    )?;
    // The hostile names are text, exactly as given, and nothing of theirs ran.
    for name in ["Ada", "Grace", HOSTILE, HOSTILE_IMG] {
        assert!(
            names.as_array().unwrap().contains(&serde_json::json!(name)),
            "{name:?} is not on the board as text: {names}"
        );
    }
    let ran = read(
        "return [window.__ran === undefined, document.querySelectorAll('main script, main img').length];",
    )?;
    assert_eq!(
        ran,
        serde_json::json!([true, 0]),
        "a learner's name ran as markup"
    );
    // Ada joined first: the room's learner 1; with --stuck-after 0 she is stuck at once.
    let cell = read(
        "const c = document.querySelector(\"#grid tbody tr[data-learner='1'] td.cell\"); return [c.className, c.textContent];",
    )?;
    assert_eq!(cell[0], "cell stuck", "{cell}");
    assert!(cell[1].as_str().unwrap().contains("E0382"), "{cell}");
    let tally = read("return document.getElementById('tallies').textContent;")?;
    let tally = tally.as_str().unwrap();
    assert!(
        tally.contains("E0382") && tally.contains("2 learners"),
        "{tally}"
    );
    let waiting = read("return document.querySelector('#waiting tbody').textContent;")?;
    assert!(waiting.as_str().unwrap().contains("Grace"), "{waiting}");

    // Live: a page that is not reloaded shows the next check and a help request.
    read("window.__same_page = true; return null;")?;
    ada.ferry(&["run", "passing"]).code(0);
    until(
        "Ada's exercise done",
        "return document.querySelector(\"#grid tbody tr[data-learner='1'] td.cell.done\") !== null;",
    )?;
    let mut watch = Watch::start(ada.path());
    watch.wait_for("a: ask for help");
    watch.wait_for("the error this exercise is about");
    watch.press("a");
    watch.wait_for("delivered: your request for help");
    until(
        "Ada's help request",
        "return document.querySelector('#requests .request .who') !== null;",
    )?;
    let request = read(
        "const r = document.querySelector('#requests .request'); return [r.querySelector('.who').textContent, r.querySelector('.file-text').textContent, r.querySelector('.error-text').textContent];",
    )?;
    assert_eq!(request[0], "Ada");
    assert!(
        request[1].as_str().unwrap().contains("active users"),
        "{request}"
    );
    assert!(request[2].as_str().unwrap().contains("E0382"), "{request}");
    // Opened, the file stays open while the board redraws.
    read("document.querySelector('#requests details').open = true; return null;")?;
    std::thread::sleep(Duration::from_millis(1500));
    let open = read("return document.querySelector('#requests details').open;")?;
    assert_eq!(open, serde_json::json!(true));
    let same = read("return window.__same_page === true;")?;
    assert_eq!(same, serde_json::json!(true), "the page was reloaded");
    watch.quit();

    let target = crate::harness::repo().join("target");
    let shot = client.screenshot()?;
    std::fs::write(target.join("class-board.png"), shot).unwrap();
    client.set_window_size(390, 844)?;
    std::thread::sleep(Duration::from_millis(300));
    let shot = client.screenshot()?;
    std::fs::write(target.join("class-board-phone.png"), shot).unwrap();
    client.close()?;
    Ok(())
}
