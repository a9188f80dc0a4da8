// Calanque widget: paste <script src="https://YOUR-CALANQUE/widget.js" data-lang="fr" defer></script>
// into a partner page to get a floating "Ask about the territory" panel. The panel is an iframe of
// the site's /embed page, so the partner page shares no cookies or scripts with it.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var origin = new URL(script.src).origin;
  var lang = script.getAttribute("data-lang") === "en" ? "en" : "fr";
  var label = script.getAttribute("data-label") ||
    (lang === "en" ? "A question about the territory?" : "Une question sur le territoire ?");
  var button = document.createElement("button");
  button.type = "button";
  button.textContent = label;
  button.setAttribute("aria-expanded", "false");
  button.setAttribute("data-calanque-widget", "button");
  var s = button.style;
  s.position = "fixed"; s.right = "20px"; s.bottom = "20px"; s.zIndex = "2147483000";
  s.background = "#0b4f6c"; s.color = "#fff"; s.border = "0"; s.borderRadius = "999px";
  s.padding = "12px 20px"; s.font = "600 15px -apple-system, \"Segoe UI\", Roboto, Arial, sans-serif"; s.cursor = "pointer";
  s.boxShadow = "0 6px 20px rgba(0,0,0,.25)";
  var frame = null;
  button.addEventListener("click", function () {
    if (!frame) {
      frame = document.createElement("iframe");
      frame.src = origin + "/embed?lang=" + lang;
      frame.title = label;
      frame.setAttribute("data-calanque-widget", "panel");
      // The page's origin goes with the request, whatever its referrer policy: when this origin
      // is not in CALANQUE_CORS_ORIGINS, the frame then says what to set instead of breaking.
      frame.referrerPolicy = "origin";
      var f = frame.style;
      f.position = "fixed"; f.right = "20px"; f.bottom = "80px"; f.zIndex = "2147483000";
      f.width = "min(420px, calc(100vw - 40px))"; f.height = "min(640px, calc(100vh - 120px))";
      f.border = "1px solid #d9d2c5"; f.borderRadius = "14px"; f.background = "#f7f3ec";
      f.boxShadow = "0 10px 40px rgba(0,0,0,.3)";
      document.body.appendChild(frame);
    } else {
      frame.hidden = !frame.hidden;
    }
    button.setAttribute("aria-expanded", String(!frame.hidden));
  });
  document.body.appendChild(button);
})();
