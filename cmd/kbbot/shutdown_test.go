package main

import (
	"bytes"
	"context"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestShutdownWaitsForAdapterGrace: an adapter gives its answers in
// flight the grace period from when it is stopped, which is after the
// HTTP server's shutdown; serve must wait for it that long, not only for
// what is left of a grace period started at the signal, or it closes the
// store under answers still being posted.
func TestShutdownWaitsForAdapterGrace(t *testing.T) {
	const grace = 300 * time.Millisecond
	var logs bytes.Buffer
	s := &server{cfg: serveConfig{Grace: grace}, log: slog.New(slog.NewTextHandler(&logs, nil))}

	// An HTTP request in flight holds srv.Shutdown for most of the grace.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	inHandler := make(chan struct{})
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(inHandler)
		time.Sleep(200 * time.Millisecond)
	})}
	go srv.Serve(ln)
	go func() {
		if resp, err := http.Get("http://" + ln.Addr().String() + "/"); err == nil {
			resp.Body.Close()
		}
	}()
	<-inHandler

	// The adapter needs most of its own grace once stopped.
	stopped := make(chan adapterExit, 1)
	stopAdapters := func() {
		go func() {
			time.Sleep(grace - 50*time.Millisecond)
			stopped <- adapterExit{a: &platformAdapter{platform: "fake"}}
		}()
	}
	s.shutdown(context.Background(), srv, func() {}, stopAdapters, stopped, 1)
	if out := logs.String(); !strings.Contains(out, "stopped cleanly") || strings.Contains(out, "dropped") {
		t.Errorf("shutdown logged:\n%s\nwant 'stopped cleanly', nothing dropped", out)
	}
}
