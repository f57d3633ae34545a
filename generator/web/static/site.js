// Progressive enhancement only: every page works without this script.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  document.addEventListener("DOMContentLoaded", function () {
    // Move focus to an error summary so that a screen reader reads it out first.
    var summary = document.querySelector("[data-focus-on-load]");
    if (summary) { summary.focus(); }

    // Dragging files onto the drop zone puts them in the file input; the input itself still works.
    var zone = document.querySelector("[data-drop-zone]");
    var input = document.getElementById("files");
    var chosen = document.querySelector("[data-chosen]");
    function showChosen() {
      if (!chosen || !input) { return; }
      var names = Array.prototype.map.call(input.files, function (f) { return f.name; });
      chosen.textContent = names.length ? names.length + (names.length === 1 ? " file chosen: " : " files chosen: ") + names.join(", ") : "";
    }
    if (zone && input) {
      input.addEventListener("change", showChosen);
      ["dragenter", "dragover"].forEach(function (name) {
        zone.addEventListener(name, function (event) { event.preventDefault(); zone.classList.add("dragging"); });
      });
      ["dragleave", "drop"].forEach(function (name) {
        zone.addEventListener(name, function () { zone.classList.remove("dragging"); });
      });
      zone.addEventListener("drop", function (event) {
        event.preventDefault();
        if (event.dataTransfer && event.dataTransfer.files.length) {
          input.files = event.dataTransfer.files;
          showChosen();
        }
      });
    }

    // While a build runs, ask how far it has got, and show the finished page when it is done.
    var progress = document.querySelector("[data-status-url]");
    if (progress) {
      var bar = progress.querySelector("progress");
      var words = progress.querySelector("[data-progress-words]");
      var spoken = Date.now();
      var poll = function () {
        fetch(progress.getAttribute("data-status-url"), { credentials: "same-origin", cache: "no-store" })
          .then(function (response) { return response.ok ? response.json() : null; })
          .then(function (status) {
            if (!status) { window.location.reload(); return; }
            bar.max = status.total; bar.value = status.value;
            // The words are a live region: change them only every few seconds, or a screen reader
            // would read out every document as it is made.
            var now = Date.now();
            if (words.textContent !== status.words && (now - spoken > 5000 || status.state !== "building")) {
              words.textContent = status.words; spoken = now;
            }
            if (status.state === "building") { window.setTimeout(poll, 700); } else { window.location.reload(); }
          })
          .catch(function () { window.setTimeout(poll, 2000); });
      };
      window.setTimeout(poll, 500);
    }

    // Select all / none: tick or untick the group here. Without this script the buttons ask the
    // server, which shows the form again with the group changed and every other choice kept.
    Array.prototype.forEach.call(document.querySelectorAll("[data-select]"), function (button) {
      button.addEventListener("click", function (event) {
        var group = button.closest("[data-group]");
        if (!group) { return; }
        event.preventDefault();
        var tick = button.getAttribute("data-select") === "all";
        Array.prototype.forEach.call(group.querySelectorAll("input[type=checkbox]"), function (box) { box.checked = tick; });
      });
    });
  });
})();
