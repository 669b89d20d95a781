// Boots GraphiQL (served from this binary) against pactgraph's /graphql,
// with example tabs that show the API off.
(function () {
  'use strict';

  var root = document.getElementById('explorer');
  var endpoint = root.getAttribute('data-endpoint') || '/graphql';

  function fail(message) {
    var p = document.createElement('p');
    p.className = 'explorer-error';
    p.setAttribute('role', 'alert');
    p.textContent = message;
    root.replaceChildren(p);
  }

  if (!window.React || !window.ReactDOM || !window.GraphiQL) {
    fail('The explorer\'s scripts did not load. Rebuild them with `make explorer` (or `go generate ./web`) and restart the server; the search page at /search works without them.');
    return;
  }

  // A plain fetch, so that nothing but /graphql is ever asked. GraphiQL
  // passes the headers typed in its Headers tab.
  function fetcher(params, opts) {
    var headers = {
      'Content-Type': 'application/json',
      Accept: 'application/graphql-response+json, application/json'
    };
    if (opts && opts.headers) {
      Object.keys(opts.headers).forEach(function (k) { headers[k] = opts.headers[k]; });
    }
    return fetch(endpoint, {
      method: 'POST',
      headers: headers,
      body: JSON.stringify(params),
      credentials: 'same-origin'
    }).then(function (res) {
      return res.text().then(function (text) {
        try {
          return JSON.parse(text);
        } catch (e) {
          return { errors: [{ message: 'HTTP ' + res.status + ' ' + res.statusText + ': ' + text.slice(0, 500) }] };
        }
      });
    }, function (err) {
      return { errors: [{ message: 'The server could not be reached: ' + err.message }] };
    });
  }

  var tabs = [
    {
      query: [
        '# Welcome to pactgraph. Run this query with',
        '# Ctrl-Enter or the run button.',
        '#',
        '# A search returns passages and entities in one',
        '# ranked list; each hit carries <mark>-highlighted',
        '# fragments and its joins. The Docs panel describes',
        '# every type and field; the other tabs hold more',
        '# examples.',
        'query SearchWithJoins {',
        '  search(',
        '    query: "Iran nuclear deal"',
        '    first: 3',
        '    facets: [TYPE, PARTY]',
        '  ) {',
        '    totalCount',
        '    didYouMean',
        '    edges {',
        '      relevance',
        '      highlights { field fragment }',
        '      node {',
        '        __typename',
        '        ... on Agreement {',
        '          id name signed ended',
        '          parties { country { code name } }',
        '        }',
        '        ... on Organization { id name acronym }',
        '        ... on Passage {',
        '          id',
        '          heading',
        '          agreements { id name signed }',
        '          organizations { name }',
        '          countries { code }',
        '        }',
        '      }',
        '    }',
        '    facets { field buckets { value label count } }',
        '  }',
        '}',
        ''
      ].join('\n')
    },
    {
      query: [
        '# From an agreement to its parties (with the',
        '# dates they joined and left), its sources and',
        '# the passages that discuss it.',
        'query AgreementWalk {',
        '  agreement(id: "agreement:anzus") {',
        '    name',
        '    kind',
        '    signed',
        '    inForce',
        '    parties { country { name } role joined left }',
        '    sources { url title }',
        '    mentions { edges { node { id heading } } }',
        '  }',
        '}',
        ''
      ].join('\n')
    },
    {
      query: [
        '# Every agreement two states share, with what',
        '# each promised, and agreements signed per decade.',
        'query DyadAndTimeline {',
        '  dyad(a: "USA", b: "JPN") {',
        '    agreements {',
        '      agreement { name signed }',
        '      aObligations',
        '      bObligations',
        '      asymmetric',
        '    }',
        '  }',
        '  timeline(interval: DECADE) { start bilateral multilateral total }',
        '}',
        ''
      ].join('\n')
    },
    {
      query: [
        '# Completions for a search box, typo-tolerant',
        '# from the fifth letter.',
        'query Autocomplete($prefix: String!) {',
        '  suggest(prefix: $prefix, first: 5) { text kind node { id } }',
        '}',
        ''
      ].join('\n'),
      variables: '{\n  "prefix": "nucl"\n}\n'
    }
  ];

  window.ReactDOM.createRoot(root).render(
    window.React.createElement(window.GraphiQL, {
      fetcher: fetcher,
      defaultQuery: tabs[0].query,
      defaultTabs: tabs,
      defaultEditorToolsVisibility: false,
      shouldPersistHeaders: false
    })
  );
})();
