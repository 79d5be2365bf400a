package main

import (
	"io"
	"os"

	"github.com/chzyer/readline"
)

// lineEditor gives kbbot chat line editing and history (arrow keys,
// Ctrl-A/E, Ctrl-R) when standard input and output are a terminal. It
// returns the reader to chat over and the prompt the chat itself should
// print ("" when the editor draws it), and a function to release the
// terminal.
func lineEditor(e *env, prompt string) (in io.Reader, chatPrompt string, done func()) {
	stdin, okIn := e.stdin.(*os.File)
	out := e.stdout
	if o, ok := out.(*outWriter); ok {
		out = o.w
	}
	stdout, okOut := out.(*os.File)
	if !okIn || !okOut || !readline.IsTerminal(int(stdin.Fd())) || !readline.IsTerminal(int(stdout.Fd())) {
		return e.stdin, prompt, func() {}
	}
	rl, err := readline.NewEx(&readline.Config{
		Prompt:          prompt,
		HistoryLimit:    500,
		InterruptPrompt: "^C",
		Stdin:           stdin,
		Stdout:          stdout,
		Stderr:          e.stderr,
	})
	if err != nil {
		return e.stdin, prompt, func() {}
	}
	return &editorReader{rl: rl}, "", func() { rl.Close() }
}

// editorReader reads whole lines from the editor, one per Read call that
// finds its buffer empty, so a line is asked for only when the chat wants
// one.
type editorReader struct {
	rl  *readline.Instance
	buf []byte
}

// Read gives the lines the editor reads, each ending in a newline. Ctrl-C
// reads as "quit"; any other error ends the input.
func (r *editorReader) Read(p []byte) (int, error) {
	if len(r.buf) == 0 {
		line, err := r.rl.Readline()
		if err == readline.ErrInterrupt {
			line, err = "quit", nil
		}
		if err != nil {
			return 0, io.EOF
		}
		r.buf = append([]byte(line), '\n')
	}
	n := copy(p, r.buf)
	r.buf = r.buf[n:]
	return n, nil
}
