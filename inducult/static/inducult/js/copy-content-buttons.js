// wagtail-modeltranslation's editor script adds "Copy content from" buttons to every nested panel of the
// page editor, inline children's panels (files, contact people, venues) too, where copying cannot work.
// Keep them only on translated StreamFields: a panel `panel-child-content-<field>_<lang>-section` that
// holds its stream's `<field>_<lang>-count` input. The package adds the buttons in a jQuery ready
// handler; this one is registered after it (this script comes later on the page), so it runs after it.
(function ($) {
  "use strict";
  if (!$) { return; }
  $(function () {
    document.querySelectorAll(".translation-field-copy-wrapper").forEach(function (wrapper) {
      var section = wrapper.closest("section[id^='panel-child-content-']");
      var match = section && /^panel-child-content-([A-Za-z0-9_]+)-section$/.exec(section.id);
      var stream = match && section.querySelector("input[name='" + match[1] + "-count']");
      if (!stream) { wrapper.remove(); }
    });
  });
})(window.jQuery);
