package knowledge

import (
	"bytes"
	"flag"
	"fmt"
	"go/format"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

var updateModel = flag.Bool("update-model", false,
	"refit the answer decision's model on testdata/eval and rewrite model.go (needs ../shared/corpora)")

// modelMeasureOnly are the labelled sets the decision model is not fitted
// on: they only measure it.
var modelMeasureOnly = []string{"heldout7.tsv", "heldout10.tsv", "heldout11.tsv", "heldout12.tsv", "heldout13.tsv", "heldout14.tsv"}

// Fitting: L2-regularised logistic regression on standardised features,
// by full-batch gradient descent from zero: deterministic.
const (
	fitL2    = 0.003
	fitRate  = 0.5
	fitIters = 2000
	// fitRefused is the share of the training off-topic questions the
	// confidence bar refuses.
	fitRefused = 0.875
)

// decisionExample is one labelled question's evidence: the right
// section first (label 1) or an off-topic question (label 0). Questions
// whose first section is wrong are left out: whether they are answered
// does not change how many are answered right.
type decisionExample struct {
	file string
	x    [numFeatures]float64
	y    float64
}

// decisionExamples gathers the examples of the labelled sets in files
// from the bases.
func decisionExamples(t testing.TB, bases map[string]*Base, files []string) []decisionExample {
	t.Helper()
	var out []decisionExample
	for _, f := range files {
		for _, c := range readEval(t, f) {
			b := bases[c.kb]
			if b == nil || c.kind == "english-on-zh" {
				continue
			}
			pq, cands, why := b.candidates(c.question, 3)
			if why != "" || len(cands) == 0 {
				continue // refused whatever the model says
			}
			y := 0.0
			if !c.offTopic() {
				first := Result{Matches: []Match{{Section: b.idx.docs[cands[0].doc]}}}
				if ok, _ := judgeTop(b, c, first); !ok {
					continue
				}
				y = 1
			}
			out = append(out, decisionExample{file: filepath.Base(f), x: b.evidence(pq, cands).features(), y: y})
		}
	}
	return out
}

// fitLogit fits a logistic model to the examples.
func fitLogit(exs []decisionExample) logitModel {
	n := float64(len(exs))
	var mu, sd [numFeatures]float64
	for _, e := range exs {
		for j, v := range e.x {
			mu[j] += v / n
		}
	}
	for _, e := range exs {
		for j, v := range e.x {
			sd[j] += (v - mu[j]) * (v - mu[j]) / n
		}
	}
	for j := range sd {
		sd[j] = math.Sqrt(sd[j])
		if sd[j] < 1e-9 {
			sd[j] = 1
		}
	}
	z := make([][numFeatures]float64, len(exs))
	for i, e := range exs {
		for j, v := range e.x {
			z[i][j] = (v - mu[j]) / sd[j]
		}
	}
	var w [numFeatures]float64
	var bias float64
	for range fitIters {
		var g [numFeatures]float64
		var gb float64
		for i, e := range exs {
			s := bias
			for j, v := range z[i] {
				s += w[j] * v
			}
			d := 1/(1+math.Exp(-s)) - e.y
			gb += d
			for j, v := range z[i] {
				g[j] += d * v
			}
		}
		bias -= fitRate * gb / n
		for j := range w {
			w[j] -= fitRate * (g[j]/n + fitL2*w[j])
		}
	}
	// Back to raw features: w·(x-mu)/sd = (w/sd)·x - Σ w·mu/sd.
	m := logitModel{bias: bias}
	for j := range w {
		m.weights[j] = w[j] / sd[j]
		m.bias -= w[j] * mu[j] / sd[j]
	}
	return m
}

// confidenceBar returns the least confidence that refuses fitRefused of
// the off-topic examples.
func confidenceBar(m logitModel, exs []decisionExample) float64 {
	var off []float64
	for _, e := range exs {
		if e.y == 0 {
			off = append(off, m.confidenceOf(e.x))
		}
	}
	if len(off) == 0 {
		return 0.5
	}
	slices.Sort(off)
	i := min(int(math.Ceil(fitRefused*float64(len(off)))), len(off)-1)
	return off[i]
}

func trainingFiles(t *testing.T) []string {
	files, err := filepath.Glob(filepath.Join("testdata", "eval", "*.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	return slices.DeleteFunc(files, func(f string) bool { return slices.Contains(modelMeasureOnly, filepath.Base(f)) })
}

// TestDecisionModel refits the decision model on the labelled sets and
// checks that model.go holds what the fit gives (-update-model rewrites
// it). The fit needs ../shared/corpora: without it the test skips.
func TestDecisionModel(t *testing.T) {
	bases := evalBases(t)
	if bases["basecamp"] == nil {
		t.Skip("the decision model is fitted with ../shared/corpora; set KBBOT_CORPORA")
	}
	exs := decisionExamples(t, bases, trainingFiles(t))
	m := fitLogit(exs)
	bar := confidenceBar(m, exs)
	if *updateModel {
		writeModel(t, m, bar, len(exs))
		return
	}
	close := func(a, b float64) bool { return math.Abs(a-b) <= 1e-6*(1+math.Abs(a)) }
	same := close(m.bias, decisionModel.bias) && close(bar, DefaultThresholds.MinConfidence)
	for j := range m.weights {
		same = same && close(m.weights[j], decisionModel.weights[j])
	}
	if !same {
		t.Errorf("model.go is not what the labelled sets fit (bar %.6f, bias %.6f, weights %v); run go test ./knowledge -run TestDecisionModel -update-model", bar, m.bias, m.weights)
	}
}

// writeModel writes model.go for m and the confidence bar.
func writeModel(t *testing.T, m logitModel, bar float64, n int) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated by go test ./knowledge -run TestDecisionModel -update-model; DO NOT EDIT.\n\n")
	fmt.Fprintf(&b, "package knowledge\n\n")
	fmt.Fprintf(&b, "// decisionModel is fitted on %d labelled questions of testdata/eval\n// (model_test.go): the right section first, or off-topic.\n", n)
	fmt.Fprintf(&b, "var decisionModel = logitModel{\n\tbias: %v,\n\tweights: [numFeatures]float64{\n", m.bias)
	for j, w := range m.weights {
		fmt.Fprintf(&b, "\t\t%v, // %s\n", w, featureNames[j])
	}
	fmt.Fprintf(&b, "\t},\n}\n\n")
	fmt.Fprintf(&b, "// fittedConfidence is the confidence bar that refuses %g%% of the\n// off-topic questions the model is fitted on.\nconst fittedConfidence = %v\n", 100*fitRefused, bar)
	src, err := format.Source(b.Bytes())
	if err != nil {
		t.Fatalf("format model.go: %v\n%s", err, b.Bytes())
	}
	if err := os.WriteFile("model.go", src, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote model.go: %d examples, bar %.4f", n, bar)
}
