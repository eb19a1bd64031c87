// Package export writes the contact book as CSV, JSON or vCard, in shapes that
// the import reads back (the README's "Command line").
package export

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"

	"frontdesk/model"
	"frontdesk/store"
)

// Columns are the CSV columns: the import fields, one row per entity.
func Columns() []string {
	cols := []string{string(model.FieldGroup), string(model.FieldFax)}
	for _, f := range model.EntityFields {
		cols = append(cols, string(f.Key))
	}
	return cols
}

// CSV writes every contact to w, one row per entity, with a header row. A
// group's rows carry its name in the group column, which is how the import
// puts them back together. It returns the number of contacts written.
func CSV(ctx context.Context, w io.Writer, st *store.Store) (int, error) {
	cw := csv.NewWriter(w)
	if err := cw.Write(Columns()); err != nil {
		return 0, err
	}
	n := 0
	rec := make([]string, 0, len(model.EntityFields)+2)
	err := st.EachContact(ctx, func(c model.Contact) error {
		n++
		for _, e := range c.Entities {
			rec = append(rec[:0], model.FormulaSafe(c.GroupName), model.FormulaSafe(c.Fax))
			for _, f := range model.EntityFields {
				rec = append(rec, model.FormulaSafe(f.Get(e)))
			}
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return n, err
	}
	cw.Flush()
	return n, cw.Error()
}

// Contact is the JSON shape of one contact.
type Contact struct {
	ID        int64    `json:"id"`
	Kind      string   `json:"kind"`
	GroupName string   `json:"group_name"`
	Fax       string   `json:"fax"`
	Entities  []Entity `json:"entities"`
}

// Entity is the JSON shape of one entity: every field of the import.
type Entity struct {
	FirstName    string `json:"first_name"`
	LastName     string `json:"last_name"`
	Name         string `json:"name"`
	Title        string `json:"title"`
	Organization string `json:"organization"`
	Specialty    string `json:"specialty"`
	Phone        string `json:"phone"`
	Mobile       string `json:"mobile"`
	Email        string `json:"email"`
	Address      string `json:"address"`
	City         string `json:"city"`
	Region       string `json:"region"`
	PostalCode   string `json:"postal_code"`
	Country      string `json:"country"`
	Notes        string `json:"notes"`
}

// JSON writes every contact to w as one JSON array, streamed a contact at a
// time. It returns the number of contacts written.
func JSON(ctx context.Context, w io.Writer, st *store.Store) (int, error) {
	bw := bufio.NewWriter(w)
	n := 0
	bw.WriteString("[")
	err := st.EachContact(ctx, func(c model.Contact) error {
		out := Contact{ID: c.ID, Kind: string(c.Kind), GroupName: c.GroupName, Fax: c.Fax, Entities: make([]Entity, len(c.Entities))}
		for i, e := range c.Entities {
			out.Entities[i] = Entity{e.FirstName, e.LastName, e.Name, e.Title, e.Organization, e.Specialty, e.Phone,
				e.Mobile, e.Email, e.Address, e.City, e.Region, e.PostalCode, e.Country, e.Notes}
		}
		b, err := json.Marshal(out)
		if err != nil {
			return err
		}
		if n > 0 {
			bw.WriteString(",")
		}
		bw.WriteString("\n  ")
		n++
		_, err = bw.Write(b)
		return err
	})
	if err != nil {
		return n, err
	}
	if n > 0 {
		bw.WriteString("\n")
	}
	bw.WriteString("]\n")
	return n, bw.Flush()
}

// Write writes every contact in format ("csv", "json" or "vcard").
func Write(ctx context.Context, w io.Writer, st *store.Store, format string) (int, error) {
	switch format {
	case "csv":
		return CSV(ctx, w, st)
	case "json":
		return JSON(ctx, w, st)
	case "vcard":
		return VCard(ctx, w, st)
	}
	return 0, fmt.Errorf("unknown format %q: use csv, json or vcard", format)
}
