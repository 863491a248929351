// @ts-check
/* global document, window, navigator, fetch, crypto, CSS, FormData */
/*
 * The partner console's Webhook section: sign-in, the Mapping / ARI / Booking tabs, the endpoint
 * table and its "…" actions. One classic script (the build compiles it beside the server code),
 * checked by TypeScript through assets/tsconfig.json. Elements are built with DOM APIs and
 * textContent only; the server's CSP forbids inline script and style.
 */
(() => {
  'use strict';

  // ---------------------------------------------------------------------------------------------
  // Types of the REST API (see /api/openapi.json)

  /**
   * @typedef {'MAPPING' | 'ARI' | 'BOOKING'} Category
   * @typedef {{ kind: 'MANUAL' | 'AUTOMATIC' | 'RECEIVER_GONE', summary: string }} Suspension
   * @typedef {{ id: string, category: Category, method: 'PUSH' | 'READ', direction: 'OUTBOUND' | 'INBOUND', url: string | null,
   *   apiVersion: string, status: 'TO_SET' | 'ACTIVE' | 'SUSPENDED' | 'DELETED', suspension: Suspension | null,
   *   errorRate: number | null, maskedKey: string, keyLastUsedAt: string | null, createdAt: string, version: number }} Endpoint
   * @typedef {{ method: 'PUSH' | 'READ', direction: 'OUTBOUND' | 'INBOUND', label: string, description: string, keyKind: 'SIGNING_SECRET' | 'API_KEY' }} MethodGuide
   * @typedef {{ category: Category, title: string, description: string, notes: string[], methods: MethodGuide[] }} CategoryGuide
   * @typedef {{ signedIn: boolean, partnerId: string | null, operatorId: string | null, csrfToken: string }} SessionView
   * @typedef {{ status: number, code: string, detail: string, field?: string, errors?: { field: string, message: string }[], requestId?: string }} Problem
   * @typedef {{ version: string, releasedOn: string, status: string, selectable: boolean, changelog: { kind: string, path: string, description: string }[] }} ApiVersion
   * @typedef {{ maskedKey: string, createdAt: string, lastUsedAt: string | null, expiresAt: string | null, state: string }} KeyInfo
   */

  // ---------------------------------------------------------------------------------------------
  // DOM helpers

  /**
   * @typedef {Object} ElementProps
   * @property {string} [class]
   * @property {string} [text]
   * @property {Record<string, string | boolean | undefined>} [attrs]
   * @property {Record<string, (event: any) => void>} [on]
   */

  /**
   * @param {string} tag
   * @param {ElementProps} [props]
   * @param {...(Node | string | null | undefined | false)} children
   * @returns {HTMLElement}
   */
  function h(tag, props = {}, ...children) {
    const element = document.createElement(tag);
    if (props.class) element.className = props.class;
    if (props.text !== undefined) element.textContent = props.text;
    for (const [name, value] of Object.entries(props.attrs ?? {})) {
      if (value === false || value === undefined) continue;
      element.setAttribute(name, value === true ? '' : value);
    }
    for (const [event, handler] of Object.entries(props.on ?? {})) element.addEventListener(event, handler);
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      element.append(typeof child === 'string' ? document.createTextNode(child) : child);
    }
    return element;
  }

  /** @param {string} id */
  function byId(id) {
    const element = document.getElementById(id);
    if (!element) throw new Error(`#${id} is missing from the page`);
    return element;
  }

  let idCounter = 0;
  /** @param {string} prefix */
  function uniqueId(prefix) {
    idCounter += 1;
    return `${prefix}-${idCounter}`;
  }

  /** @param {string} message */
  function announce(message) {
    const announcer = byId('announcer');
    announcer.textContent = '';
    window.setTimeout(() => (announcer.textContent = message), 50);
  }

  const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

  /** @param {HTMLElement} container */
  function focusables(container) {
    return /** @type {HTMLElement[]} */ (Array.from(container.querySelectorAll(FOCUSABLE))).filter((e) => !e.closest('[hidden]'));
  }

  const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  const preciseFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

  /** @param {string | null | undefined} instant @param {boolean} [seconds] */
  function formatInstant(instant, seconds = false) {
    if (!instant) return '';
    const date = new Date(instant);
    return Number.isNaN(date.getTime()) ? instant : (seconds ? preciseFormat : dateFormat).format(date);
  }

  /** Changelog text marks payload names with backticks: those become code elements. @param {string} text */
  function withCode(text) {
    return text.split('`').map((part, index) => (index % 2 === 1 ? h('code', { text: part }) : part));
  }

  /** @param {number} fraction */
  function formatPercent(fraction) {
    const value = Math.round(fraction * 1000) / 10;
    return `${Number.isInteger(value) ? value.toFixed(0) : value.toFixed(1)}%`;
  }

  function newRequestKey() {
    if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
    return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
  }

  // ---------------------------------------------------------------------------------------------
  // The modal dialog: focus trapped inside and given back on close; Escape closes it.

  const Dialog = (() => {
    const dialog = /** @type {HTMLDialogElement} */ (byId('dialog'));
    const title = byId('dialog-title');
    const body = byId('dialog-body');
    /** @type {HTMLElement | null} */
    let returnFocus = null;
    /** @type {(() => void) | null} */
    let onClosed = null;

    byId('dialog-close').addEventListener('click', () => close());
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      close();
    });
    dialog.addEventListener('keydown', (event) => {
      if (event.key !== 'Tab') return;
      const items = focusables(dialog);
      if (items.length === 0) return;
      const first = items[0];
      const last = items[items.length - 1];
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
    });

    function focusFirst() {
      const target = /** @type {HTMLElement | null} */ (body.querySelector('[data-autofocus]')) ?? focusables(body)[0] ?? byId('dialog-close');
      target.focus();
    }

    /** @param {{ title: string, content: Node, returnFocus?: HTMLElement | null, onClosed?: () => void }} options */
    function open(options) {
      if (dialog.open) close();
      returnFocus = options.returnFocus ?? returnFocus ?? /** @type {HTMLElement | null} */ (document.activeElement);
      onClosed = options.onClosed ?? null;
      title.textContent = options.title;
      body.replaceChildren(options.content);
      dialog.showModal();
      focusFirst();
    }

    /** Replaces the content, e.g. a form by the key it produced. @param {string} newTitle @param {Node} content */
    function replace(newTitle, content) {
      title.textContent = newTitle;
      body.replaceChildren(content);
      focusFirst();
    }

    function close() {
      if (!dialog.open) return;
      dialog.close();
      body.replaceChildren();
      const callback = onClosed;
      onClosed = null;
      const target = returnFocus && returnFocus.isConnected ? returnFocus : replacementOf(returnFocus);
      returnFocus = null;
      if (callback) callback();
      target.focus();
    }

    /**
     * Where focus goes when the element that opened the dialog is gone: the re-rendered "…" button
     * of the same endpoint, else the tab's "+ Add Endpoint".
     * @param {HTMLElement | null} gone
     * @returns {HTMLElement}
     */
    function replacementOf(gone) {
      const endpointId = gone?.closest('tr')?.getAttribute('data-endpoint-id');
      const again = endpointId ? /** @type {HTMLElement | null} */ (document.querySelector(`tr[data-endpoint-id="${CSS.escape(endpointId)}"] .menu-button`)) : null;
      return again ?? /** @type {HTMLElement | null} */ (document.querySelector('[role=tabpanel]:not([hidden]) .add-endpoint')) ?? byId('main');
    }

    /** The element focus returns to when the next dialog closes. @param {HTMLElement | null} element */
    function returnFocusTo(element) {
      returnFocus = element;
    }

    return { open, replace, close, returnFocusTo, isOpen: () => dialog.open };
  })();

  // ---------------------------------------------------------------------------------------------
  // The "…" menu button (ARIA menu button pattern)

  /** @type {{ close: (focusButton: boolean) => void } | null} */
  let openMenu = null;

  document.addEventListener('click', (event) => {
    const target = /** @type {HTMLElement} */ (event.target);
    if (openMenu && !target.closest('.menu, .menu-button')) openMenu.close(false);
  });

  /**
   * Enter, Space or ArrowDown open it on the first item, ArrowUp on the last; arrows, Home and End
   * move; Escape closes it and returns to the button; Tab closes it.
   * @param {string} label
   * @param {{ label: string, run: () => void, danger?: boolean }[]} items
   */
  function menuButton(label, items) {
    const menuId = uniqueId('menu');
    const button = h('button', { class: 'menu-button', text: '…', attrs: { type: 'button', 'aria-haspopup': 'menu', 'aria-expanded': 'false', 'aria-controls': menuId, 'aria-label': label } });
    const menu = h('div', { class: 'menu', attrs: { role: 'menu', id: menuId, 'aria-label': label, hidden: true } });
    const entries = items.map((item) =>
      h('button', {
        class: item.danger ? 'danger' : '',
        text: item.label,
        attrs: { type: 'button', role: 'menuitem', tabindex: '-1' },
        on: {
          click: () => {
            close(false);
            Dialog.returnFocusTo(button);
            item.run();
          },
        },
      }),
    );
    menu.append(...entries);

    /** @param {number} index */
    function focusItem(index) {
      entries[((index % entries.length) + entries.length) % entries.length].focus();
    }

    /** @param {number} index */
    function open(index) {
      if (openMenu) openMenu.close(false);
      menu.hidden = false;
      button.setAttribute('aria-expanded', 'true');
      openMenu = { close };
      focusItem(index);
    }

    /** @param {boolean} focusButton */
    function close(focusButton) {
      menu.hidden = true;
      button.setAttribute('aria-expanded', 'false');
      if (openMenu && openMenu.close === close) openMenu = null;
      if (focusButton) button.focus();
    }

    button.addEventListener('click', () => (menu.hidden ? open(0) : close(true)));
    button.addEventListener('keydown', (event) => {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        open(event.key === 'ArrowDown' ? 0 : entries.length - 1);
      }
    });
    menu.addEventListener('keydown', (event) => {
      const index = entries.indexOf(/** @type {HTMLElement} */ (document.activeElement));
      if (event.key === 'ArrowDown') focusItem(index + 1);
      else if (event.key === 'ArrowUp') focusItem(index - 1);
      else if (event.key === 'Home') focusItem(0);
      else if (event.key === 'End') focusItem(entries.length - 1);
      else if (event.key === 'Escape') close(true);
      else if (event.key === 'Tab') return close(false);
      else return;
      event.preventDefault();
      event.stopPropagation();
    });
    return h('div', { class: 'menu-anchor' }, button, menu);
  }

  // ---------------------------------------------------------------------------------------------
  // Forms: labelled fields, errors next to what caused them

  /**
   * @param {{ label: string, name: string, control?: HTMLElement, type?: string, hint?: string, value?: string, autocomplete?: string, placeholder?: string }} options
   */
  function field(options) {
    const id = uniqueId(`f-${options.name}`);
    const hintId = `${id}-hint`;
    const errorId = `${id}-error`;
    const control = options.control ?? h('input', { attrs: { type: options.type ?? 'text', autocomplete: options.autocomplete ?? 'off', placeholder: options.placeholder } });
    control.id = id;
    control.setAttribute('name', options.name);
    control.setAttribute('aria-describedby', [options.hint ? hintId : '', errorId].filter(Boolean).join(' '));
    if (options.value !== undefined) /** @type {HTMLInputElement} */ (control).value = options.value;
    return h(
      'div',
      { class: 'field', attrs: { 'data-field': options.name } },
      h('label', { text: options.label, attrs: { for: id } }),
      control,
      options.hint ? h('p', { class: 'hint', text: options.hint, attrs: { id: hintId } }) : null,
      h('p', { class: 'field-error', attrs: { id: errorId, hidden: true } }),
    );
  }

  /** @param {HTMLElement} form */
  function clearErrors(form) {
    for (const slot of Array.from(form.querySelectorAll('.field-error, .form-error'))) {
      slot.textContent = '';
      /** @type {HTMLElement} */ (slot).hidden = true;
    }
    for (const invalid of Array.from(form.querySelectorAll('[aria-invalid=true]'))) invalid.removeAttribute('aria-invalid');
  }

  /**
   * Next to the field it is about, or at the top of the form when it names none the form has;
   * focus moves to what caused it.
   * @param {HTMLElement} form
   * @param {string | undefined} fieldName
   * @param {string} message
   * @param {boolean} [focus]
   */
  function showError(form, fieldName, message, focus = true) {
    const wrapper = fieldName ? /** @type {HTMLElement | null} */ (form.querySelector(`[data-field="${CSS.escape(fieldName)}"]`)) : null;
    const slot = /** @type {HTMLElement | null} */ (wrapper ? wrapper.querySelector('.field-error') : form.querySelector('.form-error'));
    if (!slot) return;
    slot.textContent = message;
    slot.hidden = false;
    const control = wrapper ? /** @type {HTMLElement | null} */ (wrapper.querySelector('input:not([type=checkbox]):not([type=radio]), select, textarea') ?? wrapper.querySelector('input')) : null;
    if (control && wrapper && wrapper.tagName !== 'FIELDSET') control.setAttribute('aria-invalid', 'true');
    if (focus) (control ?? slot).focus();
  }

  /** @param {HTMLElement} form @param {Problem} problem */
  function showProblem(form, problem) {
    if (problem.errors && problem.errors.length > 0) {
      problem.errors.forEach((error, index) => showError(form, error.field, error.message, index === 0));
      return;
    }
    showError(form, problem.field, problem.detail);
  }

  function formErrorSlot() {
    return h('p', { class: 'form-error', attrs: { role: 'alert', tabindex: '-1', hidden: true } });
  }

  /** @param {HTMLFormElement} form @param {string} name */
  function valueOf(form, name) {
    const value = new FormData(form).get(name);
    return typeof value === 'string' ? value.trim() : '';
  }

  /**
   * A dialog form: the error slot on top, Cancel and the submit button below; a failed request
   * shows its problem next to the field it names.
   * @param {{ content: (Node | null)[], submitLabel: string, danger?: boolean, onSubmit: (form: HTMLFormElement) => Promise<void> }} options
   */
  function dialogForm(options) {
    const submit = /** @type {HTMLButtonElement} */ (h('button', { class: `btn ${options.danger ? 'btn-danger' : 'btn-primary'}`, text: options.submitLabel, attrs: { type: 'submit' } }));
    const cancel = h('button', { class: 'btn', text: 'Cancel', attrs: { type: 'button' }, on: { click: () => Dialog.close() } });
    const form = /** @type {HTMLFormElement} */ (h('form', { attrs: { novalidate: true } }, formErrorSlot(), ...options.content, h('div', { class: 'dialog-actions' }, cancel, submit)));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearErrors(form);
      submit.disabled = true;
      try {
        await options.onSubmit(form);
      } catch (error) {
        showProblem(form, problemOf(error));
      } finally {
        submit.disabled = false;
      }
    });
    return form;
  }

  /** The content of a dialog that only shows something, with a close button. @param {(Node | null)[]} content @param {string} [closeLabel] */
  function dialogInfo(content, closeLabel = 'Close') {
    return h('div', {}, ...content, h('div', { class: 'dialog-actions' }, h('button', { class: 'btn btn-primary', text: closeLabel, attrs: { type: 'button' }, on: { click: () => Dialog.close() } })));
  }

  /** A key shown once: read-only, with a copy button. @param {string} label @param {string} value */
  function secretField(label, value) {
    const input = /** @type {HTMLInputElement} */ (h('input', { attrs: { readonly: true, 'aria-label': label, spellcheck: 'false' } }));
    input.value = value;
    const status = h('span', { class: 'copied', attrs: { role: 'status' } });
    const copy = h('button', {
      class: 'btn',
      text: 'Copy',
      attrs: { type: 'button', 'aria-label': `Copy ${label}`, 'data-autofocus': true },
      on: {
        click: async () => {
          try {
            await navigator.clipboard.writeText(input.value);
            status.textContent = 'Copied to the clipboard';
          } catch {
            input.focus();
            input.select();
            status.textContent = document.execCommand('copy') ? 'Copied to the clipboard' : 'Selected: press Ctrl+C to copy';
          }
        },
      },
    });
    return h('div', {}, h('div', { class: 'secret' }, input, copy), status);
  }

  function shownOnceWarning() {
    return h('p', { class: 'warning', attrs: { role: 'note' } }, h('strong', { text: 'Shown only once. ' }), 'Copy the key now and store it securely: Bakuun keeps no readable copy and will not show it again.');
  }

  // ---------------------------------------------------------------------------------------------
  // The REST API

  class ApiError extends Error {
    /** @param {Problem} problem */
    constructor(problem) {
      super(problem.detail);
      this.problem = problem;
    }
  }

  /** @param {unknown} error @returns {Problem} */
  function problemOf(error) {
    if (error instanceof ApiError) return error.problem;
    return { status: 0, code: 'PAGE.UNEXPECTED', detail: 'Something went wrong in the page. Reload it and try again.' };
  }

  let csrfToken = '';

  /**
   * One REST call. State changes carry the CSRF token and a fresh Idempotency-Key. The page sends
   * no If-Match: the registry decides every change against the endpoint's latest state, while the
   * page's list may lag it by a moment and would refuse valid changes.
   * @param {string} method
   * @param {string} path
   * @param {{ body?: unknown }} [options]
   * @returns {Promise<any>}
   */
  async function api(method, path, options = {}) {
    /** @type {Record<string, string>} */
    const headers = { Accept: 'application/json' };
    if (method !== 'GET') {
      headers['X-CSRF-Token'] = csrfToken;
      headers['Idempotency-Key'] = newRequestKey();
    }
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    /** @type {Response} */
    let response;
    try {
      response = await fetch(path, { method, headers, credentials: 'same-origin', body: options.body === undefined ? undefined : JSON.stringify(options.body) });
    } catch {
      throw new ApiError({ status: 0, code: 'PAGE.OFFLINE', detail: 'The console cannot be reached. Check your connection and try again.' });
    }
    if (response.status === 204) return null;
    const payload = await response.json().catch(() => null);
    if (response.ok) return payload;
    /** @type {Problem} */
    const problem = payload && typeof payload.detail === 'string' ? payload : { status: response.status, code: `HTTP.${response.status}`, detail: `The console answered ${response.status}.` };
    if (problem.code === 'CONSOLE.SIGN_IN_REQUIRED') void signedOut('Your session has ended. Sign in again to continue.');
    throw new ApiError(problem);
  }

  // ---------------------------------------------------------------------------------------------
  // Sign-in and session

  /** @type {{ session: SessionView | null, guides: CategoryGuide[], selected: Category, endpoints: Map<Category, Endpoint[]> }} */
  const state = { session: null, guides: [], selected: 'MAPPING', endpoints: new Map() };

  const signInForm = /** @type {HTMLFormElement} */ (byId('sign-in-form'));

  /** @param {string} [message] */
  function showSignIn(message) {
    byId('loading').hidden = true;
    byId('webhook-view').hidden = true;
    byId('account').hidden = true;
    byId('sign-in-view').hidden = false;
    clearErrors(signInForm);
    if (message) showError(signInForm, undefined, message, false);
    const partner = /** @type {HTMLInputElement} */ (byId('sign-in-partner'));
    (partner.value ? byId('sign-in-password') : partner).focus();
  }

  /** @param {string} message */
  async function signedOut(message) {
    if (Dialog.isOpen()) Dialog.close();
    state.session = null;
    try {
      const session = /** @type {SessionView} */ (await api('GET', '/api/session'));
      csrfToken = session.csrfToken;
    } finally {
      showSignIn(message);
    }
  }

  signInForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(signInForm);
    const body = { partnerId: valueOf(signInForm, 'partnerId'), operatorId: valueOf(signInForm, 'operatorId'), password: String(new FormData(signInForm).get('password') ?? '') };
    const missing = [
      ['partnerId', body.partnerId, 'Enter your partner id'],
      ['operatorId', body.operatorId, 'Enter your operator id'],
      ['password', body.password, 'Enter your password'],
    ].filter(([, value]) => !value);
    if (missing.length > 0) {
      missing.forEach(([name, , message], index) => showError(signInForm, name, message, index === 0));
      return;
    }
    const submit = /** @type {HTMLButtonElement} */ (signInForm.querySelector('button[type=submit]'));
    submit.disabled = true;
    try {
      const session = /** @type {SessionView} */ (await api('POST', '/api/session', { body }));
      /** @type {HTMLInputElement} */ (byId('sign-in-password')).value = '';
      await startConsole(session);
    } catch (error) {
      const problem = problemOf(error);
      showProblem(signInForm, problem);
      if (problem.code.startsWith('CONSOLE.CSRF_')) {
        const session = /** @type {SessionView} */ (await api('GET', '/api/session').catch(() => null));
        if (session) csrfToken = session.csrfToken;
      }
    } finally {
      submit.disabled = false;
    }
  });

  byId('sign-out').addEventListener('click', async () => {
    try {
      await api('DELETE', '/api/session');
    } finally {
      await signedOut('You are signed out.');
    }
  });

  // ---------------------------------------------------------------------------------------------
  // Tabs and the endpoint table

  /** @param {Category} category */
  const slug = (category) => category.toLowerCase();
  /** @param {Category} category */
  const guideOf = (category) => /** @type {CategoryGuide} */ (state.guides.find((g) => g.category === category));
  /** @param {Endpoint} endpoint */
  const methodLabel = (endpoint) => (endpoint.method === 'PUSH' ? 'Push' : 'Read');
  /** @param {Endpoint} endpoint */
  const endpointName = (endpoint) => `${guideOf(endpoint.category).title} ${methodLabel(endpoint)} endpoint`;

  /** @param {SessionView} session */
  async function startConsole(session) {
    state.session = session;
    csrfToken = session.csrfToken;
    byId('account-name').textContent = `${session.operatorId} · partner ${session.partnerId}`;
    byId('account').hidden = false;
    byId('sign-in-view').hidden = true;
    byId('loading').hidden = false;
    try {
      state.guides = (await api('GET', '/api/categories')).categories;
    } catch (error) {
      byId('loading').textContent = problemOf(error).detail;
      return;
    }
    renderTabs();
    byId('loading').hidden = true;
    byId('webhook-view').hidden = false;
    const fromHash = /** @type {Category | undefined} */ (state.guides.map((g) => g.category).find((c) => `#${slug(c)}` === window.location.hash));
    await selectTab(fromHash ?? 'MAPPING', false);
    byId('webhook-title').focus();
  }

  function renderTabs() {
    const tabs = byId('tabs');
    const panels = byId('panels');
    tabs.replaceChildren();
    panels.replaceChildren();
    for (const guide of state.guides) {
      const tab = h('button', {
        class: 'tab',
        text: guide.title,
        attrs: { type: 'button', role: 'tab', id: `tab-${slug(guide.category)}`, 'aria-controls': `panel-${slug(guide.category)}`, 'aria-selected': 'false', tabindex: '-1' },
        on: { click: () => void selectTab(guide.category, true) },
      });
      tabs.append(tab);
      panels.append(renderPanel(guide));
    }
    byId('webhook-title').setAttribute('tabindex', '-1');
  }

  byId('tabs').addEventListener('keydown', (event) => {
    const categories = state.guides.map((g) => g.category);
    const index = categories.indexOf(state.selected);
    const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: categories.length - 1 }[/** @type {string} */ (event.key)];
    if (next === undefined) return;
    event.preventDefault();
    void selectTab(categories[(next + categories.length) % categories.length], true);
  });

  /** @param {CategoryGuide} guide */
  function renderPanel(guide) {
    const id = slug(guide.category);
    return h(
      'section',
      { class: 'panel', attrs: { role: 'tabpanel', id: `panel-${id}`, 'aria-labelledby': `tab-${id}`, tabindex: '0', hidden: true } },
      h(
        'div',
        { class: 'panel-head' },
        h(
          'div',
          {},
          h('h2', { text: `${guide.title} endpoints` }),
          h('p', { text: guide.description }),
          h('ul', { class: 'method-list' }, ...guide.methods.map((m) => h('li', {}, h('strong', { text: m.label }), ` — ${m.description}`))),
          h('h3', { class: 'small muted', text: 'Important notes' }),
          h('ul', { class: 'notes' }, ...guide.notes.map((note) => h('li', { text: note }))),
        ),
        h('button', { class: 'btn btn-primary add-endpoint', text: '+ Add Endpoint', attrs: { type: 'button' }, on: { click: () => openAddDialog(guide.category) } }),
      ),
      h('p', { class: 'form-error table-error', attrs: { role: 'alert', hidden: true } }),
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          {},
          h('caption', { class: 'visually-hidden', text: `${guide.title} endpoints` }),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ...['URL', 'API Version', 'Method', 'Error Rate', 'Status'].map((title) => h('th', { text: title, attrs: { scope: 'col' } })),
              h('th', { attrs: { scope: 'col' } }, h('span', { class: 'visually-hidden', text: 'Actions' })),
            ),
          ),
          h('tbody', {}, h('tr', {}, h('td', { class: 'empty', text: 'Loading…', attrs: { colspan: '6' } }))),
        ),
      ),
    );
  }

  /** @param {Category} category @param {boolean} focusTab */
  async function selectTab(category, focusTab) {
    state.selected = category;
    for (const guide of state.guides) {
      const selected = guide.category === category;
      const tab = byId(`tab-${slug(guide.category)}`);
      tab.setAttribute('aria-selected', String(selected));
      tab.setAttribute('tabindex', selected ? '0' : '-1');
      byId(`panel-${slug(guide.category)}`).hidden = !selected;
      if (selected && focusTab) tab.focus();
    }
    window.history.replaceState(null, '', `#${slug(category)}`);
    await loadEndpoints(category);
  }

  /*
   * The list comes from the registry's read model, which may lag a change by a moment; the
   * answers of the page's own changes are newer. Merging by version shows every change at once.
   */
  /** @type {Map<string, Endpoint>} */
  const recent = new Map();
  /** @type {Set<string>} */
  const deleted = new Set();

  /** @param {Endpoint} endpoint */
  function remember(endpoint) {
    const known = recent.get(endpoint.id);
    if (!known || known.version <= endpoint.version) recent.set(endpoint.id, endpoint);
  }

  /** @param {Category} category @param {Endpoint[]} listed */
  function merged(category, listed) {
    /** @type {Map<string, Endpoint>} */
    const byId = new Map(listed.filter((e) => !deleted.has(e.id)).map((e) => [e.id, e]));
    for (const [id, mine] of recent) {
      const theirs = byId.get(id);
      if (theirs && theirs.version >= mine.version) recent.delete(id);
      else if (mine.category === category && !deleted.has(id)) byId.set(id, mine);
    }
    return Array.from(byId.values()).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.method.localeCompare(b.method));
  }

  /** @param {Category} category */
  async function loadEndpoints(category) {
    const panel = byId(`panel-${slug(category)}`);
    const error = /** @type {HTMLElement} */ (panel.querySelector('.table-error'));
    try {
      const { endpoints } = await api('GET', `/api/endpoints?category=${category}`);
      state.endpoints.set(category, merged(category, endpoints));
      error.hidden = true;
      renderRows(category);
    } catch (failure) {
      error.textContent = problemOf(failure).detail;
      error.hidden = false;
    }
  }

  /** Re-renders the rows; focus on a row's "…" button stays on that row's new button (or goes to "+ Add Endpoint" if the row is gone). */
  /** @param {Category} category */
  function renderRows(category) {
    const panel = byId(`panel-${slug(category)}`);
    const tbody = /** @type {HTMLElement} */ (panel.querySelector('tbody'));
    const active = document.activeElement;
    const focusedId = active && tbody.contains(active) ? active.closest('tr')?.getAttribute('data-endpoint-id') : null;
    const endpoints = state.endpoints.get(category) ?? [];
    if (endpoints.length === 0) {
      tbody.replaceChildren(h('tr', {}, h('td', { class: 'empty', attrs: { colspan: '6' }, text: `No ${guideOf(category).title} endpoints yet. Add one with “+ Add Endpoint”.` })));
    } else {
      // Unchanged rows keep their elements, so a refresh neither closes an open "…" menu nor moves focus.
      const current = /** @type {HTMLElement[]} */ (Array.from(tbody.children));
      const existing = new Map(current.map((row) => [row.getAttribute('data-endpoint-id'), row]));
      const rows = endpoints.map((endpoint) => {
        const fingerprint = JSON.stringify(endpoint);
        const old = existing.get(endpoint.id);
        if (old && old.getAttribute('data-fingerprint') === fingerprint) return old;
        const row = renderRow(endpoint);
        row.setAttribute('data-fingerprint', fingerprint);
        return row;
      });
      const sameOrder = rows.length === current.length && rows.every((row, i) => row.getAttribute('data-endpoint-id') === current[i].getAttribute('data-endpoint-id'));
      if (sameOrder) rows.forEach((row, i) => row !== current[i] && current[i].replaceWith(row));
      else tbody.replaceChildren(...rows);
    }
    if (!focusedId || Dialog.isOpen() || active?.isConnected) return;
    const again = /** @type {HTMLElement | null} */ (tbody.querySelector(`tr[data-endpoint-id="${CSS.escape(focusedId)}"] .menu-button`));
    (again ?? /** @type {HTMLElement} */ (panel.querySelector('.add-endpoint'))).focus();
  }

  const STATUS_BADGES = { ACTIVE: ['Active', 'badge-active'], TO_SET: ['To set', 'badge-to-set'], SUSPENDED: ['Suspended', 'badge-suspended'], DELETED: ['Deleted', 'badge-muted'] };

  /** @param {Endpoint} endpoint */
  function renderRow(endpoint) {
    const outbound = endpoint.direction === 'OUTBOUND';
    const [statusText, statusClass] = STATUS_BADGES[endpoint.status];
    const urlCell = endpoint.url
      ? h('td', { class: 'url' }, h('span', { class: 'mono', text: endpoint.url }), outbound ? null : h('span', { class: 'sub', text: 'Generated by Bakuun' }))
      : h('td', { class: 'url' }, h('span', { text: 'Not set' }), h('span', { class: 'sub', text: 'Set it from the … menu' }));
    const rate =
      endpoint.errorRate === null
        ? h('span', { class: 'muted', text: '—', attrs: { title: 'Not measured yet' } }, h('span', { class: 'visually-hidden', text: 'Not measured yet' }))
        : h('span', { class: endpoint.errorRate >= 0.1 ? 'rate-high' : '', text: formatPercent(endpoint.errorRate) });
    /** @type {{ label: string, run: () => void, danger?: boolean }[]} */
    const items = [];
    if (outbound) items.push({ label: endpoint.url ? 'Change URL' : 'Set URL', run: () => openUrlDialog(endpoint) });
    items.push({ label: 'Update API version', run: () => void openApiVersionDialog(endpoint) });
    items.push(endpoint.status === 'ACTIVE' ? { label: 'Disable', run: () => openDisableDialog(endpoint) } : { label: 'Activate', run: () => openActivateDialog(endpoint) });
    items.push({ label: 'Expire key', run: () => void openExpireKeyDialog(endpoint) });
    items.push({ label: 'History', run: () => void openHistoryDialog(endpoint) });
    items.push({ label: 'Delete', run: () => openDeleteDialog(endpoint), danger: true });
    return h(
      'tr',
      { attrs: { 'data-endpoint-id': endpoint.id } },
      urlCell,
      h('td', { class: 'mono', text: endpoint.apiVersion }),
      h('td', {}, methodLabel(endpoint), h('span', { class: 'sub', text: outbound ? 'We call your URL' : 'You call Bakuun' })),
      h('td', {}, rate),
      h('td', {}, h('span', { class: `badge ${statusClass}`, text: statusText }), endpoint.suspension ? h('span', { class: 'reason', text: endpoint.suspension.summary }) : null),
      h('td', { class: 'actions' }, menuButton(`Actions for ${endpointName(endpoint)}${endpoint.url ? ` ${endpoint.url}` : ''}`, items)),
    );
  }

  /** Shows the page's own changes at once, before the list is fetched again. @param {Category} category */
  function showRecent(category) {
    state.endpoints.set(category, merged(category, state.endpoints.get(category) ?? []));
    renderRows(category);
  }

  /** After a change: close the dialog on the updated table, say what happened, then reload the tab. @param {Category} category @param {string} message */
  async function changed(category, message) {
    showRecent(category);
    Dialog.close();
    announce(message);
    await loadEndpoints(category);
  }

  // ---------------------------------------------------------------------------------------------
  // "+ Add Endpoint"

  /** @param {Category} category */
  function openAddDialog(category) {
    const guide = guideOf(category);
    const single = guide.methods.length === 1;
    const outboundMethods = guide.methods.filter((m) => m.direction === 'OUTBOUND');
    const urlField = field({
      label: `URL for ${outboundMethods.map((m) => m.label).join(', ')} (optional)`,
      name: 'url',
      type: 'url',
      placeholder: 'https://example.com/webhooks/bakuun',
      hint: 'Where we send to. Enter it now or later; until it is set the endpoint stays “To set”.',
    });
    const methods = h(
      'fieldset',
      { attrs: { 'data-field': 'methods' } },
      h('legend', { text: single ? 'Method' : 'Methods (one endpoint is added per method)' }),
      single ? h('p', { class: 'hint', text: `${guide.title} offers ${guide.methods[0].label} only.` }) : null,
      ...guide.methods.map((m) => {
        const id = uniqueId('method');
        return h(
          'div',
          { class: 'choice' },
          h('input', { attrs: { type: 'checkbox', id, name: 'methods', value: m.method, checked: single, 'data-direction': m.direction }, on: { change: syncUrl } }),
          h('label', { text: m.label, attrs: { for: id } }),
          h('p', { class: 'hint', text: m.description }),
        );
      }),
      h('p', { class: 'field-error', attrs: { hidden: true } }),
    );

    function syncUrl() {
      const checked = Array.from(methods.querySelectorAll('input:checked'));
      urlField.hidden = !checked.some((input) => input.getAttribute('data-direction') === 'OUTBOUND');
    }
    syncUrl();

    const form = dialogForm({
      content: [h('p', { class: 'muted', text: guide.description }), methods, urlField],
      submitLabel: 'Add',
      onSubmit: async (element) => {
        const selected = new FormData(element).getAll('methods').map(String);
        if (selected.length === 0) return showError(element, 'methods', 'Select at least one method.');
        const url = urlField.hidden ? '' : valueOf(element, 'url');
        const result = await api('POST', '/api/endpoints', { body: { category, methods: selected, ...(url ? { url } : {}) } });
        for (const added of result.endpoints) remember(added.endpoint);
        showRecent(category);
        void loadEndpoints(category);
        Dialog.replace(result.endpoints.length > 1 ? 'Save your new keys' : 'Save your new key', newKeysView(result.endpoints));
        announce(`${result.endpoints.length} endpoint${result.endpoints.length > 1 ? 's' : ''} added`);
      },
    });
    Dialog.open({ title: `Add ${guide.title} endpoint`, content: form });
  }

  /** @param {{ endpoint: Endpoint, key: string }[]} added */
  function newKeysView(added) {
    return dialogInfo(
      [
        shownOnceWarning(),
        ...added.map(({ endpoint, key }) => {
          const outbound = endpoint.direction === 'OUTBOUND';
          const kind = outbound ? 'signing secret' : 'API key';
          return h(
            'section',
            { class: 'new-key' },
            h('h3', { text: `${endpointName(endpoint)} — ${kind}` }),
            h(
              'p',
              { class: 'small muted' },
              outbound
                ? endpoint.url
                  ? `We will POST to ${endpoint.url} and sign with this secret.`
                  : 'Set its URL from the … menu; we will sign what we send with this secret.'
                : `Your system calls ${endpoint.url} and presents this key.`,
            ),
            secretField(`${endpointName(endpoint)} ${kind}`, key),
          );
        }),
      ],
      added.length > 1 ? 'I have stored the keys' : 'I have stored the key',
    );
  }

  // ---------------------------------------------------------------------------------------------
  // Set URL

  /** @param {Endpoint} endpoint */
  function openUrlDialog(endpoint) {
    const form = dialogForm({
      content: [
        field({ label: 'URL', name: 'url', type: 'url', value: endpoint.url ?? '', placeholder: 'https://example.com/webhooks/bakuun', hint: 'https, on a public address. We check it now and again each time we connect.' }),
      ],
      submitLabel: 'Save URL',
      onSubmit: async (element) => {
        const url = valueOf(element, 'url');
        if (!url) return showError(element, 'url', 'Enter a URL.');
        remember(await api('PUT', `/api/endpoints/${endpoint.id}/url`, { body: { url } }));
        await changed(endpoint.category, 'URL saved');
      },
    });
    Dialog.open({ title: `${endpoint.url ? 'Change' : 'Set'} URL — ${endpointName(endpoint)}`, content: form });
  }

  // ---------------------------------------------------------------------------------------------
  // Update API version

  /** @param {Endpoint} endpoint */
  async function openApiVersionDialog(endpoint) {
    Dialog.open({ title: `Update API version — ${endpointName(endpoint)}`, content: h('p', { class: 'muted', text: 'Loading the versions…' }) });
    /** @type {ApiVersion[]} */
    let versions;
    try {
      versions = (await api('GET', `/api/api-versions?category=${endpoint.category}`)).versions;
    } catch (error) {
      return Dialog.replace(`Update API version — ${endpointName(endpoint)}`, dialogInfo([h('p', { class: 'form-error', text: problemOf(error).detail, attrs: { role: 'alert' } })]));
    }
    const choices = versions
      .filter((v) => v.status !== 'RETIRED' || v.version === endpoint.apiVersion)
      .slice()
      .reverse()
      .map((version) => {
        const id = uniqueId('version');
        const current = version.version === endpoint.apiVersion;
        const statusText = { CURRENT: 'latest', SUPPORTED: 'supported', DEPRECATED: 'deprecated: cannot be newly chosen', RETIRED: 'retired' }[version.status] ?? version.status.toLowerCase();
        return h(
          'div',
          { class: `choice${version.selectable ? '' : ' is-disabled'}` },
          h('input', { attrs: { type: 'radio', id, name: 'apiVersion', value: version.version, checked: current, disabled: !version.selectable && !current, 'aria-describedby': `${id}-changes` } }),
          h('label', { attrs: { for: id } }, `${version.version} `, h('span', { class: 'muted small', text: `(${statusText}${current ? ', in use' : ''})` })),
          h('ul', { attrs: { id: `${id}-changes`, 'aria-label': `Changes in ${version.version}` } }, ...version.changelog.map((c) => h('li', {}, h('span', { class: 'change-kind', text: `${c.kind.toLowerCase()} ` }), h('code', { text: c.path }), ' — ', ...withCode(c.description)))),
        );
      });
    const form = dialogForm({
      content: [
        h('dl', { class: 'facts' }, h('dt', { text: 'Current version' }), h('dd', { class: 'mono', text: endpoint.apiVersion })),
        h('fieldset', { attrs: { 'data-field': 'apiVersion' } }, h('legend', { text: 'Available versions, newest first, with their changelog' }), ...choices, h('p', { class: 'field-error', attrs: { hidden: true } })),
      ],
      submitLabel: 'Update version',
      onSubmit: async (element) => {
        const apiVersion = valueOf(element, 'apiVersion');
        if (!apiVersion || apiVersion === endpoint.apiVersion) return showError(element, 'apiVersion', 'Choose a version other than the current one.');
        remember(await api('PUT', `/api/endpoints/${endpoint.id}/api-version`, { body: { apiVersion } }));
        await changed(endpoint.category, `API version updated to ${apiVersion}`);
      },
    });
    Dialog.replace(`Update API version — ${endpointName(endpoint)}`, form);
  }

  // ---------------------------------------------------------------------------------------------
  // Disable / Activate

  /** @param {Endpoint} endpoint */
  function openDisableDialog(endpoint) {
    const form = dialogForm({
      content: [
        h('p', { text: 'While disabled, the endpoint receives nothing and accepts nothing. Nothing is lost: what it misses can be replayed after you activate it again.' }),
        field({ label: 'Note for your team (optional)', name: 'note', control: h('textarea', { attrs: { maxlength: '500' } }) }),
      ],
      submitLabel: 'Disable',
      danger: true,
      onSubmit: async (element) => {
        const note = valueOf(element, 'note');
        remember(await api('POST', `/api/endpoints/${endpoint.id}/suspend`, { body: note ? { note } : {} }));
        await changed(endpoint.category, 'Endpoint disabled');
      },
    });
    Dialog.open({ title: `Disable ${endpointName(endpoint)}?`, content: form });
  }

  /** @param {Endpoint} endpoint */
  function openActivateDialog(endpoint) {
    const form = dialogForm({
      content: [
        endpoint.suspension ? h('p', { class: 'notice', attrs: { role: 'note' } }, h('strong', { text: 'Why it is suspended: ' }), endpoint.suspension.summary) : null,
        h('p', { text: endpoint.status === 'SUSPENDED' ? 'Activating resumes traffic at once.' : 'Activating starts traffic at once.' }),
        endpoint.direction === 'OUTBOUND' && !endpoint.url ? h('p', { class: 'warning', text: 'This endpoint has no URL yet: set it first.' }) : null,
      ],
      submitLabel: 'Activate',
      onSubmit: async () => {
        remember(await api('POST', `/api/endpoints/${endpoint.id}/activate`));
        await changed(endpoint.category, 'Endpoint activated');
      },
    });
    Dialog.open({ title: `Activate ${endpointName(endpoint)}?`, content: form });
  }

  // ---------------------------------------------------------------------------------------------
  // Expire key (roll)

  /** @param {Endpoint} endpoint */
  async function openExpireKeyDialog(endpoint) {
    const title = `Expire key — ${endpointName(endpoint)}`;
    Dialog.open({ title, content: h('p', { class: 'muted', text: 'Loading the key…' }) });
    /** @type {{ current: KeyInfo, previous: KeyInfo | null, rollPending: boolean }} */
    let key;
    /** @type {{ code: string, label: string, seconds: number }[]} */
    let choices;
    try {
      [key, { choices }] = await Promise.all([api('GET', `/api/endpoints/${endpoint.id}/key`), api('GET', '/api/key-expiry-choices')]);
    } catch (error) {
      return Dialog.replace(title, dialogInfo([h('p', { class: 'form-error', text: problemOf(error).detail, attrs: { role: 'alert' } })]));
    }
    const select = h('select', {}, ...choices.map((c) => h('option', { text: c.seconds === 0 ? c.label : `After ${c.label}`, attrs: { value: c.code, selected: c.code === 'PT24H' } })));
    const form = dialogForm({
      content: [
        h(
          'dl',
          { class: 'facts' },
          h('dt', { text: 'Current key' }),
          h('dd', { class: 'mono', text: key.current.maskedKey }),
          h('dt', { text: 'Last used' }),
          h('dd', { text: key.current.lastUsedAt ? formatInstant(key.current.lastUsedAt) : 'Never used' }),
          key.previous ? h('dt', { text: 'Previous key' }) : null,
          key.previous ? h('dd', {}, h('span', { class: 'mono', text: key.previous.maskedKey }), ` stops working ${formatInstant(key.previous.expiresAt)}`) : null,
        ),
        key.rollPending ? h('p', { class: 'notice', text: 'A previous roll is still being completed; try again in a few seconds if this one is refused.' }) : null,
        field({ label: 'When should the current key stop working?', name: 'oldKeyExpiry', control: select, hint: 'Until then both keys work, so you can switch without downtime.' }),
        field({ label: 'Your password', name: 'password', type: 'password', autocomplete: 'current-password', hint: 'Rolling a key needs your confirmation.' }),
      ],
      submitLabel: 'Roll API Key',
      onSubmit: async (element) => {
        const password = String(new FormData(element).get('password') ?? '');
        if (!password) return showError(element, 'password', 'Enter your password.');
        const rolled = await api('POST', `/api/endpoints/${endpoint.id}/key/roll`, { body: { oldKeyExpiry: valueOf(element, 'oldKeyExpiry'), password } });
        void loadEndpoints(endpoint.category);
        const kind = endpoint.direction === 'OUTBOUND' ? 'signing secret' : 'API key';
        Dialog.replace(
          'Save your new key',
          dialogInfo(
            [
              shownOnceWarning(),
              h('section', { class: 'new-key' }, h('h3', { text: `${endpointName(endpoint)} — new ${kind}` }), secretField(`${endpointName(endpoint)} new ${kind}`, rolled.key)),
              h('p', { class: 'small muted', text: `The previous key stops working ${formatInstant(rolled.oldKeyExpiresAt)}.` }),
            ],
            'I have stored the key',
          ),
        );
        announce('Key rolled');
      },
    });
    Dialog.replace(title, form);
  }

  // ---------------------------------------------------------------------------------------------
  // Delete and History

  /** @param {Endpoint} endpoint */
  function openDeleteDialog(endpoint) {
    const form = dialogForm({
      content: [
        h('p', {}, h('strong', { text: 'This cannot be undone. ' }), 'The endpoint stops at once and its key is destroyed; the endpoint cannot be restored. Its history stays available to auditors.'),
        endpoint.url ? h('p', { class: 'mono small', text: endpoint.url }) : null,
      ],
      submitLabel: 'Delete endpoint',
      danger: true,
      onSubmit: async () => {
        await api('DELETE', `/api/endpoints/${endpoint.id}`);
        deleted.add(endpoint.id);
        await changed(endpoint.category, 'Endpoint deleted');
      },
    });
    Dialog.open({ title: `Delete ${endpointName(endpoint)}?`, content: form });
  }

  const ACTOR_KINDS = { USER: 'operator', SERVICE: 'platform service', SYSTEM: 'platform' };

  /** @param {Endpoint} endpoint */
  async function openHistoryDialog(endpoint) {
    const title = `History — ${endpointName(endpoint)}`;
    Dialog.open({ title, content: h('p', { class: 'muted', text: 'Loading the history…' }) });
    try {
      /** @type {{ events: { version: number, occurredAt: string, actor: { kind: 'USER' | 'SERVICE' | 'SYSTEM', id: string }, summary: string }[] }} */
      const history = await api('GET', `/api/endpoints/${endpoint.id}/history`);
      const table = h(
        'table',
        { class: 'history' },
        h('caption', { class: 'visually-hidden', text: title }),
        h('thead', {}, h('tr', {}, ...['When', 'Who', 'What'].map((t) => h('th', { text: t, attrs: { scope: 'col' } })))),
        h(
          'tbody',
          {},
          ...history.events.map((event) =>
            h(
              'tr',
              {},
              h('td', { class: 'when' }, h('time', { text: formatInstant(event.occurredAt, true), attrs: { datetime: event.occurredAt } })),
              h('td', {}, event.actor.id || '—', h('span', { class: 'sub', text: ACTOR_KINDS[event.actor.kind] })),
              h('td', { text: event.summary }),
            ),
          ),
        ),
      );
      Dialog.replace(title, dialogInfo([h('p', { class: 'small muted', text: 'Every change, in order. The history is kept after deletion, for auditors.' }), table]));
    } catch (error) {
      Dialog.replace(title, dialogInfo([h('p', { class: 'form-error', text: problemOf(error).detail, attrs: { role: 'alert' } })]));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Start

  /** Error rates and automatic suspensions change on their own: the open tab refreshes while visible and idle. */
  const REFRESH_MS = 30_000;
  window.setInterval(() => {
    if (state.session && !Dialog.isOpen() && !openMenu && document.visibilityState === 'visible') void loadEndpoints(state.selected);
  }, REFRESH_MS);

  (async () => {
    try {
      const session = /** @type {SessionView} */ (await api('GET', '/api/session'));
      csrfToken = session.csrfToken;
      if (session.signedIn) await startConsole(session);
      else showSignIn();
    } catch (error) {
      byId('loading').textContent = problemOf(error).detail;
    }
  })();
})();
