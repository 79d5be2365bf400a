package knowledge

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sahilm/fuzzy"
)

// maxFuzzyRunes caps the pattern given to sahilm/fuzzy, whose score
// overflows past about 40 matched runes.
const maxFuzzyRunes = 32

// suggestKey is s as Suggest compares it: folded, with each run of
// spaces, dashes and underscores made one space and none at either end,
// so that "git-commit" and "ssh keygen" find "git commit" and
// "ssh-keygen".
func suggestKey(s string) string {
	return strings.Join(strings.FieldsFunc(Fold(s), isSeparator), " ")
}

// isSeparator is what suggestKey treats as a space: white space, dashes
// and connector punctuation such as "_".
func isSeparator(r rune) bool {
	return unicode.IsSpace(r) || unicode.In(r, unicode.Pd, unicode.Pc)
}

// titleSource adapts the folded titles to fuzzy.Source.
type titleSource []string

// String returns title i, for fuzzy.Source.
func (t titleSource) String(i int) string { return t[i] }

// Len returns the number of titles, for fuzzy.Source.
func (t titleSource) Len() int { return len(t) }

// Suggest returns up to n sections whose titles match prefix, best first:
// for autocomplete and for short queries that find nothing. Titles equal
// to the prefix come first, then titles that start with it, then titles
// containing it, then fuzzy (subsequence) matches by sahilm/fuzzy's
// score. Matching is on folded text, so Traditional characters,
// full-width letters and case do not matter, and a dash, an underscore
// and a space are alike. An empty prefix lists sections in document order.
func (b *Base) Suggest(prefix string, n int) []*Section {
	if n <= 0 {
		return nil
	}
	p := suggestKey(prefix)
	if utf8.RuneCountInString(p) > maxFuzzyRunes {
		p = string([]rune(p)[:maxFuzzyRunes])
	}
	var out []*Section
	seen := map[int]bool{}
	take := func(i int) bool {
		if seen[i] {
			return len(out) >= n
		}
		seen[i] = true
		out = append(out, b.sections[i])
		return len(out) >= n
	}
	if p == "" {
		for i := range b.sections {
			if take(i) {
				return out
			}
		}
		return out
	}
	// An exact title first: typing "docker" must offer the docker page
	// before the many "docker …" pages that precede it in the documents.
	// A map finds it without a pass over every title, so the passes below
	// can stop at the n-th match.
	b.suggestTitles()
	for _, i := range b.exact[p] {
		if take(i) {
			return out
		}
	}
	for _, contains := range []bool{false, true} {
		for i, t := range b.titles {
			if (!contains && strings.HasPrefix(t, p)) || (contains && strings.Contains(t, p)) {
				if take(i) {
					return out
				}
			}
		}
	}
	for _, m := range fuzzy.FindFrom(p, titleSource(b.titles)) { // titles built above
		if take(m.Index) {
			return out
		}
	}
	return out
}

// suggestTitles builds Suggest's view of the titles once.
func (b *Base) suggestTitles() {
	b.titlesOnce.Do(func() {
		b.titles = make([]string, len(b.sections))
		b.exact = make(map[string][]int, len(b.sections))
		for i, s := range b.sections {
			t := suggestKey(s.Title)
			b.titles[i] = t
			b.exact[t] = append(b.exact[t], i)
		}
	})
}
