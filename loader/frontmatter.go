package loader

import (
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"

	"pactgraph/corpus"
)

// Front matter is a block of metadata at the very top of a Markdown or text
// file: YAML between two lines of `---`, or TOML between two lines of
// `+++`. It is the document's metadata and never its text.

// frontMatter is what a document's front matter says.
type frontMatter struct {
	title, date, language, agreement, source string
	authors                                  []string
	meta                                     []corpus.Meta
}

// maxFrontMatterLines bounds how far the closing line is looked for.
const maxFrontMatterLines = 500

// splitFrontMatter finds front matter at the start of text. It returns the
// body with the front matter's lines blanked (so that line numbers still
// count from the top of the file), the front matter when it parsed, and a
// notice when it did not. Text with no closed front matter is returned as
// it is, with a notice when its second line sets a key (front matter
// that was never closed, rather than a thematic break).
func splitFrontMatter(text, where string) (string, *frontMatter, string) {
	var fence string
	switch {
	case strings.HasPrefix(text, "---\n"), strings.HasPrefix(text, "---\r\n"):
		fence = "---"
	case strings.HasPrefix(text, "+++\n"), strings.HasPrefix(text, "+++\r\n"):
		fence = "+++"
	default:
		return text, nil, ""
	}
	lines := strings.SplitAfter(text, "\n")
	end := -1
	for i := 1; i < len(lines) && i <= maxFrontMatterLines; i++ {
		l := strings.TrimRight(lines[i], " \t\r\n")
		if l == fence || (fence == "---" && l == "...") {
			end = i
			break
		}
	}
	if end < 0 {
		if len(lines) > 1 && looksLikeKey(lines[1], fence) {
			// Front matter that is never closed: its lines stay text.
			return text, nil, fmt.Sprintf("%s:1: front matter not read (no closing %s line within %d lines); the document is loaded with those lines as text", where, fence, maxFrontMatterLines)
		}
		return text, nil, "" // a thematic break, not front matter
	}
	raw := strings.Join(lines[1:end], "")
	fenced := strings.Join(lines[:end+1], "")
	body := strings.Repeat("\n", strings.Count(fenced, "\n")) + strings.Join(lines[end+1:], "")
	var fm *frontMatter
	var line int
	var err error
	if fence == "---" {
		fm, line, err = parseYAMLFrontMatter(raw)
	} else {
		fm, line, err = parseTOMLFrontMatter(raw)
	}
	if err != nil {
		// Lines of the file: the opening fence is line 1.
		return body, nil, fmt.Sprintf("%s:%d: front matter not read (%s); the document is loaded with its text only", where, line+1, oneLine(err.Error()))
	}
	return body, fm, ""
}

// oneLine keeps a parser's message on one line: the control characters it
// quotes from the file (a backslash and a newline) are written as escapes.
func oneLine(s string) string {
	if !strings.ContainsFunc(s, unicode.IsControl) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if unicode.IsControl(r) {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// aliasFinder finds the first alias (*name) of a YAML document: aliases
// are not read in front matter, since a few lines of them can stand for
// millions of values.
type aliasFinder struct{ line int }

func (a *aliasFinder) Visit(n ast.Node) ast.Visitor {
	if a.line != 0 {
		return nil
	}
	if _, ok := n.(*ast.AliasNode); ok {
		a.line = n.GetToken().Position.Line
		return nil
	}
	return a
}

func parseYAMLFrontMatter(raw string) (*frontMatter, int, error) {
	var pairs yaml.MapSlice
	file, err := parser.ParseBytes([]byte(raw), 0)
	if err == nil {
		for _, doc := range file.Docs {
			var a aliasFinder
			if ast.Walk(&a, doc); a.line != 0 {
				return nil, a.line, errors.New("an alias (*name): aliases are not read in front matter; write the value out")
			}
		}
		err = yaml.Unmarshal([]byte(raw), &pairs)
	}
	if err != nil {
		line := 1
		var ye yaml.Error
		if errors.As(err, &ye) {
			if tk := ye.GetToken(); tk != nil && tk.Position != nil && tk.Position.Line > 0 {
				line = tk.Position.Line
			}
		}
		var te *yaml.TypeError
		var ue *yaml.UnexpectedNodeTypeError
		switch {
		case errors.As(err, &te) || errors.As(err, &ue):
			err = errors.New("YAML front matter must be a mapping of keys to values")
		case ye != nil:
			// The message alone: the error's text quotes the source over
			// several lines.
			msg := ye.GetMessage()
			if key, _, twice := strings.Cut(msg, " already defined at "); twice {
				// It places the first key within the front matter, not
				// the file.
				msg = key + " is set twice"
			}
			err = errors.New(msg)
		}
		return nil, line, err
	}
	fm := &frontMatter{}
	for _, kv := range pairs {
		key := fmt.Sprint(kv.Key)
		if err := fm.set(key, kv.Value); err != nil {
			return nil, keyLine(raw, key, ":", false), err
		}
	}
	return fm, 0, nil
}

func parseTOMLFrontMatter(raw string) (*frontMatter, int, error) {
	values := map[string]any{}
	md, err := toml.Decode(raw, &values)
	if err != nil {
		line := 1
		if pe, ok := err.(toml.ParseError); ok {
			line = pe.Position.Line
			err = fmt.Errorf("%s", pe.Message)
		}
		return nil, line, err
	}
	fm := &frontMatter{}
	for _, key := range md.Keys() {
		if len(key) != 1 {
			continue // keys of tables are kept inside their table's value
		}
		if err := fm.set(key[0], values[key[0]]); err != nil {
			return nil, keyLine(raw, key[0], "=", true), err
		}
	}
	return fm, 0, nil
}

// keyLine is the line of raw front matter (from 1) where a top-level key
// is set, written bare or quoted and followed by sep; 1 when it is not
// found. YAML's top-level keys start their line; TOML's may be indented,
// and come before the first table.
func keyLine(raw, key, sep string, toml bool) int {
	for i, l := range strings.Split(raw, "\n") {
		if toml {
			l = strings.TrimLeft(l, " \t")
			if strings.HasPrefix(l, "[") {
				break
			}
		}
		for _, k := range []string{key, `"` + key + `"`, "'" + key + "'"} {
			if rest, ok := strings.CutPrefix(l, k); ok && strings.HasPrefix(strings.TrimLeft(rest, " \t"), sep) {
				return i + 1
			}
		}
	}
	return 1
}

// looksLikeKey tells a line that sets a key of front matter ("title:" in
// YAML, "title =" in TOML) from the text after a thematic break.
func looksLikeKey(line, fence string) bool {
	sep := ":"
	if fence == "+++" {
		sep = "="
	}
	name, rest, ok := strings.Cut(strings.TrimRight(line, "\r\n"), sep)
	if !ok || name == "" || (sep == ":" && rest != "" && rest[0] != ' ' && rest[0] != '\t') {
		return false
	}
	name = strings.TrimRight(name, " \t")
	for _, r := range name {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' && r != '-' {
			return false
		}
	}
	return name != ""
}

// set records one key of front matter: a known key in its place, any
// other as meta.
func (fm *frontMatter) set(key string, value any) error {
	s, scalar := scalarString(value)
	known := map[string]*string{
		"title": &fm.title, "date": &fm.date, "doc_date": &fm.date, "language": &fm.language,
		"agreement": &fm.agreement, "source": &fm.source, "url": &fm.source,
	}
	if dst, ok := known[strings.ToLower(key)]; ok {
		if !scalar {
			return fmt.Errorf("%q must be a single value", key)
		}
		if *dst == "" {
			*dst = strings.TrimSpace(s)
		}
		return nil
	}
	if strings.EqualFold(key, "authors") || strings.EqualFold(key, "author") {
		authors, err := stringList(value)
		if err != nil {
			return fmt.Errorf("%q: %w", key, err)
		}
		fm.authors = append(fm.authors, authors...)
		return nil
	}
	if !scalar {
		b, err := json.Marshal(jsonable(value))
		if err != nil {
			return fmt.Errorf("%q: %w", key, err)
		}
		s = string(b)
	}
	fm.meta = append(fm.meta, corpus.Meta{Key: key, Value: s, Scalar: scalar})
	return nil
}

// scalarString writes a scalar value as text; false for lists and tables.
func scalarString(v any) (string, bool) {
	switch v := v.(type) {
	case nil:
		return "", true
	case string:
		return v, true
	case time.Time:
		if v.Hour() == 0 && v.Minute() == 0 && v.Second() == 0 && v.Nanosecond() == 0 {
			return v.Format("2006-01-02"), true
		}
		return v.Format(time.RFC3339), true
	case bool, int, int64, uint64, float64:
		return fmt.Sprint(v), true
	}
	return "", false
}

// stringList reads a value that is one string or a list of strings.
func stringList(v any) ([]string, error) {
	if s, ok := scalarString(v); ok {
		if s = strings.TrimSpace(s); s == "" {
			return nil, nil
		}
		return []string{s}, nil
	}
	list, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("must be a name or a list of names")
	}
	var out []string
	for _, item := range list {
		s, ok := scalarString(item)
		if !ok {
			return nil, fmt.Errorf("must be a name or a list of names")
		}
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out, nil
}

// jsonable turns YAML's maps with keys of any type into maps JSON can write.
func jsonable(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = jsonable(x)
		}
		return out
	case map[any]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[fmt.Sprint(k)] = jsonable(x)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = jsonable(x)
		}
		return out
	case []map[string]any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = jsonable(x)
		}
		return out
	case time.Time:
		s, _ := scalarString(v)
		return s
	}
	if s, ok := v.(fmt.Stringer); ok {
		return s.String()
	}
	return v
}

// applyFrontMatter gives a document what its front matter says besides its
// title, with a notice for each value it cannot use.
func applyFrontMatter(doc *corpus.Document, fm *frontMatter, where string) []string {
	var notes []string
	if fm.date != "" {
		day := fm.date
		if len(day) > 10 && (day[10] == 'T' || day[10] == ' ') {
			day = day[:10] // a date and time: the day as written, in its own zone
		}
		if d, err := corpus.ParseDate(day); err == nil {
			doc.Date = &d
		} else {
			notes = append(notes, fmt.Sprintf("%s: front matter date %q is not a date (YYYY, YYYY-MM or YYYY-MM-DD); left out", where, fm.date))
		}
	}
	doc.Language = fm.language
	doc.Source = fm.source
	doc.Authors = fm.authors
	doc.Meta = fm.meta
	if id := strings.TrimPrefix(fm.agreement, "agreement:"); id != "" {
		doc.TextOf = "agreement:" + id
	}
	return notes
}

// readableName makes a title of a file name: "the-anzus-treaty_1951.md"
// reads "The anzus treaty 1951".
func readableName(p string) string {
	name := strings.TrimSuffix(path.Base(p), path.Ext(p))
	name = strings.Join(strings.FieldsFunc(name, func(r rune) bool { return r == '-' || r == '_' || r == ' ' }), " ")
	if name == "" {
		return path.Base(p)
	}
	r, size := utf8.DecodeRuneInString(name)
	return string(unicode.ToUpper(r)) + name[size:]
}

// metaTerms are a document's scalar front matter as the index's filter
// terms, "key=value".
func metaTerms(doc *corpus.Document) []string {
	var out []string
	for _, m := range doc.Meta {
		if m.Scalar {
			out = append(out, m.Key+"="+m.Value)
		}
	}
	return out
}
