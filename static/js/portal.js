// A form posts once: a second click on its button while the first is on its way does nothing.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form.method.toLowerCase() !== "post") return;
  if (form.dataset.submitted) {
    event.preventDefault();
    return;
  }
  form.dataset.submitted = "true";
  form.querySelectorAll("button[type=submit]").forEach((button) => button.setAttribute("aria-disabled", "true"));
});

// A page whose form has errors opens on its error summary, so that a screen reader reads it first.
document.querySelector("[data-error-summary]")?.focus();

// A link in the error summary focuses its field and brings the field's question into view above it: the
// legend of a radio or checkbox group, or the field's label.
document.addEventListener("click", (event) => {
  const link = event.target.closest("[data-error-summary] a[href^='#']");
  const field = link && document.getElementById(decodeURIComponent(link.hash.slice(1)));
  if (!field) return;
  event.preventDefault();
  const grouped =
    ["radio", "checkbox"].includes(field.type) && document.getElementsByName(field.name).length > 1;
  const legend = grouped ? field.closest("fieldset")?.querySelector("legend") : null;
  const question = legend || (field.id && document.querySelector(`label[for="${CSS.escape(field.id)}"]`));
  (question || field).scrollIntoView();
  field.focus({ preventScroll: true });
});

// A table box that scrolls sideways (templates/_scrolling_table.html) takes focus as a named region, so that a
// keyboard can scroll it (WCAG 2.1.1); one whose table fits is neither, or Tab would stop on a box that does
// nothing. Checked again whenever the window's width changes or htmx brings new content.
const fitScrollingTables = () => {
  document.querySelectorAll("[data-scrolling-table]").forEach((box) => {
    if (box.scrollWidth > box.clientWidth) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", box.dataset.scrollingTable);
    } else {
      ["tabindex", "role", "aria-label"].forEach((name) => box.removeAttribute(name));
    }
  });
};
let tablesPending = false;
const fitScrollingTablesSoon = () => {
  if (tablesPending) return;
  tablesPending = true;
  requestAnimationFrame(() => {
    tablesPending = false;
    fitScrollingTables();
  });
};
fitScrollingTables();
window.addEventListener("resize", fitScrollingTablesSoon);
window.addEventListener("load", fitScrollingTablesSoon); // once the fonts have their widths
document.addEventListener("htmx:afterSettle", fitScrollingTablesSoon);
