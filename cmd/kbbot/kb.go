package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/kbbot/kbbot/adapters/console"
	"github.com/kbbot/kbbot/knowledge"
)

// kbFlags are the knowledge-base flags shared by ask, topics, check, chat.
type kbFlags struct {
	kbs      []string
	baseURL  string
	synonyms string
	noSyn    bool
	maxSize  int64
	minConf  *unitFloat // --min-confidence, for the commands that answer
}

// registerConfidence adds --min-confidence: the answer model's bar, to try
// a value kbbot calibrate suggests before setting it for kbbot serve.
func (k *kbFlags) registerConfidence(fs cmdFlags) {
	v := unitFloat(knowledge.DefaultThresholds.MinConfidence)
	k.minConf = &v
	fs.Var(k.minConf, "min-confidence", "least `confidence` of the answer model that an answer is right, 0-1 (kbbot calibrate suggests one)")
}

// unitFloat is a flag of a number from 0 to 1.
type unitFloat float64

// String prints the number.
func (u *unitFloat) String() string {
	if u == nil {
		return "0"
	}
	return strconv.FormatFloat(float64(*u), 'g', 4, 64)
}

// Set parses v, refusing numbers outside 0 to 1.
func (u *unitFloat) Set(v string) error {
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || !(f >= 0 && f <= 1) { // NaN too
		return errors.New("want a number from 0 to 1")
	}
	*u = unitFloat(f)
	return nil
}

func (k *kbFlags) register(fs cmdFlags) {
	fs.Var(&listFlag{p: &k.kbs}, "kb", "knowledge-base folder or file (repeatable; default: the embedded essay)")
	fs.StringVar(&k.baseURL, "base-url", "", "base URL for source links, e.g. https://github.com/org/docs/blob/main/")
	fs.StringVar(&k.synonyms, "synonyms", "", "synonyms file: one comma-separated group per line")
	fs.BoolVar(&k.noSyn, "no-general-synonyms", false, "leave out the built-in general and Taiwan/mainland synonyms (folder = directory, 伺服器 = 服务器, …)")
	k.maxSize = knowledge.DefaultMaxFileSize
	fs.Var((*byteSize)(&k.maxSize), "max-file-size", "skip files larger than this many `bytes`")
}

// byteSize is a flag of a positive number of bytes.
type byteSize int64

// String prints the size.
func (b *byteSize) String() string {
	if b == nil {
		return "0"
	}
	return strconv.FormatInt(int64(*b), 10)
}

// Set parses v; zero and negative sizes are refused.
func (b *byteSize) Set(v string) error {
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return errors.New("want a number of bytes")
	}
	if n <= 0 {
		return errors.New("want a positive number of bytes")
	}
	*b = byteSize(n)
	return nil
}

// options turns the flags into load options, reading the synonyms file.
func (k *kbFlags) options() (knowledge.Options, error) {
	return kbOptions(k.baseURL, k.synonyms, k.noSyn, k.maxSize)
}

// kbOptions makes load options, reading the synonyms file (again on every
// call, so a reload picks up its edits).
func kbOptions(baseURL, synonyms string, noGeneral bool, maxSize int64) (knowledge.Options, error) {
	opts := knowledge.Options{BaseURL: baseURL, MaxFileSize: maxSize, NoGeneralSynonyms: noGeneral}
	if synonyms != "" {
		syn, err := readSynonyms(synonyms)
		if err != nil {
			return opts, err
		}
		opts.Synonyms = syn
	}
	return opts, nil
}

// load loads the knowledge base the flags name, with their options as
// tune changes them.
func (k *kbFlags) load(ctx context.Context, tune ...func(*knowledge.Options)) (*knowledge.Base, error) {
	opts, err := k.options()
	if err != nil {
		return nil, err
	}
	if k.minConf != nil && float64(*k.minConf) != knowledge.DefaultThresholds.MinConfidence {
		t := knowledge.DefaultThresholds
		t.MinConfidence = float64(*k.minConf)
		opts.Thresholds = &t
	}
	for _, f := range tune {
		f(&opts)
	}
	return loadKB(ctx, k.kbs, opts)
}

// noSections says why base, loaded from k's folders, cannot answer
// anything when it has no sections, and is nil when it has some.
func (k *kbFlags) noSections(base *knowledge.Base) error {
	if len(base.Sections()) > 0 {
		return nil
	}
	return fmt.Errorf("the knowledge base %s has no sections (%d files read; only .md and .txt are used; run kbbot check)", strings.Join(k.kbs, ", "), base.Files())
}

// printWarnings prints the load warnings worth a reader's attention.
func printWarnings(e *env, base *knowledge.Base) {
	for _, w := range base.Warnings() {
		if w.Severity >= knowledge.Warn {
			fmt.Fprintf(e.stderr, "kbbot: %s\n", console.Clean(w.String()))
		}
	}
}

// kbSources turns --kb arguments (folders or files) into sources. A
// folder or file named again (docs and ./docs/) is read once: twice, each
// section would be in the base twice.
func kbSources(kbs []string) ([]knowledge.Source, error) {
	var srcs []knowledge.Source
	var seen []os.FileInfo
	for _, p := range kbs {
		info, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("knowledge base %s: %w", p, err)
		}
		if slices.ContainsFunc(seen, func(fi os.FileInfo) bool { return os.SameFile(fi, info) }) {
			continue
		}
		seen = append(seen, info)
		if info.IsDir() {
			srcs = append(srcs, knowledge.Source{Name: p, FS: knowledge.DirFS(p)})
			continue
		}
		srcs = append(srcs, knowledge.Source{Name: p, FS: knowledge.DirFS(filepath.Dir(p)), File: filepath.Base(p)})
	}
	return srcs, nil
}

// loadKB loads the knowledge bases named by kbs, or the embedded default
// when kbs is empty.
func loadKB(ctx context.Context, kbs []string, opts knowledge.Options) (*knowledge.Base, error) {
	if len(kbs) == 0 {
		return knowledge.Default(ctx, opts)
	}
	srcs, err := kbSources(kbs)
	if err != nil {
		return nil, err
	}
	return knowledge.Load(ctx, opts, srcs...)
}

// cmdFlags is a subcommand's flag set with its synopsis.
type cmdFlags struct {
	*flag.FlagSet
	synopsis string
}

// newFlags makes a subcommand's flag set. parseFlags reports errors in
// one line each; --help prints the synopsis and the flags.
func newFlags(name, synopsis string) cmdFlags {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return cmdFlags{fs, synopsis}
}

// parseFlags parses args. When it returns ok false, the command exits
// with code: 0 after --help, 2 with a one-line reason on standard error
// for a usage error.
func (fs cmdFlags) parse(e *env, args []string) (pos []string, code int, ok bool) {
	pos, err := parseArgs(fs.FlagSet, args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprintln(e.stdout, fs.synopsis)
		fmt.Fprintln(e.stdout, "\nFlags:")
		fs.SetOutput(e.stdout)
		fs.PrintDefaults()
		return nil, 0, false
	case err != nil:
		fmt.Fprintf(e.stderr, "kbbot %s: %v (run 'kbbot %s --help')\n", fs.Name(), err, fs.Name())
		return nil, 2, false
	}
	return pos, 0, true
}

// parseNoArgs parses args for a command that takes no positional
// arguments; hint, when not empty, follows the reason in parentheses.
func (fs cmdFlags) parseNoArgs(e *env, args []string, hint string) (code int, ok bool) {
	pos, code, ok := fs.parse(e, args)
	if !ok {
		return code, false
	}
	if len(pos) > 0 {
		if hint != "" {
			hint = " (" + hint + ")"
		}
		fmt.Fprintf(e.stderr, "kbbot %s: unexpected argument %q%s\n", fs.Name(), pos[0], hint)
		return 2, false
	}
	return 0, true
}

// parseArgs parses flags that may come before or after the positional
// arguments ("kbbot ask QUESTION --json"). A lone "-" is positional; "--"
// ends the flags.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" { // Parse took the "--"
			return append(pos, rest...), nil
		}
		args = rest
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}
