// camgate status page: every few seconds, fetch the live part of the page again (server-rendered HTML, every value
// escaped by the gateway) and swap it in. No inline script: the page's Content-Security-Policy allows only this file.
(function () {
  'use strict';
  var REFRESH_MS = 5000;
  var live = document.getElementById('live');
  if (!live) {
    return;
  }
  var src = live.getAttribute('data-src');
  function refresh() {
    fetch(src, { cache: 'no-store', credentials: 'same-origin' })
      .then(function (response) {
        if (!response.ok) {
          throw new Error('HTTP ' + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        var parsed = new DOMParser().parseFromString('<div>' + html + '</div>', 'text/html');
        live.replaceChildren.apply(live, Array.prototype.slice.call(parsed.body.firstChild.childNodes));
        live.removeAttribute('data-stale');
      })
      .catch(function () {
        live.setAttribute('data-stale', 'true');
      })
      .then(function () {
        window.setTimeout(refresh, REFRESH_MS);
      });
  }
  window.setTimeout(refresh, REFRESH_MS);
}());
