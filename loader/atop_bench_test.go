package loader

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"pactgraph/corpus"
)

// BenchmarkATOP measures importing the whole ATOP v4.01 dataset with the
// embedded corpus (read, crosswalk, merge, link, validate) and building its
// index, then the time-aware queries across all of it.
func BenchmarkATOP(b *testing.B) {
	if _, err := os.Stat(filepath.Join(atopDir, "atop-member-level.csv")); err != nil {
		b.Skipf("the ATOP files are not at %s", atopDir)
	}
	corpora := []Corpus{Builtin(), Dir(atopDir)}
	b.Run("load", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := Load(context.Background(), corpora); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("load-and-index", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			_, ix, _, err := Build(context.Background(), corpora, b.TempDir())
			if err != nil {
				b.Fatal(err)
			}
			ix.Close()
		}
	})
	l, err := Load(context.Background(), corpora)
	if err != nil {
		b.Fatal(err)
	}
	on := corpus.Date{Year: 1970, Month: 1, Day: 1}
	b.Run("activeOn-defense", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			l.Catalog.FindAgreements(corpus.AgreementQuery{ActiveOn: &on, Obligations: []corpus.Obligation{corpus.Defense}})
		}
	})
	b.Run("dyad-USA-JPN", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			l.Catalog.FindAgreements(corpus.AgreementQuery{Parties: []string{"USA", "JPN"}})
		}
	})
}
