package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strings"

	"github.com/kbbot/kbbot/knowledge"
)

const calibrateSynopsis = `Usage: kbbot calibrate [--kb PATH]... [--refuse SHARE] [-v] FILE

Asks the labelled questions in FILE of the knowledge base, says how often
the right section comes first and is answered, and which --min-confidence
(thresholds.min_confidence) fits them: the least that refuses --refuse of
the questions marked as ones the knowledge base must not answer.

FILE has one question a line, a tab, and the section that answers it: its
title, FILE#TITLE, or its ID (several separated by |), or - for a question
the knowledge base must refuse. Blank lines and lines starting with # are
skipped; FILE - reads standard input. Label a few dozen of your team's
real questions, a quarter of them off-topic.`

// calibration is one labelled question's outcome, with the confidence
// bar left open: answered means "passes the floors".
type calibration struct {
	labelled
	right      bool // the first match is an expected answer
	floors     bool // the floors (coverage, score, margin) let it answer
	confidence float64
	first      *knowledge.Section
}

// answeredAt reports whether c is answered with confidence bar bar.
func (c calibration) answeredAt(bar float64) bool { return c.floors && c.confidence >= bar }

// okAt reports whether c comes out as labelled at bar: off-topic and
// refused, or the right section answered.
func (c calibration) okAt(bar float64) bool {
	if c.offTopic() {
		return !c.answeredAt(bar)
	}
	return c.right && c.answeredAt(bar)
}

func cmdCalibrate(ctx context.Context, e *env, args []string) int {
	fs := newFlags("calibrate", calibrateSynopsis)
	var kb kbFlags
	kb.register(fs)
	refuse := fs.Float64("refuse", 0.9, "share of the off-topic questions the suggested --min-confidence refuses, 0-1")
	verbose := fs.Bool("v", false, "list every question, not only the misses")
	pos, code, ok := fs.parse(e, args)
	if !ok {
		return code
	}
	if len(pos) != 1 {
		fmt.Fprintln(e.stderr, "kbbot calibrate: want one FILE of labelled questions (- for standard input)")
		return 2
	}
	if !(*refuse >= 0 && *refuse <= 1) {
		fmt.Fprintf(e.stderr, "kbbot calibrate: --refuse %v: want a share from 0 to 1\n", *refuse)
		return 2
	}
	labels, err := readLabelFile(e, pos[0])
	if err != nil {
		for line := range strings.SplitSeq(err.Error(), "\n") { // one a bad line
			fmt.Fprintf(e.stderr, "kbbot calibrate: %s: %s\n", pos[0], line)
		}
		return 1
	}
	base, err := kb.load(ctx, func(o *knowledge.Options) {
		th := knowledge.DefaultThresholds
		th.MinConfidence = 0 // the bar is what this command chooses
		o.Thresholds = &th
	})
	if err != nil {
		fmt.Fprintf(e.stderr, "kbbot calibrate: %v\n", err)
		return 1
	}
	printWarnings(e, base)
	if err := kb.noSections(base); err != nil { // every question refused: nothing measured
		fmt.Fprintf(e.stderr, "kbbot calibrate: %v\n", err)
		return 1
	}
	var results []calibration
	for _, l := range labels {
		if unknown := l.unknownAnswers(base); len(unknown) > 0 {
			fmt.Fprintf(e.stderr, "kbbot calibrate: line %d: no section is titled %q (nor has that ID); question skipped\n", l.line, strings.Join(unknown, `", "`))
			continue
		}
		r := base.Search(l.question, 3)
		c := calibration{labelled: l, floors: r.Answered, confidence: r.Confidence}
		if len(r.Matches) > 0 {
			c.first = r.Matches[0].Section
			c.right = !l.offTopic() && l.answers(c.first)
		}
		results = append(results, c)
	}
	if len(results) == 0 {
		fmt.Fprintln(e.stderr, "kbbot calibrate: no question left to ask")
		return 1
	}
	w := bufio.NewWriter(e.stdout)
	defer w.Flush()
	writeCalibration(w, results, *refuse, *verbose)
	return 0
}

// readLabelFile reads the labelled questions of name, or of standard
// input for "-".
func readLabelFile(e *env, name string) ([]labelled, error) {
	if name == "-" {
		return readLabels(e.stdin)
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, pathErr(err)
	}
	defer f.Close()
	return readLabels(f)
}

// writeCalibration reports the results: totals at today's bar, the
// trade-off at other bars, the suggested bar, and the misses.
func writeCalibration(w io.Writer, results []calibration, refuse float64, verbose bool) {
	var offTopic, rightFirst int
	for _, c := range results {
		switch {
		case c.offTopic():
			offTopic++
		case c.right:
			rightFirst++
		}
	}
	onTopic := len(results) - offTopic
	bar := knowledge.DefaultThresholds.MinConfidence
	fmt.Fprintf(w, "%d questions, %d of them to refuse.\n\n", len(results), offTopic)
	if onTopic > 0 {
		fmt.Fprintf(w, "right section first   %s\n", share(rightFirst, onTopic))
	}
	right, refused := outcomesAt(results, bar)
	if onTopic > 0 {
		fmt.Fprintf(w, "right and answered    %s   (min confidence %.2f, the default)\n", share(right, onTopic), bar)
	}
	if offTopic > 0 {
		fmt.Fprintf(w, "off-topic refused     %s\n", share(refused, offTopic))
	}
	fmt.Fprintf(w, "\nmin confidence   right and answered   off-topic refused\n")
	for _, b := range []float64{0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9} {
		right, refused := outcomesAt(results, b)
		fmt.Fprintf(w, "  %.2f           %-20s %s\n", b, share(right, onTopic), share(refused, offTopic))
	}
	fmt.Fprintln(w)
	if offTopic == 0 {
		fmt.Fprintln(w, "No question is marked - (to refuse): add some to choose a --min-confidence.")
	} else {
		s := suggestBar(results, refuse)
		right, refused := outcomesAt(results, s)
		fmt.Fprintf(w, "Suggested: --min-confidence %.2f refuses %s of the off-topic questions (--refuse %.2f) and answers %s right.\n",
			s, share(refused, offTopic), refuse, share(right, onTopic))
	}
	writeMisses(w, results, bar, verbose)
}

// outcomesAt counts the right answers and the refused off-topic questions
// at confidence bar bar.
func outcomesAt(results []calibration, bar float64) (right, refused int) {
	for _, c := range results {
		switch {
		case !c.okAt(bar):
			continue
		case c.offTopic():
			refused++
		default:
			right++
		}
	}
	return right, refused
}

// suggestBar returns the least confidence bar, to two decimals, that
// refuses at least the share refuse of the off-topic questions.
func suggestBar(results []calibration, refuse float64) float64 {
	var offTopic int
	var bars []float64
	for _, c := range results {
		if c.offTopic() {
			offTopic++
			bars = append(bars, math.Ceil(c.confidence*100+1e-9)/100) // just above it
		}
	}
	bars = append(bars, 0)
	slices.Sort(bars)
	for _, b := range bars {
		if _, refused := outcomesAt(results, b); float64(refused) >= refuse*float64(offTopic)-1e-9 {
			return min(b, 1)
		}
	}
	return 1
}

// writeMisses lists the questions not answered right at bar (all of them
// when verbose).
func writeMisses(w io.Writer, results []calibration, bar float64, verbose bool) {
	header := false
	for _, c := range results {
		answered, ok := c.answeredAt(bar), c.okAt(bar)
		if ok && !verbose {
			continue
		}
		if !header {
			fmt.Fprintln(w, "\nQuestions:")
			header = true
		}
		got := "nothing matches"
		if c.first != nil {
			got = fmt.Sprintf("%q", c.first.Title)
		}
		verdict := "refused"
		if answered {
			verdict = "answered"
		}
		want := "must be refused"
		if !c.offTopic() {
			want = fmt.Sprintf("wants %q", strings.Join(c.want, " | "))
		}
		mark := "miss"
		if ok {
			mark = "ok  "
		}
		fmt.Fprintf(w, "  %s line %d: %q %s: first %s, confidence %.2f, %s\n", mark, c.line, c.question, want, got, c.confidence, verdict)
	}
}

// share formats n of total with its percentage.
func share(n, total int) string {
	if total == 0 {
		return "-"
	}
	return fmt.Sprintf("%d of %d (%.0f%%)", n, total, 100*float64(n)/float64(total))
}
