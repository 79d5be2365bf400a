package bot

import (
	"slices"
	"time"
)

// Stats summarise the questions asked: for the docs team.
type Stats struct {
	// Questions is how many were asked; Answered how many got a confident
	// answer.
	Questions, Answered int
	// Helpful and Unhelpful count the votes.
	Helpful, Unhelpful int
	// Days are the days from the first question to the last, oldest first,
	// including days with none.
	Days []DayStats
	// Sections are the sections given as answers, most voted on first.
	Sections []SectionStats
}

// AnsweredShare is the share of questions answered, in [0,1]; 0 when none
// were asked.
func (s Stats) AnsweredShare() float64 { return ratio(s.Answered, s.Questions) }

// HelpfulRatio is the share of votes that were 👍, in [0,1]; 0 when none.
func (s Stats) HelpfulRatio() float64 { return ratio(s.Helpful, s.Helpful+s.Unhelpful) }

// DayStats count one day's questions.
type DayStats struct {
	Day                 time.Time // the day's first moment (midnight), in the location asked for
	Questions, Answered int
}

// SectionStats count the answers one section gave and the votes on them.
type SectionStats struct {
	SectionID, Title   string
	Answers            int
	Helpful, Unhelpful int
}

// HelpfulRatio is the share of the section's votes that were 👍, in
// [0,1]; 0 when it has none.
func (s SectionStats) HelpfulRatio() float64 { return ratio(s.Helpful, s.Helpful+s.Unhelpful) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// maxStatDays bounds the days listed, so a stray old question does not
// make a list of years of empty days.
const maxStatDays = 400

// ComputeStats summarises qs, counting days in loc (nil means UTC).
func ComputeStats(qs []Question, loc *time.Location) Stats {
	if loc == nil {
		loc = time.UTC
	}
	var st Stats
	// Days are keyed by their calendar date: where a clock change skips
	// midnight (Chile, Paraguay, Cuba, Lebanon, Egypt), time.Date gives
	// that day's midnight as a time on the day before, and the days after
	// it would never meet their questions.
	days := map[civilDay]*DayStats{}
	sections := map[string]*SectionStats{}
	var first, last time.Time // calendar dates, as midnight UTC
	for _, q := range qs {
		st.Questions++
		st.Helpful += q.Helpful
		st.Unhelpful += q.Unhelpful
		day := civilOf(q.Time.In(loc))
		if u := day.utc(); first.IsZero() || u.Before(first) {
			first = u
		}
		if u := day.utc(); u.After(last) {
			last = u
		}
		d := days[day]
		if d == nil {
			d = &DayStats{Day: day.start(loc)}
			days[day] = d
		}
		d.Questions++
		if !q.Answered {
			continue
		}
		st.Answered++
		d.Answered++
		if q.SectionID == "" {
			continue
		}
		s := sections[q.SectionID]
		if s == nil {
			s = &SectionStats{SectionID: q.SectionID}
			sections[q.SectionID] = s
		}
		s.Title = q.Title
		s.Answers++
		s.Helpful += q.Helpful
		s.Unhelpful += q.Unhelpful
	}
	if !first.IsZero() {
		start := first
		if n := int(last.Sub(first).Hours()/24) + 1; n > maxStatDays {
			start = last.AddDate(0, 0, -(maxStatDays - 1))
		}
		for u := start; !u.After(last); u = u.AddDate(0, 0, 1) {
			day := civilOf(u)
			if ds := days[day]; ds != nil {
				st.Days = append(st.Days, *ds)
			} else {
				st.Days = append(st.Days, DayStats{Day: day.start(loc)})
			}
		}
	}
	for _, s := range sections {
		st.Sections = append(st.Sections, *s)
	}
	slices.SortFunc(st.Sections, func(a, b SectionStats) int {
		if va, vb := a.Helpful+a.Unhelpful, b.Helpful+b.Unhelpful; va != vb {
			return vb - va
		}
		if a.Answers != b.Answers {
			return b.Answers - a.Answers
		}
		if a.SectionID < b.SectionID {
			return -1
		}
		if a.SectionID > b.SectionID {
			return 1
		}
		return 0
	})
	return st
}

// civilDay is a calendar date.
type civilDay struct {
	year  int
	month time.Month
	day   int
}

func civilOf(t time.Time) civilDay {
	y, m, d := t.Date()
	return civilDay{y, m, d}
}

// utc is the date's midnight in UTC, where every day has 24 hours.
func (c civilDay) utc() time.Time { return time.Date(c.year, c.month, c.day, 0, 0, 0, 0, time.UTC) }

// start is the first moment of the date in loc: midnight, or the end of
// the clock change that skipped it.
func (c civilDay) start(loc *time.Location) time.Time {
	t := time.Date(c.year, c.month, c.day, 0, 0, 0, 0, loc)
	for t.Day() != c.day {
		t = t.Add(15 * time.Minute)
	}
	return t
}
