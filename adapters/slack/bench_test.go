package slack

import (
	"bytes"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// loadResult is what a load run measured.
type loadResult struct {
	events    int           // distinct events sent (each tenth sent twice)
	elapsed   time.Duration // first request to last answer
	p50, p99  time.Duration // time to ack
	p90, max  time.Duration
	perSecond float64 // events answered per second
}

func (r loadResult) String() string {
	return fmt.Sprintf("%d events in %v: %.0f events/s, ack p50 %v p90 %v p99 %v max %v",
		r.events, r.elapsed.Round(time.Millisecond), r.perSecond, r.p50, r.p90, r.p99, r.max)
}

// load is one load run: n events from senders goroutines at rate events
// per second (0: as fast as they go), answered by ans.
type load struct {
	n, senders int
	rate       float64
	queue      int // QueueSize; 0 = the default
	ans        answerer
}

// runLoad drives /slack/events over loopback HTTP with signed app_mention
// events (every tenth delivered twice, as Slack retries), answered through
// a local fake Web API, and checks that every event was answered exactly
// once: none dropped as busy, none doubled.
func runLoad(tb testing.TB, l load) loadResult {
	tb.Helper()
	n, senders, ans := l.n, l.senders, l.ans
	api := newFakeAPI(tb)
	api.light = true
	wk, _ := strconv.Atoi(os.Getenv("KBBOT_WORKERS"))
	ta := newTestAdapter(tb, api, Config{QueueSize: l.queue, Workers: wk})
	ta.Adapter.log = slog.New(slog.DiscardHandler)
	ta.start(tb, ans)
	mux := http.NewServeMux()
	for path, h := range ta.routes(ans) {
		mux.Handle(path, h)
	}
	srv := httptest.NewServer(mux)
	tb.Cleanup(srv.Close)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: senders}}
	tb.Cleanup(client.CloseIdleConnections)

	send := func(body []byte, retry bool) (time.Duration, error) {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+PathEvents, bytes.NewReader(body))
		req.GetBody = nil // as before: no silent resend on a stale keep-alive connection; its error fails the run
		ts := strconv.FormatInt(time.Now().Unix(), 10)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Slack-Request-Timestamp", ts)
		req.Header.Set("X-Slack-Signature", "v0="+signature(testSecret, ts, body))
		if retry {
			req.Header.Set("X-Slack-Retry-Num", "1")
		}
		start := time.Now()
		resp, err := client.Do(req)
		d := time.Since(start)
		if err != nil {
			return d, err
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			return d, fmt.Errorf("status %d", resp.StatusCode)
		}
		return d, nil
	}
	if b, ok := tb.(*testing.B); ok {
		b.ResetTimer()
	}
	var next atomic.Int64
	acks := make([][]time.Duration, senders)
	var wg sync.WaitGroup
	start := time.Now()
	for s := range senders {
		wg.Go(func() {
			for {
				i := int(next.Add(1))
				if i > n {
					return
				}
				if l.rate > 0 { // event i is due at start + i/rate
					time.Sleep(time.Until(start.Add(time.Duration(float64(i) / l.rate * float64(time.Second)))))
				}
				ts := fmt.Sprintf("%d.%06d", 1700000000+i/1000000, i%1000000)
				body := eventBody("Ev"+strconv.Itoa(i), "app_mention", "C1", "", ts, "<@UBOT> question "+strconv.Itoa(i))
				for try := range 1 + btoi(i%10 == 0) {
					d, err := send(body, try > 0)
					if err != nil {
						tb.Errorf("event %d: %v", i, err)
						return
					}
					acks[s] = append(acks[s], d)
				}
			}
		})
	}
	wg.Wait()
	deadline := time.Now().Add(60 * time.Second)
	for api.total.Load() < int64(n) && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	elapsed := time.Since(start)
	time.Sleep(50 * time.Millisecond) // a late duplicate would show now
	if b, ok := tb.(*testing.B); ok {
		b.StopTimer()
	}
	api.mu.Lock()
	answered, twice := len(api.byThread), 0
	for _, k := range api.byThread {
		if k != 1 {
			twice++
		}
	}
	api.mu.Unlock()
	if answered != n || twice != 0 {
		tb.Errorf("answered %d of %d events, %d more than once; want each exactly once", answered, n, twice)
	}
	all := slices.Concat(acks...)
	slices.Sort(all)
	if len(all) == 0 {
		tb.Fatal("no acks")
	}
	return loadResult{
		events: n, elapsed: elapsed,
		p50:       all[len(all)/2],
		p99:       all[min(len(all)-1, len(all)*99/100)],
		p90:       all[len(all)*9/10],
		max:       all[len(all)-1],
		perSecond: float64(n) / elapsed.Seconds(),
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// BenchmarkEventsHTTP reports events/s held and p99 time-to-ack: paced
// at 2,000 and 3,000 events a second with the default queue, and as fast
// as the senders go with a queue deep enough for all (the ceiling). Run it
// with a fixed count:
//
//	go test -run '^$' -bench EventsHTTP -benchtime 20000x ./adapters/slack/
func BenchmarkEventsHTTP(b *testing.B) {
	for _, l := range []load{{rate: 2000}, {rate: 3000}, {rate: 0}} {
		name := "max"
		if l.rate > 0 {
			name = fmt.Sprintf("rate=%.0f", l.rate)
		}
		b.Run(name, func(b *testing.B) {
			l.n, l.senders, l.ans = b.N, 32, &fakeBot{}
			if l.rate == 0 {
				l.queue = b.N + 1
			}
			r := runLoad(b, l)
			b.ReportMetric(r.perSecond, "events/s")
			b.ReportMetric(float64(r.p99.Microseconds())/1000, "p99-ack-ms")
			b.ReportMetric(float64(r.p50.Microseconds())/1000, "p50-ack-ms")
		})
	}
}

// TestEventsHTTPLoad checks exactly-once answers under concurrent load
// (no timing assertions: the benchmark measures speed).
func TestEventsHTTPLoad(t *testing.T) {
	t.Log(runLoad(t, load{n: 1000, senders: 16, rate: 2000, ans: &fakeBot{}}))
}

// TestSoakEventsHTTP is a longer run, only when KBBOT_SOAK is set to the
// number of events (KBBOT_SOAK_RATE events a second, default 2,000):
//
//	KBBOT_SOAK=100000 go test -run Soak -v ./adapters/slack/
func TestSoakEventsHTTP(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("KBBOT_SOAK"))
	if n <= 0 {
		t.Skip("set KBBOT_SOAK=<events> to run the soak test")
	}
	rate, _ := strconv.ParseFloat(os.Getenv("KBBOT_SOAK_RATE"), 64)
	if rate == 0 {
		rate = 2000
	}
	t.Log(runLoad(t, load{n: n, senders: 32, rate: rate, ans: &fakeBot{}}))
}
