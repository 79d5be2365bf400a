// Package knowledge turns a team's documents into sections and answers
// questions with the sections that answer them.
//
// A [Base] is built once by [Load] (or [Default] for the embedded knowledge
// base) and is then immutable: any number of goroutines may call its methods
// concurrently. A reload builds a new Base; callers swap a pointer.
//
// Scores: a [Match] carries a Score in [0,1]: the share of the question's
// IDF-weighted terms the section covers (its Coverage), times its BM25F
// score squashed by s/(s+k) (k is 0.6 × the question's total term weight,
// so the squash does not depend on how long the question is), times up
// to 2 when the question names the section's title and up to 1.3 for a
// section whose name other sections use in their code (a command their
// examples run), capped at 1. About 0.3 means "most of the question,
// found in the text"; 1 means "all of it, in the title and strongly in
// the text"; 0 means nothing in common. Whether the best match answers
// is decided by a logistic model over the evidence (score, coverage,
// margin, the question's length and unknown words, the rare words the
// match holds and misses), fitted on labelled questions, above floors of
// score and coverage; see [DefaultThresholds].
package knowledge

import (
	"fmt"
	"io/fs"
	"log/slog"
)

// Section is one titled part of a document: the unit kbbot answers with.
type Section struct {
	// ID is stable: derived from the source file and the heading path, so it
	// does not change when unrelated sections change.
	ID string
	// Title is the section's own heading.
	Title string
	// Path is the breadcrumb from the document's top heading down to and
	// including Title.
	Path []string
	// Body is the section's own text, without its sub-sections.
	Body string
	// Source is the file's path relative to the knowledge-base folder, with
	// forward slashes.
	Source string
	// Line is the 1-based line of the heading (or first line) in Source.
	Line int
	// URL links to the section: front matter url, or base URL + Source +
	// GitHub-style heading anchor. Empty when neither is known.
	URL string
	// Aliases are extra names from front matter (aliases, keywords); they
	// are indexed as a field of their own.
	Aliases []string
	// Owner names a person or channel to hand off to (front matter owner).
	Owner string
	// Tour is the document's place in the onboarding tour (its folder's
	// TOUR file, counted on from the TOUR files of the folders before it,
	// or front matter tour:), shared by its sections, 0 when unset.
	Tour int
	// Level is the heading depth (1 for a top-level heading, 0 for an
	// untitled introduction).
	Level int
	// Order is the section's position in load order across the whole base.
	Order int
	src   int // index of its Source in Load's list
}

// Text returns the section as a reader would see it: the title line
// followed by the body.
func (s *Section) Text() string {
	if s.Body == "" {
		return s.Title
	}
	return s.Title + "\n\n" + s.Body
}

// Match is one ranked answer to a question.
type Match struct {
	Section *Section
	// Score is in [0,1]; see the package documentation.
	Score float64
	// Coverage is the IDF-weighted share of the question's terms found in
	// the section, in [0,1].
	Coverage float64
	// Terms lists the question's terms (as typed, not stemmed) found in the
	// section: why it matched.
	Terms []string
}

// Result is the answer to one question.
type Result struct {
	Query string
	// Matches are the best sections, best first (at most the n asked for).
	Matches []Match
	// Answered is true when the best match is confident enough to be given
	// as the answer; when false, Matches are only suggestions.
	Answered bool
	// Reason says in a few words why the question was not answered (empty
	// when Answered).
	Reason string
	// Confidence is the answer decision model's confidence that the best
	// match is the right answer, in [0,1] (Thresholds.MinConfidence); 0
	// when there is no match.
	Confidence float64
	// OtherScript is true when the question went unanswered and is written
	// in a script the knowledge base hardly uses: only Latin (or other
	// spaced) words where the base is Chinese, Japanese or Korean, or only
	// CJK characters where the base has almost none. Asking in the base's
	// language is then the way to an answer.
	OtherScript bool
}

// Best returns the best match, or nil when there is none.
func (r Result) Best() *Match {
	if len(r.Matches) == 0 {
		return nil
	}
	return &r.Matches[0]
}

// Thresholds decide when the best match counts as an answer.
type Thresholds struct {
	// MinScore is the least Score of the best match.
	MinScore float64
	// MinScoreCJK replaces MinScore for a question with Chinese, Japanese
	// or Korean text. Each such character is a term, and a paraphrase
	// leaves many of them unmatched (function characters, everyday words
	// for what the document says formally), so the same evidence scores
	// lower than in an English question.
	MinScoreCJK float64
	// MinCoverage is the least IDF-weighted share of the question's terms
	// that the best match must contain; three quarters of it when the
	// question names the match's title ("tmux 怎么退出来但不关掉会话").
	MinCoverage float64
	// MinMargin is the least relative lead of the best raw score over the
	// runner-up from another document, when coverage is below
	// StrongCoverage.
	MinMargin float64
	// StrongCoverage is the coverage past which no margin is needed.
	StrongCoverage float64
	// MinConfidence is the least confidence of the answer decision's
	// model (evidence.go), fitted on the labelled questions, that the best
	// match is the right answer rather than a match to an off-topic
	// question.
	MinConfidence float64
}

// DefaultThresholds are calibrated on the labelled questions in
// testdata/eval: MinConfidence is the bar that refuses 87.5% of the
// off-topic questions the model is fitted on (model_test.go); the floors
// below it bind only on the weakest matches.
var DefaultThresholds = Thresholds{
	MinScore:       0.10,
	MinScoreCJK:    0.08,
	MinCoverage:    0.20,
	MinMargin:      0.02,
	StrongCoverage: 0.70,
	MinConfidence:  fittedConfidence,
}

// Options configure Load.
type Options struct {
	// BaseURL, when set, makes section URLs: BaseURL + Source + "#" + anchor,
	// for sources that have no BaseURL of their own.
	BaseURL string
	// MaxFileSize skips larger files with a warning; 0 means 4 MiB.
	MaxFileSize int64
	// Synonyms maps a term to terms that mean the same; see ParseSynonyms.
	// They add to GeneralSynonyms.
	Synonyms *Synonyms
	// NoGeneralSynonyms leaves GeneralSynonyms, RegionalSynonyms and GeneralBroader out:
	// only Synonyms apply.
	NoGeneralSynonyms bool
	// Thresholds decide Result.Answered; zero value means DefaultThresholds.
	Thresholds *Thresholds
	// Logger receives warnings as they are found; nil discards them.
	Logger *slog.Logger
	// Progress, when set, is called after each file with the count of files
	// read and the total.
	Progress func(done, total int)
}

// Severity grades a Warning.
type Severity int

// Severities of warnings.
const (
	// Info is a note: a file of an unknown kind skipped.
	Info Severity = iota
	// Warn is a problem in the knowledge base that loses nothing important.
	Warn
	// Error is a file that could not be used at all.
	Error
)

// String names the severity as warnings print it: note, warning, error.
func (s Severity) String() string {
	switch s {
	case Info:
		return "note"
	case Warn:
		return "warning"
	default:
		return "error"
	}
}

// Warning is a problem found while loading, tied to a file and line.
type Warning struct {
	Severity Severity
	File     string
	Line     int
	Msg      string
}

// String formats the warning as file:line: severity: message.
func (w Warning) String() string {
	if w.Line > 0 {
		return fmt.Sprintf("%s:%d: %s: %s", w.File, w.Line, w.Severity, w.Msg)
	}
	return fmt.Sprintf("%s: %s: %s", w.File, w.Severity, w.Msg)
}

// Source is one knowledge-base folder (or a single file in it) to load.
type Source struct {
	// Name labels the source in messages: the folder as typed, or with
	// File the file's path (or the folder it is in).
	Name string
	// FS is the folder; it is read recursively, hidden files and folders
	// skipped.
	FS fs.FS
	// File, when set, loads only that file of FS.
	File string
	// BaseURL links this source's sections (Options.BaseURL when empty).
	BaseURL string
}
