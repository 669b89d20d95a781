# Everyday commands. CI runs .ci/run, which takes the same steps.
.PHONY: explorer run test xapian

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

# xapian: Xapian's defaults (Debian's python3-xapian) on the judged sets, over
# the same records pactgraph indexes; TREATY_TEXTS is the treaty-text corpus.
TREATY_TEXTS ?= ../shared/data/treaty-texts
# Debian's python, where python3-xapian installs.
XAPIAN_PYTHON ?= /usr/bin/python3
xapian:
	go run ./bench/dumpdocs > /tmp/pactgraph-essay.ndjson
	go run ./bench/dumpdocs -corpus $(TREATY_TEXTS) > /tmp/pactgraph-treaties.ndjson
	$(XAPIAN_PYTHON) bench/xapian/compare.py --essay /tmp/pactgraph-essay.ndjson --treaties /tmp/pactgraph-treaties.ndjson
