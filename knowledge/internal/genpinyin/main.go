// Command genpinyin writes knowledge/pinyin.txt, the first reading of
// each Han character without its tone, from go-pinyin's dictionary:
//
//	go run ./internal/genpinyin > pinyin.txt
//
// go generate ./knowledge runs it. Linking go-pinyin instead cost every
// kbbot process about 2.5 MB at start-up (its 42,000-entry map is built
// when the program starts) and 1 MB of binary; the knowledge package reads
// the generated table the first time a question needs it.
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"unicode/utf8"

	pinyin "github.com/mozillazg/go-pinyin"
)

// The table covers the CJK Unified Ideographs and Extension A (as
// knowledge.hanLo and hanHi).
const (
	hanLo = 0x3400
	hanHi = 0x9FFF
)

const header = `# The first reading of each Han character, tones aside: one reading a
# line and the characters read so. For the CJK Unified Ideographs and
# Extension A. Generated from the dictionary of
# github.com/mozillazg/go-pinyin v0.21.0 (MIT License) by
#
#   go generate ./knowledge
#
`

func main() {
	if err := write(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "genpinyin:", err)
		os.Exit(1)
	}
}

// write writes the table, readings in alphabetical order, each
// character once.
func write(w io.Writer) error {
	byReading := map[string][]rune{}
	for r := rune(hanLo); r <= hanHi; r++ {
		if x := reading(r); x != "" {
			byReading[x] = append(byReading[x], r)
		}
	}
	if len(byReading) == 0 {
		return fmt.Errorf("no readings in go-pinyin's dictionary")
	}
	readings := make([]string, 0, len(byReading))
	for x := range byReading {
		readings = append(readings, x)
	}
	slices.Sort(readings)
	out := bufio.NewWriter(w)
	out.WriteString(header)
	for _, x := range readings {
		fmt.Fprintf(out, "%s %s\n", x, string(byReading[x]))
	}
	return out.Flush()
}

// reading returns the first reading of r in go-pinyin's dictionary, its
// tone marks stripped ("xíng,háng" is xing), or "".
func reading(r rune) string {
	marked, _, _ := strings.Cut(pinyin.PinyinDict[int(r)], ",")
	var b strings.Builder
	for _, c := range marked {
		if x := toneless(c); x != 0 {
			b.WriteByte(x)
		}
	}
	return b.String()
}

// toneless returns the ASCII letter of a pinyin letter, tone mark aside
// (ǚ and ü are v, as typed), or 0.
func toneless(c rune) byte {
	if c < utf8.RuneSelf {
		if 'a' <= c && c <= 'z' {
			return byte(c)
		}
		return 0
	}
	switch c {
	case 'ā', 'á', 'ǎ', 'à':
		return 'a'
	case 'ē', 'é', 'ě', 'è', 'ê', 'ế', 'ề':
		return 'e'
	case 'ī', 'í', 'ǐ', 'ì':
		return 'i'
	case 'ō', 'ó', 'ǒ', 'ò':
		return 'o'
	case 'ū', 'ú', 'ǔ', 'ù':
		return 'u'
	case 'ü', 'ǖ', 'ǘ', 'ǚ', 'ǜ':
		return 'v'
	case 'ń', 'ň', 'ǹ':
		return 'n'
	case 'ḿ':
		return 'm'
	}
	return 0
}
