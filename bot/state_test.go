package bot

import (
	"context"
	"fmt"
	"testing"
	"time"
)

func TestRateBucket(t *testing.T) {
	m := newMemory()
	now := t0
	allowed := 0
	for range 10 {
		if m.allow("u", 3, now) {
			allowed++
		}
	}
	if allowed != 3 {
		t.Errorf("burst: got %d allowed; want 3", allowed)
	}
	now = now.Add(20 * time.Second) // a third of a minute: one token
	if !m.allow("u", 3, now) || m.allow("u", 3, now) {
		t.Errorf("after 20s: want exactly one more question")
	}
	now = now.Add(time.Hour) // refills to the burst, no more
	allowed = 0
	for range 10 {
		if m.allow("u", 3, now) {
			allowed++
		}
	}
	if allowed != 3 {
		t.Errorf("after an hour: got %d allowed; want 3", allowed)
	}
	if !m.allow("other", 3, now) {
		t.Errorf("another user was limited")
	}
	if m.allow("u", 3, now.Add(-time.Minute)) {
		t.Errorf("a clock going back refilled the bucket")
	}
}

func TestMemoryBounded(t *testing.T) {
	m := newMemory()
	for i := range maxUsers + 500 {
		now := t0.Add(time.Duration(i) * time.Second)
		key := fmt.Sprint("u", i)
		m.update(key, now, func(c *convo) { c.question = key })
		m.allow(key, 5, now)
	}
	if len(m.convos) > maxUsers || len(m.buckets) > maxUsers {
		t.Errorf("got %d convos, %d buckets; want at most %d", len(m.convos), len(m.buckets), maxUsers)
	}
	last := fmt.Sprint("u", maxUsers+499)
	if m.convo(last).question != last {
		t.Errorf("the most recent user was forgotten")
	}
	if m.convo("u0").question != "" {
		t.Errorf("the oldest user is still remembered")
	}
}

func BenchmarkHandle(b *testing.B) {
	bot, _, _ := newTestBot(b, nil, Options{RatePerMinute: 1 << 30})
	ctx := context.Background()
	for _, text := range []string{"how do I book annual leave?", "怎么报销？", "quantum chromodynamics", "hlep"} {
		b.Run(text, func(b *testing.B) {
			for b.Loop() {
				if _, err := bot.Handle(ctx, Message{Platform: PlatformSlack, User: "U1", Text: text}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
