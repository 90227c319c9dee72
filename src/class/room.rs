//! The room as the board shows it: each learner's place in the class's exercises, who needs
//! help, and the errors the room hit, folded from the events in the order the room got them.
//!
//! The server keeps one `Room` in memory, rebuilt from the store when it starts, and sends
//! what an event changed to every open board. Time on an exercise is `figures`' time spent:
//! the learner's ferry says how long they had been on it at each check, and the board adds the
//! time since, pauses over `figures::BREAK_SECS` left out (`Cell::time_on`; board.js says the
//! same).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use super::protocol::{Check, Event, Help, Outcome};
use crate::figures::BREAK_SECS;

/// Distinct errors kept per learner and exercise.
const MET_MAX: usize = 32;

/// One exercise the class follows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoomExercise {
    pub name: String,
    /// `chapter/name`, as every screen names an exercise.
    pub label: String,
}

/// One learner and exercise: what the board's grid cell shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Cell {
    pub done: bool,
    pub checks: u32,
    /// The last check's outcome and first error code.
    pub outcome: Option<Outcome>,
    pub code: Option<String>,
    /// Time spent on it up to the last check, and when that was (the room's clock, Unix
    /// seconds).
    pub seconds: u64,
    pub since: u64,
    pub hint_level: u32,
    /// The distinct errors met, in order.
    pub met: Vec<String>,
}

impl Cell {
    /// Time spent on the exercise at `now`: up to the last check, and since then while it is
    /// the one in front of the learner (`current`), unless that is a break.
    pub fn time_on(&self, now: u64, current: bool) -> u64 {
        let since = now.saturating_sub(self.since);
        if current && !self.done && since <= BREAK_SECS {
            self.seconds + since
        } else {
            self.seconds
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Learner {
    /// The room's number for the learner (never their secret id).
    pub id: i64,
    pub name: String,
    /// The exercise in front of them (index into the room's exercises).
    pub current: Option<usize>,
    pub cells: Vec<Cell>,
}

/// What a grid cell means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellState {
    Pending,
    Current,
    Stuck,
    Done,
}

impl CellState {
    pub fn word(self) -> &'static str {
        match self {
            CellState::Pending => "pending",
            CellState::Current => "current",
            CellState::Stuck => "stuck",
            CellState::Done => "done",
        }
    }
}

impl Learner {
    pub fn state(&self, exercise: usize, now: u64, stuck_secs: u64) -> CellState {
        let cell = &self.cells[exercise];
        let current = self.current == Some(exercise);
        match () {
            _ if cell.done => CellState::Done,
            _ if current && cell.time_on(now, true) >= stuck_secs => CellState::Stuck,
            _ if current => CellState::Current,
            _ => CellState::Pending,
        }
    }
}

/// How often one error came up on one exercise: how many learners met it, in how many checks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Tally {
    learners: BTreeSet<i64>,
    checks: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TallyView {
    pub learners: usize,
    pub checks: u32,
}

/// A request for help as the board shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HelpRequest {
    /// The room's number for the event.
    pub seq: i64,
    pub learner: i64,
    pub exercise: usize,
    pub file: String,
    pub error: String,
    /// When the room got it (Unix seconds).
    pub received: u64,
    pub handled: bool,
}

/// What one event changed, for the boards that are open.
#[derive(Debug, Clone, Serialize)]
pub struct Update<'a> {
    pub now: u64,
    pub learner: &'a Learner,
    /// The exercise's errors, when a check changed them.
    pub tally: Option<(usize, BTreeMap<&'a str, TallyView>)>,
    pub help: Option<&'a HelpRequest>,
}

pub struct Room {
    exercises: Vec<RoomExercise>,
    index: HashMap<String, usize>,
    learners: Vec<Learner>,
    by_id: HashMap<i64, usize>,
    tallies: Vec<BTreeMap<String, Tally>>,
    helps: Vec<HelpRequest>,
    /// Time on one exercise after which a learner counts as stuck.
    pub stuck_secs: u64,
}

impl Room {
    pub fn new(exercises: Vec<RoomExercise>, stuck_secs: u64) -> Room {
        let index = exercises
            .iter()
            .enumerate()
            .map(|(i, e)| (e.name.clone(), i))
            .collect();
        Room {
            tallies: vec![BTreeMap::new(); exercises.len()],
            exercises,
            index,
            learners: Vec::new(),
            by_id: HashMap::new(),
            helps: Vec::new(),
            stuck_secs,
        }
    }

    pub fn knows(&self, exercise: &str) -> bool {
        self.index.contains_key(exercise)
    }

    pub fn exercises(&self) -> &[RoomExercise] {
        &self.exercises
    }

    pub fn learners(&self) -> &[Learner] {
        &self.learners
    }

    pub fn helps(&self) -> &[HelpRequest] {
        &self.helps
    }

    pub fn learner(&self, id: i64) -> Option<&Learner> {
        self.by_id.get(&id).map(|&i| &self.learners[i])
    }

    /// A learner joined, or sent events under a (new) name.
    pub fn name(&mut self, id: i64, name: &str) {
        let at = self.slot(id);
        if self.learners[at].name != name {
            self.learners[at].name = name.to_string();
        }
    }

    fn slot(&mut self, id: i64) -> usize {
        if let Some(&at) = self.by_id.get(&id) {
            return at;
        }
        self.learners.push(Learner {
            id,
            name: String::new(),
            current: None,
            cells: vec![Cell::default(); self.exercises.len()],
        });
        let at = self.learners.len() - 1;
        self.by_id.insert(id, at);
        at
    }

    /// Folds one event in; `received` is the room's clock when it arrived. Events on
    /// exercises the class does not follow (another `--chapters` before a restart) change
    /// nothing.
    pub fn apply(
        &mut self,
        seq: i64,
        learner: i64,
        received: u64,
        event: &Event,
    ) -> Option<Update<'_>> {
        let &exercise = self.index.get(event.exercise())?;
        let at = self.slot(learner);
        let (tally, help) = match event {
            Event::Check(check) => {
                self.check(at, exercise, received, check);
                (true, false)
            }
            Event::Help(help) => {
                self.help(seq, at, exercise, received, help);
                (false, true)
            }
        };
        Some(Update {
            now: received,
            learner: &self.learners[at],
            tally: tally.then(|| (exercise, self.tally(exercise))),
            help: if help { self.helps.last() } else { None },
        })
    }

    fn check(&mut self, at: usize, exercise: usize, received: u64, check: &Check) {
        let learner = &mut self.learners[at];
        let id = learner.id;
        if check.trigger != crate::state::Trigger::All.word() {
            learner.current = Some(exercise);
        }
        let cell = &mut learner.cells[exercise];
        cell.checks += 1;
        cell.outcome = Some(check.outcome);
        cell.code = check.codes.first().cloned();
        cell.seconds = check.seconds;
        // A learner's clock ahead of the room's must not make time run backwards.
        cell.since = check.time.min(received);
        cell.hint_level = cell.hint_level.max(check.hint_level);
        cell.done |= check.outcome == Outcome::Done;
        let mut counted = BTreeSet::new();
        for code in &check.codes {
            if cell.met.len() < MET_MAX && !cell.met.contains(code) {
                cell.met.push(code.clone());
            }
            if counted.insert(code.as_str()) {
                let tally = self.tallies[exercise].entry(code.clone()).or_default();
                tally.learners.insert(id);
                tally.checks += 1;
            }
        }
    }

    fn help(&mut self, seq: i64, at: usize, exercise: usize, received: u64, help: &Help) {
        let learner = &mut self.learners[at];
        learner.current = Some(exercise);
        self.helps.push(HelpRequest {
            seq,
            learner: learner.id,
            exercise,
            file: help.file.clone(),
            error: help.error.clone(),
            received,
            handled: false,
        });
    }

    /// The instructor saw to a help request; whether there was one by that number.
    pub fn handled(&mut self, seq: i64) -> bool {
        match self.helps.iter_mut().find(|h| h.seq == seq) {
            Some(help) => {
                help.handled = true;
                true
            }
            None => false,
        }
    }

    /// The errors the room hit on one exercise, by code.
    pub fn tally(&self, exercise: usize) -> BTreeMap<&str, TallyView> {
        self.tallies[exercise]
            .iter()
            .map(|(code, t)| {
                (
                    code.as_str(),
                    TallyView {
                        learners: t.learners.len(),
                        checks: t.checks,
                    },
                )
            })
            .collect()
    }

    /// Learners on an exercise they have not done, longest first: who needs help.
    pub fn needing_help(&self, now: u64) -> Vec<(&Learner, usize, u64)> {
        let mut waiting: Vec<(&Learner, usize, u64)> = self
            .learners
            .iter()
            .filter_map(|l| {
                let current = l.current?;
                let cell = &l.cells[current];
                (!cell.done).then(|| (l, current, cell.time_on(now, true)))
            })
            .collect();
        waiting.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.name.cmp(&b.0.name)));
        waiting
    }

    /// Everything a board needs to start from.
    pub fn snapshot(&self, now: u64) -> serde_json::Value {
        serde_json::json!({
            "now": now,
            "break_secs": BREAK_SECS,
            "stuck_secs": self.stuck_secs,
            "exercises": self.exercises,
            "learners": self.learners,
            "tallies": (0..self.exercises.len()).map(|i| self.tally(i)).collect::<Vec<_>>(),
            "helps": self.helps.iter().filter(|h| !h.handled).collect::<Vec<_>>(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn room() -> Room {
        let exercises = ["a", "b"]
            .iter()
            .map(|n| RoomExercise {
                name: n.to_string(),
                label: format!("basics/{n}"),
            })
            .collect();
        Room::new(exercises, 300)
    }

    fn check(exercise: &str, outcome: Outcome, codes: &[&str], seconds: u64, time: u64) -> Event {
        Event::Check(Check {
            id: format!("{exercise}{time}"),
            exercise: exercise.into(),
            outcome,
            codes: codes.iter().map(|c| c.to_string()).collect(),
            hint_level: 0,
            seconds,
            time,
            trigger: "save".into(),
        })
    }

    #[test]
    fn a_learner_moves_through_pending_current_stuck_and_done() {
        let mut room = room();
        room.name(1, "Ada");
        room.apply(
            1,
            1,
            1000,
            &check("a", Outcome::LessonError, &["E0502"], 0, 1000),
        );
        let ada = room.learner(1).unwrap().clone();
        assert_eq!(ada.state(0, 1010, 300), CellState::Current);
        assert_eq!(ada.state(1, 1010, 300), CellState::Pending);
        // Five minutes on it without a save: stuck, and the time keeps counting.
        assert_eq!(ada.state(0, 1300, 300), CellState::Stuck);
        assert_eq!(ada.cells[0].time_on(1300, true), 300);
        // A break is not time spent.
        assert_eq!(ada.cells[0].time_on(1000 + BREAK_SECS + 1, true), 0);
        room.apply(2, 1, 1400, &check("a", Outcome::Done, &[], 400, 1400));
        let ada = room.learner(1).unwrap();
        assert_eq!(ada.state(0, 2000, 300), CellState::Done);
        assert_eq!(ada.cells[0].time_on(2000, true), 400);
        assert_eq!(ada.cells[0].met, ["E0502"]);
    }

    #[test]
    fn check_all_does_not_move_the_learner_but_records_done() {
        let mut room = room();
        room.apply(
            1,
            1,
            1000,
            &check("a", Outcome::NewError, &["E0382"], 0, 1000),
        );
        let Event::Check(mut all) = check("b", Outcome::Done, &[], 0, 1001) else {
            unreachable!()
        };
        all.trigger = "all".into();
        room.apply(2, 1, 1001, &Event::Check(all));
        let learner = room.learner(1).unwrap();
        assert_eq!(learner.current, Some(0));
        assert!(learner.cells[1].done);
    }

    #[test]
    fn the_room_counts_each_error_per_learner_and_per_check() {
        let mut room = room();
        for learner in 1..=12 {
            room.apply(
                learner,
                learner,
                1000,
                &check("a", Outcome::LessonError, &["E0502"], 0, 1000),
            );
        }
        room.apply(
            13,
            1,
            1001,
            &check("a", Outcome::LessonError, &["E0502", "E0502"], 1, 1001),
        );
        let tally = room.tally(0);
        assert_eq!(
            tally["E0502"],
            TallyView {
                learners: 12,
                checks: 13
            }
        );
    }

    #[test]
    fn who_needs_help_is_sorted_by_time_on_an_unfinished_exercise() {
        let mut room = room();
        room.name(1, "Ada");
        room.name(2, "Bo");
        room.name(3, "Cy");
        room.apply(
            1,
            1,
            1000,
            &check("a", Outcome::LessonError, &["E0502"], 100, 1000),
        );
        room.apply(
            2,
            2,
            1000,
            &check("a", Outcome::NewError, &["E0382"], 500, 1000),
        );
        room.apply(3, 3, 1000, &check("a", Outcome::Done, &[], 900, 1000));
        let names: Vec<&str> = room
            .needing_help(1010)
            .iter()
            .map(|(l, _, _)| l.name.as_str())
            .collect();
        assert_eq!(names, ["Bo", "Ada"]);
    }

    #[test]
    fn a_clock_ahead_of_the_rooms_does_not_run_time_backwards() {
        let mut room = room();
        room.apply(1, 1, 1000, &check("a", Outcome::LessonError, &[], 10, 5000));
        assert_eq!(room.learner(1).unwrap().cells[0].since, 1000);
    }

    #[test]
    fn events_on_exercises_the_class_does_not_follow_change_nothing() {
        let mut room = room();
        assert!(
            room.apply(1, 1, 1000, &check("z", Outcome::Done, &[], 0, 1000))
                .is_none()
        );
        assert!(room.learners().is_empty());
    }
}
