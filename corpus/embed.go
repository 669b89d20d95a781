package corpus

import (
	"embed"
	"io/fs"
)

//go:embed default
var defaultFS embed.FS

// Default is the embedded default corpus: the essay on bilateral and
// multilateral security agreements and the curated, sourced entities.
var Default fs.FS = mustSub(defaultFS, "default")

func mustSub(f fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(f, dir)
	if err != nil {
		panic(err) // the directory is compiled in
	}
	return sub
}
