/**
 * The console's one page. Static: no data is interpolated on the server, the scripts build
 * everything else with DOM APIs (never innerHTML), and the CSP forbids inline script and style.
 */
export const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Webhook · Bakuun partner console</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/console.css">
<script src="/assets/console.js" defer></script>
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="topbar">
  <div class="brand"><span class="brand-mark" aria-hidden="true">B</span> Bakuun <span class="brand-sub">Partner console</span></div>
  <div class="account" id="account" hidden>
    <span class="account-name" id="account-name"></span>
    <button type="button" class="btn btn-quiet" id="sign-out">Sign out</button>
  </div>
</header>
<main id="main" tabindex="-1">
  <p class="loading" id="loading">Loading…</p>
  <noscript><p class="form-error">The console needs JavaScript.</p></noscript>

  <section id="sign-in-view" class="sign-in" hidden aria-labelledby="sign-in-title">
    <form id="sign-in-form" class="card" novalidate>
      <h1 id="sign-in-title">Sign in</h1>
      <p class="muted">Manage your Webhook endpoints with your operator account.</p>
      <p class="form-error" id="sign-in-error" role="alert" tabindex="-1" hidden></p>
      <div class="field" data-field="partnerId">
        <label for="sign-in-partner">Partner id</label>
        <input id="sign-in-partner" name="partnerId" autocomplete="organization" required aria-describedby="sign-in-partner-error">
        <p class="field-error" id="sign-in-partner-error" hidden></p>
      </div>
      <div class="field" data-field="operatorId">
        <label for="sign-in-operator">Operator id</label>
        <input id="sign-in-operator" name="operatorId" autocomplete="username" required aria-describedby="sign-in-operator-error">
        <p class="field-error" id="sign-in-operator-error" hidden></p>
      </div>
      <div class="field" data-field="password">
        <label for="sign-in-password">Password</label>
        <input id="sign-in-password" name="password" type="password" autocomplete="current-password" required aria-describedby="sign-in-password-error">
        <p class="field-error" id="sign-in-password-error" hidden></p>
      </div>
      <button type="submit" class="btn btn-primary btn-block">Sign in</button>
    </form>
  </section>

  <section id="webhook-view" hidden aria-labelledby="webhook-title">
    <div class="page-head">
      <h1 id="webhook-title">Webhook</h1>
      <p class="muted">Endpoints through which your system and Bakuun exchange mapping, ARI and booking data in real time.</p>
    </div>
    <div class="tabs" role="tablist" aria-label="Endpoint categories" id="tabs"></div>
    <div id="panels"></div>
  </section>
</main>
<dialog id="dialog" class="dialog" aria-modal="true" aria-labelledby="dialog-title">
  <div class="dialog-head">
    <h2 id="dialog-title"></h2>
    <button type="button" class="btn-icon" id="dialog-close" aria-label="Close">×</button>
  </div>
  <div class="dialog-body" id="dialog-body"></div>
</dialog>
<div class="visually-hidden" id="announcer" aria-live="polite"></div>
</body>
</html>
`;
