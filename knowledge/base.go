package knowledge

import "strings"

// Sections returns every section in document order, the untitled and
// empty ones included. Do not modify them.
func (b *Base) Sections() []*Section { return b.sections }

// Section returns the section with id, or nil.
func (b *Base) Section(id string) *Section { return b.byID[id] }

// Warnings returns the problems found while loading.
func (b *Base) Warnings() []Warning { return b.warnings }

// Files returns how many files were read.
func (b *Base) Files() int { return b.files }

// MaxSubsections bounds how many sub-sections answer for a heading with
// no text of its own (FullText).
const MaxSubsections = 20

// Subsections returns the sections nested under s in its file, in
// document order, at most limit of them (limit ≤ 0: all).
func (b *Base) Subsections(s *Section, limit int) []*Section {
	at := s.Order
	if at < 0 || at >= len(b.sections) || b.sections[at] != s {
		return nil
	}
	var out []*Section
	for _, c := range b.sections[at+1:] {
		if !c.SameFile(s) || c.Level <= s.Level || (limit > 0 && len(out) == limit) {
			break
		}
		out = append(out, c)
	}
	return out
}

// FullText returns what answers a question with s: its body or, for a
// heading with no text of its own (a part made only of sub-sections),
// its first sub-sections, each as its title and text, blank-line
// separated.
func (b *Base) FullText(s *Section) string {
	if strings.TrimSpace(s.Body) != "" {
		return s.Body
	}
	var parts []string
	for _, c := range b.Subsections(s, MaxSubsections) {
		parts = append(parts, c.Text())
	}
	return strings.Join(parts, "\n\n")
}

// CJKShare is the share of the knowledge base's body text written in
// Chinese, Japanese or Korean: CJK characters against words of spaced
// scripts, in [0,1]. The embedded essay is 1, an English handbook 0,
// Chinese pages with English commands in between.
func (b *Base) CJKShare() float64 {
	if b.idx == nil {
		return 0
	}
	return float64(b.idx.cjkShare)
}
