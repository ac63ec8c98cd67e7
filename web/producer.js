// /producer: the rundown in every clock and, with the control token, the
// same actions as the terminal's producer view.
"use strict";

const $ = (id) => document.getElementById(id);
let controlsBuilt = false;

async function act(action, body) {
  setText($("feedback"), "");
  const error = await Live.act(action, body);
  if (error) setText($("feedback"), error);
}

function buildControls(show) {
  if (controlsBuilt) return;
  controlsBuilt = true;
  for (const button of document.querySelectorAll("button[data-action]")) {
    button.addEventListener("click", () => {
      const seconds = button.dataset.seconds;
      act(button.dataset.action, seconds ? { seconds: Number(seconds) } : {});
    });
  }
  // Ending asks first, as the terminal does.
  const endButton = $("end");
  endButton.addEventListener("click", () => {
    const box = $("end-box");
    const yes = element("button", "danger", t("page-end-show-yes"));
    const no = element("button", "", t("page-cancel"));
    yes.addEventListener("click", () => {
      act("end");
      box.replaceChildren(endButton);
    });
    no.addEventListener("click", () => box.replaceChildren(endButton));
    box.replaceChildren(element("span", "", t("page-end-show-ask")), yes, no);
  });
  // Who a message is for: the moderator unless chosen otherwise; every
  // label says who will see it.
  const audience = $("audience");
  const people = [];
  for (const segment of show.agenda.segments) {
    for (const person of [segment.moderator, ...segment.speakers].filter(Boolean)) {
      if (!people.some((n) => n.toLowerCase() === person.name.toLowerCase())) people.push(person.name);
    }
  }
  audience.replaceChildren(
    new Option(t("page-option-moderator"), "moderator"),
    new Option(t("page-option-speakers"), "speakers"),
    new Option(t("page-option-everyone"), "everyone"),
    ...people.map((name) => new Option(t("page-option-speaker", { name }), `speaker:${name}`)),
  );
  audience.setAttribute("aria-label", t("page-who-sees"));
  const label = () => {
    const words = t("page-message-to", { audience: audienceWords(audience.value) });
    $("message-text").placeholder = words;
    $("message-text").setAttribute("aria-label", words);
    setText($("send"), t("page-send-to", { audience: audienceWords(audience.value) }));
  };
  audience.addEventListener("change", label);
  label();
  $("message-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const text = $("message-text").value.trim();
    if (text) act("message", { text, audience: audience.value }).then(() => { $("message-text").value = ""; });
  });
  // "Wrap up", "Your mic is muted": for whoever is on stage, so everyone.
  // Sent as the server gives them (in English, as the journal keeps
  // them); the button says it in this page's language.
  $("canned").replaceChildren(
    element("span", "", t("page-canned-label")),
    ...show.canned.map((text) => {
      const button = element("button", "", Words.canned(text) || text);
      button.addEventListener("click", () => act("message", { text, audience: "everyone" }));
      return button;
    }),
  );
}

// "09:40 · 6:40 PM" (every clock, as the header says).
const inClocks = (atMs, show) => show.agenda.clocks.map((c) => clockTime(atMs, c)).join(" · ");

function signed(seconds) {
  return (seconds > 0 ? "+" : seconds < 0 ? "−" : "±") + clockDigits(Math.abs(seconds));
}

function rows(view) {
  const { show, state } = view;
  const current = state.phase === "live" && state.current ? state.current.index : -1;
  return state.segments.map((segment) => {
    const agendaSegment = show.agenda.segments[segment.index];
    const row = element("tr");
    if (segment.index === current) row.className = "current";
    else if (state.next && segment.index === state.next.index) row.className = "next-row";
    else if (segment.actual_end) row.className = "done";
    const what = element("td");
    const title = titleOf(show, segment.index);
    what.append(element("div", "", title));
    const people = speakerLine(segment, show);
    if (people) what.append(element("div", "notes", people));
    if (agendaSegment.notes) what.append(element("div", "notes", Words.pick(agendaSegment.notes)));
    for (const cue of agendaSegment.cues || []) what.append(element("div", "cue", `▸ ${Words.pick(cue)}`));
    const planned = `${inClocks(ms(segment.planned_start), show)} – ${inClocks(ms(segment.planned_end), show)}`;
    const expected =
      segment.index > current && !segment.actual_start && state.phase !== "after"
        ? inClocks(expectedStartMs(view, segment.index), show)
        : "";
    const actual = segment.actual_start
      ? `${inClocks(ms(segment.actual_start), show)} – ${segment.actual_end ? inClocks(ms(segment.actual_end), show) : t("page-until-now")}`
      : "";
    const overUnder = element("td", "times");
    if (segment.over_under_seconds !== null && segment.over_under_seconds !== undefined) {
      overUnder.textContent = signed(segment.over_under_seconds);
      overUnder.className = `times ${segment.over_under_seconds > 0 ? "late" : "early"}`;
    }
    const go = element("td");
    if (view.control) {
      const button = element("button", "", t("page-go"));
      button.setAttribute("aria-label", t("page-go-to", { number: segment.index + 1, title }));
      button.addEventListener("click", () => act("goto", { index: segment.index }));
      go.append(button);
    }
    row.append(
      element("td", "", String(segment.index + 1)),
      what,
      element("td", "times", planned),
      element("td", "times wide", expected),
      element("td", "times wide", actual),
      overUnder,
      go,
    );
    return row;
  });
}

Live.start((view) => {
  const { show, state, now } = view;
  const event = Words.pick(show.agenda.title);
  setText($("event"), event);
  document.title = `${t("page-producer")} · ${event}`;
  setText($("clocks"), show.agenda.clocks.map((c) => `${c.label} ${clockDayTime(now, c)}`).join(" · "));
  // Without the control token the controls are not there at all.
  if (view.control) {
    buildControls(show);
    setLabel($("controls"), t("page-controls"));
    setLabel($("messages"), t("page-messages"));
    setHidden($("controls"), false);
    setHidden($("messages"), false);
  } else {
    for (const id of ["controls", "messages"]) if ($(id)) $(id).remove();
  }

  const current = state.phase === "live" ? state.current : null;
  const mood = urgency(current, now, show.agenda.alerts);
  setClass(document.body, `producer ${mood}`);
  const phases = { before: t("page-phase-before"), live: t("page-phase-live"), after: t("page-phase-over") };
  const phase = phases[state.phase] || state.phase;
  setText(
    $("phase"),
    current ? t("page-phase-of", { phase, number: current.index + 1, total: state.segments.length }) : phase,
  );
  setText($("title"), current ? titleOf(show, current.index) : "");
  setText($("speakers"), current ? speakerLine(current, show) : "");
  if (current) {
    const remaining = countdownSeconds(now, ms(current.ends));
    const over = `+${clockDigits(Math.max(-remaining, 0))}`;
    setText($("count"), mood === "overrun" ? t("page-overrun-by", { time: over }) : clockDigits(remaining));
  } else {
    setText($("count"), "");
  }
  if (state.next) {
    const at = expectedStartMs(view, state.next.index);
    setText($("next"), t("page-next-at", { title: titleOf(show, state.next.index), when: everyClock(at, show, now) }));
  } else {
    setText($("next"), "");
  }
  const drift = state.drift_seconds;
  const time = clockDigits(Math.abs(drift));
  const driftWords = drift === 0 ? t("page-on-time") : drift > 0 ? t("page-behind", { time }) : t("page-ahead", { time });
  setText($("drift"), t("page-drift-ends", { drift: driftWords, when: everyClock(ms(state.projected_end), show, now) }));
  setHidden($("message"), !state.message);
  const audience = audienceWords(state.message_audience);
  setText($("message"), state.message ? t("page-message-shown", { audience, text: messageText(state) }) : "");
  const cues = current ? (show.agenda.segments[current.index].cues || []).map(Words.pick) : [];
  setText($("cues"), cues.length ? t("page-cues", { cues: cues.join(" · ") }) : "");

  setChildren($("head"), show.agenda.clocks.map((c) => c.label).join("|"), () => {
    const zones = show.agenda.clocks.map((c) => c.label).join(" · ");
    const planned = t("page-column-planned", { clocks: zones });
    const columns = ["#", t("page-column-segment"), planned, t("page-column-expected"), t("page-column-actual"), "±", ""];
    return columns.map((h, i) =>
      element("th", i === 3 || i === 4 ? "wide" : "", h),
    );
  });
  // The rundown is rebuilt when what it shows changes, not every second.
  const key = JSON.stringify([state.journal_entries, state.phase, current && current.index, view.control,
    state.segments.map((s) => [s.actual_start, s.actual_end]),
    state.next && everyClock(expectedStartMs(view, state.next.index), show)]);
  setChildren($("rows"), key, () => rows(view));
}, "producer");
