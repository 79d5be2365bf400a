// Command gentw writes knowledge/tw_phrases.txt, the Taiwan and mainland
// Chinese words for the same thing, in the synonyms format, from OpenCC's
// TWPhrasesRev.txt (one "Taiwan<TAB>mainland [mainland...]" a line):
//
//	go run ./internal/gentw DICT > tw_phrases.txt
//
// go generate ./knowledge runs it on the copy in the opencc module.
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"
)

const header = `# Taiwan and mainland Chinese words for the same thing (伺服器 and 服务器,
# 檔案 and 文件), so a question in one usage finds documents written in the
# other. Generated from OpenCC's TWPhrasesRev.txt (Apache License 2.0,
# https://github.com/BYVoid/OpenCC), as shipped in
# github.com/longbridgeapp/opencc v0.3.13, by
#
#   go generate ./knowledge
#
# Left out: words with Latin letters or digits, and one-character words,
# which the synonyms format cannot hold (a lone character is no word).
# Part of the general synonyms: Options.NoGeneralSynonyms turns it off.

`

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gentw TWPhrasesRev.txt > tw_phrases.txt")
		os.Exit(2)
	}
	f, err := os.Open(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "gentw:", err)
		os.Exit(1)
	}
	defer f.Close()
	if err := convert(os.Stdout, f); err != nil {
		fmt.Fprintln(os.Stderr, "gentw:", err)
		os.Exit(1)
	}
}

// convert writes the synonym groups of an OpenCC phrase dictionary.
func convert(w io.Writer, r io.Reader) error {
	out := bufio.NewWriter(w)
	out.WriteString(header)
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		tw, cn, ok := strings.Cut(sc.Text(), "\t")
		if !ok {
			return fmt.Errorf("line %d: no tab between the Taiwan and mainland words", n)
		}
		words := []string{tw}
		for _, c := range strings.Fields(cn) {
			if c != tw {
				words = append(words, c)
			}
		}
		if len(words) < 2 || !keep(words) {
			continue
		}
		out.WriteString(strings.Join(words, ", ") + "\n")
	}
	if err := sc.Err(); err != nil {
		return err
	}
	return out.Flush()
}

// keep reports whether every word is two or more characters with no Latin
// letters or digits.
func keep(words []string) bool {
	for _, w := range words {
		if utf8.RuneCountInString(w) < 2 || strings.ContainsFunc(w, func(r rune) bool {
			return r < utf8.RuneSelf && (r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
		}) {
			return false
		}
	}
	return true
}
