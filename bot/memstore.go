package bot

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"
)

// MemoryStore is a Store that keeps everything in memory: for tests and
// for a terminal chat that should leave nothing behind. Safe for
// concurrent use.
type MemoryStore struct {
	// Now is the clock; nil means time.Now. Set it before first use.
	Now func() time.Time

	mu        sync.Mutex
	questions []Question // in ID order; ID = index+1
	votes     map[voteKey]Feedback
	tours     map[[2]string]TourProgress
	events    map[string]time.Time // id -> expiry
	closed    bool
}

type voteKey struct {
	question       int64
	platform, user string
}

var _ Store = (*MemoryStore)(nil)

// NewMemoryStore returns an empty MemoryStore.
func NewMemoryStore() *MemoryStore {
	return &MemoryStore{
		votes:  map[voteKey]Feedback{},
		tours:  map[[2]string]TourProgress{},
		events: map[string]time.Time{},
	}
}

func (s *MemoryStore) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

var errClosed = errors.New("store closed")

// SaveQuestion records q; a zero q.Time becomes now.
func (s *MemoryStore) SaveQuestion(ctx context.Context, q Question) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return 0, fmt.Errorf("memory store: save question: %w", errClosed)
	}
	if q.Time.IsZero() {
		q.Time = s.now()
	}
	q.ID = int64(len(s.questions) + 1)
	q.Helpful, q.Unhelpful = 0, 0
	s.questions = append(s.questions, q)
	return q.ID, nil
}

// SaveFeedback records a vote, replacing the user's earlier vote on the
// same question.
func (s *MemoryStore) SaveFeedback(ctx context.Context, f Feedback) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return fmt.Errorf("memory store: save feedback: %w", errClosed)
	}
	if f.QuestionID < 1 || f.QuestionID > int64(len(s.questions)) {
		return fmt.Errorf("memory store: save feedback on question %d: %w", f.QuestionID, ErrUnknownQuestion)
	}
	if f.Time.IsZero() {
		f.Time = s.now()
	}
	s.votes[voteKey{f.QuestionID, f.Platform, f.User}] = f
	return nil
}

// Questions returns the questions asked at or after since, oldest first.
func (s *MemoryStore) Questions(ctx context.Context, since time.Time) ([]Question, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, fmt.Errorf("memory store: questions: %w", errClosed)
	}
	var out []Question
	idx := map[int64]int{}
	for _, q := range s.questions {
		if q.Time.Before(since) {
			continue
		}
		idx[q.ID] = len(out)
		out = append(out, q)
	}
	for k, f := range s.votes {
		i, ok := idx[k.question]
		if !ok {
			continue
		}
		if f.Helpful {
			out[i].Helpful++
		} else {
			out[i].Unhelpful++
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Time.Before(out[j].Time) })
	return out, nil
}

// TourProgress returns the user's tour position.
func (s *MemoryStore) TourProgress(ctx context.Context, platform, user string) (TourProgress, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return TourProgress{}, false, fmt.Errorf("memory store: tour progress: %w", errClosed)
	}
	p, ok := s.tours[[2]string{platform, user}]
	return p, ok, nil
}

// SaveTourProgress records the user's tour position; a zero p.Updated
// becomes now.
func (s *MemoryStore) SaveTourProgress(ctx context.Context, p TourProgress) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return fmt.Errorf("memory store: save tour progress: %w", errClosed)
	}
	if p.Updated.IsZero() {
		p.Updated = s.now()
	}
	s.tours[[2]string{p.Platform, p.User}] = p
	return nil
}

// MarkEvent records id as processed for ttl and reports whether it was new.
func (s *MemoryStore) MarkEvent(ctx context.Context, id string, ttl time.Duration) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false, fmt.Errorf("memory store: mark event: %w", errClosed)
	}
	now := s.now()
	if exp, ok := s.events[id]; ok && now.Before(exp) {
		return false, nil
	}
	s.events[id] = now.Add(ttl)
	if len(s.events)%256 == 0 {
		for k, exp := range s.events {
			if !now.Before(exp) {
				delete(s.events, k)
			}
		}
	}
	return true, nil
}

// Close makes later calls fail.
func (s *MemoryStore) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	return nil
}
