// Predict first: a cache warms itself from a list of keys fetched at startup.
// Before changing any code, read it and predict the compiler's error: its code, and the line
// rustc points at. Write both on the ANSWER line below and save; ferry then shows the real
// error and grades your prediction. Then fix the code.
// ANSWER: E____ line __

struct Cache {
    entries: Vec<String>,
}

fn warm(cache: &mut Cache, keys: Vec<String>) -> usize {
    for key in keys {
        cache.entries.push(key);
    }
    keys.len()
}

fn main() {
    let mut cache = Cache {
        entries: Vec::new(),
    };
    let keys = vec!["user:1".to_string(), "user:2".to_string()];
    println!("warmed {} entries", warm(&mut cache, keys));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warming_reports_how_many_keys_were_loaded() {
        let mut cache = Cache {
            entries: vec!["session:9".to_string()],
        };
        let keys = vec!["user:1".to_string(), "user:2".to_string()];
        assert_eq!(warm(&mut cache, keys), 2);
        assert_eq!(cache.entries, ["session:9", "user:1", "user:2"]);
    }
}
