package api

import (
	"math"
	"net/http"
	"strconv"
	"strings"
)

// Content negotiation: Accept read by its q-values, and gzip.

// gzipMinBytes is the size from which an answer is compressed for clients
// that accept gzip: smaller ones gain nothing.
const gzipMinBytes = 1400

func acceptsGzip(req *http.Request) bool {
	for _, part := range strings.Split(req.Header.Get("Accept-Encoding"), ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(coding), "gzip") && qValue(params) > 0 {
			return true
		}
	}
	return false
}

// qValue reads the weight among a header element's parameters ("q=0.5;
// x=y"): 1 when there is none, 0 when it cannot be read.
func qValue(params string) float64 {
	for _, p := range strings.Split(params, ";") {
		k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
		if strings.EqualFold(strings.TrimSpace(k), "q") {
			q, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil || q < 0 || q > 1 || math.IsNaN(q) {
				return 0
			}
			return q
		}
	}
	return 1
}

// negotiate picks the answer's media type from an Accept header by its
// q-values. An exact type counts over a range (RFC 9110 12.5.1); on equal
// weights the type listed first wins, and a range alone means JSON, as
// gqlgen reads it. It returns "" with refused set when the header gives
// both types weight 0, and "" alone when it names neither (gqlgen decides).
func negotiate(accept string) (chosen string, refused bool) {
	type weight struct {
		q            float64
		exact, named bool
		at           int
	}
	var ws [2]weight // graphql-response+json, json
	for i, part := range strings.Split(accept, ",") {
		mt, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		mt = strings.ToLower(strings.TrimSpace(mt))
		q := qValue(params)
		for j, ours := range []string{mediaGraphQLResponse, mediaJSON} {
			switch {
			case mt == ours:
				ws[j] = weight{q: q, exact: true, named: true, at: i}
			case (mt == "*/*" || mt == "application/*") && !ws[j].exact:
				if !ws[j].named || q > ws[j].q {
					ws[j] = weight{q: q, named: true, at: i}
				}
			}
		}
	}
	gr, js := ws[0], ws[1]
	switch {
	case !gr.named && !js.named:
		return "", false
	case gr.q == 0 && js.q == 0:
		return "", true
	case gr.q != js.q:
		if gr.q > js.q {
			return mediaGraphQLResponse, false
		}
		return mediaJSON, false
	case gr.exact && (!js.exact || gr.at < js.at):
		return mediaGraphQLResponse, false
	}
	return mediaJSON, false
}

const (
	mediaGraphQLResponse = "application/graphql-response+json"
	mediaJSON            = "application/json"
)
