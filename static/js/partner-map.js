// The partner map loads only when the visitor asks for it: before the click no script, style or
// tile comes from anywhere but this site, and OpenStreetMap receives nothing.
(function () {
  "use strict";
  var button = document.querySelector("[data-map-load]");
  var canvas = document.getElementById("partner-map");
  var data = document.getElementById("partner-map-data");
  if (!button || !canvas || !data) { return; }

  function loadOnce(tag, attributes) {
    return new Promise(function (resolve, reject) {
      var element = document.createElement(tag);
      Object.keys(attributes).forEach(function (name) { element.setAttribute(name, attributes[name]); });
      element.onload = resolve;
      element.onerror = reject;
      document.head.appendChild(element);
    });
  }

  function showMap() {
    var markers = JSON.parse(data.textContent);
    L.Icon.Default.imagePath = button.dataset.leafletImages;
    canvas.hidden = false;
    var map = L.map(canvas, { scrollWheelZoom: false });
    L.tileLayer(button.dataset.tilesUrl, {
      maxZoom: 18,
      attribution: '<a href="https://www.openstreetmap.org/copyright">' + button.dataset.attribution + "</a>"
    }).addTo(map);
    var bounds = [];
    markers.forEach(function (partner) {
      var marker = L.marker([partner.lat, partner.lng], { title: partner.name, alt: partner.name }).addTo(map);
      var link = document.createElement("a");
      link.href = partner.url;
      link.textContent = partner.name;
      marker.bindPopup(link);
      bounds.push([partner.lat, partner.lng]);
    });
    if (bounds.length === 1) { map.setView(bounds[0], 9); } else { map.fitBounds(bounds, { padding: [30, 30] }); }
    button.closest("[data-map-consent]").hidden = true;
    canvas.focus();
  }

  var PROVIDER = "OpenStreetMap";

  function load() {
    button.disabled = true;
    Promise.all([
      loadOnce("link", { rel: "stylesheet", href: button.dataset.leafletCss }),
      loadOnce("script", { src: button.dataset.leafletJs })
    ]).then(showMap).catch(function () { button.disabled = false; });
  }

  button.addEventListener("click", function () {
    var remember = document.querySelector("[data-map-remember]");
    if (remember && remember.checked && window.inducultConsent) { window.inducultConsent.remember(PROVIDER); }
    load();
  });
  if (window.inducultConsent && window.inducultConsent.has(PROVIDER)) { load(); }
})();
