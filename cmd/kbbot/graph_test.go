package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The import rules of DESIGN.md ("Which package may import which"):
//
//	cmd/kbbot   -> everything below
//	adapters/*  -> bot (and their platform SDK); never knowledge, never each other
//	bot         -> knowledge, stdlib, storage driver
//	knowledge   -> stdlib and text libraries only; no chat SDK, no storage

// listedPackage is the part of `go list -json` output the rules need.
type listedPackage struct {
	ImportPath                string
	Imports, Deps             []string
	TestImports, XTestImports []string
	Error                     *struct{ Err string }
}

// chatSDKs and storage are module path prefixes the core must not depend on.
var (
	chatSDKs = []string{"github.com/slack-go/slack", "github.com/bwmarrin/discordgo"}
	storage  = []string{"database/sql", "modernc.org/sqlite", "github.com/mattn/go-sqlite3"}
)

// under reports whether import path p is prefix or inside it.
func pathUnder(p, prefix string) bool {
	return p == prefix || strings.HasPrefix(p, prefix+"/")
}

func anyPathUnder(p string, prefixes []string) bool {
	return slices.ContainsFunc(prefixes, func(x string) bool { return pathUnder(p, x) })
}

// adapterOf returns the adapter an import path belongs to ("slack" for
// M/adapters/slack/internal/x), or "".
func adapterOf(module, p string) string {
	rest, ok := strings.CutPrefix(p, module+"/adapters/")
	if !ok {
		return ""
	}
	name, _, _ := strings.Cut(rest, "/")
	return name
}

// checkGraph returns one line per broken rule.
func checkGraph(module string, pkgs []listedPackage) []string {
	var bad []string
	report := func(p listedPackage, dep, why string) {
		bad = append(bad, p.ImportPath+" -> "+dep+": "+why)
	}
	for _, p := range pkgs {
		switch {
		case adapterOf(module, p.ImportPath) != "":
			me := adapterOf(module, p.ImportPath)
			for _, d := range p.Imports {
				if pathUnder(d, module+"/knowledge") {
					report(p, d, "adapters never import knowledge (go through bot)")
				}
			}
			tests := append(append([]string(nil), p.TestImports...), p.XTestImports...)
			for _, d := range append(append([]string(nil), p.Deps...), tests...) {
				if other := adapterOf(module, d); other != "" && other != me {
					report(p, d, "adapters never import each other")
				}
				if pathUnder(d, module+"/cmd") {
					report(p, d, "nothing imports cmd")
				}
			}
		case pathUnder(p.ImportPath, module+"/bot"):
			for _, d := range p.Deps {
				switch {
				case pathUnder(d, module+"/adapters"):
					report(p, d, "bot never imports an adapter")
				case anyPathUnder(d, chatSDKs):
					report(p, d, "bot never imports a chat SDK")
				case pathUnder(d, module+"/cmd"):
					report(p, d, "nothing imports cmd")
				}
			}
		case pathUnder(p.ImportPath, module+"/knowledge"):
			for _, d := range p.Deps {
				switch {
				case pathUnder(d, module+"/bot"), pathUnder(d, module+"/adapters"), pathUnder(d, module+"/cmd"):
					report(p, d, "knowledge imports only stdlib and text libraries")
				case anyPathUnder(d, chatSDKs):
					report(p, d, "knowledge never imports a chat SDK")
				case anyPathUnder(d, storage):
					report(p, d, "knowledge never imports storage")
				}
			}
		}
	}
	return bad
}

func TestGraphRules(t *testing.T) {
	const m = "example.com/kb"
	tests := []struct {
		name string
		pkg  listedPackage
		want string // substring of the one violation; "" for none
	}{
		{"adapter imports bot", listedPackage{ImportPath: m + "/adapters/slack",
			Imports: []string{m + "/bot"}, Deps: []string{m + "/bot", m + "/knowledge"}}, ""},
		{"adapter imports knowledge", listedPackage{ImportPath: m + "/adapters/slack",
			Imports: []string{m + "/knowledge/text"}}, "adapters never import knowledge"},
		{"adapter sub-package imports sibling adapter", listedPackage{ImportPath: m + "/adapters/slack/internal/render",
			Deps: []string{m + "/adapters/discord"}}, "adapters never import each other"},
		{"adapter imports its own sub-package", listedPackage{ImportPath: m + "/adapters/slack",
			Deps: []string{m + "/adapters/slack/internal/render"}}, ""},
		{"adapter test imports another adapter", listedPackage{ImportPath: m + "/adapters/console",
			XTestImports: []string{m + "/adapters/slack"}}, "adapters never import each other"},
		{"bot imports adapter", listedPackage{ImportPath: m + "/bot",
			Deps: []string{m + "/adapters/console"}}, "bot never imports an adapter"},
		{"bot sub-package imports a chat SDK", listedPackage{ImportPath: m + "/bot/sqlite",
			Deps: []string{"github.com/slack-go/slack/slackevents"}}, "bot never imports a chat SDK"},
		{"bot store imports storage", listedPackage{ImportPath: m + "/bot/sqlite",
			Deps: []string{"database/sql", "modernc.org/sqlite"}}, ""},
		{"knowledge imports bot", listedPackage{ImportPath: m + "/knowledge",
			Deps: []string{m + "/bot"}}, "knowledge imports only stdlib"},
		{"knowledge imports discordgo", listedPackage{ImportPath: m + "/knowledge",
			Deps: []string{"github.com/bwmarrin/discordgo"}}, "knowledge never imports a chat SDK"},
		{"knowledge imports sqlite", listedPackage{ImportPath: m + "/knowledge/index",
			Deps: []string{"modernc.org/sqlite/lib"}}, "knowledge never imports storage"},
		{"knowledge imports text libraries", listedPackage{ImportPath: m + "/knowledge",
			Deps: []string{"golang.org/x/text/unicode/norm", "github.com/yuin/goldmark"}}, ""},
		{"a prefix is not a parent", listedPackage{ImportPath: m + "/knowledgebase",
			Deps: []string{m + "/bot"}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := checkGraph(m, []listedPackage{tt.pkg})
			switch {
			case tt.want == "" && len(got) > 0:
				t.Errorf("got violations %q; want none", got)
			case tt.want != "" && (len(got) != 1 || !strings.Contains(got[0], tt.want)):
				t.Errorf("got violations %q; want one saying %q", got, tt.want)
			}
		})
	}
}

// TestGraph checks the real import graph of the module with go list.
func TestGraph(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command on the PATH")
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("go", "list", "-m", "-json").Output()
	if err != nil {
		t.Fatalf("go list -m: %v", err)
	}
	var mod struct{ Path string }
	if err := json.Unmarshal(out, &mod); err != nil {
		t.Fatalf("go list -m: %v", err)
	}
	// -e lists packages that do not compile yet: the rules need imports only.
	cmd := exec.Command("go", "list", "-e", "-json", "./...")
	cmd.Dir = root
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err = cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	var pkgs []listedPackage
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p listedPackage
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("go list output: %v", err)
		}
		pkgs = append(pkgs, p)
	}
	var seen []string
	for _, p := range pkgs {
		if p.Error != nil {
			t.Errorf("go list %s: %s", p.ImportPath, p.Error.Err)
		}
		seen = append(seen, strings.TrimPrefix(p.ImportPath, mod.Path+"/"))
	}
	for _, want := range []string{"knowledge", "bot", "cmd/kbbot"} {
		if !slices.Contains(seen, want) {
			t.Fatalf("go list did not list %s (got %q): the test would check nothing", want, seen)
		}
	}
	for _, v := range checkGraph(mod.Path, pkgs) {
		t.Error(v)
	}
}
