// Profile & settings: before a time zone is chosen, offer the browser's own (the form works without this).
(function () {
  var box = document.getElementById("time_zone");
  if (!box || box.value || box.getAttribute("data-default-zone") !== "browser") return;
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone) box.value = zone;
  } catch (e) { /* an old browser: the person types it */ }
})();
