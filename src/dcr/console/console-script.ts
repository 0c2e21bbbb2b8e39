/**
 * The console's script, served as `<adminPath>/console/app.js`: plain browser JavaScript, no
 * framework and no dependency. It builds the page with DOM calls only, every value the server
 * sends becoming a text node (never markup), and talks to the admin API with the admin token,
 * which it keeps in the tab's session storage and sends as a bearer header. Kept as a string so
 * that `tsc` builds it into the package with the rest of the module; it holds no backquote and
 * no dollar-brace, so the raw template keeps it byte for byte.
 * @internal
 */
export const CONSOLE_SCRIPT = String.raw`(function () {
  'use strict';

  // The admin API is the parent of the console's path (a host's global prefix included).
  var API = location.pathname.replace(/\/console\/?$/, '');
  var TOKEN_KEY = 'nestjs-dcr.admin-token';
  var MODE_KEY = 'nestjs-dcr.sign-in';
  var PAGE_SIZES = [20, 50, 100];
  var SORTS = [
    ['-creationDate', 'Newest first'],
    ['creationDate', 'Oldest first'],
    ['displayName', 'Name A to Z'],
    ['-displayName', 'Name Z to A'],
  ];
  var SOURCES = { dcr: 'Dynamic registration (RFC 7591)', admin: 'Created by an administrator', cimd: 'Client ID metadata document' };
  var ARRIVALS = {
    anonymous: 'Nobody vouched for it',
    initial_access_token: 'Vouched for by an initial access token',
    software_statement: 'Vouched for by a software statement',
    metadata_document: 'Served its own metadata document',
    admin: 'Created by an administrator',
  };

  var state = {
    token: null,
    session: false,
    query: null,
    cursors: [],
    client: null,
    etag: null,
    historyCursor: null,
    tokensBefore: null,
  };

  // ---- DOM helpers: every string becomes a text node; nothing is parsed as HTML. ----

  function h(tag, props) {
    var el = document.createElement(tag);
    if (props) {
      Object.keys(props).forEach(function (key) {
        var value = props[key];
        if (value === undefined || value === null || value === false) return;
        if (key === 'text') el.textContent = String(value);
        else if (key === 'class') el.className = value;
        else if (key.slice(0, 2) === 'on') el.addEventListener(key.slice(2), value);
        else if (value === true) el.setAttribute(key, '');
        else el.setAttribute(key, String(value));
      });
    }
    for (var i = 2; i < arguments.length; i++) add(el, arguments[i]);
    return el;
  }

  function add(el, child) {
    if (child === undefined || child === null || child === false) return;
    if (Array.isArray(child)) child.forEach(function (c) { add(el, c); });
    else el.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }

  function clear(el) {
    while (el.firstChild) el.removeChild(el.firstChild);
    return el;
  }

  var uid = 0;
  function field(label, control, hint) {
    var id = 'f' + (++uid);
    control.id = id;
    var hintEl = null;
    if (hint) {
      hintEl = h('small', { id: id + '-hint', class: 'hint', text: hint });
      control.setAttribute('aria-describedby', id + '-hint');
    }
    return h('div', { class: 'field' }, h('label', { for: id, text: label }), control, hintEl);
  }

  function when(iso) {
    if (!iso) return '—';
    return iso.slice(0, 16).replace('T', ' ') + ' UTC';
  }

  function focusHeading(el) {
    el.setAttribute('tabindex', '-1');
    el.focus();
  }

  // ---- Messages ----

  var app = document.getElementById('app');
  var banner = h('div', { class: 'banner', role: 'status', 'aria-live': 'polite', hidden: true });

  function say(text, kind) {
    banner.textContent = text;
    banner.className = 'banner ' + (kind || 'info');
    banner.setAttribute('role', kind === 'error' ? 'alert' : 'status');
    banner.hidden = false;
  }

  function hush() {
    banner.hidden = true;
    banner.textContent = '';
  }

  function problem(error) {
    if (error && error.status === 412) return 'Someone changed this client after you opened it (412 Precondition Failed). Reload it, check the current values, and try again.';
    if (error && error.status === 404) return 'Not found: it may have been deleted.';
    if (error && error.status === 409) return 'Conflict: ' + (error.description || 'the change cannot be made now.');
    if (error && error.status === 400) return 'Refused: ' + (error.description || 'the request is not valid.');
    if (error && error.status === 403) return 'Forbidden: ' + (error.description || 'you may not do this.');
    if (error && error.status === 0) return 'The server could not be reached.';
    return 'The server answered ' + (error && error.status) + ': ' + ((error && error.description) || 'an error occurred.');
  }

  // ---- The admin API ----

  function ApiError(status, code, description) {
    this.status = status;
    this.code = code;
    this.description = description;
  }

  async function api(method, path, options) {
    options = options || {};
    // With the host's own sign-in, its session (a same-origin cookie) authorizes, never a token.
    var session = options.session !== undefined ? options.session : state.session;
    var headers = { Accept: 'application/json' };
    if (!session) headers.Authorization = 'Bearer ' + (options.token || state.token);
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    if (options.ifMatch) headers['If-Match'] = options.ifMatch;
    var response;
    try {
      response = await fetch(API + path, {
        method: method,
        headers: headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        cache: 'no-store',
        credentials: session ? 'same-origin' : 'omit',
        redirect: 'error',
      });
    } catch (e) {
      throw new ApiError(0, 'network', 'The server could not be reached.');
    }
    var text = await response.text();
    var body = null;
    if (text) {
      try { body = JSON.parse(text); } catch (e) { body = null; }
    }
    if (!response.ok) {
      var error = new ApiError(response.status, body && body.error, body && typeof body.error_description === 'string' ? body.error_description : response.statusText);
      if (response.status === 401 && !options.signingIn) signOut(session ? 'Your sign-in on this site has ended. Sign in again.' : 'The admin token was refused. Sign in again.');
      throw error;
    }
    return { status: response.status, body: body, etag: response.headers.get('ETag') };
  }

  function query(params) {
    var parts = [];
    Object.keys(params).forEach(function (key) {
      var value = params[key];
      if (value !== undefined && value !== null && value !== '') parts.push(encodeURIComponent(key) + '=' + encodeURIComponent(value));
    });
    return parts.length ? '?' + parts.join('&') : '';
  }

  // ---- Layout ----

  var nav = h('nav', { 'aria-label': 'Console', hidden: true });
  var main = h('main', { id: 'main' });
  var clientsTab = h('button', { type: 'button', onclick: function () { showClients(); } }, 'Clients');
  var tokensTab = h('button', { type: 'button', onclick: function () { showTokens(); } }, 'Initial access tokens');
  add(nav, [clientsTab, tokensTab, h('button', { type: 'button', class: 'quiet', onclick: function () { signOut('Signed out.'); } }, 'Sign out')]);
  add(app, [
    h('a', { class: 'skip', href: '#main' }, 'Skip to content'),
    h('header', { class: 'top' }, h('span', { class: 'brand', text: 'Technical clients' }), nav),
    banner,
    main,
  ]);

  function current(tab) {
    [clientsTab, tokensTab].forEach(function (button) {
      if (button === tab) button.setAttribute('aria-current', 'page');
      else button.removeAttribute('aria-current');
    });
  }

  // ---- Sign in ----

  function showSignIn() {
    nav.hidden = true;
    var input = h('input', { type: 'password', name: 'token', autocomplete: 'off', required: true, spellcheck: 'false' });
    var submit = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
    var form = h('form', { class: 'card narrow', 'aria-labelledby': 'signin-title' },
      h('h1', { id: 'signin-title', text: 'Sign in' }),
      h('p', { text: 'Use the admin token of this server. It is kept in this browser tab only and sent with each request.' }),
      field('Admin token', input),
      h('div', { class: 'actions' }, submit));
    var useSession = h('button', { type: 'button', class: 'quiet' }, "Use this site's sign-in");
    var sessionBox = h('div', { class: 'card narrow' },
      h('p', { text: 'Or, where this site signs administrators in itself, use that sign-in (no token is needed or kept).' }),
      h('div', { class: 'actions' }, useSession));
    useSession.addEventListener('click', async function () {
      useSession.disabled = true;
      try {
        await api('GET', query({ limit: 1 }), { session: true, signingIn: true });
        state.session = true;
        state.token = null;
        try { sessionStorage.setItem(MODE_KEY, 'session'); } catch (e) { /* memory only */ }
        hush();
        showClients();
      } catch (error) {
        say(error.status === 401 || error.status === 403 ? 'This site has not signed you in as an administrator.' : problem(error), 'error');
      } finally {
        useSession.disabled = false;
      }
    });
    form.addEventListener('submit', async function (event) {
      event.preventDefault();
      var token = input.value.trim();
      if (!token) return;
      submit.disabled = true;
      try {
        await api('GET', query({ limit: 1 }), { token: token, signingIn: true });
        state.token = token;
        try { sessionStorage.setItem(TOKEN_KEY, token); } catch (e) { /* memory only */ }
        input.value = '';
        hush();
        showClients();
      } catch (error) {
        say(error.status === 401 || error.status === 403 ? 'That admin token was refused.' : problem(error), 'error');
        input.select();
      } finally {
        submit.disabled = false;
      }
    });
    add(clear(main), [form, sessionBox]);
    input.focus();
  }

  function signOut(message) {
    state.token = null;
    state.session = false;
    try { sessionStorage.removeItem(MODE_KEY); } catch (e) { /* nothing kept */ }
    state.client = null;
    state.etag = null;
    try { sessionStorage.removeItem(TOKEN_KEY); } catch (e) { /* nothing kept */ }
    showSignIn();
    if (message) say(message, message === 'Signed out.' ? 'info' : 'error');
  }

  // ---- Search ----

  var filters = null;
  function filterForm() {
    if (filters) return filters;
    var name = h('input', { type: 'search', name: 'name', autocomplete: 'off' });
    var label = h('input', { type: 'text', name: 'label', autocomplete: 'off' });
    var locked = h('select', { name: 'locked' }, h('option', { value: '' }, 'Any'), h('option', { value: 'true' }, 'Locked'), h('option', { value: 'false' }, 'Not locked'));
    var softwareId = h('input', { type: 'text', name: 'softwareId', autocomplete: 'off' });
    var server = h('input', { type: 'text', name: 'authorizationServer', autocomplete: 'off' });
    var from = h('input', { type: 'date', name: 'createdFrom' });
    var to = h('input', { type: 'date', name: 'createdTo' });
    var sort = h('select', { name: 'sort' }, SORTS.map(function (s) { return h('option', { value: s[0] }, s[1]); }));
    var limit = h('select', { name: 'limit' }, PAGE_SIZES.map(function (n) { return h('option', { value: String(n) }, String(n)); }));
    var form = h('form', { class: 'card filters', role: 'search', 'aria-label': 'Search clients' },
      h('div', { class: 'grid' },
        field('Name contains', name),
        field('Label (exact)', label),
        field('Status', locked),
        field('Software ID (exact)', softwareId),
        field('Authorization server', server),
        field('Created from (UTC)', from),
        field('Created before (UTC)', to),
        field('Sort', sort),
        field('Page size', limit)),
      h('div', { class: 'actions' },
        h('button', { type: 'submit', class: 'primary' }, 'Search'),
        h('button', { type: 'reset', class: 'quiet' }, 'Clear filters')));
    function read() {
      state.query = {
        name: name.value.trim(),
        label: label.value.trim(),
        locked: locked.value,
        softwareId: softwareId.value.trim(),
        authorizationServer: server.value.trim(),
        createdFrom: from.value ? from.value + 'T00:00:00.000Z' : '',
        createdTo: to.value ? to.value + 'T00:00:00.000Z' : '',
        sort: sort.value,
        limit: limit.value,
      };
      state.cursors = [];
    }
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      read();
      search();
    });
    form.addEventListener('reset', function () {
      setTimeout(function () { form.requestSubmit(); }, 0);
    });
    filters = { form: form, read: read, results: h('section', { class: 'results', 'aria-label': 'Results', 'aria-live': 'polite' }) };
    return filters;
  }

  function showClients() {
    current(clientsTab);
    nav.hidden = false;
    var parts = filterForm();
    clear(main);
    add(main, [h('h1', { text: 'Technical clients' }), parts.form, parts.results]);
    if (!state.query) parts.read();
    return search();
  }

  async function search() {
    var results = filters.results;
    var params = Object.assign({}, state.query);
    var cursor = state.cursors[state.cursors.length - 1];
    if (cursor) params.cursor = cursor;
    results.setAttribute('aria-busy', 'true');
    try {
      var answer = await api('GET', query(params));
      hush();
      renderResults(answer.body);
    } catch (error) {
      if (error.status !== 401) say(problem(error), 'error');
    } finally {
      results.removeAttribute('aria-busy');
    }
  }

  function renderResults(doc) {
    var results = clear(filters.results);
    var clients = doc.data || [];
    var next = doc.meta && doc.meta.page ? doc.meta.page.nextCursor : null;
    var pageNumber = state.cursors.length + 1;
    var summary = clients.length === 0
      ? 'No client matches.'
      : 'Page ' + pageNumber + ': ' + clients.length + ' client' + (clients.length === 1 ? '' : 's') + (next ? '; more match.' : '; no more.');
    add(results, h('p', { class: 'count', text: summary }));
    if (clients.length) {
      var rows = clients.map(function (client) {
        var a = client.attributes;
        return h('tr', null,
          h('td', { 'data-label': 'Name' }, h('button', { type: 'button', class: 'link', onclick: function () { openClient(client.id); } }, a.displayName)),
          h('td', { 'data-label': 'Client ID' }, h('code', { text: client.id })),
          h('td', { 'data-label': 'Label', text: a.label || '—' }),
          h('td', { 'data-label': 'Status' }, h('span', { class: a.locked ? 'pill locked' : 'pill active', text: a.locked ? 'Locked' : 'Active' })),
          h('td', { 'data-label': 'Source', text: a.source }),
          h('td', { 'data-label': 'Created', text: when(a.creationDate) }));
      });
      add(results, h('div', { class: 'table-wrap' },
        h('table', null,
          h('caption', { class: 'visually-hidden', text: 'Technical clients, page ' + pageNumber }),
          h('thead', null, h('tr', null, ['Name', 'Client ID', 'Label', 'Status', 'Source', 'Created'].map(function (t) { return h('th', { scope: 'col', text: t }); }))),
          h('tbody', null, rows))));
    }
    var pager = h('div', { class: 'actions pager' });
    if (state.cursors.length) {
      add(pager, h('button', { type: 'button', onclick: function () { state.cursors = []; search(); } }, 'First page'));
      add(pager, h('button', { type: 'button', onclick: function () { state.cursors.pop(); search(); } }, 'Previous page'));
    }
    if (next) add(pager, h('button', { type: 'button', class: 'primary', onclick: function () { state.cursors.push(next); search(); } }, 'Next page'));
    add(results, pager);
  }

  // ---- One client ----

  async function openClient(id) {
    try {
      var answer = await api('GET', '/' + encodeURIComponent(id));
      state.client = answer.body.data;
      state.etag = answer.etag;
      state.historyCursor = null;
      hush();
      renderClient();
    } catch (error) {
      if (error.status !== 401) say(problem(error), 'error');
    }
  }

  async function reloadClient(message) {
    await openClient(state.client.id);
    if (message) say(message, 'success');
  }

  function renderClient() {
    var client = state.client;
    var a = client.attributes;
    var title = h('h1', { text: a.displayName });
    var facts = [
      ['Client ID', h('code', { text: client.id })],
      ['Status', a.locked ? 'Locked' : 'Active'],
      ['Lock reason', a.locked ? a.lockReason || '—' : null],
      ['Locked since', a.locked ? when(a.lockDate) : null],
      ['Label', a.label || '—'],
      ['Description', a.description || '—'],
      ['How it arrived', (SOURCES[a.source] || 'Other') + ' · ' + a.source],
      ['Trust', a.trust ? (ARRIVALS[a.trust.arrival] || a.trust.arrival) + (a.trust.vouchedBy ? ' · ' + a.trust.vouchedBy : '') : null],
      ['Redirect hosts', a.trust ? a.trust.redirectHosts.join(', ') || '—' : null],
      ['Name warning', a.trust && a.trust.resemblesReservedName ? 'Resembles the reserved name “' + a.trust.resemblesReservedName + '” and nobody vouched for it' : null],
      ['Authorization server', a.authorizationServer],
      ['Software', a.softwareId ? a.softwareId + (a.softwareVersion ? ' ' + a.softwareVersion : '') : '—'],
      ['Token endpoint authentication', a.tokenEndpointAuthMethod || '—'],
      ['Grant types', (a.grantTypes || []).join(', ') || '—'],
      ['Created', when(a.creationDate)],
      ['Last modified', when(a.lastModified)],
      ['Last use', a.lastUseDate !== undefined ? (a.lastUseDate ? when(a.lastUseDate) : 'Never') : 'Not reported by this server'],
      ['Secret', a.hasSecret ? (a.secretExpiryDate ? 'Expires ' + when(a.secretExpiryDate) : 'Never expires') : 'None'],
      ['Previous secret valid until', a.previousSecretValidUntil ? when(a.previousSecretValidUntil) : null],
      ['Version', String(client.meta && client.meta.version)],
    ];
    var list = h('dl', { class: 'facts' }, facts.filter(function (f) { return f[1] !== null; }).map(function (f) {
      return h('div', null, h('dt', { text: f[0] }), h('dd', null, f[1]));
    }));

    clear(main);
    add(main, [
      h('div', { class: 'actions' }, h('button', { type: 'button', onclick: function () { showClients(); } }, '← Back to results')),
      title,
      h('section', { class: 'card', 'aria-label': 'Details' }, list),
      editSection(a),
      lockSection(a),
      secretSection(a),
      historySection(),
      deleteSection(a),
    ]);
    focusHeading(title);
  }

  function editSection(a) {
    var name = h('input', { type: 'text', name: 'displayName', value: a.displayName, required: true });
    var label = h('input', { type: 'text', name: 'label', value: a.label || '' });
    var description = h('textarea', { name: 'description', rows: '3' });
    description.value = a.description || '';
    var form = h('form', { class: 'card', 'aria-labelledby': 'edit-title' },
      h('h2', { id: 'edit-title', text: 'Edit' }),
      h('div', { class: 'grid' }, field('Display name', name), field('Label', label), field('Description', description)),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Save changes')));
    form.addEventListener('submit', async function (event) {
      event.preventDefault();
      var change = {};
      if (name.value !== a.displayName) change.displayName = name.value;
      if (label.value !== (a.label || '')) change.label = label.value === '' ? null : label.value;
      if (description.value !== (a.description || '')) change.description = description.value === '' ? null : description.value;
      if (!Object.keys(change).length) { say('Nothing changed.', 'info'); return; }
      try {
        await api('PATCH', '/' + encodeURIComponent(state.client.id), { body: change, ifMatch: state.etag });
        await reloadClient('Saved.');
      } catch (error) {
        if (error.status !== 401) conflictOr(error);
      }
    });
    return form;
  }

  function conflictOr(error) {
    say(problem(error), 'error');
    if (error.status === 412) {
      add(banner, [' ', h('button', { type: 'button', onclick: function () { reloadClient('Reloaded the current version.'); } }, 'Reload client')]);
    }
  }

  function lockSection(a) {
    if (a.locked) {
      var unlock = h('button', { type: 'button', class: 'primary' }, 'Unlock');
      unlock.addEventListener('click', async function () {
        try {
          await api('DELETE', '/' + encodeURIComponent(state.client.id) + '/lock');
          await reloadClient('Unlocked.');
        } catch (error) {
          if (error.status !== 401) say(problem(error), 'error');
        }
      });
      return h('section', { class: 'card', 'aria-labelledby': 'lock-title' },
        h('h2', { id: 'lock-title', text: 'Locked' }),
        h('p', { text: 'A locked client is refused at client authentication. Unlocking lets it in again.' }),
        h('div', { class: 'actions' }, unlock));
    }
    var reason = h('textarea', { name: 'reason', rows: '2', required: true, maxlength: '500' });
    var form = h('form', { class: 'card', 'aria-labelledby': 'lock-title' },
      h('h2', { id: 'lock-title', text: 'Lock' }),
      field('Reason', reason, 'Kept in the lock history.'),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'danger' }, 'Lock client')));
    form.addEventListener('submit', async function (event) {
      event.preventDefault();
      if (!reason.value.trim()) return;
      try {
        await api('POST', '/' + encodeURIComponent(state.client.id) + '/lock', { body: { reason: reason.value.trim() } });
        await reloadClient('Locked.');
      } catch (error) {
        if (error.status !== 401) say(problem(error), 'error');
      }
    });
    return form;
  }

  function secretSection(a) {
    var grace = h('input', { type: 'number', name: 'gracePeriodSeconds', min: '0', step: '1', inputmode: 'numeric' });
    var reveal = h('div', { class: 'reveal', hidden: true });
    var form = h('form', { class: 'card', 'aria-labelledby': 'secret-title' },
      h('h2', { id: 'secret-title', text: 'Secret' }),
      a.hasSecret ? null : h('p', { text: 'This client has no secret.' }),
      field('Grace period (seconds, optional)', grace, 'How long the current secret keeps working.'),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', disabled: !a.hasSecret }, 'Rotate secret')),
      reveal);
    form.addEventListener('submit', async function (event) {
      event.preventDefault();
      var body = {};
      if (grace.value !== '') body.gracePeriodSeconds = Number(grace.value);
      try {
        var answer = await api('POST', '/' + encodeURIComponent(state.client.id) + '/secret', { body: body, ifMatch: state.etag });
        var secret = answer.body.data.attributes.clientSecret;
        var refreshed = await api('GET', '/' + encodeURIComponent(state.client.id));
        state.client = refreshed.body.data;
        state.etag = refreshed.etag;
        renderClient();
        showOnce(document.getElementById('secret-title').parentNode.querySelector('.reveal'), 'New client secret', secret,
          answer.body.data.attributes.previousSecretValidUntil ? 'The previous secret works until ' + when(answer.body.data.attributes.previousSecretValidUntil) + '.' : 'The previous secret no longer works.');
        say('Secret rotated. Copy the new secret now: it is not shown again.', 'success');
      } catch (error) {
        if (error.status !== 401) conflictOr(error);
      }
    });
    return form;
  }

  /** The one-time value: shown in a read-only field with a copy button, gone once dismissed. */
  function showOnce(container, label, value, note) {
    var output = h('input', { type: 'text', readonly: true, class: 'secret', 'aria-label': label, autocomplete: 'off', spellcheck: 'false' });
    output.value = value;
    var copied = h('span', { class: 'hint', role: 'status' });
    var copy = h('button', { type: 'button', class: 'primary' }, 'Copy');
    copy.addEventListener('click', async function () {
      try {
        await navigator.clipboard.writeText(output.value);
        copied.textContent = 'Copied.';
      } catch (e) {
        output.select();
        copied.textContent = 'Selected: press Ctrl+C (⌘C) to copy.';
      }
    });
    var done = h('button', { type: 'button' }, 'Done, hide it');
    done.addEventListener('click', function () {
      output.value = '';
      clear(container);
      container.hidden = true;
    });
    clear(container);
    add(container, [
      h('p', { class: 'once' }, h('strong', { text: label + ' — shown once.' }), ' ', note || ''),
      h('div', { class: 'copy-row' }, output, copy, done),
      copied,
    ]);
    container.hidden = false;
    output.focus();
    output.select();
  }

  function historySection() {
    var body = h('div');
    var section = h('section', { class: 'card', 'aria-labelledby': 'history-title' }, h('h2', { id: 'history-title', text: 'Lock history' }), body);
    loadHistory(body, null);
    return section;
  }

  async function loadHistory(container, cursor) {
    try {
      var answer = await api('GET', '/' + encodeURIComponent(state.client.id) + '/lock-history' + query({ limit: 20, cursor: cursor }));
      var events = answer.body.data || [];
      var more = container.querySelector('.more');
      if (more) more.remove();
      if (!cursor && !events.length) { add(container, h('p', { text: 'Never locked.' })); return; }
      var tbody = container.querySelector('tbody');
      if (!tbody) {
        tbody = h('tbody');
        add(container, h('div', { class: 'table-wrap' }, h('table', null,
          h('thead', null, h('tr', null, ['Date', 'Action', 'Reason', 'By'].map(function (t) { return h('th', { scope: 'col', text: t }); }))),
          tbody)));
      }
      events.forEach(function (e) {
        var x = e.attributes;
        add(tbody, h('tr', null,
          h('td', { 'data-label': 'Date', text: when(x.date) }),
          h('td', { 'data-label': 'Action', text: x.action === 'lock' ? 'Locked' : x.action === 'unlock' ? 'Unlocked' : x.action }),
          h('td', { 'data-label': 'Reason', text: x.reason || '—' }),
          h('td', { 'data-label': 'By', text: actorText(x.actor) })));
      });
      var next = answer.body.meta && answer.body.meta.page ? answer.body.meta.page.nextCursor : null;
      if (next) add(container, h('div', { class: 'actions more' }, h('button', { type: 'button', onclick: function () { loadHistory(container, next); } }, 'Older events')));
    } catch (error) {
      if (error.status !== 401) add(container, h('p', { class: 'error-text', text: problem(error) }));
    }
  }

  function actorText(actor) {
    if (!actor || typeof actor !== 'object') return '—';
    return String(actor.kind) + (actor.id ? ' · ' + actor.id : '');
  }

  function deleteSection(a) {
    var confirmBox = h('div', { class: 'confirm', role: 'alertdialog', 'aria-labelledby': 'delete-question', hidden: true });
    var start = h('button', { type: 'button', class: 'danger' }, 'Delete…');
    start.addEventListener('click', function () {
      var cancel = h('button', { type: 'button' }, 'Cancel');
      var yes = h('button', { type: 'button', class: 'danger' }, 'Delete ' + a.displayName);
      cancel.addEventListener('click', function () { confirmBox.hidden = true; clear(confirmBox); start.focus(); });
      yes.addEventListener('click', async function () {
        try {
          await api('DELETE', '/' + encodeURIComponent(state.client.id), { ifMatch: state.etag });
          var name = a.displayName;
          state.client = null;
          await showClients();
          say('Deleted ' + name + '.', 'success');
        } catch (error) {
          if (error.status !== 401) conflictOr(error);
        }
      });
      clear(confirmBox);
      add(confirmBox, [
        h('p', { id: 'delete-question' }, 'Delete the client ', h('strong', { text: a.displayName }), ' (', h('code', { text: state.client.id }), ')? Its credentials stop working at once. This cannot be undone.'),
        h('div', { class: 'actions' }, cancel, yes),
      ]);
      confirmBox.hidden = false;
      cancel.focus();
    });
    return h('section', { class: 'card', 'aria-labelledby': 'delete-title' },
      h('h2', { id: 'delete-title', text: 'Delete' }),
      h('div', { class: 'actions' }, start),
      confirmBox);
  }

  // ---- Initial access tokens ----

  function showTokens() {
    current(tokensTab);
    nav.hidden = false;
    hush();
    var label = h('input', { type: 'text', name: 'label', maxlength: '200' });
    var server = h('input', { type: 'text', name: 'authorizationServer', autocomplete: 'off' });
    var expires = h('input', { type: 'number', name: 'expiresInSeconds', min: '60', step: '1', inputmode: 'numeric' });
    var uses = h('input', { type: 'number', name: 'maxUses', min: '1', step: '1', inputmode: 'numeric' });
    // The token's profile: what a registration with it may get (words separated by spaces).
    var grants = h('input', { type: 'text', name: 'grantTypes', autocomplete: 'off', placeholder: 'client_credentials' });
    var scopes = h('input', { type: 'text', name: 'scopes', autocomplete: 'off', placeholder: 'api:read' });
    var methods = h('input', { type: 'text', name: 'tokenEndpointAuthMethods', autocomplete: 'off', placeholder: 'client_secret_basic' });
    var reveal = h('div', { class: 'reveal', hidden: true });
    var form = h('form', { class: 'card', 'aria-labelledby': 'issue-title' },
      h('h2', { id: 'issue-title', text: 'Issue a token' }),
      h('div', { class: 'grid' },
        field('Label', label),
        field('Authorization server (optional)', server),
        field('Expires in (seconds, optional)', expires),
        field('Maximum uses (optional)', uses),
        field('Grant types it allows (optional)', grants),
        field('Scopes it allows (optional)', scopes),
        field('Auth methods it allows (optional)', methods)),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Issue token')),
      reveal);
    var list = h('section', { class: 'card', 'aria-labelledby': 'tokens-title' }, h('h2', { id: 'tokens-title', text: 'Issued tokens' }), h('div', { class: 'token-list' }));
    form.addEventListener('submit', async function (event) {
      event.preventDefault();
      var body = {};
      if (label.value.trim()) body.label = label.value.trim();
      if (server.value.trim()) body.authorizationServer = server.value.trim();
      if (expires.value !== '') body.expiresInSeconds = Number(expires.value);
      if (uses.value !== '') body.maxUses = Number(uses.value);
      var profile = {};
      [['grantTypes', grants], ['scopes', scopes], ['tokenEndpointAuthMethods', methods]].forEach(function (entry) {
        var words = entry[1].value.split(/\s+/).filter(Boolean);
        if (words.length) profile[entry[0]] = words;
      });
      if (Object.keys(profile).length) body.profile = profile;
      try {
        var answer = await api('POST', '/initial-access-tokens', { body: body });
        form.reset();
        await loadTokens(list.querySelector('.token-list'), null);
        showOnce(reveal, 'New initial access token', answer.body.data.attributes.token, 'Give it to the party that registers; it is stored as a digest only.');
        say('Token issued. Copy it now: it is not shown again.', 'success');
      } catch (error) {
        if (error.status !== 401) say(problem(error), 'error');
      }
    });
    clear(main);
    var title = h('h1', { text: 'Initial access tokens' });
    add(main, [title, form, list]);
    loadTokens(list.querySelector('.token-list'), null);
  }

  function tokenStatus(x) {
    if (x.revokedAt) return 'Revoked ' + when(x.revokedAt);
    if (x.expiresAt && Date.parse(x.expiresAt) <= Date.now()) return 'Expired';
    if (x.maxUses !== null && x.maxUses !== undefined && x.uses >= x.maxUses) return 'Used up';
    return 'Active';
  }

  async function loadTokens(container, before) {
    try {
      var answer = await api('GET', '/initial-access-tokens' + query({ limit: 20, before: before }));
      var tokens = answer.body.data || [];
      if (!before) clear(container);
      var more = container.querySelector('.more');
      if (more) more.remove();
      if (!before && !tokens.length) { add(container, h('p', { text: 'No token issued at run time yet.' })); return; }
      var tbody = container.querySelector('tbody');
      if (!tbody) {
        tbody = h('tbody');
        add(container, h('div', { class: 'table-wrap' }, h('table', null,
          h('thead', null, h('tr', null, ['Label', 'ID', 'Server', 'Created', 'Expires', 'Uses', 'Status', ''].map(function (t) { return h('th', { scope: 'col', text: t }); }))),
          tbody)));
      }
      tokens.forEach(function (token) {
        var x = token.attributes;
        var status = tokenStatus(x);
        var revoke = null;
        if (!x.revokedAt) {
          revoke = h('button', { type: 'button', class: 'danger', 'aria-label': 'Revoke token ' + (x.label || token.id) }, 'Revoke');
          revoke.addEventListener('click', async function () {
            try {
              await api('DELETE', '/initial-access-tokens/' + encodeURIComponent(token.id));
              await loadTokens(container, null);
              say('Revoked ' + (x.label || token.id) + '.', 'success');
            } catch (error) {
              if (error.status !== 401) say(problem(error), 'error');
            }
          });
        }
        add(tbody, h('tr', null,
          h('td', { 'data-label': 'Label', text: x.label || '—' }),
          h('td', { 'data-label': 'ID' }, h('code', { text: token.id })),
          h('td', { 'data-label': 'Server', text: x.authorizationServer }),
          h('td', { 'data-label': 'Created', text: when(x.createdAt) }),
          h('td', { 'data-label': 'Expires', text: x.expiresAt ? when(x.expiresAt) : 'Never' }),
          h('td', { 'data-label': 'Uses', text: String(x.uses) + (x.maxUses ? ' of ' + x.maxUses : '') }),
          h('td', { 'data-label': 'Status' }, h('span', { class: status === 'Active' ? 'pill active' : 'pill locked', text: status })),
          h('td', { 'data-label': 'Actions' }, revoke)));
      });
      var next = answer.body.meta && answer.body.meta.page ? answer.body.meta.page.nextCursor : null;
      if (next) add(container, h('div', { class: 'actions more' }, h('button', { type: 'button', onclick: function () { loadTokens(container, next); } }, 'Older tokens')));
    } catch (error) {
      if (error.status !== 401) say(problem(error), 'error');
    }
  }

  // ---- Start ----

  var kept = null;
  var mode = null;
  try { kept = sessionStorage.getItem(TOKEN_KEY); mode = sessionStorage.getItem(MODE_KEY); } catch (e) { kept = null; }
  if (mode === 'session') {
    state.session = true;
    showClients();
  } else if (kept) {
    state.token = kept;
    showClients();
  } else {
    showSignIn();
  }
})();
`;
