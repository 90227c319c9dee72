// Predict first: an HTTP layer turns the outcome of a handler into a status line.
// Before changing any code, read it and predict the compiler's error: its code, and the line
// rustc points at. Write both on the ANSWER line below and save; ferry then shows the real
// error and grades your prediction. Then fix the code.
// ANSWER: E____ line __

enum Outcome {
    Fetched,
    Created,
    Deleted,
}

fn status_line(outcome: Outcome) -> String {
    let status: u16;
    match outcome {
        Outcome::Fetched => status = 200,
        Outcome::Created => status = 201,
        Outcome::Deleted => {
            // Nothing to send back.
        }
    }
    let reason = match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        _ => "Unknown",
    };
    format!("HTTP/1.1 {status} {reason}")
}

fn main() {
    for outcome in [Outcome::Fetched, Outcome::Created, Outcome::Deleted] {
        println!("{}", status_line(outcome));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_outcome_has_its_status_line() {
        assert_eq!(status_line(Outcome::Fetched), "HTTP/1.1 200 OK");
        assert_eq!(status_line(Outcome::Created), "HTTP/1.1 201 Created");
        assert_eq!(status_line(Outcome::Deleted), "HTTP/1.1 204 No Content");
    }
}
