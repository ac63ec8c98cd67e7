// showclock's browser screens: the link to the server, shared by every page.
//
// The server pushes the show (GET /v1/live): a `show` event (agenda, role),
// a `state` event at every change and planned boundary, a `tick` each
// second. The page decides nothing: it counts to the instants in the latest
// state on the server's clock (offset measured from the ticks), redraws once
// per shown second, and says DISCONNECTED within 3 s of losing the stream.
"use strict";

// Reads an event stream until it ends or drops, giving each event's block
// of lines to `handle`; a stream `stalled()` (checked every `everyMs`) is cut.
async function readEvents(response, abort, stalled, everyMs, handle) {
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const watchdog = setInterval(() => {
    if (stalled()) abort.abort();
  }, everyMs);
  let buffer = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let cut;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        handle(buffer.slice(0, cut));
        buffer = buffer.slice(cut + 2);
      }
    }
  } catch (_) {
    // The link dropped: the caller reconnects.
  }
  clearInterval(watchdog);
}

// The page's words, in its language. The server serves a page in the
// language of ?lang=, else of the browser's Accept-Language, else English
// (<html lang>), with every language's page messages in a JSON block
// (#words). A named speaker's page may turn to the speaker's own language
// from the agenda (Words.follow), unless ?lang= chose one.
const Words = (() => {
  const block = document.getElementById("words");
  const all = block ? JSON.parse(block.textContent) : {};
  const root = document.documentElement;
  let tag = root.lang in all ? root.lang : "en";
  const chosen = root.dataset.langBy === "query";
  const formats = new Map();

  // The message `key` with its {name} placeables filled from `args`.
  function text(key, args) {
    const words = all[tag] || {};
    const pattern = key in words ? words[key] : (all.en || {})[key];
    if (pattern === undefined) return key;
    return pattern.replace(/\{(\w+)\}/g, (whole, name) => (args && name in args ? String(args[name]) : whole));
  }

  // The shipped language closest to a BCP 47 tag, as the server chooses:
  // the same tag, else the same language in the same script (zh-CN and zh
  // are zh-Hans; zh-TW, in Traditional characters, is none); null if none.
  function closest(wanted) {
    let want;
    try {
      want = new Intl.Locale(wanted).maximize();
    } catch (_) {
      return null;
    }
    const shipped = Object.keys(all).map((t) => [t, new Intl.Locale(t).maximize()]);
    const found =
      shipped.find(([t]) => t.toLowerCase() === wanted.toLowerCase()) ||
      shipped.find(([, have]) => have.language === want.language && have.script === want.script);
    return found ? found[0] : null;
  }

  // Turns the page to `wanted`'s language (a speaker's, from the agenda):
  // the fixed words of the page too. ?lang= keeps the page's own.
  let followed = null;
  function follow(wanted) {
    if (wanted === followed) return;
    followed = wanted;
    const next = wanted && !chosen ? closest(wanted) : null;
    if (!next || next === tag) return;
    tag = next;
    root.lang = tag;
    for (const node of document.querySelectorAll("[data-t]")) node.textContent = text(node.dataset.t);
  }

  // The version of an agenda text for this page: a plain string, or
  // {"en": ..., "zh-Hans": ...}: this language's, else the same primary
  // language's, else the first given (as the terminal picks).
  function pick(given) {
    if (given === null || given === undefined || typeof given === "string") return given || "";
    const language = new Intl.Locale(tag).language;
    let best = null;
    let score = -1;
    for (const [t, version] of Object.entries(given)) {
      let s = 0;
      try {
        const locale = new Intl.Locale(t);
        s = t.toLowerCase() === tag.toLowerCase() ? 2 : locale.language === language ? 1 : 0;
      } catch (_) {
        s = 0;
      }
      if (s > score) [best, score] = [version, s];
    }
    return best || "";
  }

  // The parts of an instant in a zone, as this language's browser names
  // them (weekday, month, day, hour, minute, second, dayPeriod).
  function parts(atMs, timeZone, options) {
    const id = `${tag}|${timeZone}|${JSON.stringify(options)}`;
    let format = formats.get(id);
    if (!format) {
      format = new Intl.DateTimeFormat(tag, { ...options, timeZone });
      formats.set(id, format);
    }
    const out = {};
    for (const part of format.formatToParts(new Date(atMs))) out[part.type] = part.value;
    return out;
  }

  // Whether this language writes times on a 12-hour clock by default.
  const twelveHours = () => parts(0, "UTC", { hour: "numeric" }).dayPeriod !== undefined;

  // A canned message in this language: the journal and the state keep
  // them in English, whatever the producer's language; null for any other
  // text, which is shown as it was written.
  function canned(sent) {
    const english = all.en || {};
    const key = Object.keys(english).find((k) => k.startsWith("canned-") && english[k] === sent);
    return key ? text(key) : null;
  }

  return { text, follow, pick, parts, twelveHours, canned, tag: () => tag };
})();

// `t("page-…", {name: value})`: a message of the page's language.
const t = (key, args) => Words.text(key, args);

const Live = (() => {
  const fragment = new URLSearchParams(location.hash.slice(1));
  const token = fragment.get("token");
  // Silence longer than this means the link is lost (ticks come every second).
  const SILENCE_MS = 2500;
  // A stream silent this long is cut and opened again.
  const STALL_MS = 6000;

  let show = null;
  let state = null;
  let clock = null;
  let offsets = [];
  let heardAt = 0;
  let linked = false;
  let failures = 0;
  let timer = 0;
  let render = () => {};
  let banner = null;

  const localMs = () => performance.timeOrigin + performance.now();

  // The smallest (device - server) difference of the last few samples:
  // the one least delayed by the network.
  function measure(serverRealMs) {
    offsets.push(localMs() - serverRealMs);
    if (offsets.length > 10) offsets.shift();
  }
  const serverRealMs = () => localMs() - (offsets.length ? Math.min(...offsets) : 0);

  // The show's time now, in ms: the server's clock, or a rehearsal's.
  function showNowMs() {
    if (!clock) return Date.now();
    return clock.show_start_ms + (serverRealMs() - clock.real_start_ms) * clock.speed;
  }

  function handle(block) {
    let name = "message";
    let data = "";
    for (const line of block.split("\n")) {
      if (line.startsWith("event: ")) name = line.slice(7);
      else if (line.startsWith("data: ")) data += line.slice(6);
    }
    heardAt = localMs();
    const value = JSON.parse(data);
    if (name === "show") {
      show = value;
      failures = 0;
      offsets = [];
      setLinked(true);
    } else if (name === "state") {
      state = value.state;
      // (The offset comes from ticks only: a state may be minutes old.)
      clock = value.clock;
    } else if (name === "tick") {
      const first = offsets.length === 0;
      measure(value.real_now_ms);
      // The first tick of a stream comes with its state: draw on its clock.
      if (!first) return checkLink();
    }
    draw();
  }

  // Which page this is (?page=…&name=…): the server leaves out of its
  // stream any message not meant for it.
  let query = "";

  async function connect() {
    const headers = { Accept: "text/event-stream" };
    if (token) headers.Authorization = "Bearer " + token;
    const abort = new AbortController();
    let response;
    try {
      response = await fetch("/v1/live" + query, { headers, cache: "no-store", signal: abort.signal });
    } catch (_) {
      return again();
    }
    if (response.status === 401 || response.status === 403) {
      const body = await response.json().catch(() => ({}));
      return refused(body.error || "this link's token is not accepted");
    }
    if (!response.ok) return again();
    await readEvents(response, abort, () => localMs() - heardAt > STALL_MS, STALL_MS, handle);
    again();
  }

  function again() {
    setLinked(false);
    failures += 1;
    const wait = Math.min(500 * 2 ** (failures - 1), 8000);
    setTimeout(connect, wait);
  }

  function refused(reason) {
    clearTimeout(timer);
    document.body.className = "refused";
    document.body.textContent = "";
    const box = element("main", "refused-box");
    box.setAttribute("role", "alert");
    box.append(
      element("h1", "", t("page-refused")),
      element("p", "", reason),
      element("p", "", t("page-refused-help")),
    );
    document.body.append(box);
  }

  function setLinked(now) {
    linked = now;
    checkLink();
  }

  // The DISCONNECTED banner, saying how long ago the last update came.
  function checkLink() {
    if (!banner) return;
    const silent = localMs() - heardAt;
    const lost = heardAt > 0 && (!linked || silent > SILENCE_MS);
    setHidden(banner, !lost);
    if (lost) {
      const ago = Math.floor(silent / 1000);
      setText(banner, t("page-disconnected", { seconds: ago }));
    }
  }

  function draw() {
    checkLink();
    if (show && state) render(view());
    schedule();
  }

  // One redraw per shown second, just after the server's second boundary.
  function schedule() {
    clearTimeout(timer);
    const speed = clock ? clock.speed : 1;
    const intoSecond = ((showNowMs() % 1000) + 1000) % 1000;
    timer = setTimeout(draw, (1000 - intoSecond) / speed + 3);
  }

  function view() {
    return { show, state, now: showNowMs(), control: show.role === "controller" };
  }

  // A key of its own for each action (crypto.randomUUID needs HTTPS; a
  // LAN page is plain HTTP): 128 random bits in hex.
  function idempotencyKey() {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  // Sends a control action with the link's token; resolves to an error text
  // or null. An action whose answer never came is sent again under the same
  // Idempotency-Key: the server does it once.
  async function act(action, body) {
    const headers = {
      "Content-Type": "application/json",
      "Idempotency-Key": idempotencyKey(),
    };
    if (token) headers.Authorization = "Bearer " + token;
    for (const pause of [250, 1000, null]) {
      try {
        const response = await fetch("/v1/control/" + action, {
          method: "POST",
          headers,
          body: JSON.stringify(body || {}),
        });
        if (response.ok) return null;
        const reply = await response.json().catch(() => ({}));
        return reply.error || t("page-server-answered", { status: response.status });
      } catch (_) {
        if (pause === null) return t("page-server-unreachable");
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
    }
  }

  // A link with another token is another page.
  addEventListener("hashchange", () => location.reload());

  return {
    token,
    // `page`: "speaker" (with `name`, one speaker's), "producer" or "overlay".
    start(onRender, page, name) {
      render = onRender;
      const wanted = new URLSearchParams({ page });
      if (name) wanted.set("name", name);
      query = "?" + wanted.toString();
      banner = document.getElementById("banner");
      connect();
    },
    act,
    redraw: draw,
  };
})();

// Helpers for the pages.

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// Changes the DOM only when the text changes (an idle page stays cheap).
function setText(node, text) {
  if (node.textContent === text) return;
  node.textContent = text;
  if ("key" in node.dataset) delete node.dataset.key;
}

// The name a screen reader gives a part of the page.
function setLabel(node, text) {
  if (node.getAttribute("aria-label") !== text) node.setAttribute("aria-label", text);
}

function setClass(node, className) {
  if (node.className !== className) node.className = className;
}

function setHidden(node, hidden) {
  if (node.hidden !== hidden) node.hidden = hidden;
}

// Replaces a node's children only when their content changes.
function setChildren(node, key, build) {
  if (node.dataset.key === key) return;
  node.dataset.key = key;
  node.replaceChildren(...build());
}

const ms = (text) => Date.parse(text);

// Whole seconds from now to until: up while ahead, toward zero once past
// (as the terminal counts: 00:01 during the last second).
function countdownSeconds(nowMs, untilMs) {
  const left = Math.trunc(untilMs - nowMs);
  return left > 0 ? Math.ceil(left / 1000) : -Math.floor(-left / 1000);
}

// 04:10, or 1:02:03 from an hour on.
function clockDigits(seconds) {
  const total = Math.abs(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor(total / 60) % 60;
  const s = total % 60;
  const two = (n) => String(n).padStart(2, "0");
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`;
}

// A time of day in a zone, in the page's language: `09:40`, `6:40 PM`,
// `下午6:40`; a 12-hour clock when `twelve`.
function timeIn(atMs, timeZone, twelve, withSeconds) {
  const options = twelve
    ? { hour: "numeric", minute: "2-digit", hour12: true }
    : { hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
  if (withSeconds) options.second = "2-digit";
  const p = Words.parts(atMs, timeZone, options);
  if (twelve) return withSeconds ? t("page-time-12h-seconds", p) : t("page-time-12h", p);
  return withSeconds ? t("page-time-24h-seconds", p) : t("page-time-24h", p);
}

// A time of day on one of the show's clocks, as the terminal writes it.
function clockTime(atMs, clock) {
  return timeIn(atMs, clock.timezone, clock.hour_format === "12h", false);
}

// The weekday in a zone ("Tue", "周二"); the viewer's own without one.
function weekday(atMs, timeZone) {
  return t("page-date-weekday", Words.parts(atMs, timeZone, { weekday: "short" }));
}

// The day in a zone: `Wed 1 Jun`, `6月1日 周三`.
function dayOf(atMs, timeZone) {
  return t("page-date-day", Words.parts(atMs, timeZone, { weekday: "short", day: "numeric", month: "short" }));
}

// The date in a zone, to tell days apart (never shown).
function dayIn(atMs, timezone) {
  return new Date(atMs).toLocaleDateString("en-US", { timeZone: timezone });
}

// "Tue 6:40 PM": a clock's time with its weekday (the show's clocks are
// often on two days).
function clockDayTime(atMs, clock) {
  return `${weekday(atMs, clock.timezone)} ${clockTime(atMs, clock)}`;
}

// Whether times in `timeZone` are written on a 12-hour clock: as the
// show's clock in that zone is, else as the page's language writes them.
function twelveIn(show, timeZone) {
  const zone = timeZone || Intl.DateTimeFormat().resolvedOptions().timeZone;
  const clock = show && show.agenda.clocks.find((c) => c.timezone === zone);
  return clock ? clock.hour_format === "12h" : Words.twelveHours();
}

// A time of day in the viewer's own zone (`timeZone`, else the device's).
function yourTime(atMs, withSeconds, show, timeZone) {
  return timeIn(atMs, timeZone, twelveIn(show, timeZone), withSeconds);
}

// The viewer's time with the weekday where it is not their today.
function yourDayTime(atMs, nowMs, show, timeZone) {
  const day = dayIn(atMs, timeZone) === dayIn(nowMs, timeZone) ? "" : ` ${weekday(atMs, timeZone)}`;
  return `${yourTime(atMs, false, show, timeZone)}${day}`;
}

// "09:40 Beijing · 6:40 PM Pacific (Tue)": as the terminal, the weekday
// where the instant is not that clock's today.
function everyClock(atMs, show, nowMs) {
  return show.agenda.clocks
    .map((c) => {
      const other = nowMs !== undefined && dayIn(atMs, c.timezone) !== dayIn(nowMs, c.timezone);
      const words = { time: clockTime(atMs, c), clock: Words.pick(c.label) };
      if (!other) return t("page-clock-time", words);
      return t("page-clock-time-on-day", { ...words, weekday: weekday(atMs, c.timezone) });
    })
    .join(" · ");
}

// How urgent the slot is, by the agenda's thresholds (as the terminal).
function urgency(current, now, alerts) {
  if (!current) return "normal";
  if (now > ms(current.ends)) return "overrun";
  const remaining = countdownSeconds(now, ms(current.ends));
  if (remaining <= alerts.final_seconds) return "final";
  if (remaining <= alerts.warning_seconds) return "warning";
  return "normal";
}

// When segment `index` is expected to start: the next one as the server
// said; later ones shifted as much as the current slot is (during an
// overrun that shift grows with the clock, as the engine's projection does).
function expectedStartMs(view, index) {
  const { state, now } = view;
  const segment = state.segments[index];
  if (state.next && state.next.index === index && !(state.current && state.current.overrun)) {
    return ms(state.next.expected_start);
  }
  if (!state.current || state.phase !== "live") return ms(segment.planned_start);
  const current = state.current;
  const projectedEnd = Math.max(ms(current.ends), now);
  return ms(segment.planned_start) + (projectedEnd - ms(current.planned_end));
}

// The people of a segment, as one line: the moderator first, introduced
// as the agenda does, then the speakers.
function speakerLine(segment, show) {
  const people = [...segment.speakers];
  if (segment.moderator) people.unshift(`${moderatorLabel(segment, show)} ${segment.moderator}`);
  return people.join(" · ");
}

// How the agenda introduces a segment's moderator, in the page's language.
function moderatorLabel(segment, show) {
  const person = show && show.agenda.segments[segment.index].moderator;
  return (person && Words.pick(person.role_label)) || t("page-moderated-by");
}

// A segment's title as the page shows it: the agenda's version in the
// page's language (the state carries the first one given).
function titleOf(show, index) {
  return Words.pick(show.agenda.segments[index].title);
}

// The producer's message as the page shows it: a canned one in the page's
// language, else as it was sent.
function messageText(state) {
  return Words.canned(state.message) || state.message || "";
}

// Everyone on stage in a segment: the moderator, then the speakers.
const peopleOf = (segment) => (segment.moderator ? [segment.moderator, ...segment.speakers] : segment.speakers);

// Who a message is for, in words (as the terminal says it).
function audienceWords(audience) {
  if (!audience || audience === "moderator") return t("page-to-moderator");
  if (audience === "speakers") return t("page-to-speakers");
  if (audience === "everyone") return t("page-to-everyone");
  return t("page-to-speaker", { name: audience.replace(/^speaker:/, "") });
}
