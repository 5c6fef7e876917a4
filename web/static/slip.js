// The take-home slip: "Printen" opens the browser's print dialog (no inline script: CSP).
document.getElementById("print")?.addEventListener("click", () => window.print());
// Opened by the kiosk's "Printen": print at once.
if (new URLSearchParams(window.location.search).get("print") === "1") {
  window.addEventListener("load", () => window.print());
}
