package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kbbot/kbbot/bot"
	"github.com/kbbot/kbbot/bot/storetest"
)

func openTemp(t *testing.T, now func() time.Time) *Store {
	t.Helper()
	return openPath(t, filepath.Join(t.TempDir(), "kbbot.db"), Options{Now: now})
}

// openPath opens the store at path, failing t on an error.
func openPath(t *testing.T, path string, opts Options) *Store {
	t.Helper()
	s, err := Open(context.Background(), path, opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return s
}

func TestStoreContract(t *testing.T) {
	t.Run("File", func(t *testing.T) {
		storetest.Run(t, func(t *testing.T, now func() time.Time) bot.Store { return openTemp(t, now) })
	})
	t.Run("Memory", func(t *testing.T) {
		storetest.Run(t, func(t *testing.T, now func() time.Time) bot.Store {
			s, err := Open(context.Background(), ":memory:", Options{Now: now})
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			return s
		})
	})
}

func TestOpenWAL(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kb?bot#1.db") // odd characters stay in the name
	s, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer s.Close()
	if _, err := s.SaveQuestion(context.Background(), bot.Question{Text: "x"}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path + "-wal"); err != nil {
		t.Errorf("WAL file: %v", err)
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, path, want string
	}{
		{"empty", "", "empty path"},
		{"missing dir", filepath.Join(dir, "no", "such", "dir", "kbbot.db"), "sqlite: open"},
		{"not a database", writeFile(t, dir, "junk.db", strings.Repeat("not sqlite ", 100)), "sqlite: open"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Open(context.Background(), tt.path, Options{})
			if err == nil {
				s.Close()
				t.Fatalf("Open(%q): got no error; want one containing %q", tt.path, tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Open(%q): got %v; want an error containing %q", tt.path, err, tt.want)
			}
		})
	}
}

func writeFile(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func userVersion(t *testing.T, db *sql.DB) int {
	t.Helper()
	var v int
	if err := db.QueryRow("PRAGMA user_version").Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestMigrations(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kbbot.db")
	s := openPath(t, path, Options{})
	if got := userVersion(t, s.db); got != SchemaVersion {
		t.Errorf("fresh database: got schema version %d; want %d", got, SchemaVersion)
	}
	if _, err := s.SaveQuestion(ctx, bot.Question{Text: "kept"}); err != nil {
		t.Fatal(err)
	}

	// A later version adds a column; existing rows survive the step.
	steps := append(append([]string(nil), migrations...), `ALTER TABLE questions ADD COLUMN lang TEXT NOT NULL DEFAULT ''`)
	if err := migrate(ctx, s.db, steps); err != nil {
		t.Fatalf("migrate to v%d: %v", len(steps), err)
	}
	if got := userVersion(t, s.db); got != len(steps) {
		t.Errorf("after migrate: got schema version %d; want %d", got, len(steps))
	}
	var text, lang string
	if err := s.db.QueryRow("SELECT text, lang FROM questions").Scan(&text, &lang); err != nil {
		t.Fatalf("read migrated row: %v", err)
	}
	if text != "kept" {
		t.Errorf("migrated row: got %q; want %q", text, "kept")
	}
	// Running again changes nothing.
	if err := migrate(ctx, s.db, steps); err != nil {
		t.Fatalf("migrate again: %v", err)
	}
	// A broken step rolls back and leaves the version alone.
	bad := append(append([]string(nil), steps...), `CREATE TABLE questions (x)`)
	if err := migrate(ctx, s.db, bad); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("schema version %d", len(bad))) {
		t.Errorf("broken step: got %v; want an error naming schema version %d", err, len(bad))
	}
	if got := userVersion(t, s.db); got != len(steps) {
		t.Errorf("after broken step: got schema version %d; want %d", got, len(steps))
	}
	s.Close()

	// This code is older than the file now: it refuses rather than guess,
	// and a report does not send the user to kbbot serve, which refuses too.
	for _, opts := range []Options{{}, {ReadOnly: true}} {
		if s, err := Open(ctx, path, opts); err == nil {
			s.Close()
			t.Errorf("Open(ReadOnly %v) of a newer schema: got no error; want one", opts.ReadOnly)
		} else if !strings.Contains(err.Error(), "newer") || strings.Contains(err.Error(), "kbbot serve") {
			t.Errorf("Open(ReadOnly %v) of a newer schema: got %v; want it to say the file is newer", opts.ReadOnly, err)
		}
	}
}

func TestReopenKeepsEverything(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kbbot.db")
	s := openPath(t, path, Options{})
	id, err := s.SaveQuestion(ctx, bot.Question{Platform: "slack", User: "U1", Text: "wifi password?", SectionID: "it.md#wifi", Answered: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SaveFeedback(ctx, bot.Feedback{QuestionID: id, Platform: "slack", User: "U1", Helpful: true}); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveTourProgress(ctx, bot.TourProgress{Platform: "slack", User: "U1", Step: 4, SectionID: "e"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.MarkEvent(ctx, "Ev1", time.Hour); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s, err = Open(ctx, path, Options{})
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer s.Close()
	qs, err := s.Questions(ctx, time.Time{})
	if err != nil || len(qs) != 1 || qs[0].Helpful != 1 || qs[0].SectionID != "it.md#wifi" {
		t.Errorf("questions after reopen: got %+v, %v; want the one question with one helpful vote", qs, err)
	}
	p, ok, err := s.TourProgress(ctx, "slack", "U1")
	if err != nil || !ok || p.Step != 4 || p.SectionID != "e" {
		t.Errorf("tour after reopen: got %+v ok=%v err=%v; want step 4 at section e", p, ok, err)
	}
	if isNew, err := s.MarkEvent(ctx, "Ev1", time.Hour); err != nil || isNew {
		t.Errorf("event after reopen: got new=%v err=%v; want a duplicate", isNew, err)
	}
}

// TestTwoHandles checks two Stores on one file, as two processes would
// have: writes from both land and an event is new to only one of them.
func TestTwoHandles(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kbbot.db")
	a := openPath(t, path, Options{})
	defer a.Close()
	b, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	var wg sync.WaitGroup
	newCount := make([]int, 2)
	for i, s := range []*Store{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 40 {
				if _, err := s.SaveQuestion(ctx, bot.Question{Text: fmt.Sprintf("%d-%d", i, j)}); err != nil {
					t.Errorf("handle %d: SaveQuestion: %v", i, err)
				}
				isNew, err := s.MarkEvent(ctx, fmt.Sprintf("ev%d", j), time.Hour)
				if err != nil {
					t.Errorf("handle %d: MarkEvent: %v", i, err)
				}
				if isNew {
					newCount[i]++
				}
			}
		}()
	}
	wg.Wait()
	if got := newCount[0] + newCount[1]; got != 40 {
		t.Errorf("events new across two handles: got %d; want 40", got)
	}
	qs, err := a.Questions(ctx, time.Time{})
	if err != nil || len(qs) != 80 {
		t.Errorf("questions from two handles: got %d, %v; want 80", len(qs), err)
	}
}

// TestReadOnly: a report opens the file for reading, while the service has
// it open and after it closed it; it sees every committed question and
// writes nothing.
func TestReadOnly(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kbbot.db")
	w := openPath(t, path, Options{})
	if _, err := w.SaveQuestion(ctx, bot.Question{Platform: "slack", User: "U1", Text: "vpn?", Answered: true}); err != nil {
		t.Fatal(err)
	}
	read := func(when string) {
		t.Helper()
		r, err := Open(ctx, path, Options{ReadOnly: true})
		if err != nil {
			t.Fatalf("%s: %v", when, err)
		}
		defer r.Close()
		if qs, err := r.Questions(ctx, time.Time{}); err != nil || len(qs) != 1 {
			t.Errorf("%s: questions %+v, %v; want the one", when, qs, err)
		}
		if _, err := r.SaveQuestion(ctx, bot.Question{Platform: "slack", User: "U2", Text: "x"}); err == nil {
			t.Errorf("%s: a write through a read-only store succeeded", when)
		}
	}
	read("while the service has it open")
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	read("after the service closed it")
	if _, err := Open(ctx, filepath.Join(t.TempDir(), "none.db"), Options{ReadOnly: true}); err == nil {
		t.Error("opened a file that does not exist for reading")
	}
}

// TestOpenConcurrently: processes that open a new file at the same time
// (replicas starting together) all get a store; they race to set it up.
func TestOpenConcurrently(t *testing.T) {
	for range 50 {
		path := filepath.Join(t.TempDir(), "kbbot.db")
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() {
				s, err := Open(context.Background(), path, Options{})
				if err != nil {
					t.Error(err)
					return
				}
				s.Close()
			})
		}
		wg.Wait()
	}
}

// TestQuestionsPlan checks that reading a period's questions goes through
// the questions_time index and sorts nothing: kbbot gaps --since 7d on a
// store of 200,000 questions took 33 ms scanning them all, 0.5 ms so.
func TestQuestionsPlan(t *testing.T) {
	s := openTemp(t, nil)
	defer s.Close()
	rows, err := s.db.Query("EXPLAIN QUERY PLAN "+questionsQuery, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	got := strings.Join(plan, "\n")
	if !strings.Contains(got, "SEARCH q USING INDEX questions_time") || strings.Contains(got, "TEMP B-TREE") || strings.Contains(got, "SCAN") {
		t.Errorf("query plan:\n%s\nwant a search of q by questions_time, no scan and no temporary sort", got)
	}
}
