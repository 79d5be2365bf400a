package main

import (
	"context"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kbbot/kbbot/bot/testlog"
	"github.com/kbbot/kbbot/knowledge"
)

// syncBuffer collects log output from many goroutines.
type syncBuffer = testlog.Buffer

// reloadCounts records Reloaded calls.
type reloadCounts struct {
	mu           sync.Mutex
	ok, failed   int
	lastSections int
}

func (r *reloadCounts) Reloaded(ok bool, took time.Duration, sections, warnings int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if ok {
		r.ok++
		r.lastSections = sections
	} else {
		r.failed++
	}
}

func writeTestFile(t *testing.T, name, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// folderLoader loads dir as the only knowledge-base folder, as serve does.
func folderLoader(dir string) func(ctx context.Context) (*knowledge.Base, error) {
	return func(ctx context.Context) (*knowledge.Base, error) {
		return loadKB(ctx, []string{dir}, knowledge.Options{})
	}
}

func sectionTitles(b *knowledge.Base) []string {
	var ts []string
	for _, s := range b.Sections() {
		ts = append(ts, s.Title)
	}
	return ts
}

func TestReloadSwapsAndKeepsOldOnFailure(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "kb")
	writeTestFile(t, filepath.Join(dir, "a.md"), "# Alpha\n\nThe first document.\n")
	var logs syncBuffer
	live := &liveKB{}
	obs := &reloadCounts{}
	r := newReloader(live, folderLoader(dir), slog.New(slog.NewTextHandler(&logs, nil)), obs)
	ctx := context.Background()

	if err := r.reload(ctx, "start"); err != nil {
		t.Fatalf("first load: %v", err)
	}
	first := live.Base()
	if got := sectionTitles(first); len(got) != 1 || got[0] != "Alpha" {
		t.Fatalf("after first load: got titles %q; want [Alpha]", got)
	}

	writeTestFile(t, filepath.Join(dir, "b.md"), "# Beta\n\nThe second document.\n")
	if err := r.reload(ctx, "test"); err != nil {
		t.Fatalf("second load: %v", err)
	}
	if got := sectionTitles(live.Base()); len(got) != 2 {
		t.Errorf("after adding b.md: got titles %q; want 2", got)
	}
	if got := sectionTitles(first); len(got) != 1 {
		t.Errorf("the old base changed: got titles %q; want [Alpha]", got)
	}

	// An unreadable folder is a failed reload: the old base stays.
	served := live.Base()
	if err := os.Rename(dir, dir+".moved"); err != nil {
		t.Fatal(err)
	}
	if err := r.reload(ctx, "test"); err == nil {
		t.Fatal("reload of a missing folder: got no error; want one")
	}
	if live.Base() != served {
		t.Error("a failed reload replaced the base; want the old one kept")
	}

	// An empty folder does not replace a base that has sections.
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := r.reload(ctx, "test"); err != errEmptyBase {
		t.Errorf("reload of an empty folder: got %v; want errEmptyBase", err)
	}
	if live.Base() != served {
		t.Error("an empty reload replaced the base; want the old one kept")
	}
	if obs.ok != 2 || obs.failed != 2 || obs.lastSections != 2 {
		t.Errorf("observer: got ok=%d failed=%d sections=%d; want 2, 2, 2", obs.ok, obs.failed, obs.lastSections)
	}
	if got := logs.String(); !strings.Contains(got, "still serving the previous one") || !strings.Contains(got, "sections=2") {
		t.Errorf("logs lack the failure and the section count:\n%s", got)
	}
}

func TestReloadTriggerMerges(t *testing.T) {
	var mu sync.Mutex
	calls := 0
	release := make(chan struct{})
	load := func(ctx context.Context) (*knowledge.Base, error) {
		mu.Lock()
		calls++
		mu.Unlock()
		<-release
		return new(knowledge.Base), nil
	}
	r := newReloader(&liveKB{}, load, slog.New(slog.DiscardHandler), &reloadCounts{})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { r.run(ctx); close(done) }()
	r.trigger("one")
	// Wait until the first load runs, then ask three times while it does.
	for deadline := time.Now().Add(5 * time.Second); ; {
		mu.Lock()
		n := calls
		mu.Unlock()
		if n == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the first reload never started")
		}
		time.Sleep(time.Millisecond)
	}
	r.trigger("two")
	r.trigger("three")
	r.trigger("four")
	close(release)
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		mu.Lock()
		n := calls
		mu.Unlock()
		if n >= 2 {
			break
		}
	}
	time.Sleep(50 * time.Millisecond) // time for a wrong third load to show
	cancel()
	<-done
	if calls != 2 {
		t.Errorf("got %d loads; want 2 (the running one, then one for the three asked during it)", calls)
	}
}

// changes collects onChange calls of a treeWatcher.
type changes struct {
	c chan string
}

func newChanges() *changes { return &changes{c: make(chan string, 100)} }

func (c *changes) add(reason string) { c.c <- reason }

func (c *changes) wait(t *testing.T, what string) string {
	t.Helper()
	select {
	case r := <-c.c:
		return r
	case <-time.After(5 * time.Second):
		t.Fatalf("no change noticed after %s", what)
		return ""
	}
}

func (c *changes) none(t *testing.T, what string) {
	t.Helper()
	select {
	case r := <-c.c:
		t.Fatalf("after %s: got change %q; want none", what, r)
	case <-time.After(4 * testDebounce):
	}
}

// testDebounce is the watchers' quiet period in tests: long enough that a
// burst of writes in a loop stays one change on a loaded 2-core machine
// (at 30 ms, a stall of the event reader split one in about 40 runs).
const testDebounce = 100 * time.Millisecond

func TestReloadWatcherDebouncesRecursively(t *testing.T) {
	root := filepath.Join(t.TempDir(), "kb")
	writeTestFile(t, filepath.Join(root, "top.md"), "# Top\n")
	syn := filepath.Join(t.TempDir(), "synonyms.txt")
	writeTestFile(t, syn, "vpn, tunnel\n")
	ch := newChanges()
	w, err := newTreeWatcher([]string{root}, []string{syn}, testDebounce, slog.New(slog.DiscardHandler), ch.add)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go w.run(ctx)

	// A burst of writes is one change.
	for i := 0; i < 5; i++ {
		writeTestFile(t, filepath.Join(root, "top.md"), strings.Repeat("# Top\n", i+1))
	}
	if got := ch.wait(t, "a burst of writes"); !strings.Contains(got, "top.md") {
		t.Errorf("reason: got %q; want it to name top.md", got)
	}
	ch.none(t, "the burst settled")

	// A folder created after start is watched, and so are its sub-folders.
	writeTestFile(t, filepath.Join(root, "new", "deeper", "doc.md"), "# Deep\n")
	ch.wait(t, "creating new/deeper/doc.md")
	writeTestFile(t, filepath.Join(root, "new", "deeper", "doc.md"), "# Deeper\n")
	ch.wait(t, "editing new/deeper/doc.md")

	// Hidden files (editor swap files, .git) are ignored.
	writeTestFile(t, filepath.Join(root, ".doc.md.swp"), "x")
	ch.none(t, "writing a hidden file")

	// The synonyms file counts, even when an editor replaces it.
	writeTestFile(t, syn+".tmp", "vpn, tunnel, wireguard\n")
	if err := os.Rename(syn+".tmp", syn); err != nil {
		t.Fatal(err)
	}
	ch.wait(t, "replacing the synonyms file")

	// A root that is replaced wholesale is watched again.
	if err := os.Rename(root, root+".old"); err != nil {
		t.Fatal(err)
	}
	writeTestFile(t, filepath.Join(root, "sub", "x.md"), "# X\n")
	ch.wait(t, "replacing the root folder")
	writeTestFile(t, filepath.Join(root, "sub", "x.md"), "# X2\n")
	ch.wait(t, "editing in the replaced root")
}

// TestReloadWatcherSkipsOtherFiles: writes to files the loader does not
// read, such as the bot's own log or database in a kb folder, reload
// nothing; a reload logs a line, so they reloaded it forever.
func TestReloadWatcherSkipsOtherFiles(t *testing.T) {
	root := t.TempDir()
	writeTestFile(t, filepath.Join(root, "top.md"), "# Top\n")
	writeTestFile(t, filepath.Join(root, "sub", "guide.md"), "# Guide\n")
	ch := newChanges()
	w, err := newTreeWatcher([]string{root}, nil, testDebounce, slog.New(slog.DiscardHandler), ch.add)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go w.run(ctx)

	for _, name := range []string{"kbbot.log", "nohup.out", "kbbot.db", "kbbot.db-wal", filepath.Join("sub", "image.png")} {
		for i := range 3 {
			writeTestFile(t, filepath.Join(root, name), strings.Repeat("line\n", i+1))
		}
		ch.none(t, "writing "+name)
	}
	for _, name := range []string{"notes.txt", "TOUR", filepath.Join("sub", "guide.markdown")} {
		writeTestFile(t, filepath.Join(root, name), "# Doc\n")
		if got := ch.wait(t, "writing "+name); !strings.Contains(got, name) {
			t.Errorf("reason: got %q; want it to name %s", got, name)
		}
	}
	if err := os.Remove(filepath.Join(root, "kbbot.log")); err != nil {
		t.Fatal(err)
	}
	ch.wait(t, "removing a file") // it may have been a folder
}

// TestReloadWatcherLinkedRoot: a kb folder given as a link to a folder
// (docs -> releases/42, as deploys do) is loaded through the link, so
// edits inside it reload too.
func TestReloadWatcherLinkedRoot(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "releases", "42")
	writeTestFile(t, filepath.Join(real, "top.md"), "# Top\n")
	writeTestFile(t, filepath.Join(real, "sub", "deep.md"), "# Deep\n")
	link := filepath.Join(dir, "docs")
	if err := os.Symlink(real, link); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	ch := newChanges()
	w, err := newTreeWatcher([]string{link}, nil, testDebounce, slog.New(slog.DiscardHandler), ch.add)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go w.run(ctx)

	for _, name := range []string{"top.md", filepath.Join("sub", "deep.md"), "new.md"} {
		writeTestFile(t, filepath.Join(real, name), "# Edited\n")
		if got := ch.wait(t, "writing "+name+" through the link's target"); !strings.Contains(got, filepath.Base(name)) {
			t.Errorf("reason: got %q; want it to name %s", got, filepath.Base(name))
		}
	}
}

func TestReloadGitSync(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git on the PATH")
	}
	ctx := context.Background()
	tmp := t.TempDir()
	origin := filepath.Join(tmp, "origin")
	writeTestFile(t, filepath.Join(origin, "docs", "a.md"), "# Alpha\n")
	gitRun(t, origin, "init", "-q")
	gitRun(t, origin, "add", ".")
	gitRun(t, origin, "commit", "-q", "-m", "one")

	g := &gitSync{url: origin, dir: filepath.Join(tmp, "cache", "clone"), interval: time.Hour,
		log: slog.New(slog.DiscardHandler), onChange: func(string) {}}
	if err := g.prepare(ctx); err != nil {
		t.Fatalf("prepare (clone): %v", err)
	}
	if _, err := os.Stat(filepath.Join(g.dir, "docs", "a.md")); err != nil {
		t.Fatalf("clone lacks docs/a.md: %v", err)
	}
	if c, err := g.pull(ctx); err != nil || c {
		t.Errorf("pull with nothing new: got changed=%v err=%v; want false, nil", c, err)
	}
	writeTestFile(t, filepath.Join(origin, "docs", "b.md"), "# Beta\n")
	gitRun(t, origin, "add", ".")
	gitRun(t, origin, "commit", "-q", "-m", "two")
	if c, err := g.pull(ctx); err != nil || !c {
		t.Fatalf("pull after a commit: got changed=%v err=%v; want true, nil", c, err)
	}
	if _, err := os.Stat(filepath.Join(g.dir, "docs", "b.md")); err != nil {
		t.Errorf("pull did not bring docs/b.md: %v", err)
	}
	// An existing clone is reused; one of another repository is refused.
	if err := g.prepare(ctx); err != nil {
		t.Errorf("prepare over an existing clone: %v", err)
	}
	// A restart while the remote is down serves the clone it has.
	if err := os.Rename(origin, origin+".away"); err != nil {
		t.Fatal(err)
	}
	if err := g.prepare(ctx); err != nil {
		t.Errorf("prepare over an existing clone, remote unreachable: %v; want the clone used as it is", err)
	}
	if err := os.Rename(origin+".away", origin); err != nil {
		t.Fatal(err)
	}
	other := &gitSync{url: filepath.Join(tmp, "elsewhere"), dir: g.dir, log: g.log}
	if err := other.prepare(ctx); err == nil || !strings.Contains(err.Error(), "is a clone of") {
		t.Errorf("prepare over another repository's clone: got %v; want an error saying so", err)
	}
	for _, u := range []string{"https://user:hunter2@127.0.0.1:1/x.git", "https://user:hunt%er2@127.0.0.1:1/x.git"} {
		bad := &gitSync{url: u, dir: filepath.Join(tmp, "bad"), log: g.log}
		if err := bad.prepare(ctx); err == nil || strings.Contains(err.Error(), "er2") {
			t.Errorf("clone of an unreachable URL: got %v; want an error without the password", err)
		}
	}
}

// TestReloadGitSyncInsteadOf: a git config that rewrites the URL
// (url.<base>.insteadOf, as people set to use SSH for https://github.com/)
// does not make kbbot take its own clone for another repository's on the
// next start.
func TestReloadGitSyncInsteadOf(t *testing.T) {
	tmp := t.TempDir()
	origin := gitOrigin(t, tmp)
	const url = "https://git.example.invalid/docs.git" // git fetches it from origin
	t.Setenv("GIT_CONFIG_COUNT", "1")
	t.Setenv("GIT_CONFIG_KEY_0", "url."+origin+".insteadOf")
	t.Setenv("GIT_CONFIG_VALUE_0", url)
	g := &gitSync{url: url, dir: filepath.Join(tmp, "clone"), interval: time.Hour, log: slog.New(slog.DiscardHandler)}
	for _, step := range []string{"clone", "restart over the clone"} {
		if err := g.prepare(context.Background()); err != nil {
			t.Fatalf("prepare (%s): %v", step, err)
		}
	}
}

// TestReloadGitSyncProtectsCredentials: git keeps the clone's URL in
// .git/config, readable by every local user; when the URL holds a
// password, the clone (and the folder kbbot makes for it) are for
// kbbot's user alone, a clone made before this was so too.
func TestReloadGitSyncProtectsCredentials(t *testing.T) {
	tmp := t.TempDir()
	origin := gitOrigin(t, tmp)
	// git fetches this URL from origin.
	const url = "https://kbbot:hunter2@git.example.invalid/docs.git"
	t.Setenv("GIT_CONFIG_COUNT", "1")
	t.Setenv("GIT_CONFIG_KEY_0", "url."+origin+".insteadOf")
	t.Setenv("GIT_CONFIG_VALUE_0", url)
	tests := []struct {
		name     string
		existing bool // a clone is there already, readable by all
	}{
		{"new clone", false},
		{"existing clone", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "cache", "clone")
			check := []string{dir, filepath.Dir(dir)}
			if tc.existing {
				if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
					t.Fatal(err)
				}
				gitRun(t, filepath.Dir(dir), "clone", "-q", url, dir)
				check = check[:1]
			}
			g := &gitSync{url: url, dir: dir, interval: time.Hour, log: slog.New(slog.DiscardHandler)}
			if err := g.prepare(context.Background()); err != nil {
				t.Fatalf("prepare: %v", err)
			}
			for _, p := range check {
				fi, err := os.Stat(p)
				if err != nil {
					t.Fatal(err)
				}
				if perm := fi.Mode().Perm(); perm&0o077 != 0 {
					t.Errorf("%s has mode %v; want it for kbbot's user alone", p, perm)
				}
			}
		})
	}
}
