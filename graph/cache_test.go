package graph

import (
	"context"
	"strings"
	"testing"
)

// The caches are bounded by bytes: many large queries evict each other,
// the least recently used first, and one over the bound is not kept
// (issue 15).
func TestSizedLRU(t *testing.T) {
	ctx := context.Background()
	c := newSizedLRU(300, apqSize)
	key := func(i int) string { return strings.Repeat(string(rune('a'+i)), 50) }
	for i := range 3 {
		c.Add(ctx, key(i), strings.Repeat("q", 50)) // 100 bytes each
	}
	c.Get(ctx, key(0)) // a is now the most recent
	c.Add(ctx, key(3), strings.Repeat("q", 50))
	if _, ok := c.Get(ctx, key(1)); ok {
		t.Errorf("b, the least recently used, is still cached")
	}
	for _, i := range []int{0, 2, 3} {
		if _, ok := c.Get(ctx, key(i)); !ok {
			t.Errorf("%c was evicted; want it kept", 'a'+i)
		}
	}
	if c.used > 300 {
		t.Errorf("the cache holds %d bytes; the bound is 300", c.used)
	}
	c.Add(ctx, "huge", strings.Repeat("q", 400))
	if _, ok := c.Get(ctx, "huge"); ok || c.used > 300 {
		t.Errorf("an entry over the bound was kept (%d bytes used)", c.used)
	}
	c.Add(ctx, key(0), strings.Repeat("r", 150)) // replaced: counted once, at its new size
	if v, ok := c.Get(ctx, key(0)); !ok || v != strings.Repeat("r", 150) || c.used != 300 {
		t.Errorf("after replacing a: %q, %v, %d bytes used; want the new value and 300 bytes", v, ok, c.used)
	}
}
