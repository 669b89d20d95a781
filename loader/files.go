package loader

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// What a corpus may reach: regular files and directories inside its root.
// A symlink is followed only while it stays inside the root; named pipes,
// devices and sockets are never opened for reading, so none of them can
// hang or flood a load.

// dirFS is a corpus directory on disk. Load opens it once as an os.Root
// (rootFS); used on its own, each Open opens the root again.
type dirFS string

func (d dirFS) Open(name string) (fs.File, error) {
	root, err := os.OpenRoot(string(d))
	if err != nil {
		return nil, err
	}
	defer root.Close()
	f, err := rootFS{root}.Open(name)
	return f, err
}

// rootFS opens files below an os.Root: confined to it, non-blocking, and
// regular files and directories only.
type rootFS struct{ root *os.Root }

func (r rootFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	// O_NONBLOCK: opening a named pipe must not wait for a writer; it is
	// refused below once open.
	f, err := r.root.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		var pe *fs.PathError
		// os.Root's escape error is not exported; its text is stable.
		if errors.As(err, &pe) && pe.Err.Error() == "path escapes from parent" {
			err = &fs.PathError{Op: "open", Path: name, Err: errOutside}
		}
		return nil, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !info.Mode().IsRegular() && !info.IsDir() {
		f.Close()
		return nil, &fs.PathError{Op: "open", Path: name, Err: notRegular(info.Mode())}
	}
	if info.IsDir() {
		return f, nil
	}
	return &boundedFile{file: f, left: maxFileBytes}, nil
}

// errOutside is how an open that escapes the corpus root reads (os.Root
// says "path escapes from parent").
var errOutside = errors.New("a symlink that leads out of the corpus directory (only links inside it are followed)")

// maxFileBytes bounds the bytes read from any one corpus file, whatever its
// stated size (entity and ATOP files included).
const maxFileBytes = 64 << 20

var errFileTooLarge = fmt.Errorf("more than %d bytes", maxFileBytes)

// boundedFile counts the bytes actually read: a file that grows while it is
// read, or states a size it does not have, still stops at the bound. The
// file is not embedded, so that no WriteTo of *os.File reads around Read.
type boundedFile struct {
	file *os.File
	left int64
}

func (b *boundedFile) Stat() (fs.FileInfo, error) { return b.file.Stat() }
func (b *boundedFile) Close() error               { return b.file.Close() }

func (b *boundedFile) Read(p []byte) (int, error) {
	if b.left <= 0 {
		var one [1]byte
		if n, _ := b.file.Read(one[:]); n == 0 {
			return 0, io.EOF
		}
		return 0, errFileTooLarge
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.file.Read(p)
	b.left -= int64(n)
	return n, err
}

// notRegular names a file type that a corpus may not hold.
type notRegular fs.FileMode

func (m notRegular) Error() string {
	mode := fs.FileMode(m)
	kind := "a special file"
	switch {
	case mode&fs.ModeNamedPipe != 0:
		kind = "a named pipe"
	case mode&fs.ModeCharDevice != 0:
		kind = "a character device"
	case mode&fs.ModeDevice != 0:
		kind = "a block device"
	case mode&fs.ModeSocket != 0:
		kind = "a socket"
	}
	return kind + ", not a regular file"
}

// readBounded reads a file of fsys, refusing it once more than max bytes
// have been read (the stated size is not trusted: a device states 0).
func readBounded(fsys fs.FS, name string, max int64) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && info.Size() > max {
		return nil, fmt.Errorf("%d bytes; a document may have at most %d (split it into several files)", info.Size(), max)
	} else if err == nil && !info.Mode().IsRegular() {
		return nil, notRegular(info.Mode())
	}
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("more than %d bytes; a document may have at most %d (split it into several files)", max, max)
	}
	return data, nil
}
