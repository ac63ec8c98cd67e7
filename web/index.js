// /: the landing page, its links carrying this page's token.
"use strict";

for (const link of document.querySelectorAll("a.screen")) {
  link.href = link.getAttribute("href") + location.hash;
}

Live.start(({ state }) => {
  setText(document.getElementById("event"), state.event);
  const names = [];
  for (const segment of state.segments) {
    for (const name of peopleOf(segment)) if (!names.includes(name)) names.push(name);
  }
  setChildren(document.getElementById("people"), names.join("|"), () =>
    names.map((name) => {
      const item = element("li");
      const link = element("a", "", name);
      link.href = `/speaker?name=${encodeURIComponent(name)}${location.hash}`;
      item.append(link);
      return item;
    }),
  );
}, "speaker");
