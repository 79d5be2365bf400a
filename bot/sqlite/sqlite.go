// Package sqlite is the embedded bot.Store: one SQLite file (pure Go,
// modernc.org/sqlite, no cgo) in WAL mode, with its schema migrated by
// versions kept in code.
//
// Several goroutines may use one Store; writes wait for each other (busy
// timeout) rather than fail. Several processes may share a file, with the
// same caveat as any SQLite file: not on a network file system.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/kbbot/kbbot/bot"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// Options configure Open.
type Options struct {
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// BusyTimeout is how long a write waits for another; 0 means 5s.
	BusyTimeout time.Duration
	// Logger receives problems that do not fail a call; nil discards them.
	Logger *slog.Logger
	// ReadOnly opens the file for reading only (kbbot gaps, stats): it
	// needs no write access, writes nothing, and fails on a schema older
	// than this code's. Writes through the store fail.
	ReadOnly bool
}

// Store is a bot.Store in an SQLite file. Safe for concurrent use.
type Store struct {
	db    *sql.DB
	now   func() time.Time
	log   *slog.Logger
	marks atomic.Uint64 // MarkEvent calls, to purge expired IDs now and then
}

var _ bot.Store = (*Store)(nil)

// purgeEvery is how many MarkEvent calls pass between purges of expired
// event IDs.
const purgeEvery = 200

// Open opens (creating if needed) the database at path and migrates it to
// the current schema. path ":memory:" gives a private in-memory database.
func Open(ctx context.Context, path string, opts Options) (*Store, error) {
	if path == "" {
		return nil, errors.New("sqlite: open: empty path")
	}
	busy := opts.BusyTimeout
	if busy <= 0 {
		busy = 5 * time.Second
	}
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busy.Milliseconds()))
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	memory := path == ":memory:"
	if opts.ReadOnly && !memory {
		return openReadOnly(ctx, path, q, opts)
	}
	if !memory {
		q.Add("_pragma", "journal_mode(WAL)")
	}
	// Transactions take the write lock up front, so two of them never
	// deadlock upgrading read locks.
	q.Set("_txlock", "immediate")
	dsn := "file:" + escapePath(path) + "?" + q.Encode()
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	if memory {
		// Each connection would get its own empty in-memory database.
		db.SetMaxOpenConns(1)
	} else {
		db.SetMaxOpenConns(4)
	}
	if err := retryBusy(ctx, func() error { return migrate(ctx, db, migrations) }); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlite: open %s: migrate: %w", path, err)
	}
	if !memory {
		var mode string
		if err := db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
			db.Close()
			return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
		}
		if !strings.EqualFold(mode, "wal") {
			db.Close()
			return nil, fmt.Errorf("sqlite: open %s: journal mode is %q, not WAL", path, mode)
		}
	}
	return newStore(db, opts), nil
}

func newStore(db *sql.DB, opts Options) *Store {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Store{db: db, now: now, log: log}
}

// openReadOnly opens path for reading. While kbbot serve runs, its WAL
// files let a reader see every committed write; when it does not, there
// are none, and SQLite can only read the file as immutable (nobody writes
// it then).
func openReadOnly(ctx context.Context, path string, q url.Values, opts Options) (*Store, error) {
	q.Set("mode", "ro")
	var last error
	for _, immutable := range []bool{false, true} {
		if immutable {
			// Only safe when no writer has a WAL: then nothing changes the
			// file while it is read, and nothing committed is elsewhere.
			if _, err := os.Stat(path + "-wal"); !errors.Is(err, fs.ErrNotExist) {
				break
			}
			q.Set("immutable", "1")
		}
		db, err := sql.Open("sqlite", "file:"+escapePath(path)+"?"+q.Encode())
		if err != nil {
			return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
		}
		var v int
		if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
			db.Close()
			last = err
			continue
		}
		if v > SchemaVersion {
			db.Close()
			return nil, fmt.Errorf("sqlite: open %s: schema version %d is newer than this kbbot understands (%d): read it with the kbbot that wrote it", path, v, SchemaVersion)
		}
		if v != SchemaVersion {
			db.Close()
			return nil, fmt.Errorf("sqlite: open %s: schema version %d, this kbbot reads %d: open it once with kbbot serve or chat --db", path, v, SchemaVersion)
		}
		db.SetMaxOpenConns(4)
		return newStore(db, opts), nil
	}
	return nil, fmt.Errorf("sqlite: open %s for reading: %w", path, last)
}

// escapePath keeps "?" and "#" in a file name from being read as the DSN's
// query or fragment.
func escapePath(p string) string {
	return strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(p)
}

func micros(t time.Time) int64 { return t.UnixMicro() }

func fromMicros(us int64) time.Time { return time.UnixMicro(us).UTC() }

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// SaveQuestion records q and returns its ID; a zero q.Time becomes now.
func (s *Store) SaveQuestion(ctx context.Context, q bot.Question) (int64, error) {
	if q.Time.IsZero() {
		q.Time = s.now()
	}
	res, err := s.db.ExecContext(ctx,
		`INSERT INTO questions (time, platform, channel, user, text, section_id, title, score, answered)
		 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		micros(q.Time), q.Platform, q.Channel, q.User, q.Text, q.SectionID, q.Title, q.Score, boolInt(q.Answered))
	if err != nil {
		return 0, fmt.Errorf("sqlite: save question: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, fmt.Errorf("sqlite: save question: %w", err)
	}
	return id, nil
}

// SaveFeedback records a vote, replacing the user's earlier vote on the
// same question. A vote on an unknown question fails with
// bot.ErrUnknownQuestion.
func (s *Store) SaveFeedback(ctx context.Context, f bot.Feedback) error {
	if f.Time.IsZero() {
		f.Time = s.now()
	}
	res, err := s.db.ExecContext(ctx,
		`INSERT INTO feedback (question_id, platform, user, helpful, time)
		 SELECT id, ?, ?, ?, ? FROM questions WHERE id = ?
		 ON CONFLICT (question_id, platform, user) DO UPDATE SET helpful = excluded.helpful, time = excluded.time`,
		f.Platform, f.User, boolInt(f.Helpful), micros(f.Time), f.QuestionID)
	if err != nil {
		return fmt.Errorf("sqlite: save feedback: %w", err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return fmt.Errorf("sqlite: save feedback on question %d: %w", f.QuestionID, bot.ErrUnknownQuestion)
	}
	return nil
}

// questionsQuery reads the questions asked at or after ?, with their votes.
// The votes are counted by subqueries, not a join grouped by q.id: the
// grouping made SQLite scan every question ever asked in id order and sort
// them again, where this reads only the period's through questions_time.
const questionsQuery = `SELECT q.id, q.time, q.platform, q.channel, q.user, q.text, q.section_id, q.title, q.score, q.answered,
	(SELECT COUNT(*) FROM feedback f WHERE f.question_id = q.id AND f.helpful = 1),
	(SELECT COUNT(*) FROM feedback f WHERE f.question_id = q.id AND f.helpful = 0)
 FROM questions q
 WHERE q.time >= ?
 ORDER BY q.time, q.id`

// Questions returns the questions asked at or after since, oldest first,
// with their votes counted.
func (s *Store) Questions(ctx context.Context, since time.Time) ([]bot.Question, error) {
	from := int64(-1 << 62)
	if !since.IsZero() {
		from = micros(since)
	}
	rows, err := s.db.QueryContext(ctx, questionsQuery, from)
	if err != nil {
		return nil, fmt.Errorf("sqlite: questions: %w", err)
	}
	defer rows.Close()
	var out []bot.Question
	for rows.Next() {
		var q bot.Question
		var t int64
		var answered int
		if err := rows.Scan(&q.ID, &t, &q.Platform, &q.Channel, &q.User, &q.Text, &q.SectionID, &q.Title,
			&q.Score, &answered, &q.Helpful, &q.Unhelpful); err != nil {
			return nil, fmt.Errorf("sqlite: questions: %w", err)
		}
		q.Time = fromMicros(t)
		q.Answered = answered != 0
		out = append(out, q)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: questions: %w", err)
	}
	return out, nil
}

// TourProgress returns the user's tour position; ok is false when the
// user never started.
func (s *Store) TourProgress(ctx context.Context, platform, user string) (bot.TourProgress, bool, error) {
	p := bot.TourProgress{Platform: platform, User: user}
	var done int
	var updated int64
	err := s.db.QueryRowContext(ctx,
		`SELECT step, section_id, done, updated FROM tour_progress WHERE platform = ? AND user = ?`,
		platform, user).Scan(&p.Step, &p.SectionID, &done, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return bot.TourProgress{}, false, nil
	}
	if err != nil {
		return bot.TourProgress{}, false, fmt.Errorf("sqlite: tour progress: %w", err)
	}
	p.Done = done != 0
	p.Updated = fromMicros(updated)
	return p, true, nil
}

// SaveTourProgress records the user's tour position; a zero p.Updated
// becomes now.
func (s *Store) SaveTourProgress(ctx context.Context, p bot.TourProgress) error {
	if p.Updated.IsZero() {
		p.Updated = s.now()
	}
	_, err := s.db.ExecContext(ctx,
		`INSERT INTO tour_progress (platform, user, step, section_id, done, updated) VALUES (?, ?, ?, ?, ?, ?)
		 ON CONFLICT (platform, user) DO UPDATE SET
		   step = excluded.step, section_id = excluded.section_id, done = excluded.done, updated = excluded.updated`,
		p.Platform, p.User, p.Step, p.SectionID, boolInt(p.Done), micros(p.Updated))
	if err != nil {
		return fmt.Errorf("sqlite: save tour progress: %w", err)
	}
	return nil
}

// MarkEvent records id as processed until ttl from now and reports whether
// it was new: an ID seen before whose record has expired counts as new.
func (s *Store) MarkEvent(ctx context.Context, id string, ttl time.Duration) (bool, error) {
	now := micros(s.now())
	res, err := s.db.ExecContext(ctx,
		`INSERT INTO events (id, expires) VALUES (?, ?)
		 ON CONFLICT (id) DO UPDATE SET expires = excluded.expires WHERE events.expires <= ?`,
		id, now+ttl.Microseconds(), now)
	if err != nil {
		return false, fmt.Errorf("sqlite: mark event: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("sqlite: mark event: %w", err)
	}
	if s.marks.Add(1)%purgeEvery == 0 {
		if _, err := s.db.ExecContext(ctx, `DELETE FROM events WHERE expires <= ?`, now); err != nil {
			s.log.Warn("sqlite: purge expired events", "err", err)
		}
	}
	return n == 1, nil
}

// Close closes the database.
func (s *Store) Close() error {
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("sqlite: close: %w", err)
	}
	return nil
}

// retryBusy runs f again while it fails with SQLITE_BUSY, up to about a
// second: processes opening a new file at once race to set it up (the WAL
// switch on connecting does not wait for the busy timeout).
func retryBusy(ctx context.Context, f func() error) error {
	for attempt := 1; ; attempt++ {
		err := f()
		if err == nil || attempt == 10 || !strings.Contains(err.Error(), "SQLITE_BUSY") {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(time.Duration(attempt) * 20 * time.Millisecond):
		}
	}
}
