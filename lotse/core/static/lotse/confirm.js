// A form with data-confirm="<dialog id>" asks in that <dialog> before it is sent (kern/confirm.html).
// Listening in the capture phase stops the first submit before htmx or the browser sends it; the
// confirmed second submit passes. Without script the form posts directly.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var dialog = form.dataset && form.dataset.confirm && document.getElementById(form.dataset.confirm);
    if (!dialog || form.dataset.confirmed === "yes" || typeof dialog.showModal !== "function") {
      if (form.dataset) { delete form.dataset.confirmed; }
      return;
    }
    event.preventDefault();
    event.stopPropagation();
    dialog.lotseForm = form;
    dialog.lotseSubmitter = event.submitter || null;
    dialog.showModal();
  }, true);
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-confirm-accept], [data-confirm-cancel]");
    var dialog = button && button.closest("dialog");
    if (!dialog) { return; }
    dialog.close();
    if (button.hasAttribute("data-confirm-accept") && dialog.lotseForm) {
      var form = dialog.lotseForm;
      form.dataset.confirmed = "yes";
      if (form.requestSubmit) { form.requestSubmit(dialog.lotseSubmitter || undefined); } else { form.submit(); }
    }
  });
}());
