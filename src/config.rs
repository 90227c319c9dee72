//! The settled configuration: what the raw flags and the environment mean, decided once.
//!
//! Commands read this, never the flags or `is_terminal()` themselves.

use std::io::IsTerminal;
use std::path::PathBuf;

use crate::cli::{Cli, ColorChoice};

#[derive(Debug, Clone)]
pub struct Config {
    /// Where ferry was started; the curriculum is the nearest info.toml at or above it.
    pub cwd: PathBuf,
    /// Write ANSI colour (ours, and the compiler's rendered output).
    pub color: bool,
    /// Standard output is an interactive terminal.
    pub terminal: bool,
    /// Make file paths clickable (OSC 8 hyperlinks).
    pub hyperlinks: bool,
    /// How many checks may run at once.
    pub jobs: usize,
    /// The terminal's width (100 when not a terminal).
    pub width: u16,
    /// Do not append to the attempt log in this run.
    pub no_log: bool,
}

impl Config {
    pub fn from_cli(cli: &Cli) -> std::io::Result<Config> {
        let terminal = std::io::stdout().is_terminal();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
        let color = match cli.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => terminal && !no_color && !dumb,
        };
        let env = |name: &str| std::env::var(name).ok();
        let hyperlinks = hyperlinks(cli.hyperlinks, terminal && color, &env, || {
            supports_hyperlinks::supports_hyperlinks()
        });
        Ok(Config {
            cwd: std::env::current_dir()?,
            color,
            terminal,
            hyperlinks,
            jobs: std::thread::available_parallelism().map_or(1, |n| n.get()),
            no_log: cli.no_log,
            width: if terminal {
                crossterm::terminal::size().map_or(100, |(w, _)| w)
            } else {
                100
            },
        })
    }
}

/// Whether to write OSC 8 hyperlinks. `always` and `never` are what they say; so are
/// `FORCE_HYPERLINK=1` and `=0` under `auto`. Otherwise only on a colour terminal
/// (`coloured_terminal`: a terminal, colour on, so not `NO_COLOR`, `--color never` or a pipe)
/// that is known to show them (`supported`: the `supports-hyperlinks` crate's list), and never
/// inside tmux or screen, or with `TERM=dumb`: a multiplexer passes the outer terminal's
/// variables on (VTE_VERSION, TERM_PROGRAM) whether or not it forwards the links itself.
pub fn hyperlinks(
    choice: ColorChoice,
    coloured_terminal: bool,
    env: &dyn Fn(&str) -> Option<String>,
    supported: impl FnOnce() -> bool,
) -> bool {
    match choice {
        ColorChoice::Always => return true,
        ColorChoice::Never => return false,
        ColorChoice::Auto => {}
    }
    if let Some(forced) = env("FORCE_HYPERLINK") {
        return forced.trim() != "0";
    }
    let term = env("TERM").unwrap_or_default();
    let multiplexer = env("TMUX").is_some_and(|v| !v.is_empty())
        || env("STY").is_some_and(|v| !v.is_empty())
        || term.starts_with("screen")
        || term.starts_with("tmux");
    coloured_terminal && term != "dumb" && !multiplexer && supported()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decide(choice: ColorChoice, coloured_terminal: bool, vars: &[(&str, &str)]) -> bool {
        let env = |name: &str| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        };
        // Stands in for the crate's list: a terminal that shows links.
        let supported = || env("TERM_PROGRAM").as_deref() == Some("WezTerm");
        hyperlinks(choice, coloured_terminal, &env, supported)
    }

    const WEZTERM: (&str, &str) = ("TERM_PROGRAM", "WezTerm");
    const XTERM: (&str, &str) = ("TERM", "xterm-256color");

    #[test]
    fn auto_links_only_on_a_colour_terminal_known_to_show_them() {
        use ColorChoice::Auto;
        assert!(decide(Auto, true, &[WEZTERM, XTERM]));
        // Not known to show them.
        assert!(!decide(Auto, true, &[XTERM]));
        // A pipe, NO_COLOR or --color never.
        assert!(!decide(Auto, false, &[WEZTERM, XTERM]));
        assert!(!decide(Auto, true, &[WEZTERM, ("TERM", "dumb")]));
    }

    #[test]
    fn auto_never_links_inside_tmux_or_screen() {
        use ColorChoice::Auto;
        assert!(!decide(
            Auto,
            true,
            &[WEZTERM, ("TMUX", "/tmp/tmux-0/default,1,0")]
        ));
        assert!(!decide(Auto, true, &[WEZTERM, ("TERM", "tmux-256color")]));
        assert!(!decide(
            Auto,
            true,
            &[WEZTERM, ("TERM", "screen.xterm-256color")]
        ));
        assert!(!decide(Auto, true, &[WEZTERM, ("STY", "1234.pts-0.host")]));
    }

    #[test]
    fn force_hyperlink_and_the_flag_decide_over_detection() {
        use ColorChoice::{Always, Auto, Never};
        let tmux = ("TMUX", "/tmp/tmux-0/default,1,0");
        assert!(decide(Auto, true, &[tmux, ("FORCE_HYPERLINK", "1")]));
        assert!(decide(Auto, false, &[("FORCE_HYPERLINK", "1")]));
        assert!(!decide(Auto, true, &[WEZTERM, ("FORCE_HYPERLINK", "0")]));
        assert!(decide(Always, false, &[("FORCE_HYPERLINK", "0")]));
        assert!(!decide(Never, true, &[WEZTERM, ("FORCE_HYPERLINK", "1")]));
    }
}
