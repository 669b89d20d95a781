package loader

import (
	"slices"
	"strings"
	"testing"
)

// A bilingual treaty file as a treaty database exports it: a <meta> line,
// headings with no space after the hashes, two spaces inside article
// headings, subtitles under articles and sections at the article's level.
const treatyFile = `<meta http-equiv='Content-Type' content='text/html; charset=utf-8' />

##Noord-Atlantisch Verdrag

####NORTH ATLANTIC TREATY

The Parties to this Treaty reaffirm their faith in the Charter.

### Article  5  

####Collective defence

The Parties agree that an armed attack against one or more of them shall be considered an attack against them all.

###A. GENERAL PROVISIONS

Any such armed attack shall immediately be reported to the Security Council.

### Article  51

The right of self-defence.

#hashtag stays a paragraph, as does

#5 on the list and #MeToo.

### Artikel  5  

De Partijen komen overeen.
`

type got struct{ heading, path, article, text string }

func readPassages(t *testing.T, name, text string) (string, []got) {
	t.Helper()
	doc, passages := readDocument("d", name, []byte(text))
	var out []got
	for _, p := range passages {
		out = append(out, got{p.Heading, strings.Join(p.HeadingPath, " > "), p.Article, p.Text})
	}
	return doc.Title, out
}

func TestMarkdownTreatyStructure(t *testing.T) {
	title, ps := readPassages(t, "treaty.md", treatyFile)
	if title != "Noord-Atlantisch Verdrag" {
		t.Errorf("title = %q; want the first heading, written with no space", title)
	}
	want := []got{
		{"NORTH ATLANTIC TREATY", "Noord-Atlantisch Verdrag > NORTH ATLANTIC TREATY", "", "The Parties to this Treaty reaffirm their faith in the Charter."},
		{"Collective defence", "Noord-Atlantisch Verdrag > Article 5 > Collective defence", "5", "The Parties agree that an armed attack against one or more of them shall be considered an attack against them all."},
		{"A. GENERAL PROVISIONS", "Noord-Atlantisch Verdrag > Article 5 > A. GENERAL PROVISIONS", "5", "Any such armed attack shall immediately be reported to the Security Council."},
		{"Article 51", "Noord-Atlantisch Verdrag > Article 51", "51", "The right of self-defence."},
		{"Article 51", "Noord-Atlantisch Verdrag > Article 51", "51", "#hashtag stays a paragraph, as does"},
		{"Article 51", "Noord-Atlantisch Verdrag > Article 51", "51", "#5 on the list and #MeToo."},
		{"Artikel 5", "Noord-Atlantisch Verdrag > Artikel 5", "5", "De Partijen komen overeen."},
	}
	if len(ps) != len(want) {
		t.Fatalf("passages = %+v; want %d", ps, len(want))
	}
	for i := range want {
		if ps[i] != want[i] {
			t.Errorf("passage %d = %+v;\n want %+v", i+1, ps[i], want[i])
		}
	}
}

// A draft treaty whose articles are plain lines: a marker alone, or a
// marker in capitals that the article's words follow.
const plainTreaty = `Draft of Treaty

PART I

ARTICLE I The Parties undertake to settle disputes by peaceful means.

ARTICLE IV. Each Party recognises that an armed attack in the Pacific area would be dangerous.

Article IV of the draft was settled at Canberra; this is a note, not an article.

CHAPTER VII

Article 5

The Parties will consult together.

IN WITNESS WHEREOF the undersigned have signed this Treaty.

 _1 The draft was presented on 17 February._
`

func TestPlainLineArticles(t *testing.T) {
	for _, name := range []string{"draft.txt", "draft.md"} {
		title, ps := readPassages(t, name, plainTreaty)
		if title != "Draft of Treaty" && name == "draft.txt" {
			t.Errorf("%s: title = %q", name, title)
		}
		want := []got{
			{"ARTICLE I", "PART I > ARTICLE I", "I", "The Parties undertake to settle disputes by peaceful means."},
			{"ARTICLE IV", "PART I > ARTICLE IV", "IV", "Each Party recognises that an armed attack in the Pacific area would be dangerous."},
			{"ARTICLE IV", "PART I > ARTICLE IV", "IV", "Article IV of the draft was settled at Canberra; this is a note, not an article."},
			{"Article 5", "PART I > CHAPTER VII > Article 5", "5", "The Parties will consult together."},
			{"", "", "", "IN WITNESS WHEREOF the undersigned have signed this Treaty."},
		}
		// The Markdown file has no heading: its first paragraph is text.
		if name == "draft.md" {
			ps = ps[1:]
		}
		if len(ps) != len(want)+1 {
			t.Fatalf("%s: passages = %+v; want %d", name, ps, len(want)+1)
		}
		// After the testimonium and in the editor's notes, no article.
		for _, p := range ps[len(want)-1:] {
			if p.article != "" || p.path != title {
				t.Errorf("%s: passage %+v; want no article after the testimonium", name, p)
			}
		}
		for i := range want[:len(want)-1] {
			w := want[i]
			w.path = title + " > " + w.path
			if ps[i] != w {
				t.Errorf("%s: passage %d = %+v;\n want %+v", name, i+1, ps[i], w)
			}
		}
	}
}

func TestArticleOf(t *testing.T) {
	for _, tc := range []struct {
		path []string
		want string
	}{
		{[]string{"Article 5"}, "5"},
		{[]string{"ARTICLE IV."}, "IV"},
		{[]string{"Article 5 - Collective defence", "A. General"}, "5"},
		{[]string{"Artikel 12bis"}, "12BIS"},
		{[]string{"Article 5", "Article 6"}, "6"},
		{[]string{"Articles of faith"}, ""},
		{[]string{"Article IIII"}, ""}, // not a Roman numeral
		{[]string{"Chapter VII"}, ""},
		{nil, ""},
	} {
		if got := articleOf(tc.path); got != tc.want {
			t.Errorf("articleOf(%q) = %q; want %q", tc.path, got, tc.want)
		}
	}
}

// TestJoinEnumerations checks that a lead-in ending with a colon takes
// the enumerated items after it under the same headings, and nothing
// else.
func TestJoinEnumerations(t *testing.T) {
	h := []string{"Article 5"}
	other := []string{"Article 6"}
	long := strings.Repeat("word ", maxPassage/5)
	tests := []struct {
		name string
		in   []block
		want []string
	}{
		{"lead-in and items", []block{{headings: h, text: "Reports shall contain:"}, {headings: h, text: "a) a description;"}, {headings: h, text: "b) the findings."}},
			[]string{"Reports shall contain:\na) a description;\nb) the findings."}},
		{"parenthesised and roman markers", []block{{headings: h, text: "Each State shall:"}, {headings: h, text: "(a) report;"}, {headings: h, text: "(iv) consult;"}, {headings: h, text: "3) notify."}},
			[]string{"Each State shall:\n(a) report;\n(iv) consult;\n3) notify."}},
		{"items without a lead-in stay apart", []block{{headings: h, text: "Reports are made."}, {headings: h, text: "a) a description;"}, {headings: h, text: "b) the findings."}},
			[]string{"Reports are made.", "a) a description;", "b) the findings."}},
		{"a paragraph that is no item ends the list", []block{{headings: h, text: "It shall:"}, {headings: h, text: "a) report;"}, {headings: h, text: "The Council meets."}, {headings: h, text: "b) late item"}},
			[]string{"It shall:\na) report;", "The Council meets.", "b) late item"}},
		{"another heading starts over", []block{{headings: h, text: "It shall:"}, {headings: other, text: "a) report;"}},
			[]string{"It shall:", "a) report;"}},
		{"words that only look like markers", []block{{headings: h, text: "As follows:"}, {headings: h, text: "a)report"}, {headings: h, text: "ab) no"}},
			[]string{"As follows:", "a)report", "ab) no"}},
		{"the passage size caps it", []block{{headings: h, text: "It shall:"}, {headings: h, text: "a) " + long}, {headings: h, text: "b) short"}},
			[]string{"It shall:", "a) " + long, "b) short"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, b := range joinEnumerations(tt.in) {
				got = append(got, b.text)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("joinEnumerations = %q; want %q", got, tt.want)
			}
		})
	}
}

// TestEnumerationsInADocument: a Markdown file's lead-in and items are
// one passage, the paragraph after them one of its own.
func TestEnumerationsInADocument(t *testing.T) {
	_, passages := readDocument("f", "f.md", []byte("# T\n\n## Reports\n\nReports shall contain:\n\na) one;\n\n(b) two;\n\niv) three.\n\nAfter.\n"))
	var got []string
	for _, p := range passages {
		got = append(got, p.Text)
	}
	want := []string{"Reports shall contain:\na) one;\n(b) two;\niv) three.", "After."}
	if !slices.Equal(got, want) {
		t.Errorf("passages %q; want %q", got, want)
	}
}
