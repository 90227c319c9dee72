//! Integration tests: the real `ferry` binary on fixture curricula copied into temp dirs.

mod harness;

mod bad_info_toml;
mod class;
mod deadlock;
mod editor;
mod judge;
mod pins;
mod reliability;
mod run;
mod rustlings;
mod state;
mod verify;
mod verify_cache;
mod watch;
mod webdriver;
mod workspace;
