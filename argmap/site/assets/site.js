// argmap site: folding, search, filters, details, diagram pan and zoom, keyboard, and live updates from
// `argmap serve`. Plain browser JavaScript, no framework, no network except the live server's own events.
(function () {
  "use strict";

  var doc = document;
  var data = { nodes: {}, sources: {} };
  var haystack = null; // [treeitem, searchable text] built on first search
  var selectedId = null;
  var diagram = null; // pan and zoom state once the diagram has been shown

  // ---- helpers -------------------------------------------------------------------------------

  function el(tag, attrs, children) {
    var node = doc.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? doc.createTextNode(child) : child);
    });
    return node;
  }

  // Elements are found by their data- attributes (set by the templates), never by their place in the DOM,
  // so a change of markup that keeps the attributes keeps the script working.
  function tree() { return doc.getElementById("tree"); }
  function itemOf(target) { return target && target.closest ? target.closest("[data-node]") : null; }
  function idOf(item) { return item.id.slice("node-".length); }
  function groupOf(item) { return item.querySelector(":scope > [data-group]"); }
  function parentItem(item) {
    var group = item.parentElement && item.parentElement.closest("[data-group]");
    return group ? group.closest("[data-node]") : null;
  }
  function card(item) { return item.querySelector(":scope > [data-row] > [data-card]"); }
  function foldButton(item) { return item.querySelector(":scope > [data-row] > [data-fold]"); }
  function part(item, name) {
    var found = card(item).querySelector('[data-part="' + name + '"]');
    return found ? found.textContent : "";
  }
  function shown(item) { return item.getAttribute("data-filtered") !== "true"; }
  function expanded(item) { return item.getAttribute("aria-expanded") === "true"; }

  function readData() {
    var script = doc.getElementById("argmap-data");
    data = script ? JSON.parse(script.textContent) : { nodes: {}, sources: {} };
    haystack = null;
  }

  // ---- folding -------------------------------------------------------------------------------

  function setExpanded(item, open) {
    var group = groupOf(item);
    if (!group) return;
    item.setAttribute("aria-expanded", open ? "true" : "false");
    group.hidden = !open;
    var button = foldButton(item);
    if (button) button.setAttribute("aria-expanded", open ? "true" : "false");
  }

  function reveal(item) {
    for (var up = parentItem(item); up; up = parentItem(up)) {
      if (!expanded(up)) setExpanded(up, true);
    }
  }

  function setAll(open) {
    var items = tree().querySelectorAll("[data-node][aria-expanded]");
    for (var i = 0; i < items.length; i++) {
      // Folding all keeps the claim open, so its answers stay in view.
      setExpanded(items[i], open || items[i].getAttribute("aria-level") === "1");
    }
  }

  // ---- moving between nodes ------------------------------------------------------------------

  function visibleChildren(item) {
    var group = groupOf(item);
    if (!group || !expanded(item)) return [];
    return Array.prototype.filter.call(group.querySelectorAll(":scope > [data-node]"), shown);
  }

  function nextSibling(item) {
    for (var s = item.nextElementSibling; s; s = s.nextElementSibling) if (shown(s)) return s;
    return null;
  }

  function previousSibling(item) {
    for (var s = item.previousElementSibling; s; s = s.previousElementSibling) if (shown(s)) return s;
    return null;
  }

  function lastVisible(item) {
    for (var kids = visibleChildren(item); kids.length; kids = visibleChildren(item)) item = kids[kids.length - 1];
    return item;
  }

  function below(item) {
    var kids = visibleChildren(item);
    if (kids.length) return kids[0];
    for (var at = item; at; at = parentItem(at)) {
      var next = nextSibling(at);
      if (next) return next;
    }
    return null;
  }

  function above(item) {
    var prev = previousSibling(item);
    return prev ? lastVisible(prev) : parentItem(item);
  }

  function focusItem(item) {
    if (item) item.focus();
  }

  function onTreeKey(event, item) {
    var key = event.key;
    var moved = true;
    if (key === "ArrowDown") focusItem(below(item));
    else if (key === "ArrowUp") focusItem(above(item));
    else if (key === "ArrowRight") {
      if (groupOf(item) && !expanded(item)) setExpanded(item, true);
      else focusItem(visibleChildren(item)[0]);
    } else if (key === "ArrowLeft") {
      if (groupOf(item) && expanded(item)) setExpanded(item, false);
      else focusItem(parentItem(item));
    } else if (key === "Home") focusItem(tree().querySelector("[data-node]"));
    else if (key === "End") focusItem(lastVisible(tree().querySelector("[data-node]")));
    else if (key === "Enter" || key === " ") select(idOf(item), false);
    else moved = false;
    if (moved) event.preventDefault();
  }

  // ---- details -------------------------------------------------------------------------------

  function linkList(title, links) {
    if (!links || !links.length) return [];
    var items = links.map(function (link) {
      var target = link[1] ? el("a", { href: link[1], text: link[2] }) : el("span", { text: link[2] });
      return el("li", {}, [link[0] + ": ", target]);
    });
    return [el("h3", { text: title }), el("ul", {}, items)];
  }

  function quoteParts(info) {
    if (!info.q) return [el("p", { text: "No quote backs this node." })];
    var parts = [el("h3", { text: "Quote" }), el("blockquote", { text: info.q })];
    var source = data.sources[info.s] || null;
    if (source && info.loc && source.text) {
      var t = source.text;
      var loc = info.loc;
      var before = t.slice(loc[0], loc[1]).replace(/\s+/g, " ").replace(/^ /, "");
      var after = t.slice(loc[2], loc[3]).replace(/\s+/g, " ").replace(/ $/, "");
      parts.push(el("h3", { text: "In its source" }));
      parts.push(el("p", { class: "context" }, [
        loc[0] > 0 ? "\u2026 " + before : before,
        el("mark", { text: t.slice(loc[1], loc[2]).replace(/\s+/g, " ") }),
        loc[3] < t.length ? after + " \u2026" : after,
      ]));
    }
    if (source) {
      var cite = [el("cite", { text: source.title }), source.date ? " (" + source.date + ")" : ""];
      if (source.publisher) cite.push(", " + source.publisher);
      var line = el("p", { class: "cite" }, cite);
      var more = [];
      if (source.page) {
        var anchor = info.loc ? "#p-" + info.loc[4] : "";
        more.push(el("a", { href: source.page + anchor, text: "the passage in the full text" }));
      }
      // Only web addresses become links: a map's url could say javascript: or data:.
      if (source.url && /^https?:\/\//i.test(source.url)) {
        more.push(el("a", { href: source.url, text: "the original publication" }));
      }
      if (more.length) {
        line.appendChild(el("br"));
        line.appendChild(doc.createTextNode("Read "));
        more.forEach(function (a, i) {
          if (i) line.appendChild(doc.createTextNode(" or "));
          line.appendChild(a);
        });
      }
      parts.push(line);
    } else {
      parts.push(el("p", { class: "cite", text: "Source: " + info.s }));
    }
    return parts;
  }

  function showDetails(id) {
    var item = doc.getElementById("node-" + id);
    var body = doc.getElementById("details-body");
    if (!item || !body) return;
    var info = data.nodes[id] || {};
    var meta = part(item, "kind") + " \u00B7 " + part(item, "side");
    var speaker = part(item, "speaker");
    var children = [el("p", { class: "meta-line", text: meta }), el("h3", { text: part(item, "text") })];
    if (speaker) children.push(el("p", { class: "meta-line", text: "Said by " + speaker }));
    children = children.concat(quoteParts(info), linkList("Cross-links", info.out), linkList("Linked from", info["in"]));
    body.replaceChildren.apply(body, children);
  }

  function select(id, fromDiagram) {
    var item = doc.getElementById("node-" + id);
    if (!item) return;
    var old = selectedId && doc.getElementById("node-" + selectedId);
    if (old) old.removeAttribute("aria-selected");
    item.setAttribute("aria-selected", "true");
    selectedId = id;
    showDetails(id);
    if (diagram) markDiagram(id);
    if (!fromDiagram) {
      reveal(item);
      if (doc.activeElement !== item) item.focus();
    }
  }

  function openHash() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (id.indexOf("node-") !== 0) return;
    var item = doc.getElementById(id);
    if (!itemOf(item)) return;
    if (!shown(item)) clearFilters();
    reveal(item);
    item.scrollIntoView({ block: "center" });
    select(idOf(item), false);
  }

  // ---- search and filters --------------------------------------------------------------------

  function fold(text) {
    return text.toLowerCase().replace(/[\u2018\u2019\u201a\u201b]/g, "'").replace(/[\u201c\u201d\u201e\u201f]/g, '"');
  }

  function buildHaystack() {
    var items = tree().querySelectorAll("[data-node]");
    haystack = new Array(items.length);
    for (var i = 0; i < items.length; i++) {
      var info = data.nodes[idOf(items[i])];
      var text = part(items[i], "text") + "\n" + part(items[i], "speaker") + "\n" + ((info && info.q) || "");
      haystack[i] = [items[i], fold(text)];
    }
  }

  function search(query) {
    if (!tree()) return;
    if (!haystack) buildHaystack();
    var terms = fold(query).split(/\s+/).filter(Boolean);
    var count = 0;
    for (var i = 0; i < haystack.length; i++) {
      var item = haystack[i][0];
      var text = haystack[i][1];
      var hit = terms.length > 0 && terms.every(function (term) { return text.indexOf(term) >= 0; });
      if (hit) {
        item.setAttribute("data-match", "true");
        reveal(item);
        count++;
      } else if (item.hasAttribute("data-match")) {
        item.removeAttribute("data-match");
      }
    }
    var status = doc.getElementById("status");
    if (status) {
      status.textContent = terms.length ? (count === 1 ? "1 node matches" : count + " nodes match") : "";
    }
  }

  function checked(name) {
    var set = {};
    var boxes = doc.querySelectorAll('[data-filter] input[name="' + name + '"]');
    for (var i = 0; i < boxes.length; i++) if (boxes[i].checked) set[boxes[i].value] = true;
    return set;
  }

  function applyFilters() {
    var sides = checked("side");
    var kinds = checked("kind");
    var items = tree().querySelectorAll("[data-node]");
    var hidden = 0;
    for (var i = 0; i < items.length; i++) {
      var item = items[i];
      var out = item.getAttribute("aria-level") !== "1" &&
        (!sides[item.getAttribute("data-side")] || !kinds[item.getAttribute("data-kind")]);
      if (out) { item.setAttribute("data-filtered", "true"); hidden++; }
      else if (item.hasAttribute("data-filtered")) item.removeAttribute("data-filtered");
    }
    var status = doc.getElementById("status");
    if (status) status.textContent = hidden ? "Filters hide " + hidden + " node" + (hidden === 1 ? "" : "s") + " and their answers" : "";
  }

  function clearFilters() {
    var boxes = doc.querySelectorAll("[data-filter] input");
    for (var i = 0; i < boxes.length; i++) boxes[i].checked = true;
    applyFilters();
  }

  // ---- diagram: pan, zoom, node clicks -------------------------------------------------------

  function svgPoint(svg, x, y) {
    var p = svg.createSVGPoint();
    p.x = x;
    p.y = y;
    return p.matrixTransform(svg.getScreenCTM().inverse());
  }

  function setupDiagram() {
    var viewport = doc.querySelector("[data-viewport]");
    var svg = viewport && viewport.querySelector("svg");
    if (!svg) return null;
    var box = svg.viewBox.baseVal;
    var home = { x: box.x, y: box.y, w: box.width, h: box.height };
    svg.removeAttribute("width");
    svg.removeAttribute("height");
    svg.setAttribute("preserveAspectRatio", "xMidYMid meet");
    var state = { svg: svg, viewport: viewport, home: home, view: Object.assign({}, home), nodes: {} };
    var groups = svg.querySelectorAll("g.node");
    for (var i = 0; i < groups.length; i++) {
      var title = groups[i].querySelector("title");
      var id = title ? title.textContent : "";
      if (!doc.getElementById("node-" + id)) continue; // the legend
      groups[i].setAttribute("data-id", id);
      groups[i].setAttribute("tabindex", "0");
      groups[i].setAttribute("role", "button");
      groups[i].setAttribute("aria-label", part(doc.getElementById("node-" + id), "text"));
      state.nodes[id] = groups[i];
    }
    var drag = null;
    viewport.addEventListener("pointerdown", function (event) {
      drag = { x: event.clientX, y: event.clientY, view: Object.assign({}, state.view), moved: false };
    });
    viewport.addEventListener("pointermove", function (event) {
      if (!drag) return;
      var dx = event.clientX - drag.x;
      var dy = event.clientY - drag.y;
      if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
      if (!drag.moved) {
        drag.moved = true;
        viewport.setPointerCapture(event.pointerId);
        viewport.classList.add("dragging");
      }
      var scale = svg.getScreenCTM().a;
      state.view.x = drag.view.x - dx / scale;
      state.view.y = drag.view.y - dy / scale;
      applyView(state);
    });
    function endDrag(event) {
      if (drag && drag.moved) {
        viewport.classList.remove("dragging");
        if (viewport.hasPointerCapture(event.pointerId)) viewport.releasePointerCapture(event.pointerId);
        state.justDragged = true;
      }
      drag = null;
    }
    viewport.addEventListener("pointerup", endDrag);
    viewport.addEventListener("pointercancel", endDrag);
    viewport.addEventListener("wheel", function (event) {
      event.preventDefault();
      zoom(state, Math.exp(event.deltaY * 0.0015), event.clientX, event.clientY);
    }, { passive: false });
    viewport.addEventListener("click", function (event) {
      if (state.justDragged) { state.justDragged = false; return; }
      var group = event.target.closest && event.target.closest("g.node[data-id]");
      if (group) select(group.getAttribute("data-id"), true);
    });
    viewport.addEventListener("keydown", function (event) {
      var group = event.target.closest && event.target.closest("g.node[data-id]");
      if (group && (event.key === "Enter" || event.key === " ")) {
        select(group.getAttribute("data-id"), true);
        event.preventDefault();
        return;
      }
      var step = 0.1;
      var v = state.view;
      var handled = true;
      if (event.key === "ArrowLeft") v.x -= v.w * step;
      else if (event.key === "ArrowRight") v.x += v.w * step;
      else if (event.key === "ArrowUp") v.y -= v.h * step;
      else if (event.key === "ArrowDown") v.y += v.h * step;
      else if (event.key === "+" || event.key === "=") zoom(state, 0.8);
      else if (event.key === "-") zoom(state, 1.25);
      else if (event.key === "0") state.view = Object.assign({}, state.home);
      else handled = false;
      if (handled) { event.preventDefault(); applyView(state); }
    });
    return state;
  }

  function applyView(state) {
    var v = state.view;
    state.svg.setAttribute("viewBox", [v.x, v.y, v.w, v.h].join(" "));
  }

  function zoom(state, factor, clientX, clientY) {
    var v = state.view;
    var rect = state.viewport.getBoundingClientRect();
    var at = svgPoint(state.svg,
      clientX === undefined ? rect.left + rect.width / 2 : clientX,
      clientY === undefined ? rect.top + rect.height / 2 : clientY);
    var w = Math.min(Math.max(v.w * factor, state.home.w / 50), state.home.w * 4);
    var f = w / v.w;
    state.view = { x: at.x - (at.x - v.x) * f, y: at.y - (at.y - v.y) * f, w: v.w * f, h: v.h * f };
    applyView(state);
  }

  function markDiagram(id) {
    Object.keys(diagram.nodes).forEach(function (key) {
      diagram.nodes[key].classList.toggle("selected", key === id);
    });
  }

  function showView(name) {
    var treeView = doc.getElementById("tree-view");
    var diagramView = doc.getElementById("diagram-view");
    if (!diagramView) return;
    treeView.hidden = name !== "tree";
    diagramView.hidden = name !== "diagram";
    var buttons = doc.querySelectorAll("button[data-view]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", buttons[i].getAttribute("data-view") === name ? "true" : "false");
    }
    if (name === "diagram" && !diagram) diagram = setupDiagram();
    if (name === "diagram" && diagram && selectedId) markDiagram(selectedId);
  }

  function currentView() {
    var pressed = doc.querySelector('button[data-view][aria-pressed="true"]');
    return pressed ? pressed.getAttribute("data-view") : "tree";
  }

  // ---- events (delegated once on the document, so a live refresh needs no re-binding) ---------

  doc.addEventListener("click", function (event) {
    var target = event.target;
    if (!target.closest) return;
    var button = target.closest("button");
    if (button) {
      if (button.hasAttribute("data-fold")) {
        var owner = itemOf(button);
        setExpanded(owner, !expanded(owner));
        owner.focus();
      } else if (button.getAttribute("data-action") === "expand-all") setAll(true);
      else if (button.getAttribute("data-action") === "collapse-all") setAll(false);
      else if (button.hasAttribute("data-view")) showView(button.getAttribute("data-view"));
      else if (button.hasAttribute("data-zoom") && diagram) {
        var how = button.getAttribute("data-zoom");
        if (how === "reset") { diagram.view = Object.assign({}, diagram.home); applyView(diagram); }
        else zoom(diagram, how === "in" ? 0.8 : 1.25);
      }
      return;
    }
    if (target.closest("[data-card]") && tree() && tree().contains(target)) select(idOf(itemOf(target)), false);
  });

  doc.addEventListener("keydown", function (event) {
    var item = itemOf(event.target);
    if (item && event.target === item && !event.altKey && !event.ctrlKey && !event.metaKey) onTreeKey(event, item);
    else if (event.target.id === "q" && event.key === "Enter") {
      var first = tree() && tree().querySelector('[data-match="true"]:not([data-filtered="true"])');
      if (first) { event.preventDefault(); select(idOf(first), false); }
    }
  });

  var searchTimer = null;
  doc.addEventListener("input", function (event) {
    if (event.target.id !== "q") return;
    clearTimeout(searchTimer);
    var value = event.target.value;
    searchTimer = setTimeout(function () { search(value); }, haystack && haystack.length > 2000 ? 200 : 60);
  });

  doc.addEventListener("change", function (event) {
    if (event.target.closest && event.target.closest("[data-filter]")) applyFilters();
  });

  window.addEventListener("hashchange", openHash);

  // ---- live updates from `argmap serve` ------------------------------------------------------

  function showProblems(lines, summary) {
    var panel = doc.getElementById("problems");
    var main = doc.getElementById("main");
    if (!panel) return;
    var items = lines.map(function (line) { return el("li", {}, [el("code", { text: line })]); });
    var body = doc.getElementById("problems-body");
    body.replaceChildren(el("p", { text: summary || "" }), el("ul", {}, items),
      el("p", { text: "The page updates itself when the files are fixed." }));
    panel.hidden = false;
    if (main) main.hidden = true;
  }

  function hideProblems() {
    var panel = doc.getElementById("problems");
    var main = doc.getElementById("main");
    if (panel) panel.hidden = true;
    if (main) main.hidden = false;
  }

  function snapshot() {
    var folds = {};
    var items = tree() ? tree().querySelectorAll("[data-node][aria-expanded]") : [];
    for (var i = 0; i < items.length; i++) folds[items[i].id] = expanded(items[i]);
    var q = doc.getElementById("q");
    var filters = {};
    var boxes = doc.querySelectorAll("[data-filter] input");
    for (var j = 0; j < boxes.length; j++) filters[boxes[j].name + ":" + boxes[j].value] = boxes[j].checked;
    var active = doc.activeElement && doc.activeElement.id;
    return { folds: folds, query: q ? q.value : "", filters: filters, view: currentView(), active: active };
  }

  function restore(state) {
    if (tree()) {
      Object.keys(state.folds).forEach(function (id) {
        var item = doc.getElementById(id);
        if (item) setExpanded(item, state.folds[id]);
      });
    }
    var boxes = doc.querySelectorAll("[data-filter] input");
    for (var j = 0; j < boxes.length; j++) {
      var key = boxes[j].name + ":" + boxes[j].value;
      if (key in state.filters) boxes[j].checked = state.filters[key];
    }
    if (tree()) applyFilters();
    var q = doc.getElementById("q");
    if (q && state.query) { q.value = state.query; search(state.query); }
    if (state.view !== "tree") showView(state.view);
    if (selectedId && doc.getElementById("node-" + selectedId)) select(selectedId, true);
    else selectedId = null;
    var active = state.active && doc.getElementById(state.active);
    if (active && active.focus) active.focus({ preventScroll: true });
  }

  function refresh() {
    return fetch(location.pathname, { cache: "no-store" }).then(function (response) {
      if (!response.ok) {
        showProblems(["This page is no longer part of the site: " + response.status + " " + response.statusText],
          "Its map was renamed or removed; the index lists the maps.");
        return false;
      }
      return response.text().then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html");
        var state = snapshot();
        ["header", "main"].forEach(function (selector) {
          var old = doc.querySelector(selector);
          var next = fresh.querySelector(selector);
          if (old && next) old.replaceWith(doc.adoptNode(next));
        });
        var script = doc.getElementById("argmap-data");
        var freshScript = fresh.getElementById("argmap-data");
        if (script && freshScript) script.textContent = freshScript.textContent;
        doc.title = fresh.title;
        diagram = null;
        readData();
        restore(state);
        return true;
      });
    });
  }

  function connectLive() {
    var meta = doc.querySelector('meta[name="argmap-live"]');
    if (!meta || !window.EventSource || !/^https?:$/.test(location.protocol)) return;
    var version = Number((doc.querySelector('meta[name="argmap-build"]') || {}).content || 0);
    var queue = Promise.resolve();
    var source = new EventSource(meta.getAttribute("content"));
    source.addEventListener("build", function (event) {
      // The server's first event says the stream is live: a test (or a reader's tool) can wait for this.
      doc.documentElement.setAttribute("data-live", "connected");
      var state = JSON.parse(event.data);
      // One refresh at a time, in the order the builds came.
      queue = queue.then(function () {
        if (!state.ok) { showProblems(state.problems, state.summary); return null; }
        if (state.version === version) { hideProblems(); return null; }
        return refresh().then(function (done) {
          if (done) { version = state.version; hideProblems(); }
        });
      }).catch(function (error) {
        showProblems([String(error)], "The page could not fetch the new build; it tries again on the next one.");
      });
    });
  }

  // ---- start ---------------------------------------------------------------------------------

  function start() {
    readData();
    if (location.hash) openHash();
    connectLive();
  }

  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", start);
  else start();
})();
