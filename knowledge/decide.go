package knowledge

import (
	"slices"
	"strings"
)

// The answer decision: whether the best candidate answers, and why not.

// finish fills res from the ranked candidates and decides Answered.
func (b *Base) finish(res *Result, pq query, cands []scored, n int) {
	b.decide(res, pq, cands, n)
	if !res.Answered && b.otherScript(res.Query, pq) {
		res.OtherScript = true
		if pq.cjk {
			res.Reason = "the question is in Chinese, Japanese or Korean, which the knowledge base hardly uses; ask in its language"
		} else {
			res.Reason = "the knowledge base is written in Chinese, Japanese or Korean; ask in its language"
		}
	}
}

// decide fills res with the best of cands and whether they answer.
func (b *Base) decide(res *Result, pq query, cands []scored, n int) {
	for i, c := range cands {
		if i == n {
			break
		}
		sec := b.idx.docs[c.doc]
		res.Matches = append(res.Matches, Match{Section: sec, Score: float64(min(c.final, 1)), Coverage: float64(c.cover), Terms: b.matchedTerms(pq, c.doc)})
	}
	if len(cands) == 0 {
		res.Reason = "no section mentions what the question asks about"
		return
	}
	th := b.thresholds
	best := cands[0]
	minCov, minScore := th.MinCoverage, th.MinScore
	if best.tcov >= namedTitle {
		minCov *= namedTitleCoverage // "tmux 怎么退出来但不关掉会话"
	}
	if pq.cjk {
		minScore = th.MinScoreCJK
	}
	ev := b.evidence(pq, cands)
	res.Confidence = decisionModel.confidence(ev)
	switch {
	case ev.cover < minCov:
		res.Reason = reasonCoverage
	case ev.score < minScore:
		res.Reason = reasonWeak
	case ev.cover < th.StrongCoverage && ev.margin < th.MinMargin:
		res.Reason = reasonEqual
	case res.Confidence < th.MinConfidence:
		res.Reason = ev.weakest()
	default:
		res.Answered = true
	}
}

// Why a question is refused.
const (
	reasonCoverage = "the best section covers too little of the question"
	reasonWeak     = "the best section matches the question too weakly"
	reasonEqual    = "several sections match the question about equally"
)

// weakest says which of the evidence is weakest, for a refusal.
func (e evidence) weakest() string {
	switch {
	case e.cover < 0.5:
		return reasonCoverage
	case e.margin < 0.1:
		return reasonEqual
	}
	return reasonWeak
}

// Scripts: a base whose body text is at least cjkBase CJK characters
// (against words) is written in Chinese, Japanese or Korean; one with at
// most hardlyCJK is not.
const (
	cjkBase   = 0.9
	hardlyCJK = 0.02
)

// otherScript reports whether question q, analysed as pq, is written only
// in a script the base hardly uses. A question with CJK characters is not
// written only in Latin words even when they are all question words that
// the analysis drops ("kubectl get pods 是什么").
func (b *Base) otherScript(q string, pq query) bool {
	words := false
	for _, c := range pq.concepts {
		if c.kind == kindWord && !c.weak && !isNumber(c.surface) {
			words = true
			break
		}
	}
	share := b.idx.cjkShare
	return !pq.cjk && words && share >= cjkBase && !strings.ContainsFunc(q, isCJK) || pq.cjk && !words && share <= hardlyCJK
}

// margin is the relative lead of the best candidate over the next one
// that is another topic (SameTopic); 1 when there is none.
func (b *Base) margin(cands []scored) float64 {
	r := b.runnerUp(cands)
	switch {
	case r < 0:
		return 1
	case cands[0].final == 0:
		return 0
	}
	return float64((cands[0].final - cands[r].final) / cands[0].final)
}

// runnerUp returns the index in cands of the best candidate that is
// another topic than the first (SameTopic), or -1.
func (b *Base) runnerUp(cands []scored) int {
	best := b.idx.docs[cands[0].doc]
	for i, c := range cands[1:] {
		if !SameTopic(best, b.idx.docs[c.doc]) {
			return i + 1
		}
	}
	return -1
}

// Nested reports whether one of a and b is inside the other (or they are
// the same section): the answer and its parent heading are one topic,
// not two.
func Nested(a, b *Section) bool {
	if !a.SameFile(b) {
		return false
	}
	short, long := a.Path, b.Path
	if len(short) > len(long) {
		short, long = long, short
	}
	return slices.Equal(short, long[:len(short)])
}

// SameTopic reports whether a and b answer as one topic: one is inside
// the other, or they have the same breadcrumb in two files (one command
// page for two platforms, one handbook page in two folders).
func SameTopic(a, b *Section) bool {
	return Nested(a, b) || slices.Equal(a.Path, b.Path)
}
