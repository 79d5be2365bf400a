package main

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// gitSync keeps a shallow clone of a git repository up to date with plain
// git on the PATH, for --kb-git.
type gitSync struct {
	url, branch, dir string
	interval         time.Duration
	log              *slog.Logger
	onChange         func(reason string)
}

// gitTimeout bounds each git command, so a hung remote never stalls pulls.
const gitTimeout = 2 * time.Minute

// git runs git with args in dir and returns its trimmed standard output.
// It never prompts for credentials.
func (g *gitSync) git(ctx context.Context, dir string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, gitTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_TERMINAL_PROMPT=0", "GIT_ASKPASS=true")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(errb.String())
		msg = strings.ReplaceAll(msg, g.url, redactURL(g.url))
		if msg == "" {
			msg = err.Error()
		}
		return "", fmt.Errorf("git %s: %s", args[0], msg)
	}
	return strings.TrimSpace(out.String()), nil
}

// prepare clones the repository into dir, or brings an existing clone up
// to date (when the remote cannot be reached, the clone is used as it is).
// It fails when dir holds another repository.
func (g *gitSync) prepare(ctx context.Context) error {
	if _, err := os.Stat(filepath.Join(g.dir, ".git")); err == nil {
		origin, err := g.git(ctx, g.dir, "config", "--get", "remote.origin.url") // as written: get-url applies insteadOf
		if err != nil {
			return fmt.Errorf("kb-git: %s: %w", g.dir, err)
		}
		if origin != g.url {
			return fmt.Errorf("kb-git: %s is a clone of %s, not of %s: remove it or set kb_git.dir",
				g.dir, redactURL(origin), redactURL(g.url))
		}
		if err := g.protect(); err != nil {
			return err
		}
		// A remote that is down at start (a restart during an outage)
		// leaves the docs already checked out, served as between pulls.
		if _, err := g.pull(ctx); err != nil {
			if ctx.Err() != nil {
				return err
			}
			g.log.Warn("kb-git: pull failed; serving the docs already checked out", "dir", g.dir, "err", err)
		}
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(g.dir), 0o700); err != nil {
		return fmt.Errorf("kb-git: %w", err)
	}
	args := []string{"clone", "--quiet", "--depth", "1"}
	if g.branch != "" {
		args = append(args, "--branch", g.branch)
	}
	args = append(args, "--", g.url, g.dir)
	start := time.Now()
	if _, err := g.git(ctx, "", args...); err != nil {
		return fmt.Errorf("kb-git: clone %s: %w", redactURL(g.url), err)
	}
	if err := g.protect(); err != nil {
		return err
	}
	head, _ := g.git(ctx, g.dir, "rev-parse", "--short", "HEAD")
	g.log.Info("kb-git: cloned", "url", redactURL(g.url), "dir", g.dir, "commit", head,
		"took", time.Since(start).Round(time.Millisecond))
	return nil
}

// protect makes the clone readable by kbbot's user alone when the URL
// holds credentials: git keeps the URL, password and all, in .git/config,
// which it writes readable by every local user.
func (g *gitSync) protect() error {
	if redactURL(g.url) == g.url {
		return nil
	}
	if err := os.Chmod(g.dir, 0o700); err != nil {
		return fmt.Errorf("kb-git: %w", err)
	}
	return nil
}

// pull fetches the branch and moves the clone to it; it reports whether
// the commit changed. Local edits in the clone are discarded: it is a
// mirror.
func (g *gitSync) pull(ctx context.Context) (changed bool, err error) {
	ref := g.branch
	if ref == "" {
		ref = "HEAD"
	}
	if _, err := g.git(ctx, g.dir, "fetch", "--quiet", "--depth", "1", "origin", ref); err != nil {
		return false, fmt.Errorf("kb-git: pull: %w", err)
	}
	old, err := g.git(ctx, g.dir, "rev-parse", "HEAD")
	if err != nil {
		return false, fmt.Errorf("kb-git: pull: %w", err)
	}
	next, err := g.git(ctx, g.dir, "rev-parse", "FETCH_HEAD")
	if err != nil {
		return false, fmt.Errorf("kb-git: pull: %w", err)
	}
	if old == next {
		return false, nil
	}
	if _, err := g.git(ctx, g.dir, "reset", "--quiet", "--hard", next); err != nil {
		return false, fmt.Errorf("kb-git: pull: %w", err)
	}
	g.log.Info("kb-git: pulled", "from", short(old), "to", short(next))
	return true, nil
}

// run pulls every interval until ctx ends; a failed pull is logged and
// retried at the next tick, the docs already checked out stay served.
func (g *gitSync) run(ctx context.Context) {
	t := time.NewTicker(g.interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			changed, err := g.pull(ctx)
			switch {
			case err != nil && ctx.Err() == nil:
				g.log.Warn("kb-git: pull failed; serving the docs already checked out", "err", err)
			case changed:
				g.onChange("git pull")
			}
		}
	}
}

func short(sha string) string {
	if len(sha) > 10 {
		return sha[:10]
	}
	return sha
}
