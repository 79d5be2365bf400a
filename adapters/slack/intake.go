package slack

import "github.com/slack-go/slack"

// The intake is what HTTP mode (http.go) and Socket Mode (socket.go) share
// once a request is parsed: build the job, drop what is not for the bot,
// queue the rest and tell the user when that fails. The callers only turn
// the result into their answer to Slack (a status and body, or an ack).

// takeEvent takes an event_callback. retry is the redelivery count as the
// transport gives it, nil on a first delivery, and reason why Slack
// delivered it again. A malformed event returns malformed and the error.
func (a *Adapter) takeEvent(env envelope, ans answerer, retry any, reason string) (outcome, error) {
	j, ignore, err := a.eventJob(env)
	switch {
	case err != nil:
		return malformed, err
	case ignore != "":
		a.log.Debug("slack: event ignored", "event_id", env.EventID, "reason", ignore)
		return ignored, nil
	}
	if retry != nil {
		a.log.Info("slack: event redelivered", "event_id", env.EventID, "retry", retry, "reason", reason)
	}
	o := a.accept(j, ans)
	if o == full {
		a.tellBusy(j)
	}
	return o, nil
}

// takeCommand takes an /ask. notice, when not "", is the ephemeral text
// to answer with at once: the channel is not allowed, or the command could
// not be queued (full, or shutting down: a command is never redelivered).
func (a *Adapter) takeCommand(cmd slack.SlashCommand, ans answerer) (notice string, err error) {
	j, notHere, err := a.commandJob(cmd)
	switch {
	case err != nil:
		return "", err
	case notHere:
		return word(langOf(cmd.Text), "notHere"), nil
	}
	if o := a.accept(j, ans); o == full || o == stopping {
		return word(j.lang, "busy"), nil
	}
	return "", nil
}

// takeAction takes a button press. A malformed one returns malformed and
// the error.
func (a *Adapter) takeAction(ic slack.InteractionCallback, ans answerer) (outcome, error) {
	j, ignore, err := a.actionJob(ic)
	switch {
	case err != nil:
		return malformed, err
	case ignore != "":
		a.log.Debug("slack: interaction ignored", "reason", ignore)
		return ignored, nil
	}
	o := a.accept(j, ans)
	if o == full {
		a.tellBusy(j)
	}
	return o, nil
}
