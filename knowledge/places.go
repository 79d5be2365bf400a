package knowledge

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"sync"
)

//go:embed places.txt
var placesText string

// broaderFactor is how much a broader word counts for a place a question
// names: less than a synonym (synonymFactor), as "country" is not Spain.
const broaderFactor = 0.6

// Broader maps a term to broader terms that documents use for it: a
// place a question names ("Spain", 德国) to what documents call places of
// its kind ("country", "abroad", 海外). It applies one way only.
type Broader map[string][]string

// Places returns the embedded list of places (knowledge/places.txt):
// countries, states and provinces, and the words documents use for them.
func Places() Broader { return places() }

var places = sync.OnceValue(func() Broader {
	b, err := ParseBroader(placesText)
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
			return nil, fmt.Errorf("parse places: line %d: want \"broader: name, name\", no colon", n+1)
		}
		var broader []string
		for _, w := range strings.Split(left, ",") {
			if t := lastTerm(w, st); t != "" {
				broader = append(broader, t)
			}
		}
		if len(broader) == 0 {
			return nil, fmt.Errorf("parse places: line %d: no broader word before the colon", n+1)
		}
		for _, name := range strings.Split(right, ",") {
			t := lastTerm(name, st)
			if t == "" {
				if strings.TrimSpace(name) != "" {
					return nil, fmt.Errorf("parse places: line %d: %q has no word to find", n+1, strings.TrimSpace(name))
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

// addBroader gives concept c, for question term term, the broader terms
// the base has (Places), and returns the IDF c then has: unchanged when
// c was found already, else that of the first broader term found.
func (b *Base) addBroader(c *concept, term string, idf float32) float32 {
	if b.broader == nil {
		return idf
	}
	hs := b.broader()[term]
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
