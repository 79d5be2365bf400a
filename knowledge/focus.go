package knowledge

import (
	"math/bits"
	"strings"
	"unicode/utf8"
)

// focusScan bounds how much of a section Focus reads: answers are a few
// thousand characters, and a huge section must not make every answer slow.
const focusScan = 64 << 10

// block is one paragraph, list item or fenced code block of a text.
type block struct {
	start, runes int    // byte offset; runes up to the next block
	concepts     uint64 // the question's concepts it holds (first 64)
}

// Focus returns the byte offset in text (a section's text, as FullText
// gives it) where the part that best answers question begins: the first
// block (paragraph, list item, fenced code block; a line ending in a
// colon stays with what follows it) of the window of at most limit runes
// that holds the most of the question. It is 0 when text fits in limit,
// or when its beginning holds as much of the question as any later part,
// and when the question only names the section's title ("Making a
// Career"): it asks for the section itself, from its start. A long page
// then shows the example or paragraph that was asked about.
func (b *Base) Focus(question, title, text string, limit int) int {
	if limit <= 0 || utf8.RuneCountInString(text) <= limit {
		return 0
	}
	pq := b.parseQuery(question)
	if len(pq.concepts) == 0 || b.namesOnly(pq, title) {
		return 0 // nothing to look for, or the question asks for the section itself
	}
	if len(text) > focusScan { // the answer is cut long before this
		cut := focusScan
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	}
	blocks := splitBlocks(text)
	for i := range blocks {
		end := len(text)
		if i+1 < len(blocks) {
			end = blocks[i+1].start
		}
		blocks[i].concepts = b.conceptsIn(pq, text[blocks[i].start:end])
	}
	// Slide a window over the blocks, counting how many of its blocks hold
	// each concept: linear in the blocks, whatever the limit.
	var count [64]int
	var held float32 // weight of the concepts the window holds
	add := func(mask uint64, d int) {
		for mask != 0 {
			k := bits.TrailingZeros64(mask)
			mask &= mask - 1
			if count[k] == 0 && d > 0 {
				held += pq.concepts[k].weight
			}
			count[k] += d
			if count[k] == 0 {
				held -= pq.concepts[k].weight
			}
		}
	}
	best, bestW := 0, float32(-1)
	j, n := 0, 0 // the window is blocks[i:j], n runes
	for i := range blocks {
		if j == i { // a block longer than limit is a window of its own
			add(blocks[j].concepts, 1)
			n += blocks[j].runes
			j++
		}
		for j < len(blocks) && n+blocks[j].runes <= limit {
			add(blocks[j].concepts, 1)
			n += blocks[j].runes
			j++
		}
		if held > bestW+1e-6 {
			best, bestW = i, held
		}
		add(blocks[i].concepts, -1)
		n -= blocks[i].runes
	}
	return blocks[best].start
}

// conceptsIn returns which of the question's concepts s holds.
func (b *Base) conceptsIn(pq query, s string) uint64 {
	ids := map[uint32]bool{}
	analyze(Fold(s), b.idx.stem, false, func(t token) {
		if id, ok := b.idx.vocab[t.term]; ok {
			ids[id] = true
		}
	})
	var mask uint64
	for i, c := range pq.concepts {
		if i == 64 {
			break
		}
		for _, a := range c.alts {
			if ids[a.term] {
				mask |= 1 << i
				break
			}
		}
	}
	return mask
}

// splitBlocks splits text at blank lines outside fenced code, keeping a
// block that ends in a colon ("- Count lines in a file:") with the next.
func splitBlocks(text string) []block {
	var out []block
	start, inFence, blank := 0, false, false
	for off := 0; off < len(text); {
		end := strings.IndexByte(text[off:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += off + 1
		}
		line := strings.TrimSpace(text[off:end])
		if strings.HasPrefix(line, "```") || strings.HasPrefix(line, "~~~") {
			inFence = !inFence
		}
		switch {
		case line == "" && !inFence:
			blank = true
		case blank:
			prev := strings.TrimSpace(text[start:off])
			if !strings.HasSuffix(prev, ":") && !strings.HasSuffix(prev, "：") {
				out = append(out, block{start: start, runes: utf8.RuneCountInString(text[start:off])})
				start = off
			}
			blank = false
		}
		off = end
	}
	return append(out, block{start: start, runes: utf8.RuneCountInString(text[start:])})
}

// namesOnly reports whether question pq only names title: every word it
// asks about (question words aside) is in the title ("Making a Career",
// "career making"). Such a question wants the section from its start,
// not from the paragraph that repeats its words.
func (b *Base) namesOnly(pq query, title string) bool {
	if len(pq.concepts) > 64 {
		return false
	}
	in := b.conceptsIn(pq, title)
	named := false
	for i, c := range pq.concepts {
		if c.weak || c.weight == 0 {
			continue
		}
		if in&(1<<i) == 0 {
			return false
		}
		named = true
	}
	return named
}
