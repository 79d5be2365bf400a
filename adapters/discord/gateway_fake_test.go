package discord

import (
	"encoding/json"
	"net/http"
	"sync"
	"testing"

	"github.com/gorilla/websocket"
)

// fakeGateway speaks Discord's gateway protocol on the fake API's /gw/:
// op 10 Hello, then it reads op 2 Identify (or op 6 Resume), then runs the
// script for that connection (READY, dispatches...), answering op 1
// heartbeats with op 11 all along.
type fakeGateway struct {
	t      *testing.T
	script func(c *gwConn)

	mu         sync.Mutex
	identifies []map[string]any
	resumes    []map[string]any
	heartbeats int
	conns      int
}

// gwConn is one client connection to the fake gateway.
type gwConn struct {
	n    int // 1 for the first connection
	ws   *websocket.Conn
	mu   sync.Mutex
	seq  int
	done chan struct{} // closed when the client's side ends
}

func (c *gwConn) send(op int, t string, d any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	m := map[string]any{"op": op, "d": d}
	if op == 0 {
		c.seq++
		m["s"], m["t"] = c.seq, t
	}
	_ = c.ws.WriteJSON(m)
}

// ready sends READY for the bot user "bot1" and application "111".
func (c *gwConn) ready() {
	c.send(0, "READY", map[string]any{"v": 9, "session_id": "sess1",
		"user": map[string]any{"id": "bot1", "username": "kb", "bot": true}, "guilds": []any{},
		"application": map[string]any{"id": "111"}})
}

// dispatch sends an event.
func (c *gwConn) dispatch(t string, d any) { c.send(0, t, d) }

// drop closes the connection abruptly, as a network failure would.
func (c *gwConn) drop() { _ = c.ws.Close() }

func newFakeGateway(t *testing.T, api *fakeAPI, script func(c *gwConn)) *fakeGateway {
	g := &fakeGateway{t: t, script: script}
	up := websocket.Upgrader{}
	api.gw = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ws, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer ws.Close()
		g.mu.Lock()
		g.conns++
		c := &gwConn{n: g.conns, ws: ws, done: make(chan struct{})}
		g.mu.Unlock()
		c.send(10, "", map[string]any{"heartbeat_interval": 100})
		var first struct {
			Op int            `json:"op"`
			D  map[string]any `json:"d"`
		}
		if err := ws.ReadJSON(&first); err != nil {
			return
		}
		g.mu.Lock()
		switch first.Op {
		case 2:
			g.identifies = append(g.identifies, first.D)
		case 6:
			g.resumes = append(g.resumes, first.D)
		default:
			t.Errorf("first client op %d; want 2 or 6", first.Op)
		}
		g.mu.Unlock()
		go func() { // read heartbeats until the client goes
			defer close(c.done)
			for {
				var m map[string]any
				if err := ws.ReadJSON(&m); err != nil {
					return
				}
				if op, _ := m["op"].(float64); op == 1 {
					g.mu.Lock()
					g.heartbeats++
					g.mu.Unlock()
					c.send(11, "", nil)
				}
			}
		}()
		g.script(c)
		<-c.done
	})
	return g
}

func (g *fakeGateway) snapshot() (identifies, resumes []map[string]any, heartbeats, conns int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]map[string]any(nil), g.identifies...), append([]map[string]any(nil), g.resumes...), g.heartbeats, g.conns
}

// event builders

func messageEvent(id, guild, content string, author map[string]any, mentions ...map[string]any) map[string]any {
	m := map[string]any{"id": id, "channel_id": "c1", "content": content, "type": 0, "author": author, "mentions": mentions}
	if guild != "" {
		m["guild_id"] = guild
	}
	return m
}

var (
	alice   = map[string]any{"id": "u1", "username": "alice"}
	botSelf = map[string]any{"id": "bot1", "username": "kb", "bot": true}
	other   = map[string]any{"id": "b2", "username": "otherbot", "bot": true}
)

func interactionEvent(id string) map[string]any {
	var m map[string]any
	_ = json.Unmarshal([]byte(`{"id":"`+id+`","application_id":"111","token":"gtok","type":2,"channel_id":"c1","guild_id":"g1",
		"member":{"user":{"id":"u1"}},"locale":"en-US",
		"data":{"id":"cmd1","name":"ask","type":1,"options":[{"name":"question","type":3,"value":"vpn?"}]}}`), &m)
	return m
}

// waitGateway polls the fake gateway until cond holds.
func waitGateway(t *testing.T, g *fakeGateway, cond func(identifies, resumes []map[string]any, heartbeats, conns int) bool) {
	t.Helper()
	if !poll(func() bool { return cond(g.snapshot()) }) {
		i, r, h, c := g.snapshot()
		t.Fatalf("gateway condition not met: %d identifies, %d resumes, %d heartbeats, %d connections", len(i), len(r), h, c)
	}
}
