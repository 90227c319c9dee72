//! Drawing the watch screen: what the state machine knows, as a `Frame` for `render::screen`.

use std::io::{self, Write};
use std::time::Instant;

use super::state::{Filter, Mode, WatchState};
use crate::render::screen::{self, Body, Drawn, Frame, ListRow, Shown};

/// Draws the whole screen for the moment `now`; what the scrolling area holds.
pub(super) fn draw(state: &WatchState, now: Instant, out: &mut dyn Write) -> io::Result<Drawn> {
    let curriculum = &state.session.curriculum;
    let progress = &state.session.progress;
    let exercise = state.current_exercise();
    let done = curriculum
        .exercises
        .iter()
        .filter(|e| progress.is_done(&e.name))
        .count();
    let list_rows;
    let verdict = match (&state.assessment, &state.check_error) {
        (_, Some(error)) => Shown::Problem(error),
        (Some(assessment), None) => Shown::Assessment(assessment),
        (None, None) => Shown::Checking,
    };
    let body = match &state.mode {
        Mode::Main => Body::Main,
        Mode::Card { text, .. } => Body::Card(text),
        Mode::Chapter { text, whole } => Body::Chapter {
            text,
            whole: *whole,
        },
        Mode::List(view) => {
            list_rows = state
                .list_rows(view)
                .into_iter()
                .map(|i| {
                    let e = &curriculum.exercises[i];
                    ListRow {
                        exercise: e,
                        done: progress.is_done(&e.name),
                        current: i == state.current,
                        selected: i == view.cursor,
                    }
                })
                .collect::<Vec<_>>();
            Body::List {
                rows: &list_rows,
                columns: screen::Columns::of(&curriculum.exercises),
                filter: match view.filter {
                    Filter::All => "all",
                    Filter::Done => "done",
                    Filter::Pending => "pending",
                },
                search: &view.search,
                typing: view.typing,
                confirm: view.confirm.then(|| &curriculum.exercises[view.cursor]),
            }
        }
        Mode::ConfirmReset => Body::ConfirmReset,
        Mode::CheckingAll => Body::CheckingAll,
        Mode::AllChecked { results } => Body::AllChecked {
            exercises: &curriculum.exercises,
            results,
        },
        Mode::Finished => Body::Finished {
            message: curriculum.final_message.as_deref(),
            figures: crate::figures::figures(curriculum, progress, &state.session.state.attempts())
                .totals,
        },
    };
    let drawn = screen::draw(
        out,
        &Frame {
            width: state.width,
            height: state.height,
            done,
            total: curriculum.exercises.len(),
            exercise,
            checking: state
                .check_started
                .filter(|_| state.in_flight.is_some())
                .map(|started| now.saturating_duration_since(started).as_secs()),
            verdict,
            solved: state.solved.as_ref(),
            body,
            hints: &exercise.hints[..state.hints_open.min(exercise.hints.len())],
            hint_levels: exercise.hints.len(),
            notice: state
                .notice
                .as_ref()
                .filter(|n| n.exercise == state.current)
                .map(|n| n.text.as_str()),
            warning: state.warning.as_deref(),
            manual: state.manual,
            class: state.session.class.is_some(),
            links: &state.links,
            scroll: state.scroll,
        },
    )?;
    out.flush()?;
    Ok(drawn)
}
