package main

import (
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/kbbot/kbbot/bot"
)

// routes mounts the adapters' routes and the operational ones on one mux.
func (s *server) routes(b *bot.Bot) (*http.ServeMux, error) {
	mux := http.NewServeMux()
	taken := map[string]string{}
	for _, a := range s.adapters {
		for path, h := range a.routes(b) {
			if other, ok := taken[path]; ok {
				return nil, fmt.Errorf("%s and %s both want %s", other, a.platform, path)
			}
			taken[path] = a.platform
			mux.Handle(path, http.MaxBytesHandler(h, maxEventBody))
			s.mounted = append(s.mounted, path)
		}
	}
	sort.Strings(s.mounted)
	s.mounted = append(s.mounted, "/healthz", "/readyz", "/metrics")
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", s.readyz)
	mux.Handle("GET /metrics", s.metrics.handler())
	return mux, nil
}

// readyz answers 200 when the knowledge base is loaded and every adapter
// is connected, 503 otherwise; the body says which part is not ready.
func (s *server) readyz(w http.ResponseWriter, r *http.Request) {
	var lines []string
	ready := !s.stopping.Load()
	if !ready {
		lines = append(lines, "server: shutting down")
	}
	if kb := s.live.Base(); kb == nil {
		ready = false
		lines = append(lines, "knowledge: not loaded")
	} else {
		line := fmt.Sprintf("knowledge: ok (%d sections)", len(kb.Sections()))
		if err := s.reloader.lastError(); err != "" {
			line += "; the last reload failed, serving the one before: " + err
		}
		lines = append(lines, line)
	}
	for _, a := range s.adapters {
		mode := a.mode()
		if st := a.state(); st != "" {
			mode += "; " + st // "gateway+http; gateway not connected": ready, by HTTP
		}
		state := "ok (" + mode + ")"
		if !a.ready() {
			ready = false
			state = "not ready (" + mode + ")"
		}
		lines = append(lines, a.platform+": "+state)
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if !ready {
		w.WriteHeader(http.StatusServiceUnavailable)
	}
	fmt.Fprintln(w, strings.Join(lines, "\n"))
}
