// A form with data-confirm="<dialog id>" asks in that <dialog> before it is sent (kern/confirm.html,
// the case page's steps): the dialog says the effect; an element marked data-confirm-choice shows
// the option chosen in the form's select. Listening in the capture phase stops the first submit
// before htmx or the browser sends it; the confirmed second submit passes. Without script the form
// posts directly. No inline script: the Content Security Policy forbids it.
(function () {
  "use strict";
  var ACCEPT = "[data-confirm-accept], [data-confirm-ok]";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var dialog = form.dataset && form.dataset.confirm && document.getElementById(form.dataset.confirm);
    if (!dialog || form.dataset.confirmed === "yes" || typeof dialog.showModal !== "function") {
      if (form.dataset) { delete form.dataset.confirmed; }
      return;
    }
    event.preventDefault();
    event.stopPropagation();
    var choice = dialog.querySelector("[data-confirm-choice]");
    var select = form.querySelector("select");
    if (choice) {
      choice.textContent = select ? select.options[select.selectedIndex].text : "";
      choice.hidden = !select;
    }
    dialog.lotseForm = form;
    dialog.lotseSubmitter = event.submitter || null;
    dialog.showModal();
  }, true);
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(ACCEPT + ", [data-confirm-cancel]");
    var dialog = button && button.closest("dialog");
    if (!dialog) { return; }
    dialog.close();
    if (button.matches(ACCEPT) && dialog.lotseForm) {
      var form = dialog.lotseForm;
      form.dataset.confirmed = "yes";
      if (form.requestSubmit) { form.requestSubmit(dialog.lotseSubmitter || undefined); } else { form.submit(); }
    }
  });
}());
