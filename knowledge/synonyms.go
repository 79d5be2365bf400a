package knowledge

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// Synonyms maps terms to terms that mean the same, applied to questions:
// a question word also finds sections that use its synonyms.
type Synonyms struct {
	groups map[string][]string // analysed term -> the other terms of its groups
}

// ParseSynonyms reads a synonyms file: one group per line, terms (words or
// short phrases, any language) separated by commas; blank lines and lines
// starting with # are ignored. For example:
//
//	pto, vacation, time off, holiday
//	报销, 费用报销, reimbursement
func ParseSynonyms(r io.Reader) (*Synonyms, error) {
	s := &Synonyms{groups: map[string][]string{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	st := stemmer{}
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		var terms []string
		for _, part := range strings.FieldsFunc(line, func(r rune) bool { return r == ',' || r == '，' || r == '、' }) {
			before := len(terms)
			analyze(Fold(part), st.stem, false, func(t token) {
				if t.kind != kindUni {
					terms = append(terms, t.term)
				}
			})
			if len(terms) == before && strings.TrimSpace(part) != "" {
				return nil, fmt.Errorf("knowledge: synonyms line %d: %q has no words to match", n, strings.TrimSpace(part))
			}
		}
		if len(terms) < 2 {
			return nil, fmt.Errorf("knowledge: synonyms line %d: a group needs at least two terms separated by commas", n)
		}
		for _, t := range terms {
			for _, o := range terms {
				if o != t && !contains(s.groups[t], o) {
					s.groups[t] = append(s.groups[t], o)
				}
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("knowledge: synonyms line %d: %w", n+1, err)
	}
	return s, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// of returns the synonyms of an analysed term.
func (s *Synonyms) of(term string) []string {
	if s == nil {
		return nil
	}
	return s.groups[term]
}
