// After a form error, focus moves to the error summary (templates/accounts/includes/form_errors.html), so that a
// screen reader reads it and the keyboard starts from it; the page title already carries the error.
const errorSummary = document.querySelector("[data-error-summary]");
if (errorSummary) errorSummary.focus();
