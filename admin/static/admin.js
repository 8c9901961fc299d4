"use strict";
// Small enhancements; every action works without this script.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-copy]");
  if (!button) return;
  var source = document.getElementById(button.getAttribute("data-copy"));
  var status = button.parentElement.querySelector(".copied");
  navigator.clipboard.writeText(source.textContent).then(
    function () { if (status) status.textContent = "Copied."; },
    function () { if (status) status.textContent = "Select the code and copy it with Ctrl+C."; }
  );
});
document.addEventListener("submit", function (event) {
  var message = event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) event.preventDefault();
});
