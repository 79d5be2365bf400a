package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/kbbot/kbbot/knowledge"
)

// liveKB is the knowledge base the bot answers from (bot.Knowledge). A
// reload swaps the pointer: a question already being answered keeps the
// Base it started with. Safe for concurrent use.
type liveKB struct {
	p atomic.Pointer[knowledge.Base]
}

// Base returns the current knowledge base, nil before the first load.
func (l *liveKB) Base() *knowledge.Base { return l.p.Load() }

func (l *liveKB) set(b *knowledge.Base) { l.p.Store(b) }

// reloadObserver is told of every load, for metrics.
type reloadObserver interface {
	Reloaded(ok bool, took time.Duration, sections, warnings int)
}

// reloader builds a new knowledge base and swaps it into kb; a load that
// fails leaves the old one in place. Loads never overlap.
type reloader struct {
	kb   *liveKB
	load func(ctx context.Context) (*knowledge.Base, error)
	log  *slog.Logger
	obs  reloadObserver
	kick chan string // a pending reload's reason; at most one waits

	mu       sync.Mutex
	warnings map[string]bool // warnings of the base served, to log only new ones

	lastErr atomic.Pointer[string] // why the last reload failed; nil after a success
}

// lastError says why the last reload failed, "" when it succeeded.
func (r *reloader) lastError() string {
	if p := r.lastErr.Load(); p != nil {
		return *p
	}
	return ""
}

func newReloader(kb *liveKB, load func(ctx context.Context) (*knowledge.Base, error), log *slog.Logger, obs reloadObserver) *reloader {
	return &reloader{kb: kb, load: load, log: log, obs: obs, kick: make(chan string, 1)}
}

// errEmptyBase refuses to replace a knowledge base with an empty one: a
// folder caught half-way through a checkout or a deploy.
var errEmptyBase = errors.New("no sections found (keeping the previous knowledge base)")

// reload loads the knowledge base now and swaps it in.
func (r *reloader) reload(ctx context.Context, reason string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	start := time.Now()
	b, err := r.load(ctx)
	took := time.Since(start)
	if err == nil && len(b.Sections()) == 0 {
		if old := r.kb.Base(); old != nil && len(old.Sections()) > 0 {
			err = errEmptyBase
		}
	}
	if err != nil {
		if ctx.Err() != nil {
			return err // shutting down: not a failed reload
		}
		r.obs.Reloaded(false, took, 0, 0)
		msg := err.Error()
		r.lastErr.Store(&msg)
		r.log.Error("knowledge base reload failed; still serving the previous one",
			"reason", reason, "err", err, "took", took.Round(time.Millisecond))
		return err
	}
	r.kb.set(b)
	r.lastErr.Store(nil)
	ws := b.Warnings()
	r.obs.Reloaded(true, took, len(b.Sections()), len(ws))
	r.logWarnings(ws)
	r.log.Info("knowledge base loaded", "reason", reason, "sections", len(b.Sections()),
		"warnings", len(ws), "took", took.Round(time.Millisecond))
	return nil
}

// maxWarningLines caps the warnings logged per load.
const maxWarningLines = 20

// logWarnings logs the warnings that the previous base did not have, so an
// edit that breaks a document is reported once, not on every reload.
func (r *reloader) logWarnings(ws []knowledge.Warning) {
	seen := make(map[string]bool, len(ws))
	n := 0
	for _, w := range ws {
		s := w.String()
		seen[s] = true
		if r.warnings[s] || w.Severity == knowledge.Info {
			continue
		}
		if n++; n <= maxWarningLines {
			r.log.Warn("knowledge base: "+w.Msg, "file", w.File, "line", w.Line, "severity", w.Severity.String())
		}
	}
	if n > maxWarningLines {
		r.log.Warn("knowledge base: more warnings not shown", "count", n-maxWarningLines)
	}
	r.warnings = seen
}

// trigger asks run for a reload without waiting; reloads asked for while
// one is pending merge into it.
func (r *reloader) trigger(reason string) {
	select {
	case r.kick <- reason:
	default:
	}
}

// run performs the triggered reloads until ctx ends.
func (r *reloader) run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case reason := <-r.kick:
			_ = r.reload(ctx, reason) // logged and counted by reload
		}
	}
}

// treeWatcher watches knowledge-base folders recursively (fsnotify watches
// one folder at a time) and single files, and calls onChange once things
// have been quiet for the debounce interval.
type treeWatcher struct {
	w        *fsnotify.Watcher
	roots    []string        // folders watched with their sub-folders
	files    map[string]bool // paths watched through their parent folder
	debounce time.Duration
	log      *slog.Logger
	onChange func(reason string)
	warned   bool
}

// newTreeWatcher starts watching roots (folders, or files) and files. The
// parent of each is watched too, so a root that is replaced or re-created
// is picked up again.
func newTreeWatcher(roots, files []string, debounce time.Duration, log *slog.Logger, onChange func(reason string)) (*treeWatcher, error) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("watch: %w", err)
	}
	t := &treeWatcher{w: w, files: map[string]bool{}, debounce: debounce, log: log, onChange: onChange}
	for _, p := range append(append([]string(nil), roots...), files...) {
		abs, err := filepath.Abs(p)
		if err != nil {
			w.Close()
			return nil, fmt.Errorf("watch %s: %w", p, err)
		}
		t.files[abs] = true
		t.add(filepath.Dir(abs))
		if fi, err := os.Stat(abs); err == nil && fi.IsDir() {
			t.roots = append(t.roots, abs)
		}
	}
	t.resync()
	return t, nil
}

// add watches one folder; a failure is logged once (reloads on SIGHUP
// still work).
func (t *treeWatcher) add(dir string) {
	if err := t.w.Add(dir); err != nil && !errors.Is(err, fs.ErrNotExist) && !t.warned {
		t.warned = true
		t.log.Warn("live reload: cannot watch a folder; edits there need a SIGHUP (raise fs.inotify.max_user_watches?)",
			"folder", dir, "err", err)
	}
}

// addTree watches dir and its sub-folders, skipping hidden ones as the
// knowledge-base loader does. A dir that is a link to a folder (docs ->
// releases/42) is walked through the link, as the loader reads it.
func (t *treeWatcher) addTree(dir string) {
	root := dir
	if fi, err := os.Stat(dir); err == nil && fi.IsDir() {
		root = dir + string(filepath.Separator) // WalkDir does not follow a linked root
	}
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return nil
		}
		if p != root && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		t.add(filepath.Clean(p))
		return nil
	})
}

// resync watches every folder now in the trees: ones created while events
// were dropped, or a root that was replaced.
func (t *treeWatcher) resync() {
	for _, r := range t.roots {
		t.addTree(r)
	}
}

// relevant reports whether an event on name can change the knowledge base.
// Writes to a file the loader does not read are not: the bot's own log
// (nohup.out, 2> kbbot.log) or database in a kb folder (--kb .) would
// otherwise reload it after every question, and after every reload,
// which logs a line: forever.
func (t *treeWatcher) relevant(ev fsnotify.Event) bool {
	if ev.Op == fsnotify.Chmod {
		return false
	}
	if t.files[ev.Name] {
		return true
	}
	if !ev.Has(fsnotify.Remove) && !ev.Has(fsnotify.Rename) && !knowledge.IsDocument(filepath.Base(ev.Name)) {
		if fi, err := os.Stat(ev.Name); err == nil && fi.Mode().IsRegular() {
			return false
		}
	}
	for _, r := range t.roots {
		rel, err := filepath.Rel(r, ev.Name)
		if err != nil || rel == ".." || strings.HasPrefix(rel, "../") {
			continue
		}
		for _, part := range strings.Split(filepath.ToSlash(rel), "/") {
			if strings.HasPrefix(part, ".") && part != "." {
				return false // hidden: the loader skips it (editor swap files, .git)
			}
		}
		return true
	}
	return false
}

// run delivers debounced changes until ctx ends, then stops watching.
func (t *treeWatcher) run(ctx context.Context) {
	defer t.w.Close()
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	var first string
	for {
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case ev, ok := <-t.w.Events:
			if !ok {
				return
			}
			if !t.relevant(ev) {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() {
					t.addTree(ev.Name)
				}
			}
			if first == "" {
				first = ev.Name
			}
			timer.Reset(t.debounce)
		case err, ok := <-t.w.Errors:
			if !ok {
				return
			}
			t.log.Warn("live reload: watch error; reloading to be safe", "err", err)
			if first == "" {
				first = "(events lost)"
			}
			timer.Reset(t.debounce)
		case <-timer.C:
			t.resync()
			t.onChange("changed: " + first)
			first = ""
		}
	}
}
