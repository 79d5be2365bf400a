package knowledge

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/longbridgeapp/opencc"
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
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'A' <= c && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if c := b[j]; 'A' <= c && c <= 'Z' {
					b[j] = c + 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// The Traditional -> Simplified table covers the CJK Unified Ideographs
// and Extension A, built once from OpenCC's t2s character dictionary the
// first time Han text is folded.
const (
	hanLo = 0x3400
	hanHi = 0x9FFF
)

var (
	t2sOnce  sync.Once
	t2sTable []rune // index r-hanLo; 0 means unchanged
)

func buildT2S() {
	t2sTable = make([]rune, hanHi-hanLo+1)
	cc, err := opencc.New("t2s")
	if err != nil {
		return // folding degrades to identity; matching still works within one script
	}
	// One character a line, so OpenCC's phrase segmentation never joins
	// neighbours: the result is the character-level mapping.
	var b strings.Builder
	b.Grow((hanHi - hanLo + 1) * 4)
	for r := rune(hanLo); r <= hanHi; r++ {
		b.WriteRune(r)
		b.WriteByte('\n')
	}
	out, err := cc.Convert(b.String())
	if err != nil {
		return
	}
	lines := strings.Split(out, "\n")
	for i, line := range lines {
		if i >= len(t2sTable) {
			break
		}
		r, size := utf8.DecodeRuneInString(line)
		if size == len(line) && r != rune(hanLo+i) && r != utf8.RuneError {
			t2sTable[i] = r
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
