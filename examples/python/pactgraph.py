"""A small client for the pactgraph GraphQL API, standard library only.

    from pactgraph import Client

    client = Client("http://localhost:8080")
    for edge in client.search("Iran nuclear deal", types=["AGREEMENT"]):
        print(edge["node"]["id"], edge["relevance"])

Errors the API answers raise PactgraphError, whose ``code`` is the error's
``extensions.code`` (BAD_USER_INPUT, BAD_QUERY, SEARCH_TOO_EXPENSIVE,
SERVICE_UNAVAILABLE, ...). Copy this file next to your notebook; it needs
nothing but Python 3.8 or newer.
"""

import hashlib
import json
import os
import urllib.error
import urllib.parse
import urllib.request

__all__ = ["Client", "PactgraphError", "query", "search", "agreements", "export_url", "DEFAULT_URL"]

DEFAULT_URL = os.environ.get("PACTGRAPH_URL", "http://localhost:8080")

# The fields search() asks for on every hit: the node's id and type, its
# title, and the entities it links to, as they come from the API.
SEARCH_FIELDS = """
    totalCount partial didYouMean
    pageInfo { hasNextPage endCursor }
    edges {
      cursor score relevance
      highlights { field fragment text }
      node {
        __typename
        ... on Node { id }
        ... on Passage {
          heading document { id title }
          agreements { id name } organizations { id name } countries { code name }
        }
        ... on Agreement { name kind signed parties { country { code } } organizations { id name } }
        ... on Organization { name acronym }
        ... on Country { name code }
        ... on Trend { name }
        ... on Topic { name }
      }
    }
"""

SEARCH_QUERY = (
    "query Search($query: String!, $mode: SearchMode, $types: [SearchType!], $filter: SearchFilter,"
    " $highlight: Boolean, $first: Int, $after: String) {"
    " search(query: $query, mode: $mode, types: $types, filter: $filter, highlight: $highlight,"
    " first: $first, after: $after) {" + SEARCH_FIELDS + "} }"
)

AGREEMENTS_QUERY = """
query Agreements($filter: AgreementFilter, $first: Int, $after: String) {
  agreements(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      node {
        id name kind signed inForce ended themes obligations
        parties { country { code name } role joined left obligations }
        organizations { id name }
      }
    }
  }
}
"""


class PactgraphError(Exception):
    """An error the API answered (or a transport failure, code TRANSPORT).

    ``code`` is the first error's extensions.code, ``errors`` the whole
    list, ``status`` the HTTP status (None when the server was unreachable).
    """

    def __init__(self, message, code, errors=None, status=None):
        super().__init__(f"{code}: {message}")
        self.message = message
        self.code = code
        self.errors = errors or []
        self.status = status


class Client:
    """A pactgraph server: ``url`` is its base (``http://host:8080``) or its
    ``/graphql`` endpoint.

    With ``persisted=True`` queries are sent as automatic persisted queries:
    the hash first, the text only when the server does not know it yet.
    """

    def __init__(self, url=None, timeout=30.0, persisted=False):
        url = (url or DEFAULT_URL).rstrip("/")
        if url.endswith("/graphql"):
            url = url[: -len("/graphql")]
        self.base = url
        self.endpoint = url + "/graphql"
        self.timeout = timeout
        self.persisted = persisted

    def query(self, document, variables=None, operation_name=None):
        """Runs one operation and returns its ``data``; raises
        PactgraphError when the answer has errors."""
        payload = {"query": document, "variables": variables or {}}
        if operation_name:
            payload["operationName"] = operation_name
        if self.persisted:
            digest = hashlib.sha256(document.encode("utf-8")).hexdigest()
            extensions = {"persistedQuery": {"version": 1, "sha256Hash": digest}}
            first = dict(payload, extensions=extensions)
            del first["query"]
            answer = self._post(first)
            codes = [(e.get("extensions") or {}).get("code") for e in answer.get("errors") or []]
            if "PERSISTED_QUERY_NOT_FOUND" not in codes:
                return self._data(answer)
            payload["extensions"] = extensions
        return self._data(self._post(payload))

    def search(self, text, types=None, filter=None, mode=None, highlight=True, page_size=100, limit=None):
        """Yields every hit (edge) of a search, following the cursors page by
        page; ``limit`` stops after that many. The first page's totalCount,
        partial and didYouMean are in ``self.last_search``."""
        variables = {"query": text, "first": page_size, "highlight": highlight}
        if types:
            variables["types"] = list(types)
        if filter:
            variables["filter"] = filter
        if mode:
            variables["mode"] = mode
        seen = 0
        while True:
            page = self.query(SEARCH_QUERY, variables, "Search")["search"]
            if "after" not in variables:
                self.last_search = {k: page[k] for k in ("totalCount", "partial", "didYouMean")}
            for edge in page["edges"]:
                yield edge
                seen += 1
                if limit is not None and seen >= limit:
                    return
            if not page["pageInfo"]["hasNextPage"] or not page["edges"]:
                return
            variables["after"] = page["pageInfo"]["endCursor"]

    def agreements(self, filter=None, page_size=100):
        """Yields every agreement the filter selects (oldest first)."""
        variables = {"filter": filter, "first": page_size}
        while True:
            page = self.query(AGREEMENTS_QUERY, variables, "Agreements")["agreements"]
            for edge in page["edges"]:
                yield edge["node"]
            if not page["pageInfo"]["hasNextPage"]:
                return
            variables["after"] = page["pageInfo"]["endCursor"]

    def export_url(self, table, fmt="csv", **params):
        """The URL of an export (/export/search.csv, /export/agreements.csv,
        .ndjson), for pandas.read_csv or pandas.read_json(lines=True); list
        values become repeated parameters."""
        pairs = []
        for key, value in params.items():
            for v in value if isinstance(value, (list, tuple)) else [value]:
                pairs.append((key, str(v).lower() if isinstance(v, bool) else str(v)))
        query_string = urllib.parse.urlencode(pairs)
        return f"{self.base}/export/{table}.{fmt}" + (f"?{query_string}" if query_string else "")

    def _post(self, payload):
        body = json.dumps(payload).encode("utf-8")
        request = urllib.request.Request(
            self.endpoint,
            data=body,
            headers={"Content-Type": "application/json", "Accept": "application/graphql-response+json, application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return json.load(response)
        except urllib.error.HTTPError as err:
            # 4xx and 5xx answers carry GraphQL errors too.
            try:
                answer = json.load(err)
            except ValueError:
                raise PactgraphError(f"HTTP {err.code} {err.reason}", "TRANSPORT", status=err.code) from None
            answer["_status"] = err.code
            return answer
        except urllib.error.URLError as err:
            raise PactgraphError(f"cannot reach {self.endpoint}: {err.reason}", "TRANSPORT") from None

    @staticmethod
    def _data(answer):
        errors = answer.get("errors")
        if errors:
            first = errors[0]
            code = (first.get("extensions") or {}).get("code", "UNKNOWN")
            raise PactgraphError(first.get("message", ""), code, errors, answer.get("_status", 200))
        return answer["data"]


_default = None


def _client():
    global _default
    if _default is None:
        _default = Client()
    return _default


def query(document, variables=None):
    """Runs one operation on the server at PACTGRAPH_URL (default
    http://localhost:8080) and returns its data."""
    return _client().query(document, variables)


def search(text, **kwargs):
    """Every hit of a search on the server at PACTGRAPH_URL; see Client.search."""
    return _client().search(text, **kwargs)


def agreements(filter=None, **kwargs):
    """Every agreement of a filter on the server at PACTGRAPH_URL."""
    return _client().agreements(filter, **kwargs)


def export_url(table, fmt="csv", **params):
    """The URL of an export on the server at PACTGRAPH_URL."""
    return _client().export_url(table, fmt, **params)
