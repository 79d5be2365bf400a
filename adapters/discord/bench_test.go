package discord

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"
)

func BenchmarkRenderAnswer(b *testing.B) {
	r := sampleAnswer()
	for b.Loop() {
		p := render(r, renderOpts{private: true})
		if _, err := json.Marshal(p.edit()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHTTPDefer measures the time to the deferred response of /ask
// over HTTP: signature check, parse, de-dup, queue place (the answer
// itself is made afterwards).
func BenchmarkHTTPDefer(b *testing.B) {
	h := newNopHarness(b, Config{Workers: 1})
	h.a.lim = newLimiter(1<<20, 0, nil)
	handler := h.a.interactions(&fakeBot{})
	reqs := make([]*http.Request, b.N)
	for i := range reqs {
		reqs[i] = h.sign(`{"id":"b`+strconv.Itoa(i)+`","application_id":"1","token":"t","type":2,"data":{"name":"ask","options":[{"name":"question","type":3,"value":"vpn?"}]}}`, time.Now())
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, reqs[i])
		if rec.Code != 200 {
			b.Fatalf("status %d %s", rec.Code, rec.Body.String())
		}
	}
}
