/*
 * The page editor for translators and for links from the translations overview.
 *
 * - `?translate=de` in the address shows the German fields beside the English ones in
 *   wagtail-modeltranslation's language picker (which has no address parameter of its own).
 * - For a translator (the "Publish translation" action carries a JSON description of what they may
 *   edit), rich text and StreamFields of other languages become inert, and inline children cannot be
 *   added, removed or reordered. Their own language's StreamFields show the English blocks to fill:
 *   only text inputs stay editable. This only spares them edits the server would refuse or ignore
 *   anyway: the server rejects changes to other fields and takes a stream's structure from English.
 * - Each outdated text gets a note beside it with what changed in the English text (a word diff).
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

  function showLanguages(languages) {
    const toggles = document.querySelectorAll(".locale-picker button.locale-toggle");
    if (!toggles.length) {
      // The picker is built when jQuery's ready handlers run, later on a busy machine: wait until it is there.
      const observer = new MutationObserver(() => {
        if (document.querySelector(".locale-picker button.locale-toggle")) {
          observer.disconnect();
          showLanguages(languages);
        }
      });
      observer.observe(document.body, { childList: true, subtree: true });
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

  function sectionsOf(name) {
    return document.querySelectorAll(`[id^="panel-"][id$="-${name}-section"]`);
  }

  function lockStreamFields(content, name, data) {
    // The English text of each empty text field as its placeholder: the structures match block for block.
    const source = name.replace(/_[a-z]{2}$/, `_${data.source}`);
    content.querySelectorAll(`input[type="text"][name^="${name}-"], textarea[name^="${name}-"]`).forEach((input) => {
      const english = document.querySelector(`[name="${source}${input.name.slice(name.length)}"]`);
      if (english && english.value && !input.placeholder) input.placeholder = english.value;
    });
    content.querySelectorAll(".w-field:not(.translation-locked)").forEach((field) => {
      if (field.classList.contains("w-field--block_field") || field.classList.contains("w-field--char_field")) return;
      field.setAttribute("inert", "");
      field.classList.add("translation-locked");
    });
  }

  function lockStreamStructure(name, note, data) {
    // The translator's own StreamField: the English blocks to fill. Only text fields stay editable; the
    // server takes blocks, order, links, dates and images from English whatever is posted.
    sectionsOf(name).forEach((section) => {
      section.classList.add("translation-structure-locked");
      const content = section.querySelector(".w-panel__content") || section;
      if (!section.querySelector(".translation-structure-note")) {
        const paragraph = document.createElement("p");
        paragraph.className = "translation-structure-note help";
        paragraph.textContent = note;
        content.before(paragraph);
      }
      // StreamField blocks are drawn by Wagtail's scripts after the page loads: lock them as they appear.
      lockStreamFields(content, name, data);
      new MutationObserver(() => lockStreamFields(content, name, data)).observe(content, { childList: true, subtree: true });
    });
  }

  function diffElement(runs, data) {
    const paragraph = document.createElement("p");
    paragraph.lang = data.source;
    runs.forEach(([operation, text], index) => {
      if (index) paragraph.append(" ");
      if (operation === "=") {
        paragraph.append(text);
        return;
      }
      const element = document.createElement(operation === "-" ? "del" : "ins");
      const label = document.createElement("span");
      label.className = "w-sr-only";
      label.textContent = `${operation === "-" ? data.removed : data.added} `;
      element.append(label, text);
      paragraph.append(element);
    });
    return paragraph;
  }

  function outdatedTarget(note) {
    if (note.relation) {
      const idInput = Array.from(document.querySelectorAll(`input[name^="${note.relation}-"][name$="-id"]`)).find(
        (input) => input.value === String(note.child),
      );
      const prefix = idInput && idInput.name.replace(/-id$/, "");
      const input = prefix && document.querySelector(`[name="${prefix}-${note.field}"]`);
      return input && input.closest(".w-field__wrapper, .w-field");
    }
    const section = sectionsOf(note.field)[0];
    if (!section) return null;
    if (note.block) return section.querySelector(`[data-contentpath="${CSS.escape(note.block)}"]`);
    return section.querySelector(".w-panel__content") || section;
  }

  function showOutdated(notes, data) {
    const waiting = notes.filter((note) => !placeOutdated(note, data));
    if (!waiting.length) return;
    // A note for a StreamField block waits until Wagtail has drawn the block.
    const observer = new MutationObserver(() => {
      for (let index = waiting.length - 1; index >= 0; index -= 1) {
        if (placeOutdated(waiting[index], data)) waiting.splice(index, 1);
      }
      if (!waiting.length) observer.disconnect();
    });
    observer.observe(document.getElementById("page-edit-form") || document.body, { childList: true, subtree: true });
  }

  function placeOutdated(note, data) {
    const target = outdatedTarget(note);
    if (!target) return false;
    const box = document.createElement("div");
    box.className = "translation-outdated";
    box.setAttribute("role", "note");
    const heading = document.createElement("p");
    heading.textContent = note.label;
    box.append(heading);
    if (note.diff.length) box.append(diffElement(note.diff, data));
    target.prepend(box);
    return true;
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
    if (languages.length) showLanguages(languages);
    if (!data) return;
    data.locked.forEach((name) => lockField(name, data.note || ""));
    (data.streams || []).forEach((name) => lockStreamStructure(name, data.structure_note || "", data));
    showOutdated(data.outdated || [], data);
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
