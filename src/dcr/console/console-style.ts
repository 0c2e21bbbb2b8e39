/**
 * The console's style sheet, served as `<adminPath>/console/app.css`: system fonts only,
 * readable from 390 px (tables become cards) to wide screens.
 * @internal
 */
export const CONSOLE_STYLE = String.raw`:root {
  --ink: #1b1f24;
  --muted: #57606a;
  --line: #d0d7de;
  --paper: #ffffff;
  --page: #f6f8fa;
  --accent: #0b57d0;
  --accent-ink: #ffffff;
  --danger: #b3261e;
  --ok: #1a7f37;
  --focus: #f59e0b;
  color-scheme: light;
}
* { box-sizing: border-box; }
html { font-size: 100%; }
body {
  margin: 0;
  background: var(--page);
  color: var(--ink);
  font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
code, .secret { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.875rem; overflow-wrap: anywhere; }
h1 { font-size: 1.5rem; margin: 1rem 0 0.75rem; overflow-wrap: anywhere; }
h2 { font-size: 1.125rem; margin: 0 0 0.75rem; }
h1:focus { outline: none; }
.skip { position: absolute; left: -999px; top: 0; background: var(--paper); padding: 0.5rem; }
.skip:focus { left: 0.5rem; z-index: 10; }
.top {
  display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 0.5rem;
  padding: 0.75rem 1.25rem; background: #24292f; color: #ffffff;
}
.brand { font-weight: 700; letter-spacing: 0.01em; }
nav { display: flex; flex-wrap: wrap; gap: 0.375rem; }
nav button { background: transparent; color: #ffffff; border-color: #57606a; }
nav button[aria-current="page"] { background: #ffffff; color: #24292f; }
main { max-width: 72rem; margin: 0 auto; padding: 0 1.25rem 3rem; }
.card { background: var(--paper); border: 1px solid var(--line); border-radius: 0.5rem; padding: 1rem 1.25rem; margin: 0 0 1rem; }
.narrow { max-width: 28rem; margin: 3rem auto; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(9.5rem, 1fr)); gap: 0.75rem 1rem; }
.field { display: flex; flex-direction: column; gap: 0.25rem; min-width: 0; }
label { font-weight: 600; font-size: 0.875rem; }
.hint { color: var(--muted); font-size: 0.8125rem; }
input, select, textarea, button { font: inherit; }
input, select, textarea {
  width: 100%; min-height: 2.5rem; padding: 0.4rem 0.6rem; border: 1px solid #8c959f; border-radius: 0.375rem;
  background: var(--paper); color: var(--ink);
}
textarea { resize: vertical; }
button {
  min-height: 2.5rem; padding: 0.4rem 0.9rem; border: 1px solid #8c959f; border-radius: 0.375rem;
  background: var(--paper); color: var(--ink); cursor: pointer;
}
button:disabled { opacity: 0.55; cursor: not-allowed; }
button.primary { background: var(--accent); border-color: var(--accent); color: var(--accent-ink); }
button.danger { background: var(--danger); border-color: var(--danger); color: #ffffff; }
button.quiet { background: transparent; }
button.link {
  min-height: 0; padding: 0; border: 0; background: none; color: var(--accent); text-decoration: underline;
  text-align: left; overflow-wrap: anywhere;
}
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.actions { display: flex; flex-wrap: wrap; gap: 0.5rem; margin-top: 0.75rem; align-items: center; }
.banner { max-width: 69.5rem; margin: 1rem auto 0; padding: 0.75rem 1.25rem; border-radius: 0.375rem; border: 1px solid; overflow-wrap: anywhere; }
.banner.info { background: #ddf4ff; border-color: #54aeff; }
.banner.success { background: #dafbe1; border-color: #4ac26b; }
.banner.error { background: #ffebe9; border-color: #ff8182; color: #82071e; }
.banner button { margin-left: 0.5rem; }
@media (max-width: 72rem) { .banner { margin: 1rem 1.25rem 0; } }
.count { color: var(--muted); margin: 0 0 0.5rem; }
.table-wrap { overflow-x: auto; }
table { width: 100%; border-collapse: collapse; background: var(--paper); }
th, td { text-align: left; padding: 0.5rem 0.625rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: 0.8125rem; color: var(--muted); text-transform: uppercase; letter-spacing: 0.03em; }
td { overflow-wrap: anywhere; }
.results .table-wrap { border: 1px solid var(--line); border-radius: 0.5rem; }
.pill { display: inline-block; padding: 0 0.5rem; border-radius: 1rem; font-size: 0.8125rem; font-weight: 600; white-space: nowrap; }
.pill.active { background: #dafbe1; color: var(--ok); }
.pill.locked { background: #ffebe9; color: var(--danger); }
.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); gap: 0.75rem 1.5rem; margin: 0; }
.facts dt { font-size: 0.8125rem; color: var(--muted); font-weight: 600; }
.facts dd { margin: 0; overflow-wrap: anywhere; }
.reveal { margin-top: 1rem; padding: 0.75rem; border: 2px solid var(--focus); border-radius: 0.5rem; background: #fff8c5; }
.once { margin: 0 0 0.5rem; }
.copy-row { display: flex; flex-wrap: wrap; gap: 0.5rem; }
.copy-row .secret { flex: 1 1 16rem; }
.confirm { margin-top: 0.75rem; padding: 0.75rem; border: 2px solid var(--danger); border-radius: 0.5rem; background: #ffebe9; }
.confirm p { margin: 0; overflow-wrap: anywhere; }
.error-text { color: var(--danger); }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
[hidden] { display: none !important; }
@media (max-width: 40rem) {
  .top { padding: 0.75rem; }
  main { padding: 0 0.75rem 2rem; }
  .card { padding: 0.875rem; }
  .banner { margin: 0.75rem 0.75rem 0; }
  .results .table-wrap, .card .table-wrap { border: 0; }
  table, thead, tbody, tr, th, td { display: block; }
  thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  tr { border: 1px solid var(--line); border-radius: 0.5rem; margin-bottom: 0.5rem; padding: 0.25rem 0; background: var(--paper); }
  td { border: 0; padding: 0.25rem 0.75rem; display: grid; grid-template-columns: 7rem 1fr; gap: 0.5rem; }
  td::before { content: attr(data-label); font-size: 0.8125rem; color: var(--muted); font-weight: 600; }
}
`;
