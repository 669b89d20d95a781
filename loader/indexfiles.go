package loader

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// An index directory holds regular files and directories only. Its files
// are read without waiting on a named pipe or a device put in their place
// (opening a pipe waits for a writer, a wait no signal ends), and Bleve's
// files are checked before Bleve opens them.

// readIndexFile reads a regular file of an index directory, opened
// non-blocking; anything else is refused.
func readIndexFile(name string) ([]byte, error) {
	f, err := os.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "read", Path: name, Err: notRegular(info.Mode())}
	}
	return io.ReadAll(f)
}

// checkIndexFiles refuses an index directory that holds anything but
// regular files and directories (a symlink counts as what it leads to).
func checkIndexFiles(dir string) error {
	if _, err := os.Stat(dir); err != nil {
		return nil // Bleve says what is missing
	}
	return fs.WalkDir(os.DirFS(dir), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		mode := d.Type()
		if mode&fs.ModeSymlink != 0 {
			info, err := os.Stat(filepath.Join(dir, p))
			if err != nil {
				return err
			}
			mode = info.Mode().Type()
		}
		if !mode.IsRegular() && !mode.IsDir() {
			return fmt.Errorf("%s: %w", filepath.Join(dir, p), notRegular(mode))
		}
		return nil
	})
}
