// Command explorer installs the explorer's npm packages from
// web/explorer/package-lock.json and copies their browser bundles into
// web/static/vendor, where the web package embeds them. `go generate ./web`
// (and `make explorer`) run it from the web directory:
//
//	go run ./explorer [-force] [-dir explorer] [-out static/vendor]
//
// The vendored files are never committed. The step is idempotent: when
// static/vendor/manifest.json records the current lock file and every file
// it lists is intact, nothing is installed again.
package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
)

// bundle is one file of the vendored set: where it comes from inside
// node_modules and the name it is served under.
type bundle struct {
	pkg, src, dst string
	// stripMap drops the trailing sourceMappingURL comment: the maps are
	// not vendored, and a browser with its developer tools open would ask
	// for them.
	stripMap bool
}

// bundles are the files the explorer page loads, and the licences that go
// with them. assets.go lists the served names the page needs as
// explorerFiles.
var bundles = []bundle{
	{pkg: "react", src: "umd/react.production.min.js", dst: "react.production.min.js", stripMap: true},
	{pkg: "react-dom", src: "umd/react-dom.production.min.js", dst: "react-dom.production.min.js", stripMap: true},
	{pkg: "graphiql", src: "graphiql.min.js", dst: "graphiql.min.js", stripMap: true},
	{pkg: "graphiql", src: "graphiql.min.css", dst: "graphiql.min.css", stripMap: true},
	{pkg: "react", src: "LICENSE", dst: "licenses/react.txt"},
	{pkg: "react-dom", src: "LICENSE", dst: "licenses/react-dom.txt"},
	{pkg: "graphiql", src: "LICENSE", dst: "licenses/graphiql.txt"},
}

// manifest is written last into the output directory; web.go reads it to
// tell whether the vendored explorer is complete.
type manifest struct {
	Lockfile string            `json:"lockfile"`
	Packages map[string]string `json:"packages"`
	Files    map[string]string `json:"files"`
}

func main() {
	dir := flag.String("dir", "explorer", "the `directory` holding package.json and package-lock.json")
	out := flag.String("out", filepath.Join("static", "vendor"), "where to copy the bundles (replaced whole)")
	force := flag.Bool("force", false, "install and copy even when the output is up to date")
	flag.Parse()
	if err := run(*dir, *out, *force); err != nil {
		fmt.Fprintln(os.Stderr, "explorer:", err)
		os.Exit(1)
	}
}

func run(dir, out string, force bool) error {
	lock, err := os.ReadFile(filepath.Join(dir, "package-lock.json"))
	if err != nil {
		return err
	}
	lockSum := digest(lock)
	if !force {
		if m, ok := current(out, lockSum); ok {
			fmt.Printf("explorer: %s is up to date (graphiql %s, react %s)\n", out, m.Packages["graphiql"], m.Packages["react"])
			return nil
		}
	}
	versions, err := lockedVersions(lock)
	if err != nil {
		return err
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		return errors.New("npm not found: install Node.js 18 or newer (with npm) to build the offline explorer")
	}

	tmp, err := npmInstall(npm, dir, versions)
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	// Copy into a sibling directory, then swap it in, so that a failed run
	// never leaves a half-filled vendor directory behind.
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	stage, err := os.MkdirTemp(filepath.Dir(out), ".vendor-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(stage)
	if err := os.Chmod(stage, 0o755); err != nil {
		return err
	}
	m, err := copyBundles(tmp, stage, lockSum, versions)
	if err != nil {
		return err
	}
	if err := os.RemoveAll(out); err != nil {
		return err
	}
	if err := os.Rename(stage, out); err != nil {
		return err
	}
	names := make([]string, 0, len(m.Files))
	for n := range m.Files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		info, err := os.Stat(filepath.Join(out, filepath.FromSlash(n)))
		if err != nil {
			return err
		}
		fmt.Printf("explorer: %s/%s (%d bytes)\n", filepath.ToSlash(out), n, info.Size())
	}
	return nil
}

// npmInstall runs npm ci for dir's lock file in a temporary directory,
// so that no node_modules is left in the module tree for the go command
// to wander into; the caller removes the directory it returns.
func npmInstall(npm, dir string, versions map[string]string) (string, error) {
	tmp, err := os.MkdirTemp("", "pactgraph-explorer-")
	if err != nil {
		return "", err
	}
	for _, f := range []string{"package.json", "package-lock.json"} {
		if err := copyFile(filepath.Join(dir, f), filepath.Join(tmp, f)); err != nil {
			os.RemoveAll(tmp)
			return "", err
		}
	}
	cmd := exec.Command(npm, "ci", "--ignore-scripts", "--omit=peer", "--no-audit", "--no-fund", "--loglevel=error")
	cmd.Dir = tmp
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	fmt.Printf("explorer: npm ci (graphiql %s, react %s, react-dom %s)\n", versions["graphiql"], versions["react"], versions["react-dom"])
	if err := cmd.Run(); err != nil {
		os.RemoveAll(tmp)
		return "", fmt.Errorf("npm ci: %w", err)
	}
	return tmp, nil
}

// copyBundles copies the bundles from the installed packages under tmp
// into stage, checks each package's version against the lock file, and
// writes the manifest.
func copyBundles(tmp, stage, lockSum string, versions map[string]string) (manifest, error) {
	m := manifest{Lockfile: lockSum, Packages: map[string]string{}, Files: map[string]string{}}
	for _, b := range bundles {
		pkgDir := filepath.Join(tmp, "node_modules", b.pkg)
		installed, err := packageVersion(pkgDir)
		if err != nil {
			return m, err
		}
		if installed != versions[b.pkg] {
			return m, fmt.Errorf("%s: npm installed %s, the lock file says %s", b.pkg, installed, versions[b.pkg])
		}
		m.Packages[b.pkg] = installed
		data, err := os.ReadFile(filepath.Join(pkgDir, filepath.FromSlash(b.src)))
		if err != nil {
			return m, err
		}
		if b.stripMap {
			data = sourceMapComment.ReplaceAll(data, nil)
		}
		dst := filepath.Join(stage, filepath.FromSlash(b.dst))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return m, err
		}
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			return m, err
		}
		m.Files[b.dst] = digest(data)
	}
	raw, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return m, err
	}
	return m, os.WriteFile(filepath.Join(stage, "manifest.json"), append(raw, '\n'), 0o644)
}

// sourceMapComment matches the sourceMappingURL comment a bundle ends with,
// in its JavaScript and CSS forms.
var sourceMapComment = regexp.MustCompile(`(?m)\n?(?://# sourceMappingURL=[^\n]*|/\*# sourceMappingURL=[^\n]*?\*/)\s*$`)

// current reads the manifest of a previous run and reports whether it was
// made from the same lock file and its files are unchanged.
func current(out, lockSum string) (manifest, bool) {
	var m manifest
	raw, err := os.ReadFile(filepath.Join(out, "manifest.json"))
	if err != nil || json.Unmarshal(raw, &m) != nil || m.Lockfile != lockSum || len(m.Files) != len(bundles) {
		return m, false
	}
	for name, sum := range m.Files {
		data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(name)))
		if err != nil || digest(data) != sum {
			return m, false
		}
	}
	return m, true
}

// lockedVersions reads the versions the lock file pins for the packages
// the bundles come from.
func lockedVersions(lock []byte) (map[string]string, error) {
	var l struct {
		Packages map[string]struct {
			Version string `json:"version"`
		} `json:"packages"`
	}
	if err := json.Unmarshal(lock, &l); err != nil {
		return nil, fmt.Errorf("package-lock.json: %w", err)
	}
	out := map[string]string{}
	for _, b := range bundles {
		p, ok := l.Packages["node_modules/"+b.pkg]
		if !ok || p.Version == "" {
			return nil, fmt.Errorf("package-lock.json does not pin %s", b.pkg)
		}
		out[b.pkg] = p.Version
	}
	return out, nil
}

func packageVersion(dir string) (string, error) {
	raw, err := os.ReadFile(filepath.Join(dir, "package.json"))
	if err != nil {
		return "", err
	}
	var p struct {
		Version string `json:"version"`
	}
	if err := json.Unmarshal(raw, &p); err != nil {
		return "", fmt.Errorf("%s: %w", dir, err)
	}
	return p.Version, nil
}

func digest(b []byte) string {
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:])
}

func copyFile(src, dst string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, data, 0o644)
}
