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
    var current = Math.max(0, firstError);

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
        set.classList.add("is-done");
        set.dataset.done = "true";
        button.textContent = "Done ✓ (tap to rest again)";
        if (timer) {
          var page = button.closest("section.exercise");
          timer.setSeconds(Number(page.dataset.rest) || 0);
          timer.start();
        }
      }
    });
    show(current, false);
  }

  function init(root) {
    initRanges(root);
    initPainRegions(root);
  }

  init(document);
  document.querySelectorAll("form[data-steps]").forEach(initSteps);
  document.querySelectorAll("form[data-player]").forEach(initPlayer);
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
