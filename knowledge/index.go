package knowledge

import (
	"math"
	"strings"
	"sync"
	"unicode/utf8"
)

// Fields of a section, scored separately (BM25F).
const (
	fTitle = iota
	fPath  // the breadcrumb above the title
	fAlias // front matter aliases and keywords
	fLead  // the body's first paragraph: what the section is about
	fBody
	numFields
)

// BM25F parameters: each field's weight and length normalisation.
// Titles and aliases are short and say what a section is about; the body
// is long and says much besides.
var (
	fieldWeight = [numFields]float32{3.0, 1.2, 2.5, 1.0, 1.0}
	fieldB      = [numFields]float32{0.3, 0.3, 0.2, 0.5, 0.75}
)

const k1 = 1.2

// posting is one section containing a term, with the term's saturated
// BM25F weight in that section precomputed (it does not depend on the
// question), so searching is one multiply-add per posting.
type posting struct {
	doc   uint32
	w     float32
	title bool // the term is in the section's title
}

// index is an inverted index over the searchable sections.
type index struct {
	vocab    map[string]uint32
	postings [][]posting
	idf      []float32
	maxIDF   float32 // idf of a term found in one section: for unknown terms
	n        int     // sections indexed
	docs     []*Section
	titleIDF []float32         // per section: sum of the idf of its distinct title terms
	prior    []float32         // per section: how often others mention it, in [0,1]
	cjkShare float32           // CJK characters / (those + words) in the bodies
	stems    map[string]string // surface word -> stem, for questions
	words    []string          // indexed surface words, by length: typo candidates
	wordLen  []int             // wordLen[l] = first index in words of length >= l
	typoOnce sync.Once
	// soundsOnce builds sounds when a question first needs it.
	soundsOnce sync.Once
	sounds     map[string][]soundAlike // "qie|huan" -> the base's pairs read so
	deletes    map[string][]int32      // one-letter deletions -> words (built lazily)
	masks      []uint32                // letters of each word
}

// analyzed is a section's text split into terms per field. Terms are
// IDs in the vocabulary of the loader goroutine (lexicon) that made them:
// four bytes a token instead of a string, and one map lookup per distinct
// term instead of one per token when the index is built.
type analyzed struct {
	sec    *Section
	lex    *lexicon
	fields [numFields][]uint32
	code   []uint32          // the terms of its code spans and blocks
	joined [numFields]uint32 // how many of fields' terms are hyphenJoins'
	// titleWords is how many of the title's terms are its words, before
	// their hyphenJoins and synonym phrases.
	titleWords int
}

// lexicon is one loader goroutine's vocabulary, and what each word it has
// seen stems to. It is not safe for concurrent use.
type lexicon struct {
	ids     map[string]uint32
	terms   []string
	words   map[string]int32 // folded word -> ID of its stem, or -1 for a stop word
	lower   []byte           // scratch: a word lowercased
	phrases *phraseIndex     // synonym phrases, when there are any
	joinBuf [maxJoined]byte  // scratch for hyphenJoins
}

func newLexicon() *lexicon {
	return &lexicon{ids: make(map[string]uint32, 1<<12), words: make(map[string]int32, 1<<12)}
}

// id returns the local ID of term, adding it when new.
func (l *lexicon) id(term string) uint32 {
	if id, ok := l.ids[term]; ok {
		return id
	}
	t := strings.Clone(term)
	id := uint32(len(l.terms))
	l.ids[t] = id
	l.terms = append(l.terms, t)
	return id
}

// appendTerms analyses folded text s and appends its term IDs to dst.
func (l *lexicon) appendTerms(dst []uint32, s string) []uint32 {
	dst, _ = l.appendKinds(dst, s, true, true)
	return dst
}

// appendWords is appendTerms without single CJK characters: for names
// whose characters alone mean something else (开头: 开 is "open").
func (l *lexicon) appendWords(dst []uint32, s string) []uint32 {
	dst, _ = l.appendKinds(dst, s, false, true)
	return dst
}

// appendKinds appends the term IDs of folded text s to dst: single CJK
// characters when unigrams, and with joins its hyphenated words run
// together besides ("re-run", "e-mail", "sign-in" as a question may write
// them: "rerun", "email", "signin"). It returns how many of the appended
// terms are such joins. Code has no joins: there hyphens are options and
// names are typed as they are.
func (l *lexicon) appendKinds(dst []uint32, s string, unigrams, joins bool) ([]uint32, int) {
	analyze(s, nil, false, func(t token) {
		switch {
		case t.kind == kindWord:
			dst = l.appendWord(dst, t.surface)
		case unigrams || t.kind != kindUni:
			dst = append(dst, l.id(t.term))
		}
	})
	if !joins {
		return dst, 0
	}
	n := len(dst)
	hyphenJoins(s, &l.joinBuf, func(w []byte) {
		id, ok := l.words[string(w)] // lowercase already; no copy to look up
		if !ok {
			id = l.newWord(string(w))
		}
		if id >= 0 {
			dst = append(dst, uint32(id))
		}
	})
	return dst, len(dst) - n // a join that is a stop word ("it-s") adds nothing
}

// appendWord appends the term ID of word w, unless it is a stop word.
// One map lookup a word: what it stems to, and whether it is a stop word,
// are worked out the first time the lexicon sees it.
func (l *lexicon) appendWord(dst []uint32, w string) []uint32 {
	var id int32
	var ok bool
	upper := hasUpperASCII(w) // ASCII text is not folded ahead (foldBody)
	if upper {
		l.lower = appendLowerASCII(l.lower[:0], w)
		id, ok = l.words[string(l.lower)] // no copy to look up
	} else {
		id, ok = l.words[w]
	}
	if !ok {
		if upper {
			id = l.newWord(string(l.lower))
		} else {
			id = l.newWord(strings.Clone(w))
		}
	}
	if id >= 0 {
		dst = append(dst, uint32(id))
	}
	return dst
}

// newWord records lowercase word w, which the lexicon has not seen, and
// returns the ID of its stem, or -1 for a stop word.
func (l *lexicon) newWord(w string) int32 {
	id := int32(-1)
	if !isStopWord(w) {
		id = int32(l.id(stemWord(w)))
	}
	l.words[w] = id
	return id
}

// addStems records in stems what each word the lexicon has seen stems to.
func (l *lexicon) addStems(stems stemmer) {
	for w, id := range l.words {
		if id >= 0 {
			stems[w] = l.terms[id]
		}
	}
}

// termCount accumulates a term's frequency per field in one section.
type termCount struct {
	doc uint32
	tf  [numFields]uint16
}

// buildIndex indexes the analysed sections made with lexicons lexs.
func buildIndex(secs []analyzed, lexs []*lexicon, stems map[string]string) *index {
	ix := &index{vocab: make(map[string]uint32, 1<<14), stems: stems, n: len(secs)}
	trans, script := ix.mergeVocab(lexs)
	raw := termSlots(secs, trans, len(ix.vocab))
	lens := ix.countTerms(secs, trans, script, raw)
	forgetUnused(ix.vocab, lexs, raw)
	ix.weigh(raw, lens, script)
	// Independent: the typo-correction word list and the prior.
	var wg sync.WaitGroup
	wg.Go(ix.buildWords)
	ix.buildPrior(secs, trans)
	wg.Wait()
	return ix
}

// mergeVocab gives every lexicon's terms global IDs: trans maps a
// lexicon's IDs to them, and script tells each term's kind (termScript).
func (ix *index) mergeVocab(lexs []*lexicon) (trans map[*lexicon][]uint32, script []int8) {
	trans = make(map[*lexicon][]uint32, len(lexs))
	for _, l := range lexs {
		tr := make([]uint32, len(l.terms))
		for i, t := range l.terms {
			id, ok := ix.vocab[t]
			if !ok {
				id = uint32(len(ix.vocab))
				ix.vocab[t] = id
				script = append(script, termScript(t))
			}
			tr[i] = id
		}
		trans[l] = tr
	}
	return trans, script
}

// termSlots returns an empty slice a term with room for one count per
// section holding it: one array, counted first, so no slice grows.
func termSlots(secs []analyzed, trans map[*lexicon][]uint32, nTerms int) [][]termCount {
	df := make([]uint32, nTerms)
	lastDoc := make([]uint32, nTerms)
	for d, a := range secs {
		tr := trans[a.lex]
		for _, terms := range a.fields {
			for _, lid := range terms {
				if id := tr[lid]; lastDoc[id] != uint32(d)+1 {
					lastDoc[id] = uint32(d) + 1
					df[id]++
				}
			}
		}
	}
	raw := make([][]termCount, nTerms)
	flat := make([]termCount, 0, sumOf(df))
	for id, n := range df {
		raw[id] = flat[len(flat) : len(flat) : len(flat)+int(n)]
		flat = flat[:len(flat)+int(n)]
	}
	return raw
}

// countTerms fills raw with each term's frequency per field in each
// section, sets ix.docs and ix.cjkShare, and returns the sections' field
// lengths.
func (ix *index) countTerms(secs []analyzed, trans map[*lexicon][]uint32, script []int8, raw [][]termCount) [][numFields]uint32 {
	lastDoc := make([]uint32, len(raw))
	lens := make([][numFields]uint32, len(secs))
	var cjkChars, words int
	ix.docs = make([]*Section, 0, len(secs))
	for d, a := range secs {
		ix.docs = append(ix.docs, a.sec)
		tr := trans[a.lex]
		for f, terms := range a.fields {
			lens[d][f] = uint32(len(terms)) - a.joined[f] // a second spelling adds no length
			for _, lid := range terms {
				id := tr[lid]
				if f == fBody {
					switch script[id] {
					case 1:
						cjkChars++
					case -1:
						words++
					}
				}
				if lastDoc[id] != uint32(d)+1 {
					lastDoc[id] = uint32(d) + 1
					raw[id] = append(raw[id], termCount{doc: uint32(d)}) // within its capacity
				}
				if tc := &raw[id][len(raw[id])-1]; tc.tf[f] < math.MaxUint16 {
					tc.tf[f]++
				}
			}
		}
	}
	if cjkChars+words > 0 {
		ix.cjkShare = float32(cjkChars) / float32(cjkChars+words)
	}
	return lens
}

// weigh turns the term counts into postings: BM25F with per-field length
// normalisation, saturated once over the fields, and each term's IDF.
// A title's IDF leaves out synonym phrases' group terms: a question that
// says the title's words finds them, not the group term besides, and
// must name the whole title.
func (ix *index) weigh(raw [][]termCount, lens [][numFields]uint32, script []int8) {
	var avg [numFields]float32
	for f := range avg {
		var sum, with float64
		for _, l := range lens {
			if l[f] > 0 {
				sum += float64(l[f])
				with++
			}
		}
		avg[f] = 1
		if with > 0 {
			// Over the sections that have the field: aliases are few,
			// and a section's one alias is not long.
			avg[f] = float32(sum / with)
		}
	}
	n := float64(len(lens))
	ix.postings = make([][]posting, len(raw))
	ix.idf = make([]float32, len(raw))
	ix.titleIDF = make([]float32, len(lens))
	ix.maxIDF = float32(math.Log(1 + (n-1+0.5)/(1+0.5)))
	all := make([]posting, 0, countPostings(raw))
	for id, tcs := range raw {
		df := float64(len(tcs))
		ix.idf[id] = float32(math.Log(1 + (n-df+0.5)/(df+0.5)))
		start := len(all)
		for _, tc := range tcs {
			var tf float32
			for f := 0; f < numFields; f++ {
				if tc.tf[f] == 0 {
					continue
				}
				norm := 1 - fieldB[f] + fieldB[f]*float32(lens[tc.doc][f])/avg[f]
				tf += fieldWeight[f] * float32(tc.tf[f]) / norm
			}
			inTitle := tc.tf[fTitle] > 0
			if inTitle && script[id] != scriptGroup {
				ix.titleIDF[tc.doc] += ix.idf[id]
			}
			all = append(all, posting{doc: tc.doc, w: tf * (k1 + 1) / (tf + k1), title: inTitle})
		}
		ix.postings[id] = all[start:len(all):len(all)]
	}
}

// termScript tells what an indexed term is: 1 a single CJK character,
// -1 a word of a spaced script, 0 a pair of CJK characters, scriptGroup
// a synonym phrase's group term.
func termScript(t string) int8 {
	r, size := utf8.DecodeRuneInString(t)
	switch {
	case r == 0:
		return scriptGroup
	case isCJK(r):
		if size == len(t) {
			return 1
		}
		return 0
	}
	return -1
}

// scriptGroup is termScript's kind for a synonym phrase's group term.
const scriptGroup = 2

func sumOf(counts []uint32) int {
	n := 0
	for _, c := range counts {
		n += int(c)
	}
	return n
}

func countPostings(raw [][]termCount) int {
	n := 0
	for _, r := range raw {
		n += len(r)
	}
	return n
}

// stem stems a question word, using the index's memory when it can.
func (ix *index) stem(w string) string {
	if st, ok := ix.stems[w]; ok {
		return st
	}
	return stemWord(w)
}

// hasUpperASCII reports whether s has a letter A to Z.
func hasUpperASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			return true
		}
	}
	return false
}

// appendLowerASCII appends s to dst with A to Z lowercased.
func appendLowerASCII(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}
