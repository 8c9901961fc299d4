/* Vouch hosted review form. Counts the characters left near the review's limit (the
   text is never cut: the server says what is too long), and solves the business's
   proof-of-work challenge while the visitor types, so the review is not held for a
   look. Without this script the form still posts; without the proof of work the
   review is then held for the owner. */
(function () {
  "use strict";
  var body = document.querySelector("textarea[data-limit]");
  var counter = document.getElementById("body-count");
  if (body && counter) {
    var limit = parseInt(body.getAttribute("data-limit"), 10);
    var initial = counter.textContent;
    var count = function () {
      var left = limit - body.value.length;
      if (left > limit * 0.1) {
        counter.textContent = initial;
        counter.classList.remove("over");
        return;
      }
      var text = counter.getAttribute(left < 0 ? "data-over" : "data-left");
      counter.textContent = text.replace("#", String(Math.abs(left)));
      counter.classList.toggle("over", left < 0);
    };
    body.addEventListener("input", count);
    count();
  }

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
