package knowledge

import (
	"math/bits"
	"slices"
	"sort"
)

// Typo tolerance: the indexed surface words, a deletion index over them,
// and the bounded edit distance that checks a candidate.

// maxTypoWord is the longest indexed word a correction can be:
// editDistance gives up on longer ones. Longer words (a DNA sequence, a
// run of letters in a pasted blob) are left out of the typo index, whose
// deletions would cost the square of their length.
const maxTypoWord = 30

// buildWords lists the surface words whose stems are indexed, sorted by
// length, for typo correction.
func (ix *index) buildWords() {
	for w, st := range ix.stems {
		if _, ok := ix.vocab[st]; ok && len(w) >= 3 && len(w) <= maxTypoWord && isASCIIAlpha(w) {
			ix.words = append(ix.words, w)
		}
	}
	sort.Slice(ix.words, func(i, j int) bool {
		if len(ix.words[i]) != len(ix.words[j]) {
			return len(ix.words[i]) < len(ix.words[j])
		}
		return ix.words[i] < ix.words[j]
	})
	maxLen := 0
	if len(ix.words) > 0 {
		maxLen = len(ix.words[len(ix.words)-1])
	}
	ix.wordLen = make([]int, maxLen+2)
	for l := range ix.wordLen {
		ix.wordLen[l] = sort.Search(len(ix.words), func(i int) bool { return len(ix.words[i]) >= l })
	}
}

// corrections returns indexed words within the allowed edit distance of
// w (one edit from 5 letters, two from 9), closest first, at most 3.
// One-edit candidates come from a deletion index (SymSpell): a word and a
// candidate one edit apart share a one-letter deletion or are one. It is
// built the first time a question has an unknown word. Two-edit
// candidates (long words only) are scanned, skipping words whose letters
// differ too much.
func (ix *index) corrections(w string) []string {
	if len(w) < 5 || len(w) > maxTypoWord+2 || !isASCIIAlpha(w) {
		return nil // more than two edits from any word in the typo index
	}
	ix.typoOnce.Do(ix.buildDeletes)
	var best []string
	bestD := 3
	try := func(cand string, limit int) {
		if slices.Contains(best, cand) {
			return
		}
		d := editDistance(w, cand, min(bestD+1, limit+1))
		switch {
		case d > limit || d > bestD:
		case d < bestD:
			bestD, best = d, append(best[:0], cand)
		case len(best) < 3:
			best = append(best, cand)
		}
	}
	for _, v := range deletions(w) {
		for _, i := range ix.deletes[v] {
			try(ix.words[i], 1)
		}
	}
	if bestD > 1 && len(w) >= 9 {
		mw := letterMask(w)
		lo, hi := len(w)-2, len(w)+2
		end := len(ix.words)
		if hi+1 < len(ix.wordLen) {
			end = ix.wordLen[hi+1]
		}
		if lo < len(ix.wordLen) {
			for i, cand := range ix.words[ix.wordLen[lo]:end] {
				if bits.OnesCount32(mw^ix.masks[ix.wordLen[lo]+i]) <= 4 {
					try(cand, 2)
				}
			}
		}
	}
	if bestD > 2 {
		return nil
	}
	return best
}

// buildDeletes indexes every typo-candidate word and its one-letter
// deletions.
func (ix *index) buildDeletes() {
	ix.deletes = make(map[string][]int32, len(ix.words)*6)
	ix.masks = make([]uint32, len(ix.words))
	for i, w := range ix.words {
		ix.masks[i] = letterMask(w)
		if len(w) < 4 {
			continue
		}
		for _, v := range deletions(w) {
			ix.deletes[v] = append(ix.deletes[v], int32(i))
		}
	}
}

// deletions returns w and every string made by deleting one byte of it.
func deletions(w string) []string {
	out := make([]string, 0, len(w)+1)
	out = append(out, w)
	for i := range len(w) {
		v := w[:i] + w[i+1:]
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// letterMask has bit i set when the word has letter 'a'+i.
func letterMask(w string) uint32 {
	var m uint32
	for i := 0; i < len(w); i++ {
		m |= 1 << (w[i] - 'a')
	}
	return m
}

// editDistance is the Damerau-Levenshtein (optimal string alignment)
// distance between ASCII words a and b, or any value >= limit when it is
// at least limit.
func editDistance(a, b string, limit int) int {
	if d := len(a) - len(b); d >= limit || -d >= limit {
		return limit
	}
	var rows [3][maxTypoWord + 2]int
	if len(b) > maxTypoWord {
		return limit
	}
	prev2, prev, cur := &rows[0], &rows[1], &rows[2]
	for j := 0; j <= len(b); j++ {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin >= limit {
			return limit
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

// questionWordTypo reports whether w, a word the knowledge base does not
// have, is a question or function word of four letters or more with two
// letters swapped ("waht", "shoudl", "wiht"): the commonest typo. Not
// for shorter words, whose swaps are often acronyms ("aws" for "was"),
// nor for the swaps that are words of their own (realSwaps).
func questionWordTypo(w string) bool {
	if len(w) < 4 || !isASCIIAlpha(w) || realSwaps[w] {
		return false
	}
	for _, q := range questionWords {
		if len(q) == len(w) && q != w && sameLetters(w, q) && editDistance(w, q, 2) == 1 {
			return true
		}
	}
	return false
}

// realSwaps are English words that are a question word with two letters
// swapped.
var realSwaps = map[string]bool{
	"three": true, "form": true, "dose": true, "odes": true, "juts": true,
	"thees": true, "weer": true,
}

// questionWords are the weak words of four letters or more.
var questionWords = func() []string {
	var out []string
	for w, weak := range weakWords {
		if weak && len(w) >= 4 {
			out = append(out, w)
		}
	}
	slices.Sort(out)
	return out
}()

// sameLetters reports whether a and b, of the same length, hold the same
// letters.
func sameLetters(a, b string) bool {
	var n [26]int
	for i := range len(a) {
		n[a[i]-'a']++
		n[b[i]-'a']--
	}
	return n == [26]int{}
}
