package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/kbbot/kbbot/adapters/console"
	"github.com/kbbot/kbbot/bot"
)

func cmdStats(ctx context.Context, e *env, args []string) int {
	fs := newFlags("stats", "Usage: kbbot stats [--db FILE] [--since 30d] [--utc] [--sections N] [--json]\n\n"+
		"Prints questions per day, the share answered, and how helpful each\n"+
		"section's answers were voted.")
	rf := reportFlags(fs, "30d")
	utc := fs.Bool("utc", false, "count days in UTC instead of local time")
	sections := fs.Int("sections", 20, "list at most this many sections (0: all)")
	qs, from, code, ok := rf.questions(ctx, e, args, "--sections", sections)
	if !ok {
		return code
	}
	loc := time.Local
	if *utc {
		loc = time.UTC
	}
	st := bot.ComputeStats(qs, loc)
	more := 0 // sections past --sections
	if *sections > 0 && len(st.Sections) > *sections {
		st.Sections, more = st.Sections[:*sections], len(st.Sections)-*sections
	}
	out := bufio.NewWriter(e.stdout)
	defer out.Flush()
	if *rf.asJSON {
		writeStatsJSON(out, st)
		return 0
	}
	fmt.Fprintf(out, "Questions %s: %d, answered %d (%s); votes: %d 👍, %d 👎 (%s helpful)\n",
		sinceText(from), st.Questions, st.Answered, percent(st.Answered, st.Questions),
		st.Helpful, st.Unhelpful, percent(st.Helpful, st.Helpful+st.Unhelpful))
	if len(st.Days) > 0 {
		fmt.Fprintln(out, "\nPer day:            asked  answered")
		for _, d := range st.Days {
			fmt.Fprintf(out, "  %s  %7d  %8d  %s\n", d.Day.Format("2006-01-02 Mon"), d.Questions, d.Answered, percent(d.Answered, d.Questions))
		}
	}
	if len(st.Sections) > 0 {
		fmt.Fprintln(out, "\nPer section:  answers   👍   👎  helpful  section")
		for _, s := range st.Sections {
			fmt.Fprintf(out, "  %19d %4d %4d  %7s  %s [%s]\n", s.Answers, s.Helpful, s.Unhelpful,
				percent(s.Helpful, s.Helpful+s.Unhelpful), console.CleanLine(s.Title), s.SectionID)
		}
		if more > 0 {
			fmt.Fprintf(out, "  ... and %s (--sections 0 lists all)\n", plural(more, "more section"))
		}
	}
	return 0
}

// percent writes a/b as a whole percentage, or "-" when b is 0.
func percent(a, b int) string {
	if b == 0 {
		return "-"
	}
	return fmt.Sprintf("%.0f%%", 100*float64(a)/float64(b))
}

// jsonStats is kbbot stats --json.
type jsonStats struct {
	Questions     int           `json:"questions"`
	Answered      int           `json:"answered"`
	AnsweredShare float64       `json:"answered_share"`
	Helpful       int           `json:"helpful"`
	Unhelpful     int           `json:"unhelpful"`
	HelpfulRatio  float64       `json:"helpful_ratio"`
	Days          []jsonDay     `json:"days"`
	Sections      []jsonSection `json:"sections"`
}

type jsonDay struct {
	Day       string `json:"day"`
	Questions int    `json:"questions"`
	Answered  int    `json:"answered"`
}

type jsonSection struct {
	ID           string  `json:"id"`
	Title        string  `json:"title"`
	Answers      int     `json:"answers"`
	Helpful      int     `json:"helpful"`
	Unhelpful    int     `json:"unhelpful"`
	HelpfulRatio float64 `json:"helpful_ratio"`
}

func writeStatsJSON(out *bufio.Writer, st bot.Stats) {
	j := jsonStats{Questions: st.Questions, Answered: st.Answered, AnsweredShare: st.AnsweredShare(),
		Helpful: st.Helpful, Unhelpful: st.Unhelpful, HelpfulRatio: st.HelpfulRatio(),
		Days: []jsonDay{}, Sections: []jsonSection{}}
	for _, d := range st.Days {
		j.Days = append(j.Days, jsonDay{d.Day.Format("2006-01-02"), d.Questions, d.Answered})
	}
	for _, s := range st.Sections {
		j.Sections = append(j.Sections, jsonSection{s.SectionID, s.Title, s.Answers, s.Helpful, s.Unhelpful, s.HelpfulRatio()})
	}
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	enc.Encode(j)
}
