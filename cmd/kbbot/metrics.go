package main

import (
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics exports what kbbot serve does in Prometheus format. It is the
// bot's Observer, the adapters' Metrics and the reloader's observer. Safe
// for concurrent use.
type metrics struct {
	reg *prometheus.Registry

	questions     *prometheus.CounterVec
	latency       *prometheus.HistogramVec
	feedback      *prometheus.CounterVec
	reloads       *prometheus.CounterVec
	reloadSeconds prometheus.Histogram
	lastReload    prometheus.Gauge
	sections      prometheus.Gauge
	warnings      prometheus.Gauge
	adapterErrors *prometheus.CounterVec
	queueDepth    *prometheus.GaugeVec
}

// outcomes are the question outcomes bot.Observer reports; anything else
// is counted as "other" so a label can never grow without bound.
var outcomes = map[string]bool{"answered": true, "unanswered": true, "command": true, "rejected": true}

// newMetrics registers kbbot's metrics, with Go runtime and process
// metrics, on a registry of their own.
func newMetrics(version string) *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		questions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kbbot_questions_total",
			Help: "Questions handled, by platform and outcome (answered, unanswered, command, rejected).",
		}, []string{"platform", "outcome"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "kbbot_answer_latency_seconds",
			Help:    "Time from receiving a question to having its reply, by platform.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"platform"}),
		feedback: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kbbot_feedback_total",
			Help: "Votes on answers, by platform and vote (helpful, unhelpful).",
		}, []string{"platform", "vote"}),
		reloads: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kbbot_reloads_total",
			Help: "Knowledge-base loads, by result (ok, failed); the first load counts.",
		}, []string{"result"}),
		reloadSeconds: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "kbbot_reload_duration_seconds",
			Help:    "Time to load the knowledge base and build its index.",
			Buckets: []float64{.01, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}),
		lastReload: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "kbbot_last_reload_success_timestamp_seconds",
			Help: "Unix time of the last knowledge-base load that succeeded.",
		}),
		sections: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "kbbot_sections",
			Help: "Sections in the knowledge base being served.",
		}),
		warnings: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "kbbot_kb_warnings",
			Help: "Warnings found while loading the knowledge base being served.",
		}),
		adapterErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kbbot_adapter_errors_total",
			Help: "Errors in the chat adapters, by platform and operation.",
		}, []string{"platform", "op"}),
		queueDepth: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "kbbot_queue_depth",
			Help: "Events waiting for an answer worker, by platform.",
		}, []string{"platform"}),
	}
	info := prometheus.NewGauge(prometheus.GaugeOpts{
		Name:        "kbbot_build_info",
		Help:        "Always 1; the version label says which kbbot is running.",
		ConstLabels: prometheus.Labels{"version": version},
	})
	info.Set(1)
	m.reg.MustRegister(m.questions, m.latency, m.feedback, m.reloads, m.reloadSeconds,
		m.lastReload, m.sections, m.warnings, m.adapterErrors, m.queueDepth, info,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.reloads.WithLabelValues("ok")
	m.reloads.WithLabelValues("failed")
	return m
}

// initPlatform makes a platform's series appear at zero before its first
// event, so rates and alerts work from the start, and exports ready() as
// kbbot_adapter_ready.
func (m *metrics) initPlatform(platform string, ready func() bool) {
	for o := range outcomes {
		m.questions.WithLabelValues(platform, o)
	}
	m.feedback.WithLabelValues(platform, "helpful")
	m.feedback.WithLabelValues(platform, "unhelpful")
	m.queueDepth.WithLabelValues(platform)
	// A second call for the same platform is a programming error.
	m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name:        "kbbot_adapter_ready",
		Help:        "1 when the adapter is connected and taking events, by platform.",
		ConstLabels: prometheus.Labels{"platform": platform},
	}, func() float64 {
		if ready() {
			return 1
		}
		return 0
	}))
}

// handler serves the metrics.
func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// Question counts a question and observes its latency (bot.Observer).
func (m *metrics) Question(platform, outcome string, latency time.Duration) {
	if !outcomes[outcome] {
		outcome = "other"
	}
	m.questions.WithLabelValues(platform, outcome).Inc()
	if outcome != "rejected" {
		m.latency.WithLabelValues(platform).Observe(latency.Seconds())
	}
}

// Feedback counts a vote (bot.Observer).
func (m *metrics) Feedback(platform string, helpful bool) {
	vote := "unhelpful"
	if helpful {
		vote = "helpful"
	}
	m.feedback.WithLabelValues(platform, vote).Inc()
}

// AdapterError counts an adapter's failed operation (adapters' Metrics).
func (m *metrics) AdapterError(platform, op string) {
	m.adapterErrors.WithLabelValues(platform, op).Inc()
}

// QueueDepth records how many events wait in an adapter (adapters' Metrics).
func (m *metrics) QueueDepth(platform string, n int) {
	m.queueDepth.WithLabelValues(platform).Set(float64(n))
}

// Reloaded records a knowledge-base load (reloadObserver).
func (m *metrics) Reloaded(ok bool, took time.Duration, sections, warnings int) {
	m.reloadSeconds.Observe(took.Seconds())
	if !ok {
		m.reloads.WithLabelValues("failed").Inc()
		return
	}
	m.reloads.WithLabelValues("ok").Inc()
	m.lastReload.Set(float64(time.Now().UnixNano()) / 1e9)
	m.sections.Set(float64(sections))
	m.warnings.Set(float64(warnings))
}
