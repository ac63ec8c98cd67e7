// /speaker: the confidence monitor. /speaker?name=NAME: one speaker's view.
"use strict";

const $ = (id) => document.getElementById(id);
const wanted = (new URLSearchParams(location.search).get("name") || "").trim();
const same = (a, b) => a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();

function everyone(state) {
  const names = [];
  for (const segment of state.segments) {
    for (const name of segment.speakers) {
      if (!names.some((n) => same(n, name))) names.push(name);
    }
  }
  return names;
}

// The producer's signals as classes of the page: dark while a video plays
// ("blackout"), a flash that says "wrap up" without words ("flashing").
let signals = "";

function readSignals(view) {
  const given = view.state.signals || {};
  const flashing = given.flash_until && ms(given.flash_until) > view.now;
  signals = (given.blackout ? " blackout" : "") + (flashing ? " flashing" : "");
}

function setBody(mood) {
  setClass(document.body, `speaker ${mood}${signals}`);
}

// The big timer: the slot's countdown, or OVERRUN +MM:SS.
function drawTimer(view, current) {
  const { show, now } = view;
  const ends = ms(current.ends);
  const mood = urgency(current, now, show.agenda.alerts);
  const remaining = countdownSeconds(now, ends);
  setBody(mood);
  if (mood === "overrun") {
    drawLabel("OVERRUN");
    setText($("count"), "+" + clockDigits(Math.max(-remaining, 0)));
  } else {
    drawLabel("");
    setText($("count"), clockDigits(remaining));
  }
  setClass($("count"), Math.abs(remaining) >= 3600 ? "count long" : "count");
}

// Marks the timer as labelled (STARTS IN, OVERRUN...) so the digits leave room.
function drawLabel(text) {
  setText($("label"), text);
  setClass($("timer"), text ? "timer labelled" : "timer");
}

// The line about the next segment: its start in the viewer's own time and
// in every clock of the show.
function drawNext(view) {
  const { show, state, now } = view;
  const next = state.next;
  if (!next) {
    setText($("next"), state.phase === "after" ? "" : "Last segment");
    return;
  }
  const at = expectedStartMs(view, next.index);
  const who = next.speakers.length ? ` — ${speakerLine(next.speakers)}` : "";
  const inText = at > now ? ` · in ${clockDigits(countdownSeconds(now, at))}` : "";
  setChildren($("next"), `${next.index}|${at}|${inText}`, () => [
    element("span", "next-label", "NEXT"),
    element("span", "next-title", next.title + who),
    element("span", "next-when", `${yourTime(at)} your time · ${everyClock(at, show)}${inText}`),
  ]);
}

function drawClocks(view) {
  const { show, now } = view;
  setText($("local"), `Your time ${yourTime(now, true)}`);
  setChildren($("clocks"), show.agenda.clocks.map((c) => clockTime(now, c)).join("|"), () =>
    show.agenda.clocks.map((c) => {
      const box = element("span", "clock");
      box.append(element("span", "clock-label", c.label), element("span", "clock-time", clockTime(now, c)));
      return box;
    }),
  );
}

function drawMessage(state) {
  setHidden($("message"), !state.message);
  setText($("message"), state.message || "");
}

function drawShow(view) {
  const { state, now } = view;
  const current = state.current;
  if (current && state.phase === "live") {
    setText($("title"), current.title);
    setText($("speakers"), speakerLine(current.speakers));
    drawTimer(view, current);
  } else if (state.phase === "before") {
    setBody("normal");
    setText($("title"), state.next ? `Before the show: ${state.next.title}` : "Before the show");
    setText($("speakers"), state.next ? speakerLine(state.next.speakers) : "");
    drawLabel("STARTS IN");
    const at = state.next ? expectedStartMs(view, state.next.index) : now;
    setText($("count"), clockDigits(Math.max(countdownSeconds(now, at), 0)));
  } else {
    setBody("normal");
    setText($("title"), "The show is over");
    setText($("speakers"), "Thank you");
    drawLabel("");
    setText($("count"), "");
  }
  drawNext(view);
}

// One speaker: before their slot, when they are on; during it, their
// countdown; after it, thank you.
function drawOne(view) {
  const { show, state, now } = view;
  const theirs = state.segments.filter((s) => s.speakers.some((n) => same(n, wanted)));
  if (theirs.length === 0) {
    setBody("normal");
    setText($("title"), `No speaker is named “${wanted}” in this show`);
    drawLabel("");
    setText($("count"), "");
    setChildren($("speakers"), "unknown", () => [
      element("span", "", "The speakers are: "),
      ...everyone(state).flatMap((name, i) => {
        const link = element("a", "", name);
        link.href = `/speaker?name=${encodeURIComponent(name)}${location.hash}`;
        return i ? [element("span", "", ", "), link] : [link];
      }),
    ]);
    setText($("next"), "");
    return;
  }
  const current = state.current;
  const live = state.phase === "live" && current;
  if (live && theirs.some((s) => s.index === current.index)) {
    setText($("title"), current.title);
    setText($("speakers"), speakerLine(current.speakers));
    drawTimer(view, current);
    drawNext(view);
    return;
  }
  const from = live ? current.index + 1 : state.phase === "before" ? 0 : Infinity;
  const coming = theirs.find((s) => s.index >= from);
  setBody("normal");
  // The name as the agenda writes it.
  setText($("speakers"), everyone(state).find((n) => same(n, wanted)));
  if (!coming) {
    setText($("next"), "");
    setText($("title"), "");
    drawLabel("");
    setText($("count"), "Thank you");
    return;
  }
  const at = expectedStartMs(view, coming.index);
  const clocks = show.agenda.clocks.length ? ` (${everyClock(at, show)})` : "";
  setText($("title"), coming.title);
  drawLabel("YOU ARE ON IN");
  setText($("count"), clockDigits(Math.max(countdownSeconds(now, at), 0)));
  setChildren($("next"), `${coming.index}|${at}`, () => [
    element("span", "next-label", "YOU"),
    element("span", "next-title", `at ${yourTime(at)} your time${clocks}`),
  ]);
}

Live.start((view) => {
  setText($("event"), view.state.event);
  document.title = `${wanted || "Speaker"} · ${view.state.event}`;
  readSignals(view);
  drawMessage(view.state);
  drawClocks(view);
  if (wanted) drawOne(view);
  else drawShow(view);
});
