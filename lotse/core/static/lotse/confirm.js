// Asks before a step that cannot be undone or that shares the case's data is sent: a form names
// its <dialog> in data-confirm, the dialog says the effect. Without JavaScript the form posts as it
// is (the page shows the effect beside it). No inline script: the Content Security Policy forbids it.
(function () {
  "use strict";

  function formOf(dialog) {
    return document.querySelector('form[data-confirm="' + dialog.id + '"]');
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var id = form.getAttribute("data-confirm");
    if (!id || form.dataset.confirmed === "yes") {
      return;
    }
    var dialog = document.getElementById(id);
    if (!dialog || typeof dialog.showModal !== "function") {
      return;
    }
    event.preventDefault();
    var choice = dialog.querySelector("[data-confirm-choice]");
    var select = form.querySelector("select");
    if (choice) {
      choice.textContent = select ? select.options[select.selectedIndex].text : "";
      choice.hidden = !select;
    }
    dialog.showModal();
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm-ok], [data-confirm-cancel]");
    if (!button) {
      return;
    }
    var dialog = button.closest("dialog");
    dialog.close();
    if (button.hasAttribute("data-confirm-ok")) {
      var form = formOf(dialog);
      form.dataset.confirmed = "yes";
      if (typeof form.requestSubmit === "function") {
        form.requestSubmit();
      } else {
        form.submit();
      }
    }
  });
})();
