package web

// The offline explorer's GraphiQL and React bundles come from the npm
// packages pinned in explorer/package-lock.json; this copies them into
// static/vendor (gitignored), where they are embedded. Run it with
// `go generate ./web` or `make explorer`.
//go:generate go run ./explorer
