// The instructor's board: the room's snapshot, then what each event changed, from
// /api/stream (server-sent events). Everything a learner sent (names, error codes, files)
// reaches the page through textContent only, never as markup.
"use strict";

let room = null;
// The room's clock minus this browser's, in seconds: times on exercises are the room's.
let skew = 0;
let drawPending = false;
// The help requests whose file the instructor opened: they stay open across redraws.
const openFiles = new Set();

function now() {
  return Math.floor(Date.now() / 1000) + skew;
}

// Time spent on an exercise, as the room defines it (room.rs, Cell::time_on): up to the last
// check, and since then while it is in front of the learner, unless that is a break.
function timeOn(cell, current) {
  const since = now() - cell.since;
  if (current && !cell.done && since <= room.break_secs) {
    return cell.seconds + Math.max(0, since);
  }
  return cell.seconds;
}

function state(learner, i) {
  const cell = learner.cells[i];
  const current = learner.current === i;
  if (cell.done) return "done";
  if (current && timeOn(cell, true) >= room.stuck_secs) return "stuck";
  if (current) return "current";
  return "pending";
}

// As ferry says a time (figures::duration_text).
function duration(secs) {
  if (secs < 60) return secs + " s";
  const minutes = Math.floor((secs + 30) / 60);
  if (minutes < 60) return minutes + " min";
  return Math.floor(minutes / 60) + " h " + String(minutes % 60).padStart(2, "0") + " min";
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

function what(cell) {
  if (!cell.outcome) return "";
  return cell.code || cell.outcome;
}

function nameOf(id) {
  const learner = room.learners.find((l) => l.id === id);
  return learner ? learner.name : "?";
}

function drawSummary() {
  const stuck = room.learners.filter((l) => l.current !== null && state(l, l.current) === "stuck").length;
  const helps = room.helps.length;
  const parts = [
    room.learners.length + (room.learners.length === 1 ? " learner" : " learners"),
    room.exercises.length + " exercises",
    stuck + " stuck",
    helps + (helps === 1 ? " help request" : " help requests"),
  ];
  document.getElementById("summary").textContent = parts.join(" · ");
}

function handled(seq, button) {
  button.disabled = true;
  fetch("/api/help/" + encodeURIComponent(seq) + "/handled", { method: "POST", credentials: "same-origin" })
    .then((r) => { if (!r.ok) button.disabled = false; })
    .catch(() => { button.disabled = false; });
}

function drawRequests() {
  const list = document.getElementById("requests");
  const items = document.createDocumentFragment();
  const newest = room.helps.slice().sort((a, b) => b.received - a.received);
  for (const help of newest) {
    const item = el("li", "request");
    const head = el("div", "request-head");
    head.append(el("strong", "who", nameOf(help.learner)));
    head.append(el("span", "where", room.exercises[help.exercise].label));
    head.append(el("span", "ago", duration(Math.max(0, now() - help.received)) + " ago"));
    const done = el("button", "handled", "seen to");
    done.type = "button";
    done.addEventListener("click", () => handled(help.seq, done));
    head.append(done);
    item.append(head);
    const error = el("pre", "error-text", help.error);
    item.append(error);
    const file = el("details", "file");
    file.open = openFiles.has(help.seq);
    file.addEventListener("toggle", () => {
      if (file.open) openFiles.add(help.seq);
      else openFiles.delete(help.seq);
    });
    file.append(el("summary", null, "the file"));
    file.append(el("pre", "file-text", help.file));
    item.append(file);
    items.append(item);
  }
  list.replaceChildren(items);
}

function drawWaiting() {
  const rows = [];
  for (const learner of room.learners) {
    if (learner.current === null) continue;
    const cell = learner.cells[learner.current];
    if (cell.done) continue;
    rows.push({ learner, cell, secs: timeOn(cell, true) });
  }
  rows.sort((a, b) => b.secs - a.secs || a.learner.name.localeCompare(b.learner.name));
  const body = document.createDocumentFragment();
  for (const row of rows) {
    const tr = el("tr", row.secs >= room.stuck_secs ? "stuck" : "");
    const who = el("td", "who", row.learner.name);
    who.title = row.learner.name;
    tr.append(who);
    tr.append(el("td", "where", room.exercises[row.learner.current].label));
    tr.append(el("td", "code", what(row.cell)));
    tr.append(el("td", "num", row.cell.hint_level));
    tr.append(el("td", "num", duration(row.secs)));
    body.append(tr);
  }
  document.querySelector("#waiting tbody").replaceChildren(body);
  document.getElementById("waiting").hidden = rows.length === 0;
  document.getElementById("nobody").hidden = rows.length !== 0 || room.helps.length !== 0;
}

function drawGrid() {
  const head = el("tr");
  head.append(el("th", "who", "learner"));
  room.exercises.forEach((exercise) => {
    const th = el("th", "exercise", exercise.name);
    th.title = exercise.label;
    head.append(th);
  });
  document.querySelector("#grid thead").replaceChildren(head);
  const learners = room.learners.slice().sort((a, b) => a.name.localeCompare(b.name));
  const body = document.createDocumentFragment();
  for (const learner of learners) {
    const tr = el("tr");
    tr.dataset.learner = String(learner.id);
    tr.append(el("th", "who", learner.name));
    learner.cells.forEach((cell, i) => {
      const kind = state(learner, i);
      const td = el("td", "cell " + kind);
      if (kind !== "pending" || cell.checks > 0) {
        td.append(el("span", "code", kind === "done" ? "✓" : what(cell)));
        const secs = timeOn(cell, learner.current === i);
        if (secs > 0 || kind !== "pending") td.append(el("span", "time", duration(secs)));
      }
      td.title = learner.name + " · " + room.exercises[i].label + " · " + kind;
      tr.append(td);
    });
    body.append(tr);
  }
  document.querySelector("#grid tbody").replaceChildren(body);
}

function drawTallies() {
  const out = document.createDocumentFragment();
  room.exercises.forEach((exercise, i) => {
    const tally = room.tallies[i] || {};
    const codes = Object.keys(tally);
    if (codes.length === 0) return;
    codes.sort((a, b) => tally[b].learners - tally[a].learners || tally[b].checks - tally[a].checks);
    const block = el("div", "tally");
    block.append(el("h3", null, exercise.label));
    const list = el("ul");
    for (const code of codes) {
      const onIt = room.learners.filter((l) => l.current === i && !l.cells[i].done && l.cells[i].code === code).length;
      const item = el("li");
      item.append(el("span", "code", code));
      const learners = tally[code].learners;
      let said = learners + (learners === 1 ? " learner" : " learners") + " · " + tally[code].checks + " checks";
      if (onIt > 0) said += " · " + onIt + " on it now";
      item.append(el("span", "count", said));
      list.append(item);
    }
    block.append(list);
    out.append(block);
  });
  const tallies = document.getElementById("tallies");
  tallies.replaceChildren(out);
  if (!tallies.hasChildNodes()) tallies.append(el("p", "quiet", "No errors yet."));
}

function draw() {
  drawPending = false;
  if (!room) return;
  drawSummary();
  drawRequests();
  drawWaiting();
  drawGrid();
  drawTallies();
}

// Many events a second in a full room: one redraw per frame at most.
function redraw() {
  if (drawPending) return;
  drawPending = true;
  requestAnimationFrame(draw);
}

function live(on, text) {
  const node = document.getElementById("live");
  node.className = "live " + (on ? "on" : "off");
  node.textContent = text;
}

function start() {
  const stream = new EventSource("/api/stream");
  stream.addEventListener("open", () => live(true, "live"));
  stream.addEventListener("error", () => live(false, "reconnecting…"));
  stream.addEventListener("snapshot", (message) => {
    room = JSON.parse(message.data);
    skew = room.now - Math.floor(Date.now() / 1000);
    live(true, "live");
    redraw();
  });
  stream.addEventListener("update", (message) => {
    if (!room) return;
    const update = JSON.parse(message.data);
    const at = room.learners.findIndex((l) => l.id === update.learner.id);
    if (at >= 0) room.learners[at] = update.learner;
    else room.learners.push(update.learner);
    if (update.tally) room.tallies[update.tally[0]] = update.tally[1];
    if (update.help) room.helps.push(update.help);
    redraw();
  });
  stream.addEventListener("handled", (message) => {
    if (!room) return;
    const seq = JSON.parse(message.data).seq;
    room.helps = room.helps.filter((h) => h.seq !== seq);
    redraw();
  });
  // Times on exercises go on counting between events.
  setInterval(redraw, 1000);
}

start();
