// Kessan dashboard. Every piece of data is rendered with textContent or as an attribute value: never as HTML.
// Paging and filtering happen on the server; each page asks the API for one page.
"use strict";

const PAGE = 50;
const params = new URLSearchParams(location.search);
const main = document.getElementById("main");
// One HTML page serves every page name (index.html, facts.html, …): the path says which page this is.
const pageName = (location.pathname.match(/\/([a-z]+)\.html$/) || [null, "index"])[1];
const titles = {
  index: "companies and documents", company: "company", statement: "statement", document: "document",
  facts: "facts", findings: "findings", history: "restatements and guidance",
};
document.title = "Kessan — " + (titles[pageName] || titles.index);
document.body.dataset.page = pageName;

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "text") node.textContent = String(v);
    else if (k === "class") node.className = v;
    else if (k === "dataset") Object.assign(node.dataset, v);
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

// A script of this server's own (CSP script-src 'self'), loaded by the one page that needs it.
function loadScript(src) {
  return new Promise((resolve, reject) =>
    document.head.append(el("script", { src, onload: resolve, onerror: () => reject(new Error("could not load " + src)) })));
}

function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

function status(text, isError) {
  let s = document.getElementById("status");
  if (!s) { s = el("p", { id: "status" }); main.prepend(s); }
  s.className = isError ? "status error" : "status";
  s.textContent = text || "";
}

function link(page, query) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== null && v !== undefined && v !== "") q.set(k, String(v));
  return page + (q.toString() ? "?" + q.toString() : "");
}

function docLink(sha, line) { return link("document.html", { sha, line }) + (line ? "#L" + line : ""); }

async function api(path, query) {
  const url = link(path, query || {});
  const headers = { Accept: "application/json" };
  const key = sessionStorage.getItem("kessan-api-key");
  if (key) headers["X-Api-Key"] = key;
  const response = await fetch(url, { headers });
  if (response.status === 401) { askKey(); throw new Error("this server needs an API key"); }
  const body = await response.json();
  if (!response.ok) throw new Error((body && (body.detail || body.title)) || ("HTTP " + response.status));
  return body;
}

function askKey() {
  if (document.getElementById("key")) return;
  const input = el("input", { id: "key", type: "password", autocomplete: "off" });
  main.prepend(el("form", { class: "key", onsubmit: e => { e.preventDefault(); sessionStorage.setItem("kessan-api-key", input.value); location.reload(); } },
    el("label", {}, "API key ", input), " ", el("button", { type: "submit", text: "Use" })));
}

const number = new Intl.NumberFormat("en-US", { maximumFractionDigits: 6 });
function fmt(v) { return v === null || v === undefined ? "" : number.format(v); }

function table(columns, rows, caption) {
  const head = el("tr", {}, columns.map(c => el("th", { text: c.title })));
  const body = rows.map(r => el("tr", {}, columns.map(c => {
    const v = c.cell(r);
    return el("td", { class: c.num ? "num" : null }, v instanceof Node ? v : (v === null || v === undefined ? "" : String(v)));
  })));
  return el("table", { "aria-label": caption || null }, el("thead", {}, head), el("tbody", {}, body));
}

// A pager for a server-side page: {offset, limit, hasMore, total}.
function pager(page, go) {
  const from = page.items.length ? page.offset + 1 : 0;
  return el("div", { class: "pager" },
    el("button", { type: "button", disabled: page.offset === 0 ? "" : null, onclick: () => go(Math.max(0, page.offset - page.limit)), text: "← Previous" }),
    el("span", { class: "status", text: `${fmt(from)}–${fmt(page.offset + page.items.length)} of ${fmt(page.total)}` }),
    el("button", { type: "button", disabled: page.hasMore ? null : "", onclick: () => go(page.offset + page.limit), text: "Next →" }));
}

function source(s) {
  if (!s) return "";
  const text = `${s.doc}:${s.line}`;
  return s.docSha256 ? el("a", { href: docLink(s.docSha256, s.line), title: `printed ${s.printed}`, text }) : text;
}

// ---------- pages ----------

async function indexPage() {
  clear(main);
  main.append(el("h1", { text: "Companies" }), el("div", { id: "companies" }), el("h2", { text: "Documents" }), el("div", { id: "documents" }));
  const companies = await api("/api/companies");
  document.getElementById("companies").append(table([
    { title: "Company", cell: c => el("a", { href: link("company.html", { company: c.company }), text: c.company || "(company not identified)" }) },
    { title: "Documents", num: true, cell: c => fmt(c.documents) },
    { title: "Facts", num: true, cell: c => fmt(c.facts) },
    { title: "Periods", cell: c => `${c.firstPeriodEnd} … ${c.lastPeriodEnd}` },
  ], companies, "companies"));
  const show = async offset => {
    const page = await api("/api/documents", { offset, limit: PAGE });
    const box = document.getElementById("documents");
    clear(box);
    box.append(table([
      { title: "Document", cell: d => el("a", { href: docLink(d.sha256), text: d.doc }) },
      { title: "Company", cell: d => d.company },
      { title: "Period end", cell: d => d.periodEnd },
      { title: "Language", cell: d => d.language },
      { title: "Facts", num: true, cell: d => fmt(d.facts) },
      { title: "Findings", num: true, cell: d => el("a", { href: link("findings.html", { doc: d.doc }), text: fmt(d.findings) }) },
      { title: "Statements", cell: d => el("span", {}, ["income", "balance", "cashflow"].map(k => [el("a", { href: link("statement.html", { doc: d.sha256, kind: k }), text: k }), " "])) },
    ], page.items, "documents"), pager(page, show));
  };
  await show(0);
}

async function companyPage() {
  const company = params.get("company") ?? "";
  const basis = params.get("basis") || "latest";
  clear(main);
  const select = el("select", { id: "basis", onchange: e => { location.search = link("", { company, basis: e.target.value }); } },
    el("option", { value: "latest", text: "latest (restated)", selected: basis === "latest" ? "" : null }),
    el("option", { value: "first-reported", text: "first reported", selected: basis === "first-reported" ? "" : null }));
  main.append(el("h1", { text: company || "(company not identified)" }),
    el("div", { class: "filters" }, el("label", {}, "Basis", select)),
    el("p", { class: "status", id: "status", text: "Loading charts…" }),
    el("div", { class: "charts" },
      el("div", { class: "chart" }, el("h2", { text: "Revenue by segment" }), el("canvas", { id: "revenue", "aria-label": "revenue by segment" })),
      el("div", { class: "chart" }, el("h2", { text: "Margins (%)" }), el("canvas", { id: "margins", "aria-label": "margins" })),
      el("div", { class: "chart" }, el("h2", { text: "Cash" }), el("canvas", { id: "cash", "aria-label": "cash" }))));
  const [data] = await Promise.all([api("/api/companies/charts", { company, basis }), loadScript("lib/chart.umd.min.js")]);
  status(`${data.basis} basis · ${data.unit || "no currency"} · ${data.revenue.length} revenue series, ${data.margins.length} margins, ${data.cash.length} cash`);
  const colors = ["#1f5fa8", "#d9822b", "#2e8b57", "#8e44ad", "#c0392b", "#16a085", "#7f8c8d", "#b7950b"];
  const chart = (id, series, stacked) => {
    const labels = [...new Set(series.flatMap(s => s.points.map(p => p.periodEnd)))].sort();
    const datasets = series.map((s, i) => {
      const byEnd = new Map(s.points.map(p => [p.periodEnd, p]));
      return {
        label: s.name, borderColor: colors[i % colors.length], backgroundColor: colors[i % colors.length],
        data: labels.map(l => byEnd.has(l) ? byEnd.get(l).value : null),
        sources: labels.map(l => byEnd.get(l)?.source ?? null), spanGaps: true,
      };
    });
    const canvas = document.getElementById(id);
    canvas.dataset.points = String(series.reduce((n, s) => n + s.points.length, 0));
    return new Chart(canvas, {
      type: stacked ? "bar" : "line",
      data: { labels, datasets },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        scales: stacked ? { x: { stacked: true }, y: { stacked: true } } : {},
        plugins: { tooltip: { callbacks: { afterLabel: ctx => { const s = ctx.dataset.sources[ctx.dataIndex]; return s ? `${s.doc} line ${s.line}: ${s.printed}` : ""; } } } },
        onClick: (e, items, c) => {
          if (!items.length) return;
          const s = c.data.datasets[items[0].datasetIndex].sources[items[0].index];
          if (s && s.docSha256) location.href = docLink(s.docSha256, s.line);
        },
      },
    });
  };
  window.kessanCharts = { revenue: chart("revenue", data.revenue, true), margins: chart("margins", data.margins, false), cash: chart("cash", data.cash, false) };
  document.body.dataset.ready = "charts";
}

async function statementPage() {
  const sha = params.get("doc") || "";
  const kind = params.get("kind") || "income";
  clear(main);
  const st = await api(`/api/statements/${encodeURIComponent(kind)}`, { doc: sha });
  main.append(el("h1", { text: `${st.doc} — ${kind}` }), el("p", { class: "status", id: "status",
    text: `${st.company || "(company not identified)"} · ${st.rows.length} rows · hover a number for its source line, printed token and status; click to open the line` }));
  const head = el("tr", {}, el("th", { text: "Line item" }), st.columns.map(c =>
    el("th", { title: `${c.periodStart ?? ""} … ${c.periodEnd} · ${c.table}`, text: `${c.fiscalPeriod} ${c.unit}${c.convenience ? " (convenience)" : ""}` })));
  const body = st.rows.map(r => el("tr", {}, el("td", { class: "label", title: r.concept, text: r.label }), r.cells.map(cell => {
    if (!cell) return el("td", { class: "num" });
    return el("td", { class: "num" }, el("a", {
      href: docLink(sha, cell.line), class: `cell ${cell.status}`, title: `line ${cell.line}, cell ${cell.column} · printed ${cell.printed} · ${cell.status}`,
      dataset: { line: String(cell.line), printed: cell.printed, status: cell.status }, text: fmt(cell.value),
    }));
  })));
  main.append(el("table", { id: "statement" }, el("thead", {}, head), el("tbody", {}, body)));
  document.body.dataset.ready = "statement";
}

async function documentPage() {
  const sha = params.get("sha") || "";
  const target = Math.max(1, parseInt(params.get("line") || "1", 10) || 1);
  const count = 400;
  clear(main);
  const doc = await api(`/api/documents/${encodeURIComponent(sha)}`);
  main.append(el("h1", { text: doc.doc }), el("p", { class: "status", id: "status" }), el("div", { class: "pager", id: "nav" }), el("div", { class: "doc", id: "text" }));
  const show = async from => {
    const t = await api(`/api/documents/${encodeURIComponent(sha)}/lines`, { from, count });
    status(`${doc.company || "(company not identified)"} · ${doc.periodEnd} · ${doc.language} · lines ${t.lines.length ? t.lines[0].line : 0}–${t.lines.length ? t.lines[t.lines.length - 1].line : 0} of ${t.lineCount} (text as stored)`);
    const box = document.getElementById("text");
    clear(box);
    for (const l of t.lines)
      box.append(el("div", { class: l.line === target ? "ln hl" : "ln", id: "L" + l.line, dataset: { line: String(l.line) } },
        el("span", { class: "no", text: l.line }), el("span", { class: "tx", text: l.text })));
    const nav = document.getElementById("nav");
    clear(nav);
    nav.append(el("button", { type: "button", disabled: from <= 1 ? "" : null, onclick: () => show(Math.max(1, from - count)), text: "← Earlier lines" }),
      el("button", { type: "button", disabled: from + count > t.lineCount ? "" : null, onclick: () => show(from + count), text: "Later lines →" }));
    const hl = document.getElementById("L" + target);
    if (hl) hl.scrollIntoView({ block: "center" });
  };
  await show(Math.max(1, target - 100));
  document.body.dataset.ready = "document";
}

function filterForm(fields, values, onSubmit) {
  const inputs = {};
  const form = el("form", { class: "filters", onsubmit: e => { e.preventDefault(); onSubmit(Object.fromEntries(Object.entries(inputs).map(([k, i]) => [k, i.value.trim()]))); } },
    fields.map(f => {
      const input = f.options
        ? el("select", { name: f.name }, f.options.map(o => el("option", { value: o, text: o || "any", selected: values[f.name] === o ? "" : null })))
        : el("input", { name: f.name, value: values[f.name] || "", placeholder: f.placeholder || "" });
      inputs[f.name] = input;
      return el("label", {}, f.title, input);
    }), el("button", { type: "submit", text: "Filter" }));
  return form;
}

async function listPage(title, endpoint, fields, columns) {
  clear(main);
  const values = Object.fromEntries(fields.map(f => [f.name, params.get(f.name) || ""]));
  const box = el("div", { id: "list" });
  main.append(el("h1", { text: title }), filterForm(fields, values, v => { location.search = link("", v); }), el("p", { class: "status", id: "status" }), box);
  const show = async offset => {
    const query = { ...values, offset, limit: PAGE };
    const page = await api(endpoint, query);
    clear(box);
    status("");
    box.append(table(columns, page.items, title), pager(page, show));
  };
  await show(Math.max(0, parseInt(params.get("offset") || "0", 10) || 0));
}

const factColumns = [
  { title: "Document", cell: f => f.doc },
  { title: "Concept", cell: f => f.concept },
  { title: "Label", cell: f => f.label },
  { title: "Table", cell: f => f.table },
  { title: "Period", cell: f => `${f.fiscalPeriod} (${f.periodStart ?? ""}…${f.periodEnd})` },
  { title: "Value", num: true, cell: f => el("a", { href: docLink(f.docSha256, f.line), class: f.status, title: `line ${f.line} · printed ${f.printed} · ${f.status}`, text: fmt(f.value) }) },
  { title: "Unit", cell: f => f.unit + (f.convenience ? " (convenience)" : "") },
  { title: "Status", cell: f => el("span", { class: f.status, text: f.status }) },
];

const findingColumns = [
  { title: "Document", cell: g => g.docSha256 ? el("a", { href: docLink(g.docSha256, g.line), text: `${g.doc}:${g.line}` }) : `${g.doc}:${g.line}` },
  { title: "Rule", cell: g => g.rule },
  { title: "Severity", cell: g => g.severity },
  { title: "Concept", cell: g => g.concept },
  { title: "Period end", cell: g => g.periodEnd },
  { title: "Expected", num: true, cell: g => fmt(g.expected) },
  { title: "Found", num: true, cell: g => fmt(g.found) },
  { title: "Message", cell: g => g.message },
  { title: "Repair", cell: g => g.repair ? el("div", {}, el("strong", { text: fmt(g.repair.value) }), el("ul", { class: "evidence" }, g.repair.evidence.map(e => el("li", { text: e })))) : "" },
];

async function historyPage() {
  clear(main);
  main.append(el("h1", { text: "Restatements" }), el("div", { id: "restatements" }), el("h1", { text: "Guidance vs actual" }), el("div", { id: "guidance" }));
  const section = (id, endpoint, columns) => {
    const show = async offset => {
      const page = await api(endpoint, { offset, limit: PAGE });
      const box = document.getElementById(id);
      clear(box);
      box.append(table(columns, page.items, id), pager(page, show));
    };
    return show(0);
  };
  await Promise.all([
    section("restatements", "/api/restatements", [
      { title: "Concept", cell: r => r.concept }, { title: "Label", cell: r => r.label },
      { title: "Period", cell: r => `${r.fiscalPeriod} (${r.periodEnd})` }, { title: "Unit", cell: r => r.unit },
      { title: "First reported", num: true, cell: r => fmt(r.firstValue) }, { title: "Source", cell: r => source(r.first) },
      { title: "Latest", num: true, cell: r => fmt(r.latestValue) }, { title: "Source", cell: r => source(r.latest) },
      { title: "Kind", cell: r => r.kind }, { title: "Explanation", cell: r => r.explanation },
    ]),
    section("guidance", "/api/guidance", [
      { title: "Concept", cell: g => g.concept }, { title: "Label", cell: g => g.label },
      { title: "Target period", cell: g => `${g.fiscalPeriod} (${g.periodStart ?? ""}…${g.periodEnd})` },
      { title: "Low", num: true, cell: g => fmt(g.low) }, { title: "High", num: true, cell: g => fmt(g.high) }, { title: "Unit", cell: g => g.unit },
      { title: "Source", cell: g => source(g.source) },
      { title: "Actual", num: true, cell: g => fmt(g.actual) }, { title: "Actual source", cell: g => source(g.actualSource) },
      { title: "Verdict", cell: g => g.verdict },
    ]),
  ]);
}

const pages = {
  index: indexPage,
  company: companyPage,
  statement: statementPage,
  document: documentPage,
  facts: () => listPage("Facts", "/api/facts", [
    { name: "doc", title: "Document" }, { name: "concept", title: "Concept", placeholder: "us-gaap:Revenues" },
    { name: "period", title: "Period", placeholder: "FY2002 Q3 or 2002-12-31" }, { name: "unit", title: "Unit" },
    { name: "status", title: "Status", options: ["", "ok", "flagged", "repaired"] },
  ], factColumns),
  findings: () => listPage("Findings", "/api/findings", [
    { name: "doc", title: "Document" }, { name: "rule", title: "Rule" },
    { name: "severity", title: "Severity", options: ["", "error", "warning", "info"] },
  ], findingColumns),
  history: historyPage,
};

(pages[pageName] || indexPage)().catch(e => { status(e.message, true); document.body.dataset.ready = "error"; });
