# Everyday commands. CI runs .ci/run, which takes the same steps.
.PHONY: explorer run test

# explorer: the offline explorer's GraphiQL and React, installed from
# web/explorer/package-lock.json (npm ci) and copied into web/static/vendor
# (gitignored); a no-op when they are already current.
explorer:
	go generate ./web

# run: the explorer, then the server on :8080 (make run ARGS="-addr :9090").
run: explorer
	go run . $(ARGS)

# test: the whole suite; the browser tests skip without /usr/bin/chromium.
test:
	go test ./...
