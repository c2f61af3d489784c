// The web chat: sends questions to the JSON API and shows the replies.
// Every text from the server is inserted with textContent, never as HTML,
// and the page loads nothing but this server's own files (see the CSP).
"use strict";

(() => {
  const log = document.getElementById("log");
  const form = document.getElementById("ask");
  const input = document.getElementById("question");
  const askButton = form.querySelector("button");
  const topicList = document.getElementById("topic-list");
  let context = null; // handed back by each reply, sent with the next question
  let sourceTitle = null;

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function turn(who, label) {
    const item = el("li", "turn " + who);
    item.append(el("span", "visually-hidden", label + ": "));
    log.append(item);
    return item;
  }

  function shown(item) {
    item.scrollIntoView({ block: "nearest" });
  }

  async function call(path, options) {
    let response;
    try {
      response = await fetch(path, options);
    } catch (_) {
      throw new Error("The server could not be reached. Please try again.");
    }
    let body = null;
    try {
      body = await response.json();
    } catch (_) {
      body = null;
    }
    if (!response.ok) {
      const message = body && body.error && body.error.message;
      throw new Error("Sorry, that did not work: " + (message || "error " + response.status) + ".");
    }
    return body;
  }

  function showError(error) {
    const item = turn("bot", "faq-bot");
    item.classList.add("error");
    item.append(el("p", null, error.message));
    shown(item);
  }

  function sourceLine(sectionTitle) {
    if (!sectionTitle) return null;
    // As faq-bot ask prints it: the article and section, or the section alone.
    return el("p", "source", sourceTitle ? "Source: " + sourceTitle + ", " + sectionTitle : "Section: " + sectionTitle);
  }

  function suggestions(item, heading, alternatives) {
    const group = el("div", "suggestions");
    const title = el("p", "suggestions-heading", heading);
    title.id = "s" + Math.random().toString(36).slice(2);
    const list = el("ul");
    list.setAttribute("aria-labelledby", title.id);
    for (const alternative of alternatives) {
      const entry = el("li");
      const button = el("button", "suggestion", alternative.question);
      button.type = "button";
      button.dataset.entry = alternative.id;
      entry.append(button);
      list.append(entry);
    }
    group.append(title, list);
    item.append(group);
  }

  function showPart(item, reply, several) {
    // A message that asked several things: each answer under its question.
    if (several) item.append(el("p", "part-question", reply.query));
    if (reply.answer) {
      item.append(el("p", "answer", reply.answer));
      const source = sourceLine(reply.section_title);
      if (source) item.append(source);
    } else if (reply.message) {
      item.append(el("p", "message", reply.message));
    }
    const alternatives = Array.isArray(reply.alternatives) ? reply.alternatives : [];
    if (alternatives.length) {
      let heading = "Related questions:";
      if (!reply.answer) heading = "Did you mean:";
      else if (reply.uncertain) heading = "Not what you meant? Did you mean:";
      suggestions(item, heading, alternatives);
    }
    const followups = Array.isArray(reply.followups) ? reply.followups : [];
    if (followups.length) {
      suggestions(item, reply.answer ? "You might also ask:" : "Related questions:", followups);
    }
  }

  function showReply(reply) {
    const item = turn("bot", "faq-bot");
    item.dataset.status = reply.status;
    if (reply.status === "urgent") {
      // Alone and first: nothing may distract from the notice, or weaken it.
      const notice = el("div", "urgent");
      notice.setAttribute("role", "alert");
      notice.append(el("strong", "urgent-label", "Urgent"), el("p", "urgent-message", reply.message));
      item.append(notice);
      if (reply.note) item.append(el("p", "note", reply.note));
      shown(item);
      return;
    }
    const parts = [reply, ...(Array.isArray(reply.more) ? reply.more : [])];
    for (const part of parts) showPart(item, part, parts.length > 1);
    if (reply.note) item.append(el("p", "note", reply.note));
    // Small talk needs no reminder; every answer and decline has one.
    if (reply.reminder && reply.status !== "smalltalk") item.append(el("p", "reminder", reply.reminder));
    shown(item);
  }

  function showEntry(entry) {
    const item = turn("bot", "faq-bot");
    item.dataset.status = "entry";
    item.append(el("p", "answer", entry.answer));
    const source = sourceLine(entry.section_title);
    if (source) item.append(source);
    if (entry.reminder) item.append(el("p", "reminder", entry.reminder));
    shown(item);
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const question = input.value.trim();
    if (!question) return;
    const asked = turn("user", "You");
    asked.append(el("p", null, question));
    input.value = "";
    askButton.disabled = true;
    log.setAttribute("aria-busy", "true");
    try {
      const reply = await call("v1/ask", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ question: question, context: context }),
      });
      context = reply.context === undefined ? null : reply.context;
      showReply(reply);
    } catch (error) {
      showError(error);
    } finally {
      askButton.disabled = false;
      log.removeAttribute("aria-busy");
      input.focus({ preventScroll: true }); // keep the reply in view
    }
  });

  async function pick(button) {
    const chosen = turn("user", "You");
    chosen.append(el("p", null, "Show me: " + button.textContent));
    try {
      showEntry(await call("v1/entries/" + encodeURIComponent(button.dataset.entry)));
    } catch (error) {
      showError(error);
    }
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-entry]");
    if (button) pick(button);
  });

  async function loadTopics() {
    let topics;
    try {
      topics = await call("v1/topics");
    } catch (_) {
      return; // the chat works without the list
    }
    const source = topics.source || {};
    sourceTitle = source.title || null;
    if (source.citation) {
      document.getElementById("about").textContent =
        "Answers come from the article " + source.citation +
        ". This is general information, not a doctor: it cannot diagnose you or recommend a treatment.";
    }
    if (source.title) document.title = "faq-bot: " + source.title;
    for (const section of topics.sections || []) {
      if (!section.entries || !section.entries.length) continue;
      topicList.append(el("h3", null, section.title));
      const list = el("ul");
      for (const entry of section.entries) {
        const item = el("li");
        const button = el("button", "suggestion", entry.question);
        button.type = "button";
        button.dataset.entry = entry.id;
        item.append(button);
        list.append(item);
      }
      topicList.append(list);
    }
  }

  loadTopics();
})();
