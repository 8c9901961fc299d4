/* Vouch hosted review form: solves the business's proof-of-work challenge while the
   visitor types, so the review is not held for a look. Without this script (or without
   crypto.subtle) the form still posts; the review is then held for the owner. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-challenge]");
  if (!form || !(window.crypto && crypto.subtle)) return;
  var challenge = JSON.parse(form.getAttribute("data-challenge"));
  var field = form.querySelector("input[name=altcha]");
  var encoder = new TextEncoder();

  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) {
      return (b + 256).toString(16).slice(1);
    }).join("");
  }

  // Find n with SHA-256(salt + n) = challenge, a batch per task so the page stays live.
  function search(start) {
    var tries = [];
    for (var n = start; n < start + 500 && n <= challenge.maxnumber; n++) {
      tries.push(crypto.subtle.digest("SHA-256", encoder.encode(challenge.salt + n)));
    }
    return Promise.all(tries).then(function (hashes) {
      var found = hashes.map(hex).indexOf(challenge.challenge);
      if (found >= 0) return start + found;
      if (start + 500 > challenge.maxnumber) throw new Error("no solution");
      return new Promise(function (resolve) { setTimeout(resolve, 0); })
        .then(function () { return search(start + 500); });
    });
  }

  search(0).then(function (number) {
    field.value = btoa(JSON.stringify({ algorithm: challenge.algorithm,
      challenge: challenge.challenge, number: number, salt: challenge.salt,
      signature: challenge.signature }));
  }, function (error) {
    console.warn("[vouch] proof of work:", error);
  });
})();
