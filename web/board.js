// /board: every room of the board this server was given, at once, for a
// browser or a wall screen. The server pushes the whole board
// (GET /v1/board/live: a `board` event at once, within milliseconds of a
// change in any room, and just after each second); the page decides
// nothing: it counts each room's digits to the instant the board gives
// (`counts_to`), on the server's clock (offset measured from the
// documents' `now`), redraws once per second, and says DISCONNECTED within
// 3 s of losing the stream. ?order=room sorts by room (the default: what
// needs attention first, as the server sorts). The token comes in the
// fragment (#token=…), as on the other pages.
"use strict";

(() => {
  const query = new URLSearchParams(location.search);
  const order = query.get("order") === "room" ? "room" : "attention";
  const $ = (id) => document.getElementById(id);
  // Silence longer than this means the link is lost (a document comes every second).
  const SILENCE_MS = 2500;
  // A stream silent this long is cut and opened again.
  const STALL_MS = 6000;

  let board = null;
  let offsets = [];
  let heardAt = 0;
  let linked = false;
  let failures = 0;
  let timer = 0;
  let stopped = false;
  const tiles = new Map();

  const localMs = () => performance.timeOrigin + performance.now();
  // The smallest (device - server) difference of the last few documents:
  // the one least delayed.
  const serverNowMs = () => localMs() - (offsets.length ? Math.min(...offsets) : 0);

  // The link that flips the order keeps the language and the token.
  (() => {
    const link = $("order");
    const other = new URLSearchParams(query);
    if (order === "room") other.delete("order");
    else other.set("order", "room");
    const rest = other.toString();
    link.href = `${location.pathname}${rest ? "?" + rest : ""}${location.hash}`;
    link.dataset.t = order === "room" ? "page-board-sort-by-attention" : "page-board-sort-by-room";
    link.textContent = t(link.dataset.t);
  })();

  async function connect() {
    const headers = { Accept: "text/event-stream" };
    if (Live.token) headers.Authorization = "Bearer " + Live.token;
    const abort = new AbortController();
    let response;
    try {
      response = await fetch(`/v1/board/live?order=${order}`, { headers, cache: "no-store", signal: abort.signal });
    } catch (_) {
      return again();
    }
    if (response.status === 401 || response.status === 403) {
      const body = await response.json().catch(() => ({}));
      return refused(t("page-refused"), body.error || "", t("page-refused-help"));
    }
    if (response.status === 404) {
      const body = await response.json().catch(() => ({}));
      return refused(t("page-board-none"), body.error || "", "");
    }
    if (!response.ok) return again();
    await readEvents(response, abort, () => localMs() - heardAt > STALL_MS, STALL_MS, handle);
    again();
  }

  function handle(block) {
    let name = "message";
    let data = "";
    for (const line of block.split("\n")) {
      if (line.startsWith("event: ")) name = line.slice(7);
      else if (line.startsWith("data: ")) data += line.slice(6);
    }
    if (name !== "board") return;
    heardAt = localMs();
    board = JSON.parse(data);
    if (!linked) {
      offsets = [];
      failures = 0;
    }
    offsets.push(localMs() - ms(board.now));
    if (offsets.length > 10) offsets.shift();
    linked = true;
    draw();
  }

  function again() {
    linked = false;
    failures += 1;
    checkLink();
    if (stopped) return;
    setTimeout(connect, Math.min(500 * 2 ** (failures - 1), 8000));
  }

  function refused(heading, reason, help) {
    stopped = true;
    clearTimeout(timer);
    document.body.className = "refused";
    document.body.textContent = "";
    const box = element("main", "refused-box");
    box.setAttribute("role", "alert");
    box.append(element("h1", "", heading));
    if (reason) box.append(element("p", "", reason));
    if (help) box.append(element("p", "", help));
    document.body.append(box);
  }

  // The DISCONNECTED banner: this page's own link to the server.
  function checkLink() {
    const banner = $("banner");
    if (!banner) return;
    const silent = localMs() - heardAt;
    const lost = heardAt > 0 && (!linked || silent > SILENCE_MS);
    setHidden(banner, !lost);
    document.body.classList.toggle("stale", lost);
    if (lost) setText(banner, t("page-disconnected", { seconds: Math.floor(silent / 1000) }));
  }

  function draw() {
    checkLink();
    if (board) render(serverNowMs());
    schedule();
  }

  // One redraw per second, just after the server's second boundary.
  function schedule() {
    clearTimeout(timer);
    if (stopped) return;
    const into = ((serverNowMs() % 1000) + 1000) % 1000;
    timer = setTimeout(draw, 1000 - into + 3);
  }

  // How long ago, in the page's words: `12 s`, `4 min`, `1 h 05 min`.
  function age(seconds) {
    const s = Math.max(0, Math.floor(seconds));
    if (s < 60) return t("page-board-age-seconds", { seconds: s });
    if (s < 3600) return t("page-board-age-minutes", { minutes: Math.floor(s / 60) });
    return t("page-board-age-hours", { hours: Math.floor(s / 3600), minutes: String(Math.floor(s / 60) % 60).padStart(2, "0") });
  }

  // An instant on every clock of the board, with the weekday where it is
  // not that clock's today: `10:30 Beijing · 7:30 PM Pacific (Tue)`.
  function onEveryClock(atMs, nowMs) {
    const clocks = board.clocks;
    if (!clocks.length) return yourDayTime(atMs, nowMs, null);
    return clocks
      .map((c) => {
        const words = { time: clockTime(atMs, c), clock: Words.pick(c.label) };
        if (dayIn(atMs, c.timezone) === dayIn(nowMs, c.timezone)) return t("page-clock-time", words);
        return t("page-clock-time-on-day", { ...words, weekday: weekday(atMs, c.timezone) });
      })
      .join(" · ");
  }

  function renderClocks(nowMs) {
    const box = $("clocks");
    const clocks = board.clocks;
    const key = clocks.map((c) => `${c.timezone}|${Words.pick(c.label)}`).join("/");
    setChildren(box, key, () =>
      clocks.map(() => {
        const clock = element("span", "board-clock");
        clock.append(element("span", "clock-label"), element("span", "clock-time"));
        return clock;
      }),
    );
    clocks.forEach((c, i) => {
      const [label, time] = box.children[i].children;
      setText(label, Words.pick(c.label));
      setText(time, t("page-board-clock", { weekday: weekday(nowMs, c.timezone), time: clockTime(nowMs, c) }));
    });
  }

  // A source that does not answer and has no room on the board (a room's
  // own tile says when its link is lost): one line each, the reason in full
  // on hover. With no room at all, where they will come from.
  function renderNotice() {
    const notice = $("notice");
    const silent = board.sources.filter(
      (s) => !s.connected && !board.rooms.some((r) => r.address.startsWith(s.address)),
    );
    const lines = silent.map((s) => ({
      text: s.problem
        ? t("page-board-source-down", { source: s.address, problem: s.problem })
        : t("page-board-source-connecting", { source: s.address }),
      why: s.problem || "",
    }));
    if (!lines.length && !board.rooms.length) {
      lines.push({ text: t("page-board-empty", { sources: board.sources.map((s) => s.address).join(", ") }), why: "" });
    }
    if (notice.dataset.t) delete notice.dataset.t;
    setHidden(notice, !lines.length);
    setChildren(notice, JSON.stringify(lines), () =>
      lines.map((line) => {
        const node = element("span", "board-notice-line", line.text);
        if (line.why) node.title = line.why;
        return node;
      }),
    );
  }

  // A tile's parts, made once per room.
  function makeTile() {
    const node = element("article", "tile");
    const parts = {};
    const add = (parent, name, tag, className) => {
      parts[name] = element(tag, className);
      parent.append(parts[name]);
      return parts[name];
    };
    add(node, "link", "p", "tile-link");
    const head = add(node, "head", "header", "tile-head");
    add(head, "room", "h2", "tile-room");
    add(head, "stage", "span", "tile-stage");
    add(node, "segment", "p", "tile-segment");
    add(node, "people", "p", "tile-people");
    add(node, "count", "p", "tile-count");
    add(node, "status", "p", "tile-status");
    const next = add(node, "next", "p", "tile-next");
    parts.nextLabel = element("span", "next-label", t("page-board-next"));
    parts.nextTitle = element("span", "tile-next-title");
    parts.nextWhen = element("span", "tile-next-when");
    next.append(parts.nextLabel, parts.nextTitle, parts.nextWhen);
    return { node, parts };
  }

  function renderTile(tile, nowMs) {
    let made = tiles.get(tile.address);
    if (!made) {
      made = makeTile();
      tiles.set(tile.address, made);
    }
    const { node, parts } = made;
    // The room's show runs on its own clock (a rehearsal's): counted from
    // its instant in the document.
    const since = nowMs - ms(board.now);
    const showNow = tile.show_now ? ms(tile.show_now) + since : nowMs;
    const remaining = tile.counts_to ? countdownSeconds(showNow, ms(tile.counts_to)) : null;
    const live = tile.stage === "live";
    const overrun = live && (tile.urgency === "overrun" || (remaining !== null && remaining < 0));
    const mood = overrun ? "overrun" : live ? tile.urgency : "normal";
    const lost = !tile.link.connected && tile.stage !== "connecting";
    setClass(node, `tile ${tile.stage} ${mood}${lost ? " lost" : ""}`);

    const room = Words.pick(tile.room);
    setText(parts.room, room);
    setLabel(node, room);
    const stages = {
      connecting: t("page-connecting"),
      before: t("page-starts-in"),
      live: overrun ? t("page-overrun") : t("page-phase-live"),
      break: t("page-board-break"),
      after: t("page-phase-over"),
    };
    setText(parts.stage, stages[tile.stage] || "");

    setText(parts.segment, tile.segment ? Words.pick(tile.segment) : "");
    setText(parts.people, tile.people.join(" · "));
    setHidden(parts.segment, !parts.segment.textContent);
    setHidden(parts.people, !parts.people.textContent);

    let digits = "";
    if (tile.stage === "after") {
      digits = tile.ended_at ? t("page-board-ended", { time: onEveryClock(ms(tile.ended_at), showNow) }) : t("page-show-over");
    } else if (remaining !== null) {
      digits = overrun ? `+${clockDigits(Math.max(-remaining, 0))}` : clockDigits(Math.max(remaining, 0));
    }
    setText(parts.count, digits);
    parts.count.classList.toggle("words", tile.stage === "after");
    parts.count.classList.toggle("long", digits.length > 6 && tile.stage !== "after");
    setHidden(parts.count, !digits);

    let status = "";
    if (live || tile.stage === "break") {
      const drift = tile.drift_seconds;
      const time = clockDigits(Math.abs(drift));
      const late = drift === 0 ? t("page-on-time") : drift > 0 ? t("page-behind", { time }) : t("page-ahead", { time });
      const mode = tile.following_schedule ? t("page-board-on-schedule") : t("page-board-cued");
      status = t("page-board-status", { mode, drift: late });
    }
    setText(parts.status, status);
    setHidden(parts.status, !status);
    parts.status.classList.toggle("late", tile.drift_seconds > 0);

    const next = tile.next;
    setHidden(parts.next, !next);
    if (next) {
      const who = next.people.length ? ` · ${next.people.join(" · ")}` : "";
      setText(parts.nextTitle, Words.pick(next.title) + who);
      setText(parts.nextWhen, onEveryClock(ms(next.starts_at), showNow));
    }

    setHidden(parts.link, !lost);
    if (lost) {
      const lostFor = tile.link.lost_since ? (nowMs - ms(tile.link.lost_since)) / 1000 : null;
      setText(parts.link, lostFor === null ? t("page-board-disconnected-now") : t("page-board-disconnected", { age: age(lostFor) }));
      if (tile.link.problem) parts.link.title = tile.link.problem;
      else parts.link.removeAttribute("title");
    }
    return node;
  }

  // Columns and rows that give every tile the most room on a wide screen:
  // a wall screen shows every room without scrolling, as long as each tile
  // keeps at least MIN_W x MIN_H (24 rooms on a 1080p screen); else, and on
  // a phone, the tiles flow and the page scrolls.
  const MIN_W = 260;
  const MIN_H = 200;
  let fitted = "";
  function fit(count) {
    const rooms = $("rooms");
    const top = rooms.getBoundingClientRect().top;
    const width = rooms.clientWidth;
    const height = innerHeight - top;
    const gap = parseFloat(getComputedStyle(rooms).columnGap) || 0;
    const n = Math.max(count, 1);
    let best = null;
    for (let cols = 1; cols <= n; cols++) {
      const rows = Math.ceil(n / cols);
      const w = (width - gap * (cols + 1)) / cols;
      const h = (height - gap * (rows + 1)) / rows;
      if (w < MIN_W || h < MIN_H) continue;
      // A tile reads best a little wider than high.
      const size = Math.min(w, h * 1.4);
      if (!best || size > best.size) best = { cols, rows, size };
    }
    const wide = innerWidth >= 720 && best !== null;
    const key = wide ? `${best.cols}x${best.rows}@${Math.round(top)}` : "scroll";
    if (key === fitted) return;
    fitted = key;
    rooms.classList.toggle("fit", wide);
    rooms.style.setProperty("--top", `${Math.round(top)}px`);
    rooms.style.setProperty("--cols", wide ? best.cols : 1);
    rooms.style.setProperty("--rows", wide ? best.rows : 1);
  }
  addEventListener("resize", () => {
    fitted = "";
    if (board) fit(board.rooms.length);
  });

  function render(nowMs) {
    setText($("count"), board.rooms.length ? t("page-board-rooms", { count: board.rooms.length }) : "");
    renderClocks(nowMs);
    renderNotice();
    const rooms = $("rooms");
    const nodes = board.rooms.map((tile) => renderTile(tile, nowMs));
    const wanted = new Set(board.rooms.map((tile) => tile.address));
    for (const address of [...tiles.keys()]) if (!wanted.has(address)) tiles.delete(address);
    // Moved only when the order changes (an idle board stays cheap).
    const same = nodes.length === rooms.children.length && nodes.every((node, i) => rooms.children[i] === node);
    if (!same) rooms.replaceChildren(...nodes);
    fit(nodes.length);
  }

  addEventListener("hashchange", () => location.reload());
  connect();
})();
