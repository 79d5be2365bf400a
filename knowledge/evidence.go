package knowledge

import (
	"math"
	"slices"
)

// evidence is what the answer decision knows of the best candidate: how
// well it matches, how much of the question it holds, what it misses,
// and the question's shape. A long, chatty question ("my wife just gave
// birth, how much paid leave do I get as the dad") leaves much of itself
// unmatched by the right section, so coverage alone refuses it; an
// off-topic one matches only its common words. The confidence model
// (decisionModel) weighs these together.
type evidence struct {
	score    float64 // the best candidate's Score, in [0,1]
	cover    float64 // its coverage
	margin   float64 // its lead over the next other topic (Base.margin)
	title    float64 // how much of its title the question names (scored.tcov)
	cjk      bool    // the question has CJK text
	concepts int     // the question's concepts that are not question words
	unknown  int     // of those, how many the knowledge base never uses
	matched  int     // of those, how many the best candidate has
	// Weights are a concept's weight over the base's largest IDF: about
	// 1 for a word found in one section, less for common ones.
	matchedW    float64 // total weight of the concepts the best candidate has
	maxMatchedW float64 // weight of its heaviest one
	missShare   float64 // largest share of the question's weight it misses
	maxMissW    float64 // weight of the heaviest concept it misses
}

// evidence gathers the decision's evidence on cands[0].
func (b *Base) evidence(pq query, cands []scored) evidence {
	ix := b.idx
	best := cands[0]
	e := evidence{
		score:  float64(min(best.final, 1)),
		cover:  float64(best.cover),
		margin: b.margin(cands),
		title:  float64(best.tcov),
		cjk:    pq.cjk,
	}
	norm := 0.0
	if ix.maxIDF > 0 {
		norm = 1 / float64(ix.maxIDF)
	}
	for _, c := range pq.concepts {
		if c.weak {
			continue
		}
		e.concepts++
		if len(c.alts) == 0 {
			e.unknown++
		}
		w := float64(c.weight) * norm
		if b.hasConcept(c, best.doc) {
			e.matched++
			e.matchedW += w
			e.maxMatchedW = max(e.maxMatchedW, w)
			continue
		}
		e.missShare = max(e.missShare, float64(c.weight/pq.total))
		e.maxMissW = max(e.maxMissW, w)
	}
	return e
}

// hasConcept reports whether section doc holds one of c's terms.
func (b *Base) hasConcept(c concept, doc uint32) bool {
	for _, a := range c.alts {
		if _, ok := slices.BinarySearchFunc(b.idx.postings[a.term], doc, byDoc); ok {
			return true
		}
	}
	return false
}

// numFeatures is the length of evidence.features.
const numFeatures = 14

// features returns the evidence as the confidence model's inputs, in
// the order of decisionModel's weights.
func (e evidence) features() [numFeatures]float64 {
	cjk := 0.0
	if e.cjk {
		cjk = 1
	}
	unknownShare := 0.0
	if e.concepts > 0 {
		unknownShare = float64(e.unknown) / float64(e.concepts)
	}
	return [numFeatures]float64{
		e.score, e.cover, min(e.margin, 1), e.title, cjk,
		math.Log1p(float64(e.concepts)), unknownShare, math.Log1p(float64(e.matched)),
		e.matchedW, e.maxMatchedW, e.missShare, min(e.maxMissW, 2),
		cjk * e.score, cjk * e.cover,
	}
}

// featureNames name evidence.features, for the model's source and tests.
var featureNames = [numFeatures]string{
	"score", "cover", "margin", "title", "cjk",
	"log1p(concepts)", "unknownShare", "log1p(matched)",
	"matchedW", "maxMatchedW", "missShare", "maxMissW",
	"cjk*score", "cjk*cover",
}

// logitModel is a logistic model: confidence = 1 / (1 + e^-(bias + w·x)).
type logitModel struct {
	bias    float64
	weights [numFeatures]float64
}

// confidence is the model's probability that the best candidate is the
// right answer rather than a match to an off-topic question.
func (m logitModel) confidence(e evidence) float64 { return m.confidenceOf(e.features()) }

// confidenceOf is the model's probability for features x; 0 when they
// are not numbers.
func (m logitModel) confidenceOf(x [numFeatures]float64) float64 {
	z := m.bias
	for i, w := range m.weights {
		z += w * x[i]
	}
	if math.IsNaN(z) {
		return 0
	}
	return 1 / (1 + math.Exp(-z))
}
