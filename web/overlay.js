// /overlay: for a streaming program's browser source. Transparent; query
// parameters choose the parts: ?parts=countdown,next,message (the default
// is countdown,next; a message shows only if it is to everyone); ?banner=0
// hides the DISCONNECTED banner on air.
"use strict";

const query = new URLSearchParams(location.search);
const parts = new Set((query.get("parts") || "countdown,next").split(",").map((p) => p.trim()));
const $ = (id) => document.getElementById(id);
if (query.get("banner") === "0") $("banner").remove();

Live.start((view) => {
  const { show, state, now } = view;
  const current = state.phase === "live" ? state.current : null;
  const mood = urgency(current, now, show.agenda.alerts);
  setClass(document.body, `overlay ${mood}`);

  const count = $("count");
  setHidden(count, !parts.has("countdown") || !current);
  if (current) {
    const remaining = countdownSeconds(now, ms(current.ends));
    setText(count, mood === "overrun" ? `+${clockDigits(Math.max(-remaining, 0))}` : clockDigits(remaining));
  }

  const message = $("message");
  setHidden(message, !parts.has("message") || !state.message);
  setText(message, messageText(state));

  const third = $("third");
  const next = state.next;
  setHidden(third, !parts.has("next") || !next);
  if (next) {
    const at = expectedStartMs(view, next.index);
    const people = speakerLine(next, show);
    const who = people ? ` · ${people}` : "";
    const when = everyClock(at, show, now);
    const title = titleOf(show, next.index);
    setChildren(third, `${next.index}|${title}|${when}`, () => [
      element("span", "next-label", t("page-next")),
      element("span", "next-title", title + who),
      element("span", "ov-when", when),
    ]);
  }
}, "overlay");
