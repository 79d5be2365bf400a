// Package storetest checks that a bot.Store implementation keeps the
// Store contract. Each implementation's tests call Run.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kbbot/kbbot/bot"
)

// clock is a settable clock for stores under test. Safe for concurrent use.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

// newClock returns a clock at t.
func newClock(t time.Time) *clock { return &clock{t: t} }

// Now returns the clock's time.
func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock by d.
func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// Open returns a new, empty store that reads time from now. The test
// closes it.
type Open func(t *testing.T, now func() time.Time) bot.Store

// Run runs the contract tests against stores made by open.
func Run(t *testing.T, open Open) {
	t.Run("Questions", func(t *testing.T) { testQuestions(t, open) })
	t.Run("Feedback", func(t *testing.T) { testFeedback(t, open) })
	t.Run("Tour", func(t *testing.T) { testTour(t, open) })
	t.Run("Events", func(t *testing.T) { testEvents(t, open) })
	t.Run("Concurrent", func(t *testing.T) { testConcurrent(t, open) })
	t.Run("Closed", func(t *testing.T) { testClosed(t, open) })
}

var t0 = time.Date(2025, 3, 10, 9, 30, 0, 0, time.UTC)

func testQuestions(t *testing.T, open Open) {
	ctx := context.Background()
	clock := newClock(t0)
	s := open(t, clock.Now)
	defer s.Close()

	want := []bot.Question{
		{Time: t0.Add(-48 * time.Hour), Platform: "slack", Channel: "C1", User: "U1", Text: "old question", Answered: false},
		{Time: t0.Add(-time.Hour), Platform: "slack", Channel: "C1", User: "U1", Text: "how do I book leave?",
			SectionID: "leave.md#booking", Title: "Booking leave", Score: 0.82, Answered: true},
		{Platform: "discord", Channel: "D9", User: "u2", Text: "怎么报销？", Score: 0.1}, // Time zero: now
	}
	var last int64
	for i, q := range want {
		id, err := s.SaveQuestion(ctx, q)
		if err != nil {
			t.Fatalf("SaveQuestion %d: %v", i, err)
		}
		if id <= last {
			t.Errorf("SaveQuestion %d: got ID %d; want an ID above %d", i, id, last)
		}
		last = id
		want[i].ID = id
	}
	want[2].Time = t0

	got, err := s.Questions(ctx, t0.Add(-24*time.Hour))
	if err != nil {
		t.Fatalf("Questions: %v", err)
	}
	if len(got) != 2 {
		t.Fatalf("Questions since a day ago: got %d questions; want 2", len(got))
	}
	for i, w := range want[1:] {
		g := got[i]
		if !g.Time.Equal(w.Time) {
			t.Errorf("question %d: got time %v; want %v", i, g.Time, w.Time)
		}
		g.Time, w.Time = time.Time{}, time.Time{}
		if g != w {
			t.Errorf("question %d:\ngot  %+v\nwant %+v", i, g, w)
		}
	}
	all, err := s.Questions(ctx, time.Time{})
	if err != nil {
		t.Fatalf("Questions(all): %v", err)
	}
	if len(all) != 3 || all[0].Text != "old question" {
		t.Errorf("Questions(all): got %d questions, first %q; want 3, first %q", len(all), first(all), "old question")
	}
}

func first(qs []bot.Question) string {
	if len(qs) == 0 {
		return ""
	}
	return qs[0].Text
}

func testFeedback(t *testing.T, open Open) {
	ctx := context.Background()
	s := open(t, newClock(t0).Now)
	defer s.Close()
	id, err := s.SaveQuestion(ctx, bot.Question{Platform: "slack", User: "U1", Text: "vpn"})
	if err != nil {
		t.Fatal(err)
	}
	other, err := s.SaveQuestion(ctx, bot.Question{Platform: "slack", User: "U1", Text: "wifi"})
	if err != nil {
		t.Fatal(err)
	}
	votes := []bot.Feedback{
		{QuestionID: id, Platform: "slack", User: "U1", Helpful: true},
		{QuestionID: id, Platform: "slack", User: "U1", Helpful: false}, // U1 changes their mind
		{QuestionID: id, Platform: "slack", User: "U2", Helpful: true},
		{QuestionID: id, Platform: "discord", User: "U1", Helpful: false}, // same ID, other platform
		{QuestionID: other, Platform: "slack", User: "U3", Helpful: true},
	}
	for _, f := range votes {
		if err := s.SaveFeedback(ctx, f); err != nil {
			t.Fatalf("SaveFeedback(%+v): %v", f, err)
		}
	}
	if err := s.SaveFeedback(ctx, bot.Feedback{QuestionID: other + 1000, Platform: "slack", User: "U1"}); !errors.Is(err, bot.ErrUnknownQuestion) {
		t.Errorf("SaveFeedback on an unknown question: got %v; want bot.ErrUnknownQuestion", err)
	}
	qs, err := s.Questions(ctx, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[int64][2]int{}
	for _, q := range qs {
		got[q.ID] = [2]int{q.Helpful, q.Unhelpful}
	}
	want := map[int64][2]int{id: {1, 2}, other: {1, 0}}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("question %d: got helpful/unhelpful %v; want %v", k, got[k], w)
		}
	}
}

func testTour(t *testing.T, open Open) {
	ctx := context.Background()
	s := open(t, newClock(t0).Now)
	defer s.Close()
	if _, ok, err := s.TourProgress(ctx, "slack", "U1"); err != nil || ok {
		t.Fatalf("TourProgress before start: got ok=%v err=%v; want false, nil", ok, err)
	}
	steps := []bot.TourProgress{
		{Platform: "slack", User: "U1", Step: 0, SectionID: "a"},
		{Platform: "slack", User: "U1", Step: 3, SectionID: "d"},
		{Platform: "discord", User: "U1", Step: 1},
		{Platform: "slack", User: "U1", Step: 7, SectionID: "h", Done: true, Updated: t0.Add(time.Minute)},
	}
	for _, p := range steps {
		if err := s.SaveTourProgress(ctx, p); err != nil {
			t.Fatalf("SaveTourProgress(%+v): %v", p, err)
		}
	}
	got, ok, err := s.TourProgress(ctx, "slack", "U1")
	if err != nil || !ok {
		t.Fatalf("TourProgress: got ok=%v err=%v; want true, nil", ok, err)
	}
	want := steps[3]
	if got != want && !(got.Updated.Equal(want.Updated) && eqTour(got, want)) {
		t.Errorf("TourProgress:\ngot  %+v\nwant %+v", got, want)
	}
	got, _, _ = s.TourProgress(ctx, "discord", "U1")
	if got.Step != 1 || got.Done || !got.Updated.Equal(t0) {
		t.Errorf("discord TourProgress: got %+v; want step 1, not done, updated %v", got, t0)
	}
}

func eqTour(a, b bot.TourProgress) bool {
	a.Updated, b.Updated = time.Time{}, time.Time{}
	return a == b
}

func testEvents(t *testing.T, open Open) {
	ctx := context.Background()
	clock := newClock(t0)
	s := open(t, clock.Now)
	defer s.Close()
	mark := func(id string, ttl time.Duration, want bool) {
		t.Helper()
		got, err := s.MarkEvent(ctx, id, ttl)
		if err != nil {
			t.Fatalf("MarkEvent(%q): %v", id, err)
		}
		if got != want {
			t.Errorf("MarkEvent(%q) at %v: got new=%v; want %v", id, clock.Now().Sub(t0), got, want)
		}
	}
	mark("slack:Ev1", time.Hour, true)
	mark("slack:Ev1", time.Hour, false)
	mark("slack:Ev2", time.Minute, true)
	clock.Advance(59 * time.Minute)
	mark("slack:Ev1", time.Hour, false)
	mark("slack:Ev2", time.Minute, true) // expired, so new again
	clock.Advance(2 * time.Minute)
	mark("slack:Ev1", time.Hour, true)
	for i := range 600 { // enough to trigger any purge of expired IDs
		mark(fmt.Sprintf("bulk:%d", i), time.Second, true)
	}
	clock.Advance(time.Second)
	mark("bulk:1", time.Second, true)
	mark("slack:Ev1", time.Hour, false)
}

func testConcurrent(t *testing.T, open Open) {
	ctx := context.Background()
	s := open(t, time.Now)
	defer s.Close()
	const workers, each = 8, 25
	var fresh atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, workers*each*4)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			user := fmt.Sprintf("U%d", w)
			for i := range each {
				id, err := s.SaveQuestion(ctx, bot.Question{Platform: "slack", User: user, Text: fmt.Sprintf("q %d %d", w, i)})
				if err != nil {
					errs <- err
					continue
				}
				if err := s.SaveFeedback(ctx, bot.Feedback{QuestionID: id, Platform: "slack", User: user, Helpful: i%2 == 0}); err != nil {
					errs <- err
				}
				// Every worker marks the same IDs: exactly one wins each.
				isNew, err := s.MarkEvent(ctx, fmt.Sprintf("ev%d", i), time.Hour)
				if err != nil {
					errs <- err
				} else if isNew {
					fresh.Add(1)
				}
				if err := s.SaveTourProgress(ctx, bot.TourProgress{Platform: "slack", User: user, Step: i}); err != nil {
					errs <- err
				}
				if _, _, err := s.TourProgress(ctx, "slack", user); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent write: %v", err)
	}
	if got := fresh.Load(); got != each {
		t.Errorf("MarkEvent from %d goroutines: got %d new events; want %d", workers, got, each)
	}
	qs, err := s.Questions(ctx, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	helpful := 0
	for _, q := range qs {
		helpful += q.Helpful
	}
	if len(qs) != workers*each || helpful != workers*((each+1)/2) {
		t.Errorf("after concurrent writes: got %d questions, %d helpful; want %d, %d",
			len(qs), helpful, workers*each, workers*((each+1)/2))
	}
	for w := range workers {
		p, ok, err := s.TourProgress(ctx, "slack", fmt.Sprintf("U%d", w))
		if err != nil || !ok || p.Step != each-1 {
			t.Errorf("tour of U%d: got %+v ok=%v err=%v; want step %d", w, p, ok, err, each-1)
		}
	}
}

func testClosed(t *testing.T, open Open) {
	s := open(t, time.Now)
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if _, err := s.SaveQuestion(context.Background(), bot.Question{Text: "x"}); err == nil {
		t.Errorf("SaveQuestion after Close: got no error; want one")
	}
}
