package sqlite

import (
	"context"
	"database/sql"
	"fmt"
)

// migrations are the schema, one step per version: migrations[i] takes the
// database from version i to i+1 (kept in PRAGMA user_version). Append new
// steps; never edit a released one.
var migrations = []string{
	// 1: questions, feedback, tour progress, processed events.
	`CREATE TABLE questions (
		id         INTEGER PRIMARY KEY,
		time       INTEGER NOT NULL, -- Unix microseconds, UTC
		platform   TEXT NOT NULL,
		channel    TEXT NOT NULL,
		user       TEXT NOT NULL,
		text       TEXT NOT NULL,
		section_id TEXT NOT NULL,
		title      TEXT NOT NULL,
		score      REAL NOT NULL,
		answered   INTEGER NOT NULL
	);
	CREATE INDEX questions_time ON questions(time);
	CREATE TABLE feedback (
		question_id INTEGER NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
		platform    TEXT NOT NULL,
		user        TEXT NOT NULL,
		helpful     INTEGER NOT NULL,
		time        INTEGER NOT NULL,
		PRIMARY KEY (question_id, platform, user)
	);
	CREATE TABLE tour_progress (
		platform   TEXT NOT NULL,
		user       TEXT NOT NULL,
		step       INTEGER NOT NULL,
		section_id TEXT NOT NULL,
		done       INTEGER NOT NULL,
		updated    INTEGER NOT NULL,
		PRIMARY KEY (platform, user)
	);
	CREATE TABLE events (
		id      TEXT PRIMARY KEY,
		expires INTEGER NOT NULL -- Unix microseconds
	) WITHOUT ROWID;
	CREATE INDEX events_expires ON events(expires);`,
}

// SchemaVersion is the schema version this code writes.
var SchemaVersion = len(migrations)

// migrate brings the database up to SchemaVersion, one transaction per
// step, and refuses a database written by a newer kbbot.
func migrate(ctx context.Context, db *sql.DB, steps []string) error {
	// Read first: a current database needs no write transaction, so a
	// user who may only read the file (kbbot gaps, stats) can open it.
	var v int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if v == len(steps) {
		return nil
	}
	for {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("begin: %w", err)
		}
		var v int
		if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
			tx.Rollback()
			return fmt.Errorf("read schema version: %w", err)
		}
		if v > len(steps) {
			tx.Rollback()
			return fmt.Errorf("database schema version %d is newer than this kbbot understands (%d)", v, len(steps))
		}
		if v == len(steps) {
			return tx.Rollback()
		}
		if _, err := tx.ExecContext(ctx, steps[v]); err != nil {
			tx.Rollback()
			return fmt.Errorf("schema version %d: %w", v+1, err)
		}
		// PRAGMA takes no parameters; v+1 is an int.
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", v+1)); err != nil {
			tx.Rollback()
			return fmt.Errorf("schema version %d: %w", v+1, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("schema version %d: commit: %w", v+1, err)
		}
	}
}
