// A log search endpoint splits a query like `status:500 "timed out" path:/orders` into tokens
// that point into the query text instead of copying it. `tokenize` doesn't compile: find out
// what the lexer's signature promises, and fix it.

struct Lexer<'a> {
    rest: &'a str,
}

impl<'a> Lexer<'a> {
    fn new(query: &'a str) -> Self {
        Lexer { rest: query }
    }

    // The next token: a quoted phrase (without its quotes) or a run of non-space characters.
    fn next_token(&mut self) -> Option<&str> {
        let text = self.rest.trim_start();
        if text.is_empty() {
            return None;
        }
        let (token, rest) = match text.strip_prefix('"') {
            Some(quoted) => quoted.split_once('"').unwrap_or((quoted, "")),
            None => text.split_once(' ').unwrap_or((text, "")),
        };
        self.rest = rest;
        Some(token)
    }
}

fn tokenize(query: &str) -> Vec<&str> {
    let mut lexer = Lexer::new(query);
    let mut tokens = Vec::new();
    while let Some(token) = lexer.next_token() {
        tokens.push(token);
    }
    tokens
}

fn main() {
    println!("{:?}", tokenize(r#"status:500 "timed out" path:/orders"#));
}

#[cfg(test)]
mod tests {
    use super::*;

    // True if `part` is a view into `whole`'s text rather than a copy of it.
    fn points_into(whole: &str, part: &str) -> bool {
        whole.as_bytes().as_ptr_range().contains(&part.as_ptr())
    }

    #[test]
    fn splits_terms_and_quoted_phrases() {
        let query = String::from(r#"  status:500 "timed out"   path:/orders "#);
        let tokens: Vec<&str> = tokenize(&query);
        assert_eq!(tokens, ["status:500", "timed out", "path:/orders"]);
        assert!(tokens.iter().all(|token| points_into(&query, token)));
    }

    #[test]
    fn an_empty_query_has_no_tokens() {
        assert!(tokenize("   ").is_empty());
    }

    #[test]
    fn the_lexer_can_be_used_step_by_step() {
        let mut lexer = Lexer::new(r#"level:error "card declined""#);
        assert_eq!(lexer.next_token(), Some("level:error"));
        assert_eq!(lexer.next_token(), Some("card declined"));
        assert_eq!(lexer.next_token(), None);
    }
}
