// The page for analysts: calls the API of the server that serves it (relative URLs), and puts
// every piece of data into the page as text (textContent), never as HTML. Diagrams are SVG from
// the server, parsed as XML and cleaned of scripts and event handlers before they are shown.
"use strict";

const ASSESSMENT_BASE = "https://w3id.org/mnpia/id/assessment/";
const SVG_NS = "http://www.w3.org/2000/svg";

// -- helpers -----------------------------------------------------------------------------------

/** An element with attributes and children (strings become text nodes). */
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value !== null && value !== undefined) node.setAttribute(name, String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function setStatus(id, text, isError) {
  const node = document.getElementById(id);
  node.textContent = text || "";
  node.classList.toggle("error", Boolean(isError));
}

/** An Error from a problem+json answer (or any failed answer). */
async function problemError(response) {
  let message = `${response.status} ${response.statusText}`;
  try {
    const body = await response.json();
    if (body && (body.title || body.detail)) {
      message = `${body.title || response.status}: ${body.detail || ""}`;
    }
  } catch (_ignored) {
    // not JSON: keep the status line
  }
  const error = new Error(message);
  error.status = response.status;
  return error;
}

async function getJSON(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  if (!response.ok) throw await problemError(response);
  return response.json();
}

/** An <svg> element from SVG text, without scripts, foreign objects or event handlers. */
function svgElement(text) {
  const parsed = new DOMParser().parseFromString(text, "image/svg+xml");
  const root = parsed.documentElement;
  if (!root || root.namespaceURI !== SVG_NS || root.localName !== "svg"
      || parsed.getElementsByTagName("parsererror").length) {
    throw new Error("the server's diagram is not SVG");
  }
  for (const bad of Array.from(root.querySelectorAll("script, foreignObject"))) bad.remove();
  for (const node of [root, ...root.querySelectorAll("*")]) {
    for (const attr of Array.from(node.attributes)) {
      const name = attr.name.toLowerCase();
      const value = attr.value.trim().toLowerCase();
      if (name.startsWith("on") || ((name === "href" || name.endsWith(":href"))
          && !value.startsWith("#"))) {
        node.removeAttribute(attr.name);
      }
    }
  }
  const svg = document.importNode(root, true);
  // Fit the container's width, never drawn larger than Graphviz made it (its viewBox scales).
  const width = svg.getAttribute("width");
  if (width && svg.getAttribute("viewBox")) {
    svg.style.maxWidth = width;
    svg.setAttribute("width", "100%");
    svg.removeAttribute("height");
  }
  return svg;
}

/** Fetch a diagram and show it in the container (or say why there is none). */
async function showDiagram(container, url, statusId) {
  container.replaceChildren(el("p", { class: "hint" }, "Drawing…"));
  try {
    const response = await fetch(url, { headers: { Accept: "image/svg+xml" } });
    if (!response.ok) throw await problemError(response);
    const svg = svgElement(await response.text());
    container.replaceChildren(svg);
    return true;
  } catch (error) {
    container.replaceChildren();
    setStatus(statusId, error.message, true);
    return false;
  }
}

function assessmentKey(iri) {
  return iri && iri.startsWith(ASSESSMENT_BASE) ? iri.slice(ASSESSMENT_BASE.length) : iri;
}

// -- entity search and lineage -----------------------------------------------------------------

async function searchEntities(event) {
  event.preventDefault();
  const q = document.getElementById("entity-q").value.trim();
  const list = document.getElementById("entity-results");
  list.replaceChildren();
  document.getElementById("entity-detail").hidden = true;
  if (!q) return;
  setStatus("entity-status", "Searching…");
  try {
    const found = await getJSON(`entities?${new URLSearchParams({ q, limit: "20" })}`);
    const intro = {
      exact: "One entity matches.",
      candidates: `${found.total} entities match; choose one.`,
      suggestions: "Nothing matches; the closest names:",
      all: "",
    }[found.match];
    setStatus("entity-status", intro || "");
    for (const candidate of found.items) {
      const where = candidate.municipalities.length ? ` — ${candidate.municipalities.join("、")}` : "";
      const button = el("button", { type: "button", class: "link", "data-node": candidate.node },
        candidate.label);
      button.addEventListener("click", () => showLineage(candidate.node));
      list.append(el("li", {}, button, el("span", { class: "kind" }, ` ${candidate.kind}${where}`)));
    }
    if (found.match === "exact" && found.items.length === 1) await showLineage(found.items[0].node);
  } catch (error) {
    setStatus("entity-status", error.message, true);
  }
}

async function showLineage(node) {
  const direction = document.getElementById("entity-direction").value;
  const depth = document.getElementById("entity-depth").value || "2";
  const params = new URLSearchParams({ direction, depth });
  const path = `lineage/${encodeURIComponent(node)}`;
  const detail = document.getElementById("entity-detail");
  setStatus("entity-status", "Loading the lineage…");
  try {
    const answer = await getJSON(`${path}?${params}`);
    const labels = new Map(answer.nodes.map((n) => [n.node, n.label]));
    labels.set(answer.start.node, answer.start.label);
    document.getElementById("entity-title").textContent = `${answer.start.label} (${answer.start.kind})`;
    const cut = answer.truncation.truncated
      ? ` The depth left out ${answer.truncation.left_out} more.` : "";
    document.getElementById("entity-summary").textContent =
      `${answer.nodes.length} entities and ${answer.edges.length} edges within ${answer.depth} hops (${answer.direction}).${cut}`;
    const rows = answer.edges.map((edge) => el("tr", {},
      el("td", {}, labels.get(edge.source) || edge.source),
      el("td", {}, labels.get(edge.target) || edge.target),
      el("td", {}, edge.kind),
      el("td", {}, [edge.label, edge.information].filter(Boolean).join(" — ")),
      el("td", { class: "basis" }, edge.basis.join("\n")),
      el("td", {}, `${assessmentKey(edge.assessment)}${edge.line ? ` line ${edge.line}` : ""}`),
    ));
    document.querySelector("#flows tbody").replaceChildren(...rows);
    detail.hidden = false;
    setStatus("entity-status", "");
    await showDiagram(document.getElementById("lineage-diagram"),
      `${path}/diagram?${params}&format=svg`, "entity-status");
  } catch (error) {
    setStatus("entity-status", error.message, true);
  }
}

// -- SPARQL ------------------------------------------------------------------------------------

function termText(term) {
  if (!term) return "";
  if (term.type === "literal" && term["xml:lang"]) return `${term.value}@${term["xml:lang"]}`;
  if (term.type === "bnode") return `_:${term.value}`;
  if (term.type === "triple") {
    const t = term.value;
    return `<< ${termText(t.subject)} ${termText(t.predicate)} ${termText(t.object)} >>`;
  }
  return term.value;
}

async function runQuery(event) {
  event.preventDefault();
  const query = document.getElementById("sparql-query").value;
  const table = document.getElementById("sparql-results");
  const graph = document.getElementById("sparql-graph");
  table.tHead.replaceChildren();
  table.tBodies[0].replaceChildren();
  graph.hidden = true;
  graph.textContent = "";
  setStatus("sparql-status", "Running…");
  const started = performance.now();
  try {
    const response = await fetch("sparql", {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Accept: "application/sparql-results+json, application/n-triples;q=0.9",
      },
      body: new URLSearchParams({ query }),
    });
    if (!response.ok) throw await problemError(response);
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    const cut = response.headers.get("X-MNPIA-Truncated") === "true"
      ? " (cut at the row limit)" : "";
    const media = (response.headers.get("Content-Type") || "").split(";")[0];
    if (media === "application/n-triples") {
      const text = await response.text();
      graph.textContent = text;
      graph.hidden = false;
      const count = text.split("\n").filter((line) => line.trim()).length;
      setStatus("sparql-status", `${count} triples in ${seconds} s${cut}`);
      return;
    }
    const body = await response.json();
    if (typeof body.boolean === "boolean") {
      setStatus("sparql-status", `ASK: ${body.boolean} (${seconds} s)`);
      return;
    }
    const vars = body.head.vars;
    table.tHead.append(el("tr", {}, ...vars.map((v) => el("th", {}, v))));
    table.tBodies[0].append(...body.results.bindings.map((row) =>
      el("tr", {}, ...vars.map((v) => el("td", {}, termText(row[v]))))));
    setStatus("sparql-status", `${body.results.bindings.length} rows in ${seconds} s${cut}`);
  } catch (error) {
    setStatus("sparql-status", error.message, true);
  }
}

// -- assessments -------------------------------------------------------------------------------

const VIEWS = [
  ["flow", "別添1 flow"],
  ["dataflow", "data flows"],
  ["lineage", "lineage"],
];

async function loadAssessments() {
  setStatus("assessments-status", "Loading…");
  try {
    const page = await getJSON("assessments?limit=1000");
    const rows = page.items.map((a) => {
      const buttons = VIEWS.map(([view, text]) => {
        const button = el("button", { type: "button", "data-view": view }, text);
        button.addEventListener("click", () => showAssessment(a, view));
        return button;
      });
      const issues = el("button", { type: "button", "data-view": "issues" }, "issues");
      issues.addEventListener("click", () => showAssessment(a, null));
      return el("tr", { "data-id": a.id },
        el("td", {}, a.title || a.source || a.id),
        el("td", {}, a.municipality || ""),
        el("td", {}, a.number || ""),
        el("td", {}, a.status || ""),
        el("td", { class: "number" }, a.triples),
        el("td", { class: "buttons" }, ...buttons, issues));
    });
    document.querySelector("#assessment-list tbody").replaceChildren(...rows);
    setStatus("assessments-status", `${page.total} assessments in the store.`);
  } catch (error) {
    setStatus("assessments-status", error.message, true);
  }
}

async function showAssessment(assessment, view) {
  const detail = document.getElementById("assessment-detail");
  const diagram = document.getElementById("assessment-diagram");
  const issuesBox = document.getElementById("assessment-issues");
  document.getElementById("assessment-title").textContent =
    `${assessment.title || assessment.id} (${assessment.id})`;
  setStatus("assessment-status", "");
  detail.hidden = false;
  const path = `assessments/${encodeURIComponent(assessment.id)}`;
  if (view) {
    issuesBox.hidden = true;
    await showDiagram(diagram, `${path}/diagram?${new URLSearchParams({ view, format: "svg" })}`,
      "assessment-status");
    return;
  }
  diagram.replaceChildren();
  try {
    const full = await getJSON(path);
    const rows = full.issues.map((issue) => el("tr", {},
      el("td", { class: "number" }, issue.line ?? ""),
      el("td", {}, issue.code || ""),
      el("td", {}, issue.form_ref || ""),
      el("td", {}, issue.message || "")));
    document.querySelector("#issues tbody").replaceChildren(...rows);
    issuesBox.hidden = false;
    setStatus("assessment-status", `${full.issues.length} extraction issues, ${full.systems.length} systems.`);
  } catch (error) {
    setStatus("assessment-status", error.message, true);
  }
}

document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("entity-form").addEventListener("submit", searchEntities);
  document.getElementById("sparql-form").addEventListener("submit", runQuery);
  loadAssessments();
});
