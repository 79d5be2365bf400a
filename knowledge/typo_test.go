package knowledge

import (
	"math/rand"
	"testing"
	"testing/fstest"
)

func TestQuestionWordTypo(t *testing.T) {
	for _, tt := range []struct {
		w    string
		want bool
	}{
		{"waht", true}, {"shoudl", true}, {"wiht", true}, {"taht", true},
		{"what", false}, // the word itself
		{"chat", false}, // one letter from "what", but a word
		{"wath", false}, // two swaps from "what"
		{"hwo", false},  // three letters: swaps are often acronyms
		{"aws", false},  // "was" swapped, and a name
		{"form", false}, // "from" swapped, and a word
		{"three", false},
		{"wh4t", false}, // not letters
		{"deploy", false},
	} {
		got := questionWordTypo(tt.w)
		if got != tt.want {
			t.Errorf("questionWordTypo(%q) = %v; want %v", tt.w, got, tt.want)
		}
	}
}

// TestQuestionWordTypoSearch: a question word with two letters swapped
// weighs as the question word, not as an unknown word the answer lacks.
func TestQuestionWordTypoSearch(t *testing.T) {
	fsys := fstest.MapFS{
		"ports.md": {Data: []byte("# lsof\n\nList the process listening on a port: lsof -i :8080.\n")},
		"disk.md":  {Data: []byte("# df\n\nShow free disk space.\n")},
	}
	b := loadFS(t, fsys, Options{})
	right, typo := b.Search("what process is listening on port 8080", 2), b.Search("waht process is listening on port 8080", 2)
	if len(typo.Matches) == 0 || typo.Matches[0].Section.Title != "lsof" || typo.Answered != right.Answered || typo.Matches[0].Coverage != right.Matches[0].Coverage {
		t.Errorf("with a typo: %s; without: %s", describe(typo), describe(right))
	}
}

// TestTypoLongWord: a document with a long run of letters (a DNA
// sequence) is left out of the typo index, whose one-letter deletions
// would cost the square of its length (20,000 letters took minutes on
// the first question with an unknown word), and typos are still fixed.
func TestTypoLongWord(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	seq := make([]byte, 4000)
	for i := range seq {
		seq[i] = "acgt"[r.Intn(4)]
	}
	fsys := fstest.MapFS{
		"genes.md": {Data: []byte("# Reference read\n\n" + string(seq) + "\n\n# Vacation\n\nFifteen paid days a year.\n")},
	}
	b := loadFS(t, fsys, Options{})
	for _, q := range []string{"vacatoin days", string(seq[1:]), string(seq[:maxTypoWord+1])} {
		b.Search(q, 1)
	}
	for v := range b.idx.deletes {
		if len(v) > maxTypoWord {
			t.Fatalf("typo index holds a %d-letter deletion; want none over %d", len(v), maxTypoWord)
		}
	}
	if r := b.Search("vacatoin days", 1); len(r.Matches) == 0 || r.Matches[0].Section.Title != "Vacation" {
		t.Errorf("Search(%q): %s; want Vacation first", "vacatoin days", describe(r))
	}
}
