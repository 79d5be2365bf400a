package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// decodeYAML decodes the config file data onto c. Unknown keys and values
// of the wrong type are errors that name the key, the file and line, and
// the problem. It returns the line of every key set by the file.
func decodeYAML(name string, data []byte, c *serveConfig) (map[string]int, error) {
	lines := map[string]int{}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("config: %s: %w", name, err)
	}
	if len(root.Content) == 0 {
		return lines, nil // empty file: all defaults
	}
	doc := root.Content[0]
	if doc.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("config: %s:%d: want keys like \"addr: 127.0.0.1:8080\" at the top level, found %s",
			name, doc.Line, nodeKind(doc))
	}
	var errs configErrors
	walkKeys(name, doc, reflect.TypeOf(*c), "", lines, &errs)
	if len(errs) > 0 {
		return nil, errs
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(c); err != nil && !errors.Is(err, io.EOF) {
		var te *yaml.TypeError
		if !errors.As(err, &te) {
			return nil, fmt.Errorf("config: %s: %w", name, err)
		}
		byLine := map[int]string{}
		for k, l := range lines {
			if old, ok := byLine[l]; !ok || len(k) > len(old) {
				byLine[l] = k
			}
		}
		for _, msg := range te.Errors {
			errs = append(errs, typeError(name, msg, byLine))
		}
		return nil, errs
	}
	return lines, nil
}

// walkKeys checks the keys of mapping node n against the yaml tags of t
// and records each key's line under its dotted path.
func walkKeys(file string, n *yaml.Node, t reflect.Type, prefix string, lines map[string]int, errs *configErrors) {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	switch {
	case t.Kind() == reflect.Map:
		if n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				lines[prefix+"."+n.Content[i].Value] = n.Content[i].Line
			}
		}
		return
	case n.Kind == yaml.ScalarNode && n.ShortTag() == "!!float" && isIntKind(t.Kind()):
		// yaml.v3 decodes 1.5 into an int as 1, and 0.5 as 0, silently.
		want := "a whole number"
		if t == reflect.TypeOf(time.Duration(0)) {
			want = `a duration like "300ms" or "1m"`
		}
		*errs = append(*errs, &configError{prefix, fmt.Sprintf("%s:%d", file, n.Line), fmt.Sprintf("want %s, got %s", want, n.Value)})
		return
	case n.Kind == yaml.ScalarNode && n.ShortTag() == "!!int" && t == reflect.TypeOf(time.Duration(0)) && n.Value != "0":
		// yaml.v3 reads a bare 10 as 10ns: "shutdown_grace: 10" would not wait.
		*errs = append(*errs, &configError{prefix, fmt.Sprintf("%s:%d", file, n.Line),
			fmt.Sprintf(`want a duration like "300ms" or "1m", got %s with no unit`, n.Value)})
		return
	case t.Kind() != reflect.Struct || n.Kind != yaml.MappingNode:
		return // scalars, lists, and type mismatches the decoder reports
	}
	fields := yamlFields(t)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		path := k.Value
		if prefix != "" {
			path = prefix + "." + k.Value
		}
		f, ok := fields[k.Value]
		if !ok {
			*errs = append(*errs, &configError{path, fmt.Sprintf("%s:%d", file, k.Line), unknownKey(k.Value, fields)})
			continue
		}
		lines[path] = k.Line
		walkKeys(file, v, f, path, lines, errs)
	}
}

// isIntKind reports whether k is a signed or unsigned integer kind
// (time.Duration included).
func isIntKind(k reflect.Kind) bool {
	return (k >= reflect.Int && k <= reflect.Int64) || (k >= reflect.Uint && k <= reflect.Uintptr)
}

// yamlFields maps the yaml keys of struct type t to their field types.
func yamlFields(t reflect.Type) map[string]reflect.Type {
	m := map[string]reflect.Type{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if !f.IsExported() || name == "-" || name == "" {
			continue
		}
		m[name] = f.Type
	}
	return m
}

// unknownKey explains an unknown key, suggesting the nearest known one.
func unknownKey(key string, fields map[string]reflect.Type) string {
	known := make([]string, 0, len(fields))
	best, bestD := "", 3
	for k := range fields {
		known = append(known, k)
		if d := editDistance(strings.ToLower(key), k); d < bestD || (d == bestD && k < best) {
			best, bestD = k, d
		}
	}
	sort.Strings(known)
	msg := "unknown key"
	if best != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", best)
	}
	return msg + "; known keys here: " + strings.Join(known, ", ")
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

var typeErrRE = regexp.MustCompile("^line ([0-9]+): cannot unmarshal !!([a-z]+)(?: `(.*)`)? into (.+)$")

// typeError turns one of yaml's unmarshal messages into a configError
// naming the key on that line.
func typeError(file, msg string, byLine map[int]string) *configError {
	m := typeErrRE.FindStringSubmatch(msg)
	if m == nil {
		return &configError{"?", file, msg}
	}
	line, _ := strconv.Atoi(m[1])
	key := byLine[line]
	if key == "" {
		key = "?"
	}
	got := "a " + yamlTagName(m[2])
	if m[3] != "" {
		got = fmt.Sprintf("%q", m[3])
	}
	return &configError{key, fmt.Sprintf("%s:%d", file, line), fmt.Sprintf("want %s, got %s", goTypeName(m[4]), got)}
}

func yamlTagName(tag string) string {
	switch tag {
	case "map":
		return "mapping"
	case "seq":
		return "list"
	case "str":
		return "string"
	case "int", "float":
		return "number"
	}
	return tag
}

func goTypeName(t string) string {
	switch {
	case t == reflect.TypeOf(time.Duration(0)).String():
		return `a duration like "300ms" or "1m"`
	case t == "int":
		return "a whole number"
	case t == "float64":
		return "a number"
	case t == "bool":
		return "true or false"
	case strings.HasPrefix(t, "[]"):
		return "a list"
	case strings.HasPrefix(t, "map["):
		return "a mapping of keys to values"
	case t == "string" || t == "main.secret":
		return "a string"
	case strings.HasPrefix(t, "main."):
		return "a mapping of keys"
	}
	return t
}

func nodeKind(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return fmt.Sprintf("%q", n.Value)
	}
	return "something else"
}
