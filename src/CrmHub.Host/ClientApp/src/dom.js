// Small DOM and formatting helpers. Text always goes in through textContent, never as HTML.

/** Creates an element: el("li", { class: "x", "aria-label": "y", onclick: f }, child, "text", …). */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") element.addEventListener(name.slice(2), value);
    else if (name === "class") element.className = value;
    else if (name in element && typeof value !== "string") element[name] = value;
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  element.append(...children.flat().filter((child) => child !== null && child !== undefined && child !== false));
  return element;
}

export function $(selector) {
  return document.querySelector(selector);
}

/** Replaces an element's children. */
export function fill(element, ...children) {
  element.replaceChildren(...children.flat().filter((child) => child !== null && child !== undefined && child !== false));
}

export function formatTime(iso) {
  if (!iso) return "—";
  return new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

export function formatDateTime(iso) {
  if (!iso) return "—";
  return new Date(iso).toLocaleString([], { dateStyle: "short", timeStyle: "short" });
}

/** 75 → "1:15", 3 725 → "1:02:05"; negative values are shown with a minus sign. */
export function formatDuration(totalSeconds) {
  if (totalSeconds === null || totalSeconds === undefined || Number.isNaN(totalSeconds)) return "—";
  const sign = totalSeconds < 0 ? "−" : "";
  let seconds = Math.floor(Math.abs(totalSeconds));
  const hours = Math.floor(seconds / 3600);
  seconds -= hours * 3600;
  const minutes = Math.floor(seconds / 60);
  seconds -= minutes * 60;
  const pad = (n) => String(n).padStart(2, "0");
  return hours > 0 ? `${sign}${hours}:${pad(minutes)}:${pad(seconds)}` : `${sign}${minutes}:${pad(seconds)}`;
}

export function formatPercent(share, digits = 0) {
  return share === null || share === undefined ? "—" : `${(share * 100).toFixed(digits)}%`;
}

export function formatMoney(amount) {
  return amount === null || amount === undefined ? "—" : Number(amount).toLocaleString([], { maximumFractionDigits: 2 });
}

/** A tier badge (Platinum, Gold, Iron, Lead), or nothing when the tier is unknown. */
export function tierBadge(tier) {
  return tier ? el("span", { class: `badge tier tier-${tier.toLowerCase()}`, title: "Customer tier" }, tier) : null;
}

export function keyAccountBadge(isKeyAccount) {
  return isKeyAccount ? el("span", { class: "badge key-account", title: "Key account" }, "Key account") : null;
}

/**
 * D9 deadline state as the consoles colour it: "ok", "warning" from 80% of the interval, "breached" once it passed
 * unmet, "met" once met.
 */
export function deadlineState(openedAt, dueAt, met, now = Date.now()) {
  if (met) return "met";
  const start = Date.parse(openedAt);
  const due = Date.parse(dueAt);
  if (now >= due) return "breached";
  return (now - start) / (due - start) >= 0.8 ? "warning" : "ok";
}

/** Short accessible beep through Web Audio (no sound file to load). */
export function beep() {
  try {
    const audio = new AudioContext();
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.frequency.value = 880;
    gain.gain.value = 0.08;
    tone.connect(gain).connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + 0.15);
    tone.onended = () => audio.close();
  } catch {
    // No audio in this browser: the visual and screen-reader announcements remain.
  }
}
