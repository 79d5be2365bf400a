package knowledge

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

func TestExp(t *testing.T) {
	if os.Getenv("EXP") == "" {
		t.Skip()
	}
	dir := corporaDir()
	def, _ := Default(Options{})
	hb := loadDir(t, filepath.Join("testdata", "handbook"))
	bc := loadDir(t, filepath.Join(dir, "basecamp-handbook"))
	en := loadDir(t, filepath.Join(dir, "tldr", "en"))
	zh := loadDir(t, filepath.Join(dir, "tldr", "zh"))
	bases := map[string]*Base{"default": def, "handbook": hb, "basecamp": bc, "offtopic-basecamp": bc, "tldr-en": en, "tldr-zh": zh, "offtopic-tldr": en}
	cases := append(readEval(t, filepath.Join("testdata", "eval", "labelled.tsv")), readEval(t, filepath.Join("testdata", "eval", "corpora.tsv"))...)
	top1 := map[string][2]int{}
	var good, bad [][2]float64
	for _, c := range cases {
		b := bases[c.kb]
		if b == nil {
			continue
		}
		res := b.Search(c.question, 3)
		if c.offTopic() {
			if len(res.Matches) > 0 {
				bad = append(bad, [2]float64{res.Matches[0].Coverage, res.Matches[0].Score})
			} else {
				bad = append(bad, [2]float64{})
			}
			continue
		}
		x := top1[c.kb]
		x[1]++
		if ok, _ := judgeTop(b, c, res); ok {
			x[0]++
			good = append(good, [2]float64{res.Matches[0].Coverage, res.Matches[0].Score})
		} else if os.Getenv("MISS") == c.kb {
			fmt.Printf("  miss %q want %s got %s\n", c.question, c.source, res.Matches[0].Section.Source)
		}
		top1[c.kb] = x
	}
	for _, k := range []string{"default", "handbook", "basecamp", "tldr-en", "tldr-zh"} {
		v := top1[k]
		fmt.Printf("top1 %-10s %d/%d %.1f%%\n", k, v[0], v[1], 100*float64(v[0])/float64(v[1]))
	}
	for _, th := range [][2]float64{{0.4, 0.22}, {0.42, 0.2}, {0.42, 0.22}, {0.43, 0.2}, {0.44, 0.2}, {0.4, 0.27}, {0.38, 0.27}} {
		g, o := 0, 0
		for _, x := range good {
			if x[0] >= th[0] && x[1] >= th[1] {
				g++
			}
		}
		for _, x := range bad {
			if x[0] < th[0] || x[1] < th[1] {
				o++
			}
		}
		fmt.Printf("cov>=%.2f score>=%.2f: right answered %d/%d, offtopic refused %d/%d\n", th[0], th[1], g, len(good), o, len(bad))
	}
}
