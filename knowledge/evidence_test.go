package knowledge

import (
	"math"
	"testing"
	"testing/fstest"
)

// evidenceBase is a small handbook whose words are known exactly.
func evidenceBase(t testing.TB) *Base {
	t.Helper()
	return loadFS(t, fstest.MapFS{
		"leave.md": {Data: []byte("# Leave\n\n## Parental leave\n\nNew parents get sixteen weeks of paid parental leave after a birth or adoption.\n\n" +
			"## Sick leave\n\nTell your manager when you are sick; no doctor's note for short absences.\n")},
		"laptops.md": {Data: []byte("# Laptops\n\nEvery employee gets a laptop; replace it every three years.\n")},
	}, Options{})
}

func TestEvidence(t *testing.T) {
	b := evidenceBase(t)
	tests := []struct {
		q                         string
		title                     string
		concepts, unknown, matchd int
		missing                   bool // the best section misses a concept
	}{
		{"parental leave", "Parental leave", 2, 0, 2, false},
		{"how much parental leave after my wife gave birth", "Parental leave", 6, 2, 4, true},
		{"kangaroo zebra laptop", "Laptops", 3, 2, 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			pq, cands, why := b.candidates(tt.q, 3)
			if why != "" || len(cands) == 0 {
				t.Fatalf("no candidates: %s", why)
			}
			if got := b.idx.docs[cands[0].doc].Title; got != tt.title {
				t.Fatalf("best: got %q; want %q", got, tt.title)
			}
			e := b.evidence(pq, cands)
			if e.concepts != tt.concepts || e.unknown != tt.unknown || e.matched != tt.matchd {
				t.Errorf("concepts, unknown, matched = %d, %d, %d; want %d, %d, %d",
					e.concepts, e.unknown, e.matched, tt.concepts, tt.unknown, tt.matchd)
			}
			if (e.maxMissW > 0) != tt.missing || (e.missShare > 0) != tt.missing {
				t.Errorf("maxMissW %.2f, missShare %.2f; want them non-zero: %v", e.maxMissW, e.missShare, tt.missing)
			}
			if e.maxMatchedW <= 0 || e.maxMatchedW > e.matchedW+1e-9 || e.score != float64(min(cands[0].final, 1)) {
				t.Errorf("matched weights %.2f (max %.2f), score %.2f: inconsistent", e.matchedW, e.maxMatchedW, e.score)
			}
			if e.margin != b.margin(cands) {
				t.Errorf("margin %.2f; want Base.margin's %.2f", e.margin, b.margin(cands))
			}
		})
	}
}

// TestConfidence checks the shipped model's direction on evidence that
// differs in one way only: a better match is never less confident.
func TestConfidence(t *testing.T) {
	base := evidence{score: 0.3, cover: 0.5, margin: 0.3, concepts: 3, matched: 2, matchedW: 1.2, maxMatchedW: 0.8, missShare: 0.3, maxMissW: 0.9}
	for _, tt := range []struct {
		name   string
		better func(e *evidence)
	}{
		{"higher score", func(e *evidence) { e.score = 0.6 }},
		{"title named", func(e *evidence) { e.title = 1 }},
		{"rarer words matched", func(e *evidence) { e.matchedW, e.maxMatchedW = 1.8, 1 }},
		{"rare word not missed", func(e *evidence) { e.maxMissW = 0.3 }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := base
			tt.better(&e)
			if lo, hi := decisionModel.confidence(base), decisionModel.confidence(e); hi <= lo {
				t.Errorf("confidence %.3f; want more than %.3f", hi, lo)
			}
		})
	}
	if c := decisionModel.confidence(base); c <= 0 || c >= 1 || math.IsNaN(c) {
		t.Errorf("confidence %v; want in (0,1)", c)
	}
	if c := decisionModel.confidence(evidence{score: math.NaN()}); c != 0 {
		t.Errorf("confidence of NaN evidence %v; want 0", c)
	}
}

// TestOneSectionBase: the smallest knowledge base still answers what it
// holds, and the evidence is finite.
func TestOneSectionBase(t *testing.T) {
	b := loadFS(t, fstest.MapFS{"vpn.md": {Data: []byte("# VPN\n\nInstall WireGuard to reach the office network.\n")}}, Options{})
	pq, cands, why := b.candidates("how do I install wireguard", 3)
	if why != "" || len(cands) != 1 {
		t.Fatalf("candidates: %d (%s); want the one section", len(cands), why)
	}
	for i, x := range b.evidence(pq, cands).features() {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			t.Errorf("feature %s = %v", featureNames[i], x)
		}
	}
	if r := b.Search("how do I install wireguard", 3); !r.Answered {
		t.Errorf("not answered: %s", r.Reason)
	}
}

// TestChattyQuestion: long questions whose point the right section holds
// are answered though many of their words are not in it, and one that
// shares only common words with the base is not.
func TestChattyQuestion(t *testing.T) {
	b := evidenceBase(t)
	for _, tt := range []struct {
		q        string
		answered bool
	}{
		{"my wife just gave birth last week, how many weeks of paid parental leave can I take as the dad?", true},
		{"woke up sick today, do I need a doctor's note?", true},
		{"how do I book a meeting room for three weeks", false},
	} {
		r := b.Search(tt.q, 3)
		if r.Answered != tt.answered {
			t.Errorf("Search(%q): answered %v (%s); want %v", tt.q, r.Answered, r.Reason, tt.answered)
		}
		if r.Answered && r.Confidence < DefaultThresholds.MinConfidence {
			t.Errorf("Search(%q): answered with confidence %.2f, under the bar %.2f", tt.q, r.Confidence, DefaultThresholds.MinConfidence)
		}
	}
}

func TestFitLogit(t *testing.T) {
	// Label 1 when x0 > x1: the fit must weigh x0 up and x1 down.
	var exs []decisionExample
	for i := range 200 {
		var x [numFeatures]float64
		x[0], x[1] = float64(i%17)/17, float64(i%13)/13
		y := 0.0
		if x[0] > x[1] {
			y = 1
		}
		exs = append(exs, decisionExample{x: x, y: y})
	}
	m := fitLogit(exs)
	if m.weights[0] <= 0 || m.weights[1] >= 0 {
		t.Fatalf("weights %v; want the first positive and the second negative", m.weights[:2])
	}
	right := 0
	for _, e := range exs {
		if (m.confidenceOf(e.x) >= 0.5) == (e.y == 1) {
			right++
		}
	}
	if right < 180 {
		t.Errorf("the fit classifies %d of 200 right; want at least 180", right)
	}
	bar := confidenceBar(m, exs)
	refused, off := 0, 0
	for _, e := range exs {
		if e.y == 0 {
			off++
			if m.confidenceOf(e.x) < bar {
				refused++
			}
		}
	}
	if share := float64(refused) / float64(off); share < fitRefused-0.02 || share > fitRefused+0.05 {
		t.Errorf("the bar %.3f refuses %.2f of the negatives; want about %.2f", bar, share, fitRefused)
	}
}

// FuzzSearch asks any question of a small base: no panic, scores in
// [0,1], an answer only with a match, and finite evidence.
func FuzzSearch(f *testing.F) {
	for _, q := range []string{"parental leave", "my laptop is old", "开源怎么赚钱", "", "？？？", "a a a a a", "laptop laptop 笔记本"} {
		f.Add(q)
	}
	b := evidenceBase(f)
	f.Fuzz(func(t *testing.T, q string) {
		r := b.Search(q, 3)
		if r.Answered && len(r.Matches) == 0 {
			t.Fatalf("answered %q with no match", q)
		}
		if !(r.Confidence >= 0 && r.Confidence <= 1) || r.Answered && r.Confidence < DefaultThresholds.MinConfidence {
			t.Fatalf("%q: answered %v with confidence %v", q, r.Answered, r.Confidence)
		}
		for _, m := range r.Matches {
			if !(m.Score >= 0 && m.Score <= 1) || !(m.Coverage >= 0 && m.Coverage <= 1) {
				t.Fatalf("%q: score %v, coverage %v; want both in [0,1]", q, m.Score, m.Coverage)
			}
		}
		if pq, cands, why := b.candidates(q, 3); why == "" && len(cands) > 0 {
			for i, x := range b.evidence(pq, cands).features() {
				if math.IsNaN(x) || math.IsInf(x, 0) {
					t.Fatalf("%q: feature %s = %v", q, featureNames[i], x)
				}
			}
		}
	})
}
