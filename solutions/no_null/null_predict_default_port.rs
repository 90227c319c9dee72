// Predict first: a server reads its port from the environment, and falls back to 8080 when
// PORT is missing or isn't a port number.
// Before changing any code, read it and predict the compiler's error: its code, and the line
// rustc points at. Write both on the ANSWER line below and save; ferry then shows the real
// error and grades your prediction. Then fix the code.
// ANSWER: E0277 line 11

use std::collections::HashMap;

fn listen_port(env: &HashMap<String, String>) -> u16 {
    // `?` means "return early with the None", so it only works in a function that returns
    // `Option` (or `Result`): in one that returns `u16` there is no None to return, and rustc
    // says so with E0277 (a trait error: `u16` can't accept `?`'s early return), pointing at
    // the `?` itself. Changing the return type to `Option<u16>` doesn't compile either: the
    // last line still gives a `u16` (E0308), and the callers want a port, not an Option
    // (`main` prints it with `{}`, E0277; the tests compare it with 9000, E0308). Making them
    // all handle None would push the decision to every caller. Here "missing" and "not a
    // number" both have a sensible answer, so give it here, in one chain.
    env.get("PORT")
        .and_then(|raw| raw.parse().ok())
        .unwrap_or(8080)
}

fn main() {
    let mut env = HashMap::new();
    env.insert("PORT".to_string(), "9000".to_string());
    println!("listening on port {}", listen_port(&env));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(port: Option<&str>) -> HashMap<String, String> {
        let mut env = HashMap::new();
        env.insert("RUST_LOG".to_string(), "info".to_string());
        if let Some(port) = port {
            env.insert("PORT".to_string(), port.to_string());
        }
        env
    }

    #[test]
    fn uses_port_from_the_environment() {
        assert_eq!(listen_port(&env(Some("9000"))), 9000);
    }

    #[test]
    fn falls_back_to_8080() {
        assert_eq!(listen_port(&env(None)), 8080, "PORT missing");
        assert_eq!(listen_port(&env(Some("http"))), 8080, "PORT not a number");
        assert_eq!(listen_port(&env(Some("70000"))), 8080, "PORT too large");
    }
}
