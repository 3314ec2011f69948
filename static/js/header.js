// The header's menu (below the width where the navigation fits): Escape closes it and gives focus back to the
// menu button. Bootstrap's collapse opens and closes it; this adds only the key.
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  const menu = document.getElementById("portal-nav");
  if (!menu || !menu.classList.contains("show")) return;
  bootstrap.Collapse.getOrCreateInstance(menu, { toggle: false }).hide();
  const button = document.querySelector('[data-bs-target="#portal-nav"]');
  if (button) button.focus();
});
