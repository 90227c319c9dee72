// Predict first: a server reads its port from the environment, and falls back to 8080 when
// PORT is missing or isn't a port number.
// Before changing any code, read it and predict the compiler's error: its code, and the line
// rustc points at. Write both on the ANSWER line below and save; ferry then shows the real
// error and grades your prediction. Then fix the code.
// ANSWER: E____ line __

use std::collections::HashMap;

fn listen_port(env: &HashMap<String, String>) -> u16 {
    let raw = env.get("PORT")?;
    raw.parse().unwrap_or(8080)
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
