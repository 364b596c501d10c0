// The summary page's actions: "copy text" puts the article as plain text on the clipboard,
// "print" opens the browser's print dialog (print.css lays the page out on A4).
(function () {
  function fallbackCopy(text) {
    // navigator.clipboard exists only in secure contexts (https or localhost).
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand("copy");
    area.remove();
    return ok ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  document.addEventListener("click", function (event) {
    const copy = event.target.closest("[data-copy-target]");
    if (copy) {
      const text = document.getElementById(copy.dataset.copyTarget).textContent;
      const status = document.querySelector(".copy-status");
      const done = navigator.clipboard
        ? navigator.clipboard.writeText(text).catch(function () { return fallbackCopy(text); })
        : fallbackCopy(text);
      done.then(function () {
        if (status) status.textContent = copy.dataset.copiedLabel;
      });
      return;
    }
    if (event.target.closest("[data-print]")) {
      window.print();
    }
  });
})();
