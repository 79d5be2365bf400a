package main

import (
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// scrape returns the metrics text served by h.
func scrapeMetrics(t *testing.T, m *metrics) string {
	t.Helper()
	rec := httptest.NewRecorder()
	m.handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if rec.Code != 200 {
		t.Fatalf("GET /metrics: got status %d; want 200", rec.Code)
	}
	b, _ := io.ReadAll(rec.Body)
	return string(b)
}

func TestMetrics(t *testing.T) {
	m := newMetrics("v1.2.3")
	m.initPlatform("discord", func() bool { return false })
	m.initPlatform("slack", func() bool { return true })
	m.Question("slack", "answered", 20*time.Millisecond)
	m.Question("slack", "answered", 30*time.Millisecond)
	m.Question("slack", "unanswered", time.Millisecond)
	m.Question("discord", "command", time.Millisecond)
	m.Question("discord", "something-new", time.Millisecond)
	m.Question("slack", "rejected", 0)
	m.Feedback("slack", true)
	m.Feedback("slack", false)
	m.Feedback("slack", false)
	m.AdapterError("slack", "post")
	m.QueueDepth("slack", 7)
	m.Reloaded(true, 150*time.Millisecond, 42, 3)
	m.Reloaded(false, time.Second, 0, 0)

	got := scrapeMetrics(t, m)
	for _, want := range []string{
		`kbbot_questions_total{outcome="answered",platform="slack"} 2`,
		`kbbot_questions_total{outcome="unanswered",platform="slack"} 1`,
		`kbbot_questions_total{outcome="command",platform="discord"} 1`,
		`kbbot_questions_total{outcome="other",platform="discord"} 1`,
		`kbbot_questions_total{outcome="rejected",platform="slack"} 1`,
		`kbbot_questions_total{outcome="answered",platform="discord"} 0`,
		`kbbot_answer_latency_seconds_count{platform="slack"} 3`,
		`kbbot_answer_latency_seconds_bucket{platform="slack",le="0.025"} 2`,
		`kbbot_feedback_total{platform="slack",vote="helpful"} 1`,
		`kbbot_feedback_total{platform="slack",vote="unhelpful"} 2`,
		`kbbot_feedback_total{platform="discord",vote="helpful"} 0`,
		`kbbot_adapter_errors_total{op="post",platform="slack"} 1`,
		`kbbot_queue_depth{platform="slack"} 7`,
		`kbbot_adapter_ready{platform="slack"} 1`,
		`kbbot_adapter_ready{platform="discord"} 0`,
		`kbbot_reloads_total{result="ok"} 1`,
		`kbbot_reloads_total{result="failed"} 1`,
		`kbbot_reload_duration_seconds_count 2`,
		`kbbot_sections 42`,
		`kbbot_kb_warnings 3`,
		`kbbot_build_info{version="v1.2.3"} 1`,
		`go_goroutines `,
	} {
		if !strings.Contains(got, want+"\n") && !(strings.HasSuffix(want, " ") && strings.Contains(got, want)) {
			t.Errorf("metrics lack %q", want)
		}
	}
	if t.Failed() {
		t.Logf("metrics:\n%s", got)
	}
}

func TestMetricsReloadFailedKeepsSections(t *testing.T) {
	m := newMetrics("dev")
	m.Reloaded(true, time.Millisecond, 10, 0)
	m.Reloaded(false, time.Millisecond, 0, 0)
	if got := scrapeMetrics(t, m); !strings.Contains(got, "kbbot_sections 10\n") {
		t.Errorf("after a failed reload: got\n%s\nwant kbbot_sections 10 (the base still served)", got)
	}
}
