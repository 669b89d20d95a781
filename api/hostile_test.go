package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strings"
	"testing"
	"time"

	"pactgraph/api"
	"pactgraph/graph"
	"pactgraph/internal/testserver"
)

// hostile is one case of the catalogue in limits.md: a request and the
// answer it must get.
type hostile struct {
	name        string
	method      string
	contentType string
	accept      string
	body        func() io.Reader // nil: no body
	noLength    bool             // send the body chunked
	rawQuery    string           // for GET
	status      int
	code        string // extensions.code of the first error; "" when none is expected
}

func jsonBody(query string, vars map[string]any) func() io.Reader {
	return func() io.Reader {
		b, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
		return bytes.NewReader(b)
	}
}

func rawBody(s string) func() io.Reader { return func() io.Reader { return strings.NewReader(s) } }

func repeat(s string, n int) string { return strings.Repeat(s, n) }

// fanOut builds fragments that each spread the previous one twice.
func fanOut(levels int) string {
	var b strings.Builder
	b.WriteString("query { corpus { ...F0 } }\nfragment F0 on CorpusInfo { version }\n")
	for i := 1; i <= levels; i++ {
		fmt.Fprintf(&b, "fragment F%d on CorpusInfo { ...F%d ...F%d }\n", i, i-1, i-1)
	}
	b.WriteString(strings.Replace("", "", "", 0))
	return strings.Replace(b.String(), "...F0 } }", fmt.Sprintf("...F%d } }", levels), 1)
}

func catalogue() []hostile {
	big := repeat("x", 10<<20)
	aliases := func(n int) string {
		var b strings.Builder
		b.WriteString("{")
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, " x%d: search(query: \"%d\") { totalCount }", i, i)
		}
		return b.String() + " }"
	}
	return []hostile{
		// 1. huge bodies
		{name: "10MiB body with length", method: "POST", contentType: "application/json", body: rawBody(`{"query":"` + big + `"}`), status: 413, code: "PAYLOAD_TOO_LARGE"},
		{name: "10MiB body chunked", method: "POST", contentType: "application/json", body: rawBody(`{"query":"` + big + `"}`), noLength: true, status: 413, code: "PAYLOAD_TOO_LARGE"},
		// 3. malformed bodies
		{name: "batch of 1000", method: "POST", contentType: "application/json", body: rawBody("[" + strings.TrimSuffix(repeat(`{"query":"{corpus{version}}"},`, 1000), ",") + "]"), status: 400, code: "BAD_REQUEST"},
		{name: "body null", method: "POST", contentType: "application/json", body: rawBody("null"), status: 400, code: "BAD_REQUEST"},
		{name: "body empty string", method: "POST", contentType: "application/json", body: rawBody(`""`), status: 400, code: "BAD_REQUEST"},
		{name: "body empty", method: "POST", contentType: "application/json", body: rawBody(""), status: 400, code: "BAD_REQUEST"},
		{name: "body []", method: "POST", contentType: "application/json", body: rawBody("[]"), status: 400, code: "BAD_REQUEST"},
		{name: "body {}", method: "POST", contentType: "application/json", body: rawBody("{}"), status: 200, code: "GRAPHQL_VALIDATION_FAILED"},
		{name: "body {} graphql-response", method: "POST", contentType: "application/json", accept: "application/graphql-response+json", body: rawBody("{}"), status: 400, code: "GRAPHQL_VALIDATION_FAILED"},
		{name: "parse error legacy json", method: "POST", contentType: "application/json", body: jsonBody("{ corpus {", nil), status: 200, code: "GRAPHQL_PARSE_FAILED"},
		{name: "parse error graphql-response", method: "POST", contentType: "application/json", accept: "application/graphql-response+json", body: jsonBody("{ corpus {", nil), status: 400, code: "GRAPHQL_PARSE_FAILED"},
		{name: "query not a string", method: "POST", contentType: "application/json", body: rawBody(`{"query":1}`), status: 400, code: "BAD_REQUEST"},
		{name: "truncated JSON", method: "POST", contentType: "application/json", body: rawBody(`{"query":"{ corpus { vers`), status: 400, code: "BAD_REQUEST"},
		{name: "bytes FF FE", method: "POST", contentType: "application/json", body: rawBody("\xff\xfe"), status: 400, code: "BAD_REQUEST"},
		// 4. methods and media types
		{name: "text/plain", method: "POST", contentType: "text/plain", body: jsonBody("{corpus{version}}", nil), status: 415, code: "UNSUPPORTED_MEDIA_TYPE"},
		{name: "no content type", method: "POST", body: jsonBody("{corpus{version}}", nil), status: 415, code: "UNSUPPORTED_MEDIA_TYPE"},
		{name: "PUT", method: "PUT", contentType: "application/json", body: jsonBody("{corpus{version}}", nil), status: 405, code: "METHOD_NOT_ALLOWED"},
		{name: "DELETE", method: "DELETE", status: 405, code: "METHOD_NOT_ALLOWED"},
		{name: "GET with a mutation", method: "GET", rawQuery: url.Values{"query": {"mutation { x }"}}.Encode(), status: 200, code: "GRAPHQL_VALIDATION_FAILED"},
		{name: "URL over 8KiB", method: "GET", rawQuery: url.Values{"query": {"{ corpus { version } }" + repeat(" ", 9000)}}.Encode(), status: 414, code: "URI_TOO_LONG"},
		// 5. deep nesting
		{name: "1e6 nested selections", method: "POST", contentType: "application/json", body: jsonBody("{"+repeat("q{", 1000000), nil), status: 413, code: "PAYLOAD_TOO_LARGE"},
		{name: "40k nested selections", method: "POST", contentType: "application/json", body: jsonBody("{"+repeat("q{", 40000), nil), status: 422, code: "GRAPHQL_PARSE_FAILED"},
		{name: "nested list literal", method: "POST", contentType: "application/json", body: jsonBody(`{ search(query: "x", types: `+repeat("[", 60000)+`) { totalCount } }`, nil), status: 422, code: "GRAPHQL_PARSE_FAILED"},
		// 6. wide documents
		{name: "__typename x7500", method: "POST", contentType: "application/json", body: jsonBody("{"+repeat(" __typename", 7500)+" }", nil), status: 422, code: "GRAPHQL_PARSE_FAILED"},
		{name: "__typename x600", method: "POST", contentType: "application/json", body: jsonBody("{"+repeat(" __typename", 600)+" }", nil), status: 422, code: "OPERATION_LIMIT_EXCEEDED"},
		{name: "1000 aliased searches", method: "POST", contentType: "application/json", body: jsonBody(aliases(1000), nil), status: 422, code: "GRAPHQL_PARSE_FAILED"},
		{name: "40 aliased searches", method: "POST", contentType: "application/json", body: jsonBody(aliases(40), nil), status: 422, code: "OPERATION_LIMIT_EXCEEDED"},
		{name: "10000 aliases", method: "POST", contentType: "application/json", body: jsonBody("{"+strings.Repeat(" a: __typename", 10000)+" }", nil), status: 413, code: "PAYLOAD_TOO_LARGE"},
		{name: "4000 aliases", method: "POST", contentType: "application/json", body: jsonBody("{"+strings.Repeat(" a: __typename", 4000)+" }", nil), status: 422, code: "GRAPHQL_PARSE_FAILED"},
		// 7. directives, variables, operations
		{name: "@include x50000", method: "POST", contentType: "application/json", body: jsonBody("{ corpus "+repeat("@include(if: true) ", 50000)+"{ version } }", nil), status: 413, code: "PAYLOAD_TOO_LARGE"},
		{name: "@include x5000", method: "POST", contentType: "application/json", body: jsonBody("{ corpus "+repeat("@include(if: true) ", 5000)+"{ version } }", nil), status: 422, code: "GRAPHQL_PARSE_FAILED"},
		{name: "5000 unused variables", method: "POST", contentType: "application/json", body: func() io.Reader {
			var b strings.Builder
			b.WriteString("query (")
			for i := 0; i < 5000; i++ {
				fmt.Fprintf(&b, "$v%d: Int ", i)
			}
			b.WriteString(") { corpus { version } }")
			return jsonBody(b.String(), nil)()
		}, status: 422, code: "GRAPHQL_PARSE_FAILED"},
		{name: "5000 operations", method: "POST", contentType: "application/json", body: func() io.Reader {
			var b strings.Builder
			for i := 0; i < 5000; i++ {
				fmt.Fprintf(&b, "query Q%d { corpus { version } } ", i)
			}
			return jsonBody(b.String(), nil)()
		}, status: 413, code: "PAYLOAD_TOO_LARGE"},
		{name: "2000 operations", method: "POST", contentType: "application/json", body: func() io.Reader {
			var b strings.Builder
			for i := 0; i < 2000; i++ {
				fmt.Fprintf(&b, "query Q%d { corpus { version } } ", i)
			}
			return jsonBody(b.String(), nil)()
		}, status: 422, code: "GRAPHQL_PARSE_FAILED"},
		// 8. fragments
		{name: "circular fragments", method: "POST", contentType: "application/json", body: jsonBody("{ corpus { ...A } } fragment A on CorpusInfo { ...B } fragment B on CorpusInfo { ...A }", nil), status: 200, code: "GRAPHQL_VALIDATION_FAILED"},
		{name: "fragment fan-out 24", method: "POST", contentType: "application/json", body: jsonBody(fanOut(24), nil), status: 422, code: "OPERATION_LIMIT_EXCEEDED"},
		{name: "fragment fan-out 30", method: "POST", contentType: "application/json", body: jsonBody(fanOut(30), nil), status: 422, code: "OPERATION_LIMIT_EXCEEDED"},
		// 9. page sizes
		{name: "first 99999999999", method: "POST", contentType: "application/json", body: jsonBody(`{ search(query: "nato", first: 99999999999) { totalCount } }`, nil), status: 200, code: "BAD_USER_INPUT"},
		{name: "first -1", method: "POST", contentType: "application/json", body: jsonBody(`{ agreements(first: -1) { totalCount } }`, nil), status: 200, code: "BAD_USER_INPUT"},
		{name: "first 0", method: "POST", contentType: "application/json", body: jsonBody(`{ organizations(first: 0) { totalCount } }`, nil), status: 200, code: "BAD_USER_INPUT"},
		{name: "first 1e12 variable", method: "POST", contentType: "application/json", body: jsonBody(`query ($n: Int) { search(query: "nato", first: $n) { totalCount } }`, map[string]any{"n": 1e12}), status: 200, code: "BAD_USER_INPUT"},
		// 10. nested connections
		{name: "nested connections", method: "POST", contentType: "application/json", body: jsonBody(`{ search(query: "treaty", first: 100) { edges { node { ... on Passage { agreements { mentions(first: 100) { edges { node { agreements { mentions(first: 100) { totalCount } } } } } } } } } } }`, nil), status: 422, code: "COMPLEXITY_LIMIT_EXCEEDED"},
		// 11. introspection
		{name: "deep introspection", method: "POST", contentType: "application/json", body: jsonBody(`{__schema{types{fields{type{fields{type{fields{type{fields{type{name}}}}}}}}}}}`, nil), status: 422, code: "COMPLEXITY_LIMIT_EXCEEDED"},
		{name: "standard introspection query", method: "POST", contentType: "application/json", body: jsonBody(introspectionQuery, nil), status: 200},
		// 12. persisted queries
		{name: "APQ unknown hash", method: "GET", rawQuery: url.Values{"extensions": {`{"persistedQuery":{"version":1,"sha256Hash":"` + repeat("a", 64) + `"}}`}}.Encode(), status: 200, code: "PERSISTED_QUERY_NOT_FOUND"},
		{name: "APQ wrong hash", method: "POST", contentType: "application/json", body: rawBody(`{"query":"{corpus{version}}","extensions":{"persistedQuery":{"version":1,"sha256Hash":"` + repeat("b", 64) + `"}}}`), status: 422, code: "PERSISTED_QUERY_INVALID"},
		// 13. expensive search syntax
		{name: "search *", method: "POST", contentType: "application/json", body: jsonBody(`{ search(query: "*", mode: ADVANCED) { totalCount } }`, nil), status: 200, code: "SEARCH_TOO_EXPENSIVE"},
		{name: "search *a*", method: "POST", contentType: "application/json", body: jsonBody(`{ search(query: "*a*", mode: ADVANCED) { totalCount } }`, nil), status: 200, code: "SEARCH_TOO_EXPENSIVE"},
		{name: "search body:*", method: "POST", contentType: "application/json", body: jsonBody(`{ search(query: "body:*", mode: ADVANCED) { totalCount } }`, nil), status: 200, code: "SEARCH_TOO_EXPENSIVE"},
		{name: "search regexp .*", method: "POST", contentType: "application/json", body: jsonBody(`{ search(query: "/.*/", mode: ADVANCED) { totalCount } }`, nil), status: 200, code: "SEARCH_TOO_EXPENSIVE"},
		{name: "search regexp (a|aa)*b", method: "POST", contentType: "application/json", body: jsonBody(`{ search(query: "/(a|aa)*b/", mode: ADVANCED) { totalCount } }`, nil), status: 200, code: "SEARCH_TOO_EXPENSIVE"},
		{name: "search a*", method: "POST", contentType: "application/json", body: jsonBody(`{ search(query: "a*", mode: ADVANCED) { totalCount } }`, nil), status: 200, code: "SEARCH_TOO_EXPENSIVE"},
		{name: "search ab~2", method: "POST", contentType: "application/json", body: jsonBody(`{ search(query: "ab~2", mode: ADVANCED) { totalCount } }`, nil), status: 200, code: "SEARCH_TOO_EXPENSIVE"},
		{name: "search abc~9", method: "POST", contentType: "application/json", body: jsonBody(`{ search(query: "abc~9", mode: ADVANCED) { totalCount } }`, nil), status: 200, code: "SEARCH_TOO_EXPENSIVE"},
		{name: "simple mode * is harmless", method: "POST", contentType: "application/json", body: jsonBody(`{ search(query: "*a*") { totalCount } }`, nil), status: 200},
		// 14. hostile search text
		{name: "60KB term", method: "POST", contentType: "application/json", body: jsonBody(`query ($q: String!) { search(query: $q, mode: ADVANCED) { totalCount } }`, map[string]any{"q": repeat("a", 60000)}), status: 200, code: "BAD_USER_INPUT"},
		{name: "200000 (", method: "POST", contentType: "application/json", body: jsonBody(`query ($q: String!) { search(query: $q, mode: ADVANCED) { totalCount } }`, map[string]any{"q": repeat("(", 100000)}), status: 200, code: "BAD_USER_INPUT"},
		{name: "5000 words", method: "POST", contentType: "application/json", body: jsonBody(`query ($q: String!) { search(query: $q) { totalCount } }`, map[string]any{"q": repeat("w ", 500)}), status: 200, code: "BAD_USER_INPUT"},
		{name: "punctuation simple", method: "POST", contentType: "application/json", body: jsonBody(`query ($q: String!) { search(query: $q) { totalCount } }`, map[string]any{"q": `+-!(){}[]^"~*?:\/`}), status: 200},
		{name: "punctuation advanced", method: "POST", contentType: "application/json", body: jsonBody(`query ($q: String!) { search(query: $q, mode: ADVANCED) { totalCount } }`, map[string]any{"q": `+-!(){}[]^"~*?:\/`}), status: 200, code: "BAD_QUERY"},
		{name: "unclosed quote", method: "POST", contentType: "application/json", body: jsonBody(`{ search(query: "\"unclosed", mode: ADVANCED) { totalCount } }`, nil), status: 200, code: "BAD_QUERY"},
		{name: "field:/[/", method: "POST", contentType: "application/json", body: jsonBody(`{ search(query: "body:/[/", mode: ADVANCED) { totalCount } }`, nil), status: 200, code: "SEARCH_TOO_EXPENSIVE"},
		{name: "_id:x", method: "POST", contentType: "application/json", body: jsonBody(`{ search(query: "_id:x", mode: ADVANCED) { totalCount } }`, nil), status: 200, code: "BAD_QUERY"},
		// 15. odd characters
		{name: "NUL bytes", method: "POST", contentType: "application/json", body: jsonBody(`query ($q: String!) { search(query: $q) { totalCount } }`, map[string]any{"q": "nato\x00\x00treaty"}), status: 200},
		{name: "U+202E", method: "POST", contentType: "application/json", body: jsonBody(`query ($q: String!) { search(query: $q) { totalCount } }`, map[string]any{"q": "\u202eotan"}), status: 200},
		{name: "combining marks", method: "POST", contentType: "application/json", body: jsonBody(`query ($q: String!) { search(query: $q) { totalCount } }`, map[string]any{"q": "a" + repeat("\u0301", 300)}), status: 200},
		{name: "10000 combining marks", method: "POST", contentType: "application/json", body: jsonBody(`query ($q: String!) { search(query: $q) { totalCount } }`, map[string]any{"q": "a" + repeat("\u0301", 10000)}), status: 200, code: "BAD_USER_INPUT"},
		// 16. cursors
		{name: "foreign cursor", method: "POST", contentType: "application/json", body: jsonBody(`{ search(query: "nato", after: "eyJxIjoxLCJhIjpbIjEiLCJ4Il19") { totalCount } }`, nil), status: 200, code: "BAD_USER_INPUT"},
		// issue 15, item 14: strict decoding, never an echo of the body
		{name: "extensions a string", method: "POST", contentType: "application/json", body: rawBody(`{"query":"{ corpus { version } }","extensions":"ECHOMARK` + repeat("x", 500) + `"}`), status: 400, code: "BAD_REQUEST"},
		{name: "duplicate query key", method: "POST", contentType: "application/json", body: rawBody(`{"query":"{ corpus { version } }","query":"{ __typename } # ECHOMARK"}`), status: 400, code: "BAD_REQUEST"},
		{name: "QUERY in capitals", method: "POST", contentType: "application/json", body: rawBody(`{"query":"{ corpus { version } }","QUERY":"{ __typename } # ECHOMARK"}`), status: 400, code: "BAD_REQUEST"},
		{name: "duplicate variable key", method: "POST", contentType: "application/json", body: rawBody(`{"query":"query ($q: String!) { search(query: $q) { totalCount } }","variables":{"q":"nato","q":"ECHOMARK"}}`), status: 400, code: "BAD_REQUEST"},
		{name: "GET query twice", method: "GET", rawQuery: "query=%7B__typename%7D&query=ECHOMARK", status: 400, code: "BAD_REQUEST"},
		{name: "GET variables duplicate", method: "GET", rawQuery: url.Values{"query": {"{__typename}"}, "variables": {`{"a":1,"a":"ECHOMARK"}`}}.Encode(), status: 400, code: "BAD_REQUEST"},
		// issue 15: charset and Accept weights
		{name: "charset latin1", method: "POST", contentType: "application/json; charset=iso-8859-1", body: jsonBody("{corpus{version}}", nil), status: 415, code: "UNSUPPORTED_MEDIA_TYPE"},
		{name: "charset UTF-8", method: "POST", contentType: "application/json; charset=UTF-8", body: jsonBody("{corpus{version}}", nil), status: 200},
		{name: "accept graphql-response q=0", method: "POST", contentType: "application/json", accept: "application/graphql-response+json;q=0, application/json", body: jsonBody("{ corpus {", nil), status: 200, code: "GRAPHQL_PARSE_FAILED"},
		{name: "accept refuses both", method: "POST", contentType: "application/json", accept: "application/json;q=0, application/graphql-response+json;q=0", body: jsonBody("{corpus{version}}", nil), status: 406, code: "NOT_ACCEPTABLE"},
		// issue 15: Int variables follow one rule
		{name: "first \"5\" variable", method: "POST", contentType: "application/json", body: jsonBody(`query ($n: Int) { search(query: "nato", first: $n) { totalCount } }`, map[string]any{"n": "5"}), status: 200, code: "BAD_USER_INPUT"},
		{name: "first 5.0 variable", method: "POST", contentType: "application/json", body: rawBody(`{"query":"query ($n: Int) { search(query: \"nato\", first: $n) { totalCount } }","variables":{"n":5.0}}`), status: 200},
		{name: "first 5.5 variable", method: "POST", contentType: "application/json", body: rawBody(`{"query":"query ($n: Int) { search(query: \"nato\", first: $n) { totalCount } }","variables":{"n":5.5}}`), status: 200, code: "BAD_USER_INPUT"},
		{name: "decade \"1990\" in a filter", method: "POST", contentType: "application/json", body: jsonBody(`query ($f: SearchFilter) { search(query: "nato", filter: $f) { totalCount } }`, map[string]any{"f": map[string]any{"decades": []any{"1990"}}}), status: 200, code: "BAD_USER_INPUT"},
		// issue 15, item 4: list arguments and variables are bounded
		{name: "facets x14000 variable", method: "POST", contentType: "application/json", body: jsonBody(`query ($f: [FacetField!]) { search(query: "nato", facets: $f) { facets { field } } }`, map[string]any{"f": strings.Split(repeat("PARTY,", 13999)+"PARTY", ",")}), status: 422, code: "OPERATION_LIMIT_EXCEEDED"},
		{name: "facets x4000 literal", method: "POST", contentType: "application/json", body: jsonBody(`{ search(query: "nato", facets: [`+repeat("PARTY ", 4000)+`]) { facets { field } } }`, nil), status: 422, code: "OPERATION_LIMIT_EXCEEDED"},
		{name: "filter list x101", method: "POST", contentType: "application/json", body: jsonBody(`query ($p: [String!]) { search(query: "nato", filter: {parties: $p}) { totalCount } }`, map[string]any{"p": strings.Split(repeat("USA,", 100)+"USA", ",")}), status: 422, code: "OPERATION_LIMIT_EXCEEDED"},
		{name: "6000 variable values", method: "POST", contentType: "application/json", body: func() io.Reader {
			vars := map[string]any{}
			for i := 0; i < 6000; i++ {
				vars[fmt.Sprint("v", i)] = i
			}
			return jsonBody(`{ corpus { version } }`, vars)()
		}, status: 422, code: "OPERATION_LIMIT_EXCEEDED"},
		{name: "deep variable", method: "POST", contentType: "application/json", body: rawBody(`{"query":"{ corpus { version } }","variables":{"v":` + repeat("[", 9000) + repeat("]", 9000) + `}}`), status: 422, code: "OPERATION_LIMIT_EXCEEDED"},
		{name: "offset 1000000", method: "POST", contentType: "application/json", body: jsonBody(`{ agreements(after: "bzp1bHRubW06MTAwMDAwMA") { totalCount } }`, nil), status: 200, code: "BAD_USER_INPUT"},
	}
}

// TestHostileCatalogue sends every case of the catalogue in limits.md to
// the real handler: each gets its status and code, fast, with bounded
// memory, and the server stays healthy.
func TestHostileCatalogue(t *testing.T) {
	srv := newServer(t)
	client := &http.Client{Timeout: 30 * time.Second}
	for _, tc := range catalogue() {
		t.Run(tc.name, func(t *testing.T) {
			req := hostileRequest(t, srv.URL, tc)
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			start := time.Now()
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			raw, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
			resp.Body.Close()
			elapsed := time.Since(start)
			runtime.ReadMemStats(&after)

			if resp.StatusCode != tc.status {
				t.Errorf("status %d; want %d (%.300s)", resp.StatusCode, tc.status, raw)
			}
			var out struct {
				Errors []struct {
					Message    string
					Extensions map[string]any
				}
			}
			json.Unmarshal(raw, &out)
			code := ""
			if len(out.Errors) > 0 {
				code, _ = out.Errors[0].Extensions["code"].(string)
			}
			if code != tc.code {
				t.Errorf("code %q; want %q (%.300s)", code, tc.code, raw)
			}
			for _, e := range out.Errors {
				if strings.Contains(e.Message, "ECHOMARK") {
					t.Errorf("an error message echoes the request: %.200q", e.Message)
				}
				if len(e.Message) > 600 {
					t.Errorf("an error message is %d bytes; messages are trimmed", len(e.Message))
				}
			}
			if resp.StatusCode == http.StatusMethodNotAllowed && resp.Header.Get("Allow") != "GET, POST" {
				t.Errorf("405 without Allow: GET, POST (got %q)", resp.Header.Get("Allow"))
			}
			// Generous bounds: they catch a blow-up (seconds, gigabytes),
			// not a slow machine.
			if elapsed > 2*time.Second {
				t.Errorf("took %v; a hostile request must be answered at once", elapsed)
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 256<<20 {
				t.Errorf("allocated %d MiB", alloc>>20)
			}
		})
	}
	resp, err := http.Get(srv.URL + "/healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("/healthz after the catalogue: %v %v", resp, err)
	}
	resp.Body.Close()
}

// hostileRequest is the request of one case of the catalogue, to /graphql
// at base.
func hostileRequest(t *testing.T, base string, tc hostile) *http.Request {
	t.Helper()
	target := base + "/graphql"
	if tc.rawQuery != "" {
		target += "?" + tc.rawQuery
	}
	var body io.Reader
	if tc.body != nil {
		body = tc.body()
		if tc.noLength {
			body = io.MultiReader(body) // no length known: sent chunked
		}
	}
	req, err := http.NewRequest(tc.method, target, body)
	if err != nil {
		t.Fatal(err)
	}
	if tc.contentType != "" {
		req.Header.Set("Content-Type", tc.contentType)
	}
	if tc.accept != "" {
		req.Header.Set("Accept", tc.accept)
	}
	return req
}

// introspectionQuery is the query GraphiQL and Apollo tools send.
const introspectionQuery = `query IntrospectionQuery {
  __schema {
    queryType { name } mutationType { name } subscriptionType { name }
    types { ...FullType }
    directives { name description locations args { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description
  fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
  inputFields { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
fragment TypeRef on __Type {
  kind name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }
}`

// TestPanicsAreRecovered: a panic in a resolver, and in the goroutines
// gqlgen runs nested resolvers in, answers INTERNAL_SERVER_ERROR without
// internals, and the server goes on.
func TestPanicsAreRecovered(t *testing.T) {
	broken := &graph.State{Catalog: served.Catalog} // no index: searches dereference nil
	noCatalog := &graph.State{Index: served.Index}  // no catalog: nested joins dereference nil
	for _, tc := range []struct {
		name  string
		state *graph.State
		query string
	}{
		{"root resolver", broken, `{ search(query: "nato") { totalCount } }`},
		{"nested resolvers", noCatalog, `{ search(query: "treaty", first: 5) { edges { node { ... on Passage { agreements { id } countries { code } } } } } }`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(api.NewHandler(api.Options{Snapshots: api.NewSnapshots(tc.state)}))
			defer srv.Close()
			status, resp := testserver.Post(t, srv, tc.query, nil)
			raw, _ := json.Marshal(resp)
			if status != http.StatusOK || !strings.Contains(string(raw), `"code":"INTERNAL_SERVER_ERROR"`) {
				t.Fatalf("panic answered %d %s; want INTERNAL_SERVER_ERROR", status, raw)
			}
			for _, leak := range []string{"nil pointer", "runtime error", "goroutine", ".go:"} {
				if strings.Contains(string(raw), leak) {
					t.Errorf("response leaks internals (%q): %s", leak, raw)
				}
			}
			if status, _ := testserver.Post(t, srv, `{ __typename }`, nil); status != http.StatusOK {
				t.Errorf("after the panic the server answers %d", status)
			}
		})
	}
}
