// A monitor pings every backend once per round and reports which ones are up.
// `monitor` doesn't compile. Make it check every backend in every round.

struct Backend {
    name: String,
    healthy: bool,
}

fn monitor(backends: Vec<Backend>, rounds: u32) -> Vec<String> {
    let mut report = Vec::new();
    for round in 1..=rounds {
        for backend in backends {
            let status = if backend.healthy { "up" } else { "DOWN" };
            report.push(format!("round {round}: {} {status}", backend.name));
        }
    }
    report
}

fn main() {
    let backends = vec![
        Backend {
            name: "api-1".to_string(),
            healthy: true,
        },
        Backend {
            name: "api-2".to_string(),
            healthy: false,
        },
    ];
    for line in monitor(backends, 2) {
        println!("{line}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn backend(name: &str, healthy: bool) -> Backend {
        Backend {
            name: name.to_string(),
            healthy,
        }
    }

    #[test]
    fn checks_every_backend_in_every_round() {
        let report = monitor(vec![backend("api-1", true), backend("api-2", false)], 2);
        assert_eq!(
            report,
            [
                "round 1: api-1 up",
                "round 1: api-2 DOWN",
                "round 2: api-1 up",
                "round 2: api-2 DOWN",
            ]
        );
    }

    #[test]
    fn zero_rounds_check_nothing() {
        assert!(monitor(vec![backend("api-1", true)], 0).is_empty());
    }
}
