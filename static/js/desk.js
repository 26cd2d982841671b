// The scanner desk: a scanner types a tag wherever the focus is, then presses Enter. So the tag field holds
// the focus, with its text selected (the next scan replaces it, never adds to it): after a look-up, after an
// action, and after a tag that matched nothing (its message is the field's description, read with it). Only
// an action form's errors keep the focus on the page's error summary, as every other form's do.
const scanField = document.querySelector("[data-scan-field]");
if (scanField && (scanField.getAttribute("aria-invalid") === "true" || !document.querySelector("[data-error-summary]"))) {
  scanField.focus();
  scanField.select();
}
