// Calanque front end: progressive enhancement of the question form (works without it too).
// Everything from the server or a source is inserted as text, except the answer HTML, which the
// server has sanitised.
"use strict";

(function () {
  const body = document.body;
  const T = JSON.parse(body.dataset.t || "{}");
  const form = document.getElementById("ask-form");
  const input = document.getElementById("q");
  const button = document.getElementById("ask-button");
  const conversation = document.getElementById("conversation");
  const hero = document.getElementById("hero");
  const actions = document.getElementById("actions");
  const cidInput = document.getElementById("conversation-id");
  if (!form) return;  // pages without the question box (the equity report)

  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function safeHref(href) {
    return /^https?:\/\//i.test(href) || /^\/source\?uri=/.test(href) ? href : null;
  }

  function placeFormBelow() {
    if (conversation.children.length && form.parentNode !== actions.parentNode) {
      conversation.after(form);
      input.placeholder = T.followup_placeholder || "";
      hero.classList.add("compact");
      const examples = document.getElementById("examples");
      if (examples) examples.remove();
    }
  }

  function renderSources(turnEl, turnId, sources) {
    if (!sources.length) return;
    turnEl.querySelector(".answer").after(el("h3", "sources-title", T.sources));
    const list = el("ol", "sources");
    for (const s of sources) {
      const item = el("li", "source");
      item.id = "src-" + turnId + "-" + s.number;
      item.appendChild(el("span", "num", String(s.number)));
      const box = el("div");
      const href = safeHref(s.href || "");
      const title = el(href ? "a" : "span", "source-title", s.title);
      if (href) { title.href = href; title.rel = "noopener noreferrer nofollow"; }
      box.appendChild(title);
      if (s.demo) {
        const badge = el("span", "badge", T.demo);
        badge.title = T.demo_title;
        box.appendChild(badge);
      }
      box.appendChild(el("span", "source-site", s.uri + (s.updated ? " · " + s.updated : "")));
      box.appendChild(el("p", "snippet", s.snippet));
      if (s.communes && s.communes.length) {
        const places = el("p", "communes");
        places.appendChild(el("span", "visually-hidden", T.places + " : "));
        for (const c of s.communes.slice(0, 8)) places.appendChild(el("span", "chip", c.name));
        box.appendChild(places);
      }
      item.appendChild(box);
      list.appendChild(item);
    }
    turnEl.querySelector(".sources-title").after(list);
  }

  function svgIcon(name) {
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("class", "icon"); svg.setAttribute("aria-hidden", "true"); svg.setAttribute("focusable", "false");
    const use = document.createElementNS(ns, "use");
    use.setAttribute("href", "#icon-" + name);
    svg.appendChild(use);
    return svg;
  }

  function hidden(name, value) {
    const input = el("input");
    input.type = "hidden"; input.name = name; input.value = value;
    return input;
  }

  // The same form as the server renders (index.html), which also works without JavaScript.
  function feedbackForm(turnId, conversationId) {
    const f = el("form", "feedback");
    f.action = "/feedback"; f.method = "post";
    f.dataset.turnId = turnId;
    f.append(hidden("turn_id", turnId), hidden("conversation_id", conversationId));
    const byDefault = el("button", "default-submit");
    byDefault.type = "submit"; byDefault.hidden = true; byDefault.tabIndex = -1;
    byDefault.setAttribute("aria-hidden", "true");
    f.appendChild(byDefault);
    for (const [rating, label, icon] of [[1, T.useful, "up"], [-1, T.not_useful, "down"]]) {
      const b = el("button", "thumb");
      b.appendChild(svgIcon(icon));
      b.type = "submit"; b.name = "rating"; b.value = rating;
      b.dataset.rating = rating; b.setAttribute("aria-label", label); b.title = label;
      f.appendChild(b);
    }
    const id = "comment-" + turnId;
    const lab = el("label", "visually-hidden", T.comment); lab.htmlFor = id;
    const c = el("input", "comment"); c.id = id; c.name = "comment"; c.type = "text"; c.maxLength = 2000; c.placeholder = T.comment;
    const send = el("button", "send", T.send); send.type = "submit";
    f.append(lab, c, send, el("span", "thanks"));
    f.querySelector(".thanks").setAttribute("role", "status");
    return f;
  }

  async function sendFeedback(f, rating) {
    const res = await fetch("/api/feedback", {
      method: "POST", headers: {"Content-Type": "application/json"},
      body: JSON.stringify({
        turn_id: Number(f.elements.turn_id.value),
        conversation_id: f.elements.conversation_id.value,  // the turn's conversation: its proof
        rating: rating,
        comment: f.elements.comment.value,
      }),
    });
    f.querySelector(".thanks").textContent = res.ok ? T.thanks : T.error;
  }

  function errorText(payload) {
    // 422: {"detail": [{"loc", "msg", "type"}]}; other errors: {"detail": "…"}.
    const detail = payload && payload.detail;
    if (typeof detail === "string") return detail;
    if (Array.isArray(detail) && detail.length && typeof detail[0].msg === "string") return detail[0].msg;
    return T.error;
  }

  document.addEventListener("click", (event) => {
    const thumb = event.target.closest(".thumb");
    if (thumb) {
      event.preventDefault();  // a submit button for pages without JavaScript
      const f = thumb.closest(".feedback");
      f.querySelectorAll(".thumb").forEach((b) => b.setAttribute("aria-pressed", String(b === thumb)));
      sendFeedback(f, Number(thumb.dataset.rating));
      return;
    }
    const cite = event.target.closest("a.cite");
    if (cite) {
      const target = document.getElementById(cite.getAttribute("href").slice(1));
      if (target) {
        event.preventDefault();
        target.scrollIntoView({behavior: "smooth", block: "center"});
        target.classList.add("flash");
        setTimeout(() => target.classList.remove("flash"), 1600);
        history.replaceState(null, "", "#" + target.id);
      }
      return;
    }
    const example = event.target.closest(".example");
    if (example) { input.value = example.textContent; form.requestSubmit(); }
  });

  document.addEventListener("submit", (event) => {
    const f = event.target.closest(".feedback");
    if (!f) return;
    event.preventDefault();
    const pressed = f.querySelector('.thumb[aria-pressed="true"]');
    if (!pressed) { f.querySelector(".thumb").focus(); return; }
    sendFeedback(f, Number(pressed.dataset.rating));
  });

  async function* events(response) {
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const {value, done} = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, {stream: true});
      let cut;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, cut); buffer = buffer.slice(cut + 2);
        let name = "message", data = "";
        for (const line of block.split("\n")) {
          if (line.startsWith("event: ")) name = line.slice(7);
          else if (line.startsWith("data: ")) data += line.slice(6);
        }
        yield [name, data ? JSON.parse(data) : null];
      }
    }
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const question = input.value.trim();
    if (!question) { input.focus(); return; }
    const turn = el("article", "turn");
    turn.appendChild(el("h2", "question", question));
    const answer = el("div", "answer", "");
    const thinking = el("p", "thinking", T.thinking);
    answer.appendChild(thinking);
    answer.setAttribute("aria-live", "polite");
    answer.setAttribute("aria-busy", "true");
    turn.appendChild(answer);
    conversation.appendChild(turn);
    placeFormBelow();
    // Read from the question down; the form that moved below must not pull the view past it
    // (in the widget's small frame it did).
    turn.scrollIntoView({block: "start"});
    input.value = "";
    button.disabled = true;
    try {
      const res = await fetch("/api/ask", {
        method: "POST",
        headers: {"Content-Type": "application/json", "Accept": "text/event-stream"},
        body: JSON.stringify({question: question, conversation_id: cidInput.value || null, stream: true}),
      });
      if (!res.ok) {
        let detail = T.error;
        if (res.status === 429) detail = T.too_many;
        else { try { detail = errorText(await res.json()); } catch (e) { /* keep generic */ } }
        answer.textContent = detail;
        answer.classList.add("fallback");
        return;
      }
      let text = "";
      for await (const [name, data] of events(res)) {
        if (name === "delta") {
          if (!text) { answer.textContent = ""; answer.classList.add("streaming"); }
          text += data;
          answer.textContent = text;
        } else if (name === "notice") {
          const note = el("p", "fallback", data);
          note.setAttribute("role", "status");
          turn.insertBefore(note, answer);
        } else if (name === "done") {
          answer.classList.remove("streaming");
          answer.innerHTML = data.html;  // sanitised by the server
          turn.dataset.turnId = data.turn_id;
          renderSources(turn, data.turn_id, data.sources);
          if (data.communes && data.communes.length) {
            const map = el("div", "map");
            map.dataset.communes = data.communes.join(" ");
            map.setAttribute("role", "img");
            const names = [...new Set(data.sources.flatMap((s) => s.communes.map((c) => c.name)))];
            map.setAttribute("aria-label", T.map_label + " : " + names.join(", "));
            turn.querySelector(".answer").after(map);
            if (window.calanqueMap) window.calanqueMap(map);
          }
          turn.id = "turn-" + data.turn_id;
          turn.appendChild(feedbackForm(data.turn_id, data.conversation_id));
          cidInput.value = data.conversation_id;
          body.dataset.conversation = data.conversation_id;
          document.getElementById("permalink").href = data.permalink;
          actions.hidden = false;
          // In a partner's frame, the frame's own page: a reload of /c/ there would be refused.
          const here = body.classList.contains("embed") ? "/embed" + data.permalink : data.permalink;
          history.replaceState(null, "", here);
        } else if (name === "error") {
          answer.classList.remove("streaming");
          answer.textContent = data.message;
          answer.classList.add("fallback");
        }
      }
    } catch (e) {
      answer.classList.remove("streaming");
      answer.textContent = T.error;
      answer.classList.add("fallback");
    } finally {
      answer.setAttribute("aria-busy", "false");
      button.disabled = false;
      input.focus({preventScroll: true});
    }
  });

  placeFormBelow();
})();
