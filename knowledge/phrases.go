package knowledge

import (
	"slices"
	"strconv"
)

// Phrase synonyms ("time off" for "pto", 费用报销 for 报销) are matched
// where their words stand together: in a section, each occurrence of a
// phrase member adds its group's term (groupTerm) to the field, so that
// a question finds the group there as it finds a word; in a question, the
// words of a phrase member find the group's other members.

// groupTerm is the indexed term of synonym group g: a phrase member of g
// stands there. No analysed word holds a NUL byte.
func groupTerm(g int32) string { return "\x00" + strconv.Itoa(int(g)) }

// phraseIndex is a lexicon's view of the synonym phrases: their terms as
// the lexicon's IDs, registered up front so every lexicon has them.
type phraseIndex struct {
	first  [][]int    // by the ID of a phrase's first term (below below): phrases
	terms  [][]uint32 // by phrase
	groups []uint32   // by phrase: the ID of its group's term
	added  []string   // every term registered for phrases
	below  uint32     // registered first, their IDs are all below this
	second []bool     // by ID (below below): the second term of a phrase
}

// addPhrases registers the phrases of syn in l; sections it analyses
// then get their groups' terms (markPhrases).
func (l *lexicon) addPhrases(syn *Synonyms) {
	if syn == nil || len(syn.phrases) == 0 {
		return
	}
	if len(l.terms) > 0 {
		panic("knowledge: addPhrases on a lexicon in use") // below would not hold
	}
	px := &phraseIndex{}
	for _, p := range syn.phrases {
		ids := make([]uint32, len(p.terms))
		for j, t := range p.terms {
			ids[j] = l.id(t)
		}
		px.terms = append(px.terms, ids)
		px.groups = append(px.groups, l.id(groupTerm(p.group)))
		px.added = append(px.added, groupTerm(p.group))
		px.added = append(px.added, p.terms...)
	}
	px.below = uint32(len(l.terms))
	px.first = make([][]int, px.below)
	px.second = make([]bool, px.below)
	for i, ids := range px.terms {
		px.first[ids[0]] = append(px.first[ids[0]], i)
		px.second[ids[1]] = true
	}
	l.phrases = px
}

// forgetUnused drops from vocab the terms registered for phrases that no
// section has: the base does not know them, and a question word that is
// one of them must still be handled as unknown (typo correction, pairs
// of characters run together).
func forgetUnused(vocab map[string]uint32, lexs []*lexicon, raw [][]termCount) {
	for _, l := range lexs {
		if l.phrases == nil {
			continue
		}
		for _, t := range l.phrases.added {
			if id, ok := vocab[t]; ok && len(raw[id]) == 0 {
				delete(vocab, t)
			}
		}
	}
}

// markPhrases returns terms with the group term of each phrase found in
// them added at the end. terms is not changed.
func (l *lexicon) markPhrases(terms []uint32) []uint32 {
	px := l.phrases
	if px == nil {
		return terms
	}
	out, own := terms, false // own: out no longer shares terms' array
	for i, id := range terms {
		if id >= px.below {
			continue // one comparison a term: most are no phrase's
		}
		ps := px.first[id]
		if len(ps) == 0 || i+1 == len(terms) {
			continue
		}
		// Most phrases that start here end at the next term: a word that
		// is not their second (a single CJK character between pairs is
		// skipped, so that needs the whole match).
		next := terms[i+1]
		uni := false
		if next >= px.below || !px.second[next] {
			if uni = l.isUnigram(next); !uni {
				continue
			}
		}
		for _, p := range ps {
			if !uni && px.terms[p][1] != next {
				continue
			}
			if end := matchPhrase(px.terms[p], len(terms), i, func(k int) uint32 { return terms[k] }, func(k int) bool { return l.isUnigram(terms[k]) }); end > 0 {
				if !own { // the first append copies, so terms' spare room is never written
					out, own = slices.Clip(out), true
				}
				out = append(out, px.groups[p])
			}
		}
	}
	return out
}

// isUnigram reports whether term id is a single CJK character.
func (l *lexicon) isUnigram(id uint32) bool { return termScript(l.terms[id]) == 1 }

// matchPhrase reports where phrase ends (one past its last term) in a
// sequence of n terms when it starts at i, or 0. Single CJK characters
// between a phrase's character pairs are skipped: 费用报销 is analysed
// as 费 用 费用 报 用报 销 报销.
func matchPhrase[T comparable](phrase []T, n, i int, at func(int) T, uni func(int) bool) int {
	if at(i) != phrase[0] {
		return 0
	}
	j := i + 1
	for _, want := range phrase[1:] {
		for j < n && uni(j) {
			j++
		}
		if j >= n || at(j) != want {
			return 0
		}
		j++
	}
	return j
}

// groupsOf returns the group terms of term's groups that have phrases:
// where a phrase synonym of term stands.
func (s *Synonyms) groupsOf(term string) []string {
	if s == nil {
		return nil
	}
	var out []string
	for _, g := range s.inGroup[term] {
		out = append(out, groupTerm(g))
	}
	return out
}

// phraseTerms returns the terms of group g's phrases but phrase skip.
func (s *Synonyms) phraseTerms(g int32, skip int) []string {
	var out []string
	for _, p := range s.members[g] {
		if p != skip {
			out = append(out, s.phrases[p].terms...)
		}
	}
	return out
}

// phraseSynonyms gives the concepts of each synonym phrase in the question
// (toks, with concepts[k] the concept of toks[k]) the phrase's synonyms:
// its group's single-term members and its group term, where the group's
// phrases stand in sections. A regional phrase (伺服器) counts only when
// the base lacks one of its terms, and finds the terms of its group's
// other members, as regional phrases are not marked in sections.
func (b *Base) phraseSynonyms(q *query, toks []token, concepts []int) {
	at := func(k int) string { return toks[k].term }
	uni := func(k int) bool { return toks[k].kind == kindUni }
	add := func(from, to int, syns []string) {
		for k := from; k < to; k++ {
			q.concepts[concepts[k]].addSynonyms(b.idx, syns)
		}
	}
	for i, t := range toks {
		if id, ok := b.closedCompound(toks, i); ok {
			for _, k := range concepts[i : i+2] {
				if c := &q.concepts[k]; !hasAlt(c.alts, id) {
					c.alts = append(c.alts, alt{id, synonymFactor})
				}
			}
		}
		if s := b.synonyms; s != nil {
			for _, p := range s.byFirst[t.term] {
				ph := s.phrases[p]
				if end := matchPhrase(ph.terms, len(toks), i, at, uni); end > 0 {
					add(i, end, append(slices.Clip(s.singles[ph.group]), groupTerm(ph.group)))
				}
			}
		}
		if b.regional == nil || t.kind != kindBi {
			continue // regional phrases are Chinese: they start with a pair
		}
		r := b.regional()
		for _, p := range r.byFirst[t.term] {
			ph := r.phrases[p]
			end := matchPhrase(ph.terms, len(toks), i, at, uni)
			if end == 0 || !slices.ContainsFunc(ph.terms, func(t string) bool { _, ok := b.idx.vocab[t]; return !ok }) {
				continue
			}
			add(i, end, append(slices.Clip(r.singles[ph.group]), r.phraseTerms(ph.group, p)...))
		}
	}
}

// closedCompound returns the term of toks[i] and toks[i+1] written as one
// word, when the base has that word and they are two words of letters: a
// question's "file system", "time zone", "clean up" or "e-mail" finds a
// section's "filesystem", "timezone", "cleanup", "email".
func (b *Base) closedCompound(toks []token, i int) (uint32, bool) {
	if i+1 >= len(toks) {
		return 0, false
	}
	x, y := toks[i], toks[i+1]
	n := len(x.surface) + len(y.surface)
	if x.kind != kindWord || y.kind != kindWord || x.term == y.term || n < minCompound || n > maxJoined ||
		!isASCIIAlpha(x.surface) || !isASCIIAlpha(y.surface) {
		return 0, false
	}
	var buf [maxJoined]byte
	w := append(append(buf[:0], x.surface...), y.surface...)
	st, ok := b.idx.stems[string(w)] // a word the base has: no copy to look up
	if !ok {
		return 0, false
	}
	id, ok := b.idx.vocab[st]
	return id, ok
}

// minCompound is the shortest closed compound closedCompound looks for.
const minCompound = 4
