package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/kbbot/kbbot/adapters/console"
	"github.com/kbbot/kbbot/bot"
	"github.com/kbbot/kbbot/bot/sqlite"
)

// defaultDB is the store's file when --db is not given.
const defaultDB = "kbbot.db"

func cmdGaps(ctx context.Context, e *env, args []string) int {
	fs := newFlags("gaps", "Usage: kbbot gaps [--db FILE] [--since 7d] [--limit N] [--json]\n\n"+
		"Lists the questions the bot could not answer, or answered to a 👎, grouped\n"+
		"by similar wording, most asked first, with the closest section each time:\n"+
		"the to-do list for the knowledge base.")
	rf := reportFlags(fs, "7d")
	limit := fs.Int("limit", 50, "list at most this many groups (0: all)")
	qs, from, code, ok := rf.questions(ctx, e, args, "--limit", limit)
	if !ok {
		return code
	}
	gaps := bot.Gaps(qs)
	inGaps := 0 // the questions in every group, listed or not
	for _, g := range gaps {
		inGaps += g.Count
	}
	more := 0 // groups past --limit
	if *limit > 0 && len(gaps) > *limit {
		gaps, more = gaps[:*limit], len(gaps)-*limit
	}
	out := bufio.NewWriter(e.stdout)
	defer out.Flush()
	if *rf.asJSON {
		writeGapsJSON(out, gaps)
		return 0
	}
	if len(gaps) == 0 {
		fmt.Fprintf(out, "No gaps %s: every question of %d was answered and none was voted down.\n", sinceText(from), len(qs))
		return 0
	}
	fmt.Fprintf(out, "Knowledge gaps %s (%d of %s), most asked first:\n", sinceText(from), inGaps, plural(len(qs), "question"))
	for i, g := range gaps {
		fmt.Fprintf(out, "\n%d. %q\n", i+1, bot.TruncateRunes(g.Wordings[0].Text, maxGapText))
		fmt.Fprintf(out, "   asked %s by %s; %d unanswered, %d 👎; last %s\n",
			plural(g.Count, "time"), plural(g.Users, "person"), g.Unanswered, g.Unhelpful, g.Last.Local().Format("2006-01-02 15:04"))
		if len(g.Wordings) > 1 {
			var also []string
			for _, w := range g.Wordings[1:min(len(g.Wordings), 4)] {
				also = append(also, fmt.Sprintf("%q (%d)", bot.TruncateRunes(w.Text, maxGapText), w.Count))
			}
			if more := len(g.Wordings) - 4; more > 0 {
				also = append(also, fmt.Sprintf("and %d more", more))
			}
			fmt.Fprintf(out, "   also asked as: %s\n", strings.Join(also, ", "))
		}
		if g.SectionID != "" {
			fmt.Fprintf(out, "   closest section: %s [%s] (score %.2f)\n", console.CleanLine(g.Title), g.SectionID, g.Score)
		} else {
			fmt.Fprintln(out, "   closest section: none")
		}
	}
	if more > 0 {
		fmt.Fprintf(out, "\n... and %s (--limit 0 lists all)\n", plural(more, "more group"))
	}
	return 0
}

// jsonGap is one group in kbbot gaps --json.
type jsonGap struct {
	Question   string        `json:"question"`
	Wordings   []jsonWording `json:"wordings"`
	Count      int           `json:"count"`
	Users      int           `json:"users"`
	Unanswered int           `json:"unanswered"`
	Unhelpful  int           `json:"unhelpful"`
	First      time.Time     `json:"first"`
	Last       time.Time     `json:"last"`
	SectionID  string        `json:"section_id,omitempty"`
	Title      string        `json:"title,omitempty"`
	Score      float64       `json:"score"`
}

type jsonWording struct {
	Text  string `json:"text"`
	Count int    `json:"count"`
}

func writeGapsJSON(out *bufio.Writer, gaps []bot.Gap) {
	list := make([]jsonGap, 0, len(gaps))
	for _, g := range gaps {
		j := jsonGap{Question: g.Wordings[0].Text, Count: g.Count, Users: g.Users, Unanswered: g.Unanswered,
			Unhelpful: g.Unhelpful, First: g.First, Last: g.Last, SectionID: g.SectionID, Title: g.Title, Score: g.Score}
		for _, w := range g.Wordings {
			j.Wordings = append(j.Wordings, jsonWording(w))
		}
		list = append(list, j)
	}
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	enc.Encode(list)
}

// report holds the flags gaps and stats share: the store, the time
// window and the output format.
type report struct {
	fs     cmdFlags
	db     *string
	since  *string
	asJSON *bool
}

func reportFlags(fs cmdFlags, since string) report {
	return report{
		fs:     fs,
		db:     fs.String("db", defaultDB, "the bot's SQLite `file`"),
		since:  fs.String("since", since, "how far back: "+since+", 2w, 36h, a date (2025-03-01), or all"),
		asJSON: fs.Bool("json", false, "print JSON"),
	}
}

// questions parses args, checks the count flag named countFlag (at least
// 0), and reads the questions of the window. When ok is false the
// command exits with code.
func (r report) questions(ctx context.Context, e *env, args []string, countFlag string, count *int) (qs []bot.Question, from time.Time, code int, ok bool) {
	pos, code, ok := r.fs.parse(e, args)
	if !ok {
		return nil, from, code, false
	}
	name := r.fs.Name()
	from, err := parseSince(*r.since, time.Now())
	switch {
	case len(pos) > 0:
		fmt.Fprintf(e.stderr, "kbbot %s: unexpected argument %q\n", name, pos[0])
		return nil, from, 2, false
	case err != nil:
		fmt.Fprintf(e.stderr, "kbbot %s: --since: %v\n", name, err)
		return nil, from, 2, false
	case *count < 0:
		fmt.Fprintf(e.stderr, "kbbot %s: %s %d: want 0 or more\n", name, countFlag, *count)
		return nil, from, 2, false
	}
	qs, err = readQuestions(ctx, *r.db, from)
	if err != nil {
		fmt.Fprintf(e.stderr, "kbbot %s: %v\n", name, err)
		return nil, from, 1, false
	}
	return qs, from, 0, true
}

// readQuestions reads the questions asked since from the store at path,
// which must exist: a report never creates an empty store.
func readQuestions(ctx context.Context, path string, since time.Time) ([]bot.Question, error) {
	if path != ":memory:" {
		fi, err := os.Stat(path)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return nil, fmt.Errorf("%s does not exist (kbbot serve --db or kbbot chat --db writes it)", path)
		case err == nil && fi.IsDir():
			return nil, fmt.Errorf("%s is a folder: --db names the bot's SQLite file", path)
		}
	}
	st, err := sqlite.Open(ctx, path, sqlite.Options{ReadOnly: true}) // reports: read access is enough
	if err != nil {
		return nil, err
	}
	defer st.Close()
	return st.Questions(ctx, since)
}

// parseSince reads how far back a report goes: a number of days (7d),
// weeks (2w) or any Go duration (36h, 90m) back from now; a date
// (2006-01-02, local time); or "all" for everything (the zero time).
func parseSince(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(strings.ToLower(s))
	if s == "all" || s == "0" {
		return time.Time{}, nil
	}
	if t, err := time.ParseInLocation("2006-01-02", s, time.Local); err == nil {
		if t.After(now) { // a report of nothing would read as "all answered"
			return time.Time{}, fmt.Errorf("%q is in the future: want a date up to today", s)
		}
		return t, nil
	}
	for suffix, days := range map[string]int{"d": 1, "w": 7} {
		if n, ok := strings.CutSuffix(s, suffix); ok {
			v, err := strconv.Atoi(n)
			if err != nil || v < 0 || v > 100*366/days { // no multiplication to overflow
				return time.Time{}, fmt.Errorf("%q: want a whole number of days or weeks up to 100 years, like 7d or 2w", s)
			}
			return now.AddDate(0, 0, -v*days), nil // calendar days: no overflow, and a day is a day across a clock change
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return time.Time{}, fmt.Errorf("%q: want 7d, 2w, 36h, a date like 2025-03-01, or all", s)
	}
	return now.Add(-d), nil
}

// sinceText describes a report's period.
func sinceText(from time.Time) string {
	if from.IsZero() {
		return "of all time"
	}
	return "since " + from.Local().Format("2006-01-02 15:04")
}

// maxGapText is how many characters of a question gaps prints: a pasted
// log or error of up to 2,000 would bury the list (--json keeps it all).
const maxGapText = 120

// plural writes n with its noun, in the plural when n is not 1.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	if noun == "person" {
		return fmt.Sprintf("%d people", n)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
