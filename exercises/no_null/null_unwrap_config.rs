// A job worker reads its retry policy from a key/value config. A missing setting means "use
// the default"; a setting that's present but malformed is an operator's mistake to report.
// The tests panic: make `retry_policy` handle both cases without crashing the worker.

use std::collections::HashMap;

#[derive(Debug, PartialEq)]
struct RetryPolicy {
    max_attempts: u32,
    backoff_ms: u64,
}

// Defaults: 3 attempts, 500 ms backoff. A malformed value is reported as, for example,
// "max_attempts must be a whole number, got 'lots'".
fn retry_policy(config: &HashMap<&str, &str>) -> Result<RetryPolicy, String> {
    let max_attempts = config.get("max_attempts").unwrap().parse().unwrap();
    let backoff_ms = config
        .get("backoff_ms")
        .expect("backoff_ms is set")
        .parse()
        .expect("backoff_ms is a number");
    Ok(RetryPolicy {
        max_attempts,
        backoff_ms,
    })
}

fn main() {
    let config = HashMap::from([("max_attempts", "5"), ("backoff_ms", "250")]);
    match retry_policy(&config) {
        Ok(policy) => println!(
            "retrying {} times, {} ms apart",
            policy.max_attempts, policy.backoff_ms
        ),
        Err(message) => println!("bad config: {message}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(max_attempts: u32, backoff_ms: u64) -> Result<RetryPolicy, String> {
        Ok(RetryPolicy {
            max_attempts,
            backoff_ms,
        })
    }

    #[test]
    fn reads_both_settings() {
        let config = HashMap::from([("max_attempts", "5"), ("backoff_ms", "250")]);
        assert_eq!(retry_policy(&config), policy(5, 250));
    }

    #[test]
    fn missing_settings_use_the_defaults() {
        assert_eq!(retry_policy(&HashMap::new()), policy(3, 500));
        let config = HashMap::from([("max_attempts", "10")]);
        assert_eq!(retry_policy(&config), policy(10, 500));
        let config = HashMap::from([("backoff_ms", "100")]);
        assert_eq!(retry_policy(&config), policy(3, 100));
    }

    #[test]
    fn malformed_settings_are_reported() {
        let config = HashMap::from([("max_attempts", "lots"), ("backoff_ms", "250")]);
        assert_eq!(
            retry_policy(&config),
            Err("max_attempts must be a whole number, got 'lots'".to_string())
        );
        let config = HashMap::from([("backoff_ms", "1.5s")]);
        assert_eq!(
            retry_policy(&config),
            Err("backoff_ms must be a whole number, got '1.5s'".to_string())
        );
    }
}
