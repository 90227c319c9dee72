// Predict first: an import job reads order lines like "ORD-17, Ada@Example.com, 3" from a
// partner's CSV export and stores ids and emails in lowercase.
// Before changing any code, read it and predict the compiler's error: its code, and the line
// rustc points at. Write both on the ANSWER line below and save; ferry then shows the real
// error and grades your prediction. Then fix the code.
// ANSWER: E____ line __

#[derive(Debug, PartialEq)]
struct Order {
    id: String,
    email: String,
    quantity: u32,
}

fn parse_order(line: &str) -> Option<Order> {
    let fields: Vec<&str> = line.to_lowercase().split(',').map(str::trim).collect();
    if fields.len() != 3 {
        return None;
    }
    Some(Order {
        id: fields[0].to_string(),
        email: fields[1].to_string(),
        quantity: fields[2].parse().ok()?,
    })
}

fn main() {
    println!("{:?}", parse_order("ORD-17, Ada@Example.com, 3"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_lowercases_an_order_line() {
        assert_eq!(
            parse_order("ORD-17, Ada@Example.com, 3"),
            Some(Order {
                id: "ord-17".to_string(),
                email: "ada@example.com".to_string(),
                quantity: 3,
            })
        );
    }

    #[test]
    fn rejects_malformed_lines() {
        assert_eq!(parse_order("ORD-18, grace@example.com"), None);
        assert_eq!(parse_order("ORD-19, grace@example.com, three"), None);
    }
}
