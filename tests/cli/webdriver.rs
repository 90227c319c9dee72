//! The few W3C WebDriver commands the board's browser test sends to chromedriver on the
//! loopback: a session, a window size, a page, a script, a screenshot. Plain blocking HTTP with
//! ferry's own ureq (https://www.w3.org/TR/webdriver2/), so the test needs no client crate of
//! its own and no async runtime.

use std::time::Duration;

use base64::Engine as _;
use serde_json::{Value, json};

pub struct Session {
    base: String,
    agent: ureq::Agent,
    open: bool,
}

impl Session {
    /// A new browser session through the driver at `driver` (`http://127.0.0.1:PORT`).
    pub fn start(driver: &str, capabilities: Value) -> Result<Self, String> {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .proxy(None)
            // Starting chromium is the slowest command; a script or a screenshot takes less.
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into();
        let mut session = Session {
            base: driver.trim_end_matches('/').to_string(),
            agent,
            open: false,
        };
        let created = session.send(
            "POST",
            "/session",
            Some(json!({ "capabilities": { "alwaysMatch": capabilities } })),
        )?;
        let id = created["sessionId"]
            .as_str()
            .ok_or_else(|| format!("the driver gave no session id: {created}"))?;
        session.base = format!("{}/session/{id}", session.base);
        session.open = true;
        Ok(session)
    }

    /// One command; its `value`, or the driver's error and message.
    fn send(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
        let url = format!("{}{path}", self.base);
        let sent = match (method, body) {
            ("GET", _) => self.agent.get(&url).call(),
            ("DELETE", _) => self.agent.delete(&url).call(),
            (_, body) => self
                .agent
                .post(&url)
                .header("content-type", "application/json")
                .send(body.unwrap_or_else(|| json!({})).to_string()),
        };
        let mut response = sent.map_err(|e| format!("{method} {url}: {e}"))?;
        let status = response.status().as_u16();
        let text = response
            .body_mut()
            .with_config()
            .limit(64 * 1024 * 1024)
            .read_to_string()
            .map_err(|e| format!("{method} {url}: {e}"))?;
        let answer: Value = serde_json::from_str(&text)
            .map_err(|e| format!("{method} {url} answered {status}, not JSON ({e}): {text}"))?;
        let value = answer["value"].clone();
        if status != 200 {
            return Err(format!(
                "{method} {url} answered {status}: {} ({})",
                value["error"], value["message"]
            ));
        }
        Ok(value)
    }

    pub fn set_window_size(&self, width: u32, height: u32) -> Result<(), String> {
        self.send(
            "POST",
            "/window/rect",
            Some(json!({ "width": width, "height": height })),
        )
        .map(drop)
    }

    pub fn goto(&self, url: &str) -> Result<(), String> {
        self.send("POST", "/url", Some(json!({ "url": url })))
            .map(drop)
    }

    pub fn current_url(&self) -> Result<String, String> {
        let url = self.send("GET", "/url", None)?;
        url.as_str()
            .map(str::to_string)
            .ok_or_else(|| format!("the driver's URL is not a string: {url}"))
    }

    /// Runs `script` in the page (a function body: `return …` gives the value back).
    pub fn execute(&self, script: &str) -> Result<Value, String> {
        self.send(
            "POST",
            "/execute/sync",
            Some(json!({ "script": script, "args": [] })),
        )
    }

    /// The window as a PNG.
    pub fn screenshot(&self) -> Result<Vec<u8>, String> {
        let encoded = self.send("GET", "/screenshot", None)?;
        let encoded = encoded
            .as_str()
            .ok_or_else(|| format!("the screenshot is not a string: {encoded}"))?;
        base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .map_err(|e| format!("the screenshot is not base64: {e}"))
    }

    /// Ends the session: the driver closes the browser.
    pub fn close(mut self) -> Result<(), String> {
        self.open = false;
        self.send("DELETE", "", None).map(drop)
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if self.open {
            let _ = self.send("DELETE", "", None);
        }
    }
}
