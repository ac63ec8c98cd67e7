// /speaker: the confidence monitor. /speaker?name=NAME: one speaker's view.
"use strict";

const $ = (id) => document.getElementById(id);
const wanted = (new URLSearchParams(location.search).get("name") || "").trim();
const lang = new URLSearchParams(location.search).get("lang");
const same = (a, b) => a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();

// The zone this page's times are in: the named speaker's own, else the
// device's (undefined).
let zone;

// The agenda's entry for the person named `name` (the first that gives a
// language or a zone, else the first).
function personNamed(show, name) {
  const found = [];
  for (const segment of show.agenda.segments) {
    for (const person of [segment.moderator, ...segment.speakers]) {
      if (person && same(person.name, name)) found.push(person);
    }
  }
  return found.find((p) => p.language || p.timezone) || found[0] || null;
}

function everyone(state) {
  const names = [];
  for (const segment of state.segments) {
    for (const name of peopleOf(segment)) {
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

function setBody(mood, onNow) {
  setClass(document.body, `speaker ${mood}${onNow ? " on-now" : ""}${signals}`);
}

// The big timer: the slot's countdown, or the overrun; `who` names the
// speaker whose own page this is, while they are on.
function drawTimer(view, current, who) {
  const { show, now } = view;
  const ends = ms(current.ends);
  const mood = urgency(current, now, show.agenda.alerts);
  const remaining = countdownSeconds(now, ends);
  setBody(mood, Boolean(who));
  if (mood === "overrun") drawLabel(who ? t("page-overrun-name", { name: who }) : t("page-overrun"));
  else drawLabel(who ? t("page-on-now-name", { name: who }) : "");
  if (mood === "overrun") {
    setText($("count"), "+" + clockDigits(Math.max(-remaining, 0)));
  } else {
    setText($("count"), clockDigits(remaining));
  }
}

// Marks the timer as labelled (STARTS IN, OVERRUN...) so the digits leave room.
function drawLabel(text) {
  setText($("label"), text);
  setClass($("timer"), text ? "timer labelled" : "timer");
}

// The timer's box, as last observed (a ResizeObserver keeps it).
let timerBox = "";

// The digits as large as the timer's box allows, on one line: the box's
// width or its height, whichever runs out first. Measured again only when
// the box, the label or the digits' pattern changes (every digit is as
// wide as any other): a running countdown never changes size, and a
// second's redraw reads no layout.
function fitCount() {
  const count = $("count");
  const label = $("label");
  const key = `${count.textContent.replace(/[0-9]/g, "0")}|${label.textContent}|${timerBox}`;
  if (count.dataset.fit === key) return;
  count.dataset.fit = key;
  const timer = $("timer");
  const labelHeight = label.textContent ? label.getBoundingClientRect().height : 0;
  const width = timer.clientWidth;
  const height = timer.clientHeight - labelHeight;
  if (!count.textContent || width <= 0 || height <= 0) return;
  count.style.fontSize = "100px";
  const box = count.getBoundingClientRect();
  const size = Math.min((width * 0.96 * 100) / box.width, (height * 0.98 * 100) / box.height);
  count.style.fontSize = `${Math.max(8, Math.floor(size))}px`;
}

// The line about the next segment: its start in the viewer's own time and
// in every clock of the show.
function drawNext(view) {
  const { show, state, now } = view;
  const next = state.next;
  if (!next) {
    setText($("next"), state.phase === "after" ? "" : t("page-last-segment"));
    return;
  }
  const at = expectedStartMs(view, next.index);
  const people = speakerLine(next, show);
  const who = people ? ` — ${people}` : "";
  const inText = at > now ? ` · ${t("page-in", { time: clockDigits(countdownSeconds(now, at)) })}` : "";
  const yours = t("page-your-time", { time: yourDayTime(at, now, show, zone) });
  const when = `${yours} · ${everyClock(at, show, now)}${inText}`;
  const title = titleOf(show, next.index);
  setChildren($("next"), `${next.index}|${title}|${when}`, () => [
    element("span", "next-label", t("page-next")),
    element("span", "next-title", title + who),
    element("span", "next-when", when),
  ]);
}

function drawClocks(view) {
  const { show, now } = view;
  setText($("local"), t("page-your-clock", { time: `${weekday(now, zone)} ${yourTime(now, true, show, zone)}` }));
  setChildren($("clocks"), show.agenda.clocks.map((c) => clockDayTime(now, c)).join("|"), () =>
    show.agenda.clocks.map((c) => {
      const box = element("span", "clock");
      box.append(element("span", "clock-label", c.label), element("span", "clock-time", clockDayTime(now, c)));
      return box;
    }),
  );
}

// The stream carries only a message meant for this page; one to the
// moderator would be left out even if it came.
function drawMessage(state) {
  const text = state.message_audience === "moderator" ? "" : messageText(state);
  setHidden($("message"), !text);
  setText($("message"), text);
}

// The people of a segment, this page's speaker marked (“you”).
function drawPeople(view, segment) {
  const line = speakerLine(segment, view.show);
  if (!wanted) {
    setText($("speakers"), line);
    return;
  }
  setChildren($("speakers"), `${segment.index}|${line}|${wanted}`, () => {
    const people = peopleOf(segment);
    return people.flatMap((name, i) => {
      const isModerator = segment.moderator && i === 0;
      const label = isModerator ? `${moderatorLabel(segment, view.show)} ` : "";
      const person = same(name, wanted)
        ? element("mark", "you", t("page-you", { name: label + name }))
        : element("span", "", label + name);
      return i ? [element("span", "", " · "), person] : [person];
    });
  });
}

function drawShow(view) {
  const { state, now } = view;
  const current = state.current;
  if (current && state.phase === "live") {
    setText($("title"), titleOf(view.show, current.index));
    drawPeople(view, current);
    drawTimer(view, current, null);
  } else if (state.phase === "before") {
    setBody("normal", false);
    setText(
      $("title"),
      state.next ? t("page-before-show-next", { title: titleOf(view.show, state.next.index) }) : t("page-before-show"),
    );
    if (state.next) drawPeople(view, state.next);
    else setText($("speakers"), "");
    drawLabel(t("page-starts-in"));
    const at = state.next ? expectedStartMs(view, state.next.index) : now;
    setText($("count"), clockDigits(Math.max(countdownSeconds(now, at), 0)));
  } else {
    setBody("normal", false);
    setText($("title"), t("page-show-over"));
    setText($("speakers"), t("page-thank-you"));
    drawLabel("");
    setText($("count"), "");
  }
  drawNext(view);
}

// One speaker: before their slot, when they are on; during it, ON NOW with
// their name and their countdown; after it, thank you.
function drawOne(view) {
  const { show, state, now } = view;
  const theirs = state.segments.filter((s) => peopleOf(s).some((n) => same(n, wanted)));
  // The name as the agenda writes it.
  const name = everyone(state).find((n) => same(n, wanted));
  if (theirs.length === 0) {
    setBody("normal", false);
    setText($("title"), t("page-no-speaker", { name: wanted }));
    drawLabel("");
    setText($("count"), "");
    setChildren($("speakers"), "unknown", () => [
      element("span", "", `${t("page-speakers-are")} `),
      ...everyone(state).flatMap((person, i) => {
        const link = element("a", "", person);
        link.href = `/speaker?name=${encodeURIComponent(person)}${lang ? `&lang=${encodeURIComponent(lang)}` : ""}${location.hash}`;
        return i ? [element("span", "", t("page-list-comma")), link] : [link];
      }),
    ]);
    setText($("next"), "");
    return;
  }
  const current = state.current;
  const live = state.phase === "live" && current;
  if (live && theirs.some((s) => s.index === current.index)) {
    setText($("title"), titleOf(show, current.index));
    drawPeople(view, current);
    drawTimer(view, current, name);
    drawNext(view);
    return;
  }
  const from = live ? current.index + 1 : state.phase === "before" ? 0 : Infinity;
  const coming = theirs.find((s) => s.index >= from);
  setBody("normal", false);
  setText($("speakers"), name);
  if (!coming) {
    setText($("next"), "");
    setText($("title"), "");
    drawLabel("");
    setText($("count"), t("page-thank-you"));
    return;
  }
  const at = expectedStartMs(view, coming.index);
  setText($("title"), titleOf(show, coming.index));
  drawLabel(t("page-you-are-on-in"));
  setText($("count"), clockDigits(Math.max(countdownSeconds(now, at), 0)));
  // Their slot on their own clock, with its day, as their language writes it.
  const time = `${dayOf(at, zone)} ${yourTime(at, false, show, zone)}`;
  const when = show.agenda.clocks.length
    ? t("page-at-your-time-clocks", { time, clocks: everyClock(at, show, now) })
    : t("page-at-your-time", { time });
  setChildren($("next"), `${coming.index}|${when}`, () => [
    element("span", "next-label", t("page-you-label")),
    element("span", "next-title", when),
  ]);
}

Live.start(
  (view) => {
    const person = wanted ? personNamed(view.show, wanted) : null;
    if (person) {
      Words.follow(person.language);
      zone = person.timezone || undefined;
    }
    setLabel($("clocks"), t("page-show-clocks"));
    const event = Words.pick(view.show.agenda.title);
    setText($("event"), event);
    document.title = `${(person && person.name) || wanted || t("page-speaker")} · ${event}`;
    readSignals(view);
    drawMessage(view.state);
    drawClocks(view);
    if (wanted) drawOne(view);
    else drawShow(view);
    fitCount();
  },
  "speaker",
  wanted,
);

// A new size (a phone turned, a window resized): the digits fit again.
new ResizeObserver((entries) => {
  const { width, height } = entries[entries.length - 1].contentRect;
  timerBox = `${width}x${height}`;
  fitCount();
}).observe($("timer"));
