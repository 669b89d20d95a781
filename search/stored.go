package search

import (
	"fmt"
	"sort"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"
)

// loadStored puts each hit's stored record and body in its Fields, read
// straight from the hit's segment by its document number: Bleve's own
// way finds each hit again by its id and copies every stored field into
// a document first. The number is only good in the index as the search
// saw it, so each read checks the id it finds; where the index has
// changed since (a batch added in between), the hit is found by its id.
func (ix *Index) loadStored(hits []*search.DocumentMatch) error {
	if len(hits) == 0 {
		return nil
	}
	r, err := ix.reader()
	if err != nil {
		return err
	}
	defer r.Close()
	snap, _ := r.(*scorch.IndexSnapshot)
	var offsets []uint64
	if snap != nil {
		offsets = segmentOffsets(snap)
	}
	for _, h := range hits {
		h.Fields = map[string]any{}
		if snap != nil && readByNumber(snap, offsets, h) {
			continue
		}
		if err := readByID(r, h); err != nil {
			return err
		}
	}
	return nil
}

func (ix *Index) reader() (index.IndexReader, error) {
	adv, err := ix.bleve.Advanced()
	if err != nil {
		return nil, err
	}
	return adv.Reader()
}

// segmentOffsets is where each segment's document numbers start in the
// snapshot's numbering, as scorch counts them.
func segmentOffsets(snap *scorch.IndexSnapshot) []uint64 {
	segs := snap.Segments()
	offsets := make([]uint64, len(segs))
	var running uint64
	for i, s := range segs {
		offsets[i] = running
		running += s.Segment().Count()
	}
	return offsets
}

// readByNumber reads h's stored fields at its document number; false when
// the number holds another record (or none).
func readByNumber(snap *scorch.IndexSnapshot, offsets []uint64, h *search.DocumentMatch) bool {
	if len(h.IndexInternalID) != 8 || len(offsets) == 0 {
		return false
	}
	num := h.IndexInternalID.Value()
	seg := sort.Search(len(offsets), func(i int) bool { return offsets[i] > num }) - 1
	if seg < 0 {
		return false
	}
	idOK := false
	err := snap.Segments()[seg].VisitDocument(num-offsets[seg], func(name string, _ byte, val []byte, _ []uint64) bool {
		switch name {
		case "_id":
			idOK = string(val) == h.ID
			return idOK
		case fieldSource:
			h.Fields[name] = string(val) // decoded by hydrate
		case fieldBody:
			h.Fields[name] = string(val)
		}
		return true
	})
	return err == nil && idOK
}

// readByID reads h's stored fields by its id.
func readByID(r index.IndexReader, h *search.DocumentMatch) error {
	doc, err := r.Document(h.ID)
	if err != nil {
		return fmt.Errorf("read record %s: %w", h.ID, err)
	}
	if doc == nil {
		return fmt.Errorf("read record %s: not in the index", h.ID)
	}
	clear(h.Fields)
	doc.VisitFields(func(f index.Field) {
		switch f.Name() {
		case fieldSource:
			h.Fields[f.Name()] = string(f.Value())
		case fieldBody:
			h.Fields[f.Name()] = string(f.Value())
		}
	})
	return nil
}
