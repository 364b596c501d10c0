// Text fields with a limit (data-maxlength) show how much of it is used: "1.234/2.000 ký tự"
// (boxes always, one-line fields from 80% of their limit).
// Not the browser's maxlength, which cuts pasted text without a word: an over-long text
// stays as typed, the counter turns red, and the server refuses it with a message next to
// the field. Lengths are counted as the server counts them: a line break is sent as CR LF.
(function () {
  "use strict";

  function grouped(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  }

  function length(text) {
    return Array.from(text.replace(/\r\n|\r|\n/g, "\r\n")).length;
  }

  function attach(field) {
    const limit = parseInt(field.dataset.maxlength, 10);
    if (!limit || field.dataset.counted) return;
    field.dataset.counted = "1";
    const counter = document.createElement("span");
    counter.className = "text-counter";
    if (field.id) {
      counter.id = field.id + "-counter";
      const described = field.getAttribute("aria-describedby");
      field.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);
    }
    field.insertAdjacentElement("afterend", counter);
    const template = field.dataset.counter || "%(used)s/%(limit)s";
    function update() {
      const used = length(field.value);
      counter.textContent = template
        .replace("%(used)s", grouped(used))
        .replace("%(limit)s", grouped(limit));
      counter.classList.toggle("over", used > limit);
      // One-line fields (names, titles) show theirs only near the limit: fewer numbers.
      counter.hidden = field.tagName === "INPUT" && used < limit * 0.8;
    }
    field.addEventListener("input", update);
    update();
  }

  document.querySelectorAll("[data-maxlength]").forEach(attach);
  // Rows added on the page (entry.js) get their counter when first used.
  document.addEventListener("focusin", function (event) {
    if (event.target.dataset && event.target.dataset.maxlength) attach(event.target);
  });
})();
