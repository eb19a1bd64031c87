package model

import "time"

// UserKey is an SSH public key a user signs in to the clinic server with.
type UserKey struct {
	ID          int64
	UserID      int64
	Username    string
	Fingerprint string // SHA256:…, as ssh-keygen -l prints it
	Type        string // ssh-ed25519, ssh-rsa, …
	Key         string // the key as authorized_keys writes it, without options or comment
	Comment     string
	AddedBy     string
	AddedAt     time.Time
	LastUsed    time.Time // zero until it is first used
}
