/* Vouch review page: the browser's own share sheet where it has one, and "Copy link".
 * Without script the plain share links and the address field still work. */
(function () {
  "use strict";
  var native = document.querySelector(".share-native");
  if (native && navigator.share) {
    native.hidden = false;
    native.addEventListener("click", function () {
      navigator.share({ title: native.dataset.title, text: native.dataset.title,
        url: native.dataset.url }).catch(function () { /* closed by the visitor */ });
    });
  }
  var copy = document.querySelector(".copy-link");
  var field = document.getElementById("share-url");
  var status = document.querySelector(".copy-status");
  if (!copy || !field) return;
  copy.addEventListener("click", function () {
    function done() { status.textContent = copy.dataset.copied; }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(field.value).then(done, function () {
        field.select();
      });
    } else {
      field.select();
      if (document.execCommand && document.execCommand("copy")) done();
    }
  });
})();
