// An alerting service keeps a registry of rules; every incoming metric sample is checked against
// all of them. `add_threshold` registers a rule and records it in the audit log.
// It doesn't compile: fix `add_threshold`.

struct Threshold {
    metric: String,
    limit: f64,
}

impl Threshold {
    fn check(&self, metric: &str, value: f64) -> Option<String> {
        (metric == self.metric && value > self.limit)
            .then(|| format!("{metric} is {value} (limit {})", self.limit))
    }
}

// A rule returns an alert message if a sample (a metric's name and value) breaks it.
type Rule = Box<dyn Fn(&str, f64) -> Option<String>>;

#[derive(Default)]
struct Alerts {
    rules: Vec<Rule>,
    audit: Vec<String>,
}

impl Alerts {
    fn add_rule(&mut self, rule: impl Fn(&str, f64) -> Option<String> + 'static) {
        self.rules.push(Box::new(rule));
    }

    fn add_threshold(&mut self, threshold: Threshold) {
        // The registry keeps the rule after this method returns, so `add_rule` asks for
        // `'static`: the closure may not borrow anything that lives in this call. Borrowing
        // `threshold` would leave the rule pointing into this call's stack frame, reused by the
        // next call, and every later check would read garbage. `move` makes the closure own the
        // threshold, so the rule and its data live and die together. The method gives the
        // threshold away with it, so anything else it needs from it happens first. Deriving
        // `Clone` to keep a copy (rustc's note after `move`), sharing it through an `Rc`, or
        // `Box::leak` to get a `'static` reference would also compile: a pointless copy, a second
        // owner nobody needs, and memory never freed.
        let note = format!("rule added: {} > {}", threshold.metric, threshold.limit);
        self.add_rule(move |metric, value| threshold.check(metric, value));
        self.audit.push(note);
    }

    fn alerts_for(&self, metric: &str, value: f64) -> Vec<String> {
        self.rules
            .iter()
            .filter_map(|rule| rule(metric, value))
            .collect()
    }
}

fn main() {
    let mut alerts = Alerts::default();
    alerts.add_threshold(Threshold {
        metric: "cpu".to_string(),
        limit: 90.0,
    });
    println!("{:?} {:?}", alerts.alerts_for("cpu", 97.5), alerts.audit);
}

#[cfg(test)]
mod tests {
    use super::*;

    // Thresholds come from a config file read at startup; the config is gone long before the
    // first sample arrives.
    fn alerts_from_config(config: &str) -> Alerts {
        let mut alerts = Alerts::default();
        for line in config.lines() {
            let (metric, limit) = line.split_once('>').unwrap();
            alerts.add_threshold(Threshold {
                metric: metric.trim().to_string(),
                limit: limit.trim().parse().unwrap(),
            });
        }
        alerts
    }

    #[test]
    fn rules_fire_only_above_their_limit() {
        let alerts = alerts_from_config("cpu > 90\np99_ms > 250");
        assert_eq!(alerts.alerts_for("cpu", 97.5), ["cpu is 97.5 (limit 90)"]);
        assert!(alerts.alerts_for("cpu", 42.0).is_empty());
        assert_eq!(
            alerts.alerts_for("p99_ms", 300.0),
            ["p99_ms is 300 (limit 250)"]
        );
        assert!(alerts.alerts_for("disk", 99.0).is_empty());
    }

    #[test]
    fn every_rule_is_audited() {
        let alerts = alerts_from_config("cpu > 90\ndisk > 80.5");
        assert_eq!(
            alerts.audit,
            ["rule added: cpu > 90", "rule added: disk > 80.5"]
        );
    }
}
