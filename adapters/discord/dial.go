package discord

import (
	"context"
	"errors"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// errOpenAbandoned is a gateway connection dialled after its open was
// given up on.
var errOpenAbandoned = errors.New("discord: gateway open abandoned")

// gatewayDialer bounds each gateway open. discordgo's Open reads Hello and
// then READY or RESUMED with no deadline (and gorilla/websocket clears the
// connection's deadlines after its handshake): a gateway, or a proxy, that
// takes the websocket and then says nothing would stall the adapter for
// good, and Open holds the session's lock, so even Close would wait. The
// connection being opened is closed when the open takes longer than
// timeout, or when Run's ctx ends.
type gatewayDialer struct {
	timeout time.Duration // how long one open may take

	mu        sync.Mutex
	conn      net.Conn // the connection the open under way dialled
	abandoned bool     // the open under way was given up on
}

// websocket returns the dialer to put in discordgo.Session.Dialer.
func (g *gatewayDialer) websocket() *websocket.Dialer {
	return &websocket.Dialer{
		Proxy:            http.ProxyFromEnvironment,
		HandshakeTimeout: g.timeout,
		NetDialContext:   g.dial,
	}
}

func (g *gatewayDialer) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	c, err := (&net.Dialer{KeepAlive: 30 * time.Second}).DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.abandoned {
		_ = c.Close()
		return nil, errOpenAbandoned
	}
	g.conn = c
	return c, nil
}

// open runs open (the session's Open) within timeout, closing the
// connection it dials when that runs out or ctx ends, so that open
// returns. Once open has returned, heartbeats tell whether the
// connection lives.
func (g *gatewayDialer) open(ctx context.Context, open func() error) error {
	g.mu.Lock()
	g.conn, g.abandoned = nil, false
	g.mu.Unlock()
	abandon := func() {
		g.mu.Lock()
		defer g.mu.Unlock()
		g.abandoned = true
		if g.conn != nil {
			_ = g.conn.Close()
		}
	}
	timer := time.AfterFunc(g.timeout, abandon)
	stop := context.AfterFunc(ctx, abandon)
	err := open()
	timer.Stop()
	stop()
	return err
}
