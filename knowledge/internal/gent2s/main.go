// Command gent2s writes knowledge/t2s.txt, the Traditional to Simplified
// Chinese character table that Fold uses, from OpenCC's t2s conversion:
//
//	go run ./internal/gent2s > t2s.txt
//
// go generate ./knowledge runs it. Building the table from OpenCC when a
// process first folds Han text took tens of milliseconds, most of a
// `kbbot ask` on a Chinese knowledge base; reading the generated table
// takes microseconds, and the binary no longer carries OpenCC's
// dictionaries.
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/longbridgeapp/opencc"
)

// The table covers the CJK Unified Ideographs and Extension A (as
// knowledge.hanLo and hanHi).
const (
	hanLo = 0x3400
	hanHi = 0x9FFF
)

const header = `# Traditional -> Simplified Chinese, character by character: one
# "Traditional Simplified" pair a line, for the CJK Unified Ideographs and
# Extension A. Generated from OpenCC's t2s conversion (Apache License 2.0,
# https://github.com/BYVoid/OpenCC), as shipped in
# github.com/longbridgeapp/opencc v0.3.13, by
#
#   go generate ./knowledge
#
`

func main() {
	if err := write(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "gent2s:", err)
		os.Exit(1)
	}
}

// write writes the table: each character OpenCC's t2s changes, and what
// it becomes.
func write(w io.Writer) error {
	cc, err := opencc.New("t2s")
	if err != nil {
		return fmt.Errorf("open t2s: %w", err)
	}
	// One character a line, so OpenCC's phrase segmentation never joins
	// neighbours: the result is the character-level mapping.
	var b strings.Builder
	for r := rune(hanLo); r <= hanHi; r++ {
		b.WriteRune(r)
		b.WriteByte('\n')
	}
	conv, err := cc.Convert(b.String())
	if err != nil {
		return fmt.Errorf("convert: %w", err)
	}
	lines := strings.Split(conv, "\n")
	if len(lines) < hanHi-hanLo+1 {
		return fmt.Errorf("convert: %d lines for %d characters", len(lines), hanHi-hanLo+1)
	}
	out := bufio.NewWriter(w)
	out.WriteString(header)
	for i, line := range lines[:hanHi-hanLo+1] {
		r, size := utf8.DecodeRuneInString(line)
		if size != len(line) || r == utf8.RuneError {
			return fmt.Errorf("convert: %q became %q, not one character", rune(hanLo+i), line)
		}
		if r != rune(hanLo+i) {
			fmt.Fprintf(out, "%c %c\n", rune(hanLo+i), r)
		}
	}
	return out.Flush()
}
