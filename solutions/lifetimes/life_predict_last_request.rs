// Predict first: a connection's debug page shows the last valid request it served. Frames
// arrive as raw bytes; each one is decoded and parsed into a view, and garbage is skipped.
// Before changing any code, read it and predict the compiler's error: its code, and the line
// rustc points at. Write both on the ANSWER line below and save; ferry then shows the real
// error and grades your prediction. Then fix the code.
// ANSWER: E0597 line 31

struct RequestView<'a> {
    method: &'a str,
    path: &'a str,
}

impl<'a> RequestView<'a> {
    // "GET /health HTTP/1.1" -> method "GET", path "/health"
    fn parse(raw: &'a str) -> Option<Self> {
        let mut parts = raw.split(' ');
        let method = parts.next()?;
        let path = parts.next()?;
        Some(RequestView { method, path })
    }
}

fn decode(frame: &[u8]) -> String {
    String::from_utf8_lossy(frame).into_owned()
}

fn last_request(frames: &[&[u8]]) -> Option<String> {
    // A view points into `raw`, and each `raw` is freed at the end of its iteration. Kept in
    // `last`, the view would outlive it: after the loop, `view.path` would read the freed
    // buffer of the last frame. rustc points at the borrow `&raw` (line 31), the one that
    // has to last too long, and labels the `}` where `raw` dies and the later use. So finish
    // with the view inside the iteration, while `raw` is alive, and keep an owned summary.
    // `RequestView<'static>` or leaking each frame would "work" by never freeing the frames.
    let mut last = None;
    for frame in frames {
        let raw = decode(frame);
        if let Some(view) = RequestView::parse(&raw) {
            last = Some(format!("{} {}", view.method, view.path));
        }
    }
    last
}

fn main() {
    let frames: [&[u8]; 2] = [b"GET /health HTTP/1.1", b"POST /orders HTTP/1.1"];
    println!("last request: {:?}", last_request(&frames));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_the_last_valid_request() {
        let frames: [&[u8]; 3] = [
            b"GET /health HTTP/1.1",
            b"POST /orders HTTP/1.1",
            b"\x16\x03\x01",
        ];
        assert_eq!(last_request(&frames), Some("POST /orders".to_string()));
    }

    #[test]
    fn nothing_valid_means_none() {
        assert_eq!(last_request(&[b"\x16\x03\x01"]), None);
        assert_eq!(last_request(&[]), None);
    }
}
