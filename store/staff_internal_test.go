package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"frontdesk/model"
)

// The migration's step: provider names on charts from before users
// existed become provider users, one per name however it is spelled,
// matched to a user already there.
func TestLinkProvidersOfOldCharts(t *testing.T) {
	s, err := Open(t.Context(), filepath.Join(t.TempDir(), "old.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := WithActor(t.Context(), "x")
	chen, err := s.CreateUser(ctx, model.User{Name: "Li Chen", Username: "lchen", Kind: model.KindProvider, Active: true})
	if err != nil {
		t.Fatal(err)
	}
	// Charts as an older frontdesk wrote them: a name, no link.
	err = s.WithTx(ctx, func(tx *sql.Tx) error {
		for i, name := range []string{"Dr. Ana Ruiz", "dr ana ruiz", "Li Chen", "Ana Ruiz", ""} {
			if _, err := tx.ExecContext(ctx, `INSERT INTO patients (first_name, last_name, birth_date, chart, provider, version,
				created_at, updated_at, sort_key, search) VALUES ('A', 'B', '', ?, ?, 1, '', '', '', '')`, "C-"+string(rune('0'+i)), name); err != nil {
				return err
			}
		}
		return linkProviders(ctx, tx)
	})
	if err != nil {
		t.Fatal(err)
	}
	links := map[string]int64{}
	s.read(context.Background(), func(tx *sql.Tx) error {
		rows, _ := tx.Query(`SELECT chart, IFNULL(provider_id, 0) FROM patients`)
		defer rows.Close()
		for rows.Next() {
			var c string
			var id int64
			rows.Scan(&c, &id)
			links[c] = id
		}
		return nil
	})
	if links["C-2"] != chen.ID || links["C-4"] != 0 || links["C-0"] == 0 || links["C-0"] != links["C-1"] || links["C-3"] == links["C-0"] {
		t.Errorf("links: %v (chen %d)", links, chen.ID)
	}
	users, _ := s.Users(ctx)
	if len(users) != 3 {
		t.Errorf("users: %+v", users)
	}
}
