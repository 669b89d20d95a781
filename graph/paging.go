package graph

import (
	"encoding/base64"
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"

	"pactgraph/graph/model"
	"pactgraph/search"
)

// pageSize checks a connection's `first`.
func pageSize(first *int, def int) (int, error) {
	if first == nil {
		return def, nil
	}
	if *first < 1 || *first > search.MaxFirst {
		return 0, inputError("first", "must be between 1 and %d, not %d", search.MaxFirst, *first)
	}
	return *first, nil
}

// maxOffset bounds how deep a list pages.
const maxOffset = 10000

// listTag names a list and what selects it, so a cursor from one list is
// refused by another.
func listTag(name string, selector any) string {
	h := fnv.New32a()
	fmt.Fprintf(h, "%s|%+v", name, selector)
	return strconv.FormatUint(uint64(h.Sum32()), 36)
}

func offsetCursor(tag string, offset int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("o:" + tag + ":" + strconv.Itoa(offset)))
}

func decodeOffset(tag string, after *string) (int, error) {
	if after == nil || *after == "" {
		return 0, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(*after)
	parts := strings.Split(string(b), ":")
	if err != nil || len(parts) != 3 || parts[0] != "o" {
		return 0, inputError("after", "not a cursor this API issued")
	}
	if parts[1] != tag {
		return 0, inputError("after", "the cursor belongs to another list; page with the same arguments")
	}
	n, err := strconv.Atoi(parts[2])
	if err != nil || n < 0 || n > maxOffset {
		return 0, inputError("after", "not a cursor this API issued")
	}
	return n + 1, nil
}

// pageOf cuts one page out of an in-memory list.
func pageOf[T any](items []T, name string, selector any, first *int, def int, after *string) ([]T, []string, *model.PageInfo, error) {
	n, err := pageSize(first, def)
	if err != nil {
		return nil, nil, nil, err
	}
	tag := listTag(name, selector)
	start, err := decodeOffset(tag, after)
	if err != nil {
		return nil, nil, nil, err
	}
	start = min(start, len(items))
	end := min(start+n, len(items))
	page := items[start:end]
	cursors := make([]string, len(page))
	for i := range page {
		cursors[i] = offsetCursor(tag, start+i)
	}
	return page, cursors, pageInfo(cursors, end < len(items), start > 0), nil
}

func pageInfo(cursors []string, hasNext, hasPrev bool) *model.PageInfo {
	pi := &model.PageInfo{HasNextPage: hasNext, HasPreviousPage: hasPrev}
	if len(cursors) > 0 {
		pi.StartCursor = &cursors[0]
		pi.EndCursor = &cursors[len(cursors)-1]
	}
	return pi
}
