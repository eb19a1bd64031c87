package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"frontdesk/model"
)

// ErrNoUser is an acting user frontdesk does not know.
var ErrNoUser = errors.New("not a frontdesk user")

// UnknownUserError names the login that is not a frontdesk user.
type UnknownUserError struct{ Username string }

func (e *UnknownUserError) Error() string {
	return fmt.Sprintf("%q is not a frontdesk user (or is not active); an admin adds users on the Staff screen", e.Username)
}

func (e *UnknownUserError) Unwrap() error { return ErrNoUser }

// hasAdmin reports whether the database has an active admin. Until it
// has one (a new database, or one from before staff existed) nothing is
// checked: the first user to start frontdesk becomes its admin.
func hasAdmin(ctx context.Context, tx *sql.Tx) (bool, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users u JOIN user_roles r ON r.user_id = u.id
		WHERE r.role = 'admin' AND u.active = 1`).Scan(&n)
	return n > 0, err
}

type ownerKey struct{}

// AsOwner returns a context that acts with the authority of the
// database's owner: the account whose file it is, who could change it
// with any SQLite tool anyway. The server's own command line manages the
// staff with it (the first admin, a lost admin key), whoever the roles
// name. The caller checks that the process owns the database file.
func AsOwner(ctx context.Context) context.Context { return context.WithValue(ctx, ownerKey{}, true) }

func asOwner(ctx context.Context) bool { return ctx.Value(ownerKey{}) == true }

// authorize refuses, inside a write, what the acting user may not do.
func authorize(ctx context.Context, tx *sql.Tx, p model.Permission) error {
	if asOwner(ctx) {
		return nil
	}
	u, checked, err := actingUserTx(ctx, tx)
	if err != nil || !checked {
		return err
	}
	return u.Deny(p)
}

const userColumns = `id, name, username, kind, active, version`

func scanUser(sc interface{ Scan(...any) error }) (model.User, int, error) {
	var u model.User
	var version int
	err := sc.Scan(&u.ID, &u.Name, &u.Username, &u.Kind, &u.Active, &version)
	return u, version, err
}

func userByUsername(ctx context.Context, tx *sql.Tx, username string) (model.User, error) {
	u, _, err := scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE username = ?`,
		strings.ToLower(username)))
	if errors.Is(err, sql.ErrNoRows) {
		return u, ErrNotFound
	}
	if err != nil {
		return u, err
	}
	u.Roles, err = userRoles(ctx, tx, u.ID)
	return u, err
}

func userRoles(ctx context.Context, tx *sql.Tx, id int64) ([]model.Role, error) {
	rows, err := tx.QueryContext(ctx, `SELECT role FROM user_roles WHERE user_id = ?`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.Role
	for rows.Next() {
		var r model.Role
		if err := rows.Scan(&r); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return model.User{Roles: out}.Clean().Roles, rows.Err()
}

// actingUserTx returns the acting user inside a write. checked is false
// on a database without an admin, where nothing is checked; once there is
// one, a login that is not an active user is refused.
func actingUserTx(ctx context.Context, tx *sql.Tx) (u model.User, checked bool, err error) {
	ok, err := hasAdmin(ctx, tx)
	if err != nil || !ok {
		return u, false, err
	}
	u, err = userByUsername(ctx, tx, Actor(ctx))
	if errors.Is(err, ErrNotFound) || (err == nil && !u.Active) {
		return u, true, &UnknownUserError{Actor(ctx)}
	}
	return u, true, err
}

// errNotYours refuses a change to another user's message.
var errNotYours = errors.New("only its recipient (or an admin) may mark or pass on a message")

// ActingUser returns the frontdesk user the context acts for: on a
// database without an admin yet, that user (found, or made, by its login
// name) becomes the first admin, named name. Otherwise a login that is
// not an active user is refused with UnknownUserError.
func (s *Store) ActingUser(ctx context.Context, name string) (model.User, error) {
	var u model.User
	err := s.WithTx(ctx, func(tx *sql.Tx) error {
		var checked bool
		var err error
		if u, checked, err = actingUserTx(ctx, tx); checked || err != nil {
			return err // once there is an admin, the user is who they are
		}
		u, err = userByUsername(ctx, tx, Actor(ctx))
		if err != nil && !errors.Is(err, ErrNotFound) {
			return err
		}
		// The first admin.
		if errors.Is(err, ErrNotFound) {
			if strings.TrimSpace(name) == "" {
				name = Actor(ctx)
			}
			u = model.User{Name: name, Username: Actor(ctx), Kind: model.KindStaff, Active: true}
			if u, err = insertUser(ctx, tx, u); err != nil {
				return err
			}
		}
		before := u.AuditFields() // a user already there, or the one just made
		u.Active = true
		u.Roles = append(u.Roles, model.RoleAdmin)
		if err := saveUserRoles(ctx, tx, u); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET active = 1 WHERE id = ?`, u.ID); err != nil {
			return err
		}
		u = u.Clean()
		return auditChange(ctx, tx, "first admin", "user", u.ID, u.Username, before, u.AuditFields())
	})
	return u, err
}

// SignedIn returns the frontdesk user the context acts for, without
// making anyone admin: the zero User on a database without an admin yet
// (where nothing is checked), UnknownUserError for a login that is not an
// active user.
func (s *Store) SignedIn(ctx context.Context) (model.User, error) {
	var u model.User
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		u, _, err = actingUserTx(ctx, tx)
		return err
	})
	return u, err
}

// User returns the user with id.
func (s *Store) User(ctx context.Context, id int64) (model.User, error) {
	var u model.User
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		u, err = userByID(ctx, tx, id)
		return err
	})
	return u, err
}

// UserByUsername returns the user signing in as username.
func (s *Store) UserByUsername(ctx context.Context, username string) (model.User, error) {
	var u model.User
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		u, err = userByUsername(ctx, tx, username)
		return err
	})
	return u, err
}

// Users lists every user, active or not, by name, with their roles.
func (s *Store) Users(ctx context.Context) ([]model.User, error) {
	var out []model.User
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = listUsers(ctx, tx)
		return err
	})
	return out, err
}

func listUsers(ctx context.Context, tx *sql.Tx) ([]model.User, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+userColumns+` FROM users ORDER BY sort_key, id`)
	if err != nil {
		return nil, err
	}
	var out []model.User
	index := map[int64]int{}
	for rows.Next() {
		u, _, err := scanUser(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		index[u.ID] = len(out)
		out = append(out, u)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rr, err := tx.QueryContext(ctx, `SELECT user_id, role FROM user_roles`)
	if err != nil {
		return nil, err
	}
	defer rr.Close()
	for rr.Next() {
		var id int64
		var r model.Role
		if err := rr.Scan(&id, &r); err != nil {
			return nil, err
		}
		if i, ok := index[id]; ok {
			out[i].Roles = append(out[i].Roles, r)
		}
	}
	for i := range out {
		out[i].Roles = model.User{Roles: out[i].Roles}.Clean().Roles
	}
	return out, rr.Err()
}

// CreateUser adds a user (needs the staff permission).
func (s *Store) CreateUser(ctx context.Context, u model.User) (model.User, error) {
	err := s.WithTx(ctx, func(tx *sql.Tx) error {
		if err := authorize(ctx, tx, model.PermStaff); err != nil {
			return err
		}
		var err error
		u, err = insertUser(ctx, tx, u)
		if err != nil {
			return err
		}
		return saveUserRoles(ctx, tx, u)
	})
	return u, err
}

func insertUser(ctx context.Context, tx *sql.Tx, u model.User) (model.User, error) {
	u = u.Clean()
	if err := u.Validate().Err(); err != nil {
		return u, err
	}
	t := now()
	res, err := tx.ExecContext(ctx, `INSERT INTO users (name, username, kind, active, sort_key, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, 1, ?, ?)`, u.Name, u.Username, u.Kind, u.Active, model.Fold(u.Name), t, t)
	if err != nil {
		return u, usernameTaken(err, u.Username)
	}
	if u.ID, err = res.LastInsertId(); err != nil {
		return u, err
	}
	return u, auditChange(ctx, tx, "create", "user", u.ID, u.Username+" ("+u.Name+")", nil, u.AuditFields())
}

func usernameTaken(err error, username string) error {
	if err != nil && strings.Contains(err.Error(), "UNIQUE") {
		return (model.Problems{{Person: -1, Field: model.FieldUsername, Message: "is taken: " + username + " is another user's"}}).Err()
	}
	return err
}

func saveUserRoles(ctx context.Context, tx *sql.Tx, u model.User) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM user_roles WHERE user_id = ?`, u.ID); err != nil {
		return err
	}
	for _, r := range u.Clean().Roles {
		if _, err := tx.ExecContext(ctx, `INSERT INTO user_roles (user_id, role) VALUES (?, ?)`, u.ID, r); err != nil {
			return err
		}
	}
	return nil
}

// UpdateUser saves u (its name, login, kind, whether active, its roles).
// The last active admin keeps the admin role and stays active.
func (s *Store) UpdateUser(ctx context.Context, u model.User) (model.User, error) {
	u = u.Clean()
	err := s.WithTx(ctx, func(tx *sql.Tx) error {
		if err := authorize(ctx, tx, model.PermStaff); err != nil {
			return err
		}
		if err := u.Validate().Err(); err != nil {
			return err
		}
		before, err := userByID(ctx, tx, u.ID)
		if err != nil {
			return fmt.Errorf("users %d: %w", u.ID, err)
		}
		res, err := tx.ExecContext(ctx, `UPDATE users SET name = ?, username = ?, kind = ?, active = ?, sort_key = ?,
			version = version + 1, updated_at = ? WHERE id = ?`, u.Name, u.Username, u.Kind, u.Active, model.Fold(u.Name), now(), u.ID)
		if err != nil {
			return usernameTaken(err, u.Username)
		}
		if err := checkRow(ctx, tx, res, "users", u.ID); err != nil {
			return err
		}
		if err := saveUserRoles(ctx, tx, u); err != nil {
			return err
		}
		// The patients' charts name their provider as the user is named now.
		if _, err := tx.ExecContext(ctx, `UPDATE patients SET provider = ? WHERE provider_id = ?`, u.Name, u.ID); err != nil {
			return err
		}
		if ok, err := hasAdmin(ctx, tx); err != nil || !ok {
			if err == nil {
				err = (model.Problems{{Person: -1, Field: model.FieldRoles,
					Message: "keeps admin: " + u.Name + " is the last active admin, and someone must be able to manage the staff"}}).Err()
			}
			return err
		}
		return auditChange(ctx, tx, "update", "user", u.ID, fmt.Sprintf("%s (%s): %s, active %v, roles %v", u.Username, u.Name, u.Kind, u.Active, u.Roles),
			before.AuditFields(), u.AuditFields())
	})
	return u, err
}

// Groups lists the staff groups by name, with their members.
func (s *Store) Groups(ctx context.Context) ([]model.StaffGroup, error) {
	var out []model.StaffGroup
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = listGroups(ctx, tx)
		return err
	})
	return out, err
}

func listGroups(ctx context.Context, tx *sql.Tx) ([]model.StaffGroup, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, name FROM staff_groups ORDER BY name COLLATE NOCASE, id`)
	if err != nil {
		return nil, err
	}
	var out []model.StaffGroup
	index := map[int64]int{}
	for rows.Next() {
		var g model.StaffGroup
		if err := rows.Scan(&g.ID, &g.Name); err != nil {
			rows.Close()
			return nil, err
		}
		index[g.ID] = len(out)
		out = append(out, g)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	mr, err := tx.QueryContext(ctx, `SELECT m.group_id, m.user_id FROM group_members m JOIN users u ON u.id = m.user_id
		ORDER BY u.sort_key, u.id`)
	if err != nil {
		return nil, err
	}
	defer mr.Close()
	for mr.Next() {
		var g, u int64
		if err := mr.Scan(&g, &u); err != nil {
			return nil, err
		}
		if i, ok := index[g]; ok {
			out[i].Members = append(out[i].Members, u)
		}
	}
	return out, mr.Err()
}

// SaveGroup creates a staff group (ID 0) or renames one and sets its
// members.
func (s *Store) SaveGroup(ctx context.Context, g model.StaffGroup) (model.StaffGroup, error) {
	g.Name = strings.Join(strings.Fields(g.Name), " ")
	err := s.WithTx(ctx, func(tx *sql.Tx) error {
		if err := authorize(ctx, tx, model.PermStaff); err != nil {
			return err
		}
		if g.Name == "" {
			return (model.Problems{{Person: -1, Field: model.FieldName, Message: "is required"}}).Err()
		}
		t := now()
		action := "update"
		var before model.Fields
		if g.ID != 0 {
			var err error
			if before, err = groupFields(ctx, tx, g.ID); err != nil {
				return err
			}
		}
		if g.ID == 0 {
			res, err := tx.ExecContext(ctx, `INSERT INTO staff_groups (name, created_at, updated_at) VALUES (?, ?, ?)`, g.Name, t, t)
			if err != nil {
				return groupTaken(err, g.Name)
			}
			if g.ID, err = res.LastInsertId(); err != nil {
				return err
			}
			action = "create"
		} else {
			res, err := tx.ExecContext(ctx, `UPDATE staff_groups SET name = ?, updated_at = ? WHERE id = ?`, g.Name, t, g.ID)
			if err != nil {
				return groupTaken(err, g.Name)
			}
			if err := checkRow(ctx, tx, res, "staff_groups", g.ID); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM group_members WHERE group_id = ?`, g.ID); err != nil {
			return err
		}
		seen := map[int64]bool{}
		var names []string
		for _, m := range g.Members {
			if seen[m] {
				continue
			}
			seen[m] = true
			if _, err := tx.ExecContext(ctx, `INSERT INTO group_members (group_id, user_id) VALUES (?, ?)`, g.ID, m); err != nil {
				return err
			}
			names = append(names, strconv.FormatInt(m, 10))
		}
		after, err := groupFields(ctx, tx, g.ID)
		if err != nil {
			return err
		}
		return auditChange(ctx, tx, action, "group", g.ID, g.Name+": members "+strings.Join(names, ", "), before, after)
	})
	return g, err
}

// groupFields are a staff group's fields for the audit log, as saved: its
// name and its members by name.
func groupFields(ctx context.Context, tx *sql.Tx, id int64) (model.Fields, error) {
	var name string
	if err := tx.QueryRowContext(ctx, `SELECT name FROM staff_groups WHERE id = ?`, id).Scan(&name); err != nil {
		return nil, fmt.Errorf("staff_groups %d: %w", id, mapErr(err))
	}
	rows, err := tx.QueryContext(ctx, `SELECT u.name FROM group_members m JOIN users u ON u.id = m.user_id
		WHERE m.group_id = ? ORDER BY u.sort_key, u.id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var members []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		members = append(members, n)
	}
	var fs model.Fields
	fs.Add("name", "Name", name)
	fs.Add("members", "Members", strings.Join(members, ", "))
	return fs, rows.Err()
}

// userByID returns the user with id, with its roles.
func userByID(ctx context.Context, tx *sql.Tx, id int64) (model.User, error) {
	u, _, err := scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, id))
	if err != nil {
		return u, mapErr(err)
	}
	u.Roles, err = userRoles(ctx, tx, id)
	return u, err
}

func groupTaken(err error, name string) error {
	if err != nil && strings.Contains(err.Error(), "UNIQUE") {
		return (model.Problems{{Person: -1, Field: model.FieldName, Message: "is taken: another group is named " + name}}).Err()
	}
	return err
}

// Directory reads every user and group, as routing needs them.
func (s *Store) Directory(ctx context.Context) (model.Directory, error) {
	var d model.Directory
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		d, err = directory(ctx, tx)
		return err
	})
	return d, err
}

func directory(ctx context.Context, tx *sql.Tx) (model.Directory, error) {
	d := model.Directory{Users: map[int64]model.User{}, Groups: map[int64]model.StaffGroup{}}
	users, err := listUsers(ctx, tx)
	if err != nil {
		return d, err
	}
	for _, u := range users {
		d.Users[u.ID] = u
	}
	groups, err := listGroups(ctx, tx)
	for _, g := range groups {
		d.Groups[g.ID] = g
	}
	return d, err
}

// providerFor returns the provider user named name (ignoring case and
// accents), making one when there is none: active, for someone who may
// edit the staff; without sign-in, in an import (see providerCache).
func providerFor(ctx context.Context, tx *sql.Tx, name string) (int64, error) {
	name = strings.Join(strings.Fields(name), " ")
	if name == "" {
		return 0, nil
	}
	key := nameKey(name)
	cache, bulk := ctx.Value(providerCacheKey{}).(*providerCache)
	if bulk {
		if id, ok := cache.ids[key]; ok {
			return id, nil
		}
	}
	id, made, err := findOrMakeProvider(ctx, tx, name, key, bulk)
	if err == nil && bulk {
		cache.ids[key] = id
		if made {
			cache.made = append(cache.made, name)
			_, err = tx.ExecContext(ctx, `UPDATE users SET batch_id = ? WHERE id = ?`, nullID(cache.batch), id)
		}
	}
	return id, err
}

// providerCacheKey holds, in a context, the providerCache of one bulk
// write (an import).
type providerCacheKey struct{}

// providerCache is what a bulk write found and made of providers. A name
// that is no user's becomes a provider without sign-in (inactive, no
// role), whoever imports: a file of patients never makes a login that
// nobody asked for, and an inactive provider gives nobody anything until
// an admin activates it on the Staff screen (its patients' messages go to
// the admins meanwhile).
type providerCache struct {
	batch int64            // the import's batch, which the providers made point back to
	ids   map[string]int64 // by nameKey
	made  []string         // the names of the providers made, in order
}

func withProviderCache(ctx context.Context) (context.Context, *providerCache) {
	c := &providerCache{ids: map[string]int64{}}
	return context.WithValue(ctx, providerCacheKey{}, c), c
}

func findOrMakeProvider(ctx context.Context, tx *sql.Tx, name, key string, bulk bool) (id int64, made bool, err error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, name FROM users ORDER BY kind = 'provider' DESC, id`)
	if err != nil {
		return 0, false, err
	}
	for rows.Next() && id == 0 {
		var uid int64
		var n string
		if err := rows.Scan(&uid, &n); err != nil {
			rows.Close()
			return 0, false, err
		}
		if nameKey(n) == key {
			id = uid
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil || id != 0 {
		return id, false, err
	}
	// Making a user who can sign in takes the staff permission, once there
	// is an admin.
	if !bulk {
		if ok, err := hasAdmin(ctx, tx); err != nil {
			return 0, false, err
		} else if ok && authorize(ctx, tx, model.PermStaff) != nil {
			return 0, false, (model.Problems{{Person: -1, Field: model.FieldProvider,
				Message: "names no provider: choose one of the Staff screen's providers, or ask an admin to add " + name}}).Err()
		}
	}
	base := model.UsernameFor(name)
	username := base
	for n := 2; ; n++ {
		var taken int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE username = ?`, username).Scan(&taken); err != nil {
			return 0, false, err
		}
		if taken == 0 {
			break
		}
		username = base + strconv.Itoa(n)
	}
	u, err := insertUser(ctx, tx, model.User{Name: name, Username: username, Kind: model.KindProvider, Active: !bulk})
	return u.ID, err == nil, err
}

// nameKey is a person's name as matching compares it (model.NameKey).
func nameKey(name string) string { return model.NameKey(name) }

// linkProviders turns the patients' provider names into provider users:
// matched by name, or made.
func linkProviders(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT provider FROM patients WHERE provider <> '' AND provider_id IS NULL`)
	if err != nil {
		return err
	}
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return err
		}
		names = append(names, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, n := range names {
		id, err := providerFor(ctx, tx, n)
		if err != nil {
			return fmt.Errorf("the provider %q: %w", n, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE patients SET provider_id = ? WHERE provider = ? AND provider_id IS NULL`, id, n); err != nil {
			return err
		}
	}
	return nil
}
