package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"frontdesk/model"
)

// Categories lists the message categories in their order; retired ones
// too when all is set.
func (s *Store) Categories(ctx context.Context, all bool) ([]model.Category, error) {
	var out []model.Category
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = categories(ctx, tx, all)
		return err
	})
	return out, err
}

func categories(ctx context.Context, tx *sql.Tx, all bool) ([]model.Category, error) {
	q := `SELECT id, name, position, retired FROM categories`
	if !all {
		q += ` WHERE retired = 0`
	}
	rows, err := tx.QueryContext(ctx, q+` ORDER BY position, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.Category
	for rows.Next() {
		var c model.Category
		if err := rows.Scan(&c.ID, &c.Name, &c.Position, &c.Retired); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// categoryByID returns the category with id, retired or not.
func categoryByID(ctx context.Context, tx *sql.Tx, id int64) (model.Category, error) {
	c := model.Category{ID: id}
	err := tx.QueryRowContext(ctx, `SELECT name, position, retired FROM categories WHERE id = ?`, id).
		Scan(&c.Name, &c.Position, &c.Retired)
	if err != nil {
		return c, fmt.Errorf("categories %d: %w", id, mapErr(err))
	}
	return c, nil
}

func categoryProblem(msg string) error {
	return (model.Problems{{Person: -1, Field: model.FieldCategory, Message: msg}}).Err()
}

// SaveCategory adds a category (ID 0, placed last) or renames one, or
// retires or brings one back (needs the routing permission).
func (s *Store) SaveCategory(ctx context.Context, c model.Category) (model.Category, error) {
	c.Name = strings.Join(strings.Fields(c.Name), " ")
	err := s.WithTx(ctx, func(tx *sql.Tx) error {
		if err := authorize(ctx, tx, model.PermRouting); err != nil {
			return err
		}
		if c.Name == "" {
			return categoryProblem("needs a name")
		}
		var err error
		var res sql.Result
		var before model.Fields
		action := "update"
		if c.ID != 0 {
			old, err := categoryByID(ctx, tx, c.ID)
			if err != nil {
				return err
			}
			before = old.AuditFields()
		}
		if c.ID == 0 {
			action = "create"
			if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(position), 0) + 1 FROM categories`).Scan(&c.Position); err != nil {
				return err
			}
			res, err = tx.ExecContext(ctx, `INSERT INTO categories (name, position, retired) VALUES (?, ?, ?)`, c.Name, c.Position, c.Retired)
			if err == nil {
				c.ID, err = res.LastInsertId()
			}
		} else {
			res, err = tx.ExecContext(ctx, `UPDATE categories SET name = ?, retired = ? WHERE id = ?`, c.Name, c.Retired, c.ID)
			if err == nil {
				err = checkRow(ctx, tx, res, "categories", c.ID)
			}
		}
		if err != nil && strings.Contains(err.Error(), "UNIQUE") {
			return categoryProblem("is taken: another category is named " + c.Name)
		}
		if err != nil {
			return err
		}
		if c.Retired {
			action = "retire"
		}
		return auditChange(ctx, tx, action, "category", c.ID, c.Name, before, c.AuditFields())
	})
	return c, err
}

// MoveCategory moves a category one place earlier (by < 0) or later.
func (s *Store) MoveCategory(ctx context.Context, id int64, by int) error {
	return s.WithTx(ctx, func(tx *sql.Tx) error {
		if err := authorize(ctx, tx, model.PermRouting); err != nil {
			return err
		}
		cs, err := categories(ctx, tx, true)
		if err != nil {
			return err
		}
		// It moves past the next category in use: retired ones, not
		// shown, keep their places among the others.
		var inUse []int
		i := -1
		for k, c := range cs {
			if c.ID == id {
				i = len(inUse)
			}
			if !c.Retired || c.ID == id {
				inUse = append(inUse, k)
			}
		}
		if i < 0 {
			return ErrNotFound
		}
		j := i + 1
		if by < 0 {
			j = i - 1
		}
		if j < 0 || j >= len(inUse) {
			return nil
		}
		a, b := inUse[i], inUse[j]
		cs[a], cs[b] = cs[b], cs[a]
		i, j = a, b
		for k, c := range cs {
			if _, err := tx.ExecContext(ctx, `UPDATE categories SET position = ? WHERE id = ?`, k+1, c.ID); err != nil {
				return err
			}
		}
		return audit(ctx, tx, "move", "category", id, fmt.Sprintf("%s to place %d", cs[j].Name, j+1))
	})
}

// Stamp is when a route was last changed, and by whom.
type Stamp struct {
	At time.Time
	By string
}

// Matrix is the routing table: the providers (active ones, and inactive
// ones that still have routes), the categories in use, each cell's
// recipients and its last change, and the staff to name them.
type Matrix struct {
	Providers  []model.User
	Categories []model.Category
	Routes     map[model.Cell][]model.Recipient
	Stamps     map[model.Cell]Stamp
	Dir        model.Directory
}

// Matrix reads the routing table from one snapshot.
func (s *Store) Matrix(ctx context.Context) (Matrix, error) {
	var m Matrix
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		m, err = readMatrix(ctx, tx)
		return err
	})
	return m, err
}

func readMatrix(ctx context.Context, tx *sql.Tx) (Matrix, error) {
	m := Matrix{Routes: map[model.Cell][]model.Recipient{}, Stamps: map[model.Cell]Stamp{}}
	var err error
	if m.Dir, err = directory(ctx, tx); err != nil {
		return m, err
	}
	if m.Categories, err = categories(ctx, tx, false); err != nil {
		return m, err
	}
	if m.Routes, err = routes(ctx, tx); err != nil {
		return m, err
	}
	users, err := listUsers(ctx, tx)
	if err != nil {
		return m, err
	}
	routed := map[int64]bool{}
	for c := range m.Routes {
		routed[c.ProviderID] = true
	}
	for _, u := range users {
		if u.Kind == model.KindProvider && (u.Active || routed[u.ID]) {
			m.Providers = append(m.Providers, u)
		}
	}
	rows, err := tx.QueryContext(ctx, `SELECT provider_id, category_id, changed_at, changed_by FROM route_cells`)
	if err != nil {
		return m, err
	}
	defer rows.Close()
	for rows.Next() {
		var c model.Cell
		var at, by string
		if err := rows.Scan(&c.ProviderID, &c.CategoryID, &at, &by); err != nil {
			return m, err
		}
		t, _ := time.Parse(time.RFC3339Nano, at)
		m.Stamps[c] = Stamp{t, by}
	}
	return m, rows.Err()
}

func routes(ctx context.Context, tx *sql.Tx) (map[model.Cell][]model.Recipient, error) {
	out := map[model.Cell][]model.Recipient{}
	rows, err := tx.QueryContext(ctx, `SELECT provider_id, category_id, IFNULL(user_id, 0), IFNULL(group_id, 0)
		FROM route_recipients ORDER BY provider_id, category_id, position`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var c model.Cell
		var r model.Recipient
		if err := rows.Scan(&c.ProviderID, &c.CategoryID, &r.UserID, &r.GroupID); err != nil {
			return nil, err
		}
		out[c] = append(out[c], r)
	}
	return out, rows.Err()
}

func routeOf(ctx context.Context, tx *sql.Tx, c model.Cell) ([]model.Recipient, error) {
	rows, err := tx.QueryContext(ctx, `SELECT IFNULL(user_id, 0), IFNULL(group_id, 0) FROM route_recipients
		WHERE provider_id = ? AND category_id = ? ORDER BY position`, c.ProviderID, c.CategoryID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.Recipient
	for rows.Next() {
		var r model.Recipient
		if err := rows.Scan(&r.UserID, &r.GroupID); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// routeWriter replaces cells' recipients inside one transaction, with
// its statements prepared once for the many cells of an update.
type routeWriter struct {
	ctx                     context.Context
	dir                     model.Directory
	categories              map[int64]string
	stmts                   prepared
	del, ins, stamp, record *sql.Stmt
	at, auditAt, actor      string
}

func newRouteWriter(ctx context.Context, tx *sql.Tx, d model.Directory) (*routeWriter, error) {
	w := &routeWriter{ctx: ctx, dir: d, categories: map[int64]string{}, at: now(), auditAt: auditTime(ctx), actor: Actor(ctx)}
	cats, err := categories(ctx, tx, true)
	if err != nil {
		return nil, err
	}
	for _, c := range cats {
		w.categories[c.ID] = c.Name
	}
	w.stmts, err = prepare(ctx, tx,
		`DELETE FROM route_recipients WHERE provider_id = ? AND category_id = ?`,
		`INSERT INTO route_recipients (provider_id, category_id, position, user_id, group_id) VALUES (?, ?, ?, ?, ?)`,
		`INSERT INTO route_cells (provider_id, category_id, changed_at, changed_by) VALUES (?, ?, ?, ?)
			ON CONFLICT (provider_id, category_id) DO UPDATE SET changed_at = excluded.changed_at, changed_by = excluded.changed_by`,
		`INSERT INTO audit (at, actor, action, subject, subject_id, detail, before_fields, after_fields)
			VALUES (?, ?, 'route', 'provider', ?, ?, ?, ?)`)
	if err != nil {
		return nil, err
	}
	w.del, w.ins, w.stamp, w.record = w.stmts[0], w.stmts[1], w.stmts[2], w.stmts[3]
	return w, nil
}

// Close frees the statements.
func (w *routeWriter) Close() { w.stmts.Close() }

// prepared are statements prepared on one transaction, for the many rows
// of a bulk write.
type prepared []*sql.Stmt

// prepare prepares each query on tx, in order; when one fails, those
// already prepared are closed.
func prepare(ctx context.Context, tx *sql.Tx, queries ...string) (prepared, error) {
	out := make(prepared, 0, len(queries))
	for _, q := range queries {
		st, err := tx.PrepareContext(ctx, q)
		if err != nil {
			out.Close()
			return nil, err
		}
		out = append(out, st)
	}
	return out, nil
}

// Close frees the statements.
func (p prepared) Close() {
	for _, st := range p {
		st.Close()
	}
}

// write replaces a cell's recipients, stamps it and records the change
// with what it was and what it becomes.
func (w *routeWriter) write(c model.Cell, before, after []model.Recipient) error {
	ctx := w.ctx
	if _, err := w.del.ExecContext(ctx, c.ProviderID, c.CategoryID); err != nil {
		return err
	}
	for i, r := range after {
		if _, err := w.ins.ExecContext(ctx, c.ProviderID, c.CategoryID, i+1, nullID(r.UserID), nullID(r.GroupID)); err != nil {
			return err
		}
	}
	if _, err := w.stamp.ExecContext(ctx, c.ProviderID, c.CategoryID, w.at, w.actor); err != nil {
		return err
	}
	names := func(rs []model.Recipient) string {
		if len(rs) == 0 {
			return "(no route)"
		}
		out := make([]string, len(rs))
		for i, r := range rs {
			out[i] = w.dir.RecipientName(r)
		}
		return strings.Join(out, ", ")
	}
	provider, category := w.dir.Users[c.ProviderID].Name, w.categories[c.CategoryID]
	fields := func(rs []model.Recipient) model.Fields {
		var fs model.Fields
		fs.Add("provider", "Provider", provider)
		fs.Add("category", "Category", category)
		if len(rs) > 0 {
			fs.Add("recipients", "Recipients", names(rs))
		}
		return fs
	}
	b, a, err := auditFields(fields(before), fields(after))
	if err != nil {
		return err
	}
	_, err = w.record.ExecContext(ctx, w.auditAt, w.actor, c.ProviderID, fmt.Sprintf("%s, %s: before %s; after %s",
		provider, category, names(before), names(after)), b, a)
	return err
}

// checkCell refuses a cell whose provider is not a provider or whose
// category does not exist, and recipients that are not users or groups.
func checkCell(ctx context.Context, tx *sql.Tx, d model.Directory, c model.Cell, rs []model.Recipient) error {
	if u, ok := d.Users[c.ProviderID]; !ok || u.Kind != model.KindProvider {
		return fmt.Errorf("user %d is not a provider: %w", c.ProviderID, ErrNotFound)
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM categories WHERE id = ?`, c.CategoryID).Scan(&n); err != nil || n == 0 {
		if err == nil {
			err = fmt.Errorf("category %d: %w", c.CategoryID, ErrNotFound)
		}
		return err
	}
	return checkRecipients(d, rs)
}

// checkRecipients refuses recipients that are not users or groups.
func checkRecipients(d model.Directory, rs []model.Recipient) error {
	for _, r := range rs {
		_, user := d.Users[r.UserID]
		_, group := d.Groups[r.GroupID]
		if (r.UserID != 0) == (r.GroupID != 0) || (r.UserID != 0 && !user) || (r.GroupID != 0 && !group) {
			return fmt.Errorf("recipient %+v: %w", r, ErrNotFound)
		}
	}
	return nil
}

// SetRoute replaces one provider's recipients for one category (needs
// the routing permission).
func (s *Store) SetRoute(ctx context.Context, c model.Cell, rs []model.Recipient) error {
	return s.WithTx(ctx, func(tx *sql.Tx) error {
		if err := authorize(ctx, tx, model.PermRouting); err != nil {
			return err
		}
		d, err := directory(ctx, tx)
		if err != nil {
			return err
		}
		if err := checkCell(ctx, tx, d, c, rs); err != nil {
			return err
		}
		before, err := routeOf(ctx, tx, c)
		if err != nil || (len(before) == len(rs) && sameOrder(before, rs)) {
			return err // nothing changes: nothing is stamped
		}
		w, err := newRouteWriter(ctx, tx, d)
		if err != nil {
			return err
		}
		defer w.Close()
		return w.write(c, before, rs)
	})
}

func sameOrder(a, b []model.Recipient) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// PlanAllProviders lists what applying filled (recipients by category)
// to every provider in the matrix would change, without changing it.
func (s *Store) PlanAllProviders(ctx context.Context, filled map[int64][]model.Recipient) ([]model.CellChange, error) {
	var out []model.CellChange
	err := s.read(ctx, func(tx *sql.Tx) error {
		m, err := readMatrix(ctx, tx)
		if err != nil {
			return err
		}
		out = m.plan(filled)
		return nil
	})
	return out, err
}

func (m Matrix) plan(filled map[int64][]model.Recipient) []model.CellChange {
	providers := make([]int64, 0, len(m.Providers))
	for _, p := range m.Providers {
		if p.Active {
			providers = append(providers, p.ID)
		}
	}
	cats := make([]int64, len(m.Categories))
	for i, c := range m.Categories {
		cats[i] = c.ID
	}
	return model.PlanAllProviders(m.Routes, providers, cats, filled)
}

// ApplyAllProviders replaces, for every active provider, the recipients
// of each category filled in, in one transaction, and returns what it
// changed; blank categories are left as they are.
func (s *Store) ApplyAllProviders(ctx context.Context, filled map[int64][]model.Recipient) ([]model.CellChange, error) {
	var changes []model.CellChange
	err := s.WithTx(ctx, func(tx *sql.Tx) error {
		if err := authorize(ctx, tx, model.PermRouting); err != nil {
			return err
		}
		m, err := readMatrix(ctx, tx)
		if err != nil {
			return err
		}
		if len(m.Providers) == 0 {
			return errNoProviders
		}
		inUse := map[int64]bool{}
		for _, c := range m.Categories {
			inUse[c.ID] = true
		}
		for c, rs := range filled {
			if len(rs) > 0 && !inUse[c] {
				return fmt.Errorf("category %d is not in use: %w", c, ErrNotFound)
			}
			if err := checkRecipients(m.Dir, rs); err != nil {
				return err
			}
		}
		changes = m.plan(filled)
		w, err := newRouteWriter(ctx, tx, m.Dir)
		if err != nil {
			return err
		}
		defer w.Close()
		for _, ch := range changes {
			if err := w.write(ch.Cell, ch.Before, ch.After); err != nil {
				return err
			}
		}
		return nil
	})
	return changes, err
}

// WhoGetsIt returns who a message for the provider and category would go
// to now, and why.
func (s *Store) WhoGetsIt(ctx context.Context, c model.Cell) ([]model.Routed, error) {
	var out []model.Routed
	err := s.read(ctx, func(tx *sql.Tx) error {
		d, err := directory(ctx, tx)
		if err != nil {
			return err
		}
		rs, err := routeOf(ctx, tx, c)
		out = d.Resolve(c.ProviderID, rs)
		return err
	})
	return out, err
}

// errNoProviders is an all-providers update with no provider to apply to.
var errNoProviders = errors.New("there is no provider to route for: add providers on the Staff screen")
