// The back office's own fixes for WCAG 2.2 AA, where Django's admin markup needs a script (see admin.css).

// A split date and time field (templates/admin/widgets/split_datetime.html) is a group named after the field's
// label, so that its boxes are heard as "Last login, Date" and "Last login, Time": Django's label for the
// pair points at neither box.
document.querySelectorAll("p.datetime[data-field-label]").forEach((group) => {
  const label = group.parentElement.querySelector(":scope > label");
  const box = group.querySelector("input");
  if (!label || !box) return;
  label.id = label.id || `${box.id.replace(/_0$/, "")}_label`;
  group.setAttribute("aria-labelledby", label.id);
});

// The two-box selector (SelectFilter2.js, drawn on load) puts an aria-label on a bare icon span, where screen
// readers ignore it (WCAG 4.1.2): as an image, the icon is named.
window.addEventListener("load", () => {
  document.querySelectorAll("span[aria-label]:not([role])").forEach((icon) => {
    if (!icon.textContent.trim()) icon.setAttribute("role", "img");
  });
});
