// The search page and the entity pages: one script, talking to /graphql
// only. /search?q=…&kind=…&party=… is a search with its filters;
// /entity/<id> is an agreement, organization, country, trend, topic,
// passage or document. Links are real links; history.pushState keeps the
// address in step, so every state can be bookmarked and back/forward work.
(function () {
  'use strict';

  var ENDPOINT = '/graphql';
  var PAGE_SIZE = 10;
  var MENTIONS_PAGE = 10;
  var CACHE_SIZE = 50; // searches kept for back and forward

  // The facets the page shows, in order: the field the API counts, the
  // URL parameter, and the search argument a selected value goes to.
  var FACETS = [
    { field: 'TYPE', param: 'type', title: 'Record type', arg: 'types' },
    { field: 'KIND', param: 'kind', title: 'Agreement kind', filter: 'kinds' },
    { field: 'PARTY', param: 'party', title: 'Country', filter: 'parties' },
    { field: 'ORGANIZATION', param: 'org', title: 'Organization', filter: 'organizations' },
    { field: 'THEME', param: 'theme', title: 'Theme', filter: 'themes' },
    { field: 'DECADE', param: 'decade', title: 'Decade signed', filter: 'decades', number: true },
    { field: 'OBLIGATION', param: 'obligation', title: 'Obligation', filter: 'obligations' },
    { field: 'TREND', param: 'trend', title: 'Trend', filter: 'trends' },
    { field: 'TOPIC', param: 'topic', title: 'Topic', filter: 'topics' },
    { field: 'LANGUAGE', param: 'lang', title: 'Language', filter: 'languages' }
  ];
  var FACET_VISIBLE = 6;

  var TYPE_NAMES = {
    Agreement: 'Agreement', Organization: 'Organization', Country: 'Country',
    Passage: 'Passage', Trend: 'Trend', Topic: 'Topic', Document: 'Document'
  };
  var TYPE_LABELS = {
    PASSAGE: 'Passages', AGREEMENT: 'Agreements', ORGANIZATION: 'Organizations',
    COUNTRY: 'Countries', TREND: 'Trends', TOPIC: 'Topics'
  };
  var SUGGESTION_KINDS = {
    AGREEMENT: 'Agreement', ORGANIZATION: 'Organization', COUNTRY: 'Country',
    TREND: 'Trend', TOPIC: 'Topic', HEADING: 'Section'
  };
  var MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July',
    'August', 'September', 'October', 'November', 'December'];

  // ---------------------------------------------------------------- GraphQL

  var HIT_FIELDS = [
    'fragment Hits on SearchConnection {',
    '  totalCount completeCount partial didYouMean',
    '  pageInfo { hasNextPage endCursor }',
    '  edges {',
    '    relevance partial',
    '    highlights { field text matches { start end } }',
    '    node {',
    '      __typename',
    '      ... on Passage { id heading position document { id title }',
    '        agreements { id name } organizations { id name acronym } countries { id code name } }',
    '      ... on Agreement { id name kind signed ended summary',
    '        organizations { id name acronym } parties { country { id code name } } }',
    '      ... on Organization { id name acronym founded dissolved about: summary',
    '        foundingAgreements { id name } members { country { id code name } } }',
    '      ... on Country { id code name from until }',
    '      ... on Trend { id name description agreements { id name } }',
    '      ... on Topic { id name description appliesTo }',
    '    }',
    '  }',
    '}'
  ].join('\n');

  var FACET_FIELDS = 'facets { field buckets { value label count } }';

  var SUGGEST_QUERY = 'query Suggest($prefix: String!) { suggest(prefix: $prefix, first: 8) { text kind node { id } } }';

  var WELCOME_QUERY = 'query Welcome { corpus { documents passages agreements organizations countries } ' +
    'trends { id name } topics { id name } }';

  var MENTIONS_FIELDS = 'fragment Mentions on PassageConnection { totalCount pageInfo { hasNextPage endCursor } ' +
    'edges { node { id heading position text document { id title } } } }';

  var ENTITY_QUERY = [
    'query Entity($id: ID!, $first: Int!) {',
    '  node(id: $id) {',
    '    __typename id',
    '    ... on Agreement { name aliases kind signed inForce ended themes obligations summary note atopId partyCount',
    '      parties { country { id code name } role joined left obligations note }',
    '      organizations { id name acronym } trends { id name } sources { url title }',
    '      mentions(first: $first) { ...Mentions } }',
    '    ... on Organization { name acronym aliases founded dissolved about: summary note memberCount',
    '      parent { id name acronym } foundingAgreements { id name signed } agreements { id name signed }',
    '      members { country { id code name } role joined left note } sources { url title }',
    '      mentions(first: $first) { ...Mentions } }',
    '    ... on Country { code name aliases from until',
    '      agreements { id name signed ended kind } organizations { id name acronym }',
    '      mentions(first: $first) { ...Mentions } }',
    '    ... on Trend { name description aliases agreements { id name signed } mentions(first: $first) { ...Mentions } }',
    '    ... on Topic { name description aliases appliesTo mentions(first: $first) { ...Mentions } }',
    '    ... on Passage { heading headingPath position text document { id title passageCount }',
    '      agreements { id name } organizations { id name acronym } countries { id code name }',
    '      trends { id name } topics { id name } }',
    '    ... on Document { title path format passageCount passages(first: $first) { ...Mentions } }',
    '  }',
    '}',
    MENTIONS_FIELDS
  ].join('\n');

  // ApiError is an error the page shows: a message and, where the API gave
  // one, its extensions.code.
  function ApiError(message, code) {
    this.message = message;
    this.code = code || '';
  }

  function gql(query, variables, signal) {
    return fetch(ENDPOINT, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/graphql-response+json, application/json' },
      body: JSON.stringify({ query: query, variables: variables || {} }),
      credentials: 'same-origin',
      signal: signal
    }).then(function (res) {
      return res.text().then(function (text) {
        var body;
        try {
          body = JSON.parse(text);
        } catch (e) {
          throw new ApiError('The server answered ' + res.status + ' ' + res.statusText + ' without a readable body.', 'HTTP_' + res.status);
        }
        if (body.errors && body.errors.length) {
          var first = body.errors[0];
          throw new ApiError(first.message, first.extensions && first.extensions.code);
        }
        if (!res.ok || !body.data) {
          throw new ApiError('The server answered ' + res.status + ' ' + res.statusText + '.', 'HTTP_' + res.status);
        }
        return body.data;
      });
    }, function (err) {
      if (err && err.name === 'AbortError') throw err;
      throw new ApiError('The server could not be reached. Check that pactgraph is running, then try again.', 'NETWORK');
    });
  }

  // ---------------------------------------------------------------- DOM

  // h builds an element: h('a', {href: '/x', class: 'y'}, 'text', child…).
  // Text always goes in as text nodes: nothing from the API is parsed as HTML.
  function h(tag, attrs) {
    var el = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === null || v === undefined || v === false) return;
        if (k === 'class') el.className = v;
        else if (k === 'text') el.textContent = v;
        else if (k.slice(0, 2) === 'on') el.addEventListener(k.slice(2), v);
        else if (v === true) el.setAttribute(k, '');
        else el.setAttribute(k, String(v));
      });
    }
    for (var i = 2; i < arguments.length; i++) append(el, arguments[i]);
    return el;
  }

  function append(el, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) {
      child.forEach(function (c) { append(el, c); });
      return;
    }
    el.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }

  function $(id) { return document.getElementById(id); }

  // marked renders highlight text with <mark> around its matches (UTF-16
  // offsets, which is how JavaScript indexes strings).
  function marked(text, matches) {
    var frag = document.createDocumentFragment();
    var at = 0;
    (matches || []).slice().sort(function (a, b) { return a.start - b.start; }).forEach(function (m) {
      if (m.start < at || m.end > text.length || m.end <= m.start) return;
      if (m.start > at) frag.appendChild(document.createTextNode(text.slice(at, m.start)));
      frag.appendChild(h('mark', null, text.slice(m.start, m.end)));
      at = m.end;
    });
    if (at < text.length) frag.appendChild(document.createTextNode(text.slice(at)));
    return frag;
  }

  // wholeMarked marks a highlight's matches on the whole of a field (a
  // name) when the highlight is a fragment of it, so that a long title is
  // never cut. Fragments start or end with an ellipsis where they cut.
  function wholeMarked(whole, hl) {
    var text = hl.text;
    var lead = 0;
    if (text.charAt(0) === '…') lead = 1;
    var core = text.slice(lead, text.charAt(text.length - 1) === '…' ? text.length - 1 : text.length);
    var at = core ? whole.indexOf(core) : -1;
    if (at < 0) return marked(text, hl.matches);
    var shift = at - lead;
    return marked(whole, hl.matches.map(function (m) { return { start: m.start + shift, end: m.end + shift }; }));
  }

  // markTerms marks where a passage names an entity: its names, matched
  // as whole words, case-insensitively.
  function markTerms(text, terms) {
    var words = (terms || []).filter(function (t) { return t && t.length > 1; })
      .sort(function (a, b) { return b.length - a.length; })
      .map(function (t) { return t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); });
    if (!words.length) return document.createTextNode(text);
    var re;
    try {
      re = new RegExp('(?<![\\p{L}\\p{N}])(?:' + words.join('|') + ')(?![\\p{L}\\p{N}])', 'giu');
    } catch (e) {
      return document.createTextNode(text);
    }
    var matches = [];
    var m;
    while ((m = re.exec(text)) !== null) {
      matches.push({ start: m.index, end: m.index + m[0].length });
      if (m[0].length === 0) re.lastIndex++;
    }
    return marked(text, matches);
  }

  function entityHref(id) {
    return '/entity/' + encodeURIComponent(id).replace(/%3A/gi, ':');
  }

  function entityLink(id, label, cls) {
    return h('a', { href: entityHref(id), class: cls || null }, label);
  }

  // fmtDate reads the API's dates, as precise as the record knows them:
  // 1949-04-04, 1996-11 or 1996.
  function fmtDate(d) {
    if (!d) return '';
    var p = String(d).split('-');
    if (p.length === 3) return Number(p[2]) + ' ' + MONTHS[Number(p[1]) - 1] + ' ' + p[0];
    if (p.length === 2) return MONTHS[Number(p[1]) - 1] + ' ' + p[0];
    return p[0];
  }

  function titleCase(s) {
    s = String(s).replace(/[-_]+/g, ' ').toLowerCase();
    return s.charAt(0).toUpperCase() + s.slice(1);
  }

  function plural(n, one, many) {
    return n.toLocaleString('en') + ' ' + (n === 1 ? one : many);
  }

  function announce(text) {
    var a = $('announcer');
    a.textContent = '';
    window.setTimeout(function () { a.textContent = text; }, 30);
  }

  function setView(el, title) {
    var view = $('view');
    view.replaceChildren(el);
    view.removeAttribute('aria-busy');
    document.title = title ? title + ' · pactgraph' : 'Search · pactgraph';
  }

  function errorBox(err, retry) {
    var heading = 'Something went wrong';
    var help = null;
    switch (err.code) {
      case 'BAD_QUERY':
        heading = 'The search could not be read';
        help = h('p', null, 'Advanced syntax reads +must, -not, "phrases", field:value, prefix* and term~1, and ranges such as signed:>="1990-01-01".');
        break;
      case 'SEARCH_TOO_EXPENSIVE':
        heading = 'The search would be too expensive to run';
        help = h('p', null, 'Wildcards may only end a word of three letters or more (agreem*), and fuzzy terms need five letters or more.');
        break;
      case 'BAD_USER_INPUT':
        heading = 'The request was refused';
        break;
      case 'SERVICE_UNAVAILABLE':
        heading = 'The server is not ready';
        help = h('p', null, 'The index may still be loading, or the server is busy. Try again in a moment.');
        break;
      case 'TIMEOUT':
        heading = 'The search took too long';
        break;
      case 'NETWORK':
        heading = 'No connection to the server';
        break;
    }
    // Only a failure that may pass gets a button to try again.
    var transient = /^(NETWORK|SERVICE_UNAVAILABLE|TIMEOUT|INTERNAL_SERVER_ERROR|HTTP_5\d\d)$/.test(err.code);
    return h('div', { class: 'error-box', role: 'alert' },
      h('h2', null, heading),
      h('p', { class: 'error-message' }, err.message),
      help,
      err.code ? h('p', { class: 'error-code' }, 'Error code: ', h('code', null, err.code)) : null,
      retry && transient ? h('button', { type: 'button', class: 'btn', onclick: retry }, 'Try again') : null);
  }

  function loadingBox(text) {
    return h('p', { class: 'loading' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), text);
  }

  // ---------------------------------------------------------------- state

  // A search state: the text, the mode and the selected facet values, by
  // URL parameter.
  function stateFromURL(loc) {
    var params = new URLSearchParams(loc.search);
    var st = { q: (params.get('q') || '').trim(), advanced: params.get('mode') === 'advanced', sel: {} };
    FACETS.forEach(function (f) {
      var vals = params.getAll(f.param).filter(function (v, i, all) { return v && all.indexOf(v) === i; });
      if (vals.length) st.sel[f.param] = vals;
    });
    return st;
  }

  function urlFor(st) {
    var params = new URLSearchParams();
    if (st.q) params.set('q', st.q);
    if (st.advanced) params.set('mode', 'advanced');
    FACETS.forEach(function (f) {
      (st.sel[f.param] || []).forEach(function (v) { params.append(f.param, v); });
    });
    var qs = params.toString();
    return '/search' + (qs ? '?' + qs : '');
  }

  function toggled(st, param, value) {
    var sel = {};
    Object.keys(st.sel).forEach(function (k) { sel[k] = st.sel[k].slice(); });
    var vals = sel[param] || [];
    var i = vals.indexOf(value);
    if (i >= 0) vals.splice(i, 1); else vals.push(value);
    if (vals.length) sel[param] = vals; else delete sel[param];
    return { q: st.q, advanced: st.advanced, sel: sel };
  }

  function hasFilters(st) {
    return Object.keys(st.sel).length > 0;
  }

  // searchArgs turns the selections into the search's types and filter,
  // leaving out one facet's own selection (for that facet's counts).
  function searchArgs(st, without) {
    var types = null;
    var filter = {};
    FACETS.forEach(function (f) {
      var vals = st.sel[f.param];
      if (!vals || f.param === without) return;
      if (f.arg === 'types') types = vals.slice();
      else filter[f.filter] = f.number ? vals.map(Number).filter(function (n) { return !isNaN(n); }) : vals.slice();
    });
    return { types: types, filter: Object.keys(filter).length ? filter : null };
  }

  // searchRequest is one GraphQL request for a page of hits and every
  // facet. A facet with a selection is also counted without it (an extra
  // aliased search), so its other values show what adding them would give.
  function searchRequest(st, after) {
    var args = searchArgs(st, null);
    var vars = {
      q: st.q, mode: st.advanced ? 'ADVANCED' : 'SIMPLE', first: PAGE_SIZE,
      types: args.types, filter: args.filter, after: after || null,
      facets: FACETS.map(function (f) { return f.field; })
    };
    var defs = ['$q: String!', '$mode: SearchMode!', '$first: Int!', '$types: [SearchType!]',
      '$filter: SearchFilter', '$facets: [FacetField!]', '$after: String'];
    var fields = ['hits: search(query: $q, mode: $mode, types: $types, filter: $filter, facets: $facets, first: $first, after: $after) { ...Hits ' +
      (after ? '' : FACET_FIELDS) + ' }'];
    if (!after) {
      FACETS.forEach(function (f) {
        if (!st.sel[f.param]) return;
        var own = searchArgs(st, f.param);
        vars['t_' + f.param] = own.types;
        vars['f_' + f.param] = own.filter;
        defs.push('$t_' + f.param + ': [SearchType!]', '$f_' + f.param + ': SearchFilter');
        fields.push('facet_' + f.param + ': search(query: $q, mode: $mode, types: $t_' + f.param + ', filter: $f_' + f.param +
          ', facets: [' + f.field + '], first: 1, highlight: false) { ' + FACET_FIELDS + ' }');
      });
    }
    return {
      query: 'query Search(' + defs.join(', ') + ') {\n' + fields.join('\n') + '\n}\n' + HIT_FIELDS,
      variables: vars
    };
  }

  // ---------------------------------------------------------------- router

  var cache = new Map(); // search URL -> {st, result, edges, pageInfo}
  var current = null; // the abort controller of the view being loaded
  var lastSearch = null; // the URL of the last search shown

  function navigate(url, opts) {
    saveScroll();
    if (opts && opts.replace) history.replaceState({}, '', url);
    else history.pushState({}, '', url);
    route({ focus: opts && opts.focus });
  }

  function saveScroll() {
    var state = history.state || {};
    state.scroll = window.scrollY;
    history.replaceState(state, '');
  }

  function route(opts) {
    closeSuggestions();
    if (current) current.abort();
    current = new AbortController();
    var path = location.pathname;
    if (path.indexOf('/entity/') === 0) {
      var id = decodeURIComponent(path.slice('/entity/'.length));
      return showEntity(id, current.signal, opts || {});
    }
    return showSearch(stateFromURL(location), current.signal, opts || {});
  }

  function restoreScroll(opts) {
    var y = history.state && typeof history.state.scroll === 'number' ? history.state.scroll : 0;
    if (opts.popped) window.scrollTo(0, y);
    else window.scrollTo(0, 0);
  }

  window.addEventListener('popstate', function () { route({ popped: true }); });

  // Links to the search and the entity pages are followed in place; any
  // other link (the API's sources, the explorer) is left to the browser.
  document.addEventListener('click', function (e) {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    var a = e.target.closest && e.target.closest('a[href]');
    if (!a || a.target || a.hasAttribute('download') || a.origin !== location.origin) return;
    if (a.pathname !== '/search' && a.pathname.indexOf('/entity/') !== 0) return;
    e.preventDefault();
    if (a.pathname + a.search === location.pathname + location.search) return;
    navigate(a.pathname + a.search, { focus: true });
  });

  // ---------------------------------------------------------------- search

  var form = $('search-form');
  var input = $('q');
  var advanced = $('advanced');

  function syncForm(st) {
    input.value = st.q;
    advanced.checked = st.advanced;
    form.classList.toggle('is-advanced', st.advanced);
  }

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    runTyped();
  });

  advanced.addEventListener('change', function () {
    form.classList.toggle('is-advanced', advanced.checked);
    if (input.value.trim()) runTyped();
  });

  // runTyped searches for what the box holds. A new text starts afresh;
  // the same text keeps its filters (a change of mode, a second Enter).
  function runTyped() {
    closeSuggestions();
    var q = input.value.trim();
    var prev = location.pathname === '/search' ? stateFromURL(location) : { q: '', sel: {} };
    var st = { q: q, advanced: advanced.checked, sel: q === prev.q ? prev.sel : {} };
    var url = urlFor(st);
    navigate(url, { replace: url === location.pathname + location.search });
  }

  function showSearch(st, signal, opts) {
    syncForm(st);
    if (!st.q) {
      lastSearch = null;
      return showWelcome(signal);
    }
    var url = urlFor(st);
    lastSearch = url;
    var hit = cache.get(url);
    if (hit) {
      renderSearch(hit, opts);
      return Promise.resolve();
    }
    var view = $('view');
    view.setAttribute('aria-busy', 'true');
    var results = view.querySelector('.results');
    if (results) results.classList.add('is-loading');
    else setView(loadingBox('Searching…'), st.q);
    var req = searchRequest(st, null);
    return gql(req.query, req.variables, signal).then(function (data) {
      var entry = { st: st, result: data, edges: data.hits.edges.slice(), pageInfo: data.hits.pageInfo };
      cache.set(url, entry);
      if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value);
      renderSearch(entry, opts);
    }, function (err) {
      if (err && err.name === 'AbortError') return;
      var box = errorBox(err, function () { route({}); });
      if (st.advanced && (err.code === 'BAD_QUERY' || err.code === 'SEARCH_TOO_EXPENSIVE')) {
        box.appendChild(h('p', null, h('a', { href: urlFor({ q: st.q, advanced: false, sel: st.sel }), class: 'plain-search' },
          'Search these words without Advanced syntax')));
      }
      setView(box, st.q);
      announce(err.message);
    });
  }

  // facetsOf merges the counts: a facet with a selection takes its counts
  // from the search without it, and its selected values always show.
  function facetsOf(entry) {
    var st = entry.st;
    var byField = {};
    entry.result.hits.facets.forEach(function (f) { byField[f.field] = f.buckets; });
    return FACETS.map(function (f) {
      var own = entry.result['facet_' + f.param];
      var buckets = (own ? own.facets[0].buckets : byField[f.field] || []).slice();
      (st.sel[f.param] || []).forEach(function (v) {
        if (!buckets.some(function (b) { return b.value === v; })) buckets.push({ value: v, label: null, count: 0 });
      });
      return { def: f, buckets: buckets };
    }).filter(function (f) { return f.buckets.length > 0; });
  }

  function bucketLabel(f, b) {
    if (b.label) return b.label;
    if (f.field === 'TYPE') return TYPE_LABELS[b.value] || titleCase(b.value);
    if (f.field === 'DECADE') return b.value + 's';
    return titleCase(b.value);
  }

  function renderSearch(entry, opts) {
    var st = entry.st;
    var hits = entry.result.hits;
    var focusKey = document.activeElement && document.activeElement.getAttribute('data-facet-key');

    var facetPanel = renderFacets(entry);
    var header = h('div', { class: 'results-header' },
      h('h1', { id: 'results-heading', class: 'results-title', tabindex: '-1' },
        hits.totalCount === 0 ? 'No results' : plural(hits.totalCount, 'result', 'results'),
        h('span', { class: 'results-for' }, ' for ', h('q', null, st.q))));

    var notices = [];
    if (hits.didYouMean) {
      var corrected = { q: hits.didYouMean, advanced: st.advanced, sel: st.sel };
      notices.push(h('p', { class: 'notice notice-info' }, 'Showing results for ',
        h('a', { href: urlFor(corrected), class: 'did-you-mean' }, hits.didYouMean),
        ': some words were not found as typed and were corrected.'));
    }
    if (hits.partial) {
      notices.push(h('p', { class: 'notice notice-warn' },
        'No record has every word of the search. These have some of them; the bar on each hit shows how much of the search it covers.'));
    }
    var chips = renderActiveFilters(entry);

    var list = h('ol', { class: 'hits', 'aria-labelledby': 'results-heading' });
    appendHits(list, entry.edges, 0, hits);

    var more = null;
    if (entry.pageInfo.hasNextPage) {
      more = h('div', { class: 'more' },
        h('p', { class: 'more-count' }, 'Showing ' + entry.edges.length + ' of ' + hits.totalCount.toLocaleString('en')),
        h('button', { type: 'button', class: 'btn', id: 'more-results', onclick: function () { loadMore(entry, this); } }, 'More results'));
    }

    var empty = null;
    if (hits.totalCount === 0) {
      empty = h('div', { class: 'empty' },
        h('p', null, 'Nothing in the corpus matches this search.'),
        h('ul', null,
          hasFilters(st) ? h('li', null, h('a', { href: urlFor({ q: st.q, advanced: st.advanced, sel: {} }) }, 'Remove the filters'), ', or') : null,
          h('li', null, 'try fewer or other words: names, acronyms and aliases all work (NATO, Washington Treaty).')));
    }

    var results = h('section', { class: 'results', 'aria-labelledby': 'results-heading' }, header, notices, chips, empty, list, more);
    var layout = h('div', { class: 'search-layout' + (facetPanel ? '' : ' no-facets') }, facetPanel, results);
    setView(layout, st.q);
    announce((hits.totalCount === 0 ? 'No results' : plural(hits.totalCount, 'result', 'results')) + ' for ' + st.q);

    if (focusKey) {
      var again = document.querySelector('[data-facet-key="' + CSS.escape(focusKey) + '"]');
      if (again) again.focus();
    } else if (opts.popped) {
      restoreScroll(opts);
    } else if (opts.focus) {
      window.scrollTo(0, 0);
      $('results-heading').focus({ preventScroll: true });
    }
  }

  function renderFacets(entry) {
    var st = entry.st;
    var facets = facetsOf(entry);
    if (!facets.length) return null;
    var groups = facets.map(function (f) {
      var selected = st.sel[f.def.param] || [];
      var buckets = f.buckets.slice().sort(function (a, b) {
        var sa = selected.indexOf(a.value) >= 0, sb = selected.indexOf(b.value) >= 0;
        return sa === sb ? 0 : sa ? -1 : 1;
      });
      var headingId = 'facet-' + f.def.param;
      var items = buckets.map(function (b, i) {
        var on = selected.indexOf(b.value) >= 0;
        var label = bucketLabel(f.def, b);
        var box = h('input', {
          type: 'checkbox', value: b.value, checked: on, 'data-param': f.def.param,
          'data-facet-key': f.def.param + '=' + b.value,
          onchange: function () { navigate(urlFor(toggled(st, f.def.param, b.value))); }
        });
        return h('li', { class: 'facet-value' + (i >= FACET_VISIBLE && !on ? ' is-extra' : '') },
          h('label', null, box, h('span', { class: 'facet-label' }, label),
            h('span', { class: 'facet-count', 'aria-label': plural(b.count, 'hit', 'hits') }, b.count.toLocaleString('en'))));
      });
      var list = h('ul', { class: 'facet-values', 'aria-labelledby': headingId }, items);
      var toggle = null;
      var extra = items.filter(function (li) { return li.classList.contains('is-extra'); }).length;
      if (extra) {
        list.classList.add('is-collapsed');
        toggle = h('button', {
          type: 'button', class: 'link-button facet-more', 'aria-expanded': 'false',
          onclick: function () {
            var open = list.classList.toggle('is-collapsed') === false;
            this.setAttribute('aria-expanded', String(open));
            this.textContent = open ? 'Show fewer' : 'Show ' + extra + ' more';
          }
        }, 'Show ' + extra + ' more');
      }
      return h('div', { class: 'facet', role: 'group', 'aria-labelledby': headingId },
        h('h3', { id: headingId, class: 'facet-title' }, f.def.title), list, toggle);
    });
    var details = h('details', { class: 'facets-details', open: true },
      h('summary', null, 'Filters', hasFilters(st) ? h('span', { class: 'badge-count' }, String(countSelected(st))) : null),
      groups);
    // On a narrow screen the filters fold away above the results.
    if (window.matchMedia && window.matchMedia('(max-width: 860px)').matches && !hasFilters(st)) details.open = false;
    return h('aside', { class: 'facets', 'aria-labelledby': 'facets-heading' },
      h('h2', { id: 'facets-heading', class: 'visually-hidden' }, 'Filters'), details);
  }

  function countSelected(st) {
    return Object.keys(st.sel).reduce(function (n, k) { return n + st.sel[k].length; }, 0);
  }

  function renderActiveFilters(entry) {
    var st = entry.st;
    if (!hasFilters(st)) return null;
    var labels = {};
    facetsOf(entry).forEach(function (f) {
      f.buckets.forEach(function (b) { labels[f.def.param + '=' + b.value] = bucketLabel(f.def, b); });
    });
    var chips = [];
    FACETS.forEach(function (f) {
      (st.sel[f.param] || []).forEach(function (v) {
        var label = labels[f.param + '=' + v] || v;
        chips.push(h('li', null, h('a', {
          class: 'chip', href: urlFor(toggled(st, f.param, v)),
          'aria-label': 'Remove filter ' + f.title + ': ' + label
        }, h('span', { class: 'chip-field' }, f.title + ':'), ' ' + label, h('span', { class: 'chip-x', 'aria-hidden': 'true' }, '×'))));
      });
    });
    chips.push(h('li', null, h('a', { class: 'chip chip-clear', href: urlFor({ q: st.q, advanced: st.advanced, sel: {} }) }, 'Clear all filters')));
    return h('ul', { class: 'chips', 'aria-label': 'Active filters' }, chips);
  }

  function highlightsByField(edge) {
    var by = {};
    edge.highlights.forEach(function (hl) { if (!by[hl.field]) by[hl.field] = hl; });
    return by;
  }

  function uniqueCountries(list) {
    var seen = {};
    return list.filter(function (c) {
      if (seen[c.id]) return false;
      seen[c.id] = true;
      return true;
    });
  }

  // joinList renders one kind of join of a hit (the agreements a passage
  // mentions, an agreement's parties…), the first few with a count of
  // the rest.
  function joinList(label, items, render, max) {
    if (!items || !items.length) return null;
    max = max || 8;
    var shown = items.slice(0, max).map(function (it) { return h('li', null, render(it)); });
    if (items.length > max) shown.push(h('li', { class: 'join-rest' }, '+' + (items.length - max) + ' more'));
    return h('div', { class: 'join' }, h('dt', null, label), h('dd', null, h('ul', { class: 'inline-list' }, shown)));
  }

  function orgName(o) { return o.acronym && o.acronym !== o.name ? o.acronym : o.name; }

  // appendHits adds hits to the list; where the hits with every word end and
  // those with only some begin, a note says so.
  function appendHits(list, edges, start, hits, before) {
    edges.forEach(function (edge, i) {
      var prev = i > 0 ? edges[i - 1] : before;
      if (edge.partial && !hits.partial && (!prev || !prev.partial)) {
        list.appendChild(h('li', { class: 'tier-note', role: 'note' },
          plural(hits.completeCount, 'result has', 'results have') + ' every word of the search as typed; the ones below have only some of them, or a quoted phrase\u2019s words apart.'));
      }
      list.appendChild(renderHit(edge, start + i, hits.partial));
    });
  }

  function renderHit(edge, index, partial) {
    var n = edge.node;
    var hl = highlightsByField(edge);
    var type = n.__typename;
    var titleText = type === 'Passage' ? n.heading : type === 'Country' ? n.name : n.name;
    var titleHl = type === 'Passage' ? hl.heading : hl.name;
    var title = titleHl ? wholeMarked(titleText, titleHl) : document.createTextNode(titleText);
    if (type === 'Organization' && n.acronym && n.acronym !== n.name) title = [title, ' (' + n.acronym + ')'];

    var meta = [h('span', { class: 'type-badge type-' + type.toLowerCase() }, TYPE_NAMES[type] || type)];
    var facts = [];
    if (type === 'Agreement') {
      facts.push(titleCase(n.kind));
      if (n.signed) facts.push('signed ' + fmtDate(n.signed));
      if (n.ended) facts.push('ended ' + fmtDate(n.ended));
    } else if (type === 'Organization') {
      if (n.founded) facts.push('founded ' + fmtDate(n.founded));
      if (n.dissolved) facts.push('dissolved ' + fmtDate(n.dissolved));
    } else if (type === 'Passage') {
      facts.push(n.document.title + ', ¶ ' + n.position);
    } else if (type === 'Country') {
      facts.push(n.code);
      if (n.until) facts.push('until ' + fmtDate(n.until));
    } else if (type === 'Topic' && n.appliesTo.length) {
      facts.push('applies to ' + n.appliesTo.map(function (k) { return titleCase(k).toLowerCase(); }).join(' and ') + ' agreements');
    }
    facts.forEach(function (f) { meta.push(h('span', { class: 'meta-sep', 'aria-hidden': 'true' }, '·'), h('span', null, f)); });

    var snippet = null;
    if (hl.body) snippet = h('p', { class: 'snippet' }, marked(hl.body.text, hl.body.matches));
    else {
      var plain = n.summary || n.about || n.description || '';
      if (plain) snippet = h('p', { class: 'snippet' }, plain.length > 280 ? plain.slice(0, 277).replace(/\s+\S*$/, '') + '…' : plain);
    }
    var aliases = hl.aliases ? h('p', { class: 'aliases' }, 'Also known as ', marked(hl.aliases.text, hl.aliases.matches)) : null;

    var joins = [];
    if (type === 'Passage') {
      joins.push(joinList('Agreements', n.agreements, function (a) { return entityLink(a.id, a.name); }));
      joins.push(joinList('Organizations', n.organizations, function (o) { return entityLink(o.id, orgName(o)); }));
      joins.push(joinList('Countries', n.countries, function (c) { return entityLink(c.id, c.name); }, 12));
    } else if (type === 'Agreement') {
      joins.push(joinList('Organizations', n.organizations, function (o) { return entityLink(o.id, orgName(o)); }));
      joins.push(joinList('Parties', uniqueCountries(n.parties.map(function (p) { return p.country; })),
        function (c) { return entityLink(c.id, c.name); }, 12));
    } else if (type === 'Organization') {
      joins.push(joinList('Founded by', n.foundingAgreements, function (a) { return entityLink(a.id, a.name); }));
      joins.push(joinList('Members', uniqueCountries(n.members.map(function (m) { return m.country; })),
        function (c) { return entityLink(c.id, c.name); }, 12));
    } else if (type === 'Trend') {
      joins.push(joinList('Agreements', n.agreements, function (a) { return entityLink(a.id, a.name); }));
    }
    joins = joins.filter(Boolean);

    var relevance = null;
    if (partial || edge.partial) {
      var pct = Math.round(edge.relevance * 100);
      relevance = h('p', { class: 'relevance' },
        h('meter', { min: '0', max: '1', value: String(edge.relevance), 'aria-label': 'Share of the search covered' }),
        ' covers ' + pct + '% of the search');
    }

    return h('li', { class: 'hit', 'data-id': n.id, 'data-type': type },
      h('article', null,
        h('p', { class: 'hit-meta' }, h('span', { class: 'rank' }, (index + 1) + '.'), meta),
        h('h2', { class: 'hit-title' }, h('a', { href: entityHref(n.id), class: 'hit-link' }, title)),
        aliases, snippet, relevance,
        joins.length ? h('dl', { class: 'joins' }, joins) : null));
  }

  function loadMore(entry, button) {
    button.disabled = true;
    button.textContent = 'Loading…';
    var req = searchRequest(entry.st, entry.pageInfo.endCursor);
    gql(req.query, req.variables).then(function (data) {
      var start = entry.edges.length;
      entry.edges = entry.edges.concat(data.hits.edges);
      entry.pageInfo = data.hits.pageInfo;
      var list = document.querySelector('.hits');
      appendHits(list, data.hits.edges, start, entry.result.hits, entry.edges[start - 1]);
      var more = document.querySelector('.more');
      if (entry.pageInfo.hasNextPage) {
        more.querySelector('.more-count').textContent = 'Showing ' + entry.edges.length + ' of ' + entry.result.hits.totalCount.toLocaleString('en');
        button.disabled = false;
        button.textContent = 'More results';
      } else {
        more.remove();
      }
      var first = list.children[start] && list.children[start].querySelector('.hit-link');
      if (first) first.focus();
      announce(plural(data.hits.edges.length, 'more result', 'more results') + ' loaded');
    }, function (err) {
      button.disabled = false;
      button.textContent = 'More results';
      var box = errorBox(err, null);
      var old = document.querySelector('.more .error-box');
      if (old) old.remove();
      button.parentNode.appendChild(box);
    });
  }

  // ---------------------------------------------------------------- welcome

  var welcomeData = null;

  function showWelcome(signal) {
    var examples = ['Iran nuclear deal', 'collective defence', 'ANZUS', 'nuclear-weapon-free zone', 'cybersecurity', 'Warsaw Pact'];
    function render(data) {
      var c = data && data.corpus;
      var intro = c ? 'Search ' + plural(c.agreements, 'agreement', 'agreements') + ', ' + plural(c.organizations, 'organization', 'organizations') +
        ', ' + plural(c.countries, 'country', 'countries') + ' and ' + plural(c.passages, 'passage', 'passages') + ' of ' +
        plural(c.documents, 'document', 'documents') + '. Every hit links to a page with its facts, its sources and the passages that discuss it.'
        : 'Search agreements, organizations, countries and passages.';
      var browse = [];
      if (data) {
        browse.push(h('section', { class: 'welcome-col' }, h('h2', null, 'Trends'),
          h('ul', { class: 'plain-list' }, data.trends.map(function (t) { return h('li', null, entityLink(t.id, t.name)); }))));
        browse.push(h('section', { class: 'welcome-col' }, h('h2', null, 'Topics'),
          h('ul', { class: 'plain-list' }, data.topics.map(function (t) { return h('li', null, entityLink(t.id, t.name)); }))));
      }
      setView(h('div', { class: 'welcome' },
        h('h1', { class: 'welcome-title' }, 'Security agreements, searchable'),
        h('p', { class: 'lead' }, intro),
        h('section', { class: 'examples', 'aria-labelledby': 'examples-heading' },
          h('h2', { id: 'examples-heading' }, 'Try'),
          h('ul', { class: 'inline-list chips-list' }, examples.map(function (q) {
            return h('li', null, h('a', { class: 'chip', href: urlFor({ q: q, advanced: false, sel: {} }) }, q));
          }))),
        h('div', { class: 'welcome-cols' }, browse)), null);
    }
    if (welcomeData) {
      render(welcomeData);
      return Promise.resolve();
    }
    render(null);
    return gql(WELCOME_QUERY, {}, signal).then(function (data) {
      welcomeData = data;
      if (location.pathname === '/search' && !stateFromURL(location).q) render(data);
    }, function (err) {
      if (err && err.name === 'AbortError') return;
      var box = errorBox(err, function () { route({}); });
      $('view').appendChild(box);
    });
  }

  // ---------------------------------------------------------------- entities

  function showEntity(id, signal, opts) {
    syncForm(lastSearch ? stateFromURL(new URL(lastSearch, location.origin)) : { q: '', advanced: false, sel: {} });
    setView(loadingBox('Loading…'), null);
    $('view').setAttribute('aria-busy', 'true');
    return gql(ENTITY_QUERY, { id: id, first: MENTIONS_PAGE }, signal).then(function (data) {
      var n = data.node;
      if (!n) {
        setView(h('div', { class: 'page-message' }, backLink(),
          h('h1', { tabindex: '-1', id: 'entity-title' }, 'Nothing has this id'),
          h('p', null, 'No agreement, organization, country, trend, topic, passage or document has the id ', h('code', null, id), '.'),
          h('p', null, h('a', { href: '/search' }, 'Search the corpus'))), 'Not found');
        return;
      }
      var view = renderEntity(n);
      setView(view, entityTitle(n));
      announce(entityTitle(n));
      if (opts.popped) restoreScroll(opts);
      else {
        window.scrollTo(0, 0);
        if (opts.focus) $('entity-title').focus({ preventScroll: true });
      }
    }, function (err) {
      if (err && err.name === 'AbortError') return;
      setView(h('div', null, backLink(), errorBox(err, function () { route({}); })), 'Error');
    });
  }

  function entityTitle(n) {
    switch (n.__typename) {
      case 'Passage': return n.heading;
      case 'Document': return n.title;
      case 'Organization': return n.acronym ? n.acronym + ': ' + n.name : n.name;
      default: return n.name;
    }
  }

  function backLink() {
    if (lastSearch) {
      var st = stateFromURL(new URL(lastSearch, location.origin));
      return h('p', { class: 'back' }, h('a', { href: lastSearch }, '← Results for “' + st.q + '”'));
    }
    return h('p', { class: 'back' }, h('a', { href: '/search' }, '← Search'));
  }

  function factList(rows) {
    rows = rows.filter(function (r) { return r && r[1] !== null && r[1] !== undefined && r[1] !== '' && !(Array.isArray(r[1]) && !r[1].length); });
    if (!rows.length) return null;
    return h('dl', { class: 'facts' }, rows.map(function (r) {
      return h('div', { class: 'fact' }, h('dt', null, r[0]), h('dd', null, r[1]));
    }));
  }

  function section(title, count, body, id) {
    if (!body) return null;
    var hid = 'sec-' + (id || title.toLowerCase().replace(/[^a-z]+/g, '-'));
    return h('section', { class: 'entity-section', 'aria-labelledby': hid },
      h('h2', { id: hid }, title, count !== null && count !== undefined ? h('span', { class: 'count' }, String(count)) : null), body);
  }

  function linkList(items, render) {
    if (!items || !items.length) return null;
    return h('ul', { class: 'link-list' }, items.map(function (it) { return h('li', null, render(it)); }));
  }

  function datesText(a, b) {
    if (!a && !b) return '—';
    return (a ? fmtDate(a) : '?') + ' – ' + (b ? fmtDate(b) : 'present');
  }

  function sourcesList(sources) {
    if (!sources || !sources.length) return null;
    return h('ol', { class: 'sources' }, sources.map(function (s) {
      var host = '';
      try { host = new URL(s.url).hostname.replace(/^www\./, ''); } catch (e) { host = ''; }
      return h('li', null, h('a', { href: s.url, rel: 'noopener noreferrer', class: 'source-link' }, s.title || s.url),
        host ? h('span', { class: 'source-host' }, host) : null);
    }));
  }

  function obligationsText(list) {
    return list && list.length ? list.map(titleCase).join(', ') : '';
  }

  function membersTable(rows, kind) {
    if (!rows || !rows.length) return null;
    var isParty = kind === 'party';
    var head = h('tr', null, h('th', { scope: 'col' }, 'Country'), h('th', { scope: 'col' }, 'Role'),
      h('th', { scope: 'col' }, 'Joined'), h('th', { scope: 'col' }, 'Left'), isParty ? h('th', { scope: 'col' }, 'Obligations') : null);
    var body = rows.map(function (r) {
      return h('tr', null,
        h('th', { scope: 'row' }, entityLink(r.country.id, r.country.name), r.note ? h('span', { class: 'row-note' }, r.note) : null),
        h('td', { 'data-label': 'Role' }, titleCase(r.role)),
        h('td', { 'data-label': 'Joined' }, fmtDate(r.joined) || '—'),
        h('td', { 'data-label': 'Left' }, fmtDate(r.left) || '—'),
        isParty ? h('td', { 'data-label': 'Obligations' }, obligationsText(r.obligations) || '—') : null);
    });
    return h('div', { class: 'table-wrap' }, h('table', { class: 'members' }, h('thead', null, head), h('tbody', null, body)));
  }

  // mentionsSection lists the passages that mention the entity, with its
  // names marked, and pages through the rest.
  function mentionsSection(n, conn, field, terms) {
    var title = field === 'passages' ? 'Passages' : 'Passages that mention it';
    if (!conn || conn.totalCount === 0) {
      return section(title, 0, h('p', { class: 'muted' }, 'No passage of the corpus mentions it.'), 'passages');
    }
    var list = h('ol', { class: 'passages' });
    function add(edges) {
      edges.forEach(function (e) { list.appendChild(passageCard(e.node, terms)); });
    }
    add(conn.edges);
    var more = null;
    var pageInfo = conn.pageInfo;
    if (pageInfo.hasNextPage) {
      more = h('button', {
        type: 'button', class: 'btn', id: 'more-passages',
        onclick: function () {
          var btn = this;
          btn.disabled = true;
          var q = 'query More($id: ID!, $after: String) { node(id: $id) { ... on ' + n.__typename + ' { ' + field +
            '(first: ' + MENTIONS_PAGE + ', after: $after) { ...Mentions } } } }\n' + MENTIONS_FIELDS;
          gql(q, { id: n.id, after: pageInfo.endCursor }).then(function (data) {
            var c = data.node[field];
            var start = list.children.length;
            add(c.edges);
            pageInfo = c.pageInfo;
            if (!pageInfo.hasNextPage) btn.remove();
            else btn.disabled = false;
            var first = list.children[start] && list.children[start].querySelector('a');
            if (first) first.focus();
          }, function (err) {
            btn.disabled = false;
            btn.parentNode.insertBefore(errorBox(err, null), btn);
          });
        }
      }, 'More passages');
    }
    return section(title, conn.totalCount, h('div', null, list, more), 'passages');
  }

  function passageCard(p, terms) {
    return h('li', { class: 'passage' },
      h('p', { class: 'passage-head' }, entityLink(p.id, p.heading, 'passage-link'),
        h('span', { class: 'muted' }, ' · ' + p.document.title + ', ¶ ' + p.position)),
      h('blockquote', { class: 'passage-text', cite: entityHref(p.id) }, markTerms(p.text, terms)));
  }

  function renderEntity(n) {
    var t = n.__typename;
    var kicker = h('p', { class: 'kicker' }, h('span', { class: 'type-badge type-' + t.toLowerCase() }, TYPE_NAMES[t] || t),
      h('span', { class: 'entity-id' }, n.id));
    var title = h('h1', { id: 'entity-title', class: 'entity-title', tabindex: '-1' }, entityTitle(n));
    var parts = [];
    var terms = [];

    if (t === 'Agreement') {
      terms = [n.name].concat(n.aliases);
      parts.push(n.aliases.length ? h('p', { class: 'aliases' }, 'Also known as ' + n.aliases.join(' · ')) : null);
      parts.push(factList([
        ['Kind', titleCase(n.kind)],
        ['Signed', fmtDate(n.signed)],
        ['In force', fmtDate(n.inForce)],
        ['Ended', n.ended ? fmtDate(n.ended) : n.inForce || n.signed ? 'In force' : ''],
        ['Themes', n.themes.map(titleCase).join(', ')],
        ['Obligations', obligationsText(n.obligations)],
        ['Parties', n.partyCount ? n.partyCount + ' (listed: ' + n.parties.length + ')' : null],
        ['ATOP id', n.atopId]
      ]));
      parts.push(n.summary ? h('p', { class: 'summary' }, n.summary) : null);
      parts.push(n.note ? h('aside', { class: 'note' }, h('strong', null, 'Curator’s note. '), n.note) : null);
      parts.push(section('Parties', n.parties.length, membersTable(n.parties, 'party')));
      parts.push(section('Organizations', n.organizations.length, linkList(n.organizations, function (o) { return entityLink(o.id, o.name); })));
      parts.push(section('Trends', n.trends.length, linkList(n.trends, function (x) { return entityLink(x.id, x.name); })));
      parts.push(section('Sources', n.sources.length, sourcesList(n.sources)));
      parts.push(mentionsSection(n, n.mentions, 'mentions', terms));
    } else if (t === 'Organization') {
      terms = [n.name, n.acronym].concat(n.aliases);
      parts.push(n.aliases.length ? h('p', { class: 'aliases' }, 'Also known as ' + n.aliases.join(' · ')) : null);
      parts.push(factList([
        ['Founded', fmtDate(n.founded)],
        ['Dissolved', fmtDate(n.dissolved)],
        ['Part of', n.parent ? entityLink(n.parent.id, n.parent.name) : null],
        ['Members', n.memberCount ? n.memberCount + ' (listed: ' + n.members.length + ')' : null]
      ]));
      parts.push(n.about ? h('p', { class: 'summary' }, n.about) : null);
      parts.push(n.note ? h('aside', { class: 'note' }, h('strong', null, 'Curator’s note. '), n.note) : null);
      parts.push(section('Founding agreements', n.foundingAgreements.length, linkList(n.foundingAgreements, agreementItem)));
      parts.push(section('Members', n.members.length, membersTable(n.members, 'member')));
      parts.push(section('Agreements', n.agreements.length, linkList(n.agreements, agreementItem)));
      parts.push(section('Sources', n.sources.length, sourcesList(n.sources)));
      parts.push(mentionsSection(n, n.mentions, 'mentions', terms));
    } else if (t === 'Country') {
      terms = [n.name].concat(n.aliases);
      parts.push(n.aliases.length ? h('p', { class: 'aliases' }, 'Also known as ' + n.aliases.join(' · ')) : null);
      parts.push(factList([
        ['Code', n.code],
        ['From', fmtDate(n.from)],
        ['Until', fmtDate(n.until)]
      ]));
      parts.push(section('Agreements', n.agreements.length, linkList(n.agreements, agreementItem)));
      parts.push(section('Organizations', n.organizations.length, linkList(n.organizations, function (o) { return entityLink(o.id, o.name); })));
      parts.push(h('p', { class: 'muted' }, 'Each agreement and organization page lists the sources of its memberships.'));
      parts.push(mentionsSection(n, n.mentions, 'mentions', terms));
    } else if (t === 'Trend' || t === 'Topic') {
      terms = [n.name].concat(n.aliases);
      parts.push(n.aliases.length ? h('p', { class: 'aliases' }, 'Also known as ' + n.aliases.join(' · ')) : null);
      parts.push(h('p', { class: 'summary' }, n.description));
      if (t === 'Topic') parts.push(factList([['Applies to', n.appliesTo.map(function (k) { return titleCase(k) + ' agreements'; }).join(', ')]]));
      if (t === 'Trend') parts.push(section('Agreements', n.agreements.length, linkList(n.agreements, agreementItem)));
      parts.push(mentionsSection(n, n.mentions, 'mentions', terms));
    } else if (t === 'Passage') {
      kicker.appendChild(h('span', { class: 'crumbs' }, entityLink(n.document.id, n.document.title), ' › ', n.headingPath.slice(1).join(' › ')));
      parts.push(h('blockquote', { class: 'passage-text passage-full' }, n.text));
      parts.push(passageNav(n));
      parts.push(section('Agreements it mentions', n.agreements.length, linkList(n.agreements, function (a) { return entityLink(a.id, a.name); }), 'agreements'));
      parts.push(section('Organizations it mentions', n.organizations.length, linkList(n.organizations, function (o) { return entityLink(o.id, o.name); }), 'organizations'));
      parts.push(section('Countries it mentions', n.countries.length, linkList(n.countries, function (c) { return entityLink(c.id, c.name); }), 'countries'));
      parts.push(section('Trends', n.trends.length, linkList(n.trends, function (x) { return entityLink(x.id, x.name); })));
      parts.push(section('Topics', n.topics.length, linkList(n.topics, function (x) { return entityLink(x.id, x.name); })));
    } else if (t === 'Document') {
      parts.push(factList([['Path', n.path], ['Format', n.format], ['Passages', n.passageCount]]));
      parts.push(mentionsSection(n, n.passages, 'passages', []));
    }
    return h('article', { class: 'entity entity-' + t.toLowerCase() }, backLink(), kicker, title, parts);
  }

  function agreementItem(a) {
    return [entityLink(a.id, a.name), a.signed ? h('span', { class: 'muted' }, ' · ' + fmtDate(a.signed)) : null];
  }

  // passageNav links the passages before and after this one in its
  // document (ids are the document's key and the position).
  function passageNav(p) {
    var key = p.id.slice(0, p.id.lastIndexOf(':') + 1);
    var links = [];
    if (p.position > 1) links.push(h('a', { href: entityHref(key + (p.position - 1)), rel: 'prev' }, '← Previous passage'));
    links.push(h('span', { class: 'muted' }, '¶ ' + p.position + ' of ' + p.document.passageCount));
    if (p.position < p.document.passageCount) links.push(h('a', { href: entityHref(key + (p.position + 1)), rel: 'next' }, 'Next passage →'));
    return h('nav', { class: 'passage-nav', 'aria-label': 'Passages of the document' }, links);
  }

  // ---------------------------------------------------------------- suggestions

  var list = $('suggestions');
  var suggestions = [];
  var active = -1;
  var suggestTimer = 0;
  var suggestAbort = null;

  function closeSuggestions() {
    window.clearTimeout(suggestTimer);
    if (suggestAbort) suggestAbort.abort();
    suggestions = [];
    active = -1;
    list.hidden = true;
    list.replaceChildren();
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  }

  function setActive(i) {
    active = i;
    Array.prototype.forEach.call(list.children, function (li, j) {
      li.setAttribute('aria-selected', j === i ? 'true' : 'false');
    });
    if (i >= 0) {
      input.setAttribute('aria-activedescendant', 'suggestion-' + i);
      list.children[i].scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  }

  // withPrefix bolds the part of a suggestion that matches what was typed.
  function withPrefix(text, prefix) {
    var at = text.toLowerCase().indexOf(prefix.toLowerCase());
    if (at < 0 || (at > 0 && /[\p{L}\p{N}]/u.test(text.charAt(at - 1)))) return text;
    return [text.slice(0, at), h('strong', null, text.slice(at, at + prefix.length)), text.slice(at + prefix.length)];
  }

  function showSuggestions(items, prefix) {
    suggestions = items;
    active = -1;
    if (!items.length) {
      closeSuggestions();
      return;
    }
    list.replaceChildren.apply(list, items.map(function (s, i) {
      return h('li', {
        id: 'suggestion-' + i, role: 'option', 'aria-selected': 'false', class: 'suggestion',
        onmousedown: function (e) { e.preventDefault(); },
        onclick: function () { choose(i); }
      }, h('span', { class: 'suggestion-text' }, withPrefix(s.text, prefix)),
      h('span', { class: 'suggestion-kind' }, SUGGESTION_KINDS[s.kind] || titleCase(s.kind)));
    }));
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    announce(plural(items.length, 'suggestion', 'suggestions') + '; use the arrow keys to choose');
  }

  function choose(i) {
    var s = suggestions[i];
    if (!s) return;
    input.value = s.text;
    closeSuggestions();
    runTyped();
  }

  input.addEventListener('input', function () {
    window.clearTimeout(suggestTimer);
    var prefix = input.value.trim();
    if (prefix.length < 2 || prefix.length > 100 || advanced.checked) {
      closeSuggestions();
      return;
    }
    suggestTimer = window.setTimeout(function () {
      if (suggestAbort) suggestAbort.abort();
      suggestAbort = new AbortController();
      gql(SUGGEST_QUERY, { prefix: prefix }, suggestAbort.signal).then(function (data) {
        if (input.value.trim() !== prefix || document.activeElement !== input) return;
        showSuggestions(data.suggest, prefix);
      }, function () {
        // Suggestions are a convenience: a failure leaves the box as it is.
      });
    }, 120);
  });

  input.addEventListener('keydown', function (e) {
    var open = !list.hidden && suggestions.length > 0;
    switch (e.key) {
      case 'ArrowDown':
        if (!open) return;
        e.preventDefault();
        setActive(active + 1 >= suggestions.length ? 0 : active + 1);
        break;
      case 'ArrowUp':
        if (!open) return;
        e.preventDefault();
        setActive(active <= 0 ? suggestions.length - 1 : active - 1);
        break;
      case 'Enter':
        if (open && active >= 0) {
          e.preventDefault();
          choose(active);
        }
        break;
      case 'Escape':
        if (open) {
          e.preventDefault();
          closeSuggestions();
        }
        break;
      case 'Tab':
        closeSuggestions();
        break;
    }
  });

  input.addEventListener('blur', function () { window.setTimeout(function () { if (document.activeElement !== input) closeSuggestions(); }, 0); });

  // ---------------------------------------------------------------- start

  // The filters fold away only on a narrow screen; a window widened past
  // it shows them again.
  if (window.matchMedia) {
    var wide = window.matchMedia('(min-width: 861px)');
    var unfold = function () {
      if (wide.matches) document.querySelectorAll('.facets-details').forEach(function (d) { d.open = true; });
    };
    if (wide.addEventListener) wide.addEventListener('change', unfold);
  }

  if ('scrollRestoration' in history) history.scrollRestoration = 'manual';
  route({});
})();
