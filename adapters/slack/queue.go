package slack

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"
	"time"
)

// guard remembers recently accepted request keys, so a delivery Slack
// retries (or a message that arrives both as app_mention and as message)
// is answered once. It holds at most capacity keys, each for ttl.
type guard struct {
	mu   sync.Mutex
	ttl  time.Duration
	seen map[string]seenAt
	ring []string // keys in arrival order; the oldest is overwritten
	next int
}

type seenAt struct {
	t    time.Time
	slot int
}

func newGuard(capacity int, ttl time.Duration) *guard {
	return &guard{ttl: ttl, seen: map[string]seenAt{}, ring: make([]string, capacity)}
}

// first records key and reports whether it was not seen within ttl.
func (g *guard) first(key string, now time.Time) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if s, ok := g.seen[key]; ok && now.Sub(s.t) < g.ttl {
		return false
	}
	if old := g.ring[g.next]; old != "" {
		if s, ok := g.seen[old]; ok && s.slot == g.next {
			delete(g.seen, old)
		}
	}
	g.ring[g.next] = key
	g.seen[key] = seenAt{t: now, slot: g.next}
	g.next = (g.next + 1) % len(g.ring)
	return true
}

// outcome is what accept, or the intake before it, did with a request.
type outcome int

const (
	queued   outcome = iota // a worker will answer it
	dup                     // already accepted: drop it
	full                    // the queue is full: tell the user the bot is busy
	stopping                // shutting down: let Slack deliver it again later

	// Set by the intake (intake.go), never by accept.
	ignored   // not for the bot: nothing to do
	malformed // not a valid request: the caller rejects it
)

// accept takes a parsed request: it drops duplicates, then queues the job
// without ever blocking.
func (a *Adapter) accept(j *job, ans answerer) outcome {
	j.ans = ans
	j.received = time.Now()
	o := a.enqueue(j)
	switch o {
	case stopping:
		a.log.Warn("slack: request refused: shutting down", "id", j.key(), "question", j.question)
	case dup:
		a.log.Debug("slack: duplicate delivery dropped", "id", j.key())
	case queued:
		a.cfg.Metrics.QueueDepth(platform, len(a.jobs))
	case full:
		a.cfg.Metrics.AdapterError(platform, "queue_full")
		a.log.Warn("slack: queue full, telling the user to wait", "id", j.key(), "channel", j.channel, "user", j.user, "question", j.question)
	}
	return o
}

// enqueue queues j unless the adapter is stopping, j is a duplicate or
// the queue is full. It holds stopMu for reading throughout, so that
// stopTaking cannot come between the check and the send.
func (a *Adapter) enqueue(j *job) outcome {
	a.stopMu.RLock()
	defer a.stopMu.RUnlock()
	if a.stopping.Load() {
		return stopping
	}
	if !a.seen.first(j.key(), j.received) {
		return dup
	}
	select {
	case a.jobs <- j:
		return queued
	default:
		return full
	}
}

// stopTaking makes accept refuse requests. It waits for any accept under
// way, so every job accepted is in the queue when it returns.
func (a *Adapter) stopTaking() {
	a.stopMu.Lock()
	defer a.stopMu.Unlock()
	a.stopping.Store(true)
}

// tellBusy posts the "busy" notice for a job that could not be queued, on
// its own goroutine (never blocking an ack), at most a few at a time.
func (a *Adapter) tellBusy(j *job) {
	select {
	case a.busySem <- struct{}{}:
	default:
		a.log.Warn("slack: too busy even to say so", "channel", j.channel, "user", j.user)
		return
	}
	go func() {
		defer func() { <-a.busySem }()
		defer a.recoverJob(j)
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		a.notify(ctx, j, word(j.lang, "busy"))
	}()
}

// run starts the workers and the Socket Mode loop, and shuts them down
// when ctx ends.
func (a *Adapter) run(ctx context.Context, ans answerer) error {
	if !a.running.CompareAndSwap(false, true) {
		return errors.New("slack: run: already running")
	}
	defer a.running.Store(false)
	a.stopping.Store(false)
	a.log.Info("slack: starting", "mode", a.Mode(), "workers", a.cfg.Workers, "queue", a.cfg.QueueSize)

	// Work outlives ctx by the grace period, so answers in flight finish.
	work, cancelWork := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelWork()
	stop := make(chan struct{})
	var workers sync.WaitGroup
	for range a.cfg.Workers {
		workers.Go(func() { a.worker(work, stop) })
	}
	var socket sync.WaitGroup
	if a.cfg.AppToken != "" {
		socket.Go(func() { a.runSocket(ctx, ans) })
	}
	go a.learnBotUser(ctx)

	<-ctx.Done()
	a.stopTaking()
	socket.Wait()
	close(stop)
	done := make(chan struct{})
	go func() { workers.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(a.cfg.Grace):
		a.log.Warn("slack: grace period over, abandoning queued answers", "queued", len(a.jobs))
		cancelWork()
		<-done
	}
	a.log.Info("slack: stopped")
	return nil
}

// worker answers jobs until stop closes and the queue is empty.
func (a *Adapter) worker(work context.Context, stop <-chan struct{}) {
	for {
		select {
		case j := <-a.jobs:
			a.process(work, j)
		case <-stop:
			for {
				select {
				case j := <-a.jobs:
					a.process(work, j)
				default:
					return
				}
			}
		}
	}
}

// process answers one job. A panic is logged, the user told if possible,
// and the worker goes on.
func (a *Adapter) process(work context.Context, j *job) {
	defer func() {
		if r := recover(); r != nil {
			a.logPanic(j, r)
			ctx, cancel := context.WithTimeout(work, 15*time.Second)
			defer cancel()
			defer func() { _ = recover() }()
			a.notify(ctx, j, word(j.lang, "error"))
		}
	}()
	a.cfg.Metrics.QueueDepth(platform, len(a.jobs))
	if work.Err() != nil {
		a.log.Warn("slack: shutting down, question not answered", "channel", j.channel, "user", j.user, "question", j.question)
		return
	}
	ctx, cancel := context.WithTimeout(work, jobTimeout)
	defer cancel()
	if j.kind == jobAction {
		a.doAction(ctx, j)
	} else {
		a.doMessage(ctx, j)
	}
}

func (a *Adapter) recoverJob(j *job) {
	if r := recover(); r != nil {
		a.logPanic(j, r)
	}
}

func (a *Adapter) logPanic(j *job, r any) {
	a.cfg.Metrics.AdapterError(platform, "panic")
	a.log.Error("slack: panic while answering", "panic", fmt.Sprint(r), "question", j.question,
		"channel", j.channel, "user", j.user, "stack", string(debug.Stack()))
}
