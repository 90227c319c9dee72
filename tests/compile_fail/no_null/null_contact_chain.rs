include!("../../../exercises/no_null/null_contact_chain.rs");
