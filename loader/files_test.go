package loader

import (
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"time"
	"unicode/utf16"
)

// loadWithin runs Load and fails the test if it does not return in time: a
// named pipe used to hang it for good.
func loadWithin(t *testing.T, corpora ...Corpus) *Loaded {
	t.Helper()
	type result struct {
		l   *Loaded
		err error
	}
	done := make(chan result, 1)
	go func() {
		l, err := Load(context.Background(), corpora)
		done <- result{l, err}
	}()
	select {
	case r := <-done:
		if r.err != nil {
			t.Fatalf("Load = %v; want nil", r.err)
		}
		return r.l
	case <-time.After(30 * time.Second):
		t.Fatalf("Load did not return in 30 s")
	}
	return nil
}

func noticeWith(notices []string, fragments ...string) bool {
	for _, n := range notices {
		all := true
		for _, f := range fragments {
			all = all && strings.Contains(n, f)
		}
		if all {
			return true
		}
	}
	return false
}

// A corpus reaches regular files inside its root only: devices, named
// pipes and symlinks out of it are skipped with a notice naming them
// (issue 15, items 7, 8 and 11).
func TestLoadSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	outside := filepath.Join(t.TempDir(), "hostname")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.WriteFile(outside, []byte("Secret host\n\nsecrethost.example\n"), 0o644))
	must(os.WriteFile(filepath.Join(dir, "a.md"), []byte("# A\n\nThe treaty text.\n"), 0o644))
	must(os.Symlink("a.md", filepath.Join(dir, "alias.md")))
	must(os.Symlink(outside, filepath.Join(dir, "host.txt")))
	must(os.Symlink("/dev/zero", filepath.Join(dir, "zero.txt")))
	must(syscall.Mkfifo(filepath.Join(dir, "pipe.md"), 0o644))
	// A device inside the corpus needs root to make (mknod of /dev/zero's
	// numbers); without it the link above stands in.
	device := syscall.Mknod(filepath.Join(dir, "dev.txt"), syscall.S_IFCHR|0o644, 1<<8|5) == nil

	l := loadWithin(t, Dir(dir))
	var ids []string
	for _, d := range l.Catalog.Documents {
		ids = append(ids, d.ID)
	}
	if strings.Join(ids, " ") != "document:a document:alias" {
		t.Errorf("documents = %v; want a and alias (a link inside the corpus)", ids)
	}
	for _, want := range [][]string{
		{"host.txt: skipped", "out of the corpus"},
		{"zero.txt: skipped", "out of the corpus"},
		{"pipe.md: skipped", "named pipe"},
	} {
		if !noticeWith(l.Notices, want...) || !noticeWith(l.Catalog.Notices, want...) {
			t.Errorf("notices %q; want one with %q", l.Notices, want)
		}
	}
	if device && !noticeWith(l.Notices, "dev.txt: skipped", "character device") {
		t.Errorf("notices %q; want dev.txt skipped as a character device", l.Notices)
	}
	for _, d := range l.Docs {
		if strings.Contains(d.Body, "secrethost") {
			t.Errorf("a file outside the corpus was indexed: %q", d.Body)
		}
	}
}

// endless is a file that states no size and never ends, as a device does.
type endless struct{ fstest.MapFS }

type zeroFile struct{ fs.File }

func (zeroFile) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

func (e endless) Open(name string) (fs.File, error) {
	f, err := e.MapFS.Open(name)
	if err != nil || name != "x.txt" {
		return f, err
	}
	return zeroFile{f}, nil
}

// The size bound counts the bytes read, not the size a file states.
func TestReadBoundedCountsBytes(t *testing.T) {
	fsys := endless{fstest.MapFS{"x.txt": {Data: nil}}}
	_, err := readBounded(fsys, "x.txt", 1<<20)
	if err == nil || !strings.Contains(err.Error(), "more than 1048576 bytes") {
		t.Errorf("readBounded(an endless file stating 0 bytes) = %v; want more than 1048576 bytes", err)
	}
	zero, err := os.Open("/dev/zero")
	if err != nil {
		t.Skip(err)
	}
	f := &boundedFile{file: zero, left: 4}
	defer f.Close()
	if n, err := io.Copy(io.Discard, f); err != errFileTooLarge || n != 4 {
		t.Errorf("boundedFile(4) over /dev/zero = %d, %v; want 4, %v", n, err, errFileTooLarge)
	}
}

// A line longer than any buffer does not end the document: nothing after
// it is lost (item 9).
func TestReadTextHugeLine(t *testing.T) {
	// Each invalid byte between letters becomes 3 bytes: 16 MiB of input,
	// a 32 MiB line once replaced.
	huge := strings.Repeat("\xffa", maxDocumentBytes/2)
	data := "Title\n\nFirst paragraph.\n\n" + huge + "\n\nThe last paragraph survives.\n"
	text, notes := decodeText([]byte(data), "c/huge.txt")
	if !noticeWith(notes, "c/huge.txt:5", "not UTF-8") {
		t.Errorf("decodeText notices = %q; want one naming c/huge.txt:5", notes)
	}
	doc := readText([]byte(text))
	if n := len(doc.blocks); n != 3 || doc.blocks[2].text != "The last paragraph survives." {
		t.Errorf("readText(a 32 MiB line between paragraphs) = %d blocks; want 3 with the last paragraph kept", n)
	}
}

func utf16Bytes(s string, bigEndian, bom bool) []byte {
	var out []byte
	units := utf16.Encode([]rune(s))
	if bom {
		units = append([]uint16{0xFEFF}, units...)
	}
	for _, u := range units {
		if bigEndian {
			out = append(out, byte(u>>8), byte(u))
		} else {
			out = append(out, byte(u), byte(u>>8))
		}
	}
	return out
}

// UTF-16 is decoded; text that is not UTF-8 gets a notice naming the file
// and line (item 12).
func TestDecodeText(t *testing.T) {
	const text = "Traité de Lisbonne\n\nLes parties — 2007.\n"
	tests := []struct {
		name   string
		in     []byte
		want   string
		notice string
	}{
		{"UTF-8", []byte(text), text, ""},
		{"UTF-8 with BOM", append([]byte("\xEF\xBB\xBF"), text...), text, ""},
		{"UTF-16LE with BOM", utf16Bytes(text, false, true), text, ""},
		{"UTF-16BE with BOM", utf16Bytes(text, true, true), text, ""},
		{"UTF-16LE without BOM", utf16Bytes(text, false, false), text, "d.txt: no byte order mark, read as UTF-16LE"},
		{"Latin-1", []byte("Title\n\nTrait\xe9 de Lisbonne\n"), "Title\n\nTrait\uFFFD de Lisbonne\n", "d.txt:3: not UTF-8"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, notes := decodeText(tc.in, "d.txt")
			if got != tc.want {
				t.Errorf("decodeText(%s) = %q; want %q", tc.name, got, tc.want)
			}
			if tc.notice == "" && len(notes) > 0 || tc.notice != "" && !noticeWith(notes, tc.notice) {
				t.Errorf("decodeText(%s) notices = %q; want %q", tc.name, notes, tc.notice)
			}
		})
	}
}

// Load carries the decoding notices, naming the file in its corpus.
func TestLoadEncodingNotice(t *testing.T) {
	fsys := fixtureFS(t, map[string]string{"latin.txt": "Title\n\nTrait\xe9.\n", "wide.txt": string(utf16Bytes("Wide\n\nUTF-16 text.\n", false, true))})
	l := load(t, Corpus{Name: "c", FS: fsys})
	if !noticeWith(l.Notices, "c/latin.txt:3", "not UTF-8") {
		t.Errorf("notices = %q; want one naming c/latin.txt:3", l.Notices)
	}
	found := false
	for _, d := range l.Docs {
		found = found || d.Body == "UTF-16 text."
	}
	if !found {
		t.Errorf("the UTF-16 document's passage was not read as text")
	}
}

// A number that is not finite is no ATOP number: "NaN" is not an atopid.
func TestATOPNonFinite(t *testing.T) {
	for _, v := range []string{"NaN", "Inf", "-Inf", "1e308"} {
		into := &atopData{alliances: map[int]*atopAlliance{}, members: map[int][]*atopMember{}}
		fsys := fstest.MapFS{"a.csv": {Data: []byte("atopid,mem1,mem2,begyr,begmo,begday,endyr,endmo,endday,ineffect,bilat\n" + v + ",2,20,1949,4,4,,,,1,0\n")}}
		err := readATOP(fsys, []string{"a.csv"}, "c", into)
		if err == nil || !strings.Contains(err.Error(), "c/a.csv:2: no atopid") {
			t.Errorf("readATOP(atopid %s) = %v; want c/a.csv:2: no atopid", v, err)
		}
	}
}
