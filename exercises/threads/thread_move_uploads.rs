// An upload endpoint puts a batch of files into storage and tells the virus scanner which files
// arrived. The scanner is a slow network call, so it runs on its own thread.
// `accept_uploads` doesn't compile: fix it.

use std::io::Read;
use std::thread::{self, JoinHandle};

struct Upload {
    name: String,
    // The file's content as a stream, like a JVM InputStream: it can be read once and can't be
    // copied. Files can be large, so nothing should buffer them twice anyway.
    body: Box<dyn Read + Send>,
}

// Tells the virus scanner which files arrived and returns its receipt.
fn notify_scanner(names: &[String]) -> String {
    format!("scan queued: {}", names.join(", "))
}

// Stores the batch and returns the handle of the scanner notification, so the endpoint can
// answer without waiting for the scanner.
fn accept_uploads(batch: Vec<Upload>, storage: &mut Vec<Upload>) -> JoinHandle<String> {
    let scan = thread::spawn(move || {
        let names: Vec<String> = batch.iter().map(|upload| upload.name.clone()).collect();
        notify_scanner(&names)
    });
    storage.extend(batch);
    scan
}

fn main() {
    let mut storage = Vec::new();
    let batch = vec![Upload {
        name: "invoice.pdf".to_string(),
        body: Box::new("%PDF-1.7".as_bytes()),
    }];
    let scan = accept_uploads(batch, &mut storage);
    println!("201 Created: {} file(s) stored", storage.len());
    println!("{}", scan.join().expect("scanner thread panicked"));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn upload(name: &str, content: &'static str) -> Upload {
        Upload {
            name: name.to_string(),
            body: Box::new(content.as_bytes()),
        }
    }

    #[test]
    fn stores_every_file_with_its_content() {
        let mut storage = Vec::new();
        let scan = accept_uploads(
            vec![upload("invoice.pdf", "%PDF-1.7"), upload("logo.png", "PNG")],
            &mut storage,
        );
        assert_eq!(storage.len(), 2);
        assert_eq!(storage[1].name, "logo.png");
        let mut content = String::new();
        storage[0].body.read_to_string(&mut content).unwrap();
        assert_eq!(content, "%PDF-1.7");
        scan.join().expect("scanner thread panicked");
    }

    #[test]
    fn scanner_hears_about_every_file() {
        let mut storage = vec![upload("old.txt", "")];
        let scan = accept_uploads(
            vec![upload("invoice.pdf", "%PDF-1.7"), upload("logo.png", "PNG")],
            &mut storage,
        );
        let receipt = scan.join().expect("scanner thread panicked");
        assert_eq!(receipt, "scan queued: invoice.pdf, logo.png");
    }
}
