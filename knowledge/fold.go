package knowledge

import (
	_ "embed" // t2s.txt
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// Fold normalises text for matching: Unicode NFKC (which also folds
// full-width Latin and half-width Katakana), case folding, and Traditional
// to Simplified Chinese, character by character. It is what both documents
// and questions go through before analysis.
func Fold(s string) string {
	if isASCII(s) {
		return asciiLower(s)
	}
	s = norm.NFKC.String(s)
	s = cases.Fold().String(s)
	return toSimplified(s)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func asciiLower(s string) string {
	if !hasUpperASCII(s) {
		return s
	}
	return string(appendLowerASCII(make([]byte, 0, len(s)), s))
}

// The Traditional -> Simplified table covers the CJK Unified Ideographs
// and Extension A. t2s.txt holds OpenCC's t2s mapping of each character,
// generated ahead (internal/gent2s); it is read into t2sTable the first
// time Han text is folded.
const (
	hanLo = 0x3400
	hanHi = 0x9FFF
)

//go:generate sh -c "go run ./internal/gent2s > t2s.txt"
//go:embed t2s.txt
var t2sText string

var (
	t2sOnce  sync.Once
	t2sTable []rune // index r-hanLo; 0 means unchanged
)

// buildT2S reads t2s.txt: "Traditional Simplified" a line, # comments.
func buildT2S() {
	t2sTable = make([]rune, hanHi-hanLo+1)
	for line := range strings.Lines(t2sText) {
		from, size := utf8.DecodeRuneInString(line)
		if from < hanLo || from > hanHi || size+1 >= len(line) || line[size] != ' ' {
			continue // a comment
		}
		to, _ := utf8.DecodeRuneInString(line[size+1:])
		if to != utf8.RuneError {
			t2sTable[from-hanLo] = to
		}
	}
}

// toSimplified maps Traditional Han characters to Simplified ones.
func toSimplified(s string) string {
	first := -1
	for i, r := range s {
		if r >= hanLo && r <= hanHi {
			first = i
			break
		}
	}
	if first < 0 {
		return s
	}
	t2sOnce.Do(buildT2S)
	var b []byte
	for i, r := range s[first:] {
		if r >= hanLo && r <= hanHi {
			if m := t2sTable[r-hanLo]; m != 0 {
				if b == nil {
					b = make([]byte, 0, len(s))
					b = append(b, s[:first+i]...)
				}
				b = utf8.AppendRune(b, m)
				continue
			}
		}
		if b != nil {
			b = utf8.AppendRune(b, r)
		}
	}
	if b == nil {
		return s
	}
	return string(b)
}

// isCJK reports whether r is written without spaces between words: Han,
// Hiragana, Katakana or Hangul.
func isCJK(r rune) bool {
	if r < 0x2E80 {
		return false
	}
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) ||
		unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Hangul, r)
}
