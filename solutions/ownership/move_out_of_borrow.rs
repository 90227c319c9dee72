// A log shipper buffers lines and sends them in batches. `flush` hands the buffered lines
// to the caller and leaves the buffer empty for new ones. It doesn't compile: fix `flush`.

#[derive(Default)]
struct LogShipper {
    pending: Vec<String>,
    shipped: usize,
}

impl LogShipper {
    fn log(&mut self, line: &str) {
        self.pending.push(line.to_string());
    }

    fn flush(&mut self) -> Vec<String> {
        // The caller really needs to own the batch (it sends it away), so a borrow won't do.
        // Through `&mut self` we may change `pending`, but never leave it moved-out, not even
        // for one line: if anything panicked in between, the owner would hold a freed Vec.
        // `mem::take` swaps an empty Vec in and hands back the old one in one step, copying
        // nothing. `self.pending.clone()` and then `clear()` compiles too, but copies every line.
        let batch = std::mem::take(&mut self.pending);
        self.shipped += batch.len();
        batch
    }
}

fn main() {
    let mut shipper = LogShipper::default();
    shipper.log("GET /health 200");
    shipper.log("POST /orders 201");
    println!("sending {:?}", shipper.flush());
    println!("{} lines shipped so far", shipper.shipped);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flush_returns_the_buffered_lines_in_order() {
        let mut shipper = LogShipper::default();
        shipper.log("GET /health 200");
        shipper.log("POST /orders 201");
        assert_eq!(shipper.flush(), ["GET /health 200", "POST /orders 201"]);
    }

    #[test]
    fn flush_empties_the_buffer_and_counts_lines() {
        let mut shipper = LogShipper::default();
        shipper.log("GET /health 200");
        shipper.flush();
        assert!(shipper.flush().is_empty());
        shipper.log("DELETE /orders/7 204");
        assert_eq!(shipper.flush(), ["DELETE /orders/7 204"]);
        assert_eq!(shipper.shipped, 2);
    }
}
