package discord

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// limiter bounds the work in flight: at most cap(run) answers at once and
// cap(slots)-cap(run) more waiting; beyond that, enter fails and the user
// is told the bot is busy.
type limiter struct {
	slots   chan struct{} // held from enter to leave
	run     chan struct{} // held while an answer is being made
	waiting atomic.Int64
	depth   func(n int) // queue depth report; may be nil
}

func newLimiter(workers, queue int, depth func(int)) *limiter {
	return &limiter{
		slots: make(chan struct{}, workers+queue),
		run:   make(chan struct{}, workers),
		depth: depth,
	}
}

// ticket is one event's place in the limiter. It is used by one goroutine.
type ticket struct {
	l                      *limiter
	waiting, running, done bool
}

// enter takes a place in the queue without waiting; nil means saturated.
func (l *limiter) enter() *ticket {
	select {
	case l.slots <- struct{}{}:
		l.report(l.waiting.Add(1))
		return &ticket{l: l, waiting: true}
	default:
		return nil
	}
}

// start waits for a worker; an error means ctx ended first.
func (t *ticket) start(ctx context.Context) error {
	select {
	case t.l.run <- struct{}{}:
		t.running = true
	case <-ctx.Done():
		return ctx.Err()
	}
	t.waiting = false
	t.l.report(t.l.waiting.Add(-1))
	return nil
}

// leave gives the place (and the worker, if started) back. It may be
// called more than once.
func (t *ticket) leave() {
	if t == nil || t.done {
		return
	}
	t.done = true
	if t.waiting {
		t.l.report(t.l.waiting.Add(-1))
	}
	if t.running {
		<-t.l.run
	}
	<-t.l.slots
}

// busy returns how many events hold a place.
func (l *limiter) busy() int { return len(l.slots) }

func (l *limiter) report(n int64) {
	if l.depth != nil {
		l.depth(int(n))
	}
}

// drain waits until no event holds a place, or grace passes.
func (l *limiter) drain(grace time.Duration) bool {
	deadline := time.Now().Add(grace)
	for l.busy() > 0 {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(10 * time.Millisecond)
	}
	return true
}

// dedup remembers event IDs for about ttl, in two generations so memory
// stays bounded by what arrives in 2*ttl (and max entries a generation).
type dedup struct {
	mu        sync.Mutex
	cur, prev map[string]struct{}
	since     time.Time
	ttl       time.Duration
	max       int
	now       func() time.Time
}

func newDedup(ttl time.Duration, max int, now func() time.Time) *dedup {
	return &dedup{cur: map[string]struct{}{}, prev: map[string]struct{}{}, since: now(), ttl: ttl, max: max, now: now}
}

// seen records id and reports whether it was already there.
func (d *dedup) seen(id string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	if now := d.now(); now.Sub(d.since) > d.ttl || len(d.cur) >= d.max {
		d.prev, d.cur, d.since = d.cur, map[string]struct{}{}, now
	}
	if _, ok := d.cur[id]; ok {
		return true
	}
	if _, ok := d.prev[id]; ok {
		return true
	}
	d.cur[id] = struct{}{}
	return false
}
