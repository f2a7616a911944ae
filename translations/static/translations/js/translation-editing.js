/*
 * The page editor for translators and for links from the translations overview.
 *
 * - `?translate=de` in the address shows the German fields beside the English ones in
 *   wagtail-modeltranslation's language picker (which has no address parameter of its own).
 * - For a translator (the "Publish translation" action carries a JSON description of what they may
 *   edit), rich text and StreamFields of other languages become inert, and inline children cannot be
 *   added, removed or reordered. This only spares them edits the server would refuse anyway: the
 *   server ignores and rejects changes to those fields whatever the browser sends.
 */
(function () {
  "use strict";

  function editingData() {
    const element = document.getElementById("translation-editing");
    if (!element) return null;
    try {
      return JSON.parse(element.textContent);
    } catch (error) {
      return null;
    }
  }

  function requestedLanguages(data) {
    const requested = new URLSearchParams(window.location.search).get("translate");
    if (requested) return [requested];
    return data ? data.languages : [];
  }

  function showLanguages(languages, attemptsLeft) {
    const toggles = document.querySelectorAll(".locale-picker button.locale-toggle");
    if (!toggles.length) {
      // The picker is built when jQuery's ready handlers run; wait for it a little.
      if (attemptsLeft > 0) window.setTimeout(() => showLanguages(languages, attemptsLeft - 1), 50);
      return;
    }
    toggles.forEach((toggle) => {
      if (languages.includes(toggle.textContent.trim()) && !toggle.classList.contains("showing-locale")) {
        toggle.click();
      }
    });
    const form = document.getElementById("page-edit-form");
    const first = form && form.querySelector(`[name$="_${languages[0]}"]:not([disabled]):not([type="hidden"])`);
    if (first) first.closest("section, .w-panel") && first.closest("section, .w-panel").scrollIntoView({ block: "start" });
  }

  function lockField(name, note) {
    const sections = document.querySelectorAll(`[id^="panel-"][id$="-${name}-section"]`);
    sections.forEach((section) => {
      const content = section.querySelector(".w-panel__content") || section;
      content.setAttribute("inert", "");
      section.classList.add("translation-locked");
      if (!section.querySelector(".translation-locked-note")) {
        const paragraph = document.createElement("p");
        paragraph.className = "translation-locked-note help";
        paragraph.textContent = note;
        content.before(paragraph);
      }
    });
  }

  function lockChoosers() {
    // Choosers (pages, images) keep their value in a hidden input, which the server disabled.
    document.querySelectorAll('#page-edit-form .w-field input[type="hidden"][disabled]').forEach((input) => {
      const field = input.closest(".w-field");
      if (field && !field.hasAttribute("inert")) {
        field.setAttribute("inert", "");
        field.classList.add("translation-locked");
      }
    });
  }

  function lockStructure() {
    document
      .querySelectorAll(
        '[id$="-ADD"], [data-inline-panel-child-move-up], [data-inline-panel-child-move-down], ' +
          '[data-inline-panel-child-drag], [data-inline-panel-child] [id$="-DELETE-button"]',
      )
      .forEach((button) => {
        button.disabled = true;
        button.setAttribute("inert", "");
      });
  }

  function rememberLanguage(form, language) {
    if (!form || form.querySelector('input[name="translation-language"]')) return;
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = "translation-language";
    input.value = language;
    form.appendChild(input);
  }

  function start() {
    const data = editingData();
    const languages = requestedLanguages(data);
    if (languages.length) showLanguages(languages, 100);
    if (!data) return;
    data.locked.forEach((name) => lockField(name, data.note || ""));
    lockChoosers();
    lockStructure();
    rememberLanguage(document.getElementById("page-edit-form"), languages[0]);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
