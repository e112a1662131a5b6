/* Progressive enhancement only: every page works without this file. */
(function () {
  "use strict";

  /* The skip link moves keyboard focus into the main landmark. */
  document.querySelectorAll('a.skip-link[href^="#"]').forEach(function (link) {
    link.addEventListener("click", function () {
      var target = document.getElementById(link.getAttribute("href").slice(1));
      if (target) { target.focus(); }
    });
  });

  /* After a failed submit: focus the error summary, so a screen reader reads it first; its
     links move focus to their field (not only scroll to it), the field's label in view. */
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest('a[href^="#"]');
      var field = link && document.getElementById(link.getAttribute("href").slice(1));
      if (!field) { return; }
      event.preventDefault();
      var inGroup = field.type === "radio" || field.type === "checkbox";
      var group = inGroup && field.closest("fieldset");
      var label = document.querySelector('label[for="' + field.id + '"]');
      field.focus({ preventScroll: true });
      var anchor = (group && group.querySelector("legend")) || label || field;
      anchor.scrollIntoView({ block: "start" });
      if (window.history && window.history.replaceState) { window.history.replaceState(null, "", "#" + field.id); }
    });
  }

  /* Slider: one slide at a time with previous/next buttons; no autoplay. */
  document.querySelectorAll("[data-slider]").forEach(function (slider) {
    var slides = Array.prototype.slice.call(slider.querySelectorAll(".slider__slide"));
    if (slides.length < 2) { return; }
    // Button labels and "1 of 3" come translated from the template's data attributes.
    var labels = { prev: slider.dataset.labelPrev, next: slider.dataset.labelNext, status: slider.dataset.labelStatus };
    var current = 0;
    var controls = document.createElement("div");
    controls.className = "slider__controls";
    var prev = document.createElement("button");
    prev.type = "button"; prev.className = "btn btn-outline-primary"; prev.textContent = "‹ " + labels.prev;
    var next = document.createElement("button");
    next.type = "button"; next.className = "btn btn-outline-primary"; next.textContent = labels.next + " ›";
    var status = document.createElement("p");
    status.className = "mb-0"; status.setAttribute("aria-live", "polite");
    controls.append(prev, next, status);
    slider.append(controls);
    slider.classList.add("slider--enhanced");

    function show(index) {
      current = (index + slides.length) % slides.length;
      slides.forEach(function (slide, i) { slide.hidden = i !== current; });
      status.textContent = labels.status.replace("{number}", current + 1).replace("{total}", slides.length);
    }
    prev.addEventListener("click", function () { show(current - 1); });
    next.addEventListener("click", function () { show(current + 1); });
    // Right to left (Arabic): the arrow pointing to where reading goes shows the next slide.
    var step = getComputedStyle(slider).direction === "rtl" ? -1 : 1;
    slider.addEventListener("keydown", function (event) {
      if (event.key === "ArrowLeft") { show(current - step); }
      if (event.key === "ArrowRight") { show(current + step); }
    });
    show(0);
  });
})();
