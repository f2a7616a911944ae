// Consent for content from other hosts (a video player, map tiles). Nothing from those hosts loads
// until the visitor agrees; a remembered choice lives in this browser's localStorage (not a cookie,
// never sent to any server) and can be withdrawn on the privacy page.
(function () {
  "use strict";
  if (window.inducultConsent) { return; }
  var PREFIX = "inducult-consent:";

  function store() {
    try { return window.localStorage; } catch (error) { return null; }
  }

  var consent = {
    has: function (provider) { var s = store(); return !!s && s.getItem(PREFIX + provider) === "yes"; },
    remember: function (provider) { var s = store(); if (s) { s.setItem(PREFIX + provider, "yes"); } },
    withdraw: function (provider) { var s = store(); if (s) { s.removeItem(PREFIX + provider); } },
    remembered: function () {
      var s = store(), providers = [];
      if (!s) { return providers; }
      for (var i = 0; i < s.length; i += 1) {
        var key = s.key(i);
        if (key.indexOf(PREFIX) === 0) { providers.push(key.slice(PREFIX.length)); }
      }
      return providers.sort();
    }
  };
  window.inducultConsent = consent;

  function loadVideo(placeholder) {
    var frame = document.createElement("iframe");
    frame.src = placeholder.dataset.embedUrl;
    frame.title = placeholder.dataset.title;
    frame.width = "560";
    frame.height = "315";
    frame.loading = "lazy";
    frame.allow = "fullscreen; picture-in-picture";
    frame.className = "video-embed__frame";
    placeholder.replaceWith(frame);
  }

  document.querySelectorAll("[data-consent-video]").forEach(function (placeholder) {
    var provider = placeholder.dataset.provider;
    if (consent.has(provider)) { loadVideo(placeholder); return; }
    placeholder.querySelector("[data-consent-load]").addEventListener("click", function () {
      var remember = placeholder.querySelector("[data-consent-remember]");
      if (remember && remember.checked) { consent.remember(provider); }
      loadVideo(placeholder);
    });
  });

  document.querySelectorAll("[data-consent-settings]").forEach(function (panel) {
    var list = panel.querySelector("[data-consent-list]");
    var empty = panel.querySelector("[data-consent-empty]");
    function render() {
      list.innerHTML = "";
      var providers = consent.remembered();
      empty.hidden = providers.length > 0;
      providers.forEach(function (provider) {
        var item = document.createElement("li");
        var name = document.createElement("span");
        name.textContent = provider + " ";
        var button = document.createElement("button");
        button.type = "button";
        button.className = "button button--secondary";
        button.textContent = panel.dataset.withdrawLabel;
        button.setAttribute("aria-label", panel.dataset.withdrawLabel + ": " + provider);
        button.addEventListener("click", function () { consent.withdraw(provider); render(); });
        item.appendChild(name);
        item.appendChild(button);
        list.appendChild(item);
      });
    }
    panel.hidden = false;
    render();
  });
})();
