// /: the landing page, its links carrying this page's token.
"use strict";

// A language chosen with ?lang= goes with the links.
const lang = new URLSearchParams(location.search).get("lang");
const withLang = (href) => (lang ? `${href}${href.includes("?") ? "&" : "?"}lang=${encodeURIComponent(lang)}` : href);

for (const link of document.querySelectorAll("a.screen")) {
  link.href = withLang(link.getAttribute("href")) + location.hash;
}

// The board of many rooms, where this server has one.
(async () => {
  const headers = Live.token ? { Authorization: "Bearer " + Live.token } : {};
  const answer = await fetch("/v1/board", { headers, cache: "no-store" }).catch(() => null);
  if (answer && answer.ok) document.getElementById("board").hidden = false;
})();

Live.start(({ show, state }) => {
  setText(document.getElementById("event"), Words.pick(show.agenda.title));
  const names = [];
  for (const segment of state.segments) {
    for (const name of peopleOf(segment)) if (!names.includes(name)) names.push(name);
  }
  setChildren(document.getElementById("people"), names.join("|"), () =>
    names.map((name) => {
      const item = element("li");
      const link = element("a", "", name);
      link.href = withLang(`/speaker?name=${encodeURIComponent(name)}`) + location.hash;
      item.append(link);
      return item;
    }),
  );
}, "speaker");
