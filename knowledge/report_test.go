package knowledge

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// rightFirstFloors are regression floors on how often the right section
// comes first, answered or not, over every file in testdata/eval: ranking
// quality apart from the thresholds. Knowledge bases under
// ../shared/corpora count only when it is present.
var rightFirstFloors = map[string]float64{
	"essay":    88,
	"handbook": 80,
	"basecamp": 72,
	"tldr-en":  41,
	"tldr-zh":  55,
}

// TestRankingReport asks every labelled question in testdata/eval, logs
// how many are right and answered and how many off-topic ones refused,
// checks how often the right section comes first against rightFirstFloors and,
// when $KBBOT_EVAL_REPORT names a file, writes one line a question to it.
// The report is how the figures in the README and the issue notes are
// made, and the place to start when tuning: which questions fail, by how
// much, and why.
//
//	KBBOT_EVAL_REPORT=/tmp/report.tsv go test ./knowledge -run TestRankingReport -v
//
// Columns: file, knowledge base, kind, question, expected title, first
// title, rank of the expected section in the first 20 (0 = first, -1 =
// not there), score, coverage, margin over the next other topic,
// answered, verdict (right: first and answered, or off-topic and
// refused).
func TestRankingReport(t *testing.T) {
	bases := evalBases(t)
	files, err := filepath.Glob(filepath.Join("testdata", "eval", "*.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("file\tkb\tkind\tquestion\twant\tfirst\trank\tscore\tcoverage\tmargin\tanswered\tright\n")
	first := map[string][2]int{}  // kb -> right first, questions with an answer
	var answered, offTopic [2]int // right first and answered / with an answer; refused / off-topic
	for _, f := range files {
		for _, c := range readEval(t, f) {
			base := bases[c.kb]
			if base == nil {
				continue
			}
			res := base.Search(c.question, 20)
			rank := -1
			for i := range res.Matches {
				if ok, _ := judgeTop(base, c, Result{Matches: res.Matches[i:]}); ok {
					rank = i
					break
				}
			}
			right, _ := judgeResult(base, c, res)
			if c.offTopic() {
				offTopic[1]++
				if right {
					offTopic[0]++
				}
			} else {
				answered[1]++
				if right {
					answered[0]++
				}
			}
			top, score, cov := "-", 0.0, 0.0
			if len(res.Matches) > 0 {
				m := res.Matches[0]
				top, score, cov = m.Section.Title, m.Score, m.Coverage
			}
			fmt.Fprintf(&b, "%s\t%s\t%s\t%s\t%s\t%s\t%d\t%.3f\t%.3f\t%.3f\t%v\t%v\n",
				filepath.Base(f), c.kb, c.kind, c.question, c.title, top, rank, score, cov, reportMargin(res), res.Answered, right)
			// English questions of the Chinese essay have no right section.
			if c.offTopic() || c.kind == "english-on-zh" || c.source == "default" && !strings.ContainsFunc(c.question, isHan) {
				continue
			}
			kb := strings.Replace(c.kb, "default", "essay", 1)
			n := first[kb]
			n[1]++
			if rank == 0 {
				n[0]++
			}
			first[kb] = n
		}
	}
	if out := os.Getenv("KBBOT_EVAL_REPORT"); out != "" {
		if err := os.WriteFile(out, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The two figures to compare a change by: it should raise the first
	// without lowering the second.
	t.Logf("right and answered %d/%d; off-topic refused %d/%d", answered[0], answered[1], offTopic[0], offTopic[1])
	kbs := make([]string, 0, len(first))
	for kb := range first {
		kbs = append(kbs, kb)
	}
	slices.Sort(kbs)
	for _, kb := range kbs {
		n := first[kb]
		pct := 100 * float64(n[0]) / float64(n[1])
		t.Logf("right first %-10s %3d/%3d = %5.1f%%", kb, n[0], n[1], pct)
		if floor, ok := rightFirstFloors[kb]; !ok || pct < floor {
			t.Errorf("%s: right first %.1f%%; want at least %.0f%%", kb, pct, floor)
		}
	}
	for kb := range rightFirstFloors {
		if _, ok := first[kb]; !ok && bases[kb] != nil {
			t.Errorf("%s: no questions asked", kb)
		}
	}
}

// reportMargin is the best match's relative lead over the next match that
// is another topic, as Search judges it (1 when there is none).
func reportMargin(res Result) float64 {
	if len(res.Matches) == 0 {
		return 0
	}
	best := res.Matches[0]
	for _, m := range res.Matches[1:] {
		if !SameTopic(best.Section, m.Section) && best.Score > 0 {
			return (best.Score - m.Score) / best.Score
		}
	}
	return 1
}

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }
