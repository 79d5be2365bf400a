package knowledge

import (
	"path/filepath"
	"testing"
)

// Floors below which ranking counts as broken. They sit a little under
// what the engine measures today (see README "Answer quality"), so a
// regression fails while noise from a small change does not. They are
// regression floors, not the product's targets (95% / 90% / 70%), which
// paraphrased questions do not reach yet.
var labelledFloors = map[string]float64{
	"default":  93,
	"handbook": 58,
	"offtopic": 92,
}

// TestRankingLabelled asks the labelled questions of testdata/eval over
// the embedded essay and the test handbook and fails when accuracy falls
// under the floors: right section first and answered, off-topic refused.
func TestRankingLabelled(t *testing.T) {
	scores := runEval(t, readEval(t, filepath.Join("testdata", "eval", "labelled.tsv")), evalBases(t))
	for group, floor := range labelledFloors {
		if s := scores[group]; s == nil || s.pct() < floor {
			t.Errorf("%s: accuracy %v; want at least %.0f%%", group, s, floor)
		}
	}
}

// corporaFloors are the regression floors on real knowledge bases nobody
// here wrote (questions in testdata/eval/corpora.tsv).
var corporaFloors = map[string]float64{
	"basecamp": 66,
	"tldr-en":  33,
	"tldr-zh":  41,
	"offtopic": 90,
}

// TestRankingCorpora asks held-out questions of ../shared/corpora when it
// is present.
func TestRankingCorpora(t *testing.T) {
	dir := corporaDir()
	if dir == "" {
		t.Skip("../shared/corpora not present")
	}
	if testing.Short() {
		t.Skip("loads thousands of pages")
	}
	scores := runEval(t, readEval(t, filepath.Join("testdata", "eval", "corpora.tsv")), evalBases(t))
	for group, floor := range corporaFloors {
		if s := scores[group]; s == nil || s.pct() < floor {
			t.Errorf("%s: accuracy %v; want at least %.0f%%", group, s, floor)
		}
	}
}

// heldoutFloors are per held-out file: questions written by teammates
// after the engine was built, without running it or reading it, to check
// that accuracy holds on questions nobody tuned for. heldout.tsv (236
// questions) was then used to choose between changes; heldout2.tsv (118,
// everyday tasks phrased away from the docs' words) first only measured,
// then joined the sets changes were chosen on, with heldout3.tsv (165).
// heldout4.tsv (165) only measured the general synonyms. heldout5.tsv
// to heldout9.tsv were written by helpers that saw only the documents,
// never the engine nor the other sets. On them the command pages did far
// worse than on the sets above (30% right first against 50%), and right
// answers were refused more often: the older sets flatter the engine.
// Each was measured before the decision model was fitted on it;
// heldout7.tsv (151) only measures the model (modelMeasureOnly).
// heldout10.tsv (150, seventh session, the same brief) measured the larger
// general synonyms list before and after, and only measures: the model is
// not fitted on it either. heldout11.tsv (160, written at the end of the
// seventh session) measured that session's engine against the sixth's
// once, and only measures. heldout12.tsv (160, start of the eighth
// session) measured the eighth session's changes, and only measures;
// heldout13.tsv (160, start of the ninth session, the same brief) too,
// and heldout14.tsv (160, start of the tenth session, the same brief).
// Write a fresh one before tuning again.
var heldoutFloors = map[string]map[string]float64{
	"heldout.tsv": {
		"essay":          88,
		"basecamp":       64,
		"tldr-en":        52,
		"tldr-zh":        65,
		"offtopic":       82,
		"offtopic-essay": 83,
	},
	"heldout2.tsv": {
		"essay":          70,
		"basecamp":       52,
		"tldr-en":        22,
		"tldr-zh":        45,
		"offtopic":       66,
		"offtopic-essay": 83,
	},
	"heldout3.tsv": {
		"essay":          76,
		"basecamp":       50,
		"tldr-en":        42,
		"tldr-zh":        48,
		"offtopic":       62,
		"offtopic-essay": 90,
	},
	"heldout4.tsv": {
		"essay":          88,
		"basecamp":       57,
		"tldr-en":        42,
		"tldr-zh":        48,
		"offtopic":       70,
		"offtopic-essay": 68,
	},
	"heldout5.tsv": {
		"essay":          85,
		"basecamp":       45,
		"tldr-en":        20,
		"tldr-zh":        40,
		"offtopic":       83,
		"offtopic-essay": 90,
	},
	"heldout6.tsv": {
		"essay":          80,
		"basecamp":       45,
		"tldr-en":        22,
		"tldr-zh":        50,
		"offtopic":       88,
		"offtopic-essay": 90,
	},
	"heldout7.tsv": {
		"essay":          68,
		"basecamp":       52,
		"tldr-en":        25,
		"tldr-zh":        45,
		"offtopic":       85,
		"offtopic-essay": 90,
	},
	"heldout8.tsv": {
		"essay":          75,
		"basecamp":       65,
		"offtopic":       88,
		"offtopic-essay": 88,
	},
	"heldout9.tsv": {
		"tldr-en":  34,
		"tldr-zh":  45,
		"offtopic": 66,
	},
	"heldout10.tsv": {
		"essay":          88,
		"basecamp":       60,
		"tldr-en":        10,
		"tldr-zh":        20,
		"offtopic":       76,
		"offtopic-essay": 80,
	},
	"heldout11.tsv": {
		"essay":          88,
		"basecamp":       57,
		"tldr-en":        8,
		"tldr-zh":        34,
		"offtopic":       85,
		"offtopic-essay": 90,
	},
	"heldout12.tsv": {
		"essay":          80,
		"basecamp":       65,
		"tldr-en":        30,
		"tldr-zh":        32,
		"offtopic":       80,
		"offtopic-essay": 80,
	},
	"heldout13.tsv": {
		"essay":          75,
		"basecamp":       60,
		"tldr-en":        30,
		"tldr-zh":        48,
		"offtopic":       72,
		"offtopic-essay": 90,
	},
	"heldout14.tsv": {
		"essay":          73,
		"basecamp":       70,
		"tldr-en":        28,
		"tldr-zh":        56,
		"offtopic":       70,
		"offtopic-essay": 80,
	},
}

// TestRankingHeldout asks the held-out questions: of the embedded essay
// always, of ../shared/corpora when it is present.
func TestRankingHeldout(t *testing.T) {
	bases := evalBases(t)
	for file, floors := range heldoutFloors {
		t.Run(file, func(t *testing.T) {
			scores := runEval(t, readEval(t, filepath.Join("testdata", "eval", file)), bases)
			for group, floor := range floors {
				s := scores[group]
				if bases[group] == nil && (group != "offtopic" || bases["basecamp"] == nil) {
					continue // corpora absent: only the essay's questions count
				}
				if s == nil || s.pct() < floor {
					t.Errorf("%s: accuracy %v; want at least %.0f%%", group, s, floor)
				}
			}
		})
	}
}
