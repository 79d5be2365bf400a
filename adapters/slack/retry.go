package slack

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"time"

	"github.com/slack-go/slack"
)

// retryPolicy retries Web API calls that failed for a passing reason: a
// 429 (waiting what Retry-After says), a 5xx, a connection error, or one of
// Slack's transient API errors. Anything else fails at once.
type retryPolicy struct {
	attempts int           // calls in all, first included
	base     time.Duration // first backoff; doubles each time, with jitter
	max      time.Duration // longest backoff
	maxWait  time.Duration // longest Retry-After honoured; longer gives up
	sleep    func(ctx context.Context, d time.Duration) error
	// posts marks calls that post a message, which Slack has no
	// idempotency key for: a failure after the request may have reached
	// Slack (a timeout awaiting the response, a connection cut while
	// reading it) is not retried, as the retry could post twice.
	posts bool
}

// errMaybePosted marks a post that failed when Slack may already have
// taken it; it was not retried.
var errMaybePosted = errors.New("slack may have posted it; not retried, so as not to post twice")

// defaultRetry gives up after about 20 seconds of backoff, or one long
// rate-limit wait.
var defaultRetry = retryPolicy{
	attempts: 5,
	base:     500 * time.Millisecond,
	max:      8 * time.Second,
	maxWait:  60 * time.Second,
	sleep:    sleepCtx,
}

// sleepCtx waits d or until ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// do calls f until it succeeds, fails for good, or the attempts run out;
// it returns the last error.
func (p retryPolicy) do(ctx context.Context, f func(ctx context.Context) error) error {
	for attempt := 1; ; attempt++ {
		err := f(ctx)
		if err == nil {
			return nil
		}
		if p.posts && maybeDelivered(err) {
			return fmt.Errorf("%w: %w", errMaybePosted, err)
		}
		wait, ok := p.backoff(err, attempt)
		if !ok || attempt >= p.attempts || ctx.Err() != nil {
			return err
		}
		if serr := p.sleep(ctx, wait); serr != nil {
			return fmt.Errorf("%w (stopped retrying: %v)", err, serr)
		}
	}
}

// backoff says whether err is worth another attempt and how long to wait.
func (p retryPolicy) backoff(err error, attempt int) (time.Duration, bool) {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return 0, false
	}
	if rl, ok := errors.AsType[*slack.RateLimitedError](err); ok {
		wait := rl.RetryAfter
		if wait <= 0 {
			wait = time.Second
		}
		return wait, wait <= p.maxWait
	}
	if !transient(err) {
		return 0, false
	}
	return p.delay(attempt), true
}

// delay is the wait after the attempt-th failure: base doubled for each
// attempt after the first, at most max.
func (p retryPolicy) delay(attempt int) time.Duration {
	d := p.base << (attempt - 1)
	if d > p.max || d <= 0 {
		d = p.max
	}
	// ±25% jitter so retries from many workers do not arrive together.
	return d - d/4 + rand.N(d/2+1)
}

// transient reports errors that may pass on their own.
func transient(err error) bool {
	if sc, ok := errors.AsType[slack.StatusCodeError](err); ok {
		return sc.Code >= 500 || sc.Code == http.StatusRequestTimeout || sc.Code == http.StatusTooManyRequests
	}
	if se, ok := errors.AsType[slack.SlackErrorResponse](err); ok {
		switch se.Err {
		case "internal_error", "fatal_error", "service_unavailable", "request_timeout", "ratelimited":
			return true
		}
		return false
	}
	if _, ok := errors.AsType[net.Error](err); ok {
		return true
	}
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
}

// maybeDelivered reports a transport failure after which the request may
// have reached Slack: anything but a failure to connect (dialling, name
// lookup) or an HTTP status, which say Slack did not take it.
func maybeDelivered(err error) bool {
	if op, ok := errors.AsType[*net.OpError](err); ok && op.Op == "dial" {
		return false
	}
	if _, ok := errors.AsType[*net.DNSError](err); ok {
		return false
	}
	if errors.Is(err, context.DeadlineExceeded) { // the client's timeout awaiting the response, or the job's
		return true
	}
	if errors.Is(err, context.Canceled) { // shutting down: nothing more to say
		return false
	}
	if _, ok := errors.AsType[net.Error](err); ok {
		return true
	}
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
}
