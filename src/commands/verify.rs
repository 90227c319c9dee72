//! `ferry verify`: the command around the verify engine: options, scratch folder, the report
//! in the asked-for format, and an exit code.

use std::io::Write;

use super::Success;
use crate::cli::Format;
use crate::config::Config;
use crate::curriculum::Curriculum;
use crate::error::{Error, Result};
use crate::runner::{RealRunner, Toolchain};
use crate::verify::cache::Cache;
use crate::verify::{self, Options, Status, report};

pub fn verify(
    config: &Config,
    format: Format,
    options: &Options,
    out: &mut dyn Write,
) -> Result<Success> {
    match run(config, format, options, out) {
        Ok(success) => Ok(success),
        Err(err) if matches!(err, Error::Output(_)) => Err(err),
        Err(err) => {
            // A machine reading the report still learns why there is none.
            let message = err.to_string();
            let _ = match format {
                Format::Human => Ok(()),
                Format::Json => report::json_error(out, &message),
                Format::Junit => report::junit_error(out, &message),
                Format::Github => {
                    let (file, line) = match &err {
                        Error::InfoToml { line, .. } => ("info.toml", Some(*line)),
                        _ => ("info.toml", None),
                    };
                    report::github_error(out, file, line, &message)
                }
            };
            let _ = out.flush();
            Err(err)
        }
    }
}

fn run(config: &Config, format: Format, options: &Options, out: &mut dyn Write) -> Result<Success> {
    let root = Curriculum::find_root(&config.cwd)?;
    let curriculum = Curriculum::load(&root)?;
    curriculum.check_files()?;
    curriculum.check_guards()?;
    // The sysroot rustup picks is kept beside the verdict cache, as `ferry run` keeps it.
    let state_dir = root.join(crate::state::STATE_DIR);
    let runner = RealRunner::new(Toolchain::resolve(&root, Some(&state_dir))?)
        .with_crates(&root, &curriculum.crates);
    if options.solutions {
        // Fail early, before any check runs, if rustfmt is missing.
        runner.toolchain.rustfmt()?;
    }
    let build = tempfile::Builder::new()
        .prefix("ferry-verify-")
        .tempdir()
        .map_err(|source| Error::Write {
            path: std::env::temp_dir(),
            source,
        })?;

    let total = verify::count(&curriculum, options)?;
    let bar = if format == Format::Human && config.terminal {
        let bar = indicatif::ProgressBar::new(total as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} checks {elapsed}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };
    // For authors: FERRY_KEEP_SCRATCH keeps what verify compiled (the shortcuts among it).
    let kept = std::env::var_os("FERRY_KEEP_SCRATCH").is_some();
    let build_path = build.path().to_path_buf();
    // A toolchain that can't say its version can't be told from another: then nothing is
    // reused (the checks say what is wrong with it).
    let cache = runner
        .toolchain
        .versions()
        .ok()
        .and_then(|versions| Cache::open(&curriculum, &versions, !options.no_cache));
    let report = verify::verify(
        &runner,
        &curriculum,
        options,
        &build_path,
        cache.as_ref(),
        &|| bar.inc(1),
    );
    if kept {
        eprintln!("the scratch folder is kept: {}", build.keep().display());
    }
    bar.finish_and_clear();
    let report = report?;

    match format {
        Format::Human => crate::render::verify::report(
            out,
            &report,
            &crate::render::link::Links::new(&root, config.hyperlinks),
        )?,
        Format::Json => report::json(out, &report)?,
        Format::Junit => report::junit(out, &report)?,
        Format::Github => {
            report::github(out, &report)?;
            // In a GitHub Actions job, the whole list goes into the job's summary page too.
            if let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) {
                let written = std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(&path)
                    .and_then(|mut f| {
                        use std::io::Write as _;
                        f.write_all(report::github_summary(&report).as_bytes())
                    });
                if let Err(err) = written {
                    eprintln!(
                        "warning: could not write the job summary to {}: {err}",
                        std::path::Path::new(&path).display()
                    );
                }
            }
        }
    }
    match report.status() {
        Status::Pass => Ok(Success::Yes),
        Status::Fail => Ok(Success::No),
        Status::Error => Err(Error::Usage(
            "some checks could not run (see the report)\n  fix: check that the Rust toolchain works (`rustup show`) and the disk is writable".to_string(),
        )),
    }
}
