package knowledge

import (
	"strings"
	"testing"
	"testing/fstest"
)

// synonymKB words everything the way docs do ("directory", 删除), so a
// question in everyday words ("folder", 删掉) finds it only through the
// general synonyms.
var synonymKB = fstest.MapFS{
	"files.md":  {Data: []byte("# Files\n\n## Make a directory\n\nCreate a new directory with mkdir; add -p for nested ones.\n\n## Archives\n\nPack several files into one tarball with tar.\n")},
	"people.md": {Data: []byte("# People\n\n## Compensation\n\nWe review compensation every year in March.\n\n## Laptops\n\nEveryone gets a new laptop every three years.\n")},
	"文件.md":     {Data: []byte("# 文件\n\n## 删除文件\n\n用回收站删除不再需要的文件,三十天后自动清空。\n\n## 共享文件\n\n把文件放进团队网盘就能共享给同事。\n")},
}

func TestGeneralSynonyms(t *testing.T) {
	tests := []struct{ question, want string }{
		{"how do I make a new folder", "Make a directory"},
		{"how often is my salary reviewed", "Compensation"},
		{"怎么删掉旧文件", "删除文件"},
	}
	with := loadFS(t, synonymKB, Options{})
	without := loadFS(t, synonymKB, Options{NoGeneralSynonyms: true})
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			got := with.Search(tt.question, 1)
			if !got.Answered || got.Matches[0].Section.Title != tt.want {
				t.Fatalf("with general synonyms: got %s; want %q answered", describe(got), tt.want)
			}
			plain := without.Search(tt.question, 1)
			if len(plain.Matches) > 0 && plain.Matches[0].Section.Title == tt.want && plain.Matches[0].Coverage >= got.Matches[0].Coverage {
				t.Errorf("NoGeneralSynonyms changed nothing: %s", describe(plain))
			}
		})
	}
}

// TestSynonymsCoverCharacters: a section with a synonym of a Chinese word
// in the question holds that word's characters too, so the question's
// single characters do not count against it ("删掉" against 删除: 掉 is
// there in the sense of 删除).
func TestSynonymsCoverCharacters(t *testing.T) {
	b := loadFS(t, synonymKB, Options{})
	tests := []struct {
		question string
		want     float64 // least coverage of 删除文件: synonyms count at synonymFactor
	}{
		{"删掉", synonymFactor},
		{"删掉文件", synonymFactor},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			got := b.Search(tt.question, 1)
			if len(got.Matches) == 0 || got.Matches[0].Section.Title != "删除文件" {
				t.Fatalf("got %s; want 删除文件", describe(got))
			}
			if c := got.Matches[0].Coverage; c < tt.want-1e-6 {
				t.Errorf("coverage %.3f; want %.3f: the synonym's characters count as missing", c, tt.want)
			}
		})
	}
	// A pair without synonyms lends its characters nothing: 掉 alone is
	// not in the section.
	if got := b.Search("掉", 1); len(got.Matches) > 0 && got.Matches[0].Section.Title == "删除文件" {
		t.Errorf("掉 alone found %s", describe(got))
	}
}

// TestSynonymsAddToGeneral: a team's own synonyms file widens the general
// list; it does not replace it.
func TestSynonymsAddToGeneral(t *testing.T) {
	own, err := ParseSynonyms(strings.NewReader("laptop, macbook\n"))
	if err != nil {
		t.Fatal(err)
	}
	b := loadFS(t, synonymKB, Options{Synonyms: own})
	for q, want := range map[string]string{
		"when do I get a new macbook": "Laptops",
		"how do I make a new folder":  "Make a directory",
	} {
		if got := b.Search(q, 1); !got.Answered || got.Matches[0].Section.Title != want {
			t.Errorf("Search(%q) = %s; want %q answered", q, describe(got), want)
		}
	}
}

// TestGeneralSynonymsList keeps the embedded list to what it promises:
// every group names at least two analysable single words, and none is a
// stop word that would never reach a question.
func TestGeneralSynonymsList(t *testing.T) {
	groups := 0
	for n, line := range strings.Split(generalSynonymsText, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		groups++
		for _, part := range strings.FieldsFunc(line, func(r rune) bool { return r == ',' }) {
			w := strings.TrimSpace(part)
			if strings.ContainsAny(w, " \t") {
				t.Errorf("line %d: %q is a phrase; phrases split into loose words", n+1, w)
			}
			if isStopWord(Fold(w)) {
				t.Errorf("line %d: %q is a stop word", n+1, w)
			}
		}
	}
	if s := GeneralSynonyms(); groups == 0 || len(s.groups) < 2*groups {
		t.Errorf("GeneralSynonyms has %d terms for %d groups", len(s.groups), groups)
	}
}

// describe shortens a Result for failure messages.
func describe(r Result) string {
	if len(r.Matches) == 0 {
		return "no match (" + r.Reason + ")"
	}
	m := r.Matches[0]
	return strings.Join([]string{m.Section.Title, r.Reason}, " ") + " " + strings.Join(m.Terms, ",")
}
