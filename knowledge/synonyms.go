package knowledge

import (
	"bufio"
	_ "embed"
	"fmt"
	"io"
	"strings"
	"sync"
)

//go:generate sh -c "go run ./internal/gentw $(go list -m -f '{{.Dir}}' github.com/longbridgeapp/opencc)/dictionary/TWPhrasesRev.txt > tw_phrases.txt"

//go:embed general_synonyms.txt
var generalSynonymsText string

//go:embed tw_phrases.txt
var twPhrasesText string

// GeneralSynonyms returns the general vocabulary every knowledge base
// knows unless Options.NoGeneralSynonyms is set: words people use for the
// same thing ("folder" and "directory", "salary" and "pay", 删除 and 移除),
// without product or command names.
func GeneralSynonyms() *Synonyms { return generalSynonyms() }

var generalSynonyms = sync.OnceValue(func() *Synonyms { return mustParse(generalSynonymsText) })

// RegionalSynonyms returns the words Taiwan and the mainland use for the
// same thing (伺服器 and 服务器, 檔案 and 文件), from OpenCC. Unlike
// GeneralSynonyms they apply only to a question's words that the
// knowledge base never uses: a base written in one usage answers a
// question in the other, and a question in the base's own usage is left
// as it is (服务器 must not also find 伺服 and 服器 in every mainland
// base). Options.NoGeneralSynonyms turns them off too.
func RegionalSynonyms() *Synonyms { return regionalSynonyms() }

var regionalSynonyms = sync.OnceValue(func() *Synonyms { return mustParse(twPhrasesText) })

func mustParse(text string) *Synonyms {
	s, err := ParseSynonyms(strings.NewReader(text))
	if err != nil {
		panic(err) // the lists are embedded at build time and tested
	}
	return s
}

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

// merge returns the groups of s and o together; either may be nil.
func (s *Synonyms) merge(o *Synonyms) *Synonyms {
	if s == nil || o == nil {
		if s == nil {
			return o
		}
		return s
	}
	m := &Synonyms{groups: make(map[string][]string, len(s.groups)+len(o.groups))}
	for _, from := range []*Synonyms{s, o} {
		for t, others := range from.groups {
			for _, x := range others {
				if !contains(m.groups[t], x) {
					m.groups[t] = append(m.groups[t], x)
				}
			}
		}
	}
	return m
}

// of returns the synonyms of an analysed term.
func (s *Synonyms) of(term string) []string {
	if s == nil {
		return nil
	}
	return s.groups[term]
}
