/** The console's stylesheet, served as /assets/console.css (kept in TypeScript so the build ships it in dist/). */
export const PAGE_CSS = String.raw`
:root {
  --ink: #111827; --muted: #4b5563; --line: #e5e7eb; --bg: #f6f7f9; --card: #fff;
  --brand: #4338ca; --brand-ink: #fff; --brand-soft: #eef2ff; --focus: #2563eb;
  --ok: #065f46; --ok-bg: #d1fae5; --warn: #92400e; --warn-bg: #fef3c7; --bad: #991b1b; --bad-bg: #fee2e2;
  --radius: 10px; --shadow: 0 1px 2px rgba(16,24,40,.06), 0 1px 3px rgba(16,24,40,.1);
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--ink); background: var(--bg); line-height: 1.45;
}
* { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.15rem; margin: 0; }
h3 { font-size: 1rem; margin: 0 0 .25rem; }
p { margin: .25rem 0 .75rem; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em; }
a { color: var(--brand); }
[hidden] { display: none !important; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.skip-link { position: absolute; left: -999px; top: 0; background: var(--card); padding: .5rem 1rem; z-index: 10; }
.skip-link:focus { left: 1rem; }
.muted { color: var(--muted); }
.small { font-size: .85rem; }

.topbar { display: flex; align-items: center; justify-content: space-between; padding: .75rem 2rem; background: var(--card); border-bottom: 1px solid var(--line); }
.brand { font-weight: 700; display: flex; align-items: center; gap: .5rem; }
.brand-mark { display: inline-grid; place-items: center; width: 28px; height: 28px; border-radius: 7px; background: var(--brand); color: var(--brand-ink); }
.brand-sub { font-weight: 400; color: var(--muted); }
.account { display: flex; align-items: center; gap: .75rem; }
.account-name { color: var(--muted); font-size: .9rem; }
main { max-width: 1180px; margin: 0 auto; padding: 1.75rem 2rem 3rem; outline: none; }
.loading { color: var(--muted); }
.page-head { margin-bottom: 1rem; }

.card { background: var(--card); border: 1px solid var(--line); border-radius: var(--radius); box-shadow: var(--shadow); padding: 1.5rem; }
.sign-in { display: grid; place-items: start center; padding-top: 2rem; }
.sign-in form { width: min(420px, 100%); }

.btn { font: inherit; font-weight: 600; font-size: .9rem; border-radius: 8px; padding: .5rem .9rem; border: 1px solid var(--line); background: var(--card); color: var(--ink); cursor: pointer; }
.btn:hover { background: #f3f4f6; }
.btn[disabled] { opacity: .6; cursor: progress; }
.btn-primary { background: var(--brand); border-color: var(--brand); color: var(--brand-ink); }
.btn-primary:hover { background: #3730a3; }
.btn-danger { background: #b91c1c; border-color: #b91c1c; color: #fff; }
.btn-danger:hover { background: #991b1b; }
.btn-quiet { border-color: transparent; background: transparent; }
.btn-block { width: 100%; margin-top: .5rem; }
.btn-icon { font: inherit; font-size: 1.4rem; line-height: 1; width: 2rem; height: 2rem; border-radius: 6px; border: 1px solid transparent; background: transparent; cursor: pointer; color: var(--muted); }
.btn-icon:hover { background: #f3f4f6; }

.field { margin: 0 0 1rem; }
.field label, .field .label { display: block; font-weight: 600; font-size: .9rem; margin-bottom: .3rem; }
.field input[type=text], .field input[type=url], .field input[type=password], .field input:not([type]), .field select, .field textarea {
  width: 100%; font: inherit; padding: .5rem .65rem; border: 1px solid #cbd5e1; border-radius: 8px; background: #fff; color: var(--ink);
}
.field textarea { min-height: 4.5rem; resize: vertical; }
.field [aria-invalid=true] { border-color: var(--bad); box-shadow: 0 0 0 1px var(--bad); }
.hint { color: var(--muted); font-size: .85rem; margin: .3rem 0 0; }
.field-error { color: var(--bad); font-size: .85rem; margin: .35rem 0 0; font-weight: 600; }
.form-error { color: var(--bad); background: var(--bad-bg); border: 1px solid #fecaca; border-radius: 8px; padding: .6rem .75rem; font-size: .9rem; }
.warning { color: var(--warn); background: var(--warn-bg); border: 1px solid #fde68a; border-radius: 8px; padding: .6rem .75rem; font-size: .9rem; }
.notice { background: var(--brand-soft); border: 1px solid #c7d2fe; border-radius: 8px; padding: .6rem .75rem; font-size: .9rem; }
fieldset { border: 0; padding: 0; margin: 0 0 1rem; }
legend { font-weight: 600; font-size: .9rem; margin-bottom: .4rem; padding: 0; }
.choice { display: grid; grid-template-columns: auto 1fr; gap: .15rem .6rem; align-items: start; padding: .65rem .75rem; border: 1px solid var(--line); border-radius: 8px; margin-bottom: .5rem; }
.choice input { margin-top: .25rem; }
.choice label { font-weight: 600; }
.choice .hint, .choice ul { grid-column: 2; margin: 0; }
.choice.is-disabled { background: #f9fafb; color: var(--muted); }
.choice ul { padding-left: 1.1rem; font-size: .85rem; color: var(--muted); }
.choice li { margin: .1rem 0; }
.change-kind { font-weight: 600; color: var(--ink); }

.tabs { display: flex; gap: .25rem; border-bottom: 1px solid var(--line); margin-bottom: 1.25rem; }
.tab { font: inherit; font-weight: 600; background: none; border: 0; border-bottom: 3px solid transparent; padding: .6rem 1rem; color: var(--muted); cursor: pointer; margin-bottom: -1px; }
.tab[aria-selected=true] { color: var(--brand); border-bottom-color: var(--brand); }
.tab:hover { color: var(--ink); }
.panel { outline: none; }
.panel-head { display: flex; justify-content: space-between; align-items: flex-start; gap: 2rem; margin-bottom: 1rem; }
.panel-head h2 { margin-bottom: .35rem; }
.method-list { margin: .25rem 0 .5rem; padding-left: 1.1rem; }
.notes { margin: 0; padding-left: 1.1rem; color: var(--muted); font-size: .88rem; }
.notes li { margin: .15rem 0; }
details.notes-box { margin-top: .25rem; }
details.notes-box summary { cursor: pointer; font-size: .9rem; font-weight: 600; color: var(--muted); }

.table-wrap { background: var(--card); border: 1px solid var(--line); border-radius: var(--radius); box-shadow: var(--shadow); overflow: visible; }
table { width: 100%; border-collapse: collapse; font-size: .92rem; }
th { text-align: left; font-size: .78rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); background: #f9fafb; padding: .65rem 1rem; border-bottom: 1px solid var(--line); }
th:first-child { border-top-left-radius: var(--radius); }
th:last-child { border-top-right-radius: var(--radius); }
td { padding: .75rem 1rem; border-bottom: 1px solid var(--line); vertical-align: top; }
tbody tr:last-child td { border-bottom: 0; }
td.url { max-width: 360px; word-break: break-all; }
td.actions { width: 3rem; text-align: right; position: relative; }
.empty { padding: 2rem 1rem; text-align: center; color: var(--muted); }
.sub { display: block; color: var(--muted); font-size: .8rem; margin-top: .15rem; }
.rate-high { color: var(--bad); font-weight: 600; }

.badge { display: inline-block; font-size: .78rem; font-weight: 700; border-radius: 999px; padding: .15rem .6rem; white-space: nowrap; }
.badge-active { color: var(--ok); background: var(--ok-bg); }
.badge-to-set { color: var(--warn); background: var(--warn-bg); }
.badge-suspended { color: var(--bad); background: var(--bad-bg); }
.badge-muted { color: var(--muted); background: #f3f4f6; }
.reason { display: block; font-size: .8rem; color: var(--bad); margin-top: .3rem; max-width: 260px; }

.menu-button { font: inherit; font-size: 1.1rem; font-weight: 700; letter-spacing: .1em; width: 2.25rem; height: 2rem; border-radius: 6px; border: 1px solid var(--line); background: var(--card); cursor: pointer; color: var(--muted); }
.menu-button:hover, .menu-button[aria-expanded=true] { background: #f3f4f6; color: var(--ink); }
.menu { position: absolute; right: 1rem; top: 2.6rem; z-index: 5; min-width: 200px; background: var(--card); border: 1px solid var(--line); border-radius: 8px; box-shadow: 0 10px 25px rgba(16,24,40,.15); padding: .3rem; text-align: left; }
.menu button { display: block; width: 100%; text-align: left; font: inherit; font-size: .9rem; padding: .5rem .7rem; border: 0; background: none; border-radius: 6px; cursor: pointer; color: var(--ink); }
.menu button:hover, .menu button:focus { background: var(--brand-soft); outline: none; }
.menu button.danger { color: #b91c1c; }
.menu hr { border: 0; border-top: 1px solid var(--line); margin: .3rem 0; }

.dialog { border: 0; border-radius: 14px; padding: 0; width: min(620px, calc(100vw - 2rem)); max-height: calc(100vh - 3rem); box-shadow: 0 25px 50px rgba(16,24,40,.25); color: var(--ink); }
.dialog::backdrop { background: rgba(17,24,39,.5); }
.dialog-head { display: flex; justify-content: space-between; align-items: center; padding: 1.1rem 1.5rem; border-bottom: 1px solid var(--line); position: sticky; top: 0; background: var(--card); z-index: 1; }
.dialog-body { padding: 1.25rem 1.5rem 1.5rem; }
.dialog-actions { display: flex; justify-content: flex-end; gap: .6rem; margin-top: 1.25rem; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: .35rem 1rem; margin: 0 0 1rem; font-size: .92rem; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; }
.secret { display: flex; gap: .5rem; align-items: stretch; margin: .35rem 0 .25rem; }
.secret input { flex: 1; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .85rem; line-height: 1.6; padding: .45rem .65rem; border: 1px solid #cbd5e1; border-radius: 8px; background: #f9fafb; }
.new-key { border: 1px solid var(--line); border-radius: 10px; padding: .85rem 1rem; margin-bottom: .75rem; }
.copied { color: var(--ok); font-size: .85rem; font-weight: 600; }
.history { width: 100%; font-size: .88rem; }
.history td, .history th { padding: .5rem .6rem; }
.history td.when { white-space: nowrap; }
`;
