// The entry page: rates as the user types, rows added and reordered, no accidental submit.
// The server stays the authority: it parses, checks and computes again on every save.
(function () {
  "use strict";
  const form = document.getElementById("entry-form");
  if (!form) return;

  // Like checks.parse_count: "52.900" and "52 900" are 52900; anything else is no count.
  function parseCount(text) {
    const digits = text.trim().replace(/[\s\u00a0.]/g, "");
    if (!/^[0-9]{1,10}$/.test(digits)) return null;
    const n = BigInt(digits);
    return n <= 1000000000n ? n : null;
  }

  // Rates use exact counts only: "hơn 52.900" is not a count to divide.
  function exactValue(code) {
    const input = form.querySelector('[data-code="' + code + '"]');
    const qualifier = form.querySelector('[data-qualifier-for="' + code + '"]');
    if (!input || (qualifier && qualifier.value !== "exact")) return null;
    return parseCount(input.value);
  }

  function sum(codes) {
    let total = 0n;
    for (const code of codes) {
      const value = exactValue(code);
      if (value === null) return null;
      total += value;
    }
    return total;
  }

  function groupThousands(digits) {
    return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  }

  // Like rates.percent and vietnamese.percent: rounded once, half-up, from the exact
  // fraction (BigInt, so 81.948/83.408 is 98,2 and never 98,3); "100%", not "100,0%"; a
  // rate that would read 0 gets the fewest more decimals that make it non-zero (0,02%).
  function percent(numerator, denominator, decimals) {
    if (denominator === 0n) return null;
    const scale = 10n ** BigInt(decimals);
    const scaled = (2n * numerator * 100n * scale + denominator) / (2n * denominator);
    if (scaled === 0n && numerator > 0n) return percent(numerator, denominator, decimals + 1);
    const whole = groupThousands((scaled / scale).toString());
    const fraction = (scaled % scale).toString().padStart(decimals, "0");
    return decimals && scaled % scale !== 0n ? whole + "," + fraction + "%" : whole + "%";
  }

  function updateRates() {
    for (const output of form.querySelectorAll("output[data-rate]")) {
      const numerator = sum(output.dataset.numerator.split(","));
      const denominator = sum(output.dataset.denominator.split(","));
      let text = null;
      if (numerator !== null && denominator !== null) {
        text = percent(numerator, denominator, Number(output.dataset.decimals));
      }
      output.textContent = text === null ? output.dataset.missing : text;
    }
  }

  // Unsaved changes: shown in the toolbar, and submitting for approval waits for a save.
  let dirty = false;
  function markDirty() {
    dirty = true;
    const flag = form.querySelector(".dirty");
    if (flag) flag.hidden = false;
  }
  form.addEventListener("input", function (event) {
    markDirty();
    if (event.target.matches("[data-code]")) updateRates();
  });
  form.addEventListener("change", function (event) {
    markDirty();
    if (event.target.matches("[data-qualifier-for], [data-code]")) updateRates();
  });
  form.addEventListener("submit", function () {
    dirty = false;
  });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) event.preventDefault();
  });
  for (const other of document.querySelectorAll("form[data-needs-saved]")) {
    other.addEventListener("submit", function (event) {
      if (dirty) {
        event.preventDefault();
        window.alert(form.dataset.unsaved);
      }
    });
  }

  // Enter in a field moves to the next field instead of submitting the page.
  form.addEventListener("keydown", function (event) {
    const target = event.target;
    if (event.key !== "Enter" || !target.matches("input, select")) return;
    if (target.type === "submit" || target.type === "button") return;
    event.preventDefault();
    const fields = Array.from(
      form.querySelectorAll("input:not([type=hidden]):not([disabled]), select, textarea, button")
    ).filter(function (el) { return el.offsetParent !== null && el.tabIndex >= 0; });
    const next = fields[fields.indexOf(target) + 1];
    if (next) next.focus();
  });

  // Rows of attendees, directives and awards: add from the blank template, move up/down.
  function renumber(tbody) {
    Array.from(tbody.querySelectorAll("tr.row-form")).forEach(function (row, index) {
      const order = row.querySelector('input[name$="-ORDER"]');
      if (order) order.value = index + 1;
    });
  }
  form.addEventListener("click", function (event) {
    const button = event.target.closest("button[data-add-row], button[data-move]");
    if (!button) return;
    const block = button.closest(".rows");
    const tbody = block.querySelector("tbody");
    if (button.dataset.addRow) {
      const total = block.querySelector('input[name$="-TOTAL_FORMS"]');
      const html = block.querySelector("template").innerHTML.replace(/__prefix__/g, total.value);
      tbody.insertAdjacentHTML("beforeend", html);
      total.value = Number(total.value) + 1;
      const first = tbody.lastElementChild.querySelector("input, select, textarea");
      if (first) first.focus();
    } else {
      const row = button.closest("tr");
      const other = button.dataset.move === "up" ? row.previousElementSibling : row.nextElementSibling;
      if (!other) return;
      if (button.dataset.move === "up") tbody.insertBefore(row, other);
      else tbody.insertBefore(other, row);
      renumber(tbody);
      button.focus();
    }
    markDirty();
  });

  // Values brought back after the session expired are not saved yet: say so until saved.
  if (form.hasAttribute("data-restored")) markDirty();

  updateRates();
})();
