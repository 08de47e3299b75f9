// Links within a page that has a calculator ("Skip to the result", the summary bar, the theme's
// "Skip to content", the table of contents) move the view and the focus within the page, and do
// nothing else. Part of calculators.js.
//
// Material's instant navigation takes every click on a link of the site, links to a heading of
// the same page among them: it pushes a history entry, and its first such click fetches the page
// again and swaps it in, which put the example's inputs back in the form. Here such a click is
// taken first (a capture listener on the document, before Material's on the body) and kept from
// the theme: no new history entry, no fetch, the form untouched. A share link to the same page
// (a fragment with "=") still goes to the theme, which loads it.

const FOCUSABLE = "a[href], button, input, select, textarea, summary, [tabindex]";
const MARGIN_PX = 12; // between the theme's fixed header and the target

// The element a link's fragment names on this page, or null (another page, a share link, no such id).
export function inPageTarget(link, doc = document) {
  if (!link || !link.href || (link.target && link.target !== "_self") || link.hasAttribute("download")) return null;
  let url;
  try {
    url = new URL(link.href, doc.baseURI);
  } catch {
    return null;
  }
  const here = new URL(doc.location.href);
  if (url.origin !== here.origin || url.pathname !== here.pathname || url.search !== here.search) return null;
  if (url.hash.length < 2 || url.hash.includes("=")) return null;
  let id;
  try {
    id = decodeURIComponent(url.hash.slice(1));
  } catch {
    return null;
  }
  return doc.getElementById(id);
}

// A theme toggle (Material's drawer or search, checkboxes) closed as the theme closes it.
function closeToggle(id) {
  const toggle = document.getElementById(id);
  if (toggle && toggle.type === "checkbox" && toggle.checked) {
    toggle.checked = false;
    toggle.dispatchEvent(new Event("change"));
  }
}

// Scroll `target` to the top of the view, below the theme's header, and give it the focus.
export function moveTo(target) {
  if (!target.matches(FOCUSABLE)) target.setAttribute("tabindex", "-1");
  target.focus({ preventScroll: true });
  target.scrollIntoView({ block: "start" });
  const header = document.querySelector(".md-header");
  const below = header ? header.getBoundingClientRect().bottom : 0;
  const gap = below + MARGIN_PX - target.getBoundingClientRect().top;
  if (gap > 0 && window.scrollY > 0) window.scrollBy(0, -gap);
}

function clicked(event) {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  if (!(event.target instanceof Element) || !document.querySelector("[data-calculator]")) return;
  const target = inPageTarget(event.target.closest("a[href]"));
  if (!target) return;
  event.preventDefault();
  event.stopPropagation();
  closeToggle("__drawer");
  closeToggle("__search");
  moveTo(target);
}

let following = false;

export function followInPageLinks() {
  if (following) return;
  following = true;
  document.addEventListener("click", clicked, true);
}
