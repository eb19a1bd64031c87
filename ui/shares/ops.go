package shares

import (
	"fmt"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"frontdesk/model"
	"frontdesk/ui/components"
	"frontdesk/ui/screen"
)

// actedMsg is a resend or a revoke done, reported to the screen that
// asked; done is the DoneMsg the root then shows.
type actedMsg struct {
	owner any
	done  tea.Msg
}

// resendRefusal is why sh cannot be resent now, "" when it can. The
// permission is checked by the root from the actions' Need.
func resendRefusal(env *screen.Env, sh model.Share, now time.Time) string {
	if sh.State == model.ShareRevoked {
		return "a revoked share cannot be resent: share the document again"
	}
	return ""
}

// revokeRefusal is why sh cannot be revoked now, "" when it can.
func revokeRefusal(env *screen.Env, sh model.Share) string {
	if sh.State == model.ShareRevoked {
		return "this share is revoked already"
	}
	return ""
}

// denied is the refusal of sharing to the acting user, as a command for
// the status line; nil when they may.
func denied(env *screen.Env) tea.Cmd {
	if env.Can(model.PermShare) {
		return nil
	}
	if err := env.User().Deny(model.PermShare); err != nil {
		return screen.Status(screen.Sentence(err.Error()) + ".")
	}
	return nil
}

// what names a share in the status line: the lab result “CBC results”
// with Ann Lee.
func what(sh model.Share) string {
	return model.Printable(fmt.Sprintf("the %s “%s” shared with %s", kindWord(sh.DocumentKind), sh.DocumentTitle, sh.Name))
}

// kindWord is a document's kind inside a sentence: "lab result".
func kindWord(k model.PatientDocKind) string {
	l := k.Label()
	if l == "" {
		return "document"
	}
	return strings.ToLower(l[:1]) + l[1:]
}

// resend gives sh a new link and mails it, through the sharing service.
func resend(env *screen.Env, owner any, sh model.Share) tea.Cmd {
	ctx, svc := env.Ctx, env.SharingService()
	return func() tea.Msg {
		got, err := svc.Resend(ctx, sh.ID)
		switch {
		case err != nil:
			return actedMsg{owner, screen.Done("", fmt.Errorf("%s was not resent: %w", what(sh), err), 0)}
		case got.State == model.ShareNotDelivered:
			return actedMsg{owner, screen.Done("", fmt.Errorf("a new link to %s was not delivered: %s; the old link no longer opens",
				what(sh), got.Reason), 0)}
		}
		return actedMsg{owner, screen.Done(screen.Sentence(fmt.Sprintf("a new link to %s is mailed to %s; the old link no longer opens.",
			what(sh), model.Printable(got.Email))), nil, 0)}
	}
}

// revoke ends sh through the sharing service.
func revoke(env *screen.Env, owner any, sh model.Share) tea.Cmd {
	ctx, svc := env.Ctx, env.SharingService()
	return func() tea.Msg {
		if err := svc.Revoke(ctx, sh.ID); err != nil {
			return actedMsg{owner, screen.Done("", fmt.Errorf("%s was not revoked: %w", what(sh), err), 0)}
		}
		return actedMsg{owner, screen.Done(screen.Sentence(what(sh)+" is revoked: its link no longer opens."), nil, 0)}
	}
}

// revokeConfirm asks before sh is revoked; onYes revokes it.
func revokeConfirm(env *screen.Env, sh model.Share, onYes func() tea.Cmd) *components.Confirm {
	return components.NewConfirm(env.Styles, env.Keys, "Revoke this share?", "revoke", onYes,
		model.Printable(docLabel(sh)+" of "+sh.PatientName+" ("+sh.PatientChart+")"),
		model.Printable("shared with "+sh.Name+" <"+sh.Email+">"),
		"Its link stops working at once; sharing again sends a new one.")
}
