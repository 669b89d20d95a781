package graph

import (
	"container/list"
	"context"
	"sync"
)

// sizedLRU is a least-recently-used cache bounded by bytes, not entries:
// a thousand 126 KB queries must not hold hundreds of megabytes. Each
// entry weighs what size says; an entry heavier than the whole bound is
// not kept.
type sizedLRU[T any] struct {
	mu    sync.Mutex
	max   int
	used  int
	size  func(key string, v T) int
	order *list.List // front: most recent
	items map[string]*list.Element
}

type sizedEntry[T any] struct {
	key  string
	v    T
	size int
}

func newSizedLRU[T any](maxBytes int, size func(key string, v T) int) *sizedLRU[T] {
	return &sizedLRU[T]{max: maxBytes, size: size, order: list.New(), items: map[string]*list.Element{}}
}

func (c *sizedLRU[T]) Get(_ context.Context, key string) (T, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[key]; ok {
		c.order.MoveToFront(e)
		return e.Value.(*sizedEntry[T]).v, true
	}
	var zero T
	return zero, false
}

func (c *sizedLRU[T]) Add(_ context.Context, key string, v T) {
	n := c.size(key, v)
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[key]; ok {
		c.remove(e)
	}
	if n > c.max {
		return
	}
	c.items[key] = c.order.PushFront(&sizedEntry[T]{key: key, v: v, size: n})
	c.used += n
	for c.used > c.max {
		c.remove(c.order.Back())
	}
}

func (c *sizedLRU[T]) remove(e *list.Element) {
	entry := c.order.Remove(e).(*sizedEntry[T])
	delete(c.items, entry.key)
	c.used -= entry.size
}

// Cache bounds. A parsed document keeps its text and takes up to about 25
// times its size in memory (measured with gqlparser: a 35 KB document of
// 1,200 fields, 850 KB; a 126 KB one that is mostly one string, 132 KB),
// so it is weighed at 25 bytes per byte of text.
const (
	documentCacheBytes = 32 << 20
	apqCacheBytes      = 8 << 20
	astPerTextByte     = 25
)

func documentSize[T any](key string, _ T) int { return len(key) * astPerTextByte }

func apqSize(key, query string) int { return len(key) + len(query) }
