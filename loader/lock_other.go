//go:build !unix

package loader

import (
	"errors"
	"fmt"
	"os"
	"strconv"
)

// lockBuild takes the build lock of out: a file created exclusively beside
// it. Without flock a killed build leaves it behind, and the message says
// how to remove it.
func lockBuild(out string) (unlock func(), err error) {
	name := out + ".lock"
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, os.ErrExist) {
		pid, _ := os.ReadFile(name)
		return nil, fmt.Errorf("index %s is already being built by pid %s (if no build runs, remove %s)", out, pid, name)
	}
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", name, err)
	}
	f.WriteString(strconv.Itoa(os.Getpid()))
	f.Close()
	return func() { os.Remove(name) }, nil
}
