package discord

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"
)

// interactions serves Discord's HTTP interactions endpoint. Nothing is
// parsed before the Ed25519 signature over timestamp+body is verified and
// the timestamp found recent (401 otherwise). PING gets PONG; commands and
// buttons are acknowledged in the response and finished in the background.
func (a *Adapter) interactions(b answerer) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p := recover(); p != nil {
				a.log.Error("discord: panic in interactions endpoint", "panic", p, "stack", string(debug.Stack()))
				a.count("panic")
				http.Error(w, "internal error", http.StatusInternalServerError)
			}
		}()
		reject := func(status int, reason string) {
			a.log.Warn("discord: interaction rejected", "status", status, "reason", reason, "remote", r.RemoteAddr)
			a.count("http")
			http.Error(w, reason, status)
		}
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			reject(http.StatusMethodNotAllowed, "method not allowed: use POST")
			return
		}
		sig, ts := r.Header.Get("X-Signature-Ed25519"), r.Header.Get("X-Signature-Timestamp")
		if sig == "" || ts == "" {
			reject(http.StatusUnauthorized, "missing signature headers")
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, a.maxBody))
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				reject(http.StatusRequestEntityTooLarge, fmt.Sprintf("request body over %d bytes", a.maxBody))
				return
			}
			reject(http.StatusBadRequest, "cannot read request body")
			return
		}
		if err := a.verify(sig, ts, body); err != nil {
			reject(http.StatusUnauthorized, err.Error())
			return
		}
		i, err := parseInteraction(body)
		if err != nil {
			reject(http.StatusBadRequest, err.Error())
			return
		}
		if i.Type == discordgo.InteractionApplicationCommand && !a.allowed(i.GuildID, i.ChannelID) {
			a.noteChannel(i, body) // only a slash command outside a listed channel asks for its parent
		}
		ctx := context.WithoutCancel(r.Context())
		p, err := a.plan(r.Context(), b, i)
		if err != nil {
			reject(http.StatusBadRequest, err.Error())
			return
		}
		if p.resp == nil {
			reject(http.StatusConflict, "interaction already handled")
			return
		}
		out, err := json.Marshal(p.resp)
		if err != nil {
			p.drop()
			a.log.Error("discord: encode interaction response", "interaction", i.ID, "err", err)
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		if _, err := w.Write(out); err != nil {
			a.log.Warn("discord: write interaction response", "interaction", i.ID, "err", err)
		}
		if p.work != nil {
			go p.work(ctx)
		}
	})
}

// verify checks the request signature, then the timestamp's age.
func (a *Adapter) verify(sig, ts string, body []byte) error {
	raw, err := hex.DecodeString(sig)
	if err != nil || len(raw) != ed25519.SignatureSize {
		return errors.New("invalid request signature")
	}
	msg := make([]byte, 0, len(ts)+len(body))
	msg = append(append(msg, ts...), body...)
	if !ed25519.Verify(a.key, msg, raw) {
		return errors.New("invalid request signature")
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return errors.New("invalid request timestamp")
	}
	if age := a.now().Sub(time.Unix(sec, 0)); age > a.maxSkew || age < -a.maxSkew {
		return fmt.Errorf("stale request timestamp (%s off)", age.Round(time.Second))
	}
	return nil
}

// noteChannel remembers, from the channel object an HTTP interaction
// carries (discordgo does not keep it), which channel its thread belongs to.
func (a *Adapter) noteChannel(i *discordgo.Interaction, body []byte) {
	var v struct {
		Channel *discordgo.Channel `json:"channel"`
	}
	if a.allow == nil || json.Unmarshal(body, &v) != nil || v.Channel == nil || v.Channel.ID != i.ChannelID || i.ChannelID == "" {
		return
	}
	parent := ""
	if v.Channel.IsThread() {
		parent = v.Channel.ParentID
	}
	a.parents.put(i.ChannelID, parent)
}

// parseInteraction decodes a verified interaction and checks it carries
// what kbbot needs. Errors say what is wrong, safe to show the sender.
func parseInteraction(body []byte) (*discordgo.Interaction, error) {
	var i discordgo.Interaction
	if err := json.Unmarshal(body, &i); err != nil {
		return nil, fmt.Errorf("bad interaction: malformed JSON: %v", err)
	}
	switch i.Type {
	case discordgo.InteractionPing:
		return &i, nil
	case discordgo.InteractionApplicationCommand, discordgo.InteractionApplicationCommandAutocomplete:
		d, ok := i.Data.(discordgo.ApplicationCommandInteractionData)
		if !ok || d.Name == "" {
			return nil, errors.New("bad interaction: command interaction without a command name")
		}
	case discordgo.InteractionMessageComponent:
		d, ok := i.Data.(discordgo.MessageComponentInteractionData)
		if !ok || d.CustomID == "" {
			return nil, errors.New("bad interaction: component interaction without a custom_id")
		}
	default:
		return nil, fmt.Errorf("bad interaction: unsupported interaction type %d", int(i.Type))
	}
	if i.ID == "" || i.Token == "" || i.AppID == "" {
		return nil, errors.New("bad interaction: missing id, token or application_id")
	}
	return &i, nil
}
