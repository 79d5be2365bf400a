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
			if t := lastTerm(w, st.stem); t != "" {
				broader = append(broader, t)
			}
		}
		if len(broader) == 0 {
			return nil, fmt.Errorf("parse broader terms: line %d: no broader word before the colon", n+1)
		}
		for _, name := range strings.Split(right, ",") {
			t := lastTerm(name, nil)
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

// lastTerm returns the last word or pair of characters of s, or "":
// stemmed when stem is not nil, else folded as written (names are matched
// as written, as a stem would join everyday words: "maine" and "main"
// stem alike).
func lastTerm(s string, stem func(string) string) string {
	last := ""
	analyze(Fold(s), stem, false, func(t token) {
		switch {
		case t.kind == kindWord && stem == nil:
			last = t.surface
		case t.kind != kindUni:
			last = t.term
		}
	})
	return last
}

// broaderOf returns the broader terms of a question's word or pair name
// (GeneralBroader), or nil.
func (b *Base) broaderOf(name string) []string {
	if b.broader == nil {
		return nil
	}
	return b.broader()[name]
}
