// Where a number comes from: the explanation of a [data-kilde] number (vvvanalysis.trace) shown on hover and on
// keyboard focus (WCAG 2.1 1.4.13: it stays while the pointer is over it, Escape dismisses it). Nothing is loaded.
(function () {
  var tip = null, owner = null;
  function hide() {
    if (tip) { tip.hidden = true; }
    if (owner) { owner.removeAttribute("aria-describedby"); owner = null; }
  }
  function show(el) {
    if (owner === el) { return; }
    hide();
    if (!tip) {
      tip = document.createElement("div");
      tip.id = "kilde-forklaring";
      tip.className = "kilde-forklaring";
      tip.setAttribute("role", "tooltip");
      tip.addEventListener("mouseleave", function (e) { if (!owner || !owner.contains(e.relatedTarget)) { hide(); } });
      document.body.appendChild(tip);
    }
    owner = el;
    tip.textContent = el.getAttribute("data-forklaring") || el.getAttribute("data-kilde");
    tip.hidden = false;
    el.setAttribute("aria-describedby", tip.id);
    var box = el.getBoundingClientRect(), width = document.documentElement.clientWidth;
    var left = Math.max(4, Math.min(window.scrollX + box.left, window.scrollX + width - tip.offsetWidth - 4));
    tip.style.left = left + "px";
    tip.style.top = (window.scrollY + box.bottom + 4) + "px";
  }
  function number(node) { return node && node.closest ? node.closest("[data-kilde]") : null; }
  document.addEventListener("mouseover", function (e) { var el = number(e.target); if (el) { show(el); } });
  document.addEventListener("mouseout", function (e) {
    var el = number(e.target);
    if (el && el === owner && !(tip && tip.contains(e.relatedTarget)) && !el.contains(e.relatedTarget)) { hide(); }
  });
  document.addEventListener("focusin", function (e) { var el = number(e.target); if (el) { show(el); } else { hide(); } });
  document.addEventListener("focusout", function (e) { if (number(e.target) === owner) { hide(); } });
  document.addEventListener("keydown", function (e) { if (e.key === "Escape" || e.key === "Esc") { hide(); } });
})();
