package bot

import (
	"slices"
	"sync"
	"time"
)

// maxUsers bounds the per-user state kept in memory (rate limits, and the
// language and last question of each user in each channel); past it, the
// least recently seen are forgotten.
const maxUsers = 10000

// userKey identifies a user across platforms.
func userKey(platform, user string) string { return platform + "\x00" + user }

// chatKey identifies a user in one channel (a DM, a channel, a Discord
// thread): their last question there is what "more" and "feedback" typed
// there apply to, never one asked elsewhere.
func chatKey(platform, user, channel string) string {
	return userKey(platform, user) + "\x00" + channel
}

// convo is what the bot remembers of a user between messages, in memory
// only: under userKey the language they speak, and under chatKey their last
// question in a channel, for "more" and "feedback".
type convo struct {
	lang       string
	question   string // last question asked
	questionID int64  // its store ID, 0 when not stored
	section    string // section given as its answer
	more       int    // index of the match "more" shows next
	seen       time.Time
}

// memory keeps convos and rate-limit buckets per user. Safe for concurrent
// use.
type memory struct {
	mu      sync.Mutex
	convos  map[string]*convo
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newMemory() *memory {
	return &memory{convos: map[string]*convo{}, buckets: map[string]*bucket{}}
}

// convo returns a copy of the user's state (zero when unknown).
func (m *memory) convo(key string) convo {
	m.mu.Lock()
	defer m.mu.Unlock()
	if c := m.convos[key]; c != nil {
		return *c
	}
	return convo{}
}

// update changes the user's state under the lock.
func (m *memory) update(key string, now time.Time, f func(c *convo)) {
	m.mu.Lock()
	defer m.mu.Unlock()
	c := m.convos[key]
	if c == nil {
		if len(m.convos) >= maxUsers {
			evictOldest(m.convos, func(c *convo) time.Time { return c.seen })
		}
		c = &convo{}
		m.convos[key] = c
	}
	c.seen = now
	f(c)
}

// allow takes one token from the user's bucket, which holds perMinute
// tokens and refills continuously, and reports whether there was one.
func (m *memory) allow(key string, perMinute int, now time.Time) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	b := m.buckets[key]
	if b == nil {
		if len(m.buckets) >= maxUsers {
			evictOldest(m.buckets, func(b *bucket) time.Time { return b.last })
		}
		b = &bucket{tokens: float64(perMinute), last: now}
		m.buckets[key] = b
	}
	if el := now.Sub(b.last); el > 0 {
		b.tokens = min(float64(perMinute), b.tokens+el.Minutes()*float64(perMinute))
		b.last = now
	}
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// evictOldest deletes the least recently seen tenth of m (at least one).
func evictOldest[V any](m map[string]V, seen func(V) time.Time) {
	times := make([]time.Time, 0, len(m))
	for _, v := range m {
		times = append(times, seen(v))
	}
	slices.SortFunc(times, time.Time.Compare)
	cut := times[len(times)/10]
	drop := max(len(m)/10, 1)
	for k, v := range m {
		if drop == 0 {
			break
		}
		if !seen(v).After(cut) {
			delete(m, k)
			drop--
		}
	}
}
