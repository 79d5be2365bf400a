package knowledge

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
)

// evalCase is one labelled question: the section that answers it, or none
// (an off-topic question that must be refused).
type evalCase struct {
	kb, question, source, title, kind string
	alts                              []string // other acceptable sources
}

func (c evalCase) offTopic() bool { return c.source == "-" }

// readEval reads a labelled TSV file (header line first).
func readEval(t testing.TB, path string) []evalCase {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []evalCase
	sc := bufio.NewScanner(f)
	for n := 0; sc.Scan(); n++ {
		if n == 0 || strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		col := strings.Split(sc.Text(), "\t")
		if len(col) < 5 {
			t.Fatalf("%s:%d: want at least 5 tab-separated columns, got %d", path, n+1, len(col))
		}
		c := evalCase{kb: col[0], question: col[1], source: col[2], title: col[3], kind: col[4]}
		if len(col) > 5 && col[5] != "-" && col[5] != "" {
			c.alts = strings.Split(col[5], "|")
		}
		cases = append(cases, c)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return cases
}

// evalScore counts outcomes per group.
type evalScore struct {
	right, total int
	misses       []string
}

func (s *evalScore) String() string {
	return fmt.Sprintf("%3d/%3d = %5.1f%%", s.right, s.total, s.pct())
}

func (s *evalScore) pct() float64 {
	if s.total == 0 {
		return 100
	}
	return 100 * float64(s.right) / float64(s.total)
}

// judge reports whether the base's answer to c is right: for questions,
// the expected section first and answered; for off-topic ones, refused.
func judge(b *Base, c evalCase) (bool, string) {
	return judgeResult(b, c, b.Search(c.question, 3))
}

// judgeResult is judge on the base's answer res.
func judgeResult(b *Base, c evalCase, res Result) (bool, string) {
	if c.kind == "english-on-zh" && !res.Answered {
		return true, "" // no English in the essay: refusing is honest
	}
	if c.offTopic() {
		if !res.Answered {
			return true, ""
		}
		m := res.Matches[0]
		return false, fmt.Sprintf("answered %q (%s) score %.2f cov %.2f", m.Section.Title, m.Section.Source, m.Score, m.Coverage)
	}
	ok, why := judgeTop(b, c, res)
	if ok && res.Answered {
		return true, ""
	}
	if !ok {
		return false, why
	}
	m := res.Matches[0]
	return false, fmt.Sprintf("right section %q but not answered: score %.2f cov %.2f: %s", m.Section.Title, m.Score, m.Coverage, res.Reason)
}

// judgeTop reports whether the first match is the expected section (or an
// accepted alternative: "source" for any section of it, "source#Title").
func judgeTop(b *Base, c evalCase, res Result) (bool, string) {
	if len(res.Matches) == 0 {
		return false, "no match"
	}
	m := res.Matches[0]
	src := m.Section.Source
	if c.source == "default" {
		src = "default"
	}
	if src == c.source && m.Section.Title == c.title {
		return true, ""
	}
	for _, a := range c.alts {
		if a == src || a == src+"#"+m.Section.Title {
			return true, ""
		}
	}
	why := fmt.Sprintf("got %q (%s) score %.2f cov %.2f answered=%v %s", m.Section.Title, m.Section.Source, m.Score, m.Coverage, res.Answered, res.Reason)
	return false, why
}

// runEval judges cases against bases (by kb name) and returns scores per
// "kb/kind" and per kb, logging misses.
func runEval(t *testing.T, cases []evalCase, bases map[string]*Base) map[string]*evalScore {
	t.Helper()
	scores := map[string]*evalScore{}
	add := func(key string, ok bool, miss string) {
		s := scores[key]
		if s == nil {
			s = &evalScore{}
			scores[key] = s
		}
		s.total++
		if ok {
			s.right++
		} else {
			s.misses = append(s.misses, miss)
		}
	}
	for _, c := range cases {
		b := bases[c.kb]
		if b == nil {
			continue
		}
		ok, why := judge(b, c)
		miss := fmt.Sprintf("%s: %q want %q: %s", c.kind, c.question, c.title, why)
		add(c.kb+"/"+c.kind, ok, miss)
		group := c.kb
		if c.offTopic() {
			group = "offtopic"
			if strings.HasPrefix(c.kb, "offtopic-") {
				add(c.kb, ok, miss) // one base's off-topic questions
			}
		}
		add(group, ok, miss)
	}
	keys := make([]string, 0, len(scores))
	for k := range scores {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.Logf("%-28s %s", k, scores[k])
	}
	if testing.Verbose() {
		for _, k := range keys {
			if strings.Contains(k, "/") {
				for _, m := range scores[k].misses {
					t.Logf("  miss %s", m)
				}
			}
		}
	}
	return scores
}

func loadDir(t testing.TB, dir string) *Base {
	t.Helper()
	b, err := Load(context.Background(), Options{}, Source{Name: dir, FS: os.DirFS(dir)})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// corporaDir finds ../shared/corpora beside the repository, or
// $KBBOT_CORPORA; "" when absent.
func corporaDir() string {
	if d := os.Getenv("KBBOT_CORPORA"); d != "" {
		return d
	}
	d, _ := filepath.Abs(filepath.Join("..", "..", "shared", "corpora"))
	if _, err := os.Stat(d); err != nil {
		return ""
	}
	return d
}

var (
	evalOnce   sync.Once
	evalLoaded map[string]*Base
	evalErr    error
)

// evalBases returns the knowledge bases the labelled questions are asked
// of, by the kb names of testdata/eval, loaded once for all the ranking
// tests. Those under ../shared/corpora are there only when it is present
// and -short is not set.
func evalBases(t testing.TB) map[string]*Base {
	t.Helper()
	evalOnce.Do(func() {
		load := func(dir string) *Base {
			b, err := Load(context.Background(), Options{}, Source{Name: dir, FS: os.DirFS(dir)})
			if err != nil && evalErr == nil {
				evalErr = err
			}
			return b
		}
		def, err := Default(context.Background(), Options{})
		if err != nil {
			evalErr = err
			return
		}
		m := map[string]*Base{
			"default": def, "essay": def, "offtopic-essay": def,
			"handbook": load(filepath.Join("testdata", "handbook")),
		}
		if dir := corporaDir(); dir != "" && !testing.Short() {
			basecamp := load(filepath.Join(dir, "basecamp-handbook"))
			en := load(filepath.Join(dir, "tldr", "en"))
			m["basecamp"], m["offtopic-basecamp"] = basecamp, basecamp
			m["tldr-en"], m["offtopic-tldr"] = en, en
			m["tldr-zh"] = load(filepath.Join(dir, "tldr", "zh"))
		}
		evalLoaded = m
	})
	if evalErr != nil {
		t.Fatal(evalErr)
	}
	return evalLoaded
}
