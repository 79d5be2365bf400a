package knowledge

import (
	"bufio"
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"slices"
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
// a question word also finds sections that use its synonyms. A member of
// two or more words ("time off", 费用报销) is a phrase: it counts only
// where its words stand together, in the question and in the sections,
// and its words on their own are no synonyms of anything ("time" is not
// "vacation").
type Synonyms struct {
	groups  map[string][]string // single-term member -> its groups' other single-term members
	phrases []synPhrase         // members of two or more terms
	inGroup map[string][]int32  // single-term member -> its groups that have phrases
	singles [][]string          // by group that has phrases: its single-term members
	members [][]int             // by group that has phrases: its phrases
	byFirst map[string][]int    // first term of a phrase -> phrases
}

// synPhrase is a member of two or more terms of a group that has
// phrases.
type synPhrase struct {
	terms []string
	group int32
}

// ParseSynonyms reads a synonyms file: one group per line, terms (words or
// short phrases, any language) separated by commas; blank lines and lines
// starting with # are ignored. A file saved as UTF-16 with a byte order
// mark, or as UTF-8 with one, is read as its text. For example:
//
//	pto, vacation, time off, holiday
//	报销, 费用报销, reimbursement
func ParseSynonyms(r io.Reader) (*Synonyms, error) {
	s := &Synonyms{groups: map[string][]string{}, inGroup: map[string][]int32{}, byFirst: map[string][]int{}}
	br := bufio.NewReader(r)
	r = br
	if head, _ := br.Peek(2); string(head) == "\xff\xfe" || string(head) == "\xfe\xff" {
		// UTF-16 with a byte order mark (Notepad's "Unicode", PowerShell's >)
		data, err := io.ReadAll(br)
		if err != nil {
			return nil, &SynonymsError{1, err.Error()}
		}
		u, _ := fromUTF16(data)
		r = bytes.NewReader(u)
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	st := stemmer{}
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if n == 1 {
			line = strings.TrimPrefix(line, "\ufeff") // a byte order mark, as Windows editors save UTF-8
		}
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		var singles []string
		var phrases [][]string
		for _, part := range strings.FieldsFunc(line, func(r rune) bool { return r == ',' || r == '，' || r == '、' }) {
			var terms []string
			analyze(Fold(part), st.stem, false, func(t token) {
				if t.kind != kindUni {
					terms = append(terms, t.term)
				}
			})
			if len(terms) == 1 {
				if dropped := stopWordIn(part); dropped != "" {
					return nil, &SynonymsError{n, fmt.Sprintf("%q is only %q once %q, a stop word, is left out: write it as one word (\"login\") or leave it out", strings.TrimSpace(part), terms[0], dropped)}
				}
			}
			switch {
			case len(terms) == 1:
				if !slices.Contains(singles, terms[0]) {
					singles = append(singles, terms[0])
				}
			case len(terms) > 1:
				phrases = append(phrases, terms)
			case strings.TrimSpace(part) != "":
				return nil, &SynonymsError{n, fmt.Sprintf("%q has no words to match", strings.TrimSpace(part))}
			}
		}
		if len(singles)+len(phrases) < 2 {
			return nil, &SynonymsError{n, "a group needs at least two terms separated by commas"}
		}
		for _, t := range singles {
			fresh := len(s.groups[t]) == 0 // singles are distinct: nothing to check
			for _, o := range singles {
				if o != t && (fresh || !slices.Contains(s.groups[t], o)) {
					s.groups[t] = append(s.groups[t], o)
				}
			}
		}
		if len(phrases) > 0 {
			g := s.groupCount()
			var members []int
			for _, p := range phrases {
				s.byFirst[p[0]] = append(s.byFirst[p[0]], len(s.phrases))
				members = append(members, len(s.phrases))
				s.phrases = append(s.phrases, synPhrase{terms: p, group: g})
			}
			s.members = append(s.members, members)
			for _, t := range singles {
				s.inGroup[t] = append(s.inGroup[t], g)
			}
			s.singles = append(s.singles, singles)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, &SynonymsError{n + 1, err.Error()}
	}
	return s, nil
}

// stopWordIn returns a stop word of part when part has two or more
// words, or "".
func stopWordIn(part string) string {
	var words []string
	analyze(Fold(part), nil, false, func(t token) {
		if t.kind == kindWord {
			words = append(words, t.surface)
		}
	})
	if len(words) < 2 {
		return ""
	}
	for _, w := range words {
		if isStopWord(w) {
			return w
		}
	}
	return ""
}

// SynonymsError is what is wrong with a synonyms file, and on which line.
type SynonymsError struct {
	Line int
	Msg  string
}

// Error says which line of the synonyms is wrong and why.
func (e *SynonymsError) Error() string {
	return fmt.Sprintf("knowledge: synonyms line %d: %s", e.Line, e.Msg)
}

// groupCount is the number of groups that have phrases: they are
// numbered from 0.
func (s *Synonyms) groupCount() int32 { return int32(len(s.members)) }

// merge returns the groups of s and o together; either may be nil.
func (s *Synonyms) merge(o *Synonyms) *Synonyms {
	if s == nil || o == nil {
		if s == nil {
			return o
		}
		return s
	}
	m := &Synonyms{
		groups:  make(map[string][]string, len(s.groups)+len(o.groups)),
		inGroup: map[string][]int32{},
		byFirst: map[string][]int{},
	}
	for i, from := range []*Synonyms{s, o} {
		offset := int32(0)
		if i == 1 {
			offset = s.groupCount()
		}
		for t, others := range from.groups {
			if len(m.groups[t]) == 0 {
				m.groups[t] = slices.Clone(others) // distinct already
				continue
			}
			for _, x := range others {
				if !slices.Contains(m.groups[t], x) {
					m.groups[t] = append(m.groups[t], x)
				}
			}
		}
		for t, gs := range from.inGroup {
			for _, g := range gs {
				m.inGroup[t] = append(m.inGroup[t], g+offset)
			}
		}
		first := len(m.phrases)
		for _, p := range from.phrases {
			m.byFirst[p.terms[0]] = append(m.byFirst[p.terms[0]], len(m.phrases))
			m.phrases = append(m.phrases, synPhrase{terms: p.terms, group: p.group + offset})
		}
		m.singles = append(m.singles, from.singles...)
		for _, ps := range from.members {
			moved := make([]int, len(ps))
			for i, p := range ps {
				moved[i] = p + first
			}
			m.members = append(m.members, moved)
		}
	}
	return m
}

// of returns the single-term synonyms of an analysed term.
func (s *Synonyms) of(term string) []string {
	if s == nil {
		return nil
	}
	return s.groups[term]
}
