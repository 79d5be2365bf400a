package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kbbot/kbbot/bot"
	"github.com/kbbot/kbbot/bot/sqlite"
)

// seedDB writes questions (times relative to now) to a new store file.
func seedDB(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kbbot.db")
	st, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := time.Now()
	ago := func(d time.Duration) time.Time { return now.Add(-d) }
	day := 24 * time.Hour
	qs := []struct {
		q    bot.Question
		vote int
	}{
		{bot.Question{Time: ago(1 * time.Hour), User: "a", Text: "How do I reset my password?"}, 0},
		{bot.Question{Time: ago(2 * time.Hour), User: "b", Text: "reset password", SectionID: "acct", Title: "Accounts", Score: 0.3}, 0},
		{bot.Question{Time: ago(3 * time.Hour), User: "c", Text: "reset my account password?"}, 0},
		{bot.Question{Time: ago(4 * time.Hour), User: "d", Text: "where do I park my bike", SectionID: "wifi", Title: "Office wifi", Score: 0.2}, 0},
		{bot.Question{Time: ago(5 * time.Hour), User: "e", Text: "wifi password", SectionID: "wifi", Title: "Office wifi", Score: 0.8, Answered: true}, -1},
		{bot.Question{Time: ago(6 * time.Hour), User: "f", Text: "book leave", SectionID: "leave", Title: "Booking leave", Score: 0.9, Answered: true}, 1},
		{bot.Question{Time: ago(30 * day), User: "g", Text: "old unanswered question about parking"}, 0},
	}
	for _, x := range qs {
		x.q.Platform = bot.PlatformSlack
		id, err := st.SaveQuestion(ctx, x.q)
		if err != nil {
			t.Fatal(err)
		}
		if x.vote != 0 {
			if err := st.SaveFeedback(ctx, bot.Feedback{QuestionID: id, Platform: bot.PlatformSlack, User: x.q.User, Helpful: x.vote > 0}); err != nil {
				t.Fatal(err)
			}
		}
	}
	return path
}

func TestGapsCommand(t *testing.T) {
	db := seedDB(t)
	out, errOut, code := runKbbot(t, "", "gaps", "--db", db)
	if code != 0 {
		t.Fatalf("kbbot gaps: exit %d: %s", code, errOut)
	}
	first := strings.Index(out, `1. "How do I reset my password?"`)
	second := strings.Index(out, `2. "`)
	if first < 0 || second < first || !strings.Contains(out, "asked 3 times by 3 people; 3 unanswered") ||
		!strings.Contains(out, "closest section: Accounts [acct]") {
		t.Errorf("gaps: the password group is not first with 3 questions:\n%s", out)
	}
	if !strings.Contains(out, `"wifi password"`) || !strings.Contains(out, "1 👎") {
		t.Errorf("gaps: the voted-down answer is missing:\n%s", out)
	}
	if strings.Contains(out, "book leave") || strings.Contains(out, "old unanswered") {
		t.Errorf("gaps lists a liked answer or a question older than 7 days:\n%s", out)
	}

	out, _, code = runKbbot(t, "", "gaps", "--db", db, "--since", "all", "--json", "--limit", "10")
	var gaps []jsonGap
	if err := json.Unmarshal([]byte(out), &gaps); err != nil || code != 0 {
		t.Fatalf("gaps --json: exit %d, %v:\n%s", code, err, out)
	}
	if len(gaps) != 4 || gaps[0].Count != 3 || len(gaps[0].Wordings) != 2 {
		t.Errorf("gaps --json --since all: got %+v; want 4 groups, the first asked 3 times in 2 wordings", gaps)
	}

	out, _, _ = runKbbot(t, "", "gaps", "--db", db, "--limit", "1")
	if strings.Contains(out, "2. ") {
		t.Errorf("gaps --limit 1 lists more than one group:\n%s", out)
	}
}

func TestStatsCommand(t *testing.T) {
	db := seedDB(t)
	out, errOut, code := runKbbot(t, "", "stats", "--db", db, "--json", "--since", "all", "--utc")
	if code != 0 {
		t.Fatalf("kbbot stats: exit %d: %s", code, errOut)
	}
	var st jsonStats
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatalf("stats --json: %v:\n%s", err, out)
	}
	if st.Questions != 7 || st.Answered != 2 || st.Helpful != 1 || st.Unhelpful != 1 || st.HelpfulRatio != 0.5 {
		t.Errorf("stats: got %+v; want 7 questions, 2 answered, 1 👍 1 👎", st)
	}
	if len(st.Days) < 30 || len(st.Sections) != 2 {
		t.Errorf("stats: got %d days and %d sections; want 30 or 31 days and 2 sections", len(st.Days), len(st.Sections))
	}
	out, _, code = runKbbot(t, "", "stats", "--db", db)
	if code != 0 || !strings.Contains(out, "Questions since") || !strings.Contains(out, "Per day:") ||
		!strings.Contains(out, "Booking leave [leave]") {
		t.Errorf("stats: exit %d:\n%s", code, out)
	}
}

func TestReportUsage(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "none.db")
	tests := []struct {
		args    []string
		code    int
		wantErr string
	}{
		{[]string{"gaps", "--db", missing}, 1, "does not exist"},
		{[]string{"stats", "--db", missing}, 1, "does not exist"},
		{[]string{"gaps", "--db", filepath.Dir(missing)}, 1, "is a folder"},
		{[]string{"stats", "--db", filepath.Dir(missing)}, 1, "is a folder"},
		{[]string{"gaps", "--since", "soon"}, 2, `--since: "soon"`},
		{[]string{"stats", "--since", "-3d"}, 2, "--since"},
		{[]string{"gaps", "--limit", "-1"}, 2, "--limit -1"},
		{[]string{"gaps", "extra"}, 2, "unexpected argument"},
		{[]string{"stats", "--sections", "-2"}, 2, "--sections -2"},
		{[]string{"gaps", "--help"}, 0, ""},
		{[]string{"stats", "--help"}, 0, ""},
	}
	for _, tt := range tests {
		_, errOut, code := runKbbot(t, "", tt.args...)
		if code != tt.code || !strings.Contains(errOut, tt.wantErr) {
			t.Errorf("kbbot %v: got exit %d, stderr %q; want exit %d, %q", tt.args, code, errOut, tt.code, tt.wantErr)
		}
	}
}

func TestParseSince(t *testing.T) {
	now := time.Date(2025, 3, 10, 12, 0, 0, 0, time.Local)
	tests := []struct {
		in   string
		want time.Time
		err  bool
	}{
		{"7d", now.AddDate(0, 0, -7), false},
		{"2w", now.AddDate(0, 0, -14), false},
		{"5200w", now.AddDate(0, 0, -5200*7), false}, // a hundred years
		{"20000w", time.Time{}, true},                // past time.Duration's range once
		{"1317624576693539402w", time.Time{}, true},  // ×7 wraps round to a few days
		{"36h", now.Add(-36 * time.Hour), false},
		{"90m", now.Add(-90 * time.Minute), false},
		{" 7D ", now.AddDate(0, 0, -7), false},
		{"2025-03-01", time.Date(2025, 3, 1, 0, 0, 0, 0, time.Local), false},
		{"all", time.Time{}, false},
		{"0", time.Time{}, false},
		{"", time.Time{}, true},
		{"d", time.Time{}, true},
		{"-1d", time.Time{}, true},
		{"1.5d", time.Time{}, true},
		{"yesterday", time.Time{}, true},
		{"2025-13-01", time.Time{}, true},
		{"2025-03-10", time.Date(2025, 3, 10, 0, 0, 0, 0, time.Local), false}, // today
		{"2025-03-11", time.Time{}, true},                                     // the future: nothing to report
	}
	for _, tt := range tests {
		got, err := parseSince(tt.in, now)
		if (err != nil) != tt.err || !got.Equal(tt.want) {
			t.Errorf("parseSince(%q): got %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func FuzzParseSince(f *testing.F) {
	for _, s := range []string{"7d", "2w", "36h", "2025-03-01", "all", "99999999999d", "-5m"} {
		f.Add(s)
	}
	now := time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		got, err := parseSince(s, now)
		if err == nil && got.After(now) {
			t.Errorf("parseSince(%q) = %v: after now", s, got)
		}
	})
}

// TestReportsCleanTitles checks that gaps and stats drop escape
// sequences and bidirectional overrides from the section titles the store
// keeps (document headings), as topics does.
func TestReportsCleanTitles(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kbbot.db")
	st, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	title := "Wifi \x1b]0;owned\x07\x1b[31mred\u202eevil\nnext"
	for _, answered := range []bool{false, true} {
		q := bot.Question{Platform: bot.PlatformSlack, User: "a", Text: "wifi password", SectionID: "wifi", Title: title, Score: 0.5, Answered: answered}
		if _, err := st.SaveQuestion(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	for _, cmd := range []string{"gaps", "stats"} {
		t.Run(cmd, func(t *testing.T) {
			out, errOut, code := runKbbot(t, "", cmd, "--db", path)
			if code != 0 {
				t.Fatalf("kbbot %s: exit %d: %s", cmd, code, errOut)
			}
			if strings.ContainsAny(out, "\x1b\x07\u202e") || !strings.Contains(out, "Wifi ]0;owned[31mredevil next [wifi]") {
				t.Errorf("kbbot %s: got %q; want the title without control characters, on one line", cmd, out)
			}
		})
	}
}

// TestGapsHeaderCounts checks the count gaps leads with: the questions in
// the gaps, of all those asked, in the singular for one.
func TestGapsHeaderCounts(t *testing.T) {
	ctx := context.Background()
	one := filepath.Join(t.TempDir(), "one.db")
	st, err := sqlite.Open(ctx, one, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.SaveQuestion(ctx, bot.Question{Platform: bot.PlatformSlack, User: "a", Text: "where do I park"}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"one question", []string{"--db", one}, "(1 of 1 question), most asked first:"},
		{"some answered", []string{"--db", seedDB(t)}, "(5 of 6 questions), most asked first:"},
		{"limited", []string{"--db", seedDB(t), "--limit", "1"}, "(5 of 6 questions), most asked first:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := runKbbot(t, "", append([]string{"gaps"}, tt.args...)...)
			if first, _, _ := strings.Cut(out, "\n"); code != 0 || !strings.HasSuffix(first, tt.want) {
				t.Errorf("kbbot gaps: exit %d, %s; got first line %q; want it to end %q", code, errOut, first, tt.want)
			}
		})
	}
}

// TestStatsColumns checks that the per-day counts end under their
// headings.
func TestStatsColumns(t *testing.T) {
	out, errOut, code := runKbbot(t, "", "stats", "--db", seedDB(t))
	if code != 0 {
		t.Fatalf("kbbot stats: exit %d: %s", code, errOut)
	}
	lines := strings.Split(out, "\n")
	i := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, "Per day:") })
	if i < 0 || i+1 >= len(lines) {
		t.Fatalf("kbbot stats: no per-day table:\n%s", out)
	}
	head, row := lines[i], lines[i+1]
	for _, col := range []string{"asked", "answered"} {
		end := strings.Index(head, col) + len(col)
		t.Run(col, func(t *testing.T) {
			if end > len(row) || row[end-1] == ' ' || (end < len(row) && row[end] != ' ') {
				t.Errorf("kbbot stats: the %s count does not end under its heading:\n%s\n%s", col, head, row)
			}
		})
	}
}

// TestGapsLongQuestion checks that gaps cuts a long question (a pasted
// log) in its list, Chinese by characters, and --json keeps it whole.
func TestGapsLongQuestion(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"english", "my build fails: " + strings.Repeat("panic: index out of range ", 40) + "end", "\"my build fails: " + strings.Repeat("panic: index out of range ", 4)[:103] + "…\""},
		{"chinese", strings.Repeat("构建失败日志", 50), "\"" + string([]rune(strings.Repeat("构建失败日志", 20))[:119]) + "…\""},
		{"short", "where do I park", "\"where do I park\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			path := filepath.Join(t.TempDir(), "kbbot.db")
			st, err := sqlite.Open(ctx, path, sqlite.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := st.SaveQuestion(ctx, bot.Question{Platform: bot.PlatformSlack, User: "a", Text: tt.text}); err != nil {
				t.Fatal(err)
			}
			st.Close()
			out, errOut, code := runKbbot(t, "", "gaps", "--db", path)
			if code != 0 || !strings.Contains(out, "\n1. "+tt.want+"\n") {
				t.Errorf("kbbot gaps: exit %d, %s; got\n%s\nwant the question as %s", code, errOut, out, tt.want)
			}
			out, _, _ = runKbbot(t, "", "gaps", "--db", path, "--json")
			var gaps []jsonGap
			if err := json.Unmarshal([]byte(out), &gaps); err != nil || len(gaps) != 1 || gaps[0].Question != tt.text {
				t.Errorf("kbbot gaps --json: %v; got %+v; want the whole question", err, gaps)
			}
		})
	}
}

// TestReportsSayWhatIsCut checks that gaps --limit and stats --sections
// say how many groups or sections they leave out, and only then.
func TestReportsSayWhatIsCut(t *testing.T) {
	db := seedDB(t) // 3 gap groups and 2 answered sections this week
	tests := []struct {
		args []string
		want string // "" for no such line
	}{
		{[]string{"gaps", "--limit", "1"}, "... and 2 more groups (--limit 0 lists all)"},
		{[]string{"gaps", "--limit", "2"}, "... and 1 more group (--limit 0 lists all)"},
		{[]string{"gaps", "--limit", "3"}, ""},
		{[]string{"gaps", "--limit", "0"}, ""},
		{[]string{"stats", "--sections", "1"}, "... and 1 more section (--sections 0 lists all)"},
		{[]string{"stats", "--sections", "2"}, ""},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			out, errOut, code := runKbbot(t, "", append(tt.args, "--db", db)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			if got := strings.Contains(out, "... and "); got != (tt.want != "") || !strings.Contains(out, tt.want) {
				t.Errorf("got\n%s\nwant the line %q", out, tt.want)
			}
		})
	}
}
