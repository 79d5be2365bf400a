package knowledge

import (
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
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
)

// Two tie-breakers: a section that others mention often (index.prior)
// gains up to priorBoost; the title bonus counts in full only when the
// title words the question names carry at least 1/tqScale of its weight,
// so a common word that happens to be a title ("make", "who") does not
// win on its own.
const (
	priorBoost = 0.1
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
}

// parseQuery analyses a question into concepts.
func (b *Base) parseQuery(q string) query {
	ix := b.idx
	var out query
	seen := map[string]bool{}
	analyze(Fold(q), ix.stem, true, func(t token) {
		if seen[t.term] {
			return
		}
		seen[t.term] = true
		c := concept{surface: t.surface, kind: t.kind, weak: t.weak}
		if c.surface == "" {
			c.surface = t.term
		}
		qw := float32(1)
		switch {
		case t.weak:
			qw = weakWeight
		case t.kind == kindUni:
			qw = uniWeight
		}
		idf := ix.maxIDF
		if id, ok := ix.vocab[t.term]; ok {
			c.alts = append(c.alts, alt{id, 1})
			idf = ix.idf[id]
		} else if t.kind == kindBi {
			// A pair the knowledge base never has is most often two words'
			// edges run together; its characters count on their own.
			qw *= unknownBigram
		} else if t.kind == kindWord {
			if isNumber(t.term) {
				qw = numberWeight
			}
			for _, w := range ix.corrections(t.surface) {
				if id, ok := ix.vocab[ix.stem(w)]; ok && !hasAlt(c.alts, id) {
					c.alts = append(c.alts, alt{id, typoFactor})
					idf = min(idf, ix.idf[id])
				}
			}
		}
		if b.synonyms != nil {
			for _, s := range b.synonyms.of(t.term) {
				if id, ok := ix.vocab[s]; ok && !hasAlt(c.alts, id) {
					c.alts = append(c.alts, alt{id, synonymFactor})
					if len(c.alts) == 1 {
						idf = ix.idf[id]
					}
				}
			}
		}
		c.weight = qw * idf
		out.concepts = append(out.concepts, c)
		out.total += c.weight
	})
	// A lone CJK character is a whole concept, not part of a longer run.
	// A Latin word in a CJK question ("git", "JSON") names a thing: it
	// weighs as much as a pair of characters and its single characters.
	hasCJK := false
	for _, c := range out.concepts {
		if c.kind != kindWord {
			hasCJK = true
			break
		}
	}
	for i := range out.concepts {
		c := &out.concepts[i]
		factor := float32(1)
		switch {
		case c.kind == kindUni && !hasNeighbourBigram(out.concepts, c.surface):
			factor = 1 / uniWeight
		case c.kind == kindWord && hasCJK && !c.weak:
			factor = latinInCJK
		}
		out.total += c.weight * (factor - 1)
		c.weight *= factor
	}
	return out
}

func hasAlt(alts []alt, id uint32) bool {
	for _, a := range alts {
		if a.term == id {
			return true
		}
	}
	return false
}

func hasNeighbourBigram(cs []concept, ch string) bool {
	for _, c := range cs {
		if len(c.surface) > len(ch) && utf8.RuneCountInString(c.surface) == 2 && strings.Contains(c.surface, ch) {
			return true
		}
	}
	return false
}

func isNumber(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
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

// scratch holds per-search dense arrays, reused through a pool.
type scratch struct {
	acc     []acc
	touched []uint32
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
	raw   float32
	cover float32
	final float32
}

// Search ranks the sections for query and returns at most n matches, best
// first, and whether the best is confident enough to be the answer.
// Safe for concurrent use.
func (b *Base) Search(q string, n int) Result {
	res := Result{Query: q}
	if n <= 0 {
		n = 1
	}
	if b.idx == nil || b.idx.n == 0 {
		res.Reason = "the knowledge base is empty"
		return res
	}
	pq := b.parseQuery(q)
	if pq.total == 0 {
		res.Reason = "the question has no words to look for"
		return res
	}
	s := b.getScratch()
	defer scratchPool.Put(s)
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
					i, found := slices.BinarySearchFunc(rest, d, func(p posting, d uint32) int { return int(p.doc) - int(d) })
					rest = rest[i:]
					if found {
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
			cands = insertTop(cands, scored{doc: d, raw: raw, cover: min(cov, 1), final: final})
		}
	}
	s.touched = s.touched[:0]
	b.finish(&res, pq, cands, n)
	return res
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

// finish fills res from the ranked candidates and decides Answered.
func (b *Base) finish(res *Result, pq query, cands []scored, n int) {
	for i, c := range cands {
		if i == n {
			break
		}
		sec := b.idx.docs[c.doc]
		res.Matches = append(res.Matches, Match{Section: sec, Score: float64(min(c.final, 1)), Coverage: float64(c.cover), Terms: b.matchedTerms(pq, c.doc)})
	}
	if len(cands) == 0 {
		res.Reason = "no section mentions what the question asks about"
		return
	}
	th := b.thresholds
	best := cands[0]
	switch {
	case float64(best.cover) < th.MinCoverage:
		res.Reason = "the best section covers too little of the question"
	case float64(min(best.final, 1)) < th.MinScore:
		res.Reason = "the best section matches the question too weakly"
	case float64(best.cover) < th.StrongCoverage && b.margin(cands) < th.MinMargin:
		res.Reason = "several sections match the question about equally"
	default:
		res.Answered = true
	}
}

// margin is the relative lead of the best candidate over the next one
// that is not its ancestor or descendant.
func (b *Base) margin(cands []scored) float64 {
	best := b.idx.docs[cands[0].doc]
	for _, c := range cands[1:] {
		if related(best, b.idx.docs[c.doc]) {
			continue
		}
		if cands[0].final == 0 {
			return 0
		}
		return float64((cands[0].final - c.final) / cands[0].final)
	}
	return 1
}

// related reports whether one section is inside the other.
func related(a, b *Section) bool {
	if a.Source != b.Source {
		return false
	}
	short, long := a.Path, b.Path
	if len(short) > len(long) {
		short, long = long, short
	}
	return slices.Equal(short, long[:len(short)])
}

// matchedTerms lists the question's concepts found in section doc.
func (b *Base) matchedTerms(pq query, doc uint32) []string {
	var out []string
	for _, c := range pq.concepts {
		for _, a := range c.alts {
			ps := b.idx.postings[a.term]
			if _, ok := slices.BinarySearchFunc(ps, doc, func(p posting, d uint32) int { return int(p.doc) - int(d) }); ok {
				out = append(out, c.surface)
				break
			}
		}
	}
	return out
}
