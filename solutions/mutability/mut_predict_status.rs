// Predict first: an HTTP layer turns the outcome of a handler into a status line.
// Before changing any code, read it and predict the compiler's error: its code, and the line
// rustc points at. Write both on the ANSWER line below and save; ferry then shows the real
// error and grades your prediction. Then fix the code.
// ANSWER: E0381 line 22

enum Outcome {
    Fetched,
    Created,
    Deleted,
}

fn status_line(outcome: Outcome) -> String {
    // rustc pointed at line 22, the first read of `status`, not at the `Deleted` arm that
    // forgot to set it: the declaration and the assignments are all legal, and the error is
    // reading a value that one path never wrote. Making the `match` an expression that gives
    // the value means every arm has to produce a status, so a forgotten arm (or a new
    // `Outcome` variant) can't compile. `let mut status = 0;` would also compile, and would
    // send "0 Unknown" to the client for every delete.
    let status: u16 = match outcome {
        Outcome::Fetched => 200,
        Outcome::Created => 201,
        // Nothing to send back, and that is what 204 says.
        Outcome::Deleted => 204,
    };
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
