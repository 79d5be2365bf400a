// Command kbbot is a knowledge-base answer bot for team chat.
//
// Run "kbbot help" for the commands.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"sort"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// env is what a command gets from the process: streams and environment.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
}

// command is one subcommand of kbbot.
type command struct {
	summary string
	run     func(ctx context.Context, e *env, args []string) int
}

// commands lists the subcommands. Each lives in its own file.
var commands = map[string]command{
	"version":        {"print the version", cmdVersion},
	"ask":            {"answer a question from the knowledge base", cmdAsk},
	"topics":         {"print the knowledge base's table of contents", cmdTopics},
	"check":          {"validate a knowledge base", cmdCheck},
	"calibrate":      {"measure answers on your labelled questions and suggest --min-confidence", cmdCalibrate},
	"serve":          {"run the Slack and Discord bots, with live reload and metrics", cmdServe},
	"chat":           {"chat with the bot in the terminal", cmdChat},
	"gaps":           {"list the questions the knowledge base does not answer well", cmdGaps},
	"stats":          {"print questions per day, share answered, helpful ratio per section", cmdStats},
	"slack-manifest": {"print the Slack app manifest to create the app from", cmdSlackManifest},
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop() // the first signal asks to stop; a second one kills at once
	}()
	e := &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv}
	code := run(ctx, e, os.Args[1:])
	stop()
	os.Exit(code)
}

// run dispatches args to a subcommand and returns the exit status:
// 0 ok, 1 failure, 2 usage error.
func run(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 {
		usage(e.stderr)
		return 2
	}
	name := args[0]
	switch name {
	case "help", "-h", "-help", "--help":
		usage(e.stdout)
		return 0
	}
	c, ok := commands[name]
	if !ok {
		fmt.Fprintf(e.stderr, "kbbot: unknown command %q (run 'kbbot help')\n", name)
		return 2
	}
	out := &outWriter{w: e.stdout}
	ce := *e
	ce.stdout = out
	code := c.run(ctx, &ce, args[1:])
	if code == 0 && out.err != nil { // the output is lost: a script must not take it for success
		fmt.Fprintf(e.stderr, "kbbot %s: write output: %v\n", name, out.err)
		return 1
	}
	return code
}

// outWriter is a command's standard output. It remembers the first
// write error (a full disk, a closed file), which the commands that
// print through a bufio.Writer or fmt.Fprint do not check.
type outWriter struct {
	w   io.Writer
	err error
}

// Write writes p to the underlying writer, keeping the first error.
func (o *outWriter) Write(p []byte) (int, error) {
	n, err := o.w.Write(p)
	if err != nil && o.err == nil {
		o.err = err
	}
	return n, err
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "kbbot answers questions from your team's documents.")
	fmt.Fprintln(w, "\nUsage: kbbot COMMAND [flags] [args]\n\nCommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-15s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'kbbot COMMAND --help' for a command's flags.")
}

func cmdVersion(ctx context.Context, e *env, args []string) int {
	fs := newFlags("version", "Usage: kbbot version\n\nPrints kbbot's version, and the commit it was built from when known.")
	if code, ok := fs.parseNoArgs(e, args, ""); !ok {
		return code
	}
	fmt.Fprintf(e.stdout, "kbbot %s\n", buildVersion())
	return 0
}

// buildVersion is version, or for a development build the commit it was
// built from (when the go command recorded it).
func buildVersion() string {
	if version != "dev" {
		return version
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return version
	}
	rev, dirty := "", false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	switch {
	case rev == "":
		return version
	case dirty:
		return version + " (" + rev + ", modified)"
	}
	return version + " (" + rev + ")"
}
