// The light/dark switch in the header (overrides/partials/palette.html), run by this module
// instead of Material's palette component.
//
// Why: Material's component applies the palette to <body> again every time a page loads, and
// marks <body> with data-md-color-switching while it does, which its stylesheet uses in
// `[data-md-color-switching] *` to turn transitions off. Setting and then removing that mark
// makes the browser restyle every element of the page, twice, during start-up. On a calculator
// page (about 1,400 elements) that was the largest part of Lighthouse's mobile Total Blocking
// Time, and CPU taken from Pyodide's start. Material's inline script after the switch has
// already applied the stored palette by then, so this module leaves <body> alone at start-up
// unless the palette in use has to change (a first visit whose system prefers the other scheme,
// or a stored palette whose colours the site has since changed).
//
// The palette is stored under Material's key and in its shape ({index, color}) with Material's
// own __md_get/__md_set, so Material's inline script applies it on the next page. Material
// keeps the header through instant navigation; the dataset flag stops a second mount anyway.

const SWITCH = '[data-md-component="palette-switch"]';
const COLOR_KEYS = ["media", "scheme", "primary", "accent"];

// Material's storage helpers throw where storage is refused (a privacy setting) or holds text
// that is not JSON; the switch then works for this page only.
function readStored() {
  try {
    return __md_get("__palette");
  } catch (error) {
    return null;
  }
}

function store(palette) {
  try {
    __md_set("__palette", palette);
  } catch (error) {
    // not kept for the next page
  }
}

// The palette an element carries: an input's option, or <body>'s palette in use.
function colorOf(element) {
  return Object.fromEntries(COLOR_KEYS.map((key) => [key, element.getAttribute(`data-md-color-${key}`)]));
}

function sameColor(a, b) {
  return Boolean(a && b) && COLOR_KEYS.every((key) => a[key] === b[key]);
}

// The stored palette if there is one, else the first whose media query matches (else the first).
function chosenIndex(inputs, stored) {
  if (stored && typeof stored === "object" && Number.isInteger(stored.index)) return Math.min(Math.max(stored.index, 0), inputs.length - 1);
  return Math.max(0, inputs.findIndex((input) => matchMedia(input.getAttribute("data-md-color-media")).matches));
}

// Check the palette's radio and show only its label (the button to the next palette).
function showChoice(inputs, index) {
  inputs.forEach((input, position) => {
    input.checked = position === index;
    const label = input.nextElementSibling;
    if (label instanceof HTMLLabelElement) label.hidden = position !== index;
  });
}

// The browser's hints follow the header, as with Material: theme-color (the colour of the
// browser's own bar) and color-scheme (scrollbars and form controls outside <body>). Changing
// color-scheme restyles the whole page, so a page still in the light scheme it was rendered in
// gets no color-scheme hint at all, which is the same as "light".
function updateHints() {
  const header = document.querySelector(".md-header");
  if (!header) return;
  const style = getComputedStyle(header);
  const rgb = (style.backgroundColor.match(/\d+/g) || []).slice(0, 3);
  if (rgb.length === 3) meta("theme-color").content = `#${rgb.map((part) => (+part).toString(16).padStart(2, "0")).join("")}`;
  const scheme = style.colorScheme;
  if (document.head.querySelector('meta[name="color-scheme"]') || !["light", "normal"].includes(scheme)) {
    meta("color-scheme").content = scheme;
  }
}

function meta(name) {
  let element = document.head.querySelector(`meta[name="${name}"]`);
  if (!element) {
    element = document.createElement("meta");
    element.name = name;
    document.head.appendChild(element);
  }
  return element;
}

function apply(inputs, index) {
  const color = colorOf(inputs[index]);
  const body = document.body;
  body.setAttribute("data-md-color-switching", ""); // no transitions while the colours change
  for (const key of COLOR_KEYS) body.setAttribute(`data-md-color-${key}`, color[key]);
  store({ index, color });
  showChoice(inputs, index);
  requestAnimationFrame(() => {
    body.removeAttribute("data-md-color-switching");
    updateHints();
  });
}

function mount() {
  const form = document.querySelector(SWITCH);
  if (!form || form.dataset.mounted) return;
  form.dataset.mounted = "true";
  const inputs = Array.from(form.querySelectorAll("input[name='__palette']"));
  if (!inputs.length) return;
  const stored = readStored();
  const index = chosenIndex(inputs, stored);
  const color = colorOf(inputs[index]);
  if (sameColor(color, { ...colorOf(document.body), media: color.media })) {
    // The page already shows this palette: no restyle, only the switch and the record.
    showChoice(inputs, index);
    document.body.setAttribute("data-md-color-media", color.media); // no stylesheet selects on it
    if (!sameColor(color, stored && stored.color)) store({ index, color });
    // The hints read computed style: wait until the page has been styled anyway.
    addEventListener("load", () => requestAnimationFrame(updateHints), { once: true });
  } else {
    apply(inputs, index);
  }
  form.addEventListener("change", (event) => {
    const position = inputs.indexOf(event.target);
    if (position >= 0) apply(inputs, position);
  });
  // Enter on the switch moves on to the next palette, as a click on its label does.
  form.addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    const position = inputs.findIndex((input) => input.checked);
    const next = inputs[(position + 1) % inputs.length];
    event.preventDefault();
    next.click();
    next.focus();
  });
}

if (window.document$ && typeof window.document$.subscribe === "function") {
  window.document$.subscribe(mount);
} else if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", mount);
} else {
  mount();
}
