package knowledge

import (
	"encoding/binary"
	"fmt"
	"slices"
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
// every group names at least two members that analyse to words, and no
// member is a stop word that would never reach a question.
func TestGeneralSynonymsList(t *testing.T) {
	groups := 0
	for n, line := range strings.Split(generalSynonymsText, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		groups++
		if _, err := ParseSynonyms(strings.NewReader(line)); err != nil {
			t.Errorf("line %d: %v", n+1, err)
		}
		for _, part := range strings.FieldsFunc(line, func(r rune) bool { return r == ',' }) {
			if w := strings.TrimSpace(part); isStopWord(Fold(w)) {
				t.Errorf("line %d: %q is a stop word", n+1, w)
			}
		}
	}
	s := GeneralSynonyms()
	if members := len(s.groups) + len(s.phrases); groups == 0 || members < 2*groups {
		t.Errorf("GeneralSynonyms has %d members for %d groups", members, groups)
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

// mainlandKB and taiwanKB say the same things in the words of the
// mainland and of Taiwan.
var (
	mainlandKB = fstest.MapFS{"运维.md": {Data: []byte("# 运维\n\n## 重启服务器\n\n先通知值班同事,再在控制台重启服务器。\n\n## 压缩文件\n\n用 tar 把文件打包压缩后再上传。\n\n## 服务监控\n\n每个服务都要配置告警。\n")}}
	taiwanKB   = fstest.MapFS{"維運.md": {Data: []byte("# 維運\n\n## 重新啟動伺服器\n\n先通知值班同事,再在控制台重新啟動伺服器。\n\n## 壓縮檔案\n\n用 tar 把檔案打包壓縮後再上傳。\n")}}
)

// TestRegionalSynonyms: a question in Taiwan's words finds a base written
// in the mainland's, and the other way round.
func TestRegionalSynonyms(t *testing.T) {
	mainland, taiwan := loadFS(t, mainlandKB, Options{}), loadFS(t, taiwanKB, Options{})
	tests := []struct {
		name     string
		b        *Base
		question string
		want     string
	}{
		{"Taiwan question, mainland base", mainland, "伺服器要怎麼重開", "重启服务器"},
		{"Taiwan question, mainland base, file", mainland, "檔案太大要怎麼壓小", "压缩文件"},
		{"mainland question, Taiwan base", taiwan, "服务器怎么重启", "重新啟動伺服器"},
		{"mainland question, Taiwan base, file", taiwan, "文件太大怎么压缩", "壓縮檔案"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.b.Search(tt.question, 1)
			if len(got.Matches) == 0 || got.Matches[0].Section.Title != tt.want {
				t.Fatalf("got %s; want %q", describe(got), tt.want)
			}
			if !slices.ContainsFunc(got.Matches[0].Terms, func(s string) bool { return s == "伺服" || s == "服务" || s == "档案" || s == "文件" }) {
				t.Errorf("matched %v: not through the other region's word", got.Matches[0].Terms)
			}
		})
	}
	off := loadFS(t, mainlandKB, Options{NoGeneralSynonyms: true})
	if got := off.Search("伺服器要怎麼重開", 1); len(got.Matches) > 0 && slices.Contains(got.Matches[0].Terms, "伺服") {
		t.Errorf("NoGeneralSynonyms: still matched through 服务器: %s", describe(got))
	}
}

// TestRegionalSynonymsOnlyUnknown: a question in the base's own words
// gets no regional synonyms (服务 must not also look for 伺服).
func TestRegionalSynonymsOnlyUnknown(t *testing.T) {
	b := loadFS(t, mainlandKB, Options{})
	for _, q := range []string{"服务器", "服务", "文件"} {
		for _, c := range b.parseQuery(q).concepts {
			if len(c.alts) > 1 {
				t.Errorf("%s: concept %q has %d ways to be found; want only itself", q, c.surface, len(c.alts))
			}
		}
	}
}

// TestSynonymsByteOrderMark: a synonyms file saved with a UTF-8 byte
// order mark reads as without it: a comment on its first line is a
// comment, and a group there has its first word.
func TestSynonymsByteOrderMark(t *testing.T) {
	tests := []struct{ name, text string }{
		{"comment first", "\ufeff# our words\r\nleave, vacation\r\n"},
		{"group first", "\ufeffleave, vacation\r\n"},
		{"UTF-16 little-endian", string(encodeUTF16("# our words\r\nleave, vacation\r\n", binary.LittleEndian))},
		{"UTF-16 big-endian", string(encodeUTF16("leave, vacation\r\n", binary.BigEndian))},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := ParseSynonyms(strings.NewReader(tc.text))
			if err != nil {
				t.Fatalf("ParseSynonyms: %v", err)
			}
			if got := s.of("leav"); !slices.Contains(got, "vacat") {
				t.Errorf("synonyms of leave %q; want vacation's stem among them", got)
			}
		})
	}
}

// BenchmarkParseSynonymsLargeGroup parses one group of 1,000 terms (a
// thesaurus export): it was cubic in the group's size (4.5 s for kbbot
// ask with it), and is now quadratic, as the group's pairs are.
func BenchmarkParseSynonymsLargeGroup(b *testing.B) {
	terms := make([]string, 1000)
	for i := range terms {
		terms[i] = fmt.Sprintf("term%dx", i)
	}
	line := strings.Join(terms, ", ") + "\n"
	for b.Loop() {
		if _, err := ParseSynonyms(strings.NewReader(line)); err != nil {
			b.Fatal(err)
		}
	}
}
