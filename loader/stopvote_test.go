package loader

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"unicode"

	"pactgraph/corpus"
)

func TestStopVote(t *testing.T) {
	tests := []struct{ text, want string }{
		{"The Parties agree that an armed attack against one or more of them in Europe or North America shall be considered an attack against them all.", "en"},
		{"De Partijen komen overeen dat een gewapende aanval tegen een of meer van hen in Europa of Noord-Amerika als een aanval tegen hen allen zal worden beschouwd; zij zullen het doen.", "nl"},
		{"Die Parteien vereinbaren, dass ein bewaffneter Angriff gegen eine oder mehrere von ihnen in Europa oder Nordamerika als ein Angriff gegen sie alle angesehen werden wird; und sie werden nicht zögern.", "de"},
		// Too few function words to tell: the trigram detector decides.
		{"Cablegram, London, 13 March 1951", ""},
		{"Argentina | Buenos Aires | 34.0 S | 58.0 W | Australia | Cape Leeuwin | 34.4 S | 115.1 E", ""},
		// Votes split between two languages.
		{"The treaty and the protocol. De Partijen en het verdrag. The parties and the annex, de bijlage en het protocol van de raad.", ""},
		// One letter is never a vote ("a" is Spanish and Italian, "y" Spanish).
		{"a a a a a a a a y y y y y y y y e e e e e e e e", ""},
	}
	for _, tt := range tests {
		if got := stopVote(tt.text); got != tt.want {
			t.Errorf("stopVote(%.50q…) = %q; want %q", tt.text, got, tt.want)
		}
	}
}

// TestStopVoteAgrees: wherever the function-word vote names a language
// and the trigram detector is sure of one, they name the same, over the
// essay and (when present) the treaty texts' 4,800 passages in English and
// Dutch; and the vote tells most passages of running text, or it would
// save nothing.
func TestStopVoteAgrees(t *testing.T) {
	corpora := []fs.FS{corpus.Default}
	// As the relevance tests find them: PACTGRAPH_TREATY_TEXTS names
	// another directory, or "require" for the usual one.
	dir := filepath.Join("..", "..", "shared", "data", "treaty-texts")
	env := os.Getenv("PACTGRAPH_TREATY_TEXTS")
	if env != "" && env != "require" {
		dir = env
	}
	if _, err := os.Stat(filepath.Join(dir, "nl-treaties")); err == nil {
		corpora = append(corpora, os.DirFS(dir))
	} else if env != "" {
		t.Fatalf("the treaty texts are not at %s, and PACTGRAPH_TREATY_TEXTS=%s requires them", dir, env)
	} else {
		t.Logf("SKIPPED in part: the treaty texts are not at %s; only the essay is compared", dir)
	}
	long, longVoted, voted, both := 0, 0, 0, 0
	for _, fsys := range corpora {
		err := fs.WalkDir(fsys, ".", func(p string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() || formatOf(p) == "" {
				return err
			}
			data, err := fs.ReadFile(fsys, p)
			if err != nil {
				return err
			}
			_, passages := readDocument("x", p, data)
			for _, pa := range passages {
				vote := stopVote(pa.Text)
				if letterCount(pa.Text) >= 200 {
					long++
					if vote != "" {
						longVoted++
					}
				}
				if vote == "" {
					continue
				}
				voted++
				if tri := trigramLanguage(pa.Text); tri != "" {
					both++
					if tri != vote {
						t.Errorf("%s: the vote says %s, whatlanggo %s: %.120q", p, vote, tri, pa.Text)
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("%d passages voted, %d of them also told by whatlanggo; %d of the %d passages of 200 letters or more voted", voted, both, longVoted, long)
	if longVoted < long*9/10 {
		t.Errorf("the vote told %d of the %d passages of 200 letters or more; want nine tenths", longVoted, long)
	}
}

func letterCount(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}
