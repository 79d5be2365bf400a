package knowledge

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"sync"
)

//go:embed broader.txt
var broaderText string

// broaderFactor is how much a broader word counts for a name a question
// uses: less than a synonym (synonymFactor), as "country" is not Spain.
const broaderFactor = 0.6

// Broader maps a name to broader terms that documents use for it: a
// place or a day a question names ("Spain", 德国, "Christmas") to what
// documents call things of its kind ("country", 海外, "holiday"). It
// applies one way only. Names are folded words, not stemmed, or pairs of
// characters; broader terms are indexed terms (stems).
type Broader map[string][]string

// GeneralBroader returns the embedded list (knowledge/broader.txt):
// countries, states, provinces, named holidays and devices by brand, and
// the words documents use for them. The map is shared: do not modify it.
func GeneralBroader() Broader { return generalBroader() }

var generalBroader = sync.OnceValue(func() Broader {
	b, err := ParseBroader(broaderText)
	if err != nil {
		panic(err) // embedded at build time and tested
	}
	return b
})

// ParseBroader parses lines of "broader, broader: name, name, ..." ("#"
// starts a comment). A name of several terms counts by its last one.
func ParseBroader(text string) (Broader, error) {
	out := Broader{}
	st := stemmer{}
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		left, right, ok := strings.Cut(line, ":")
		if !ok {
			return nil, fmt.Errorf("parse broader terms: line %d: want \"broader: name, name\", no colon", n+1)
		}
		var broader []string
		for _, w := range strings.Split(left, ",") {
			if t := lastTerm(w, st); t != "" {
				broader = append(broader, t)
			}
		}
		if len(broader) == 0 {
			return nil, fmt.Errorf("parse broader terms: line %d: no broader word before the colon", n+1)
		}
		for _, name := range strings.Split(right, ",") {
			t := lastKey(name)
			if t == "" {
				if strings.TrimSpace(name) != "" {
					return nil, fmt.Errorf("parse broader terms: line %d: %q has no word to find", n+1, strings.TrimSpace(name))
				}
				continue
			}
			for _, b := range broader {
				if b != t && !slices.Contains(out[t], b) {
					out[t] = append(out[t], b)
				}
			}
		}
	}
	return out, nil
}

// lastKey returns the last word of s, folded but not stemmed, or its last
// pair of characters, or "": names are matched as written, as a stem
// would join everyday words ("maine" and "main" stem alike).
func lastKey(s string) string {
	last := ""
	analyze(Fold(s), nil, false, func(t token) {
		switch t.kind {
		case kindWord:
			last = t.surface
		case kindBi:
			last = t.term
		}
	})
	return last
}

// lastTerm returns the last word or pair of characters of s, analysed as
// documents are, or "".
func lastTerm(s string, st stemmer) string {
	last := ""
	analyze(Fold(s), st.stem, false, func(t token) {
		if t.kind != kindUni {
			last = t.term
		}
	})
	return last
}

// addBroader gives concept c, for question word or pair name, the broader terms
// the base has (GeneralBroader), and returns the IDF c then has: unchanged when
// c was found already, else that of the first broader term found.
func (b *Base) addBroader(c *concept, name string, idf float32) float32 {
	if b.broader == nil {
		return idf
	}
	hs := b.broader()[name]
	if len(hs) == 0 {
		return idf
	}
	known := len(c.alts) > 0
	for _, h := range hs {
		if id, ok := b.idx.vocab[h]; ok && !hasAlt(c.alts, id) {
			c.alts = append(c.alts, alt{id, broaderFactor})
		}
	}
	if !known && len(c.alts) > 0 {
		return b.idx.idf[c.alts[0].term]
	}
	return idf
}
