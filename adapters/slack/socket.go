package slack

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// ackTimeout bounds one Socket Mode ack: the library queues acks while it
// reconnects, and a stuck ack must not stall the event loop.
const ackTimeout = 3 * time.Second

// runSocket keeps a Socket Mode connection up until ctx ends. The library
// reconnects after a dropped websocket by itself; when it gives up (bad
// token, repeated failures) this starts it again after a backoff.
func (a *Adapter) runSocket(ctx context.Context, ans answerer) {
	for attempt := 1; ctx.Err() == nil; attempt++ {
		started := time.Now()
		err := a.socketOnce(ctx, ans)
		a.connected.Store(false)
		if ctx.Err() != nil {
			return
		}
		if time.Since(started) > 5*time.Minute {
			attempt = 1 // it ran for a while: start the backoff over
		}
		wait := a.reconnect.delay(attempt)
		a.cfg.Metrics.AdapterError(platform, "socket")
		a.log.Error("slack: socket mode stopped, starting again", "err", err, "in", wait.Round(time.Millisecond))
		if sleepCtx(ctx, wait) != nil {
			return
		}
	}
}

// socketOnce runs one Socket Mode client until it fails or ctx ends.
func (a *Adapter) socketOnce(ctx context.Context, ans answerer) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	client := socketmode.New(a.client,
		socketmode.OptionLog(slog.NewLogLogger(a.log.Handler(), slog.LevelDebug)))
	errc := make(chan error, 1)
	go func() { errc <- client.RunContext(ctx) }()
	for {
		select {
		case err := <-errc:
			return fmt.Errorf("slack: socket mode: %w", err)
		case evt := <-client.Events:
			a.socketEvent(ctx, client, evt, ans)
		}
	}
}

// socketEvent handles one Socket Mode event; a panic is logged and the
// loop goes on.
func (a *Adapter) socketEvent(ctx context.Context, c *socketmode.Client, evt socketmode.Event, ans answerer) {
	defer func() {
		if r := recover(); r != nil {
			a.cfg.Metrics.AdapterError(platform, "panic")
			a.log.Error("slack: panic handling a socket mode event", "type", evt.Type, "panic", fmt.Sprint(r))
		}
	}()
	switch evt.Type {
	case socketmode.EventTypeConnecting:
		// A (re)connection begins: the old websocket is gone, whether or
		// not an error event said so.
		a.connected.Store(false)
		a.log.Debug("slack: socket mode connecting")
	case socketmode.EventTypeConnected, socketmode.EventTypeHello:
		if !a.connected.Swap(true) {
			a.log.Info("slack: socket mode connected")
		}
	case socketmode.EventTypeDisconnect:
		a.connected.Store(false)
		a.log.Info("slack: socket mode disconnect requested by Slack, reconnecting")
	case socketmode.EventTypeConnectionError:
		a.connected.Store(false)
		a.cfg.Metrics.AdapterError(platform, "socket")
		a.log.Warn("slack: socket mode connection failed", "err", evt.Data)
	case socketmode.EventTypeInvalidAuth:
		a.connected.Store(false)
		a.log.Error("slack: socket mode refused the app token; check SLACK_APP_TOKEN (scope connections:write)")
	case socketmode.EventTypeIncomingError, socketmode.EventTypeErrorWriteFailed:
		a.connected.Store(false)
		a.cfg.Metrics.AdapterError(platform, "socket")
		a.log.Warn("slack: socket mode read or write failed, reconnecting", "err", evt.Data)
	case socketmode.EventTypeErrorBadMessage:
		a.socketBadMessage(ctx, c, evt)
	case socketmode.EventTypeEventsAPI:
		a.socketEventsAPI(ctx, c, evt, ans)
	case socketmode.EventTypeSlashCommand:
		a.socketCommand(ctx, c, evt, ans)
	case socketmode.EventTypeInteractive:
		a.socketInteraction(ctx, c, evt, ans)
	default:
		a.log.Debug("slack: socket mode event ignored", "type", evt.Type)
	}
}

// ack acknowledges an envelope, with an optional response payload.
func (a *Adapter) ack(ctx context.Context, c *socketmode.Client, envelopeID string, payload any) {
	ctx, cancel := context.WithTimeout(ctx, ackTimeout)
	defer cancel()
	if err := c.AckCtx(ctx, envelopeID, payload); err != nil {
		a.cfg.Metrics.AdapterError(platform, "ack")
		a.log.Warn("slack: socket mode ack failed; Slack will deliver again", "envelope", envelopeID, "err", err)
	}
}

func (a *Adapter) socketEventsAPI(ctx context.Context, c *socketmode.Client, evt socketmode.Event, ans answerer) {
	if evt.Request == nil {
		return
	}
	req := evt.Request
	env, err := parseEnvelope(req.Payload)
	if err == nil && env.Type != "event_callback" {
		a.ack(ctx, c, req.EnvelopeID, nil)
		a.log.Debug("slack: events_api payload ignored", "type", env.Type)
		return
	}
	o := malformed
	if err == nil {
		var retry any
		if req.RetryAttempt > 0 {
			retry = req.RetryAttempt
		}
		o, err = a.takeEvent(env, ans, retry, req.RetryReason)
	}
	if o == stopping {
		return // not acked: Slack delivers it again after the restart
	}
	a.ack(ctx, c, req.EnvelopeID, nil) // a malformed one too: redelivery would not help
	if err != nil {
		a.socketRejected("slack: socket mode event rejected", req.EnvelopeID, err)
	}
}

func (a *Adapter) socketCommand(ctx context.Context, c *socketmode.Client, evt socketmode.Event, ans answerer) {
	cmd, ok := evt.Data.(slack.SlashCommand)
	if !ok || evt.Request == nil {
		return
	}
	id := evt.Request.EnvelopeID
	notice, err := a.takeCommand(cmd, ans)
	var payload any // none: the answer follows on response_url
	if notice != "" {
		payload = ephemeralPayload(notice)
	}
	a.ack(ctx, c, id, payload)
	if err != nil {
		a.socketRejected("slack: socket mode command rejected", id, err)
	}
}

func (a *Adapter) socketInteraction(ctx context.Context, c *socketmode.Client, evt socketmode.Event, ans answerer) {
	ic, ok := evt.Data.(slack.InteractionCallback)
	if !ok || evt.Request == nil {
		return
	}
	id := evt.Request.EnvelopeID
	// Acked first, whatever follows: a press refused while shutting down
	// is dropped here, where HTTP mode answers it with 503.
	a.ack(ctx, c, id, nil)
	if _, err := a.takeAction(ic, ans); err != nil {
		a.socketRejected("slack: socket mode interaction rejected", id, err)
	}
}

// socketRejected counts and logs a malformed envelope (already acked).
func (a *Adapter) socketRejected(msg, envelopeID string, err error) {
	a.cfg.Metrics.AdapterError(platform, "parse")
	a.log.Warn(msg, "envelope", envelopeID, "reason", err)
}

// socketBadMessage acks an envelope the library could not parse (an event
// type it does not know, malformed JSON), so Slack stops redelivering it.
func (a *Adapter) socketBadMessage(ctx context.Context, c *socketmode.Client, evt socketmode.Event) {
	a.cfg.Metrics.AdapterError(platform, "parse")
	bad, ok := evt.Data.(*socketmode.ErrorBadMessage)
	if !ok {
		return
	}
	var env struct {
		EnvelopeID string `json:"envelope_id"`
		Type       string `json:"type"`
	}
	_ = json.Unmarshal(bad.Message, &env)
	a.log.Warn("slack: socket mode message not understood", "type", env.Type, "envelope", env.EnvelopeID, "err", bad.Cause)
	if env.EnvelopeID != "" {
		a.ack(ctx, c, env.EnvelopeID, nil)
	}
}

// ephemeralPayload is a slash command response shown to the user only.
func ephemeralPayload(text string) map[string]string {
	return map[string]string{"response_type": "ephemeral", "text": escape(text)}
}
