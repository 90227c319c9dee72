include!("../../../exercises/mutability/mut_lookup_counter.rs");
