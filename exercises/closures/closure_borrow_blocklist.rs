// A login endpoint blocks an IP after three failed attempts. `process` handles a batch of
// attempts in arrival order. It doesn't compile: fix it, keeping the rule that once an IP is
// blocked, its later attempts in the same batch are refused.

use std::collections::HashMap;

struct Attempt {
    ip: String,
    password_ok: bool,
}

const MAX_FAILURES: u32 = 3;

fn process(attempts: &[Attempt], blocklist: &mut Vec<String>) -> Vec<&'static str> {
    let is_blocked = |ip: &str| blocklist.iter().any(|blocked| blocked == ip);
    let mut failures: HashMap<&str, u32> = HashMap::new();
    let mut outcomes = Vec::new();
    for attempt in attempts {
        if is_blocked(&attempt.ip) {
            outcomes.push("refused");
        } else if attempt.password_ok {
            outcomes.push("welcome");
        } else {
            let count = failures.entry(&attempt.ip).or_insert(0);
            *count += 1;
            if *count == MAX_FAILURES {
                blocklist.push(attempt.ip.clone());
            }
            outcomes.push("wrong password");
        }
    }
    outcomes
}

fn main() {
    let mut blocklist = vec!["203.0.113.9".to_string()];
    let batch = [
        Attempt {
            ip: "203.0.113.9".to_string(),
            password_ok: true,
        },
        Attempt {
            ip: "198.51.100.7".to_string(),
            password_ok: true,
        },
    ];
    println!("{:?}", process(&batch, &mut blocklist));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attempt(ip: &str, password_ok: bool) -> Attempt {
        Attempt {
            ip: ip.to_string(),
            password_ok,
        }
    }

    #[test]
    fn third_failure_blocks_the_ip_at_once() {
        let mut blocklist = Vec::new();
        let batch = [
            attempt("198.51.100.7", false),
            attempt("198.51.100.7", false),
            attempt("192.0.2.44", true),
            attempt("198.51.100.7", false),
            attempt("198.51.100.7", true),
        ];
        assert_eq!(
            process(&batch, &mut blocklist),
            [
                "wrong password",
                "wrong password",
                "welcome",
                "wrong password",
                "refused",
            ],
            "once its third failure blocks an IP, its later attempts in the batch are refused: \
             a copy of the blocklist taken before the loop never sees that block"
        );
        assert_eq!(blocklist, ["198.51.100.7"]);
    }

    #[test]
    fn blocked_ips_are_refused_and_others_get_in() {
        let mut blocklist = vec!["203.0.113.9".to_string()];
        let batch = [attempt("203.0.113.9", true), attempt("192.0.2.44", true)];
        assert_eq!(process(&batch, &mut blocklist), ["refused", "welcome"]);
        assert_eq!(blocklist, ["203.0.113.9"]);
    }
}
