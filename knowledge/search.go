package knowledge

import (
	"slices"
	"strings"
	"sync"
)

// Query-term weights.
const (
	weakWeight    = 0.15 // question and filler words: "how", "need", 什么
	uniWeight     = 0.35 // a CJK character that is part of a longer run
	numberWeight  = 0.3  // a number the knowledge base does not know (a port, a size)
	typoFactor    = 0.8  // a correction scores a little below the word itself
	synonymFactor = 0.9
	latinInCJK    = 2 // a Latin word in a CJK question names a thing
)

// Ranking: a section's final score is coverage × saturation of its BM25F
// score (raw / (raw + kScale × the question's total weight)) × a bonus for
// how much of its title the question names × a small prior.
const (
	kScale        = 0.6
	titleBonus    = 1.0
	unknownBigram = 0.3 // weight of a CJK pair the knowledge base never has
	// A question that names the answer's title (tcov ≥ namedTitle) says
	// what it is about: it needs only namedTitleCoverage × MinCoverage.
	namedTitle         = 0.5
	namedTitleCoverage = 0.75
)

// Two tie-breakers: a section that others mention often (index.prior)
// gains up to priorBoost; the title bonus counts in full only when the
// title words the question names carry at least 1/tqScale of its weight,
// so a common word that happens to be a title ("make", "who") does not
// win on its own.
const (
	priorBoost = 0.3
	tqScale    = 2.0
	maxBoost   = (1 + titleBonus) * (1 + priorBoost)
)

// alt is one way a concept can be found: an indexed term.
type alt struct {
	term   uint32
	factor float32
}

// concept is one thing the question asks about: a word (with its typo
// corrections and synonyms) or a CJK character or pair.
type concept struct {
	surface string
	kind    termKind
	weak    bool
	weight  float32 // importance: query weight × idf
	alts    []alt
}

// query is an analysed question.
type query struct {
	concepts []concept
	total    float32 // sum of concept weights
	cjk      bool    // the question has Chinese, Japanese or Korean text
}

// acc accumulates one section's evidence during a search; keeping it in
// one struct keeps a posting's updates in one cache line.
type acc struct {
	score  float32 // BM25F
	cover  float32 // question weight found
	tcover float32 // title idf found
	tquery float32 // question weight found in the title
	mark   uint16  // last concept counted, so alternatives count once
}

// add counts one posting of a concept's alternative.
func (x *acc) add(p posting, f, idf float32, mark uint16) {
	x.score += f * p.w
	if x.mark != mark {
		x.mark = mark
		x.cover += f
		if p.title {
			x.tcover += idf
			x.tquery += f
		}
	}
}

// A concept with more than sparseMin postings and sparseRatio times more
// than the candidates found so far only updates the candidates. Small
// knowledge bases never need it.
const (
	sparseRatio = 4
	sparseMin   = 1000
)

// postingCount is how many postings a concept's alternatives have.
func (b *Base) postingCount(c concept) int {
	n := 0
	for _, a := range c.alts {
		n += len(b.idx.postings[a.term])
	}
	return n
}

// seek returns the index of the first posting in ps at or after doc d. It
// gallops from the start, so stepping through sorted candidates costs the
// log of the gaps between them, not of the whole list.
func seek(ps []posting, d uint32) int {
	if len(ps) == 0 || ps[0].doc >= d {
		return 0
	}
	hi := 1
	for hi < len(ps) && ps[hi].doc < d {
		hi *= 2
	}
	lo := hi / 2 // ps[lo].doc < d
	hi = min(hi, len(ps))
	i, _ := slices.BinarySearchFunc(ps[lo+1:hi], d, byDoc)
	return lo + 1 + i
}

// byDoc orders a posting against a section number, for binary searches.
func byDoc(p posting, d uint32) int { return int(p.doc) - int(d) }

// scratch holds per-search dense arrays, reused through a pool.
type scratch struct {
	acc      []acc
	touched  []uint32
	toks     []token // parseQueryIn
	concepts []int
	seen     map[string]int
}

var scratchPool sync.Pool

func (b *Base) getScratch() *scratch {
	n := b.idx.n
	if s, ok := scratchPool.Get().(*scratch); ok && len(s.acc) >= n {
		return s
	}
	return &scratch{acc: make([]acc, n)}
}

// scored is a candidate section.
type scored struct {
	doc   uint32
	cover float32
	final float32
	tcov  float32 // share of its title the question names
}

// Search ranks the sections for query and returns at most n matches, best
// first, and whether the best is confident enough to be the answer.
// Safe for concurrent use.
func (b *Base) Search(q string, n int) Result {
	res := Result{Query: q}
	n = max(n, 1)
	pq, cands, why := b.candidates(q, n)
	if why != "" {
		res.Reason = why
		return res
	}
	b.finish(&res, pq, cands, n)
	return res
}

// candidates analyses question q and returns it with the best sections
// for it, best first: n and a few more, for the margin and the related
// topics. When there is nothing to search, it says why instead.
func (b *Base) candidates(q string, n int) (query, []scored, string) {
	if b.idx == nil || b.idx.n == 0 {
		return query{}, nil, "the knowledge base is empty"
	}
	s := b.getScratch()
	defer scratchPool.Put(s)
	pq := b.parseQueryIn(q, s)
	if pq.total == 0 {
		return pq, nil, "the question has no words to look for"
	}
	// Rare concepts first: they find the candidates. A concept whose
	// postings far outnumber the candidates found so far ("file" in a
	// question about tar files) only updates those candidates: a section
	// with nothing but common words in common with the question is never
	// the answer.
	order := make([]int, len(pq.concepts))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(i, j int) int { return b.postingCount(pq.concepts[i]) - b.postingCount(pq.concepts[j]) })
	sorted := false
	for _, ci := range order {
		c := pq.concepts[ci]
		mark := uint16(ci + 1)
		for _, a := range c.alts {
			f := c.weight * a.factor
			idf := b.idx.idf[a.term] * a.factor
			ps := b.idx.postings[a.term]
			if len(s.touched) > 0 && len(ps) > sparseMin && len(ps) > sparseRatio*len(s.touched) {
				if !sorted {
					slices.Sort(s.touched)
					sorted = true
				}
				rest := ps
				for _, d := range s.touched {
					rest = rest[seek(rest, d):]
					if len(rest) == 0 {
						break
					}
					if rest[0].doc == d {
						s.acc[d].add(rest[0], f, idf, mark)
					}
				}
				continue
			}
			for _, p := range ps {
				x := &s.acc[p.doc]
				if x.mark == 0 {
					s.touched = append(s.touched, p.doc)
					sorted = false
				}
				x.add(p, f, idf, mark)
			}
		}
	}
	k := pq.total * kScale
	cands := make([]scored, 0, min(len(s.touched), n+16))
	inv := 1 / pq.total
	for _, d := range s.touched {
		x := &s.acc[d]
		raw, cov := x.score, x.cover*inv
		if len(cands) == cap(cands) && cov*maxBoost <= cands[len(cands)-1].final {
			*x = acc{} // final ≤ coverage × maxBoost: it cannot make the list
			continue
		}
		tcov := float32(0)
		if t := b.idx.titleIDF[d]; t > 0 {
			tcov = min(x.tcover/t, 1) * min(1, tqScale*x.tquery/pq.total)
		}
		*x = acc{}
		final := cov * raw / (raw + k) * (1 + titleBonus*tcov) * (1 + priorBoost*b.idx.prior[d])
		if len(cands) < cap(cands) || final > cands[len(cands)-1].final {
			cands = insertTop(cands, scored{doc: d, cover: min(cov, 1), final: final, tcov: tcov})
		}
	}
	s.touched = s.touched[:0]
	b.preferSpecific(cands)
	return pq, cands, ""
}

// specificShare is how close a sub-section's score must come to its
// parent's for the sub-section to answer instead: it holds as much of
// the question, inherits the parent's title in its breadcrumb, and says
// less besides.
const specificShare = 0.8

// preferSpecific moves ahead of the best candidate a more specific
// section that covers as much of the question, scores nearly as well and
// has a title the question names in part, unless the question names the
// best section's whole title ("time off"). More specific is nested in it
// ("ask for days off": "Booking time off" under "Time Off"), or titled
// by its title and more words, in any file ("docker container logs"
// after "docker", "Titles for Support Leadership" after "Titles for
// Support").
func (b *Base) preferSpecific(cands []scored) {
	if len(cands) < 2 {
		return
	}
	best := b.idx.docs[cands[0].doc]
	if cands[0].tcov >= 1 {
		return // the question names the best section's whole title
	}
	for i := 1; i < len(cands); i++ {
		c := cands[i]
		sec := b.idx.docs[c.doc]
		if c.final < specificShare*cands[0].final {
			return
		}
		specific := len(sec.Path) > len(best.Path) && Nested(best, sec) || extendsTitle(best.Title, sec.Title)
		if specific && c.cover >= cands[0].cover && c.tcov > 0 {
			copy(cands[1:i+1], cands[:i])
			cands[0] = c
			return
		}
	}
}

// extendsTitle reports whether title is base followed by more words.
func extendsTitle(base, title string) bool {
	return len(title) > len(base)+1 && title[len(base)] == ' ' && strings.EqualFold(title[:len(base)], base)
}

// insertTop inserts c into cands, kept sorted best first and bounded by
// cap(cands).
func insertTop(cands []scored, c scored) []scored {
	i, _ := slices.BinarySearchFunc(cands, c, func(a, b scored) int {
		switch {
		case a.final > b.final:
			return -1
		case a.final < b.final:
			return 1
		case a.doc < b.doc:
			return -1
		case a.doc > b.doc:
			return 1
		}
		return 0
	})
	if len(cands) < cap(cands) {
		cands = append(cands, scored{})
	} else if i >= len(cands) {
		return cands
	}
	copy(cands[i+1:], cands[i:])
	cands[i] = c
	return cands
}

// matchedTerms lists the question's concepts found in section doc.
func (b *Base) matchedTerms(pq query, doc uint32) []string {
	var out []string
	for _, c := range pq.concepts {
		if b.hasConcept(c, doc) {
			out = append(out, c.surface)
		}
	}
	return out
}
