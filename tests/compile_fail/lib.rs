//! Nothing: this package exists for its test, `pinned.rs`, which runs trybuild over the
//! wrappers in the folders beside it.
