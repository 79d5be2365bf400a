package bot

import (
	"context"
	"errors"
	"time"
)

// ErrUnknownQuestion is returned by SaveFeedback for a question ID the
// store does not have.
var ErrUnknownQuestion = errors.New("bot: unknown question")

// Store keeps what the bot must remember across restarts. It is declared
// here and implemented by the SQLite store (package bot/sqlite) and the
// in-memory one (NewMemoryStore) for tests. Implementations are safe for
// concurrent use. The bot never lets a failing Store block an answer: it
// logs the error and answers anyway.
type Store interface {
	// SaveQuestion records an asked question and returns its ID.
	SaveQuestion(ctx context.Context, q Question) (int64, error)
	// SaveFeedback records 👍 (helpful) or 👎 on a question's answer. A
	// user's later vote on the same question replaces the earlier one. A
	// question ID the store does not have is ErrUnknownQuestion.
	SaveFeedback(ctx context.Context, f Feedback) error
	// Questions returns the questions asked at or after since, oldest
	// first, with their feedback folded in.
	Questions(ctx context.Context, since time.Time) ([]Question, error)
	// TourProgress returns the user's tour position (0-based index of the
	// current step) and whether they finished it; ok is false when the
	// user never started.
	TourProgress(ctx context.Context, platform, user string) (p TourProgress, ok bool, err error)
	// SaveTourProgress records the user's tour position.
	SaveTourProgress(ctx context.Context, p TourProgress) error
	// MarkEvent records an event ID as processed and reports whether it
	// was new; IDs older than ttl may be forgotten.
	MarkEvent(ctx context.Context, id string, ttl time.Duration) (isNew bool, err error)
	// Close releases the store.
	Close() error
}

// Question is one question asked of the bot, as stored.
type Question struct {
	ID        int64
	Time      time.Time
	Platform  string
	Channel   string
	User      string
	Text      string
	SectionID string // best section, empty when none
	Title     string // best section's title at the time
	Score     float64
	Answered  bool
	// Helpful and Unhelpful count the feedback votes (filled by Questions).
	Helpful, Unhelpful int
}

// Feedback is one vote on an answer.
type Feedback struct {
	QuestionID int64
	Platform   string
	User       string
	Helpful    bool
	Time       time.Time
}

// TourProgress is where a user is in the onboarding tour.
type TourProgress struct {
	Platform string
	User     string
	Step     int // 0-based index of the current step
	// SectionID is the current step's section, so that the tour resumes at
	// the same section when the knowledge base changed; may be empty.
	SectionID string
	// Done is true once the user has reached the end of the tour; it stays
	// true when they take it again.
	Done    bool
	Updated time.Time
}
