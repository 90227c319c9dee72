include!("../../../exercises/lifetimes/life_lexer_tokens.rs");
