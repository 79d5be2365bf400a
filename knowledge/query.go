package knowledge

import (
	"slices"
	"unicode/utf8"
)

// maxConcepts bounds a question's distinct terms: a search marks each
// concept in 16 bits. Only a question of tens of thousands of words (no
// default length limit allows one) reaches it; its later new words are
// left out.
const maxConcepts = 1<<16 - 1

// parseQuery analyses a question into concepts.
func (b *Base) parseQuery(q string) query { return b.parseQueryIn(q, &scratch{}) }

// parseQueryIn is parseQuery with its working space in s.
func (b *Base) parseQueryIn(q string, s *scratch) query {
	ix := b.idx
	var out query
	if s.seen == nil {
		s.seen = map[string]int{}
	}
	seen := s.seen // term -> its concept
	clear(seen)
	// The question's terms in order, and each one's concept: for phrases.
	toks, concepts := s.toks[:0], s.concepts[:0]
	defer func() { s.toks, s.concepts = toks[:0], concepts[:0] }()
	analyze(Fold(q), ix.stem, true, func(t token) {
		if i, ok := seen[t.term]; ok {
			toks, concepts = append(toks, t), append(concepts, i)
			return
		}
		if len(out.concepts) >= maxConcepts {
			return // a search marks concepts in 16 bits (acc.mark)
		}
		seen[t.term] = len(out.concepts)
		toks, concepts = append(toks, t), append(concepts, len(out.concepts))
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
		syns := b.synonyms.of(t.term)
		if gs := b.synonyms.groupsOf(t.term); len(gs) > 0 {
			syns = append(slices.Clip(syns), gs...) // where its phrase synonyms stand
		}
		if id, ok := ix.vocab[t.term]; ok {
			c.alts = append(c.alts, alt{id, 1})
			idf = ix.idf[id]
		} else if t.kind == kindBi {
			// A pair the knowledge base never has is most often two words'
			// edges run together; its characters count on their own. Or
			// it is a word of the other region's usage (RegionalSynonyms),
			// or an input method's slip (切环 for 切换): then it counts as a
			// Latin typo does, unless it is a seam (boundaryPairs).
			syns = append(slices.Clip(syns), b.regionalOf(t.term)...)
			if c.alts = ix.appendSoundAlikes(c.alts, t.term); len(c.alts) > 0 {
				for _, a := range c.alts {
					idf = min(idf, ix.idf[a.term])
				}
			} else {
				qw *= unknownBigram
			}
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
			if len(c.alts) == 0 && questionWordTypo(t.surface) {
				c.weak, qw = true, 0 // "waht", "shoudl": a question word mistyped counts as it would
			}
		}
		if known := len(c.alts) > 0; c.addSynonyms(ix, syns) && !known {
			idf = ix.idf[c.alts[0].term] // found only through a synonym
		}
		if known := len(c.alts) > 0; c.addTerms(ix, b.broaderOf(c.surface), broaderFactor) && !known {
			idf = ix.idf[c.alts[0].term] // found only through its kind ("state" for Texas)
		}
		c.weight = qw * idf
		out.concepts = append(out.concepts, c)
		out.total += c.weight
	})
	b.phraseSynonyms(&out, toks, concepts)
	out.shareSynonyms()
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
	out.cjk = hasCJK
	if hasCJK {
		out.boundaryPairs()
	}
	var paired map[rune]bool // single characters are concepts only in CJK questions
	if hasCJK {
		paired = pairedRunes(out.concepts)
	}
	for i := range out.concepts {
		c := &out.concepts[i]
		factor := float32(1)
		switch {
		case c.kind == kindUni && !paired[firstRune(c.surface)]:
			factor = 1 / uniWeight
		case c.kind == kindWord && hasCJK && !c.weak:
			factor = latinInCJK
		}
		out.total += c.weight * (factor - 1)
		c.weight *= factor
	}
	return out
}

// addSynonyms adds the synonyms the base has as ways to find c, and
// reports whether it added any.
func (c *concept) addSynonyms(ix *index, syns []string) bool {
	return c.addTerms(ix, syns, synonymFactor)
}

// addTerms adds the terms the base has as ways to find c, counting
// factor of it, and reports whether it added any.
func (c *concept) addTerms(ix *index, terms []string, factor float32) bool {
	added := false
	for _, s := range terms {
		if id, ok := ix.vocab[s]; ok && !hasAlt(c.alts, id) {
			c.alts = append(c.alts, alt{id, factor})
			added = true
		}
	}
	return added
}

// regionalOf returns the regional synonyms of a CJK pair the base does
// not have (none with Options.NoGeneralSynonyms). Regional phrases are
// not marked in sections: their terms stand in for them.
func (b *Base) regionalOf(pair string) []string {
	if b.regional == nil {
		return nil
	}
	r := b.regional()
	out := r.of(pair)
	for _, g := range r.inGroup[pair] {
		out = append(slices.Clip(out), r.phraseTerms(g, -1)...)
	}
	return out
}

// shareSynonyms gives the characters of a CJK pair the synonyms found
// for the pair: where a section says 盈利 for the question's 赚钱, it
// holds 赚 and 钱 in the same sense, and the question's single
// characters must not count as missing there.
func (q *query) shareSynonyms() {
	for _, c := range q.concepts {
		if c.kind != kindBi {
			continue
		}
		for _, a := range c.alts {
			if a.factor != synonymFactor {
				continue
			}
			first, second := pairRunes(c.surface)
			for i := range q.concepts {
				u := &q.concepts[i]
				if u.kind != kindUni || hasAlt(u.alts, a.term) {
					continue
				}
				if r, _ := utf8.DecodeRuneInString(u.surface); r == first || r == second {
					u.alts = append(u.alts, a)
				}
			}
		}
	}
}

// boundaryPairs lowers the weight of character pairs that straddle two
// words the base knows: in 开源公司, 源公 is rare only because it is the
// seam between 开源 and 公司. Such a pair weighs no more than the heavier
// of its neighbours when the base has it, and nothing when it does not
// (its characters already count on their own). Sound-alikes of a seam
// (soundAlikes) are dropped: it is no typo.
func (q *query) boundaryPairs() {
	// The heaviest known pair each character starts and ends. A doubled
	// character (看看) is never a seam, so a pair is never its own
	// neighbour.
	starts, ends := map[rune]float32{}, map[rune]float32{}
	for _, c := range q.concepts {
		if c.kind == kindBi && slices.ContainsFunc(c.alts, func(a alt) bool { return !soundAlikeAlt(a) }) {
			first, second := pairRunes(c.surface) // a pair known only by its sound is no known word
			starts[first] = max(starts[first], c.weight)
			ends[second] = max(ends[second], c.weight)
		}
	}
	for i := range q.concepts {
		c := &q.concepts[i]
		if c.kind != kindBi {
			continue
		}
		first, second := pairRunes(c.surface)
		before, okBefore := ends[first]
		after, okAfter := starts[second]
		if first == second || !okBefore || !okAfter {
			continue
		}
		w := float32(0)
		if c.alts = slices.DeleteFunc(c.alts, soundAlikeAlt); len(c.alts) > 0 {
			w = min(c.weight, max(before, after))
		}
		q.total -= c.weight - w
		c.weight = w
	}
}

// soundAlikeAlt reports whether a pair's alternative was found by its
// sound (soundAlikes): a seam between two words is no typo.
func soundAlikeAlt(a alt) bool { return a.factor == typoFactor }

func pairRunes(s string) (rune, rune) {
	first, n := utf8.DecodeRuneInString(s)
	second, _ := utf8.DecodeRuneInString(s[n:])
	return first, second
}

func hasAlt(alts []alt, id uint32) bool {
	for _, a := range alts {
		if a.term == id {
			return true
		}
	}
	return false
}

// pairedRunes returns the characters of the question's two-character
// concepts: a single character among them is part of a longer run, not a
// whole concept. One pass, so a long Chinese question costs its length.
func pairedRunes(cs []concept) map[rune]bool {
	paired := map[rune]bool{}
	for _, c := range cs {
		if utf8.RuneCountInString(c.surface) == 2 {
			first, second := pairRunes(c.surface)
			paired[first], paired[second] = true, true
		}
	}
	return paired
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

func isNumber(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
