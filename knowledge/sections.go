package knowledge

import (
	"crypto/sha1"
	"encoding/hex"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// makeSections turns a parsed document into sections with breadcrumbs,
// URLs and analysed fields.
func makeSections(src Source, f file, doc document, lex *lexicon) []analyzed {
	type level struct {
		level int
		title string
	}
	var stack []level
	anchors := map[string]int{}
	out := make([]analyzed, 0, len(doc.sections))
	aliases := append(append(append([]string{}, doc.meta.Aliases...), doc.meta.Keywords...), doc.meta.Tags...)
	var aliasTerms []uint32
	for _, a := range aliases {
		aliasTerms = lex.appendTerms(aliasTerms, Fold(a))
	}
	for _, rs := range doc.sections {
		for len(stack) > 0 && (stack[len(stack)-1].level >= rs.level || stack[len(stack)-1].level == 0) {
			stack = stack[:len(stack)-1]
		}
		stack = append(stack, level{rs.level, rs.title})
		p := make([]string, len(stack))
		for i, l := range stack {
			p[i] = l.title
		}
		sec := &Section{
			Title: rs.title, Path: p, Body: rs.body, Source: f.rel, Line: rs.line,
			Aliases: aliases, Owner: doc.meta.Owner, Tour: doc.meta.Tour, Level: rs.level,
		}
		sec.URL = sectionURL(src, f, doc, rs, anchors)
		a := analyzed{sec: sec, lex: lex}
		addFolded := func(field int, s string, code bool) {
			if a.fields[field] == nil {
				a.fields[field] = make([]uint32, 0, len(s)/6+1)
			}
			var joined int
			a.fields[field], joined = lex.appendKinds(a.fields[field], s, true, !code)
			a.joined[field] += uint32(joined)
		}
		add := func(field int, s string) { addFolded(field, Fold(s), false) }
		add(fTitle, rs.title)
		a.titleWords = len(a.fields[fTitle]) - int(a.joined[fTitle])
		for _, t := range p[:len(p)-1] {
			add(fPath, t)
		}
		// Front matter keywords name what the file is about: its top
		// section is found by them as by its title; below it they count
		// as the breadcrumb does.
		if len(out) == 0 {
			a.fields[fAlias] = aliasTerms
		} else {
			a.fields[fPath] = append(a.fields[fPath], aliasTerms...)
		}
		if len(rs.aliases) > 0 {
			a.fields[fAlias] = append(slices.Clip(a.fields[fAlias]), lex.appendWords(nil, Fold(strings.Join(rs.aliases, " ")))...)
		}
		// The lead is a prefix of the body: analyse it once. Code is
		// analysed like prose, and its terms are kept apart for the prior.
		body := foldBody(stripURLs(rs.body))
		ld := lead(body)
		field := fLead
		prose := func(s string) { addFolded(field, s, false) }
		code := func(s string) {
			n := len(a.fields[field])
			addFolded(field, s, true)
			a.code = append(a.code, a.fields[field][n:]...)
		}
		splitCode(ld, prose, code)
		a.fields[fBody] = make([]uint32, len(a.fields[fLead]), len(a.fields[fLead])+len(body)/6+1)
		copy(a.fields[fBody], a.fields[fLead])
		a.joined[fBody] = a.joined[fLead]
		field = fBody
		splitCode(body[len(ld):], prose, code)
		for f := range a.fields {
			a.fields[f] = lex.markPhrases(a.fields[f])
		}
		out = append(out, a)
	}
	return out
}

// sectionURL links a section: front matter url (plus the heading anchor
// below the top), or the source's base URL + path + GitHub anchor.
// anchors holds the file's anchors so far, each with the count of its
// repeats.
func sectionURL(src Source, f file, doc document, rs rawSection, anchors map[string]int) string {
	frag := ""
	if rs.level > 0 {
		// As github-slugger numbers them: a repeat takes the first free
		// "-N", so a later "Foo 1" gets "foo-1-1" when a second "Foo"
		// has "foo-1".
		text := rs.anchorText
		if text == "" {
			text = rs.title
		}
		a := anchor(text)
		frag = a
		for {
			if _, taken := anchors[frag]; !taken {
				break
			}
			anchors[a]++
			frag = a + "-" + strconv.Itoa(anchors[a])
		}
		anchors[frag] = 0
	}
	if kindOf(f.name) == "txt" && rs.line > 0 {
		frag = "L" + strconv.Itoa(rs.line)
	}
	base := doc.meta.URL
	if base == "" {
		if src.BaseURL == "" {
			return ""
		}
		base = strings.TrimSuffix(src.BaseURL, "/") + "/" + escapePath(f.rel)
	}
	if frag == "" || rs.level <= 1 && doc.meta.URL != "" {
		return base
	}
	return base + "#" + frag
}

// escapePath escapes a slash-separated path for a URL, as net/url does a
// URL's path: "My Guide.md" is "My%20Guide.md", "C#.md" "C%23.md"; a path
// with nothing to escape is returned as it is.
func escapePath(p string) string { return (&url.URL{Path: p}).EscapedPath() }

// stripURLs removes link targets from Markdown text before indexing:
// they are noise to a question.
func stripURLs(s string) string {
	if !strings.Contains(s, "://") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "://")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		start := i
		for start > 0 && isASCIILetter(s[start-1]) {
			start--
		}
		end := i + 3
		for end < len(s) && !strings.ContainsRune(" \t\n)>]\"'", rune(s[end])) {
			end++
		}
		b.WriteString(s[:start])
		s = s[end:]
	}
}

// assignIDs gives each section a stable ID: a hash of its file and
// breadcrumb (and its rank among equal breadcrumbs in the file). A file
// path that several folders have (README.md) is hashed with its folder's
// name, whatever the folders' order; other files' IDs do not depend on
// which folders are loaded with theirs.
func (b *Base) assignIDs() {
	shared := map[string]bool{} // file paths in more than one source
	if len(b.sources) > 1 {
		first := map[string]int{} // file path -> the first source with it
		for _, s := range b.sections {
			if src, ok := first[s.Source]; !ok {
				first[s.Source] = s.src
			} else if src != s.src {
				shared[s.Source] = true
			}
		}
	}
	seen := map[string]int{}
	for _, s := range b.sections {
		key := s.Source + "\x00" + strings.Join(s.Path, "\x1f")
		if shared[s.Source] {
			key = b.sources[s.src] + "\x00" + key
		}
		n := seen[key]
		seen[key]++
		if n > 0 {
			key += "\x00" + strconv.Itoa(n)
		}
		sum := sha1.Sum([]byte(key))
		id := hex.EncodeToString(sum[:6])
		for b.byID[id] != nil { // a different folder with the same file
			sum := sha1.Sum([]byte(id + "\x00"))
			id = hex.EncodeToString(sum[:6])
		}
		s.ID = id
		b.byID[id] = s
	}
}

// lead returns the first paragraph of a body (at most 400 bytes, cut at a
// space): sections say first what they are about.
func lead(body string) string {
	if i := strings.Index(body, "\n\n"); i >= 0 {
		body = body[:i]
	}
	if len(body) > 400 {
		cut := strings.LastIndexAny(body[:400], " \n")
		if cut < 100 {
			cut = 400
			for cut > 0 && !utf8.RuneStart(body[cut]) {
				cut--
			}
		}
		body = body[:cut]
	}
	return body
}

// foldBody is Fold for analysis by a lexicon: ASCII text is left as it is,
// because the lexicon lowercases each word as it looks it up (a folded
// copy of every body cost more than the words' lookups).
func foldBody(s string) string {
	if isASCII(s) {
		return s
	}
	return Fold(s)
}
