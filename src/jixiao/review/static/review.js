// jixiao review: select a value, highlight its source, decide with the keyboard.
// Plain script, no build step. Everything the page shows is rendered (and escaped) by the server;
// this file only moves focus, toggles classes and swaps in server-rendered fragments.
(() => {
  "use strict";
  const main = document.querySelector("main.doc");
  if (!main) return;
  const reportId = main.dataset.report;
  const source = document.getElementById("source");
  const chips = Array.from(document.querySelectorAll("a.v"));
  const byPath = new Map(chips.map((c) => [c.dataset.path, c]));
  let pieces = null;
  let current = null;
  let loading = Promise.resolve(); // the inspector being fetched for the value last selected

  const num = (v) => (v === undefined || v === "" ? NaN : Number(v));

  function indexPieces() {
    pieces = Array.from(source.querySelectorAll(".pc")).map((el) => ({
      el,
      a: num(el.dataset.a),
      b: num(el.dataset.b),
    }));
  }

  function clearHighlight() {
    source.querySelectorAll(".hl, .hl-cell, .hl-row").forEach((el) => el.classList.remove("hl", "hl-cell", "hl-row"));
  }

  function highlight(chip) {
    clearHighlight();
    if (!pieces) indexPieces();
    const hits = [];
    const a = num(chip.dataset.a);
    const b = num(chip.dataset.b);
    if (!Number.isNaN(a) && !Number.isNaN(b)) {
      for (const p of pieces) {
        if (p.a >= 0 && p.a >= a && p.b <= b && (p.b > p.a || a === b)) {
          p.el.classList.add("hl");
          hits.push(p.el);
        }
      }
      if (a === b) {
        source.querySelectorAll(`td[data-a="${a}"][data-b="${b}"]`).forEach((td) => hits.push(td));
      }
    }
    const table = chip.dataset.t !== undefined ? source.querySelector(`table[data-t="${CSS.escape(chip.dataset.t)}"]`) : null;
    if (table) {
      const r = CSS.escape(chip.dataset.r || "");
      if (chip.dataset.approx) {
        const tr = table.querySelector(`tr[data-r="${r}"]`);
        if (tr) {
          tr.classList.add("hl-row");
          hits.push(tr);
        }
      }
      const td = table.querySelector(`td[data-r="${r}"][data-c="${CSS.escape(chip.dataset.c || "")}"]`);
      if (td) hits.push(td);
    }
    for (const el of hits) {
      const td = el.closest("td");
      if (td) td.classList.add("hl-cell");
    }
    source.dataset.highlighted = String(hits.length);
    if (hits.length) hits[0].scrollIntoView({ block: "center" });
  }

  function select(chip, load = true) {
    if (current) current.classList.remove("selected");
    current = chip;
    chip.classList.add("selected");
    chip.scrollIntoView({ block: "nearest" });
    highlight(chip);
    history.replaceState(null, "", `?v=${encodeURIComponent(chip.dataset.path)}#${chip.id}`);
    if (load) loading = loadInspector(chip.dataset.path);
  }

  async function loadInspector(path) {
    const response = await fetch(`/r/${reportId}/value?path=${encodeURIComponent(path)}`, {
      headers: { "X-Requested-With": "fetch" },
    });
    const html = await response.text();
    // A later selection wins: drop an answer that arrives after the reviewer moved on.
    if (current && current.dataset.path === path) setInspector(html);
  }

  function setInspector(html) {
    const old = document.getElementById("inspector-body");
    const tpl = document.createElement("template");
    tpl.innerHTML = html;
    const fresh = tpl.content.querySelector("#inspector-body");
    if (!old || !fresh) return;
    old.replaceWith(fresh);
    bindForm();
    syncChip(fresh);
    showOrigin(fresh);
  }

  // The sheet grid scrolls on its own: bring the value's cell into it (the band of a page image is
  // already centred on the box by the server).
  function showOrigin(body) {
    const cell = body.querySelector("table.sheet td.hit");
    const pane = cell && cell.closest(".sheet-scroll");
    if (!pane) return;
    pane.scrollTop = Math.max(0, cell.offsetTop - pane.clientHeight / 2);
    pane.scrollLeft = Math.max(0, cell.offsetLeft - pane.clientWidth / 2);
  }

  function syncChip(body) {
    const chip = byPath.get(body.dataset.path);
    if (!chip || body.dataset.status === undefined) return;
    const before = chip.dataset.status;
    const after = body.dataset.status;
    chip.classList.remove(`st-${before}`);
    chip.classList.add(`st-${after}`);
    chip.dataset.status = after;
    chip.dataset.version = body.dataset.version;
    const text = body.dataset.current || "";
    chip.textContent = text.length > 48 ? `${text.slice(0, 47)}…` : text;
    const counter = document.getElementById("unreviewed");
    if (counter && before === "unreviewed" && after !== "unreviewed") {
      counter.textContent = String(Math.max(0, Number(counter.textContent) - 1));
    }
  }

  function bindForm() {
    const form = document.getElementById("decide");
    if (!form) return;
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const data = new FormData(form);
      if (ev.submitter && ev.submitter.name) data.set(ev.submitter.name, ev.submitter.value);
      const response = await fetch(form.getAttribute("action"), {
        method: "POST",
        body: new URLSearchParams(data),
        headers: { "X-Requested-With": "fetch" },
      });
      setInspector(await response.text());
    });
  }

  function inspectorPath() {
    const body = document.getElementById("inspector-body");
    return body ? body.dataset.path : undefined;
  }

  function move(step) {
    if (!chips.length) return;
    const i = current ? chips.indexOf(current) : -1;
    const next = chips[Math.min(chips.length - 1, Math.max(0, i + step))];
    if (next) select(next);
  }

  async function decide(action) {
    // Keys act on the selected value: wait until its inspector (and form) has arrived.
    await loading;
    const body = document.getElementById("inspector-body");
    if (!current || !body || body.dataset.path !== current.dataset.path) return;
    const form = document.getElementById("decide");
    const button = form && form.querySelector(`.actions button[value="${action}"]`);
    if (button) form.requestSubmit(button);
  }

  document.addEventListener("click", (ev) => {
    if (ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.button !== 0) return;
    const chip = ev.target.closest("a.v");
    if (chip) {
      ev.preventDefault();
      select(chip);
      return;
    }
    const link = ev.target.closest("li[data-first] a.goto");
    if (link) {
      const target = byPath.get(link.closest("li").dataset.first);
      if (target) {
        ev.preventDefault();
        select(target);
      }
    }
  });

  document.addEventListener("keydown", (ev) => {
    const t = ev.target;
    const typing = t instanceof Element && t.matches("input, textarea, select");
    if (ev.key === "Escape" && typing) {
      t.blur();
      return;
    }
    if (ev.key === "Enter" && t instanceof Element && t.matches("#decide .comment")) {
      ev.preventDefault(); // a comment goes with accept, reject or edit: it is not a decision of its own
      return;
    }
    if (typing || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    switch (ev.key) {
      case "j":
      case "n":
        move(1);
        break;
      case "k":
      case "p":
        move(-1);
        break;
      case "a":
        decide("accept");
        break;
      case "r":
        decide("reject");
        break;
      case "e": {
        if (inspectorPath() !== (current && current.dataset.path)) break;
        const input = document.querySelector("#decide .edit-input");
        if (input) {
          input.focus();
          if (input.select) input.select();
        }
        break;
      }
      default:
        return;
    }
    ev.preventDefault();
  });

  bindForm();
  const body = document.getElementById("inspector-body");
  const chosen = body && byPath.get(body.dataset.path);
  if (chosen) select(chosen, false);
  if (body) showOrigin(body);
})();
