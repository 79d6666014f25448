// Profile & settings: before a time zone is chosen, offer the browser's own (the form works without this).
(function () {
  var box = document.getElementById("time_zone");
  if (!box || box.value || box.getAttribute("data-default-zone") !== "browser") return;
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone) box.value = zone;
  } catch (e) { /* an old browser: the person types it */ }
})();
// Before any setting is saved, offer pounds where the browser's language says the US (or Liberia, Myanmar): only a
// suggestion in the form; nothing changes until the person saves.
(function () {
  var box = document.getElementById("unit-choice");
  if (!box || box.getAttribute("data-unit-chosen")) return;
  var lang = (navigator.language || "").toLowerCase();
  if (["en-us", "en-lr", "my-mm"].indexOf(lang) >= 0) {
    var lb = document.getElementById("unit-lb");
    if (lb) lb.checked = true;
  }
})();
