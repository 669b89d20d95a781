//go:build unix

package loader

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// lockBuild takes the build lock of out: a file beside it, locked with
// flock, so that the lock goes with the process however it ends. A second
// build of the same out fails at once, naming the holder.
func lockBuild(out string) (unlock func(), err error) {
	name := out + ".lock"
	for {
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, fmt.Errorf("lock %s: %w", name, err)
		}
		if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
			f.Close()
			if errors.Is(err, syscall.EWOULDBLOCK) {
				pid, _ := os.ReadFile(name)
				return nil, fmt.Errorf("index %s is already being built by pid %s; wait for it to finish", out, holder(pid))
			}
			return nil, fmt.Errorf("lock %s: %w", name, err)
		}
		// The holder before us removes the file as it unlocks: a lock on
		// a file no longer at name locks nothing, so take it again.
		held, err1 := f.Stat()
		now, err2 := os.Stat(name)
		if err1 != nil || err2 != nil || !os.SameFile(held, now) {
			f.Close()
			continue
		}
		f.Truncate(0)
		f.WriteAt([]byte(strconv.Itoa(os.Getpid())), 0)
		return func() {
			os.Remove(name)
			f.Close() // releases the lock
		}, nil
	}
}

func holder(pid []byte) string {
	if s := strings.TrimSpace(string(pid)); s != "" {
		return s
	}
	return "(unknown)"
}
