//! `ferry explain CODE`: ferry's own card for an error code, or rustc's explanation.

use std::io::Write;

use super::Success;
use crate::cards;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::render;
use crate::runner::{RealRunner, Runner, Toolchain};

pub fn explain(config: &Config, code: &str, out: &mut dyn Write) -> Result<Success> {
    if let Some(lint) = code.trim().strip_prefix("clippy::") {
        let runner = RealRunner::new(Toolchain::resolve(&config.cwd, None)?);
        return match runner.explain(&format!("clippy::{lint}"))? {
            Some(text) => {
                writeln!(out, "clippy's explanation of clippy::{lint}:\n")?;
                out.write_all(text.as_bytes())?;
                Ok(Success::Yes)
            }
            None => Err(Error::Usage(format!(
                "clippy has no lint `{lint}`\n  fix: give the name as clippy prints it, e.g. `ferry explain clippy::await_holding_lock`"
            ))),
        };
    }
    // A situation card by name: `ferry explain E0277.not-send`.
    if let Some((base, name)) = code.trim().split_once('.')
        && let Some(base) = cards::normalize(base)
    {
        let wanted = format!("{base}.{name}");
        if let Some(card) = cards::card(&wanted) {
            render::card(out, card, config.width)?;
            return Ok(Success::Yes);
        }
        let known = cards::situations(&base);
        return Err(Error::Usage(if known.is_empty() {
            format!("ferry has no situation cards for {base}\n  fix: run `ferry explain {base}`")
        } else {
            format!(
                "ferry has no card `{wanted}`\n  fix: use one of {}, or `ferry explain {base}` for the general card",
                known.join(", ")
            )
        }));
    }
    let Some(code) = cards::normalize(code) else {
        if let Some(card) = cards::card_for_message(code) {
            render::card(out, card, config.width)?;
            return Ok(Success::Yes);
        }
        return Err(Error::Usage(format!(
            "`{code}` is not an error code, nor the message of an error ferry has a card for\n  fix: give a code like E0382 (the part in brackets of `error[E0382]`), or a message such as \"lifetime may not live long enough\""
        )));
    };
    if let Some(card) = cards::card(&code) {
        render::card(out, card, config.width)?;
        let situations = cards::situations(&code);
        if !situations.is_empty() {
            writeln!(
                out,
                "\n{code} has cards for particular situations too: {}",
                situations
                    .iter()
                    .map(|s| format!("`ferry explain {s}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )?;
        }
        return Ok(Success::Yes);
    }
    let runner = RealRunner::new(Toolchain::resolve(&config.cwd, None)?);
    match runner.explain(&code)? {
        Some(text) => {
            writeln!(
                out,
                "ferry has no card for {code}; this is rustc's explanation:\n"
            )?;
            out.write_all(text.as_bytes())?;
            Ok(Success::Yes)
        }
        None => Err(Error::Usage(format!(
            "neither ferry nor rustc knows the error code {code}\n  fix: check the code in the compiler's message, e.g. error[E0382]; ferry has cards for {}",
            cards::codes().join(", ")
        ))),
    }
}
