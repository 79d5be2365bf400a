package knowledge

import (
	"math"
	"slices"
)

// buildPrior rates each section by how many other sections name its
// title (all of its title's words) in their code: a command that other
// pages' examples run or point to ("See also: `du`") is more likely what
// a question means than an obscure one with the same words. Prose does
// not count: there "file" and "make" are words, not names. The rating is
// log(1+mentions), scaled to [0,1]; a base without code has none.
func (ix *index) buildPrior(secs []analyzed, trans map[*lexicon][]uint32) {
	ix.prior = make([]float32, len(secs))
	inCode := map[uint32][]uint32{} // term -> sections with it in code, ascending
	for d, a := range secs {
		tr := trans[a.lex]
		for _, lid := range a.code {
			id := tr[lid]
			if l := inCode[id]; len(l) == 0 || l[len(l)-1] != uint32(d) {
				inCode[id] = append(l, uint32(d))
			}
		}
	}
	if len(inCode) == 0 {
		return
	}
	var maxP float32
	var lists [][]uint32
	for d, a := range secs {
		lists = lists[:0]
		for _, lid := range a.fields[fTitle][:a.titleWords] {
			lists = append(lists, inCode[trans[a.lex][lid]])
		}
		if len(lists) == 0 || len(lists) > 4 {
			continue
		}
		slices.SortFunc(lists, func(a, b []uint32) int { return len(a) - len(b) })
		n := 0
		for _, doc := range lists[0] {
			if int(doc) != d && inAll(lists[1:], doc) {
				n++
			}
		}
		ix.prior[d] = float32(math.Log1p(float64(n)))
		maxP = max(maxP, ix.prior[d])
	}
	if maxP > 0 {
		for d := range ix.prior {
			ix.prior[d] /= maxP
		}
	}
}

// inAll reports whether every list holds doc.
func inAll(lists [][]uint32, doc uint32) bool {
	for _, l := range lists {
		if _, ok := slices.BinarySearch(l, doc); !ok {
			return false
		}
	}
	return true
}
