// GluteRx page behaviour. No inline scripts (the CSP forbids them); pages work without this file.
"use strict";

(function () {
  document.documentElement.classList.add("js");

  // ---------------------------------------------------------------- sliders show their number
  function initRanges(root) {
    root.querySelectorAll('input[type="range"][data-output]').forEach(function (input) {
      var out = document.getElementById(input.dataset.output);
      if (!out || input.dataset.bound) return;
      input.dataset.bound = "1";
      var update = function () { out.textContent = input.value; };
      input.addEventListener("input", update);
      update();
    });
  }

  // ---------------------------------------------------------------- pain regions: details only when it hurts
  function initPainRegions(root) {
    root.querySelectorAll("[data-pain-region]").forEach(function (region) {
      var range = region.querySelector('input[type="range"]');
      var details = region.querySelector("[data-pain-details]");
      if (!range || !details) return;
      var update = function () { details.hidden = Number(range.value) === 0; };
      range.addEventListener("input", update);
      update();
    });
  }

  // ---------------------------------------------------------------- the questionnaire, one step at a time
  function initSteps(form) {
    var steps = Array.prototype.slice.call(form.querySelectorAll("fieldset.step"));
    if (!steps.length) return;
    var count = form.querySelector("#step-count");
    var current = Math.max(0, steps.findIndex(function (s) { return s.classList.contains("has-error"); }));

    function show(index, focus) {
      current = Math.min(Math.max(index, 0), steps.length - 1);
      steps.forEach(function (step, i) { step.hidden = i !== current; });
      if (count) count.textContent = "Step " + (current + 1) + " of " + steps.length;
      form.dataset.currentStep = steps[current].dataset.step;
      if (focus) {
        var heading = steps[current].querySelector("h2");
        if (heading) heading.focus();
        window.scrollTo(0, 0);
      }
    }

    function valid(step) {
      var fields = step.querySelectorAll("input, select, textarea");
      for (var i = 0; i < fields.length; i++) {
        if (!fields[i].checkValidity()) { fields[i].reportValidity(); return false; }
      }
      return true;
    }

    form.addEventListener("click", function (event) {
      var button = event.target.closest("[data-action]");
      if (!button) return;
      if (button.dataset.action === "step-next" && valid(steps[current])) show(current + 1, true);
      if (button.dataset.action === "step-back") show(current - 1, true);
    });
    // Links in the error summary open the step that holds the field.
    document.querySelectorAll(".error-summary a[href^='#']").forEach(function (link) {
      link.addEventListener("click", function (event) {
        var target = document.getElementById(link.getAttribute("href").slice(1));
        var index = target ? steps.findIndex(function (s) { return s === target || s.contains(target); }) : -1;
        if (index < 0) return;
        event.preventDefault();
        show(index, false);
        if (target.focus) target.focus();
      });
    });
    form.addEventListener("submit", function (event) {
      for (var i = 0; i < steps.length; i++) {
        if (!valid(steps[i])) { event.preventDefault(); show(i, false); valid(steps[i]); return; }
      }
    });
    show(current, false);
  }

  // ---------------------------------------------------------------- the rest timer
  function RestTimer(panel) {
    this.panel = panel;
    this.el = panel.querySelector("#rest-timer");
    this.status = panel.querySelector("#rest-status");
    var fast = this.el.dataset.testFast === "1" || new URLSearchParams(window.location.search).get("fast") === "1";
    this.speed = fast ? 20 : 1;
    this.handle = null;
  }

  RestTimer.prototype.format = function (seconds) {
    var s = Math.max(0, Math.ceil(seconds));
    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  };

  // A new exercise: its own rest length; a finished countdown goes back to waiting (a running one carries on).
  RestTimer.prototype.setSeconds = function (seconds) {
    this.el.dataset.seconds = String(seconds);
    if (this.handle) return;
    this.panel.dataset.state = "idle";
    this.el.dataset.done = "false";
    this.el.textContent = this.format(seconds);
  };

  RestTimer.prototype.start = function () {
    var seconds = Number(this.el.dataset.seconds) || 0;
    this.stop();
    if (seconds <= 0) {
      this.panel.dataset.state = "idle";
      this.status.textContent = "No rest needed: go straight on.";
      return;
    }
    var self = this;
    var endAt = Date.now() + (seconds * 1000) / this.speed;
    this.el.dataset.done = "false";
    this.panel.dataset.state = "running";
    this.el.textContent = this.format(seconds);
    this.status.textContent = "Rest for " + this.format(seconds) + ".";
    this.handle = window.setInterval(function () {
      var left = ((endAt - Date.now()) * self.speed) / 1000;
      if (left <= 0) { self.finish(); return; }
      self.el.textContent = self.format(left);
    }, Math.max(50, 250 / this.speed));
  };

  RestTimer.prototype.stop = function () {
    if (this.handle) window.clearInterval(this.handle);
    this.handle = null;
  };

  RestTimer.prototype.finish = function () {
    this.stop();
    this.el.textContent = "Rest over";
    this.el.dataset.done = "true";
    this.panel.dataset.state = "done";
    this.status.textContent = "Rest over. Ready for your next set.";
    if (navigator.vibrate) {
      try { navigator.vibrate([200, 100, 200]); } catch (e) { /* not allowed here */ }
    }
  };

  // ---------------------------------------------------------------- the workout player
  function initPlayer(form) {
    var pages = Array.prototype.slice.call(form.querySelectorAll("section.exercise, section.finish"));
    var panel = form.querySelector("#rest-panel");
    var progress = form.querySelector("#player-progress");
    var timer = panel ? new RestTimer(panel) : null;
    var exercises = pages.length - 1;
    var firstError = pages.findIndex(function (p) { return p.querySelector('[aria-invalid="true"]'); });
    var current = form.dataset.openFinish === "1" ? pages.length - 1 : Math.max(0, firstError);
    var listeners = [];

    function show(index, focus) {
      current = Math.min(Math.max(index, 0), pages.length - 1);
      pages.forEach(function (page, i) { page.hidden = i !== current; });
      var page = pages[current];
      form.dataset.currentExercise = String(current);
      if (progress) {
        progress.textContent = current < exercises
          ? "Exercise " + (current + 1) + " of " + exercises
          : "Finish and save";
      }
      if (panel) panel.hidden = page.dataset.rest === undefined;
      if (timer && page.dataset.rest !== undefined) timer.setSeconds(Number(page.dataset.rest));
      if (focus) {
        var heading = page.querySelector("h2");
        if (heading) heading.focus();
        window.scrollTo(0, 0);
      }
      listeners.forEach(function (listener) { listener(page, current === pages.length - 1); });
    }

    function markDone(button) {
      var set = button.closest("fieldset.set");
      set.classList.add("is-done");
      set.dataset.done = "true";
      button.textContent = "Done ✓ (tap to rest again)";
    }

    form.addEventListener("click", function (event) {
      var button = event.target.closest("[data-action]");
      if (!button) return;
      var action = button.dataset.action;
      if (action === "next-exercise") show(current + 1, true);
      else if (action === "prev-exercise") show(current - 1, true);
      else if (action === "rest-skip" && timer) timer.finish();
      else if (action === "set-done") {
        var set = button.closest("fieldset.set");
        var reps = set.querySelector('input[name$="_reps"]');
        if (reps && !reps.value && reps.dataset.default) reps.value = reps.dataset.default;
        markDone(button);
        if (timer) {
          var page = button.closest("section.exercise");
          timer.setSeconds(Number(page.dataset.rest) || 0);
          timer.start();
        }
      }
    });
    var player = {
      show: show,
      markDone: markDone,
      onShow: function (listener) { listeners.push(listener); },
      current: function () { return current; },
      last: pages.length - 1,
      opensFinish: form.dataset.openFinish === "1"
    };
    initDraft(form, player);
    show(current, false);
  }

  // ---------------------------------------------------------------- unsaved entries survive a reload
  // Kept in this browser (localStorage) under the person, the day and the session, until the workout is saved (the
  // summary page clears them) or for a week at most. The server keeps nothing until "Save workout".
  var DRAFTS = "gluterx.workout.";
  var DRAFT_DAYS = 7;

  function storage() {
    try {
      var store = window.localStorage;
      store.setItem(DRAFTS + "probe", "1");
      store.removeItem(DRAFTS + "probe");
      return store;
    } catch (e) {
      return null; // private mode or storage switched off: the player works as before, without drafts
    }
  }

  function readDraft(store, key) {
    try { return JSON.parse(store.getItem(key) || "null"); } catch (e) { return null; }
  }

  function forgetDrafts(store, keep, prefix) {
    for (var i = store.length - 1; i >= 0; i--) {
      var key = store.key(i);
      if (!key || key.indexOf(prefix || DRAFTS) !== 0 || key === keep) continue;
      var draft = prefix ? null : readDraft(store, key);
      if (prefix || !draft || Date.now() - (draft.savedAt || 0) > DRAFT_DAYS * 864e5) store.removeItem(key);
    }
  }

  // The fields a draft keeps: what the person entered, and the form's key (a resend after a lost answer is then
  // recognised as the same save); never the CSRF token, the day or the count the page itself wrote.
  var NOT_KEPT = { csrf_token: true, date: true, n: true, allow_duplicate: true };

  function draftFields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && !NOT_KEPT[el.name] && el.type !== "submit" && el.type !== "button" &&
        (el.type !== "hidden" || el.name === "idempotency_key");
    });
  }

  function initDraft(form, player) {
    var store = storage();
    var key = form.dataset.draftKey;
    if (!store || !key) return;
    forgetDrafts(store, key);
    var draft = readDraft(store, key);
    var duration = form.querySelector("#duration-min");
    // Back from the server (a problem to fix, or the same session saved already): what it sent back is what the
    // person entered, so it wins over the draft; only when it was opened afresh does the draft fill the form.
    if (draft && draft.values && form.dataset.returned !== "1") {
      draftFields(form).forEach(function (el) {
        var value = draft.values[el.name];
        if (value === undefined) return;
        if (el.type === "checkbox" || el.type === "radio") el.checked = value.indexOf(el.value) >= 0;
        else el.value = value[0];
        if (el.type === "range") el.dispatchEvent(new Event("input"));
      });
      (draft.done || []).forEach(function (id) {
        var button = document.getElementById(id);
        if (button) player.markDone(button);
      });
      if (duration && draft.durationTouched) duration.dataset.touched = "1";
      if (typeof draft.page === "number" && !player.opensFinish) player.show(draft.page, false);
    }
    var startedAt = (draft && draft.startedAt) || Date.now();

    function save() {
      var values = {};
      draftFields(form).forEach(function (el) {
        if ((el.type === "checkbox" || el.type === "radio") && !el.checked) {
          values[el.name] = values[el.name] || [];
          return;
        }
        (values[el.name] = values[el.name] || []).push(el.value);
      });
      var done = Array.prototype.map.call(form.querySelectorAll("fieldset.set.is-done .set-done"), function (b) {
        return b.id;
      });
      try {
        store.setItem(key, JSON.stringify({
          savedAt: Date.now(), startedAt: startedAt, values: values, done: done, page: player.current(),
          durationTouched: duration ? duration.dataset.touched === "1" : false
        }));
      } catch (e) { /* storage full: the entries are still on the page */ }
    }

    // The minutes, from when the player was first opened (a reload keeps that time), until the person types their own.
    function prefillDuration() {
      if (!duration || duration.value || duration.dataset.touched === "1") return;
      duration.value = String(Math.min(Number(duration.max) || 600, Math.max(1, Math.round((Date.now() - startedAt) / 60000))));
    }
    if (duration) duration.addEventListener("input", function () { duration.dataset.touched = "1"; });
    player.onShow(function (page, finishing) {
      if (finishing) prefillDuration();
      save();
    });
    if (player.current() === player.last) prefillDuration();
    form.addEventListener("input", save);
    form.addEventListener("change", save);
    form.addEventListener("click", function () { window.setTimeout(save, 0); });
    save();
  }

  // The summary of a saved workout: that day's drafts are done with.
  function clearDrafts(summary) {
    var store = storage();
    if (store && summary.dataset.clearDrafts) forgetDrafts(store, null, summary.dataset.clearDrafts);
  }

  function init(root) {
    initRanges(root);
    initPainRegions(root);
  }

  init(document);
  document.querySelectorAll("form[data-steps]").forEach(initSteps);
  document.querySelectorAll("form[data-player]").forEach(initPlayer);
  document.querySelectorAll("[data-clear-drafts]").forEach(clearDrafts);
  // Signing out leaves no unsaved workout in this browser for the next person to find (health data).
  document.querySelectorAll("form.logout").forEach(function (form) {
    form.addEventListener("submit", function () {
      var store = storage();
      if (store) forgetDrafts(store, null, DRAFTS);
    });
  });
  // Content htmx swaps in (check-in result, filtered exercises) gets the same behaviour.
  document.body.addEventListener("htmx:load", function (event) { init(event.detail.elt); });
  // A swapped-in results list is announced by its count (the list itself would be too much to read out).
  document.body.addEventListener("htmx:afterSettle", function (event) {
    var status = document.getElementById("results-status");
    var title = document.getElementById("results-title");
    if (status && title) status.textContent = title.textContent;
    // A chip that removed the name search empties the search box too; a list the box itself asked for (the person
    // typing) leaves what they are typing alone.
    var results = document.getElementById("exercise-results");
    var search = document.getElementById("exercise-search");
    var config = event.detail && event.detail.requestConfig;
    var fromTyping = config && config.triggeringEvent && config.triggeringEvent.target === search;
    if (results && search && !fromTyping) search.value = results.dataset.query || "";
  });
})();
