// The chat page works without this script; it only brings the latest answer into view and puts the
// cursor back in the question box, and stops a double submit.
(function () {
  "use strict";
  var latest = document.getElementById("latest");
  var box = document.getElementById("chat-q");
  if (latest && window.location.hash === "#latest") {
    latest.scrollIntoView({block: "nearest"});
    if (box) { box.focus({preventScroll: true}); }
  }
  document.querySelectorAll("form.chat-form").forEach(function (form) {
    form.addEventListener("submit", function () {
      var button = form.querySelector("button[type=submit]");
      if (button) { setTimeout(function () { button.disabled = true; }, 0); }
    });
  });
})();
